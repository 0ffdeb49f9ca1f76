//! Structured serialization of JS values into dom-ecs's
//! [`Serialized`] records and back
//! (<https://html.spec.whatwg.org/#structuredserializeinternal>):
//! `structuredClone`, and what `postMessage` carries to another thread.
//!
//! The brand checks (is this a `Date`, a `Map`, an `ArrayBuffer`...) are
//! QuickJS's own, on the value's internal class; what a built-in holds in
//! its internal slots is read through the intrinsic getters the prelude
//! captured before any page script ran (`cloneHelpers` in
//! `79-clone.js`), so a page that replaces `Date.prototype.getTime`
//! changes nothing. Objects seen are remembered by identity: a shared or
//! cyclic object is one record.

use dom_ecs::DomError;
use dom_ecs::structured::{Builder, Cloned, ERROR_NAMES, Record, Serialized, ViewKind};
use rquickjs::object::Filter;
use rquickjs::{Array, ArrayBuffer, Ctx, Exception, Function, Object, Value};
use rustc_hash::FxHashMap;

use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// QuickJS's brand check of a built-in's internal class.
macro_rules! is {
    ($f:ident, $v:expr) => {{
        #[expect(unsafe_code, reason = "QuickJS's brand checks")]
        // SAFETY: the value is live (borrowed for the call); these
        // functions read its tag and class id only.
        unsafe {
            rquickjs::qjs::$f($v.as_raw())
        }
    }};
}

fn data_clone(ctx: &Ctx<'_>, what: &str) -> rquickjs::Error {
    throw(
        ctx,
        DomError::DataClone(format!("{what} could not be cloned.")),
    )
}

struct Serializer<'js, 'h> {
    ctx: Ctx<'js>,
    helpers: &'h Object<'js>,
    memory: FxHashMap<Value<'js>, u32>,
    out: Builder,
    /// Objects being walked, bounded by [`MAX_DEPTH`].
    depth: usize,
}

/// Nesting deeper than this is a `DataCloneError` (browsers stop at
/// their stack's limit; the walk recurses on the native stack).
const MAX_DEPTH: usize = 2_000;

