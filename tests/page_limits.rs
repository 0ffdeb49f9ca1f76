//! A page is bounded (issue: pages are untrusted input). Its parse: a
//! page that keeps the parser busy (each of a run of unclosed `<font>`s
//! with attributes of its own is compared with up to 512 before it, the
//! "Noah's Ark" clause in html5ever's tree builder) stops at the time
//! budget, or at Ctrl-C, with a whole tree of what it parsed, and the page
//! goes on. (Markup nested thousands deep and a tag with a million
//! attributes parse in linear time: `parse/driver.rs`, `parse/tokenizer/`.)
//! Its memory: one `--memory-limit` for the process, met with a catchable
//! error where the language has one, and a stop past it; what a script
//! discards is reclaimed while it runs, even while the page's parse waits
//! for it (but for what the parser may still hold).

#[expect(dead_code, reason = "these tests run pages with options of their own")]
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{ecsdom, page, text};

/// Run `p` with `--dump-dom` and a 1 s time budget, which its parse
/// meets: the run succeeds and says where the parse stopped. Its stdout
/// and stderr.
fn run_to_the_budget(p: &std::path::Path) -> (String, String) {
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
        ),
        "{stderr}"
    );
    (stdout, stderr)
}

/// A page whose parse takes half a minute: 400,000 unclosed `<font>`s,
/// each with an attribute of its own (75 µs each in a release build).
fn slow_page(name: &str, head: &str) -> std::path::PathBuf {
    let fonts: String = (0..400_000).map(|i| format!("<font a{i}>")).collect();
    page(
        name,
        &format!("<!DOCTYPE html><body><p id=first>kept</p>{head}<div>{fonts}x"),
    )
}

