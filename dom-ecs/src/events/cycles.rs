//! What an engine needs to collect cycles that run through the DOM: a
//! listener's function that refers to its own node keeps the node's
//! wrapper alive, the wrapper pins the node, and the node's listener
//! list keeps the function. Neither heap sees the whole cycle, so the
//! engine asks here which detached trees only pins keep alive, with the
//! functions only they use, and finds out with its own collector whether
//! anything else reaches their wrappers (`js-bridge/src/cycles.rs`).

use bevy_ecs::prelude::Entity;
use rustc_hash::FxHashMap;

use super::Callback;
use crate::document::Document;
use crate::node::{NodeId, NodeKind};

/// A detached tree whose nodes have listeners of one engine
/// ([`Document::detached_listener_trees`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListenerTree {
    /// The keys of the engine's functions that listeners in this tree use
    /// and no listener elsewhere does.
    pub keys: Vec<u64>,
    /// The tree's pinned nodes (its Attr nodes included) and how many
    /// times each is pinned: what keeps the tree alive.
    pub pinned: Vec<(NodeId, u32)>,
    /// For an event target that is no node (`new EventTarget()`, an
    /// `AbortSignal`), alone in its "tree": the target, which lives as
    /// long as its engine object does.
    pub plain: Option<NodeId>,
}

impl Document {
    /// The detached trees in which listeners of `engine` use functions no
    /// other listener uses, and which nothing but pins keeps alive (not a
    /// static `NodeList`, not a frame; none while a parser is paused).
    /// Queued unpins are applied first.
    ///
    /// Cost: O(nodes with listeners x depth + the size of those trees).
    pub fn detached_listener_trees(&mut self, engine: u8) -> Vec<ListenerTree> {
        self.drain_unpins();
        if self.lifetime.paused > 0 {
            return Vec::new();
        }
        let mut trees: FxHashMap<Entity, ()> = FxHashMap::default();
        let mut out = Vec::new();
        for (&e, list) in &self.events.listeners {
            if !list.iter().any(|l| l.callback.engine == engine) {
                continue;
            }
            if self.world.get::<crate::node::Node>(e).is_some() {
                let root = self.root_of_including_template_host(e);
                if root != self.root {
                    trees.insert(root, ());
                }
            } else if self.world.get::<super::PlainEventTarget>(e).is_some() {
                let keys = self.keys_only_used_in(&[e], engine);
                if !keys.is_empty() {
                    out.push(ListenerTree {
                        keys,
                        pinned: Vec::new(),
                        plain: Some(NodeId(e)),
                    });
                }
            }
        }
        if trees.is_empty() {
            return out;
        }
        let kept = self.roots_kept_by_lists_and_frames();
        for root in trees.into_keys() {
            if kept.contains(&root) {
                continue;
            }
            let tree = self.listener_tree(root, engine);
            if !tree.keys.is_empty() {
                out.push(tree);
            }
        }
        out
    }

    /// The tree at `root`: its pinned nodes, and the keys of `engine`'s
    /// functions whose every registration is in it.
    fn listener_tree(&self, root: Entity, engine: u8) -> ListenerTree {
        let mut tree = ListenerTree::default();
        let nodes = self.whole_tree(root);
        for &e in &nodes {
            if self.n(e).kind == NodeKind::Element && self.has_attr_nodes() {
                for &a in self.attr_nodes_of(e) {
                    self.note_pins(a, &mut tree);
                }
            }
            self.note_pins(e, &mut tree);
        }
        tree.keys = self.keys_only_used_in(&nodes, engine);
        tree
    }

    /// The keys of `engine`'s functions whose every registration is on
    /// one of `targets`.
    fn keys_only_used_in(&self, targets: &[Entity], engine: u8) -> Vec<u64> {
        let mut uses: FxHashMap<Callback, u32> = FxHashMap::default();
        for e in targets {
            for l in self.events.listeners.get(e).into_iter().flatten() {
                if l.callback.engine == engine {
                    *uses.entry(l.callback).or_default() += 1;
                }
            }
        }
        let mut keys: Vec<u64> = uses
            .into_iter()
            .filter(|(c, n)| self.events.callback_refs.get(c) == Some(n))
            .map(|(c, _)| c.key)
            .collect();
        keys.sort_unstable();
        keys
    }

    fn note_pins(&self, e: Entity, tree: &mut ListenerTree) {
        let pins = self.lifetime.pin_count(e);
        if pins > 0 {
            tree.pinned.push((NodeId(e), pins));
        }
    }
}
