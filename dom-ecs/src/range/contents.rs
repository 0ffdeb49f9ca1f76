//! What a range holds: `deleteContents`, `extractContents`,
//! `cloneContents`, `insertNode`, `surroundContents`, the stringifier and
//! `createContextualFragment`
//! (<https://dom.spec.whatwg.org/#interface-range>).

use bevy_ecs::prelude::*;

use super::{Point, Range};
use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{CharacterData, NodeId, NodeKind};

/// The parts of a range that extraction and cloning treat in turn
/// (<https://dom.spec.whatwg.org/#concept-range-extract> steps 5-8).
struct Parts {
    first_partial: Option<Entity>,
    last_partial: Option<Entity>,
    contained: Vec<Entity>,
}

fn is_character_data(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction
    )
}

impl Document {
    fn is_cd(&self, e: Entity) -> bool {
        is_character_data(self.n(e).kind)
    }

    /// The range's common ancestor: the start node's nearest inclusive
    /// ancestor that is an inclusive ancestor of the end node.
    fn common_ancestor(&self, start: Point, end: Point) -> Entity {
        let mut c = start.node;
        while !self.is_inclusive_ancestor(c, end.node) {
            match self.n(c).parent {
                Some(p) => c = p,
                None => break,
            }
        }
        c
    }

    fn parts(&self, start: Point, end: Point) -> DomResult<(Entity, Parts)> {
        let common = self.common_ancestor(start, end);
        let mut parts = Parts {
            first_partial: None,
            last_partial: None,
            contained: Vec::new(),
        };
        let start_inside_end = self.is_inclusive_ancestor(start.node, end.node);
        let end_inside_start = self.is_inclusive_ancestor(end.node, start.node);
        for c in self.children_of(common) {
            if self.is_partially_contained(c, start, end) {
                if !start_inside_end && parts.first_partial.is_none() {
                    parts.first_partial = Some(c);
                }
                if !end_inside_start {
                    parts.last_partial = Some(c);
                }
            } else if self.is_contained(c, start, end) {
                if self.n(c).kind == NodeKind::Doctype {
                    return Err(DomError::HierarchyRequest(
                        "a range holding a doctype can not be extracted or cloned".into(),
                    ));
                }
                parts.contained.push(c);
            }
        }
        Ok((common, parts))
    }

    /// Where the range collapses after its contents leave (extract steps
    /// 10-11, delete steps 5-6).
    fn point_after_removal(&self, start: Point, end: Point) -> Point {
        if self.is_inclusive_ancestor(start.node, end.node) {
            return start;
        }
        let mut reference = start.node;
        while let Some(p) = self.n(reference).parent
            && !self.is_inclusive_ancestor(p, end.node)
        {
            reference = p;
        }
        match self.n(reference).parent {
            Some(p) => Point::new(p, self.index_of(reference) + 1),
            None => start,
        }
    }

    /// A new fragment of the start node's node document.
    fn fragment_for(&mut self, start: Point) -> DomResult<Entity> {
        let doc = NodeId(self.node_document(start.node));
        Ok(self.create_document_fragment_in(doc)?.0)
    }

    /// Append to `fragment` a copy of character data node `e` holding
    /// `count` code units of its data from `offset`.
    fn copy_data(&mut self, e: Entity, offset: u32, count: u32, fragment: Entity) -> DomResult<()> {
        let data = self.substring_data(NodeId(e), offset as usize, count as usize)?;
        let copy = self.clone_node(NodeId(e), false)?.0;
        self.set_data_unchecked(copy, &data);
        self.insert_node(copy, fragment, None);
        Ok(())
    }

    /// [`Document::copy_data`], then those code units leave `e`.
    fn move_data(&mut self, e: Entity, offset: u32, count: u32, fragment: Entity) -> DomResult<()> {
        self.copy_data(e, offset, count, fragment)?;
        self.replace_data(NodeId(e), offset as usize, count as usize, "")
    }

