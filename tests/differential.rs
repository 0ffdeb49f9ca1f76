//! The differential fuzzer of the bridges (issue 13): random sequences of
//! DOM calls (tree mutations, attributes, `classList`, text, `innerHTML`,
//! clones, the ChildNode methods) run through JavaScript, through Python
//! and through the Rust API, each on a fresh tree; all three must leave
//! the same trees and raise the same error names at the same steps.
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

use std::time::{Duration, Instant};

use ecsdom::{ClassList, Document, NodeOrText};

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
const TEXTS: [&str; 4] = ["a", "", "x y", "<&>"];
const ATTRS: [&str; 5] = ["id", "class", "title", "data-k", "bad name"];
const VALUES: [&str; 3] = ["v", "", "a b"];
const TOKENS: [&str; 4] = ["a", "b", "", "c d"];
const MARKUP: [&str; 5] = ["<i>x</i>", "", "t<b>u</b>v", "<p>q", "<li>1<li>2"];
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
}

/// A random program of `len` steps.
fn program(rng: &mut Rng, len: usize) -> Vec<Op> {
    let mut kinds = vec![Kind::Element];
    let mut ops = Vec::with_capacity(len);
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
        let op = match rng.below(24) {
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
            _ => Op::Append(element, any),
        };
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
    /// Whether the step adds a node.
    fn makes(self) -> bool {
        matches!(
            self,
            Op::NewElement(_) | Op::NewText(_) | Op::NewComment(_) | Op::Clone(..)
        )
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
        }
    }

    /// The step through the Rust API; a node it made.
    fn run(
        self,
        d: &mut Document,
        n: &[ecsdom::NodeId],
    ) -> Result<Option<ecsdom::NodeId>, &'static str> {
        let name = |e: ecsdom::DomError| e.name();
        match self {
            Op::NewElement(t) => d.create_element(t).map(Some).map_err(name),
            Op::NewText(t) => Ok(Some(d.create_text_node(t))),
            Op::NewComment(t) => Ok(Some(d.create_comment(t))),
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
            Op::ClassAdd(e, t) => ClassList { element: n[e] }
                .add(d, &[t])
                .map(|()| None)
                .map_err(name),
            Op::ClassRemove(e, t) => ClassList { element: n[e] }
                .remove(d, &[t])
                .map(|()| None)
                .map_err(name),
            Op::ClassToggle(e, t) => ClassList { element: n[e] }
                .toggle(d, t, None)
                .map(|_| None)
                .map_err(name),
            Op::SetText(i, t) => d.set_text_content(n[i], t).map(|()| None).map_err(name),
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
            Op::ReplaceData(i, o, c, t) => {
                d.replace_data(n[i], o, c, t).map(|()| None).map_err(name)
            }
            // (The new node is not one the program holds.)
            Op::SplitText(i, o) => d.split_text(n[i], o).map(|_| None).map_err(name),
            Op::InsertAdjacentHtml(e, w, m) => d
                .insert_adjacent_html(n[e], w, m)
                .map(|()| None)
                .map_err(name),
            Op::ToggleAttribute(e, a, f) => {
                d.toggle_attribute(n[e], a, f).map(|_| None).map_err(name)
            }
        }
    }
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
        let v: serde_json::Value = serde_json::from_str(json).expect("a program's outcome");
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

/// The program through the Rust API. Each node it holds is pinned, as a
/// script's handle pins its node (an unpinned node is one no one can
/// tell from another: `textContent` may reuse it in place).
fn run_rust(ops: &[Op]) -> Outcome {
    let mut d = Document::new();
    let root = d.create_element("div").unwrap();
    d.pin(root).unwrap();
    let mut n = vec![root];
    let mut log = Vec::new();
    for op in ops {
        match op.run(&mut d, &n) {
            Ok(made) => {
                if let Some(id) = made {
                    d.pin(id).unwrap();
                    n.push(id);
                }
                log.push("ok".to_owned());
            }
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
function run(program) {
  const n = [document.createElement('div')];
  const log = [];
  for (const [makes, f] of program) {
    try { const r = f(n); if (makes) n.push(r); log.push('ok'); }
    catch (e) { log.push(e.name); }
  }
  const trees = n.map(x => x.nodeType === 1 ? x.outerHTML : x.nodeName + ':' + x.data);
  console.log('JS ' + JSON.stringify({log, trees}));
}
";

const PY_HARNESS: &str = "
import json
def run(program):
    n = [document.createElement('div')]
    log = []
    for makes, f in program:
        try:
            r = f(n)
            if makes:
                n.append(r)
            log.append('ok')
        except Exception as e:
            log.append(getattr(e, 'name', type(e).__name__))
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
            js.push_str(&format!("  [{}, n => {}],\n", op.makes(), op.code(false)));
            py.push_str(&format!(
                "  ({}, lambda n: {}),\n",
                if op.makes() { "True" } else { "False" },
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
