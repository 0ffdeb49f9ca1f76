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

#[test]
fn cssom_sheets_are_the_cascade_s_sheets() {
    let mut d = page("<!doctype html><style id=s>#a { color: rgb(1, 2, 3) }</style><b id=a></b>");
    let s = d.get_element_by_id("s").expect("style");
    let sheet = d.sheet(s).expect("live").expect("a sheet");
    assert_eq!(sheet.owner_node(&d).expect("owner"), Some(s));
    assert_eq!(
        d.sheet(s).expect("live").expect("sheet").identity(),
        sheet.identity()
    );
    assert_eq!(sheet.href(&d).expect("href"), None);
    let rules = sheet.css_rules(&d).expect("rules");
    assert_eq!(rules.length(&d).expect("length"), 1);
    let first = rules.item(&d, 0).expect("item").expect("rule");
    assert_eq!(
        first.css_text(&d).expect("text"),
        "#a { color: rgb(1, 2, 3); }"
    );
    assert_eq!(first.selector_text(&d).expect("selector"), "#a");
    assert_eq!(first.rule_type(&d).expect("type"), 1);
    // insertRule applies to the cascade; deleteRule takes it back.
    assert_eq!(
        sheet
            .insert_rule(&mut d, "b { color: rgb(4, 5, 6) !important }", 1)
            .expect("insert"),
        1
    );
    assert_eq!(value(&d, "a", "color"), "rgb(4, 5, 6)");
    assert_eq!(rules.length(&d).expect("length"), 2);
    assert!(matches!(
        sheet.insert_rule(&mut d, "b {", 9),
        Err(crate::DomError::IndexSize(_))
    ));
    assert!(matches!(
        sheet.insert_rule(&mut d, "not a rule", 0),
        Err(crate::DomError::Syntax(_))
    ));
    let inserted = rules.item(&d, 1).expect("item").expect("rule");
    sheet.delete_rule(&mut d, 1).expect("delete");
    assert_eq!(value(&d, "a", "color"), "rgb(1, 2, 3)");
    assert!(inserted.parent_style_sheet(&d).expect("parent").is_none());
    assert!(first.parent_style_sheet(&d).expect("parent").is_some());
    // selectorText and disabled.
    first.set_selector_text(&mut d, "i").expect("selector");
    assert_eq!(value(&d, "a", "color"), "rgb(0, 0, 0)");
    first.set_selector_text(&mut d, "b").expect("selector");
    assert_eq!(value(&d, "a", "color"), "rgb(1, 2, 3)");
    sheet.set_disabled(&mut d, true).expect("disabled");
    assert_eq!(value(&d, "a", "color"), "rgb(0, 0, 0)");
    sheet.set_disabled(&mut d, false).expect("enabled");
    // A change of the text makes a new sheet; the old one has no owner.
    let text = d.create_text_node("i { color: red }");
    d.append_child(s, text).expect("append");
    let new = d.sheet(s).expect("live").expect("sheet");
    assert_ne!(new.identity(), sheet.identity());
    assert_eq!(sheet.owner_node(&d).expect("owner"), None);
    assert_eq!(new.css_rules(&d).expect("r").length(&d).expect("n"), 2);
    // styleSheets lists the document's sheets in tree order.
    let list = d.style_sheets(d.root()).expect("list");
    assert_eq!(list.length(&d).expect("n"), 1);
    assert_eq!(
        list.item(&d, 0).expect("item").expect("sheet").identity(),
        new.identity()
    );
    // Removed: no sheet.
    d.remove_child(d.parent_node(s).expect("p").expect("parent"), s)
        .expect("remove");
    assert!(d.sheet(s).expect("live").is_none());
    assert_eq!(list.length(&d).expect("n"), 0);
}

#[test]
fn an_empty_style_element_has_a_sheet_to_insert_into() {
    let mut d = page("<!doctype html><b id=a></b>");
    let style = d.create_element("style").expect("style");
    let body = d.body().expect("a body");
    d.append_child(body, style).expect("append");
    let sheet = d.sheet(style).expect("live").expect("a sheet");
    sheet
        .insert_rule(&mut d, "@keyframes anim {}", 0)
        .expect("keyframes");
    sheet
        .insert_rule(&mut d, "b { display: block }", 0)
        .expect("rule");
    assert_eq!(value(&d, "a", "display"), "block");
    let rules = sheet.css_rules(&d).expect("rules");
    let keyframes = rules.item(&d, 1).expect("item").expect("rule");
    assert_eq!(keyframes.rule_type(&d).expect("type"), 7);
    assert_eq!(
        keyframes.css_text(&d).expect("text"),
        "@keyframes anim {\n}"
    );
}

