//! CSS transitions and animations on the page: at each update of the
//! rendering the DOM moves them on the page's clock
//! (`Document::tick_animations`) and the host fires the events they
//! fire, trusted `TransitionEvent`s and `AnimationEvent`s that bubble
//! (<https://drafts.csswg.org/css-transitions-1/#transition-events>,
//! <https://drafts.csswg.org/css-animations-1/#events>).

use dom_ecs::EventValue;

use super::scripts::Engines;

/// Update the rendering: move the transitions and animations, and fire
/// their events, in order.
pub(super) fn update(engines: &Engines) {
    let tasks = engines.shared.lock_blocking().doc.tick_animations();
    for t in tasks {
        let (interface, name) = if t.transition {
            ("TransitionEvent", "propertyName")
        } else {
            ("AnimationEvent", "animationName")
        };
        let init = vec![
            (name, EventValue::Text(t.name)),
            ("elapsedTime", EventValue::Number(t.elapsed)),
            ("pseudoElement", EventValue::Text(t.pseudo.to_owned())),
        ];
        engines.fire_data(t.kind, Some(t.target), true, interface, init);
        engines.microtasks();
    }
}
