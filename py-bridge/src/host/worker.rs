//! Dedicated workers (`new Worker(url)` in a page's JS): each runs on a
//! thread of its own with a QuickJS engine of its own
//! ([`JsPage::new_worker`]: a `DedicatedWorkerGlobalScope` over a document
//! no script reaches) and an event loop of its own (real-time timers, its
//! own `fetch`es, the messages its owner posts). What it posts to its owner
//! arrives at the page's loop as a task ([`Arrival::Worker`]). While a
//! worker has work in hand (its script, a message to handle, timers or
//! requests pending) the page's loop holds its virtual clock, as it does
//! for a request in flight.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dom_ecs::Document;
use dom_ecs::structured::Serialized;
use js_bridge::{JsPage, Limits};
use url::Url;

use super::event_loop::{Engine, SharedTimers, Timers};
use super::loader::{Loader, display_name};
use super::net::{Arrival, Net, SharedNet};

/// What a worker sends its owner.
pub enum FromWorker {
    /// A message (`postMessage` in the worker).
    Message(Serialized),
    /// An uncaught exception of its script (reported on stderr already).
    Error { message: String, filename: String },
}

enum ToWorker {
    Message(Serialized),
    Terminate,
}

/// The page's workers (shared with the Python engine's natives).
pub(super) struct Workers {
    next: AtomicU64,
    /// Each running worker's queue, and the engine of its `Worker` object.
    running: Mutex<HashMap<u64, (Sender<ToWorker>, Engine)>>,
    /// The page's loop: where workers' messages arrive.
    owner: SharedNet,
    root: Option<std::path::PathBuf>,
    /// The page's file scope: its workers read what it may.
    files: js_bridge::FileScope,
    limits: Limits,
}

