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
use dom_ecs::{Document, NodeId, ScriptType};
use js_bridge::{JsPage, Limits};
use pyo3::prelude::*;
use pyo3::types::PyCFunction;

use super::event_loop::{Engine, SharedTimers, Timers};
use super::loader::{Loader, display_name, file_dir, xml_content_type};
use super::net::{Arrival, Net, SharedNet};
use super::profile::{PY_PROFILER, Profiler};
use super::scripts::{Engines, Script, script_types};
use super::watchdog;
use super::worker::{FromWorker, Workers};
use crate::error::OrRaise;

/// The page's JS timers, on the shared queue, its fetches and workers.
struct JsTimers(SharedTimers, SharedNet, Arc<Workers>);

impl js_bridge::TimerHost for JsTimers {
    fn add(&self, delay_ms: f64, repeating: bool) -> u64 {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(Engine::Js, delay_ms, repeating)
    }
    fn add_frame(&self) -> u64 {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add_frame(Engine::Js)
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
    fn fetch(&self, request: dom_ecs::fetch::FetchRequest) -> u64 {
        self.1.start(Engine::Js, request)
    }
    fn fetch_now(
        &self,
        request: dom_ecs::fetch::FetchRequest,
    ) -> Result<dom_ecs::fetch::NetworkResponse, String> {
        self.1.perform_now(&request)
    }
    fn start_worker(&self, url: &str) -> Result<u64, String> {
        self.2.start(url, Engine::Js)
    }
    fn post_to_worker(&self, id: u64, message: dom_ecs::structured::Serialized) {
        self.2.post(id, message);
    }
    fn terminate_worker(&self, id: u64) {
        self.2.terminate(id);
    }
}

/// What workers sent Python's `Worker`s, until `_worker_take` takes it.
type PyWorkerEvents = Arc<std::sync::Mutex<rustc_hash::FxHashMap<u64, FromWorker>>>;

/// What Python's fetches gave, until `_fetch_take` takes it.
type PyFetched =
    Arc<std::sync::Mutex<rustc_hash::FxHashMap<u64, Result<dom_ecs::fetch::Response, String>>>>;

/// Give the Python globals the timer primitives over the shared queue
/// (`ecsdom/_page.py`'s runtime), and `sys.path` the page's directory.
/// What Python's page natives reach: the host's queues and inboxes.
struct PyHostParts<'a> {
    timers: &'a SharedTimers,
    net: &'a SharedNet,
    fetched: &'a PyFetched,
    workers: &'a Arc<Workers>,
    worker_events: &'a PyWorkerEvents,
}

fn install_python_timers(
    py: Python<'_>,
    page: &url::Url,
    host: &ScriptHost,
    parts: &PyHostParts<'_>,
) -> PyResult<()> {
    let PyHostParts {
        timers,
        net,
        fetched,
        workers,
        worker_events,
    } = *parts;
    let g = host.globals_dict(py);
    let t = timers.clone();
    let add = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<u64> {
        let (delay, repeating): (f64, bool) = args.extract()?;
        Ok(t.lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(Engine::Python, delay, repeating))
    })?;
    let t = timers.clone();
    let add_frame = PyCFunction::new_closure(py, None, None, move |_, _| -> u64 {
        t.lock()
            .unwrap_or_else(|p| p.into_inner())
            .add_frame(Engine::Python)
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
    // `_fetch_start(request)`: what a `Request` asks for (its body used),
    // sent; its id.
    let n = net.clone();
    let fetch_start = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<u64> {
        let request = args.get_item(0)?;
        let request = request.cast::<crate::values::PyRequest>()?;
        let request = request.get().0.to_fetch().or_raise(args.py())?;
        Ok(n.start(Engine::Python, request))
    })?;
    // `_fetch_take(id)`: the Response, or the network error's TypeError.
    let f = fetched.clone();
    let fetch_take =
        PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<Py<PyAny>> {
            let (id,): (u64,) = args.extract()?;
            let taken = f.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
            match taken {
                Some(Ok(r)) => crate::values::response_object(args.py(), r),
                Some(Err(e)) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "Failed to fetch: {e}"
                ))),
                None => Err(pyo3::exceptions::PyTypeError::new_err("Failed to fetch")),
            }
        })?;
    // `_xhr_send(state, body)`: an asynchronous XMLHttpRequest's request,
    // sent off the page thread: (its id, its generation).
    let n = net.clone();
    let xhr_send =
        PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<(u64, u64)> {
            let state = args.get_item(0)?;
            let state = state.cast::<crate::xhr::PyXhr>()?;
            let body = args.get_item(1)?;
            let sending = state.get().sending(args.py(), Some(&body))?;
            Ok((n.start(Engine::Python, sending.request), sending.generation))
        })?;
    g.set_item("_ecsdom_xhr_send", xhr_send)?;
    let dir = file_dir(page).map(|d| d.display().to_string());
    let worker_natives = python_worker_natives(py, workers, worker_events)?;
    py.import("ecsdom._page")?.call_method1(
        "install",
        (
            g,
            (add, add_frame),
            clear,
            now,
            fetch_start,
            fetch_take,
            dir,
            worker_natives,
        ),
    )?;
    Ok(())
}

