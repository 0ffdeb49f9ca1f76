//! The `ecsdom` command: run a page's Python and JavaScript against one
//! DOM (`run`), or parse and inspect a page (`dump`, `select`, `tree`).

mod bench;
mod event_loop;
mod profile;
mod run;
mod wpt;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use ecsdom::Document;

/// mimalloc: command-buffer applies and parallel scripts allocate on
/// several threads at once, which glibc malloc serializes on one arena.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  ecsdom run PAGE.html [--dump-dom] [--eval-js CODE]... [--eval-py CODE]... [--strict]
                       [--script-timeout SECONDS] [--js-memory-limit MB]
                       [--real-time] [--time-budget SECONDS] [--profile] [--trace FILE]
                       [--cache-dir DIR | --no-cache]
      parse the page, running each script when the parser reaches it
      (JavaScript in QuickJS, type=\"text/python\" in the embedded Python, on
      one DOM; defer/async src= and module scripts after the parse), then the
      event loop: timers in virtual time (or --real-time) up to the budget (30 s);
      --profile (or PYTHON_PROFILE=1) prints script times, DOM calls, crossings,
      peak memory; --trace FILE writes Chrome trace events
  ecsdom bench WORKLOAD --n N --lang py|js|rust [--repeat R] [--input FILE]
      one workload (compute, dom_access, dom_access_qs, build, query, parse,
      serialize, attrs) timed on our DOM; prints one JSON line
      (--print input|js-body prints the workload's document or its JS body
      instead, for the runners of other DOMs in benches/compare.py)
  ecsdom wpt DIR [--strict] [--verbose]
      run every testharness page under DIR (each in its own process; ecsdom
      serves its own testharness.js for /resources/testharness.js), print a pass table
  ecsdom dump PAGE.html            parse the page and print its DOM serialized
  ecsdom select PAGE.html SELECTOR print each element matching SELECTOR (outerHTML)
  ecsdom tree PAGE.html            print the DOM in the html5lib test format";

/// Write a line to stdout. A closed stdout (`ecsdom run page | head`) ends
/// the output, not the program: no panic from a script's `console.log`.
pub(crate) fn out_line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{s}");
}

/// Write a line to stderr, ignoring a closed stderr.
pub(crate) fn err_line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{s}");
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("ecsdom: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &str) -> Result<Document, String> {
    let html = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(Document::parse(&String::from_utf8_lossy(&html)))
}

fn dispatch(args: &[String]) -> Result<u8, String> {
    match args {
        [cmd, rest @ ..] if cmd == "run" => run::run(&run_options(rest)?),
        [cmd, rest @ ..] if cmd == "bench" => bench::bench(&bench_options(rest)?),
        [cmd, rest @ ..] if cmd == "wpt" => {
            let strict = rest.iter().any(|a| a == "--strict");
            let verbose = rest.iter().any(|a| a == "--verbose");
            let dirs: Vec<&String> = rest.iter().filter(|a| !a.starts_with("--")).collect();
            match dirs.as_slice() {
                [dir] => wpt::wpt(std::path::Path::new(dir), strict, verbose),
                _ => Err(USAGE.to_owned()),
            }
        }
        [cmd, page] if cmd == "dump" => {
            out_line(&load(page)?.dump_dom());
            Ok(0)
        }
        [cmd, page] if cmd == "tree" => {
            let doc = load(page)?;
            let tree = doc.to_test_format(doc.root()).map_err(|e| e.to_string())?;
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(tree.as_bytes());
            Ok(0)
        }
        [cmd, page, selector] if cmd == "select" => {
            let doc = load(page)?;
            let hits = doc
                .query_selector_all(doc.root(), selector)
                .map_err(|e| e.to_string())?;
            for h in hits {
                out_line(&doc.outer_html(h).map_err(|e| e.to_string())?);
            }
            Ok(0)
        }
        _ => Err(USAGE.to_owned()),
    }
}

fn bench_options(args: &[String]) -> Result<bench::BenchOptions, String> {
    let mut opts = bench::BenchOptions {
        workload: String::new(),
        n: 10_000,
        lang: "rust".into(),
        repeat: 5,
        input: None,
        print: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--n" => opts.n = parsed(value(a)?, a, "a number")?,
            "--lang" => opts.lang = value(a)?,
            "--print" => opts.print = Some(value(a)?),
            "--repeat" => opts.repeat = parsed(value(a)?, a, "a number")?,
            "--input" => opts.input = Some(PathBuf::from(value(a)?)),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"));
            }
            w if opts.workload.is_empty() => opts.workload = w.to_owned(),
            extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
    if opts.workload.is_empty() {
        return Err(USAGE.to_owned());
    }
    Ok(opts)
}

/// The value of `flag` as a number; the error says what it takes.
fn parsed<T: std::str::FromStr>(value: String, flag: &str, what: &str) -> Result<T, String> {
    value.parse().map_err(|_| format!("{flag} takes {what}"))
}

fn run_options(args: &[String]) -> Result<run::RunOptions, String> {
    let mut opts = run::RunOptions {
        script_timeout: Duration::from_secs(10),
        time_budget: Duration::from_secs(30),
        ..Default::default()
    };
    let mut page = None;
    let mut no_cache = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--dump-dom" => opts.dump_dom = true,
            "--strict" => opts.strict = true,
            "--real-time" => opts.real_time = true,
            "--profile" => opts.profile = true,
            "--cache-dir" => opts.cache_dir = Some(PathBuf::from(value(a)?)),
            "--no-cache" => no_cache = true,
            "--trace" => opts.trace = Some(PathBuf::from(value(a)?)),
            "--time-budget" => {
                let s: f64 = parsed(value(a)?, a, "seconds")?;
                opts.time_budget = Duration::from_secs_f64(s.max(0.0));
            }
            "--eval-js" => opts.eval_js.push(value(a)?),
            "--eval-py" => opts.eval_py.push(value(a)?),
            "--script-timeout" => {
                let s: f64 = parsed(value(a)?, a, "seconds")?;
                opts.script_timeout = Duration::from_secs_f64(s.max(0.001));
            }
            "--js-memory-limit" => {
                let mb: usize = parsed(value(a)?, a, "megabytes")?;
                opts.js_memory_limit = mb << 20;
            }
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"));
            }
            p if page.is_none() => page = Some(PathBuf::from(p)),
            extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
    opts.page = page.ok_or_else(|| USAGE.to_owned())?;
    if no_cache {
        opts.cache_dir = None;
    } else if opts.cache_dir.is_none() {
        // $XDG_CACHE_HOME/ecsdom, else ~/.cache/ecsdom.
        opts.cache_dir = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|d| d.join("ecsdom"));
    }
    if std::env::var("PYTHON_PROFILE").is_ok_and(|v| !v.is_empty() && v != "0") {
        opts.profile = true;
    }
    Ok(opts)
}
