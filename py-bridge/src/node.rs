//! Node handles: tiny immutable Python objects holding the document's
//! shared state and a generational node ID.
//!
//! A handle is made on demand for every node a call returns; the DOM keeps
//! no Python object per node. Making one pins its node (so a removed node
//! stays usable while Python refers to it); dropping one queues the unpin
//! on a channel, without the document's lock. Two handles to one node are
//! equal and hash alike.
//!
//! The classes follow the DOM's: `Node` <- `Element`, `CharacterData` <-
//! `Text`/`Comment`, `DocumentFragment`, `DocumentType`, `Document`. Mixin
//! method sets (ParentNode, ChildNode) are generated per class by macros.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use dom_ecs::{Document, DomError, DomResult, NodeId, NodeKind, NodeOrText};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyString, PyTuple};

use crate::error::{OrRaise, dom_err};
use crate::mapping::{PyAttrs, PyTokenList};
use crate::node_list::PyNodeList;
use crate::state::{DocState, Shared};

/// Base of every node handle.
#[pyclass(frozen, subclass, module = "ecsdom", name = "Node")]
pub struct PyNode {
    pub(crate) shared: Arc<Shared>,
    pub(crate) id: NodeId,
}

impl Drop for PyNode {
    fn drop(&mut self) {
        self.shared.unpin(self.id);
    }
}

/// `Element` handles.
#[pyclass(frozen, extends = PyNode, module = "ecsdom", name = "Element")]
pub struct PyElement;

/// `CharacterData`: the base of `Text` and `Comment`.
#[pyclass(frozen, subclass, extends = PyNode, module = "ecsdom", name = "CharacterData")]
pub struct PyCharacterData;

/// `Text` handles.
#[pyclass(frozen, extends = PyCharacterData, module = "ecsdom", name = "Text")]
pub struct PyText;

/// `Comment` handles.
#[pyclass(frozen, extends = PyCharacterData, module = "ecsdom", name = "Comment")]
pub struct PyComment;

/// `ProcessingInstruction` handles.
#[pyclass(
    frozen,
    extends = PyCharacterData,
    module = "ecsdom",
    name = "ProcessingInstruction"
)]
pub struct PyProcessingInstruction;

/// `DocumentFragment` handles (also a template's contents).
#[pyclass(frozen, extends = PyNode, module = "ecsdom", name = "DocumentFragment")]
pub struct PyDocumentFragment;

/// `DocumentType` handles.
#[pyclass(frozen, extends = PyNode, module = "ecsdom", name = "DocumentType")]
pub struct PyDocumentType;

/// `Document`: a node too (its ID is the document node's).
#[pyclass(frozen, extends = PyNode, module = "ecsdom", name = "Document")]
pub struct PyDocument;

