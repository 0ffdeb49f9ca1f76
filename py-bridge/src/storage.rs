//! `Storage` (`window.localStorage`, `window.sessionStorage`): its IDL
//! members generated over a dom-ecs [`Storage`] area; here the Python
//! protocols of a mutable mapping of `str` to `str` (`storage["k"]`,
//! `storage["k"] = "v"`, `del storage["k"]`, `len`, `in`, iteration over
//! the keys), which are Storage's named getter, setter and deleter, and
//! `_storage`, what `Window`'s properties call.

use dom_ecs::storage::{Storage, StorageKind};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

use crate::dom_str::{DomStr, Text};
use crate::error::OrRaise;
use crate::node::{PyDocument, base};
use crate::values::value_class;

value_class!(PyStorage, Storage, "Storage");

#[pymethods]
impl PyStorage {
    fn __repr__(&self) -> String {
        let kind = match self.0.kind() {
            StorageKind::Local => "localStorage",
            StorageKind::Session => "sessionStorage",
        };
        let n = self.0.length().unwrap_or_default();
        format!("<Storage {kind} of {}: {n} items>", self.0.origin())
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.0.length().or_raise(py)? as usize)
    }

    fn __contains__(&self, py: Python<'_>, key: DomStr<'_>) -> PyResult<bool> {
        Ok(self.0.get_item(key.as_str()).or_raise(py)?.is_some())
    }

    /// `storage[key]`: the named getter (`KeyError` when there is none).
    fn __getitem__(&self, py: Python<'_>, key: DomStr<'_>) -> PyResult<Text> {
        match self.0.get_item(key.as_str()).or_raise(py)? {
            Some(v) => Ok(Text(v)),
            None => Err(PyKeyError::new_err(
                Text(key.as_str().to_owned()).into_pyobject(py)?.unbind(),
            )),
        }
    }

    /// `storage[key] = value`: the named setter (a `str` value).
    fn __setitem__(&self, py: Python<'_>, key: DomStr<'_>, value: DomStr<'_>) -> PyResult<()> {
        self.0.set_item(key.as_str(), value.as_str()).or_raise(py)
    }

    /// `del storage[key]`: the named deleter (`KeyError` when there is
    /// none, as for a dict).
    fn __delitem__(&self, py: Python<'_>, key: DomStr<'_>) -> PyResult<()> {
        if self.0.get_item(key.as_str()).or_raise(py)?.is_none() {
            return Err(PyKeyError::new_err(
                Text(key.as_str().to_owned()).into_pyobject(py)?.unbind(),
            ));
        }
        self.0.remove_item(key.as_str()).or_raise(py)
    }

    /// Iteration: the keys, in order (as of now).
    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let keys = pyo3::types::PyList::new(py, self.0.names().into_iter().map(Text))?;
        Ok(keys.as_any().try_iter()?.into_any().unbind())
    }

    /// `keys()`, `items()`, `values()` as a dict's (copies).
    fn keys(&self) -> Vec<Text> {
        self.0.names().into_iter().map(Text).collect()
    }

    fn items(&self, py: Python<'_>) -> PyResult<Vec<(Text, Text)>> {
        let mut out = Vec::new();
        for k in self.0.names() {
            if let Some(v) = self.0.get_item(&k).or_raise(py)? {
                out.push((Text(k), Text(v)));
            }
        }
        Ok(out)
    }

    fn values(&self, py: Python<'_>) -> PyResult<Vec<Text>> {
        Ok(self.items(py)?.into_iter().map(|(_, v)| v).collect())
    }
}

/// The `localStorage` (or with `session`, `sessionStorage`) of
/// `document`'s window: a new object (`Window` keeps the first).
#[pyfunction]
pub fn _storage(document: &Bound<'_, PyDocument>, session: bool) -> PyResult<PyStorage> {
    let (n, py) = (base(document), document.py());
    let mut st = n.shared.lock(py);
    let doc = st.read(py)?;
    let window = crate::target::window_of_document(py, doc, n.id)?;
    let kind = if session {
        StorageKind::Session
    } else {
        StorageKind::Local
    };
    Ok(PyStorage(doc.storage(window, kind).or_raise(py)?))
}
