//! `ecsdom wpt DIR`: run every testharness page under a directory, each in
//! its own `ecsdom run` process, and print a pass table, so the project can
//! be measured against web-platform-tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// One page's outcome.
struct PageResult {
    path: PathBuf,
    passed: usize,
    total: usize,
    failures: Vec<String>,
    error: Option<String>,
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if name != "resources" && name != "support" {
                pages(&p, out);
            }
        } else if (name.ends_with(".html") || name.ends_with(".htm"))
            && !name.contains("-ref.")
            && !name.contains("-manual.")
        {
            out.push(p);
        }
    }
}

fn run_page(exe: &Path, page: &Path, timeout: Duration) -> PageResult {
    let mut result = PageResult {
        path: page.to_path_buf(),
        passed: 0,
        total: 0,
        failures: Vec::new(),
        error: None,
    };
    let out = Command::new(exe)
        .arg("run")
        .arg(page)
        .args(["--script-timeout", &format!("{}", timeout.as_secs_f64())])
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            result.error = Some(format!("could not run: {e}"));
            return result;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut done = false;
    for line in stdout.lines() {
        if let Some(json) = line.strip_prefix("ecsdom-harness: ") {
            result.total += 1;
            if json.contains(r#""status":"PASS""#) {
                result.passed += 1;
            } else {
                result.failures.push(json.to_owned());
            }
        } else if line.starts_with("ecsdom-harness-done: ") {
            done = true;
        }
    }
    if !done {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no harness output");
        result.error = Some(first.to_owned());
    }
    result
}

/// Run the pages under `dir`; returns the exit code (1 with `strict` when a
/// subtest failed or a page did not report).
pub fn wpt(dir: &Path, strict: bool, verbose: bool) -> Result<u8, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the ecsdom binary: {e}"))?;
    let mut list = Vec::new();
    pages(dir, &mut list);
    if list.is_empty() {
        return Err(format!("no .html test pages under {}", dir.display()));
    }
    let (mut passed, mut total, mut broken, mut full) = (0, 0, 0, 0);
    println!("{:<8} {:>9}  page", "result", "subtests");
    for page in &list {
        let r = run_page(&exe, page, Duration::from_secs(10));
        let shown = r.path.strip_prefix(dir).unwrap_or(&r.path).display();
        match &r.error {
            Some(e) => {
                broken += 1;
                println!("{:<8} {:>9}  {shown}  ({e})", "ERROR", "-");
            }
            None => {
                let status = if r.passed == r.total { "PASS" } else { "FAIL" };
                if r.passed == r.total {
                    full += 1;
                }
                println!(
                    "{status:<8} {:>9}  {shown}",
                    format!("{}/{}", r.passed, r.total)
                );
                if verbose {
                    for f in &r.failures {
                        println!("           {f}");
                    }
                }
            }
        }
        passed += r.passed;
        total += r.total;
    }
    println!(
        "subtests: {passed} of {total} passed; pages: {} of {} fully passed, {broken} did not report",
        full,
        list.len()
    );
    Ok(if strict && (passed < total || broken > 0) {
        1
    } else {
        0
    })
}
