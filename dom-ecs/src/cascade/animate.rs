//! CSS transitions and animations as time passes
//! (<https://drafts.csswg.org/css-transitions-1/#transition-events>,
//! <https://drafts.csswg.org/css-animations-1/#events>): Stylo starts,
//! replaces and cancels them as styles resolve (`resolve_styles`); here
//! each update of the rendering moves their states on the document's
//! clock and says which events the host fires.

use bevy_ecs::prelude::Entity;
use style::animation::AnimationState;
use style::selector_parser::PseudoElement;

use crate::document::Document;
use crate::node::NodeId;

/// An event a transition or an animation fires: the host fires it as a
/// trusted `TransitionEvent` or `AnimationEvent` task.
#[derive(Clone, Debug, PartialEq)]
pub struct AnimationEventTask {
    /// The element (for a pseudo-element's, its element).
    pub target: NodeId,
    /// The event type (`transitionend`, `animationstart`...).
    pub kind: &'static str,
    /// Whether it is a `TransitionEvent` (else an `AnimationEvent`).
    pub transition: bool,
    /// `propertyName` or `animationName`.
    pub name: String,
    /// `elapsedTime`, in seconds.
    pub elapsed: f64,
    /// `pseudoElement` (`::before`, or "").
    pub pseudo: &'static str,
}

/// A time Stylo holds as an `f32` of seconds, as the shortest decimal
/// that is that `f32` (`100ms` is 0.1, as browsers say, not
/// 0.10000000149011612).
fn seconds(t: f64) -> f64 {
    (t as f32).to_string().parse().unwrap_or(t)
}

/// What the updates of the rendering know of a world's documents.
#[derive(Debug)]
pub(crate) struct RenderingState {
    /// Set once any style sheet or `style` attribute of the world names a
    /// transition or an animation property: from then on each update of
    /// the rendering after a change styles every element, as a browser
    /// does, so one never styled before starts its transitions and
    /// animations too. (Never unset: at worst an update styles elements
    /// that do not animate.)
    may_animate: std::sync::atomic::AtomicBool,
    /// The `restyle` count at the end of the last update of the rendering.
    updated_at: Option<u64>,
    /// The `restyle` count when every document's focused area was last
    /// found focusable (`u64::MAX`: never), so the focus fixup is looked
    /// for once per change (`html/focus.rs`).
    pub(crate) focus_checked_at: std::sync::atomic::AtomicU64,
    /// The `Animation` handles scripts hold (`web_animations.rs`).
    pub(crate) animation_handles: super::web_animations::AnimationHandles,
}

impl Default for RenderingState {
    fn default() -> Self {
        RenderingState {
            may_animate: std::sync::atomic::AtomicBool::new(false),
            updated_at: None,
            focus_checked_at: std::sync::atomic::AtomicU64::new(u64::MAX),
            animation_handles: Default::default(),
        }
    }
}

impl RenderingState {
    /// Note CSS text (a sheet's, a `style` attribute's) of the world.
    pub(crate) fn note_style_text(&self, css: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        if !self.may_animate.load(Relaxed) && mentions_animation(css) {
            self.may_animate.store(true, Relaxed);
        }
    }

