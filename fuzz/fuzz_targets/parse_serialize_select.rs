//! Parse arbitrary input, check the tree invariants, serialize, reparse,
//! and run a selector taken from the input's first line: nothing may panic.
//! The pausing parse is driven too, with a "script" at every pause that
//! removes the script's parent and collects garbage while the parser still
//! holds nodes.
#![no_main]

use dom_ecs::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (selector, html) = text.split_once('\n').unwrap_or(("*", &text));
    let mut doc = Document::parse(html);
    doc.check_invariants()
        .expect("parsed tree keeps the invariants");
    let out = doc.to_html();
    let again = Document::parse(&out);
    let _ = again.to_html();
    if let Ok(hits) = doc.query_selector_all(doc.root(), selector) {
        for h in hits.into_iter().take(16) {
            let _ = doc.outer_html(h);
            let _ = doc.closest(h, selector);
        }
    }
    if let Some(body) = doc.body() {
        let _ = doc.set_inner_html(body, html);
        doc.check_invariants()
            .expect("innerHTML keeps the invariants");
    }
    let mut paused = Document::parse_pausing_at_scripts(html, Default::default(), |d, script| {
        if let Ok(Some(parent)) = d.parent_node(script) {
            let _ = d.remove(parent);
        }
        d.collect_garbage();
    });
    paused
        .check_invariants()
        .expect("the pausing parse keeps the invariants");
    paused.collect_garbage();
    paused
        .check_invariants()
        .expect("collecting after the pausing parse keeps the invariants");
});
