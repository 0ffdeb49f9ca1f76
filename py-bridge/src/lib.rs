//! Python bindings of the ecsdom DOM: the `ecsdom._native` module.
//!
//! Thin by design: each method converts arguments, calls `dom-ecs`, and
//! converts the result or the error. Handles are plain node IDs
//! ([`node`]), lists are vectors of IDs ([`node_list`]), errors map in one
//! place ([`error`]).

pub mod abort;
mod animation;
pub mod attr;
mod clone;
pub mod document;
pub mod dom_str;
pub mod embed;
pub mod encoding;
pub mod error;
pub mod events;
pub mod geometry;
mod history;
pub mod host;
mod idl;
pub mod implementation;
pub mod mapping;
mod messaging;
pub mod node;
pub mod node_list;
pub mod observer;
pub mod range;
pub mod selection;
mod sheets;
pub mod state;
pub mod storage;
pub mod style;
pub mod target;
pub mod task;
pub mod traversal;
pub mod values;
mod xhr;
pub mod xpath;

use pyo3::prelude::*;

/// The native module (declarative: the list of what it exports is the
/// module). Safe without the GIL: all DOM state is behind the document's
/// own lock.
#[pymodule(gil_used = false)]
pub mod _native {
    #[pymodule_export]
    use crate::abort::{
        _abort_signal_abort, _abort_signal_aborted, _abort_signal_any, _abort_signal_bind,
        _abort_signal_run_steps,
    };
    #[pymodule_export]
    use crate::animation::{PyAnimation, PyCSSAnimation, PyCSSTransition};
    #[pymodule_export]
    use crate::attr::{PyAttr, PyNamedNodeMap};
    #[pymodule_export]
    use crate::clone::structured_clone;
    #[pymodule_export]
    use crate::document::{_window_named, PyBatch, parse, parse_fragment};
    #[pymodule_export]
    use crate::embed::ScriptHost;
    #[pymodule_export]
    use crate::encoding::{PyTextDecoder, PyTextEncoder};
    #[pymodule_export]
    use crate::events::{_current_event, PyCustomEvent, PyErrorEvent, PyEvent};
    #[pymodule_export]
    use crate::geometry::{PyDOMRect, PyDOMRectReadOnly};
    #[pymodule_export]
    use crate::history::{
        _history_go, _history_length, _history_push, _history_scroll, _history_state,
        _set_history_scroll,
    };
    #[pymodule_export]
    use crate::host::load::load_page;
    #[pymodule_export]
    use crate::idl::{_event_data, _event_enums, _event_interfaces};
    #[pymodule_export]
    use crate::implementation::{PyDOMImplementation, PyDOMParser, PyXMLSerializer};
    #[pymodule_export]
    use crate::mapping::{PyAttrs, PyDOMStringMap, PyTokenList};
    #[pymodule_export]
    use crate::messaging::_post_message;
    #[pymodule_export]
    use crate::node::svg::{PySVGAElement, PySVGElement, PySVGGraphicsElement};
    #[pymodule_export]
    use crate::node::{
        PyCDATASection, PyCharacterData, PyComment, PyDocument, PyDocumentFragment, PyDocumentType,
        PyElement, PyNode, PyProcessingInstruction, PyShadowRoot, PyText, PyXMLDocument,
    };
    #[pymodule_export]
    use crate::node_list::{PyHTMLCollection, PyNodeIter, PyNodeList};
    #[pymodule_export]
    use crate::observer::{_notify_mutation_observers, PyMutationObserver, PyMutationRecord};
    #[pymodule_export]
    use crate::range::{PyAbstractRange, PyRange, PyStaticRange};
    #[pymodule_export]
    use crate::selection::PySelection;
    #[pymodule_export]
    use crate::sheets::{
        PyCSSRule, PyCSSRuleList, PyCSSStyleRule, PyCSSStyleSheet, PyStyleSheet, PyStyleSheetList,
    };
    #[pymodule_export]
    use crate::storage::{_storage, PyStorage};
    #[pymodule_export]
    use crate::style::{_computed_style, PyCSSStyleDeclaration};
    #[pymodule_export]
    use crate::target::{
        _event_handler, _set_event_handler, _window_event_handlers, PyEventTarget,
    };
    #[pymodule_export]
    use crate::target::{
        _location_part, _location_parts, _set_location_part, _set_window_name, _window_name,
        _window_tree,
    };
    #[pymodule_export]
    use crate::task::{TaskNode, TaskTokenList};
    #[pymodule_export]
    use crate::traversal::{PyNodeFilter, PyNodeIterator, PyTreeWalker};
    #[pymodule_export]
    use crate::values::{
        _atob, _btoa, _crypto, _navigator, PairIterator, PyCrypto, PyFormData, PyHeaders,
        PyNavigator, PyRequest, PyResponse, PyURL, PyURLSearchParams, Ready,
    };
    #[pymodule_export]
    use crate::xhr::PyXhr;
    #[pymodule_export]
    use crate::xpath::{PyXPathEvaluator, PyXPathExpression, PyXPathResult};

    /// The generated classes: the HTML element interfaces.
    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        crate::idl::add_html_classes(m)
    }
}
