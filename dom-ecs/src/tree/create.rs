//! Creating nodes: elements, text, comments, processing instructions, doctypes, fragments, documents.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

impl Document {
    // ----- creation -----------------------------------------------------------

    /// `createElement(localName)`: an HTML element, its name lowercased.
    ///
    /// # Errors
    /// `InvalidCharacterError` if `local_name` is not a valid element name.
    pub fn create_element(&mut self, local_name: &str) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
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
        Ok(self.create_element_raw(Ns::Html, None, name, Vec::new()))
    }

    /// Create an element with a namespace, prefix, local name and
    /// attributes, with no validation. A `<template>` gets its contents
    /// fragment here.
    pub fn create_element_raw(
        &mut self,
        ns: Ns,
        prefix: Option<Prefix>,
        local_name: &str,
        attrs: Vec<(Ns, Option<Prefix>, &str, String)>,
    ) -> NodeId {
        let root = self.root;
        self.create_element_for(root, ns, prefix, local_name, attrs)
    }

    /// [`Document::create_element_raw`] for document `doc` (a parser's:
    /// the element's node document from the start), so its event handler
    /// content attributes take effect there: a parsed `<body onload>` sets
    /// the handler of `doc`'s window, none for a document without one.
    pub(crate) fn create_element_for(
        &mut self,
        doc: Entity,
        ns: Ns,
        prefix: Option<Prefix>,
        local_name: &str,
        attrs: Vec<(Ns, Option<Prefix>, &str, String)>,
    ) -> NodeId {
        let local = self.names.intern(local_name);
        // Made in the root document, an HTML one: `adopt_subtree` gives an
        // element made for another document that document's `tagName`.
        let tag = self.tag_for(ns, prefix, local, true);
        let mut attributes = Attributes {
            list: smallvec::SmallVec::with_capacity(attrs.len()),
            ..Attributes::default()
        };
        // The event handler content attributes (`onclick`...) among them.
        let mut handlers: smallvec::SmallVec<[Symbol; 2]> = smallvec::SmallVec::new();
        // A name's first attribute wins; past a few, a set finds repeats
        // (a list scan per attribute would be quadratic).
        let mut seen: Option<rustc_hash::FxHashSet<(Ns, Symbol)>> =
            (attrs.len() > 16).then(rustc_hash::FxHashSet::default);
        for (ans, aprefix, name, value) in attrs {
            let sym = self.names.intern(name);
            if matches!(ns, Ns::Html | Ns::Svg) && ans == Ns::None && name.starts_with("on") {
                handlers.push(sym);
            }
            let first = match &mut seen {
                Some(set) => set.insert((ans, sym)),
                None => attributes.position(ans, sym).is_none(),
            };
            if first {
                if ans == Ns::None && sym == self.names.known.style {
                    self.rendering.note_style_text(&value);
                }
                attributes.list.push(Attribute {
                    ns: ans,
                    prefix: aprefix,
                    local: sym,
                    value: value.into(),
                });
            }
        }
        self.refresh_derived(&mut attributes);
        let mut node = Node::new(NodeKind::Element);
        if local == self.names.known.script && matches!(ns, Ns::Html | Ns::Svg) {
            node.flags |= crate::node::SCRIPT;
        } else if local == self.names.known.iframe && ns == Ns::Html {
            node.flags |= crate::node::FRAME;
        } else if local == self.names.known.slot && ns == Ns::Html {
            node.flags |= crate::node::SLOT;
        } else if local == self.names.known.link && ns == Ns::Html {
            node.flags |= crate::node::SHEET_LINK;
        } else if local == self.names.known.style && matches!(ns, Ns::Html | Ns::Svg) {
            node.flags |= crate::node::SHEET_STYLE;
        }
        let e = self
            .world
            .spawn((
                node,
                ElementName {
                    ns,
                    prefix,
                    local,
                    tag,
                },
                attributes,
            ))
            .id();
        if (local == self.names.known.style && matches!(ns, Ns::Html | Ns::Svg))
            || (local == self.names.known.link && ns == Ns::Html)
        {
            self.note_sheet_owner(e);
        }
        if ns == Ns::Html && local == self.names.known.template {
            let mut frag = Node::new(NodeKind::Fragment);
            frag.flags |= TEMPLATE_CONTENTS;
            let contents = self.world.spawn((frag, TemplateHost(e))).id();
            self.world.entity_mut(e).insert(TemplateContents(contents));
            let owner = self.template_contents_owner(doc);
            self.set_node_document(contents, owner);
        }
        self.adopt_subtree(e, doc);
        if ns == Ns::Html {
            // The is value: `createElement`'s option, or a parsed `is`
            // attribute.
            let is = self.creating_is.or_else(|| {
                let v = self.attrs(e)?.get(self.names.known.is)?.to_owned();
                Some(self.names.intern(&v))
            });
            if is.is_some() || local_name.contains('-') {
                self.custom_element_created(e, doc, local, is);
            }
        }
        for sym in handlers {
            self.handler_content_attribute_changed(e, sym);
        }
        self.lifetime.note_detached(e);
        NodeId(e)
    }

    /// `tagName` (<https://dom.spec.whatwg.org/#element-html-uppercased-qualified-name>):
    /// the qualified name, upper-cased for an HTML element in an HTML
    /// document.
    pub(crate) fn tag_for(
        &mut self,
        ns: Ns,
        prefix: Option<Prefix>,
        local: Symbol,
        html_document: bool,
    ) -> Symbol {
        let qualified = match prefix {
            Some(p) => {
                let q = format!("{}:{}", self.names.prefix_str(p), self.names.resolve(local));
                self.names.intern(&q)
            }
            None => local,
        };
        if ns == Ns::Html && html_document {
            self.names.upper(qualified)
        } else {
            qualified
        }
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
        // Step 1: the target must match XML's `Name` production.
        if !crate::serialize::xml::is_xml_name(target) {
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
        self.set_pi_target(id.0, target);
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

    /// A new, empty document node in this world, not yet anything's node
    /// document ([`Document::create_xml_document_node`] is `new Document()`).
    pub(crate) fn create_document(&mut self) -> NodeId {
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
}

/// The `Document` methods that create nodes, called on document node
/// `doc` (the page's or one a script made): the node is made in this world
/// like the methods above make it, with `doc` as its node document; `doc`
/// must be a live document.
impl Document {
    /// `doc.createElement(localName)`.
    ///
    /// # Errors
    /// As [`Document::create_element`]; `InvalidStateError` if `doc` is no document.
    pub fn create_element_in(&mut self, doc: NodeId, local_name: &str) -> DomResult<NodeId> {
        self.a_document_node(doc)?;
        if self.is_html_document(doc.0) {
            let e = self.create_element(local_name)?;
            self.adopt_subtree(e.0, doc.0);
            return Ok(e);
        }
        // An XML document keeps the name's case; its elements are HTML
        // ones only in an XHTML document.
        if !is_valid_element_name(local_name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{local_name}' is not a valid element name"
            )));
        }
        let xhtml = self.content_type_of(doc)? == crate::node_document::content_type::XHTML;
        let ns = if xhtml { Ns::Html } else { Ns::None };
        let e = self.create_element_raw(ns, None, local_name, Vec::new());
        self.adopt_subtree(e.0, doc.0);
        self.retag(e.0, false);
        Ok(e)
    }

    /// `doc.createElement(localName, { is })`
    /// (<https://dom.spec.whatwg.org/#dom-document-createelement>): an
    /// element with that is value (a customized built-in element's
    /// definition name); in an XML document as without it.
    ///
    /// # Errors
    /// As [`Document::create_element_in`].
    pub fn create_element_is_in(
        &mut self,
        doc: NodeId,
        local_name: &str,
        is: &str,
    ) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        self.a_document_node(doc)?;
        if !self.is_html_document(doc.0) {
            return self.create_element_in(doc, local_name);
        }
        if !is_valid_element_name(local_name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{local_name}' is not a valid element name"
            )));
        }
        let local = local_name.to_ascii_lowercase();
        Ok(self.create_element_with_is(doc.0, &local, Some(is)))
    }

    /// `doc.createTextNode(data)`.
    ///
    /// # Errors
    /// `InvalidStateError` if `doc` is no document; `QuotaExceededError`
    /// past the host's memory limit, as for every `_in` maker here.
    pub fn create_text_node_in(&mut self, doc: NodeId, data: &str) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        self.a_document_node(doc)?;
        let made = self.create_text_node(data);
        self.adopt_subtree(made.0, doc.0);
        Ok(made)
    }

    /// `doc.createCDATASection(data)`
    /// (<https://dom.spec.whatwg.org/#dom-document-createcdatasection>).
    ///
    /// # Errors
    /// `NotSupportedError` in an HTML document; `InvalidCharacterError`
    /// when `data` holds `]]>`; `InvalidStateError` if `doc` is no document.
    pub fn create_cdata_section_in(&mut self, doc: NodeId, data: &str) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        let d = self.a_document_node(doc)?;
        if self.is_html_document(d) {
            return Err(DomError::NotSupported(
                "an HTML document has no CDATA sections".into(),
            ));
        }
        if data.contains("]]>") {
            return Err(DomError::InvalidCharacter(
                "a CDATA section can not hold \"]]>\"".into(),
            ));
        }
        let made = self.create_text_node(data);
        self.n_mut(made.0).flags |= crate::node::CDATA;
        self.adopt_subtree(made.0, d);
        Ok(made)
    }

    /// `doc.createComment(data)`.
    ///
    /// # Errors
    /// `InvalidStateError` if `doc` is no document.
    pub fn create_comment_in(&mut self, doc: NodeId, data: &str) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        self.a_document_node(doc)?;
        let made = self.create_comment(data);
        self.adopt_subtree(made.0, doc.0);
        Ok(made)
    }

    /// `doc.createProcessingInstruction(target, data)`.
    ///
    /// # Errors
    /// As [`Document::create_processing_instruction`]; `InvalidStateError`
    /// if `doc` is no document.
    pub fn create_processing_instruction_in(
        &mut self,
        doc: NodeId,
        target: &str,
        data: &str,
    ) -> DomResult<NodeId> {
        crate::memory::check_memory()?;
        self.a_document_node(doc)?;
        let made = self.create_processing_instruction(target, data)?;
        self.adopt_subtree(made.0, doc.0);
        Ok(made)
    }

    /// `doc.createDocumentFragment()`.
    ///
    /// # Errors
    /// `InvalidStateError` if `doc` is no document.
    pub fn create_document_fragment_in(&mut self, doc: NodeId) -> DomResult<NodeId> {
        self.a_document_node(doc)?;
        let made = self.create_document_fragment();
        self.adopt_subtree(made.0, doc.0);
        Ok(made)
    }
}

