//! `NodeList` and `HTMLCollection` objects: WebIDL legacy platform objects
//! (<https://webidl.spec.whatwg.org/#es-legacy-platform-objects>) over a
//! dom-ecs [`LiveCollection`], so `list[0]`, `list.length`,
//! `Object.keys(list)` and (for an `HTMLCollection`) `coll.name` read the
//! tree as it is now.
//!
//! Each is a QuickJS exotic object: its own properties are the supported
//! indices (and, for an `HTMLCollection`, the supported names that no
//! prototype member hides), computed on access. Any other property is
//! looked up on the interface prototype (the prelude's `NodeList` or
//! `HTMLCollection` class), or is an own expando. The hook answers
//! `length` itself (the prototype's getter would return the same, through
//! one more call); an accessor a script adds to the prototype is called
//! with the prototype as `this`, a difference from WebIDL left as is.

use std::rc::Rc;
use std::sync::Arc;

use dom_ecs::{DomError, LiveCollection, NodeId, Unpinner};
use rquickjs::atom::PredefinedAtom;
use rquickjs::class::{
    ClassKind, JsCell, JsClass, PropertyDescriptor, PropertyName, Trace, Tracer, Writable,
};
use rquickjs::function::{Opt, This};
use rquickjs::object::Property;
use rquickjs::{Atom, Class, Constructor, Ctx, Exception, Function, JsLifetime, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// One `NodeList` or `HTMLCollection`.
pub(crate) struct JsCollection {
    list: LiveCollection,
    access: Rc<dyn DocumentAccess>,
    keys: NodeKeys,
    /// The root, pinned while the collection lives (unpinned through the
    /// document's channel: a finalizer may run while it is borrowed).
    root: Option<(Unpinner, NodeId)>,
    /// A static list's nodes, kept alive while it lives.
    _alive: Option<Arc<[NodeId]>>,
}

impl Drop for JsCollection {
    fn drop(&mut self) {
        if let Some((unpinner, root)) = self.root.take() {
            unpinner.unpin(root);
        }
    }
}

impl<'js> Trace<'js> for JsCollection {
    fn trace<'a>(&self, _: Tracer<'a, 'js>) {
        // Holds no JS value (the keys' values are persistent).
    }
}

#[expect(
    unsafe_code,
    reason = "rquickjs's JsLifetime is an unsafe trait; see SAFETY"
)]
// SAFETY: `JsCollection` holds no value with a `'js` lifetime (its fields
// are Rust data and `Persistent` handles, which carry none), so it is the
// same type under any lifetime.
unsafe impl<'js> JsLifetime<'js> for JsCollection {
    type Changed<'to> = JsCollection;
}

/// What a property key is to a collection.
enum Key {
    Index(u32),
    Length,
    /// A string key (a supported property name candidate).
    Name(String),
    /// A symbol, or a string that is neither.
    Other,
}

fn key<'js>(ctx: &Ctx<'js>, atom: &Atom<'js>) -> Res<Key> {
    if *atom == Atom::from_predefined(ctx.clone(), PredefinedAtom::Length) {
        return Ok(Key::Length);
    }
    let s = atom.to_string()?;
    // A canonical array index (`ToString(ToUint32(P)) === P`, below 2^32 - 1),
    // and not a symbol whose description looks like one.
    if let Ok(i) = s.parse::<u32>()
        && i != u32::MAX
        && (s == "0" || !s.starts_with('0'))
        && Atom::from_u32(ctx.clone(), i)? == *atom
    {
        return Ok(Key::Index(i));
    }
    if Atom::from_str(ctx.clone(), &s)? == *atom {
        Ok(Key::Name(s))
    } else {
        Ok(Key::Other)
    }
}

