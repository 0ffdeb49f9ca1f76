//! The members generated from the IDL (`webidl/bindings.txt`, by
//! `build.rs`), as natives that are the methods and accessors themselves:
//! each gets `this` and its arguments exactly as the script passed them,
//! so it converts them per WebIDL (a missing argument is a `TypeError`,
//! an explicit `undefined` is converted), calls one dom-ecs method, and
//! converts the result. No JS function stands between the script and the
//! native: QuickJS builds an `arguments` object for every call of a JS
//! function that counts its arguments, which cost more than the DOM call.
//!
//! A node object carries its index and generation under two symbols made
//! here ([`NodeKeys`]); a node result is returned as the node's one JS
//! object, read from the prelude's array of held wrappers, or made by the
//! prelude's `wrap` when it has none.

use std::cell::RefCell;
use std::rc::Rc;

use dom_ecs::{Document, DomError, DomResult, LiveCollection, NodeId, NodeOrText};
use rquickjs::convert::Coerced;
use rquickjs::function::{Opt, Rest, This};
use rquickjs::{Array, Ctx, Exception, FromJs, Function, Object, Persistent, Symbol, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::natives::{Profile, throw};

type Res<T> = rquickjs::Result<T>;

/// What the generated natives keep of the JS side: the two symbols of a
/// node object, the wrappers, and each script realm's window, document and
/// prototypes. Held as persistent values outside the natives' JS lifetime
/// and cleared before the context goes (a closure holding a context
/// reference would keep the context alive past its runtime).
#[derive(Clone, Default)]
pub struct NodeKeys(Rc<RefCell<Option<Keys>>>);

struct Keys {
    index: Persistent<Symbol<'static>>,
    generation: Persistent<Symbol<'static>>,
    /// An event object's event ID (`N.E`).
    event: Persistent<Symbol<'static>>,
    /// The prelude's function that queues its mutation observer microtask
    /// (the page realm's).
    observer_microtask: Option<Persistent<Function<'static>>>,
    /// The prelude's function that invokes custom element reactions.
    reactions: Option<Persistent<Function<'static>>>,
    /// The wrappers, once the prelude handed over what they are made with.
    wrapper: Option<Rc<crate::wrapper::Wrappers>>,
    /// The realms: the page's and one per nested window a script reached.
    realms: crate::realm::Realms,
}

impl NodeKeys {
    /// Make the symbols once (the prelude reads them as `N.I` and `N.G`),
    /// and add the realm of `ctx` (`window`'s, whose document is
    /// `document`).
    pub(crate) fn install<'js>(
        &self,
        ctx: &Ctx<'js>,
        n: &Object<'js>,
        access: &Rc<dyn DocumentAccess>,
        realm: crate::realm::RealmInfo,
    ) -> Res<()> {
        if self.0.borrow().is_none() {
            let symbol = |name| {
                Symbol::with_description(ctx.clone(), name).map(|s| Persistent::save(ctx, s))
            };
            *self.0.borrow_mut() = Some(Keys {
                index: symbol("ecsdom.index")?,
                generation: symbol("ecsdom.generation")?,
                event: symbol("ecsdom.event")?,
                observer_microtask: None,
                reactions: None,
                wrapper: None,
                realms: crate::realm::Realms::default(),
            });
        }
        {
            let keys = self.0.borrow();
            let Some(k) = keys.as_ref() else {
                return Err(Exception::throw_type(ctx, "the page is closing"));
            };
            n.set("I", k.index.clone().restore(ctx)?)?;
            n.set("G", k.generation.clone().restore(ctx)?)?;
            n.set("E", k.event.clone().restore(ctx)?)?;
        }
        self.with_realms(ctx, |r| r.add(ctx, realm))?;
        let keys = self.clone();
        let wrappers_access = access.clone();
        n.set(
            "setWrap",
            Function::new(
                ctx.clone(),
                // (wrap, slots, weak, WeakRef, prototypes by class code)
                move |ctx: Ctx<'js>,
                      wrap: Function<'js>,
                      slots: Array<'js>,
                      weak: Array<'js>,
                      weak_ref: rquickjs::Constructor<'js>,
                      protos: Array<'js>|
                      -> Res<()> {
                    let protos = protos
                        .iter::<Object<'js>>()
                        .map(|p| p.map(|p| Persistent::save(&ctx, p)))
                        .collect::<Res<Vec<_>>>()?;
                    keys.with_realms(&ctx, |r| {
                        r.of_mut(&ctx).node_protos = protos;
                        Ok(())
                    })?;
                    // The first realm's prelude makes the wrappers (the
                    // others share its arrays).
                    if keys
                        .0
                        .borrow()
                        .as_ref()
                        .is_some_and(|k| k.wrapper.is_some())
                    {
                        return Ok(());
                    }
                    let symbols = match keys.0.borrow().as_ref() {
                        Some(k) => (k.index.clone(), k.generation.clone()),
                        None => return Err(Exception::throw_type(&ctx, "the page is closing")),
                    };
                    let w = crate::wrapper::Wrappers::new(
                        &ctx,
                        wrappers_access.clone(),
                        wrap,
                        slots,
                        weak,
                        weak_ref,
                        symbols,
                    )?;
                    if let Some(k) = keys.0.borrow_mut().as_mut() {
                        k.wrapper = Some(Rc::new(w));
                    }
                    Ok(())
                },
            )?,
        )?;
        let keys = self.clone();
        let node_type_access = access.clone();
        let access = access.clone();
        n.set(
            "makeWrapper",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, i: f64| -> Res<Value<'js>> {
                    let target = with_doc(&*access, |d| {
                        let t = d
                            .event_target_at_index(i as u32)
                            .ok_or(DomError::StaleNode)?;
                        Ok((t, d.is_window(t)))
                    })
                    .map_err(|e| throw(&ctx, e))?;
                    match target {
                        (window, true) => keys.window_global(&ctx, window),
                        (node, false) => keys.wrap(&ctx, node),
                    }
                },
            )?,
        )?;
        // WebIDL's "implements" check of a node argument, which holds for a
        // node of any realm: its nodeType, 0 for a value that is no node.
        let keys = self.clone();
        let access = node_type_access;
        n.set(
            "nodeTypeOf",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, v: Value<'js>| -> Res<u16> {
                    let node = match (v.as_object(), keys.wrappers(&ctx)) {
                        (Some(o), Ok(w)) => w.node_of(o),
                        _ => None,
                    };
                    Ok(node.map_or(0, |n| with_doc(&*access, |d| d.node_type(n).unwrap_or(0))))
                },
            )?,
        )?;
        let keys = self.clone();
        n.set(
            "listenerTrees",
            Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> Res<Array<'js>> {
                keys.wrappers(&ctx)?.listener_trees(&ctx)
            })?,
        )?;
        let keys = self.clone();
        n.set(
            "demoteWrappers",
            Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> Res<()> {
                keys.wrappers(&ctx)?.demote(&ctx)
            })?,
        )?;
        let keys = self.clone();
        n.set(
            "setCollectionProtos",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, protos: Array<'js>| -> Res<()> {
                    if let Ok(node_list) =
                        protos.get::<Object<'js>>(crate::collection::Proto::NodeList as usize)
                    {
                        crate::legacy::fast_length(&ctx, &node_list)?;
                    }
                    let out = protos
                        .iter::<Object<'js>>()
                        .map(|p| p.map(|p| Persistent::save(&ctx, p)))
                        .collect::<Res<Vec<_>>>()?;
                    keys.with_realms(&ctx, |r| {
                        r.of_mut(&ctx).collections = out;
                        Ok(())
                    })
                },
            )?,
        )?;
        Ok(())
    }

    /// Run `f` on the realms (a `TypeError` once the page is closing).
    pub(crate) fn with_realms<R>(
        &self,
        ctx: &Ctx<'_>,
        f: impl FnOnce(&mut crate::realm::Realms) -> Res<R>,
    ) -> Res<R> {
        match self.0.borrow_mut().as_mut() {
            Some(k) => f(&mut k.realms),
            None => Err(Exception::throw_type(ctx, "the page is closing")),
        }
    }

    /// Run `f` on the realms, read only (`f` must not call into JS).
    pub(crate) fn read_realms<R>(
        &self,
        ctx: &Ctx<'_>,
        f: impl FnOnce(&crate::realm::Realms) -> Res<R>,
    ) -> Res<R> {
        match self.0.borrow().as_ref() {
            Some(k) => f(&k.realms),
            None => Err(Exception::throw_type(ctx, "the page is closing")),
        }
    }

    /// Run `f` on `window`'s realm, made first if no script reached that
    /// window before (one borrow and one lookup when it exists).
    fn with_window_realm<R>(
        &self,
        ctx: &Ctx<'_>,
        window: NodeId,
        f: impl Fn(&crate::realm::Realm) -> Res<R>,
    ) -> Res<R> {
        if let Some(r) = self.read_realms(ctx, |r| r.of_window(window).map(&f).transpose())? {
            return Ok(r);
        }
        crate::realm::ensure(ctx, self, window)?;
        self.read_realms(ctx, |r| match r.of_window(window) {
            Some(realm) => f(realm),
            None => Err(Exception::throw_type(ctx, "no realm for that window")),
        })
    }

    /// The global object of `window`'s realm.
    pub(crate) fn window_global<'js>(&self, ctx: &Ctx<'js>, window: NodeId) -> Res<Value<'js>> {
        self.with_window_realm(ctx, window, |r| r.global(ctx))
    }

    /// The context of `window`'s realm.
    pub(crate) fn realm_context(
        &self,
        ctx: &Ctx<'_>,
        window: NodeId,
    ) -> Res<crate::realm::RealmPtr> {
        self.with_window_realm(ctx, window, |r| Ok(r.context))
    }

    /// The document of the running realm (the realm of the native's
    /// function): the node document of what its constructors make.
    pub(crate) fn global_document(&self, ctx: &Ctx<'_>) -> Res<NodeId> {
        self.read_realms(ctx, |r| Ok(r.of(ctx).document))
    }

    /// The prototype for class code `code` in `window`'s realm.
    pub(crate) fn node_proto<'js>(
        &self,
        ctx: &Ctx<'js>,
        window: NodeId,
        code: usize,
    ) -> Res<Object<'js>> {
        self.with_window_realm(ctx, window, |r| r.node_proto(ctx, code))
    }

    /// Keep the prototype `which` of the realm of `ctx` (its prelude calls
    /// this once for each).
    pub(crate) fn set_value_proto(
        &self,
        ctx: &Ctx<'_>,
        which: crate::realm::ValueProto,
        proto: Persistent<Object<'static>>,
    ) {
        let _ = self.with_realms(ctx, |r| {
            r.of_mut(ctx).value_protos[which as usize] = Some(proto);
            Ok(())
        });
    }

    /// Keep the function that queues the observer microtask (the prelude
    /// calls this once).
    pub(crate) fn set_observer_microtask(&self, f: Persistent<Function<'static>>) {
        if let Some(k) = self.0.borrow_mut().as_mut() {
            k.observer_microtask.get_or_insert(f);
        }
    }

    /// Keep the prelude's function that invokes custom element reactions.
    pub(crate) fn set_reactions(&self, f: Persistent<Function<'static>>) {
        if let Some(k) = self.0.borrow_mut().as_mut() {
            k.reactions.get_or_insert(f);
        }
    }

    /// The prelude's function that invokes custom element reactions.
    pub(crate) fn reactions<'js>(&self, ctx: &Ctx<'js>) -> Res<Option<Function<'js>>> {
        let f = self.0.borrow().as_ref().and_then(|k| k.reactions.clone());
        f.map(|f| f.restore(ctx)).transpose()
    }

    /// The function that queues the observer microtask, once the prelude
    /// gave it.
    pub(crate) fn observer_microtask<'js>(&self, ctx: &Ctx<'js>) -> Res<Option<Function<'js>>> {
        let f = self
            .0
            .borrow()
            .as_ref()
            .and_then(|k| k.observer_microtask.clone());
        f.map(|f| f.restore(ctx)).transpose()
    }

    /// The prototype `which` of the running realm.
    pub(crate) fn value_proto<'js>(
        &self,
        ctx: &Ctx<'js>,
        which: crate::realm::ValueProto,
    ) -> Res<Object<'js>> {
        let proto =
            self.read_realms(ctx, |r| Ok(r.of(ctx).value_protos[which as usize].clone()))?;
        match proto {
            Some(p) => p.restore(ctx),
            None => Err(Exception::throw_type(ctx, "the page is closing")),
        }
    }

    /// The interface prototype of a legacy platform object, the running
    /// realm's.
    pub(crate) fn collection_proto<'js>(
        &self,
        ctx: &Ctx<'js>,
        which: crate::collection::Proto,
    ) -> Res<Object<'js>> {
        self.read_realms(ctx, |r| match r.of(ctx).collections.get(which as usize) {
            Some(p) => p.clone().restore(ctx),
            None => Err(Exception::throw_type(ctx, "the page is closing")),
        })
    }

    /// Let the JS values go (before the context does).
    pub fn clear(&self) {
        self.0.borrow_mut().take();
    }

    /// Whether a collection of listener cycles is due (false once the
    /// page is closing).
    pub(crate) fn listener_cycles_due(&self) -> bool {
        self.0
            .borrow()
            .as_ref()
            .and_then(|k| k.wrapper.as_ref())
            .is_some_and(|w| w.listener_cycles_due())
    }

    /// [`Wrappers::reclaim_nodes`] (nothing once the page is closing).
    pub(crate) fn reclaim_nodes(&self) {
        if let Some(w) = self.0.borrow().as_ref().and_then(|k| k.wrapper.as_ref()) {
            w.reclaim_nodes();
        }
    }

    /// The wrappers (a `TypeError` once the page is closing).
    pub(crate) fn wrappers(&self, ctx: &Ctx<'_>) -> Res<Rc<crate::wrapper::Wrappers>> {
        match self.0.borrow().as_ref().and_then(|k| k.wrapper.clone()) {
            Some(w) => Ok(w),
            None => Err(Exception::throw_type(ctx, "the page is closing")),
        }
    }

    /// The node a value stands for, if it is a node object.
    fn node_of<'js>(&self, ctx: &Ctx<'js>, v: &Value<'js>) -> Res<Option<NodeId>> {
        let Some(o) = v.as_object() else {
            return Ok(None);
        };
        let keys = self.0.borrow();
        let Some(k) = keys.as_ref() else {
            return Err(Exception::throw_type(ctx, "the page is closing"));
        };
        if let Some(n) = k.wrapper.as_ref().and_then(|w| w.node_of(o)) {
            return Ok(Some(n));
        }
        // (Not a wrapper: an object that carries a node's numbers, or none.)
        let i: Value = o.get(k.index.clone().restore(ctx)?)?;
        let Some(i) = i.as_number() else {
            return Ok(None);
        };
        let g: f64 = o.get(k.generation.clone().restore(ctx)?)?;
        Ok(Some(crate::natives::id(i, g)))
    }

    /// A `Node` argument of a hand-written native: its node, or a
    /// `TypeError`.
    pub(crate) fn node_arg<'js>(&self, ctx: &Ctx<'js>, v: &Value<'js>) -> Res<NodeId> {
        self.node_of(ctx, v)?
            .ok_or_else(|| Exception::throw_type(ctx, "parameter 1 is not of type 'Node'."))
    }

    /// The JS object of a node result.
    pub(crate) fn wrap<'js>(&self, ctx: &Ctx<'js>, node: NodeId) -> Res<Value<'js>> {
        self.wrappers(ctx)?.wrapper(ctx, node, self)
    }
}

