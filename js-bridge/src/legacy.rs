//! WebIDL's legacy platform objects
//! (<https://webidl.spec.whatwg.org/#es-legacy-platform-objects>): objects
//! with indexed or named properties (`NodeList`, `HTMLCollection`,
//! `DOMTokenList`, `NamedNodeMap`, `DOMStringMap`, `CSSStyleDeclaration`,
//! `Storage`), as objects of one raw QuickJS class whose exotic methods
//! are WebIDL's internal methods.
//!
//! QuickJS looks in an object's ordinary properties first and asks the
//! exotic `get_own_property` only for a key the object does not hold
//! itself, then goes on up the prototype chain; it asks `define_own_property`
//! only to create a property, and `delete_property` only for a key it does
//! not hold. That is the order WebIDL's algorithms need: an expando
//! shadows a named property (named property visibility), and the
//! interface's accessors and methods are found on the prototype and
//! called with the object as `this`. `[[Set]]` is WebIDL's: a named
//! setter when the object is the receiver, else OrdinarySet with the own
//! descriptor that ignores named properties (so an object inheriting from
//! an `HTMLCollection` takes an expando of a name the collection has, and
//! a prototype's accessor never sees a `Storage` item's write). rquickjs's exotic
//! classes cannot say this (they answer whole lookups and never see a
//! `defineProperty`), so the class is registered here directly.
//!
//! One difference QuickJS imposes: `Object.getOwnPropertyNames` lists an
//! object's expandos before its indices and names (WebIDL: after).