    pub(super) fn may_animate(&self) -> bool {
        self.may_animate.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Whether CSS text names a property of CSS Transitions or CSS
/// Animations (`transition*`, `animation*`, their `-webkit-` aliases),
/// ASCII case-insensitively: a comment or a string that says so is a
/// false positive, which costs a styling of the tree, never a missed
/// start.
pub(super) fn mentions_animation(css: &str) -> bool {
    let b = css.as_bytes();
    b.iter().enumerate().any(|(i, c)| {
        let word: &[u8] = match c {
            b'a' | b'A' => b"animation",
            b't' | b'T' => b"transition",
            _ => return false,
        };
        b.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

fn pseudo_name(p: Option<&PseudoElement>) -> &'static str {
    match p {
        Some(PseudoElement::Before) => "::before",
        Some(PseudoElement::After) => "::after",
        Some(PseudoElement::Marker) => "::marker",
        _ => "",
    }
}

impl Document {
    /// Whether a transition or an animation runs (or waits to start) in a
    /// document: the host then updates the rendering at each frame.
    ///
    /// Also after a change since the last update, when the update may
    /// start one: the world's CSS names an animation property, or a sheet
    /// may not have been read yet, or an element was styled before.
    pub fn animations_running(&self) -> bool {
        let engines = self
            .style_engines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if engines
            .values()
            .any(|e| e.animations.sets.read().values().any(|s| !s.is_empty()))
        {
            return true;
        }
        if self.rendering.updated_at == Some(self.mutations.restyle) {
            return false;
        }
        self.rendering.may_animate()
            || engines.values().any(|e| !e.previous.is_empty())
            || self.sheet_owners.iter().any(|&e| self.has_sheet_source(e))
    }

    /// Whether the host should update the rendering at the next frame: a
    /// transition or an animation runs ([`Document::animations_running`]),
    /// or a focused element is no longer focusable
    /// ([`Document::focus_fixup_wanted`]).
    pub fn rendering_wanted(&self) -> bool {
        self.animations_running() || self.focus_fixup_wanted()
    }

    /// Every connected element of the documents with a browsing context,
    /// shadow trees' too, in tree order.
    fn styleable_elements(&mut self) -> Vec<Entity> {
        let mut roots: Vec<Entity> = vec![self.root];
        let mut q = self
            .world
            .query::<(Entity, &crate::frames::NestedContext)>();
        roots.extend(q.iter(&self.world).map(|(e, _)| e));
        let mut out = Vec::new();
        while let Some(root) = roots.pop() {
            for e in self.descendants_of(root) {
                let n = self.n(e);
                if n.kind != crate::node::NodeKind::Element {
                    continue;
                }
                if n.flags & crate::node::SHADOW_HOST != 0
                    && let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e)
                {
                    roots.push(h.0);
                }
                out.push(e);
            }
        }
        out
    }

    /// Move every running transition and animation of the documents with
    /// a style engine to the clock's time (an update of the rendering):
    /// each starts, iterates, ends, or was canceled by a style change;
    /// the events to fire, in order. Styles are resolved again while any
    /// runs.
    pub fn tick_animations(&mut self) -> Vec<AnimationEventTask> {
        // The style change event after a change since the last update: a
        // browser styles every element at each update, so a change starts
        // its transitions and animations. Every element when the world's
        // CSS may animate (the sheets read now, so theirs count); else
        // those styled before, whose before-change styles are known.
        if self.rendering.updated_at != Some(self.mutations.restyle) {
            let owners: Vec<Entity> = self
                .sheet_owners
                .iter()
                .copied()
                .filter(|&e| self.has_sheet_source(e))
                .collect();
            for e in owners {
                let _ = self.associated_sheet(e);
            }
            let styled: Vec<Entity> = if self.rendering.may_animate() {
                self.styleable_elements()
            } else {
                // (The elements styled before that are still connected, in
                // any document's tree; the others are forgotten.)
                let styled: Vec<Entity> = self
                    .style_engines
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .values()
                    .flat_map(|engine| engine.previous.keys().copied())
                    .collect();
                let (live, gone): (Vec<Entity>, Vec<Entity>) = styled.into_iter().partition(|&e| {
                    self.world.get::<crate::node::Node>(e).is_some() && self.in_document_tree(e)
                });
                let engines = self
                    .style_engines
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                for engine in engines.values_mut() {
                    for e in &gone {
                        engine.previous.remove(e);
                    }
                }
                live
            };
            for e in styled {
                let _ = self.computed_values(e, super::StyleTarget::Element);
            }
        }
        let now = self.now_ms() / 1000.0;
        let mut out = Vec::new();
        let mut running = false;
        let mut touched = Vec::new();
        {
            let engines = self
                .style_engines
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for engine in engines.values_mut() {
                let mut sets = engine.animations.sets.write();
                sets.retain(|key, set| {
                    let e = Entity::from_bits(key.node.0 as u64);
                    if self.world.get::<crate::node::Node>(e).is_none() {
                        return false;
                    }
                    let target = NodeId(e);
                    touched.push(e);
                    let pseudo = pseudo_name(key.pseudo_element.as_ref());
                    for t in &mut set.transitions {
                        let name = t.property_animation.property_id().name().into_owned();
                        let duration = t.property_animation.duration;
                        let start_elapsed = (-t.delay).max(0.0).min(duration);
                        let mut fire = |kind, elapsed| {
                            out.push(AnimationEventTask {
                                target,
                                kind,
                                transition: true,
                                name: name.clone(),
                                elapsed: seconds(elapsed),
                                pseudo,
                            });
                        };
                        if t.is_new {
                            t.is_new = false;
                            fire("transitionrun", start_elapsed);
                        }
                        if t.state == AnimationState::Pending && now >= t.start_time {
                            t.state = AnimationState::Running;
                            fire("transitionstart", start_elapsed);
                        }
                        if t.state == AnimationState::Running && t.has_ended(now) {
                            t.state = AnimationState::Finished;
                            fire("transitionend", duration);
                        }
                        if t.state == AnimationState::Canceled {
                            let elapsed = (now - t.start_time).clamp(0.0, duration);
                            fire("transitioncancel", elapsed);
                        }
                    }
                    for a in &mut set.animations {
                        let name = a.name.to_string();
                        let mut fire = |kind, elapsed| {
                            out.push(AnimationEventTask {
                                target,
                                kind,
                                transition: false,
                                name: name.clone(),
                                elapsed: seconds(elapsed),
                                pseudo,
                            });
                        };
                        a.is_new = false;
                        if a.state == AnimationState::Pending && now >= a.started_at {
                            a.state = AnimationState::Running;
                            fire("animationstart", (-a.delay).max(0.0));
                        }
                        if a.state == AnimationState::Running {
                            while !a.has_ended(now) && a.iterate_if_necessary(now) {
                                let done = match a.iteration_state {
                                    style::animation::KeyframesIterationState::Infinite(i)
                                    | style::animation::KeyframesIterationState::Finite(i, _) => i,
                                };
                                fire("animationiteration", done * a.duration);
                            }
                            if a.has_ended(now) {
                                a.state = AnimationState::Finished;
                                let total = match a.iteration_state {
                                    style::animation::KeyframesIterationState::Finite(_, max) => {
                                        max
                                    }
                                    style::animation::KeyframesIterationState::Infinite(i) => i,
                                };
                                fire("animationend", total * a.duration);
                            }
                        }
                        if a.state == AnimationState::Canceled {
                            fire("animationcancel", (now - a.started_at).max(0.0));
                        }
                    }
                    // (Finished ones stay until the restyle below, where
                    // Stylo sees them end rather than start a new one.)
                    set.clear_canceled_animations();
                    set.dirty = true;
                    running |= set.needs_animation_ticks();
                    !set.is_empty()
                });
            }
        }
        if running || !out.is_empty() {
            self.note_restyle();
        }
        // An animation-only restyle of each animated element: its styles
        // now are the before-change styles of its next style change (as
        // a browser's are, which styles each rendering update).
        touched.dedup();
        for e in touched {
            let _ = self.computed_values(e, super::StyleTarget::Element);
        }
        self.rendering.updated_at = Some(self.mutations.restyle);
        out
    }
}
