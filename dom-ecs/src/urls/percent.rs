//! The URL Standard's percent-encode sets
//! (<https://url.spec.whatwg.org/#percent-encoded-bytes>). Every code point
//! above U+007E is in every set: `percent_encoding` encodes all non-ASCII
//! bytes whatever the set.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// The C0 control percent-encode set: C0 controls and U+007F.
pub(crate) const C0_CONTROL: &AsciiSet = CONTROLS;

/// The fragment percent-encode set.
pub(crate) const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// The query percent-encode set.
pub(crate) const QUERY: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>');

/// The special-query percent-encode set: the query set and `'`.
pub(crate) const SPECIAL_QUERY: &AsciiSet = &QUERY.add(b'\'');

/// The path percent-encode set.
pub(crate) const PATH: &AsciiSet = &QUERY.add(b'?').add(b'`').add(b'{').add(b'}');

/// The userinfo percent-encode set.
pub(crate) const USERINFO: &AsciiSet = &PATH
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'|');

/// Append `s`, UTF-8 percent-encoded with `set`, to `out`.
pub(crate) fn encode_into(out: &mut String, s: &str, set: &'static AsciiSet) {
    out.extend(utf8_percent_encode(s, set));
}

/// Append one code point, UTF-8 percent-encoded with `set`, to `out`.
pub(crate) fn encode_char(out: &mut String, c: char, set: &'static AsciiSet) {
    encode_into(out, c.encode_utf8(&mut [0; 4]), set);
}
