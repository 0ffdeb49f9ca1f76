//! Which document each node belongs to
//! (<https://dom.spec.whatwg.org/#concept-node-document>), and what kind
//! of document that is. A world holds its root document and any number of
//! documents a script made (`new Document()`, `createHTMLDocument`,
//! `createDocument`, `DOMParser`); a node of the root document carries
//! nothing, any other node the [`FOREIGN_DOCUMENT`] bit and a
//! [`NodeDocument`]. Insertion adopts ([`Document::adopt_subtree`]), so
//! `ownerDocument` follows the node wherever it goes.

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::{ElementName, FOREIGN_DOCUMENT, NodeDocument, NodeId, NodeKind, XmlContentType};

/// The content types of the documents a script can make.
pub(crate) mod content_type {
    pub const HTML: &str = "text/html";
    pub const XML: &str = "application/xml";
    pub const XHTML: &str = "application/xhtml+xml";
    pub const SVG: &str = "image/svg+xml";

    /// The content type `createDocument` gives a document whose element
    /// is in `namespace`.
    pub fn of_namespace(namespace: Option<&str>) -> &'static str {
        use crate::intern::Ns;
        match namespace.and_then(Ns::from_url) {
            Some(Ns::Html) => XHTML,
            Some(Ns::Svg) => SVG,
            _ => XML,
        }
    }
}

impl Document {
    /// The node document of `e`: itself for a document.
    pub(crate) fn node_document(&self, e: Entity) -> Entity {
        let n = self.n(e);
        if n.kind == NodeKind::Document {
            e
        } else if n.flags & FOREIGN_DOCUMENT != 0 {
            self.world
                .get::<NodeDocument>(e)
                .map_or(self.root().0, |d| d.0)
        } else {
            self.root().0
        }
    }

    /// Make `doc` the node document of `e` alone.
    pub(crate) fn set_node_document(&mut self, e: Entity, doc: Entity) {
        let root = self.root().0;
        let is_document = self.n(e).kind == NodeKind::Document;
        let foreign = doc != root || (is_document && e != root);
        let mut n = self.n_mut(e);
        if foreign {
            n.flags |= FOREIGN_DOCUMENT;
            self.world.entity_mut(e).insert(NodeDocument(doc));
        } else if n.flags & FOREIGN_DOCUMENT != 0 {
            n.flags &= !FOREIGN_DOCUMENT;
            self.world.entity_mut(e).remove::<NodeDocument>();
        }
    }

    /// A new document node of this world (not its root), of `content_type`.
    pub(crate) fn new_document_node(&mut self, content_type: &'static str) -> Entity {
        let e = self.create_document().0;
        self.set_node_document(e, e);
        if content_type != content_type::HTML {
            self.world
                .entity_mut(e)
                .insert(XmlContentType(content_type));
        }
        e
    }

