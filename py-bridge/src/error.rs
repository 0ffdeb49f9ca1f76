//! DOM errors as Python exceptions.
//!
//! The exception classes live in `ecsdom/_errors.py` (Python lets
//! `SyntaxError` be both a `DOMException` and a `ValueError`); this file
//! looks them up once and raises the one a [`DomError`] names.

use dom_ecs::DomError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The Python exception for a DOM error: `ecsdom.<Name>(message)`.
pub fn dom_err(py: Python<'_>, err: DomError) -> PyErr {
    // (A message quotes DOM strings: lone surrogates and all.)
    let message = |m: &str| match crate::dom_str::to_py(py, m) {
        Ok(s) => s.into_any().unbind(),
        Err(_) => pyo3::types::PyString::new(py, m).into_any().unbind(),
    };
    match &err {
        DomError::Type(m) => return pyo3::exceptions::PyTypeError::new_err(message(m)),
        // (Python's ValueError is what JS's RangeError is for.)
        DomError::Range(m) => return pyo3::exceptions::PyValueError::new_err(message(m)),
        _ => {}
    }
    let module = ERRORS.get_or_try_init(py, || py.import("ecsdom._errors").map(|m| m.unbind()));
    let make = || -> PyResult<PyErr> {
        let module = module.as_ref().map_err(|e| e.clone_ref(py))?.bind(py);
        let class = module.getattr(err.name())?;
        Ok(PyErr::from_value(class.call1((message(err.message()),))?))
    };
    make().unwrap_or_else(|e| e)
}

/// `Result<T, DomError>` to `PyResult<T>`.
pub trait OrRaise<T> {
    /// Raise the error as its `ecsdom` exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, DomError> {
    #[inline]
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| dom_err(py, e))
    }
}

/// A DOMString argument as Python takes it everywhere: a `str` (a subclass
/// as the `str` it is; surrogates kept), anything else a `TypeError`
/// naming the argument.
pub(crate) fn dom_string<'a>(
    value: &'a pyo3::Bound<'_, pyo3::PyAny>,
    what: &str,
) -> pyo3::PyResult<crate::dom_str::DomStr<'a>> {
    use pyo3::types::PyAnyMethods;
    if value.cast::<pyo3::types::PyString>().is_err() {
        let ty = value
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{what} must be a str, not {ty}"
        )));
    }
    value.extract()
}
