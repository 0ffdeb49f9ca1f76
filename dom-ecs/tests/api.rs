//! The DOM core API against WHATWG semantics: tree operations and their
//! errors, attributes and classes, text, HTML in and out, selectors, node
//! lifetime, command buffers and change tracking.

use dom_ecs::{Command, CommandBuffer, CommandQueue, Document, DomError, NodeKind, Target};

fn doc() -> Document {
    Document::parse(
        "<!DOCTYPE html><html><head><title> A  title </title></head><body>\
         <div id=main class='card big'><p id=p1>one</p><p id=p2 class=x>two</p></div>\
         <ul><li>a</li><li class=x>b</li><li>c</li></ul></body></html>",
    )
}

#[test]
fn navigation_is_consistent() {
    let d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let p1 = d.get_element_by_id("p1").unwrap();
    let p2 = d.get_element_by_id("p2").unwrap();
    assert_eq!(d.first_child(main).unwrap(), Some(p1));
    assert_eq!(d.last_child(main).unwrap(), Some(p2));
    assert_eq!(d.next_sibling(p1).unwrap(), Some(p2));
    assert_eq!(d.previous_sibling(p2).unwrap(), Some(p1));
    assert_eq!(d.parent_node(p1).unwrap(), Some(main));
    assert_eq!(d.children(main).unwrap(), vec![p1, p2]);
    assert_eq!(d.child_element_count(main).unwrap(), 2);
    assert_eq!(d.tag_name(main).unwrap(), "DIV");
    assert_eq!(d.local_name(main).unwrap(), "div");
    assert_eq!(d.node_name(d.root()).unwrap(), "#document");
    assert_eq!(d.title(), "A title");
    assert!(d.is_connected(p1).unwrap());
    assert!(d.contains(d.root(), Some(p1)).unwrap());
    assert!(!d.contains(d.root(), None).unwrap());
    assert!(!d.contains(p1, Some(main)).unwrap());
    let body = d.body().unwrap();
    assert_eq!(d.parent_element(body).unwrap(), d.document_element());
    assert_eq!(
        d.parent_element(d.document_element().unwrap()).unwrap(),
        None
    );
    assert_eq!(d.kind(d.doctype().unwrap()).unwrap(), NodeKind::Doctype);
}

#[test]
fn inserting_a_node_into_itself_or_its_descendant_is_a_hierarchy_error() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let p1 = d.get_element_by_id("p1").unwrap();
    assert!(matches!(
        d.append_child(main, main),
        Err(DomError::HierarchyRequest(_))
    ));
    assert!(matches!(
        d.append_child(p1, main),
        Err(DomError::HierarchyRequest(_))
    ));
    let text = d.first_child(p1).unwrap().unwrap();
    assert!(matches!(
        d.append_child(text, p1),
        Err(DomError::HierarchyRequest(_))
    ));
    let root = d.root();
    let t = d.create_text_node("x");
    assert!(matches!(
        d.append_child(root, t),
        Err(DomError::HierarchyRequest(_))
    ));
    let e = d.create_element("div").unwrap();
    assert!(
        matches!(d.append_child(root, e), Err(DomError::HierarchyRequest(_))),
        "a document has only one element"
    );
    d.check_invariants().unwrap();
}

#[test]
fn reference_nodes_must_be_children() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let li = d.query_selector(d.root(), "li").unwrap().unwrap();
    let n = d.create_element("span").unwrap();
    let errors = [
        d.insert_before(main, n, Some(li)).map(drop),
        d.remove_child(main, li).map(drop),
        d.replace_child(main, n, li).map(drop),
    ];
    for e in errors {
        let e = e.expect_err("the reference is not a child of main");
        assert!(matches!(e, DomError::NotFound(_)), "{e:?}");
        assert_eq!(e.name(), "NotFoundError");
    }
    d.check_invariants().unwrap();
}

#[test]
fn moving_inserting_replacing_and_removing() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let p1 = d.get_element_by_id("p1").unwrap();
    let p2 = d.get_element_by_id("p2").unwrap();
    d.append_child(main, p1).unwrap(); // moves p1 after p2
    assert_eq!(d.children(main).unwrap(), vec![p2, p1]);
    d.insert_before(main, p1, Some(p2)).unwrap();
    assert_eq!(d.children(main).unwrap(), vec![p1, p2]);
    d.insert_before(main, p1, Some(p1)).unwrap(); // before itself: no-op
    assert_eq!(d.children(main).unwrap(), vec![p1, p2]);
    let s = d.create_element("section").unwrap();
    assert_eq!(d.replace_child(main, s, p1).unwrap(), p1);
    assert_eq!(d.children(main).unwrap(), vec![s, p2]);
    assert_eq!(d.parent_node(p1).unwrap(), None);
    assert_eq!(
        d.get_element_by_id("p1"),
        None,
        "removed nodes leave the id index"
    );
    d.append_child(s, p1).unwrap();
    assert_eq!(
        d.get_element_by_id("p1"),
        Some(p1),
        "re-inserted nodes come back"
    );
    d.remove(p2).unwrap();
    assert!(!d.is_connected(p2).unwrap());
    assert_eq!(
        d.text_content(p2).unwrap().as_deref(),
        Some("two"),
        "removed nodes stay usable"
    );
    // Fragments insert their children.
    let f = d.create_document_fragment();
    let a = d.create_element("a").unwrap();
    let b = d.create_element("b").unwrap();
    d.append_child(f, a).unwrap();
    d.append_child(f, b).unwrap();
    d.append_child(main, f).unwrap();
    assert_eq!(d.children(main).unwrap(), vec![s, a, b]);
    assert_eq!(d.first_child(f).unwrap(), None);
    d.check_invariants().unwrap();
}

