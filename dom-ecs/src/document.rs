//! [`Document`]: one bevy `World` holding one node tree, and the read-only
//! half of the DOM API (tree navigation, names, text).
//!
//! Mutations live in [`tree`](crate::tree) (structure) and
//! [`element`](crate::element) (attributes and classes); this file owns the
//! struct and the reads every other module builds on.

use bevy_ecs::prelude::*;
use bevy_ecs::query::QueryState;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::error::{DomError, DomResult};
use crate::intern::{NameValue, Names, Ns, Symbol};
use crate::lifetime::Lifetime;
use crate::node::{
    Attributes, CONNECTED, CharacterData, Doctype, ElementName, Node, NodeId, NodeKind,
    TemplateContents,
};
use crate::select::SelectorCache;

/// Connected elements by id, indexed by the id symbol's dense index.
#[derive(Default)]
pub(crate) struct IdIndex {
    slots: Vec<SmallVec<[Entity; 1]>>,
}

impl IdIndex {
    /// The connected elements with id `sym` (unordered).
    #[inline]
    pub(crate) fn get(&self, sym: Symbol) -> &[Entity] {
        self.slots
            .get(crate::intern::symbol_index(sym))
            .map_or(&[], |s| s.as_slice())
    }

    pub(crate) fn insert(&mut self, sym: Symbol, e: Entity) {
        let i = crate::intern::symbol_index(sym);
        if i >= self.slots.len() {
            self.slots.resize_with(i + 1, SmallVec::new);
        }
        self.slots[i].push(e);
    }

    pub(crate) fn remove(&mut self, sym: Symbol, e: Entity) {
        if let Some(list) = self.slots.get_mut(crate::intern::symbol_index(sym))
            && let Some(i) = list.iter().position(|&x| x == e)
        {
            list.swap_remove(i);
        }
    }

    /// Every (symbol index, element) pair, for the invariant check.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (usize, Entity)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.iter().map(move |&e| (i, e)))
    }
}

/// The document's quirks mode (<https://dom.spec.whatwg.org/#concept-document-quirks>),
/// set by the parser from the doctype. In quirks mode, class and id selectors
/// match ASCII case-insensitively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum QuirksMode {
    /// "quirks"
    Quirks,
    /// "limited-quirks"
    LimitedQuirks,
    /// "no-quirks"
    #[default]
    NoQuirks,
}

