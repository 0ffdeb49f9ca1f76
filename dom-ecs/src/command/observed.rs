//! Per-node runs while one mutation observer watches the whole document:
//! the prepared ops applied in command order on this thread, each
//! queueing its record on the way, so a run keeps its prepare and its
//! component writes and pays a record row per change instead of the
//! general DOM path per command.
//!
//! This holds while the root document's registration is the only one
//! that can see anything ([`Document::fast_observer`]): every op then
//! writes a node in the root document's tree, whose records go to that
//! one observer alone, decided without walking ancestors.

use std::sync::atomic::{AtomicU32, Ordering};

use super::apply::{Buckets, NodeOp, apply_to_parts};
use super::*;
use crate::lifetime::{Marks, SharedMarks};
use crate::observer::{Options, Queue, RecordData, RecordType, Registered};

impl Document {
    /// The registration that sees every mutation of the root document's
    /// tree, when it is the only one that can see any: one registration,
    /// on the root document, with `subtree`, and no other but transient
    /// copies of it.
    pub(crate) fn fast_observer(&self) -> Option<&Registered> {
        if self.observers.other != 0 {
            return None;
        }
        match self.observers.by_node.get(&self.root)?.as_slice() {
            [r] if r.options.subtree => Some(r),
            _ => None,
        }
    }

    /// Apply `lists` of ops prepared for [`Document::fast_observer`] (one
    /// bucket each, so in command order), queueing their records: a long
    /// run in parallel up to its first op that must take the general path
    /// ([`Document::apply_observed_in_parallel`]), the rest on this thread.
    pub(super) fn apply_observed(&mut self, lists: &[&Buckets], buffers: &[&CommandBuffer]) {
        let Some(reg) = self.fast_observer().cloned() else {
            return;
        };
        let total: usize = lists.iter().map(|l| l.len()).sum();
        let (mut skip, mut queued) = (0, false);
        if total >= self.parallel_threshold && rayon::current_num_threads() > 1 {
            (skip, queued) = self.apply_observed_in_parallel(&reg, lists, buffers);
        }
        for list in lists {
            for ops in &list.0 {
                if skip >= ops.len() {
                    skip -= ops.len();
                    continue;
                }
                let mut at = std::mem::take(&mut skip);
                while at < ops.len() {
                    let (stop, any) = self.apply_observed_ops(&reg, &ops[at..], buffers);
                    queued |= any;
                    at += stop;
                    if let Some(&(e, NodeOp::ReplaceText(b, v))) = ops.get(at) {
                        // An earlier op of the run put the child in a
                        // record: the general path makes the new node.
                        let parent = self.world.get::<Node>(e).and_then(|n| n.parent);
                        if let Some(parent) = parent {
                            let value = buffers[b as usize].str(v);
                            let _ = self.set_text_content(NodeId(parent), value);
                        }
                        at += 1;
                    }
                }
            }
        }
        if queued {
            let engine = reg.observer.callback().engine;
            self.observers.delivery.note_pending(&reg.observer, engine);
        }
    }

    /// Apply `ops` and queue their records, up to the first `textContent`
    /// write that must take the general path; returns how many were
    /// applied, and whether a record was queued.
    fn apply_observed_ops(
        &mut self,
        reg: &Registered,
        ops: &[(Entity, NodeOp)],
        buffers: &[&CommandBuffer],
    ) -> (usize, bool) {
        let mut guard = self.lock_for_records(&reg.observer);
        let ctx = OpContext {
            class: self.names.known.class,
            root: self.root,
            names: &self.names,
            buffers,
        };
        let Document {
            world, lifetime, ..
        } = self;
        let q = &mut guard.records;
        let mut queued = false;
        for (k, &(e, op)) in ops.iter().enumerate() {
            let parent = match op {
                NodeOp::ReplaceText(..) => {
                    if lifetime.is_held(e) || lifetime.is_listed(e) {
                        return (k, queued);
                    }
                    world.get::<Node>(e).and_then(|n| n.parent)
                }
                _ => None,
            };
            let (mut data, mut attrs) = match op {
                NodeOp::ReplaceText(..) | NodeOp::SetData(..) => {
                    (world.get_mut::<CharacterData>(e), None)
                }
                _ => (None, world.get_mut::<Attributes>(e)),
            };
            queued |= ctx.apply(
                &reg.options,
                e,
                op,
                parent,
                data.as_deref_mut(),
                attrs.as_deref_mut(),
                q,
                lifetime,
            );
        }
        (ops.len(), queued)
    }
}

