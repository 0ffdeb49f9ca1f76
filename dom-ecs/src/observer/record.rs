//! Mutation records as an observer's queue holds them, and as engines
//! get them.
//!
//! A queued record is a 32-byte row ([`Queued`]) naming its attribute by
//! symbol, its nodes by a range of the queue's node list and its string
//! by a span of the queue's one text buffer: queueing one costs a row, a
//! few marks and no allocation of its own. The nodes a queued record names
//! are marked ([`Lifetime::mark`](crate::lifetime::Lifetime::mark)): a
//! removed node must still be there when the record is read, and a text
//! child a record names is not rewritten in place. The marks go when the
//! last queue or batch of records is dropped, at once.
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

/// One queued record: 32 bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Queued {
    pub(crate) target: Entity,
    name: Option<Symbol>,
    ns: Ns,
    pub(crate) kind: RecordType,
    /// [`GHOST`], [`PREVIOUS`], [`NEXT`].
    flags: u8,
    /// Where its nodes start in `nodes`: the added ones, the removed ones
    /// (a ghost: its node document, then the node whose registration its
    /// transient one would copy), then `previousSibling` and
    /// `nextSibling` if it has them.
    at: u32,
    added: u32,
    removed: u32,
    /// `oldValue` (or a ghost's data): its span in `spans`, or [`NO_OLD`].
    old: u32,
}

const _: () = assert!(std::mem::size_of::<Queued>() == 32);

/// The removed list is one ghost.
const GHOST: u8 = 1;
/// `nodes` has a `previousSibling`.
const PREVIOUS: u8 = 2;
/// `nodes` has a `nextSibling`.
const NEXT: u8 = 4;
/// No `oldValue`.
const NO_OLD: u32 = u32::MAX;

impl Queued {
    fn ghost(&self) -> bool {
        self.flags & GHOST != 0
    }

    /// How many entries of `nodes` are its nodes, all of them marked
    /// (not a ghost's node document and source: the target keeps its tree
    /// alive, and the source is only looked up).
    fn named(&self) -> (usize, usize) {
        let removed = if self.ghost() { 0 } else { self.removed };
        (self.at as usize, (self.added + removed) as usize)
    }

    /// Its siblings: where they are in `nodes`.
    fn siblings(&self) -> (Option<usize>, Option<usize>) {
        let removed = if self.ghost() { 2 } else { self.removed };
        let after = (self.at + self.added + removed) as usize;
        let previous = (self.flags & PREVIOUS != 0).then_some(after);
        let next = (self.flags & NEXT != 0).then_some(after + usize::from(previous.is_some()));
        (previous, next)
    }
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

/// Rows in chunks of [`CHUNK`]: a big queue grows without moving what it
/// holds or touching twice the memory it needs (fresh pages cost more
/// than the records), and queues join by moving chunks.
#[derive(Debug, Default)]
struct Rows {
    chunks: Vec<Vec<Queued>>,
    /// Emptied chunks, kept for the next rows.
    free: Vec<Vec<Queued>>,
    len: usize,
}

/// Rows per chunk (256 KiB).
const CHUNK: usize = 8192;

impl Rows {
    fn push(&mut self, r: Queued) {
        if self.chunks.last().is_none_or(|c| c.len() == c.capacity()) {
            let chunk = self.free.pop().unwrap_or_else(|| Vec::with_capacity(CHUNK));
            self.chunks.push(chunk);
        }
        if let Some(c) = self.chunks.last_mut() {
            c.push(r);
        }
        self.len += 1;
    }

    fn clear(&mut self) {
        for mut c in self.chunks.drain(..) {
            c.clear();
            self.free.push(c);
        }
        self.len = 0;
    }

    /// Move `other`'s rows after these, each changed by `f`.
    fn append(&mut self, other: &mut Rows, f: impl Fn(&mut Queued)) {
        for mut c in other.chunks.drain(..) {
            c.iter_mut().for_each(&f);
            self.chunks.push(c);
        }
        self.len += std::mem::take(&mut other.len);
    }

    fn capacity(&self) -> usize {
        (self.chunks.len() + self.free.len()) * CHUNK
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut Queued> {
        self.chunks.iter_mut().flatten()
    }
}

/// An observer's record queue.
#[derive(Debug, Default)]
pub(crate) struct Queue {
    records: Rows,
    nodes: Vec<Entity>,
    text: String,
    spans: Vec<Span>,
    /// Ghosts of records before this one have no transient registration
    /// any more (`observe()` step 7 dropped the ones their removal made).
    pub(crate) plain_before: usize,
}

impl Queue {
    pub(crate) fn len(&self) -> usize {
        self.records.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.records.len == 0
    }

