//! Ranges (<https://dom.spec.whatwg.org/#ranges>): live `Range`s, which
//! every mutation on the one mutation path keeps valid, and `StaticRange`.
//!
//! A live range's boundary points are shared between the bridge's object
//! and the document, which keeps a weak reference to every live one (as it
//! does for node iterators): insertion, removal, "replace data", `splitText`
//! and `normalize` update them ([`live`]). With no live range, each of those
//! pays one check of an empty list. A boundary's node is pinned while it is
//! one, so a range inside a removed subtree keeps that subtree.
//!
//! - [`boundary`]: node length, index, and the boundary-point order;
//! - [`live`]: the mutation steps;
//! - [`contents`]: `deleteContents`, `extractContents`, `cloneContents`,
//!   `insertNode`, `surroundContents`, stringification.

mod boundary;
mod contents;
mod live;
mod static_range;

use std::cmp::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use bevy_ecs::prelude::*;

pub use static_range::StaticRange;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::lifetime::Unpinner;
use crate::node::{NodeId, NodeKind};

/// `compareBoundaryPoints`' `how` values.
pub mod how {
    /// `START_TO_START`
    pub const START_TO_START: u16 = 0;
    /// `START_TO_END`
    pub const START_TO_END: u16 = 1;
    /// `END_TO_END`
    pub const END_TO_END: u16 = 2;
    /// `END_TO_START`
    pub const END_TO_START: u16 = 3;
}

/// A boundary point: a node and an offset in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Point {
    pub(crate) node: Entity,
    pub(crate) offset: u32,
}

impl Point {
    pub(crate) fn new(node: Entity, offset: u32) -> Self {
        Point { node, offset }
    }
}

/// A live range's boundary points; both nodes pinned while they are.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) start: Point,
    pub(crate) end: Point,
    unpinner: Unpinner,
}

impl Drop for State {
    fn drop(&mut self) {
        self.unpinner.unpin(NodeId(self.start.node));
        self.unpinner.unpin(NodeId(self.end.node));
    }
}

/// A live `Range`: its boundary points, shared with the document. Clones
/// are the same range (`cloneRange` makes a new one).
#[derive(Clone, Debug)]
pub struct Range(Arc<Mutex<State>>);

/// The live ranges a document updates on mutation.
#[derive(Default)]
pub(crate) struct Ranges(Vec<Weak<Mutex<State>>>);

impl Ranges {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Range {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The start and end now.
    pub(crate) fn points(&self) -> (Point, Point) {
        let s = self.lock();
        (s.start, s.end)
    }