impl Workers {
    pub fn new(
        owner: SharedNet,
        root: Option<std::path::PathBuf>,
        files: js_bridge::FileScope,
        limits: Limits,
    ) -> Workers {
        Workers {
            next: AtomicU64::new(0),
            running: Default::default(),
            owner,
            root,
            files,
            limits,
        }
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (Sender<ToWorker>, Engine)>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Start a worker running the script at `url` for `engine`'s `Worker`
    /// object; its id.
    pub fn start(&self, url: &str, engine: Engine) -> Result<u64, String> {
        let url = Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let (tx, rx) = channel();
        let loader = Loader {
            page: url.clone(),
            root: self.root.clone(),
            files: self.files.clone(),
        };
        let owner = self.owner.clone();
        let limits = self.limits;
        // The worker's script is work the page waits for.
        owner.hold();
        let spawned = std::thread::Builder::new()
            .name(format!("ecsdom-worker-{id}"))
            .spawn(move || run(id, &url, &loader, &rx, &owner, limits));
        if let Err(e) = spawned {
            self.owner.release();
            return Err(format!("cannot start a thread for the worker: {e}"));
        }
        self.running().insert(id, (tx, engine));
        Ok(id)
    }

    /// The engine whose `Worker` object worker `id` is.
    pub fn engine_of(&self, id: u64) -> Option<Engine> {
        self.running().get(&id).map(|(_, e)| *e)
    }

    /// `worker.postMessage`: the message waits in the worker's queue (the
    /// page waits for it to be handled).
    pub fn post(&self, id: u64, message: Serialized) {
        if let Some((tx, _)) = self.running().get(&id) {
            self.owner.hold();
            if tx.send(ToWorker::Message(message)).is_err() {
                self.owner.release();
            }
        }
    }

    /// `worker.terminate()`: the worker ends after the task it is in.
    pub fn terminate(&self, id: u64) {
        if let Some((tx, _)) = self.running().remove(&id) {
            let _ = tx.send(ToWorker::Terminate);
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for (_, (tx, _)) in self.running().drain() {
            let _ = tx.send(ToWorker::Terminate);
        }
    }
}

/// A worker's host: its own timers and network, its owner.
struct WorkerHost {
    id: u64,
    timers: SharedTimers,
    net: SharedNet,
    owner: SharedNet,
    loader: Loader,
    closing: Rc<Cell<bool>>,
}

impl js_bridge::TimerHost for WorkerHost {
    fn add(&self, delay_ms: f64, repeating: bool) -> u64 {
        self.timers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(Engine::Js, delay_ms, repeating)
    }
    fn add_frame(&self) -> u64 {
        self.timers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add_frame(Engine::Js)
    }
    fn clear(&self, id: u64) {
        self.timers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear(Engine::Js, id);
    }
    fn now_ms(&self) -> f64 {
        self.timers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .now_ms()
    }
    fn fetch(&self, request: dom_ecs::fetch::FetchRequest) -> u64 {
        self.net.start(Engine::Js, request)
    }
    fn fetch_now(
        &self,
        request: dom_ecs::fetch::FetchRequest,
    ) -> Result<dom_ecs::fetch::NetworkResponse, String> {
        super::net::perform(&request, &self.loader.files)
    }
    fn post_to_owner(&self, message: Serialized) {
        if !self.closing.get() {
            self.owner.arrive(Arrival::Worker {
                id: self.id,
                event: FromWorker::Message(message),
            });
        }
    }
    fn import_script(&self, url: &str) -> Result<(String, String), String> {
        let url = Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
        let loaded = self.loader.load(&url)?;
        Ok((display_name(&loaded.url), loaded.text()))
    }
    fn close_worker(&self) {
        self.closing.set(true);
    }
    fn uncaught_to_owner(&self, message: &str) {
        self.owner.arrive(Arrival::Worker {
            id: self.id,
            event: FromWorker::Error {
                message: message.to_owned(),
                filename: self.loader.page.to_string(),
            },
        });
    }
}

/// The worker's thread: its script, then its event loop until it closes,
/// is terminated or its owner goes.
fn run(
    id: u64,
    url: &Url,
    loader: &Loader,
    rx: &Receiver<ToWorker>,
    owner: &SharedNet,
    limits: Limits,
) {
    let name = display_name(url);
    let report = |result: Result<(), String>| {
        if let Err(e) = result {
            super::err_line(&format!("ecsdom: error in worker {name}:\n{e}"));
            let message = e
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("Uncaught ");
            owner.arrive(Arrival::Worker {
                id,
                event: FromWorker::Error {
                    message: message.to_owned(),
                    filename: url.to_string(),
                },
            });
        }
    };
    let timers = Timers::new(true);
    let mut doc = Document::new();
    doc.set_url(url.as_str());
    doc.set_clock(timers.lock().unwrap_or_else(|p| p.into_inner()).clock());
    let access: Rc<dyn js_bridge::DocumentAccess> = Rc::new(Arc::new(Mutex::new(doc)));
    let console = Box::new(|level: u8, line: &str| {
        if level == 0 {
            super::out_line(line);
        } else {
            super::err_line(line);
        }
    });
    let js = match JsPage::new_worker(access, console, limits) {
        Ok(js) => js,
        Err(e) => {
            report(Err(format!("cannot start QuickJS: {e}")));
            owner.release();
            return;
        }
    };
    js.set_file_scope(loader.files.clone());
    let net = Net::new();
    net.use_files(loader.files.clone());
    let closing = Rc::new(Cell::new(false));
    js.set_timer_host(Box::new(WorkerHost {
        id,
        timers: timers.clone(),
        net: net.clone(),
        owner: owner.clone(),
        loader: loader.clone(),
        closing: closing.clone(),
    }));
    match loader.load(url) {
        Ok(script) => report(js.run_script(&script.text(), &name)),
        Err(e) => report(Err(format!("the worker's script could not be loaded: {e}"))),
    }
    // Held while timers or requests are pending (the page waits for them).
    // The hold of the work just done (the script, a message) is released
    // only once the work it left is held: between the two the page's loop
    // would see nothing to wait for and move its virtual clock on.
    let mut holding = false;
    let mut done = 1;
    loop {
        let busy =
            !timers.lock().unwrap_or_else(|p| p.into_inner()).is_empty() || net.pending() > 0;
        if busy != holding {
            if busy {
                owner.hold();
            } else {
                owner.release();
            }
            holding = busy;
        }
        for _ in 0..std::mem::take(&mut done) {
            owner.release();
        }
        if closing.get() {
            break;
        }
        if let Some(Arrival::Fetched(done)) = net.next_done(Duration::ZERO) {
            let result = done.result.map(dom_ecs::fetch::Response::from_network);
            report(js.fetch_done(done.id, result));
            continue;
        }
        let next = timers.lock().unwrap_or_else(|p| p.into_inner()).take_due();
        let wait = match next {
            Some(Ok(due)) => {
                report(js.run_timer(due.id, due.repeating));
                continue;
            }
            Some(Err(wait)) => Some(wait),
            None if net.pending() > 0 => Some(Duration::from_millis(5)),
            None => None,
        };
        let message = match wait {
            Some(w) => rx.recv_timeout(w),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match message {
            Ok(ToWorker::Message(m)) => {
                report(js.worker_message(None, &m));
                done += 1;
            }
            Ok(ToWorker::Terminate) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
    if holding {
        owner.release();
    }
    for _ in 0..done {
        owner.release();
    }
    // Messages never handled: the page waits for them no longer.
    while let Ok(m) = rx.try_recv() {
        if let ToWorker::Message(_) = m {
            owner.release();
        }
    }
}
