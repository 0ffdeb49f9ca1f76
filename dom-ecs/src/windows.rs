//! Windows (<https://html.spec.whatwg.org/#the-window-object>): the page
//! document's, and one per nested browsing context's document (an
//! iframe's), each an event target that is no node (an entity with no
//! `Node`). A node's event path ends at its document's window (all but
//! `load`). Every document has a relevant global: a document with a
//! browsing context its own window; a document a script made
//! (`createHTMLDocument`, `new Document()`, `DOMParser`...) the window of
//! the realm that made it ([`Document::set_relevant_global`]; the page's
//! by default). Engines make one script realm per window
//! (`contentWindow`); the window tree (`parent`, `top`, `frames`,
//! `frameElement`) is read here.

use bevy_ecs::component::Component;
use bevy_ecs::entity::Entity;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::frames::{NestedContext, NestedDocument};
use crate::node::{FRAME, NodeId};

/// On a nested browsing context's window: its document and the iframe
/// whose content it is.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct FrameWindow {
    pub(crate) document: Entity,
    pub(crate) frame: Entity,
}

/// On a window: its navigable's target name (`window.name`), once not "".
#[derive(Component, Clone, Debug)]
pub(crate) struct TargetName(pub(crate) Box<str>);

/// On an iframe with a nested browsing context: when that context was made
/// (the page's count of them then): `window.frames` is in that order, which
/// `moveBefore` keeps (a removal and insertion makes a new context).
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct NavigableOrder(pub(crate) u64);

/// How many nested browsing contexts the page made.
#[derive(bevy_ecs::resource::Resource, Debug, Default)]
struct NavigablesMade(u64);

/// On a document with no browsing context of its own made by a script
/// of another window than the page's: that window.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct RelevantGlobal(pub(crate) Entity);

impl Document {
    /// A window for `doc`, the new document of iframe `frame`'s browsing
    /// context.
    pub(crate) fn new_frame_window(&mut self, doc: Entity, frame: Entity) -> Entity {
        let window = self
            .world
            .spawn(FrameWindow {
                document: doc,
                frame,
            })
            .id();
        self.world.entity_mut(doc).insert(NestedContext { window });
        window
    }

    /// Note that iframe `frame` got a new nested browsing context, whose
    /// target name is the iframe's `name`
    /// (<https://html.spec.whatwg.org/#create-a-new-child-navigable>).
    pub(crate) fn new_navigable(&mut self, frame: Entity, window: Entity) {
        let mut made = self
            .world
            .get_resource_or_insert_with(NavigablesMade::default);
        made.0 += 1;
        let order = made.0;
        self.world.entity_mut(frame).insert(NavigableOrder(order));
        if let Some(name) = self.get_attribute(NodeId(frame), "name").ok().flatten() {
            let name: Box<str> = name.into();
            self.world.entity_mut(window).insert(TargetName(name));
        }
    }

    /// `window.name`: its navigable's target name
    /// (<https://html.spec.whatwg.org/#dom-name>); "" for a window whose
    /// context is gone.
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn window_name(&self, window: NodeId) -> DomResult<String> {
        if !self.is_window(window) {
            return Err(DomError::Type("not a window".into()));
        }
        Ok(self
            .world
            .get::<TargetName>(window.0)
            .map(|n| n.0.to_string())
            .unwrap_or_default())
    }

    /// `window.name = name`: its navigable's target name (kept when the
    /// iframe navigates, changed when its `name` attribute does).
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn set_window_name(&mut self, window: NodeId, name: &str) -> DomResult<()> {
        if !self.is_window(window) {
            return Err(DomError::Type("not a window".into()));
        }
        self.world
            .entity_mut(window.0)
            .insert(TargetName(name.into()));
        Ok(())
    }

    /// Iframe `frame`'s `name` attribute was set or removed: its nested
    /// browsing context's target name follows
    /// (<https://html.spec.whatwg.org/#attr-iframe-name>).
    pub(crate) fn frame_name_changed(&mut self, frame: Entity) {
        let Some(window) = self
            .world
            .get::<NestedDocument>(frame)
            .and_then(|d| self.window_of_document(d.0))
        else {
            return;
        };
        let name = self
            .get_attribute(NodeId(frame), "name")
            .ok()
            .flatten()
            .unwrap_or("")
            .to_owned();
        self.world
            .entity_mut(window)
            .insert(TargetName(name.into()));
    }

