//! The host's update of the rendering
//! (<https://html.spec.whatwg.org/#update-the-rendering>), at a frame
//! when the DOM wants one ([`dom_ecs::Document::rendering_wanted`]): CSS
//! transitions and animations move on the page's clock
//! (`Document::tick_animations`) and the host fires their events,
//! trusted `TransitionEvent`s and `AnimationEvent`s that bubble
//! (<https://drafts.csswg.org/css-transitions-1/#transition-events>,
//! <https://drafts.csswg.org/css-animations-1/#events>); then the focus
//! fixup moves the focus of a document whose focused element is no longer
//! focusable to its viewport, with `blur` and `focusout` at that element.
//! (Animation frame callbacks are timers of their own, at the same frame.)

use dom_ecs::EventValue;

use super::scripts::Engines;

/// Update the rendering: move the transitions and animations, and fire
/// their events, in order; then the focus fixup.
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
    let changes = engines.shared.lock_blocking().doc.focus_fixup_changes();
    for mut change in changes {
        loop {
            let next = engines.shared.lock_blocking().doc.focus_next(&mut change);
            let Some((target, event)) = next else {
                break;
            };
            engines.dispatch_trusted(event, Some(target));
            engines.microtasks();
        }
    }
}
