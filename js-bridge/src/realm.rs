//! Script realms (<https://tc39.es/ecma262/#sec-code-realms>): one QuickJS
//! context per window, all in the page's one runtime, so objects pass
//! between them as they are. The page's realm is made with the page; a
//! nested window's (an iframe's `contentWindow`) when a script first
//! reaches that window or a node of its document.
//!
//! Each realm has its own global (the window), its own classes and
//! prototypes (the prelude runs in each), and natives bound to its window
//! and document. What must be one per page is shared: each node's one
//! wrapper (its prototype is its node document's realm's), the tables of
//! listener functions, event objects, timers and observers (the prelude
//! keeps them on one object, `N.shared`, that every realm gets), and the
//! symbols. A native runs in the realm of its function, so the realm of
//! a call is found from its context ([`Realms::of`]).

use std::ptr::NonNull;
use std::rc::Rc;

use dom_ecs::NodeId;
use rquickjs::context::EvalOptions;
use rquickjs::{Context, Ctx, Function, Object, Persistent, Runtime, Value};
use rustc_hash::FxHashMap;

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::{self, throw};

type Res<T> = rquickjs::Result<T>;

/// The prelude (`js/prelude/*.js`, in name order) with the members
/// generated from the IDL in place (`build.rs`).
const PRELUDE: &str = include_str!(concat!(env!("OUT_DIR"), "/prelude.js"));
const CONSOLE: &str = include_str!("js/console.js");

/// Which window a realm is of.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RealmInfo {
    pub window: NodeId,
    pub document: NodeId,
}

/// Where `console` output goes (level, line), shared by every realm.
pub(crate) type Console = Rc<dyn Fn(u8, &str)>;

/// What every realm's natives are made with (the page's).
pub(crate) struct Setup {
    pub runtime: Runtime,
    pub access: Rc<dyn DocumentAccess>,
    pub foreign: natives::ForeignCaller,
    /// The host's microtask checkpoint of every engine, for the one after
    /// each listener of an event the host fires.
    pub checkpoint: natives::CheckpointHook,
    pub timers: natives::TimerSlot,
    /// The running script's deadline (the interrupt handler's).
    pub deadline: Rc<std::cell::Cell<Option<std::time::Instant>>>,
    /// What the host's fetches gave, until the fetching realm takes it.
    pub fetched: crate::fetch::Fetched,
    pub profile: Rc<natives::Profile>,
    pub console: Console,
    /// The realm is a dedicated worker's global, not a window.
    pub worker: bool,
    /// `console.js` and the prelude, compiled by the first realm (each
    /// later realm runs the bytecode instead of parsing them again).
    pub compiled: [std::cell::OnceCell<Vec<u8>>; 2],
}

/// The interfaces whose objects natives make of a dom-ecs value (not a
/// node, not a collection): their prototypes, one per realm, which each
/// prelude hands over (`N.setValueProto(k, proto)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueProto {
    Range = 0,
    Url = 1,
    SearchParams = 2,
    Headers = 3,
    Response = 4,
    TextDecoder = 5,
    TextEncoder = 6,
    Storage = 7,
    Navigator = 8,
    Crypto = 9,
    FormData = 10,
    Request = 11,
    CssStyleSheet = 12,
    CssRule = 13,
    CssStyleRule = 14,
    RectReadOnly = 15,
    Rect = 16,
    CssTransition = 17,
    CssAnimation = 18,
}

impl ValueProto {
    pub(crate) const COUNT: usize = 19;

    /// The prototype's index as the prelude names it.
    pub(crate) fn of_index(k: u32) -> Option<ValueProto> {
        [
            ValueProto::Range,
            ValueProto::Url,
            ValueProto::SearchParams,
            ValueProto::Headers,
            ValueProto::Response,
            ValueProto::TextDecoder,
            ValueProto::TextEncoder,
            ValueProto::Storage,
            ValueProto::Navigator,
            ValueProto::Crypto,
            ValueProto::FormData,
            ValueProto::Request,
            ValueProto::CssStyleSheet,
            ValueProto::CssRule,
            ValueProto::CssStyleRule,
            ValueProto::RectReadOnly,
            ValueProto::Rect,
            ValueProto::CssTransition,
            ValueProto::CssAnimation,
        ]
        .get(k as usize)
        .copied()
    }
}

