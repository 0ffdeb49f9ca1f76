//! Node lifetime: pins held by script handles, and reclaiming detached trees
//! nobody refers to.
//!
//! A node removed from the tree stays alive and usable: it can be read,
//! changed and inserted again. What keeps it alive is a *pin*: the bridges
//! pin a node while a script handle to it exists. Any pinned node keeps its
//! whole tree alive (from it, `parentNode` reaches every node of the tree),
//! so a detached tree is reclaimed when no node in it is pinned.
//!
//! Unpinning happens when a handle is dropped, possibly on another thread
//! and without the document's lock, so unpins are queued on a
//! `crossbeam-channel` ([`Unpinner`]) and applied by [`Document::collect_garbage`],
//! which the hosts call between tasks.
//!
//! Rust callers that hold a [`NodeId`] of a detached node across a
//! `collect_garbage` call must [`Document::pin`] it: an unpinned detached
//! node may be reclaimed, after which its ID gives `StaleNode` (never
//! another node: IDs are generational).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Weak};

use bevy_ecs::entity::EntityIndex;
use bevy_ecs::prelude::*;
use crossbeam_channel::{Receiver, Sender};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::Document;
use crate::error::DomResult;
use crate::node::{NodeId, NodeKind, TEMPLATE_CONTENTS, TemplateContents};

pub(crate) struct Lifetime {
    /// Pin counts by entity index: a pin or unpin is an array increment.
    /// A pinned entity is never despawned, so its slot's count is its own.
    pins: Vec<u32>,
    /// How many slots of `pins` are non-zero.
    pinned: usize,
    /// Roots of detached trees, candidates for reclaiming (may hold
    /// duplicates and entries that were inserted again; the sweep checks).
    detached: Vec<Entity>,
    tx: Sender<Unpin>,
    rx: Receiver<Unpin>,
    /// Sweep when `detached` grows past this (doubles with what survives).
    next_sweep: usize,
    /// Lists of nodes kept alive while the list lives (static NodeLists):
    /// one weak pointer per list instead of one pin per node.
    lists: Vec<Weak<[NodeId]>>,
    /// The lists of `lists` that name text nodes (mutation records'), and
    /// those text nodes: `textContent` does not rewrite one of them in
    /// place, since the list would then name the new node. Rebuilt from
    /// the live lists at each sweep.
    text_lists: Vec<Weak<[NodeId]>>,
    listed: FxHashSet<Entity>,
    /// Nodes named by mutation records not dropped yet: the epoch when
    /// one was, by entity index. They count as pinned while
    /// `marks[i] == epoch`; the epoch moves on, unmarking them all at once,
    /// when the last record queue or taken batch goes (`holders`).
    marks: Vec<AtomicU32>,
    epoch: u32,
    holders: usize,
    /// Lives as long as the document: a mutation observer bound to its
    /// world holds it weakly.
    pub(crate) token: Arc<()>,
    /// While non-zero, a page's parse waits for a script: its tree
    /// builder may hold elements the script detached, so trees with an
    /// element a parser made ([`PARSED`](crate::node::PARSED)) are kept.
    pub(crate) paused: u32,
}

impl Lifetime {
    pub(crate) fn new() -> Self {
        let (tx, rx) = crossbeam_channel::unbounded();
        Lifetime {
            pins: Vec::new(),
            pinned: 0,
            detached: Vec::new(),
            tx,
            rx,
            next_sweep: 1024,
            paused: 0,
            lists: Vec::new(),
            text_lists: Vec::new(),
            listed: FxHashSet::default(),
            marks: Vec::new(),
            epoch: 1,
            holders: 0,
            token: Arc::new(()),
        }
    }

    /// Mark `e` as named by a record (see `marks`).
    #[inline]
    pub(crate) fn mark(&mut self, e: Entity) {
        let i = e.index_u32() as usize;
        if i >= self.marks.len() {
            self.reserve_marks(i + 1);
        }
        *self.marks[i].get_mut() = self.epoch;
    }

