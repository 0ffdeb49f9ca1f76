//! [Custom element reactions](https://html.spec.whatwg.org/#custom-element-reactions):
//! each element's reaction queue, and the element queues of the custom
//! element reactions stack as one list with marks. An engine entering a
//! `[CEReactions]` member notes the list's length
//! ([`Document::reactions_enter`]); leaving, it takes the elements queued
//! since ([`Document::reactions_leave`]) and runs their reactions
//! ([`Document::next_reaction`]), so a callback's own DOM calls run theirs
//! first, as the stack's nested queues would. What is queued outside any
//! member (the parser, Python, the host) is the backup element queue,
//! taken at the next microtask checkpoint ([`Document::take_backup_reactions`]).

use std::collections::VecDeque;

use bevy_ecs::entity::Entity;
use rustc_hash::FxHashMap;

use super::{CeState, CustomElement, callbacks};
use crate::intern::{Ns, Symbol};
use crate::node::CUSTOM;
use crate::{Document, NodeId};

/// One reaction of an element's queue, for its definition's engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reaction {
    /// Upgrade the element with definition `id`: the engine calls
    /// [`Document::custom_upgrade_begin`], constructs, then
    /// [`Document::custom_upgrade_end`].
    Upgrade(u32),
    /// `connectedCallback()`.
    Connected,
    /// `disconnectedCallback()`.
    Disconnected,
    /// `connectedMoveCallback()`.
    ConnectedMove,
    /// `adoptedCallback(oldDocument, newDocument)`.
    Adopted {
        /// The document it left.
        old: NodeId,
        /// Its node document now.
        new: NodeId,
    },
    /// `attributeChangedCallback(name, oldValue, newValue, namespace)`.
    AttributeChanged {
        /// The attribute's local name.
        name: String,
        /// Its value before, if it had one.
        old: Option<String>,
        /// Its value after, if it has one.
        new: Option<String>,
        /// Its namespace, if any.
        namespace: Option<String>,
    },
}

#[derive(Debug, Default)]
pub(crate) struct Reactions {
    /// The element queues: each entry an element with reactions to run.
    queue: Vec<Entity>,
    /// Each element's reaction queue (its element pinned while it has one).
    per: FxHashMap<Entity, VecDeque<Reaction>>,
    /// How many engine calls are inside a `[CEReactions]` member.
    depth: u32,
    /// Attribute changes of custom elements whose new value is read once
    /// the write is done: element, namespace, local name, old value.
    changing: Vec<(Entity, Ns, Symbol, Option<String>)>,
    /// Set while an upgrade queues its element's callbacks: the engine is
    /// emptying that element's queue, so it goes on no element queue.
    upgrading: bool,
}

impl Reactions {
    /// Drop `e`'s pending reactions (an element constructed directly):
    /// whether it had any (and so a pin to undo).
    pub(super) fn forget(&mut self, e: Entity) -> bool {
        self.per.remove(&e).is_some()
    }
}

impl Document {
    /// Enter a `[CEReactions]` member: the mark to give
    /// [`Document::reactions_leave`]; none while no custom element is
    /// defined (then nothing is ever queued).
    #[inline]
    pub fn reactions_enter(&mut self) -> Option<usize> {
        if !self.custom.any {
            return None;
        }
        self.custom.reactions.depth += 1;
        Some(self.custom.reactions.queue.len())
    }

    /// [`Document::reactions_enter`] even before the first definition (for
    /// `define` itself, whose upgrades are the first reactions).
    pub fn reactions_enter_always(&mut self) -> usize {
        self.custom.reactions.depth += 1;
        self.custom.reactions.queue.len()
    }

    /// Leave a `[CEReactions]` member entered at `mark`: the elements
    /// whose reactions to invoke now, in order.
    pub fn reactions_leave(&mut self, mark: usize) -> Vec<NodeId> {
        self.finish_attribute_changes();
        let r = &mut self.custom.reactions;
        r.depth = r.depth.saturating_sub(1);
        if mark >= r.queue.len() {
            return Vec::new();
        }
        r.queue.split_off(mark).into_iter().map(NodeId).collect()
    }

    /// Whether the backup element queue has elements (cheap: engines ask
    /// before each script and task they run).
    pub fn has_backup_reactions(&self) -> bool {
        self.custom.any
            && self.custom.reactions.depth == 0
            && !self.custom.reactions.queue.is_empty()
    }

    /// The backup element queue: what was queued outside any member, to
    /// invoke at a microtask checkpoint (none while a member runs).
    pub fn take_backup_reactions(&mut self) -> Vec<NodeId> {
        if !self.custom.any || self.custom.reactions.depth > 0 {
            return Vec::new();
        }
        self.finish_attribute_changes();
        std::mem::take(&mut self.custom.reactions.queue)
            .into_iter()
            .map(NodeId)
            .collect()
    }

