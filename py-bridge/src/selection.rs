//! `Selection` (<https://w3c.github.io/selection-api/>) in Python, over
//! dom-ecs's [`Selection`], with the WHATWG names JS has:
//! `document.getSelection()` gives the document's one selection (None for
//! a document with no browsing context, as for one `DOMParser` made), and
//! the range added is the selection's range itself. Written by hand: the
//! Selection API's IDL is not among the vendored interfaces the bindings
//! are generated from.

use std::sync::{Arc, Mutex};

use dom_ecs::{Document, DomError, Selection};
use pyo3::prelude::*;

use crate::error::OrRaise;
use crate::node::{PyDocument, PyNode, base};
use crate::range::PyRange;
use crate::state::Shared;

/// A document's selection.
#[pyclass(frozen, weakref, module = "ecsdom", name = "Selection")]
pub struct PySelection {
    shared: Arc<Shared>,
    selection: Selection,
    /// The `Range` object last added or given: `getRangeAt(0)` returns it
    /// while it is the selection's range.
    kept: Mutex<Option<Py<PyRange>>>,
}

impl PySelection {
    fn run<T>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Selection, &mut Document) -> Result<T, DomError>,
    ) -> PyResult<T> {
        let mut st = self.shared.lock(py);
        let d = st.read(py)?;
        f(&self.selection, d).or_raise(py)
    }

    fn node(&self, py: Python<'_>, id: Option<dom_ecs::NodeId>) -> PyResult<Py<PyAny>> {
        match id {
            None => Ok(py.None()),
            Some(id) => {
                let mut st = self.shared.lock(py);
                crate::node::wrap(py, &self.shared, &mut st, id)
            }
        }
    }

    /// A node argument of this selection's world.
    fn node_arg(&self, py: Python<'_>, node: &Bound<'_, PyNode>) -> PyResult<dom_ecs::NodeId> {
        crate::range::SameWorld(&self.shared)
            .arg(py, node)
            .map(|n| n.id)
    }

    /// A `Range` argument of this selection's world.
    fn range_arg(&self, py: Python<'_>, range: &Bound<'_, PyRange>) -> PyResult<dom_ecs::Range> {
        let (r, shared) = PyRange::parts(range);
        if !Arc::ptr_eq(&shared, &self.shared) {
            return Err(crate::error::dom_err(
                py,
                DomError::NotSupported("the range belongs to another document".into()),
            ));
        }
        Ok(r)
    }
}

#[pymethods]
impl PySelection {
    #[getter(anchorNode)]
    fn anchor_node(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let id = self.run(py, |s, d| s.anchor_node(d))?;
        self.node(py, id)
    }

    #[getter(anchorOffset)]
    fn anchor_offset(&self, py: Python<'_>) -> PyResult<u32> {
        self.run(py, |s, d| s.anchor_offset(d))
    }

    #[getter(focusNode)]
    fn focus_node(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let id = self.run(py, |s, d| s.focus_node(d))?;
        self.node(py, id)
    }

    #[getter(focusOffset)]
    fn focus_offset(&self, py: Python<'_>) -> PyResult<u32> {
        self.run(py, |s, d| s.focus_offset(d))
    }

    #[getter(isCollapsed)]
    fn is_collapsed(&self, py: Python<'_>) -> PyResult<bool> {
        self.run(py, |s, d| s.is_collapsed(d))
    }

    #[getter(rangeCount)]
    fn range_count(&self, py: Python<'_>) -> PyResult<u32> {
        self.run(py, |s, d| s.range_count(d))
    }

    #[getter(r#type)]
    fn type_(&self, py: Python<'_>) -> PyResult<String> {
        self.run(py, |s, d| s.type_(d))
    }

    /// `getRangeAt(index)`: the range added, while it is the selection's.
    #[pyo3(name = "getRangeAt")]
    fn get_range_at(&self, py: Python<'_>, index: u32) -> PyResult<Py<PyRange>> {
        let range = self.run(py, |s, d| s.get_range_at(d, index))?;
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = kept.as_ref()
            && PyRange::parts(k.bind(py)).0.same(&range)
        {
            return Ok(k.clone_ref(py));
        }
        let made = Py::new(py, PyRange::initializer(range, &self.shared))?;
        *kept = Some(made.clone_ref(py));
        Ok(made)
    }

