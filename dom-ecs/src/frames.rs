//! `iframe` elements' nested documents
//! (<https://html.spec.whatwg.org/#the-iframe-element>), the part that is
//! the DOM's: an iframe connected to the page document gets a nested
//! browsing context whose document is a new `about:blank` HTML document
//! of this world (`contentDocument`), made in its insertion steps and
//! discarded in its removing steps. The host loads `src`: it parses the
//! file into a new document ([`Document::navigate_frame`]) and fires
//! `load` at the iframe.
//!
//! A nested document has a browsing context too: an iframe inserted into
//! its tree gets a document of its own (found by a walk of the inserted
//! subtree, as the page's tree finds them in its connected walk).
//!
//! Each nested document has a window of its own (`windows.rs`); a new
//! document (a navigation) gets a new one. A change of a connected
//! iframe's `src` or `srcdoc` is noted for the host, which navigates it.

use bevy_ecs::component::Component;
use bevy_ecs::entity::Entity;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::{FRAME, NodeId};

/// On an iframe with a nested browsing context: its active document.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct NestedDocument(pub(crate) Entity);

/// On a nested browsing context's document: its window.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct NestedContext {
    pub(crate) window: Entity,
}

/// On a nested browsing context's document loaded from a file that is no
/// HTML or XML page (text, an image...): its content type (an HTML
/// document otherwise, as browsers make one for them).
#[derive(Component, Clone, Debug)]
pub(crate) struct MediaType(pub(crate) Box<str>);

impl Document {
    /// The iframe `e` became connected or disconnected: make its nested
    /// document (only for the page document's iframes), or discard it.
    pub(crate) fn frame_connected(&mut self, e: Entity, connected: bool) {
        if !connected {
            if let Some(old) = self.world.get::<NestedDocument>(e).map(|n| n.0) {
                self.world.entity_mut(e).remove::<NestedDocument>();
                self.lifetime.note_detached(old);
            }
            return;
        }
        if !self.has_browsing_context(self.node_document(e))
            || self.world.get::<NestedDocument>(e).is_some()
        {
            return;
        }
        let doc = self.parse_document_node("", crate::ParseOptions::default());
        self.set_document_url(doc.0, "about:blank");
        let window = self.new_frame_window(doc.0, e);
        self.new_navigable(e, window);
        self.nested_contexts += 1;
        self.world.entity_mut(e).insert(NestedDocument(doc.0));
        self.note_frame(e);
    }

    /// Whether `doc` has a browsing context: the page document, or an
    /// iframe's document.
    pub(crate) fn has_browsing_context(&self, doc: Entity) -> bool {
        doc == self.root || self.world.get::<NestedContext>(doc).is_some()
    }

    /// `node` was inserted into (`connected`) or removed from the tree of
    /// `root`: if that is a nested document's, the iframes of `node`'s
    /// subtree get or lose their documents. One test while no iframe has a
    /// document.
    pub(crate) fn nested_tree_changed(&mut self, node: Entity, root: Entity, connected: bool) {
        if self.nested_contexts == 0 || self.world.get::<NestedContext>(root).is_none() {
            return;
        }
        let frames: Vec<Entity> = std::iter::once(node)
            .chain(self.descendants_of(node))
            .filter(|&e| self.n(e).flags & FRAME != 0)
            .collect();
        for e in frames {
            self.frame_connected(e, connected);
        }
        if connected {
            self.hide_nonces(node, root);
        }
    }

    /// An iframe the host loads (its `src`, or `about:blank`) after the
    /// call.
    pub(crate) fn note_frame(&mut self, e: Entity) {
        if self.world.get::<NestedDocument>(e).is_some() {
            self.host_steps.push(e);
        }
    }

    /// `iframe.contentDocument`: its nested browsing context's document,
    /// none while it has none (not connected to the page).
    ///
    /// # Errors
    /// `TypeError` for a node that is no iframe; `StaleNode`.
    pub fn content_document(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        if self.live(id)?.flags & FRAME == 0 {
            return Err(DomError::Type("not an iframe".into()));
        }
        Ok(self.world.get::<NestedDocument>(id.0).map(|n| NodeId(n.0)))
    }

