//! DOM events without an engine: listener lists and the dispatch algorithm
//! (<https://dom.spec.whatwg.org/#concept-event-dispatch>), so JavaScript
//! and Python listeners on one node run in registration order and see one
//! shared event.
//!
//! A listener is registered with an opaque [`Callback`] (which engine, and
//! the engine's key for its function); the DOM never calls it. Dispatch is
//! a [`Dispatch`] stepper: each [`Document::dispatch_next`] call borrows the
//! document only long enough to pick the next listener to invoke and
//! returns it, so the host calls the listener with the document free (the
//! listener may change the tree, add or remove listeners, dispatch other
//! events). Event state (stop propagation, canceled...) lives in the
//! document by [`EventId`], shared by every engine's view of the event.

use bevy_ecs::prelude::*;
use rustc_hash::FxHashMap;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::NodeId;

mod abort;
mod activation;
mod clock;
mod cycles;
mod handlers;
mod path;

pub use activation::{Navigation, javascript_url_script};
pub use clock::{Clock, process_now_ms};
pub use cycles::ListenerTree;

pub use handlers::{ENGINE_SOURCE, RawHandler};
pub(crate) use path::composed_path;

/// Who a listener's function belongs to: an engine tag chosen by the host
/// (e.g. 0 for JS, 1 for Python) and the engine's key for the function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Callback {
    /// Which engine holds the function.
    pub engine: u8,
    /// The engine's key for it.
    pub key: u64,
}

/// `addEventListener` options (<https://dom.spec.whatwg.org/#dictdef-addeventlisteneroptions>).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListenerOptions {
    /// Call it in the capture phase (and at the target).
    pub capture: bool,
    /// Remove it after its first call.
    pub once: bool,
    /// `preventDefault()` inside it has no effect; `None` (not given):
    /// the default passive value (true for touch and wheel listeners on
    /// the window, the document, its root element and its body).
    pub passive: Option<bool>,
}

/// A registered listener's flags (its passive flag decided).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Options {
    capture: bool,
    once: bool,
    passive: bool,
}

#[derive(Clone, Debug)]
struct Listener {
    serial: u64,
    kind: String,
    callback: Callback,
    options: Options,
    /// The listener of an [event handler](https://html.spec.whatwg.org/#event-handlers)
    /// (`onclick`...): its callback is the handler's current value, and
    /// `addEventListener`/`removeEventListener` never match it.
    handler: bool,
}

/// An event's identity while it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventId(u64);

impl EventId {
    /// The number behind the ID (for hosts that pass it across a boundary).
    pub fn to_bits(self) -> u64 {
        self.0
    }

    /// The ID from [`EventId::to_bits`].
    pub fn from_bits(bits: u64) -> Self {
        EventId(bits)
    }
}

/// The event phases (<https://dom.spec.whatwg.org/#dom-event-eventphase>).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// Not being dispatched.
    #[default]
    None = 0,
    /// Going down from the root to the target's parent.
    Capturing = 1,
    /// At the target.
    AtTarget = 2,
    /// Going up from the target's parent to the root.
    Bubbling = 3,
}

/// The event interfaces `createEvent` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventInterface {
    /// `Event`
    Event,
    /// `CustomEvent`
    CustomEvent,
    /// A data event interface of the bindings' table (UI Events:
    /// `UIEvent`, `MouseEvent`...), by name.
    Data(&'static str),
}

/// An init member's value of an event the DOM or the host made.
#[derive(Clone, Debug, PartialEq)]
pub enum EventValue {
    /// A string (`DOMString`, `USVString`).
    Text(String),
    /// A node (`HTMLElement?`...).
    Node(NodeId),
    /// The `Storage` object of kind `kind` of window `window`
    /// (`StorageEvent.storageArea`): each engine's own object.
    Storage {
        /// The window whose object it is.
        window: NodeId,
        /// `localStorage` or `sessionStorage`.
        kind: crate::storage::StorageKind,
    },
    /// A serialized value (`PopStateEvent.state`): each engine
    /// deserializes it into its own.
    Cloned(std::sync::Arc<crate::structured::Serialized>),
    /// A number (`double`: `TransitionEvent.elapsedTime`).
    Number(f64),
}

