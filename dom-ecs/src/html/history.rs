//! A window's `History` (<https://html.spec.whatwg.org/#the-history-interface>):
//! its document's session history entries (URL and serialized state),
//! `pushState`/`replaceState` (the URL moves at once, same-origin only),
//! and traversal (`back`, `forward`, `go`), which is queued: the host
//! takes each ([`Document::take_history_traversals`]), applies it as a
//! task ([`Document::traverse_history`]) and fires `popstate` (and
//! `hashchange` when only the fragment moved). Every entry is of one
//! document: ecsdom loads no other document into a window.

use std::sync::Arc;

use bevy_ecs::prelude::*;
use url::Url;

use crate::structured::Serialized;
use crate::{Document, DomError, DomResult, NodeId};

/// Entries a session history keeps at most (Chromium keeps 50); the
/// oldest go first.
const MAX_ENTRIES: usize = 50;

#[derive(Clone, Debug)]
struct Entry {
    url: String,
    state: Option<Arc<Serialized>>,
}

/// A document's session history (made on first use, its current URL the
/// first entry).
#[derive(Component, Debug)]
pub(crate) struct SessionHistory {
    entries: Vec<Entry>,
    index: usize,
    manual_scroll: bool,
}

/// Traversals asked for and not yet taken by the host: (window, delta).
#[derive(Resource, Debug, Default)]
struct Traversals(Vec<(NodeId, i64)>);

/// What a traversal did: the state now current and, when only the
/// fragment changed, the old and new URLs (`hashchange`).
#[derive(Clone, Debug)]
pub struct Traversed {
    /// The window whose history moved (where `popstate` fires).
    pub window: NodeId,
    /// The entry's state (`popstate`'s `state`; none: `null`).
    pub state: Option<Arc<Serialized>>,
    /// (old URL, new URL) when they differ only in their fragment.
    pub hash_change: Option<(String, String)>,
}

/// Whether a document at `doc` may have its URL rewritten to `target`
/// (<https://html.spec.whatwg.org/#can-have-its-url-rewritten>).
fn can_rewrite(doc: &Url, target: &Url) -> bool {
    if doc.scheme() != target.scheme()
        || doc.username() != target.username()
        || doc.password() != target.password()
        || doc.host() != target.host()
        || doc.port() != target.port()
    {
        return false;
    }
    if matches!(target.scheme(), "http" | "https") {
        return true;
    }
    if target.scheme() == "file" {
        return doc.path() == target.path();
    }
    let (mut a, mut b) = (doc.clone(), target.clone());
    a.set_fragment(None);
    b.set_fragment(None);
    a == b
}

impl Document {
    /// Move document `doc`'s URL (the page's, or a nested document's).
    fn move_url(&mut self, doc: Entity, url: &str) {
        if doc == self.root().0 {
            self.set_url(url);
        } else {
            self.set_document_url(doc, url);
        }
    }

    fn history_of(&mut self, window: NodeId) -> DomResult<(Entity, &mut SessionHistory)> {
        let doc = self.document_of_window(window)?;
        if self.world.get::<SessionHistory>(doc.0).is_none() {
            let url = self.url_of(doc)?.to_owned();
            self.world.entity_mut(doc.0).insert(SessionHistory {
                entries: vec![Entry { url, state: None }],
                index: 0,
                manual_scroll: false,
            });
        }
        let h = self
            .world
            .get_mut::<SessionHistory>(doc.0)
            .map(Mut::into_inner)
            .ok_or(DomError::StaleNode)?;
        Ok((doc.0, h))
    }

    /// `history.length`.
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn history_length(&mut self, window: NodeId) -> DomResult<u32> {
        let (_, h) = self.history_of(window)?;
        Ok(u32::try_from(h.entries.len()).unwrap_or(u32::MAX))
    }

    /// `history.state`: the current entry's serialized state.
    ///
    /// # Errors
    /// As [`Document::history_length`].
    pub fn history_state(&mut self, window: NodeId) -> DomResult<Option<Arc<Serialized>>> {
        let (_, h) = self.history_of(window)?;
        Ok(h.entries[h.index].state.clone())
    }

