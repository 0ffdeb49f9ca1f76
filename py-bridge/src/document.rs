//! `Document` methods, `parse`/`parse_fragment`, and `batch()`.

use std::sync::Arc;

use dom_ecs::{Document, Ns, ParseOptions, WindowNamed};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::dom_str::DomStr;
use crate::error::OrRaise;
use crate::node::NodeClass;
use crate::node::{PyDocument, PyNode, base, wrap};
use crate::node_list::PyNodeList;
use crate::state::Shared;

/// A new Python `Document` object for a parsed or empty document.
pub fn new_document(py: Python<'_>, doc: Document) -> PyResult<Py<PyDocument>> {
    document_object(py, Shared::new(doc))
}

/// The Python `Document` object for a document already shared (e.g. with
/// the JS engine of the same page): same world, no copy.
pub fn document_object(py: Python<'_>, shared: Arc<Shared>) -> PyResult<Py<PyDocument>> {
    let root = shared.lock(py).doc.root();
    shared.lock(py).pin(py, root)?;
    let xml = shared
        .lock(py)
        .doc
        .is_xml_document_object(root)
        .or_raise(py)?;
    let node = PyNode { shared, id: root };
    if xml {
        let made = Py::new(py, crate::node::PyXMLDocument::initializer(node))?;
        return Ok(made.into_bound(py).into_super().unbind());
    }
    Py::new(py, PyDocument::initializer(node))
}

/// Run `f` on the DOM behind a Python `Document` (pending batch writes
/// applied first): how a Rust host reads or changes the page its scripts see.
pub fn with_document<R>(
    py: Python<'_>,
    document: &Py<PyDocument>,
    f: impl FnOnce(&mut Document) -> R,
) -> PyResult<R> {
    let bound = document.bind(py);
    let n = base(bound);
    let mut st = n.shared.lock(py);
    Ok(f(st.read(py)?))
}

/// `ecsdom.parse(html, *, scripting=True, encoding=None)`: parse a whole
/// document, with the GIL released. `html` is text, or bytes decoded as a
/// browser decodes a page: a byte order mark, else `encoding` (a label
/// of the Encoding Standard: what a `Content-Type` charset would say),
/// else a `<meta charset>` in the first 1024 bytes, else UTF-8; the
/// document's `characterSet` says which.
#[pyfunction]
#[pyo3(signature = (html, *, scripting = true, encoding = None))]
pub fn parse(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    scripting: bool,
    encoding: Option<DomStr<'_>>,
) -> PyResult<Py<PyDocument>> {
    let options = ParseOptions { scripting };
    let bytes = match html.cast::<pyo3::types::PyBytes>() {
        Ok(b) => b.as_bytes().to_vec(),
        Err(_) => match html.cast::<pyo3::types::PyByteArray>() {
            Ok(b) => b.to_vec(),
            Err(_) => {
                if encoding.is_some() {
                    return Err(pyo3::exceptions::PyTypeError::new_err(
                        "encoding= is for bytes: str input is decoded already",
                    ));
                }
                let html: DomStr<'_> = html.extract()?;
                let doc = py.detach(|| Document::parse_with(&html, options));
                return new_document(py, doc);
            }
        },
    };
    let content_type = match encoding {
        Some(label) => {
            if dom_ecs::encoding_for_label(&label).is_none() {
                return Err(pyo3::exceptions::PyLookupError::new_err(format!(
                    "unknown encoding: {}",
                    &*label
                )));
            }
            Some(format!("text/html; charset={}", &*label))
        }
        None => None,
    };
    let doc = py.detach(|| {
        let (text, used) = dom_ecs::decode_page(&bytes, content_type.as_deref(), false);
        let mut doc = Document::parse_with(&text, options);
        let root = doc.root();
        let _ = doc.set_character_set(root, used);
        doc
    });
    new_document(py, doc)
}

/// `ecsdom.parse_fragment(html, context="div")`: parse `html` as the
/// children of a `context` element; returns a DocumentFragment (of a new
/// empty document).
#[pyfunction]
#[pyo3(signature = (html, context = "div".into()), text_signature = "(html, context='div')")]
pub fn parse_fragment(
    py: Python<'_>,
    html: DomStr<'_>,
    context: DomStr<'_>,
) -> PyResult<Py<PyAny>> {
    let mut doc = Document::new();
    let context = context.to_ascii_lowercase();
    let frag = py.detach(|| doc.parse_fragment(&html, Ns::Html, &context, ParseOptions::default()));
    let shared = Shared::new(doc);
    let mut st = shared.lock(py);
    wrap(py, &shared, &mut st, frag)
}

/// `with doc.batch():` — see the class docs in `ecsdom/_native.pyi`.
#[pyclass(module = "ecsdom", name = "Batch")]
pub struct PyBatch {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyBatch {
    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        {
            let mut st = slf.shared.lock(slf.py());
            st.batch_depth += 1;
            if st.batch.is_none() {
                st.batch = Some(dom_ecs::CommandBuffer::new());
            }
        }
        slf
    }

