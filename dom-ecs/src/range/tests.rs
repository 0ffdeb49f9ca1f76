use super::*;

fn doc(html: &str) -> Document {
    Document::parse(html)
}

fn id(d: &Document, s: &str) -> NodeId {
    d.get_element_by_id(s).unwrap()
}

fn first_child(d: &Document, n: NodeId) -> NodeId {
    d.first_child(n).unwrap().unwrap()
}

fn bounds(d: &Document, r: &Range) -> (NodeId, usize, NodeId, usize) {
    (
        r.start_container(d).unwrap(),
        r.start_offset(d).unwrap(),
        r.end_container(d).unwrap(),
        r.end_offset(d).unwrap(),
    )
}

#[test]
fn setting_points_checks_and_orders_them() {
    let mut d = doc("<!DOCTYPE html><p id=p>abc</p><p id=q>de</p>");
    let (p, q) = (id(&d, "p"), id(&d, "q"));
    let r = d.create_range(d.root()).unwrap();
    assert_eq!(bounds(&d, &r), (d.root(), 0, d.root(), 0));
    let text = first_child(&d, p);
    r.set_start(&mut d, text, 1).unwrap();
    // A start after the end moves the end too.
    assert_eq!(bounds(&d, &r), (text, 1, text, 1));
    let de = first_child(&d, q);
    r.set_end(&mut d, de, 2).unwrap();
    assert!(!r.collapsed(&d).unwrap());
    assert_eq!(r.text(&d).unwrap(), "bcde");
    assert!(matches!(
        r.set_start(&mut d, text, 4),
        Err(DomError::IndexSize(_))
    ));
    let doctype = first_child(&d, d.root());
    assert!(matches!(
        r.set_end(&mut d, doctype, 0),
        Err(DomError::InvalidNodeType(_))
    ));
    let body = d.body().unwrap();
    assert_eq!(r.common_ancestor_container(&d).unwrap(), body);
    r.select_node(&mut d, q).unwrap();
    assert_eq!(bounds(&d, &r), (body, 1, body, 2));
    assert!(r.intersects_node(&d, q).unwrap());
    assert!(!r.intersects_node(&d, p).unwrap());
    assert_eq!(r.compare_point(&d, text, 0).unwrap(), -1);
    assert!(r.is_point_in_range(&d, q, 1).unwrap());
    let other = r.clone_range(&mut d).unwrap();
    other.collapse(&mut d, true).unwrap();
    assert_eq!(
        r.compare_boundary_points(&d, how::START_TO_END, &other)
            .unwrap(),
        1
    );
    assert!(matches!(
        r.compare_boundary_points(&d, 7, &other),
        Err(DomError::NotSupported(_))
    ));
}

#[test]
fn mutations_keep_live_ranges_valid() {
    let mut d = doc("<div id=a><b id=b>x</b><i id=i>yz</i><u id=u></u></div>");
    let (a, b, i) = (id(&d, "a"), id(&d, "b"), id(&d, "i"));
    let r = d.create_range(d.root()).unwrap();
    r.set_start(&mut d, a, 2).unwrap();
    r.set_end(&mut d, a, 3).unwrap();
    // Inserting before the start's child shifts both points.
    let new = d.create_element("s").unwrap();
    d.insert_before(a, new, Some(b)).unwrap();
    assert_eq!(bounds(&d, &r), (a, 3, a, 4));
    // Removing a node before them shifts them back.
    d.remove(new).unwrap();
    assert_eq!(bounds(&d, &r), (a, 2, a, 3));
    // A point inside a removed node goes to where it was.
    let yz = first_child(&d, i);
    r.set_start(&mut d, yz, 1).unwrap();
    d.remove(i).unwrap();
    assert_eq!(bounds(&d, &r), (a, 1, a, 2));
    // Replace data clamps and shifts offsets in the node.
    d.append_child(a, i).unwrap();
    r.set_start(&mut d, yz, 1).unwrap();
    r.set_end(&mut d, yz, 2).unwrap();
    d.insert_data(yz, 0, "123").unwrap();
    assert_eq!(bounds(&d, &r), (yz, 4, yz, 5));
    d.delete_data(yz, 2, 3).unwrap();
    assert_eq!(bounds(&d, &r), (yz, 2, yz, 2));
    // splitText moves a point past the split into the new node.
    d.append_data(yz, "cd").unwrap();
    r.set_start(&mut d, yz, 1).unwrap();
    r.set_end(&mut d, yz, 3).unwrap();
    let tail = d.split_text(yz, 1).unwrap();
    assert_eq!(bounds(&d, &r), (yz, 1, tail, 2));
    // normalize merges it back, points and all.
    d.normalize(a).unwrap();
    assert_eq!(bounds(&d, &r), (yz, 1, yz, 3));
    // A set of the data collapses points inside it to 0.
    d.set_data(yz, "q").unwrap();
    assert_eq!(bounds(&d, &r), (yz, 0, yz, 0));
}

