//! `NodeList`, `HTMLCollection`, `DOMTokenList`, `NamedNodeMap`,
//! `DOMStringMap` and `CSSStyleDeclaration` objects: WebIDL legacy
//! platform objects (`legacy.rs`) over a dom-ecs [`LiveCollection`], an
//! element's classes, attributes, `data-*` attributes or inline style, so
//! `list[0]`, `Object.keys(list)` and (for an `HTMLCollection`)
//! `coll.name` read the tree as it is now.
//!
//! Their own properties are the supported indices (read-only) and, for
//! an `HTMLCollection` and a `NamedNodeMap`, the supported names that
//! named property visibility shows (read-only, unenumerable); a
//! `DOMStringMap` has a named getter, setter and deleter and
//! `[LegacyOverrideBuiltIns]`. Everything else (`length`, `item`...) is
//! the interface prototype's. A static list (`querySelectorAll`) reads
//! its nodes without the document and keeps each wrapper it handed out,
//! so a loop over it is one lookup per step.

use std::cell::RefCell;
use std::ffi::c_int;
use std::rc::Rc;
use std::sync::Arc;

use dom_ecs::html::StringMap;
use dom_ecs::{
    AttrMap, Document, DomError, LiveCollection, NodeId, RuleList, StyleDeclarations, StyleSheets,
    TokenList, Unpinner,
};
use rquickjs::{Ctx, Exception, Value, qjs};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::idl::js_string;
use crate::legacy::{Define, INDEXED, NAMED_READ_ONLY, NAMED_WRITABLE, OwnKey, Platform, Prop};
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// What a legacy platform object lists.
enum Source {
    /// A `NodeList` or `HTMLCollection`.
    Nodes(LiveCollection),
    /// A `DOMTokenList`: an element's token attribute.
    Tokens(TokenList),
    /// A `NamedNodeMap`: this element's attributes (`Attr` nodes).
    Attrs(NodeId),
    /// A `DOMStringMap`: this element's `data-*` attributes (`dataset`).
    Dataset(NodeId),
    /// A `CSSStyleDeclaration`: an element's inline style (`style`) or
    /// computed style (`getComputedStyle`), whose indexed properties are
    /// its declarations' names.
    Style(StyleDeclarations),
    /// A `StyleSheetList`: a document's or shadow root's sheets.
    Sheets(StyleSheets),
    /// A `CSSRuleList`: a sheet's rules.
    Rules(RuleList),
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
    SheetList = 6,
    RuleList = 7,
}

/// One collection object's data.
pub(crate) struct JsCollection {
    source: RefCell<Source>,
    access: Rc<dyn DocumentAccess>,
    keys: NodeKeys,
    /// The root, pinned while the collection lives (unpinned through the
    /// document's channel: a finalizer may run while it is borrowed).
    root: Option<(Unpinner, NodeId)>,
    /// A static list's nodes, kept alive while it lives.
    fixed: Option<Arc<[NodeId]>>,
    /// A static list's wrappers by index, as they are first read: raw
    /// references the object owns (marked for QuickJS's collector, freed
    /// with the object).
    wrappers: RefCell<Vec<Option<qjs::JSValue>>>,
}

impl Drop for JsCollection {
    fn drop(&mut self) {
        if let Some((unpinner, root)) = self.root.take() {
            unpinner.unpin(root);
        }
    }
}

