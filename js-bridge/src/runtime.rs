//! One page's JavaScript: a QuickJS runtime and context with the DOM
//! installed, running scripts with a time budget and a memory limit, and
//! reporting an uncaught exception as text instead of stopping the page.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::{CatchResultExt, CaughtError, Context, Function, Runtime, qjs};

use crate::access::{DocumentAccess, with_doc};
use crate::bytecode;
use crate::natives;

/// Where `console` output goes: level 0 log/info/debug, 1 warn, 2 error.
pub type ConsoleSink = Box<dyn Fn(u8, &str)>;

/// Limits for the page's scripts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A script running longer is interrupted with an error.
    pub script_timeout: Duration,
    /// The JS heap may not grow past this (bytes); 0 for no limit.
    pub memory_limit: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            script_timeout: Duration::from_secs(10),
            memory_limit: 0,
        }
    }
}

/// A page's JS engine, bound to one document.
pub struct JsPage {
    // Field order is drop order: the persistent values must go before the
    // context and runtime they live in.
    keys: KeysGuard,
    /// Promises rejected with no handler, reported at the checkpoint's end.
    rejections: crate::rejections::Pending,
    natives: rquickjs::Persistent<rquickjs::Object<'static>>,
    context: Context,
    runtime: Runtime,
    deadline: Rc<Cell<Option<Instant>>>,
    limits: Limits,
    foreign: natives::ForeignCaller,
    checkpoint: natives::CheckpointHook,
    timers: natives::TimerSlot,
    fetched: crate::fetch::Fetched,
    profile: Rc<natives::Profile>,
    /// The local files module imports may read.
    files: crate::modules::Files,
    /// How deep the engine is entered (scripts, jobs, listener calls).
    depth: Cell<u32>,
    /// The document (the backup element queue is looked at before each
    /// script or task).
    access: Rc<dyn DocumentAccess>,
    /// Counts each entry into and exit from the engine at depth 0: odd
    /// while JS runs (the host's watchdog reads it; `JsPage::watch_activity`).
    activity: std::cell::OnceCell<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

/// Clears the natives' node keys when the page goes, first.
struct KeysGuard(crate::idl::NodeKeys);

impl Drop for KeysGuard {
    fn drop(&mut self) {
        self.0.clear();
    }
}

impl JsPage {
    /// A runtime and context with `document`, `window`, the DOM classes and
    /// `console` installed.
    ///
    /// # Errors
    /// If QuickJS can not be set up (out of memory).
    pub fn new(
        access: Rc<dyn DocumentAccess>,
        console: ConsoleSink,
        limits: Limits,
    ) -> rquickjs::Result<JsPage> {
        JsPage::make(access, console, limits, false)
    }

    /// A dedicated worker's engine: its global is a
    /// `DedicatedWorkerGlobalScope` (the interfaces `[Exposed]` to workers,
    /// `self`, `location`, `postMessage`, `importScripts`, `close`), over
    /// `access`'s document, which no script of it can reach: a document
    /// of the worker's own, whose URL is the worker's script's.
    ///
    /// # Errors
    /// If QuickJS can not be set up (out of memory).
    pub fn new_worker(
        access: Rc<dyn DocumentAccess>,
        console: ConsoleSink,
        limits: Limits,
    ) -> rquickjs::Result<JsPage> {
        JsPage::make(access, console, limits, true)
    }

