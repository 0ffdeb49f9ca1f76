//! `URLSearchParams` (<https://url.spec.whatwg.org/#interface-urlsearchparams>):
//! a list of name-value pairs, a URL's query when it is a URL's
//! `searchParams`.

use std::sync::{Arc, Mutex};

use super::{Shared, SharedRef, lock};
use crate::{DomError, DomResult};

/// A `URLSearchParams` object. Clones are the same object.
#[derive(Clone, Debug)]
pub struct SearchParams(pub(super) SharedRef);

/// The constructor's `init`: `(sequence<sequence<USVString>> or
/// record<USVString, USVString> or USVString)`, converted by the bridge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchParamsInit {
    /// A sequence of pairs (each checked here: exactly two items).
    Sequence(Vec<Vec<String>>),
    /// A record's entries, in order (a key given twice keeps its last
    /// value at its first place, as WebIDL's record conversion does).
    Record(Vec<(String, String)>),
    /// A query string (a leading `?` is dropped).
    Text(String),
}

/// The `application/x-www-form-urlencoded` parser
/// (<https://url.spec.whatwg.org/#concept-urlencoded-parser>).
pub(super) fn parse(input: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(input.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The `application/x-www-form-urlencoded` serializer.
fn serialize(list: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(list.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish()
}

/// Whether `a` sorts before `b` by their UTF-16 code units (how the
/// standard orders names, not by code points).
fn utf16_less(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

impl SearchParams {
    /// `new URLSearchParams(init)`: a `TypeError` for a pair that is not
    /// two strings (<https://url.spec.whatwg.org/#concept-urlsearchparams-initialize>).
    pub fn new(init: &SearchParamsInit) -> DomResult<SearchParams> {
        let list = match init {
            SearchParamsInit::Sequence(pairs) => pairs
                .iter()
                .map(|p| match p.as_slice() {
                    [k, v] => Ok((k.clone(), v.clone())),
                    _ => Err(DomError::Type(format!(
                        "A URLSearchParams pair has {} items, not 2",
                        p.len()
                    ))),
                })
                .collect::<DomResult<Vec<_>>>()?,
            SearchParamsInit::Record(entries) => entries.clone(),
            SearchParamsInit::Text(s) => parse(s.strip_prefix('?').unwrap_or(s)),
        };
        Ok(SearchParams(Arc::new(Mutex::new(Shared {
            url: None,
            list,
        }))))
    }

    /// Change the list, then run the update steps: a URL's query becomes
    /// the list serialized (none when that is empty)
    /// (<https://url.spec.whatwg.org/#concept-urlsearchparams-update>).
    fn update(&self, f: impl FnOnce(&mut Vec<(String, String)>)) -> DomResult<()> {
        let mut s = lock(&self.0);
        f(&mut s.list);
        let Shared { url, list } = &mut *s;
        if let Some(url) = url {
            let query = serialize(list);
            url.query = (!query.is_empty()).then_some(query);
            url.strip_trailing_spaces_from_opaque_path();
        }
        Ok(())
    }

    /// `size`: the number of pairs.
    pub fn size(&self) -> DomResult<u32> {
        Ok(u32::try_from(lock(&self.0).list.len()).unwrap_or(u32::MAX))
    }

    /// `append(name, value)`.
    pub fn append(&self, name: &str, value: &str) -> DomResult<()> {
        self.update(|l| l.push((name.to_owned(), value.to_owned())))
    }

    /// `delete(name, value)`: every pair of that name (and value, when
    /// given).
    pub fn delete(&self, name: &str, value: Option<&str>) -> DomResult<()> {
        self.update(|l| l.retain(|(k, v)| !(k == name && value.is_none_or(|x| x == v))))
    }

    /// `get(name)`: the first value of that name.
    pub fn get(&self, name: &str) -> DomResult<Option<String>> {
        Ok(lock(&self.0)
            .list
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone()))
    }

    /// `getAll(name)`: every value of that name, in order.
    pub fn get_all(&self, name: &str) -> DomResult<Vec<String>> {
        Ok(lock(&self.0)
            .list
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect())
    }

    /// `has(name, value)`.
    pub fn has(&self, name: &str, value: Option<&str>) -> DomResult<bool> {
        Ok(lock(&self.0)
            .list
            .iter()
            .any(|(k, v)| k == name && value.is_none_or(|x| x == v)))
    }

    /// `set(name, value)`: the first pair of that name gets the value and
    /// the others go; none, and the pair is appended.
    pub fn set(&self, name: &str, value: &str) -> DomResult<()> {
        self.update(|l| {
            let mut seen = false;
            l.retain_mut(|(k, v)| {
                if k != name {
                    return true;
                }
                if seen {
                    return false;
                }
                seen = true;
                value.clone_into(v);
                true
            });
            if !seen {
                l.push((name.to_owned(), value.to_owned()));
            }
        })
    }

    /// `sort()`: by name in UTF-16 code unit order, a stable sort.
    pub fn sort(&self) -> DomResult<()> {
        self.update(|l| l.sort_by(|(a, _), (b, _)| utf16_less(a, b)))
    }

    /// The stringifier: the list serialized.
    pub fn to_string_value(&self) -> DomResult<String> {
        Ok(serialize(&lock(&self.0).list))
    }

    /// The pair at `index` of the list as it is now (the pair iterator's
    /// step: the list may change while a script iterates).
    pub fn pair_at(&self, index: usize) -> DomResult<Option<(String, String)>> {
        Ok(lock(&self.0).list.get(index).cloned())
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        lock(&self.0).list.clone()
    }
}
