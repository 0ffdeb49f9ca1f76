//! DOM strings held in Rust strings.
//!
//! WebIDL's `DOMString` (<https://webidl.spec.whatwg.org/#idl-DOMString>)
//! is any sequence of UTF-16 code units, lone surrogates included: a JS
//! string, or a Python `str` with surrogate code points. A Rust `str` holds
//! only Unicode scalar values. dom-ecs keeps every DOM string in a `String`
//! in which the last 2,048 code points of plane 16 (private use,
//! U+10F800..=U+10FFFF) each stand for one surrogate code unit: U+10F800 + k
//! is the unit U+D800 + k.
//!
//! - A lone surrogate is one such char.
//! - A character of that range itself is, in UTF-16, a surrogate pair
//!   (DBFE or DBFF, then a low surrogate); it is stored as those two units,
//!   so the mapping is one to one.
//! - Two stored units that pair into any other character are stored as that
//!   character. This canonical form means two DOM strings are equal exactly
//!   when their stored strings are, so comparisons, hashing, interning and
//!   selector matching work on the stored strings unchanged.
//!
//! Strings from the bridges come in through [`from_wtf8`] (QuickJS and
//! CPython both give generalized UTF-8, a surrogate as its three-byte form)
//! and go out through [`to_wtf8`]. Text decoded from bytes (a page, a
//! response, `TextDecoder`) holds no lone surrogate but may hold a character
//! of the range: [`escape`] makes it a DOM string. Where a string leaves for
//! Unicode (a file, the terminal, a URL, a `USVString` argument), [`to_usv`]
//! makes each lone surrogate U+FFFD, as encoding to UTF-8 does in browsers.
//! A Rust caller of dom-ecs passes ordinary `&str`s: only a character of the
//! range would be read as a code unit.

use std::borrow::Cow;

/// The char standing for the code unit U+D800.
const UNIT_BASE: u32 = 0x10_F800;

/// The surrogate code unit `c` stands for, if it stands for one.
#[inline]
fn unit_of(c: char) -> Option<u16> {
    let c = c as u32;
    (c >= UNIT_BASE).then(|| (0xD800 + (c - UNIT_BASE)) as u16)
}