    pub(crate) fn clear(&mut self) -> Queue {
        std::mem::take(self)
    }

    /// Empty it, keeping its memory for the next records.
    pub(crate) fn recycle(&mut self) {
        self.records.clear();
        self.nodes.clear();
        self.text.clear();
        self.spans.clear();
        self.plain_before = 0;
    }

    /// Give `other` enough of this queue's free chunks for `rows` more
    /// records (its chunks come back with [`Queue::append`]).
    pub(crate) fn lend(&mut self, other: &mut Queue, rows: usize) {
        let want = rows
            .div_ceil(CHUNK)
            .saturating_sub(other.records.free.len());
        let from = self.records.free.len().saturating_sub(want);
        other.records.free.extend(self.records.free.drain(from..));
    }

    /// Move `other`'s records to the end of this one's.
    pub(crate) fn append(&mut self, other: &mut Queue) {
        let (nodes, text) = (self.nodes.len() as u32, self.text.len() as u32);
        let spans = self.spans.len() as u32;
        self.records.append(&mut other.records, |r| {
            r.at += nodes;
            if r.old != NO_OLD {
                r.old += spans;
            }
        });
        self.spans.extend(other.spans.drain(..).map(|s| Span {
            at: s.at + text,
            len: s.len,
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

    /// Keep `s`: its index in `spans`.
    fn span(&mut self, s: &str) -> u32 {
        let at = self.text.len() as u32;
        self.text.push_str(s);
        self.spans.push(Span {
            at,
            len: s.len() as u32,
        });
        self.spans.len() as u32 - 1
    }

    /// The string at `spans[i]`.
    fn string(&self, i: u32) -> Option<&str> {
        let s = self.spans.get(i as usize)?;
        Some(&self.text[s.at as usize..(s.at + s.len) as usize])
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
        if self.records.len == 0 {
            lifetime.hold();
        }
        let at = self.nodes.len() as u32;
        self.nodes.extend_from_slice(data.added);
        let (removed, old) = match data.ghost {
            Some((text, doc, source)) => {
                self.nodes.extend_from_slice(&[doc, source]);
                (1, self.span(text))
            }
            None => {
                self.nodes.extend_from_slice(data.removed);
                let old = match data.old_value {
                    Some(v) if mapped_old => self.span(v),
                    _ => NO_OLD,
                };
                (data.removed.len() as u32, old)
            }
        };
        let mut flags = if data.ghost.is_some() { GHOST } else { 0 };
        if let Some(p) = data.previous {
            self.nodes.push(p);
            flags |= PREVIOUS;
        }
        if let Some(n) = data.next {
            self.nodes.push(n);
            flags |= NEXT;
        }
        let r = Queued {
            target,
            name: data.name,
            ns: data.ns,
            kind,
            flags,
            at,
            added: data.added.len() as u32,
            removed,
            old,
        };
        let (a, n) = r.named();
        for &e in &self.nodes[a..a + n] {
            lifetime.mark(e);
        }
        let (p, n) = r.siblings();
        for i in [p, n].into_iter().flatten() {
            lifetime.mark(self.nodes[i]);
        }
        lifetime.mark(target);
        self.records.push(r);
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
        let mut rows = std::mem::take(&mut records.queue.records);
        for (i, row) in rows.iter_mut().enumerate() {
            let r = *row;
            let (at, added) = (r.at as usize, r.added as usize);
            let mut old_value = records.queue.string(r.old).map(str::to_owned);
            if r.ghost() {
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
                records.queue.nodes[at + added] = node;
                row.flags &= !GHOST;
                row.removed = 1;
                row.old = NO_OLD;
            }
            let q = &records.queue;
            let list = |range: std::ops::Range<usize>| -> Arc<[NodeId]> {
                q.nodes[range].iter().map(|&e| NodeId(e)).collect()
            };
            let (added_list, removed_list) = (
                list(at..at + added),
                list(at + added..at + added + r.removed as usize),
            );
            for l in [&added_list, &removed_list] {
                self.keep_alive(l);
                self.lifetime.note_listed(l, &self.world);
            }
            let (previous, next) = row.siblings();
            out.push(MutationRecord {
                kind: r.kind,
                target: NodeId(r.target),
                previous_sibling: previous.map(|p| NodeId(q.nodes[p])),
                next_sibling: next.map(|n| NodeId(q.nodes[n])),
                attribute_name: r.name.map(|n| self.names.resolve(n).to_owned()),
                attribute_namespace: (r.kind == RecordType::Attributes && r.ns != Ns::None)
                    .then(|| self.names.ns_url(r.ns).to_owned()),
                old_value,
                added: added_list,
                removed: removed_list,
            });
        }
        records.queue.records = rows;
        out
    }
}
