//! XPath (<https://dom.spec.whatwg.org/#xpath>, DOM Level 3 XPath):
//! `createExpression`, `evaluate` and `XPathResult` over XPath 1.0
//! expressions. `parse.rs`: the lexical structure and grammar, names'
//! prefixes resolved when parsed; `eval.rs`: node-sets, values,
//! conversions and the core functions over the DOM.

mod eval;
mod parse;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use eval::{Value, XNode};

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::{NodeId, NodeKind};

/// `XPathResult`'s result types (its constants).
pub mod result_type {
    /// `ANY_TYPE`: the expression's own type (a node-set as
    /// `UNORDERED_NODE_ITERATOR_TYPE`).
    pub const ANY: u16 = 0;
    /// `NUMBER_TYPE`
    pub const NUMBER: u16 = 1;
    /// `STRING_TYPE`
    pub const STRING: u16 = 2;
    /// `BOOLEAN_TYPE`
    pub const BOOLEAN: u16 = 3;
    /// `UNORDERED_NODE_ITERATOR_TYPE`
    pub const UNORDERED_NODE_ITERATOR: u16 = 4;
    /// `ORDERED_NODE_ITERATOR_TYPE`
    pub const ORDERED_NODE_ITERATOR: u16 = 5;
    /// `UNORDERED_NODE_SNAPSHOT_TYPE`
    pub const UNORDERED_NODE_SNAPSHOT: u16 = 6;
    /// `ORDERED_NODE_SNAPSHOT_TYPE`
    pub const ORDERED_NODE_SNAPSHOT: u16 = 7;
    /// `ANY_UNORDERED_NODE_TYPE`
    pub const ANY_UNORDERED_NODE: u16 = 8;
    /// `FIRST_ORDERED_NODE_TYPE`
    pub const FIRST_ORDERED_NODE: u16 = 9;
}

/// A parsed expression (`XPathExpression`): evaluated any number of
/// times, against any context node.
#[derive(Clone, Debug)]
pub struct XPathExpression {
    expr: Arc<parse::Expr>,
}

/// What an evaluation gave, converted to the type asked for.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Number(f64),
    String(String),
    Boolean(bool),
    /// In document order (ecsdom's unordered results are ordered too).
    Nodes(Vec<NodeId>),
}

/// An `XPathResult`: a number, string or boolean, or nodes to iterate
/// (valid while the document does not change) or to take by index.
#[derive(Clone, Debug)]
pub struct XPathResult {
    kind: u16,
    outcome: Outcome,
    /// The document's change count when made (an iterator's validity).
    stamp: u64,
    /// The next node an iterator gives.
    next: usize,
}

impl XPathResult {
    /// `resultType`
    pub fn result_type(&self) -> u16 {
        self.kind
    }

    fn wrong(&self, what: &str) -> DomError {
        DomError::Type(format!(
            "XPathResult: {what} of a result of type {}",
            self.kind
        ))
    }

    /// `numberValue`
    ///
    /// # Errors
    /// `TypeError` unless the result is a number.
    pub fn number_value(&self) -> DomResult<f64> {
        match (&self.outcome, self.kind) {
            (Outcome::Number(n), result_type::NUMBER) => Ok(*n),
            _ => Err(self.wrong("numberValue")),
        }
    }

    /// `stringValue`
    ///
    /// # Errors
    /// `TypeError` unless the result is a string.
    pub fn string_value(&self) -> DomResult<String> {
        match (&self.outcome, self.kind) {
            (Outcome::String(s), result_type::STRING) => Ok(s.clone()),
            _ => Err(self.wrong("stringValue")),
        }
    }

    /// `booleanValue`
    ///
    /// # Errors
    /// `TypeError` unless the result is a boolean.
    pub fn boolean_value(&self) -> DomResult<bool> {
        match (&self.outcome, self.kind) {
            (Outcome::Boolean(b), result_type::BOOLEAN) => Ok(*b),
            _ => Err(self.wrong("booleanValue")),
        }
    }

