//! [Queueing mutation records](https://dom.spec.whatwg.org/#queueing-a-mutation-record)
//! from the mutation path: each hook returns at once when no node has a
//! registration.

use std::sync::Arc;

use bevy_ecs::prelude::*;
use smallvec::SmallVec;

use std::sync::MutexGuard;

use super::{Held, MutationObserver, Observers, RecordData, RecordType, Registered, State};
use crate::document::Document;
use crate::intern::{Ns, Symbol};
use crate::node::{CONNECTED, CharacterData, FOREIGN_DOCUMENT, IN_SHADOW, Node, OBSERVED};

/// Whether registration `r`, on `node`, sees a record of `kind` for
/// `target` (attribute `name` in namespace `ns`): the "interested
/// observers" test of queueing a record.
fn sees(
    r: &Registered,
    node: Entity,
    target: Entity,
    kind: RecordType,
    data: &RecordData<'_>,
) -> bool {
    let o = &r.options;
    if node != target && !o.subtree {
        return false;
    }
    match kind {
        RecordType::Attributes => {
            o.attributes
                && o.attribute_filter.as_ref().is_none_or(|f| {
                    data.ns == Ns::None && data.name.is_some_and(|n| f.contains(&n))
                })
        }
        RecordType::CharacterData => o.character_data,
        RecordType::ChildList => o.child_list,
    }
}

/// Whether `r` wants the old value of a record of `kind`.
fn old_wanted(r: &Registered, kind: RecordType) -> bool {
    match kind {
        RecordType::Attributes => r.options.attribute_old_value,
        RecordType::CharacterData => r.options.character_data_old_value,
        RecordType::ChildList => false,
    }
}

impl Document {
    /// Whether only the root document's registrations can see a mutation
    /// of `node` (see [`Observers::other`](super::Observers::other)): it is in the root document's
    /// tree and no other registration exists.
    #[inline]
    pub(crate) fn seen_from_root_alone(&self, flags: u16) -> bool {
        self.observers.other == 0 && flags & (CONNECTED | IN_SHADOW | FOREIGN_DOCUMENT) == CONNECTED
    }

    /// The registrations of `target`'s inclusive ancestors, with the node
    /// each is on, for which `keep` holds.
    fn registrations_above(&self, target: Entity, mut keep: impl FnMut(&Registered, Entity)) {
        let n = self.n(target);
        if self.seen_from_root_alone(n.flags) {
            if let Some(list) = self.observers.by_node.get(&self.root) {
                list.iter().for_each(|r| keep(r, self.root));
            }
            return;
        }
        let mut at = Some(target);
        let copies = &self.observers.copies;
        let copy = copies
            .registration
            .as_ref()
            .filter(|_| !copies.nodes.is_empty());
        while let Some(node) = at {
            let n = self.n(node);
            at = n.parent;
            if let Some(r) = copy
                && copies.nodes.contains(&node)
            {
                keep(r, node);
            }
            if n.flags & OBSERVED == 0 {
                continue;
            }
            if let Some(list) = self.observers.by_node.get(&node) {
                list.iter().for_each(|r| keep(r, node));
            }
        }
    }

    /// Removal step 14 when only the root document's one registration can
    /// see `parent`: `node` gets its transient copy as a member of
    /// [`Observers::copies`](super::Observers::copies). Returns whether
    /// that was the case.
    fn copy_root_registration(&mut self, node: Entity, parent: Entity) -> bool {
        if !self.seen_from_root_alone(self.n(parent).flags) {
            return false;
        }
        let root = self.root;
        let Some(list) = self.observers.by_node.get(&root) else {
            return true; // nothing to copy
        };
        let [r] = list.as_slice() else { return false };
        if !r.options.subtree {
            return true;
        }
        let copies = &mut self.observers.copies;
        match &copies.registration {
            Some(c) => {
                if !(c.observer.same(&r.observer) && Arc::ptr_eq(&c.options, &r.options)) {
                    return false;
                }
            }
            None => {
                copies.registration = Some(Registered {
                    observer: r.observer.clone(),
                    options: r.options.clone(),
                    source: Some(root),
                });
            }
        }
        copies.nodes.insert(node);
        true
    }

