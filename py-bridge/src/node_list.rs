//! `NodeList`: a Python sequence backed by a Rust vector of node IDs.
//!
//! Handles are made only for the items Python actually touches. The list
//! keeps its nodes alive the way a browser's static NodeList does, with one
//! weak registration in the document instead of a pin per node. Column
//! operations (`texts`, `set_text`, `set_attribute`, `toggle_class`) cross
//! the language boundary once for the whole list and run with the GIL
//! released, borrowing the Python strings' UTF-8 rather than copying it.

use std::sync::Arc;

use dom_ecs::{Document, DomError, NodeId};
use pyo3::exceptions::PyValueError;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice, PyString};

use crate::error::OrRaise;
use crate::node::{PyNode, wrap};
use crate::state::{DocState, Shared};

/// A static list of nodes (`querySelectorAll`, `childNodes`, `children`...).
#[pyclass(frozen, sequence, subclass, module = "ecsdom", name = "NodeList")]
pub struct PyNodeList {
    shared: Arc<Shared>,
    ids: Arc<[NodeId]>,
}

impl PyNodeList {
    pub(crate) fn new(shared: &Arc<Shared>, st: &mut DocState, ids: Vec<NodeId>) -> Self {
        let ids: Arc<[NodeId]> = ids.into();
        st.doc.keep_alive(&ids);
        PyNodeList {
            shared: shared.clone(),
            ids,
        }
    }

    pub(crate) fn into_iter_handle(self) -> PyNodeIter {
        PyNodeIter {
            shared: self.shared.clone(),
            ids: self.ids.clone(),
            pos: 0,
        }
    }

    /// A string per node, from one string (for all) or a sequence of as
    /// many values (each `str()`-ed). The strings stay Python objects, so
    /// Rust borrows their UTF-8 instead of copying it.
    fn column<'py>(
        &self,
        what: &str,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyString>>> {
        if let Ok(s) = values.cast::<PyString>() {
            return Ok(vec![s.clone()]);
        }
        let as_str =
            |v: Bound<'py, PyAny>| v.cast_into::<PyString>().or_else(|e| e.into_inner().str());
        if let Ok(list) = values.cast::<PyList>() {
            // A list: index it directly rather than through the iterator protocol.
            if list.len() != self.ids.len() {
                return Err(bad_column(what, self.ids.len(), list.len()));
            }
            return list.iter().map(as_str).collect();
        }
        let list: Vec<Bound<'py, PyString>> = values
            .try_iter()
            .map_err(|_| {
                PyTypeError::new_err(format!("{what}: expected a str or a sequence of str"))
            })?
            .map(|v| v.and_then(as_str))
            .collect::<PyResult<_>>()?;
        if list.len() != self.ids.len() {
            return Err(bad_column(what, self.ids.len(), list.len()));
        }
        Ok(list)
    }

    /// Run `f` over (node, value) pairs with the document locked and the GIL
    /// released: one crossing for the whole column.
    fn each<'py>(
        &self,
        py: Python<'py>,
        values: &[Bound<'py, PyString>],
        f: impl Fn(&mut Document, NodeId, &str) -> Result<(), DomError> + Send + Sync,
    ) -> PyResult<()> {
        let strs: Vec<&str> = values.iter().map(|v| v.to_str()).collect::<PyResult<_>>()?;
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        let ids = &self.ids;
        py.detach(|| {
            let values = strs.iter().cycle().take(ids.len());
            for (&id, v) in ids.iter().zip(values) {
                f(doc, id, v)?;
            }
            Ok(())
        })
        .or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(())
    }
}

#[pymethods]
impl PyNodeList {
    fn __len__(&self) -> usize {
        self.ids.len()
    }