#[test]
fn duplicate_ids_resolve_to_the_first_in_tree_order() {
    let mut d = Document::parse("<div id=x>1</div><div id=x>2</div>");
    let all = d.query_selector_all(d.root(), "#x").unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(d.get_element_by_id("x"), Some(all[0]));
    let body = d.body().unwrap();
    d.append_child(body, all[0]).unwrap(); // move the first to the end
    assert_eq!(d.get_element_by_id("x"), Some(all[1]));
    d.set_attribute(all[1], "id", "y").unwrap();
    assert_eq!(d.get_element_by_id("x"), Some(all[0]));
    assert_eq!(d.get_element_by_id("y"), Some(all[1]));
    d.remove_attribute(all[1], "id").unwrap();
    assert_eq!(d.get_element_by_id("y"), None);
    d.check_invariants().unwrap();
}

#[test]
fn attributes_follow_the_spec() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    d.set_attribute(main, "Data-X", "1").unwrap();
    assert_eq!(d.get_attribute(main, "data-x").unwrap(), Some("1"));
    assert_eq!(d.get_attribute(main, "DATA-X").unwrap(), Some("1"));
    assert_eq!(
        d.attribute_names(main).unwrap(),
        vec!["id", "class", "data-x"]
    );
    assert!(matches!(
        d.set_attribute(main, "a b", "1"),
        Err(DomError::InvalidCharacter(_))
    ));
    assert!(matches!(
        d.set_attribute(main, "", "1"),
        Err(DomError::InvalidCharacter(_))
    ));
    assert!(d.toggle_attribute(main, "hidden", None).unwrap());
    assert!(d.has_attribute(main, "hidden").unwrap());
    assert!(!d.toggle_attribute(main, "hidden", None).unwrap());
    assert!(d.toggle_attribute(main, "hidden", Some(true)).unwrap());
    assert!(d.toggle_attribute(main, "hidden", Some(true)).unwrap());
    d.remove_attribute(main, "hidden").unwrap();
    assert!(!d.has_attribute(main, "hidden").unwrap());
    let svg = Document::parse("<svg><a xlink:href='#x'></a></svg>");
    let a = svg.query_selector(svg.root(), "a").unwrap().unwrap();
    assert_eq!(svg.get_attribute(a, "xlink:href").unwrap(), Some("#x"));
    assert_eq!(svg.attribute_names(a).unwrap(), vec!["xlink:href"]);
}

#[test]
fn class_list_is_an_ordered_set() {
    let mut d = Document::parse("<p class='  a b  a '>x</p>");
    let p = d.query_selector(d.root(), "p").unwrap().unwrap();
    assert_eq!(d.class_list(p).unwrap(), vec!["a", "b"]);
    assert!(d.class_contains(p, "b").unwrap());
    d.class_remove(p, &["zzz"]).unwrap();
    assert_eq!(
        d.class_name(p).unwrap(),
        "a b",
        "update steps rewrite the attribute"
    );
    d.class_add(p, &["c", "a"]).unwrap();
    assert_eq!(d.class_name(p).unwrap(), "a b c");
    assert!(!d.class_toggle(p, "a", None).unwrap());
    assert!(d.class_toggle(p, "a", None).unwrap());
    assert!(d.class_toggle(p, "a", Some(true)).unwrap());
    assert!(!d.class_toggle(p, "q", Some(false)).unwrap());
    assert!(d.class_replace(p, "b", "z").unwrap());
    assert_eq!(d.class_name(p).unwrap(), "z c a");
    assert!(!d.class_replace(p, "nope", "y").unwrap());
    assert!(matches!(d.class_add(p, &[""]), Err(DomError::Syntax(_))));
    assert!(matches!(
        d.class_add(p, &["a b"]),
        Err(DomError::InvalidCharacter(_))
    ));
    assert_eq!(d.query_selector_all(d.root(), ".z.c").unwrap(), vec![p]);
    d.set_attribute(p, "class", "k").unwrap();
    assert_eq!(d.class_list(p).unwrap(), vec!["k"]);
    let q = d.create_element("q").unwrap();
    d.class_remove(q, &["x"]).unwrap();
    assert!(
        !d.has_attribute(q, "class").unwrap(),
        "no attribute made for an empty set"
    );
    d.check_invariants().unwrap();
}

