//! The CSS transitions and animations of an element as Web Animations'
//! `Animation` objects (<https://drafts.csswg.org/web-animations-1/>,
//! <https://drafts.csswg.org/css-transitions-2/#the-CSSTransition-interface>,
//! <https://drafts.csswg.org/css-animations-2/#the-CSSAnimation-interface>):
//! `getAnimations()`, `playState`, `cancel()`, `commitStyles()`,
//! `transitionProperty` and `animationName`. Stylo runs them
//! (`animate.rs`); a handle names one of them by its element, its
//! pseudo-element, its kind, its property or name and when it started, so
//! the same animation gives an equal handle at every call (the bridges keep
//! one object per handle).
//!
//! Not here: animations made by script (`animate()`, the `Animation`
//! constructor), effects and timelines, and the `Animation` members that
//! play, pause, seek or change the rate.

use std::sync::{Arc, Weak};

use bevy_ecs::prelude::Entity;
use style::animation::{AnimationSetKey, AnimationState, ElementAnimationSet};
use style::dom::OpaqueNode;
use style::selector_parser::PseudoElement;
use style::values::computed::animation::AnimationFillMode;

use super::StyleTarget;
use crate::{Document, DomError, DomResult, NodeId, StyleDeclarations};

/// What names one CSS transition or CSS animation of an element or
/// pseudo-element.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct AnimationKey {
    element: Entity,
    /// 0 the element, 1 `::before`, 2 `::after`, 3 `::marker`.
    pseudo: u8,
    transition: bool,
    /// The transition's property or the animation's name.
    name: Box<str>,
    /// The bits of the time (in seconds) its effect starts at: a
    /// transition's start time (a replacing one has another), or for an
    /// animation none (one per name on an element).
    start: u64,
}

/// One CSS transition or CSS animation: the one handle of its key while
/// any lives (its address is the identity the bridges keep one object by).
#[derive(Clone, Debug)]
pub struct AnimationHandle(Arc<AnimationKey>);

impl PartialEq for AnimationHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for AnimationHandle {}

/// The handles made, by key (weak: a handle lives as long as an object
/// holds it).
#[derive(Debug, Default)]
pub(crate) struct AnimationHandles {
    made: std::sync::Mutex<rustc_hash::FxHashMap<AnimationKey, Weak<AnimationKey>>>,
}

impl AnimationHandles {
    /// The live handle of `key`, or a new one.
    fn of(&self, key: AnimationKey) -> AnimationHandle {
        let mut made = self
            .made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(h) = made.get(&key).and_then(Weak::upgrade) {
            return AnimationHandle(h);
        }
        if made.len() >= 64 && made.len().is_power_of_two() {
            made.retain(|_, w| w.strong_count() > 0);
        }
        let h = Arc::new(key.clone());
        made.insert(key, Arc::downgrade(&h));
        AnimationHandle(h)
    }
}

/// A document's animation sets, by element and pseudo-element.
type AnimationSets = style::FxHashMap<AnimationSetKey, ElementAnimationSet>;

/// The key of `element`'s pseudo-element `pseudo`'s animation set.
fn set_key(element: Entity, pseudo: u8) -> AnimationSetKey {
    AnimationSetKey::new(OpaqueNode(element.to_bits() as usize), pseudo_of(pseudo))
}

fn pseudo_of(code: u8) -> Option<PseudoElement> {
    match code {
        1 => Some(PseudoElement::Before),
        2 => Some(PseudoElement::After),
        3 => Some(PseudoElement::Marker),
        _ => None,
    }
}

/// Whether a CSS animation is relevant (current or in effect): not
/// canceled, and if finished, filling forwards.
fn animation_relevant(a: &style::animation::Animation) -> bool {
    match a.state {
        AnimationState::Canceled => false,
        AnimationState::Finished => matches!(
            a.fill_mode,
            AnimationFillMode::Forwards | AnimationFillMode::Both
        ),
        _ => true,
    }
}

impl Document {
    /// Run `f` on the animation sets of document `doc`'s style engine, if
    /// it has one (its lock and the sets' taken once).
    fn with_animation_sets<R>(
        &self,
        doc: Entity,
        f: impl FnOnce(&mut AnimationSets) -> R,
    ) -> Option<R> {
        let engines = self
            .style_engines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let engine = engines.get(&doc)?;
        let mut sets = engine.animations.sets.write();
        Some(f(&mut sets))
    }

    /// Run `f` on the animation set of `element`'s pseudo-element `pseudo`,
    /// if it has one.
    fn with_animation_set<R>(
        &self,
        element: Entity,
        pseudo: u8,
        f: impl FnOnce(&mut ElementAnimationSet) -> R,
    ) -> Option<R> {
        let doc = self.node_document(element);
        self.with_animation_sets(doc, |sets| sets.get_mut(&set_key(element, pseudo)).map(f))
            .flatten()
    }