/// The char standing for the surrogate code unit `u` (U+D800..=U+DFFF).
#[inline]
fn unit_char(u: u16) -> char {
    debug_assert!((0xD800..=0xDFFF).contains(&u));
    char::from_u32(UNIT_BASE + u32::from(u - 0xD800)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The character of a surrogate pair (`h` high, `l` low).
#[inline]
fn pair(h: u16, l: u16) -> u32 {
    0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(l) - 0xDC00)
}

/// Whether `s` holds a code unit char (its first byte, 0xF4, is rare:
/// one byte scan decides for almost every string).
#[inline]
pub fn has_units(s: &str) -> bool {
    s.as_bytes().contains(&0xF4) && s.chars().any(|c| c as u32 >= UNIT_BASE)
}

/// Push the scalar value `c` of a DOM string: a character of the reserved
/// range as its two code units.
#[inline]
fn push_scalar(out: &mut String, c: char) {
    if c as u32 >= UNIT_BASE {
        let mut pair = [0u16; 2];
        c.encode_utf16(&mut pair);
        out.push(unit_char(pair[0]));
        out.push(unit_char(pair[1]));
    } else {
        out.push(c);
    }
}

/// Builds a canonical DOM string from code points, pairing a high
/// surrogate with a low one that follows it.
struct Builder {
    out: String,
    high: Option<u16>,
}

impl Builder {
    fn with_capacity(n: usize) -> Self {
        Builder {
            out: String::with_capacity(n),
            high: None,
        }
    }

    /// Push a code unit that is a surrogate.
    fn surrogate(&mut self, u: u16) {
        if (0xDC00..=0xDFFF).contains(&u)
            && let Some(h) = self.high.take()
        {
            push_scalar(
                &mut self.out,
                char::from_u32(pair(h, u)).unwrap_or('\u{FFFD}'),
            );
            return;
        }
        self.flush();
        if (0xD800..=0xDBFF).contains(&u) {
            self.high = Some(u);
        } else {
            self.out.push(unit_char(u));
        }
    }

    fn scalar(&mut self, c: char) {
        self.flush();
        push_scalar(&mut self.out, c);
    }

    fn flush(&mut self) {
        if let Some(h) = self.high.take() {
            self.out.push(unit_char(h));
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// A string of Unicode text as a DOM string: a character of the reserved
/// range becomes its two code units (nothing else changes).
pub fn escape(s: &str) -> Cow<'_, str> {
    if !has_units(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_scalar(&mut out, c);
    }
    Cow::Owned(out)
}

/// As [`escape`], keeping the string when nothing changes.
pub fn escape_owned(s: String) -> String {
    match escape(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

/// A DOM string from generalized UTF-8 (WTF-8: a surrogate code point as
/// its three-byte form), as QuickJS's `JS_ToCStringLen` and CPython's
/// `surrogatepass` give it. Bytes that are not even that become U+FFFD, a
/// byte at a time.
pub fn from_wtf8(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return escape(s);
    }
    let mut b = Builder::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(s) => {
                s.chars().for_each(|c| b.scalar(c));
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                let s = std::str::from_utf8(&bytes[at..at + good]).unwrap_or_default();
                s.chars().for_each(|c| b.scalar(c));
                at += good;
                let rest = &bytes[at..];
                if rest.len() >= 3
                    && rest[0] == 0xED
                    && (0xA0..=0xBF).contains(&rest[1])
                    && (0x80..=0xBF).contains(&rest[2])
                {
                    let u = 0xD000 | (u16::from(rest[1] & 0x3F) << 6) | u16::from(rest[2] & 0x3F);
                    b.surrogate(u);
                    at += 3;
                } else {
                    b.scalar(char::REPLACEMENT_CHARACTER);
                    at += e.error_len().unwrap_or(rest.len());
                }
            }
        }
    }
    Cow::Owned(b.finish())
}

/// A DOM string as generalized UTF-8 (WTF-8), for an engine to make its
/// string of: a lone surrogate as its three-byte form, each pair as its
/// character.
pub fn to_wtf8(s: &str) -> Cow<'_, [u8]> {
    if !has_units(s) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for_each_code_point(s, |c| match char::from_u32(c) {
        Some(ch) => out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes()),
        None => out.extend_from_slice(&[
            0xED,
            0x80 | ((c >> 6) & 0x3F) as u8,
            0x80 | (c & 0x3F) as u8,
        ]),
    });
    Cow::Owned(out)
}

/// A DOM string as Unicode text (WebIDL's conversion to `USVString`, and
/// what any UTF-8 output holds): each lone surrogate becomes U+FFFD.
pub fn to_usv(s: &str) -> Cow<'_, str> {
    if !has_units(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for_each_code_point(s, |c| {
        out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
    });
    Cow::Owned(out)
}

/// As [`to_usv`], keeping the string when nothing changes.
pub fn to_usv_owned(s: String) -> String {
    match to_usv(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

/// The code points of `s` as UTF-16 decoding gives them: each pair of
/// stored units joined, each lone one a surrogate code point.
fn for_each_code_point(s: &str, mut f: impl FnMut(u32)) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match unit_of(c) {
            None => f(c as u32),
            Some(h @ 0xD800..=0xDBFF) => match chars.peek().and_then(|&n| unit_of(n)) {
                Some(l @ 0xDC00..=0xDFFF) => {
                    chars.next();
                    f(pair(h, l));
                }
                _ => f(u32::from(h)),
            },
            Some(u) => f(u32::from(u)),
        }
    }
}

/// The UTF-16 code units of a DOM string.
pub fn to_utf16(s: &str) -> Vec<u16> {
    let mut out = Vec::with_capacity(s.len());
    let mut pair = [0u16; 2];
    for c in s.chars() {
        match unit_of(c) {
            Some(u) => out.push(u),
            None => out.extend_from_slice(c.encode_utf16(&mut pair)),
        }
    }
    out
}

/// The DOM string of UTF-16 code units, in canonical form.
pub fn from_utf16(units: &[u16]) -> String {
    let mut b = Builder::with_capacity(units.len());
    for r in char::decode_utf16(units.iter().copied()) {
        match r {
            Ok(c) => b.scalar(c),
            Err(e) => b.surrogate(e.unpaired_surrogate()),
        }
    }
    b.finish()
}

/// The length of a DOM string in UTF-16 code units (ASCII: its bytes).
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars()
        .map(|c| {
            if unit_of(c).is_some() {
                1
            } else {
                c.len_utf16()
            }
        })
        .sum()
}

