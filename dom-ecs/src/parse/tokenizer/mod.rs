//! Our HTML tokenizer (<https://html.spec.whatwg.org/#tokenization>),
//! feeding html5ever's tree builder through its `TokenSink` interface.
//!
//! Why our own: html5ever's tokenizer looks for a duplicate attribute by
//! walking the tag's attributes so far, so one tag with n attributes
//! tokenizes in time quadratic in n (100,000 attributes: 18 s). Browsers
//! keep a set of the names once a tag has many; so does this one
//! ([`Tokenizer::finish_attribute`]). Everything else follows the spec's
//! state machine: one state per spec state, named as the spec names it,
//! with runs of ordinary characters taken a slice at a time.
//!
//! The input is html5ever's `BufferQueue`, fed in pieces; a state that
//! needs more input than has come (`<!-`, a character reference's name)
//! waits for the next piece, or for [`Tokenizer::end`]. The tree builder
//! answers a token by switching the tokenizer's state (raw text, RCDATA,
//! script data, plaintext) or by asking the caller to run a script, which
//! [`Tokenizer::feed`] returns as soon as the end tag is processed.

/// The next input character as an `Option` (`None`: the end of the
/// file); returns [`Step::Stuck`] from the step while none has come.
macro_rules! next_char {
    ($self:ident, $input:ident) => {
        match $self.next($input) {
            Next::Char(c) => Some(c),
            Next::Eof => None,
            Next::Stuck | Next::Run(_) => return Step::Stuck,
        }
    };
}

mod char_ref;
mod markup;
mod text;

#[cfg(test)]
mod tests;

use html5ever::buffer_queue::{BufferQueue, SetResult};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::{RawKind, ScriptEscapeKind, State as Html5everState};
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{Attribute, LocalName, QualName, SmallCharSet, TokenizerResult, ns};
use rustc_hash::FxHashSet;

use char_ref::CharRef;

/// A tag with more attributes than this looks for a duplicate name in a
/// set of them instead of walking the list.
const ATTRIBUTES_BEFORE_A_SET: usize = 16;

/// The tokenizer's states, as the spec names them. The RCDATA, RAWTEXT,
/// script data and script data escaped states' "less-than sign", "end tag
/// open" and "end tag name" states are one state each, told apart by the
/// [`Raw`] text they return to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    Data,
    Rcdata,
    Rawtext,
    ScriptData,
    Plaintext,
    TagOpen,
    EndTagOpen,
    TagName,
    /// RCDATA, RAWTEXT and script data less-than sign states.
    RawLessThan(Raw),
    /// RCDATA, RAWTEXT, script data (escaped) end tag open states.
    RawEndTagOpen(Raw),
    /// RCDATA, RAWTEXT, script data (escaped) end tag name states.
    RawEndTagName(Raw),
    ScriptEscapeStart,
    ScriptEscapeStartDash,
    ScriptEscaped,
    ScriptEscapedDash,
    ScriptEscapedDashDash,
    ScriptEscapedLessThan,
    ScriptDoubleEscapeStart,
    ScriptDoubleEscaped,
    ScriptDoubleEscapedDash,
    ScriptDoubleEscapedDashDash,
    ScriptDoubleEscapedLessThan,
    ScriptDoubleEscapeEnd,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeAttributeValue,
    AttributeValue(Quote),
    AfterAttributeValueQuoted,
    SelfClosingStartTag,
    BogusComment,
    MarkupDeclarationOpen,
    CommentStart,
    CommentStartDash,
    Comment,
    CommentLessThan,
    CommentLessThanBang,
    CommentLessThanBangDash,
    CommentLessThanBangDashDash,
    CommentEndDash,
    CommentEnd,
    CommentEndBang,
    Doctype,
    BeforeDoctypeName,
    DoctypeName,
    AfterDoctypeName,
    AfterDoctypeKeyword(Id),
    BeforeDoctypeId(Id),
    DoctypeId(Id, Quote),
    AfterDoctypeId(Id),
    BetweenDoctypeIds,
    BogusDoctype,
    CdataSection,
    CdataSectionBracket,
    CdataSectionEnd,
    /// The character reference states, one sub-machine ([`CharRef`]).
    CharRef,
}

/// Which raw text a less-than sign, end tag open or end tag name state
/// belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Raw {
    Rcdata,
    Rawtext,
    ScriptData,
    ScriptEscaped,
}

impl Raw {
    /// The state an end tag that is not appropriate goes back to.
    fn text_state(self) -> State {
        match self {
            Raw::Rcdata => State::Rcdata,
            Raw::Rawtext => State::Rawtext,
            Raw::ScriptData => State::ScriptData,
            Raw::ScriptEscaped => State::ScriptEscaped,
        }
    }
}

