//! `MutationObserver` and `MutationRecord` in Python
//! (<https://dom.spec.whatwg.org/#mutation-observers>): dom-ecs keeps the
//! registrations and queues the records; here the callback is kept and
//! called, with the document unlocked. A Python document is a world of its
//! own, so an observer holds one dom-ecs observer per document it
//! observes; each document holds the Python observers that observe in it
//! (as the spec's nodes hold theirs), so a callback runs even when the
//! script dropped its observer.
//!
//! Callbacks run at the page's microtask checkpoint (`ecsdom run`, after
//! each task and before each parser-inserted script); outside a page,
//! `takeRecords()` gives what was recorded.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use dom_ecs::{Callback, MutationObserver, ObserverInit, Records};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::error::OrRaise;
use crate::events::ENGINE_PY;
use crate::node::{PyNode, wrap, wrap_opt};
use crate::node_list::PyNodeList;
use crate::state::{DocState, Shared};

/// Keys of Python observers, unique in the process.
static KEYS: AtomicU64 = AtomicU64::new(1);

/// `MutationObserver(callback)`: `callback(records, observer)` is called
/// with the records since the last call.
#[pyclass(frozen, module = "ecsdom", name = "MutationObserver")]
pub struct PyMutationObserver {
    callback: Py<PyAny>,
    key: u64,
    /// The dom-ecs observer of each document it has observed in.
    per_document: Mutex<Vec<(Weak<Shared>, MutationObserver)>>,
}

/// `MutationRecord`: one mutation, as its observer saw it.
#[pyclass(frozen, module = "ecsdom", name = "MutationRecord")]
pub struct PyMutationRecord {
    #[pyo3(get, name = "type")]
    kind: &'static str,
    #[pyo3(get)]
    target: Py<PyAny>,
    #[pyo3(get, name = "addedNodes")]
    added_nodes: Py<PyNodeList>,
    #[pyo3(get, name = "removedNodes")]
    removed_nodes: Py<PyNodeList>,
    #[pyo3(get, name = "previousSibling")]
    previous_sibling: Option<Py<PyAny>>,
    #[pyo3(get, name = "nextSibling")]
    next_sibling: Option<Py<PyAny>>,
    #[pyo3(get, name = "attributeName")]
    attribute_name: Option<Py<PyString>>,
    #[pyo3(get, name = "attributeNamespace")]
    attribute_namespace: Option<Py<PyString>>,
    #[pyo3(get, name = "oldValue")]
    old_value: Option<Py<PyString>>,
}

#[pymethods]
impl PyMutationRecord {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<MutationRecord {}{}>",
            self.kind,
            self.attribute_name
                .as_ref()
                .map(|n| format!(" {:?}", n.bind(py).to_string_lossy()))
                .unwrap_or_default()
        )
    }
}

/// The records of one document as Python objects (the document locked).
fn convert(
    py: Python<'_>,
    shared: &Arc<Shared>,
    st: &mut DocState,
    observer: &MutationObserver,
    mut records: Records,
) -> PyResult<Vec<PyMutationRecord>> {
    st.doc
        .materialize_records(observer, &mut records)
        .into_iter()
        .map(|r| {
            Ok(PyMutationRecord {
                kind: r.kind.as_str(),
                target: wrap(py, shared, st, r.target)?,
                // (The record's own lists: while one lives, its text nodes
                // are not rewritten in place.)
                added_nodes: Py::new(py, PyNodeList::of_ids(shared, st, r.added_list()))?,
                removed_nodes: Py::new(py, PyNodeList::of_ids(shared, st, r.removed_list()))?,
                previous_sibling: wrap_opt(py, shared, st, r.previous_sibling)?,
                next_sibling: wrap_opt(py, shared, st, r.next_sibling)?,
                attribute_name: text(py, r.attribute_name.as_deref())?,
                attribute_namespace: text(py, r.attribute_namespace.as_deref())?,
                old_value: text(py, r.old_value.as_deref())?,
            })
        })
        .collect()
}

/// A record's DOM string as a Python `str`.
fn text(py: Python<'_>, s: Option<&str>) -> PyResult<Option<Py<PyString>>> {
    s.map(|s| crate::dom_str::to_py(py, s).map(Bound::unbind))
        .transpose()
}

/// `MutationObserverInit` from a dict and keyword arguments (the IDL's
/// member names); an unknown member is a `TypeError`.
fn init(
    options: Option<&Bound<'_, PyDict>>,
    kw: Option<&Bound<'_, PyDict>>,
) -> PyResult<ObserverInit> {
    let mut out = ObserverInit::default();
    for dict in [options, kw].into_iter().flatten() {
        for (k, v) in dict.iter() {
            let key: String = k.extract()?;
            let flag = || -> PyResult<Option<bool>> {
                if v.is_none() {
                    Ok(None)
                } else {
                    v.is_truthy().map(Some)
                }
            };
            match key.as_str() {
                "childList" => out.child_list = flag()?.unwrap_or(false),
                "attributes" => out.attributes = flag()?,
                "characterData" => out.character_data = flag()?,
                "subtree" => out.subtree = flag()?.unwrap_or(false),
                "attributeOldValue" => out.attribute_old_value = flag()?,
                "characterDataOldValue" => out.character_data_old_value = flag()?,
                "attributeFilter" => {
                    out.attribute_filter = if v.is_none() {
                        None
                    } else if v.is_instance_of::<pyo3::types::PyString>() {
                        return Err(PyTypeError::new_err(
                            "attributeFilter must be a sequence of names, not a str",
                        ));
                    } else {
                        Some(
                            v.try_iter()?
                                .map(|n| crate::dom_str::extract(n?.str()?.as_any()))
                                .collect::<PyResult<_>>()?,
                        )
                    }
                }
                other => {
                    return Err(PyTypeError::new_err(format!(
                        "observe() got an unexpected option {other:?}"
                    )));
                }
            }
        }
    }
    Ok(out)
}

