//! `classList` (DOMTokenList) and `attrs` (a live attribute mapping).

use std::sync::Arc;

use dom_ecs::NodeId;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::error::OrRaise;
use crate::node::{PyNode, attribute_names, remove_attr_of, set_attr_of};
use crate::state::{DocState, Shared};

/// `DOMTokenList` of an element's classes (<https://dom.spec.whatwg.org/#domtokenlist>).
#[pyclass(frozen, module = "ecsdom", name = "DOMTokenList")]
pub struct PyTokenList {
    shared: Arc<Shared>,
    id: NodeId,
}

impl PyTokenList {
    pub(crate) fn new(n: &PyNode) -> Self {
        Self::of(&n.shared, n.id)
    }

    /// The list of element `id`'s classes.
    pub(crate) fn of(shared: &Arc<Shared>, id: NodeId) -> Self {
        PyTokenList {
            shared: shared.clone(),
            id,
        }
    }

    /// The tokens, from the cache of interned names.
    fn tokens<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyString>>> {
        let mut st = self.shared.lock(py);
        let syms = st.read(py)?.class_symbols(self.id).or_raise(py)?.to_vec();
        Ok(syms.into_iter().map(|s| st.name(py, s)).collect())
    }
}

fn strs(tokens: &Bound<'_, PyTuple>) -> PyResult<Vec<String>> {
    tokens.iter().map(|t| t.extract::<String>()).collect()
}

/// In an open batch, record `classList.add` (`add`) or `remove` of
/// `tokens` (checked first, as the direct call checks them) and return
/// true; false when there is no batch or no token (the update steps with
/// no token may rewrite the attribute: applied directly).
fn record_classes(
    st: &mut DocState,
    py: Python<'_>,
    id: NodeId,
    tokens: &[&str],
    add: bool,
) -> PyResult<bool> {
    let DocState { doc, batch, .. } = st;
    let Some(buf) = batch.as_mut().filter(|_| !tokens.is_empty()) else {
        return Ok(false);
    };
    doc.record_class_change(buf, id, tokens, add).or_raise(py)?;
    Ok(true)
}

#[pymethods]
impl PyTokenList {
    /// `add(*tokens)`
    #[pyo3(signature = (*tokens))]
    fn add(&self, py: Python<'_>, tokens: &Bound<'_, PyTuple>) -> PyResult<()> {
        let tokens = strs(tokens)?;
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let mut st = self.shared.lock(py);
        if record_classes(&mut st, py, self.id, &refs, true)? {
            return Ok(());
        }
        st.read(py)?.class_add(self.id, &refs).or_raise(py)
    }

    /// `remove(*tokens)`
    #[pyo3(signature = (*tokens))]
    fn remove(&self, py: Python<'_>, tokens: &Bound<'_, PyTuple>) -> PyResult<()> {
        let tokens = strs(tokens)?;
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let mut st = self.shared.lock(py);
        if record_classes(&mut st, py, self.id, &refs, false)? {
            return Ok(());
        }
        st.read(py)?.class_remove(self.id, &refs).or_raise(py)
    }

    /// `toggle(token, force=None)`; returns whether the token is now present.
    ///
    /// In a batch, on an element with no class change pending, the toggle
    /// is recorded and its answer read from the document as it is (the
    /// pending writes do not touch this element's classes); otherwise
    /// what is pending is applied first.
    #[pyo3(signature = (token, force = None))]
    fn toggle(&self, py: Python<'_>, token: &str, force: Option<bool>) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        let DocState { doc, batch, .. } = &mut *st;
        if let Some(buf) = batch.as_mut().filter(|b| !b.records_class_change(self.id)) {
            return doc
                .record_class_toggle(buf, self.id, token, force)
                .or_raise(py);
        }
        st.read(py)?
            .class_toggle(self.id, token, force)
            .or_raise(py)
    }

    /// `contains(token)`
    fn contains(&self, py: Python<'_>, token: &str) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        st.read(py)?.class_contains(self.id, token).or_raise(py)
    }

    /// `replace(old, new)`; returns whether `old` was present.
    fn replace(&self, py: Python<'_>, old: &str, new: &str) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        st.read(py)?.class_replace(self.id, old, new).or_raise(py)
    }

