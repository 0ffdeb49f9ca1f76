//! The `ecsdom` command: run a page's Python and JavaScript against one
//! DOM (`run`), or parse and inspect a page (`dump`, `select`, `tree`).

/// `println!` through [`out_line`]: a closed pipe (`ecsdom wpt ... | head`)
/// ends the output quietly instead of panicking; any other write error is
/// reported at exit.
macro_rules! outln {
    () => {
        $crate::out_line("")
    };
    ($($arg:tt)*) => {
        $crate::out_line(&format!($($arg)*))
    };
}

mod bench;
mod idl_coverage;
mod wpt;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use ecsdom::Document;

/// mimalloc: command-buffer applies and parallel scripts allocate on
/// several threads at once, which glibc malloc serializes on one arena.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ecsdom::host::run;
pub(crate) use ecsdom::host::{err_line, out_line};

/// Run a page's Python and JavaScript against one DOM, or parse and
/// inspect a page.
#[derive(Parser)]
#[command(name = "ecsdom", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse the page, running each script when the parser reaches it
    /// (JavaScript in QuickJS, `type="text/python"` in the embedded Python,
    /// on one DOM; defer/async `src=` and module scripts after the parse),
    /// then the event loop: timers in virtual time (or --real-time) up to the
    /// time budget.
    Run(RunArgs),
    /// Time one workload (compute, dom_access, dom_access_qs, build, query,
    /// parse, serialize, attrs) on our DOM; prints one JSON line.
    Bench(BenchArgs),
    /// Run the web-platform-tests under each DIR as browsers' runners do
    /// (the upstream testharness.js, one process per test, a wall-clock
    /// limit), and print each result and a table per directory.
    Wpt(WptArgs),
    /// List every member of the DOM Standard's IDL (and of the HTML
    /// interfaces we have) with whether JS and Python have it.
    IdlCoverage {
        /// The directory of `.idl` files (default: the vendored WPT `interfaces/`).
        #[arg(long, value_name = "DIR")]
        idl_dir: Option<PathBuf>,
        /// Exit 1 when a member exists in one language only without a listed reason.
        #[arg(long)]
        check: bool,
        /// List every member, not only the one-sided ones.
        #[arg(long)]
        verbose: bool,
    },
    /// Parse the page and print its DOM serialized.
    Dump {
        /// The HTML file.
        page: PathBuf,
    },
    /// Print each element matching SELECTOR (its outerHTML).
    Select {
        /// The HTML file.
        page: PathBuf,
        /// A CSS selector list.
        selector: String,
    },
    /// Print the DOM in the html5lib tree-construction test format.
    Tree {
        /// The HTML file.
        page: PathBuf,
    },
}

