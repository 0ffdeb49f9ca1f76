//! `Attr` objects (<https://dom.spec.whatwg.org/#interface-attr>): each is
//! made of a dom-ecs [`AttrRef`] (its element, namespace and local name, and
//! the names, which never change), and its members are generated from the
//! binding table as methods of that value. The prelude keeps one object
//! per element, namespace and local name (`attrNode`) and gives it
//! `Attr.prototype`.

use std::rc::Rc;

use dom_ecs::{AttrRef, Document, DomError, Unpinner};
use rquickjs::{Class, Ctx, Exception, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// One `Attr`: its attribute, with the element pinned while it lives
/// (`ownerElement` may return it).
pub(crate) struct JsAttr {
    attr: AttrRef,
    access: Rc<dyn DocumentAccess>,
    unpinner: Unpinner,
}

impl Drop for JsAttr {
    fn drop(&mut self) {
        self.unpinner.unpin(self.attr.element);
    }
}

crate::native_class::native_class!(JsAttr, "Attr");

impl JsAttr {
    /// A new object of `attr` (the prelude's `attrNode` keeps one per
    /// element and name: it returns that one if there is one).
    pub(crate) fn object<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        attr: AttrRef,
    ) -> Res<Value<'js>> {
        let element = attr.element;
        let unpinner = with_doc(&**access, |d| -> Result<_, DomError> {
            d.pin(element)?;
            Ok(d.unpinner())
        })
        .map_err(|e| throw(ctx, e))?;
        let a = JsAttr {
            attr,
            access: access.clone(),
            unpinner,
        };
        Ok(Class::instance(ctx.clone(), a)?.into_value())
    }
}

/// An `Attr` object is made of its `AttrRef`.
impl crate::idl::JsObjectOf for AttrRef {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let a = Class::<JsAttr>::from_value(this)
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))?;
        let a = a.borrow();
        let mut attr = a.attr.clone();
        with_doc(&*a.access, |d| f(&mut attr, d)).map_err(|e| throw(ctx, e))
    }
}
