//! `Storage` objects (`localStorage`, `sessionStorage`): WebIDL legacy
//! platform objects (`legacy.rs`) over a dom-ecs [`Storage`] area, with
//! its named getter (`getItem`), setter (`setItem`) and deleter
//! (`removeItem`): `localStorage.theme`, `localStorage.theme = 'dark'`,
//! `delete localStorage.theme`, `Object.keys(localStorage)`,
//! `Object.defineProperty(localStorage, 'k', {value})`.
//!
//! A string key is a stored item unless the prototype chain has that
//! name (Storage has no `[LegacyOverrideBuiltIns]`: `localStorage.getItem`
//! stays the method), and every string-keyed definition on the object is
//! `setItem` (so `localStorage.getItem = 1` stores an item and leaves the
//! method). A symbol is an ordinary property. The generated members
//! (`webidl/bindings.txt`) receive the area (`JsValueOf`).

use std::ffi::c_int;

use dom_ecs::storage::{Storage, StorageKind};
use rquickjs::{Ctx, Value};

use crate::idl::NodeKeys;
use crate::legacy::{NAMED_WRITABLE, OwnKey, Platform, Prop};
use crate::natives::throw;
use crate::realm::ValueProto;

type Res<T> = rquickjs::Result<T>;

/// A `Storage` object's data.
pub(crate) struct JsStorage {
    area: Storage,
}

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
        crate::legacy::object(ctx, &proto, Box::new(JsStorage { area }))
    }
}

impl Platform for JsStorage {
    fn get_own<'js>(
        &self,
        ctx: &Ctx<'js>,
        obj: &Value<'js>,
        prop: Prop,
    ) -> Res<Option<(Value<'js>, c_int)>> {
        // Named property visibility: an item the prototype chain does not
        // hide. (Named properties are enumerable: Storage has no
        // [LegacyUnenumerableNamedProperties].)
        let Some(name) = prop.string(ctx)? else {
            return Ok(None);
        };
        let Some(value) = self.area.get_item(&name).map_err(|e| throw(ctx, e))? else {
            return Ok(None);
        };
        if prop.inherited(ctx, obj)? {
            return Ok(None);
        }
        let v = crate::idl::js_string(ctx, &value)?;
        Ok(Some((v, NAMED_WRITABLE)))
    }

    fn has_named_setter(&self) -> bool {
        true
    }

    fn set_named(&self, ctx: &Ctx<'_>, name: &str, value: &str) -> Res<()> {
        self.area.set_item(name, value).map_err(|e| throw(ctx, e))
    }

    fn indexed(&self) -> bool {
        false
    }

    fn delete<'js>(&self, ctx: &Ctx<'js>, obj: &Value<'js>, prop: Prop) -> Res<bool> {
        if self.get_own(ctx, obj, prop)?.is_some()
            && let Some(name) = prop.string(ctx)?
        {
            self.area.remove_item(&name).map_err(|e| throw(ctx, e))?;
        }
        Ok(true)
    }

    fn own_keys<'js>(&self, _ctx: &Ctx<'js>, obj: &Value<'js>) -> Res<Vec<(OwnKey, bool)>> {
        let proto = obj.as_object().and_then(rquickjs::Object::get_prototype);
        let mut out = Vec::new();
        for n in self.area.names() {
            let hidden = match &proto {
                Some(p) => p.contains_key(n.as_str())?,
                None => false,
            };
            if !hidden {
                out.push((OwnKey::Name(n), true));
            }
        }
        Ok(out)
    }
}

impl crate::values::JsValueOf for Storage {
    fn probe(this: &Value<'_>) -> Option<Self> {
        crate::legacy::data_of::<JsStorage>(this).map(|s| s.area.clone())
    }
}