/// Whether `s` is an array index (a canonical decimal below 2^32 - 1):
/// an index QuickJS does not tag (2^31 and up) is still never a name.
fn is_array_index(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
        && s.parse::<u64>().is_ok_and(|n| n < u64::from(u32::MAX))
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
        let (root, fixed) = with_doc(&**access, |d| -> Result<_, DomError> {
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
        let wrappers = RefCell::new(
            fixed
                .as_ref()
                .map_or_else(Vec::new, |f| vec![None; f.len()]),
        );
        let c = JsCollection {
            source: RefCell::new(Source::Nodes(list)),
            access: access.clone(),
            keys: keys.clone(),
            root,
            fixed,
            wrappers,
        };
        c.into_object(ctx, proto)
    }

    /// Make the `DOMTokenList` object of `list` (it pins the element).
    pub(crate) fn token_list<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        list: TokenList,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Tokens(list), list.element)
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

    /// Make the `CSSStyleDeclaration` object of an element's inline or
    /// computed style (it pins the element).
    pub(crate) fn style<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        style: StyleDeclarations,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Style(style), style.element)
    }

    /// Make a `StyleSheetList` object (it pins its document or shadow
    /// root).
    pub(crate) fn sheet_list<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        list: StyleSheets,
    ) -> Res<Value<'js>> {
        Self::of_element(ctx, access, keys, Source::Sheets(list), list.root)
    }

    /// Make a `CSSRuleList` object (it pins its sheet's owner).
    pub(crate) fn rule_list<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        list: RuleList,
    ) -> Res<Value<'js>> {
        let owner = list.sheet().owner();
        Self::of_element(ctx, access, keys, Source::Rules(list), owner)
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
            source: RefCell::new(source),
            access: access.clone(),
            keys: keys.clone(),
            root: Some((unpinner, element)),
            fixed: None,
            wrappers: RefCell::new(Vec::new()),
        };
        let proto = c.proto();
        c.into_object(ctx, proto)
    }

    fn into_object<'js>(self, ctx: &Ctx<'js>, proto: Proto) -> Res<Value<'js>> {
        let proto = self.keys.collection_proto(ctx, proto)?;
        crate::legacy::object(ctx, &proto, Box::new(self))
    }

    /// The source's kind and element (copied out: no borrow is held
    /// while JS runs).
    fn kind(&self) -> Kind {
        match &*self.source.borrow() {
            Source::Nodes(l) if l.is_html_collection() => Kind::HtmlCollection,
            Source::Nodes(_) => Kind::NodeList,
            Source::Tokens(el) => Kind::Tokens(*el),
            Source::Attrs(el) => Kind::Attrs(*el),
            Source::Dataset(el) => Kind::Dataset(*el),
            Source::Style(el) => Kind::Style(*el),
            Source::Sheets(l) => Kind::Sheets(*l),
            Source::Rules(l) => Kind::Rules(l.clone()),
        }
    }

    fn proto(&self) -> Proto {
        match self.kind() {
            Kind::HtmlCollection => Proto::HtmlCollection,
            Kind::NodeList => Proto::NodeList,
            Kind::Tokens(_) => Proto::TokenList,
            Kind::Attrs(_) => Proto::AttrMap,
            Kind::Dataset(_) => Proto::StringMap,
            Kind::Style(_) => Proto::CssStyle,
            Kind::Sheets(_) => Proto::SheetList,
            Kind::Rules(_) => Proto::RuleList,
        }
    }

    /// Run `f` on a `DOMStringMap`'s map, with the document.
    fn with_map<T>(
        &self,
        ctx: &Ctx<'_>,
        element: NodeId,
        f: impl FnOnce(StringMap, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        with_doc(&*self.access, |d| f(StringMap { element }, d)).map_err(|e| throw(ctx, e))
    }

    /// Run `f` on the node list (a `DOMTokenList` has none: a `TypeError`).
    fn run<T>(
        &self,
        ctx: &Ctx<'_>,
        f: impl FnOnce(&mut LiveCollection, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let Ok(mut source) = self.source.try_borrow_mut() else {
            return Err(Exception::throw_type(ctx, "the collection is in use"));
        };
        let Source::Nodes(list) = &mut *source else {
            return Err(Exception::throw_type(ctx, "Illegal invocation"));
        };
        with_doc(&*self.access, |d| f(list, d)).map_err(|e| throw(ctx, e))
    }

    fn length(&self, ctx: &Ctx<'_>) -> Res<usize> {
        if let Some(f) = &self.fixed {
            return Ok(f.len());
        }
        let r = match self.kind() {
            Kind::Tokens(list) => with_doc(&*self.access, |d| list.length(d)),
            Kind::Attrs(el) => with_doc(&*self.access, |d| d.attribute_count(el)),
            Kind::Dataset(_) => return Ok(0),
            Kind::Style(style) => with_doc(&*self.access, |d| style.length(d)),
            Kind::Sheets(l) => with_doc(&*self.access, |d| l.length(d)),
            Kind::Rules(l) => with_doc(&*self.access, |d| l.length(d)),
            Kind::NodeList | Kind::HtmlCollection => return self.run(ctx, |l, d| l.length(d)),
        };
        r.map_err(|e| throw(ctx, e))
    }

    /// A static list's `i`th node's wrapper: the one it handed out
    /// before, or made now and kept.
    fn fixed_at<'js>(&self, ctx: &Ctx<'js>, fixed: &[NodeId], i: usize) -> Res<Option<Value<'js>>> {
        let Some(&node) = fixed.get(i) else {
            return Ok(None);
        };
        let raw = ctx.as_raw().as_ptr();
        if let Some(Some(v)) = self.wrappers.borrow().get(i) {
            // SAFETY: a reference the object owns, duplicated for the
            // `Value`, which owns the duplicate.
            #[allow(unsafe_code, reason = "a kept wrapper; see SAFETY")]
            return Ok(Some(unsafe {
                Value::from_raw(ctx.clone(), qjs::JS_DupValue(raw, *v))
            }));
        }
        let v = self.keys.wrap(ctx, node)?;
        if let Some(slot) = self.wrappers.borrow_mut().get_mut(i)
            && slot.is_none()
        {
            // SAFETY: a new reference, owned by the list from now on.
            #[allow(unsafe_code, reason = "keeping a wrapper; see SAFETY")]
            let kept = unsafe { qjs::JS_DupValue(raw, v.as_raw()) };
            *slot = Some(kept);
        }
        Ok(Some(v))
    }

    /// The value at index `i`: a node, or a `DOMTokenList`'s token.
    fn value_at<'js>(&self, ctx: &Ctx<'js>, i: usize) -> Res<Option<Value<'js>>> {
        if let Some(f) = &self.fixed {
            return self.fixed_at(ctx, f, i);
        }
        let found = match self.kind() {
            Kind::Attrs(element) => with_doc(&*self.access, |d| AttrMap { element }.item(d, i))
                .map_err(|e| throw(ctx, e))?,
            Kind::Tokens(list) => {
                let token = with_doc(&*self.access, |d| {
                    list.item(d, i).map(|t| t.map(str::to_owned))
                })
                .map_err(|e| throw(ctx, e))?;
                return token.map(|t| js_string(ctx, &t)).transpose();
            }
            Kind::Style(style) => {
                let name =
                    with_doc(&*self.access, |d| style.item(d, i)).map_err(|e| throw(ctx, e))?;
                return Some(name)
                    .filter(|n| !n.is_empty())
                    .map(|t| js_string(ctx, &t))
                    .transpose();
            }
            Kind::Sheets(list) => {
                let sheet =
                    with_doc(&*self.access, |d| list.item(d, i)).map_err(|e| throw(ctx, e))?;
                return sheet
                    .map(|s| crate::sheets::sheet_object(ctx, &self.access, &self.keys, s))
                    .transpose();
            }
            Kind::Rules(list) => {
                let rule =
                    with_doc(&*self.access, |d| list.item(d, i)).map_err(|e| throw(ctx, e))?;
                return rule
                    .map(|r| crate::sheets::rule_object(ctx, &self.access, &self.keys, r))
                    .transpose();
            }
            Kind::Dataset(_) => return Ok(None),
            Kind::NodeList | Kind::HtmlCollection => self.run(ctx, |l, d| l.item(d, i))?,
        };
        found.map(|n| self.keys.wrap(ctx, n)).transpose()
    }

    /// Whether `name` is a supported property name (visible or not).
    fn supported_name(&self, ctx: &Ctx<'_>, name: &str) -> Res<bool> {
        match self.kind() {
            Kind::Attrs(el) => with_doc(&*self.access, |d| d.attribute_by_supported_name(el, name))
                .map(|n| n.is_some())
                .map_err(|e| throw(ctx, e)),
            Kind::HtmlCollection => self
                .run(ctx, |l, d| l.named_item(d, name))
                .map(|n| n.is_some()),
            _ => Ok(false),
        }
    }

    /// A named property's value, when named property visibility shows
    /// it: an `HTMLCollection`'s element, a `NamedNodeMap`'s `Attr`.
    fn named<'js>(&self, ctx: &Ctx<'js>, obj: &Value<'js>, prop: Prop) -> Res<Option<Value<'js>>> {
        let kind = self.kind();
        if !matches!(kind, Kind::Attrs(_) | Kind::HtmlCollection) || prop.inherited(ctx, obj)? {
            return Ok(None);
        }
        let Some(name) = prop.string(ctx)? else {
            return Ok(None);
        };
        if is_array_index(&name) {
            return Ok(None);
        }
        let found = match kind {
            Kind::Attrs(el) => with_doc(&*self.access, |d| {
                match d.attribute_by_supported_name(el, &name)? {
                    Some(n) => d.attribute_node(el, &n),
                    None => Ok(None),
                }
            })
            .map_err(|e| throw(ctx, e))?,
            _ => self.run(ctx, |l, d| l.named_item(d, &name))?,
        };
        found.map(|n| self.keys.wrap(ctx, n)).transpose()
    }
}