    /// Room in `marks` for entity indices below `n` (before tasks mark
    /// through [`SharedMarks`]).
    pub(crate) fn reserve_marks(&mut self, n: usize) {
        if n > self.marks.len() {
            let len = n.max(self.marks.len() * 2);
            self.marks.resize_with(len, || AtomicU32::new(0));
        }
    }

    /// Whether a pin or a record holds `e`: `textContent` may not rewrite
    /// it in place.
    #[inline]
    pub(crate) fn is_held(&self, e: Entity) -> bool {
        self.is_pinned(e)
            || self
                .marks
                .get(e.index_u32() as usize)
                .is_some_and(|m| m.load(Ordering::Relaxed) == self.epoch)
    }

    /// A record queue got its first record.
    pub(crate) fn hold(&mut self) {
        self.holders += 1;
    }

    /// A record queue or batch with records went: when it was the last,
    /// every mark goes.
    pub(crate) fn release(&mut self) {
        self.holders = self.holders.saturating_sub(1);
        if self.holders == 0 {
            self.epoch = self.epoch.wrapping_add(1);
            if self.epoch == 0 {
                self.marks.iter_mut().for_each(|m| *m.get_mut() = 0);
                self.epoch = 1;
            }
        }
    }

    /// The entities records hold now.
    fn marked(&self) -> impl Iterator<Item = u32> + '_ {
        let epoch = self.epoch;
        (self.holders > 0)
            .then(|| {
                self.marks
                    .iter()
                    .enumerate()
                    .filter(move |(_, m)| m.load(Ordering::Relaxed) == epoch)
                    .map(|(i, _)| i as u32)
            })
            .into_iter()
            .flatten()
    }

    /// Pin `e`, known to be alive.
    #[inline]
    pub(crate) fn pin_entity(&mut self, e: Entity) {
        let i = e.index_u32() as usize;
        if i >= self.pins.len() {
            self.pins.resize((i + 1).max(self.pins.len() * 2), 0);
        }
        if self.pins[i] == 0 {
            self.pinned += 1;
        }
        self.pins[i] += 1;
    }

    /// Undo one pin of `e`.
    #[inline]
    pub(crate) fn unpin_entity(&mut self, e: Entity) {
        if let Some(count) = self.pins.get_mut(e.index_u32() as usize)
            && *count > 0
        {
            *count -= 1;
            if *count == 0 {
                self.pinned -= 1;
            }
        }
    }

    /// Whether a list of mutation records' nodes may name text node `e`.
    #[inline]
    pub(crate) fn is_listed(&self, e: Entity) -> bool {
        !self.listed.is_empty() && self.listed.contains(&e)
    }

    /// `ids` is a list of a mutation record: note its text nodes.
    pub(crate) fn note_listed(&mut self, ids: &Arc<[NodeId]>, world: &World) {
        let before = self.listed.len();
        for id in ids.iter() {
            if world
                .get::<crate::node::Node>(id.0)
                .is_some_and(|n| n.kind == NodeKind::Text)
            {
                self.listed.insert(id.0);
            }
        }
        if self.listed.len() != before {
            self.text_lists.push(Arc::downgrade(ids));
        }
    }

    /// Rebuild `listed` from the record lists still alive.
    fn relist(&mut self) {
        self.listed.clear();
        self.text_lists.retain(|w| w.strong_count() > 0);
        for list in self.text_lists.iter().filter_map(Weak::upgrade) {
            self.listed.extend(list.iter().map(|id| id.0));
        }
    }

    #[inline]
    pub(crate) fn is_pinned(&self, e: Entity) -> bool {
        self.pins
            .get(e.index_u32() as usize)
            .is_some_and(|&c| c > 0)
    }

    /// How many times `e` is pinned.
    pub(crate) fn pin_count(&self, e: Entity) -> u32 {
        self.pins.get(e.index_u32() as usize).copied().unwrap_or(0)
    }

    #[inline]
    pub(crate) fn note_detached(&mut self, e: Entity) {
        self.detached.push(e);
    }

    /// Forget candidates for which `attached` holds (after a parse, where
    /// every created node was inserted at once).
    pub(crate) fn forget_attached(&mut self, attached: impl Fn(Entity) -> bool) {
        self.detached.retain(|&e| !attached(e));
        self.detached.shrink_to_fit();
    }
}

