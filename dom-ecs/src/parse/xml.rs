//! XML parsing into the world (xml5ever, html5ever's sibling): the page
//! of an XML document (`.xhtml`, `.svg`, `.xml`), and `DOMParser`'s XML
//! types. Names keep their case; namespaces and prefixes are whatever the
//! document declares. A document that is not well-formed is reported the
//! way browsers report it to `DOMParser`: a `<parsererror>` document
//! (<https://html.spec.whatwg.org/#dom-domparser-parsefromstring>).
//!
//! xml5ever recovers from errors where XML 1.0 says to stop: the first
//! error it reports makes the document not well-formed, whatever it built.

use std::borrow::Cow;
use std::cell::RefCell;

use bevy_ecs::prelude::*;
use html5ever::TokenizerResult;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode as HtmlQuirks, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute as XmlAttribute, QualName};
use rustc_hash::FxHashMap;
use xml5ever::driver::XmlParseOpts;

use super::SinkName;
use crate::document::Document;
use crate::intern::{Names, Ns, Prefix};
use crate::node::{CharacterData, NodeId, NodeKind, XmlContentType};

struct XmlSink<'d> {
    doc: RefCell<&'d mut Document>,
    /// The document node the tree is built under.
    document: Entity,
    names: RefCell<FxHashMap<Entity, QualName>>,
    /// The first well-formedness error, if any.
    error: RefCell<Option<String>>,
    /// Set once the input is all read: an element closed after that was
    /// never closed by its end tag.
    at_end: std::cell::Cell<bool>,
}

/// A name's namespace as ours (none for the empty URL).
fn ns_of(names: &mut Names, url: &str) -> Ns {
    if url.is_empty() {
        return Ns::None;
    }
    names.namespace(url).unwrap_or(Ns::None)
}

fn prefix_of(names: &mut Names, p: Option<&html5ever::Prefix>) -> Option<Prefix> {
    p.filter(|p| !p.is_empty())
        .and_then(|p| names.prefix(p).ok())
}

impl XmlSink<'_> {
    fn append_text(&self, parent: Entity, before: Option<Entity>, text: &str) {
        let mut doc = self.doc.borrow_mut();
        let neighbour = match before {
            Some(b) => doc.n(b).prev_sibling,
            None => doc.n(parent).last_child,
        };
        if let Some(last) = neighbour
            && doc.n(last).kind == NodeKind::Text
            && let Some(mut d) = doc.world.get_mut::<CharacterData>(last)
        {
            d.0.push_str(text);
            return;
        }
        let t = doc.create_character_data(NodeKind::Text, text.to_owned()).0;
        doc.insert_node(t, parent, before);
    }

    fn put(&self, parent: Entity, before: Option<Entity>, child: NodeOrText<Entity>) {
        match child {
            NodeOrText::AppendNode(n) => self.doc.borrow_mut().insert_node(n, parent, before),
            NodeOrText::AppendText(t) => self.append_text(parent, before, &t),
        }
    }
}