    /// `singleNodeValue`
    ///
    /// # Errors
    /// `TypeError` unless the result is a single node's.
    pub fn single_node_value(&self) -> DomResult<Option<NodeId>> {
        match (&self.outcome, self.kind) {
            (
                Outcome::Nodes(n),
                result_type::ANY_UNORDERED_NODE | result_type::FIRST_ORDERED_NODE,
            ) => Ok(n.first().copied()),
            _ => Err(self.wrong("singleNodeValue")),
        }
    }

    fn is_iterator(&self) -> bool {
        matches!(
            self.kind,
            result_type::UNORDERED_NODE_ITERATOR | result_type::ORDERED_NODE_ITERATOR
        )
    }

    /// The result's nodes (none for a number, string or boolean).
    pub fn nodes(&self) -> &[NodeId] {
        match &self.outcome {
            Outcome::Nodes(n) => n,
            _ => &[],
        }
    }

    /// `invalidIteratorState`: an iterator whose document changed since.
    pub fn invalid_iterator_state(&self, doc: &Document) -> bool {
        self.is_iterator() && self.stamp != doc.xpath_stamp()
    }

    /// `snapshotLength`
    ///
    /// # Errors
    /// `TypeError` unless the result is a snapshot.
    pub fn snapshot_length(&self) -> DomResult<usize> {
        match (&self.outcome, self.kind) {
            (
                Outcome::Nodes(n),
                result_type::UNORDERED_NODE_SNAPSHOT | result_type::ORDERED_NODE_SNAPSHOT,
            ) => Ok(n.len()),
            _ => Err(self.wrong("snapshotLength")),
        }
    }

    /// `snapshotItem(index)`: none past the end.
    ///
    /// # Errors
    /// `TypeError` unless the result is a snapshot.
    pub fn snapshot_item(&self, index: usize) -> DomResult<Option<NodeId>> {
        self.snapshot_length()?;
        let Outcome::Nodes(n) = &self.outcome else {
            return Ok(None);
        };
        Ok(n.get(index).copied())
    }

    /// `iterateNext()`: the next node, none at the end.
    ///
    /// # Errors
    /// `TypeError` unless the result is an iterator; `InvalidStateError`
    /// when its document changed since it was made.
    pub fn iterate_next(&mut self, doc: &Document) -> DomResult<Option<NodeId>> {
        let i = self.next_index(doc)?;
        Ok(i.and_then(|i| self.nodes().get(i).copied()))
    }

    /// [`XPathResult::iterate_next`] as the index of its node in
    /// [`XPathResult::nodes`].
    ///
    /// # Errors
    /// As [`XPathResult::iterate_next`].
    pub fn next_index(&mut self, doc: &Document) -> DomResult<Option<usize>> {
        if !self.is_iterator() {
            return Err(self.wrong("iterateNext()"));
        }
        if self.stamp != doc.xpath_stamp() {
            return Err(DomError::InvalidState(
                "the document changed since the result was made".into(),
            ));
        }
        if self.next >= self.nodes().len() {
            return Ok(None);
        }
        self.next += 1;
        Ok(Some(self.next - 1))
    }
}

impl Document {
    /// The count every change of the tree, an attribute or character data
    /// moves: an iterator made at another count is invalid.
    fn xpath_stamp(&self) -> u64 {
        self.mutations.restyle
    }

    /// The prefixes of `expression`'s name tests, in order, for a binding
    /// to ask its resolver before [`Document::create_expression`] (with
    /// the document unlocked: a resolver may read it).
    ///
    /// # Errors
    /// `SyntaxError`, as [`Document::create_expression`].
    pub fn xpath_prefixes(expression: &str) -> DomResult<Vec<String>> {
        let mut found: Vec<String> = Vec::new();
        parse::parse(expression, &mut |p| {
            if !found.iter().any(|f| f == p) {
                found.push(p.to_owned());
            }
            Some(String::new())
        })?;
        Ok(found)
    }