    fn make(
        access: Rc<dyn DocumentAccess>,
        console: ConsoleSink,
        limits: Limits,
        worker: bool,
    ) -> rquickjs::Result<JsPage> {
        let (runtime, deadline) = new_runtime(limits)?;
        let rejections = crate::rejections::Pending::track(&runtime);
        let files = crate::modules::Files::default();
        runtime.set_loader(
            crate::modules::PageResolver,
            crate::modules::FileLoader(files.clone()),
        );
        let context = Context::full(&runtime)?;
        let foreign: natives::ForeignCaller = Rc::default();
        let checkpoint: natives::CheckpointHook = Rc::default();
        let timers: natives::TimerSlot = Rc::default();
        let fetched: crate::fetch::Fetched = Rc::default();
        let profile: Rc<natives::Profile> = Rc::default();
        let keys = crate::idl::NodeKeys::default();
        let page = with_doc(&*access, |d| crate::realm::RealmInfo {
            window: d.window(),
            document: d.root(),
        });
        let setup = Rc::new(crate::realm::Setup {
            runtime: runtime.clone(),
            access: access.clone(),
            foreign: foreign.clone(),
            checkpoint: checkpoint.clone(),
            timers: timers.clone(),
            deadline: deadline.clone(),
            fetched: fetched.clone(),
            profile: profile.clone(),
            console: Rc::from(console),
            worker,
            compiled: Default::default(),
        });
        let natives = context.with(|ctx| -> rquickjs::Result<_> {
            let n = crate::realm::install(&ctx, &setup, &keys, page, false)?;
            Ok(rquickjs::Persistent::save(&ctx, n))
        })?;
        Ok(JsPage {
            keys: KeysGuard(keys),
            rejections,
            runtime,
            context,
            deadline,
            limits,
            natives,
            foreign,
            checkpoint,
            timers,
            fetched,
            profile,
            files,
            depth: Cell::new(0),
            access,
            activity: std::cell::OnceCell::new(),
        })
    }

    /// Confine the module imports of the page to `scope` (the host's
    /// [`crate::FileScope`] for the page; unconfined until then).
    pub fn set_file_scope(&self, scope: crate::FileScope) {
        *self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = scope;
    }

    /// The record of DOM calls made from JS (enable it first).
    pub fn profile(&self) -> &natives::Profile {
        &self.profile
    }

    /// Give the page a timer queue: `setTimeout`/`setInterval` add to it,
    /// and the host calls [`JsPage::run_timer`] when one is due.
    pub fn set_timer_host(&self, host: Box<dyn natives::TimerHost>) {
        *self.timers.borrow_mut() = Some(host);
    }

    /// The `fetch()` request `id` is done (a task of the page's event
    /// loop): its promise settles with the `Response` or the network
    /// error's `TypeError`.
    pub fn fetch_done(
        &self,
        id: u64,
        result: Result<dom_ecs::fetch::Response, String>,
    ) -> Result<(), String> {
        self.fetched.borrow_mut().insert(id, result);
        self.call_native_hook("fetchDone", (id as f64,))
    }

    /// Give the page's global its `Worker` interface: the host runs
    /// workers ([`crate::TimerHost::start_worker`]).
    pub fn enable_workers(&self) -> Result<(), String> {
        self.call_native_hook("enableWorkers", ())
    }

    /// A message from worker `worker` (at the page), or from the owner
    /// (`None`, in a worker): a `MessageEvent` whose `data` is the message
    /// deserialized in this realm, dispatched at the `Worker` object or
    /// at the worker's global (a task of the event loop).
    pub fn worker_message(
        &self,
        worker: Option<u64>,
        message: &dom_ecs::structured::Serialized,
    ) -> Result<(), String> {
        let id = worker.map_or(-1.0, |w| w as f64);
        self.guarded(|ctx| {
            let n = self.natives.clone().restore(&ctx)?;
            let helpers: rquickjs::Object<'_> = n.get("cloneHelpers")?;
            let hook: Function<'_> = n.get("workerMessage")?;
            match crate::clone::deserialize(&ctx, message, &helpers) {
                Ok(data) => hook.call((id, data, false)),
                // (A message that can not be made here: `messageerror`.)
                Err(rquickjs::Error::Exception) => {
                    let _ = ctx.catch();
                    hook.call((id, rquickjs::Undefined, true))
                }
                Err(e) => Err(e),
            }
        })
    }

    /// An uncaught exception in worker `worker`'s script (already
    /// reported): an `ErrorEvent` at its `Worker` object.
    pub fn worker_error(
        &self,
        worker: u64,
        message: &str,
        filename: &str,
        line: u32,
    ) -> Result<(), String> {
        self.call_native_hook(
            "workerError",
            (worker as f64, message.to_owned(), filename.to_owned(), line),
        )
    }

    /// Run the callback of timer `id` (then the jobs it queued).
    pub fn run_timer(&self, id: u64, repeating: bool) -> Result<(), String> {
        self.call_native_hook("runTimer", (id as f64, repeating))
    }