    /// Apply what was recorded (also when the block raised: those writes
    /// happened before the exception, as they would have without a batch).
    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        st.batch_depth = st.batch_depth.saturating_sub(1);
        if st.batch_depth == 0 {
            let result = st.flush(py);
            st.batch = None;
            st.doc.maybe_collect_garbage();
            result?;
        }
        Ok(false)
    }
}

#[pymethods]
impl PyDocument {
    /// `write(*text)`: while a script the page's parser reached runs, the
    /// text goes into the parser's input after the script's end tag
    /// (`NotSupportedError` with no parser running).
    #[pyo3(signature = (*text))]
    fn write(slf: &Bound<'_, Self>, text: Vec<String>) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        st.doc.document_write(n.id, &text.concat()).or_raise(py)
    }

    /// `writeln(*text)`: `write` and a newline.
    #[pyo3(signature = (*text))]
    fn writeln(slf: &Bound<'_, Self>, text: Vec<String>) -> PyResult<()> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        st.doc
            .document_write(n.id, &(text.concat() + "\n"))
            .or_raise(py)
    }

    /// `Document()`: a new empty document (no doctype, no elements).
    #[new]
    fn py_new(py: Python<'_>) -> PyResult<PyClassInitializer<Self>> {
        let doc = Document::new();
        let root = doc.root();
        let shared = Shared::new(doc);
        shared.lock(py).pin(py, root)?;
        Ok(PyDocument::initializer(PyNode { shared, id: root }))
    }

    /// `get_elements_by_ids(ids)`: one crossing for N ids; raises KeyError
    /// for the first id no element has.
    fn get_elements_by_ids(slf: &Bound<'_, Self>, ids: &Bound<'_, PyAny>) -> PyResult<PyNodeList> {
        let (n, py) = (base(slf), slf.py());
        // Iterate (which may run Python code) before taking the lock.
        let ids: Vec<Bound<'_, PyString>> = ids
            .try_iter()?
            .map(|i| i.and_then(|i| Ok(i.cast_into::<PyString>()?)))
            .collect::<PyResult<_>>()?;
        let mut st = n.shared.lock(py);
        st.read_ids(py)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            let s = id.to_str()?;
            match st.doc.get_element_by_id(s) {
                Some(e) => out.push(e),
                None => return Err(PyKeyError::new_err(s.to_owned())),
            }
        }
        Ok(n.list(&mut st, out))
    }

    /// `with doc.batch():` records per-node writes and applies them at the
    /// end, in parallel, with the GIL released.
    fn batch(slf: &Bound<'_, Self>) -> PyBatch {
        PyBatch {
            shared: base(slf).shared.clone(),
        }
    }

    /// The whole document serialized, as `chromium --dump-dom` prints it.
    fn to_html(slf: &Bound<'_, Self>) -> PyResult<crate::dom_str::Text> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        let doc = &*st.read(py)?;
        Ok(crate::dom_str::Text(py.detach(|| doc.to_html())))
    }

    /// Reclaim detached nodes no handle refers to; returns how many.
    fn collect_garbage(slf: &Bound<'_, Self>) -> PyResult<usize> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st.read(py)?.collect_garbage())
    }

    /// How many nodes are alive (attached or not), the document included.
    #[getter]
    fn node_count(slf: &Bound<'_, Self>) -> PyResult<usize> {
        let (n, py) = (base(slf), slf.py());
        let mut st = n.shared.lock(py);
        Ok(st.read(py)?.node_count())
    }
}

/// The window's named properties for Python's `Window.__getattr__`
/// (<https://html.spec.whatwg.org/#named-access-on-the-window-object>):
/// dom-ecs `window_named_property` of `document`'s window: an iframe's
/// `Window`, the element, a live `HTMLCollection` of several, or None.
#[pyfunction]
pub fn _window_named(
    document: &Bound<'_, PyDocument>,
    name: DomStr<'_>,
) -> PyResult<Option<Py<PyAny>>> {
    let py = document.py();
    let n = crate::node::base(document);
    let mut st = n.shared.lock(py);
    let doc = st.read(py)?;
    let Some(window) = doc.window_of(n.id).or_raise(py)? else {
        return Ok(None);
    };
    match doc.window_named_property(window, &name).or_raise(py)? {
        WindowNamed::None => Ok(None),
        WindowNamed::Window(w) => {
            drop(st);
            crate::target::window_object(py, &n.shared, w).map(Some)
        }
        WindowNamed::Element(e) => crate::node::wrap(py, &n.shared, &mut st, e).map(Some),
        WindowNamed::Elements(list) => Ok(Some(
            crate::node_list::PyHTMLCollection::of_collection(py, &n.shared, &mut st, list)?
                .into_any(),
        )),
    }
}
