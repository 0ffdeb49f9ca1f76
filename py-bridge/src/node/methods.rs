//! The `Node` interface's hand-written methods (the generated ones are in `crate::idl`).

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

#[pymethods]
impl PyNode {
    /// `el.text`: the Pythonic name of `textContent` ("" rather than None).
    #[getter(text)]
    fn get_text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        crate::dom_str::to_py(py, &self.text(py)?.unwrap_or_default())
    }

    #[setter(text)]
    fn set_text_py(
        &self,
        py: Python<'_>,
        value: Option<crate::dom_str::DomStr<'_>>,
    ) -> PyResult<()> {
        self.idl_node_text_content_set(py, value)
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
        let mut st = self.shared.lock(py);
        let ids = st.read(py)?.child_nodes(self.id).or_raise(py)?;
        Ok(crate::node_list::PyNodeIter::over(
            &self.shared,
            &mut st,
            ids,
        ))
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
            NodeKind::Attribute => format!(
                "<Attr {}={:?}>",
                doc.attr_name(self.id).or_raise(py)?,
                doc.attr_value(self.id).or_raise(py)?
            ),
            NodeKind::Doctype => format!("<DocumentType {}>", doc.node_name(self.id).or_raise(py)?),
        })
    }
}

impl PyNode {
    pub(super) fn same(&self, other: &PyNode) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared) && self.id == other.id
    }
}
