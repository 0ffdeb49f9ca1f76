//! Mutation observers (<https://dom.spec.whatwg.org/#mutation-observers>).
//!
//! A [`MutationObserver`] is shared (`Arc`) between the bridge's object and
//! the registrations that name it: the spec's nodes hold their observers
//! strongly, so an observer lives while it observes something, whatever
//! the script keeps. Each registration sits in the document's table by
//! node, and the node carries the [`OBSERVED`] flag bit, so queueing a
//! record walks the target's ancestors reading flags and looks up only
//! the flagged ones; while the root document's registrations are the only
//! ones that can see a node of its tree ([`Observers::other`]), it walks
//! nothing.
//!
//! Records come from the one mutation path ([`queue`]): insertion,
//! removal, replace, replace all, "replace data" and every attribute
//! change. With no registration anywhere, each of those pays one check of
//! an empty table. The fast paths that skip the spec's steps step aside
//! while some registration exists, except where the records can still be
//! told exactly: the in-place `textContent` rewrite (its record names a
//! ghost of the replaced node, [`record`]) and the command buffers' runs
//! of per-node writes while one registration on the root document sees
//! everything (applied in order on one thread, `command/observed.rs`).
//!
//! The callback is the engine's ([`Callback`]): dom-ecs queues records,
//! keeps each engine's "microtask queued" flag and its pending observers
//! in order, and hands them over at the engine's microtask
//! ([`Document::take_pending_observers`]); the engine calls its callbacks.

mod queue;
mod queued;
mod record;
#[cfg(test)]
mod tests;

pub(crate) use queued::{Queue, RecordData};
pub use record::{MutationRecord, Records};

use std::sync::{Arc, Mutex, MutexGuard, Weak};

use bevy_ecs::prelude::*;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crossbeam_channel::Sender;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::events::Callback;
use crate::intern::{Names, Symbol};
use crate::lifetime::Unpin;
use crate::node::{NodeId, OBSERVED};

/// `MutationObserverInit` (<https://dom.spec.whatwg.org/#dictdef-mutationobserverinit>):
/// the members a script passed (`None`: not passed).
#[derive(Clone, Debug, Default)]
pub struct ObserverInit {
    /// `childList`
    pub child_list: bool,
    /// `attributes`
    pub attributes: Option<bool>,
    /// `characterData`
    pub character_data: Option<bool>,
    /// `subtree`
    pub subtree: bool,
    /// `attributeOldValue`
    pub attribute_old_value: Option<bool>,
    /// `characterDataOldValue`
    pub character_data_old_value: Option<bool>,
    /// `attributeFilter`
    pub attribute_filter: Option<Vec<String>>,
}

/// A registration's options, after `observe()`'s defaults and checks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    pub(crate) child_list: bool,
    pub(crate) attributes: bool,
    pub(crate) character_data: bool,
    pub(crate) subtree: bool,
    pub(crate) attribute_old_value: bool,
    pub(crate) character_data_old_value: bool,
    /// The filter's names, interned.
    pub(crate) attribute_filter: Option<Arc<[Symbol]>>,
}

impl Options {
    /// `observe()` steps 1-6: defaults, then the `TypeError`s.
    fn from_init(init: ObserverInit, names: &mut Names) -> DomResult<Options> {
        let attributes = init
            .attributes
            .unwrap_or(init.attribute_old_value.is_some() || init.attribute_filter.is_some());
        let character_data = init
            .character_data
            .unwrap_or(init.character_data_old_value.is_some());
        let type_error = |m: &str| Err(DomError::Type(m.to_owned()));
        if !init.child_list && !attributes && !character_data {
            return type_error(
                "The options object must set at least one of 'attributes', 'characterData', or 'childList' to true.",
            );
        }
        let attribute_old_value = init.attribute_old_value.unwrap_or(false);
        if attribute_old_value && !attributes {
            return type_error(
                "The options object may only set 'attributeOldValue' to true when 'attributes' is true or not present.",
            );
        }
        if init.attribute_filter.is_some() && !attributes {
            return type_error(
                "The options object may only set 'attributeFilter' when 'attributes' is true or not present.",
            );
        }
        let character_data_old_value = init.character_data_old_value.unwrap_or(false);
        if character_data_old_value && !character_data {
            return type_error(
                "The options object may only set 'characterDataOldValue' to true when 'characterData' is true or not present.",
            );
        }
        Ok(Options {
            child_list: init.child_list,
            attributes,
            character_data,
            subtree: init.subtree,
            attribute_old_value,
            character_data_old_value,
            attribute_filter: init
                .attribute_filter
                .map(|f| f.iter().map(|n| names.intern(n)).collect()),
        })
    }
}