/// Code units `start..end` of a DOM string (in range). A cut through a
/// surrogate pair leaves its half as a lone surrogate, as in a browser.
pub fn utf16_slice(s: &str, start: usize, end: usize) -> String {
    if s.is_ascii() {
        return s[start..end].to_owned();
    }
    from_utf16(&to_utf16(s)[start..end])
}

/// "Replace data" on strings: code units `start..end` of `s` (in range)
/// become `data`, the result canonical (a unit at either cut may pair up
/// with one of `data`'s ends; an ASCII `s` has none to pair).
pub fn splice_utf16(s: &str, start: usize, end: usize, data: &str) -> String {
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len() - (end - start) + data.len());
        out.push_str(&s[..start]);
        out.push_str(data);
        out.push_str(&s[end..]);
        return out;
    }
    let units = to_utf16(s);
    let mut new = Vec::with_capacity(units.len() + data.len());
    new.extend_from_slice(&units[..start]);
    new.extend(to_utf16(data));
    new.extend_from_slice(&units[end..]);
    from_utf16(&new)
}

/// `s` in canonical form: after a concatenation of DOM strings, a high
/// surrogate at the end of one and a low one at the start of the next
/// make a pair.
pub fn canonical(s: String) -> String {
    if has_units(&s) {
        from_utf16(&to_utf16(&s))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DOM string from code units, through WTF-8 as an engine gives it.
    fn dom(units: &[u16]) -> String {
        let wtf8 = to_wtf8(&from_utf16(units)).into_owned();
        from_wtf8(&wtf8).into_owned()
    }

    #[test]
    fn any_sequence_of_code_units_round_trips() {
        let cases: &[&[u16]] = &[
            &[],
            &[0x61],
            &[0xD800],
            &[0xDFFF, 0xD800],
            &[0xD83C, 0xDF20],
            &[0xD83C, 0x20, 0xDF20],
            &[0xDBFF, 0xDFFF],
            &[0xDBFE, 0xDC00, 0xDBFF],
            &[0xDC00, 0xD800, 0xDC00, 0xD800],
        ];
        for &units in cases {
            let s = from_utf16(units);
            assert_eq!(to_utf16(&s), units, "{units:x?}");
            assert_eq!(utf16_len(&s), units.len(), "{units:x?}");
            assert_eq!(dom(units), s, "{units:x?} through WTF-8");
        }
    }

    #[test]
    fn the_canonical_form_holds_characters_as_characters() {
        assert_eq!(from_utf16(&[0xD83C, 0xDF20]), "🌠");
        // A character of the reserved range is its two units.
        let s = from_utf16(&[0xDBFF, 0xDFFF]);
        assert_ne!(s, "\u{10FFFF}");
        assert_eq!(escape("\u{10FFFF}"), s);
        assert_eq!(to_usv(&s), "\u{10FFFF}");
        assert_eq!(&*to_wtf8(&s), "\u{10FFFF}".as_bytes());
        // A lone high unit and a lone low one, concatenated, pair up.
        let joined = format!("{}{}", from_utf16(&[0xD83C]), from_utf16(&[0xDF20]));
        assert_eq!(canonical(joined), "🌠");
    }

    #[test]
    fn a_lone_surrogate_is_three_bytes_of_wtf8_and_u_fffd_as_unicode() {
        let s = from_utf16(&[0x61, 0xD800, 0x62]);
        assert_eq!(&*to_wtf8(&s), b"a\xED\xA0\x80b");
        assert_eq!(from_wtf8(b"a\xED\xA0\x80b"), s);
        assert_eq!(to_usv(&s), "a\u{FFFD}b");
        // CPython's surrogatepass gives a pair as two three-byte forms.
        assert_eq!(from_wtf8(b"\xED\xA0\xBC\xED\xBC\xA0"), "🌠");
        // Bytes that are not generalized UTF-8 are U+FFFD.
        assert_eq!(from_wtf8(b"a\xFFb\xC3"), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn slices_cut_pairs_into_lone_surrogates() {
        let s = "🌠 test 🌠 TEST";
        let mut want = vec![0xDF20];
        want.extend(" test ".encode_utf16());
        want.push(0xD83C);
        assert_eq!(to_utf16(&utf16_slice(s, 1, 9)), want);
        assert_eq!(utf16_len(&utf16_slice(s, 0, 1)), 1);
    }
}
