//! `ecsdom wpt DIR...`: run web-platform-tests as browsers' runners do.
//! Each test is an `ecsdom run` process of its own that loads the upstream
//! `resources/testharness.js` from the WPT root and our
//! `testharnessreport.js`; script tests (`.any.js`, `.window.js`) run in a
//! page written the way wptserve writes it. A page with no subtest, a
//! harness error or timeout, or no result within the wall-clock limit is
//! not a pass. Prints a line per test and a table per directory, or JSON;
//! with an expectations file, fails on any result that differs from it.

mod discover;
mod expectations;
mod page;
mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use page::{Outcome, Runner, Status};

/// What `ecsdom wpt` was asked to do.
pub struct WptOptions {
    /// Directories (or files) of tests, inside the root.
    pub dirs: Vec<PathBuf>,
    /// The WPT root (default: the nearest ancestor of the first directory
    /// with `resources/testharness.js`).
    pub root: Option<PathBuf>,
    /// Exit 1 unless every test that ran passed.
    pub strict: bool,
    /// Print every subtest.
    pub verbose: bool,
    /// One JSON object per test, then one for the totals.
    pub json: bool,
    /// Compare with this expectations file; exit 1 on any difference.
    pub expectations: Option<PathBuf>,
    /// Write the results as an expectations file.
    pub write_expectations: Option<PathBuf>,
    /// Tests run at once (default: the number of cores).
    pub jobs: Option<usize>,
    /// Wall-clock limit of one page.
    pub page_timeout: Duration,
    /// Wall-clock limit of one script of a page.
    pub script_timeout: Duration,
    /// Run each page with `--sandbox`.
    pub sandbox: bool,
}

fn find_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .find(|d| d.join("resources/testharness.js").is_file())
        .map(Path::to_path_buf)
}

/// The directory a test counts under in the table: its first two path
/// components (`dom/nodes`), or its own directory when shallower.
fn group_of(id: &str) -> String {
    let parts: Vec<&str> = id.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    dirs[..dirs.len().min(2)].join("/")
}

#[derive(Default)]
struct Tally {
    by: BTreeMap<Status, usize>,
}

impl Tally {
    fn add(&mut self, s: Status) {
        *self.by.entry(s).or_default() += 1;
    }
    fn get(&self, s: Status) -> usize {
        self.by.get(&s).copied().unwrap_or(0)
    }
    fn ran(&self) -> usize {
        self.by.values().sum::<usize>() - self.get(Status::Skip)
    }
    fn row(&self, name: &str) -> String {
        let ran = self.ran();
        let share = if ran == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}%", 100.0 * self.get(Status::Pass) as f64 / ran as f64)
        };
        format!(
            "{name:<28} {:>5} {:>5} {:>5} {:>5} {:>7} {:>5} {:>8}",
            ran,
            self.get(Status::Pass),
            self.get(Status::Fail),
            self.get(Status::Error),
            self.get(Status::Timeout),
            self.get(Status::Skip),
            share
        )
    }
}

fn json_line(o: &Outcome, verbose: bool) -> String {
    let mut v = serde_json::json!({
        "test": o.id,
        "status": o.status.name(),
        "passed": o.passed,
        "total": o.total,
        "message": o.message,
        "seconds": (o.seconds * 1000.0).round() / 1000.0,
    });
    if verbose {
        v["subtests"] = o
            .subtests
            .iter()
            .map(|s| serde_json::json!({"name": s.name, "status": s.status, "message": s.message}))
            .collect();
    }
    v.to_string()
}

/// What the server serves: the root at `/`, a test directory outside it
/// at `/NAME/` (its tests' ids start so), and the generated pages and
/// worker scripts of script tests.
fn site(root: &Path, dirs: &[PathBuf], tests: &[discover::Test]) -> serve::Site {
    let mut mounts = vec![("/".to_owned(), root.to_path_buf())];
    for d in dirs.iter().filter(|d| !d.starts_with(root)) {
        if let (Some(name), true) = (d.file_name(), d.is_dir()) {
            mounts.push((format!("/{}/", name.to_string_lossy()), d.clone()));
        }
    }
    let mut generated = std::collections::HashMap::new();
    // wptserve's one alias: the WebIDL parser idlharness tests load.
    if let Ok(js) = std::fs::read_to_string(root.join("resources/webidl2/lib/webidl2.js")) {
        generated.insert(
            "/resources/WebIDLParser.js".to_owned(),
            (js, "text/javascript"),
        );
    }
    for t in tests {
        let path = format!("/{}", t.id.split('?').next().unwrap_or(&t.id));
        match &t.kind {
            discover::Kind::Page => {}
            discover::Kind::Wrapped { scripts, title } => {
                let html = page::wrapper(scripts, title.as_deref(), &t.id);
                generated.insert(path, (html, "text/html"));
            }
            discover::Kind::Worker {
                script,
                generated: js,
                title,
            } => {
                let html = page::worker_wrapper(script, title.as_deref(), &t.id);
                generated.insert(path, (html, "text/html"));
                if let Some(js) = js {
                    generated.insert(script.clone(), (js.clone(), "text/javascript"));
                }
            }
        }
    }
    serve::Site { mounts, generated }
}

