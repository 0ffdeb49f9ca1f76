//! The parts of a window's `Location`
//! (<https://html.spec.whatwg.org/#the-location-interface>): its
//! document's URL and the URL Standard's getters of it. (Navigating
//! through it is not here yet: each bridge's setters say so.)

use url::{Url, quirks};

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
        let Ok(url) = Url::parse(raw) else {
            return Ok(if part == "href" {
                raw.to_owned()
            } else {
                String::new()
            });
        };
        Ok(match part {
            "href" => quirks::href(&url).to_owned(),
            "origin" => quirks::origin(&url),
            "protocol" => quirks::protocol(&url).to_owned(),
            "host" => quirks::host(&url).to_owned(),
            "hostname" => quirks::hostname(&url).to_owned(),
            "port" => quirks::port(&url).to_owned(),
            "pathname" => quirks::pathname(&url).to_owned(),
            "search" => quirks::search(&url).to_owned(),
            "hash" => quirks::hash(&url).to_owned(),
            other => return Err(DomError::Type(format!("Location has no part {other}"))),
        })
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
}
