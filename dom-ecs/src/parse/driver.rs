//! The HTML parser's driver: our tokenizer feeding html5ever's tree
//! builder through [`DepthCap`], which keeps the stack of open elements
//! from growing past [`PARSER_MAX_DEPTH`].
//!
//! Why: html5ever answers "is a `p` in button scope?" (asked by every
//! `<div>`, `<p>`, `<ul>`... start tag) and the other scope questions by
//! walking the stack of open elements from the top, so a page whose
//! elements never close parses in time quadratic in its depth (40,000
//! unclosed `<div>`s: 15 s). Blink walks the same stack but caches the
//! answers; we cannot reach into html5ever's stack, so past the depth the
//! sink already flattens the tree at (Blink's rule, `Sink::capped`), the
//! elements that nest freely are kept off the stack instead: each is
//! closed when the next such start tag comes, and the page's own end tag
//! for one closed this way is dropped. The tree is Blink's for markup that
//! nests past the limit and closes in order (the deep elements become
//! siblings under the element at the limit, each with its own text);
//! elsewhere nothing changes, as the limit is never reached.

use std::cell::RefCell;

use bevy_ecs::prelude::Entity;
use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, create_element};
use html5ever::{LocalName, ParseOpts, QualName, TokenizerResult, local_name};
use rustc_hash::FxHashMap;

use super::tokenizer::{State, Tokenizer, state_from_html5ever};
use super::{Handle, PARSER_MAX_DEPTH, Sink};
use crate::document::QuirksMode;

/// An HTML parser over one sink: its tokenizer, and the input it has not
/// read yet.
pub(super) struct Parser<'d> {
    pub(super) tokenizer: Tokenizer<DepthCap<'d>>,
    pub(super) input: BufferQueue,
}

impl<'d> Parser<'d> {
    /// A parser for a whole document.
    pub(super) fn document(sink: Sink<'d>, opts: ParseOpts) -> Self {
        let builder = TreeBuilder::new(sink, opts.tree_builder);
        Self::over(builder, State::Data)
    }

    /// A parser for a fragment in the context of an element named
    /// `context` (<https://html.spec.whatwg.org/#html-fragment-parsing-algorithm>,
    /// scripting off for the context, no form element).
    pub(super) fn fragment(sink: Sink<'d>, opts: ParseOpts, context: QualName) -> Self {
        let context = create_element(&sink, context, Vec::new());
        let builder = TreeBuilder::new_for_fragment(sink, context, None, opts.tree_builder);
        let state = state_from_html5ever(builder.tokenizer_state_for_context_elem(false));
        Self::over(builder, state)
    }

    fn over(builder: TreeBuilder<Handle, Sink<'d>>, state: State) -> Self {
        let cap = DepthCap {
            builder,
            open: RefCell::default(),
            closed: RefCell::default(),
        };
        Parser {
            tokenizer: Tokenizer::new(cap, state),
            input: BufferQueue::default(),
        }
    }

    pub(super) fn sink(&self) -> &Sink<'d> {
        &self.tokenizer.sink.builder.sink
    }

    /// Parse all of `html` (a script end tag does not pause this parse)
    /// and end; the quirks mode the document's parse chose.
    pub(super) fn one(mut self, html: &str) -> Option<QuirksMode> {
        self.input.push_back(StrTendril::from_slice(html));
        while !matches!(self.tokenizer.feed(&self.input), TokenizerResult::Done) {}
        self.end()
    }

    /// Parse what is left of the input as the end of the document.
    pub(super) fn end(mut self) -> Option<QuirksMode> {
        self.tokenizer.end(&self.input);
        self.sink().quirks.get()
    }
}

