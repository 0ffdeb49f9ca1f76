//! CSSOM's style sheets in Python
//! (<https://drafts.csswg.org/cssom/#css-style-sheets>): `CSSStyleSheet`
//! (`element.sheet`, `document.styleSheets[i]`), `StyleSheetList`,
//! `CSSRuleList` and `CSSRule`/`CSSStyleRule`, each made of its dom-ecs
//! value (`StyleSheet`, `StyleSheets`, `RuleList`, `Rule`), whose methods
//! the generated members (`webidl/bindings.txt`) are. A sheet, rule list
//! or rule is one Python object while any script holds it (the document
//! keeps weak references by identity); each holds its sheet's owner
//! element (or the list's document), so it stays alive. The lists are
//! sequences: `len()`, indexing (negative from the end), iteration.

use std::sync::Arc;

use dom_ecs::{NodeId, Rule, RuleList, StyleSheet, StyleSheets};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;

use crate::error::OrRaise;
use crate::idl::{IdlObject, IdlToPy};
use crate::state::{DocState, Shared};

/// The one object of identity `key`: the one made before while it lives,
/// else `make`'s (held weakly from now on).
pub(crate) fn by_identity(
    py: Python<'_>,
    st: &mut DocState,
    key: usize,
    make: impl FnOnce(&mut DocState) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    if let Some(w) = st.css_objects.get(&key) {
        let alive = w.bind(py).call0()?;
        if !alive.is_none() {
            return Ok(alive.unbind());
        }
    }
    let made = make(st)?;
    let weak = py.import("weakref")?.getattr("ref")?.call1((&made,))?;
    if st.css_objects.len() >= 64 && st.css_objects.len().is_power_of_two() {
        st.css_objects
            .retain(|_, w| w.bind(py).call0().is_ok_and(|o| !o.is_none()));
    }
    st.css_objects.insert(key, weak.unbind());
    Ok(made)
}

/// A `StyleSheet`: its members are `type`, `href`, `ownerNode`, `title`,
/// `disabled`.
#[pyclass(frozen, subclass, weakref, module = "ecsdom", name = "StyleSheet")]
pub struct PyStyleSheet {
    shared: Arc<Shared>,
    sheet: StyleSheet,
    /// The owner element's handle (it lives as long).
    _owner: Py<PyAny>,
}

/// A `CSSStyleSheet`: `cssRules`, `insertRule`, `deleteRule` and the
/// legacy `rules`, `removeRule`.
#[pyclass(frozen, extends = PyStyleSheet, module = "ecsdom", name = "CSSStyleSheet")]
pub struct PyCSSStyleSheet;

impl IdlObject for PyStyleSheet {
    type Receiver = StyleSheet;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut StyleSheet) -> T) -> T {
        f(&mut slf.get().sheet.clone())
    }
}

impl IdlObject for PyCSSStyleSheet {
    type Receiver = StyleSheet;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.as_super().get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut StyleSheet) -> T) -> T {
        f(&mut slf.as_super().get().sheet.clone())
    }
}

/// A `CSSRule`: `cssText`, `parentStyleSheet`, `type`.
#[pyclass(frozen, subclass, weakref, module = "ecsdom", name = "CSSRule")]
pub struct PyCSSRule {
    shared: Arc<Shared>,
    rule: Rule,
    _owner: Py<PyAny>,
}

/// A `CSSStyleRule`: a style rule's `selectorText`.
#[pyclass(frozen, extends = PyCSSRule, module = "ecsdom", name = "CSSStyleRule")]
pub struct PyCSSStyleRule;

impl IdlObject for PyCSSRule {
    type Receiver = Rule;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut Rule) -> T) -> T {
        f(&mut slf.get().rule.clone())
    }
}

impl IdlObject for PyCSSStyleRule {
    type Receiver = Rule;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.as_super().get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut Rule) -> T) -> T {
        f(&mut slf.as_super().get().rule.clone())
    }
}

/// A `StyleSheetList` (`document.styleSheets`): the sheets as they are
/// at each read.
#[pyclass(frozen, sequence, module = "ecsdom", name = "StyleSheetList")]
pub struct PyStyleSheetList {
    shared: Arc<Shared>,
    list: StyleSheets,
    _owner: Py<PyAny>,
}

impl IdlObject for PyStyleSheetList {
    type Receiver = StyleSheets;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut StyleSheets) -> T) -> T {
        f(&mut { slf.get().list })
    }
}

