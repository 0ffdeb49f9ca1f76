//! Evaluating an XPath 1.0 expression over the DOM (XPath 1.0 §2-4, with
//! the DOM Standard's and HTML's mapping of the data model): node-sets in
//! document order, the four value types and their conversions, the core
//! function library.
//!
//! An attribute in a node-set is its element and its index in the
//! element's list ([`XNode::Attr`]): `Attr` nodes are made only for the
//! results handed out. Namespace declarations (`xmlns` attributes) are no
//! attribute nodes, and the namespace axis is empty (the DOM has no
//! namespace nodes), as in Blink and WebKit. A name test without a prefix
//! matches an HTML element of an HTML document by its lowercased name
//! (HTML's "Interactions with XPath and XSLT").

use bevy_ecs::prelude::Entity;
use rustc_hash::FxHashSet;

use super::parse::{Axis, Expr, Func, NodeTest, Op, Start, Step};
use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{CharacterData, NodeKind};

/// A node of the XPath data model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum XNode {
    Node(Entity),
    /// An element's attribute, by its index in the element's list.
    Attr(Entity, u32),
}

/// A value (§1): a node-set (in document order, without repeats), a
/// boolean, a number or a string.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Nodes(Vec<XNode>),
    Bool(bool),
    Num(f64),
    Str(String),
}

#[derive(Clone, Copy)]
struct Ctx {
    node: XNode,
    pos: usize,
    size: usize,
}

/// XML's whitespace.
const XML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// Past this size a node-set is put in document order by one walk of
/// its tree rather than by comparisons.
const SORT_BY_WALK: usize = 32;

fn type_error(what: &str) -> DomError {
    DomError::Type(format!("XPath: {what} is not a node-set"))
}

impl Document {
    /// Evaluate `expr` with `context` as the context node (position and
    /// size 1).
    pub(super) fn xpath_eval(&self, expr: &Expr, context: XNode) -> DomResult<Value> {
        self.eval(
            expr,
            Ctx {
                node: context,
                pos: 1,
                size: 1,
            },
        )
    }

