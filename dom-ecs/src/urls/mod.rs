//! The URL Standard (<https://url.spec.whatwg.org/>): URL records and
//! their parser, serializer and setters (`record.rs`, `parser.rs`,
//! `host.rs`: ours, step by step after the standard; UTS #46 is the
//! `idna` crate's), and the API: `URL` and `URLSearchParams`
//! (`application/x-www-form-urlencoded` is `form_urlencoded`'s).
//!
//! A `URL` object and its query object (`searchParams`) share one state:
//! the URL record and the query's list of name-value pairs, kept in step
//! by the URL's setters ("set ... query object's list") and the list's
//! update steps ("set the URL's query"). A `URLSearchParams` made by its
//! constructor has a state with no URL. Neither belongs to a document.

mod host;
mod parser;
mod percent;
mod record;
mod search_params;

pub use host::Host;
pub use record::{UrlPath, UrlRecord};
pub use search_params::{SearchParams, SearchParamsInit};

use std::sync::{Arc, Mutex, MutexGuard};

use crate::{DomError, DomResult};

/// The URL parser's failure: the input is no URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failure;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a valid URL")
    }
}

impl std::error::Error for Failure {}

/// What a `URL` object and its `searchParams` share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The URL record; none for a `URLSearchParams` of its own.
    pub(crate) url: Option<UrlRecord>,
    /// The query object's list.
    pub(crate) list: Vec<(String, String)>,
}

pub(crate) type SharedRef = Arc<Mutex<Shared>>;

