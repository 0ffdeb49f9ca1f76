//! `fetch()` (<https://fetch.spec.whatwg.org/#fetch-method>) in JS: the
//! prelude's `fetch` makes the promise; `fetchStart` checks the request
//! (dom-ecs `FetchRequest`) against the realm document's base URL and gives
//! it to the host, which sends it off the page thread and, when it is done,
//! queues a task that calls the page's `fetchDone(id)` hook
//! ([`crate::runtime::JsPage::fetch_done`]); the fetching realm's
//! `fetchTake(id)` turns what came back into its `Response` (or throws
//! the network error's `TypeError`). `responseText`/`responseBytes` are
//! the body readers `text()`, `json()` and `arrayBuffer()` resolve with.

use std::cell::RefCell;
use std::rc::Rc;

use dom_ecs::fetch::{BodyInit, FetchRequest, Response, utf8_decode};
use rquickjs::{ArrayBuffer, Ctx, Exception, FromJs as _, Function, Object, Value};
use rustc_hash::FxHashMap;

use crate::access::{DocumentAccess, with_doc};
use crate::idl::{IdlResult, Native, NodeKeys};
use crate::natives::{Profile, TimerSlot, throw};
use crate::values::{JsValueOf, search_params_init};

type Res<T> = rquickjs::Result<T>;

/// What the host's fetches gave, by id, until the fetching realm takes it.
pub(crate) type Fetched = Rc<RefCell<FxHashMap<u64, Result<Response, String>>>>;

/// `BodyInit?`: none for null or undefined, else [`body_init`].
pub(crate) fn nullable_body_init<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Option<BodyInit>> {
    if v.is_null() || v.is_undefined() {
        Ok(None)
    } else {
        body_init(ctx, v).map(Some)
    }
}

/// `BodyInit`, the kinds there are here: an `ArrayBuffer` or a view of
/// one (typed array, `DataView`: the bytes it views), a
/// `URLSearchParams`, anything else as a string.
fn body_init<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<BodyInit> {
    if let Some(bytes) = crate::encoding::bytes_of(ctx, &v)? {
        return Ok(BodyInit::Bytes(bytes));
    }
    if v.is_object()
        && let Ok(p) = dom_ecs::SearchParams::of(ctx, &v)
    {
        return Ok(BodyInit::Params(p));
    }
    Ok(BodyInit::Text(
        rquickjs::convert::Coerced::<String>::from_js(ctx, v)?.0,
    ))
}

/// Install `fetchStart`, `fetchTake`, `responseText` and `responseBytes`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    timers: &TimerSlot,
    fetched: &Fetched,
    profile: &Rc<Profile>,
) -> Res<()> {
    let (a, k, t) = (access.clone(), keys.clone(), timers.clone());
    n.set(
        "fetchStart",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  input: String,
                  method: Value<'js>,
                  headers: Value<'js>,
                  body: Value<'js>|
                  -> Res<f64> {
                let method = if method.is_undefined() {
                    None
                } else {
                    Some(rquickjs::convert::Coerced::<String>::from_js(&ctx, method)?.0)
                };
                let headers = if headers.is_undefined() {
                    None
                } else {
                    Some(search_params_init(&ctx, headers)?)
                };
                let body = if body.is_undefined() || body.is_null() {
                    None
                } else {
                    Some(body_init(&ctx, body)?)
                };
                let document = k.global_document(&ctx)?;
                let base = with_doc(&*a, |d| d.base_uri_of(document)).ok();
                let request = FetchRequest::new(
                    base.as_deref(),
                    &input,
                    method.as_deref(),
                    headers.as_ref(),
                    body.as_ref(),
                )
                .map_err(|e| throw(&ctx, e))?;
                match t.borrow().as_ref() {
                    Some(host) => Ok(host.fetch(request) as f64),
                    None => Err(Exception::throw_type(
                        &ctx,
                        "Failed to fetch: this page has no network",
                    )),
                }
            },
        )?,
    )?;
    let (a, k, f, p) = (
        access.clone(),
        keys.clone(),
        fetched.clone(),
        profile.clone(),
    );
    n.set(
        "fetchTake",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, id: f64| -> Res<Value<'js>> {
                let taken = f.borrow_mut().remove(&(id as u64));
                match taken {
                    Some(Ok(r)) => {
                        let nat = Native {
                            access: &a,
                            keys: &k,
                            profile: &p,
                            key: "fetch",
                            name: "fetch",
                        };
                        r.into_value(&ctx, &nat)
                    }
                    Some(Err(e)) => Err(Exception::throw_type(
                        &ctx,
                        &format!("Failed to fetch: {e}"),
                    )),
                    None => Err(Exception::throw_type(&ctx, "Failed to fetch")),
                }
            },
        )?,
    )?;
    n.set(
        "responseText",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, r: Value<'js>| -> Res<String> {
                let r = Response::of(&ctx, &r)?;
                let bytes = r.consume().map_err(|e| throw(&ctx, e))?;
                Ok(utf8_decode(&bytes))
            },
        )?,
    )?;
    n.set(
        "responseBytes",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, r: Value<'js>| -> Res<ArrayBuffer<'js>> {
                let r = Response::of(&ctx, &r)?;
                let bytes = r.consume().map_err(|e| throw(&ctx, e))?;
                ArrayBuffer::new_copy(ctx.clone(), &bytes[..])
            },
        )?,
    )?;
    Ok(())
}