    fn eval(&self, expr: &Expr, cx: Ctx) -> DomResult<Value> {
        Ok(match expr {
            Expr::Literal(s) => Value::Str(s.clone()),
            Expr::Number(n) => Value::Num(*n),
            Expr::Neg(e) => Value::Num(-self.number_of(&self.eval(e, cx)?)),
            Expr::Call(f, args) => self.call(*f, args, cx)?,
            Expr::Path(start, steps) => Value::Nodes(self.path(start, steps, cx)?),
            Expr::Binary(op, a, b) => match op {
                Op::Or => Value::Bool(
                    self.boolean_of(&self.eval(a, cx)?) || self.boolean_of(&self.eval(b, cx)?),
                ),
                Op::And => Value::Bool(
                    self.boolean_of(&self.eval(a, cx)?) && self.boolean_of(&self.eval(b, cx)?),
                ),
                Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                    Value::Bool(self.compare(*op, &self.eval(a, cx)?, &self.eval(b, cx)?))
                }
                Op::Union => {
                    let (Value::Nodes(mut x), Value::Nodes(y)) =
                        (self.eval(a, cx)?, self.eval(b, cx)?)
                    else {
                        return Err(type_error("an operand of `|`"));
                    };
                    x.extend(y);
                    self.sort_nodes(&mut x);
                    Value::Nodes(x)
                }
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod => {
                    let x = self.number_of(&self.eval(a, cx)?);
                    let y = self.number_of(&self.eval(b, cx)?);
                    Value::Num(match op {
                        Op::Add => x + y,
                        Op::Sub => x - y,
                        Op::Mul => x * y,
                        Op::Div => x / y,
                        // (Truncating, as ECMAScript's %.)
                        _ => x % y,
                    })
                }
            },
        })
    }

    // ----- location paths -----------------------------------------------

    fn path(&self, start: &Start, steps: &[Step], cx: Ctx) -> DomResult<Vec<XNode>> {
        let mut nodes = match start {
            Start::Context => vec![cx.node],
            Start::Root => {
                let e = match cx.node {
                    XNode::Node(e) | XNode::Attr(e, _) => e,
                };
                vec![XNode::Node(self.root_of(e))]
            }
            Start::Filter(primary, predicates) => {
                let Value::Nodes(mut nodes) = self.eval(primary, cx)? else {
                    return Err(type_error("a filtered or stepped expression"));
                };
                for p in predicates {
                    nodes = self.filter(nodes, p)?;
                }
                nodes
            }
        };
        let mut k = 0;
        while k < steps.len() {
            // `//name` with no predicate: the descendants named so, in one walk.
            if steps[k].axis == Axis::DescendantOrSelf
                && steps[k].test == NodeTest::Node
                && steps[k].predicates.is_empty()
                && let Some(next) = steps.get(k + 1)
                && next.axis == Axis::Child
                && next.predicates.is_empty()
            {
                let step = Step {
                    axis: Axis::Descendant,
                    test: next.test.clone(),
                    predicates: Vec::new(),
                };
                nodes = self.step(&nodes, &step)?;
                k += 2;
                continue;
            }
            nodes = self.step(&nodes, &steps[k])?;
            k += 1;
        }
        Ok(nodes)
    }

    /// One step from every node of `from` (in document order), the
    /// results in document order.
    fn step(&self, from: &[XNode], step: &Step) -> DomResult<Vec<XNode>> {
        let mut out = Vec::new();
        for &n in from {
            let mut found = Vec::new();
            self.axis(n, step.axis, &mut |x| {
                if self.test(x, step.axis, &step.test) {
                    found.push(x);
                }
            });
            for p in &step.predicates {
                found = self.filter(found, p)?;
            }
            if step.axis.is_reverse() {
                found.reverse();
            }
            out.extend(found);
        }
        if from.len() > 1 {
            self.sort_nodes(&mut out);
        }
        Ok(out)
    }

    /// The nodes of `nodes` (in the axis's order: proximity order) for
    /// which `predicate` holds (§2.4: a number is a position).
    fn filter(&self, nodes: Vec<XNode>, predicate: &Expr) -> DomResult<Vec<XNode>> {
        let size = nodes.len();
        let mut out = Vec::with_capacity(size);
        for (i, n) in nodes.into_iter().enumerate() {
            let cx = Ctx {
                node: n,
                pos: i + 1,
                size,
            };
            let keep = match self.eval(predicate, cx)? {
                Value::Num(x) => x == (i + 1) as f64,
                v => self.boolean_of(&v),
            };
            if keep {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// Each node on `axis` from `n`, in the axis's order (reverse axes:
    /// nearest first).
    fn axis(&self, n: XNode, axis: Axis, f: &mut dyn FnMut(XNode)) {
        let (e, attr) = match n {
            XNode::Node(e) => (e, false),
            XNode::Attr(e, _) => (e, true),
        };
        match axis {
            Axis::Itself => f(n),
            Axis::Child => {
                if !attr {
                    self.children_of(e).for_each(|c| f(XNode::Node(c)));
                }
            }
            Axis::Descendant | Axis::DescendantOrSelf => {
                if axis == Axis::DescendantOrSelf {
                    f(n);
                }
                if !attr {
                    self.descendants_of(e).for_each(|c| f(XNode::Node(c)));
                }
            }
            Axis::Parent => {
                if attr {
                    f(XNode::Node(e));
                } else if let Some(p) = self.n(e).parent {
                    f(XNode::Node(p));
                }
            }
            Axis::Ancestor | Axis::AncestorOrSelf => {
                if axis == Axis::AncestorOrSelf {
                    f(n);
                }
                if attr {
                    f(XNode::Node(e));
                }
                let mut cur = self.n(e).parent;
                while let Some(p) = cur {
                    f(XNode::Node(p));
                    cur = self.n(p).parent;
                }
            }
            Axis::FollowingSibling => {
                if !attr {
                    let mut cur = self.n(e).next_sibling;
                    while let Some(s) = cur {
                        f(XNode::Node(s));
                        cur = self.n(s).next_sibling;
                    }
                }
            }
            Axis::PrecedingSibling => {
                if !attr {
                    let mut cur = self.n(e).prev_sibling;
                    while let Some(s) = cur {
                        f(XNode::Node(s));
                        cur = self.n(s).prev_sibling;
                    }
                }
            }
            Axis::Following => {
                let root = self.root_of(e);
                // An attribute's following nodes start with its element's
                // descendants.
                let mut cur = if attr {
                    self.n(e)
                        .first_child
                        .or_else(|| self.following_skipping_children(e, root))
                } else {
                    self.following_skipping_children(e, root)
                };
                while let Some(c) = cur {
                    f(XNode::Node(c));
                    cur = self
                        .n(c)
                        .first_child
                        .or_else(|| self.following_skipping_children(c, root));
                }
            }
            Axis::Preceding => {
                // Nodes before `e` in document order, ancestors excluded,
                // nearest first: each ancestor's preceding siblings' subtrees,
                // last node first.
                let mut cur = Some(e);
                while let Some(x) = cur {
                    let mut sib = self.n(x).prev_sibling;
                    while let Some(s) = sib {
                        let mut sub: Vec<Entity> = vec![s];
                        sub.extend(self.descendants_of(s));
                        sub.iter().rev().for_each(|&d| f(XNode::Node(d)));
                        sib = self.n(s).prev_sibling;
                    }
                    cur = self.n(x).parent;
                }
            }
            Axis::Attribute => {
                if !attr && let Some(a) = self.attrs(e) {
                    for (i, at) in a.list.iter().enumerate() {
                        if at.ns != Ns::Xmlns {
                            f(XNode::Attr(e, i as u32));
                        }
                    }
                }
            }
            Axis::Namespace => {}
        }
    }

    /// Whether `n` passes `test` on `axis` (§2.3: a name test matches
    /// the axis's principal node type).
    fn test(&self, n: XNode, axis: Axis, test: &NodeTest) -> bool {
        match (n, test) {
            // (XPath's data model has no doctype.)
            (XNode::Node(e), NodeTest::Node) => self.n(e).kind != NodeKind::Doctype,
            (_, NodeTest::Node) => true,
            (XNode::Attr(e, i), NodeTest::Name { ns, local }) => {
                if axis != Axis::Attribute {
                    return false;
                }
                let Some(a) = self.attrs(e).and_then(|a| a.list.get(i as usize)) else {
                    return false;
                };
                let ns_ok = match ns {
                    None if local.is_none() => true,
                    None => a.ns == Ns::None,
                    Some(url) => self.names.ns_url(a.ns) == url,
                };
                ns_ok
                    && local.as_ref().is_none_or(|l| {
                        let name = self.names.resolve(a.local);
                        name == l
                            || (ns.is_none()
                                && self.html_in_html(e)
                                && name == l.to_ascii_lowercase())
                    })
            }
            (XNode::Attr(..), _) => false,
            (XNode::Node(e), t) => {
                let node = self.n(e);
                match t {
                    NodeTest::Text => node.kind == NodeKind::Text,
                    NodeTest::Comment => node.kind == NodeKind::Comment,
                    NodeTest::Pi(target) => {
                        node.kind == NodeKind::ProcessingInstruction
                            && target.as_ref().is_none_or(|t| {
                                self.pi_target(crate::NodeId(e)).is_ok_and(|x| x == t)
                            })
                    }
                    NodeTest::Name { ns, local } => {
                        if axis == Axis::Attribute || node.kind != NodeKind::Element {
                            return false;
                        }
                        let Some(name) = self.element_name(e) else {
                            return false;
                        };
                        let html = self.html_in_html(e);
                        let ns_ok = match ns {
                            // (`*`: any element.)
                            None if local.is_none() => true,
                            // (HTML: no prefix names the HTML namespace for
                            // an HTML element of an HTML document.)
                            None => name.ns == Ns::None || html,
                            Some(url) => self.names.ns_url(name.ns) == url,
                        };
                        ns_ok
                            && local.as_ref().is_none_or(|l| {
                                let mine = self.names.resolve(name.local);
                                if html {
                                    mine == l.to_ascii_lowercase()
                                } else {
                                    mine == l
                                }
                            })
                    }
                    NodeTest::Node => true,
                }
            }
        }
    }

    /// An HTML element whose node document is an HTML document.
    fn html_in_html(&self, e: Entity) -> bool {
        self.element_name(e).is_some_and(|n| n.ns == Ns::Html)
            && self.is_html_document(self.node_document(e))
    }

    // ----- document order -----------------------------------------------

    /// Put `nodes` in document order without repeats (nodes of another
    /// tree than the first's follow, in an order of their own).
    pub(super) fn sort_nodes(&self, nodes: &mut Vec<XNode>) {
        if nodes.len() < 2 {
            return;
        }
        if nodes.len() <= SORT_BY_WALK {
            nodes.sort_by(|&a, &b| self.order(a, b));
            nodes.dedup();
            return;
        }
        let wanted: FxHashSet<XNode> = nodes.iter().copied().collect();
        let mut out = Vec::with_capacity(wanted.len());
        let mut roots: Vec<Entity> = Vec::new();
        for n in nodes.iter() {
            let (XNode::Node(e) | XNode::Attr(e, _)) = *n;
            let r = self.root_of(e);
            if !roots.contains(&r) {
                roots.push(r);
            }
        }
        let visit = |e: Entity, out: &mut Vec<XNode>| {
            if wanted.contains(&XNode::Node(e)) {
                out.push(XNode::Node(e));
            }
            if let Some(a) = self.attrs(e) {
                for i in 0..a.list.len() as u32 {
                    if wanted.contains(&XNode::Attr(e, i)) {
                        out.push(XNode::Attr(e, i));
                    }
                }
            }
        };
        for r in roots {
            visit(r, &mut out);
            for d in self.descendants_of(r) {
                visit(d, &mut out);
            }
        }
        *nodes = out;
    }

    /// Document order of two nodes (an attribute after its element,
    /// before the element's children).
    fn order(&self, a: XNode, b: XNode) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let (ea, ia) = match a {
            XNode::Node(e) => (e, None),
            XNode::Attr(e, i) => (e, Some(i)),
        };
        let (eb, ib) = match b {
            XNode::Node(e) => (e, None),
            XNode::Attr(e, i) => (e, Some(i)),
        };
        if ea == eb {
            return ia.cmp(&ib);
        }
        if self.precedes(ea, eb) {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }

    // ----- conversions (§4.2-4.4) -----------------------------------------

    /// The string-value of a node (§5).
    pub(super) fn string_value(&self, n: XNode) -> String {
        match n {
            XNode::Attr(e, i) => self
                .attrs(e)
                .and_then(|a| a.list.get(i as usize))
                .map_or_else(String::new, |a| a.value.to_string()),
            XNode::Node(e) => match self.n(e).kind {
                NodeKind::Element | NodeKind::Document | NodeKind::Fragment => {
                    let mut out = String::new();
                    self.collect_text(e, &mut out);
                    out
                }
                NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => self
                    .world
                    .get::<CharacterData>(e)
                    .map_or_else(String::new, |d| d.0.to_string()),
                NodeKind::Attribute => self.attr_value(crate::NodeId(e)).unwrap_or_default(),
                NodeKind::Doctype => String::new(),
            },
        }
    }

    pub(super) fn string_of(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.clone(),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Num(n) => number_to_string(*n),
            Value::Nodes(ns) => ns
                .first()
                .map_or_else(String::new, |&n| self.string_value(n)),
        }
    }

    pub(super) fn number_of(&self, v: &Value) -> f64 {
        match v {
            Value::Num(n) => *n,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Str(s) => string_to_number(s),
            Value::Nodes(_) => string_to_number(&self.string_of(v)),
        }
    }

    pub(super) fn boolean_of(&self, v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            Value::Nodes(ns) => !ns.is_empty(),
        }
    }

    /// `=`, `!=`, `<`, `<=`, `>`, `>=` (§3.4).
    fn compare(&self, op: Op, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Nodes(x), Value::Nodes(y)) => {
                // (Each string-value once, not once per pair.)
                let ys: Vec<Value> = y
                    .iter()
                    .map(|&n| Value::Str(self.string_value(n)))
                    .collect();
                x.iter().any(|&n| {
                    let s = Value::Str(self.string_value(n));
                    ys.iter().any(|t| self.atomic(op, &s, t))
                })
            }
            (Value::Nodes(x), other) => self.node_set_vs(op, x, other, false),
            (other, Value::Nodes(y)) => self.node_set_vs(op, y, other, true),
            _ => self.atomic(op, a, b),
        }
    }

    /// A node-set against a value that is not one (`swapped`: the
    /// node-set is the right operand).
    fn node_set_vs(&self, op: Op, nodes: &[XNode], other: &Value, swapped: bool) -> bool {
        let pair = |v: Value| {
            if swapped {
                self.atomic(op, other, &v)
            } else {
                self.atomic(op, &v, other)
            }
        };
        match other {
            Value::Bool(_) => pair(Value::Bool(!nodes.is_empty())),
            Value::Num(_) => nodes
                .iter()
                .any(|&n| pair(Value::Num(string_to_number(&self.string_value(n))))),
            _ => nodes
                .iter()
                .any(|&n| pair(Value::Str(self.string_value(n)))),
        }
    }

    /// A comparison of two values that are not node-sets.
    fn atomic(&self, op: Op, a: &Value, b: &Value) -> bool {
        match op {
            Op::Eq | Op::Ne => {
                let eq = if matches!(a, Value::Bool(_)) || matches!(b, Value::Bool(_)) {
                    self.boolean_of(a) == self.boolean_of(b)
                } else if matches!(a, Value::Num(_)) || matches!(b, Value::Num(_)) {
                    self.number_of(a) == self.number_of(b)
                } else {
                    self.string_of(a) == self.string_of(b)
                };
                eq == (op == Op::Eq)
            }
            _ => {
                let (x, y) = (self.number_of(a), self.number_of(b));
                match op {
                    Op::Lt => x < y,
                    Op::Le => x <= y,
                    Op::Gt => x > y,
                    _ => x >= y,
                }
            }
        }
    }

    // ----- the core function library (§4) --------------------------------

    fn call(&self, f: Func, args: &[Expr], cx: Ctx) -> DomResult<Value> {
        let arg = |i: usize| self.eval(&args[i], cx);
        let string_arg = |i: usize| -> DomResult<String> {
            Ok(match args.get(i) {
                Some(_) => self.string_of(&arg(i)?),
                None => self.string_value(cx.node),
            })
        };
        let nodes_arg = |i: usize| -> DomResult<Vec<XNode>> {
            match args.get(i) {
                None => Ok(vec![cx.node]),
                Some(_) => match arg(i)? {
                    Value::Nodes(n) => Ok(n),
                    _ => Err(type_error("the argument")),
                },
            }
        };
        Ok(match f {
            Func::Last => Value::Num(cx.size as f64),
            Func::Position => Value::Num(cx.pos as f64),
            Func::Count => Value::Num(nodes_arg(0)?.len() as f64),
            Func::Id => {
                let text = match arg(0)? {
                    Value::Nodes(ns) => ns
                        .iter()
                        .map(|&n| self.string_value(n))
                        .collect::<Vec<_>>()
                        .join(" "),
                    v => self.string_of(&v),
                };
                Value::Nodes(self.xpath_ids(cx.node, &text))
            }
            Func::LocalName | Func::NamespaceUri | Func::Name => {
                let first = nodes_arg(0)?.first().copied();
                Value::Str(first.map_or_else(String::new, |n| self.xpath_name(n, f)))
            }
            Func::String => Value::Str(string_arg(0)?),
            Func::Concat => {
                let mut s = String::new();
                for i in 0..args.len() {
                    s.push_str(&string_arg(i)?);
                }
                Value::Str(s)
            }
            Func::StartsWith => Value::Bool(string_arg(0)?.starts_with(&string_arg(1)?)),
            Func::Contains => Value::Bool(string_arg(0)?.contains(&string_arg(1)?)),
            Func::SubstringBefore => {
                let (s, t) = (string_arg(0)?, string_arg(1)?);
                Value::Str(s.find(&t).map_or_else(String::new, |i| s[..i].to_owned()))
            }
            Func::SubstringAfter => {
                let (s, t) = (string_arg(0)?, string_arg(1)?);
                Value::Str(
                    s.find(&t)
                        .map_or_else(String::new, |i| s[i + t.len()..].to_owned()),
                )
            }
            Func::Substring => {
                let s = string_arg(0)?;
                let start = round(self.number_of(&arg(1)?));
                let end = match args.get(2) {
                    Some(_) => start + round(self.number_of(&arg(2)?)),
                    None => f64::INFINITY,
                };
                // Characters at positions p (from 1) with start <= p < end.
                Value::Str(
                    s.chars()
                        .enumerate()
                        .filter(|&(i, _)| {
                            let p = (i + 1) as f64;
                            p >= start && p < end
                        })
                        .map(|(_, c)| c)
                        .collect(),
                )
            }
            Func::StringLength => Value::Num(string_arg(0)?.chars().count() as f64),
            Func::NormalizeSpace => Value::Str(
                string_arg(0)?
                    .split(XML_SPACE)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Func::Translate => {
                let (s, from, to) = (string_arg(0)?, string_arg(1)?, string_arg(2)?);
                let from: Vec<char> = from.chars().collect();
                let to: Vec<char> = to.chars().collect();
                Value::Str(
                    s.chars()
                        .filter_map(|c| match from.iter().position(|&x| x == c) {
                            Some(i) => to.get(i).copied(),
                            None => Some(c),
                        })
                        .collect(),
                )
            }
            Func::Boolean => Value::Bool(self.boolean_of(&arg(0)?)),
            Func::Not => Value::Bool(!self.boolean_of(&arg(0)?)),
            Func::True => Value::Bool(true),
            Func::False => Value::Bool(false),
            Func::Lang => {
                let want = string_arg(0)?.to_ascii_lowercase();
                Value::Bool(self.xml_lang(cx.node).is_some_and(|l| {
                    let l = l.to_ascii_lowercase();
                    l == want || l.strip_prefix(&want).is_some_and(|r| r.starts_with('-'))
                }))
            }
            Func::Number => Value::Num(match args.first() {
                Some(_) => self.number_of(&arg(0)?),
                None => string_to_number(&self.string_value(cx.node)),
            }),
            Func::Sum => Value::Num(
                nodes_arg(0)?
                    .iter()
                    .map(|&n| string_to_number(&self.string_value(n)))
                    .sum(),
            ),
            Func::Floor => Value::Num(self.number_of(&arg(0)?).floor()),
            Func::Ceiling => Value::Num(self.number_of(&arg(0)?).ceil()),
            Func::Round => Value::Num(round(self.number_of(&arg(0)?))),
        })
    }

    /// `local-name()`, `namespace-uri()` or `name()` of a node.
    fn xpath_name(&self, n: XNode, f: Func) -> String {
        let (ns, prefix, local) = match n {
            XNode::Attr(e, i) => {
                let Some(a) = self.attrs(e).and_then(|a| a.list.get(i as usize)) else {
                    return String::new();
                };
                (a.ns, a.prefix, self.names.resolve(a.local).to_owned())
            }
            XNode::Node(e) => match self.n(e).kind {
                NodeKind::Element => {
                    let Some(name) = self.element_name(e) else {
                        return String::new();
                    };
                    (
                        name.ns,
                        name.prefix,
                        self.names.resolve(name.local).to_owned(),
                    )
                }
                NodeKind::ProcessingInstruction => {
                    let target = self.pi_target(crate::NodeId(e)).unwrap_or("").to_owned();
                    (Ns::None, None, target)
                }
                NodeKind::Attribute => {
                    let id = crate::NodeId(e);
                    return match f {
                        Func::LocalName => self.attr_local_name(id).unwrap_or_default(),
                        Func::NamespaceUri => self
                            .attr_namespace_uri(id)
                            .ok()
                            .flatten()
                            .unwrap_or_default(),
                        _ => self.attr_name(id).unwrap_or_default(),
                    };
                }
                _ => return String::new(),
            },
        };
        match f {
            Func::LocalName => local,
            Func::NamespaceUri => self.names.ns_url(ns).to_owned(),
            _ => match prefix {
                Some(p) => format!("{}:{local}", self.names.prefix_str(p)),
                None => local,
            },
        }
    }

    /// The elements of `n`'s tree whose ID is one of the
    /// whitespace-separated `ids`, in document order.
    fn xpath_ids(&self, n: XNode, ids: &str) -> Vec<XNode> {
        let wanted: FxHashSet<&str> = ids.split(XML_SPACE).filter(|w| !w.is_empty()).collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        let (XNode::Node(e) | XNode::Attr(e, _)) = n;
        let root = self.root_of(e);
        let id = self.names.known.id;
        let mut seen: FxHashSet<String> = FxHashSet::default();
        let mut out = Vec::new();
        for d in self.descendants_of(root) {
            if let Some(v) = self.attrs(d).and_then(|a| a.get(id))
                && wanted.contains(v)
                && seen.insert(v.to_owned())
            {
                out.push(XNode::Node(d));
            }
        }
        out
    }

    /// The `xml:lang` of the nearest inclusive ancestor that has one.
    fn xml_lang(&self, n: XNode) -> Option<String> {
        let (XNode::Node(e) | XNode::Attr(e, _)) = n;
        let lang = self.names.get("lang")?;
        let mut cur = Some(e);
        while let Some(x) = cur {
            if let Some(a) = self.attrs(x)
                && let Some(at) = a.list.iter().find(|a| a.local == lang && a.ns == Ns::Xml)
            {
                return Some(at.value.to_string());
            }
            cur = self.n(x).parent;
        }
        None
    }
}

/// XPath's `round()`: the nearest integer, halves up (`-0.5` is `-0`).
fn round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() {
        return x;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    (x + 0.5).floor()
}

/// `number(string)` (§4.4): optional whitespace, an optional minus, digits
/// with an optional fraction; anything else is NaN.
pub(super) fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(XML_SPACE);
    let body = t.strip_prefix('-').unwrap_or(t);
    let valid = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1
        && body != ".";
    if !valid {
        return f64::NAN;
    }
    t.parse().unwrap_or(f64::NAN)
}

/// `string(number)` (§4.2): `NaN`, `Infinity`, an integer without a
/// point (`-0` is `0`), else the decimal form without an exponent.
pub(super) fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n == 0.0 {
        "0".into()
    } else {
        // (Rust's `Display` of a float is the shortest decimal that reads
        // back as it, never with an exponent.)
        format!("{n}")
    }
}
