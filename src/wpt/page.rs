//! Running one test: an `ecsdom run` process loading the test's page from
//! the runner's server, a wall-clock limit, and the results our
//! `testharnessreport.js` prints; the pages wptserve writes for script
//! tests.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::discover::Test;

/// A test's result, as WPT reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// At least one subtest, every one passed, the harness OK.
    Pass,
    /// The harness completed and some subtest did not pass.
    Fail,
    /// A harness error, no subtest, or a page that never reported.
    Error,
    /// The harness timed out, or the page ran past the wall-clock limit.
    Timeout,
    /// Not run (the reason is the outcome's message).
    Skip,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Error => "ERROR",
            Status::Timeout => "TIMEOUT",
            Status::Skip => "SKIP",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Pass,
            Status::Fail,
            Status::Error,
            Status::Timeout,
            Status::Skip,
        ]
        .into_iter()
        .find(|x| x.name() == s)
    }
}

/// One subtest's result.
#[derive(Clone, Debug)]
pub struct Subtest {
    pub name: String,
    pub status: String,
    pub message: Option<String>,
}

/// A test's outcome.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub id: String,
    pub status: Status,
    pub passed: usize,
    pub total: usize,
    /// Why it is not a pass (the harness's message, the first failing
    /// subtest, the skip reason...).
    pub message: Option<String>,
    pub subtests: Vec<Subtest>,
    pub seconds: f64,
}

/// How tests are run.
pub struct Runner<'a> {
    pub exe: &'a Path,
    /// The server's origin (`http://127.0.0.1:PORT`).
    pub origin: &'a str,
    /// The wall-clock limit of a page (three times as long for `timeout=long`).
    pub limit: Duration,
    /// How long one script (or timer, or listener) may run before it is
    /// interrupted: a page's busy loop fails its test instead of holding
    /// the runner (six times as long for `timeout=long`).
    pub script_timeout: Duration,
    /// Run each page with `--sandbox`.
    pub sandbox: bool,
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

fn head(title: Option<&str>, id: &str) -> String {
    format!(
        "<!doctype html>\n<meta charset=utf-8>\n<title>{}</title>\n",
        escape_html(title.unwrap_or(id))
    )
}

/// The page wptserve would serve for a script test in a window.
pub fn wrapper(scripts: &[String], title: Option<&str>, id: &str) -> String {
    let mut html = head(title, id);
    // What `GLOBAL.isWindow()` and friends ask (wptserve defines it too).
    html.push_str(
        "<script>self.GLOBAL = { isWindow: () => true, isWorker: () => false, \
         isShadowRealm: () => false };</script>\n",
    );
    // wptserve's order: testharness, the `META: script=`s, the log, then
    // the test itself (so `document.body` exists while it runs).
    let script = |s: &String| format!("<script src=\"{}\"></script>\n", escape_html(s));
    let (test, includes) = scripts
        .split_last()
        .map_or((None, scripts), |(t, i)| (Some(t), i));
    for s in includes {
        html.push_str(&script(s));
    }
    html.push_str("<div id=log></div>\n");
    html.extend(test.map(script));
    html
}

/// The page wptserve would serve for a script test in a dedicated
/// worker: the worker's results come to this page's harness.
pub fn worker_wrapper(script: &str, title: Option<&str>, id: &str) -> String {
    let mut html = head(title, id);
    html.push_str(
        "<script src=\"/resources/testharness.js\"></script>\n\
         <script src=\"/resources/testharnessreport.js\"></script>\n\
         <div id=log></div>\n",
    );
    html.push_str(&format!(
        "<script>\nfetch_tests_from_worker(new Worker({} + location.search));\n</script>\n",
        serde_json::Value::from(script)
    ));
    html
}

impl Runner<'_> {
    pub fn run(&self, test: &Test) -> Outcome {
        let started = Instant::now();
        let mut outcome = Outcome {
            id: test.id.clone(),
            status: Status::Skip,
            passed: 0,
            total: 0,
            message: test.skip.clone(),
            subtests: Vec::new(),
            seconds: 0.0,
        };
        if test.skip.is_some() {
            return outcome;
        }
        if let Some(why) = &test.unsupported {
            outcome.status = Status::Error;
            outcome.message = Some(format!("not run: {why}"));
            return outcome;
        }
        // (A `timeout=long` test may take longer: the page three times
        // as long, its scripts six times, as testharness.js's own timeout
        // for such a test is six times the normal one's (60 s against
        // 10 s); some run their whole suite in one script or listener.)
        let (limit, script_timeout) = if test.long {
            (self.limit * 3, self.script_timeout * 6)
        } else {
            (self.limit, self.script_timeout)
        };
        let url = format!("{}/{}", self.origin, test.id);
        let run = run_limited(self.exe, &url, limit, script_timeout, self.sandbox);
        outcome.seconds = started.elapsed().as_secs_f64();
        match run {
            Err(e) => {
                outcome.status = Status::Error;
                outcome.message = Some(e);
            }
            Ok(None) => {
                outcome.status = Status::Timeout;
                outcome.message = Some(format!(
                    "no result within {} s of wall-clock time",
                    limit.as_secs()
                ));
            }
            Ok(Some((stdout, stderr))) => read_results(&stdout, &stderr, &mut outcome),
        }
        outcome
    }
}

