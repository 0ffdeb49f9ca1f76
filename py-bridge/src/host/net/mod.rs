//! The page's network: `fetch()` requests (checked by dom-ecs, from either
//! engine) run on worker threads, never on the page thread, and each
//! result comes back to the event loop, which delivers it as a task to
//! the engine that asked (virtual time waits for them: the clock does not
//! jump past a request in flight).
//!
//! Schemes (<https://fetch.spec.whatwg.org/#scheme-fetch>): `about:blank`,
//! `data:` (dom-ecs's `data:` URL processor), `file:` (a regular file, read
//! whole), `http:` and `https:` (ureq, rustls; redirects followed, at most
//! 20; one minute per request: `http`; under `--sandbox`, in the
//! sandbox's network process). Anything else is a network error. Not
//! there yet: CORS (a cross-origin response is given to the page as a
//! same-origin one would be), caching, streaming bodies.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dom_ecs::fetch::{FetchRequest, NetworkResponse, ResponseType, data_url};
use js_bridge::FileScope;

use super::event_loop::Engine;

pub(crate) mod http;

/// A response body larger than this is a network error (the whole body
/// is held in memory).
pub(crate) const MAX_BODY: u64 = js_bridge::MAX_FILE;

/// Worker threads at most (more requests wait for one).
const WORKERS: usize = 4;

/// What comes to the page's event loop from other threads: a finished
/// request, or what a worker of the page sent.
pub enum Arrival {
    Fetched(Done),
    Worker {
        /// The worker (the page's `Worker` object's id).
        id: u64,
        event: super::worker::FromWorker,
    },
}

/// A finished request: for `engine`'s request `id`.
pub struct Done {
    pub engine: Engine,
    pub id: u64,
    pub result: Result<NetworkResponse, String>,
}

struct Job {
    engine: Engine,
    id: u64,
    request: FetchRequest,
    cookies: Option<Cookies>,
    files: FileScope,
}

/// The page's cookie jar and origin: its same-origin requests send the
/// jar's `Cookie` header and store their responses' `Set-Cookie` (the
/// default `same-origin` credentials mode).
#[derive(Clone, Debug)]
pub struct Cookies {
    /// The jar (`document.cookie`'s).
    pub jar: dom_ecs::cookies::CookieJar,
    /// The page's origin, serialized.
    pub origin: String,
}

/// The page's requests in flight and their results.
pub struct Net {
    jobs: Mutex<Option<Sender<Job>>>,
    job_queue: Arc<Mutex<Receiver<Job>>>,
    done_tx: Sender<Arrival>,
    done_rx: Mutex<Receiver<Arrival>>,
    workers: AtomicUsize,
    next: AtomicU64,
    pending: AtomicUsize,
    cookies: Mutex<Option<Cookies>>,
    /// The local files the page's requests may read.
    files: Mutex<FileScope>,
}

/// The network, shared by both engines' `fetch`.
pub type SharedNet = Arc<Net>;

impl Net {
    pub fn new() -> SharedNet {
        let (jobs, job_queue) = channel();
        let (done_tx, done_rx) = channel();
        Arc::new(Net {
            jobs: Mutex::new(Some(jobs)),
            job_queue: Arc::new(Mutex::new(job_queue)),
            done_tx,
            done_rx: Mutex::new(done_rx),
            workers: AtomicUsize::new(0),
            next: AtomicU64::new(0),
            pending: AtomicUsize::new(0),
            cookies: Mutex::new(None),
            files: Mutex::new(FileScope::default()),
        })
    }

    /// Confine the page's `file:` requests to `scope`.
    pub fn use_files(&self, scope: FileScope) {
        *self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = scope;
    }

    fn files(&self) -> FileScope {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Send and store cookies for the page's same-origin requests.
    pub fn use_cookies(&self, cookies: Cookies) {
        *self
            .cookies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(cookies);
    }

    fn cookies(&self) -> Option<Cookies> {
        self.cookies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Fetch `request` on this thread (a synchronous `XMLHttpRequest`),
    /// with the page's cookies.
    pub fn perform_now(&self, request: &FetchRequest) -> Result<NetworkResponse, String> {
        perform_with_cookies(request, self.cookies().as_ref(), &self.files())
    }

    /// Send `request` for `engine`; its id.
    pub fn start(&self, engine: Engine, request: FetchRequest) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.pending.fetch_add(1, Ordering::SeqCst);
        if self.workers.load(Ordering::Relaxed) < WORKERS {
            self.workers.fetch_add(1, Ordering::Relaxed);
            let (queue, done) = (self.job_queue.clone(), self.done_tx.clone());
            let _ = std::thread::Builder::new()
                .name("ecsdom-fetch".into())
                .spawn(move || worker(&queue, &done));
        }
        let sent = self
            .jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .is_some_and(|tx| {
                tx.send(Job {
                    engine,
                    id,
                    request,
                    cookies: self.cookies(),
                    files: self.files(),
                })
                .is_ok()
            });
        if !sent {
            let _ = self.done_tx.send(Arrival::Fetched(Done {
                engine,
                id,
                result: Err("the page is closing".into()),
            }));
        }
        id
    }

    /// Requests not yet delivered, and work the page waits for (a
    /// worker's: [`Net::hold`]).
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::SeqCst)
    }

    /// Note work in another thread whose result the page waits for:
    /// virtual time does not jump past it until [`Net::release`].
    pub fn hold(&self) {
        self.pending.fetch_add(1, Ordering::SeqCst);
    }

    /// The end of what [`Net::hold`] noted.
    pub fn release(&self) {
        let _ = self
            .pending
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |p| p.checked_sub(1));
    }

    /// Give the page's loop what a worker sent.
    pub fn arrive(&self, arrival: Arrival) {
        let _ = self.done_tx.send(arrival);
    }

    /// What arrived next (a finished request, a worker's message),
    /// waiting at most `wait` for it.
    pub fn next_done(&self, wait: Duration) -> Option<Arrival> {
        let rx = self
            .done_rx
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let done = if wait.is_zero() {
            rx.try_recv().ok()
        } else {
            rx.recv_timeout(wait).ok()
        };
        if let Some(Arrival::Fetched(_)) = &done {
            self.release();
        }
        done
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        // The workers end when the job channel closes.
        self.jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
    }
}

