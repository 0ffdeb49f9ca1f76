//! `Attr` and `NamedNodeMap` (`element.attributes`, `getAttributeNode`):
//! an attribute is its element and its qualified name, and every read asks
//! dom-ecs about the element's attributes as they are now (its `attr`
//! module; JS's classes call the same methods). A write goes through the
//! batch like `setAttribute`.

use std::sync::Arc;

use dom_ecs::{AttrMap, AttrRef, NodeId};
use pyo3::exceptions::{PyIndexError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

use crate::error::OrRaise;
use crate::state::{DocState, Shared};

/// `Attr`: one attribute of an element (a dom-ecs `AttrRef`: its IDL
/// members are generated). Holds the element's handle, so the element
/// lives as long as its `Attr`.
#[pyclass(frozen, module = "ecsdom", name = "Attr")]
pub struct PyAttr {
    _element: Py<PyAny>,
    shared: Arc<Shared>,
    attr: AttrRef,
}

impl PyAttr {
    /// The `Attr` of `found`, an attribute of the element `element` (its
    /// handle) in `shared`.
    pub(crate) fn of(element: Py<PyAny>, shared: &Arc<Shared>, found: AttrRef) -> Self {
        PyAttr {
            _element: element,
            shared: shared.clone(),
            attr: found,
        }
    }
}

/// The generated members (`webidl/bindings.txt`) are `AttrRef`'s.
impl crate::idl::IdlObject for PyAttr {
    type Receiver = AttrRef;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut AttrRef) -> T) -> T {
        f(&mut slf.get().attr.clone())
    }
}

#[pymethods]
impl PyAttr {
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyAttr>().is_ok_and(|o| {
            let o = &o.get().attr;
            o.element == self.attr.element && o.name == self.attr.name
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.attr.element, &self.attr.name).hash(&mut h);
        h.finish()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let value = {
            let mut st = self.shared.lock(py);
            self.attr.value(st.read(py)?).or_raise(py)?
        };
        Ok(format!("<Attr {}={value:?}>", self.attr.name))
    }
}

/// `NamedNodeMap`: an element's attributes, live.
#[pyclass(frozen, module = "ecsdom", name = "NamedNodeMap")]
pub struct PyNamedNodeMap {
    element: Py<PyAny>,
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
            element: crate::node::wrap(py, shared, st, id)?,
            shared: shared.clone(),
            id,
        })
    }

    fn item(&self, py: Python<'_>, index: usize) -> PyResult<Option<PyAttr>> {
        let found = {
            let mut st = self.shared.lock(py);
            let doc = st.read(py)?;
            AttrMap { element: self.id }.item(doc, index).or_raise(py)?
        };
        Ok(found.map(|a| PyAttr::of(self.element.clone_ref(py), &self.shared, a)))
    }

    fn named(&self, py: Python<'_>, name: &str) -> PyResult<Option<PyAttr>> {
        let found = {
            let mut st = self.shared.lock(py);
            let doc = st.read(py)?;
            doc.attribute_node(self.id, name).or_raise(py)?
        };
        Ok(found.map(|a| PyAttr::of(self.element.clone_ref(py), &self.shared, a)))
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
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyAttr> {
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
        let name: &str = key.extract()?;
        self.named(py, name)?
            .ok_or_else(|| PyKeyError::new_err(name.to_owned()))
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let attrs: Vec<PyAttr> = (0..self.count(py)?)
            .filter_map(|i| self.item(py, i).transpose())
            .collect::<PyResult<_>>()?;
        let list = pyo3::types::PyList::new(py, attrs)?;
        Ok(list.try_iter()?.into_any().unbind())
    }
}
