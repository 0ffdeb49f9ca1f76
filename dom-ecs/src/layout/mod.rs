//! Layout: each element's boxes, for CSSOM View's geometry
//! (`getClientRects`, `getBoundingClientRect`,
//! <https://drafts.csswg.org/cssom-view/#dom-element-getclientrects>).
//!
//! The box tree is made from the flat tree and the computed styles
//! (`cascade/`) and laid out by Taffy (block layout with margin
//! collapsing and floats, flexbox, positioned boxes with their containing
//! blocks) in the viewport (800x600 for the page, 300x150 for a nested
//! document); inline content is laid out by `inline.rs`, with no fonts.
//! `style.rs` says what Taffy's style cannot express. A layout is kept
//! until `Mutations::restyle` moves (a change to the tree, attributes,
//! styles or a running animation's time).

mod hit;
mod inline;
mod style;
mod transform;

use bevy_ecs::prelude::Entity;
use rustc_hash::FxHashMap;
use taffy::prelude::{AvailableSpace, Size, TaffyTree};

use crate::cascade::StyleTarget;
use crate::document::Document;
use crate::error::DomResult;
use crate::node::{NodeId, NodeKind};
use inline::Run;

/// An axis-aligned rectangle in CSS pixels (a `DOMRect`'s values).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BoxRect {
    /// The x coordinate of its origin.
    pub x: f64,
    /// The y coordinate of its origin.
    pub y: f64,
    /// Its width.
    pub width: f64,
    /// Its height.
    pub height: f64,
}

/// What a layout node stands for.
#[derive(Clone, Copy, Debug)]
enum Content {
    /// An element's box.
    Element(Entity),
    /// An inline formatting context (its index in `Layout::runs`).
    Run(usize),
}

/// A document's laid-out boxes.
#[derive(Debug, Default)]
struct Layout {
    /// Each element's border boxes, in the initial containing block's
    /// coordinates (several for an inline box on several lines), with
    /// the transform of it and its ancestors.
    boxes: FxHashMap<Entity, (Vec<BoxRect>, Option<transform::Matrix>)>,
}

/// The kept layouts: each document's, at a `restyle` count.
#[derive(Debug, Default)]
pub(crate) struct Layouts {
    epoch: Option<u64>,
    docs: FxHashMap<Entity, std::sync::Arc<Layout>>,
}

/// Makes one document's box tree.
struct Builder<'d> {
    doc: &'d Document,
    tree: TaffyTree<Content>,
    runs: Vec<Run>,
    /// The element of each box.
    elements: Vec<(taffy::NodeId, Entity)>,
    /// Each run's node.
    run_nodes: Vec<taffy::NodeId>,
}

/// The viewport of document `doc`: 800x600 for the page's, 300x150 (an
/// iframe's default size) for a nested document's.
fn viewport_of(d: &Document, doc: Entity) -> (f64, f64) {
    if doc == d.root {
        (800.0, 600.0)
    } else {
        (300.0, 150.0)
    }
}

impl Document {
    /// `getClientRects()`: the border boxes of `element`'s fragments
    /// (none without a box: not connected, in no document with a
    /// browsing context, `display: none` or `contents`), transformed
    /// (each the bounding box of its transformed corners), relative to the
    /// viewport (which never scrolls).
    pub fn client_rects(&self, element: NodeId) -> DomResult<Vec<BoxRect>> {
        let e = self.element(element)?;
        let Some(layout) = self.layout_of(e) else {
            return Ok(Vec::new());
        };
        Ok(match layout.boxes.get(&e) {
            Some((rects, m)) => rects
                .iter()
                .map(|r| match m {
                    Some(m) => transform::bounds(m, r),
                    None => *r,
                })
                .collect(),
            None => Vec::new(),
        })
    }

    /// `getBoundingClientRect()`
    /// (<https://drafts.csswg.org/cssom-view/#dom-element-getboundingclientrect>):
    /// the union of the client rects that have an area, else the first,
    /// else an empty rectangle at the origin.
    pub fn bounding_client_rect(&self, element: NodeId) -> DomResult<BoxRect> {
        let rects = self.client_rects(element)?;
        let Some(first) = rects.first() else {
            return Ok(BoxRect::default());
        };
        let mut area = rects.iter().filter(|r| r.width != 0.0 && r.height != 0.0);
        let Some(mut u) = area.next().copied() else {
            return Ok(*first);
        };
        for r in area {
            let right = (u.x + u.width).max(r.x + r.width);
            let bottom = (u.y + u.height).max(r.y + r.height);
            u.x = u.x.min(r.x);
            u.y = u.y.min(r.y);
            u.width = right - u.x;
            u.height = bottom - u.y;
        }
        Ok(u)
    }

