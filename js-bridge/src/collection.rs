//! `NodeList`, `HTMLCollection`, `DOMTokenList`, `NamedNodeMap` and
//! `DOMStringMap` objects: WebIDL legacy
//! platform objects (<https://webidl.spec.whatwg.org/#es-legacy-platform-objects>)
//! over a dom-ecs [`LiveCollection`] or an element's class list, so
//! `list[0]`, `list.length`, `Object.keys(list)` and (for an
//! `HTMLCollection`) `coll.name` read the tree as it is now.
//!
//! Each is a QuickJS exotic object: its own properties are the supported
//! indices (and, for an `HTMLCollection`, the supported names that no
//! prototype member hides), computed on access. Any other property is
//! looked up on the interface prototype (the prelude's `NodeList` or
//! `HTMLCollection` class), or is an own expando. The hook answers
//! `length` itself (the prototype's getter would return the same, through
//! one more call) and calls the interface's other accessors on the object
//! (their list is taken when the prelude registers the prototypes); an
//! accessor a script adds to a prototype later is called with the
//! prototype as `this`, a difference from WebIDL left as is.

use std::rc::Rc;
use std::sync::Arc;

use dom_ecs::html::StringMap;
use dom_ecs::{
    AttrMap, ClassList, Document, DomError, InlineStyle, LiveCollection, NodeId, Unpinner,
};
use rquickjs::atom::PredefinedAtom;
use rquickjs::class::{ClassKind, JsCell, JsClass, PropertyDescriptor, PropertyName, Writable};
use rquickjs::function::This;
use rquickjs::object::Property;
use rquickjs::{Atom, Class, Constructor, Ctx, Exception, Object, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// What a legacy platform object lists.
enum Source {
    /// A `NodeList` or `HTMLCollection`.
    Nodes(LiveCollection),
    /// A `DOMTokenList`: this element's classes.
    Tokens(NodeId),
    /// A `NamedNodeMap`: this element's attributes (`Attr` nodes).
    Attrs(NodeId),
    /// A `DOMStringMap`: this element's `data-*` attributes (`dataset`).
    Dataset(NodeId),
    /// A `CSSStyleDeclaration`: this element's inline style (`style`),
    /// whose indexed properties are its declarations' names.
    Style(NodeId),
}

/// The interface prototypes the objects get, in [`NodeKeys`]'s order.
#[derive(Clone, Copy)]
pub(crate) enum Proto {
    NodeList = 0,
    HtmlCollection = 1,
    TokenList = 2,
    AttrMap = 3,
    StringMap = 4,
    CssStyle = 5,
}

/// One `NodeList`, `HTMLCollection` or `DOMTokenList`.
pub(crate) struct JsCollection {
    source: Source,
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

/// What a property key is to a collection.
enum Key {
    Index(u32),
    Length,
    /// Any other key (a string or a symbol), by its raw atom.
    Other(u32),
}

/// QuickJS tags an atom that is an array index below 2^31 with this bit.
const TAGGED_INT: u32 = 1 << 31;

/// The raw QuickJS atom number of `atom` (rquickjs hashes an atom as
/// exactly that number; the tests would fail at once if that changed).
pub(crate) fn raw_atom(atom: &Atom<'_>) -> u32 {
    struct Raw(u32);
    impl std::hash::Hasher for Raw {
        fn finish(&self) -> u64 {
            u64::from(self.0)
        }
        fn write(&mut self, _: &[u8]) {}
        fn write_u32(&mut self, n: u32) {
            self.0 = n;
        }
    }
    let mut h = Raw(0);
    std::hash::Hash::hash(atom, &mut h);
    h.0
}

/// Classify a key without making its string: an index is a tagged atom
/// (an index of 2^31 or more is no supported index of any collection, so
/// it is looked up like any other key).
/// Whether `s` is an array index (a canonical decimal below 2^32 - 1).
fn is_array_index(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
        && s.parse::<u64>().is_ok_and(|n| n < u64::from(u32::MAX))
}

/// QuickJS lends a `[[Set]]` hook its `value` (a `JSValueConst`: it frees
/// the value itself after the hook returns), but rquickjs 0.14 wraps it as
/// owned and releases it when dropped: take one more reference, so the
/// two releases leave QuickJS's own. (Forgetting a `Value` instead would
/// leak its context.) Call once, first thing in the hook.
pub(crate) fn balance_lent_value(ctx: &Ctx<'_>, value: &Value<'_>) {
    #[expect(
        unsafe_code,
        reason = "balancing rquickjs's release of a borrowed value; see SAFETY"
    )]
    // SAFETY: `value` is alive (QuickJS holds it for the whole call) and
    // belongs to `ctx`'s runtime; the returned duplicate is the reference
    // rquickjs's drop of `value` releases.
    let _ = unsafe { rquickjs::qjs::JS_DupValue(ctx.as_raw().as_ptr(), value.as_raw()) };
}

