//! An event's path (<https://dom.spec.whatwg.org/#concept-event-path>):
//! built when dispatch begins (dispatch step 5), across shadow
//! boundaries: a slotted node's parent is its slot, a shadow root's is its
//! host unless the event is not composed and the shadow root is the
//! target's root; each time the path leaves the tree of the current
//! target, the target is retargeted to the host (the struct's
//! shadow-adjusted target). `composedPath()` hides the nodes of closed
//! shadow trees the current target cannot see.

use bevy_ecs::entity::Entity;

use crate::Document;
use crate::node::{NodeId, SHADOW_ROOT, TemplateHost};

/// One struct of an event's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PathEntry {
    /// The invocation target.
    pub(crate) item: NodeId,
    /// The shadow-adjusted target (set where the target changes).
    pub(crate) target: Option<NodeId>,
    /// The target while this struct is invoked: the shadow-adjusted
    /// target of the last struct at or before it that has one.
    pub(crate) effective: NodeId,
    /// invocation-target-in-shadow-tree
    pub(crate) in_shadow_tree: bool,
    /// root-of-closed-tree
    pub(crate) root_of_closed_tree: bool,
    /// slot-in-closed-tree
    pub(crate) slot_in_closed_tree: bool,
    /// The relatedTarget while this struct is invoked: the event's,
    /// retargeted against the invocation target.
    pub(crate) related: Option<NodeId>,
}

/// How "get the parent" moved between trees.
enum Step {
    /// To the parent in the same tree (or a template's contents to the
    /// template, or a document to its window).
    Same,
    /// From a slotted node into its slot's (shadow) tree.
    IntoSlot,
    /// From a shadow root out to its host.
    OutToHost,
}

impl Document {
    /// `related` retargeted against `at` (a window: against its document);
    /// a related target that is no node stays as it is.
    fn retarget_related(&self, related: Option<NodeId>, at: NodeId) -> Option<NodeId> {
        let r = related?;
        if !self.shadow.any || self.is_window(r) || self.is_plain_event_target(r) {
            return Some(r);
        }
        if self.is_plain_event_target(at) {
            // No shadow tree is an ancestor of a target that is no node:
            // out of every one.
            let mut a = r.0;
            while let Some(host) = self.host_of_root(self.root_of(a)) {
                a = host;
            }
            return Some(NodeId(a));
        }
        let at = if self.is_window(at) {
            self.document_of_window(at).ok()?
        } else {
            at
        };
        Some(NodeId(self.retarget(r.0, at.0)))
    }

    /// The event path of an event of type `kind` dispatched at `target`
    /// with relatedTarget `related`; empty when the related target,
    /// retargeted, is the target (the event is then not dispatched: a
    /// focus move inside one shadow tree is none for its host).
    pub(crate) fn event_path(
        &self,
        target: NodeId,
        composed: bool,
        kind: &str,
        related: Option<NodeId>,
    ) -> Vec<PathEntry> {
        let plain = self.is_plain_event_target(target);
        let entry = |item: NodeId, target: Option<NodeId>, slot_in_closed: bool| PathEntry {
            item,
            target,
            effective: item,
            in_shadow_tree: false,
            root_of_closed_tree: false,
            slot_in_closed_tree: slot_in_closed,
            related: None,
        };
        let mut path = vec![entry(target, Some(target), false)];
        let first_related = self.retarget_related(related, target);
        if first_related == Some(target) && related != Some(target) {
            return Vec::new();
        }
        path[0].related = first_related;
        if plain || self.is_window(target) {
            return path;
        }
        let to_window = kind != "load";
        let shadow = self.shadow.any;
        let target_root = if shadow {
            Some(self.root_of(target.0))
        } else {
            None
        };
        let mut slottable = shadow && self.assigned_slot_of(target.0).is_some();
        // The tree of the current parent relative to the current target's:
        // +1 per slot entered, -1 per shadow root left; below 0 the target's
        // root is no shadow-including ancestor of the parent.
        let mut level = 0i32;
        let mut cur = target.0;
        let mut parent = self.parent_for_event(cur, composed, target_root, to_window);
        while let Some((p, step)) = parent {
            let mut slot_in_closed = false;
            if slottable {
                slottable = false;
                slot_in_closed = self
                    .root_state(self.root_of(p))
                    .is_some_and(|s| s.mode == crate::dict::ShadowRootMode::Closed);
            }
            match step {
                Step::Same => {}
                Step::IntoSlot => level += 1,
                Step::OutToHost => level -= 1,
            }
            if shadow && !self.is_window(NodeId(p)) && self.assigned_slot_of(p).is_some() {
                slottable = true;
            }
            let rel = self.retarget_related(related, NodeId(p));
            if level >= 0 || self.is_window(NodeId(p)) {
                path.push(entry(NodeId(p), None, slot_in_closed));
            } else if rel == Some(NodeId(p)) {
                break;
            } else {
                level = 0;
                path.push(entry(NodeId(p), Some(NodeId(p)), slot_in_closed));
            }
            if let Some(last) = path.last_mut() {
                last.related = rel;
            }
            cur = p;
            parent = self.parent_for_event(cur, composed, target_root, to_window);
        }
        let mut effective = target;
        for e in &mut path {
            if let Some(t) = e.target {
                effective = t;
            }
            e.effective = effective;
            if shadow && !self.is_window(e.item) {
                let n = self.n(e.item.0);
                e.in_shadow_tree = self.in_shadow_tree(e.item.0);
                e.root_of_closed_tree = n.flags & SHADOW_ROOT != 0
                    && self
                        .root_state(e.item.0)
                        .is_some_and(|s| s.mode == crate::dict::ShadowRootMode::Closed);
            }
        }
        path
    }

