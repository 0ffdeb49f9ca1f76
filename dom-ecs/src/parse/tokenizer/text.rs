//! The states of text, tags and attributes: data, RCDATA, RAWTEXT,
//! script data (with its escaped and double-escaped states), PLAINTEXT,
//! tag open and tag name, the attribute states
//! (<https://html.spec.whatwg.org/#data-state> to
//! <https://html.spec.whatwg.org/#self-closing-start-tag-state>).

use html5ever::SmallCharSet;
use html5ever::tokenizer::{TagKind, TokenSink};

use super::{Next, Quote, Raw, State, Step, Tokenizer, is_space, stops};

const DATA: SmallCharSet = stops(b"<&\0");
const RCDATA: SmallCharSet = stops(b"<&\0");
const RAWTEXT: SmallCharSet = stops(b"<\0");
const PLAINTEXT: SmallCharSet = stops(b"\0");
const ESCAPED: SmallCharSet = stops(b"-<\0");
const DOUBLE_QUOTED: SmallCharSet = stops(b"\"&\0");
const SINGLE_QUOTED: SmallCharSet = stops(b"'&\0");
const UNQUOTED: SmallCharSet = stops(b"\t\n\x0C &>\0");

impl<S: TokenSink> Tokenizer<S> {
    pub(super) fn text_step(&mut self, input: &html5ever::buffer_queue::BufferQueue) -> Step {
        match self.state {
            State::Data => match self.next_in(input, Some(DATA)) {
                Next::Run(run) => self.emit_run(run),
                Next::Char('<') => self.state = State::TagOpen,
                Next::Char('&') => self.char_ref_in(State::Data),
                Next::Char('\0') => self.emit_null(),
                Next::Char(c) => self.emit_char(c),
                Next::Eof => return self.emit_eof(),
                Next::Stuck => return Step::Stuck,
            },
            State::Rcdata => match self.next_in(input, Some(RCDATA)) {
                Next::Run(run) => self.emit_run(run),
                Next::Char('<') => self.state = State::RawLessThan(Raw::Rcdata),
                Next::Char('&') => self.char_ref_in(State::Rcdata),
                Next::Char(c) => self.emit_text_char(c),
                Next::Eof => return self.emit_eof(),
                Next::Stuck => return Step::Stuck,
            },
            State::Rawtext | State::ScriptData => {
                let raw = if self.state == State::Rawtext {
                    Raw::Rawtext
                } else {
                    Raw::ScriptData
                };
                match self.next_in(input, Some(RAWTEXT)) {
                    Next::Run(run) => self.emit_run(run),
                    Next::Char('<') => self.state = State::RawLessThan(raw),
                    Next::Char(c) => self.emit_text_char(c),
                    Next::Eof => return self.emit_eof(),
                    Next::Stuck => return Step::Stuck,
                }
            }
            State::Plaintext => match self.next_in(input, Some(PLAINTEXT)) {
                Next::Run(run) => self.emit_run(run),
                Next::Char(c) => self.emit_text_char(c),
                Next::Eof => return self.emit_eof(),
                Next::Stuck => return Step::Stuck,
            },
            State::TagOpen => match next_char!(self, input) {
                Some('!') => self.state = State::MarkupDeclarationOpen,
                Some('/') => self.state = State::EndTagOpen,
                Some(c) if c.is_ascii_alphabetic() => {
                    self.start_tag(TagKind::StartTag);
                    return self.reconsume_in(Some(c), State::TagName);
                }
                Some('?') => {
                    self.comment.clear();
                    return self.reconsume_in(Some('?'), State::BogusComment);
                }
                None => {
                    self.emit_char('<');
                    return self.emit_eof();
                }
                c => {
                    self.emit_char('<');
                    return self.reconsume_in(c, State::Data);
                }
            },
            State::EndTagOpen => match next_char!(self, input) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.start_tag(TagKind::EndTag);
                    return self.reconsume_in(Some(c), State::TagName);
                }
                Some('>') => self.state = State::Data,
                None => {
                    self.emit_str("</");
                    return self.emit_eof();
                }
                c => {
                    self.comment.clear();
                    return self.reconsume_in(c, State::BogusComment);
                }
            },
            State::TagName => match next_char!(self, input) {
                Some(c) if is_space(c) => self.state = State::BeforeAttributeName,
                Some('/') => self.state = State::SelfClosingStartTag,
                Some('>') => return self.emit_tag(),
                Some('\0') => self.tag_name.push('\u{fffd}'),
                Some(c) => self.tag_name.push(c.to_ascii_lowercase()),
                None => return self.emit_eof(),
            },
            State::RawLessThan(raw) => match (next_char!(self, input), raw) {
                (Some('/'), _) => {
                    self.temp.clear();
                    self.state = State::RawEndTagOpen(raw);
                }
                (Some('!'), Raw::ScriptData) => {
                    self.emit_str("<!");
                    self.state = State::ScriptEscapeStart;
                }
                (c, _) => {
                    self.emit_char('<');
                    return self.reconsume_in(c, raw.text_state());
                }
            },
            State::RawEndTagOpen(raw) => match next_char!(self, input) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.start_tag(TagKind::EndTag);
                    return self.reconsume_in(Some(c), State::RawEndTagName(raw));
                }
                c => {
                    self.emit_str("</");
                    return self.reconsume_in(c, raw.text_state());
                }
            },
            State::RawEndTagName(raw) => {
                let c = next_char!(self, input);
                match c {
                    Some(c) if is_space(c) && self.appropriate_end_tag() => {
                        self.state = State::BeforeAttributeName;
                    }
                    Some('/') if self.appropriate_end_tag() => {
                        self.state = State::SelfClosingStartTag;
                    }
                    Some('>') if self.appropriate_end_tag() => return self.emit_tag(),
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.tag_name.push(c.to_ascii_lowercase());
                        self.temp.push(c);
                    }
                    c => {
                        self.emit_str("</");
                        self.chars.push_slice(&self.temp);
                        return self.reconsume_in(c, raw.text_state());
                    }
                }
            }
            State::ScriptEscapeStart | State::ScriptEscapeStartDash => {
                match next_char!(self, input) {
                    Some('-') => {
                        self.emit_char('-');
                        self.state = if self.state == State::ScriptEscapeStart {
                            State::ScriptEscapeStartDash
                        } else {
                            State::ScriptEscapedDashDash
                        };
                    }
                    c => return self.reconsume_in(c, State::ScriptData),
                }
            }
            State::ScriptEscaped | State::ScriptDoubleEscaped => {
                let double = self.state == State::ScriptDoubleEscaped;
                match self.next_in(input, Some(ESCAPED)) {
                    Next::Run(run) => self.emit_run(run),
                    Next::Char('-') => {
                        self.emit_char('-');
                        self.state = if double {
                            State::ScriptDoubleEscapedDash
                        } else {
                            State::ScriptEscapedDash
                        };
                    }
                    Next::Char('<') => self.escaped_less_than(double),
                    Next::Char(c) => self.emit_text_char(c),
                    Next::Eof => return self.emit_eof(),
                    Next::Stuck => return Step::Stuck,
                }
            }
            State::ScriptEscapedDash
            | State::ScriptEscapedDashDash
            | State::ScriptDoubleEscapedDash
            | State::ScriptDoubleEscapedDashDash => {
                let double = matches!(
                    self.state,
                    State::ScriptDoubleEscapedDash | State::ScriptDoubleEscapedDashDash
                );
                let (escaped, dash_dash) = if double {
                    (
                        State::ScriptDoubleEscaped,
                        State::ScriptDoubleEscapedDashDash,
                    )
                } else {
                    (State::ScriptEscaped, State::ScriptEscapedDashDash)
                };
                match next_char!(self, input) {
                    Some('-') => {
                        self.emit_char('-');
                        self.state = dash_dash;
                    }
                    Some('<') => self.escaped_less_than(double),
                    Some('>') if self.state == dash_dash => {
                        self.emit_char('>');
                        self.state = State::ScriptData;
                    }
                    Some(c) => {
                        self.emit_text_char(c);
                        self.state = escaped;
                    }
                    None => return self.emit_eof(),
                }
            }
            State::ScriptEscapedLessThan => match next_char!(self, input) {
                Some('/') => {
                    self.temp.clear();
                    self.state = State::RawEndTagOpen(Raw::ScriptEscaped);
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    self.temp.clear();
                    self.emit_char('<');
                    return self.reconsume_in(Some(c), State::ScriptDoubleEscapeStart);
                }
                c => {
                    self.emit_char('<');
                    return self.reconsume_in(c, State::ScriptEscaped);
                }
            },
            State::ScriptDoubleEscapedLessThan => match next_char!(self, input) {
                Some('/') => {
                    self.temp.clear();
                    self.emit_char('/');
                    self.state = State::ScriptDoubleEscapeEnd;
                }
                c => return self.reconsume_in(c, State::ScriptDoubleEscaped),
            },
            State::ScriptDoubleEscapeStart | State::ScriptDoubleEscapeEnd => {
                let start = self.state == State::ScriptDoubleEscapeStart;
                let (inside, outside) = if start {
                    (State::ScriptDoubleEscaped, State::ScriptEscaped)
                } else {
                    (State::ScriptEscaped, State::ScriptDoubleEscaped)
                };
                match next_char!(self, input) {
                    Some(c) if is_space(c) || c == '/' || c == '>' => {
                        self.state = if self.temp == "script" {
                            inside
                        } else {
                            outside
                        };
                        self.emit_char(c);
                    }
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.temp.push(c.to_ascii_lowercase());
                        self.emit_char(c);
                    }
                    c => return self.reconsume_in(c, outside),
                }
            }
            State::BeforeAttributeName => match next_char!(self, input) {
                Some(c) if is_space(c) => {}
                c @ (Some('/' | '>') | None) => {
                    return self.reconsume_in(c, State::AfterAttributeName);
                }
                Some('=') => {
                    self.start_attribute();
                    self.attr_name.push('=');
                    self.state = State::AttributeName;
                }
                c => {
                    self.start_attribute();
                    return self.reconsume_in(c, State::AttributeName);
                }
            },
            State::AttributeName => match next_char!(self, input) {
                c @ (Some('\t' | '\n' | '\x0C' | ' ' | '/' | '>') | None) => {
                    return self.reconsume_in(c, State::AfterAttributeName);
                }
                Some('=') => self.state = State::BeforeAttributeValue,
                Some('\0') => self.attr_name.push('\u{fffd}'),
                Some(c) => self.attr_name.push(c.to_ascii_lowercase()),
            },
            State::AfterAttributeName => match next_char!(self, input) {
                Some(c) if is_space(c) => {}
                Some('/') => self.state = State::SelfClosingStartTag,
                Some('=') => self.state = State::BeforeAttributeValue,
                Some('>') => return self.emit_tag(),
                None => return self.emit_eof(),
                c => {
                    self.start_attribute();
                    return self.reconsume_in(c, State::AttributeName);
                }
            },
            State::BeforeAttributeValue => match next_char!(self, input) {
                Some(c) if is_space(c) => {}
                Some('"') => self.state = State::AttributeValue(Quote::Double),
                Some('\'') => self.state = State::AttributeValue(Quote::Single),
                Some('>') => return self.emit_tag(),
                c => return self.reconsume_in(c, State::AttributeValue(Quote::None)),
            },
            State::AttributeValue(quote) => {
                let (set, end) = match quote {
                    Quote::Double => (DOUBLE_QUOTED, '"'),
                    Quote::Single => (SINGLE_QUOTED, '\''),
                    Quote::None => (UNQUOTED, '>'),
                };
                match self.next_in(input, Some(set)) {
                    Next::Run(run) => self.attr_value.push_tendril(&run),
                    Next::Char('&') => self.char_ref_in(self.state),
                    Next::Char('\0') => self.attr_value.push_char('\u{fffd}'),
                    Next::Char(c) if c == end && quote == Quote::None => return self.emit_tag(),
                    Next::Char(c) if c == end => self.state = State::AfterAttributeValueQuoted,
                    Next::Char(c) if quote == Quote::None && is_space(c) => {
                        self.state = State::BeforeAttributeName;
                    }
                    Next::Char(c) => self.attr_value.push_char(c),
                    Next::Eof => return self.emit_eof(),
                    Next::Stuck => return Step::Stuck,
                }
            }
            State::AfterAttributeValueQuoted | State::SelfClosingStartTag => {
                let after_value = self.state == State::AfterAttributeValueQuoted;
                match next_char!(self, input) {
                    Some(c) if after_value && is_space(c) => {
                        self.state = State::BeforeAttributeName;
                    }
                    Some('/') if after_value => self.state = State::SelfClosingStartTag,
                    Some('>') => {
                        self.self_closing |= !after_value;
                        return self.emit_tag();
                    }
                    None => return self.emit_eof(),
                    c => return self.reconsume_in(c, State::BeforeAttributeName),
                }
            }
            _ => unreachable!("not a text state: {:?}", self.state),
        }
        Step::Go
    }

    /// A character in RCDATA, RAWTEXT, script data or PLAINTEXT: U+0000
    /// is a parse error and becomes U+FFFD.
    fn emit_text_char(&mut self, c: char) {
        self.emit_char(if c == '\0' { '\u{fffd}' } else { c });
    }

    /// A `<` in script data escaped (or double escaped) text.
    fn escaped_less_than(&mut self, double: bool) {
        if double {
            self.emit_char('<');
            self.state = State::ScriptDoubleEscapedLessThan;
        } else {
            self.state = State::ScriptEscapedLessThan;
        }
    }
}
