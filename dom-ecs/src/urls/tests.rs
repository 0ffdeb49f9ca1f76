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

/// A WPT URL data file, its lone surrogate escapes made U+FFFD (what a
/// `USVString` argument makes of them; JSON parsers refuse them).
fn wpt_url_data(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/../conformance/wpt/url/resources/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let unit = |s: &str, i: usize| -> Option<u16> {
        let esc = s.get(i..i + 6)?;
        esc.strip_prefix("\\u")
            .and_then(|h| u16::from_str_radix(h, 16).ok())
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if let Some(u) = unit(&text, i).filter(|u| (0xD800..0xE000).contains(u)) {
            let pair =
                u < 0xDC00 && unit(&text, i + 6).is_some_and(|v| (0xDC00..0xE000).contains(&v));
            if pair {
                out.push_str(&text[i..i + 12]);
                i += 12;
            } else {
                out.push_str("\\uFFFD");
                i += 6;
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        // An escaped backslash is two characters that start no escape.
        if text[i..].starts_with("\\\\") {
            out.push_str("\\\\");
            i += 2;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn get<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

/// The parts the URL API reads, in the order WPT's data lists them.
fn parts(u: &UrlRecord) -> [(&'static str, String); 10] {
    [
        ("href", u.to_string()),
        ("protocol", u.protocol()),
        ("username", u.username.clone()),
        ("password", u.password.clone()),
        ("host", u.host_and_port()),
        ("hostname", u.hostname()),
        ("port", u.port_string()),
        ("pathname", u.pathname()),
        ("search", u.search()),
        ("hash", u.hash()),
    ]
}

#[test]
fn the_parser_passes_wpt_url_test_data() {
    let data = wpt_url_data("urltestdata.json");
    let mut failures = Vec::new();
    let cases: Vec<_> = data
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.is_object())
        .collect();
    assert!(cases.len() > 600, "only {} cases", cases.len());
    for case in cases {
        let (input, base) = (get(case, "input"), case["base"].as_str());
        let parsed = match base {
            Some(b) => UrlRecord::parse(b, None).and_then(|b| UrlRecord::parse(input, Some(&b))),
            None => UrlRecord::parse(input, None),
        };
        let label = format!("{input:?} against {base:?}");
        match (parsed, case["failure"].as_bool() == Some(true)) {
            (Some(u), true) => failures.push(format!("{label}: parsed as {u}, should fail")),
            (None, false) => failures.push(format!("{label}: failed")),
            (None, true) => {}
            (Some(u), false) => {
                for (name, got) in parts(&u) {
                    if got != get(case, name) {
                        failures.push(format!(
                            "{label}: {name} {got:?}, not {:?}",
                            get(case, name)
                        ));
                    }
                }
                if let Some(origin) = case["origin"].as_str()
                    && u.origin() != origin
                {
                    failures.push(format!("{label}: origin {:?}, not {origin:?}", u.origin()));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_setters_pass_wpt_setter_test_data() {
    let data = wpt_url_data("setters_tests.json");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (setter, cases) in data.as_object().unwrap() {
        let Some(cases) = cases.as_array() else {
            continue;
        };
        for case in cases.iter().filter(|c| c["href"].is_string()) {
            let (href, value) = (get(case, "href"), get(case, "new_value"));
            checked += 1;
            let Some(mut u) = UrlRecord::parse(href, None) else {
                failures.push(format!("{href:?} does not parse"));
                continue;
            };
            match setter.as_str() {
                "protocol" => {
                    let _ = u.set_protocol(value);
                }
                "username" => u.set_username(value),
                "password" => u.set_password(value),
                "host" => u.set_host(value),
                "hostname" => u.set_hostname(value),
                "port" => u.set_port(value),
                "pathname" => u.set_pathname(value),
                "search" => u.set_search(value),
                "hash" => u.set_hash(value),
                other => panic!("unknown setter {other}"),
            }
            for (name, want) in case["expected"].as_object().unwrap() {
                let got = parts(&u)
                    .into_iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v)
                    .unwrap_or_default();
                if Some(got.as_str()) != want.as_str() {
                    failures.push(format!(
                        "{href:?}.{setter} = {value:?}: {name} {got:?}, not {want}"
                    ));
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