    /// The next reaction of `node`'s queue, with its definition's id
    /// (the element's, or the upgrade's); none once it is empty.
    pub fn next_reaction(&mut self, node: NodeId) -> Option<(Reaction, u32)> {
        self.finish_attribute_changes();
        let r = &mut self.custom.reactions;
        let q = r.per.get_mut(&node.0)?;
        let Some(next) = q.pop_front() else {
            r.per.remove(&node.0);
            self.unpin(node);
            return None;
        };
        let def = match &next {
            Reaction::Upgrade(id) => Some(*id),
            _ => self.definition_of(node.0),
        };
        match def {
            Some(d) => Some((next, d)),
            // (Its upgrade failed: the rest of its queue was emptied.)
            None => self.next_reaction(node),
        }
    }

    /// [Upgrade](https://html.spec.whatwg.org/#concept-upgrade-an-element)
    /// steps 1-7 for `node` and definition `id`: false when it is already
    /// upgraded or failed (nothing to construct); else its definition is
    /// set, its state "failed", and its attributeChangedCallback for each
    /// observed attribute and connectedCallback are queued. The engine
    /// then constructs and calls [`Document::custom_upgrade_end`].
    pub fn custom_upgrade_begin(&mut self, node: NodeId, id: u32) -> bool {
        // (A template's contents are an inert document's: no definitions.)
        if self.in_template_contents(node.0) {
            return false;
        }
        let Some(mut c) = self.world.get_mut::<CustomElement>(node.0) else {
            return false;
        };
        if c.state != CeState::Undefined {
            return false;
        }
        c.state = CeState::Failed;
        c.definition = Some(id);
        if self.custom.held.contains_key(&node.0) {
            // (Made by the page's parser: its attributes come after the
            // constructor, `custom_upgrade_end`.)
            return true;
        }
        let attrs: Vec<(Ns, Symbol, String)> = self
            .attrs(node.0)
            .map(|a| {
                a.list
                    .iter()
                    .map(|x| (x.ns, x.local, x.value.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        self.custom.reactions.upgrading = true;
        for (ns, local, value) in attrs {
            self.attribute_changed_reaction(node.0, ns, local, None, Some(value));
        }
        if self.is_connected(node).unwrap_or(false) {
            self.callback_reaction(node.0, Reaction::Connected);
        }
        self.custom.reactions.upgrading = false;
        true
    }

    /// Upgrade's last steps: custom when the constructor returned the
    /// element, else no definition and an empty reaction queue.
    pub fn custom_upgrade_end(&mut self, node: NodeId, ok: bool) {
        let Some(mut c) = self.world.get_mut::<CustomElement>(node.0) else {
            return;
        };
        if ok {
            c.state = CeState::Custom;
        } else {
            c.definition = None;
            if let Some(q) = self.custom.reactions.per.get_mut(&node.0) {
                q.clear();
            }
        }
        // An element the page's parser made: its attributes now (their
        // attributeChangedCallbacks), then its connectedCallback.
        if self.custom.held.contains_key(&node.0) {
            self.custom.reactions.upgrading = true;
            self.append_held_attributes(node.0);
            self.finish_attribute_changes();
            if ok && self.is_connected(node).unwrap_or(false) {
                self.callback_reaction(node.0, Reaction::Connected);
            }
            self.custom.reactions.upgrading = false;
        }
    }

    /// Add `reaction` to `e`'s reaction queue and `e` to the element
    /// queue ([enqueue an element on the appropriate element queue](https://html.spec.whatwg.org/#enqueue-an-element-on-the-appropriate-element-queue)).
    pub(super) fn enqueue_reaction(&mut self, e: Entity, reaction: Reaction) {
        let r = &mut self.custom.reactions;
        let fresh = !r.per.contains_key(&e);
        r.per.entry(e).or_default().push_back(reaction);
        if !r.upgrading {
            r.queue.push(e);
        }
        if fresh {
            let _ = self.pin(NodeId(e));
        }
    }

    /// [Enqueue a custom element callback reaction](https://html.spec.whatwg.org/#enqueue-a-custom-element-callback-reaction)
    /// when `e`'s definition has the callback.
    fn callback_reaction(&mut self, e: Entity, reaction: Reaction) {
        let Some(id) = self.definition_of(e) else {
            return;
        };
        let has = self.custom.definitions[id as usize].callbacks;
        let bit = match &reaction {
            Reaction::Connected => callbacks::CONNECTED,
            Reaction::Disconnected => callbacks::DISCONNECTED,
            Reaction::ConnectedMove => callbacks::CONNECTED_MOVE,
            Reaction::Adopted { .. } => callbacks::ADOPTED,
            Reaction::AttributeChanged { .. } => callbacks::ATTRIBUTE_CHANGED,
            Reaction::Upgrade(_) => 0,
        };
        if has & bit != 0 {
            self.enqueue_reaction(e, reaction);
        }
    }

    fn attribute_changed_reaction(
        &mut self,
        e: Entity,
        ns: Ns,
        local: Symbol,
        old: Option<String>,
        new: Option<String>,
    ) {
        let observed = self.definition_of(e).is_some_and(|id| {
            self.custom.definitions[id as usize]
                .observed
                .contains(&local)
        });
        if !observed {
            return;
        }
        let reaction = Reaction::AttributeChanged {
            name: self.names.resolve(local).to_owned(),
            old,
            new,
            namespace: (ns != Ns::None).then(|| self.names.ns_url(ns).to_owned()),
        };
        self.callback_reaction(e, reaction);
    }

    fn is_custom(&self, e: Entity) -> bool {
        self.n(e).flags & CUSTOM != 0 && self.custom_state(e) == Some(CeState::Custom)
    }

    /// An attribute of `e` is about to change or go (the mutation path's
    /// "handle attribute changes"): for a custom element, its value now,
    /// and the reaction once the write is done.
    pub(crate) fn custom_attribute_will_change(&mut self, e: Entity, ns: Ns, local: Symbol) {
        if !self.custom.any || !self.is_custom(e) {
            return;
        }
        self.finish_attribute_changes();
        let old = self
            .attrs(e)
            .and_then(|a| a.position(ns, local).map(|i| a.list[i].value.to_string()));
        self.custom.reactions.changing.push((e, ns, local, old));
    }

    /// Queue the attributeChangedCallback of each change noted before its
    /// write, with the value the attribute has now.
    fn finish_attribute_changes(&mut self) {
        if self.custom.reactions.changing.is_empty() {
            return;
        }
        for (e, ns, local, old) in std::mem::take(&mut self.custom.reactions.changing) {
            let new = self
                .attrs(e)
                .and_then(|a| a.position(ns, local).map(|i| a.list[i].value.to_string()));
            self.attribute_changed_reaction(e, ns, local, old, new);
        }
    }

    /// `e` (with the `CUSTOM` bit) became connected or disconnected: its
    /// connected or disconnected callback, or an upgrade it can now have.
    pub(crate) fn custom_connected(&mut self, e: Entity, connected: bool) {
        if !self.custom.any {
            return;
        }
        if self.is_custom(e) {
            let r = if connected {
                Reaction::Connected
            } else {
                Reaction::Disconnected
            };
            self.callback_reaction(e, r);
        } else if connected {
            self.try_to_upgrade(e);
        }
    }

    /// Whether `node` is in the tree of a document the connected flag does
    /// not mark (one a script made: its nodes are connected by their root).
    pub(crate) fn custom_in_foreign_document(&self, node: Entity) -> bool {
        self.custom.any
            && self.n(node).flags & crate::node::FOREIGN_DOCUMENT != 0
            && self.n(self.root_of(node)).kind == crate::node::NodeKind::Document
    }

    /// `root`'s subtree entered or left the tree of a document the
    /// connected flag does not mark: its custom elements' callbacks.
    pub(crate) fn custom_subtree_connected(&mut self, root: Entity, connected: bool) {
        for e in self.custom_elements_in(root) {
            self.custom_connected(e, connected);
        }
    }

    /// A subtree moved within a connected tree (its connected walk does
    /// not run): each custom element in it is disconnected and connected
    /// again, or for `moveBefore` given its connectedMoveCallback when it
    /// has one.
    pub(crate) fn custom_moved(&mut self, root: Entity, move_before: bool) {
        if !self.custom.any {
            return;
        }
        for e in self.custom_elements_in(root) {
            if !self.is_custom(e) {
                continue;
            }
            let id = self.definition_of(e);
            let has_move = id.is_some_and(|id| {
                self.custom.definitions[id as usize].callbacks & callbacks::CONNECTED_MOVE != 0
            });
            if move_before && has_move {
                self.callback_reaction(e, Reaction::ConnectedMove);
            } else {
                self.callback_reaction(e, Reaction::Disconnected);
                self.callback_reaction(e, Reaction::Connected);
            }
        }
    }

    /// `e` (with the `CUSTOM` bit) was adopted from `old` into `new`.
    pub(crate) fn custom_adopted(&mut self, e: Entity, old: Entity, new: Entity) {
        if self.custom.any && self.is_custom(e) {
            self.callback_reaction(
                e,
                Reaction::Adopted {
                    old: NodeId(old),
                    new: NodeId(new),
                },
            );
        }
    }
}
