//! `fetch()` in both languages against a real HTTP server on loopback
//! (started and stopped here): JSON, redirects, request bodies and
//! headers, network errors, and the event loop waiting for responses.

#[expect(
    dead_code,
    reason = "this test runs pages with --url, not through dump_strict"
)]
mod common;
#[path = "common/server.rs"]
mod server;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Command;

use common::{ecsdom, page, text};
use server::Server;

fn serve(conn: TcpStream) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut length = 0;
    let mut custom = String::new();
    let mut content_type = String::new();
    let mut cookie = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if let Some(v) = lower.strip_prefix("x-custom:") {
            custom = v.trim().to_owned();
        }
        if lower.starts_with("cookie:") {
            cookie = line["cookie:".len()..].trim().to_owned();
        }
        if lower.starts_with("content-type:") {
            content_type = line["content-type:".len()..].trim().to_owned();
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, headers, content) = match path {
        "/data.json" => (
            "200 OK",
            "Content-Type: application/json\r\n",
            r#"{"items": [1, 2, 3], "name": "ecsdom"}"#.to_owned(),
        ),
        "/moved" => ("302 Found", "Location: /data.json\r\n", String::new()),
        "/cookie/set" => (
            "200 OK",
            "Set-Cookie: a=1; Path=/\r\nSet-Cookie: h=secret; HttpOnly; Path=/\r\n",
            "set".to_owned(),
        ),
        "/cookie/echo" => ("200 OK", "", cookie.clone()),
        "/site/page.html" => (
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n",
            "<!doctype html><title>served</title><p id=out></p>\
             <script src=app.js></script><script src=missing.js></script>\
             <iframe src=frame.html></iframe>"
                .to_owned(),
        ),
        "/site/app.js" => (
            "200 OK",
            "Content-Type: text/javascript\r\n",
            "document.getElementById('out').textContent = document.URL;\
             window.onload = () => { const f = document.querySelector('iframe');\
             document.body.append(f.contentDocument.title + ' at ' + f.contentDocument.URL); };"
                .to_owned(),
        ),
        "/site/frame.html" => (
            "200 OK",
            "Content-Type: text/html\r\n",
            "<title>inner</title>".to_owned(),
        ),
        "/echo" => (
            "201 Created",
            "Content-Type: text/plain\r\nX-Reply: yes\r\n",
            format!("{method} {} {custom}", String::from_utf8_lossy(&body)),
        ),
        // The body back, with the content type it came with.
        "/form" => {
            let mut conn = conn;
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = conn.write_all(&body);
            return;
        }
        _ => ("404 Not Found", "", "no such thing".to_owned()),
    };
    let mut conn = conn;
    let _ = write!(
        conn,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{content}",
        content.len()
    );
}

#[test]
fn a_page_loads_over_http_with_its_scripts_and_frames() {
    let server = Server::start(serve);
    let base = format!("http://127.0.0.1:{}/site/", server.port);
    let out = ecsdom(&["run", &format!("{base}page.html"), "--dump-dom"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("<p id=\"out\">{base}page.html</p>")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("inner at {base}frame.html")),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{base}missing.js: 404 Not Found")),
        "{stderr}"
    );
}

#[test]
fn fetch_works_alike_in_both_languages_over_http() {
    let server = Server::start(serve);
    let origin = format!("http://127.0.0.1:{}", server.port);
    let p = page(
        "fetch",
        "<!DOCTYPE html><body><script>\
         (async () => {\
           const out = [];\
           const r = await fetch('data.json');\
           const data = await r.json();\
           out.push(r.status, r.ok, r.headers.get('content-type'), data.items.join('+'), data.name);\
           const m = await fetch('/moved');\
           out.push(m.redirected, new URL(m.url).pathname, m.status);\
           const e = await fetch('echo', {method: 'post', body: 'hi there', headers: {'X-Custom': 'abc'}});\
           out.push(e.status, e.statusText, e.headers.get('x-reply'), await e.text());\
           const n = await fetch('nope');\
           out.push(n.status, n.ok);\
           try { await fetch('http://127.0.0.1:1/'); } catch (err) { out.push(err.constructor.name); }\
           document.body.setAttribute('js', out.join(' '));\
         })();\
         </script><script type=text/python>\n\
import asyncio\n\
async def fetch_data():\n\
\x20   response = await window.fetch('data.json')\n\
\x20   data = await response.json()\n\
\x20   return data\n\
task = asyncio.create_task(fetch_data())\n\
task.add_done_callback(lambda t: document.body.setAttribute('py', repr(t.result())))\n\
async def more():\n\
\x20   e = await fetch('echo', method='PUT', body=b'raw', headers=[('X-Custom', 'xyz')])\n\
\x20   text = await e.text()\n\
\x20   try:\n\
\x20       await fetch('http://127.0.0.1:1/')\n\
\x20       failed = 'no'\n\
\x20   except TypeError:\n\
\x20       failed = 'TypeError'\n\
\x20   document.body.setAttribute('py2', f'{e.status} {text} {failed} {dict(e.headers)[\"x-reply\"]}')\n\
asyncio.create_task(more())\n\
</script>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--url",
        &format!("{origin}/page.html"),
        "--dump-dom",
        "--strict",
    ]);
    let dump = text(&out.stdout);
    assert!(out.status.success(), "{}\n{dump}", text(&out.stderr));
    assert!(
        dump.contains(
            "js=\"200 true application/json 1+2+3 ecsdom true /data.json 200 201 Created yes POST hi there abc 404 false TypeError\""
        ),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"{'items': [1, 2, 3], 'name': 'ecsdom'}\""),
        "{dump}"
    );
    assert!(
        dump.contains("py2=\"201 PUT raw xyz TypeError yes\""),
        "{dump}"
    );
    drop(server);
}

