//! Geometry Interfaces 1's `DOMRectReadOnly` and its subclass `DOMRect`,
//! over one dom-ecs [`DomRect`] (members generated from
//! webidl/bindings.txt): `toJSON()` gives a dict, `repr()` the values.

use dom_ecs::geometry::DomRect;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::values::IdlValueObject;

/// A `DOMRectReadOnly` object.
#[pyclass(subclass, frozen, module = "ecsdom", name = "DOMRectReadOnly")]
pub struct PyDOMRectReadOnly(pub(crate) DomRect);

/// A `DOMRect` object: a `DOMRectReadOnly` whose x, y, width and height
/// are writable (it holds the same rectangle as its base).
#[pyclass(extends = PyDOMRectReadOnly, frozen, module = "ecsdom", name = "DOMRect")]
pub struct PyDOMRect(pub(crate) DomRect);

impl IdlValueObject for PyDOMRectReadOnly {
    type Receiver = DomRect;
    fn receiver(&self) -> &DomRect {
        &self.0
    }
    fn initializer(r: DomRect) -> PyClassInitializer<Self> {
        PyDOMRectReadOnly(r).into()
    }
}

impl IdlValueObject for PyDOMRect {
    type Receiver = DomRect;
    fn receiver(&self) -> &DomRect {
        &self.0
    }
    fn initializer(r: DomRect) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyDOMRectReadOnly(r.clone())).add_subclass(PyDOMRect(r))
    }
}

impl crate::idl::IdlValue for DomRect {
    fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(if self.is_writable() {
            Py::new(py, PyDOMRect::initializer(self))?.into_any()
        } else {
            Py::new(py, PyDOMRectReadOnly(self))?.into_any()
        })
    }
}

#[pymethods]
impl PyDOMRectReadOnly {
    /// `toJSON()`: the eight attributes, by name.
    #[pyo3(name = "toJSON")]
    fn to_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        let d = PyDict::new(py);
        let ok = |v: dom_ecs::DomResult<f64>| v.unwrap_or(f64::NAN);
        d.set_item("x", ok(r.x()))?;
        d.set_item("y", ok(r.y()))?;
        d.set_item("width", ok(r.width()))?;
        d.set_item("height", ok(r.height()))?;
        d.set_item("top", ok(r.top()))?;
        d.set_item("right", ok(r.right()))?;
        d.set_item("bottom", ok(r.bottom()))?;
        d.set_item("left", ok(r.left()))?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let r = self.0.get();
        let name = if self.0.is_writable() {
            "DOMRect"
        } else {
            "DOMRectReadOnly"
        };
        format!(
            "{name}(x={}, y={}, width={}, height={})",
            r.x, r.y, r.width, r.height
        )
    }
}
