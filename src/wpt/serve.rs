//! The runner's web server, as wptserve is a WPT runner's: HTTP on a
//! loopback port, the WPT root at `/` (and each test directory outside it
//! at `/NAME/`), and the pages and worker scripts wptserve writes for
//! script tests, so a test page loads its scripts, fetches
//! `/interfaces/*.idl` and starts its workers by URL as in a browser.
//! Static files, with the headers of their `.headers` files (and their
//! directory's `__dir__.headers`), as wptserve sends them; no `.py`
//! handlers, `.sub.` substitution or pipes (the tests that need them are
//! skipped).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// A running server; stopped when dropped.
pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

/// What the server serves: directories by URL prefix, and generated
/// resources by path.
pub struct Site {
    /// (`/prefix/`, directory), longest prefix first.
    pub mounts: Vec<(String, PathBuf)>,
    /// Path (`/url/a.any.html`) to (content, MIME type).
    pub generated: HashMap<String, (String, &'static str)>,
}

impl Server {
    /// Listen on a free loopback port and serve `site` until dropped.
    pub fn start(mut site: Site) -> std::io::Result<Server> {
        site.mounts
            .sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(site);
        let flag = stop.clone();
        let accept = std::thread::Builder::new()
            .name("wpt-server".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if flag.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let site = site.clone();
                    let _ = std::thread::Builder::new()
                        .name("wpt-server-conn".into())
                        .spawn(move || serve_connection(conn, &site));
                }
            })?;
        Ok(Server {
            port,
            stop,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT`, no slash at the end.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// The MIME type wptserve gives a file by its extension.
fn mime_of(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html",
        "xhtml" | "xht" => "application/xhtml+xml",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "js" | "mjs" => "text/javascript",
        "json" => "application/json",
        "css" => "text/css",
        "png" => "image/png",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "bmp" => "image/bmp",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        _ => "text/plain",
    }
}

/// Decode `%XX` escapes of a URL path.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file under `site`'s mounts that `path` names, if it stays inside.
fn file_of(site: &Site, path: &str) -> Option<PathBuf> {
    let (prefix, dir) = site.mounts.iter().find(|(p, _)| path.starts_with(p))?;
    let rel = Path::new(&path[prefix.len()..]);
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    Some(dir.join(rel))
}

/// The headers wptserve adds to the response of `file`: its directory's
/// `__dir__.headers`, then its own `FILE.headers` (`Name: value` lines).
fn headers_of(file: &Path) -> Vec<(String, String)> {
    let own = {
        let mut name = file.as_os_str().to_owned();
        name.push(".headers");
        PathBuf::from(name)
    };
    let dir = file.with_file_name("__dir__.headers");
    [dir, own]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|text| {
            text.lines()
                .filter_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    let k = k.trim();
                    (!k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()))
                        .then(|| (k.to_owned(), v.trim().to_owned()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn serve_connection(conn: TcpStream, site: &Site) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut conn = conn;
    // One request per connection (`Connection: close`).
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {
                if let Some((k, v)) = header.split_once(':')
                    && k.trim().eq_ignore_ascii_case("content-length")
                {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
    }
    // A request body is read and dropped (no handler takes one).
    let _ = std::io::copy(
        &mut reader.by_ref().take(length as u64),
        &mut std::io::sink(),
    );
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let mut extra = Vec::new();
    let found = match site.generated.get(&path) {
        Some((body, mime)) => Some((body.as_bytes().to_vec(), *mime)),
        None => file_of(site, &path).filter(|f| f.is_file()).and_then(|f| {
            extra = headers_of(&f);
            std::fs::read(&f).ok().map(|b| (b, mime_of(&f)))
        }),
    };
    let (status, mime, body) = match (method, found) {
        ("GET" | "HEAD", Some((body, mime))) => ("200 OK", mime, body),
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => (
            "405 Method Not Allowed",
            "text/plain",
            b"this server serves files only".to_vec(),
        ),
    };
    let mut head = format!("HTTP/1.1 {status}\r\n");
    if !extra
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        head.push_str(&format!("Content-Type: {mime}\r\n"));
    }
    for (k, v) in &extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = conn.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = conn.write_all(&body);
    }
    let _ = conn.flush();
    let _ = conn.shutdown(Shutdown::Both);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_their_mount() {
        let site = Site {
            mounts: vec![("/".into(), PathBuf::from("/r"))],
            generated: HashMap::new(),
        };
        assert_eq!(file_of(&site, "/a/b.js"), Some(PathBuf::from("/r/a/b.js")));
        assert_eq!(file_of(&site, "/a/../../etc/passwd"), None);
        assert_eq!(percent_decode("/a%20b%2"), "/a b%2");
    }
}