impl Document {
    /// The parallel part of [`Document::apply_observed`]: the ops before
    /// the first `textContent` rewrite whose child is held, listed or
    /// written already in the run, and before the first op that would make two
    /// ranges share an entity, cut into one contiguous range per thread.
    /// Each range is applied by its own task, in order, its records in a
    /// queue of its own (the first range's in the observer's), and the
    /// queues are joined in range order: the records come out in command
    /// order. Returns how many ops it applied (none when that would be
    /// fewer than the ranges), and whether a record was queued.
    ///
    /// Three parallel passes over the ranges: each finds where it must
    /// stop and claims its entities ([`Owners`]); each finds its first op
    /// on an entity another range claimed (the run stops there too); each
    /// applies its ops.
    #[expect(
        unsafe_code,
        reason = "disjoint mutable access to the components of entities split into ranges \
                  that share none, as apply_buckets does with buckets"
    )]
    fn apply_observed_in_parallel(
        &mut self,
        reg: &Registered,
        lists: &[&Buckets],
        buffers: &[&CommandBuffer],
    ) -> (usize, bool) {
        let slices: Vec<&[(Entity, NodeOp)]> = lists
            .iter()
            .flat_map(|l| l.0.iter())
            .map(|v| &v[..])
            .filter(|v| !v.is_empty())
            .collect();
        let total: usize = slices.iter().map(|s| s.len()).sum();
        let at = |mut i: usize| {
            for s in &slices {
                if i < s.len() {
                    return s[i].0;
                }
                i -= s.len();
            }
            Entity::PLACEHOLDER
        };
        // One range per thread, none cutting between two ops of one entity.
        let parts = rayon::current_num_threads().min(16);
        let mut bounds: Vec<usize> = (0..=parts).map(|k| total * k / parts).collect();
        for k in 1..parts {
            bounds[k] = bounds[k].max(bounds[k - 1]);
            while bounds[k] < total && at(bounds[k]) == at(bounds[k] - 1) {
                bounds[k] += 1;
            }
        }
        let entities = self.world.entities().len() as usize;
        let mut owners = std::mem::take(&mut self.apply_scratch.owners);
        let stamp = owners.next(entities);
        let lifetime = &self.lifetime;
        // Pass 1: where each range stops (a rewrite of a held or listed
        // child, or of one whose data it wrote already: a record names
        // it), its entities claimed.
        let stops: Vec<usize> = (0..parts)
            .into_par_iter()
            .map(|k| {
                let mut written = FixedBitSet::default();
                let mut n = 0;
                for &(e, op) in ops_in(&slices, bounds[k], bounds[k + 1]) {
                    let i = e.index_u32() as usize;
                    let first = match op {
                        NodeOp::ReplaceText(..) | NodeOp::SetData(..) => written.insert(i),
                        _ => true,
                    };
                    if let NodeOp::ReplaceText(..) = op
                        && (!first || lifetime.is_held(e) || lifetime.is_listed(e))
                    {
                        break;
                    }
                    owners.claim(i, stamp + k as u32);
                    n += 1;
                }
                n
            })
            .collect();
        let mut stop = (0..parts)
            .find(|&k| bounds[k] + stops[k] < bounds[k + 1])
            .map_or(total, |k| bounds[k] + stops[k]);
        for b in &mut bounds {
            *b = (*b).min(stop);
        }
        // Pass 2: the first op of each range whose entity another range
        // claimed last. An entity of two ranges has such an op in one of
        // them, before or at its first op in the later one: stopping at
        // the first of all leaves no entity in two ranges.
        let shared: Vec<Option<usize>> = (0..parts)
            .into_par_iter()
            .map(|k| {
                ops_in(&slices, bounds[k], bounds[k + 1])
                    .position(|&(e, _)| owners.owner(e.index_u32() as usize) != stamp + k as u32)
            })
            .collect();
        self.apply_scratch.owners = owners;
        if let Some(first) = (0..parts).find_map(|k| shared[k].map(|p| bounds[k] + p)) {
            stop = stop.min(first);
            for b in &mut bounds {
                *b = (*b).min(stop);
            }
        }
        if stop < parts {
            return (0, false);
        }
        self.lifetime.reserve_marks(entities);
        let mut guard = self.lock_for_records(&reg.observer);
        let ctx = OpContext {
            class: self.names.known.class,
            root: self.root,
            names: &self.names,
            buffers,
        };
        let options = &*reg.options;
        let lifetime = &self.lifetime;
        let before = guard.records.len();
        let mut others = std::mem::take(&mut self.apply_scratch.observed);
        others.resize_with(parts - 1, Queue::default);
        for (k, q) in others.iter_mut().enumerate() {
            guard.records.lend(q, bounds[k + 2] - bounds[k + 1]);
        }
        let cell = self.world.as_unsafe_world_cell();
        let mut queues: Vec<&mut Queue> = std::iter::once(&mut guard.records)
            .chain(others.iter_mut())
            .collect();
        // Pass 3: each range applied, its ops on one entity together.
        queues.par_iter_mut().enumerate().for_each(|(k, q)| {
            let mut marks = SharedMarks(lifetime);
            for part in slices_in(&slices, bounds[k], bounds[k + 1]) {
                for group in part.chunk_by(|a, b| a.0 == b.0) {
                    let e = group[0].0;
                    let Ok(entity) = cell.get_entity(e) else {
                        continue;
                    };
                    let data_op =
                        |op: &NodeOp| matches!(op, NodeOp::ReplaceText(..) | NodeOp::SetData(..));
                    // SAFETY: the world is borrowed mutably for this whole
                    // call; no entity is written by two ranges (checked
                    // above), each range is applied by one task, and a task
                    // holds one entity's `CharacterData` or `Attributes` at
                    // a time. `Node` is only read (a text child's parent),
                    // and nothing here writes one, spawns, despawns or
                    // moves an entity between archetypes.
                    let (parent, mut data, mut attrs) = unsafe {
                        if group.iter().any(|(_, op)| data_op(op)) {
                            (
                                entity.get::<Node>().and_then(|n| n.parent),
                                entity.get_mut::<CharacterData>(),
                                None,
                            )
                        } else {
                            (None, None, entity.get_mut::<Attributes>())
                        }
                    };
                    for &(_, op) in group {
                        let parent = parent.filter(|_| matches!(op, NodeOp::ReplaceText(..)));
                        ctx.apply(
                            options,
                            e,
                            op,
                            parent,
                            data.as_deref_mut(),
                            attrs.as_deref_mut(),
                            q,
                            &mut marks,
                        );
                    }
                }
            }
        });
        drop(queues);
        for q in &mut others {
            guard.records.append(q);
        }
        self.apply_scratch.observed = others;
        let queued = guard.records.len() > before;
        if before == 0 && queued {
            self.lifetime.hold();
        }
        (stop, queued)
    }
}

