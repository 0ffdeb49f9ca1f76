//! Python bindings of the ecsdom DOM: the `ecsdom._native` module.
//!
//! Thin by design: each method converts arguments, calls `dom-ecs`, and
//! converts the result or the error. Handles are plain node IDs
//! ([`node`]), lists are vectors of IDs ([`node_list`]), errors map in one
//! place ([`error`]).

pub mod document;
pub mod embed;
pub mod error;
pub mod events;
mod idl;
pub mod mapping;
pub mod node;
pub mod node_list;
pub mod state;
pub mod task;

use pyo3::prelude::*;

/// The native module. Safe without the GIL: all DOM state is behind the
/// document's own lock.
#[pymodule(gil_used = false)]
pub fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(document::parse, m)?)?;
    m.add_function(wrap_pyfunction!(document::parse_fragment, m)?)?;
    m.add_class::<node::PyNode>()?;
    m.add_class::<node::PyElement>()?;
    m.add_class::<node::PyCharacterData>()?;
    m.add_class::<node::PyText>()?;
    m.add_class::<node::PyComment>()?;
    m.add_class::<node::PyProcessingInstruction>()?;
    m.add_class::<node::PyDocumentFragment>()?;
    m.add_class::<node::PyDocumentType>()?;
    m.add_class::<node::PyDocument>()?;
    m.add_class::<node_list::PyNodeList>()?;
    m.add_class::<node_list::PyNodeIter>()?;
    m.add_class::<mapping::PyTokenList>()?;
    m.add_class::<mapping::PyAttrs>()?;
    m.add_class::<document::PyBatch>()?;
    m.add_class::<embed::ScriptHost>()?;
    m.add_class::<events::PyEvent>()?;
    m.add_class::<events::PyCustomEvent>()?;
    m.add_class::<task::TaskNode>()?;
    m.add_class::<task::TaskTokenList>()?;
    Ok(())
}
