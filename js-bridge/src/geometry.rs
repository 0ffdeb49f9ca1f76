//! `DOMRectReadOnly` and `DOMRect` objects (Geometry Interfaces 1): one
//! native class over a dom-ecs [`DomRect`], whose prototype is
//! `DOMRect.prototype` for a `DOMRect` and `DOMRectReadOnly.prototype`
//! otherwise; the members are generated (webidl/bindings.txt).

use dom_ecs::geometry::DomRect;
use rquickjs::{Class, Ctx, Value};

use crate::idl::{IdlResult, Native};
use crate::realm::ValueProto;
use crate::values::JsValueOf;

type Res<T> = rquickjs::Result<T>;

/// A `DOMRectReadOnly` or `DOMRect` object.
pub(crate) struct JsRect(pub(crate) DomRect);

crate::native_class::native_class!(JsRect, "DOMRectReadOnly");

impl JsValueOf for DomRect {
    fn probe(this: &Value<'_>) -> Option<Self> {
        Class::<JsRect>::from_value(this)
            .ok()
            .map(|c| c.borrow().0.clone())
    }
}

impl<'js> IdlResult<'js> for DomRect {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        let proto = if self.is_writable() {
            ValueProto::Rect
        } else {
            ValueProto::RectReadOnly
        };
        let proto = nat.keys.value_proto(ctx, proto)?;
        Ok(Class::instance_proto(JsRect(self), proto)?.into_value())
    }
}
