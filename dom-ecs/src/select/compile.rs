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
/// Bounded by count and by the length of the sources it holds (a parsed
/// selector takes a few times its source's size), so a script that makes
/// selectors up, long ones too, never grows it past a few megabytes.
#[derive(Default)]
pub(crate) struct SelectorCache {
    map: Mutex<Cached>,
}

/// The cached selectors and the bytes of their sources.
#[derive(Default)]
struct Cached {
    map: FxHashMap<Box<str>, Arc<Compiled>>,
    bytes: usize,
}

/// At most this many selectors are kept...
pub(super) const CACHE_LIMIT: usize = 4096;
/// ...of at most this many bytes of source in all...
const CACHE_BYTES: usize = 256 << 10;
/// ...and none longer than this (parsing such a selector costs more than a
/// lookup saves anyway).
const CACHED_SOURCE: usize = 1024;

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
/// CSS Syntax's preprocessing makes a lone surrogate U+FFFD
/// (<https://drafts.csswg.org/css-syntax/#input-preprocessing>).
///
/// # Errors
/// `SyntaxError` for an invalid selector.
pub fn parse_selector(source: &str) -> DomResult<SelectorList<SelectorTypes>> {
    let source = &*crate::dom_string::to_usv(source);
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
        if source.len() > CACHED_SOURCE {
            return Ok(Arc::new(compile(source)?));
        }
        let mut cached = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cached.map.get(source) {
            return Ok(c.clone());
        }
        let compiled = Arc::new(compile(source)?);
        if cached.map.len() >= CACHE_LIMIT || cached.bytes + source.len() > CACHE_BYTES {
            cached.map.clear();
            cached.bytes = 0;
        }
        cached.bytes += source.len();
        cached.map.insert(source.into(), compiled.clone());
        Ok(compiled)
    }
}