impl PyMutationObserver {
    /// The dom-ecs observer for `shared`'s document, made on first use.
    fn in_document(&self, shared: &Arc<Shared>) -> MutationObserver {
        let mut per = self.per_document.lock().unwrap_or_else(|p| p.into_inner());
        per.retain(|(w, _)| w.strong_count() > 0);
        if let Some((_, mo)) = per
            .iter()
            .find(|(w, _)| std::ptr::eq(w.as_ptr(), Arc::as_ptr(shared)))
        {
            return mo.clone();
        }
        let mo = MutationObserver::new(Callback {
            engine: ENGINE_PY,
            key: self.key,
        });
        per.push((Arc::downgrade(shared), mo.clone()));
        mo
    }

    fn documents(&self) -> Vec<(Arc<Shared>, MutationObserver)> {
        self.per_document
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter_map(|(w, mo)| Some((w.upgrade()?, mo.clone())))
            .collect()
    }
}

#[pymethods]
impl PyMutationObserver {
    /// The callback, for the cycle collector (a document that holds this
    /// observer may be held by the callback: `PyNode::__traverse__`).
    fn __traverse__(&self, visit: pyo3::PyVisit<'_>) -> Result<(), pyo3::PyTraverseError> {
        visit.call(&self.callback)
    }

    #[new]
    fn new(callback: Bound<'_, PyAny>) -> PyResult<Self> {
        if !callback.is_callable() {
            return Err(PyTypeError::new_err(
                "MutationObserver() takes a callable: callback(records, observer)",
            ));
        }
        Ok(PyMutationObserver {
            callback: callback.unbind(),
            key: KEYS.fetch_add(1, Ordering::Relaxed),
            per_document: Mutex::new(Vec::new()),
        })
    }

    /// `observe(target, options=None, **members)`: the options as a dict,
    /// keyword arguments, or both (`childList=True, subtree=True`...).
    #[pyo3(signature = (target, options = None, **kw))]
    fn observe(
        slf: &Bound<'_, Self>,
        target: &Bound<'_, PyNode>,
        options: Option<&Bound<'_, PyDict>>,
        kw: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let py = slf.py();
        let init = init(options, kw)?;
        let node = target.get();
        let mo = slf.get().in_document(&node.shared);
        let mut st = node.shared.lock(py);
        st.read(py)?;
        st.doc.observe(&mo, node.id, init).or_raise(py)?;
        st.observers
            .insert(slf.get().key, slf.clone().into_any().unbind());
        Ok(())
    }

    /// `disconnect()`: observe nothing, and drop the records not taken.
    fn disconnect(&self, py: Python<'_>) {
        for (shared, mo) in self.documents() {
            let released = {
                let mut st = shared.lock(py);
                st.doc.disconnect_observer(&mo);
                st.observers.remove(&self.key)
            };
            drop(released);
        }
    }

    /// `takeRecords()`: the records not delivered yet, emptied.
    #[pyo3(name = "takeRecords")]
    fn take_records(&self, py: Python<'_>) -> PyResult<Vec<PyMutationRecord>> {
        let mut out = Vec::new();
        for (shared, mo) in self.documents() {
            let mut st = shared.lock(py);
            out.extend(convert(py, &shared, &mut st, &mo, mo.take_records())?);
        }
        Ok(out)
    }
}

/// [Notify mutation observers](https://dom.spec.whatwg.org/#notify-mutation-observers)
/// of Python in `shared`'s document: each pending observer's callback with
/// its records, in order; an exception is reported and the others run.
/// Returns whether any observer was pending.
pub(crate) fn notify(py: Python<'_>, shared: &Arc<Shared>) -> PyResult<bool> {
    let pending = {
        let mut st = shared.lock(py);
        if !st.doc.has_pending_observers(ENGINE_PY) {
            return Ok(false);
        }
        st.doc.take_pending_observers(ENGINE_PY)
    };
    for (mo, records) in pending {
        let key = mo.callback().key;
        let (observer, list) = {
            let mut st = shared.lock(py);
            let Some(observer) = st.observers.get(&key).map(|o| o.clone_ref(py)) else {
                continue;
            };
            if !mo.is_observing() {
                st.observers.remove(&key);
            }
            (observer, convert(py, shared, &mut st, &mo, records)?)
        };
        let callback = observer
            .bind(py)
            .cast::<PyMutationObserver>()?
            .get()
            .callback
            .clone_ref(py);
        if let Err(e) = callback.call1(py, (list, observer)) {
            if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) {
                return Err(e);
            }
            e.display(py);
        }
    }
    // Then `slotchange` at each signaled slot (step 7), bubbling.
    let slots = shared.lock(py).doc.take_signal_slots();
    for slot in slots {
        let id = {
            let mut st = shared.lock(py);
            let id = st.doc.create_event("slotchange", true, false);
            if let Ok(e) = st.doc.event_mut(id) {
                e.trusted = true;
            }
            id
        };
        let event = crate::events::event_object(py, shared, id)?;
        crate::events::dispatch(py, shared, slot, &event)?;
    }
    Ok(true)
}

/// The page runtime's call at its microtask checkpoint: notify the Python
/// observers pending in `document`'s document; whether any was.
#[pyfunction]
pub fn _notify_mutation_observers(document: &Bound<'_, PyNode>) -> PyResult<bool> {
    notify(document.py(), &document.get().shared)
}