/// The shared state of one event (<https://dom.spec.whatwg.org/#interface-event>).
#[derive(Clone, Debug, Default)]
pub struct EventState {
    /// `type`
    pub kind: String,
    /// `bubbles`
    pub bubbles: bool,
    /// `cancelable`
    pub cancelable: bool,
    /// `composed` (from the init dictionary): whether the event's path
    /// goes on from a shadow root to its host.
    pub composed: bool,
    /// `isTrusted`: dispatched by the host (a click from `el.click()`, load...).
    pub trusted: bool,
    /// `target`
    pub target: Option<NodeId>,
    /// `currentTarget` (None when dispatch is over; `Some(None)`-like
    /// states for the window are the host's).
    pub current_target: Option<NodeId>,
    /// `eventPhase`
    pub phase: Phase,
    /// The stop propagation flag.
    pub stop_propagation: bool,
    /// The stop immediate propagation flag.
    pub stop_immediate: bool,
    /// The canceled flag (`defaultPrevented`).
    pub canceled: bool,
    /// The in-passive-listener flag.
    pub in_passive_listener: bool,
    /// The dispatch flag.
    pub dispatching: bool,
    /// `timeStamp`: when the event was made, in milliseconds since its
    /// document's time origin (`clock.rs`).
    pub time_stamp: f64,
    /// The initialized flag, cleared: `createEvent` made the event and no
    /// `initEvent` ran yet (dispatching it is an `InvalidStateError`).
    pub uninitialized: bool,
    /// The event's path while it is dispatched, target first (empty
    /// otherwise): what `composedPath()` reads.
    pub(crate) path: Vec<path::PathEntry>,
    /// The event's `relatedTarget` when it is a node, as the engine that
    /// made it says ([`Document::set_event_related_target`]; a DOM-made
    /// event's is its `relatedTarget` init member): dispatch retargets it.
    pub related_target: Option<NodeId>,
    /// What `relatedTarget` answers once dispatch has begun: the current
    /// struct's retargeted value (`Some(None)`: null); `None` before, when
    /// the engine's own value stands.
    pub related_now: Option<Option<NodeId>>,
    /// The event's interface when it is a UI event (`MouseEvent`...), ""
    /// for `Event` and `CustomEvent` ([`EventState::set_interface`]).
    pub interface: &'static str,
    /// The init members of an event the DOM or the host made with data
    /// (a `SubmitEvent`'s `submitter`, a `HashChangeEvent`'s URLs), for
    /// the engine that wraps it.
    pub init: Vec<(&'static str, EventValue)>,
    /// A `CustomEvent`'s `detail` serialized (HTML's structured
    /// serialization: `NaN`, `Infinity`, nested lists and maps cross), so
    /// another engine can read it (None when there is none or it does not
    /// serialize).
    pub detail: Option<std::sync::Arc<crate::structured::Serialized>>,
    /// A `CustomEvent`'s `detail` that did not serialize (a function, a
    /// platform object): the engines whose listeners can read it (the
    /// dispatching engine's) and why the others cannot. Dispatching such
    /// an event where a listener of another engine would hear it is a
    /// `DataCloneError` ([`Document::dispatch_begin`]).
    pub detail_only: Option<(Vec<u8>, String)>,
    /// How many engine objects refer to the event ([`Document::retain_event`]).
    pub(crate) refs: u32,
}

/// Marks an event target that is no node and not the window: one made by
/// `new EventTarget()` (<https://dom.spec.whatwg.org/#dom-eventtarget-eventtarget>).
/// Its event path is itself alone.
#[derive(Component, Debug, Default)]
pub(crate) struct PlainEventTarget;

/// The listener registry and live events of a document.
#[derive(Default)]
pub(crate) struct Events {
    listeners: FxHashMap<Entity, Vec<Listener>>,
    next_serial: u64,
    events: FxHashMap<u64, EventState>,
    next_event: u64,
    /// How many listener registrations use each callback.
    callback_refs: FxHashMap<Callback, u32>,
    /// Callbacks no registration uses any more, for their engine to let go
    /// of the function ([`Document::take_released_callbacks`]).
    released: Vec<Callback>,
    /// The internal raw uncompiled handlers by key
    /// ([`handlers::ENGINE_SOURCE`] callbacks).
    raw_handlers: FxHashMap<u64, handlers::RawHandler>,
    next_raw: u64,
    /// The page's clock ([`Document::set_clock`]).
    clock: Option<Clock>,
}

impl Events {
    pub(crate) fn forget_node(&mut self, e: Entity) {
        if let Some(list) = self.listeners.remove(&e) {
            for l in list {
                self.unref(l.callback);
            }
        }
    }

    fn unref(&mut self, c: Callback) {
        if let Some(n) = self.callback_refs.get_mut(&c) {
            *n -= 1;
            if *n == 0 {
                self.callback_refs.remove(&c);
                if c.engine == handlers::ENGINE_SOURCE {
                    self.raw_handlers.remove(&c.key);
                } else {
                    self.released.push(c);
                }
            }
        }
    }
}

/// A listener the host must call now, with the event's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invocation {
    /// The function to call.
    pub callback: Callback,
    /// The event it receives.
    pub event: EventId,
    /// `currentTarget` during the call.
    pub current_target: NodeId,
    /// Whether the callback is an event handler's value: its return value
    /// is processed (`false` cancels the event).
    pub handler: bool,
    /// invocation-target-in-shadow-tree: the current target is in a shadow
    /// tree (`window.event` is then left undefined).
    pub in_shadow_tree: bool,
}

/// An event being dispatched: where dispatch has got to.
#[derive(Clone, Debug)]
pub struct Dispatch {
    event: EventId,
    /// Position in the walk over the event's path (`EventState::path`):
    /// capture over it reversed, then bubble.
    step: usize,
    /// Listeners of the current node, snapshot when dispatch reached it.
    pending: Vec<Listener>,
    pending_at: usize,
    /// The node being visited, the phase `eventPhase` reports, whether
    /// this is a capture pass (capture listeners) or not (the others),
    /// and whether the node is in a shadow tree.
    current: Option<(NodeId, Phase, bool, bool)>,
    /// The activation target and what its pre-activation changed.
    activation: Option<activation::Activation>,
    /// The events the activation fires once the listeners have run.
    after: activation::AfterDispatch,
    /// The event's own type while the current node's listeners of its
    /// legacy type are called (`webkitAnimationEnd` for a trusted
    /// `animationend` no listener of the node is for).
    legacy: Option<String>,
}

impl Dispatch {
    /// The event being dispatched.
    pub fn event(&self) -> EventId {
        self.event
    }
}

impl Document {
    /// `Ok` for a live node or the window.
    fn event_target(&self, target: NodeId) -> DomResult<()> {
        if !self.is_window(target) && !self.is_plain_event_target(target) {
            self.live(target)?;
        }
        Ok(())
    }