    /// "Get the parent" of `e` for an event: its assigned slot, its
    /// parent, a shadow root's host (none for an uncomposed event at the
    /// target's own shadow root), a template's contents' template, a
    /// document's window (not for `load`).
    fn parent_for_event(
        &self,
        e: Entity,
        composed: bool,
        target_root: Option<Entity>,
        to_window: bool,
    ) -> Option<(Entity, Step)> {
        if self.is_window(NodeId(e)) {
            return None;
        }
        if target_root.is_some()
            && let Some(slot) = self.assigned_slot_of(e)
        {
            return Some((slot, Step::IntoSlot));
        }
        let n = self.n(e);
        if let Some(p) = n.parent {
            return Some((p, Step::Same));
        }
        if n.flags & SHADOW_ROOT != 0 {
            if !composed && target_root == Some(e) {
                return None;
            }
            return self.host_of_root(e).map(|h| (h, Step::OutToHost));
        }
        if let Some(h) = self.world.get::<TemplateHost>(e) {
            return Some((h.0, Step::Same));
        }
        match self.window_of_document(e) {
            Some(w) if to_window => Some((w, Step::Same)),
            _ => None,
        }
    }
}

/// `composedPath()` (<https://dom.spec.whatwg.org/#dom-event-composedpath>)
/// of `path` seen from `current`: the path, with the nodes of closed
/// shadow trees that `current` is not in left out.
pub(crate) fn composed_path(path: &[PathEntry], current: Option<NodeId>) -> Vec<NodeId> {
    let Some(current) = current else {
        return Vec::new();
    };
    if path.is_empty() {
        return Vec::new();
    }
    let mut current_index = 0;
    let mut current_level = 0i32;
    for (i, e) in path.iter().enumerate().rev() {
        if e.root_of_closed_tree {
            current_level += 1;
        }
        if e.item == current {
            current_index = i;
            break;
        }
        if e.slot_in_closed_tree {
            current_level -= 1;
        }
    }
    let mut before = Vec::new();
    let (mut level, mut max) = (current_level, current_level);
    for e in path[..current_index].iter().rev() {
        if e.root_of_closed_tree {
            level += 1;
        }
        if level <= max {
            before.push(e.item);
        }
        if e.slot_in_closed_tree {
            level -= 1;
            max = max.min(level);
        }
    }
    before.reverse();
    before.push(current);
    let (mut level, mut max) = (current_level, current_level);
    for e in &path[current_index + 1..] {
        if e.slot_in_closed_tree {
            level += 1;
        }
        if level <= max {
            before.push(e.item);
        }
        if e.root_of_closed_tree {
            level -= 1;
            max = max.min(level);
        }
    }
    before
}
