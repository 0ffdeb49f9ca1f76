//! Slots and slot assignment (<https://dom.spec.whatwg.org/#shadow-tree-slots>).
//!
//! A slot's assigned nodes ([`SlotState`]) and a slottable's assigned
//! slot ([`AssignedSlot`]) are kept up to date by the mutation path as
//! the spec's insertion, removal and attribute change steps say, but only
//! once the world has a shadow root (`ShadowTrees::any`): before that no
//! mutation pays anything. Assigning slottables for a tree walks the
//! tree's slots; it runs when a subtree holding a slot goes into or out
//! of a shadow tree, or a slot's name changes.

use bevy_ecs::prelude::*;

use crate::dict::{AssignedNodesOptions, SlotAssignmentMode};
use crate::node::{NodeId, NodeKind, SLOT};
use crate::{Document, DomError, DomResult};

/// A slot's assigned nodes and, in a shadow tree with manual slot
/// assignment, its manually assigned nodes (`assign()`).
#[derive(Component, Debug, Default)]
pub(crate) struct SlotState {
    assigned: Vec<Entity>,
    manual: Vec<Entity>,
}

/// A slottable's assigned slot.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct AssignedSlot(Entity);

/// A slottable's manual slot assignment: the slot whose `assign()` named it.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct ManualSlot(Entity);

impl Document {
    fn is_slot(&self, e: Entity) -> bool {
        self.n(e).flags & SLOT != 0
    }

    fn is_slottable(&self, e: Entity) -> bool {
        matches!(self.n(e).kind, NodeKind::Element | NodeKind::Text)
    }

    /// A slottable's name: an element's `slot` attribute, else "".
    fn slottable_name(&self, e: Entity) -> &str {
        self.attrs(e)
            .and_then(|a| a.get(self.names.known.slot))
            .unwrap_or("")
    }

    /// A slot's name: its `name` attribute, else "".
    fn slot_name(&self, e: Entity) -> &str {
        self.attrs(e)
            .and_then(|a| a.get(self.names.known.name))
            .unwrap_or("")
    }

    /// The slot `e` is assigned to, if any.
    pub(crate) fn assigned_slot_of(&self, e: Entity) -> Option<Entity> {
        if !self.shadow.any {
            return None;
        }
        self.world.get::<AssignedSlot>(e).map(|a| a.0)
    }

    /// A slot's assigned nodes (`None` for any other node).
    pub(crate) fn slot_assigned(&self, e: Entity) -> Option<&[Entity]> {
        (self.shadow.any && self.is_slot(e)).then(|| self.assigned_nodes_of(e))
    }

    fn assigned_nodes_of(&self, slot: Entity) -> &[Entity] {
        self.world
            .get::<SlotState>(slot)
            .map_or(&[], |s| &s.assigned)
    }

    /// [Find a slot](https://dom.spec.whatwg.org/#find-a-slot) for `e`
    /// (with `open`, only in an open shadow root).
    fn find_slot(&self, e: Entity, open: bool) -> Option<Entity> {
        let parent = self.n(e).parent?;
        let root = self.shadow_root_of(NodeId(parent)).ok()??.0;
        let state = self.root_state(root)?;
        if open && state.mode != crate::dict::ShadowRootMode::Open {
            return None;
        }
        if state.slot_assignment == SlotAssignmentMode::Manual {
            let slot = self.world.get::<ManualSlot>(e)?.0;
            // (The slot is in this shadow tree, and still lists `e`.)
            let listed = self
                .world
                .get::<SlotState>(slot)
                .is_some_and(|s| s.manual.contains(&e));
            return (listed && self.root_of(slot) == root).then_some(slot);
        }
        let name = self.slottable_name(e);
        self.descendants_of(root)
            .find(|&d| self.is_slot(d) && self.slot_name(d) == name)
    }

