//! `AbstractRange`, `StaticRange` and `Range`
//! (<https://dom.spec.whatwg.org/#ranges>) in Python.
//!
//! A `StaticRange(start_container=..., start_offset=..., end_container=...,
//! end_offset=...)` is checked by dom-ecs once and holds its nodes as
//! handles. A `Range` (`document.createRange()`, `Range()`) is made of a
//! dom-ecs live range, which the document keeps valid as the tree changes;
//! its members are generated from the binding table (`webidl/bindings.txt`).

use std::sync::Arc;

use dom_ecs::DomError;
use pyo3::prelude::*;

use crate::error::OrRaise;
use crate::node::PyNode;
use crate::state::{DocState, Shared};

/// What a range's getters read: a static range's own points, or a live
/// range of a document.
enum Bounds {
    Static {
        start: Py<PyNode>,
        start_offset: u32,
        end: Py<PyNode>,
        end_offset: u32,
        collapsed: bool,
    },
    Live {
        range: dom_ecs::Range,
        shared: Arc<Shared>,
    },
}

/// `AbstractRange`: the boundary points of a range.
#[pyclass(frozen, subclass, module = "ecsdom", name = "AbstractRange")]
pub struct PyAbstractRange {
    bounds: Bounds,
}

impl PyAbstractRange {
    /// Read a live range's point with the document at hand.
    fn live<T>(
        py: Python<'_>,
        range: &dom_ecs::Range,
        shared: &Arc<Shared>,
        f: impl FnOnce(&dom_ecs::Range, &dom_ecs::Document) -> Result<T, DomError>,
    ) -> PyResult<T> {
        let mut st = shared.lock(py);
        let d = st.read(py)?;
        f(range, d).or_raise(py)
    }

    /// A live range's boundary node, as a handle.
    fn live_node(
        py: Python<'_>,
        range: &dom_ecs::Range,
        shared: &Arc<Shared>,
        start: bool,
    ) -> PyResult<Py<PyAny>> {
        let mut st = shared.lock(py);
        let d = st.read(py)?;
        let id = if start {
            range.start_container(d)
        } else {
            range.end_container(d)
        }
        .or_raise(py)?;
        crate::node::wrap(py, shared, &mut st, id)
    }
}

#[pymethods]
impl PyAbstractRange {
    #[getter(startContainer)]
    fn start_container(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.bounds {
            Bounds::Static { start, .. } => Ok(start.clone_ref(py).into_any()),
            Bounds::Live { range, shared } => Self::live_node(py, range, shared, true),
        }
    }

    #[getter(startOffset)]
    fn start_offset(&self, py: Python<'_>) -> PyResult<usize> {
        match &self.bounds {
            Bounds::Static { start_offset, .. } => Ok(*start_offset as usize),
            Bounds::Live { range, shared } => {
                Self::live(py, range, shared, |r, d| r.start_offset(d))
            }
        }
    }

    #[getter(endContainer)]
    fn end_container(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.bounds {
            Bounds::Static { end, .. } => Ok(end.clone_ref(py).into_any()),
            Bounds::Live { range, shared } => Self::live_node(py, range, shared, false),
        }
    }

    #[getter(endOffset)]
    fn end_offset(&self, py: Python<'_>) -> PyResult<usize> {
        match &self.bounds {
            Bounds::Static { end_offset, .. } => Ok(*end_offset as usize),
            Bounds::Live { range, shared } => Self::live(py, range, shared, |r, d| r.end_offset(d)),
        }
    }

    #[getter(collapsed)]
    fn collapsed(&self, py: Python<'_>) -> PyResult<bool> {
        match &self.bounds {
            Bounds::Static { collapsed, .. } => Ok(*collapsed),
            Bounds::Live { range, shared } => Self::live(py, range, shared, |r, d| r.collapsed(d)),
        }
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
            bounds: Bounds::Static {
                start: start_container.clone().unbind(),
                start_offset,
                end: end_container.clone().unbind(),
                end_offset,
                collapsed: r.collapsed(),
            },
        })
        .add_subclass(PyStaticRange))
    }
}

/// `Range`: a live range, which the document keeps valid as the tree
/// changes (its members are generated).
#[pyclass(frozen, extends = PyAbstractRange, module = "ecsdom", name = "Range")]
pub struct PyRange;

impl PyRange {
    /// The class initializer of a live range of `shared`'s document.
    pub(crate) fn initializer(
        range: dom_ecs::Range,
        shared: &Arc<Shared>,
    ) -> PyClassInitializer<PyRange> {
        PyClassInitializer::from(PyAbstractRange {
            bounds: Bounds::Live {
                range,
                shared: shared.clone(),
            },
        })
        .add_subclass(PyRange)
    }

    /// The live range and document of a `Range` object.
    pub(crate) fn parts(slf: &Bound<'_, PyRange>) -> (dom_ecs::Range, Arc<Shared>) {
        match &slf.as_super().get().bounds {
            Bounds::Live { range, shared } => (range.clone(), shared.clone()),
            // (A `Range` is made only by `initializer`.)
            Bounds::Static { .. } => unreachable!("a Range holds a live range"),
        }
    }
}

impl crate::idl::IdlObject for PyRange {
    type Receiver = dom_ecs::Range;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        Self::parts(slf).1
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut dom_ecs::Range) -> T) -> T {
        f(&mut Self::parts(slf).0)
    }
}

/// A `Range` result: a new `Range` object of this document.
impl crate::idl::IdlToPy for dom_ecs::Range {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, _: &mut DocState) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, PyRange::initializer(self, shared))?.into_any())
    }
}

/// `Range()` makes a live range of the document.
impl crate::idl::Construct<PyRange> for dom_ecs::Range {
    fn construct(
        self,
        _: Python<'_>,
        shared: &Arc<Shared>,
        _: &mut DocState,
    ) -> PyResult<PyClassInitializer<PyRange>> {
        Ok(PyRange::initializer(self, shared))
    }
}

/// The check of node and range arguments of a generated method whose
/// object is no node: they must be of the same world.
pub(crate) struct SameWorld<'a>(pub &'a Arc<Shared>);

impl SameWorld<'_> {
    /// Ok for an object of this world.
    fn check(&self, py: Python<'_>, other: &Arc<Shared>) -> PyResult<()> {
        if Arc::ptr_eq(self.0, other) {
            return Ok(());
        }
        Err(crate::error::dom_err(
            py,
            DomError::NotSupported("the object belongs to another document".into()),
        ))
    }

    /// A node argument: its handle, if it is of this world.
    pub(crate) fn arg<'a>(
        &self,
        py: Python<'_>,
        node: &'a Bound<'_, PyNode>,
    ) -> PyResult<&'a PyNode> {
        self.check(py, &node.get().shared)?;
        Ok(node.get())
    }

    /// A `Range` argument: its live range, if it is of this world.
    pub(crate) fn range(&self, py: Python<'_>, r: &Bound<'_, PyRange>) -> PyResult<dom_ecs::Range> {
        let (range, shared) = PyRange::parts(r);
        self.check(py, &shared)?;
        Ok(range)
    }
}
