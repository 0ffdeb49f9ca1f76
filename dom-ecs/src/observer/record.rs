//! Mutation records as an observer's queue holds them, and as engines
//! get them.
//!
//! A queued record is a fixed-size row ([`Queued`]) naming its nodes by
//! entity, its attribute name by symbol, and its strings by span in the
//! queue's one text buffer: queueing one costs a row, a few pins and no
//! allocation of its own. The nodes a queued record names are pinned (a
//! removed node must still be there when the record is read), and the
//! pins go when the records are dropped, in one message.
//!
//! A *ghost* is the text node a `textContent` write replaced when nobody
//! could hold it but the record: its data is rewritten in place and the
//! record keeps the old data instead of a node, made into a real
//! detached text node only when an engine reads the record
//! ([`Document::materialize_records`]).

use std::sync::Arc;

use bevy_ecs::prelude::*;
use crossbeam_channel::Sender;

use super::RecordType;
use crate::document::Document;
use crate::intern::{Ns, Symbol};
use crate::lifetime::{Marks, Unpin};
use crate::node::NodeId;

/// A string of a queued record: its place in the queue's text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    at: u32,
    len: u32,
}

/// One queued record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Queued {
    pub(crate) kind: RecordType,
    /// The removed list is one ghost: `nodes` holds its node document,
    /// then the node whose registration its transient one would copy;
    /// `old` holds its data.
    ghost: bool,
    ns: Ns,
    name: Option<Symbol>,
    pub(crate) target: Entity,
    previous: Option<Entity>,
    next: Option<Entity>,
    /// Where its added nodes, then its removed ones, start in `nodes`.
    at: u32,
    added: u32,
    removed: u32,
    /// `oldValue` (or a ghost's data).
    old: Option<Span>,
}

/// What a record says beside its type and target.
#[derive(Default)]
pub(crate) struct RecordData<'a> {
    pub(crate) name: Option<Symbol>,
    pub(crate) ns: Ns,
    pub(crate) old_value: Option<&'a str>,
    pub(crate) added: &'a [Entity],
    pub(crate) removed: &'a [Entity],
    pub(crate) previous: Option<Entity>,
    pub(crate) next: Option<Entity>,
    /// The removed node is a ghost: its data, node document, and the node
    /// whose subtree registration its transient registration copies.
    pub(crate) ghost: Option<(&'a str, Entity, Entity)>,
}

/// An observer's record queue.
#[derive(Debug, Default)]
pub(crate) struct Queue {
    records: Vec<Queued>,
    nodes: Vec<Entity>,
    text: String,
    /// Ghosts of records before this one have no transient registration
    /// any more (`observe()` step 7 dropped the ones their removal made).
    pub(crate) plain_before: usize,
}

impl Queue {
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub(crate) fn clear(&mut self) -> Queue {
        std::mem::take(self)
    }

    /// Empty it, keeping its memory for the next records.
    pub(crate) fn recycle(&mut self) {
        self.records.clear();
        self.nodes.clear();
        self.text.clear();
        self.plain_before = 0;
    }

    /// Move `other`'s records to the end of this one's.
    pub(crate) fn append(&mut self, other: &mut Queue) {
        let (nodes, text) = (self.nodes.len() as u32, self.text.len() as u32);
        self.records.extend(other.records.drain(..).map(|mut r| {
            r.at += nodes;
            if let Some(s) = &mut r.old {
                s.at += text;
            }
            r
        }));
        self.nodes.append(&mut other.nodes);
        self.text.push_str(&other.text);
        other.text.clear();
    }

    /// How many records it has room for.
    pub(crate) fn capacity(&self) -> usize {
        self.records.capacity()
    }

    /// Whether it has no memory of its own yet.
    pub(crate) fn is_unallocated(&self) -> bool {
        self.records.capacity() == 0
    }

    fn span(&mut self, s: &str) -> Span {
        let at = self.text.len() as u32;
        self.text.push_str(s);
        Span {
            at,
            len: s.len() as u32,
        }
    }

