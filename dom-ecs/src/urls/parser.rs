//! The basic URL parser (<https://url.spec.whatwg.org/#concept-basic-url-parser>):
//! the standard's state machine, step by step, over the input's code
//! points. With a state override it is what the API's setters run on an
//! existing URL, changing it in place up to where it stops.

use super::Failure;
use super::host::{self, Host};
use super::percent;
use super::record::{UrlPath, UrlRecord, default_port, is_special};

/// The parser's states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    SchemeStart,
    Scheme,
    NoScheme,
    SpecialRelativeOrAuthority,
    PathOrAuthority,
    Relative,
    RelativeSlash,
    SpecialAuthoritySlashes,
    SpecialAuthorityIgnoreSlashes,
    Authority,
    Host,
    Hostname,
    Port,
    File,
    FileSlash,
    FileHost,
    PathStart,
    Path,
    OpaquePath,
    Query,
    Fragment,
}

/// A Windows drive letter: an ASCII letter and `:` or `|`
/// (normalized: `:` only).
fn is_drive_letter(s: &str, normalized: bool) -> bool {
    let b = s.as_bytes();
    b.len() == 2 && b[0].is_ascii_alphabetic() && (b[1] == b':' || (!normalized && b[1] == b'|'))
}

/// Whether the code points from `from` start with a Windows drive letter.
fn starts_with_drive_letter(input: &[char], from: usize) -> bool {
    let rest = input.get(from..).unwrap_or(&[]);
    rest.len() >= 2
        && rest[0].is_ascii_alphabetic()
        && matches!(rest[1], ':' | '|')
        && (rest.len() == 2 || matches!(rest[2], '/' | '\\' | '?' | '#'))
}

/// `.` or `%2e`, ASCII case-insensitively.
fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

/// `..` and its percent-encoded spellings.
fn is_double_dot(s: &str) -> bool {
    matches!(s, "..")
        || s.eq_ignore_ascii_case(".%2e")
        || s.eq_ignore_ascii_case("%2e.")
        || s.eq_ignore_ascii_case("%2e%2e")
}

/// Shorten a URL's path (a `file:` URL keeps a lone drive letter).
fn shorten_path(url: &mut UrlRecord) {
    let file = url.scheme == "file";
    if let UrlPath::Segments(segments) = &mut url.path {
        if file && segments.len() == 1 && is_drive_letter(&segments[0], true) {
            return;
        }
        segments.pop();
    }
}

fn push_segment(url: &mut UrlRecord, segment: String) {
    if let UrlPath::Segments(segments) = &mut url.path {
        segments.push(segment);
    }
}

/// `?` starts the query and `#` the fragment (each made empty here): the
/// state that follows; none for any other code point or the end.
fn query_or_fragment(url: &mut UrlRecord, c: Option<char>) -> Option<State> {
    match c {
        Some('?') => {
            url.query = Some(String::new());
            Some(State::Query)
        }
        Some('#') => {
            url.fragment = Some(String::new());
            Some(State::Fragment)
        }
        _ => None,
    }
}

/// Parse `input` into a new URL, against `base` when given.
pub(crate) fn parse(input: &str, base: Option<&UrlRecord>) -> Result<UrlRecord, Failure> {
    let mut url = UrlRecord::empty();
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    run(trimmed, base, &mut url, None)?;
    Ok(url)
}

/// Run the parser on an existing URL from `state` (a setter's state
/// override). A failure may leave the URL partly changed, as the
/// standard's setters do.
pub(crate) fn parse_into(input: &str, url: &mut UrlRecord, state: State) -> Result<(), Failure> {
    run(input, None, url, Some(state))
}

