//! The differential fuzzer of the bridges (issue 13): random sequences of
//! DOM calls (tree mutations, attributes, `classList`, text, `innerHTML`,
//! clones, the ChildNode methods, event listeners and dispatch, Python's
//! batches and column operations) run through JavaScript, through Python
//! and through the Rust API, each on a fresh tree; all three must leave
//! the same trees, raise the same error names at the same steps, call the
//! same listeners in the same order and read the same values.
//!
//! A batch (`with document.batch():`) is Python's alone: JS and Rust run
//! the same steps without one, as a batch must never change a result. A
//! column operation (`NodeList.set_text`, `set_attribute`, `toggle_class`,
//! `texts`) is Python's one call; JS runs it as the loop it stands for,
//! Rust through dom-ecs's column write (`set_text_contents`) or the loop.
//!
//! `make test` runs a few hundred programs. A longer run:
//! `ECSDOM_FUZZ_SECONDS=3600 cargo test --test differential -- --nocapture`
//! (`ECSDOM_FUZZ_SEED=N` starts elsewhere). A difference prints the
//! program's seed, the step and both languages' code.

#[expect(
    dead_code,
    reason = "this test writes its pages into a directory of its own"
)]
mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ecsdom::{Document, NodeOrText, TokenList};

/// xorshift64*: the same programs from the same seed, with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
}

const TAGS: [&str; 6] = ["div", "span", "p", "b", "ul", "li"];
/// (`\uXXXX` is a lone surrogate in JS and Python source; the Rust run
/// reads it through [`dom`]. Offsets into them cut and join pairs.)
const TEXTS: [&str; 7] = ["a", "", "x y", "<&>", "🌠", "\\ud83d", "\\udf20x"];
const ATTRS: [&str; 5] = ["id", "class", "title", "data-k", "bad name"];
const VALUES: [&str; 3] = ["v", "", "a b"];
const TOKENS: [&str; 4] = ["a", "b", "", "c d"];
const MARKUP: [&str; 5] = ["<i>x</i>", "", "t<b>u</b>v", "<p>q", "<li>1<li>2"];
const EVENTS: [&str; 2] = ["x", "y"];
const COLUMN: [&[&str]; 4] = [&["c"], &["", "d"], &["e", "f", "<g>"], &[""]];
const WHERE: [&str; 5] = [
    "beforebegin",
    "afterbegin",
    "beforeend",
    "afterend",
    "middle",
];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Element,
    Text,
    Comment,
}

