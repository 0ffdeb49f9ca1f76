//! `URL` and `URLSearchParams` (<https://url.spec.whatwg.org/#api>): each
//! object is made of a dom-ecs value ([`UrlObject`], [`SearchParams`]) of no
//! document; the IDL members are generated (`webidl/bindings.txt`), and
//! the pair iterable gives `entries()`, `keys()`, `values()`, `forEach()`
//! and iteration over `(name, value)` tuples. Here are the Python
//! protocols: `len()` and `in` (a name) of a `URLSearchParams`, `repr()`.

use dom_ecs::{DomResult, SearchParams, SearchParamsInit, UrlObject};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString};

use crate::error::OrRaise;

/// A Python class whose objects are made of a dom-ecs value that belongs
/// to no document (the receiver of their generated members).
pub(crate) trait IdlValueObject: pyo3::PyClass {
    /// The value's type.
    type Receiver;
    /// The value.
    fn receiver(&self) -> &Self::Receiver;
    /// A new object of a value (what a constructor returns).
    fn from_receiver(r: Self::Receiver) -> Self;
}

/// A `URL` object.
#[pyclass(frozen, module = "ecsdom", name = "URL")]
pub struct PyURL(UrlObject);

/// A `URLSearchParams` object.
#[pyclass(frozen, module = "ecsdom", name = "URLSearchParams")]
pub struct PyURLSearchParams(SearchParams);

impl IdlValueObject for PyURL {
    type Receiver = UrlObject;
    fn receiver(&self) -> &UrlObject {
        &self.0
    }
    fn from_receiver(r: UrlObject) -> Self {
        PyURL(r)
    }
}

impl IdlValueObject for PyURLSearchParams {
    type Receiver = SearchParams;
    fn receiver(&self) -> &SearchParams {
        &self.0
    }
    fn from_receiver(r: SearchParams) -> Self {
        PyURLSearchParams(r)
    }
}

#[pymethods]
impl PyURL {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("URL({:?})", self.0.href().or_raise(py)?))
    }
}

#[pymethods]
impl PyURLSearchParams {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "URLSearchParams({:?})",
            self.0.to_string_value().or_raise(py)?
        ))
    }

    /// The number of pairs (`size`).
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.0.size().or_raise(py)? as usize)
    }

    /// Whether a pair has this name (`has(name)`).
    fn __contains__(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        self.0.has(name, None).or_raise(py)
    }
}

/// Which part of each pair a pair iterator gives.
#[derive(Clone, Copy)]
pub(crate) enum PairKind {
    Entries,
    Keys,
    Values,
}

/// The step of a pair iterator: the pair at an index, none past the end.
type Step = Box<dyn Fn(usize) -> DomResult<Option<(String, String)>> + Send + Sync>;

/// An iterator over a pair iterable (`entries()`, `keys()`, `values()`):
/// each step reads the list as it is then, as WebIDL's iterators do.
#[pyclass(module = "ecsdom", name = "PairIterator")]
pub struct PairIterator {
    step: Step,
    kind: PairKind,
    index: usize,
    done: bool,
}

impl PairIterator {
    pub(crate) fn new(step: Step, kind: PairKind) -> Self {
        PairIterator {
            step,
            kind,
            index: 0,
            done: false,
        }
    }
}

#[pymethods]
impl PairIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.done {
            return Ok(None);
        }
        let Some((k, v)) = (self.step)(self.index).or_raise(py)? else {
            self.done = true;
            return Ok(None);
        };
        self.index += 1;
        Ok(Some(match self.kind {
            PairKind::Entries => (k, v).into_pyobject(py)?.into_any().unbind(),
            PairKind::Keys => k.into_pyobject(py)?.into_any().unbind(),
            PairKind::Values => v.into_pyobject(py)?.into_any().unbind(),
        }))
    }
}

/// `URLSearchParams`'s `init`, the Python way: a `str` (a query, a leading
/// `?` dropped), a mapping (its items), or an iterable of pairs (each of
/// two strings; a pair of another length is dom-ecs's `TypeError`); none
/// is "". Anything but strings inside is a `TypeError`.
pub(crate) fn search_params_init(init: Option<&Bound<'_, PyAny>>) -> PyResult<SearchParamsInit> {
    let Some(init) = init else {
        return Ok(SearchParamsInit::Text(String::new()));
    };
    if let Ok(s) = init.cast::<PyString>() {
        return Ok(SearchParamsInit::Text(s.to_str()?.to_owned()));
    }
    if let Ok(p) = init.cast::<PyURLSearchParams>() {
        return Ok(SearchParamsInit::Record(p.get().0.pairs()));
    }
    let text = |v: Bound<'_, PyAny>| -> PyResult<String> {
        v.cast_into::<PyString>()
            .map_err(|_| PyTypeError::new_err("URLSearchParams names and values are str"))?
            .to_str()
            .map(str::to_owned)
    };
    if let Ok(m) = init.cast::<PyMapping>() {
        let mut entries = Vec::new();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            entries.push((text(k)?, text(v)?));
        }
        return Ok(SearchParamsInit::Record(entries));
    }
    let mut pairs = Vec::new();
    for pair in init.try_iter()? {
        let pair = pair?;
        if pair.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "a URLSearchParams pair is a sequence of two str, not a str",
            ));
        }
        pairs.push(
            pair.try_iter()?
                .map(|x| text(x?))
                .collect::<PyResult<Vec<_>>>()?,
        );
    }
    Ok(SearchParamsInit::Sequence(pairs))
}