/// Lock a shared state (a poisoned lock still holds a consistent list:
/// every write is one assignment).
pub(crate) fn lock(s: &SharedRef) -> MutexGuard<'_, Shared> {
    s.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A `URL` object (<https://url.spec.whatwg.org/#url-class>). Clones are
/// the same object.
#[derive(Clone, Debug)]
pub struct UrlObject(SharedRef);

/// The API URL parser: `url` against `base` (parsed first), or a
/// `TypeError` naming which failed
/// (<https://url.spec.whatwg.org/#api-url-parser>).
fn api_parse(url: &str, base: Option<&str>) -> DomResult<UrlRecord> {
    let base = match base {
        Some(b) => Some(
            UrlRecord::parse(b, None)
                .ok_or_else(|| DomError::Type(format!("Invalid base URL '{b}'")))?,
        ),
        None => None,
    };
    UrlRecord::parse(url, base.as_ref())
        .ok_or_else(|| DomError::Type(format!("Invalid URL '{url}'")))
}

/// `input` parsed against `base` by our parser (the standard's answer to
/// whether it is a URL), as the `url` crate's `Url` that the network
/// stack takes; none when either fails (the crate refuses a few hosts the
/// standard now allows, such as ones with C0 controls).
pub(crate) fn parse_for_network(input: &str, base: Option<&str>) -> Option<url::Url> {
    let base = base.and_then(|b| UrlRecord::parse(b, None));
    let parsed = UrlRecord::parse(input, base.as_ref())?;
    url::Url::parse(&parsed.to_string()).ok()
}

/// A query's list: the query parsed as `application/x-www-form-urlencoded`
/// (none for a URL without a query).
fn query_list(url: &UrlRecord) -> Vec<(String, String)> {
    url.query
        .as_deref()
        .map_or_else(Vec::new, search_params::parse)
}

impl UrlObject {
    /// `new URL(url, base)`: a `TypeError` when either does not parse
    /// (<https://url.spec.whatwg.org/#dom-url-url>).
    pub fn new(url: &str, base: Option<&str>) -> DomResult<UrlObject> {
        api_parse(url, base).map(UrlObject::of)
    }

    /// "Initialize a URL object" with a parsed URL: its query object's
    /// list from its query.
    fn of(url: UrlRecord) -> UrlObject {
        let list = query_list(&url);
        UrlObject(Arc::new(Mutex::new(Shared {
            url: Some(url),
            list,
        })))
    }

    /// `URL.parse(url, base)`: the URL, or none where the constructor
    /// throws (<https://url.spec.whatwg.org/#dom-url-parse>).
    pub fn parse(url: &str, base: Option<&str>) -> DomResult<Option<UrlObject>> {
        Ok(api_parse(url, base).ok().map(UrlObject::of))
    }

    /// `URL.canParse(url, base)` (<https://url.spec.whatwg.org/#dom-url-canparse>).
    pub fn can_parse(url: &str, base: Option<&str>) -> DomResult<bool> {
        Ok(api_parse(url, base).is_ok())
    }

    /// Read the URL record.
    fn read<T>(&self, f: impl FnOnce(&UrlRecord) -> T) -> DomResult<T> {
        match &lock(&self.0).url {
            Some(u) => Ok(f(u)),
            None => Err(DomError::Type("not a URL object".to_owned())),
        }
    }

    /// Change the URL record with one of its setters; with `query`, the
    /// query object's list follows the new query.
    fn write(&self, query: bool, f: impl FnOnce(&mut UrlRecord)) -> DomResult<()> {
        let mut s = lock(&self.0);
        let Some(url) = s.url.as_mut() else {
            return Err(DomError::Type("not a URL object".to_owned()));
        };
        f(url);
        if query {
            s.list = s.url.as_ref().map(query_list).unwrap_or_default();
        }
        Ok(())
    }

    /// `href` (also the stringifier and `toJSON()`).
    pub fn href(&self) -> DomResult<String> {
        self.read(UrlRecord::to_string)
    }

    /// Setting `href`: a `TypeError` when the value does not parse; else
    /// the URL and its query object's list are replaced
    /// (<https://url.spec.whatwg.org/#dom-url-href>).
    pub fn set_href(&self, value: &str) -> DomResult<()> {
        let parsed = api_parse(value, None)?;
        self.write(true, |u| *u = parsed)
    }

    /// `origin`: the URL's origin, serialized (`null` for an opaque one).
    pub fn origin(&self) -> DomResult<String> {
        self.read(UrlRecord::origin)
    }

    /// `protocol`: the scheme and `:`.
    pub fn protocol(&self) -> DomResult<String> {
        self.read(UrlRecord::protocol)
    }

    /// Setting `protocol` (the basic URL parser's scheme start state; a
    /// change it refuses leaves the URL as it was).
    pub fn set_protocol(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = u.set_protocol(value);
        })
    }

    /// `username`.
    pub fn username(&self) -> DomResult<String> {
        self.read(|u| u.username.clone())
    }

    /// Setting `username` (ignored for a URL that cannot have one).
    pub fn set_username(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_username(value))
    }

    /// `password`.
    pub fn password(&self) -> DomResult<String> {
        self.read(|u| u.password.clone())
    }

    /// Setting `password` (ignored for a URL that cannot have one).
    pub fn set_password(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_password(value))
    }

    /// `host`: the host and, when there is one, `:` and the port.
    pub fn host(&self) -> DomResult<String> {
        self.read(UrlRecord::host_and_port)
    }

    /// Setting `host` (the host state of the basic URL parser).
    pub fn set_host(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_host(value))
    }

    /// `hostname`.
    pub fn hostname(&self) -> DomResult<String> {
        self.read(UrlRecord::hostname)
    }

    /// Setting `hostname`.
    pub fn set_hostname(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_hostname(value))
    }

    /// `port` ("" for the scheme's default port or none).
    pub fn port(&self) -> DomResult<String> {
        self.read(UrlRecord::port_string)
    }

    /// Setting `port` ("" removes it).
    pub fn set_port(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_port(value))
    }

    /// `pathname`.
    pub fn pathname(&self) -> DomResult<String> {
        self.read(UrlRecord::pathname)
    }

    /// Setting `pathname` (ignored for a URL with an opaque path).
    pub fn set_pathname(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_pathname(value))
    }

    /// `search`: `?` and the query, or "" for none or an empty one.
    pub fn search(&self) -> DomResult<String> {
        self.read(UrlRecord::search)
    }

    /// Setting `search`: the new query, and the query object's list
    /// parsed from it (<https://url.spec.whatwg.org/#dom-url-search>).
    pub fn set_search(&self, value: &str) -> DomResult<()> {
        self.write(true, |u| u.set_search(value))
    }

    /// `searchParams`: the URL's query object (the same list).
    pub fn search_params(&self) -> DomResult<SearchParams> {
        Ok(SearchParams(self.0.clone()))
    }

    /// `hash`: `#` and the fragment, or "" for none or an empty one.
    pub fn hash(&self) -> DomResult<String> {
        self.read(UrlRecord::hash)
    }

    /// Setting `hash`.
    pub fn set_hash(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| u.set_hash(value))
    }
}

#[cfg(test)]
mod tests;
