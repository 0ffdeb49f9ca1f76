//! Cookies: the page's cookie jar (RFC 6265's storage model, the
//! `cookie_store` crate's), which `document.cookie` reads and writes
//! (<https://html.spec.whatwg.org/#dom-document-cookie>) and the host's
//! network uses: a same-origin request sends the `Cookie` header of the
//! cookies its URL matches and stores its response's `Set-Cookie`
//! headers. A script never sees or sets an `HttpOnly` cookie. Cookies
//! live as long as the page (none is written to disk).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use cookie_store::{CookieStore, RawCookie};

use crate::urls::UrlRecord;
use crate::{Document, DomError, DomResult, NodeId};

/// The cookie jar of a page (clones share it: the host's network
/// threads hold one).
#[derive(Clone, Debug, Default)]
pub struct CookieJar(Arc<Mutex<CookieStore>>);

impl CookieJar {
    fn lock(&self) -> MutexGuard<'_, CookieStore> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The `Cookie` header a request to `url` sends, if any cookie
    /// matches (`HttpOnly` ones too; `Secure` ones over `https` only):
    /// longer paths first (RFC 6265, 5.4).
    pub fn request_header(&self, url: &url::Url) -> Option<String> {
        let store = self.lock();
        let mut cookies = store.matches(url);
        if cookies.is_empty() {
            return None;
        }
        cookies.sort_by_key(|c| std::cmp::Reverse(c.path.as_ref().len()));
        Some(
            cookies
                .iter()
                .map(|c| format!("{}={}", c.name(), c.value()))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    /// Store the `Set-Cookie` header values of a response from `url`
    /// (one that does not parse or does not domain-match is ignored).
    pub fn store_response<'a>(&self, url: &url::Url, values: impl IntoIterator<Item = &'a str>) {
        let mut store = self.lock();
        for v in values {
            if let Ok(raw) = RawCookie::parse(v.to_owned()) {
                let _ = store.insert_raw(&raw, url);
            }
        }
    }

    /// What a script reads at `url`: the matching cookies that are not
    /// `HttpOnly`, `name=value` joined by `; `.
    fn for_script(&self, url: &url::Url) -> String {
        let store = self.lock();
        let mut cookies: Vec<_> = store
            .matches(url)
            .into_iter()
            .filter(|c| !c.http_only().unwrap_or(false))
            .collect();
        cookies.sort_by_key(|c| std::cmp::Reverse(c.path.as_ref().len()));
        cookies
            .iter()
            .map(|c| {
                if c.name().is_empty() {
                    c.value().to_owned()
                } else {
                    format!("{}={}", c.name(), c.value())
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A script's `document.cookie = value` at `url` (an `HttpOnly`
    /// cookie, or one that would replace an `HttpOnly` one, is ignored).
    fn set_from_script(&self, url: &url::Url, value: &str) {
        let Ok(raw) = RawCookie::parse(value.to_owned()) else {
            return;
        };
        if raw.http_only().unwrap_or(false) {
            return;
        }
        let mut store = self.lock();
        let replaces_http_only = store
            .matches(url)
            .iter()
            .any(|c| c.name() == raw.name() && c.http_only().unwrap_or(false));
        if !replaces_http_only {
            let _ = store.insert_raw(&raw, url);
        }
    }
}

impl Document {
    /// The page's cookie jar (what the host's network sends and fills).
    pub fn cookie_jar(&self) -> CookieJar {
        self.cookies.clone()
    }

    /// The URL `document.cookie` works at: none for a cookie-averse
    /// document (no browsing context, or a URL that is not `http(s)`:
    /// `file:` and `data:` pages have no cookies, as in browsers).
    fn cookie_url(&self, doc: NodeId) -> DomResult<Option<url::Url>> {
        if self.window_of(doc)?.is_none() {
            return Ok(None);
        }
        let url = self.url_of(doc)?;
        let Some(record) = UrlRecord::parse(url, None) else {
            return Ok(None);
        };
        if !matches!(record.scheme.as_str(), "http" | "https") {
            return Ok(None);
        }
        if record.origin() == "null" {
            return Err(DomError::Security(
                "The document is sandboxed and lacks the 'allow-same-origin' flag.".to_owned(),
            ));
        }
        Ok(url::Url::parse(&record.to_string()).ok())
    }

    /// `document.cookie`: the cookies of the document's URL a script may
    /// see ("" for a cookie-averse document).
    ///
    /// # Errors
    /// `TypeError` for a node that is no document; `SecurityError` for an
    /// opaque origin.
    pub fn cookie(&self, doc: NodeId) -> DomResult<String> {
        Ok(self
            .cookie_url(doc)?
            .map(|u| self.cookies.for_script(&u))
            .unwrap_or_default())
    }

    /// `document.cookie = value`: one cookie (`name=value` and its
    /// attributes) stored for the document's URL, unless `HttpOnly`;
    /// nothing for a cookie-averse document.
    ///
    /// # Errors
    /// As [`Document::cookie`].
    pub fn set_cookie(&mut self, doc: NodeId, value: &str) -> DomResult<()> {
        if let Some(u) = self.cookie_url(doc)? {
            self.cookies.set_from_script(&u, value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_cookie_reads_and_writes_the_jar_but_never_http_only_cookies() {
        let mut d = Document::parse("<p>");
        let doc = d.root();
        assert_eq!(d.cookie(doc).unwrap(), "", "an about:blank page has none");
        d.set_url("http://example.com/a/page.html");
        d.set_cookie(doc, "theme=dark").unwrap();
        d.set_cookie(doc, "deep=1; Path=/a").unwrap();
        d.set_cookie(doc, "secret=x; HttpOnly").unwrap();
        assert_eq!(d.cookie(doc).unwrap(), "theme=dark; deep=1");
        let url = url::Url::parse("http://example.com/a/data").unwrap();
        let jar = d.cookie_jar();
        jar.store_response(&url, ["session=42; HttpOnly", "seen=yes; Max-Age=60"]);
        assert_eq!(d.cookie(doc).unwrap(), "theme=dark; deep=1; seen=yes");
        let header = jar.request_header(&url).unwrap();
        assert!(
            header.contains("session=42") && header.contains("theme=dark"),
            "{header}"
        );
        d.set_cookie(doc, "session=stolen").unwrap();
        assert!(jar.request_header(&url).unwrap().contains("session=42"));
        d.set_cookie(doc, "theme=; Max-Age=0").unwrap();
        assert_eq!(d.cookie(doc).unwrap(), "deep=1; seen=yes");
        assert!(
            jar.request_header(&url::Url::parse("http://other.org/").unwrap())
                .is_none()
        );
        d.set_url("file:///tmp/page.html");
        d.set_cookie(doc, "ignored=1").unwrap();
        assert_eq!(d.cookie(doc).unwrap(), "");
    }
}
