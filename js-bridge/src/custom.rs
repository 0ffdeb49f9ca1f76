//! Custom elements' natives (<https://html.spec.whatwg.org/#custom-elements>):
//! the registry's DOM steps and the reactions queue are dom-ecs's
//! (`dom_ecs::custom`); the classes, the construction stacks and
//! `whenDefined`'s promises are the prelude's (`79-custom-elements.js`).
//!
//! Every native call is a `[CEReactions]` scope (`access::with_doc` marks
//! the reactions queue around it): the elements whose reactions a call
//! queued are noted here, and a generated member's native invokes them
//! through the prelude before it returns ([`invoke`]). What the parser,
//! Python or the host queued outside any call (the backup element queue)
//! runs at the next microtask checkpoint (`ceBackup`).

use std::cell::RefCell;
use std::rc::Rc;

use dom_ecs::Document;
use dom_ecs::custom::{DefinitionInit, Reaction};
use rquickjs::{Array, Ctx, Function, Object, Persistent, Value};

use crate::access::{DocumentAccess, lend, with_doc};
use crate::idl::{NodeKeys, string};
use crate::natives::{id, throw};

type Res<T> = rquickjs::Result<T>;

thread_local! {
    /// Node indexes of elements with reactions to invoke, in order.
    static PENDING: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// After a DOM call entered at `mark`: note the elements it queued.
pub(crate) fn note(d: &mut Document, mark: Option<usize>) {
    let Some(mark) = mark else { return };
    let elements = d.reactions_leave(mark);
    if !elements.is_empty() {
        PENDING.with_borrow_mut(|p| p.extend(elements.iter().map(|n| n.index())));
    }
}

/// `f` with the document as a `[CEReactions]` scope even before the
/// first definition (`define`, `upgrade`): what it queues is noted.
fn scoped<R>(access: &dyn DocumentAccess, f: impl FnOnce(&mut Document) -> R) -> R {
    lend(access, |d| {
        let mark = d.reactions_enter_always();
        let out = f(d);
        note(d, Some(mark));
        out
    })
}

/// Invoke the noted elements' reactions (the prelude's
/// `invokeReactions`), if any.
pub(crate) fn invoke<'js>(ctx: &Ctx<'js>, keys: &NodeKeys) -> Res<()> {
    let list = PENDING.with_borrow_mut(std::mem::take);
    if list.is_empty() {
        return Ok(());
    }
    call(ctx, keys, &list)
}

fn call<'js>(ctx: &Ctx<'js>, keys: &NodeKeys, list: &[u32]) -> Res<()> {
    let Some(f) = keys.reactions(ctx)? else {
        return Ok(());
    };
    let a = Array::new(ctx.clone())?;
    for (k, i) in list.iter().enumerate() {
        a.set(k, f64::from(*i))?;
    }
    f.call::<_, ()>((a,))
}

fn opt_string<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Option<String>> {
    if v.is_undefined() {
        Ok(None)
    } else {
        string(ctx, v).map(Some)
    }
}

/// A reaction as the prelude reads it: `[kind, definition, ...arguments]`
/// (0 upgrade, 1 connected, 2 disconnected, 3 adopted, 4 attribute
/// changed, 5 connected move).
fn reaction_value<'js>(ctx: &Ctx<'js>, r: Reaction, def: u32) -> Res<Value<'js>> {
    let a = Array::new(ctx.clone())?;
    let s = |v: Option<String>| -> Res<Value<'js>> {
        match v {
            Some(v) => crate::idl::js_string(ctx, &v),
            None => Ok(Value::new_null(ctx.clone())),
        }
    };
    let kind = match r {
        Reaction::Upgrade(_) => 0,
        Reaction::Connected => 1,
        Reaction::Disconnected => 2,
        Reaction::Adopted { old, new } => {
            a.set(2, f64::from(old.index()))?;
            a.set(3, f64::from(new.index()))?;
            3
        }
        Reaction::AttributeChanged {
            name,
            old,
            new,
            namespace,
        } => {
            a.set(2, s(Some(name))?)?;
            a.set(3, s(old)?)?;
            a.set(4, s(new)?)?;
            a.set(5, s(namespace)?)?;
            4
        }
        Reaction::ConnectedMove => 5,
    };
    a.set(0, kind)?;
    a.set(1, f64::from(def))?;
    Ok(a.into_value())
}

