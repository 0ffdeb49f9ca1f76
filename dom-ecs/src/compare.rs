//! Comparing nodes: `compareDocumentPosition`
//! (<https://dom.spec.whatwg.org/#dom-node-comparedocumentposition>) and
//! `isEqualNode` (<https://dom.spec.whatwg.org/#concept-node-equals>).

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::DomResult;
use crate::node::{CharacterData, Doctype, NodeId, NodeKind};

/// `Node.DOCUMENT_POSITION_*`.
pub mod position {
    /// The nodes are in different trees.
    pub const DISCONNECTED: u16 = 0x01;
    /// The other node comes before this one.
    pub const PRECEDING: u16 = 0x02;
    /// The other node comes after this one.
    pub const FOLLOWING: u16 = 0x04;
    /// The other node is an ancestor of this one.
    pub const CONTAINS: u16 = 0x08;
    /// The other node is a descendant of this one.
    pub const CONTAINED_BY: u16 = 0x10;
    /// The order of disconnected nodes is this implementation's own.
    pub const IMPLEMENTATION_SPECIFIC: u16 = 0x20;
}

impl Document {
    /// `e` and its ancestors, `e` first, the root last.
    fn ancestor_chain(&self, e: Entity) -> Vec<Entity> {
        let mut chain = vec![e];
        let mut cur = e;
        while let Some(p) = self.n(cur).parent {
            chain.push(p);
            cur = p;
        }
        chain
    }

    /// `this.compareDocumentPosition(other)`.
    ///
    /// # Errors
    /// `StaleNode` for a reclaimed node.
    pub fn compare_document_position(&self, id: NodeId, other: NodeId) -> DomResult<u16> {
        use position::*;
        self.live(id)?;
        self.live(other)?;
        if id == other {
            return Ok(0);
        }
        // An Attr stands in for its element (none when detached); two
        // attributes of one element are ordered as its list orders them.
        let owner = |e: Entity| {
            self.world
                .get::<crate::attr::AttrNode>(e)
                .map(|a| (a.ns, a.local, a.element))
        };
        let (attr1, attr2) = (owner(other.0), owner(id.0));
        let node1 = attr1.map_or(Some(other.0), |a| a.2);
        let node2 = attr2.map_or(Some(id.0), |a| a.2);
        let disconnected = || {
            // Any order, as long as it is the same every time.
            let before = other.0.to_bits() < id.0.to_bits();
            Ok(DISCONNECTED | IMPLEMENTATION_SPECIFIC | if before { PRECEDING } else { FOLLOWING })
        };
        let (Some(node1), Some(node2)) = (node1, node2) else {
            return disconnected();
        };
        if node1 == node2 {
            if let (Some(a1), Some(a2)) = (attr1, attr2) {
                for a in self.attrs(node1).map(|l| l.list.as_slice()).unwrap_or(&[]) {
                    if (a.ns, a.local) == (a1.0, a1.1) {
                        return Ok(IMPLEMENTATION_SPECIFIC | PRECEDING);
                    }
                    if (a.ns, a.local) == (a2.0, a2.1) {
                        return Ok(IMPLEMENTATION_SPECIFIC | FOLLOWING);
                    }
                }
            }
            // One of them is an attribute of the other.
            return Ok(if attr2.is_some() {
                CONTAINS | PRECEDING
            } else {
                CONTAINED_BY | FOLLOWING
            });
        }
        let (this_chain, other_chain) = (self.ancestor_chain(node2), self.ancestor_chain(node1));
        if this_chain.last() != other_chain.last() {
            return disconnected();
        }
        if this_chain.contains(&node1) {
            return Ok(if attr1.is_none() {
                CONTAINS | PRECEDING
            } else {
                PRECEDING
            });
        }
        if other_chain.contains(&node2) {
            return Ok(if attr2.is_none() {
                CONTAINED_BY | FOLLOWING
            } else {
                FOLLOWING
            });
        }
        // Below the deepest common ancestor, the two chains part: the
        // children of that ancestor they go through decide the order.
        let (mut i, mut j) = (this_chain.len() - 1, other_chain.len() - 1);
        while this_chain[i - 1] == other_chain[j - 1] {
            i -= 1;
            j -= 1;
        }
        let (mine, theirs) = (this_chain[i - 1], other_chain[j - 1]);
        let mut cur = self.n(theirs).next_sibling;
        while let Some(s) = cur {
            if s == mine {
                return Ok(PRECEDING);
            }
            cur = self.n(s).next_sibling;
        }
        Ok(FOLLOWING)
    }

