use super::*;
use crate::command::CommandBuffer;

const JS: u8 = 0;
const PY: u8 = 1;

fn setup(html: &str) -> (Document, MutationObserver) {
    let d = Document::parse(html);
    let mo = MutationObserver::new(Callback { engine: JS, key: 7 });
    (d, mo)
}

/// `takeRecords()`, read as an engine reads them.
fn take(d: &mut Document, mo: &MutationObserver) -> Vec<MutationRecord> {
    let mut r = mo.take_records();
    d.materialize_records(mo, &mut r)
}

fn id(d: &Document, s: &str) -> NodeId {
    d.get_element_by_id(s).unwrap()
}

fn init(f: impl FnOnce(&mut ObserverInit)) -> ObserverInit {
    let mut i = ObserverInit::default();
    f(&mut i);
    i
}

fn child_list(subtree: bool) -> ObserverInit {
    init(|i| {
        i.child_list = true;
        i.subtree = subtree;
    })
}

#[test]
fn options_are_checked_as_observe_says() {
    let (mut d, mo) = setup("<p id=p>x</p>");
    let p = id(&d, "p");
    let err = |d: &mut Document, i| matches!(d.observe(&mo, p, i), Err(DomError::Type(_)));
    assert!(err(&mut d, ObserverInit::default()));
    assert!(err(
        &mut d,
        init(|i| {
            i.attributes = Some(false);
            i.attribute_old_value = Some(true);
        })
    ));
    assert!(err(
        &mut d,
        init(|i| {
            i.character_data = Some(false);
            i.character_data_old_value = Some(true);
        })
    ));
    // attributeOldValue alone implies attributes.
    d.observe(&mo, p, init(|i| i.attribute_old_value = Some(true)))
        .unwrap();
    d.set_attribute(p, "a", "1").unwrap();
    d.set_attribute(p, "a", "2").unwrap();
    let records = take(&mut d, &mo);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].kind, RecordType::Attributes);
    assert_eq!(records[0].attribute_name.as_deref(), Some("a"));
    assert_eq!(records[0].old_value, None);
    assert_eq!(records[1].old_value.as_deref(), Some("1"));
}

#[test]
fn child_list_records_say_what_came_and_went() {
    let (mut d, mo) = setup("<div id=d><b id=b></b></div><p id=p></p>");
    let (div, b, p) = (id(&d, "d"), id(&d, "b"), id(&d, "p"));
    d.observe(&mo, div, child_list(false)).unwrap();
    let i = d.create_element("i").unwrap();
    d.append_child(div, i).unwrap();
    // A move out of the observed node: a removal record.
    d.append_child(p, b).unwrap();
    d.set_text_content(div, "t").unwrap();
    let r = take(&mut d, &mo);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].added_nodes(), &[i]);
    assert_eq!(r[0].previous_sibling, Some(b));
    assert_eq!(r[1].removed_nodes(), &[b]);
    assert_eq!(r[1].next_sibling, Some(i));
    // textContent is one record: the children gone and the text come.
    assert_eq!(r[2].removed_nodes(), &[i]);
    assert_eq!(r[2].added_nodes().len(), 1);
    assert!(mo.take_records().is_empty());
}

#[test]
fn subtree_and_transient_registrations() {
    let (mut d, mo) = setup("<div id=d><p id=p><b id=b>x</b></p></div>");
    let (div, p, b) = (id(&d, "d"), id(&d, "p"), id(&d, "b"));
    d.observe(&mo, div, child_list(true)).unwrap();
    d.remove(p).unwrap();
    // p left the subtree, but until the observer is notified a
    // transient registration still sees what happens inside it.
    d.remove(b).unwrap();
    assert_eq!(mo.take_records().len(), 2);
    let pending = d.take_pending_observers(JS);
    assert_eq!(pending.len(), 0, "records were taken already");
    d.append_child(p, b).unwrap();
    assert!(mo.take_records().is_empty());
}

#[test]
fn character_data_and_old_values() {
    let (mut d, mo) = setup("<p id=p>abc</p>");
    let p = id(&d, "p");
    let t = d.first_child(p).unwrap().unwrap();
    d.observe(
        &mo,
        p,
        init(|i| {
            i.subtree = true;
            i.character_data_old_value = Some(true);
        }),
    )
    .unwrap();
    d.append_data(t, "d").unwrap();
    d.set_text_content(t, "z").unwrap();
    let r = take(&mut d, &mo);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].kind, RecordType::CharacterData);
    assert_eq!(r[0].old_value.as_deref(), Some("abc"));
    assert_eq!(r[1].old_value.as_deref(), Some("abcd"));
}

