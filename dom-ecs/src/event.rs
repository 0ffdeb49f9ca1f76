//! The `Event` interface's members (<https://dom.spec.whatwg.org/#interface-event>)
//! on an event's state: what both bridges bind, whether the state is the
//! document's (an event made or dispatched there) or one a bridge holds
//! before the event's first dispatch (Python's `Event("x")`).

use crate::events::EventState;
use crate::node::NodeId;

impl EventState {
    /// A new event's state (`new Event(type, {bubbles, cancelable,
    /// composed})`), not yet dispatched.
    pub fn new(kind: &str, bubbles: bool, cancelable: bool, composed: bool) -> Self {
        EventState {
            kind: kind.to_owned(),
            bubbles,
            cancelable,
            composed,
            time_stamp: crate::events::process_now_ms(),
            ..EventState::default()
        }
    }

    /// `timeStamp`: when the event was made, in milliseconds since its
    /// time origin (a document's [`Document::now_ms`](crate::Document::now_ms)).
    pub fn time_stamp(&self) -> f64 {
        self.time_stamp
    }

    /// Mark the event as one of the data event interface `name` (its
    /// bridge made it with that class): a `click` that is a `MouseEvent`
    /// activates. Names that are no such interface are ignored.
    pub fn set_interface(&mut self, name: &str) {
        const UI: [&str; 23] = [
            "UIEvent",
            "TouchEvent",
            "TextEvent",
            "BeforeUnloadEvent",
            "DeviceOrientationEvent",
            "DeviceMotionEvent",
            "MouseEvent",
            "WheelEvent",
            "PointerEvent",
            "DragEvent",
            "FocusEvent",
            "KeyboardEvent",
            "InputEvent",
            "CompositionEvent",
            "HashChangeEvent",
            "PageTransitionEvent",
            "SubmitEvent",
            "StorageEvent",
            "MessageEvent",
            "PopStateEvent",
            "ProgressEvent",
            "AnimationEvent",
            "TransitionEvent",
        ];
        if let Some(&n) = UI.iter().find(|&&n| n == name) {
            self.interface = n;
        }
    }

    /// `type`
    pub fn event_type(&self) -> &str {
        &self.kind
    }

    /// `bubbles`
    pub fn bubbles(&self) -> bool {
        self.bubbles
    }

    /// `cancelable`
    pub fn cancelable(&self) -> bool {
        self.cancelable
    }

    /// `composed` (as constructed): whether the event crosses shadow
    /// boundaries.
    pub fn composed(&self) -> bool {
        self.composed
    }

    /// `isTrusted`
    pub fn is_trusted(&self) -> bool {
        self.trusted
    }

    /// `defaultPrevented`: the canceled flag.
    pub fn default_prevented(&self) -> bool {
        self.canceled
    }

    /// `eventPhase`
    pub fn event_phase(&self) -> u16 {
        u16::from(self.phase as u8)
    }

    /// `target` (and its legacy alias `srcElement`).
    pub fn target(&self) -> Option<NodeId> {
        self.target
    }

    /// `currentTarget`
    pub fn current_target(&self) -> Option<NodeId> {
        self.current_target
    }

    /// `composedPath()` (<https://dom.spec.whatwg.org/#dom-event-composedpath>):
    /// the path while the event is dispatched, target first and the window
    /// last, less the nodes of closed shadow trees the current target is
    /// outside of; else empty.
    pub fn composed_path(&self) -> Vec<NodeId> {
        crate::events::composed_path(&self.path, self.current_target)
    }

    /// `stopPropagation()` (<https://dom.spec.whatwg.org/#dom-event-stoppropagation>).
    pub fn stop_propagation(&mut self) {
        self.stop_propagation = true;
    }

    /// `stopImmediatePropagation()`
    /// (<https://dom.spec.whatwg.org/#dom-event-stopimmediatepropagation>).
    pub fn stop_immediate_propagation(&mut self) {
        self.stop_propagation = true;
        self.stop_immediate = true;
    }

    /// The legacy `cancelBubble` getter: the stop propagation flag.
    pub fn cancel_bubble(&self) -> bool {
        self.stop_propagation
    }

    /// The legacy `cancelBubble` setter: true stops propagation, false
    /// does nothing (<https://dom.spec.whatwg.org/#dom-event-cancelbubble>).
    pub fn set_cancel_bubble(&mut self, value: bool) {
        if value {
            self.stop_propagation();
        }
    }

    /// `preventDefault()`: sets the canceled flag if the event is
    /// cancelable and the current listener is not passive.
    pub fn prevent_default(&mut self) {
        if self.cancelable && !self.in_passive_listener {
            self.canceled = true;
        }
    }

    /// The legacy `returnValue` getter: false once the event is canceled.
    pub fn return_value(&self) -> bool {
        !self.canceled
    }

    /// The legacy `returnValue` setter: false cancels the event as
    /// `preventDefault()` does, true does nothing
    /// (<https://dom.spec.whatwg.org/#dom-event-returnvalue>).
    pub fn set_return_value(&mut self, value: bool) {
        if !value {
            self.prevent_default();
        }
    }

    /// `initEvent(type, bubbles, cancelable)`
    /// (<https://dom.spec.whatwg.org/#dom-event-initevent>): no effect while
    /// the event is being dispatched; otherwise it starts over as new.
    pub fn init_event(&mut self, kind: &str, bubbles: bool, cancelable: bool) {
        if self.dispatching {
            return;
        }
        self.uninitialized = false;
        self.kind = kind.to_owned();
        self.bubbles = bubbles;
        self.cancelable = cancelable;
        self.stop_propagation = false;
        self.stop_immediate = false;
        self.canceled = false;
        self.target = None;
        self.trusted = false;
    }
}

#[cfg(test)]
mod tests {
    use crate::EventState;

    #[test]
    fn legacy_flags_and_init() {
        let mut e = EventState::new("x", false, true, false);
        assert!(e.return_value());
        e.set_return_value(true);
        assert!(!e.default_prevented());
        e.set_return_value(false);
        assert!(e.default_prevented() && !e.return_value());
        e.set_cancel_bubble(false);
        assert!(!e.cancel_bubble());
        e.set_cancel_bubble(true);
        assert!(e.cancel_bubble());
        e.init_event("y", true, false);
        assert_eq!(
            (e.event_type(), e.bubbles(), e.cancel_bubble()),
            ("y", true, false)
        );
        assert!(!e.default_prevented());
        let mut passive = EventState::new("x", false, true, false);
        passive.in_passive_listener = true;
        passive.prevent_default();
        assert!(!passive.default_prevented());
    }
}
