//! The `DOMTokenList` members (<https://dom.spec.whatwg.org/#interface-domtokenlist>)
//! as natives on the list object (`collection.rs`): each reads the element
//! from the list and calls dom-ecs's class-list method. The prelude puts
//! them on `DOMTokenList.prototype` (`N['DOMTokenList.add']`...).

use dom_ecs::{Document, DomError, NodeId};
use rquickjs::function::{Opt, Rest, This};
use rquickjs::{Class, Ctx, Exception, Function, Object, Value};

use crate::access::with_doc;
use crate::collection::JsCollection;
use crate::idl::{boolean, string};
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// Run `f` with the document and the element whose classes `this` lists.
fn with_list<'js, T>(
    ctx: &Ctx<'js>,
    this: &This<Value<'js>>,
    f: impl FnOnce(&mut Document, NodeId) -> Result<T, DomError>,
) -> Res<T> {
    let c = Class::<JsCollection>::from_value(&this.0)
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))?;
    let c = c.borrow();
    let Some(el) = c.element() else {
        return Err(Exception::throw_type(ctx, "Illegal invocation"));
    };
    with_doc(c.access(), |d| f(d, el)).map_err(|e| throw(ctx, e))
}

/// WebIDL's `TypeError` for a missing argument.
fn required<'js>(ctx: &Ctx<'js>, name: &str, v: Opt<Value<'js>>) -> Res<Value<'js>> {
    v.0.ok_or_else(|| {
        Exception::throw_type(
            ctx,
            &format!("Failed to execute '{name}' on 'DOMTokenList': 1 argument required, but only 0 present."),
        )
    })
}

fn strings<'js>(ctx: &Ctx<'js>, tokens: Rest<Value<'js>>) -> Res<Vec<String>> {
    tokens.0.into_iter().map(|t| string(ctx, t)).collect()
}

/// Install the members on `n`.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, n: &Object<'js>) -> Res<()> {
    let set = |key: &str, f: Function<'js>| n.set(key, f);
    set(
        "DOMTokenList.length",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Value<'js>>| {
            with_list(&ctx, &this, |d, el| {
                d.class_list(el).map(|l| l.len() as f64)
            })
        })?
        .with_name("get length")?,
    )?;
    set(
        "DOMTokenList.value",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, this: This<Value<'js>>| {
            with_list(&ctx, &this, |d, el| {
                d.reflected_string(el, "class").map(str::to_owned)
            })
        })?
        .with_name("get value")?,
    )?;
    set(
        "DOMTokenList.value=",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, v: Opt<Value<'js>>| {
                let v = string(&ctx, required(&ctx, "value", v)?)?;
                with_list(&ctx, &this, |d, el| d.set_reflected_string(el, "class", &v))
            },
        )?
        .with_name("set value")?,
    )?;
    set(
        "DOMTokenList.item",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, k: Opt<Value<'js>>| -> Res<Value<'js>> {
                let k = crate::idl::unsigned_long(&ctx, required(&ctx, "item", k)?)?;
                let token = with_list(&ctx, &this, |d, el| {
                    d.class_list(el).map(|l| l.get(k).map(|t| (*t).to_owned()))
                })?;
                // `DOMString?`: none is null.
                match token {
                    Some(t) => rquickjs::String::from_str(ctx.clone(), &t).map(|s| s.into_value()),
                    None => Ok(Value::new_null(ctx.clone())),
                }
            },
        )?
        .with_name("item")?
        .with_length(1)?,
    )?;
    set(
        "DOMTokenList.contains",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, t: Opt<Value<'js>>| {
                let t = string(&ctx, required(&ctx, "contains", t)?)?;
                with_list(&ctx, &this, |d, el| d.class_contains(el, &t))
            },
        )?
        .with_name("contains")?
        .with_length(1)?,
    )?;
    set(
        "DOMTokenList.add",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, t: Rest<Value<'js>>| {
                let t = strings(&ctx, t)?;
                let t: Vec<&str> = t.iter().map(String::as_str).collect();
                with_list(&ctx, &this, |d, el| d.class_add(el, &t))
            },
        )?
        .with_name("add")?,
    )?;
    set(
        "DOMTokenList.remove",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, t: Rest<Value<'js>>| {
                let t = strings(&ctx, t)?;
                let t: Vec<&str> = t.iter().map(String::as_str).collect();
                with_list(&ctx, &this, |d, el| d.class_remove(el, &t))
            },
        )?
        .with_name("remove")?,
    )?;
    set(
        "DOMTokenList.toggle",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, t: Opt<Value<'js>>, force: Opt<Value<'js>>| {
                let t = string(&ctx, required(&ctx, "toggle", t)?)?;
                let force = match force.0 {
                    Some(v) if !v.is_undefined() => Some(boolean(&ctx, v)?),
                    _ => None,
                };
                with_list(&ctx, &this, |d, el| d.class_toggle(el, &t, force))
            },
        )?
        .with_name("toggle")?
        .with_length(1)?,
    )?;
    set(
        "DOMTokenList.replace",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, a: Opt<Value<'js>>, b: Opt<Value<'js>>| {
                let (a, b) = match (a.0, b.0) {
                    (Some(a), Some(b)) => (string(&ctx, a)?, string(&ctx, b)?),
                    (a, _) => {
                        return Err(Exception::throw_type(
                            &ctx,
                            &format!(
                                "Failed to execute 'replace' on 'DOMTokenList': 2 arguments required, but only {} present.",
                                usize::from(a.is_some())
                            ),
                        ));
                    }
                };
                with_list(&ctx, &this, |d, el| d.class_replace(el, &a, &b))
            },
        )?
        .with_name("replace")?
        .with_length(2)?,
    )?;
    set(
        "DOMTokenList.supports",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, t: Opt<Value<'js>>| {
                let t = string(&ctx, required(&ctx, "supports", t)?)?;
                with_list(&ctx, &this, |d, el| d.class_supports(el, &t))
            },
        )?
        .with_name("supports")?
        .with_length(1)?,
    )?;
    Ok(())
}