#[test]
fn contents_are_extracted_cloned_and_deleted() {
    let mut d = doc("<div id=a><p id=p>one</p><p id=q>two</p><p id=s>six</p></div>");
    let (a, p, s) = (id(&d, "a"), id(&d, "p"), id(&d, "s"));
    let (one, six) = (first_child(&d, p), first_child(&d, s));
    let r = d.create_range(d.root()).unwrap();
    r.set_start(&mut d, one, 1).unwrap();
    r.set_end(&mut d, six, 2).unwrap();
    let copy = r.clone_contents(&mut d).unwrap();
    assert_eq!(
        d.inner_html(copy).unwrap(),
        "<p id=\"p\">ne</p><p id=\"q\">two</p><p id=\"s\">si</p>"
    );
    let out = r.extract_contents(&mut d).unwrap();
    assert_eq!(d.inner_html(out).unwrap(), d.inner_html(copy).unwrap());
    assert_eq!(
        d.inner_html(a).unwrap(),
        "<p id=\"p\">o</p><p id=\"s\">x</p>"
    );
    assert_eq!(bounds(&d, &r), (a, 1, a, 1));
    r.select_node_contents(&mut d, a).unwrap();
    r.delete_contents(&mut d).unwrap();
    assert_eq!(d.inner_html(a).unwrap(), "");
}

#[test]
fn nodes_are_inserted_and_surrounded() {
    let mut d = doc("<div id=a>hello world</div>");
    let a = id(&d, "a");
    let text = first_child(&d, a);
    let r = d.create_range(d.root()).unwrap();
    r.set_start(&mut d, text, 6).unwrap();
    r.set_end(&mut d, text, 11).unwrap();
    let b = d.create_element("b").unwrap();
    r.surround_contents(&mut d, b).unwrap();
    assert_eq!(d.inner_html(a).unwrap(), "hello <b>world</b>");
    assert_eq!(bounds(&d, &r), (a, 1, a, 2));
    r.collapse(&mut d, true).unwrap();
    let i = d.create_element("i").unwrap();
    r.insert_node(&mut d, i).unwrap();
    assert_eq!(d.inner_html(a).unwrap(), "hello <i></i><b>world</b>");
    // A collapsed range grows over what it inserted.
    assert_eq!(bounds(&d, &r), (a, 1, a, 2));
    let comment = d.create_comment("c");
    d.append_child(a, comment).unwrap();
    r.set_start(&mut d, comment, 0).unwrap();
    assert!(matches!(
        r.insert_node(&mut d, i),
        Err(DomError::HierarchyRequest(_))
    ));
}

#[test]
fn a_live_range_turns_off_the_in_place_text_write() {
    let mut d = doc("<div id=a>x</div>");
    let a = id(&d, "a");
    let r = d.create_range(d.root()).unwrap();
    r.set_start(&mut d, a, 1).unwrap();
    d.set_text_content(a, "y").unwrap();
    // The old child was removed (the point moved back), and the new one
    // appended after it.
    assert_eq!(bounds(&d, &r), (a, 0, a, 0));
}
