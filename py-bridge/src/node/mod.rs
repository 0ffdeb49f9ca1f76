//! Node handles: tiny immutable Python objects holding the document's
//! shared state and a generational node ID.
//!
//! A handle is made on demand for every node a call returns; the DOM keeps
//! no Python object per node. Making one pins its node (so a removed node
//! stays usable while Python refers to it); dropping one queues the unpin
//! on a channel, without the document's lock. Two handles to one node are
//! equal and hash alike.
//!
//! The classes follow the DOM's: `Node` <- `Element` <- `HTMLElement` <-
//! `HTMLDivElement`..., `CharacterData` <-
//! `Text`/`Comment`, `DocumentFragment`, `DocumentType`, `Document`. Mixin
//! method sets (ParentNode, ChildNode) are generated per class by macros.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use dom_ecs::{Document, DomError, DomResult, NodeId, NodeKind, NodeOrText};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyString, PyTuple};

use crate::error::{OrRaise, dom_err};
use crate::mapping::{PyAttrs, PyTokenList};
use crate::node_list::PyNodeList;
use crate::state::{DocState, Shared};
use crate::target::PyEventTarget;

mod element;
mod methods;
mod mixins;
pub(crate) mod svg;

pub(crate) use element::{attribute_names, remove_attr_of, set_attr_of};
pub(crate) use mixins::{query_all, query_first};

/// Base of every node handle (an `EventTarget`: its listeners are the
/// node's).
#[pyclass(frozen, subclass, extends = PyEventTarget, module = "ecsdom", name = "Node")]
pub struct PyNode {
    pub(crate) shared: Arc<Shared>,
    pub(crate) id: NodeId,
}

impl Drop for PyNode {
    fn drop(&mut self) {
        self.shared.unpin(self.id);
    }
}

/// `Element` handles (an HTML element's is of its `HTMLElement`
/// subclass, generated from `webidl/html-elements.txt`).
#[pyclass(frozen, subclass, extends = PyNode, module = "ecsdom", name = "Element")]
#[derive(Default)]
pub struct PyElement;

/// `CharacterData`: the base of `Text` and `Comment`.
#[pyclass(frozen, subclass, extends = PyNode, module = "ecsdom", name = "CharacterData")]
pub struct PyCharacterData;

/// `Text` handles.
#[pyclass(frozen, subclass, extends = PyCharacterData, module = "ecsdom", name = "Text")]
#[derive(Default)]
pub struct PyText;

/// `CDATASection` handles: Text nodes of XML documents
/// (`createCDATASection`).
#[pyclass(frozen, extends = PyText, module = "ecsdom", name = "CDATASection")]
#[derive(Default)]
pub struct PyCDATASection;

impl NodeClass for PyCDATASection {
    fn initializer(node: PyNode) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyEventTarget::of_node())
            .add_subclass(node)
            .add_subclass(PyCharacterData)
            .add_subclass(PyText)
            .add_subclass(PyCDATASection)
    }
}

/// `Comment` handles.
#[pyclass(frozen, extends = PyCharacterData, module = "ecsdom", name = "Comment")]
#[derive(Default)]
pub struct PyComment;

/// `ProcessingInstruction` handles.
#[pyclass(
    frozen,
    extends = PyCharacterData,
    module = "ecsdom",
    name = "ProcessingInstruction"
)]
#[derive(Default)]
pub struct PyProcessingInstruction;

/// `DocumentFragment` handles (also a template's contents).
#[pyclass(frozen, subclass, extends = PyNode, module = "ecsdom", name = "DocumentFragment")]
#[derive(Default)]
pub struct PyDocumentFragment;

/// `ShadowRoot` handles: `attachShadow` makes them; no constructor.
#[pyclass(frozen, extends = PyDocumentFragment, module = "ecsdom", name = "ShadowRoot")]
#[derive(Default)]
pub struct PyShadowRoot;

impl NodeClass for PyShadowRoot {
    fn initializer(node: PyNode) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyEventTarget::of_node())
            .add_subclass(node)
            .add_subclass(PyDocumentFragment)
            .add_subclass(PyShadowRoot)
    }
}

/// `DocumentType` handles.
#[pyclass(frozen, extends = PyNode, module = "ecsdom", name = "DocumentType")]
#[derive(Default)]
pub struct PyDocumentType;

/// `Document`: a node too (its ID is the document node's).
#[pyclass(frozen, subclass, extends = PyNode, module = "ecsdom", name = "Document")]
#[derive(Default)]
pub struct PyDocument;

/// `XMLDocument`: a document `createDocument` or `DOMParser` made of XML.
#[pyclass(frozen, extends = PyDocument, module = "ecsdom", name = "XMLDocument")]
#[derive(Default)]
pub struct PyXMLDocument;

impl NodeClass for PyXMLDocument {
    fn initializer(node: PyNode) -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyEventTarget::of_node())
            .add_subclass(node)
            .add_subclass(PyDocument)
            .add_subclass(PyXMLDocument)
    }
}

