//! The URL Standard's API (<https://url.spec.whatwg.org/#api>): `URL` and
//! `URLSearchParams`. Parsing, serializing and the setters are the `url`
//! crate's (Servo's WHATWG URL parser, `url::quirks` for the API's
//! getters and setters); `application/x-www-form-urlencoded` is
//! `form_urlencoded`'s.
//!
//! A `URL` object and its query object (`searchParams`) share one state:
//! the URL record and the query's list of name-value pairs, kept in step
//! by the URL's setters ("set ... query object's list") and the list's
//! update steps ("set the URL's query"). A `URLSearchParams` made by its
//! constructor has a state with no URL. Neither belongs to a document.

mod search_params;

pub use search_params::{SearchParams, SearchParamsInit};

use std::sync::{Arc, Mutex, MutexGuard};

use url::{Url, quirks};

use crate::{DomError, DomResult};

/// What a `URL` object and its `searchParams` share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The URL record; none for a `URLSearchParams` of its own.
    pub(crate) url: Option<Url>,
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
fn api_parse(url: &str, base: Option<&str>) -> DomResult<Url> {
    let base = match base {
        Some(b) => Some(
            Url::parse(b).map_err(|e| DomError::Type(format!("Invalid base URL '{b}': {e}")))?,
        ),
        None => None,
    };
    Url::options()
        .base_url(base.as_ref())
        .parse(url)
        .map_err(|e| DomError::Type(format!("Invalid URL '{url}': {e}")))
}

/// A query's list: the query parsed as `application/x-www-form-urlencoded`
/// (none for a URL without a query).
fn query_list(url: &Url) -> Vec<(String, String)> {
    url.query().map_or_else(Vec::new, search_params::parse)
}

impl UrlObject {
    /// `new URL(url, base)`: a `TypeError` when either does not parse
    /// (<https://url.spec.whatwg.org/#dom-url-url>).
    pub fn new(url: &str, base: Option<&str>) -> DomResult<UrlObject> {
        api_parse(url, base).map(UrlObject::of)
    }

    /// "Initialize a URL object" with a parsed URL: its query object's
    /// list from its query.
    fn of(url: Url) -> UrlObject {
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
    fn read<T>(&self, f: impl FnOnce(&Url) -> T) -> DomResult<T> {
        match &lock(&self.0).url {
            Some(u) => Ok(f(u)),
            None => Err(DomError::Type("not a URL object".to_owned())),
        }
    }

    /// Change the URL record with a setter of `url::quirks`; with `query`,
    /// the query object's list follows the new query.
    fn write(&self, query: bool, f: impl FnOnce(&mut Url)) -> DomResult<()> {
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
        self.read(|u| quirks::href(u).to_owned())
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
        self.read(quirks::origin)
    }

    /// `protocol`: the scheme and `:`.
    pub fn protocol(&self) -> DomResult<String> {
        self.read(|u| quirks::protocol(u).to_owned())
    }

    /// Setting `protocol` (the basic URL parser's scheme start state; a
    /// change it refuses leaves the URL as it was).
    pub fn set_protocol(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = quirks::set_protocol(u, value);
        })
    }

    /// `username`.
    pub fn username(&self) -> DomResult<String> {
        self.read(|u| quirks::username(u).to_owned())
    }

    /// Setting `username` (ignored for a URL that cannot have one).
    pub fn set_username(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = quirks::set_username(u, value);
        })
    }

    /// `password`.
    pub fn password(&self) -> DomResult<String> {
        self.read(|u| quirks::password(u).to_owned())
    }

    /// Setting `password` (ignored for a URL that cannot have one).
    pub fn set_password(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = quirks::set_password(u, value);
        })
    }

    /// `host`: the host and, when there is one, `:` and the port.
    pub fn host(&self) -> DomResult<String> {
        self.read(|u| quirks::host(u).to_owned())
    }

    /// Setting `host` (the host state of the basic URL parser).
    pub fn set_host(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = quirks::set_host(u, value);
        })
    }

    /// `hostname`.
    pub fn hostname(&self) -> DomResult<String> {
        self.read(|u| quirks::hostname(u).to_owned())
    }

    /// Setting `hostname`.
    pub fn set_hostname(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = quirks::set_hostname(u, value);
        })
    }

    /// `port` ("" for the scheme's default port or none).
    pub fn port(&self) -> DomResult<String> {
        self.read(|u| quirks::port(u).to_owned())
    }

    /// Setting `port` ("" removes it).
    pub fn set_port(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| {
            let _ = quirks::set_port(u, value);
        })
    }

    /// `pathname`.
    pub fn pathname(&self) -> DomResult<String> {
        self.read(|u| quirks::pathname(u).to_owned())
    }

    /// Setting `pathname` (ignored for a URL with an opaque path).
    pub fn set_pathname(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| quirks::set_pathname(u, value))
    }

    /// `search`: `?` and the query, or "" for none or an empty one.
    pub fn search(&self) -> DomResult<String> {
        self.read(|u| quirks::search(u).to_owned())
    }

    /// Setting `search`: the new query, and the query object's list
    /// parsed from it (<https://url.spec.whatwg.org/#dom-url-search>).
    pub fn set_search(&self, value: &str) -> DomResult<()> {
        self.write(true, |u| quirks::set_search(u, value))
    }

    /// `searchParams`: the URL's query object (the same list).
    pub fn search_params(&self) -> DomResult<SearchParams> {
        Ok(SearchParams(self.0.clone()))
    }

    /// `hash`: `#` and the fragment, or "" for none or an empty one.
    pub fn hash(&self) -> DomResult<String> {
        self.read(|u| quirks::hash(u).to_owned())
    }

    /// Setting `hash`.
    pub fn set_hash(&self, value: &str) -> DomResult<()> {
        self.write(false, |u| quirks::set_hash(u, value))
    }
}

#[cfg(test)]
mod tests;