    /// Whether `id` is a live event target of this document's world: a
    /// node, a window, or an event target that is neither.
    pub fn is_event_target(&self, id: NodeId) -> bool {
        self.world.get_entity(id.0).is_ok() && self.event_target(id).is_ok()
    }

    fn is_plain_event_target(&self, target: NodeId) -> bool {
        self.world.get::<PlainEventTarget>(target.0).is_some()
    }

    /// `new EventTarget()`: an event target that is no node, with a
    /// listener list of its own; its event path is itself alone.
    /// [`Document::release_event_target`] lets it go.
    pub fn create_event_target(&mut self) -> NodeId {
        NodeId(self.world.spawn(PlainEventTarget).id())
    }

    /// Let go of a target made by [`Document::create_event_target`] (its
    /// engine object was collected): its listeners are released and its
    /// ID goes stale. Anything else is left alone.
    pub fn release_event_target(&mut self, target: NodeId) {
        if self.is_plain_event_target(target) {
            self.events.forget_node(target.0);
            self.world.despawn(target.0);
        }
    }

    /// `addEventListener(type, callback, options)`; false when an equal
    /// listener (same type, callback and capture) is already there.
    pub fn add_event_listener(
        &mut self,
        node: NodeId,
        kind: &str,
        callback: Callback,
        options: ListenerOptions,
    ) -> DomResult<bool> {
        self.event_target(node)?;
        let options = Options {
            capture: options.capture,
            once: options.once,
            passive: options
                .passive
                .unwrap_or_else(|| self.default_passive(node, kind)),
        };
        let list = self.events.listeners.entry(node.0).or_default();
        if list.iter().any(|l| {
            !l.handler
                && l.kind == kind
                && l.callback == callback
                && l.options.capture == options.capture
        }) {
            return Ok(false);
        }
        self.events.next_serial += 1;
        list.push(Listener {
            serial: self.events.next_serial,
            kind: kind.to_owned(),
            callback,
            options,
            handler: false,
        });
        *self.events.callback_refs.entry(callback).or_default() += 1;
        Ok(true)
    }

    /// The [default passive value](https://dom.spec.whatwg.org/#default-passive-value):
    /// true for `touchstart`, `touchmove`, `wheel` and `mousewheel` at a
    /// window, a document, its document element or its body.
    pub(super) fn default_passive(&self, target: NodeId, kind: &str) -> bool {
        if !matches!(kind, "touchstart" | "touchmove" | "wheel" | "mousewheel") {
            return false;
        }
        if self.is_window(target) {
            return true;
        }
        let Some(n) = self.world.get::<crate::node::Node>(target.0) else {
            return false;
        };
        if n.kind == crate::node::NodeKind::Document {
            return true;
        }
        let doc = NodeId(self.node_document(target.0));
        self.document_element_of(doc).ok().flatten() == Some(target)
            || self.body_of(doc).ok().flatten() == Some(target)
    }

    /// `removeEventListener(type, callback, {capture})`; returns whether one was removed.
    pub fn remove_event_listener(
        &mut self,
        node: NodeId,
        kind: &str,
        callback: Callback,
        capture: bool,
    ) -> DomResult<bool> {
        self.event_target(node)?;
        let Some(list) = self.events.listeners.get_mut(&node.0) else {
            return Ok(false);
        };
        let before = list.len();
        list.retain(|l| {
            l.handler || !(l.kind == kind && l.callback == callback && l.options.capture == capture)
        });
        let removed = list.len() != before;
        if removed {
            self.events.unref(callback);
        }
        Ok(removed)
    }

    /// The keys of `engine`'s callbacks that no listener registration uses
    /// any more (removed, `once` and called, or on a reclaimed node): the
    /// engine may drop those functions. Each is reported once.
    pub fn take_released_callbacks(&mut self, engine: u8) -> Vec<u64> {
        let mut out = Vec::new();
        self.events.released.retain(|c| {
            if c.engine == engine {
                out.push(c.key);
                false
            } else {
                true
            }
        });
        out
    }

    /// How many listeners `node` has (for tests and tools).
    pub fn listener_count(&self, node: NodeId) -> usize {
        self.events.listeners.get(&node.0).map_or(0, Vec::len)
    }

    /// Make an event (`new Event(type, init)`), not yet dispatched, with
    /// one reference (the caller's: see [`Document::release_event`]).
    pub fn create_event(&mut self, kind: &str, bubbles: bool, cancelable: bool) -> EventId {
        self.create_event_composed(kind, bubbles, cancelable, false)
    }

    /// [`Document::create_event`] with the `composed` flag of the
    /// constructor's `EventInit`.
    pub fn create_event_composed(
        &mut self,
        kind: &str,
        bubbles: bool,
        cancelable: bool,
        composed: bool,
    ) -> EventId {
        self.events.next_event += 1;
        let id = self.events.next_event;
        self.events.events.insert(
            id,
            EventState {
                refs: 1,
                time_stamp: self.now_ms(),
                ..EventState::new(kind, bubbles, cancelable, composed)
            },
        );
        EventId(id)
    }

    /// Make an event of `state` (an event a bridge held before its first
    /// dispatch, with what was done to it since), with one reference.
    pub fn adopt_event(&mut self, state: EventState) -> EventId {
        self.events.next_event += 1;
        let id = self.events.next_event;
        self.events
            .events
            .insert(id, EventState { refs: 1, ..state });
        EventId(id)
    }

