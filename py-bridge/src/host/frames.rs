//! Loading an iframe's `src` (the host's part of "process the iframe
//! attributes"): the file the URL names (against the page's directory, a
//! root-relative one against the root, as scripts load) is parsed into a
//! new document of the page's world that becomes the iframe's
//! (`contentDocument`), and `load` fires at the iframe as a task. With no
//! `src` (or `about:blank`) the iframe keeps the `about:blank` document
//! dom-ecs made, and `load` fires at once, as browsers fire it during
//! the insertion.
//!
//! A page becomes an HTML or XML document by its file extension, as a
//! file URL's page does in browsers; text and images become an HTML
//! document showing them, with their content type. Scripts in a loaded
//! page do not run yet (the page is told so): a frame's window has a JS
//! realm of its own (`contentWindow`), but the host runs no script in it.

use dom_ecs::NodeId;

use super::scripts::{Engines, Task, script_path};

/// What a file's extension makes of it.
enum Kind {
    Html,
    Xml(&'static str),
    /// Text shown in a `<pre>`, with its content type.
    Text(&'static str),
    /// An image shown in an `<img>`, with its content type.
    Image(&'static str),
}

fn kind_of(path: &std::path::Path) -> Kind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xhtml" | "xht" => Kind::Xml("application/xhtml+xml"),
        "xml" => Kind::Xml("application/xml"),
        "svg" => Kind::Xml("image/svg+xml"),
        "txt" => Kind::Text("text/plain"),
        "css" => Kind::Text("text/css"),
        "js" => Kind::Text("text/javascript"),
        "json" => Kind::Text("application/json"),
        "png" => Kind::Image("image/png"),
        "gif" => Kind::Image("image/gif"),
        "jpg" | "jpeg" => Kind::Image("image/jpeg"),
        "bmp" => Kind::Image("image/bmp"),
        "webp" => Kind::Image("image/webp"),
        "ico" => Kind::Image("image/x-icon"),
        _ => Kind::Html,
    }
}

/// Load iframe `node`'s `src` into a new document, or fire `load` at once
/// for `about:blank`.
pub(super) fn load(engines: &Engines, node: NodeId) {
    let src = engines
        .shared
        .lock_blocking()
        .doc
        .get_attribute(node, "src")
        .ok()
        .flatten()
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    if src.is_empty() || src == "about:blank" {
        engines.fire("load", Some(node), false);
        return;
    }
    let path = script_path(&src, &engines.page, engines.root.as_deref());
    let name = format!("<iframe src=\"{src}\">");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            // A browser shows an error page and still fires `load`.
            engines.report(
                &name,
                Err(format!("could not be loaded from {}: {e}", path.display())),
            );
            engines.queue(Task::FrameLoaded(node));
            return;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let url = super::run::file_url(&path);
    let scripts = {
        let mut st = engines.shared.lock_blocking();
        let d = &mut st.doc;
        let (doc, media) = match kind_of(&path) {
            Kind::Html => (d.parse_document_node(&text, Default::default()), None),
            Kind::Xml(ty) => (d.parse_xml_document_node(&text, ty), None),
            Kind::Text(ty) => {
                let doc = d.parse_document_node("<pre></pre>", Default::default());
                if let Ok(Some(pre)) = d.query_selector(doc, "pre") {
                    let _ = d.set_text_content(pre, &*text);
                }
                (doc, Some(ty))
            }
            Kind::Image(ty) => {
                let doc = d.parse_document_node("<img>", Default::default());
                if let Ok(Some(img)) = d.query_selector(doc, "img") {
                    let _ = d.set_attribute(img, "src", &url);
                }
                (doc, Some(ty))
            }
        };
        let scripts = d
            .query_selector_all(doc, "script")
            .map(|s| s.len())
            .unwrap_or(0);
        if let Err(e) = d.navigate_frame(node, doc, &url, media) {
            drop(st);
            engines.report(&name, Err(e.to_string()));
            return;
        }
        scripts
    };
    if scripts > 0 {
        engines.report(
            &name,
            Err(format!(
                "its {scripts} script(s) did not run: ecsdom runs no script of a loaded \
                 frame yet"
            )),
        );
    }
    engines.queue(Task::FrameLoaded(node));
}
