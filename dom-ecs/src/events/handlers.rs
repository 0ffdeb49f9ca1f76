//! [Event handlers](https://html.spec.whatwg.org/#event-handlers) (`onclick`...):
//! each is a listener of its own kind in the target's list, added where
//! its first value is set, whose callback is the handler's current value.
//! `addEventListener`/`removeEventListener` never match it; a bridge calls
//! it with the event handler processing algorithm (`false` cancels).

use super::{Callback, Listener, ListenerOptions};
use crate::document::Document;
use crate::error::DomResult;
use crate::node::NodeId;

impl Document {
    /// Set the [event handler](https://html.spec.whatwg.org/#event-handler-attributes)
    /// `on<kind>` of `target` to `callback`: the first value adds its
    /// listener (where it stays, whatever later values are); `None`
    /// removes it ("deactivate").
    ///
    /// # Errors
    /// `StaleNode` for a target that is gone.
    pub fn set_event_handler(
        &mut self,
        target: NodeId,
        kind: &str,
        callback: Option<Callback>,
    ) -> DomResult<()> {
        self.event_target(target)?;
        let list = self.events.listeners.entry(target.0).or_default();
        let at = list.iter().position(|l| l.handler && l.kind == kind);
        match (at, callback) {
            (Some(i), Some(c)) => {
                let old = std::mem::replace(&mut list[i].callback, c);
                *self.events.callback_refs.entry(c).or_default() += 1;
                self.events.unref(old);
            }
            (None, Some(c)) => {
                self.events.next_serial += 1;
                list.push(Listener {
                    serial: self.events.next_serial,
                    kind: kind.to_owned(),
                    callback: c,
                    options: ListenerOptions::default(),
                    handler: true,
                });
                *self.events.callback_refs.entry(c).or_default() += 1;
            }
            (Some(i), None) => {
                let old = list.remove(i).callback;
                self.events.unref(old);
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// The value of `target`'s event handler `on<kind>`, if it has one.
    ///
    /// # Errors
    /// `StaleNode` for a target that is gone.
    pub fn event_handler(&self, target: NodeId, kind: &str) -> DomResult<Option<Callback>> {
        self.event_target(target)?;
        Ok(self
            .events
            .listeners
            .get(&target.0)
            .and_then(|l| l.iter().find(|l| l.handler && l.kind == kind))
            .map(|l| l.callback))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{JS, cb, run};
    use super::*;

    #[test]
    fn an_event_handler_keeps_its_place_and_runs_its_current_value() {
        let mut doc = Document::parse("<p id=b>x</p>");
        let b = doc.get_element_by_id("b").unwrap();
        let o = ListenerOptions::default();
        doc.add_event_listener(b, "e", cb(JS, 1), o).unwrap();
        doc.set_event_handler(b, "e", Some(cb(JS, 2))).unwrap();
        doc.add_event_listener(b, "e", cb(JS, 3), o).unwrap();
        // A new value takes the first one's place; removeEventListener
        // with the same function leaves the handler alone.
        doc.set_event_handler(b, "e", Some(cb(JS, 4))).unwrap();
        doc.remove_event_listener(b, "e", cb(JS, 4), false).unwrap();
        assert_eq!(doc.event_handler(b, "e").unwrap(), Some(cb(JS, 4)));
        let ev = doc.create_event("e", false, false);
        let calls = run(&mut doc, b, ev, |_, _| {});
        assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 4, 3]);
        doc.set_event_handler(b, "e", None).unwrap();
        assert_eq!(doc.event_handler(b, "e").unwrap(), None);
        let ev = doc.create_event("e", false, false);
        let calls = run(&mut doc, b, ev, |_, _| {});
        assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 3]);
    }
}
