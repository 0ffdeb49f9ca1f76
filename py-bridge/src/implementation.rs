//! `DOMImplementation` (`document.implementation`) and `DOMParser`: the
//! documents a script makes. In Python each document is a world of its
//! own, so a made document is a new `Document` (dom-ecs's
//! `new_html_document`, `new_xml_document`, `parse_new_from_string`); a
//! doctype belongs to the implementation's document.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::document::new_document;
use crate::dom_str::{DomStr, Text};
use crate::error::OrRaise;
use crate::node::{PyDocument, PyDocumentType, base};

/// `DOMImplementation` of a document
/// (<https://dom.spec.whatwg.org/#interface-domimplementation>).
#[pyclass(frozen, module = "ecsdom", name = "DOMImplementation")]
pub struct PyDOMImplementation {
    document: Py<PyDocument>,
}

#[pymethods]
impl PyDOMImplementation {
    /// `createHTMLDocument(title=None)`: a new document with a doctype,
    /// `<html>`, `<head>` (with `<title>` if `title` is given), `<body>`.
    #[pyo3(name = "createHTMLDocument", signature = (title = None))]
    fn create_html_document(
        &self,
        py: Python<'_>,
        title: Option<DomStr<'_>>,
    ) -> PyResult<Py<PyDocument>> {
        new_document(py, dom_ecs::Document::new_html_document(title.as_deref()))
    }

    /// `createDocument(namespace, qualifiedName, doctype=None)`: a new XML
    /// document (`contentType` from the namespace) with a document element
    /// named `qualifiedName` (none for "") after a doctype like `doctype`.
    /// The new document is a world of its own, so the doctype in it is a
    /// copy: `doctype` stays where it is.
    #[pyo3(name = "createDocument", signature = (namespace, qualified_name, doctype = None))]
    fn create_document(
        &self,
        py: Python<'_>,
        namespace: Option<DomStr<'_>>,
        qualified_name: Option<DomStr<'_>>,
        doctype: Option<&Bound<'_, PyDocumentType>>,
    ) -> PyResult<Py<PyDocument>> {
        let copied = match doctype {
            Some(dt) => {
                let n = base(dt);
                let mut st = n.shared.lock(py);
                let d = st.read(py)?;
                Some((
                    d.doctype_name(n.id).or_raise(py)?.to_owned(),
                    d.doctype_public_id(n.id).or_raise(py)?.to_owned(),
                    d.doctype_system_id(n.id).or_raise(py)?.to_owned(),
                ))
            }
            None => None,
        };
        let made = dom_ecs::Document::new_xml_document(
            namespace.as_deref(),
            qualified_name.as_deref().unwrap_or(""),
            copied
                .as_ref()
                .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())),
        )
        .or_raise(py)?;
        new_document(py, made)
    }

    /// `createDocumentType(qualifiedName, publicId, systemId)`: a doctype
    /// node of this implementation's document.
    #[pyo3(name = "createDocumentType")]
    fn create_document_type(
        &self,
        py: Python<'_>,
        qualified_name: DomStr<'_>,
        public_id: DomStr<'_>,
        system_id: DomStr<'_>,
    ) -> PyResult<Py<PyAny>> {
        let n = base(self.document.bind(py));
        let mut st = n.shared.lock(py);
        let made = st
            .read(py)?
            .create_document_type(n.id, &qualified_name, &public_id, &system_id)
            .or_raise(py)?;
        n.wrap(py, &mut st, made)
    }

    /// `hasFeature()`: true, as the DOM Standard has it answer.
    #[pyo3(name = "hasFeature")]
    fn has_feature(&self) -> bool {
        true
    }
}

#[pymethods]
impl PyDocument {
    /// `implementation`
    #[getter(implementation)]
    fn implementation(slf: &Bound<'_, Self>) -> PyDOMImplementation {
        PyDOMImplementation {
            document: slf.clone().unbind(),
        }
    }
}

/// `XMLSerializer()` (<https://w3c.github.io/DOM-Parsing/#the-xmlserializer-interface>).
#[pyclass(frozen, module = "ecsdom", name = "XMLSerializer")]
pub struct PyXMLSerializer;

#[pymethods]
impl PyXMLSerializer {
    #[new]
    fn new() -> Self {
        PyXMLSerializer
    }

    /// `serializeToString(root)`: the XML serialization of `root` and its
    /// subtree, namespaces declared where they are needed.
    #[pyo3(name = "serializeToString")]
    fn serialize_to_string(&self, root: &Bound<'_, crate::node::PyNode>) -> PyResult<Text> {
        let py = root.py();
        let n = root.get();
        let mut st = n.shared.lock(py);
        Ok(Text(st.read(py)?.xml_serialize(n.id, false).or_raise(py)?))
    }
}

/// `DOMParser()` (<https://html.spec.whatwg.org/#dom-parsing-and-serialization>).
#[pyclass(frozen, module = "ecsdom", name = "DOMParser")]
pub struct PyDOMParser;

#[pymethods]
impl PyDOMParser {
    #[new]
    fn new() -> Self {
        PyDOMParser
    }

    /// `parseFromString(string, type)`: a new document; `type` is one of
    /// the `DOMParserSupportedType` values (`TypeError` otherwise); the
    /// XML types are parsed as XML (not well-formed: a `<parsererror>`
    /// document).
    #[pyo3(name = "parseFromString", signature = (string, r#type))]
    fn parse_from_string(
        &self,
        py: Python<'_>,
        string: DomStr<'_>,
        r#type: DomStr<'_>,
    ) -> PyResult<Py<PyDocument>> {
        let mime = r#type.as_str();
        if !dom_ecs::DOM_PARSER_SUPPORTED_TYPES.contains(&mime) {
            return Err(PyTypeError::new_err(format!(
                "'{mime}' is not a valid value of type DOMParserSupportedType"
            )));
        }
        let doc = py
            .detach(|| dom_ecs::Document::parse_new_from_string(&string, mime))
            .or_raise(py)?;
        new_document(py, doc)
    }
}
