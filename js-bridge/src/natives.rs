//! The native half of the JS DOM: plain functions on node IDs, installed
//! as the hidden `__ecsdom_native` object. The classes scripts see
//! (`Node`, `Element`, `document`...) are written in JS on top of them
//! (`js/prelude/`), which keeps this file a thin, uniform layer: convert
//! arguments, call `dom-ecs`, convert the result or throw the DOMException.
//!
//! A node crosses as two numbers, index and generation (a 64-bit entity
//! ID does not fit a JS number); a node result is returned as its index
//! (-1 for null), and the prelude turns it into the one JS object for that
//! node (`crate::wrapper`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use dom_ecs::{Callback, Dispatch, Document, DomError, EventId, ListenerOptions, NodeId};
use rquickjs::prelude::Opt;
use rquickjs::{Ctx, Exception, Function, Object};

use crate::realm::ValueProto;
use rustc_hash::FxHashMap;

use crate::access::with_doc;
use crate::idl::DomArg;

type Res<T> = rquickjs::Result<T>;

/// A node ID from the two numbers a JS node object carries.
#[inline]
pub(crate) fn id(i: f64, g: f64) -> NodeId {
    // An out-of-range index (only a tampered object has one) maps to a
    // slot no document reaches, so the call fails with StaleNodeError.
    NodeId::from_parts(i as u32, g as u32)
        .or_else(|| NodeId::from_parts(u32::MAX - 1, 0))
        .expect("a valid placeholder id")
}

#[inline]
fn opt(n: Option<NodeId>) -> f64 {
    n.map_or(-1.0, |n| f64::from(n.index()))
}

/// Throw `err` as a `DOMException` with the spec's name.
pub fn throw(ctx: &Ctx<'_>, err: DomError) -> rquickjs::Error {
    // (A message quoting a DOM string shows a lone surrogate as U+FFFD.)
    let usv = dom_ecs::dom_string::to_usv;
    match &err {
        DomError::Type(m) => return Exception::throw_type(ctx, &usv(m)),
        DomError::Range(m) => return Exception::throw_range(ctx, &usv(m)),
        _ => {}
    }
    Exception::throw_dom(ctx, err.name(), &usv(err.message()))
}

/// How the host calls a listener of another engine: engine tag, the
/// engine's key, the event, the current target.
pub type ForeignCaller = Rc<RefCell<Option<Box<dyn Fn(dom_ecs::Invocation)>>>>;

/// The host's microtask checkpoint (both engines'), which the prelude
/// performs after each listener of an event the host fired ("clean up
/// after running a callback" with nothing else on the stack).
pub type CheckpointHook = Rc<RefCell<Option<Box<dyn Fn()>>>>;

/// The host's timer queue, as the page's `setTimeout` sees it.
pub trait TimerHost {
    /// Add a timer firing after `delay_ms` (again and again if `repeating`); its id.
    fn add(&self, delay_ms: f64, repeating: bool) -> u64;
    /// Add an animation frame callback's timer (`requestAnimationFrame`):
    /// due at the next frame after now; its id.
    fn add_frame(&self) -> u64;
    /// Cancel a timer of this page.
    fn clear(&self, id: u64);
    /// Milliseconds since the page started (`performance.now()`).
    fn now_ms(&self) -> f64;
    /// Send a `fetch()` request off the page thread; its id. When it is
    /// done the host calls [`crate::runtime::JsPage::fetch_done`] with it,
    /// as a task of the page's event loop.
    fn fetch(&self, request: dom_ecs::fetch::FetchRequest) -> u64;
    /// Send `request` on the page thread and wait for the response (a
    /// synchronous `XMLHttpRequest`); a network error's message.
    fn fetch_now(
        &self,
        _request: dom_ecs::fetch::FetchRequest,
    ) -> Result<dom_ecs::fetch::NetworkResponse, String> {
        Err("this host sends no synchronous requests".into())
    }
    /// `new Worker(url)`: start a dedicated worker running the classic
    /// script at `url` (absolute); its id. Its messages and errors come
    /// back through [`crate::runtime::JsPage::worker_message`] and
    /// [`crate::runtime::JsPage::worker_error`] as tasks. Only hosts that
    /// call [`crate::runtime::JsPage::enable_workers`] are asked.
    fn start_worker(&self, url: &str) -> Result<u64, String> {
        Err(format!("no worker can run {url} here"))
    }
    /// `worker.postMessage(message)`.
    fn post_to_worker(&self, _id: u64, _message: dom_ecs::structured::Serialized) {}
    /// `worker.terminate()`.
    fn terminate_worker(&self, _id: u64) {}
    /// In a worker's global: `postMessage(message)` to the worker's owner.
    fn post_to_owner(&self, _message: dom_ecs::structured::Serialized) {}
    /// In a worker's global: `importScripts(url)`: the script's name (for
    /// stack traces) and source, or why it did not load.
    fn import_script(&self, url: &str) -> Result<(String, String), String> {
        Err(format!("{url}: this global imports no scripts"))
    }
    /// In a worker's global: `close()`: no task runs after this one.
    fn close_worker(&self) {}
    /// In a worker's global: an exception no one handled (a listener's, a
    /// timer's), reported already: an `error` event at the `Worker`.
    fn uncaught_to_owner(&self, _message: &str) {}
}