#[test]
fn text_content_and_normalize() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    assert_eq!(d.text_content(main).unwrap().as_deref(), Some("onetwo"));
    assert_eq!(d.text_content(d.root()).unwrap(), None);
    d.set_text_content(main, "<b>&</b>").unwrap();
    assert_eq!(d.inner_html(main).unwrap(), "&lt;b&gt;&amp;&lt;/b&gt;");
    assert_eq!(d.child_nodes(main).unwrap().len(), 1);
    d.set_text_content(main, "").unwrap();
    assert!(!d.has_child_nodes(main).unwrap());
    // A text child someone holds is replaced, not reused.
    d.set_text_content(main, "a").unwrap();
    let t = d.first_child(main).unwrap().unwrap();
    d.pin(t).unwrap();
    d.set_text_content(main, "b").unwrap();
    assert_eq!(d.parent_node(t).unwrap(), None);
    assert_eq!(d.data(t).unwrap(), "a");
    // normalize merges adjacent text and drops empty text.
    let x = d.create_text_node("x");
    let e = d.create_text_node("");
    let y = d.create_text_node("y");
    for n in [x, e, y] {
        d.append_child(main, n).unwrap();
    }
    d.normalize(main).unwrap();
    let kids = d.child_nodes(main).unwrap();
    assert_eq!(kids.len(), 1);
    assert_eq!(d.data(kids[0]).unwrap(), "bxy");
    d.check_invariants().unwrap();
}

#[test]
fn inner_and_outer_html() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    assert_eq!(
        d.outer_html(main).unwrap(),
        r#"<div id="main" class="card big"><p id="p1">one</p><p id="p2" class="x">two</p></div>"#
    );
    d.set_inner_html(main, "<span id=s>hi</span><img src='a&b'><br>")
        .unwrap();
    assert_eq!(
        d.inner_html(main).unwrap(),
        r#"<span id="s">hi</span><img src="a&amp;b"><br>"#
    );
    assert!(d.get_element_by_id("s").is_some());
    assert!(d.get_element_by_id("p1").is_none());
    let s = d.get_element_by_id("s").unwrap();
    d.set_outer_html(s, "<em>x</em><em>y</em>").unwrap();
    assert_eq!(d.query_selector_all(main, "em").unwrap().len(), 2);
    let html = d.document_element().unwrap();
    assert!(matches!(
        d.set_outer_html(html, "<p>"),
        Err(DomError::NoModificationAllowed(_))
    ));
    // Table context: the fragment parser uses the element as context.
    let ul = d.query_selector(d.root(), "ul").unwrap().unwrap();
    d.set_inner_html(ul, "<li>1<li>2").unwrap();
    assert_eq!(d.inner_html(ul).unwrap(), "<li>1</li><li>2</li>");
    // Templates keep their contents in a fragment.
    d.set_inner_html(main, "<template><b>t</b></template>")
        .unwrap();
    let t = d.query_selector(main, "template").unwrap().unwrap();
    assert_eq!(d.child_nodes(t).unwrap().len(), 0);
    assert_eq!(d.inner_html(t).unwrap(), "<b>t</b>");
    assert_eq!(
        d.query_selector(d.root(), "b").unwrap(),
        None,
        "template contents are inert"
    );
    // Raw text is not escaped; attributes escape < > & " and nbsp.
    d.set_inner_html(main, "<script>a<b && c</script><p title='<\"&\u{a0}>'></p>")
        .unwrap();
    assert_eq!(
        d.inner_html(main).unwrap(),
        "<script>a<b && c</script><p title=\"&lt;&quot;&amp;&nbsp;&gt;\"></p>"
    );
    d.check_invariants().unwrap();
}

#[test]
fn selectors_match_like_a_browser() {
    let d = doc();
    let q = |s: &str| d.query_selector_all(d.root(), s).unwrap().len();
    assert_eq!(q("p"), 2);
    assert_eq!(q(".x"), 2);
    assert_eq!(q("div > p:nth-child(2)"), 1);
    assert_eq!(q("li:nth-child(odd of :not(.x))"), 1);
    assert_eq!(q("div:has(> p.x)"), 1);
    assert_eq!(q(":is(ul, div) > :where(.x)"), 2);
    assert_eq!(q("[id^=p]"), 2);
    assert_eq!(q("[class~=BIG i]"), 1);
    assert_eq!(q("li:first-child, li:last-child"), 2);
    assert_eq!(q("body *"), 7);
    assert_eq!(q("p::before"), 0);
    assert!(matches!(
        d.query_selector(d.root(), "p >"),
        Err(DomError::Syntax(_))
    ));
    assert!(matches!(
        d.query_selector(d.root(), ":bogus"),
        Err(DomError::Syntax(_))
    ));
    let p2 = d.get_element_by_id("p2").unwrap();
    let main = d.get_element_by_id("main").unwrap();
    assert!(d.matches(p2, "#main > .x").unwrap());
    assert_eq!(d.closest(p2, "div").unwrap(), Some(main));
    assert_eq!(d.closest(p2, "p").unwrap(), Some(p2));
    assert_eq!(d.closest(p2, "ul").unwrap(), None);
    assert_eq!(d.query_selector_all(main, ":scope > p").unwrap().len(), 2);
    assert_eq!(d.query_selector_all(main, "#p2").unwrap(), vec![p2]);
    assert_eq!(d.get_elements_by_tag_name(d.root(), "LI").unwrap().len(), 3);
    assert_eq!(
        d.get_elements_by_class_name(d.root(), "card big").unwrap(),
        vec![main]
    );
}