/// Run the tests; returns the exit code.
pub fn wpt(opts: &WptOptions) -> Result<u8, String> {
    let first = opts.dirs.first().ok_or("no test directory given")?;
    let root = match &opts.root {
        Some(r) => r
            .canonicalize()
            .map_err(|e| format!("cannot open the root {}: {e}", r.display()))?,
        None => find_root(first).ok_or_else(|| {
            format!(
                "no WPT root (a directory with resources/testharness.js) above {}; pass --root",
                first.display()
            )
        })?,
    };
    let dirs: Vec<PathBuf> = opts
        .dirs
        .iter()
        .map(|d| {
            d.canonicalize()
                .map_err(|e| format!("cannot open {}: {e}", d.display()))
        })
        .collect::<Result<_, _>>()?;
    let tests = discover::discover(&dirs, &root)?;
    if tests.is_empty() {
        return Err("no testharness tests there".into());
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the ecsdom binary: {e}"))?;
    let server = serve::Server::start(site(&root, &dirs, &tests))
        .map_err(|e| format!("cannot start the test server on loopback: {e}"))?;
    let origin = server.origin();
    let runner = Runner {
        exe: &exe,
        origin: &origin,
        limit: opts.page_timeout,
        script_timeout: opts.script_timeout,
        sandbox: opts.sandbox,
    };
    // No more pages than cores: the limits are wall-clock, and a heavy
    // page sharing its core comes near them (dom/ranges' longest take a
    // third of their 15 s alone: 5.5 s for Range-surroundContents).
    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    // Long tests start first, so none of them is the last page running.
    let mut order: Vec<usize> = (0..tests.len()).collect();
    order.sort_by_key(|&i| !tests[i].long);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; tests.len()]);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let test = &tests[i];
                    let o = runner.run(test);
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(o);
                }
            });
        }
    });
    drop(server);
    let outcomes: Vec<Outcome> = results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect();

    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for o in &outcomes {
        groups.entry(group_of(&o.id)).or_default().add(o.status);
        total.add(o.status);
        if opts.json {
            outln!("{}", json_line(o, opts.verbose));
            continue;
        }
        let counts = match o.status {
            Status::Skip => "-".to_owned(),
            _ => format!("{}/{}", o.passed, o.total),
        };
        let why = o.message.as_deref().map(|m| {
            let m: String = m.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("  ({})", m.chars().take(160).collect::<String>())
        });
        outln!(
            "{:<8} {:>9}  {}{}",
            o.status.name(),
            counts,
            o.id,
            why.unwrap_or_default()
        );
        if opts.verbose {
            for st in &o.subtests {
                outln!(
                    "             {:<8} {}{}",
                    st.status,
                    st.name,
                    st.message
                        .as_deref()
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default()
                );
            }
        }
    }
    if opts.json {
        outln!(
            "{}",
            serde_json::json!({
                "total": {
                    "ran": total.ran(),
                    "pass": total.get(Status::Pass),
                    "fail": total.get(Status::Fail),
                    "error": total.get(Status::Error),
                    "timeout": total.get(Status::Timeout),
                    "skip": total.get(Status::Skip),
                }
            })
        );
    } else {
        outln!();
        outln!(
            "{:<28} {:>5} {:>5} {:>5} {:>5} {:>7} {:>5} {:>8}",
            "directory",
            "ran",
            "pass",
            "fail",
            "error",
            "timeout",
            "skip",
            "passing"
        );
        for (name, t) in &groups {
            outln!("{}", t.row(name));
        }
        outln!("{}", total.row("total"));
        let (subtests, passed) = outcomes
            .iter()
            .fold((0, 0), |(t, p), o| (t + o.total, p + o.passed));
        outln!(
            "wpt: {} of {} tests passed ({} skipped); subtests: {passed} of {subtests} passed",
            total.get(Status::Pass),
            total.ran(),
            total.get(Status::Skip)
        );
    }
    if let Some(path) = &opts.write_expectations {
        let header = format!(
            "# Expected results of `ecsdom wpt` on the vendored web-platform-tests.\n\
             # Regenerate: ecsdom wpt {} --write-expectations {}\n\
             # ID STATUS PASSED/TOTAL [why it is not a pass]\n",
            opts.dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            path.display()
        );
        std::fs::write(path, expectations::write(&outcomes, &header))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let mut code = 0;
    if let Some(path) = &opts.expectations {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let expected = expectations::parse(&text)?;
        let diffs = expectations::compare(&outcomes, &expected);
        for d in &diffs {
            eprintln!("wpt: {d}");
        }
        if diffs.is_empty() {
            outln!("wpt: every result is as {} expects", path.display());
        } else {
            eprintln!(
                "wpt: {} results differ from {} (a fix: update the file with --write-expectations)",
                diffs.len(),
                path.display()
            );
            code = 1;
        }
    }
    if opts.strict && total.get(Status::Pass) < total.ran() {
        code = 1;
    }
    Ok(code)
}
