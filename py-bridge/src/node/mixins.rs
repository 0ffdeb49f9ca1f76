//! The ParentNode and ChildNode mixins' hand-written methods and the Pythonic finders, per class, and the selector queries.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

/// The ParentNode mixin (Document, DocumentFragment, Element) and the
/// Pythonic finders, generated per class.
macro_rules! parent_node_methods {
    ($class:ty) => {
        #[pymethods]
        impl $class {
            /// `find(selectors)`: the first match or None.
            fn find(
                slf: &Bound<'_, Self>,
                selectors: $crate::dom_str::DomStr<'_>,
            ) -> PyResult<Option<Py<PyAny>>> {
                $crate::node::query_first(base(slf), slf.py(), selectors.as_str())
            }

            /// `find_all(selectors)`: every match, as a NodeList.
            fn find_all(
                slf: &Bound<'_, Self>,
                selectors: $crate::dom_str::DomStr<'_>,
            ) -> PyResult<PyNodeList> {
                $crate::node::query_all(base(slf), slf.py(), selectors.as_str())
            }
        }
    };
}

parent_node_methods!(PyElement);
parent_node_methods!(PyDocument);
parent_node_methods!(PyDocumentFragment);

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
