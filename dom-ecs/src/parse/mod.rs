//! HTML parsing straight into the world: an html5ever [`TreeSink`] whose
//! every call is one of the document's own tree operations.
//!
//! html5ever's sink methods take `&self`, so the sink keeps the document in a
//! `RefCell` and borrows it for the length of one call. The parser asks for
//! element names often; each handle it holds carries its element's
//! `QualName` (one shared copy per name) so answering needs no lookup in
//! the world.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bevy_ecs::prelude::*;
use html5ever::TokenizerResult;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode as HtmlQuirks, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute as HtmlAttribute, LocalName, Namespace, ParseOpts, QualName, ns};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::{Document, QuirksMode};
use crate::error::{DomError, DomResult};
use crate::intern::{Names, Ns};
use crate::node::{CharacterData, NodeId, NodeKind, TemplateContents};

mod driver;
pub(crate) mod sniff;
mod tokenizer;
mod xml;

use driver::Parser;

/// Options for the HTML parser.
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// The parser's scripting flag: with it, `<noscript>` holds raw text.
    pub scripting: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { scripting: true }
    }
}

/// The parser's namespace as ours (html5ever only makes the known ones).
fn ns_of(ns: &Namespace) -> Ns {
    Ns::from_url(ns).unwrap_or(Ns::None)
}

/// Our namespace as the parser's.
fn namespace_of(names: &Names, ns: Ns) -> Namespace {
    Namespace::from(names.ns_url(ns))
}

/// What the parser holds for a node: the node, and an element's name
/// (shared by every element of that name). The parser asks for names at
/// every step of its scope checks, which walk the stack of open elements;
/// a name in the handle answers them with no lookup.
#[derive(Clone, Debug)]
struct Handle {
    node: Entity,
    name: Option<Rc<QualName>>,
}

impl Handle {
    fn node(node: Entity) -> Self {
        Handle { node, name: None }
    }
}

/// The deepest the HTML parser nests a node: what it would put deeper goes
/// beside the node at this depth instead (Blink's limit and rule: its
/// `kMaximumHTMLParserDOMTreeDepth`; a script may still build deeper trees).
/// Deep trees are where every recursive algorithm, ours or a page's, runs
/// out of stack; a browser shows no page deeper than this either.
pub const PARSER_MAX_DEPTH: u32 = 512;

/// How much input the page's parser takes between two questions whether
/// to go on ([`Document::parse_page`]): a tenth of a second or less of
/// parsing even at the depths where it is slowest.
pub const PARSE_CHUNK: usize = 4096;

/// The end of the piece of `text` a page's parse feeds next from `fed`:
/// [`PARSE_CHUNK`] bytes on, at a character boundary.
fn piece_end(text: &str, fed: usize) -> usize {
    let mut end = (fed + PARSE_CHUNK).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// A page's parse that its host stopped ([`Document::parse_page`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseStopped {
    /// The bytes of input parsed.
    pub parsed: usize,
    /// Of this many.
    pub of: usize,
}

/// What the sink knows of a node.
#[derive(Default)]
struct Placed {
    /// The node (an index may be reused by another node once this one is
    /// gone: a script between two parser pauses can remove nodes).
    of: Option<Entity>,
    /// The node's depth in its tree once the sink placed it, plus one (0:
    /// not known): what [`PARSER_MAX_DEPTH`] is checked against.
    depth: u32,
}

/// What the page's parse calls at a pause: with the script element, or
/// with the document node when custom element reactions wait.
type OnPause<'d> = dyn FnMut(&mut Document, NodeId) + 'd;

