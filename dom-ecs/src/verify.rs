//! A full check of the tree invariants, for tests, property tests and the
//! fuzzer: O(nodes x depth), never called on a hot path.

use bevy_ecs::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::Document;
use crate::intern::Symbol;
use crate::node::{Attributes, Node};

impl Document {
    /// Check every invariant the mutation code keeps: links consistent both
    /// ways, no cycles, the connected flag true exactly for nodes under the
    /// document, the id index equal to a full rescan, and each element's id
    /// and class list equal to what its attributes say.
    ///
    /// # Errors
    /// A description of the first broken invariant.
    pub fn check_invariants(&mut self) -> Result<(), String> {
        let nodes: Vec<(Entity, Node)> = self
            .world
            .query::<(Entity, &Node)>()
            .iter(&self.world)
            .map(|(e, n)| (e, *n))
            .collect();
        let live: FxHashSet<Entity> = nodes.iter().map(|(e, _)| *e).collect();
        let total = nodes.len();
        let mut with_parent = 0;
        let mut children_seen = 0;
        for (e, n) in &nodes {
            for link in [
                n.parent,
                n.first_child,
                n.last_child,
                n.prev_sibling,
                n.next_sibling,
            ]
            .into_iter()
            .flatten()
            {
                if !live.contains(&link) {
                    return Err(format!("{e:?} links to a dead entity {link:?}"));
                }
            }
            if n.parent.is_some() {
                with_parent += 1;
            } else if n.prev_sibling.is_some() || n.next_sibling.is_some() {
                return Err(format!("{e:?} has siblings but no parent"));
            }
            // Walk the child list forward, checking back links.
            let mut prev = None;
            let mut cur = n.first_child;
            let mut steps = 0;
            while let Some(c) = cur {
                let cn = self.n(c);
                if cn.parent != Some(*e) {
                    return Err(format!(
                        "{c:?} is a child of {e:?} but its parent is {:?}",
                        cn.parent
                    ));
                }
                if cn.prev_sibling != prev {
                    return Err(format!("{c:?}: previous sibling link is wrong"));
                }
                prev = Some(c);
                cur = cn.next_sibling;
                steps += 1;
                if steps > total {
                    return Err(format!("the child list of {e:?} loops"));
                }
            }
            if n.last_child != prev {
                return Err(format!("{e:?}: last child link is wrong"));
            }
            children_seen += steps;
            // No cycle through parent links; connected iff the root is the document.
            let mut up = *e;
            let mut depth = 0;
            while let Some(p) = self.n(up).parent {
                up = p;
                depth += 1;
                if depth > total {
                    return Err(format!("{e:?} is its own ancestor"));
                }
            }
            // (A shadow tree: in it iff the root is a shadow root, and
            // connected iff its host's shadow-including root is the document.)
            if (n.flags & crate::node::IN_SHADOW != 0)
                != (up != *e && self.root_state(up).is_some())
            {
                return Err(format!("{e:?}: in-shadow flag is wrong"));
            }
            if n.is_connected() != (self.shadow_including_root(up) == self.root) {
                return Err(format!("{e:?}: connected flag is {}", n.is_connected()));
            }
        }
        if with_parent != children_seen {
            return Err(format!(
                "{with_parent} nodes have a parent but {children_seen} are in child lists"
            ));
        }
        // Derived attribute state and the id index.
        let mut expected: FxHashMap<Symbol, FxHashSet<Entity>> = FxHashMap::default();
        let elements: Vec<(Entity, Attributes)> = self
            .world
            .query::<(Entity, &Attributes)>()
            .iter(&self.world)
            .map(|(e, a)| (e, a.clone()))
            .collect();
        for (e, attrs) in elements {
            let mut fresh = attrs.clone();
            self.refresh_derived(&mut fresh);
            if fresh.id != attrs.id || fresh.classes != attrs.classes {
                return Err(format!("{e:?}: derived id or class list out of date"));
            }
            if let Some(id) = attrs.id
                && self.n(e).is_connected()
                && !self.in_shadow_tree(e)
            {
                expected.entry(id).or_default().insert(e);
            }
        }
        let mut actual: FxHashMap<Symbol, FxHashSet<Entity>> = FxHashMap::default();
        for (i, e) in self.ids.entries() {
            let sym = string_interner::Symbol::try_from_usize(i).ok_or("bad id slot")?;
            if !actual.entry(sym).or_default().insert(e) {
                return Err(format!("{e:?} is in the id index twice"));
            }
        }
        if actual != expected {
            return Err("the id index differs from a full rescan".into());
        }
        Ok(())
    }
}
