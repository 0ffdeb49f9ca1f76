//! The validated tree mutations (pre-insert, replace, remove, replace all) and the unchecked core they and the parser and command buffers share.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

impl Document {
    // ----- the public mutation methods (validated) -----------------------------

    /// `appendChild(node)`; returns `node`.
    pub fn append_child(&mut self, parent: NodeId, node: NodeId) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        self.pre_insert(node, parent, None)
    }

    /// `insertBefore(node, child)`; returns `node`.
    pub fn insert_before(
        &mut self,
        parent: NodeId,
        node: NodeId,
        child: Option<NodeId>,
    ) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        self.pre_insert(node, parent, child)
    }

    /// `parent.moveBefore(node, child)`
    /// (<https://dom.spec.whatwg.org/#dom-parentnode-movebefore>): move
    /// `node` within its tree before `child` (or last), keeping its state:
    /// [move](https://dom.spec.whatwg.org/#concept-node-move) is a removal
    /// and an insertion for live ranges, iterators and mutation observers
    /// (a record for each parent), but no insertion or removing steps run
    /// (a moved script does not run; connectedness does not change).
    ///
    /// # Errors
    /// `HierarchyRequestError` when `node` and `parent` are in different
    /// trees, `node` is an inclusive ancestor of `parent`, `node` is no
    /// element or character data, or the document's constraints forbid
    /// it; `NotFoundError` when `child` is not `parent`'s child.
    pub fn move_before(
        &mut self,
        parent: NodeId,
        node: NodeId,
        child: Option<NodeId>,
    ) -> DomResult<()> {
        let kind = self.live(node)?.kind;
        self.live(parent)?;
        if self.shadow_including_root(parent.0) != self.shadow_including_root(node.0) {
            return Err(DomError::hierarchy(
                "the node and the new parent are not in the same tree",
            ));
        }
        self.ensure_parent_can_take(node.0, parent.0)?;
        if !matches!(
            kind,
            NodeKind::Element
                | NodeKind::Text
                | NodeKind::Comment
                | NodeKind::ProcessingInstruction
        ) {
            return Err(DomError::hierarchy(
                "only elements and character data can be moved",
            ));
        }
        self.ensure_pre_insertion_validity(node.0, parent.0, child.map(|c| c.0), None)?;
        let mut reference = child.map(|c| c.0);
        if reference == Some(node.0) {
            reference = self.n(node.0).next_sibling;
        }
        // (A move keeps the focus: no focus fixup.)
        self.moving = true;
        self.insert_node(node.0, parent.0, reference);
        self.moving = false;
        Ok(())
    }

    /// [pre-insert](https://dom.spec.whatwg.org/#concept-node-pre-insert).
    pub(crate) fn pre_insert(
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

    /// Steps 1-2 of pre-insertion validity (and of replace): `parent` can
    /// have children, and `node` is not an inclusive ancestor of it.
    fn ensure_parent_can_take(&self, node: Entity, parent: Entity) -> DomResult<()> {
        let parent_n = self.live(NodeId(parent))?;
        if !matches!(
            parent_n.kind,
            NodeKind::Document | NodeKind::Fragment | NodeKind::Element
        ) {
            return Err(DomError::hierarchy(
                "the parent can not have children (only documents, fragments and elements can)",
            ));
        }
        if self.is_host_including_inclusive_ancestor(node, parent, parent_n) {
            return Err(DomError::hierarchy(
                "the new child is an ancestor of the parent (or the parent itself)",
            ));
        }
        Ok(())
    }

    /// [ensure pre-insertion validity](https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity),
    /// shared with replace (which passes the child being replaced as `replacing`).
    pub(crate) fn ensure_pre_insertion_validity(
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
        self.ensure_parent_can_take(node, parent)?;
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
            NodeKind::Attribute => {
                return Err(DomError::hierarchy("an Attr can not be inserted"));
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
    /// or an ancestor of the template whose contents hold `b`, or of the
    /// host of the shadow tree `b` is in.
    /// `b_node` is `b`'s `Node`, which the caller has read already.
    pub(super) fn is_host_including_inclusive_ancestor(
        &self,
        a: Entity,
        mut b: Entity,
        b_node: &Node,
    ) -> bool {
        // Without a walk when the answer is plain: a node outside the
        // document is no host-including ancestor of a connected one (its
        // ancestors, hosts included, are all connected), and a node with
        // no children, no shadow tree and no template contents is one of
        // itself only. (Appending to the deepest node of a tree would
        // otherwise cost its depth per call.)
        let a_node = self.n(a);
        if b_node.is_connected() && !a_node.is_connected() {
            return false;
        }
        if a_node.first_child.is_none()
            && a_node.flags & crate::node::SHADOW_HOST == 0
            && self.world.get::<crate::node::TemplateContents>(a).is_none()
        {
            return a == b;
        }
        // One walk up per tree: each step checks for `a`, and the walk
        // ends at the root, whose template host (if any) continues it.
        let mut n = b_node;
        loop {
            if b == a {
                return true;
            }
            match n.parent {
                Some(p) => b = p,
                None if n.flags & TEMPLATE_CONTENTS != 0 => {
                    match self.world.get::<TemplateHost>(b) {
                        Some(host) => b = host.0,
                        None => return false,
                    }
                }
                None if n.flags & crate::node::SHADOW_ROOT != 0 => match self.host_of_root(b) {
                    Some(host) => b = host,
                    None => return false,
                },
                None => return false,
            }
            n = self.n(b);
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
        self.live(node)?;
        if self.n(child.0).parent != Some(parent.0) {
            // The spec checks the parent and ancestry first, then this,
            // then the node's type: keep its order of errors.
            self.ensure_parent_can_take(node.0, parent.0)?;
            return Err(DomError::NotFound(
                "the node to be replaced is not a child of this node".into(),
            ));
        }
        self.ensure_pre_insertion_validity(node.0, parent.0, Some(child.0), Some(child.0))?;
        self.replace_node(child.0, node.0, parent.0);
        Ok(child)
    }

    /// [Replace](https://dom.spec.whatwg.org/#concept-node-replace) `child`
    /// of `parent` with `node`, unchecked.
    pub(crate) fn replace_node(&mut self, child: Entity, node: Entity, parent: Entity) {
        let mut reference = self.n(child).next_sibling;
        if reference == Some(node) {
            reference = self.n(node).next_sibling;
        }
        if self.observing() {
            return self.replace_observed(child, node, parent, reference);
        }
        if node != child {
            self.remove_node(child);
        }
        self.insert_node(node, parent, reference);
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
        if self.observing() {
            return self.replace_all_observed(node, parent);
        }
        while let Some(c) = self.n(parent).first_child {
            self.remove_node(c);
        }
        if let Some(n) = node {
            self.insert_node(n, parent, None);
        }
    }

    /// [Replace](https://dom.spec.whatwg.org/#concept-node-replace) steps
    /// 8-15 while observers watch: `child` leaves and `node` goes in with
    /// their own records suppressed, then one record says both.
    fn replace_observed(
        &mut self,
        child: Entity,
        node: Entity,
        parent: Entity,
        reference: Option<Entity>,
    ) {
        let mut previous = self.n(child).prev_sibling;
        if previous == Some(node) {
            previous = self.n(node).prev_sibling;
        }
        // Step 12: adopting `node` removes it from its parent first, with
        // its own record; then `child` goes, if it is still there.
        if self.n(node).parent.is_some() {
            self.remove_node(node);
        }
        let removed: &[Entity] = if self.n(child).parent.is_some() {
            self.remove_node_with(child, true);
            &[child]
        } else {
            &[]
        };
        let nodes = self.nodes_to_insert(node);
        self.insert_with(node, parent, reference, true);
        self.queue_tree_record(parent, &nodes, removed, previous, reference);
    }

    /// [Replace all](https://dom.spec.whatwg.org/#concept-node-replace-all)
    /// while observers watch: one record for the children that go and
    /// those that come.
    fn replace_all_observed(&mut self, node: Option<Entity>, parent: Entity) {
        let removed: Vec<Entity> = self.children_of(parent).collect();
        let added = node.map(|n| self.nodes_to_insert(n)).unwrap_or_default();
        for &c in &removed {
            self.remove_node_with(c, true);
        }
        if let Some(n) = node {
            self.insert_with(n, parent, None, true);
        }
        if !added.is_empty() || !removed.is_empty() {
            self.queue_tree_record(parent, &added, &removed, None, None);
        }
    }

    /// The nodes inserting `node` inserts: a fragment's children, or itself.
    fn nodes_to_insert(&self, node: Entity) -> smallvec::SmallVec<[Entity; 1]> {
        if self.n(node).kind == NodeKind::Fragment {
            self.children_of(node).collect()
        } else {
            smallvec::smallvec![node]
        }
    }

    // ----- the unchecked core, shared by scripts, parser and command buffers ----

    /// [insert](https://dom.spec.whatwg.org/#concept-node-insert) `node` into
    /// `parent` before `before` (or last), without validity checks. A fragment
    /// inserts its children. Keeps links, the connected flag and the id index.
    pub(crate) fn insert_node(&mut self, node: Entity, parent: Entity, before: Option<Entity>) {
        if self.observing() {
            return self.insert_with(node, parent, before, false);
        }
        let n = *self.n(node);
        if n.kind == NodeKind::Fragment {
            while let Some(c) = self.n(node).first_child {
                let old = *self.n(c);
                self.insert_one(c, old, parent, before);
            }
        } else {
            self.insert_one(node, n, parent, before);
        }
    }

    /// [Insert](https://dom.spec.whatwg.org/#concept-node-insert) while
    /// observers watch: a fragment's record for its children leaving, a
    /// removal record for a node that had a parent, and unless `suppress`,
    /// the record of the insertion.
    fn insert_with(
        &mut self,
        node: Entity,
        parent: Entity,
        before: Option<Entity>,
        suppress: bool,
    ) {
        let nodes = self.nodes_to_insert(node);
        if nodes.is_empty() {
            return;
        }
        let fragment = nodes[0] != node;
        if fragment {
            for &c in &nodes {
                let old = *self.n(c);
                self.observe_removal(c, &old, true);
            }
            self.queue_tree_record(node, &[], &nodes, None, None);
        }
        let previous = match before {
            Some(b) => self.n(b).prev_sibling,
            None => self.n(parent).last_child,
        };
        for &c in &nodes {
            let old = *self.n(c);
            if !fragment {
                // Adopting a node that has a parent removes it first.
                self.observe_removal(c, &old, false);
            }
            self.insert_one(c, old, parent, before);
        }
        if !suppress {
            self.queue_tree_record(parent, &nodes, &[], previous, before);
        }
    }

    /// Insert `node`, whose `Node` is `old`, into `parent` before `before`.
    fn insert_one(&mut self, node: Entity, old: Node, parent: Entity, before: Option<Entity>) {
        self.note_structure_change();
        // A move within the document (a table sort, say) leaves the
        // subtree connected: its flags and ids stay as they are, no walk.
        let parent_n = *self.n(parent);
        if (old.flags | parent_n.flags) & crate::node::FOREIGN_DOCUMENT != 0 {
            // Insert step 7.1: adopt into the parent's node document.
            let doc = self.node_document(parent);
            self.adopt_subtree(node, doc);
        }
        let parent_connected = parent_n.is_connected();
        // (Into or out of a shadow tree, the ids of the subtree go out of
        // or into the id index: the connected walk runs again.)
        let shadow_cross = self.shadow.any
            && (parent_n.flags & (crate::node::IN_SHADOW | crate::node::SHADOW_ROOT) != 0)
                != (old.flags & crate::node::IN_SHADOW != 0);
        let stays = parent_connected && old.is_connected() && !shadow_cross;
        let left_foreign = self.custom.any
            && old.parent.is_some()
            && !old.is_connected()
            && self.custom_in_foreign_document(node);
        if old.parent.is_some() {
            self.iterators_before_removal(node);
            self.ranges_before_removal(node);
            if old.kind == NodeKind::Element {
                self.options_leaving(node);
            }
            // The node's own links are all overwritten below.
            self.unlink_neighbours(&old);
            if !stays && old.is_connected() {
                self.set_connected(node, false);
            }
            if old.is_connected() && !self.moving {
                // (Inserting a node with a parent removes it first: the
                // focus fixup rule and the dialog removing steps;
                // `moveBefore` keeps the focus and the top layer.)
                let doc = self.node_document(node);
                self.focus_fixup(node, doc);
                self.top_layer_removal(node, doc);
            }
        }
        if let Some(b) = before {
            self.ranges_on_insert(parent, b);
        }
        let prev = match before {
            Some(b) => self.n(b).prev_sibling,
            // Unlinking `node` above may have changed the parent's links.
            None if old.parent == Some(parent) => self.n(parent).last_child,
            None => parent_n.last_child,
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
        if shadow_cross {
            self.shadow_after_insert(node, old.flags, parent_n.flags);
        }
        if self.shadow.any {
            if let Some(op) = old.parent {
                self.slots_after_remove(node, op, old.flags & crate::node::IN_SHADOW != 0);
            }
            self.slots_after_insert(node, parent);
        }
        if left_foreign {
            self.custom_subtree_connected(node, false);
        }
        if parent_connected && !stays {
            self.set_connected(node, true);
        } else if self.custom.any && !parent_connected && self.custom_in_foreign_document(parent) {
            self.custom_subtree_connected(node, true);
        } else if stays {
            // (Removed and inserted again: its custom elements hear both,
            // or for `moveBefore` their connectedMoveCallback; it becomes
            // connected again, unless moved.)
            if self.custom.any {
                self.custom_moved(node, self.moving);
            }
            if !self.moving {
                self.hide_nonces(node, self.root);
            }
        }
        if parent_n.flags & crate::node::SCRIPT != 0 {
            // A script's children changed steps.
            self.note_script(parent);
        }
        if parent_n.flags & crate::node::FOREIGN_DOCUMENT != 0 && self.nested_contexts > 0 {
            // Into a nested document's tree: its iframes' insertion steps.
            let root = self.root_of(parent);
            self.nested_tree_changed(node, root, true);
        }
    }

    /// [remove](https://dom.spec.whatwg.org/#concept-node-remove) `node` from
    /// its parent, unchecked. The node becomes the root of a detached tree.
    pub(crate) fn remove_node(&mut self, node: Entity) {
        self.remove_node_with(node, false);
    }

    /// [Remove](https://dom.spec.whatwg.org/#concept-node-remove), with the
    /// spec's "suppress observers" flag.
    pub(crate) fn remove_node_with(&mut self, node: Entity, suppress: bool) {
        if self.observing() {
            let old = *self.n(node);
            self.observe_removal(node, &old, suppress);
        }
        let n = *self.n(node);
        let parent = n.parent;
        let nested_root = (self.nested_contexts > 0
            && n.flags & crate::node::FOREIGN_DOCUMENT != 0)
            .then(|| self.root_of(node));
        let left_foreign = !n.is_connected() && self.custom_in_foreign_document(node);
        if n.kind == NodeKind::Element {
            self.options_leaving(node);
        }
        self.unlink(node);
        if left_foreign {
            self.custom_subtree_connected(node, false);
        }
        if n.is_connected() {
            let doc = self.node_document(node);
            self.focus_fixup(node, doc);
            self.top_layer_removal(node, doc);
        }
        if self.shadow.any
            && let Some(p) = parent
        {
            self.slots_after_remove(node, p, n.flags & crate::node::IN_SHADOW != 0);
        }
        self.lifetime.note_detached(node);
        if let Some(root) = nested_root {
            // Out of a nested document's tree: its iframes' removing steps.
            self.nested_tree_changed(node, root, false);
        }
        // (A script's children changed steps do not run for a removal: a
        // child's removal never prepares a script, whatwg/html#10188.)
    }

    /// Take `node` out of its parent's child list, fixing the connected flag
    /// and id index of its subtree.
    pub(super) fn unlink(&mut self, node: Entity) {
        let connected = self.n(node).is_connected();
        self.unlink_links(node);
        if connected {
            self.set_connected(node, false);
        }
        self.shadow_after_remove(node);
    }

    /// Take `node` out of its parent's child list; flags untouched.
    pub(super) fn unlink_links(&mut self, node: Entity) {
        let n = *self.n(node);
        if n.parent.is_none() {
            return;
        }
        self.note_structure_change();
        self.iterators_before_removal(node);
        self.ranges_before_removal(node);
        self.unlink_neighbours(&n);
        let mut m = self.n_mut(node);
        m.parent = None;
        m.prev_sibling = None;
        m.next_sibling = None;
    }

    /// Link the neighbours of a node (given its `Node`, which has a
    /// parent) past it: its siblings to each other, or its parent's first
    /// and last child. The node's own links are left to the caller.
    pub(super) fn unlink_neighbours(&mut self, n: &Node) {
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
    ///
    /// The walk goes on into the shadow tree of each shadow host it meets
    /// (a shadow-including descendant is connected when its host is);
    /// the ids of nodes in shadow trees stay out of the index.
    pub(crate) fn set_connected(&mut self, root: Entity, connected: bool) {
        let mut shadow_roots: Vec<Entity> = Vec::new();
        let mut top = root;
        loop {
            self.set_connected_tree(top, connected, &mut shadow_roots);
            match shadow_roots.pop() {
                Some(r) => top = r,
                None => break,
            }
        }
        if connected {
            // (HTML's insertion steps of elements with a `nonce`.)
            self.hide_nonces(root, self.root);
        }
    }

    /// [`Document::set_connected`] over the tree of `root` alone, noting
    /// the shadow roots of its hosts in `shadow_roots`.
    fn set_connected_tree(
        &mut self,
        root: Entity,
        connected: bool,
        shadow_roots: &mut Vec<Entity>,
    ) {
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
            let flags = self.n(e).flags;
            if flags & crate::node::SHADOW_HOST != 0
                && let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e)
            {
                shadow_roots.push(h.0);
            }
            if let Some(id) = self
                .attrs(e)
                .and_then(|a| a.id)
                .filter(|_| flags & (crate::node::IN_SHADOW | crate::node::SHADOW_ROOT) == 0)
            {
                if connected {
                    self.ids.insert(id, e);
                } else {
                    self.index_remove(id, e);
                }
            }
            let flags = self.n(e).flags;
            if connected && flags & crate::node::SCRIPT != 0 {
                // The script's post-connection steps: the host prepares it.
                self.note_script(e);
            }
            if flags & crate::node::FRAME != 0 {
                // An iframe's insertion or removing steps.
                self.frame_connected(e, connected);
            }
            if flags & (crate::node::SHEET_LINK | crate::node::SHEET_STYLE) != 0 {
                // A `style`'s or `link`'s insertion or removing steps: its
                // sheet is made again ("update a style block"); the host
                // loads a link's.
                self.drop_sheet(e);
                if connected && flags & crate::node::SHEET_LINK != 0 {
                    self.note_sheet_link(e);
                }
            }
            if flags & crate::node::CUSTOM != 0 {
                self.custom_connected(e, connected);
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
}
