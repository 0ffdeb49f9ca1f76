//! `NodeIterator` (<https://dom.spec.whatwg.org/#interface-nodeiterator>).
//!
//! An iterator's state is shared between the bridge's object and the
//! document, which keeps a weak reference to every live one: a removal
//! runs the iterators' pre-removing steps, so a reference node that leaves
//! the tree is replaced. With no iterator alive a removal pays one check of
//! an empty list. The walk itself is [`Traverser`]-driven like the tree
//! walker's (the filter is the engine's).

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::DomResult;
use crate::lifetime::Unpinner;
use crate::node::NodeId;
use crate::traversal::{Traverser, filter, node_filter};

/// What an iterator is at: its reference node and which side of it.
#[derive(Debug)]
pub struct IteratorState {
    /// `root`
    pub root: NodeId,
    /// `referenceNode`
    pub reference: NodeId,
    /// `pointerBeforeReferenceNode`
    pub pointer_before: bool,
    /// `whatToShow`
    pub what_to_show: u32,
    /// Whether the iterator has a filter.
    pub has_filter: bool,
    /// Root and reference are pinned while the state lives.
    unpinner: Unpinner,
}

impl Drop for IteratorState {
    fn drop(&mut self) {
        self.unpinner.unpin(self.root);
        self.unpinner.unpin(self.reference);
    }
}

/// A `NodeIterator`'s state and its active flag (read while the filter
/// runs, so outside the lock).
#[derive(Debug)]
pub struct Shared {
    state: Mutex<IteratorState>,
    active: AtomicBool,
}

/// A `NodeIterator`: its state, shared with the document.
pub type NodeIterator = Arc<Shared>;

/// The iterators a document updates on removal.
#[derive(Default)]
pub(crate) struct Iterators(Vec<Weak<Shared>>);

fn lock(it: &NodeIterator) -> MutexGuard<'_, IteratorState> {
    it.state.lock().unwrap_or_else(|p| p.into_inner())
}

impl Document {
    /// `createNodeIterator(root, whatToShow, filter)`'s iterator.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn create_node_iterator(
        &mut self,
        root: NodeId,
        what_to_show: u32,
        has_filter: bool,
    ) -> DomResult<NodeIterator> {
        self.pin(root)?;
        self.pin(root)?; // once as the root, once as the reference
        let it = Arc::new(Shared {
            state: Mutex::new(IteratorState {
                root,
                reference: root,
                pointer_before: true,
                what_to_show,
                has_filter,
                unpinner: self.unpinner(),
            }),
            active: AtomicBool::new(false),
        });
        self.iterators.0.retain(|w| w.strong_count() > 0);
        self.iterators.0.push(Arc::downgrade(&it));
        Ok(it)
    }

    /// Make `node` the iterator's reference (pinning it, unpinning the old).
    fn set_reference(&mut self, st: &mut IteratorState, node: NodeId) {
        if st.reference != node && self.pin(node).is_ok() {
            let old = std::mem::replace(&mut st.reference, node);
            self.unpin(old);
        }
    }

    /// The node after `node` in tree order, inside `root`'s subtree, not
    /// going into `node`'s own subtree if `skip_children`.
    fn following_in(&self, node: Entity, root: Entity, skip_children: bool) -> Option<Entity> {
        if !skip_children && let Some(c) = self.n(node).first_child {
            return Some(c);
        }
        let mut at = node;
        while at != root {
            let n = self.n(at);
            if let Some(s) = n.next_sibling {
                return Some(s);
            }
            at = n.parent?;
        }
        None
    }

    /// The node before `node` in tree order (its previous sibling's last
    /// inclusive descendant, else its parent).
    fn preceding(&self, node: Entity) -> Option<Entity> {
        let n = self.n(node);
        match n.prev_sibling {
            Some(mut s) => {
                while let Some(last) = self.n(s).last_child {
                    s = last;
                }
                Some(s)
            }
            None => n.parent,
        }
    }

    /// [`Document::preceding`], inside `root`'s subtree.
    fn preceding_in(&self, node: Entity, root: Entity) -> Option<Entity> {
        (node != root).then(|| self.preceding(node)).flatten()
    }

    /// The [pre-removing steps](https://dom.spec.whatwg.org/#nodeiterator-pre-removing-steps)
    /// of every live iterator, for `node` about to leave its parent.
    pub(crate) fn iterators_before_removal(&mut self, node: Entity) {
        if self.iterators.0.is_empty() {
            return;
        }
        self.iterators.0.retain(|w| w.strong_count() > 0);
        let live: Vec<NodeIterator> = self.iterators.0.iter().filter_map(Weak::upgrade).collect();
        for it in live {
            let mut st = lock(&it);
            let (root, reference) = (st.root.0, st.reference.0);
            // (A node outside the root's subtree, or the root, leaves it as
            // it is: the removal takes the whole iterated tree with it.)
            if node == root
                || !self.is_inclusive_ancestor(root, node)
                || !self.is_inclusive_ancestor(node, reference)
            {
                continue;
            }
            if st.pointer_before {
                match self.following_in(node, root, true) {
                    Some(next) => {
                        self.set_reference(&mut st, NodeId(next));
                        continue;
                    }
                    None => st.pointer_before = false,
                }
            }
            if let Some(to) = self.preceding(node) {
                self.set_reference(&mut st, NodeId(to));
            }
        }
    }
}

