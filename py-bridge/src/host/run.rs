//! `ecsdom run PAGE.html`: parse a page, running each classic script when
//! the parser reaches its end tag (JavaScript in QuickJS, `text/python` in
//! the embedded interpreter) against one document; `defer`/`async` `src=`
//! and module scripts after the parse; then `DOMContentLoaded` and `load`,
//! and the event loop (both languages' timers on one queue, microtask
//! checkpoints, Python's asyncio on the page loop: `ecsdom/_page.py`) up to
//! the time budget; then print the result.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use super::SharedDocument;
use crate::embed::{ScriptHost, prepare_embedded, setup_embedded};
use crate::state::Shared;
use dom_ecs::{Document, NodeId};
use js_bridge::{JsPage, Limits};
use pyo3::prelude::*;
use pyo3::types::PyCFunction;

use super::event_loop::{Engine, SharedTimers, Timers};
use super::profile::{PY_PROFILER, Profiler};

/// The page's JS timers, on the shared queue.
struct JsTimers(SharedTimers);

impl js_bridge::TimerHost for JsTimers {
    fn add(&self, delay_ms: f64, repeating: bool) -> u64 {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(Engine::Js, delay_ms, repeating)
    }
    fn clear(&self, id: u64) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear(Engine::Js, id);
    }
    fn now_ms(&self) -> f64 {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).now_ms()
    }
}

/// Give the Python globals the timer primitives over the shared queue.
fn install_python_timers(py: Python<'_>, host: &ScriptHost, timers: &SharedTimers) -> PyResult<()> {
    let g = host.globals_dict(py);
    let t = timers.clone();
    let add = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<u64> {
        let (delay, repeating): (f64, bool) = args.extract()?;
        Ok(t.lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(Engine::Python, delay, repeating))
    })?;
    let t = timers.clone();
    let clear = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<()> {
        let (id,): (u64,) = args.extract()?;
        t.lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear(Engine::Python, id);
        Ok(())
    })?;
    let t = timers.clone();
    let now = PyCFunction::new_closure(py, None, None, move |_, _| -> f64 {
        t.lock().unwrap_or_else(|p| p.into_inner()).now_ms()
    })?;
    py.import("ecsdom._page")?
        .call_method1("install", (g, add, clear, now))?;
    Ok(())
}

/// The `file:` URL of a page path (made absolute; bytes outside the
/// unreserved set and `/` percent-encoded).
fn file_url(page: &std::path::Path) -> String {
    let abs = std::path::absolute(page).unwrap_or_else(|_| page.to_path_buf());
    let mut out = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What `ecsdom run` was asked to do.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// The page.
    pub page: PathBuf,
    /// Print the final DOM serialized.
    pub dump_dom: bool,
    /// Print the final DOM in the html5lib tree-construction test format.
    pub dump_tree: bool,
    /// JavaScript to run after the page's scripts.
    pub eval_js: Vec<String>,
    /// Python to run after the page's scripts.
    pub eval_py: Vec<String>,
    /// Exit 1 when any script failed.
    pub strict: bool,
    /// Interrupt a script after this long.
    pub script_timeout: Duration,
    /// JS heap limit in bytes (0: none).
    pub js_memory_limit: usize,
    /// Wait for timers in real time instead of jumping to them.
    pub real_time: bool,
    /// Stop the event loop after this much page time.
    pub time_budget: Duration,
    /// Print the profile at exit.
    pub profile: bool,
    /// Write Chrome trace events here.
    pub trace: Option<PathBuf>,
    /// Cache compiled `src=` scripts here (None: no cache).
    pub cache_dir: Option<PathBuf>,
    /// Where a root-relative `src` (`/resources/testharness.js`) loads
    /// from, as a server root would serve it (None: the page's directory).
    pub root: Option<PathBuf>,
    /// The page runs inside a Python process (the `ecsdom` module's
    /// `load_page`): the interpreter and the package are there already.
    pub in_python: bool,
}