#[expect(
    clippy::too_many_lines,
    reason = "the standard's state machine reads best as one match"
)]
fn run(
    input: &str,
    base: Option<&UrlRecord>,
    url: &mut UrlRecord,
    state_override: Option<State>,
) -> Result<(), Failure> {
    // A DOM string's lone surrogate is U+FFFD here (the input is a
    // `USVString`, or an attribute's value encoded as UTF-8).
    let input: Vec<char> = crate::dom_string::to_usv(input)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let len = input.len() as isize;
    let at = |p: isize| -> Option<char> {
        if p < 0 {
            None
        } else {
            input.get(p as usize).copied()
        }
    };
    let remaining_starts = |p: isize, c: char| at(p + 1) == Some(c);
    let mut state = state_override.unwrap_or(State::SchemeStart);
    let mut buffer = String::new();
    let mut at_sign_seen = false;
    let mut inside_brackets = false;
    let mut password_token_seen = false;
    let mut pointer: isize = 0;
    loop {
        let c = at(pointer);
        match state {
            State::SchemeStart => match c {
                Some(c) if c.is_ascii_alphabetic() => {
                    buffer.push(c.to_ascii_lowercase());
                    state = State::Scheme;
                }
                _ if state_override.is_none() => {
                    state = State::NoScheme;
                    pointer -= 1;
                }
                _ => return Err(Failure),
            },
            State::Scheme => match c {
                Some(c) if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                    buffer.push(c.to_ascii_lowercase());
                }
                Some(':') => {
                    if state_override.is_some() {
                        if is_special(&url.scheme) != is_special(&buffer) {
                            return Ok(());
                        }
                        if (url.includes_credentials() || url.port.is_some()) && buffer == "file" {
                            return Ok(());
                        }
                        if url.scheme == "file" && url.host == Some(Host::Empty) {
                            return Ok(());
                        }
                    }
                    url.scheme = std::mem::take(&mut buffer);
                    if state_override.is_some() {
                        if url.port.is_some() && url.port == default_port(&url.scheme) {
                            url.port = None;
                        }
                        return Ok(());
                    }
                    if url.scheme == "file" {
                        state = State::File;
                    } else if is_special(&url.scheme)
                        && base.is_some_and(|b| b.scheme == url.scheme)
                    {
                        state = State::SpecialRelativeOrAuthority;
                    } else if is_special(&url.scheme) {
                        state = State::SpecialAuthoritySlashes;
                    } else if remaining_starts(pointer, '/') {
                        state = State::PathOrAuthority;
                        pointer += 1;
                    } else {
                        url.path = UrlPath::Opaque(String::new());
                        state = State::OpaquePath;
                    }
                }
                _ if state_override.is_none() => {
                    buffer.clear();
                    state = State::NoScheme;
                    pointer = -1;
                }
                _ => return Err(Failure),
            },
            State::NoScheme => {
                let Some(base) = base else {
                    return Err(Failure);
                };
                match &base.path {
                    UrlPath::Opaque(p) => {
                        if c != Some('#') {
                            return Err(Failure);
                        }
                        url.scheme = base.scheme.clone();
                        url.path = UrlPath::Opaque(p.clone());
                        url.query = base.query.clone();
                        url.fragment = Some(String::new());
                        state = State::Fragment;
                    }
                    UrlPath::Segments(_) => {
                        state = if base.scheme == "file" {
                            State::File
                        } else {
                            State::Relative
                        };
                        pointer -= 1;
                    }
                }
            }
            State::SpecialRelativeOrAuthority => {
                if c == Some('/') && remaining_starts(pointer, '/') {
                    state = State::SpecialAuthorityIgnoreSlashes;
                    pointer += 1;
                } else {
                    state = State::Relative;
                    pointer -= 1;
                }
            }
            State::PathOrAuthority => {
                if c == Some('/') {
                    state = State::Authority;
                } else {
                    state = State::Path;
                    pointer -= 1;
                }
            }
            State::Relative => {
                let base = base.ok_or(Failure)?;
                url.scheme = base.scheme.clone();
                if c == Some('/') || (is_special(&url.scheme) && c == Some('\\')) {
                    state = State::RelativeSlash;
                } else {
                    url.username = base.username.clone();
                    url.password = base.password.clone();
                    url.host = base.host.clone();
                    url.port = base.port;
                    url.path = base.path.clone();
                    url.query = base.query.clone();
                    if let Some(next) = query_or_fragment(url, c) {
                        state = next;
                    } else if c.is_some() {
                        url.query = None;
                        shorten_path(url);
                        state = State::Path;
                        pointer -= 1;
                    }
                }
            }
            State::RelativeSlash => {
                if is_special(&url.scheme) && matches!(c, Some('/' | '\\')) {
                    state = State::SpecialAuthorityIgnoreSlashes;
                } else if c == Some('/') {
                    state = State::Authority;
                } else {
                    let base = base.ok_or(Failure)?;
                    url.username = base.username.clone();
                    url.password = base.password.clone();
                    url.host = base.host.clone();
                    url.port = base.port;
                    state = State::Path;
                    pointer -= 1;
                }
            }
            State::SpecialAuthoritySlashes => {
                if c == Some('/') && remaining_starts(pointer, '/') {
                    pointer += 1;
                } else {
                    pointer -= 1;
                }
                state = State::SpecialAuthorityIgnoreSlashes;
            }
            State::SpecialAuthorityIgnoreSlashes => {
                if !matches!(c, Some('/' | '\\')) {
                    state = State::Authority;
                    pointer -= 1;
                }
            }
            State::Authority => match c {
                Some('@') => {
                    if at_sign_seen {
                        buffer.insert_str(0, "%40");
                    }
                    at_sign_seen = true;
                    for cp in buffer.chars() {
                        if cp == ':' && !password_token_seen {
                            password_token_seen = true;
                            continue;
                        }
                        let target = if password_token_seen {
                            &mut url.password
                        } else {
                            &mut url.username
                        };
                        percent::encode_char(target, cp, percent::USERINFO);
                    }
                    buffer.clear();
                }
                None | Some('/' | '?' | '#') => {
                    if at_sign_seen && buffer.is_empty() {
                        return Err(Failure);
                    }
                    pointer -= buffer.chars().count() as isize + 1;
                    buffer.clear();
                    state = State::Host;
                }
                Some('\\') if is_special(&url.scheme) => {
                    if at_sign_seen && buffer.is_empty() {
                        return Err(Failure);
                    }
                    pointer -= buffer.chars().count() as isize + 1;
                    buffer.clear();
                    state = State::Host;
                }
                Some(c) => buffer.push(c),
            },
            State::Host | State::Hostname => {
                let special = is_special(&url.scheme);
                if state_override.is_some() && url.scheme == "file" {
                    pointer -= 1;
                    state = State::FileHost;
                } else if c == Some(':') && !inside_brackets {
                    if buffer.is_empty() {
                        return Err(Failure);
                    }
                    if state_override == Some(State::Hostname) {
                        return Err(Failure);
                    }
                    url.host = Some(host::parse(&buffer, !special)?);
                    buffer.clear();
                    state = State::Port;
                } else if matches!(c, None | Some('/' | '?' | '#')) || (special && c == Some('\\'))
                {
                    pointer -= 1;
                    if special && buffer.is_empty() {
                        return Err(Failure);
                    }
                    if state_override.is_some()
                        && buffer.is_empty()
                        && (url.includes_credentials() || url.port.is_some())
                    {
                        return Err(Failure);
                    }
                    url.host = Some(if buffer.is_empty() {
                        Host::Empty
                    } else {
                        host::parse(&buffer, !special)?
                    });
                    buffer.clear();
                    state = State::PathStart;
                    if state_override.is_some() {
                        return Ok(());
                    }
                } else if let Some(c) = c {
                    if c == '[' {
                        inside_brackets = true;
                    } else if c == ']' {
                        inside_brackets = false;
                    }
                    buffer.push(c);
                }
            }
            State::Port => match c {
                Some(d) if d.is_ascii_digit() => buffer.push(d),
                _ if matches!(c, None | Some('/' | '?' | '#'))
                    || (is_special(&url.scheme) && c == Some('\\'))
                    || state_override.is_some() =>
                {
                    if !buffer.is_empty() {
                        let digits = buffer.trim_start_matches('0');
                        if digits.len() > 5 {
                            return Err(Failure);
                        }
                        let port: u32 = if digits.is_empty() {
                            0
                        } else {
                            digits.parse().map_err(|_| Failure)?
                        };
                        let port = u16::try_from(port).map_err(|_| Failure)?;
                        url.port = (default_port(&url.scheme) != Some(port)).then_some(port);
                        buffer.clear();
                        if state_override.is_some() {
                            return Ok(());
                        }
                    }
                    if state_override.is_some() {
                        return Err(Failure);
                    }
                    state = State::PathStart;
                    pointer -= 1;
                }
                _ => return Err(Failure),
            },
            State::File => {
                url.scheme = "file".to_owned();
                url.host = Some(Host::Empty);
                if matches!(c, Some('/' | '\\')) {
                    state = State::FileSlash;
                } else if let Some(base) = base.filter(|b| b.scheme == "file") {
                    url.host = base.host.clone();
                    url.path = base.path.clone();
                    url.query = base.query.clone();
                    if let Some(next) = query_or_fragment(url, c) {
                        state = next;
                    } else if c.is_some() {
                        url.query = None;
                        if starts_with_drive_letter(&input, pointer as usize) {
                            url.path = UrlPath::Segments(Vec::new());
                        } else {
                            shorten_path(url);
                        }
                        state = State::Path;
                        pointer -= 1;
                    }
                } else {
                    state = State::Path;
                    pointer -= 1;
                }
            }
            State::FileSlash => {
                if matches!(c, Some('/' | '\\')) {
                    state = State::FileHost;
                } else {
                    if let Some(base) = base.filter(|b| b.scheme == "file") {
                        url.host = base.host.clone();
                        if !starts_with_drive_letter(&input, pointer as usize)
                            && let UrlPath::Segments(segments) = &base.path
                            && let Some(first) = segments.first()
                            && is_drive_letter(first, true)
                        {
                            push_segment(url, first.clone());
                        }
                    }
                    state = State::Path;
                    pointer -= 1;
                }
            }
            State::FileHost => {
                if matches!(c, None | Some('/' | '\\' | '?' | '#')) {
                    pointer -= 1;
                    if state_override.is_none() && is_drive_letter(&buffer, false) {
                        state = State::Path;
                    } else if buffer.is_empty() {
                        url.host = Some(Host::Empty);
                        if state_override.is_some() {
                            return Ok(());
                        }
                        state = State::PathStart;
                    } else {
                        let mut h = host::parse(&buffer, !is_special(&url.scheme))?;
                        if h == Host::Domain("localhost".to_owned()) {
                            h = Host::Empty;
                        }
                        url.host = Some(h);
                        if state_override.is_some() {
                            return Ok(());
                        }
                        buffer.clear();
                        state = State::PathStart;
                    }
                } else if let Some(c) = c {
                    buffer.push(c);
                }
            }
            State::PathStart => {
                if is_special(&url.scheme) {
                    state = State::Path;
                    if !matches!(c, Some('/' | '\\')) {
                        pointer -= 1;
                    }
                } else if state_override.is_none() && c == Some('?') {
                    url.query = Some(String::new());
                    state = State::Query;
                } else if state_override.is_none() && c == Some('#') {
                    url.fragment = Some(String::new());
                    state = State::Fragment;
                } else if c.is_some() {
                    state = State::Path;
                    if c != Some('/') {
                        pointer -= 1;
                    }
                } else if state_override.is_some() && url.host.is_none() {
                    push_segment(url, String::new());
                }
            }
            State::Path => {
                let special = is_special(&url.scheme);
                let slash = c == Some('/') || (special && c == Some('\\'));
                if c.is_none()
                    || slash
                    || (state_override.is_none() && matches!(c, Some('?' | '#')))
                {
                    if is_double_dot(&buffer) {
                        shorten_path(url);
                        if !slash {
                            push_segment(url, String::new());
                        }
                    } else if is_single_dot(&buffer) && !slash {
                        push_segment(url, String::new());
                    } else if !is_single_dot(&buffer) {
                        if url.scheme == "file"
                            && matches!(&url.path, UrlPath::Segments(s) if s.is_empty())
                            && is_drive_letter(&buffer, false)
                        {
                            buffer.replace_range(1..2, ":");
                        }
                        push_segment(url, std::mem::take(&mut buffer));
                    }
                    buffer.clear();
                    if c == Some('?') {
                        url.query = Some(String::new());
                        state = State::Query;
                    }
                    if c == Some('#') {
                        url.fragment = Some(String::new());
                        state = State::Fragment;
                    }
                } else if let Some(c) = c {
                    percent::encode_char(&mut buffer, c, percent::PATH);
                }
            }
            State::OpaquePath => {
                if let Some(next) = query_or_fragment(url, c) {
                    state = next;
                } else if let (Some(c), UrlPath::Opaque(p)) = (c, &mut url.path) {
                    percent::encode_char(p, c, percent::C0_CONTROL);
                }
            }
            State::Query => {
                if (state_override.is_none() && c == Some('#')) || c.is_none() {
                    let set = if is_special(&url.scheme) {
                        percent::SPECIAL_QUERY
                    } else {
                        percent::QUERY
                    };
                    let query = url.query.get_or_insert_with(String::new);
                    percent::encode_into(query, &buffer, set);
                    buffer.clear();
                    if c == Some('#') {
                        url.fragment = Some(String::new());
                        state = State::Fragment;
                    }
                } else if let Some(c) = c {
                    buffer.push(c);
                }
            }
            State::Fragment => {
                if let Some(c) = c {
                    let fragment = url.fragment.get_or_insert_with(String::new);
                    percent::encode_char(fragment, c, percent::FRAGMENT);
                }
            }
        }
        if pointer >= len {
            break;
        }
        pointer += 1;
    }
    Ok(())
}
