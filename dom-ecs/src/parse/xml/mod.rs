//! XML parsing into the world: the page of an XML document (`.xhtml`,
//! `.svg`, `.xml`), and `DOMParser`'s XML types. `tokenizer` reads the
//! markup (and `dtd` the doctype's internal subset); the tree is built
//! here, as XML 1.0 and Namespaces in XML say: names keep their case,
//! namespaces and prefixes are what the document declares, and the
//! declarations stay on their elements as `xmlns` attributes.
//!
//! A document that is not well-formed (an end tag that does not match,
//! an undeclared prefix or entity, a repeated attribute, text outside the
//! element, no element at all...) is reported the way browsers report it
//! to `DOMParser`: a `<parsererror>` document
//! (<https://html.spec.whatwg.org/#dom-domparser-parsefromstring>). The
//! first error is fatal, as XML has it.
//!
//! Known difference from browsers: attribute defaults declared in the
//! internal subset are not applied.

mod decl;
mod dtd;
mod fragment;
mod tokenizer;

use std::cell::{Cell, RefCell};

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::intern::{Ns, Prefix};
use crate::node::{NodeId, NodeKind, XmlContentType};
use crate::parse::ParseStopped;
use tokenizer::{QName, Token, Tokenizer};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// The namespace declarations of one element: prefix (none for the
/// default) and namespace (none for `xmlns=""`).
type Scope = Vec<(Option<String>, Option<String>)>;

/// An open element: its entity and its name as written (for the end tag).
struct Open {
    e: Entity,
    written: String,
    /// Whether it is a script element that runs (HTML or SVG namespace).
    script: bool,
}

/// The tree builder: the tokenizer's tokens into the world.
struct Builder<'d> {
    doc: RefCell<&'d mut Document>,
    /// The document node the tree is built under.
    document: Entity,
    open: RefCell<Vec<Open>>,
    /// The namespace declarations of each open element.
    scopes: RefCell<Vec<Scope>>,
    /// The first well-formedness error.
    error: RefCell<Option<String>>,
    /// Whether the document element was closed.
    root_done: Cell<bool>,
    /// Whether the doctype was read.
    doctype_done: Cell<bool>,
    /// The page's parser (its scripts are parser-inserted, `script.rs`).
    page: bool,
    /// The XML fragment parsing algorithm's parser: what it reads is the
    /// content of a context element (`fragment.rs`), so text and any number
    /// of elements are allowed at the top, and no doctype.
    fragment: bool,
}

impl<'d> Builder<'d> {
    fn new(doc: &'d mut Document, document: Entity) -> Self {
        Builder {
            doc: RefCell::new(doc),
            document,
            open: RefCell::default(),
            scopes: RefCell::default(),
            error: RefCell::new(None),
            root_done: Cell::new(false),
            doctype_done: Cell::new(false),
            page: false,
            fragment: false,
        }
    }

    fn fail(&self, msg: impl Into<String>) {
        self.error.borrow_mut().get_or_insert_with(|| msg.into());
    }

    /// Where content goes: the current element, or the document.
    fn current(&self) -> Entity {
        self.open.borrow().last().map_or(self.document, |o| o.e)
    }

    /// The namespace `prefix` (none: the default) is bound to in scope.
    fn lookup(&self, prefix: Option<&str>) -> Result<Option<String>, ()> {
        match prefix {
            Some("xml") => return Ok(Some(XML_NS.to_owned())),
            Some("xmlns") => return Ok(Some(XMLNS_NS.to_owned())),
            _ => {}
        }
        for scope in self.scopes.borrow().iter().rev() {
            if let Some((_, ns)) = scope.iter().rev().find(|(p, _)| p.as_deref() == prefix) {
                return match (ns, prefix) {
                    (None, Some(_)) => Err(()),
                    _ => Ok(ns.clone()),
                };
            }
        }
        if prefix.is_some() { Err(()) } else { Ok(None) }
    }

    fn append(&self, node: Entity) {
        let parent = self.current();
        self.doc.borrow_mut().insert_node(node, parent, None);
    }

