//! `classList` (DOMTokenList: its IDL members are generated, its Python
//! protocols are here) and `attrs` (a live attribute mapping).

use std::sync::Arc;

use dom_ecs::{NodeId, TokenAttr, TokenList};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::dom_str::{DomStr, Text, key_error};
use crate::error::OrRaise;
use crate::node::{PyNode, attribute_names, remove_attr_of, set_attr_of};
use crate::state::Shared;

/// `DOMTokenList` of an element's token attribute (<https://dom.spec.whatwg.org/#domtokenlist>).
#[pyclass(frozen, module = "ecsdom", name = "DOMTokenList")]
pub struct PyTokenList {
    shared: Arc<Shared>,
    list: TokenList,
    /// The element's handle, which keeps it alive while the list lives.
    _owner: Py<PyAny>,
}

impl PyTokenList {
    pub(crate) fn new(el: &Bound<'_, PyAny>) -> PyResult<Self> {
        let n = el.cast::<PyNode>()?.get();
        Ok(Self::of(
            &n.shared,
            TokenList::class(n.id),
            el.clone().unbind(),
        ))
    }

    /// The object of `list`; `owner` is its element's handle.
    pub(crate) fn of(shared: &Arc<Shared>, list: TokenList, owner: Py<PyAny>) -> Self {
        PyTokenList {
            shared: shared.clone(),
            list,
            _owner: owner,
        }
    }

    /// The tokens (classes from the cache of interned names).
    fn tokens<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyString>>> {
        let mut st = self.shared.lock(py);
        if self.list.attr == TokenAttr::Class {
            let syms = st
                .read(py)?
                .class_symbols(self.list.element)
                .or_raise(py)?
                .to_vec();
            return Ok(syms.into_iter().map(|s| st.name(py, s)).collect());
        }
        let doc = st.read(py)?;
        let tokens = self.list.tokens(doc).or_raise(py)?;
        tokens
            .iter()
            .map(|t| crate::dom_str::to_py(py, t))
            .collect()
    }
}

/// The generated members (`webidl/bindings.txt`) are `TokenList`'s.
impl crate::idl::IdlObject for PyTokenList {
    type Receiver = dom_ecs::TokenList;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut Self::Receiver) -> T) -> T {
        f(&mut { slf.get().list })
    }
}

#[pymethods]
impl PyTokenList {
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.tokens(py)?.len())
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list = pyo3::types::PyList::new(py, self.tokens(py)?)?;
        Ok(list.as_any().try_iter()?.into_any().unbind())
    }

    fn __contains__(&self, py: Python<'_>, token: DomStr<'_>) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        self.list.contains(st.read(py)?, &token).or_raise(py)
    }

    /// `value` (the stringifier).
    fn __str__(&self, py: Python<'_>) -> PyResult<Text> {
        let mut st = self.shared.lock(py);
        Ok(Text(self.list.value(st.read(py)?).or_raise(py)?.to_owned()))
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
    /// The element's handle, which keeps it alive while the mapping lives.
    _owner: Py<PyAny>,
}

impl PyAttrs {
    fn contains(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        st.read(py)?.has_attribute(self.id, name).or_raise(py)
    }

    pub(crate) fn new(el: &Bound<'_, PyAny>) -> PyResult<Self> {
        let n = el.cast::<PyNode>()?.get();
        Ok(PyAttrs {
            shared: n.shared.clone(),
            id: n.id,
            _owner: el.clone().unbind(),
        })
    }

    fn pairs(&self, py: Python<'_>) -> PyResult<Vec<(Text, Text)>> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        let list = doc.attributes(self.id).or_raise(py)?;
        Ok(list
            .iter()
            .map(|a| {
                (
                    Text(doc.attribute_qualified_name(a).into_owned()),
                    Text(a.value.to_string()),
                )
            })
            .collect())
    }
}

#[pymethods]
impl PyAttrs {
    fn __getitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<Text> {
        let mut st = self.shared.lock(py);
        match st.read(py)?.get_attribute(self.id, &name).or_raise(py)? {
            Some(v) => Ok(Text(v.to_owned())),
            None => Err(key_error(py, &name)),
        }
    }

    fn __setitem__(
        &self,
        py: Python<'_>,
        name: DomStr<'_>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let value = crate::error::dom_string(value, "an attribute's value")?;
        set_attr_of(&self.shared, self.id, py, &name, &value)
    }

    fn __delitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<()> {
        if !self.contains(py, &name)? {
            return Err(key_error(py, &name));
        }
        remove_attr_of(&self.shared, self.id, py, &name)
    }