/// One HTML document: a bevy `World` where every node is an entity.
///
/// The names table and the id index are plain fields rather than bevy
/// resources: every DOM call needs them beside component access, and fields
/// let the borrow checker split the borrows without a `ComponentId` lookup.
pub struct Document {
    pub(crate) world: World,
    pub(crate) root: Entity,
    /// The window as an event target: an entity with no components, so
    /// it is no node (every node method says StaleNode for it), but
    /// listener lists and dispatch paths accept it.
    pub(crate) window: Entity,
    /// Entities that are no nodes (the window, bevy's own), counted at
    /// creation, so `node_count` counts nodes only.
    pub(crate) non_nodes: u32,
    pub(crate) names: Names,
    /// Connected elements by id symbol, indexed by the symbol's dense index
    /// (one array step, no hashing). Most ids have one element; with
    /// duplicates the first in tree order wins at lookup time, as in browsers.
    pub(crate) ids: IdIndex,
    pub(crate) quirks: QuirksMode,
    pub(crate) lifetime: Lifetime,
    pub(crate) selectors: SelectorCache,
    pub(crate) parallel_threshold: usize,
    pub(crate) events: crate::events::Events,
    /// A node's links and, for character data, its data, in one fetch
    /// (the `textContent` fast paths).
    pub(crate) text_query: QueryState<(&'static Node, Option<&'static mut CharacterData>)>,
    /// Write access to tree links: cheaper than `World::get_mut`, which
    /// looks the component up by type on every call.
    pub(crate) node_query: QueryState<&'static mut Node>,
    /// Memory a command-buffer apply keeps for the next one.
    pub(crate) apply_scratch: crate::command::ApplyScratch,
    /// Change counters that live collections revalidate from.
    pub(crate) mutations: crate::collection::Mutations,
    /// The live `NodeIterator`s, whose references removals update.
    pub(crate) iterators: crate::node_iterator::Iterators,
    /// The live `Range`s, which mutations update.
    pub(crate) ranges: crate::range::Ranges,
    /// Mutation observers' registrations and pending notifications.
    pub(crate) observers: crate::observer::Observers,
    /// The document node's readiness (`document.readyState`).
    pub(crate) readiness: crate::node_document::Readiness,
    /// While a parser-inserted script runs: what it `document.write`s,
    /// which the parser reads next (the insertion point is defined).
    pub(crate) written: Option<String>,
    /// The document node's URL (`document.URL`).
    pub(crate) url: String,
    /// The last document base URL computed (`node_document.rs`), kept
    /// until the tree or an `href` changes.
    pub(crate) base_url: std::sync::Mutex<Option<crate::node_document::BaseUrlCache>>,
    /// The page document's selection's range, if any.
    pub(crate) selection: Option<crate::range::Range>,
    /// Script elements mutations noted for the host to prepare (`script.rs`).
    pub(crate) host_steps: Vec<Entity>,
    /// How many nested browsing contexts were made (`frames.rs`): while
    /// none, insertions into other documents' trees look for no iframes.
    pub(crate) nested_contexts: u32,
    /// The attached `Attr` nodes made so far (`attr.rs`).
    pub(crate) attr_nodes: crate::attr::AttrNodes,
    /// Hyperlinks followed and forms submitted, for the host
    /// ([`Document::take_navigations`]).
    pub(crate) navigations: Vec<crate::events::Navigation>,
    /// Events to fire at elements as tasks, for the host
    /// ([`Document::take_element_tasks`]).
    pub(crate) element_tasks: Vec<(NodeId, &'static str)>,
    /// Whether any shadow root was attached, and the slots whose
    /// `slotchange` is signaled (`shadow/`).
    pub(crate) shadow: crate::shadow::ShadowTrees,
    /// Set while `moveBefore` inserts (the focus stays where it is).
    pub(crate) moving: bool,
    /// Custom element definitions and reactions (`custom/`).
    pub(crate) custom: crate::custom::CustomElements,
    /// The is value of the element being created (`createElement`'s option).
    pub(crate) creating_is: Option<Symbol>,
    /// The storage areas its windows' `localStorage` and
    /// `sessionStorage` use (`storage.rs`).
    pub(crate) storage: crate::storage::Shelf,
    /// The page's cookie jar (`cookies.rs`).
    pub(crate) cookies: crate::cookies::CookieJar,
    /// Each document's style engine, by document node, made when a style
    /// is first asked of it (`cascade/`).
    pub(crate) style_engines: std::sync::Mutex<FxHashMap<Entity, Box<crate::cascade::StyleEngine>>>,
    /// The `style` and `link` elements made so far (the dead ones pruned
    /// as more are made): the candidates for the documents' sheets.
    pub(crate) sheet_owners: Vec<Entity>,
    /// Each `style` and `link` element's associated CSS style sheet, made
    /// when first asked (`cascade/sheets.rs`).
    pub(crate) owned_sheets: std::sync::Mutex<FxHashMap<Entity, crate::cascade::OwnedSheet>>,
    /// The lock of every author style sheet and declaration block of the
    /// world (Stylo's `SharedRwLock`).
    pub(crate) css_lock: style::shared_lock::SharedRwLock,
    /// What the updates of the rendering know (`cascade/animate.rs`).
    pub(crate) rendering: crate::cascade::RenderingState,
    /// The documents' layouts since the last change (`layout/`).
    pub(crate) layouts: std::sync::Mutex<crate::layout::Layouts>,
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("nodes", &self.world.entities().count_spawned())
            .finish_non_exhaustive()
    }
}

