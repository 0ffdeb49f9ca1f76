//! Dedicated workers' natives
//! (<https://html.spec.whatwg.org/#dedicated-workers-and-the-worker-interface>):
//! a page's `Worker` objects start, message and end workers through the
//! host ([`crate::TimerHost`]); a worker's global posts to its owner,
//! imports scripts and closes through it. Messages cross as
//! [`dom_ecs::structured::Serialized`] records (the worker runs on
//! another thread, in a runtime of its own).

use rquickjs::context::EvalOptions;
use rquickjs::{Ctx, Exception, Function, Object, Value};

use crate::natives::{TimerSlot, throw};

type Res<T> = rquickjs::Result<T>;

fn no_host(ctx: &Ctx<'_>) -> rquickjs::Error {
    Exception::throw_internal(ctx, "this page's host runs no workers")
}

/// Install the worker natives on `n`.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, n: &Object<'js>, timers: &TimerSlot) -> Res<()> {
    let t = timers.clone();
    n.set(
        "workerStart",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, url: String| -> Res<f64> {
            let host = t.borrow();
            let host = host.as_ref().ok_or_else(|| no_host(&ctx))?;
            host.start_worker(&url)
                .map(|id| id as f64)
                .map_err(|e| throw(&ctx, dom_ecs::DomError::NotSupported(e)))
        })?,
    )?;
    let t = timers.clone();
    n.set(
        "workerPost",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, id: f64, message: Value<'js>, helpers: Object<'js>| -> Res<()> {
                let s = crate::clone::serialize(&ctx, message, &helpers)?;
                if let Some(host) = t.borrow().as_ref() {
                    host.post_to_worker(id as u64, s);
                }
                Ok(())
            },
        )?,
    )?;
    let t = timers.clone();
    n.set(
        "workerTerminate",
        Function::new(ctx.clone(), move |id: f64| {
            if let Some(host) = t.borrow().as_ref() {
                host.terminate_worker(id as u64);
            }
        })?,
    )?;
    let t = timers.clone();
    n.set(
        "postToOwner",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, message: Value<'js>, helpers: Object<'js>| -> Res<()> {
                let s = crate::clone::serialize(&ctx, message, &helpers)?;
                if let Some(host) = t.borrow().as_ref() {
                    host.post_to_owner(s);
                }
                Ok(())
            },
        )?,
    )?;
    let t = timers.clone();
    n.set(
        "workerClose",
        Function::new(ctx.clone(), move || {
            if let Some(host) = t.borrow().as_ref() {
                host.close_worker();
            }
        })?,
    )?;
    let t = timers.clone();
    n.set(
        "uncaughtToOwner",
        Function::new(ctx.clone(), move |message: String| {
            if let Some(host) = t.borrow().as_ref() {
                host.uncaught_to_owner(&message);
            }
        })?,
    )?;
    // importScripts' fetch and run of one script (in the global scope,
    // named by its URL); a failed load is a `NetworkError`, the script's
    // own exception goes up as it is.
    let t = timers.clone();
    n.set(
        "importScript",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, url: String| -> Res<()> {
            let loaded = {
                let host = t.borrow();
                let host = host.as_ref().ok_or_else(|| no_host(&ctx))?;
                host.import_script(&url)
            };
            let (name, source) = loaded.map_err(|e| {
                Exception::throw_dom(
                    &ctx,
                    "NetworkError",
                    &format!("Failed to execute 'importScripts' on 'WorkerGlobalScope': {e}"),
                )
            })?;
            let mut options = EvalOptions::default();
            options.global = true;
            options.strict = false;
            options.promise = false;
            options.filename = Some(name);
            ctx.eval_with_options::<(), _>(source, options)
        })?,
    )?;
    Ok(())
}