impl TreeSink for XmlSink<'_> {
    type Handle = Entity;
    type Output = Option<String>;
    type ElemName<'a>
        = SinkName
    where
        Self: 'a;

    fn finish(self) -> Option<String> {
        self.error.into_inner()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.error
            .borrow_mut()
            .get_or_insert_with(|| msg.into_owned());
    }

    fn get_document(&self) -> Entity {
        self.document
    }

    fn elem_name<'a>(&'a self, target: &'a Entity) -> SinkName {
        let names = self.names.borrow();
        SinkName(names.get(target).cloned().unwrap_or_else(|| {
            QualName::new(None, html5ever::ns!(), html5ever::LocalName::from(""))
        }))
    }

    fn create_element(&self, name: QualName, attrs: Vec<XmlAttribute>, _: ElementFlags) -> Entity {
        let mut doc = self.doc.borrow_mut();
        let ns = ns_of(&mut doc.names, &name.ns);
        let prefix = prefix_of(&mut doc.names, name.prefix.as_ref());
        let attrs = attrs
            .iter()
            .map(|a| {
                (
                    ns_of(&mut doc.names, &a.name.ns),
                    prefix_of(&mut doc.names, a.name.prefix.as_ref()),
                    &*a.name.local,
                    a.value.to_string(),
                )
            })
            .collect();
        let e = doc.create_element_raw(ns, prefix, &name.local, attrs).0;
        drop(doc);
        self.names.borrow_mut().insert(e, name);
        e
    }

    fn create_comment(&self, text: StrTendril) -> Entity {
        self.doc
            .borrow_mut()
            .create_character_data(NodeKind::Comment, text.to_string())
            .0
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Entity {
        let mut doc = self.doc.borrow_mut();
        let id = doc.create_character_data(NodeKind::ProcessingInstruction, data.to_string());
        doc.world
            .entity_mut(id.0)
            .insert(crate::node::PiTarget(target.to_string().into()));
        id.0
    }

    fn append(&self, parent: &Entity, child: NodeOrText<Entity>) {
        // xml5ever hands the XML declaration over as a processing
        // instruction named `xml`: it is no node (and anywhere but the
        // start, an error).
        if let NodeOrText::AppendNode(n) = &child {
            let doc = self.doc.borrow();
            if doc.n(*n).kind == NodeKind::ProcessingInstruction
                && doc
                    .pi_target(NodeId(*n))
                    .is_ok_and(|t| t.eq_ignore_ascii_case("xml"))
            {
                let first = *parent == self.document && doc.n(*parent).first_child.is_none();
                drop(doc);
                if !first {
                    self.parse_error(Cow::Borrowed(
                        "the XML declaration may only be at the start",
                    ));
                }
                return;
            }
        }
        self.put(*parent, None, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Entity,
        prev_element: &Entity,
        child: NodeOrText<Entity>,
    ) {
        let parent = self.doc.borrow().n(*element).parent;
        match parent {
            Some(p) => self.put(p, Some(*element), child),
            None => self.put(*prev_element, None, child),
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        let mut doc = self.doc.borrow_mut();
        let d = doc.create_doctype(&name, &public_id, &system_id).0;
        let root = self.document;
        doc.insert_node(d, root, None);
    }

    fn get_template_contents(&self, target: &Entity) -> Entity {
        *target
    }

    fn same_node(&self, x: &Entity, y: &Entity) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _: HtmlQuirks) {}

    fn append_before_sibling(&self, sibling: &Entity, new_node: NodeOrText<Entity>) {
        let parent = self.doc.borrow().n(*sibling).parent;
        if let Some(p) = parent {
            self.put(p, Some(*sibling), new_node);
        }
    }

    /// (The XML tree builder never merges attributes: nothing to add.)
    fn add_attrs_if_missing(&self, _: &Entity, _: Vec<XmlAttribute>) {}

    fn remove_from_parent(&self, target: &Entity) {
        let mut doc = self.doc.borrow_mut();
        if doc.n(*target).parent.is_some() {
            doc.remove_node(*target);
        }
    }

    fn reparent_children(&self, node: &Entity, new_parent: &Entity) {
        let mut doc = self.doc.borrow_mut();
        while let Some(c) = doc.n(*node).first_child {
            doc.insert_node(c, *new_parent, None);
        }
    }

    fn pop(&self, _: &Entity) {
        if self.at_end.get() {
            self.parse_error(Cow::Borrowed("an element is not closed"));
        }
    }
}

impl<'d> XmlSink<'d> {
    fn new(doc: &'d mut Document, document: Entity) -> Self {
        XmlSink {
            doc: RefCell::new(doc),
            document,
            names: RefCell::default(),
            error: RefCell::new(None),
            at_end: std::cell::Cell::new(false),
        }
    }
}

/// Parse `xml` into `sink`'s document, calling `on_script` after each
/// script element of the HTML or SVG namespace; the first
/// well-formedness error, if any.
fn run_xml(
    sink: XmlSink<'_>,
    xml: &str,
    mut on_script: impl FnMut(&mut Document, NodeId),
) -> Option<String> {
    let parser = xml5ever::driver::parse_document(sink, XmlParseOpts::default());
    parser
        .input_buffer
        .push_back(StrTendril::from_slice(strip_bom(xml)));
    loop {
        match parser.tokenizer.feed(&parser.input_buffer) {
            TokenizerResult::Done => break,
            TokenizerResult::Script(node) => {
                // The parser is between tokens: nothing else borrows the document.
                let sink = &parser.tokenizer.sink.sink;
                let mut d = sink.doc.borrow_mut();
                let runs = d
                    .element_name(node)
                    .is_some_and(|n| matches!(n.ns, Ns::Html | Ns::Svg));
                if runs {
                    on_script(&mut d, NodeId(node));
                }
            }
            TokenizerResult::EncodingIndicator(_) => {}
        }
    }
    parser.tokenizer.sink.sink.at_end.set(true);
    parser.tokenizer.end();
    let sink = &parser.tokenizer.sink.sink;
    let doc = sink.doc.borrow();
    let has_element = doc
        .children_of(sink.document)
        .any(|c| doc.n(c).kind == NodeKind::Element);
    drop(doc);
    if !has_element {
        sink.parse_error(Cow::Borrowed("the document has no element"));
    }
    sink.error.take()
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
        let doc = self;
        let root = doc.root;
        doc.world
            .entity_mut(root)
            .insert(XmlContentType(content_type));
        doc.lifetime.paused += 1;
        let error = run_xml(XmlSink::new(&mut *doc, root), xml, on_script);
        doc.lifetime.paused -= 1;
        let world = &doc.world;
        doc.lifetime.forget_attached(|e| {
            world
                .get::<crate::node::Node>(e)
                .is_some_and(|n| n.parent.is_some())
        });
        error
    }

    /// Parse `xml` into a new, detached XML document node of this world
    /// (`DOMParser.parseFromString(xml, type)` for an XML type). A
    /// document that is not well-formed gives a document whose element is
    /// a `<parsererror>` saying why, as browsers do.
    pub fn parse_xml_document_node(&mut self, xml: &str, content_type: &'static str) -> NodeId {
        let node = self.new_document_node(content_type);
        self.lifetime.note_detached(node);
        let error = run_xml(XmlSink::new(&mut *self, node), xml, |_, _| {});
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
        NodeId(node)
    }

    /// A new world whose root is the XML document parsed from `xml` (no
    /// script runs), or a `<parsererror>` document when it is not
    /// well-formed.
    pub fn parse_xml(xml: &str, content_type: &'static str) -> Document {
        let mut d = Document::new();
        if let Some(message) = d.parse_xml_into_pausing_at_scripts(xml, content_type, |_, _| {}) {
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
    fn not_well_formed_gives_a_parsererror() {
        let mut d = Document::parse("");
        let doc = d.parse_xml_document_node("<a><b></a>", "application/xml");
        let e = d.document_element_of(doc).unwrap().unwrap();
        assert_eq!(d.local_name(e).unwrap(), "parsererror");
    }
}