#[derive(Args)]
struct RunArgs {
    /// The page: a file, or an `http:`, `https:` or `file:` URL.
    page: PathBuf,
    /// Print the final DOM the way `chromium --headless --dump-dom` does.
    #[arg(long)]
    dump_dom: bool,
    /// Print the final DOM as the html5lib tree-construction tests write
    /// it (one `| ` line per node).
    #[arg(long)]
    dump_tree: bool,
    /// JavaScript to run after the page's scripts (repeatable).
    #[arg(long, value_name = "CODE")]
    eval_js: Vec<String>,
    /// Python to run after the page's scripts (repeatable).
    #[arg(long, value_name = "CODE")]
    eval_py: Vec<String>,
    /// Exit 1 if any script failed.
    #[arg(long)]
    strict: bool,
    /// Interrupt a script (either language) after this long; the page goes on.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    script_timeout: Duration,
    /// Limit the page process's memory (resident, DOM, JS and Python alike) to this many megabytes (0: no limit): past it the running Python script gets a MemoryError and DOM writes a QuotaExceededError; past twice the limit the page is stopped (exit status 3).
    #[arg(long, value_name = "MB", default_value_t = run::DEFAULT_MEMORY_LIMIT_MB)]
    memory_limit: u64,
    /// Limit the JS heap to this many megabytes (0: the --memory-limit); past it a JS allocation throws a catchable out-of-memory error.
    #[arg(long, value_name = "MB", default_value_t = 0)]
    js_memory_limit: usize,
    /// Wait for timers in real time instead of jumping to them.
    #[arg(long)]
    real_time: bool,
    /// Page time the event loop may run, and wall-clock time for its tasks and waits; the parse may take as long again.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    time_budget: Duration,
    /// Print script times, DOM calls, crossings and peak memory at exit
    /// (also PYTHON_PROFILE=1).
    #[arg(long)]
    profile: bool,
    /// Write the same spans as Chrome trace events to FILE.
    #[arg(long, value_name = "FILE")]
    trace: Option<PathBuf>,
    /// Cache compiled `src=` scripts here (default: $XDG_CACHE_HOME/ecsdom
    /// or ~/.cache/ecsdom).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache_dir: Option<PathBuf>,
    /// Cache nothing.
    #[arg(long)]
    no_cache: bool,
    /// Load a local page's root-relative URLs (`/resources/x.js`) from
    /// DIR, as a server whose root is DIR would (default: as a browser
    /// resolves them, against the file system's root).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The document's URL (what `location`, `document.URL` and relative
    /// URLs see), for a page read from a local file (default: its
    /// `file:` URL). Scripts still load from the file's directory.
    #[arg(long, value_name = "URL", value_parser = absolute_url)]
    url: Option<String>,
    /// Keep `localStorage` in DIR between runs (an SQLite database, made
    /// if missing; Chromium's flag). Without it, storage lives for the run.
    #[arg(long, value_name = "DIR")]
    user_data_dir: Option<PathBuf>,
    /// Confine the page with the kernel's sandbox before its first script
    /// (Landlock, seccomp, rlimits): its scripts read only the page's
    /// directory, the Python installation and the cache, start no
    /// process, open no socket. See SECURITY.md.
    #[arg(long)]
    sandbox: bool,
    /// With --sandbox: the hosts (HOST or HOST:PORT, comma-separated) that
    /// fetch may reach besides the page's own origin (default: none).
    #[arg(long, value_name = "HOSTS", requires = "sandbox", value_delimiter = ',', value_parser = net_rule)]
    allow_net: Vec<ecsdom::host::sandbox::NetRule>,
}

/// One host of `--allow-net`.
fn net_rule(s: &str) -> Result<ecsdom::host::sandbox::NetRule, String> {
    ecsdom::host::sandbox::NetRule::parse(s.trim())
}

/// An absolute URL, as the URL Standard parses it.
fn absolute_url(s: &str) -> Result<String, String> {
    dom_ecs::UrlObject::new(s, None)
        .and_then(|u| u.href())
        .map_err(|e| e.to_string())
}

#[derive(Args)]
struct WptArgs {
    /// Directories (or files) of tests inside the WPT root.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// The WPT root, which serves `/resources/...` (default: the nearest
    /// ancestor of the first DIR that has `resources/testharness.js`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Exit 1 unless every test that ran passed.
    #[arg(long)]
    strict: bool,
    /// Print every subtest.
    #[arg(long)]
    verbose: bool,
    /// Print one JSON object per test, then the totals.
    #[arg(long)]
    json: bool,
    /// Compare with this expectations file and exit 1 on any difference.
    #[arg(long, value_name = "FILE")]
    expectations: Option<PathBuf>,
    /// Write the results as an expectations file.
    #[arg(long, value_name = "FILE")]
    write_expectations: Option<PathBuf>,
    /// Tests run at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Wall-clock limit of one page (three times this for `timeout=long`).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    page_timeout: Duration,
    /// Interrupt a script of a page after this long (its test fails; six times this for `timeout=long`).
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = seconds)]
    script_timeout: Duration,
    /// Run the pages without the kernel's sandbox (`run --sandbox`, which
    /// confines every page by default: a test page reaches only the WPT
    /// root and the runner's server).
    #[arg(long)]
    no_sandbox: bool,
}

#[derive(Args)]
struct BenchArgs {
    /// The workload's name.
    workload: String,
    /// The workload's size.
    #[arg(long, default_value_t = 10_000)]
    n: usize,
    /// The language that runs it: py, js or rust.
    #[arg(long, default_value = "rust", value_parser = ["py", "js", "rust"])]
    lang: String,
    /// Timed runs, after one warm-up.
    #[arg(long, default_value_t = 5)]
    repeat: usize,
    /// An HTML file to use instead of the generated document.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Print the workload's document (`input`) or its JS body (`js-body`)
    /// instead of running it, for the runners of other DOMs.
    #[arg(long, value_parser = ["input", "js-body"])]
    print: Option<String>,
}