impl<'js> Serializer<'js, '_> {
    fn helper(&self, name: &str) -> Res<Function<'js>> {
        self.helpers.get(name)
    }

    fn value(&mut self, v: Value<'js>) -> Res<Cloned> {
        if v.is_undefined() {
            return Ok(Cloned::Undefined);
        }
        if v.is_null() {
            return Ok(Cloned::Null);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Cloned::Bool(b));
        }
        if let Some(n) = v.as_number() {
            return Ok(Cloned::Number(n));
        }
        if v.is_string() {
            return Ok(Cloned::String(crate::idl::string(&self.ctx, v)?));
        }
        if v.is_big_int() {
            let s: rquickjs::Coerced<String> = v.get()?;
            return Ok(Cloned::BigInt(s.0));
        }
        if v.is_symbol() {
            return Err(data_clone(&self.ctx, "A Symbol"));
        }
        if v.is_function() {
            return Err(data_clone(&self.ctx, "A function"));
        }
        let Some(o) = v.as_object().cloned() else {
            return Err(data_clone(&self.ctx, "The value"));
        };
        if let Some(&i) = self.memory.get(&v) {
            return Ok(Cloned::Object(i));
        }
        let index = self.out.reserve();
        self.memory.insert(v.clone(), index);
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(data_clone(&self.ctx, "An object nested this deep"));
        }
        let record = self.object(&v, &o)?;
        self.depth -= 1;
        self.out.fill(index, record);
        Ok(Cloned::Object(index))
    }

    fn properties(&mut self, o: &Object<'js>) -> Res<Vec<(String, Cloned)>> {
        let mut out = Vec::new();
        let keys: Vec<rquickjs::Atom<'js>> = o
            .own_keys(Filter::new().string().enum_only())
            .collect::<Res<_>>()?;
        for k in keys {
            let Some(name) = string_key(&self.ctx, &k)? else {
                continue;
            };
            let v: Value<'js> = o.get(k)?;
            out.push((name, self.value(v)?));
        }
        Ok(out)
    }

    fn object(&mut self, v: &Value<'js>, o: &Object<'js>) -> Res<Record> {
        if is!(JS_IsArray, v) {
            let length: u32 = o.get::<_, Option<u32>>("length")?.unwrap_or(0);
            return Ok(Record::Array {
                length,
                properties: self.properties(o)?,
            });
        }
        if is!(JS_IsDate, v) {
            let t: f64 = self.helper("date")?.call((v.clone(),))?;
            return Ok(Record::Date(t));
        }
        if is!(JS_IsRegExp, v) {
            let parts: Array<'js> = self.helper("regexp")?.call((v.clone(),))?;
            return Ok(Record::RegExp {
                source: parts.get(0)?,
                flags: parts.get(1)?,
            });
        }
        if is!(JS_IsArrayBuffer, v) {
            let buffer = ArrayBuffer::from_object(o.clone())
                .ok_or_else(|| data_clone(&self.ctx, "The ArrayBuffer"))?;
            #[expect(unsafe_code, reason = "reading an ArrayBuffer's bytes")]
            // SAFETY: the slice is copied at once; no JS runs while it lives.
            let bytes = unsafe { buffer.as_bytes() }.map(<[u8]>::to_vec);
            let bytes = bytes.ok_or_else(|| data_clone(&self.ctx, "A detached ArrayBuffer"))?;
            return Ok(Record::ArrayBuffer(bytes));
        }
        let is_view = is!(JS_IsDataView, v) || {
            #[expect(unsafe_code, reason = "QuickJS's brand check")]
            // SAFETY: as in `is!`.
            unsafe {
                rquickjs::qjs::JS_GetTypedArrayType(v.as_raw()) >= 0
            }
        };
        if is_view {
            let parts: Array<'js> = self.helper("view")?.call((v.clone(),))?;
            let (name, buffer): (String, Value<'js>) = (parts.get(0)?, parts.get(1)?);
            let (offset, length): (f64, f64) = (parts.get(2)?, parts.get(3)?);
            let (offset, length) = (offset as usize, length as usize);
            let kind = ViewKind::from_constructor_name(&name)
                .ok_or_else(|| data_clone(&self.ctx, &format!("A {name}")))?;
            let Cloned::Object(buffer) = self.value(buffer)? else {
                return Err(data_clone(&self.ctx, "The view's buffer"));
            };
            return Ok(Record::View {
                kind,
                buffer,
                byte_offset: offset,
                length,
            });
        }
        if is!(JS_IsMap, v) {
            let flat: Array<'js> = self.helper("map")?.call((v.clone(),))?;
            let mut entries = Vec::with_capacity(flat.len() / 2);
            let mut items = flat.iter::<Value<'js>>();
            while let (Some(k), Some(val)) = (items.next(), items.next()) {
                entries.push((self.value(k?)?, self.value(val?)?));
            }
            return Ok(Record::Map(entries));
        }
        if is!(JS_IsSet, v) {
            let values: Array<'js> = self.helper("set")?.call((v.clone(),))?;
            let mut out = Vec::with_capacity(values.len());
            for item in values.iter::<Value<'js>>() {
                out.push(self.value(item?)?);
            }
            return Ok(Record::Set(out));
        }
        if is!(JS_IsError, v) {
            let parts: Array<'js> = self.helper("error")?.call((v.clone(),))?;
            return Ok(Record::Error {
                name: parts.get(0)?,
                message: parts.get(1)?,
                stack: parts.get(2)?,
            });
        }
        // A primitive's wrapper object (its value), a platform object (no
        // serialization steps of ours: an error), or an ordinary object.
        let kind: Value<'js> = self.helper("plain")?.call((v.clone(),))?;
        if kind.as_bool() == Some(false) {
            return Err(data_clone(&self.ctx, "A platform object"));
        }
        if let Some(a) = kind.into_array() {
            let inner: Value<'js> = a.get(0)?;
            return Ok(Record::Primitive(self.value(inner)?));
        }
        Ok(Record::Object(self.properties(o)?))
    }
}

/// StructuredSerialize `v` (a `DataCloneError` for what can not be).
pub(crate) fn serialize<'js>(
    ctx: &Ctx<'js>,
    v: Value<'js>,
    helpers: &Object<'js>,
) -> Res<Serialized> {
    let mut s = Serializer {
        ctx: ctx.clone(),
        helpers,
        memory: FxHashMap::default(),
        out: Builder::default(),
        depth: 0,
    };
    let value = s.value(v)?;
    Ok(s.out.finish(value))
}