    /// Whether `id` is a document whose interface is `XMLDocument`
    /// (`createDocument` and clones of its documents, a page or frame
    /// loaded as XML; `DOMParser` makes a plain `Document`).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn is_xml_document_object(&self, id: NodeId) -> DomResult<bool> {
        let n = self.live(id)?;
        Ok(n.kind == NodeKind::Document && n.flags & crate::node::XML_DOCUMENT != 0)
    }

    /// Mark document node `doc` as an `XMLDocument`.
    pub(crate) fn mark_xml_document(&mut self, doc: Entity) {
        self.n_mut(doc).flags |= crate::node::XML_DOCUMENT;
    }

    /// The appropriate template contents owner document of `doc`
    /// (<https://html.spec.whatwg.org/#appropriate-template-contents-owner-document>):
    /// its associated inert template document, made on first use (no
    /// browsing context; HTML if `doc` is), or `doc` itself when it is
    /// one. It lives and dies with `doc` (the collector walks to it).
    pub(crate) fn template_contents_owner(&mut self, doc: Entity) -> Entity {
        if self.world.get::<InertTemplateDocument>(doc).is_some() {
            return doc;
        }
        if let Some(inert) = self.world.get::<TemplateDocumentOf>(doc) {
            return inert.0;
        }
        let html = self.is_html_document(doc);
        // (Not a detached root of its own: `doc`'s tree holds it.)
        let inert = self
            .world
            .spawn(crate::node::Node::new(NodeKind::Document))
            .id();
        self.set_node_document(inert, inert);
        if !html {
            self.world
                .entity_mut(inert)
                .insert(XmlContentType(content_type::XML));
        }
        self.world.entity_mut(inert).insert(InertTemplateDocument);
        self.world.entity_mut(doc).insert(TemplateDocumentOf(inert));
        inert
    }

    /// Whether document `doc` is an HTML document (not an XML one).
    pub(crate) fn is_html_document(&self, doc: Entity) -> bool {
        self.world.get::<XmlContentType>(doc).is_none()
    }

    /// Make `doc` the node document of `e` and its whole subtree (template
    /// contents included) if it is not already: the part of
    /// [adopt](https://dom.spec.whatwg.org/#concept-node-adopt) after the
    /// removal. An element that moves between an HTML and an XML document
    /// gets the `tagName` of its new one.
    pub(crate) fn adopt_subtree(&mut self, e: Entity, doc: Entity) {
        if self.node_document(e) == doc {
            return;
        }
        let html = self.is_html_document(doc);
        let old = self.node_document(e);
        let mut stack = vec![e];
        // (A template's contents go to the new document's template
        // contents owner: HTML's adopting steps for `template`.)
        let mut contents = Vec::new();
        while let Some(x) = stack.pop() {
            self.set_node_document(x, doc);
            if self.custom.any && self.n(x).flags & crate::node::CUSTOM != 0 {
                self.custom_adopted(x, old, doc);
            }
            self.retag(x, html);
            // An element's attributes come along (their Attr nodes).
            if self.has_attr_nodes() {
                stack.extend(self.attr_nodes_of(x).to_vec());
            }
            if let Some(t) = self.world.get::<crate::node::TemplateContents>(x) {
                contents.push(t.0);
            }
            if let Some(h) = self.world.get::<crate::shadow::ShadowHost>(x) {
                stack.push(h.0);
            }
            stack.extend(self.children_of(x));
        }
        if !contents.is_empty() {
            let owner = self.template_contents_owner(doc);
            for c in contents {
                self.adopt_subtree(c, owner);
            }
        }
    }

    /// Give element `e` the `tagName` it has in an HTML document (`html`)
    /// or an XML one; nothing for another node.
    pub(crate) fn retag(&mut self, e: Entity, html: bool) {
        if let Some(name) = self.element_name(e).copied() {
            let tag = self.tag_for(name.ns, name.prefix, name.local, html);
            if tag != name.tag
                && let Some(mut n) = self.world.get_mut::<ElementName>(e)
            {
                n.tag = tag;
            }
        }
    }

    /// `ownerDocument`: none for a document.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn owner_document(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        if self.live(id)?.kind == NodeKind::Document {
            return Ok(None);
        }
        Ok(Some(NodeId(self.node_document(id.0))))
    }

    /// `doc`'s entity, if it is a live document.
    ///
    /// # Errors
    /// `InvalidStateError` for another node; `StaleNode`.
    pub(crate) fn a_document_node(&self, doc: NodeId) -> DomResult<Entity> {
        match self.live(doc)?.kind {
            NodeKind::Document => Ok(doc.0),
            _ => Err(DomError::InvalidState("not a document".into())),
        }
    }

    /// `document.contentType`.
    ///
    /// # Errors
    /// `InvalidStateError` if `doc` is no document; `StaleNode`.
    pub fn content_type_of(&self, doc: NodeId) -> DomResult<&str> {
        let d = self.a_document_node(doc)?;
        if let Some(m) = self.media_type(d) {
            return Ok(m);
        }
        Ok(self
            .world
            .get::<XmlContentType>(d)
            .map_or(content_type::HTML, |t| t.0))
    }

    /// `document.readyState`
    /// (<https://html.spec.whatwg.org/#current-document-readiness>): the
    /// page document's readiness, "complete" for any other.
    ///
    /// # Errors
    /// As [`Document::content_type_of`].
    pub fn ready_state_of(&self, doc: NodeId) -> DomResult<&'static str> {
        let d = self.a_document_node(doc)?;
        Ok(if d == self.root().0 {
            self.readiness.as_str()
        } else {
            // A document a script makes is never loaded: "complete".
            Readiness::Complete.as_str()
        })
    }

    /// `document.URL` and `documentURI`
    /// (<https://dom.spec.whatwg.org/#dom-document-url>): the page
    /// document's URL (what the host set: a page file's `file:` URL),
    /// `about:blank` for any document a script makes.
    ///
    /// # Errors
    /// As [`Document::content_type_of`].
    pub fn url_of(&self, doc: NodeId) -> DomResult<&str> {
        let d = self.a_document_node(doc)?;
        Ok(if d == self.root().0 {
            &self.url
        } else {
            self.world
                .get::<DocumentUrl>(d)
                .map_or("about:blank", |u| u.0.as_str())
        })
    }

    /// `baseURI` (<https://dom.spec.whatwg.org/#dom-node-baseuri>): the
    /// node document's base URL
    /// (<https://html.spec.whatwg.org/#document-base-url>): the `href` of
    /// its first `<base>` element that has one, parsed against the
    /// document's URL, or that URL.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn base_uri_of(&self, node: NodeId) -> DomResult<String> {
        self.live(node)?;
        let doc = NodeId(self.node_document(node.0));
        let fallback = self.url_of(doc)?;
        // A browser keeps a document's base URL until a `<base>` changes;
        // here, until the tree or any `href` does (no walk per read).
        let key = (doc.0, self.mutations.structure, self.mutations.hrefs);
        let mut cache = self
            .base_url
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = cache.as_ref()
            && c.key == key
            && c.fallback == fallback
        {
            return Ok(c.base.clone());
        }
        let base = self.compute_base_url(doc, fallback);
        *cache = Some(BaseUrlCache {
            key,
            fallback: fallback.to_owned(),
            base: base.clone(),
        });
        Ok(base)
    }

    /// The document base URL of `doc`, whose URL is `fallback`.
    fn compute_base_url(&self, doc: NodeId, fallback: &str) -> String {
        let (base, href) = (self.names.get("base"), self.names.get("href"));
        let found = base.zip(href).and_then(|(base, href)| {
            self.descendants_of(doc.0)
                .filter(|&e| self.is_html(e, base))
                .find_map(|e| self.attrs(e).and_then(|a| a.get(href)))
        });
        let Some(href) = found else {
            return fallback.to_owned();
        };
        crate::urls::UrlRecord::parse_with_base(href, fallback)
            .map_or_else(|| fallback.to_owned(), |u| u.to_string())
    }

    /// A document `DOMParser` made takes the page document's URL
    /// (<https://html.spec.whatwg.org/#dom-domparser-parsefromstring> step 3).
    pub(crate) fn inherit_url(&mut self, doc: Entity) {
        if self.url != "about:blank" {
            let url = DocumentUrl(self.url.clone());
            self.world.entity_mut(doc).insert(url);
        }
    }

    /// Set the URL of `doc`, a document of this world that is not the
    /// page's (a nested document the host loaded).
    pub(crate) fn set_document_url(&mut self, doc: Entity, url: &str) {
        if doc != self.root {
            self.world
                .entity_mut(doc)
                .insert(DocumentUrl(url.to_owned()));
        }
    }

    /// Set the page document's URL (the host, before the page runs).
    pub fn set_url(&mut self, url: &str) {
        self.url = url.to_owned();
    }

    /// Set the page document's readiness (the host, as it loads the page:
    /// "loading" while parsing, "interactive" after, "complete" before
    /// `load`); the host fires `readystatechange` at the document.
    pub fn set_readiness(&mut self, readiness: Readiness) {
        self.readiness = readiness;
    }

    /// `document.compatMode`: `BackCompat` in quirks mode, else
    /// `CSS1Compat` (a document a script makes is in no-quirks mode).
    ///
    /// # Errors
    /// As [`Document::content_type_of`].
    pub fn compat_mode_of(&self, doc: NodeId) -> DomResult<&'static str> {
        let d = self.a_document_node(doc)?;
        let quirks = if d == self.root().0 {
            self.quirks
        } else {
            self.world
                .get::<crate::node::DocumentQuirks>(d)
                .map_or(crate::QuirksMode::NoQuirks, |q| q.0)
        };
        Ok(if quirks == crate::QuirksMode::Quirks {
            "BackCompat"
        } else {
            "CSS1Compat"
        })
    }

    /// `document.characterSet` (and `charset`, `inputEncoding`): the
    /// encoding the host decoded the document's bytes with
    /// ([`Document::set_character_set`]); UTF-8 for any other document.
    ///
    /// # Errors
    /// As [`Document::content_type_of`].
    pub fn character_set_of(&self, doc: NodeId) -> DomResult<&'static str> {
        self.a_document_node(doc)?;
        Ok(self
            .world
            .get::<crate::node::DocumentEncoding>(doc.0)
            .map_or("UTF-8", |e| e.0))
    }

    /// Say that document `doc` was decoded from `encoding` (a name as the
    /// Encoding Standard spells it: [`crate::decode_page`]'s).
    ///
    /// # Errors
    /// As [`Document::content_type_of`].
    pub fn set_character_set(&mut self, doc: NodeId, encoding: &'static str) -> DomResult<()> {
        self.a_document_node(doc)?;
        let mut e = self.world.entity_mut(doc.0);
        if encoding == "UTF-8" {
            e.remove::<crate::node::DocumentEncoding>();
        } else {
            e.insert(crate::node::DocumentEncoding(encoding));
        }
        Ok(())
    }

    /// `document.adoptNode(node)`
    /// (<https://dom.spec.whatwg.org/#dom-document-adoptnode>): `node`,
    /// out of its parent, now of `doc`.
    ///
    /// # Errors
    /// `NotSupportedError` for a document; `InvalidStateError` if `doc` is
    /// no document.
    pub fn adopt_node(&mut self, doc: NodeId, node: NodeId) -> DomResult<NodeId> {
        let d = self.a_document_node(doc)?;
        if self.live(node)?.kind == NodeKind::Document {
            return Err(DomError::NotSupported(
                "a document can not be adopted".into(),
            ));
        }
        if self.n(node.0).flags & crate::node::SHADOW_ROOT != 0 {
            return Err(DomError::hierarchy("a shadow root can not be adopted"));
        }
        // (A template's contents stay in its inert document.)
        if self
            .world
            .get::<crate::node::TemplateHost>(node.0)
            .is_some()
        {
            return Ok(node);
        }
        if self.n(node.0).parent.is_some() {
            self.remove_node(node.0);
        }
        self.adopt_subtree(node.0, d);
        Ok(node)
    }

    /// `document.importNode(node, deep)`
    /// (<https://dom.spec.whatwg.org/#dom-document-importnode>): a copy of
    /// `node` (with its descendants if `deep`) of `doc`.
    ///
    /// # Errors
    /// `NotSupportedError` for a document; `InvalidStateError` if `doc` is
    /// no document.
    pub fn import_node(&mut self, doc: NodeId, node: NodeId, deep: bool) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        let d = self.a_document_node(doc)?;
        if self.live(node)?.kind == NodeKind::Document
            || self.n(node.0).flags & crate::node::SHADOW_ROOT != 0
        {
            return Err(DomError::NotSupported(
                "a document or shadow root can not be imported".into(),
            ));
        }
        self.clone_into(node, deep, Some(d))
    }

    /// `new Document()`: an empty XML document of this world.
    pub fn create_xml_document_node(&mut self) -> NodeId {
        NodeId(self.new_document_node(content_type::XML))
    }

    /// `implementation.createDocument(namespace, qualifiedName, doctype)`
    /// (<https://dom.spec.whatwg.org/#dom-domimplementation-createdocument>):
    /// a new XML document of this world with `doctype` (adopted) and a
    /// document element named `qualified_name` (none for "").
    ///
    /// # Errors
    /// As `createElementNS`.
    pub fn create_xml_document(
        &mut self,
        namespace: Option<&str>,
        qualified_name: &str,
        doctype: Option<NodeId>,
    ) -> DomResult<NodeId> {
        let element_doc = self.root();
        let element = if qualified_name.is_empty() {
            None
        } else {
            // Validated before anything is made.
            Some(self.create_element_ns_in(element_doc, namespace, qualified_name)?)
        };
        if let Some(d) = doctype
            && self.live(d)?.kind != NodeKind::Doctype
        {
            return Err(DomError::Type(
                "createDocument's doctype must be a DocumentType".into(),
            ));
        }
        let doc = self.new_document_node(content_type::of_namespace(namespace));
        self.mark_xml_document(doc);
        if let Some(d) = doctype {
            self.adopt_node(NodeId(doc), d)?;
            self.insert_node(d.0, doc, None);
        }
        if let Some(e) = element {
            self.insert_node(e.0, doc, None);
        }
        Ok(NodeId(doc))
    }
}

