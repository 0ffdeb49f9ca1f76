//! Mutation records as an observer's queue holds them: each one a run of
//! 32-bit words in a segment, only as long as what it says.
//!
//! An attribute record (target, name) takes 4 words, a text node's
//! replacement by a ghost 10 and its old data in the segment's text: a
//! queue of a quarter million records is a few MB, written once, in
//! segments that are reused, never reallocated and moved whole when two
//! queues join. Queueing marks what the record names
//! ([`Marks`]): a removed node must still be there when the record is
//! read, and a text child a record names is not rewritten in place.
//!
//! A record's words: a header (type, flags, length in words), the target
//! (2 words), then if flagged the attribute name and namespace, the node
//! counts and nodes (2 words each: added, removed, or a ghost's node
//! document and source, then `previousSibling`, `nextSibling`), and the
//! old value as a span of the segment's text.

use bevy_ecs::prelude::*;

use super::RecordType;
use crate::intern::{Ns, Symbol};
use crate::lifetime::Marks;

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
    /// whose subtree registration its transient registration copies (a
    /// ghost's record has no siblings: it replaced all children).
    pub(crate) ghost: Option<(&'a str, Entity, Entity)>,
}

/// Header bits: the type (2 bits), the flags, then the length.
const KIND: u32 = 0b11;
/// The removed list is one ghost (its node document and source follow
/// the added nodes).
const GHOST: u32 = 1 << 2;
/// The ghost's source is its node document (one entity, not two).
const SAME: u32 = 1 << 3;
const PREVIOUS: u32 = 1 << 4;
const NEXT: u32 = 1 << 5;
const NAME: u32 = 1 << 6;
const NS: u32 = 1 << 7;
const NODES: u32 = 1 << 8;
const OLD: u32 = 1 << 9;
const LEN_SHIFT: u32 = 10;
/// Longer records keep their length in the word after the header.
const LONG: usize = 1 << (32 - LEN_SHIFT);
/// Node counts at or over this take a word each.
const WIDE: u32 = 0xffff;

/// Words per segment (256 KiB); a longer record gets a segment its size.
const SEGMENT: usize = 1 << 16;

/// Records in words, and the text their old values are spans of.
#[derive(Debug, Default)]
struct Segment {
    words: Vec<u32>,
    text: String,
}

/// An observer's record queue.
#[derive(Debug, Default)]
pub(crate) struct Queue {
    segments: Vec<Segment>,
    /// Emptied segments, kept for the next records.
    free: Vec<Segment>,
    len: usize,
    /// Ghosts of records before this one have no transient registration
    /// any more (`observe()` step 7 dropped the ones their removal made).
    pub(crate) plain_before: usize,
}

fn entity(lo: u32, hi: u32) -> Entity {
    Entity::try_from_bits(u64::from(lo) | (u64::from(hi) << 32)).unwrap_or(Entity::PLACEHOLDER)
}

fn push_entity(w: &mut Vec<u32>, e: Entity) {
    let bits = e.to_bits();
    w.extend_from_slice(&[bits as u32, (bits >> 32) as u32]);
}

impl Queue {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn clear(&mut self) -> Queue {
        std::mem::take(self)
    }

    /// Empty it, keeping its memory for the next records.
    pub(crate) fn recycle(&mut self) {
        for mut s in self.segments.drain(..) {
            s.words.clear();
            s.text.clear();
            self.free.push(s);
        }
        self.len = 0;
        self.plain_before = 0;
    }

    /// Give `other` enough of this queue's free segments for about
    /// `records` more (they come back with [`Queue::append`]).
    pub(crate) fn lend(&mut self, other: &mut Queue, records: usize) {
        let want = (records * 8)
            .div_ceil(SEGMENT)
            .saturating_sub(other.free.len());
        let from = self.free.len().saturating_sub(want);
        other.free.extend(self.free.drain(from..));
    }