impl Document {
    /// An empty HTML document: a document node with no children.
    pub fn new() -> Self {
        let mut world = World::new();
        let mut root = Node::new(NodeKind::Document);
        root.flags |= CONNECTED;
        let root = world.spawn(root).id();
        let window = world.spawn_empty().id();
        let non_nodes = world.entities().count_spawned() - 1;
        let text_query = world.query::<(&Node, Option<&mut CharacterData>)>();
        let node_query = world.query::<&mut Node>();
        Document {
            world,
            root,
            window,
            non_nodes,
            names: Names::new(),
            ids: IdIndex::default(),
            quirks: QuirksMode::NoQuirks,
            lifetime: Lifetime::new(),
            selectors: SelectorCache::default(),
            parallel_threshold: crate::command::PARALLEL_THRESHOLD,
            events: crate::events::Events::default(),
            text_query,
            node_query,
            apply_scratch: Default::default(),
            mutations: Default::default(),
            base_url: std::sync::Mutex::new(None),
            iterators: Default::default(),
            ranges: Default::default(),
            observers: Default::default(),
            readiness: Default::default(),
            written: None,
            url: "about:blank".to_owned(),
            selection: None,
            host_steps: Vec::new(),
            attr_nodes: Default::default(),
            nested_contexts: 0,
            navigations: Vec::new(),
            element_tasks: Vec::new(),
            style_engines: Default::default(),
            sheet_owners: Vec::new(),
            owned_sheets: Default::default(),
            css_lock: style::shared_lock::SharedRwLock::new(),
            rendering: Default::default(),
            layouts: Default::default(),
            shadow: Default::default(),
            moving: false,
            custom: Default::default(),
            creating_is: None,
            storage: Default::default(),
            cookies: Default::default(),
        }
    }

    /// The document node.
    #[inline]
    pub fn root(&self) -> NodeId {
        NodeId(self.root)
    }

    /// The quirks mode the parser set.
    pub fn quirks_mode(&self) -> QuirksMode {
        self.quirks
    }

    /// The interned names of this document.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The world itself, for systems and queries of your own (read-only:
    /// mutate through the DOM API so the tree invariants hold).
    pub fn world(&self) -> &World {
        &self.world
    }

    /// How many nodes are alive (attached or not, the document node included).
    pub fn node_count(&self) -> usize {
        (self.world.entities().count_spawned() - self.non_nodes) as usize
    }

    /// The window, as an event target (listeners, dispatch): the last
    /// step of the event path of a node in this document, for every event
    /// but `load` (<https://html.spec.whatwg.org/#the-window-object>, the
    /// Document's "get the parent"). It is no node.
    #[inline]
    pub fn window(&self) -> NodeId {
        NodeId(self.window)
    }

    // ----- internal accessors -------------------------------------------------

    /// The `Node` of an entity the tree links to. Links always point at live
    /// entities (an invariant the mutation code keeps), so a miss is a bug.
    #[inline]
    pub(crate) fn n(&self, e: Entity) -> &Node {
        self.world
            .get::<Node>(e)
            .expect("tree invariant: links point at live nodes")
    }