    /// Another engine object now refers to the event.
    pub fn retain_event(&mut self, id: EventId) -> DomResult<()> {
        self.event_mut(id)?.refs += 1;
        Ok(())
    }

    /// An engine object let go of the event; the state goes with the last one.
    pub fn release_event(&mut self, id: EventId) {
        if let Some(e) = self.events.events.get_mut(&id.0) {
            e.refs = e.refs.saturating_sub(1);
            if e.refs == 0 {
                self.events.events.remove(&id.0);
            }
        }
    }

    /// An event's shared state.
    pub fn event(&self, id: EventId) -> DomResult<&EventState> {
        self.events
            .events
            .get(&id.0)
            .ok_or_else(|| DomError::InvalidState("the event no longer exists".into()))
    }

    /// An event's shared state, to change (stopPropagation, preventDefault...).
    pub fn event_mut(&mut self, id: EventId) -> DomResult<&mut EventState> {
        self.events
            .events
            .get_mut(&id.0)
            .ok_or_else(|| DomError::InvalidState("the event no longer exists".into()))
    }

    /// `initEvent(type, bubbles, cancelable)`
    /// (<https://dom.spec.whatwg.org/#dom-event-initevent>): no effect while
    /// the event is being dispatched; otherwise it starts over as new.
    pub fn init_event(
        &mut self,
        id: EventId,
        kind: &str,
        bubbles: bool,
        cancelable: bool,
    ) -> DomResult<()> {
        self.event_mut(id)?.init_event(kind, bubbles, cancelable);
        Ok(())
    }

    /// `preventDefault()`: sets the canceled flag if the event is cancelable
    /// and the current listener is not passive.
    pub fn prevent_default(&mut self, id: EventId) -> DomResult<()> {
        self.event_mut(id)?.prevent_default();
        Ok(())
    }

    /// `createEvent(interface)`'s lookup of the interface name
    /// (<https://dom.spec.whatwg.org/#dom-document-createevent>, ASCII
    /// case-insensitive), for the event interfaces ecsdom has.
    ///
    /// # Errors
    /// `NotSupportedError` for any other name.
    pub fn event_interface(name: &str) -> DomResult<EventInterface> {
        match name.to_ascii_lowercase().as_str() {
            "beforeunloadevent" => Ok(EventInterface::Data("BeforeUnloadEvent")),
            "event" | "events" | "htmlevents" | "svgevents" => Ok(EventInterface::Event),
            "customevent" => Ok(EventInterface::CustomEvent),
            "uievent" | "uievents" => Ok(EventInterface::Data("UIEvent")),
            "mouseevent" | "mouseevents" => Ok(EventInterface::Data("MouseEvent")),
            "keyboardevent" => Ok(EventInterface::Data("KeyboardEvent")),
            "focusevent" => Ok(EventInterface::Data("FocusEvent")),
            "compositionevent" => Ok(EventInterface::Data("CompositionEvent")),
            "devicemotionevent" => Ok(EventInterface::Data("DeviceMotionEvent")),
            "deviceorientationevent" => Ok(EventInterface::Data("DeviceOrientationEvent")),
            "textevent" => Ok(EventInterface::Data("TextEvent")),
            // (ecsdom exposes the legacy touch event APIs.)
            "touchevent" => Ok(EventInterface::Data("TouchEvent")),
            "hashchangeevent" => Ok(EventInterface::Data("HashChangeEvent")),
            "dragevent" => Ok(EventInterface::Data("DragEvent")),
            "messageevent" => Ok(EventInterface::Data("MessageEvent")),
            "storageevent" => Ok(EventInterface::Data("StorageEvent")),
            _ => Err(DomError::NotSupported(format!(
                "the provided event type ('{name}') is invalid"
            ))),
        }
    }

    /// `stopPropagation()` (<https://dom.spec.whatwg.org/#dom-event-stoppropagation>).
    ///
    /// # Errors
    /// `NotFound` for an event that is gone.
    pub fn stop_propagation(&mut self, id: EventId) -> DomResult<()> {
        self.event_mut(id)?.stop_propagation();
        Ok(())
    }

    /// `stopImmediatePropagation()`
    /// (<https://dom.spec.whatwg.org/#dom-event-stopimmediatepropagation>).
    ///
    /// # Errors
    /// `NotFound` for an event that is gone.
    pub fn stop_immediate_propagation(&mut self, id: EventId) -> DomResult<()> {
        self.event_mut(id)?.stop_immediate_propagation();
        Ok(())
    }

    /// The legacy `cancelBubble` setter: true stops propagation, false
    /// does nothing (<https://dom.spec.whatwg.org/#dom-event-cancelbubble>).
    ///
    /// # Errors
    /// `NotFound` for an event that is gone.
    pub fn set_cancel_bubble(&mut self, id: EventId, value: bool) -> DomResult<()> {
        self.event_mut(id)?.set_cancel_bubble(value);
        Ok(())
    }

    /// The legacy `returnValue` setter: false cancels the event as
    /// `preventDefault()` does, true does nothing
    /// (<https://dom.spec.whatwg.org/#dom-event-returnvalue>).
    ///
    /// # Errors
    /// Set the `relatedTarget` of `event` as its engine holds it (a node,
    /// or none): dispatch retargets it, and `relatedTarget` then answers
    /// [`EventState::related_now`].
    ///
    /// # Errors
    /// `NotFound` for an event that is gone.
    pub fn set_event_related_target(
        &mut self,
        event: EventId,
        related: Option<NodeId>,
    ) -> DomResult<()> {
        self.event_mut(event)?.related_target = related;
        Ok(())
    }

