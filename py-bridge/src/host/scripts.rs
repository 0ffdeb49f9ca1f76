//! A page's scripts: what a `<script>` element holds (inline text, or a
//! `src=` file), and running it in its engine. The parser's scripts run
//! at their end tags (`run.rs`); a script element a script inserts is
//! prepared when the DOM call that inserted it returns (dom-ecs notes it;
//! [`Engines::run_inserted`]): an inline one runs then, inside that call,
//! as in a browser; a `src=` one runs as the next task
//! ([`Engines::run_ready`]), then `load` (or `error`) fires at it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use dom_ecs::{Document, NodeId, ScriptType};
use js_bridge::JsPage;
use pyo3::prelude::*;

use crate::embed::ScriptHost;
use crate::state::Shared;

use super::loader::Loader;
use super::profile::Profiler;
use url::Url;

/// A script's source and how it runs.
pub(super) struct Script {
    /// Its element (`document.currentScript` while it runs).
    pub node: NodeId,
    pub ty: ScriptType,
    pub name: String,
    pub source: Result<String, String>,
    /// Loaded from its `src=` URL: its compiled form may be cached.
    pub from_file: bool,
    /// Runs after the parse (`defer`/`async` on a `src=` script, modules).
    pub deferred: bool,
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

/// The types of a parsed page's scripts (which engines it needs).
pub(super) fn script_types(doc: &Document) -> Vec<ScriptType> {
    doc.query_selector_all(doc.root(), "script")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| doc.script_type(s))
        .collect()
}