    /// Whether nodes `a` and `b` are equal as the node kinds' own data say
    /// (the first steps of "equals", without the children).
    fn same_node_data(&self, a: Entity, b: Entity) -> bool {
        let (na, nb) = (self.n(a), self.n(b));
        if na.kind != nb.kind || (na.flags ^ nb.flags) & crate::node::CDATA != 0 {
            return false;
        }
        let data = |e| self.world.get::<CharacterData>(e).map(|d| d.0.as_str());
        match na.kind {
            NodeKind::Doctype => {
                let (da, db) = (self.world.get::<Doctype>(a), self.world.get::<Doctype>(b));
                da == db
            }
            NodeKind::Element => {
                let (ea, eb) = (self.element_name(a), self.element_name(b));
                if ea.map(|n| (n.ns, n.prefix, n.local)) != eb.map(|n| (n.ns, n.prefix, n.local)) {
                    return false;
                }
                let (la, lb) = (
                    self.attrs(a).map(|x| x.list.as_slice()).unwrap_or(&[]),
                    self.attrs(b).map(|x| x.list.as_slice()).unwrap_or(&[]),
                );
                la.len() == lb.len()
                    && la.iter().all(|x| {
                        lb.iter()
                            .any(|y| x.ns == y.ns && x.local == y.local && x.value == y.value)
                    })
            }
            NodeKind::ProcessingInstruction => {
                self.pi_target(NodeId(a)).ok() == self.pi_target(NodeId(b)).ok()
                    && data(a) == data(b)
            }
            NodeKind::Text | NodeKind::Comment => data(a) == data(b),
            NodeKind::Attribute => self.attrs_equal(a, b),
            NodeKind::Document | NodeKind::Fragment => true,
        }
    }

    /// `this.isEqualNode(other)`: the same kind and data, and equal
    /// children in the same order, all the way down.
    ///
    /// # Errors
    /// `StaleNode` for a reclaimed node.
    pub fn is_equal_node(&self, id: NodeId, other: Option<NodeId>) -> DomResult<bool> {
        self.live(id)?;
        let Some(other) = other else {
            return Ok(false);
        };
        self.live(other)?;
        // Pairs still to compare; each pair's children are pushed together,
        // so a tree of any depth needs no recursion.
        let mut pending = vec![(id.0, other.0)];
        while let Some((a, b)) = pending.pop() {
            if !self.same_node_data(a, b) {
                return Ok(false);
            }
            let (mut ca, mut cb) = (self.n(a).first_child, self.n(b).first_child);
            loop {
                match (ca, cb) {
                    (None, None) => break,
                    (Some(x), Some(y)) => {
                        pending.push((x, y));
                        ca = self.n(x).next_sibling;
                        cb = self.n(y).next_sibling;
                    }
                    _ => return Ok(false),
                }
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::position::*;
    use crate::Document;

    #[test]
    fn positions_follow_tree_order() {
        let mut d = Document::parse("<div id=a><p id=b></p><p id=c><i id=e></i></p></div>");
        let id = |d: &Document, s| d.get_element_by_id(s).unwrap();
        let (a, b, c, e) = (id(&d, "a"), id(&d, "b"), id(&d, "c"), id(&d, "e"));
        assert_eq!(d.compare_document_position(b, b).unwrap(), 0);
        assert_eq!(d.compare_document_position(b, c).unwrap(), FOLLOWING);
        assert_eq!(d.compare_document_position(c, b).unwrap(), PRECEDING);
        assert_eq!(
            d.compare_document_position(e, a).unwrap(),
            CONTAINS | PRECEDING
        );
        assert_eq!(
            d.compare_document_position(a, e).unwrap(),
            CONTAINED_BY | FOLLOWING
        );
        assert_eq!(d.compare_document_position(b, e).unwrap(), FOLLOWING);
        let lone = d.create_element("x").unwrap();
        let there = d.compare_document_position(b, lone).unwrap();
        let back = d.compare_document_position(lone, b).unwrap();
        assert_eq!(there & (DISCONNECTED | IMPLEMENTATION_SPECIFIC), 0x21);
        assert_eq!(
            (there ^ back) & (PRECEDING | FOLLOWING),
            PRECEDING | FOLLOWING
        );
    }

    #[test]
    fn equal_nodes_have_equal_data_and_children() {
        let d = Document::parse(
            "<div id=a class=x title=t><b>1</b>2<!--c--></div>\
             <div title=t class=x id=a><b>1</b>2<!--c--></div>\
             <div id=a class=x title=t><b>1</b>2<!--d--></div>",
        );
        let divs = d.query_selector_all(d.root(), "div").unwrap();
        assert!(d.is_equal_node(divs[0], Some(divs[1])).unwrap());
        assert!(!d.is_equal_node(divs[0], Some(divs[2])).unwrap());
        assert!(!d.is_equal_node(divs[0], None).unwrap());
    }
}