    /// Whether `id` is an iframe element.
    pub fn is_frame(&self, id: NodeId) -> bool {
        self.live(id).is_ok_and(|n| n.flags & FRAME != 0)
    }

    /// Make `doc` (a document of this world the host parsed from the
    /// iframe's `src`, at `url`) the active document of iframe `id`, in
    /// place of the one it had. `media`: the content type of a document
    /// made for a file that is no HTML or XML page.
    ///
    /// # Errors
    /// `TypeError` for a node that is no iframe or a `doc` that is no
    /// document; `InvalidStateError` for an iframe with no nested
    /// browsing context (not connected).
    pub fn navigate_frame(
        &mut self,
        id: NodeId,
        doc: NodeId,
        url: &str,
        media: Option<&str>,
    ) -> DomResult<()> {
        if self.content_document(id)?.is_none() {
            return Err(DomError::InvalidState(
                "the iframe has no browsing context".into(),
            ));
        }
        let d = self.a_document_node(doc)?;
        if let Some(old) = self.world.get::<NestedDocument>(id.0).map(|n| n.0) {
            self.lifetime.note_detached(old);
        }
        self.set_document_url(d, url);
        // (The navigable and its target name stay: a new window shows the
        // new document.)
        let name = self
            .content_window(id)?
            .and_then(|w| self.world.get::<crate::windows::TargetName>(w.0).cloned());
        let window = self.new_frame_window(d, id.0);
        if let Some(name) = name {
            self.world.entity_mut(window).insert(name);
        }
        // The body's window handlers (`<body onstorage=...>`), parsed
        // while the document had no window yet, are its window's now.
        if let Ok(Some(body)) = self.body_of(doc) {
            let handlers: Vec<_> = self
                .attrs(body.0)
                .map(|a| {
                    a.iter()
                        .filter(|a| a.ns == crate::Ns::None)
                        .map(|a| a.local)
                        .filter(|l| self.names.resolve(*l).starts_with("on"))
                        .collect()
                })
                .unwrap_or_default();
            for local in handlers {
                self.handler_content_attribute_changed(body.0, local);
            }
        }
        if let Some(m) = media {
            self.world.entity_mut(d).insert(MediaType(m.into()));
        }
        self.world.entity_mut(id.0).insert(NestedDocument(d));
        Ok(())
    }

    /// A nested document loaded from a file that is no page: its content
    /// type, if it has one of its own.
    pub(crate) fn media_type(&self, doc: Entity) -> Option<&str> {
        self.world.get::<MediaType>(doc).map(|m| &*m.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::Document;

    #[test]
    fn a_connected_iframe_has_a_document_until_removed() {
        let mut d = Document::parse("<body>");
        let body = d.body().unwrap();
        let f = d.create_element("iframe").unwrap();
        assert_eq!(d.content_document(f).unwrap(), None);
        d.append_child(body, f).unwrap();
        let doc = d.content_document(f).unwrap().unwrap();
        assert_eq!(d.take_host_steps(), vec![f]);
        assert!(d.body_of(doc).unwrap().is_some(), "about:blank has a body");
        assert_eq!(d.url_of(doc).unwrap(), "about:blank");
        let loaded = d.parse_document_node("<p>hi", Default::default());
        d.navigate_frame(f, loaded, "file:///x.txt", Some("text/plain"))
            .unwrap();
        assert_eq!(d.content_document(f).unwrap(), Some(loaded));
        assert_eq!(d.content_type_of(loaded).unwrap(), "text/plain");
        assert_eq!(d.url_of(loaded).unwrap(), "file:///x.txt");
        // An iframe in the nested document gets one too, and loses it.
        let inner_body = d.body_of(loaded).unwrap().unwrap();
        let g = d.create_element("iframe").unwrap();
        d.append_child(inner_body, g).unwrap();
        assert!(d.content_document(g).unwrap().is_some());
        d.remove_child(inner_body, g).unwrap();
        assert_eq!(d.content_document(g).unwrap(), None);
        d.remove_child(body, f).unwrap();
        assert_eq!(d.content_document(f).unwrap(), None);
        let p = d.create_element("p").unwrap();
        assert!(d.content_document(p).is_err());
        d.check_invariants().unwrap();
    }
}
