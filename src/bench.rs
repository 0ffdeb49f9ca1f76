//! `ecsdom bench WORKLOAD --n N --lang py|js|rust [--repeat R] [--input FILE]`:
//! one named workload on our DOM, one JSON line out. Only the DOM work is
//! timed: the document is loaded untimed, one warm-up run, then R timed
//! runs. `check` proves the work was done; other DOM implementations give
//! the same value on the same input (issue 5 lists them).

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dom_ecs::Document;
use ecsdom::SharedDocument;
use ecsdom_py::embed::{ScriptHost, prepare_embedded, setup_embedded};
use ecsdom_py::state::Shared;
use js_bridge::{JsPage, Limits};
use pyo3::prelude::*;

const HEAD: &str = "<!DOCTYPE html><html><head></head><body>";
const TAIL: &str = "</body></html>";

/// `empty`: HEAD + TAIL.
pub fn empty_page() -> String {
    format!("{HEAD}{TAIL}")
}

/// `dom_access_N`: N `<div id="element-{i}">Item {i}</div>`.
pub fn dom_access_page(n: usize) -> String {
    let mut s = String::from(HEAD);
    for i in 0..n {
        s.push_str(&format!("<div id=\"element-{i}\">Item {i}</div>"));
    }
    s.push_str(TAIL);
    s
}

/// `query`: 1000 sections of 25 list items (77,000 elements in body).
pub fn query_page() -> String {
    let mut s = String::from(HEAD);
    let mut k = 0;
    for _ in 0..1000 {
        s.push_str("<section class=\"group\"><ul>");
        for _ in 0..25 {
            s.push_str(&format!(
                "<li class=\"item\"><span class=\"label\">text</span> <a href=\"/x/{k}\" data-k=\"{k}\">link</a></li>"
            ));
            k += 1;
        }
        s.push_str("</ul></section>");
    }
    s.push_str(TAIL);
    s
}

/// What to run.
pub struct BenchOptions {
    /// The workload's name.
    pub workload: String,
    /// Its size.
    pub n: usize,
    /// `py`, `js` or `rust`.
    pub lang: String,
    /// Timed runs.
    pub repeat: usize,
    /// An HTML file to use instead of the generated document.
    pub input: Option<std::path::PathBuf>,
    /// `input` or `js-body`: print that instead of running.
    pub print: Option<String>,
}

/// The document a workload starts from, and whether each run needs a fresh one.
fn input(opts: &BenchOptions) -> Result<(String, bool), String> {
    if let Some(path) = &opts.input {
        let html = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok((html, matches!(opts.workload.as_str(), "build" | "attrs")));
    }
    Ok(match opts.workload.as_str() {
        "compute" => (empty_page(), false),
        "dom_access" | "dom_access_qs" => (dom_access_page(opts.n), false),
        "build" => (empty_page(), true),
        "query" | "parse" | "serialize" => (query_page(), false),
        "attrs" => (query_page(), true),
        other => return Err(format!("unknown workload {other:?}")),
    })
}

/// The timed body of each workload, in each language; `N` is the size.
/// JS bodies may read `globalThis.__list` (attrs: the li/span/a elements,
/// taken untimed) and `globalThis.__html` (parse: the document's text).
fn js_body(workload: &str) -> Option<&'static str> {
    Some(match workload {
        "compute" => "let r = 0; for (let i = 0; i < N; i++) r += i * i; return String(r);",
        "dom_access" => {
            "for (let i = 0; i < N; i++) document.getElementById('element-' + i).textContent = 'Updated ' + i; return document.getElementById('element-' + (N - 1)).textContent;"
        }
        "dom_access_qs" => {
            "for (let i = 0; i < N; i++) document.querySelector('#element-' + i).textContent = 'Updated ' + i; return document.getElementById('element-' + (N - 1)).textContent;"
        }
        "build" => {
            "const body = document.body; for (let i = 0; i < N; i++) { const d = document.createElement('div'); d.id = 'e-' + i; d.className = 'item'; d.appendChild(document.createTextNode('item ' + i)); body.appendChild(d); } return String(body.childElementCount);"
        }
        "query" => "return String(document.querySelectorAll('li.item > span.label').length);",
        "parse" => {
            "const d = new DOMParser().parseFromString(globalThis.__html, 'text/html'); return String(d.querySelectorAll('*').length);"
        }
        "serialize" => "return String(document.body.innerHTML.length);",
        "attrs" => {
            "let sum = 0; const list = globalThis.__list; for (let i = 0; i < list.length; i++) { const e = list[i]; e.setAttribute('data-x', String(i)); sum += parseInt(e.getAttribute('data-x'), 10); e.classList.toggle('on'); } return list.length + ':' + sum;"
        }
        _ => return None,
    })
}

