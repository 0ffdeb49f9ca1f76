//! Focus (<https://html.spec.whatwg.org/#focus>): each document's focused
//! area (an element, or none: the viewport), the focusable areas,
//! `tabIndex`, `focus()` and `blur()` with their `blur`, `focusout`,
//! `focus` and `focusin` events, the focus fixup (when the focused element
//! leaves the document, and at each update of the rendering), and
//! `activeElement`.
//!
//! An element of a document with a browsing context must be [being
//! rendered](https://html.spec.whatwg.org/#being-rendered) to be focusable:
//! neither it nor a flat-tree ancestor has `display: none`. In a document
//! without one (nothing is styled there) that condition is left out, as
//! in jsdom. `inert` subtrees and disabled form controls are not focusable.

use bevy_ecs::prelude::*;

use crate::events::{EventId, EventValue};
use crate::node::{NodeId, NodeKind, SHADOW_ROOT};
use crate::{Document, DomError, DomResult};

/// On a document node: its focused area, when it is an element.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct Focused(pub(crate) Entity);

/// A focus change under way: the events of the focus update steps, one by
/// one ([`Document::focus_next`]): `blur` and `focusout` at the old
/// focused element, the change, `focus` and `focusin` at the new one.
#[derive(Debug)]
pub struct FocusChange {
    doc: Entity,
    old: Option<Entity>,
    new: Option<Entity>,
    step: u8,
    current: Option<EventId>,
}

impl Document {
    /// The element the document `doc` has focused, if any.
    pub(crate) fn focused_in(&self, doc: Entity) -> Option<Entity> {
        let f = self.world.get::<Focused>(doc)?.0;
        self.world.get::<crate::node::Node>(f).map(|_| f)
    }

    /// Whether `e` is a [focusable area](https://html.spec.whatwg.org/#focusable-area):
    /// a connected element, not inert and not a disabled form control, that
    /// has a `tabindex`, or is a hyperlink, a form control (not a hidden
    /// input), an `iframe`, a `details`'s summary, or an editing host.
    pub(crate) fn is_focusable_area(&self, e: Entity) -> bool {
        let id = NodeId(e);
        if self.n(e).kind != NodeKind::Element || !self.is_connected(id).unwrap_or(false) {
            return false;
        }
        // An inert subtree (the `inert` attribute on an inclusive ancestor,
        // or blocked by a modal dialog).
        if self.is_inert(e) {
            return false;
        }
        if self.is_disabled_control(id) || !self.maybe_rendered(e) {
            return false;
        }
        if self
            .get_attribute(id, "tabindex")
            .ok()
            .flatten()
            .and_then(super::reflect::parse_integer)
            .is_some()
        {
            return true;
        }
        self.focusable_by_default(e)
    }

    /// Whether the connected element `e` is being rendered, as far as the
    /// computed styles tell: no box for it when it or a flat-tree ancestor
    /// has `display: none`. True in a document without styles.
    pub(crate) fn maybe_rendered(&self, e: Entity) -> bool {
        use crate::cascade::StyleTarget;
        let mut cur = Some(e);
        while let Some(x) = cur {
            match self.computed_values(x, StyleTarget::Element) {
                Some(s) if s.get_box().display.is_none() => return false,
                Some(_) => {}
                None => return true,
            }
            cur = self.flat_tree_parent_element(x);
        }
        true
    }

    /// The elements focusable without a `tabindex` (whose `tabIndex`
    /// defaults to 0).
    fn focusable_by_default(&self, e: Entity) -> bool {
        let id = NodeId(e);
        match self.html_local(id) {
            Some("a" | "area") => self.get_attribute(id, "href").ok().flatten().is_some(),
            Some("input") => self.input_kind(id) != "hidden",
            Some("button" | "select" | "textarea" | "iframe") => true,
            Some("summary") => self.n(e).parent.is_some_and(|p| {
                self.html_local(NodeId(p)) == Some("details")
                    && self
                        .children_of(p)
                        .find(|&c| self.html_local(NodeId(c)) == Some("summary"))
                        == Some(e)
            }),
            Some(_) => self
                .get_attribute(id, "contenteditable")
                .ok()
                .flatten()
                .is_some_and(|v| !v.eq_ignore_ascii_case("false")),
            None => false,
        }
    }