    /// [Extract](https://dom.spec.whatwg.org/#concept-range-extract) the
    /// contents from `start` to `end` (in one tree, start first) into a new
    /// fragment; returns it and the point the range collapses to.
    fn extract(&mut self, start: Point, end: Point) -> DomResult<(Entity, Point)> {
        let fragment = self.fragment_for(start)?;
        if start == end {
            return Ok((fragment, start));
        }
        if start.node == end.node && self.is_cd(start.node) {
            self.move_data(
                start.node,
                start.offset,
                end.offset - start.offset,
                fragment,
            )?;
            return Ok((fragment, start));
        }
        let (_, parts) = self.parts(start, end)?;
        let new_point = self.point_after_removal(start, end);
        if let Some(first) = parts.first_partial {
            if self.is_cd(first) {
                let count = self.node_length(start.node) - start.offset;
                self.move_data(start.node, start.offset, count, fragment)?;
            } else {
                let copy = self.clone_node(NodeId(first), false)?.0;
                self.insert_node(copy, fragment, None);
                let sub_end = Point::new(first, self.node_length(first));
                let (sub, _) = self.extract(start, sub_end)?;
                self.insert_node(sub, copy, None);
            }
        }
        for c in parts.contained {
            self.insert_node(c, fragment, None);
        }
        if let Some(last) = parts.last_partial {
            if self.is_cd(last) {
                self.move_data(end.node, 0, end.offset, fragment)?;
            } else {
                let copy = self.clone_node(NodeId(last), false)?.0;
                self.insert_node(copy, fragment, None);
                let (sub, _) = self.extract(Point::new(last, 0), end)?;
                self.insert_node(sub, copy, None);
            }
        }
        Ok((fragment, new_point))
    }

    /// [Clone the contents](https://dom.spec.whatwg.org/#concept-range-clone)
    /// from `start` to `end` into a new fragment.
    fn clone_contents_of(&mut self, start: Point, end: Point) -> DomResult<Entity> {
        let fragment = self.fragment_for(start)?;
        if start == end {
            return Ok(fragment);
        }
        if start.node == end.node && self.is_cd(start.node) {
            self.copy_data(
                start.node,
                start.offset,
                end.offset - start.offset,
                fragment,
            )?;
            return Ok(fragment);
        }
        let (_, parts) = self.parts(start, end)?;
        if let Some(first) = parts.first_partial {
            if self.is_cd(first) {
                let count = self.node_length(start.node) - start.offset;
                self.copy_data(start.node, start.offset, count, fragment)?;
            } else {
                let copy = self.clone_node(NodeId(first), false)?.0;
                self.insert_node(copy, fragment, None);
                let sub_end = Point::new(first, self.node_length(first));
                let sub = self.clone_contents_of(start, sub_end)?;
                self.insert_node(sub, copy, None);
            }
        }
        for c in parts.contained {
            let copy = self.clone_node(NodeId(c), true)?.0;
            self.insert_node(copy, fragment, None);
        }
        if let Some(last) = parts.last_partial {
            if self.is_cd(last) {
                self.copy_data(end.node, 0, end.offset, fragment)?;
            } else {
                let copy = self.clone_node(NodeId(last), false)?.0;
                self.insert_node(copy, fragment, None);
                let sub = self.clone_contents_of(Point::new(last, 0), end)?;
                self.insert_node(sub, copy, None);
            }
        }
        Ok(fragment)
    }

    /// The nodes contained in the range whose parent is not, in tree order
    /// (`deleteContents` step 4).
    fn top_contained(&self, start: Point, end: Point) -> Vec<Entity> {
        let common = self.common_ancestor(start, end);
        let mut out = Vec::new();
        let mut stack: Vec<Entity> = self.children_of(common).collect();
        stack.reverse();
        while let Some(c) = stack.pop() {
            if self.is_contained(c, start, end) {
                out.push(c);
            } else if self.is_partially_contained(c, start, end) {
                let at = stack.len();
                stack.extend(self.children_of(c));
                stack[at..].reverse();
            }
        }
        out
    }
}

