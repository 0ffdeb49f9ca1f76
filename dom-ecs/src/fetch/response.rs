//! `Response` (<https://fetch.spec.whatwg.org/#response-class>): what a
//! fetch gave, or a script made (status, headers, URL, body bytes), and
//! whether its body was read. The body's readers (`text()`, `json()`, `arrayBuffer()`) are each
//! engine's: they give its promise or awaitable of [`Response::consume`].

use std::sync::{Arc, Mutex, MutexGuard};

use super::BodyInit;
use super::body::BodyBytes;
use super::headers::{Guard, Headers};
use crate::{DomError, DomResult};

/// A response's type (<https://fetch.spec.whatwg.org/#concept-response-type>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseType {
    /// Same origin.
    Basic,
    /// Cross-origin, shared by CORS.
    Cors,
    /// Neither (a constructed response).
    Default,
    /// A network error (`Response.error()`).
    Error,
}

impl ResponseType {
    fn name(self) -> &'static str {
        match self {
            ResponseType::Basic => "basic",
            ResponseType::Cors => "cors",
            ResponseType::Default => "default",
            ResponseType::Error => "error",
        }
    }
}

/// What a network fetch gave, for [`Response::from_network`].
#[derive(Clone, Debug)]
pub struct NetworkResponse {
    /// The URL fetched last (after redirects).
    pub url: String,
    /// Whether a redirect was followed.
    pub redirected: bool,
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub status_text: String,
    /// The header list, in order.
    pub headers: Vec<(String, String)>,
    /// The body's bytes.
    pub body: Vec<u8>,
    /// Same origin or not.
    pub kind: ResponseType,
}

#[derive(Debug)]
struct State {
    kind: ResponseType,
    url: String,
    redirected: bool,
    status: u16,
    status_text: String,
    headers: Headers,
    body: BodyBytes,
}

/// A `Response` object. Clones are the same object.
#[derive(Clone, Debug)]
pub struct Response(Arc<Mutex<State>>);

/// A reason phrase (`*( HTAB / SP / VCHAR / obs-text )`).
fn is_reason_phrase(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(u32::from(c), 0x09 | 0x20..=0x7E | 0x80..=0xFF))
}

impl Response {
    /// `new Response(body, init)`: a `RangeError` for a status outside
    /// 200-599, a `TypeError` for a bad status text or header, or a body
    /// with a null body status (101, 103, 204, 205, 304)
    /// (<https://fetch.spec.whatwg.org/#dom-response>).
    pub fn new(body: Option<&BodyInit>, init: &crate::dict::ResponseInit) -> DomResult<Response> {
        let body = body.map(BodyInit::extract).transpose()?;
        Response::initialize(body, init)
    }

    /// `Response.redirect(url, status)`: a bodiless response whose
    /// `Location` is `url` parsed against `base` (the current global's
    /// base URL): a `TypeError` when it does not parse, a `RangeError`
    /// for a status that is no redirect (301, 302, 303, 307, 308)
    /// (<https://fetch.spec.whatwg.org/#dom-response-redirect>).
    pub fn redirect(base: Option<&str>, url: &str, status: u16) -> DomResult<Response> {
        let base = base.and_then(|b| crate::urls::UrlRecord::parse(b, None));
        let parsed = crate::urls::UrlRecord::parse(url, base.as_ref())
            .ok_or_else(|| DomError::Type(format!("Failed to parse URL from {url}")))?;
        if !matches!(status, 301 | 302 | 303 | 307 | 308) {
            return Err(DomError::Range(format!("Invalid status code {status}")));
        }
        let headers = Headers::immutable(vec![("Location".to_owned(), parsed.to_string())]);
        Ok(Response(Arc::new(Mutex::new(State {
            kind: ResponseType::Default,
            url: String::new(),
            redirected: false,
            status,
            status_text: String::new(),
            headers,
            body: BodyBytes::new(None),
        }))))
    }

