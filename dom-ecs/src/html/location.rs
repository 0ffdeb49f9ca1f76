//! The parts of a window's `Location`
//! (<https://html.spec.whatwg.org/#the-location-interface>): its
//! document's URL and the URL Standard's getters of it; its setters
//! navigate (`events::activation`'s `navigate`: a fragment moves the
//! document's URL, another document is left to the host).

use crate::urls::UrlRecord;

use crate::{Document, DomError, DomResult, NodeId};

/// The members of `Location` that read a part of the URL.
pub const LOCATION_PARTS: [&str; 9] = [
    "href", "origin", "protocol", "host", "hostname", "port", "pathname", "search", "hash",
];

impl Document {
    /// `location.<part>` of window `window`: its document's URL or the
    /// part `part` (one of [`LOCATION_PARTS`]) of it.
    ///
    /// # Errors
    /// `TypeError` for a target that is no window or an unknown part.
    pub fn location_part(&self, window: NodeId, part: &str) -> DomResult<String> {
        let doc = self.document_of_window(window)?;
        let raw = self.url_of(doc)?;
        let Some(url) = UrlRecord::parse(raw, None) else {
            return Ok(if part == "href" {
                raw.to_owned()
            } else {
                String::new()
            });
        };
        Ok(match part {
            "href" => url.to_string(),
            "origin" => url.origin(),
            "protocol" => url.protocol(),
            "host" => url.host_and_port(),
            "hostname" => url.hostname(),
            "port" => url.port_string(),
            "pathname" => url.pathname(),
            "search" => url.search(),
            "hash" => url.hash(),
            other => return Err(DomError::Type(format!("Location has no part {other}"))),
        })
    }
}

impl Document {
    /// Setting `location.<part>` of window `window`: the URL the part
    /// gives, navigated to (the Location-object navigate steps). Setting
    /// `hash` to the fragment the URL has already does nothing.
    ///
    /// # Errors
    /// `TypeError` for an `href` that does not parse, for `origin`
    /// (read-only), an unknown part or a target that is no window;
    /// `SyntaxError` for a `protocol` that is no scheme.
    pub fn set_location_part(&mut self, window: NodeId, part: &str, value: &str) -> DomResult<()> {
        let doc = self.document_of_window(window)?;
        let current = self.url_of(doc)?.to_owned();
        let target = if part == "href" {
            let base = self.base_uri_of(doc)?;
            UrlRecord::parse_with_base(value, &base)
                .ok_or_else(|| DomError::Type(format!("'{value}' is not a valid URL")))?
        } else {
            let Some(mut url) = UrlRecord::parse(&current, None) else {
                return Ok(());
            };
            match part {
                "hash" => {
                    let before = url.fragment.clone();
                    url.set_hash(value);
                    if url.fragment.is_none() {
                        url.fragment = Some(String::new());
                    }
                    if url.fragment == before {
                        return Ok(());
                    }
                }
                "protocol" => {
                    if url.set_protocol(value).is_err() {
                        return Err(DomError::Syntax(format!(
                            "'{value}' is not a valid URL scheme"
                        )));
                    }
                    if !matches!(url.scheme.as_str(), "http" | "https") {
                        return Ok(());
                    }
                }
                "host" => url.set_host(value),
                "hostname" => url.set_hostname(value),
                "port" => url.set_port(value),
                "pathname" => url.set_pathname(value),
                "search" => url.set_search(value),
                other => {
                    return Err(DomError::Type(format!("Location's {other} cannot be set")));
                }
            }
            url
        };
        self.navigate(doc, &target.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_location_reads_its_documents_url() {
        let mut d = Document::parse("<p>");
        d.set_url("http://example.com:81/a/b?c#d");
        let w = d.window_of(d.root()).unwrap().unwrap();
        let parts: Vec<String> = LOCATION_PARTS
            .iter()
            .map(|p| d.location_part(w, p).unwrap())
            .collect();
        assert_eq!(
            parts,
            [
                "http://example.com:81/a/b?c#d",
                "http://example.com:81",
                "http:",
                "example.com:81",
                "example.com",
                "81",
                "/a/b",
                "?c",
                "#d"
            ]
        );
        assert!(d.location_part(d.root(), "href").is_err());
    }

    #[test]
    fn setting_the_hash_moves_the_url_and_setting_it_again_does_nothing() {
        let mut d = Document::parse("<p>");
        d.set_url("http://example.com/a#d");
        let w = d.window_of(d.root()).unwrap().unwrap();
        d.set_location_part(w, "hash", "#e").unwrap();
        assert_eq!(
            d.location_part(w, "href").unwrap(),
            "http://example.com/a#e"
        );
        d.set_location_part(w, "hash", "e").unwrap();
        d.set_location_part(w, "href", "b").unwrap();
        assert_eq!(
            d.location_part(w, "href").unwrap(),
            "http://example.com/a#e"
        );
        let navigations = d.take_navigations();
        assert_eq!(navigations.len(), 2, "{navigations:?}");
        assert!(
            matches!(&navigations[1], crate::events::Navigation::Elsewhere { url, .. } if url == "http://example.com/b")
        );
        assert!(d.set_location_part(w, "origin", "x").is_err());
    }
}
