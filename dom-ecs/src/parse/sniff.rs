//! [Determining the character encoding](https://html.spec.whatwg.org/#determining-the-character-encoding)
//! of a page's bytes: the byte order mark, then the transport layer's
//! `charset`, then (HTML) the prescan for a `<meta charset>` or a
//! `Content-Type` pragma in the first 1024 bytes, or (XML) the XML
//! declaration's `encoding`; else UTF-8. Browsers fall back to a locale's
//! legacy encoding or guess from the bytes; ecsdom takes UTF-8, the
//! encoding of nearly every page written today. A `<meta>` past the first
//! 1024 bytes does not re-decode the page (browsers reload it).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many bytes the prescan looks at.
const PRESCAN: usize = 1024;

/// Decode a page's `bytes` as the encoding sniffing algorithm finds
/// (`content_type`: its `Content-Type` header, whose `charset` is the
/// transport layer's; `xml`: an XML document): its text as a DOM string,
/// and the encoding's name (`document.characterSet`).
pub fn decode_page(bytes: &[u8], content_type: Option<&str>, xml: bool) -> (String, &'static str) {
    let encoding = charset_of(content_type)
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| {
            if xml {
                xml_declared(bytes)
            } else {
                prescan(bytes)
            }
        })
        .unwrap_or(UTF_8);
    // `decode` sniffs the BOM first, which wins over every label.
    let (text, used, _) = encoding.decode(bytes);
    (
        crate::dom_string::escape_owned(text.into_owned()),
        used.name(),
    )
}

/// Decode a script's `bytes`: by its BOM, else the `charset` of its
/// `content_type`, else the `fallback` label, else UTF-8 (a classic
/// script's encoding, <https://html.spec.whatwg.org/#fetch-a-classic-script>).
pub fn decode_script(bytes: &[u8], content_type: Option<&str>, fallback: Option<&str>) -> String {
    let encoding = charset_of(content_type)
        .as_deref()
        .or(fallback)
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .unwrap_or(UTF_8);
    crate::dom_string::escape_owned(encoding.decode(bytes).0.into_owned())
}

/// The name of the encoding `label` names (`latin1`: `windows-1252`), if
/// it names one (<https://encoding.spec.whatwg.org/#concept-encoding-get>).
pub fn encoding_for_label(label: &str) -> Option<&'static str> {
    Encoding::for_label(label.trim().as_bytes()).map(Encoding::name)
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_of(content_type: Option<&str>) -> Option<String> {
    crate::fetch::multipart::essence_and_param(content_type?, "charset")?.1
}

/// The encoding a label names, as the prescan takes it: UTF-16 read as
/// ASCII-compatible bytes is UTF-8, `x-user-defined` is windows-1252.
fn from_meta(label: &[u8]) -> Option<&'static Encoding> {
    let e = Encoding::for_label(label)?;
    Some(
        if e == encoding_rs::UTF_16BE || e == encoding_rs::UTF_16LE {
            UTF_8
        } else if e == encoding_rs::X_USER_DEFINED {
            WINDOWS_1252
        } else {
            e
        },
    )
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// [Prescan a byte stream to determine its encoding](https://html.spec.whatwg.org/#prescan-a-byte-stream-to-determine-its-encoding).
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let s = &bytes[..bytes.len().min(PRESCAN)];
    let mut at = 0;
    while at < s.len() {
        let rest = &s[at..];
        if rest.starts_with(b"<!--") {
            // At the `>` of the first `-->` after `<!` (which may share
            // `<!--`'s dashes).
            at += 2 + find(&rest[2..], b"-->").map_or(rest.len(), |i| i + 2);
        } else if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_space(rest[5]) || rest[5] == b'/')
        {
            at += 5;
            if let Some(e) = meta(s, &mut at) {
                return Some(e);
            }
        } else if rest[0] == b'<'
            && (rest.get(1).is_some_and(u8::is_ascii_alphabetic)
                || (rest.get(1) == Some(&b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            at += rest
                .iter()
                .position(|&b| is_space(b) || b == b'>')
                .unwrap_or(rest.len());
            while attribute(s, &mut at).is_some() {}
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            at += rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        }
        at += 1;
    }
    None
}