/// `DOMImplementation` and `DOMParser`: documents made by a script, as
/// new document nodes in this world (the JS bridge's: one world per page)
/// or as new worlds (the Python bridge's: one world per document).
impl Document {
    /// `createHTMLDocument(title)`
    /// (<https://dom.spec.whatwg.org/#dom-domimplementation-createhtmldocument>):
    /// a new document node in this world with a doctype `html` and
    /// `<html><head>[<title>title</title>]</head><body></body></html>`.
    pub fn create_html_document(&mut self, title: Option<&str>) -> NodeId {
        let doc = NodeId(self.new_document_node(crate::node_document::content_type::HTML));
        self.build_html_document(doc, title);
        doc
    }

    /// [`Document::create_html_document`] as a new world whose root is the
    /// new document.
    pub fn new_html_document(title: Option<&str>) -> Document {
        let mut d = Document::new();
        let root = d.root();
        d.build_html_document(root, title);
        d
    }

    fn build_html_document(&mut self, doc: NodeId, title: Option<&str>) {
        let doctype = self.create_doctype("html", "", "");
        self.insert_node(doctype.0, doc.0, None);
        let html = self.create_element_raw(Ns::Html, None, "html", Vec::new());
        self.insert_node(html.0, doc.0, None);
        let head = self.create_element_raw(Ns::Html, None, "head", Vec::new());
        self.insert_node(head.0, html.0, None);
        if let Some(title) = title {
            let t = self.create_element_raw(Ns::Html, None, "title", Vec::new());
            self.insert_node(t.0, head.0, None);
            let text = self.create_text_node(title);
            self.insert_node(text.0, t.0, None);
        }
        let body = self.create_element_raw(Ns::Html, None, "body", Vec::new());
        self.insert_node(body.0, html.0, None);
    }