/// Install the custom element natives.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    // define()'s steps 2-7 (before the constructor's prototype is read).
    let a = access.clone();
    n.set(
        "ceCheck",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  wi: f64,
                  wg: f64,
                  name: Value<'js>,
                  taken: bool,
                  extends: Value<'js>|
                  -> Res<()> {
                let name = string(&ctx, name)?;
                let extends = opt_string(&ctx, extends)?;
                with_doc(&*a, |d| {
                    d.check_custom_definition(id(wi, wg), &name, taken, extends.as_deref())
                })
                .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "ceRunning",
        Function::new(ctx.clone(), move |wi: f64, wg: f64, running: bool| {
            with_doc(&*a, |d| d.custom_running(id(wi, wg), running));
        })?,
    )?;
    let a = access.clone();
    n.set(
        "ceDefine",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  wi: f64,
                  wg: f64,
                  name: Value<'js>,
                  extends: Value<'js>,
                  observed: Array<'js>,
                  callbacks: u8|
                  -> Res<f64> {
                let name = string(&ctx, name)?;
                let extends = opt_string(&ctx, extends)?;
                let observed = observed
                    .iter::<Value>()
                    .map(|v| string(&ctx, v?))
                    .collect::<Res<Vec<String>>>()?;
                let init = DefinitionInit {
                    extends: extends.as_deref(),
                    observed,
                    callbacks,
                };
                scoped(&*a, |d| d.define_custom_element(id(wi, wg), &name, init))
                    .map(f64::from)
                    .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "ceNamed",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, wi: f64, wg: f64, name: Value<'js>| -> Res<f64> {
                let name = string(&ctx, name)?;
                Ok(
                    with_doc(&*a, |d| d.custom_definition_named(id(wi, wg), &name))
                        .map_or(-1.0, f64::from),
                )
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "ceUpgradeTree",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64| -> Res<()> {
                scoped(&*a, |d| d.upgrade_custom_elements(id(i, g))).map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "ceCreate",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, def: u32| -> Res<f64> {
            with_doc(&*a, |d| d.create_custom_element(def))
                .map(|n| f64::from(n.index()))
                .map_err(|e| throw(&ctx, e))
        })?,
    )?;
    // (The reaction natives lend the document with no reactions scope:
    // what an upgrade queues is for the element whose queue the prelude
    // is emptying.)
    let a = access.clone();
    n.set(
        "ceNext",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, index: u32| -> Res<Value<'js>> {
                let next = lend(&*a, |d| {
                    let node = d.node_at_index(index)?;
                    d.next_reaction(node)
                });
                match next {
                    Some((r, def)) => reaction_value(&ctx, r, def),
                    None => Ok(Value::new_undefined(ctx.clone())),
                }
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "ceUpgradeBegin",
        Function::new(ctx.clone(), move |index: u32, def: u32| -> bool {
            lend(&*a, |d| {
                d.node_at_index(index)
                    .is_some_and(|node| d.custom_upgrade_begin(node, def))
            })
        })?,
    )?;
    let a = access.clone();
    n.set(
        "ceUpgradeEnd",
        Function::new(ctx.clone(), move |index: u32, ok: bool| {
            lend(&*a, |d| {
                if let Some(node) = d.node_at_index(index) {
                    d.custom_upgrade_end(node, ok);
                }
            });
        })?,
    )?;
    n.set(
        "ceInterfaceCode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, local: Value<'js>| -> Res<f64> {
                let local = string(&ctx, local)?;
                Ok(16.0 + f64::from(dom_ecs::html::html_interface_code(&local)))
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "createElementIs",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64, local: Value<'js>, is: Value<'js>| -> Res<f64> {
                let local = string(&ctx, local)?;
                let is = string(&ctx, is)?;
                scoped(&*a, |d| d.create_element_is_in(id(i, g), &local, &is))
                    .map(|n| f64::from(n.index()))
                    .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    let k = keys.clone();
    n.set(
        "ceFlush",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| invoke(&ctx, &k))?,
    )?;
    // The backup element queue, at a microtask checkpoint (outside any
    // call, so not through `with_doc`'s scope).
    let a = access.clone();
    let k = keys.clone();
    n.set(
        "ceBackup",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> Res<()> {
            let list = lend(&*a, Document::take_backup_reactions);
            if list.is_empty() {
                return Ok(());
            }
            let list: Vec<u32> = list.iter().map(|n| n.index()).collect();
            call(&ctx, &k, &list)
        })?,
    )?;
    let k = keys.clone();
    n.set(
        "ceSetProto",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, def: u32, proto: Object<'js>| -> Res<()> {
                k.wrappers(&ctx)?.set_custom_proto(&ctx, def, proto);
                Ok(())
            },
        )?,
    )?;
    let k = keys.clone();
    n.set(
        "setReactions",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, f: Function<'js>| {
            k.set_reactions(Persistent::save(&ctx, f));
        })?,
    )?;
    Ok(())
}
