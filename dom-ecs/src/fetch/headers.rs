//! `Headers` (<https://fetch.spec.whatwg.org/#headers-class>): a header
//! list and its guard, with the Fetch Standard's name and value checks.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::urls::SearchParamsInit;
use crate::{DomError, DomResult};

/// Which changes a `Headers` object allows
/// (<https://fetch.spec.whatwg.org/#headers-guard>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// Any change.
    None,
    /// A request's: forbidden request headers are ignored.
    Request,
    /// A response's: `Set-Cookie` is ignored.
    Response,
    /// No change (a network response's headers).
    Immutable,
}

#[derive(Debug)]
struct State {
    list: Vec<(String, String)>,
    guard: Guard,
}

/// A `Headers` object. Clones are the same object.
#[derive(Clone, Debug)]
pub struct Headers(Arc<Mutex<State>>);

/// A header name: a `token` (RFC 9110's `tchar`s, at least one).
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// HTTP whitespace (<https://fetch.spec.whatwg.org/#http-whitespace>).
fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ')
}

/// Normalize a value (strip leading and trailing HTTP whitespace) and
/// check it: no NUL, CR or LF, and (a ByteString) no code point above
/// U+00FF.
fn normalize_value(value: &str) -> DomResult<String> {
    let v = value.trim_matches(is_http_whitespace);
    if v.chars()
        .any(|c| matches!(c, '\0' | '\n' | '\r') || u32::from(c) > 0xFF)
    {
        return Err(DomError::Type(format!("Invalid header value {value:?}")));
    }
    Ok(v.to_owned())
}

fn check_name(name: &str) -> DomResult<()> {
    if is_name(name) {
        Ok(())
    } else {
        Err(DomError::Type(format!("Invalid header name {name:?}")))
    }
}

/// A forbidden request header (<https://fetch.spec.whatwg.org/#forbidden-request-header>):
/// one a script may not set on a request.
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const NAMES: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    if NAMES.contains(&n.as_str()) || n.starts_with("proxy-") || n.starts_with("sec-") {
        return true;
    }
    matches!(
        n.as_str(),
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) && value.split(',').any(|m| {
        matches!(
            m.trim_matches(is_http_whitespace)
                .to_ascii_uppercase()
                .as_str(),
            "CONNECT" | "TRACE" | "TRACK"
        )
    })
}

impl Headers {
    /// An empty list with `guard`.
    pub fn with_guard(guard: Guard) -> Headers {
        Headers(Arc::new(Mutex::new(State {
            list: Vec::new(),
            guard,
        })))
    }

    /// A list as a network response gave it (immutable).
    pub fn immutable(list: Vec<(String, String)>) -> Headers {
        Headers(Arc::new(Mutex::new(State {
            list,
            guard: Guard::Immutable,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `new Headers(init)`: the pairs appended in order (a pair of other
    /// than two items is a `TypeError`)
    /// (<https://fetch.spec.whatwg.org/#concept-headers-fill>).
    pub fn new(init: Option<&SearchParamsInit>) -> DomResult<Headers> {
        let h = Headers::with_guard(Guard::None);
        if let Some(init) = init {
            h.fill(init)?;
        }
        Ok(h)
    }

    /// Fill from a `HeadersInit` (a string is not one: a `TypeError`).
    pub fn fill(&self, init: &SearchParamsInit) -> DomResult<()> {
        match init {
            SearchParamsInit::Sequence(pairs) => {
                for p in pairs {
                    match p.as_slice() {
                        [k, v] => self.append(k, v)?,
                        _ => {
                            return Err(DomError::Type(format!(
                                "A header pair has {} items, not 2",
                                p.len()
                            )));
                        }
                    }
                }
            }
            SearchParamsInit::Record(entries) => {
                for (k, v) in entries {
                    self.append(k, v)?;
                }
            }
            SearchParamsInit::Text(_) => {
                return Err(DomError::Type(
                    "Headers are made from pairs or a record, not a string".to_owned(),
                ));
            }
        }
        Ok(())
    }

    /// The guard's verdict on changing `name` (to `value`): an error for
    /// an immutable list, `false` when the change is silently ignored.
    fn allows(&self, guard: Guard, name: &str, value: &str) -> DomResult<bool> {
        match guard {
            Guard::Immutable => Err(DomError::Type("Headers are immutable".to_owned())),
            Guard::Request => Ok(!is_forbidden_request_header(name, value)),
            Guard::Response => Ok(!matches!(
                name.to_ascii_lowercase().as_str(),
                "set-cookie" | "set-cookie2"
            )),
            Guard::None => Ok(true),
        }
    }

    /// `append(name, value)`.
    pub fn append(&self, name: &str, value: &str) -> DomResult<()> {
        let value = normalize_value(value)?;
        check_name(name)?;
        let mut s = self.lock();
        if self.allows(s.guard, name, &value)? {
            s.list.push((name.to_owned(), value));
        }
        Ok(())
    }

    /// `delete(name)`.
    pub fn delete(&self, name: &str) -> DomResult<()> {
        check_name(name)?;
        let mut s = self.lock();
        if self.allows(s.guard, name, "")? {
            s.list.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        }
        Ok(())
    }

    /// `get(name)`: the values of that name joined with ", "
    /// (<https://fetch.spec.whatwg.org/#concept-header-list-get>).
    pub fn get(&self, name: &str) -> DomResult<Option<String>> {
        check_name(name)?;
        let s = self.lock();
        let values: Vec<&str> = s
            .list
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        Ok((!values.is_empty()).then(|| values.join(", ")))
    }

    /// `has(name)`.
    pub fn has(&self, name: &str) -> DomResult<bool> {
        check_name(name)?;
        Ok(self
            .lock()
            .list
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(name)))
    }

    /// `set(name, value)`: the first header of that name gets the value,
    /// the others go; none, and it is appended.
    pub fn set(&self, name: &str, value: &str) -> DomResult<()> {
        let value = normalize_value(value)?;
        check_name(name)?;
        let mut s = self.lock();
        if !self.allows(s.guard, name, &value)? {
            return Ok(());
        }
        let mut seen = false;
        s.list.retain_mut(|(k, v)| {
            if !k.eq_ignore_ascii_case(name) {
                return true;
            }
            if seen {
                return false;
            }
            seen = true;
            v.clone_from(&value);
            true
        });
        if !seen {
            s.list.push((name.to_owned(), value));
        }
        Ok(())
    }

    /// The list sorted and combined, as iteration sees it: names
    /// lowercased in byte order, values of one name joined with ", ", but
    /// each `set-cookie` its own pair
    /// (<https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>).
    pub fn sorted(&self) -> Vec<(String, String)> {
        let s = self.lock();
        let mut names: Vec<String> = s.list.iter().map(|(k, _)| k.to_ascii_lowercase()).collect();
        names.sort();
        names.dedup();
        let mut out = Vec::new();
        for n in names {
            let values: Vec<String> = s
                .list
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(&n))
                .map(|(_, v)| v.clone())
                .collect();
            if n == "set-cookie" {
                out.extend(values.into_iter().map(|v| (n.clone(), v)));
            } else {
                out.push((n, values.join(", ")));
            }
        }
        out
    }

    /// The pair at `index` of the sorted and combined list (the pair
    /// iterator's step).
    pub fn pair_at(&self, index: usize) -> DomResult<Option<(String, String)>> {
        Ok(self.sorted().into_iter().nth(index))
    }

    /// The list as it is, in order (for a request to send).
    pub fn list(&self) -> Vec<(String, String)> {
        self.lock().list.clone()
    }
}