/// What a generated native needs besides its arguments.
pub(crate) struct Native<'a> {
    pub access: &'a Rc<dyn DocumentAccess>,
    pub keys: &'a NodeKeys,
    pub profile: &'a Profile,
    /// `Interface.member`, for the profile.
    pub key: &'static str,
    /// The member's name, for error messages.
    pub name: &'static str,
}

impl Native<'_> {
    /// WebIDL's `TypeError` for too few arguments.
    pub fn check_count(&self, ctx: &Ctx<'_>, required: usize, present: usize) -> Res<()> {
        if present >= required {
            return Ok(());
        }
        Err(Exception::throw_type(
            ctx,
            &format!(
                "Failed to execute '{}': {required} argument{} required, but only {present} present.",
                self.name,
                if required == 1 { "" } else { "s" },
            ),
        ))
    }

    /// The event `this` is; a `TypeError` for anything else.
    pub fn event<'js>(&self, ctx: &Ctx<'js>, this: &This<Value<'js>>) -> Res<dom_ecs::EventId> {
        let id = {
            let keys = self.keys.0.borrow();
            let Some(k) = keys.as_ref() else {
                return Err(Exception::throw_type(ctx, "the page is closing"));
            };
            match this.0.as_object() {
                Some(o) => o.get::<_, Value>(k.event.clone().restore(ctx)?)?,
                None => Value::new_undefined(ctx.clone()),
            }
        };
        match id.as_number() {
            Some(bits) => Ok(dom_ecs::EventId::from_bits(bits as u64)),
            None => Err(Exception::throw_type(ctx, "Illegal invocation")),
        }
    }

    /// The node `this` is; a `TypeError` for anything else.
    pub fn this<'js>(&self, ctx: &Ctx<'js>, this: &This<Value<'js>>) -> Res<NodeId> {
        self.keys
            .node_of(ctx, &this.0)?
            .ok_or_else(|| Exception::throw_type(ctx, "Illegal invocation"))
    }

    /// A `Node` argument (position `k`, from 1).
    pub fn node<'js>(&self, ctx: &Ctx<'js>, v: Value<'js>, k: usize) -> Res<NodeId> {
        self.keys.node_of(ctx, &v)?.ok_or_else(|| {
            Exception::throw_type(
                ctx,
                &format!(
                    "Failed to execute '{}': parameter {k} is not of type 'Node'.",
                    self.name
                ),
            )
        })
    }

    /// A `Node?` argument: `null` and `undefined` are none.
    pub fn nullable_node<'js>(
        &self,
        ctx: &Ctx<'js>,
        v: Value<'js>,
        k: usize,
    ) -> Res<Option<NodeId>> {
        if v.is_null() || v.is_undefined() {
            return Ok(None);
        }
        self.node(ctx, v, k).map(Some)
    }

    /// `(Node or DOMString)...`: nodes as they are, anything else through
    /// ToString.
    pub fn nodes_or_strings<'js>(&self, ctx: &Ctx<'js>, rest: Rest<Value<'js>>) -> Res<Vec<Owned>> {
        rest.0
            .into_iter()
            .map(|v| match self.keys.node_of(ctx, &v)? {
                Some(n) => Ok(Owned::Node(n)),
                None => string(ctx, v).map(Owned::Text),
            })
            .collect()
    }

    /// The nodes of a `(Element or Text)...` argument: each an element or
    /// a text node, else a `TypeError`.
    pub fn slottables<'js>(&self, ctx: &Ctx<'js>, rest: Rest<Value<'js>>) -> Res<Vec<NodeId>> {
        rest.0
            .into_iter()
            .enumerate()
            .map(|(k, v)| {
                let n = self.keys.node_of(ctx, &v)?;
                let kind = n.and_then(|n| {
                    with_doc(&**self.access, |d| d.kind(n).ok()).map(|kind| (n, kind))
                });
                match kind {
                    Some((n, dom_ecs::NodeKind::Element | dom_ecs::NodeKind::Text)) => Ok(n),
                    _ => Err(Exception::throw_type(
                        ctx,
                        &format!(
                            "Failed to execute '{}': parameter {} is not of type '(Element or Text)'.",
                            self.name,
                            k + 1
                        ),
                    )),
                }
            })
            .collect()
    }

    /// Call dom-ecs with the document (and the profile, when it records).
    pub fn call<'js, T>(
        &self,
        ctx: &Ctx<'js>,
        gc: bool,
        f: impl FnOnce(&mut Document) -> DomResult<T>,
    ) -> Res<T> {
        let started = self.profile.enabled.get().then(std::time::Instant::now);
        let r = with_doc(&**self.access, |d| {
            if gc {
                // Before the call: every node a script can reach is pinned
                // now, the result too once it is wrapped.
                d.maybe_collect_garbage();
            }
            f(d)
        });
        if let Some(t) = started {
            self.profile.record(self.key, t.elapsed());
        }
        crate::observer::queue_microtask(ctx, self.keys)?;
        // (Scripts the call inserted ran in its post-connection steps,
        // before the reactions it queued.)
        crate::scripts::run_pending();
        crate::custom::invoke(ctx, self.keys)?;
        r.map_err(|e: DomError| throw(ctx, e))
    }

    /// Call the dom-ecs method of the value the object `this` is made of
    /// (a `DOMTokenList`'s `TokenList`, a `NodeList`'s `LiveCollection`),
    /// with the document; a `TypeError` when `this` is no such object.
    pub fn with_object<'js, R: JsObjectOf, T>(
        &self,
        ctx: &Ctx<'js>,
        this: &This<Value<'js>>,
        f: impl FnOnce(&mut R, &mut Document) -> DomResult<T>,
    ) -> Res<T> {
        let started = self.profile.enabled.get().then(std::time::Instant::now);
        let r = R::with(ctx, &this.0, f);
        if let Some(t) = started {
            self.profile.record(self.key, t.elapsed());
        }
        crate::observer::queue_microtask(ctx, self.keys)?;
        crate::scripts::run_pending();
        r
    }

    /// A result as a JS value.
    pub fn result<'js, T: IdlResult<'js>>(&self, ctx: &Ctx<'js>, r: T) -> Res<Value<'js>> {
        r.into_value(ctx, self)
    }
}