/// One realm's context, document, global and prototypes.
pub(crate) struct Realm {
    pub context: RealmPtr,
    pub document: NodeId,
    global: Persistent<Object<'static>>,
    /// The interface prototype of a node wrapper, by class code.
    pub node_protos: Vec<Persistent<Object<'static>>>,
    /// The prototypes of the objects natives make of a dom-ecs value
    /// (`Range`, `URL`...), by [`ValueProto`].
    pub value_protos: [Option<Persistent<Object<'static>>>; ValueProto::COUNT],
    /// `NodeList.prototype`, `HTMLCollection.prototype`,
    /// `DOMTokenList.prototype`... (`collection::Proto`'s order).
    pub collections: Vec<Persistent<Object<'static>>>,
}

/// The page's realms.
#[derive(Default)]
pub(crate) struct Realms {
    /// By context (the raw pointer); the first is the page's.
    by_context: FxHashMap<usize, Realm>,
    by_window: FxHashMap<NodeId, usize>,
    page: usize,
    setup: Option<Rc<Setup>>,
    /// The prelude's shared tables (`N.shared`).
    shared: Option<Persistent<Object<'static>>>,
    /// The nested realms' contexts (the page's is the `JsPage`'s).
    contexts: Vec<Context>,
    /// The window of each classic script a nested window ran, by the
    /// script's name (what a function it defines reports as its script:
    /// the incumbent window of a call it makes).
    scripts: FxHashMap<String, NodeId>,
    /// The page's window.
    page_window: Option<NodeId>,
}

fn key(ctx: &Ctx<'_>) -> usize {
    ctx.as_raw().as_ptr() as usize
}

impl Realms {
    /// Add the realm of `ctx`, whose global is `info.window`.
    pub(crate) fn add(&mut self, ctx: &Ctx<'_>, info: RealmInfo) -> Res<()> {
        let k = key(ctx);
        if self.by_context.is_empty() {
            self.page = k;
            self.page_window = Some(info.window);
        }
        self.by_context.insert(
            k,
            Realm {
                context: RealmPtr::of(ctx),
                document: info.document,
                global: Persistent::save(ctx, ctx.globals()),
                node_protos: Vec::new(),
                value_protos: Default::default(),
                collections: Vec::new(),
            },
        );
        self.by_window.insert(info.window, k);
        Ok(())
    }

    /// The realm of `ctx` (the page's for a context that is none of ours).
    pub(crate) fn of(&self, ctx: &Ctx<'_>) -> &Realm {
        self.by_context
            .get(&key(ctx))
            .or_else(|| self.by_context.get(&self.page))
            .expect("the page's realm is made first")
    }

    /// [`Realms::of`], to fill in.
    pub(crate) fn of_mut(&mut self, ctx: &Ctx<'_>) -> &mut Realm {
        let k = if self.by_context.contains_key(&key(ctx)) {
            key(ctx)
        } else {
            self.page
        };
        self.by_context
            .get_mut(&k)
            .expect("the page's realm is made first")
    }

    /// Note that the script `name` runs in `window`'s realm.
    pub(crate) fn note_script(&mut self, name: &str, window: NodeId) {
        if !self.scripts.contains_key(name) {
            self.scripts.insert(name.to_owned(), window);
        }
    }

    /// The window whose script is `name`: a nested window's, else the
    /// page's (its scripts, modules and handlers are not noted).
    pub(crate) fn script_window(&self, name: &str) -> Option<NodeId> {
        self.scripts.get(name).copied().or(self.page_window)
    }

    /// The realm of `window`, if a script reached that window.
    pub(crate) fn of_window(&self, window: NodeId) -> Option<&Realm> {
        self.by_window
            .get(&window)
            .and_then(|k| self.by_context.get(k))
    }
}

impl Realm {
    /// Its global object (the window).
    pub(crate) fn global<'js>(&self, ctx: &Ctx<'js>) -> Res<Value<'js>> {
        Ok(self.global.clone().restore(ctx)?.into_value())
    }

    /// The prototype of class code `code` (`Node`'s when the code has
    /// none).
    pub(crate) fn node_proto<'js>(&self, ctx: &Ctx<'js>, code: usize) -> Res<Object<'js>> {
        match self
            .node_protos
            .get(code)
            .or_else(|| self.node_protos.get(16))
        {
            Some(p) => p.clone().restore(ctx),
            None => Err(rquickjs::Exception::throw_type(ctx, "the page is closing")),
        }
    }
}

