//! `ecsdom run --profile` (or `PYTHON_PROFILE=1`) and `--trace FILE`: what
//! the page's scripts cost. At exit it prints each script's compile and run
//! time, the DOM calls each language made (by name: count and total time),
//! the calls across the language boundary, and peak memory; `--trace`
//! writes the same spans as Chrome trace events (Perfetto, chrome://tracing).

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A page script's name, language, compile time (if known) and total time.
type ScriptTiming = (String, &'static str, Option<Duration>, Duration);

struct Span {
    name: String,
    cat: &'static str,
    start: Duration,
    dur: Duration,
}

/// What is measured during one `ecsdom run`.
pub struct Profiler {
    /// Print the report at exit.
    pub report: bool,
    trace: Option<PathBuf>,
    start: Instant,
    spans: RefCell<Vec<Span>>,
    scripts: RefCell<Vec<ScriptTiming>>,
    /// Listener calls from a JS dispatch into Python.
    pub js_to_py: Cell<u64>,
    /// Listener calls from a Python dispatch into JS.
    pub py_to_js: Cell<u64>,
}

impl Profiler {
    /// A profiler; does nothing unless `report` or `trace` is set.
    pub fn new(report: bool, trace: Option<PathBuf>) -> Profiler {
        Profiler {
            report,
            trace,
            start: Instant::now(),
            spans: RefCell::default(),
            scripts: RefCell::default(),
            js_to_py: Cell::new(0),
            py_to_js: Cell::new(0),
        }
    }

    /// Whether anything is recorded.
    pub fn active(&self) -> bool {
        self.report || self.trace.is_some()
    }

    /// Time `f` as a span named `name` in category `cat`.
    pub fn span<R>(&self, cat: &'static str, name: &str, f: impl FnOnce() -> R) -> R {
        if !self.active() {
            return f();
        }
        let start = self.start.elapsed();
        let r = f();
        self.spans.borrow_mut().push(Span {
            name: name.to_owned(),
            cat,
            start,
            dur: self.start.elapsed() - start,
        });
        r
    }

    /// Record a page script: its language, compile time if known, run time.
    pub fn script(&self, name: &str, lang: &'static str, compile: Option<Duration>, run: Duration) {
        if self.active() {
            self.scripts
                .borrow_mut()
                .push((name.to_owned(), lang, compile, run));
        }
    }

    /// Print the report to stderr and write the trace file.
    pub fn finish(
        &self,
        js_calls: &[(&str, u64, Duration)],
        py_calls: &[(String, u64, f64)],
    ) -> Result<(), String> {
        if self.report {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let mut out = String::from("ecsdom profile\n  scripts:\n");
            for (name, lang, compile, run) in self.scripts.borrow().iter() {
                match compile {
                    Some(c) => writeln!(
                        out,
                        "    {lang:<2} compile {:>8.3} ms  run {:>9.3} ms  {name}",
                        ms(*c),
                        ms(*run) - ms(*c)
                    ),
                    None => writeln!(
                        out,
                        "    {lang:<2} compile+run {:>9.3} ms            {name}",
                        ms(*run)
                    ),
                }
                .ok();
            }
            let mut section = |title: &str, rows: Vec<(String, u64, f64)>| {
                writeln!(out, "  {title} (calls, total ms):").ok();
                for (name, n, t) in rows.iter().take(25) {
                    writeln!(out, "    {name:<32} {n:>9} {t:>10.3}").ok();
                }
                rows.iter().map(|r| r.1).sum::<u64>()
            };
            let js_total = section(
                "DOM calls from JavaScript",
                js_calls
                    .iter()
                    .map(|(n, c, t)| ((*n).to_owned(), *c, ms(*t)))
                    .collect(),
            );
            let py_total = section("DOM calls from Python (methods)", py_calls.to_vec());
            writeln!(
                out,
                "  language crossings: JS -> DOM {js_total}, Python -> DOM {py_total}, \
                 JS dispatch -> Python listener {}, Python dispatch -> JS listener {}",
                self.js_to_py.get(),
                self.py_to_js.get()
            )
            .ok();
            writeln!(out, "  peak memory: {}", peak_memory()).ok();
            eprint!("{out}");
        }
        if let Some(path) = &self.trace {
            let mut json = String::from("{\"traceEvents\":[");
            for (i, s) in self.spans.borrow().iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                write!(
                    json,
                    "{{\"name\":{:?},\"cat\":\"{}\",\"ph\":\"X\",\"ts\":{},\"dur\":{},\"pid\":1,\"tid\":1}}",
                    s.name,
                    s.cat,
                    s.start.as_micros(),
                    s.dur.as_micros().max(1)
                )
                .ok();
            }
            json.push_str("],\"displayTimeUnit\":\"ms\"}");
            std::fs::write(path, json)
                .map_err(|e| format!("cannot write the trace {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// Peak resident memory of this process (VmHWM), as text.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Python code that counts calls of ecsdom methods with `sys.setprofile`
/// (method calls; property reads and writes are not C calls and are not seen).
pub const PY_PROFILER: &str = r#"
import sys as _sys, time as _time
_ecsdom_calls = {}
_ecsdom_call_stack = []

def _ecsdom_profile(frame, event, arg):
    if event == "c_call":
        owner = getattr(arg, "__self__", None)
        if owner is not None and type(owner).__module__ == "ecsdom":
            _ecsdom_call_stack.append((f"{type(owner).__name__}.{arg.__name__}", _time.perf_counter()))
        else:
            _ecsdom_call_stack.append(None)
    elif event in ("c_return", "c_exception") and _ecsdom_call_stack:
        entry = _ecsdom_call_stack.pop()
        if entry is not None:
            n, t = _ecsdom_calls.get(entry[0], (0, 0.0))
            _ecsdom_calls[entry[0]] = (n + 1, t + (_time.perf_counter() - entry[1]) * 1000.0)

_sys.setprofile(_ecsdom_profile)

def _ecsdom_profile_report():
    _sys.setprofile(None)
    return sorted(((k, n, t) for k, (n, t) in _ecsdom_calls.items()), key=lambda r: -r[2])
"#;
