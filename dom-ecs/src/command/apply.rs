//! Applying buffers: the serial walk, the parallel prepare in pieces and
//! the bucketed per-node apply (see the module docs).

use super::*;

/// A command that failed, and why. Commands before it were applied; it and
/// the ones after it were not, exactly as if they had run one by one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyError {
    /// Index of the failing command in its buffer.
    pub index: usize,
    /// The DOM error it raised.
    pub error: DomError,
}

/// What [`Document::apply`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApplyStats {
    /// Commands applied one at a time.
    pub serial: usize,
    /// Commands applied in parallel runs.
    pub parallel: usize,
}

/// What [`Document::apply_in_order`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderedApply {
    /// Commands applied, over all buffers.
    pub stats: ApplyStats,
    /// Each buffer that failed (its position in the order) and its error.
    pub errors: Vec<(usize, ApplyError)>,
}

/// What one buffer's names resolve to in this document, by [`NameId`]:
/// the attribute symbol on another element and on an HTML element
/// (`Some(None)`: not a per-node attribute), and the class token's symbol
/// (`Some(None)`: no valid token); `None` while not resolved. Each name is
/// resolved once per apply: by the serial walk just before the first
/// command that uses it, or all at once before a parallel prepare (which
/// cannot intern). An unresolved or unusable name sends its command down
/// the serial path, which raises any error.
struct NameSyms {
    attr: SmallVec<[[Option<Option<Symbol>>; 2]; 4]>,
    class: SmallVec<[Option<Option<Symbol>>; 4]>,
}

impl NameSyms {
    fn new(buffer: &CommandBuffer) -> Self {
        NameSyms {
            attr: smallvec::smallvec![[None; 2]; buffer.names.len()],
            class: smallvec::smallvec![None; buffer.names.len()],
        }
    }
}

/// The target the last per-node command resolved to. Buffers write
/// several things of one node in a row, and nothing a per-node command
/// reads (kind, children, pins) changes until a serial command runs, which
/// clears this.
#[derive(Clone, Copy)]
struct LastTarget {
    target: Target,
    entity: Entity,
    node: Node,
    /// Whether it is an HTML element, once asked.
    html: Option<bool>,
}

/// A per-node operation, prepared: names resolved to symbols, the target
/// to the entity it writes, values left in their buffer (by position in
/// the apply's list of buffers, and span), so applying it needs only that
/// entity.
#[derive(Clone, Copy, Debug)]
pub(super) enum NodeOp {
    SetData(u32, Span),
    /// `textContent` rewriting the only child, a text node, in place while
    /// an observer watches (its record names a ghost of the old node).
    ReplaceText(u32, Span),
    SetAttribute(Symbol, u32, Span),
    RemoveAttribute(Symbol),
    AddClass(Symbol),
    RemoveClass(Symbol),
    ToggleClass(Symbol, Option<bool>),
}

/// How many buckets per thread a run is split into (see [`bucket_of`]).
const BUCKETS_PER_THREAD: usize = 4;

/// The bucket of the entity a prepared op writes: entity indices in blocks
/// of 1024, dealt round-robin. Each bucket is applied by one task, so no
/// two tasks ever write the same entity; blocks keep a task's writes close
/// together in the tables, and dealing them spreads the work.
#[inline]
/// Whether a write of a node with these flags is seen by the root
/// document's registrations alone when no other exists: it is in the root
/// document's tree.
fn observed_alone(flags: u16) -> bool {
    use crate::node::{CONNECTED, FOREIGN_DOCUMENT, IN_SHADOW};
    flags & (CONNECTED | IN_SHADOW | FOREIGN_DOCUMENT) == CONNECTED
}

/// The error of a command whose text did not fit in its buffer.
fn too_much_text() -> DomError {
    DomError::QuotaExceeded("a command buffer holds at most 4 GiB of text".into())
}

