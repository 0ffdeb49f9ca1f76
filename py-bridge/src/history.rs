//! `History`'s natives for Python's `History` (`ecsdom/_window.py`): each
//! one dom-ecs call on the document's window's session history; the state
//! crosses as a structured clone.

use pyo3::prelude::*;

use crate::dom_str::DomStr;
use crate::error::OrRaise;
use crate::node::{PyDocument, base};
use crate::target::window_of_document;

/// Run `f` with the document and `document`'s window, flushing a batch first.
fn with_window<R>(
    document: &Bound<'_, PyDocument>,
    f: impl FnOnce(&mut dom_ecs::Document, dom_ecs::NodeId) -> dom_ecs::DomResult<R>,
) -> PyResult<R> {
    let (n, py) = (base(document), document.py());
    let mut st = n.shared.lock(py);
    st.flush(py)?;
    let window = window_of_document(py, &st.doc, n.id)?;
    f(&mut st.doc, window).or_raise(py)
}

/// `history.length`.
#[pyfunction]
pub fn _history_length(document: &Bound<'_, PyDocument>) -> PyResult<u32> {
    with_window(document, |d, w| d.history_length(w))
}

/// `history.state`: (an identity of the entry's state, 0 for none; its
/// value, deserialized unless the identity is `known`).
#[pyfunction]
pub fn _history_state(
    document: &Bound<'_, PyDocument>,
    known: usize,
) -> PyResult<(usize, Py<PyAny>)> {
    let py = document.py();
    let state = with_window(document, |d, w| d.history_state(w))?;
    let Some(state) = state else {
        return Ok((0, py.None()));
    };
    let identity = std::sync::Arc::as_ptr(&state) as usize;
    if identity == known {
        return Ok((identity, py.None()));
    }
    Ok((identity, crate::clone::deserialize(py, &state)?))
}

/// `pushState(data, unused, url)` (`replace`: `replaceState`).
#[pyfunction]
pub fn _history_push(
    document: &Bound<'_, PyDocument>,
    data: &Bound<'_, PyAny>,
    url: Option<DomStr<'_>>,
    replace: bool,
) -> PyResult<()> {
    let state = crate::clone::serialize(data)?;
    let url = url.as_ref().map(DomStr::usv);
    with_window(document, |d, w| {
        d.push_state(w, state, url.as_deref(), replace)
    })
}

/// `history.go(delta)` (queued; the page host traverses).
#[pyfunction]
pub fn _history_go(document: &Bound<'_, PyDocument>, delta: i64) -> PyResult<()> {
    with_window(document, |d, w| d.history_go(w, delta))
}

/// `history.scrollRestoration`.
#[pyfunction]
pub fn _history_scroll(document: &Bound<'_, PyDocument>) -> PyResult<&'static str> {
    with_window(document, |d, w| d.history_scroll_restoration(w))
}

/// `history.scrollRestoration = v`.
#[pyfunction]
pub fn _set_history_scroll(document: &Bound<'_, PyDocument>, v: &str) -> PyResult<()> {
    with_window(document, |d, w| d.set_history_scroll_restoration(w, v))
}