    /// Whether `target` is a window (the page's or a nested one's).
    pub fn is_window(&self, target: NodeId) -> bool {
        target.0 == self.window || self.world.get::<FrameWindow>(target.0).is_some()
    }

    /// The window of document `doc`'s browsing context: the page's for the
    /// page document, an iframe's for its document; none for a document
    /// with no browsing context.
    pub(crate) fn window_of_document(&self, doc: Entity) -> Option<Entity> {
        if doc == self.root {
            return Some(self.window);
        }
        self.world.get::<NestedContext>(doc).map(|c| c.window)
    }

    /// `document.defaultView`: the window of document `doc`'s browsing
    /// context; none for a document with none.
    ///
    /// # Errors
    /// `TypeError` for a node that is no document; `StaleNode`.
    pub fn window_of(&self, doc: NodeId) -> DomResult<Option<NodeId>> {
        let d = self.a_document_node(doc)?;
        Ok(self.window_of_document(d).map(NodeId))
    }

    /// `window.document`: the document of window `window`.
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn document_of_window(&self, window: NodeId) -> DomResult<NodeId> {
        if window.0 == self.window {
            return Ok(self.root());
        }
        self.world
            .get::<FrameWindow>(window.0)
            .map(|w| NodeId(w.document))
            .ok_or_else(|| DomError::Type("not a window".into()))
    }

    /// The window whose realm `node`'s wrapper belongs to: its node
    /// document's relevant global
    /// (<https://html.spec.whatwg.org/#concept-relevant-global>).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn relevant_global(&self, node: NodeId) -> DomResult<NodeId> {
        self.live(node)?;
        let doc = self.node_document(node.0);
        Ok(NodeId(self.relevant_window(doc)))
    }

    fn relevant_window(&self, doc: Entity) -> Entity {
        self.window_of_document(doc)
            .or_else(|| self.world.get::<RelevantGlobal>(doc).map(|g| g.0))
            .unwrap_or(self.window)
    }

    /// Give `doc`, a document a script just made, the relevant global of
    /// document `of` (the document of the realm that made it).
    ///
    /// # Errors
    /// `TypeError` if either is no document; `StaleNode`.
    pub fn set_relevant_global(&mut self, doc: NodeId, of: NodeId) -> DomResult<()> {
        let d = self.a_document_node(doc)?;
        let window = self.relevant_window(self.a_document_node(of)?);
        if window == self.window {
            self.world.entity_mut(d).remove::<RelevantGlobal>();
        } else {
            self.world.entity_mut(d).insert(RelevantGlobal(window));
        }
        Ok(())
    }

    /// `iframe.contentWindow`: the window of its nested browsing context,
    /// none while it has none.
    ///
    /// # Errors
    /// `TypeError` for a node that is no iframe; `StaleNode`.
    pub fn content_window(&self, iframe: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self
            .content_document(iframe)?
            .and_then(|d| self.window_of_document(d.0))
            .map(NodeId))
    }

    /// The iframe of a nested window whose document is still that
    /// iframe's active document; none for the page's window and for a
    /// window whose browsing context is gone (removed or navigated away).
    fn active_frame(&self, window: Entity) -> Option<Entity> {
        let w = self.world.get::<FrameWindow>(window)?;
        let active = self.world.get::<NestedDocument>(w.frame)?.0 == w.document;
        active.then_some(w.frame)
    }

    /// `window.frameElement`: the iframe of a nested window; none for the
    /// page's window or a discarded one.
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn frame_element(&self, window: NodeId) -> DomResult<Option<NodeId>> {
        if !self.is_window(window) {
            return Err(DomError::Type("not a window".into()));
        }
        Ok(self.active_frame(window.0).map(NodeId))
    }

    /// `window.parent`: the window of the document that holds a nested
    /// window's iframe; the window itself for the page's (and, as for a
    /// browser's discarded frame, none for a window whose context is gone).
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn parent_window(&self, window: NodeId) -> DomResult<Option<NodeId>> {
        if window.0 == self.window {
            return Ok(Some(window));
        }
        Ok(self.frame_element(window)?.and_then(|frame| {
            let doc = self.node_document(frame.0);
            self.window_of_document(doc).map(NodeId)
        }))
    }

    /// `window.top`: the page's window, for any window whose context is
    /// still in the page's window tree; none otherwise.
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn top_window(&self, window: NodeId) -> DomResult<Option<NodeId>> {
        let mut w = window;
        // (Each step goes one document out; the chain ends at the page.)
        loop {
            match self.parent_window(w)? {
                Some(p) if p == w => return Ok(Some(p)),
                Some(p) => w = p,
                None => return Ok(None),
            }
        }
    }

    /// The iframes of window `window`'s document that have a browsing
    /// context, in tree order, with their windows (its document-tree child
    /// navigables).
    fn frames_of(&self, window: NodeId) -> DomResult<Vec<(Entity, Entity)>> {
        let doc = self.document_of_window(window)?;
        if self.nested_contexts == 0 {
            return Ok(Vec::new());
        }
        let mut frames: Vec<(u64, Entity, Entity)> = self
            .descendants_of(doc.0)
            .filter(|&e| self.n(e).flags & FRAME != 0)
            .filter_map(|e| {
                let nested = self.world.get::<NestedDocument>(e)?;
                let order = self.world.get::<NavigableOrder>(e).map_or(0, |o| o.0);
                Some((order, e, self.window_of_document(nested.0)?))
            })
            .collect();
        frames.sort_unstable_by_key(|f| f.0);
        Ok(frames.into_iter().map(|(_, e, w)| (e, w)).collect())
    }

    /// `window.frames[i]` and `window.length`: the windows of the iframes
    /// in the window's document, in the order their browsing contexts were
    /// made (<https://html.spec.whatwg.org/#document-tree-child-navigables>:
    /// their iframes' insertion order, which `moveBefore` keeps).
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn child_windows(&self, window: NodeId) -> DomResult<Vec<NodeId>> {
        Ok(self
            .frames_of(window)?
            .into_iter()
            .map(|(_, w)| NodeId(w))
            .collect())
    }

    /// The named property `name` of window `window`
    /// (<https://html.spec.whatwg.org/#named-access-on-the-window-object>):
    /// the window of the first iframe of its document whose `name` is
    /// `name`; else the elements of that name
    /// ([`Document::window_named_elements`]).
    ///
    /// # Errors
    /// `TypeError` for a target that is no window.
    pub fn window_named_property(&self, window: NodeId, name: &str) -> DomResult<WindowNamed> {
        if name.is_empty() {
            return Ok(WindowNamed::None);
        }
        let frame = self
            .frames_of(window)?
            .into_iter()
            .find(|&(e, _)| self.get_attribute(NodeId(e), "name").ok().flatten() == Some(name));
        if let Some((_, w)) = frame {
            return Ok(WindowNamed::Window(NodeId(w)));
        }
        let doc = self.document_of_window(window)?;
        Ok(match self.window_named_elements(doc, name).as_slice() {
            [] => WindowNamed::None,
            [one] => WindowNamed::Element(*one),
            _ => WindowNamed::Elements(self.window_named(doc, name)),
        })
    }
}

