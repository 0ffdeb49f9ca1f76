//! `Attr` and `NamedNodeMap` (`element.attributes`, `getAttributeNode`):
//! an attribute is its element and its qualified name, and every read asks
//! dom-ecs about the element's attributes as they are now (its `attr`
//! module; JS's classes call the same methods). A write goes through the
//! batch like `setAttribute`.

use std::sync::Arc;

use dom_ecs::{AttrData, AttrMap, AttrRef, NodeId};
use pyo3::exceptions::{PyIndexError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

use crate::error::OrRaise;
use crate::node::set_attr_of;
use crate::state::{DocState, Shared};

/// `Attr`: one attribute of an element.
#[pyclass(frozen, module = "ecsdom", name = "Attr")]
pub struct PyAttr {
    element: Py<PyAny>,
    shared: Arc<Shared>,
    id: NodeId,
    name: String,
    /// Namespace, prefix and local name: they never change, so they are
    /// read once (and stay after the attribute is removed).
    names: AttrData,
}

impl PyAttr {
    /// The `Attr` of `found`, an attribute of the element `element` (its
    /// handle) in `shared`.
    pub(crate) fn of(element: Py<PyAny>, shared: &Arc<Shared>, found: AttrRef) -> Self {
        PyAttr {
            element,
            shared: shared.clone(),
            id: found.element,
            name: found.name,
            names: found.data,
        }
    }

    fn data(&self, py: Python<'_>) -> PyResult<Option<AttrData>> {
        let mut st = self.shared.lock(py);
        st.read(py)?.attr_data(self.id, &self.name).or_raise(py)
    }
}

#[pymethods]
impl PyAttr {
    /// `name`: the qualified name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// `localName`
    #[getter(localName)]
    fn local_name(&self) -> &str {
        &self.names.local_name
    }

    /// `namespaceURI`
    #[getter(namespaceURI)]
    fn namespace_uri(&self) -> Option<&'static str> {
        self.names.namespace
    }

    /// `prefix`
    #[getter]
    fn prefix(&self) -> Option<&'static str> {
        self.names.prefix
    }

    /// `value` ("" once the element no longer has the attribute).
    #[getter]
    fn value(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.data(py)?.map(|d| d.value).unwrap_or_default())
    }

    #[setter]
    fn set_value(&self, py: Python<'_>, value: &str) -> PyResult<()> {
        set_attr_of(&self.shared, self.id, py, &self.name, value)
    }

    /// `ownerElement`: the element, while it has the attribute.
    #[getter(ownerElement)]
    fn owner_element(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        Ok(self.data(py)?.map(|_| self.element.clone_ref(py)))
    }

    /// `specified`: always true.
    #[getter]
    fn specified(&self) -> bool {
        true
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAttr>()
            .is_ok_and(|o| o.get().id == self.id && o.get().name == self.name)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.id, &self.name).hash(&mut h);
        h.finish()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("<Attr {}={:?}>", self.name, self.value(py)?))
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
