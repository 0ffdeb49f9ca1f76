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
mod net;
pub mod profile;
pub mod run;
pub mod scheduler;
mod scripts;
pub mod storage;
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

/// Write a line to stdout. A closed stdout (`ecsdom run page | head`) ends
/// the output, not the program: no panic from a script's `console.log`.
pub fn out_line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{s}");
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