/// A [`Source`]'s kind, with its element.
#[derive(Clone)]
enum Kind {
    NodeList,
    HtmlCollection,
    Tokens(TokenList),
    Attrs(NodeId),
    Dataset(NodeId),
    Style(StyleDeclarations),
    Sheets(StyleSheets),
    Rules(RuleList),
}

impl Platform for JsCollection {
    fn get_own<'js>(
        &self,
        ctx: &Ctx<'js>,
        obj: &Value<'js>,
        prop: Prop,
    ) -> Res<Option<(Value<'js>, c_int)>> {
        if let Some(i) = prop.index() {
            // (A DOMStringMap has no indices: "0" is a name like any.)
            if !matches!(self.kind(), Kind::Dataset(_)) {
                return Ok(self.value_at(ctx, i as usize)?.map(|v| (v, INDEXED)));
            }
        }
        if let Kind::Dataset(el) = self.kind() {
            // [LegacyOverrideBuiltIns]: every string key is a name.
            let Some(name) = prop.string(ctx)? else {
                return Ok(None);
            };
            let value = self.with_map(ctx, el, |m, d| m.get(d, &name))?;
            return value
                .map(|v| Ok((js_string(ctx, &v)?, NAMED_WRITABLE)))
                .transpose();
        }
        Ok(self.named(ctx, obj, prop)?.map(|v| (v, NAMED_READ_ONLY)))
    }

    fn define<'js>(&self, ctx: &Ctx<'js>, prop: Prop) -> Res<Define> {
        let Some(name) = prop.string(ctx)? else {
            return Ok(Define::Ordinary);
        };
        // No indexed setter; no named setter: a supported name is refused
        // whether or not it is visible.
        if is_array_index(&name) || self.supported_name(ctx, &name)? {
            return Ok(Define::Refuse);
        }
        Ok(Define::Ordinary)
    }

    fn delete<'js>(&self, ctx: &Ctx<'js>, obj: &Value<'js>, prop: Prop) -> Res<bool> {
        if let Kind::Dataset(el) = self.kind() {
            if let Some(name) = prop.string(ctx)? {
                self.with_map(ctx, el, |m, d| m.delete(d, &name))?;
            }
            return Ok(true);
        }
        match prop.index() {
            Some(i) => Ok((i as usize) >= self.length(ctx)?),
            None => Ok(self.named(ctx, obj, prop)?.is_none()),
        }
    }

    fn own_keys<'js>(&self, ctx: &Ctx<'js>, obj: &Value<'js>) -> Res<Vec<(OwnKey, bool)>> {
        let names = match self.kind() {
            Kind::Dataset(el) => {
                let entries = self.with_map(ctx, el, |m, d| m.entries(d))?;
                return Ok(entries
                    .into_iter()
                    .map(|(n, _)| (OwnKey::Name(n), true))
                    .collect());
            }
            Kind::Attrs(el) => Some(
                with_doc(&*self.access, |d| d.attribute_supported_names(el))
                    .map_err(|e| throw(ctx, e))?,
            ),
            Kind::HtmlCollection => Some(self.run(ctx, |l, d| l.names(d))?),
            _ => None,
        };
        let len = self.length(ctx)?;
        let mut out: Vec<(OwnKey, bool)> =
            (0..len as u32).map(|i| (OwnKey::Index(i), true)).collect();
        if let Some(names) = names {
            // (Named property visibility: not a name the prototype chain
            // has.)
            let proto = obj.as_object().and_then(rquickjs::Object::get_prototype);
            for n in names {
                let hidden = match &proto {
                    Some(p) => p.contains_key(n.as_str())?,
                    None => false,
                };
                if !hidden {
                    out.push((OwnKey::Name(n), false));
                }
            }
        }
        Ok(out)
    }

    fn has_named_setter(&self) -> bool {
        matches!(self.kind(), Kind::Dataset(_))
    }

    fn set_named(&self, ctx: &Ctx<'_>, name: &str, value: &str) -> Res<()> {
        match self.kind() {
            Kind::Dataset(el) => self.with_map(ctx, el, |m, d| m.set(d, name, value)),
            _ => Ok(()),
        }
    }

    fn indexed(&self) -> bool {
        !matches!(self.kind(), Kind::Dataset(_))
    }

    fn has_names(&self) -> bool {
        matches!(
            self.kind(),
            Kind::HtmlCollection | Kind::Attrs(_) | Kind::Dataset(_)
        )
    }

    fn fixed_length(&self) -> Option<u32> {
        self.fixed
            .as_ref()
            .and_then(|f| u32::try_from(f.len()).ok())
    }

    fn kept(&self, i: u32) -> Option<qjs::JSValue> {
        self.wrappers
            .try_borrow()
            .ok()?
            .get(i as usize)
            .copied()
            .flatten()
    }

    fn mark(&self, rt: *mut qjs::JSRuntime, mark: qjs::JS_MarkFunc) {
        if let Ok(kept) = self.wrappers.try_borrow() {
            for v in kept.iter().flatten() {
                // SAFETY: a reference the object owns, in `rt`.
                #[allow(unsafe_code, reason = "marking a kept wrapper; see SAFETY")]
                unsafe {
                    qjs::JS_MarkValue(rt, *v, mark);
                }
            }
        }
    }

    fn release(&self, rt: *mut qjs::JSRuntime) {
        for v in self.wrappers.take().into_iter().flatten() {
            // SAFETY: the object's own reference, released once.
            #[allow(unsafe_code, reason = "freeing a kept wrapper; see SAFETY")]
            unsafe {
                qjs::JS_FreeValueRT(rt, v);
            }
        }
    }
}

