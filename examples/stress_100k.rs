//! The 100k-node stress test: rounds of updates over a big document through
//! every path the project offers, each checked after every round against
//! the Rust direct path (same serialization), with ns per node per path and
//! peak RSS.
//!
//! `cargo run --release --example stress_100k [-- --nodes N --rounds R --json --phases --observe --no-reference --paths "rust command buffer,..."]`
//!
//! `--no-reference`: without the Rust direct path (to profile one path).
//!
//! `--observe`: the Rust paths run with a `MutationObserver` on the whole
//! document (every option, subtree), whose records are taken (and
//! dropped) at the end of each round, inside its time.
//!
//! A round: the text of every item, an attribute on every item, a class
//! toggle on every other one, 10% of the items moved to another section,
//! 10% removed and inserted again at the end of their section.

use std::rc::Rc;
use std::time::{Duration, Instant};

use ecsdom::{CommandBuffer, Document, NodeId, SharedDocument};
use ecsdom_py::embed::{ScriptHost, prepare_embedded, setup_embedded};
use ecsdom_py::state::Shared;
use indicatif::{ProgressBar, ProgressStyle};
use js_bridge::{JsPage, Limits};
use pyo3::prelude::*;
use rayon::prelude::*;

/// mimalloc, as in the `ecsdom` binary: the first round gives every item a
/// new attribute, allocated on all apply threads at once.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECTION: usize = 100;

fn page(nodes: usize) -> String {
    let sections = nodes.div_ceil(SECTION);
    let mut s = String::from("<!DOCTYPE html><html><head></head><body>");
    for sec in 0..sections {
        s.push_str(&format!("<section id=\"s{sec}\">"));
        for i in sec * SECTION..((sec + 1) * SECTION).min(nodes) {
            s.push_str(&format!("<div id=\"item-{i}\" class=\"item\">{i}</div>"));
        }
        s.push_str("</section>");
    }
    s.push_str("</body></html>");
    s
}

/// The round, by hand, on the Rust API: the reference the others must equal.
fn rust_round(d: &mut Document, items: &[NodeId], sections: &[NodeId], r: usize) {
    for (i, &e) in items.iter().enumerate() {
        d.set_text_content(e, &format!("r{r}-{i}")).unwrap();
        d.set_attribute(e, "data-r", &r.to_string()).unwrap();
        if i % 2 == 0 {
            d.class_toggle(e, "even", None).unwrap();
        }
    }
    for (i, &e) in items.iter().enumerate() {
        if i % 10 == 0 {
            d.append_child(sections[(i / SECTION + r + 1) % sections.len()], e)
                .unwrap();
        } else if i % 10 == 5 {
            let parent = d.parent_node(e).unwrap().unwrap();
            d.remove(e).unwrap();
            d.append_child(parent, e).unwrap();
        }
    }
}

/// The same round recorded into command buffers, applied at once: the
/// per-node part recorded by four producers per core (each a slice of the
/// items, into its own buffer, on rayon's threads: a core slowed by a
/// neighbour on this shared machine then holds up a quarter of its share,
/// not all of it), the buffers applied in order as one parallel run. The
/// producers keep their buffers from round to round (`pool`), as a
/// long-running producer would.
fn buffer_round(
    d: &mut Document,
    items: &[NodeId],
    sections: &[NodeId],
    r: usize,
    pool: &mut Vec<CommandBuffer>,
) -> [Duration; 4] {
    let t0 = Instant::now();
    let producers = 4 * rayon::current_num_threads();
    let chunk = items.len().div_ceil(producers).max(1);
    let parts: Vec<&[NodeId]> = items.chunks(chunk).collect();
    // Sized for a round the first time: a producer that knows its work.
    pool.resize_with(parts.len() + 1, || CommandBuffer::with_capacity(chunk * 3));
    let mut structure = pool.pop().expect("one buffer per producer, plus one");
    let buffers: Vec<CommandBuffer> = parts
        .into_par_iter()
        .zip(std::mem::take(pool))
        .enumerate()
        .map(|(c, (part, mut b))| {
            b.clear();
            for (k, &e) in part.iter().enumerate() {
                let i = c * chunk + k;
                b.set_text_content(e, ("r", r, "-", i));
                b.set_attribute(e, "data-r", r);
                if i.is_multiple_of(2) {
                    b.toggle_class(e, "even", None);
                }
            }
            b
        })
        .collect();
    let t1 = Instant::now();
    let ordered: Vec<&CommandBuffer> = buffers.iter().collect();
    assert!(d.apply_in_order(&ordered).errors.is_empty());
    let t2 = Instant::now();
    // Structure depends on the tree as it is: recorded and applied in order.
    let b = &mut structure;
    b.clear();
    for (i, &e) in items.iter().enumerate() {
        if i % 10 == 0 {
            b.append_child(sections[(i / SECTION + r + 1) % sections.len()], e);
        } else if i % 10 == 5 {
            let parent = d.parent_node(e).unwrap().unwrap();
            b.remove(e);
            b.append_child(parent, e);
        }
    }
    let t3 = Instant::now();
    d.apply(b).unwrap();
    let t4 = Instant::now();
    pool.extend(buffers);
    pool.push(structure);
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3]
}