    #[inline]
    pub(crate) fn n_mut(&mut self, e: Entity) -> Mut<'_, Node> {
        self.node_query
            .get_mut(&mut self.world, e)
            .expect("tree invariant: links point at live nodes")
    }

    /// The `Node` behind a caller's handle, or `StaleNode`.
    #[inline]
    pub(crate) fn live(&self, id: NodeId) -> DomResult<&Node> {
        self.world.get::<Node>(id.0).ok_or(DomError::StaleNode)
    }

    /// The handle's entity if it is an element, else a typed error.
    #[inline]
    pub(crate) fn element(&self, id: NodeId) -> DomResult<Entity> {
        match self.live(id)?.kind {
            NodeKind::Element => Ok(id.0),
            _ => Err(DomError::InvalidState("not an element".into())),
        }
    }

    #[inline]
    pub(crate) fn element_name(&self, e: Entity) -> Option<&ElementName> {
        self.world.get::<ElementName>(e)
    }

    #[inline]
    pub(crate) fn attrs(&self, e: Entity) -> Option<&Attributes> {
        self.world.get::<Attributes>(e)
    }

    /// Whether `e` is an HTML element with local name `sym`.
    #[inline]
    pub(crate) fn is_html(&self, e: Entity, sym: Symbol) -> bool {
        matches!(self.element_name(e), Some(n) if n.ns == Ns::Html && n.local == sym)
    }

    // ----- kinds and names ----------------------------------------------------

    /// The live node at slot `index`, if any: how a host that passes only
    /// indices across a boundary (JS numbers) gets the full ID back.
    pub fn node_at_index(&self, index: u32) -> Option<NodeId> {
        let index = bevy_ecs::entity::EntityIndex::from_raw_u32(index)?;
        let e = self.world.entities().resolve_from_index(index);
        self.world.get::<Node>(e).is_some().then_some(NodeId(e))
    }

    /// [`Document::node_at_index`], or the window: the event target an
    /// index names (for hosts that pass targets as indexes).
    pub fn event_target_at_index(&self, index: u32) -> Option<NodeId> {
        if index == self.window.index_u32() {
            return Some(NodeId(self.window));
        }
        let raw = bevy_ecs::entity::EntityIndex::from_raw_u32(index)?;
        let e = self.world.entities().resolve_from_index(raw);
        let target = self.world.get::<crate::node::Node>(e).is_some()
            || self.world.get::<crate::windows::FrameWindow>(e).is_some();
        target.then_some(NodeId(e))
    }

    /// Whether the handle still refers to a live node.
    pub fn is_alive(&self, id: NodeId) -> bool {
        self.world.get::<Node>(id.0).is_some()
    }

    /// The node's kind (`nodeType`).
    pub fn kind(&self, id: NodeId) -> DomResult<NodeKind> {
        Ok(self.live(id)?.kind)
    }

    /// `nodeType` (<https://dom.spec.whatwg.org/#dom-node-nodetype>).
    pub fn node_type(&self, id: NodeId) -> DomResult<u16> {
        let n = self.live(id)?;
        Ok(if n.flags & crate::node::CDATA != 0 {
            4
        } else {
            n.kind.node_type()
        })
    }

    /// Whether `e` is an [exclusive Text node](https://dom.spec.whatwg.org/#exclusive-text-node):
    /// a Text node that is no `CDATASection`.
    pub(crate) fn is_exclusive_text(&self, e: Entity) -> bool {
        let n = self.n(e);
        n.kind == NodeKind::Text && n.flags & crate::node::CDATA == 0
    }

    /// `nodeName` (<https://dom.spec.whatwg.org/#dom-node-nodename>).
    pub fn node_name(&self, id: NodeId) -> DomResult<String> {
        let node = self.live(id)?;
        Ok(match node.kind {
            NodeKind::Element => self.tag_name(id)?.to_owned(),
            NodeKind::Text if node.flags & crate::node::CDATA != 0 => "#cdata-section".into(),
            NodeKind::Text => "#text".into(),
            NodeKind::Comment => "#comment".into(),
            NodeKind::ProcessingInstruction => self.pi_target(id)?.to_owned(),
            NodeKind::Document => "#document".into(),
            NodeKind::Fragment => "#document-fragment".into(),
            NodeKind::Doctype => self
                .world
                .get::<Doctype>(id.0)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            NodeKind::Attribute => self.attr_name(id)?,
        })
    }

    /// `nodeName`, as a [`NameValue`]: an element's is its interned tag
    /// name.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn node_name_value(&self, id: NodeId) -> DomResult<NameValue> {
        if self.live(id)?.kind == NodeKind::Element {
            return self.tag_name_value(id);
        }
        self.node_name(id).map(NameValue::Other)
    }

    /// `tagName`, interned.
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn tag_name_value(&self, id: NodeId) -> DomResult<NameValue> {
        Ok(NameValue::Interned(self.name_of(id)?.tag))
    }

    /// `localName`, interned.
    ///
    /// # Errors
    /// As [`Document::tag_name_value`].
    pub fn local_name_value(&self, id: NodeId) -> DomResult<NameValue> {
        Ok(NameValue::Interned(self.name_of(id)?.local))
    }

    /// An element's name components (namespace, local name, tagName symbol).
    pub fn name_of(&self, id: NodeId) -> DomResult<ElementName> {
        let e = self.element(id)?;
        Ok(*self.element_name(e).expect("elements have names"))
    }

    /// `localName` of an element.
    pub fn local_name(&self, id: NodeId) -> DomResult<&str> {
        let name = self.name_of(id)?;
        Ok(self.names.resolve(name.local))
    }

    /// `tagName` of an element: ASCII-uppercase for HTML elements.
    pub fn tag_name(&self, id: NodeId) -> DomResult<&str> {
        let name = self.name_of(id)?;
        Ok(self.names.resolve(name.tag))
    }

    /// `namespaceURI` of an element.
    pub fn namespace(&self, id: NodeId) -> DomResult<Ns> {
        Ok(self.name_of(id)?.ns)
    }

    /// A doctype's name and identifiers.
    pub fn doctype_of(&self, id: NodeId) -> DomResult<&Doctype> {
        self.live(id)?;
        self.world
            .get::<Doctype>(id.0)
            .ok_or_else(|| DomError::InvalidState("not a doctype".into()))
    }

    /// A doctype's `name`.
    pub fn doctype_name(&self, id: NodeId) -> DomResult<&str> {
        Ok(&self.doctype_of(id)?.name)
    }

    /// A doctype's `publicId`.
    pub fn doctype_public_id(&self, id: NodeId) -> DomResult<&str> {
        Ok(&self.doctype_of(id)?.public_id)
    }

    /// A doctype's `systemId`.
    pub fn doctype_system_id(&self, id: NodeId) -> DomResult<&str> {
        Ok(&self.doctype_of(id)?.system_id)
    }

    /// The contents fragment of a `<template>` element, if `id` is one.
    pub fn template_contents(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        self.live(id)?;
        Ok(self
            .world
            .get::<TemplateContents>(id.0)
            .map(|t| NodeId(t.0)))
    }

    // ----- navigation (all O(1)) ----------------------------------------------

    /// `parentNode`
    pub fn parent_node(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.live(id)?.parent.map(NodeId))
    }

    /// `parentElement`
    pub fn parent_element(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self
            .live(id)?
            .parent
            .filter(|&p| self.n(p).kind == NodeKind::Element)
            .map(NodeId))
    }

    /// `firstChild`
    pub fn first_child(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.live(id)?.first_child.map(NodeId))
    }

    /// `lastChild`
    pub fn last_child(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.live(id)?.last_child.map(NodeId))
    }

    /// `previousSibling`
    pub fn previous_sibling(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.live(id)?.prev_sibling.map(NodeId))
    }

    /// `nextSibling`
    pub fn next_sibling(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.live(id)?.next_sibling.map(NodeId))
    }

    /// `hasChildNodes()`
    pub fn has_child_nodes(&self, id: NodeId) -> DomResult<bool> {
        Ok(self.live(id)?.first_child.is_some())
    }

    /// Whether the node is in the page document's tree (the world's root
    /// document): one bit.
    pub fn in_page_tree(&self, id: NodeId) -> DomResult<bool> {
        Ok(self.live(id)?.is_connected())
    }

    /// `isConnected` (<https://dom.spec.whatwg.org/#dom-node-isconnected>):
    /// whether the node's root is a document. The `CONNECTED` bit says so
    /// for the page document's tree at once; a tree of another document
    /// of this world (`createHTMLDocument`, `DOMParser`) is found by its
    /// root.
    pub fn is_connected(&self, id: NodeId) -> DomResult<bool> {
        let n = self.live(id)?;
        Ok(n.is_connected()
            || (n.flags & crate::node::FOREIGN_DOCUMENT != 0
                && self.n(self.root_of(id.0)).kind == NodeKind::Document))
    }

    /// Whether `e` is connected: in the page document's tree (a flag), or
    /// in another document's (its root is that document).
    pub(crate) fn in_document_tree(&self, e: Entity) -> bool {
        let n = self.n(e);
        if n.is_connected() {
            return true;
        }
        if n.flags & crate::node::FOREIGN_DOCUMENT == 0 {
            return false;
        }
        // (Its shadow-including root.)
        let mut root = self.root_of(e);
        while self.n(root).flags & crate::node::SHADOW_ROOT != 0 {
            match self.host_of_root(root) {
                Some(host) => root = self.root_of(host),
                None => return false,
            }
        }
        self.n(root).kind == NodeKind::Document
    }

    /// `childNodes`, as a snapshot.
    pub fn child_nodes(&self, id: NodeId) -> DomResult<Vec<NodeId>> {
        self.live(id)?;
        Ok(self.children_of(id.0).map(NodeId).collect())
    }

    /// `children`: the element children, as a snapshot.
    pub fn children(&self, id: NodeId) -> DomResult<Vec<NodeId>> {
        self.live(id)?;
        Ok(self
            .children_of(id.0)
            .filter(|&c| self.n(c).kind == NodeKind::Element)
            .map(NodeId)
            .collect())
    }

    /// `childElementCount`
    pub fn child_element_count(&self, id: NodeId) -> DomResult<usize> {
        self.live(id)?;
        Ok(self
            .children_of(id.0)
            .filter(|&c| self.n(c).kind == NodeKind::Element)
            .count())
    }

    /// `firstElementChild`
    pub fn first_element_child(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        let first = self.live(id)?.first_child;
        Ok(self.element_from(first, |n| n.next_sibling))
    }

    /// `lastElementChild`
    pub fn last_element_child(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        let last = self.live(id)?.last_child;
        Ok(self.element_from(last, |n| n.prev_sibling))
    }

    /// `previousElementSibling`
    pub fn previous_element_sibling(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        let prev = self.live(id)?.prev_sibling;
        Ok(self.element_from(prev, |n| n.prev_sibling))
    }

    /// `nextElementSibling`
    pub fn next_element_sibling(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        let next = self.live(id)?.next_sibling;
        Ok(self.element_from(next, |n| n.next_sibling))
    }

    /// The first element at or after `start`, stepping with `step`.
    #[inline]
    pub(crate) fn element_from(
        &self,
        mut cur: Option<Entity>,
        step: impl Fn(&Node) -> Option<Entity>,
    ) -> Option<NodeId> {
        while let Some(e) = cur {
            let n = self.n(e);
            if n.kind == NodeKind::Element {
                return Some(NodeId(e));
            }
            cur = step(n);
        }
        None
    }

    /// The root of the node's tree (`getRootNode()`).
    pub fn root_node(&self, id: NodeId) -> DomResult<NodeId> {
        self.live(id)?;
        Ok(NodeId(self.root_of(id.0)))
    }

    pub(crate) fn root_of(&self, mut e: Entity) -> Entity {
        while let Some(p) = self.n(e).parent {
            e = p;
        }
        e
    }

    /// `isSameNode(other)` (<https://dom.spec.whatwg.org/#dom-node-issamenode>):
    /// whether `other` is this very node; false for null.
    pub fn is_same_node(&self, id: NodeId, other: Option<NodeId>) -> DomResult<bool> {
        self.live(id)?;
        Ok(other == Some(id))
    }

    /// `contains(other)` (<https://dom.spec.whatwg.org/#dom-node-contains>):
    /// whether `other` is an inclusive descendant of `id`; false for null.
    pub fn contains(&self, id: NodeId, other: Option<NodeId>) -> DomResult<bool> {
        self.live(id)?;
        let Some(other) = other else { return Ok(false) };
        self.live(other)?;
        Ok(self.is_inclusive_ancestor(id.0, other.0))
    }

    pub(crate) fn is_inclusive_ancestor(&self, ancestor: Entity, mut e: Entity) -> bool {
        loop {
            if e == ancestor {
                return true;
            }
            match self.n(e).parent {
                Some(p) => e = p,
                None => return false,
            }
        }
    }

    /// The children of `e`, in order.
    #[inline]
    pub(crate) fn children_of(&self, e: Entity) -> impl Iterator<Item = Entity> + '_ {
        let mut cur = self.n(e).first_child;
        std::iter::from_fn(move || {
            let c = cur?;
            cur = self.n(c).next_sibling;
            Some(c)
        })
    }

    /// The descendants of `e` in tree order (preorder), `e` excluded. Each
    /// step is amortised O(1): no stack, only the tree links.
    #[inline]
    pub(crate) fn descendants_of(&self, e: Entity) -> impl Iterator<Item = Entity> + '_ {
        let mut cur = self.n(e).first_child;
        std::iter::from_fn(move || {
            let c = cur?;
            let n = self.n(c);
            cur = if n.first_child.is_some() {
                n.first_child
            } else {
                self.following_skipping_children(c, e)
            };
            Some(c)
        })
    }

    /// The next node in tree order after `c`'s subtree, staying inside `scope`.
    #[inline]
    pub(crate) fn following_skipping_children(
        &self,
        mut c: Entity,
        scope: Entity,
    ) -> Option<Entity> {
        loop {
            if c == scope {
                return None;
            }
            let n = self.n(c);
            if let Some(s) = n.next_sibling {
                return Some(s);
            }
            c = n.parent?;
        }
    }

    /// Descendant elements of `id` in tree order, as handles.
    pub fn descendant_elements(&self, id: NodeId) -> DomResult<Vec<NodeId>> {
        self.live(id)?;
        Ok(self
            .descendants_of(id.0)
            .filter(|&d| self.n(d).kind == NodeKind::Element)
            .map(NodeId)
            .collect())
    }

    /// Whether `a` comes before `b` in tree order. Both must share a root.
    pub(crate) fn precedes(&self, a: Entity, b: Entity) -> bool {
        if a == b {
            return false;
        }
        let chain = |mut e: Entity| {
            let mut v = vec![e];
            while let Some(p) = self.n(e).parent {
                v.push(p);
                e = p;
            }
            v.reverse();
            v
        };
        let (ca, cb) = (chain(a), chain(b));
        let mut i = 0;
        while i < ca.len() && i < cb.len() && ca[i] == cb[i] {
            i += 1;
        }
        if i == ca.len() {
            return true; // a is an ancestor of b
        }
        if i == cb.len() {
            return false; // b is an ancestor of a
        }
        // ca[i] and cb[i] are siblings: does ca[i] reach cb[i] going forward?
        let mut cur = self.n(ca[i]).next_sibling;
        while let Some(s) = cur {
            if s == cb[i] {
                return true;
            }
            cur = self.n(s).next_sibling;
        }
        false
    }

    // ----- text ---------------------------------------------------------------

    /// The data of a text or comment node (`data` / `nodeValue`).
    pub fn data(&self, id: NodeId) -> DomResult<&str> {
        self.live(id)?;
        self.world
            .get::<CharacterData>(id.0)
            .map(|d| d.0.as_str())
            .ok_or_else(|| DomError::InvalidState("not a text or comment node".into()))
    }

    /// `textContent` getter (<https://dom.spec.whatwg.org/#dom-node-textcontent>):
    /// the data of a text or comment node, the concatenated descendant text of
    /// an element or fragment, and `None` for a document or doctype.
    pub fn text_content(&self, id: NodeId) -> DomResult<Option<String>> {
        let node = self.live(id)?;
        Ok(match node.kind {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                Some(self.data(id)?.to_owned())
            }
            NodeKind::Element | NodeKind::Fragment => {
                let mut out = String::new();
                self.collect_text(id.0, &mut out);
                // (Units of adjacent nodes may pair up.)
                Some(crate::dom_string::canonical(out))
            }
            NodeKind::Attribute => Some(self.attr_value(id)?),
            NodeKind::Document | NodeKind::Doctype => None,
        })
    }

    /// Appends the data of every Text descendant of `e` to `out`.
    pub(crate) fn collect_text(&self, e: Entity, out: &mut String) {
        for d in self.descendants_of(e) {
            if self.n(d).kind == NodeKind::Text
                && let Some(t) = self.world.get::<CharacterData>(d)
            {
                out.push_str(&t.0);
            }
        }
    }

    // ----- document-level getters ----------------------------------------------

    /// `document.documentElement`
    pub fn document_element(&self) -> Option<NodeId> {
        self.document_element_of(NodeId(self.root)).ok().flatten()
    }

    /// `documentElement` of document node `doc` (this document's root, or
    /// one made by [`Document::parse_document_node`]).
    pub fn document_element_of(&self, doc: NodeId) -> DomResult<Option<NodeId>> {
        let first = self.live(doc)?.first_child;
        Ok(self.element_from(first, |n| n.next_sibling))
    }

    /// `document.doctype`
    pub fn doctype(&self) -> Option<NodeId> {
        self.doctype_node_of(NodeId(self.root)).ok().flatten()
    }

    /// `doctype` of document node `doc`.
    pub fn doctype_node_of(&self, doc: NodeId) -> DomResult<Option<NodeId>> {
        self.live(doc)?;
        Ok(self
            .children_of(doc.0)
            .find(|&c| self.n(c).kind == NodeKind::Doctype)
            .map(NodeId))
    }

    /// `document.head`: the first `<head>` child of the `<html>` root.
    pub fn head(&self) -> Option<NodeId> {
        self.head_of(NodeId(self.root)).ok().flatten()
    }

    /// `head` of document node `doc`.
    pub fn head_of(&self, doc: NodeId) -> DomResult<Option<NodeId>> {
        self.html_child(doc, |d, c| d.is_html(c, d.names.known.head))
    }

    /// `document.body`: the first `<body>` or `<frameset>` child of the `<html>` root.
    pub fn body(&self) -> Option<NodeId> {
        self.body_of(NodeId(self.root)).ok().flatten()
    }

    /// `body` of document node `doc`.
    pub fn body_of(&self, doc: NodeId) -> DomResult<Option<NodeId>> {
        self.html_child(doc, |d, c| {
            d.is_html(c, d.names.known.body) || d.is_html(c, d.names.known.frameset)
        })
    }

    fn html_child(
        &self,
        doc: NodeId,
        pick: impl Fn(&Self, Entity) -> bool,
    ) -> DomResult<Option<NodeId>> {
        let Some(html) = self.document_element_of(doc)? else {
            return Ok(None);
        };
        if !self.is_html(html.0, self.names.known.html) {
            return Ok(None);
        }
        Ok(self
            .children_of(html.0)
            .find(|&c| pick(self, c))
            .map(NodeId))
    }

    /// `document.title` getter: the first `<title>` in the document, its text
    /// with ASCII whitespace stripped and collapsed
    /// (<https://html.spec.whatwg.org/#document.title>).
    pub fn title(&self) -> String {
        self.title_of(NodeId(self.root)).unwrap_or_default()
    }

    /// `title` of document node `doc`.
    pub fn title_of(&self, doc: NodeId) -> DomResult<String> {
        self.live(doc)?;
        let title = self.names.known.title;
        let Some(el) = self.descendants_of(doc.0).find(|&d| self.is_html(d, title)) else {
            return Ok(String::new());
        };
        let mut raw = String::new();
        for c in self.children_of(el) {
            if let Some(t) = self.world.get::<CharacterData>(c)
                && self.n(c).kind == NodeKind::Text
            {
                raw.push_str(&t.0);
            }
        }
        Ok(raw
            .split(|c: char| c.is_ascii_whitespace())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "))
    }
}