use std::any::Any;
use std::ffi::{CStr, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use rquickjs::{Ctx, Exception, Object, Value, qjs};

use crate::native_class::{RawClass, known_raw_class_id, register_raw_class};

type Res<T> = rquickjs::Result<T>;

/// The flags of a supported index's property: read-only (none of ours has
/// an indexed setter), enumerable, configurable.
pub(crate) const INDEXED: c_int = (qjs::JS_PROP_ENUMERABLE | qjs::JS_PROP_CONFIGURABLE) as c_int;
/// A named property of an interface with no named setter and
/// `[LegacyUnenumerableNamedProperties]` (`HTMLCollection`, `NamedNodeMap`).
pub(crate) const NAMED_READ_ONLY: c_int = qjs::JS_PROP_CONFIGURABLE as c_int;
/// A named property of an interface with a named setter (`DOMStringMap`,
/// `Storage`): writable, enumerable, configurable.
pub(crate) const NAMED_WRITABLE: c_int =
    (qjs::JS_PROP_CONFIGURABLE | qjs::JS_PROP_WRITABLE | qjs::JS_PROP_ENUMERABLE) as c_int;

/// What `[[DefineOwnProperty]]`'s platform steps decided.
pub(crate) enum Define {
    /// Return false (a `TypeError` from `Object.defineProperty` or a
    /// strict-mode write).
    Refuse,
    /// A named setter took the value: return true.
    Done,
    /// OrdinaryDefineOwnProperty: an expando.
    Ordinary,
}

/// A key of `[[OwnPropertyKeys]]`.
pub(crate) enum OwnKey {
    Index(u32),
    Name(String),
}

/// A property key as QuickJS gives it (a raw atom), read only as far as
/// the object needs.
#[derive(Clone, Copy)]
pub(crate) struct Prop(qjs::JSAtom);

/// QuickJS tags an atom that is an array index below 2^31 with this bit.
const TAGGED_INT: u32 = 1 << 31;

impl Prop {
    /// The index, for an array index below 2^31 (QuickJS's tagged atoms;
    /// no object has as many entries as a larger index).
    pub(crate) fn index(self) -> Option<u32> {
        (self.0 & TAGGED_INT != 0).then_some(self.0 & !TAGGED_INT)
    }

    /// The string the key is (an index as its decimal), or none for a
    /// symbol.
    pub(crate) fn string(self, ctx: &Ctx<'_>) -> Res<Option<String>> {
        let raw = ctx.as_raw().as_ptr();
        // SAFETY: a live context; `JS_AtomToValue` gives a new reference,
        // owned by the `Value` made of it.
        #[allow(unsafe_code, reason = "reading a raw atom; see SAFETY")]
        let v = unsafe { Value::from_raw(ctx.clone(), qjs::JS_AtomToValue(raw, self.0)) };
        if v.is_exception() {
            return Err(rquickjs::Error::Exception);
        }
        if !v.is_string() {
            return Ok(None);
        }
        crate::idl::string(ctx, v).map(Some)
    }

    /// Whether an object on `obj`'s prototype chain has this property
    /// (named property visibility's last step).
    pub(crate) fn inherited(self, ctx: &Ctx<'_>, obj: &Value<'_>) -> Res<bool> {
        let raw = ctx.as_raw().as_ptr();
        // SAFETY: a live context and object; the prototype is a new
        // reference, freed here.
        #[allow(unsafe_code, reason = "a raw prototype lookup; see SAFETY")]
        unsafe {
            let proto = qjs::JS_GetPrototype(raw, obj.as_raw());
            if qjs::JS_IsException(proto) {
                return Err(rquickjs::Error::Exception);
            }
            let found = if qjs::JS_IsObject(proto) {
                qjs::JS_HasProperty(raw, proto, self.0)
            } else {
                0
            };
            qjs::JS_FreeValue(raw, proto);
            match found {
                n if n < 0 => Err(rquickjs::Error::Exception),
                n => Ok(n > 0),
            }
        }
    }
}

/// A legacy platform object's data: its internal methods' platform steps.
pub(crate) trait Platform: Any {
    /// `[[GetOwnProperty]]` for a key the object holds no ordinary
    /// property of: a supported index, or a supported name that named
    /// property visibility shows; its value and flags.
    fn get_own<'js>(
        &self,
        ctx: &Ctx<'js>,
        obj: &Value<'js>,
        prop: Prop,
    ) -> Res<Option<(Value<'js>, c_int)>>;

    /// `[[DefineOwnProperty]]`'s steps 1-2 for a key the object holds no
    /// ordinary property of and no named setter takes (an interface
    /// without named properties: ordinary).
    fn define<'js>(&self, _ctx: &Ctx<'js>, _prop: Prop) -> Res<Define> {
        Ok(Define::Ordinary)
    }

    /// `[[Delete]]` for a key the object holds no ordinary property of.
    fn delete<'js>(&self, ctx: &Ctx<'js>, obj: &Value<'js>, prop: Prop) -> Res<bool>;

    /// The supported indices and visible names, in order, each with
    /// whether it is enumerable.
    fn own_keys<'js>(&self, ctx: &Ctx<'js>, obj: &Value<'js>) -> Res<Vec<(OwnKey, bool)>>;

    /// Whether the interface has a named property setter.
    fn has_named_setter(&self) -> bool {
        false
    }

    /// The named setter: item `name` set to `value` (already a DOMString).
    fn set_named(&self, _ctx: &Ctx<'_>, _name: &str, _value: &str) -> Res<()> {
        Ok(())
    }

    /// Whether the interface has indexed properties (else an index is a
    /// name like any other string).
    fn indexed(&self) -> bool {
        true
    }

    /// Whether a key that is no index below 2^31 can be an own property
    /// (an interface with named properties); when not, such a lookup is
    /// answered without entering the engine's API.
    fn has_names(&self) -> bool {
        true
    }

    /// The value of index `i` if the object keeps it (a raw reference
    /// the object owns): a lookup answered without entering the engine's
    /// API.
    fn kept(&self, _i: u32) -> Option<qjs::JSValue> {
        None
    }

    /// The length of a list whose length never changes (a static
    /// `NodeList`): `length` answered without entering the engine's API.
    fn fixed_length(&self) -> Option<u32> {
        None
    }

    /// Mark the JS values the data holds (QuickJS's cycle collector).
    fn mark(&self, _rt: *mut qjs::JSRuntime, _mark: qjs::JS_MarkFunc) {}

    /// Free the JS values the data holds (the object is being finalized).
    fn release(&self, _rt: *mut qjs::JSRuntime) {}
}

