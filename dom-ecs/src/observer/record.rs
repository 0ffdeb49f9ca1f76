//! Mutation records as engines get them.
//!
//! The records an observer's queue held ([`super::queued`]) are taken
//! as [`Records`]: the nodes they name stay held while it lives, and an
//! engine reads them as [`MutationRecord`]s
//! ([`Document::materialize_records`]).
//!
//! A *ghost* is the text node a `textContent` write replaced when nobody
//! could hold it but the record: its data is rewritten in place and the
//! record keeps the old data instead of a node, made into a real
//! detached text node only when an engine reads the record.

use std::sync::Arc;

use crossbeam_channel::Sender;

use super::{Queue, RecordType};
use crate::document::Document;
use crate::intern::Ns;
use crate::lifetime::Unpin;
use crate::node::NodeId;

/// The records an observer had, taken (`takeRecords()` or the notify).
/// The nodes they name stay alive while it lives; an engine turns them
/// into [`MutationRecord`]s with [`Document::materialize_records`].
pub struct Records {
    queue: Queue,
    /// Taken by `takeRecords()`: a ghost made now gets the transient
    /// registration its removal would have left (the notify drops them).
    transient: bool,
    unpins: Option<Sender<Unpin>>,
}

impl Records {
    pub(crate) fn new(queue: Queue, transient: bool, unpins: Option<Sender<Unpin>>) -> Records {
        Records {
            queue,
            transient,
            unpins,
        }
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Records({})", self.len())
    }
}

impl Drop for Records {
    fn drop(&mut self) {
        if let Some(tx) = &self.unpins
            && !self.queue.is_empty()
        {
            // (The document may be gone, and its marks with it.)
            let _ = tx.send(Unpin::Queue(std::mem::take(&mut self.queue)));
        }
    }
}

/// A `MutationRecord` (<https://dom.spec.whatwg.org/#mutationrecord>), as
/// an engine reads it. Its two node lists keep their nodes alive while
/// they live (the document's weak lists), and a text node in one is not
/// rewritten in place meanwhile: an engine's `NodeList` of the record
/// shares the list ([`MutationRecord::added_list`]).
#[derive(Clone, Debug)]
pub struct MutationRecord {
    /// `type`
    pub kind: RecordType,
    /// `target`
    pub target: NodeId,
    /// `previousSibling`
    pub previous_sibling: Option<NodeId>,
    /// `nextSibling`
    pub next_sibling: Option<NodeId>,
    /// `attributeName`
    pub attribute_name: Option<String>,
    /// `attributeNamespace`
    pub attribute_namespace: Option<String>,
    /// `oldValue`
    pub old_value: Option<String>,
    added: Arc<[NodeId]>,
    removed: Arc<[NodeId]>,
}

impl MutationRecord {
    /// `addedNodes`
    pub fn added_nodes(&self) -> &[NodeId] {
        &self.added
    }

    /// `addedNodes`, the list itself (a static `NodeList` of it keeps
    /// what [`MutationRecord`] says of its nodes).
    pub fn added_list(&self) -> Arc<[NodeId]> {
        self.added.clone()
    }

    /// `removedNodes`, the list itself.
    pub fn removed_list(&self) -> Arc<[NodeId]> {
        self.removed.clone()
    }

    /// `removedNodes`
    pub fn removed_nodes(&self) -> &[NodeId] {
        &self.removed
    }
}

impl Document {
    /// The records of `records` as engines read them: a ghost becomes a
    /// detached text node now (once: reading them again gives the same
    /// node), with its transient registration if `takeRecords()` took it.
    pub fn materialize_records(
        &mut self,
        observer: &super::MutationObserver,
        records: &mut Records,
    ) -> Vec<MutationRecord> {
        let mut out = Vec::with_capacity(records.len());
        let plain_before = records.queue.plain_before;
        let transient = records.transient;
        let mut i = 0;
        records.queue.for_each_mut(|slot| {
            let mut old_value = slot.old().map(str::to_owned);
            if let Some((mut doc, source)) = slot.ghost() {
                let data = old_value.take().unwrap_or_default();
                if !self.is_alive(NodeId(doc)) {
                    doc = self.node_document(slot.target());
                }
                let node = self.create_text_node(&data).0;
                if doc != self.root {
                    self.set_node_document(node, doc);
                }
                if transient && i >= plain_before {
                    self.add_ghost_transient(observer, node, source);
                }
                // (Held as a removed node, from now on.)
                self.lifetime.mark(node);
                slot.make_real(node);
            }
            i += 1;
            let list =
                |nodes: &mut dyn Iterator<Item = bevy_ecs::entity::Entity>| -> Arc<[NodeId]> {
                    nodes.map(NodeId).collect()
                };
            let (added, removed) = (list(&mut slot.added()), list(&mut slot.removed()));
            for l in [&added, &removed] {
                self.keep_alive(l);
                self.lifetime.note_listed(l, &self.world);
            }
            let (kind, name, ns) = (slot.kind(), slot.name(), slot.ns());
            out.push(MutationRecord {
                kind,
                target: NodeId(slot.target()),
                previous_sibling: slot.previous().map(NodeId),
                next_sibling: slot.next().map(NodeId),
                attribute_name: name.map(|n| self.names.resolve(n).to_owned()),
                attribute_namespace: (kind == RecordType::Attributes && ns != Ns::None)
                    .then(|| self.names.ns_url(ns).to_owned()),
                old_value,
                added,
                removed,
            });
        });
        out
    }
}