/// The parts of `slices` (one sequence of ops) from op `from` to op `to`.
fn slices_in<'a>(
    slices: &[&'a [(Entity, NodeOp)]],
    mut from: usize,
    mut to: usize,
) -> impl Iterator<Item = &'a [(Entity, NodeOp)]> {
    slices.iter().filter_map(move |s| {
        let part = &s[from.min(s.len())..to.min(s.len())];
        from = from.saturating_sub(s.len());
        to = to.saturating_sub(s.len());
        (!part.is_empty()).then_some(part)
    })
}

/// The ops of `slices` from `from` to `to`.
fn ops_in<'a>(
    slices: &[&'a [(Entity, NodeOp)]],
    from: usize,
    to: usize,
) -> impl Iterator<Item = &'a (Entity, NodeOp)> {
    slices_in(slices, from, to).flatten()
}

/// Which range of an observed run claimed each entity (by index): a
/// stamp per entity, new for each run, so nothing is cleared between
/// runs. Ranges claim in parallel with plain stores, then check after:
/// an entity two ranges claimed keeps one of them.
#[derive(Default)]
pub(crate) struct Owners {
    stamps: Vec<AtomicU32>,
    /// The current run's first stamp (one more per range).
    base: u32,
}

/// Stamps a run may use: one per range.
const RANGES: u32 = 32;

impl Owners {
    /// Start a run over entity indices below `n`: its first stamp.
    fn next(&mut self, n: usize) -> u32 {
        if self.stamps.len() < n {
            self.stamps.resize_with(n, AtomicU32::default);
        }
        self.base = match self.base.checked_add(RANGES) {
            Some(b) if b <= u32::MAX - RANGES => b,
            _ => {
                self.stamps.iter_mut().for_each(|s| *s.get_mut() = 0);
                RANGES
            }
        };
        self.base
    }