    #[pyo3(name = "addRange")]
    fn add_range(&self, py: Python<'_>, range: &Bound<'_, PyRange>) -> PyResult<()> {
        let r = self.range_arg(py, range)?;
        let added = self.run(py, |s, d| {
            s.add_range(d, &r)?;
            Ok(s.range_count(d)? == 1 && s.get_range_at(d, 0)?.same(&r))
        })?;
        if added {
            *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = Some(range.clone().unbind());
        }
        Ok(())
    }

    #[pyo3(name = "removeRange")]
    fn remove_range(&self, py: Python<'_>, range: &Bound<'_, PyRange>) -> PyResult<()> {
        let r = self.range_arg(py, range)?;
        self.run(py, |s, d| s.remove_range(d, &r))
    }

    #[pyo3(name = "removeAllRanges")]
    fn remove_all_ranges(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s, d| s.remove_all_ranges(d))
    }

    fn empty(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s, d| s.remove_all_ranges(d))
    }

    #[pyo3(signature = (node, offset = 0))]
    fn collapse(
        &self,
        py: Python<'_>,
        node: Option<&Bound<'_, PyNode>>,
        offset: u32,
    ) -> PyResult<()> {
        let n = node.map(|n| self.node_arg(py, n)).transpose()?;
        self.run(py, |s, d| s.collapse(d, n, offset))
    }

    #[pyo3(name = "setPosition", signature = (node, offset = 0))]
    fn set_position(
        &self,
        py: Python<'_>,
        node: Option<&Bound<'_, PyNode>>,
        offset: u32,
    ) -> PyResult<()> {
        self.collapse(py, node, offset)
    }

    #[pyo3(name = "collapseToStart")]
    fn collapse_to_start(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s, d| s.collapse_to_start(d))
    }

    #[pyo3(name = "collapseToEnd")]
    fn collapse_to_end(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s, d| s.collapse_to_end(d))
    }

    #[pyo3(name = "selectAllChildren")]
    fn select_all_children(&self, py: Python<'_>, node: &Bound<'_, PyNode>) -> PyResult<()> {
        let n = self.node_arg(py, node)?;
        self.run(py, |s, d| s.select_all_children(d, n))
    }

    #[pyo3(name = "deleteFromDocument")]
    fn delete_from_document(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s, d| s.delete_from_document(d))
    }

    #[pyo3(name = "containsNode", signature = (node, allow_partial_containment = false))]
    fn contains_node(
        &self,
        py: Python<'_>,
        node: &Bound<'_, PyNode>,
        allow_partial_containment: bool,
    ) -> PyResult<bool> {
        let n = self.node_arg(py, node)?;
        self.run(py, |s, d| s.contains_node(d, n, allow_partial_containment))
    }

    #[pyo3(name = "toString")]
    fn to_string_(&self, py: Python<'_>) -> PyResult<crate::dom_str::Text> {
        self.run(py, |s, d| s.to_string(d))
            .map(crate::dom_str::Text)
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<crate::dom_str::Text> {
        self.to_string_(py)
    }
}

#[pymethods]
impl PyDocument {
    /// `getSelection()`: this document's one selection, or None for a
    /// document with no browsing context.
    #[pyo3(name = "getSelection")]
    fn get_selection(slf: &Bound<'_, Self>) -> PyResult<Option<Py<PySelection>>> {
        let py = slf.py();
        let n = base(slf);
        let mut st = n.shared.lock(py);
        let Some(selection) = st.read(py)?.get_selection(n.id).or_raise(py)? else {
            return Ok(None);
        };
        // The document holds its selection weakly (the selection holds the
        // document): one object while any script holds it.
        if let Some(weak) = &st.selection {
            let alive = weak.bind(py).call0()?;
            if let Ok(s) = alive.cast_into::<PySelection>() {
                return Ok(Some(s.unbind()));
            }
        }
        let made = Py::new(
            py,
            PySelection {
                shared: n.shared.clone(),
                selection,
                kept: Mutex::new(None),
            },
        )?;
        let weak = py.import("weakref")?.getattr("ref")?.call1((&made,))?;
        st.selection = Some(weak.unbind());
        Ok(Some(made))
    }
}
