//! html5lib's tokenizer tests (`conformance/html5lib-tests/tokenizer/`),
//! every case in every initial state it names, each fed whole and again
//! one character at a time (so every state's wait for more input is
//! taken).

use std::cell::RefCell;
use std::collections::BTreeMap;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
use serde_json::Value;

use super::{State, Tokenizer};

/// The tokens as the tests write them.
#[derive(Default)]
struct Collect {
    tokens: RefCell<Vec<Value>>,
}

impl Collect {
    fn push_chars(&self, text: &str) {
        let mut tokens = self.tokens.borrow_mut();
        if let Some(Value::Array(last)) = tokens.last_mut()
            && last[0] == "Character"
        {
            let joined = format!("{}{text}", last[1].as_str().unwrap_or_default());
            last[1] = Value::String(joined);
            return;
        }
        tokens.push(serde_json::json!(["Character", text]));
    }
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let value = match token {
            Token::CharacterTokens(text) => {
                self.push_chars(&text);
                return TokenSinkResult::Continue;
            }
            Token::NullCharacterToken => {
                self.push_chars("\0");
                return TokenSinkResult::Continue;
            }
            Token::EOFToken | Token::ParseError(_) => return TokenSinkResult::Continue,
            Token::DoctypeToken(d) => serde_json::json!([
                "DOCTYPE",
                d.name.as_deref(),
                d.public_id.as_deref(),
                d.system_id.as_deref(),
                !d.force_quirks
            ]),
            Token::CommentToken(text) => serde_json::json!(["Comment", &*text]),
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                serde_json::json!(["EndTag", &*tag.name])
            }
            Token::TagToken(tag) => {
                let attrs: BTreeMap<String, String> = tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                if tag.self_closing {
                    serde_json::json!(["StartTag", &*tag.name, attrs, true])
                } else {
                    serde_json::json!(["StartTag", &*tag.name, attrs])
                }
            }
        };
        self.tokens.borrow_mut().push(value);
        TokenSinkResult::Continue
    }
}

/// A test string with its `\uXXXX` escapes undone (`doubleEscaped`), as
/// a DOM string (a lone surrogate kept: `crate::dom_string`).
fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut units = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("\\u") {
        out.push_str(&rest[..i]);
        units.clear();
        rest = &rest[i..];
        while rest.starts_with("\\u") && rest.len() >= 6 {
            units.push(u16::from_str_radix(&rest[2..6], 16).ok()?);
            rest = &rest[6..];
        }
        out.push_str(&crate::dom_string::from_utf16(&units));
    }
    out.push_str(rest);
    Some(out)
}

fn unescape_value(v: &Value) -> Option<Value> {
    Some(match v {
        Value::String(s) => Value::String(unescape(s)?),
        Value::Array(items) => {
            Value::Array(items.iter().map(unescape_value).collect::<Option<_>>()?)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Some((unescape(k)?, unescape_value(v)?)))
                .collect::<Option<_>>()?,
        ),
        other => other.clone(),
    })
}

/// The strings of a test value as DOM strings.
fn escape_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(crate::dom_string::escape(s).into_owned()),
        Value::Array(items) => Value::Array(items.iter().map(escape_value).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (crate::dom_string::escape(k).into_owned(), escape_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Adjacent character tokens as one (the tests may split them).
fn merged(tokens: &[Value]) -> Vec<Value> {
    let collect = Collect::default();
    for token in tokens {
        match token {
            Value::Array(t) if t[0] == "Character" => {
                collect.push_chars(t[1].as_str().unwrap_or_default());
            }
            other => collect.tokens.borrow_mut().push(other.clone()),
        }
    }
    collect.tokens.into_inner()
}

fn tokenize(
    input: &str,
    state: State,
    last_start_tag: Option<&str>,
    piecewise: bool,
) -> Vec<Value> {
    let mut tokenizer = Tokenizer::new(Collect::default(), state);
    tokenizer.discard_bom = false;
    if let Some(name) = last_start_tag {
        tokenizer.set_last_start_tag(name);
    }
    let queue = BufferQueue::default();
    if piecewise {
        for c in input.chars() {
            let mut piece = StrTendril::new();
            piece.push_char(c);
            queue.push_back(piece);
            let _ = tokenizer.feed(&queue);
        }
    } else {
        queue.push_back(StrTendril::from_slice(input));
        let _ = tokenizer.feed(&queue);
    }
    tokenizer.end(&queue);
    tokenizer.sink.tokens.into_inner()
}

fn state_named(name: &str) -> State {
    match name {
        "Data state" => State::Data,
        "PLAINTEXT state" => State::Plaintext,
        "RCDATA state" => State::Rcdata,
        "RAWTEXT state" => State::Rawtext,
        "Script data state" => State::ScriptData,
        "CDATA section state" => State::CdataSection,
        other => panic!("an initial state the tests name that we do not know: {other}"),
    }
}

#[test]
fn html5lib_tokenizer_tests() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../conformance/html5lib-tests/tokenizer"
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the vendored html5lib tokenizer tests")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "test"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 14, "the vendored tokenizer test files");
    let (mut passed, mut lone_surrogates) = (0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a test file");
        let json: Value = serde_json::from_str(&text).expect("a test file's JSON");
        let Some(tests) = json["tests"].as_array() else {
            continue; // (xmlViolation.test: the XML-violation cases only.)
        };
        for test in tests {
            let double = test["doubleEscaped"].as_bool().unwrap_or(false);
            let (input, expected) = if double {
                match (
                    unescape(test["input"].as_str().unwrap_or_default()),
                    unescape_value(&test["output"]),
                ) {
                    (Some(i), Some(o)) => (i, o),
                    _ => panic!("a bad escape in {}", file.display()),
                }
            } else {
                // (JSON's strings are Unicode: as DOM strings, a character
                // of the units' range is its two units.)
                let input = test["input"].as_str().unwrap_or_default();
                (
                    crate::dom_string::escape(input).into_owned(),
                    escape_value(&test["output"]),
                )
            };
            if crate::dom_string::to_usv(&input)
                .matches('\u{FFFD}')
                .count()
                > input.matches('\u{FFFD}').count()
            {
                lone_surrogates += 1;
            }
            let expected = merged(expected.as_array().map_or(&[][..], |v| v));
            let states: Vec<&str> = match test["initialStates"].as_array() {
                Some(s) => s.iter().filter_map(Value::as_str).collect(),
                None => vec!["Data state"],
            };
            for state in states {
                for piecewise in [false, true] {
                    let got = tokenize(
                        &input,
                        state_named(state),
                        test["lastStartTag"].as_str(),
                        piecewise,
                    );
                    if got == expected {
                        passed += 1;
                    } else {
                        failures.push(format!(
                            "{}: {} ({state}{}): input {input:?}\n  expected {}\n  got      {}",
                            file.file_name().unwrap_or_default().to_string_lossy(),
                            test["description"],
                            if piecewise {
                                ", a character at a time"
                            } else {
                                ""
                            },
                            Value::Array(expected.clone()),
                            Value::Array(got),
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} tokenizer cases fail:\n{}",
        failures.len(),
        failures.len() + passed,
        failures.join("\n")
    );
    // Cases with a lone surrogate in their input, which DOM strings keep:
    // the count is pinned so a change to the test data shows.
    assert_eq!(lone_surrogates, 4, "tokenizer cases with a lone surrogate");
    assert!(passed > 13_000, "only {passed} tokenizer cases ran");
    println!(
        "html5lib tokenizer: {passed} passed (each case whole and a character at a time), \
         {lone_surrogates} of them with a lone surrogate in the input"
    );
}
