//! MutationObserver in JS: records from every kind of mutation, delivered
//! in a microtask in its place among the promise jobs, the callback's
//! `this` and arguments, exceptions reported, and an observer the script
//! dropped still called.

mod common;

use common::{page, run};

#[test]
fn records_arrive_in_a_microtask_before_later_promise_jobs() {
    let out = run(
        "<div id=d><b>x</b></div>",
        r#"
        const d = document.getElementById('d');
        new MutationObserver(function (records, o) {
          console.log('cb', this === o, records.map(r =>
            [r.type, r.target.nodeName, r.addedNodes.length, r.removedNodes.length,
             r.attributeName, r.oldValue].join(',')).join(' | '));
        }).observe(d, { childList: true, subtree: true, attributeOldValue: true,
                        characterDataOldValue: true });
        Promise.resolve().then(() => console.log('before'));
        d.setAttribute('a', '1');
        d.className = 'c';
        d.firstChild.firstChild.data = 'y';
        d.append('t');
        Promise.resolve().then(() => console.log('after'));
        console.log('sync');
        "#,
    );
    assert_eq!(
        out,
        [
            "sync",
            "before",
            "cb true attributes,DIV,0,0,a, | attributes,DIV,0,0,class, | characterData,#text,0,0,,x | childList,DIV,1,0,,",
            "after"
        ]
    );
}

#[test]
fn options_take_records_and_disconnect() {
    let out = run(
        "<p id=p></p>",
        r#"
        const p = document.getElementById('p');
        const mo = new MutationObserver(() => console.log('never'));
        for (const o of [{}, { attributes: false, attributeOldValue: true },
                         { attributeFilter: 'x' }, { characterData: false, characterDataOldValue: true }]) {
          try { mo.observe(p, o); console.log('no error'); } catch (e) { console.log(e.name); }
        }
        try { new MutationObserver(1); } catch (e) { console.log(e.name); }
        mo.observe(p, { attributeFilter: ['b'] });
        p.setAttribute('a', '1');
        p.setAttribute('b', '1');
        const r = mo.takeRecords();
        console.log(r.length, r[0].attributeName, r[0] instanceof MutationRecord,
                    Object.prototype.toString.call(r[0]));
        p.setAttribute('b', '2');
        mo.disconnect();
        console.log(mo.takeRecords().length);
        "#,
    );
    assert_eq!(
        out,
        [
            "TypeError",
            "TypeError",
            "TypeError",
            "TypeError",
            "TypeError",
            "1 b true [object MutationRecord]",
            "0"
        ]
    );
}

#[test]
fn a_dropped_observer_still_hears_and_a_throwing_one_is_reported() {
    let (js, log) = page("<p id=p></p>");
    js.run_script(
        r#"
        (() => {
          new MutationObserver(() => { throw new Error('boom'); })
            .observe(document.getElementById('p'), { attributes: true });
          new MutationObserver((r) => console.log('heard', r.length))
            .observe(document.getElementById('p'), { attributes: true });
        })();
        "#,
        "a.js",
    )
    .unwrap();
    js.collect_garbage();
    js.run_script("document.getElementById('p').id = 'q';", "b.js")
        .unwrap();
    let out = log.take();
    assert!(out[0].starts_with("Uncaught Error: boom"), "{out:?}");
    assert_eq!(out[1], "heard 1");
}