    /// `NotFound` for an event that is gone.
    pub fn set_return_value(&mut self, id: EventId, value: bool) -> DomResult<()> {
        self.event_mut(id)?.set_return_value(value);
        Ok(())
    }

    /// `composedPath()` (<https://dom.spec.whatwg.org/#dom-event-composedpath>):
    /// the event's path while it is dispatched, target first and the window
    /// last, without the nodes of closed shadow trees the current target is
    /// outside of; else empty.
    ///
    /// # Errors
    /// `StaleNode` for an unknown event.
    pub fn composed_path(&self, event: EventId) -> DomResult<Vec<NodeId>> {
        Ok(self.event(event)?.composed_path())
    }

    /// Start dispatching `event` at `target` (a node or the window): the
    /// path is fixed now (target, then each parent, up to the root;
    /// template contents go on to their template; from the document on to
    /// the window, except for `load`).
    ///
    /// # Errors
    /// `InvalidStateError` if the event is already being dispatched.
    pub fn dispatch_begin(&mut self, target: NodeId, event: EventId) -> DomResult<Dispatch> {
        self.event_target(target)?;
        let state = self.event_mut(event)?;
        if state.dispatching {
            return Err(DomError::InvalidState(
                "the event is already being dispatched".into(),
            ));
        }
        if state.uninitialized {
            return Err(DomError::InvalidState(
                "the event was made by createEvent and not initialized (initEvent)".into(),
            ));
        }
        state.dispatching = true;
        state.target = Some(target);
        state.related_now = None;
        // The stop flags are not cleared here: an event stopped before it
        // is dispatched reaches no listener (they are cleared when
        // dispatch ends).
        let related = state.related_target.or_else(|| {
            state.init.iter().find_map(|(k, v)| match (k, v) {
                (&"relatedTarget", EventValue::Node(n)) => Some(*n),
                _ => None,
            })
        });
        let (composed, kind) = (state.composed, std::mem::take(&mut state.kind));
        let path = self.event_path(target, composed, &kind, related);
        let state = self.event_mut(event)?;
        state.kind = kind;
        if let Some(why) = self.detail_cannot_reach(event, &path) {
            let state = self.event_mut(event)?;
            state.dispatching = false;
            state.target = None;
            return Err(DomError::DataClone(why));
        }
        let state = self.event_mut(event)?;
        let is_click = state.kind == "click" && activation::is_mouse_interface(state.interface);
        let bubbles = state.bubbles;
        let items: Vec<NodeId> = path.iter().map(|e| e.item).collect();
        let activation = self.begin_activation(&items, is_click, bubbles);
        self.event_mut(event)?.path = path;
        Ok(Dispatch {
            event,
            step: 0,
            pending: Vec::new(),
            pending_at: 0,
            current: None,
            activation,
            after: activation::AfterDispatch::default(),
            legacy: None,
        })
    }

    /// Why the detail of `event` cannot reach a listener on `path` (one of
    /// an engine that cannot read it, for the event's type), if so.
    fn detail_cannot_reach(&self, event: EventId, path: &[path::PathEntry]) -> Option<String> {
        let state = self.events.events.get(&event.0)?;
        let (readers, why) = state.detail_only.as_ref()?;
        let foreign = path.iter().any(|entry| {
            self.events
                .listeners
                .get(&entry.item.0)
                .is_some_and(|list| {
                    list.iter()
                        .any(|l| l.kind == state.kind && !readers.contains(&l.callback.engine))
                })
        });
        foreign.then(|| {
            format!("the event's detail can not reach a listener in another language: {why}")
        })
    }