    /// The layout of `e`'s document, made now if there is none since the
    /// last change; none for a node of a document without a browsing
    /// context or not connected.
    fn layout_of(&self, e: Entity) -> Option<std::sync::Arc<Layout>> {
        if !self.in_document_tree(e) {
            return None;
        }
        let doc = self.node_document(e);
        self.window_of_document(doc)?;
        let epoch = self.mutations.restyle;
        {
            let kept = self
                .layouts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if kept.epoch == Some(epoch)
                && let Some(l) = kept.docs.get(&doc)
            {
                return Some(l.clone());
            }
        }
        let layout = std::sync::Arc::new(self.lay_out(doc));
        let mut kept = self
            .layouts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.epoch != Some(epoch) {
            kept.docs.clear();
            kept.epoch = Some(epoch);
        }
        kept.docs.insert(doc, layout.clone());
        Some(layout)
    }

    /// Lay out document `doc`'s tree in its viewport.
    fn lay_out(&self, doc: Entity) -> Layout {
        let mut out = Layout::default();
        let Some(root) = self
            .children_of(doc)
            .find(|&c| self.n(c).kind == NodeKind::Element)
        else {
            return out;
        };
        let mut b = Builder {
            doc: self,
            tree: TaffyTree::new(),
            runs: Vec::new(),
            elements: Vec::new(),
            run_nodes: Vec::new(),
        };
        b.tree.disable_rounding();
        let Some(root_node) = b.element_box(root) else {
            return out;
        };
        let viewport = viewport_of(self, doc);
        let runs = &b.runs;
        let laid = b.tree.compute_layout_with_measure(
            root_node,
            Size {
                width: AvailableSpace::Definite(viewport.0 as f32),
                height: AvailableSpace::Definite(viewport.1 as f32),
            },
            |inputs, _, ctx, style| {
                taffy::compute_leaf_layout(
                    inputs,
                    style,
                    |_, _| 0.0,
                    |known, available| {
                        let run = match ctx {
                            Some(Content::Run(i)) => &runs[*i],
                            _ => return Size::ZERO,
                        };
                        let width = known.width.or(match available.width {
                            AvailableSpace::Definite(w) => Some(w),
                            AvailableSpace::MinContent => Some(run.min_content()),
                            AvailableSpace::MaxContent => None,
                        });
                        let (w, h) = run.measure(width);
                        Size {
                            width: known.width.unwrap_or(w),
                            height: known.height.unwrap_or(h),
                        }
                    },
                )
            },
        );
        if laid.is_err() {
            return out;
        }
        let origins = b.origins(root_node);
        let matrices = transform::matrices(self, &b, &origins);
        for &(node, e) in &b.elements {
            let (Some(o), Ok(l)) = (origins.get(&node), b.tree.layout(node)) else {
                continue;
            };
            let rect = BoxRect {
                x: f64::from(o.0),
                y: f64::from(o.1),
                width: f64::from(l.size.width),
                height: f64::from(l.size.height),
            };
            out.boxes
                .insert(e, (vec![rect], matrices.get(&node).copied().flatten()));
        }
        // Inline boxes: their fragments in their runs.
        for (i, run) in b.runs.iter().enumerate() {
            let node = b.run_nodes[i];
            let (Some(o), Ok(l)) = (origins.get(&node), b.tree.layout(node)) else {
                continue;
            };
            let m = matrices.get(&node).copied().flatten();
            for (e, f) in run.fragments(l.content_box_width()) {
                let rect = BoxRect {
                    x: f64::from(o.0 + l.padding.left + l.border.left + f.x),
                    y: f64::from(o.1 + l.padding.top + l.border.top + f.y),
                    width: f64::from(f.width),
                    height: f64::from(f.height),
                };
                out.boxes
                    .entry(e)
                    .or_insert_with(|| (Vec::new(), m))
                    .0
                    .push(rect);
            }
        }
        out
    }

    /// The children of `e` in the flat tree: a shadow host's shadow
    /// root's, a slot's assigned nodes (else its own), else its own.
    fn flat_children(&self, e: Entity) -> Vec<Entity> {
        if let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e) {
            return self.children_of(h.0).collect();
        }
        if let Some(assigned) = self.slot_assigned(e)
            && !assigned.is_empty()
        {
            return assigned.to_vec();
        }
        self.children_of(e).collect()
    }
}