/// A `CSSRuleList` (`sheet.cssRules`): the rules as they are at each
/// read.
#[pyclass(frozen, sequence, weakref, module = "ecsdom", name = "CSSRuleList")]
pub struct PyCSSRuleList {
    shared: Arc<Shared>,
    list: RuleList,
    _owner: Py<PyAny>,
}

impl IdlObject for PyCSSRuleList {
    type Receiver = RuleList;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut RuleList) -> T) -> T {
        f(&mut slf.get().list.clone())
    }
}

/// Index `i` of a list of `len` (negative from the end), or an
/// `IndexError`.
fn index(i: isize, len: usize, what: &str) -> PyResult<usize> {
    let k = if i < 0 {
        len.checked_sub(i.unsigned_abs())
    } else {
        Some(i.unsigned_abs()).filter(|&k| k < len)
    };
    k.ok_or_else(|| PyIndexError::new_err(format!("{what} index out of range")))
}

#[pymethods]
impl PyStyleSheetList {
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let mut st = self.shared.lock(py);
        self.list.length(st.read(py)?).or_raise(py)
    }

    fn __getitem__(&self, py: Python<'_>, i: isize) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        let len = self.list.length(st.read(py)?).or_raise(py)?;
        let k = index(i, len, "StyleSheetList")?;
        let sheet = self.list.item(st.read(py)?, k).or_raise(py)?;
        sheet.to_py(&self.shared, py, &mut st)
    }
}

#[pymethods]
impl PyCSSRuleList {
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let mut st = self.shared.lock(py);
        self.list.length(st.read(py)?).or_raise(py)
    }

    fn __getitem__(&self, py: Python<'_>, i: isize) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        let len = self.list.length(st.read(py)?).or_raise(py)?;
        let k = index(i, len, "CSSRuleList")?;
        let rule = self.list.item(st.read(py)?, k).or_raise(py)?;
        rule.to_py(&self.shared, py, &mut st)
    }
}

/// The owner's handle, which an object holds.
fn owner(
    py: Python<'_>,
    shared: &Arc<Shared>,
    st: &mut DocState,
    id: NodeId,
) -> PyResult<Py<PyAny>> {
    crate::node::wrap(py, shared, st, id)
}

/// A sheet: its one `CSSStyleSheet`.
impl IdlToPy for StyleSheet {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        by_identity(py, st, self.identity(), |st| {
            let _owner = owner(py, shared, st, self.owner())?;
            let base = PyStyleSheet {
                shared: shared.clone(),
                sheet: self,
                _owner,
            };
            let init = PyClassInitializer::from(base).add_subclass(PyCSSStyleSheet);
            Ok(Py::new(py, init)?.into_any())
        })
    }
}

impl IdlToPy for Option<StyleSheet> {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        match self {
            Some(s) => s.to_py(shared, py, st),
            None => Ok(py.None()),
        }
    }
}

/// A rule: its one object, a `CSSStyleRule` for a style rule, else a
/// `CSSRule`.
impl IdlToPy for Rule {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        by_identity(py, st, self.identity(), |st| {
            let _owner = owner(py, shared, st, self.sheet().owner())?;
            let style = self.is_style_rule();
            let base = PyCSSRule {
                shared: shared.clone(),
                rule: self,
                _owner,
            };
            if style {
                let init = PyClassInitializer::from(base).add_subclass(PyCSSStyleRule);
                Ok(Py::new(py, init)?.into_any())
            } else {
                Ok(Py::new(py, base)?.into_any())
            }
        })
    }
}

impl IdlToPy for Option<Rule> {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        match self {
            Some(r) => r.to_py(shared, py, st),
            None => Ok(py.None()),
        }
    }
}

/// A sheet's rules: its one `CSSRuleList` (`cssRules` and `rules`
/// alike).
impl IdlToPy for RuleList {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        by_identity(py, st, self.identity(), |st| {
            let _owner = owner(py, shared, st, self.sheet().owner())?;
            let list = PyCSSRuleList {
                shared: shared.clone(),
                list: self,
                _owner,
            };
            Ok(Py::new(py, list)?.into_any())
        })
    }
}

/// `styleSheets`: a `StyleSheetList` of the document or shadow root.
impl IdlToPy for StyleSheets {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        let _owner = owner(py, shared, st, self.root)?;
        let list = PyStyleSheetList {
            shared: shared.clone(),
            list: self,
            _owner,
        };
        Ok(Py::new(py, list)?.into_any())
    }
}
