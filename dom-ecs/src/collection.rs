//! Live collections (<https://dom.spec.whatwg.org/#concept-collection>):
//! `childNodes`, `children`, `getElementsByTagName`, `getElementsByClassName`
//! reflect the tree as it is now, whenever they are read.
//!
//! As browsers do, a collection caches its nodes and revalidates them from
//! the document's change counters ([`Mutations`]): one bumped by every
//! change of tree structure (the unchecked `insert_node`/`remove_node`
//! core, which every mutation goes through), one by every change of an
//! element's classes. A read after no change is one comparison; after a
//! change, the first read recomputes the list (O(nodes under the root)).
//! A `querySelectorAll` result is static: it never revalidates.

use std::sync::Arc;

use crate::document::Document;
use crate::error::DomResult;
use crate::node::NodeId;

/// The document's change counters, read by live collections.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mutations {
    /// Bumped by every insertion or removal of a node.
    pub structure: u64,
    /// Bumped by every change of some element's class list.
    pub classes: u64,
    /// Bumped by every change of an `href` attribute (the base URL
    /// cache revalidates from it and `structure`).
    pub hrefs: u64,
    /// Bumped by every change a computed style may depend on: the tree,
    /// any attribute, any character data (`cascade/`).
    pub restyle: u64,
    /// Bumped by every change CSSOM makes to a style sheet (`insertRule`,
    /// `disabled`...): the style engines make their cascade data again.
    pub cssom: u64,
}

/// What a collection holds, in tree order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CollectionKind {
    /// `childNodes`: the root's children.
    ChildNodes,
    /// `children`: the root's element children.
    Children,
    /// `getElementsByTagName(qualifiedName)` under the root; whether the
    /// root's node document was an HTML document when the collection was
    /// made (the name is then lowercased for HTML elements, for the
    /// collection's life).
    TagName(String, bool),
    /// `getElementsByTagNameNS(namespace, localName)` under the root.
    TagNameNs(Option<String>, String),
    /// `getElementsByClassName(classNames)` under the root.
    ClassName(String),
    /// The elements a window's named property gives
    /// (<https://html.spec.whatwg.org/#named-access-on-the-window-object>),
    /// under the document: recomputed on every read (an `id` or `name`
    /// change moves no counter).
    WindowNamed(String),
    /// `table.tBodies`: the root's `tbody` children.
    TableBodies,
    /// `table.rows`: the root table's rows, heads first, feet last.
    TableRows,
    /// `section.rows`: the root's `tr` children.
    SectionRows,
    /// `tr.cells`: the root's `td` and `th` children.
    RowCells,
    /// `select.options`: the root select's list of options.
    SelectOptions,
    /// `select.selectedOptions`: recomputed on every read (a selectedness
    /// change moves no counter).
    SelectedOptions,
    /// `form.elements`: the root form's listed elements (image buttons
    /// excepted), in its tree; recomputed on every read (a `form` or
    /// `type` attribute change moves no counter).
    FormElements,
    /// A static list (`querySelectorAll`): the nodes it was made with.
    Static,
}

/// A live collection: a root, what to collect under it, and the cached
/// result with the change counts it was computed at; or a static list.
#[derive(Debug)]
pub struct LiveCollection {
    /// None for a static list.
    root: Option<NodeId>,
    kind: CollectionKind,
    items: Items,
    /// The counters `items` was computed at; none before the first read.
    seen: Option<Mutations>,
}

/// A collection's nodes: a live one's cache, or a static list's nodes
/// (shared, so a bridge keeps them alive without a copy).
#[derive(Debug)]
enum Items {
    Cached(Vec<NodeId>),
    Fixed(Arc<[NodeId]>),
}

impl LiveCollection {
    /// A live collection of `kind` under `root`.
    pub fn new(root: NodeId, kind: CollectionKind) -> Self {
        LiveCollection {
            root: Some(root),
            kind,
            items: Items::Cached(Vec::new()),
            seen: None,
        }
    }