#[test]
fn clone_node_copies_deeply_and_detached() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let shallow = d.clone_node(main, false).unwrap();
    assert_eq!(
        d.outer_html(shallow).unwrap(),
        r#"<div id="main" class="card big"></div>"#
    );
    let deep = d.clone_node(main, true).unwrap();
    assert_eq!(d.outer_html(deep).unwrap(), d.outer_html(main).unwrap());
    assert!(!d.is_connected(deep).unwrap());
    assert_eq!(d.get_element_by_id("main"), Some(main));
    d.check_invariants().unwrap();
}

#[test]
fn create_element_validates_names() {
    let mut d = Document::new();
    assert!(d.create_element("my-element").is_ok());
    assert!(d.create_element("DIV").is_ok());
    for bad in ["", "1a", "a b", "<p>", "a>"] {
        assert!(
            matches!(d.create_element(bad), Err(DomError::InvalidCharacter(_))),
            "{bad:?}"
        );
    }
    let e = d.create_element("DIV").unwrap();
    assert_eq!(d.local_name(e).unwrap(), "div");
}

#[test]
fn detached_trees_nobody_holds_are_reclaimed() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let p1 = d.get_element_by_id("p1").unwrap();
    let t1 = d.first_child(p1).unwrap().unwrap();
    d.pin(t1).unwrap(); // a handle to a descendant keeps the whole tree
    d.remove(main).unwrap();
    d.collect_garbage();
    assert!(d.is_alive(main) && d.is_alive(p1));
    d.unpinner().unpin(t1); // as a handle dropped on another thread would
    let before = d.node_count();
    let reclaimed = d.collect_garbage();
    assert_eq!(reclaimed, 5, "div, two p, two texts, and nothing else");
    assert_eq!(d.node_count(), before - 5);
    assert!(matches!(d.text_content(p1), Err(DomError::StaleNode)));
    assert!(matches!(
        d.append_child(d.root(), main),
        Err(DomError::StaleNode)
    ));
    d.check_invariants().unwrap();
}

#[test]
fn a_million_creates_and_removes_keep_the_world_flat() {
    let mut d = doc();
    let body = d.body().unwrap();
    let mut peak = 0;
    for i in 0..1_000_000u32 {
        let e = d.create_element("span").unwrap();
        d.append_child(body, e).unwrap();
        d.set_text_content(e, "x").unwrap();
        d.remove(e).unwrap();
        if i % 1000 == 0 {
            d.maybe_collect_garbage();
        }
        peak = peak.max(d.node_count());
    }
    d.collect_garbage();
    assert!(peak < 5_000, "peak {peak} nodes alive");
    assert!(d.node_count() < 40);
    d.check_invariants().unwrap();
}

#[test]
fn command_buffers_equal_direct_calls() {
    let html = (0..3000)
        .map(|i| format!("<div id=e{i} class=c>t{i}</div>"))
        .collect::<String>();
    let mut direct = Document::parse(&html);
    let mut buffered = Document::parse(&html);
    let ids: Vec<_> = (0..3000)
        .map(|i| direct.get_element_by_id(&format!("e{i}")).unwrap())
        .collect();
    let mut buf = CommandBuffer::new();
    for (i, &id) in ids.iter().enumerate() {
        buf.set_text_content(id, format!("u{i}"));
        buf.set_attribute(id, "data-i", i.to_string());
        if i % 2 == 0 {
            buf.toggle_class(id, "odd", None);
        }
        if i % 7 == 0 {
            buf.remove(id);
        }
        if i % 11 == 0 {
            let n = buf.create_element("b");
            buf.set_text_content(n, "new");
            buf.append_child(id, n);
        }
        buf.set_text_content(id, format!("v{i}")); // same node twice: order kept
    }
    let stats = buffered.apply(&buf).unwrap();
    assert!(stats.parallel > 0 && stats.serial > 0, "{stats:?}");
    // The stored form gives back what was recorded.
    let mut copy = CommandBuffer::new();
    for cmd in buf.commands() {
        copy.push(cmd);
    }
    assert_eq!(copy.commands(), buf.commands());
    apply_one_by_one(&mut direct, &buf);
    assert_eq!(direct.to_html(), buffered.to_html());
    buffered.check_invariants().unwrap();
}

/// Run a buffer's commands through the direct DOM methods.
fn apply_one_by_one(d: &mut Document, buf: &CommandBuffer) {
    let mut created = Vec::new();
    let r = |t: &Target, created: &Vec<dom_ecs::NodeId>| match t {
        Target::Node(n) => *n,
        Target::New(i) => created[*i as usize],
    };
    for c in &buf.commands() {
        match c {
            Command::CreateElement { local_name } => {
                created.push(d.create_element(local_name).unwrap())
            }
            Command::CreateText { data } => created.push(d.create_text_node(data)),
            Command::CreateComment { data } => created.push(d.create_comment(data)),
            Command::SetTextContent { node, text } => {
                d.set_text_content(r(node, &created), text).unwrap()
            }
            Command::SetData { node, data } => d.set_data(r(node, &created), data).unwrap(),
            Command::SetAttribute { node, name, value } => {
                d.set_attribute(r(node, &created), name, value).unwrap()
            }
            Command::RemoveAttribute { node, name } => {
                d.remove_attribute(r(node, &created), name).unwrap()
            }
            Command::AddClass { node, class } => d.class_add(r(node, &created), &[class]).unwrap(),
            Command::RemoveClass { node, class } => {
                d.class_remove(r(node, &created), &[class]).unwrap()
            }
            Command::ToggleClass { node, class, force } => {
                d.class_toggle(r(node, &created), class, *force).unwrap();
            }
            Command::AppendChild { parent, child } => {
                d.append_child(r(parent, &created), r(child, &created))
                    .unwrap();
            }
            Command::InsertBefore {
                parent,
                child,
                reference,
            } => {
                let reference = reference.as_ref().map(|x| r(x, &created));
                d.insert_before(r(parent, &created), r(child, &created), reference)
                    .unwrap();
            }
            Command::Remove { node } => d.remove(r(node, &created)).unwrap(),
            Command::SetInnerHtml { node, html } => {
                d.set_inner_html(r(node, &created), html).unwrap()
            }
        }
    }
}

