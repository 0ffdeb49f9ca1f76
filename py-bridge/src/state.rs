//! The state behind one Python `Document`: the DOM behind our own lock, the
//! cache of Python strings for interned names, and the open batch.
//!
//! Every handle holds an `Arc<Shared>` and a node ID; no handle points into
//! the world. The lock is ours (not the GIL), so a free-threaded CPython can
//! call in from several threads; when it is contended we wait with the
//! interpreter detached, so a thread that released the GIL while holding
//! the lock can always finish.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use dom_ecs::{CommandBuffer, Document, NodeId, Symbol, Unpinner, symbol_index};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::error::OrRaise;

/// One document as Python sees it.
pub struct Shared {
    state: Mutex<DocState>,
    /// Handles send their unpin here when dropped, without the lock.
    pub unpinner: Unpinner,
}

/// What the lock protects.
pub struct DocState {
    /// The DOM.
    pub doc: Document,
    /// `str` objects for interned names, by symbol index.
    strings: Vec<Option<Py<PyString>>>,
    /// Per-node writes recorded by an open `with doc.batch():`.
    pub batch: Option<CommandBuffer>,
    /// How deep `batch()` blocks are nested.
    pub batch_depth: u32,
    /// Python callables registered as event listeners.
    pub listeners: crate::events::ListenerTable,
    /// Weak references to the Python `Window`s (what event
    /// `target`/`currentTarget` give for a window), by window: the page's
    /// and each iframe's a script reached.
    pub windows: std::collections::HashMap<NodeId, Py<PyAny>>,
    /// The Python `MutationObserver`s observing in this document, by key
    /// (the document holds them, as the spec's nodes do).
    pub observers: std::collections::HashMap<u64, Py<PyAny>>,
    /// A weak reference to the document's Python `Selection`, once made.
    pub selection: Option<Py<PyAny>>,
    /// Weak references to the objects of CSSOM's sheets, rule lists and
    /// rules, by their dom-ecs identity (`sheets.rs`).
    pub css_objects: std::collections::HashMap<usize, Py<PyAny>>,
    /// The Python views of data events the DOM, the host or another
    /// engine made (`events.rs`), by event, while their event is
    /// dispatched or Python holds them: each listener of an event sees one
    /// object, with the members others set.
    pub event_views: std::collections::HashMap<u64, Py<PyAny>>,
}

impl Shared {
    /// Wrap a document.
    pub fn new(doc: Document) -> Arc<Shared> {
        let unpinner = doc.unpinner();
        Arc::new(Shared {
            state: Mutex::new(DocState {
                doc,
                strings: Vec::new(),
                batch: None,
                batch_depth: 0,
                listeners: Default::default(),
                windows: Default::default(),
                observers: Default::default(),
                selection: None,
                css_objects: Default::default(),
                event_views: Default::default(),
            }),
            unpinner,
        })
    }

    /// Release an event object's reference to the document's event state
    /// (directly if the lock is free, else left: events are small).
    pub fn release_event(&self, id: dom_ecs::EventId) {
        if let Ok(mut st) = self.state.try_lock() {
            st.doc.release_event(id);
        }
    }

    /// Undo a handle's pin: directly when the lock is free (the usual case),
    /// else queued for the holder to apply.
    #[inline]
    pub fn unpin(&self, id: NodeId) {
        match self.state.try_lock() {
            Ok(mut st) => st.doc.unpin(id),
            Err(_) => self.unpinner.unpin(id),
        }
    }

    /// Lock the document from Rust code that holds no Python token (another
    /// engine on the same page, e.g. the JS bridge in the `ecsdom` runner).
    /// Writes a Python batch left pending are not applied first: hosts call
    /// this between Python calls, when no batch is open.
    pub fn lock_blocking(&self) -> MutexGuard<'_, DocState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Visit the Python callables the document holds (listeners, mutation
    /// observers), if it is not locked (the cycle collector may not wait).
    pub(crate) fn visit_callables<E>(
        &self,
        mut visit: impl FnMut(&Py<PyAny>) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Ok(st) = self.state.try_lock() {
            for f in st.listeners.callables().chain(st.observers.values()) {
                visit(f)?;
            }
        }
        Ok(())
    }

    /// Take the Python callables out of the document (the cycle
    /// collector's clear, for a document no one else holds).
    pub(crate) fn take_callables(&self) -> Vec<Py<PyAny>> {
        match self.state.try_lock() {
            Ok(mut st) => {
                let mut out = st.listeners.take_all();
                out.extend(std::mem::take(&mut st.observers).into_values());
                out
            }
            Err(_) => Vec::new(),
        }
    }

    /// Lock the document if it is free within `patience` (a thread that
    /// must not wait forever for one that may be stuck holding it).
    pub fn lock_within(&self, patience: std::time::Duration) -> Option<MutexGuard<'_, DocState>> {
        let until = std::time::Instant::now() + patience;
        loop {
            match self.state.try_lock() {
                Ok(g) => return Some(g),
                Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
                Err(TryLockError::WouldBlock) if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(TryLockError::WouldBlock) => return None,
            }
        }
    }

    /// Lock the document. Uncontended this is one atomic operation; when
    /// another thread holds it, wait detached from the interpreter.
    ///
    /// When the guard is dropped after a call that inserted script
    /// elements, the host's script runner prepares them (see
    /// [`DocGuard`]).
    pub fn lock<'a>(&'a self, py: Python<'_>) -> DocGuard<'a> {
        DocGuard {
            shared: self,
            guard: Some(self.lock_attached(py)),
        }
    }

    fn lock_attached<'a>(&'a self, py: Python<'_>) -> MutexGuard<'a, DocState> {
        loop {
            match self.state.try_lock() {
                Ok(g) => return g,
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                // Wait for the holder detached (a guard can not leave
                // `detach`), then try again attached.
                Err(TryLockError::WouldBlock) => py.detach(|| drop(self.state.lock())),
            }
        }
    }
}

