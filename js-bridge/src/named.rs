//! The window's named properties object
//! (<https://html.spec.whatwg.org/#named-access-on-the-window-object>,
//! WebIDL's "named properties object"): on the global's prototype chain,
//! between the global and `EventTarget.prototype`, so an element's `id`
//! (and the `name` of an `embed`, `form`, `img` or `object`) reads as a
//! global, after the global's own properties and before what the window
//! inherits, and an undefined name is still a `ReferenceError`.
//!
//! QuickJS asks an exotic object for its own properties on every lookup
//! that reaches it. rquickjs's exotic classes always answer the whole
//! lookup (`get_property`), which would end the walk up the chain there
//! and turn every undefined global into `undefined`; so this is a raw
//! QuickJS class whose one exotic method is `get_own_property`.
//!
//! A name the rest of the chain has (`addEventListener`, `toString`) is
//! answered by the chain without looking into the document: the walk of
//! the document (dom-ecs `window_named_elements`) is left for names no
//! object on the chain has, such as an undefined global.

use std::ffi::{CStr, c_int};
use std::ptr::NonNull;
use std::rc::Rc;

use dom_ecs::{NodeId, WindowNamed};
use rquickjs::qjs;
use rquickjs::{Ctx, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;

use crate::native_class::{RawClass, known_raw_class_id, register_raw_class};

type Res<T> = rquickjs::Result<T>;

/// What the object looks names up in: a realm's window.
struct Named {
    access: Rc<dyn DocumentAccess>,
    keys: NodeKeys,
    window: NodeId,
}

static EXOTIC: qjs::JSClassExoticMethods = qjs::JSClassExoticMethods {
    get_own_property: Some(get_own_property),
    get_own_property_names: None,
    delete_property: None,
    define_own_property: None,
    has_property: None,
    get_property: None,
    set_property: None,
};

const CLASS_NAME: &CStr = c"WindowProperties";

/// The class ID, registered in `ctx`'s runtime.
fn class_id(ctx: &Ctx<'_>) -> Res<qjs::JSClassID> {
    register_raw_class(
        ctx,
        RawClass::WindowProperties,
        CLASS_NAME,
        Some(finalizer),
        None,
        &EXOTIC,
    )
}

/// Make the named properties object of `window`, inheriting from `proto`
/// (`EventTarget.prototype`).
pub(crate) fn object<'js>(
    ctx: &Ctx<'js>,
    access: Rc<dyn DocumentAccess>,
    keys: NodeKeys,
    window: NodeId,
    proto: Object<'js>,
) -> Res<Object<'js>> {
    let id = class_id(ctx)?;
    let raw = ctx.as_raw().as_ptr();
    let named = Box::into_raw(Box::new(Named {
        access,
        keys,
        window,
    }));
    // SAFETY: a new object of the registered class; the box is its
    // opaque, freed by `finalizer`; the value is owned and handed to
    // `Value::from_raw` once.
    #[allow(unsafe_code, reason = "a raw QuickJS class's object; see SAFETY")]
    unsafe {
        let obj = qjs::JS_NewObjectProtoClass(raw, proto.as_raw(), id);
        if qjs::JS_IsException(obj) {
            drop(Box::from_raw(named));
            return Err(rquickjs::Error::Exception);
        }
        qjs::JS_SetOpaque(obj, named.cast());
        Value::from_raw(ctx.clone(), obj)
            .into_object()
            .ok_or(rquickjs::Error::Unknown)
    }
}

/// Free the object's [`Named`].
extern "C" fn finalizer(_rt: *mut qjs::JSRuntime, obj: qjs::JSValue) {
    let id = known_raw_class_id(RawClass::WindowProperties);
    // SAFETY: the opaque of an object of this class is the box `object`
    // made, freed only here.
    #[allow(unsafe_code, reason = "freeing the opaque; see SAFETY")]
    unsafe {
        let p = qjs::JS_GetOpaque(obj, id).cast::<Named>();
        if !p.is_null() {
            drop(Box::from_raw(p));
        }
    }
}