/// A `MutationRecord`'s type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordType {
    /// `"attributes"`
    Attributes,
    /// `"characterData"`
    CharacterData,
    /// `"childList"`
    ChildList,
}

impl RecordType {
    /// The `type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Attributes => "attributes",
            RecordType::CharacterData => "characterData",
            RecordType::ChildList => "childList",
        }
    }
}

/// An observer's state: its callback, record queue and node list.
#[derive(Debug)]
pub(crate) struct State {
    callback: Callback,
    pub(crate) records: Queue,
    /// Where dropped records go back (the document's unpins).
    unpins: Option<Sender<Unpin>>,
    /// The world it is bound to ([`Lifetime::token`](crate::lifetime::Lifetime)):
    /// its records hold marks there, so it observes nodes of that world
    /// only while it has registrations or records.
    world: Weak<()>,
    /// The nodes it is registered on (its node list: weak, so checked).
    nodes: Vec<Entity>,
    /// The nodes a removal gave it transient registrations on.
    transient: Vec<Entity>,
}

impl Drop for State {
    /// An observer that goes with records queued (its nodes were
    /// reclaimed) releases them.
    fn drop(&mut self) {
        if let Some(tx) = &self.unpins
            && !self.records.is_empty()
        {
            let _ = tx.send(Unpin::Queue(self.records.clear()));
        }
    }
}

/// A `MutationObserver`: clones are the same observer.
#[derive(Clone, Debug)]
pub struct MutationObserver(Arc<Mutex<State>>);