/// Runs the script elements a DOM call asked to prepare (HTML's
/// post-connection and children changed steps of `<script>`): the host's,
/// given the nodes, with the document unlocked.
pub type ScriptRunner = Rc<dyn Fn(&Shared, Vec<NodeId>)>;

thread_local! {
    static SCRIPT_RUNNER: RefCell<Option<ScriptRunner>> = const { RefCell::new(None) };
}

/// Let Python DOM calls on this thread run the scripts they insert (the
/// `ecsdom` runner); None: no runner, and what a call asks is dropped.
pub fn set_script_runner(runner: Option<ScriptRunner>) {
    SCRIPT_RUNNER.with(|r| *r.borrow_mut() = runner);
}

/// The lock on a document, taken by a Python call. Dropping it unlocks;
/// if the call noted script elements to prepare (an inserted `<script>`
/// runs synchronously, inside the call that inserted it), the host's
/// runner gets them then, with the document unlocked.
pub struct DocGuard<'a> {
    shared: &'a Shared,
    guard: Option<MutexGuard<'a, DocState>>,
}

impl std::ops::Deref for DocGuard<'_> {
    type Target = DocState;
    fn deref(&self) -> &DocState {
        self.guard.as_ref().expect("held until dropped")
    }
}

impl std::ops::DerefMut for DocGuard<'_> {
    fn deref_mut(&mut self) -> &mut DocState {
        self.guard.as_mut().expect("held until dropped")
    }
}

impl Drop for DocGuard<'_> {
    fn drop(&mut self) {
        let Some(mut g) = self.guard.take() else {
            return;
        };
        if !g.doc.has_host_steps() {
            return;
        }
        let nodes = g.doc.take_host_steps();
        drop(g);
        if let Some(runner) = SCRIPT_RUNNER.with(|r| r.borrow().clone()) {
            runner(self.shared, nodes);
        }
    }
}

impl DocState {
    /// The cached Python string of an interned name.
    pub fn name<'py>(&mut self, py: Python<'py>, sym: Symbol) -> Bound<'py, PyString> {
        let i = symbol_index(sym);
        if i >= self.strings.len() {
            self.strings.resize_with(i + 1, || None);
        }
        match &self.strings[i] {
            Some(s) => s.bind(py).clone(),
            None => {
                let name = self.doc.names().resolve(sym);
                let s = crate::dom_str::to_py(py, name).unwrap_or_else(|_| PyString::new(py, name));
                self.strings[i] = Some(s.clone().unbind());
                s
            }
        }
    }

    /// Apply what an open batch recorded, so a read sees it. A no-op when
    /// nothing is pending.
    ///
    /// A read inside a batch (`classList.toggle` returns whether the class
    /// is now there) flushes what is pending, often a few commands: those
    /// are applied with the GIL held (releasing and taking it back costs
    /// more than they do), and the buffer keeps its memory for what is
    /// recorded next.
    pub fn flush(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(buf) = self.batch.as_mut().filter(|b| !b.is_empty()) else {
            return Ok(());
        };
        let doc = &mut self.doc;
        let applied = if buf.len() < doc.parallel_threshold() {
            doc.apply(buf)
        } else {
            let buf = &*buf;
            py.detach(|| doc.apply(buf))
        };
        buf.clear();
        applied.map(|_| ()).map_err(|e| e.error).or_raise(py)
    }

    /// The document for a read: pending batch writes applied first.
    #[inline]
    pub fn read(&mut self, py: Python<'_>) -> PyResult<&mut Document> {
        if self.batch.as_ref().is_some_and(|b| !b.is_empty()) {
            self.flush(py)?;
        }
        Ok(&mut self.doc)
    }

    /// Whether an open batch recorded an `id` change (reads by id apply it first).
    #[inline]
    pub fn batch_changes_ids(&self) -> bool {
        self.batch
            .as_ref()
            .is_some_and(CommandBuffer::records_id_change)
    }

    /// The document for a read of the id index: pending batch writes are
    /// applied first only if one changes an id (the others cannot change
    /// the answer).
    #[inline]
    pub fn read_ids(&mut self, py: Python<'_>) -> PyResult<&mut Document> {
        if self.batch_changes_ids() {
            self.flush(py)?;
        }
        Ok(&mut self.doc)
    }

    /// The recording buffer if a batch is open.
    #[inline]
    pub fn recording(&mut self) -> Option<&mut CommandBuffer> {
        self.batch.as_mut()
    }

    /// Pin a node for a new handle (first applying unpins other threads queued).
    #[inline]
    pub fn pin(&mut self, py: Python<'_>, id: NodeId) -> PyResult<()> {
        self.doc.drain_unpins();
        self.doc.pin(id).or_raise(py)
    }
}
