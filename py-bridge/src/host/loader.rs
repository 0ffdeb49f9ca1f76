//! How the host gets what a page names by URL: the page itself, its
//! `src=` scripts and its iframes' documents. Each is fetched by the
//! network's scheme fetch (`net`: `file:` reads a regular file, `http:`
//! and `https:` go through the HTTP client, `data:` decodes), on the page
//! thread: a script's load blocks the parser, as a parser-blocking script
//! does. A response that is no success (`404`) is a failed load.
//!
//! A local page reads local files only inside its own directory tree (and
//! `--root`'s): `js_bridge::FileScope`.
//!
//! A page read from a local file resolves its relative URLs against its
//! own `file:` URL even when `--url` gives the document another URL (its
//! scripts sit beside it); with `--root DIR` a root-relative URL
//! (`/resources/testharness.js`) of such a page names a file under DIR,
//! as a server whose root is DIR would serve it.

use std::path::{Path, PathBuf};

use dom_ecs::fetch::FetchRequest;
use js_bridge::FileScope;
use url::Url;

/// A resource the host loaded.
pub(super) struct Loaded {
    /// Its URL after redirects.
    pub url: Url,
    pub body: Vec<u8>,
    /// Its `Content-Type` (none for a file: its extension says).
    pub content_type: Option<String>,
    /// Its `Content-Security-Policy` header values.
    pub csp: Vec<String>,
}

impl Loaded {
    /// The body as text (UTF-8, invalid bytes replaced), a DOM string.
    pub fn text(&self) -> String {
        dom_ecs::dom_string::escape_owned(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// A document's bytes decoded as HTML's encoding sniffing finds (the
    /// BOM, the `Content-Type` charset, a `<meta charset>` or an XML
    /// declaration in the first 1024 bytes; else UTF-8): the text, and
    /// its encoding's name (`document.characterSet`).
    pub fn document_text(&self, xml: bool) -> (String, &'static str) {
        dom_ecs::decode_page(&self.body, self.content_type.as_deref(), xml)
    }

    /// A script's bytes decoded: by its BOM, else its `Content-Type`
    /// charset, else the `fallback` label (a classic script's: its
    /// `charset` attribute or its document's encoding), else UTF-8
    /// (<https://html.spec.whatwg.org/#fetch-a-classic-script>).
    pub fn script_text(&self, fallback: Option<&str>) -> String {
        dom_ecs::decode_script(&self.body, self.content_type.as_deref(), fallback)
    }

    /// The MIME type's essence (`text/html`), lowercased: the header's,
    /// or for a file the one its extension implies.
    pub fn mime(&self) -> String {
        match &self.content_type {
            Some(ty) => ty
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase(),
            None => mime_of_path(self.url.path()).to_owned(),
        }
    }
}

/// The MIME type of a file by its extension (what a `file:` URL's
/// response gets in browsers); `text/html` for anything unknown.
pub(super) fn mime_of_path(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xhtml" | "xht" => "application/xhtml+xml",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "txt" => "text/plain",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "py" => "text/x-python",
        "json" => "application/json",
        "png" => "image/png",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "bmp" => "image/bmp",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "text/html",
    }
}

/// The XML content type a document of this MIME type gets, if it is XML.
pub(super) fn xml_content_type(mime: &str) -> Option<&'static str> {
    match mime {
        "application/xhtml+xml" => Some("application/xhtml+xml"),
        "image/svg+xml" => Some("image/svg+xml"),
        "application/xml" | "text/xml" => Some("application/xml"),
        _ => None,
    }
}

/// Where a page's relative URLs resolve, a root-relative one's root, and
/// which local files the page may read.
#[derive(Clone, Debug)]
pub(super) struct Loader {
    /// The URL the page was loaded from.
    pub page: Url,
    /// `--root`: the directory a `file:` page's root-relative URLs name.
    pub root: Option<PathBuf>,
    /// The local files the page's loads may read
    /// ([`Loader::scope_of`]).
    pub files: FileScope,
}

impl Loader {
    /// The loader of the page at `page`.
    pub fn new(page: Url, root: Option<PathBuf>) -> Loader {
        let files = Loader::scope_of(&page, root.as_deref());
        Loader { page, root, files }
    }

    /// What a page at `page` may read: a local page, its directory tree
    /// and `--root`'s; a page from the network, no local file.
    pub fn scope_of(page: &Url, root: Option<&Path>) -> FileScope {
        let Some(dir) = file_dir(page) else {
            return FileScope::within([]);
        };
        FileScope::within(std::iter::once(dir).chain(root.map(Path::to_path_buf)))
    }

    /// The URL `src` names in a document loaded from `base`.
    pub fn resolve(&self, src: &str, base: &Url) -> Result<Url, String> {
        let src = src.trim();
        if let (Some(root), "file", true) = (
            &self.root,
            base.scheme(),
            src.starts_with('/') && !src.starts_with("//"),
        ) {
            let dir = std::path::absolute(root).unwrap_or_else(|_| root.clone());
            let root_url = Url::from_directory_path(&dir)
                .map_err(|()| format!("--root {} is no directory path", root.display()))?;
            let root_url = root_url.as_str().trim_end_matches('/');
            return Url::parse(&format!("{root_url}{src}")).map_err(|e| format!("{src}: {e}"));
        }
        base.join(src)
            .map_err(|e| format!("{src} is no valid URL: {e}"))
    }

    /// Fetch `url` (a GET); a network error or a status other than 2xx is
    /// an error.
    pub fn load(&self, url: &Url) -> Result<Loaded, String> {
        let request = FetchRequest::new(None, url.as_str(), None, None, None)
            .map_err(|e| format!("{url}: {e}"))?;
        let r = super::net::perform(&request, &self.files)?;
        if !(200..300).contains(&r.status) {
            return Err(format!("{url}: {} {}", r.status, r.status_text));
        }
        let content_type = (url.scheme() != "file")
            .then(|| {
                r.headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.clone())
            })
            .flatten();
        let csp = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("content-security-policy"))
            .map(|(_, v)| v.clone())
            .collect();
        Ok(Loaded {
            url: Url::parse(&r.url).unwrap_or_else(|_| url.clone()),
            body: r.body,
            content_type,
            csp,
        })
    }
}

/// How a URL is named in messages and stack traces: a `file:` URL as its
/// path, any other as it is.
pub(super) fn display_name(url: &Url) -> String {
    match url.to_file_path() {
        Ok(p) if url.scheme() == "file" => p.display().to_string(),
        _ => url.to_string(),
    }
}

/// The directory of a `file:` URL's file (a page's, for `sys.path`).
pub(super) fn file_dir(url: &Url) -> Option<PathBuf> {
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
}