/// A window's named property ([`Document::window_named_property`]).
#[derive(Debug)]
pub enum WindowNamed {
    /// No iframe or element has the name.
    None,
    /// The window of the iframe of that name.
    Window(NodeId),
    /// The one element of that name.
    Element(NodeId),
    /// The live collection of the elements of that name.
    Elements(crate::LiveCollection),
}

impl Document {
    /// Whether `e` is its document's target element (what `:target`
    /// matches): the element the fragment of a browsing context's
    /// document URL indicates
    /// (<https://html.spec.whatwg.org/#find-a-potential-indicated-element>):
    /// the first element whose id is the fragment, else the first `a`
    /// whose `name` is, tried with the fragment as is and then
    /// percent-decoded. A document with no browsing context, or whose URL
    /// has no fragment or an empty one, has none.
    pub(crate) fn is_target_element(&self, e: Entity) -> bool {
        let doc = self.node_document(e);
        if self.window_of_document(doc).is_none() {
            return false;
        }
        let Some((_, fragment)) = self
            .url_of(NodeId(doc))
            .ok()
            .and_then(|u| u.split_once('#'))
        else {
            return false;
        };
        if fragment.is_empty() {
            return false;
        }
        let decoded = if fragment.contains('%') {
            std::borrow::Cow::Owned(percent_decode(fragment))
        } else {
            std::borrow::Cow::Borrowed(fragment)
        };
        // Only an element whose id (or, for `a`, name) is the fragment can
        // be the one indicated: the walk for the first such element is
        // made for it alone, not for every element a selector tests.
        let named = |f: &str| {
            let attr = |n: &str| {
                self.names
                    .get(n)
                    .and_then(|sym| self.attrs(e)?.get(sym))
                    .is_some_and(|v| v == f)
            };
            attr("id") || (self.names.get("a").is_some_and(|a| self.is_html(e, a)) && attr("name"))
        };
        if !named(fragment) && !named(&decoded) {
            return false;
        }
        [fragment, &*decoded]
            .into_iter()
            .find_map(|f| self.potential_indicated_element(doc, f))
            == Some(e)
    }

