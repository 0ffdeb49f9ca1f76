//! Activation behavior (<https://dom.spec.whatwg.org/#eventtarget-activation-behavior>):
//! what a `click` that is a `MouseEvent` does to the element it activates,
//! once its listeners have run and none canceled it (a checkbox toggles,
//! a submit button submits its form, a label clicks its control...), and
//! the legacy pre-activation and canceled-activation behaviors that flip a
//! checkbox before the listeners and back when one cancels.
//!
//! The events an activation fires (`input`, `change`, `submit`, `reset`,
//! a label's `click` at its control) are dispatched by the bridge that
//! dispatched the click, one at a time, through
//! [`Document::dispatch_after`], before its `dispatchEvent` returns.

use std::collections::VecDeque;

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::DomResult;
use crate::events::{Dispatch, EventId};
use crate::node::NodeId;

/// How many navigations, and how many element tasks, wait for a host at
/// most: a document no host runs (the Python module's) drops the rest.
const QUEUE_LIMIT: usize = 1024;

/// An element's click in progress flag (`click()` runs for it).
#[derive(Component)]
struct ClickInProgress;

/// A navigation a hyperlink or a form started, for the host
/// ([`Document::take_navigations`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Navigation {
    /// A `javascript:` URL: its script (percent-decoded), to run in the
    /// document's window.
    Script {
        /// The document navigated.
        document: NodeId,
        /// The script's source.
        source: String,
    },
    /// A move to a fragment of the same document, done: the document's
    /// URL is `new`; `hashchange` is due at its window.
    Fragment {
        /// The document navigated.
        document: NodeId,
        /// The URL before.
        old: String,
        /// The URL now.
        new: String,
    },
    /// Another document, which ecsdom does not load.
    Elsewhere {
        /// The document navigated.
        document: NodeId,
        /// Where to.
        url: String,
    },
}