/// StructuredDeserialize `s` into the realm of `ctx`.
pub(crate) fn deserialize<'js>(
    ctx: &Ctx<'js>,
    s: &Serialized,
    helpers: &Object<'js>,
) -> Res<Value<'js>> {
    // Objects first, empty (so references, cycles included, resolve),
    // then their contents, in record order.
    let make: Function<'js> = helpers.get("make")?;
    let mut objects: Vec<Value<'js>> = Vec::with_capacity(s.records.len());
    for r in &s.records {
        let o: Value<'js> = match r {
            Record::Object(_) => Object::new(ctx.clone())?.into_value(),
            Record::Array { length, .. } => {
                let a = Array::new(ctx.clone())?;
                a.as_object().set("length", *length)?;
                a.into_value()
            }
            Record::ArrayBuffer(bytes) => {
                ArrayBuffer::new(ctx.clone(), bytes.clone())?.into_value()
            }
            Record::Date(t) => make.call(("Date", *t))?,
            Record::RegExp { source, flags } => {
                make.call(("RegExp", source.as_str(), flags.as_str()))?
            }
            Record::Error {
                name,
                message,
                stack,
            } => {
                let name = if ERROR_NAMES.contains(&name.as_str()) {
                    name.as_str()
                } else {
                    "Error"
                };
                make.call(("Error", name, message.clone(), stack.clone()))?
            }
            Record::Map(_) => make.call(("Map",))?,
            Record::Set(_) => make.call(("Set",))?,
            // Made once their buffer or value is there (below).
            Record::View { .. } | Record::Primitive(_) => Value::new_undefined(ctx.clone()),
        };
        objects.push(o);
    }
    let value_of = |objects: &[Value<'js>], c: &Cloned| -> Res<Value<'js>> {
        Ok(match c {
            Cloned::Undefined => Value::new_undefined(ctx.clone()),
            Cloned::Null => Value::new_null(ctx.clone()),
            Cloned::Bool(b) => Value::new_bool(ctx.clone(), *b),
            Cloned::Number(n) => Value::new_number(ctx.clone(), *n),
            Cloned::String(s) => crate::idl::js_string(ctx, s)?,
            Cloned::BigInt(s) => make.call(("BigInt", s.as_str()))?,
            Cloned::Object(i) => objects.get(*i as usize).cloned().ok_or_else(|| {
                Exception::throw_internal(ctx, "a serialized reference is dangling")
            })?,
        })
    };
    // Views and wrappers refer to records before or after them: make
    // them in order, each from what it refers to (a view's buffer is an
    // ArrayBuffer record, made above).
    for (i, r) in s.records.iter().enumerate() {
        match r {
            Record::View {
                kind,
                buffer,
                byte_offset,
                length,
            } => {
                let b = value_of(&objects, &Cloned::Object(*buffer))?;
                objects[i] = make.call((
                    "View",
                    kind.constructor_name(),
                    b,
                    *byte_offset as f64,
                    *length as f64,
                ))?;
            }
            Record::Primitive(p) => {
                let inner = value_of(&objects, p)?;
                objects[i] = make.call(("Object", inner))?;
            }
            _ => {}
        }
    }
    let add: Function<'js> = helpers.get("add")?;
    for (i, r) in s.records.iter().enumerate() {
        let target = objects[i].clone();
        match r {
            Record::Object(props)
            | Record::Array {
                properties: props, ..
            } => {
                let Some(o) = target.as_object() else {
                    continue;
                };
                for (k, v) in props {
                    o.set(k.as_str(), value_of(&objects, v)?)?;
                }
            }
            Record::Map(entries) => {
                for (k, v) in entries {
                    add.call::<_, ()>((
                        target.clone(),
                        value_of(&objects, k)?,
                        value_of(&objects, v)?,
                    ))?;
                }
            }
            Record::Set(values) => {
                for v in values {
                    add.call::<_, ()>((target.clone(), value_of(&objects, v)?))?;
                }
            }
            _ => {}
        }
    }
    value_of(&objects, &s.value)
}

/// The string a key is, or none for a symbol.
fn string_key<'js>(ctx: &Ctx<'js>, atom: &rquickjs::Atom<'js>) -> Res<Option<String>> {
    // (A symbol's atom is no string's: the string QuickJS gives for it
    // makes another atom. `Atom::to_string` would make an invalid Rust
    // string of a lone surrogate.)
    let s = atom.to_js_string()?.into_value();
    if rquickjs::Atom::from_value(ctx.clone(), &s)? != *atom {
        return Ok(None);
    }
    crate::idl::string(ctx, s).map(Some)
}
