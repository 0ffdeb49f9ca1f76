//! Python tasks for the parallel script scheduler: a view of a document
//! shared with other threads whose writes are recorded into a
//! [`CommandBuffer`] instead of made.
//!
//! The scheduler hands a task the document as an `Arc<Document>` snapshot
//! for a round ([`PyTaskRecorder::begin`]) and takes it back with the
//! buffer ([`PyTaskRecorder::end`]); no lock is shared with the JS tasks
//! reading the same snapshot on other threads. Python tasks run one at a
//! time under the GIL (CPython 3.11), but they only read and record:
//! applying the buffers, the expensive part, runs in parallel systems with
//! the GIL released, while JS tasks run on other threads
//! (`js_bridge::JsTask`). What a task reads is the document as the round
//! began; its writes land when the scheduler applies the buffers in the
//! scripts' document order. The classes keep the page DOM's names
//! (`getElementById`, `querySelectorAll`, `textContent`, `setAttribute`,
//! `classList`...), so one widget script runs unchanged in a page and as a
//! task.
//!
//! As in the rest of the bridge, no Python code runs while the task's lock
//! is held: errors become exceptions and node objects are made after it
//! is released.

use std::sync::{Arc, Mutex, MutexGuard};

use dom_ecs::{CommandBuffer, Document, DomError, NodeId, NodeKind};
use pyo3::basic::CompareOp;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use rustc_hash::FxHashMap;

use crate::dom_str::{DomStr, Text};
use crate::error::OrRaise;
use crate::node::{compare_identity, identity_hash};

/// What the nodes of one task share, behind one lock (one lock per call):
/// the snapshot of the current round, the task's buffer, and the node
/// objects made so far (one per node, reused across rounds).
struct TaskState(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    doc: Option<Arc<Document>>,
    buffer: CommandBuffer,
    nodes: FxHashMap<NodeId, Py<TaskNode>>,
}

/// The snapshot and the buffer of a running task, for one call.
struct Running<'a> {
    doc: &'a Document,
    buffer: &'a mut CommandBuffer,
}

impl Running<'_> {
    /// `Ok` if `id` is an element of the snapshot.
    fn element(&self, id: NodeId) -> Result<(), DomError> {
        match self.doc.kind(id)? {
            NodeKind::Element => Ok(()),
            _ => Err(DomError::InvalidState("not an element".into())),
        }
    }
}

impl TaskState {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `f` on the snapshot and buffer under the lock (`f` runs no
    /// Python code); InvalidStateError outside a round.
    fn with<R>(&self, f: impl FnOnce(Running<'_>) -> Result<R, DomError>) -> Result<R, DomError> {
        let mut guard = self.lock();
        let Inner { doc, buffer, .. } = &mut *guard;
        match doc.as_deref() {
            Some(doc) => f(Running { doc, buffer }),
            None => Err(DomError::InvalidState("the task is not running".into())),
        }
    }
}

/// A task's recorder, held by the scheduler (Rust).
pub struct PyTaskRecorder(Arc<TaskState>);

impl Default for PyTaskRecorder {
    fn default() -> Self {
        Self::new()
    }
}

impl PyTaskRecorder {
    /// A recorder with no round on.
    pub fn new() -> Self {
        PyTaskRecorder(Arc::new(TaskState(Mutex::default())))
    }

    /// The `document` object for the task's scripts (usable during rounds).
    pub fn document<'py>(&self, py: Python<'py>, root: NodeId) -> PyResult<Bound<'py, TaskNode>> {
        let mut made = wrap_all(py, &self.0, vec![root])?;
        Ok(made.remove(0).into_bound(py))
    }

    /// Start a round: scripts read `doc`.
    pub fn begin(&self, doc: Arc<Document>) {
        self.0.lock().doc = Some(doc);
    }

    /// End the round: drop the snapshot, return the writes recorded.
    pub fn end(&self) -> CommandBuffer {
        let mut inner = self.0.lock();
        inner.doc = None;
        std::mem::take(&mut inner.buffer)
    }
}

impl Drop for PyTaskRecorder {
    fn drop(&mut self) {
        // The node objects hold the state that holds them: break the cycle
        // (and drop them after the lock is released).
        let nodes = std::mem::take(&mut self.0.lock().nodes);
        drop(nodes);
    }
}

