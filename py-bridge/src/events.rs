//! Events in Python: `Event`, `CustomEvent`, dispatch (what
//! `dispatchEvent` and `click()` run: `EventTarget` is `target.rs`), on
//! the DOM's shared listener lists, so Python callables and JS functions on one node run in
//! registration order and see one event (its state lives in the document).
//!
//! An `Event` made in Python holds its own fields until first dispatched;
//! then it is bound to the document's event state. Listeners of another
//! engine met during a Python-driven dispatch go to the caller the host
//! registered with [`set_foreign_caller`] (the `ecsdom` runner: JS).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use dom_ecs::{DomError, EventId, EventState, Invocation, NodeId};
use pyo3::prelude::*;
use pyo3::types::PyString;
use rustc_hash::FxHashMap;

use crate::dom_str::DomStr;
use crate::error::{OrRaise, dom_err};
use crate::node::{PyNode, base, wrap, wrap_opt};
use crate::state::{DocState, Shared};

/// The engine tag of Python listeners in [`dom_ecs::Callback`]s.
pub const ENGINE_PY: u8 = 1;

/// Calls a listener of another engine; `Err` is the report to print.
pub type ForeignCaller = Rc<dyn Fn(Invocation) -> Result<(), String>>;

thread_local! {
    static FOREIGN: RefCell<Option<ForeignCaller>> = const { RefCell::new(None) };
}

/// Let Python-driven dispatches call listeners of another engine (e.g. JS
/// in the `ecsdom` runner), on this thread.
pub fn set_foreign_caller(caller: Option<ForeignCaller>) {
    FOREIGN.with(|f| *f.borrow_mut() = caller);
}

/// Python callables registered as listeners, by key (one key per callable,
/// so adding the same callable twice is one listener, as the spec says).
#[derive(Default)]
pub struct ListenerTable {
    by_key: FxHashMap<u64, Py<PyAny>>,
    key_of: FxHashMap<usize, u64>,
    next: u64,
}

impl ListenerTable {
    pub(crate) fn key(&mut self, f: &Bound<'_, PyAny>) -> u64 {
        let ptr = f.as_ptr() as usize;
        if let Some(&k) = self.key_of.get(&ptr) {
            return k;
        }
        self.next += 1;
        self.key_of.insert(ptr, self.next);
        self.by_key.insert(self.next, f.clone().unbind());
        self.next
    }

    pub(crate) fn existing_key(&self, f: &Bound<'_, PyAny>) -> Option<u64> {
        self.key_of.get(&(f.as_ptr() as usize)).copied()
    }

    pub(crate) fn get(&self, py: Python<'_>, key: u64) -> Option<Py<PyAny>> {
        self.by_key.get(&key).map(|f| f.clone_ref(py))
    }

    /// The callables held.
    pub(crate) fn callables(&self) -> impl Iterator<Item = &Py<PyAny>> {
        self.by_key.values()
    }

    /// Take every callable out (the registrations find none after).
    pub(crate) fn take_all(&mut self) -> Vec<Py<PyAny>> {
        self.key_of.clear();
        self.by_key.drain().map(|(_, f)| f).collect()
    }

    /// Forget the callables of `keys` (no registration uses them any
    /// more); returns them, to be dropped once the document lock is
    /// released (dropping may run Python code).
    fn release(&mut self, keys: Vec<u64>) -> Vec<Py<PyAny>> {
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            if let Some(f) = self.by_key.remove(&k) {
                self.key_of.remove(&(f.as_ptr() as usize));
                out.push(f);
            }
        }
        out
    }
}

/// Take out the Python listeners no registration uses any more; the caller
/// drops them after it lets go of the lock (a drop may run Python code).
pub(crate) fn take_released(st: &mut DocState) -> Vec<Py<PyAny>> {
    let keys = st.doc.take_released_callbacks(ENGINE_PY);
    st.listeners.release(keys)
}

/// `Event(type, bubbles=False, cancelable=False)`
#[pyclass(subclass, module = "ecsdom", name = "Event")]
pub struct PyEvent {
    /// The document's event once dispatched there (or made by it); before
    /// that, the state the event's members read and change.
    state: Mutex<Result<(Arc<Shared>, EventId), EventState>>,
}

impl Drop for PyEvent {
    fn drop(&mut self) {
        if let Ok(Ok((shared, id))) = self
            .state
            .get_mut()
            .map(|s| s.as_ref().map(|(s, i)| (s.clone(), *i)))
        {
            shared.release_event(id);
        }
    }
}