/// The natives of Python's `Worker` (`ecsdom/_page.py`): start a worker
/// (its id), post it a structured clone, terminate it, and take what one
/// sent (`("message", value)`, `("messageerror", None)` or `("error",
/// (message, filename))`).
fn python_worker_natives<'py>(
    py: Python<'py>,
    workers: &Arc<Workers>,
    events: &PyWorkerEvents,
) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
    let w = workers.clone();
    let start = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<u64> {
        let (url,): (String,) = args.extract()?;
        w.start(&url, Engine::Python)
            .map_err(pyo3::exceptions::PyRuntimeError::new_err)
    })?;
    let w = workers.clone();
    let post = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<()> {
        let id: u64 = args.get_item(0)?.extract()?;
        let message = crate::clone::serialize(&args.get_item(1)?)?;
        w.post(id, message);
        Ok(())
    })?;
    let w = workers.clone();
    let terminate = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<()> {
        let (id,): (u64,) = args.extract()?;
        w.terminate(id);
        Ok(())
    })?;
    let e = events.clone();
    let take = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<Py<PyAny>> {
        let (seq,): (u64,) = args.extract()?;
        let py = args.py();
        let event = e.lock().unwrap_or_else(|p| p.into_inner()).remove(&seq);
        let pair = match event {
            Some(FromWorker::Message(m)) => match crate::clone::deserialize(py, &m) {
                Ok(v) => ("message", v),
                Err(_) => ("messageerror", py.None()),
            },
            Some(FromWorker::Error { message, filename }) => (
                "error",
                (message, filename).into_pyobject(py)?.into_any().unbind(),
            ),
            None => ("messageerror", py.None()),
        };
        Ok(pair.into_pyobject(py)?.into_any().unbind())
    })?;
    pyo3::types::PyTuple::new(py, [start, post, terminate, take])
}

/// The URL of the page `ecsdom run` was given: an `http:`, `https:` or
/// `file:` URL as it is, anything else a local file's path.
fn page_url(page: &Path) -> Result<url::Url, String> {
    let text = page.to_string_lossy();
    if let Ok(u) = url::Url::parse(&text)
        && matches!(u.scheme(), "http" | "https" | "file")
    {
        return Ok(u);
    }
    let abs =
        std::path::absolute(page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    url::Url::from_file_path(&abs).map_err(|()| format!("{} is no file path", page.display()))
}

/// The page's memory limit unless one is given (`--memory-limit`,
/// `load_page`'s `memory_limit`), in megabytes.
pub const DEFAULT_MEMORY_LIMIT_MB: u64 = 4096;

/// What `ecsdom run` was asked to do.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// The page: a file, or an `http:`, `https:` or `file:` URL.
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
    /// The document's URL (None: the page's `file:` URL).
    pub url: Option<String>,
    /// Keep `localStorage` here between runs (None: in memory only).
    pub user_data_dir: Option<PathBuf>,
    /// Confine the page process with the kernel's sandbox before its
    /// first script (`--sandbox`).
    pub sandbox: bool,
    /// The hosts a sandboxed page may reach besides its own origin.
    pub allow_net: Vec<super::sandbox::NetRule>,
    /// The page runs inside a Python process (the `ecsdom` module's
    /// `load_page`): the interpreter and the package are there already.
    pub in_python: bool,
    /// The page process's memory limit in bytes (0: none; `memory`):
    /// QuickJS's heap limit too, unless `js_memory_limit` sets one.
    pub memory_limit: u64,
}

/// A page after its scripts and event loop ran.
pub struct Page {
    /// Its document.
    pub shared: Arc<Shared>,
    /// How many scripts (or timers, listeners...) failed.
    pub failures: usize,
}

/// Run a page (`ecsdom run`): its scripts and event loop, then the dump
/// if asked; returns the exit code.
pub fn run(opts: &RunOptions) -> Result<u8, String> {
    let page = run_page(opts)?;
    dump(&page.shared.lock_blocking().doc, opts)?;
    Ok(if opts.strict && page.failures > 0 {
        1
    } else {
        0
    })
}

