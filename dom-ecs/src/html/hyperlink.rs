//! `HTMLHyperlinkElementUtils` (<https://html.spec.whatwg.org/#api-for-a-and-area-elements>):
//! an `a` or `area` element's URL (its `href` parsed against the
//! document's base URL) and its parts, read and written through the URL
//! Standard's API setters (`UrlRecord`'s), each write setting `href`.

use crate::urls::UrlRecord;

use crate::{Document, DomResult, NodeId};

impl Document {
    /// The element's url: its `href` parsed against its node document's
    /// base URL, none when absent or not a URL ("reinitialize url").
    fn hyperlink_url(&self, id: NodeId) -> DomResult<Option<UrlRecord>> {
        let Some(href) = self.get_attribute(id, "href")? else {
            return Ok(None);
        };
        let base = self.base_uri_of(id)?;
        Ok(UrlRecord::parse_with_base(href, &base))
    }

    /// `href`: the url serialized, else the attribute's value (or "").
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn hyperlink_href(&self, id: NodeId) -> DomResult<String> {
        Ok(match self.hyperlink_url(id)? {
            Some(u) => u.to_string(),
            None => self.get_attribute(id, "href")?.unwrap_or("").to_owned(),
        })
    }

    /// `href = value`: sets the attribute.
    ///
    /// # Errors
    /// As [`Document::set_attribute`].
    pub fn set_hyperlink_href(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.set_attribute(id, "href", value)
    }

    /// `origin`: the url's origin serialized ("" with no url).
    ///
    /// # Errors
    /// As [`Document::hyperlink_href`].
    pub fn hyperlink_origin(&self, id: NodeId) -> DomResult<String> {
        Ok(self
            .hyperlink_url(id)?
            .map(|u| u.origin())
            .unwrap_or_default())
    }

    /// `protocol`: ":" with no url.
    ///
    /// # Errors
    /// As [`Document::hyperlink_href`].
    pub fn hyperlink_protocol(&self, id: NodeId) -> DomResult<String> {
        Ok(self
            .hyperlink_url(id)?
            .map_or_else(|| ":".to_owned(), |u| u.protocol()))
    }

    /// Change the url with `set` and write it back to `href`; nothing
    /// with no url.
    fn change_hyperlink(&mut self, id: NodeId, set: impl FnOnce(&mut UrlRecord)) -> DomResult<()> {
        let Some(mut u) = self.hyperlink_url(id)? else {
            return Ok(());
        };
        set(&mut u);
        self.set_attribute(id, "href", &u.to_string())
    }
}

/// The getter and setter of a url part: "" with no url, and the URL
/// Standard's setter (which ignores what it cannot set).
macro_rules! part {
    ($($get:ident, $set:ident, $q:expr, $qset:ident, $name:literal);* $(;)?) => {
        impl Document {
            $(
                #[doc = concat!("`", $name, "`: \"\" with no url.")]
                ///
                /// # Errors
                /// As [`Document::hyperlink_href`].
                pub fn $get(&self, id: NodeId) -> DomResult<String> {
                    Ok(self
                        .hyperlink_url(id)?
                        .map(|u| $q(&u))
                        .unwrap_or_default())
                }

                #[doc = concat!("`", $name, " = value`: the URL Standard's setter, then `href`.")]
                ///
                /// # Errors
                /// As [`Document::set_attribute`].
                pub fn $set(&mut self, id: NodeId, value: &str) -> DomResult<()> {
                    self.change_hyperlink(id, |u| u.$qset(value))
                }
            )*
        }
    };
}

part! {
    hyperlink_username, set_hyperlink_username, |u: &UrlRecord| u.username.clone(), set_username, "username";
    hyperlink_password, set_hyperlink_password, |u: &UrlRecord| u.password.clone(), set_password, "password";
    hyperlink_host, set_hyperlink_host, UrlRecord::host_and_port, set_host, "host";
    hyperlink_hostname, set_hyperlink_hostname, UrlRecord::hostname, set_hostname, "hostname";
    hyperlink_port, set_hyperlink_port, UrlRecord::port_string, set_port, "port";
    hyperlink_pathname, set_hyperlink_pathname, UrlRecord::pathname, set_pathname, "pathname";
    hyperlink_search, set_hyperlink_search, UrlRecord::search, set_search, "search";
    hyperlink_hash, set_hyperlink_hash, UrlRecord::hash, set_hash, "hash";
}

impl Document {
    /// `protocol = value`: the URL Standard's setter, then `href`.
    ///
    /// # Errors
    /// As [`Document::set_attribute`].
    pub fn set_hyperlink_protocol(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.change_hyperlink(id, |u| {
            let _ = u.set_protocol(value);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_url_parts_read_and_write_its_href() {
        let mut d = Document::parse(
            "<base href='http://example.com/dir/'><a href='p?q=1#h'>x</a><a id=none>y</a><a href='http://[x'>z</a>",
        );
        let links = d.query_selector_all(d.root(), "a").unwrap();
        let (a, none, bad) = (links[0], links[1], links[2]);
        assert_eq!(
            d.hyperlink_href(a).unwrap(),
            "http://example.com/dir/p?q=1#h"
        );
        assert_eq!(d.hyperlink_origin(a).unwrap(), "http://example.com");
        assert_eq!(d.hyperlink_protocol(a).unwrap(), "http:");
        assert_eq!(d.hyperlink_pathname(a).unwrap(), "/dir/p");
        assert_eq!(d.hyperlink_search(a).unwrap(), "?q=1");
        assert_eq!(d.hyperlink_hash(a).unwrap(), "#h");
        d.set_hyperlink_hash(a, "top").unwrap();
        d.set_hyperlink_port(a, "8080").unwrap();
        assert_eq!(
            d.get_attribute(a, "href").unwrap(),
            Some("http://example.com:8080/dir/p?q=1#top")
        );
        assert_eq!(d.hyperlink_host(a).unwrap(), "example.com:8080");
        assert_eq!(d.hyperlink_href(none).unwrap(), "");
        assert_eq!(d.hyperlink_protocol(none).unwrap(), ":");
        d.set_hyperlink_hash(none, "x").unwrap();
        assert_eq!(d.get_attribute(none, "href").unwrap(), None);
        assert_eq!(d.hyperlink_href(bad).unwrap(), "http://[x");
        assert_eq!(d.hyperlink_host(bad).unwrap(), "");
    }
}
