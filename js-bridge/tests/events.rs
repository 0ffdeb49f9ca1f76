//! The window as a page sees it from JS: `window.event`, reported
//! exceptions, UI events.

mod common;

use common::run;

#[test]
fn window_event_is_the_current_event_while_a_listener_runs() {
    let out = run(
        "<p id=p></p>",
        r#"
        const p = document.getElementById('p');
        console.log(Object.prototype.hasOwnProperty.call(window, 'event'), window.event);
        p.addEventListener('a', (e) => {
          console.log('a', window.event === e);
          p.dispatchEvent(new Event('b'));
          console.log('a again', window.event === e);
        });
        p.addEventListener('b', (e) => console.log('b', window.event.type));
        p.onc = null;
        p.dispatchEvent(new Event('a'));
        console.log('after', window.event);
        window.event = 5;
        console.log('replaced', window.event);
        "#,
    );
    assert_eq!(
        out,
        [
            "true undefined",
            "a true",
            "b b",
            "a again true",
            "after undefined",
            "replaced 5"
        ]
    );
}

#[test]
fn a_listeners_exception_is_reported_as_an_error_event_at_the_window() {
    let out = run(
        "<p id=p></p>",
        r#"
        const p = document.getElementById('p');
        window.onerror = (message, filename, lineno, colno, error) => {
          console.log('onerror', typeof message, message, error.message);
          return error.message === 'handled';
        };
        window.addEventListener('error', (e) => console.log('listener', e.isTrusted, e.cancelable, e instanceof ErrorEvent));
        p.addEventListener('a', () => { throw new Error('handled'); });
        p.addEventListener('a', () => console.log('next listener runs'));
        p.dispatchEvent(new Event('a'));
        p.addEventListener('b', () => { throw new Error('printed'); });
        p.dispatchEvent(new Event('b'));
        const e = new ErrorEvent('error', { message: 'm', lineno: 3 });
        console.log(e.message, e.lineno, e.colno, e.error, e.filename === '');
        "#,
    );
    assert_eq!(out[0], "onerror string Uncaught Error: handled handled");
    assert_eq!(out[1], "listener true true true");
    assert_eq!(out[2], "next listener runs");
    assert_eq!(out[3], "onerror string Uncaught Error: printed printed");
    assert!(out[5].starts_with("Uncaught Error: printed"), "{out:?}");
    assert_eq!(out[6], "m 3 0 null true");
}

#[test]
fn ui_events_convert_their_init_dictionaries() {
    let out = run(
        "<p id=p></p>",
        r#"
        const e = new MouseEvent('click', { bubbles: true, clientX: 5.7, ctrlKey: 1, button: -1,
                                            buttons: 70000, relatedTarget: document });
        console.log(e.bubbles, e.clientX, e.ctrlKey, e.button, e.buttons, e.detail, e.view,
                    e.getModifierState('Control'), e instanceof UIEvent, e.relatedTarget === document);
        const k = new KeyboardEvent('keydown', { key: 'a', location: KeyboardEvent.DOM_KEY_LOCATION_LEFT });
        console.log(k.key, k.location, k.code === '', WheelEvent.DOM_DELTA_PAGE,
                    document.createEvent('MouseEvents') instanceof MouseEvent);
        for (const f of [() => new MouseEvent('x', { view: 1 }), () => new WheelEvent('x', { deltaX: NaN }),
                         () => new FocusEvent()]) {
          try { f(); } catch (err) { console.log(err.name); }
        }
        class Mine extends MouseEvent {}
        console.log(new Mine('m', { screenX: 3 }).screenX);
        "#,
    );
    assert_eq!(
        out,
        [
            "true 5 true -1 4464 0 null true true true",
            "a 1 true 2 true",
            "TypeError",
            "TypeError",
            "TypeError",
            "3"
        ]
    );
}

#[test]
fn create_events_table_has_the_events_without_constructors_and_device_events() {
    let out = run(
        "<p id=p></p>",
        r#"
        const b = document.createEvent('beforeunloadevent');
        console.log(b instanceof BeforeUnloadEvent, JSON.stringify(b.returnValue));
        b.returnValue = 5;
        console.log(JSON.stringify(b.returnValue));
        const t = document.createEvent('TextEvent');
        t.initTextEvent('textInput', true, false, window, 'hi');
        console.log(t instanceof UIEvent, t.type, t.bubbles, t.view === window, t.data);
        for (const f of [() => new BeforeUnloadEvent('x'), () => new TextEvent('x'),
                         () => new DeviceMotionEventAcceleration(), () => new DeviceMotionEvent('x', { acceleration: 1 })]) {
          try { f(); console.log('made'); } catch (err) { console.log(err.name); }
        }
        const m = new DeviceMotionEvent('devicemotion', { acceleration: { x: 1 }, rotationRate: null, interval: 16 });
        console.log(m.acceleration instanceof DeviceMotionEventAcceleration, m.acceleration.x, m.acceleration.y,
                    m.accelerationIncludingGravity, m.rotationRate.alpha, m.interval, m.acceleration === m.acceleration);
        const o = new DeviceOrientationEvent('deviceorientation', { alpha: 10, absolute: true });
        console.log(o.alpha, o.beta, o.absolute, document.createEvent('DeviceOrientationEvent').alpha);
        onbeforeunload = () => ({ toString() { return 'r ' + window.event.type; } });
        const u = document.createEvent('BeforeUnloadEvent');
        u.initEvent('beforeunload', false, true);
        console.log(dispatchEvent(u), u.returnValue, u.defaultPrevented);
        "#,
    );
    assert_eq!(
        out,
        [
            "true \"\"",
            "\"5\"",
            "true textInput true true hi",
            "TypeError",
            "TypeError",
            "TypeError",
            "TypeError",
            "true 1 null null null 16 true",
            "10 null true null",
            "false r beforeunload true"
        ]
    );
}

#[test]
fn touch_events_carry_touch_lists() {
    let out = run(
        "<p id=p></p>",
        r#"
        const p = document.getElementById('p');
        const t = new Touch({ identifier: 3, target: p, clientX: 1.5, force: 0.3 });
        console.log(t.identifier, t.target === p, t.clientX, t.force === Math.fround(0.3), t.touchType, Touch.length);
        for (const f of [() => new Touch({ target: p }), () => new Touch({ identifier: 1, target: p, touchType: 'finger' }),
                         () => new Touch({ identifier: 1, target: p, radiusX: NaN }), () => new TouchList(),
                         () => new TouchEvent('touchstart', { touches: [1] })]) {
          try { f(); console.log('made'); } catch (err) { console.log(err.name); }
        }
        const e = new TouchEvent('touchstart', { touches: [t], ctrlKey: true });
        console.log(e.touches.length, e.touches[0] === t, e.touches.item(0) === t, e.touches.item(5), [...e.touches].length,
                    e.changedTouches.length, e.ctrlKey, e.getModifierState('Control'), e.cancelable);
        const c = document.createEvent('TouchEvent');
        console.log(c instanceof TouchEvent, c.touches.length, 'ontouchstart' in document, 'ontouchstart' in p);
        p.ontouchstart = (ev) => console.log('touched', ev.touches[0].identifier);
        p.dispatchEvent(e);
        "#,
    );
    assert_eq!(
        out,
        [
            "3 true 1.5 true direct 1",
            "TypeError",
            "TypeError",
            "TypeError",
            "TypeError",
            "TypeError",
            "1 true true null 1 0 true true false",
            "true 0 true true",
            "touched 3"
        ]
    );
}
