//! `Range` objects (<https://dom.spec.whatwg.org/#interface-range>): each
//! is made of a dom-ecs [`Range`] (the live range the document updates),
//! and its members are generated from the binding table as methods of that
//! value. `AbstractRange`'s getters, which a `StaticRange` answers from
//! its own slots, read a live range through `rangeBounds`.

use std::rc::Rc;

use dom_ecs::{Document, DomError, Range};
use rquickjs::{Class, Ctx, Exception, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::{IdlResult, Native, NodeKeys};
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// One `Range` object: its live range and the page's document.
pub(crate) struct JsRange {
    range: Range,
    access: Rc<dyn DocumentAccess>,
}

crate::native_class::native_class!(JsRange, "Range");

/// The live range of a `Range` object.
pub(crate) fn of(v: &Value<'_>) -> Option<Range> {
    Class::<JsRange>::from_value(v)
        .ok()
        .map(|c| c.borrow().range.clone())
}

/// A `Range` object is made of its live range.
impl crate::idl::JsObjectOf for Range {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let c = Class::<JsRange>::from_value(this)
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))?;
        let (mut range, access) = {
            let c = c.borrow();
            (c.range.clone(), c.access.clone())
        };
        with_doc(&*access, |d| f(&mut range, d)).map_err(|e| throw(ctx, e))
    }
}

/// A `Range` result: a new object with `Range.prototype`.
impl<'js> IdlResult<'js> for Range {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        object(ctx, nat.access, nat.keys, self)
    }
}

/// A new `Range` object of `range`.
pub(crate) fn object<'js>(
    ctx: &Ctx<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    range: Range,
) -> Res<Value<'js>> {
    let proto = keys.value_proto(ctx, crate::realm::ValueProto::Range)?;
    let range = JsRange {
        range,
        access: access.clone(),
    };
    Ok(Class::instance_proto(range, proto)?.into_value())
}

impl Native<'_> {
    /// A `Range` argument (position `k`, from 1).
    pub fn range<'js>(&self, ctx: &Ctx<'js>, v: Value<'js>, k: usize) -> Res<Range> {
        of(&v).ok_or_else(|| {
            Exception::throw_type(
                ctx,
                &format!(
                    "Failed to execute '{}': parameter {k} is not of type 'Range'.",
                    self.name
                ),
            )
        })
    }
}

/// The native `AbstractRange`'s getters call for a live range.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    // [startContainer, startOffset, endContainer, endOffset, collapsed];
    // `undefined` for an object that is no live range.
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "rangeBounds",
        rquickjs::Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, r: Value<'js>| -> Res<Value<'js>> {
                let Some(range) = of(&r) else {
                    return Ok(Value::new_undefined(ctx.clone()));
                };
                let (s, so, e, eo, collapsed) = with_doc(&*a, |d| -> Result<_, DomError> {
                    Ok((
                        range.start_container(d)?,
                        range.start_offset(d)?,
                        range.end_container(d)?,
                        range.end_offset(d)?,
                        range.collapsed(d)?,
                    ))
                })
                .map_err(|e| throw(&ctx, e))?;
                let out = rquickjs::Array::new(ctx.clone())?;
                out.set(0, k.wrap(&ctx, s)?)?;
                out.set(1, so as f64)?;
                out.set(2, k.wrap(&ctx, e)?)?;
                out.set(3, eo as f64)?;
                out.set(4, collapsed)?;
                Ok(out.into_value())
            },
        )?,
    )?;
    Ok(())
}