    fn text(&self, text: &str) {
        if self.open.borrow().is_empty() && !self.fragment {
            if !text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
                self.fail("text outside the document element");
            }
            return;
        }
        let parent = self.current();
        self.doc.borrow_mut().insert_text_merged(parent, None, text);
    }

    /// A CDATA section: a `CDATASection` node of its own (a `Text` node
    /// with nodeType 4), never merged with the text beside it.
    fn cdata(&self, text: String) {
        if self.open.borrow().is_empty() && !self.fragment {
            self.fail("a CDATA section outside the document element");
            return;
        }
        let mut doc = self.doc.borrow_mut();
        let c = doc.create_character_data(NodeKind::Text, text).0;
        doc.n_mut(c).flags |= crate::node::CDATA;
        drop(doc);
        self.append(c);
    }

    /// A start or empty tag: the element, made and appended.
    fn start(&self, name: &QName, attrs: &[(QName, String)], empty: bool) -> Option<Entity> {
        if self.root_done.get() && self.open.borrow().is_empty() && !self.fragment {
            self.fail("a second document element");
        }
        // The declarations first: they are in scope for the tag's own name.
        let mut scope = Vec::new();
        for (a, value) in attrs {
            let (prefix, local) = (a.prefix.as_deref(), a.local.as_str());
            let declared = match (prefix, local) {
                (Some("xmlns"), p) => Some(Some(p.to_owned())),
                (None, "xmlns") => Some(None),
                _ => None,
            };
            let Some(p) = declared else { continue };
            let value = value.clone();
            if p.as_deref() == Some("xmlns")
                || (p.as_deref() == Some("xml")) != (value == XML_NS)
                || (value == XMLNS_NS)
            {
                self.fail("a reserved prefix or namespace is declared");
            }
            if p.is_some() && value.is_empty() {
                self.fail("a prefix is declared with no namespace");
            }
            scope.push((p, (!value.is_empty()).then_some(value)));
        }
        self.scopes.borrow_mut().push(scope);
        let written = name.written();
        let ns_url = self.lookup(name.prefix.as_deref()).unwrap_or_else(|()| {
            self.fail(format!("the prefix of <{written}> is not declared"));
            None
        });
        let mut doc = self.doc.borrow_mut();
        let mut made: Vec<(Ns, Option<Prefix>, &str, String)> = Vec::new();
        // The names of a tag with many attributes, to find a repeated one.
        let mut names: rustc_hash::FxHashSet<(Ns, &str)> = Default::default();
        for (a, value) in attrs {
            let (prefix, local) = (a.prefix.as_deref(), a.local.as_str());
            let url = match (prefix, local) {
                (Some("xmlns"), _) | (None, "xmlns") => Some(XMLNS_NS.to_owned()),
                (None, _) => None,
                (Some(p), _) => self.lookup(Some(p)).unwrap_or_else(|()| {
                    self.fail(format!("the attribute prefix {p} is not declared"));
                    None
                }),
            };
            let ns = match &url {
                Some(u) => doc.names.namespace(u).unwrap_or(Ns::None),
                None => Ns::None,
            };
            let prefix = prefix.and_then(|p| doc.names.prefix(p).ok());
            let repeated = if made.len() < 16 {
                made.iter().any(|(n, _, l, _)| *n == ns && *l == local)
            } else {
                if names.is_empty() {
                    names.extend(made.iter().map(|(n, _, l, _)| (*n, *l)));
                }
                !names.insert((ns, local))
            };
            if repeated {
                self.fail(format!("the attribute {local} is repeated"));
                continue;
            }
            made.push((ns, prefix, local, value.clone()));
        }
        let ns = match &ns_url {
            Some(u) => doc.names.namespace(u).unwrap_or(Ns::None),
            None => Ns::None,
        };
        let prefix = name
            .prefix
            .as_deref()
            .and_then(|p| doc.names.prefix(p).ok());
        let target = doc.node_document(self.document);
        let e = doc
            .create_element_for(target, ns, prefix, &name.local, made)
            .0;
        doc.mark_parsed(e);
        let script = name.local == "script" && matches!(ns, Ns::Html | Ns::Svg);
        if script {
            doc.mark_parsed_script(e, self.page);
        }
        drop(doc);
        self.append(e);
        if empty {
            self.scopes.borrow_mut().pop();
            if self.open.borrow().is_empty() {
                self.root_done.set(true);
            }
            return script.then_some(e);
        }
        self.open.borrow_mut().push(Open { e, written, script });
        None
    }

    /// An end tag: closes the current element, which it must name.
    fn end(&self, name: &QName) -> Option<Entity> {
        let written = name.written();
        let mut open = self.open.borrow_mut();
        let Some(at) = open.iter().rposition(|o| o.written == written) else {
            drop(open);
            self.fail(format!("the end tag </{written}> closes no open element"));
            return None;
        };
        if at + 1 != open.len() {
            drop(open);
            self.fail(format!(
                "the end tag </{written}> does not match its start tag"
            ));
            open = self.open.borrow_mut();
        }
        let mut closed = None;
        while open.len() > at {
            closed = open.pop();
            self.scopes.borrow_mut().pop();
        }
        if open.is_empty() {
            self.root_done.set(true);
        }
        closed.filter(|o| o.script).map(|o| o.e)
    }
}

