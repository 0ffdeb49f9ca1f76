//! IDL attributes that reflect content attributes
//! (<https://html.spec.whatwg.org/#reflecting-content-attributes-in-idl-attributes>):
//! the getter parses the content attribute by the rules of the IDL
//! attribute's type, the setter writes it back. Each bridge's generated
//! accessor calls one of these with the content attribute's name (and the
//! binding table's rule: an enumerated attribute's keywords, a number's
//! default and limits).

use crate::{Document, DomError, DomResult, NodeId};

/// An enumerated attribute "limited to only known values"
/// (<https://html.spec.whatwg.org/#enumerated-attribute>): its keywords,
/// each with the canonical keyword of its state, and the states of a
/// missing, an invalid and an empty value (`None`: the no state, read as
/// the empty string).
#[derive(Debug)]
pub struct Enumerated {
    /// `(keyword, canonical keyword of its state)`, lowercase.
    pub keywords: &'static [(&'static str, &'static str)],
    /// The missing value default's canonical keyword.
    pub missing: Option<&'static str>,
    /// The invalid value default's canonical keyword.
    pub invalid: Option<&'static str>,
    /// The empty value default's canonical keyword (an empty value that
    /// is no keyword).
    pub empty: Option<&'static str>,
}

/// The rule of a reflecting `unsigned long`: its default, and whether it
/// is limited to only positive numbers or clamped to a range.
#[derive(Clone, Copy, Debug)]
pub struct UnsignedLong {
    /// The value when the content attribute is absent or invalid.
    pub default: u32,
    /// "Limited to only positive numbers": 0 reads as the default and a
    /// write of 0 is an `IndexSizeError`.
    pub positive: bool,
    /// "Limited to only positive numbers with fallback": 0 reads as the
    /// default and a write of 0 writes the default.
    pub fallback: bool,
    /// "Clamped to the range [min, max]".
    pub clamp: Option<(u32, u32)>,
}

/// The largest value a reflecting `long` or `unsigned long` keeps (2^31 - 1).
const MAX: i64 = 2_147_483_647;