impl PyEvent {
    fn bound(shared: &Arc<Shared>, id: EventId) -> PyEvent {
        PyEvent {
            state: Mutex::new(Ok((shared.clone(), id))),
        }
    }

    /// The document event, made in `shared` on first dispatch.
    fn bind(&self, py: Python<'_>, shared: &Arc<Shared>) -> PyResult<EventId> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match &mut *st {
            Ok((s, id)) if Arc::ptr_eq(s, shared) => Ok(*id),
            Ok(_) => Err(dom_err(
                py,
                DomError::NotSupported("the event belongs to another document".into()),
            )),
            Err(state) => {
                let id = shared.lock(py).doc.adopt_event(std::mem::take(state));
                *st = Ok((shared.clone(), id));
                Ok(id)
            }
        }
    }

    /// Read the event's state (the document's, once it is bound).
    pub(crate) fn read<R>(&self, py: Python<'_>, f: impl FnOnce(&EventState) -> R) -> PyResult<R> {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match &*st {
            Ok((shared, id)) => {
                let g = shared.lock(py);
                Ok(f(g.doc.event(*id).or_raise(py)?))
            }
            Err(state) => Ok(f(state)),
        }
    }

    /// Change the event's state.
    pub(crate) fn write<R>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut EventState) -> R,
    ) -> PyResult<R> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match &mut *st {
            Ok((shared, id)) => {
                let mut g = shared.lock(py);
                Ok(f(g.doc.event_mut(*id).or_raise(py)?))
            }
            Err(state) => Ok(f(state)),
        }
    }

    /// The document the event is bound to, if it is.
    fn shared(&self) -> Option<Arc<Shared>> {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.as_ref().ok().map(|(s, _)| s.clone())
    }

    /// Whether the event is being dispatched.
    fn dispatching(&self, py: Python<'_>) -> PyResult<bool> {
        self.read(py, |e| e.dispatching)
    }
}

