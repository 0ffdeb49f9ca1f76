//! URL records (<https://url.spec.whatwg.org/#concept-url>), their
//! serializer and origin, and the `URL` API's getters and setters over
//! them (<https://url.spec.whatwg.org/#urlutils-members>): what both `URL`
//! objects and `a`/`area`/`Location` read and write.

use std::fmt::{self, Write as _};

use super::Failure;
use super::host::Host;
use super::parser::{self, State};
use super::percent;

/// A URL's path: opaque (`mailto:x`) or a list of segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlPath {
    /// An opaque path, as written after the scheme.
    Opaque(String),
    /// Path segments, each written after a `/`.
    Segments(Vec<String>),
}

/// A parsed URL: the standard's URL record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlRecord {
    /// The scheme, lowercase.
    pub scheme: String,
    /// The username, percent-encoded.
    pub username: String,
    /// The password, percent-encoded.
    pub password: String,
    /// The host, if the URL has an authority.
    pub host: Option<Host>,
    /// The port, none for the scheme's default.
    pub port: Option<u16>,
    /// The path.
    pub path: UrlPath,
    /// The query, without its `?`.
    pub query: Option<String>,
    /// The fragment, without its `#`.
    pub fragment: Option<String>,
}

/// Whether `scheme` is special (ftp, file, http, https, ws, wss).
pub(crate) fn is_special(scheme: &str) -> bool {
    matches!(scheme, "ftp" | "file" | "http" | "https" | "ws" | "wss")
}

/// A special scheme's default port.
pub(crate) fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "ftp" => Some(21),
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

impl UrlRecord {
    pub(crate) fn empty() -> UrlRecord {
        UrlRecord {
            scheme: String::new(),
            username: String::new(),
            password: String::new(),
            host: None,
            port: None,
            path: UrlPath::Segments(Vec::new()),
            query: None,
            fragment: None,
        }
    }

    /// The URL parser: `input` against `base`, none when it is no URL.
    pub fn parse(input: &str, base: Option<&UrlRecord>) -> Option<UrlRecord> {
        parser::parse(input, base).ok()
    }

    /// `input` against a base URL given as a string (a base that does
    /// not parse makes none).
    pub fn parse_with_base(input: &str, base: &str) -> Option<UrlRecord> {
        let base = UrlRecord::parse(base, None)?;
        UrlRecord::parse(input, Some(&base))
    }

    /// Whether the scheme is special.
    pub fn is_special(&self) -> bool {
        is_special(&self.scheme)
    }

    /// A username or password is set.
    pub fn includes_credentials(&self) -> bool {
        !self.username.is_empty() || !self.password.is_empty()
    }

    /// No host, the empty host, or `file:`.
    fn cannot_have_credentials_or_port(&self) -> bool {
        matches!(self.host, None | Some(Host::Empty)) || self.scheme == "file"
    }

    /// Whether the path is opaque.
    pub fn has_opaque_path(&self) -> bool {
        matches!(self.path, UrlPath::Opaque(_))
    }

    /// The URL serializer without the fragment.
    pub fn without_fragment(&self) -> String {
        let mut s = String::new();
        self.write(&mut s, true).ok();
        s
    }

    fn write(&self, out: &mut impl fmt::Write, exclude_fragment: bool) -> fmt::Result {
        out.write_str(&self.scheme)?;
        out.write_char(':')?;
        if let Some(host) = &self.host {
            out.write_str("//")?;
            if self.includes_credentials() {
                out.write_str(&self.username)?;
                if !self.password.is_empty() {
                    write!(out, ":{}", self.password)?;
                }
                out.write_char('@')?;
            }
            write!(out, "{host}")?;
            if let Some(port) = self.port {
                write!(out, ":{port}")?;
            }
        }
        if let UrlPath::Segments(s) = &self.path
            && self.host.is_none()
            && s.len() > 1
            && s[0].is_empty()
        {
            out.write_str("/.")?;
        }
        self.write_path(out)?;
        if let Some(q) = &self.query {
            write!(out, "?{q}")?;
        }
        if !exclude_fragment && let Some(f) = &self.fragment {
            write!(out, "#{f}")?;
        }
        Ok(())
    }

    /// The URL path serializer.
    fn write_path(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match &self.path {
            UrlPath::Opaque(p) => out.write_str(p),
            UrlPath::Segments(segments) => segments.iter().try_for_each(|s| write!(out, "/{s}")),
        }
    }

    /// The origin, serialized (<https://url.spec.whatwg.org/#concept-url-origin>):
    /// `scheme://host[:port]` for `http(s)`, `ws(s)` and `ftp`, a `blob:`
    /// URL's inner `http(s)` URL's, else `null` (opaque; `file:` too).
    pub fn origin(&self) -> String {
        match self.scheme.as_str() {
            "blob" => {
                let mut path = String::new();
                self.write_path(&mut path).ok();
                match UrlRecord::parse(&path, None) {
                    Some(inner) if matches!(inner.scheme.as_str(), "http" | "https") => {
                        inner.origin()
                    }
                    _ => "null".to_owned(),
                }
            }
            "ftp" | "http" | "https" | "ws" | "wss" => {
                let mut s = format!("{}://", self.scheme);
                if let Some(h) = &self.host {
                    write!(s, "{h}").ok();
                }
                if let Some(p) = self.port {
                    write!(s, ":{p}").ok();
                }
                s
            }
            _ => "null".to_owned(),
        }
    }