fn py_body(workload: &str) -> Option<&'static str> {
    Some(match workload {
        "compute" => "    return str(sum(i**2 for i in range(N)))",
        "dom_access" => {
            "    get = document.getElementById\n    for i in range(N):\n        get(f'element-{i}').textContent = f'Updated {i}'\n    return get(f'element-{N - 1}').textContent"
        }
        "dom_access_qs" => {
            "    find = document.find\n    for i in range(N):\n        find(f'#element-{i}').textContent = f'Updated {i}'\n    return document.getElementById(f'element-{N - 1}').textContent"
        }
        "build" => {
            "    body = document.body\n    for i in range(N):\n        d = document.createElement('div')\n        d.id = f'e-{i}'\n        d.className = 'item'\n        d.appendChild(document.createTextNode(f'item {i}'))\n        body.appendChild(d)\n    return str(body.childElementCount)"
        }
        "query" => "    return str(len(document.querySelectorAll('li.item > span.label')))",
        "serialize" => "    return str(len(document.body.innerHTML))",
        "attrs" => {
            "    total = 0\n    for i, e in enumerate(_list):\n        e.setAttribute('data-x', str(i))\n        total += int(e.getAttribute('data-x'))\n        e.classList.toggle('on')\n    return f'{len(_list)}:{total}'"
        }
        _ => return None,
    })
}

/// The Rust version of each workload.
fn rust_run(
    workload: &str,
    n: usize,
    doc: &mut Document,
    html: &str,
    list: &[dom_ecs::NodeId],
) -> Result<String, String> {
    let e = |x: dom_ecs::DomError| x.to_string();
    Ok(match workload {
        "compute" => {
            let mut r: u64 = 0;
            for i in 0..n as u64 {
                r = r.wrapping_add(std::hint::black_box(i * i));
            }
            r.to_string()
        }
        "dom_access" | "dom_access_qs" => {
            let qs = workload == "dom_access_qs";
            let root = doc.root();
            for i in 0..n {
                let el = if qs {
                    doc.query_selector(root, &format!("#element-{i}"))
                        .map_err(e)?
                } else {
                    doc.get_element_by_id(&format!("element-{i}"))
                };
                doc.set_text_content(el.ok_or("missing element")?, &format!("Updated {i}"))
                    .map_err(e)?;
            }
            let last = doc
                .get_element_by_id(&format!("element-{}", n - 1))
                .ok_or("missing element")?;
            doc.text_content(last).map_err(e)?.unwrap_or_default()
        }
        "build" => {
            let body = doc.body().ok_or("no body")?;
            for i in 0..n {
                let d = doc.create_element("div").map_err(e)?;
                doc.set_attribute(d, "id", &format!("e-{i}")).map_err(e)?;
                doc.set_attribute(d, "class", "item").map_err(e)?;
                let t = doc.create_text_node(&format!("item {i}"));
                doc.append_child(d, t).map_err(e)?;
                doc.append_child(body, d).map_err(e)?;
            }
            doc.child_element_count(body).map_err(e)?.to_string()
        }
        "query" => doc
            .query_selector_all(doc.root(), "li.item > span.label")
            .map_err(e)?
            .len()
            .to_string(),
        "parse" => {
            let d = Document::parse(html);
            d.query_selector_all(d.root(), "*")
                .map_err(e)?
                .len()
                .to_string()
        }
        "serialize" => doc
            .inner_html(doc.body().ok_or("no body")?)
            .map_err(e)?
            .len()
            .to_string(),
        "attrs" => {
            let mut sum: u64 = 0;
            for (i, &el) in list.iter().enumerate() {
                doc.set_attribute(el, "data-x", &i.to_string()).map_err(e)?;
                sum += doc
                    .get_attribute(el, "data-x")
                    .map_err(e)?
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                doc.class_toggle(el, "on", None).map_err(e)?;
            }
            format!("{}:{sum}", list.len())
        }
        other => return Err(format!("unknown workload {other:?}")),
    })
}