    /// Give the page the host's microtask checkpoint of every engine,
    /// which the prelude performs after each listener of an event the host
    /// fires (<https://html.spec.whatwg.org/#clean-up-after-running-a-callback>):
    /// promise jobs a listener queued run before the next listener.
    pub fn set_checkpoint_hook(&self, hook: Box<dyn Fn()>) {
        *self.checkpoint.borrow_mut() = Some(hook);
    }

    /// The JS part of a microtask checkpoint taken while the host's call
    /// into JS is on the stack (an event the host fired, between two
    /// listeners): the pending jobs run through the raw runtime, which the
    /// outer frame holds (none when more than that call is on the stack);
    /// else as [`JsPage::run_jobs`]. `Err` holds the first job's uncaught
    /// exception.
    pub fn run_jobs_nested(&self) -> Result<(), String> {
        if !self.is_running() {
            return self.run_jobs();
        }
        // Only the host's own call on the stack: else script is running
        // below it, and microtasks wait for it to end.
        if self.depth.get() != 1 {
            return Ok(());
        }
        let mut first_error = None;
        // SAFETY: JS is running on this thread (`is_running`), so the
        // outer frame holds the runtime lock for this whole call, and the
        // runtime outlives it; a job's context is live while it is used.
        #[allow(unsafe_code, reason = "running jobs under the outer frame; see SAFETY")]
        unsafe {
            let rt = qjs::JS_GetRuntime(self.context.as_raw().as_ptr());
            loop {
                let mut job_ctx: *mut qjs::JSContext = std::ptr::null_mut();
                let r = self.entered(|| qjs::JS_ExecutePendingJob(rt, &mut job_ctx));
                if r == 0 {
                    break;
                }
                if r < 0
                    && let Some(raw) = std::ptr::NonNull::new(job_ctx)
                {
                    let ctx = rquickjs::Ctx::from_raw(raw);
                    let caught = CaughtError::from_error(&ctx, rquickjs::Error::Exception);
                    first_error.get_or_insert_with(|| describe(caught, self.limits.script_timeout));
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Let the page call listeners of another engine (Python) that its
    /// dispatches meet: `caller` gets each such invocation.
    pub fn set_foreign_caller(&self, caller: Box<dyn Fn(dom_ecs::Invocation)>) {
        *self.foreign.borrow_mut() = Some(caller);
    }

    /// Whether JS is running now (a script, a job or a listener is on the
    /// stack): the engine can not be entered again until it returns.
    pub fn is_running(&self) -> bool {
        self.depth.get() > 0
    }

    fn entered<R>(&self, f: impl FnOnce() -> R) -> R {
        let outermost = self.depth.get() == 0;
        let tick = || {
            if let Some(a) = self.activity.get().filter(|_| outermost) {
                a.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        };
        tick();
        self.depth.set(self.depth.get() + 1);
        let r = f();
        self.depth.set(self.depth.get() - 1);
        tick();
        r
    }

    /// Let the host watch this engine: `activity` is incremented as JS
    /// starts running (a script, a job, a callback the host calls) and
    /// again as it returns, so it is odd while JS runs. A watchdog that
    /// sees it odd and unchanged for too long knows the engine is stuck
    /// where its own interrupt cannot reach (a native call that does not
    /// return). Set once; later calls are ignored.
    pub fn watch_activity(&self, activity: std::sync::Arc<std::sync::atomic::AtomicU64>) {
        let _ = self.activity.set(activity);
    }

    /// Call the JS listener of `inv` (a dispatch another engine drives).
    ///
    /// May be called while JS is running on this thread (a JS listener
    /// called a Python listener that dispatched again).
    pub fn call_listener(&self, inv: dom_ecs::Invocation) -> Result<(), String> {
        self.call_native_hook(
            "callListener",
            (
                inv.callback.engine,
                inv.callback.key as f64,
                inv.event.to_bits() as f64,
                f64::from(inv.current_target.index()),
                inv.handler,
                inv.in_shadow_tree,
            ),
        )
    }

    /// Dispatch event `event` (made by the host or another engine) at
    /// `target`, or at the window when `None`, through JS's
    /// `dispatchEvent`, so window listeners and JS listeners run.
    pub fn dispatch_event(
        &self,
        event: dom_ecs::EventId,
        target: Option<dom_ecs::NodeId>,
    ) -> Result<(), String> {
        let target = target.map_or(-1.0, |t| f64::from(t.index()));
        self.call_native_hook("dispatchFromHost", (event.to_bits() as f64, target))
    }

    fn call_native_hook<A: for<'js> rquickjs::function::IntoArgs<'js>>(
        &self,
        name: &str,
        args: A,
    ) -> Result<(), String> {
        let call = |ctx: rquickjs::Ctx<'_>| -> rquickjs::Result<()> {
            let n = self.natives.clone().restore(&ctx)?;
            let f: Function = n.get(name)?;
            f.call::<_, ()>(args)
        };
        self.guarded(call)
    }

    /// Enter the context while JS below us on this thread's stack called
    /// out (a JS listener ran a Python listener that dispatched again; a
    /// DOM call inserted a script): the runtime is locked by that outer
    /// frame and `Context::with` would deadlock. Enter through the raw
    /// context instead, under the outer deadline; the outer frame drains
    /// the jobs (no microtask checkpoint while script is on the stack).
    fn nested(
        &self,
        f: impl for<'js> FnOnce(rquickjs::Ctx<'js>) -> rquickjs::Result<()>,
    ) -> Result<(), String> {
        // SAFETY: `depth > 0` and `JsPage` is `!Send`, so an outer
        // `Context::with` or job run on this thread holds the runtime
        // lock for the whole of this call, as `Ctx::from_raw` requires.
        #[allow(unsafe_code, reason = "re-entering the context; see SAFETY")]
        let ctx = unsafe { rquickjs::Ctx::from_raw(self.context.as_raw()) };
        self.entered(|| {
            f(ctx.clone())
                .catch(&ctx)
                .map_err(|e| describe(e, self.limits.script_timeout))
        })
    }

    /// Run a classic script named `filename`, then the jobs it queued.
    /// `Err` holds the uncaught exception as the browser console shows it,
    /// with its stack; the page's state is kept either way.
    pub fn run_script(&self, source: &str, filename: &str) -> Result<(), String> {
        self.guarded(|ctx| eval_classic(&ctx, source, filename))
    }

    /// Run a classic script in the realm of window `window` (an iframe's,
    /// whose realm is made now if no script reached it before), then the
    /// jobs it queued. `Err` as for [`JsPage::run_script`].
    pub fn run_script_in(
        &self,
        window: dom_ecs::NodeId,
        source: &str,
        filename: &str,
    ) -> Result<(), String> {
        self.guarded(|ctx| {
            let realm = self.keys.0.realm_context(&ctx, window)?;
            self.keys.0.with_realms(&ctx, |r| {
                r.note_script(filename, window);
                Ok(())
            })?;
            eval_classic(&realm.enter(ctx), source, filename)
        })
    }

    /// Evaluate a `javascript:` URL's script in the realm of window
    /// `window` (<https://html.spec.whatwg.org/#evaluate-a-javascript:-url>),
    /// then the jobs it queued: its result when that is a string (the
    /// HTML of the document that replaces the window's), else none. `Err`
    /// as for [`JsPage::run_script`].
    pub fn eval_javascript_url_in(
        &self,
        window: dom_ecs::NodeId,
        source: &str,
        filename: &str,
    ) -> Result<Option<String>, String> {
        let mut result = None;
        let slot = &mut result;
        self.guarded(|ctx| {
            let realm = self.keys.0.realm_context(&ctx, window)?;
            let ctx = realm.enter(ctx);
            let mut options = EvalOptions::default();
            options.global = true;
            options.strict = false;
            options.filename = Some(filename.to_owned());
            let value: rquickjs::Value = ctx.eval_with_options(source, options)?;
            if let Some(s) = value.as_string() {
                *slot = Some(s.to_string()?);
            }
            Ok(())
        })?;
        Ok(result)
    }

    /// Run a module script (`<script type="module">`) named `name` (a file
    /// path: its relative `import`s resolve against it), then the jobs it
    /// queued; top-level `await` is waited for. `Err` as for
    /// [`JsPage::run_script`].
    pub fn run_module(&self, source: &str, name: &str) -> Result<(), String> {
        self.guarded(|ctx| {
            let promise = rquickjs::Module::evaluate(ctx.clone(), name, source)?;
            // Settle it (module evaluation and its awaits are jobs).
            match promise.finish::<()>() {
                Err(rquickjs::Error::WouldBlock) => Ok(()), // waits on a timer: the event loop goes on
                other => other,
            }
        })
    }

    /// [`JsPage::run_script`] through the bytecode cache, keyed by the
    /// source and name: the first run compiles and writes the bytecode,
    /// later runs skip the compiler. Returns the time spent compiling or
    /// loading (the rest is running).
    pub fn run_cached_script(
        &self,
        source: &str,
        filename: &str,
        cache: &crate::CompileCache,
    ) -> (Duration, Result<(), String>) {
        let started = Instant::now();
        let entry = bytecode::entry(cache, source, filename);
        let bytes = match entry.read() {
            Some(bytes) => bytes,
            None => match self.context.with(|ctx| {
                bytecode::compile(&ctx, source, filename)
                    .catch(&ctx)
                    .map_err(|e| describe(e, self.limits.script_timeout))
            }) {
                Ok(bytes) => {
                    entry.write(&bytes);
                    bytes
                }
                // A syntax error: report it the way an uncached run does.
                Err(e) => return (started.elapsed(), Err(e)),
            },
        };
        let compile = started.elapsed();
        // SAFETY: `bytes` is what `compile` wrote: this run's, or an
        // entry whose MAC proves this user's run wrote it.
        #[allow(unsafe_code, reason = "reading checked bytecode; see SAFETY")]
        let r = self.guarded(|ctx| unsafe { bytecode::run(&ctx, &bytes) });
        (compile, r)
    }

    /// Enter the context under the script deadline, turn an uncaught
    /// exception into text, then run the jobs the code queued (entered
    /// again from JS on the stack: [`JsPage::nested`]).
    fn guarded(
        &self,
        f: impl for<'js> FnOnce(rquickjs::Ctx<'js>) -> rquickjs::Result<()>,
    ) -> Result<(), String> {
        if self.is_running() {
            return self.nested(f);
        }
        // Custom elements the parser (or Python) made since the last
        // script are upgraded before the next one runs, as the parser's
        // synchronous construction would have done.
        if crate::access::lend(&*self.access, |d| d.has_backup_reactions()) {
            self.backup_reactions()?;
        }
        let deadline = self.fresh_deadline();
        self.deadline.set(deadline);
        let result = self.entered(|| {
            self.context.with(|ctx| {
                f(ctx.clone())
                    .catch(&ctx)
                    .map_err(|e| describe(e, self.limits.script_timeout))
            })
        });
        self.deadline.set(None);
        result.map_err(|e| self.out_of_memory(e))?;
        self.run_jobs_within(deadline)
    }

    /// Invoke the custom element reactions of the backup element queue
    /// (the prelude's `ceBackup`), under the script timeout, running no
    /// jobs after.
    fn backup_reactions(&self) -> Result<(), String> {
        let call = |ctx: rquickjs::Ctx<'_>| -> rquickjs::Result<()> {
            let n = self.natives.clone().restore(&ctx)?;
            let f: Function = n.get("ceBackup")?;
            f.call::<_, ()>(())
        };
        if self.is_running() {
            return self.nested(call);
        }
        let deadline = self.fresh_deadline();
        self.deadline.set(deadline);
        let result = self.entered(|| {
            self.context.with(|ctx| {
                call(ctx.clone())
                    .catch(&ctx)
                    .map_err(|e| describe(e, self.limits.script_timeout))
            })
        });
        self.deadline.set(None);
        result.map_err(|e| self.out_of_memory(e))
    }

    fn fresh_deadline(&self) -> Option<Instant> {
        Instant::now().checked_add(self.limits.script_timeout)
    }

    /// Name an out-of-memory for what it is: when QuickJS cannot even
    /// allocate its "out of memory" error, it throws `null` instead, which
    /// reads as an exception that is no object; at the memory limit, that
    /// is the out-of-memory.
    fn out_of_memory(&self, msg: String) -> String {
        let limit = self.limits.memory_limit;
        if msg != NOT_AN_OBJECT || limit == 0 {
            return msg;
        }
        let used = usize::try_from(self.runtime.memory_usage().malloc_size).unwrap_or(0);
        if used.saturating_add(1 << 20) >= limit {
            format!(
                "Uncaught InternalError: out of memory (the JS memory limit, {} MiB)",
                limit >> 20
            )
        } else {
            msg
        }
    }

    /// Run pending jobs (promise reactions, finalizers) until none are left.
    pub fn run_jobs(&self) -> Result<(), String> {
        let result = self.run_jobs_within(self.fresh_deadline());
        if !self.is_running() && self.keys.0.listener_cycles_due() {
            self.collect_listener_cycles();
        }
        result
    }

    /// Collect the cycles that listeners make through the DOM: a listener
    /// whose function refers to its own node (`e.addEventListener('click',
    /// () => e.remove())`) keeps the node's wrapper, which pins the node,
    /// whose listener list keeps the function; QuickJS sees no cycle, as
    /// the list is in the DOM. For each detached tree that only its
    /// wrappers keep alive, the prelude moves the functions only its
    /// listeners use from its table into a `WeakMap` keyed by the tree's
    /// wrappers (an ephemeron: kept while any of them lives), the engine
    /// collects, and the functions of a tree with a wrapper left go back.
    /// The others go with their wrappers, whose nodes are then unpinned and
    /// reclaimed by the DOM's next collection. Between tasks only.
    fn collect_listener_cycles(&self) {
        if self.is_running() {
            return;
        }
        let began = Cell::new(false);
        let result = self.guarded(|ctx| {
            let n = self.natives.clone().restore(&ctx)?;
            let f: Function = n.get("beginListenerTrial")?;
            began.set(f.call(())?);
            Ok(())
        });
        if result.is_err() {
            // (Out of memory, say: give back what it took, collecting nothing.)
            let _ = self.call_native_hook("endListenerTrial", ());
        } else if began.get() {
            self.runtime.run_gc();
            let _ = self.call_native_hook("endListenerTrial", ());
            self.keys.0.reclaim_nodes();
        }
    }

    /// [`JsPage::run_jobs`] as part of the script that queued them: the
    /// microtasks share its deadline, so an endless chain of them
    /// (`function f() { queueMicrotask(f) }`) is interrupted like an
    /// endless loop. Past the deadline every job is interrupted at the
    /// engine's next check, until one lands before the chain's next link
    /// is queued; what else was queued runs out of time the same way.
    fn run_jobs_within(&self, deadline: Option<Instant>) -> Result<(), String> {
        // The backup element queue's custom element reactions (what the
        // parser, Python or the host queued outside any JS call).
        let mut first_error = self.backup_reactions().err();
        let past = || deadline.is_some_and(|d| Instant::now() > d);
        let mut late = 0u32;
        'checkpoint: loop {
            while self.runtime.is_job_pending() {
                // Past the deadline each job is interrupted at the engine's
                // next check and `queueMicrotask` refuses, which ends any
                // chain; still, a bounded number of jobs run, and what is
                // left waits for the next checkpoint.
                if past() {
                    late += 1;
                    if late > LATE_JOBS {
                        break 'checkpoint;
                    }
                }
                self.deadline.set(deadline);
                if let Err(e) = self.entered(|| self.runtime.execute_pending_job()) {
                    let msg = e.0.with(|ctx| {
                        let caught = CaughtError::from_error(&ctx, rquickjs::Error::Exception);
                        describe(caught, self.limits.script_timeout)
                    });
                    first_error.get_or_insert(msg);
                }
            }
            // Observers with records no microtask was queued for (a DOM
            // call of the other engine queued them): their microtask now.
            if self.is_running() || past() {
                break;
            }
            let checked = self.entered(|| {
                self.context.with(|ctx| {
                    let call = || -> rquickjs::Result<()> {
                        let n = self.natives.clone().restore(&ctx)?;
                        let f: Function = n.get("observerCheckpoint")?;
                        f.call(())
                    };
                    call()
                        .catch(&ctx)
                        .map_err(|e| describe(e, self.limits.script_timeout))
                })
            });
            if let Err(e) = checked {
                first_error.get_or_insert(e);
            }
            if !self.runtime.is_job_pending() {
                break;
            }
        }
        self.deadline.set(None);
        // The promises still rejected with no handler: each is reported.
        if !self.is_running() {
            let reports = self.context.with(|ctx| {
                self.rejections
                    .take_reports(&ctx, self.limits.script_timeout)
            });
            for report in reports {
                first_error = Some(match first_error {
                    Some(e) => format!("{e}\n{report}"),
                    None => report,
                });
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Collect garbage in the JS heap: demote wrappers of disconnected
    /// nodes, collect, and run the finalizers that unpin their nodes.
    pub fn collect_garbage(&self) {
        if !self.is_running() {
            let _ = self.call_native_hook("demote", ());
            self.collect_listener_cycles();
        }
        self.runtime.run_gc();
        let _ = self.run_jobs();
    }

    /// Set global `name` to the string `value` (hosts passing data in
    /// without quoting it into source).
    pub fn set_global_string(&self, name: &str, value: &str) -> Result<(), String> {
        self.context
            .with(|ctx| ctx.globals().set(name, value))
            .map_err(|e| e.to_string())
    }

    /// Evaluate an expression and return it as a string (tests, `--eval-js`).
    pub fn eval_to_string(&self, source: &str) -> Result<String, String> {
        self.context.with(|ctx| {
            let mut options = EvalOptions::default();
            options.global = true;
            options.promise = false;
            options.filename = Some("<eval>".to_owned());
            ctx.eval_with_options::<rquickjs::Value, _>(source, options)
                .and_then(|v| {
                    // (As Unicode: a lone surrogate is U+FFFD.)
                    let s = crate::idl::string(&ctx, v)?;
                    Ok(dom_ecs::dom_string::to_usv(&s).into_owned())
                })
                .catch(&ctx)
                .map_err(|e| describe(e, self.limits.script_timeout))
        })
    }
}

/// Evaluate a classic script (sloppy, global) named `filename` in `ctx`.
fn eval_classic(ctx: &rquickjs::Ctx<'_>, source: &str, filename: &str) -> rquickjs::Result<()> {
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.promise = false;
    options.filename = Some(filename.to_owned());
    ctx.eval_with_options::<(), _>(source, options)
}

/// A runtime with the stack size, memory limit and interrupt handler every
/// engine of ours uses; the handler interrupts once the returned deadline
/// (set around each entry) has passed.
pub(crate) fn new_runtime(
    limits: Limits,
) -> rquickjs::Result<(Runtime, Rc<Cell<Option<Instant>>>)> {
    // (The memory limit is the allocator's: `memory.rs`.)
    let runtime = if limits.memory_limit > 0 {
        Runtime::new_with_alloc(crate::memory::LimitedAllocator::new(limits.memory_limit))?
    } else {
        Runtime::new()?
    };
    runtime.set_max_stack_size(1 << 20);
    let deadline: Rc<Cell<Option<Instant>>> = Rc::default();
    let d = deadline.clone();
    runtime.set_interrupt_handler(Some(Box::new(move || {
        d.get().is_some_and(|t| Instant::now() > t)
    })));
    Ok((runtime, deadline))
}

/// How many jobs a microtask checkpoint runs past its deadline.
const LATE_JOBS: u32 = 10_000;

/// What [`describe`] says of an exception that is no object.
const NOT_AN_OBJECT: &str = "Uncaught exception (not an object)";

/// The text of an uncaught exception: `Uncaught Name: message` and its stack.
pub(crate) fn describe(err: CaughtError<'_>, timeout: Duration) -> String {
    let object = match err {
        CaughtError::Exception(e) => e.into_object(),
        // DOMException is not an Error subclass in QuickJS: read it the same way.
        CaughtError::Value(v) => match v.into_object() {
            Some(o) => o,
            None => return NOT_AN_OBJECT.into(),
        },
        CaughtError::Error(e) => return format!("Uncaught {e}"),
    };
    let text = |key: &str| {
        object
            .get::<_, Option<rquickjs::Coerced<String>>>(key)
            .ok()
            .flatten()
            .map(|s| s.0)
    };
    let name = text("name").unwrap_or_else(|| "Error".into());
    let message = text("message").unwrap_or_default();
    let mut out = if name == "InternalError" && message.contains("interrupted") {
        format!(
            "Uncaught InternalError: script interrupted after {:.1} s (script timeout)",
            timeout.as_secs_f64()
        )
    } else {
        format!("Uncaught {name}: {message}")
    };
    if let Some(stack) = text("stack").filter(|s| !s.trim().is_empty()) {
        out.push('\n');
        out.push_str(stack.trim_end());
    }
    out
}
