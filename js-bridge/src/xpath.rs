//! XPath (<https://dom.spec.whatwg.org/#xpath>): native objects holding a
//! dom-ecs `XPathExpression` and `XPathResult` (whose nodes are pinned
//! while it lives). The prelude's classes (`79-xpath.js`) call the
//! script's resolver for each prefix first, with the document unlocked
//! (a resolver may be a node, whose `lookupNamespaceURI` reads the
//! document), then dom-ecs parses with the answers.

use std::cell::RefCell;
use std::rc::Rc;

use dom_ecs::{Document, DomError, NodeId, Unpinner, XPathExpression, XPathResult};
use rquickjs::{Class, Ctx, Exception, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// A parsed expression.
pub(crate) struct JsXPathExpression {
    expr: XPathExpression,
}

crate::native_class::native_class!(JsXPathExpression, "XPathExpressionState");

/// A result, its nodes pinned.
pub(crate) struct JsXPathResult {
    result: RefCell<XPathResult>,
    pinned: Vec<NodeId>,
    unpinner: Unpinner,
}

impl Drop for JsXPathResult {
    fn drop(&mut self) {
        for &n in &self.pinned {
            self.unpinner.unpin(n);
        }
    }
}

crate::native_class::native_class!(JsXPathResult, "XPathResultState");

fn expression<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Res<Class<'js, JsXPathExpression>> {
    Class::<JsXPathExpression>::from_value(v)
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}

fn result<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Res<Class<'js, JsXPathResult>> {
    Class::<JsXPathResult>::from_value(v)
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}

/// A node as the prelude wraps it (its index), or -1 for none.
fn index(n: Option<NodeId>) -> f64 {
    n.map_or(-1.0, |n| f64::from(n.index()))
}

/// The natives the prelude's XPath classes call.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
) -> Res<()> {
    // The prefixes of an expression's name tests, to resolve first.
    n.set(
        "xpathPrefixes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, text: String| -> Res<Vec<String>> {
                Document::xpath_prefixes(&text).map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    n.set(
        "xpathCompile",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  text: String,
                  prefixes: Vec<String>,
                  uris: Vec<Option<String>>|
                  -> Res<Value<'js>> {
                let expr = Document::create_expression(&text, &mut |p| {
                    prefixes
                        .iter()
                        .position(|q| q == p)
                        .and_then(|i| uris.get(i).cloned().flatten())
                })
                .map_err(|e| throw(&ctx, e))?;
                Ok(Class::instance(ctx.clone(), JsXPathExpression { expr })?.into_value())
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "xpathEvaluate",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, e: Value<'js>, i: f64, g: f64, kind: f64| -> Res<Value<'js>> {
                let e = expression(&ctx, &e)?;
                let e = e.borrow();
                let made = with_doc(&*a, |d| -> Result<_, DomError> {
                    let context = crate::natives::id(i, g);
                    d.kind(context)?;
                    let r = d.evaluate_expression(&e.expr, context, kind as u16)?;
                    let nodes = r.nodes().to_vec();
                    for &n in &nodes {
                        d.pin(n)?;
                    }
                    Ok((r, nodes, d.unpinner()))
                })
                .map_err(|e| throw(&ctx, e))?;
                let state = JsXPathResult {
                    result: RefCell::new(made.0),
                    pinned: made.1,
                    unpinner: made.2,
                };
                Ok(Class::instance(ctx.clone(), state)?.into_value())
            },
        )?,
    )?;
    // A member of a result: 0 resultType, 1 numberValue, 2 stringValue,
    // 3 booleanValue, 4 singleNodeValue, 5 invalidIteratorState,
    // 6 snapshotLength, 7 iterateNext(), 8 snapshotItem(index); nodes as
    // indices (-1: null).
    let a = access.clone();
    n.set(
        "xpathResult",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, r: Value<'js>, op: f64, arg: f64| -> Res<Value<'js>> {
                let r = result(&ctx, &r)?;
                let r = r.borrow();
                let mut res = r.result.borrow_mut();
                let number = |x: f64| Value::new_float(ctx.clone(), x);
                let out: Result<Value<'js>, DomError> = match op as u8 {
                    0 => Ok(number(f64::from(res.result_type()))),
                    1 => res.number_value().map(number),
                    2 => res.string_value().map(|s| {
                        rquickjs::String::from_str(ctx.clone(), &s).map_or_else(
                            |_| Value::new_undefined(ctx.clone()),
                            rquickjs::String::into_value,
                        )
                    }),
                    3 => res.boolean_value().map(|b| Value::new_bool(ctx.clone(), b)),
                    4 => res.single_node_value().map(|n| number(index(n))),
                    5 => Ok(Value::new_bool(
                        ctx.clone(),
                        with_doc(&*a, |d| res.invalid_iterator_state(d)),
                    )),
                    6 => res.snapshot_length().map(|n| number(n as f64)),
                    7 => with_doc(&*a, |d| res.iterate_next(d)).map(|n| number(index(n))),
                    _ => {
                        // (WebIDL's unsigned long: modulo 2^32.)
                        let i = (arg as i64).rem_euclid(1 << 32) as usize;
                        res.snapshot_item(i).map(|n| number(index(n)))
                    }
                };
                out.map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    Ok(())
}