#[test]
fn attribute_filter_and_class_list() {
    let (mut d, mo) = setup("<p id=p></p>");
    let p = id(&d, "p");
    d.observe(
        &mo,
        p,
        init(|i| i.attribute_filter = Some(vec!["class".into()])),
    )
    .unwrap();
    d.set_attribute(p, "title", "x").unwrap();
    d.class_add(p, &["a"]).unwrap();
    d.class_toggle(p, "a", Some(true)).unwrap(); // no change: no record
    d.class_remove(p, &["a"]).unwrap();
    let r = take(&mut d, &mo);
    assert_eq!(r.len(), 2);
    assert!(
        r.iter()
            .all(|r| r.attribute_name.as_deref() == Some("class"))
    );
}

#[test]
fn each_engine_is_notified_of_its_own_observers_in_order() {
    let (mut d, js) = setup("<p id=p></p>");
    let p = id(&d, "p");
    let py = MutationObserver::new(Callback { engine: PY, key: 1 });
    d.observe(&py, p, init(|i| i.attributes = Some(true)))
        .unwrap();
    d.observe(&js, p, init(|i| i.attributes = Some(true)))
        .unwrap();
    assert!(!d.take_observer_microtask(JS));
    d.set_attribute(p, "a", "1").unwrap();
    assert!(d.take_observer_microtask(JS));
    assert!(!d.take_observer_microtask(JS), "asking clears it");
    assert!(d.take_observer_microtask(PY));
    d.set_attribute(p, "a", "2").unwrap();
    // Still queued: no second microtask.
    assert!(!d.take_observer_microtask(JS));
    assert!(d.has_pending_observers(JS));
    let n = d.take_pending_observers(JS);
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].0.callback().engine, JS);
    assert_eq!(n[0].1.len(), 2);
    assert!(!d.has_pending_observers(JS));
    assert!(d.has_pending_observers(PY));
    assert_eq!(d.take_pending_observers(PY)[0].1.len(), 2);
    d.disconnect_observer(&js);
    d.disconnect_observer(&py);
    assert!(!d.observing());
    d.set_attribute(p, "a", "3").unwrap();
    assert!(!d.has_pending_observers(JS));
}

#[test]
fn command_buffers_queue_the_records_of_their_commands() {
    let (mut d, mo) = setup("<p id=p>x</p><p id=q>y</p>");
    let (p, q) = (id(&d, "p"), id(&d, "q"));
    d.set_parallel_threshold(1);
    let root = d.root();
    d.observe(
        &mo,
        root,
        init(|i| {
            i.subtree = true;
            i.attributes = Some(true);
            i.child_list = true;
        }),
    )
    .unwrap();
    let mut b = CommandBuffer::new();
    b.set_attribute(p, "a", "1");
    b.set_attribute(q, "a", "1");
    b.set_text_content(p, "new");
    d.apply(&b).unwrap();
    let r = take(&mut d, &mo);
    let kinds: Vec<_> = r.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RecordType::Attributes,
            RecordType::Attributes,
            RecordType::ChildList
        ]
    );
}

#[test]
fn records_keep_removed_nodes_alive() {
    let (mut d, mo) = setup("<div id=d><p>x</p></div>");
    let div = id(&d, "d");
    d.observe(&mo, div, child_list(false)).unwrap();
    d.set_text_content(div, "").unwrap();
    d.collect_garbage();
    let r = take(&mut d, &mo);
    let removed = r[0].removed_nodes()[0];
    assert!(d.is_alive(removed));
    drop(r);
    d.collect_garbage();
    assert!(!d.is_alive(removed));
}

fn everything() -> ObserverInit {
    init(|i| {
        i.child_list = true;
        i.attributes = Some(true);
        i.character_data = Some(true);
        i.subtree = true;
    })
}

