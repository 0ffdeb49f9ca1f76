//! Memory stays flat under churn: a million nodes created, inserted, given
//! text, removed and reclaimed. Its own test binary, so the process RSS it
//! reads is its own.

use dom_ecs::Document;

fn rss_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split(' ').nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1 << 20))
}

#[test]
fn create_and_remove_churn_keeps_memory_flat() {
    let mut d = Document::parse("<body></body>");
    let body = d.body().unwrap();
    let churn = |d: &mut Document, n: usize| {
        for _ in 0..n {
            let e = d.create_element("span").unwrap();
            d.pin(e).unwrap(); // as a script handle would
            d.append_child(body, e).unwrap();
            d.set_text_content(e, "x").unwrap();
            d.remove(e).unwrap();
            d.unpin(e);
            d.maybe_collect_garbage();
        }
    };
    churn(&mut d, 100_000);
    d.collect_garbage();
    let (before, nodes) = (rss_mb(), d.node_count());
    churn(&mut d, 1_000_000);
    d.collect_garbage();
    assert!(
        d.node_count() <= nodes + 4,
        "{} nodes, was {nodes}",
        d.node_count()
    );
    if let (Some(b), Some(a)) = (before, rss_mb()) {
        assert!(a <= b + 8, "RSS grew from {b} MB to {a} MB");
    }
}
