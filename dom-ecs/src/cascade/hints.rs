//! Presentational hints (<https://html.spec.whatwg.org/#presentational-hints>):
//! the legacy attributes HTML maps to CSS (`<font color>`, `bgcolor`,
//! `width`, `align`...), said as a declaration block the cascade puts
//! below every author rule. Their values are parsed by HTML's legacy rules
//! (colours, dimensions, font sizes), then given to Stylo as CSS.

use std::fmt::Write as _;

use bevy_ecs::prelude::Entity;

use crate::document::Document;
use crate::intern::Ns;

/// The CSS declarations element `e`'s presentational hints make, if any.
pub(super) fn hints(doc: &Document, e: Entity) -> Option<String> {
    let name = doc.element_name(e)?;
    if name.ns != Ns::Html {
        return None;
    }
    let attrs = doc.attrs(e)?;
    attrs.iter().next()?;
    let local = doc.names.resolve(name.local);
    let attr = |n: &str| {
        let sym = doc.names.get(n)?;
        attrs
            .iter()
            .find(|a| a.local == sym && a.ns == Ns::None)
            .map(|a| a.value.as_str())
    };
    let mut css = String::new();
    let mut add = |property: &str, value: &str| {
        let _ = write!(css, "{property}: {value};");
    };
    let table_part = matches!(
        local,
        "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th"
    );
    // Colours.
    if (local == "body" || table_part || local == "marquee")
        && let Some(c) = attr("bgcolor").and_then(legacy_colour)
    {
        add("background-color", &c);
    }
    if local == "body"
        && let Some(c) = attr("text").and_then(legacy_colour)
    {
        add("color", &c);
    }
    if local == "font" {
        if let Some(c) = attr("color").and_then(legacy_colour) {
            add("color", &c);
        }
        if let Some(face) = attr("face").filter(|f| !f.trim().is_empty()) {
            add("font-family", &quote_families(face));
        }
        if let Some(size) = attr("size").and_then(legacy_font_size) {
            add("font-size", size);
        }
    }
    // Dimensions.
    let (width, height) = match local {
        "img" | "iframe" | "embed" | "object" | "video" | "canvas" => (true, true),
        "td" | "th" => (true, true),
        "table" | "col" | "hr" => (true, false),
        _ => (false, false),
    };
    let ignore_zero = matches!(local, "table" | "td" | "th");
    if width && let Some(w) = attr("width").and_then(|v| dimension(v, ignore_zero)) {
        add("width", &w);
    }
    if height && let Some(h) = attr("height").and_then(|v| dimension(v, ignore_zero)) {
        add("height", &h);
    }
    // Alignment.
    if (matches!(
        local,
        "div" | "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "caption"
    ) || (table_part && local != "table"))
        && let Some(a) = attr("align")
    {
        let a = a.trim().to_ascii_lowercase();
        let value = match a.as_str() {
            "left" | "right" | "center" | "justify" => Some(a.as_str()),
            "middle" => Some("center"),
            _ => None,
        };
        if let Some(v) = value {
            add("text-align", v);
        }
    }
    if matches!(local, "td" | "th" | "tr" | "thead" | "tbody" | "tfoot")
        && let Some(v) = attr("valign")
    {
        let v = v.trim().to_ascii_lowercase();
        if matches!(v.as_str(), "top" | "middle" | "bottom" | "baseline") {
            add("vertical-align", &v);
        }
    }
    if matches!(local, "td" | "th") && attr("nowrap").is_some() {
        add("white-space", "nowrap");
    }
    if local == "table" {
        if let Some(b) = attr("border") {
            let px = non_negative_integer(b).unwrap_or(1);
            if px > 0 {
                add("border-width", &format!("{px}px"));
                add("border-style", "outset");
            }
        }
        if let Some(s) = attr("cellspacing").and_then(non_negative_integer) {
            add("border-spacing", &format!("{s}px"));
        }
    }
    if local == "img"
        && let Some(b) = attr("border").and_then(non_negative_integer)
    {
        add("border-width", &format!("{b}px"));
        add("border-style", "solid");
    }
    (!css.is_empty()).then_some(css)
}

