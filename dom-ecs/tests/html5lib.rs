//! html5lib-tests tree construction: parse each case into the world, dump it
//! in the test format, compare. Every case must pass except those listed in
//! `html5lib-expected-failures.txt` with a reason; a listed case that passes
//! fails the run too, so the list stays true.

mod common;

use std::collections::BTreeMap;
use std::fs;

use dom_ecs::{Document, Ns, ParseOptions};

struct Case {
    data: String,
    fragment: Option<String>,
    scripting: Option<bool>,
    expected: String,
}

fn parse_dat(text: &str) -> Vec<Case> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] != "#data" {
            i += 1;
            continue;
        }
        i += 1;
        let mut data = Vec::new();
        while i < lines.len() && !matches!(lines[i], "#errors" | "#new-errors") {
            data.push(lines[i]);
            i += 1;
        }
        // (The files are Unicode text; the DOM holds DOM strings, in which
        // a character of U+10F800..=U+10FFFF is its two code units.)
        let mut case = Case {
            data: dom_ecs::dom_string::escape_owned(data.join("\n")),
            fragment: None,
            scripting: None,
            expected: String::new(),
        };
        while i < lines.len() && lines[i] != "#document" {
            match lines[i] {
                "#document-fragment" => {
                    i += 1;
                    case.fragment = Some(lines[i].to_owned());
                }
                "#script-on" => case.scripting = Some(true),
                "#script-off" => case.scripting = Some(false),
                _ => {}
            }
            i += 1;
        }
        i += 1;
        let mut doc = Vec::new();
        while i < lines.len() && lines[i] != "#data" {
            doc.push(lines[i]);
            i += 1;
        }
        while doc.last() == Some(&"") {
            doc.pop();
        }
        case.expected = dom_ecs::dom_string::escape_owned(doc.join("\n"));
        cases.push(case);
    }
    cases
}

fn run(case: &Case, scripting: bool) -> String {
    let options = ParseOptions { scripting };
    match &case.fragment {
        None => {
            let doc = Document::parse_with(&case.data, options);
            doc.to_test_format(doc.root()).unwrap()
        }
        Some(ctx) => {
            let (ns, local) = match ctx.split_once(' ') {
                Some(("svg", l)) => (Ns::Svg, l),
                Some(("math", l)) => (Ns::MathMl, l),
                _ => (Ns::Html, ctx.as_str()),
            };
            let mut doc = Document::new();
            let frag = doc.parse_fragment(&case.data, ns, local, options);
            doc.to_test_format(frag).unwrap()
        }
    }
}

/// `name reason` lines of an expectations file (comments and blanks skipped).
fn listed(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, why) = l.split_once(' ').unwrap_or((l, ""));
            (k.to_owned(), why.trim().to_owned())
        })
        .collect()
}

#[test]
fn html5lib_tree_construction() {
    let dir = common::conformance_dir("html5lib-tests/tree-construction");
    let allowed = listed(include_str!("html5lib-expected-failures.txt"));
    let (mut passed, mut failed_expected) = (0, 0);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for (rel, cases) in dat_files(&dir) {
        for (n, case) in cases.iter().enumerate() {
            let modes: &[bool] = match case.scripting {
                Some(true) => &[true],
                Some(false) => &[false],
                None => &[true, false],
            };
            for &mode in modes {
                let name = format!("{rel}:{n}:{}", if mode { "on" } else { "off" });
                let got = run(case, mode);
                let ok = got.trim_end_matches('\n') == case.expected;
                match (ok, allowed.contains_key(&name)) {
                    (true, false) => passed += 1,
                    (true, true) => fixed.push(name),
                    (false, true) => failed_expected += 1,
                    (false, false) => unexpected.push(format!(
                        "{name}\n--- input:\n{}\n--- expected:\n{}\n--- got:\n{}",
                        case.data, case.expected, got
                    )),
                }
            }
        }
    }
    println!(
        "html5lib tree construction: {passed} passed, {failed_expected} expected failures, {} unexpected failures, {} listed but passing",
        unexpected.len(),
        fixed.len()
    );
    for u in unexpected.iter().take(30) {
        println!("UNEXPECTED FAILURE {u}\n");
    }
    for f in &fixed {
        println!("LISTED BUT PASSES {f}");
    }
    assert!(unexpected.is_empty() && fixed.is_empty());
}

/// Every `.dat` file under `dir` (sorted), with its path relative to `dir`
/// and its cases.
fn dat_files(dir: &std::path::Path) -> Vec<(String, Vec<Case>)> {
    let mut files = walk(dir);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = String::from_utf8(fs::read(&path).unwrap()).expect("test files are UTF-8");
            (rel, parse_dat(&text))
        })
        .collect()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|e| e == "dat") {
            out.push(p);
        }
    }
    out
}

/// Parse -> serialize -> parse must give the same tree for every document
/// case, except the shapes HTML serialization can not carry (listed in
/// `html5lib-roundtrip-exceptions.txt` with the reason).
#[test]
fn html5lib_serializer_round_trip() {
    let dir = common::conformance_dir("html5lib-tests/tree-construction");
    let allowed = listed(include_str!("html5lib-roundtrip-exceptions.txt"));
    let (mut same, mut excepted) = (0, 0);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for (rel, cases) in dat_files(&dir) {
        for (n, case) in cases.iter().enumerate() {
            if case.fragment.is_some() || case.scripting == Some(false) {
                continue;
            }
            let name = format!("{rel}:{n}");
            let first = Document::parse(&case.data);
            let html = first.to_html();
            let second = Document::parse(&html);
            let ok = first.to_test_format(first.root()).unwrap()
                == second.to_test_format(second.root()).unwrap();
            match (ok, allowed.contains_key(&name)) {
                (true, false) => same += 1,
                (true, true) => fixed.push(name),
                (false, true) => excepted += 1,
                (false, false) => unexpected.push(format!(
                    "{name}\n  input: {:?}\n  html:  {html:?}",
                    case.data
                )),
            }
        }
    }
    println!(
        "serializer round trip: {same} identical, {excepted} listed exceptions, {} unexpected, {} listed but identical",
        unexpected.len(),
        fixed.len()
    );
    for u in &unexpected {
        println!("UNEXPECTED {u}");
    }
    for f in &fixed {
        println!("LISTED BUT IDENTICAL {f}");
    }
    assert!(unexpected.is_empty() && fixed.is_empty());
}