/// A page after its scripts and event loop ran.
pub struct Page {
    /// Its document.
    pub shared: Arc<Shared>,
    /// How many scripts (or timers, listeners...) failed.
    pub failures: usize,
}

/// The language of a `<script>`, from its `type`
/// (<https://html.spec.whatwg.org/#prepare-the-script-element>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    Js,
    Python,
    JsModule,
}

fn language(type_attr: Option<&str>) -> Option<Lang> {
    let t = type_attr.map(|t| t.trim().to_ascii_lowercase());
    match t.as_deref() {
        None
        | Some("")
        | Some("text/javascript")
        | Some("application/javascript")
        | Some("text/ecmascript")
        | Some("application/ecmascript") => Some(Lang::Js),
        Some("module") => Some(Lang::JsModule),
        Some("text/python") | Some("py") | Some("python") => Some(Lang::Python),
        _ => None, // data blocks (JSON, templates...): not scripts
    }
}

struct Script {
    lang: Lang,
    name: String,
    source: Result<String, String>,
    /// Loaded from a file (`src=`): its compiled form may be cached.
    from_file: bool,
    /// Runs after the parse (`defer`/`async` on a `src=` script, modules).
    deferred: bool,
}

/// ecsdom's `testharnessreport.js`: the runner's hook into the upstream
/// `testharness.js` (which pages load from the root), as every WPT runner
/// provides its own. It prints each subtest's result as one
/// `ecsdom-harness: {json}` line and the harness's status as a final
/// `ecsdom-harness-done: {json}` line.
const TESTHARNESS_REPORT: &str = include_str!("testharnessreport.js");

/// A script WPT pages load that the runner provides itself, by `src`.
fn builtin_script(src: &str) -> Option<&'static str> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    path.ends_with("resources/testharnessreport.js")
        .then_some(TESTHARNESS_REPORT)
}

/// The file a script's `src` names: a root-relative URL against `root`,
/// any other against the page's directory; the query and fragment dropped.
fn script_path(src: &str, page: &Path, root: Option<&Path>) -> PathBuf {
    let dir = page.parent().unwrap_or(Path::new("."));
    let path = src.split(['?', '#']).next().unwrap_or(src);
    match path.strip_prefix('/') {
        Some(rel) => root.unwrap_or(dir).join(rel),
        None => dir.join(path),
    }
}

/// The languages of a parsed page's scripts (which engines it needs).
fn script_languages(doc: &Document) -> Vec<Lang> {
    doc.query_selector_all(doc.root(), "script")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| language(doc.get_attribute(s, "type").ok().flatten()))
        .collect()
}

/// The content type of an XML page, by its file extension (as a file
/// URL's page gets it in browsers): none for an HTML page.
fn xml_content_type(page: &Path) -> Option<&'static str> {
    match page.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "xhtml" | "xht" => Some("application/xhtml+xml"),
        "svg" => Some("image/svg+xml"),
        "xml" => Some("application/xml"),
        _ => None,
    }
}

