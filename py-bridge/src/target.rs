//! `EventTarget` (<https://dom.spec.whatwg.org/#interface-eventtarget>):
//! the base class of `Node` and of the page's `window`, and a class of its
//! own (`EventTarget()`).
//!
//! A node's listeners are the node's (its handle's document and ID). The
//! window's are those of its document's window target, bound when the
//! page makes its `window` (`Document._set_window`). An `EventTarget()`
//! made by a script is the window target of a document of its own, made on
//! its first use: a target of no tree, as the spec's, whose listeners live
//! in DOM lists like every other (its `Event.target` is the object itself).
//!
//! `addEventListener`, `removeEventListener` and `dispatchEvent` are
//! written here rather than generated: a listener is a Python callable
//! that the document keeps by key, and dispatch calls back into each
//! engine (the binding table's header says so).

use std::sync::{Arc, OnceLock};

use dom_ecs::{Callback, Document, ListenerOptions, NodeId};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict};

use crate::dom_str::DomStr;
use crate::error::OrRaise;
use crate::events::{ENGINE_PY, PyEvent, dispatch, take_released};
use crate::node::{PyDocument, PyNode, base, wrap};
use crate::state::Shared;

/// `EventTarget`: the base of nodes and of the window; on its own, a
/// target of no tree.
#[pyclass(frozen, subclass, weakref, module = "ecsdom", name = "EventTarget")]
pub struct PyEventTarget {
    /// The target of a window or of an `EventTarget()` (none for a node,
    /// whose handle says which it is): its document and its window ID.
    own: OnceLock<Arc<(Arc<Shared>, NodeId)>>,
}

impl PyEventTarget {
    /// The `EventTarget` part of a node handle.
    pub(crate) fn of_node() -> Self {
        PyEventTarget {
            own: OnceLock::new(),
        }
    }
}

/// The document and the target ID of `slf`: a node's own, or the target
/// bound to the object (a window, or a plain `EventTarget`, whose
/// document is made now if it has none yet).
pub(crate) fn resolve(slf: &Bound<'_, PyEventTarget>) -> PyResult<(Arc<Shared>, NodeId)> {
    if let Ok(n) = slf.cast::<PyNode>() {
        let n = n.get();
        return Ok((n.shared.clone(), n.id));
    }
    if let Some(own) = slf.get().own.get() {
        return Ok((own.0.clone(), own.1));
    }
    let doc = Document::new();
    let window = doc.window();
    let shared = Shared::new(doc);
    // `Event.target` gives the object itself (held weakly: it holds the
    // document).
    let py = slf.py();
    let weak = py.import("weakref")?.getattr("ref")?.call1((slf,))?;
    shared.lock(py).windows.insert(window, weak.unbind());
    let own = slf.get().own.get_or_init(|| Arc::new((shared, window)));
    Ok((own.0.clone(), own.1))
}

/// Bind a new plain `EventTarget` object to target `id` of `shared`'s
/// document (an `AbortSignal`'s).
pub(crate) fn bind_own(
    slf: &Bound<'_, PyEventTarget>,
    shared: Arc<Shared>,
    id: NodeId,
) -> PyResult<()> {
    if slf.cast::<PyNode>().is_ok() || slf.get().own.set(Arc::new((shared, id))).is_err() {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "this object is an event target already",
        ));
    }
    Ok(())
}

/// `options.signal` of `addEventListener`: the signal's target, which
/// must be in the listener's document (a Python document is a world of
/// its own).
fn signal_of(opts: Option<&Bound<'_, PyAny>>, shared: &Arc<Shared>) -> PyResult<Option<NodeId>> {
    let Some(d) = opts.and_then(|o| o.cast::<PyDict>().ok()) else {
        return Ok(None);
    };
    let Some(signal) = d.get_item("signal")?.filter(|s| !s.is_none()) else {
        return Ok(None);
    };
    let py = d.py();
    let target = signal.cast::<PyEventTarget>().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err("options['signal'] must be an AbortSignal")
    })?;
    let (sh, id) = resolve(target)?;
    if !Arc::ptr_eq(&sh, shared) {
        return Err(crate::error::dom_err(
            py,
            dom_ecs::DomError::WrongDocument(
                "the signal belongs to another document (make its controller with document=)"
                    .into(),
            ),
        ));
    }
    Ok(Some(id))
}

