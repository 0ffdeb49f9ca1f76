//! `window.postMessage`'s native
//! (<https://html.spec.whatwg.org/#dom-window-postmessage>): the message is
//! serialized here and queued by dom-ecs (`Document::post_message`) for
//! the host, which delivers it as a task.

use std::rc::Rc;

use rquickjs::{Ctx, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::{id, throw};

type Res<T> = rquickjs::Result<T>;

/// The name the prelude's functions report as their script.
const PRELUDE: &str = "ecsdom:prelude.js";

/// How many calls up the stack the caller's script is looked for.
const MAX_LEVELS: isize = 32;

/// The incumbent window of a native's call: the window whose script
/// defined the nearest function on the stack that is not the prelude's
/// (the page's when that is not known).
fn incumbent(ctx: &Ctx<'_>, keys: &NodeKeys) -> Res<Option<dom_ecs::NodeId>> {
    let mut name = None;
    for level in 1..MAX_LEVELS {
        let Some(atom) = ctx.script_or_module_name(level) else {
            continue;
        };
        let text = atom.to_string()?;
        if text != PRELUDE {
            name = Some(text);
            break;
        }
    }
    keys.read_realms(ctx, |r| Ok(r.script_window(name.as_deref().unwrap_or(""))))
}

/// Install the native on `n`: `postMessage(wi, wg, message, helpers,
/// targetOrigin)` posts `message` to window [wi, wg] from the calling
/// script's window.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    let a = access.clone();
    let k = keys.clone();
    n.set(
        "postMessage",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  wi: f64,
                  wg: f64,
                  message: Value<'js>,
                  helpers: Object<'js>,
                  target_origin: String|
                  -> Res<()> {
                let target = id(wi, wg);
                let source = incumbent(&ctx, &k)?.unwrap_or(target);
                let data = crate::clone::serialize(&ctx, message, &helpers)?;
                with_doc(&*a, |d| {
                    d.post_message(target, source, data, &target_origin)
                })
                .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    Ok(())
}