/// Set up the realm of `ctx` for `info`'s window: the natives, `console`,
/// the prelude. The first realm set up is the page's; a `nested` one (an
/// iframe's) runs the prelude as bytecode the first nested one compiled
/// (about half the time of parsing it again).
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    setup: &Rc<Setup>,
    keys: &NodeKeys,
    info: RealmInfo,
    nested: bool,
) -> Res<Object<'js>> {
    let n = natives::install(ctx, setup, keys, info)?;
    let shared = keys.with_realms(ctx, |r| {
        r.setup.get_or_insert_with(|| setup.clone());
        Ok(r.shared.clone())
    })?;
    let shared = match shared {
        Some(s) => s.restore(ctx)?,
        None => {
            let s = Object::new(ctx.clone())?;
            let saved = Persistent::save(ctx, s.clone());
            keys.with_realms(ctx, |r| {
                r.shared = Some(saved);
                Ok(())
            })?;
            s
        }
    };
    n.set("shared", shared)?;
    n.set("isWorker", setup.worker)?;
    let console = setup.console.clone();
    ctx.globals().set(
        "__ecsdom_print",
        Function::new(ctx.clone(), move |level: u8, line: String| {
            console(level, &line)
        })?,
    )?;
    for (k, (name, source)) in [
        ("ecsdom:console.js", CONSOLE),
        ("ecsdom:prelude.js", PRELUDE),
    ]
    .into_iter()
    .enumerate()
    {
        if !nested {
            // (The page's realm: parsing once costs less than compiling.)
            let mut options = EvalOptions::default();
            options.global = true;
            options.filename = Some(name.to_owned());
            ctx.eval_with_options::<(), _>(source, options)?;
            continue;
        }
        let bytes = match setup.compiled[k].get() {
            Some(b) => b,
            None => {
                let b = crate::bytecode::compile(ctx, source, name)?;
                setup.compiled[k].get_or_init(|| b)
            }
        };
        #[allow(unsafe_code, reason = "running our own compiled prelude; see SAFETY")]
        // SAFETY: `bytes` is what `bytecode::compile` wrote in this process,
        // for this runtime's engine.
        unsafe {
            crate::bytecode::run(ctx, bytes)?;
        }
    }
    Ok(n)
}

/// Make the realm of nested window `window` unless it has one.
///
/// Called from a native (the runtime is locked by the call into JS on the
/// stack), so the context is made through QuickJS directly.
pub(crate) fn ensure(ctx: &Ctx<'_>, keys: &NodeKeys, window: NodeId) -> Res<()> {
    let setup = keys.read_realms(ctx, |r| {
        Ok(r.of_window(window)
            .is_none()
            .then(|| r.setup.clone())
            .flatten())
    })?;
    let Some(setup) = setup else {
        return Ok(());
    };
    let document =
        with_doc(&*setup.access, |d| d.document_of_window(window)).map_err(|e| throw(ctx, e))?;
    #[allow(
        unsafe_code,
        reason = "making a context in a locked runtime; see SAFETY"
    )]
    // SAFETY: `ctx` is a live context of the page's runtime, which the
    // call on the stack holds locked; `JS_NewContext` gives a context
    // with one reference, which the `Context` owns, and `Ctx::from_raw`
    // takes one of its own for the length of the setup.
    let (context, new) = unsafe {
        let raw = rquickjs::qjs::JS_NewContext(rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr()));
        let raw = NonNull::new(raw).ok_or(rquickjs::Error::Allocation)?;
        // (QuickJS adds `DOMException` to the first context of a runtime
        // only: each realm needs its own.)
        rquickjs::qjs::JS_AddIntrinsicDOMException(raw.as_ptr());
        (
            Context::from_raw(raw, setup.runtime.clone()),
            Ctx::from_raw(raw),
        )
    };
    keys.with_realms(ctx, |r| {
        r.contexts.push(context);
        Ok(())
    })?;
    install(&new, &setup, keys, RealmInfo { window, document }, true)?;
    Ok(())
}

/// A realm's context, as the natives of that realm keep it: a native is
/// called with its caller's context (rquickjs's functions are objects of
/// a callable class, which QuickJS calls in the caller's realm), and
/// enters its own.
#[derive(Clone, Copy)]
pub(crate) struct RealmPtr(NonNull<rquickjs::qjs::JSContext>);

impl RealmPtr {
    pub(crate) fn of(ctx: &Ctx<'_>) -> Self {
        RealmPtr(ctx.as_raw())
    }

    /// The realm's context, for a call that came in with `ctx`.
    #[inline]
    pub(crate) fn enter<'js>(self, ctx: Ctx<'js>) -> Ctx<'js> {
        if ctx.as_raw() == self.0 {
            return ctx;
        }
        #[allow(
            unsafe_code,
            reason = "entering a realm of the locked runtime; see SAFETY"
        )]
        // SAFETY: the call holds the runtime locked (it came in with
        // `ctx`, of the same runtime), and the realm's context lives as
        // long as the page's realms (`Realms::contexts`, the `JsPage`'s),
        // which outlive every call of their natives.
        unsafe {
            Ctx::from_raw(self.0)
        }
    }
}