    /// The next listener to call, or None when dispatch is over (the
    /// event's phase and current target are reset then). The caller calls
    /// the listener with the document free, then asks again.
    pub fn dispatch_next(&mut self, d: &mut Dispatch) -> Option<Invocation> {
        loop {
            let state = self.events.events.get(&d.event.0)?;
            if let Some((node, phase, capture_pass, in_shadow_tree)) = d.current
                && !state.stop_immediate
            {
                while d.pending_at < d.pending.len() {
                    let l = d.pending[d.pending_at].clone();
                    d.pending_at += 1;
                    if l.options.capture != capture_pass {
                        continue;
                    }
                    // Removed since the snapshot was taken: skipped.
                    let Some(list) = self.events.listeners.get_mut(&node.0) else {
                        continue;
                    };
                    let Some(pos) = list.iter().position(|x| x.serial == l.serial) else {
                        continue;
                    };
                    // (A handler runs its value at the time of the call.)
                    let callback = list[pos].callback;
                    if l.options.once {
                        list.remove(pos);
                        self.events.unref(l.callback);
                    }
                    let state = self.events.events.get_mut(&d.event.0)?;
                    state.in_passive_listener = l.options.passive;
                    state.current_target = Some(node);
                    state.phase = phase;
                    return Some(Invocation {
                        callback,
                        event: d.event,
                        current_target: node,
                        handler: l.handler,
                        in_shadow_tree,
                    });
                }
            }
            let state = self.events.events.get_mut(&d.event.0)?;
            state.in_passive_listener = false;
            if let Some(kind) = d.legacy.take() {
                state.kind = kind;
            }
            // The walk: capture from the root down to the target, then
            // bubble from the target up (the target is visited twice: its
            // capture listeners on the way down, the others on the way up).
            // A struct with a shadow-adjusted target is at its target in
            // both passes; the others are visited while capturing, and
            // while bubbling only if the event bubbles.
            let n = state.path.len();
            let mut next = None;
            while !(state.stop_propagation || state.stop_immediate) && d.step < 2 * n {
                let (i, capture) = if d.step < n {
                    (n - 1 - d.step, true)
                } else {
                    (d.step - n, false)
                };
                d.step += 1;
                let e = state.path[i];
                let phase = match (e.target.is_some(), capture) {
                    (true, _) => Phase::AtTarget,
                    (false, true) => Phase::Capturing,
                    (false, false) if state.bubbles => Phase::Bubbling,
                    (false, false) => continue,
                };
                state.target = Some(e.effective);
                if state.related_target.is_some() || e.related.is_some() {
                    state.related_now = Some(e.related);
                }
                next = Some((e.item, phase, capture, e.in_shadow_tree));
                break;
            }
            // A form stops a `submit` or `reset` of another form bubbling
            // through it, unheard (as browsers do: a nested form's
            // submission is not its ancestor form's).
            let next = match next {
                Some((node, Phase::Bubbling, _, _))
                    if matches!(state.kind.as_str(), "submit" | "reset")
                        && self.html_local(node) == Some("form") =>
                {
                    let state = self.events.events.get_mut(&d.event.0)?;
                    state.stop_propagation = true;
                    None
                }
                other => other,
            };
            let Some((node, phase, capture_pass, in_shadow_tree)) = next else {
                // The target and relatedTarget are the last struct's
                // (clearTargets: none if either is in a shadow tree).
                let path = std::mem::take(&mut self.events.events.get_mut(&d.event.0)?.path);
                let clear = path
                    .iter()
                    .rev()
                    .find(|e| e.target.is_some())
                    .is_some_and(|e| {
                        e.in_shadow_tree
                            || e.related.is_some_and(|r| {
                                self.world.get::<crate::node::Node>(r.0).is_some()
                                    && self.in_shadow_tree(r.0)
                            })
                    });
                let state = self.events.events.get_mut(&d.event.0)?;
                state.phase = Phase::None;
                state.current_target = None;
                state.dispatching = false;
                if let Some(last) = path.last() {
                    state.target = (!clear).then_some(last.effective);
                    if state.related_now.is_some() {
                        state.related_now = Some(if clear { None } else { last.related });
                    }
                } else {
                    // Not dispatched (its relatedTarget retargets to the
                    // target): the event never had a target.
                    state.target = None;
                }
                state.stop_propagation = false;
                state.stop_immediate = false;
                let canceled = state.canceled;
                d.current = None;
                if let Some(a) = d.activation.take() {
                    self.end_activation(&a, canceled, &mut d.after);
                }
                return None;
            };
            let state = self.events.events.get(&d.event.0)?;
            let of_kind = |kind: &str| -> Vec<Listener> {
                self.events
                    .listeners
                    .get(&node.0)
                    .map(|l| l.iter().filter(|x| x.kind == kind).cloned().collect())
                    .unwrap_or_default()
            };
            d.pending = of_kind(&state.kind);
            // Inner invoke found no listener of the type: a trusted event
            // of a type with a legacy one is heard by that type's
            // listeners, its type that one meanwhile (DOM "invoke" step 8).
            if d.pending.is_empty()
                && state.trusted
                && let Some(legacy) = legacy_type(&state.kind)
            {
                let pending = of_kind(legacy);
                if !pending.is_empty() {
                    d.pending = pending;
                    let state = self.events.events.get_mut(&d.event.0)?;
                    d.legacy = Some(std::mem::replace(&mut state.kind, legacy.to_owned()));
                }
            }
            d.pending_at = 0;
            d.current = Some((node, phase, capture_pass, in_shadow_tree));
        }
    }
}

