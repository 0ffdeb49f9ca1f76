use super::*;

#[test]
fn a_url_and_its_search_params_share_the_query() {
    let u = UrlObject::new("?a=1&b=2&a=3", Some("https://example.org/p")).unwrap();
    assert_eq!(u.href().unwrap(), "https://example.org/p?a=1&b=2&a=3");
    let q = u.search_params().unwrap();
    assert_eq!(q.get_all("a").unwrap(), ["1", "3"]);
    q.append("c", "x y").unwrap();
    assert_eq!(u.search().unwrap(), "?a=1&b=2&a=3&c=x+y");
    q.delete("a", None).unwrap();
    q.delete("b", None).unwrap();
    q.delete("c", None).unwrap();
    // An empty list leaves no query at all.
    assert_eq!(u.href().unwrap(), "https://example.org/p");
    u.set_search("?z=%20").unwrap();
    assert_eq!(q.get("z").unwrap().as_deref(), Some(" "));
    u.set_href("http://h/?k=v").unwrap();
    assert_eq!(q.pairs(), [("k".to_owned(), "v".to_owned())]);
}

#[test]
fn bad_urls_are_type_errors() {
    assert!(matches!(
        UrlObject::new("nope", None),
        Err(DomError::Type(_))
    ));
    assert!(matches!(
        UrlObject::new("/x", Some("also nope")),
        Err(DomError::Type(_))
    ));
    assert!(UrlObject::parse("nope", None).unwrap().is_none());
    assert!(UrlObject::can_parse("/x", Some("http://h")).unwrap());
    let u = UrlObject::new("http://h/", None).unwrap();
    assert!(matches!(u.set_href("::"), Err(DomError::Type(_))));
    assert_eq!(u.href().unwrap(), "http://h/");
}

#[test]
fn search_params_follow_the_standard() {
    let p = SearchParams::new(&SearchParamsInit::Text("?b=2&a=1&%C3%A9=3&a=0".into())).unwrap();
    p.sort().unwrap();
    assert_eq!(p.to_string_value().unwrap(), "a=1&a=0&b=2&%C3%A9=3");
    p.set("a", "9").unwrap();
    assert_eq!(p.to_string_value().unwrap(), "a=9&b=2&%C3%A9=3");
    assert!(p.has("b", Some("2")).unwrap() && !p.has("b", Some("3")).unwrap());
    assert_eq!(p.size().unwrap(), 3);
    assert!(matches!(
        SearchParams::new(&SearchParamsInit::Sequence(vec![vec!["x".into()]])),
        Err(DomError::Type(_))
    ));
    // UTF-16 order: U+FFFD sorts after a supplementary character.
    let p = SearchParams::new(&SearchParamsInit::Record(vec![
        ("\u{fffd}".into(), "1".into()),
        ("\u{1f600}".into(), "2".into()),
    ]))
    .unwrap();
    p.sort().unwrap();
    assert_eq!(p.pair_at(0).unwrap().unwrap().1, "2");
}
