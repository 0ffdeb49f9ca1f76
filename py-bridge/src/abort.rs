//! The natives of Python's `AbortSignal` and `AbortController`
//! (`python/ecsdom/_abort.py`): dom-ecs keeps each signal's state (on an
//! event target of its own in a document's world); Python keeps the
//! reason and fires the trusted `abort` events dom-ecs lists.

use std::sync::Arc;

use dom_ecs::{DomError, NodeId};
use pyo3::prelude::*;

use crate::error::{OrRaise, dom_err};
use crate::events::{dispatch, event_object};
use crate::node::PyDocument;
use crate::node::base;
use crate::state::Shared;
use crate::target::{PyEventTarget, resolve};

/// A target's id as Python sees it: (index, generation).
fn pair(id: NodeId) -> (u32, u32) {
    (id.index(), id.generation())
}

/// Make `signal` (a new `EventTarget` object) an `AbortSignal` in
/// `document`'s world: a new one, or the one `existing` names (made by
/// `_abort_signal_any`).
#[pyfunction]
#[pyo3(signature = (signal, document, existing = None))]
pub fn _abort_signal_bind(
    signal: &Bound<'_, PyEventTarget>,
    document: &Bound<'_, PyDocument>,
    existing: Option<(u32, u32)>,
) -> PyResult<(u32, u32)> {
    let py = signal.py();
    let shared = base(document).shared.clone();
    let id = match existing {
        Some((i, g)) => NodeId::from_parts(i, g).ok_or_else(|| dom_err(py, DomError::StaleNode))?,
        None => shared.lock(py).doc.create_abort_signal(),
    };
    crate::target::bind_own(signal, shared, id)?;
    Ok(pair(id))
}

/// The signal's document and id.
fn of(signal: &Bound<'_, PyEventTarget>) -> PyResult<(Arc<Shared>, NodeId)> {
    resolve(signal)
}

/// `signal.aborted`
#[pyfunction]
pub fn _abort_signal_aborted(signal: &Bound<'_, PyEventTarget>) -> PyResult<bool> {
    let (shared, id) = of(signal)?;
    let st = shared.lock(signal.py());
    st.doc.abort_signal_aborted(id).or_raise(signal.py())
}

/// Signal abort, steps 1-4: the signals now aborted, `signal` first.
#[pyfunction]
pub fn _abort_signal_abort(signal: &Bound<'_, PyEventTarget>) -> PyResult<Vec<(u32, u32)>> {
    let (shared, id) = of(signal)?;
    let mut st = shared.lock(signal.py());
    let list = st.doc.signal_abort(id).or_raise(signal.py())?;
    Ok(list.into_iter().map(pair).collect())
}

/// The abort steps of one aborted signal: its algorithms (dom-ecs's), then
/// a trusted `abort` event at it.
#[pyfunction]
pub fn _abort_signal_run_steps(signal: &Bound<'_, PyEventTarget>) -> PyResult<()> {
    let py = signal.py();
    let (shared, id) = of(signal)?;
    let event = {
        let mut st = shared.lock(py);
        st.doc.run_abort_steps(id);
        let e = st.doc.create_event("abort", false, false);
        if let Ok(state) = st.doc.event_mut(e) {
            state.trusted = true;
        }
        e
    };
    let view = event_object(py, &shared, event)?;
    shared.lock(py).doc.release_event(event);
    dispatch(py, &shared, id, &view).map(|_| ())
}

/// `AbortSignal.any(signals)` over dom-ecs: `(index, generation)` of the
/// new dependent signal, or `(None, k)` when source `k` is aborted.
#[pyfunction]
pub fn _abort_signal_any(
    py: Python<'_>,
    signals: Vec<Bound<'_, PyEventTarget>>,
    document: &Bound<'_, PyDocument>,
) -> PyResult<(Option<u32>, u32)> {
    let shared = base(document).shared.clone();
    let mut ids = Vec::with_capacity(signals.len());
    for s in &signals {
        let (sh, id) = of(s)?;
        if !Arc::ptr_eq(&sh, &shared) {
            return Err(dom_err(
                py,
                DomError::WrongDocument("the signals belong to different documents".into()),
            ));
        }
        ids.push(id);
    }
    let mut st = shared.lock(py);
    Ok(
        match st.doc.create_dependent_abort_signal(&ids).or_raise(py)? {
            Ok(s) => (Some(s.index()), s.generation()),
            Err(k) => (None, k as u32),
        },
    )
}