/// The names of the window's event handler attributes, for Python's
/// `Window` class (a Python class) to make its properties of.
#[pyfunction]
pub fn _window_event_handlers() -> Vec<&'static str> {
    crate::idl::WINDOW_EVENT_HANDLERS.to_vec()
}

/// An event handler attribute's value on `target` (Python's `Window`).
#[pyfunction]
pub fn _event_handler(target: &Bound<'_, PyAny>, kind: &str) -> PyResult<Py<PyAny>> {
    event_handler_get(target, kind)
}

/// Set an event handler attribute of `target` (Python's `Window`).
#[pyfunction]
#[pyo3(signature = (target, kind, value))]
pub fn _set_event_handler(
    target: &Bound<'_, PyAny>,
    kind: &str,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    event_handler_set(target, kind, value)
}

/// An event handler IDL attribute's getter (`el.onclick`): the handler's
/// value, if Python set it (another engine's function is not Python's to
/// give: None).
pub(crate) fn event_handler_get(slf: &Bound<'_, PyAny>, kind: &str) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    let (shared, target) = resolve(slf.cast::<PyEventTarget>()?)?;
    let st = shared.lock(py);
    // (On the target that determining the target of the handler gives.)
    let Some(target) = st.doc.event_handler_target(target, kind).or_raise(py)? else {
        return Ok(py.None());
    };
    let value = st
        .doc
        .event_handler(target, kind)
        .or_raise(py)?
        .filter(|c| c.engine == ENGINE_PY)
        .and_then(|c| st.listeners.get(py, c.key));
    Ok(value.unwrap_or_else(|| py.None()))
}

/// An event handler IDL attribute's setter: a callable becomes the
/// handler's value (its listener added at the first one, where it stays);
/// None removes it. Anything else is a `TypeError`.
pub(crate) fn event_handler_set(
    slf: &Bound<'_, PyAny>,
    kind: &str,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let py = slf.py();
    let value = value.filter(|v| !v.is_none());
    if let Some(v) = value
        && !v.is_callable()
    {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "on{kind} takes a callable or None"
        )));
    }
    let (shared, target) = resolve(slf.cast::<PyEventTarget>()?)?;
    let released = {
        let mut st = shared.lock(py);
        let Some(target) = st.doc.event_handler_target(target, kind).or_raise(py)? else {
            return Ok(());
        };
        let callback = value.map(|v| Callback {
            engine: ENGINE_PY,
            key: st.listeners.key(v),
        });
        st.doc
            .set_event_handler(target, kind, callback)
            .or_raise(py)?;
        take_released(&mut st)
    };
    drop(released);
    Ok(())
}

/// WebIDL's `(AddEventListenerOptions or boolean)` and `(EventListenerOptions
/// or boolean)`: a bool is `capture`; a mapping gives `capture`, `once`,
/// `passive` (each absent one false, but an absent `passive` is the
/// default passive value).
fn options(opts: Option<&Bound<'_, PyAny>>) -> PyResult<ListenerOptions> {
    let Some(o) = opts else {
        return Ok(ListenerOptions::default());
    };
    if let Ok(b) = o.cast::<PyBool>() {
        return Ok(ListenerOptions {
            capture: b.is_true(),
            ..Default::default()
        });
    }
    let d = o.cast::<PyDict>()?;
    let flag = |k: &str| -> PyResult<bool> {
        Ok(d.get_item(k)?
            .map(|v| v.is_truthy())
            .transpose()?
            .unwrap_or(false))
    };
    let passive = d.get_item("passive")?.map(|v| v.is_truthy()).transpose()?;
    Ok(ListenerOptions {
        capture: flag("capture")?,
        once: flag("once")?,
        passive,
    })
}

#[pymethods]
impl PyEventTarget {
    /// `EventTarget()`: a target of no tree. (A subclass may take
    /// arguments of its own: they are its `__init__`'s.)
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn py_new(
        _args: &Bound<'_, pyo3::types::PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> Self {
        PyEventTarget {
            own: OnceLock::new(),
        }
    }