    /// `list[i]` (negative from the end) or `list[a:b:c]` (a new NodeList).
    fn __getitem__(&self, py: Python<'_>, index: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if let Ok(slice) = index.cast::<PySlice>() {
            let ind = slice.indices(self.ids.len() as isize)?;
            let mut out = Vec::with_capacity(ind.slicelength);
            let mut i = ind.start;
            for _ in 0..ind.slicelength {
                out.push(self.ids[i as usize]);
                i += ind.step;
            }
            let mut st = self.shared.lock(py);
            return Ok(Py::new(py, PyNodeList::new(&self.shared, &mut st, out))?.into_any());
        }
        let i: isize = index.extract()?;
        let n = self.ids.len() as isize;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(PyIndexError::new_err("NodeList index out of range"));
        }
        let mut st = self.shared.lock(py);
        wrap(py, &self.shared, &mut st, self.ids[j as usize])
    }

    /// `item(i)`: the node, or None when out of range (the DOM's method).
    fn item(&self, py: Python<'_>, index: usize) -> PyResult<Option<Py<PyAny>>> {
        let Some(&id) = self.ids.get(index) else {
            return Ok(None);
        };
        let mut st = self.shared.lock(py);
        wrap(py, &self.shared, &mut st, id).map(Some)
    }

    /// `length`
    #[getter]
    fn length(&self) -> usize {
        self.ids.len()
    }

    fn __iter__(&self) -> PyNodeIter {
        PyNodeIter {
            shared: self.shared.clone(),
            ids: self.ids.clone(),
            pos: 0,
        }
    }

    fn __contains__(&self, node: &Bound<'_, PyAny>) -> bool {
        node.cast::<PyNode>().is_ok_and(|n| {
            let n = n.get();
            Arc::ptr_eq(&n.shared, &self.shared) && self.ids.contains(&n.id)
        })
    }

    fn __repr__(&self) -> String {
        format!("<NodeList of {} nodes>", self.ids.len())
    }

    /// The `textContent` of every node, in one call.
    fn texts(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        self.ids
            .iter()
            .map(|&id| doc.text_content(id).map(Option::unwrap_or_default))
            .collect::<Result<_, _>>()
            .or_raise(py)
    }

    /// Set the `textContent` of every node: one string for all, or one per
    /// node. One crossing, applied in parallel with the GIL released.
    fn set_text(&self, py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<()> {
        let values = self.column("set_text", values)?;
        self.each(py, &values, |d, id, v| d.set_text_content(id, v))
    }

    /// `setAttribute(name, value)` on every node: one value or one per node.
    fn set_attribute(&self, py: Python<'_>, name: &str, values: &Bound<'_, PyAny>) -> PyResult<()> {
        let values = self.column("set_attribute", values)?;
        self.each(py, &values, |d, id, v| d.set_attribute(id, name, v))
    }

    /// `classList.toggle(name, force)` on every node.
    #[pyo3(signature = (name, force = None))]
    fn toggle_class(&self, py: Python<'_>, name: &str, force: Option<bool>) -> PyResult<()> {
        let one = [PyString::new(py, name)];
        self.each(py, &one, |d, id, v| {
            d.class_toggle(id, v, force).map(|_| ())
        })
    }
}

/// Iterator over a NodeList.
#[pyclass(module = "ecsdom", name = "NodeListIterator")]
pub struct PyNodeIter {
    shared: Arc<Shared>,
    ids: Arc<[NodeId]>,
    pos: usize,
}

#[pymethods]
impl PyNodeIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let Some(&id) = slf.ids.get(slf.pos) else {
            return Ok(None);
        };
        slf.pos += 1;
        let shared = slf.shared.clone();
        let mut st = shared.lock(py);
        wrap(py, &shared, &mut st, id).map(Some)
    }
}

/// Raise `ValueError` for a value that is neither a string nor a sequence
/// of strings of the right length (column operations).
pub(crate) fn bad_column(what: &str, want: usize, got: usize) -> PyErr {
    PyValueError::new_err(format!("{what}: expected {want} values, got {got}"))
}

/// `HTMLCollection`: a `NodeList` of elements (`children`,
/// `getElementsByTagName`...) with `namedItem`.
#[pyclass(frozen, extends = PyNodeList, module = "ecsdom", name = "HTMLCollection")]
pub struct PyHTMLCollection;

impl PyHTMLCollection {
    /// A collection of `ids` in this document.
    pub(crate) fn new(
        py: Python<'_>,
        shared: &Arc<Shared>,
        st: &mut DocState,
        ids: Vec<NodeId>,
    ) -> PyResult<Py<PyHTMLCollection>> {
        let list = PyNodeList::new(shared, st, ids);
        Py::new(
            py,
            PyClassInitializer::from(list).add_subclass(PyHTMLCollection),
        )
    }
}

#[pymethods]
impl PyHTMLCollection {
    /// `namedItem(key)`: the first element whose id, or (HTML elements)
    /// `name` attribute, is `key`; None if there is none.
    #[pyo3(name = "namedItem")]
    fn named_item(slf: &Bound<'_, Self>, key: &str) -> PyResult<Option<Py<PyAny>>> {
        let list = slf.as_super().get();
        let py = slf.py();
        let mut st = list.shared.lock(py);
        match st.read(py)?.named_item(&list.ids, key) {
            Some(e) => wrap(py, &list.shared, &mut st, e).map(Some),
            None => Ok(None),
        }
    }
}