impl JsCollection {
    /// Make the JS object of `list` (rooted lists pin their root).
    pub(crate) fn object<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        list: LiveCollection,
    ) -> Res<Value<'js>> {
        let html = list.is_html_collection();
        let (root, alive) = with_doc(&**access, |d| -> Result<_, DomError> {
            Ok(match list.root() {
                Some(r) => {
                    d.pin(r)?;
                    (Some((d.unpinner(), r)), None)
                }
                None => {
                    let ids: Arc<[NodeId]> = list.static_items().unwrap_or(&[]).into();
                    d.keep_alive(&ids);
                    (None, Some(ids))
                }
            })
        })
        .map_err(|e| throw(ctx, e))?;
        let proto = keys.collection_proto(ctx, html)?;
        let c = Class::instance(
            ctx.clone(),
            JsCollection {
                list,
                access: access.clone(),
                keys: keys.clone(),
                root,
                _alive: alive,
            },
        )?;
        c.set_prototype(Some(&proto))?;
        Ok(c.into_value())
    }

    fn run<'js, T>(
        &mut self,
        ctx: &Ctx<'js>,
        f: impl FnOnce(&mut LiveCollection, &dom_ecs::Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let list = &mut self.list;
        with_doc(&*self.access, |d| f(list, d)).map_err(|e| throw(ctx, e))
    }

    fn length(&mut self, ctx: &Ctx<'_>) -> Res<usize> {
        self.run(ctx, |l, d| l.length(d))
    }

    fn item(&mut self, ctx: &Ctx<'_>, i: usize) -> Res<Option<NodeId>> {
        self.run(ctx, |l, d| l.item(d, i))
    }

    /// A supported property name's element: for an `HTMLCollection`, when
    /// no prototype member of that name hides it.
    fn named<'js>(&mut self, ctx: &Ctx<'js>, atom: &Atom<'js>, name: &str) -> Res<Option<NodeId>> {
        if !self.list.is_html_collection() {
            return Ok(None);
        }
        let proto = self.keys.collection_proto(ctx, true)?;
        if proto.contains_key(atom.clone())? {
            return Ok(None);
        }
        self.run(ctx, |l, d| l.named_item(d, name))
    }

    fn wrap<'js>(&self, ctx: &Ctx<'js>, node: Option<NodeId>) -> Res<Value<'js>> {
        match node {
            Some(n) => self.keys.wrap(ctx, n),
            None => Ok(Value::new_undefined(ctx.clone())),
        }
    }
}

impl<'js> JsClass<'js> for JsCollection {
    const NAME: &'static str = "NodeList";
    const KIND: ClassKind = ClassKind::Exotic;
    type Mutable = Writable;

    fn constructor(_: &Ctx<'js>) -> Res<Option<Constructor<'js>>> {
        Ok(None)
    }

    fn exotic_get_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
        receiver: Value<'js>,
    ) -> Res<Value<'js>> {
        let mut c = this.borrow_mut();
        match key(ctx, &atom)? {
            Key::Length => {
                return c
                    .length(ctx)
                    .map(|n| Value::new_number(ctx.clone(), n as f64));
            }
            Key::Index(i) => {
                let node = c.item(ctx, i as usize)?;
                return c.wrap(ctx, node);
            }
            Key::Name(name) => {
                if let Some(node) = c.named(ctx, &atom, &name)? {
                    return c.wrap(ctx, Some(node));
                }
            }
            Key::Other => {}
        }
        let html = c.list.is_html_collection();
        let keys = c.keys.clone();
        drop(c);
        if atom == Atom::from_predefined(ctx.clone(), PredefinedAtom::UnderscoreProto) {
            return Ok(receiver
                .as_object()
                .and_then(Object::get_prototype)
                .map_or_else(|| Value::new_null(ctx.clone()), Object::into_value));
        }
        keys.collection_proto(ctx, html)?.get(atom)
    }

    fn exotic_set_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
        receiver: Value<'js>,
        value: Value<'js>,
    ) -> Res<bool> {
        {
            let mut c = this.borrow_mut();
            match key(ctx, &atom)? {
                // No indexed or named setter: the property is read-only.
                Key::Index(_) => return Ok(false),
                Key::Name(name) if c.named(ctx, &atom, &name)?.is_some() => return Ok(false),
                _ => {}
            }
        }
        // An expando: an ordinary own property.
        let Some(o) = receiver.as_object() else {
            return Ok(false);
        };
        o.prop(
            atom,
            Property::from(value).writable().enumerable().configurable(),
        )?;
        Ok(true)
    }

    fn exotic_delete_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
    ) -> Res<bool> {
        let mut c = this.borrow_mut();
        Ok(match key(ctx, &atom)? {
            Key::Index(i) => c.item(ctx, i as usize)?.is_none(),
            Key::Name(name) => c.named(ctx, &atom, &name)?.is_none(),
            _ => true,
        })
    }

    fn exotic_has_property(this: &JsCell<'js, Self>, ctx: &Ctx<'js>, atom: Atom<'js>) -> Res<bool> {
        let mut c = this.borrow_mut();
        match key(ctx, &atom)? {
            Key::Index(i) => return Ok(c.item(ctx, i as usize)?.is_some()),
            Key::Name(name) if c.named(ctx, &atom, &name)?.is_some() => return Ok(true),
            _ => {}
        }
        let html = c.list.is_html_collection();
        let keys = c.keys.clone();
        drop(c);
        keys.collection_proto(ctx, html)?.contains_key(atom)
    }

    fn exotic_get_own_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
    ) -> Res<Option<PropertyDescriptor<'js>>> {
        let mut c = this.borrow_mut();
        // Indices are enumerable; named properties are not
        // ([LegacyUnenumerableNamedProperties]).
        let (node, enumerable) = match key(ctx, &atom)? {
            Key::Index(i) => (c.item(ctx, i as usize)?, true),
            Key::Name(name) => (c.named(ctx, &atom, &name)?, false),
            _ => (None, false),
        };
        match node {
            Some(n) => Ok(Some(PropertyDescriptor::new_value(
                c.keys.wrap(ctx, n)?,
                true,
                enumerable,
                false,
            ))),
            None => Ok(None),
        }
    }

    fn exotic_get_own_property_names(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
    ) -> Res<Vec<PropertyName<'js>>> {
        let mut c = this.borrow_mut();
        let len = c.length(ctx)?;
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            out.push(PropertyName {
                atom: Atom::from_u32(ctx.clone(), i as u32)?,
                is_enumerable: true,
            });
        }
        if c.list.is_html_collection() {
            let names = c.run(ctx, |l, d| l.names(d))?;
            let proto = c.keys.collection_proto(ctx, true)?;
            for n in names {
                let atom = Atom::from_str(ctx.clone(), &n)?;
                if !proto.contains_key(atom.clone())? {
                    out.push(PropertyName {
                        atom,
                        is_enumerable: false,
                    });
                }
            }
        }
        Ok(out)
    }
}

