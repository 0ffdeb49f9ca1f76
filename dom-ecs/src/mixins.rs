//! The ParentNode and ChildNode mixins' tree methods
//! (<https://dom.spec.whatwg.org/#interface-parentnode>,
//! <https://dom.spec.whatwg.org/#interface-childnode>), and `ownerDocument`.
//!
//! Their arguments are nodes or strings ([`NodeOrText`]); each method
//! converts them into one node first ("convert nodes into a node"), then
//! validates and inserts through the one mutation path, so a rejected
//! insertion changes nothing but the conversion itself (as in browsers).
//! Both bridges call these and nothing else.

use crate::document::Document;
use crate::error::DomResult;
use crate::node::NodeId;

/// One argument of `append`, `prepend`, `replaceChildren`, `before`,
/// `after` and `replaceWith`: a node, or a string that becomes a Text node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeOrText<'a> {
    /// A node (moved where it goes).
    Node(NodeId),
    /// Text data for a new Text node.
    Text(&'a str),
}

impl Document {
    /// [Convert nodes into a node](https://dom.spec.whatwg.org/#converting-nodes-into-a-node):
    /// strings become Text nodes; one argument is returned as is, several
    /// are appended (moved) into a new DocumentFragment, which is returned.
    ///
    /// # Errors
    /// The errors of appending an argument to the fragment (a document, or
    /// a doctype with other arguments, is rejected there), or `StaleNode`.
    pub fn convert_nodes_into_node(&mut self, nodes: &[NodeOrText<'_>]) -> DomResult<NodeId> {
        for n in nodes {
            if let NodeOrText::Node(id) = n {
                self.live(*id)?;
            }
        }
        let one = |d: &mut Document, n: &NodeOrText<'_>| match *n {
            NodeOrText::Node(id) => id,
            NodeOrText::Text(s) => d.create_text_node(s),
        };
        if let [only] = nodes {
            return Ok(one(self, only));
        }
        let fragment = self.create_document_fragment();
        for n in nodes {
            let node = one(self, n);
            self.append_child(fragment, node)?;
        }
        Ok(fragment)
    }

