//! The embedded script host: run page scripts (`<script type="text/python">`)
//! against a document, in an interpreter embedded in a Rust binary or in
//! the Python process that imported `ecsdom`.
//!
//! [`ScriptHost`] holds one page's globals: `document`, `window`, and
//! whatever the page's scripts define, shared by all scripts of the page. A
//! script that raises does not stop anything: [`ScriptHost::run_script`]
//! returns the formatted traceback (with the script's file name and line).
//!
//! In a binary, call [`prepare_embedded`] before the interpreter starts and
//! [`setup_embedded`] after: the binary's own `ecsdom` module (compiled in,
//! so sharing its world) is what `import ecsdom` gives the scripts, and the
//! active virtual environment's packages are importable.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use pyo3::exceptions::{PyKeyboardInterrupt, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyModule};

use crate::node::PyDocument;

/// One page's script globals.
#[pyclass(module = "ecsdom", name = "ScriptHost")]
pub struct ScriptHost {
    globals: Py<PyDict>,
    /// Compile and run time of the last script (for profilers).
    timings: std::sync::Mutex<(Duration, Duration)>,
    /// Where compiled code is cached while a cached script runs.
    cache: std::sync::Mutex<Option<Arc<js_bridge::CompileCache>>>,
    /// The globals as the host set them up, before any page script ran
    /// (what a frame's globals start from).
    base: std::sync::OnceLock<Py<PyDict>>,
}

impl ScriptHost {
    /// Globals for a page: `document`, and `window` (an object whose
    /// `document` and `window` attributes lead back to the page).
    pub fn for_document(py: Python<'_>, document: Py<PyDocument>) -> PyResult<ScriptHost> {
        let window = py
            .import("ecsdom._window")?
            .getattr("Window")?
            .call1((&document,))?;
        let host = Self::with_document_global(py, document.bind(py).as_any())?;
        host.globals.bind(py).set_item("window", window)?;
        Ok(host)
    }

    /// Globals whose `document` is any object (a scheduler task's document,
    /// say), with no `window`.
    pub fn with_document_global(
        py: Python<'_>,
        document: &Bound<'_, PyAny>,
    ) -> PyResult<ScriptHost> {
        let globals = PyDict::new(py);
        globals.set_item("__builtins__", py.import("builtins")?)?;
        globals.set_item("__name__", "__main__")?;
        globals.set_item("document", document)?;
        Ok(ScriptHost {
            globals: globals.unbind(),
            timings: Default::default(),
            cache: Default::default(),
            base: Default::default(),
        })
    }

    /// Keep the globals as they are now (the host's set-up, before the
    /// page's scripts) for [`ScriptHost::for_frame`].
    pub fn keep_base(&self, py: Python<'_>) -> PyResult<()> {
        let copy = self.globals.bind(py).copy()?;
        let _ = self.base.set(copy.unbind());
        Ok(())
    }

    /// Globals for a frame's scripts: the host's set-up (timers on the
    /// page's one event loop) without anything the page's scripts defined,
    /// with the frame's `document` and `window`.
    pub fn for_frame(
        &self,
        py: Python<'_>,
        document: &Bound<'_, PyAny>,
        window: &Bound<'_, PyAny>,
    ) -> PyResult<ScriptHost> {
        let globals = match self.base.get() {
            Some(b) => b.bind(py).copy()?,
            None => PyDict::new(py),
        };
        globals.set_item("__builtins__", py.import("builtins")?)?;
        globals.set_item("__name__", "__main__")?;
        globals.set_item("document", document)?;
        globals.set_item("window", window)?;
        Ok(ScriptHost {
            globals: globals.unbind(),
            timings: Default::default(),
            cache: Default::default(),
            base: Default::default(),
        })
    }

