//! `Storage` objects (`localStorage`, `sessionStorage`): WebIDL legacy
//! platform objects (<https://webidl.spec.whatwg.org/#es-legacy-platform-objects>)
//! over a dom-ecs [`Storage`] area, with its named getter (`getItem`),
//! setter (`setItem`) and deleter (`removeItem`): `localStorage.theme`,
//! `localStorage.theme = 'dark'`, `delete localStorage.theme`,
//! `Object.keys(localStorage)`.
//!
//! A QuickJS exotic object: a string key is a stored item unless the
//! prototype chain has that name (Storage has no
//! `[LegacyOverrideBuiltIns]`: `localStorage.getItem` stays the method),
//! and every string-keyed write through the object is `setItem` (so
//! `localStorage.getItem = 1` stores an item and leaves the method). A
//! symbol is an ordinary property. The generated members
//! (`webidl/bindings.txt`) receive the area (`JsValueOf`).

use dom_ecs::storage::{Storage, StorageKind};
use rquickjs::atom::PredefinedAtom;
use rquickjs::class::{ClassKind, JsCell, JsClass, PropertyDescriptor, PropertyName, Writable};
use rquickjs::{Atom, Class, Constructor, Ctx, Exception, Object, Value};

use crate::collection::{balance_lent_value, define_expando, raw_atom, string_key};
use crate::idl::NodeKeys;
use crate::natives::throw;
use crate::realm::ValueProto;

type Res<T> = rquickjs::Result<T>;

/// A `Storage` object.
pub(crate) struct JsStorage {
    area: Storage,
    keys: NodeKeys,
}

crate::native_class::native_class!(JsStorage);

impl JsStorage {
    /// The object of `window`'s storage of `kind` (each call a new
    /// object: the prelude keeps one per window).
    pub(crate) fn of_window<'js>(
        ctx: &Ctx<'js>,
        access: &dyn crate::access::DocumentAccess,
        keys: &NodeKeys,
        window: dom_ecs::NodeId,
        kind: StorageKind,
    ) -> Res<Value<'js>> {
        let area = crate::access::with_doc(access, |d| d.storage(window, kind))
            .map_err(|e| throw(ctx, e))?;
        let proto = keys.value_proto(ctx, ValueProto::Storage)?;
        Ok(Class::instance_proto(
            JsStorage {
                area,
                keys: keys.clone(),
            },
            proto,
        )?
        .into_value())
    }

    /// The item named by a string key the prototype chain does not have
    /// (WebIDL's named property visibility).
    fn visible<'js>(&self, ctx: &Ctx<'js>, atom: &Atom<'js>) -> Res<Option<String>> {
        let Some(name) = string_key(ctx, atom)? else {
            return Ok(None);
        };
        let Some(value) = self.area.get_item(&name).map_err(|e| throw(ctx, e))? else {
            return Ok(None);
        };
        let proto = self.keys.value_proto(ctx, ValueProto::Storage)?;
        Ok((!proto.contains_key(atom.clone())?).then_some(value))
    }
}

fn js_string<'js>(ctx: &Ctx<'js>, s: &str) -> Res<Value<'js>> {
    Ok(rquickjs::String::from_str(ctx.clone(), s)?.into_value())
}

impl<'js> JsClass<'js> for JsStorage {
    const NAME: &'static str = "Storage";
    const KIND: ClassKind = ClassKind::Exotic;
    type Mutable = Writable;

    fn constructor(_: &Ctx<'js>) -> Res<Option<Constructor<'js>>> {
        Ok(None)
    }

    fn exotic_get_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
        receiver: Value<'js>,
    ) -> Res<Value<'js>> {
        let s = this.borrow();
        if let Some(v) = s.visible(ctx, &atom)? {
            return js_string(ctx, &v);
        }
        let raw = raw_atom(&atom);
        // `length`, the prototype's one accessor, read on the object itself.
        if raw == PredefinedAtom::Length as u32 {
            let n = s.area.length().map_err(|e| throw(ctx, e))?;
            return Ok(Value::new_number(ctx.clone(), f64::from(n)));
        }
        let keys = s.keys.clone();
        drop(s);
        if raw == PredefinedAtom::UnderscoreProto as u32 {
            return Ok(receiver
                .as_object()
                .and_then(Object::get_prototype)
                .map_or_else(|| Value::new_null(ctx.clone()), Object::into_value));
        }
        keys.value_proto(ctx, ValueProto::Storage)?.get(atom)
    }

    fn exotic_set_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
        receiver: Value<'js>,
        value: Value<'js>,
    ) -> Res<bool> {
        balance_lent_value(ctx, &value);
        let own = Class::<JsStorage>::from_value(&receiver).is_ok();
        if own && let Some(name) = string_key(ctx, &atom)? {
            // The named setter: the value as a DOMString.
            let v = crate::idl::string(ctx, value)?;
            let area = this.borrow().area.clone();
            area.set_item(&name, &v).map_err(|e| throw(ctx, e))?;
            return Ok(true);
        }
        // A symbol (or a write through an object that inherits from this
        // one): an ordinary own property of the receiver.
        define_expando(receiver, atom, value)
    }

    fn exotic_delete_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
    ) -> Res<bool> {
        let s = this.borrow();
        if s.visible(ctx, &atom)?.is_some()
            && let Some(name) = string_key(ctx, &atom)?
        {
            s.area.remove_item(&name).map_err(|e| throw(ctx, e))?;
        }
        Ok(true)
    }

    fn exotic_has_property(this: &JsCell<'js, Self>, ctx: &Ctx<'js>, atom: Atom<'js>) -> Res<bool> {
        let s = this.borrow();
        if s.visible(ctx, &atom)?.is_some() {
            return Ok(true);
        }
        let keys = s.keys.clone();
        drop(s);
        keys.value_proto(ctx, ValueProto::Storage)?
            .contains_key(atom)
    }

    fn exotic_get_own_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
    ) -> Res<Option<PropertyDescriptor<'js>>> {
        let s = this.borrow();
        // (Named properties are enumerable: Storage has no
        // [LegacyUnenumerableNamedProperties].)
        s.visible(ctx, &atom)?
            .map(|v| {
                Ok(PropertyDescriptor::new_value(
                    js_string(ctx, &v)?,
                    true,
                    true,
                    true,
                ))
            })
            .transpose()
    }

    fn exotic_get_own_property_names(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
    ) -> Res<Vec<PropertyName<'js>>> {
        let s = this.borrow();
        let proto = s.keys.value_proto(ctx, ValueProto::Storage)?;
        let mut out = Vec::new();
        for n in s.area.names() {
            let atom = Atom::from_str(ctx.clone(), &n)?;
            if !proto.contains_key(atom.clone())? {
                out.push(PropertyName {
                    atom,
                    is_enumerable: true,
                });
            }
        }
        Ok(out)
    }
}

impl crate::values::JsValueOf for Storage {
    fn of<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Self> {
        Class::<JsStorage>::from_value(this)
            .map(|c| c.borrow().area.clone())
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
    }
}
