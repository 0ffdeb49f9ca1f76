use crate::Document;

fn element(style: Option<&str>) -> (Document, crate::NodeId) {
    let mut d = Document::parse("<!doctype html><div id=x></div>");
    let x = d.get_element_by_id("x").expect("div");
    if let Some(s) = style {
        d.set_attribute(x, "style", s).expect("set");
    }
    (d, x)
}

#[test]
fn the_attribute_parses_into_declarations_and_serializes_back() {
    let (d, x) = element(Some(
        "COLOR: red; margin: 1px 2px; bogus: 1; width: nonsense",
    ));
    let s = d.style_of(x).expect("style");
    assert_eq!(
        s.css_text(&d).expect("text"),
        "color: red; margin: 1px 2px;"
    );
    assert_eq!(s.length(&d).expect("length"), 5);
    assert_eq!(s.item(&d, 1).expect("item"), "margin-top");
    assert_eq!(s.item(&d, 9).expect("item"), "");
    assert_eq!(
        s.get_property_value(&d, "Margin").expect("value"),
        "1px 2px"
    );
    assert_eq!(
        s.get_property_value(&d, "margin-left").expect("value"),
        "2px"
    );
    assert_eq!(s.get_property_value(&d, "bogus").expect("value"), "");
}

#[test]
fn set_property_validates_keeps_places_and_writes_the_attribute() {
    let (mut d, x) = element(Some("color: red; display: block"));
    let s = d.style_of(x).expect("style");
    s.set_property(&mut d, "color", "blue", "").expect("set");
    assert_eq!(
        d.get_attribute(x, "style").expect("attr"),
        Some("color: blue; display: block;")
    );
    // A value that does not parse, a bad priority, an unknown property:
    // nothing changes.
    s.set_property(&mut d, "color", "nonsense", "")
        .expect("set");
    s.set_property(&mut d, "color", "green", "later")
        .expect("set");
    s.set_property(&mut d, "colour", "green", "").expect("set");
    assert_eq!(
        s.css_text(&d).expect("text"),
        "color: blue; display: block;"
    );
    s.set_property(&mut d, "margin", "0", "IMPORTANT")
        .expect("set");
    assert_eq!(
        s.get_property_priority(&d, "margin").expect("p"),
        "important"
    );
    assert_eq!(s.get_property_value(&d, "margin").expect("v"), "0px");
    assert_eq!(s.remove_property(&mut d, "margin").expect("rm"), "0px");
    assert_eq!(s.length(&d).expect("length"), 2);
    // An empty value removes.
    s.set_property(&mut d, "display", "", "").expect("set");
    assert_eq!(s.css_text(&d).expect("text"), "color: blue;");
    s.set_css_text(&mut d, "float: left; --Custom: 3")
        .expect("set");
    assert_eq!(s.css_float(&d).expect("float"), "left");
    assert_eq!(s.get_property_value(&d, "--Custom").expect("v"), "3");
    assert_eq!(s.get_property_value(&d, "--custom").expect("v"), "");
}