    /// The page's globals, for a host to add its own functions to.
    pub fn globals_dict<'py>(&self, py: Python<'py>) -> Bound<'py, PyDict> {
        self.globals.bind(py).clone()
    }

    /// Run `source` as a script named `filename`. `Err` holds the formatted
    /// traceback of an uncaught exception; the page's state is kept either way.
    pub fn run_script(&self, py: Python<'_>, source: &str, filename: &str) -> Result<(), String> {
        self.exec(py, source, filename)
            .map_err(|err| format_exception(py, &err))
    }

    /// [`ScriptHost::run_script`] with a time budget: a script still running
    /// after `timeout` is interrupted (a `KeyboardInterrupt` raised in it,
    /// in the thread that runs it, again every 100 ms until it stops) and
    /// reported as a timeout. What Python cannot interrupt (a `time.sleep`,
    /// a C call holding the interpreter) goes on: in the page process the
    /// host's watchdog ends it (`host::watchdog`, which reads
    /// [`python_activity`]).
    pub fn run_script_with_timeout(
        &self,
        py: Python<'_>,
        source: &str,
        filename: &str,
        timeout: Duration,
    ) -> Result<(), String> {
        let thread: std::ffi::c_long =
            py.import("_thread")
                .and_then(|t| t.call_method0("get_ident"))
                .and_then(|id| id.extract::<u64>())
                .map_err(|e| format_exception(py, &e))? as std::ffi::c_long;
        let done = Arc::new(AtomicBool::new(false));
        let fired = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel::<()>();
        let watchdog = {
            let (done, fired) = (done.clone(), fired.clone());
            std::thread::spawn(move || {
                let mut wait = timeout;
                while let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(wait) {
                    Python::attach(|_py| {
                        // Checked with the GIL held: the script thread sets
                        // `done` with it held too, so no interrupt lands after.
                        if !done.load(Ordering::SeqCst) {
                            fired.store(true, Ordering::SeqCst);
                            interrupt(thread);
                        }
                    });
                    wait = Duration::from_millis(100);
                }
            })
        };
        let _busy = Busy::enter();
        let result = self.exec(py, source, filename);
        done.store(true, Ordering::SeqCst);
        drop(tx);
        py.detach(|| {
            let _ = watchdog.join();
        });
        match result {
            Ok(()) => Ok(()),
            Err(e)
                if fired.load(Ordering::SeqCst) && e.is_instance_of::<PyKeyboardInterrupt>(py) =>
            {
                Err(format!(
                    "{}TimeoutError: script interrupted after {:.1} s (script timeout)",
                    format_exception(py, &e)
                        .lines()
                        .filter(|l| !l.starts_with("KeyboardInterrupt"))
                        .map(|l| format!("{l}\n"))
                        .collect::<String>(),
                    timeout.as_secs_f64()
                ))
            }
            Err(e) => Err(format_exception(py, &e)),
        }
    }

    /// [`ScriptHost::run_script_with_timeout`] for a script loaded from a
    /// file (`src=`), with its compiled code cached in `cache_dir` keyed by
    /// a hash of the source (and the Python version), so the next run of
    /// the page skips compiling it.
    pub fn run_cached_script(
        &self,
        py: Python<'_>,
        source: &str,
        filename: &str,
        timeout: Duration,
        cache: &Arc<js_bridge::CompileCache>,
    ) -> Result<(), String> {
        *self.cache.lock().unwrap_or_else(|p| p.into_inner()) = Some(cache.clone());
        let r = self.run_script_with_timeout(py, source, filename, timeout);
        *self.cache.lock().unwrap_or_else(|p| p.into_inner()) = None;
        r
    }

    /// Compile `source` (a top-level `await` allowed: such a script is a
    /// coroutine), through the bytecode cache when one is set.
    fn compile<'py>(
        &self,
        py: Python<'py>,
        source: &str,
        filename: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let builtins = py.import("builtins")?;
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let compile = |builtins: &Bound<'py, PyAny>| {
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("flags", ALLOW_TOP_LEVEL_AWAIT)?;
            builtins
                .getattr("compile")?
                .call((source, filename, "exec"), Some(&kwargs))
        };
        let Some(cache) = cache else {
            return compile(builtins.as_any());
        };
        let marshal = py.import("marshal")?;
        let magic: Vec<u8> = py
            .import("importlib.util")?
            .getattr("MAGIC_NUMBER")?
            .extract()?;
        // The interpreter's magic number names its code format; the
        // entry's MAC proves this user's run wrote it, so `marshal` reads
        // only code we compiled.
        let entry = cache.entry(
            "py",
            &[
                source.as_bytes(),
                filename.as_bytes(),
                &magic,
                &ALLOW_TOP_LEVEL_AWAIT.to_le_bytes(),
            ],
        );
        if let Some(bytes) = entry.read()
            && let Ok(code) =
                marshal.call_method1("loads", (pyo3::types::PyBytes::new(py, &bytes),))
        {
            return Ok(code);
        }
        let code = compile(builtins.as_any())?;
        if let Ok(bytes) = marshal
            .call_method1("dumps", (&code,))
            .and_then(|b| b.extract::<Vec<u8>>())
        {
            entry.write(&bytes);
        }
        Ok(code)
    }

    fn exec(&self, py: Python<'_>, source: &str, filename: &str) -> PyResult<()> {
        // Register the source so tracebacks can quote its lines.
        let lines: Vec<String> = source.split_inclusive('\n').map(str::to_owned).collect();
        let entry = (source.len(), py.None(), lines, filename);
        py.import("linecache")?
            .getattr("cache")?
            .set_item(filename, entry)?;
        let builtins = py.import("builtins")?;
        let started = std::time::Instant::now();
        let code = self.compile(py, source, filename)?;
        let compiled = started.elapsed();
        // (`eval` of a script's code runs it as `exec` does, and gives the
        // coroutine of one that awaits at top level.)
        let globals = self.globals.bind(py);
        let result = builtins.getattr("eval")?.call1((code, globals));
        *self.timings.lock().unwrap_or_else(|p| p.into_inner()) =
            (compiled, started.elapsed() - compiled);
        let value = result?;
        if value.is_none() {
            return Ok(());
        }
        // A top-level `await`: the script goes on as a task of the page's
        // loop (its error is the page's, as any task's); with no page, it
        // runs to its end now on a loop of its own.
        match globals.get_item("_ecsdom_top_level_await")? {
            Some(start) => start.call1((value,)).map(|_| ()),
            None => py
                .import("asyncio")?
                .getattr("run")?
                .call1((value,))
                .map(|_| ()),
        }
    }

    /// Compile and run time of the last script this host ran.
    pub fn last_timings(&self) -> (Duration, Duration) {
        *self.timings.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`: a page script may `await` at top
/// level, as in PyScript.
const ALLOW_TOP_LEVEL_AWAIT: i32 = 0x2000;

/// The traceback of `err` as Python prints it.
pub fn format_exception(py: Python<'_>, err: &PyErr) -> String {
    let formatted = (|| -> PyResult<String> {
        let tb = py.import("traceback")?;
        let parts = tb.getattr("format_exception")?.call1((
            err.get_type(py),
            err.value(py),
            err.traceback(py),
        ))?;
        let text: Vec<String> = parts.extract()?;
        Ok(text.concat())
    })();
    formatted.unwrap_or_else(|_| err.to_string())
}

/// Raise `KeyboardInterrupt` in the Python thread `thread` (a
/// `threading.get_ident()`) at its next bytecode: unlike
/// `_thread.interrupt_main`, this reaches a script on any thread, and a
/// script that ignores SIGINT too. Call with the GIL held.
fn interrupt(thread: std::ffi::c_long) {
    // SAFETY: the caller holds the GIL, as the function requires; the
    // exception is a static type object that lives as long as the
    // interpreter; an unknown thread id is a no-op (it returns 0).
    #[allow(unsafe_code, reason = "CPython's async exception call; see SAFETY")]
    unsafe {
        pyo3::ffi::PyThreadState_SetAsyncExc(thread, pyo3::ffi::PyExc_KeyboardInterrupt);
    }
}

/// Raise `MemoryError` in the page's Python script running now on the
/// main thread, at its next check for pending calls (every few
/// bytecodes): CPython's `Py_AddPendingCall` needs neither the GIL nor a
/// thread state, so the thread that watches memory never waits on a
/// script that holds the GIL. CPython 3.11 flags the call for the main
/// thread only when the thread that adds it is the main thread, so a
/// short-lived thread also asks for the GIL: the main thread then stops at
/// its next check, runs the call and hands the GIL over. The call raises
/// only in the script run it was made for (by [`python_activity`]); one
/// waits at a time. False if none was added (no script runs, one already
/// waits, or CPython's queue is full).
pub fn raise_memory_error_soon() -> bool {
    let run = ACTIVITY.load(Ordering::Relaxed);
    if run.is_multiple_of(2)
        || MEMORY_ERROR_FOR
            .compare_exchange(0, run, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
    {
        return false;
    }
    if !add_memory_error_call() {
        MEMORY_ERROR_FOR.store(0, Ordering::Release);
        return false;
    }
    let _ = std::thread::Builder::new()
        .name("ecsdom-memory-poke".into())
        .spawn(|| Python::attach(|_| ()));
    true
}

/// The script run (an odd [`python_activity`] value) a waiting
/// `MemoryError` is for, else 0.
static MEMORY_ERROR_FOR: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn add_memory_error_call() -> bool {
    extern "C" fn raise(_: *mut std::ffi::c_void) -> std::ffi::c_int {
        let run = MEMORY_ERROR_FOR.swap(0, Ordering::AcqRel);
        if run != ACTIVITY.load(Ordering::Relaxed) {
            return 0;
        }
        // SAFETY: CPython runs pending calls on the main thread with the
        // GIL held; `PyErr_NoMemory` sets the error and returns NULL, and
        // -1 tells the caller an exception is set.
        #[expect(unsafe_code, reason = "CPython's error call; see SAFETY")]
        unsafe {
            pyo3::ffi::PyErr_NoMemory();
        }
        -1
    }
    // SAFETY: `raise` is a plain function that lives as long as the
    // program, and its argument is unused; CPython documents the call as
    // safe from any thread without the GIL.
    #[expect(unsafe_code, reason = "CPython's pending call; see SAFETY")]
    unsafe {
        pyo3::ffi::Py_AddPendingCall(Some(raise), std::ptr::null_mut()) == 0
    }
}

/// Incremented as the outermost Python script run starts and again as it
/// ends: odd while page Python runs (the page watchdog reads it).
static ACTIVITY: std::sync::LazyLock<Arc<std::sync::atomic::AtomicU64>> =
    std::sync::LazyLock::new(Arc::default);

/// How deep script runs are nested (a Python script, a JS listener it
/// dispatched to, a Python script that one ran...).
static DEPTH: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// What a watchdog reads to see that page Python is running: odd while a
/// script run ([`ScriptHost::run_script_with_timeout`]) is under way.
pub fn python_activity() -> Arc<std::sync::atomic::AtomicU64> {
    ACTIVITY.clone()
}

/// A script run under way, for [`python_activity`].
struct Busy;

impl Busy {
    fn enter() -> Busy {
        if DEPTH.fetch_add(1, Ordering::Relaxed) == 0 {
            ACTIVITY.fetch_add(1, Ordering::Relaxed);
        }
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if DEPTH.fetch_sub(1, Ordering::Relaxed) == 1 {
            ACTIVITY.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[pymethods]
impl ScriptHost {
    /// `ScriptHost(document)`: globals for a page whose scripts see `document`.
    #[new]
    fn py_new(py: Python<'_>, document: Py<PyDocument>) -> PyResult<Self> {
        ScriptHost::for_document(py, document)
    }

    /// Run a script; returns None, or the traceback text if it raised (or
    /// ran past `timeout` seconds).
    ///
    /// # Errors
    /// `ValueError` for a NaN or negative `timeout`.
    #[pyo3(signature = (source, filename = "<script>", timeout = None))]
    fn run(
        &self,
        py: Python<'_>,
        source: &str,
        filename: &str,
        timeout: Option<f64>,
    ) -> PyResult<Option<String>> {
        Ok(match timeout {
            Some(t) => self
                .run_script_with_timeout(py, source, filename, seconds_from_python("timeout", t)?)
                .err(),
            None => self.run_script(py, source, filename).err(),
        })
    }

    /// The page's globals (shared by all its scripts).
    #[getter]
    fn globals(&self, py: Python<'_>) -> Py<PyDict> {
        self.globals.clone_ref(py)
    }
}

/// Register the compiled-in `_native` module with the interpreter that is
/// about to start. Call before the interpreter starts (before the first
/// `Python::attach` of a binary built with pyo3's `auto-initialize`).
///
/// # Panics
/// If an interpreter is already running.
pub fn prepare_embedded() {
    pyo3::append_to_inittab!(_native_module);
}

/// Alias so `append_to_inittab!` can name the module function.
use crate::_native as _native_module;

const PACKAGE_INIT: &str = include_str!("../python/ecsdom/__init__.py");
/// The package's submodules, in import order (each imports only those
/// before it and `ecsdom._native`).
const SUBMODULES: [(&std::ffi::CStr, &std::ffi::CStr, &str); 9] = [
    (
        c"ecsdom/_html.py",
        c"ecsdom._html",
        include_str!("../python/ecsdom/_html.py"),
    ),
    (
        c"ecsdom/_errors.py",
        c"ecsdom._errors",
        include_str!("../python/ecsdom/_errors.py"),
    ),
    (
        c"ecsdom/_abort.py",
        c"ecsdom._abort",
        include_str!("../python/ecsdom/_abort.py"),
    ),
    (
        c"ecsdom/_events.py",
        c"ecsdom._events",
        include_str!("../python/ecsdom/_events.py"),
    ),
    (
        c"ecsdom/_window.py",
        c"ecsdom._window",
        include_str!("../python/ecsdom/_window.py"),
    ),
    (
        c"ecsdom/_worker.py",
        c"ecsdom._worker",
        include_str!("../python/ecsdom/_worker.py"),
    ),
    (
        c"ecsdom/_xhr.py",
        c"ecsdom._xhr",
        include_str!("../python/ecsdom/_xhr.py"),
    ),
    (
        c"ecsdom/pyscript.py",
        c"ecsdom.pyscript",
        include_str!("../python/ecsdom/pyscript.py"),
    ),
    (
        c"ecsdom/_page.py",
        c"ecsdom._page",
        include_str!("../python/ecsdom/_page.py"),
    ),
];

/// The embedded interpreter's `sys.stdout`: once the reader of a pipe has
/// gone (`BrokenPipeError`), what follows goes to `/dev/null` (so Python's
/// own flush at exit finds no pipe either).
const QUIET_PIPE: &std::ffi::CStr = c"
import sys as _sys

class _QuietPipe:
    def __init__(self, stream):
        self._stream = stream

    def _reader_gone(self):
        import os
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, self._stream.fileno())
        os.close(null)

    def write(self, s):
        try:
            return self._stream.write(s)
        except BrokenPipeError:
            self._reader_gone()
            return len(s)

    def flush(self):
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_gone()

    def __getattr__(self, name):
        return getattr(self._stream, name)

if _sys.stdout is not None and not isinstance(_sys.stdout, _QuietPipe):
    _sys.stdout = _QuietPipe(_sys.stdout)
del _sys, _QuietPipe
";

/// Make `import ecsdom` give the binary's own module (not a wheel's second
/// copy with its own world), and put the active virtual environment's
/// site-packages on `sys.path`. Call once, after the interpreter started.
pub fn setup_embedded(py: Python<'_>) -> PyResult<()> {
    let sys = py.import("sys")?;
    // pyo3 starts the interpreter without signal handlers: Ctrl-C raises
    // `KeyboardInterrupt` in a running script, as in `python` itself.
    let signal = py.import("signal")?;
    signal.call_method1(
        "signal",
        (
            signal.getattr("SIGINT")?,
            signal.getattr("default_int_handler")?,
        ),
    )?;
    // `print` to a closed pipe (`ecsdom run page | head`) ends the output
    // quietly, as JS's `console` does, instead of failing the script.
    py.run(QUIET_PIPE, None, None)?;
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        let version: (u8, u8) = sys
            .getattr("version_info")?
            .get_item(0)?
            .extract::<u8>()
            .and_then(|major| {
                Ok((
                    major,
                    sys.getattr("version_info")?.get_item(1)?.extract::<u8>()?,
                ))
            })?;
        let site = std::path::Path::new(&venv)
            .join("lib")
            .join(format!("python{}.{}", version.0, version.1))
            .join("site-packages");
        py.import("site")?.getattr("addsitedir")?.call1((site,))?;
    }
    let modules = sys.getattr("modules")?;
    if modules.contains("ecsdom")? {
        return Ok(());
    }
    let native = py.import("_native")?;
    modules.set_item("ecsdom._native", &native)?;
    for (file, name, source) in SUBMODULES {
        PyModule::from_code(py, &std::ffi::CString::new(source)?, file, name)?;
    }
    let package = PyModule::from_code(
        py,
        &std::ffi::CString::new(PACKAGE_INIT)?,
        c"ecsdom/__init__.py",
        c"ecsdom",
    )?;
    package.setattr("__path__", pyo3::types::PyList::empty(py))?;
    package.setattr("_native", native)?;
    Ok(())
}

/// Seconds from Python (argument `what`) as a duration: infinity (or
/// anything past `Duration::MAX`) means no limit; NaN and negative numbers
/// are refused with `ValueError`, as `queue.Queue.get` refuses them.
pub(crate) fn seconds_from_python(what: &str, t: f64) -> PyResult<Duration> {
    if t.is_nan() || t < 0.0 {
        return Err(PyValueError::new_err(format!(
            "'{what}' must be a non-negative number"
        )));
    }
    Ok(Duration::try_from_secs_f64(t).unwrap_or(Duration::MAX))
}