    /// [Queue a mutation record](https://dom.spec.whatwg.org/#queue-a-mutation-record)
    /// of `kind` for `target` with every interested observer.
    pub(crate) fn queue_record(&mut self, kind: RecordType, target: Entity, data: RecordData<'_>) {
        match self.seen_alone(kind, target, &data) {
            Some(Some(mapped)) => self.push_alone(kind, target, &data, mapped),
            Some(None) => {}
            None => {
                let interested = self.interested(kind, target, &data);
                self.push_records(interested, kind, target, &data);
            }
        }
    }

    /// Whether the root document's one registration is all that can see
    /// a record of `kind` for `target`: `None` if not; else whether it
    /// sees it, and with its old value (`Some(Some(mapped))`).
    fn seen_alone(
        &self,
        kind: RecordType,
        target: Entity,
        data: &RecordData<'_>,
    ) -> Option<Option<bool>> {
        if !self.seen_from_root_alone(self.n(target).flags) {
            return None;
        }
        let Some(list) = self.observers.by_node.get(&self.root) else {
            return Some(None);
        };
        let [r] = list.as_slice() else { return None };
        Some(sees(r, self.root, target, kind, data).then(|| old_wanted(r, kind)))
    }

    /// Queue a record with the root document's one registration.
    fn push_alone(
        &mut self,
        kind: RecordType,
        target: Entity,
        data: &RecordData<'_>,
        mapped: bool,
    ) {
        let Some([r]) = self.observers.by_node.get(&self.root).map(|l| l.as_slice()) else {
            return;
        };
        if self.observers.holding {
            if !(self.observers.held.as_ref()).is_some_and(|h| h.observer.same(&r.observer)) {
                let observer = r.observer.clone();
                let (engine, queue) = {
                    let mut s = self.lock_for_records(&observer);
                    (s.callback.engine, std::mem::take(&mut s.records))
                };
                self.observers.held = Some(Held {
                    observer,
                    engine,
                    queue,
                });
            }
            if let Observers {
                held: Some(h),
                delivery,
                ..
            } = &mut self.observers
            {
                h.queue.push(kind, target, data, mapped, &mut self.lifetime);
                delivery.note_pending(&h.observer, h.engine);
            }
            return;
        }
        // (Not holding: nothing is held.)
        let engine = {
            let mut s = r.observer.lock();
            self.observers.delivery.refill(&mut s.records);
            s.records
                .push(kind, target, data, mapped, &mut self.lifetime);
            s.callback.engine
        };
        self.observers.delivery.note_pending(&r.observer, engine);
    }

    /// From now until [`Document::stop_holding_records`], the records
    /// [`Document::push_alone`] queues are held out of the observer's lock
    /// ([`Held`]): for a command buffer's apply, during which no engine
    /// reads them.
    pub(crate) fn hold_records(&mut self) {
        self.observers.holding = true;
    }

    /// Records go to their observers' queues again (at the end of an
    /// apply; the engine-facing observer calls make sure of it too, so a
    /// held queue never outlives a failed apply).
    pub(crate) fn stop_holding_records(&mut self) {
        self.observers.holding = false;
        self.put_back_records();
    }

