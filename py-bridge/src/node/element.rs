//! The `Element` interface's hand-written methods, and attribute writes recorded into an open batch.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

#[pymethods]
impl PyElement {
    /// `el.classes`: the Pythonic name of `classList`.
    #[getter(classes)]
    fn classes(slf: &Bound<'_, Self>) -> PyResult<PyTokenList> {
        PyTokenList::new(slf.as_any())
    }

    /// `el.attrs`: a live mapping of attribute names to values.
    #[getter(attrs)]
    fn attrs(slf: &Bound<'_, Self>) -> PyResult<PyAttrs> {
        PyAttrs::new(slf.as_any())
    }
}

#[pymethods]
impl crate::idl::PyHTMLTemplateElement {
    /// `template.content` (<https://html.spec.whatwg.org/#dom-template-content>):
    /// the template's contents fragment.
    #[getter(content)]
    fn content(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let fragment = st.read(py)?.template_contents(n.id).or_raise(py)?;
        crate::node::wrap_opt(py, &n.shared, &mut st, fragment)
            .map(|f| f.unwrap_or_else(|| py.None()))
    }
}

#[pymethods]
impl crate::idl::PyHTMLIFrameElement {
    /// `iframe.contentWindow` (<https://html.spec.whatwg.org/#dom-iframe-contentwindow>):
    /// its nested browsing context's `Window` (its `document` the
    /// `contentDocument`), None while it has none (not connected to the
    /// page).
    #[getter(contentWindow)]
    fn content_window(slf: &Bound<'_, Self>) -> PyResult<Option<Py<PyAny>>> {
        let (n, py) = (base(slf), slf.py());
        let window = n
            .shared
            .lock(py)
            .read(py)?
            .content_window(n.id)
            .or_raise(py)?;
        window
            .map(|w| crate::target::window_object(py, &n.shared, w))
            .transpose()
    }

    /// `iframe.contentDocument` (<https://html.spec.whatwg.org/#dom-iframe-contentdocument>):
    /// its nested browsing context's document, None while it has none.
    #[getter(contentDocument)]
    fn content_document(slf: &Bound<'_, Self>) -> PyResult<Option<Py<PyAny>>> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let doc = st.read(py)?.content_document(n.id).or_raise(py)?;
        crate::node::wrap_opt(py, &n.shared, &mut st, doc)
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

/// `setAttribute` of node `id` of a document, recorded when a batch is
/// open (validated now, so the error, if any, is raised where the
/// unbatched call would raise it).
pub(crate) fn set_attr_of(
    shared: &Shared,
    id: NodeId,
    py: Python<'_>,
    name: &str,
    value: &str,
) -> PyResult<()> {
    let mut st = shared.lock(py);
    let DocState { doc, batch, .. } = &mut *st;
    if let Some(buf) = batch.as_mut() {
        return doc.record_set_attribute(buf, id, name, value).or_raise(py);
    }
    doc.set_attribute(id, name, value).or_raise(py)
}

/// `removeAttribute` of node `id` of a document, recorded when a batch is open.
pub(crate) fn remove_attr_of(
    shared: &Shared,
    id: NodeId,
    py: Python<'_>,
    name: &str,
) -> PyResult<()> {
    let mut st = shared.lock(py);
    let DocState { doc, batch, .. } = &mut *st;
    if let Some(buf) = batch.as_mut() {
        return doc.record_remove_attribute(buf, id, name).or_raise(py);
    }
    doc.remove_attribute(id, name).or_raise(py)
}