/// A generated `Event` member's result as a Python object (`crate::idl`):
/// nodes (`target`, `composedPath()`) are handles of the event's
/// document; an event not yet dispatched has none.
pub(crate) trait EventResult {
    fn to_py(self, ev: &PyEvent, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

macro_rules! event_result_via_into_pyobject {
    ($($t:ty),*) => {$(
        impl EventResult for $t {
            fn to_py(self, _: &PyEvent, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(self.into_pyobject(py)?.to_owned().into_any().unbind())
            }
        }
    )*};
}
event_result_via_into_pyobject!(bool, u16, f64);

impl EventResult for String {
    fn to_py(self, _: &PyEvent, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(crate::dom_str::to_py(py, &self)?.into_any().unbind())
    }
}

impl EventResult for Option<NodeId> {
    fn to_py(self, ev: &PyEvent, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match (self, ev.shared()) {
            (Some(id), Some(shared)) => {
                let mut st = shared.lock(py);
                Ok(wrap_opt(py, &shared, &mut st, Some(id))?.unwrap_or_else(|| py.None()))
            }
            _ => Ok(py.None()),
        }
    }
}

/// `composedPath()`: the nodes with a Python object (the window only when
/// the document has a Python `window`: a page's).
impl EventResult for Vec<NodeId> {
    fn to_py(self, ev: &PyEvent, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut out = Vec::with_capacity(self.len());
        if let Some(shared) = ev.shared() {
            let mut st = shared.lock(py);
            for id in self {
                let object = wrap(py, &shared, &mut st, id)?;
                if !object.is_none(py) {
                    out.push(object);
                }
            }
        }
        Ok(pyo3::types::PyList::new(py, out)?.into_any().unbind())
    }
}

impl PyEvent {
    /// A new event, not yet any document's, stamped at `now` (a
    /// document's clock, [`dom_ecs::Document::now_ms`]) or else on the
    /// process's clock.
    fn made(
        type_: &str,
        bubbles: bool,
        cancelable: bool,
        composed: bool,
        now: Option<f64>,
    ) -> Self {
        let mut state = EventState::new(type_, bubbles, cancelable, composed);
        if let Some(now) = now {
            state.time_stamp = now;
        }
        PyEvent {
            state: Mutex::new(Err(state)),
        }
    }
}

#[pymethods]
impl PyEvent {
    /// The event's `timeStamp` is read on the clock of the calling
    /// module's global `document` (a page script's: the page's clock), else
    /// on the process's.
    #[new]
    #[pyo3(signature = (type_, bubbles = false, cancelable = false, composed = false))]
    fn py_new(
        py: Python<'_>,
        type_: DomStr<'_>,
        bubbles: bool,
        cancelable: bool,
        composed: bool,
    ) -> Self {
        let now = crate::idl::global_document(py, None)
            .ok()
            .map(|d| crate::node::base(&d).shared.lock(py).doc.now_ms());
        PyEvent::made(&type_, bubbles, cancelable, composed, now)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("<Event {:?}>", self.read(py, |e| e.kind.clone())?))
    }

    /// The UI event interface of the class that made the event
    /// (`ecsdom._events`): a `click` that is a `MouseEvent` activates.
    fn _set_interface(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.write(py, |e| e.set_interface(name))
    }

    /// Whether the event is being dispatched (the legacy `init*Event`
    /// methods of `ecsdom._events` then do nothing).
    fn _dispatching(&self, py: Python<'_>) -> PyResult<bool> {
        self.dispatching(py)
    }

    /// `(True, node or None)` once dispatch decided what `relatedTarget`
    /// answers (retargeted out of shadow trees), else `(False, None)`.
    fn _related_now(&self, py: Python<'_>) -> PyResult<(bool, Option<Py<PyAny>>)> {
        let Some(shared) = self.shared() else {
            return Ok((false, None));
        };
        let now = self.read(py, |e| e.related_now)?;
        match now {
            None => Ok((false, None)),
            Some(None) => Ok((true, None)),
            Some(Some(n)) => {
                let mut st = shared.lock(py);
                Ok((true, Some(wrap(py, &shared, &mut st, n)?)))
            }
        }
    }
}

/// `ErrorEvent(type, message="", filename="", lineno=0, colno=0,
/// error=None, bubbles=False, cancelable=False)` (html.idl): what
/// reporting an exception fires at a page's window.
#[pyclass(extends = PyEvent, frozen, module = "ecsdom", name = "ErrorEvent")]
pub struct PyErrorEvent {
    message: String,
    filename: String,
    #[pyo3(get)]
    lineno: u32,
    #[pyo3(get)]
    colno: u32,
    #[pyo3(get)]
    error: Py<PyAny>,
}

#[pymethods]
impl PyErrorEvent {
    #[new]
    #[pyo3(
        signature = (type_, message = "".into(), filename = "".into(), lineno = 0, colno = 0, error = None, bubbles = false, cancelable = false, composed = false),
        text_signature = "(type_, message='', filename='', lineno=0, colno=0, error=None, bubbles=False, cancelable=False, composed=False)"
    )]
    #[expect(
        clippy::too_many_arguments,
        reason = "ErrorEventInit's members as keywords"
    )]
    fn py_new(
        py: Python<'_>,
        type_: DomStr<'_>,
        message: DomStr<'_>,
        filename: DomStr<'_>,
        lineno: u32,
        colno: u32,
        error: Option<Py<PyAny>>,
        bubbles: bool,
        cancelable: bool,
        composed: bool,
    ) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyEvent::py_new(py, type_, bubbles, cancelable, composed))
            .add_subclass(PyErrorEvent {
                message: message.as_str().to_owned(),
                filename: filename.as_str().to_owned(),
                lineno,
                colno,
                error: error.unwrap_or_else(|| py.None()),
            })
    }

    /// `message`
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        crate::dom_str::to_py(py, &self.message)
    }

    /// `filename`
    #[getter]
    fn filename<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        crate::dom_str::to_py(py, &self.filename)
    }
}

/// `CustomEvent(type, detail=None, bubbles=False, cancelable=False)`
#[pyclass(extends = PyEvent, module = "ecsdom", name = "CustomEvent")]
pub struct PyCustomEvent {
    detail: Py<PyAny>,
}