    /// `observer`'s state, locked to queue records there: records held
    /// go back first (so its queue stays in order), and an empty queue
    /// gets the spare memory.
    pub(crate) fn lock_for_records<'a>(
        &mut self,
        observer: &'a MutationObserver,
    ) -> MutexGuard<'a, State> {
        self.put_back_records();
        let mut s = observer.lock();
        self.observers.delivery.refill(&mut s.records);
        s
    }

    /// The held records go back into their observer's queue (before
    /// anything queued there since, which nothing should have).
    pub(crate) fn put_back_records(&mut self) {
        let Some(h) = self.observers.held.take() else {
            return;
        };
        let mut s = h.observer.lock();
        let mut later = std::mem::replace(&mut s.records, h.queue);
        if !later.is_empty() {
            let both = !s.records.is_empty();
            s.records.append(&mut later);
            drop(s);
            if both {
                self.lifetime.release(); // one queue holds the marks now
            }
        }
    }

    /// The interested observers of a record, each with its mapped old value.
    fn interested(
        &self,
        kind: RecordType,
        target: Entity,
        data: &RecordData<'_>,
    ) -> SmallVec<[(MutationObserver, bool); 2]> {
        let mut interested: SmallVec<[(MutationObserver, bool); 2]> = SmallVec::new();
        self.registrations_above(target, |r, node| {
            if !sees(r, node, target, kind, data) {
                return;
            }
            let old = old_wanted(r, kind);
            match interested.iter_mut().find(|(m, _)| m.same(&r.observer)) {
                Some((_, mapped)) => *mapped |= old,
                None => interested.push((r.observer.clone(), old)),
            }
        });
        interested
    }

    /// Queue a record with each of `interested`.
    fn push_records(
        &mut self,
        interested: SmallVec<[(MutationObserver, bool); 2]>,
        kind: RecordType,
        target: Entity,
        data: &RecordData<'_>,
    ) {
        for (mo, mapped) in interested {
            let engine = {
                let mut s = self.lock_for_records(&mo);
                s.records
                    .push(kind, target, data, mapped, &mut self.lifetime);
                s.callback.engine
            };
            self.observers.delivery.note_pending(&mo, engine);
        }
    }

    /// The node whose registration the removal of a child of `parent`
    /// would copy, when exactly one registration sees mutations of
    /// `parent` and its children: a subtree one that sees child lists.
    /// A text child may then be rewritten in place, its record naming a
    /// ghost of the old node ([`Document::queue_ghost_record`]).
    pub(crate) fn ghost_source(&self, parent: Entity) -> Option<Entity> {
        let (mut count, mut source) = (0, None);
        self.registrations_above(parent, |r, node| {
            count += 1;
            if r.options.subtree && r.options.child_list && r.source.is_none() {
                source = Some(node);
            }
        });
        if count == 1 { source } else { None }
    }

    /// `textContent` on `parent` rewrote its text child `c` in place: the
    /// record of the replacement, whose removed node is a ghost with the
    /// `old` data (made when read), copying the registration on `source`.
    pub(crate) fn queue_ghost_record(
        &mut self,
        parent: Entity,
        c: Entity,
        old: &str,
        source: Entity,
    ) {
        let doc = self.node_document(parent);
        self.queue_record(
            RecordType::ChildList,
            parent,
            RecordData {
                added: &[c],
                ghost: Some((old, doc, source)),
                ..Default::default()
            },
        );
    }

    /// [Queue a tree mutation record](https://dom.spec.whatwg.org/#queue-a-tree-mutation-record).
    pub(crate) fn queue_tree_record(
        &mut self,
        target: Entity,
        added: &[Entity],
        removed: &[Entity],
        previous: Option<Entity>,
        next: Option<Entity>,
    ) {
        if !self.observing() {
            return;
        }
        self.queue_record(
            RecordType::ChildList,
            target,
            RecordData {
                added,
                removed,
                previous,
                next,
                ..Default::default()
            },
        );
    }

    /// [Remove](https://dom.spec.whatwg.org/#concept-node-remove) steps
    /// 13-14 (after step 12's transient registrations), for `node` whose
    /// `Node` before removal is `old`: every subtree registration of the
    /// parent's inclusive ancestors follows it as a transient one, and
    /// unless `suppress`, a record for the parent.
    pub(crate) fn observe_removal(&mut self, node: Entity, old: &Node, suppress: bool) {
        let Some(parent) = old.parent else { return };
        if !self.observing() {
            return;
        }
        if self.copy_root_registration(node, parent) {
            if !suppress {
                self.queue_tree_record(parent, &[], &[node], old.prev_sibling, old.next_sibling);
            }
            return;
        }
        let mut transient: SmallVec<[Registered; 2]> = SmallVec::new();
        self.registrations_above(parent, |r, node| {
            if r.options.subtree {
                transient.push(Registered {
                    observer: r.observer.clone(),
                    options: r.options.clone(),
                    source: Some(node),
                });
            }
        });
        if !transient.is_empty() {
            // (A node removed twice before the notification is listed
            // twice; dropping its registrations the second time finds none.)
            for r in &transient {
                r.observer.lock().transient.push(node);
            }
            self.observers.add(node, transient, self.root);
            self.n_mut(node).bypass_change_detection().flags |= OBSERVED;
        }
        if !suppress {
            self.queue_tree_record(parent, &[], &[node], old.prev_sibling, old.next_sibling);
        }
    }

    /// An attribute of `e` (namespace `ns`, local name `local`) is about to
    /// change or go: its record, with the value it has now
    /// ([handle attribute changes](https://dom.spec.whatwg.org/#handle-attribute-changes)).
    pub(crate) fn observe_attribute(&mut self, e: Entity, ns: Ns, local: Symbol) {
        self.note_restyle();
        self.custom_attribute_will_change(e, ns, local);
        if !self.observing() {
            return;
        }
        self.queue_reading_old(RecordType::Attributes, e, Some(local), ns, |d| {
            d.attrs(e)
                .and_then(|a| a.position(ns, local).map(|i| a.list[i].value.to_string()))
        });
    }

    /// The attribute at `i` in `e`'s list is about to change or go.
    pub(crate) fn observe_attribute_at(&mut self, e: Entity, i: usize) {
        self.note_restyle();
        if !self.observing() && !self.custom.any {
            return;
        }
        if let Some(a) = self.attrs(e).and_then(|a| a.list.get(i)) {
            let (ns, local) = (a.ns, a.local);
            self.observe_attribute(e, ns, local);
        }
    }

    /// A `DOMTokenList` method on `e`'s classes runs its
    /// [update steps](https://dom.spec.whatwg.org/#concept-dtl-update):
    /// the `class` attribute's record. `adds`: whether the token set is
    /// non-empty after it (the steps return early when it is empty and
    /// there is no `class` attribute); `None` for `toggle` and `replace`,
    /// which run them only when a token comes or goes (`changes`).
    pub(crate) fn observe_class(&mut self, e: Entity, adds: Option<bool>, changes: bool) {
        self.note_restyle();
        if !self.observing() && !self.custom.any {
            return;
        }
        let class = self.names.known.class;
        let runs = match adds {
            Some(adds) => {
                adds || self
                    .attrs(e)
                    .is_some_and(|a| a.position(Ns::None, class).is_some())
            }
            None => changes,
        };
        if runs {
            self.observe_attribute(e, Ns::None, class);
        }
    }

    /// `e`'s data is about to be replaced: its record, with the data it has
    /// now ([replace data](https://dom.spec.whatwg.org/#concept-cd-replace) step 4).
    pub(crate) fn observe_data(&mut self, e: Entity) {
        self.note_restyle();
        if !self.observing() {
            return;
        }
        self.queue_reading_old(RecordType::CharacterData, e, None, Ns::None, |d| {
            d.world.get::<CharacterData>(e).map(|d| d.0.to_string())
        });
    }

    /// Queue a record of `kind` for `target` (attribute `name` in `ns`)
    /// whose old value, read by `old_of` before the change, is read only
    /// when an interested observer wants it.
    fn queue_reading_old(
        &mut self,
        kind: RecordType,
        target: Entity,
        name: Option<Symbol>,
        ns: Ns,
        old_of: impl Fn(&Document) -> Option<String>,
    ) {
        let mut data = RecordData {
            name,
            ns,
            ..Default::default()
        };
        let old;
        match self.seen_alone(kind, target, &data) {
            Some(None) => {}
            Some(Some(mapped)) => {
                old = mapped.then(|| old_of(self)).flatten();
                data.old_value = old.as_deref();
                self.push_alone(kind, target, &data, mapped);
            }
            None => {
                let interested = self.interested(kind, target, &data);
                if interested.is_empty() {
                    return;
                }
                old = interested
                    .iter()
                    .any(|(_, mapped)| *mapped)
                    .then(|| old_of(self))
                    .flatten();
                data.old_value = old.as_deref();
                self.push_records(interested, kind, target, &data);
            }
        }
    }
}
