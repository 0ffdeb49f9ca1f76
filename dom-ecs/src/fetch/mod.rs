//! The Fetch Standard's objects (<https://fetch.spec.whatwg.org/>): `Headers`,
//! `Request`, `Response`, `FormData` (XHR's, here for the bodies made of
//! it and read as it), and what `fetch()` sends ([`FetchRequest`], of a
//! `Request`). Sending it is the host's (the network, files, `data:`
//! URLs); each engine turns the result into its promise or awaitable of a
//! [`Response`].

mod body;
pub mod data_url;
mod form_data;
mod headers;
pub(crate) mod multipart;
mod request;
mod response;
pub mod xhr;

pub use form_data::FormData;
pub use headers::{Guard, Headers, is_forbidden_request_header};
pub use request::{Request, RequestInfo, RequestInit};
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
    /// A `FormData`: `multipart/form-data` with a random boundary.
    FormData(FormData),
}

impl BodyInit {
    /// "Extract a body": its bytes and content type
    /// (<https://fetch.spec.whatwg.org/#concept-bodyinit-extract>).
    pub fn extract(&self) -> DomResult<(Vec<u8>, Option<String>)> {
        Ok(match self {
            BodyInit::Text(s) => (
                s.as_bytes().to_vec(),
                Some("text/plain;charset=UTF-8".to_owned()),
            ),
            BodyInit::Bytes(b) => (b.clone(), None),
            BodyInit::Params(p) => (
                p.to_string_value()?.into_bytes(),
                Some("application/x-www-form-urlencoded;charset=UTF-8".to_owned()),
            ),
            BodyInit::FormData(f) => {
                let (bytes, ty) = multipart::encode(&f.entries());
                (bytes, Some(ty))
            }
        })
    }
}

/// What has a body (the `Body` mixin's receivers).
#[derive(Clone, Debug)]
pub enum Body {
    /// A `Response`'s.
    Response(Response),
    /// A `Request`'s.
    Request(Request),
}

impl Body {
    /// `bodyUsed`.
    pub fn body_used(&self) -> DomResult<bool> {
        match self {
            Body::Response(r) => r.body_used(),
            Body::Request(r) => r.body_used(),
        }
    }

    /// "Consume body": the bytes, once.
    pub fn consume(&self) -> DomResult<std::sync::Arc<[u8]>> {
        match self {
            Body::Response(r) => r.consume(),
            Body::Request(r) => r.consume(),
        }
    }

    /// `formData()`.
    pub fn form_data(&self) -> DomResult<FormData> {
        match self {
            Body::Response(r) => r.form_data(),
            Body::Request(r) => r.form_data(),
        }
    }
}

/// A body's bytes as `FormData` (`formData()`), by its `Content-Type`:
/// `multipart/form-data` or `application/x-www-form-urlencoded` (always
/// UTF-8); a `TypeError` for any other or a body that does not parse
/// (<https://fetch.spec.whatwg.org/#concept-body-package-data>).
pub(crate) fn package_form_data(bytes: &[u8], content_type: Option<&str>) -> DomResult<FormData> {
    let parsed = content_type.and_then(|t| multipart::essence_and_param(t, "boundary"));
    match parsed {
        Some((essence, Some(boundary))) if essence == "multipart/form-data" => {
            multipart::decode(bytes, &boundary).map(FormData::from_entries)
        }
        Some((essence, _)) if essence == "application/x-www-form-urlencoded" => {
            Ok(FormData::from_entries(
                form_urlencoded::parse(bytes)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            ))
        }
        _ => Err(DomError::Type(format!(
            "Could not parse the body as FormData: its Content-Type is {}",
            content_type.unwrap_or("missing")
        ))),
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
pub(crate) fn normalize_method(m: &str) -> DomResult<String> {
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
    /// What `fetch(input, {method, headers, body})` sends: the `Request`
    /// those make (`input` against `base`, checked as its constructor
    /// checks), for the host's own loads.
    pub fn new(
        base: Option<&str>,
        input: &str,
        method: Option<&str>,
        headers: Option<&SearchParamsInit>,
        body: Option<&BodyInit>,
    ) -> DomResult<FetchRequest> {
        let init = RequestInit {
            method: method.map(str::to_owned),
            headers: headers.cloned(),
            body: body.cloned(),
        };
        Request::new(base, &RequestInfo::Url(input.to_owned()), &init)?.to_fetch()
    }
}

#[cfg(test)]
mod tests;
