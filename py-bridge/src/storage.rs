//! `Storage` (`window.localStorage`, `window.sessionStorage`): its IDL
//! members generated over a dom-ecs [`Storage`] area; here the Python
//! protocols of a mutable mapping of `str` to `str` (`storage["k"]`,
//! `storage["k"] = "v"`, `del storage["k"]`, `len`, `in`, iteration over
//! the keys), which are Storage's named getter, setter and deleter, and
//! `_storage`, what `Window`'s properties call.

use dom_ecs::storage::{Storage, StorageKind};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

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

    fn __contains__(&self, py: Python<'_>, key: &str) -> PyResult<bool> {
        Ok(self.0.get_item(key).or_raise(py)?.is_some())
    }

    /// `storage[key]`: the named getter (`KeyError` when there is none).
    fn __getitem__(&self, py: Python<'_>, key: &str) -> PyResult<String> {
        self.0
            .get_item(key)
            .or_raise(py)?
            .ok_or_else(|| PyKeyError::new_err(key.to_owned()))
    }

    /// `storage[key] = value`: the named setter (a `str` value).
    fn __setitem__(&self, py: Python<'_>, key: &str, value: &str) -> PyResult<()> {
        self.0.set_item(key, value).or_raise(py)
    }

    /// `del storage[key]`: the named deleter (`KeyError` when there is
    /// none, as for a dict).
    fn __delitem__(&self, py: Python<'_>, key: &str) -> PyResult<()> {
        if self.0.get_item(key).or_raise(py)?.is_none() {
            return Err(PyKeyError::new_err(key.to_owned()));
        }
        self.0.remove_item(key).or_raise(py)
    }

    /// Iteration: the keys, in order (as of now).
    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let keys = pyo3::types::PyList::new(py, self.0.names())?;
        Ok(keys.as_any().try_iter()?.into_any().unbind())
    }

    /// `keys()`, `items()`, `values()` as a dict's (copies).
    fn keys(&self) -> Vec<String> {
        self.0.names()
    }

    fn items(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for k in self.0.names() {
            if let Some(v) = self.0.get_item(&k).or_raise(py)? {
                out.push((k, v));
            }
        }
        Ok(out)
    }

    fn values(&self, py: Python<'_>) -> PyResult<Vec<String>> {
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