fn bucket_of(e: Entity, buckets: usize) -> usize {
    // `buckets` is a power of two (`bucket_count`): a mask, not a division.
    (e.index_u32() as usize >> 10) & (buckets - 1)
}

/// How many buckets a run is split into: a power of two, a few per thread;
/// one while an observer watches (its records follow the command order).
fn bucket_count(observed: bool) -> usize {
    if observed {
        return 1;
    }
    (rayon::current_num_threads() * BUCKETS_PER_THREAD).next_power_of_two()
}

/// Prepared per-node ops by bucket, in command order within each bucket.
#[derive(Default)]
pub(super) struct Buckets(pub(super) Vec<Vec<(Entity, NodeOp)>>);

impl Buckets {
    /// Empty `n` buckets, with room for about `ops` ops spread evenly
    /// (kept from earlier applies, so only a first apply allocates).
    fn reset(&mut self, n: usize, ops: usize) {
        self.0.resize_with(n, Vec::new);
        let each = ops / n + ops / (4 * n);
        for b in &mut self.0 {
            b.clear();
            b.reserve(each);
        }
    }

    fn push(&mut self, e: Entity, op: NodeOp) {
        let n = self.0.len();
        self.0[bucket_of(e, n)].push((e, op));
    }

    pub(super) fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }
}

/// A slice of one buffer prepared by one task of the parallel prepare.
#[derive(Default)]
struct Piece {
    buffer: usize,
    start: usize,
    end: usize,
    /// The first command it could not prepare (it and all that follow go
    /// down the serial path), if any.
    stop: Option<usize>,
    ops: Buckets,
}

/// Memory one apply leaves for the next (pieces and buckets of prepared
/// ops): big applies would otherwise map and fault in fresh pages every
/// time.
#[derive(Default)]
pub(crate) struct ApplyScratch {
    pieces: Vec<Piece>,
    run: Buckets,
    /// The record queues of an observed run's ranges after the first.
    pub(super) observed: Vec<crate::observer::Queue>,
    /// Which range of an observed run claimed each entity.
    pub(super) owners: super::observed::Owners,
}

/// What preparing reads: node kinds and links, element names and pins.
/// Nothing in it changes while per-node ops are prepared, so any number of
/// threads share it.
#[derive(Clone, Copy)]
struct View<'d> {
    world: &'d World,
    lifetime: &'d crate::lifetime::Lifetime,
    /// Whether the document has a live range (text writes then take the
    /// serial path, which updates it).
    live_ranges: bool,
    /// Whether a mutation observer, an `Attr` node or a custom element
    /// could see a per-node write (every per-node command then takes the
    /// serial path, which queues its records and runs its reactions)...
    observed: bool,
    /// ...unless only the root document's one observer can see them
    /// ([`Document::fast_observer`]): then per-node commands on nodes of
    /// its tree are prepared, to be applied in order with their records.
    fast: bool,
}

impl<'d> View<'d> {
    /// The entity a target names, and its `Node`.
    fn resolve(self, t: Target, created: &[Entity]) -> DomResult<(Entity, &'d Node)> {
        let e = match t {
            Target::Node(id) => id.0,
            Target::New(i) => created.get(i as usize).copied().ok_or_else(|| {
                DomError::NotFound(format!("the buffer has not created node #{i} yet"))
            })?,
        };
        Ok((e, self.world.get::<Node>(e).ok_or(DomError::StaleNode)?))
    }

    /// The text child whose data `textContent = value` may replace in
    /// place: the only child, a text node no handle pins (nobody can tell
    /// it from the new text node the spec makes), and `value` non-empty.
    /// While an observer watches, it is no CDATA section, in no record's
    /// list and has no registration of its own.
    fn reusable_text_child_of(self, n: &Node, value_len: u32) -> Option<Entity> {
        let c = n.first_child?;
        let child = self.world.get::<Node>(c)?;
        (value_len > 0
            && n.last_child == Some(c)
            && child.kind == NodeKind::Text
            && !self.lifetime.is_held(c)
            && !self.live_ranges
            && (!self.fast
                || (child.flags & (crate::node::CDATA | crate::node::OBSERVED) == 0
                    && !self.lifetime.is_listed(c))))
        .then_some(c)
    }

