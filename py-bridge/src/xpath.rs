//! XPath (<https://dom.spec.whatwg.org/#xpath>) in Python:
//! `document.evaluate(expression, context_node, resolver, type)`,
//! `createExpression`, `XPathEvaluator`, `XPathResult`. The resolver (a
//! callable, or an object with `lookupNamespaceURI`, such as a node) is
//! asked for each prefix of the expression with the document unlocked;
//! dom-ecs parses with its answers and evaluates. A result holds handles
//! of its nodes, which pin them.

use std::sync::{Arc, Mutex};

use dom_ecs::{Document, XPathExpression, XPathResult};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::dom_str::DomStr;
use crate::error::OrRaise;
use crate::node::{PyDocument, PyNode};
use crate::state::Shared;

/// `XPathExpression`: made by `createExpression`.
#[pyclass(frozen, module = "ecsdom", name = "XPathExpression")]
pub struct PyXPathExpression {
    expr: XPathExpression,
}

/// `XPathResult`: a number, string or boolean, or nodes to iterate or
/// to take by index (its constants come from the IDL).
#[pyclass(frozen, module = "ecsdom", name = "XPathResult")]
pub struct PyXPathResult {
    shared: Arc<Shared>,
    result: Mutex<XPathResult>,
    /// Handles of the result's nodes, in its order.
    nodes: Vec<Py<PyAny>>,
}

/// `XPathEvaluator()`: `createExpression`, `createNSResolver` and
/// `evaluate`, as a document has them.
#[pyclass(frozen, module = "ecsdom", name = "XPathEvaluator")]
pub struct PyXPathEvaluator;