impl MutationObserver {
    /// `new MutationObserver(callback)`: an observer whose callback is the
    /// engine's. It belongs to no document: it may observe nodes of any,
    /// and each document keeps its registrations.
    pub fn new(callback: Callback) -> MutationObserver {
        MutationObserver(Arc::new(Mutex::new(State {
            callback,
            records: Queue::default(),
            unpins: None,
            world: Weak::new(),
            nodes: Vec::new(),
            transient: Vec::new(),
        })))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn same(&self, other: &MutationObserver) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The engine's callback.
    pub fn callback(&self) -> Callback {
        self.lock().callback
    }

    /// Whether it is registered on some node (the engine keeps its
    /// callback while it is, since the nodes hold the observer).
    pub fn is_observing(&self) -> bool {
        !self.lock().nodes.is_empty()
    }

    /// `takeRecords()`: the record queue, emptied.
    pub fn take_records(&self) -> Records {
        let mut s = self.lock();
        Records::new(s.records.clear(), true, s.unpins.clone())
    }
}

/// One entry of a node's registered observer list.
#[derive(Clone, Debug)]
pub(crate) struct Registered {
    pub(crate) observer: MutationObserver,
    pub(crate) options: Arc<Options>,
    /// A transient registration: the node whose registration it copies.
    pub(crate) source: Option<Entity>,
}

/// The document's registrations and each engine's pending observers.
#[derive(Default)]
pub(crate) struct Observers {
    /// Registered observer lists by node (only non-empty ones).
    pub(crate) by_node: FxHashMap<Entity, SmallVec<[Registered; 1]>>,
    /// How many registrations are neither on the world's root document
    /// nor transient ones copied from there. While none is, a mutation of
    /// a node in the root document's tree can be seen by the root
    /// document's registrations alone (a transient registration copied
    /// from an ancestor adds nothing the ancestor's does not), so
    /// queueing a record walks no ancestors.
    pub(crate) other: usize,
    /// Transient registrations copied from the root document's one
    /// registration, held as a set of nodes rather than a list entry each
    /// (removals from the root document's tree while only it can see
    /// them).
    pub(crate) copies: Copies,
    /// Where records go once queued.
    pub(crate) delivery: Delivery,
    /// Whether records of the root document's one registration are held
    /// out of its observer's lock ([`Document::hold_records`]).
    pub(crate) holding: bool,
    /// Those records, while held.
    pub(crate) held: Option<Held>,
}

/// An observer's record queue taken out of its lock while a command
/// buffer applies, so that a serial command's records cost no lock each
/// (a locked instruction costs more than the record). Nothing but the
/// applying document can read it then; it goes back before anything
/// else queues for that observer or reads its records.
pub(crate) struct Held {
    pub(crate) observer: MutationObserver,
    pub(crate) engine: u8,
    pub(crate) queue: Queue,
}

/// Transient registrations of one observer, copied from its registration
/// on the root document, on a set of nodes (which carry no `OBSERVED`
/// bit for them: the ancestor walk looks them up here while there are any).
#[derive(Default)]
pub(crate) struct Copies {
    /// The copy (its source the root document), while there are copies.
    pub(crate) registration: Option<Registered>,
    pub(crate) nodes: rustc_hash::FxHashSet<Entity>,
}

/// The pending observers, and the memory their queues reuse.
#[derive(Default)]
pub(crate) struct Delivery {
    /// Observers with records since their engine's last notify, in the
    /// order of their first record (the agent's pending mutation observers).
    pending: Vec<MutationObserver>,
    /// The memory of a dropped record queue, for the next one (a big
    /// queue would otherwise fault in fresh pages each time it grows).
    spare: Option<Queue>,
    /// Engines whose mutation observer microtask is queued, by bit.
    queued: u32,
    /// Engines whose microtask should be queued and has not been asked
    /// for yet ([`Document::take_observer_microtask`]).
    wanted: u32,
}

impl Observers {
    /// Whether any node has a registration: every mutation asks this first.
    #[inline]
    pub(crate) fn active(&self) -> bool {
        !self.by_node.is_empty()
    }

    /// Whether registration `r` on `node` is the root document's `root`
    /// own or copied from it.
    fn counts_as_root(r: &Registered, node: Entity, root: Entity) -> bool {
        match r.source {
            None => node == root,
            Some(s) => s == root,
        }
    }

    /// Add `regs` to `node`'s list.
    pub(crate) fn add(
        &mut self,
        node: Entity,
        regs: impl IntoIterator<Item = Registered>,
        root: Entity,
    ) {
        let list = self.by_node.entry(node).or_default();
        for r in regs {
            if !Self::counts_as_root(&r, node, root) {
                self.other += 1;
            }
            list.push(r);
        }
    }
}

impl Delivery {
    /// Give an empty queue without memory the spare one's.
    pub(crate) fn refill(&mut self, q: &mut Queue) {
        if q.is_unallocated()
            && q.is_empty()
            && let Some(spare) = self.spare.take()
        {
            *q = spare;
        }
    }

    /// Keep `q`'s memory as the spare, if it has more than the spare.
    pub(crate) fn keep_spare(&mut self, mut q: Queue) {
        if self
            .spare
            .as_ref()
            .is_none_or(|s| s.capacity() < q.capacity())
        {
            q.recycle();
            self.spare = Some(q);
        }
    }

    /// Note `observer` as pending with its engine's microtask queued.
    pub(crate) fn note_pending(&mut self, observer: &MutationObserver, engine: u8) {
        if !self.pending.iter().any(|p| p.same(observer)) {
            self.pending.push(observer.clone());
        }
        let bit = 1u32 << (engine & 31);
        if self.queued & bit == 0 {
            self.queued |= bit;
            self.wanted |= bit;
        }
    }
}

impl Document {
    /// Whether a mutation of any node now queues records (a registration
    /// exists): fast paths that skip the spec's steps check this.
    #[inline]
    pub(crate) fn observing(&self) -> bool {
        self.observers.active()
    }