#[test]
fn form_data_and_requests_go_over_http_alike_in_both_languages() {
    let server = Server::start(serve);
    let origin = format!("http://127.0.0.1:{}", server.port);
    let p = page(
        "form-data",
        "<!DOCTYPE html><body><form id=f><input name=a value='one two'>\
         <input type=checkbox name=c checked><textarea name=t>x\ny</textarea>\
         <button name=go value=yes>Go</button></form><script>\
         (async () => {\
           const form = document.getElementById('f');\
           const fd = new FormData(form, form.querySelector('button'));\
           fd.append('extra', 'é');\
           const req = new Request('form', {method: 'POST', body: fd});\
           const type = req.headers.get('content-type').split(';')[0];\
           const back = await (await fetch(req)).formData();\
           const url = await (await fetch('form', {method: 'POST', body: new URLSearchParams(fd)})).formData();\
           let used; try { await fetch(req); } catch (e) { used = e.constructor.name; }\
           document.body.setAttribute('js', [type, req.bodyUsed, used, JSON.stringify([...back]), url.get('t')].join(' | '));\
         })();\
         </script><script type=text/python>\n\
import asyncio\n\
from ecsdom import FormData, Request, URLSearchParams\n\
async def main():\n\
\x20   form = document.getElementById('f')\n\
\x20   fd = FormData(form, form.querySelector('button'))\n\
\x20   fd.append('extra', 'é')\n\
\x20   req = Request('form', method='POST', body=fd)\n\
\x20   kind = req.headers.get('content-type').split(';')[0]\n\
\x20   back = await (await fetch(req)).formData()\n\
\x20   url = await (await fetch('form', method='POST', body=URLSearchParams(list(fd)))).formData()\n\
\x20   try:\n\
\x20       await fetch(req)\n\
\x20       used = 'no'\n\
\x20   except TypeError:\n\
\x20       used = 'TypeError'\n\
\x20   pairs = ','.join(f'{k}={v!r}' for k, v in back)\n\
\x20   document.body.setAttribute('py', f'{kind} | {req.bodyUsed} | {used} | {pairs} | {url.get(\"t\")!r}')\n\
asyncio.create_task(main())\n\
</script>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--url",
        &format!("{origin}/page.html"),
        "--dump-dom",
        "--strict",
    ]);
    let dump = text(&out.stdout);
    assert!(out.status.success(), "{}\n{dump}", text(&out.stderr));
    assert!(
        dump.contains(
            "js=\"multipart/form-data | true | TypeError | [[&quot;a&quot;,&quot;one two&quot;],[&quot;c&quot;,&quot;on&quot;],[&quot;t&quot;,&quot;x\\r\\ny&quot;],[&quot;go&quot;,&quot;yes&quot;],[&quot;extra&quot;,&quot;é&quot;]] | x\ny\""
        ),
        "{dump}"
    );
    assert!(
        dump.contains(
            "py=\"multipart/form-data | True | TypeError | a='one two',c='on',t='x\\r\\ny',go='yes',extra='é' | 'x\\ny'\""
        ),
        "{dump}"
    );
    drop(server);
}