    /// Whether two handles are the one live range.
    pub fn same(&self, other: &Range) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Document {
    /// `document.createRange()` and `new Range()`: a range collapsed at
    /// (`doc`, 0).
    ///
    /// # Errors
    /// `InvalidNodeType` if `doc` is no document; `StaleNode`.
    pub fn create_range(&mut self, doc: NodeId) -> DomResult<Range> {
        let doc = NodeId(self.a_document_node(doc)?);
        Ok(self.new_range(Point::new(doc.0, 0), Point::new(doc.0, 0)))
    }

    /// A live range from `start` to `end` (nodes live, points valid).
    pub(crate) fn new_range(&mut self, start: Point, end: Point) -> Range {
        // (Both nodes are live: pinning cannot fail.)
        let _ = self.pin(NodeId(start.node));
        let _ = self.pin(NodeId(end.node));
        let r = Range(Arc::new(Mutex::new(State {
            start,
            end,
            unpinner: self.unpinner(),
        })));
        self.ranges.0.retain(|w| w.strong_count() > 0);
        self.ranges.0.push(Arc::downgrade(&r.0));
        r
    }

    /// The live ranges, or `None` when there are none (the common case:
    /// one check).
    pub(crate) fn live_ranges(&mut self) -> Option<Vec<Range>> {
        if self.ranges.0.is_empty() {
            return None;
        }
        self.ranges.0.retain(|w| w.strong_count() > 0);
        let live: Vec<Range> = self
            .ranges
            .0
            .iter()
            .filter_map(Weak::upgrade)
            .map(Range)
            .collect();
        (!live.is_empty()).then_some(live)
    }

    /// Whether any live range exists (fast paths that skip the mutation
    /// steps check this).
    pub(crate) fn has_live_ranges(&self) -> bool {
        self.ranges.0.iter().any(|w| w.strong_count() > 0)
    }

    /// Move a boundary to `to`, pinning its new node and unpinning the old.
    pub(crate) fn move_point(&mut self, at: &mut Point, to: Point) {
        if at.node != to.node {
            let _ = self.pin(NodeId(to.node));
            self.unpin(NodeId(at.node));
        }
        *at = to;
    }

    /// Set both points of `r`.
    fn set_points(&mut self, r: &Range, start: Point, end: Point) {
        let mut s = r.lock();
        let mut p = s.start;
        self.move_point(&mut p, start);
        s.start = p;
        let mut p = s.end;
        self.move_point(&mut p, end);
        s.end = p;
    }

    /// A boundary point's node and offset, checked as "set the start or
    /// end" checks them (<https://dom.spec.whatwg.org/#concept-range-bp-set>).
    fn checked_point(&self, node: NodeId, offset: usize) -> DomResult<Point> {
        let kind = self.live(node)?.kind;
        if kind == NodeKind::Doctype {
            return Err(doctype_error());
        }
        let len = self.node_length(node.0);
        if offset > len as usize {
            return Err(DomError::IndexSize(format!(
                "the offset {offset} is larger than the node's length ({len})"
            )));
        }
        Ok(Point::new(node.0, offset as u32))
    }

    /// A node's parent and index, for the `*Before`/`*After` setters and
    /// `selectNode`: `InvalidNodeTypeError` without a parent.
    fn parent_and_index(&self, node: NodeId) -> DomResult<(Entity, u32)> {
        self.live(node)?;
        let parent = self.n(node.0).parent.ok_or_else(|| {
            DomError::InvalidNodeType("the node has no parent to put a boundary in".into())
        })?;
        Ok((parent, self.index_of(node.0)))
    }
}

fn doctype_error() -> DomError {
    DomError::InvalidNodeType("a doctype can not be a range boundary".into())
}

/// The members of `Range` and of `AbstractRange` for a live range, each a
/// method taking the document (the bindings' receiver).
impl Range {
    /// `startContainer`
    pub fn start_container(&self, _: &Document) -> DomResult<NodeId> {
        Ok(NodeId(self.lock().start.node))
    }

    /// `startOffset`
    pub fn start_offset(&self, _: &Document) -> DomResult<usize> {
        Ok(self.lock().start.offset as usize)
    }

    /// `endContainer`
    pub fn end_container(&self, _: &Document) -> DomResult<NodeId> {
        Ok(NodeId(self.lock().end.node))
    }

    /// `endOffset`
    pub fn end_offset(&self, _: &Document) -> DomResult<usize> {
        Ok(self.lock().end.offset as usize)
    }

    /// `collapsed`: start and end are the same point.
    pub fn collapsed(&self, _: &Document) -> DomResult<bool> {
        let s = self.lock();
        Ok(s.start == s.end)
    }

    /// `commonAncestorContainer`: the start node's nearest inclusive
    /// ancestor that is an inclusive ancestor of the end node.
    pub fn common_ancestor_container(&self, d: &Document) -> DomResult<NodeId> {
        let (start, end) = self.points();
        let mut c = start.node;
        while !d.is_inclusive_ancestor(c, end.node) {
            match d.n(c).parent {
                Some(p) => c = p,
                None => break,
            }
        }
        Ok(NodeId(c))
    }