    /// `createDocumentType(qualifiedName, publicId, systemId)`
    /// (<https://dom.spec.whatwg.org/#dom-domimplementation-createdocumenttype>)
    /// on the `DOMImplementation` of document `doc`: the doctype's node
    /// document is `doc`.
    ///
    /// # Errors
    /// `InvalidCharacterError` for a name with whitespace, NUL or `>`;
    /// `InvalidStateError` if `doc` is no document.
    pub fn create_document_type(
        &mut self,
        doc: NodeId,
        name: &str,
        public_id: &str,
        system_id: &str,
    ) -> DomResult<NodeId> {
        self.a_document_node(doc)?;
        if !is_valid_doctype_name(name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{name}' is not a valid doctype name"
            )));
        }
        let made = self.create_doctype(name, public_id, system_id);
        self.adopt_subtree(made.0, doc.0);
        Ok(made)
    }

    /// `DOMParser.parseFromString(string, type)`
    /// (<https://html.spec.whatwg.org/#dom-domparser-parsefromstring>): a
    /// new document node in this world, parsed from `string` by the HTML
    /// parser for `text/html`, else by the XML parser (a document that is
    /// not well-formed becomes a `<parsererror>` document). `global` is
    /// the document of the parser's relevant global (the window of the
    /// realm that made the `DOMParser`): the new document is that
    /// window's, with that document's URL (step 3). `mime` is one of
    /// [`DOM_PARSER_SUPPORTED_TYPES`] (a binding rejects other values with
    /// WebIDL's `TypeError` before calling).
    ///
    /// # Errors
    /// `NotSupportedError` for another type; `TypeError` if `global` is
    /// no document.
    pub fn parse_from_string(
        &mut self,
        global: NodeId,
        string: &str,
        mime: &str,
    ) -> DomResult<NodeId> {
        let url = self.url_of(global)?.to_owned();
        let made = match parser_type(mime)? {
            // (DOMParser parses with scripting disabled: <noscript> is markup.)
            "text/html" => {
                self.parse_document_node(string, crate::ParseOptions { scripting: false })
            }
            // (A `Document`, not an `XMLDocument`: "a new Document, whose
            // content type is type".)
            xml => {
                let made = self.parse_xml_document_node(string, xml);
                self.n_mut(made.0).flags &= !crate::node::XML_DOCUMENT;
                made
            }
        };
        self.set_relevant_global(made, global)?;
        self.set_document_url(made.0, &url);
        Ok(made)
    }

    /// [`Document::parse_from_string`] as a new world.
    ///
    /// # Errors
    /// As [`Document::parse_from_string`].
    pub fn parse_new_from_string(string: &str, mime: &str) -> DomResult<Document> {
        Ok(match parser_type(mime)? {
            "text/html" => Document::parse_with(string, crate::ParseOptions { scripting: false }),
            xml => {
                let mut d = Document::parse_xml(string, xml);
                let root = d.root;
                d.n_mut(root).flags &= !crate::node::XML_DOCUMENT;
                d
            }
        })
    }
}