#[test]
fn a_failing_command_stops_the_buffer_where_direct_calls_would() {
    let mut d = doc();
    let main = d.get_element_by_id("main").unwrap();
    let p1 = d.get_element_by_id("p1").unwrap();
    let mut buf = CommandBuffer::new();
    buf.set_attribute(p1, "data-a", "1");
    buf.append_child(p1, main); // HierarchyRequestError
    buf.set_attribute(p1, "data-b", "2");
    let err = d.apply(&buf).unwrap_err();
    assert_eq!(err.index, 1);
    assert_eq!(err.error.name(), "HierarchyRequestError");
    assert!(d.has_attribute(p1, "data-a").unwrap());
    assert!(!d.has_attribute(p1, "data-b").unwrap());
    let mut bad = CommandBuffer::new();
    bad.toggle_class(p1, "ok", None);
    bad.toggle_class(p1, "not ok", None);
    assert_eq!(d.apply(&bad).unwrap_err().index, 1);
    assert!(d.class_contains(p1, "ok").unwrap());
    d.check_invariants().unwrap();
}

#[test]
fn buffers_can_be_filled_on_other_threads() {
    let mut d = doc();
    let ids: Vec<_> = ["p1", "p2"]
        .iter()
        .map(|i| d.get_element_by_id(i).unwrap())
        .collect();
    let queue = CommandQueue::new();
    std::thread::scope(|s| {
        for (n, &id) in ids.iter().enumerate() {
            let tx = queue.sender();
            s.spawn(move || {
                let mut b = CommandBuffer::new();
                b.set_attribute(id, "data-thread", n.to_string());
                tx.send(b).unwrap();
            });
        }
    });
    d.apply_queue(&queue).unwrap();
    assert_eq!(d.get_attribute(ids[0], "data-thread").unwrap(), Some("0"));
    assert_eq!(d.get_attribute(ids[1], "data-thread").unwrap(), Some("1"));
}

#[test]
fn changes_since_a_checkpoint_are_reported() {
    let mut d = doc();
    let p1 = d.get_element_by_id("p1").unwrap();
    let p2 = d.get_element_by_id("p2").unwrap();
    let t1 = d.first_child(p1).unwrap().unwrap();
    let mark = d.checkpoint();
    assert!(d.changes_since(mark).is_empty());
    d.set_text_content(p1, "changed").unwrap(); // reuses t1 in place
    d.set_attribute(p2, "title", "t").unwrap();
    let n = d.create_element("i").unwrap();
    d.append_child(p2, n).unwrap();
    let c = d.changes_since(mark);
    assert_eq!(c.text, vec![t1]);
    assert_eq!(c.attributes, vec![p2]);
    assert_eq!(c.added, vec![n]);
    assert!(c.structure.contains(&p2));
    let later = d.checkpoint();
    assert!(d.changes_since(later).is_empty());
}

#[test]
fn the_pausing_parser_shows_scripts_the_tree_so_far_and_goes_on_from_what_they_did() {
    let html = "<!DOCTYPE html><body><p id=a>one</p><script>first</script>\
                <div id=b><i id=open>x<script>second</script>y</i></div><p id=c>z</p>";
    let mut seen = Vec::new();
    let doc = Document::parse_pausing_at_scripts(html, Default::default(), |d, script| {
        let text = d.text_content(script).unwrap().unwrap_or_default();
        let ids: Vec<bool> = ["a", "b", "c"]
            .iter()
            .map(|id| d.get_element_by_id(id).is_some())
            .collect();
        seen.push((text.clone(), ids));
        if text == "second" {
            // Remove the element the parser is still inside, and collect:
            // nothing the parser holds may be reclaimed.
            let open = d.get_element_by_id("open").unwrap();
            d.remove(open).unwrap();
            d.collect_garbage();
        }
    });
    assert_eq!(
        seen,
        vec![
            ("first".to_owned(), vec![true, false, false]),
            ("second".to_owned(), vec![true, true, false]),
        ]
    );
    // The rest of <i> went into the removed element; parsing went on after it.
    let mut doc = doc;
    doc.check_invariants().unwrap();
    assert_eq!(
        doc.inner_html(doc.body().unwrap()).unwrap(),
        "<p id=\"a\">one</p><script>first</script><div id=\"b\"></div><p id=\"c\">z</p>"
    );
    // The same input parsed at once gives the tree the callback did not touch.
    let whole = Document::parse(html);
    assert!(whole.get_element_by_id("open").is_some());
}