struct Sink<'d> {
    doc: RefCell<&'d mut Document>,
    /// What `get_document` returns: the document node, or for a fragment a
    /// scratch node the parser builds its `<html>` root under.
    document: Entity,
    /// What the sink knows of each node it made or placed, by entity index.
    placed: RefCell<Vec<Placed>>,
    /// One shared name per distinct element name.
    shared_names: RefCell<FxHashMap<QualName, Rc<QualName>>>,
    /// What `elem_name` answers for a handle with no name (html5ever asks
    /// only for elements').
    no_name: QualName,
    annotation_xml_points: RefCell<FxHashSet<Entity>>,
    /// The node whose name the tree builder asked for last
    /// (`driver::DepthCap` learns the current node this way).
    asked: Cell<Option<Entity>>,
    /// The element the sink made last.
    made: Cell<Option<Entity>>,
    /// Set when the page's parse pauses (as at a script) because custom
    /// element reactions wait: the host runs them before the parse goes on.
    reactions_pause: Cell<bool>,
    /// Set while the tag being processed would put its element into a
    /// template's contents (an inert document: no custom element
    /// definitions there).
    inert_parent: Cell<bool>,
    /// The page's host, asked to run custom element reactions at once
    /// (with the document node): the constructor of an element of a
    /// defined name runs as the parser makes it, before it is inserted.
    on_custom: Option<&'d RefCell<OnPause<'d>>>,
    quirks: Cell<Option<QuirksMode>>,
    /// The page's parser (its scripts are parser-inserted, `script.rs`).
    page: bool,
    /// The document allows declarative shadow roots (a document's own
    /// parse; not `DOMParser`'s or a fragment's).
    declarative_shadow: bool,
    /// The shadow root each declarative shadow root's `<template>` parses
    /// its contents into (the template itself goes into no tree).
    shadow_contents: RefCell<FxHashMap<Entity, Entity>>,
}

impl<'d> Sink<'d> {
    fn new(doc: &'d mut Document, document: Entity) -> Self {
        Sink {
            doc: RefCell::new(doc),
            document,
            placed: RefCell::default(),
            shared_names: RefCell::default(),
            no_name: QualName::new(None, ns!(), LocalName::from("")),
            annotation_xml_points: RefCell::default(),
            asked: Cell::new(None),
            made: Cell::new(None),
            reactions_pause: Cell::new(false),
            inert_parent: Cell::new(false),
            on_custom: None,
            quirks: Cell::new(None),
            page: false,
            declarative_shadow: false,
            shadow_contents: RefCell::default(),
        }
    }

    /// The depth of `node` in its tree (its root's is 0), from what the
    /// sink noted or, for a node it did not place, by walking up.
    fn depth_of(&self, doc: &Document, node: Entity) -> u32 {
        let known = |e: Entity| {
            let placed = self.placed.borrow();
            placed
                .get(e.index_u32() as usize)
                .filter(|p| p.of == Some(e))
                .map(|p| p.depth)
                .filter(|&d| d > 0)
        };
        let (mut at, mut up) = (node, 0u32);
        loop {
            if let Some(d) = known(at) {
                return d - 1 + up;
            }
            match doc.n(at).parent {
                Some(p) => (at, up) = (p, up + 1),
                None => return up,
            }
        }
    }

    /// Note that `node` now sits at `depth`.
    fn note_depth(&self, node: Entity, depth: u32) {
        self.placed_mut(node, |p| p.depth = depth + 1);
    }

    fn placed_mut(&self, node: Entity, f: impl FnOnce(&mut Placed)) {
        let mut placed = self.placed.borrow_mut();
        let i = node.index_u32() as usize;
        if placed.len() <= i {
            placed.resize_with(i + 1, Placed::default);
        }
        if placed[i].of != Some(node) {
            placed[i] = Placed {
                of: Some(node),
                ..Placed::default()
            };
        }
        f(&mut placed[i]);
    }

    /// Where an element or comment the parser appends to `parent` goes:
    /// `parent`, or, once `parent` is deeper than [`PARSER_MAX_DEPTH`], `parent`'s
    /// parent, so the elements the parser builds are never deeper than
    /// that and what nests further becomes siblings there (Blink's rule,
    /// with its limit).
    fn capped(&self, doc: &Document, parent: Entity) -> (Entity, u32) {
        let depth = self.depth_of(doc, parent);
        match doc.n(parent).parent {
            Some(up) if depth > PARSER_MAX_DEPTH => (up, depth - 1),
            _ => (parent, depth),
        }
    }

