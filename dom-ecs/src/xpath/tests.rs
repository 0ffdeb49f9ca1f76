use super::result_type as rt;
use crate::document::Document;
use crate::error::DomError;
use crate::node::NodeId;

fn page(html: &str) -> Document {
    Document::parse(html)
}

fn no_prefixes(_: &str) -> Option<String> {
    None
}

fn eval(d: &mut Document, xp: &str, context: NodeId, kind: u16) -> super::XPathResult {
    let e = Document::create_expression(xp, &mut no_prefixes)
        .unwrap_or_else(|err| panic!("{xp}: {err:?}"));
    d.evaluate_expression(&e, context, kind)
        .unwrap_or_else(|err| panic!("{xp}: {err:?}"))
}

fn ids(d: &mut Document, xp: &str) -> Vec<String> {
    let root = d.root();
    let r = eval(d, xp, root, rt::ORDERED_NODE_SNAPSHOT);
    (0..r.snapshot_length().expect("snapshot"))
        .map(|i| {
            let n = r.snapshot_item(i).expect("item").expect("node");
            d.get_attribute(n, "id")
                .ok()
                .flatten()
                .map(str::to_owned)
                .unwrap_or_else(|| d.node_name(n).expect("name"))
        })
        .collect()
}

fn string(d: &mut Document, xp: &str) -> String {
    let root = d.root();
    eval(d, xp, root, rt::STRING)
        .string_value()
        .expect("string")
}

fn number(d: &mut Document, xp: &str) -> f64 {
    let root = d.root();
    eval(d, xp, root, rt::NUMBER)
        .number_value()
        .expect("number")
}

const PAGE: &str = "<!doctype html><body><div id=a class=x><p id=p1>one</p><p id=p2 lang=en>two<b id=b1>!</b></p></div>\
                    <div id=c><p id=p3 title=t>three</p><!--note--></div></body>";

#[test]
fn paths_select_in_document_order() {
    let mut d = page(PAGE);
    assert_eq!(ids(&mut d, "//p"), ["p1", "p2", "p3"]);
    assert_eq!(
        ids(&mut d, "//P"),
        ["p1", "p2", "p3"],
        "HTML names are lowercased"
    );
    assert_eq!(ids(&mut d, "/html/body/div"), ["a", "c"]);
    assert_eq!(ids(&mut d, "//div[@id='c']/p"), ["p3"]);
    assert_eq!(ids(&mut d, "//p[2]"), ["p2"]);
    assert_eq!(ids(&mut d, "(//p)[last()]"), ["p3"]);
    assert_eq!(ids(&mut d, "//b/ancestor::*[1]"), ["p2"]);
    assert_eq!(ids(&mut d, "//b/ancestor::div"), ["a"]);
    assert_eq!(ids(&mut d, "//p[@id='p3']/preceding::p"), ["p1", "p2"]);
    assert_eq!(ids(&mut d, "//p[@id='p3']/preceding::p[1]"), ["p2"]);
    assert_eq!(
        ids(&mut d, "//p[@id='p1']/following::*"),
        ["p2", "b1", "c", "p3"]
    );
    assert_eq!(ids(&mut d, "//p[@id='p1']/following-sibling::p"), ["p2"]);
    assert_eq!(ids(&mut d, "//p[1] | //b"), ["p1", "b1", "p3"]);
    assert_eq!(ids(&mut d, "//div/p[last()]/.."), ["a", "c"]);
    assert_eq!(ids(&mut d, "//comment()"), ["#comment"]);
    assert_eq!(ids(&mut d, "/node()"), ["HTML"], "no doctype node");
    assert_eq!(ids(&mut d, "//*[@title]"), ["p3"]);
    assert_eq!(ids(&mut d, "//p[contains(., 'tw')]"), ["p2"]);
    assert_eq!(ids(&mut d, "id('c p1 nope')"), ["p1", "c"]);
}

#[test]
fn attributes_are_attr_nodes_and_xmlns_is_none() {
    let mut d = page(PAGE);
    let root = d.root();
    let r = eval(&mut d, "//p/@*", root, rt::ORDERED_NODE_SNAPSHOT);
    let names: Vec<String> = (0..r.snapshot_length().expect("len"))
        .map(|i| {
            let a = r.snapshot_item(i).expect("item").expect("attr");
            d.attr_name(a).expect("an Attr")
        })
        .collect();
    assert_eq!(names, ["id", "id", "lang", "id", "title"]);
    let p3 = d.get_element_by_id("p3").expect("p3");
    let title = d.attribute_node(p3, "title").expect("ok").expect("attr");
    let r = eval(&mut d, "..", title, rt::FIRST_ORDERED_NODE);
    assert_eq!(r.single_node_value().expect("single"), Some(p3));
    assert_eq!(string(&mut d, "name(//p[@title]/@title)"), "title");
}

