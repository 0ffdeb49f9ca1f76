//! `dataset` (<https://html.spec.whatwg.org/#dom-dataset>): a
//! `DOMStringMap` over an element's `data-*` attributes, whose names are
//! the attribute names less `data-`, each `-` and lowercase letter after
//! it made one uppercase letter (`data-foo-bar` is `fooBar`).

use crate::intern::Ns;
use crate::{Document, DomError, DomResult, NodeId};

/// What `dataset` returns: the element whose `data-*` attributes it maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StringMap {
    /// The element.
    pub element: NodeId,
}

/// The property name of attribute `attr`, if it is a `data-*` one a
/// `DOMStringMap` lists (no ASCII uppercase in it).
fn property_name(attr: &str) -> Option<String> {
    let rest = attr.strip_prefix("data-")?;
    if attr.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '-' && n.is_ascii_lowercase() => {
                out.push(n.to_ascii_uppercase());
                chars.next();
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// The attribute name of property `name`: `data-`, then `name` with each
/// ASCII uppercase letter made `-` and its lowercase.
fn attribute_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    out.push_str("data-");
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl Document {
    /// `dataset` of an HTML (or SVG, MathML) element.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no element.
    pub fn dataset_of(&self, id: NodeId) -> DomResult<StringMap> {
        self.live(id)?;
        if self.element_name(id.0).is_none() {
            return Err(DomError::Type("Illegal invocation: not an Element".into()));
        }
        Ok(StringMap { element: id })
    }
}

impl StringMap {
    /// The supported property names and their values, in attribute order.
    ///
    /// # Errors
    /// `StaleNode` when the element is gone.
    pub fn entries(&self, d: &Document) -> DomResult<Vec<(String, String)>> {
        d.live(self.element)?;
        let Some(attrs) = d.attrs(self.element.0) else {
            return Ok(Vec::new());
        };
        Ok(attrs
            .list
            .iter()
            .filter(|a| a.ns == Ns::None && a.prefix.is_none())
            .filter_map(|a| {
                property_name(d.names.resolve(a.local)).map(|n| (n, a.value.to_string()))
            })
            .collect())
    }

    /// The named property getter: the value of property `name`, if it is
    /// a supported one.
    ///
    /// # Errors
    /// `StaleNode` when the element is gone.
    pub fn get(&self, d: &Document, name: &str) -> DomResult<Option<String>> {
        // (A name with `-` then a lowercase letter is never supported.)
        if has_dash_lowercase(name) {
            return Ok(None);
        }
        Ok(d.get_attribute(self.element, &attribute_name(name))?
            .map(str::to_owned))
    }

    /// The named property setter: set attribute `data-…` of property
    /// `name` to `value`.
    ///
    /// # Errors
    /// `SyntaxError` when `name` has a `-` followed by a lowercase letter;
    /// `InvalidCharacterError` when the attribute name is not valid.
    pub fn set(&self, d: &mut Document, name: &str, value: &str) -> DomResult<()> {
        if has_dash_lowercase(name) {
            return Err(DomError::Syntax(format!(
                "'{name}' is not a valid dataset name: a '-' is followed by a lowercase letter"
            )));
        }
        let attr = attribute_name(name);
        if !crate::tree::is_valid_attribute_name(&attr) {
            return Err(DomError::InvalidCharacter(format!(
                "'{attr}' is not a valid attribute name"
            )));
        }
        d.set_attribute(self.element, &attr, value)
    }

    /// The named property deleter: remove attribute `data-…` of property
    /// `name` (nothing for a name that cannot be one).
    ///
    /// # Errors
    /// `StaleNode` when the element is gone.
    pub fn delete(&self, d: &mut Document, name: &str) -> DomResult<()> {
        if has_dash_lowercase(name) {
            return Ok(());
        }
        d.remove_attribute(self.element, &attribute_name(name))
    }
}

fn has_dash_lowercase(name: &str) -> bool {
    name.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'-' && w[1].is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    #[test]
    fn names_convert_both_ways_and_bad_ones_are_refused() {
        let mut d = Document::parse("<p id=p data-foo-bar=1 data-x=2 data-Up=3 data--y=4 title=t>");
        let p = d.get_element_by_id("p").unwrap();
        let map = d.dataset_of(p).unwrap();
        let names: Vec<String> = map
            .entries(&d)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        // (The parser lowercases `data-Up`.)
        assert_eq!(names, ["fooBar", "x", "up", "Y"]);
        assert_eq!(map.get(&d, "fooBar").unwrap().as_deref(), Some("1"));
        assert_eq!(map.get(&d, "foo-bar").unwrap(), None);
        map.set(&mut d, "newName", "v").unwrap();
        assert_eq!(d.get_attribute(p, "data-new-name").unwrap(), Some("v"));
        assert!(matches!(
            map.set(&mut d, "a-b", "v"),
            Err(DomError::Syntax(_))
        ));
        assert!(matches!(
            map.set(&mut d, "a b", "v"),
            Err(DomError::InvalidCharacter(_))
        ));
        map.delete(&mut d, "fooBar").unwrap();
        assert_eq!(d.get_attribute(p, "data-foo-bar").unwrap(), None);
    }
}
