//! `style` (`CSSStyleDeclaration`, <https://drafts.csswg.org/cssom/#the-cssstyledeclaration-interface>):
//! an element's inline style. Its IDL members are generated
//! (`webidl/bindings.txt`: `cssText`, `getPropertyValue`, `setProperty`...);
//! here are the attribute of each CSS property, as in JS (`style.color`,
//! `style.backgroundColor`; `None` sets "" and so removes it), and the
//! Python protocols: `style["background-color"]` for a declared
//! property's value (`KeyError` when it has none), assignment and `del`,
//! `style[0]` for a declaration's name, `len()` and iteration over the
//! declarations' names.

use std::sync::Arc;

use dom_ecs::StyleDeclarations;
use dom_ecs::cssom::property_of_attribute;
use pyo3::exceptions::{PyAttributeError, PyIndexError, PyTypeError};
use pyo3::prelude::*;

use crate::dom_str::{DomStr, Text, key_error};
use crate::error::OrRaise;
use crate::state::Shared;

/// An element's `CSSStyleDeclaration`.
#[pyclass(frozen, module = "ecsdom", name = "CSSStyleDeclaration")]
pub struct PyCSSStyleDeclaration {
    shared: Arc<Shared>,
    style: StyleDeclarations,
    /// The element's handle, which keeps it alive while the object lives.
    _owner: Py<PyAny>,
}

impl PyCSSStyleDeclaration {
    pub(crate) fn of(shared: &Arc<Shared>, style: StyleDeclarations, owner: Py<PyAny>) -> Self {
        PyCSSStyleDeclaration {
            shared: shared.clone(),
            style,
            _owner: owner,
        }
    }

    fn value(&self, py: Python<'_>, property: &str) -> PyResult<Text> {
        let mut st = self.shared.lock(py);
        Ok(Text(
            self.style
                .get_property_value(st.read(py)?, property)
                .or_raise(py)?,
        ))
    }

    fn set(&self, py: Python<'_>, property: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        // (None is "": the attributes are `[LegacyNullToEmptyString]`.)
        let value = if value.is_none() {
            String::new()
        } else {
            crate::error::dom_string(value, "a style property's value")?
                .as_str()
                .to_owned()
        };
        let mut st = self.shared.lock(py);
        self.style
            .set_property(st.read(py)?, property, &value, "")
            .or_raise(py)
    }

    fn names(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let mut st = self.shared.lock(py);
        self.style.names(st.read(py)?).or_raise(py)
    }
}

/// The generated members (`webidl/bindings.txt`) are `StyleDeclarations`'s.
impl crate::idl::IdlObject for PyCSSStyleDeclaration {
    type Receiver = StyleDeclarations;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut Self::Receiver) -> T) -> T {
        f(&mut slf.get().style.clone())
    }
}

#[pymethods]
impl PyCSSStyleDeclaration {
    /// A property's attribute (`backgroundColor`, `background-color`,
    /// `webkitTransform`): its value, "" when not set.
    fn __getattr__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<Text> {
        match property_of_attribute(&name) {
            Some(property) => self.value(py, property),
            None => Err(PyAttributeError::new_err(format!(
                "'CSSStyleDeclaration' object has no attribute '{}'",
                name.as_str()
            ))),
        }
    }

    /// Setting a property's attribute: `setProperty(property, value)`;
    /// any other attribute as Python sets it (`cssText`'s setter).
    fn __setattr__(
        slf: &Bound<'_, Self>,
        name: DomStr<'_>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        if let Some(property) = property_of_attribute(&name) {
            return slf.get().set(slf.py(), property, value);
        }
        let descriptor = slf.get_type().getattr(name.as_str()).ok();
        match descriptor {
            Some(d) if d.hasattr("__set__")? => d.call_method1("__set__", (slf, value)).map(drop),
            _ => Err(PyAttributeError::new_err(format!(
                "'CSSStyleDeclaration' object has no attribute '{}'",
                name.as_str()
            ))),
        }
    }

    /// `style["color"]`: the value of a declared property (`KeyError` when
    /// it is not declared); `style[0]`: the name of the first declaration.
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Text> {
        if let Ok(index) = key.extract::<isize>() {
            let names = self.names(py)?;
            let at = if index < 0 {
                names.len().checked_sub(index.unsigned_abs())
            } else {
                Some(index.unsigned_abs())
            };
            return at
                .and_then(|i| names.get(i).cloned())
                .map(Text)
                .ok_or_else(|| PyIndexError::new_err("declaration index out of range"));
        }
        let Ok(name) = key.extract::<DomStr<'_>>() else {
            return Err(PyTypeError::new_err("a property name or an index"));
        };
        let value = self.value(py, &name)?;
        if value.0.is_empty() {
            Err(key_error(py, &name))
        } else {
            Ok(value)
        }
    }

    /// `style["color"] = "red"`: `setProperty` (a value that does not
    /// parse for the property changes nothing, as in CSSOM).
    fn __setitem__(
        &self,
        py: Python<'_>,
        name: DomStr<'_>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        self.set(py, &name, value)
    }

    /// `del style["color"]`: `removeProperty` (`KeyError` when it was not
    /// declared).
    fn __delitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<()> {
        let mut st = self.shared.lock(py);
        let old = self
            .style
            .remove_property(st.read(py)?, &name)
            .or_raise(py)?;
        if old.is_empty() {
            return Err(key_error(py, &name));
        }
        Ok(())
    }

    /// Whether a property is declared.
    fn __contains__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        Ok(!self.value(py, &name)?.0.is_empty())
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.names(py)?.len())
    }

    /// The declarations' names (longhands), in order.
    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list = pyo3::types::PyList::new(py, self.names(py)?)?;
        Ok(list.as_any().try_iter()?.into_any().unbind())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut st = self.shared.lock(py);
        let text = self.style.css_text(st.read(py)?).or_raise(py)?;
        Ok(format!("CSSStyleDeclaration({text:?})"))
    }
}

/// `getComputedStyle(elt, pseudoElt)`
/// (<https://drafts.csswg.org/cssom/#dom-window-getcomputedstyle>): the
/// live, read-only declarations of `element`'s computed style (the
/// window's method, `ecsdom/_window.py`, calls this).
#[pyfunction]
#[pyo3(signature = (element, pseudo=None))]
pub fn _computed_style(
    element: &Bound<'_, crate::node::PyNode>,
    pseudo: Option<DomStr<'_>>,
) -> PyResult<Py<PyAny>> {
    use crate::idl::IdlToPy as _;
    let py = element.py();
    let node = element.get();
    let shared = node.shared.clone();
    let mut st = shared.lock(py);
    let style = st
        .read(py)?
        .computed_style(node.id, pseudo.as_deref())
        .or_raise(py)?;
    style.to_py(&shared, py, &mut st)
}
