//! Event dispatch as a page sees it from JS: `window.event`.

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