    /// `addEventListener(type, listener, options=None)`: `options` is a
    /// bool (capture) or a dict with `capture`, `once`, `passive`. Adding
    /// the same callable for the same type and capture twice adds it once.
    #[pyo3(name = "addEventListener", signature = (type_, listener, options = None))]
    fn add_event_listener(
        slf: &Bound<'_, Self>,
        type_: DomStr<'_>,
        listener: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let py = slf.py();
        let Some(listener) = listener else {
            return Ok(());
        };
        let opts = self::options(options)?;
        let (shared, target) = resolve(slf)?;
        let signal = signal_of(options, &shared)?;
        let released = {
            let mut st = shared.lock(py);
            let key = st.listeners.key(listener);
            let callback = Callback {
                engine: ENGINE_PY,
                key,
            };
            match signal {
                None => st.doc.add_event_listener(target, &type_, callback, opts),
                Some(s) => st
                    .doc
                    .add_event_listener_with_signal(target, &type_, callback, opts, s),
            }
            .or_raise(py)?;
            take_released(&mut st)
        };
        drop(released);
        Ok(())
    }

    /// `removeEventListener(type, listener, options=None)`
    #[pyo3(name = "removeEventListener", signature = (type_, listener, options = None))]
    fn remove_event_listener(
        slf: &Bound<'_, Self>,
        type_: DomStr<'_>,
        listener: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let py = slf.py();
        let Some(listener) = listener else {
            return Ok(());
        };
        let capture = self::options(options)?.capture;
        let (shared, target) = resolve(slf)?;
        let (removed, released) = {
            let mut st = shared.lock(py);
            let Some(key) = st.listeners.existing_key(listener) else {
                return Ok(());
            };
            let removed = st.doc.remove_event_listener(
                target,
                &type_,
                Callback {
                    engine: ENGINE_PY,
                    key,
                },
                capture,
            );
            (removed, take_released(&mut st))
        };
        // (Dropped without the lock: a drop may run Python code.)
        drop(released);
        removed.or_raise(py).map(|_| ())
    }

    /// `dispatchEvent(event)`: returns False if a listener canceled it.
    #[pyo3(name = "dispatchEvent")]
    fn dispatch_event(slf: &Bound<'_, Self>, event: &Bound<'_, PyEvent>) -> PyResult<bool> {
        let (shared, target) = resolve(slf)?;
        dispatch(slf.py(), &shared, target, event)
    }
}

/// The window's side of a page's document.
#[pymethods]
impl PyDocument {
    /// `defaultView`: the `Window` of a document with a browsing context
    /// (the page's, an `ecsdom.parse` document's, an iframe's; made when
    /// first asked for); None for any other document.
    #[getter(defaultView)]
    fn default_view(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let (n, py) = (base(slf), slf.py());
        let window = n.shared.lock(py).doc.window_of(n.id).or_raise(py)?;
        match window {
            Some(window) => window_object(py, &n.shared, window),
            None => Ok(py.None()),
        }
    }

    /// `location`: the `Location` of its window (`defaultView.location`),
    /// None for a document with no browsing context.
    #[getter(location)]
    fn location(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let view = Self::default_view(slf)?;
        let view = view.bind(slf.py());
        if view.is_none() {
            return Ok(view.clone().unbind());
        }
        Ok(view.getattr("location")?.unbind())
    }

    /// Setting `location` (`[PutForwards=href]`): navigates the window; a
    /// document with no browsing context ignores it.
    #[setter(location)]
    fn set_location(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let location = Self::location(slf)?;
        let location = location.bind(slf.py());
        if !location.is_none() {
            location.setattr("href", value)?;
        }
        Ok(())
    }

    /// Make `window` (a `Window`, an `EventTarget`) this document's
    /// window: its listeners are the window target's, and event
    /// `target`/`currentTarget` give it for the window (kept as a weak
    /// reference).
    fn _set_window(slf: &Bound<'_, Self>, window: &Bound<'_, PyEventTarget>) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let id = n.shared.lock(py).doc.window_of(n.id).or_raise(py)?;
        let Some(id) = id else {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "this document has no browsing context",
            ));
        };
        if window.cast::<PyNode>().is_ok()
            || window
                .get()
                .own
                .set(Arc::new((n.shared.clone(), id)))
                .is_err()
        {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "this object is an event target already",
            ));
        }
        let weak = py.import("weakref")?.getattr("ref")?.call1((window,))?;
        n.shared.lock(py).windows.insert(id, weak.unbind());
        Ok(())
    }
}