/// A node class: how its object is built from the node handle (by `wrap`,
/// the constructors and `Document()`).
pub(crate) trait NodeClass: pyo3::PyClass {
    fn initializer(node: PyNode) -> PyClassInitializer<Self>;
}

/// `NodeClass` for classes under `Node` (directly, or through
/// `CharacterData`).
macro_rules! node_class {
    ($($class:ty),* $(; through CharacterData: $($cd:ty),*)?) => {
        $(impl NodeClass for $class {
            fn initializer(node: PyNode) -> PyClassInitializer<Self> {
                PyClassInitializer::from(PyEventTarget::of_node())
                    .add_subclass(node)
                    .add_subclass(<$class>::default())
            }
        })*
        $($(impl NodeClass for $cd {
            fn initializer(node: PyNode) -> PyClassInitializer<Self> {
                PyClassInitializer::from(PyEventTarget::of_node())
                    .add_subclass(node)
                    .add_subclass(PyCharacterData)
                    .add_subclass(<$cd>::default())
            }
        })*)?
    };
}

node_class!(PyElement, PyDocumentFragment, PyDocumentType, PyDocument, crate::attr::PyAttr;
    through CharacterData: PyText, PyComment, PyProcessingInstruction);

/// The object of `node`, of class `T`.
pub(crate) fn object<T: NodeClass>(py: Python<'_>, node: PyNode) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, T::initializer(node))?.into_any())
}

/// A handle for `id`, of the class its kind calls for. Pins the node.
pub fn wrap(
    py: Python<'_>,
    shared: &Arc<Shared>,
    st: &mut DocState,
    id: NodeId,
) -> PyResult<Py<PyAny>> {
    if st.doc.is_window(id) {
        // A window is no node: its Python `Window`, if one lives.
        let window = st
            .windows
            .get(&id)
            .map(|w| w.bind(py).call0())
            .transpose()?;
        return Ok(window.map_or_else(|| py.None(), Bound::unbind));
    }
    let kind = st.doc.kind(id).or_raise(py)?;
    st.pin(py, id)?;
    let node = PyNode {
        shared: shared.clone(),
        id,
    };
    match kind {
        NodeKind::Element => match st.doc.html_interface(id).or_raise(py)? {
            Some(code) => crate::idl::html_object(py, code, node),
            None => match st.doc.svg_interface(id).or_raise(py)? {
                Some(code) => svg::svg_object(py, code, node),
                None => object::<PyElement>(py, node),
            },
        },
        NodeKind::Text if st.doc.node_type(id).or_raise(py)? == 4 => {
            object::<PyCDATASection>(py, node)
        }
        NodeKind::Text => object::<PyText>(py, node),
        NodeKind::Comment => object::<PyComment>(py, node),
        NodeKind::ProcessingInstruction => object::<PyProcessingInstruction>(py, node),
        NodeKind::Fragment if st.doc.is_shadow_root(id).or_raise(py)? => {
            object::<PyShadowRoot>(py, node)
        }
        NodeKind::Fragment => object::<PyDocumentFragment>(py, node),
        NodeKind::Doctype => object::<PyDocumentType>(py, node),
        NodeKind::Document if st.doc.is_xml_document_object(id).or_raise(py)? => {
            object::<PyXMLDocument>(py, node)
        }
        NodeKind::Document => object::<PyDocument>(py, node),
        NodeKind::Attribute => object::<crate::attr::PyAttr>(py, node),
    }
}

/// [`wrap`] for an optional node.
pub fn wrap_opt(
    py: Python<'_>,
    shared: &Arc<Shared>,
    st: &mut DocState,
    id: Option<NodeId>,
) -> PyResult<Option<Py<PyAny>>> {
    id.map(|id| wrap(py, shared, st, id)).transpose()
}

/// The base handle of any node class.
pub fn base<'a, T>(slf: &'a Bound<'_, T>) -> &'a PyNode {
    slf.as_any()
        .cast::<PyNode>()
        .expect("every handle is a Node")
        .get()
}

/// `__eq__`/`__ne__` of a handle whose identity (same world, same node)
/// gave `eq`; other comparisons are not implemented.
pub(crate) fn compare_identity(py: Python<'_>, eq: bool, op: CompareOp) -> PyResult<Py<PyAny>> {
    match op {
        CompareOp::Eq => Ok(eq.into_pyobject(py)?.to_owned().into_any().unbind()),
        CompareOp::Ne => Ok((!eq).into_pyobject(py)?.to_owned().into_any().unbind()),
        _ => Ok(py.NotImplemented()),
    }
}

/// `__hash__` of a handle: its world (the address of what it shares) and
/// its node, so equal handles hash equal.
pub(crate) fn identity_hash(world: usize, id: NodeId) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    world.hash(&mut h);
    id.to_bits().hash(&mut h);
    h.finish()
}

