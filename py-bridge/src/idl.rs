//! The Python methods generated from the IDL (`webidl/bindings.txt`, by
//! `build.rs`), and the result conversions they use. Each converts its
//! arguments, calls one dom-ecs method on the document (applying any
//! pending batch first) and converts the result.

use dom_ecs::{Document, NodeId};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::error::OrRaise;
#[allow(
    unused_imports,
    reason = "the generated methods name only the classes the binding table uses"
)]
use crate::node::{
    PyCharacterData, PyComment, PyDocument, PyDocumentFragment, PyDocumentType, PyElement, PyNode,
    PyProcessingInstruction, PyText, base,
};
use crate::state::DocState;

include!(concat!(env!("OUT_DIR"), "/idl_methods.rs"));

/// A dom-ecs result made owned, so the document can be borrowed again to
/// wrap it.
trait IntoOwned {
    type Owned;
    fn into_owned(self) -> Self::Owned;
}

macro_rules! owned_as_is {
    ($($t:ty),*) => {$(
        impl IntoOwned for $t {
            type Owned = $t;
            #[inline]
            fn into_owned(self) -> $t {
                self
            }
        }
    )*};
}
owned_as_is!(
    bool,
    u16,
    u32,
    usize,
    (),
    String,
    Option<String>,
    NodeId,
    Option<NodeId>
);

impl IntoOwned for &str {
    type Owned = String;
    fn into_owned(self) -> String {
        self.to_owned()
    }
}

/// A dom-ecs result as a Python object: nodes as handles of this document.
trait IdlToPy {
    fn to_py(self, n: &PyNode, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>>;
}

impl IdlToPy for Option<NodeId> {
    #[inline]
    fn to_py(self, n: &PyNode, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        Ok(match self {
            Some(id) => n.wrap(py, st, id)?,
            None => py.None(),
        })
    }
}

impl IdlToPy for NodeId {
    #[inline]
    fn to_py(self, n: &PyNode, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        n.wrap(py, st, self)
    }
}

macro_rules! to_py_plain {
    ($($t:ty),*) => {$(
        impl IdlToPy for $t {
            #[inline]
            fn to_py(self, _: &PyNode, py: Python<'_>, _: &mut DocState) -> PyResult<Py<PyAny>> {
                Ok(self.into_pyobject(py)?.to_owned().into_any().unbind())
            }
        }
    )*};
}
to_py_plain!(bool, u16, u32, usize, String, Option<String>);

impl IdlToPy for () {
    #[inline]
    fn to_py(self, _: &PyNode, py: Python<'_>, _: &mut DocState) -> PyResult<Py<PyAny>> {
        Ok(py.None())
    }
}