/// An attribute value's or a DOCTYPE identifier's quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quote {
    Double,
    Single,
    /// An attribute value without quotes.
    None,
}

/// A DOCTYPE's public or system identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Id {
    Public,
    System,
}

/// The tokenizer's state as html5ever's tree builder names it (for a
/// fragment's context element).
pub(crate) fn state_from_html5ever(state: Html5everState) -> State {
    match state {
        Html5everState::RawData(RawKind::Rcdata) => State::Rcdata,
        Html5everState::RawData(RawKind::Rawtext) => State::Rawtext,
        Html5everState::RawData(RawKind::ScriptData) => State::ScriptData,
        Html5everState::RawData(RawKind::ScriptDataEscaped(ScriptEscapeKind::Escaped)) => {
            State::ScriptEscaped
        }
        Html5everState::RawData(RawKind::ScriptDataEscaped(ScriptEscapeKind::DoubleEscaped)) => {
            State::ScriptDoubleEscaped
        }
        Html5everState::Plaintext => State::Plaintext,
        _ => State::Data,
    }
}

/// What one step of the state machine came to.
enum Step {
    /// It consumed input or changed state: go on.
    Go,
    /// It needs input that has not come yet.
    Stuck,
    /// It emitted the end-of-file token: tokenization is over.
    Finished,
}

/// The next input character, after the input stream preprocessing (CR
/// and CR LF become LF).
enum Next {
    Char(char),
    /// A run of characters none of which is in the set asked about (and
    /// none a CR).
    Run(StrTendril),
    Eof,
    Stuck,
}

/// The HTML tokenizer over a token sink (the tree builder).
pub(crate) struct Tokenizer<S: TokenSink> {
    pub(crate) sink: S,
    state: State,
    /// The state a character reference returns to.
    return_state: State,
    /// The character to reconsume, if the last step asked for that.
    reconsume: Option<char>,
    /// The last input character was a CR: a LF right after it is dropped.
    ignore_lf: bool,
    /// [`Tokenizer::end`] was called: no more input will come.
    eof: bool,
    /// A leading U+FEFF is dropped (the first character not read yet).
    discard_bom: bool,
    /// Characters to emit as one token before the next other token.
    chars: StrTendril,
    /// The tag being built.
    tag_kind: TagKind,
    tag_name: String,
    self_closing: bool,
    attrs: Vec<Attribute>,
    /// The attribute names of a tag with many, to find a duplicate.
    attr_set: FxHashSet<LocalName>,
    had_duplicate_attributes: bool,
    /// An attribute is being built (its name and value).
    in_attribute: bool,
    attr_name: String,
    attr_value: StrTendril,
    /// The last start tag emitted's name (an end tag is appropriate when
    /// it matches).
    last_start_tag: Option<LocalName>,
    /// The temporary buffer.
    temp: String,
    comment: StrTendril,
    doctype: Doctype,
    char_ref: CharRef,
    /// A script the sink asked to run: [`Tokenizer::feed`] returns it.
    script: Option<S::Handle>,
}

/// The set of `chars` (each below 64, and CR always in it): a state that
/// stops at them takes the characters before the next one as a run.
const fn stops(chars: &[u8]) -> SmallCharSet {
    let mut bits = 1 << b'\r';
    let mut i = 0;
    while i < chars.len() {
        bits |= 1 << chars[i];
        i += 1;
    }
    SmallCharSet { bits }
}

/// Whether `c` is ASCII whitespace as the tokenizer's states mean it
/// (tab, LF, FF, space: CR is already LF).
fn is_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | ' ')
}

impl<S: TokenSink> Tokenizer<S> {
    /// A tokenizer in `state` (the data state for a document, a fragment's
    /// context element's state otherwise), with no last start tag.
    pub(crate) fn new(sink: S, state: State) -> Self {
        Tokenizer {
            sink,
            state,
            return_state: State::Data,
            reconsume: None,
            ignore_lf: false,
            eof: false,
            discard_bom: true,
            chars: StrTendril::new(),
            tag_kind: TagKind::StartTag,
            tag_name: String::new(),
            self_closing: false,
            attrs: Vec::new(),
            attr_set: FxHashSet::default(),
            had_duplicate_attributes: false,
            in_attribute: false,
            attr_name: String::new(),
            attr_value: StrTendril::new(),
            last_start_tag: None,
            temp: String::new(),
            comment: StrTendril::new(),
            doctype: Doctype::default(),
            char_ref: CharRef::default(),
            script: None,
        }
    }

