//! `TreeWalker` and `NodeFilter` (<https://dom.spec.whatwg.org/#traversal>).
//!
//! The walk is here; the filter is a script's (a JS function or object, a
//! Python callable), so each bridge gives the walk a [`Traverser`]: read
//! access to the document between filter calls (a filter may change the
//! tree), and the filter itself. The walker's state is a plain value the
//! bridge keeps in its object.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::{NodeId, NodeKind};

/// `NodeFilter`'s constants.
pub mod node_filter {
    /// Accept the node.
    pub const FILTER_ACCEPT: u16 = 1;
    /// Reject the node and its descendants.
    pub const FILTER_REJECT: u16 = 2;
    /// Skip the node, not its descendants.
    pub const FILTER_SKIP: u16 = 3;
    /// `whatToShow`: every kind of node.
    pub const SHOW_ALL: u32 = 0xFFFF_FFFF;
}

/// What a walk needs from the engine that made the walker.
pub trait Traverser {
    /// The engine's exception.
    type Error;

    /// A DOM error as the engine's exception.
    fn raise(&self, e: DomError) -> Self::Error;

    /// Run `f` on the document as it is now.
    ///
    /// # Errors
    /// The engine's, if it cannot give the document (a Python batch that
    /// fails to apply).
    fn read<R>(&self, f: impl FnOnce(&Document) -> R) -> Result<R, Self::Error>;

    /// The script filter's answer for `node`, as an unsigned short; called
    /// only when the walker has a filter.
    ///
    /// # Errors
    /// Whatever the filter throws.
    fn accept_node(&mut self, node: NodeId) -> Result<u16, Self::Error>;
}

/// A `TreeWalker`'s state. Its copies share the active flag, so a bridge
/// may walk a copy and keep the result.
#[derive(Clone, Debug)]
pub struct TreeWalker {
    /// `root`
    pub root: NodeId,
    /// `whatToShow`
    pub what_to_show: u32,
    /// `currentNode`
    pub current: NodeId,
    /// Whether the walker has a filter.
    pub has_filter: bool,
    /// Set while the filter runs: a walk from inside it is an error.
    active: Arc<AtomicBool>,
}

/// A step from a node.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Parent,
    First,
    Last,
    Next,
    Previous,
}

fn step(d: &Document, node: NodeId, s: Step) -> Option<NodeId> {
    let n = d.live(node).ok()?;
    match s {
        Step::Parent => n.parent,
        Step::First => n.first_child,
        Step::Last => n.last_child,
        Step::Next => n.next_sibling,
        Step::Previous => n.prev_sibling,
    }
    .map(NodeId)
}

/// [filter](https://dom.spec.whatwg.org/#concept-node-filter) `node` for
/// a traverser (a tree walker or a node iterator) whose active flag is
/// `active`.
///
/// # Errors
/// What the filter throws; `InvalidStateError` while the filter runs.
pub(crate) fn filter<T: Traverser>(
    t: &mut T,
    active: &AtomicBool,
    node: NodeId,
    what_to_show: u32,
    has_filter: bool,
) -> Result<u16, T::Error> {
    if active.load(Ordering::Relaxed) {
        let e = DomError::InvalidState("the filter is running a traversal already".into());
        return Err(t.raise(e));
    }
    if !t
        .read(|d| d.shows(node, what_to_show))?
        .map_err(|e| t.raise(e))?
    {
        return Ok(node_filter::FILTER_SKIP);
    }
    if !has_filter {
        return Ok(node_filter::FILTER_ACCEPT);
    }
    active.store(true, Ordering::Relaxed);
    let r = t.accept_node(node);
    active.store(false, Ordering::Relaxed);
    r
}

impl TreeWalker {
    /// `createTreeWalker(root, whatToShow, filter)`'s walker.
    pub fn new(root: NodeId, what_to_show: u32, has_filter: bool) -> TreeWalker {
        TreeWalker {
            root,
            what_to_show,
            current: root,
            has_filter,
            active: Arc::new(AtomicBool::new(false)),
        }
    }

    fn filter<T: Traverser>(&mut self, t: &mut T, node: NodeId) -> Result<u16, T::Error> {
        filter(t, &self.active, node, self.what_to_show, self.has_filter)
    }

    fn go<T: Traverser>(t: &T, node: NodeId, s: Step) -> Result<Option<NodeId>, T::Error> {
        t.read(|d| step(d, node, s))
    }

