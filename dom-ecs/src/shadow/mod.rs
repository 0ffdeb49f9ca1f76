//! Shadow trees (<https://dom.spec.whatwg.org/#shadow-trees>).
//!
//! A shadow root is a fragment node flagged [`SHADOW_ROOT`] with a
//! [`ShadowRootState`] (its host, mode, slot assignment); its host is
//! flagged [`SHADOW_HOST`] and has a [`ShadowHost`]. As the spec says, a
//! shadow root has no parent: its tree is a tree of its own, which the
//! host keeps alive (as a template keeps its contents) and which the
//! connected walk enters from the host, so a shadow tree is connected
//! when its host is. Every node below a shadow root carries the
//! [`IN_SHADOW`] bit (kept by insertion and removal, which walk a
//! subtree only when it crosses into or out of a shadow tree): such
//! nodes are connected, but their ids are not in the document's id
//! index, whose `getElementById` sees the document's own tree only.
//!
//! Slots and slot assignment are in [`slots`]; the event path across
//! shadow boundaries (retargeting, `composedPath`'s hidden nodes) in
//! `events/`.

mod slots;

use bevy_ecs::prelude::*;

use crate::dict::{ShadowRootInit, ShadowRootMode, SlotAssignmentMode};
use crate::intern::Ns;
use crate::node::{IN_SHADOW, Node, NodeId, NodeKind, SHADOW_HOST, SHADOW_ROOT};
use crate::{Document, DomError, DomResult};

/// The shadow state of a document's world.
#[derive(Debug, Default)]
pub(crate) struct ShadowTrees {
    /// Set once a shadow root is attached in this world: until then the
    /// mutation path does no slot work at all.
    pub(crate) any: bool,
    /// The signal slots (<https://dom.spec.whatwg.org/#signal-slots>):
    /// slots whose `slotchange` the next mutation observer microtask
    /// fires ([`Document::take_signal_slots`]).
    pub(crate) signal_slots: Vec<Entity>,
}

/// A shadow root's own state (<https://dom.spec.whatwg.org/#interface-shadowroot>).
#[derive(Component, Clone, Copy, Debug)]
pub struct ShadowRootState {
    pub(crate) host: Entity,
    pub(crate) mode: ShadowRootMode,
    pub(crate) delegates_focus: bool,
    pub(crate) slot_assignment: SlotAssignmentMode,
    /// Made by the parser (`<template shadowrootmode>`): a script's
    /// `attachShadow` with the same mode takes it over, emptied.
    pub(crate) declarative: bool,
}

/// On a shadow host: its shadow root.
#[derive(Component, Clone, Copy, Debug)]
pub struct ShadowHost(pub(crate) Entity);

/// The local names of HTML elements that may host a shadow root, besides
/// valid custom element names
/// (<https://dom.spec.whatwg.org/#concept-attach-a-shadow-root> step 2).
const SHADOW_HOST_NAMES: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "body",
    "div",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "nav",
    "p",
    "section",
    "span",
];

/// Whether `name` is a [valid custom element name](https://html.spec.whatwg.org/#valid-custom-element-name):
/// a lowercase ASCII letter first, a hyphen somewhere, no ASCII upper
/// case, only `PCENChar`s, and not one of the reserved names.
pub(crate) fn is_valid_custom_element_name(name: &str) -> bool {
    let pcen = |c: char| {
        matches!(c, '-' | '.' | '_' | '0'..='9' | 'a'..='z' | '\u{B7}')
            || ('\u{C0}'..='\u{D6}').contains(&c)
            || ('\u{D8}'..='\u{F6}').contains(&c)
            || ('\u{F8}'..='\u{37D}').contains(&c)
            || ('\u{37F}'..='\u{1FFF}').contains(&c)
            || ('\u{200C}'..='\u{200D}').contains(&c)
            || ('\u{203F}'..='\u{2040}').contains(&c)
            || ('\u{2070}'..='\u{218F}').contains(&c)
            || ('\u{2C00}'..='\u{2FEF}').contains(&c)
            || ('\u{3001}'..='\u{D7FF}').contains(&c)
            || ('\u{F900}'..='\u{FDCF}').contains(&c)
            || ('\u{FDF0}'..='\u{FFFD}').contains(&c)
            || ('\u{10000}'..='\u{EFFFF}').contains(&c)
    };
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.contains('-')
        && name.chars().all(pcen)
        && !matches!(
            name,
            "annotation-xml"
                | "color-profile"
                | "font-face"
                | "font-face-src"
                | "font-face-uri"
                | "font-face-format"
                | "font-face-name"
                | "missing-glyph"
        )
}

