//! Unhandled promise rejections, as HTML's "notify about rejected
//! promises" has them: a promise rejected while no handler is attached is
//! noted by QuickJS's rejection tracker, forgotten again if a handler is
//! attached before the microtask checkpoint ends, and reported then, as a
//! browser's console does (`Uncaught (in promise) Error: ...`): the
//! page's error, counted like an uncaught exception. (The
//! `unhandledrejection` event is not there yet.)

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use rquickjs::{CaughtError, Ctx, FromJs, Persistent, Runtime, Value};

/// Rejections noted at most between two checkpoints (more are dropped:
/// the first ones are reported).
const MAX_PENDING: usize = 1000;

type Noted = Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>;

/// The rejected promises no handler has seen yet, with their reasons.
/// Emptied when dropped, before the runtime they live in goes.
#[derive(Default)]
pub(crate) struct Pending(Rc<RefCell<Noted>>);

impl Drop for Pending {
    fn drop(&mut self) {
        drop(std::mem::take(&mut *self.0.borrow_mut()));
    }
}

impl Pending {
    /// Note the rejections of `runtime`'s promises here.
    pub(crate) fn track(runtime: &Runtime) -> Pending {
        let pending = Pending::default();
        let noted = pending.0.clone();
        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            move |ctx, promise, reason, handled| {
                let Ok(mut list) = noted.try_borrow_mut() else {
                    return;
                };
                if handled {
                    list.retain(|(p, _)| p.clone().restore(&ctx).is_ok_and(|p| p != promise));
                } else if list.len() < MAX_PENDING {
                    list.push((
                        Persistent::save(&ctx, promise),
                        Persistent::save(&ctx, reason),
                    ));
                }
            },
        )));
        pending
    }

    /// The report of each rejection still unhandled; the list is emptied.
    pub(crate) fn take_reports(&self, ctx: &Ctx<'_>, timeout: Duration) -> Vec<String> {
        let noted = std::mem::take(&mut *self.0.borrow_mut());
        noted
            .into_iter()
            .filter_map(|(_, reason)| reason.restore(ctx).ok())
            .map(|reason| {
                let shown = if reason.is_object() {
                    let caught = match reason
                        .clone()
                        .into_object()
                        .and_then(rquickjs::Exception::from_object)
                    {
                        Some(e) => CaughtError::Exception(e),
                        None => CaughtError::Value(reason),
                    };
                    crate::runtime::describe(caught, timeout)
                        .strip_prefix("Uncaught ")
                        .map(str::to_owned)
                        .unwrap_or_default()
                } else {
                    rquickjs::Coerced::<String>::from_js(ctx, reason)
                        .map(|s| s.0)
                        .unwrap_or_default()
                };
                format!("Uncaught (in promise) {shown}")
            })
            .collect()
    }
}