    /// "Set the start or end" (<https://dom.spec.whatwg.org/#concept-range-bp-set>).
    fn set_boundary(&self, d: &mut Document, bp: Point, start: bool) {
        let (s, e) = self.points();
        let root = d.root_of(bp.node);
        if start {
            let end = if d.root_of(s.node) != root || d.boundary_cmp(bp, e) == Ordering::Greater {
                bp
            } else {
                e
            };
            d.set_points(self, bp, end);
        } else {
            let begin = if d.root_of(s.node) != root || d.boundary_cmp(bp, s) == Ordering::Less {
                bp
            } else {
                s
            };
            d.set_points(self, begin, bp);
        }
    }

    /// `setStart(node, offset)`
    ///
    /// # Errors
    /// `InvalidNodeTypeError` for a doctype, `IndexSizeError` for an
    /// offset past the node's length.
    pub fn set_start(&self, d: &mut Document, node: NodeId, offset: usize) -> DomResult<()> {
        let bp = d.checked_point(node, offset)?;
        self.set_boundary(d, bp, true);
        Ok(())
    }

    /// `setEnd(node, offset)`
    ///
    /// # Errors
    /// As [`Range::set_start`].
    pub fn set_end(&self, d: &mut Document, node: NodeId, offset: usize) -> DomResult<()> {
        let bp = d.checked_point(node, offset)?;
        self.set_boundary(d, bp, false);
        Ok(())
    }

    /// `setStartBefore(node)`
    ///
    /// # Errors
    /// `InvalidNodeTypeError` when the node has no parent.
    pub fn set_start_before(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        let (p, i) = d.parent_and_index(node)?;
        self.set_start(d, NodeId(p), i as usize)
    }

    /// `setStartAfter(node)`
    ///
    /// # Errors
    /// As [`Range::set_start_before`].
    pub fn set_start_after(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        let (p, i) = d.parent_and_index(node)?;
        self.set_start(d, NodeId(p), i as usize + 1)
    }

    /// `setEndBefore(node)`
    ///
    /// # Errors
    /// As [`Range::set_start_before`].
    pub fn set_end_before(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        let (p, i) = d.parent_and_index(node)?;
        self.set_end(d, NodeId(p), i as usize)
    }

    /// `setEndAfter(node)`
    ///
    /// # Errors
    /// As [`Range::set_start_before`].
    pub fn set_end_after(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        let (p, i) = d.parent_and_index(node)?;
        self.set_end(d, NodeId(p), i as usize + 1)
    }

    /// `collapse(toStart)`: both points become the start (or the end).
    pub fn collapse(&self, d: &mut Document, to_start: bool) -> DomResult<()> {
        let (s, e) = self.points();
        let p = if to_start { s } else { e };
        d.set_points(self, p, p);
        Ok(())
    }

    /// `selectNode(node)` (<https://dom.spec.whatwg.org/#concept-range-select>).
    ///
    /// # Errors
    /// `InvalidNodeTypeError` when the node has no parent.
    pub fn select_node(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        let (p, i) = d.parent_and_index(node)?;
        d.set_points(self, Point::new(p, i), Point::new(p, i + 1));
        Ok(())
    }

    /// `selectNodeContents(node)`
    ///
    /// # Errors
    /// `InvalidNodeTypeError` for a doctype.
    pub fn select_node_contents(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        if d.live(node)?.kind == NodeKind::Doctype {
            return Err(doctype_error());
        }
        let len = d.node_length(node.0);
        d.set_points(self, Point::new(node.0, 0), Point::new(node.0, len));
        Ok(())
    }