    /// Sets the last start tag (the tokenizer tests' `lastStartTag`).
    #[cfg(test)]
    pub(crate) fn set_last_start_tag(&mut self, name: &str) {
        self.last_start_tag = Some(LocalName::from(name));
    }

    /// Tokenizes `input` until it runs out (`Done`) or the sink asks for a
    /// script to run (`Script`: feed again after running it, with what
    /// the script wrote pushed to the front of the input).
    pub(crate) fn feed(&mut self, input: &BufferQueue) -> TokenizerResult<S::Handle> {
        if self.discard_bom {
            match input.peek() {
                None => return TokenizerResult::Done,
                Some('\u{feff}') => {
                    input.next();
                    self.discard_bom = false;
                }
                Some(_) => self.discard_bom = false,
            }
        }
        loop {
            if let Some(script) = self.script.take() {
                self.flush_chars();
                return TokenizerResult::Script(script);
            }
            match self.step(input) {
                Step::Go => {}
                Step::Stuck | Step::Finished => {
                    self.flush_chars();
                    return match self.script.take() {
                        Some(script) => TokenizerResult::Script(script),
                        None => TokenizerResult::Done,
                    };
                }
            }
        }
    }

    /// The end of the input: tokenizes what is left of `input` as the
    /// end of the file (a state waiting for more input takes what it has),
    /// emits the end-of-file token and tells the sink.
    pub(crate) fn end(&mut self, input: &BufferQueue) {
        self.eof = true;
        loop {
            match self.step(input) {
                Step::Go => {}
                Step::Finished => break,
                // (At the end of the file every state takes what it has;
                // were one to wait, the file ends there.)
                Step::Stuck => {
                    debug_assert!(false, "a tokenizer state waits at the end of the file");
                    self.emit(Token::EOFToken);
                    break;
                }
            }
        }
        self.script = None;
        self.sink.end();
    }

    fn step(&mut self, input: &BufferQueue) -> Step {
        match self.state {
            State::CharRef => self.char_ref_step(input),
            State::BogusComment
            | State::MarkupDeclarationOpen
            | State::CommentStart
            | State::CommentStartDash
            | State::Comment
            | State::CommentLessThan
            | State::CommentLessThanBang
            | State::CommentLessThanBangDash
            | State::CommentLessThanBangDashDash
            | State::CommentEndDash
            | State::CommentEnd
            | State::CommentEndBang
            | State::Doctype
            | State::BeforeDoctypeName
            | State::DoctypeName
            | State::AfterDoctypeName
            | State::AfterDoctypeKeyword(_)
            | State::BeforeDoctypeId(_)
            | State::DoctypeId(..)
            | State::AfterDoctypeId(_)
            | State::BetweenDoctypeIds
            | State::BogusDoctype
            | State::CdataSection
            | State::CdataSectionBracket
            | State::CdataSectionEnd => self.markup_step(input),
            _ => self.text_step(input),
        }
    }

    // The input.

    /// The next input character; with `stops`, a run of the characters
    /// before the next one in `stops` (which must hold CR) instead.
    fn next_in(&mut self, input: &BufferQueue, stops: Option<SmallCharSet>) -> Next {
        if let Some(c) = self.reconsume.take() {
            return Next::Char(c);
        }
        if self.ignore_lf {
            match input.peek() {
                Some('\n') => {
                    input.next();
                    self.ignore_lf = false;
                }
                Some(_) => self.ignore_lf = false,
                None if self.eof => self.ignore_lf = false,
                None => return Next::Stuck,
            }
        }
        let c = match stops {
            Some(set) => match input.pop_except_from(set) {
                Some(SetResult::NotFromSet(run)) => return Next::Run(run),
                Some(SetResult::FromSet(c)) => Some(c),
                None => None,
            },
            None => input.next(),
        };
        match c {
            Some('\r') => {
                self.ignore_lf = true;
                Next::Char('\n')
            }
            Some(c) => Next::Char(c),
            None if self.eof => Next::Eof,
            None => Next::Stuck,
        }
    }

    fn next(&mut self, input: &BufferQueue) -> Next {
        self.next_in(input, None)
    }

    /// Reconsumes `c` (the end of the file when `None`) in `state`.
    fn reconsume_in(&mut self, c: Option<char>, state: State) -> Step {
        self.reconsume = c;
        self.state = state;
        Step::Go
    }

    /// Whether the input starts with `pattern`, ASCII case-insensitively
    /// (a match is consumed); `None` while too little input has come.
    fn starts_with(&mut self, input: &BufferQueue, pattern: &str) -> Option<bool> {
        debug_assert!(self.reconsume.is_none());
        match input.eat(pattern, |a, b| a.eq_ignore_ascii_case(b)) {
            None if self.eof => Some(false),
            found => found,
        }
    }

