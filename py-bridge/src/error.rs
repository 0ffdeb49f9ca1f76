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
    match err {
        DomError::Type(m) => return pyo3::exceptions::PyTypeError::new_err(m),
        // (Python's ValueError is what JS's RangeError is for.)
        DomError::Range(m) => return pyo3::exceptions::PyValueError::new_err(m),
        _ => {}
    }
    let module = ERRORS.get_or_try_init(py, || py.import("ecsdom._errors").map(|m| m.unbind()));
    let make = || -> PyResult<PyErr> {
        let module = module.as_ref().map_err(|e| e.clone_ref(py))?.bind(py);
        let class = module.getattr(err.name())?;
        Ok(PyErr::from_value(class.call1((err.message(),))?))
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
/// as the `str` it is), anything else a `TypeError` naming the argument.
pub(crate) fn dom_string<'a, 'py>(
    value: &'a pyo3::Bound<'py, pyo3::PyAny>,
    what: &str,
) -> pyo3::PyResult<&'a pyo3::Bound<'py, pyo3::types::PyString>> {
    use pyo3::types::PyAnyMethods;
    value.cast::<pyo3::types::PyString>().map_err(|_| {
        let ty = value
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        pyo3::exceptions::PyTypeError::new_err(format!("{what} must be a str, not {ty}"))
    })
}