#[pymethods]
impl PyCustomEvent {
    #[new]
    #[pyo3(signature = (type_, detail = None, bubbles = false, cancelable = false, composed = false))]
    fn py_new(
        py: Python<'_>,
        type_: DomStr<'_>,
        detail: Option<Py<PyAny>>,
        bubbles: bool,
        cancelable: bool,
        composed: bool,
    ) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyEvent::py_new(py, type_, bubbles, cancelable, composed))
            .add_subclass(PyCustomEvent {
                detail: detail.unwrap_or_else(|| py.None()),
            })
    }

    /// `detail`
    #[getter]
    fn detail(&self, py: Python<'_>) -> Py<PyAny> {
        self.detail.clone_ref(py)
    }

    /// `initCustomEvent(type, bubbles=False, cancelable=False, detail=None)`:
    /// no effect while the event is dispatched.
    #[pyo3(name = "initCustomEvent", signature = (type_, bubbles = false, cancelable = false, detail = None))]
    fn init_custom_event(
        mut slf: PyRefMut<'_, Self>,
        type_: DomStr<'_>,
        bubbles: bool,
        cancelable: bool,
        detail: Option<Py<PyAny>>,
    ) -> PyResult<()> {
        let py = slf.py();
        let event = slf.as_super();
        if event.dispatching(py)? {
            return Ok(());
        }
        event.write(py, |e| e.init_event(&type_, bubbles, cancelable))?;
        slf.detail = detail.unwrap_or_else(|| py.None());
        Ok(())
    }
}

/// Run a dispatch to its end: Python listeners called here, others through
/// the foreign caller. Returns `not canceled`.
pub(crate) fn dispatch(
    py: Python<'_>,
    shared: &Arc<Shared>,
    target: NodeId,
    event: &Bound<'_, PyEvent>,
) -> PyResult<bool> {
    let id = event.borrow().bind(py, shared)?;
    if let Ok(custom) = event.cast::<PyCustomEvent>() {
        // Shared with the other engine as a structured clone; a detail
        // that does not serialize is Python's only, and dispatching it
        // to another engine's listener is a DataCloneError.
        let detail = custom.borrow().detail.clone_ref(py);
        let (detail, only) = match crate::clone::serialize(detail.bind(py)) {
            Ok(s) => (Some(Arc::new(s)), None),
            Err(e) => (None, Some((vec![ENGINE_PY], e.value(py).to_string()))),
        };
        let mut st = shared.lock(py);
        let state = st.doc.event_mut(id).or_raise(py)?;
        (state.detail, state.detail_only) = (detail, only);
    }
    // A UI event's relatedTarget node of this document, for dispatch to
    // retarget.
    let related = event
        .getattr("_fields")
        .ok()
        .and_then(|f| f.get_item("relatedTarget").ok())
        .and_then(|r| {
            let n = r.cast::<PyNode>().ok()?.get();
            Arc::ptr_eq(&n.shared, shared).then_some(n.id)
        });
    let mut d = {
        let mut st = shared.lock(py);
        st.flush(py)?;
        if related.is_some() {
            st.doc.set_event_related_target(id, related).or_raise(py)?;
        }
        st.doc.dispatch_begin(target, id).or_raise(py)?
    };
    loop {
        // One lock per step: the next invocation and, for ours, its callable.
        let (next, f) = {
            let mut st = shared.lock(py);
            let next = st.doc.dispatch_next(&mut d);
            let f = next
                .filter(|inv| inv.callback.engine == ENGINE_PY)
                .and_then(|inv| st.listeners.get(py, inv.callback.key));
            (next, f)
        };
        let Some(inv) = next else { break };
        if inv.callback.engine == ENGINE_PY {
            if let Some(f) = f {
                call_listener(
                    py,
                    shared,
                    f.bind(py),
                    event,
                    inv.handler,
                    inv.in_shadow_tree,
                )?;
            }
        } else if let Some(caller) = FOREIGN.with(|f| f.borrow().clone())
            && let Err(e) = caller(inv)
        {
            eprintln!("{e}");
        }
    }
    // The activation behavior's events (input and change, submit...).
    loop {
        let next = shared.lock(py).doc.dispatch_after(&mut d);
        let Some((target, follow)) = next else { break };
        let follow = event_object(py, shared, follow)?;
        dispatch(py, shared, target, &follow)?;
    }
    let (canceled, released) = {
        let mut st = shared.lock(py);
        (st.doc.event(id).map(|e| e.canceled), take_released(&mut st))
    };
    drop(released);
    Ok(!canceled.or_raise(py)?)
}