/// The one object per node of `task`, made (outside the lock) for nodes
/// that have none yet.
fn wrap_all(
    py: Python<'_>,
    task: &Arc<TaskState>,
    ids: Vec<NodeId>,
) -> PyResult<Vec<Py<TaskNode>>> {
    let mut found: Vec<Option<Py<TaskNode>>> = {
        let inner = task.lock();
        ids.iter()
            .map(|id| inner.nodes.get(id).map(|n| n.clone_ref(py)))
            .collect()
    };
    let mut made = Vec::new();
    for (slot, id) in found.iter_mut().zip(&ids) {
        if slot.is_none() {
            let n = Py::new(
                py,
                TaskNode {
                    task: task.clone(),
                    id: *id,
                },
            )?;
            made.push((*id, n.clone_ref(py)));
            *slot = Some(n);
        }
    }
    if !made.is_empty() {
        let mut inner = task.lock();
        for (id, n) in made {
            inner.nodes.entry(id).or_insert(n);
        }
    }
    Ok(found.into_iter().flatten().collect())
}

/// A node as a task sees it: the document as the round began; writes are
/// recorded for the scheduler.
#[pyclass(module = "ecsdom", name = "TaskNode", frozen)]
pub struct TaskNode {
    task: Arc<TaskState>,
    id: NodeId,
}

impl TaskNode {
    fn one(
        &self,
        py: Python<'_>,
        id: Result<Option<NodeId>, DomError>,
    ) -> PyResult<Option<Py<TaskNode>>> {
        match id.or_raise(py)? {
            Some(id) => Ok(wrap_all(py, &self.task, vec![id])?.pop()),
            None => Ok(None),
        }
    }

    fn all(
        &self,
        py: Python<'_>,
        ids: Result<Vec<NodeId>, DomError>,
    ) -> PyResult<Vec<Py<TaskNode>>> {
        wrap_all(py, &self.task, ids.or_raise(py)?)
    }

    /// Attribute `name`'s value as the round began.
    fn attribute(&self, py: Python<'_>, name: &str) -> PyResult<Option<String>> {
        self.task
            .with(|t| Ok(t.doc.get_attribute(self.id, name)?.map(str::to_owned)))
            .or_raise(py)
    }
}

#[pymethods]
impl TaskNode {
    /// `getElementById(id)` (of the whole document).
    #[pyo3(name = "getElementById")]
    fn get_element_by_id(&self, py: Python<'_>, id: DomStr<'_>) -> PyResult<Option<Py<TaskNode>>> {
        self.one(py, self.task.with(|t| Ok(t.doc.get_element_by_id(&id))))
    }

    /// `querySelector(selectors)`
    #[pyo3(name = "querySelector")]
    fn query_selector(
        &self,
        py: Python<'_>,
        selectors: DomStr<'_>,
    ) -> PyResult<Option<Py<TaskNode>>> {
        self.one(
            py,
            self.task
                .with(|t| t.doc.query_selector(self.id, &selectors)),
        )
    }

    /// `querySelectorAll(selectors)`: a list, in tree order.
    #[pyo3(name = "querySelectorAll")]
    fn query_selector_all(
        &self,
        py: Python<'_>,
        selectors: DomStr<'_>,
    ) -> PyResult<Vec<Py<TaskNode>>> {
        self.all(
            py,
            self.task
                .with(|t| t.doc.query_selector_all(self.id, &selectors)),
        )
    }

    /// `children`: the element children, as a list.
    #[getter]
    fn children(&self, py: Python<'_>) -> PyResult<Vec<Py<TaskNode>>> {
        self.all(py, self.task.with(|t| t.doc.children(self.id)))
    }

    /// `parentElement`
    #[getter(parentElement)]
    fn parent_element(&self, py: Python<'_>) -> PyResult<Option<Py<TaskNode>>> {
        self.one(py, self.task.with(|t| t.doc.parent_element(self.id)))
    }

    /// `body` (of the whole document).
    #[getter]
    fn body(&self, py: Python<'_>) -> PyResult<Option<Py<TaskNode>>> {
        self.one(py, self.task.with(|t| Ok(t.doc.body())))
    }

    /// `tagName`
    #[getter(tagName)]
    fn tag_name(&self, py: Python<'_>) -> PyResult<Text> {
        self.task
            .with(|t| t.doc.tag_name(self.id).map(|n| Text(n.to_owned())))
            .or_raise(py)
    }

    /// `id`
    #[getter]
    fn id(&self, py: Python<'_>) -> PyResult<Text> {
        Ok(Text(self.attribute(py, "id")?.unwrap_or_default()))
    }

    /// `textContent` as the round began.
    #[getter(textContent)]
    fn text_content(&self, py: Python<'_>) -> PyResult<Option<Text>> {
        let text = self
            .task
            .with(|t| t.doc.text_content(self.id))
            .or_raise(py)?;
        Ok(text.map(Text))
    }