/// The Python `Window` of window `id` of `shared`'s document: the live
/// one, or a new `ecsdom._window.Window` of its document (made with the
/// lock released: its initializer binds itself to the window).
pub(crate) fn window_object(
    py: Python<'_>,
    shared: &Arc<Shared>,
    id: NodeId,
) -> PyResult<Py<PyAny>> {
    let document = {
        let mut st = shared.lock(py);
        if let Some(w) = st
            .windows
            .get(&id)
            .map(|w| w.bind(py).call0())
            .transpose()?
            && !w.is_none()
        {
            return Ok(w.unbind());
        }
        let doc = st.doc.document_of_window(id).or_raise(py)?;
        wrap(py, shared, &mut st, doc)?
    };
    let window = py
        .import("ecsdom._window")?
        .getattr("Window")?
        .call1((document,))?;
    Ok(window.unbind())
}

/// The window of document node `doc` (a `ValueError` for a document
/// with none).
pub(crate) fn window_of_document(
    py: Python<'_>,
    doc: &dom_ecs::Document,
    id: NodeId,
) -> PyResult<NodeId> {
    doc.window_of(id)
        .or_raise(py)?
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("the document has no window"))
}

/// Part `part` of `document`'s window's `Location` (its URL, `hash`...),
/// for Python's `Location`.
#[pyfunction]
pub fn _location_part(document: &Bound<'_, PyDocument>, part: &str) -> PyResult<String> {
    let (n, py) = (base(document), document.py());
    let mut st = n.shared.lock(py);
    let doc = st.read(py)?;
    let window = window_of_document(py, doc, n.id)?;
    doc.location_part(window, part).or_raise(py)
}

/// Setting part `part` of `document`'s window's `Location`: navigates.
#[pyfunction]
pub fn _set_location_part(
    document: &Bound<'_, PyDocument>,
    part: &str,
    value: DomStr<'_>,
) -> PyResult<()> {
    let (n, py) = (base(document), document.py());
    let mut st = n.shared.lock(py);
    st.flush(py)?;
    let window = window_of_document(py, &st.doc, n.id)?;
    st.doc
        .set_location_part(window, part, &value.usv())
        .or_raise(py)
}

/// The members of `Location` that read a part of the URL.
#[pyfunction]
pub fn _location_parts() -> Vec<&'static str> {
    dom_ecs::html::LOCATION_PARTS.to_vec()
}

/// The window tree of `document`'s window, for Python's `Window`:
/// `parent`, `top`, `frameElement` (None where the spec's is null) and,
/// for `"frames"`, the list of its iframes' windows.
#[pyfunction]
pub fn _window_tree(document: &Bound<'_, PyDocument>, which: &str) -> PyResult<Py<PyAny>> {
    let (n, py) = (base(document), document.py());
    let found = {
        let mut st = n.shared.lock(py);
        let doc = st.read(py)?;
        let Some(window) = doc.window_of(n.id).or_raise(py)? else {
            return Ok(py.None());
        };
        match which {
            "parent" => doc
                .parent_window(window)
                .or_raise(py)?
                .into_iter()
                .collect(),
            "top" => doc.top_window(window).or_raise(py)?.into_iter().collect(),
            "frameElement" => {
                let frame = doc.frame_element(window).or_raise(py)?;
                return crate::node::wrap_opt(py, &n.shared, &mut st, frame)
                    .map(|f| f.unwrap_or_else(|| py.None()));
            }
            "frames" => doc.child_windows(window).or_raise(py)?,
            _ => return Err(pyo3::exceptions::PyValueError::new_err(which.to_owned())),
        }
    };
    let objects = found
        .into_iter()
        .map(|w| window_object(py, &n.shared, w))
        .collect::<PyResult<Vec<_>>>()?;
    if which == "frames" {
        return Ok(pyo3::types::PyList::new(py, objects)?.into_any().unbind());
    }
    Ok(objects.into_iter().next().unwrap_or_else(|| py.None()))
}

/// `window.name` of `document`'s window: its navigable's target name
/// ("" for a document with no window).
#[pyfunction]
pub fn _window_name(document: &Bound<'_, PyDocument>) -> PyResult<String> {
    let (n, py) = (base(document), document.py());
    let st = n.shared.lock(py);
    match st.doc.window_of(n.id).or_raise(py)? {
        Some(w) => st.doc.window_name(w).or_raise(py),
        None => Ok(String::new()),
    }
}

/// `window.name = name` for `document`'s window.
#[pyfunction]
pub fn _set_window_name(document: &Bound<'_, PyDocument>, name: DomStr<'_>) -> PyResult<()> {
    let (n, py) = (base(document), document.py());
    let mut st = n.shared.lock(py);
    let window = window_of_document(py, &st.doc, n.id)?;
    st.doc.set_window_name(window, name.as_str()).or_raise(py)
}