/// The supported type `mime` names, as a static string.
fn parser_type(mime: &str) -> DomResult<&'static str> {
    DOM_PARSER_SUPPORTED_TYPES
        .into_iter()
        .find(|t| *t == mime)
        .ok_or_else(|| DomError::NotSupported(format!("DOMParser does not parse {mime}")))
}

/// The values of the IDL enum `DOMParserSupportedType`.
pub const DOM_PARSER_SUPPORTED_TYPES: [&str; 5] = [
    "text/html",
    "text/xml",
    "application/xml",
    "application/xhtml+xml",
    "image/svg+xml",
];

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    #[test]
    fn a_processing_instruction_target_is_an_xml_name() {
        let mut d = Document::new();
        for bad in ["", "\u{B7}A", "1x", "a b", "a>"] {
            assert!(
                matches!(
                    d.create_processing_instruction(bad, "x"),
                    Err(DomError::InvalidCharacter(_))
                ),
                "{bad:?}"
            );
        }
        for good in ["A\u{B7}", "xml-stylesheet", "a:b", "_x.1"] {
            assert!(
                d.create_processing_instruction(good, "x").is_ok(),
                "{good:?}"
            );
        }
        assert!(matches!(
            d.create_processing_instruction("t", "a?>b"),
            Err(DomError::InvalidCharacter(_))
        ));
    }
}
