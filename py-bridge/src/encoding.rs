//! Bytes between Python and dom-ecs: a `BufferSource` argument (any
//! object with the buffer protocol: `bytes`, `bytearray`, `memoryview`...,
//! copied), a writable buffer a member writes into (`encodeInto`'s
//! destination), the results (`bytes`; `encodeInto`'s a dict); and the
//! Encoding Standard's `TextDecoder` and `TextEncoder` (members generated).

use dom_ecs::encoding::{Bytes, EncodeIntoResult, TextDecoder, TextEncoder};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::error::OrRaise;
use crate::values::value_class;

value_class!(PyTextDecoder, TextDecoder, "TextDecoder");
value_class!(PyTextEncoder, TextEncoder, "TextEncoder");

#[pymethods]
impl PyTextDecoder {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "TextDecoder({:?}, fatal={}, ignoreBOM={})",
            self.0.encoding().or_raise(py)?,
            if self.0.fatal().or_raise(py)? {
                "True"
            } else {
                "False"
            },
            if self.0.ignore_bom().or_raise(py)? {
                "True"
            } else {
                "False"
            },
        ))
    }
}

#[pymethods]
impl PyTextEncoder {
    fn __repr__(&self) -> &'static str {
        "TextEncoder()"
    }
}

/// The bytes a bytes-like object holds now (copied); a `TypeError` for
/// anything else (a `str` too: encode it first).
pub(crate) fn buffer_source(v: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    match PyBuffer::<u8>::get(v) {
        Ok(view) => view.to_vec(v.py()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "a bytes-like object is required, not '{}'",
            v.get_type().name()?
        ))),
    }
}

/// A writable, contiguous byte buffer a member writes into.
pub(crate) struct BytesOut(PyBuffer<u8>);

impl BytesOut {
    /// `v`'s buffer, or a `TypeError` when it is read-only (`bytes`) or
    /// not contiguous bytes.
    pub(crate) fn new(v: &Bound<'_, PyAny>) -> PyResult<Self> {
        let buf = PyBuffer::<u8>::get(v).map_err(|_| {
            PyTypeError::new_err("the destination is not a buffer of bytes (bytearray, memoryview)")
        })?;
        if buf.readonly() || !buf.is_c_contiguous() {
            return Err(PyTypeError::new_err(
                "the destination is not writable contiguous bytes (pass a bytearray or a writable memoryview)",
            ));
        }
        Ok(BytesOut(buf))
    }

    /// The buffer's bytes, for one dom-ecs call.
    pub(crate) fn bytes(&mut self) -> &mut [u8] {
        match self.0.as_slice_ptr() {
            #[expect(unsafe_code, reason = "writing into a Python buffer")]
            // SAFETY: the buffer is writable and C-contiguous (checked in
            // `new`), and held (its exporter cannot resize or free it while
            // exported); the slice goes to one dom-ecs call, which runs no
            // Python, and `&mut self` keeps it the only one.
            Some(p) => unsafe { &mut *p.as_ptr() },
            None => &mut [],
        }
    }
}

impl crate::idl::IdlValue for Bytes {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(PyBytes::new(py, &self.0).into_any().unbind())
    }
}

/// `encodeInto`'s result, a dict (`{"read": ..., "written": ...}`), as
/// the dictionary is in JS.
impl crate::idl::IdlValue for EncodeIntoResult {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = PyDict::new(py);
        d.set_item("read", self.read)?;
        d.set_item("written", self.written)?;
        Ok(d.into_any().unbind())
    }
}
