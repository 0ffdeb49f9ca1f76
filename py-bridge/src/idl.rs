//! The Python methods generated from the IDL (`webidl/bindings.txt`, by
//! `build.rs`), and the result conversions they use. Each converts its
//! arguments, calls one dom-ecs method on the document (applying any
//! pending batch first) and converts the result.

use std::sync::Arc;

use dom_ecs::{Document, NodeId};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

#[allow(
    unused_imports,
    reason = "the generated methods name only the classes the binding table uses"
)]
use crate::animation::{PyAnimation, PyCSSAnimation, PyCSSTransition};
use crate::attr::{PyAttr, PyNamedNodeMap};
use crate::encoding::{PyTextDecoder, PyTextEncoder};
use crate::error::OrRaise;
use crate::events::{EventResult, PyEvent};
#[allow(
    unused_imports,
    reason = "the generated methods name only the classes the binding table uses"
)]
use crate::geometry::{PyDOMRect, PyDOMRectReadOnly};
#[allow(
    unused_imports,
    reason = "the generated methods name only the classes the binding table uses"
)]
use crate::mapping::PyTokenList;
#[allow(
    unused_imports,
    reason = "the generated methods name only the classes the binding table uses"
)]
use crate::node::svg::{PySVGAElement, PySVGElement};
#[allow(
    unused_imports,
    reason = "the generated methods name only the classes the binding table uses"
)]
use crate::node::{
    PyCharacterData, PyComment, PyDocument, PyDocumentFragment, PyDocumentType, PyElement, PyNode,
    PyProcessingInstruction, PyShadowRoot, PyText, base,
};
use crate::node_list::{PyHTMLCollection, PyNodeList};
use crate::range::{PyRange, SameWorld};
use crate::sheets::{
    PyCSSRule, PyCSSRuleList, PyCSSStyleRule, PyCSSStyleSheet, PyStyleSheet, PyStyleSheetList,
};
use crate::state::{DocState, Shared};
use crate::storage::PyStorage;
use crate::style::PyCSSStyleDeclaration;
use crate::traversal::PyNodeFilter;
use crate::values::{
    IdlValueObject, PyCrypto, PyFormData, PyHeaders, PyNavigator, PyRequest, PyResponse, PyURL,
    PyURLSearchParams,
};
use crate::xpath::PyXPathResult;

include!(concat!(env!("OUT_DIR"), "/idl_methods.rs"));

/// One data event interface of the generated table (`EVENT_INTERFACES`):
/// what `python/ecsdom/_events.py` builds its class from.
pub(crate) struct EventInterface {
    name: &'static str,
    parent: &'static str,
    /// The init dictionary's members in WebIDL's order: (name, IDL type,
    /// default in IDL syntax).
    init: &'static [(&'static str, &'static str, &'static str)],
    attributes: &'static [&'static str],
    constants: &'static [(&'static str, i64)],
    modifier_state: bool,
    /// The legacy `init*Event` method: its name and the init members its
    /// arguments after `initEvent`'s three set (name, IDL type, default).
    legacy_init: Option<(&'static str, &'static [InitRow])>,
    /// Whether `Class(type, ...)` makes one (else `createEvent` only).
    constructible: bool,
    /// Its attributes that scripts set (`BeforeUnloadEvent.returnValue`).
    writable: &'static [&'static str],
}

/// A member's row: (name, IDL type, default).
type InitRow = (&'static str, &'static str, &'static str);

/// A data interface's row of the generated table: (dictionary, interface,
/// members, constructible, required members).
type EventDataRow = (
    &'static str,
    &'static str,
    &'static [InitRow],
    bool,
    &'static [&'static str],
);