/// Call one listener (a callable, or an object with `handleEvent`); its
/// exception is reported (an `ErrorEvent` at the window, then printed
/// with its traceback unless canceled) and dispatch goes on.
/// An event handler's value (`handler`) is called, and a `False` result
/// cancels the event (the event handler processing algorithm).
fn call_listener(
    py: Python<'_>,
    shared: &Arc<Shared>,
    f: &Bound<'_, PyAny>,
    event: &Bound<'_, PyEvent>,
    handler: bool,
    in_shadow_tree: bool,
) -> PyResult<()> {
    // The window's current event (`window.event`) while it runs, unless
    // the current target is in a shadow tree.
    let outer =
        (!in_shadow_tree).then(|| CURRENT_EVENT.replace(Some(event.clone().into_any().unbind())));
    let result = call_listener_value(py, f, event, handler);
    if let Some(outer) = outer {
        drop(CURRENT_EVENT.replace(outer));
    }
    match result {
        Err(e) if !e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) => {
            report_exception(py, shared, e);
            Ok(())
        }
        other => other,
    }
}

thread_local! {
    /// Whether an exception is being reported (one raised while reporting
    /// is only printed).
    static REPORTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// [Report an exception](https://html.spec.whatwg.org/#report-an-exception):
/// a trusted, cancelable `ErrorEvent` at the document's window (its
/// `error` the exception); printed with its traceback unless a listener
/// canceled it.
fn report_exception(py: Python<'_>, shared: &Arc<Shared>, err: PyErr) {
    if REPORTING.replace(true) {
        err.display(py);
        return;
    }
    let canceled = (|| -> PyResult<bool> {
        let value = err.value(py);
        let message = format!(
            "Uncaught {}: {}",
            value.get_type().qualname()?,
            value.str()?
        );
        let event = Bound::new(
            py,
            PyClassInitializer::from(PyEvent::made(
                "error",
                false,
                true,
                false,
                Some(shared.lock(py).doc.now_ms()),
            ))
            .add_subclass(PyErrorEvent {
                message,
                filename: String::new(),
                lineno: 0,
                colno: 0,
                error: value.clone().into_any().unbind(),
            }),
        )?
        .into_super();
        let id = event.borrow().bind(py, shared)?;
        let window = {
            let mut st = shared.lock(py);
            if let Ok(e) = st.doc.event_mut(id) {
                e.trusted = true;
            }
            st.doc.window()
        };
        Ok(!dispatch(py, shared, window, &event)?)
    })()
    .unwrap_or(false);
    REPORTING.set(false);
    if !canceled {
        err.display(py);
    }
}

thread_local! {
    /// The event whose Python listener runs on this thread (`window.event`).
    static CURRENT_EVENT: std::cell::RefCell<Option<Py<PyAny>>> = const { std::cell::RefCell::new(None) };
}

/// `window.event` for Python's `Window`: the event whose listener runs,
/// or None.
#[pyfunction]
pub fn _current_event(py: Python<'_>) -> Option<Py<PyAny>> {
    CURRENT_EVENT.with_borrow(|e| e.as_ref().map(|e| e.clone_ref(py)))
}

fn call_listener_value(
    py: Python<'_>,
    f: &Bound<'_, PyAny>,
    event: &Bound<'_, PyEvent>,
    handler: bool,
) -> PyResult<()> {
    let result = if handler {
        f.call1((event,)).and_then(|r| {
            let before_unload = !r.is_none()
                && event.borrow().read(py, |e| e.kind == "beforeunload")?
                && event
                    .is_instance(&py.import("ecsdom._events")?.getattr("BeforeUnloadEvent")?)?;
            if before_unload {
                // OnBeforeUnloadEventHandler: a result that is not None
                // (made a str while window.event is the event) cancels it
                // and is its returnValue unless one was set.
                let text = r.str()?;
                event.call_method0("preventDefault")?;
                if event.getattr("returnValue")?.eq("")? {
                    event.setattr("returnValue", text)?;
                }
            } else if r.is(pyo3::types::PyBool::new(py, false)) {
                event.call_method0("preventDefault")?;
            }
            Ok(r)
        })
    } else if f.is_callable() {
        f.call1((event,))
    } else {
        f.call_method1("handleEvent", (event,))
    };
    result.map(|_| ())
}

/// For a host: call the Python listener of `inv` (a dispatch another engine
/// drives), with a Python view of its event.
pub fn call_python_listener(py: Python<'_>, shared: &Arc<Shared>, inv: Invocation) -> PyResult<()> {
    let Some(f) = shared.lock(py).listeners.get(py, inv.callback.key) else {
        return Ok(());
    };
    let event = event_object(py, shared, inv.event)?;
    call_listener(
        py,
        shared,
        f.bind(py),
        &event,
        inv.handler,
        inv.in_shadow_tree,
    )
}

/// A Python view of event `id`, made by the host or another engine: an
/// `Event`, or a `CustomEvent` whose `detail` crossed as a structured
/// clone. The view
/// holds a reference to the shared event state.
pub fn event_object<'py>(
    py: Python<'py>,
    shared: &Arc<Shared>,
    id: EventId,
) -> PyResult<Bound<'py, PyEvent>> {
    let view = shared
        .lock(py)
        .event_views
        .get(&id.to_bits())
        .map(|v| v.clone_ref(py));
    if let Some(v) = view {
        return Ok(v.into_bound(py).cast_into::<PyEvent>()?);
    }
    let (detail, interface, kind) = {
        let mut st = shared.lock(py);
        st.doc.retain_event(id).or_raise(py)?;
        let e = st.doc.event(id).or_raise(py)?;
        (e.detail.clone(), e.interface, e.kind.clone())
    };
    if !interface.is_empty() {
        return data_event_object(py, shared, id, interface, &kind);
    }
    match detail {
        Some(s) => {
            let detail = crate::clone::deserialize(py, &s)?;
            Ok(Bound::new(
                py,
                PyClassInitializer::from(PyEvent::bound(shared, id))
                    .add_subclass(PyCustomEvent { detail }),
            )?
            .into_super())
        }
        None => Bound::new(py, PyEvent::bound(shared, id)),
    }
}