#[test]
fn cookies_go_with_same_origin_requests_in_both_languages() {
    let server = Server::start(serve);
    let origin = format!("http://127.0.0.1:{}", server.port);
    let p = page(
        "cookies",
        "<!DOCTYPE html><body><script>\
         (async () => {\
           document.cookie = 'js=1';\
           const set = await fetch('cookie/set');\
           const echo = await (await fetch('cookie/echo')).text();\
           document.body.setAttribute('js', [document.cookie, echo, set.headers.has('set-cookie'), navigator.cookieEnabled].join(' | '));\
         })();\
         </script><script type=text/python>\n\
import asyncio\n\
async def main():\n\
\x20   await asyncio.sleep(1)\n\
\x20   document.cookie = 'py=2; Path=/'\n\
\x20   document.cookie = 'h=stolen'\n\
\x20   echo = await (await fetch('cookie/echo')).text()\n\
\x20   document.body.setAttribute('py', f'{document.cookie} | {echo}')\n\
asyncio.create_task(main())\n\
</script>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--url",
        &format!("{origin}/page.html"),
        "--dump-dom",
        "--strict",
    ]);
    let dump = text(&out.stdout);
    assert!(out.status.success(), "{}\n{dump}", text(&out.stderr));
    assert!(
        dump.contains("js=\"js=1; a=1 | js=1; a=1; h=secret | false | true\""),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"js=1; a=1; py=2 | js=1; a=1; h=secret; py=2\""),
        "{dump}"
    );
    // A local file's page has no cookies, as in a browser.
    let local = page(
        "no-cookies",
        "<body><script>document.cookie = 'x=1'; document.body.setAttribute('c', `[${document.cookie}]`);</script>",
    );
    let dump = text(&ecsdom(&["run", local.to_str().unwrap(), "--dump-dom"]).stdout);
    assert!(dump.contains("c=\"[]\""), "{dump}");
    drop(server);
}

#[test]
fn responses_are_made_alike_in_both_languages() {
    let p = page(
        "response",
        "<!DOCTYPE html><body><script>\
         (async () => {\
           const r = new Response(new Uint8Array([104, 105]), {status: 201, statusText: 'Made', headers: {'X-A': '1'}});\
           const out = [r.status, r.statusText, r.type, r.headers.get('x-a'), await r.text(), r.bodyUsed];\
           const s = new Response(new URLSearchParams('a=1'));\
           out.push(s.headers.get('content-type'), await s.text());\
           try { new Response(null, {status: 99}); } catch (e) { out.push(e.constructor.name); }\
           try { new Response('x', {status: 204}); } catch (e) { out.push(e.constructor.name); }\
           const e = Response.error(); out.push(e.type, e.status);\
           const m = Response.redirect('next', 303); out.push(m.status, m.headers.get('location'));\
           document.body.setAttribute('js', out.join(' '));\
         })();\
         </script><script type=text/python>\n\
import asyncio\n\
from ecsdom import Response, URLSearchParams\n\
async def main():\n\
\x20   r = Response(b'hi', status=201, statusText='Made', headers={'X-A': '1'})\n\
\x20   out = [r.status, r.statusText, r.type, r.headers.get('x-a'), await r.text(), str(r.bodyUsed).lower()]\n\
\x20   s = Response(URLSearchParams('a=1'))\n\
\x20   out += [s.headers.get('content-type'), await s.text()]\n\
\x20   try:\n\
\x20       Response(None, status=99)\n\
\x20   except ValueError as e:\n\
\x20       out.append('ValueError')\n\
\x20   try:\n\
\x20       Response('x', status=204)\n\
\x20   except TypeError:\n\
\x20       out.append('TypeError')\n\
\x20   e = Response.error()\n\
\x20   out += [e.type, e.status]\n\
\x20   m = Response.redirect('next', 303)\n\
\x20   out += [m.status, m.headers.get('location')]\n\
\x20   document.body.setAttribute('py', ' '.join(str(x) for x in out))\n\
asyncio.create_task(main())\n\
</script>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--url",
        "http://example.com/dir/page.html",
        "--dump-dom",
        "--strict",
    ]);
    let dump = text(&out.stdout);
    assert!(out.status.success(), "{}\n{dump}", text(&out.stderr));
    let common = "201 Made default 1 hi true application/x-www-form-urlencoded;charset=UTF-8 a=1";
    let moved = "303 http://example.com/dir/next";
    assert!(
        dump.contains(&format!(
            "js=\"{common} RangeError TypeError error 0 {moved}\""
        )),
        "{dump}"
    );
    assert!(
        dump.contains(&format!(
            "py=\"{common} ValueError TypeError error 0 {moved}\""
        )),
        "{dump}"
    );
}