impl Builder<'_> {
    /// Build what `token` says; a script element of the HTML or SVG
    /// namespace that it closes.
    fn token(&self, token: Token) -> Option<Entity> {
        match token {
            Token::XmlDecl => {
                // The XML declaration is no node, and only at the start.
                let first = self.doc.borrow().n(self.document).first_child.is_none()
                    && self.open.borrow().is_empty()
                    && !self.fragment;
                if !first {
                    self.fail("the XML declaration may only be at the start");
                }
            }
            Token::Doctype(d) => {
                if self.fragment {
                    self.fail("a doctype inside an element");
                } else if !self.open.borrow().is_empty() || self.root_done.get() {
                    self.fail("a doctype after the document element");
                } else if self.doctype_done.replace(true) {
                    self.fail("a second doctype");
                } else {
                    let dt = self
                        .doc
                        .borrow_mut()
                        .create_doctype(
                            &d.name,
                            d.public_id.as_deref().unwrap_or(""),
                            d.system_id.as_deref().unwrap_or(""),
                        )
                        .0;
                    self.append(dt);
                }
            }
            Token::Start { name, attrs, empty } => return self.start(&name, &attrs, empty),
            Token::End(name) => return self.end(&name),
            Token::Pi { target, data } => {
                let mut doc = self.doc.borrow_mut();
                let id = doc.create_character_data(NodeKind::ProcessingInstruction, data);
                doc.set_pi_target(id.0, &target);
                drop(doc);
                self.append(id.0);
            }
            Token::Comment(text) => {
                let c = self
                    .doc
                    .borrow_mut()
                    .create_character_data(NodeKind::Comment, text)
                    .0;
                self.append(c);
            }
            Token::Text(text) => self.text(&text),
            Token::CData(text) => self.cdata(text),
        }
        None
    }

    /// The end of the input.
    fn end_of_input(&self) {
        if !self.open.borrow().is_empty() {
            self.fail("an element is not closed");
        }
        if !self.root_done.get() && !self.fragment {
            self.fail("the document has no element");
        }
    }
}

/// Parse `xml` into `builder`'s document, calling `on_script` after each
/// script element of the HTML or SVG namespace closes, and asking
/// `go_on` after each [`crate::PARSE_CHUNK`] bytes of input (or of
/// entities' replacement text) whether to go on; the first
/// well-formedness error, if any.
fn run_xml(
    builder: Builder<'_>,
    xml: &str,
    mut on_script: impl FnMut(&mut Document, NodeId),
    mut go_on: impl FnMut() -> bool,
) -> (Option<String>, Option<ParseStopped>) {
    let xml = strip_bom(xml);
    let mut tokens = Tokenizer::new(xml);
    let mut ask_at = crate::parse::PARSE_CHUNK;
    while builder.error.borrow().is_none() {
        match tokens.next() {
            Ok(Some(token)) => {
                if let Some(script) = builder.token(token) {
                    on_script(&mut builder.doc.borrow_mut(), NodeId(script));
                }
            }
            Ok(None) => {
                builder.end_of_input();
                break;
            }
            Err(message) => builder.fail(message),
        }
        if tokens.work() >= ask_at {
            if !go_on() {
                let stopped = ParseStopped {
                    parsed: tokens.offset(),
                    of: xml.len(),
                };
                return (None, Some(stopped));
            }
            ask_at = tokens.work() + crate::parse::PARSE_CHUNK;
        }
    }
    (builder.error.take(), None)
}

/// The namespace of the `<parsererror>` element browsers make for a
/// document that is not well-formed.
const PARSERERROR_NS: &str = "http://www.mozilla.org/newlayout/xml/parsererror.xml";