    /// `element.getAnimations(options)`
    /// (<https://drafts.csswg.org/web-animations-1/#dom-animatable-getanimations>):
    /// [`Document::get_animations`] of the element (with `subtree`, and of
    /// its descendants).
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no element.
    pub fn get_animations_of(
        &mut self,
        element: NodeId,
        options: &crate::dict::GetAnimationsOptions,
    ) -> DomResult<Vec<AnimationHandle>> {
        if self.live(element)?.kind != crate::node::NodeKind::Element {
            return Err(DomError::Type("not an element".into()));
        }
        self.get_animations(element, options.subtree)
    }

    /// `getAnimations()` of a document or shadow root
    /// (<https://drafts.csswg.org/web-animations-1/#dom-documentorshadowroot-getanimations>):
    /// [`Document::get_animations`] of its descendants.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn document_animations(&mut self, root: NodeId) -> DomResult<Vec<AnimationHandle>> {
        self.get_animations(root, true)
    }

    /// After the pending style changes, the relevant animations of
    /// `target` (an element, or with `subtree` its descendants too; a
    /// document or shadow root: its descendants), in composite order: the
    /// CSS transitions, then the CSS animations, each by element in tree
    /// order and then as they were made.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn get_animations(
        &mut self,
        target: NodeId,
        subtree: bool,
    ) -> DomResult<Vec<AnimationHandle>> {
        let kind = self.live(target)?.kind;
        let elements: Vec<Entity> = if kind == crate::node::NodeKind::Element && !subtree {
            vec![target.0]
        } else {
            std::iter::once(target.0)
                .chain(self.descendants_of(target.0))
                .filter(|&e| self.n(e).kind == crate::node::NodeKind::Element)
                .collect()
        };
        // (The pending style changes: a style change event starts or
        // cancels transitions.)
        for &e in &elements {
            let _ = self.computed_values(e, StyleTarget::Element);
        }
        let mut transitions = Vec::new();
        let mut animations = Vec::new();
        let doc = self.node_document(target.0);
        self.with_animation_sets(doc, |sets| {
            for &e in &elements {
                for pseudo in 0..4 {
                    let Some(set) = sets.get(&set_key(e, pseudo)) else {
                        continue;
                    };
                    for t in &set.transitions {
                        if matches!(t.state, AnimationState::Pending | AnimationState::Running) {
                            transitions.push(AnimationKey {
                                element: e,
                                pseudo,
                                transition: true,
                                name: t.property_animation.property_id().name().into(),
                                start: t.start_time.to_bits(),
                            });
                        }
                    }
                    for a in &set.animations {
                        if animation_relevant(a) {
                            animations.push(AnimationKey {
                                element: e,
                                pseudo,
                                transition: false,
                                name: a.name.to_string().into(),
                                start: 0,
                            });
                        }
                    }
                }
            }
        });
        transitions.append(&mut animations);
        Ok(transitions
            .into_iter()
            .map(|k| self.rendering.animation_handles.of(k))
            .collect())
    }
}