/// The collection `this` is, for the prototype members; a `TypeError`
/// for anything else.
fn this_collection<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Class<'js, JsCollection>> {
    Class::<JsCollection>::from_value(this)
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}

/// Install the prototype members on `n` (`N['NodeList.length']`...): the
/// prelude puts them on the `NodeList` and `HTMLCollection` classes.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, n: &Object<'js>) -> Res<()> {
    for owner in ["NodeList", "HTMLCollection"] {
        n.set(
            format!("{owner}.length"),
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, this: This<Value<'js>>| -> Res<f64> {
                    let c = this_collection(&ctx, &this.0)?;
                    let n = c.borrow_mut().length(&ctx)?;
                    Ok(n as f64)
                },
            )?
            .with_name("get length")?,
        )?;
        n.set(
            format!("{owner}.item"),
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, this: This<Value<'js>>, index: Opt<Value<'js>>| -> Res<Value<'js>> {
                    let c = this_collection(&ctx, &this.0)?;
                    let Some(index) = index.0 else {
                        return Err(Exception::throw_type(
                            &ctx,
                            &format!("Failed to execute 'item' on '{owner}': 1 argument required, but only 0 present."),
                        ));
                    };
                    let i = crate::idl::unsigned_long(&ctx, index)?;
                    let mut c = c.borrow_mut();
                    match c.item(&ctx, i)? {
                        Some(node) => c.keys.wrap(&ctx, node),
                        None => Ok(Value::new_null(ctx.clone())),
                    }
                },
            )?
            .with_name("item")?
            .with_length(1)?,
        )?;
    }
    n.set(
        "HTMLCollection.namedItem",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, this: This<Value<'js>>, key: Opt<Value<'js>>| -> Res<Value<'js>> {
                let c = this_collection(&ctx, &this.0)?;
                let Some(key) = key.0 else {
                    return Err(Exception::throw_type(
                        &ctx,
                        "Failed to execute 'namedItem' on 'HTMLCollection': 1 argument required, but only 0 present.",
                    ));
                };
                let key = crate::idl::string(&ctx, key)?;
                let mut c = c.borrow_mut();
                match c.run(&ctx, |l, d| l.named_item(d, &key))? {
                    Some(node) => c.keys.wrap(&ctx, node),
                    None => Ok(Value::new_null(ctx.clone())),
                }
            },
        )?
        .with_name("namedItem")?
        .with_length(1)?,
    )?;
    Ok(())
}