/// A number of seconds as a `Duration`: negative is 0, infinity is no
/// limit (`Duration::MAX`); NaN and non-numbers are refused.
fn seconds(s: &str) -> Result<Duration, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if x.is_nan() {
        return Err("NaN is not a number of seconds".into());
    }
    Ok(Duration::try_from_secs_f64(x.max(0.0)).unwrap_or(Duration::MAX))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match dispatch(cli.command) {
        Ok(code) => code,
        Err(msg) => {
            err_line(&format!("ecsdom: {msg}"));
            2
        }
    };
    // Output that could not be written is a failure (a closed pipe is
    // not: the reader wanted no more).
    if let Some(e) = ecsdom::host::output_error() {
        err_line(&format!("ecsdom: cannot write the output: {e}"));
        return ExitCode::from(code.max(1));
    }
    ExitCode::from(code)
}

fn load(path: &Path) -> Result<Document, String> {
    let html = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Document::parse(&String::from_utf8_lossy(&html)))
}

fn dispatch(command: Command) -> Result<u8, String> {
    match command {
        Command::Run(args) => run::run(&run_options(args)),
        Command::Bench(a) => bench::bench(&bench::BenchOptions {
            workload: a.workload,
            n: a.n,
            lang: a.lang,
            repeat: a.repeat,
            input: a.input,
            print: a.print,
        }),
        Command::Wpt(a) => wpt::wpt(&wpt::WptOptions {
            dirs: a.dirs,
            root: a.root,
            strict: a.strict,
            verbose: a.verbose,
            json: a.json,
            expectations: a.expectations,
            write_expectations: a.write_expectations,
            jobs: a.jobs,
            page_timeout: a.page_timeout,
            script_timeout: a.script_timeout,
            sandbox: !a.no_sandbox,
        }),
        Command::IdlCoverage {
            idl_dir,
            check,
            verbose,
        } => idl_coverage::idl_coverage(idl_dir.as_deref(), check, verbose),
        Command::Dump { page } => {
            out_line(&load(&page)?.dump_dom());
            Ok(0)
        }
        Command::Tree { page } => {
            let doc = load(&page)?;
            let tree = doc.to_test_format(doc.root()).map_err(|e| e.to_string())?;
            ecsdom::host::out(&tree);
            Ok(0)
        }
        Command::Select { page, selector } => {
            let doc = load(&page)?;
            let hits = doc
                .query_selector_all(doc.root(), &selector)
                .map_err(|e| e.to_string())?;
            for h in hits {
                out_line(&doc.outer_html(h).map_err(|e| e.to_string())?);
            }
            Ok(0)
        }
    }
}

fn run_options(a: RunArgs) -> run::RunOptions {
    let cache_dir = if a.no_cache {
        None
    } else {
        // $XDG_CACHE_HOME/ecsdom, else ~/.cache/ecsdom.
        a.cache_dir.or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
                .map(|d| d.join("ecsdom"))
        })
    };
    let env_profile = std::env::var("PYTHON_PROFILE").is_ok_and(|v| !v.is_empty() && v != "0");
    run::RunOptions {
        page: a.page,
        dump_dom: a.dump_dom,
        dump_tree: a.dump_tree,
        eval_js: a.eval_js,
        eval_py: a.eval_py,
        strict: a.strict,
        script_timeout: a.script_timeout.max(Duration::from_millis(1)),
        js_memory_limit: a.js_memory_limit.saturating_mul(1 << 20),
        real_time: a.real_time,
        time_budget: a.time_budget,
        profile: a.profile || env_profile,
        trace: a.trace,
        cache_dir,
        root: a.root,
        url: a.url,
        user_data_dir: a.user_data_dir,
        sandbox: a.sandbox,
        allow_net: a.allow_net,
        in_python: false,
        memory_limit: a.memory_limit.saturating_mul(1 << 20),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn seconds_take_infinity_and_refuse_nan() {
        assert_eq!(seconds("inf").unwrap(), Duration::MAX);
        assert_eq!(seconds("1e30").unwrap(), Duration::MAX);
        assert_eq!(seconds("-3").unwrap(), Duration::ZERO);
        assert_eq!(seconds("0.5").unwrap(), Duration::from_millis(500));
        assert!(seconds("nan").is_err());
        assert!(seconds("soon").is_err());
    }
}
