//! `XMLHttpRequest`'s state (<https://xhr.spec.whatwg.org/>): `open`,
//! the author request headers, `send` (the request, which the host sends:
//! off the page thread, or on it for a synchronous request), the response
//! once the host gives it, and the readers. The events (`readystatechange`,
//! `loadstart`, `load`, `loadend`...) are each bridge's to fire: every
//! step here says what happened, and the bridge fires what the standard
//! fires for it.

use std::sync::{Arc, Mutex, MutexGuard};

use super::headers::is_forbidden_request_header;
use super::{BodyInit, FetchRequest, Response, normalize_method};
use crate::{DomError, DomResult};

/// `readyState`'s values.
pub const UNSENT: u16 = 0;
/// `readyState`: `open()` was called.
pub const OPENED: u16 = 1;
/// `readyState`: the response's headers are in.
pub const HEADERS_RECEIVED: u16 = 2;
/// `readyState`: the body is arriving.
pub const LOADING: u16 = 3;
/// `readyState`: done (or failed).
pub const DONE: u16 = 4;

/// `responseType`'s values (`XMLHttpRequestResponseType`) that ecsdom
/// gives; `"blob"` is the one it lacks (no `Blob` yet).
pub const RESPONSE_TYPES: [&str; 5] = ["", "arraybuffer", "document", "json", "text"];

/// What a response gave.
#[derive(Debug)]
struct Received {
    status: u16,
    status_text: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Arc<[u8]>,
}

#[derive(Debug, Default)]
struct State {
    state: u16,
    send: bool,
    method: String,
    url: Option<url::Url>,
    synchronous: bool,
    headers: Vec<(String, String)>,
    timeout: u32,
    with_credentials: bool,
    response_type: &'static str,
    override_mime: Option<String>,
    /// The response (none: before one, or a network error).
    response: Option<Received>,
    /// Bumped by `open` and `abort`: a result for an older request is dropped.
    generation: u64,
}

/// An `XMLHttpRequest`'s state, shared by the bridge's object and the
/// host's request in flight.
#[derive(Clone, Debug, Default)]
pub struct XmlHttpRequest(Arc<Mutex<State>>);

