//! `TreeWalker` objects (<https://dom.spec.whatwg.org/#interface-treewalker>):
//! a native object holds the dom-ecs walker and pins its root and current
//! node; the walk is dom-ecs's, and the filter is called back here (the
//! prelude's class passes the function that calls the script's filter the
//! way WebIDL calls a callback interface).

use std::cell::RefCell;
use std::rc::Rc;

use dom_ecs::{Document, DomError, NodeId, NodeIterator, Traverser, TreeWalker, Unpinner};
use rquickjs::{Class, Ctx, Exception, Function, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// One `TreeWalker`: its state, with its root and current node pinned.
pub(crate) struct JsTreeWalker {
    walker: RefCell<TreeWalker>,
    unpinner: Unpinner,
}

impl Drop for JsTreeWalker {
    fn drop(&mut self) {
        let w = self.walker.borrow();
        self.unpinner.unpin(w.root);
        self.unpinner.unpin(w.current);
    }
}

crate::native_class::native_class!(JsTreeWalker, "TreeWalkerState");

/// One `NodeIterator`: its state, shared with the document (which
/// updates it on removals; dropping it unpins its nodes).
pub(crate) struct JsNodeIterator {
    it: NodeIterator,
}

crate::native_class::native_class!(JsNodeIterator, "NodeIteratorState");

/// The walk's view of the page: the document through `access`, locked only
/// between filter calls, and the prelude's filter function.
struct Walk<'a, 'js> {
    ctx: &'a Ctx<'js>,
    access: &'a Rc<dyn DocumentAccess>,
    keys: &'a NodeKeys,
    accept: Option<Function<'js>>,
}

impl Traverser for Walk<'_, '_> {
    type Error = rquickjs::Error;

    fn raise(&self, e: DomError) -> rquickjs::Error {
        throw(self.ctx, e)
    }

    fn read<R>(&self, f: impl FnOnce(&Document) -> R) -> Res<R> {
        Ok(with_doc(&**self.access, |d| f(d)))
    }

    fn accept_node(&mut self, node: NodeId) -> Res<u16> {
        let Some(accept) = &self.accept else {
            return Ok(dom_ecs::node_filter::FILTER_ACCEPT);
        };
        let wrapper = self.keys.wrap(self.ctx, node)?;
        // The prelude converts the answer to an unsigned short.
        let answer: f64 = accept.call((wrapper,))?;
        Ok(answer as u16)
    }
}

/// `whatToShow` as WebIDL's unsigned long (modulo 2^32).
fn unsigned_long(v: f64) -> u32 {
    (v as i64).rem_euclid(1 << 32) as u32
}

/// A node argument: index and generation from the prelude.
fn node(d: &Document, i: f64, g: f64) -> Result<NodeId, DomError> {
    let n = crate::natives::id(i, g);
    d.kind(n)?;
    Ok(n)
}

fn state<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Res<Class<'js, JsTreeWalker>> {
    Class::<JsTreeWalker>::from_value(v)
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}