/// A `<meta` tag's attributes from `at`: the encoding it declares, if it
/// declares one as the prescan's rules take it.
fn meta(s: &[u8], at: &mut usize) -> Option<&'static Encoding> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let mut got_pragma = false;
    // None: no charset seen; Some(true): one from `content`, which needs
    // the pragma.
    let mut need_pragma = None;
    let mut charset = None;
    while let Some((name, value)) = attribute(s, at) {
        if seen.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" => got_pragma |= value.eq_ignore_ascii_case(b"content-type"),
            b"content" if charset.is_none() => {
                if let Some(label) = charset_in_content(&value) {
                    charset = from_meta(label);
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = from_meta(trim(&value));
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    match need_pragma {
        Some(true) if !got_pragma => None,
        Some(_) => charset,
        None => None,
    }
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |i| i + 1);
    &s[start..end]
}

/// [Get an attribute](https://html.spec.whatwg.org/#concept-get-attributes-when-sniffing)
/// at `at` (moved past it): its lowercased name and its value; none at a
/// `>` or the end.
fn attribute(s: &[u8], at: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    while *at < s.len() && (is_space(s[*at]) || s[*at] == b'/') {
        *at += 1;
    }
    if *at >= s.len() || s[*at] == b'>' {
        return None;
    }
    let mut name = Vec::new();
    let mut value = Vec::new();
    // The name (an `=` first is part of it).
    loop {
        let b = *s.get(*at)?;
        if b == b'=' && !name.is_empty() {
            break;
        }
        if is_space(b) {
            while s.get(*at).copied().is_some_and(is_space) {
                *at += 1;
            }
            if s.get(*at) != Some(&b'=') {
                return Some((name, value));
            }
            break;
        }
        if matches!(b, b'/' | b'>') {
            return Some((name, value));
        }
        name.push(b.to_ascii_lowercase());
        *at += 1;
    }
    // Past the `=` and the spaces after it.
    *at += 1;
    while s.get(*at).copied().is_some_and(is_space) {
        *at += 1;
    }
    match *s.get(*at)? {
        q @ (b'"' | b'\'') => {
            *at += 1;
            loop {
                let b = *s.get(*at)?;
                *at += 1;
                if b == q {
                    return Some((name, value));
                }
                value.push(b.to_ascii_lowercase());
            }
        }
        b'>' => Some((name, value)),
        _ => {
            while let Some(&b) = s.get(*at) {
                if is_space(b) || b == b'>' {
                    break;
                }
                value.push(b.to_ascii_lowercase());
                *at += 1;
            }
            Some((name, value))
        }
    }
}

/// [Extract a character encoding from a meta element](https://html.spec.whatwg.org/#algorithm-for-extracting-a-character-encoding-from-a-meta-element):
/// the label after `charset=` in a `content` value.
fn charset_in_content(s: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    loop {
        let i = at + find_ignore_case(&s[at..], b"charset")?;
        at = i + 7;
        while s.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        if s.get(at) == Some(&b'=') {
            at += 1;
            break;
        }
    }
    while s.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    match *s.get(at)? {
        q @ (b'"' | b'\'') => {
            let end = s[at + 1..].iter().position(|&b| b == q)?;
            Some(&s[at + 1..at + 1 + end])
        }
        _ => {
            let end = s[at..]
                .iter()
                .position(|&b| is_space(b) || b == b';')
                .unwrap_or(s.len() - at);
            (end > 0).then(|| &s[at..at + end])
        }
    }
}

/// The `encoding` of an XML declaration at the start of `bytes`.
fn xml_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let s = &bytes[..bytes.len().min(PRESCAN)];
    let decl = &s[..find(s, b"?>")?];
    let decl = decl.strip_prefix(b"<?xml")?;
    let mut at = find(decl, b"encoding")? + 8;
    while decl.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    if decl.get(at) != Some(&b'=') {
        return None;
    }
    at += 1;
    while decl.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    let q = *decl.get(at).filter(|q| matches!(q, b'"' | b'\''))?;
    let end = decl[at + 1..].iter().position(|&b| b == q)?;
    from_meta(&decl[at + 1..at + 1 + end])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::decode_page;

    fn sniffed(bytes: &[u8]) -> &'static str {
        decode_page(bytes, None, false).1
    }

    #[test]
    fn the_prescan_finds_meta_charset_and_the_pragma() {
        assert_eq!(
            sniffed(b"<!doctype html><meta charset=windows-1252>"),
            "windows-1252"
        );
        assert_eq!(sniffed(b"<meta charset='latin2'>"), "ISO-8859-2");
        assert_eq!(sniffed(b"<META  CHARSET = \"Shift_JIS\">"), "Shift_JIS");
        assert_eq!(
            sniffed(b"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>"),
            "KOI8-R"
        );
        // `content` alone needs the pragma.
        assert_eq!(
            sniffed(b"<meta content='text/html; charset=koi8-r'>"),
            "UTF-8"
        );
        // In a comment, an attribute value or past 1024 bytes: not seen.
        assert_eq!(sniffed(b"<!-- <meta charset=koi8-r> --><p>"), "UTF-8");
        assert_eq!(sniffed(b"<p title='<meta charset=koi8-r>'>"), "UTF-8");
        let mut late = vec![b' '; 1024];
        late.extend_from_slice(b"<meta charset=koi8-r>");
        assert_eq!(sniffed(&late), "UTF-8");
        // UTF-16 in a meta is UTF-8; an unknown label is none.
        assert_eq!(sniffed(b"<meta charset=utf-16le>"), "UTF-8");
        assert_eq!(
            sniffed(b"<meta charset=bogus><meta charset=ibm866>"),
            "IBM866"
        );
    }

    #[test]
    fn the_bom_then_the_transport_then_the_page_decide() {
        let (text, enc) = decode_page(b"<meta charset=windows-1252>\xe9", None, false);
        assert_eq!((text.ends_with('\u{e9}'), enc), (true, "windows-1252"));
        let (text, enc) = decode_page(
            b"\xef\xbb\xbf<meta charset=windows-1252>\xc3\xa9",
            None,
            false,
        );
        assert_eq!((text.ends_with('\u{e9}'), enc), (true, "UTF-8"));
        assert_eq!(
            decode_page(
                b"<meta charset=koi8-r>",
                Some("text/html; charset=latin1"),
                false
            )
            .1,
            "windows-1252"
        );
        assert_eq!(decode_page(b"\xe9", None, false).0, "\u{fffd}");
    }

    #[test]
    fn an_xml_declaration_names_the_encoding() {
        let (text, enc) = decode_page(
            b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xe9</a>",
            None,
            true,
        );
        assert_eq!((text.contains('\u{e9}'), enc), (true, "windows-1252"));
        assert_eq!(decode_page(b"<a/>", None, true).1, "UTF-8");
    }
}