/// The script of a `javascript:` URL: what follows the scheme,
/// percent-decoded (<https://html.spec.whatwg.org/#evaluate-a-javascript:-url>);
/// none for a URL of another scheme.
pub fn javascript_url_script(url: &str) -> Option<String> {
    let url = url.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let scheme = url.get(.."javascript:".len())?;
    if !scheme.eq_ignore_ascii_case("javascript:") {
        return None;
    }
    let body = &url["javascript:".len()..];
    Some(
        percent_encoding::percent_decode_str(body)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// Which activation behavior an element has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Behavior {
    /// `input type=checkbox`
    Checkbox,
    /// `input type=radio`
    Radio,
    /// A submit button (`input type=submit|image`, `button type=submit`).
    Submit,
    /// A reset button.
    Reset,
    /// A button that does nothing (`input type=button`, `button
    /// type=button`, the other `input` types): it still stops the search
    /// for an activation target.
    Inert,
    /// `label`: clicks its labeled control.
    Label,
    /// A details element's summary: toggles `open`.
    Summary,
    /// `a` or `area` with an `href`: follows the hyperlink.
    Link,
}

/// The activation target of one dispatch and what its pre-activation
/// behavior changed.
#[derive(Clone, Debug)]
pub(crate) struct Activation {
    target: NodeId,
    behavior: Behavior,
    /// The checkedness and `indeterminate` before pre-activation.
    old_checked: bool,
    old_indeterminate: bool,
    /// The radio button of the group that was checked before.
    old_radio: Option<NodeId>,
}

/// An event an activation fires, and what follows it.
#[derive(Clone, Debug)]
pub(crate) struct Fire {
    target: NodeId,
    kind: &'static str,
    bubbles: bool,
    cancelable: bool,
    composed: bool,
    /// Its data event interface ("" for `Event`), and its init members.
    interface: &'static str,
    init: Vec<(&'static str, crate::events::EventValue)>,
    then: Then,
}

/// What an activation does once the event it fired was dispatched.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Then {
    Nothing,
    /// Reset the form unless the `reset` event was canceled.
    Reset(NodeId),
    /// Submit the form unless the `submit` event was canceled.
    Submit(NodeId, NodeId),
}

/// The events still to fire after a dispatch, and the one being fired.
#[derive(Clone, Debug, Default)]
pub(crate) struct AfterDispatch {
    queue: VecDeque<Fire>,
    current: Option<(EventId, Then)>,
}

/// Whether `kind` is an interface that inherits from `MouseEvent`
/// (`click` events of these activate).
pub(crate) fn is_mouse_interface(interface: &str) -> bool {
    matches!(
        interface,
        "MouseEvent" | "WheelEvent" | "PointerEvent" | "DragEvent"
    )
}

impl Document {
    /// The activation behavior `id` has, if any.
    pub(crate) fn activation_behavior(&self, id: NodeId) -> Option<Behavior> {
        match self.html_local(id)? {
            "input" => Some(match self.input_kind(id) {
                "checkbox" => Behavior::Checkbox,
                "radio" => Behavior::Radio,
                "submit" | "image" => Behavior::Submit,
                "reset" => Behavior::Reset,
                _ => Behavior::Inert,
            }),
            "button" => Some(
                match self
                    .get_attribute(id, "type")
                    .ok()
                    .flatten()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("reset") => Behavior::Reset,
                    Some("button") => Behavior::Inert,
                    _ => Behavior::Submit,
                },
            ),
            "label" => Some(Behavior::Label),
            "summary" if self.is_summary_of_details(id) => Some(Behavior::Summary),
            "a" | "area" if self.has_attribute(id, "href").unwrap_or(false) => Some(Behavior::Link),
            _ => None,
        }
    }

    /// Whether `id` is the first `summary` child of a `details`.
    fn is_summary_of_details(&self, id: NodeId) -> bool {
        let Some(parent) = self.n(id.0).parent else {
            return false;
        };
        if self.html_local(NodeId(parent)) != Some("details") {
            return false;
        }
        let mut c = self.n(parent).first_child;
        while let Some(x) = c {
            if self.html_local(NodeId(x)) == Some("summary") {
                return x == id.0;
            }
            c = self.n(x).next_sibling;
        }
        false
    }

    /// The activation target of a dispatch of `event` along `path`
    /// (target first), with its legacy-pre-activation behavior run.
    pub(crate) fn begin_activation(
        &mut self,
        path: &[NodeId],
        is_click: bool,
        bubbles: bool,
    ) -> Option<Activation> {
        if !is_click {
            return None;
        }
        let (&target, parents) = path.split_first()?;
        let (target, behavior) = match self.activation_behavior(target) {
            Some(b) => (target, b),
            None if bubbles => parents
                .iter()
                .find_map(|&p| self.activation_behavior(p).map(|b| (p, b)))?,
            None => return None,
        };
        let mut a = Activation {
            target,
            behavior,
            old_checked: false,
            old_indeterminate: false,
            old_radio: None,
        };
        match behavior {
            Behavior::Checkbox => {
                a.old_checked = self.checked(target).unwrap_or(false);
                a.old_indeterminate = self.indeterminate(target).unwrap_or(false);
                let _ = self.set_checked(target, !a.old_checked);
                let _ = self.set_indeterminate(target, false);
            }
            Behavior::Radio => {
                a.old_checked = self.checked(target).unwrap_or(false);
                a.old_radio = self
                    .radio_group(target)
                    .into_iter()
                    .find(|&r| r != target && self.checked(r).unwrap_or(false));
                let _ = self.set_checked(target, true);
            }
            _ => {}
        }
        Some(a)
    }

    /// After the listeners: the activation behavior (when the event was
    /// not canceled) or the legacy-canceled-activation behavior; the
    /// events the behavior fires go into `after`.
    pub(crate) fn end_activation(
        &mut self,
        a: &Activation,
        canceled: bool,
        after: &mut AfterDispatch,
    ) {
        let t = a.target;
        if canceled {
            match a.behavior {
                Behavior::Checkbox => {
                    let _ = self.set_checked(t, a.old_checked);
                    let _ = self.set_indeterminate(t, a.old_indeterminate);
                }
                // (Even when a listener changed the type meanwhile, as
                // browsers do: the click took nothing.)
                Behavior::Radio if !a.old_checked => {
                    self.set_checkedness(t, false);
                    if let Some(r) = a.old_radio
                        && self.live(r).is_ok()
                        && self.input_kind(r) == "radio"
                    {
                        self.set_checkedness(r, true);
                    }
                }
                _ => {}
            }
            return;
        }
        let connected = self.n(t.0).is_connected();
        let fire = |target, kind, bubbles, cancelable, composed, then| Fire {
            target,
            kind,
            bubbles,
            cancelable,
            composed,
            interface: "",
            init: Vec::new(),
            then,
        };
        match a.behavior {
            Behavior::Checkbox | Behavior::Radio => {
                // (A radio button that was checked already does not change.)
                if connected && !(a.behavior == Behavior::Radio && a.old_checked) {
                    after
                        .queue
                        .push_back(fire(t, "input", true, false, true, Then::Nothing));
                    after
                        .queue
                        .push_back(fire(t, "change", true, false, false, Then::Nothing));
                }
            }
            Behavior::Submit | Behavior::Reset => {
                if self.is_disabled_control(t) || !connected {
                    return;
                }
                let Some(form) = self.form_owner(t).ok().flatten() else {
                    return;
                };
                if a.behavior == Behavior::Submit {
                    after.queue.push_back(Fire {
                        interface: "SubmitEvent",
                        init: vec![("submitter", crate::events::EventValue::Node(t))],
                        ..fire(form, "submit", true, true, false, Then::Submit(form, t))
                    });
                } else {
                    after.queue.push_back(fire(
                        form,
                        "reset",
                        true,
                        true,
                        false,
                        Then::Reset(form),
                    ));
                }
            }
            Behavior::Label => {
                if let Some(control) = self.labeled_control(t)
                    && !self.is_disabled_control(control)
                {
                    after.queue.push_back(Fire {
                        interface: "MouseEvent",
                        ..fire(control, "click", true, true, true, Then::Nothing)
                    });
                }
            }
            Behavior::Summary => {
                if let Some(details) = self.n(t.0).parent.map(NodeId) {
                    let _ = if self.has_attribute(details, "open").unwrap_or(false) {
                        self.remove_attribute(details, "open")
                    } else {
                        self.set_attribute(details, "open", "")
                    };
                }
            }
            Behavior::Link => {
                if let Ok(url) = self.reflected_url(t, "href") {
                    self.navigate(t, &url);
                }
            }
            Behavior::Inert => {}
        }
    }

    /// `label.control`: the labeled control, if any.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn label_control(&self, label: NodeId) -> DomResult<Option<NodeId>> {
        self.live(label)?;
        Ok(self.labeled_control(label))
    }

    /// A label's labeled control (<https://html.spec.whatwg.org/#labeled-control>):
    /// the labelable element its `for` attribute names, or else its first
    /// labelable descendant.
    pub(crate) fn labeled_control(&self, label: NodeId) -> Option<NodeId> {
        if let Some(id) = self.get_attribute(label, "for").ok().flatten() {
            let root = NodeId(self.root_of(label.0));
            return self
                .get_element_by_id_in(root, id)
                .ok()
                .flatten()
                .filter(|&c| self.is_labelable(c));
        }
        self.descendants_of(label.0)
            .map(NodeId)
            .find(|&c| self.is_labelable(c))
    }

    fn is_labelable(&self, id: NodeId) -> bool {
        match self.html_local(id) {
            Some("button" | "meter" | "output" | "progress" | "select" | "textarea") => true,
            Some("input") => self.input_kind(id) != "hidden",
            _ => false,
        }
    }

    /// The next event an activation fires after the dispatch `d` ended,
    /// with its target: the caller dispatches it (as it dispatched the
    /// click) and asks again, until `None`.
    pub fn dispatch_after(&mut self, d: &mut Dispatch) -> Option<(NodeId, EventId)> {
        if let Some((event, then)) = d.after.current.take() {
            let canceled = self.event(event).is_ok_and(|e| e.canceled);
            self.release_event(event);
            match then {
                Then::Reset(form) if !canceled => self.reset_form_controls(form),
                Then::Submit(form, submitter) if !canceled => {
                    // Navigating is not done here: the host is told, as of
                    // a followed link.
                    let target = self.submission_url(form, submitter);
                    self.navigate(form, &target);
                }
                _ => {}
            }
        }
        let f = d.after.queue.pop_front()?;
        let event = self.create_event_composed(f.kind, f.bubbles, f.cancelable, f.composed);
        if let Ok(state) = self.event_mut(event) {
            state.interface = f.interface;
            state.init = f.init;
        }
        d.after.current = Some((event, f.then));
        Some((f.target, event))
    }

    /// The start of `click()` (<https://html.spec.whatwg.org/#dom-click>):
    /// the `click` `MouseEvent` (bubbling, cancelable, composed) for the
    /// caller to dispatch at `id` and then call [`Document::click_end`];
    /// `None` for a disabled form control or an element whose `click()`
    /// is already running.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn click_begin(&mut self, id: NodeId) -> DomResult<Option<EventId>> {
        self.live(id)?;
        if self.is_disabled_control(id) || self.world.get::<ClickInProgress>(id.0).is_some() {
            return Ok(None);
        }
        self.world.entity_mut(id.0).insert(ClickInProgress);
        let event = self.create_event_composed("click", true, true, true);
        self.event_mut(event)?.interface = "MouseEvent";
        Ok(Some(event))
    }

    /// The end of `click()`: the element's click in progress flag is
    /// unset, and the reference [`Document::click_begin`] gave the caller
    /// to `event` is released.
    pub fn click_end(&mut self, id: NodeId, event: EventId) {
        if self.live(id).is_ok() {
            self.world.entity_mut(id.0).remove::<ClickInProgress>();
        }
        self.release_event(event);
    }

    /// Queue an element task that fires the simple event `kind` at `id`
    /// (a `details` element's `toggle` when its `open` attribute comes
    /// or goes); one pending `kind` per element, as HTML coalesces them.
    pub(crate) fn queue_element_task(&mut self, id: NodeId, kind: &'static str) {
        if !self.element_tasks.contains(&(id, kind)) && self.element_tasks.len() < QUEUE_LIMIT {
            self.element_tasks.push((id, kind));
        }
    }

    /// The element tasks queued since the last call: for each, the host
    /// fires the event at the element (if it is still alive) as a task.
    pub fn take_element_tasks(&mut self) -> Vec<(NodeId, &'static str)> {
        std::mem::take(&mut self.element_tasks)
    }

    /// The hyperlinks followed and forms submitted since the last call
    /// (<https://html.spec.whatwg.org/#navigate>), for the host: ecsdom
    /// loads no other document itself.
    pub fn take_navigations(&mut self) -> Vec<Navigation> {
        std::mem::take(&mut self.navigations)
    }

    /// Navigate `source`'s document to `url`: a `javascript:` URL is a
    /// script for the host to run; a URL that differs from the document's
    /// only in its fragment moves the document's URL now ("navigate to a
    /// fragment"; the host fires `hashchange`); any other is left to the
    /// host.
    pub(crate) fn navigate(&mut self, source: NodeId, url: &str) {
        let document = NodeId(self.node_document(source.0));
        let nav = match url::Url::parse(url) {
            Ok(u) if u.scheme() == "javascript" => Navigation::Script {
                document,
                source: javascript_url_script(url).unwrap_or_default(),
            },
            Ok(u) => {
                let current = self.url_of(document).unwrap_or("").to_owned();
                let without_fragment = |s: &str| s.split('#').next().unwrap_or("").to_owned();
                let same_document = u.fragment().is_some()
                    && url::Url::parse(&current).is_ok_and(|c| {
                        without_fragment(c.as_str()) == without_fragment(u.as_str())
                    });
                // (Only the page document's URL moves here: a frame's
                // fragment navigation is left to the host as any other.)
                if same_document && document == self.root() {
                    self.set_url(u.as_str());
                    Navigation::Fragment {
                        document,
                        old: current,
                        new: u.into(),
                    }
                } else {
                    Navigation::Elsewhere {
                        document,
                        url: u.into(),
                    }
                }
            }
            Err(_) => Navigation::Elsewhere {
                document,
                url: url.to_owned(),
            },
        };
        if self.navigations.len() < QUEUE_LIMIT {
            self.navigations.push(nav);
        }
    }
}
