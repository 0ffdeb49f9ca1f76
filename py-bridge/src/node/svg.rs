//! SVG 2's element interfaces (`webidl/svg.idl`): every element in the
//! SVG namespace is an `SVGElement` handle, `a` an `SVGAElement` (an
//! `SVGGraphicsElement`); their members are generated from the binding
//! table (the mixins `HTMLOrSVGElement` and `ElementCSSInlineStyle`, and
//! `SVGAElement`'s own), but for `focus()`/`blur()` (`events.rs`).

use pyo3::prelude::*;

use super::{NodeClass, PyElement, PyNode};
use crate::target::PyEventTarget;

/// `SVGElement` (SVG 2): an element in the SVG namespace.
#[pyclass(frozen, subclass, extends = PyElement, module = "ecsdom", name = "SVGElement")]
#[derive(Default)]
pub struct PySVGElement;

/// `SVGGraphicsElement` (SVG 2): no element gets this class itself yet.
#[pyclass(frozen, subclass, extends = PySVGElement, module = "ecsdom", name = "SVGGraphicsElement")]
#[derive(Default)]
pub struct PySVGGraphicsElement;

/// `SVGAElement` (SVG 2): an SVG `a`.
#[pyclass(frozen, extends = PySVGGraphicsElement, module = "ecsdom", name = "SVGAElement")]
#[derive(Default)]
pub struct PySVGAElement;

impl NodeClass for PySVGElement {
    fn initializer(node: PyNode) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyEventTarget::of_node())
            .add_subclass(node)
            .add_subclass(PyElement)
            .add_subclass(PySVGElement)
    }
}

impl NodeClass for PySVGAElement {
    fn initializer(node: PyNode) -> PyClassInitializer<Self> {
        PySVGElement::initializer(node)
            .add_subclass(PySVGGraphicsElement)
            .add_subclass(PySVGAElement)
    }
}

/// The object of `node`, an SVG element of class code `code`
/// (`Document::svg_interface`).
pub(crate) fn svg_object(py: Python<'_>, code: u16, node: PyNode) -> PyResult<Py<PyAny>> {
    match code {
        1 => super::object::<PySVGAElement>(py, node),
        _ => super::object::<PySVGElement>(py, node),
    }
}