    /// `observe(target, options)` (<https://dom.spec.whatwg.org/#dom-mutationobserver-observe>).
    ///
    /// # Errors
    /// `TypeError` for options the spec rejects; `StaleNode`;
    /// `NotSupportedError` while the observer has registrations or records
    /// in another world (another [`Document`] made by parsing or `new`:
    /// the documents a page creates share its world).
    pub fn observe(
        &mut self,
        observer: &MutationObserver,
        target: NodeId,
        init: ObserverInit,
    ) -> DomResult<()> {
        self.live(target)?;
        self.stop_holding_records();
        let options = Arc::new(Options::from_init(init, &mut self.names)?);
        {
            let mut s = observer.lock();
            let world = s.world.upgrade();
            if !world
                .as_ref()
                .is_some_and(|w| Arc::ptr_eq(w, &self.lifetime.token))
            {
                let idle = s.nodes.is_empty() && s.transient.is_empty() && s.records.is_empty();
                if world.is_some() && !idle {
                    return Err(DomError::NotSupported(
                        "this MutationObserver observes nodes of another document's world; a \
                         dom-ecs observer belongs to one world at a time (make one per world, \
                         as the bridges do)"
                            .to_owned(),
                    ));
                }
                // (What a world that is gone left names none of this one.)
                s.nodes.clear();
                s.transient.clear();
                s.records = Queue::default();
                s.unpins = Some(self.unpins());
                s.world = Arc::downgrade(&self.lifetime.token);
            }
        }
        let t = target.0;
        if let Some(list) = self.observers.by_node.get_mut(&t)
            && let Some(i) = list
                .iter()
                .position(|r| r.source.is_none() && r.observer.same(observer))
        {
            // Step 7: drop the transient registrations copied from this
            // one (and the ones ghosts queued so far would get), and
            // replace its options.
            list[i].options = options;
            let nodes = {
                let mut s = observer.lock();
                s.records.plain_before = s.records.len();
                s.transient.clone()
            };
            for n in nodes {
                self.drop_registrations(n, |r| r.source == Some(t) && r.observer.same(observer));
            }
            if t == self.root {
                self.drop_copies(observer);
            }
            return Ok(());
        }
        let reg = Registered {
            observer: observer.clone(),
            options,
            source: None,
        };
        self.observers.add(t, [reg], self.root);
        self.n_mut(t).bypass_change_detection().flags |= OBSERVED;
        let mut s = observer.lock();
        s.nodes.push(t);
        Ok(())
    }

    /// `disconnect()`: every registration of the observer goes, and its
    /// record queue is emptied.
    pub fn disconnect_observer(&mut self, observer: &MutationObserver) {
        self.stop_holding_records();
        let (records, nodes, transient) = {
            let mut s = observer.lock();
            (
                s.records.clear(),
                std::mem::take(&mut s.nodes),
                std::mem::take(&mut s.transient),
            )
        };
        self.release_queue(records);
        self.drop_copies(observer);
        for n in nodes.into_iter().chain(transient) {
            self.drop_registrations(n, |r| r.observer.same(observer));
        }
        self.observers
            .delivery
            .pending
            .retain(|o| !o.same(observer));
    }

    /// Drop `observer`'s transient copies of its root registration.
    fn drop_copies(&mut self, observer: &MutationObserver) {
        let c = &mut self.observers.copies;
        if c.registration
            .as_ref()
            .is_some_and(|r| r.observer.same(observer))
        {
            c.registration = None;
            c.nodes.clear();
        }
    }

    /// A queue of records was dropped: what it named is no longer held
    /// by it, and its memory is kept for the next.
    pub(crate) fn release_queue(&mut self, q: Queue) {
        if !q.is_empty() {
            self.lifetime.release();
        }
        self.observers.delivery.keep_spare(q);
    }