#[test]
fn xml_stylesheet_pseudo_attributes_parse_with_references() {
    use super::sheets::pseudo_attributes;
    let p = pseudo_attributes(r#" href="data:text/css,&#x41;&amp;&apos;"  type='text/css' "#)
        .expect("parses");
    assert_eq!(
        p,
        vec![
            ("href".to_owned(), "data:text/css,A&'".to_owned()),
            ("type".to_owned(), "text/css".to_owned()),
        ]
    );
    assert!(pseudo_attributes(r#"href="a"type="b""#).is_none());
    assert!(pseudo_attributes(r#"href="a&bogus;""#).is_none());
    assert!(pseudo_attributes(r#"href=a"#).is_none());
    assert_eq!(pseudo_attributes("").expect("empty"), vec![]);
}

/// Give `d` a page clock at 1000 ms that the test moves by storing
/// milliseconds.
fn page_clock(d: &mut Document) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
    let ms = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(1000));
    let clock = ms.clone();
    d.set_clock(crate::events::Clock::new(move || {
        clock.load(std::sync::atomic::Ordering::SeqCst) as f64
    }));
    ms
}

#[test]
fn a_transition_interpolates_from_the_before_change_style() {
    use std::sync::atomic::Ordering;
    let mut d = page(
        "<!doctype html><style>#a { width: 100px; transition: width 10s linear } \
         #a.b { width: 200px }</style><div id=a></div>",
    );
    let ms = page_clock(&mut d);
    assert_eq!(value(&d, "a", "width"), "100px");
    let a = d.get_element_by_id("a").expect("a");
    d.set_attribute(a, "class", "b").expect("class");
    assert_eq!(value(&d, "a", "width"), "100px", "the transition starts");
    ms.store(6000, Ordering::SeqCst);
    d.note_restyle();
    assert_eq!(value(&d, "a", "width"), "150px", "halfway");
    ms.store(12000, Ordering::SeqCst);
    d.note_restyle();
    assert_eq!(value(&d, "a", "width"), "200px", "done");
}

#[test]
fn a_keyframes_animation_runs_on_the_clock() {
    use std::sync::atomic::Ordering;
    let mut d = page(
        "<!doctype html><style>@keyframes move { from { left: 0px } to { left: 100px } } \
         #a { position: relative; animation: move 10s linear }</style><div id=a></div>",
    );
    let ms = page_clock(&mut d);
    assert_eq!(value(&d, "a", "left"), "0px");
    ms.store(6000, Ordering::SeqCst);
    d.note_restyle();
    assert_eq!(value(&d, "a", "left"), "50px", "halfway");
}

#[test]
fn ticks_move_transitions_and_animations_and_say_their_events() {
    use std::sync::atomic::Ordering;
    let mut d = page(
        "<!doctype html><style>#a { width: 100px; transition: width 2s linear } \
         #a.b { width: 200px } @keyframes k { to { left: 10px } } \
         #c { left: 0px; animation: k 1s 2 }</style><div id=a></div><div id=c></div>",
    );
    let ms = page_clock(&mut d);
    let a = d.get_element_by_id("a").expect("a");
    let c = d.get_element_by_id("c").expect("c");
    assert_eq!(value(&d, "a", "width"), "100px");
    assert_eq!(value(&d, "c", "left"), "0px");
    d.set_attribute(a, "class", "b").expect("class");
    assert_eq!(value(&d, "a", "width"), "100px");
    let said =
        |v: Vec<crate::cascade::AnimationEventTask>| -> Vec<(NodeId, &'static str, String, f64)> {
            v.into_iter()
                .map(|t| (t.target, t.kind, t.name, t.elapsed))
                .collect()
        };
    ms.store(1500, Ordering::SeqCst);
    let first = said(d.tick_animations());
    assert!(
        first.contains(&(a, "transitionrun", "width".into(), 0.0)),
        "{first:?}"
    );
    assert!(first.contains(&(a, "transitionstart", "width".into(), 0.0)));
    assert!(first.contains(&(c, "animationstart", "k".into(), 0.0)));
    ms.store(2600, Ordering::SeqCst);
    let second = said(d.tick_animations());
    assert_eq!(second, vec![(c, "animationiteration", "k".into(), 1.0)]);
    ms.store(3500, Ordering::SeqCst);
    let third = said(d.tick_animations());
    assert!(
        third.contains(&(a, "transitionend", "width".into(), 2.0)),
        "{third:?}"
    );
    assert!(
        third.contains(&(c, "animationend", "k".into(), 2.0)),
        "{third:?}"
    );
    let fourth = said(d.tick_animations());
    assert!(fourth.is_empty(), "{fourth:?}");
    assert_eq!(value(&d, "a", "width"), "200px");
}

#[test]
fn an_update_of_the_rendering_starts_animations_of_elements_never_styled() {
    use std::sync::atomic::Ordering;
    // A sheet's animation, and one set by a `style` attribute later: no
    // style of either element is ever asked.
    let mut d = page(
        "<!doctype html><style>@keyframes k { to { left: 10px } } \
         #a { animation: k 1s }</style><div id=a></div><div id=b></div>",
    );
    let ms = page_clock(&mut d);
    let a = d.get_element_by_id("a").expect("a");
    let b = d.get_element_by_id("b").expect("b");
    assert!(
        d.animations_running(),
        "an update is due: the sheet is unread"
    );
    let kinds = |v: Vec<crate::cascade::AnimationEventTask>| -> Vec<(NodeId, &'static str)> {
        v.into_iter().map(|t| (t.target, t.kind)).collect()
    };
    assert_eq!(kinds(d.tick_animations()), vec![(a, "animationstart")]);
    d.set_attribute(b, "style", "animation: k 2s")
        .expect("style");
    ms.store(1100, Ordering::SeqCst);
    assert_eq!(kinds(d.tick_animations()), vec![(b, "animationstart")]);
    ms.store(3500, Ordering::SeqCst);
    let ends = kinds(d.tick_animations());
    assert!(ends.contains(&(a, "animationend")), "{ends:?}");
    assert!(ends.contains(&(b, "animationend")), "{ends:?}");
    assert!(d.tick_animations().is_empty());
    assert!(!d.animations_running(), "nothing runs and nothing changed");
}

#[test]
fn css_without_animations_makes_no_update_due_after_one() {
    let mut d = page("<!doctype html><style>p { color: red }</style><p id=p style='color: blue'>");
    assert!(d.animations_running(), "the sheet is unread");
    assert!(d.tick_animations().is_empty());
    assert!(!d.animations_running());
    let p = d.get_element_by_id("p").expect("p");
    d.set_attribute(p, "title", "x").expect("title");
    assert!(
        d.animations_running(),
        "a change with a sheet: one more update"
    );
    assert!(d.tick_animations().is_empty());
    assert!(!d.animations_running());
    // A `style` set on the command buffers' parallel path counts too.
    let mut buf = crate::CommandBuffer::new();
    buf.set_attribute(p, "style", "transition: color 1s");
    d.apply(&buf).expect("apply");
    assert!(d.rendering.may_animate(), "{:?}", d.rendering);
    assert!(super::animate::mentions_animation(
        "a{-webkit-Transition: x}"
    ));
    assert!(super::animate::mentions_animation("ANIMATION: k 1s"));
    assert!(!super::animate::mentions_animation(
        "color: anima; trans: 1"
    ));
}

#[test]
fn a_cloned_style_element_owns_a_sheet() {
    let mut d = page("<!doctype html><style id=s>#a { left: 3px }</style><div id=a></div>");
    let s = d.get_element_by_id("s").expect("s");
    let copy = d.clone_node(s, true).expect("clone");
    let body = d.body().expect("body");
    d.append_child(body, copy).expect("append");
    d.set_text_content(copy, "#a { left: 4px }").expect("text");
    assert_eq!(value(&d, "a", "left"), "4px");
}

#[test]
fn running_transitions_and_animations_are_animations_with_one_handle_each() {
    use std::sync::atomic::Ordering;
    let mut d = page(
        "<!doctype html><style>#a { width: 100px; transition: width 10s linear } \
         #a.b { width: 200px } @keyframes move { from { left: 0px } to { left: 100px } } \
         #c { position: relative; animation: move 10s linear }</style>\
         <div id=a></div><div id=c></div>",
    );
    let ms = page_clock(&mut d);
    let (a, c) = (
        d.get_element_by_id("a").unwrap(),
        d.get_element_by_id("c").unwrap(),
    );
    assert!(d.get_animations(a, false).unwrap().is_empty());
    d.set_attribute(a, "class", "b").unwrap();
    let on_a = d.get_animations(a, false).unwrap();
    assert_eq!(on_a.len(), 1);
    assert!(on_a[0].is_transition());
    assert_eq!(on_a[0].transition_property(&d).unwrap(), "width");
    assert_eq!(on_a[0].play_state(&d).unwrap(), "running");
    let all = d.get_animations(d.root(), true).unwrap();
    assert_eq!(all.len(), 2, "the transition, then the animation");
    assert_eq!(all[0], on_a[0], "the same animation, an equal handle");
    assert_eq!(all[1].animation_name(&d).unwrap(), "move");
    // commitStyles writes the value now into the style attribute.
    ms.store(5000, Ordering::SeqCst);
    d.note_restyle();
    let now = value(&d, "c", "left");
    assert_ne!(now, "0px");
    all[1].commit_styles(&mut d).unwrap();
    assert_eq!(
        d.get_attribute(c, "style").unwrap(),
        Some(format!("left: {now};").as_str())
    );
    // cancel() makes it idle and stops it.
    on_a[0].cancel(&mut d).unwrap();
    assert_eq!(on_a[0].play_state(&d).unwrap(), "idle");
    assert_eq!(d.get_animations(a, false).unwrap().len(), 0);
}
