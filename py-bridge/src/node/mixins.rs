//! The ParentNode and ChildNode mixins' hand-written methods and the Pythonic finders, per class, and the selector queries.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

/// The ParentNode mixin (Document, DocumentFragment, Element) and the
/// Pythonic finders, generated per class.
macro_rules! parent_node_methods {
    ($class:ty) => {
        #[pymethods]
        impl $class {
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
            fn children(slf: &Bound<'_, Self>) -> PyResult<Py<PyHTMLCollection>> {
                $crate::node::collection(base(slf), slf.py(), |d, id| d.children(id))
            }

            /// `getElementsByTagName(name)`, as a static list.
            #[pyo3(name = "getElementsByTagName")]
            fn get_elements_by_tag_name(
                slf: &Bound<'_, Self>,
                name: &str,
            ) -> PyResult<Py<PyHTMLCollection>> {
                $crate::node::collection(base(slf), slf.py(), |d, id| {
                    d.get_elements_by_tag_name(id, name)
                })
            }

            /// `getElementsByClassName(names)`, as a static list.
            #[pyo3(name = "getElementsByClassName")]
            fn get_elements_by_class_name(
                slf: &Bound<'_, Self>,
                names: &str,
            ) -> PyResult<Py<PyHTMLCollection>> {
                $crate::node::collection(base(slf), slf.py(), |d, id| {
                    d.get_elements_by_class_name(id, names)
                })
            }
        }
    };
}

parent_node_methods!(PyElement);
parent_node_methods!(PyDocument);
parent_node_methods!(PyDocumentFragment);

/// An `HTMLCollection` of what `f` finds from node `n` (pending batch
/// writes applied first).
pub(crate) fn collection(
    n: &PyNode,
    py: Python<'_>,
    f: impl FnOnce(&Document, NodeId) -> DomResult<Vec<NodeId>>,
) -> PyResult<Py<PyHTMLCollection>> {
    let mut st = n.shared.lock(py);
    let ids = f(st.read(py)?, n.id).or_raise(py)?;
    PyHTMLCollection::new(py, &n.shared, &mut st, ids)
}

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
