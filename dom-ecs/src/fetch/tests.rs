use super::*;

fn pairs(p: &[(&str, &str)]) -> SearchParamsInit {
    SearchParamsInit::Record(
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    )
}

#[test]
fn headers_check_names_values_and_guards() {
    let h = Headers::new(Some(&pairs(&[("B", " 1 "), ("a", "x"), ("b", "2")]))).unwrap();
    assert_eq!(h.get("b").unwrap().as_deref(), Some("1, 2"));
    assert_eq!(
        h.sorted(),
        [
            ("a".to_owned(), "x".to_owned()),
            ("b".to_owned(), "1, 2".to_owned())
        ]
    );
    assert!(matches!(h.append("bad name", "v"), Err(DomError::Type(_))));
    assert!(matches!(h.append("n", "a\nb"), Err(DomError::Type(_))));
    h.set("B", "3").unwrap();
    assert_eq!(h.list().len(), 2);
    let r = Headers::with_guard(Guard::Request);
    r.append("Cookie", "x").unwrap();
    r.append("Sec-Foo", "x").unwrap();
    r.append("X-Ok", "x").unwrap();
    assert_eq!(r.list(), [("X-Ok".to_owned(), "x".to_owned())]);
    let i = Headers::immutable(vec![]);
    assert!(matches!(i.append("a", "b"), Err(DomError::Type(_))));
}

#[test]
fn a_request_is_checked_as_the_constructor_checks_it() {
    let r = FetchRequest::new(
        Some("http://h/dir/p.html"),
        "../x.json?q#f",
        Some("post"),
        None,
        Some(&BodyInit::Text("é".into())),
    )
    .unwrap();
    assert_eq!(r.url.as_str(), "http://h/x.json?q#f");
    assert_eq!(r.method, "POST");
    assert_eq!(r.body.as_deref(), Some("é".as_bytes()));
    assert_eq!(r.headers[0].1, "text/plain;charset=UTF-8");
    let err = |base: Option<&str>, input: &str, method: Option<&str>, body: Option<&BodyInit>| {
        matches!(
            FetchRequest::new(base, input, method, None, body),
            Err(DomError::Type(_))
        )
    };
    assert!(err(None, "relative", None, None));
    assert!(err(None, "http://u:p@h/", None, None));
    assert!(err(None, "http://h/", Some("TRACE"), None));
    assert!(err(None, "http://h/", Some("bad method"), None));
    assert!(err(
        None,
        "http://h/",
        None,
        Some(&BodyInit::Text("x".into()))
    ));
}

#[test]
fn a_response_body_is_read_once() {
    let r = Response::from_network(NetworkResponse {
        url: "http://h/".into(),
        redirected: false,
        status: 404,
        status_text: "Not Found".into(),
        headers: vec![("content-type".into(), "text/plain".into())],
        body: b"\xEF\xBB\xBFhi".to_vec(),
        kind: ResponseType::Basic,
    });
    assert!(!r.ok().unwrap());
    let c = r.clone_response().unwrap();
    assert_eq!(utf8_decode(&r.consume().unwrap()), "hi");
    assert!(r.body_used().unwrap() && matches!(r.consume(), Err(DomError::Type(_))));
    assert!(matches!(r.clone_response(), Err(DomError::Type(_))));
    assert_eq!(&*c.consume().unwrap(), b"\xEF\xBB\xBFhi");
    assert!(matches!(
        r.headers().unwrap().set("a", "b"),
        Err(DomError::Type(_))
    ));
}

#[test]
fn a_response_is_made_as_the_constructor_says() {
    let init = |status: u16, text: &str| crate::dict::ResponseInit {
        status,
        status_text: text.into(),
        headers: Some(pairs(&[("X-A", "1")])),
    };
    let r = Response::new(Some(&BodyInit::Text("hi".into())), &init(201, "Made")).unwrap();
    assert_eq!(
        (r.status().unwrap(), r.response_type().unwrap()),
        (201, "default".into())
    );
    let h = r.headers().unwrap();
    assert_eq!(
        h.get("content-type").unwrap().as_deref(),
        Some("text/plain;charset=UTF-8")
    );
    h.append("Set-Cookie", "x").unwrap();
    assert!(!h.has("set-cookie").unwrap());
    assert!(matches!(
        Response::new(None, &init(99, "")),
        Err(DomError::Range(_))
    ));
    assert!(matches!(
        Response::new(None, &init(200, "a\nb")),
        Err(DomError::Type(_))
    ));
    assert!(matches!(
        Response::new(Some(&BodyInit::Text("x".into())), &init(204, "")),
        Err(DomError::Type(_))
    ));
    let e = Response::error().unwrap();
    assert_eq!(
        (e.status().unwrap(), e.response_type().unwrap()),
        (0, "error".into())
    );
}
