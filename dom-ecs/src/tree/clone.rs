//! `cloneNode`, with an explicit stack.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

impl Document {
    // ----- cloning ------------------------------------------------------------

    /// `cloneNode(deep)` (<https://dom.spec.whatwg.org/#concept-node-clone>):
    /// a detached copy; with `deep`, children and template contents too.
    pub fn clone_node(&mut self, id: NodeId, deep: bool) -> DomResult<NodeId> {
        self.clone_into(id, deep, None)
    }

    /// The clone steps with the copy's document: `doc` (`importNode`'s),
    /// else the original's (a document's copy is its own). The copies'
    /// event handler content attributes take effect once every copy is in
    /// that document, so a copied `<body onload>` sets the handler of that
    /// document's window (none for a document without one), never another's.
    pub(crate) fn clone_into(
        &mut self,
        id: NodeId,
        deep: bool,
        doc: Option<Entity>,
    ) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        if self.live(id)?.flags & crate::node::SHADOW_ROOT != 0 {
            // (No shadow root is clonable: ShadowRootInit has no `clonable`.)
            return Err(DomError::NotSupported(
                "a shadow root can not be cloned".into(),
            ));
        }
        // The copy is made node by node from an explicit stack of (source,
        // parent of its copy), so a deep tree cannot overflow the native
        // stack. Children are pushed in reverse, so each parent receives its
        // copies in order by appending.
        let mut handlers = Vec::new();
        let (root, contents) = self.clone_one(id.0, &mut handlers);
        // The copies below the root are adopted as they are inserted.
        let doc = match (self.n(root).kind, doc) {
            (NodeKind::Document, _) => root,
            (_, Some(d)) => d,
            _ => self.node_document(id.0),
        };
        self.adopt_subtree(root, doc);
        self.place_template_contents(root, contents);
        let mut stack: Vec<(Entity, Entity)> = Vec::new();
        if deep {
            self.push_clone_work(&mut stack, id.0, root, contents);
        }
        while let Some((src, parent)) = stack.pop() {
            let (copy, contents) = self.clone_one(src, &mut handlers);
            self.insert_node(copy, parent, None);
            self.place_template_contents(copy, contents);
            self.push_clone_work(&mut stack, src, copy, contents);
        }
        // Copies keep their originals' `tagName`: one imported between an
        // HTML and an XML document gets its new document's.
        let html = self.is_html_document(doc);
        if html != self.is_html_document(self.node_document(id.0)) {
            for e in self.whole_tree(root) {
                self.retag(e, html);
            }
        }
        for (copy, name) in handlers {
            self.handler_content_attribute_changed(copy, name);
        }
        self.lifetime.note_detached(root);
        Ok(NodeId(root))
    }

    /// A template copy's contents (`contents`: (the source's, the copy's))
    /// belong to the template contents owner of the copy's document.
    fn place_template_contents(&mut self, copy: Entity, contents: Option<(Entity, Entity)>) {
        if let Some((_, own)) = contents {
            let owner = self.template_contents_owner(self.node_document(copy));
            self.set_node_document(own, owner);
        }
    }

    /// Pushes the children of `src` (to go under `copy`) and, for a template,
    /// its contents' children (to go under the copy's own contents).
    pub(super) fn push_clone_work(
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
    /// The copy's event handler content attributes (`onclick`...) go into
    /// `handlers`, for their change steps once the copy is in its document.
    pub(super) fn clone_one(
        &mut self,
        e: Entity,
        handlers: &mut Vec<(Entity, crate::intern::Symbol)>,
    ) -> (Entity, Option<(Entity, Entity)>) {
        let kind = self.n(e).kind;
        let mut contents = None;
        let copy = match kind {
            NodeKind::Element => {
                let name = *self.element_name(e).expect("elements have names");
                let attrs = self.attrs(e).cloned().unwrap_or_default();
                let mut node = Node::new(NodeKind::Element);
                let flags = self.n(e).flags
                    & (crate::node::SCRIPT
                        | crate::node::FRAME
                        | crate::node::SLOT
                        | crate::node::SHEET_STYLE
                        | crate::node::SHEET_LINK);
                node.flags |= flags;
                let c = self.world.spawn((node, name, attrs)).id();
                // A `style` or `link` copy owns a sheet of its own.
                if flags & (crate::node::SHEET_STYLE | crate::node::SHEET_LINK) != 0 {
                    self.note_sheet_owner(c);
                }
                // The copy's event handler content attributes are its own
                // handlers (the attributes' change steps).
                if matches!(name.ns, crate::intern::Ns::Html | crate::intern::Ns::Svg)
                    && let Some(attrs) = self.attrs(c)
                {
                    handlers.extend(
                        attrs
                            .list
                            .iter()
                            .filter(|a| {
                                a.ns == crate::intern::Ns::None
                                    && self.names.resolve(a.local).starts_with("on")
                            })
                            .map(|a| (c, a.local)),
                    );
                }
                // A script's clone copies its already started flag.
                if self
                    .world
                    .entity(e)
                    .contains::<crate::script::AlreadyStarted>()
                {
                    self.world
                        .entity_mut(c)
                        .insert(crate::script::AlreadyStarted);
                }
                // (HTML's cloning steps of an element with a nonce.)
                self.clone_nonce(e, c);
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
                let mut n = Node::new(kind);
                n.flags |= self.n(e).flags & crate::node::CDATA;
                self.world.spawn((n, data)).id()
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
                let copy = self.world.spawn((Node::new(kind), data)).id();
                self.set_pi_target(copy, &target.0);
                copy
            }
            NodeKind::Doctype => {
                let d = self.world.get::<Doctype>(e).cloned().unwrap_or_default();
                self.world.spawn((Node::new(kind), d)).id()
            }
            NodeKind::Document => {
                let kind = self
                    .world
                    .get::<crate::node::XmlContentType>(e)
                    .map_or(crate::node_document::content_type::HTML, |t| t.0);
                let copy = self.new_document_node(kind);
                // (An XMLDocument's copy is one too, and a copy has its
                // original's mode.)
                self.n_mut(copy).flags |= self.n(e).flags & crate::node::XML_DOCUMENT;
                let mode = if e == self.root {
                    Some(self.quirks)
                } else {
                    self.world
                        .get::<crate::node::DocumentQuirks>(e)
                        .map(|q| q.0)
                };
                if let Some(q) = mode {
                    self.world
                        .entity_mut(copy)
                        .insert(crate::node::DocumentQuirks(q));
                }
                copy
            }
            NodeKind::Fragment => self.world.spawn(Node::new(kind)).id(),
            NodeKind::Attribute => self.clone_attr(e),
        };
        (copy, contents)
    }
}
