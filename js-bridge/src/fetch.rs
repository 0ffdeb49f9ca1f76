//! `fetch()` (<https://fetch.spec.whatwg.org/#fetch-method>) in JS: the
//! prelude's `fetch` makes the promise; `fetchStart` checks the request
//! (dom-ecs `FetchRequest`) against the realm document's base URL and gives
//! it to the host, which sends it off the page thread and, when it is done,
//! queues a task that calls the page's `fetchDone(id)` hook
//! ([`crate::runtime::JsPage::fetch_done`]); the fetching realm's
//! `fetchTake(id)` turns what came back into its `Response` (or throws
//! the network error's `TypeError`). `bodyText`/`bodyBytes`/`bodyFormData`
//! are what the body readers `text()`, `json()`, `arrayBuffer()` and
//! `formData()` of a `Response` or `Request` resolve with; `requestNew`,
//! `formDataNew`, `formDataAppend` and `formDataSet`
//! are the members the generator leaves to us (a base URL, a form
//! argument, overloads).

use std::cell::RefCell;
use std::rc::Rc;

use dom_ecs::fetch::{
    Body, BodyInit, FormData, Request, RequestInfo, RequestInit, Response, utf8_decode,
};
use rquickjs::{ArrayBuffer, Ctx, Exception, Function, Object, Value};
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
/// `URLSearchParams`, a `FormData`, anything else as a string.
fn body_init<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<BodyInit> {
    if let Some(bytes) = crate::encoding::bytes_of(ctx, &v)? {
        return Ok(BodyInit::Bytes(bytes));
    }
    if v.is_object() {
        if let Some(p) = dom_ecs::SearchParams::probe(&v) {
            return Ok(BodyInit::Params(p));
        }
        if let Some(f) = FormData::probe(&v) {
            return Ok(BodyInit::FormData(f));
        }
    }
    Ok(BodyInit::Text(crate::idl::usv_string(ctx, v)?))
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
    let p0 = profile.clone();
    let t = timers.clone();
    n.set(
        "fetchStart",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, request: Value<'js>| -> Res<f64> {
                let request = Request::of(&ctx, &request)?
                    .to_fetch()
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
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "requestNew",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  input: Value<'js>,
                  method: Value<'js>,
                  headers: Value<'js>,
                  body: Value<'js>|
                  -> Res<Value<'js>> {
                let input = match Request::probe(&input) {
                    Some(r) if input.is_object() => RequestInfo::Request(r),
                    _ => RequestInfo::Url(crate::idl::usv_string(&ctx, input)?),
                };
                let init = RequestInit {
                    method: if method.is_undefined() {
                        None
                    } else {
                        Some(crate::idl::string(&ctx, method)?)
                    },
                    headers: if headers.is_undefined() {
                        None
                    } else {
                        Some(search_params_init(&ctx, headers)?)
                    },
                    body: nullable_body_init(&ctx, body)?,
                };
                let document = k.global_document(&ctx)?;
                let base = with_doc(&*a, |d| d.base_uri_of(document)).ok();
                let r = Request::new(base.as_deref(), &input, &init).map_err(|e| throw(&ctx, e))?;
                let nat = Native {
                    access: &a,
                    keys: &k,
                    profile: &p0,
                    key: "Request",
                    name: "Request",
                };
                r.into_value(&ctx, &nat)
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
    let (a, k, p) = (access.clone(), keys.clone(), profile.clone());
    n.set(
        "responseRedirect",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, url: Value<'js>, status: Value<'js>| -> Res<Value<'js>> {
                let url = crate::idl::usv_string(&ctx, url)?;
                let status = if status.is_undefined() {
                    302
                } else {
                    crate::idl::unsigned_short(&ctx, status)?
                };
                let document = k.global_document(&ctx)?;
                let base = with_doc(&*a, |d| d.base_uri_of(document)).ok();
                let r = Response::redirect(base.as_deref(), &url, status)
                    .map_err(|e| throw(&ctx, e))?;
                let nat = Native {
                    access: &a,
                    keys: &k,
                    profile: &p,
                    key: "Response.redirect",
                    name: "redirect",
                };
                r.into_value(&ctx, &nat)
            },
        )?,
    )?;
    n.set(
        "bodyText",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, r: Value<'js>| -> Res<String> {
            let bytes = Body::of(&ctx, &r)?.consume().map_err(|e| throw(&ctx, e))?;
            Ok(utf8_decode(&bytes))
        })?,
    )?;
    n.set(
        "bodyBytes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, r: Value<'js>| -> Res<ArrayBuffer<'js>> {
                let bytes = Body::of(&ctx, &r)?.consume().map_err(|e| throw(&ctx, e))?;
                ArrayBuffer::new_copy(ctx.clone(), &bytes[..])
            },
        )?,
    )?;
    let (a, k, p) = (access.clone(), keys.clone(), profile.clone());
    n.set(
        "bodyFormData",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, r: Value<'js>| -> Res<Value<'js>> {
                let f = Body::of(&ctx, &r)?
                    .form_data()
                    .map_err(|e| throw(&ctx, e))?;
                let nat = Native {
                    access: &a,
                    keys: &k,
                    profile: &p,
                    key: "formData",
                    name: "formData",
                };
                f.into_value(&ctx, &nat)
            },
        )?,
    )?;
    let (a, k, p) = (access.clone(), keys.clone(), profile.clone());
    n.set(
        "formDataNew",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, form: Value<'js>, submitter: Value<'js>| -> Res<Value<'js>> {
                let f = if form.is_undefined() {
                    FormData::new()
                } else {
                    let form = k.node_arg(&ctx, &form)?;
                    let submitter = if submitter.is_undefined() || submitter.is_null() {
                        None
                    } else {
                        Some(k.node_arg(&ctx, &submitter)?)
                    };
                    let entries = with_doc(&*a, |d| d.form_data_of(form, submitter))
                        .map_err(|e| throw(&ctx, e))?;
                    FormData::from_entries(entries)
                };
                let nat = Native {
                    access: &a,
                    keys: &k,
                    profile: &p,
                    key: "FormData",
                    name: "FormData",
                };
                f.into_value(&ctx, &nat)
            },
        )?,
    )?;
    for (name, write) in [
        (
            "formDataAppend",
            FormData::append as fn(&FormData, &str, &str) -> _,
        ),
        ("formDataSet", FormData::set),
    ] {
        n.set(
            name,
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>,
                      f: Value<'js>,
                      name: Value<'js>,
                      value: Value<'js>|
                      -> Res<()> {
                    let f = FormData::of(&ctx, &f)?;
                    let name = crate::idl::string(&ctx, name)?;
                    let value = crate::idl::string(&ctx, value)?;
                    write(&f, &name, &value).map_err(|e| throw(&ctx, e))
                },
            )?,
        )?;
    }
    Ok(())
}