/// A handle for `id`, of the class its kind calls for. Pins the node.
pub fn wrap(
    py: Python<'_>,
    shared: &Arc<Shared>,
    st: &mut DocState,
    id: NodeId,
) -> PyResult<Py<PyAny>> {
    if id == st.doc.window() {
        // The window is no node: the page's Python `window`, if it lives.
        let window = st.window.as_ref().map(|w| w.bind(py).call0()).transpose()?;
        return Ok(window.map_or_else(|| py.None(), Bound::unbind));
    }
    let kind = st.doc.kind(id).or_raise(py)?;
    st.pin(py, id)?;
    let init = PyClassInitializer::from(PyNode {
        shared: shared.clone(),
        id,
    });
    Ok(match kind {
        NodeKind::Element => Py::new(py, init.add_subclass(PyElement))?.into_any(),
        NodeKind::Text => {
            Py::new(py, init.add_subclass(PyCharacterData).add_subclass(PyText))?.into_any()
        }
        NodeKind::Comment => Py::new(
            py,
            init.add_subclass(PyCharacterData).add_subclass(PyComment),
        )?
        .into_any(),
        NodeKind::ProcessingInstruction => Py::new(
            py,
            init.add_subclass(PyCharacterData)
                .add_subclass(PyProcessingInstruction),
        )?
        .into_any(),
        NodeKind::Fragment => Py::new(py, init.add_subclass(PyDocumentFragment))?.into_any(),
        NodeKind::Doctype => Py::new(py, init.add_subclass(PyDocumentType))?.into_any(),
        NodeKind::Document => Py::new(py, init.add_subclass(PyDocument))?.into_any(),
    })
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

    /// `textContent` setter, recorded when a batch is open.
    pub(crate) fn set_text(&self, py: Python<'_>, value: Option<&str>) -> PyResult<()> {
        let value = value.unwrap_or("");
        let mut st = self.shared.lock(py);
        let DocState { doc, batch, .. } = &mut *st;
        if let Some(buf) = batch.as_mut() {
            return doc
                .record_set_text_content(buf, self.id, value)
                .or_raise(py);
        }
        st.doc.set_text_content(self.id, value).or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(())
    }

    pub(crate) fn text(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let mut st = self.shared.lock(py);
        st.read(py)?.text_content(self.id).or_raise(py)
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
        let mut args = Vec::with_capacity(items.len());
        for item in &items {
            if let Ok(s) = item.cast::<PyString>() {
                args.push(NodeOrText::Text(s.to_str()?));
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

#[pymethods]
impl PyNode {
    #[classattr]
    const ELEMENT_NODE: u16 = 1;
    #[classattr]
    const ATTRIBUTE_NODE: u16 = 2;
    #[classattr]
    const TEXT_NODE: u16 = 3;
    #[classattr]
    const CDATA_SECTION_NODE: u16 = 4;
    #[classattr]
    const PROCESSING_INSTRUCTION_NODE: u16 = 7;
    #[classattr]
    const COMMENT_NODE: u16 = 8;
    #[classattr]
    const DOCUMENT_NODE: u16 = 9;
    #[classattr]
    const DOCUMENT_TYPE_NODE: u16 = 10;
    #[classattr]
    const DOCUMENT_FRAGMENT_NODE: u16 = 11;

    /// `nodeType`
    #[getter(nodeType)]
    fn node_type(&self, py: Python<'_>) -> PyResult<u16> {
        let st = self.shared.lock(py);
        Ok(st.doc.kind(self.id).or_raise(py)?.node_type())
    }

    /// `nodeName`
    #[getter(nodeName)]
    fn node_name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let mut st = self.shared.lock(py);
        if st.doc.kind(self.id).or_raise(py)? == NodeKind::Element {
            let tag = st.doc.name_of(self.id).or_raise(py)?.tag;
            return Ok(st.name(py, tag));
        }
        Ok(PyString::new(py, &st.doc.node_name(self.id).or_raise(py)?))
    }

    /// `childNodes`, as a static NodeList.
    #[getter(childNodes)]
    fn child_nodes(&self, py: Python<'_>) -> PyResult<PyNodeList> {
        let mut st = self.shared.lock(py);
        let ids = st.read(py)?.child_nodes(self.id).or_raise(py)?;
        Ok(self.list(&mut st, ids))
    }

    /// `getRootNode()`
    #[pyo3(name = "getRootNode")]
    fn get_root_node(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        let root = st.read(py)?.root_node(self.id).or_raise(py)?;
        self.wrap(py, &mut st, root)
    }

    /// `textContent` (None for documents and doctypes)
    #[getter(textContent)]
    fn get_text_content(&self, py: Python<'_>) -> PyResult<Option<String>> {
        self.text(py)
    }

    #[setter(textContent)]
    fn set_text_content(&self, py: Python<'_>, value: Option<&str>) -> PyResult<()> {
        self.set_text(py, value)
    }

    /// `el.text`: the Pythonic name of `textContent` ("" rather than None).
    #[getter(text)]
    fn get_text(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.text(py)?.unwrap_or_default())
    }

    #[setter(text)]
    fn set_text_py(&self, py: Python<'_>, value: Option<&str>) -> PyResult<()> {
        self.set_text(py, value)
    }

    /// `nodeValue`: the data of text, comments and processing
    /// instructions, None otherwise.
    #[getter(nodeValue)]
    fn node_value(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        match doc.kind(self.id).or_raise(py)? {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                Ok(Some(doc.data(self.id).or_raise(py)?.to_owned()))
            }
            _ => Ok(None),
        }
    }

    #[setter(nodeValue)]
    fn set_node_value(&self, py: Python<'_>, value: Option<&str>) -> PyResult<()> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        match doc.kind(self.id).or_raise(py)? {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                doc.set_data(self.id, value.unwrap_or("")).or_raise(py)
            }
            _ => Ok(()),
        }
    }

    /// `appendChild(node)`; returns `node`.
    #[pyo3(name = "appendChild")]
    fn append_child(&self, py: Python<'_>, node: &Bound<'_, PyNode>) -> PyResult<Py<PyAny>> {
        let n = self.arg(py, node)?;
        let mut st = self.shared.lock(py);
        st.read(py)?.append_child(self.id, n.id).or_raise(py)?;
        Ok(node.clone().into_any().unbind())
    }

    /// `insertBefore(node, child)`; returns `node`.
    #[pyo3(name = "insertBefore", signature = (node, child))]
    fn insert_before(
        &self,
        py: Python<'_>,
        node: &Bound<'_, PyNode>,
        child: Option<&Bound<'_, PyNode>>,
    ) -> PyResult<Py<PyAny>> {
        let n = self.arg(py, node)?;
        let c = child.map(|c| self.arg(py, c).map(|c| c.id)).transpose()?;
        let mut st = self.shared.lock(py);
        st.read(py)?.insert_before(self.id, n.id, c).or_raise(py)?;
        Ok(node.clone().into_any().unbind())
    }

    /// `replaceChild(node, child)`; returns `child`.
    #[pyo3(name = "replaceChild")]
    fn replace_child(
        &self,
        py: Python<'_>,
        node: &Bound<'_, PyNode>,
        child: &Bound<'_, PyNode>,
    ) -> PyResult<Py<PyAny>> {
        let (n, c) = (self.arg(py, node)?, self.arg(py, child)?);
        let mut st = self.shared.lock(py);
        st.read(py)?
            .replace_child(self.id, n.id, c.id)
            .or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(child.clone().into_any().unbind())
    }

    /// `removeChild(child)`; returns `child`.
    #[pyo3(name = "removeChild")]
    fn remove_child(&self, py: Python<'_>, child: &Bound<'_, PyNode>) -> PyResult<Py<PyAny>> {
        let c = self.arg(py, child)?;
        let mut st = self.shared.lock(py);
        st.read(py)?.remove_child(self.id, c.id).or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(child.clone().into_any().unbind())
    }

    /// `cloneNode(deep=False)`
    #[pyo3(name = "cloneNode", signature = (deep = false))]
    fn clone_node(&self, py: Python<'_>, deep: bool) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        let copy = st.read(py)?.clone_node(self.id, deep).or_raise(py)?;
        self.wrap(py, &mut st, copy)
    }

    /// `contains(other)`: whether `other` is an inclusive descendant.
    fn contains(&self, py: Python<'_>, other: Option<&Bound<'_, PyNode>>) -> PyResult<bool> {
        let Some(other) = other else { return Ok(false) };
        let o = other.get();
        if !Arc::ptr_eq(&self.shared, &o.shared) {
            return Ok(false);
        }
        let mut st = self.shared.lock(py);
        st.read(py)?.contains(self.id, Some(o.id)).or_raise(py)
    }

    /// `isSameNode(other)`
    #[pyo3(name = "isSameNode")]
    fn is_same_node(&self, other: Option<&Bound<'_, PyNode>>) -> bool {
        other.is_some_and(|o| self.same(o.get()))
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let eq = match other.cast::<PyNode>() {
            Ok(o) => self.same(o.get()),
            Err(_) => return Ok(py.NotImplemented()),
        };
        compare_identity(py, eq, op)
    }

    fn __hash__(&self) -> u64 {
        identity_hash(Arc::as_ptr(&self.shared) as usize, self.id)
    }

    /// Always true: a node is a node even with no children (`len` would say otherwise).
    fn __bool__(&self) -> bool {
        true
    }

    /// The number of child nodes.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let mut st = self.shared.lock(py);
        Ok(st.read(py)?.child_nodes(self.id).or_raise(py)?.len())
    }

    /// Iterate over the child nodes (a snapshot taken now).
    fn __iter__(&self, py: Python<'_>) -> PyResult<crate::node_list::PyNodeIter> {
        Ok(self.child_nodes(py)?.into_iter_handle())
    }

    /// `node in parent`: whether `node` is a child of `parent`.
    fn __contains__(&self, py: Python<'_>, node: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(n) = node.cast::<PyNode>() else {
            return Ok(false);
        };
        let n = n.get();
        if !Arc::ptr_eq(&self.shared, &n.shared) {
            return Ok(false);
        }
        let mut st = self.shared.lock(py);
        Ok(st.read(py)?.parent_node(n.id).or_raise(py)? == Some(self.id))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        let Ok(kind) = doc.kind(self.id) else {
            return Ok("<Node (reclaimed)>".into());
        };
        Ok(match kind {
            NodeKind::Element => {
                let mut s = format!("<Element {}", doc.local_name(self.id).or_raise(py)?);
                let id = doc.id(self.id).or_raise(py)?;
                if !id.is_empty() {
                    s.push('#');
                    s.push_str(id);
                }
                for c in doc.class_list(self.id).or_raise(py)? {
                    s.push('.');
                    s.push_str(c);
                }
                s.push('>');
                s
            }
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                let data = doc.data(self.id).or_raise(py)?;
                let short: String = data.chars().take(40).collect();
                let more = if short.len() < data.len() { "..." } else { "" };
                let name = match kind {
                    NodeKind::Text => "Text",
                    NodeKind::Comment => "Comment",
                    _ => "ProcessingInstruction",
                };
                format!("<{name} {short:?}{more}>")
            }
            NodeKind::Document => "<Document>".into(),
            NodeKind::Fragment => "<DocumentFragment>".into(),
            NodeKind::Doctype => format!("<DocumentType {}>", doc.node_name(self.id).or_raise(py)?),
        })
    }
}