/// A write an exotic object does not take itself: an ordinary own
/// property of the receiver (writable, enumerable, configurable).
pub(crate) fn define_expando<'js>(
    receiver: Value<'js>,
    atom: Atom<'js>,
    value: Value<'js>,
) -> Res<bool> {
    let Some(o) = receiver.as_object() else {
        return Ok(false);
    };
    o.prop(
        atom,
        Property::from(value).writable().enumerable().configurable(),
    )?;
    Ok(true)
}

/// The string a key is, or none for a symbol.
pub(crate) fn string_key<'js>(ctx: &Ctx<'js>, atom: &Atom<'js>) -> Res<Option<String>> {
    // (A symbol's atom is no string's: the string QuickJS gives for it
    // makes another atom. A lone surrogate becomes U+FFFD, as a Rust
    // string must; `Atom::to_string` would make an invalid one.)
    let s = atom.to_js_string()?.into_value();
    if Atom::from_value(ctx.clone(), &s)? != *atom {
        return Ok(None);
    }
    crate::idl::string(ctx, s).map(Some)
}

fn key(atom: &Atom<'_>) -> Key {
    let r = raw_atom(atom);
    if r & TAGGED_INT != 0 {
        Key::Index(r & !TAGGED_INT)
    } else if r == PredefinedAtom::Length as u32 {
        Key::Length
    } else {
        Key::Other(r)
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
        let proto = if list.is_html_collection() {
            Proto::HtmlCollection
        } else {
            Proto::NodeList
        };
        let (root, alive) = with_doc(&**access, |d| -> Result<_, DomError> {
            Ok(match list.root() {
                Some(r) => {
                    d.pin(r)?;
                    (Some((d.unpinner(), r)), None)
                }
                None => {
                    let ids: Arc<[NodeId]> = list
                        .static_items()
                        .cloned()
                        .unwrap_or_else(|| Arc::from([]));
                    d.keep_alive(&ids);
                    (None, Some(ids))
                }
            })
        })
        .map_err(|e| throw(ctx, e))?;
        let c = JsCollection {
            source: Source::Nodes(list),
            access: access.clone(),
            keys: keys.clone(),
            root,
            _alive: alive,
        };
        c.into_object(ctx, proto)
    }

    /// Make the `DOMTokenList` object of `element`'s classes (it pins
    /// the element).
    pub(crate) fn token_list<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        element: NodeId,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Tokens(element), element)
    }

    /// Make the `NamedNodeMap` object of `element`'s attributes (it pins
    /// the element).
    pub(crate) fn attr_map<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        element: NodeId,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Attrs(element), element)
    }

    /// Make the `CSSStyleDeclaration` object of `element`'s inline style
    /// (it pins the element).
    pub(crate) fn inline_style<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        element: NodeId,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Style(element), element)
    }

    /// Make the `DOMStringMap` object of `element`'s `data-*` attributes
    /// (it pins the element).
    pub(crate) fn dataset<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        element: NodeId,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Dataset(element), element)
    }

    fn of_element<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        source: Source,
        element: NodeId,
    ) -> Res<Value<'js>> {
        let unpinner = with_doc(&**access, |d| -> Result<_, DomError> {
            d.pin(element)?;
            Ok(d.unpinner())
        })
        .map_err(|e| throw(ctx, e))?;
        let c = JsCollection {
            source,
            access: access.clone(),
            keys: keys.clone(),
            root: Some((unpinner, element)),
            _alive: None,
        };
        let proto = c.proto();
        c.into_object(ctx, proto)
    }

    fn into_object<'js>(self, ctx: &Ctx<'js>, proto: Proto) -> Res<Value<'js>> {
        // Made with its prototype (setting one afterwards would give the
        // object a shape of its own).
        let proto = self.keys.collection_proto(ctx, proto)?;
        Ok(Class::instance_proto(self, proto)?.into_value())
    }

    fn proto(&self) -> Proto {
        match &self.source {
            Source::Nodes(l) if l.is_html_collection() => Proto::HtmlCollection,
            Source::Nodes(_) => Proto::NodeList,
            Source::Tokens(_) => Proto::TokenList,
            Source::Attrs(_) => Proto::AttrMap,
            Source::Dataset(_) => Proto::StringMap,
            Source::Style(_) => Proto::CssStyle,
        }
    }

    /// A `DOMStringMap`'s element.
    fn dataset_of(&self) -> Option<NodeId> {
        match self.source {
            Source::Dataset(el) => Some(el),
            _ => None,
        }
    }

    /// Run `f` on a `DOMStringMap`'s map, with the document.
    fn with_map<'js, T>(
        &self,
        ctx: &Ctx<'js>,
        element: NodeId,
        f: impl FnOnce(StringMap, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        with_doc(&*self.access, |d| f(StringMap { element }, d)).map_err(|e| throw(ctx, e))
    }

    /// A `DOMStringMap`'s value of a string key (every string is a
    /// possible name: [LegacyOverrideBuiltIns]).
    fn data_value<'js>(
        &self,
        ctx: &Ctx<'js>,
        element: NodeId,
        atom: &Atom<'js>,
    ) -> Res<Option<Value<'js>>> {
        let Some(name) = string_key(ctx, atom)? else {
            return Ok(None);
        };
        self.with_map(ctx, element, |m, d| m.get(d, &name))?
            .map(|v| rquickjs::String::from_str(ctx.clone(), &v).map(|s| s.into_value()))
            .transpose()
    }

    fn is_html_collection(&self) -> bool {
        matches!(&self.source, Source::Nodes(l) if l.is_html_collection())
    }

    /// Run `f` on the node list (a `DOMTokenList` has none: a `TypeError`).
    fn run<'js, T>(
        &mut self,
        ctx: &Ctx<'js>,
        f: impl FnOnce(&mut LiveCollection, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let Source::Nodes(list) = &mut self.source else {
            return Err(Exception::throw_type(ctx, "Illegal invocation"));
        };
        with_doc(&*self.access, |d| f(list, d)).map_err(|e| throw(ctx, e))
    }

    fn length(&mut self, ctx: &Ctx<'_>) -> Res<usize> {
        let r = match self.source {
            Source::Tokens(el) => with_doc(&*self.access, |d| d.class_list(el).map(|l| l.len())),
            Source::Attrs(el) => with_doc(&*self.access, |d| d.attribute_count(el)),
            Source::Dataset(_) => return Ok(0),
            Source::Style(element) => {
                with_doc(&*self.access, |d| InlineStyle { element }.length(d))
            }
            Source::Nodes(_) => return self.run(ctx, |l, d| l.length(d)),
        };
        r.map_err(|e| throw(ctx, e))
    }

    fn item(&mut self, ctx: &Ctx<'_>, i: usize) -> Res<Option<NodeId>> {
        self.run(ctx, |l, d| l.item(d, i))
    }

    /// The value at index `i`: a node, or a `DOMTokenList`'s token.
    fn value_at<'js>(&mut self, ctx: &Ctx<'js>, i: usize) -> Res<Option<Value<'js>>> {
        if let Source::Attrs(element) = self.source {
            let found = with_doc(&*self.access, |d| AttrMap { element }.item(d, i))
                .map_err(|e| throw(ctx, e))?;
            return found.map(|a| self.keys.wrap(ctx, a)).transpose();
        }
        if let Source::Tokens(_) | Source::Style(_) = self.source {
            let token = with_doc(&*self.access, |d| match self.source {
                Source::Tokens(el) => d.class_list(el).map(|l| l.get(i).map(|t| (*t).to_owned())),
                Source::Style(element) => InlineStyle { element }
                    .item(d, i)
                    .map(|n| Some(n).filter(|n| !n.is_empty())),
                _ => Ok(None),
            })
            .map_err(|e| throw(ctx, e))?;
            return token
                .map(|t| rquickjs::String::from_str(ctx.clone(), &t).map(|s| s.into_value()))
                .transpose();
        }
        match self.item(ctx, i)? {
            Some(n) => self.keys.wrap(ctx, n).map(Some),
            None => Ok(None),
        }
    }

    /// A supported property name's value, for a string key that no
    /// prototype member hides: an `HTMLCollection`'s element, a
    /// `NamedNodeMap`'s `Attr`.
    fn named<'js>(&mut self, ctx: &Ctx<'js>, atom: &Atom<'js>) -> Res<Option<Value<'js>>> {
        let attrs = match self.source {
            Source::Attrs(el) => Some(el),
            _ if self.is_html_collection() => None,
            _ => return Ok(None),
        };
        let proto = self.keys.collection_proto(ctx, self.proto())?;
        if proto.contains_key(atom.clone())? {
            return Ok(None);
        }
        let Some(name) = string_key(ctx, atom)? else {
            return Ok(None);
        };
        // An array index QuickJS does not tag (2^31 and up) is still an
        // index, never a name: past the end, nothing.
        if is_array_index(&name) {
            return Ok(None);
        }
        if let Some(el) = attrs {
            let found = with_doc(&*self.access, |d| {
                match d.attribute_by_supported_name(el, &name)? {
                    Some(n) => d.attribute_node(el, &n),
                    None => Ok(None),
                }
            })
            .map_err(|e| throw(ctx, e))?;
            return found.map(|a| self.keys.wrap(ctx, a)).transpose();
        }
        match self.run(ctx, |l, d| l.named_item(d, &name))? {
            Some(node) => self.keys.wrap(ctx, node).map(Some),
            None => Ok(None),
        }
    }
}