/// A dom-ecs value that JS objects are made of (the receiver of their
/// generated members).
pub(crate) trait JsObjectOf: Sized {
    /// Run `f` on the value `this` is made of and the document; a
    /// `TypeError` when `this` is no object made of such a value, and the
    /// `DomError` converted.
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> DomResult<T>,
    ) -> Res<T>;
}

/// An argument of `(Node or DOMString)...`, converted.
pub(crate) enum Owned {
    Node(NodeId),
    Text(String),
}

/// The dom-ecs form of converted `(Node or DOMString)...` arguments.
pub(crate) fn node_or_text(args: &[Owned]) -> Vec<NodeOrText<'_>> {
    args.iter()
        .map(|a| match a {
            Owned::Node(n) => NodeOrText::Node(*n),
            Owned::Text(t) => NodeOrText::Text(t),
        })
        .collect()
}

/// The value of an argument, `undefined` when it was not passed.
pub(crate) fn given<'js>(ctx: &Ctx<'js>, a: Opt<Value<'js>>) -> Value<'js> {
    a.0.unwrap_or_else(|| Value::new_undefined(ctx.clone()))
}

/// `DOMString`: ToString, then the string as dom-ecs holds it, lone
/// surrogates and all (`dom_ecs::dom_string`).
pub(crate) fn string<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<String> {
    let s = match v.as_string() {
        Some(s) => s.clone(),
        None => Coerced::<rquickjs::String<'js>>::from_js(ctx, v)?.0,
    };
    from_js_string(s)
}