#[test]
fn values_and_functions() {
    let mut d = page(PAGE);
    assert_eq!(number(&mut d, "count(//p)"), 3.0);
    assert_eq!(number(&mut d, "1 + 2 * 3 - 4 div 2"), 5.0);
    assert_eq!(number(&mut d, "7 mod -3"), 1.0);
    assert_eq!(number(&mut d, "-(2)"), -2.0);
    assert!(number(&mut d, "number('1e3')").is_nan());
    assert_eq!(number(&mut d, "number(' -12.5 ')"), -12.5);
    assert_eq!(
        number(
            &mut d,
            "round(2.5) + round(-2.5) + floor(1.9) + ceiling(1.1)"
        ),
        4.0
    );
    assert_eq!(
        number(&mut d, "sum(//p/@id[false()]) + string-length('héllo')"),
        5.0
    );
    assert_eq!(string(&mut d, "string(//p)"), "one");
    assert_eq!(string(&mut d, "concat('a', 1, true())"), "a1true");
    assert_eq!(string(&mut d, "substring('12345', 1.5, 2.6)"), "234");
    assert_eq!(string(&mut d, "substring('12345', 0, 3)"), "12");
    assert_eq!(
        string(&mut d, "substring-before('1999/04/01', '/')"),
        "1999"
    );
    assert_eq!(
        string(&mut d, "substring-after('1999/04/01', '/')"),
        "04/01"
    );
    assert_eq!(string(&mut d, "normalize-space('  a \n b  ')"), "a b");
    assert_eq!(string(&mut d, "translate('--aaa--', 'abc-', 'ABC')"), "AAA");
    assert_eq!(string(&mut d, "1 div 0"), "Infinity");
    assert_eq!(string(&mut d, "0 div 0"), "NaN");
    assert_eq!(string(&mut d, "-0"), "0");
    assert_eq!(string(&mut d, "0.1 + 0.2 > 0.3"), "true");
    assert_eq!(string(&mut d, "//p = 'two!'"), "true");
    assert_eq!(string(&mut d, "//p != 'one'"), "true");
    assert_eq!(string(&mut d, "//p[@id='p1'] = //p"), "true");
    assert_eq!(string(&mut d, "local-name(//b)"), "b");
    assert_eq!(
        string(&mut d, "namespace-uri(//b)"),
        "http://www.w3.org/1999/xhtml"
    );
    assert_eq!(string(&mut d, "boolean(//nope)"), "false");
    let root = d.root();
    let any = eval(&mut d, "//p", root, rt::ANY);
    assert_eq!(any.result_type(), rt::UNORDERED_NODE_ITERATOR);
    let any = eval(&mut d, "'x'", root, rt::ANY);
    assert_eq!(any.result_type(), rt::STRING);
}

#[test]
fn iterators_end_when_the_document_changes() {
    let mut d = page(PAGE);
    let root = d.root();
    let mut r = eval(&mut d, "//p", root, rt::ORDERED_NODE_ITERATOR);
    assert_eq!(r.iterate_next(&d).expect("ok"), d.get_element_by_id("p1"));
    assert!(!r.invalid_iterator_state(&d));
    let p1 = d.get_element_by_id("p1").expect("p1");
    d.set_attribute(p1, "class", "y").expect("set");
    assert!(r.invalid_iterator_state(&d));
    assert!(matches!(r.iterate_next(&d), Err(DomError::InvalidState(_))));
    assert!(matches!(r.snapshot_length(), Err(DomError::Type(_))));
}

#[test]
fn errors_are_typed() {
    let mut d = page(PAGE);
    for bad in [
        "//", "p[", "1 +", "foo()", "child::", "bogus::p", "$x", "'open", "p)",
    ] {
        assert!(
            matches!(
                Document::create_expression(bad, &mut no_prefixes),
                Err(DomError::Syntax(_))
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        Document::create_expression("//svg:rect", &mut no_prefixes),
        Err(DomError::Namespace(_))
    ));
    let e = Document::create_expression("count(//p)", &mut no_prefixes).expect("parse");
    let root = d.root();
    assert!(matches!(
        d.evaluate_expression(&e, root, rt::ORDERED_NODE_SNAPSHOT),
        Err(DomError::Type(_))
    ));
    assert!(matches!(
        d.evaluate_expression(&e, root, 10),
        Err(DomError::NotSupported(_))
    ));
}

#[test]
fn prefixes_resolve_and_foreign_names_keep_their_case() {
    let mut d = page("<!doctype html><svg><foreignObject id='f'/><rect id='r'/></svg>");
    let mut svg = |p: &str| (p == "s").then(|| "http://www.w3.org/2000/svg".to_owned());
    let e = Document::create_expression("//s:foreignObject", &mut svg).expect("parse");
    let root = d.root();
    let r = d
        .evaluate_expression(&e, root, rt::FIRST_ORDERED_NODE)
        .expect("eval");
    let f = r.single_node_value().expect("node").expect("found");
    assert_eq!(d.get_attribute(f, "id").expect("attr"), Some("f"));
    assert_eq!(
        ids(&mut d, "//rect"),
        Vec::<String>::new(),
        "no prefix: no namespace"
    );
    assert_eq!(ids(&mut d, "//*[local-name()='rect']"), ["r"]);
}

#[test]
fn an_xml_document_matches_names_as_written() {
    let mut d = Document::parse_xml("<r><A id='1'/><a id='2'/></r>", "application/xml");
    assert_eq!(ids(&mut d, "//a"), ["2"]);
    assert_eq!(ids(&mut d, "/r/*"), ["1", "2"]);
}

#[test]
fn prefixes_are_listed_before_parsing() {
    assert_eq!(
        Document::xpath_prefixes("//a:b/c:*[@a:x = 'q:r']").expect("parse"),
        ["a", "c"]
    );
    assert!(matches!(
        Document::xpath_prefixes("//a:"),
        Err(DomError::Syntax(_))
    ));
}