/// An XML page's parse stops at the time budget too (3,000,000 elements),
/// and the page goes on to its load event.
#[test]
fn an_xml_page_parse_stops_at_the_time_budget() {
    let elements = "<i/>".repeat(3_000_000);
    let html = page(
        "slow-budget-xml",
        &format!(
            "<html xmlns='http://www.w3.org/1999/xhtml'><body><p>kept</p>\
             <script>addEventListener('load', () => document.body.setAttribute('loaded', ''))</script>\
             <div>{elements}x</div></body></html>"
        ),
    );
    let p = html.with_extension("xhtml");
    std::fs::rename(&html, &p).unwrap();
    let started = Instant::now();
    let (stdout, stderr) = run_to_the_budget(&p);
    assert!(!stderr.contains("not well-formed"), "{stderr}");
    assert!(
        stdout.contains("<body loaded=\"\"><p>kept</p>"),
        "{}",
        &stdout[..stdout.len().min(300)]
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// A tag with a million attributes (one of them twice) parses in linear
/// time: the tokenizer finds duplicates in a set (a list walk took 18 s
/// for 100,000 and minutes for a million).
#[test]
fn a_tag_with_a_million_attributes_parses_in_linear_time() {
    let attributes: String = (0..1_000_000).map(|i| format!(" a{i}")).collect();
    let p = page(
        "million-attributes",
        &format!("<!DOCTYPE html><body><div a7=first{attributes} a7=again>x</div>"),
    );
    let started = Instant::now();
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--time-budget",
        "60",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("error in the parser"), "{stderr}");
    // The first of two attributes of one name is kept.
    assert!(
        stdout.contains("<div a7=\"first\" a0=\"\" a1=\"\""),
        "{}",
        &stdout[..stdout.len().min(300)]
    );
    assert!(stdout.contains(" a999999=\"\">x</div>"));
    assert_eq!(stdout.matches(" a7=").count(), 1);
    // Seconds in a test build, not the minutes a quadratic walk takes.
    assert!(started.elapsed() < Duration::from_secs(40));
}

#[test]
fn a_slow_page_parse_stops_at_the_time_budget_with_a_whole_tree() {
    let p = slow_page(
        "slow-budget",
        "<script>addEventListener('load', () => document.body.setAttribute('loaded', ''))</script>",
    );
    let started = Instant::now();
    let (stdout, stderr) = run_to_the_budget(&p);
    assert!(
        stderr.contains(&format!(
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
    // What was parsed is kept, closed as at the end of input.
    assert!(
        stdout.contains("</script><div><font a0=\"\"><font a1=\"\">"),
        "{}",
        &stdout[..stdout.len().min(300)]
    );
    assert!(
        stdout.ends_with("</font></div></body></html>\n"),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
    // Twice the budget (the parse that finds the page's scripts, then the
    // page's) and a piece of input each, not the minutes the whole takes.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn ctrl_c_stops_a_page_parse_that_python_listens_in() {
    let p = slow_page(
        "slow-ctrl-c",
        "<script type=text/python>\n\
         import sys\n\
         sys.stderr.write('parsing\\n')\n\
         sys.stderr.flush()\n\
         </script>",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(["run", p.to_str().unwrap(), "--time-budget", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line, "parsing\n");
    // The rest of stderr, as it comes.
    let rest = Arc::new(Mutex::new(String::new()));
    let reader = {
        let rest = rest.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while stderr.read_line(&mut line).is_ok_and(|n| n > 0) {
                rest.lock().unwrap().push_str(&line);
                line.clear();
            }
        })
    };
    // A signal that lands while the script still runs interrupts the
    // script (as Ctrl-C does); the next ones land in the parse.
    let started = Instant::now();
    while !rest.lock().unwrap().contains("error in the parser") {
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{}",
            rest.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(200));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
    }
    let _ = child.wait().unwrap();
    reader.join().unwrap();
    let rest = rest.lock().unwrap();
    assert!(
        rest.contains("error in the parser:\nstopped by Ctrl-C: the page is what the first "),
        "{rest}"
    );
}

/// Past the limit, DOM writes throw `QuotaExceededError`, a JS
/// allocation QuickJS's out-of-memory error at the same limit, a Python
/// script gets a `MemoryError`; each can be caught, and the page goes on.
#[test]
fn past_the_memory_limit_scripts_get_errors_they_can_catch() {
    let dom = "<script>\n\
         const big = 'y'.repeat(1 << 20);\n\
         let i = 0;\n\
         try {\n\
         \x20 for (;; i++) document.body.setAttribute('a' + i, big);\n\
         } catch (e) {\n\
         \x20 console.log('caught', e.name, i > 50);\n\
         }\n\
         </script>";
    // Nodes made and held by the script, never inserted.
    let nodes = "<script>\n\
         const big = 'y'.repeat(1 << 20);\n\
         const made = [];\n\
         try {\n\
         \x20 for (;;) made.push(document.createTextNode(big + made.length));\n\
         } catch (e) {\n\
         \x20 made.length = 0;\n\
         \x20 console.log('caught', e.name, true);\n\
         }\n\
         </script>";
    let js = "<script>\n\
         let held = [];\n\
         try {\n\
         \x20 for (;;) held.push('z'.repeat(4096) + held.length);\n\
         } catch (e) {\n\
         \x20 held = null;\n\
         \x20 console.log('caught', String(e), true);\n\
         }\n\
         </script>";
    let py = "<script type=text/python>\n\
         blocks = []\n\
         try:\n\
         \x20   while True:\n\
         \x20       blocks.append(b'x' * (1 << 20))\n\
         except MemoryError:\n\
         \x20   print('caught', 'MemoryError', len(blocks) > 50)\n\
         blocks = None\n\
         </script>";
    for (name, script, caught) in [
        ("dom", dom, "caught QuotaExceededError true"),
        ("nodes", nodes, "caught QuotaExceededError true"),
        ("js", js, "caught InternalError: out of memory true"),
        ("py", py, "caught MemoryError True"),
    ] {
        let p = page(
            &format!("memory-{name}"),
            &format!("<body>{script}<script>console.log('went on')</script></body>"),
        );
        let started = Instant::now();
        let out = ecsdom(&[
            "run",
            p.to_str().unwrap(),
            "--strict",
            "--memory-limit",
            "300",
        ]);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "{name}: {stderr}");
        assert_eq!(stdout, format!("{caught}\nwent on\n"), "{name}: {stderr}");
        assert!(started.elapsed() < Duration::from_secs(60));
    }
}

/// What no error stops (a loop that catches every `MemoryError`) meets
/// the hard limit: the page is stopped, reported, exit status 3.
#[test]
fn a_page_past_twice_its_memory_limit_is_stopped() {
    let p = page(
        "memory-stop",
        "<body><p>before</p><script type=text/python>\n\
         blocks = []\n\
         while True:\n\
         \x20   try:\n\
         \x20       while True:\n\
         \x20           blocks.append(b'x' * (1 << 20))\n\
         \x20   except MemoryError:\n\
         \x20       pass\n\
         </script></body>",
    );
    let started = Instant::now();
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--memory-limit",
        "200",
        "--script-timeout",
        "100",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the page is stopped: it used ")
            && stderr.contains("past twice its memory limit of 200 MB"),
        "{stderr}"
    );
    assert!(stdout.contains("<p>before</p>"), "{stdout}");
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// A script the parser waits for makes and discards nodes: they are
/// reclaimed while the parse waits (here, the Python script that runs
/// next counts what is left), in both languages.
#[test]
fn nodes_a_script_discards_during_the_parse_are_reclaimed() {
    let p = page(
        "discard-during-parse",
        "<body><script>
         for (let i = 0; i < 60000; i++) {
           const e = document.createElement('div'); document.body.appendChild(e); e.remove();
         }
         </script><script type=text/python>
         for i in range(60000):
             e = document.createElement('div'); document.body.appendChild(e); e.remove()
         del e
         document.collect_garbage()
         print('nodes', document.node_count)
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--no-cache"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    let nodes: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("nodes "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}{stderr}"));
    assert!(nodes < 5000, "{nodes} nodes left of 120,000 discarded");
}

/// An element the page's parser still holds, which a script removed, is
/// kept while the parse waits, however much the script collects: here the
/// adoption agency algorithm puts the removed `<b>`'s paragraph back.
/// (Chromium's `--dump-dom` of the same page.)
#[test]
fn an_element_the_parser_holds_outlives_a_collection_during_the_parse() {
    let script = "<script>\n\
        document.querySelector('b').remove();\n\
        for (let i = 0; i < 50000; i++) document.createElement('i');\n\
        </script>";
    let p = page(
        "parser-holds",
        &format!(
            "<body><b><p>{script}x</b>y<table><tr><td><form id=f>{}</td></tr></table><input>",
            script.replace("querySelector('b')", "getElementById('f')")
        ),
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--no-cache", "--dump-dom"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout.trim_end(),
        format!(
            "<html><head></head><body><p><b>{script}x</b>y\
             <table><tbody><tr><td></td></tr></tbody></table><input></p></body></html>"
        ),
        "{stderr}"
    );
}
