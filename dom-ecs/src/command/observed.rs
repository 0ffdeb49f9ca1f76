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

use super::apply::{Buckets, NodeOp, apply_to_parts};
use super::*;
use crate::lifetime::Lifetime;
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
    /// bucket each, so in command order), queueing their records.
    ///
    /// (On this thread: applying them in parallel, each task keeping its
    /// records apart and the records merged in command order after, was
    /// measured slower on two cores than this one pass.)
    pub(super) fn apply_observed(&mut self, lists: &[&Buckets], buffers: &[&CommandBuffer]) {
        let Some(reg) = self.fast_observer().cloned() else {
            return;
        };
        let mut queued = false;
        for list in lists {
            for ops in &list.0 {
                let mut at = 0;
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
        let ctx = OpContext {
            class: self.names.known.class,
            root: self.root,
            names: &self.names,
            buffers,
        };
        let Document {
            world,
            lifetime,
            observers,
            ..
        } = self;
        let mut guard = reg.observer.lock();
        observers.delivery.refill(&mut guard.records);
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
        lifetime: &mut Lifetime,
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
                let old = std::mem::replace(&mut data.0, value.into());
                match parent {
                    // (In the root document's tree, the ghost's node
                    // document is the root document.)
                    Some(parent) => {
                        let data = RecordData {
                            added: &[e],
                            ghost: Some((old.as_str(), self.root, self.root)),
                            ..Default::default()
                        };
                        q.push(RecordType::ChildList, parent, &data, false, lifetime);
                    }
                    None => {
                        let data = RecordData {
                            old_value: Some(old.as_str()),
                            ..Default::default()
                        };
                        let mapped = o.character_data_old_value;
                        q.push(RecordType::CharacterData, e, &data, mapped, lifetime);
                    }
                }
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