#[test]
fn xml_http_request_works_alike_in_both_languages() {
    let server = Server::start(serve);
    let origin = format!("http://127.0.0.1:{}", server.port);
    let p = page(
        "xhr",
        "<!DOCTYPE html><body><script>\
         const out = [];\
         const x = new XMLHttpRequest();\
         x.onreadystatechange = () => out.push('rs' + x.readyState);\
         x.onloadend = (e) => {\
           out.push(x.status, x.response.name, e.loaded);\
           const s = new XMLHttpRequest();\
           s.open('POST', 'echo', false);\
           s.setRequestHeader('X-Custom', 'abc');\
           s.send('hi');\
           out.push(s.status, s.statusText, s.getResponseHeader('X-Reply'), s.responseText);\
           const f = new XMLHttpRequest();\
           f.onerror = () => out.push('error');\
           f.open('GET', 'http://127.0.0.1:1/');\
           f.onloadend = () => document.body.setAttribute('js', out.join(' '));\
           f.send();\
         };\
         x.responseType = 'json';\
         x.open('GET', 'data.json');\
         x.send();\
         </script><script type=text/python>\n\
out = []\n\
x = XMLHttpRequest()\n\
def ended(e):\n\
\x20   out.append(f'{x.status} {x.response[\"items\"]} {e.loaded}')\n\
\x20   s = XMLHttpRequest()\n\
\x20   s.open('PUT', 'echo', False)\n\
\x20   s.setRequestHeader('X-Custom', 'xyz')\n\
\x20   s.send(b'raw')\n\
\x20   out.append(f'{s.status} {s.responseText}')\n\
\x20   document.body.setAttribute('py', ' | '.join(out))\n\
x.onloadend = ended\n\
x.responseType = 'json'\n\
x.open('GET', 'data.json')\n\
x.send()\n\
</script>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--url",
        &format!("{origin}/page.html"),
        "--dump-dom",
    ]);
    let dump = text(&out.stdout);
    assert!(
        dump.contains(r#"js="rs1 rs4 200 ecsdom 38 201 Created yes POST hi abc error""#),
        "{}\n{dump}",
        text(&out.stderr)
    );
    assert!(
        dump.contains(r#"py="200 [1, 2, 3] 38 | 201 PUT raw xyz""#),
        "{}\n{dump}",
        text(&out.stderr)
    );
}

// ----- The same page in Chromium and in ecsdom gives the same --dump-dom: a page
// that fetches JSON, fills a form and uses storage, served from loopback
// (Chromium from the system's package, headless, a profile of its own).

const PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>compare</title></head>
<body>
<form id="f"><input id="name" name="name" value="start"><input id="ok" type="checkbox" name="ok">
<select id="size" name="size"><option>s</option><option>m</option><option>l</option></select>
<textarea id="note" name="note">hi</textarea></form>
<ul id="items"></ul>
<script>
const f = document.getElementById('f');
const name = document.getElementById('name');
name.value = 'typed';
document.getElementById('ok').click();
document.getElementById('size').value = 'm';
document.getElementById('note').value = 'changed';
const state = [name.value, name.defaultValue, document.getElementById('ok').checked,
  document.getElementById('size').selectedIndex, document.getElementById('note').value,
  f.elements.length, f.elements.name === name];
document.body.setAttribute('data-form', state.join(','));
localStorage.clear();
localStorage.setItem('visits', '1');
localStorage.visits = String(Number(localStorage.visits) + 1);
sessionStorage.setItem('tab', 'one');
document.body.setAttribute('data-storage', [localStorage.length, localStorage.getItem('visits'), localStorage.key(0), sessionStorage.tab, 'nope' in localStorage].join(','));
fetch('data.json').then((r) => r.json()).then((d) => {
  const ul = document.getElementById('items');
  for (const item of d.items) {
    const li = document.createElement('li');
    li.textContent = item.name;
    li.dataset.price = item.price.toFixed(2);
    ul.append(li);
  }
  document.body.setAttribute('data-fetched', d.items.length);
});
</script>
</body></html>
"#;

const DATA: &str = r#"{"items": [{"name": "apple", "price": 1.5}, {"name": "pear", "price": 2}]}"#;

/// Serve the comparison page and its data.
fn serve_compare_page(mut conn: TcpStream) {
    let path = server::request_path(&conn);
    let (status, ty, body) = match path.as_str() {
        "/page.html" => ("200 OK", "text/html; charset=utf-8", PAGE),
        "/data.json" => ("200 OK", "application/json", DATA),
        _ => ("404 Not Found", "text/plain", "no"),
    };
    let _ = write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

#[test]
fn a_page_with_fetch_forms_and_storage_dumps_as_in_chromium() {
    let server = Server::start(serve_compare_page);
    let url = format!("http://127.0.0.1:{}/page.html", server.port);
    let profile = std::env::temp_dir().join(format!("ecsdom-chromium-{}", std::process::id()));
    let chromium = Command::new("timeout")
        .arg("120")
        .arg("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(&url)
        .output()
        .expect("chromium (the Debian package) is needed for this comparison");
    let _ = std::fs::remove_dir_all(&profile);
    let ours = ecsdom(&["run", &url, "--dump-dom", "--strict"]);
    drop(server);
    let theirs = text(&chromium.stdout);
    assert!(
        theirs.contains("data-fetched=\"2\""),
        "chromium did not run the page: {}\n{theirs}",
        text(&chromium.stderr)
    );
    assert!(ours.status.success(), "{}", text(&ours.stderr));
    assert_eq!(text(&ours.stdout).trim_end(), theirs.trim_end());
}