/// A string a native of the prelude is given (the prelude converted it to
/// a string already), as a DOM string: lone surrogates kept, which
/// rquickjs's `String` refuses.
pub(crate) struct DomArg(pub String);

impl<'js> FromJs<'js> for DomArg {
    fn from_js(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Self> {
        string(ctx, v).map(DomArg)
    }
}

impl std::ops::Deref for DomArg {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A DOM string a native returns, as a JS string (lone surrogates and all).
pub(crate) struct DomText(pub String);

impl<'js> rquickjs::IntoJs<'js> for DomText {
    fn into_js(self, ctx: &Ctx<'js>) -> Res<Value<'js>> {
        js_string(ctx, &self.0)
    }
}

/// `USVString`: ToString, each lone surrogate made U+FFFD
/// (<https://webidl.spec.whatwg.org/#js-USVString>).
pub(crate) fn usv_string<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<String> {
    string(ctx, v).map(dom_ecs::dom_string::to_usv_owned)
}

/// A JS string as a DOM string.
pub(crate) fn from_js_string(s: rquickjs::String<'_>) -> Res<String> {
    let c = s.to_cstring()?;
    // SAFETY: QuickJS's C string of `len` bytes (generalized UTF-8: a lone
    // surrogate in its three-byte form), alive while `c` is.
    #[allow(unsafe_code, reason = "the bytes of a QuickJS C string; see SAFETY")]
    let bytes = unsafe { std::slice::from_raw_parts(c.as_ptr().cast::<u8>(), c.len()) };
    Ok(dom_ecs::dom_string::from_wtf8(bytes).into_owned())
}

/// A DOM string as a JS string, lone surrogates and all.
pub(crate) fn js_string<'js>(ctx: &Ctx<'js>, s: &str) -> Res<Value<'js>> {
    match dom_ecs::dom_string::to_wtf8(s) {
        std::borrow::Cow::Borrowed(_) => {
            Ok(rquickjs::String::from_str(ctx.clone(), s)?.into_value())
        }
        // SAFETY: QuickJS copies the bytes (its UTF-8 decoder takes a
        // surrogate's three-byte form as that code unit); the new value is
        // owned and handed to `Value::from_raw` once.
        #[allow(unsafe_code, reason = "QuickJS's string from bytes; see SAFETY")]
        std::borrow::Cow::Owned(bytes) => unsafe {
            let v = rquickjs::qjs::JS_NewStringLen(
                ctx.as_raw().as_ptr(),
                bytes.as_ptr().cast(),
                bytes.len() as _,
            );
            if rquickjs::qjs::JS_IsException(v) {
                return Err(rquickjs::Error::Exception);
            }
            Ok(Value::from_raw(ctx.clone(), v))
        },
    }
}

/// `DOMString...`: each through ToString.
pub(crate) fn strings<'js>(ctx: &Ctx<'js>, rest: Rest<Value<'js>>) -> Res<Vec<String>> {
    rest.0.into_iter().map(|v| string(ctx, v)).collect()
}

