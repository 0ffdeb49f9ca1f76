//! Unit tests of recording and applying.

use super::apply::NodeOp;
use super::*;

#[test]
fn text_past_the_arena_limit_fails_at_apply_and_keeps_what_came_before() {
    let mut d = Document::parse("<p id=p>old</p><b id=b></b>");
    let p = d.get_element_by_id("p").unwrap();
    let b_el = d.get_element_by_id("b").unwrap();
    for threads in [usize::MAX, 1] {
        let mut b = CommandBuffer::new();
        b.set_text_limit(16);
        b.set_attribute(p, "title", "0123456789"); // 5 + 10 bytes: fits
        b.set_text_content(b_el, format_args!("{}", "x".repeat(20))); // does not
        let made = b.create_element("i"); // recorded after the failure
        b.append_child(p, made);
        assert_eq!(b.len(), 4);
        assert_eq!(b.commands().len(), 1, "the list ends at the failure");
        d.set_parallel_threshold(threads);
        let err = d.apply(&b).unwrap_err();
        assert_eq!((err.index, err.error.name()), (1, "QuotaExceededError"));
        assert_eq!(err.error.code(), 22);
        assert_eq!(d.get_attribute(p, "title").unwrap(), Some("0123456789"));
        assert_eq!(d.outer_html(b_el).unwrap(), r#"<b id="b"></b>"#);
        d.check_invariants().unwrap();
        // A string that fits exactly still fits; a cleared buffer takes text again.
        b.clear();
        b.set_text_content(b_el, "0123456789abcdef");
        d.apply(&b).unwrap();
        assert_eq!(
            d.text_content(b_el).unwrap().as_deref(),
            Some("0123456789abcdef")
        );
        b.clear();
        b.set_text_content(b_el, "");
        d.apply(&b).unwrap();
    }
}

#[test]
fn names_are_stored_once_and_read_back_in_order() {
    let mut d = Document::parse("<div id=a></div>");
    let a = d.get_element_by_id("a").unwrap();
    let mut b = CommandBuffer::new();
    // More distinct names than the recent-name cache holds, cycled.
    let names = ["n0", "n1", "n2", "n3", "n4", "n5"];
    for round in 0..3 {
        for n in names {
            b.set_attribute(a, n, round);
        }
    }
    b.toggle_class(a, "x", None);
    b.toggle_class(a, "x", None);
    b.toggle_class(a, "y", Some(true));
    assert_eq!(b.len(), 21);
    let cmds = b.commands();
    for (k, c) in cmds[..18].iter().enumerate() {
        let Command::SetAttribute { name, value, .. } = c else {
            panic!("a SetAttribute, got {c:?}");
        };
        assert_eq!(name, names[k % 6]);
        assert_eq!(value, &(k / 6).to_string());
    }
    // "x" recorded twice in a row is one name-table entry.
    assert_eq!(b.names.len(), 6 * 3 + 2);
    d.apply(&b).unwrap();
    assert_eq!(d.get_attribute(a, "n5").unwrap(), Some("2"));
    assert_eq!(d.get_attribute(a, "class").unwrap(), Some("y"));
}

#[test]
fn a_cleared_buffer_records_afresh() {
    let mut d = Document::parse("<p id=p>old</p>");
    let p = d.get_element_by_id("p").unwrap();
    let mut b = CommandBuffer::with_capacity(4);
    b.set_attribute(p, "title", "first");
    let made = b.create_element("span");
    b.append_child(p, made);
    b.clear();
    assert!(b.is_empty());
    b.set_text_content(p, "new");
    b.add_class(p, "c");
    assert_eq!(b.create_element("i"), Target::New(0));
    d.apply(&b).unwrap();
    assert_eq!(d.outer_html(p).unwrap(), r#"<p id="p" class="c">new</p>"#);
}

/// Big buffers go through the parallel prepare; they must give what
/// applying every command one by one gives, where buffers write the
/// same nodes (directly and through an element's text), where a
/// structural command stops the per-node run halfway, and where a
/// command fails.
#[test]
fn parallel_prepare_matches_one_by_one() {
    let mut page = String::from("<body>");
    for i in 0..600 {
        page.push_str(&format!("<div id=d{i}>{i}</div>"));
    }
    let mut fast = Document::parse(&page);
    let mut slow = Document::parse(&page);
    slow.set_parallel_threshold(usize::MAX);
    fast.set_parallel_threshold(4);
    let divs = fast.get_elements_by_tag_name(fast.root(), "div").unwrap();
    let body = fast.body().unwrap();
    let texts: Vec<NodeId> = divs
        .iter()
        .map(|&d| fast.first_child(d).unwrap().unwrap())
        .collect();
    let mut bufs = vec![CommandBuffer::new(); 4];
    for (i, &d) in divs.iter().enumerate() {
        bufs[0].set_text_content(d, format_args!("zero {i}"));
        bufs[0].set_attribute(d, "data-x", i);
        bufs[0].toggle_class(d, "a", None);
    }
    for (i, &d) in divs.iter().enumerate().step_by(3) {
        bufs[1].set_text_content(d, format_args!("one {i}"));
        bufs[1].add_class(d, "b");
        if i == 300 {
            bufs[1].remove(divs[150]);
            bufs[1].append_child(body, divs[150]);
            bufs[1].set_attribute(divs[150], "ID", "moved");
        }
    }
    for (i, &d) in divs.iter().enumerate().rev() {
        bufs[2].set_attribute(d, "title", i);
        if i == 200 {
            bufs[2].toggle_class(d, "bad token", None);
        }
    }
    for (i, &t) in texts.iter().enumerate().take(100) {
        bufs[3].push(Command::SetData {
            node: Target::Node(t),
            data: format!("three {i}"),
        });
    }
    let refs: Vec<&CommandBuffer> = bufs.iter().collect();
    let report = fast.apply_in_order(&refs);
    let mut failed = Vec::new();
    for (k, b) in bufs.iter().enumerate() {
        if let Err(e) = slow.apply(b) {
            failed.push((k, e));
        }
    }
    assert_eq!(report.errors, failed);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(report.stats.parallel > 1000, "{:?}", report.stats);
    assert_eq!(fast.to_html(), slow.to_html());
    fast.check_invariants().unwrap();
    let moved = fast.get_element_by_id("moved").unwrap();
    assert_eq!(fast.parent_node(moved).unwrap(), Some(body));
}

#[test]
fn values_are_written_as_their_text() {
    let mut b = CommandBuffer::new();
    let n = Target::New(0);
    let s = String::from("owned");
    b.set_text_content(n, "plain");
    b.set_text_content(n, &s);
    b.set_text_content(n, s.clone());
    b.set_text_content(n, format_args!("a{}b", 7));
    b.set_text_content(n, format_args!("literal"));
    b.set_text_content(n, ("r", 3u32, "-", -17i64, Some("!"), None::<&str>));
    for v in [0u64, 9, 10, 1234567890, u64::MAX] {
        b.set_attribute(n, "u", v);
    }
    for v in [0i64, -1, -10, i64::MIN, i64::MAX] {
        b.set_attribute(n, "i", v);
    }
    b.set_attribute(n, "z", usize::MAX);
    b.set_attribute(n, "y", -5isize);
    b.set_attribute(n, "x", 255u8);
    b.set_attribute(n, "w", -128i8);
    let texts: Vec<String> = b
        .commands()
        .into_iter()
        .map(|c| match c {
            Command::SetTextContent { text, .. } => text,
            Command::SetAttribute { value, .. } => value,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    let expected: Vec<String> = ["plain", "owned", "owned", "a7b", "literal", "r3--17!"]
        .into_iter()
        .map(String::from)
        .chain([0u64, 9, 10, 1234567890, u64::MAX].map(|v| v.to_string()))
        .chain([0i64, -1, -10, i64::MIN, i64::MAX].map(|v| v.to_string()))
        .chain([
            usize::MAX.to_string(),
            "-5".into(),
            "255".into(),
            "-128".into(),
        ])
        .collect();
    assert_eq!(texts, expected);
}

#[test]
fn records_stay_small() {
    // Recording and preparing stream these: every byte counts 250k times
    // in a big round.
    assert!(std::mem::size_of::<Rec>() <= 24);
    assert!(std::mem::size_of::<(Entity, NodeOp)>() <= 32);
}

/// `remove(x)` then an insertion of `x` is applied as one move when it
/// can be, and always ends as the two commands one by one would: same
/// tree, same error at the same index, the removal kept when the
/// insertion fails.
#[test]
fn remove_then_insert_equals_two_steps() {
    const PAGE: &str = "<div id=a><p id=x><i id=xi></i></p><p id=y></p></div><div id=b></div>";
    let by = |d: &Document, id: &str| d.get_element_by_id(id).unwrap();
    type Build = Box<dyn Fn(&Document, &mut CommandBuffer)>;
    let cases: Vec<(&str, Build)> = vec![
        (
            "append elsewhere",
            Box::new(move |d, b| {
                b.remove(by(d, "x"));
                b.append_child(by(d, "b"), by(d, "x"));
            }),
        ),
        (
            "back into its own parent, before a sibling",
            Box::new(move |d, b| {
                b.remove(by(d, "y"));
                b.push(Command::InsertBefore {
                    parent: by(d, "a").into(),
                    child: by(d, "y").into(),
                    reference: Some(by(d, "x").into()),
                });
            }),
        ),
        (
            "into its own descendant: HierarchyRequestError",
            Box::new(move |d, b| {
                b.remove(by(d, "x"));
                b.append_child(by(d, "xi"), by(d, "x"));
                b.set_attribute(by(d, "b"), "title", "not reached");
            }),
        ),
        (
            "itself as reference: NotFoundError after removal",
            Box::new(move |d, b| {
                b.remove(by(d, "x"));
                b.push(Command::InsertBefore {
                    parent: by(d, "a").into(),
                    child: by(d, "x").into(),
                    reference: Some(by(d, "x").into()),
                });
            }),
        ),
        (
            "into the document: the two-step path",
            Box::new(move |d, b| {
                b.remove(by(d, "x"));
                b.append_child(d.root(), by(d, "x"));
            }),
        ),
        (
            "into a detached tree and back",
            Box::new(move |d, b| {
                b.remove(by(d, "b"));
                b.remove(by(d, "x"));
                b.append_child(by(d, "b"), by(d, "x"));
                b.append_child(by(d, "a"), by(d, "b"));
            }),
        ),
    ];
    for (name, build) in cases {
        let mut fused = Document::parse(PAGE);
        let mut steps = Document::parse(PAGE);
        let mut b = CommandBuffer::new();
        build(&fused, &mut b);
        let got = fused.apply(&b).map(|_| ());
        let mut want = Ok(());
        for (index, c) in b.commands().into_iter().enumerate() {
            let mut one = CommandBuffer::new();
            one.push(c);
            if let Err(e) = steps.apply(&one) {
                want = Err(ApplyError {
                    index,
                    error: e.error,
                });
                break;
            }
        }
        assert_eq!(got, want, "{name}");
        assert_eq!(fused.to_html(), steps.to_html(), "{name}");
        fused.check_invariants().unwrap();
        for id in ["a", "b", "x", "xi", "y"] {
            assert_eq!(
                fused.get_element_by_id(id).is_some(),
                steps.get_element_by_id(id).is_some(),
                "{name}: #{id} connected"
            );
        }
    }
}

/// An attribute whose change has steps (a `<base>`'s `href`, an event
/// handler content attribute) goes down the serial path even when the
/// buffer is applied in parallel: the steps run.
#[test]
fn attributes_with_change_steps_are_applied_serially() {
    let mut page = String::from("<head><base id=base></head><body>");
    for i in 0..200 {
        page.push_str(&format!("<p id=p{i}></p>"));
    }
    let mut d = Document::parse(&page);
    d.set_url("http://h/dir/page.html");
    d.set_parallel_threshold(4);
    let base = d.get_element_by_id("base").unwrap();
    let p0 = d.get_element_by_id("p0").unwrap();
    assert_eq!(d.base_uri_of(p0).unwrap(), "http://h/dir/page.html");
    let mut b = CommandBuffer::new();
    for i in 0..200 {
        let p = d.get_element_by_id(&format!("p{i}")).unwrap();
        b.set_attribute(p, "title", i);
    }
    b.set_attribute(base, "href", "/x/");
    b.set_attribute(p0, "onclick", "go()");
    d.apply(&b).unwrap();
    assert_eq!(d.base_uri_of(p0).unwrap(), "http://h/x/");
    assert!(d.event_handler(p0, "click").unwrap().is_some());
}