/// The legacy type of an event type, if it has one
/// (<https://dom.spec.whatwg.org/#concept-event-listener-invoke> step 8).
fn legacy_type(kind: &str) -> Option<&'static str> {
    match kind {
        "animationend" => Some("webkitAnimationEnd"),
        "animationiteration" => Some("webkitAnimationIteration"),
        "animationstart" => Some("webkitAnimationStart"),
        "transitionend" => Some("webkitTransitionEnd"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const JS: u8 = 0;
    const PY: u8 = 1;

    pub(super) fn cb(engine: u8, key: u64) -> Callback {
        Callback { engine, key }
    }

    /// Dispatch, recording (key, current target, phase) per call; `act` runs
    /// as the listener body with the document free.
    pub(super) fn run(
        doc: &mut Document,
        target: NodeId,
        event: EventId,
        mut act: impl FnMut(&mut Document, Invocation),
    ) -> Vec<(u64, NodeId, Phase)> {
        let mut d = doc.dispatch_begin(target, event).unwrap();
        let mut calls = Vec::new();
        while let Some(inv) = doc.dispatch_next(&mut d) {
            calls.push((
                inv.callback.key,
                inv.current_target,
                doc.event(event).unwrap().phase,
            ));
            act(doc, inv);
        }
        calls
    }

    #[test]
    fn callbacks_are_released_when_no_registration_uses_them() {
        let mut doc = Document::parse("<p id=a></p><p id=b></p>");
        let (a, b) = (
            doc.get_element_by_id("a").unwrap(),
            doc.get_element_by_id("b").unwrap(),
        );
        let o = ListenerOptions::default();
        let once = ListenerOptions { once: true, ..o };
        doc.add_event_listener(a, "x", cb(JS, 1), o).unwrap();
        doc.add_event_listener(b, "x", cb(JS, 1), o).unwrap();
        doc.add_event_listener(a, "x", cb(PY, 2), once).unwrap();
        doc.remove_event_listener(a, "x", cb(JS, 1), false).unwrap();
        assert!(doc.take_released_callbacks(JS).is_empty(), "still on b");
        doc.remove_event_listener(b, "x", cb(JS, 1), false).unwrap();
        assert_eq!(doc.take_released_callbacks(JS), vec![1]);
        let ev = doc.create_event("x", false, false);
        run(&mut doc, a, ev, |_, _| {});
        assert_eq!(
            doc.take_released_callbacks(PY),
            vec![2],
            "once: released after its call"
        );
        assert!(doc.take_released_callbacks(PY).is_empty(), "reported once");
    }

    #[test]
    fn a_trusted_event_with_no_listener_of_its_type_reaches_its_legacy_type() {
        let mut doc = Document::parse("<div id=d><p id=p>x</p></div>");
        let (d, p) = (
            doc.get_element_by_id("d").unwrap(),
            doc.get_element_by_id("p").unwrap(),
        );
        let o = ListenerOptions::default();
        doc.add_event_listener(p, "webkitAnimationEnd", cb(JS, 1), o)
            .unwrap();
        doc.add_event_listener(d, "webkitAnimationEnd", cb(JS, 2), o)
            .unwrap();
        doc.add_event_listener(d, "animationend", cb(JS, 3), o)
            .unwrap();
        // Untrusted: the legacy listeners hear nothing.
        let ev = doc.create_event("animationend", true, false);
        let calls = run(&mut doc, p, ev, |_, _| {});
        assert_eq!(calls, vec![(3, d, Phase::Bubbling)]);
        // Trusted: at `p`, where no `animationend` listener is, the
        // `webkitAnimationEnd` one hears it as that type; at `d` only the
        // unprefixed one.
        let ev = doc.create_event("animationend", true, false);
        doc.event_mut(ev).unwrap().trusted = true;
        let mut kinds = Vec::new();
        let calls = run(&mut doc, p, ev, |doc, _| {
            kinds.push(doc.event(ev).unwrap().kind.clone());
        });
        assert_eq!(
            calls,
            vec![(1, p, Phase::AtTarget), (3, d, Phase::Bubbling)]
        );
        assert_eq!(kinds, ["webkitAnimationEnd", "animationend"]);
        assert_eq!(doc.event(ev).unwrap().kind, "animationend");
    }

    #[test]
    fn a_plain_event_target_is_its_own_path_and_goes_stale_when_released() {
        let mut doc = Document::parse("<p>x</p>");
        let t = doc.create_event_target();
        doc.add_event_listener(t, "go", cb(JS, 1), ListenerOptions::default())
            .unwrap();
        let ev = doc.create_event("go", true, false);
        let calls = run(&mut doc, t, ev, |_, _| {});
        assert_eq!(calls, vec![(1, t, Phase::AtTarget)]);
        assert!(doc.kind(t).is_err(), "no node");
        doc.release_event_target(t);
        assert_eq!(doc.take_released_callbacks(JS), vec![1]);
        let ev = doc.create_event("go", true, false);
        assert!(matches!(
            doc.dispatch_begin(t, ev),
            Err(DomError::StaleNode)
        ));
        // A node is not released by it.
        let p = doc.query_selector(doc.root(), "p").unwrap().unwrap();
        doc.release_event_target(p);
        assert!(doc.kind(p).is_ok());
        doc.check_invariants().unwrap();
    }

    #[test]
    fn the_composed_path_is_the_path_while_dispatching() {
        let mut doc = Document::parse("<div id=d><p id=p>x</p></div>");
        let (d, p) = (
            doc.get_element_by_id("d").unwrap(),
            doc.get_element_by_id("p").unwrap(),
        );
        let body = doc.body().unwrap();
        let html = doc.document_element().unwrap();
        let (root, window) = (doc.root(), doc.window());
        doc.add_event_listener(d, "go", cb(JS, 1), ListenerOptions::default())
            .unwrap();
        let ev = doc.create_event("go", true, false);
        assert!(
            doc.composed_path(ev).unwrap().is_empty(),
            "not yet dispatched"
        );
        let mut seen = Vec::new();
        run(&mut doc, p, ev, |doc, _| {
            seen = doc.composed_path(ev).unwrap()
        });
        assert_eq!(seen, vec![p, d, body, html, root, window]);
        assert!(
            doc.composed_path(ev).unwrap().is_empty(),
            "dispatch is over"
        );
    }

    #[test]
    fn the_window_ends_the_path_except_for_load() {
        let mut doc = Document::parse("<p id=p>x</p>");
        let p = doc.get_element_by_id("p").unwrap();
        let (root, window) = (doc.root(), doc.window());
        let o = ListenerOptions::default();
        let capture = ListenerOptions { capture: true, ..o };
        doc.add_event_listener(window, "go", cb(JS, 1), capture)
            .unwrap();
        doc.add_event_listener(window, "go", cb(PY, 2), o).unwrap();
        doc.add_event_listener(window, "load", cb(PY, 3), o)
            .unwrap();
        doc.add_event_listener(p, "load", cb(JS, 4), o).unwrap();
        let ev = doc.create_event("go", true, false);
        let calls = run(&mut doc, p, ev, |_, _| {});
        assert_eq!(
            calls,
            vec![(1, window, Phase::Capturing), (2, window, Phase::Bubbling)]
        );
        // `load` at an element does not reach the window; at the window it does.
        let ev = doc.create_event("load", false, false);
        assert_eq!(
            run(&mut doc, p, ev, |_, _| {}),
            vec![(4, p, Phase::AtTarget)]
        );
        let ev = doc.create_event("load", false, false);
        assert_eq!(
            run(&mut doc, window, ev, |_, _| {}),
            vec![(3, window, Phase::AtTarget)]
        );
        // The window is no node.
        assert!(doc.kind(window).is_err());
        assert!(doc.append_child(root, window).is_err());
        assert_eq!(
            Document::new().node_count(),
            1,
            "the document node, not the window"
        );
    }

    #[test]
    fn capture_target_and_bubble_phases_in_order() {
        let mut doc = Document::parse("<div id=outer><p id=inner>x</p></div>");
        let outer = doc.get_element_by_id("outer").unwrap();
        let inner = doc.get_element_by_id("inner").unwrap();
        let root = doc.root();
        let o = ListenerOptions::default();
        let capture = ListenerOptions { capture: true, ..o };
        doc.add_event_listener(outer, "click", cb(JS, 1), o)
            .unwrap();
        doc.add_event_listener(outer, "click", cb(PY, 2), capture)
            .unwrap();
        doc.add_event_listener(inner, "click", cb(PY, 3), o)
            .unwrap();
        doc.add_event_listener(inner, "click", cb(JS, 4), capture)
            .unwrap();
        doc.add_event_listener(root, "click", cb(JS, 5), capture)
            .unwrap();
        doc.add_event_listener(root, "click", cb(JS, 6), o).unwrap();
        doc.add_event_listener(inner, "other", cb(JS, 7), o)
            .unwrap();
        let ev = doc.create_event("click", true, true);
        let calls = run(&mut doc, inner, ev, |_, _| {});
        assert_eq!(
            calls,
            vec![
                (5, root, Phase::Capturing),
                (2, outer, Phase::Capturing),
                (4, inner, Phase::AtTarget),
                (3, inner, Phase::AtTarget),
                (1, outer, Phase::Bubbling),
                (6, root, Phase::Bubbling),
            ]
        );
        let state = doc.event(ev).unwrap();
        assert_eq!(
            (state.phase, state.current_target, state.dispatching),
            (Phase::None, None, false)
        );
        // Non-bubbling: capture and target only.
        let ev = doc.create_event("click", false, false);
        let keys: Vec<u64> = run(&mut doc, inner, ev, |_, _| {})
            .iter()
            .map(|c| c.0)
            .collect();
        assert_eq!(keys, vec![5, 2, 4, 3]);
    }

    #[test]
    fn stop_propagation_once_passive_and_removal_during_dispatch() {
        let mut doc = Document::parse("<div id=a><p id=b>x</p></div>");
        let (a, b) = (
            doc.get_element_by_id("a").unwrap(),
            doc.get_element_by_id("b").unwrap(),
        );
        let o = ListenerOptions::default();
        doc.add_event_listener(b, "e", cb(JS, 1), ListenerOptions { once: true, ..o })
            .unwrap();
        doc.add_event_listener(
            b,
            "e",
            cb(PY, 2),
            ListenerOptions {
                passive: Some(true),
                ..o
            },
        )
        .unwrap();
        doc.add_event_listener(b, "e", cb(JS, 3), o).unwrap();
        doc.add_event_listener(a, "e", cb(JS, 4), o).unwrap();
        assert!(
            !doc.add_event_listener(b, "e", cb(JS, 3), o).unwrap(),
            "duplicates are ignored"
        );
        let ev = doc.create_event("e", true, true);
        let calls = run(&mut doc, b, ev, |d, inv| match inv.callback.key {
            2 => {
                d.prevent_default(ev).unwrap(); // passive: no effect
                d.remove_event_listener(b, "e", cb(JS, 3), false).unwrap(); // removed before its turn
            }
            4 => unreachable!("propagation was stopped"),
            _ => d.event_mut(ev).unwrap().stop_propagation = true,
        });
        assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 2]);
        assert!(!doc.event(ev).unwrap().canceled);
        assert_eq!(
            doc.listener_count(b),
            1,
            "once removed 1; 2 stays; 3 was removed"
        );
        // stopImmediatePropagation ends the node's remaining listeners too.
        doc.add_event_listener(b, "f", cb(JS, 8), o).unwrap();
        doc.add_event_listener(b, "f", cb(JS, 9), o).unwrap();
        let ev = doc.create_event("f", true, true);
        let calls = run(&mut doc, b, ev, |d, _| {
            d.prevent_default(ev).unwrap();
            d.event_mut(ev).unwrap().stop_immediate = true;
        });
        assert_eq!(calls.len(), 1);
        assert!(doc.event(ev).unwrap().canceled);
    }

    #[test]
    fn the_path_is_fixed_when_dispatch_starts() {
        let mut doc = Document::parse("<div id=a><p id=b>x</p></div>");
        let (a, b) = (
            doc.get_element_by_id("a").unwrap(),
            doc.get_element_by_id("b").unwrap(),
        );
        let o = ListenerOptions::default();
        doc.add_event_listener(b, "e", cb(JS, 1), o).unwrap();
        doc.add_event_listener(a, "e", cb(JS, 2), o).unwrap();
        let ev = doc.create_event("e", true, false);
        let calls = run(&mut doc, b, ev, |d, inv| {
            if inv.callback.key == 1 {
                d.remove(b).unwrap(); // detached mid-dispatch: the path stays
            }
        });
        assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 2]);
        assert!(
            doc.dispatch_begin(b, ev).is_ok(),
            "dispatchable again once done"
        );
    }
}
