//! The states of comments, DOCTYPEs and CDATA sections
//! (<https://html.spec.whatwg.org/#bogus-comment-state> to
//! <https://html.spec.whatwg.org/#cdata-section-end-state>).

use html5ever::SmallCharSet;
use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::TokenSink;

use super::{Id, Next, Quote, State, Step, Tokenizer, is_space, stops};

const COMMENT: SmallCharSet = stops(b"<-\0");
const BOGUS_COMMENT: SmallCharSet = stops(b">\0");

impl<S: TokenSink> Tokenizer<S> {
    pub(super) fn markup_step(&mut self, input: &BufferQueue) -> Step {
        match self.state {
            State::BogusComment => match self.next_in(input, Some(BOGUS_COMMENT)) {
                Next::Run(run) => self.comment.push_tendril(&run),
                Next::Char('>') => self.comment_done(),
                Next::Char('\0') => self.comment.push_char('\u{fffd}'),
                Next::Char(c) => self.comment.push_char(c),
                Next::Eof => return self.comment_then_eof(),
                Next::Stuck => return Step::Stuck,
            },
            State::MarkupDeclarationOpen => return self.markup_declaration_open(input),
            State::CommentStart | State::CommentStartDash => {
                let dash = self.state == State::CommentStartDash;
                match next_char!(self, input) {
                    Some('-') => {
                        self.state = if dash {
                            State::CommentEnd
                        } else {
                            State::CommentStartDash
                        };
                    }
                    Some('>') => self.comment_done(),
                    None if dash => return self.comment_then_eof(),
                    c => {
                        if dash {
                            self.comment.push_char('-');
                        }
                        return self.reconsume_in(c, State::Comment);
                    }
                }
            }
            State::Comment => match self.next_in(input, Some(COMMENT)) {
                Next::Run(run) => self.comment.push_tendril(&run),
                Next::Char('<') => {
                    self.comment.push_char('<');
                    self.state = State::CommentLessThan;
                }
                Next::Char('-') => self.state = State::CommentEndDash,
                Next::Char('\0') => self.comment.push_char('\u{fffd}'),
                Next::Char(c) => self.comment.push_char(c),
                Next::Eof => return self.comment_then_eof(),
                Next::Stuck => return Step::Stuck,
            },
            State::CommentLessThan => match next_char!(self, input) {
                Some('!') => {
                    self.comment.push_char('!');
                    self.state = State::CommentLessThanBang;
                }
                Some('<') => self.comment.push_char('<'),
                c => return self.reconsume_in(c, State::Comment),
            },
            State::CommentLessThanBang => match next_char!(self, input) {
                Some('-') => self.state = State::CommentLessThanBangDash,
                c => return self.reconsume_in(c, State::Comment),
            },
            State::CommentLessThanBangDash => match next_char!(self, input) {
                Some('-') => self.state = State::CommentLessThanBangDashDash,
                c => return self.reconsume_in(c, State::CommentEndDash),
            },
            // ("-->" and the end of the file are not a nested comment's
            // parse error; either way on to the comment end state.)
            State::CommentLessThanBangDashDash => {
                let c = next_char!(self, input);
                return self.reconsume_in(c, State::CommentEnd);
            }
            State::CommentEndDash => match next_char!(self, input) {
                Some('-') => self.state = State::CommentEnd,
                None => return self.comment_then_eof(),
                c => {
                    self.comment.push_char('-');
                    return self.reconsume_in(c, State::Comment);
                }
            },
            State::CommentEnd => match next_char!(self, input) {
                Some('>') => self.comment_done(),
                Some('!') => self.state = State::CommentEndBang,
                Some('-') => self.comment.push_char('-'),
                None => return self.comment_then_eof(),
                c => {
                    self.comment.push_slice("--");
                    return self.reconsume_in(c, State::Comment);
                }
            },
            State::CommentEndBang => match next_char!(self, input) {
                Some('-') => {
                    self.comment.push_slice("--!");
                    self.state = State::CommentEndDash;
                }
                Some('>') => self.comment_done(),
                None => return self.comment_then_eof(),
                c => {
                    self.comment.push_slice("--!");
                    return self.reconsume_in(c, State::Comment);
                }
            },
            State::CdataSection => match next_char!(self, input) {
                Some(']') => self.state = State::CdataSectionBracket,
                Some('\0') => self.emit_null(),
                Some(c) => self.emit_char(c),
                None => return self.emit_eof(),
            },
            State::CdataSectionBracket => match next_char!(self, input) {
                Some(']') => self.state = State::CdataSectionEnd,
                c => {
                    self.emit_char(']');
                    return self.reconsume_in(c, State::CdataSection);
                }
            },
            State::CdataSectionEnd => match next_char!(self, input) {
                Some(']') => self.emit_char(']'),
                Some('>') => self.state = State::Data,
                c => {
                    self.emit_str("]]");
                    return self.reconsume_in(c, State::CdataSection);
                }
            },
            _ => return self.doctype_step(input),
        }
        Step::Go
    }