/// The token sink between the tokenizer and the tree builder: passes every
/// token on, except that a start tag of an element that nests freely,
/// arriving where the current node is [`PARSER_MAX_DEPTH`] deep or deeper,
/// first closes the element this rule opened before it (if that is still
/// the current node), and an end tag for an element closed that way is
/// dropped.
pub(super) struct DepthCap<'d> {
    pub(super) builder: TreeBuilder<Handle, Sink<'d>>,
    /// The element this rule last opened past the limit, while it may
    /// still be open: its node and name.
    open: RefCell<Option<(Entity, LocalName)>>,
    /// How many elements of each name this rule closed that the page has
    /// not closed yet: their end tags are dropped.
    closed: RefCell<FxHashMap<LocalName, u32>>,
}

impl DepthCap<'_> {
    /// The tree builder's current node (its adjusted current node, which
    /// differs only for a fragment's context element), if it is in the
    /// HTML namespace.
    fn current_html_node(&self) -> Option<Entity> {
        let sink = &self.builder.sink;
        sink.asked.set(None);
        // The tree builder asks the sink for this node's name, which the
        // sink notes: the one way to learn the current node from outside.
        if self
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace()
        {
            return None;
        }
        sink.asked.get()
    }

    fn depth_of(&self, node: Entity) -> u32 {
        let sink = &self.builder.sink;
        let doc = sink.doc.borrow();
        sink.depth_of(&doc, node)
    }

    fn tag(kind: TagKind, name: LocalName) -> Token {
        Token::TagToken(Tag {
            kind,
            name,
            self_closing: false,
            attrs: Vec::new(),
            had_duplicate_attributes: false,
        })
    }

    /// A start tag past the limit: close the element opened last this
    /// way if it is the current node and the tag would not close it
    /// itself, then open this one and note it if it went past the limit
    /// (the tag may have closed elements before it, as `<div>` closes an
    /// open `<p>`, and so be placed higher).
    fn open_past_the_limit(
        &self,
        current: Entity,
        token: Token,
        name: &LocalName,
        line: u64,
    ) -> TokenSinkResult<Handle> {
        if let Some((open, open_name)) = self.open.take()
            && open == current
            && !closes(name, &open_name)
        {
            // (An end tag of an element that nests freely never asks the
            // tokenizer for anything.)
            let _ = self
                .builder
                .process_token(Self::tag(TagKind::EndTag, open_name.clone()), line);
            *self.closed.borrow_mut().entry(open_name).or_default() += 1;
        }
        let sink = &self.builder.sink;
        sink.made.set(None);
        let result = self.builder.process_token(token, line);
        // (The tree builder may have ignored the tag.)
        if let Some(made) = sink.made.get()
            && self.current_html_node() == Some(made)
            && self.depth_of(made) > PARSER_MAX_DEPTH
        {
            *self.open.borrow_mut() = Some((made, name.clone()));
        }
        result
    }
}

