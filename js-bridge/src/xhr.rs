//! `XMLHttpRequest`'s natives: each a step of dom-ecs's
//! [`XmlHttpRequest`] on the native object the prelude's class holds
//! (`79-xhr.js`, which fires the events each step calls for). `send`
//! hands the request to the host: off the page thread (the result comes
//! back as a fetch task, `xhrReceive`), or on it for a synchronous one.

use dom_ecs::fetch::Response;
use dom_ecs::fetch::xhr::XmlHttpRequest;
use rquickjs::{ArrayBuffer, Class, Ctx, Exception, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::{TimerSlot, throw};

type Res<T> = rquickjs::Result<T>;

/// The native half of an `XMLHttpRequest` object.
pub(crate) struct JsXhr(XmlHttpRequest);

crate::native_class::native_class!(JsXhr, "XMLHttpRequestState");

fn of(ctx: &Ctx<'_>, v: &Value<'_>) -> Res<XmlHttpRequest> {
    Class::<JsXhr>::from_value(v)
        .map(|c| c.borrow().0.clone())
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}

/// Install the natives on `n`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &std::rc::Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    timers: &TimerSlot,
    fetched: &crate::fetch::Fetched,
) -> Res<()> {
    macro_rules! f {
        ($name:literal, $f:expr) => {
            n.set($name, Function::new(ctx.clone(), $f)?)?;
        };
    }
    f!("xhrNew", |ctx: Ctx<'js>| Class::instance(
        ctx,
        JsXhr(XmlHttpRequest::new())
    ));
    f!("xhrReadyState", |ctx: Ctx<'js>,
                         x: Value<'js>|
     -> Res<u16> {
        Ok(of(&ctx, &x)?.ready_state())
    });
    let (a, k) = (access.clone(), keys.clone());
    f!("xhrOpen", move |ctx: Ctx<'js>,
                        x: Value<'js>,
                        method: String,
                        url: String,
                        asynchronous: bool,
                        user: Option<String>,
                        password: Option<String>|
          -> Res<bool> {
        let document = k.global_document(&ctx)?;
        let base = with_doc(&*a, |d| d.base_uri_of(document)).ok();
        of(&ctx, &x)?
            .open(
                &method,
                &url,
                base.as_deref(),
                asynchronous,
                user.as_deref(),
                password.as_deref(),
            )
            .map_err(|e| throw(&ctx, e))
    });
    f!("xhrSetRequestHeader", |ctx: Ctx<'js>,
                               x: Value<'js>,
                               name: String,
                               value: String|
     -> Res<()> {
        of(&ctx, &x)?
            .set_request_header(&name, &value)
            .map_err(|e| throw(&ctx, e))
    });
    f!("xhrTimeout", |ctx: Ctx<'js>, x: Value<'js>| -> Res<u32> {
        Ok(of(&ctx, &x)?.timeout())
    });
    f!("xhrSetTimeout", |ctx: Ctx<'js>,
                         x: Value<'js>,
                         ms: f64|
     -> Res<()> {
        of(&ctx, &x)?.set_timeout(ms as u32);
        Ok(())
    });
    f!("xhrWithCredentials", |ctx: Ctx<'js>,
                              x: Value<'js>|
     -> Res<bool> {
        Ok(of(&ctx, &x)?.with_credentials())
    });
    f!("xhrSetWithCredentials", |ctx: Ctx<'js>,
                                 x: Value<'js>,
                                 v: bool|
     -> Res<()> {
        of(&ctx, &x)?
            .set_with_credentials(v)
            .map_err(|e| throw(&ctx, e))
    });
    // send(body): [id of the host's request (-1: done already, a
    // synchronous one), the request's generation].
    let t = timers.clone();
    f!("xhrSend", move |ctx: Ctx<'js>,
                        x: Value<'js>,
                        body: Value<'js>|
          -> Res<Vec<f64>> {
        let xhr = of(&ctx, &x)?;
        let body = crate::fetch::nullable_body_init(&ctx, body)?;
        let send = xhr.send(body.as_ref()).map_err(|e| throw(&ctx, e))?;
        let host = t.borrow();
        let Some(host) = host.as_ref() else {
            return Err(Exception::throw_type(&ctx, "this page has no network"));
        };
        if send.synchronous {
            let result = host.fetch_now(send.request).map(Response::from_network);
            xhr.receive(send.generation, result);
            return Ok(vec![-1.0, send.generation as f64]);
        }
        let id = host.fetch(send.request);
        Ok(vec![id as f64, send.generation as f64])
    });
    // The host's result of request `id` for generation `g`: whether it
    // was this request's (the events follow).
    let fe = fetched.clone();
    f!("xhrReceive", move |ctx: Ctx<'js>,
                           x: Value<'js>,
                           g: f64,
                           id: f64|
          -> Res<bool> {
        let result = fe
            .borrow_mut()
            .remove(&(id as u64))
            .unwrap_or_else(|| Err("no result".into()));
        Ok(of(&ctx, &x)?.receive(g as u64, result))
    });
    f!("xhrFailed", |ctx: Ctx<'js>, x: Value<'js>| -> Res<bool> {
        Ok(of(&ctx, &x)?.failed())
    });
    f!("xhrAbort", |ctx: Ctx<'js>, x: Value<'js>| -> Res<bool> {
        Ok(of(&ctx, &x)?.abort())
    });
    f!("xhrResetAfterAbort", |ctx: Ctx<'js>,
                              x: Value<'js>|
     -> Res<()> {
        of(&ctx, &x)?.reset_after_abort();
        Ok(())
    });
    f!("xhrStatus", |ctx: Ctx<'js>, x: Value<'js>| -> Res<u16> {
        Ok(of(&ctx, &x)?.status())
    });
    f!("xhrStatusText", |ctx: Ctx<'js>,
                         x: Value<'js>|
     -> Res<String> {
        Ok(of(&ctx, &x)?.status_text())
    });
    f!("xhrResponseURL", |ctx: Ctx<'js>,
                          x: Value<'js>|
     -> Res<String> {
        Ok(of(&ctx, &x)?.response_url())
    });
    f!("xhrGetResponseHeader", |ctx: Ctx<'js>,
                                x: Value<'js>,
                                name: String|
     -> Res<Option<String>> {
        Ok(of(&ctx, &x)?.get_response_header(&name))
    });
    f!("xhrGetAllResponseHeaders", |ctx: Ctx<'js>,
                                    x: Value<'js>|
     -> Res<String> {
        Ok(of(&ctx, &x)?.get_all_response_headers())
    });
    f!("xhrOverrideMimeType", |ctx: Ctx<'js>,
                               x: Value<'js>,
                               mime: String|
     -> Res<()> {
        of(&ctx, &x)?
            .override_mime_type(&mime)
            .map_err(|e| throw(&ctx, e))
    });
    f!("xhrResponseType", |ctx: Ctx<'js>,
                           x: Value<'js>|
     -> Res<&'static str> {
        Ok(of(&ctx, &x)?.response_type())
    });
    f!("xhrSetResponseType", |ctx: Ctx<'js>,
                              x: Value<'js>,
                              v: String|
     -> Res<()> {
        of(&ctx, &x)?
            .set_response_type(&v)
            .map_err(|e| throw(&ctx, e))
    });
    f!("xhrResponseText", |ctx: Ctx<'js>,
                           x: Value<'js>|
     -> Res<String> {
        of(&ctx, &x)?.response_text().map_err(|e| throw(&ctx, e))
    });
    f!("xhrDecoded", |ctx: Ctx<'js>,
                      x: Value<'js>|
     -> Res<String> {
        Ok(of(&ctx, &x)?.decoded())
    });
    f!("xhrMimeType", |ctx: Ctx<'js>,
                       x: Value<'js>|
     -> Res<String> {
        Ok(of(&ctx, &x)?.mime_type())
    });
    f!("xhrBody", |ctx: Ctx<'js>,
                   x: Value<'js>|
     -> Res<Option<ArrayBuffer<'js>>> {
        match of(&ctx, &x)?.body() {
            Some(b) => Ok(Some(ArrayBuffer::new_copy(ctx.clone(), &b[..])?)),
            None => Ok(None),
        }
    });
    Ok(())
}