static EXOTIC: qjs::JSClassExoticMethods = qjs::JSClassExoticMethods {
    get_own_property: Some(get_own_property),
    get_own_property_names: Some(get_own_property_names),
    delete_property: Some(delete_property),
    define_own_property: Some(define_own_property),
    has_property: None,
    get_property: None,
    set_property: Some(set_property),
};

const CLASS_NAME: &CStr = c"LegacyPlatformObject";

/// The class ID, registered in `ctx`'s runtime.
fn class_id(ctx: &Ctx<'_>) -> Res<qjs::JSClassID> {
    register_raw_class(
        ctx,
        RawClass::LegacyPlatformObject,
        CLASS_NAME,
        Some(finalizer),
        Some(gc_mark),
        &EXOTIC,
    )
}

/// What an object's opaque points to.
type Slot = Box<dyn Platform>;

/// A new legacy platform object of `data`, inheriting from `proto` (its
/// interface prototype).
pub(crate) fn object<'js>(
    ctx: &Ctx<'js>,
    proto: &Object<'js>,
    data: Box<dyn Platform>,
) -> Res<Value<'js>> {
    let id = class_id(ctx)?;
    let raw = ctx.as_raw().as_ptr();
    let slot: *mut Slot = Box::into_raw(Box::new(data));
    // SAFETY: a new object of the registered class; the box is its
    // opaque, freed by `finalizer`; the value is owned and handed to
    // `Value::from_raw` once.
    #[allow(unsafe_code, reason = "a raw QuickJS class's object; see SAFETY")]
    unsafe {
        let obj = qjs::JS_NewObjectProtoClass(raw, proto.as_raw(), id);
        if qjs::JS_IsException(obj) {
            drop(Box::from_raw(slot));
            return Err(rquickjs::Error::Exception);
        }
        qjs::JS_SetOpaque(obj, slot.cast());
        Ok(Value::from_raw(ctx.clone(), obj))
    }
}

/// The data of `v` if it is a legacy platform object of data type `T`.
pub(crate) fn data_of<'a, T: Platform>(v: &'a Value<'_>) -> Option<&'a T> {
    slot(v.as_raw()).and_then(|s| (s as &dyn Any).downcast_ref::<T>())
}

/// The data of a raw object of the class (alive while the object is).
fn slot<'a>(obj: qjs::JSValue) -> Option<&'a dyn Platform> {
    let id = known_raw_class_id(RawClass::LegacyPlatformObject);
    if id == 0 {
        return None;
    }
    // SAFETY: the opaque of an object of this class is the `Slot` box
    // `object` made, freed only by the finalizer.
    #[allow(unsafe_code, reason = "reading the opaque; see SAFETY")]
    unsafe {
        let p = qjs::JS_GetOpaque(obj, id).cast::<Slot>();
        p.as_ref().map(|b| &**b)
    }
}

extern "C" fn finalizer(rt: *mut qjs::JSRuntime, obj: qjs::JSValue) {
    let id = known_raw_class_id(RawClass::LegacyPlatformObject);
    // SAFETY: as `slot`; the box is freed here, once.
    #[allow(unsafe_code, reason = "freeing the opaque; see SAFETY")]
    unsafe {
        let p = qjs::JS_GetOpaque(obj, id).cast::<Slot>();
        if !p.is_null() {
            let data = Box::from_raw(p);
            data.release(rt);
        }
    }
}

extern "C" fn gc_mark(rt: *mut qjs::JSRuntime, obj: qjs::JSValue, mark: qjs::JS_MarkFunc) {
    if let Some(data) = slot(obj) {
        data.mark(rt, mark);
    }
}