    /// `createExpression(expression, resolver)`: parse `expression`,
    /// resolving its prefixes with `resolve` (the resolver's
    /// `lookupNamespaceURI`; none at all: every prefix is unknown).
    ///
    /// # Errors
    /// `SyntaxError` for an expression that is not XPath 1.0 (or names a
    /// variable: the DOM binds none); `NamespaceError` for a prefix the
    /// resolver does not know.
    pub fn create_expression(
        expression: &str,
        resolve: &mut dyn FnMut(&str) -> Option<String>,
    ) -> DomResult<XPathExpression> {
        Ok(XPathExpression {
            expr: Arc::new(parse::parse(expression, resolve)?),
        })
    }

    /// `XPathExpression.evaluate(contextNode, type)` (and
    /// `document.evaluate`, which parses first): the value of `expr` with
    /// `context` as the context node, converted to `kind` (a
    /// [`result_type`]).
    ///
    /// # Errors
    /// `NotSupportedError` for a doctype context or an unknown type;
    /// `TypeError` when a node type is asked of a value that is no
    /// node-set; `StaleNode`.
    pub fn evaluate_expression(
        &mut self,
        expr: &XPathExpression,
        context: NodeId,
        kind: u16,
    ) -> DomResult<XPathResult> {
        let node = self.live(context)?;
        if node.kind == NodeKind::Doctype {
            return Err(DomError::NotSupported(
                "a doctype is no XPath context node".into(),
            ));
        }
        if kind > result_type::FIRST_ORDERED_NODE {
            return Err(DomError::NotSupported(format!(
                "{kind} is no XPathResult type"
            )));
        }
        let start = self.xnode_of(context);
        let value = self.xpath_eval(&expr.expr, start)?;
        let kind = match (kind, &value) {
            (result_type::ANY, Value::Num(_)) => result_type::NUMBER,
            (result_type::ANY, Value::Str(_)) => result_type::STRING,
            (result_type::ANY, Value::Bool(_)) => result_type::BOOLEAN,
            (result_type::ANY, Value::Nodes(_)) => result_type::UNORDERED_NODE_ITERATOR,
            (k, _) => k,
        };
        let outcome = match kind {
            result_type::NUMBER => Outcome::Number(self.number_of(&value)),
            result_type::STRING => Outcome::String(self.string_of(&value)),
            result_type::BOOLEAN => Outcome::Boolean(self.boolean_of(&value)),
            _ => {
                let Value::Nodes(nodes) = value else {
                    return Err(DomError::Type(
                        "XPath: the expression's value is not a node-set, as the result type asks"
                            .into(),
                    ));
                };
                let take = if matches!(
                    kind,
                    result_type::ANY_UNORDERED_NODE | result_type::FIRST_ORDERED_NODE
                ) {
                    1
                } else {
                    nodes.len()
                };
                let mut out = Vec::with_capacity(take.min(nodes.len()));
                for n in nodes.into_iter().take(take) {
                    out.push(match n {
                        XNode::Node(e) => NodeId(e),
                        XNode::Attr(e, i) => self
                            .attribute_item(NodeId(e), i as usize)?
                            .ok_or_else(|| DomError::InvalidState("an attribute is gone".into()))?,
                    });
                }
                Outcome::Nodes(out)
            }
        };
        Ok(XPathResult {
            kind,
            outcome,
            stamp: self.xpath_stamp(),
            next: 0,
        })
    }

    /// `context` as a node of the XPath data model: an attached `Attr` is
    /// its element's attribute.
    fn xnode_of(&self, context: NodeId) -> XNode {
        if let Ok(a) = self.attr(context)
            && let Some(el) = a.element
            && let Some(i) = self.attr_nodes_index(el, context.0)
        {
            return XNode::Attr(el, i);
        }
        XNode::Node(context.0)
    }

    /// The index in element `el`'s list of the attribute `attr` (an
    /// attached `Attr` node of it) is.
    fn attr_nodes_index(
        &self,
        el: bevy_ecs::prelude::Entity,
        attr: bevy_ecs::prelude::Entity,
    ) -> Option<u32> {
        let a = self.world.get::<crate::attr::AttrNode>(attr)?;
        self.attrs(el)?
            .list
            .iter()
            .position(|x| x.ns == a.ns && x.local == a.local)
            .map(|i| i as u32)
    }
}