/// One row of [`_event_interfaces`].
type EventRow = (
    &'static str,
    &'static str,
    Vec<InitRow>,
    Vec<&'static str>,
    Vec<(&'static str, i64)>,
    bool,
    Option<(&'static str, Vec<InitRow>)>,
    bool,
    Vec<&'static str>,
);

/// The data event interfaces (UI Events, HTML's...) for Python's
/// `_events.py`: `(name, parent, init members, attributes, constants,
/// getModifierState, legacy init method, constructible, writable
/// attributes)` each, parents first.
#[pyfunction]
pub fn _event_interfaces() -> Vec<EventRow> {
    EVENT_INTERFACES
        .iter()
        .map(|e| {
            (
                e.name,
                e.parent,
                e.init.to_vec(),
                e.attributes.to_vec(),
                e.constants.to_vec(),
                e.modifier_state,
                e.legacy_init.map(|(name, args)| (name, args.to_vec())),
                e.constructible,
                e.writable.to_vec(),
            )
        })
        .collect()
}

/// One row of [`_event_data`].
type DataRow = (
    &'static str,
    &'static str,
    Vec<InitRow>,
    bool,
    Vec<&'static str>,
);

/// The interfaces whose objects events make from a dictionary member
/// (`DeviceMotionEventAcceleration`), or script from their dictionary
/// (`Touch`): `(dictionary, interface, members, constructible, required
/// members)`.
#[pyfunction]
pub fn _event_data() -> Vec<DataRow> {
    EVENT_DATA
        .iter()
        .map(
            |(dictionary, interface, members, constructible, required)| {
                (
                    *dictionary,
                    *interface,
                    members.to_vec(),
                    *constructible,
                    required.to_vec(),
                )
            },
        )
        .collect()
}

/// The enumerations of those members: `{name: values}`.
#[pyfunction]
pub fn _event_enums() -> std::collections::HashMap<&'static str, Vec<&'static str>> {
    EVENT_ENUMS
        .iter()
        .map(|(name, values)| (*name, values.to_vec()))
        .collect()
}

/// A Python class whose objects are made of a dom-ecs value (the receiver
/// of their generated members: `DOMTokenList`'s `TokenList`).
pub(crate) trait IdlObject: pyo3::PyClass {
    /// The value's type.
    type Receiver;
    /// The document the object belongs to.
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared>;
    /// Run `f` on the value.
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut Self::Receiver) -> T) -> T;
}

/// The document a constructor makes its node in: `document` when given,
/// else the calling module's global `document` (for a page's scripts, the
/// page's document: WebIDL's "current global object"); a `TypeError` when
/// there is neither.
pub(crate) fn global_document<'py>(
    py: Python<'py>,
    document: Option<&Bound<'py, PyDocument>>,
) -> PyResult<Bound<'py, PyDocument>> {
    if let Some(d) = document {
        return Ok(d.clone());
    }
    // A Rust function has no frame of its own: frame 0 is the caller's.
    let globals = py
        .import("sys")?
        .call_method1("_getframe", (0,))?
        .getattr("f_globals")?;
    let found = globals.get_item("document").ok();
    match found.as_ref().map(|d| d.cast::<PyDocument>()) {
        Some(Ok(d)) => Ok(d.clone()),
        _ => Err(pyo3::exceptions::PyTypeError::new_err(
            "no document to make the node in: pass document=, or call it where the global `document` is one",
        )),
    }
}

/// The Python object a constructor made: a node's (pinned, as every
/// handle's node is), or a range's.
pub(crate) trait Construct<T: pyo3::PyClass> {
    fn construct(
        self,
        py: Python<'_>,
        shared: &Arc<Shared>,
        st: &mut DocState,
    ) -> PyResult<PyClassInitializer<T>>;
}

impl<T: crate::node::NodeClass> Construct<T> for NodeId {
    fn construct(
        self,
        py: Python<'_>,
        shared: &Arc<Shared>,
        st: &mut DocState,
    ) -> PyResult<PyClassInitializer<T>> {
        st.pin(py, self)?;
        Ok(T::initializer(PyNode {
            shared: shared.clone(),
            id: self,
        }))
    }
}

/// A `double` argument: a `TypeError` for NaN and the infinities.
pub(crate) fn finite(v: f64) -> PyResult<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "The provided double value is non-finite.",
        ))
    }
}

/// `DOMString...` from Python: each a `str`; a wrong one's `TypeError`
/// names the parameter in a note, as pyo3 does for a single argument.
pub(crate) fn strings(args: &Bound<'_, PyTuple>, name: &str) -> PyResult<Vec<String>> {
    args.iter()
        .map(|t| crate::dom_str::extract(&t))
        .collect::<PyResult<_>>()
        .inspect_err(|e| {
            let py = args.py();
            let _ = e
                .value(py)
                .call_method1("add_note", (format!("while processing '{name}'"),));
        })
}

/// A node result as a Python object: a handle of this document.
pub(crate) trait IdlToPy {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>>;
}

impl IdlToPy for Option<NodeId> {
    #[inline]
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        Ok(match self {
            Some(id) => crate::node::wrap(py, shared, st, id)?,
            None => py.None(),
        })
    }
}

impl IdlToPy for NodeId {
    #[inline]
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        crate::node::wrap(py, shared, st, self)
    }
}

/// A `NodeList` or `HTMLCollection` result: live, or a static list.
impl IdlToPy for dom_ecs::LiveCollection {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        if self.is_html_collection() {
            Ok(crate::node_list::PyHTMLCollection::of_collection(py, shared, st, self)?.into_any())
        } else {
            let list = crate::node_list::PyNodeList::of_collection(py, shared, st, self)?;
            Ok(Py::new(py, list)?.into_any())
        }
    }
}