    /// If the command is a per-node command in the current state, prepare
    /// it; `Ok(None)` if it must run serially; an error if it would fail.
    fn prepare(
        self,
        b: u32,
        rec: &Rec,
        created: &[Entity],
        syms: &NameSyms,
        last: &mut Option<LastTarget>,
    ) -> DomResult<Option<(Entity, NodeOp)>> {
        let Some(target) = rec.per_node_target() else {
            return Ok(None);
        };
        if self.observed && !self.fast {
            return Ok(None);
        }
        let t = match last {
            Some(t) if t.target == target => t,
            _ => {
                let (entity, node) = self.resolve(target, created)?;
                last.insert(LastTarget {
                    target,
                    entity,
                    node: *node,
                    html: None,
                })
            }
        };
        let (e, kind) = (t.entity, t.node.kind);
        if self.fast && !observed_alone(t.node.flags) {
            return Ok(None);
        }
        let is_element = kind == NodeKind::Element;
        let mut attr = |name: NameId| {
            let [other, html] = syms.attr[name.0 as usize];
            if other == html {
                // A name without capitals: the same symbol on any element.
                return other.flatten();
            }
            let html = *t.html.get_or_insert_with(|| {
                self.world
                    .get::<ElementName>(e)
                    .is_some_and(|n| n.ns == Ns::Html)
            });
            syms.attr[name.0 as usize][usize::from(html)].flatten()
        };
        let class = |name: NameId| syms.class[name.0 as usize].flatten();
        Ok(match *rec {
            // (A live range in the node takes the serial path, which
            // updates it.)
            Rec::SetData(..) | Rec::SetTextContent(..) if self.live_ranges => None,
            Rec::SetTextContent(_, text) => match kind {
                NodeKind::Text | NodeKind::Comment => Some((e, NodeOp::SetData(b, text))),
                NodeKind::Element | NodeKind::Fragment => {
                    let op = if self.fast {
                        NodeOp::ReplaceText(b, text)
                    } else {
                        NodeOp::SetData(b, text)
                    };
                    self.reusable_text_child_of(&t.node, text.len)
                        .map(|c| (c, op))
                }
                _ => None,
            },
            Rec::SetData(_, data) => match kind {
                NodeKind::Text | NodeKind::Comment => Some((e, NodeOp::SetData(b, data))),
                _ => None, // the serial path raises the error
            },
            Rec::SetAttribute(_, name, value) if is_element => {
                attr(name).map(|local| (e, NodeOp::SetAttribute(local, b, value)))
            }
            Rec::RemoveAttribute(_, name) if is_element => {
                attr(name).map(|local| (e, NodeOp::RemoveAttribute(local)))
            }
            Rec::AddClass(_, name) if is_element => class(name).map(|t| (e, NodeOp::AddClass(t))),
            Rec::RemoveClass(_, name) if is_element => {
                class(name).map(|t| (e, NodeOp::RemoveClass(t)))
            }
            Rec::ToggleClass(_, name, force) if is_element => {
                class(name).map(|t| (e, NodeOp::ToggleClass(t, force)))
            }
            _ => None,
        })
    }

    /// Prepare a piece on its own: stops at the first command that is not
    /// a per-node command of an existing node (the serial path takes it
    /// from there, errors included).
    fn prepare_piece(self, buffer: &CommandBuffer, syms: &NameSyms, piece: &mut Piece) {
        let mut last = None;
        for index in piece.start..piece.end {
            match self.prepare(
                piece.buffer as u32,
                &buffer.recs[index],
                &[],
                syms,
                &mut last,
            ) {
                Ok(Some((e, op))) => piece.ops.push(e, op),
                _ => {
                    piece.stop = Some(index);
                    return;
                }
            }
        }
    }
}