/// The script element `s` (its document's `n`th), of type `ty`, as a
/// script to run, loading `src=` against `base` (the URL its document
/// was loaded from).
pub(super) fn script_of(
    doc: &Document,
    s: NodeId,
    ty: ScriptType,
    n: usize,
    base: &Url,
    loader: &Loader,
) -> Script {
    let attr = |name| doc.get_attribute(s, name).ok().flatten();
    // `defer` and `async` apply to `src=` scripts: they run after the parse
    // (async ones in document order here); modules are deferred by default.
    let has = |name| doc.has_attribute(s, name).unwrap_or(false);
    let deferred =
        ty == ScriptType::Module || (attr("src").is_some() && (has("defer") || has("async")));
    match attr("src") {
        Some(src) if builtin_script(src).is_some() => Script {
            node: s,
            ty,
            name: format!("ecsdom:{src}"),
            source: Ok(builtin_script(src).unwrap_or_default().to_owned()),
            from_file: false,
            deferred,
        },
        Some(src) => {
            let url = loader.resolve(src, base);
            let name = url
                .as_ref()
                .map_or_else(|_| src.to_owned(), super::loader::display_name);
            // A classic script's bytes fall back to its `charset`
            // attribute's encoding, else its document's; modules and
            // Python are UTF-8.
            let fallback = (ty == ScriptType::Classic)
                .then(|| {
                    let owner = doc.owner_document(s).ok().flatten()?;
                    let document = doc.character_set_of(owner).ok()?;
                    Some(attr("charset").unwrap_or(document).to_owned())
                })
                .flatten();
            let source = url
                .and_then(|u| loader.load(&u))
                .map(|l| l.script_text(fallback.as_deref()))
                .map_err(|e| format!("script src=\"{src}\" could not be loaded: {e}"));
            Script {
                node: s,
                ty,
                name,
                source,
                from_file: true,
                deferred,
            }
        }
        None => {
            let text = doc.child_text_content(s).unwrap_or_default();
            Script {
                node: s,
                ty,
                name: format!("{} (inline script {n})", super::loader::display_name(base)),
                // Inline Python is indented with the HTML around it.
                source: Ok(if ty == ScriptType::Python {
                    dedent(&text)
                } else {
                    text
                }),
                from_file: false,
                deferred,
            }
        }
    }
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

/// A task the host queued: it runs before the next timer.
pub(super) enum Task {
    /// An inserted `src=` script: run it, then fire `load` (or `error`).
    Script(NodeId, Script),
    /// Load an iframe's `src`, run its scripts, fire `load`.
    LoadFrame(NodeId),
    /// Fetch a `<link rel=stylesheet>`'s sheet, fire `load` (or `error`).
    LoadSheet(NodeId),
    /// A hyperlink followed or a form submitted.
    Navigate(dom_ecs::Navigation),
    /// An event the DOM queued at an element (a `details`'s `toggle`).
    Fire(NodeId, &'static str),
    /// A `storage` event at a window (another window changed the area).
    Storage(dom_ecs::storage::StorageNotice),
    /// `history.go(delta)` of a window.
    Traverse(NodeId, i64),
    /// A message `postMessage` posted to a window.
    Message(dom_ecs::html::PostedMessage),
}

/// The page's engines and what running its scripts needs.
pub(super) struct Engines {
    pub shared: Arc<Shared>,
    pub js: Option<Rc<JsPage>>,
    pub py: Option<ScriptHost>,
    pub profiler: Rc<Profiler>,
    /// Where the page's URLs resolve and load from.
    pub loader: Loader,
    /// The compile cache (none with `--no-cache`, or when its directory
    /// cannot be trusted).
    pub cache: Option<Arc<js_bridge::CompileCache>>,
    pub script_timeout: Duration,
    /// How many scripts (or timers, listeners...) failed.
    pub failures: Cell<usize>,
    /// How many scripts were met (names inline ones).
    pub count: Cell<usize>,
    /// Tasks waiting to run: inserted `src=` scripts (loaded), iframes'
    /// `load` events.
    ready: RefCell<VecDeque<Task>>,
    /// The Python globals of each frame window whose scripts ran.
    frame_hosts: RefCell<std::collections::HashMap<NodeId, Rc<ScriptHost>>>,
}

impl Engines {
    #[allow(clippy::too_many_arguments, reason = "the fields, once")]
    pub fn new(
        shared: Arc<Shared>,
        js: Option<Rc<JsPage>>,
        py: Option<ScriptHost>,
        profiler: Rc<Profiler>,
        loader: Loader,
        cache: Option<(PathBuf, Option<Vec<u8>>)>,
        script_timeout: Duration,
    ) -> Engines {
        Engines {
            shared,
            js,
            py,
            profiler,
            loader,
            cache: cache.and_then(|(dir, partition)| {
                match js_bridge::CompileCache::open(&dir, partition.as_deref()) {
                    Ok(c) => Some(Arc::new(c)),
                    Err(e) => {
                        super::err_line(&format!("ecsdom: scripts are not cached: {e}"));
                        None
                    }
                }
            }),
            script_timeout,
            failures: Cell::new(0),
            count: Cell::new(0),
            ready: RefCell::new(VecDeque::new()),
            frame_hosts: RefCell::default(),
        }
    }

    /// Run Python source in the globals of frame window `window` (made
    /// with its first script) under the script timeout; none without a
    /// Python engine.
    pub fn run_py_in_frame(
        &self,
        window: NodeId,
        source: &str,
        name: &str,
    ) -> Option<Result<(), String>> {
        let page = self.py.as_ref()?;
        Some(Python::attach(|py| {
            let known = self.frame_hosts.borrow().get(&window).cloned();
            let host = match known {
                Some(h) => h,
                None => {
                    let made = (|| -> PyResult<ScriptHost> {
                        let document = {
                            let mut st = self.shared.lock(py);
                            let doc = crate::error::OrRaise::or_raise(
                                st.doc.document_of_window(window),
                                py,
                            )?;
                            crate::node::wrap(py, &self.shared, &mut st, doc)?
                        };
                        let w = crate::target::window_object(py, &self.shared, window)?;
                        page.for_frame(py, document.bind(py), w.bind(py))
                    })()
                    .map_err(|e| e.to_string())?;
                    let h = Rc::new(made);
                    self.frame_hosts.borrow_mut().insert(window, h.clone());
                    h
                }
            };
            host.run_script_with_timeout(py, source, name, self.script_timeout)
        }))
    }

    /// Count and print a failure.
    pub fn report(&self, name: &str, result: Result<(), String>) {
        if let Err(e) = result {
            self.failures.set(self.failures.get() + 1);
            eprintln!("ecsdom: error in {name}:\n{e}");
        }
    }

    /// Run Python source in the page globals under the script timeout.
    pub fn run_py(&self, source: &str, name: &str) -> Result<(), String> {
        match &self.py {
            Some(host) => Python::attach(|py| {
                host.run_script_with_timeout(py, source, name, self.script_timeout)
            }),
            None => Ok(()),
        }
    }

    /// The script element `s` of type `ty` as a script to run.
    pub fn script_of(&self, doc: &Document, s: NodeId, ty: ScriptType) -> Script {
        self.count.set(self.count.get() + 1);
        script_of(
            doc,
            s,
            ty,
            self.count.get(),
            &self.loader.page,
            &self.loader,
        )
    }

    /// Run one script in its engine, reporting a failure. With no script
    /// of the engine's language in its markup, the page has no such engine:
    /// a script of that language a script inserts is reported, not run.
    pub fn run_one(&self, script: &Script) {
        let entry = self
            .shared
            .lock_blocking()
            .doc
            .enter_script(script.node, script.ty);
        self.run_one_now(script);
        self.shared.lock_blocking().doc.leave_script(entry);
    }

    /// [`Engines::run_one`] once `document.currentScript` is the script.
    fn run_one_now(&self, script: &Script) {
        let source = match &script.source {
            Ok(s) => s,
            Err(e) => {
                self.report(&script.name, Err(e.clone()));
                return;
            }
        };
        let profiler = &self.profiler;
        match (script.ty, &self.js, &self.py) {
            (ScriptType::Classic, Some(js), _) => {
                let started = std::time::Instant::now();
                let (compile, r) = profiler.span("script", &script.name, || {
                    match (&self.cache, script.from_file && !js.is_running()) {
                        (Some(cache), true) => js.run_cached_script(source, &script.name, cache),
                        _ => (Default::default(), js.run_script(source, &script.name)),
                    }
                });
                let compile = (!compile.is_zero()).then_some(compile);
                profiler.script(&script.name, "js", compile, started.elapsed());
                self.report(&script.name, r);
            }
            (ScriptType::Python, _, Some(host)) => {
                let r = profiler.span("script", &script.name, || {
                    match (&self.cache, script.from_file) {
                        (Some(cache), true) => Python::attach(|py| {
                            host.run_cached_script(
                                py,
                                source,
                                &script.name,
                                self.script_timeout,
                                cache,
                            )
                        }),
                        _ => self.run_py(source, &script.name),
                    }
                });
                let (compile, run) = host.last_timings();
                profiler.script(&script.name, "py", Some(compile), compile + run);
                self.report(&script.name, r);
            }
            (ScriptType::Module, Some(js), _) => {
                let started = std::time::Instant::now();
                let r = profiler.span("script", &script.name, || {
                    js.run_module(source, &script.name)
                });
                profiler.script(&script.name, "js", None, started.elapsed());
                self.report(&script.name, r);
            }
            (ScriptType::ImportMap, ..) => self.report(
                &script.name,
                Err("import maps are not supported: the script was not run".to_owned()),
            ),
            (ty, ..) => self.report(
                &script.name,
                Err(format!(
                    "a {} script was inserted by a script, but no script in the page's markup \
                     is of that language, so the page has no engine for it: not run",
                    if ty == ScriptType::Python {
                        "Python"
                    } else {
                        "JavaScript"
                    }
                )),
            ),
        }
    }

    /// Prepare the script elements a DOM call inserted (HTML's
    /// post-connection and children changed steps of `<script>`), in
    /// order: an inline script runs now, a `src=` one is loaded and waits
    /// for its task. A document other than the page's has no browsing
    /// context: its scripts are marked started and never run.
    pub fn run_inserted(&self, shared: &Shared, nodes: Vec<NodeId>) {
        let page = std::ptr::eq(shared, &*self.shared);
        for node in nodes {
            let script = {
                let mut st = shared.lock_blocking();
                if st.doc.style_sheet_link(node).is_some() {
                    drop(st);
                    super::sheets::note(self, node);
                    continue;
                }
                if st.doc.is_frame(node) {
                    drop(st);
                    if page {
                        super::frames::load(self, node);
                    }
                    continue;
                }
                let Some(ty) = st.doc.prepare_script(node) else {
                    continue;
                };
                if !page {
                    continue;
                }
                self.script_of(&st.doc, node, ty)
            };
            if script.from_file || script.ty == ScriptType::Module {
                self.queue(Task::Script(node, script));
            } else {
                self.run_one(&script);
            }
        }
    }

    /// Queue a task.
    pub fn queue(&self, task: Task) {
        self.ready.borrow_mut().push_back(task);
    }

    /// Fetch the style sheets of the links queued so far now (those the
    /// page's parser made: a script after them waits for them).
    pub fn load_sheets_now(&self) {
        let sheets: Vec<NodeId> = {
            let mut ready = self.ready.borrow_mut();
            let (sheets, rest): (std::collections::VecDeque<Task>, _) = ready
                .drain(..)
                .partition(|t| matches!(t, Task::LoadSheet(_)));
            *ready = rest;
            sheets
                .into_iter()
                .filter_map(|t| match t {
                    Task::LoadSheet(n) => Some(n),
                    _ => None,
                })
                .collect()
        };
        for link in sheets {
            super::sheets::load(self, link);
        }
    }

    /// Take the queued iframe loads out of the queue (the parser's: they
    /// load once parsing is done, not between two of its scripts).
    pub fn take_frame_loads(&self) -> std::collections::VecDeque<Task> {
        let mut ready = self.ready.borrow_mut();
        let (frames, rest) = ready
            .drain(..)
            .partition(|t| matches!(t, Task::LoadFrame(_)));
        *ready = rest;
        frames
    }

    /// Run the queued tasks (inserted `src=` scripts, each followed by its
    /// `load` or `error` event; iframes' `load` events), each followed by
    /// a microtask checkpoint; returns whether any ran.
    pub fn run_ready(&self) -> bool {
        let mut ran = false;
        loop {
            let (navigations, element_tasks, storage, traversals, messages) = {
                let mut st = self.shared.lock_blocking();
                (
                    st.doc.take_navigations(),
                    st.doc.take_element_tasks(),
                    st.doc.take_storage_events(),
                    st.doc.take_history_traversals(),
                    st.doc.take_posted_messages(),
                )
            };
            for m in messages {
                self.queue(Task::Message(m));
            }
            for (window, delta) in traversals {
                self.queue(Task::Traverse(window, delta));
            }
            for (node, kind) in element_tasks {
                self.queue(Task::Fire(node, kind));
            }
            for notice in storage {
                self.queue(Task::Storage(notice));
            }
            for n in navigations {
                self.queue(Task::Navigate(n));
            }
            let next = self.ready.borrow_mut().pop_front();
            let Some(task) = next else {
                return ran;
            };
            ran = true;
            match task {
                Task::Script(node, script) => {
                    let kind = if script.source.is_ok() {
                        "load"
                    } else {
                        "error"
                    };
                    self.run_one(&script);
                    self.fire(kind, Some(node), false);
                }
                Task::LoadFrame(node) => super::frames::navigate(self, node),
                Task::LoadSheet(node) => super::sheets::load(self, node),
                Task::Navigate(n) => self.navigate(n),
                Task::Fire(node, kind) => {
                    let alive = self.shared.lock_blocking().doc.node_type(node).is_ok();
                    if alive {
                        self.fire(kind, Some(node), false);
                    }
                }
                Task::Storage(n) => self.fire_storage(n),
                Task::Traverse(window, delta) => self.traverse(window, delta),
                Task::Message(m) => {
                    // (Not delivered when the window's document is gone or
                    // of another origin than the one named.)
                    let init = self.shared.lock_blocking().doc.message_event_init(&m);
                    if let Some(init) = init {
                        self.fire_data("message", Some(m.target), false, "MessageEvent", init);
                    }
                }
            }
            self.microtasks();
        }
    }

    /// Carry out a navigation (<https://html.spec.whatwg.org/#navigate>)
    /// as far as ecsdom goes: a `javascript:` URL's script runs in the
    /// page's JS (a frame's is reported); a move to a fragment fires
    /// `hashchange` at the window; an iframe's document is replaced by
    /// the one `url` names (`frames::navigate_document`); the page's is
    /// not, which is reported.
    fn navigate(&self, n: dom_ecs::Navigation) {
        let page = self.shared.lock_blocking().doc.root();
        match n {
            dom_ecs::Navigation::Script { document, source } if document == page => {
                if let Some(js) = &self.js {
                    self.report(
                        "a javascript: URL",
                        js.run_script(&source, "javascript: URL"),
                    );
                }
            }
            dom_ecs::Navigation::Fragment { old, new, .. } => self.fire_data(
                "hashchange",
                None,
                false,
                "HashChangeEvent",
                vec![
                    ("oldURL", dom_ecs::EventValue::Text(old)),
                    ("newURL", dom_ecs::EventValue::Text(new)),
                ],
            ),
            dom_ecs::Navigation::Script { document, source } => {
                super::frames::navigate_document_to_script(self, document, source);
            }
            dom_ecs::Navigation::Elsewhere { document, url } if document != page => {
                super::frames::navigate_document(self, document, &url);
            }
            dom_ecs::Navigation::Elsewhere { url, .. } => super::err_line(&format!(
                "ecsdom: navigation to {url} was not done: ecsdom loads no other document"
            )),
        }
    }

    /// Traverse a window's session history (`history.back()`...): its
    /// document's URL moves to the entry's, `popstate` fires with the
    /// entry's state, then `hashchange` when only the fragment moved.
    fn traverse(&self, window: NodeId, delta: i64) {
        let done = self
            .shared
            .lock_blocking()
            .doc
            .traverse_history(window, delta);
        let t = match done {
            Ok(Some(t)) => t,
            Ok(None) => return,
            Err(e) => return self.report("a history traversal", Err(e.to_string())),
        };
        let init = t
            .state
            .map(|s| vec![("state", dom_ecs::EventValue::Cloned(s))])
            .unwrap_or_default();
        self.fire_data("popstate", Some(t.window), false, "PopStateEvent", init);
        if let Some((old, new)) = t.hash_change {
            self.fire_data(
                "hashchange",
                Some(t.window),
                false,
                "HashChangeEvent",
                vec![
                    ("oldURL", dom_ecs::EventValue::Text(old)),
                    ("newURL", dom_ecs::EventValue::Text(new)),
                ],
            );
        }
    }

    /// Fire a `storage` event (a `StorageEvent` with the change, and the
    /// target window's own `Storage` as `storageArea`) at a window still
    /// in the page's window tree.
    fn fire_storage(&self, n: dom_ecs::storage::StorageNotice) {
        let live = matches!(
            self.shared.lock_blocking().doc.top_window(n.target),
            Ok(Some(_))
        );
        if !live {
            return;
        }
        let text = |v: Option<String>| v.map(dom_ecs::EventValue::Text);
        let init = [
            ("key", text(n.key)),
            ("oldValue", text(n.old_value)),
            ("newValue", text(n.new_value)),
            ("url", Some(dom_ecs::EventValue::Text(n.url))),
            (
                "storageArea",
                Some(dom_ecs::EventValue::Storage {
                    window: n.target,
                    kind: n.kind,
                }),
            ),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        self.fire_data("storage", Some(n.target), false, "StorageEvent", init);
    }

    /// A microtask checkpoint of both engines.
    pub fn microtasks(&self) {
        self.checkpoint(false);
    }

    /// A microtask checkpoint of both engines; `in_js`: taken inside the
    /// host's call into JS (after a listener of an event the host fired),
    /// whose jobs then run through [`js_bridge::JsPage::run_jobs_nested`].
    pub fn checkpoint(&self, in_js: bool) {
        if let Some(js) = &self.js {
            let r = if in_js {
                js.run_jobs_nested()
            } else {
                js.run_jobs()
            };
            self.report("JS microtasks", r);
        }
        if self.py.is_some() {
            self.report(
                "Python microtasks",
                self.run_py("_ecsdom_run_microtasks()", "ecsdom:microtasks"),
            );
        }
    }

    /// Fire a trusted event the host makes, seen by both engines, at
    /// `target` (the window when None).
    pub fn fire(&self, kind: &str, target: Option<NodeId>, bubbles: bool) {
        self.fire_data(kind, target, bubbles, "", Vec::new());
    }

    /// [`Engines::fire`] for an event of a data event interface
    /// (`HashChangeEvent`...) with its init members.
    pub fn fire_data(
        &self,
        kind: &str,
        target: Option<NodeId>,
        bubbles: bool,
        interface: &str,
        init: Vec<(&'static str, dom_ecs::EventValue)>,
    ) {
        self.fire_event(kind, target, bubbles, false, interface, init);
    }

    /// [`Engines::fire_data`] for an event that may be `cancelable`.
    pub fn fire_event(
        &self,
        kind: &str,
        target: Option<NodeId>,
        bubbles: bool,
        cancelable: bool,
        interface: &str,
        init: Vec<(&'static str, dom_ecs::EventValue)>,
    ) {
        let shared = &self.shared;
        let event = {
            let mut st = shared.lock_blocking();
            let id = st.doc.create_event(kind, bubbles, cancelable);
            if let Ok(e) = st.doc.event_mut(id) {
                e.trusted = true;
                e.set_interface(interface);
                e.init = init;
            }
            id
        };
        self.dispatch_trusted(event, target);
        shared.lock_blocking().doc.release_event(event);
    }

    /// Dispatch the event `event` the DOM made (at the window when
    /// `target` is none), with the listeners of both languages; the caller
    /// releases it.
    pub fn dispatch_trusted(&self, event: dom_ecs::EventId, target: Option<NodeId>) {
        let shared = &self.shared;
        if let Some(js) = &self.js {
            self.report("load events", js.dispatch_event(event, target));
        }
        // Listeners of both languages are in the DOM's lists: whichever
        // engine dispatches calls them all in order. Without JS, Python does.
        if let Some(host) = &self.py
            && self.js.is_none()
        {
            let r = Python::attach(|py| -> Result<(), String> {
                let view =
                    crate::events::event_object(py, shared, event).map_err(|e| e.to_string())?;
                let globals = host.globals_dict(py);
                globals
                    .set_item("_ecsdom_host_event", view)
                    .map_err(|e| e.to_string())?;
                let at = match target {
                    Some(t) if shared.lock(py).doc.is_window(t) => {
                        crate::target::window_object(py, shared, t).map_err(|e| e.to_string())?
                    }
                    Some(t) => {
                        let mut st = shared.lock(py);
                        crate::node::wrap(py, shared, &mut st, t).map_err(|e| e.to_string())?
                    }
                    None => globals
                        .get_item("window")
                        .ok()
                        .flatten()
                        .map(|w| w.unbind())
                        .ok_or("the page has no window")?,
                };
                globals
                    .set_item("_ecsdom_host_target", at)
                    .map_err(|e| e.to_string())?;
                let r = self.run_py(
                    "_ecsdom_host_target.dispatchEvent(_ecsdom_host_event)",
                    "ecsdom:load-events",
                );
                let _ = globals.del_item("_ecsdom_host_event");
                let _ = globals.del_item("_ecsdom_host_target");
                r
            });
            self.report("load events", r);
        }
    }
}