#[test]
fn character_data_ranges_count_utf16_code_units() {
    let mut d = Document::parse("<p id=p>héllo 😀 world</p>");
    let p = d.get_element_by_id("p").unwrap();
    let t = d.first_child(p).unwrap().unwrap();
    assert_eq!(d.data_length(t).unwrap(), 14, "😀 is two code units");
    assert_eq!(d.substring_data(t, 6, 2).unwrap(), "😀");
    assert_eq!(d.substring_data(t, 9, 100).unwrap(), "world");
    assert_eq!(
        d.substring_data(t, 15, 1).unwrap_err().name(),
        "IndexSizeError"
    );
    d.replace_data(t, 0, 5, "HELLO").unwrap();
    d.replace_data(t, 14, 0, "!").unwrap(); // appendData
    d.replace_data(t, 5, 0, ",").unwrap(); // insertData
    assert_eq!(d.data(t).unwrap(), "HELLO, 😀 world!");
    d.replace_data(t, 7, 3, "").unwrap(); // deleteData
    assert_eq!(d.data(t).unwrap(), "HELLO, world!");
    let tail = d.split_text(t, 7).unwrap();
    assert_eq!(d.data(t).unwrap(), "HELLO, ");
    assert_eq!(d.data(tail).unwrap(), "world!");
    assert_eq!(d.next_sibling(t).unwrap(), Some(tail));
    assert_eq!(d.text_content(p).unwrap().unwrap(), "HELLO, world!");
    let el = d.create_element("b").unwrap();
    assert_eq!(d.split_text(el, 0).unwrap_err().name(), "InvalidStateError");
    d.check_invariants().unwrap();
}

#[test]
fn moves_within_the_document_keep_ids_and_connection() {
    let mut d = Document::parse("<div id=a><p id=x><b id=y>t</b></p></div><div id=b></div>");
    let (a, b) = (
        d.get_element_by_id("a").unwrap(),
        d.get_element_by_id("b").unwrap(),
    );
    let x = d.get_element_by_id("x").unwrap();
    d.append_child(b, x).unwrap(); // connected to connected: no detach walk
    assert_eq!(d.parent_node(x).unwrap(), Some(b));
    assert_eq!(
        d.get_element_by_id("y").map(|y| d.is_connected(y).unwrap()),
        Some(true)
    );
    d.remove(b).unwrap(); // now out of the document: ids leave the index
    assert_eq!(d.get_element_by_id("y"), None);
    d.append_child(a, x).unwrap(); // back in: ids return
    assert!(d.get_element_by_id("y").is_some());
    d.check_invariants().unwrap();
}

/// Cloning and the html5lib dump walk the tree with explicit stacks: a
/// million-deep chain (built bottom-up, so each insertion is O(1)) neither
/// overflows the native stack nor takes more than linear time.
#[test]
fn deep_trees_clone_and_dump_without_recursion() {
    const DEPTH: usize = 1_000_000;
    let mut d = Document::parse("");
    let mut top = d.create_text_node("leaf");
    for _ in 0..DEPTH {
        let e = d.create_element("b").unwrap();
        d.append_child(e, top).unwrap();
        top = e;
    }
    let copy = d.clone_node(top, true).unwrap();
    let mut at = copy;
    let mut depth = 0;
    while let Some(c) = d.first_child(at).unwrap() {
        at = c;
        depth += 1;
    }
    assert_eq!(depth, DEPTH);
    assert_eq!(d.text_content(at).unwrap().as_deref(), Some("leaf"));
    let body = d.body().unwrap();
    d.append_child(body, copy).unwrap();
    assert!(d.is_connected(at).unwrap());
    // The dump's output grows with depth squared (its indentation), so it is
    // checked at 5,000 levels on a thread with a 256 KiB stack, which a
    // recursive walk of that depth would overflow.
    let mut small = Document::parse("");
    let mut top = small.create_text_node("leaf");
    for _ in 0..5_000 {
        let e = small.create_element("b").unwrap();
        small.append_child(e, top).unwrap();
        top = e;
    }
    let body = small.body().unwrap();
    small.append_child(body, top).unwrap();
    let dump = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || small.to_test_format(small.root()).unwrap())
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(dump.lines().count(), 3 + 5_000 + 1);
    let last = dump.lines().last().unwrap();
    assert_eq!(last.len(), "| ".len() + 2 * (2 + 5_000) + "\"leaf\"".len());
}