impl PyNode {
    fn same(&self, other: &PyNode) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared) && self.id == other.id
    }
}

/// The ParentNode mixin (Document, DocumentFragment, Element) and the
/// Pythonic finders, generated per class.
macro_rules! parent_node_methods {
    ($class:ty) => {
        #[pymethods]
        impl $class {
            /// `querySelector(selectors)`: the first matching descendant, or None.
            #[pyo3(name = "querySelector")]
            fn query_selector(
                slf: &Bound<'_, Self>,
                selectors: &str,
            ) -> PyResult<Option<Py<PyAny>>> {
                $crate::node::query_first(base(slf), slf.py(), selectors)
            }

            /// `querySelectorAll(selectors)`: every matching descendant, as a NodeList.
            #[pyo3(name = "querySelectorAll")]
            fn query_selector_all(slf: &Bound<'_, Self>, selectors: &str) -> PyResult<PyNodeList> {
                $crate::node::query_all(base(slf), slf.py(), selectors)
            }

            /// `find(selectors)`: the first match or None.
            fn find(slf: &Bound<'_, Self>, selectors: &str) -> PyResult<Option<Py<PyAny>>> {
                $crate::node::query_first(base(slf), slf.py(), selectors)
            }

            /// `find_all(selectors)`: every match, as a NodeList.
            fn find_all(slf: &Bound<'_, Self>, selectors: &str) -> PyResult<PyNodeList> {
                $crate::node::query_all(base(slf), slf.py(), selectors)
            }

            /// `children`: the element children.
            #[getter(children)]
            fn children(slf: &Bound<'_, Self>) -> PyResult<PyNodeList> {
                let (n, py) = (base(slf), slf.py());
                let mut st = n.shared.lock(py);
                let ids = st.read(py)?.children(n.id).or_raise(py)?;
                Ok(n.list(&mut st, ids))
            }

            /// `getElementsByTagName(name)`, as a static list.
            #[pyo3(name = "getElementsByTagName")]
            fn get_elements_by_tag_name(slf: &Bound<'_, Self>, name: &str) -> PyResult<PyNodeList> {
                let (n, py) = (base(slf), slf.py());
                let mut st = n.shared.lock(py);
                let ids = st
                    .read(py)?
                    .get_elements_by_tag_name(n.id, name)
                    .or_raise(py)?;
                Ok(n.list(&mut st, ids))
            }

            /// `getElementsByClassName(names)`, as a static list.
            #[pyo3(name = "getElementsByClassName")]
            fn get_elements_by_class_name(
                slf: &Bound<'_, Self>,
                names: &str,
            ) -> PyResult<PyNodeList> {
                let (n, py) = (base(slf), slf.py());
                let mut st = n.shared.lock(py);
                let ids = st
                    .read(py)?
                    .get_elements_by_class_name(n.id, names)
                    .or_raise(py)?;
                Ok(n.list(&mut st, ids))
            }
        }
    };
}