impl Document {
    /// Parse a whole XML document into this document, whose root becomes
    /// an XML document of `content_type`, pausing after each script
    /// element of the HTML or SVG namespace as
    /// [`Document::parse_into_pausing_at_scripts`] does. Returns the first
    /// well-formedness error, if any (the tree then holds what the parser
    /// recovered).
    pub fn parse_xml_into_pausing_at_scripts(
        &mut self,
        xml: &str,
        content_type: &'static str,
        on_script: impl FnMut(&mut Document, NodeId),
    ) -> Option<String> {
        self.parse_xml_pausing(xml, content_type, true, on_script, || true)
            .0
    }

    /// An XML page's parse: [`Document::parse_xml_into_pausing_at_scripts`],
    /// with `go_on` asked after each [`crate::PARSE_CHUNK`] bytes of input
    /// (or of entities' replacement text) whether to go on, as
    /// [`Document::parse_page`] asks. A stopped parse keeps the tree it
    /// built.
    ///
    /// # Errors
    /// [`ParseStopped`] when `go_on` said no (the well-formedness error
    /// the cut input makes is not reported).
    pub fn parse_xml_page(
        &mut self,
        xml: &str,
        content_type: &'static str,
        on_script: impl FnMut(&mut Document, NodeId),
        go_on: impl FnMut() -> bool,
    ) -> Result<Option<String>, ParseStopped> {
        match self.parse_xml_pausing(xml, content_type, true, on_script, go_on) {
            (_, Some(stopped)) => Err(stopped),
            (error, None) => Ok(error),
        }
    }

    /// The XML parse of the root document; `page`: the page's parser.
    fn parse_xml_pausing(
        &mut self,
        xml: &str,
        content_type: &'static str,
        page: bool,
        on_script: impl FnMut(&mut Document, NodeId),
        go_on: impl FnMut() -> bool,
    ) -> (Option<String>, Option<ParseStopped>) {
        let doc = self;
        let root = doc.root;
        doc.world
            .entity_mut(root)
            .insert(XmlContentType(content_type));
        doc.lifetime.paused += 1;
        let mut builder = Builder::new(&mut *doc, root);
        builder.page = page;
        let result = run_xml(builder, xml, on_script, go_on);
        doc.lifetime.paused -= 1;
        let world = &doc.world;
        doc.lifetime.forget_attached(|e| {
            world
                .get::<crate::node::Node>(e)
                .is_some_and(|n| n.parent.is_some())
        });
        result
    }

    /// Parse `xml` into a new, detached `XMLDocument` node of this world
    /// (an XML frame's document; `DOMParser.parseFromString(xml, type)`'s
    /// for an XML type, made a plain `Document`). A
    /// document that is not well-formed gives a document whose element is
    /// a `<parsererror>` saying why, as browsers do.
    pub fn parse_xml_document_node(&mut self, xml: &str, content_type: &'static str) -> NodeId {
        let node = self.new_document_node(content_type);
        self.mark_xml_document(node);
        self.lifetime.note_detached(node);
        let (error, _) = run_xml(Builder::new(&mut *self, node), xml, |_, _| {}, || true);
        // (Nothing but the document node can be reclaimed by itself.)
        let world = &self.world;
        self.lifetime.forget_attached(|e| {
            world
                .get::<crate::node::Node>(e)
                .is_some_and(|n| n.parent.is_some())
        });
        if let Some(message) = error {
            self.replace_with_parser_error(node, &message);
        }
        self.inherit_url(node);
        NodeId(node)
    }

    /// A new world whose root is the XML document parsed from `xml` (no
    /// script runs), or a `<parsererror>` document when it is not
    /// well-formed.
    pub fn parse_xml(xml: &str, content_type: &'static str) -> Document {
        let mut d = Document::new();
        let root = d.root;
        d.mark_xml_document(root);
        if let (Some(message), _) =
            d.parse_xml_pausing(xml, content_type, false, |_, _| {}, || true)
        {
            let root = d.root;
            d.replace_with_parser_error(root, &message);
        }
        d
    }