    /// Queue a record, marking what it names in `lifetime` (the first
    /// record of an empty queue holds the marks until it is dropped).
    pub(crate) fn push(
        &mut self,
        kind: RecordType,
        target: Entity,
        data: &RecordData<'_>,
        mapped_old: bool,
        lifetime: &mut impl Marks,
    ) {
        if self.records.is_empty() {
            lifetime.hold();
        }
        let at = self.nodes.len() as u32;
        self.nodes.extend_from_slice(data.added);
        let (removed, old) = match data.ghost {
            Some((text, doc, source)) => {
                self.nodes.extend_from_slice(&[doc, source]);
                (1, Some(self.span(text)))
            }
            None => {
                self.nodes.extend_from_slice(data.removed);
                let old = match data.old_value {
                    Some(v) if mapped_old => Some(self.span(v)),
                    _ => None,
                };
                (data.removed.len() as u32, old)
            }
        };
        // (Not a ghost's node document and source: the target keeps its
        // tree alive, and the source is only looked up.)
        let named = if data.ghost.is_some() {
            data.added.len()
        } else {
            self.nodes.len() - at as usize
        };
        for &e in &self.nodes[at as usize..at as usize + named] {
            lifetime.mark(e);
        }
        lifetime.mark(target);
        data.previous
            .into_iter()
            .chain(data.next)
            .for_each(|e| lifetime.mark(e));
        self.records.push(Queued {
            kind,
            ghost: data.ghost.is_some(),
            ns: data.ns,
            name: data.name,
            target,
            previous: data.previous,
            next: data.next,
            at,
            added: data.added.len() as u32,
            removed,
            old,
        });
    }
}

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
            && !self.queue.records.is_empty()
        {
            // (The document may be gone, and its pins with it.)
            let _ = tx.send(Unpin::Queue(std::mem::take(&mut self.queue)));
        }
    }
}

/// A `MutationRecord` (<https://dom.spec.whatwg.org/#mutationrecord>), as
/// an engine reads it. Its nodes are kept alive while it lives (one list
/// in the document's weak lists).
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
    /// The added nodes, then the removed ones.
    nodes: Arc<[NodeId]>,
    added: usize,
}

impl MutationRecord {
    /// `addedNodes`
    pub fn added_nodes(&self) -> &[NodeId] {
        &self.nodes[..self.added]
    }

    /// `removedNodes`
    pub fn removed_nodes(&self) -> &[NodeId] {
        &self.nodes[self.added..]
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
        for i in 0..records.queue.records.len() {
            let r = records.queue.records[i];
            let (at, added) = (r.at as usize, r.added as usize);
            let text = |s: Option<Span>| {
                s.map(|s| records.queue.text[s.at as usize..(s.at + s.len) as usize].to_owned())
            };
            let mut old_value = text(r.old);
            if r.ghost {
                let data = old_value.take().unwrap_or_default();
                let (mut doc, source) = (
                    records.queue.nodes[at + added],
                    records.queue.nodes[at + added + 1],
                );
                if !self.is_alive(NodeId(doc)) {
                    doc = self.node_document(r.target);
                }
                let node = self.create_text_node(&data).0;
                if doc != self.root {
                    self.set_node_document(node, doc);
                }
                if records.transient && i >= plain_before {
                    self.add_ghost_transient(observer, node, source);
                }
                // (Held as a removed node, from now on.)
                self.lifetime.mark(node);
                let q = &mut records.queue;
                q.nodes[at + added] = node;
                q.records[i].ghost = false;
                q.records[i].old = None;
            }
            let q = &records.queue;
            let ids: Arc<[NodeId]> = q.nodes[at..at + added + r.removed as usize]
                .iter()
                .map(|&e| NodeId(e))
                .collect();
            self.keep_alive(&ids);
            self.lifetime.note_listed(&ids, &self.world);
            out.push(MutationRecord {
                kind: r.kind,
                target: NodeId(r.target),
                previous_sibling: r.previous.map(NodeId),
                next_sibling: r.next.map(NodeId),
                attribute_name: r.name.map(|n| self.names.resolve(n).to_owned()),
                attribute_namespace: (r.kind == RecordType::Attributes && r.ns != Ns::None)
                    .then(|| self.names.ns_url(r.ns).to_owned()),
                old_value,
                nodes: ids,
                added,
            });
        }
        out
    }
}