/// The ChildNode mixin (Element, CharacterData, DocumentType).
macro_rules! child_node_methods {
    ($class:ty) => {
        #[pymethods]
        impl $class {
            /// `remove()`
            fn remove(slf: &Bound<'_, Self>) -> PyResult<()> {
                let (n, py) = (base(slf), slf.py());
                let mut st = n.shared.lock(py);
                st.read(py)?.remove(n.id).or_raise(py)?;
                st.doc.maybe_collect_garbage();
                Ok(())
            }
        }
    };
}

parent_node_methods!(PyElement);
parent_node_methods!(PyDocument);
parent_node_methods!(PyDocumentFragment);
child_node_methods!(PyElement);
child_node_methods!(PyCharacterData);
child_node_methods!(PyDocumentType);

pub(crate) fn query_first(
    n: &PyNode,
    py: Python<'_>,
    selectors: &str,
) -> PyResult<Option<Py<PyAny>>> {
    let mut st = n.shared.lock(py);
    let found = st.read(py)?.query_selector(n.id, selectors).or_raise(py)?;
    n.wrap_opt(py, &mut st, found)
}

pub(crate) fn query_all(n: &PyNode, py: Python<'_>, selectors: &str) -> PyResult<PyNodeList> {
    let mut st = n.shared.lock(py);
    let doc = st.read(py)?;
    let (id, doc_ref) = (n.id, &*doc);
    let ids = py
        .detach(|| doc_ref.query_selector_all(id, selectors))
        .or_raise(py)?;
    Ok(n.list(&mut st, ids))
}