/// The strings of converted `DOMString...` as dom-ecs takes them.
pub(crate) fn str_refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// `DOMString?`: `null` and `undefined` are none.
pub(crate) fn nullable_string<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Option<String>> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    string(ctx, v).map(Some)
}

/// `[LegacyNullToEmptyString] DOMString`: `null` is "".
pub(crate) fn null_is_empty<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<String> {
    if v.is_null() {
        return Ok(String::new());
    }
    string(ctx, v)
}

/// `boolean`: ToBoolean.
pub(crate) fn boolean<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<bool> {
    Coerced::<bool>::from_js(ctx, v).map(|b| b.0)
}

/// `unsigned short`: ToNumber, then modulo 2^16.
pub(crate) fn unsigned_short<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<u16> {
    let n = Coerced::<f64>::from_js(ctx, v)?.0;
    Ok(if n.is_finite() {
        n.trunc().rem_euclid(65_536.0) as u16
    } else {
        0
    })
}

/// `unsigned long`: ToNumber, then modulo 2^32.
pub(crate) fn unsigned_long<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<usize> {
    let n = Coerced::<f64>::from_js(ctx, v)?.0;
    Ok(if n.is_finite() {
        n.trunc().rem_euclid(4_294_967_296.0) as usize
    } else {
        0
    })
}

