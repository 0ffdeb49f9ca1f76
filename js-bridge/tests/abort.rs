//! AbortController and AbortSignal in JS: trusted abort events, the
//! listener a signal removes, reasons, any() and its dependents, and
//! timeout() on the page's timers.

mod common;

use common::run;

#[test]
fn abort_removes_listeners_and_fires_a_trusted_event_once() {
    let out = run(
        "<p id=p></p>",
        r#"
        const p = document.getElementById('p');
        const c = new AbortController();
        p.addEventListener('click', () => console.log('click'), { signal: c.signal });
        c.signal.onabort = (e) => console.log('abort', e.isTrusted, c.signal.reason.name);
        p.click();
        c.abort();
        c.abort();
        p.click();
        try { c.signal.throwIfAborted(); } catch (e) { console.log('threw', e.name); }
        try { new AbortSignal(); } catch (e) { console.log(e.name); }
        try { p.addEventListener('x', () => {}, { signal: 1 }); } catch (e) { console.log(e.name); }
        const a = new AbortController(), b = new AbortController();
        const any = AbortSignal.any([a.signal, b.signal]);
        const anyOfAny = AbortSignal.any([any]);
        anyOfAny.addEventListener('abort', () => console.log('any of any', anyOfAny.reason));
        b.abort('why');
        console.log(any.aborted, any.reason, AbortSignal.abort('x').reason, AbortSignal.any([AbortSignal.abort(7)]).reason);
        "#,
    );
    assert_eq!(
        out,
        [
            "click",
            "abort true AbortError",
            "threw AbortError",
            "TypeError",
            "TypeError",
            "any of any why",
            "true why x 7"
        ]
    );
}