impl Builder<'_> {
    /// `e`'s box (and its descendants'), if it has one of its own.
    fn element_box(&mut self, e: Entity) -> Option<taffy::NodeId> {
        let s = self.doc.computed_values(e, StyleTarget::Element)?;
        let d = s.get_box().display;
        if d.is_none() || d.is_contents() {
            return None;
        }
        let children = self.child_boxes(e, &s);
        let node = self
            .tree
            .new_with_children(style::box_style(&s), &children)
            .ok()?;
        self.tree
            .set_node_context(node, Some(Content::Element(e)))
            .ok()?;
        self.elements.push((node, e));
        Some(node)
    }

    /// The boxes of `parent`'s children: block-level boxes, and each run
    /// of inline content between them as an inline formatting context.
    fn child_boxes(
        &mut self,
        parent: Entity,
        s: &::style::properties::ComputedValues,
    ) -> Vec<taffy::NodeId> {
        let mut out = Vec::new();
        let mut run = Run::default();
        run.wrap = s.get_inherited_text().text_wrap_mode
            == ::style::computed_values::text_wrap_mode::T::Wrap;
        run.align = {
            use ::style::computed_values::text_align::T as A;
            match s.get_inherited_text().text_align {
                A::Center | A::MozCenter => 1,
                A::Right | A::MozRight | A::End => 2,
                _ => 0,
            }
        };
        self.content(parent, s, &mut out, &mut run);
        self.end_run(&mut out, &mut run);
        out
    }

    /// Add `parent`'s children's content: inline content to `run`, boxes
    /// to `out`.
    fn content(
        &mut self,
        parent: Entity,
        s: &::style::properties::ComputedValues,
        out: &mut Vec<taffy::NodeId>,
        run: &mut Run,
    ) {
        for c in self.doc.flat_children(parent) {
            match self.doc.n(c).kind {
                NodeKind::Text => {
                    if let Some(t) = self.doc.world.get::<crate::node::CharacterData>(c) {
                        run.text(&t.0, s);
                    }
                }
                NodeKind::Element => {
                    let Some(cs) = self.doc.computed_values(c, StyleTarget::Element) else {
                        continue;
                    };
                    let d = cs.get_box().display;
                    if d.is_none() {
                        continue;
                    }
                    if d.is_contents() {
                        self.content(c, &cs, out, run);
                    } else if style::is_inline_box(&cs) && !style::out_of_flow(&cs) {
                        run.open(c, &cs);
                        if self
                            .doc
                            .names
                            .get("br")
                            .is_some_and(|br| self.doc.is_html(c, br))
                        {
                            run.line_break(&cs);
                        } else {
                            self.content(c, &cs, out, run);
                        }
                        run.close(c);
                    } else if let Some(node) = self.element_box(c) {
                        // (An out-of-flow box leaves the run as it is.)
                        if !style::out_of_flow(&cs) {
                            self.end_run(out, run);
                        }
                        out.push(node);
                    }
                }
                _ => {}
            }
        }
    }

    /// Close the current run: a box for it if it has content.
    fn end_run(&mut self, out: &mut Vec<taffy::NodeId>, run: &mut Run) {
        let next = run.next();
        let done = std::mem::replace(run, next);
        if !done.is_visible() {
            return;
        }
        let i = self.runs.len();
        self.runs.push(done);
        let style = taffy::style::Style {
            display: taffy::style::Display::Block,
            ..taffy::style::Style::DEFAULT
        };
        if let Ok(node) = self.tree.new_leaf_with_context(style, Content::Run(i)) {
            self.run_nodes.push(node);
            out.push(node);
        } else {
            self.runs.pop();
        }
    }

    /// Each box's border box origin in the initial containing block's
    /// coordinates: a box in flow is placed in its parent, an
    /// out-of-flow box in its containing block (Taffy hoists it there).
    fn origins(&self, root: taffy::NodeId) -> FxHashMap<taffy::NodeId, (f32, f32)> {
        let mut out = FxHashMap::default();
        let Ok(l) = self.tree.layout(root) else {
            return out;
        };
        let mut stack = vec![(root, (l.location.x, l.location.y))];
        while let Some((node, o)) = stack.pop() {
            out.insert(node, o);
            let hoisted = self.tree.hoisted_children(node).unwrap_or(&[]);
            let children = self.tree.children(node).unwrap_or_default();
            for c in children
                .iter()
                .copied()
                .filter(|&c| !self.is_out_of_flow(c))
                .chain(hoisted.iter().copied())
            {
                if let Ok(l) = self.tree.layout(c) {
                    stack.push((c, (o.0 + l.location.x, o.1 + l.location.y)));
                }
            }
        }
        out
    }

    fn is_out_of_flow(&self, node: taffy::NodeId) -> bool {
        self.tree
            .style(node)
            .is_ok_and(|s| s.position.is_out_of_flow())
    }
}

#[cfg(test)]
mod tests;
