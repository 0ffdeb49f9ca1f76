//! The character reference states
//! (<https://html.spec.whatwg.org/#character-reference-state> to
//! <https://html.spec.whatwg.org/#numeric-character-reference-end-state>),
//! with the named character references' table from html5ever's data
//! (every name, and every prefix of one, so a match grows a character at
//! a time).

use html5ever::buffer_queue::BufferQueue;
use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::TokenSink;

use super::{Next, State, Step, Tokenizer};

/// Where in the character reference states the tokenizer is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Sub {
    #[default]
    Start,
    Named,
    AmbiguousAmpersand,
    Numeric,
    HexStart,
    DecimalStart,
    Hex,
    Decimal,
}

/// A character reference being read.
#[derive(Default)]
pub(super) struct CharRef {
    sub: Sub,
    /// The name read so far.
    name: String,
    /// The longest name so far that is a whole reference: its length and
    /// its one or two code points.
    matched: Option<(usize, u32, u32)>,
    /// The numeric reference's code, capped just above the last code
    /// point.
    code: u32,
}

impl<S: TokenSink> Tokenizer<S> {
    /// A `&` in `return_state`: the character reference state.
    pub(super) fn char_ref_in(&mut self, return_state: State) {
        self.return_state = return_state;
        self.temp.clear();
        self.temp.push('&');
        self.char_ref.sub = Sub::Start;
        self.state = State::CharRef;
    }

    pub(super) fn char_ref_step(&mut self, input: &BufferQueue) -> Step {
        match self.char_ref.sub {
            Sub::Start => match next_char!(self, input) {
                Some(c) if c.is_ascii_alphanumeric() => {
                    self.char_ref.name.clear();
                    self.char_ref.matched = None;
                    self.char_ref.sub = Sub::Named;
                    self.reconsume = Some(c);
                }
                Some('#') => {
                    self.temp.push('#');
                    self.char_ref.code = 0;
                    self.char_ref.sub = Sub::Numeric;
                }
                c => {
                    self.flush_temp();
                    return self.reconsume_in(c, self.return_state);
                }
            },
            Sub::Named => return self.named(input),
            Sub::AmbiguousAmpersand => match next_char!(self, input) {
                Some(c) if c.is_ascii_alphanumeric() => {
                    if self.in_attribute_value() {
                        self.attr_value.push_char(c);
                    } else {
                        self.emit_char(c);
                    }
                }
                // (A `;` is a parse error, then as anything else.)
                c => return self.reconsume_in(c, self.return_state),
            },
            Sub::Numeric => match next_char!(self, input) {
                Some(c @ ('x' | 'X')) => {
                    self.temp.push(c);
                    self.char_ref.sub = Sub::HexStart;
                }
                c => {
                    self.reconsume = c;
                    self.char_ref.sub = Sub::DecimalStart;
                }
            },
            Sub::HexStart | Sub::DecimalStart => {
                let hex = self.char_ref.sub == Sub::HexStart;
                match next_char!(self, input) {
                    Some(c) if (hex && c.is_ascii_hexdigit()) || c.is_ascii_digit() => {
                        self.reconsume = Some(c);
                        self.char_ref.sub = if hex { Sub::Hex } else { Sub::Decimal };
                    }
                    c => {
                        // (No digits: a parse error, and the text as it was.)
                        self.flush_temp();
                        return self.reconsume_in(c, self.return_state);
                    }
                }
            }
            Sub::Hex | Sub::Decimal => {
                let radix = if self.char_ref.sub == Sub::Hex {
                    16
                } else {
                    10
                };
                match next_char!(self, input) {
                    Some(c) if c.is_digit(radix) => {
                        let digit = c.to_digit(radix).unwrap_or(0);
                        let code = self
                            .char_ref
                            .code
                            .saturating_mul(radix)
                            .saturating_add(digit);
                        self.char_ref.code = code.min(0x11_0000);
                    }
                    Some(';') => self.numeric_end(),
                    c => {
                        // (A missing `;` is a parse error.)
                        self.reconsume = c;
                        self.numeric_end();
                    }
                }
            }
        }
        Step::Go
    }

    /// <https://html.spec.whatwg.org/#named-character-reference-state>:
    /// reads a name while it is still a prefix of one in the table.
    fn named(&mut self, input: &BufferQueue) -> Step {
        let c = match self.reconsume.take() {
            Some(c) => c,
            None => match input.peek() {
                Some(c) if c.is_ascii_alphanumeric() || c == ';' => {
                    input.next();
                    c
                }
                Some(_) => return self.named_end(input),
                None if self.eof => return self.named_end(input),
                None => return Step::Stuck,
            },
        };
        let char_ref = &mut self.char_ref;
        char_ref.name.push(c);
        match NAMED_ENTITIES.get(&*char_ref.name) {
            Some(&(first, second)) => {
                if first != 0 {
                    char_ref.matched = Some((char_ref.name.len(), first, second));
                }
                if c == ';' {
                    return self.named_end(input);
                }
                Step::Go
            }
            None => self.named_end(input),
        }
    }

    /// The name read is as long as it gets: what follows the longest
    /// match goes back into the input.
    fn named_end(&mut self, input: &BufferQueue) -> Step {
        let name = std::mem::take(&mut self.char_ref.name);
        let Some((len, first, second)) = self.char_ref.matched.take() else {
            // No match: the name is read again in the ambiguous ampersand
            // state.
            input.push_front(StrTendril::from_slice(&name));
            self.flush_temp();
            self.char_ref.sub = Sub::AmbiguousAmpersand;
            return Step::Go;
        };
        if len < name.len() {
            input.push_front(StrTendril::from_slice(&name[len..]));
        }
        let semicolon = name[..len].ends_with(';');
        let next = input.peek();
        if self.in_attribute_value()
            && !semicolon
            && next.is_some_and(|c| c == '=' || c.is_ascii_alphanumeric())
        {
            // For historical reasons, the text as it was.
            self.temp.push_str(&name[..len]);
        } else {
            self.temp.clear();
            self.temp.extend(char::from_u32(first));
            if second != 0 {
                self.temp.extend(char::from_u32(second));
            }
        }
        self.flush_temp();
        self.char_ref.name = name;
        self.state = self.return_state;
        Step::Go
    }

    /// <https://html.spec.whatwg.org/#numeric-character-reference-end-state>,
    /// then back to the return state.
    fn numeric_end(&mut self) {
        let code = self.char_ref.code;
        let c = match code {
            0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{fffd}',
            0x80..=0x9F => C1_REPLACEMENTS[(code - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(code).unwrap_or('\u{fffd}')),
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        };
        self.temp.clear();
        // (In a DOM string a character of U+10F800..=U+10FFFF is its two
        // code units: `crate::dom_string`.)
        let mut buf = [0u8; 4];
        self.temp
            .push_str(&crate::dom_string::escape(c.encode_utf8(&mut buf)));
        self.flush_temp();
        self.state = self.return_state;
    }

    fn in_attribute_value(&self) -> bool {
        matches!(self.return_state, State::AttributeValue(_))
    }

    /// "Flush code points consumed as a character reference": the
    /// temporary buffer into the attribute value, or emitted.
    fn flush_temp(&mut self) {
        if self.in_attribute_value() {
            self.attr_value.push_slice(&self.temp);
        } else {
            self.chars.push_slice(&self.temp);
        }
    }
}
