use crate::{BoxRect, Document, NodeId};

fn rect(d: &Document, id: &str) -> BoxRect {
    let e = d.get_element_by_id(id).expect("element");
    d.bounding_client_rect(e).expect("rect")
}

fn r(x: f64, y: f64, width: f64, height: f64) -> BoxRect {
    BoxRect {
        x,
        y,
        width,
        height,
    }
}

#[test]
fn blocks_stack_in_the_body_with_its_margin() {
    let d = Document::parse(
        "<!doctype html><style>div { height: 10px }</style>\
         <div id=a></div><div id=b style='width: 50%; margin-left: 4px; padding: 2px; border: 1px solid'></div>",
    );
    assert_eq!(rect(&d, "a"), r(8.0, 8.0, 784.0, 10.0));
    assert_eq!(rect(&d, "b"), r(12.0, 18.0, 392.0 + 6.0, 16.0));
    let body = d.body().expect("body");
    assert_eq!(
        d.bounding_client_rect(body).expect("rect"),
        r(8.0, 8.0, 784.0, 26.0)
    );
}

#[test]
fn positioned_boxes_find_their_containing_block() {
    let d = Document::parse(
        "<!doctype html><style>body { margin: 0 } section { position: relative; margin-top: 20px; height: 50px }\
         #item { position: absolute; left: 30px; top: 5px; width: 100px; height: 100px }</style>\
         <section><div><div id=item></div></div></section><div id=rel style='position: relative; left: 7px; height: 1px'></div>",
    );
    assert_eq!(rect(&d, "item"), r(30.0, 25.0, 100.0, 100.0));
    assert_eq!(rect(&d, "rel"), r(7.0, 70.0, 800.0, 1.0));
}

#[test]
fn boxless_elements_have_no_rects() {
    let mut d = Document::parse(
        "<!doctype html><p id=a style='display: none'><b id=b>x</b></p><i id=c style='display: contents'></i>",
    );
    for id in ["a", "b", "c"] {
        let e = d.get_element_by_id(id).expect("e");
        assert!(d.client_rects(e).expect("rects").is_empty());
        assert_eq!(d.bounding_client_rect(e).expect("rect"), BoxRect::default());
    }
    let head = d.get_elements_by_tag_name(d.root(), "head").expect("head");
    assert!(d.client_rects(head[0]).expect("rects").is_empty());
    // Not connected.
    let e = d.create_element("div").expect("div");
    assert!(d.client_rects(e).expect("rects").is_empty());
}

#[test]
fn inline_boxes_have_a_fragment_per_line() {
    // 16px text: 8px per character, 19.2px lines.
    let d = Document::parse(
        "<!doctype html><style>body { margin: 0; width: 80px }</style>\
         <p id=p style='margin: 0'>aaaa <span id=s>bbbb cccc</span> dd<br id=br>e</p>",
    );
    let s = d.get_element_by_id("s").expect("s");
    let rects = d.client_rects(s).expect("rects");
    // "aaaa bbbb" is 72px wide; "cccc" wraps.
    assert_eq!(rects.len(), 2, "{rects:?}");
    assert_eq!(rects[0].x, 32.0);
    assert_eq!(rects[0].width, 40.0);
    assert_eq!(rects[1].x, 0.0);
    assert_eq!(rects[1].width, 32.0);
    assert!((rects[1].y - 19.2).abs() < 1e-3);
    let p = rect(&d, "p");
    assert!((p.height - 3.0 * 19.2).abs() < 1e-3, "{p:?}");
}

#[test]
fn transforms_move_the_bounding_box() {
    let d = Document::parse(
        "<!doctype html><style>body { margin: 0 } div { width: 100px; height: 50px }</style>\
         <div id=a style='transform: translateX(200px)'><div id=b style='transform: scale(2)'></div></div>\
         <div id=c style='translate: 10px 20px; transform: rotate(90deg)'></div>",
    );
    assert_eq!(rect(&d, "a"), r(200.0, 0.0, 100.0, 50.0));
    // Scaled about its center (50, 25), then moved with its parent.
    assert_eq!(rect(&d, "b"), r(150.0, -25.0, 200.0, 100.0));
    let c = rect(&d, "c");
    assert!(
        (c.x - 35.0).abs() < 1e-6 && (c.y - 45.0).abs() < 1e-6,
        "{c:?}"
    );
    assert!((c.width - 50.0).abs() < 1e-6 && (c.height - 100.0).abs() < 1e-6);
}

#[test]
fn a_change_lays_out_again() {
    let mut d = Document::parse("<!doctype html><div id=a style='height: 10px'></div>");
    let a = d.get_element_by_id("a").expect("a");
    assert_eq!(rect(&d, "a").height, 10.0);
    d.set_attribute(a, "style", "height: 30px").expect("style");
    assert_eq!(rect(&d, "a").height, 30.0);
}

#[test]
fn a_frame_document_is_styled_and_laid_out() {
    let mut d = Document::parse("<!doctype html><body><iframe id=f></iframe>");
    let f = d.get_element_by_id("f").expect("f");
    let inner = d.content_document(f).expect("frame").expect("document");
    let body = d.document_element_of(inner).expect("de").expect("html");
    let div = d.create_element("div").expect("div");
    d.set_attribute(div, "style", "width: 10px; height: 5px")
        .expect("style");
    d.append_child(body, div).expect("append");
    let s = d.computed_style(div, None).expect("style");
    assert_eq!(s.get_property_value(&d, "width").expect("v"), "10px");
    let r = d.bounding_client_rect(div).expect("rect");
    assert_eq!((r.width, r.height), (10.0, 5.0));
}

#[test]
fn hit_testing_follows_paint_order_and_skips_what_is_not_hit() {
    let mut d = Document::parse(
        "<!doctype html><style>body { margin: 0 } div { height: 50px; width: 100px }</style>\
         <div id=a></div><div id=b style='position: relative; top: -20px'><span id=s>x</span></div>\
         <div id=c style='margin-top: -50px; pointer-events: none'></div>\
         <div id=i inert style='height: 10px'></div><dialog id=d>hi</dialog>",
    );
    let id = |d: &Document, x: f64, y: f64| {
        d.element_from_point(d.root(), x, y)
            .unwrap()
            .map(|e| d.get_attribute(e, "id").unwrap().unwrap_or("?").to_owned())
    };
    assert_eq!(id(&d, 10.0, 10.0).as_deref(), Some("a"));
    // The positioned box paints above the later in-flow one, with its span.
    assert_eq!(id(&d, 4.0, 40.0).as_deref(), Some("s"));
    assert_eq!(id(&d, 50.0, 40.0).as_deref(), Some("b"));
    let all: Vec<NodeId> = d.elements_from_point(d.root(), 50.0, 40.0).unwrap();
    let names: Vec<String> = all
        .iter()
        .map(|&e| d.get_attribute(e, "id").unwrap().unwrap_or("").to_owned())
        .collect();
    assert_eq!(names, ["b", "a", "", ""], "then body and html");
    // Inert and pointer-events: none are not hit; nothing hit is the root.
    assert_eq!(id(&d, 10.0, 85.0).as_deref(), Some("?"));
    assert_eq!(id(&d, 700.0, 500.0).as_deref(), Some("?"));
    assert_eq!(d.element_from_point(d.root(), -1.0, 0.0).unwrap(), None);
    // A modal dialog's backdrop covers the page.
    let dialog = d.get_element_by_id("d").unwrap();
    d.dialog_show_modal(dialog).unwrap();
    assert_eq!(id(&d, 10.0, 10.0).as_deref(), Some("d"));
}