    /// Remove the registrations of `node` for which `drop` holds.
    fn drop_registrations(&mut self, node: Entity, drop: impl Fn(&Registered) -> bool) {
        let Some(list) = self.observers.by_node.get_mut(&node) else {
            return;
        };
        let root = self.root;
        let mut gone_other = 0;
        list.retain(|r| {
            let d = drop(r);
            if d && !Observers::counts_as_root(r, node, root) {
                gone_other += 1;
            }
            !d
        });
        self.observers.other -= gone_other;
        if list.is_empty() {
            self.observers.by_node.remove(&node);
            if let Some(mut n) = self.world.get_mut::<crate::node::Node>(node) {
                n.bypass_change_detection().flags &= !OBSERVED;
            }
        }
    }

    /// A reclaimed node's registrations go with it.
    pub(crate) fn forget_observed(&mut self, node: Entity) {
        self.observers.copies.nodes.remove(&node);
        if let Some(list) = self.observers.by_node.remove(&node) {
            for r in list {
                if !Observers::counts_as_root(&r, node, self.root) {
                    self.observers.other -= 1;
                }
                let mut s = r.observer.lock();
                s.nodes.retain(|&n| n != node);
                s.transient.retain(|&n| n != node);
            }
        }
    }

    /// A ghost `node` of `observer`'s records is made while its transient
    /// registration would still be there: it gets it, copied from
    /// `observer`'s registration on `source`.
    pub(crate) fn add_ghost_transient(
        &mut self,
        observer: &MutationObserver,
        node: Entity,
        source: Entity,
    ) {
        let Some(options) = self.observers.by_node.get(&source).and_then(|l| {
            l.iter()
                .find(|r| r.source.is_none() && r.observer.same(observer))
                .map(|r| r.options.clone())
        }) else {
            return;
        };
        let reg = Registered {
            observer: observer.clone(),
            options,
            source: Some(source),
        };
        self.observers.add(node, [reg], self.root);
        self.n_mut(node).bypass_change_detection().flags |= OBSERVED;
        observer.lock().transient.push(node);
    }

    /// Whether the mutation observer microtask of `engine` should be
    /// queued now (a record was queued for one of its observers since it
    /// last asked); asking clears it. Engines ask after their DOM calls,
    /// so the microtask takes its place among their other microtasks.
    pub fn take_observer_microtask(&mut self, engine: u8) -> bool {
        let bit = 1u32 << (engine & 31);
        let wanted = self.observers.delivery.wanted & bit != 0;
        self.observers.delivery.wanted &= !bit;
        wanted
    }

    /// Queue the mutation observer microtask of every engine (for the
    /// signal slots, which are no engine's own).
    pub(crate) fn queue_every_observer_microtask(&mut self) {
        let all = (1u32 << 2) - 1;
        self.observers.delivery.wanted |= all & !self.observers.delivery.queued;
        self.observers.delivery.queued |= all;
    }

    /// Whether `engine` has observers with records that its microtask has
    /// not delivered yet (its checkpoint then notifies).
    pub fn has_pending_observers(&self, engine: u8) -> bool {
        self.observers.delivery.queued & (1u32 << (engine & 31)) != 0
    }

    /// [Notify mutation observers](https://dom.spec.whatwg.org/#notify-mutation-observers)
    /// of `engine`: its pending observers in order, each with its records
    /// taken and its transient registrations dropped; the engine calls the
    /// callback of each one whose records are not empty.
    pub fn take_pending_observers(&mut self, engine: u8) -> Vec<(MutationObserver, Records)> {
        self.stop_holding_records();
        let bit = 1u32 << (engine & 31);
        self.observers.delivery.queued &= !bit;
        self.observers.delivery.wanted &= !bit;
        let (mine, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.observers.delivery.pending)
            .into_iter()
            .partition(|o| o.callback().engine == engine);
        self.observers.delivery.pending = others;
        let mut out = Vec::with_capacity(mine.len());
        for mo in mine {
            let (records, transient) = {
                let mut s = mo.lock();
                let unpins = s.unpins.clone();
                (
                    Records::new(s.records.clear(), false, unpins),
                    std::mem::take(&mut s.transient),
                )
            };
            for n in transient {
                self.drop_registrations(n, |r| r.source.is_some() && r.observer.same(&mo));
            }
            self.drop_copies(&mo);
            if !records.is_empty() {
                out.push((mo, records));
            }
        }
        out
    }
}