const PY_SETUP: &str = r#"
items = list(document.querySelectorAll(".item"))
item_list = document.querySelectorAll(".item")
sections = list(document.querySelectorAll("section"))
evens = item_list[::2]

def structure(r):
    for i, e in enumerate(items):
        if i % 10 == 0:
            sections[(i // 100 + r + 1) % len(sections)].appendChild(e)
        elif i % 10 == 5:
            parent = e.parentNode
            e.remove()
            parent.appendChild(e)

def per_node(r):
    for i, e in enumerate(items):
        e.textContent = f"r{r}-{i}"
        e.setAttribute("data-r", str(r))
        if i % 2 == 0:
            e.classList.toggle("even")

def one_by_one(r):
    per_node(r)
    structure(r)

def batched(r):
    with document.batch():
        per_node(r)
    structure(r)

def column(r):
    item_list.set_text([f"r{r}-{i}" for i in range(len(items))])
    item_list.set_attribute("data-r", str(r))
    evens.toggle_class("even")
    structure(r)
"#;

const JS_SETUP: &str = r#"
const items = Array.from(document.querySelectorAll('.item'));
const sections = Array.from(document.querySelectorAll('section'));
globalThis.round = (r) => {
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    e.textContent = `r${r}-${i}`;
    e.setAttribute('data-r', String(r));
    if (i % 2 === 0) e.classList.toggle('even');
  }
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    if (i % 10 === 0) sections[(Math.floor(i / 100) + r + 1) % sections.length].appendChild(e);
    else if (i % 10 === 5) { const p = e.parentNode; e.remove(); p.appendChild(e); }
  }
};
"#;

