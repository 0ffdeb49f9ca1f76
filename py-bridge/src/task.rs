//! Python tasks for the parallel script scheduler: a view of a document
//! shared with other threads (read through a read lock) whose writes are
//! recorded into a [`CommandBuffer`] instead of made.
//!
//! The scheduler hands a task the document as an `Arc<Document>` snapshot
//! for a round ([`PyTaskRecorder::begin`]) and takes it back with the
//! buffer ([`PyTaskRecorder::end`]); no lock is shared with the JS tasks
//! reading the same snapshot on other threads. Python tasks run one at a
//! time under the GIL (CPython 3.11), but they only read and record: applying the buffers, the expensive part, runs in
//! parallel systems with the GIL released, while JS tasks run on other
//! threads (`js_bridge::JsTask`). What a task reads is the document as the
//! round began; its writes land when the scheduler applies the buffers in
//! the scripts' document order. The classes keep the page DOM's names
//! (`getElementById`, `querySelectorAll`, `textContent`, `setAttribute`,
//! `classList`...), so one widget script runs unchanged in a page and as a
//! task.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use dom_ecs::{Command, CommandBuffer, Document, DomError, NodeId, NodeKind};
use pyo3::basic::CompareOp;
use pyo3::prelude::*;

use crate::error::OrRaise;

/// What the nodes of one task share: the snapshot of the current round
/// and the task's buffer.
struct TaskState {
    doc: Mutex<Option<Arc<Document>>>,
    buffer: Mutex<CommandBuffer>,
}

/// The snapshot, borrowed for one call.
struct Snapshot<'a>(MutexGuard<'a, Option<Arc<Document>>>);

impl std::ops::Deref for Snapshot<'_> {
    type Target = Document;
    fn deref(&self) -> &Document {
        self.0.as_deref().expect("checked by TaskState::read")
    }
}

impl TaskState {
    fn read(&self, py: Python<'_>) -> PyResult<Snapshot<'_>> {
        let guard = self.doc.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            return Err(DomError::InvalidState("the task is not running".into())).or_raise(py);
        }
        Ok(Snapshot(guard))
    }

    fn record(&self, c: Command) {
        self.buffer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(c);
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
        PyTaskRecorder(Arc::new(TaskState {
            doc: Mutex::default(),
            buffer: Mutex::default(),
        }))
    }