/// The rules for parsing integers
/// (<https://html.spec.whatwg.org/#rules-for-parsing-integers>): leading
/// ASCII whitespace, a sign, digits; what follows them is ignored. `None`
/// for an error; a value too large for `i64` saturates (out of every IDL
/// range, as the spec's unbounded value is).
#[must_use]
pub fn parse_integer(input: &str) -> Option<i64> {
    let s = input.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']);
    let (negative, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let magnitude = s[..digits].bytes().fold(0i64, |v, d| {
        v.saturating_mul(10).saturating_add(i64::from(d - b'0'))
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// The rules for parsing non-negative integers
/// (<https://html.spec.whatwg.org/#rules-for-parsing-non-negative-integers>).
#[must_use]
pub fn parse_non_negative_integer(input: &str) -> Option<i64> {
    parse_integer(input).filter(|&v| v >= 0)
}

impl Document {
    /// The getter of a reflecting `DOMString` (`id`, `className`,
    /// `name`...): the content attribute's value, "" when absent.
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn reflected_string(&self, id: NodeId, name: &str) -> DomResult<&str> {
        Ok(self.get_attribute(id, name)?.unwrap_or(""))
    }

    /// The setter of a reflecting `DOMString` or `USVString` (and of an
    /// enumerated one): sets the content attribute.
    ///
    /// # Errors
    /// As [`Document::set_attribute`].
    pub fn set_reflected_string(&mut self, id: NodeId, name: &str, value: &str) -> DomResult<()> {
        self.set_attribute(id, name, value)
    }

    /// The getter of a `USVString` reflecting a URL (`src`, `href`,
    /// `cite`...): the content attribute parsed against the node
    /// document's base URL and serialized; the value itself if it does
    /// not parse; "" when absent.
    ///
    /// # Errors
    /// As [`Document::reflected_string`].
    pub fn reflected_url(&self, id: NodeId, name: &str) -> DomResult<String> {
        let Some(value) = self.get_attribute(id, name)? else {
            return Ok(String::new());
        };
        Ok(resolve(&self.base_uri_of(id)?, value))
    }

    /// `base.href` (<https://html.spec.whatwg.org/#dom-base-href>): the
    /// `href` content attribute ("" when absent) parsed against the
    /// document's fallback base URL (its URL: not the base URL this very
    /// element sets), the value itself when it does not parse.
    ///
    /// # Errors
    /// As [`Document::reflected_string`].
    pub fn base_href(&self, id: NodeId) -> DomResult<String> {
        let value = self.get_attribute(id, "href")?.unwrap_or_default();
        let doc = NodeId(self.node_document(id.0));
        Ok(resolve(self.url_of(doc)?, value))
    }

    /// Setting `base.href`: the content attribute.
    ///
    /// # Errors
    /// As [`Document::set_attribute`].
    pub fn set_base_href(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.set_attribute(id, "href", value)
    }

    /// The getter of an enumerated attribute limited to only known values:
    /// the canonical keyword of its state (matched ASCII
    /// case-insensitively), "" for a state with none.
    ///
    /// # Errors
    /// As [`Document::reflected_string`].
    pub fn reflected_enum(
        &self,
        id: NodeId,
        name: &str,
        rule: &Enumerated,
    ) -> DomResult<&'static str> {
        let state = match self.get_attribute(id, name)? {
            None => rule.missing,
            Some(v) => match rule
                .keywords
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(v))
            {
                Some(&(_, canonical)) => Some(canonical),
                None if v.is_empty() && rule.empty.is_some() => rule.empty,
                None => rule.invalid,
            },
        };
        Ok(state.unwrap_or(""))
    }

    /// The getter of a reflecting `boolean`: whether the content attribute
    /// is present.
    ///
    /// # Errors
    /// As [`Document::reflected_string`].
    pub fn reflected_bool(&self, id: NodeId, name: &str) -> DomResult<bool> {
        Ok(self.get_attribute(id, name)?.is_some())
    }

    /// The setter of a reflecting `boolean`: true sets the content
    /// attribute to "", false removes it.
    ///
    /// # Errors
    /// As [`Document::set_attribute`].
    pub fn set_reflected_bool(&mut self, id: NodeId, name: &str, value: bool) -> DomResult<()> {
        if value {
            self.set_attribute(id, name, "")
        } else {
            self.remove_attribute(id, name)
        }
    }

    /// The getter of a reflecting `long`: the content attribute parsed as
    /// an integer (a non-negative one when `non_negative`), if it is one
    /// in range; else `default`.
    ///
    /// # Errors
    /// As [`Document::reflected_string`].
    pub fn reflected_long(
        &self,
        id: NodeId,
        name: &str,
        default: i32,
        non_negative: bool,
    ) -> DomResult<i32> {
        let parsed = self.get_attribute(id, name)?.and_then(if non_negative {
            parse_non_negative_integer
        } else {
            parse_integer
        });
        Ok(parsed
            .and_then(|v| i32::try_from(v).ok())
            .unwrap_or(default))
    }

    /// The setter of a reflecting `long`: the value as a valid integer;
    /// a negative value of one limited to only non-negative numbers is an
    /// `IndexSizeError`.
    ///
    /// # Errors
    /// That `IndexSizeError`; as [`Document::set_attribute`].
    pub fn set_reflected_long(
        &mut self,
        id: NodeId,
        name: &str,
        non_negative: bool,
        value: i32,
    ) -> DomResult<()> {
        if non_negative && value < 0 {
            return Err(DomError::IndexSize(format!(
                "{name} cannot be negative ({value})"
            )));
        }
        self.set_attribute(id, name, &value.to_string())
    }

    /// The getter of a reflecting `unsigned long`: the content attribute
    /// parsed as a non-negative integer, if it is one no larger than
    /// 2^31 - 1 (and not 0 when limited to positive numbers; clamped when
    /// clamped); else the default.
    ///
    /// # Errors
    /// As [`Document::reflected_string`].
    pub fn reflected_unsigned_long(
        &self,
        id: NodeId,
        name: &str,
        rule: UnsignedLong,
    ) -> DomResult<usize> {
        let parsed = self
            .get_attribute(id, name)?
            .and_then(parse_non_negative_integer);
        let value = match (parsed, rule.clamp) {
            (Some(v), Some((min, max))) => v.clamp(i64::from(min), i64::from(max)),
            (Some(v), None) if v <= MAX && !((rule.positive || rule.fallback) && v == 0) => v,
            _ => i64::from(rule.default),
        };
        Ok(usize::try_from(value).unwrap_or(0))
    }

    /// The setter of a reflecting `unsigned long`: 0 is an
    /// `IndexSizeError` for one limited to positive numbers (writes the
    /// default with fallback); a value above 2^31 - 1 writes the default.
    ///
    /// # Errors
    /// That `IndexSizeError`; as [`Document::set_attribute`].
    pub fn set_reflected_unsigned_long(
        &mut self,
        id: NodeId,
        name: &str,
        rule: UnsignedLong,
        value: usize,
    ) -> DomResult<()> {
        if rule.positive && value == 0 {
            return Err(DomError::IndexSize(format!("{name} must be positive")));
        }
        let minimum = i64::from(rule.positive || rule.fallback);
        let value = i64::try_from(value)
            .ok()
            .filter(|&v| (minimum..=MAX).contains(&v))
            .unwrap_or(i64::from(rule.default));
        self.set_attribute(id, name, &value.to_string())
    }
}

/// `value` parsed against `base` and serialized; `value` itself when it
/// does not parse.
fn resolve(base: &str, value: &str) -> String {
    crate::urls::UrlRecord::parse_with_base(value, base)
        .map_or_else(|| value.to_owned(), |u| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::keywords::INPUT_TYPE;

    #[test]
    fn integers_parse_by_the_html_rules() {
        assert_eq!(parse_integer("  -12px"), Some(-12));
        assert_eq!(parse_integer("+7"), Some(7));
        assert_eq!(parse_integer("x1"), None);
        assert_eq!(parse_integer("-"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_non_negative_integer("-0"), Some(0));
        assert_eq!(parse_non_negative_integer("-1"), None);
        assert_eq!(parse_integer("99999999999999999999999"), Some(i64::MAX));
    }

    #[test]
    fn reflection_reads_and_writes_the_content_attribute() {
        let mut d = Document::parse(
            "<base href='http://example.com/dir/'><input type=CHECKBOX maxlength=x size=0><iframe src='a b.html'></iframe><table><tr><td colspan=5000></table>",
        );
        let q = |d: &Document, s| d.query_selector_all(d.root(), s).unwrap()[0];
        let (input, iframe, td) = (q(&d, "input"), q(&d, "iframe"), q(&d, "td"));
        assert_eq!(
            d.reflected_enum(input, "type", &INPUT_TYPE).unwrap(),
            "checkbox"
        );
        d.set_reflected_string(input, "type", "nonsense").unwrap();
        assert_eq!(
            d.reflected_enum(input, "type", &INPUT_TYPE).unwrap(),
            "text"
        );
        d.remove_attribute(input, "type").unwrap();
        assert_eq!(
            d.reflected_enum(input, "type", &INPUT_TYPE).unwrap(),
            "text"
        );
        assert_eq!(
            d.reflected_url(iframe, "src").unwrap(),
            "http://example.com/dir/a%20b.html"
        );
        assert_eq!(d.reflected_url(input, "src").unwrap(), "");
        assert_eq!(d.reflected_long(input, "maxlength", -1, true).unwrap(), -1);
        assert!(matches!(
            d.set_reflected_long(input, "maxlength", true, -2),
            Err(DomError::IndexSize(_))
        ));
        d.set_reflected_long(input, "maxlength", true, 3).unwrap();
        assert_eq!(d.get_attribute(input, "maxlength").unwrap(), Some("3"));
        let size = UnsignedLong {
            default: 20,
            positive: true,
            fallback: false,
            clamp: None,
        };
        assert_eq!(d.reflected_unsigned_long(input, "size", size).unwrap(), 20);
        assert!(
            d.set_reflected_unsigned_long(input, "size", size, 0)
                .is_err()
        );
        d.set_reflected_unsigned_long(input, "size", size, 4_294_967_295)
            .unwrap();
        assert_eq!(d.get_attribute(input, "size").unwrap(), Some("20"));
        let span = UnsignedLong {
            default: 1,
            positive: false,
            fallback: false,
            clamp: Some((1, 1000)),
        };
        assert_eq!(
            d.reflected_unsigned_long(td, "colspan", span).unwrap(),
            1000
        );
        assert!(!d.reflected_bool(input, "disabled").unwrap());
        d.set_reflected_bool(input, "disabled", true).unwrap();
        assert_eq!(d.get_attribute(input, "disabled").unwrap(), Some(""));
        d.set_reflected_bool(input, "disabled", false).unwrap();
        assert!(!d.reflected_bool(input, "disabled").unwrap());
    }
}