/// Print `doc` as `--dump-dom` and `--dump-tree` ask.
fn dump(doc: &Document, opts: &RunOptions) -> Result<(), String> {
    if opts.dump_dom {
        super::out_line(&doc.dump_dom());
    }
    if opts.dump_tree {
        let tree = doc.to_test_format(doc.root()).map_err(|e| e.to_string())?;
        super::out_line(tree.trim_end());
    }
    Ok(())
}

/// `--sandbox`: confine the process to what the page needs before its
/// first script (`sandbox`): its files (`--root`'s too), the Python
/// installation when it runs Python, the compile cache and
/// `--user-data-dir`, the hosts of `--allow-net` and its own origin.
fn confine_page(
    opts: &RunOptions,
    loader: &Loader,
    python: bool,
    cache: Option<&js_bridge::CompileCache>,
) -> Result<(), String> {
    let mut read: Vec<PathBuf> = loader.files.roots().to_vec();
    if python {
        read.extend(Python::attach(python_paths).map_err(|e| format!("--sandbox: {e}"))?);
    }
    let mut allow_net = opts.allow_net.clone();
    let page_url = opts.url.as_deref().and_then(|u| url::Url::parse(u).ok());
    for url in [Some(&loader.page), page_url.as_ref()]
        .into_iter()
        .flatten()
    {
        if matches!(url.scheme(), "http" | "https")
            && let Some(rule) = super::sandbox::NetRule::of_url(url)
        {
            allow_net.push(rule);
        }
    }
    let budget = opts.time_budget.as_secs();
    let policy = super::sandbox::Policy {
        read,
        write: cache
            .map(|c| c.dir().to_path_buf())
            .into_iter()
            .chain(opts.user_data_dir.clone())
            .collect(),
        write_files: opts.trace.iter().cloned().collect(),
        allow_net,
        // A backstop past the budgets: a minute more than the event loop
        // and one script's timeout (none for a budget of years).
        cpu_seconds: if budget > 1 << 30 {
            0
        } else {
            budget + opts.script_timeout.as_secs().min(1 << 30) + 60
        },
    };
    super::sandbox::confine(&policy).map_err(|e| format!("--sandbox: {e}"))
}

/// The compile cache's partition of a sandboxed page: its directories (a
/// local page's), else its origin.
fn cache_partition(loader: &Loader) -> Vec<u8> {
    if loader.page.scheme() == "file" {
        let roots: Vec<String> = loader
            .files
            .roots()
            .iter()
            .map(|r| r.display().to_string())
            .collect();
        format!("file\0{}", roots.join("\0")).into_bytes()
    } else {
        format!("origin\0{}", loader.page.origin().ascii_serialization()).into_bytes()
    }
}

/// Where the embedded Python reads its modules: its prefixes and each
/// entry of `sys.path`.
fn python_paths(py: Python<'_>) -> PyResult<Vec<PathBuf>> {
    let sys = py.import("sys")?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for name in ["prefix", "base_prefix", "exec_prefix", "base_exec_prefix"] {
        paths.push(sys.getattr(name)?.extract::<String>()?.into());
    }
    for entry in sys.getattr("path")?.try_iter()? {
        if let Ok(p) = entry?.extract::<String>()
            && !p.is_empty()
        {
            paths.push(p.into());
        }
    }
    Ok(paths)
}

/// The exit status of a page the watchdog stopped.
pub const STOPPED: i32 = 3;

/// QuickJS's heap limit: `--js-memory-limit`, else the page's.
fn js_memory_limit(opts: &RunOptions) -> usize {
    match opts.js_memory_limit {
        0 => usize::try_from(opts.memory_limit).unwrap_or(usize::MAX),
        n => n,
    }
}

/// Guard the page's memory limit (`memory`): a page past it gets a
/// `MemoryError` in its running Python script and `QuotaExceededError`
/// from DOM writes; past the hard limit, it is stopped as the watchdog
/// stops a page. In a Python process (`load_page`) the limit counts what
/// the process grew by during the page, and past the hard limit the page
/// is only reported (a library does not end its caller): its DOM writes
/// fail until it ends.
fn guard_memory(
    opts: &RunOptions,
    sampler: Option<super::memory::Sampler>,
    shared: &Arc<Shared>,
    python: bool,
) -> Option<super::memory::MemoryGuard> {
    let sampler = sampler?;
    let limit = opts.memory_limit;
    let past = Box::new(move |past: bool| {
        dom_ecs::memory::set_past_memory_limit(past.then_some(limit));
        if past && python {
            crate::embed::raise_memory_error_soon();
        }
    });
    let hard: Box<dyn FnOnce(u64) + Send> = if opts.in_python {
        Box::new(move |now: u64| {
            super::err_line(&format!(
                "ecsdom: the page used {} MB, past twice its memory limit of {} MB \
                 (load_page's memory_limit): its DOM writes fail until it ends",
                now >> 20,
                limit >> 20
            ));
        })
    } else {
        let stop = stop_page(opts, shared, python);
        Box::new(move |now: u64| {
            stop(format!(
                "ecsdom: the page is stopped: it used {} MB, past twice its memory limit of {} MB \
                 (--memory-limit)",
                now >> 20,
                limit >> 20
            ));
        })
    };
    Some(super::memory::MemoryGuard::start(
        sampler,
        limit,
        super::memory::Actions { past, hard },
    ))
}