impl Document {
    /// [`Document::create_xml_document`] as a new world whose root is the
    /// new document (the Python bridge's: one world per document); the
    /// doctype is given by its name and identifiers, made in the new world.
    ///
    /// # Errors
    /// As `createElementNS`.
    pub fn new_xml_document(
        namespace: Option<&str>,
        qualified_name: &str,
        doctype: Option<(&str, &str, &str)>,
    ) -> DomResult<Document> {
        let mut d = Document::new();
        let root = d.root();
        let kind = content_type::of_namespace(namespace);
        d.world.entity_mut(root.0).insert(XmlContentType(kind));
        d.mark_xml_document(root.0);
        let element = if qualified_name.is_empty() {
            None
        } else {
            Some(d.create_element_ns_in(root, namespace, qualified_name)?)
        };
        if let Some((name, public, system)) = doctype {
            let dt = d.create_doctype(name, public, system);
            d.insert_node(dt.0, root.0, None);
        }
        if let Some(e) = element {
            d.insert_node(e.0, root.0, None);
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use crate::Document;

    #[test]
    fn template_contents_belong_to_an_inert_document_that_lives_with_its_owner() {
        let mut d = Document::parse("<body><template id=t><p>x</p></template>");
        let t = d.get_element_by_id("t").unwrap();
        let contents = d.template_contents(t).unwrap().unwrap();
        let inert = d.owner_document(contents).unwrap().unwrap();
        assert_ne!(inert, d.root());
        let p = d.first_child(contents).unwrap().unwrap();
        assert_eq!(d.owner_document(p).unwrap(), Some(inert));
        // A template made by script, and a clone, share it.
        let made = d.create_element("template").unwrap();
        let made_contents = d.template_contents(made).unwrap().unwrap();
        assert_eq!(d.owner_document(made_contents).unwrap(), Some(inert));
        let copy = d.clone_node(t, true).unwrap();
        let copy_contents = d.template_contents(copy).unwrap().unwrap();
        let copied_p = d.first_child(copy_contents).unwrap().unwrap();
        assert_eq!(d.owner_document(copied_p).unwrap(), Some(inert));
        // adoptNode leaves a template's contents where they are.
        assert_eq!(d.adopt_node(d.root(), contents).unwrap(), contents);
        assert_eq!(d.owner_document(contents).unwrap(), Some(inert));
        // The collector keeps the inert document while the page lives.
        d.collect_garbage();
        assert_eq!(d.owner_document(p).unwrap(), Some(inert));
        assert!(d.node_type(inert).is_ok());
    }

    #[test]
    fn the_base_url_follows_base_elements_and_the_document_url() {
        let mut d = Document::parse("<head></head><body><a id=a href=x>x</a>");
        d.set_url("http://h/dir/page.html");
        let a = d.get_element_by_id("a").unwrap();
        let head = d.head_of(d.root()).unwrap().unwrap();
        assert_eq!(d.base_uri_of(a).unwrap(), "http://h/dir/page.html");
        let base = d.create_element("base").unwrap();
        d.append_child(head, base).unwrap();
        // A <base> with no href changes nothing; its href does.
        assert_eq!(d.base_uri_of(a).unwrap(), "http://h/dir/page.html");
        d.set_attribute(base, "href", "/other/").unwrap();
        assert_eq!(d.base_uri_of(a).unwrap(), "http://h/other/");
        assert_eq!(d.reflected_url(a, "href").unwrap(), "http://h/other/x");
        d.set_attribute(base, "href", "sub/").unwrap();
        assert_eq!(d.base_uri_of(a).unwrap(), "http://h/dir/sub/");
        d.set_url("http://h/elsewhere/page.html");
        assert_eq!(d.base_uri_of(a).unwrap(), "http://h/elsewhere/sub/");
        d.remove_child(head, base).unwrap();
        assert_eq!(d.base_uri_of(a).unwrap(), "http://h/elsewhere/page.html");
    }

    #[test]
    fn nodes_follow_their_document() {
        let mut d = Document::parse("<body><p id=p>x</p>");
        let root = d.root();
        let xml = d
            .create_xml_document(Some("urn:x"), "r:root", None)
            .unwrap();
        assert_eq!(d.content_type_of(xml).unwrap(), "application/xml");
        let html = d.create_html_document(Some("t"));
        assert_eq!(d.content_type_of(html).unwrap(), "text/html");
        let made = d.create_element_in(xml, "Div").unwrap();
        assert_eq!(d.owner_document(made).unwrap(), Some(xml));
        assert_eq!(d.tag_name(made).unwrap(), "Div");
        let p = d.get_element_by_id("p").unwrap();
        let body = d.body().unwrap();
        let text = d.first_child(p).unwrap().unwrap();
        assert_eq!(d.owner_document(text).unwrap(), Some(root));
        // Insertion adopts the whole subtree; tagName follows the document.
        let el = d.document_element_of(xml).unwrap().unwrap();
        d.append_child(el, p).unwrap();
        assert_eq!(d.owner_document(text).unwrap(), Some(xml));
        assert_eq!(d.tag_name(p).unwrap(), "p");
        d.append_child(body, p).unwrap();
        assert_eq!(d.owner_document(text).unwrap(), Some(root));
        assert_eq!(d.tag_name(p).unwrap(), "P");
        let copy = d.import_node(xml, p, true).unwrap();
        assert_eq!(d.owner_document(copy).unwrap(), Some(xml));
        let adopted = d.adopt_node(html, p).unwrap();
        assert_eq!(d.parent_node(adopted).unwrap(), None);
        assert_eq!(d.owner_document(text).unwrap(), Some(html));
        assert!(d.adopt_node(html, xml).is_err());
        assert_eq!(d.compat_mode_of(html).unwrap(), "CSS1Compat");
    }
}

/// A document's [readiness](https://html.spec.whatwg.org/#current-document-readiness).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Readiness {
    /// The parser is running.
    Loading,
    /// Parsed; subresources and deferred work may still run.
    Interactive,
    /// Loaded (and what every document a script makes is).
    #[default]
    Complete,
}

impl Readiness {
    /// The `readyState` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Readiness::Loading => "loading",
            Readiness::Interactive => "interactive",
            Readiness::Complete => "complete",
        }
    }
}

/// The URL of a document node that is not the world's root, when it is
/// not `about:blank` (a `DOMParser` document's).
#[derive(Component, Clone, Debug)]
pub(crate) struct DocumentUrl(String);

/// On a document: its associated inert template document (the node
/// document of its templates' contents).
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct TemplateDocumentOf(pub(crate) Entity);

/// On a document made as another's inert template document.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct InertTemplateDocument;

/// A document base URL computed once: for which document, at which tree
/// and `href` change counts, from which document URL.
#[derive(Debug)]
pub(crate) struct BaseUrlCache {
    key: (Entity, u64, u64),
    fallback: String,
    base: String,
}