    /// <https://html.spec.whatwg.org/#markup-declaration-open-state>: looks
    /// ahead for `--`, `DOCTYPE` or `[CDATA[`.
    fn markup_declaration_open(&mut self, input: &BufferQueue) -> Step {
        self.comment.clear();
        match self.starts_with(input, "--") {
            None => return Step::Stuck,
            Some(true) => {
                self.state = State::CommentStart;
                return Step::Go;
            }
            Some(false) => {}
        }
        match self.starts_with(input, "doctype") {
            None => return Step::Stuck,
            Some(true) => {
                self.state = State::Doctype;
                return Step::Go;
            }
            Some(false) => {}
        }
        match input.eat("[CDATA[", |a, b| a == b) {
            None if !self.eof => return Step::Stuck,
            Some(true) => {
                if self
                    .sink
                    .adjusted_current_node_present_but_not_in_html_namespace()
                {
                    self.state = State::CdataSection;
                } else {
                    self.comment.push_slice("[CDATA[");
                    self.state = State::BogusComment;
                }
                return Step::Go;
            }
            _ => {}
        }
        self.state = State::BogusComment;
        Step::Go
    }

    fn doctype_step(&mut self, input: &BufferQueue) -> Step {
        match self.state {
            State::Doctype => match next_char!(self, input) {
                Some(c) if is_space(c) => self.state = State::BeforeDoctypeName,
                None => return self.eof_in_doctype(true),
                c => return self.reconsume_in(c, State::BeforeDoctypeName),
            },
            State::BeforeDoctypeName => match next_char!(self, input) {
                Some(c) if is_space(c) => {}
                Some('>') => {
                    self.doctype = Default::default();
                    self.doctype.force_quirks = true;
                    self.state = State::Data;
                    self.emit_doctype();
                }
                None => return self.eof_in_doctype(true),
                Some(c) => {
                    self.doctype = Default::default();
                    let mut name = StrTendril::new();
                    name.push_char(doctype_char(c));
                    self.doctype.name = Some(name);
                    self.state = State::DoctypeName;
                }
            },
            State::DoctypeName => match next_char!(self, input) {
                Some(c) if is_space(c) => self.state = State::AfterDoctypeName,
                Some('>') => self.doctype_done(),
                None => return self.eof_in_doctype(false),
                Some(c) => {
                    if let Some(name) = &mut self.doctype.name {
                        name.push_char(doctype_char(c));
                    }
                }
            },
            State::AfterDoctypeName => return self.after_doctype_name(input),
            State::AfterDoctypeKeyword(id) | State::BeforeDoctypeId(id) => {
                let keyword = matches!(self.state, State::AfterDoctypeKeyword(_));
                match next_char!(self, input) {
                    Some(c) if is_space(c) => {
                        if keyword {
                            self.state = State::BeforeDoctypeId(id);
                        }
                    }
                    Some(q @ ('"' | '\'')) => self.open_doctype_id(id, q),
                    Some('>') => self.missing_doctype_id(),
                    None => return self.eof_in_doctype(false),
                    c => {
                        self.doctype.force_quirks = true;
                        return self.reconsume_in(c, State::BogusDoctype);
                    }
                }
            }
            State::DoctypeId(id, quote) => {
                let end = if quote == Quote::Double { '"' } else { '\'' };
                match next_char!(self, input) {
                    Some(c) if c == end => self.state = State::AfterDoctypeId(id),
                    Some('>') => self.missing_doctype_id(),
                    None => return self.eof_in_doctype(false),
                    Some(c) => {
                        let c = if c == '\0' { '\u{fffd}' } else { c };
                        let field = match id {
                            Id::Public => &mut self.doctype.public_id,
                            Id::System => &mut self.doctype.system_id,
                        };
                        field.get_or_insert_with(StrTendril::new).push_char(c);
                    }
                }
            }
            State::AfterDoctypeId(Id::Public) | State::BetweenDoctypeIds => {
                let after = self.state == State::AfterDoctypeId(Id::Public);
                match next_char!(self, input) {
                    Some(c) if is_space(c) => {
                        if after {
                            self.state = State::BetweenDoctypeIds;
                        }
                    }
                    Some('>') => self.doctype_done(),
                    Some(q @ ('"' | '\'')) => self.open_doctype_id(Id::System, q),
                    None => return self.eof_in_doctype(false),
                    c => {
                        self.doctype.force_quirks = true;
                        return self.reconsume_in(c, State::BogusDoctype);
                    }
                }
            }
            State::AfterDoctypeId(Id::System) => match next_char!(self, input) {
                Some(c) if is_space(c) => {}
                Some('>') => self.doctype_done(),
                None => return self.eof_in_doctype(false),
                // (A parse error that leaves the quirks flag alone.)
                c => return self.reconsume_in(c, State::BogusDoctype),
            },
            State::BogusDoctype => match next_char!(self, input) {
                Some('>') => self.doctype_done(),
                None => {
                    self.emit_doctype();
                    return self.emit_eof();
                }
                Some(_) => {}
            },
            _ => unreachable!("not a markup state: {:?}", self.state),
        }
        Step::Go
    }