/// Where queueing a record holds the nodes it names
/// ([`Queue::push`](crate::observer::Queue::push)).
pub(crate) trait Marks {
    /// The queue was empty: it holds marks from now on.
    fn hold(&mut self);
    /// `e` is named by a record.
    fn mark(&mut self, e: Entity);
}

impl Marks for Lifetime {
    fn hold(&mut self) {
        Lifetime::hold(self);
    }

    fn mark(&mut self, e: Entity) {
        Lifetime::mark(self, e);
    }
}

/// Marks from tasks that share the lifetime: `marks` must already cover
/// every entity index ([`Lifetime::reserve_marks`]); the caller holds.
pub(crate) struct SharedMarks<'a>(pub(crate) &'a Lifetime);

impl Marks for SharedMarks<'_> {
    fn hold(&mut self) {}

    fn mark(&mut self, e: Entity) {
        if let Some(m) = self.0.marks.get(e.index_u32() as usize) {
            m.store(self.0.epoch, Ordering::Relaxed);
        }
    }
}

/// An unpin, queued: one node's, or every pin of a queue of mutation
/// records.
#[derive(Debug)]
pub(crate) enum Unpin {
    One(Entity),
    Queue(crate::observer::Queue),
}

/// Queues unpins from any thread; cheap to clone. Handles keep one and send
/// their node when dropped.
#[derive(Clone, Debug)]
pub struct Unpinner(Sender<Unpin>);

impl Unpinner {
    /// Queue one unpin of `id`, applied at the next [`Document::collect_garbage`].
    #[inline]
    pub fn unpin(&self, id: NodeId) {
        // The receiver lives in the document; if it is gone, so is the node.
        let _ = self.0.send(Unpin::One(id.0));
    }
}

impl Document {
    /// Pin `id`: it (and its whole tree) will not be reclaimed until unpinned
    /// as many times as it was pinned.
    pub fn pin(&mut self, id: NodeId) -> DomResult<()> {
        self.live(id)?;
        self.lifetime.pin_entity(id.0);
        Ok(())
    }

    /// Undo one [`Document::pin`] now (on the document's thread).
    pub fn unpin(&mut self, id: NodeId) {
        self.lifetime.unpin_entity(id.0);
    }

    /// The sender of queued unpins (mutation records' pins go through it).
    pub(crate) fn unpins(&self) -> Sender<Unpin> {
        self.lifetime.tx.clone()
    }

    /// Apply the unpins queued by [`Unpinner`]s. Cheap when none are queued;
    /// hosts call it whenever they hold the document.
    #[inline]
    pub fn drain_unpins(&mut self) {
        while let Ok(u) = self.lifetime.rx.try_recv() {
            match u {
                Unpin::One(e) => self.lifetime.unpin_entity(e),
                Unpin::Queue(q) => self.release_queue(q),
            }
        }
    }

    /// A sender for unpins from other threads (e.g. handle destructors).
    pub fn unpinner(&self) -> Unpinner {
        Unpinner(self.lifetime.tx.clone())
    }

    /// Keep every node of `ids` alive for as long as the `Arc` lives (a
    /// static NodeList): cheaper than pinning each node, paid at sweep time.
    pub fn keep_alive(&mut self, ids: &Arc<[NodeId]>) {
        if !ids.is_empty() {
            self.lifetime.lists.push(Arc::downgrade(ids));
        }
    }

    /// How many nodes are pinned.
    pub fn pinned_count(&self) -> usize {
        self.lifetime.pinned
    }