/// `long`: ToNumber, then ToInt32 (modulo 2^32, as a signed value).
pub(crate) fn long<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<i32> {
    let n = Coerced::<f64>::from_js(ctx, v)?.0;
    Ok(if n.is_finite() {
        n.trunc().rem_euclid(4_294_967_296.0) as u32 as i32
    } else {
        0
    })
}

/// `double`: ToNumber, then a `TypeError` for NaN and the infinities.
pub(crate) fn finite_double<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<f64> {
    let n = unrestricted_double(ctx, v)?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err(Exception::throw_type(
            ctx,
            "The provided double value is non-finite.",
        ))
    }
}

/// `unrestricted double`: ToNumber.
pub(crate) fn unrestricted_double<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<f64> {
    Ok(Coerced::<f64>::from_js(ctx, v)?.0)
}

/// A dom-ecs result made owned inside the document call (strings borrowed
/// from the document, or interned in it, are copied out before the
/// document is let go).
pub(crate) trait IntoOwned {
    type Owned;
    fn into_owned(self, d: &Document) -> Self::Owned;
}

macro_rules! owned_as_is {
    ($($t:ty),*) => {$(
        impl IntoOwned for $t {
            type Owned = $t;
            #[inline]
            fn into_owned(self, _: &Document) -> $t {
                self
            }
        }
    )*};
}
owned_as_is!(
    bool,
    dom_ecs::geometry::DomRect,
    Vec<dom_ecs::AnimationHandle>,
    u16,
    usize,
    String,
    Option<String>,
    NodeId,
    Option<NodeId>,
    Vec<String>,
    Vec<NodeId>,
    LiveCollection,
    dom_ecs::TokenList,
    dom_ecs::AttrMap,
    dom_ecs::html::StringMap,
    dom_ecs::StyleDeclarations,
    dom_ecs::Range,
    dom_ecs::StyleSheet,
    Option<dom_ecs::StyleSheet>,
    dom_ecs::StyleSheets,
    dom_ecs::RuleList,
    Option<dom_ecs::Rule>,
    i16,
    i32,
    f64
);