/// The script element `s` (the page's `n`th) as a script to run, loading
/// `src=` relative to the page; None for data blocks.
fn script_of(
    doc: &Document,
    s: NodeId,
    n: usize,
    page: &Path,
    root: Option<&Path>,
) -> Option<Script> {
    let attr = |name| doc.get_attribute(s, name).ok().flatten();
    let lang = language(attr("type"))?;
    // `defer` and `async` apply to `src=` scripts: they run after the parse
    // (async ones in document order here); modules are deferred by default.
    let has = |name| doc.has_attribute(s, name).unwrap_or(false);
    let deferred =
        lang == Lang::JsModule || (attr("src").is_some() && (has("defer") || has("async")));
    let script = match attr("src") {
        Some(src) if builtin_script(src).is_some() => Script {
            lang,
            name: format!("ecsdom:{src}"),
            source: Ok(builtin_script(src).unwrap_or_default().to_owned()),
            from_file: false,
            deferred,
        },
        Some(src) => {
            let path = script_path(src, page, root);
            Script {
                lang,
                name: path.display().to_string(),
                source: std::fs::read_to_string(&path).map_err(|e| {
                    format!(
                        "script src=\"{src}\" could not be loaded from {}: {e}",
                        path.display()
                    )
                }),
                from_file: true,
                deferred,
            }
        }
        None => {
            let text = doc.text_content(s).ok().flatten().unwrap_or_default();
            Script {
                lang,
                name: format!("{} (inline script {n})", page.display()),
                // Inline Python is indented with the HTML around it.
                source: Ok(if lang == Lang::Python {
                    dedent(&text)
                } else {
                    text
                }),
                from_file: false,
                deferred,
            }
        }
    };
    Some(script)
}

/// Remove the leading whitespace every non-blank line shares (as Python's
/// `textwrap.dedent`), keeping line numbers.
fn dedent(source: &str) -> String {
    let indent = source
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    source
        .lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start_matches([' ', '\t'])))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Run a page (`ecsdom run`): its scripts and event loop, then the dump
/// if asked; returns the exit code.
pub fn run(opts: &RunOptions) -> Result<u8, String> {
    let page = run_page(opts)?;
    if opts.dump_dom {
        super::out_line(&page.shared.lock_blocking().doc.dump_dom());
    }
    if opts.dump_tree {
        let st = page.shared.lock_blocking();
        let tree = st
            .doc
            .to_test_format(st.doc.root())
            .map_err(|e| e.to_string())?;
        super::out_line(tree.trim_end());
    }
    Ok(if opts.strict && page.failures > 0 {
        1
    } else {
        0
    })
}

