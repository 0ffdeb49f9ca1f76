//! [Event handlers](https://html.spec.whatwg.org/#event-handlers) (`onclick`...):
//! each is a listener of its own kind in the target's list, added where
//! its first value is set, whose callback is the handler's current value.
//! `addEventListener`/`removeEventListener` never match it; a bridge calls
//! it with the event handler processing algorithm (`false` cancels).

use bevy_ecs::entity::Entity;

use super::{Callback, Listener};
use crate::document::Document;
use crate::error::DomResult;
use crate::intern::{Ns, Symbol};
use crate::node::NodeId;

include!(concat!(env!("OUT_DIR"), "/handler_names.rs"));

/// The `GlobalEventHandlers` of `body` and `frameset` that are the
/// window's ("Window-reflecting body element event handler set",
/// <https://html.spec.whatwg.org/#window-reflecting-body-element-event-handler-set>),
/// sorted.
const WINDOW_REFLECTING: &[&str] = &["blur", "error", "focus", "load", "resize", "scroll"];

/// The engine tag of an internal raw uncompiled handler
/// (<https://html.spec.whatwg.org/#internal-raw-uncompiled-handler>): an
/// event handler content attribute's source, kept here under the
/// callback's key until the JS engine compiles it ("getting the current
/// value of the event handler") and sets the function in its place.
pub const ENGINE_SOURCE: u8 = u8::MAX;

/// An event handler content attribute's value, not compiled yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawHandler {
    /// The attribute's value: the function body.
    pub source: String,
    /// The element whose attribute it is (the scope the body runs in).
    pub element: NodeId,
}

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
        let kind = handler_event_type(kind);
        // (Its passive flag is the default passive value.)
        let options = super::Options {
            passive: self.default_passive(target, kind),
            ..Default::default()
        };
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
                    options,
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

    /// The [attribute change steps](https://html.spec.whatwg.org/#event-handler-attributes:concept-element-attributes-change-ext)
    /// of an event handler content attribute: `e`'s attribute `local`
    /// (an `on...` name) was set or removed. On an HTML or SVG element
    /// whose handler it names, the handler becomes the attribute's internal raw
    /// uncompiled handler, or null once the attribute is gone; on `body`
    /// and `frameset`, the window's handlers are the window's.
    pub(crate) fn handler_content_attribute_changed(&mut self, e: Entity, local: Symbol) {
        let Some(name) = self.element_name(e) else {
            return;
        };
        if !matches!(name.ns, Ns::Html | Ns::Svg) {
            return;
        }
        let Some(kind) = self.names.resolve(local).strip_prefix("on") else {
            return;
        };
        let kind = kind.to_owned();
        let known = ELEMENT_HANDLERS.binary_search(&&*kind).is_ok()
            || (self.is_body_like(e) && WINDOW_HANDLERS.binary_search(&&*kind).is_ok());
        if !known {
            return;
        }
        let Some(target) = self.handler_target(e, &kind) else {
            return;
        };
        let value = self.attrs(e).and_then(|a| a.get(local)).map(str::to_owned);
        let callback = value.map(|source| {
            self.events.next_raw += 1;
            let key = self.events.next_raw;
            self.events.raw_handlers.insert(
                key,
                RawHandler {
                    source,
                    element: NodeId(e),
                },
            );
            Callback {
                engine: ENGINE_SOURCE,
                key,
            }
        });
        // (Both targets are live: `e` was just written, the window is.)
        let _ = self.set_event_handler(target, &kind, callback);
    }

    /// Whether `e` is an HTML `body` or `frameset` element, whose
    /// Window-reflecting handlers are its window's.
    fn is_body_like(&self, e: Entity) -> bool {
        self.element_name(e).is_some_and(|n| {
            n.ns == Ns::Html
                && (n.local == self.names.known.body || self.names.resolve(n.local) == "frameset")
        })
    }

    /// "Determining the target of an event handler"
    /// (<https://html.spec.whatwg.org/#determining-the-target-of-an-event-handler>)
    /// of `target`'s handler `on<kind>`: the target itself, but for a
    /// `body` or `frameset` element's Window-reflecting handlers
    /// (`WindowEventHandlers`' and `blur`, `error`, `focus`, `load`,
    /// `resize`, `scroll`), its document's window, and none when that
    /// document has no window (it is not the page's).
    fn handler_target(&self, target: Entity, kind: &str) -> Option<NodeId> {
        let reflecting = WINDOW_HANDLERS.binary_search(&kind).is_ok()
            || WINDOW_REFLECTING.binary_search(&kind).is_ok();
        if !(reflecting && self.is_body_like(target)) {
            return Some(NodeId(target));
        }
        self.window_of_document(self.node_document(target))
            .map(NodeId)
    }

    /// The event target whose handler `on<kind>` an IDL attribute of
    /// `target` reads and writes: "determining the target of an event
    /// handler" (`target` itself, or for a `body` or `frameset`
    /// element's Window-reflecting handlers its document's window; none:
    /// the attribute reads null and ignores writes).
    ///
    /// # Errors
    /// `StaleNode` for a target that is gone.
    pub fn event_handler_target(&self, target: NodeId, kind: &str) -> DomResult<Option<NodeId>> {
        self.event_target(target)?;
        Ok(self.handler_target(target.0, kind))
    }

    /// The raw uncompiled handler of callback key `key`
    /// ([`ENGINE_SOURCE`]), while its handler still holds it.
    pub fn raw_handler(&self, key: u64) -> Option<&RawHandler> {
        self.events.raw_handlers.get(&key)
    }

    /// Whether some event handler holds a raw uncompiled handler (a page
    /// with `onclick="..."` needs a JS engine).
    pub fn has_raw_handlers(&self) -> bool {
        !self.events.raw_handlers.is_empty()
    }

    /// The value of `target`'s event handler `on<kind>`, if it has one.
    ///
    /// # Errors
    /// `StaleNode` for a target that is gone.
    pub fn event_handler(&self, target: NodeId, kind: &str) -> DomResult<Option<Callback>> {
        self.event_target(target)?;
        let kind = handler_event_type(kind);
        Ok(self
            .events
            .listeners
            .get(&target.0)
            .and_then(|l| l.iter().find(|l| l.handler && l.kind == kind))
            .map(|l| l.callback))
    }
}