#[pymethods]
impl PyElement {
    /// `tagName`: ASCII-uppercase for HTML elements.
    #[getter(tagName)]
    fn tag_name<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyString>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let tag = st.doc.name_of(n.id).or_raise(py)?.tag;
        Ok(st.name(py, tag))
    }

    /// `localName`
    #[getter(localName)]
    fn local_name<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyString>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let local = st.doc.name_of(n.id).or_raise(py)?.local;
        Ok(st.name(py, local))
    }

    /// `namespaceURI`
    #[getter(namespaceURI)]
    fn namespace_uri(slf: &Bound<'_, Self>) -> PyResult<Option<&'static str>> {
        let (n, py) = (base(slf), slf.py());
        let st = n.shared.lock(py);
        let ns = st.doc.namespace(n.id).or_raise(py)?;
        Ok(Some(ns.url()).filter(|u| !u.is_empty()))
    }

    /// `id` (from the cache of interned names)
    #[getter(id)]
    fn get_id<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyString>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        match st.read(py)?.id_symbol(n.id).or_raise(py)? {
            Some(sym) => Ok(st.name(py, sym)),
            None => Ok(PyString::intern(py, "")),
        }
    }

    #[setter(id)]
    fn set_id(slf: &Bound<'_, Self>, value: &str) -> PyResult<()> {
        set_attr(base(slf), slf.py(), "id", value)
    }

    /// `className`
    #[getter(className)]
    fn get_class_name(slf: &Bound<'_, Self>) -> PyResult<String> {
        attr_or_empty(slf, "class")
    }

    #[setter(className)]
    fn set_class_name(slf: &Bound<'_, Self>, value: &str) -> PyResult<()> {
        set_attr(base(slf), slf.py(), "class", value)
    }

    /// `classList`: a live DOMTokenList.
    #[getter(classList)]
    fn class_list(slf: &Bound<'_, Self>) -> PyTokenList {
        PyTokenList::new(base(slf))
    }

    /// `el.classes`: the Pythonic name of `classList`.
    #[getter(classes)]
    fn classes(slf: &Bound<'_, Self>) -> PyTokenList {
        PyTokenList::new(base(slf))
    }

    /// `el.attrs`: a live mapping of attribute names to values.
    #[getter(attrs)]
    fn attrs(slf: &Bound<'_, Self>) -> PyAttrs {
        PyAttrs::new(base(slf))
    }

    /// `getAttribute(name)`
    #[pyo3(name = "getAttribute")]
    fn get_attribute(slf: &Bound<'_, Self>, name: &str) -> PyResult<Option<String>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st
            .read(py)?
            .get_attribute(n.id, name)
            .or_raise(py)?
            .map(str::to_owned))
    }

    /// `setAttribute(name, value)`
    #[pyo3(name = "setAttribute")]
    fn set_attribute(slf: &Bound<'_, Self>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let value = value.str()?;
        set_attr(base(slf), slf.py(), name, value.to_str()?)
    }

    /// `removeAttribute(name)`
    #[pyo3(name = "removeAttribute")]
    fn remove_attribute(slf: &Bound<'_, Self>, name: &str) -> PyResult<()> {
        remove_attr(base(slf), slf.py(), name)
    }

    /// `getAttributeNames()` (unprefixed names from the cache of interned names)
    #[pyo3(name = "getAttributeNames")]
    fn get_attribute_names<'py>(slf: &Bound<'py, Self>) -> PyResult<Vec<Bound<'py, PyString>>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        attribute_names(py, &mut st, n.id)
    }

    /// `innerHTML`
    #[getter(innerHTML)]
    fn get_inner_html(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let doc = &*st.read(py)?;
        let id = n.id;
        py.detach(|| doc.inner_html(id)).or_raise(py)
    }

    #[setter(innerHTML)]
    fn set_inner_html(slf: &Bound<'_, Self>, value: &str) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let doc = st.read(py)?;
        let id = n.id;
        py.detach(|| doc.set_inner_html(id, value)).or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(())
    }

    /// `outerHTML`
    #[getter(outerHTML)]
    fn get_outer_html(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let doc = &*st.read(py)?;
        let id = n.id;
        py.detach(|| doc.outer_html(id)).or_raise(py)
    }

    #[setter(outerHTML)]
    fn set_outer_html(slf: &Bound<'_, Self>, value: &str) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        st.read(py)?.set_outer_html(n.id, value).or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(())
    }

    /// `matches(selectors)`
    fn matches(slf: &Bound<'_, Self>, selectors: &str) -> PyResult<bool> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        st.read(py)?.matches(n.id, selectors).or_raise(py)
    }

    /// `closest(selectors)`
    fn closest(slf: &Bound<'_, Self>, selectors: &str) -> PyResult<Option<Py<PyAny>>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let found = st.read(py)?.closest(n.id, selectors).or_raise(py)?;
        n.wrap_opt(py, &mut st, found)
    }
}