/// The natives the prelude's `TreeWalker` class calls.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    let a = access.clone();
    n.set(
        "createTreeWalker",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64, what: f64, has_filter: bool| -> Res<Value<'js>> {
                let made = with_doc(&*a, |d| -> Result<_, DomError> {
                    let root = node(d, i, g)?;
                    let what = unsigned_long(what);
                    let w = d.tree_walker(root, what, has_filter)?;
                    d.pin(root)?;
                    d.pin(root)?; // once as the root, once as the current node
                    Ok((w, d.unpinner()))
                })
                .map_err(|e| throw(&ctx, e))?;
                let state = JsTreeWalker {
                    walker: RefCell::new(made.0),

                    unpinner: made.1,
                };
                Ok(Class::instance(ctx.clone(), state)?.into_value())
            },
        )?,
    )?;
    // [root, currentNode] as node indices; whatToShow.
    n.set(
        "treeWalkerNodes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, s: Value<'js>| -> Res<Vec<f64>> {
                let s = state(&ctx, &s)?;
                let w = s.borrow();
                let w = w.walker.borrow();
                Ok(vec![
                    f64::from(w.root.index()),
                    f64::from(w.current.index()),
                    f64::from(w.what_to_show),
                ])
            },
        )?,
    )?;
    let a = access.clone();
    n.set(
        "treeWalkerSetCurrent",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, s: Value<'js>, i: f64, g: f64| -> Res<()> {
                let s = state(&ctx, &s)?;
                let s = s.borrow();
                let new = with_doc(&*a, |d| -> Result<NodeId, DomError> {
                    let new = node(d, i, g)?;
                    d.pin(new)?;
                    Ok(new)
                })
                .map_err(|e| throw(&ctx, e))?;
                let old = std::mem::replace(&mut s.walker.borrow_mut().current, new);
                s.unpinner.unpin(old);
                Ok(())
            },
        )?,
    )?;
    let a = access.clone();
    let k = keys.clone();
    n.set(
        "treeWalkerStep",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  s: Value<'js>,
                  op: f64,
                  accept: Option<Function<'js>>|
                  -> Res<f64> {
                let s = state(&ctx, &s)?;
                let s = s.borrow();
                // A copy: the filter may walk this walker again (and meet
                // its active flag, which the copies share).
                let mut w = s.walker.borrow().clone();
                let before = w.current;
                let mut walk = Walk {
                    ctx: &ctx,
                    access: &a,
                    keys: &k,
                    accept,
                };
                let found = match op as u8 {
                    0 => w.parent_node(&mut walk),
                    1 => w.first_child(&mut walk),
                    2 => w.last_child(&mut walk),
                    3 => w.previous_sibling(&mut walk),
                    4 => w.next_sibling(&mut walk),
                    5 => w.previous_node(&mut walk),
                    _ => w.next_node(&mut walk),
                }?;
                if w.current != before {
                    with_doc(&*a, |d| d.pin(w.current)).map_err(|e| throw(&ctx, e))?;
                    let old = std::mem::replace(&mut s.walker.borrow_mut().current, w.current);
                    s.unpinner.unpin(old);
                }
                Ok(found.map_or(-1.0, |n| f64::from(n.index())))
            },
        )?,
    )?;
    install_iterator(ctx, n, access, keys)
}

/// The natives the prelude's `NodeIterator` class calls.
fn install_iterator<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
) -> Res<()> {
    let iterator = |ctx: &Ctx<'js>, v: &Value<'js>| -> Res<NodeIterator> {
        let c = Class::<JsNodeIterator>::from_value(v)
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))?;
        Ok(c.borrow().it.clone())
    };
    let a = access.clone();
    n.set(
        "createNodeIterator",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, i: f64, g: f64, what: f64, has_filter: bool| -> Res<Value<'js>> {
                let it = with_doc(&*a, |d| -> Result<_, DomError> {
                    let root = node(d, i, g)?;
                    let what = unsigned_long(what);
                    d.create_node_iterator(root, what, has_filter)
                })
                .map_err(|e| throw(&ctx, e))?;
                Ok(Class::instance(ctx.clone(), JsNodeIterator { it })?.into_value())
            },
        )?,
    )?;
    // [root, referenceNode, pointerBeforeReferenceNode, whatToShow].
    n.set(
        "nodeIteratorState",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, s: Value<'js>| -> Res<Vec<f64>> {
                let (root, reference, before, what) =
                    Document::iterator_state(&iterator(&ctx, &s)?);
                Ok(vec![
                    f64::from(root.index()),
                    f64::from(reference.index()),
                    f64::from(u8::from(before)),
                    f64::from(what),
                ])
            },
        )?,
    )?;
    let a = access.clone();
    let k = keys.clone();
    n.set(
        "nodeIteratorStep",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  s: Value<'js>,
                  next: bool,
                  accept: Option<Function<'js>>|
                  -> Res<f64> {
                let it = iterator(&ctx, &s)?;
                let mut walk = Walk {
                    ctx: &ctx,
                    access: &a,
                    keys: &k,
                    accept,
                };
                let Some((found, before)) = dom_ecs::iterator_traverse(&it, &mut walk, next)?
                else {
                    return Ok(-1.0);
                };
                with_doc(&*a, |d| d.settle_iterator(&it, found, before));
                Ok(f64::from(found.index()))
            },
        )?,
    )?;
    Ok(())
}