impl Document {
    /// `attachShadow(init)` (<https://dom.spec.whatwg.org/#dom-element-attachshadow>,
    /// "attach a shadow root"): a new, empty shadow root for `host`.
    ///
    /// # Errors
    /// `NotSupportedError` for an element that is not HTML, whose name
    /// may not host one, or that is a shadow host already.
    pub fn attach_shadow(&mut self, host: NodeId, init: &ShadowRootInit) -> DomResult<NodeId> {
        self.live(host)?;
        let name = self
            .element_name(host.0)
            .copied()
            .ok_or_else(|| DomError::Type("Illegal invocation: not an Element".into()))?;
        let local = self.names.resolve(name.local);
        if name.ns != Ns::Html
            || !(SHADOW_HOST_NAMES.contains(&local) || is_valid_custom_element_name(local))
        {
            return Err(DomError::NotSupported(format!(
                "a <{local}> element cannot have a shadow root"
            )));
        }
        if let Some(current) = self.shadow_root_of(host)? {
            // A declarative shadow root of the same mode is taken over.
            let state = *self.root_state(current.0).expect("a shadow root");
            if !state.declarative || state.mode != init.mode {
                return Err(DomError::NotSupported(
                    "the element already has a shadow root".into(),
                ));
            }
            self.replace_all(None, current.0);
            if let Some(mut s) = self.world.get_mut::<ShadowRootState>(current.0) {
                s.declarative = false;
            }
            return Ok(current);
        }
        let mut node = Node::new(NodeKind::Fragment);
        node.flags |= SHADOW_ROOT;
        let root = self
            .world
            .spawn((
                node,
                ShadowRootState {
                    host: host.0,
                    mode: init.mode,
                    delegates_focus: init.delegates_focus,
                    slot_assignment: init.slot_assignment,
                    declarative: false,
                },
            ))
            .id();
        let doc = self.node_document(host.0);
        if doc != self.root {
            self.adopt_subtree(root, doc);
        }
        self.world.entity_mut(host.0).insert(ShadowHost(root));
        self.n_mut(host.0).flags |= SHADOW_HOST;
        if self.n(host.0).is_connected() {
            self.set_connected(root, true);
        }
        self.shadow.any = true;
        Ok(NodeId(root))
    }

    /// A declarative shadow root for `host` (the parser's), or none if it
    /// cannot have one (its name, or a shadow root already).
    pub(crate) fn attach_declarative_shadow(
        &mut self,
        host: NodeId,
        init: &ShadowRootInit,
    ) -> Option<NodeId> {
        if self.n(host.0).flags & SHADOW_HOST != 0 {
            return None;
        }
        let root = self.attach_shadow(host, init).ok()?;
        if let Some(mut s) = self.world.get_mut::<ShadowRootState>(root.0) {
            s.declarative = true;
        }
        Some(root)
    }