    // Emitting tokens.

    fn emit_char(&mut self, c: char) {
        self.chars.push_char(c);
    }

    fn emit_str(&mut self, s: &str) {
        self.chars.push_slice(s);
    }

    fn emit_run(&mut self, run: StrTendril) {
        if self.chars.is_empty() {
            self.chars = run;
        } else {
            self.chars.push_tendril(&run);
        }
    }

    fn flush_chars(&mut self) {
        if !self.chars.is_empty() {
            let chars = std::mem::take(&mut self.chars);
            self.process(Token::CharacterTokens(chars));
        }
    }

    /// Emits a non-character token (the characters before it first) and
    /// does what the sink answers.
    fn emit(&mut self, token: Token) {
        self.flush_chars();
        self.process(token);
    }

    fn process(&mut self, token: Token) {
        // (The tree builder uses line numbers only in its parse errors.)
        match self.sink.process_token(token, 1) {
            TokenSinkResult::Continue | TokenSinkResult::EncodingIndicator(_) => {}
            TokenSinkResult::Script(script) => self.script = Some(script),
            TokenSinkResult::Plaintext => self.state = State::Plaintext,
            TokenSinkResult::RawData(kind) => {
                self.state = state_from_html5ever(Html5everState::RawData(kind));
            }
        }
    }

    /// A U+0000 in the data state: its own token, which the tree builder
    /// treats by insertion mode.
    fn emit_null(&mut self) {
        self.emit(Token::NullCharacterToken);
    }

    /// Emits the end-of-file token: tokenization is over.
    fn emit_eof(&mut self) -> Step {
        self.emit(Token::EOFToken);
        Step::Finished
    }

    // Tags.

    fn start_tag(&mut self, kind: TagKind) {
        self.tag_kind = kind;
        self.tag_name.clear();
        self.self_closing = false;
        self.attrs.clear();
        self.attr_set.clear();
        self.had_duplicate_attributes = false;
        self.in_attribute = false;
    }

    /// Starts a new attribute in the current tag (the one before it ends).
    fn start_attribute(&mut self) {
        self.finish_attribute();
        self.in_attribute = true;
        self.attr_name.clear();
        self.attr_value.clear();
    }

    /// Ends the attribute being built: "when the user agent leaves the
    /// attribute name state ... if there is already an attribute on the
    /// token with the exact same name ... the new attribute must be
    /// removed from the token". Many attributes are looked up in a set.
    fn finish_attribute(&mut self) {
        if !std::mem::take(&mut self.in_attribute) {
            return;
        }
        let name = LocalName::from(&*self.attr_name);
        let duplicate = if self.attrs.len() < ATTRIBUTES_BEFORE_A_SET {
            self.attrs.iter().any(|a| a.name.local == name)
        } else {
            if self.attr_set.is_empty() {
                self.attr_set = self.attrs.iter().map(|a| a.name.local.clone()).collect();
            }
            !self.attr_set.insert(name.clone())
        };
        if duplicate {
            self.had_duplicate_attributes = true;
            return;
        }
        self.attrs.push(Attribute {
            name: QualName::new(None, ns!(), name),
            value: std::mem::take(&mut self.attr_value),
        });
    }

    /// Whether the end tag being built is an appropriate end tag: its
    /// name is the last start tag's.
    fn appropriate_end_tag(&self) -> bool {
        self.last_start_tag
            .as_ref()
            .is_some_and(|name| **name == *self.tag_name)
    }

    /// Emits the tag being built and switches to the data state (the tree
    /// builder may switch it again).
    fn emit_tag(&mut self) -> Step {
        self.finish_attribute();
        self.state = State::Data;
        let name = LocalName::from(&*self.tag_name);
        let attrs = match self.tag_kind {
            TagKind::StartTag => {
                self.last_start_tag = Some(name.clone());
                std::mem::take(&mut self.attrs)
            }
            // (An end tag's attributes are a parse error, and dropped.)
            TagKind::EndTag => Vec::new(),
        };
        let tag = Tag {
            kind: self.tag_kind,
            name,
            self_closing: self.self_closing,
            attrs,
            had_duplicate_attributes: self.had_duplicate_attributes,
        };
        self.emit(Token::TagToken(tag));
        Step::Go
    }

    // Comments and DOCTYPEs.

    fn emit_comment(&mut self) {
        let comment = std::mem::take(&mut self.comment);
        self.emit(Token::CommentToken(comment));
    }

    fn emit_doctype(&mut self) {
        let doctype = std::mem::take(&mut self.doctype);
        self.emit(Token::DoctypeToken(doctype));
    }
}
