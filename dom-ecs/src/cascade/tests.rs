use crate::{Document, NodeId};

fn page(html: &str) -> Document {
    Document::parse(html)
}

fn value(d: &Document, id: &str, property: &str) -> String {
    let e = d.get_element_by_id(id).expect("element");
    let s = d.computed_style(e, None).expect("style");
    s.get_property_value(d, property).expect("value")
}

#[test]
fn author_sheets_cascade_over_the_user_agent_sheet() {
    let d = page(
        "<!doctype html><style>#a { color: rgb(1, 2, 3) } p { margin-top: 5px }</style>\
         <div id=a><p id=b>x</p><span id=c style='display: block; color: red !important'></span></div>\
         <head id=h></head>",
    );
    assert_eq!(value(&d, "a", "color"), "rgb(1, 2, 3)");
    assert_eq!(value(&d, "a", "display"), "block");
    // Inherited, and the user agent's margin-bottom beside the author's top.
    assert_eq!(value(&d, "b", "color"), "rgb(1, 2, 3)");
    assert_eq!(value(&d, "b", "margin-top"), "5px");
    assert_eq!(value(&d, "b", "margin-bottom"), "16px");
    assert_eq!(value(&d, "b", "margin"), "5px 0px 16px");
    // The style attribute.
    assert_eq!(value(&d, "c", "display"), "block");
    assert_eq!(value(&d, "c", "color"), "rgb(255, 0, 0)");
    assert_eq!(value(&d, "c", "COLOR"), "rgb(255, 0, 0)");
    assert_eq!(value(&d, "c", "no-such-property"), "");
}

#[test]
fn a_change_is_seen_by_the_next_read() {
    let mut d = page("<!doctype html><style>.on { color: rgb(0, 128, 0) }</style><i id=a></i>");
    let a = d.get_element_by_id("a").expect("a");
    let s = d.computed_style(a, None).expect("style");
    assert_eq!(
        s.get_property_value(&d, "color").expect("v"),
        "rgb(0, 0, 0)"
    );
    assert_eq!(s.get_property_value(&d, "font-style").expect("v"), "italic");
    d.set_attribute(a, "class", "on").expect("class");
    assert_eq!(
        s.get_property_value(&d, "color").expect("v"),
        "rgb(0, 128, 0)"
    );
    // The sheet's text changes.
    let style = d
        .query_selector(d.root(), "style")
        .expect("q")
        .expect("style");
    d.set_text_content(style, ".on { color: rgb(0, 0, 255) }")
        .expect("text");
    assert_eq!(
        s.get_property_value(&d, "color").expect("v"),
        "rgb(0, 0, 255)"
    );
    // Removed from the tree: no declarations.
    d.remove(a).expect("remove");
    assert_eq!(s.length(&d).expect("len"), 0);
    assert_eq!(s.get_property_value(&d, "color").expect("v"), "");
}

#[test]
fn a_computed_style_is_read_only_and_lists_longhands() {
    let mut d = page("<!doctype html><div id=a></div>");
    let a = d.get_element_by_id("a").expect("a");
    let s = d.computed_style(a, None).expect("style");
    let n = s.length(&d).expect("len");
    assert!(n > 100, "{n} longhands");
    let names = s.names(&d).expect("names");
    assert_eq!(names.len(), n);
    assert!(names.iter().any(|p| p == "display"));
    assert!(!names.iter().any(|p| p == "margin"), "no shorthands");
    assert_eq!(s.css_text(&d).expect("text"), "");
    assert!(matches!(
        s.set_property(&mut d, "color", "red", ""),
        Err(crate::DomError::NoModificationAllowed(_))
    ));
    assert!(matches!(
        s.set_css_text(&mut d, "color: red"),
        Err(crate::DomError::NoModificationAllowed(_))
    ));
}

#[test]
fn pseudo_elements_and_elements_without_a_style() {
    let d = page(
        "<!doctype html><style>#a::before { content: 'x'; color: rgb(9, 9, 9) }</style><div id=a></div>",
    );
    let a = d.get_element_by_id("a").expect("a");
    let before = d.computed_style(a, Some("::before")).expect("style");
    assert_eq!(
        before.get_property_value(&d, "color").expect("v"),
        "rgb(9, 9, 9)"
    );
    let legacy = d.computed_style(a, Some(":before")).expect("style");
    assert_eq!(
        legacy.get_property_value(&d, "content").expect("v"),
        "\"x\""
    );
    let unknown = d.computed_style(a, Some("::bogus")).expect("style");
    assert_eq!(unknown.length(&d).expect("len"), 0);
    // Not a pseudo-element: the element's own.
    let own = d.computed_style(a, Some("before")).expect("style");
    assert_eq!(own.get_property_value(&d, "display").expect("v"), "block");
    // A document with no browsing context has no styles.
    let mut d2 = Document::new();
    let html = d2.create_element("html").expect("html");
    d2.append_child(d2.root(), html).expect("append");
    let s = d2.computed_style(html, None).expect("style");
    assert!(
        s.length(&d2).expect("len") > 0,
        "the root document has a window"
    );
    let _ = NodeId::from_bits(0);
}

#[test]
fn the_user_agent_sheet_applies_without_author_sheets() {
    let d = page("<!doctype html><div id=a><span id=b></span></div><p id=c hidden>x</p>");
    assert_eq!(value(&d, "a", "display"), "block");
    assert_eq!(value(&d, "b", "display"), "inline");
    assert_eq!(value(&d, "c", "display"), "none");
    let body = d.body().expect("body");
    let s = d.computed_style(body, None).expect("style");
    assert_eq!(s.get_property_value(&d, "margin-top").expect("v"), "8px");
}

#[test]
fn has_and_nth_child_of_match_as_in_browsers() {
    let d = page(
        "<!doctype html><style>div:has(> b) { color: rgb(1, 1, 1) } \
         i:nth-child(2 of .k) { color: rgb(2, 2, 2) }</style>\
         <div id=a><b></b></div><div id=b><i></i></div>\
         <p><i class=k></i><i id=c></i><i class=k id=d></i></p>",
    );
    assert_eq!(value(&d, "a", "color"), "rgb(1, 1, 1)");
    assert_eq!(value(&d, "b", "color"), "rgb(0, 0, 0)");
    assert_eq!(value(&d, "c", "color"), "rgb(0, 0, 0)");
    assert_eq!(value(&d, "d", "color"), "rgb(2, 2, 2)");
}