    /// `prepend(...nodes)` (<https://dom.spec.whatwg.org/#dom-parentnode-prepend>).
    ///
    /// # Errors
    /// The pre-insertion errors (`HierarchyRequestError`...).
    pub fn prepend(&mut self, parent: NodeId, nodes: &[NodeOrText<'_>]) -> DomResult<()> {
        self.live(parent)?;
        let node = self.convert_nodes_into_node(nodes)?;
        let first = self.first_child(parent)?;
        self.insert_before(parent, node, first).map(drop)
    }

    /// `append(...nodes)` (<https://dom.spec.whatwg.org/#dom-parentnode-append>).
    ///
    /// # Errors
    /// The pre-insertion errors (`HierarchyRequestError`...).
    pub fn append(&mut self, parent: NodeId, nodes: &[NodeOrText<'_>]) -> DomResult<()> {
        self.live(parent)?;
        let node = self.convert_nodes_into_node(nodes)?;
        self.append_child(parent, node).map(drop)
    }

    /// `replaceChildren(...nodes)` (<https://dom.spec.whatwg.org/#dom-parentnode-replacechildren>):
    /// the converted node is validated before any child is removed, so a
    /// rejected call leaves the children where they were.
    ///
    /// # Errors
    /// The pre-insertion errors (`HierarchyRequestError`...).
    pub fn replace_children(&mut self, parent: NodeId, nodes: &[NodeOrText<'_>]) -> DomResult<()> {
        self.live(parent)?;
        let node = if nodes.is_empty() {
            None
        } else {
            Some(self.convert_nodes_into_node(nodes)?)
        };
        self.replace_all_checked(parent, node)?;
        self.maybe_collect_garbage();
        Ok(())
    }

    /// `before(...nodes)` (<https://dom.spec.whatwg.org/#dom-childnode-before>):
    /// nothing happens without a parent; the nodes go before the first
    /// preceding sibling that is not one of them.
    ///
    /// # Errors
    /// The pre-insertion errors (`HierarchyRequestError`...).
    pub fn before(&mut self, child: NodeId, nodes: &[NodeOrText<'_>]) -> DomResult<()> {
        let Some(parent) = self.parent_node(child)? else {
            return Ok(());
        };
        let viable = self.sibling_not_in(child, nodes, false)?;
        let node = self.convert_nodes_into_node(nodes)?;
        let reference = match viable {
            Some(v) => self.next_sibling(v)?,
            None => self.first_child(parent)?,
        };
        self.insert_before(parent, node, reference).map(drop)
    }

    /// `after(...nodes)` (<https://dom.spec.whatwg.org/#dom-childnode-after>).
    ///
    /// # Errors
    /// The pre-insertion errors (`HierarchyRequestError`...).
    pub fn after(&mut self, child: NodeId, nodes: &[NodeOrText<'_>]) -> DomResult<()> {
        let Some(parent) = self.parent_node(child)? else {
            return Ok(());
        };
        let viable = self.sibling_not_in(child, nodes, true)?;
        let node = self.convert_nodes_into_node(nodes)?;
        self.insert_before(parent, node, viable).map(drop)
    }

    /// `replaceWith(...nodes)` (<https://dom.spec.whatwg.org/#dom-childnode-replacewith>):
    /// replaces `child` if it is still in its parent after the conversion,
    /// else inserts before its first following sibling not among the nodes.
    ///
    /// # Errors
    /// The replace or pre-insertion errors.
    pub fn replace_with(&mut self, child: NodeId, nodes: &[NodeOrText<'_>]) -> DomResult<()> {
        let Some(parent) = self.parent_node(child)? else {
            return Ok(());
        };
        let viable = self.sibling_not_in(child, nodes, true)?;
        let node = self.convert_nodes_into_node(nodes)?;
        if self.parent_node(child)? == Some(parent) {
            self.replace_child(parent, node, child)?;
        } else {
            self.insert_before(parent, node, viable)?;
        }
        self.maybe_collect_garbage();
        Ok(())
    }

    /// The first sibling of `child` in the given direction that is not one
    /// of `nodes` ("viable previous/next sibling").
    fn sibling_not_in(
        &self,
        child: NodeId,
        nodes: &[NodeOrText<'_>],
        forward: bool,
    ) -> DomResult<Option<NodeId>> {
        let listed = |v: NodeId| nodes.contains(&NodeOrText::Node(v));
        let step = |v| {
            if forward {
                self.next_sibling(v)
            } else {
                self.previous_sibling(v)
            }
        };
        let mut viable = step(child)?;
        while let Some(v) = viable.filter(|&v| listed(v)) {
            viable = step(v)?;
        }
        Ok(viable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DomError;

    fn page() -> (Document, NodeId) {
        let d = Document::parse("<div id=p><a></a><b></b><i></i></div>");
        let p = d.get_element_by_id("p").unwrap();
        (d, p)
    }

    fn inner(d: &Document, p: NodeId) -> String {
        d.inner_html(p).unwrap()
    }

    #[test]
    fn a_rejected_replace_children_keeps_the_children() {
        let (mut d, p) = page();
        let html = d.get_element_by_id("p").map(|_| d.root()).unwrap();
        let err = d
            .replace_children(p, &[NodeOrText::Node(html)])
            .unwrap_err();
        assert!(matches!(err, DomError::HierarchyRequest(_)), "{err:?}");
        assert_eq!(inner(&d, p), "<a></a><b></b><i></i>");
        // An ancestor of the parent is rejected the same way.
        let body = d.body().unwrap();
        let err = d
            .replace_children(p, &[NodeOrText::Node(body)])
            .unwrap_err();
        assert!(matches!(err, DomError::HierarchyRequest(_)), "{err:?}");
        assert_eq!(inner(&d, p), "<a></a><b></b><i></i>");
        d.check_invariants().unwrap();
    }

    #[test]
    fn replace_children_converts_strings_and_moves_nodes() {
        let (mut d, p) = page();
        let b = d
            .first_child(p)
            .and_then(|a| d.next_sibling(a.unwrap()))
            .unwrap()
            .unwrap();
        d.replace_children(p, &[NodeOrText::Text("x<"), NodeOrText::Node(b)])
            .unwrap();
        assert_eq!(inner(&d, p), "x&lt;<b></b>");
        d.replace_children(p, &[]).unwrap();
        assert_eq!(inner(&d, p), "");
        d.check_invariants().unwrap();
    }

    #[test]
    fn before_and_after_skip_the_nodes_being_inserted() {
        let (mut d, p) = page();
        let a = d.first_child(p).unwrap().unwrap();
        let b = d.next_sibling(a).unwrap().unwrap();
        let i = d.next_sibling(b).unwrap().unwrap();
        d.before(b, &[NodeOrText::Node(a), NodeOrText::Text("t")])
            .unwrap();
        assert_eq!(inner(&d, p), "<a></a>t<b></b><i></i>");
        d.after(b, &[NodeOrText::Node(i), NodeOrText::Node(a)])
            .unwrap();
        assert_eq!(inner(&d, p), "t<b></b><i></i><a></a>");
        d.replace_with(b, &[NodeOrText::Node(i), NodeOrText::Text("u")])
            .unwrap();
        assert_eq!(inner(&d, p), "t<i></i>u<a></a>");
        d.prepend(p, &[NodeOrText::Text("0")]).unwrap();
        d.append(p, &[NodeOrText::Text("9")]).unwrap();
        assert_eq!(inner(&d, p), "0t<i></i>u<a></a>9");
        // Without a parent, nothing happens.
        let lone = d.create_element("s").unwrap();
        d.before(lone, &[NodeOrText::Text("x")]).unwrap();
        d.replace_with(lone, &[NodeOrText::Node(a)]).unwrap();
        assert_eq!(inner(&d, p), "0t<i></i>u<a></a>9");
        d.check_invariants().unwrap();
    }

    #[test]
    fn replace_with_inserts_when_the_child_moved_into_the_fragment() {
        let (mut d, p) = page();
        let a = d.first_child(p).unwrap().unwrap();
        let b = d.next_sibling(a).unwrap().unwrap();
        d.replace_with(b, &[NodeOrText::Node(b), NodeOrText::Text("x")])
            .unwrap();
        assert_eq!(inner(&d, p), "<a></a><b></b>x<i></i>");
    }

    #[test]
    fn the_owner_document_is_the_tree_document() {
        let (mut d, p) = page();
        assert_eq!(d.owner_document(d.root()).unwrap(), None);
        assert_eq!(d.owner_document(p).unwrap(), Some(d.root()));
        let t = d.create_text_node("x");
        assert_eq!(d.owner_document(t).unwrap(), Some(d.root()));
    }
}
