//! The [Selection API](https://w3c.github.io/selection-api/): a document
//! with a browsing context (the page's, the world's root) has one
//! selection, which is empty or holds one live [`Range`] (the very range a
//! script added, so mutations move it as they move any live range). Its
//! direction is always forwards: the anchor is the range's start and the
//! focus its end (`extend`, which makes a backwards selection, is not
//! implemented, nor are `modify`, `setBaseAndExtent` and
//! `getComposedRanges`).

use std::cmp::Ordering;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::{NodeId, NodeKind};
use crate::range::{Point, Range};

/// A document's selection (`getSelection()`): it names its document; the
/// state is the document's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The document whose selection it is.
    pub document: NodeId,
}

impl Document {
    /// `document.getSelection()` / `window.getSelection()`
    /// (<https://w3c.github.io/selection-api/#dom-document-getselection>):
    /// the selection of `doc` if it has a browsing context (it is the
    /// page's document), else none.
    ///
    /// # Errors
    /// `InvalidStateError` if `doc` is no document.
    pub fn get_selection(&self, doc: NodeId) -> DomResult<Option<Selection>> {
        let e = self.a_document_node(doc)?;
        Ok((e == self.root().0).then_some(Selection { document: doc }))
    }

    fn selection_range(&self) -> Option<&Range> {
        self.selection.as_ref()
    }

    /// Whether `node`'s root is `doc` (a range or point there can be
    /// selected; anything else is ignored).
    fn in_document(&self, node: NodeId, doc: NodeId) -> bool {
        self.root_of(node.0) == doc.0
    }
}

impl Selection {
    /// `rangeCount`: 0 or 1.
    ///
    /// # Errors
    /// None.
    pub fn range_count(&self, d: &Document) -> DomResult<u32> {
        Ok(u32::from(d.selection_range().is_some()))
    }

    /// `getRangeAt(index)`: the range itself.
    ///
    /// # Errors
    /// `IndexSizeError` for an index not below `rangeCount`.
    pub fn get_range_at(&self, d: &Document, index: u32) -> DomResult<Range> {
        match d.selection_range() {
            Some(r) if index == 0 => Ok(r.clone()),
            _ => Err(DomError::IndexSize(format!(
                "the selection has no range at {index}"
            ))),
        }
    }

    /// `addRange(range)`: selects `range` itself, unless its root is not
    /// the selection's document or the selection already has a range.
    ///
    /// # Errors
    /// `StaleNode` when the range's node was reclaimed.
    pub fn add_range(&self, d: &mut Document, range: &Range) -> DomResult<()> {
        let start = range.start_container(d)?;
        if !d.in_document(start, self.document) || d.selection.is_some() {
            return Ok(());
        }
        d.selection = Some(range.clone());
        Ok(())
    }

    /// `removeRange(range)`.
    ///
    /// # Errors
    /// `NotFoundError` when `range` is not the selection's range.
    pub fn remove_range(&self, d: &mut Document, range: &Range) -> DomResult<()> {
        match &d.selection {
            Some(r) if r.same(range) => {
                d.selection = None;
                Ok(())
            }
            _ => Err(DomError::NotFound(
                "the range is not the selection's".into(),
            )),
        }
    }

    /// `removeAllRanges()` (and `empty()`).
    ///
    /// # Errors
    /// None.
    pub fn remove_all_ranges(&self, d: &mut Document) -> DomResult<()> {
        d.selection = None;
        Ok(())
    }

    fn ends(&self, d: &Document, start: bool) -> DomResult<Option<(NodeId, usize)>> {
        d.selection_range()
            .map(|r| {
                Ok(if start {
                    (r.start_container(d)?, r.start_offset(d)?)
                } else {
                    (r.end_container(d)?, r.end_offset(d)?)
                })
            })
            .transpose()
    }

    /// `anchorNode` (the range's start: the direction is forwards).
    ///
    /// # Errors
    /// None.
    pub fn anchor_node(&self, d: &Document) -> DomResult<Option<NodeId>> {
        Ok(self.ends(d, true)?.map(|p| p.0))
    }

    /// `anchorOffset` (0 when empty).
    ///
    /// # Errors
    /// None.
    pub fn anchor_offset(&self, d: &Document) -> DomResult<u32> {
        Ok(self.ends(d, true)?.map_or(0, |p| p.1 as u32))
    }

    /// `focusNode` (the range's end).
    ///
    /// # Errors
    /// None.
    pub fn focus_node(&self, d: &Document) -> DomResult<Option<NodeId>> {
        Ok(self.ends(d, false)?.map(|p| p.0))
    }

    /// `focusOffset` (0 when empty).
    ///
    /// # Errors
    /// None.
    pub fn focus_offset(&self, d: &Document) -> DomResult<u32> {
        Ok(self.ends(d, false)?.map_or(0, |p| p.1 as u32))
    }