/// `nextNode()` and `previousNode()`
/// (<https://dom.spec.whatwg.org/#concept-nodeiterator-traverse>): the
/// node found and the side of it the iterator ends on, which the bridge
/// then gives [`Document::settle_iterator`] (with the document, which it
/// must not hold during the walk: the filter may need it).
///
/// # Errors
/// What the filter throws; `InvalidStateError` from inside it.
pub fn traverse<T: Traverser>(
    it: &NodeIterator,
    t: &mut T,
    next: bool,
) -> Result<Option<(NodeId, bool)>, T::Error> {
    let (root, mut node, mut before, what, has_filter) = {
        let st = lock(it);
        (
            st.root,
            st.reference,
            st.pointer_before,
            st.what_to_show,
            st.has_filter,
        )
    };
    loop {
        if next {
            if before {
                before = false;
            } else {
                match t.read(|d| d.live(node).ok().and(d.following_in(node.0, root.0, false)))? {
                    Some(n) => node = NodeId(n),
                    None => return Ok(None),
                }
            }
        } else if !before {
            before = true;
        } else {
            match t.read(|d| d.live(node).ok().and(d.preceding_in(node.0, root.0)))? {
                Some(n) => node = NodeId(n),
                None => return Ok(None),
            }
        }
        if filter(t, &it.active, node, what, has_filter)? == node_filter::FILTER_ACCEPT {
            break;
        }
    }
    Ok(Some((node, before)))
}

impl Document {
    /// What [`traverse`] ends with: `node` the reference, `before` the
    /// side (the bridge calls this with the document, after the walk).
    pub fn settle_iterator(&mut self, it: &NodeIterator, node: NodeId, before: bool) {
        let mut st = lock(it);
        self.set_reference(&mut st, node);
        st.pointer_before = before;
    }

    /// An iterator's `root`, `referenceNode`, `pointerBeforeReferenceNode`
    /// and `whatToShow`.
    pub fn iterator_state(it: &NodeIterator) -> (NodeId, NodeId, bool, u32) {
        let st = lock(it);
        (st.root, st.reference, st.pointer_before, st.what_to_show)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DomError;

    struct Plain<'a>(&'a std::cell::RefCell<Document>);

    impl Traverser for Plain<'_> {
        type Error = DomError;
        fn raise(&self, e: DomError) -> DomError {
            e
        }
        fn read<R>(&self, f: impl FnOnce(&Document) -> R) -> Result<R, DomError> {
            Ok(f(&self.0.borrow()))
        }
        fn accept_node(&mut self, _: NodeId) -> Result<u16, DomError> {
            Ok(node_filter::FILTER_ACCEPT)
        }
    }

    fn next(d: &std::cell::RefCell<Document>, it: &NodeIterator) -> Option<String> {
        let (n, before) = traverse(it, &mut Plain(d), true).unwrap()?;
        d.borrow_mut().settle_iterator(it, n, before);
        Some(
            d.borrow()
                .get_attribute(n, "id")
                .ok()
                .flatten()
                .unwrap_or("#")
                .to_owned(),
        )
    }

    #[test]
    fn iterates_and_survives_removal_of_its_reference() {
        let d =
            Document::parse("<div id=r><p id=a></p><p id=b><i id=b1></i></p><p id=c></p></div>");
        let r = d.get_element_by_id("r").unwrap();
        let b = d.get_element_by_id("b").unwrap();
        let d = std::cell::RefCell::new(d);
        let it = d.borrow_mut().create_node_iterator(r, 1, false).unwrap();
        assert_eq!(next(&d, &it).as_deref(), Some("r"));
        assert_eq!(next(&d, &it).as_deref(), Some("a"));
        assert_eq!(next(&d, &it).as_deref(), Some("b"));
        assert_eq!(next(&d, &it).as_deref(), Some("b1"));
        // Removing `b` (an ancestor of the reference, b1) moves the
        // reference to the last node before it: `a`.
        d.borrow_mut().remove(b).unwrap();
        assert_eq!(
            lock(&it).reference,
            d.borrow().get_element_by_id("a").unwrap()
        );
        assert_eq!(next(&d, &it).as_deref(), Some("c"));
        assert_eq!(next(&d, &it), None);
        drop(it);
        // A dropped iterator is forgotten at the next removal.
        let c = d.borrow().get_element_by_id("c").unwrap();
        d.borrow_mut().remove(c).unwrap();
        assert!(d.borrow().iterators.0.is_empty());
    }
}