#[test]
fn documents_made_by_scripts() {
    let mut d = Document::parse("<p>page</p>");
    let made = d.create_html_document(Some("a < b"));
    assert_eq!(d.kind(made).unwrap(), NodeKind::Document);
    assert_eq!(d.title_of(made).unwrap(), "a < b");
    let doctype = d.doctype_node_of(made).unwrap().unwrap();
    assert_eq!(d.doctype_name(doctype).unwrap(), "html");
    let html = d.document_element_of(made).unwrap().unwrap();
    assert_eq!(
        d.outer_html(html).unwrap(),
        "<html><head><title>a &lt; b</title></head><body></body></html>"
    );
    let bare = d.create_html_document(None);
    let head = d.head_of(bare).unwrap().unwrap();
    assert!(!d.has_child_nodes(head).unwrap());
    // The page's document is untouched.
    assert_eq!(
        d.body().map(|b| d.inner_html(b).unwrap()).unwrap(),
        "<p>page</p>"
    );

    let parsed = d.parse_from_string(d.root(), "<p>x", "text/html").unwrap();
    let body = d.body_of(parsed).unwrap().unwrap();
    assert_eq!(d.inner_html(body).unwrap(), "<p>x</p>");
    // No doctype: quirks mode, its own; scripting is off, so <noscript>
    // holds markup.
    assert_eq!(d.compat_mode_of(parsed).unwrap(), "BackCompat");
    let with = d
        .parse_from_string(
            d.root(),
            "<!DOCTYPE html><body><noscript><p>n</p></noscript>",
            "text/html",
        )
        .unwrap();
    assert_eq!(d.compat_mode_of(with).unwrap(), "CSS1Compat");
    let copy = d.clone_node(parsed, false).unwrap();
    assert_eq!(d.compat_mode_of(copy).unwrap(), "BackCompat");
    let body = d.body_of(with).unwrap().unwrap();
    assert_eq!(d.inner_html(body).unwrap(), "<noscript><p>n</p></noscript>");
    // The XML types: the XML parser, names as written; not well-formed
    // input gives a <parsererror> document.
    let svg = d
        .parse_from_string(
            d.root(),
            "<svg:a xmlns:svg='http://www.w3.org/2000/svg'/>",
            "image/svg+xml",
        )
        .unwrap();
    let a = d.document_element_of(svg).unwrap().unwrap();
    assert_eq!(d.tag_name(a).unwrap(), "svg:a");
    assert_eq!(d.content_type_of(svg).unwrap(), "image/svg+xml");
    let bad = d.parse_from_string(d.root(), "<a>", "text/xml").unwrap();
    let e = d.document_element_of(bad).unwrap().unwrap();
    assert_eq!(d.local_name(e).unwrap(), "parsererror");
    assert!(matches!(
        d.parse_from_string(d.root(), "x", "text/plain"),
        Err(DomError::NotSupported(_))
    ));
    // A document-creating method needs a document to be called on.
    let p = d.create_element("p").unwrap();
    assert!(d.create_element_in(p, "q").is_err());
    assert!(d.create_element_in(made, "q").is_ok());
}

#[test]
fn move_before_moves_within_a_tree_and_keeps_ranges_in_step() {
    let mut d = Document::parse("<div id=a><p id=p>x</p></div><div id=b><i id=i></i></div>");
    let (a, b, p, i) = (
        d.get_element_by_id("a").unwrap(),
        d.get_element_by_id("b").unwrap(),
        d.get_element_by_id("p").unwrap(),
        d.get_element_by_id("i").unwrap(),
    );
    d.move_before(b, p, Some(i)).unwrap();
    assert_eq!(d.parent_node(p).unwrap(), Some(b));
    assert_eq!(d.next_sibling(p).unwrap(), Some(i));
    assert!(d.is_connected(p).unwrap());
    // Another tree, an ancestor, a doctype, a stranger reference child.
    let loose = d.create_element("q").unwrap();
    assert!(matches!(
        d.move_before(b, loose, None),
        Err(DomError::HierarchyRequest(_))
    ));
    assert!(matches!(
        d.move_before(p, b, None),
        Err(DomError::HierarchyRequest(_))
    ));
    assert!(matches!(
        d.move_before(a, p, Some(i)),
        Err(DomError::NotFound(_))
    ));
    let root = d.root();
    let doctype = d.create_document_type(root, "html", "", "").unwrap();
    d.prepend(root, &[dom_ecs::NodeOrText::Node(doctype)])
        .unwrap();
    assert!(matches!(
        d.move_before(b, doctype, None),
        Err(DomError::HierarchyRequest(_))
    ));
    // Within a detached tree too.
    let (x, y, z) = (
        d.create_element("x").unwrap(),
        d.create_element("y").unwrap(),
        d.create_element("z").unwrap(),
    );
    d.append_child(x, y).unwrap();
    d.append_child(x, z).unwrap();
    d.move_before(z, y, None).unwrap();
    assert_eq!(d.parent_node(y).unwrap(), Some(z));
    d.check_invariants().unwrap();
}

/// The HTML parser nests elements at most `MAX_DEPTH` deep, as Blink does:
/// what would go deeper becomes a sibling there; text stays where it is
/// (the result is Chromium's `--dump-dom` of the same page).
#[test]
fn the_parser_caps_the_depth_of_the_tree_it_builds() {
    let n = 600;
    let html = format!(
        "<!DOCTYPE html><body>{}deep<span>s</span>{}<b>after</b>{}<p id=end>end</p>",
        (0..n).map(|i| format!("<div id=d{i}>")).collect::<String>(),
        "</div>".repeat(3),
        "</div>".repeat(n - 3),
    );
    let doc = Document::parse(&html);
    let depth = |mut id: dom_ecs::NodeId| {
        let mut d = 0;
        while let Some(p) = doc.parent_node(id).unwrap() {
            (id, d) = (p, d + 1);
        }
        d
    };
    let by_id = |id: &str| doc.get_element_by_id(id).unwrap();
    let cap = dom_ecs::PARSER_MAX_DEPTH;
    // html is 1 deep, body 2, d0 3...: d509 is the deepest parent.
    assert_eq!(depth(by_id("d509")), cap);
    for i in 510..n {
        let d = by_id(&format!("d{i}"));
        assert_eq!(doc.parent_node(d).unwrap(), Some(by_id("d509")), "d{i}");
    }
    assert_eq!(
        doc.text_content(by_id("d599")).unwrap().as_deref(),
        Some("deep")
    );
    let inner = doc.inner_html(by_id("d509")).unwrap();
    assert!(
        inner.ends_with("<div id=\"d599\">deep</div><span>s</span><b>after</b>"),
        "{}",
        &inner[inner.len().saturating_sub(120)..]
    );
    assert_eq!(depth(by_id("end")), 3);
}