    /// The first element of `doc` whose id is `fragment`, else the first
    /// `a` element whose `name` is.
    fn potential_indicated_element(&self, doc: Entity, fragment: &str) -> Option<Entity> {
        let by_id = self
            .get_element_by_id_in(NodeId(doc), fragment)
            .ok()
            .flatten();
        by_id.map(|n| n.0).or_else(|| {
            let (a, name) = (self.names.get("a")?, self.names.get("name")?);
            self.descendants_of(doc).find(|&d| {
                self.is_html(d, a)
                    && self
                        .attrs(d)
                        .is_some_and(|at| at.get(name) == Some(fragment))
            })
        })
    }
}

/// `fragment` percent-decoded, as UTF-8 (invalid sequences replaced).
fn percent_decode(fragment: &str) -> String {
    let b = fragment.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(0));
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use crate::{Callback, Document, ListenerOptions};

    #[test]
    fn each_browsing_context_has_a_window_in_one_tree() {
        let mut d = Document::parse("<body>");
        let (body, page) = (d.body().unwrap(), d.window());
        let f = d.create_element("iframe").unwrap();
        assert_eq!(d.content_window(f).unwrap(), None);
        d.append_child(body, f).unwrap();
        let w = d.content_window(f).unwrap().unwrap();
        let doc = d.content_document(f).unwrap().unwrap();
        assert!(d.is_window(w) && w != page);
        assert_eq!(d.document_of_window(w).unwrap(), doc);
        assert_eq!(d.frame_element(w).unwrap(), Some(f));
        assert_eq!(d.frame_element(page).unwrap(), None);
        assert_eq!(d.parent_window(w).unwrap(), Some(page));
        assert_eq!(d.parent_window(page).unwrap(), Some(page));
        assert_eq!(d.child_windows(page).unwrap(), vec![w]);
        d.set_attribute(f, "name", "inner").unwrap();
        let named = |d: &Document, name| d.window_named_property(page, name).unwrap();
        assert!(matches!(named(&d, "inner"), super::WindowNamed::Window(x) if x == w));
        assert!(matches!(named(&d, "other"), super::WindowNamed::None));
        assert_eq!(d.event_target_at_index(w.index()), Some(w));
        // A node's event path ends at its own document's window.
        let p = d.create_element_in(doc, "p").unwrap();
        let inner = d.body_of(doc).unwrap().unwrap();
        d.append_child(inner, p).unwrap();
        let cb = Callback { engine: 0, key: 1 };
        d.add_event_listener(w, "go", cb, ListenerOptions::default())
            .unwrap();
        let ev = d.create_event("go", true, false);
        let mut run = d.dispatch_begin(p, ev).unwrap();
        let mut reached = Vec::new();
        while let Some(inv) = d.dispatch_next(&mut run) {
            reached.push(inv.current_target);
        }
        assert_eq!(reached, vec![w]);
        // Documents a script of the frame makes belong to its window.
        let made = d.create_html_document(None);
        assert_eq!(d.relevant_global(made).unwrap(), page);
        d.set_relevant_global(made, doc).unwrap();
        assert_eq!(d.relevant_global(made).unwrap(), w);
        assert_eq!(d.relevant_global(p).unwrap(), w);
        // An iframe in the frame: its parent is the frame's window.
        let g = d.create_element_in(doc, "iframe").unwrap();
        d.append_child(inner, g).unwrap();
        let w2 = d.content_window(g).unwrap().unwrap();
        assert_eq!(d.parent_window(w2).unwrap(), Some(w));
        assert_eq!(d.top_window(w2).unwrap(), Some(page));
        // Navigating makes a new window; the old one leaves the tree.
        let loaded = d.parse_document_node("<p>x", Default::default());
        d.navigate_frame(f, loaded, "file:///x.html", None).unwrap();
        let w3 = d.content_window(f).unwrap().unwrap();
        assert_ne!(w3, w);
        assert_eq!(d.frame_element(w).unwrap(), None);
        assert_eq!(d.parent_window(w).unwrap(), None);
        assert_eq!(d.top_window(w2).unwrap(), None);
        d.remove_child(body, f).unwrap();
        assert_eq!(d.child_windows(page).unwrap(), vec![]);
        assert!(d.frame_element(p).is_err());
        d.check_invariants().unwrap();
    }
}