    /// `isCollapsed`: empty, or the range is collapsed.
    ///
    /// # Errors
    /// None.
    pub fn is_collapsed(&self, d: &Document) -> DomResult<bool> {
        d.selection_range().map_or(Ok(true), |r| r.collapsed(d))
    }

    /// `type`: "None", "Caret" or "Range".
    ///
    /// # Errors
    /// None.
    pub fn type_(&self, d: &Document) -> DomResult<String> {
        Ok(match d.selection_range() {
            None => "None",
            Some(r) if r.collapsed(d)? => "Caret",
            Some(_) => "Range",
        }
        .to_owned())
    }

    /// `collapse(node, offset)` (and `setPosition`): a new range collapsed
    /// at the point; a null node empties the selection.
    ///
    /// # Errors
    /// `InvalidNodeTypeError` for a doctype, `IndexSizeError` for an
    /// offset past the node's length.
    pub fn collapse(&self, d: &mut Document, node: Option<NodeId>, offset: u32) -> DomResult<()> {
        let Some(node) = node else {
            d.selection = None;
            return Ok(());
        };
        d.live(node)?;
        let e = node.0;
        if d.n(e).kind == NodeKind::Doctype {
            return Err(DomError::InvalidNodeType(
                "a selection cannot be in a doctype".into(),
            ));
        }
        if offset > d.node_length(e) {
            return Err(DomError::IndexSize(format!(
                "the offset {offset} is larger than the node's length"
            )));
        }
        if !d.in_document(node, self.document) {
            return Ok(());
        }
        let p = Point::new(e, offset);
        d.selection = Some(d.new_range(p, p));
        Ok(())
    }

    /// `collapseToStart()` / `collapseToEnd()`: a new range collapsed at
    /// the range's start or end.
    ///
    /// # Errors
    /// `InvalidStateError` when the selection is empty.
    pub fn collapse_to(&self, d: &mut Document, start: bool) -> DomResult<()> {
        let Some((node, offset)) = self.ends(d, start)? else {
            return Err(DomError::InvalidState("the selection is empty".into()));
        };
        let p = Point::new(node.0, offset as u32);
        d.selection = Some(d.new_range(p, p));
        Ok(())
    }

    /// `collapseToStart()`.
    ///
    /// # Errors
    /// As [`Selection::collapse_to`].
    pub fn collapse_to_start(&self, d: &mut Document) -> DomResult<()> {
        self.collapse_to(d, true)
    }

    /// `collapseToEnd()`.
    ///
    /// # Errors
    /// As [`Selection::collapse_to`].
    pub fn collapse_to_end(&self, d: &mut Document) -> DomResult<()> {
        self.collapse_to(d, false)
    }

    /// `selectAllChildren(node)`: a new range over `node`'s children.
    ///
    /// # Errors
    /// `InvalidNodeTypeError` for a doctype.
    pub fn select_all_children(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        d.live(node)?;
        let e = node.0;
        if d.n(e).kind == NodeKind::Doctype {
            return Err(DomError::InvalidNodeType(
                "a selection cannot be in a doctype".into(),
            ));
        }
        if !d.in_document(node, self.document) {
            return Ok(());
        }
        let end = Point::new(e, d.node_length(e));
        d.selection = Some(d.new_range(Point::new(e, 0), end));
        Ok(())
    }

    /// `deleteFromDocument()`: the range's `deleteContents()`.
    ///
    /// # Errors
    /// As `Range.deleteContents`.
    pub fn delete_from_document(&self, d: &mut Document) -> DomResult<()> {
        match d.selection.clone() {
            Some(r) => r.delete_contents(d),
            None => Ok(()),
        }
    }

    /// `containsNode(node, allowPartialContainment)`: whether the range
    /// holds `node` whole (or, allowing partial containment, any part).
    ///
    /// # Errors
    /// `StaleNode` for a node that was reclaimed.
    pub fn contains_node(&self, d: &Document, node: NodeId, partial: bool) -> DomResult<bool> {
        d.live(node)?;
        let e = node.0;
        let Some(r) = d.selection_range() else {
            return Ok(false);
        };
        if !d.in_document(node, self.document) {
            return Ok(false);
        }
        let (start, end) = r.points();
        let first = Point::new(e, 0);
        let last = Point::new(e, d.node_length(e));
        Ok(if partial {
            d.boundary_cmp(start, last) != Ordering::Greater
                && d.boundary_cmp(end, first) != Ordering::Less
        } else {
            d.boundary_cmp(start, first) != Ordering::Greater
                && d.boundary_cmp(end, last) != Ordering::Less
        })
    }

    /// The stringifier: the range's text, or "".
    ///
    /// # Errors
    /// None.
    pub fn to_string(&self, d: &Document) -> DomResult<String> {
        d.selection_range().map_or(Ok(String::new()), |r| r.text(d))
    }
}
