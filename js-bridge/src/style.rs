//! `getComputedStyle` (<https://drafts.csswg.org/cssom/#dom-window-getcomputedstyle>):
//! the native the window's method (prelude `90-window.js`) calls; its
//! `CSSStyleDeclaration` is the same object kind as an element's `style`,
//! read-only, over dom-ecs's computed style. Written by hand: `Window` is
//! the prelude's, not a generated interface.

use std::rc::Rc;

use rquickjs::{Ctx, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::{id, throw};

/// Install `computedStyle(i, g, pseudo)`: the computed style object of
/// element `[i, g]` (a `TypeError` for a node that is no element).
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> rquickjs::Result<()> {
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "computedStyle",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  i: f64,
                  g: f64,
                  pseudo: Option<String>|
                  -> rquickjs::Result<Value<'js>> {
                let style = with_doc(&*a, |d| d.computed_style(id(i, g), pseudo.as_deref()))
                    .map_err(|e| throw(&ctx, e))?;
                crate::collection::JsCollection::style(&ctx, &a, &k, style)
            },
        )?,
    )?;
    Ok(())
}