impl Range {
    /// `deleteContents()` (<https://dom.spec.whatwg.org/#dom-range-deletecontents>).
    pub fn delete_contents(&self, d: &mut Document) -> DomResult<()> {
        let (start, end) = self.points();
        if start == end {
            return Ok(());
        }
        if start.node == end.node && d.is_cd(start.node) {
            let count = (end.offset - start.offset) as usize;
            return d.replace_data(NodeId(start.node), start.offset as usize, count, "");
        }
        let remove = d.top_contained(start, end);
        let new_point = d.point_after_removal(start, end);
        if d.is_cd(start.node) {
            let count = d.node_length(start.node) - start.offset;
            d.replace_data(
                NodeId(start.node),
                start.offset as usize,
                count as usize,
                "",
            )?;
        }
        for n in remove {
            d.remove_node(n);
        }
        if d.is_cd(end.node) {
            d.replace_data(NodeId(end.node), 0, end.offset as usize, "")?;
        }
        d.set_points(self, new_point, new_point);
        Ok(())
    }

    /// `extractContents()`: the contents, moved into a new fragment.
    ///
    /// # Errors
    /// `HierarchyRequestError` when a doctype would be moved.
    pub fn extract_contents(&self, d: &mut Document) -> DomResult<NodeId> {
        let (start, end) = self.points();
        let (fragment, at) = d.extract(start, end)?;
        d.set_points(self, at, at);
        d.lifetime.note_detached(fragment);
        Ok(NodeId(fragment))
    }

    /// `cloneContents()`: a copy of the contents in a new fragment.
    ///
    /// # Errors
    /// `HierarchyRequestError` when a doctype would be copied.
    pub fn clone_contents(&self, d: &mut Document) -> DomResult<NodeId> {
        let (start, end) = self.points();
        let fragment = d.clone_contents_of(start, end)?;
        d.lifetime.note_detached(fragment);
        Ok(NodeId(fragment))
    }

    /// `insertNode(node)` (<https://dom.spec.whatwg.org/#concept-range-insert>).
    ///
    /// # Errors
    /// `HierarchyRequestError` when the start is in a comment, a
    /// processing instruction, a parentless text node or `node` itself,
    /// and the errors of inserting `node` there.
    pub fn insert_node(&self, d: &mut Document, node: NodeId) -> DomResult<()> {
        d.live(node)?;
        let (start, _) = self.points();
        let kind = d.n(start.node).kind;
        if matches!(kind, NodeKind::Comment | NodeKind::ProcessingInstruction)
            || (kind == NodeKind::Text && d.n(start.node).parent.is_none())
            || start.node == node.0
        {
            return Err(DomError::HierarchyRequest(
                "a node can not be inserted at the range's start".into(),
            ));
        }
        let mut reference = if kind == NodeKind::Text {
            Some(start.node)
        } else {
            d.children_of(start.node).nth(start.offset as usize)
        };
        let parent = match reference {
            Some(r) => d.n(r).parent.unwrap_or(start.node),
            None => start.node,
        };
        d.ensure_pre_insertion_validity(node.0, parent, reference, None)?;
        if kind == NodeKind::Text {
            reference = Some(d.split_text(NodeId(start.node), start.offset as usize)?.0);
        }
        if reference == Some(node.0) {
            reference = d.n(node.0).next_sibling;
        }
        if d.n(node.0).parent.is_some() {
            d.remove_node(node.0);
        }
        let mut new_offset = match reference {
            Some(r) => d.index_of(r),
            None => d.node_length(parent),
        };
        new_offset += if d.n(node.0).kind == NodeKind::Fragment {
            d.node_length(node.0)
        } else {
            1
        };
        d.pre_insert(node, NodeId(parent), reference.map(NodeId))?;
        let (s, e) = self.points();
        if s == e {
            d.set_points(self, s, Point::new(parent, new_offset));
        }
        Ok(())
    }