/// The per-node op on the components it writes (the ones the entity has),
/// through the same [`Attributes`] methods as the direct DOM calls.
pub(super) fn apply_to_parts(
    attrs: Option<&mut Attributes>,
    data: Option<&mut CharacterData>,
    op: NodeOp,
    names: &Names,
    buffers: &[&CommandBuffer],
) {
    match (op, attrs, data) {
        (NodeOp::SetData(b, v) | NodeOp::ReplaceText(b, v), _, Some(d)) => {
            d.replace(buffers[b as usize].str(v));
        }
        (NodeOp::SetAttribute(local, b, v), Some(a), _) => {
            a.set_plain(local, buffers[b as usize].str(v));
        }
        (NodeOp::RemoveAttribute(local), Some(a), _) => {
            a.remove_plain(local);
        }
        (NodeOp::AddClass(t), Some(a), _) => {
            a.add_classes(&[t], names);
        }
        (NodeOp::RemoveClass(t), Some(a), _) => {
            a.remove_classes(&[t], names);
        }
        (NodeOp::ToggleClass(t, force), Some(a), _) => {
            a.toggle_class(t, force, names);
        }
        _ => {}
    }
}

/// The parallel system: apply prepared ops, bucket by bucket, one task per
/// bucket (on this thread alone unless `parallel`); within a bucket, the
/// lists in the order given (command order). Consecutive ops on one
/// entity (a buffer that sets several things of one node) fetch its
/// components once.
#[expect(
    unsafe_code,
    reason = "disjoint mutable access to the components of entities split into buckets; \
              bevy's safe APIs would need every entity hashed or every entity visited"
)]
fn apply_buckets(
    world: &mut World,
    names: &Names,
    buffers: &[&CommandBuffer],
    lists: &[&Buckets],
    parallel: bool,
) {
    let buckets = lists.first().map_or(0, |l| l.0.len());
    let cell = world.as_unsafe_world_cell();
    let apply = |ops: &[(Entity, NodeOp)]| {
        for group in ops.chunk_by(|a, b| a.0 == b.0) {
            let Ok(entity) = cell.get_entity(group[0].0) else {
                continue;
            };
            let is_data = |op: &NodeOp| matches!(op, NodeOp::SetData(..) | NodeOp::ReplaceText(..));
            // SAFETY: the world is borrowed mutably for this whole call, so
            // nothing else reads or writes it. In parallel, ops are bucketed
            // by the entity they write (`bucket_of`, the same bucket count
            // in every list, checked below), each bucket is applied by
            // exactly one task, so no two tasks touch the same entity; a
            // task holds references to one entity's components at a time
            // (two different components). Only `Attributes` and
            // `CharacterData` are written (no entity is spawned, despawned
            // or changes archetype); `names` and `buffers` are shared reads.
            let (mut data, mut attrs) = unsafe {
                (
                    group
                        .iter()
                        .any(|(_, op)| is_data(op))
                        .then(|| entity.get_mut::<CharacterData>())
                        .flatten(),
                    group
                        .iter()
                        .any(|(_, op)| !is_data(op))
                        .then(|| entity.get_mut::<Attributes>())
                        .flatten(),
                )
            };
            for &(_, op) in group {
                apply_to_parts(
                    attrs.as_deref_mut(),
                    data.as_deref_mut(),
                    op,
                    names,
                    buffers,
                );
            }
        }
    };
    // Lists that dealt entities into different numbers of buckets could
    // hold one entity in two buckets: they never do (one `bucket_count`
    // per apply), but soundness must not hang on that, so then the lists
    // are applied one after another on this thread.
    if parallel && lists.iter().all(|l| l.0.len() == buckets) {
        (0..buckets)
            .into_par_iter()
            .for_each(|k| lists.iter().for_each(|list| apply(&list.0[k])));
    } else {
        for list in lists {
            list.0.iter().for_each(|ops| apply(ops));
        }
    }
}