/// One step; the numbers index the program's nodes (`n[0]` is a fresh
/// `div`; each `New*` and `Clone` adds one).
#[derive(Clone, Copy)]
enum Op {
    NewElement(&'static str),
    NewText(&'static str),
    NewComment(&'static str),
    Clone(usize, bool),
    Append(usize, usize),
    InsertBefore(usize, usize, Option<usize>),
    RemoveChild(usize, usize),
    Remove(usize),
    SetAttribute(usize, &'static str, &'static str),
    RemoveAttribute(usize, &'static str),
    ClassAdd(usize, &'static str),
    ClassRemove(usize, &'static str),
    ClassToggle(usize, &'static str),
    SetText(usize, &'static str),
    SetInner(usize, &'static str),
    ReplaceWith(usize, usize),
    Before(usize, usize),
    Normalize(usize),
    ReplaceData(usize, usize, usize, &'static str),
    SplitText(usize, usize),
    InsertAdjacentHtml(usize, &'static str, &'static str),
    ToggleAttribute(usize, &'static str, Option<bool>),
    /// `addEventListener(type, f, {capture, once})` on a node; `f` is
    /// named by the step's index (`key`) and does `action` (see `L` in
    /// the harnesses) after noting its call.
    Listen {
        node: usize,
        kind: &'static str,
        key: usize,
        action: u8,
        capture: bool,
        once: bool,
    },
    /// `removeEventListener(type, f, {capture})`, `f` that of step `key`.
    Unlisten {
        node: usize,
        kind: &'static str,
        key: usize,
        capture: bool,
    },
    /// `dispatchEvent(new Event(type, {bubbles, cancelable}))`: reads its
    /// result and the listeners it called (key, currentTarget, phase).
    Dispatch(usize, &'static str, bool, bool),
    /// Open (true) or close Python's batch.
    Batch(bool),
    /// `childNodes.set_text(values)` (one value, or the values in turn).
    ColumnText(usize, &'static [&'static str]),
    /// `querySelectorAll('*').set_attribute(name, values)`.
    ColumnAttribute(usize, &'static str, &'static [&'static str]),
    /// `children.toggle_class(token, force)`.
    ColumnToggle(usize, &'static str, Option<bool>),
    /// `childNodes.texts()`, read.
    Texts(usize),
}

/// What a step did through the Rust API.
enum Done {
    Nothing,
    Made(ecsdom::NodeId),
    Read(String),
}

/// A random program of `len` steps.
fn program(rng: &mut Rng, len: usize) -> Vec<Op> {
    let mut kinds = vec![Kind::Element];
    let mut ops = Vec::with_capacity(len);
    let mut listeners: Vec<Op> = Vec::new();
    while ops.len() < len {
        let any = rng.below(kinds.len());
        let other = rng.below(kinds.len());
        let elements: Vec<usize> = (0..kinds.len())
            .filter(|&i| kinds[i] == Kind::Element)
            .collect();
        let element = rng.pick(&elements);
        let of = |k: &[Kind]| -> Vec<usize> {
            (0..kinds.len())
                .filter(|&i| k.contains(&kinds[i]))
                .collect()
        };
        let (chars, texts) = (of(&[Kind::Text, Kind::Comment]), of(&[Kind::Text]));
        let op = match rng.below(32) {
            0 | 1 => Op::NewElement(rng.pick(&TAGS)),
            2 => Op::NewText(rng.pick(&TEXTS)),
            3 => Op::NewComment(rng.pick(&TEXTS)),
            4 => Op::Clone(any, rng.below(2) == 0),
            5..=7 => Op::Append(element, any),
            8 => Op::InsertBefore(
                element,
                any,
                (rng.below(3) > 0).then(|| rng.below(kinds.len())),
            ),
            9 => Op::RemoveChild(element, any),
            10 => Op::Remove(any),
            11 => Op::SetAttribute(element, rng.pick(&ATTRS), rng.pick(&VALUES)),
            12 => Op::RemoveAttribute(element, rng.pick(&ATTRS)),
            13 => Op::ClassAdd(element, rng.pick(&TOKENS)),
            14 => Op::ClassRemove(element, rng.pick(&TOKENS)),
            15 => Op::ClassToggle(element, rng.pick(&TOKENS)),
            16 => Op::SetText(any, rng.pick(&TEXTS)),
            17 => Op::SetInner(element, rng.pick(&MARKUP)),
            18 => match rng.below(3) {
                0 => Op::ReplaceWith(any, other),
                1 => Op::Before(any, other),
                _ => Op::Normalize(any),
            },
            19 if !chars.is_empty() => Op::ReplaceData(
                rng.pick(&chars),
                rng.below(5),
                rng.below(3),
                rng.pick(&TEXTS),
            ),
            20 if !texts.is_empty() => Op::SplitText(rng.pick(&texts), rng.below(5)),
            21 => Op::InsertAdjacentHtml(element, rng.pick(&WHERE), rng.pick(&MARKUP)),
            22 => Op::ToggleAttribute(
                element,
                rng.pick(&ATTRS),
                [None, Some(true), Some(false)][rng.below(3)],
            ),
            24 | 25 => Op::Listen {
                node: if rng.below(2) == 0 { element } else { any },
                kind: rng.pick(&EVENTS),
                key: ops.len(),
                action: rng.below(8) as u8,
                capture: rng.below(3) == 0,
                once: rng.below(4) == 0,
            },
            26 if !listeners.is_empty() => match rng.pick(&listeners) {
                Op::Listen {
                    node,
                    kind,
                    key,
                    capture,
                    ..
                } => Op::Unlisten {
                    node,
                    kind,
                    key,
                    capture: if rng.below(4) == 0 { !capture } else { capture },
                },
                _ => unreachable!("only Listen steps are listed"),
            },
            27 | 28 => Op::Dispatch(any, rng.pick(&EVENTS), rng.below(3) > 0, rng.below(2) == 0),
            29 => Op::Batch(rng.below(2) == 0),
            30 => match rng.below(4) {
                0 => Op::ColumnText(element, rng.pick(&COLUMN)),
                1 => Op::ColumnAttribute(element, rng.pick(&ATTRS), rng.pick(&COLUMN)),
                2 => Op::ColumnToggle(
                    element,
                    rng.pick(&TOKENS),
                    [None, Some(true), Some(false)][rng.below(3)],
                ),
                _ => Op::Texts(element),
            },
            _ => Op::Append(element, any),
        };
        if matches!(op, Op::Listen { .. }) {
            listeners.push(op);
        }
        match op {
            Op::NewElement(_) => kinds.push(Kind::Element),
            Op::NewText(_) => kinds.push(Kind::Text),
            Op::NewComment(_) => kinds.push(Kind::Comment),
            Op::Clone(i, _) => kinds.push(kinds[i]),
            _ => {}
        }
        ops.push(op);
    }
    ops
}

impl Op {
    /// What the harness does with the step's result: 1, a node to hold;
    /// 2, a value to log; 0, nothing.
    fn keeps(self) -> u8 {
        match self {
            Op::NewElement(_) | Op::NewText(_) | Op::NewComment(_) | Op::Clone(..) => 1,
            Op::Dispatch(..) | Op::Texts(_) => 2,
            _ => 0,
        }
    }

    /// The step as an expression, in JS (`py`: false) or Python.
    fn code(self, py: bool) -> String {
        let null = if py { "None" } else { "null" };
        let boolean = |b: bool| match (b, py) {
            (true, true) => "True",
            (false, true) => "False",
            (true, false) => "true",
            (false, false) => "false",
        };
        let set = |target: String, prop: &str, value: &str| {
            if py {
                format!("setattr({target}, '{prop}', '{value}')")
            } else {
                format!("{target}.{prop} = '{value}'")
            }
        };
        match self {
            Op::NewElement(t) => format!("document.createElement('{t}')"),
            Op::NewText(t) => format!("document.createTextNode('{t}')"),
            Op::NewComment(t) => format!("document.createComment('{t}')"),
            Op::Clone(i, deep) => format!("n[{i}].cloneNode({})", boolean(deep)),
            Op::Append(p, c) => format!("n[{p}].appendChild(n[{c}])"),
            Op::InsertBefore(p, c, r) => {
                let r = r.map_or(null.to_owned(), |r| format!("n[{r}]"));
                format!("n[{p}].insertBefore(n[{c}], {r})")
            }
            Op::RemoveChild(p, c) => format!("n[{p}].removeChild(n[{c}])"),
            Op::Remove(i) => format!("n[{i}].remove()"),
            Op::SetAttribute(e, a, v) => format!("n[{e}].setAttribute('{a}', '{v}')"),
            Op::RemoveAttribute(e, a) => format!("n[{e}].removeAttribute('{a}')"),
            Op::ClassAdd(e, t) => format!("n[{e}].classList.add('{t}')"),
            Op::ClassRemove(e, t) => format!("n[{e}].classList.remove('{t}')"),
            Op::ClassToggle(e, t) => format!("n[{e}].classList.toggle('{t}')"),
            Op::SetText(i, t) => set(format!("n[{i}]"), "textContent", t),
            Op::SetInner(e, m) => set(format!("n[{e}]"), "innerHTML", m),
            Op::ReplaceWith(a, b) => format!("n[{a}].replaceWith(n[{b}])"),
            Op::Before(a, b) => format!("n[{a}].before(n[{b}])"),
            Op::Normalize(i) => format!("n[{i}].normalize()"),
            Op::ReplaceData(i, o, c, t) => format!("n[{i}].replaceData({o}, {c}, '{t}')"),
            Op::SplitText(i, o) => format!("n[{i}].splitText({o})"),
            Op::InsertAdjacentHtml(e, w, m) => format!("n[{e}].insertAdjacentHTML('{w}', '{m}')"),
            Op::ToggleAttribute(e, a, f) => match f {
                None => format!("n[{e}].toggleAttribute('{a}')"),
                Some(f) => format!("n[{e}].toggleAttribute('{a}', {})", boolean(f)),
            },
            Op::Listen {
                node,
                kind,
                key,
                action,
                capture,
                once,
            } => {
                let options = if py {
                    format!(
                        "{{'capture': {}, 'once': {}}}",
                        boolean(capture),
                        boolean(once)
                    )
                } else {
                    format!("{{capture: {capture}, once: {once}}}")
                };
                format!("n[{node}].addEventListener('{kind}', L(n, {key}, {action}), {options})")
            }
            Op::Unlisten {
                node,
                kind,
                key,
                capture,
            } => format!(
                "n[{node}].removeEventListener('{kind}', fns[{key}], {})",
                boolean(capture)
            ),
            Op::Dispatch(i, t, b, c) => {
                format!("D(n[{i}], '{t}', {}, {})", boolean(b), boolean(c))
            }
            Op::Batch(open) => format!("B({})", boolean(open)),
            Op::ColumnText(e, v) => format!("CT(n[{e}].childNodes, {v:?})"),
            Op::ColumnAttribute(e, a, v) => {
                format!("CA(n[{e}].querySelectorAll('*'), '{a}', {v:?})")
            }
            Op::ColumnToggle(e, t, f) => {
                let f = f.map_or(null, boolean);
                format!("CC(n[{e}].children, '{t}', {f})")
            }
            Op::Texts(e) => format!("TX(n[{e}].childNodes)"),
        }
    }

    /// The step through the Rust API (`actions`: each listener's action,
    /// by key).
    fn run(
        self,
        d: &mut Document,
        n: &[ecsdom::NodeId],
        actions: &mut HashMap<usize, u8>,
    ) -> Result<Done, &'static str> {
        let name = |e: ecsdom::DomError| e.name();
        let done = match self {
            Op::NewElement(t) => d.create_element(t).map(Some).map_err(name),
            Op::NewText(t) => Ok(Some(d.create_text_node(&dom(t)))),
            Op::NewComment(t) => Ok(Some(d.create_comment(&dom(t)))),
            Op::Clone(i, deep) => d.clone_node(n[i], deep).map(Some).map_err(name),
            Op::Append(p, c) => d.append_child(n[p], n[c]).map(|_| None).map_err(name),
            Op::InsertBefore(p, c, r) => d
                .insert_before(n[p], n[c], r.map(|r| n[r]))
                .map(|_| None)
                .map_err(name),
            Op::RemoveChild(p, c) => d.remove_child(n[p], n[c]).map(|_| None).map_err(name),
            Op::Remove(i) => d.remove(n[i]).map(|()| None).map_err(name),
            Op::SetAttribute(e, a, v) => d.set_attribute(n[e], a, v).map(|()| None).map_err(name),
            Op::RemoveAttribute(e, a) => d.remove_attribute(n[e], a).map(|()| None).map_err(name),
            Op::ClassAdd(e, t) => TokenList::class(n[e])
                .add(d, &[t])
                .map(|()| None)
                .map_err(name),
            Op::ClassRemove(e, t) => TokenList::class(n[e])
                .remove(d, &[t])
                .map(|()| None)
                .map_err(name),
            Op::ClassToggle(e, t) => TokenList::class(n[e])
                .toggle(d, t, None)
                .map(|_| None)
                .map_err(name),
            Op::SetText(i, t) => d
                .set_text_content(n[i], &dom(t))
                .map(|()| None)
                .map_err(name),
            Op::SetInner(e, m) => d.set_inner_html(n[e], m).map(|()| None).map_err(name),
            Op::ReplaceWith(a, b) => d
                .replace_with(n[a], &[NodeOrText::Node(n[b])])
                .map(|()| None)
                .map_err(name),
            Op::Before(a, b) => d
                .before(n[a], &[NodeOrText::Node(n[b])])
                .map(|()| None)
                .map_err(name),
            Op::Normalize(i) => d.normalize(n[i]).map(|()| None).map_err(name),
            Op::ReplaceData(i, o, c, t) => d
                .replace_data(n[i], o, c, &dom(t))
                .map(|()| None)
                .map_err(name),
            // (The new node is not one the program holds.)
            Op::SplitText(i, o) => d.split_text(n[i], o).map(|_| None).map_err(name),
            Op::InsertAdjacentHtml(e, w, m) => d
                .insert_adjacent_html(n[e], w, m)
                .map(|()| None)
                .map_err(name),
            Op::ToggleAttribute(e, a, f) => {
                d.toggle_attribute(n[e], a, f).map(|_| None).map_err(name)
            }
            Op::Listen {
                node,
                kind,
                key,
                action,
                capture,
                once,
            } => {
                actions.insert(key, action);
                let options = ecsdom::ListenerOptions {
                    capture,
                    once,
                    passive: None,
                };
                d.add_event_listener(n[node], kind, listener(key), options)
                    .map(|_| None)
                    .map_err(name)
            }
            Op::Unlisten {
                node,
                kind,
                key,
                capture,
            } => d
                .remove_event_listener(n[node], kind, listener(key), capture)
                .map(|_| None)
                .map_err(name),
            Op::Dispatch(i, t, b, c) => return dispatch(d, n, actions, n[i], t, b, c),
            Op::Batch(_) => Ok(None),
            Op::ColumnText(e, v) => {
                let ids = d.child_nodes(n[e]).map_err(name)?;
                let values: Vec<&str> = (0..ids.len()).map(|k| v[k % v.len()]).collect();
                d.set_text_contents(&ids, &values)
                    .map(|()| None)
                    .map_err(name)
            }
            Op::ColumnAttribute(e, a, v) => {
                let ids = d.query_selector_all(n[e], "*").map_err(name)?;
                ids.iter()
                    .enumerate()
                    .try_for_each(|(k, &id)| d.set_attribute(id, a, v[k % v.len()]))
                    .map(|()| None)
                    .map_err(name)
            }
            Op::ColumnToggle(e, t, f) => {
                let ids = d.children(n[e]).map_err(name)?;
                ids.iter()
                    .try_for_each(|&id| TokenList::class(id).toggle(d, t, f).map(|_| ()))
                    .map(|()| None)
                    .map_err(name)
            }
            Op::Texts(e) => {
                let ids = d.child_nodes(n[e]).map_err(name)?;
                let texts: Vec<String> = ids
                    .iter()
                    .map(|&id| d.text_content(id).map(Option::unwrap_or_default))
                    .collect::<Result<_, _>>()
                    .map_err(name)?;
                return Ok(Done::Read(texts.join("|")));
            }
        };
        done.map(|made| made.map_or(Done::Nothing, Done::Made))
    }
}

/// The Rust listeners' engine (any number no bridge uses).
const RUST_ENGINE: u8 = 200;

fn listener(key: usize) -> ecsdom::Callback {
    ecsdom::Callback {
        engine: RUST_ENGINE,
        key: key as u64,
    }
}

/// `dispatchEvent` through the Rust API: reads
/// `"{result} {key@currentTarget/phase,...}"`.
fn dispatch(
    d: &mut Document,
    n: &[ecsdom::NodeId],
    actions: &HashMap<usize, u8>,
    target: ecsdom::NodeId,
    kind: &str,
    bubbles: bool,
    cancelable: bool,
) -> Result<Done, &'static str> {
    let mut calls = Vec::new();
    let result = dispatch_noting(
        d,
        n,
        actions,
        target,
        (kind, bubbles, cancelable),
        &mut calls,
    )
    .map_err(|e| e.name())?;
    Ok(Done::Read(format!("{result} {}", calls.join(","))))
}

/// Dispatch an event of `(type, bubbles, cancelable)`: dom-ecs hands out
/// each listener to call, and this runs the listener's action as the
/// harnesses' `L` does, noting the call in `calls`; the result of
/// `dispatchEvent`.
fn dispatch_noting(
    d: &mut Document,
    n: &[ecsdom::NodeId],
    actions: &HashMap<usize, u8>,
    target: ecsdom::NodeId,
    (kind, bubbles, cancelable): (&str, bool, bool),
    calls: &mut Vec<String>,
) -> Result<bool, ecsdom::DomError> {
    let event = d.create_event(kind, bubbles, cancelable);
    let mut run = d.dispatch_begin(target, event)?;
    while let Some(call) = d.dispatch_next(&mut run) {
        let key = call.callback.key as usize;
        let at = call.current_target;
        let held = n.iter().position(|&x| x == at).map_or(-1, |i| i as i64);
        let phase = d.event(event).unwrap().phase as u8;
        calls.push(format!("{key}@{held}/{phase}"));
        // (A listener's own error is reported and dispatch goes on.)
        let _ = match actions[&key] {
            1 => d.stop_propagation(event),
            2 => d.stop_immediate_propagation(event),
            3 => d.prevent_default(event),
            4 => d.remove(at),
            5 if matches!(d.node_type(at), Ok(1)) => {
                d.set_attribute(at, "data-e", &key.to_string())
            }
            6 => d.set_text_content(at, &key.to_string()),
            7 if kind == "x" => {
                dispatch_noting(d, n, actions, at, ("y", true, false), calls).map(|_| ())
            }
            _ => Ok(()),
        };
    }
    while d.dispatch_after(&mut run).is_some() {}
    let canceled = d.event(event).unwrap().canceled;
    d.release_event(event);
    Ok(!canceled)
}

/// What a program left: each step's outcome (`ok` or the error's name)
/// and each node serialized (an element's `outerHTML`, else its name and
/// data).
#[derive(Debug, PartialEq)]
struct Outcome {
    log: Vec<String>,
    trees: Vec<String>,
}

impl Outcome {
    /// `{"log": [...], "trees": [...]}` as a language printed it.
    fn parse(json: &str) -> Outcome {
        let json = lone_surrogates(json);
        let v: serde_json::Value = serde_json::from_str(&json).expect("a program's outcome");
        let strings = |key: &str| -> Vec<String> {
            v[key]
                .as_array()
                .expect("a list")
                .iter()
                .map(|s| s.as_str().expect("a string").to_owned())
                .collect()
        };
        Outcome {
            log: strings("log"),
            trees: strings("trees"),
        }
    }
}

/// A text of [`TEXTS`] as the DOM string a script's literal makes: its
/// `\uXXXX` escapes undone, lone surrogates kept (`dom_ecs::dom_string`).
fn dom(t: &str) -> String {
    let mut units = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find("\\u") {
        units.extend(rest[..i].encode_utf16());
        units.push(u16::from_str_radix(&rest[i + 2..i + 6], 16).expect("an escape"));
        rest = &rest[i + 6..];
    }
    units.extend(rest.encode_utf16());
    dom_ecs::dom_string::from_utf16(&units)
}

/// JSON as JS and Python print it, each lone surrogate's `\uXXXX` made
/// the DOM string's char for it (serde_json refuses lone surrogates; a
/// pair it reads as its character).
fn lone_surrogates(json: &str) -> String {
    let unit = |at: usize| {
        json.get(at..at + 6)
            .filter(|e| e.starts_with("\\u"))
            .and_then(|e| u16::from_str_radix(&e[2..], 16).ok())
    };
    let (mut out, mut last, mut i) = (String::new(), 0, 0);
    while let Some(k) = json[i..].find("\\u") {
        let at = i + k;
        i = at + 2;
        let backslashes = json[..at].bytes().rev().take_while(|&c| c == b'\\').count();
        let Some(u) = unit(at).filter(|_| backslashes % 2 == 0) else {
            continue;
        };
        i = at + 6;
        if (0xD800..=0xDBFF).contains(&u)
            && unit(at + 6).is_some_and(|l| (0xDC00..=0xDFFF).contains(&l))
        {
            i = at + 12;
        } else if (0xD800..=0xDFFF).contains(&u) {
            out.push_str(&json[last..at]);
            out.push_str(&dom_ecs::dom_string::from_utf16(&[u]));
            last = at + 6;
        }
    }
    out.push_str(&json[last..]);
    out
}

/// The program through the Rust API. Each node it holds is pinned, as a
/// script's handle pins its node (an unpinned node is one no one can
/// tell from another: `textContent` may reuse it in place).
fn run_rust(ops: &[Op]) -> Outcome {
    let mut d = Document::new();
    let root = d.create_element("div").unwrap();
    d.pin(root).unwrap();
    let mut n = vec![root];
    let mut log = Vec::new();
    let mut actions = HashMap::new();
    for op in ops {
        match op.run(&mut d, &n, &mut actions) {
            Ok(Done::Made(id)) => {
                d.pin(id).unwrap();
                n.push(id);
                log.push("ok".to_owned());
            }
            Ok(Done::Nothing) => log.push("ok".to_owned()),
            Ok(Done::Read(value)) => log.push(format!("= {value}")),
            Err(e) => log.push(e.to_owned()),
        }
    }
    let trees = n
        .iter()
        .map(|&x| {
            if d.node_type(x).unwrap() == 1 {
                d.outer_html(x).unwrap()
            } else {
                let name = if d.node_type(x).unwrap() == 3 {
                    "#text"
                } else {
                    "#comment"
                };
                format!("{name}:{}", d.data(x).unwrap())
            }
        })
        .collect();
    Outcome { log, trees }
}

const JS_HARNESS: &str = "
let calls = [], fns = {};
function L(n, k, a) {
  const f = e => {
    const t = e.currentTarget;
    calls.push(k + '@' + n.indexOf(t) + '/' + e.eventPhase);
    if (a === 1) e.stopPropagation();
    else if (a === 2) e.stopImmediatePropagation();
    else if (a === 3) e.preventDefault();
    else if (a === 4) t.remove();
    else if (a === 5 && t.nodeType === 1) t.setAttribute('data-e', '' + k);
    else if (a === 6) t.textContent = '' + k;
    else if (a === 7 && e.type === 'x') t.dispatchEvent(new Event('y', {bubbles: true}));
  };
  fns[k] = f;
  return f;
}
function D(t, type, bubbles, cancelable) {
  calls = [];
  const r = t.dispatchEvent(new Event(type, {bubbles, cancelable}));
  return r + ' ' + calls.join(',');
}
function B(open) {}
function CT(l, v) { for (let i = 0; i < l.length; i++) l[i].textContent = v[i % v.length]; }
function CA(l, a, v) { for (let i = 0; i < l.length; i++) l[i].setAttribute(a, v[i % v.length]); }
function CC(l, t, f) { for (let i = 0; i < l.length; i++) l[i].classList.toggle(t, f ?? undefined); }
function TX(l) { return Array.from(l, c => c.textContent).join('|'); }
function run(program) {
  const n = [document.createElement('div')];
  const log = [];
  fns = {};
  for (const [keeps, f] of program) {
    try {
      const r = f(n);
      if (keeps === 1) n.push(r);
      log.push(keeps === 2 ? '= ' + r : 'ok');
    }
    catch (e) { log.push(e.name); }
  }
  const trees = n.map(x => x.nodeType === 1 ? x.outerHTML : x.nodeName + ':' + x.data);
  console.log('JS ' + JSON.stringify({log, trees}));
}
";

const PY_HARNESS: &str = "
import json
calls, fns, batch = [], {}, None
def held(n, t):
    return next((i for i, x in enumerate(n) if x.isSameNode(t)), -1)
def L(n, k, a):
    def f(e):
        t = e.currentTarget
        calls.append(f'{k}@{held(n, t)}/{e.eventPhase}')
        if a == 1: e.stopPropagation()
        elif a == 2: e.stopImmediatePropagation()
        elif a == 3: e.preventDefault()
        elif a == 4: t.remove()
        elif a == 5 and t.nodeType == 1: t.setAttribute('data-e', str(k))
        elif a == 6: t.textContent = str(k)
        elif a == 7 and e.type == 'x': t.dispatchEvent(Event('y', bubbles=True))
    fns[k] = f
    return f
def D(t, type_, bubbles, cancelable):
    calls.clear()
    r = t.dispatchEvent(Event(type_, bubbles=bubbles, cancelable=cancelable))
    return ('true' if r else 'false') + ' ' + ','.join(calls)
def B(open_):
    global batch
    if open_ and batch is None:
        batch = document.batch()
        batch.__enter__()
    elif not open_ and batch is not None:
        b, batch = batch, None
        b.__exit__(None, None, None)
def column(l, v):
    return v[0] if len(v) == 1 else [v[i % len(v)] for i in range(len(l))]
def CT(l, v): l.set_text(column(l, v))
def CA(l, a, v): l.set_attribute(a, column(l, v))
def CC(l, t, f): l.toggle_class(t, f)
def TX(l): return '|'.join(l.texts())
def run(program):
    n = [document.createElement('div')]
    log = []
    fns.clear()
    for keeps, f in program:
        try:
            r = f(n)
            if keeps == 1:
                n.append(r)
            log.append('= ' + r if keeps == 2 else 'ok')
        except Exception as e:
            log.append(getattr(e, 'name', type(e).__name__))
    B(False)
    trees = [x.outerHTML if x.nodeType == 1 else x.nodeName + ':' + x.data for x in n]
    print('PY ' + json.dumps({'log': log, 'trees': trees}), flush=True)
";

/// A page that runs each program in JS, then in Python.
fn page_of(programs: &[Vec<Op>]) -> String {
    let mut js = String::from(JS_HARNESS);
    let mut py = String::from(PY_HARNESS);
    for ops in programs {
        js.push_str("run([\n");
        py.push_str("run([\n");
        for op in ops {
            js.push_str(&format!("  [{}, n => {}],\n", op.keeps(), op.code(false)));
            py.push_str(&format!(
                "  ({}, lambda n: {}),\n",
                op.keeps(),
                op.code(true)
            ));
        }
        js.push_str("]);\n");
        py.push_str("])\n");
    }
    format!("<body><script>{js}</script><script type=text/python>{py}</script></body>")
}

/// Run `count` programs from `seed`; a description of the first
/// difference, if any.
fn check_batch(seed: u64, count: usize, len: usize) -> Result<(), String> {
    let mut rng = Rng(seed | 1);
    let programs: Vec<Vec<Op>> = (0..count).map(|_| program(&mut rng, len)).collect();
    let page = common::page(&format!("differential-{seed}"), &page_of(&programs));
    let out = common::ecsdom(&["run", page.to_str().unwrap(), "--no-cache"]);
    let stdout = common::text(&out.stdout);
    let parse = |prefix: &str| -> Vec<Outcome> {
        stdout
            .lines()
            .filter_map(|l| l.strip_prefix(prefix))
            .map(Outcome::parse)
            .collect()
    };
    let (js, py) = (parse("JS "), parse("PY "));
    if js.len() != count || py.len() != count {
        return Err(format!(
            "seed {seed}: {} JS and {} Python outcomes of {count}\n{}",
            js.len(),
            py.len(),
            common::text(&out.stderr)
        ));
    }
    for (k, ops) in programs.iter().enumerate() {
        let rust = run_rust(ops);
        for (lang, got) in [("JS", &js[k]), ("Python", &py[k])] {
            if *got == rust {
                continue;
            }
            let step = (0..ops.len())
                .find(|&s| got.log.get(s) != rust.log.get(s))
                .map_or("the trees".to_owned(), |s| format!("step {s}"));
            let code: Vec<String> = ops
                .iter()
                .enumerate()
                .map(|(s, op)| format!("{s}: {}  |  {}", op.code(false), op.code(true)))
                .collect();
            return Err(format!(
                "seed {seed}, program {k}: {lang} differs from Rust at {step}\n\
                 {lang}: {got:?}\nRust: {rust:?}\n{}",
                code.join("\n")
            ));
        }
    }
    let _ = std::fs::remove_dir_all(page.parent().unwrap());
    Ok(())
}

#[test]
fn js_python_and_rust_agree_on_random_programs() {
    let seconds: u64 = std::env::var("ECSDOM_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut seed: u64 = std::env::var("ECSDOM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut batches, mut programs) = (0, 0);
    loop {
        if let Err(e) = check_batch(seed, 100, 40) {
            panic!("{e}");
        }
        batches += 1;
        programs += 100;
        seed += 1;
        if batches >= 3 && Instant::now() >= deadline {
            break;
        }
    }
    println!("{programs} programs of 40 steps in {batches} pages: all three agree");
}