/// Run an exotic method's body on the object's data with an rquickjs
/// context: its result, or -1 with an exception pending (a Rust error
/// becomes a `TypeError`, a panic an `InternalError`).
fn hook(
    ctx: *mut qjs::JSContext,
    obj: qjs::JSValue,
    body: impl for<'js> FnOnce(&Ctx<'js>, &dyn Platform, &Value<'js>) -> Res<c_int>,
) -> c_int {
    let Some(ctx_ptr) = NonNull::new(ctx) else {
        return -1;
    };
    let Some(data) = slot(obj) else {
        return 0;
    };
    // SAFETY: QuickJS calls an exotic method with a live context and a
    // live object (borrowed: the `Value` made of it takes a reference of
    // its own).
    #[allow(unsafe_code, reason = "a QuickJS exotic method; see SAFETY")]
    let (c, this) = unsafe {
        let c = Ctx::from_raw(ctx_ptr);
        let this = Value::from_raw(c.clone(), qjs::JS_DupValue(ctx, obj));
        (c, this)
    };
    match catch_unwind(AssertUnwindSafe(|| body(&c, data, &this))) {
        Ok(Ok(n)) => n,
        Ok(Err(rquickjs::Error::Exception)) => -1,
        Ok(Err(e)) => {
            let _ = Exception::throw_type(&c, &e.to_string());
            -1
        }
        Err(_) => {
            let _ = Exception::throw_internal(&c, "ecsdom: a platform object's hook failed");
            -1
        }
    }
}

/// Move a value into a raw reference QuickJS will own.
fn into_raw(ctx: &Ctx<'_>, v: Value<'_>) -> qjs::JSValue {
    let raw = v.as_raw();
    // SAFETY: `v` is alive; the duplicate outlives its drop.
    #[allow(unsafe_code, reason = "handing a value to QuickJS; see SAFETY")]
    unsafe {
        qjs::JS_DupValue(ctx.as_raw().as_ptr(), raw)
    }
}

extern "C" fn get_own_property(
    ctx: *mut qjs::JSContext,
    desc: *mut qjs::JSPropertyDescriptor,
    obj: qjs::JSValue,
    prop: qjs::JSAtom,
) -> c_int {
    if let Some(data) = slot(obj) {
        match Prop(prop).index() {
            Some(i) => {
                if let Some(v) = data.kept(i) {
                    if !desc.is_null() {
                        // SAFETY: QuickJS gave a descriptor to fill and
                        // owns the duplicate it gets.
                        #[allow(unsafe_code, reason = "filling QuickJS's descriptor; see SAFETY")]
                        unsafe {
                            (*desc).flags = INDEXED;
                            (*desc).value = qjs::JS_DupValue(ctx, v);
                            (*desc).getter = qjs::JS_UNDEFINED;
                            (*desc).setter = qjs::JS_UNDEFINED;
                        }
                    }
                    return 1;
                }
            }
            None if !data.has_names() => return 0,
            None => {}
        }
    }
    hook(ctx, obj, |c, data, this| {
        let Some((value, flags)) = data.get_own(c, this, Prop(prop))? else {
            return Ok(0);
        };
        if !desc.is_null() {
            // SAFETY: QuickJS gave a descriptor to fill; it owns the value
            // it gets.
            #[allow(unsafe_code, reason = "filling QuickJS's descriptor; see SAFETY")]
            unsafe {
                (*desc).flags = flags;
                (*desc).value = into_raw(c, value);
                (*desc).getter = qjs::JS_UNDEFINED;
                (*desc).setter = qjs::JS_UNDEFINED;
            }
        }
        Ok(1)
    })
}