    /// `shadowRoot` (<https://dom.spec.whatwg.org/#dom-element-shadowroot>):
    /// the element's shadow root if its mode is open, else null.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn shadow_root(&self, host: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.shadow_root_of(host)?.filter(|&r| {
            self.root_state(r.0)
                .is_some_and(|s| s.mode == ShadowRootMode::Open)
        }))
    }

    /// The element's shadow root, whatever its mode (for the bridges'
    /// own use, such as a test harness's, and for the DOM's algorithms).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn shadow_root_of(&self, host: NodeId) -> DomResult<Option<NodeId>> {
        if self.live(host)?.flags & SHADOW_HOST == 0 {
            return Ok(None);
        }
        Ok(self.world.get::<ShadowHost>(host.0).map(|h| NodeId(h.0)))
    }

    pub(crate) fn root_state(&self, e: Entity) -> Option<&ShadowRootState> {
        if self.n(e).flags & SHADOW_ROOT == 0 {
            return None;
        }
        self.world.get::<ShadowRootState>(e)
    }

    /// The state of shadow root `id`, or the receiver check's `TypeError`.
    fn expect_shadow_root(&self, id: NodeId) -> DomResult<&ShadowRootState> {
        self.live(id)?;
        self.root_state(id.0)
            .ok_or_else(|| DomError::Type("Illegal invocation: not a ShadowRoot".into()))
    }

    /// `ShadowRoot.host`.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no shadow root.
    pub fn shadow_root_host(&self, id: NodeId) -> DomResult<NodeId> {
        Ok(NodeId(self.expect_shadow_root(id)?.host))
    }

    /// `ShadowRoot.mode`.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no shadow root.
    pub fn shadow_root_mode(&self, id: NodeId) -> DomResult<&'static str> {
        Ok(self.expect_shadow_root(id)?.mode.as_str())
    }

    /// `ShadowRoot.delegatesFocus`.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no shadow root.
    pub fn shadow_root_delegates_focus(&self, id: NodeId) -> DomResult<bool> {
        Ok(self.expect_shadow_root(id)?.delegates_focus)
    }

    /// `ShadowRoot.slotAssignment`.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no shadow root.
    pub fn shadow_root_slot_assignment(&self, id: NodeId) -> DomResult<&'static str> {
        Ok(self.expect_shadow_root(id)?.slot_assignment.as_str())
    }

    /// Whether `id` is a shadow root.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn is_shadow_root(&self, id: NodeId) -> DomResult<bool> {
        Ok(self.live(id)?.flags & SHADOW_ROOT != 0)
    }

    /// The host of `e` when it is a shadow root.
    #[inline]
    pub(crate) fn host_of_root(&self, e: Entity) -> Option<Entity> {
        self.root_state(e).map(|s| s.host)
    }

    /// The [shadow-including root](https://dom.spec.whatwg.org/#concept-shadow-including-root):
    /// the root, or if that is a shadow root its host's shadow-including root.
    pub(crate) fn shadow_including_root(&self, mut e: Entity) -> Entity {
        loop {
            e = self.root_of(e);
            match self.host_of_root(e) {
                Some(h) => e = h,
                None => return e,
            }
        }
    }

    /// `getRootNode(options)` (<https://dom.spec.whatwg.org/#dom-node-getrootnode>):
    /// the root, or with `composed` the shadow-including root.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn root_node_with(
        &self,
        id: NodeId,
        options: &crate::dict::GetRootNodeOptions,
    ) -> DomResult<NodeId> {
        self.live(id)?;
        Ok(NodeId(if options.composed {
            self.shadow_including_root(id.0)
        } else {
            self.root_of(id.0)
        }))
    }

    /// The hosts of the shadow trees `e` is in, innermost first.
    pub(crate) fn shadow_host_chain(&self, e: Entity) -> impl Iterator<Item = Entity> + '_ {
        let mut cur = e;
        std::iter::from_fn(move || {
            let h = self.host_of_root(self.root_of(cur))?;
            cur = h;
            Some(h)
        })
    }

    /// Whether `a` is a shadow-including inclusive ancestor of `b`.
    pub(crate) fn is_shadow_including_ancestor_or_self(&self, a: Entity, mut b: Entity) -> bool {
        loop {
            if a == b {
                return true;
            }
            b = match self.n(b).parent {
                Some(p) => p,
                None => match self.host_of_root(b) {
                    Some(h) => h,
                    None => return false,
                },
            };
        }
    }

    /// [Retarget](https://dom.spec.whatwg.org/#retarget) `a` against `b`:
    /// while `a`'s root is a shadow root that is not a shadow-including
    /// inclusive ancestor of `b`, its host.
    pub(crate) fn retarget(&self, mut a: Entity, b: Entity) -> Entity {
        loop {
            let root = self.root_of(a);
            match self.host_of_root(root) {
                Some(host) if !self.is_shadow_including_ancestor_or_self(root, b) => a = host,
                _ => return a,
            }
        }
    }

    /// Whether `e` is in a shadow tree (its root is a shadow root).
    #[inline]
    pub(crate) fn in_shadow_tree(&self, e: Entity) -> bool {
        self.n(e).flags & (IN_SHADOW | SHADOW_ROOT) != 0
    }

    /// Keep the [`IN_SHADOW`] bit of `node`'s subtree in step after it was
    /// inserted into `parent` (`node`'s flags before were `old_flags`):
    /// a walk only when it crossed into or out of a shadow tree. A shadow
    /// tree of a host in the subtree keeps its bits (it is a shadow tree
    /// wherever its host goes).
    pub(crate) fn shadow_after_insert(&mut self, node: Entity, old_flags: u16, parent_flags: u16) {
        let inside = parent_flags & (IN_SHADOW | SHADOW_ROOT) != 0;
        if inside != (old_flags & IN_SHADOW != 0) {
            self.set_in_shadow(node, inside);
        }
    }

    /// Clear the [`IN_SHADOW`] bit of a subtree removed from a shadow tree.
    pub(crate) fn shadow_after_remove(&mut self, node: Entity) {
        if self.n(node).flags & IN_SHADOW != 0 {
            self.set_in_shadow(node, false);
        }
    }

    fn set_in_shadow(&mut self, root: Entity, inside: bool) {
        let mut cur = Some(root);
        while let Some(e) = cur {
            {
                let mut n = self.n_mut(e);
                let n = n.bypass_change_detection();
                if inside {
                    n.flags |= IN_SHADOW;
                } else {
                    n.flags &= !IN_SHADOW;
                }
            }
            let n = self.n(e);
            cur = if n.first_child.is_some() {
                n.first_child
            } else {
                self.following_skipping_children(e, root)
            };
        }
    }
}

#[cfg(test)]
mod tests;