/// The transition or animation a handle names, as it is now.
enum Found<'a> {
    Transition(&'a mut style::animation::Transition),
    Animation(&'a mut style::animation::Animation),
}

impl AnimationHandle {
    /// The handle's identity: one per animation while the handle lives.
    pub fn identity(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    /// Whether `t` is the transition the handle names.
    fn names_transition(&self, t: &style::animation::Transition) -> bool {
        self.0.transition
            && t.start_time.to_bits() == self.0.start
            && *t.property_animation.property_id().name() == *self.0.name
    }

    /// Whether `a` is the animation the handle names.
    fn names_animation(&self, a: &style::animation::Animation) -> bool {
        !self.0.transition && *a.name.to_string() == *self.0.name
    }

    /// Run `f` on the transition or animation the handle names, if its
    /// element's style still runs it.
    fn with_found<R>(&self, d: &Document, f: impl FnOnce(Found<'_>) -> R) -> Option<R> {
        d.world.get::<crate::node::Node>(self.0.element)?;
        d.with_animation_set(self.0.element, self.0.pseudo, |set| {
            if let Some(t) = set
                .transitions
                .iter_mut()
                .find(|t| self.names_transition(t))
            {
                return Some(f(Found::Transition(t)));
            }
            let a = set
                .animations
                .iter_mut()
                .find(|a| self.names_animation(a))?;
            Some(f(Found::Animation(a)))
        })
        .flatten()
    }

    /// `playState`
    /// (<https://drafts.csswg.org/web-animations-1/#dom-animation-playstate>):
    /// `running` (a transition's delay counts), `paused` (an animation
    /// with `animation-play-state: paused`), `finished`, or `idle` (canceled,
    /// or no longer run by its element's style).
    ///
    /// # Errors
    /// None: the handle outlives its animation.
    pub fn play_state(&self, d: &Document) -> DomResult<&'static str> {
        let state = self.with_found(d, |found| match found {
            Found::Transition(t) => t.state.clone(),
            Found::Animation(a) => a.state.clone(),
        });
        let Some(state) = state else {
            return Ok("idle");
        };
        Ok(match state {
            AnimationState::Pending | AnimationState::Running => "running",
            AnimationState::Paused(_) => "paused",
            AnimationState::Finished => "finished",
            AnimationState::Canceled => "idle",
        })
    }

    /// `transitionProperty` of a `CSSTransition`: the property it moves.
    ///
    /// # Errors
    /// None.
    pub fn transition_property(&self, _d: &Document) -> DomResult<String> {
        Ok(self.0.name.to_string())
    }

    /// `animationName` of a `CSSAnimation`: its `@keyframes` name.
    ///
    /// # Errors
    /// None.
    pub fn animation_name(&self, _d: &Document) -> DomResult<String> {
        Ok(self.0.name.to_string())
    }

    /// Whether it is a CSS transition (else a CSS animation): its object's
    /// interface.
    pub fn is_transition(&self) -> bool {
        self.0.transition
    }

    /// `cancel()` (<https://drafts.csswg.org/web-animations-1/#dom-animation-cancel>):
    /// the animation stops affecting its element and becomes idle; the next
    /// update of the rendering fires its `transitioncancel` or
    /// `animationcancel` event.
    ///
    /// # Errors
    /// None.
    pub fn cancel(&self, d: &mut Document) -> DomResult<()> {
        let changed = d
            .with_animation_set(self.0.element, self.0.pseudo, |set| {
                let mut changed = false;
                for t in &mut set.transitions {
                    if self.names_transition(t) && t.state != AnimationState::Canceled {
                        t.state = AnimationState::Canceled;
                        changed = true;
                    }
                }
                for a in &mut set.animations {
                    if self.names_animation(a) && a.state != AnimationState::Canceled {
                        a.state = AnimationState::Canceled;
                        changed = true;
                    }
                }
                set.dirty |= changed;
                changed
            })
            .unwrap_or(false);
        if changed {
            // (The element's next style is its after-change style with no
            // before-change style to start a transition from: a canceled
            // transition does not start again.)
            if self.0.transition {
                let doc = d.node_document(self.0.element);
                if let Some(engine) = d
                    .style_engines
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get_mut(&doc)
                {
                    engine.previous.remove(&self.0.element);
                }
            }
            d.note_restyle();
        }
        Ok(())
    }

    /// `commitStyles()`
    /// (<https://drafts.csswg.org/web-animations-1/#dom-animation-commitstyles>):
    /// write the values the animation gives its properties now into its
    /// element's `style` attribute.
    ///
    /// # Errors
    /// `NoModificationAllowedError` for a pseudo-element's animation;
    /// `InvalidStateError` when its element is not being rendered.
    pub fn commit_styles(&self, d: &mut Document) -> DomResult<()> {
        if self.0.pseudo != 0 {
            return Err(DomError::NoModificationAllowed(
                "the animation's target is a pseudo-element".into(),
            ));
        }
        let element = NodeId(self.0.element);
        d.live(element)?;
        if d.computed_values(self.0.element, StyleTarget::Element)
            .is_none()
            || !d.maybe_rendered(self.0.element)
        {
            return Err(DomError::InvalidState(
                "the animation's target is not being rendered".into(),
            ));
        }
        let now = d.now_ms() / 1000.0;
        let values: Vec<style::properties::animated_properties::AnimationValue> = self
            .with_found(d, |found| match found {
                Found::Transition(t) if t.state != AnimationState::Canceled => {
                    vec![t.calculate_value(now)]
                }
                Found::Animation(a) if a.state != AnimationState::Canceled => {
                    // (Its values alone: a set of it only.)
                    let set = ElementAnimationSet {
                        animations: vec![a.clone()],
                        ..Default::default()
                    };
                    set.get_value_map_for_active_animations(now)
                        .map(|m| m.into_values().collect())
                        .unwrap_or_default()
                }
                _ => Vec::new(),
            })
            .unwrap_or_default();
        let inline = StyleDeclarations::inline(element);
        for v in values {
            let name = v.id().name().into_owned();
            let mut text = String::new();
            if v.uncompute().to_css(&mut text).is_err() {
                continue;
            }
            inline.set_property(d, &name, &text, "")?;
        }
        Ok(())
    }
}