    /// Entity `i` claimed with `stamp` (no entity of the run is past the
    /// stamps: one that is has no owner, so the check fails).
    fn claim(&self, i: usize, stamp: u32) {
        if let Some(s) = self.stamps.get(i) {
            s.store(stamp, Ordering::Relaxed);
        }
    }

    fn owner(&self, i: usize) -> u32 {
        self.stamps.get(i).map_or(0, |s| s.load(Ordering::Relaxed))
    }
}

/// A set of entity indices.
#[derive(Default)]
struct FixedBitSet(Vec<u64>);

impl FixedBitSet {
    /// Add `i`; whether it was not in.
    fn insert(&mut self, i: usize) -> bool {
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        let (w, bit) = (&mut self.0[i / 64], 1u64 << (i % 64));
        let new = *w & bit == 0;
        *w |= bit;
        new
    }
}

/// What applying an observed op reads besides its entity.
struct OpContext<'a> {
    class: Symbol,
    root: Entity,
    names: &'a Names,
    buffers: &'a [&'a CommandBuffer],
}

impl OpContext<'_> {
    /// Apply `op` to `e`'s data or attributes and queue its record in `q`
    /// if `options` sees it (returns whether it did); `parent`: the text
    /// child's parent, for a `textContent` rewrite.
    #[expect(
        clippy::too_many_arguments,
        reason = "one op's parts, fetched by the caller"
    )]
    fn apply(
        &self,
        o: &Options,
        e: Entity,
        op: NodeOp,
        parent: Option<Entity>,
        data: Option<&mut CharacterData>,
        attrs: Option<&mut Attributes>,
        q: &mut Queue,
        lifetime: &mut impl Marks,
    ) -> bool {
        match op {
            NodeOp::ReplaceText(b, v) | NodeOp::SetData(b, v) => {
                let value = self.buffers[b as usize].str(v);
                let Some(data) = data else { return false };
                let replace = matches!(op, NodeOp::ReplaceText(..));
                if replace && parent.is_none() {
                    return false;
                }
                let seen = if replace {
                    o.child_list
                } else {
                    o.character_data
                };
                if !seen {
                    data.replace(value);
                    return false;
                }
                let old = data.0.as_str();
                match parent {
                    // (In the root document's tree, the ghost's node
                    // document is the root document.)
                    Some(parent) => {
                        let data = RecordData {
                            added: &[e],
                            ghost: Some((old, self.root, self.root)),
                            ..Default::default()
                        };
                        q.push(RecordType::ChildList, parent, &data, false, lifetime);
                    }
                    None => {
                        let data = RecordData {
                            old_value: Some(old),
                            ..Default::default()
                        };
                        let mapped = o.character_data_old_value;
                        q.push(RecordType::CharacterData, e, &data, mapped, lifetime);
                    }
                }
                data.replace(value);
                true
            }
            _ => {
                let Some(a) = attrs else { return false };
                let class = self.class;
                // The attribute the op changes, and whether it queues a
                // record (the DOMTokenList update steps run unless the
                // token set is left empty without a `class` attribute,
                // and for `toggle` only when the token comes or goes).
                let (local, at, runs) = match op {
                    NodeOp::SetAttribute(local, ..) => (local, a.position_unprefixed(local), true),
                    NodeOp::RemoveAttribute(local) => {
                        let at = a.position_unprefixed(local);
                        (local, at, at.is_some())
                    }
                    _ => {
                        let at = a.position(Ns::None, class);
                        let runs = match op {
                            NodeOp::RemoveClass(_) => at.is_some(),
                            NodeOp::ToggleClass(t, force) => force != Some(a.has_class(t)),
                            _ => true,
                        };
                        (class, at, runs)
                    }
                };
                let ns = at.map_or(Ns::None, |i| a.list[i].ns);
                let seen = runs
                    && o.attributes
                    && o.attribute_filter
                        .as_ref()
                        .is_none_or(|f| ns == Ns::None && f.contains(&local));
                if seen {
                    let old = at
                        .filter(|_| o.attribute_old_value)
                        .map(|i| &a.list[i].value);
                    let data = RecordData {
                        name: Some(local),
                        ns,
                        old_value: old.map(|v| v.as_str()),
                        ..Default::default()
                    };
                    q.push(
                        RecordType::Attributes,
                        e,
                        &data,
                        o.attribute_old_value,
                        lifetime,
                    );
                }
                apply_to_parts(Some(a), None, op, self.names, self.buffers);
                seen
            }
        }
    }
}