/// Past the limit the parser keeps the elements that nest freely off its
/// stack of open elements (`parse/driver.rs`), and the tree is the one
/// Chromium's `--dump-dom` gives for the same pages: each deep element a
/// sibling under the element at the limit, holding its own text, and the
/// page's end tags closing what they closed before the limit.
#[test]
fn markup_nested_past_the_limit_and_closed_gives_chromiums_tree() {
    let n = 700;
    let cap = dom_ecs::PARSER_MAX_DEPTH as usize;
    // (A `<div>` closes the open `p`, and each `</p>` but the first then
    // makes an empty one: Chromium's count too.)
    for (open, close, made) in [
        ("<b><i>", "</i></b>", 2 * n + 1),
        ("<div><p>", "</p></div>", 3 * n),
    ] {
        let html = format!(
            "<!DOCTYPE html><body>{}x{}<p id=after>after</p>",
            open.repeat(n),
            close.repeat(n)
        );
        let doc = Document::parse(&html);
        let body = doc.body().unwrap();
        let after = doc.get_element_by_id("after").unwrap();
        assert_eq!(doc.parent_node(after).unwrap(), Some(body), "{open}");
        // Every element made, none deeper than the limit allows.
        let all = doc.query_selector_all(body, "*").unwrap();
        assert_eq!(all.len(), made, "{open}");
        let depth = |mut id: dom_ecs::NodeId| {
            let mut d = 0;
            while let Some(p) = doc.parent_node(id).unwrap() {
                (id, d) = (p, d + 1);
            }
            d
        };
        assert_eq!(all.iter().map(|&e| depth(e)).max(), Some(cap + 1), "{open}");
        // The text is in the last element opened, under the deepest parent.
        assert!(
            all.iter().any(|&e| depth(e) == cap + 1
                && doc.child_nodes(e).unwrap().len() == 1
                && doc.text_content(e).unwrap().as_deref() == Some("x")),
            "{open}"
        );
    }
    // A fragment's parse is bounded the same way.
    let mut doc = Document::parse("<!DOCTYPE html><body><div id=host></div>");
    let host = doc.get_element_by_id("host").unwrap();
    doc.set_inner_html(host, &"<section>".repeat(3 * cap))
        .unwrap();
    let sections = doc.query_selector_all(host, "section").unwrap();
    assert_eq!(sections.len(), 3 * cap);
    let mut deepest = 0;
    for s in sections {
        let (mut at, mut d) = (s, 0);
        while at != host {
            (at, d) = (doc.parent_node(at).unwrap().unwrap(), d + 1);
        }
        deepest = deepest.max(d);
    }
    assert!(deepest <= cap, "{deepest}");
    doc.check_invariants().unwrap();
}

#[test]
fn the_page_parse_fed_in_pieces_builds_the_tree_the_whole_input_does() {
    // Pieces end inside characters of two and three bytes, character
    // references, CR LF pairs, tags, comments and script end tags.
    let unit = "<p class=x>d\u{e9}j\u{e0} &amp; \u{20ac}&nbsp;\r\n<!-- c -->\
                <script>var s = '</scr' + 'ipt>';</script><b>t</b>\r\n";
    let html = format!(
        "<!DOCTYPE html><body>{}",
        unit.repeat(3 * dom_ecs::PARSE_CHUNK / 50)
    );
    let whole = Document::parse(&html);
    let mut scripts = 0;
    let mut asked = 0;
    let mut pieces = Document::new();
    pieces
        .parse_page(
            &html,
            Default::default(),
            |_, _| scripts += 1,
            || {
                asked += 1;
                true
            },
        )
        .unwrap();
    assert_eq!(scripts, 3 * dom_ecs::PARSE_CHUNK / 50);
    assert_eq!(asked, html.len().div_ceil(dom_ecs::PARSE_CHUNK) - 1);
    let tree = |d: &Document| d.to_test_format(d.root()).unwrap();
    assert_eq!(tree(&pieces), tree(&whole));
}

#[test]
fn a_page_parse_stopped_keeps_a_whole_tree_of_what_it_parsed() {
    let html = format!("<!DOCTYPE html><body>{}", "<div><p>text ".repeat(2000));
    let mut doc = Document::new();
    let stopped = doc
        .parse_page(&html, Default::default(), |_, _| {}, || false)
        .unwrap_err();
    assert_eq!(
        stopped,
        dom_ecs::ParseStopped {
            parsed: dom_ecs::PARSE_CHUNK,
            of: html.len()
        }
    );
    doc.check_invariants().unwrap();
    let body = doc.body().unwrap();
    let text = doc.text_content(body).unwrap().unwrap();
    assert!(text.len() < dom_ecs::PARSE_CHUNK, "{}", text.len());
    assert!(text.starts_with("text text"));
}