    /// [Find slottables](https://dom.spec.whatwg.org/#find-slottables) for `slot`.
    fn find_slottables(&self, slot: Entity) -> Vec<Entity> {
        let root = self.root_of(slot);
        let Some(state) = self.root_state(root) else {
            return Vec::new();
        };
        let host = state.host;
        if state.slot_assignment == SlotAssignmentMode::Manual {
            return self
                .world
                .get::<SlotState>(slot)
                .map(|s| {
                    s.manual
                        .iter()
                        .copied()
                        .filter(|&x| {
                            self.world.get::<crate::node::Node>(x).is_some()
                                && self.n(x).parent == Some(host)
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
        // The first slot of each name in tree order takes that name's
        // slottables: compute the host's children's names once.
        let name = self.slot_name(slot);
        let first = self
            .descendants_of(root)
            .find(|&d| self.is_slot(d) && self.slot_name(d) == name);
        if first != Some(slot) {
            return Vec::new();
        }
        self.children_of(host)
            .filter(|&c| self.is_slottable(c) && self.slottable_name(c) == name)
            .collect()
    }

    /// [Assign slottables](https://dom.spec.whatwg.org/#assign-slottables)
    /// for `slot` (a slottable it no longer has is unassigned).
    fn assign_slottables(&mut self, slot: Entity) {
        let slottables = self.find_slottables(slot);
        if slottables.as_slice() == self.assigned_nodes_of(slot) {
            return;
        }
        self.signal_slot_change(slot);
        let old = match self.world.get_mut::<SlotState>(slot) {
            Some(mut s) => std::mem::replace(&mut s.assigned, slottables.clone()),
            None => {
                self.world.entity_mut(slot).insert(SlotState {
                    assigned: slottables.clone(),
                    manual: Vec::new(),
                });
                Vec::new()
            }
        };
        for x in old {
            if !slottables.contains(&x)
                && self
                    .world
                    .get::<AssignedSlot>(x)
                    .is_some_and(|a| a.0 == slot)
            {
                self.world.entity_mut(x).remove::<AssignedSlot>();
            }
        }
        for x in slottables {
            self.world.entity_mut(x).insert(AssignedSlot(slot));
        }
    }

    /// [Assign slottables for a tree](https://dom.spec.whatwg.org/#assign-slottables-for-a-tree)
    /// rooted at `root`.
    fn assign_slottables_for_tree(&mut self, root: Entity) {
        let slots: Vec<Entity> = std::iter::once(root)
            .chain(self.descendants_of(root))
            .filter(|&d| self.is_slot(d))
            .collect();
        for s in slots {
            self.assign_slottables(s);
        }
    }

    /// [Assign a slot](https://dom.spec.whatwg.org/#assign-a-slot) to `e`.
    fn assign_a_slot(&mut self, e: Entity) {
        if let Some(slot) = self.find_slot(e, false) {
            self.assign_slottables(slot);
        }
    }

    /// [Signal a slot change](https://dom.spec.whatwg.org/#signal-a-slot-change).
    /// Each engine's mutation observer microtask is queued: whichever runs
    /// first takes the slots and fires (a dispatch reaches the listeners
    /// of both engines).
    fn signal_slot_change(&mut self, slot: Entity) {
        if !self.shadow.signal_slots.contains(&slot) {
            self.shadow.signal_slots.push(slot);
        }
        self.queue_every_observer_microtask();
    }

    fn has_slot_inclusive_descendant(&self, e: Entity) -> bool {
        self.is_slot(e) || self.descendants_of(e).any(|d| self.is_slot(d))
    }

    /// The slot steps of inserting `node` into `parent` (insert steps
    /// 7.4-7.6).
    pub(crate) fn slots_after_insert(&mut self, node: Entity, parent: Entity) {
        if self.n(parent).flags & crate::node::SHADOW_HOST != 0
            && self.is_slottable(node)
            && self
                .shadow_root_of(NodeId(parent))
                .ok()
                .flatten()
                .and_then(|r| self.root_state(r.0))
                .is_some_and(|s| s.slot_assignment == SlotAssignmentMode::Named)
        {
            self.assign_a_slot(node);
        }
        if !self.in_shadow_tree(parent) {
            return;
        }
        if self.is_slot(parent) && self.assigned_nodes_of(parent).is_empty() {
            self.signal_slot_change(parent);
        }
        if self.has_slot_inclusive_descendant(node) {
            let root = self.root_of(parent);
            self.assign_slottables_for_tree(root);
        }
    }

    /// The slot steps of removing `node` from `parent` (remove steps
    /// 7-10), after it was unlinked.
    pub(crate) fn slots_after_remove(&mut self, node: Entity, parent: Entity, was_in_shadow: bool) {
        if let Some(slot) = self.assigned_slot_of(node) {
            self.assign_slottables(slot);
        }
        if was_in_shadow && self.is_slot(parent) && self.assigned_nodes_of(parent).is_empty() {
            self.signal_slot_change(parent);
        }
        if was_in_shadow && self.has_slot_inclusive_descendant(node) {
            let root = self.root_of(parent);
            self.assign_slottables_for_tree(root);
            self.assign_slottables_for_tree(node);
        }
    }

    /// The attribute change steps of `slot` (an element's) and `name` (a
    /// slot's).
    pub(crate) fn slot_attributes_changed(&mut self, e: Entity, slot_attribute: bool) {
        if slot_attribute {
            if let Some(slot) = self.assigned_slot_of(e) {
                self.assign_slottables(slot);
            }
            self.assign_a_slot(e);
        } else if self.is_slot(e) {
            let root = self.root_of(e);
            if self.root_state(root).is_some() {
                self.assign_slottables_for_tree(root);
            }
        }
    }

    /// `assignedSlot` (<https://dom.spec.whatwg.org/#dom-slottable-assignedslot>):
    /// the slot the node is assigned to, in an open shadow root.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn assigned_slot(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        self.live(id)?;
        if !self.shadow.any {
            return Ok(None);
        }
        Ok(self.find_slot(id.0, true).map(NodeId))
    }

    /// The slot element `id`, or the receiver check's `TypeError`.
    fn expect_slot(&self, id: NodeId) -> DomResult<()> {
        self.live(id)?;
        if self.is_slot(id.0) {
            Ok(())
        } else {
            Err(DomError::Type(
                "Illegal invocation: not an HTMLSlotElement".into(),
            ))
        }
    }

    /// `assignedNodes(options)` (<https://html.spec.whatwg.org/#dom-slot-assignednodes>):
    /// the slot's assigned nodes, or with `flatten` its flattened
    /// assigned nodes.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no slot.
    pub fn assigned_nodes(
        &self,
        id: NodeId,
        options: &AssignedNodesOptions,
    ) -> DomResult<Vec<NodeId>> {
        self.expect_slot(id)?;
        Ok(if options.flatten {
            self.flattened_slottables(id.0)
        } else {
            self.assigned_nodes_of(id.0).to_vec()
        }
        .into_iter()
        .map(NodeId)
        .collect())
    }

    /// `assignedElements(options)`: [`Document::assigned_nodes`]'s elements.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no slot.
    pub fn assigned_elements(
        &self,
        id: NodeId,
        options: &AssignedNodesOptions,
    ) -> DomResult<Vec<NodeId>> {
        let mut nodes = self.assigned_nodes(id, options)?;
        nodes.retain(|n| self.n(n.0).kind == NodeKind::Element);
        Ok(nodes)
    }

    /// [Find flattened slottables](https://dom.spec.whatwg.org/#find-flattened-slottables):
    /// a slot among the assigned nodes gives its own flattened ones; a
    /// slot in a shadow tree with none assigned gives its children's.
    fn flattened_slottables(&self, slot: Entity) -> Vec<Entity> {
        let mut out = Vec::new();
        if self.root_state(self.root_of(slot)).is_none() {
            return out;
        }
        let mut slottables = self.assigned_nodes_of(slot).to_vec();
        if slottables.is_empty() {
            slottables = self
                .children_of(slot)
                .filter(|&c| self.is_slottable(c))
                .collect();
        }
        for x in slottables {
            if self.is_slot(x) && self.root_state(self.root_of(x)).is_some() {
                out.extend(self.flattened_slottables(x));
            } else {
                out.push(x);
            }
        }
        out
    }

    /// `assign(...nodes)` (<https://html.spec.whatwg.org/#dom-slot-assign>):
    /// the slot's manually assigned nodes become `nodes` (each taken from
    /// the slot it was manually assigned to before), and the slot
    /// assignment of its tree runs again.
    ///
    /// # Errors
    /// A `TypeError` when `id` is no slot.
    pub fn assign_slot(&mut self, id: NodeId, nodes: &[NodeId]) -> DomResult<()> {
        self.expect_slot(id)?;
        for n in nodes {
            self.live(*n)?;
        }
        let slot = id.0;
        let old: Vec<Entity> = self
            .world
            .get_mut::<SlotState>(slot)
            .map(|mut s| std::mem::take(&mut s.manual))
            .unwrap_or_default();
        for x in old {
            if self.world.get::<ManualSlot>(x).is_some_and(|m| m.0 == slot) {
                self.world.entity_mut(x).remove::<ManualSlot>();
            }
        }
        let mut manual = Vec::new();
        for n in nodes {
            let x = n.0;
            if manual.contains(&x) {
                continue;
            }
            if let Some(prev) = self.world.get::<ManualSlot>(x).map(|m| m.0)
                && prev != slot
                && let Some(mut s) = self.world.get_mut::<SlotState>(prev)
            {
                s.manual.retain(|&y| y != x);
            }
            self.world.entity_mut(x).insert(ManualSlot(slot));
            manual.push(x);
        }
        match self.world.get_mut::<SlotState>(slot) {
            Some(mut s) => s.manual = manual,
            None => {
                self.world.entity_mut(slot).insert(SlotState {
                    assigned: Vec::new(),
                    manual,
                });
            }
        }
        let root = self.root_of(slot);
        self.assign_slottables_for_tree(root);
        Ok(())
    }

    /// The signal slots, emptied: the host fires `slotchange` (bubbling)
    /// at each, in order, in its mutation observer microtask
    /// (<https://dom.spec.whatwg.org/#notify-mutation-observers> step 6).
    pub fn take_signal_slots(&mut self) -> Vec<NodeId> {
        std::mem::take(&mut self.shadow.signal_slots)
            .into_iter()
            .filter(|&s| self.world.get::<crate::node::Node>(s).is_some())
            .map(NodeId)
            .collect()
    }
}