    /// Move `other`'s records to the end of this one's.
    pub(crate) fn append(&mut self, other: &mut Queue) {
        self.segments.append(&mut other.segments);
        self.len += std::mem::take(&mut other.len);
    }

    /// How many words of records it has room for.
    pub(crate) fn capacity(&self) -> usize {
        self.segments
            .iter()
            .chain(&self.free)
            .map(|s| s.words.capacity())
            .sum()
    }

    /// Whether it has no memory of its own yet.
    pub(crate) fn is_unallocated(&self) -> bool {
        self.segments.is_empty() && self.free.is_empty()
    }

    /// A segment with room for `need` more words.
    #[inline]
    fn room(&mut self, need: usize) -> &mut Segment {
        let full = self
            .segments
            .last()
            .is_none_or(|s| s.words.capacity() - s.words.len() < need);
        if full {
            let s = match self.free.pop() {
                Some(s) if s.words.capacity() >= need => s,
                other => {
                    self.free.extend(other);
                    Segment {
                        words: Vec::with_capacity(need.max(SEGMENT)),
                        text: String::new(),
                    }
                }
            };
            self.segments.push(s);
        }
        let last = self.segments.len() - 1;
        &mut self.segments[last]
    }

    /// Queue a record, marking what it names in `lifetime` (the first
    /// record of an empty queue holds the marks until it is dropped).
    #[inline]
    pub(crate) fn push(
        &mut self,
        kind: RecordType,
        target: Entity,
        data: &RecordData<'_>,
        mapped_old: bool,
        lifetime: &mut impl Marks,
    ) {
        if self.len == 0 {
            lifetime.hold();
        }
        let (added, removed) = (data.added.len(), data.removed.len());
        let old = match data.ghost {
            Some((text, ..)) => Some(text),
            None => data.old_value.filter(|_| mapped_old),
        };
        let mut flags = kind as u32;
        let mut len = 3;
        if data.name.is_some() {
            flags |= NAME;
            len += 1;
        }
        if data.ns != Ns::None {
            flags |= NS;
            len += 1;
        }
        let ghost = data.ghost.map(|(_, doc, source)| (doc, source));
        let removed = if ghost.is_some() { 0 } else { removed };
        let wide = added >= WIDE as usize || removed >= WIDE as usize;
        let siblings = if ghost.is_some() {
            [None, None]
        } else {
            [data.previous, data.next]
        };
        if ghost.is_some() || added + removed > 0 || siblings.iter().any(Option::is_some) {
            flags |= NODES;
            len += if wide { 3 } else { 1 } + 2 * (added + removed);
        }
        if let Some((doc, source)) = ghost {
            flags |= GHOST;
            len += 2;
            if doc == source {
                flags |= SAME;
            } else {
                len += 2;
            }
        }
        for (e, flag) in siblings.iter().zip([PREVIOUS, NEXT]) {
            if e.is_some() {
                flags |= flag;
                len += 2;
            }
        }
        if old.is_some() {
            flags |= OLD;
            len += 2;
        }
        let long = len + 1 >= LONG;
        let s = self.room(len + usize::from(long));
        let w = &mut s.words;
        if long {
            w.extend_from_slice(&[flags, (len + 1) as u32]);
        } else {
            w.push(flags | ((len as u32) << LEN_SHIFT));
        }
        push_entity(w, target);
        if let Some(n) = data.name {
            w.push(string_interner::Symbol::to_usize(n) as u32);
        }
        if data.ns != Ns::None {
            w.push(u32::from(data.ns.number()));
        }
        if flags & NODES != 0 {
            if wide {
                w.extend_from_slice(&[u32::MAX, added as u32, removed as u32]);
            } else {
                w.push(added as u32 | ((removed as u32) << 16));
            }
            let removed = &data.removed[..removed];
            for &e in data.added.iter().chain(removed) {
                push_entity(w, e);
                lifetime.mark(e);
            }
            if let Some((doc, source)) = ghost {
                push_entity(w, doc);
                if doc != source {
                    push_entity(w, source);
                }
            }
            for e in siblings.into_iter().flatten() {
                push_entity(w, e);
                lifetime.mark(e);
            }
        }
        if let Some(v) = old {
            w.extend_from_slice(&[s.text.len() as u32, v.len() as u32]);
            s.text.push_str(v);
        }
        lifetime.mark(target);
        self.len += 1;
    }