impl IntoOwned for &str {
    type Owned = String;
    fn into_owned(self, _: &Document) -> String {
        self.to_owned()
    }
}

impl IntoOwned for Option<&str> {
    type Owned = Option<String>;
    fn into_owned(self, _: &Document) -> Option<String> {
        self.map(str::to_owned)
    }
}

impl IntoOwned for dom_ecs::NameValue {
    type Owned = String;
    fn into_owned(self, d: &Document) -> String {
        self.resolve(d.names()).to_owned()
    }
}

/// An owned result as the JS value the member returns.
pub(crate) trait IdlResult<'js> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>>;
}

impl<'js> IdlResult<'js> for Vec<NodeId> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        let out = Array::new(ctx.clone())?;
        for (k, n) in self.into_iter().enumerate() {
            out.set(k, nat.keys.wrap(ctx, n)?)?;
        }
        Ok(out.into_value())
    }
}

impl<'js> IdlResult<'js> for dom_ecs::TokenList {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        crate::collection::JsCollection::token_list(ctx, nat.access, nat.keys, self)
    }
}

impl<'js> IdlResult<'js> for dom_ecs::AttrMap {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        crate::collection::JsCollection::attr_map(ctx, nat.access, nat.keys, self.element)
    }
}

impl<'js> IdlResult<'js> for dom_ecs::html::StringMap {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        crate::collection::JsCollection::dataset(ctx, nat.access, nat.keys, self.element)
    }
}

