//! What the `ecsdom run` test files share: running the binary on a page
//! written to a temporary directory.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Run the `ecsdom` binary with `args`.
pub fn ecsdom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(args)
        .output()
        .expect("ecsdom runs")
}

/// Write `html` as `page.html` in a directory of its own, named `name`.
pub fn page(name: &str, html: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecsdom-run-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("page.html");
    std::fs::write(&p, html).unwrap();
    p
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run page `p` with `--dump-dom --strict`, check that it succeeded, and
/// return the DOM it printed.
pub fn dump_strict(p: &std::path::Path) -> String {
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}