    /// <https://html.spec.whatwg.org/#after-doctype-name-state>: looks
    /// ahead for `PUBLIC` or `SYSTEM`.
    fn after_doctype_name(&mut self, input: &BufferQueue) -> Step {
        if self.ignore_lf {
            match input.peek() {
                None if !self.eof => return Step::Stuck,
                Some('\n') => {
                    input.next();
                }
                _ => {}
            }
            self.ignore_lf = false;
        }
        match input.peek() {
            Some(c) if is_space(c) || c == '\r' || c == '>' => {}
            None if !self.eof => return Step::Stuck,
            None => {}
            Some(_) => {
                for (keyword, id) in [("public", Id::Public), ("system", Id::System)] {
                    match self.starts_with(input, keyword) {
                        None => return Step::Stuck,
                        Some(true) => {
                            self.state = State::AfterDoctypeKeyword(id);
                            return Step::Go;
                        }
                        Some(false) => {}
                    }
                }
            }
        }
        match next_char!(self, input) {
            Some(c) if is_space(c) => {}
            Some('>') => self.doctype_done(),
            None => return self.eof_in_doctype(false),
            c => {
                self.doctype.force_quirks = true;
                return self.reconsume_in(c, State::BogusDoctype);
            }
        }
        Step::Go
    }

    /// The comment ends: emitted, back to the data state.
    fn comment_done(&mut self) {
        self.state = State::Data;
        self.emit_comment();
    }

    /// The end of the file in a comment: the comment, then the end.
    fn comment_then_eof(&mut self) -> Step {
        self.emit_comment();
        self.emit_eof()
    }

    /// The DOCTYPE ends: emitted, back to the data state.
    fn doctype_done(&mut self) {
        self.state = State::Data;
        self.emit_doctype();
    }

    /// An identifier's opening quote: the identifier is set to empty.
    fn open_doctype_id(&mut self, id: Id, quote: char) {
        let field = match id {
            Id::Public => &mut self.doctype.public_id,
            Id::System => &mut self.doctype.system_id,
        };
        *field = Some(StrTendril::new());
        let quote = if quote == '"' {
            Quote::Double
        } else {
            Quote::Single
        };
        self.state = State::DoctypeId(id, quote);
    }

    /// A `>` where an identifier should be: force-quirks, and emitted.
    fn missing_doctype_id(&mut self) {
        self.doctype.force_quirks = true;
        self.doctype_done();
    }

    /// The end of the file in a DOCTYPE: emitted with force-quirks (a new
    /// one when `new`), then the end of the file.
    fn eof_in_doctype(&mut self, new: bool) -> Step {
        if new {
            self.doctype = Default::default();
        }
        self.doctype.force_quirks = true;
        self.emit_doctype();
        self.emit_eof()
    }
}

/// A character of a DOCTYPE's name: lowercased, U+0000 as U+FFFD.
fn doctype_char(c: char) -> char {
    if c == '\0' {
        '\u{fffd}'
    } else {
        c.to_ascii_lowercase()
    }
}