/// `face`'s comma-separated families as a CSS `font-family` list: a
/// name of words (letters, digits, `-`, spaces) as it is, so generic
/// families stay keywords, any other quoted as a CSS string.
fn quote_families(face: &str) -> String {
    face.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| {
            let words = f.split(' ').filter(|w| !w.is_empty()).all(|w| {
                w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !w.starts_with(|c: char| c.is_ascii_digit())
            });
            if words {
                f.split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                let mut s = String::new();
                let _ = cssparser::serialize_string(f, &mut s);
                s
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// HTML's rules for parsing non-negative integers (leading whitespace, an
/// optional `+`, digits; the rest ignored).
fn non_negative_integer(v: &str) -> Option<u32> {
    let v = v.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']);
    let v = v.strip_prefix('+').unwrap_or(v);
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(
        digits
            .parse::<u64>()
            .map_or(u32::MAX, |n| n.min(u64::from(u32::MAX)) as u32),
    )
}

/// HTML's rules for parsing dimension values
/// (<https://html.spec.whatwg.org/#rules-for-parsing-dimension-values>):
/// a length in pixels or a percentage; none for no number, or for zero
/// where the attribute ignores it.
fn dimension(v: &str, ignore_zero: bool) -> Option<String> {
    let v = v.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']);
    let int: String = v.chars().take_while(char::is_ascii_digit).collect();
    if int.is_empty() {
        return None;
    }
    let rest = &v[int.len()..];
    let mut number: f64 = int.parse().ok()?;
    let mut rest_after = rest;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            number += format!("0.{digits}").parse::<f64>().unwrap_or(0.0);
        }
        rest_after = &frac[digits.len()..];
    }
    if ignore_zero && number == 0.0 {
        return None;
    }
    Some(if rest_after.starts_with('%') {
        format!("{number}%")
    } else {
        format!("{number}px")
    })
}

/// `<font size>`'s legacy font size
/// (<https://html.spec.whatwg.org/#rules-for-parsing-a-legacy-font-size>).
fn legacy_font_size(v: &str) -> Option<&'static str> {
    let v = v.trim_matches(['\t', '\n', '\x0c', '\r', ' ']);
    let (mode, digits) = match v.as_bytes().first()? {
        b'+' => (1, &v[1..]),
        b'-' => (-1, &v[1..]),
        _ => (0, v),
    };
    let d: String = digits.chars().take_while(char::is_ascii_digit).collect();
    if d.is_empty() {
        return None;
    }
    let n: i64 = d.parse().unwrap_or(i64::MAX / 2);
    let value = match mode {
        1 => 3 + n,
        -1 => 3 - n,
        _ => n,
    }
    .clamp(1, 7);
    Some(match value {
        1 => "x-small",
        2 => "small",
        3 => "medium",
        4 => "large",
        5 => "x-large",
        6 => "xx-large",
        _ => "xxx-large",
    })
}

/// HTML's rules for parsing a legacy colour value
/// (<https://html.spec.whatwg.org/#rules-for-parsing-a-legacy-colour-value>),
/// as CSS `rgb()`: a named colour by name, `#rgb`, else the forgiving
/// hexadecimal reading (any non-hex character a zero, three components
/// cut to the last eight and then the leading zeros and the last two
/// digits).
fn legacy_colour(v: &str) -> Option<String> {
    let input = v.trim_matches(['\t', '\n', '\x0c', '\r', ' ']);
    if input.is_empty() || input.eq_ignore_ascii_case("transparent") {
        return None;
    }
    if input.bytes().all(|b| b.is_ascii_alphabetic())
        && let Ok(c) = cssparser::color::parse_named_color(&input.to_ascii_lowercase())
    {
        return Some(format!("rgb({}, {}, {})", c.0, c.1, c.2));
    }
    let b = input.as_bytes();
    if b.len() == 4 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit) {
        let h = |c: u8| u8::from_str_radix(&(c as char).to_string(), 16).unwrap_or(0) * 17;
        return Some(format!("rgb({}, {}, {})", h(b[1]), h(b[2]), h(b[3])));
    }
    // Code points above U+FFFF become "00"; then at most 128 characters.
    let mut s: String = input
        .chars()
        .flat_map(|c| {
            if u32::from(c) > 0xFFFF {
                vec!['0', '0']
            } else {
                vec![c]
            }
        })
        .take(128)
        .collect();
    if let Some(rest) = s.strip_prefix('#') {
        s = rest.to_owned();
    }
    let mut s: Vec<u8> = s
        .chars()
        .map(|c| if c.is_ascii_hexdigit() { c as u8 } else { b'0' })
        .collect();
    while s.is_empty() || !s.len().is_multiple_of(3) {
        s.push(b'0');
    }
    let len = s.len() / 3;
    let mut parts: Vec<&[u8]> = vec![&s[..len], &s[len..2 * len], &s[2 * len..]];
    if len > 8 {
        for p in &mut parts {
            *p = &p[p.len() - 8..];
        }
    }
    let mut len = parts[0].len();
    while len > 2 && parts.iter().all(|p| p[p.len() - len] == b'0') {
        len -= 1;
        for p in &mut parts {
            *p = &p[1..];
        }
    }
    let value = |p: &[u8]| {
        let two = &p[..p.len().min(2)];
        u8::from_str_radix(std::str::from_utf8(two).unwrap_or("0"), 16).unwrap_or(0)
    };
    Some(format!(
        "rgb({}, {}, {})",
        value(parts[0]),
        value(parts[1]),
        value(parts[2])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_colours_read_as_browsers_read_them() {
        assert_eq!(legacy_colour("red").as_deref(), Some("rgb(255, 0, 0)"));
        assert_eq!(legacy_colour("#abc").as_deref(), Some("rgb(170, 187, 204)"));
        assert_eq!(legacy_colour("#112233").as_deref(), Some("rgb(17, 34, 51)"));
        // The famous one: "chucknorris" reads as rgb(192, 0, 0).
        assert_eq!(
            legacy_colour("chucknorris").as_deref(),
            Some("rgb(192, 0, 0)")
        );
        assert_eq!(legacy_colour("transparent"), None);
        assert_eq!(legacy_colour(""), None);
    }

    #[test]
    fn dimensions_and_font_sizes() {
        assert_eq!(dimension("100", false).as_deref(), Some("100px"));
        assert_eq!(dimension(" 50%", false).as_deref(), Some("50%"));
        assert_eq!(dimension("12.5px", false).as_deref(), Some("12.5px"));
        assert_eq!(dimension("0", true), None);
        assert_eq!(dimension("abc", false), None);
        assert_eq!(legacy_font_size("+1"), Some("large"));
        assert_eq!(legacy_font_size("7"), Some("xxx-large"));
        assert_eq!(legacy_font_size("-9"), Some("x-small"));
        assert_eq!(legacy_font_size("x"), None);
    }
}
