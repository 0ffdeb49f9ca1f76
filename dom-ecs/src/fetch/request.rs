//! `Request` (<https://fetch.spec.whatwg.org/#request-class>): a URL, a
//! method, headers and a body, checked as its constructor checks them;
//! what `fetch(input, init)` sends (`fetch()` makes one of its arguments).
//! The members here are the ones ecsdom's fetch honours: `method`, `url`,
//! `headers`, `clone()` and the body; `mode`, `credentials`, `cache`,
//! `redirect`, `signal`... are absent, their init members ignored.

use std::sync::{Arc, Mutex, MutexGuard};

use super::body::BodyBytes;
use super::headers::{Guard, Headers};
use super::{BodyInit, FetchRequest, FormData, normalize_method};
use crate::urls::{SearchParamsInit, UrlRecord};
use crate::{DomError, DomResult};

#[derive(Debug)]
struct State {
    url: UrlRecord,
    method: String,
    headers: Headers,
    body: BodyBytes,
}

/// A `Request` object. Clones are the same object.
#[derive(Clone, Debug)]
pub struct Request(Arc<Mutex<State>>);

/// `RequestInfo`: a URL or a `Request` to copy.
#[derive(Clone, Debug)]
pub enum RequestInfo {
    /// A URL, parsed against the base URL.
    Url(String),
    /// A request whose URL, method, headers and body are the defaults.
    Request(Request),
}

/// The `RequestInit` members ecsdom honours.
#[derive(Clone, Debug, Default)]
pub struct RequestInit {
    /// `method`.
    pub method: Option<String>,
    /// `headers`.
    pub headers: Option<SearchParamsInit>,
    /// `body` (`null` is none).
    pub body: Option<BodyInit>,
}

impl Request {
    /// `new Request(input, init)`: a `TypeError` for a URL that does not
    /// parse or has credentials, a bad method or header, a body with `GET`
    /// or `HEAD`, or a request whose body was read
    /// (<https://fetch.spec.whatwg.org/#dom-request>). `base` is the
    /// current global's base URL (none: only absolute URLs).
    pub fn new(base: Option<&str>, input: &RequestInfo, init: &RequestInit) -> DomResult<Request> {
        let (url, mut method, input_headers, input_body, source) = match input {
            RequestInfo::Url(s) => {
                let base = base.and_then(|b| UrlRecord::parse(b, None));
                let url = UrlRecord::parse(s, base.as_ref())
                    .ok_or_else(|| DomError::Type(format!("Failed to parse URL from {s}")))?;
                if url.includes_credentials() {
                    return Err(DomError::Type(format!(
                        "Request cannot be constructed from a URL that includes credentials: {s}"
                    )));
                }
                (url, "GET".to_owned(), Vec::new(), false, None)
            }
            RequestInfo::Request(r) => {
                let s = r.lock();
                (
                    s.url.clone(),
                    s.method.clone(),
                    s.headers.list(),
                    !s.body.is_null(),
                    Some(r),
                )
            }
        };
        if let Some(m) = &init.method {
            method = normalize_method(m)?;
        }
        let headers = Headers::with_guard(Guard::Request);
        match &init.headers {
            Some(h) => headers.fill(h)?,
            None => headers.fill(&SearchParamsInit::Sequence(
                input_headers.into_iter().map(|(n, v)| vec![n, v]).collect(),
            ))?,
        }
        let has_body = init.body.is_some() || input_body;
        if has_body && matches!(method.as_str(), "GET" | "HEAD") {
            return Err(DomError::Type(
                "Request with GET/HEAD method cannot have body.".to_owned(),
            ));
        }
        let body = match &init.body {
            Some(b) => {
                let (bytes, ty) = b.extract()?;
                if let Some(ty) = ty
                    && !headers.has("content-type")?
                {
                    headers.append("Content-Type", &ty)?;
                }
                Some(Arc::from(bytes))
            }
            // The input's body moves to the new request: the input is
            // disturbed, and one already read cannot be used.
            None => match source {
                Some(source) if input_body => source.lock().body.take().map_err(|_| {
                    DomError::Type(
                        "Cannot construct a Request with a Request whose body was read".to_owned(),
                    )
                })?,
                _ => None,
            },
        };
        Ok(Request(Arc::new(Mutex::new(State {
            url,
            method,
            headers,
            body: BodyBytes::new(body),
        }))))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `method`.
    pub fn method(&self) -> DomResult<String> {
        Ok(self.lock().method.clone())
    }

    /// `url`: the URL, serialized (its fragment too).
    pub fn url(&self) -> DomResult<String> {
        Ok(self.lock().url.to_string())
    }

    /// `headers` (the same `Headers` each time).
    pub fn headers(&self) -> DomResult<Headers> {
        Ok(self.lock().headers.clone())
    }

    /// `bodyUsed`.
    pub fn body_used(&self) -> DomResult<bool> {
        Ok(self.lock().body.used())
    }

    /// `clone()`: a `TypeError` once the body was read.
    pub fn clone_request(&self) -> DomResult<Request> {
        let s = self.lock();
        let body = s.body.copy("Request")?;
        let headers = Headers::with_guard(Guard::Request);
        headers.fill(&SearchParamsInit::Sequence(
            s.headers
                .list()
                .into_iter()
                .map(|(n, v)| vec![n, v])
                .collect(),
        ))?;
        Ok(Request(Arc::new(Mutex::new(State {
            url: s.url.clone(),
            method: s.method.clone(),
            headers,
            body,
        }))))
    }

    /// "Consume body": the body's bytes, once (a `TypeError` after).
    pub fn consume(&self) -> DomResult<Arc<[u8]>> {
        self.lock().body.consume()
    }

    /// `formData()`: the body as the form data its `Content-Type` says.
    pub fn form_data(&self) -> DomResult<FormData> {
        let ty = self.lock().headers.get("content-type")?;
        super::package_form_data(&self.consume()?, ty.as_deref())
    }

    /// What `fetch()` sends of this request (its body is used: a
    /// `TypeError` when it was read already).
    pub fn to_fetch(&self) -> DomResult<FetchRequest> {
        let has_body = !self.lock().body.is_null();
        let body = if has_body {
            Some(self.consume()?.to_vec())
        } else {
            None
        };
        let s = self.lock();
        let url = url::Url::parse(&s.url.to_string()).map_err(|_| {
            DomError::Type(format!(
                "Failed to fetch {}: not a URL the network can use",
                s.url
            ))
        })?;
        Ok(FetchRequest {
            url,
            method: s.method.clone(),
            headers: s.headers.list(),
            body,
        })
    }
}
