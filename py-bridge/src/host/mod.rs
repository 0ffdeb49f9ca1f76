//! The page host: what runs a page around the DOM. `run` parses a page and
//! runs its scripts of both languages against one document (scripts when
//! the parser reaches them, then `DOMContentLoaded`/`load`), with one
//! timer queue for both engines (`event_loop`: virtual time unless real
//! time is asked for, microtask checkpoints, Python's asyncio on the page
//! loop; `net`: `fetch()`'s requests on worker threads, their results
//! tasks of the loop), the cross-engine wiring of listeners, and the profiler
//! (`profile`), and the parallel script scheduler (`scheduler`). The
//! `ecsdom` binary only parses arguments into [`run::RunOptions`]; the
//! Python module's `load_page` runs a page through the same code.

use std::sync::Arc;

use dom_ecs::Document;

pub mod event_loop;
mod frames;
pub mod load;
mod loader;
pub mod memory;
mod net;
pub mod profile;
mod rendering;
pub mod run;
pub mod sandbox;
pub mod scheduler;
mod scripts;
mod sheets;
pub mod storage;
mod watchdog;
mod worker;

thread_local! {
    /// The local files the page running on this thread may read
    /// (unconfined outside a page).
    static PAGE_FILES: std::cell::RefCell<js_bridge::FileScope> = std::cell::RefCell::default();
}

/// Confines this thread's blocking fetches to a page's files while it
/// lives (the previous scope comes back when it drops).
pub(crate) struct PageFiles(js_bridge::FileScope);

impl PageFiles {
    pub(crate) fn set(scope: js_bridge::FileScope) -> PageFiles {
        PageFiles(PAGE_FILES.with(|f| f.replace(scope)))
    }
}

impl Drop for PageFiles {
    fn drop(&mut self) {
        let previous = std::mem::take(&mut self.0);
        PAGE_FILES.with(|f| f.replace(previous));
    }
}

/// Fetch `request` on this thread, blocking (a synchronous
/// `XMLHttpRequest`): the network's scheme fetch, within the running
/// page's files.
pub(crate) fn fetch_blocking(
    request: &dom_ecs::fetch::FetchRequest,
) -> Result<dom_ecs::fetch::NetworkResponse, String> {
    let files = PAGE_FILES.with(|f| f.borrow().clone());
    net::perform(request, &files)
}

/// Whether stdout took its last write: once a write fails, no more are
/// tried (what follows would be lost the same way).
static OUTPUT_ENDED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The first write error of stdout other than a closed pipe.
static OUTPUT_ERROR: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Write a line to stdout. A closed pipe (`ecsdom run page | head`) ends
/// the output quietly, not the program; any other write error (a full
/// disk, a closed descriptor) ends it too and is kept for
/// [`output_error`], so the program can report it and fail.
pub fn out_line(s: &str) {
    out(&format!("{s}\n"));
}

/// Write `s` to stdout as [`out_line`] does.
pub fn out(s: &str) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    if OUTPUT_ENDED.load(Ordering::Relaxed) {
        return;
    }
    OUTPUT_WRITTEN.store(true, Ordering::Relaxed);
    // (A DOM string's lone surrogate is U+FFFD in UTF-8 output.)
    let s = dom_ecs::dom_string::to_usv(s);
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush()) {
        OUTPUT_ENDED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = OUTPUT_ERROR.set(e.to_string());
        }
    }
}

/// Whether anything was written to stdout.
static OUTPUT_WRITTEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The error that ended the output, if it was no closed pipe; or, when
/// output was written, a closed standard output (a page that closed
/// descriptor 1: Rust's stdout drops writes to it without an error).
pub fn output_error() -> Option<String> {
    if let Some(e) = OUTPUT_ERROR.get() {
        return Some(e.clone());
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if OUTPUT_WRITTEN.load(std::sync::atomic::Ordering::Relaxed)
            && std::io::stdout().as_fd().try_clone_to_owned().is_err()
        {
            return Some("the standard output is closed".to_owned());
        }
    }
    None
}

/// Write a line to stderr, ignoring a closed stderr.
pub fn err_line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{s}");
}

/// The JS engine's way into a document the Python bridge holds
/// ([`crate::state::Shared`]): one world for both engines.
pub struct SharedDocument(pub Arc<crate::state::Shared>);

impl js_bridge::DocumentAccess for SharedDocument {
    fn with_document(&self, f: &mut dyn FnMut(&mut Document)) {
        f(&mut self.0.lock_blocking().doc);
    }
}
