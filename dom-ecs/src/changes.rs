//! Change tracking: which nodes changed since a checkpoint, from bevy's
//! per-component change ticks, so a renderer or a diff-sender can take
//! deltas instead of rescanning the tree.
//!
//! Every component write through the DOM API (and the command buffers)
//! stamps the component with the world's current tick. [`Document::checkpoint`]
//! advances the tick and returns the old one; [`Document::changes_since`]
//! lists the nodes whose components carry a newer stamp. The scan reads
//! only the tick columns: no tree walk, no string compare.

use bevy_ecs::change_detection::Tick;
use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::node::{Attributes, CharacterData, Node, NodeId};

/// A point in the document's history, from [`Document::checkpoint`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint(Tick);

/// The nodes that changed since a checkpoint, by what changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Nodes created since the checkpoint.
    pub added: Vec<NodeId>,
    /// Nodes whose links changed: inserted, removed, or whose children or
    /// siblings changed.
    pub structure: Vec<NodeId>,
    /// Text and comment nodes whose data changed.
    pub text: Vec<NodeId>,
    /// Elements whose attributes (id, class list) changed.
    pub attributes: Vec<NodeId>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.structure.is_empty()
            && self.text.is_empty()
            && self.attributes.is_empty()
    }
}

impl Document {
    /// Mark "now": changes made after this call are reported by
    /// [`Document::changes_since`] with the returned checkpoint.
    pub fn checkpoint(&mut self) -> Checkpoint {
        Checkpoint(self.world.increment_change_tick())
    }

    /// The nodes that changed since `since`, each list in entity order.
    /// Nodes reclaimed since then are not listed.
    pub fn changes_since(&mut self, since: Checkpoint) -> Changes {
        let now = self.world.read_change_tick();
        let newer = |t: Tick| t.is_newer_than(since.0, now);
        let mut changes = Changes::default();
        let mut q = self.world.query::<(Entity, Ref<Node>)>();
        for (e, r) in q.iter(&self.world) {
            if newer(r.added()) {
                changes.added.push(NodeId(e));
            } else if newer(r.last_changed()) {
                changes.structure.push(NodeId(e));
            }
        }
        let mut q = self.world.query::<(Entity, Ref<CharacterData>)>();
        for (e, r) in q.iter(&self.world) {
            if !newer(r.added()) && newer(r.last_changed()) {
                changes.text.push(NodeId(e));
            }
        }
        let mut q = self.world.query::<(Entity, Ref<Attributes>)>();
        for (e, r) in q.iter(&self.world) {
            if !newer(r.added()) && newer(r.last_changed()) {
                changes.attributes.push(NodeId(e));
            }
        }
        for list in [
            &mut changes.added,
            &mut changes.structure,
            &mut changes.text,
            &mut changes.attributes,
        ] {
            list.sort_unstable();
        }
        changes
    }
}
