//! `MutationObserver` (<https://dom.spec.whatwg.org/#interface-mutationobserver>):
//! a native object holds the dom-ecs observer; the prelude's class keeps
//! the callback and calls it. dom-ecs queues the records; after a DOM call
//! that queued the first record since the last notification, the bridge
//! queues the prelude's notify microtask ([`queue_microtask`]), and the
//! page's job loop notifies any observer still pending
//! (`JsPage::run_jobs`).

use std::cell::Cell;
use std::rc::Rc;

use dom_ecs::{Callback, LiveCollection, MutationObserver, MutationRecord, ObserverInit};
use rquickjs::{Array, Class, Ctx, Exception, Function, Object, Persistent, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::collection::JsCollection;
use crate::idl::NodeKeys;
use crate::natives::{ENGINE_JS, throw};

type Res<T> = rquickjs::Result<T>;

/// One observer's native half.
pub(crate) struct JsObserver(MutationObserver);

crate::native_class::native_class!(JsObserver, "MutationObserverState");

thread_local! {
    /// Set when a DOM call queued JS's mutation observer microtask in
    /// dom-ecs and it is not queued in QuickJS yet.
    static WANTED: Cell<bool> = const { Cell::new(false) };
}

/// After a DOM call: note whether it asked for JS's observer microtask.
pub(crate) fn note_microtask(d: &mut dom_ecs::Document) {
    if d.take_observer_microtask(ENGINE_JS) {
        WANTED.set(true);
    }
}

/// Queue the prelude's notify microtask if a DOM call asked for it.
pub(crate) fn queue_microtask<'js>(ctx: &Ctx<'js>, keys: &NodeKeys) -> Res<()> {
    if !WANTED.replace(false) {
        return Ok(());
    }
    match keys.observer_microtask(ctx)? {
        Some(f) => f.call(()),
        None => Ok(()),
    }
}

fn state<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Res<MutationObserver> {
    Class::<JsObserver>::from_value(v)
        .map(|c| c.borrow().0.clone())
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}

/// A record as the prelude's `MutationRecord` reads it: [type, target,
/// addedNodes, removedNodes, previousSibling, nextSibling, attributeName,
/// attributeNamespace, oldValue].
fn record<'js>(
    ctx: &Ctx<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    r: MutationRecord,
) -> Res<Value<'js>> {
    let out = Array::new(ctx.clone())?;
    let node = |n: Option<dom_ecs::NodeId>| -> Res<Value<'js>> {
        match n {
            Some(n) => keys.wrap(ctx, n),
            None => Ok(Value::new_null(ctx.clone())),
        }
    };
    let string = |s: Option<&str>| -> Res<Value<'js>> {
        match s {
            Some(s) => crate::idl::js_string(ctx, s),
            None => Ok(Value::new_null(ctx.clone())),
        }
    };
    out.set(0, r.kind.as_str())?;
    out.set(1, keys.wrap(ctx, r.target)?)?;
    // (The record's own lists: while one lives, its text nodes are not
    // rewritten in place.)
    let list = |ids| JsCollection::object(ctx, access, keys, LiveCollection::fixed(ids));
    out.set(2, list(r.added_list())?)?;
    out.set(3, list(r.removed_list())?)?;
    out.set(4, node(r.previous_sibling)?)?;
    out.set(5, node(r.next_sibling)?)?;
    out.set(6, string(r.attribute_name.as_deref())?)?;
    out.set(7, string(r.attribute_namespace.as_deref())?)?;
    out.set(8, string(r.old_value.as_deref())?)?;
    Ok(out.into_value())
}

fn records<'js>(
    ctx: &Ctx<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    list: Vec<MutationRecord>,
) -> Res<Array<'js>> {
    let out = Array::new(ctx.clone())?;
    for (i, r) in list.into_iter().enumerate() {
        out.set(i, record(ctx, access, keys, r)?)?;
    }
    Ok(out)
}

/// `undefined` or a boolean, as the prelude passes a dictionary member.
fn optional(v: &Value<'_>) -> Option<bool> {
    v.as_bool()
}

/// The natives the prelude's `MutationObserver` class calls.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    n.set(
        "observerCreate",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, key: f64| -> Res<Value<'js>> {
                let mo = MutationObserver::new(Callback {
                    engine: ENGINE_JS,
                    key: key as u64,
                });
                Ok(Class::instance(ctx.clone(), JsObserver(mo))?.into_value())
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "observerObserve",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  o: Value<'js>,
                  i: f64,
                  g: f64,
                  flags: Array<'js>,
                  filter: Option<Vec<String>>|
                  -> Res<()> {
                let mo = state(&ctx, &o)?;
                let f = |k: usize| -> Res<Value<'js>> { flags.get(k) };
                let init = ObserverInit {
                    child_list: f(0)?.as_bool().unwrap_or(false),
                    attributes: optional(&f(1)?),
                    character_data: optional(&f(2)?),
                    subtree: f(3)?.as_bool().unwrap_or(false),
                    attribute_old_value: optional(&f(4)?),
                    character_data_old_value: optional(&f(5)?),
                    attribute_filter: filter,
                };
                let target = crate::natives::id(i, g);
                with_doc(&*a, |d| d.observe(&mo, target, init)).map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "observerDisconnect",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, o: Value<'js>| -> Res<()> {
                let mo = state(&ctx, &o)?;
                with_doc(&*a, |d| d.disconnect_observer(&mo));
                Ok(())
            },
        )?,
    )?;
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "observerTakeRecords",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, o: Value<'js>| -> Res<Array<'js>> {
                let mo = state(&ctx, &o)?;
                let mut taken = mo.take_records();
                let list = with_doc(&*a, |d| d.materialize_records(&mo, &mut taken));
                records(&ctx, &a, &k, list)
            },
        )?,
    )?;
    n.set(
        "observerIsObserving",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, o: Value<'js>| -> Res<bool> {
                Ok(state(&ctx, &o)?.is_observing())
            },
        )?,
    )?;
    // [[key, records]...]: JS's pending observers, notified in order.
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "observerNotify",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> Res<Array<'js>> {
            let pending = with_doc(&*a, |d| d.take_pending_observers(ENGINE_JS));
            let out = Array::new(ctx.clone())?;
            for (i, (mo, mut taken)) in pending.into_iter().enumerate() {
                let list = with_doc(&*a, |d| d.materialize_records(&mo, &mut taken));
                let pair = Array::new(ctx.clone())?;
                pair.set(0, mo.callback().key as f64)?;
                pair.set(1, records(&ctx, &a, &k, list)?)?;
                out.set(i, pair)?;
            }
            Ok(out)
        })?,
    )?;
    let a = access.clone();
    n.set(
        "observerPending",
        Function::new(ctx.clone(), move || pending(&*a))?,
    )?;
    let k = keys.clone();
    n.set(
        "setObserverMicrotask",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, f: Function<'js>| {
            k.set_observer_microtask(Persistent::save(&ctx, f));
        })?,
    )?;
    Ok(())
}

/// Whether JS has observers with records no microtask delivered yet.
fn pending(access: &dyn DocumentAccess) -> bool {
    WANTED.replace(false) || with_doc(access, |d| d.has_pending_observers(ENGINE_JS))
}
