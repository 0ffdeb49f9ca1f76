//! The example pages: each written in JavaScript (`NAME.html`) and in
//! Python (`NAME-py.html`); both must dump the same DOM, and the JS one the
//! same DOM as `chromium --headless --dump-dom` (skipped, loudly, where
//! Chromium is not installed; `.ci/run` installs it).

use std::path::Path;
use std::process::Command;

const PAGES: &[&str] = &["todo", "table", "events", "timers", "components"];

fn dump(page: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(["run", page.to_str().unwrap(), "--dump-dom", "--strict"])
        .output()
        .expect("ecsdom runs");
    assert!(
        out.status.success(),
        "{} failed:\n{}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn chromium_dump(browser: &str, page: &Path) -> String {
    let profile = std::env::temp_dir().join(format!("ecsdom-chromium-{}", std::process::id()));
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=60000",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", page.canonicalize().unwrap().display()),
        ])
        .output()
        .expect("chromium runs");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn js_and_python_versions_give_the_same_dom() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pages");
    for name in PAGES {
        let js = dump(&dir.join(format!("{name}.html")));
        let py = dump(&dir.join(format!("{name}-py.html")));
        assert_eq!(js, py, "{name}: the JS and Python versions differ");
    }
}

#[test]
fn js_versions_match_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "\n!!! SKIPPED: chromium is not installed: the example pages were not compared with Chromium's --dump-dom !!!\n"
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is missing under CI (.ci/run installs it)");
        }
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pages");
    for name in PAGES {
        let page = dir.join(format!("{name}.html"));
        let ours = dump(&page);
        let theirs = chromium_dump(browser, &page);
        assert_eq!(
            ours.trim_end(),
            theirs.trim_end(),
            "{name}: differs from Chromium"
        );
    }
}