impl<'js> IdlResult<'js> for dom_ecs::StyleDeclarations {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        crate::collection::JsCollection::style(ctx, nat.access, nat.keys, self)
    }
}

impl<'js> IdlResult<'js> for LiveCollection {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        crate::collection::JsCollection::object(ctx, nat.access, nat.keys, self)
    }
}

impl<'js> IdlResult<'js> for NodeId {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        nat.keys.wrap(ctx, self)
    }
}

impl<'js> IdlResult<'js> for Option<NodeId> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        match self {
            Some(n) => nat.keys.wrap(ctx, n),
            None => Ok(Value::new_null(ctx.clone())),
        }
    }
}

impl<'js> IdlResult<'js> for Option<String> {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        match self {
            Some(s) => js_string(ctx, &s),
            None => Ok(Value::new_null(ctx.clone())),
        }
    }
}

impl<'js> IdlResult<'js> for String {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        js_string(ctx, &self)
    }
}

impl<'js> IdlResult<'js> for Vec<String> {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        let out = Array::new(ctx.clone())?;
        for (k, s) in self.iter().enumerate() {
            out.set(k, js_string(ctx, s)?)?;
        }
        Ok(out.into_value())
    }
}

macro_rules! result_into_js {
    ($($t:ty),*) => {$(
        impl<'js> IdlResult<'js> for $t {
            #[inline]
            fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
                rquickjs::IntoJs::into_js(self, ctx)
            }
        }
    )*};
}
result_into_js!(bool, f64);

impl<'js> IdlResult<'js> for u32 {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        rquickjs::IntoJs::into_js(f64::from(self), ctx)
    }
}

impl<'js> IdlResult<'js> for u16 {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        rquickjs::IntoJs::into_js(f64::from(self), ctx)
    }
}

impl<'js> IdlResult<'js> for i32 {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        rquickjs::IntoJs::into_js(f64::from(self), ctx)
    }
}

impl<'js> IdlResult<'js> for i16 {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        rquickjs::IntoJs::into_js(f64::from(self), ctx)
    }
}

impl<'js> IdlResult<'js> for usize {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        rquickjs::IntoJs::into_js(self as f64, ctx)
    }
}

/// Install the generated natives on `n` (`N['Node.parentNode']`; a
/// setter's key ends in `=`).
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    profile: &Rc<Profile>,
) -> Res<()> {
    // One native per member: `native!(key, name, length, |ctx, native,
    // this, params...| body)`.
    // A member runs in its own function's realm (WebIDL's current realm:
    // its exceptions, the objects it makes), whichever realm calls it.
    let realm = crate::realm::RealmPtr::of(ctx);
    macro_rules! native {
        ($key:literal, $name:literal, $len:literal, |$ctx:ident, $nat:ident, $this:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {{
            let (a, k, p) = (access.clone(), keys.clone(), profile.clone());
            n.set(
                $key,
                Function::new(ctx.clone(), move |$ctx: Ctx<'js>, $this: This<Value<'js>> $(, $arg: $ty)*| -> Res<Value<'js>> {
                    let $ctx = realm.enter($ctx);
                    let $nat = Native { access: &a, keys: &k, profile: &p, key: $key, name: $name };
                    $body
                })?
                .with_name($name)?
                .with_length($len)?,
            )?;
        }};
    }
    include!(concat!(env!("OUT_DIR"), "/idl_natives.rs"));
    // The prelude hands over the prototypes of the objects natives make
    // of a dom-ecs value (`Range`, `URL`...): `N.setValueProto(k, proto)`.
    let k = keys.clone();
    n.set(
        "setValueProto",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, which: u32, proto: Object<'js>| -> Res<()> {
                let which = crate::realm::ValueProto::of_index(which)
                    .ok_or_else(|| Exception::throw_range(&ctx, "no such prototype"))?;
                k.set_value_proto(&ctx, which, Persistent::save(&ctx, proto));
                Ok(())
            },
        )?,
    )?;
    Ok(())
}