/// An event of a data event interface the DOM or the host made (a
/// label's `click`, a `SubmitEvent`, a `HashChangeEvent`) as an object of
/// its class of `ecsdom._events`, with its init members; the caller's
/// reference to the event is the object's.
fn data_event_object<'py>(
    py: Python<'py>,
    shared: &Arc<Shared>,
    id: EventId,
    interface: &str,
    kind: &str,
) -> PyResult<Bound<'py, PyEvent>> {
    let cls = py.import("ecsdom._events")?.getattr(interface)?;
    let object = cls.call_method1("__new__", (&cls, kind))?;
    let event = object.cast::<PyEvent>()?.clone();
    *event
        .borrow()
        .state
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Ok((shared.clone(), id));
    let init = pyo3::types::PyDict::new(py);
    let members = shared.lock(py).doc.event(id).or_raise(py)?.init.clone();
    for (name, value) in members {
        let value = match value {
            dom_ecs::EventValue::Text(t) => t.into_pyobject(py)?.into_any().unbind(),
            dom_ecs::EventValue::Node(n) if shared.lock(py).doc.is_window(n) => {
                crate::target::window_object(py, shared, n)?
            }
            dom_ecs::EventValue::Node(n) => {
                let mut st = shared.lock(py);
                wrap(py, shared, &mut st, n)?
            }
            dom_ecs::EventValue::Storage { window, kind } => {
                let w = crate::target::window_object(py, shared, window)?;
                let name = match kind {
                    dom_ecs::storage::StorageKind::Local => "localStorage",
                    dom_ecs::storage::StorageKind::Session => "sessionStorage",
                };
                w.bind(py).getattr(name)?.unbind()
            }
            dom_ecs::EventValue::Cloned(s) => crate::clone::deserialize(py, &s)?,
            dom_ecs::EventValue::Number(n) => n.into_pyobject(py)?.into_any().unbind(),
        };
        init.set_item(name, value)?;
    }
    object.call_method("_init_members", (kind,), Some(&init))?;
    // Kept while its event is dispatched or Python holds it elsewhere
    // (a view is dropped at the next view made after neither holds).
    let mut st = shared.lock(py);
    let st = &mut *st;
    let doc = &st.doc;
    st.event_views.retain(|bits, v| {
        held_elsewhere(v)
            || doc
                .event(EventId::from_bits(*bits))
                .is_ok_and(|e| e.dispatching)
    });
    st.event_views
        .insert(id.to_bits(), event.clone().into_any().unbind());
    Ok(event)
}

/// Whether Python holds `object` somewhere besides this reference.
fn held_elsewhere(object: &Py<PyAny>) -> bool {
    // SAFETY: `object` is a live reference the caller holds while the
    // thread is attached to the interpreter (the document's lock is held
    // under the GIL); reading its reference count has no other effect.
    #[expect(unsafe_code, reason = "reading a live object's reference count")]
    let count = unsafe { pyo3::ffi::Py_REFCNT(object.as_ptr()) };
    count > 1
}