/// Run the page; its stdout and stderr, or None if it ran past `limit`
/// (the process is killed).
fn run_limited(
    exe: &Path,
    url: &str,
    limit: Duration,
    script_timeout: Duration,
    sandbox: bool,
) -> Result<Option<(String, String)>, String> {
    let mut child = Command::new(exe)
        .arg("run")
        .arg(url)
        .args(sandbox.then_some("--sandbox"))
        // Virtual time: the harness's own timeout (10 s, or 60 s for long
        // tests) comes at once when nothing else is pending.
        .args(["--time-budget", "300", "--no-cache"])
        .arg("--script-timeout")
        .arg(script_timeout.as_secs_f64().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    // Readers on threads, so a page that prints a lot never blocks on a
    // full pipe while we wait. The stdout reader notes the harness's
    // completion line: the page is closed soon after it, as a browser's
    // runner closes the window once the results are in (a page may run on
    // for its whole time budget: an infinite CSS animation's frames, an
    // interval).
    let done = Arc::new(AtomicBool::new(false));
    let reader = |mut r: Box<dyn BufRead + Send>, done: Option<Arc<AtomicBool>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut line = Vec::new();
            loop {
                line.clear();
                match r.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                if let Some(d) = &done
                    && line.starts_with(b"ecsdom-harness-done: ")
                {
                    d.store(true, Ordering::SeqCst);
                }
                buf.extend_from_slice(&line);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = child
        .stdout
        .take()
        .map(|s| reader(Box::new(BufReader::new(s)), Some(done.clone())));
    let err = child
        .stderr
        .take()
        .map(|s| reader(Box::new(BufReader::new(s)), None));
    let deadline = Instant::now() + limit;
    let mut done_at: Option<Instant> = None;
    let finished = loop {
        match child.try_wait() {
            Ok(Some(_)) => break true,
            Ok(None) if done.load(Ordering::SeqCst) => {
                // (A moment to exit on its own, then it is closed.)
                let at = *done_at.get_or_insert_with(Instant::now);
                if at.elapsed() >= Duration::from_millis(500) {
                    let _ = child.kill();
                    let _ = child.wait();
                    break true;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break false;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the page: {e}")),
        }
    };
    let join = |h: Option<std::thread::JoinHandle<String>>| {
        h.and_then(|h| h.join().ok()).unwrap_or_default()
    };
    let (stdout, stderr) = (join(out), join(err));
    Ok(finished.then_some((stdout, stderr)))
}

fn text(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|m| m.as_str()).map(str::to_owned)
}

fn read_results(stdout: &str, stderr: &str, outcome: &mut Outcome) {
    let mut done = None;
    for line in stdout.lines() {
        if let Some(json) = line.strip_prefix("ecsdom-harness: ") {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else {
                continue;
            };
            outcome.subtests.push(Subtest {
                name: text(&v, "name").unwrap_or_default(),
                status: text(&v, "status").unwrap_or_default(),
                message: text(&v, "message"),
            });
        } else if let Some(json) = line.strip_prefix("ecsdom-harness-done: ") {
            done = serde_json::from_str::<serde_json::Value>(json).ok();
        }
    }
    outcome.total = outcome.subtests.len();
    outcome.passed = outcome
        .subtests
        .iter()
        .filter(|s| s.status == "PASS")
        .count();
    let first_failure = outcome
        .subtests
        .iter()
        .find(|s| s.status != "PASS")
        .map(|s| {
            format!(
                "{} \"{}\": {}",
                s.status,
                s.name,
                s.message.as_deref().unwrap_or("")
            )
        });
    let Some(done) = done else {
        outcome.status = Status::Error;
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with("ecsdom: error in"))
            .unwrap_or("the page reported no result");
        outcome.message = Some(first.trim().to_owned());
        return;
    };
    let harness = text(&done, "status").unwrap_or_default();
    let message = text(&done, "message");
    (outcome.status, outcome.message) = match harness.as_str() {
        "OK" if outcome.total == 0 => (Status::Error, Some("no subtest".into())),
        "OK" if outcome.passed == outcome.total => (Status::Pass, None),
        "OK" => (Status::Fail, first_failure),
        "TIMEOUT" => (
            Status::Timeout,
            Some(first_failure.unwrap_or_else(|| "the harness timed out".into())),
        ),
        other => (
            Status::Error,
            Some(format!("harness {other}: {}", message.unwrap_or_default())),
        ),
    };
}