    /// A static list of `items` (`querySelectorAll`'s `NodeList`).
    pub fn fixed(items: impl Into<Arc<[NodeId]>>) -> Self {
        LiveCollection {
            root: None,
            kind: CollectionKind::Static,
            items: Items::Fixed(items.into()),
            seen: None,
        }
    }

    /// A static list's nodes (none for a live collection).
    pub fn static_items(&self) -> Option<&Arc<[NodeId]>> {
        match &self.items {
            Items::Fixed(ids) => Some(ids),
            Items::Cached(_) => None,
        }
    }

    /// The node the collection is rooted at (none for a static list).
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// What the collection holds.
    pub fn kind(&self) -> &CollectionKind {
        &self.kind
    }

    /// Whether the collection is an `HTMLCollection` (elements only, with
    /// named items), not a `NodeList`.
    pub fn is_html_collection(&self) -> bool {
        !matches!(
            self.kind,
            CollectionKind::ChildNodes | CollectionKind::Static
        )
    }

    /// The collection's nodes as the tree is now, in tree order.
    ///
    /// # Errors
    /// `StaleNode` when the root was reclaimed (a caller keeps it alive).
    pub fn items(&mut self, doc: &Document) -> DomResult<&[NodeId]> {
        let Some(root) = self.root else {
            return Ok(self.cached());
        };
        let now = doc.mutations;
        let fresh = match self.seen {
            None => false,
            Some(seen) => {
                seen.structure == now.structure
                    && !matches!(
                        self.kind,
                        CollectionKind::WindowNamed(_)
                            | CollectionKind::SelectedOptions
                            | CollectionKind::FormElements
                    )
                    && (!matches!(self.kind, CollectionKind::ClassName(_))
                        || seen.classes == now.classes)
            }
        };
        if !fresh {
            self.items = Items::Cached(match &self.kind {
                CollectionKind::ChildNodes => doc.child_nodes(root)?,
                CollectionKind::Children => doc.children(root)?,
                CollectionKind::TagName(n, html) => {
                    doc.elements_with_qualified_name(root, n, *html)?
                }
                CollectionKind::TagNameNs(ns, n) => {
                    doc.get_elements_by_tag_name_ns(root, ns.as_deref(), n)?
                }
                CollectionKind::ClassName(c) => doc.get_elements_by_class_name(root, c)?,
                CollectionKind::WindowNamed(n) => doc.window_named_elements(root, n),
                CollectionKind::TableBodies => doc.table_bodies_now(root),
                CollectionKind::TableRows => doc.table_rows_now(root),
                CollectionKind::SectionRows => doc.section_rows_now(root),
                CollectionKind::RowCells => doc.row_cells_now(root),
                CollectionKind::SelectOptions => doc.options_now(root),
                CollectionKind::SelectedOptions => doc.selected_options_now(root),
                CollectionKind::FormElements => doc.form_elements_now(root),
                CollectionKind::Static => Vec::new(),
            });
            self.seen = Some(now);
        }
        Ok(self.cached())
    }

    fn cached(&self) -> &[NodeId] {
        match &self.items {
            Items::Cached(v) => v,
            Items::Fixed(ids) => ids,
        }
    }

    /// The collection's nodes as the tree is now, as a shared list (a
    /// static list's without a copy).
    ///
    /// # Errors
    /// As [`LiveCollection::items`].
    pub fn snapshot(&mut self, doc: &Document) -> DomResult<Arc<[NodeId]>> {
        self.items(doc)?;
        Ok(match &self.items {
            Items::Cached(v) => v.as_slice().into(),
            Items::Fixed(ids) => ids.clone(),
        })
    }

    /// `length`
    ///
    /// # Errors
    /// As [`LiveCollection::items`].
    pub fn length(&mut self, doc: &Document) -> DomResult<usize> {
        self.items(doc).map(<[NodeId]>::len)
    }

    /// `item(index)`: the node at `index`, none past the end.
    ///
    /// # Errors
    /// As [`LiveCollection::items`].
    pub fn item(&mut self, doc: &Document, index: usize) -> DomResult<Option<NodeId>> {
        self.items(doc).map(|i| i.get(index).copied())
    }