    /// `supports(token)`: raises `TypeError` (`class` defines no
    /// supported tokens).
    fn supports(&self, py: Python<'_>, token: &str) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        st.read(py)?.class_supports(self.id, token).or_raise(py)
    }

    /// `item(i)`
    fn item<'py>(&self, py: Python<'py>, index: usize) -> PyResult<Option<Bound<'py, PyString>>> {
        Ok(self.tokens(py)?.into_iter().nth(index))
    }

    /// `length`
    #[getter]
    fn length(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.tokens(py)?.len())
    }

    /// `value`: the `class` attribute.
    #[getter]
    fn value(&self, py: Python<'_>) -> PyResult<String> {
        let mut st = self.shared.lock(py);
        Ok(st.read(py)?.class_name(self.id).or_raise(py)?.to_owned())
    }

    #[setter]
    fn set_value(&self, py: Python<'_>, value: &str) -> PyResult<()> {
        let mut st = self.shared.lock(py);
        st.read(py)?
            .set_attribute(self.id, "class", value)
            .or_raise(py)
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.tokens(py)?.len())
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list = pyo3::types::PyList::new(py, self.tokens(py)?)?;
        Ok(list.as_any().try_iter()?.into_any().unbind())
    }

    fn __contains__(&self, py: Python<'_>, token: &str) -> PyResult<bool> {
        self.contains(py, token)
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        self.value(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let tokens: Vec<String> = self.tokens(py)?.iter().map(|t| t.to_string()).collect();
        Ok(format!("DOMTokenList({tokens:?})"))
    }
}

/// `el.attrs`: attribute names to values, live (reads and writes go to the element).
#[pyclass(frozen, mapping, module = "ecsdom", name = "Attrs")]
pub struct PyAttrs {
    shared: Arc<Shared>,
    id: NodeId,
}

impl PyAttrs {
    pub(crate) fn new(n: &PyNode) -> Self {
        PyAttrs {
            shared: n.shared.clone(),
            id: n.id,
        }
    }

    fn pairs(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        let list = doc.attributes(self.id).or_raise(py)?;
        Ok(list
            .iter()
            .map(|a| {
                (
                    doc.attribute_qualified_name(a).into_owned(),
                    a.value.to_string(),
                )
            })
            .collect())
    }
}

#[pymethods]
impl PyAttrs {
    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<String> {
        let mut st = self.shared.lock(py);
        match st.read(py)?.get_attribute(self.id, name).or_raise(py)? {
            Some(v) => Ok(v.to_owned()),
            None => Err(PyKeyError::new_err(name.to_owned())),
        }
    }

    fn __setitem__(&self, py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let value = value.str()?;
        set_attr_of(&self.shared, self.id, py, name, value.to_str()?)
    }

    fn __delitem__(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        if !self.__contains__(py, name)? {
            return Err(PyKeyError::new_err(name.to_owned()));
        }
        remove_attr_of(&self.shared, self.id, py, name)
    }

    fn __contains__(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        st.read(py)?.has_attribute(self.id, name).or_raise(py)
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let mut st = self.shared.lock(py);
        Ok(st.read(py)?.attributes(self.id).or_raise(py)?.len())
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        let names = attribute_names(py, &mut st, self.id)?;
        drop(st);
        let list = pyo3::types::PyList::new(py, names)?;
        Ok(list.as_any().try_iter()?.into_any().unbind())
    }

    /// `get(name, default=None)`
    #[pyo3(signature = (name, default = None))]
    fn get(
        &self,
        py: Python<'_>,
        name: &str,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let mut st = self.shared.lock(py);
        Ok(
            match st.read(py)?.get_attribute(self.id, name).or_raise(py)? {
                Some(v) => Some(pyo3::types::PyString::new(py, v).into_any().unbind()),
                None => default,
            },
        )
    }

    /// The attribute names, in order.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyString>>> {
        let mut st = self.shared.lock(py);
        attribute_names(py, &mut st, self.id)
    }

    /// The attribute values, in order.
    fn values(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        Ok(self.pairs(py)?.into_iter().map(|(_, v)| v).collect())
    }

    /// `(name, value)` pairs, in order.
    fn items(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        self.pairs(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let inner: Vec<String> = self
            .pairs(py)?
            .into_iter()
            .map(|(k, v)| format!("{k:?}: {v:?}"))
            .collect();
        Ok(format!("Attrs({{{}}})", inner.join(", ")))
    }
}