/// `classList`: the element's live `DOMTokenList`.
impl IdlToPy for dom_ecs::TokenList {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        // (The list holds the element's handle: the element lives as long.)
        let owner = crate::node::wrap(py, shared, st, self.element)?;
        Ok(Py::new(py, crate::mapping::PyTokenList::of(shared, self, owner))?.into_any())
    }
}

/// `dataset`: the element's live `DOMStringMap`.
impl IdlToPy for dom_ecs::html::StringMap {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        let owner = crate::node::wrap(py, shared, st, self.element)?;
        Ok(Py::new(py, crate::mapping::PyDOMStringMap::of(shared, self, owner))?.into_any())
    }
}

/// `style`: the element's `CSSStyleDeclaration`.
impl IdlToPy for dom_ecs::StyleDeclarations {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        let owner = crate::node::wrap(py, shared, st, self.element)?;
        Ok(Py::new(
            py,
            crate::style::PyCSSStyleDeclaration::of(shared, self, owner),
        )?
        .into_any())
    }
}

/// `attributes`: the element's live `NamedNodeMap`.
impl IdlToPy for dom_ecs::AttrMap {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        let map = crate::attr::PyNamedNodeMap::of(py, shared, st, self.element)?;
        Ok(Py::new(py, map)?.into_any())
    }
}

/// A name (`nodeName`, `tagName`, `localName`): an interned one from the
/// document's cache of Python strings (no new `str` per call).
impl IdlToPy for dom_ecs::NameValue {
    fn to_py(self, _: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        Ok(match self {
            dom_ecs::NameValue::Interned(s) => st.name(py, s).into_any().unbind(),
            dom_ecs::NameValue::Other(s) => crate::dom_str::to_py(py, &s)?.into_any().unbind(),
        })
    }
}

/// A `sequence<Node>` result: a list of handles.
impl IdlToPy for Vec<NodeId> {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        let items = self
            .into_iter()
            .map(|id| crate::node::wrap(py, shared, st, id))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(pyo3::types::PyList::new(py, items)?.into_any().unbind())
    }
}

/// The members of a dictionary argument: the mapping given (or none)
/// with the keyword arguments over it, as one dict; a key that names no
/// member of the dictionary (`names`) is a `TypeError`, so a misspelt
/// option does not pass unnoticed.
pub(crate) fn dictionary_source<'py>(
    py: Python<'py>,
    value: Option<&Bound<'py, PyAny>>,
    members: Option<&Bound<'py, pyo3::types::PyDict>>,
    names: &[&str],
    dictionary: &str,
) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    let out = pyo3::types::PyDict::new(py);
    if let Some(v) = value.filter(|v| !v.is_none()) {
        let mapping = v.cast::<pyo3::types::PyMapping>().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "{dictionary} must be a mapping (a dict), not {}",
                v.get_type()
                    .name()
                    .map_or_else(|_| "?".into(), |n| n.to_string())
            ))
        })?;
        for item in mapping.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            out.set_item(k, v)?;
        }
    }
    if let Some(m) = members {
        out.update(m.as_mapping())?;
    }
    for k in out.keys().iter() {
        let key: String = k.extract()?;
        if !names.contains(&key.as_str()) {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "{dictionary} has no member '{key}' (its members: {})",
                names.join(", ")
            )));
        }
    }
    Ok(out)
}

/// Any other result as a Python object (strings borrowed from the
/// document are copied straight into a `str`).
pub(crate) trait IdlValue {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

macro_rules! value_via_into_pyobject {
    ($($t:ty),*) => {$(
        impl IdlValue for $t {
            #[inline]
            fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(self.into_pyobject(py)?.to_owned().into_any().unbind())
            }
        }
    )*};
}
value_via_into_pyobject!(bool, u16, i16, u32, i32, usize, f64);

impl IdlValue for &str {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(crate::dom_str::to_py(py, self)?.into_any().unbind())
    }
}

impl IdlValue for String {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.as_str().value(py)
    }
}

impl IdlValue for Option<&str> {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(s) => s.value(py),
            None => Ok(py.None()),
        }
    }
}

impl IdlValue for Option<String> {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.as_deref().value(py)
    }
}

impl IdlValue for Vec<String> {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self
            .iter()
            .map(|s| crate::dom_str::to_py(py, s))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(pyo3::types::PyList::new(py, items)?.into_any().unbind())
    }
}

/// `URL.parse`'s result: a new `URL` object, or None.
impl IdlValue for Option<dom_ecs::UrlObject> {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(u) => u.value(py),
            None => Ok(py.None()),
        }
    }
}