/// Where the page's timers go (set by the host; none: timers never fire).
pub type TimerSlot = Rc<RefCell<Option<Box<dyn TimerHost>>>>;

/// Counts and time of the natives called, by name, while enabled
/// (`ecsdom run --profile`).
#[derive(Default)]
pub struct Profile {
    /// Whether calls are recorded.
    pub enabled: Cell<bool>,
    calls: RefCell<FxHashMap<&'static str, (u64, std::time::Duration)>>,
}

impl Profile {
    pub(crate) fn record(&self, name: &'static str, took: std::time::Duration) {
        let mut calls = self.calls.borrow_mut();
        let e = calls.entry(name).or_default();
        e.0 += 1;
        e.1 += took;
    }

    /// (name, calls, total time), most time first.
    pub fn report(&self) -> Vec<(&'static str, u64, std::time::Duration)> {
        let mut v: Vec<_> = self
            .calls
            .borrow()
            .iter()
            .map(|(k, (n, t))| (*k, *n, *t))
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.2));
        v
    }
}

/// Install the natives on `globals.__ecsdom_native`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    setup: &crate::realm::Setup,
    keys: &crate::idl::NodeKeys,
    realm: crate::realm::RealmInfo,
) -> Res<Object<'js>> {
    let access = setup.access.clone();
    let foreign = setup.foreign.clone();
    let checkpoint = setup.checkpoint.clone();
    let timers = setup.timers.clone();
    let profile = setup.profile.clone();
    let n = Object::new(ctx.clone())?;
    // The members generated from the IDL (`webidl/bindings.txt`, `build.rs`).
    keys.install(ctx, &n, &access, realm)?;
    crate::idl::install(ctx, &n, &access, keys, &profile)?;
    crate::traversal::install(ctx, &n, &access, keys)?;
    crate::xpath::install(ctx, &n, &access)?;
    crate::range::install(ctx, &n, &access, keys)?;
    crate::selection::install(ctx, &n, &access, keys)?;
    crate::style::install(ctx, &n, &access, keys)?;
    crate::observer::install(ctx, &n, &access, keys)?;
    crate::custom::install(ctx, &n, &access, keys)?;
    crate::fetch::install(ctx, &n, &access, keys, &timers, &setup.fetched, &profile)?;
    // The window's `navigator` and `crypto` (the prelude keeps the one it
    // makes of each).
    crate::values::install_maker(ctx, &n, keys, "navigator", ValueProto::Navigator, || {
        crate::values::JsNavigator(dom_ecs::navigator::Navigator)
    })?;
    crate::values::install_maker(ctx, &n, keys, "crypto", ValueProto::Crypto, || {
        crate::values::JsCrypto(dom_ecs::crypto::Crypto)
    })?;
    crate::worker::install(ctx, &n, &timers)?;
    crate::xhr::install(ctx, &n, &access, keys, &timers, &setup.fetched)?;
    // structuredClone's serialize and deserialize (the prelude passes
    // its intrinsic helpers).
    n.set(
        "structuredClone",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, v: rquickjs::Value<'js>, helpers: Object<'js>| {
                let s = crate::clone::serialize(&ctx, v, &helpers)?;
                crate::clone::deserialize(&ctx, &s, &helpers)
            },
        )?,
    )?;
    // A CustomEvent's detail, serialized for the other engine (one that
    // does not serialize is the JS side's only: nothing is stored).
    let a = access.clone();
    n.set(
        "setEventDetail",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, e: f64, v: rquickjs::Value<'js>, helpers: Object<'js>| {
                // A detail that does not serialize is JS's only (event
                // handler attributes are JS too); dispatching it to another
                // engine's listener is a DataCloneError.
                let (detail, only) = match crate::clone::serialize(&ctx, v, &helpers) {
                    Ok(s) => (Some(std::sync::Arc::new(s)), None),
                    Err(err) => {
                        let why = match err {
                            rquickjs::Error::Exception => {
                                let caught = ctx.catch();
                                caught
                                    .as_object()
                                    .and_then(|o| o.get::<_, String>("message").ok())
                                    .unwrap_or_else(|| "it can not be cloned".into())
                            }
                            other => other.to_string(),
                        };
                        let readers = vec![ENGINE_JS, dom_ecs::ENGINE_SOURCE];
                        (None, Some((readers, why)))
                    }
                };
                with_doc(&*a, |d| -> Result<(), DomError> {
                    let state = d.event_mut(EventId::from_bits(e as u64))?;
                    (state.detail, state.detail_only) = (detail, only);
                    Ok(())
                })
                .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    // The detail another engine's CustomEvent carries, deserialized here;
    // `undefined` when it has none.
    let a = access.clone();
    n.set(
        "eventDetail",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  e: f64,
                  helpers: Object<'js>|
                  -> rquickjs::Result<rquickjs::Value<'js>> {
                let detail = with_doc(&*a, |d| {
                    d.event(EventId::from_bits(e as u64))
                        .map(|ev| ev.detail.clone())
                })
                .map_err(|e| throw(&ctx, e))?;
                match detail {
                    Some(s) => crate::clone::deserialize(&ctx, &s, &helpers),
                    None => Ok(rquickjs::Value::new_undefined(ctx.clone())),
                }
            },
        )?,
    )?;
    // Whether a value is a Storage object (of any realm).
    n.set(
        "isStorage",
        Function::new(ctx.clone(), |v: rquickjs::Value<'js>| {
            crate::legacy::data_of::<crate::storage::JsStorage>(&v).is_some()
        })?,
    )?;
    {
        // `localStorage` (0) and `sessionStorage` (1) of the realm's window:
        // a new object each call (the prelude keeps the first).
        let (a, k) = (access.clone(), keys.clone());
        n.set(
            "storage",
            Function::new(ctx.clone(), move |ctx: Ctx<'js>, session: bool| {
                let kind = if session {
                    dom_ecs::storage::StorageKind::Session
                } else {
                    dom_ecs::storage::StorageKind::Local
                };
                crate::storage::JsStorage::of_window(&ctx, &*a, &k, realm.window, kind)
            })?,
        )?;
    }
    {
        let (a, k) = (access.clone(), keys.clone());
        n.set(
            "windowNamedProperties",
            Function::new(ctx.clone(), move |ctx: Ctx<'js>, proto: Object<'js>| {
                crate::named::object(&ctx, a.clone(), k.clone(), realm.window, proto)
            })?,
        )?;
    }

    macro_rules! f {
        ($name:literal, |$d:ident, $ctx:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {{
            let a = access.clone();
            let p = profile.clone();
            n.set(
                $name,
                Function::new(ctx.clone(), move |$ctx: Ctx<'js> $(, $arg: $ty)*| {
                    #[allow(unused_variables, reason = "natives that throw no error of their own leave it unused")]
                    let c = $ctx.clone();
                    let started = p.enabled.get().then(std::time::Instant::now);
                    let r = with_doc(&*a, |$d: &mut Document| $body).map_err(|e: DomError| throw(&c, e));
                    if let Some(t) = started {
                        p.record($name, t.elapsed());
                    }
                    crate::scripts::run_pending();
                    r
                })?
                .with_name($name)?,
            )?;
        }};
    }
    // Identity and lifetime.
    // The realm's document and window.
    let (document, window) = (realm.document, realm.window);
    f!("root", |_d, ctx| Ok(f64::from(document.index())));
    // The window as an event target: [index, generation] (it is no node).
    f!("window", |_d, ctx| Ok(vec![
        f64::from(window.index()),
        f64::from(window.generation())
    ]));
    // window.name of window [wi, wg] (its navigable's target name).
    f!("windowName", |d, ctx, wi: f64, wg: f64| d
        .window_name(id(wi, wg)));
    f!("setWindowName", |d, ctx, wi: f64, wg: f64, name: String| d
        .set_window_name(id(wi, wg), &name));
    // Whether [wi, wg] is a window (of any realm: a WindowProxy).
    f!("isWindow", |d, ctx, wi: f64, wg: f64| Ok(
        d.is_window(id(wi, wg))
    ));
    // History of window [wi, wg] (the state and pushState: history.rs).
    f!("historyLength", |d, ctx, wi: f64, wg: f64| d
        .history_length(id(wi, wg)));
    f!("historyScroll", |d, ctx, wi: f64, wg: f64| d
        .history_scroll_restoration(id(wi, wg)));
    f!("setHistoryScroll", |d, ctx, wi: f64, wg: f64, v: String| d
        .set_history_scroll_restoration(id(wi, wg), &v));
    f!("historyGo", |d, ctx, wi: f64, wg: f64, delta: f64| d
        .history_go(id(wi, wg), delta as i64));
    crate::history::install(ctx, &n, &access)?;
    crate::messaging::install(ctx, &n, &access, keys)?;
    // Location's parts of window [wi, wg].
    f!("locationParts", |_d, ctx| Ok(dom_ecs::html::LOCATION_PARTS
        .iter()
        .map(|p| (*p).to_owned())
        .collect::<Vec<String>>()));
    f!("locationPart", |d, ctx, wi: f64, wg: f64, part: String| d
        .location_part(id(wi, wg), &part));
    f!(
        "setLocationPart",
        |d, ctx, wi: f64, wg: f64, part: String, value: DomArg| d.set_location_part(
            id(wi, wg),
            &part,
            &value
        )
    );
    // `new StaticRange(init)`'s checks; whether it is collapsed.
    f!("staticRange", |d,
                       ctx,
                       si: f64,
                       sg: f64,
                       so: f64,
                       ei: f64,
                       eg: f64,
                       eo: f64| d
        .static_range(id(si, sg), so as u32, id(ei, eg), eo as u32)
        .map(|r| r.collapsed()));
    // Node.
    f!(
        "createDocumentType",
        |d, ctx, i: f64, g: f64, name: DomArg, public: DomArg, system: DomArg| d
            .create_document_type(id(i, g), &name, &public, &system)
            .map(|n| f64::from(n.index()))
    );

    // DOMParser and createHTMLDocument: a new document node in this world.
    // (The parser's document: the window's of the realm that made it.)
    f!("parseFromString", |d,
                           ctx,
                           i: f64,
                           g: f64,
                           string: DomArg,
                           mime: String| {
        d.maybe_collect_garbage();
        d.parse_from_string(id(i, g), &string, &mime)
            .map(|made| opt(Some(made)))
    });
    f!("createHTMLDocument", |d, ctx, title: Option<DomArg>| {
        d.maybe_collect_garbage();
        let made = d.create_html_document(title.as_deref());
        d.set_relevant_global(made, document)?;
        Ok(opt(Some(made)))
    });
    // HTMLTemplateElement.content: the contents fragment's index.
    f!("templateContents", |d, ctx, i: f64, g: f64| {
        d.template_contents(id(i, g))?
            .map(|f| opt(Some(f)))
            .ok_or_else(|| DomError::Type("Illegal invocation".into()))
    });
    // CSSStyleDeclaration's camel-cased, webkit-cased and dashed
    // attributes: [attribute, property, ...] for every property the style
    // engine supports.
    f!("cssPropertyAttributes", |_d, ctx| Ok(
        dom_ecs::cssom::property_attributes()
            .iter()
            .flat_map(|a| [a.attribute.clone(), a.property.to_owned()])
            .collect::<Vec<String>>()
    ));
    // HTMLIFrameElement.contentDocument (none until connected to the page).
    f!("contentDocument", |d, ctx, i: f64, g: f64| d
        .content_document(id(i, g))
        .map(opt));
    // HTMLIFrameElement.contentWindow: its window's index (-1: none).
    f!("contentWindow", |d, ctx, i: f64, g: f64| d
        .content_window(id(i, g))
        .map(opt));
    // The window tree (`parent`, `top`, `frameElement`, `length`): window
    // and element indexes, -1 for null.
    f!("parentWindow", |d, ctx| d.parent_window(window).map(opt));
    f!("topWindow", |d, ctx| d.top_window(window).map(opt));
    f!("frameElement", |d, ctx| d.frame_element(window).map(opt));
    // Whether window [i, g] is still in the page's window tree (its
    // document fully active).
    f!("windowActive", |d, ctx, i: f64, g: f64| Ok(d
        .top_window(id(i, g))
        .is_ok_and(|t| t.is_some())));
    f!("childWindowCount", |d, ctx| d
        .child_windows(window)
        .map(|w| w.len() as f64));
    // XMLSerializer.serializeToString(root): not requiring well-formed.
    f!("xmlSerialize", |d, ctx, i: f64, g: f64| d
        .xml_serialize(id(i, g), false));
    f!("domParserTypes", |_d, ctx| Ok(
        dom_ecs::DOM_PARSER_SUPPORTED_TYPES
            .iter()
            .map(|t| (*t).to_owned())
            .collect::<Vec<String>>()
    ));
    f!("createDocument", |d, ctx| {
        let made = d.create_xml_document_node();
        d.set_relevant_global(made, document)?;
        Ok(opt(Some(made)))
    });
    f!(
        "createXMLDocument",
        |d, ctx, namespace: Option<DomArg>, name: DomArg, doctype: Option<f64>, g: Option<f64>| {
            d.maybe_collect_garbage();
            let doctype = doctype.zip(g).map(|(i, g)| id(i, g));
            let made = d.create_xml_document(namespace.as_deref(), &name, doctype)?;
            d.set_relevant_global(made, document)?;
            Ok(opt(Some(made)))
        }
    );
    // `new EventTarget()`: [index, generation] of a target that is no node.
    f!("createEventTarget", |d, ctx| {
        let t = d.create_event_target();
        Ok(vec![f64::from(t.index()), f64::from(t.generation())])
    });
    f!("releaseEventTarget", |d, ctx, i: f64, g: f64| {
        d.release_event_target(id(i, g));
        Ok(())
    });
    // Events: the JS side drives the dispatch loop, so a JS listener runs
    // in the caller's own context (no re-entry into the engine).
    let dispatches: Rc<RefCell<FxHashMap<u32, Dispatch>>> = Rc::default();
    let next_dispatch = Rc::new(Cell::new(0u32));
    f!("createEvent", |d,
                       ctx,
                       kind: DomArg,
                       bubbles: bool,
                       cancelable: bool,
                       composed: bool| {
        Ok(
            d.create_event_composed(&kind, bubbles, cancelable, composed)
                .to_bits() as f64,
        )
    });
    // An event the platform fires (`isTrusted`): not bubbling, not cancelable.
    f!(
        "createTrustedEvent",
        |d, ctx, kind: DomArg, bubbles: Opt<bool>| {
            let id = d.create_event(&kind, bubbles.0.unwrap_or(false), false);
            if let Ok(e) = d.event_mut(id) {
                e.trusted = true;
            }
            Ok(id.to_bits() as f64)
        }
    );
    f!("documentWrite", |d, ctx, i: f64, g: f64, text: DomArg| d
        .document_write(id(i, g), &text));
    // The signal slots, as [index, generation] pairs flattened.
    f!("takeSignalSlots", |d, ctx| {
        Ok(d.take_signal_slots()
            .into_iter()
            .flat_map(|s| [f64::from(s.index()), f64::from(s.generation())])
            .collect::<Vec<f64>>())
    });
    // An event's relatedTarget as an event target of this page (a node, a
    // window or another: [index, generation], or none), which dispatch
    // retargets.
    f!("setEventRelated", |d, ctx, e: f64, i: f64, g: f64| {
        let target = (i >= 0.0)
            .then(|| id(i, g))
            .filter(|&n| d.is_event_target(n));
        d.set_event_related_target(EventId::from_bits(e as u64), target)
    });
    // What relatedTarget answers now: -2 the engine's own value (also
    // when dispatch left it as it was), -1 null, else the node's index.
    f!("eventRelatedNow", |d, ctx, e: f64| {
        let state = d.event(EventId::from_bits(e as u64))?;
        Ok(match state.related_now {
            None => -2.0,
            Some(None) => -1.0,
            Some(Some(n)) if Some(n) == state.related_target => -2.0,
            Some(Some(n)) => f64::from(n.index()),
        })
    });
    f!("markTrusted", |d, ctx, e: f64| {
        if let Ok(state) = d.event_mut(EventId::from_bits(e as u64)) {
            state.trusted = true;
        }
        Ok(())
    });
    f!("retainEvent", |d, ctx, e: f64| d
        .retain_event(EventId::from_bits(e as u64)));
    f!("releaseEvent", |d, ctx, e: f64| {
        d.release_event(EventId::from_bits(e as u64));
        Ok(())
    });
    // createEvent's interface: its name (NotSupportedError for one
    // ecsdom lacks).
    f!("eventInterface", |_d, ctx, name: String| {
        dom_ecs::Document::event_interface(&name).map(|i| match i {
            dom_ecs::EventInterface::Event => "Event",
            dom_ecs::EventInterface::CustomEvent => "CustomEvent",
            dom_ecs::EventInterface::Data(name) => name,
        })
    });
    // createEvent's event: not initialized until initEvent.
    f!("uninitializeEvent", |d, ctx, e: f64| {
        d.event_mut(EventId::from_bits(e as u64))?.uninitialized = true;
        Ok(())
    });
    // A UI event's interface: set by its class, read for a view of an
    // event the DOM made (a label's click at its control).
    f!("setEventInterface", |d, ctx, e: f64, name: String| {
        d.event_mut(EventId::from_bits(e as u64))?
            .set_interface(&name);
        Ok(())
    });
    f!("eventInterfaceOf", |d, ctx, e: f64| Ok(d
        .event(EventId::from_bits(e as u64))?
        .interface));
    // The init members of an event the DOM or the host made, as
    // [name, 'text', string] or [name, 'node', node index].
    f!("eventInit", |d, ctx, e: f64| Ok(d
        .event(EventId::from_bits(e as u64))?
        .init
        .iter()
        .map(|(name, value)| match value {
            dom_ecs::EventValue::Text(t) => vec![(*name).to_owned(), "text".into(), t.clone()],
            dom_ecs::EventValue::Node(n) => {
                vec![(*name).to_owned(), "node".into(), n.index().to_string()]
            }
            dom_ecs::EventValue::Storage { window, kind } => vec![
                (*name).to_owned(),
                match kind {
                    dom_ecs::storage::StorageKind::Local => "localStorage".into(),
                    dom_ecs::storage::StorageKind::Session => "sessionStorage".into(),
                },
                window.index().to_string(),
            ],
            // (Deserialized by `eventCloned`.)
            dom_ecs::EventValue::Cloned(_) => {
                vec![(*name).to_owned(), "cloned".into(), String::new()]
            }
            dom_ecs::EventValue::Number(n) => {
                vec![(*name).to_owned(), "number".into(), n.to_string()]
            }
        })
        .collect::<Vec<_>>()));
    // click(): the event to dispatch (null when the element is a disabled
    // control or its click() is running), and the end of it.
    f!("clickBegin", |d, ctx, i: f64, g: f64| Ok(d
        .click_begin(id(i, g))?
        .map(|e| e.to_bits() as f64)));
    f!("clickEnd", |d, ctx, i: f64, g: f64, e: f64| {
        d.click_end(id(i, g), EventId::from_bits(e as u64));
        Ok(())
    });
    f!("eventType", |d, ctx, e: f64| Ok(d
        .event(EventId::from_bits(e as u64))?
        .kind
        .clone()));
    // Whether the event is being dispatched (initCustomEvent's check).
    f!("eventDispatching", |d, ctx, e: f64| Ok(d
        .event(EventId::from_bits(e as u64))?
        .dispatching));
    f!("addListener", |d,
                       ctx,
                       i: f64,
                       g: f64,
                       kind: DomArg,
                       key: f64,
                       flags: u32| {
        let options = ListenerOptions {
            capture: flags & 1 != 0,
            once: flags & 2 != 0,
            passive: (flags & 8 != 0).then_some(flags & 4 != 0),
        };
        d.add_event_listener(
            id(i, g),
            &kind,
            Callback {
                engine: ENGINE_JS,
                key: key as u64,
            },
            options,
        )
    });
    // addEventListener with a signal ([index, generation]): whether it
    // was added (not when the signal is aborted).
    f!(
        "addListenerWithSignal",
        |d, ctx, i: f64, g: f64, kind: DomArg, key: f64, flags: u32, signal: Vec<f64>| {
            let options = ListenerOptions {
                capture: flags & 1 != 0,
                once: flags & 2 != 0,
                passive: (flags & 8 != 0).then_some(flags & 4 != 0),
            };
            let callback = Callback {
                engine: ENGINE_JS,
                key: key as u64,
            };
            let signal = id(
                signal.first().copied().unwrap_or(-1.0),
                signal.get(1).copied().unwrap_or(-1.0),
            );
            d.add_event_listener_with_signal(id(i, g), &kind, callback, options, signal)
        }
    );
    // AbortSignal: a target with abort state; [index, generation].
    f!("createAbortSignal", |d, ctx| {
        let t = d.create_abort_signal();
        Ok(vec![f64::from(t.index()), f64::from(t.generation())])
    });
    f!("abortSignalAborted", |d, ctx, i: f64, g: f64| d
        .abort_signal_aborted(id(i, g)));
    // Signal abort: the signals to abort, [i, g, i, g...], `s` first.
    f!("signalAbort", |d, ctx, i: f64, g: f64| {
        let list = d.signal_abort(id(i, g))?;
        Ok(list
            .iter()
            .flat_map(|s| [f64::from(s.index()), f64::from(s.generation())])
            .collect::<Vec<f64>>())
    });
    f!("runAbortSteps", |d, ctx, i: f64, g: f64| {
        d.run_abort_steps(id(i, g));
        Ok(())
    });
    // AbortSignal.any: [i, g] of the new signal, or [-1, k] when source k
    // is aborted.
    f!("dependentAbortSignal", |d, ctx, sources: Vec<f64>| {
        let ids: Vec<_> = sources.chunks(2).map(|p| id(p[0], p[1])).collect();
        Ok(match d.create_dependent_abort_signal(&ids)? {
            Ok(t) => vec![f64::from(t.index()), f64::from(t.generation())],
            Err(k) => vec![-1.0, k as f64],
        })
    });
    // An event handler's value as [engine, key] (a JS function's, another
    // engine's, or a raw uncompiled handler's), or none.
    // (On the target that determining the target of the handler gives.)
    f!("eventHandler", |d, ctx, i: f64, g: f64, kind: DomArg| {
        let Some(target) = d.event_handler_target(id(i, g), &kind)? else {
            return Ok(None);
        };
        Ok(d.event_handler(target, &kind)?
            .map(|c| vec![f64::from(c.engine), c.key as f64]))
    });
    // A raw uncompiled handler: [its source, its element's index], or none
    // once its handler holds another value.
    f!("rawHandler", |d, ctx, key: f64| Ok(d
        .raw_handler(key as u64)
        .map(|r| {
            rquickjs::convert::List((r.source.clone(), f64::from(r.element.index())))
        })));
    f!(
        "setEventHandler",
        |d, ctx, i: f64, g: f64, kind: DomArg, key: Option<f64>| {
            let Some(target) = d.event_handler_target(id(i, g), &kind)? else {
                return Ok(());
            };
            d.set_event_handler(
                target,
                &kind,
                key.map(|k| Callback {
                    engine: ENGINE_JS,
                    key: k as u64,
                }),
            )
        }
    );
    // Keys of JS listener functions no registration uses any more.
    f!("takeReleased", |d, ctx| Ok(d
        .take_released_callbacks(ENGINE_JS)
        .into_iter()
        .map(|k| k as f64)
        .collect::<Vec<f64>>()));
    f!("removeListener", |d,
                          ctx,
                          i: f64,
                          g: f64,
                          kind: DomArg,
                          key: f64,
                          capture: bool| {
        d.remove_event_listener(
            id(i, g),
            &kind,
            Callback {
                engine: ENGINE_JS,
                key: key as u64,
            },
            capture,
        )
    });
    {
        let (dispatches, next_dispatch) = (dispatches.clone(), next_dispatch.clone());
        f!("dispatchBegin", |d, ctx, i: f64, g: f64, e: f64| {
            let dispatch = d.dispatch_begin(id(i, g), EventId::from_bits(e as u64))?;
            let k = next_dispatch.get().wrapping_add(1);
            next_dispatch.set(k);
            dispatches.borrow_mut().insert(k, dispatch);
            Ok(f64::from(k))
        });
    }
    {
        let dispatches = dispatches.clone();
        // The next listener as [engine, key, currentTarget index], or null when done.
        f!("dispatchNext", |d, ctx, k: f64| {
            let mut all = dispatches.borrow_mut();
            let Some(dispatch) = all.get_mut(&(k as u32)) else {
                return Ok(None);
            };
            Ok(d.dispatch_next(dispatch).map(|inv| {
                vec![
                    f64::from(inv.callback.engine),
                    inv.callback.key as f64,
                    f64::from(inv.current_target.index()),
                    f64::from(u8::from(inv.handler)),
                    f64::from(u8::from(inv.in_shadow_tree)),
                ]
            }))
        });
    }
    {
        // focus() and blur(): a focus change (by key, or null when nothing
        // changes), then its events one by one as [target index, event id].
        let changes: Rc<RefCell<FxHashMap<u32, dom_ecs::html::FocusChange>>> = Rc::default();
        let next = Rc::new(Cell::new(0u32));
        let (c, k) = (changes.clone(), next.clone());
        f!("focusBegin", |d, ctx, i: f64, g: f64, blur: bool| {
            let change = if blur {
                d.blur_begin(id(i, g))?
            } else {
                d.focus_begin(id(i, g))?
            };
            Ok(change.map(|change| {
                let key = k.get().wrapping_add(1);
                k.set(key);
                c.borrow_mut().insert(key, change);
                f64::from(key)
            }))
        });
        f!("focusNext", |d, ctx, key: f64| {
            let mut all = changes.borrow_mut();
            let Some(change) = all.get_mut(&(key as u32)) else {
                return Ok(None);
            };
            match d.focus_next(change) {
                Some((target, event)) => Ok(Some(vec![
                    f64::from(target.index()),
                    event.to_bits() as f64,
                ])),
                None => {
                    all.remove(&(key as u32));
                    Ok(None)
                }
            }
        });
    }
    {
        let dispatches = dispatches.clone();
        // After the listeners: the next event the activation fires, as
        // [target index, event id], or null when the dispatch is over.
        f!("dispatchAfter", |d, ctx, k: f64| {
            let mut all = dispatches.borrow_mut();
            let Some(dispatch) = all.get_mut(&(k as u32)) else {
                return Ok(None);
            };
            match d.dispatch_after(dispatch) {
                Some((target, event)) => Ok(Some(vec![
                    f64::from(target.index()),
                    event.to_bits() as f64,
                ])),
                None => {
                    all.remove(&(k as u32));
                    Ok(None)
                }
            }
        });
    }

    n.set(
        "hostCheckpoint",
        Function::new(ctx.clone(), move || {
            // (The hook is taken out while it runs: a checkpoint inside a
            // checkpoint's listener is none.)
            let hook = checkpoint.borrow_mut().take();
            if let Some(f) = &hook {
                f();
            }
            if let Some(f) = hook {
                checkpoint.borrow_mut().get_or_insert(f);
            }
        })?,
    )?;
    {
        let foreign = foreign.clone();
        let a = access.clone();
        n.set(
            "callForeign",
            Function::new(
                ctx.clone(),
                move |engine: u8, key: f64, e: f64, target: f64, handler: f64, shadow: f64| {
                    let Some(current_target) =
                        with_doc(&*a, |d| d.event_target_at_index(target as u32))
                    else {
                        return;
                    };
                    if let Some(f) = foreign.borrow().as_ref() {
                        f(dom_ecs::Invocation {
                            callback: Callback {
                                engine,
                                key: key as u64,
                            },
                            event: EventId::from_bits(e as u64),
                            current_target,
                            handler: handler != 0.0,
                            in_shadow_tree: shadow != 0.0,
                        });
                    }
                },
            )?,
        )?;
    }

    {
        let t = timers.clone();
        n.set(
            "setTimer",
            Function::new(ctx.clone(), move |delay: f64, repeating: bool| {
                t.borrow()
                    .as_ref()
                    .map_or(-1.0, |h| h.add(delay, repeating) as f64)
            })?,
        )?;
        let t = timers.clone();
        n.set(
            "setFrameTimer",
            Function::new(ctx.clone(), move || {
                t.borrow().as_ref().map_or(-1.0, |h| h.add_frame() as f64)
            })?,
        )?;
        let t = timers.clone();
        n.set(
            "clearTimer",
            Function::new(ctx.clone(), move |id: f64| {
                if let Some(h) = t.borrow().as_ref() {
                    h.clear(id as u64);
                }
            })?,
        )?;
        let d = setup.deadline.clone();
        n.set(
            "outOfTime",
            Function::new(ctx.clone(), move || {
                d.get().is_some_and(|t| std::time::Instant::now() > t)
            })?,
        )?;
        let t = timers;
        n.set(
            "now",
            Function::new(ctx.clone(), move || {
                t.borrow().as_ref().map_or(0.0, |h| h.now_ms())
            })?,
        )?;
    }

    ctx.globals().set("__ecsdom_native", n.clone())?;
    Ok(n)
}

/// The engine tag of JS listeners in [`Callback`]s.
pub const ENGINE_JS: u8 = 0;