/// What `send` asks the host to do.
#[derive(Debug)]
pub struct Send {
    /// The request to send.
    pub request: FetchRequest,
    /// Send it on the page thread, blocking, and give the result at once.
    pub synchronous: bool,
    /// Hand it back to [`XmlHttpRequest::receive`] with the result.
    pub generation: u64,
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl XmlHttpRequest {
    fn state(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `new XMLHttpRequest()`.
    pub fn new() -> XmlHttpRequest {
        XmlHttpRequest::default()
    }

    /// `readyState`.
    pub fn ready_state(&self) -> u16 {
        self.state().state
    }

    /// `open(method, url, async, username, password)`, `url` parsed
    /// against `base`: a `SyntaxError` for a bad method or URL, a
    /// `SecurityError` for a forbidden method. True when `readystatechange`
    /// fires (the state became `OPENED`).
    pub fn open(
        &self,
        method: &str,
        url: &str,
        base: Option<&str>,
        asynchronous: bool,
        username: Option<&str>,
        password: Option<&str>,
    ) -> DomResult<bool> {
        if !is_token(method) {
            return Err(DomError::Syntax(format!(
                "'{method}' is not a valid HTTP method."
            )));
        }
        let method = normalize_method(method)
            .map_err(|_| DomError::Security(format!("'{method}' HTTP method is unsupported.")))?;
        let mut parsed = crate::urls::parse_for_network(url, base)
            .ok_or_else(|| DomError::Syntax(format!("Invalid URL '{url}'")))?;
        if parsed.has_host() {
            if let Some(u) = username {
                let _ = parsed.set_username(u);
            }
            if let Some(p) = password {
                let _ = parsed.set_password(Some(p));
            }
        }
        let mut s = self.state();
        s.generation += 1;
        s.send = false;
        s.method = method;
        s.url = Some(parsed);
        s.synchronous = !asynchronous;
        s.headers.clear();
        s.response = None;
        let fire = s.state != OPENED;
        s.state = OPENED;
        Ok(fire)
    }

    /// Whether `open` asked for a synchronous request.
    pub fn synchronous(&self) -> bool {
        self.state().synchronous
    }

    /// `setRequestHeader(name, value)`: an `InvalidStateError` unless
    /// opened and not sent, a `SyntaxError` for a bad name or value; a
    /// forbidden header is dropped; a second value is combined (`a, b`).
    pub fn set_request_header(&self, name: &str, value: &str) -> DomResult<()> {
        let mut s = self.state();
        if s.state != OPENED || s.send {
            return Err(DomError::InvalidState(
                "The object's state must be OPENED.".into(),
            ));
        }
        let value = value.trim_matches([' ', '\t', '\n', '\r']);
        if !is_token(name) || value.contains(['\0', '\n', '\r']) {
            return Err(DomError::Syntax(format!(
                "'{name}' is not a valid HTTP header field name or value."
            )));
        }
        if is_forbidden_request_header(name, value) {
            return Ok(());
        }
        match s
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => {
                v.push_str(", ");
                v.push_str(value);
            }
            None => s.headers.push((name.to_owned(), value.to_owned())),
        }
        Ok(())
    }

    /// `timeout` (milliseconds; 0: none).
    pub fn timeout(&self) -> u32 {
        self.state().timeout
    }

    /// `timeout = ms`.
    pub fn set_timeout(&self, ms: u32) {
        self.state().timeout = ms;
    }

    /// `withCredentials`.
    pub fn with_credentials(&self) -> bool {
        self.state().with_credentials
    }

    /// `withCredentials = v`: an `InvalidStateError` once sent.
    pub fn set_with_credentials(&self, v: bool) -> DomResult<()> {
        let mut s = self.state();
        if !matches!(s.state, UNSENT | OPENED) || s.send {
            return Err(DomError::InvalidState(
                "The value may only be set if the object's state is UNSENT or OPENED.".into(),
            ));
        }
        s.with_credentials = v;
        Ok(())
    }

    /// `send(body)`: the request for the host (no body for `GET` and
    /// `HEAD`); an `InvalidStateError` unless opened and not sent.
    pub fn send(&self, body: Option<&BodyInit>) -> DomResult<Send> {
        let mut s = self.state();
        if s.state != OPENED || s.send {
            return Err(DomError::InvalidState(
                "The object's state must be OPENED.".into(),
            ));
        }
        let Some(url) = s.url.clone() else {
            return Err(DomError::InvalidState("open() was not called".into()));
        };
        let mut headers = s.headers.clone();
        let body = match body {
            Some(b) if !matches!(s.method.as_str(), "GET" | "HEAD") => {
                let (bytes, ty) = b.extract()?;
                if let Some(ty) = ty
                    && !headers
                        .iter()
                        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                {
                    headers.push(("Content-Type".into(), ty));
                }
                Some(bytes)
            }
            _ => None,
        };
        s.send = true;
        let mut sent = url.clone();
        sent.set_fragment(None);
        Ok(Send {
            request: FetchRequest {
                url: sent,
                method: s.method.clone(),
                headers,
                body,
            },
            synchronous: s.synchronous,
            generation: s.generation,
        })
    }

    /// The host's result for the request of `generation`: true when it is
    /// this request's (the state is now `DONE`; the bridge fires
    /// `readystatechange`, then `load` or `error`, then `loadend`), false
    /// for a request `open` or `abort` left behind. A network error (or
    /// `Err`) leaves no response.
    pub fn receive(&self, generation: u64, result: Result<Response, String>) -> bool {
        let mut s = self.state();
        if s.generation != generation || !s.send {
            return false;
        }
        s.send = false;
        s.state = DONE;
        s.response = result.ok().and_then(|r| {
            if r.response_type().ok()? == "error" {
                return None;
            }
            Some(Received {
                headers: r.headers().ok()?.list(),
                body: r.consume().ok()?,
                status: r.status().ok()?,
                status_text: r.status_text().ok()?,
                url: r.url().ok()?,
            })
        });
        true
    }

    /// Whether the request failed (a network error): `error` fires, not `load`.
    pub fn failed(&self) -> bool {
        let s = self.state();
        s.state == DONE && s.response.is_none()
    }

    /// `abort()`: true when the request was in flight (the bridge fires
    /// `readystatechange`, `abort` and `loadend`); the state ends `UNSENT`
    /// when it was `DONE`.
    pub fn abort(&self) -> bool {
        let mut s = self.state();
        s.generation += 1;
        let in_flight =
            (s.state == OPENED && s.send) || matches!(s.state, HEADERS_RECEIVED | LOADING);
        if in_flight {
            s.send = false;
            s.state = DONE;
            s.response = None;
        }
        in_flight
    }

    /// After [`XmlHttpRequest::abort`]'s events: a `DONE` request becomes
    /// `UNSENT` (no event).
    pub fn reset_after_abort(&self) {
        let mut s = self.state();
        if s.state == DONE {
            s.state = UNSENT;
            s.response = None;
        }
    }

    /// `status` (0 before a response, or after a network error).
    pub fn status(&self) -> u16 {
        self.state().response.as_ref().map_or(0, |r| r.status)
    }

    /// `statusText`.
    pub fn status_text(&self) -> String {
        self.state()
            .response
            .as_ref()
            .map_or_else(String::new, |r| r.status_text.clone())
    }

    /// `responseURL`: the response's URL without its fragment.
    pub fn response_url(&self) -> String {
        let s = self.state();
        let Some(r) = &s.response else {
            return String::new();
        };
        r.url.split('#').next().unwrap_or("").to_owned()
    }

    /// The response's headers a script may read (no `Set-Cookie`).
    fn visible_headers(&self) -> Vec<(String, String)> {
        let s = self.state();
        s.response
            .as_ref()
            .map(|r| {
                r.headers
                    .iter()
                    .filter(|(n, _)| {
                        !n.eq_ignore_ascii_case("set-cookie")
                            && !n.eq_ignore_ascii_case("set-cookie2")
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `getResponseHeader(name)`: the values of `name`, combined.
    pub fn get_response_header(&self, name: &str) -> Option<String> {
        let values: Vec<String> = self
            .visible_headers()
            .into_iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// `getAllResponseHeaders()`: `name: value\r\n` lines, names
    /// lowercased and sorted, values of one name combined.
    pub fn get_all_response_headers(&self) -> String {
        let mut combined: Vec<(String, String)> = Vec::new();
        for (n, v) in self.visible_headers() {
            let n = n.to_ascii_lowercase();
            match combined.iter_mut().find(|(k, _)| *k == n) {
                Some((_, cv)) => {
                    cv.push_str(", ");
                    cv.push_str(&v);
                }
                None => combined.push((n, v)),
            }
        }
        combined.sort_by(|a, b| a.0.cmp(&b.0));
        combined
            .into_iter()
            .map(|(n, v)| format!("{n}: {v}\r\n"))
            .collect()
    }

    /// `overrideMimeType(mime)`: an `InvalidStateError` once loading.
    pub fn override_mime_type(&self, mime: &str) -> DomResult<()> {
        let mut s = self.state();
        if matches!(s.state, LOADING | DONE) {
            return Err(DomError::InvalidState(
                "The object's state must not be LOADING or DONE.".into(),
            ));
        }
        s.override_mime = Some(mime.to_owned());
        Ok(())
    }

    /// `responseType`.
    pub fn response_type(&self) -> &'static str {
        self.state().response_type
    }

    /// `responseType = v` (one of the enumeration's values; the bridge
    /// ignores any other, as an IDL enumeration attribute does): an
    /// `InvalidStateError` once loading or for a synchronous request, a
    /// `NotSupportedError` for `"blob"`, which ecsdom lacks.
    pub fn set_response_type(&self, v: &str) -> DomResult<()> {
        let mut s = self.state();
        if matches!(s.state, LOADING | DONE) {
            return Err(DomError::InvalidState(
                "The response type cannot be set if the object's state is LOADING or DONE.".into(),
            ));
        }
        if v == "blob" {
            return Err(DomError::NotSupported(
                "responseType 'blob' needs Blob, which ecsdom does not have yet.".into(),
            ));
        }
        if let Some(t) = RESPONSE_TYPES.iter().find(|t| **t == v) {
            s.response_type = t;
        }
        Ok(())
    }

    /// The response's MIME type: `overrideMimeType`'s, else its
    /// `Content-Type`'s (lowercased essence and parameters as given).
    pub fn mime_type(&self) -> String {
        if let Some(m) = self.state().override_mime.clone() {
            return m;
        }
        self.get_response_header("content-type").unwrap_or_default()
    }

    /// The body, once `DONE` (none before, or after an error).
    pub fn body(&self) -> Option<Arc<[u8]>> {
        let s = self.state();
        (s.state == DONE).then(|| s.response.as_ref().map(|r| r.body.clone()))?
    }

    /// `responseText`: the body decoded by its charset (UTF-8 unless the
    /// MIME type names another; a BOM wins); an `InvalidStateError`
    /// unless `responseType` is `""` or `"text"`.
    pub fn response_text(&self) -> DomResult<String> {
        if !matches!(self.response_type(), "" | "text") {
            return Err(DomError::InvalidState(format!(
                "The value is only accessible if the object's 'responseType' is '' or 'text' (was '{}').",
                self.response_type()
            )));
        }
        Ok(self.decoded())
    }

    /// The body as text, by the charset of its MIME type.
    pub fn decoded(&self) -> String {
        let Some(body) = self.body() else {
            return String::new();
        };
        let mime = self.mime_type();
        let charset = mime
            .split(';')
            .skip(1)
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, v)| v.trim().trim_matches('"').to_owned());
        let encoding = charset
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
            .unwrap_or(encoding_rs::UTF_8);
        crate::dom_string::escape_owned(encoding.decode(&body).0.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::NetworkResponse;

    #[test]
    fn a_request_goes_from_open_to_done() {
        let x = XmlHttpRequest::new();
        assert!(
            x.open("get", "/a#f", Some("http://h/b"), true, None, None)
                .unwrap()
        );
        x.set_request_header("X-A", "1").unwrap();
        x.set_request_header("x-a", "2").unwrap();
        x.set_request_header("Cookie", "no").unwrap();
        let sent = x.send(Some(&BodyInit::Text("ignored".into()))).unwrap();
        assert_eq!(sent.request.url.as_str(), "http://h/a");
        assert_eq!(sent.request.method, "GET");
        assert_eq!(sent.request.headers, vec![("X-A".into(), "1, 2".into())]);
        assert!(sent.request.body.is_none());
        assert!(matches!(x.send(None), Err(DomError::InvalidState(_))));
        let response = Response::from_network(NetworkResponse {
            url: "http://h/a".into(),
            redirected: false,
            status: 201,
            status_text: "Created".into(),
            headers: vec![
                ("Content-Type".into(), "text/plain; charset=latin1".into()),
                ("Set-Cookie".into(), "s=1".into()),
                ("X-B".into(), "b".into()),
            ],
            body: vec![0xE9],
            kind: crate::fetch::ResponseType::Basic,
        });
        assert!(!x.receive(sent.generation + 1, Ok(response.clone())));
        assert!(x.receive(sent.generation, Ok(response)));
        assert_eq!(
            (x.ready_state(), x.status(), x.status_text()),
            (DONE, 201, "Created".into())
        );
        assert_eq!(x.response_text().unwrap(), "é");
        assert_eq!(x.get_response_header("set-cookie"), None);
        assert_eq!(
            x.get_all_response_headers(),
            "content-type: text/plain; charset=latin1\r\nx-b: b\r\n"
        );
        assert!(!x.abort());
        x.reset_after_abort();
        assert_eq!(x.ready_state(), UNSENT);
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        let x = XmlHttpRequest::new();
        assert!(matches!(
            x.set_request_header("a", "b"),
            Err(DomError::InvalidState(_))
        ));
        assert!(matches!(
            x.open("a b", "/", None, true, None, None),
            Err(DomError::Syntax(_))
        ));
        assert!(matches!(
            x.open("TRACE", "http://h/", None, true, None, None),
            Err(DomError::Security(_))
        ));
        assert!(matches!(
            x.open("GET", "http://[", None, true, None, None),
            Err(DomError::Syntax(_))
        ));
        assert!(matches!(
            x.set_response_type("blob"),
            Err(DomError::NotSupported(_))
        ));
        x.set_response_type("json").unwrap();
        x.set_response_type("nonsense").unwrap();
        assert_eq!(x.response_type(), "json");
    }
}
