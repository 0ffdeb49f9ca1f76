//! A page reads local files only inside its own directory tree (issue:
//! pages are untrusted input): `src=` scripts, module imports, `fetch()`
//! and `XMLHttpRequest` of anything outside, a device or a FIFO fail
//! like a blocked load, and no error carries the file's content.

#[expect(
    dead_code,
    reason = "this test writes its pages into a tree of its own"
)]
mod common;

use common::{ecsdom, text};

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
