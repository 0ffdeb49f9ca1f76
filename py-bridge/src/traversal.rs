//! `TreeWalker`, `NodeIterator` and `NodeFilter`
//! (<https://dom.spec.whatwg.org/#traversal>) in Python: the walk is dom-ecs's; the filter is a Python callable (or an
//! object with `acceptNode`), called with the document unlocked, so it may
//! read and change the tree. The walker keeps its root and current node
//! as handles, which pin them.

use std::sync::{Arc, Mutex};

use dom_ecs::{Document, DomError, NodeId, NodeIterator, Traverser, TreeWalker};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::error::{OrRaise, dom_err};
use crate::node::{PyDocument, PyNode, base};
use crate::state::Shared;

/// `NodeFilter`: its constants (from the IDL); a filter is any callable.
#[pyclass(frozen, module = "ecsdom", name = "NodeFilter")]
pub struct PyNodeFilter;

/// What a walk holds between calls: the dom-ecs state and the handles of
/// its root and current node.
struct State {
    walker: TreeWalker,
    root: Py<PyAny>,
    current: Py<PyAny>,
}

/// `TreeWalker` (`document.createTreeWalker(root, what_to_show, filter)`).
#[pyclass(frozen, module = "ecsdom", name = "TreeWalker")]
pub struct PyTreeWalker {
    shared: Arc<Shared>,
    state: Mutex<State>,
    filter: Option<Py<PyAny>>,
}

/// The walk's view: the document, locked for each read, and the filter.
struct Walk<'a, 'py> {
    py: Python<'py>,
    shared: &'a Arc<Shared>,
    filter: Option<&'a Bound<'py, PyAny>>,
}

impl Traverser for Walk<'_, '_> {
    type Error = PyErr;

    fn raise(&self, e: DomError) -> PyErr {
        dom_err(self.py, e)
    }

    fn read<R>(&self, f: impl FnOnce(&Document) -> R) -> PyResult<R> {
        // A pending batch is applied first, as for every read.
        let mut st = self.shared.lock(self.py);
        Ok(f(st.read(self.py)?))
    }

    fn accept_node(&mut self, node: NodeId) -> PyResult<u16> {
        let Some(filter) = self.filter else {
            return Ok(dom_ecs::node_filter::FILTER_ACCEPT);
        };
        let handle = {
            let mut st = self.shared.lock(self.py);
            crate::node::wrap(self.py, self.shared, &mut st, node)?
        };
        // A callable is called; any other object's `acceptNode` is.
        let answer = if filter.is_callable() {
            filter.call1((handle,))?
        } else {
            filter.getattr("acceptNode")?.call1((handle,))?
        };
        // An unsigned short, as WebIDL converts the answer.
        let n: f64 = answer.extract()?;
        Ok(if n.is_finite() {
            (n.trunc() as i64).rem_euclid(1 << 16) as u16
        } else {
            0
        })
    }
}

impl PyTreeWalker {
    fn step(
        &self,
        py: Python<'_>,
        op: impl FnOnce(&mut TreeWalker, &mut Walk<'_, '_>) -> PyResult<Option<NodeId>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        // A copy: the filter may walk this walker again (and meet its
        // active flag, which the copies share).
        let mut w = self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .walker
            .clone();
        let filter = self.filter.as_ref().map(|f| f.bind(py));
        let mut walk = Walk {
            py,
            shared: &self.shared,
            filter,
        };
        let found = op(&mut w, &mut walk)?;
        let Some(found) = found else { return Ok(None) };
        let handle = {
            let mut st = self.shared.lock(py);
            crate::node::wrap(py, &self.shared, &mut st, found)?
        };
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.walker.current = w.current;
        s.current = handle.clone_ref(py);
        Ok(Some(handle))
    }
}

#[pymethods]
impl PyTreeWalker {
    #[getter(root)]
    fn root(&self, py: Python<'_>) -> Py<PyAny> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .root
            .clone_ref(py)
    }

    #[getter(whatToShow)]
    fn what_to_show(&self) -> u32 {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .walker
            .what_to_show
    }

    #[getter(filter)]
    fn filter(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.filter.as_ref().map(|f| f.clone_ref(py))
    }

    #[getter(currentNode)]
    fn current_node(&self, py: Python<'_>) -> Py<PyAny> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .current
            .clone_ref(py)
    }

    #[setter(currentNode)]
    fn set_current_node(&self, node: &Bound<'_, PyNode>) -> PyResult<()> {
        let py = node.py();
        let n = node.get();
        if !Arc::ptr_eq(&n.shared, &self.shared) {
            return Err(dom_err(
                py,
                DomError::NotSupported("the node belongs to another document".into()),
            ));
        }
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.walker.current = n.id;
        s.current = node.clone().into_any().unbind();
        Ok(())
    }

    #[pyo3(name = "parentNode")]
    fn parent_node(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.parent_node(t))
    }

    #[pyo3(name = "firstChild")]
    fn first_child(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.first_child(t))
    }

    #[pyo3(name = "lastChild")]
    fn last_child(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.last_child(t))
    }

    #[pyo3(name = "previousSibling")]
    fn previous_sibling(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.previous_sibling(t))
    }

    #[pyo3(name = "nextSibling")]
    fn next_sibling(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.next_sibling(t))
    }

    #[pyo3(name = "previousNode")]
    fn previous_node(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.previous_node(t))
    }

    #[pyo3(name = "nextNode")]
    fn next_node(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.step(py, |w, t| w.next_node(t))
    }

    /// Python iteration: the nodes `nextNode()` gives, from the current one on.
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.next_node(py)
    }
}