crate::native_class::native_class!(JsCollection);

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
        if let Some(el) = c.dataset_of() {
            if let Some(v) = c.data_value(ctx, el, &atom)? {
                return Ok(v);
            }
            let keys = c.keys.clone();
            drop(c);
            if raw_atom(&atom) == PredefinedAtom::UnderscoreProto as u32 {
                return Ok(receiver
                    .as_object()
                    .and_then(Object::get_prototype)
                    .map_or_else(|| Value::new_null(ctx.clone()), Object::into_value));
            }
            return keys.collection_proto(ctx, Proto::StringMap)?.get(atom);
        }
        // (An object that only inherits from a collection gets its
        // `length` from the accessor, which refuses it.)
        let own = Class::<JsCollection>::from_value(&receiver).is_ok();
        let raw = match key(&atom) {
            Key::Length if own => {
                return c
                    .length(ctx)
                    .map(|n| Value::new_number(ctx.clone(), n as f64));
            }
            Key::Length => PredefinedAtom::Length as u32,
            Key::Index(i) => {
                return Ok(c
                    .value_at(ctx, i as usize)?
                    .unwrap_or_else(|| Value::new_undefined(ctx.clone())));
            }
            Key::Other(raw) => raw,
        };
        if let Some(v) = c.named(ctx, &atom)? {
            return Ok(v);
        }
        let (proto, keys) = (c.proto(), c.keys.clone());
        drop(c);
        // An accessor of the interface is called on the object itself.
        if let Some(getter) = keys.collection_accessor(ctx, proto, raw, false)? {
            return match getter {
                Some(g) => g.call((This(receiver),)),
                None => Ok(Value::new_undefined(ctx.clone())),
            };
        }
        if raw == PredefinedAtom::UnderscoreProto as u32 {
            return Ok(receiver
                .as_object()
                .and_then(Object::get_prototype)
                .map_or_else(|| Value::new_null(ctx.clone()), Object::into_value));
        }
        keys.collection_proto(ctx, proto)?.get(atom)
    }

    fn exotic_set_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
        receiver: Value<'js>,
        value: Value<'js>,
    ) -> Res<bool> {
        balance_lent_value(ctx, &value);
        let mut c = this.borrow_mut();
        if let Some(el) = c.dataset_of()
            && let Some(name) = string_key(ctx, &atom)?
        {
            // The named setter: the value as a DOMString.
            let v =
                <rquickjs::convert::Coerced<String> as rquickjs::FromJs>::from_js(ctx, value)?.0;
            c.with_map(ctx, el, |m, d| m.set(d, &name, &v))?;
            return Ok(true);
        }
        let raw = match key(&atom) {
            // No indexed setter: the property is read-only.
            Key::Index(_) => return Ok(false),
            Key::Length => PredefinedAtom::Length as u32,
            Key::Other(raw) => raw,
        };
        // No named setter either. (A write through an object that only
        // inherits from the collection ignores its names: WebIDL's
        // [[Set]] with another receiver.)
        let own = Class::<JsCollection>::from_value(&receiver).is_ok();
        if own && c.named(ctx, &atom)?.is_some() {
            return Ok(false);
        }
        let (proto, keys) = (c.proto(), c.keys.clone());
        drop(c);
        // An accessor of the interface: its setter, on the object.
        if let Some(setter) = keys.collection_accessor(ctx, proto, raw, true)? {
            let Some(s) = setter else {
                return Ok(false);
            };
            s.call::<_, Value>((This(receiver), value))?;
            return Ok(true);
        }
        // An expando: an ordinary own property.
        define_expando(receiver, atom, value)
    }

    fn exotic_delete_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
    ) -> Res<bool> {
        let mut c = this.borrow_mut();
        if let Some(el) = c.dataset_of() {
            if let Some(name) = string_key(ctx, &atom)? {
                c.with_map(ctx, el, |m, d| m.delete(d, &name))?;
            }
            return Ok(true);
        }
        Ok(match key(&atom) {
            Key::Index(i) => c.value_at(ctx, i as usize)?.is_none(),
            _ => c.named(ctx, &atom)?.is_none(),
        })
    }

    fn exotic_has_property(this: &JsCell<'js, Self>, ctx: &Ctx<'js>, atom: Atom<'js>) -> Res<bool> {
        let mut c = this.borrow_mut();
        if let Some(el) = c.dataset_of() {
            if c.data_value(ctx, el, &atom)?.is_some() {
                return Ok(true);
            }
            let keys = c.keys.clone();
            drop(c);
            return keys
                .collection_proto(ctx, Proto::StringMap)?
                .contains_key(atom);
        }
        match key(&atom) {
            Key::Index(i) => return Ok(c.value_at(ctx, i as usize)?.is_some()),
            _ if c.named(ctx, &atom)?.is_some() => return Ok(true),
            _ => {}
        }
        let (proto, keys) = (c.proto(), c.keys.clone());
        drop(c);
        keys.collection_proto(ctx, proto)?.contains_key(atom)
    }

    fn exotic_get_own_property(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
        atom: Atom<'js>,
    ) -> Res<Option<PropertyDescriptor<'js>>> {
        let mut c = this.borrow_mut();
        if let Some(el) = c.dataset_of() {
            // (A DOMStringMap's named properties are enumerable and writable.)
            return Ok(c
                .data_value(ctx, el, &atom)?
                .map(|v| PropertyDescriptor::new_value(v, true, true, true)));
        }
        // Indices are enumerable; named properties are not
        // ([LegacyUnenumerableNamedProperties]).
        let (value, enumerable) = match key(&atom) {
            Key::Index(i) => (c.value_at(ctx, i as usize)?, true),
            _ => (c.named(ctx, &atom)?, false),
        };
        Ok(value.map(|v| PropertyDescriptor::new_value(v, true, enumerable, false)))
    }

    fn exotic_get_own_property_names(
        this: &JsCell<'js, Self>,
        ctx: &Ctx<'js>,
    ) -> Res<Vec<PropertyName<'js>>> {
        let mut c = this.borrow_mut();
        if let Some(el) = c.dataset_of() {
            let entries = c.with_map(ctx, el, |m, d| m.entries(d))?;
            return entries
                .into_iter()
                .map(|(n, _)| {
                    Ok(PropertyName {
                        atom: Atom::from_str(ctx.clone(), &n)?,
                        is_enumerable: true,
                    })
                })
                .collect();
        }
        let len = c.length(ctx)?;
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            out.push(PropertyName {
                atom: Atom::from_u32(ctx.clone(), i as u32)?,
                is_enumerable: true,
            });
        }
        let names = match c.source {
            Source::Attrs(el) => Some(
                with_doc(&*c.access, |d| d.attribute_supported_names(el))
                    .map_err(|e| throw(ctx, e))?,
            ),
            _ if c.is_html_collection() => Some(c.run(ctx, |l, d| l.names(d))?),
            _ => None,
        };
        if let Some(names) = names {
            let proto = c.keys.collection_proto(ctx, c.proto())?;
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

/// A `NodeList` or `HTMLCollection` object is made of a `LiveCollection`.
impl crate::idl::JsObjectOf for LiveCollection {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        this_collection(ctx, this)?.borrow_mut().run(ctx, f)
    }
}