/// What a record says, with nodes by their text.
fn describe(d: &Document, r: &MutationRecord) -> String {
    let text = |ids: &[NodeId]| -> Vec<String> {
        ids.iter()
            .map(|&n| {
                let attached = d.parent_node(n).unwrap().is_some();
                format!(
                    "{}{}",
                    d.text_content(n).unwrap().unwrap_or_default(),
                    if attached { "" } else { "(detached)" }
                )
            })
            .collect()
    };
    format!(
        "{} {:?} {:?} {:?} +{:?} -{:?}",
        r.kind.as_str(),
        d.text_content(r.target).unwrap(),
        r.attribute_name,
        r.old_value,
        text(r.added_nodes()),
        text(r.removed_nodes())
    )
}

#[test]
fn text_rewritten_in_place_names_a_ghost_of_the_old_node() {
    let (mut d, mo) = setup("<p id=p>x</p><p id=q>y</p>");
    let (p, q) = (id(&d, "p"), id(&d, "q"));
    let root = d.root();
    d.observe(&mo, root, everything()).unwrap();
    let old = d.first_child(p).unwrap().unwrap();
    let count = d.node_count();
    d.set_text_content(p, "new").unwrap();
    // (No node is made until the record is read.)
    assert_eq!(d.node_count(), count);
    let mut b = CommandBuffer::new();
    b.set_text_content(q, "one");
    b.set_text_content(q, "two");
    d.apply(&b).unwrap();
    let r = take(&mut d, &mo);
    let said: Vec<String> = r.iter().map(|r| describe(&d, r)).collect();
    assert_eq!(
        said,
        [
            r#"childList Some("new") None None +["new"] -["x(detached)"]"#,
            r#"childList Some("two") None None +["one(detached)"] -["y(detached)"]"#,
            r#"childList Some("two") None None +["two"] -["one(detached)"]"#,
        ]
    );
    // The node the first write kept is the one the record adds; the
    // second write's removed node is the node the first one added.
    assert_eq!(r[0].added_nodes()[0], old);
    assert_eq!(r[1].added_nodes()[0], r[2].removed_nodes()[0]);
    // A ghost read through takeRecords() keeps its transient registration.
    let ghost = r[0].removed_nodes()[0];
    d.set_data(ghost, "changed").unwrap();
    let r = take(&mut d, &mo);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].target, ghost);
}

/// The records of one buffer of per-node commands over 600 elements,
/// applied with the given parallel threshold.
fn records_of_a_big_buffer(threshold: usize) -> Vec<String> {
    let html: String = (0..600)
        .map(|i| format!("<p id=p{i} class=c{}>t{i}</p>", i % 3))
        .collect();
    let (mut d, mo) = setup(&html);
    d.set_parallel_threshold(threshold);
    let root = d.root();
    let mut all = everything();
    all.attribute_old_value = Some(true);
    all.character_data_old_value = Some(true);
    d.observe(&mo, root, all).unwrap();
    let ids: Vec<NodeId> = (0..600).map(|i| id(&d, &format!("p{i}"))).collect();
    let mut b = CommandBuffer::new();
    for (i, &p) in ids.iter().enumerate() {
        b.set_attribute(p, "data-x", i);
        match i % 4 {
            0 => b.toggle_class(p, "c0", None),
            1 => b.remove_class(p, "c1"),
            2 => b.add_class(p, "z"),
            _ => b.remove_attribute(p, "data-none"),
        }
        b.set_text_content(p, ("n", i));
    }
    // Nodes written twice in the run (in two threads' ranges), and a
    // text node's data.
    b.set_attribute(ids[1], "late", 1);
    b.set_text_content(ids[7], "again");
    let text = d.first_child(ids[9]).unwrap().unwrap();
    b.set_text_content(ids[8], "x");
    b.set_data(text, "data");
    d.apply(&b).unwrap();
    let r = take(&mut d, &mo);
    r.iter().map(|r| describe(&d, r)).collect()
}

#[test]
fn runs_prepared_in_parallel_pieces_queue_the_records_the_serial_walk_does() {
    let parallel = records_of_a_big_buffer(1);
    let serial = records_of_a_big_buffer(1_000_000);
    assert_eq!(parallel.len(), serial.len());
    assert_eq!(parallel, serial);
    assert!(parallel.iter().any(|r| r.contains("again")));
}