/// Python's cycle collector and the document: a listener or a mutation
/// observer callback that refers to a node of its own document (a closure
/// over a handle) makes a cycle through the document, which Rust holds
/// where the collector cannot see. A handle that is the document's only
/// owner (no other handle, no page host) owns those callables through it,
/// and says so; when such a cycle is garbage, clearing it lets the
/// document go. (With more owners nothing is reported: the document is
/// then kept, as before, until its owners go.)
#[pymethods]
impl PyNode {
    fn __traverse__(&self, visit: pyo3::PyVisit<'_>) -> Result<(), pyo3::PyTraverseError> {
        if Arc::strong_count(&self.shared) == 1 {
            self.shared.visit_callables(|f| visit.call(f))?;
        }
        Ok(())
    }

    fn __clear__(&self) {
        if Arc::strong_count(&self.shared) == 1 {
            // Dropped after the lock is let go (a drop may run Python code).
            drop(self.shared.take_callables());
        }
    }
}

impl PyNode {
    /// Check that `other` belongs to this handle's document.
    pub(crate) fn same_doc(&self, py: Python<'_>, other: &PyNode) -> PyResult<()> {
        if Arc::ptr_eq(&self.shared, &other.shared) {
            Ok(())
        } else {
            Err(dom_err(
                py,
                DomError::NotSupported(
                    "the node belongs to another document (moving nodes between documents is not supported yet)"
                        .into(),
                ),
            ))
        }
    }

    /// A handle for `id` in this handle's document.
    pub(crate) fn wrap(
        &self,
        py: Python<'_>,
        st: &mut DocState,
        id: NodeId,
    ) -> PyResult<Py<PyAny>> {
        wrap(py, &self.shared, st, id)
    }

    pub(crate) fn wrap_opt(
        &self,
        py: Python<'_>,
        st: &mut DocState,
        id: Option<NodeId>,
    ) -> PyResult<Option<Py<PyAny>>> {
        wrap_opt(py, &self.shared, st, id)
    }

    /// A NodeList of `ids` in this document.
    pub(crate) fn list(&self, st: &mut DocState, ids: Vec<NodeId>) -> PyNodeList {
        PyNodeList::new(&self.shared, st, ids)
    }

    pub(crate) fn text(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let mut st = self.shared.lock(py);
        st.read(py)?.text_content(self.id).or_raise(py)
    }

    /// A `Node?` argument whose node of another document (another world)
    /// counts as null: its ID if it is a node of this document.
    pub(crate) fn arg_in_document(&self, node: Option<&Bound<'_, PyNode>>) -> Option<NodeId> {
        node.map(Bound::get)
            .filter(|o| Arc::ptr_eq(&self.shared, &o.shared))
            .map(|o| o.id)
    }

    /// The argument as a node of this document.
    pub(crate) fn arg<'a>(
        &self,
        py: Python<'_>,
        node: &'a Bound<'_, PyNode>,
    ) -> PyResult<&'a PyNode> {
        let n = node.get();
        self.same_doc(py, n)?;
        Ok(n)
    }

    /// The nodes of a `(Element or Text)...` argument: each an element or
    /// text node of this document, else a `TypeError`.
    pub(crate) fn slottables(
        &self,
        py: Python<'_>,
        nodes: &Bound<'_, pyo3::types::PyTuple>,
    ) -> PyResult<Vec<NodeId>> {
        let mut out = Vec::with_capacity(nodes.len());
        for x in nodes.iter() {
            let node = x
                .cast::<PyElement>()
                .map(|e| e.as_super().clone())
                .or_else(|_| x.cast::<PyText>().map(|t| t.as_super().as_super().clone()))
                .map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err("each node must be an Element or a Text")
                })?;
            out.push(self.arg(py, &node)?.id);
        }
        Ok(out)
    }

    /// Run a ParentNode/ChildNode method of dom-ecs (`append`, `before`...)
    /// on this node with `nodes` (each a Node of this document or a str),
    /// after applying any pending batch.
    pub(crate) fn mixin(
        &self,
        py: Python<'_>,
        nodes: &Bound<'_, PyTuple>,
        method: fn(&mut Document, NodeId, &[NodeOrText<'_>]) -> DomResult<()>,
    ) -> PyResult<()> {
        // Arguments are read before the lock: no Python code runs under it.
        let items: Vec<Bound<'_, PyAny>> = nodes.iter().collect();
        let mut texts = Vec::with_capacity(items.len());
        for item in &items {
            if item.cast::<PyString>().is_ok() {
                texts.push(Some(item.extract::<crate::dom_str::DomStr<'_>>()?));
            } else {
                texts.push(None);
            }
        }
        let mut args = Vec::with_capacity(items.len());
        for (item, text) in items.iter().zip(&texts) {
            if let Some(s) = text {
                args.push(NodeOrText::Text(s));
            } else if let Ok(n) = item.cast::<PyNode>() {
                args.push(NodeOrText::Node(self.arg(py, n)?.id));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "expected a Node or str, got {}",
                    item.get_type().name()?
                )));
            }
        }
        let mut st = self.shared.lock(py);
        st.flush(py)?;
        method(&mut st.doc, self.id, &args).or_raise(py)
    }
}