    /// `surroundContents(newParent)`
    /// (<https://dom.spec.whatwg.org/#dom-range-surroundcontents>).
    ///
    /// # Errors
    /// `InvalidStateError` when the range cuts through a node other than
    /// text; `InvalidNodeTypeError` for a document, doctype or fragment;
    /// the errors of `extractContents` and `insertNode`.
    pub fn surround_contents(&self, d: &mut Document, new_parent: NodeId) -> DomResult<()> {
        d.live(new_parent)?;
        let (start, end) = self.points();
        let common = d.common_ancestor(start, end);
        for boundary in [start.node, end.node] {
            let mut e = boundary;
            while e != common {
                if d.n(e).kind != NodeKind::Text && d.is_partially_contained(e, start, end) {
                    return Err(DomError::InvalidState(
                        "the range cuts through a node other than text".into(),
                    ));
                }
                match d.n(e).parent {
                    Some(p) => e = p,
                    None => break,
                }
            }
        }
        if matches!(
            d.n(new_parent.0).kind,
            NodeKind::Document | NodeKind::Doctype | NodeKind::Fragment
        ) {
            return Err(DomError::InvalidNodeType(
                "a document, doctype or fragment can not surround a range".into(),
            ));
        }
        let fragment = self.extract_contents(d)?;
        if d.n(new_parent.0).first_child.is_some() {
            d.replace_all(None, new_parent.0);
        }
        self.insert_node(d, new_parent)?;
        d.append_child(new_parent, fragment)?;
        self.select_node(d, new_parent)
    }

    /// The stringifier (<https://dom.spec.whatwg.org/#dom-range-stringifier>):
    /// the text of the Text nodes in the range.
    pub fn text(&self, d: &Document) -> DomResult<String> {
        let (start, end) = self.points();
        let is_text = |e: Entity| d.n(e).kind == NodeKind::Text;
        let data = |e: Entity| d.world.get::<CharacterData>(e).map_or("", |c| &c.0);
        if start.node == end.node && is_text(start.node) {
            let count = end.offset.saturating_sub(start.offset) as usize;
            return d.substring_data(NodeId(start.node), start.offset as usize, count);
        }
        let mut s = String::new();
        if is_text(start.node) {
            let count = d.node_length(start.node) - start.offset;
            s += &d.substring_data(NodeId(start.node), start.offset as usize, count as usize)?;
        }
        for top in d.top_contained(start, end) {
            if is_text(top) {
                s += data(top);
            }
            for e in d.descendants_of(top) {
                if is_text(e) {
                    s += data(e);
                }
            }
        }
        if is_text(end.node) {
            s += &d.substring_data(NodeId(end.node), 0, end.offset as usize)?;
        }
        Ok(crate::dom_string::canonical(s))
    }

    /// `createContextualFragment(string)`
    /// (<https://html.spec.whatwg.org/#dom-range-createcontextualfragment>):
    /// `string` parsed as a fragment in the context of the start node (its
    /// parent element for character data; `<body>` for none or `<html>`).
    pub fn create_contextual_fragment(&self, d: &mut Document, html: &str) -> DomResult<NodeId> {
        let (start, _) = self.points();
        let element = match d.n(start.node).kind {
            NodeKind::Element => Some(start.node),
            NodeKind::Text | NodeKind::Comment => d
                .n(start.node)
                .parent
                .filter(|&p| d.n(p).kind == NodeKind::Element),
            _ => None,
        };
        // An HTML document's `html` element is no context: a `body` is.
        let node_doc = d.node_document(start.node);
        let html_doc = d.is_html_document(node_doc);
        let element = element.filter(|&e| {
            d.element_name(e)
                .is_some_and(|n| !(html_doc && n.ns == Ns::Html && n.local == d.names.known.html))
        });
        let fragment = d.parse_fragment_in(html, element, node_doc)?;
        // Its scripts run once inserted into a document, unlike innerHTML's.
        d.unmark_scripts(fragment.0);
        let doc = d.node_document(start.node);
        if doc != d.root {
            d.adopt_subtree(fragment.0, doc);
        }
        Ok(fragment)
    }
}