/// Carry out a focus change: dispatch its events (`blur`, `focusout`,
/// `focus`, `focusin`) in turn.
fn focus_change(
    py: Python<'_>,
    shared: &Arc<Shared>,
    change: Option<dom_ecs::html::FocusChange>,
) -> PyResult<()> {
    let Some(mut change) = change else {
        return Ok(());
    };
    loop {
        let next = shared.lock(py).doc.focus_next(&mut change);
        let Some((target, id)) = next else {
            return Ok(());
        };
        let event = event_object(py, shared, id)?;
        dispatch(py, shared, target, &event)?;
    }
}

/// `focus()` (or with `blur`, `blur()`) of the element `n`: the DOM's
/// focus change, its events dispatched in turn.
fn focus_or_blur(py: Python<'_>, n: &PyNode, blur: bool) -> PyResult<()> {
    let change = {
        let doc = &mut n.shared.lock(py).doc;
        if blur {
            doc.blur_begin(n.id)
        } else {
            doc.focus_begin(n.id)
        }
    }
    .or_raise(py)?;
    focus_change(py, &n.shared, change)
}

#[pymethods]
impl crate::node::svg::PySVGElement {
    /// `focus(options=None)`: as `HTMLElement.focus` (`HTMLOrSVGElement`'s).
    #[pyo3(signature = (options = None))]
    fn focus(slf: &Bound<'_, Self>, options: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let _ = options;
        focus_or_blur(slf.py(), base(slf), false)
    }

    /// `blur()`: as `HTMLElement.blur`.
    fn blur(slf: &Bound<'_, Self>) -> PyResult<()> {
        focus_or_blur(slf.py(), base(slf), true)
    }
}

#[pymethods]
impl crate::idl::PyHTMLElement {
    /// `focus(options=None)`: focus the element (or the element its shadow
    /// root delegates focus to), firing `blur`/`focusout` at the element
    /// focused before and `focus`/`focusin` at it; nothing if it is not
    /// focusable or focused already. (`preventScroll`: nothing scrolls.)
    #[pyo3(signature = (options = None))]
    fn focus(slf: &Bound<'_, Self>, options: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let _ = options;
        focus_or_blur(slf.py(), base(slf), false)
    }

    /// `blur()`: if the element is focused, focus nothing (the viewport),
    /// firing `blur` and `focusout` at it.
    fn blur(slf: &Bound<'_, Self>) -> PyResult<()> {
        focus_or_blur(slf.py(), base(slf), true)
    }

    /// `click()`: dispatch a bubbling, cancelable, composed `click`
    /// `MouseEvent`, unless the element is a disabled form control or its
    /// `click()` is already running.
    fn click(slf: &Bound<'_, Self>) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let Some(id) = n.shared.lock(py).doc.click_begin(n.id).or_raise(py)? else {
            return Ok(());
        };
        let result =
            event_object(py, &n.shared, id).and_then(|event| dispatch(py, &n.shared, n.id, &event));
        n.shared.lock(py).doc.click_end(n.id, id);
        result.map(|_| ())
    }
}

#[pymethods]
impl crate::node::PyDocument {
    /// `createEvent(interface)`: an event of the interface the DOM
    /// Standard's table names, with type "", to set up with `initEvent`
    /// (or `initCustomEvent`...); `NotSupportedError` for other names.
    #[pyo3(name = "createEvent")]
    fn create_event(slf: &Bound<'_, Self>, interface: DomStr<'_>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let event = match dom_ecs::Document::event_interface(&interface).or_raise(py)? {
            dom_ecs::EventInterface::Event => {
                let now = crate::node::base(slf).shared.lock(py).doc.now_ms();
                Py::new(py, PyEvent::made("", false, false, false, Some(now)))?.into_any()
            }
            dom_ecs::EventInterface::CustomEvent => Py::new(
                py,
                PyCustomEvent::py_new(py, "".into(), None, false, false, false),
            )?
            .into_any(),
            // A data event: its class of `ecsdom._events` (one without a
            // constructor too).
            dom_ecs::EventInterface::Data(name) => py
                .import("ecsdom._events")?
                .getattr("create_event")?
                .call1((name,))?
                .unbind(),
        };
        // Not initialized until `initEvent`: dispatching it raises.
        event
            .bind(py)
            .cast::<PyEvent>()?
            .borrow()
            .write(py, |e| e.uninitialized = true)?;
        Ok(event)
    }
}