extern "C" fn define_own_property(
    ctx: *mut qjs::JSContext,
    obj: qjs::JSValue,
    prop: qjs::JSAtom,
    val: qjs::JSValue,
    getter: qjs::JSValue,
    setter: qjs::JSValue,
    flags: c_int,
) -> c_int {
    hook(ctx, obj, |c, data, _this| {
        let data_descriptor =
            flags & (qjs::JS_PROP_HAS_VALUE | qjs::JS_PROP_HAS_WRITABLE) as c_int != 0;
        // SAFETY: `val` is lent for the call; the `Value` takes a
        // reference of its own.
        #[allow(unsafe_code, reason = "borrowing QuickJS's value; see SAFETY")]
        let value = data_descriptor
            .then(|| unsafe { Value::from_raw(c.clone(), qjs::JS_DupValue(ctx, val)) });
        // A named setter takes a data descriptor's value and refuses any
        // other descriptor; without one, the interface decides.
        let decided = match value {
            Some(v) if named_set(c, data, Prop(prop), &v)? => Define::Done,
            None if data.has_named_setter() && Prop(prop).string(c)?.is_some() => Define::Refuse,
            _ => data.define(c, Prop(prop))?,
        };
        match decided {
            Define::Done => Ok(1),
            Define::Refuse => refuse(c, prop, flags),
            // SAFETY: the arguments QuickJS lent, passed on as lent.
            #[allow(unsafe_code, reason = "the ordinary definition; see SAFETY")]
            Define::Ordinary => Ok(unsafe {
                qjs::JS_DefineProperty(
                    ctx,
                    obj,
                    prop,
                    val,
                    getter,
                    setter,
                    flags | qjs::JS_PROP_NO_EXOTIC as c_int,
                )
            }),
        }
    })
}

/// `[[DefineOwnProperty]]` returned false: QuickJS's caller throws a
/// `TypeError` when it asked for one (`Object.defineProperty`), or a
/// strict-mode write does; otherwise false. (QuickJS does not export its
/// strict-mode test: an ordinary definition on a non-extensible object,
/// with the same flags, answers it.)
fn refuse(ctx: &Ctx<'_>, prop: qjs::JSAtom, flags: c_int) -> Res<c_int> {
    let throw = || {
        let name = Prop(prop).string(ctx).ok().flatten().unwrap_or_default();
        Exception::throw_type(
            ctx,
            &format!("Cannot define property '{name}' of a platform object"),
        )
    };
    if flags & qjs::JS_PROP_THROW as c_int != 0 {
        return Err(throw());
    }
    if flags & qjs::JS_PROP_THROW_STRICT as c_int == 0 {
        return Ok(0);
    }
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: a new plain object, made non-extensible and freed here; a
    // pending exception it raised is taken and freed.
    #[allow(unsafe_code, reason = "probing strict mode; see SAFETY")]
    let strict = unsafe {
        let probe = qjs::JS_NewObject(raw);
        if qjs::JS_IsException(probe) {
            return Err(rquickjs::Error::Exception);
        }
        qjs::JS_PreventExtensions(raw, probe);
        let r = qjs::JS_DefineProperty(
            raw,
            probe,
            prop,
            qjs::JS_UNDEFINED,
            qjs::JS_UNDEFINED,
            qjs::JS_UNDEFINED,
            qjs::JS_PROP_HAS_VALUE as c_int | qjs::JS_PROP_THROW_STRICT as c_int,
        );
        qjs::JS_FreeValue(raw, probe);
        if r < 0 {
            qjs::JS_FreeValue(raw, qjs::JS_GetException(raw));
        }
        r < 0
    };
    if strict { Err(throw()) } else { Ok(0) }
}

extern "C" fn delete_property(
    ctx: *mut qjs::JSContext,
    obj: qjs::JSValue,
    prop: qjs::JSAtom,
) -> c_int {
    hook(ctx, obj, |c, data, this| {
        data.delete(c, this, Prop(prop)).map(c_int::from)
    })
}