    /// "Initialize a response" with `init` and a body (bytes and type).
    fn initialize(
        body: Option<(Vec<u8>, Option<String>)>,
        init: &crate::dict::ResponseInit,
    ) -> DomResult<Response> {
        if !(200..=599).contains(&init.status) {
            return Err(DomError::Range(format!(
                "The status provided ({}) is outside the range [200, 599].",
                init.status
            )));
        }
        if !is_reason_phrase(&init.status_text) {
            return Err(DomError::Type(format!(
                "Invalid statusText {:?}",
                init.status_text
            )));
        }
        let headers = Headers::with_guard(Guard::Response);
        if let Some(h) = &init.headers {
            headers.fill(h)?;
        }
        let body = match body {
            Some((bytes, ty)) => {
                if matches!(init.status, 101 | 103 | 204 | 205 | 304) {
                    return Err(DomError::Type(format!(
                        "Response with null body status ({}) cannot have body",
                        init.status
                    )));
                }
                if let Some(ty) = ty
                    && !headers.has("content-type")?
                {
                    headers.append("Content-Type", &ty)?;
                }
                Some(bytes.into())
            }
            None => None,
        };
        Ok(Response(Arc::new(Mutex::new(State {
            kind: ResponseType::Default,
            url: String::new(),
            redirected: false,
            status: init.status,
            status_text: init.status_text.clone(),
            headers,
            body: BodyBytes::new(body),
        }))))
    }

    /// `Response.error()`: a network error (type `error`, status 0, no
    /// body; its headers immutable).
    pub fn error() -> DomResult<Response> {
        Ok(Response(Arc::new(Mutex::new(State {
            kind: ResponseType::Error,
            url: String::new(),
            redirected: false,
            status: 0,
            status_text: String::new(),
            headers: Headers::immutable(Vec::new()),
            body: BodyBytes::new(None),
        }))))
    }

    /// A response of what the network gave (its headers immutable).
    pub fn from_network(r: NetworkResponse) -> Response {
        Response(Arc::new(Mutex::new(State {
            kind: r.kind,
            url: r.url,
            redirected: r.redirected,
            status: r.status,
            status_text: r.status_text,
            headers: Headers::immutable(r.headers),
            body: BodyBytes::new(Some(r.body.into())),
        })))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `type`.
    pub fn response_type(&self) -> DomResult<String> {
        Ok(self.lock().kind.name().to_owned())
    }

    /// `url`: the response's URL, "" for none.
    pub fn url(&self) -> DomResult<String> {
        Ok(self.lock().url.clone())
    }

    /// `redirected`.
    pub fn redirected(&self) -> DomResult<bool> {
        Ok(self.lock().redirected)
    }

    /// `status`.
    pub fn status(&self) -> DomResult<u16> {
        Ok(self.lock().status)
    }

    /// `ok`: a status in 200-299.
    pub fn ok(&self) -> DomResult<bool> {
        Ok((200..=299).contains(&self.lock().status))
    }

    /// `statusText`.
    pub fn status_text(&self) -> DomResult<String> {
        Ok(self.lock().status_text.clone())
    }

    /// `headers`: the same `Headers` object each time.
    pub fn headers(&self) -> DomResult<Headers> {
        Ok(self.lock().headers.clone())
    }

    /// `bodyUsed`.
    pub fn body_used(&self) -> DomResult<bool> {
        Ok(self.lock().body.used())
    }

    /// `clone()`: a `TypeError` once the body was read
    /// (<https://fetch.spec.whatwg.org/#dom-response-clone>).
    pub fn clone_response(&self) -> DomResult<Response> {
        let s = self.lock();
        let body = s.body.copy("Response")?;
        let headers = Headers::immutable(s.headers.list());
        Ok(Response(Arc::new(Mutex::new(State {
            kind: s.kind,
            url: s.url.clone(),
            redirected: s.redirected,
            status: s.status,
            status_text: s.status_text.clone(),
            headers,
            body,
        }))))
    }

    /// `formData()`: the body as the form data its `Content-Type` says.
    pub fn form_data(&self) -> DomResult<super::FormData> {
        let ty = self.lock().headers.get("content-type")?;
        super::package_form_data(&self.consume()?, ty.as_deref())
    }

    /// "Consume body": the body's bytes, once; a `TypeError` when it was
    /// read already (<https://fetch.spec.whatwg.org/#concept-body-consume-body>).
    pub fn consume(&self) -> DomResult<Arc<[u8]>> {
        self.lock().body.consume()
    }
}

/// UTF-8 decode, as `text()` does: a leading BOM dropped, bad bytes
/// replaced (<https://encoding.spec.whatwg.org/#utf-8-decode>); a DOM
/// string.
pub fn utf8_decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    crate::dom_string::escape_owned(String::from_utf8_lossy(bytes).into_owned())
}
