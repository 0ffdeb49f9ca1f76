//! [Queueing mutation records](https://dom.spec.whatwg.org/#queueing-a-mutation-record)
//! from the mutation path: each hook returns at once when no node has a
//! registration.

use std::sync::Arc;

use bevy_ecs::prelude::*;
use smallvec::SmallVec;

use super::{MutationObserver, MutationRecord, RecordType, Registered};
use crate::document::Document;
use crate::intern::{Ns, Symbol};
use crate::node::{CharacterData, Node, NodeId, OBSERVED};

/// What a record says beside its type and target.
#[derive(Default)]
pub(crate) struct RecordData<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) namespace: Option<&'a str>,
    pub(crate) old_value: Option<&'a str>,
    pub(crate) added: &'a [Entity],
    pub(crate) removed: &'a [Entity],
    pub(crate) previous: Option<Entity>,
    pub(crate) next: Option<Entity>,
}

impl Document {
    /// [Queue a mutation record](https://dom.spec.whatwg.org/#queue-a-mutation-record)
    /// of `kind` for `target` with every interested observer.
    pub(crate) fn queue_record(&mut self, kind: RecordType, target: Entity, data: RecordData<'_>) {
        // The interested observers, each with its mapped old value.
        let mut interested: SmallVec<[(MutationObserver, bool); 2]> = SmallVec::new();
        let mut at = Some(target);
        while let Some(node) = at {
            let n = self.n(node);
            at = n.parent;
            if n.flags & OBSERVED == 0 {
                continue;
            }
            let Some(list) = self.observers.by_node.get(&node) else {
                continue;
            };
            for r in list {
                let o = &r.options;
                let skip = (node != target && !o.subtree)
                    || match kind {
                        RecordType::Attributes => {
                            !o.attributes
                                || o.attribute_filter.as_ref().is_some_and(|f| {
                                    data.namespace.is_some()
                                        || !f.iter().any(|n| Some(n.as_str()) == data.name)
                                })
                        }
                        RecordType::CharacterData => !o.character_data,
                        RecordType::ChildList => !o.child_list,
                    };
                if skip {
                    continue;
                }
                let old = match kind {
                    RecordType::Attributes => o.attribute_old_value,
                    RecordType::CharacterData => o.character_data_old_value,
                    RecordType::ChildList => false,
                };
                match interested.iter_mut().find(|(m, _)| m.same(&r.observer)) {
                    Some((_, mapped)) => *mapped |= old,
                    None => interested.push((r.observer.clone(), old)),
                }
            }
        }
        if interested.is_empty() {
            return;
        }
        let mut all: SmallVec<[NodeId; 4]> = SmallVec::new();
        all.extend(data.added.iter().chain(data.removed).map(|&e| NodeId(e)));
        all.extend(
            std::iter::once(target)
                .chain(data.previous)
                .chain(data.next)
                .map(NodeId),
        );
        let nodes: Arc<[NodeId]> = Arc::from(&all[..]);
        self.keep_alive(&nodes);
        let name = data.name.map(|n| self.observers.name(n));
        let namespace = data.namespace.map(|n| self.observers.name(n));
        for (mo, mapped) in interested {
            let record = MutationRecord {
                kind,
                target: NodeId(target),
                previous_sibling: data.previous.map(NodeId),
                next_sibling: data.next.map(NodeId),
                attribute_name: name.clone(),
                attribute_namespace: namespace.clone(),
                old_value: if mapped {
                    data.old_value.map(str::to_owned)
                } else {
                    None
                },
                nodes: nodes.clone(),
                added: data.added.len() as u32,
                removed: data.removed.len() as u32,
            };
            let engine = {
                let mut s = mo.lock();
                s.records.push(record);
                s.callback.engine
            };
            if !self.observers.pending.iter().any(|p| p.same(&mo)) {
                self.observers.pending.push(mo);
            }
            // Queue the engine's mutation observer microtask.
            let bit = 1u32 << (engine & 31);
            if self.observers.queued & bit == 0 {
                self.observers.queued |= bit;
                self.observers.wanted |= bit;
            }
        }
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
        let mut transient: Vec<Registered> = Vec::new();
        let mut at = Some(parent);
        while let Some(a) = at {
            let n = self.n(a);
            at = n.parent;
            if n.flags & OBSERVED == 0 {
                continue;
            }
            if let Some(list) = self.observers.by_node.get(&a) {
                for r in list.iter().filter(|r| r.options.subtree) {
                    transient.push(Registered {
                        observer: r.observer.clone(),
                        options: r.options.clone(),
                        source: Some(a),
                    });
                }
            }
        }
        if !transient.is_empty() {
            // (A node removed twice before the notification is listed
            // twice; dropping its registrations the second time finds none.)
            for r in &transient {
                r.observer.lock().transient.push(node);
            }
            self.observers
                .by_node
                .entry(node)
                .or_default()
                .extend(transient);
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
        let old = self
            .attrs(e)
            .and_then(|a| a.position(ns, local).map(|i| a.list[i].value.to_string()));
        let name = self.names.resolve(local).to_owned();
        let namespace = (ns != Ns::None).then(|| self.names.ns_url(ns).to_owned());
        self.queue_record(
            RecordType::Attributes,
            e,
            RecordData {
                name: Some(&name),
                namespace: namespace.as_deref(),
                old_value: old.as_deref(),
                ..Default::default()
            },
        );
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
        let old = self.world.get::<CharacterData>(e).map(|d| d.0.to_string());
        self.queue_record(
            RecordType::CharacterData,
            e,
            RecordData {
                old_value: old.as_deref(),
                ..Default::default()
            },
        );
    }
}