extern "C" fn get_own_property_names(
    ctx: *mut qjs::JSContext,
    ptab: *mut *mut qjs::JSPropertyEnum,
    plen: *mut u32,
    obj: qjs::JSValue,
) -> c_int {
    hook(ctx, obj, |c, data, this| {
        let keys = data.own_keys(c, this)?;
        // SAFETY: the table is allocated with QuickJS's allocator, which
        // frees it (and the atoms, which it then owns); on failure what
        // was made is freed here.
        #[allow(unsafe_code, reason = "QuickJS's property table; see SAFETY")]
        unsafe {
            let size = std::mem::size_of::<qjs::JSPropertyEnum>() * keys.len().max(1);
            let tab = qjs::js_malloc(ctx, size as qjs::size_t).cast::<qjs::JSPropertyEnum>();
            if tab.is_null() {
                return Err(rquickjs::Error::Exception);
            }
            for (i, (key, enumerable)) in keys.iter().enumerate() {
                let atom = match key {
                    OwnKey::Index(n) => qjs::JS_NewAtomUInt32(ctx, *n),
                    OwnKey::Name(s) => {
                        // (A DOM string, lone surrogates as QuickJS reads
                        // them: their three-byte form.)
                        let b = dom_ecs::dom_string::to_wtf8(s);
                        qjs::JS_NewAtomLen(ctx, b.as_ptr().cast(), b.len() as qjs::size_t)
                    }
                };
                if atom == qjs::JS_ATOM_NULL {
                    for j in 0..i {
                        qjs::JS_FreeAtom(ctx, (*tab.add(j)).atom);
                    }
                    qjs::js_free(ctx, tab.cast());
                    return Err(rquickjs::Error::Exception);
                }
                tab.add(i).write(qjs::JSPropertyEnum {
                    is_enumerable: *enumerable,
                    atom,
                });
            }
            *ptab = tab;
            *plen = keys.len() as u32;
        }
        Ok(0)
    })
}

/// Invoke the named setter (<https://webidl.spec.whatwg.org/#invoke-named-setter>)
/// for a string key, the value converted to a DOMString: whether there
/// was one to invoke.
fn named_set<'js>(c: &Ctx<'js>, data: &dyn Platform, prop: Prop, value: &Value<'js>) -> Res<bool> {
    if !data.has_named_setter() {
        return Ok(false);
    }
    let Some(name) = prop.string(c)? else {
        return Ok(false);
    };
    let v = crate::idl::string(c, value.clone())?;
    data.set_named(c, &name, &v)?;
    Ok(true)
}

/// `[[Set]]` (<https://webidl.spec.whatwg.org/#legacy-platform-object-set>).
extern "C" fn set_property(
    ctx: *mut qjs::JSContext,
    obj: qjs::JSValue,
    prop: qjs::JSAtom,
    val: qjs::JSValue,
    receiver: qjs::JSValue,
    flags: c_int,
) -> c_int {
    hook(ctx, obj, |c, data, this| {
        // SAFETY: `val` and `receiver` are lent for the call; each
        // `Value` takes a reference of its own.
        #[allow(unsafe_code, reason = "borrowing QuickJS's values; see SAFETY")]
        let (value, same) = unsafe {
            (
                Value::from_raw(c.clone(), qjs::JS_DupValue(ctx, val)),
                qjs::JS_IsStrictEqual(ctx, obj, receiver),
            )
        };
        if same && named_set(c, data, Prop(prop), &value)? {
            return Ok(1);
        }
        // The own descriptor, named properties ignored: a supported index
        // is read-only.
        if data.indexed()
            && Prop(prop).index().is_some()
            && data.get_own(c, this, Prop(prop))?.is_some()
        {
            return refuse(c, prop, flags);
        }
        ordinary_set(c, obj, prop, val, receiver, flags)
    })
}