    fn insert_before_sibling(&self, sibling: Entity, child: NodeOrText<Handle>) {
        let mut doc = self.doc.borrow_mut();
        let Some(parent) = doc.n(sibling).parent else {
            return;
        };
        match child {
            NodeOrText::AppendNode(n) => {
                let depth = self.depth_of(&doc, sibling);
                self.note_depth(n.node, depth);
                doc.insert_node(n.node, parent, Some(sibling));
            }
            NodeOrText::AppendText(t) => doc.insert_text_merged(parent, Some(sibling), &t),
        }
    }
}

impl TreeSink for Sink<'_> {
    type Handle = Handle;
    type Output = Option<QuirksMode>;
    type ElemName<'a>
        = &'a QualName
    where
        Self: 'a;

    fn finish(self) -> Option<QuirksMode> {
        self.quirks.get()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Handle::node(self.document)
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        self.asked.set(Some(target.node));
        target.name.as_deref().unwrap_or(&self.no_name)
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<HtmlAttribute>,
        flags: ElementFlags,
    ) -> Handle {
        let ns = ns_of(&name.ns);
        let mut doc = self.doc.borrow_mut();
        let attrs: Vec<(Ns, Option<crate::intern::Prefix>, &str, String)> = attrs
            .iter()
            .map(|a| {
                // Only the fixed `xlink`, `xml` and `xmlns` prefixes.
                let prefix = a
                    .name
                    .prefix
                    .as_ref()
                    .and_then(|p| doc.names.prefix(p).ok());
                (
                    ns_of(&a.name.ns),
                    prefix,
                    &*a.name.local,
                    a.value.to_string(),
                )
            })
            .collect();
        let target = doc.node_document(self.document);
        // (The page's parser makes an element of a defined name with
        // synchronous custom elements: its constructor before its attributes.)
        let synchronous = self.page
            && doc.custom.any
            && ns == Ns::Html
            && !self.inert_parent.get()
            && doc.parser_defines(target, &name.local, &attrs);
        let e = if synchronous {
            doc.create_element_holding(target, &name.local, attrs).0
        } else {
            doc.create_element_for(target, ns, None, &name.local, attrs)
                .0
        };
        doc.mark_parsed(e);
        if name.local == html5ever::local_name!("script") && matches!(ns, Ns::Html | Ns::Svg) {
            doc.mark_parsed_script(e, self.page);
        }
        let root = doc.root;
        drop(doc);
        if synchronous && let Some(hook) = self.on_custom {
            // (Its constructor, then its attributes' callbacks.)
            let mut d = self.doc.borrow_mut();
            (hook.borrow_mut())(&mut d, NodeId(root));
        }
        self.made.set(Some(e));
        if flags.mathml_annotation_xml_integration_point {
            self.annotation_xml_points.borrow_mut().insert(e);
        }
        let name = self
            .shared_names
            .borrow_mut()
            .entry(name)
            .or_insert_with_key(|n| Rc::new(n.clone()))
            .clone();
        Handle {
            node: e,
            name: Some(name),
        }
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        Handle::node(
            self.doc
                .borrow_mut()
                .create_character_data(NodeKind::Comment, text.to_string())
                .0,
        )
    }

    /// The HTML parser never makes processing instructions (it turns `<?...>`
    /// into a bogus comment); html5ever's XML-ish path would, so keep the data.
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        Handle::node(
            self.doc
                .borrow_mut()
                .create_character_data(NodeKind::Comment, format!("?{target} {data}"))
                .0,
        )
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        let mut doc = self.doc.borrow_mut();
        match child {
            NodeOrText::AppendNode(n) => {
                let (parent, depth) = self.capped(&doc, parent.node);
                self.note_depth(n.node, depth + 1);
                doc.insert_node(n.node, parent, None);
            }
            // (Text stays where the parser puts it, as in Blink: it has no
            // children, so it adds one level at most.)
            NodeOrText::AppendText(t) => doc.insert_text_merged(parent.node, None, &t),
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = self.doc.borrow().n(element.node).parent.is_some();
        if has_parent {
            self.insert_before_sibling(element.node, child);
        } else {
            self.append(prev_element, child);
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

    fn get_template_contents(&self, target: &Handle) -> Handle {
        if let Some(&root) = self.shadow_contents.borrow().get(&target.node) {
            return Handle::node(root);
        }
        let doc = self.doc.borrow();
        match doc.world.get::<TemplateContents>(target.node) {
            Some(t) => Handle::node(t.0),
            None => target.clone(),
        }
    }

    fn allow_declarative_shadow_roots(&self, _intended_parent: &Handle) -> bool {
        self.declarative_shadow
    }

    /// A `<template shadowrootmode>` start tag
    /// (<https://html.spec.whatwg.org/#parsing-main-inhead>): a shadow root
    /// for `host`, declarative, which the template's contents go into; false
    /// (the template is then an ordinary one) when `host` cannot have one.
    fn attach_declarative_shadow(
        &self,
        host: &Handle,
        template: &Handle,
        attrs: &[html5ever::Attribute],
    ) -> bool {
        let value = |name: &str| {
            attrs
                .iter()
                .find(|a| a.name.ns == html5ever::ns!() && &*a.name.local == name)
                .map(|a| a.value.to_ascii_lowercase())
        };
        let mode = match value("shadowrootmode").as_deref() {
            Some("open") => crate::dict::ShadowRootMode::Open,
            Some("closed") => crate::dict::ShadowRootMode::Closed,
            _ => return false,
        };
        let init = crate::dict::ShadowRootInit {
            mode,
            delegates_focus: value("shadowrootdelegatesfocus").is_some(),
            slot_assignment: crate::dict::SlotAssignmentMode::Named,
        };
        let mut doc = self.doc.borrow_mut();
        match doc.attach_declarative_shadow(NodeId(host.node), &init) {
            Some(root) => {
                self.shadow_contents
                    .borrow_mut()
                    .insert(template.node, root.0);
                true
            }
            None => false,
        }
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.node == y.node
    }

    fn set_quirks_mode(&self, mode: HtmlQuirks) {
        self.quirks.set(Some(match mode {
            HtmlQuirks::Quirks => QuirksMode::Quirks,
            HtmlQuirks::LimitedQuirks => QuirksMode::LimitedQuirks,
            HtmlQuirks::NoQuirks => QuirksMode::NoQuirks,
        }));
    }

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.insert_before_sibling(sibling.node, new_node);
    }

    /// Used for a second `<html>` or `<body>` start tag: its attributes are
    /// added where the element lacks them.
    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<HtmlAttribute>) {
        let target = &target.node;
        let mut doc = self.doc.borrow_mut();
        for a in attrs {
            let ns = ns_of(&a.name.ns);
            let prefix = a
                .name
                .prefix
                .as_ref()
                .and_then(|p| doc.names.prefix(p).ok());
            let local = doc.names.intern(&a.name.local);
            match doc.attrs(*target) {
                None => return,
                Some(list) if list.position(ns, local).is_some() => continue,
                Some(_) => doc.observe_attribute(*target, ns, local),
            }
            let Some(mut list) = doc.world.get_mut::<crate::node::Attributes>(*target) else {
                return;
            };
            list.list.push(crate::node::Attribute {
                ns,
                prefix,
                local,
                value: compact_str::CompactString::from(&*a.value),
            });
            if ns == Ns::None {
                doc.after_attribute_change(*target, local);
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        let mut doc = self.doc.borrow_mut();
        if doc.n(target.node).parent.is_some() {
            doc.remove_node(target.node);
        }
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut doc = self.doc.borrow_mut();
        while let Some(c) = doc.n(node.node).first_child {
            doc.insert_node(c, new_parent.node, None);
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.annotation_xml_points.borrow().contains(&handle.node)
    }

    /// "When an option element is popped off the stack of open elements of
    /// an HTML parser, the user agent must run maybe clone an option into
    /// selectedcontent" (<https://html.spec.whatwg.org/#the-option-element>).
    /// html5ever calls its own hook only for `</option>`; `pop` sees every
    /// way an option closes (another `<option>`, `</select>`, end of input).
    fn pop(&self, node: &Handle) {
        let option = node
            .name
            .as_deref()
            .is_some_and(|n| n.ns == ns!(html) && n.local == html5ever::local_name!("option"));
        if option {
            let mut doc = self.doc.borrow_mut();
            doc.maybe_clone_option_into_selectedcontent(node.node);
        }
    }
}

impl Document {
    /// A parser's text: inserted into `parent` before `before` (or last),
    /// merged into the text node right before that point if there is one.
    pub(crate) fn insert_text_merged(
        &mut self,
        parent: Entity,
        before: Option<Entity>,
        text: &str,
    ) {
        let prev = match before {
            Some(b) => self.n(b).prev_sibling,
            None => self.n(parent).last_child,
        };
        if let Some(p) = prev
            && self.n(p).kind == NodeKind::Text
            && self.n(p).flags & crate::node::CDATA == 0
            && let Some(mut d) = self.world.get_mut::<CharacterData>(p)
        {
            d.0.push_str(text);
            return;
        }
        let t = self
            .create_character_data(NodeKind::Text, text.to_owned())
            .0;
        self.insert_node(t, parent, before);
    }

    /// Parse a whole HTML document
    /// (<https://html.spec.whatwg.org/#parsing>).
    pub fn parse(html: &str) -> Document {
        Self::parse_with(html, ParseOptions::default())
    }

    /// Parse a whole HTML document with options.
    pub fn parse_with(html: &str, options: ParseOptions) -> Document {
        let mut doc = Document::new();
        let root = doc.root;
        let mut sink = Sink::new(&mut doc, root);
        sink.declarative_shadow = true;
        let quirks = Parser::document(sink, parse_opts(options, QuirksMode::NoQuirks)).one(html);
        doc.finish_document_parse(quirks);
        doc
    }

    /// Parse a whole HTML document the way a browser does with scripts on:
    /// after each `</script>` the parser pauses and `on_script` gets the
    /// document and the script element, so a host can run the script
    /// there (a parser-blocking classic script) and sees only the tree
    /// parsed so far; the parser then goes on from whatever the script did
    /// to the tree (<https://html.spec.whatwg.org/#scriptEndTag>).
    /// It pauses too after a tag whose element has custom element
    /// reactions waiting (a defined name), and then `on_script` gets the
    /// document node itself: the host runs the reactions
    /// ([`Document::take_backup_reactions`]) before the parse goes on.
    /// `document.write` is not supported. Nothing is reclaimed while the
    /// parse runs (the parser holds nodes a script may have removed).
    pub fn parse_pausing_at_scripts(
        html: &str,
        options: ParseOptions,
        on_script: impl FnMut(&mut Document, NodeId),
    ) -> Document {
        let mut doc = Document::new();
        doc.parse_into_pausing_at_scripts(html, options, on_script);
        doc
    }

    /// [`Document::parse_pausing_at_scripts`] into this document, which
    /// should be new (a host that made it, with its handles and channels,
    /// keeps them).
    pub fn parse_into_pausing_at_scripts(
        &mut self,
        html: &str,
        options: ParseOptions,
        on_script: impl FnMut(&mut Document, NodeId),
    ) {
        // (Never stopped: nothing to report.)
        let _ = self.parse_page(html, options, on_script, || true);
    }

    /// The page's parse: [`Document::parse_into_pausing_at_scripts`], with
    /// `go_on` asked between pieces of [`PARSE_CHUNK`] bytes of input
    /// whether to go on. A host stops a parse that takes too long this way
    /// (html5ever's tree builder compares each formatting element it opens
    /// with up to 512 open ones of its name, attributes and all: 100,000
    /// unclosed `<font>`s with distinct attributes take 7 s):
    /// the input fed so far is parsed to its end, as if the rest had never
    /// come, and the tree is whole.
    ///
    /// # Errors
    /// [`ParseStopped`] when `go_on` said no.
    pub fn parse_page(
        &mut self,
        html: &str,
        options: ParseOptions,
        on_script: impl FnMut(&mut Document, NodeId),
        mut go_on: impl FnMut() -> bool,
    ) -> Result<(), ParseStopped> {
        let doc = self;
        let root = doc.root;
        doc.lifetime.paused += 1;
        // (Shared with the sink, which asks it to construct custom elements.)
        let on_script = RefCell::new(on_script);
        let mut sink = Sink::new(&mut *doc, root);
        sink.page = true;
        sink.on_custom = Some(&on_script);
        sink.declarative_shadow = true;
        let mut parser = Parser::document(sink, parse_opts(options, QuirksMode::NoQuirks));
        let mut fed = 0;
        let mut stopped = None;
        loop {
            if fed < html.len() {
                let end = piece_end(html, fed);
                parser
                    .input
                    .push_back(StrTendril::from_slice(&html[fed..end]));
                fed = end;
            }
            loop {
                match parser.tokenizer.feed(&parser.input) {
                    TokenizerResult::Done => break,
                    TokenizerResult::Script(_) if parser.sink().reactions_pause.replace(false) => {
                        // Custom element reactions wait (an element of a
                        // defined name was made and inserted): the host
                        // runs them, as the parser's synchronous
                        // construction and insertion would.
                        let mut d = parser.sink().doc.borrow_mut();
                        (on_script.borrow_mut())(&mut d, NodeId(root));
                    }
                    TokenizerResult::Script(node) => {
                        // The parser is between tokens: nothing else borrows the document.
                        let quirks = parser.sink().quirks.get();
                        let mut d = parser.sink().doc.borrow_mut();
                        // The mode is the document's from the first token on.
                        if let Some(q) = quirks {
                            d.quirks = q;
                        }
                        // The script's `document.write`s go into the input
                        // right after its end tag.
                        d.written = Some(String::new());
                        (on_script.borrow_mut())(&mut d, NodeId(node.node));
                        let written = d.written.take();
                        drop(d);
                        if let Some(w) = written.filter(|w| !w.is_empty()) {
                            parser.input.push_front(StrTendril::from_slice(&w));
                        }
                    }
                    TokenizerResult::EncodingIndicator(_) => {} // the input is already text
                }
            }
            if fed == html.len() {
                break;
            }
            if !go_on() {
                stopped = Some(ParseStopped {
                    parsed: fed,
                    of: html.len(),
                });
                break;
            }
        }
        let quirks = parser.end();
        doc.finish_document_parse(quirks);
        doc.lifetime.paused -= 1;
        stopped.map_or(Ok(()), Err)
    }

    /// `document.write(text)` (<https://html.spec.whatwg.org/#document.write()>)
    /// while a script the page's parser reached runs: `text` goes into the
    /// parser's input after the script's end tag.
    ///
    /// # Errors
    /// `InvalidStateError` for an XML document; `NotSupportedError` when
    /// no parser waits for input (after the page's parse, or a document a
    /// script made: the implicit `document.open()` that would replace the
    /// document is not supported); as for any document method otherwise.
    pub fn document_write(&mut self, doc: NodeId, text: &str) -> DomResult<()> {
        crate::memory::check_memory()?;
        let d = self.a_document_node(doc)?;
        if self.world.get::<crate::node::XmlContentType>(d).is_some() {
            return Err(DomError::InvalidState(
                "document.write is not allowed in an XML document".into(),
            ));
        }
        match &mut self.written {
            Some(w) if d == self.root => {
                w.push_str(text);
                Ok(())
            }
            _ => Err(DomError::NotSupported(
                "document.write with no parser running (it would open the document again, which ecsdom does not do)".into(),
            )),
        }
    }

    /// What ends both whole-document parses: keep the quirks mode the
    /// parser chose, and drop from the reclaim candidates the nodes it
    /// created and then inserted (only the detached ones may be garbage).
    fn finish_document_parse(&mut self, quirks: Option<QuirksMode>) {
        if let Some(q) = quirks {
            self.quirks = q;
        }
        let world = &self.world;
        self.lifetime.forget_attached(|e| {
            world
                .get::<crate::node::Node>(e)
                .is_some_and(|n| n.parent.is_some())
        });
    }

    /// Parse a whole HTML document into a new, detached document node in
    /// this world (what `DOMParser.parseFromString(html, "text/html")`
    /// returns, for bridges that hold one world per page). Its nodes are not
    /// connected (`isConnected` is about this document) and its ids are not
    /// in this document's id index. Its quirks mode is kept on the node
    /// (`compatMode` reads it); selector matching in it uses the world's.
    pub fn parse_document_node(&mut self, html: &str, options: ParseOptions) -> NodeId {
        let node = self
            .world
            .spawn(crate::node::Node::new(NodeKind::Document))
            .id();
        self.lifetime.note_detached(node);
        self.set_node_document(node, node);
        let sink = Sink::new(self, node);
        let quirks = Parser::document(sink, parse_opts(options, QuirksMode::NoQuirks)).one(html);
        if let Some(q) = quirks {
            self.world
                .entity_mut(node)
                .insert(crate::node::DocumentQuirks(q));
        }
        self.inherit_url(node);
        NodeId(node)
    }

    /// The [HTML fragment parsing algorithm](https://html.spec.whatwg.org/#html-fragment-parsing-algorithm)
    /// with a context element named `context_ns`/`context_local`: returns a
    /// new detached document fragment holding the parsed nodes.
    pub fn parse_fragment(
        &mut self,
        html: &str,
        context_ns: Ns,
        context_local: &str,
        options: ParseOptions,
    ) -> NodeId {
        let scratch = self.create_document_fragment().0;
        let context = QualName::new(
            None,
            namespace_of(&self.names, context_ns),
            LocalName::from(context_local),
        );
        let quirks = self.quirks;
        let sink = Sink::new(self, scratch);
        Parser::fragment(sink, parse_opts(options, quirks), context).one(html);
        // The parser built `<html>` under the scratch node; its children are the result.
        let fragment = self.create_document_fragment().0;
        if let Some(html_root) = self.n(scratch).first_child {
            while let Some(c) = self.n(html_root).first_child {
                self.insert_node(c, fragment, None);
            }
        }
        NodeId(fragment)
    }

    /// The [fragment parsing algorithm steps](https://html.spec.whatwg.org/#fragment-parsing-algorithm-steps):
    /// `markup` parsed as the content of `context` (none: a new `body`
    /// element), by HTML's algorithm when `node_doc` (the context's node
    /// document) is an HTML document, by XML's when it is an XML one.
    ///
    /// # Errors
    /// `SyntaxError` for markup that is not well-formed XML in an XML
    /// document.
    pub(crate) fn parse_fragment_in(
        &mut self,
        markup: &str,
        context: Option<Entity>,
        node_doc: Entity,
    ) -> DomResult<NodeId> {
        if !self.is_html_document(node_doc) {
            return self.parse_xml_fragment(markup, context, node_doc);
        }
        let (ns, local) = match context.and_then(|e| self.element_name(e).copied()) {
            Some(n) => (n.ns, self.names.resolve(n.local).to_owned()),
            None => (Ns::Html, "body".to_owned()),
        };
        Ok(self.parse_fragment(markup, ns, &local, ParseOptions::default()))
    }

    /// `innerHTML` setter (<https://html.spec.whatwg.org/#dom-element-innerhtml>):
    /// parse `html` with this element as context and replace its children (a
    /// template's contents, for a template).
    pub fn set_inner_html(&mut self, id: NodeId, html: &str) -> DomResult<()> {
        if !html.is_empty() {
            crate::memory::check_memory()?;
        }
        let context = match self.live(id)?.kind {
            NodeKind::Element => Some(id.0),
            // A shadow root's context element is its host.
            NodeKind::Fragment => self.host_of_root(id.0),
            _ => {
                return Err(DomError::NoModificationAllowed(
                    "innerHTML can only be set on elements and fragments".into(),
                ));
            }
        };
        let node_doc = self.node_document(id.0);
        let fragment = self.parse_fragment_in(html, context, node_doc)?;
        let target = self
            .world
            .get::<TemplateContents>(id.0)
            .map(|t| t.0)
            .unwrap_or(id.0);
        self.replace_all(Some(fragment.0), target);
        Ok(())
    }

    /// `outerHTML` setter (<https://html.spec.whatwg.org/#dom-element-outerhtml>).
    ///
    /// # Errors
    /// `NoModificationAllowedError` when the parent is the document.
    pub fn set_outer_html(&mut self, id: NodeId, html: &str) -> DomResult<()> {
        if !html.is_empty() {
            crate::memory::check_memory()?;
        }
        self.element(id)?;
        let Some(parent) = self.n(id.0).parent else {
            return Ok(());
        };
        let context = match self.n(parent).kind {
            NodeKind::Document => {
                return Err(DomError::NoModificationAllowed(
                    "can not set outerHTML of the document element".into(),
                ));
            }
            NodeKind::Fragment => None,
            _ => Some(parent),
        };
        let node_doc = self.node_document(id.0);
        let fragment = self.parse_fragment_in(html, context, node_doc)?;
        self.replace_node(id.0, fragment.0, parent);
        Ok(())
    }

    /// The parser's "maybe clone an option into selectedcontent": when an
    /// option closes and is selected, the select's first `<selectedcontent>`
    /// gets a deep copy of its children.
    fn maybe_clone_option_into_selectedcontent(&mut self, option: Entity) {
        let select_sym = self.names.intern("select");
        let content_sym = self.names.intern("selectedcontent");
        let option_sym = self.names.intern("option");
        let selected_sym = self.names.intern("selected");
        let multiple_sym = self.names.intern("multiple");
        let mut cur = self.n(option).parent;
        let select = loop {
            match cur {
                Some(p) if self.is_html(p, select_sym) => break p,
                Some(p) => cur = self.n(p).parent,
                None => return,
            }
        };
        let has = |d: &Document, e: Entity, a| d.attrs(e).is_some_and(|x| x.get(a).is_some());
        if has(self, select, multiple_sym) {
            return;
        }
        let options: Vec<Entity> = self
            .descendants_of(select)
            .filter(|&d| self.is_html(d, option_sym))
            .collect();
        let selected = if has(self, option, selected_sym) {
            true
        } else {
            !options.iter().any(|&o| has(self, o, selected_sym)) && options.first() == Some(&option)
        };
        if !selected {
            return;
        }
        let Some(target) = self
            .descendants_of(select)
            .find(|&d| self.is_html(d, content_sym))
        else {
            return;
        };
        let kids: Vec<Entity> = self.children_of(option).collect();
        while let Some(c) = self.n(target).first_child {
            self.remove_node(c);
        }
        for k in kids {
            if let Ok(copy) = self.clone_node(NodeId(k), true) {
                self.insert_node(copy.0, target, None);
            }
        }
    }
}

fn parse_opts(options: ParseOptions, quirks: QuirksMode) -> ParseOpts {
    ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: options.scripting,
            quirks_mode: match quirks {
                QuirksMode::Quirks => HtmlQuirks::Quirks,
                QuirksMode::LimitedQuirks => HtmlQuirks::LimitedQuirks,
                QuirksMode::NoQuirks => HtmlQuirks::NoQuirks,
            },
            ..Default::default()
        },
        ..Default::default()
    }
}