    /// Empty `doc` and make its element a `<parsererror>` holding `message`.
    fn replace_with_parser_error(&mut self, doc: Entity, message: &str) {
        self.replace_all(None, doc);
        let ns = self.names.namespace(PARSERERROR_NS).unwrap_or(Ns::None);
        let e = self
            .create_element_raw(ns, None, "parsererror", Vec::new())
            .0;
        let text = self
            .create_character_data(
                NodeKind::Text,
                format!("This page contains the following errors: {message}"),
            )
            .0;
        self.insert_node(text, e, None);
        self.insert_node(e, doc, None);
    }
}

/// The input without a byte order mark (its text already decoded).
fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use crate::{Document, NodeKind};

    #[test]
    fn xml_keeps_names_namespaces_and_pis() {
        let mut d = Document::parse("");
        let doc = d.parse_xml_document_node(
            "<?xml version='1.0'?><?pi data?><root xmlns='urn:a' xmlns:b='urn:b'><b:Child b:at='1'>x<![CDATA[<y>]]></b:Child></root>",
            "application/xml",
        );
        let root = d.document_element_of(doc).unwrap().unwrap();
        assert_eq!(d.tag_name(root).unwrap(), "root");
        assert_eq!(d.namespace_uri(root).unwrap(), Some("urn:a"));
        let child = d.first_element_child(root).unwrap().unwrap();
        assert_eq!(d.tag_name(child).unwrap(), "b:Child");
        assert_eq!(
            d.get_attribute_ns(child, Some("urn:b"), "at").unwrap(),
            Some("1")
        );
        assert_eq!(d.text_content(child).unwrap().as_deref(), Some("x<y>"));
        let pi = d.first_child(doc).unwrap().unwrap();
        assert_eq!(d.kind(pi).unwrap(), NodeKind::ProcessingInstruction);
        assert_eq!(d.pi_target(pi).unwrap(), "pi");
        assert_eq!(d.owner_document(child).unwrap(), Some(doc));
    }

    #[test]
    fn cdata_sections_are_nodes_of_their_own() {
        let mut d = Document::parse("");
        let r = element_of(&mut d, "<r>a<![CDATA[<b>]]>c</r>");
        let kids: Vec<_> =
            std::iter::successors(d.first_child(r).unwrap(), |&k| d.next_sibling(k).unwrap())
                .collect();
        let types: Vec<u16> = kids.iter().map(|&k| d.node_type(k).unwrap()).collect();
        assert_eq!(types, [3, 4, 3]);
        assert_eq!(
            d.xml_serialize(r, true).unwrap(),
            "<r>a<![CDATA[<b>]]>c</r>"
        );
    }

    fn element_of(d: &mut Document, xml: &str) -> crate::NodeId {
        let doc = d.parse_xml_document_node(xml, "application/xml");
        d.document_element_of(doc).unwrap().unwrap()
    }

    #[test]
    fn not_well_formed_gives_a_parsererror() {
        let mut d = Document::parse("");
        for bad in [
            "<a><b></a>",
            "<span novalue>9</span>",
            "<!DOCTYPE a SYSTEM><a/>",
            "<a>&undeclared;</a>",
            "<a/><b/>",
            "<x:a/>",
            "<!DOCTYPE a><!DOCTYPE a><a/>",
        ] {
            let e = element_of(&mut d, bad);
            assert_eq!(d.local_name(e).unwrap(), "parsererror", "{bad}");
        }
    }

    #[test]
    fn internal_entities_become_their_nodes() {
        let mut d = Document::parse("");
        let r = element_of(
            &mut d,
            "<!DOCTYPE r [<!ENTITY t \"<s id='c'>u</s>\">]><r><p>x &t;</p></r>",
        );
        let p = d.first_element_child(r).unwrap().unwrap();
        let s = d.first_element_child(p).unwrap().unwrap();
        assert_eq!(d.get_attribute(s, "id").unwrap(), Some("c"));
        assert_eq!(d.text_content(p).unwrap().as_deref(), Some("x u"));
    }

    #[test]
    fn a_tag_with_many_attributes_is_read_in_one_pass() {
        let attrs: String = (0..100_000).map(|i| format!(" a{i}='{i}'")).collect();
        let mut d = Document::parse("");
        let r = element_of(&mut d, &format!("<r{attrs}/>"));
        assert_eq!(d.attribute_count(r).unwrap(), 100_000);
        let r = element_of(&mut d, &format!("<r{attrs} a99999='x'/>"));
        assert_eq!(d.local_name(r).unwrap(), "parsererror");
    }
}