    /// `protocol`.
    pub fn protocol(&self) -> String {
        format!("{}:", self.scheme)
    }

    /// Setting `protocol`: a failure when `value` is no scheme (the URL
    /// API ignores it; `Location` throws).
    ///
    /// # Errors
    /// [`Failure`] when the scheme start state fails.
    pub fn set_protocol(&mut self, value: &str) -> Result<(), Failure> {
        parser::parse_into(&format!("{value}:"), self, State::SchemeStart)
    }

    /// Setting `username` (ignored for a URL that cannot have one).
    pub fn set_username(&mut self, value: &str) {
        if self.cannot_have_credentials_or_port() {
            return;
        }
        self.username.clear();
        percent::encode_into(&mut self.username, value, percent::USERINFO);
    }

    /// Setting `password`.
    pub fn set_password(&mut self, value: &str) {
        if self.cannot_have_credentials_or_port() {
            return;
        }
        self.password.clear();
        percent::encode_into(&mut self.password, value, percent::USERINFO);
    }

    /// `host`: the host and, with one, `:` and the port.
    pub fn host_and_port(&self) -> String {
        match (&self.host, self.port) {
            (None, _) => String::new(),
            (Some(h), None) => h.to_string(),
            (Some(h), Some(p)) => format!("{h}:{p}"),
        }
    }

    /// Setting `host` (ignored for an opaque path).
    pub fn set_host(&mut self, value: &str) {
        if !self.has_opaque_path() {
            let _ = parser::parse_into(value, self, State::Host);
        }
    }

    /// `hostname`.
    pub fn hostname(&self) -> String {
        self.host.as_ref().map(Host::to_string).unwrap_or_default()
    }

    /// Setting `hostname`.
    pub fn set_hostname(&mut self, value: &str) {
        if !self.has_opaque_path() {
            let _ = parser::parse_into(value, self, State::Hostname);
        }
    }

    /// `port` ("" for none).
    pub fn port_string(&self) -> String {
        self.port.map(|p| p.to_string()).unwrap_or_default()
    }

    /// Setting `port` ("" removes it).
    pub fn set_port(&mut self, value: &str) {
        if self.cannot_have_credentials_or_port() {
            return;
        }
        if value.is_empty() {
            self.port = None;
        } else {
            let _ = parser::parse_into(value, self, State::Port);
        }
    }

    /// `pathname`.
    pub fn pathname(&self) -> String {
        let mut s = String::new();
        self.write_path(&mut s).ok();
        s
    }

    /// Setting `pathname` (ignored for an opaque path).
    pub fn set_pathname(&mut self, value: &str) {
        if self.has_opaque_path() {
            return;
        }
        self.path = UrlPath::Segments(Vec::new());
        let _ = parser::parse_into(value, self, State::PathStart);
    }

    /// `search`: "" for no query or an empty one.
    pub fn search(&self) -> String {
        match &self.query {
            Some(q) if !q.is_empty() => format!("?{q}"),
            _ => String::new(),
        }
    }

    /// Setting `search` ("" removes the query).
    pub fn set_search(&mut self, value: &str) {
        if value.is_empty() {
            self.query = None;
            self.strip_trailing_spaces_from_opaque_path();
            return;
        }
        let input = value.strip_prefix('?').unwrap_or(value);
        self.query = Some(String::new());
        let _ = parser::parse_into(input, self, State::Query);
    }

    /// `hash`: "" for no fragment or an empty one.
    pub fn hash(&self) -> String {
        match &self.fragment {
            Some(f) if !f.is_empty() => format!("#{f}"),
            _ => String::new(),
        }
    }

    /// Setting `hash` ("" removes the fragment).
    pub fn set_hash(&mut self, value: &str) {
        if value.is_empty() {
            self.fragment = None;
            self.strip_trailing_spaces_from_opaque_path();
            return;
        }
        let input = value.strip_prefix('#').unwrap_or(value);
        self.fragment = Some(String::new());
        let _ = parser::parse_into(input, self, State::Fragment);
    }

    /// "Potentially strip trailing spaces from an opaque path": once
    /// neither a query nor a fragment follows it.
    pub(crate) fn strip_trailing_spaces_from_opaque_path(&mut self) {
        if self.fragment.is_some() || self.query.is_some() {
            return;
        }
        if let UrlPath::Opaque(p) = &mut self.path {
            let kept = p.trim_end_matches(' ').len();
            p.truncate(kept);
        }
    }
}

/// The URL serializer (`href`).
impl fmt::Display for UrlRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

impl std::str::FromStr for UrlRecord {
    type Err = Failure;

    fn from_str(s: &str) -> Result<UrlRecord, Failure> {
        parser::parse(s, None)
    }
}