    /// `history.scrollRestoration`: `"auto"` or `"manual"`.
    ///
    /// # Errors
    /// As [`Document::history_length`].
    pub fn history_scroll_restoration(&mut self, window: NodeId) -> DomResult<&'static str> {
        let (_, h) = self.history_of(window)?;
        Ok(if h.manual_scroll { "manual" } else { "auto" })
    }

    /// `history.scrollRestoration = v` (the bridge ignores a value outside
    /// the enumeration).
    ///
    /// # Errors
    /// As [`Document::history_length`].
    pub fn set_history_scroll_restoration(&mut self, window: NodeId, v: &str) -> DomResult<()> {
        let (_, h) = self.history_of(window)?;
        h.manual_scroll = v == "manual";
        Ok(())
    }

    /// `pushState(state, unused, url)` (or `replaceState` with `replace`):
    /// `url` (none: the current one) parsed against the document's base
    /// URL, the document's URL moved to it, the entry added (later ones
    /// dropped) or replaced. No event fires.
    ///
    /// # Errors
    /// `SyntaxError` for a URL that does not parse; `SecurityError` for
    /// one the document can not move to (another origin; another path of
    /// a `file:` document).
    pub fn push_state(
        &mut self,
        window: NodeId,
        state: Serialized,
        url: Option<&str>,
        replace: bool,
    ) -> DomResult<()> {
        let doc = self.document_of_window(window)?;
        let current = self.url_of(doc)?.to_owned();
        let new_url = match url {
            None => current.clone(),
            Some(u) => {
                let base = self.base_uri_of(doc)?;
                let target = Url::options()
                    .base_url(Url::parse(&base).ok().as_ref())
                    .parse(u)
                    .map_err(|e| DomError::Syntax(format!("'{u}' is not a valid URL: {e}")))?;
                let here = Url::parse(&current).map_err(|_| {
                    DomError::Security(format!("the document's URL {current} can not be rewritten"))
                })?;
                if !can_rewrite(&here, &target) {
                    return Err(DomError::Security(format!(
                        "A history state object with URL '{target}' cannot be created in a document with origin '{}' and URL '{current}'.",
                        here.origin().ascii_serialization()
                    )));
                }
                target.to_string()
            }
        };
        let (d, h) = self.history_of(window)?;
        let entry = Entry {
            url: new_url.clone(),
            state: Some(Arc::new(state)),
        };
        if replace {
            h.entries[h.index] = entry;
        } else {
            h.entries.truncate(h.index + 1);
            h.entries.push(entry);
            if h.entries.len() > MAX_ENTRIES {
                h.entries.remove(0);
            }
            h.index = h.entries.len() - 1;
        }
        self.move_url(d, &new_url);
        Ok(())
    }

    /// `history.go(delta)` (`back()`: -1, `forward()`: 1): queued for the
    /// host, which traverses as a task. `go(0)` would reload, which
    /// ecsdom does not: nothing happens.
    ///
    /// # Errors
    /// As [`Document::history_length`].
    pub fn history_go(&mut self, window: NodeId, delta: i64) -> DomResult<()> {
        self.history_of(window)?;
        if delta != 0 {
            self.world
                .get_resource_or_insert_with(Traversals::default)
                .0
                .push((window, delta));
        }
        Ok(())
    }

    /// The traversals asked for since the last call (the host's tasks).
    pub fn take_history_traversals(&mut self) -> Vec<(NodeId, i64)> {
        self.world
            .get_resource_mut::<Traversals>()
            .map(|mut t| std::mem::take(&mut t.0))
            .unwrap_or_default()
    }

    /// Traverse window `window`'s history by `delta` (a task): the
    /// document's URL becomes the entry's. None when the entry does not
    /// exist (the traversal does nothing).
    ///
    /// # Errors
    /// As [`Document::history_length`].
    pub fn traverse_history(&mut self, window: NodeId, delta: i64) -> DomResult<Option<Traversed>> {
        let (d, h) = self.history_of(window)?;
        let Some(target) = i64::try_from(h.index)
            .ok()
            .and_then(|i| i.checked_add(delta))
            .and_then(|i| usize::try_from(i).ok())
            .filter(|&i| i < h.entries.len())
        else {
            return Ok(None);
        };
        let old = h.entries[h.index].url.clone();
        h.index = target;
        let entry = h.entries[target].clone();
        self.move_url(d, &entry.url);
        let strip = |s: &str| s.split('#').next().unwrap_or("").to_owned();
        let hash_change = (strip(&old) == strip(&entry.url) && old != entry.url)
            .then(|| (old, entry.url.clone()));
        Ok(Some(Traversed {
            window,
            state: entry.state,
            hash_change,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structured::{Builder, Cloned};

    fn state(n: f64) -> Serialized {
        Builder::default().finish(Cloned::Number(n))
    }

    #[test]
    fn push_replace_and_traverse() {
        let mut d = Document::parse("<p>");
        d.set_url("http://h/a?x#f");
        let w = d.window();
        assert_eq!(d.history_length(w).unwrap(), 1);
        d.push_state(w, state(1.0), Some("b"), false).unwrap();
        d.push_state(w, state(2.0), Some("#top"), false).unwrap();
        assert_eq!(
            (d.history_length(w).unwrap(), d.url_of(d.root()).unwrap()),
            (3, "http://h/b#top")
        );
        d.push_state(w, state(3.0), None, true).unwrap();
        assert_eq!(
            d.history_state(w).unwrap().unwrap().value,
            Cloned::Number(3.0)
        );
        assert!(matches!(
            d.push_state(w, state(0.0), Some("http://other/"), false),
            Err(DomError::Security(_))
        ));
        assert!(matches!(
            d.push_state(w, state(0.0), Some("http://["), false),
            Err(DomError::Syntax(_))
        ));
        d.history_go(w, -1).unwrap();
        d.history_go(w, 0).unwrap();
        assert_eq!(d.take_history_traversals(), vec![(w, -1)]);
        let t = d.traverse_history(w, -1).unwrap().unwrap();
        assert_eq!(
            t.hash_change,
            Some(("http://h/b#top".into(), "http://h/b".into()))
        );
        assert_eq!(t.state.unwrap().value, Cloned::Number(1.0));
        assert!(d.traverse_history(w, 5).unwrap().is_none());
        d.push_state(w, state(4.0), Some("c"), false).unwrap();
        assert_eq!(d.history_length(w).unwrap(), 3);
    }

    #[test]
    fn a_file_document_keeps_its_path() {
        let mut d = Document::parse("<p>");
        d.set_url("file:///tmp/a.html");
        let w = d.window();
        d.push_state(w, state(1.0), Some("#x"), false).unwrap();
        assert!(matches!(
            d.push_state(w, state(1.0), Some("b.html"), false),
            Err(DomError::Security(_))
        ));
    }
}