impl TokenSink for DepthCap<'_> {
    type Handle = Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Handle> {
        if let Token::TagToken(tag) = &token {
            match tag.kind {
                // (`<div/>` opens a `div` as `<div>` does.)
                TagKind::StartTag if nests_freely(&tag.name) => {
                    if let Some(current) = self.current_html_node()
                        && self.depth_of(current) >= PARSER_MAX_DEPTH
                    {
                        let name = tag.name.clone();
                        return self.open_past_the_limit(current, token, &name, line);
                    }
                }
                TagKind::EndTag => {
                    let name = &tag.name;
                    let mut open = self.open.borrow_mut();
                    if open.as_ref().is_some_and(|(_, n)| n == name) {
                        // The page closes the element itself.
                        *open = None;
                    } else if let Some(n) = self.closed.borrow_mut().get_mut(name)
                        && *n > 0
                    {
                        *n -= 1;
                        return TokenSinkResult::Continue;
                    }
                }
                TagKind::StartTag => {}
            }
        }
        let tag = matches!(token, Token::TagToken(_));
        let sink = &self.builder.sink;
        if sink.page && sink.on_custom.is_some() && sink.doc.borrow().custom.any {
            // Whether the element a start tag makes goes into a template's
            // contents (the current node is a template, or in one).
            let inert = matches!(&token, Token::TagToken(t) if t.kind == TagKind::StartTag)
                && self
                    .current_html_node()
                    .is_some_and(|c| sink.doc.borrow().is_in_template_contents_or_template(c));
            sink.inert_parent.set(inert);
        }
        let result = self.builder.process_token(token, line);
        // The page's parser pauses where custom element reactions wait
        // (the element a tag made or moved has a definition): the host
        // runs them before the next token, as a browser's parser runs the
        // constructor and connectedCallback of an element it inserts.
        let sink = &self.builder.sink;
        if tag
            && sink.page
            && matches!(result, TokenSinkResult::Continue)
            && sink.doc.borrow().has_backup_reactions()
        {
            sink.reactions_pause.set(true);
            return TokenSinkResult::Script(Handle::node(sink.document));
        }
        result
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Whether a start tag named `new` closes an open element named `open`
/// that is the current node, in the "in body" insertion mode's rules
/// (<https://html.spec.whatwg.org/#parsing-main-inbody>): then the page's
/// own end tag for it is not its own either.
fn closes(new: &LocalName, open: &LocalName) -> bool {
    let heading = |n: &LocalName| {
        matches!(
            *n,
            local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
        )
    };
    let list_item = |n: &LocalName| matches!(*n, local_name!("dd") | local_name!("dt"));
    match *open {
        // "If the stack of open elements has a p element in button scope,
        // then close a p element."
        local_name!("p") => {
            matches!(
                *new,
                local_name!("address")
                    | local_name!("article")
                    | local_name!("aside")
                    | local_name!("blockquote")
                    | local_name!("center")
                    | local_name!("details")
                    | local_name!("dialog")
                    | local_name!("dir")
                    | local_name!("div")
                    | local_name!("dl")
                    | local_name!("fieldset")
                    | local_name!("figcaption")
                    | local_name!("figure")
                    | local_name!("footer")
                    | local_name!("header")
                    | local_name!("hgroup")
                    | local_name!("main")
                    | local_name!("menu")
                    | local_name!("nav")
                    | local_name!("ol")
                    | local_name!("p")
                    | local_name!("search")
                    | local_name!("section")
                    | local_name!("summary")
                    | local_name!("ul")
                    | local_name!("pre")
                    | local_name!("listing")
                    | local_name!("li")
                    | local_name!("dd")
                    | local_name!("dt")
            ) || heading(new)
        }
        local_name!("li") => *new == local_name!("li"),
        _ if list_item(open) => list_item(new),
        _ if heading(open) => heading(new),
        local_name!("a") | local_name!("nobr") | local_name!("button") => new == open,
        _ => false,
    }
}

/// An HTML element whose start tag only inserts it (after closing what
/// the tree construction rules close) and whose end tag only closes it:
/// keeping it off the stack of open elements changes nothing else. Not:
/// what switches the tokenizer's state (raw text, RCDATA, script,
/// plaintext) or the insertion mode (tables, templates, `select`,
/// `frameset`, the document's own), what sets a parser pointer (`form`),
/// foreign content's roots, void elements (which never stay open) and
/// the elements that set markers in the list of active formatting
/// elements.
fn nests_freely(name: &LocalName) -> bool {
    !matches!(
        *name,
        local_name!("html")
            | local_name!("head")
            | local_name!("body")
            | local_name!("frameset")
            | local_name!("frame")
            | local_name!("template")
            | local_name!("title")
            | local_name!("style")
            | local_name!("script")
            | local_name!("noscript")
            | local_name!("noframes")
            | local_name!("textarea")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("plaintext")
            | local_name!("select")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("selectedcontent")
            | local_name!("table")
            | local_name!("caption")
            | local_name!("colgroup")
            | local_name!("col")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("math")
            | local_name!("svg")
            | local_name!("image")
            | local_name!("form")
            | local_name!("rb")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("rtc")
            | local_name!("applet")
            | local_name!("marquee")
            | local_name!("object")
            | local_name!("area")
            | local_name!("br")
            | local_name!("embed")
            | local_name!("img")
            | local_name!("keygen")
            | local_name!("wbr")
            | local_name!("input")
            | local_name!("hr")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("link")
            | local_name!("meta")
    )
}
