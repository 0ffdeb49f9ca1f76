//! Web Animations' `Animation` objects in Python: the CSS transitions
//! (`CSSTransition`) and CSS animations (`CSSAnimation`) that
//! `getAnimations()` gives, each made of a dom-ecs [`AnimationHandle`],
//! whose methods the generated members (`webidl/bindings.txt`) are; one
//! object per animation while a script holds it (the document keeps weak
//! references by identity).

use std::sync::Arc;

use dom_ecs::AnimationHandle;
use pyo3::prelude::*;

use crate::idl::{IdlObject, IdlToPy};
use crate::state::{DocState, Shared};

/// An `Animation`: `playState`, `cancel()`, `commitStyles()`.
#[pyclass(frozen, subclass, weakref, module = "ecsdom", name = "Animation")]
pub struct PyAnimation {
    shared: Arc<Shared>,
    handle: AnimationHandle,
}

/// A `CSSTransition`: `transitionProperty`.
#[pyclass(frozen, extends = PyAnimation, module = "ecsdom", name = "CSSTransition")]
pub struct PyCSSTransition;

/// A `CSSAnimation`: `animationName`.
#[pyclass(frozen, extends = PyAnimation, module = "ecsdom", name = "CSSAnimation")]
pub struct PyCSSAnimation;

#[pymethods]
impl PyAnimation {
    fn __repr__(slf: &Bound<'_, Self>) -> String {
        format!(
            "<{}>",
            slf.get_type()
                .name()
                .map_or_else(|_| "Animation".into(), |n| n.to_string())
        )
    }
}

impl IdlObject for PyAnimation {
    type Receiver = AnimationHandle;
    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }
    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut AnimationHandle) -> T) -> T {
        f(&mut slf.get().handle.clone())
    }
}

/// The subclasses' generated members read the `Animation` they extend.
macro_rules! animation_subclass {
    ($($class:ty),*) => {$(
        impl IdlObject for $class {
            type Receiver = AnimationHandle;
            fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
                slf.as_super().get().shared.clone()
            }
            fn with_receiver<T>(
                slf: &Bound<'_, Self>,
                f: impl FnOnce(&mut AnimationHandle) -> T,
            ) -> T {
                f(&mut slf.as_super().get().handle.clone())
            }
        }
    )*};
}
animation_subclass!(PyCSSTransition, PyCSSAnimation);

/// `getAnimations()`'s result: a list of the animations' objects.
impl IdlToPy for Vec<AnimationHandle> {
    fn to_py(self, shared: &Arc<Shared>, py: Python<'_>, st: &mut DocState) -> PyResult<Py<PyAny>> {
        let mut out = Vec::with_capacity(self.len());
        for handle in self {
            let key = handle.identity();
            let object = crate::sheets::by_identity(py, st, key, |_| {
                let transition = handle.is_transition();
                let base = PyAnimation {
                    shared: shared.clone(),
                    handle,
                };
                let init = PyClassInitializer::from(base);
                Ok(if transition {
                    Py::new(py, init.add_subclass(PyCSSTransition))?.into_any()
                } else {
                    Py::new(py, init.add_subclass(PyCSSAnimation))?.into_any()
                })
            })?;
            out.push(object);
        }
        Ok(pyo3::types::PyList::new(py, out)?.into_any().unbind())
    }
}
