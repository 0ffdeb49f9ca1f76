//! The WebIDL model: parsing, partials and mixins, and the HTML element table.

use webidl::*;

const IDL: &str = r#"
    [Exposed=Window]
    interface Node : EventTarget {
      const unsigned short ELEMENT_NODE = 1;
      readonly attribute unsigned short nodeType;
      attribute DOMString? textContent;
      Node appendChild(Node node);
      Node appendChild(Node node, optional boolean again);
      getter Node? (unsigned long index);
    };
    partial interface Node { static undefined helper(); };
    interface mixin ChildNode { undefined remove(); };
    Node includes ChildNode;
    [Exposed=Worker] interface OnlyInWorkers {};
    [Exposed=(Window,Worker)] interface EventTarget { constructor(); };
"#;

#[test]
fn partials_and_mixins_merge_into_their_interface() {
    let m = Model::from_sources(&[("t.idl", IDL)]).unwrap();
    let node = &m.interfaces["Node"];
    assert_eq!(node.parent.as_deref(), Some("EventTarget"));
    let names: Vec<(&str, bool)> = node
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.is_static))
        .collect();
    assert_eq!(
        names,
        [
            ("ELEMENT_NODE", false),
            ("nodeType", false),
            ("textContent", false),
            ("appendChild", false),
            ("helper", true),
            ("remove", false),
        ]
    );
    assert_eq!(
        node.members[1].kind,
        MemberKind::Attribute { readonly: true }
    );
    assert_eq!(node.members[5].mixin.as_deref(), Some("ChildNode"));
    assert!(!node.has_constructor && m.interfaces["EventTarget"].has_constructor);
    assert!(m.interfaces["OnlyInWorkers"].not_on_window);
    assert!(!m.interfaces["EventTarget"].not_on_window);
    let chain: Vec<&str> = m.ancestry("Node").iter().map(|i| i.name.as_str()).collect();
    assert_eq!(chain, ["Node", "EventTarget"]);
}

#[test]
fn unparsable_idl_is_an_error_not_a_panic() {
    let e = Model::from_sources(&[("bad.idl", "interface { nope")]).unwrap_err();
    assert_eq!(e.file, "bad.idl");
}

#[test]
fn the_dom_standard_reads_whole() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../conformance/wpt/interfaces/"
    );
    let dom = std::fs::read_to_string(format!("{dir}dom.idl")).unwrap();
    let m = Model::from_sources(&[("dom.idl", &dom)]).unwrap();
    let element = &m.interfaces["Element"];
    for name in [
        "getAttribute",
        "classList",
        "append",
        "before",
        "querySelector",
        "slot",
    ] {
        assert!(element.members.iter().any(|x| x.name == name), "{name}");
    }
    assert!(m.interfaces["Text"].has_constructor);
    let append = element.members.iter().find(|x| x.name == "append").unwrap();
    assert_eq!(append.args[0].ty, "(Node or DOMString)");
    assert!(append.args[0].variadic && append.ext.iter().any(|e| e == "CEReactions"));
    let import = &m.interfaces["Document"]
        .members
        .iter()
        .find(|x| x.name == "importNode")
        .unwrap();
    assert_eq!(import.args[1].default.as_deref(), Some("false"));
    assert_eq!(m.interfaces["HTMLCollection"].members.len(), 3);
}

#[test]
fn the_table_gives_interfaces_in_order_and_plain_elements_apart() {
    let (i, plain) =
        html_elements("# c\nHTMLAnchorElement a\nHTMLElement b i\nHTMLModElement del ins\n")
            .unwrap();
    assert_eq!(i.len(), 2);
    assert_eq!(i[1].name, "HTMLModElement");
    assert_eq!(i[1].elements, ["del", "ins"]);
    assert_eq!(plain, ["b", "i"]);
    assert!(
        html_elements("HTMLAElement a\nHTMLBElement a\n")
            .unwrap_err()
            .contains("twice")
    );
    assert!(
        html_elements("HTMLAElement\n")
            .unwrap_err()
            .contains("no element")
    );
}