    /// `textContent = value`: recorded.
    #[setter(textContent)]
    fn set_text_content(&self, py: Python<'_>, value: Option<DomStr<'_>>) -> PyResult<()> {
        self.task
            .with(|t| {
                t.doc.kind(self.id)?;
                t.buffer
                    .set_text_content(self.id, value.as_deref().unwrap_or_default());
                Ok(())
            })
            .or_raise(py)
    }

    /// `getAttribute(name)`
    #[pyo3(name = "getAttribute")]
    fn get_attribute(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<Option<Text>> {
        Ok(self.attribute(py, &name)?.map(Text))
    }

    /// `hasAttribute(name)`
    #[pyo3(name = "hasAttribute")]
    fn has_attribute(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        Ok(self.attribute(py, &name)?.is_some())
    }

    /// `setAttribute(name, value)`: recorded (the name is checked now).
    #[pyo3(name = "setAttribute")]
    fn set_attribute(&self, py: Python<'_>, name: DomStr<'_>, value: DomStr<'_>) -> PyResult<()> {
        self.task
            .with(|t| {
                t.doc
                    .record_set_attribute(t.buffer, self.id, &name, value.as_str())
            })
            .or_raise(py)
    }

    /// `removeAttribute(name)`: recorded.
    #[pyo3(name = "removeAttribute")]
    fn remove_attribute(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<()> {
        self.task
            .with(|t| t.doc.record_remove_attribute(t.buffer, self.id, &name))
            .or_raise(py)
    }

    /// `classList`
    #[getter(classList)]
    fn class_list(&self, py: Python<'_>) -> PyResult<TaskTokenList> {
        self.task.with(|t| t.element(self.id)).or_raise(py)?;
        Ok(TaskTokenList {
            task: self.task.clone(),
            id: self.id,
        })
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let eq = match other.cast::<TaskNode>() {
            Ok(o) => Arc::ptr_eq(&self.task, &o.get().task) && self.id == o.get().id,
            Err(_) => return Ok(py.NotImplemented()),
        };
        compare_identity(py, eq, op)
    }

    fn __hash__(&self) -> u64 {
        identity_hash(Arc::as_ptr(&self.task) as usize, self.id)
    }

    fn __repr__(&self) -> String {
        match self
            .task
            .with(|t| t.doc.tag_name(self.id).map(str::to_ascii_lowercase))
        {
            Ok(t) => format!("<TaskNode {t}>"),
            Err(_) => format!("<TaskNode #{}>", self.id.index()),
        }
    }
}

/// `classList` of a task's element: reads the snapshot, records changes.
#[pyclass(module = "ecsdom", name = "TaskTokenList", frozen)]
pub struct TaskTokenList {
    task: Arc<TaskState>,
    id: NodeId,
}

#[pymethods]
impl TaskTokenList {
    /// `contains(token)`, as the round began.
    fn contains(&self, py: Python<'_>, token: DomStr<'_>) -> PyResult<bool> {
        self.task
            .with(|t| t.doc.class_contains(self.id, &token))
            .or_raise(py)
    }

    fn __contains__(&self, py: Python<'_>, token: DomStr<'_>) -> PyResult<bool> {
        self.contains(py, token)
    }

    /// `add(*tokens)`: recorded.
    #[pyo3(signature = (*tokens))]
    fn add(&self, py: Python<'_>, tokens: &Bound<'_, PyTuple>) -> PyResult<()> {
        let tokens = crate::idl::strings(tokens, "tokens")?;
        self.task
            .with(|t| {
                let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
                t.doc.record_class_change(t.buffer, self.id, &refs, true)
            })
            .or_raise(py)
    }

    /// `remove(*tokens)`: recorded.
    #[pyo3(signature = (*tokens))]
    fn remove(&self, py: Python<'_>, tokens: &Bound<'_, PyTuple>) -> PyResult<()> {
        let tokens = crate::idl::strings(tokens, "tokens")?;
        self.task
            .with(|t| {
                let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
                t.doc.record_class_change(t.buffer, self.id, &refs, false)
            })
            .or_raise(py)
    }

    /// `toggle(token, force=None)`: recorded; the result is computed on the
    /// snapshot (it does not see this task's own unapplied changes).
    #[pyo3(signature = (token, force = None))]
    fn toggle(&self, py: Python<'_>, token: DomStr<'_>, force: Option<bool>) -> PyResult<bool> {
        self.task
            .with(|t| t.doc.record_class_toggle(t.buffer, self.id, &token, force))
            .or_raise(py)
    }
}