    /// `compareBoundaryPoints(how, sourceRange)`
    /// (<https://dom.spec.whatwg.org/#dom-range-compareboundarypoints>):
    /// -1, 0 or 1.
    ///
    /// # Errors
    /// `NotSupportedError` for an unknown `how`; `WrongDocumentError` when
    /// the ranges have different roots.
    pub fn compare_boundary_points(
        &self,
        d: &Document,
        how: u16,
        source: &Range,
    ) -> DomResult<i16> {
        if how > how::END_TO_START {
            return Err(DomError::NotSupported(format!(
                "{how} is none of START_TO_START, START_TO_END, END_TO_END and END_TO_START"
            )));
        }
        let (s, e) = self.points();
        let (os, oe) = if self.same(source) {
            (s, e)
        } else {
            source.points()
        };
        if d.root_of(s.node) != d.root_of(os.node) {
            return Err(DomError::WrongDocument(
                "the two ranges are in different trees".into(),
            ));
        }
        let (this_point, other_point) = match how {
            how::START_TO_START => (s, os),
            how::START_TO_END => (e, os),
            how::END_TO_END => (e, oe),
            _ => (s, oe),
        };
        Ok(ordering_number(d.boundary_cmp(this_point, other_point)))
    }

    /// `cloneRange()`: a new live range with the same points.
    pub fn clone_range(&self, d: &mut Document) -> DomResult<Range> {
        let (s, e) = self.points();
        Ok(d.new_range(s, e))
    }

    /// `detach()`: does nothing (the spec keeps it for old pages).
    pub fn detach(&self, _: &Document) -> DomResult<()> {
        Ok(())
    }

    /// The checks `isPointInRange` and `comparePoint` share: `Ok(None)`
    /// when the node is in another tree.
    fn point_check(&self, d: &Document, node: NodeId, offset: usize) -> DomResult<Option<Point>> {
        d.live(node)?;
        let (s, _) = self.points();
        if d.root_of(node.0) != d.root_of(s.node) {
            return Ok(None);
        }
        d.checked_point(node, offset).map(Some)
    }

    /// `isPointInRange(node, offset)`
    ///
    /// # Errors
    /// `InvalidNodeTypeError`, `IndexSizeError` as for `setStart` (for a
    /// node in the range's tree).
    pub fn is_point_in_range(&self, d: &Document, node: NodeId, offset: usize) -> DomResult<bool> {
        let Some(p) = self.point_check(d, node, offset)? else {
            return Ok(false);
        };
        let (s, e) = self.points();
        Ok(d.boundary_cmp(p, s) != Ordering::Less && d.boundary_cmp(p, e) != Ordering::Greater)
    }

    /// `comparePoint(node, offset)`: -1 before the range, 1 after it, 0 in.
    ///
    /// # Errors
    /// `WrongDocumentError` for a node in another tree; the errors of
    /// [`Range::is_point_in_range`].
    pub fn compare_point(&self, d: &Document, node: NodeId, offset: usize) -> DomResult<i16> {
        let Some(p) = self.point_check(d, node, offset)? else {
            return Err(DomError::WrongDocument(
                "the node is not in the range's tree".into(),
            ));
        };
        let (s, e) = self.points();
        Ok(if d.boundary_cmp(p, s) == Ordering::Less {
            -1
        } else if d.boundary_cmp(p, e) == Ordering::Greater {
            1
        } else {
            0
        })
    }

    /// `intersectsNode(node)`
    /// (<https://dom.spec.whatwg.org/#dom-range-intersectsnode>).
    pub fn intersects_node(&self, d: &Document, node: NodeId) -> DomResult<bool> {
        d.live(node)?;
        let (s, e) = self.points();
        if d.root_of(node.0) != d.root_of(s.node) {
            return Ok(false);
        }
        let Some(parent) = d.n(node.0).parent else {
            return Ok(true);
        };
        let i = d.index_of(node.0);
        Ok(d.boundary_cmp(Point::new(parent, i), e) == Ordering::Less
            && d.boundary_cmp(Point::new(parent, i + 1), s) == Ordering::Greater)
    }
}

fn ordering_number(o: Ordering) -> i16 {
    match o {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

#[cfg(test)]
mod tests;
