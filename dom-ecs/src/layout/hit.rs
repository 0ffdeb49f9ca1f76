//! Hit testing (<https://drafts.csswg.org/cssom-view/#dom-document-elementfrompoint>):
//! `elementFromPoint` and `elementsFromPoint` over the laid-out boxes.
//!
//! Paint order is approximated by CSS 2's stacking rules at one level: the
//! top layer above all (each modal dialog's `::backdrop` just below it,
//! covering the viewport), then positioned boxes with their descendants by
//! the `z-index` of the nearest positioned one, then the rest; later in
//! tree order above earlier. Boxes of inert elements (the
//! `inert` attribute, or blocked by a modal dialog), `visibility: hidden`
//! and `pointer-events: none` are not hit. The viewport never scrolls.

use bevy_ecs::prelude::Entity;
use rustc_hash::FxHashMap;
use style::computed_values::pointer_events::T as PointerEvents;
use style::computed_values::position::T as PositionProperty;
use style::computed_values::visibility::T as Visibility;

use crate::cascade::StyleTarget;
use crate::node::{NodeId, NodeKind};
use crate::{Document, DomError, DomResult};

/// Where a hit sits in paint order (greater is on top).
type Level = (usize, u8, i32, usize);

impl Document {
    /// `document.elementsFromPoint(x, y)`: every element whose box is hit
    /// at the viewport point (`x`, `y`), topmost first, then the root
    /// element; none outside the viewport or in a document without one.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no document.
    pub fn elements_from_point(&self, doc: NodeId, x: f64, y: f64) -> DomResult<Vec<NodeId>> {
        let mut hits = self.hits(doc, x, y)?;
        if let Some(root) = self.document_element_of(doc)?
            && hits.last() != Some(&root)
            && self.viewport_holds(doc.0, x, y)
        {
            hits.retain(|&h| h != root);
            hits.push(root);
        }
        Ok(hits)
    }

    /// `document.elementFromPoint(x, y)`: the topmost element whose box is
    /// hit at the viewport point (`x`, `y`), else the root element; null
    /// outside the viewport or in a document without one.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no document.
    pub fn element_from_point(&self, doc: NodeId, x: f64, y: f64) -> DomResult<Option<NodeId>> {
        let hits = self.hits(doc, x, y)?;
        if let Some(&top) = hits.first() {
            return Ok(Some(top));
        }
        if !self.viewport_holds(doc.0, x, y) {
            return Ok(None);
        }
        self.document_element_of(doc)
    }

    /// Whether (`x`, `y`) is in the viewport of `doc`, which needs a
    /// browsing context.
    fn viewport_holds(&self, doc: Entity, x: f64, y: f64) -> bool {
        if self.window_of_document(doc).is_none() {
            return false;
        }
        let (w, h) = super::viewport_of(self, doc);
        x >= 0.0 && y >= 0.0 && x <= w && y <= h
    }

    /// The elements hit at (`x`, `y`), topmost first.
    fn hits(&self, doc: NodeId, x: f64, y: f64) -> DomResult<Vec<NodeId>> {
        if self.live(doc)?.kind != NodeKind::Document {
            return Err(DomError::Type("not a document".into()));
        }
        if !self.viewport_holds(doc.0, x, y) {
            return Ok(Vec::new());
        }
        let Some(root) = self.document_element_of(doc)? else {
            return Ok(Vec::new());
        };
        let Some(layout) = self.layout_of(root.0) else {
            return Ok(Vec::new());
        };
        // Tree order, shadow trees in their host's place.
        let mut order: FxHashMap<Entity, usize> = FxHashMap::default();
        let mut stack = vec![doc.0];
        while let Some(top) = stack.pop() {
            for e in std::iter::once(top).chain(self.descendants_of(top)) {
                let next = order.len() + 1;
                order.entry(e).or_insert(next);
                if let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e) {
                    stack.push(h.0);
                }
            }
        }
        let layer = self.top_layer(doc.0);
        // The top layer entry (from 1, bottom first) an element is in.
        let layer_of = |e: Entity| {
            layer
                .iter()
                .rposition(|&t| self.is_shadow_including_ancestor_or_self(t, e))
                .map_or(0, |k| k + 1)
        };
        let mut found: Vec<(Level, Entity)> = Vec::new();
        for (&e, (rects, m)) in &layout.boxes {
            let hit = rects.iter().any(|r| {
                let r = match m {
                    Some(m) => super::transform::bounds(m, r),
                    None => *r,
                };
                x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
            });
            if !hit || self.is_inert(e) {
                continue;
            }
            let Some(s) = self.computed_values(e, StyleTarget::Element) else {
                continue;
            };
            if s.get_inherited_box().visibility != Visibility::Visible
                || s.get_inherited_ui().pointer_events == PointerEvents::None
            {
                continue;
            }
            // (A positioned box paints with its descendants, above the
            // in-flow boxes, at its `z-index`.)
            let mut positioned = None;
            let mut style = Some(s);
            let mut at = e;
            while let Some(sa) = style {
                if sa.get_box().position != PositionProperty::Static {
                    positioned = Some(sa.get_position().z_index.integer_or(0));
                    break;
                }
                let Some(parent) = self.flat_tree_parent_element(at) else {
                    break;
                };
                at = parent;
                style = self.computed_values(at, StyleTarget::Element);
            }
            let level = (
                layer_of(e),
                u8::from(positioned.is_some()),
                positioned.unwrap_or(0),
                order.get(&e).copied().unwrap_or(0),
            );
            found.push((level, e));
        }
        // A modal dialog's `::backdrop` covers the viewport just below it.
        for (k, &d) in layer.iter().enumerate() {
            if self.is_modal(d) {
                found.push(((k + 1, 0, i32::MIN, 0), d));
            }
        }
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        let mut out: Vec<NodeId> = Vec::with_capacity(found.len());
        for (_, e) in found {
            if !out.contains(&NodeId(e)) {
                out.push(NodeId(e));
            }
        }
        Ok(out)
    }

    /// Whether `e` is inert: in an `inert` subtree, or blocked by a modal
    /// dialog.
    pub(crate) fn is_inert(&self, e: Entity) -> bool {
        if self.blocked_by_modal_dialog(e) {
            return true;
        }
        let mut cur = Some(e);
        while let Some(x) = cur {
            if self.html_local(NodeId(x)).is_some()
                && self
                    .get_attribute(NodeId(x), "inert")
                    .ok()
                    .flatten()
                    .is_some()
            {
                return true;
            }
            cur = self.n(x).parent;
        }
        false
    }
}
