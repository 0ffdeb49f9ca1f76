//! `ecsdom run`: scripts of both languages on one DOM, in document order;
//! failures isolated and reported (the event loop and its limits:
//! `event_loop.rs`).

mod common;

use std::process::Command;

use common::{dump_strict, ecsdom, page, text};

#[test]
fn the_example_page_runs_js_then_python_on_one_dom() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = ecsdom(&[
        "run",
        &format!("{root}/examples/pages/hello.html"),
        "--dump-dom",
        "--strict",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.starts_with("JS: 3 items\nPython: 4 items\n<!DOCTYPE html>"),
        "{stdout}"
    );
    assert!(
        stdout.contains("<h1 id=\"title\" class=\"big headline\">Hello from JS and Python</h1>")
    );
    assert!(stdout.contains(
        "<li class=\"item\">three, from JavaScript</li><li class=\"item python\">four, from Python (saw 3 items)</li></ul>"
    ));
}

#[test]
fn a_failing_script_is_reported_and_the_page_goes_on() {
    let p = page(
        "fail",
        "<body><script>document.body.appendChild(document.body)</script>\
         <script type=text/python>\nx = 1\nraise ValueError('py boom')\n</script>\
         <script src=nope.js></script>\
         <script>document.body.setAttribute('js', 'ran')</script>\
         <script type=py>document.body.setAttribute('py', 'ran')</script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "without --strict the exit code is 0");
    assert!(
        stderr.contains("Uncaught HierarchyRequestError"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3") && stderr.contains("ValueError: py boom"),
        "{stderr}"
    );
    assert!(
        stderr.contains("script src=\"nope.js\" could not be loaded"),
        "{stderr}"
    );
    assert!(stdout.contains("<body js=\"ran\" py=\"ran\">"), "{stdout}");
    let strict = ecsdom(&["run", p.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

/// A promise rejected with no handler by the end of the microtask
/// checkpoint is reported as browsers' consoles report it, and counts as
/// a failure; one handled in time is not.
#[test]
fn unhandled_rejections_are_reported() {
    let p = page(
        "rejections",
        "<body><script>\
         Promise.reject(new Error('nobody'));\
         Promise.resolve().then(() => null.x);\
         Promise.reject(42);\
         Promise.reject(new Error('handled')).catch(() => {});\
         </script>\
         <script>document.body.setAttribute('after', 'ran')</script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success());
    for line in [
        "Uncaught (in promise) Error: nobody",
        "Uncaught (in promise) TypeError: ",
        "Uncaught (in promise) 42",
    ] {
        assert!(stderr.contains(line), "{line} in {stderr}");
    }
    assert!(!stderr.contains("handled"), "{stderr}");
    assert!(stdout.contains("<body after=\"ran\">"), "{stdout}");
    let strict = ecsdom(&["run", p.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn eval_options_run_after_the_page() {
    let p = page("eval", "<body><p id=a>x</p></body>");
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--eval-js",
        "document.getElementById('a').textContent = 'js'",
        "--eval-py",
        "print(document.getElementById('a').text)",
    ]);
    assert_eq!(text(&out.stdout), "js\n", "{}", text(&out.stderr));
}

#[test]
fn load_events_fire_after_the_scripts() {
    let p = page(
        "load",
        "<body><script>\
         document.addEventListener('DOMContentLoaded', (e) => document.body.append(`dcl:${e.isTrusted}:${e.bubbles} `));\
         window.addEventListener('load', (e) => document.body.append(`load:${e.isTrusted} `));\
         const synthetic = new Event('x'); document.body.dispatchEvent(synthetic);\
         document.body.append(`x:${synthetic.isTrusted} `);\
         </script><script type=py>\n\
         window.addEventListener('load', lambda e: document.body.append(f'py-load:{e.isTrusted}'))\n\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(
        text(&out.stdout).contains("</script>x:false <script type=\"py\">"),
        "the first script ran before the parser reached the second: {}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).contains("</script>dcl:true:true load:true py-load:True</body>"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn listeners_of_both_languages_run_in_registration_order_on_one_event() {
    let p = page(
        "events",
        "<body><button id=b>go</button><ol id=log></ol>\
         <script>\
         const log = (s) => { const li = document.createElement('li'); li.textContent = s; document.getElementById('log').appendChild(li); };\
         globalThis.log = log;\
         document.getElementById('b').addEventListener('click', (e) => log('js1 ' + e.eventPhase));\
         </script>\
         <script type=text/python>\n\
         def py_listener(e):\n\
         \x20   li = document.createElement('li')\n\
         \x20   li.textContent = f'py {e.eventPhase} {e.currentTarget.id}'\n\
         \x20   document.getElementById('log').appendChild(li)\n\
         \x20   if e.type == 'stopper':\n\
         \x20       e.stopImmediatePropagation()\n\
         document.getElementById('b').addEventListener('click', py_listener)\n\
         document.body.addEventListener('click', py_listener)\n\
         document.getElementById('b').addEventListener('stopper', py_listener)\n\
         </script>\
         <script>\
         document.getElementById('b').addEventListener('click', (e) => log('js2 ' + (e.target.id)));\
         document.getElementById('b').addEventListener('stopper', () => log('never'));\
         document.getElementById('b').click();\
         </script>\
         <script type=text/python>\n\
         import ecsdom\n\
         document.getElementById('b').click()\n\
         document.getElementById('b').dispatchEvent(ecsdom.Event('stopper'))\n\
         </script></body>",
    );
    let stdout = dump_strict(&p);
    let expected = "<ol id=\"log\">\
        <li>js1 2</li><li>py 2 b</li><li>js2 b</li><li>py 3 </li>\
        <li>js1 2</li><li>py 2 b</li><li>js2 b</li><li>py 3 </li>\
        <li>py 2 b</li></ol>";
    assert!(stdout.contains(expected), "{stdout}");
}

#[test]
fn content_attribute_handlers_run_from_either_language() {
    // A Python dispatch reaches a JS handler from an `onclick` attribute
    // (compiled then, `false` cancelling), and `<body onload>` is the
    // window's.
    let p = page(
        "handlers",
        "<body onload=\"document.title = 'loaded'\">\
         <a id=a onclick=\"this.textContent = event.type + ' ' + typeof tagName; return false\">x</a>\
         <script type=text/python>\n\
         import ecsdom\n\
         e = ecsdom.Event('click', cancelable=True)\n\
         document.getElementById('a').dispatchEvent(e)\n\
         document.body.setAttribute('data-canceled', str(e.defaultPrevented))\n\
         </script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(stdout.contains("<title>loaded</title>"), "{stdout}");
    assert!(stdout.contains(">click string</a>"), "{stdout}");
    assert!(stdout.contains("data-canceled=\"True\""), "{stdout}");
}

#[test]
fn testharness_pages_report_each_subtest_through_the_upstream_harness() {
    let root = env!("CARGO_MANIFEST_DIR");
    let wpt = format!("{root}/conformance/wpt");
    let out = ecsdom(&[
        "run",
        "--root",
        &wpt,
        &format!("{root}/tests/wpt-sample/nodes.html"),
    ]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(r#"ecsdom-harness: {"name":"navigation","status":"PASS","message":null}"#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"{"name":"a failing subtest","status":"FAIL""#),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            r#"ecsdom-harness-done: {"status":"OK","message":null,"passed":5,"total":6}"#
        ),
        "{stdout}"
    );
}

#[test]
fn wpt_prints_a_table_checks_expectations_and_ends_a_page_that_hangs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let wpt = format!("{root}/conformance/wpt");
    let sample = format!("{root}/tests/wpt-sample");
    let out = ecsdom(&["wpt", &sample, "--root", &wpt]);
    let table = text(&out.stdout);
    assert!(
        table.contains("PASS           2/2  wpt-sample/events.html"),
        "{table}"
    );
    assert!(
        table.contains(r#"FAIL           5/6  wpt-sample/nodes.html  (FAIL "a failing subtest": "#),
        "{table}"
    );
    assert!(
        table.contains("wpt: 1 of 2 tests passed (0 skipped); subtests: 7 of 8 passed"),
        "{table}"
    );
    assert!(out.status.success());
    let strict = ecsdom(&["wpt", &sample, "--root", &wpt, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));

    // Expectations: as written, every result matches; a result better or
    // worse than listed fails the run.
    let dir = std::env::temp_dir().join(format!("ecsdom-wpt-exp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("expected.txt");
    let file = file.to_str().unwrap();
    let write = ecsdom(&["wpt", &sample, "--root", &wpt, "--write-expectations", file]);
    assert!(write.status.success());
    let same = ecsdom(&["wpt", &sample, "--root", &wpt, "--expectations", file]);
    assert!(same.status.success(), "{}", text(&same.stderr));
    let listed = std::fs::read_to_string(file).unwrap();
    std::fs::write(file, listed.replace("FAIL        5/6", "PASS        6/6")).unwrap();
    let differs = ecsdom(&["wpt", &sample, "--root", &wpt, "--expectations", file]);
    assert_eq!(differs.status.code(), Some(1), "{listed}");
    assert!(
        text(&differs.stderr).contains("wpt-sample/nodes.html: expected PASS 6/6, got FAIL 5/6"),
        "{}",
        text(&differs.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();

    // JSON: one object per test, then the totals.
    let json = text(&ecsdom(&["wpt", &sample, "--root", &wpt, "--json"]).stdout);
    assert!(
        json.contains(r#""status":"PASS","test":"wpt-sample/events.html""#),
        "{json}"
    );
    assert!(
        json.contains(r#"{"total":{"error":0,"fail":1,"pass":1,"ran":2,"skip":0,"timeout":0}}"#),
        "{json}"
    );

    // A page past its wall-clock limit is killed and is a timeout.
    let slow = ecsdom(&[
        "wpt",
        &format!("{root}/tests/wpt-slow"),
        "--root",
        &wpt,
        "--page-timeout",
        "1",
        "--script-timeout",
        "60",
    ]);
    let table = text(&slow.stdout);
    assert!(
        table.contains(
            "TIMEOUT        0/0  wpt-slow/busy-loop.html  (no result within 1 s of wall-clock time)"
        ),
        "{table}"
    );
}

#[test]
fn the_profiler_reports_scripts_dom_calls_and_writes_a_trace() {
    let root = env!("CARGO_MANIFEST_DIR");
    let trace = std::env::temp_dir().join(format!("ecsdom-trace-{}.json", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args([
            "run",
            &format!("{root}/examples/pages/hello.html"),
            "--trace",
            trace.to_str().unwrap(),
        ])
        .env("PYTHON_PROFILE", "1")
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(stderr.contains("ecsdom profile"), "{stderr}");
    assert!(
        stderr.contains("js compile+run") && stderr.contains("py compile"),
        "{stderr}"
    );
    assert!(
        stderr.contains("createElement") && stderr.contains("Document.find_all"),
        "{stderr}"
    );
    assert!(
        stderr.contains("language crossings: JS -> DOM") && stderr.contains("peak memory:"),
        "{stderr}"
    );
    let json = std::fs::read_to_string(&trace).unwrap();
    assert!(
        json.starts_with("{\"traceEvents\":[{\"name\":") && json.contains("\"ph\":\"X\""),
        "{json}"
    );
}

#[test]
fn python_src_scripts_are_compiled_once_then_loaded_from_the_cache() {
    let p = page(
        "cache",
        "<body><script type=text/python src=app.py></script></body>",
    );
    std::fs::write(
        p.with_file_name("app.py"),
        "document.body.setAttribute('ran', 'yes')\n",
    )
    .unwrap();
    let cache = p.with_file_name("cache");
    let args = [
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--cache-dir",
        cache.to_str().unwrap(),
    ];
    let _ = std::fs::remove_dir_all(&cache);
    let first = text(&ecsdom(&args).stdout);
    assert_eq!(entries(&cache).len(), 1, "one compiled script in the cache");
    let second = text(&ecsdom(&args).stdout);
    assert_eq!(first, second);
    assert!(second.contains("<body ran=\"yes\">"), "{second}");
}

/// The cache's entries (not its key).
fn entries(cache: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "key"))
        .collect();
    v.sort();
    v
}

/// The compile cache runs only what this user's run compiled: a private
/// directory and key, entries under a MAC that binds them to their
/// source, files never written through a planted link.
#[cfg(unix)]
#[test]
fn the_compile_cache_runs_no_planted_code() {
    use std::os::unix::fs::PermissionsExt;
    let p = page(
        "planted",
        "<body><script type=text/python src=a.py></script>\
         <script type=text/python src=b.py></script><script src=c.js></script></body>",
    );
    let dir = p.parent().unwrap();
    std::fs::write(dir.join("a.py"), "document.body.setAttribute('a', 'ran')\n").unwrap();
    std::fs::write(dir.join("b.py"), "document.body.setAttribute('b', 'ran')\n").unwrap();
    std::fs::write(dir.join("c.js"), "document.body.setAttribute('c', 'ran')\n").unwrap();
    let cache = dir.join("cache-planted").join("deeper");
    let _ = std::fs::remove_dir_all(cache.parent().unwrap());
    let args = [
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--cache-dir",
        cache.to_str().unwrap(),
    ];
    let expected = "<body a=\"ran\" b=\"ran\" c=\"ran\">";
    let first = ecsdom(&args);
    assert!(
        text(&first.stdout).contains(expected),
        "{}",
        text(&first.stdout)
    );
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache), 0o700);
    assert_eq!(mode(cache.parent().unwrap()), 0o700);
    assert_eq!(mode(&cache.join("key")), 0o600);
    let files = entries(&cache);
    assert_eq!(files.len(), 3, "{files:?}");
    // One valid entry copied over another: its MAC names another source.
    let py: Vec<_> = files
        .iter()
        .filter(|f| f.file_name().unwrap().to_str().unwrap().starts_with("py-"))
        .collect();
    std::fs::copy(py[0], py[1]).unwrap();
    let second = ecsdom(&args);
    assert!(
        text(&second.stdout).contains(expected),
        "{}",
        text(&second.stdout)
    );
    // A planted link is replaced, never written through.
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    for f in &files {
        std::fs::remove_file(f).unwrap();
        std::os::unix::fs::symlink(&victim, f).unwrap();
    }
    let third = ecsdom(&args);
    assert!(
        text(&third.stdout).contains(expected),
        "{}",
        text(&third.stdout)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    for f in entries(&cache) {
        assert!(std::fs::symlink_metadata(&f).unwrap().is_file(), "{f:?}");
    }
    // A directory others may write is not trusted: nothing is cached.
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let fourth = ecsdom(&args);
    assert!(
        text(&fourth.stdout).contains(expected),
        "{}",
        text(&fourth.stdout)
    );
    assert!(
        text(&fourth.stderr).contains("scripts are not cached")
            && text(&fourth.stderr).contains("writable by others"),
        "{}",
        text(&fourth.stderr)
    );
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn scripts_run_when_the_parser_reaches_them_and_defer_waits_for_the_end() {
    let p = page(
        "parsing",
        "<html><head><script>document.title = 'head sees body: ' + (document.body !== null);</script>\
         <script defer src=late.js></script></head>\
         <body><p id=a>a</p>\
         <script>document.getElementById('a').setAttribute('next', String(document.getElementById('b')));</script>\
         <script type=py>document.getElementById('a').setAttribute('py-count', str(len(document.querySelectorAll('p'))))</script>\
         <p id=b>b</p><template><script>document.body.setAttribute('template-ran', '1')</script></template></body></html>",
    );
    std::fs::write(
        p.with_file_name("late.js"),
        "document.body.setAttribute('deferred-sees-b', String(document.getElementById('b') !== null));",
    )
    .unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    let dom = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        dom.contains("<title>head sees body: false</title>"),
        "{dom}"
    );
    assert!(
        dom.contains("<p id=\"a\" next=\"null\" py-count=\"1\">"),
        "{dom}"
    );
    assert!(dom.contains("<body deferred-sees-b=\"true\">"), "{dom}");
    assert!(!dom.contains("template-ran=\"1\""), "{dom}");
}

#[test]
fn a_closed_stdout_ends_the_output_not_the_page() {
    use std::io::{BufRead, BufReader};
    let js = page(
        "pipe",
        "<body><script>for (let i = 0; i < 200000; i++) console.log('line ' + i);\
         document.body.setAttribute('done', 'yes');</script></body>",
    );
    let py = page(
        "pypipe",
        "<body><script type=text/python>\n\
         for i in range(200000):\n\
         \x20   print('line', i)\n\
         </script></body>",
    );
    for p in [js, py] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
            .args(["run", p.to_str().unwrap(), "--dump-dom", "--strict"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("ecsdom runs");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is gone now, as with `| head -1`: no script failed.
        let out = child.wait_with_output().unwrap();
        assert_eq!(first, "line 0\n");
        assert!(
            out.status.success(),
            "{:?} {}",
            out.status,
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("panicked") && !text(&out.stderr).contains("BrokenPipe"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn module_scripts_import_relative_files_and_run_after_the_parse() {
    let p = page(
        "modules",
        "<body><script type=module>\
         import { mark } from './lib/mark.js';\
         mark('inline', document.getElementById('late') !== null);\
         </script>\
         <script type=module src=app.js></script>\
         <script type=module>import 'lodash';</script>\
         <script>\
         fetch('app.js');\
         import('./nope.js').catch(e => document.documentElement.setAttribute('import', e.name + ': ' + e.message));\
         </script>\
         <p id=late></p></body>",
    );
    let dir = p.parent().unwrap();
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(
        dir.join("lib/mark.js"),
        "const b = document.body; b.setAttribute('loads', Number(b.getAttribute('loads')) + 1);\n\
         export function mark(who, sawLate) { document.body.setAttribute(who, String(sawLate)); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("app.js"),
        // The same file through `.` and `..`: the same module, loaded once.
        "import { mark } from './lib/./x/../mark.js';\nawait Promise.resolve();\nmark('app', true);\n",
    )
    .unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let dom = text(&out.stdout);
    assert!(
        dom.contains("<body loads=\"1\" inline=\"true\" app=\"true\">"),
        "{dom}\n{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("import map"),
        "{}",
        text(&out.stderr)
    );
    // A failed load rejects with a TypeError (as a failed fetch of a
    // module does), even after a fetch() in the same script.
    assert!(
        dom.contains("<html import=\"TypeError: Failed to fetch module "),
        "{dom}"
    );
    assert!(dom.contains("nope.js: "), "{dom}");
}

#[test]
fn js_src_scripts_are_compiled_once_then_loaded_from_the_cache() {
    let p = page(
        "jscache",
        "<body><script src=app.js></script><script src=bad.js></script></body>",
    );
    std::fs::write(
        p.with_file_name("app.js"),
        "function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2); }\n\
         document.body.setAttribute('fib', String(f(15)));\n",
    )
    .unwrap();
    std::fs::write(p.with_file_name("bad.js"), "let = ;\n").unwrap();
    let cache = p.with_file_name("cache");
    let _ = std::fs::remove_dir_all(&cache);
    let args = [
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--cache-dir",
        cache.to_str().unwrap(),
    ];
    let first = ecsdom(&args);
    assert!(
        text(&first.stderr).contains("SyntaxError"),
        "{}",
        text(&first.stderr)
    );
    let cached = entries(&cache);
    assert_eq!(
        cached.len(),
        1,
        "the good script is cached, the bad one is not"
    );
    let second = ecsdom(&args);
    assert_eq!(text(&first.stdout), text(&second.stdout));
    assert!(
        text(&second.stdout).contains("<body fib=\"610\">"),
        "{}",
        text(&second.stdout)
    );
    assert!(
        text(&second.stderr).contains("SyntaxError"),
        "{}",
        text(&second.stderr)
    );
    // A corrupt cache file is ignored, not trusted.
    let file = &cached[0];
    let mut bytes = std::fs::read(file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x5a;
    std::fs::write(file, &bytes).unwrap();
    let third = ecsdom(&args);
    assert_eq!(text(&first.stdout), text(&third.stdout));
    // So is a file shorter than the cache's header.
    std::fs::write(file, b"short").unwrap();
    let fourth = ecsdom(&args);
    assert_eq!(text(&first.stdout), text(&fourth.stdout));
}

#[test]
fn dispatch_nests_across_languages() {
    // JS dispatches `outer`; its Python listener dispatches `inner`, whose
    // JS listener runs while the outer JS listener is still on the stack.
    let p = page(
        "nested",
        "<body><p id=t></p>\
         <script>\
         const t = document.getElementById('t');\
         t.addEventListener('inner', (e) => t.append('js-inner:' + e.detail + ' '));\
         </script>\
         <script type=py>\n\
         import ecsdom\n\
         t = document.getElementById('t')\n\
         def outer(e):\n\
         \x20   t.append('py-outer ')\n\
         \x20   t.dispatchEvent(ecsdom.CustomEvent('inner', detail=7))\n\
         \x20   t.append('py-after ')\n\
         t.addEventListener('outer', outer)\n\
         </script>\
         <script>\
         t.addEventListener('outer', () => t.append('js-outer '));\
         t.dispatchEvent(new Event('outer'));\
         t.append('done');\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("<p id=\"t\">py-outer js-inner:7 py-after js-outer done</p>"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn custom_event_detail_crosses_languages_as_json() {
    let p = page(
        "detail",
        "<body><p id=out></p>\
         <script>\
         document.body.addEventListener('from-py', (e) => { document.getElementById('out').setAttribute('js-saw', JSON.stringify(e.detail) + ' ' + (e instanceof CustomEvent)); });\
         </script>\
         <script type=text/python>\n\
         import ecsdom, json\n\
         def py_listener(e):\n\
         \x20   document.getElementById('out').setAttribute('py-saw', json.dumps(e.detail, sort_keys=True))\n\
         document.body.addEventListener('from-js', py_listener)\n\
         document.body.dispatchEvent(ecsdom.CustomEvent('from-py', detail={'n': 1, 'list': [1, 2]}))\n\
         </script>\
         <script>\
         document.body.dispatchEvent(new CustomEvent('from-js', { detail: { ok: true, s: 'x' } }));\
         </script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains(r#"js-saw="{&quot;n&quot;:1,&quot;list&quot;:[1,2]} true""#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"py-saw="{&quot;ok&quot;: true, &quot;s&quot;: &quot;x&quot;}""#),
        "{stdout}"
    );
}

#[test]
fn window_load_listeners_run_in_both_languages() {
    let p = page(
        "winload",
        "<body><p id=log></p><script type=py>\n\
         log = document.getElementById('log')\n\
         window.addEventListener('load', lambda e: log.append(f'py1:{e.currentTarget is window} '))\n\
         window.addEventListener('ping', lambda e: log.append(f'py-bubble:{e.eventPhase}:{e.target.id} '))\n\
         </script>\
         <script>\
         const log = document.getElementById('log');\
         window.addEventListener('load', (e) => log.append(`js:${e.currentTarget === window} `));\
         window.addEventListener('ping', (e) => log.append(`js-capture:${e.eventPhase} `), true);\
         </script>\
         <script type=py>\n\
         window.addEventListener('load', lambda e: log.append('py2 '))\n\
         document.addEventListener('DOMContentLoaded', lambda e: log.append('py-dcl '))\n\
         import ecsdom\n\
         log.dispatchEvent(ecsdom.Event('ping', bubbles=True))\n\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // One list for both languages: registration order, window last when
    // bubbling and first when capturing.
    assert!(
        text(&out.stdout).contains(
            "<p id=\"log\">js-capture:1 py-bubble:3:log py-dcl py1:True js:true py2 </p>"
        ),
        "{}",
        text(&out.stdout)
    );
    let only_py = page(
        "winload-py",
        "<body><script type=py>window.addEventListener('load', lambda e: document.body.append('only-py'))</script></body>",
    );
    let out = ecsdom(&["run", only_py.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(
        text(&out.stdout).contains("</script>only-py</body>"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn help_describes_every_command() {
    let out = ecsdom(&["--help"]);
    assert!(out.status.success());
    for cmd in ["run", "bench", "wpt", "dump", "select", "tree"] {
        assert!(text(&out.stdout).contains(cmd), "{cmd}");
    }
    let out = ecsdom(&["run", "--help"]);
    assert!(out.status.success());
    for flag in [
        "--dump-dom",
        "--script-timeout",
        "--time-budget",
        "--no-cache",
    ] {
        assert!(text(&out.stdout).contains(flag), "{flag}");
    }
}

/// Every DOM Standard member (constructors included) exists in both
/// languages or in neither, and each class inherits as the IDL says,
/// unless `webidl/one-language.txt` gives the reason (`make idl-coverage`
/// prints the whole table).
#[test]
fn idl_members_exist_in_both_languages_or_have_a_listed_reason() {
    let out = ecsdom(&["idl-coverage", "--check"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("summary"), "{stdout}");
    assert!(
        stdout.contains("Node (dom.idl): interface JS yes Python yes"),
        "{stdout}"
    );
    assert!(stdout.contains("class chains unlike the IDL's"), "{stdout}");
}

#[test]
fn a_page_documents_default_view_is_its_window_in_both_languages() {
    let p = page(
        "view",
        "<body><script>document.body.setAttribute('js', String(document.defaultView === window) + \
         String(document.implementation.createHTMLDocument('x').defaultView === null));</script>\
         <script type=py>document.body.setAttribute('py', str(document.defaultView is window))</script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("<body js=\"truetrue\" py=\"True\">"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_url_option_sets_the_document_url() {
    let p = page(
        "url-option",
        "<!DOCTYPE html><body><a href=x.html>a</a><script>\
         document.body.setAttribute('js', [location.search, document.URL, document.querySelector('a').href].join(' '));\
         </script><script type=text/python>\n\
document.body.setAttribute('py', window.location.pathname)\n\
</script>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--url",
        "https://example.org/dir/page.html?mode=open",
        "--dump-dom",
        "--strict",
    ]);
    let dump = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        dump.contains("js=\"?mode=open https://example.org/dir/page.html?mode=open https://example.org/dir/x.html\""),
        "{dump}"
    );
    assert!(dump.contains("py=\"/dir/page.html\""), "{dump}");
    // Not a URL: refused before the page runs.
    let out = ecsdom(&["run", p.to_str().unwrap(), "--url", "no scheme"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn current_script_is_the_running_script_in_both_languages() {
    let p = page(
        "current-script",
        "<!DOCTYPE html><body><script id=a>\
         var out = [document.currentScript.id];\
         var s = document.createElement('script'); s.id = 'b';\
         s.textContent = \"out.push(document.currentScript.id)\";\
         document.body.appendChild(s);\
         out.push(document.currentScript.id);\
         setTimeout(function () { out.push(String(document.currentScript)); document.body.setAttribute('js', out.join(' ')); });\
         </script><script type=module>out.push('module:' + document.currentScript);</script>\
         <script type=text/python id=p>\n\
import asyncio\n\
seen = [document.currentScript.id]\n\
await asyncio.sleep(1)\n\
seen.append(str(document.currentScript))\n\
document.body.setAttribute('py', ' '.join(seen))\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(dump.contains("js=\"a b a module:null null\""), "{dump}");
    // A Python script may await at top level: the rest runs later, when no
    // script runs.
    assert!(dump.contains("py=\"p None\""), "{dump}");
}

#[test]
fn the_console_formats_groups_counts_times_and_tables() {
    let p = page(
        "console",
        "<script>\
         console.log('%s has %d items (%f%%) %o%c', 'list', '42.9', '1.5', {a: 1}, 'color: red', 'extra');\
         console.group('Group'); console.info('inside'); console.groupEnd(); console.log('out');\
         console.count(); console.count(); console.countReset(); console.count('x');\
         console.time('t'); setTimeout(function () { console.timeEnd('t'); console.timeEnd('t'); }, 1500);\
         console.assert(true, 'never'); console.assert(false, 'bad %s', 'thing');\
         console.table([{a: 1, b: 'x'}, {a: 2}]);\
         </script>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap()]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    let expected = "list has 42 items (1.5%) {\"a\":1} extra\nGroup\n  inside\nout\n\
                    default: 1\ndefault: 2\nx: 1\n\
                    ┌─────────┬───┬─────┐\n\
                    │ (index) │ a │ b   │\n\
                    ├─────────┼───┼─────┤\n\
                    │ 0       │ 1 │ 'x' │\n\
                    │ 1       │ 2 │     │\n\
                    └─────────┴───┴─────┘\n\
                    t: 1500.005 ms\n";
    // (Each read moves the virtual clock on by 5 us: `timeEnd` reads it.)
    assert_eq!(stdout, expected);
    // (Assertions print at the error level; a missing timer warns.)
    assert!(stderr.contains("Assertion failed: bad thing"), "{stderr}");
    assert!(stderr.contains("Timer 't' does not exist"), "{stderr}");
}

/// Output that cannot be written is a failure, reported: a full disk, a
/// page that closed the standard output. A closed pipe (`| head`) is the
/// reader's choice: the output ends quietly and the exit code stays.
#[cfg(target_os = "linux")]
#[test]
fn lost_output_is_reported_and_a_closed_pipe_is_not() {
    use std::process::Stdio;
    let p = page("output", "<p>x</p><script>console.log('hello')</script>");
    let full = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(["run", p.to_str().unwrap(), "--dump-dom"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(full.status.code(), Some(1));
    assert!(
        text(&full.stderr).contains("cannot write the output: No space left on device"),
        "{}",
        text(&full.stderr)
    );
    let closed = page(
        "closed-stdout",
        "<script type=text/python>\nimport os\nos.close(1)\n</script><p>x</p>",
    );
    let out = ecsdom(&["run", closed.to_str().unwrap(), "--dump-dom"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the standard output is closed"));
    // A reader that stops reading: no error, exit 0.
    let big = page(
        "pipe",
        "<script>for (let i = 0; i < 20000; i++) console.log('line', i)</script>",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(["run", big.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    assert!(!text(&done.stderr).contains("cannot write"));
}

/// `console.log` of a JS string with a lone surrogate prints it (as
/// U+FFFD: the output is UTF-8) instead of throwing.
#[test]
fn console_log_prints_a_lone_surrogate() {
    let p = page(
        "lone-surrogate",
        "<script>console.log('a' + '\\u{1F600}'.slice(0, 1) + 'b')</script>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "a\u{FFFD}b\n");
}

/// DOM strings keep lone surrogates (`dom_ecs::dom_string`): what one
/// language writes with one, both read back with it; CharacterData's
/// offsets cut and join pairs as UTF-16 does; a selector's lone surrogate
/// is U+FFFD (CSS preprocessing); `--dump-dom` (UTF-8) writes U+FFFD.
#[test]
fn lone_surrogates_round_trip_through_the_dom() {
    let p = page(
        "lone-surrogates-dom",
        r#"<body><p id=p></p><script>
const p = document.getElementById('p');
const lone = '\u{1F600}'.slice(0, 1);
p.setAttribute('data-x', lone + 'x');
p.id = 'a' + lone;
p.textContent = '\u{1F320} test';
const t = p.firstChild;
console.log('js', p.getAttribute('data-x') === lone + 'x', p.id === 'a' + lone, p.id.length,
  t.substringData(1, 2) === '\uDF20 ', t.length);
t.deleteData(0, 1);
console.log('cut', t.data === '\uDF20 test', t.length);
t.insertData(0, '\uD83C');
console.log('joined', t.data === '\u{1F320} test', t.length,
  document.getElementById('a' + lone) === p, document.querySelector('#a\\d83d') === null,
  new Event('x' + lone).type === 'x' + lone);
</script><script type=text/python>
p = document.getElementById('a\ud83d')
print('py', p is not None, p.id == 'a\ud83d', p.getAttribute('data-x') == '\ud83dx',
      p.firstChild.data == '\U0001f320 test')
p.title = '\udc00!'
p.setAttribute('data-y', '\ud83c\udf20')
</script><script>
localStorage.setItem('k' + lone, 'v\uDC00');
console.log('back', p.title === '\uDC00!', p.title.length, p.dataset.y === '\u{1F320}',
  Object.keys(localStorage).includes('k' + lone), localStorage['k' + lone] === 'v\uDC00');
p.removeAttribute('title');
</script></body>"#,
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--strict", "--dump-dom"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with(
            "js true true 2 true 7\ncut true 6\njoined true 7 true true true\n\
             py True True True True\nback true 2 true true true\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "<p id=\"a\u{FFFD}\" data-x=\"\u{FFFD}x\" data-y=\"\u{1F320}\">\u{1F320} test</p>"
        ),
        "{stdout}"
    );
}

/// A `<body onload>` parsed or cloned into a document without a window
/// (`DOMParser`'s, `createHTMLDocument`'s) sets no window's handler; one
/// cloned within an iframe's document sets that iframe's window's, and
/// `importNode` gives the page's (the copies' handlers take effect in
/// their own document).
#[test]
fn body_handlers_land_on_their_own_documents_window() {
    let p = page(
        "body-handlers",
        "<body><iframe></iframe><script>\
         const parsed = new DOMParser().parseFromString('<body onload=\"x()\">', 'text/html');\
         const made = document.implementation.createHTMLDocument('');\
         made.body.setAttribute('onload', 'y()');\
         made.documentElement.cloneNode(true);\
         const f = document.querySelector('iframe');\
         f.contentDocument.body.appendChild(parsed.body.cloneNode(true));\
         console.log(window.onload, f.contentWindow.onload);\
         f.contentDocument.documentElement.appendChild(f.contentDocument.importNode(parsed.body, true));\
         console.log(window.onload, String(f.contentWindow.onload).includes('x()'));\
         document.importNode(parsed.body, true);\
         console.log(String(window.onload).includes('x()'));\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--strict"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "null null\nnull true\ntrue\n");
}
