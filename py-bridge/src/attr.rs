//! `Attr` and `NamedNodeMap` (`element.attributes`, `getAttributeNode`):
//! an `Attr` is a node handle (dom-ecs makes the node when asked; its IDL
//! members are generated), a map asks dom-ecs about the element's
//! attributes as they are now (its `attr` module; JS's classes call the
//! same methods).

use std::sync::Arc;

use dom_ecs::{AttrMap, NodeId};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::PyInt;

use crate::dom_str::{DomStr, key_error};
use crate::error::OrRaise;
use crate::node::PyNode;
use crate::state::{DocState, Shared};

/// `Attr` handles: nodes of type 2.
#[pyclass(frozen, extends = PyNode, module = "ecsdom", name = "Attr")]
#[derive(Default)]
pub struct PyAttr;

/// `NamedNodeMap`: an element's attributes, live.
#[pyclass(frozen, module = "ecsdom", name = "NamedNodeMap")]
pub struct PyNamedNodeMap {
    /// The element's handle: the map keeps its element alive.
    _element: Py<PyAny>,
    shared: Arc<Shared>,
    id: NodeId,
}

impl PyNamedNodeMap {
    /// The map of the attributes of the element `id` of `shared`.
    pub(crate) fn of(
        py: Python<'_>,
        shared: &Arc<Shared>,
        st: &mut DocState,
        id: NodeId,
    ) -> PyResult<Self> {
        Ok(PyNamedNodeMap {
            _element: crate::node::wrap(py, shared, st, id)?,
            shared: shared.clone(),
            id,
        })
    }

    fn item(&self, py: Python<'_>, index: usize) -> PyResult<Option<Py<PyAny>>> {
        let mut st = self.shared.lock(py);
        let found = AttrMap { element: self.id }
            .item(st.read(py)?, index)
            .or_raise(py)?;
        crate::node::wrap_opt(py, &self.shared, &mut st, found)
    }

    fn named(&self, py: Python<'_>, name: &str) -> PyResult<Option<Py<PyAny>>> {
        let mut st = self.shared.lock(py);
        let found = st.read(py)?.attribute_node(self.id, name).or_raise(py)?;
        crate::node::wrap_opt(py, &self.shared, &mut st, found)
    }

    fn count(&self, py: Python<'_>) -> PyResult<usize> {
        let mut st = self.shared.lock(py);
        st.read(py)?.attribute_count(self.id).or_raise(py)
    }
}

/// The generated members (`webidl/bindings.txt`) are `AttrMap`'s.
impl crate::idl::IdlObject for PyNamedNodeMap {
    type Receiver = AttrMap;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut AttrMap) -> T) -> T {
        f(&mut AttrMap {
            element: slf.get().id,
        })
    }
}

#[pymethods]
impl PyNamedNodeMap {
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        self.count(py)
    }

    /// `attributes[i]` or `attributes["name"]`.
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if key.is_instance_of::<PyInt>() {
            let mut i: isize = key.extract()?;
            if i < 0 {
                i += self.count(py)? as isize;
            }
            let found = if i < 0 {
                None
            } else {
                self.item(py, i as usize)?
            };
            return found.ok_or_else(|| PyIndexError::new_err("attribute index out of range"));
        }
        let name: DomStr<'_> = key.extract()?;
        let found = self.named(py, &name)?;
        found.ok_or_else(|| key_error(py, &name))
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let attrs: Vec<Py<PyAny>> = (0..self.count(py)?)
            .filter_map(|i| self.item(py, i).transpose())
            .collect::<PyResult<_>>()?;
        let list = pyo3::types::PyList::new(py, attrs)?;
        Ok(list.try_iter()?.into_any().unbind())
    }
}