/// A digest of the document's serialization, to compare paths round by
/// round without keeping every round's HTML.
fn digest(d: &Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    d.to_html().hash(&mut h);
    h.finish()
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_owned())
        })
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (nodes, rounds) = (arg("--nodes", 100_000), arg("--rounds", 3));
    let json = args.iter().any(|a| a == "--json");
    // `--phases`: where each command-buffer round's time goes.
    let phases = args.iter().any(|a| a == "--phases");
    let observe = args.iter().any(|a| a == "--observe");
    let html = page(nodes);
    // `--paths a,b`: only these (and "rust direct", the reference, unless
    // `--no-reference`: then the first path is the one compared against).
    let no_reference = args.iter().any(|a| a == "--no-reference");
    let only = args
        .iter()
        .position(|a| a == "--paths")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let paths: Vec<&str> = [
        "rust direct",
        "rust command buffer",
        "python one call per node",
        "python batch",
        "python column API",
        "js one call per node",
    ]
    .into_iter()
    .filter(|p| {
        (*p == "rust direct" && !no_reference)
            || only.as_ref().is_none_or(|o| o.split(',').any(|x| x == *p))
    })
    .collect();
    let bar = ProgressBar::new((paths.len() * rounds) as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("a valid template"),
    );
    prepare_embedded();
    // Per path: the time of the rounds, and a digest of the serialized
    // document after each round (taken untimed).
    let mut results: Vec<(&str, Duration, Vec<u64>)> = Vec::new();

    for path in paths.iter().copied() {
        bar.set_message(path);
        let shared = Shared::new(Document::parse(&html));
        let mut elapsed = Duration::ZERO;
        let mut digests = Vec::with_capacity(rounds);
        match path {
            "rust direct" | "rust command buffer" => {
                let mut st = shared.lock_blocking();
                let d = &mut st.doc;
                let items = d.get_elements_by_class_name(d.root(), "item").unwrap();
                let sections = d.get_elements_by_tag_name(d.root(), "section").unwrap();
                for &e in items.iter().chain(&sections) {
                    d.pin(e).unwrap(); // held by this program, like script handles
                }
                let observer = observe.then(|| {
                    let mo = ecsdom::MutationObserver::new(ecsdom::Callback { engine: 9, key: 0 });
                    let everything = ecsdom::ObserverInit {
                        child_list: true,
                        attributes: Some(true),
                        character_data: Some(true),
                        subtree: true,
                        ..Default::default()
                    };
                    d.observe(&mo, d.root(), everything).unwrap();
                    mo
                });
                let mut pool = Vec::new();
                // The rounds run on one of rayon's threads, so a parallel
                // step starts at once on this thread while the other cores
                // wake up and join (from a thread outside the pool, it
                // waits for a sleeping worker first).
                rayon::scope(|_| {
                    for r in 0..rounds {
                        let t = Instant::now();
                        if path == "rust direct" {
                            rust_round(d, &items, &sections, r);
                        } else {
                            let p = buffer_round(d, &items, &sections, r, &mut pool);
                            if phases {
                                let ms = p.map(|x| x.as_secs_f64() * 1000.0);
                                eprintln!(
                                    "round {r}: record {:.2} ms, apply {:.2} ms, record structure {:.2} ms, apply structure {:.2} ms, {} nodes",
                                    ms[0],
                                    ms[1],
                                    ms[2],
                                    ms[3],
                                    d.node_count()
                                );
                            }
                        }
                        if let Some(mo) = &observer {
                            // What a host's microtask checkpoint does with
                            // them, less the engine's own objects: take
                            // them, and let them go.
                            drop(mo.take_records());
                            drop(d.take_pending_observers(9));
                            d.drain_unpins();
                        }
                        elapsed += t.elapsed();
                        digests.push(digest(d));
                        bar.inc(1);
                    }
                });
            }
            "js one call per node" => {
                let js = JsPage::new(
                    Rc::new(SharedDocument(shared.clone())),
                    Box::new(|_, l| eprintln!("{l}")),
                    Limits::default(),
                )
                .expect("QuickJS starts");
                js.run_script(JS_SETUP, "stress-setup.js")
                    .expect("setup runs");
                for r in 0..rounds {
                    let t = Instant::now();
                    js.run_script(&format!("round({r})"), "stress.js")
                        .expect("round runs");
                    elapsed += t.elapsed();
                    digests.push(digest(&shared.lock_blocking().doc));
                    bar.inc(1);
                }
            }
            _ => {
                Python::attach(|py| {
                    setup_embedded(py).unwrap();
                    let doc = ecsdom_py::document::document_object(py, shared.clone()).unwrap();
                    let host = ScriptHost::for_document(py, doc).unwrap();
                    host.run_script(py, PY_SETUP, "stress_setup.py")
                        .expect("setup runs");
                    let f = match path {
                        "python one call per node" => "one_by_one",
                        "python batch" => "batched",
                        _ => "column",
                    };
                    let func = host.globals_dict(py).get_item(f).unwrap().unwrap();
                    for r in 0..rounds {
                        let t = Instant::now();
                        func.call1((r,)).unwrap();
                        elapsed += t.elapsed();
                        digests.push(digest(&shared.lock_blocking().doc));
                        bar.inc(1);
                    }
                });
            }
        }
        results.push((path, elapsed, digests));
    }
    bar.finish_and_clear();

    let reference = results[0].2.clone();
    let mut all_equal = true;
    let per_node = |d: Duration| d.as_nanos() as f64 / (nodes * rounds) as f64;
    if !json {
        println!(
            "{nodes} items, {rounds} rounds (text, attribute, class toggle, 10% moved, 10% re-inserted)"
        );
        println!(
            "{:<28} {:>14} {:>12}  same DOM as rust direct after every round",
            "path", "ns/node/round", "ms/round"
        );
    }
    for (path, elapsed, out) in &results {
        let same = *out == reference;
        all_equal &= same;
        if json {
            println!(
                "{{\"path\":{path:?},\"nodes\":{nodes},\"rounds\":{rounds},\"ns_per_node\":{:.1},\"same\":{same}}}",
                per_node(*elapsed)
            );
        } else {
            println!(
                "{path:<28} {:>14.1} {:>12.2}  {}",
                per_node(*elapsed),
                elapsed.as_secs_f64() * 1000.0 / rounds as f64,
                if same { "yes" } else { "NO" }
            );
        }
    }
    if !json {
        println!("peak RSS: {}", peak_rss());
    }
    assert!(
        all_equal,
        "every path must give the same document after every round"
    );
}