    /// `parentNode()`
    ///
    /// # Errors
    /// What the filter throws; `InvalidStateError` from inside it.
    pub fn parent_node<T: Traverser>(&mut self, t: &mut T) -> Result<Option<NodeId>, T::Error> {
        let mut node = Some(self.current);
        while let Some(n) = node {
            if n == self.root {
                break;
            }
            node = Self::go(t, n, Step::Parent)?;
            if let Some(p) = node
                && self.filter(t, p)? == node_filter::FILTER_ACCEPT
            {
                self.current = p;
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// [traverse children](https://dom.spec.whatwg.org/#concept-traverse-children).
    fn children<T: Traverser>(
        &mut self,
        t: &mut T,
        first: bool,
    ) -> Result<Option<NodeId>, T::Error> {
        let (into, along) = if first {
            (Step::First, Step::Next)
        } else {
            (Step::Last, Step::Previous)
        };
        let mut node = Self::go(t, self.current, into)?;
        'outer: while let Some(n) = node {
            let result = self.filter(t, n)?;
            if result == node_filter::FILTER_ACCEPT {
                self.current = n;
                return Ok(Some(n));
            }
            if result == node_filter::FILTER_SKIP
                && let Some(child) = Self::go(t, n, into)?
            {
                node = Some(child);
                continue;
            }
            let mut at = n;
            loop {
                if let Some(sibling) = Self::go(t, at, along)? {
                    node = Some(sibling);
                    continue 'outer;
                }
                match Self::go(t, at, Step::Parent)? {
                    Some(p) if p != self.root && p != self.current => at = p,
                    _ => return Ok(None),
                }
            }
        }
        Ok(None)
    }

    /// `firstChild()`
    ///
    /// # Errors
    /// As [`TreeWalker::parent_node`].
    pub fn first_child<T: Traverser>(&mut self, t: &mut T) -> Result<Option<NodeId>, T::Error> {
        self.children(t, true)
    }

    /// `lastChild()`
    ///
    /// # Errors
    /// As [`TreeWalker::parent_node`].
    pub fn last_child<T: Traverser>(&mut self, t: &mut T) -> Result<Option<NodeId>, T::Error> {
        self.children(t, false)
    }

    /// [traverse siblings](https://dom.spec.whatwg.org/#concept-traverse-siblings).
    fn siblings<T: Traverser>(
        &mut self,
        t: &mut T,
        next: bool,
    ) -> Result<Option<NodeId>, T::Error> {
        let (along, into) = if next {
            (Step::Next, Step::First)
        } else {
            (Step::Previous, Step::Last)
        };
        let mut node = self.current;
        if node == self.root {
            return Ok(None);
        }
        loop {
            let mut sibling = Self::go(t, node, along)?;
            while let Some(s) = sibling {
                node = s;
                let result = self.filter(t, node)?;
                if result == node_filter::FILTER_ACCEPT {
                    self.current = node;
                    return Ok(Some(node));
                }
                sibling = Self::go(t, node, into)?;
                if result == node_filter::FILTER_REJECT || sibling.is_none() {
                    sibling = Self::go(t, node, along)?;
                }
            }
            match Self::go(t, node, Step::Parent)? {
                Some(p) if p != self.root => node = p,
                _ => return Ok(None),
            }
            if self.filter(t, node)? == node_filter::FILTER_ACCEPT {
                return Ok(None);
            }
        }
    }

    /// `nextSibling()`
    ///
    /// # Errors
    /// As [`TreeWalker::parent_node`].
    pub fn next_sibling<T: Traverser>(&mut self, t: &mut T) -> Result<Option<NodeId>, T::Error> {
        self.siblings(t, true)
    }

    /// `previousSibling()`
    ///
    /// # Errors
    /// As [`TreeWalker::parent_node`].
    pub fn previous_sibling<T: Traverser>(
        &mut self,
        t: &mut T,
    ) -> Result<Option<NodeId>, T::Error> {
        self.siblings(t, false)
    }

    /// `previousNode()`
    ///
    /// # Errors
    /// As [`TreeWalker::parent_node`].
    pub fn previous_node<T: Traverser>(&mut self, t: &mut T) -> Result<Option<NodeId>, T::Error> {
        let mut node = self.current;
        while node != self.root {
            let mut sibling = Self::go(t, node, Step::Previous)?;
            while let Some(s) = sibling {
                node = s;
                let mut result = self.filter(t, node)?;
                while result != node_filter::FILTER_REJECT {
                    let Some(last) = Self::go(t, node, Step::Last)? else {
                        break;
                    };
                    node = last;
                    result = self.filter(t, node)?;
                }
                if result == node_filter::FILTER_ACCEPT {
                    self.current = node;
                    return Ok(Some(node));
                }
                sibling = Self::go(t, node, Step::Previous)?;
            }
            match Self::go(t, node, Step::Parent)? {
                Some(p) if node != self.root => node = p,
                _ => return Ok(None),
            }
            if self.filter(t, node)? == node_filter::FILTER_ACCEPT {
                self.current = node;
                return Ok(Some(node));
            }
        }
        Ok(None)
    }

    /// `nextNode()`
    ///
    /// # Errors
    /// As [`TreeWalker::parent_node`].
    pub fn next_node<T: Traverser>(&mut self, t: &mut T) -> Result<Option<NodeId>, T::Error> {
        let mut node = self.current;
        let mut result = node_filter::FILTER_ACCEPT;
        loop {
            while result != node_filter::FILTER_REJECT {
                let Some(first) = Self::go(t, node, Step::First)? else {
                    break;
                };
                node = first;
                result = self.filter(t, node)?;
                if result == node_filter::FILTER_ACCEPT {
                    self.current = node;
                    return Ok(Some(node));
                }
            }
            // The next node after `node`'s subtree, inside the root.
            let mut temporary = Some(node);
            let mut found = false;
            while let Some(tmp) = temporary {
                if tmp == self.root {
                    return Ok(None);
                }
                if let Some(s) = Self::go(t, tmp, Step::Next)? {
                    node = s;
                    found = true;
                    break;
                }
                temporary = Self::go(t, tmp, Step::Parent)?;
            }
            // Walked out of a tree the root is not in: nothing follows.
            if !found {
                return Ok(None);
            }
            result = self.filter(t, node)?;
            if result == node_filter::FILTER_ACCEPT {
                self.current = node;
                return Ok(Some(node));
            }
        }
    }
}

impl Document {
    /// `createTreeWalker(root, whatToShow, filter)`'s checks: `root` is a
    /// live node.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn tree_walker(
        &self,
        root: NodeId,
        what_to_show: u32,
        has_filter: bool,
    ) -> DomResult<TreeWalker> {
        self.live(root)?;
        Ok(TreeWalker::new(root, what_to_show, has_filter))
    }

    /// Whether `node` is of a kind a `whatToShow` mask shows.
    pub fn shows(&self, node: NodeId, what_to_show: u32) -> DomResult<bool> {
        let kind: NodeKind = self.live(node)?.kind;
        Ok(what_to_show & (1 << (u32::from(kind as u16) - 1)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::node_filter::*;
    use super::*;

    /// A traverser over a document, with a filter of Rust.
    struct Plain<'a, F: FnMut(&Document, NodeId) -> u16> {
        doc: &'a Document,
        filter: F,
    }

    impl<F: FnMut(&Document, NodeId) -> u16> Traverser for Plain<'_, F> {
        type Error = DomError;
        fn raise(&self, e: DomError) -> DomError {
            e
        }
        fn read<R>(&self, f: impl FnOnce(&Document) -> R) -> Result<R, DomError> {
            Ok(f(self.doc))
        }
        fn accept_node(&mut self, node: NodeId) -> Result<u16, DomError> {
            Ok((self.filter)(self.doc, node))
        }
    }

    fn ids(d: &Document, nodes: &[NodeId]) -> Vec<String> {
        nodes
            .iter()
            .map(|&n| {
                d.get_attribute(n, "id")
                    .ok()
                    .flatten()
                    .unwrap_or("#")
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn walks_in_document_order_with_skips_and_rejects() {
        let d = Document::parse(
            "<div id=r><p id=a><i id=a1></i></p><p id=b><i id=b1></i></p><p id=c></p></div>",
        );
        let r = d.get_element_by_id("r").unwrap();
        // Elements only; `b` rejected (with its subtree), `a` skipped.
        let mut t = Plain {
            doc: &d,
            filter: |d: &Document, n| match d.get_attribute(n, "id").ok().flatten() {
                Some("b") => FILTER_REJECT,
                Some("a") => FILTER_SKIP,
                _ => FILTER_ACCEPT,
            },
        };
        let mut w = TreeWalker::new(r, 1, true);
        let mut seen = Vec::new();
        while let Some(n) = w.next_node(&mut t).unwrap() {
            seen.push(n);
        }
        assert_eq!(ids(&d, &seen), ["a1", "c"]);
        let mut back = Vec::new();
        while let Some(n) = w.previous_node(&mut t).unwrap() {
            back.push(n);
        }
        assert_eq!(ids(&d, &back), ["a1", "r"]);
        let mut w = TreeWalker::new(r, 1, true);
        let first = w.first_child(&mut t).unwrap().unwrap();
        assert_eq!(ids(&d, &[first]), ["a1"]); // `a` skipped: its child
        let next = w.next_sibling(&mut t).unwrap();
        assert_eq!(next.map(|n| ids(&d, &[n])), Some(vec!["c".to_owned()]));
        assert_eq!(ids(&d, &[w.parent_node(&mut t).unwrap().unwrap()]), ["r"]);
        assert_eq!(w.parent_node(&mut t).unwrap(), None);
    }
}
