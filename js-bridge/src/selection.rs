//! The natives of `Selection` (<https://w3c.github.io/selection-api/>),
//! over dom-ecs's [`Selection`]; the class is the prelude's
//! (`78-selection.js`). Written by hand: the Selection API's IDL is not
//! among the vendored interfaces the bindings are generated from.

use std::rc::Rc;

use dom_ecs::{Document, DomError, DomResult, NodeId, Selection};
use rquickjs::{Ctx, Exception, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::{id, throw};

type Res<T> = rquickjs::Result<T>;

/// What a selection call gives back before it becomes a JS value.
enum Out {
    Nothing,
    Node(Option<NodeId>),
    Number(f64),
    Bool(bool),
    Text(String),
}

/// Install `selectionOf(i, g)` (whether the document has a selection),
/// `selectionRangeAt(i, g, index)` (a new `Range` object of its range),
/// `selectionIsRange(i, g, range)` and `selection(i, g, op, a, b)`, which
/// runs member `op` of the document's selection.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    let a = access.clone();
    n.set(
        "selectionOf",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64| -> Res<bool> {
                with_doc(&*a, |d| d.get_selection(id(i, g)).map(|s| s.is_some()))
                    .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "selectionRangeAt",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64, index: f64| -> Res<Value<'js>> {
                let range = with_doc(&*a, |d| selection(d, i, g)?.get_range_at(d, index as u32))
                    .map_err(|e| throw(&ctx, e))?;
                crate::range::object(&ctx, &a, &k, range)
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "selectionIsRange",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64, r: Value<'js>| -> Res<bool> {
                let Some(range) = crate::range::of(&r) else {
                    return Ok(false);
                };
                with_doc(&*a, |d| {
                    let s = selection(d, i, g)?;
                    Ok(s.range_count(d)? == 1 && s.get_range_at(d, 0)?.same(&range))
                })
                .map_err(|e: DomError| throw(&ctx, e))
            },
        )?,
    )?;
    let (a, k) = (access.clone(), keys.clone());
    n.set(
        "selection",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  i: f64,
                  g: f64,
                  op: String,
                  x: Value<'js>,
                  y: Value<'js>|
                  -> Res<Value<'js>> {
                // Node and range arguments, converted before the document
                // is borrowed.
                let node = |v: &Value<'js>| k.node_arg(&ctx, v);
                let range = |v: &Value<'js>| {
                    crate::range::of(v).ok_or_else(|| {
                        Exception::throw_type(
                            &ctx,
                            &format!("Failed to execute '{op}' on 'Selection': parameter 1 is not of type 'Range'."),
                        )
                    })
                };
                let number = |v: &Value<'js>| v.as_number().unwrap_or(0.0);
                let out = match op.as_str() {
                    "addRange" | "removeRange" => {
                        let r = range(&x)?;
                        with_doc(&*a, |d| {
                            let s = selection(d, i, g)?;
                            if op == "addRange" {
                                s.add_range(d, &r)
                            } else {
                                s.remove_range(d, &r)
                            }
                            .map(|()| Out::Nothing)
                        })
                    }
                    "collapse" => {
                        let n = if x.is_null() { None } else { Some(node(&x)?) };
                        let offset = number(&y) as u32;
                        with_doc(&*a, |d| {
                            selection(d, i, g)?.collapse(d, n, offset).map(|()| Out::Nothing)
                        })
                    }
                    "selectAllChildren" | "containsNode" => {
                        let n = node(&x)?;
                        let partial = y.as_bool().unwrap_or(false);
                        with_doc(&*a, |d| {
                            let s = selection(d, i, g)?;
                            if op == "containsNode" {
                                s.contains_node(d, n, partial).map(Out::Bool)
                            } else {
                                s.select_all_children(d, n).map(|()| Out::Nothing)
                            }
                        })
                    }
                    _ => with_doc(&*a, |d| simple(d, selection(d, i, g)?, &op)),
                }
                .map_err(|e| throw(&ctx, e))?;
                Ok(match out {
                    Out::Nothing => Value::new_undefined(ctx.clone()),
                    Out::Node(None) => Value::new_null(ctx.clone()),
                    Out::Node(Some(n)) => k.wrap(&ctx, n)?,
                    Out::Number(v) => Value::new_number(ctx.clone(), v),
                    Out::Bool(b) => Value::new_bool(ctx.clone(), b),
                    Out::Text(t) => crate::idl::js_string(&ctx, &t)?,
                })
            },
        )?,
    )?;
    Ok(())
}

/// The selection of document (i, g); a `TypeError`-like error if it has
/// none (the prelude asks `selectionOf` first).
fn selection(d: &Document, i: f64, g: f64) -> DomResult<Selection> {
    d.get_selection(id(i, g))?
        .ok_or_else(|| DomError::InvalidState("the document has no selection".into()))
}

/// The members that take no argument.
fn simple(d: &mut Document, s: Selection, op: &str) -> DomResult<Out> {
    Ok(match op {
        "rangeCount" => Out::Number(f64::from(s.range_count(d)?)),
        "anchorNode" => Out::Node(s.anchor_node(d)?),
        "anchorOffset" => Out::Number(f64::from(s.anchor_offset(d)?)),
        "focusNode" => Out::Node(s.focus_node(d)?),
        "focusOffset" => Out::Number(f64::from(s.focus_offset(d)?)),
        "isCollapsed" => Out::Bool(s.is_collapsed(d)?),
        "type" => Out::Text(s.type_(d)?),
        "toString" => Out::Text(s.to_string(d)?),
        "removeAllRanges" => {
            s.remove_all_ranges(d)?;
            Out::Nothing
        }
        "collapseToStart" => {
            s.collapse_to_start(d)?;
            Out::Nothing
        }
        "collapseToEnd" => {
            s.collapse_to_end(d)?;
            Out::Nothing
        }
        "deleteFromDocument" => {
            s.delete_from_document(d)?;
            Out::Nothing
        }
        other => {
            return Err(DomError::NotSupported(format!(
                "no Selection member {other}"
            )));
        }
    })
}