    /// The `document` object for the task's scripts (usable during rounds).
    pub fn document<'py>(&self, py: Python<'py>, root: NodeId) -> PyResult<Bound<'py, TaskNode>> {
        Bound::new(py, TaskNode::of(&self.0, root))
    }

    /// Start a round: scripts read `doc`.
    pub fn begin(&self, doc: Arc<Document>) {
        *self.0.doc.lock().unwrap_or_else(|p| p.into_inner()) = Some(doc);
    }

    /// End the round: drop the snapshot, return the writes recorded.
    pub fn end(&self) -> CommandBuffer {
        self.0.doc.lock().unwrap_or_else(|p| p.into_inner()).take();
        std::mem::take(&mut *self.0.buffer.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// A node as a task sees it: the document as the round began; writes are
/// recorded for the scheduler.
#[pyclass(module = "ecsdom", name = "TaskNode", frozen)]
pub struct TaskNode {
    task: Arc<TaskState>,
    id: NodeId,
}

impl TaskNode {
    fn of(task: &Arc<TaskState>, id: NodeId) -> TaskNode {
        TaskNode {
            task: task.clone(),
            id,
        }
    }

    fn wrap_all(&self, py: Python<'_>, ids: Vec<NodeId>) -> PyResult<Vec<Py<TaskNode>>> {
        ids.into_iter()
            .map(|id| Py::new(py, TaskNode::of(&self.task, id)))
            .collect()
    }

    fn element(&self, py: Python<'_>) -> PyResult<()> {
        match self.task.read(py)?.kind(self.id).or_raise(py)? {
            NodeKind::Element => Ok(()),
            _ => Err(DomError::InvalidState("not an element".into())).or_raise(py),
        }
    }
}

#[pymethods]
impl TaskNode {
    /// `getElementById(id)` (of the whole document).
    #[pyo3(name = "getElementById")]
    fn get_element_by_id(&self, py: Python<'_>, id: &str) -> PyResult<Option<TaskNode>> {
        let found = self.task.read(py)?.get_element_by_id(id);
        Ok(found.map(|n| TaskNode::of(&self.task, n)))
    }

    /// `querySelector(selectors)`
    #[pyo3(name = "querySelector")]
    fn query_selector(&self, py: Python<'_>, selectors: &str) -> PyResult<Option<TaskNode>> {
        let found = self
            .task
            .read(py)?
            .query_selector(self.id, selectors)
            .or_raise(py)?;
        Ok(found.map(|n| TaskNode::of(&self.task, n)))
    }

    /// `querySelectorAll(selectors)`: a list, in tree order.
    #[pyo3(name = "querySelectorAll")]
    fn query_selector_all(&self, py: Python<'_>, selectors: &str) -> PyResult<Vec<Py<TaskNode>>> {
        let ids = self
            .task
            .read(py)?
            .query_selector_all(self.id, selectors)
            .or_raise(py)?;
        self.wrap_all(py, ids)
    }

    /// `children`: the element children, as a list.
    #[getter]
    fn children(&self, py: Python<'_>) -> PyResult<Vec<Py<TaskNode>>> {
        let ids = self.task.read(py)?.children(self.id).or_raise(py)?;
        self.wrap_all(py, ids)
    }

    /// `parentElement`
    #[getter(parentElement)]
    fn parent_element(&self, py: Python<'_>) -> PyResult<Option<TaskNode>> {
        let p = self.task.read(py)?.parent_element(self.id).or_raise(py)?;
        Ok(p.map(|n| TaskNode::of(&self.task, n)))
    }

    /// `body` (of the whole document).
    #[getter]
    fn body(&self, py: Python<'_>) -> PyResult<Option<TaskNode>> {
        let b = self.task.read(py)?.body();
        Ok(b.map(|n| TaskNode::of(&self.task, n)))
    }

    /// `tagName`
    #[getter(tagName)]
    fn tag_name(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self
            .task
            .read(py)?
            .tag_name(self.id)
            .or_raise(py)?
            .to_owned())
    }

    /// `id`
    #[getter]
    fn id(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.get_attribute(py, "id")?.unwrap_or_default())
    }

    /// `textContent` as the round began.
    #[getter(textContent)]
    fn text_content(&self, py: Python<'_>) -> PyResult<Option<String>> {
        self.task.read(py)?.text_content(self.id).or_raise(py)
    }

    /// `textContent = value`: recorded.
    #[setter(textContent)]
    fn set_text_content(&self, value: Option<String>) -> PyResult<()> {
        self.task.record(Command::SetTextContent {
            node: self.id.into(),
            text: value.unwrap_or_default(),
        });
        Ok(())
    }

    /// `getAttribute(name)`
    #[pyo3(name = "getAttribute")]
    fn get_attribute(&self, py: Python<'_>, name: &str) -> PyResult<Option<String>> {
        let doc = self.task.read(py)?;
        Ok(doc
            .get_attribute(self.id, name)
            .or_raise(py)?
            .map(str::to_owned))
    }

    /// `hasAttribute(name)`
    #[pyo3(name = "hasAttribute")]
    fn has_attribute(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        Ok(self.get_attribute(py, name)?.is_some())
    }

    /// `setAttribute(name, value)`: recorded (the name is checked now).
    #[pyo3(name = "setAttribute")]
    fn set_attribute(&self, py: Python<'_>, name: String, value: String) -> PyResult<()> {
        self.element(py)?;
        if !dom_ecs::is_valid_attribute_name(&name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{name}' is not a valid attribute name"
            )))
            .or_raise(py);
        }
        self.task.record(Command::SetAttribute {
            node: self.id.into(),
            name,
            value,
        });
        Ok(())
    }

    /// `removeAttribute(name)`: recorded.
    #[pyo3(name = "removeAttribute")]
    fn remove_attribute(&self, py: Python<'_>, name: String) -> PyResult<()> {
        self.element(py)?;
        self.task.record(Command::RemoveAttribute {
            node: self.id.into(),
            name,
        });
        Ok(())
    }

    /// `classList`
    #[getter(classList)]
    fn class_list(&self, py: Python<'_>) -> PyResult<TaskTokenList> {
        self.element(py)?;
        Ok(TaskTokenList(TaskNode::of(&self.task, self.id)))
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let eq = match other.cast::<TaskNode>() {
            Ok(o) => Arc::ptr_eq(&self.task, &o.get().task) && self.id == o.get().id,
            Err(_) => return Ok(py.NotImplemented()),
        };
        match op {
            CompareOp::Eq => Ok(eq.into_pyobject(py)?.to_owned().into_any().unbind()),
            CompareOp::Ne => Ok((!eq).into_pyobject(py)?.to_owned().into_any().unbind()),
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __hash__(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (Arc::as_ptr(&self.task) as usize).hash(&mut h);
        self.id.to_bits().hash(&mut h);
        h.finish()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        match self
            .task
            .read(py)
            .map(|d| d.tag_name(self.id).map(str::to_ascii_lowercase))
        {
            Ok(Ok(t)) => format!("<TaskNode {t}>"),
            _ => format!("<TaskNode #{}>", self.id.index()),
        }
    }
}

/// `classList` of a task's element: reads the snapshot, records changes.
#[pyclass(module = "ecsdom", name = "TaskTokenList", frozen)]
pub struct TaskTokenList(TaskNode);

impl TaskTokenList {
    fn change(
        &self,
        py: Python<'_>,
        token: &str,
        make: impl FnOnce(String) -> Command,
    ) -> PyResult<()> {
        // DOMTokenList's token checks (https://dom.spec.whatwg.org/#domtokenlist).
        if token.is_empty() {
            return Err(DomError::Syntax("the token must not be empty".into())).or_raise(py);
        }
        if token.chars().any(|c| c.is_ascii_whitespace()) {
            return Err(DomError::InvalidCharacter(
                "the token must not contain whitespace".into(),
            ))
            .or_raise(py);
        }
        self.0.task.record(make(token.to_owned()));
        Ok(())
    }
}

#[pymethods]
impl TaskTokenList {
    /// `contains(token)`, as the round began.
    fn contains(&self, py: Python<'_>, token: &str) -> PyResult<bool> {
        self.0
            .task
            .read(py)?
            .class_contains(self.0.id, token)
            .or_raise(py)
    }

    fn __contains__(&self, py: Python<'_>, token: &str) -> PyResult<bool> {
        self.contains(py, token)
    }

    /// `add(*tokens)`: recorded.
    #[pyo3(signature = (*tokens))]
    fn add(&self, py: Python<'_>, tokens: Vec<String>) -> PyResult<()> {
        let node = self.0.id.into();
        for t in tokens {
            self.change(py, &t, |class| Command::AddClass { node, class })?;
        }
        Ok(())
    }

    /// `remove(*tokens)`: recorded.
    #[pyo3(signature = (*tokens))]
    fn remove(&self, py: Python<'_>, tokens: Vec<String>) -> PyResult<()> {
        let node = self.0.id.into();
        for t in tokens {
            self.change(py, &t, |class| Command::RemoveClass { node, class })?;
        }
        Ok(())
    }

    /// `toggle(token, force=None)`: recorded; the result is computed on the
    /// snapshot (it does not see this task's own unapplied changes).
    #[pyo3(signature = (token, force = None))]
    fn toggle(&self, py: Python<'_>, token: &str, force: Option<bool>) -> PyResult<bool> {
        let node = self.0.id.into();
        self.change(py, token, |class| Command::ToggleClass {
            node,
            class,
            force,
        })?;
        match force {
            Some(f) => Ok(f),
            None => Ok(!self.contains(py, token)?),
        }
    }
}
