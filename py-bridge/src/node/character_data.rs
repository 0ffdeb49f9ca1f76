//! `CharacterData` (`data`, recorded into an open batch) and `ProcessingInstruction`.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

#[pymethods]
impl PyCharacterData {
    /// `data`
    #[getter(data)]
    fn get_data(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st.read(py)?.data(n.id).or_raise(py)?.to_owned())
    }

    #[setter(data)]
    fn set_data(slf: &Bound<'_, Self>, value: &str) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let DocState { doc, batch, .. } = &mut *st;
        match batch.as_mut() {
            Some(buf) => doc.record_set_data(buf, n.id, value),
            None => doc.set_data(n.id, value),
        }
        .or_raise(py)
    }
}

/// Raise `ValueError` for a value that is neither a string nor a sequence
/// of strings of the right length (column operations).
pub(crate) fn bad_column(what: &str, want: usize, got: usize) -> PyErr {
    PyValueError::new_err(format!("{what}: expected {want} values, got {got}"))
}

#[pymethods]
impl PyProcessingInstruction {
    /// `target`
    #[getter]
    fn target(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st.read(py)?.pi_target(n.id).or_raise(py)?.to_owned())
    }
}
