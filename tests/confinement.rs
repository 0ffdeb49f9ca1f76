//! A page reads local files only inside its own directory tree (issue:
//! pages are untrusted input): `src=` scripts, module imports, `fetch()`
//! and `XMLHttpRequest` of anything outside, a device or a FIFO fail
//! like a blocked load, and no error carries the file's content. Under
//! `--sandbox` the kernel confines the page's Python too: files,
//! processes, sockets, and the network through `--allow-net`.

#[expect(
    dead_code,
    reason = "this test writes its pages into a tree of its own"
)]
mod common;
#[path = "common/server.rs"]
mod server;

use std::io::Write;
use std::net::TcpStream;

use common::{ecsdom, text};
use server::Server;

#[test]
fn a_page_reads_no_file_outside_its_directory() {
    let base = std::env::temp_dir().join(format!("ecsdom-confine-{}", std::process::id()));
    let dir = base.join("site");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(base.join("secret.js"), "var API_TOKEN = 'tok-outside';\n").unwrap();
    std::fs::write(base.join("secret.txt"), "tok-in-text\n").unwrap();
    std::fs::write(dir.join("lib/ok.js"), "var OK = 'inside';\n").unwrap();
    std::fs::write(dir.join("lib/m.js"), "export const m = 'module-inside';\n").unwrap();
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(base.join("secret.txt"), dir.join("link.txt"));
    }
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        "<body><script src=../secret.js></script>\
         <script src=/dev/zero></script>\
         <script src=lib/ok.js></script>\
         <script>\
         const out = (k, v) => document.body.setAttribute(k, v);\
         out('token', typeof API_TOKEN); out('ok', OK);\
         import('../secret.js').then(() => out('import', 'loaded'), e => out('import', String(e.message).includes('tok-') ? 'leaked' : 'blocked'));\
         import('./lib/m.js').then(x => out('module', x.m));\
         fetch('../secret.txt').then(() => out('fetch', 'read'), () => out('fetch', 'blocked'));\
         fetch('link.txt').then(() => out('link', 'read'), () => out('link', 'blocked'));\
         fetch('lib/ok.js').then(r => r.text()).then(t => out('fetch-inside', t.length));\
         </script>\
         <script type=text/python>\n\
from ecsdom import XMLHttpRequest\n\
x = XMLHttpRequest()\n\
x.open('GET', '../secret.txt', False)\n\
try:\n\
\x20   x.send()\n\
\x20   document.body.setAttribute('pyxhr', 'read')\n\
except Exception as e:\n\
\x20   document.body.setAttribute('pyxhr', type(e).__name__)\n\
</script></body>",
    )
    .unwrap();
    let out = ecsdom(&["run", page.to_str().unwrap(), "--dump-dom"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // (The page's own text says `tok-`; the secrets are `tok-outside` and
    // `tok-in-text`.)
    assert!(
        !stdout.contains("tok-outside") && !stdout.contains("tok-in-text"),
        "{stdout}"
    );
    assert!(!stderr.contains("tok-"), "{stderr}");
    for attr in [
        "token=\"undefined\"",
        "ok=\"inside\"",
        "import=\"blocked\"",
        "module=\"module-inside\"",
        "fetch=\"blocked\"",
        "fetch-inside=\"19\"",
        "pyxhr=\"NetworkError\"",
    ] {
        assert!(stdout.contains(attr), "{attr} in {stdout}\n{stderr}");
    }
    #[cfg(unix)]
    assert!(stdout.contains("link=\"blocked\""), "{stdout}");
    assert!(
        stderr.contains("blocked: outside the directory"),
        "{stderr}"
    );
    assert!(stderr.contains("/dev/zero"), "{stderr}");
    // A FIFO inside the tree is no regular file: refused, not waited on.
    #[cfg(unix)]
    if std::process::Command::new("mkfifo")
        .arg(dir.join("fifo.js"))
        .status()
        .is_ok_and(|s| s.success())
    {
        let p = dir.join("fifo.html");
        std::fs::write(&p, "<script src=fifo.js></script><p>after</p>").unwrap();
        let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
        assert!(text(&out.stdout).contains("<p>after</p>"));
        assert!(
            text(&out.stderr).contains("not a regular file"),
            "{}",
            text(&out.stderr)
        );
    }
    // `--root` widens what a page may read to that directory's tree.
    let wide = ecsdom(&[
        "run",
        page.to_str().unwrap(),
        "--dump-dom",
        "--root",
        base.to_str().unwrap(),
    ]);
    assert!(
        text(&wide.stdout).contains("fetch=\"read\""),
        "{}",
        text(&wide.stderr)
    );
    let _ = std::fs::remove_dir_all(&base);
}

/// A module's imports resolve against the importing file, whichever
/// directory `ecsdom run` starts in; `--root` widens what may be read.
#[test]
fn imports_resolve_against_the_importing_file_from_any_working_directory() {
    let base = std::env::temp_dir().join(format!("ecsdom-imports-{}", std::process::id()));
    std::fs::create_dir_all(base.join("pages/sub")).unwrap();
    std::fs::create_dir_all(base.join("lib")).unwrap();
    std::fs::write(base.join("lib/m.js"), "export const v = 'lib';\n").unwrap();
    std::fs::write(base.join("pages/sub/w.js"), "export const w = 'sub';\n").unwrap();
    std::fs::write(
        base.join("pages/local.js"),
        "import { w } from './sub/w.js'; document.body.setAttribute('local', w);\n",
    )
    .unwrap();
    std::fs::write(
        base.join("pages/p.html"),
        "<body><script type=module src=local.js></script>\
         <script type=module>import { v } from '../lib/m.js'; document.body.setAttribute('lib', v);</script></body>",
    )
    .unwrap();
    let run = |cwd: &std::path::Path, page: &str, root: Option<&str>| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_ecsdom"));
        c.current_dir(cwd).args(["run", page, "--dump-dom"]);
        if let Some(r) = root {
            c.args(["--root", r]);
        }
        let out = c.output().unwrap();
        (text(&out.stdout), text(&out.stderr))
    };
    let pages = base.join("pages");
    for (cwd, page, root) in [(&pages, "p.html", ".."), (&base, "pages/p.html", ".")] {
        let (dom, err) = run(cwd, page, Some(root));
        assert!(
            dom.contains("<body local=\"sub\" lib=\"lib\">"),
            "{page}: {dom}{err}"
        );
        // Without --root, `../lib` is outside what the page may read.
        let (dom, err) = run(cwd, page, None);
        assert!(dom.contains("<body local=\"sub\">"), "{page}: {dom}");
        assert!(
            err.contains("outside the directory the page may read"),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&base);
}

/// The page the sandbox tests run: each thing a page's Python might try,
/// and what happened (`allowed (...)` or `refused (the exception)`); its
/// JS and asyncio run too.
const ESCAPE: &str = "<!doctype html><body><ul id=out></ul>
<script type=text/python>
import asyncio, os, pathlib, socket, subprocess, threading
out = document.getElementById('out')
def note(what, fn):
    try:
        msg = f'{what}: allowed ({fn()})'
    except Exception as e:
        msg = f'{what}: refused ({type(e).__name__})'
    li = document.createElement('li')
    li.textContent = msg
    out.appendChild(li)
secret = pathlib.Path(document.URL[len('file://'):]).parent.parent / 'secret.env'
note('read a secret', lambda: secret.read_text().strip())
note('write a file', lambda: (secret.parent / 'written').write_text('x'))
note('read the cache key', lambda: len((secret.parent / 'cache' / 'key').read_bytes()))
note('start a process', lambda: subprocess.run(['true']).returncode)
note('open a socket', lambda: socket.socket().fileno() > 0)
note('read beside the page', lambda: len(pathlib.Path(document.URL[len('file://'):]).read_text()) > 0)
def in_thread():
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()
    return 'ran'
note('start a thread', in_thread)
async def later():
    note('run a task', lambda: 'ran')
asyncio.create_task(later())
</script>
<script src=ran.js></script>";

#[test]
fn the_sandbox_confines_a_python_page() {
    let base = std::env::temp_dir().join(format!("ecsdom-sandbox-{}", std::process::id()));
    let dir = base.join("site");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(base.join("secret.env"), "API_TOKEN=tok-secret\n").unwrap();
    let page = dir.join("escape.html");
    std::fs::write(&page, ESCAPE).unwrap();
    std::fs::write(
        dir.join("ran.js"),
        "const li = document.createElement('li');\n\
         li.textContent = 'JS: ran';\n\
         document.getElementById('out').append(li);\n",
    )
    .unwrap();
    let cache = base.join("cache");
    let run = |sandbox: bool| {
        let _ = std::fs::remove_file(base.join("written"));
        let mut args = vec![
            "run",
            page.to_str().unwrap(),
            "--dump-dom",
            "--cache-dir",
            cache.to_str().unwrap(),
        ];
        if sandbox {
            args.push("--sandbox");
        }
        let out = ecsdom(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        (text(&out.stdout), base.join("written").exists())
    };
    let (free, wrote) = run(false);
    for line in [
        "read a secret: allowed (API_TOKEN=tok-secret)",
        "write a file: allowed (1)",
        "read the cache key: allowed (32)",
        "start a process: allowed (0)",
        "open a socket: allowed (True)",
    ] {
        assert!(free.contains(line), "{line} in {free}");
    }
    assert!(wrote);
    let (confined, wrote) = run(true);
    for line in [
        "read a secret: refused (PermissionError)",
        "write a file: refused (PermissionError)",
        "read the cache key: refused (PermissionError)",
        "start a process: refused (PermissionError)",
        "open a socket: refused (PermissionError)",
    ] {
        assert!(confined.contains(line), "{line} in {confined}");
    }
    assert!(!confined.contains("tok-secret") && !wrote, "{confined}");
    // The sandboxed page's compiled scripts go to a partition of its own.
    let partitions: Vec<_> = std::fs::read_dir(cache.join("sandboxed"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(partitions.len(), 1);
    assert!(
        std::fs::read_dir(partitions[0].path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("js-")),
        "no entry in {}",
        partitions[0].path().display()
    );
    // What the page needs still works.
    for out in [&free, &confined] {
        for line in [
            "read beside the page: allowed (True)",
            "start a thread: allowed (ran)",
            "run a task: allowed (ran)",
            "JS: ran",
        ] {
            assert!(out.contains(line), "{line} in {out}");
        }
    }
    let _ = std::fs::remove_dir_all(&base);
}

/// Answer `/data` with JSON and `/away` with a redirect to `/data` on the
/// port in the test's `other` server.
fn serve_data(mut conn: TcpStream, other: u16) {
    let path = server::request_path(&conn);
    let reply = match path.as_str() {
        "/data" => {
            "200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"a\": 1}"
                .to_owned()
        }
        "/away" => format!(
            "302 Found\r\nLocation: http://127.0.0.1:{other}/data\r\nContent-Length: 0\r\n\r\n"
        ),
        _ => "404 Not Found\r\nContent-Length: 0\r\n\r\n".to_owned(),
    };
    let _ = write!(conn, "HTTP/1.1 {reply}");
}

#[test]
fn a_sandboxed_page_reaches_only_the_hosts_allowed() {
    let other = Server::start(|c| serve_data(c, 0));
    let port = other.port;
    let server = Server::start(move |c| serve_data(c, port));
    let origin = format!("http://127.0.0.1:{}", server.port);
    let page = common::page(
        "sandbox-net",
        &format!(
            "<body><script>
for (const p of ['data', 'away'])
  fetch('{origin}/' + p).then(r => r.json()).then(
    d => document.body.setAttribute('js-' + p, d.a),
    e => document.body.setAttribute('js-' + p, e.message));
</script>
<script type=text/python>
import asyncio
async def get(p):
    try:
        r = await window.fetch('{origin}/' + p)
        document.body.setAttribute('py-' + p, str((await r.json())['a']))
    except Exception as e:
        document.body.setAttribute('py-' + p, str(e))
for p in ('data', 'away'):
    asyncio.create_task(get(p))
</script></body>"
        ),
    );
    let run = |flags: &[&str]| {
        let mut args = vec!["run", page.to_str().unwrap(), "--dump-dom"];
        args.extend(flags);
        let out = ecsdom(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let blocked = |port: u16| {
        format!("Failed to fetch: the sandbox blocked 127.0.0.1:{port} (not in --allow-net)")
    };
    let free = run(&[]);
    for attr in [
        "js-data=\"1\"",
        "js-away=\"1\"",
        "py-data=\"1\"",
        "py-away=\"1\"",
    ] {
        assert!(free.contains(attr), "{attr} in {free}");
    }
    // No network at all by default.
    let closed = run(&["--sandbox"]);
    assert!(closed.contains(&blocked(server.port)), "{closed}");
    assert!(!closed.contains("=\"1\""), "{closed}");
    // One host: its redirect to another is blocked too.
    let allowed = format!("127.0.0.1:{}", server.port);
    let one = run(&["--sandbox", "--allow-net", &allowed]);
    for attr in ["js-data=\"1\"", "py-data=\"1\""] {
        assert!(one.contains(attr), "{attr} in {one}");
    }
    for lang in ["js", "py"] {
        let attr = format!("{lang}-away=\"{}\"", blocked(port));
        assert!(one.contains(&attr), "{attr} in {one}");
    }
    // A host without a port allows every port.
    let any = run(&["--sandbox", "--allow-net", "localhost,127.0.0.1"]);
    assert!(any.contains("py-away=\"1\""), "{any}");
    // Bad lists are refused before anything runs.
    for bad in [
        vec!["--allow-net", "127.0.0.1"],
        vec!["--sandbox", "--allow-net", "127.0.0.1:99999"],
    ] {
        let mut args = vec!["run", page.to_str().unwrap()];
        args.extend(bad);
        let out = ecsdom(&args);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    }
}
