//! Aborting activities (<https://dom.spec.whatwg.org/#aborting-ongoing-activities>):
//! an `AbortSignal` is an event target of its own (made by
//! [`Document::create_event_target`]) carrying an [`AbortState`]: whether
//! it is aborted, its abort algorithms, and the sources and dependents of
//! `AbortSignal.any()`. Its `reason` is a value of the engine that made
//! it, so the engine keeps that, and fires the `abort` events dom-ecs asks
//! for.

use bevy_ecs::prelude::*;

use super::{Callback, ListenerOptions};
use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::NodeId;

/// What to do when a signal aborts.
#[derive(Clone, Debug)]
enum Algorithm {
    /// Remove the listener that `addEventListener` added with this signal
    /// (<https://dom.spec.whatwg.org/#add-an-event-listener> step 6).
    RemoveListener {
        target: Entity,
        kind: String,
        callback: Callback,
        capture: bool,
    },
}

/// An `AbortSignal`'s state.
#[derive(Component, Debug, Default)]
pub(crate) struct AbortState {
    aborted: bool,
    /// Made by `AbortSignal.any()`.
    dependent: bool,
    algorithms: Vec<Algorithm>,
    /// The signals it depends on, and those that depend on it.
    sources: Vec<Entity>,
    dependents: Vec<Entity>,
}

impl Document {
    /// A new `AbortSignal` (an event target of its own), not aborted.
    pub fn create_abort_signal(&mut self) -> NodeId {
        let s = self.create_event_target();
        self.world.entity_mut(s.0).insert(AbortState::default());
        s
    }

    fn abort_state(&self, s: NodeId) -> DomResult<&AbortState> {
        self.world
            .get::<AbortState>(s.0)
            .ok_or_else(|| DomError::Type("not an AbortSignal".into()))
    }

    /// `signal.aborted`
    ///
    /// # Errors
    /// `TypeError` when `s` is no signal.
    pub fn abort_signal_aborted(&self, s: NodeId) -> DomResult<bool> {
        Ok(self.abort_state(s)?.aborted)
    }

    /// [Signal abort](https://dom.spec.whatwg.org/#abortsignal-signal-abort)
    /// steps 1-4: `s` and each of its dependents not aborted yet become
    /// aborted. Returns them, `s` first (none if `s` was aborted): the
    /// engine gives each `s`'s reason, then runs
    /// [`Document::run_abort_steps`] and fires `abort` at each, in order.
    ///
    /// # Errors
    /// `TypeError` when `s` is no signal.
    pub fn signal_abort(&mut self, s: NodeId) -> DomResult<Vec<NodeId>> {
        if self.abort_state(s)?.aborted {
            return Ok(Vec::new());
        }
        let mut out = vec![s];
        let dependents = self.abort_state(s)?.dependents.clone();
        for d in dependents {
            if let Some(st) = self.world.get::<AbortState>(d)
                && !st.aborted
            {
                out.push(NodeId(d));
            }
        }
        for &x in &out {
            if let Some(mut st) = self.world.get_mut::<AbortState>(x.0) {
                st.aborted = true;
            }
        }
        Ok(out)
    }

    /// The [abort steps](https://dom.spec.whatwg.org/#run-the-abort-steps)
    /// dom-ecs runs: the signal's abort algorithms, then emptied (the
    /// engine fires `abort` after).
    pub fn run_abort_steps(&mut self, s: NodeId) {
        let Some(mut st) = self.world.get_mut::<AbortState>(s.0) else {
            return;
        };
        let algorithms = std::mem::take(&mut st.algorithms);
        for a in algorithms {
            match a {
                Algorithm::RemoveListener {
                    target,
                    kind,
                    callback,
                    capture,
                } => {
                    let _ = self.remove_event_listener(NodeId(target), &kind, callback, capture);
                }
            }
        }
    }

    /// [`AbortSignal.any(signals)`](https://dom.spec.whatwg.org/#create-a-dependent-abort-signal):
    /// `Ok(signal)`, a new signal depending on each source (or on the
    /// sources of a source that is itself dependent); `Err(i)` when source
    /// `i` is aborted already (the engine then makes an aborted signal
    /// with its reason).
    ///
    /// # Errors
    /// `TypeError` when a source is no signal.
    pub fn create_dependent_abort_signal(
        &mut self,
        sources: &[NodeId],
    ) -> DomResult<Result<NodeId, usize>> {
        for (i, &s) in sources.iter().enumerate() {
            if self.abort_state(s)?.aborted {
                return Ok(Err(i));
            }
        }
        let result = self.create_abort_signal();
        let mut linked: Vec<Entity> = Vec::new();
        for &s in sources {
            let st = self.abort_state(s)?;
            let of = if st.dependent {
                st.sources.clone()
            } else {
                vec![s.0]
            };
            for source in of {
                if linked.contains(&source) || self.world.get::<AbortState>(source).is_none() {
                    continue;
                }
                linked.push(source);
                if let Some(mut st) = self.world.get_mut::<AbortState>(source) {
                    st.dependents.push(result.0);
                }
            }
        }
        if let Some(mut st) = self.world.get_mut::<AbortState>(result.0) {
            st.dependent = true;
            st.sources = linked;
        }
        Ok(Ok(result))
    }

    /// `addEventListener(type, callback, options)` with `options.signal`
    /// (<https://dom.spec.whatwg.org/#add-an-event-listener>): nothing is
    /// added when the signal is aborted; otherwise the listener goes when
    /// it aborts. Returns whether a listener was added.
    ///
    /// # Errors
    /// `TypeError` when `signal` is no signal; as
    /// [`Document::add_event_listener`].
    pub fn add_event_listener_with_signal(
        &mut self,
        target: NodeId,
        kind: &str,
        callback: Callback,
        options: ListenerOptions,
        signal: NodeId,
    ) -> DomResult<bool> {
        if self.abort_state(signal)?.aborted {
            return Ok(false);
        }
        let added = self.add_event_listener(target, kind, callback, options)?;
        if added && let Some(mut st) = self.world.get_mut::<AbortState>(signal.0) {
            st.algorithms.push(Algorithm::RemoveListener {
                target: target.0,
                kind: kind.to_owned(),
                callback,
                capture: options.capture,
            });
        }
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_removes_its_listeners_and_aborts_its_dependents() {
        let mut d = Document::parse("<p id=p></p>");
        let p = d.get_element_by_id("p").unwrap();
        let (a, b) = (d.create_abort_signal(), d.create_abort_signal());
        let any = d.create_dependent_abort_signal(&[a, b]).unwrap().unwrap();
        let any_of_any = d.create_dependent_abort_signal(&[any]).unwrap().unwrap();
        let cb = Callback { engine: 0, key: 1 };
        assert!(
            d.add_event_listener_with_signal(p, "click", cb, ListenerOptions::default(), b)
                .unwrap()
        );
        assert_eq!(d.signal_abort(b).unwrap(), [b, any, any_of_any]);
        assert!(d.signal_abort(b).unwrap().is_empty(), "once");
        d.run_abort_steps(b);
        assert!(!d.remove_event_listener(p, "click", cb, false).unwrap());
        assert!(!d.abort_signal_aborted(a).unwrap());
        // An aborted source: no new signal, the index of the source.
        assert_eq!(d.create_dependent_abort_signal(&[a, b]).unwrap(), Err(1));
        assert!(
            !d.add_event_listener_with_signal(p, "click", cb, ListenerOptions::default(), b)
                .unwrap()
        );
        assert!(matches!(d.abort_signal_aborted(p), Err(DomError::Type(_))));
    }
}
