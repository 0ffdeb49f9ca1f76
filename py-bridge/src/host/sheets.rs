//! `<link rel=stylesheet>` (<https://html.spec.whatwg.org/#link-type-stylesheet>):
//! the host fetches a link's sheet, which dom-ecs noted, hands its text to
//! the DOM's style engine and queues the task that fires `load` (or
//! `error`) at the link. A link the page's parser made is fetched before
//! the parser's next script runs (a script-blocking style sheet); one a
//! script inserts, as a task.

use dom_ecs::NodeId;

use super::scripts::{Engines, Task};

/// Queue the task that fetches the sheet of `link`.
pub(super) fn note(engines: &Engines, link: NodeId) {
    engines.queue(Task::LoadSheet(link));
}

/// Fetch `link`'s sheet (its `href` as it is now, against its document's
/// base URL), give it to the DOM and queue `load`; on failure, report it
/// and queue `error` (an `xml-stylesheet` processing instruction hears
/// neither). Nothing when the link no longer names a sheet.
pub(super) fn load(engines: &Engines, link: NodeId) {
    let (href, base, charset, element) = {
        let st = engines.shared.lock_blocking();
        let Some(href) = st.doc.style_sheet_link(link) else {
            return;
        };
        let base = st.doc.base_uri_of(link).ok();
        let charset = st
            .doc
            .owner_document(link)
            .ok()
            .flatten()
            .and_then(|d| st.doc.character_set_of(d).ok())
            .map(str::to_owned);
        let element = st.doc.kind(link).ok() == Some(dom_ecs::NodeKind::Element);
        (href, base, charset, element)
    };
    let loader = &engines.loader;
    let base = base
        .and_then(|b| url::Url::parse(&b).ok())
        .unwrap_or_else(|| loader.page.clone());
    let loaded = loader.resolve(&href, &base).and_then(|u| loader.load(&u));
    match loaded {
        Ok(l) => {
            let text = l.script_text(charset.as_deref());
            let set =
                engines
                    .shared
                    .lock_blocking()
                    .doc
                    .set_link_sheet(link, l.url.as_str(), &text);
            if set.is_ok() && element {
                engines.queue(Task::Fire(link, "load"));
            }
        }
        Err(e) => {
            engines.report(
                &format!("<link rel=stylesheet href=\"{href}\">"),
                Err(format!("could not be loaded: {e}")),
            );
            if element {
                engines.queue(Task::Fire(link, "error"));
            }
        }
    }
}