/// Run `f` with the document and the element a `DOMTokenList` or
/// `NamedNodeMap` object lists (`pick` takes it from the object's source;
/// none: `this` is another kind of object).
fn with_element<'js, T>(
    ctx: &Ctx<'js>,
    this: &Value<'js>,
    pick: fn(&Source) -> Option<NodeId>,
    f: impl FnOnce(NodeId, &mut Document) -> Result<T, DomError>,
) -> Res<T> {
    let c = this_collection(ctx, this)?;
    let c = c.borrow();
    let Some(element) = pick(&c.source) else {
        return Err(Exception::throw_type(ctx, "Illegal invocation"));
    };
    with_doc(&*c.access, |d| f(element, d)).map_err(|e| throw(ctx, e))
}

/// `element_object!(ClassList, Tokens)`: a `DOMTokenList` object is made
/// of its element's `ClassList` (its source `Source::Tokens(element)`);
/// likewise a `NamedNodeMap`'s `AttrMap`, a `CSSStyleDeclaration`'s
/// `InlineStyle`.
macro_rules! element_object {
    ($value:ident, $source:ident) => {
        impl crate::idl::JsObjectOf for $value {
            fn with<'js, T>(
                ctx: &Ctx<'js>,
                this: &Value<'js>,
                f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
            ) -> Res<T> {
                let pick = |s: &Source| match s {
                    Source::$source(el) => Some(*el),
                    _ => None,
                };
                with_element(ctx, this, pick, |element, d| f(&mut $value { element }, d))
            }
        }
    };
}

element_object!(InlineStyle, Style);
element_object!(AttrMap, Attrs);
element_object!(ClassList, Tokens);

/// The collection `this` is, for the prototype members; a `TypeError`
/// for anything else.
fn this_collection<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Class<'js, JsCollection>> {
    Class::<JsCollection>::from_value(this)
        .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
}