/// Parse `expression`, each prefix resolved by `resolver` first.
fn compile(
    py: Python<'_>,
    expression: &str,
    resolver: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyXPathExpression> {
    let prefixes = Document::xpath_prefixes(expression).or_raise(py)?;
    let mut uris: Vec<Option<String>> = Vec::with_capacity(prefixes.len());
    for p in &prefixes {
        let answer = match resolver {
            None => None,
            Some(r) if r.is_none() => None,
            Some(r) if r.is_callable() => Some(r.call1((p.as_str(),))?),
            Some(r) => Some(
                r.getattr("lookupNamespaceURI")
                    .map_err(|_| {
                        PyTypeError::new_err(
                            "the resolver is neither callable nor has lookupNamespaceURI",
                        )
                    })?
                    .call1((p.as_str(),))?,
            ),
        };
        uris.push(match answer {
            Some(a) if !a.is_none() => Some(a.str()?.to_string()),
            _ => None,
        });
    }
    let expr = Document::create_expression(expression, &mut |p| {
        prefixes
            .iter()
            .position(|q| q == p)
            .and_then(|i| uris[i].clone())
    })
    .or_raise(py)?;
    Ok(PyXPathExpression { expr })
}

/// Evaluate `expr` at `context`.
fn evaluate(
    py: Python<'_>,
    expr: &XPathExpression,
    context: &Bound<'_, PyNode>,
    kind: u16,
) -> PyResult<PyXPathResult> {
    let c = context.get();
    let mut st = c.shared.lock(py);
    let doc = st.read(py)?;
    let result = doc.evaluate_expression(expr, c.id, kind).or_raise(py)?;
    let ids = result.nodes().to_vec();
    let mut nodes = Vec::with_capacity(ids.len());
    for id in ids {
        nodes.push(crate::node::wrap(py, &c.shared, &mut st, id)?);
    }
    Ok(PyXPathResult {
        shared: c.shared.clone(),
        result: Mutex::new(result),
        nodes,
    })
}

/// `type` as WebIDL's unsigned short (modulo 2^16).
fn unsigned_short(kind: i64) -> u16 {
    kind.rem_euclid(1 << 16) as u16
}

#[pymethods]
impl PyXPathExpression {
    /// `evaluate(context_node, type=XPathResult.ANY_TYPE, result=None)`
    /// (`result` is not reused: a new result is made).
    #[pyo3(signature = (context_node, r#type = 0, result = None))]
    fn evaluate(
        &self,
        context_node: &Bound<'_, PyNode>,
        r#type: i64,
        result: Option<&Bound<'_, PyXPathResult>>,
    ) -> PyResult<PyXPathResult> {
        let _ = result;
        evaluate(
            context_node.py(),
            &self.expr,
            context_node,
            unsigned_short(r#type),
        )
    }
}

impl PyXPathResult {
    fn lock(&self) -> std::sync::MutexGuard<'_, XPathResult> {
        self.result.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn handle(&self, py: Python<'_>, i: Option<usize>) -> Option<Py<PyAny>> {
        i.and_then(|i| self.nodes.get(i)).map(|h| h.clone_ref(py))
    }
}

#[pymethods]
impl PyXPathResult {
    #[getter(resultType)]
    fn result_type(&self) -> u16 {
        self.lock().result_type()
    }

    #[getter(numberValue)]
    fn number_value(&self, py: Python<'_>) -> PyResult<f64> {
        self.lock().number_value().or_raise(py)
    }

    #[getter(stringValue)]
    fn string_value(&self, py: Python<'_>) -> PyResult<String> {
        self.lock().string_value().or_raise(py)
    }

    #[getter(booleanValue)]
    fn boolean_value(&self, py: Python<'_>) -> PyResult<bool> {
        self.lock().boolean_value().or_raise(py)
    }

    #[getter(singleNodeValue)]
    fn single_node_value(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let found = self.lock().single_node_value().or_raise(py)?;
        Ok(self.handle(py, found.map(|_| 0)))
    }

    #[getter(invalidIteratorState)]
    fn invalid_iterator_state(&self, py: Python<'_>) -> PyResult<bool> {
        let mut st = self.shared.lock(py);
        let doc = st.read(py)?;
        Ok(self.lock().invalid_iterator_state(doc))
    }

    #[getter(snapshotLength)]
    fn snapshot_length(&self, py: Python<'_>) -> PyResult<usize> {
        self.lock().snapshot_length().or_raise(py)
    }

    #[pyo3(name = "iterateNext")]
    fn iterate_next(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let i = {
            let mut st = self.shared.lock(py);
            let doc = st.read(py)?;
            self.lock().next_index(doc).or_raise(py)?
        };
        Ok(self.handle(py, i))
    }

    /// Python iteration: a snapshot's nodes, an iterator's next nodes
    /// (`iterateNext()` until the end), a single node's node; a number,
    /// string or boolean is no node-set (`TypeError`).
    fn __iter__(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let r = slf.get();
        let kind = r.lock().result_type();
        let nodes: Vec<Py<PyAny>> = match kind {
            dom_ecs::xpath_result_type::UNORDERED_NODE_ITERATOR
            | dom_ecs::xpath_result_type::ORDERED_NODE_ITERATOR => {
                let mut out = Vec::new();
                while let Some(n) = r.iterate_next(py)? {
                    out.push(n);
                }
                out
            }
            dom_ecs::xpath_result_type::ANY_UNORDERED_NODE
            | dom_ecs::xpath_result_type::FIRST_ORDERED_NODE => {
                r.nodes.iter().take(1).map(|n| n.clone_ref(py)).collect()
            }
            _ => {
                let len = r.lock().snapshot_length().or_raise(py)?;
                r.nodes[..len].iter().map(|n| n.clone_ref(py)).collect()
            }
        };
        Ok(pyo3::types::PyList::new(py, nodes)?
            .try_iter()?
            .into_any()
            .unbind())
    }

    #[pyo3(name = "snapshotItem")]
    fn snapshot_item(&self, py: Python<'_>, index: i64) -> PyResult<Option<Py<PyAny>>> {
        let len = self.lock().snapshot_length().or_raise(py)?;
        // (WebIDL's unsigned long: modulo 2^32.)
        let i = index.rem_euclid(1 << 32) as usize;
        Ok(self.handle(py, (i < len).then_some(i)))
    }
}

#[pymethods]
impl PyXPathEvaluator {
    #[new]
    fn py_new() -> Self {
        PyXPathEvaluator
    }

    /// `createExpression(expression, resolver=None)`: `resolver` is a
    /// callable taking a prefix (or an object with `lookupNamespaceURI`,
    /// such as a node) and answering a namespace URI or None.
    #[pyo3(name = "createExpression", signature = (expression, resolver = None))]
    fn create_expression(
        &self,
        py: Python<'_>,
        expression: DomStr<'_>,
        resolver: Option<Bound<'_, PyAny>>,
    ) -> PyResult<PyXPathExpression> {
        compile(py, &expression, resolver.as_ref())
    }

    /// `createNSResolver(node)`: the node itself (legacy).
    #[pyo3(name = "createNSResolver")]
    fn create_ns_resolver<'py>(&self, node: Bound<'py, PyNode>) -> Bound<'py, PyNode> {
        node
    }

    /// `evaluate(expression, context_node, resolver=None, type=0, result=None)`.
    #[pyo3(signature = (expression, context_node, resolver = None, r#type = 0, result = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        expression: DomStr<'_>,
        context_node: &Bound<'_, PyNode>,
        resolver: Option<Bound<'_, PyAny>>,
        r#type: i64,
        result: Option<&Bound<'_, PyXPathResult>>,
    ) -> PyResult<PyXPathResult> {
        let _ = result;
        let e = compile(py, &expression, resolver.as_ref())?;
        evaluate(py, &e.expr, context_node, unsigned_short(r#type))
    }
}

#[pymethods]
impl PyDocument {
    /// `createExpression(expression, resolver=None)` (as
    /// `XPathEvaluator.createExpression`).
    #[pyo3(name = "createExpression", signature = (expression, resolver = None))]
    fn create_expression(
        &self,
        py: Python<'_>,
        expression: DomStr<'_>,
        resolver: Option<Bound<'_, PyAny>>,
    ) -> PyResult<PyXPathExpression> {
        compile(py, &expression, resolver.as_ref())
    }

    /// `createNSResolver(node)`: the node itself (legacy).
    #[pyo3(name = "createNSResolver")]
    fn create_ns_resolver<'py>(&self, node: Bound<'py, PyNode>) -> Bound<'py, PyNode> {
        node
    }

    /// `evaluate(expression, context_node, resolver=None, type=0, result=None)`:
    /// `document.evaluate("//p", document, None, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE)`.
    #[pyo3(signature = (expression, context_node, resolver = None, r#type = 0, result = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        expression: DomStr<'_>,
        context_node: &Bound<'_, PyNode>,
        resolver: Option<Bound<'_, PyAny>>,
        r#type: i64,
        result: Option<&Bound<'_, PyXPathResult>>,
    ) -> PyResult<PyXPathResult> {
        let _ = result;
        let e = compile(py, &expression, resolver.as_ref())?;
        evaluate(py, &e.expr, context_node, unsigned_short(r#type))
    }
}