/// Parse a page and run its scripts of both languages, the load events and
/// the event loop until no timer is left (or the time budget is spent).
pub fn run_page(opts: &RunOptions) -> Result<Page, String> {
    let html = std::fs::read(&opts.page)
        .map_err(|e| format!("cannot read {}: {e}", opts.page.display()))?;
    let html = String::from_utf8_lossy(&html).into_owned();
    // Which engines the page needs: a first, plain parse finds its scripts.
    // (For an XML page, what the parser recovered, as the real parse runs.)
    let first = match xml_content_type(&opts.page) {
        Some(ty) => {
            let mut d = Document::new();
            let _ = d.parse_xml_into_pausing_at_scripts(&html, ty, |_, _| {});
            d
        }
        None => Document::parse(&html),
    };
    let languages = script_languages(&first);
    // The page's document; the parse below fills it, pausing at each script.
    let shared = Shared::new(Document::new());
    let needs_py = !opts.eval_py.is_empty() || languages.contains(&Lang::Python);
    // (Event handler content attributes, `onclick="..."`, are JS.)
    let needs_js = !opts.eval_js.is_empty()
        || first.has_raw_handlers()
        || languages
            .iter()
            .any(|l| matches!(l, Lang::Js | Lang::JsModule));

    let js = if needs_js {
        let limits = Limits {
            script_timeout: opts.script_timeout,
            memory_limit: opts.js_memory_limit,
        };
        let console = Box::new(|level: u8, line: &str| {
            if level == 0 {
                super::out_line(line);
            } else {
                super::err_line(line);
            }
        });
        Some(Rc::new(
            JsPage::new(Rc::new(SharedDocument(shared.clone())), console, limits)
                .map_err(|e| format!("cannot start QuickJS: {e}"))?,
        ))
    } else {
        None
    };
    let profiler = Rc::new(Profiler::new(opts.profile, opts.trace.clone()));
    let timers = Timers::new(opts.real_time);
    if let Some(js) = &js {
        js.set_timer_host(Box::new(JsTimers(timers.clone())));
    }
    let host = if needs_py {
        if !opts.in_python {
            prepare_embedded();
        }
        Some(
            Python::attach(|py| -> PyResult<ScriptHost> {
                if !opts.in_python {
                    setup_embedded(py)?;
                }
                let document = crate::document::document_object(py, shared.clone())?;
                let host = ScriptHost::for_document(py, document)?;
                install_python_timers(py, &host, &timers)?;
                if opts.profile {
                    host.run_script(py, PY_PROFILER, "ecsdom:profiler.py")
                        .map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
                }
                Ok(host)
            })
            .map_err(|e| format!("cannot start the Python script host: {e}"))?,
        )
    } else {
        None
    };

    // Events cross engines: a JS dispatch calls Python listeners, a Python
    // dispatch calls JS listeners, in the order they were added.
    if let Some(js) = &js {
        js.profile().enabled.set(opts.profile);
    }
    if let (Some(js), Some(_)) = (&js, &host) {
        let s = shared.clone();
        let p = profiler.clone();
        js.set_foreign_caller(Box::new(move |inv| {
            p.js_to_py.set(p.js_to_py.get() + 1);
            Python::attach(|py| {
                if let Err(e) = crate::events::call_python_listener(py, &s, inv) {
                    e.display(py);
                }
            })
        }));
        let j = js.clone();
        let p = profiler.clone();
        crate::events::set_foreign_caller(Some(Rc::new(move |inv| {
            p.py_to_js.set(p.py_to_js.get() + 1);
            j.call_listener(inv)
        })));
    }

    let mut failures = 0;
    let mut report = |name: &str, result: Result<(), String>| {
        if let Err(e) = result {
            failures += 1;
            eprintln!("ecsdom: error in {name}:\n{e}");
        }
    };
    let run_py = |host: &ScriptHost, source: &str, name: &str| {
        Python::attach(|py| host.run_script_with_timeout(py, source, name, opts.script_timeout))
    };
    let run_one = |script: &Script, report: &mut dyn FnMut(&str, Result<(), String>)| {
        let source = match &script.source {
            Ok(s) => s,
            Err(e) => {
                report(&script.name, Err(e.clone()));
                return;
            }
        };
        // The parser's microtask checkpoint at a script's end tag, before
        // the script runs: mutation observers hear of what it inserted.
        if let Some(js) = &js {
            report("JS microtasks", js.run_jobs());
        }
        if let Some(host) = &host
            && shared
                .lock_blocking()
                .doc
                .has_pending_observers(crate::events::ENGINE_PY)
        {
            report(
                "Python microtasks",
                run_py(host, "_ecsdom_run_microtasks()", "ecsdom:microtasks"),
            );
        }
        match (script.lang, &js, &host) {
            (Lang::Js, Some(js), _) => {
                let started = std::time::Instant::now();
                let (compile, r) = profiler.span("script", &script.name, || {
                    match (&opts.cache_dir, script.from_file) {
                        (Some(dir), true) => js.run_cached_script(source, &script.name, dir),
                        _ => (Default::default(), js.run_script(source, &script.name)),
                    }
                });
                let compile = (!compile.is_zero()).then_some(compile);
                profiler.script(&script.name, "js", compile, started.elapsed());
                report(&script.name, r);
            }
            (Lang::Python, _, Some(host)) => {
                let r = profiler.span("script", &script.name, || {
                    match (&opts.cache_dir, script.from_file) {
                        (Some(dir), true) => Python::attach(|py| {
                            host.run_cached_script(
                                py,
                                source,
                                &script.name,
                                opts.script_timeout,
                                dir,
                            )
                        }),
                        _ => run_py(host, source, &script.name),
                    }
                });
                let (compile, run) = host.last_timings();
                profiler.script(&script.name, "py", Some(compile), compile + run);
                report(&script.name, r);
            }
            (Lang::JsModule, Some(js), _) => {
                let started = std::time::Instant::now();
                let r = profiler.span("script", &script.name, || {
                    js.run_module(source, &script.name)
                });
                profiler.script(&script.name, "js", None, started.elapsed());
                report(&script.name, r);
            }
            _ => {}
        }
    };
    // Parse the page into the shared document, running each classic script
    // when the parser reaches its end tag, as a browser does: it sees the
    // tree parsed so far. Between scripts the parser holds the document;
    // while one runs, the engines do (it is swapped into `shared`).
    let mut doc = std::mem::take(&mut shared.lock_blocking().doc);
    doc.set_readiness(dom_ecs::Readiness::Loading);
    doc.set_url(&file_url(&opts.page));
    let mut deferred = Vec::new();
    let mut count = 0;
    let on_script = |d: &mut Document, node: NodeId| {
        // Not in the document (template contents, or removed by a script): not run.
        if !d.is_connected(node).unwrap_or(false) {
            return;
        }
        count += 1;
        let Some(script) = script_of(d, node, count, &opts.page, opts.root.as_deref()) else {
            return;
        };
        if script.deferred {
            deferred.push(script);
            return;
        }
        std::mem::swap(d, &mut shared.lock_blocking().doc);
        run_one(&script, &mut report);
        std::mem::swap(d, &mut shared.lock_blocking().doc);
    };
    match xml_content_type(&opts.page) {
        // An XML page: the XML parser, which pauses at scripts too. It
        // recovers where XML stops at the first error: the error is
        // reported, and the page runs on what was recovered.
        Some(ty) => {
            if let Some(e) = doc.parse_xml_into_pausing_at_scripts(&html, ty, on_script) {
                super::err_line(&format!(
                    "ecsdom: {} is not well-formed XML: {e}",
                    opts.page.display()
                ));
            }
        }
        None => doc.parse_into_pausing_at_scripts(&html, Default::default(), on_script),
    }
    shared.lock_blocking().doc = doc;
    // A trusted event the host makes, seen by both engines: at the
    // document, or at the window.
    let fire = |kind: &str, at_document: bool, report: &mut dyn FnMut(&str, Result<(), String>)| {
        let root = shared.lock_blocking().doc.root();
        let at = at_document.then_some(root);
        let event = {
            let mut st = shared.lock_blocking();
            let id = st.doc.create_event(kind, kind == "DOMContentLoaded", false);
            if let Ok(e) = st.doc.event_mut(id) {
                e.trusted = true;
            }
            id
        };
        if let Some(js) = &js {
            report("load events", js.dispatch_event(event, at));
        }
        // Listeners of both languages are in the DOM's lists: whichever
        // engine dispatches calls them all in order. Without JS, Python does.
        if let Some(host) = &host
            && js.is_none()
        {
            let target = if at.is_some() { "document" } else { "window" };
            let r = Python::attach(|py| -> Result<(), String> {
                let view =
                    crate::events::event_object(py, &shared, event).map_err(|e| e.to_string())?;
                let globals = host.globals_dict(py);
                globals
                    .set_item("_ecsdom_host_event", view)
                    .map_err(|e| e.to_string())?;
                let r = run_py(
                    host,
                    &format!("{target}.dispatchEvent(_ecsdom_host_event)"),
                    "ecsdom:load-events",
                );
                let _ = globals.del_item("_ecsdom_host_event");
                r
            });
            report("load events", r);
        }
        shared.lock_blocking().doc.release_event(event);
    };
    // The end of parsing (https://html.spec.whatwg.org/#the-end): the
    // document is interactive, the deferred scripts run, DOMContentLoaded;
    // then it is complete, and load fires at the window.
    shared
        .lock_blocking()
        .doc
        .set_readiness(dom_ecs::Readiness::Interactive);
    fire("readystatechange", true, &mut report);
    for script in &deferred {
        run_one(script, &mut report);
    }
    if let Some(js) = &js {
        report("pending JS jobs", js.run_jobs());
    }
    fire("DOMContentLoaded", true, &mut report);
    shared
        .lock_blocking()
        .doc
        .set_readiness(dom_ecs::Readiness::Complete);
    fire("readystatechange", true, &mut report);
    fire("load", false, &mut report);
    if let Some(js) = &js {
        for (n, code) in opts.eval_js.iter().enumerate() {
            report(
                "--eval-js",
                js.run_script(code, &format!("--eval-js {}", n + 1)),
            );
        }
    }
    if let Some(host) = &host {
        for (n, code) in opts.eval_py.iter().enumerate() {
            report(
                "--eval-py",
                run_py(host, code, &format!("--eval-py {}", n + 1)),
            );
        }
    }
    // The event loop: timers of both engines in due order, each a task,
    // followed by its microtasks (promise jobs; Python's queueMicrotask).
    let run_microtasks = |report: &mut dyn FnMut(&str, Result<(), String>)| {
        if let Some(js) = &js {
            report("JS microtasks", js.run_jobs());
        }
        if let Some(host) = &host {
            report(
                "Python microtasks",
                run_py(host, "_ecsdom_run_microtasks()", "ecsdom:microtasks"),
            );
        }
    };
    run_microtasks(&mut report);
    // A guard against a loop that makes no progress: too many tasks at one
    // instant of page time (e.g. a zero-delay interval) ends the loop.
    let (mut last_now, mut same_instant) = (-1.0f64, 0u32);
    loop {
        let next = timers.lock().unwrap_or_else(|p| p.into_inner()).take_due();
        let due = match next {
            None => break,
            Some(Err(wait)) => {
                std::thread::sleep(wait);
                continue;
            }
            Some(Ok(due)) => due,
        };
        let now = timers.lock().unwrap_or_else(|p| p.into_inner()).now_ms();
        if now > opts.time_budget.as_secs_f64() * 1000.0 {
            break;
        }
        if now == last_now {
            same_instant += 1;
            if same_instant > 100_000 && !opts.real_time {
                report(
                    "the event loop",
                    Err(format!(
                        "stopped: 100000 tasks at {now} ms of page time without the clock moving"
                    )),
                );
                break;
            }
        } else {
            (last_now, same_instant) = (now, 0);
        }
        match (due.engine, &js, &host) {
            (Engine::Js, Some(js), _) => {
                let r = profiler.span("timer", "JS timer", || js.run_timer(due.id, due.repeating));
                report("a JS timer", r);
            }
            (Engine::Python, _, Some(host)) => {
                let code = format!(
                    "_ecsdom_run_timer({}, {})",
                    due.id,
                    if due.repeating { "True" } else { "False" }
                );
                let r = profiler.span("timer", "Python timer", || {
                    run_py(host, &code, "ecsdom:timer")
                });
                report("a Python timer", r);
            }
            _ => {}
        }
        run_microtasks(&mut report);
    }
    if let Some(js) = &js {
        // A testharness page whose harness never completed says so now.
        report(
            "the test harness",
            js.run_script(
                "if (typeof __ecsdom_harness_report === 'function') __ecsdom_harness_report();",
                "ecsdom:harness-report",
            ),
        );
    }
    crate::events::set_foreign_caller(None);
    if profiler.active() {
        let js_calls = js
            .as_ref()
            .map(|j| j.profile().report())
            .unwrap_or_default();
        let py_calls: Vec<(String, u64, f64)> = match (&host, opts.profile) {
            (Some(host), true) => Python::attach(|py| {
                host.globals_dict(py)
                    .get_item("_ecsdom_profile_report")
                    .ok()
                    .flatten()
                    .and_then(|f| f.call0().ok())
                    .and_then(|v| v.extract().ok())
                    .unwrap_or_default()
            }),
            _ => Vec::new(),
        };
        profiler.finish(&js_calls, &py_calls)?;
    }
    Ok(Page { shared, failures })
}