/// `[[GetOwnProperty]]`: the named property `prop`, if the document has
/// one and no object further up the chain has the name. 1: found (and
/// `desc`, when given, filled), 0: not, -1: an exception is pending.
extern "C" fn get_own_property(
    ctx: *mut qjs::JSContext,
    desc: *mut qjs::JSPropertyDescriptor,
    obj: qjs::JSValue,
    prop: qjs::JSAtom,
) -> c_int {
    let id = known_raw_class_id(RawClass::WindowProperties);
    // SAFETY: QuickJS calls this with a live context and an object of
    // this class (whose opaque is a `Named`, alive while it is);
    // `from_raw` values are owned (atom values are new references, the
    // found value is duplicated into `desc`, which then owns it).
    #[allow(unsafe_code, reason = "a QuickJS exotic method; see SAFETY")]
    unsafe {
        let named = qjs::JS_GetOpaque(obj, id).cast::<Named>();
        let Some(ctx_ptr) = NonNull::new(ctx) else {
            return 0;
        };
        if named.is_null() {
            return 0;
        }
        let named = &*named;
        let c = Ctx::from_raw(ctx_ptr);
        let key = qjs::JS_AtomToValue(ctx, prop);
        if !qjs::JS_IsString(key) {
            qjs::JS_FreeValue(ctx, key);
            return 0;
        }
        // The rest of the chain answers for its own names.
        let proto = qjs::JS_GetPrototype(ctx, obj);
        let inherited = qjs::JS_IsObject(proto) && qjs::JS_HasProperty(ctx, proto, prop) == 1;
        qjs::JS_FreeValue(ctx, proto);
        let key = Value::from_raw(c.clone(), key);
        if inherited {
            return 0;
        }
        let Some(name) = key.as_string().and_then(|s| s.to_string().ok()) else {
            return 0;
        };
        // (An index's atom reads as its decimal string.)
        let found = match array_index(&name) {
            Some(i) => child_window(&c, named, i),
            None => lookup(&c, named, &name),
        };
        match found {
            Ok(None) => 0,
            Ok(Some(v)) => {
                if !desc.is_null() {
                    let raw = v.as_raw();
                    (*desc).flags = (qjs::JS_PROP_CONFIGURABLE | qjs::JS_PROP_WRITABLE) as c_int;
                    (*desc).value = qjs::JS_DupValue(ctx, raw);
                    (*desc).getter = qjs::JS_UNDEFINED;
                    (*desc).setter = qjs::JS_UNDEFINED;
                }
                1
            }
            Err(_) => -1,
        }
    }
}

/// The window's named property `name` (dom-ecs `window_named_property`):
/// an iframe's window, one element, or an `HTMLCollection` of several.
fn lookup<'js>(ctx: &Ctx<'js>, named: &Named, name: &str) -> Res<Option<Value<'js>>> {
    let found = with_doc(&*named.access, |d| {
        d.window_named_property(named.window, name)
    })
    .map_err(|e| crate::natives::throw(ctx, e))?;
    match found {
        WindowNamed::None => Ok(None),
        WindowNamed::Window(w) => named.keys.window_global(ctx, w).map(Some),
        WindowNamed::Element(e) => named.keys.wrap(ctx, e).map(Some),
        WindowNamed::Elements(list) => {
            crate::collection::JsCollection::object(ctx, &named.access, &named.keys, list).map(Some)
        }
    }
}

/// `window[i]` (<https://html.spec.whatwg.org/#windowproxy-getownproperty>):
/// the window of the `i`th iframe of the window's document.
fn child_window<'js>(ctx: &Ctx<'js>, named: &Named, i: usize) -> Res<Option<Value<'js>>> {
    let windows = with_doc(&*named.access, |d| d.child_windows(named.window))
        .map_err(|e| crate::natives::throw(ctx, e))?;
    match windows.get(i) {
        Some(&w) => named.keys.window_global(ctx, w).map(Some),
        None => Ok(None),
    }
}

/// `name` as an array index (its canonical decimal form), if it is one.
fn array_index(name: &str) -> Option<usize> {
    let canonical = name == "0" || (!name.starts_with('0') && !name.is_empty());
    if !canonical || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    name.parse::<u32>()
        .ok()
        .filter(|&i| i < u32::MAX)
        .map(|i| i as usize)
}