#[test]
fn a_node_removed_from_the_observed_document_stays_observed_until_the_notify() {
    let (mut d, mo) = setup("<div id=d><p id=p>x</p></div>");
    let (div, p) = (id(&d, "d"), id(&d, "p"));
    let root = d.root();
    d.observe(&mo, root, everything()).unwrap();
    d.remove(div).unwrap();
    // Detached, the div's subtree is seen through its transient
    // registration (a copy of the document's).
    d.set_attribute(p, "a", "1").unwrap();
    let r = take(&mut d, &mo);
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].target, p);
    // The notify drops it.
    drop(d.take_pending_observers(JS));
    d.set_attribute(p, "a", "2").unwrap();
    assert!(mo.take_records().is_empty());
}

#[test]
fn a_text_node_an_engine_holds_in_a_record_list_is_not_rewritten_in_place() {
    let (mut d, mo) = setup("<p id=p>x</p>");
    let p = id(&d, "p");
    let root = d.root();
    d.observe(&mo, root, everything()).unwrap();
    d.set_text_content(p, "a").unwrap();
    let r = take(&mut d, &mo);
    let added = r[0].added_list();
    drop(r);
    d.collect_garbage();
    d.set_text_content(p, "b").unwrap();
    // The node the engine's list names is the one "a" made, now removed.
    assert_eq!(d.text_content(added[0]).unwrap().as_deref(), Some("a"));
    assert_eq!(d.parent_node(added[0]).unwrap(), None);
    let r = take(&mut d, &mo);
    assert_eq!(r[0].removed_nodes(), &added[..]);
}

#[test]
fn an_observer_belongs_to_one_world_while_it_observes_there() {
    let (mut a, mo) = setup("<p id=p>x</p>");
    let mut b = Document::parse("<p id=q>y</p>");
    let (p, q) = (id(&a, "p"), id(&b, "q"));
    let (ra, rb) = (a.root(), b.root());
    a.observe(&mo, ra, everything()).unwrap();
    let err = b.observe(&mo, rb, everything());
    assert!(matches!(err, Err(DomError::NotSupported(_))));
    // Its records hold marks in the first world: they go back there.
    a.set_attribute(p, "k", "1").unwrap();
    a.disconnect_observer(&mo);
    assert!(!a.lifetime.is_held(p.0));
    // Disconnected, it may observe the other world; its records hold
    // marks there and are released there.
    b.observe(&mo, rb, everything()).unwrap();
    b.set_attribute(q, "k", "1").unwrap();
    assert!(b.lifetime.is_held(q.0));
    let r = take(&mut b, &mo);
    assert_eq!((r.len(), r[0].target), (1, q));
    b.drain_unpins();
    assert!(!b.lifetime.is_held(q.0));
    // A world that is gone holds it no more.
    drop(b);
    a.observe(&mo, ra, everything()).unwrap();
    a.set_attribute(p, "k", "2").unwrap();
    assert_eq!(take(&mut a, &mo).len(), 1);
}

/// Each of 600 text nodes gets its data set, then its parent's
/// `textContent`: the records, read, with the parallel threshold given.
fn data_then_text_content(threshold: usize) -> Vec<(String, bool)> {
    let html: String = (0..600).map(|i| format!("<p id=p{i}>t{i}</p>")).collect();
    let (mut d, mo) = setup(&html);
    d.set_parallel_threshold(threshold);
    let root = d.root();
    d.observe(&mo, root, everything()).unwrap();
    let mut b = CommandBuffer::new();
    for i in 0..600 {
        let p = id(&d, &format!("p{i}"));
        let text = d.first_child(p).unwrap().unwrap();
        b.set_data(text, ("d", i));
        b.set_text_content(p, ("n", i));
    }
    d.apply(&b).unwrap();
    let r = take(&mut d, &mo);
    // The data record's target is the node the next record removed.
    r.chunks(2)
        .map(|pair| {
            let replaced = pair[0].target == pair[1].removed_nodes()[0];
            (describe(&d, &pair[0]) + &describe(&d, &pair[1]), replaced)
        })
        .collect()
}

#[test]
fn a_text_node_whose_data_a_run_set_is_replaced_not_rewritten() {
    let parallel = data_then_text_content(1);
    assert_eq!(parallel, data_then_text_content(1_000_000));
    assert!(parallel.iter().all(|(_, replaced)| *replaced));
}
