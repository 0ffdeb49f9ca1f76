//! `AbstractRange` and `StaticRange` (<https://dom.spec.whatwg.org/#ranges>)
//! in Python: `StaticRange(start_container=..., start_offset=...,
//! end_container=..., end_offset=...)`, checked by dom-ecs once; the
//! boundary nodes are held as handles.

use pyo3::prelude::*;

use crate::error::OrRaise;
use crate::node::PyNode;

/// `AbstractRange`: the boundary points of a range.
#[pyclass(frozen, subclass, module = "ecsdom", name = "AbstractRange")]
pub struct PyAbstractRange {
    start: Py<PyNode>,
    start_offset: u32,
    end: Py<PyNode>,
    end_offset: u32,
    collapsed: bool,
}

#[pymethods]
impl PyAbstractRange {
    #[getter(startContainer)]
    fn start_container(&self, py: Python<'_>) -> Py<PyNode> {
        self.start.clone_ref(py)
    }

    #[getter(startOffset)]
    fn start_offset(&self) -> u32 {
        self.start_offset
    }

    #[getter(endContainer)]
    fn end_container(&self, py: Python<'_>) -> Py<PyNode> {
        self.end.clone_ref(py)
    }

    #[getter(endOffset)]
    fn end_offset(&self) -> u32 {
        self.end_offset
    }

    #[getter(collapsed)]
    fn collapsed(&self) -> bool {
        self.collapsed
    }
}

/// `StaticRange`: a range the tree's changes do not update.
#[pyclass(frozen, extends = PyAbstractRange, module = "ecsdom", name = "StaticRange")]
pub struct PyStaticRange;

#[pymethods]
impl PyStaticRange {
    /// `StaticRange(start_container=, start_offset=, end_container=,
    /// end_offset=)`: `InvalidNodeTypeError` for a doctype boundary.
    #[new]
    #[pyo3(signature = (*, start_container, start_offset, end_container, end_offset))]
    fn new(
        start_container: &Bound<'_, PyNode>,
        start_offset: u32,
        end_container: &Bound<'_, PyNode>,
        end_offset: u32,
    ) -> PyResult<PyClassInitializer<Self>> {
        let py = start_container.py();
        let (s, e) = (start_container.get(), end_container.get());
        s.same_doc(py, e)?;
        let r = s
            .shared
            .lock(py)
            .read(py)?
            .static_range(s.id, start_offset, e.id, end_offset)
            .or_raise(py)?;
        Ok(PyClassInitializer::from(PyAbstractRange {
            start: start_container.clone().unbind(),
            start_offset,
            end: end_container.clone().unbind(),
            end_offset,
            collapsed: r.collapsed(),
        })
        .add_subclass(PyStaticRange))
    }
}