/// `NodeIterator` (`document.createNodeIterator(root, what_to_show,
/// filter)`): its state is shared with the document, which moves its
/// reference node when a removal takes it out of the tree.
#[pyclass(frozen, module = "ecsdom", name = "NodeIterator")]
pub struct PyNodeIterator {
    shared: Arc<Shared>,
    it: NodeIterator,
    filter: Option<Py<PyAny>>,
}

impl PyNodeIterator {
    fn handle(&self, py: Python<'_>, node: NodeId) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        crate::node::wrap(py, &self.shared, &mut st, node)
    }

    fn traverse(&self, py: Python<'_>, next: bool) -> PyResult<Option<Py<PyAny>>> {
        let filter = self.filter.as_ref().map(|f| f.bind(py));
        let mut walk = Walk {
            py,
            shared: &self.shared,
            filter,
        };
        let Some((found, before)) = dom_ecs::iterator_traverse(&self.it, &mut walk, next)? else {
            return Ok(None);
        };
        let mut st = self.shared.lock(py);
        st.doc.settle_iterator(&self.it, found, before);
        crate::node::wrap(py, &self.shared, &mut st, found).map(Some)
    }
}

#[pymethods]
impl PyNodeIterator {
    #[getter(root)]
    fn root(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.handle(py, Document::iterator_state(&self.it).0)
    }

    #[getter(referenceNode)]
    fn reference_node(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.handle(py, Document::iterator_state(&self.it).1)
    }

    #[getter(pointerBeforeReferenceNode)]
    fn pointer_before_reference_node(&self) -> bool {
        Document::iterator_state(&self.it).2
    }

    #[getter(whatToShow)]
    fn what_to_show(&self) -> u32 {
        Document::iterator_state(&self.it).3
    }

    #[getter(filter)]
    fn filter(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.filter.as_ref().map(|f| f.clone_ref(py))
    }

    #[pyo3(name = "nextNode")]
    fn next_node(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.traverse(py, true)
    }

    #[pyo3(name = "previousNode")]
    fn previous_node(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.traverse(py, false)
    }

    /// `detach()`: does nothing (a legacy method).
    fn detach(&self) {}

    /// Python iteration: the nodes `nextNode()` gives.
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.traverse(py, true)
    }
}

/// A filter argument: a callable or an object with `acceptNode`.
fn check_filter(filter: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    if let Some(f) = filter
        && !f.is_callable()
        && !f.hasattr("acceptNode")?
    {
        return Err(PyTypeError::new_err(
            "a NodeFilter is a callable or an object with acceptNode",
        ));
    }
    Ok(())
}

#[pymethods]
impl PyDocument {
    /// `createNodeIterator(root, what_to_show=NodeFilter.SHOW_ALL, filter=None)`.
    #[pyo3(name = "createNodeIterator", signature = (root, what_to_show = 0xFFFF_FFFF, filter = None))]
    fn create_node_iterator(
        slf: &Bound<'_, Self>,
        root: &Bound<'_, PyNode>,
        what_to_show: u32,
        filter: Option<Bound<'_, PyAny>>,
    ) -> PyResult<PyNodeIterator> {
        let py = slf.py();
        let doc = base(slf);
        let r = root.get();
        doc.same_doc(py, r)?;
        check_filter(filter.as_ref())?;
        let it = doc
            .shared
            .lock(py)
            .doc
            .create_node_iterator(r.id, what_to_show, filter.is_some())
            .or_raise(py)?;
        Ok(PyNodeIterator {
            shared: doc.shared.clone(),
            it,
            filter: filter.map(Bound::unbind),
        })
    }

    /// `createTreeWalker(root, what_to_show=NodeFilter.SHOW_ALL, filter=None)`:
    /// `filter` is a callable taking a node (or an object with
    /// `acceptNode`) and answering `NodeFilter.FILTER_*`.
    #[pyo3(name = "createTreeWalker", signature = (root, what_to_show = 0xFFFF_FFFF, filter = None))]
    fn create_tree_walker(
        slf: &Bound<'_, Self>,
        root: &Bound<'_, PyNode>,
        what_to_show: u32,
        filter: Option<Bound<'_, PyAny>>,
    ) -> PyResult<PyTreeWalker> {
        let py = slf.py();
        let doc = base(slf);
        let r = root.get();
        doc.same_doc(py, r)?;
        check_filter(filter.as_ref())?;
        let walker = doc
            .shared
            .lock(py)
            .doc
            .tree_walker(r.id, what_to_show, filter.is_some())
            .or_raise(py)?;
        let handle = root.clone().into_any().unbind();
        Ok(PyTreeWalker {
            shared: doc.shared.clone(),
            state: Mutex::new(State {
                walker,
                root: handle.clone_ref(py),
                current: handle,
            }),
            filter: filter.map(Bound::unbind),
        })
    }
}
