//! The same page in Chromium and in ecsdom gives the same `--dump-dom`:
//! a page that fetches JSON, fills a form and uses storage, served from a
//! loopback HTTP server this test starts (Chromium from the system's
//! package, headless, in a profile of its own, virtual time as ours).

#[expect(
    dead_code,
    reason = "this test runs a page served over HTTP, not one written to a file"
)]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use common::{ecsdom, text};

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

/// Serve the page and its data on loopback until the listener is dropped.
fn serve() -> (
    u16,
    std::thread::JoinHandle<()>,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let s = stop.clone();
    let thread = std::thread::spawn(move || {
        while !s.load(std::sync::atomic::Ordering::SeqCst) {
            let Ok((mut conn, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            conn.set_nonblocking(false).unwrap();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/");
            let (status, ty, body) = match path {
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
    });
    (port, thread, stop)
}

#[test]
fn a_page_with_fetch_forms_and_storage_dumps_as_in_chromium() {
    let (port, thread, stop) = serve();
    let url = format!("http://127.0.0.1:{port}/page.html");
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
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = thread.join();
    let theirs = text(&chromium.stdout);
    assert!(
        theirs.contains("data-fetched=\"2\""),
        "chromium did not run the page: {}\n{theirs}",
        text(&chromium.stderr)
    );
    assert!(ours.status.success(), "{}", text(&ours.stderr));
    assert_eq!(text(&ours.stdout).trim_end(), theirs.trim_end());
}