/// Run the workload; prints one JSON line.
pub fn bench(opts: &BenchOptions) -> Result<u8, String> {
    let (html, fresh) = input(opts)?;
    match opts.print.as_deref() {
        None => {}
        Some("input") => {
            print!("{html}");
            return Ok(0);
        }
        Some("js-body") => {
            outln!(
                "{}",
                js_body(&opts.workload)
                    .ok_or_else(|| format!("unknown workload {:?}", opts.workload))?
            );
            return Ok(0);
        }
        Some(other) => return Err(format!("--print takes input or js-body, not {other:?}")),
    }
    let n = opts.n;
    let mut times: Vec<Duration> = Vec::new();
    let mut check = String::new();
    let runs = opts.repeat.max(1) + 1; // the first is the warm-up
    let attrs_list = |d: &Document| {
        d.query_selector_all(d.root(), "li, span, a")
            .unwrap_or_default()
    };
    match opts.lang.as_str() {
        "rust" => {
            let mut doc = Document::parse(&html);
            for r in 0..runs {
                if fresh && r > 0 {
                    doc = Document::parse(&html);
                }
                let list = if opts.workload == "attrs" {
                    attrs_list(&doc)
                } else {
                    Vec::new()
                };
                let t = Instant::now();
                check = rust_run(&opts.workload, n, &mut doc, &html, &list)?;
                times.push(t.elapsed());
            }
        }
        "js" => {
            let body = js_body(&opts.workload)
                .ok_or_else(|| format!("unknown workload {:?}", opts.workload))?;
            let mut page: Option<(Arc<Shared>, JsPage)> = None;
            for r in 0..runs {
                // parse: a fresh page per run, so parsed documents do not
                // pile up in the page's world.
                if page.is_none() || ((fresh || opts.workload == "parse") && r > 0) {
                    let shared = Shared::new(Document::parse(&html));
                    let js = JsPage::new(
                        Rc::new(SharedDocument(shared.clone())),
                        Box::new(|_, l| eprintln!("{l}")),
                        Limits::default(),
                    )
                    .map_err(|e| e.to_string())?;
                    let setup = format!(
                        "globalThis.__list = {}; globalThis.__bench = function () {{ const N = {n}; {body} }};",
                        if opts.workload == "attrs" {
                            "Array.from(document.querySelectorAll('li, span, a'))"
                        } else {
                            "null"
                        }
                    );
                    js.run_script(&setup, "bench-setup.js")?;
                    if opts.workload == "parse" {
                        js.set_global_string("__html", &html)?;
                    }
                    page = Some((shared, js));
                }
                let (_, js) = page.as_ref().expect("made above");
                let t = Instant::now();
                check = js.eval_to_string("__bench()")?;
                times.push(t.elapsed());
            }
        }
        "py" => {
            let body = if opts.workload == "parse" {
                "    import ecsdom\n    d = ecsdom.parse(_html)\n    return str(len(d.querySelectorAll('*')))"
            } else {
                py_body(&opts.workload)
                    .ok_or_else(|| format!("unknown workload {:?}", opts.workload))?
            };
            prepare_embedded();
            let result: PyResult<()> = Python::attach(|py| {
                setup_embedded(py)?;
                let mut host: Option<ScriptHost> = None;
                for r in 0..runs {
                    if host.is_none() || (fresh && r > 0) {
                        let doc = ecsdom_py::document::new_document(py, Document::parse(&html))?;
                        let h = ScriptHost::for_document(py, doc)?;
                        h.globals_dict(py).set_item("_html", &html)?;
                        let setup = format!(
                            "N = {n}\n_list = list(document.querySelectorAll('li, span, a')) if {attrs} else None\ndef _bench():\n{body}\n",
                            attrs = if opts.workload == "attrs" {
                                "True"
                            } else {
                                "False"
                            }
                        );
                        h.run_script(py, &setup, "bench_setup.py")
                            .map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
                        host = Some(h);
                    }
                    let f = host
                        .as_ref()
                        .expect("made above")
                        .globals_dict(py)
                        .get_item("_bench")?
                        .expect("defined");
                    let t = Instant::now();
                    let out = f.call0()?;
                    times.push(t.elapsed());
                    check = out.extract()?;
                }
                Ok(())
            });
            result.map_err(|e| e.to_string())?;
        }
        other => return Err(format!("unknown language {other:?} (py, js or rust)")),
    }
    let mut timed: Vec<f64> = times
        .iter()
        .skip(1)
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    timed.sort_by(|a, b| a.total_cmp(b));
    let min = timed.first().copied().unwrap_or(0.0);
    let median = timed.get(timed.len() / 2).copied().unwrap_or(0.0);
    outln!(
        "{{\"workload\":{:?},\"n\":{},\"lang\":{:?},\"ms_min\":{:.3},\"ms_median\":{:.3},\"check\":{:?}}}",
        opts.workload,
        n,
        opts.lang,
        min,
        median,
        check
    );
    Ok(0)
}
