//! The live range steps of each mutation: what insertion, removal,
//! "replace data", `splitText` and `normalize` do to the live ranges
//! (<https://dom.spec.whatwg.org/#live-range>). Each returns at once when
//! the document has no live range.

use bevy_ecs::prelude::*;

use super::{Point, Range};
use crate::document::Document;

impl Document {
    /// Apply `f` to each boundary point of each live range.
    fn each_point(&mut self, ranges: &[Range], mut f: impl FnMut(&mut Self, &mut Point)) {
        for r in ranges {
            let mut s = r.lock();
            let (mut start, mut end) = (s.start, s.end);
            f(self, &mut start);
            f(self, &mut end);
            s.start = start;
            s.end = end;
        }
    }

    /// [Insert](https://dom.spec.whatwg.org/#concept-node-insert) step 5:
    /// one node goes into `parent` before `child`; points in `parent` after
    /// `child`'s index move one on.
    pub(crate) fn ranges_on_insert(&mut self, parent: Entity, child: Entity) {
        let Some(ranges) = self.live_ranges() else {
            return;
        };
        let mut index = None;
        self.each_point(&ranges, |d, p| {
            if p.node == parent && p.offset > *index.get_or_insert_with(|| d.index_of(child)) {
                p.offset += 1;
            }
        });
    }

    /// [Remove](https://dom.spec.whatwg.org/#concept-node-remove) steps
    /// 4-7, before `node` leaves its parent: points inside it go to where
    /// it was; points in the parent after it move one back.
    pub(crate) fn ranges_before_removal(&mut self, node: Entity) {
        let Some(ranges) = self.live_ranges() else {
            return;
        };
        let Some(parent) = self.n(node).parent else {
            return;
        };
        let index = self.index_of(node);
        self.each_point(&ranges, |d, p| {
            if d.is_inclusive_ancestor(node, p.node) {
                d.move_point(p, Point::new(parent, index));
            } else if p.node == parent && p.offset > index {
                p.offset -= 1;
            }
        });
    }

    /// [Replace data](https://dom.spec.whatwg.org/#concept-cd-replace)
    /// steps 8-11: `count` code units at `offset` of `node` became
    /// `added` code units.
    pub(crate) fn ranges_on_replace_data(
        &mut self,
        node: Entity,
        offset: u32,
        count: u32,
        added: u32,
    ) {
        let Some(ranges) = self.live_ranges() else {
            return;
        };
        self.each_point(&ranges, |_, p| {
            if p.node != node {
                return;
            }
            if p.offset > offset && p.offset <= offset + count {
                p.offset = offset;
            } else if p.offset > offset + count {
                p.offset = p.offset + added - count;
            }
        });
    }

    /// [Split a Text node](https://dom.spec.whatwg.org/#concept-text-split)
    /// steps 7.2-7.5, after `new` was inserted after `node` in `parent`:
    /// points in `node` past `offset` move into `new`; points in `parent`
    /// right after `node` move past `new`.
    pub(crate) fn ranges_on_split(
        &mut self,
        node: Entity,
        new: Entity,
        parent: Entity,
        offset: u32,
    ) {
        let Some(ranges) = self.live_ranges() else {
            return;
        };
        let after = self.index_of(node) + 1;
        self.each_point(&ranges, |d, p| {
            if p.node == node && p.offset > offset {
                d.move_point(p, Point::new(new, p.offset - offset));
            } else if p.node == parent && p.offset == after {
                p.offset += 1;
            }
        });
    }

    /// [`normalize()`](https://dom.spec.whatwg.org/#dom-node-normalize)
    /// step 6.5.1-2: the text node `merged`, about to be merged into `into`
    /// (whose data was `length` code units before it), takes its points
    /// there, and so do points in the parent right before it.
    pub(crate) fn ranges_on_merge(&mut self, merged: Entity, into: Entity, length: u32) {
        let Some(ranges) = self.live_ranges() else {
            return;
        };
        let Some(parent) = self.n(merged).parent else {
            return;
        };
        let index = self.index_of(merged);
        self.each_point(&ranges, |d, p| {
            if p.node == merged {
                d.move_point(p, Point::new(into, p.offset + length));
            } else if p.node == parent && p.offset == index {
                d.move_point(p, Point::new(into, length));
            }
        });
    }
}