/// OrdinarySetWithOwnDescriptor with no own descriptor: the first
/// property up the prototype chain decides (a setter is called on the
/// receiver; a read-only value refuses), else the receiver gets or
/// updates an own data property (through its `[[DefineOwnProperty]]`).
fn ordinary_set(
    c: &Ctx<'_>,
    obj: qjs::JSValue,
    prop: qjs::JSAtom,
    val: qjs::JSValue,
    receiver: qjs::JSValue,
    flags: c_int,
) -> Res<c_int> {
    let ctx = c.as_raw().as_ptr();
    let throw_flags = flags & (qjs::JS_PROP_THROW | qjs::JS_PROP_THROW_STRICT) as c_int;
    // SAFETY: plain QuickJS calls on live values: each prototype and
    // each descriptor's values are new references, freed here; `val`
    // and `receiver` stay lent.
    #[allow(unsafe_code, reason = "walking the prototype chain; see SAFETY")]
    unsafe {
        let mut p = qjs::JS_GetPrototype(ctx, obj);
        loop {
            if qjs::JS_IsException(p) {
                return Err(rquickjs::Error::Exception);
            }
            if !qjs::JS_IsObject(p) {
                qjs::JS_FreeValue(ctx, p);
                break;
            }
            let mut desc = std::mem::MaybeUninit::<qjs::JSPropertyDescriptor>::uninit();
            let found = qjs::JS_GetOwnProperty(ctx, desc.as_mut_ptr(), p, prop);
            if found < 0 {
                qjs::JS_FreeValue(ctx, p);
                return Err(rquickjs::Error::Exception);
            }
            if found > 0 {
                qjs::JS_FreeValue(ctx, p);
                let d = desc.assume_init();
                qjs::JS_FreeValue(ctx, d.value);
                if d.flags & qjs::JS_PROP_GETSET as c_int != 0 {
                    qjs::JS_FreeValue(ctx, d.getter);
                    if qjs::JS_IsUndefined(d.setter) {
                        return refuse(c, prop, flags);
                    }
                    let mut arg = val;
                    let r = qjs::JS_Call(ctx, d.setter, receiver, 1, &mut arg);
                    qjs::JS_FreeValue(ctx, d.setter);
                    if qjs::JS_IsException(r) {
                        return Err(rquickjs::Error::Exception);
                    }
                    qjs::JS_FreeValue(ctx, r);
                    return Ok(1);
                }
                if d.flags & qjs::JS_PROP_WRITABLE as c_int == 0 {
                    return refuse(c, prop, flags);
                }
                break;
            }
            let next = qjs::JS_GetPrototype(ctx, p);
            qjs::JS_FreeValue(ctx, p);
            p = next;
        }
        if !qjs::JS_IsObject(receiver) {
            return refuse(c, prop, flags);
        }
        let mut desc = std::mem::MaybeUninit::<qjs::JSPropertyDescriptor>::uninit();
        let found = qjs::JS_GetOwnProperty(ctx, desc.as_mut_ptr(), receiver, prop);
        if found < 0 {
            return Err(rquickjs::Error::Exception);
        }
        let define = if found > 0 {
            let d = desc.assume_init();
            qjs::JS_FreeValue(ctx, d.value);
            qjs::JS_FreeValue(ctx, d.getter);
            qjs::JS_FreeValue(ctx, d.setter);
            if d.flags & qjs::JS_PROP_GETSET as c_int != 0
                || d.flags & qjs::JS_PROP_WRITABLE as c_int == 0
            {
                return refuse(c, prop, flags);
            }
            qjs::JS_PROP_HAS_VALUE as c_int
        } else {
            (qjs::JS_PROP_HAS_VALUE
                | qjs::JS_PROP_HAS_WRITABLE
                | qjs::JS_PROP_HAS_ENUMERABLE
                | qjs::JS_PROP_HAS_CONFIGURABLE
                | qjs::JS_PROP_C_W_E) as c_int
        };
        let r = qjs::JS_DefineProperty(
            ctx,
            receiver,
            prop,
            val,
            qjs::JS_UNDEFINED,
            qjs::JS_UNDEFINED,
            define | throw_flags,
        );
        if r < 0 {
            return Err(rquickjs::Error::Exception);
        }
        Ok(r)
    }
}