/// Below this many ops a run is applied on the calling thread: spreading a
/// few hundred 50 ns updates over threads costs more than it saves.
pub(crate) const PARALLEL_THRESHOLD: usize = 512;

/// Below this many times the parallel threshold (so 4096 commands by
/// default), apply prepares on the calling thread.
const PREPARE_PER_RUN: usize = 8;

impl Document {
    /// Set how many per-node commands a run needs before it is spread over
    /// threads (default 512). Tests set 1 to force the parallel path.
    pub fn set_parallel_threshold(&mut self, n: usize) {
        self.parallel_threshold = n.max(1);
    }

    /// How many per-node commands a run needs before it is spread over
    /// threads: hosts apply shorter buffers without handing them off.
    pub fn parallel_threshold(&self) -> usize {
        self.parallel_threshold
    }

    fn view(&self) -> View<'_> {
        let others = self.has_attr_nodes() || self.custom.any;
        View {
            world: &self.world,
            lifetime: &self.lifetime,
            live_ranges: self.has_live_ranges(),
            observed: self.observing() || others,
            fast: !others && self.observing() && self.fast_observer().is_some(),
        }
    }

    /// Whether runs are prepared for [`Document::apply_observed`] now.
    fn observed_runs(&self) -> bool {
        self.view().fast
    }

    fn resolve(&self, t: Target, created: &[Entity]) -> DomResult<NodeId> {
        self.view().resolve(t, created).map(|(e, _)| NodeId(e))
    }

    /// Apply every buffer waiting in `queue`, in the order they arrived.
    pub fn apply_queue(&mut self, queue: &CommandQueue) -> Result<ApplyStats, ApplyError> {
        let mut total = ApplyStats::default();
        while let Ok(buffer) = queue.rx.try_recv() {
            let s = self.apply(&buffer)?;
            total.serial += s.serial;
            total.parallel += s.parallel;
        }
        Ok(total)
    }

    /// Apply a buffer: the same result as running its commands one by one,
    /// with per-node runs in parallel (see the module docs).
    ///
    /// # Errors
    /// The first failing command, with everything before it applied.
    pub fn apply(&mut self, buffer: &CommandBuffer) -> Result<ApplyStats, ApplyError> {
        let r = self.apply_in_order(&[buffer]);
        match r.errors.into_iter().next() {
            Some((_, e)) => Err(e),
            None => Ok(r.stats),
        }
    }

    /// Apply several buffers as one sequence, in the order given (the
    /// scripts' document order): the same result as applying them one after
    /// another, so where two buffers write the same node the later one wins,
    /// every time. Per-node commands of all of them form one run between
    /// structural commands, so buffers that touch disjoint nodes are applied
    /// in parallel. A failing command stops its own buffer only (its earlier
    /// commands stay applied, like a script that throws halfway); the
    /// other buffers go on.
    ///
    /// With 4096 commands or more (8 times the parallel threshold), the
    /// leading per-node commands are prepared in parallel pieces first
    /// (`apply_prepared_in_parallel`); the walk goes on serially from the
    /// first command that is not one.
    pub fn apply_in_order(&mut self, buffers: &[&CommandBuffer]) -> OrderedApply {
        // (Pins decide what may be rewritten in place: dropped records'
        // count as gone.)
        self.drain_unpins();
        self.hold_records();
        let mut syms: Vec<NameSyms> = buffers.iter().map(|b| NameSyms::new(b)).collect();
        let mut stats = ApplyStats::default();
        let total: usize = buffers.iter().map(|b| b.recs.len()).sum();
        let (mut from_buffer, mut from_index) = (0, 0);
        if total > 0 {
            // Any command may change classes (live class collections
            // revalidate); structural ones note themselves.
            self.note_class_change();
        }
        if total >= PREPARE_PER_RUN.saturating_mul(self.parallel_threshold)
            && rayon::current_num_threads() > 1
        {
            for (buffer, syms) in buffers.iter().zip(&mut syms) {
                for n in 0..buffer.names.len() {
                    self.resolve_name(buffer, syms, NameId(n as u32), true, true);
                }
            }
            (from_buffer, from_index, stats.parallel) =
                self.apply_prepared_in_parallel(buffers, &syms);
        }
        let mut created: Vec<Vec<Entity>> = vec![Vec::new(); buffers.len()];
        let mut errors = Vec::new();
        let mut run = std::mem::take(&mut self.apply_scratch.run);
        run.reset(bucket_count(self.observed_runs()), 0);
        for (b, buffer) in buffers.iter().enumerate().skip(from_buffer) {
            let mut last = None;
            let mut index = if b == from_buffer { from_index } else { 0 };
            while let Some(rec) = buffer.recs.get(index) {
                match *rec {
                    Rec::SetAttribute(_, n, _) | Rec::RemoveAttribute(_, n) => {
                        self.resolve_name(buffer, &mut syms[b], n, true, false);
                    }
                    Rec::AddClass(_, n) | Rec::RemoveClass(_, n) | Rec::ToggleClass(_, n, _) => {
                        self.resolve_name(buffer, &mut syms[b], n, false, true);
                    }
                    _ => {}
                }
                match self
                    .view()
                    .prepare(b as u32, rec, &created[b], &syms[b], &mut last)
                {
                    Ok(Some((e, op))) => {
                        run.push(e, op);
                        index += 1;
                        continue;
                    }
                    Ok(None) => {}
                    Err(error) => {
                        errors.push((b, ApplyError { index, error }));
                        break;
                    }
                }
                stats.parallel += self.apply_run(&mut run, buffers);
                last = None;
                let next = buffer.recs.get(index + 1);
                let done = match self.apply_move(buffer, rec, next, &created[b]) {
                    Some(Ok(())) => Ok(2),
                    Some(Err(error)) => {
                        stats.serial += 1; // the removal, applied
                        Err((index + 1, error))
                    }
                    None => match buffer.get(rec) {
                        Some(command) => self
                            .apply_serial(command, &mut created[b])
                            .map(|()| 1)
                            .map_err(|e| (index, e)),
                        None => Err((index, too_much_text())),
                    },
                };
                // (A serial command may start or end the observed runs.)
                run.reset(bucket_count(self.observed_runs()), 0);
                match done {
                    Ok(n) => {
                        stats.serial += n;
                        index += n;
                    }
                    Err((index, error)) => {
                        errors.push((b, ApplyError { index, error }));
                        break;
                    }
                }
            }
        }
        stats.parallel += self.apply_run(&mut run, buffers);
        self.apply_scratch.run = run;
        self.stop_holding_records();
        OrderedApply { stats, errors }
    }

    /// Prepare every buffer in pieces, one task per piece, each assuming
    /// that all commands before it were per-node ones (the common case:
    /// a big buffer of updates), then apply the per-node prefix that
    /// holds: every piece up to the first one that stopped, and that one
    /// up to where it stopped. Returns where the serial walk goes on
    /// (buffer, command) and how many ops were applied. Pieces after the
    /// stop are thrown away (a serial command may change what they read),
    /// so the worst case prepares each command twice.
    fn apply_prepared_in_parallel(
        &mut self,
        buffers: &[&CommandBuffer],
        syms: &[NameSyms],
    ) -> (usize, usize, usize) {
        let threads = rayon::current_num_threads();
        let total: usize = buffers.iter().map(|b| b.recs.len()).sum();
        let size = total
            .div_ceil(threads * 4)
            .max(self.parallel_threshold.saturating_mul(2));
        let mut pieces = std::mem::take(&mut self.apply_scratch.pieces);
        let mut count = 0;
        let observed = self.observed_runs();
        for (b, buffer) in buffers.iter().enumerate() {
            for start in (0..buffer.recs.len()).step_by(size) {
                if pieces.len() == count {
                    pieces.push(Piece::default());
                }
                let p = &mut pieces[count];
                (p.buffer, p.start, p.end, p.stop) =
                    (b, start, (start + size).min(buffer.recs.len()), None);
                p.ops.reset(bucket_count(observed), p.end - p.start);
                count += 1;
            }
        }
        let view = self.view();
        pieces[..count]
            .par_iter_mut()
            .for_each(|p| view.prepare_piece(buffers[p.buffer], &syms[p.buffer], p));
        let used = pieces[..count]
            .iter()
            .position(|p| p.stop.is_some())
            .map_or(count, |i| i + 1);
        let resume = match pieces[..count]
            .iter()
            .find_map(|p| p.stop.map(|s| (p.buffer, s)))
        {
            Some(at) => at,
            None => (buffers.len(), 0),
        };
        let lists: Vec<&Buckets> = pieces[..used].iter().map(|p| &p.ops).collect();
        let applied = lists.iter().map(|l| l.len()).sum();
        if observed {
            self.apply_observed(&lists, buffers);
        } else {
            apply_buckets(&mut self.world, &self.names, buffers, &lists, true);
        }
        self.apply_scratch.pieces = pieces;
        (resume.0, resume.1, applied)
    }

    /// Resolve name `n` of `buffer` into `syms`, as an attribute name
    /// and/or a class token, unless it already is: the attribute symbol
    /// on another element and on an HTML element (lowercased) if setting or
    /// removing it is a per-node op (a valid name without change steps:
    /// not `id` or `class`, which feed the id index and class list, nor
    /// `src`, `href`, a handler...), and the class
    /// token if DOMTokenList accepts it.
    fn resolve_name(
        &mut self,
        buffer: &CommandBuffer,
        syms: &mut NameSyms,
        n: NameId,
        attr: bool,
        class: bool,
    ) {
        let name = buffer.name_str(n);
        let i = n.0 as usize;
        if attr && syms.attr[i][0].is_none() && name.eq_ignore_ascii_case("style") {
            // (A `style` set on the parallel path: its values too may
            // start transitions or animations.)
            for v in buffer.attribute_values(n) {
                self.rendering.note_style_text(v);
            }
        }
        if attr && syms.attr[i][0].is_none() {
            let plain = |d: &mut Document, name: &str| {
                if !(is_valid_attribute_name(name) && is_plain_attribute_name(name)) {
                    return None;
                }
                let local = d.names.intern(name);
                // (`id`, `class`, `src`, `href`, handlers...: their change
                // steps run on the serial path.)
                (!d.attribute_has_change_steps(local)).then_some(local)
            };
            let other = plain(self, name);
            let html = if name.bytes().any(|c| c.is_ascii_uppercase()) {
                plain(self, &name.to_ascii_lowercase())
            } else {
                other
            };
            syms.attr[i] = [Some(other), Some(html)];
        }
        if class && syms.class[i].is_none() {
            syms.class[i] = Some(
                check_class_token(name)
                    .is_ok()
                    .then(|| self.names.intern(name)),
            );
        }
    }

    /// Apply a prepared run of per-node ops and empty it; returns its length.
    fn apply_run(&mut self, run: &mut Buckets, buffers: &[&CommandBuffer]) -> usize {
        let n = run.len();
        if n == 0 {
            return 0;
        }
        if self.observed_runs() {
            self.apply_observed(&[run], buffers);
        } else {
            let parallel = n >= self.parallel_threshold;
            apply_buckets(&mut self.world, &self.names, buffers, &[run], parallel);
        }
        run.reset(run.0.len(), 0);
        n
    }

    /// `remove(x)` followed by the insertion of `x` into an element or
    /// fragment, applied as one move: inserting a node removes it from its
    /// old parent first anyway (<https://dom.spec.whatwg.org/#concept-node-insert>
    /// step 7.1 via adopt), and a node that stays connected keeps its
    /// flags and ids, with no walk of its subtree and no id-index churn.
    /// The insertion is validated exactly as it would be after the
    /// removal (nothing it checks depends on whether `x` is still in its
    /// parent, except a document parent or `x` as its own reference,
    /// which are left to the two-step path). `None`: not such a pair;
    /// `Some(Err)`: the insertion fails, and the removal is applied, as
    /// one command after the other would.
    fn apply_move(
        &mut self,
        buffer: &CommandBuffer,
        rec: &Rec,
        next: Option<&Rec>,
        created: &[Entity],
    ) -> Option<DomResult<()>> {
        let Rec::Remove(x) = *rec else { return None };
        let (parent, reference) = match buffer.get(next?)? {
            Command::AppendChild { parent, child } if child == x => (parent, None),
            Command::InsertBefore {
                parent,
                child,
                reference,
            } if child == x && reference != Some(x) => (parent, reference),
            _ => return None,
        };
        let view = self.view();
        let (node, n) = view.resolve(x, created).ok()?;
        let (p, pn) = view.resolve(parent, created).ok()?;
        if n.parent.is_none() || !matches!(pn.kind, NodeKind::Element | NodeKind::Fragment) {
            return None;
        }
        let (node, p) = (NodeId(node), NodeId(p));
        let reference = match reference.map(|r| self.resolve(r, created)) {
            Some(Err(_)) => return None,
            Some(Ok(r)) => Some(r),
            None => None,
        };
        Some(match self.insert_before(p, node, reference) {
            Ok(_) => Ok(()),
            Err(e) => {
                self.remove_node(node.0);
                Err(e)
            }
        })
    }

    /// Apply one command through the ordinary DOM methods.
    fn apply_serial(&mut self, cmd: Command<&str>, created: &mut Vec<Entity>) -> DomResult<()> {
        match cmd {
            Command::CreateElement { local_name } => {
                let e = self.create_element(local_name)?;
                created.push(e.0);
            }
            Command::CreateText { data } => created.push(self.create_text_node(data).0),
            Command::CreateComment { data } => created.push(self.create_comment(data).0),
            Command::SetTextContent { node, text } => {
                let n = self.resolve(node, created)?;
                self.set_text_content(n, text)?;
            }
            Command::SetData { node, data } => {
                let n = self.resolve(node, created)?;
                self.set_data(n, data)?;
            }
            Command::SetAttribute { node, name, value } => {
                let n = self.resolve(node, created)?;
                self.set_attribute(n, name, value)?;
            }
            Command::RemoveAttribute { node, name } => {
                let n = self.resolve(node, created)?;
                self.remove_attribute(n, name)?;
            }
            Command::AddClass { node, class } => {
                let n = self.resolve(node, created)?;
                self.class_add(n, &[class])?;
            }
            Command::RemoveClass { node, class } => {
                let n = self.resolve(node, created)?;
                self.class_remove(n, &[class])?;
            }
            Command::ToggleClass { node, class, force } => {
                let n = self.resolve(node, created)?;
                self.class_toggle(n, class, force)?;
            }
            Command::AppendChild { parent, child } => {
                let (p, c) = (
                    self.resolve(parent, created)?,
                    self.resolve(child, created)?,
                );
                self.append_child(p, c)?;
            }
            Command::InsertBefore {
                parent,
                child,
                reference,
            } => {
                let (p, c) = (
                    self.resolve(parent, created)?,
                    self.resolve(child, created)?,
                );
                let r = reference.map(|r| self.resolve(r, created)).transpose()?;
                self.insert_before(p, c, r)?;
            }
            Command::Remove { node } => {
                let n = self.resolve(node, created)?;
                self.remove(n)?;
            }
            Command::SetInnerHtml { node, html } => {
                let n = self.resolve(node, created)?;
                self.set_inner_html(n, html)?;
            }
        }
        Ok(())
    }
}