    fn __contains__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        self.contains(py, &name)
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
        name: DomStr<'_>,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let mut st = self.shared.lock(py);
        Ok(
            match st.read(py)?.get_attribute(self.id, &name).or_raise(py)? {
                Some(v) => Some(crate::dom_str::to_py(py, v)?.into_any().unbind()),
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
    fn values(&self, py: Python<'_>) -> PyResult<Vec<Text>> {
        Ok(self.pairs(py)?.into_iter().map(|(_, v)| v).collect())
    }

    /// `(name, value)` pairs, in order.
    fn items(&self, py: Python<'_>) -> PyResult<Vec<(Text, Text)>> {
        self.pairs(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(mapping_repr("Attrs", self.pairs(py)?))
    }
}

/// `dataset` (`DOMStringMap`, <https://html.spec.whatwg.org/#domstringmap>):
/// a live mapping of an element's `data-*` attributes by their camel-case
/// names (`data-foo-bar` is `"fooBar"`).
#[pyclass(frozen, mapping, module = "ecsdom", name = "DOMStringMap")]
pub struct PyDOMStringMap {
    shared: Arc<Shared>,
    map: dom_ecs::html::StringMap,
    /// The element's handle, which keeps it alive while the map lives.
    _owner: Py<PyAny>,
}

impl PyDOMStringMap {
    pub(crate) fn of(
        shared: &Arc<Shared>,
        map: dom_ecs::html::StringMap,
        owner: Py<PyAny>,
    ) -> Self {
        PyDOMStringMap {
            shared: shared.clone(),
            map,
            _owner: owner,
        }
    }

    fn entries(&self, py: Python<'_>) -> PyResult<Vec<(Text, Text)>> {
        let mut st = self.shared.lock(py);
        let entries = self.map.entries(st.read(py)?).or_raise(py)?;
        Ok(entries
            .into_iter()
            .map(|(n, v)| (Text(n), Text(v)))
            .collect())
    }
}

#[pymethods]
impl PyDOMStringMap {
    fn __getitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<Text> {
        let mut st = self.shared.lock(py);
        match self.map.get(st.read(py)?, &name).or_raise(py)? {
            Some(v) => Ok(Text(v)),
            None => Err(key_error(py, &name)),
        }
    }

    /// Set `data-…`: a name with `-` then a lowercase letter is a
    /// `SyntaxError`, one that makes no valid attribute name an
    /// `InvalidCharacterError`.
    fn __setitem__(
        &self,
        py: Python<'_>,
        name: DomStr<'_>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let value = crate::error::dom_string(value, "a dataset value")?;
        let mut st = self.shared.lock(py);
        self.map.set(st.read(py)?, &name, &value).or_raise(py)
    }

    fn __delitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<()> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        if self.map.get(doc, &name).or_raise(py)?.is_none() {
            return Err(key_error(py, &name));
        }
        self.map.delete(doc, &name).or_raise(py)
    }

    fn __contains__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        Ok(self.map.get(st.read(py)?, &name).or_raise(py)?.is_some())
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.entries(py)?.len())
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let names: Vec<Text> = self.entries(py)?.into_iter().map(|(n, _)| n).collect();
        let list = pyo3::types::PyList::new(py, names)?;
        Ok(list.as_any().try_iter()?.into_any().unbind())
    }

    /// `get(name, default=None)`
    #[pyo3(signature = (name, default = None))]
    fn get(
        &self,
        py: Python<'_>,
        name: DomStr<'_>,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let mut st = self.shared.lock(py);
        Ok(match self.map.get(st.read(py)?, &name).or_raise(py)? {
            Some(v) => Some(crate::dom_str::to_py(py, &v)?.into_any().unbind()),
            None => default,
        })
    }

    /// The names, in attribute order.
    fn keys(&self, py: Python<'_>) -> PyResult<Vec<Text>> {
        Ok(self.entries(py)?.into_iter().map(|(n, _)| n).collect())
    }

    /// The values, in attribute order.
    fn values(&self, py: Python<'_>) -> PyResult<Vec<Text>> {
        Ok(self.entries(py)?.into_iter().map(|(_, v)| v).collect())
    }

    /// `(name, value)` pairs, in attribute order.
    fn items(&self, py: Python<'_>) -> PyResult<Vec<(Text, Text)>> {
        self.entries(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(mapping_repr("DOMStringMap", self.entries(py)?))
    }
}

/// `Kind({"name": "value", ...})`: a mapping's repr.
fn mapping_repr(kind: &str, pairs: Vec<(Text, Text)>) -> String {
    let inner: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{:?}: {:?}", k.0, v.0))
        .collect();
    format!("{kind}({{{}}})", inner.join(", "))
}
