//! `window.postMessage`'s native for Python's `Window`
//! (`ecsdom/_window.py`): the message is serialized here and queued by
//! dom-ecs (`Document::post_message`); the page host delivers it as a
//! task.

use pyo3::prelude::*;

use crate::dom_str::DomStr;
use crate::error::OrRaise;
use crate::node::{PyDocument, base};
use crate::target::window_of_document;

/// `postMessage(message, targetOrigin)` to the window of `document`, sent
/// by the window of `source` (the calling script's).
#[pyfunction]
pub fn _post_message(
    document: &Bound<'_, PyDocument>,
    source: &Bound<'_, PyDocument>,
    message: &Bound<'_, PyAny>,
    target_origin: DomStr<'_>,
) -> PyResult<()> {
    let data = crate::clone::serialize(message)?;
    let (n, py) = (base(document), document.py());
    let mut st = n.shared.lock(py);
    st.flush(py)?;
    let target = window_of_document(py, &st.doc, n.id)?;
    let source = window_of_document(py, &st.doc, base(source).id)?;
    st.doc
        .post_message(target, source, data, &target_origin.usv())
        .or_raise(py)
}