/// Attribute names as Python strings, cached per symbol where the name is
/// the bare local name.
pub(crate) fn attribute_names<'py>(
    py: Python<'py>,
    st: &mut DocState,
    id: NodeId,
) -> PyResult<Vec<Bound<'py, PyString>>> {
    let doc = st.read(py)?;
    let list: Vec<(dom_ecs::Symbol, Option<String>)> = doc
        .attributes(id)
        .or_raise(py)?
        .iter()
        .map(|a| {
            let q = doc.attribute_qualified_name(a);
            let bare = doc.names().resolve(a.local) == q;
            (a.local, (!bare).then(|| q.into_owned()))
        })
        .collect();
    Ok(list
        .into_iter()
        .map(|(sym, q)| match q {
            None => st.name(py, sym),
            Some(q) => PyString::new(py, &q),
        })
        .collect())
}

fn attr_or_empty(slf: &Bound<'_, PyElement>, name: &str) -> PyResult<String> {
    let (n, py) = (base(slf), slf.py());
    let mut st = n.shared.lock(py);
    Ok(st
        .read(py)?
        .get_attribute(n.id, name)
        .or_raise(py)?
        .unwrap_or("")
        .to_owned())
}

/// `setAttribute`, recorded when a batch is open (validated now, so the
/// error, if any, is raised where the unbatched call would raise it).
pub(crate) fn set_attr(n: &PyNode, py: Python<'_>, name: &str, value: &str) -> PyResult<()> {
    set_attr_of(&n.shared, n.id, py, name, value)
}

