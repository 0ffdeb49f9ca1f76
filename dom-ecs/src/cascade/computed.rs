//! What `getComputedStyle` returns: a read-only `CSSStyleDeclaration`
//! whose declarations are an element's computed (resolved) values
//! (<https://drafts.csswg.org/cssom/#resolved-values>), read from the style
//! engine as each member asks (the object is live).

use std::sync::OnceLock;

use bevy_ecs::prelude::Entity;
use style::properties::{
    LonghandId, NonCustomPropertyId, PropertyDeclarationId, PropertyId, parse_style_attribute,
};
use style::servo_arc::Arc as StyloArc;
use style::stylesheets::{CssRuleType, UrlExtraData};

use super::StyleTarget;
use crate::Document;

/// The longhands a computed style lists (its supported property
/// indices), in the order browsers list them: the standard names
/// alphabetically, then the prefixed ones.
fn listed_longhands() -> &'static [(&'static str, LonghandId)] {
    static ALL: OnceLock<Vec<(&'static str, LonghandId)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut list: Vec<(&'static str, LonghandId)> = NonCustomPropertyId::iter()
            .filter_map(|id| Some((id.name(), id.as_longhand()?)))
            .filter(|(name, _)| PropertyId::parse_enabled_for_all_content(name).is_ok())
            .filter(|(name, _)| !name.starts_with("-servo-") && !name.starts_with("-moz-"))
            .collect();
        list.sort_by_key(|(name, _)| (name.starts_with('-'), *name));
        list
    })
}

impl Document {
    /// The number of declarations in `element`'s computed style (0 when
    /// it has none: not connected, or no browsing context).
    pub(crate) fn computed_length(&self, element: Entity, target: Option<StyleTarget>) -> usize {
        match target.and_then(|t| self.computed_values(element, t)) {
            Some(_) => listed_longhands().len(),
            None => 0,
        }
    }

    /// The name of the computed style's `index`th declaration ("" past
    /// the end).
    pub(crate) fn computed_item(
        &self,
        element: Entity,
        target: Option<StyleTarget>,
        index: usize,
    ) -> String {
        if index >= self.computed_length(element, target) {
            return String::new();
        }
        listed_longhands()
            .get(index)
            .map_or_else(String::new, |(name, _)| (*name).to_owned())
    }

    /// Every declaration's name, in order.
    pub(crate) fn computed_names(
        &self,
        element: Entity,
        target: Option<StyleTarget>,
    ) -> Vec<String> {
        if self.computed_length(element, target) == 0 {
            return Vec::new();
        }
        listed_longhands()
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect()
    }

    /// `getPropertyValue(property)` of a computed style: a longhand's or
    /// custom property's resolved value; a shorthand's is its longhands'
    /// values said as the shorthand, when it can say them; "" for a name
    /// the style engine does not know, or an element with no style.
    pub(crate) fn computed_property_value(
        &self,
        element: Entity,
        target: Option<StyleTarget>,
        property: &str,
    ) -> String {
        let Some(values) = target.and_then(|t| self.computed_values(element, t)) else {
            return String::new();
        };
        let Some(id) = super::super::cssom::property_id(property) else {
            return String::new();
        };
        match id.as_shorthand() {
            Err(PropertyDeclarationId::Longhand(l)) => {
                values.computed_value_to_string(PropertyDeclarationId::Longhand(l))
            }
            Err(custom) => values.computed_value_to_string(custom),
            Ok(shorthand) => {
                // The longhands' values as declarations, serialized as the
                // shorthand (CSSOM's "serialize a CSS value" of a
                // shorthand from its longhands).
                let mut text = String::new();
                for l in shorthand.longhands() {
                    let v = values.computed_value_to_string(PropertyDeclarationId::Longhand(l));
                    text.push_str(l.name());
                    text.push(':');
                    text.push_str(&v);
                    text.push(';');
                }
                let url = UrlExtraData(StyloArc::new(
                    url::Url::parse("about:blank").expect("about:blank parses"),
                ));
                let block = parse_style_attribute(
                    &text,
                    &url,
                    None,
                    super::stylo_quirks(self.quirks),
                    CssRuleType::Style,
                );
                let mut out = String::new();
                match block.property_value_to_css(&id, &mut out) {
                    Ok(()) => out,
                    Err(_) => String::new(),
                }
            }
        }
    }
}
