//! Boundary points (<https://dom.spec.whatwg.org/#concept-range-bp>): a
//! node's length and index, the order of two points, and which nodes a
//! range contains.

use std::cmp::Ordering;

use bevy_ecs::prelude::*;

use super::Point;
use crate::document::Document;
use crate::node::{CharacterData, NodeKind};

impl Document {
    /// A node's [length](https://dom.spec.whatwg.org/#concept-node-length):
    /// 0 for a doctype, the data's UTF-16 length for character data, else
    /// the number of children.
    pub(crate) fn node_length(&self, e: Entity) -> u32 {
        match self.n(e).kind {
            NodeKind::Doctype => 0,
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => self
                .world
                .get::<CharacterData>(e)
                .map_or(0, |d| crate::tree::utf16_len(&d.0) as u32),
            _ => self.children_of(e).count() as u32,
        }
    }

    /// A node's [index](https://dom.spec.whatwg.org/#concept-tree-index):
    /// how many siblings precede it.
    pub(crate) fn index_of(&self, e: Entity) -> u32 {
        let mut i = 0;
        let mut cur = self.n(e).prev_sibling;
        while let Some(p) = cur {
            i += 1;
            cur = self.n(p).prev_sibling;
        }
        i
    }

    /// The [position](https://dom.spec.whatwg.org/#concept-range-bp-position)
    /// of boundary point `a` relative to `b` (both in one tree).
    pub(crate) fn boundary_cmp(&self, a: Point, b: Point) -> Ordering {
        if a.node == b.node {
            return a.offset.cmp(&b.offset);
        }
        if self.precedes(b.node, a.node) {
            return self.boundary_cmp(b, a).reverse();
        }
        if self.is_inclusive_ancestor(a.node, b.node) {
            let mut child = b.node;
            while let Some(p) = self.n(child).parent
                && p != a.node
            {
                child = p;
            }
            if self.index_of(child) < a.offset {
                return Ordering::Greater;
            }
        }
        Ordering::Less
    }

    /// Whether `e` is [contained](https://dom.spec.whatwg.org/#contained)
    /// in the range from `start` to `end`.
    pub(crate) fn is_contained(&self, e: Entity, start: Point, end: Point) -> bool {
        self.root_of(e) == self.root_of(start.node)
            && self.boundary_cmp(Point::new(e, 0), start) == Ordering::Greater
            && self.boundary_cmp(Point::new(e, self.node_length(e)), end) == Ordering::Less
    }

    /// Whether `e` is [partially contained](https://dom.spec.whatwg.org/#partially-contained):
    /// an inclusive ancestor of one boundary node but not of the other.
    pub(crate) fn is_partially_contained(&self, e: Entity, start: Point, end: Point) -> bool {
        self.is_inclusive_ancestor(e, start.node) != self.is_inclusive_ancestor(e, end.node)
    }
}