/// What stops a page from another thread: `message` reported, Python's
/// buffered output written, the DOM as it is (what `--dump-dom` or
/// `--dump-tree` asked for; nothing if a thread holds the document for a
/// second more), and exit status [`STOPPED`].
fn stop_page(
    opts: &RunOptions,
    shared: &Arc<Shared>,
    python: bool,
) -> impl FnOnce(String) + Send + 'static {
    let shared = shared.clone();
    let opts = RunOptions {
        dump_dom: opts.dump_dom,
        dump_tree: opts.dump_tree,
        ..RunOptions::default()
    };
    move |message: String| {
        super::err_line(&message);
        if python {
            flush_python_output();
        }
        if opts.dump_dom || opts.dump_tree {
            match shared.lock_within(Duration::from_secs(1)) {
                Some(st) => {
                    if let Err(e) = dump(&st.doc, &opts) {
                        super::err_line(&format!("ecsdom: {e}"));
                    }
                }
                None => super::err_line("ecsdom: the document is in use; it is not printed"),
            }
        }
        std::process::exit(STOPPED);
    }
}

/// Watch the page's engines (`watchdog`): a script that runs
/// [`watchdog::GRACE`] past its timeout, where its engine cannot interrupt
/// it, stops the page: the report, the DOM as it is (what `--dump-dom` or
/// `--dump-tree` asked for; nothing if a thread holds the document for a
/// second more), and exit status [`STOPPED`]. Not in a Python process
/// (`load_page`): a library does not end its caller.
fn watch_page(
    opts: &RunOptions,
    shared: &Arc<Shared>,
    js: Option<&JsPage>,
    python: bool,
) -> Option<watchdog::Watchdog> {
    if opts.in_python {
        return None;
    }
    let mut engines = Vec::new();
    if let Some(js) = js {
        let activity = Arc::new(std::sync::atomic::AtomicU64::new(0));
        js.watch_activity(activity.clone());
        engines.push(watchdog::Watched {
            engine: "JS",
            activity,
        });
    }
    if python {
        engines.push(watchdog::Watched {
            engine: "Python",
            activity: crate::embed::python_activity(),
        });
    }
    let timeout = opts.script_timeout;
    let limit = timeout.checked_add(watchdog::GRACE)?;
    let stop = stop_page(opts, shared, python);
    Some(watchdog::Watchdog::start(
        engines,
        limit,
        Box::new(move |engine, ran| {
            stop(format!(
                "ecsdom: the page is stopped: a {engine} script ran for {:.1} s, past its {:.1} s \
                 timeout, where its engine cannot interrupt it (a sleep, a native call, or every \
                 interruption caught)",
                ran.as_secs_f64(),
                timeout.as_secs_f64()
            ));
        }),
    ))
}

/// What Python's `print` buffered, written out, if the interpreter is
/// free within half a second (a script stuck in C may hold it).
fn flush_python_output() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        Python::attach(|py| {
            for stream in ["stdout", "stderr"] {
                let _ = py
                    .import("sys")
                    .and_then(|sys| sys.getattr(stream))
                    .and_then(|s| s.call_method0("flush"));
            }
        });
        let _ = tx.send(());
    });
    let _ = rx.recv_timeout(Duration::from_millis(500));
}

