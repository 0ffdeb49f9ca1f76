//! The Fetch Standard's objects (<https://fetch.spec.whatwg.org/>): `Headers`,
//! `Response`, and the request `fetch(input, init)` describes, checked as
//! the `Request` constructor checks it. Sending it is the host's (the
//! network, files, `data:` URLs); each engine turns the result into its
//! promise or awaitable of a [`Response`].

pub mod data_url;
mod headers;
mod response;
pub mod xhr;

pub use headers::{Guard, Headers, is_forbidden_request_header};
pub use response::{NetworkResponse, Response, ResponseType, utf8_decode};

use crate::urls::{SearchParams, SearchParamsInit};
use crate::{DomError, DomResult};

/// A request body as a script gives it (`BodyInit`, the kinds we have).
#[derive(Clone, Debug)]
pub enum BodyInit {
    /// A string: UTF-8, `text/plain;charset=UTF-8`.
    Text(String),
    /// Bytes (an `ArrayBuffer`, a view, Python `bytes`): no content type.
    Bytes(Vec<u8>),
    /// A `URLSearchParams`: serialized, `application/x-www-form-urlencoded;charset=UTF-8`.
    Params(SearchParams),
}

impl BodyInit {
    /// "Extract a body": its bytes and content type
    /// (<https://fetch.spec.whatwg.org/#concept-bodyinit-extract>).
    pub fn extract(&self) -> DomResult<(Vec<u8>, Option<&'static str>)> {
        Ok(match self {
            BodyInit::Text(s) => (s.as_bytes().to_vec(), Some("text/plain;charset=UTF-8")),
            BodyInit::Bytes(b) => (b.clone(), None),
            BodyInit::Params(p) => (
                p.to_string_value()?.into_bytes(),
                Some("application/x-www-form-urlencoded;charset=UTF-8"),
            ),
        })
    }
}

/// What `fetch(input, init)` asks for, checked.
#[derive(Clone, Debug)]
pub struct FetchRequest {
    /// The URL, parsed against the document's base URL, its fragment kept
    /// off what is sent.
    pub url: url::Url,
    /// The method, normalized (`get` is `GET`).
    pub method: String,
    /// The headers to send (a `request` guard dropped the forbidden ones).
    pub headers: Vec<(String, String)>,
    /// The body's bytes.
    pub body: Option<Vec<u8>>,
}

/// A method: a token; `CONNECT`, `TRACE` and `TRACK` forbidden; the six
/// standard ones uppercased (<https://fetch.spec.whatwg.org/#concept-method-normalize>).
fn normalize_method(m: &str) -> DomResult<String> {
    let token = !m.is_empty()
        && m.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err(DomError::Type(format!("'{m}' is not a valid HTTP method")));
    }
    let upper = m.to_ascii_uppercase();
    if matches!(upper.as_str(), "CONNECT" | "TRACE" | "TRACK") {
        return Err(DomError::Type(format!("'{m}' HTTP method is unsupported")));
    }
    Ok(
        if matches!(
            upper.as_str(),
            "DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT"
        ) {
            upper
        } else {
            m.to_owned()
        },
    )
}

impl FetchRequest {
    /// The request of `fetch(input, {method, headers, body})`, `input`
    /// parsed against `base` (the document's base URL): a `TypeError` for
    /// a URL that does not parse or has credentials, a bad method or
    /// header, or a body on a `GET` or `HEAD`
    /// (<https://fetch.spec.whatwg.org/#dom-request>).
    pub fn new(
        base: Option<&str>,
        input: &str,
        method: Option<&str>,
        headers: Option<&SearchParamsInit>,
        body: Option<&BodyInit>,
    ) -> DomResult<FetchRequest> {
        let url = crate::urls::parse_for_network(input, base)
            .ok_or_else(|| DomError::Type(format!("Failed to parse URL from {input}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(DomError::Type(format!(
                "Request cannot be constructed from a URL that includes credentials: {input}"
            )));
        }
        let method = normalize_method(method.unwrap_or("GET"))?;
        let h = Headers::with_guard(Guard::Request);
        if let Some(init) = headers {
            h.fill(init)?;
        }
        let body = match body {
            Some(b) => {
                if matches!(method.as_str(), "GET" | "HEAD") {
                    return Err(DomError::Type(
                        "Request with GET/HEAD method cannot have body".to_owned(),
                    ));
                }
                let (bytes, ty) = b.extract()?;
                if let Some(ty) = ty
                    && !h.has("content-type")?
                {
                    h.append("Content-Type", ty)?;
                }
                Some(bytes)
            }
            None => None,
        };
        Ok(FetchRequest {
            url,
            method,
            headers: h.list(),
            body,
        })
    }
}

#[cfg(test)]
mod tests;