/// The event type of the handler named `on` + `name`: the name, but for
/// the four whose event types are the legacy prefixed, mixed-case ones
/// (<https://html.spec.whatwg.org/#globaleventhandlers>:
/// `onwebkitanimationend` hears `webkitAnimationEnd`).
pub(crate) fn handler_event_type(name: &str) -> &str {
    match name {
        "webkitanimationend" => "webkitAnimationEnd",
        "webkitanimationiteration" => "webkitAnimationIteration",
        "webkitanimationstart" => "webkitAnimationStart",
        "webkittransitionend" => "webkitTransitionEnd",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{JS, cb, run};
    use super::*;
    use crate::events::ListenerOptions;

    #[test]
    fn content_attributes_set_raw_handlers() {
        let mut doc = Document::parse(
            "<body onload=go() onclick=b()><p id=p onclick=a() onnothing=x></p><svg onclick=s()></svg>",
        );
        let p = doc.get_element_by_id("p").unwrap();
        let raw = |doc: &Document, target, kind| {
            doc.event_handler(target, kind).unwrap().map(|c| {
                assert_eq!(c.engine, ENGINE_SOURCE);
                doc.raw_handler(c.key).unwrap().source.clone()
            })
        };
        assert_eq!(raw(&doc, p, "click").as_deref(), Some("a()"));
        assert_eq!(doc.event_handler(p, "nothing").unwrap(), None);
        // body: `onload` is the window's, `onclick` its own.
        let body = doc.body().unwrap();
        let window = NodeId(doc.window);
        assert_eq!(raw(&doc, window, "load").as_deref(), Some("go()"));
        assert_eq!(raw(&doc, body, "click").as_deref(), Some("b()"));
        // An SVG element has them too (SVGElement includes
        // GlobalEventHandlers); an element of another namespace none.
        let svg = doc.query_selector(doc.root(), "svg").unwrap().unwrap();
        assert!(doc.event_handler(svg, "click").unwrap().is_some());
        let other = doc
            .create_element_ns_in(doc.root(), Some("http://example.com/"), "x")
            .unwrap();
        doc.set_attribute(other, "onclick", "d()").unwrap();
        assert_eq!(doc.event_handler(other, "click").unwrap(), None);
        // A new value replaces the source; the old one is gone.
        let old = doc.event_handler(p, "click").unwrap().unwrap();
        doc.set_attribute(p, "onclick", "c()").unwrap();
        assert_eq!(raw(&doc, p, "click").as_deref(), Some("c()"));
        assert_eq!(doc.raw_handler(old.key), None);
        // A compiled value (a JS function) takes its place; removing the
        // attribute removes the handler.
        doc.set_event_handler(p, "click", Some(cb(JS, 7))).unwrap();
        assert_eq!(doc.event_handler(p, "click").unwrap(), Some(cb(JS, 7)));
        doc.remove_attribute(p, "onclick").unwrap();
        assert_eq!(doc.event_handler(p, "click").unwrap(), None);
        // Made elements get them too.
        let q = doc.create_element("div").unwrap();
        doc.set_attribute(q, "onmouseover", "m()").unwrap();
        assert_eq!(raw(&doc, q, "mouseover").as_deref(), Some("m()"));
    }

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
