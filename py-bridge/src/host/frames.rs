//! Loading an iframe's `src` (the host's part of "process the iframe
//! attributes"): what the URL names (loaded as scripts are: `loader`) is
//! parsed into a
//! new document of the page's world that becomes the iframe's
//! (`contentDocument`), and `load` fires at the iframe as a task. With no
//! `src` (or `about:blank`) the iframe keeps the `about:blank` document
//! dom-ecs made, and `load` fires at once, as browsers fire it during
//! the insertion.
//!
//! A page becomes an HTML or XML document by its MIME type (a file's by
//! its extension, as a file URL's page in browsers); text and images
//! become an HTML document showing them, with their content type. A loaded page's
//! classic scripts run in order in its window's JS realm (`contentWindow`),
//! then `load` fires at its window and at the iframe; its Python and
//! module scripts do not run yet (the page is told so).

use dom_ecs::NodeId;

use dom_ecs::ScriptType;

use super::loader::xml_content_type;
use super::scripts::{Engines, Script, Task, script_of};

/// What a response's MIME type makes of it.
enum Kind {
    Html,
    Xml(&'static str),
    /// Text shown in a `<pre>`, with its content type.
    Text(String),
    /// An image shown in an `<img>`, with its content type.
    Image(String),
}

fn kind_of(mime: &str) -> Kind {
    if let Some(ty) = xml_content_type(mime) {
        return Kind::Xml(ty);
    }
    match mime {
        "text/html" | "" => Kind::Html,
        m if m.starts_with("image/") => Kind::Image(m.to_owned()),
        m => Kind::Text(m.to_owned()),
    }
}

/// Fire `load` at once at an iframe `node` with no `srcdoc` whose `src`
/// is `about:blank` (or none); else queue the task that loads its
/// `srcdoc` or `src` (a frame loads after the script that inserted it, as
/// in browsers).
pub(super) fn load(engines: &Engines, node: NodeId) {
    let (src, srcdoc) = sources_of(engines, node);
    if srcdoc.is_none() && is_blank(&src) {
        engines.fire("load", Some(node), false);
    } else {
        engines.queue(Task::LoadFrame(node));
    }
}

/// Whether an iframe with this `src` stays on its `about:blank` document.
fn is_blank(src: &str) -> bool {
    src.is_empty() || src == "about:blank"
}

/// An iframe's `src` (trimmed) and `srcdoc`.
fn sources_of(engines: &Engines, node: NodeId) -> (String, Option<String>) {
    let st = engines.shared.lock_blocking();
    let attr = |name| st.doc.get_attribute(node, name).ok().flatten();
    let src = attr("src").map(|s| s.trim().to_owned()).unwrap_or_default();
    (src, attr("srcdoc").map(str::to_owned))
}

/// What a navigation of an iframe's browsing context loads.
enum Source {
    /// Its `srcdoc`: an HTML document at `about:srcdoc` whose relative
    /// URLs are the page's.
    Srcdoc(String),
    /// A URL (its `src`, or where its window's `location` was sent).
    Url(String),
    /// A `javascript:` URL's script, percent-decoded.
    Script(String),
}

/// The task that loads iframe `node`'s `srcdoc` or else its `src`
/// into a new document, runs its scripts and fires `load` (at its window,
/// then at the iframe); nothing if the iframe lost its browsing context
/// (removed) before the task ran.
pub(super) fn navigate(engines: &Engines, node: NodeId) {
    if !matches!(
        engines.shared.lock_blocking().doc.content_document(node),
        Ok(Some(_))
    ) {
        return;
    }
    let (src, srcdoc) = sources_of(engines, node);
    let source = match srcdoc {
        Some(html) => Source::Srcdoc(html),
        None if is_blank(&src) => {
            engines.fire("load", Some(node), false);
            return;
        }
        None => match dom_ecs::javascript_url_script(&src) {
            Some(script) => Source::Script(script),
            None => Source::Url(src),
        },
    };
    load_into(engines, node, source);
}

/// Navigate the nested document `document` to a `javascript:` URL whose
/// script is `script` (a link or `location` in it).
pub(super) fn navigate_document_to_script(engines: &Engines, document: NodeId, script: String) {
    let frame = {
        let st = engines.shared.lock_blocking();
        let window = st.doc.window_of(document).ok().flatten();
        window.and_then(|w| st.doc.frame_element(w).ok().flatten())
    };
    if let Some(frame) = frame {
        load_into(engines, frame, Source::Script(script));
    }
}

/// Navigate the nested document `document` to `url` (its window's
/// `location` was set, or a link or form targeted it): prompt to unload it
/// (<https://html.spec.whatwg.org/#prompt-to-unload>: a trusted,
/// cancelable `BeforeUnloadEvent` at its window; with no user to ask, the
/// navigation goes on), then load `url` into its iframe as a `src` loads
/// (`about:blank` too: a new empty document). The old document gets no
/// `pagehide` or `unload` event: ecsdom does not fire those yet.
pub(super) fn navigate_document(engines: &Engines, document: NodeId, url: &str) {
    let found = {
        let st = engines.shared.lock_blocking();
        let window = st.doc.window_of(document).ok().flatten();
        window.and_then(|w| Some((w, st.doc.frame_element(w).ok().flatten()?)))
    };
    let Some((window, frame)) = found else {
        return super::err_line(&format!(
            "ecsdom: navigation to {url} was not done: the document is no iframe's"
        ));
    };
    engines.fire_event(
        "beforeunload",
        Some(window),
        false,
        true,
        "BeforeUnloadEvent",
        Vec::new(),
    );
    // (A listener may have removed the iframe or navigated it.)
    let current = engines.shared.lock_blocking().doc.content_document(frame);
    if matches!(current, Ok(Some(d)) if d == document) {
        load_into(engines, frame, Source::Url(url.to_owned()));
    }
}

/// Load `source` into a new document of iframe `node`, run its scripts and
/// fire `load` at its window and at the iframe.
fn load_into(engines: &Engines, node: NodeId, source: Source) {
    // The response's `Content-Security-Policy` headers.
    let mut csp: Vec<String> = Vec::new();
    let (base, name, (text, encoding), url, kind) = match source {
        Source::Srcdoc(html) => (
            engines.loader.page.clone(),
            "<iframe srcdoc>".to_owned(),
            (html, "UTF-8"),
            "about:srcdoc".to_owned(),
            Kind::Html,
        ),
        // (https://html.spec.whatwg.org/#navigate-to-a-javascript:-url):
        // the script runs in the frame's current window; a string result
        // is the HTML of a new document at the current document's URL;
        // anything else leaves the frame as it is.
        Source::Script(script) => {
            let (window, current) = {
                let st = engines.shared.lock_blocking();
                let window = st.doc.content_window(node).ok().flatten();
                let doc = st.doc.content_document(node).ok().flatten();
                let url = doc.and_then(|d| st.doc.url_of(d).ok().map(str::to_owned));
                (window, url.unwrap_or_else(|| "about:blank".to_owned()))
            };
            let name = "<iframe src=\"javascript:...\">".to_owned();
            let result = match (&engines.js, window) {
                (Some(js), Some(w)) => js.eval_javascript_url_in(w, &script, "javascript: URL"),
                _ => Ok(None),
            };
            let html = match result {
                Ok(Some(html)) => html,
                Ok(None) => {
                    engines.fire("load", Some(node), false);
                    return;
                }
                Err(e) => {
                    engines.report(&name, Err(e));
                    engines.fire("load", Some(node), false);
                    return;
                }
            };
            (
                engines.loader.page.clone(),
                name,
                (html, "UTF-8"),
                current,
                Kind::Html,
            )
        }
        Source::Url(src) if src == "about:blank" => (
            engines.loader.page.clone(),
            "<iframe src=\"about:blank\">".to_owned(),
            (String::new(), "UTF-8"),
            src,
            Kind::Html,
        ),
        Source::Url(src) => {
            let name = format!("<iframe src=\"{src}\">");
            let loader = &engines.loader;
            let loaded = match loader
                .resolve(&src, &loader.page)
                .and_then(|u| loader.load(&u))
            {
                Ok(l) => l,
                Err(e) => {
                    // A browser shows an error page and still fires `load`.
                    engines.report(&name, Err(format!("could not be loaded: {e}")));
                    engines.fire("load", Some(node), false);
                    return;
                }
            };
            // The document's URL keeps the fragment the fetch drops
            // (`:target` and `location.hash` read it).
            let mut url = loaded.url.clone();
            if let Some(i) = src.find('#') {
                url.set_fragment(Some(&src[i + 1..]));
            }
            csp.clone_from(&loaded.csp);
            let kind = kind_of(&loaded.mime());
            let decoded = match kind {
                Kind::Html => loaded.document_text(false),
                Kind::Xml(_) => loaded.document_text(true),
                _ => (loaded.text(), "UTF-8"),
            };
            (loaded.url.clone(), name, decoded, url.to_string(), kind)
        }
    };
    let window_and_scripts = {
        let mut st = engines.shared.lock_blocking();
        let d = &mut st.doc;
        let (doc, media) = match kind {
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
        let _ = d.set_character_set(doc, encoding);
        if let Err(e) = d.navigate_frame(node, doc, &url, media.as_deref()) {
            drop(st);
            engines.report(&name, Err(e.to_string()));
            return;
        }
        let csp: Vec<&str> = csp.iter().map(String::as_str).collect();
        let _ = d.set_csp_headers(doc, &csp);
        // Its scripts, in tree order, each as a script of that file.
        let scripts: Vec<Script> = d
            .query_selector_all(doc, "script")
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| d.script_type(s).map(|ty| (s, ty)))
            .enumerate()
            .map(|(n, (s, ty))| script_of(d, s, ty, n + 1, &base, &engines.loader))
            .collect();
        (d.content_window(node).ok().flatten(), scripts)
    };
    run_frame_scripts(engines, &name, window_and_scripts);
    engines.fire("load", Some(node), false);
}

/// Run a loaded frame's scripts in order: classic JS in its window's realm,
/// Python in globals of its own (its `document` and `window`; timers on
/// the page's loop); then fire `load` at its window. Its module scripts,
/// and scripts of a language the page has no engine for, are reported as
/// not run.
fn run_frame_scripts(
    engines: &Engines,
    name: &str,
    (window, scripts): (Option<NodeId>, Vec<Script>),
) {
    let Some(window) = window else {
        return;
    };
    let mut not_run = 0;
    for script in &scripts {
        let entry = engines
            .shared
            .lock_blocking()
            .doc
            .enter_script(script.node, script.ty);
        match (&engines.js, script.ty, &script.source) {
            (Some(js), ScriptType::Classic, Ok(source)) => {
                engines.report(&script.name, js.run_script_in(window, source, &script.name));
            }
            (Some(_), ScriptType::Classic, Err(e)) => engines.report(&script.name, Err(e.clone())),
            (_, ScriptType::Python, Ok(source)) => {
                match engines.run_py_in_frame(window, source, &script.name) {
                    Some(r) => engines.report(&script.name, r),
                    None => not_run += 1,
                }
            }
            _ => not_run += 1,
        }
        engines.shared.lock_blocking().doc.leave_script(entry);
    }
    if not_run > 0 {
        engines.report(
            name,
            Err(format!(
                "{not_run} of its scripts did not run: ecsdom runs a frame's classic JS and \
                 Python scripts (of the languages the page's markup uses), not yet its module \
                 scripts"
            )),
        );
    }
    if engines.js.is_some() {
        engines.fire("load", Some(window), false);
    }
}