/// Parse a page and run its scripts of both languages, the load events and
/// the event loop until no timer is left (or the time budget is spent).
pub fn run_page(opts: &RunOptions) -> Result<Page, String> {
    let loader = Loader::new(page_url(&opts.page)?, opts.root.clone());
    let loaded = loader
        .load(&loader.page)
        .map_err(|e| format!("cannot load the page: {e}"))?;
    let loader = Loader {
        page: loaded.url.clone(),
        ..loader
    };
    let xml_type = xml_content_type(&loaded.mime());
    let (html, encoding) = loaded.document_text(xml_type.is_some());
    // Which engines the page needs: a first, plain parse finds its scripts.
    // (For an XML page, what the parser recovered, as the real parse runs.)
    // The parse has the time budget, twice: this parse of it and the
    // page's (unclosed `<font>`s with attributes of their own keep
    // html5ever's tree builder busy; a tag with many attributes, xml5ever's
    // tokenizer). One stopped here gives the page's parse only the input
    // it got to, so that both see one page.
    let started = std::time::Instant::now();
    let mut first = Document::new();
    let go_on = || started.elapsed() <= opts.time_budget;
    let parse_stopped = match xml_type {
        Some(ty) => first.parse_xml_page(&html, ty, |_, _| {}, go_on).err(),
        None => first
            .parse_page(&html, Default::default(), |_, _| {}, go_on)
            .err(),
    };
    let page_bytes = html.len();
    let html = match parse_stopped {
        Some(stopped) => &html[..stopped.parsed],
        None => &html[..],
    };
    let types = script_types(&first);
    // The page's document; the parse below fills it, pausing at each script.
    let shared = Shared::new(Document::new());
    let needs_py = !opts.eval_py.is_empty() || types.contains(&ScriptType::Python);
    // (Event handler content attributes, `onclick="..."`, are JS.)
    let needs_js = !opts.eval_js.is_empty()
        || first.has_raw_handlers()
        || types
            .iter()
            .any(|t| matches!(t, ScriptType::Classic | ScriptType::Module));

    let js = if needs_js {
        let limits = Limits {
            script_timeout: opts.script_timeout,
            memory_limit: js_memory_limit(opts),
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
    let clock = timers.lock().unwrap_or_else(|p| p.into_inner()).clock();
    shared.lock_blocking().doc.set_clock(clock);
    let net = Net::new();
    net.use_files(loader.files.clone());
    let _page_files = super::PageFiles::set(loader.files.clone());
    if let Some(js) = &js {
        js.set_file_scope(loader.files.clone());
    }
    let py_fetched = PyFetched::default();
    let py_worker_events = PyWorkerEvents::default();
    let workers = Arc::new(Workers::new(
        net.clone(),
        opts.root.clone(),
        loader.files.clone(),
        Limits {
            script_timeout: opts.script_timeout,
            memory_limit: js_memory_limit(opts),
        },
    ));
    if let Some(js) = &js {
        js.set_timer_host(Box::new(JsTimers(
            timers.clone(),
            net.clone(),
            workers.clone(),
        )));
        js.enable_workers()
            .map_err(|e| format!("cannot set up workers: {e}"))?;
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
                let parts = PyHostParts {
                    timers: &timers,
                    net: &net,
                    fetched: &py_fetched,
                    workers: &workers,
                    worker_events: &py_worker_events,
                };
                install_python_timers(py, &loader.page, &host, &parts)?;
                host.keep_base(py)?;
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

    let python = host.is_some();
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
    let engines = Rc::new(Engines::new(
        shared.clone(),
        js.clone(),
        host,
        profiler.clone(),
        loader.clone(),
        opts.cache_dir
            .clone()
            .map(|dir| (dir, opts.sandbox.then(|| cache_partition(&loader)))),
        opts.script_timeout,
    ));
    // After each listener of an event the host fires: a microtask
    // checkpoint of both engines.
    if let Some(js) = &js {
        let weak = Rc::downgrade(&engines);
        js.set_checkpoint_hook(Box::new(move || {
            if let Some(e) = weak.upgrade() {
                e.checkpoint(true);
            }
        }));
    }
    // (Opened before the sandbox closes `/proc`.)
    let sampler = match (opts.memory_limit, opts.in_python) {
        (0, _) => None,
        (_, false) => Some(super::memory::Sampler::open()),
        (_, true) => Some(super::memory::Sampler::open_from_now()),
    };
    let sampler = sampler
        .transpose()
        .map_err(|e| format!("--memory-limit: {e}"))?;
    if opts.sandbox {
        confine_page(opts, &loader, python, engines.cache.as_deref())?;
    }
    // (After the sandbox: the process must have one thread when it is
    // confined.)
    let _watchdog = watch_page(opts, &shared, js.as_deref(), python);
    let _memory = guard_memory(opts, sampler, &shared, python);
    // Script elements that scripts insert run from the DOM call that
    // inserted them, in either engine; the hooks are dropped on return.
    let _hooks = InsertedScripts::install(&engines);

    let run_one = |script: &Script| {
        // The parser's microtask checkpoint at a script's end tag, before
        // the script runs: mutation observers hear of what it inserted.
        if let Some(js) = &js {
            engines.report("JS microtasks", js.run_jobs());
        }
        if engines.py.is_some()
            && shared
                .lock_blocking()
                .doc
                .has_pending_observers(crate::events::ENGINE_PY)
        {
            engines.report(
                "Python microtasks",
                engines.run_py("_ecsdom_run_microtasks()", "ecsdom:microtasks"),
            );
        }
        engines.run_one(script);
    };
    // Parse the page into the shared document, running each classic script
    // when the parser reaches its end tag, as a browser does: it sees the
    // tree parsed so far. Between scripts the parser holds the document;
    // while one runs, the engines do (it is swapped into `shared`).
    let mut doc = std::mem::take(&mut shared.lock_blocking().doc);
    doc.set_readiness(dom_ecs::Readiness::Loading);
    doc.set_url(opts.url.as_deref().unwrap_or(loader.page.as_str()));
    let root = doc.root();
    let _ = doc.set_character_set(root, encoding);
    let csp: Vec<&str> = loaded.csp.iter().map(String::as_str).collect();
    let _ = doc.set_csp_headers(root, &csp);
    if let Some(page_url) = doc
        .url_of(doc.root())
        .ok()
        .and_then(|u| dom_ecs::urls::UrlRecord::parse(u, None))
    {
        net.use_cookies(super::net::Cookies {
            jar: doc.cookie_jar(),
            origin: page_url.origin(),
        });
    }
    if let Some(dir) = &opts.user_data_dir {
        doc.set_storage_persistence(Arc::new(super::storage::SqliteStore::open(dir)?));
    }
    let mut deferred = Vec::new();
    let mut parser_frames = Vec::new();
    let on_script = |d: &mut Document, node: NodeId| {
        if node == d.root() {
            // Custom element reactions wait: the parser's synchronous
            // construction and insertion steps, as a microtask checkpoint
            // (which runs the backup element queue first).
            std::mem::swap(d, &mut shared.lock_blocking().doc);
            engines.checkpoint(false);
            std::mem::swap(d, &mut shared.lock_blocking().doc);
            return;
        }
        // (Not run: not in the document (template contents, or removed by
        // a script), no text, a data block...)
        let Some(ty) = d.prepare_parser_script(node) else {
            return;
        };
        let script = engines.script_of(d, node, ty);
        if script.deferred {
            deferred.push(script);
            return;
        }
        // Iframes the parser inserted get their nested documents now and
        // load once parsing is done, as tasks the event loop runs after
        // the parser's (not between two of its scripts).
        let steps = d.take_host_steps();
        std::mem::swap(d, &mut shared.lock_blocking().doc);
        engines.run_inserted(&shared, steps);
        parser_frames.extend(engines.take_frame_loads());
        // The parser's style sheets block its scripts.
        engines.load_sheets_now();
        run_one(&script);
        // Scripts it inserted with `src=` run as the tasks that follow.
        engines.run_ready();
        std::mem::swap(d, &mut shared.lock_blocking().doc);
    };
    // Ctrl-C ends the parse where Python's handler took the signal.
    let started = std::time::Instant::now();
    let interrupted = std::cell::Cell::new(false);
    let go_on = || {
        if python && Python::attach(|py| py.check_signals()).is_err() {
            interrupted.set(true);
        }
        !interrupted.get() && started.elapsed() <= opts.time_budget
    };
    let stopped = match xml_type {
        // An XML page: the XML parser, which pauses at scripts too. It
        // recovers where XML stops at the first error: the error is
        // reported (unless the input was cut), and the page runs on what
        // was recovered.
        Some(ty) => match doc.parse_xml_page(html, ty, on_script, go_on) {
            Ok(Some(e)) if parse_stopped.is_none() => {
                super::err_line(&format!(
                    "ecsdom: {} is not well-formed XML: {e}",
                    display_name(&loader.page)
                ));
                None
            }
            Ok(_) => None,
            Err(stopped) => Some(stopped),
        },
        None => doc
            .parse_page(html, Default::default(), on_script, go_on)
            .err(),
    };
    if let Some(stopped) = stopped.or(parse_stopped) {
        let why = if interrupted.get() {
            "by Ctrl-C".to_owned()
        } else {
            format!("at the time budget ({} s)", opts.time_budget.as_secs_f64())
        };
        engines.report(
            "the parser",
            Err(format!(
                "stopped {why}: the page is what the first {} of its {page_bytes} bytes make",
                stopped.parsed,
            )),
        );
    }
    let steps = doc.take_host_steps();
    shared.lock_blocking().doc = doc;
    for task in parser_frames {
        engines.queue(task);
    }
    engines.run_inserted(&shared, steps);
    // The end of parsing (https://html.spec.whatwg.org/#the-end): the
    // document is interactive, the deferred scripts run, DOMContentLoaded;
    // then it is complete, and load fires at the window.
    let root = shared.lock_blocking().doc.root();
    shared
        .lock_blocking()
        .doc
        .set_readiness(dom_ecs::Readiness::Interactive);
    engines.fire("readystatechange", Some(root), false);
    for script in &deferred {
        run_one(script);
        engines.run_ready();
    }
    if let Some(js) = &js {
        engines.report("pending JS jobs", js.run_jobs());
    }
    engines.fire("DOMContentLoaded", Some(root), true);
    engines.run_ready();
    shared
        .lock_blocking()
        .doc
        .set_readiness(dom_ecs::Readiness::Complete);
    engines.fire("readystatechange", Some(root), false);
    engines.fire("load", None, false);
    if let Some(js) = &js {
        for (n, code) in opts.eval_js.iter().enumerate() {
            engines.report(
                "--eval-js",
                js.run_script(code, &format!("--eval-js {}", n + 1)),
            );
        }
    }
    if engines.py.is_some() {
        for (n, code) in opts.eval_py.iter().enumerate() {
            engines.report(
                "--eval-py",
                engines.run_py(code, &format!("--eval-py {}", n + 1)),
            );
        }
    }
    // The event loop: timers of both engines in due order, each a task,
    // followed by its microtasks (promise jobs; Python's queueMicrotask).
    engines.microtasks();
    // A guard against a loop that makes no progress: too many tasks at one
    // instant of page time (e.g. a zero-delay interval) ends the loop.
    let (mut last_now, mut same_instant) = (-1.0f64, 0u32);
    let next_worker_event = std::cell::Cell::new(0u64);
    // A finished fetch is a task of the engine that asked; a worker's
    // message or error, a task of the page's JS.
    let deliver = |arrival: Arrival| {
        let done = match arrival {
            Arrival::Fetched(done) => done,
            Arrival::Worker { id, event } if workers.engine_of(id) == Some(Engine::Python) => {
                let seq = next_worker_event.get() + 1;
                next_worker_event.set(seq);
                py_worker_events
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(seq, event);
                let code = format!("_ecsdom_worker_event({seq}, {id})");
                let r = profiler.span("worker", "worker message", || {
                    engines.run_py(&code, "ecsdom:worker")
                });
                engines.report("a worker's message", r);
                engines.microtasks();
                return;
            }
            Arrival::Worker { id, event } => {
                if let Some(js) = &js {
                    let r = match event {
                        FromWorker::Message(m) => profiler.span("worker", "worker message", || {
                            js.worker_message(Some(id), &m)
                        }),
                        FromWorker::Error { message, filename } => {
                            js.worker_error(id, &message, &filename, 0)
                        }
                    };
                    engines.report("a worker's message", r);
                    engines.microtasks();
                }
                return;
            }
        };
        let result = done.result.map(dom_ecs::fetch::Response::from_network);
        match (done.engine, &js, &engines.py) {
            (Engine::Js, Some(js), _) => {
                let r = profiler.span("fetch", "JS fetch", || js.fetch_done(done.id, result));
                engines.report("a JS fetch", r);
            }
            (Engine::Python, _, Some(_)) => {
                py_fetched
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(done.id, result);
                let code = format!("_ecsdom_fetch_done({})", done.id);
                let r = profiler.span("fetch", "Python fetch", || {
                    engines.run_py(&code, "ecsdom:fetch")
                });
                engines.report("a Python fetch", r);
            }
            _ => {}
        }
        engines.microtasks();
    };
    // The time budget holds for page time and for wall-clock time alike:
    // what the loop waits for other threads (requests, workers), and what
    // its tasks take (a runaway `setInterval` whose every run is cut at
    // the script timeout ends with the budget, not 6000 timeouts later).
    let loop_started = std::time::Instant::now();
    // (`taken`: a timer already taken off the queue, due at `now` ms.)
    let out_of_budget = |what: &str, taken: Option<f64>| {
        let (pending, next) = timers.lock().unwrap_or_else(|p| p.into_inner()).pending();
        let pending = pending + usize::from(taken.is_some());
        let next = taken
            .or(next)
            .map_or(String::new(), |ms| format!(", the next due at {ms:.0} ms"));
        super::err_line(&format!(
            "ecsdom: the event loop stopped at the time budget ({} s of {what}): {pending} timer(s) pending{next}",
            opts.time_budget.as_secs_f64()
        ));
    };
    // Whether an update of the rendering is due at the next frame.
    let mut rendering = false;
    loop {
        if loop_started.elapsed() > opts.time_budget {
            out_of_budget("real time", None);
            break;
        }
        // Inserted `src=` scripts are ready at once: their tasks come first.
        engines.run_ready();
        // While a CSS transition or animation runs (or a focused element
        // lost its focusability), the rendering is updated at each frame.
        if !rendering && engines.shared.lock_blocking().doc.rendering_wanted() {
            timers
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .add_frame(Engine::Rendering);
            rendering = true;
        }
        if let Some(done) = net.next_done(Duration::ZERO) {
            deliver(done);
            continue;
        }
        // While a request is in flight (or a worker busy) the clock waits
        // for it: a timer runs only once due now (virtual time does not
        // jump past it).
        if net.pending() > 0 {
            if loop_started.elapsed() > opts.time_budget {
                engines.report(
                    "the event loop",
                    Err(format!(
                        "stopped: requests or workers still busy after {} s (the time budget)",
                        opts.time_budget.as_secs_f64()
                    )),
                );
                break;
            }
            let next = timers
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .next_due_in();
            if next.is_none_or(|d| !d.is_zero()) {
                let wait = next.map_or(Duration::from_millis(100), |d| {
                    if opts.real_time {
                        d.min(Duration::from_millis(100))
                    } else {
                        Duration::from_millis(100)
                    }
                });
                if let Some(done) = net.next_done(wait) {
                    deliver(done);
                }
                continue;
            }
        }
        let next = timers.lock().unwrap_or_else(|p| p.into_inner()).take_due();
        let due = match next {
            None => break,
            Some(Err(wait)) => {
                if loop_started.elapsed() + wait > opts.time_budget {
                    out_of_budget("real time", None);
                    break;
                }
                std::thread::sleep(wait);
                continue;
            }
            Some(Ok(due)) => due,
        };
        let now = timers.lock().unwrap_or_else(|p| p.into_inner()).peek_ms();
        if now > opts.time_budget.as_secs_f64() * 1000.0 {
            out_of_budget("page time", Some(now));
            break;
        }
        if now == last_now {
            same_instant += 1;
            if same_instant > 100_000 && !opts.real_time {
                engines.report(
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
        match (due.engine, &js, &engines.py) {
            (Engine::Rendering, _, _) => {
                rendering = false;
                super::rendering::update(&engines);
            }
            (Engine::Js, Some(js), _) => {
                let r = profiler.span("timer", "JS timer", || js.run_timer(due.id, due.repeating));
                engines.report("a JS timer", r);
            }
            (Engine::Python, _, Some(_)) => {
                let code = format!(
                    "_ecsdom_run_timer({}, {})",
                    due.id,
                    if due.repeating { "True" } else { "False" }
                );
                let r = profiler.span("timer", "Python timer", || {
                    engines.run_py(&code, "ecsdom:timer")
                });
                engines.report("a Python timer", r);
            }
            _ => {}
        }
        engines.microtasks();
    }
    if let Some(js) = &js {
        // A testharness page whose harness never completed says so now.
        engines.report(
            "the test harness",
            js.run_script(
                "if (typeof __ecsdom_harness_report === 'function') __ecsdom_harness_report();",
                "ecsdom:harness-report",
            ),
        );
    }
    crate::events::set_foreign_caller(None);
    if engines.py.is_some() {
        // The page's asyncio loop stops being the thread's: a Python
        // program that ran the page (`load_page`) uses asyncio after it.
        engines.report(
            "the page",
            engines.run_py("_ecsdom_close()", "ecsdom:close"),
        );
    }
    if profiler.active() {
        let js_calls = js
            .as_ref()
            .map(|j| j.profile().report())
            .unwrap_or_default();
        let py_calls: Vec<(String, u64, f64)> = match (&engines.py, opts.profile) {
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
    Ok(Page {
        shared,
        failures: engines.failures.get(),
    })
}

/// The hooks through which both engines' DOM calls run the script
/// elements they insert ([`Engines::run_inserted`]), installed for one
/// page run and removed when dropped.
struct InsertedScripts;

impl InsertedScripts {
    fn install(engines: &Rc<Engines>) -> InsertedScripts {
        let e = Rc::downgrade(engines);
        let runner: crate::state::ScriptRunner = Rc::new(move |shared, nodes| {
            if let Some(e) = e.upgrade() {
                e.run_inserted(shared, nodes);
            }
        });
        crate::state::set_script_runner(Some(runner));
        let e = Rc::downgrade(engines);
        js_bridge::set_script_runner(Some(Rc::new(move |nodes| {
            if let Some(e) = e.upgrade() {
                let shared = e.shared.clone();
                e.run_inserted(&shared, nodes);
            }
        })));
        InsertedScripts
    }
}

impl Drop for InsertedScripts {
    fn drop(&mut self) {
        crate::state::set_script_runner(None);
        js_bridge::set_script_runner(None);
    }
}
