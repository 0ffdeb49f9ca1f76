//! Creating nodes and changing the tree's structure: the one mutation path.
//!
//! The WHATWG algorithms are split the way the spec splits them: public
//! methods validate (e.g. [ensure pre-insertion validity]) and then call the
//! unchecked [`Document::insert_node`] / [`Document::remove_node`], which the
//! HTML parser's sink and the command buffers call too. Those two keep every
//! invariant: links consistent both ways, the connected flag, and the id index.
//!
//! [ensure pre-insertion validity]: https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{
    Attribute, Attributes, CONNECTED, CharacterData, Doctype, ElementName, Node, NodeId, NodeKind,
    TEMPLATE_CONTENTS, TemplateContents, TemplateHost,
};

/// Whether `name` is a valid element local name
/// (<https://dom.spec.whatwg.org/#valid-element-local-name>).
pub fn is_valid_element_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if first.is_ascii_alphabetic() {
        !name
            .chars()
            .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '>'))
    } else if first == ':' || first == '_' || first as u32 >= 0x80 {
        chars.all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '_') || c as u32 >= 0x80
        })
    } else {
        false
    }
}

/// A valid doctype name (<https://dom.spec.whatwg.org/#valid-doctype-name>):
/// no ASCII whitespace, U+0000 or `>`.
pub fn is_valid_doctype_name(name: &str) -> bool {
    !name
        .chars()
        .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '>'))
}

/// Whether `name` is a valid attribute local name
/// (<https://dom.spec.whatwg.org/#valid-attribute-local-name>).
pub fn is_valid_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '=' | '>'))
}

impl Document {
    // ----- creation -----------------------------------------------------------

