//! Parsing selectors, the `#id` / `.class` / `tag` fast paths, and the per-document cache of parsed selectors.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

/// A parsed selector, with the shape it has when a fast path applies.
#[derive(Debug)]
pub(crate) enum Compiled {
    Id(Box<str>),
    Class(Box<str>),
    Tag(Box<str>),
    General(SelectorList<SelectorTypes>),
}

/// Parsed selectors by source text, so a hot loop never parses twice.
#[derive(Default)]
pub(crate) struct SelectorCache {
    map: Mutex<FxHashMap<Box<str>, Arc<Compiled>>>,
}

pub(super) const CACHE_LIMIT: usize = 4096;

pub(super) fn is_plain_ident(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

/// Parse a selector list as `querySelector` does
/// (<https://dom.spec.whatwg.org/#scope-match-a-selectors-string>).
///
/// # Errors
/// `SyntaxError` for an invalid selector.
pub fn parse_selector(source: &str) -> DomResult<SelectorList<SelectorTypes>> {
    let mut parser = cssparser::Parser::new(source);
    SelectorList::parse(&SelectorParser, &mut parser, ParseRelative::No)
        .map_err(|e| DomError::Syntax(format!("'{source}' is not a valid selector ({:?})", e.kind)))
}

pub(super) fn compile(source: &str) -> DomResult<Compiled> {
    let list = parse_selector(source)?;
    let t = source.trim_matches(|c: char| c.is_ascii_whitespace());
    Ok(
        if let Some(id) = t.strip_prefix('#').filter(|s| is_plain_ident(s)) {
            Compiled::Id(id.into())
        } else if let Some(c) = t.strip_prefix('.').filter(|s| is_plain_ident(s)) {
            Compiled::Class(c.into())
        } else if is_plain_ident(t) {
            Compiled::Tag(t.into())
        } else {
            Compiled::General(list)
        },
    )
}

impl SelectorCache {
    pub(super) fn get(&self, source: &str) -> DomResult<Arc<Compiled>> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = map.get(source) {
            return Ok(c.clone());
        }
        let compiled = Arc::new(compile(source)?);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(source.into(), compiled.clone());
        Ok(compiled)
    }
}