fn worker(queue: &Mutex<Receiver<Job>>, done: &Sender<Arrival>) {
    loop {
        let job = {
            let rx = queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            rx.recv()
        };
        let Ok(job) = job else { return };
        let result = perform_with_cookies(&job.request, job.cookies.as_ref(), &job.files);
        if done
            .send(Arrival::Fetched(Done {
                engine: job.engine,
                id: job.id,
                result,
            }))
            .is_err()
        {
            return;
        }
    }
}

fn ok(url: &url::Url, headers: Vec<(String, String)>, body: Vec<u8>) -> NetworkResponse {
    NetworkResponse {
        url: url.as_str().to_owned(),
        redirected: false,
        status: 200,
        status_text: "OK".into(),
        headers,
        body,
        kind: ResponseType::Basic,
    }
}

/// [`perform`] with the page's cookies when the request is same-origin
/// (an `http(s)` URL of the page's origin): the jar's `Cookie` header
/// sent, the response's `Set-Cookie` stored (for the URL it came from).
pub(super) fn perform_with_cookies(
    r: &FetchRequest,
    cookies: Option<&Cookies>,
    files: &FileScope,
) -> Result<NetworkResponse, String> {
    let same_origin = cookies.filter(|c| {
        matches!(r.url.scheme(), "http" | "https")
            && dom_ecs::urls::UrlRecord::parse(r.url.as_str(), None)
                .is_some_and(|u| u.origin() == c.origin)
    });
    let Some(c) = same_origin else {
        return perform(r, files);
    };
    let mut response = match c.jar.request_header(&r.url) {
        Some(header) => {
            let mut with = r.clone();
            with.headers.push(("Cookie".to_owned(), header));
            scheme_fetch(&with, files)
        }
        None => scheme_fetch(r, files),
    }?;
    if let Ok(from) = url::Url::parse(&response.url) {
        c.jar.store_response(
            &from,
            response
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
                .map(|(_, v)| v.as_str()),
        );
    }
    strip_set_cookie(&mut response);
    Ok(response)
}

/// A response as scripts see it: no `Set-Cookie` or `Set-Cookie2`
/// (forbidden response header names).
fn strip_set_cookie(response: &mut NetworkResponse) {
    response.headers.retain(|(n, _)| {
        !n.eq_ignore_ascii_case("set-cookie") && !n.eq_ignore_ascii_case("set-cookie2")
    });
}

/// [`scheme_fetch`] without cookies: the response as scripts see it.
pub(super) fn perform(r: &FetchRequest, files: &FileScope) -> Result<NetworkResponse, String> {
    let mut response = scheme_fetch(r, files)?;
    strip_set_cookie(&mut response);
    Ok(response)
}

/// Scheme fetch: the response (its `Set-Cookie` headers too), or the
/// network error's message (on the calling thread: a synchronous
/// `XMLHttpRequest`'s, a script's load).
fn scheme_fetch(r: &FetchRequest, files: &FileScope) -> Result<NetworkResponse, String> {
    let mut url = r.url.clone();
    url.set_fragment(None);
    match url.scheme() {
        "about" if url.path() == "blank" => Ok(ok(
            &url,
            vec![("Content-Type".into(), "text/html;charset=utf-8".into())],
            Vec::new(),
        )),
        "data" => {
            let (mime, body) =
                data_url::process(&r.url).ok_or_else(|| format!("{url} is no valid data: URL"))?;
            Ok(ok(&url, vec![("Content-Type".into(), mime)], body))
        }
        "file" => {
            if !matches!(r.method.as_str(), "GET" | "HEAD") {
                return Err(format!("{} of a file: URL", r.method));
            }
            let path = url
                .to_file_path()
                .map_err(|()| format!("{url} names no local file"))?;
            // (Only where the page may read: a regular file, bounded.)
            let body = if r.method == "HEAD" {
                files.check(&path).map(|_| Vec::new())
            } else {
                files.read(&path)
            }
            .map_err(|e| format!("{url}: {e}"))?;
            Ok(ok(&url, Vec::new(), body))
        }
        "http" | "https" => super::sandbox::http(r, &url),
        other => Err(format!("the {other}: scheme is not fetched")),
    }
}