/// The `length` getter [`fast_length`] installs: a static list's length
/// from its data; for any other receiver, the interface's own getter (its
/// one function datum) is called with the same `this` and arguments.
extern "C" fn fixed_length_getter(
    ctx: *mut qjs::JSContext,
    this: qjs::JSValue,
    argc: c_int,
    argv: *mut qjs::JSValue,
    _magic: c_int,
    data: *mut qjs::JSValue,
) -> qjs::JSValue {
    if let Some(n) = slot(this).and_then(Platform::fixed_length) {
        // SAFETY: QuickJS calls a native with a live context.
        #[allow(unsafe_code, reason = "a number for QuickJS; see SAFETY")]
        return unsafe { qjs::JS_NewNumber(ctx, f64::from(n)) };
    }
    // SAFETY: the function was made with one datum, the getter; QuickJS
    // passes live `this` and arguments and owns the result.
    #[allow(unsafe_code, reason = "calling the generated getter; see SAFETY")]
    unsafe {
        qjs::JS_Call(ctx, *data, this, argc, argv)
    }
}

/// Give `proto` (`NodeList.prototype`) a `length` getter that answers a
/// static list's length without entering the engine's API (the loops of
/// `for (i = 0; i < list.length; i++)` read it at each step), and calls
/// the interface's getter otherwise. The property keeps its attributes;
/// the getter is a function named `get length` of no arguments, as
/// WebIDL's is.
pub(crate) fn fast_length<'js>(ctx: &Ctx<'js>, proto: &Object<'js>) -> Res<()> {
    let object: Object<'js> = ctx.globals().get("Object")?;
    let describe: rquickjs::Function<'js> = object.get("getOwnPropertyDescriptor")?;
    let desc: Option<Object<'js>> = describe.call((proto.clone(), "length"))?;
    let Some(desc) = desc else {
        return Ok(());
    };
    let getter: Value<'js> = desc.get("get")?;
    if !getter.is_function() {
        return Ok(());
    }
    let mut flags = (qjs::JS_PROP_HAS_GET | qjs::JS_PROP_HAS_SET) as c_int;
    if desc.get::<_, bool>("enumerable")? {
        flags |= (qjs::JS_PROP_ENUMERABLE | qjs::JS_PROP_HAS_ENUMERABLE) as c_int;
    }
    if desc.get::<_, bool>("configurable")? {
        flags |= (qjs::JS_PROP_CONFIGURABLE | qjs::JS_PROP_HAS_CONFIGURABLE) as c_int;
    }
    let raw_ctx = ctx.as_raw().as_ptr();
    // SAFETY: a live context and prototype; `JS_NewCFunctionData2` takes
    // references of its data of its own, and `JS_DefinePropertyGetSet`
    // takes ownership of the getter and setter it is given.
    #[allow(unsafe_code, reason = "defining a raw accessor; see SAFETY")]
    unsafe {
        let mut data = [getter.as_raw()];
        let f = qjs::JS_NewCFunctionData2(
            raw_ctx,
            Some(fixed_length_getter),
            c"get length".as_ptr(),
            0,
            0,
            1,
            data.as_mut_ptr(),
        );
        if qjs::JS_IsException(f) {
            return Err(rquickjs::Error::Exception);
        }
        let atom = qjs::JS_NewAtom(raw_ctx, c"length".as_ptr());
        let r = qjs::JS_DefinePropertyGetSet(
            raw_ctx,
            proto.as_raw(),
            atom,
            f,
            qjs::JS_UNDEFINED,
            flags,
        );
        qjs::JS_FreeAtom(raw_ctx, atom);
        if r < 0 {
            return Err(rquickjs::Error::Exception);
        }
    }
    Ok(())
}
