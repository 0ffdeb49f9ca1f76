//! `History`'s natives that carry a structured clone: the state (each
//! read of a new entry's state deserializes it once; the prelude keeps
//! it until the entry changes), `pushState`/`replaceState`, and a
//! `PopStateEvent`'s `state` init member.

use std::rc::Rc;

use dom_ecs::{EventId, EventValue};
use rquickjs::{Ctx, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::natives::{id, throw};

type Res<T> = rquickjs::Result<T>;

/// [an identity of `state` (0: none), its value deserialized unless the
/// identity is `known`, which the prelude holds already].
fn identified<'js>(
    ctx: &Ctx<'js>,
    state: Option<&std::sync::Arc<dom_ecs::structured::Serialized>>,
    known: f64,
    helpers: &Object<'js>,
) -> Res<Vec<Value<'js>>> {
    let Some(state) = state else {
        return Ok(vec![
            Value::new_number(ctx.clone(), 0.0),
            Value::new_null(ctx.clone()),
        ]);
    };
    let identity = std::sync::Arc::as_ptr(state) as usize as f64;
    let value = if identity == known {
        Value::new_undefined(ctx.clone())
    } else {
        crate::clone::deserialize(ctx, state, helpers)?
    };
    Ok(vec![Value::new_number(ctx.clone(), identity), value])
}

/// Install the natives on `n`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
) -> Res<()> {
    // [an identity of the current entry's state (0: none), its value
    // deserialized when the identity is not `known`].
    let a = access.clone();
    n.set(
        "historyState",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  wi: f64,
                  wg: f64,
                  known: f64,
                  helpers: Object<'js>|
                  -> Res<Vec<Value<'js>>> {
                let state =
                    with_doc(&*a, |d| d.history_state(id(wi, wg))).map_err(|e| throw(&ctx, e))?;
                identified(&ctx, state.as_ref(), known, &helpers)
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "historyPush",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  wi: f64,
                  wg: f64,
                  data: Value<'js>,
                  helpers: Object<'js>,
                  url: Option<String>,
                  replace: bool|
                  -> Res<()> {
                let state = crate::clone::serialize(&ctx, data, &helpers)?;
                with_doc(&*a, |d| {
                    d.push_state(id(wi, wg), state, url.as_deref(), replace)
                })
                .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    // The serialized init member `name` of event `e`: [its identity, its
    // value deserialized unless the identity is `known`].
    let a = access.clone();
    n.set(
        "eventCloned",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  e: f64,
                  name: String,
                  known: f64,
                  helpers: Object<'js>|
                  -> Res<Vec<Value<'js>>> {
                let found = with_doc(&*a, |d| {
                    d.event(EventId::from_bits(e as u64)).ok().and_then(|ev| {
                        ev.init.iter().find_map(|(k, v)| match v {
                            EventValue::Cloned(s) if *k == name => Some(s.clone()),
                            _ => None,
                        })
                    })
                });
                identified(&ctx, found.as_ref(), known, &helpers)
            },
        )?,
    )?;
    Ok(())
}