/// [`set_attr`] by document and node ID.
pub(crate) fn set_attr_of(
    shared: &Shared,
    id: NodeId,
    py: Python<'_>,
    name: &str,
    value: &str,
) -> PyResult<()> {
    let mut st = shared.lock(py);
    let DocState {
        doc,
        batch,
        batch_touches_ids,
        batch_classes,
        ..
    } = &mut *st;
    if let Some(buf) = batch.as_mut() {
        doc.record_set_attribute(buf, id, name, value)
            .or_raise(py)?;
        note_batched_attribute(name, id, batch_touches_ids, batch_classes);
        return Ok(());
    }
    doc.set_attribute(id, name, value).or_raise(py)
}

/// What a recorded attribute write means for later reads in the batch: an
/// `id` change makes id lookups apply it first, a `class` change makes
/// `classList.toggle` on that element do so.
fn note_batched_attribute(
    name: &str,
    id: NodeId,
    touches_ids: &mut bool,
    classes: &mut rustc_hash::FxHashSet<NodeId>,
) {
    if name.eq_ignore_ascii_case("id") {
        *touches_ids = true;
    }
    if name.eq_ignore_ascii_case("class") {
        classes.insert(id);
    }
}

/// `removeAttribute`, recorded when a batch is open.
pub(crate) fn remove_attr(n: &PyNode, py: Python<'_>, name: &str) -> PyResult<()> {
    remove_attr_of(&n.shared, n.id, py, name)
}

/// [`remove_attr`] by document and node ID.
pub(crate) fn remove_attr_of(
    shared: &Shared,
    id: NodeId,
    py: Python<'_>,
    name: &str,
) -> PyResult<()> {
    let mut st = shared.lock(py);
    let DocState {
        doc,
        batch,
        batch_touches_ids,
        batch_classes,
        ..
    } = &mut *st;
    if let Some(buf) = batch.as_mut() {
        doc.record_remove_attribute(buf, id, name).or_raise(py)?;
        note_batched_attribute(name, id, batch_touches_ids, batch_classes);
        return Ok(());
    }
    doc.remove_attribute(id, name).or_raise(py)
}

#[pymethods]
impl PyCharacterData {
    /// `data`
    #[getter(data)]
    fn get_data(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st.read(py)?.data(n.id).or_raise(py)?.to_owned())
    }

    #[setter(data)]
    fn set_data(slf: &Bound<'_, Self>, value: &str) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let DocState { doc, batch, .. } = &mut *st;
        match batch.as_mut() {
            Some(buf) => doc.record_set_data(buf, n.id, value),
            None => doc.set_data(n.id, value),
        }
        .or_raise(py)
    }
}

/// Raise `ValueError` for a value that is neither a string nor a sequence
/// of strings of the right length (column operations).
pub(crate) fn bad_column(what: &str, want: usize, got: usize) -> PyErr {
    PyValueError::new_err(format!("{what}: expected {want} values, got {got}"))
}

#[pymethods]
impl PyProcessingInstruction {
    /// `target`
    #[getter]
    fn target(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st.read(py)?.pi_target(n.id).or_raise(py)?.to_owned())
    }
}
