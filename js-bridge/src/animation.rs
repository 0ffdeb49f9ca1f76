//! Web Animations' `Animation` objects of CSS transitions
//! (`CSSTransition`) and CSS animations (`CSSAnimation`): one native class
//! over a dom-ecs [`AnimationHandle`], one object per animation while it
//! lives (`Wrappers::by_identity`), whose prototype says its kind; the
//! members are generated (webidl/bindings.txt).

use std::rc::Rc;

use dom_ecs::{AnimationHandle, Document, DomError};
use rquickjs::{Array, Class, Ctx, Exception, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::{IdlResult, Native};
use crate::natives::throw;
use crate::realm::ValueProto;

type Res<T> = rquickjs::Result<T>;

/// One `Animation` object.
pub(crate) struct JsAnimation {
    handle: AnimationHandle,
    access: Rc<dyn DocumentAccess>,
}

crate::native_class::native_class!(JsAnimation, "Animation");

impl crate::idl::JsObjectOf for AnimationHandle {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let c = Class::<JsAnimation>::from_value(this)
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))?;
        let (mut handle, access) = {
            let c = c.borrow();
            (c.handle.clone(), c.access.clone())
        };
        with_doc(&*access, |d| f(&mut handle, d)).map_err(|e| throw(ctx, e))
    }
}

/// `getAnimations()`'s result: an array of the animations' objects.
impl<'js> IdlResult<'js> for Vec<AnimationHandle> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        let out = Array::new(ctx.clone())?;
        let wrappers = nat.keys.wrappers(ctx)?;
        for (k, handle) in self.into_iter().enumerate() {
            let proto = if handle.is_transition() {
                ValueProto::CssTransition
            } else {
                ValueProto::CssAnimation
            };
            let object = wrappers.by_identity(ctx, handle.identity(), || {
                let proto = nat.keys.value_proto(ctx, proto)?;
                let o = JsAnimation {
                    handle,
                    access: nat.access.clone(),
                };
                Ok(Class::instance_proto(o, proto)?.into_value())
            })?;
            out.set(k, object)?;
        }
        Ok(out.into_value())
    }
}
