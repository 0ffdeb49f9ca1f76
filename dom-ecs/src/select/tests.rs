//! Unit tests of parsing, caching and matching.

use super::*;

#[test]
fn plain_identifiers_take_fast_paths() {
    assert!(matches!(
        compile_selector("#main").unwrap(),
        Compiled::Id(_)
    ));
    assert!(matches!(
        compile_selector(".card").unwrap(),
        Compiled::Class(_)
    ));
    assert!(matches!(compile_selector("div").unwrap(), Compiled::Tag(_)));
    assert!(matches!(
        compile_selector("div > p").unwrap(),
        Compiled::General(_)
    ));
    assert!(matches!(compile_selector("#1a"), Err(DomError::Syntax(_))));
}

#[test]
fn invalid_selectors_are_syntax_errors() {
    for bad in ["", "div >", "[", ":nope", "a,,b", "##x"] {
        assert!(
            matches!(parse_selector(bad), Err(DomError::Syntax(_))),
            "{bad}"
        );
    }
}

#[test]
fn precomputed_hashes_follow_the_text() {
    let names = ["x", "y", "div", "span", "data-id", "Div"];
    let hashes: Vec<u32> = names
        .iter()
        .map(|n| CssString::from(*n).precomputed_hash())
        .collect();
    for (i, n) in names.iter().enumerate() {
        // Another allocation of the same text hashes the same.
        let copy = String::from(*n);
        assert_eq!(CssString::from(copy.as_str()).precomputed_hash(), hashes[i]);
        for (j, m) in names.iter().enumerate().skip(i + 1) {
            assert_ne!(hashes[i], hashes[j], "{n} and {m}");
        }
    }
}
