//! DOM strings between Python and dom-ecs (`dom_ecs::dom_string`).
//!
//! A Python `str` may hold surrogate code points (`"\ud800"`), as a JS
//! string may hold lone surrogates; a DOM string keeps them, so they
//! round-trip: what Python writes with one, Python (and JS) read back
//! with it. Such a `str` cannot be encoded to UTF-8 without
//! `errors="surrogatepass"`; output dom-ecs writes as UTF-8 has U+FFFD in
//! their place. Two surrogates that pair up (`"\ud83c\udf20"`) are the
//! character they make (`"🌠"`), as in UTF-16.

use std::borrow::Cow;
use std::ops::Deref;

use dom_ecs::dom_string;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// A `DOMString` argument: a `str` (another type is pyo3's `TypeError`).
pub struct DomStr<'a>(Cow<'a, str>);

impl DomStr<'_> {
    /// The DOM string.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// As a `USVString` (<https://webidl.spec.whatwg.org/#js-USVString>):
    /// each lone surrogate U+FFFD.
    pub(crate) fn usv(&self) -> DomStr<'_> {
        DomStr(dom_string::to_usv(&self.0))
    }
}

/// A default value of a generated signature (`= "".into()`).
impl From<&'static str> for DomStr<'_> {
    fn from(s: &'static str) -> Self {
        DomStr(Cow::Borrowed(s))
    }
}

impl Deref for DomStr<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a> FromPyObject<'a, '_> for DomStr<'a> {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, '_, PyAny>) -> PyResult<Self> {
        match <&'a str as FromPyObject<'a, '_>>::extract(ob) {
            Ok(t) => Ok(DomStr(dom_string::escape(t))),
            // (Not a `str`: its `TypeError`. A `str` that UTF-8 cannot
            // encode holds surrogates.)
            Err(e) => match ob.cast::<PyString>() {
                Ok(s) => Ok(DomStr(Cow::Owned(from_surrogates(&s)?))),
                Err(_) => Err(e),
            },
        }
    }
}

/// The DOM string of a `str` with surrogate code points.
fn from_surrogates(s: &Bound<'_, PyString>) -> PyResult<String> {
    let bytes = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let bytes = bytes.cast::<PyBytes>()?;
    Ok(dom_string::from_wtf8(bytes.as_bytes()).into_owned())
}

/// A `str` of any Python object that is one, as a DOM string.
pub(crate) fn extract(ob: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(ob.extract::<DomStr<'_>>()?.0.into_owned())
}

/// A DOM string a method returns, as a Python `str` (surrogates and all);
/// in a `Vec`, a tuple or an `Option` too.
pub(crate) struct Text(pub String);

impl<'py> IntoPyObject<'py> for Text {
    type Target = PyString;
    type Output = Bound<'py, PyString>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        to_py(py, &self.0)
    }
}

/// A DOM string as a Python `str`, surrogates and all.
pub(crate) fn to_py<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyString>> {
    match dom_string::to_wtf8(s) {
        Cow::Borrowed(_) => Ok(PyString::new(py, s)),
        Cow::Owned(bytes) => Ok(PyBytes::new(py, &bytes)
            .call_method1("decode", ("utf-8", "surrogatepass"))?
            .cast_into::<PyString>()?),
    }
}

/// `KeyError(name)` for a mapping's missing DOM-string key.
pub(crate) fn key_error(py: Python<'_>, name: &str) -> PyErr {
    match to_py(py, name) {
        Ok(key) => pyo3::exceptions::PyKeyError::new_err(key.unbind()),
        Err(e) => e,
    }
}
