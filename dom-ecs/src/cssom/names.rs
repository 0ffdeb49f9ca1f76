//! The supported CSS properties and the IDL attributes CSSOM gives
//! `CSSStyleDeclaration` for each
//! (<https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-camel-cased-attribute>):
//! the camel-cased attribute (`backgroundColor`), the webkit-cased one
//! (`webkitTransform`, for `-webkit-` properties) and the dashed one
//! (`background-color`, for names with a dash). Stylo (the style engine)
//! says which properties are supported.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use style::properties::{NonCustomPropertyId, PropertyId};

/// One IDL attribute of `CSSStyleDeclaration` and the property it reads
/// and writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyAttribute {
    /// The attribute's name (`backgroundColor`).
    pub attribute: String,
    /// The CSS property (`background-color`).
    pub property: &'static str,
}

/// "CSS property to IDL attribute"
/// (<https://drafts.csswg.org/cssom/#css-property-to-idl-attribute>):
/// each `-` dropped and the letter after it uppercased; with
/// `lowercase_first`, a leading `-` is dropped first.
#[must_use]
pub fn css_property_to_idl_attribute(property: &str, lowercase_first: bool) -> String {
    let mut out = String::with_capacity(property.len());
    let mut upper = false;
    let property = if lowercase_first {
        property.strip_prefix('-').unwrap_or(property)
    } else {
        property
    };
    for c in property.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Every CSS property the style engine supports for all content
/// (longhands, shorthands and aliases), by name.
pub fn supported_properties() -> impl Iterator<Item = &'static str> {
    NonCustomPropertyId::iter()
        .map(NonCustomPropertyId::name)
        .filter(|name| PropertyId::parse_enabled_for_all_content(name).is_ok())
}

/// The attributes, in the order of the properties, and by name.
struct Attributes {
    list: Vec<PropertyAttribute>,
    by_name: FxHashMap<String, &'static str>,
}

fn attributes() -> &'static Attributes {
    static ALL: OnceLock<Attributes> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut list = Vec::new();
        let mut by_name = FxHashMap::default();
        for property in supported_properties() {
            let mut add = |attribute: String| {
                if by_name.insert(attribute.clone(), property).is_none() {
                    list.push(PropertyAttribute {
                        attribute,
                        property,
                    });
                }
            };
            add(css_property_to_idl_attribute(property, false));
            if property.starts_with("-webkit-") {
                add(css_property_to_idl_attribute(property, true));
            }
            if property.contains('-') {
                add(property.to_owned());
            }
        }
        Attributes { list, by_name }
    })
}

/// Every IDL attribute CSSOM defines for the supported properties, made
/// once: the camel-cased attribute of each, the webkit-cased one of each
/// `-webkit-` property, and the dashed one of each name with a `-`.
pub fn property_attributes() -> &'static [PropertyAttribute] {
    &attributes().list
}

/// The property an IDL attribute of `CSSStyleDeclaration` reads and
/// writes (`cssFloat` is `float`).
#[must_use]
pub fn property_of_attribute(attribute: &str) -> Option<&'static str> {
    if attribute == "cssFloat" {
        return Some("float");
    }
    attributes().by_name.get(attribute).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_follow_cssoms_three_spellings() {
        assert_eq!(
            css_property_to_idl_attribute("background-color", false),
            "backgroundColor"
        );
        assert_eq!(
            css_property_to_idl_attribute("-webkit-transform", true),
            "webkitTransform"
        );
        assert_eq!(
            css_property_to_idl_attribute("-webkit-transform", false),
            "WebkitTransform"
        );
        assert_eq!(
            property_of_attribute("backgroundColor"),
            Some("background-color")
        );
        assert_eq!(
            property_of_attribute("background-color"),
            Some("background-color")
        );
        assert_eq!(property_of_attribute("display"), Some("display"));
        assert_eq!(property_of_attribute("cssFloat"), Some("float"));
        assert_eq!(property_of_attribute("colour"), None);
    }
}