    /// Apply queued unpins, then reclaim every detached tree in which no node
    /// is pinned. Returns how many nodes were reclaimed. While a page's
    /// parse waits for a script, a tree with an element a parser made is
    /// kept too (the parser may still hold it, and insert it again).
    ///
    /// Cost: O(pinned nodes x depth + candidate roots + reclaimed nodes),
    /// and during a parse the nodes looked at for a parser's element.
    pub fn collect_garbage(&mut self) -> usize {
        self.drain_unpins();
        let parsing = self.lifetime.paused > 0;
        // The roots that some pinned node keeps alive.
        let mut alive: FxHashSet<Entity> = FxHashSet::default();
        let pinned: Vec<Entity> = self
            .lifetime
            .pins
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, _)| i as u32)
            .chain(self.lifetime.marked())
            .filter_map(EntityIndex::from_raw_u32)
            .map(|i| self.world.entities().resolve_from_index(i))
            .collect();
        // (Each node's root found once per sweep: pinned nodes of one deep
        // tree share their walks up.)
        let mut roots: FxHashMap<Entity, Entity> = FxHashMap::default();
        for p in pinned {
            if self.world.get::<crate::node::Node>(p).is_some() {
                alive.insert(self.root_remembered(p, &mut roots));
            }
        }
        alive.extend(self.roots_kept_by_lists_and_frames());
        let candidates = std::mem::take(&mut self.lifetime.detached);
        let mut kept = Vec::new();
        let mut seen: FxHashSet<Entity> = FxHashSet::default();
        let mut reclaimed = 0;
        for c in candidates {
            if !seen.insert(c) || c == self.root {
                continue;
            }
            let Some(node) = self.world.get::<crate::node::Node>(c) else {
                continue; // reclaimed with another tree already
            };
            if node.parent.is_some() || node.flags & TEMPLATE_CONTENTS != 0 {
                continue; // inserted again, or owned by its template
            }
            if alive.contains(&c) || (parsing && self.holds_parsed_element(c)) {
                kept.push(c);
                continue;
            }
            reclaimed += self.despawn_tree(c);
        }
        self.lifetime.detached = kept;
        self.lifetime.relist();
        // A sweep costs O(pinned nodes + kept-alive list entries + candidates):
        // wait for as many detaches before the next one, so the cost per
        // detach stays O(1) however many handles scripts hold.
        let list_entries: usize = self
            .lifetime
            .lists
            .iter()
            .filter_map(|w| w.upgrade().map(|l| l.len()))
            .sum();
        self.lifetime.next_sweep = (self.lifetime.detached.len() * 2)
            .max(self.lifetime.pinned + list_entries)
            .max(1024);
        if reclaimed > 0 {
            // bevy records every removed component for `RemovedComponents`
            // readers; we have none, and without this the log grows forever.
            self.world.clear_trackers();
        }
        reclaimed
    }

    /// Collect garbage if enough detached trees have piled up since the last
    /// sweep (amortised O(1) per detach). Hosts call this between tasks.
    pub fn maybe_collect_garbage(&mut self) -> usize {
        if self.lifetime.detached.len() >= self.lifetime.next_sweep {
            self.collect_garbage()
        } else {
            0
        }
    }

    /// The roots of the trees that something other than a pin keeps
    /// alive: an iframe's nested document (it has one only while
    /// connected to the page), a live static `NodeList`'s nodes (the dead
    /// lists are forgotten).
    pub(crate) fn roots_kept_by_lists_and_frames(&mut self) -> FxHashSet<Entity> {
        let mut alive: FxHashSet<Entity> = self
            .world
            .query::<&crate::frames::NestedDocument>()
            .iter(&self.world)
            .map(|n| n.0)
            .collect();
        let lists = std::mem::take(&mut self.lifetime.lists);
        for weak in lists {
            let Some(list) = weak.upgrade() else { continue };
            for id in list.iter() {
                if self.world.get::<crate::node::Node>(id.0).is_some() {
                    alive.insert(self.root_of_including_template_host(id.0));
                }
            }
            self.lifetime.lists.push(weak);
        }
        alive
    }

    /// [`Document::root_of_including_template_host`], remembering in `memo`
    /// the root of every node walked through, and reading it there when
    /// the walk meets one already known.
    fn root_remembered(&self, e: Entity, memo: &mut FxHashMap<Entity, Entity>) -> Entity {
        let mut path = Vec::new();
        let mut cur = e;
        let root = loop {
            if let Some(&r) = memo.get(&cur) {
                break r;
            }
            path.push(cur);
            let n = self.n(cur);
            match n.parent {
                Some(p) => cur = p,
                None => break self.root_of_including_template_host(cur),
            }
        };
        for p in path {
            memo.insert(p, root);
        }
        root
    }

    /// The root of `e`'s tree, going from template contents to their template.
    pub(crate) fn root_of_including_template_host(&self, mut e: Entity) -> Entity {
        // An attached Attr keeps its element's tree alive.
        if let Some(owner) = self
            .world
            .get::<crate::attr::AttrNode>(e)
            .and_then(|a| a.element)
        {
            e = owner;
        }
        loop {
            e = self.root_of(e);
            // A template's contents and a shadow tree live as long as their host.
            match self.world.get::<crate::node::TemplateHost>(e) {
                Some(host) => e = host.0,
                None => match self.host_of_root(e) {
                    Some(host) => e = host,
                    None => return e,
                },
            }
        }
    }

    /// `root` and every node that lives and dies with it: its descendants,
    /// template contents and shadow trees included.
    pub(crate) fn whole_tree(&self, root: Entity) -> Vec<Entity> {
        let mut out = Vec::new();
        self.walk_whole_tree(root, |e| {
            out.push(e);
            false
        });
        out
    }

    /// Mark an element a parser made ([`PARSED`](crate::node::PARSED)).
    pub(crate) fn mark_parsed(&mut self, e: Entity) {
        self.n_mut(e).flags |= crate::node::PARSED;
    }

    /// Whether the tree of `root` ([`Document::whole_tree`]) has an
    /// element a parser made.
    fn holds_parsed_element(&self, root: Entity) -> bool {
        self.walk_whole_tree(root, |e| self.n(e).flags & crate::node::PARSED != 0)
    }

    /// Visit `root` and every node that lives and dies with it
    /// (iteratively), until `stop` says true; whether it did.
    fn walk_whole_tree(&self, root: Entity, mut stop: impl FnMut(Entity) -> bool) -> bool {
        let mut stack = vec![root];
        while let Some(e) = stack.pop() {
            if stop(e) {
                return true;
            }
            let node = self.n(e);
            let mut c = node.first_child;
            while let Some(child) = c {
                stack.push(child);
                c = self.n(child).next_sibling;
            }
            if let Some(t) = self.world.get::<TemplateContents>(e) {
                stack.push(t.0);
            }
            if node.kind == NodeKind::Document
                && let Some(inert) = self
                    .world
                    .get::<crate::node_document::TemplateDocumentOf>(e)
            {
                stack.push(inert.0);
            }
            if node.flags & crate::node::SHADOW_HOST != 0
                && let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e)
            {
                stack.push(h.0);
            }
        }
        false
    }

    /// Despawn `root` and everything below it, template contents included.
    fn despawn_tree(&mut self, root: Entity) -> usize {
        let mut count = 0;
        for e in self.whole_tree(root) {
            let node = *self.n(e);
            if let Some(c) = self.world.get::<crate::frames::NestedContext>(e) {
                // A discarded browsing context's window goes with its document.
                let window = c.window;
                self.events.forget_node(window);
                self.world.despawn(window);
            }
            self.events.forget_node(e);
            if node.flags & crate::node::OBSERVED != 0 {
                self.forget_observed(e);
            }
            if node.kind == NodeKind::Element && self.has_attr_nodes() {
                count += self.attr_nodes_of(e).len();
                self.forget_attr_nodes(e);
            }
            self.world.despawn(e);
            count += 1;
        }
        count
    }
}
