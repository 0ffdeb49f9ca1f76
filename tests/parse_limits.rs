//! A page's parse is bounded (issue: pages are untrusted input): markup
//! nested thousands deep parses in quadratic time (html5ever's scope
//! checks walk its whole stack of open elements), so the parse stops at
//! the time budget, or at Ctrl-C, with a whole tree of what it parsed, and
//! the page goes on.

#[expect(dead_code, reason = "these tests run pages with options of their own")]
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{ecsdom, page, text};

fn deep_page(name: &str, head: &str) -> std::path::PathBuf {
    page(
        name,
        &format!(
            "<!DOCTYPE html><body><p id=first>kept</p>{head}{}x",
            "<div>".repeat(100_000)
        ),
    )
}

#[test]
fn a_deep_page_parse_stops_at_the_time_budget_with_a_whole_tree() {
    let p = deep_page(
        "deep-budget",
        "<script>addEventListener('load', () => document.body.setAttribute('loaded', ''))</script>",
    );
    let started = Instant::now();
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--time-budget",
        "1",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "error in the parser:\nstopped at the time budget (1 s): the page is what the first "
        ) && stderr.contains(&format!(
            " of its {} bytes make",
            std::fs::metadata(&p).unwrap().len()
        )),
        "{stderr}"
    );
    // The tree is whole, and the page went on to its load event.
    assert!(
        stdout.contains("<body loaded=\"\"><p id=\"first\">kept</p>"),
        "{}",
        &stdout[..stdout.len().min(300)]
    );
    assert!(stdout.ends_with("</div></div></body></html>\n"));
    // Twice the budget (the parse that finds the page's scripts, then the
    // page's) and a piece of input each, not the minutes the whole takes.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn ctrl_c_stops_a_page_parse_that_python_listens_in() {
    let p = deep_page(
        "deep-ctrl-c",
        "<script type=text/python>\n\
         import sys\n\
         sys.stderr.write('parsing\\n')\n\
         sys.stderr.flush()\n\
         </script>",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(["run", p.to_str().unwrap(), "--time-budget", "3"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line, "parsing\n");
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{rest}");
    assert!(
        rest.contains("error in the parser:\nstopped by Ctrl-C: the page is what the first "),
        "{rest}"
    );
}