    /// `createElement(localName)`: an HTML element, its name lowercased.
    ///
    /// # Errors
    /// `InvalidCharacterError` if `local_name` is not a valid element name.
    pub fn create_element(&mut self, local_name: &str) -> DomResult<NodeId> {
        if !is_valid_element_name(local_name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{local_name}' is not a valid element name"
            )));
        }
        let lower;
        let name = if local_name.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = local_name.to_ascii_lowercase();
            &lower
        } else {
            local_name
        };
        Ok(self.create_element_ns(Ns::Html, name, Vec::new()))
    }

    /// Create an element with a namespace, local name and attributes, with no
    /// validation (the parser's entry point). A `<template>` gets its contents
    /// fragment here.
    pub fn create_element_ns(
        &mut self,
        ns: Ns,
        local_name: &str,
        attrs: Vec<(Ns, &str, String)>,
    ) -> NodeId {
        let local = self.names.intern(local_name);
        let tag = if ns == Ns::Html {
            self.names.upper(local)
        } else {
            local
        };
        let mut attributes = Attributes {
            list: smallvec::SmallVec::with_capacity(attrs.len()),
            ..Attributes::default()
        };
        for (ans, name, value) in attrs {
            let sym = self.names.intern(name);
            if attributes.position(ans, sym).is_none() {
                attributes.list.push(Attribute {
                    ns: ans,
                    local: sym,
                    value: value.into(),
                });
            }
        }
        self.refresh_derived(&mut attributes);
        let e = self
            .world
            .spawn((
                Node::new(NodeKind::Element),
                ElementName { ns, local, tag },
                attributes,
            ))
            .id();
        if ns == Ns::Html && local == self.names.known.template {
            let mut frag = Node::new(NodeKind::Fragment);
            frag.flags |= TEMPLATE_CONTENTS;
            let contents = self.world.spawn((frag, TemplateHost(e))).id();
            self.world.entity_mut(e).insert(TemplateContents(contents));
        }
        self.lifetime.note_detached(e);
        NodeId(e)
    }

    /// `createTextNode(data)`
    pub fn create_text_node(&mut self, data: &str) -> NodeId {
        self.create_character_data(NodeKind::Text, data.to_owned())
    }

    /// `createComment(data)`
    pub fn create_comment(&mut self, data: &str) -> NodeId {
        self.create_character_data(NodeKind::Comment, data.to_owned())
    }

    /// `createProcessingInstruction(target, data)`
    /// (<https://dom.spec.whatwg.org/#dom-document-createprocessinginstruction>).
    ///
    /// # Errors
    /// `InvalidCharacterError` if `target` is not a valid name or `data`
    /// holds `?>`.
    pub fn create_processing_instruction(&mut self, target: &str, data: &str) -> DomResult<NodeId> {
        if !is_valid_element_name(target) {
            return Err(DomError::InvalidCharacter(format!(
                "'{target}' is not a valid processing instruction target"
            )));
        }
        if data.contains("?>") {
            return Err(DomError::InvalidCharacter(
                "processing instruction data may not contain '?>'".into(),
            ));
        }
        let id = self.create_character_data(NodeKind::ProcessingInstruction, data.to_owned());
        self.world
            .entity_mut(id.0)
            .insert(crate::node::PiTarget(target.into()));
        Ok(id)
    }

    /// A processing instruction's `target`.
    pub fn pi_target(&self, id: NodeId) -> DomResult<&str> {
        self.live(id)?;
        self.world
            .get::<crate::node::PiTarget>(id.0)
            .map(|t| t.0.as_str())
            .ok_or_else(|| DomError::InvalidState("not a processing instruction".into()))
    }

    pub(crate) fn create_character_data(&mut self, kind: NodeKind, data: String) -> NodeId {
        let e = self
            .world
            .spawn((Node::new(kind), CharacterData(data.into())))
            .id();
        self.lifetime.note_detached(e);
        NodeId(e)
    }

    /// A new, empty document node in this world (`new Document()`): no
    /// children, not connected to the page's document.
    pub fn create_document(&mut self) -> NodeId {
        let e = self.world.spawn(Node::new(NodeKind::Document)).id();
        self.lifetime.note_detached(e);
        NodeId(e)
    }

    /// A new DocumentFragment (`createDocumentFragment()`), not yet inserted.
    pub fn create_document_fragment(&mut self) -> NodeId {
        let e = self.world.spawn(Node::new(NodeKind::Fragment)).id();
        self.lifetime.note_detached(e);
        NodeId(e)
    }

    /// A doctype node (`implementation.createDocumentType`), not yet inserted.
    pub fn create_doctype(&mut self, name: &str, public_id: &str, system_id: &str) -> NodeId {
        let e = self
            .world
            .spawn((
                Node::new(NodeKind::Doctype),
                Doctype {
                    name: name.to_owned(),
                    public_id: public_id.to_owned(),
                    system_id: system_id.to_owned(),
                },
            ))
            .id();
        self.lifetime.note_detached(e);
        NodeId(e)
    }

    // ----- the public mutation methods (validated) -----------------------------

    /// `appendChild(node)`; returns `node`.
    pub fn append_child(&mut self, parent: NodeId, node: NodeId) -> DomResult<NodeId> {
        self.pre_insert(node, parent, None)
    }

    /// `insertBefore(node, child)`; returns `node`.
    pub fn insert_before(
        &mut self,
        parent: NodeId,
        node: NodeId,
        child: Option<NodeId>,
    ) -> DomResult<NodeId> {
        self.pre_insert(node, parent, child)
    }

    /// [pre-insert](https://dom.spec.whatwg.org/#concept-node-pre-insert).
    fn pre_insert(
        &mut self,
        node: NodeId,
        parent: NodeId,
        child: Option<NodeId>,
    ) -> DomResult<NodeId> {
        self.ensure_pre_insertion_validity(node.0, parent.0, child.map(|c| c.0), None)?;
        let mut reference = child.map(|c| c.0);
        if reference == Some(node.0) {
            reference = self.n(node.0).next_sibling;
        }
        self.insert_node(node.0, parent.0, reference);
        Ok(node)
    }

    /// [ensure pre-insertion validity](https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity),
    /// shared with replace (which passes the child being replaced as `replacing`).
    fn ensure_pre_insertion_validity(
        &self,
        node: Entity,
        parent: Entity,
        child: Option<Entity>,
        replacing: Option<Entity>,
    ) -> DomResult<()> {
        let node_kind = self.live(NodeId(node))?.kind;
        let parent_kind = self.live(NodeId(parent))?.kind;
        if let Some(c) = child {
            self.live(NodeId(c))?;
        }
        if !matches!(
            parent_kind,
            NodeKind::Document | NodeKind::Fragment | NodeKind::Element
        ) {
            return Err(DomError::hierarchy(
                "the parent can not have children (only documents, fragments and elements can)",
            ));
        }
        if self.is_host_including_inclusive_ancestor(node, parent) {
            return Err(DomError::hierarchy(
                "the new child is an ancestor of the parent (or the parent itself)",
            ));
        }
        if let Some(c) = child
            && self.n(c).parent != Some(parent)
        {
            return Err(DomError::NotFound(
                "the reference node is not a child of this node".into(),
            ));
        }
        match node_kind {
            NodeKind::Document => {
                return Err(DomError::hierarchy("a document can not be inserted"));
            }
            NodeKind::Text if parent_kind == NodeKind::Document => {
                return Err(DomError::hierarchy(
                    "a text node can not be a child of a document",
                ));
            }
            NodeKind::Doctype if parent_kind != NodeKind::Document => {
                return Err(DomError::hierarchy(
                    "a doctype can only be a child of a document",
                ));
            }
            _ => {}
        }
        if parent_kind != NodeKind::Document {
            return Ok(());
        }
        // The document constraints: one element, one doctype, doctype first.
        let others = |pred: &dyn Fn(Entity) -> bool| {
            self.children_of(parent)
                .any(|c| Some(c) != replacing && pred(c))
        };
        let is_kind = |k: NodeKind| move |c: Entity| self.n(c).kind == k;
        // Whether a doctype follows `child` (or `child` is one), when inserting before `child`.
        let doctype_following = |child: Option<Entity>| {
            let mut cur = child;
            while let Some(c) = cur {
                if Some(c) != replacing && self.n(c).kind == NodeKind::Doctype {
                    return true;
                }
                cur = self.n(c).next_sibling;
            }
            false
        };
        let element_preceding = |child: Option<Entity>| match child {
            None => false,
            Some(c) => {
                let mut cur = self.n(c).prev_sibling;
                while let Some(p) = cur {
                    if self.n(p).kind == NodeKind::Element {
                        return true;
                    }
                    cur = self.n(p).prev_sibling;
                }
                false
            }
        };
        let after_child = |c: Option<Entity>| match (c, replacing) {
            (Some(c), Some(r)) if c == r => self.n(c).next_sibling,
            _ => c,
        };
        match node_kind {
            NodeKind::Fragment => {
                let elements = self
                    .children_of(node)
                    .filter(|&c| self.n(c).kind == NodeKind::Element)
                    .count();
                if self
                    .children_of(node)
                    .any(|c| self.n(c).kind == NodeKind::Text)
                {
                    return Err(DomError::hierarchy(
                        "a text node can not be a child of a document",
                    ));
                }
                if elements > 1 {
                    return Err(DomError::hierarchy("a document can have only one element"));
                }
                if elements == 1
                    && (others(&is_kind(NodeKind::Element))
                        || doctype_following(after_child(child)))
                {
                    return Err(DomError::hierarchy(
                        "a document can have only one element, after its doctype",
                    ));
                }
            }
            NodeKind::Element
                if others(&is_kind(NodeKind::Element)) || doctype_following(after_child(child)) =>
            {
                return Err(DomError::hierarchy(
                    "a document can have only one element, after its doctype",
                ));
            }
            NodeKind::Doctype => {
                if others(&is_kind(NodeKind::Doctype)) {
                    return Err(DomError::hierarchy("a document can have only one doctype"));
                }
                let preceded = match child {
                    Some(_) => element_preceding(child),
                    None => others(&is_kind(NodeKind::Element)),
                };
                if preceded {
                    return Err(DomError::hierarchy(
                        "a doctype must come before the document element",
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether `a` is a host-including inclusive ancestor of `b`: an ancestor,
    /// or an ancestor of the template whose contents hold `b`.
    fn is_host_including_inclusive_ancestor(&self, a: Entity, mut b: Entity) -> bool {
        // One walk up per tree: each step checks for `a`, and the walk
        // ends at the root, whose template host (if any) continues it.
        loop {
            if b == a {
                return true;
            }
            let n = self.n(b);
            match n.parent {
                Some(p) => b = p,
                None if n.flags & TEMPLATE_CONTENTS != 0 => {
                    match self.world.get::<TemplateHost>(b) {
                        Some(host) => b = host.0,
                        None => return false,
                    }
                }
                None => return false,
            }
        }
    }

    /// `replaceChild(node, child)`; returns `child`
    /// (<https://dom.spec.whatwg.org/#concept-node-replace>).
    pub fn replace_child(
        &mut self,
        parent: NodeId,
        node: NodeId,
        child: NodeId,
    ) -> DomResult<NodeId> {
        self.live(child)?;
        if self.live(parent)?.kind != NodeKind::Document
            && !matches!(
                self.n(parent.0).kind,
                NodeKind::Fragment | NodeKind::Element
            )
        {
            return Err(DomError::hierarchy("the parent can not have children"));
        }
        if self.n(child.0).parent != Some(parent.0) {
            // The spec checks ancestry first; keep its order of errors.
            self.ensure_pre_insertion_validity(node.0, parent.0, None, None)?;
            return Err(DomError::NotFound(
                "the node to be replaced is not a child of this node".into(),
            ));
        }
        self.ensure_pre_insertion_validity(node.0, parent.0, Some(child.0), Some(child.0))?;
        let mut reference = self.n(child.0).next_sibling;
        if reference == Some(node.0) {
            reference = self.n(node.0).next_sibling;
        }
        if node != child {
            self.remove_node(child.0);
        }
        self.insert_node(node.0, parent.0, reference);
        Ok(child)
    }

    /// `removeChild(child)`; returns `child`.
    ///
    /// # Errors
    /// `NotFoundError` if `child` is not a child of `parent`.
    pub fn remove_child(&mut self, parent: NodeId, child: NodeId) -> DomResult<NodeId> {
        self.live(parent)?;
        if self.live(child)?.parent != Some(parent.0) {
            return Err(DomError::NotFound(
                "the node to be removed is not a child of this node".into(),
            ));
        }
        self.remove_node(child.0);
        Ok(child)
    }

    /// `remove()`: detach the node from its parent, if it has one.
    pub fn remove(&mut self, node: NodeId) -> DomResult<()> {
        if self.live(node)?.parent.is_some() {
            self.remove_node(node.0);
        }
        Ok(())
    }

    /// [Replace all](https://dom.spec.whatwg.org/#concept-node-replace-all)
    /// of `parent`'s children with `node` (none: remove them all), `node`
    /// validated first as `replaceChildren()` does.
    pub(crate) fn replace_all_checked(
        &mut self,
        parent: NodeId,
        node: Option<NodeId>,
    ) -> DomResult<()> {
        self.live(parent)?;
        if let Some(n) = node {
            self.ensure_pre_insertion_validity(n.0, parent.0, None, None)?;
        }
        self.replace_all(node.map(|n| n.0), parent.0);
        Ok(())
    }

    /// [replace all](https://dom.spec.whatwg.org/#concept-node-replace-all), unchecked.
    pub(crate) fn replace_all(&mut self, node: Option<Entity>, parent: Entity) {
        while let Some(c) = self.n(parent).first_child {
            self.remove_node(c);
        }
        if let Some(n) = node {
            self.insert_node(n, parent, None);
        }
    }

    // ----- the unchecked core, shared by scripts, parser and command buffers ----

    /// [insert](https://dom.spec.whatwg.org/#concept-node-insert) `node` into
    /// `parent` before `before` (or last), without validity checks. A fragment
    /// inserts its children. Keeps links, the connected flag and the id index.
    pub(crate) fn insert_node(&mut self, node: Entity, parent: Entity, before: Option<Entity>) {
        if self.n(node).kind == NodeKind::Fragment {
            while let Some(c) = self.n(node).first_child {
                self.insert_one(c, parent, before);
            }
        } else {
            self.insert_one(node, parent, before);
        }
    }

    fn insert_one(&mut self, node: Entity, parent: Entity, before: Option<Entity>) {
        // A move within the document (a table sort, say) leaves the
        // subtree connected: its flags and ids stay as they are, no walk.
        let old = *self.n(node);
        let parent_connected = self.n(parent).is_connected();
        let stays = parent_connected && old.is_connected();
        if old.parent.is_some() {
            // The node's own links are all overwritten below.
            self.unlink_neighbours(&old);
            if !stays && old.is_connected() {
                self.set_connected(node, false);
            }
        }
        let prev = match before {
            Some(b) => self.n(b).prev_sibling,
            None => self.n(parent).last_child,
        };
        {
            let mut n = self.n_mut(node);
            n.parent = Some(parent);
            n.prev_sibling = prev;
            n.next_sibling = before;
        }
        match prev {
            Some(p) => self.n_mut(p).next_sibling = Some(node),
            None => self.n_mut(parent).first_child = Some(node),
        }
        match before {
            Some(b) => self.n_mut(b).prev_sibling = Some(node),
            None => self.n_mut(parent).last_child = Some(node),
        }
        if parent_connected && !stays {
            self.set_connected(node, true);
        }
    }

    /// [remove](https://dom.spec.whatwg.org/#concept-node-remove) `node` from
    /// its parent, unchecked. The node becomes the root of a detached tree.
    pub(crate) fn remove_node(&mut self, node: Entity) {
        self.unlink(node);
        self.lifetime.note_detached(node);
    }

    /// Take `node` out of its parent's child list, fixing the connected flag
    /// and id index of its subtree.
    fn unlink(&mut self, node: Entity) {
        let connected = self.n(node).is_connected();
        self.unlink_links(node);
        if connected {
            self.set_connected(node, false);
        }
    }

    /// Take `node` out of its parent's child list; flags untouched.
    fn unlink_links(&mut self, node: Entity) {
        let n = *self.n(node);
        if n.parent.is_none() {
            return;
        }
        self.unlink_neighbours(&n);
        let mut m = self.n_mut(node);
        m.parent = None;
        m.prev_sibling = None;
        m.next_sibling = None;
    }

    /// Link the neighbours of a node (given its `Node`, which has a
    /// parent) past it: its siblings to each other, or its parent's first
    /// and last child. The node's own links are left to the caller.
    fn unlink_neighbours(&mut self, n: &Node) {
        let Some(parent) = n.parent else { return };
        match n.prev_sibling {
            Some(p) => self.n_mut(p).next_sibling = n.next_sibling,
            None => self.n_mut(parent).first_child = n.next_sibling,
        }
        match n.next_sibling {
            Some(s) => self.n_mut(s).prev_sibling = n.prev_sibling,
            None => self.n_mut(parent).last_child = n.prev_sibling,
        }
    }

    /// Set or clear the connected flag on `root` and its descendants, adding
    /// their ids to the index or taking them out. O(subtree), as the spec's
    /// insertion and removing steps are.
    fn set_connected(&mut self, root: Entity, connected: bool) {
        let mut cur = Some(root);
        while let Some(e) = cur {
            {
                let mut n = self.n_mut(e);
                let n = n.bypass_change_detection();
                if connected {
                    n.flags |= CONNECTED;
                } else {
                    n.flags &= !CONNECTED;
                }
            }
            if let Some(id) = self.attrs(e).and_then(|a| a.id) {
                if connected {
                    self.ids.insert(id, e);
                } else {
                    self.index_remove(id, e);
                }
            }
            let n = self.n(e);
            cur = if n.first_child.is_some() {
                n.first_child
            } else {
                self.following_skipping_children(e, root)
            };
        }
    }

    pub(crate) fn index_remove(&mut self, id: crate::intern::Symbol, e: Entity) {
        self.ids.remove(id, e);
    }

    // ----- text ---------------------------------------------------------------

    /// `textContent` setter (<https://dom.spec.whatwg.org/#dom-node-textcontent>).
    /// On an element or fragment it replaces all children with one text node
    /// (none for ""); on text and comments it sets the data; on documents and
    /// doctypes it does nothing.
    ///
    /// When the node's only child is a text node that no handle pins, its data
    /// is replaced in place instead: nobody can tell the old node from the
    /// new one, and it saves an entity and three link updates.
    pub fn set_text_content(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        let node = *self.live(id)?;
        match node.kind {
            NodeKind::Element | NodeKind::Fragment => {
                if !value.is_empty()
                    && let Some(c) = node.first_child
                    && node.last_child == Some(c)
                    && !self.lifetime.is_pinned(c)
                    && let Ok((child, mut data)) = self.text_query.get_mut(&mut self.world, c)
                    && child.kind == NodeKind::Text
                {
                    // The reuse the command buffers' prepare does too, with one
                    // entity lookup.
                    data.replace(value);
                    return Ok(());
                }
                let text = (!value.is_empty()).then(|| self.create_text_node(value).0);
                self.replace_all(text, id.0);
            }
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.set_data_unchecked(id.0, value)
            }
            NodeKind::Document | NodeKind::Doctype => {}
        }
        Ok(())
    }

    /// Set the data of a text or comment node.
    pub fn set_data(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        match self.live(id)?.kind {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.set_data_unchecked(id.0, value);
                Ok(())
            }
            _ => Err(DomError::InvalidState("not a character data node".into())),
        }
    }

    /// `length` of a text or comment node: its data in UTF-16 code units,
    /// the unit every CharacterData offset counts in.
    pub fn data_length(&self, id: NodeId) -> DomResult<usize> {
        Ok(utf16_len(self.data(id)?))
    }

    /// `substringData(offset, count)`
    /// (<https://dom.spec.whatwg.org/#concept-cd-substring>); offsets in
    /// UTF-16 code units. A cut through a surrogate pair gives U+FFFD
    /// (Rust strings hold no lone surrogates).
    pub fn substring_data(&self, id: NodeId, offset: usize, count: usize) -> DomResult<String> {
        let data = self.data(id)?;
        let len = utf16_len(data);
        if offset > len {
            return Err(index_error(offset, len));
        }
        Ok(utf16_slice(data, offset, offset + count.min(len - offset)))
    }

    /// "Replace data" (<https://dom.spec.whatwg.org/#concept-cd-replace>):
    /// `count` code units from `offset` become `data`; `appendData`,
    /// `insertData` and `deleteData` are this too.
    pub fn replace_data(
        &mut self,
        id: NodeId,
        offset: usize,
        count: usize,
        data: &str,
    ) -> DomResult<()> {
        let old = self.data(id)?;
        let len = utf16_len(old);
        if offset > len {
            return Err(index_error(offset, len));
        }
        let end = offset + count.min(len - offset);
        let mut new = utf16_slice(old, 0, offset);
        new.push_str(data);
        new.push_str(&utf16_slice(old, end, len));
        self.set_data(id, &new)
    }

    /// `appendData(data)` (<https://dom.spec.whatwg.org/#dom-characterdata-appenddata>):
    /// replace data at the end, removing nothing.
    pub fn append_data(&mut self, id: NodeId, data: &str) -> DomResult<()> {
        let len = self.data_length(id)?;
        self.replace_data(id, len, 0, data)
    }

    /// `insertData(offset, data)` (<https://dom.spec.whatwg.org/#dom-characterdata-insertdata>).
    pub fn insert_data(&mut self, id: NodeId, offset: usize, data: &str) -> DomResult<()> {
        self.replace_data(id, offset, 0, data)
    }

    /// `deleteData(offset, count)` (<https://dom.spec.whatwg.org/#dom-characterdata-deletedata>).
    pub fn delete_data(&mut self, id: NodeId, offset: usize, count: usize) -> DomResult<()> {
        self.replace_data(id, offset, count, "")
    }

    /// `splitText(offset)` (<https://dom.spec.whatwg.org/#concept-text-split>):
    /// the data after `offset` moves to a new text node inserted after this
    /// one (when it has a parent); returns the new node.
    pub fn split_text(&mut self, id: NodeId, offset: usize) -> DomResult<NodeId> {
        if self.live(id)?.kind != NodeKind::Text {
            return Err(DomError::InvalidState("not a text node".into()));
        }
        let len = self.data_length(id)?;
        let tail = self.substring_data(id, offset, len.saturating_sub(offset))?;
        let new = self.create_text_node(&tail);
        if let Some(parent) = self.n(id.0).parent {
            let next = self.n(id.0).next_sibling;
            self.insert_node(new.0, parent, next);
        }
        self.replace_data(id, offset, len - offset, "")?;
        Ok(new)
    }

    pub(crate) fn set_data_unchecked(&mut self, e: Entity, value: &str) {
        if let Some(mut d) = self.world.get_mut::<CharacterData>(e) {
            d.replace(value);
        }
    }

    /// `normalize()`: remove empty text nodes and merge adjacent ones, in the
    /// subtree of `id` (<https://dom.spec.whatwg.org/#dom-node-normalize>).
    pub fn normalize(&mut self, id: NodeId) -> DomResult<()> {
        self.live(id)?;
        let texts: Vec<Entity> = self
            .descendants_of(id.0)
            .filter(|&d| self.n(d).kind == NodeKind::Text)
            .collect();
        for t in texts {
            if !self.is_alive(NodeId(t)) || self.n(t).parent.is_none() {
                continue; // merged into a previous one already
            }
            if self
                .world
                .get::<CharacterData>(t)
                .is_some_and(|d| d.0.is_empty())
            {
                self.remove_node(t);
                continue;
            }
            let mut merged = String::new();
            let mut next = self.n(t).next_sibling;
            while let Some(s) = next.filter(|&s| self.n(s).kind == NodeKind::Text) {
                if let Some(d) = self.world.get::<CharacterData>(s) {
                    merged.push_str(&d.0);
                }
                next = self.n(s).next_sibling;
                self.remove_node(s);
            }
            if !merged.is_empty()
                && let Some(mut d) = self.world.get_mut::<CharacterData>(t)
            {
                d.0.push_str(&merged);
            }
        }
        Ok(())
    }

    /// `document.title` setter: replace the text of the first `<title>`,
    /// creating one in `<head>` if there is none
    /// (<https://html.spec.whatwg.org/#document.title>).
    pub fn set_title(&mut self, value: &str) {
        self.set_title_of(NodeId(self.root), value);
    }

    /// `title` setter of document node `doc`.
    pub fn set_title_of(&mut self, doc: NodeId, value: &str) {
        if self.live(doc).is_err() {
            return;
        }
        let title = self.names.known.title;
        let existing = self.descendants_of(doc.0).find(|&d| self.is_html(d, title));
        let el = match existing {
            Some(el) => el,
            None => {
                let Some(head) = self.head_of(doc) else {
                    return;
                };
                let el = self.create_element_ns(Ns::Html, "title", Vec::new()).0;
                self.insert_node(el, head.0, None);
                el
            }
        };
        let text = (!value.is_empty()).then(|| self.create_text_node(value).0);
        self.replace_all(text, el);
    }

    // ----- cloning ------------------------------------------------------------

    /// `cloneNode(deep)` (<https://dom.spec.whatwg.org/#concept-node-clone>):
    /// a detached copy; with `deep`, children and template contents too.
    pub fn clone_node(&mut self, id: NodeId, deep: bool) -> DomResult<NodeId> {
        let kind = self.live(id)?.kind;
        if kind == NodeKind::Document {
            return Err(DomError::NotSupported(
                "cloning a whole document is not supported yet".into(),
            ));
        }
        // The copy is made node by node from an explicit stack of (source,
        // parent of its copy), so a deep tree cannot overflow the native
        // stack. Children are pushed in reverse, so each parent receives its
        // copies in order by appending.
        let (root, contents) = self.clone_one(id.0);
        let mut stack: Vec<(Entity, Entity)> = Vec::new();
        if deep {
            self.push_clone_work(&mut stack, id.0, root, contents);
        }
        while let Some((src, parent)) = stack.pop() {
            let (copy, contents) = self.clone_one(src);
            self.insert_node(copy, parent, None);
            self.push_clone_work(&mut stack, src, copy, contents);
        }
        self.lifetime.note_detached(root);
        Ok(NodeId(root))
    }

    /// Pushes the children of `src` (to go under `copy`) and, for a template,
    /// its contents' children (to go under the copy's own contents).
    fn push_clone_work(
        &self,
        stack: &mut Vec<(Entity, Entity)>,
        src: Entity,
        copy: Entity,
        contents: Option<(Entity, Entity)>,
    ) {
        let from = stack.len();
        if let Some((src_contents, copy_contents)) = contents {
            stack.extend(self.children_of(src_contents).map(|k| (k, copy_contents)));
        }
        stack.extend(self.children_of(src).map(|k| (k, copy)));
        stack[from..].reverse();
    }

    /// The "clone a single node" part of the clone steps: the node's own data,
    /// no children. A template gets an empty contents fragment of its own,
    /// returned with the source's as `(source contents, copy's contents)`.
    fn clone_one(&mut self, e: Entity) -> (Entity, Option<(Entity, Entity)>) {
        let kind = self.n(e).kind;
        let mut contents = None;
        let copy = match kind {
            NodeKind::Element => {
                let name = *self.element_name(e).expect("elements have names");
                let attrs = self.attrs(e).cloned().unwrap_or_default();
                let c = self
                    .world
                    .spawn((Node::new(NodeKind::Element), name, attrs))
                    .id();
                if let Some(t) = self.world.get::<TemplateContents>(e).map(|t| t.0) {
                    let mut frag = Node::new(NodeKind::Fragment);
                    frag.flags |= TEMPLATE_CONTENTS;
                    let own = self.world.spawn((frag, TemplateHost(c))).id();
                    self.world.entity_mut(c).insert(TemplateContents(own));
                    contents = Some((t, own));
                }
                c
            }
            NodeKind::Text | NodeKind::Comment => {
                let data = self
                    .world
                    .get::<CharacterData>(e)
                    .cloned()
                    .unwrap_or_default();
                self.world.spawn((Node::new(kind), data)).id()
            }
            NodeKind::ProcessingInstruction => {
                let data = self
                    .world
                    .get::<CharacterData>(e)
                    .cloned()
                    .unwrap_or_default();
                let target = self
                    .world
                    .get::<crate::node::PiTarget>(e)
                    .cloned()
                    .unwrap_or_default();
                self.world.spawn((Node::new(kind), data, target)).id()
            }
            NodeKind::Doctype => {
                let d = self.world.get::<Doctype>(e).cloned().unwrap_or_default();
                self.world.spawn((Node::new(kind), d)).id()
            }
            NodeKind::Fragment | NodeKind::Document => self.world.spawn(Node::new(kind)).id(),
        };
        (copy, contents)
    }
}

/// Length in UTF-16 code units (ASCII: the byte length).
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

/// Code units `start..end` of `s` (in range), as a string.
fn utf16_slice(s: &str, start: usize, end: usize) -> String {
    if s.is_ascii() {
        return s[start..end].to_owned();
    }
    let units: Vec<u16> = s.encode_utf16().collect();
    String::from_utf16_lossy(&units[start..end])
}

fn index_error(offset: usize, len: usize) -> DomError {
    DomError::IndexSize(format!(
        "the offset {offset} is larger than the data's length ({len})"
    ))
}
