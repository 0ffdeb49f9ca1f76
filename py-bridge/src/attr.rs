//! `Attr` and `NamedNodeMap` (`element.attributes`, `getAttributeNode`):
//! an attribute is its element and its qualified name, and every read asks
//! dom-ecs about the element's attributes as they are now (its `attr`
//! module; JS's classes call the same methods). A write goes through the
//! batch like `setAttribute`.

use std::sync::Arc;

use dom_ecs::{AttrData, NodeId};
use pyo3::exceptions::{PyIndexError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

use crate::error::OrRaise;
use crate::node::{PyNode, set_attr_of};
use crate::state::Shared;

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
    /// The map of `element`'s attributes (`n` is its handle).
    pub(crate) fn new(element: Py<PyAny>, n: &PyNode) -> Self {
        PyNamedNodeMap {
            element,
            shared: n.shared.clone(),
            id: n.id,
        }
    }

    /// The `Attr` of the attribute `name` (as the document named it), with
    /// `names` read from it; none without a name.
    fn attr(
        &self,
        py: Python<'_>,
        name: Option<String>,
        names: Option<AttrData>,
    ) -> Option<PyAttr> {
        Some(PyAttr {
            element: self.element.clone_ref(py),
            shared: self.shared.clone(),
            id: self.id,
            name: name?,
            names: names?,
        })
    }

    /// The attribute's name and data, read under one lock.
    fn find(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&dom_ecs::Document) -> dom_ecs::DomResult<Option<String>>,
    ) -> PyResult<Option<PyAttr>> {
        let (name, names) = {
            let mut st = self.shared.lock(py);
            let doc = st.read(py)?;
            let name = f(doc).or_raise(py)?;
            let names = match &name {
                Some(n) => doc.attr_data(self.id, n).or_raise(py)?,
                None => None,
            };
            (name, names)
        };
        Ok(self.attr(py, name, names))
    }
}

/// `getAttributeNode(qualifiedName)` of the element `n` (handle `element`).
pub(crate) fn attribute_node(
    py: Python<'_>,
    element: Py<PyAny>,
    n: &PyNode,
    qualified_name: &str,
) -> PyResult<Option<PyAttr>> {
    PyNamedNodeMap::new(element, n).get_named_item(py, qualified_name)
}

#[pymethods]
impl PyNamedNodeMap {
    /// `length`
    #[getter]
    fn length(&self, py: Python<'_>) -> PyResult<usize> {
        let mut st = self.shared.lock(py);
        st.read(py)?.attribute_count(self.id).or_raise(py)
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        self.length(py)
    }

    /// `item(index)`
    fn item(&self, py: Python<'_>, index: usize) -> PyResult<Option<PyAttr>> {
        self.find(py, |d| d.attribute_at(self.id, index))
    }

    /// `getNamedItem(qualifiedName)`
    #[pyo3(name = "getNamedItem")]
    fn get_named_item(&self, py: Python<'_>, qualified_name: &str) -> PyResult<Option<PyAttr>> {
        self.find(py, |d| d.attribute_by_name(self.id, qualified_name))
    }

    /// `removeNamedItem(qualifiedName)`: raises `NotFoundError` when there
    /// is no such attribute.
    #[pyo3(name = "removeNamedItem")]
    fn remove_named_item(&self, py: Python<'_>, qualified_name: &str) -> PyResult<Option<PyAttr>> {
        let (name, names) = {
            let mut st = self.shared.lock(py);
            let doc = st.read(py)?;
            let names = match doc
                .attribute_by_name(self.id, qualified_name)
                .or_raise(py)?
            {
                Some(n) => doc.attr_data(self.id, &n).or_raise(py)?,
                None => None,
            };
            let (name, _) = doc
                .remove_named_item(self.id, qualified_name)
                .or_raise(py)?;
            (name, names)
        };
        Ok(self.attr(py, Some(name), names))
    }

    /// `attributes[i]` or `attributes["name"]`.
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyAttr> {
        if key.is_instance_of::<PyInt>() {
            let mut i: isize = key.extract()?;
            if i < 0 {
                i += self.length(py)? as isize;
            }
            let found = if i < 0 {
                None
            } else {
                self.item(py, i as usize)?
            };
            return found.ok_or_else(|| PyIndexError::new_err("attribute index out of range"));
        }
        let name: &str = key.extract()?;
        self.get_named_item(py, name)?
            .ok_or_else(|| PyKeyError::new_err(name.to_owned()))
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let attrs: Vec<PyAttr> = (0..self.length(py)?)
            .filter_map(|i| self.item(py, i).transpose())
            .collect::<PyResult<_>>()?;
        let list = pyo3::types::PyList::new(py, attrs)?;
        Ok(list.try_iter()?.into_any().unbind())
    }
}