/// A `NodeList` or `HTMLCollection` object is made of a `LiveCollection`.
impl crate::idl::JsObjectOf for LiveCollection {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        this_collection(ctx, this)?.run(ctx, f)
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
    let Some(element) = pick(&c.source.borrow()) else {
        return Err(Exception::throw_type(ctx, "Illegal invocation"));
    };
    with_doc(&*c.access, |d| f(element, d)).map_err(|e| throw(ctx, e))
}

/// `element_object!(AttrMap, Attrs)`: a `NamedNodeMap` object is made
/// of its element's `AttrMap` (its source `Source::Attrs(element)`).
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

element_object!(AttrMap, Attrs);

/// `value_object!(TokenList, Tokens)`: a `DOMTokenList` object is made of
/// its `TokenList` (its source `Source::Tokens(list)`); likewise a
/// `CSSStyleDeclaration` of its `StyleDeclarations`.
macro_rules! value_object {
    ($value:ident, $source:ident) => {
        impl crate::idl::JsObjectOf for $value {
            fn with<'js, T>(
                ctx: &Ctx<'js>,
                this: &Value<'js>,
                f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
            ) -> Res<T> {
                let c = this_collection(ctx, this)?;
                let picked = match &*c.source.borrow() {
                    Source::$source(value) => Some(value.clone()),
                    _ => None,
                };
                let Some(mut value) = picked else {
                    return Err(Exception::throw_type(ctx, "Illegal invocation"));
                };
                with_doc(&*c.access, |d| f(&mut value, d)).map_err(|e| throw(ctx, e))
            }
        }
    };
}

value_object!(TokenList, Tokens);
value_object!(StyleDeclarations, Style);
value_object!(StyleSheets, Sheets);
value_object!(RuleList, Rules);

/// The collection `this` is, for the prototype members; a `TypeError`
/// for anything else.
fn this_collection<'a>(ctx: &Ctx<'_>, this: &'a Value<'_>) -> Res<&'a JsCollection> {
    crate::legacy::data_of::<JsCollection>(this)
        .ok_or_else(|| Exception::throw_type(ctx, "Illegal invocation"))
}