    /// `tabIndex` (<https://html.spec.whatwg.org/#dom-tabindex>): the
    /// `tabindex` attribute as an integer, else 0 for the elements
    /// focusable by default and -1 for the others.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn tab_index(&self, id: NodeId) -> DomResult<i32> {
        self.live(id)?;
        if let Some(v) = self
            .get_attribute(id, "tabindex")?
            .and_then(super::reflect::parse_integer)
            .and_then(|v| i32::try_from(v).ok())
        {
            return Ok(v);
        }
        Ok(if self.focusable_by_default(id.0) {
            0
        } else {
            -1
        })
    }

    /// The `tabIndex` setter: the attribute.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn set_tab_index(&mut self, id: NodeId, value: i32) -> DomResult<()> {
        self.set_attribute(id, "tabindex", &value.to_string())
    }

    /// `document.activeElement` and `shadowRoot.activeElement`
    /// (<https://html.spec.whatwg.org/#dom-documentorshadowroot-activeelement>):
    /// the focused element retargeted against `id` (a shadow host for a
    /// focus inside its shadow tree), if it is in `id`'s tree; for a
    /// document with nothing focused, its body or else its document
    /// element; else null.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is neither a document
    /// nor a shadow root.
    pub fn active_element(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        let n = self.live(id)?;
        let shadow = n.flags & SHADOW_ROOT != 0;
        if n.kind != NodeKind::Document && !shadow {
            return Err(DomError::Type(
                "Illegal invocation: not a Document or ShadowRoot".into(),
            ));
        }
        let doc = self.node_document(id.0);
        if let Some(f) = self.focused_in(doc) {
            // Retarget against `id`: out of shadow trees `id` is not in.
            let mut candidate = f;
            loop {
                let root = self.root_of(candidate);
                if root == id.0 {
                    return Ok(Some(NodeId(candidate)));
                }
                match self.host_of_root(root) {
                    Some(h) => candidate = h,
                    None => break,
                }
            }
            if shadow {
                return Ok(None);
            }
        }
        if shadow {
            return Ok(None);
        }
        let doc = NodeId(id.0);
        Ok(self.body_of(doc)?.or(self.document_element_of(doc)?))
    }

    /// The [focusing steps](https://html.spec.whatwg.org/#focusing-steps)
    /// of `focus()`: the change to carry out with [`Document::focus_next`],
    /// or none when nothing changes (`id` is not focusable and delegates
    /// focus to nothing, or is focused already).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn focus_begin(&mut self, id: NodeId) -> DomResult<Option<FocusChange>> {
        self.live(id)?;
        let target = match self.delegated_focus(id.0) {
            Some(t) => t,
            None if self.is_focusable_area(id.0) => id.0,
            None => return Ok(None),
        };
        let doc = self.node_document(target);
        let old = self.focused_in(doc);
        if old == Some(target) {
            return Ok(None);
        }
        Ok(Some(FocusChange {
            doc,
            old,
            new: Some(target),
            step: 0,
            current: None,
        }))
    }

    /// A shadow host that delegates focus: the first focusable element of
    /// its shadow tree (its focus delegate), if any.
    fn delegated_focus(&self, host: Entity) -> Option<Entity> {
        let root = self.shadow_root_of(NodeId(host)).ok()??.0;
        if !self.root_state(root).is_some_and(|s| s.delegates_focus) {
            return None;
        }
        self.descendants_of(root).find_map(|d| {
            self.delegated_focus(d)
                .or_else(|| self.is_focusable_area(d).then_some(d))
        })
    }

    /// The [unfocusing steps](https://html.spec.whatwg.org/#unfocusing-steps)
    /// of `blur()`: if `id` (or, for a shadow host, an element of its
    /// shadow tree) is focused, the change to the viewport.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn blur_begin(&mut self, id: NodeId) -> DomResult<Option<FocusChange>> {
        self.live(id)?;
        let doc = self.node_document(id.0);
        let Some(old) = self.focused_in(doc) else {
            return Ok(None);
        };
        let mut cur = old;
        loop {
            if cur == id.0 {
                break;
            }
            match self.host_of_root(self.root_of(cur)) {
                Some(h) => cur = h,
                None => return Ok(None),
            }
        }
        Ok(Some(FocusChange {
            doc,
            old: Some(old),
            new: None,
            step: 0,
            current: None,
        }))
    }

    /// The next event of a focus change, for the caller to dispatch (then
    /// call again), or none when it is over. As in browsers, the old
    /// element has lost the focus by the time `blur` and `focusout` (with
    /// the new element as `relatedTarget`) fire at it, so their listeners
    /// see no element focused (`activeElement` is the body); the new one
    /// has it before `focus` and `focusin`. All are trusted, composed
    /// `FocusEvent`s; `focusout` and `focusin` bubble.
    pub fn focus_next(&mut self, c: &mut FocusChange) -> Option<(NodeId, EventId)> {
        if let Some(e) = c.current.take() {
            self.release_event(e);
        }
        loop {
            let step = c.step;
            c.step += 1;
            let (kind, bubbles, at, related) = match step {
                0 => {
                    if c.old.is_some() && self.focused_in(c.doc) == c.old {
                        self.world.entity_mut(c.doc).remove::<Focused>();
                    }
                    continue;
                }
                1 => ("blur", false, c.old, c.new),
                2 => ("focusout", true, c.old, c.new),
                3 => {
                    // (A blur listener may have made it unfocusable, or
                    // focused another element.)
                    match c.new {
                        Some(n)
                            if self.is_focusable_area(n) && self.focused_in(c.doc).is_none() =>
                        {
                            self.world.entity_mut(c.doc).insert(Focused(n));
                        }
                        _ => return None,
                    }
                    continue;
                }
                4 => ("focus", false, c.new, c.old),
                5 => ("focusin", true, c.new, c.old),
                _ => return None,
            };
            let Some(at) = at.filter(|&e| self.world.get::<crate::node::Node>(e).is_some()) else {
                continue;
            };
            let event = self.create_event_composed(kind, bubbles, false, true);
            if let Ok(state) = self.event_mut(event) {
                state.trusted = true;
                state.interface = "FocusEvent";
                if let Some(r) = related {
                    state.init = vec![("relatedTarget", EventValue::Node(NodeId(r)))];
                }
            }
            c.current = Some(event);
            return Some((NodeId(at), event));
        }
    }

    /// Whether an update of the rendering has a focus fixup to run: a
    /// document's focused element is no longer a focusable area (it became
    /// inert, or is not rendered). Looked for again only after a change.
    pub fn focus_fixup_wanted(&self) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let epoch = self.mutations.restyle;
        if self.rendering.focus_checked_at.load(Relaxed) == epoch {
            return false;
        }
        let wanted = !self.unfocusable_focused().is_empty();
        if !wanted {
            self.rendering.focus_checked_at.store(epoch, Relaxed);
        }
        wanted
    }

    /// The focus fixup of an update of the rendering
    /// (<https://html.spec.whatwg.org/#update-the-rendering>: "if the
    /// focused area of doc is not a focusable area, run the focusing steps
    /// for doc's viewport"): for each such document, the change to carry
    /// out with [`Document::focus_next`], whose `blur` and `focusout` go to
    /// the element that loses the focus.
    pub fn focus_fixup_changes(&mut self) -> Vec<FocusChange> {
        self.unfocusable_focused()
            .into_iter()
            .map(|(doc, f)| FocusChange {
                doc,
                old: Some(f),
                new: None,
                step: 0,
                current: None,
            })
            .collect()
    }

    /// Each document whose focused element is no longer a focusable area,
    /// with that element.
    fn unfocusable_focused(&self) -> Vec<(Entity, Entity)> {
        let Some(mut q) = self.world.try_query::<(Entity, &Focused)>() else {
            return Vec::new();
        };
        q.iter(&self.world)
            .map(|(d, f)| (d, f.0))
            .filter(|&(_, f)| {
                self.world.get::<crate::node::Node>(f).is_some() && !self.is_focusable_area(f)
            })
            .collect()
    }

    /// The [focus fixup rule](https://html.spec.whatwg.org/#focus-fixup-rule)
    /// for a removal: if the focused element was `removed` or in it, the
    /// document's focused area is the viewport again, with no event.
    pub(crate) fn focus_fixup(&mut self, removed: Entity, doc: Entity) {
        if let Some(f) = self.world.get::<Focused>(doc).map(|f| f.0)
            && self.is_shadow_including_ancestor_or_self(removed, f)
        {
            self.world.entity_mut(doc).remove::<Focused>();
        }
    }
}