    /// `namedItem(key)` of an `HTMLCollection`
    /// (<https://dom.spec.whatwg.org/#dom-htmlcollection-nameditem>).
    ///
    /// # Errors
    /// As [`LiveCollection::items`].
    pub fn named_item(&mut self, doc: &Document, key: &str) -> DomResult<Option<NodeId>> {
        let items = self.items(doc)?;
        Ok(doc.named_item(items, key))
    }

    /// The supported property names of an `HTMLCollection`
    /// (<https://dom.spec.whatwg.org/#ref-for-dfn-supported-property-names>):
    /// each element's id, then, for an HTML element, its `name`, non-empty
    /// and each once, in tree order.
    ///
    /// # Errors
    /// As [`LiveCollection::items`].
    pub fn names(&mut self, doc: &Document) -> DomResult<Vec<String>> {
        let items = self.items(doc)?;
        Ok(doc.supported_names(items))
    }
}

impl Document {
    /// `childNodes` (<https://dom.spec.whatwg.org/#dom-node-childnodes>).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn child_node_list(&self, id: NodeId) -> DomResult<LiveCollection> {
        self.live(id)?;
        Ok(LiveCollection::new(id, CollectionKind::ChildNodes))
    }

    /// `children` (<https://dom.spec.whatwg.org/#dom-parentnode-children>).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn children_collection(&self, id: NodeId) -> DomResult<LiveCollection> {
        self.live(id)?;
        Ok(LiveCollection::new(id, CollectionKind::Children))
    }

    /// `getElementsByTagName(qualifiedName)`
    /// (<https://dom.spec.whatwg.org/#concept-getelementsbytagname>).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn elements_by_tag_name(&self, root: NodeId, name: &str) -> DomResult<LiveCollection> {
        self.live(root)?;
        let html = self.is_html_document(self.node_document(root.0));
        Ok(LiveCollection::new(
            root,
            CollectionKind::TagName(name.to_owned(), html),
        ))
    }

    /// `getElementsByTagNameNS(namespace, localName)`
    /// (<https://dom.spec.whatwg.org/#concept-getelementsbytagnamens>).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn elements_by_tag_name_ns(
        &self,
        root: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<LiveCollection> {
        self.live(root)?;
        Ok(LiveCollection::new(
            root,
            CollectionKind::TagNameNs(namespace.map(str::to_owned), local.to_owned()),
        ))
    }

    /// `getElementsByClassName(classNames)`
    /// (<https://dom.spec.whatwg.org/#concept-getelementsbyclassname>).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn elements_by_class_name(&self, root: NodeId, classes: &str) -> DomResult<LiveCollection> {
        self.live(root)?;
        Ok(LiveCollection::new(
            root,
            CollectionKind::ClassName(classes.to_owned()),
        ))
    }

    /// `querySelectorAll(selectors)`, as the static `NodeList` it returns
    /// (<https://dom.spec.whatwg.org/#dom-parentnode-queryselectorall>).
    ///
    /// # Errors
    /// As [`Document::query_selector_all`].
    pub fn query_selector_all_list(
        &self,
        scope: NodeId,
        selectors: &str,
    ) -> DomResult<LiveCollection> {
        self.query_selector_all(scope, selectors)
            .map(LiveCollection::fixed)
    }

    /// Note a change of tree structure (live collections revalidate).
    #[inline]
    pub(crate) fn note_structure_change(&mut self) {
        self.mutations.structure = self.mutations.structure.wrapping_add(1);
        self.note_restyle();
    }

    /// Note a change of some element's classes (class collections
    /// revalidate).
    #[inline]
    pub(crate) fn note_class_change(&mut self) {
        self.mutations.classes = self.mutations.classes.wrapping_add(1);
        self.note_restyle();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{CollectionKind, LiveCollection};
    use crate::Document;

    #[test]
    fn collections_follow_the_tree() {
        let mut d = Document::parse("<div id=d><p class=a></p>x<p></p></div>");
        let div = d.get_element_by_id("d").unwrap();
        let mut nodes = LiveCollection::new(div, CollectionKind::ChildNodes);
        let mut elements = LiveCollection::new(div, CollectionKind::Children);
        let mut ps = LiveCollection::new(d.root(), CollectionKind::TagName("P".into(), true));
        let mut a = LiveCollection::new(d.root(), CollectionKind::ClassName("a".into()));
        assert_eq!(nodes.length(&d).unwrap(), 3);
        assert_eq!(elements.length(&d).unwrap(), 2);
        assert_eq!(ps.length(&d).unwrap(), 2);
        assert_eq!(a.length(&d).unwrap(), 1);

        let p = d.create_element("p").unwrap();
        d.append_child(div, p).unwrap();
        assert_eq!(nodes.length(&d).unwrap(), 4);
        assert_eq!(elements.item(&d, 2).unwrap(), Some(p));
        assert_eq!(ps.length(&d).unwrap(), 3);
        assert_eq!(a.length(&d).unwrap(), 1);

        d.class_add(p, &["a"]).unwrap();
        assert_eq!(a.item(&d, 1).unwrap(), Some(p));
        d.set_attribute(p, "class", "b").unwrap();
        assert_eq!(a.length(&d).unwrap(), 1);

        d.remove_child(div, p).unwrap();
        assert_eq!(nodes.length(&d).unwrap(), 3);
        assert_eq!(elements.item(&d, 2).unwrap(), None);
    }

    #[test]
    fn a_tag_name_collection_keeps_the_htmlness_it_was_made_with() {
        // (https://dom.spec.whatwg.org/#concept-getelementsbytagname: the
        // root's node document is asked when the collection is made.)
        let mut d = Document::parse("");
        let parent = d.create_element("div").unwrap();
        let html = d.create_element("a").unwrap();
        let null = d.create_element_ns_in(d.root(), None, "A").unwrap();
        d.append_child(parent, html).unwrap();
        d.append_child(parent, null).unwrap();
        let mut list = d.elements_by_tag_name(parent, "A").unwrap();
        assert_eq!(list.length(&d).unwrap(), 2);
        let xml = d.create_xml_document_node();
        let root = d.create_element_ns_in(xml, None, "r").unwrap();
        d.append_child(xml, root).unwrap();
        d.append_child(root, parent).unwrap();
        assert_eq!(list.length(&d).unwrap(), 2);
        let mut now = d.elements_by_tag_name(parent, "A").unwrap();
        assert_eq!(now.item(&d, 0).unwrap(), Some(null));
        assert_eq!(now.length(&d).unwrap(), 1);
    }

    #[test]
    fn class_collections_see_applied_buffers() {
        let mut d = Document::parse("<p id=p></p>");
        let p = d.get_element_by_id("p").unwrap();
        let mut a = LiveCollection::new(d.root(), CollectionKind::ClassName("a".into()));
        assert_eq!(a.length(&d).unwrap(), 0);
        let mut buf = crate::CommandBuffer::new();
        buf.set_attribute(p, "class", "a");
        d.apply(&buf).unwrap();
        assert_eq!(a.length(&d).unwrap(), 1);
    }

    #[test]
    fn named_items_and_names() {
        let d = Document::parse("<a id=x name=y></a><a name=y></a><a id=z></a>");
        let mut all = LiveCollection::new(d.root(), CollectionKind::TagName("a".into(), true));
        assert_eq!(all.names(&d).unwrap(), ["x", "y", "z"]);
        let first = all.item(&d, 0).unwrap();
        assert_eq!(all.named_item(&d, "y").unwrap(), first);
        assert_eq!(all.named_item(&d, "").unwrap(), None);
    }

    #[test]
    fn static_lists_do_not_change() {
        let mut d = Document::parse("<p></p><p></p>");
        let ps = d.query_selector_all(d.root(), "p").unwrap();
        let mut list = LiveCollection::fixed(ps.clone());
        let body = d.body().unwrap();
        let q = d.create_element("p").unwrap();
        d.append_child(body, q).unwrap();
        assert_eq!(list.items(&d).unwrap(), &ps[..]);
        assert!(Arc::ptr_eq(
            &list.snapshot(&d).unwrap(),
            list.static_items().unwrap()
        ));
        assert_eq!(list.root(), None);
    }
}