    /// Each record, in order, as read in place.
    pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&mut Slot<'_>)) {
        for s in &mut self.segments {
            let mut at = 0;
            while at < s.words.len() {
                let h = s.words[at];
                let mut len = (h >> LEN_SHIFT) as usize;
                if len == 0 {
                    len = s.words[at + 1] as usize;
                }
                let end = (at + len).min(s.words.len());
                f(&mut Slot {
                    words: &mut s.words[at..end],
                    text: &s.text,
                });
                at = end.max(at + 1);
            }
        }
    }
}

/// One queued record's words, read (and a ghost made real) in place.
pub(crate) struct Slot<'a> {
    words: &'a mut [u32],
    text: &'a str,
}

/// Where the parts of a record are in its words.
struct Layout {
    /// The node counts take three words (the first `u32::MAX`).
    wide: bool,
    name: Option<usize>,
    ns: Option<usize>,
    added: (usize, usize),
    removed: (usize, usize),
    /// A ghost's node document, and source.
    ghost: Option<(usize, usize)>,
    previous: Option<usize>,
    next: Option<usize>,
    old: Option<usize>,
}

impl Slot<'_> {
    fn header(&self) -> u32 {
        self.words[0]
    }

    fn entity_at(&self, i: usize) -> Entity {
        match self.words.get(i..i + 2) {
            Some(&[lo, hi]) => entity(lo, hi),
            _ => Entity::PLACEHOLDER,
        }
    }

    fn layout(&self) -> Layout {
        let h = self.header();
        let w = |i: usize| self.words.get(i).copied().unwrap_or(0) as usize;
        let mut at = if h >> LEN_SHIFT == 0 { 2 } else { 1 } + 2;
        let mut take = |flag: u32, n: usize| {
            (h & flag != 0).then(|| {
                at += n;
                at - n
            })
        };
        let name = take(NAME, 1);
        let ns = take(NS, 1);
        let mut l = Layout {
            wide: false,
            name,
            ns,
            added: (0, 0),
            removed: (0, 0),
            ghost: None,
            previous: None,
            next: None,
            old: None,
        };
        if h & NODES != 0 {
            l.wide = w(at) == u32::MAX as usize;
            let (added, removed) = if l.wide {
                at += 3;
                (w(at - 2), w(at - 1))
            } else {
                at += 1;
                (w(at - 1) & 0xffff, w(at - 1) >> 16)
            };
            l.added = (at, added);
            at += 2 * added;
            l.removed = (at, removed);
            at += 2 * removed;
            if h & GHOST != 0 {
                let source = if h & SAME != 0 { at } else { at + 2 };
                l.ghost = Some((at, source));
                at = source + 2;
            }
            l.previous = (h & PREVIOUS != 0).then(|| {
                at += 2;
                at - 2
            });
            l.next = (h & NEXT != 0).then(|| {
                at += 2;
                at - 2
            });
        }
        l.old = (h & OLD != 0).then_some(at);
        l
    }

    pub(crate) fn kind(&self) -> RecordType {
        match self.header() & KIND {
            0 => RecordType::Attributes,
            1 => RecordType::CharacterData,
            _ => RecordType::ChildList,
        }
    }

    pub(crate) fn target(&self) -> Entity {
        self.entity_at(if self.header() >> LEN_SHIFT == 0 {
            2
        } else {
            1
        })
    }

    pub(crate) fn name(&self) -> Option<Symbol> {
        let i = self.layout().name?;
        string_interner::Symbol::try_from_usize(*self.words.get(i)? as usize)
    }

    pub(crate) fn ns(&self) -> Ns {
        self.layout()
            .ns
            .and_then(|i| self.words.get(i))
            .map_or(Ns::None, |&n| Ns::from_number(n as u16))
    }

    /// `oldValue`, or a ghost's data.
    pub(crate) fn old(&self) -> Option<&str> {
        let i = self.layout().old?;
        let (at, len) = (
            *self.words.get(i)? as usize,
            *self.words.get(i + 1)? as usize,
        );
        self.text.get(at..at + len)
    }

    fn entities(&self, (at, n): (usize, usize)) -> impl Iterator<Item = Entity> + '_ {
        (0..n).map(move |k| self.entity_at(at + 2 * k))
    }

    pub(crate) fn added(&self) -> impl Iterator<Item = Entity> + '_ {
        self.entities(self.layout().added)
    }

    pub(crate) fn removed(&self) -> impl Iterator<Item = Entity> + '_ {
        self.entities(self.layout().removed)
    }

    pub(crate) fn previous(&self) -> Option<Entity> {
        self.layout().previous.map(|i| self.entity_at(i))
    }

    pub(crate) fn next(&self) -> Option<Entity> {
        self.layout().next.map(|i| self.entity_at(i))
    }

    /// A ghost's node document and source.
    pub(crate) fn ghost(&self) -> Option<(Entity, Entity)> {
        let (doc, source) = self.layout().ghost?;
        Some((self.entity_at(doc), self.entity_at(source)))
    }

    /// The ghost is `node` now: the record's one removed node.
    pub(crate) fn make_real(&mut self, node: Entity) {
        let Layout {
            ghost: Some((doc, _)),
            added: (at, added),
            wide,
            ..
        } = self.layout()
        else {
            return;
        };
        // The counts end right before the added nodes; the node takes the
        // node document's place, right after them (what follows is
        // skipped by the record's length).
        if let Some(c) = self.words.get_mut(at - 1) {
            *c = if wide { 1 } else { added as u32 | (1 << 16) };
        }
        let bits = node.to_bits();
        if let Some(slot) = self.words.get_mut(doc..doc + 2) {
            slot.copy_from_slice(&[bits as u32, (bits >> 32) as u32]);
        }
        self.words[0] &= !(GHOST | SAME | OLD);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoMarks(usize);

    impl Marks for NoMarks {
        fn hold(&mut self) {}
        fn mark(&mut self, _: Entity) {
            self.0 += 1;
        }
    }

    fn e(i: u32) -> Entity {
        Entity::from_raw_u32(i).unwrap_or(Entity::PLACEHOLDER)
    }

    /// Each record as (kind, target, name, ns, old, added, removed,
    /// previous, next, ghost).
    type Read = (
        RecordType,
        Entity,
        Option<Symbol>,
        Ns,
        Option<String>,
        Vec<Entity>,
        Vec<Entity>,
        Option<Entity>,
        Option<Entity>,
        Option<(Entity, Entity)>,
    );

    fn read(q: &mut Queue) -> Vec<Read> {
        let mut out = Vec::new();
        q.for_each_mut(|s| {
            out.push((
                s.kind(),
                s.target(),
                s.name(),
                s.ns(),
                s.old().map(str::to_owned),
                s.added().collect(),
                s.removed().collect(),
                s.previous(),
                s.next(),
                s.ghost(),
            ))
        });
        out
    }

    #[test]
    fn records_read_back_as_queued() {
        let mut q = Queue::default();
        let mut m = NoMarks(0);
        let name = string_interner::Symbol::try_from_usize(41);
        let data = RecordData {
            name,
            ns: Ns::from_number(3),
            old_value: Some("was"),
            ..Default::default()
        };
        q.push(RecordType::Attributes, e(1), &data, true, &mut m);
        let data = RecordData {
            added: &[e(2), e(3)],
            removed: &[e(4)],
            previous: Some(e(5)),
            next: Some(e(6)),
            ..Default::default()
        };
        q.push(RecordType::ChildList, e(7), &data, false, &mut m);
        let eight = [e(8)];
        let ghost = |doc, source| RecordData {
            added: &eight,
            ghost: Some(("old text", doc, source)),
            ..Default::default()
        };
        q.push(
            RecordType::ChildList,
            e(9),
            &ghost(e(10), e(10)),
            false,
            &mut m,
        );
        q.push(
            RecordType::ChildList,
            e(9),
            &ghost(e(10), e(11)),
            false,
            &mut m,
        );
        let data = RecordData {
            old_value: Some("unwanted"),
            ..Default::default()
        };
        q.push(RecordType::CharacterData, e(12), &data, false, &mut m);
        assert_eq!(q.len(), 5);
        // Targets, nodes and siblings are marked; ghosts' document and
        // source are not.
        assert_eq!(m.0, 1 + 1 + 5 + 2 + 2 + 1);
        let r = read(&mut q);
        assert_eq!(
            (r[0].0, r[0].1, r[0].2, r[0].3, r[0].4.as_deref()),
            (
                RecordType::Attributes,
                e(1),
                name,
                Ns::from_number(3),
                Some("was")
            )
        );
        assert_eq!(
            (&r[1].5, &r[1].6, r[1].7, r[1].8, r[1].2),
            (&vec![e(2), e(3)], &vec![e(4)], Some(e(5)), Some(e(6)), None)
        );
        assert_eq!(
            (r[2].9, r[2].4.as_deref()),
            (Some((e(10), e(10))), Some("old text"))
        );
        assert_eq!(r[3].9, Some((e(10), e(11))));
        assert!(r[2].6.is_empty());
        assert_eq!(
            (r[4].0, r[4].4.as_deref(), r[4].1),
            (RecordType::CharacterData, None, e(12))
        );
        // A ghost made real: one removed node, no old value, and the
        // records after it read as before.
        q.for_each_mut(|s| {
            if s.ghost().is_some() {
                s.make_real(e(20));
            }
        });
        let after = read(&mut q);
        for g in [2, 3] {
            assert_eq!(
                (&after[g].6, after[g].9, &after[g].4),
                (&vec![e(20)], None, &None)
            );
            assert_eq!(&after[g].5, &vec![e(8)]);
        }
        assert_eq!(after[4], r[4]);
        assert_eq!(after[0], r[0]);
    }

    #[test]
    fn long_node_lists_take_wide_counts_and_a_length_word() {
        let mut q = Queue::default();
        let mut m = NoMarks(0);
        for n in [70_000usize, LONG / 2 + 5] {
            let removed: Vec<Entity> = (0..n as u32).map(e).collect();
            let data = RecordData {
                removed: &removed,
                previous: Some(e(1)),
                ..Default::default()
            };
            q.push(RecordType::ChildList, e(2), &data, false, &mut m);
        }
        q.push(
            RecordType::Attributes,
            e(3),
            &RecordData::default(),
            false,
            &mut m,
        );
        let r = read(&mut q);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].6.len(), 70_000);
        assert_eq!(r[1].6.len(), LONG / 2 + 5);
        assert_eq!(r[1].6.last(), Some(&e(LONG as u32 / 2 + 4)));
        assert_eq!((r[1].1, r[1].7), (e(2), Some(e(1))));
        assert_eq!((r[2].0, r[2].1), (RecordType::Attributes, e(3)));
        // Joined and recycled queues keep their order and memory.
        let mut other = Queue::default();
        q.lend(&mut other, 10);
        other.push(
            RecordType::Attributes,
            e(4),
            &RecordData::default(),
            false,
            &mut m,
        );
        q.append(&mut other);
        assert_eq!(read(&mut q).last().map(|r| r.1), Some(e(4)));
        let cap = q.capacity();
        q.recycle();
        assert_eq!((q.len(), q.capacity()), (0, cap));
    }
}
