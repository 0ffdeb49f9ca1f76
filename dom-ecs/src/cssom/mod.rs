//! CSSOM's `CSSStyleDeclaration` of an element's `style` attribute
//! (<https://drafts.csswg.org/cssom/#the-cssstyledeclaration-interface>,
//! <https://drafts.csswg.org/cssom/#dom-elementcssinlinestyle-style>).
//!
//! The declarations are the style attribute parsed by Stylo, the style
//! engine of Servo and Firefox: its property parsers decide what is a
//! valid value, its shorthands expand, its serialization is what
//! `cssText` and `getPropertyValue` read. The attribute is the one
//! source of truth: each member parses it as it is now (a style attribute
//! is short), and a change writes the block's serialization back ("update
//! style attribute for"), which queues the mutation record a browser
//! queues.

mod names;
mod sheet;

use style::context::QuirksMode as StyloQuirks;
use style::properties::{
    Importance, PropertyDeclarationBlock, PropertyId, SourcePropertyDeclaration,
    SourcePropertyDeclarationUpdate, parse_one_declaration_into, parse_style_attribute,
};
use style::servo_arc::Arc as StyloArc;
use style::stylesheets::{CssRuleType, Origin, UrlExtraData};
use style_traits::ParsingMode;

pub use sheet::{Rule, RuleList, StyleSheet, StyleSheets};

pub use names::{
    PropertyAttribute, css_property_to_idl_attribute, property_attributes, property_of_attribute,
    supported_properties,
};

use crate::cascade::StyleTarget;
use crate::document::QuirksMode;
use crate::{Document, DomResult, NodeId};

/// A `CSSStyleDeclaration`: what an element's `style` returns, the CSS
/// declaration block whose owner node is the element, or what
/// `getComputedStyle` returns, its computed style's read-only
/// declarations (each bridge makes one object of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StyleDeclarations {
    /// The owner node.
    pub element: NodeId,
    /// Which declarations.
    pub of: DeclarationsOf,
}

/// Which declarations a [`StyleDeclarations`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclarationsOf {
    /// The element's `style` attribute.
    Inline,
    /// The element's computed style, or its pseudo-element's (none for a
    /// pseudo-element ecsdom does not style: no declarations).
    Computed(Option<StyleTarget>),
}

impl StyleDeclarations {
    /// Element `element`'s inline style.
    pub fn inline(element: NodeId) -> Self {
        StyleDeclarations {
            element,
            of: DeclarationsOf::Inline,
        }
    }

    /// The computed style's target, if these are a computed style's.
    fn computed(&self) -> Option<Option<StyleTarget>> {
        match self.of {
            DeclarationsOf::Inline => None,
            DeclarationsOf::Computed(t) => Some(t),
        }
    }

    /// A computed style's declarations are read-only
    /// (<https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-setproperty> step 1).
    fn writable(&self) -> DomResult<()> {
        match self.of {
            DeclarationsOf::Inline => Ok(()),
            DeclarationsOf::Computed(_) => Err(crate::DomError::NoModificationAllowed(
                "a computed style's declarations are read-only".into(),
            )),
        }
    }
}

impl Document {
    /// `style` (<https://drafts.csswg.org/cssom/#dom-elementcssinlinestyle-style>):
    /// the element's inline style declarations.
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn style_of(&self, element: NodeId) -> DomResult<StyleDeclarations> {
        self.element(element)?;
        Ok(StyleDeclarations::inline(element))
    }

    /// `getComputedStyle(elt, pseudoElt)`
    /// (<https://drafts.csswg.org/cssom/#dom-window-getcomputedstyle>): the
    /// live, read-only declarations of `element`'s computed style, or of
    /// its pseudo-element `pseudo` (`::before`, `::after`, `::marker`;
    /// another is none, and has no declarations).
    ///
    /// # Errors
    /// A `TypeError` for a node that is no element, or `StaleNode`.
    pub fn computed_style(
        &self,
        element: NodeId,
        pseudo: Option<&str>,
    ) -> DomResult<StyleDeclarations> {
        self.element(element).map_err(|_| {
            crate::DomError::Type("getComputedStyle: the argument is not an Element".into())
        })?;
        Ok(StyleDeclarations {
            element,
            of: DeclarationsOf::Computed(StyleTarget::parse(pseudo)),
        })
    }
}

/// A property name as CSSOM's members take it: a custom property
/// (`--x`) as it is, any other ASCII-lowercased; none when the style
/// engine does not support it.
pub(crate) fn property_id(name: &str) -> Option<PropertyId> {
    if name.starts_with("--") {
        PropertyId::parse_enabled_for_all_content(name).ok()
    } else {
        PropertyId::parse_enabled_for_all_content(&name.to_ascii_lowercase()).ok()
    }
}

/// The serialization of a declaration block
/// (<https://drafts.csswg.org/cssom/#serialize-a-css-declaration-block>).
fn serialize(block: &PropertyDeclarationBlock) -> String {
    let mut out = String::new();
    // (Writing to a String cannot fail.)
    let _ = block.to_css(&mut out);
    out
}

impl StyleDeclarations {
    /// What Stylo needs to parse values: a URL for `url()`s, and the
    /// quirks mode (unitless lengths in quirks mode). The document's URL,
    /// not its base URL (which takes a walk for `<base>`): a specified
    /// `url()` keeps its text, which is all CSSOM serializes.
    fn context(&self, d: &Document) -> DomResult<(UrlExtraData, StyloQuirks)> {
        d.live(self.element)?;
        let doc = crate::NodeId(d.node_document(self.element.0));
        let url = url::Url::parse(d.url_of(doc)?)
            .or_else(|_| url::Url::parse("about:blank"))
            .expect("about:blank parses");
        let quirks = match d.quirks_mode() {
            QuirksMode::Quirks => StyloQuirks::Quirks,
            QuirksMode::LimitedQuirks => StyloQuirks::LimitedQuirks,
            QuirksMode::NoQuirks => StyloQuirks::NoQuirks,
        };
        Ok((UrlExtraData(StyloArc::new(url)), quirks))
    }

    /// The declarations: the style attribute, parsed.
    fn block(&self, d: &Document) -> DomResult<PropertyDeclarationBlock> {
        match d.get_attribute_ns(self.element, None, "style")? {
            None => Ok(PropertyDeclarationBlock::new()),
            Some(text) if text.trim().is_empty() => Ok(PropertyDeclarationBlock::new()),
            Some(text) => self.parse(d, text),
        }
    }

    fn parse(&self, d: &Document, text: &str) -> DomResult<PropertyDeclarationBlock> {
        let (url, quirks) = self.context(d)?;
        Ok(parse_style_attribute(
            text,
            &url,
            None,
            quirks,
            CssRuleType::Style,
        ))
    }

    /// "Update style attribute for" the block
    /// (<https://drafts.csswg.org/cssom/#update-style-attribute-for>).
    fn write(&self, d: &mut Document, block: &PropertyDeclarationBlock) -> DomResult<()> {
        d.set_attribute(self.element, "style", &serialize(block))
    }

    /// `cssText`: the declarations serialized.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn css_text(&self, d: &Document) -> DomResult<String> {
        if self.computed().is_some() {
            d.live(self.element)?;
            return Ok(String::new());
        }
        Ok(serialize(&self.block(d)?))
    }

    /// Setting `cssText`: the declarations become what `value` parses as
    /// (what does not parse is dropped), and the style attribute their
    /// serialization.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn set_css_text(&self, d: &mut Document, value: &str) -> DomResult<()> {
        self.writable()?;
        let block = self.parse(d, value)?;
        self.write(d, &block)
    }

    /// `length`: the number of declarations (a shorthand counts as its
    /// longhands).
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn length(&self, d: &Document) -> DomResult<usize> {
        if let Some(t) = self.computed() {
            return Ok(d.computed_length(d.element(self.element)?, t));
        }
        Ok(self.block(d)?.len())
    }

    /// `item(index)`: the name of the declaration at `index`, "" past the
    /// end (the indexed getter's supported indices are below `length`).
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn item(&self, d: &Document, index: usize) -> DomResult<String> {
        if let Some(t) = self.computed() {
            return Ok(d.computed_item(d.element(self.element)?, t, index));
        }
        let block = self.block(d)?;
        Ok(block
            .declarations()
            .get(index)
            .map(|decl| decl.id().name().into_owned())
            .unwrap_or_default())
    }

    /// The names of every declaration, in order (the supported property
    /// indices' values).
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn names(&self, d: &Document) -> DomResult<Vec<String>> {
        if let Some(t) = self.computed() {
            return Ok(d.computed_names(d.element(self.element)?, t));
        }
        let block = self.block(d)?;
        Ok(block
            .declarations()
            .iter()
            .map(|decl| decl.id().name().into_owned())
            .collect())
    }

    /// `getPropertyValue(property)`: the value serialized (a shorthand's
    /// only when all its longhands are set and it can say them), "" when
    /// not set or not supported.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn get_property_value(&self, d: &Document, property: &str) -> DomResult<String> {
        if let Some(t) = self.computed() {
            return Ok(d.computed_property_value(d.element(self.element)?, t, property));
        }
        let Some(id) = property_id(property) else {
            return Ok(String::new());
        };
        let block = self.block(d)?;
        let mut out = String::new();
        let _ = block.property_value_to_css(&id, &mut out);
        Ok(out)
    }

    /// `getPropertyPriority(property)`: "important" or "".
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn get_property_priority(&self, d: &Document, property: &str) -> DomResult<&'static str> {
        if self.computed().is_some() {
            d.live(self.element)?;
            return Ok("");
        }
        let Some(id) = property_id(property) else {
            return Ok("");
        };
        Ok(match self.block(d)?.property_priority(&id) {
            Importance::Important => "important",
            Importance::Normal => "",
        })
    }

    /// `setProperty(property, value, priority)`
    /// (<https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-setproperty>):
    /// nothing for an unsupported property, a priority other than
    /// "important" or a value that does not parse; an empty value removes
    /// the property; a declaration already there keeps its place.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn set_property(
        &self,
        d: &mut Document,
        property: &str,
        value: &str,
        priority: &str,
    ) -> DomResult<()> {
        self.writable()?;
        let Some(id) = property_id(property) else {
            return Ok(());
        };
        if value.is_empty() {
            return self.remove_property(d, property).map(drop);
        }
        let importance = if priority.is_empty() {
            Importance::Normal
        } else if priority.eq_ignore_ascii_case("important") {
            Importance::Important
        } else {
            return Ok(());
        };
        let (url, quirks) = self.context(d)?;
        let mut parsed = SourcePropertyDeclaration::default();
        if parse_one_declaration_into(
            &mut parsed,
            id,
            value,
            Origin::Author,
            &url,
            None,
            ParsingMode::DEFAULT,
            quirks,
            CssRuleType::Style,
        )
        .is_err()
        {
            return Ok(());
        }
        let mut block = self.block(d)?;
        let mut updates = SourcePropertyDeclarationUpdate::default();
        if !block.prepare_for_update(&parsed, importance, &mut updates) {
            return Ok(());
        }
        block.update(parsed.drain(), importance, &mut updates);
        self.write(d, &block)
    }

    /// `removeProperty(property)`: the value it had (as
    /// [`StyleDeclarations::get_property_value`]); a shorthand removes its
    /// longhands. The style attribute changes only if something was
    /// removed.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn remove_property(&self, d: &mut Document, property: &str) -> DomResult<String> {
        self.writable()?;
        let Some(id) = property_id(property) else {
            return Ok(String::new());
        };
        let mut block = self.block(d)?;
        let mut old = String::new();
        let _ = block.property_value_to_css(&id, &mut old);
        if let Some(first) = block.first_declaration_to_remove(&id) {
            block.remove_property(&id, first);
            self.write(d, &block)?;
        }
        Ok(old)
    }

    /// `cssFloat`: the `float` property.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn css_float(&self, d: &Document) -> DomResult<String> {
        self.get_property_value(d, "float")
    }

    /// Setting `cssFloat`.
    ///
    /// # Errors
    /// As [`Document::style_of`].
    pub fn set_css_float(&self, d: &mut Document, value: &str) -> DomResult<()> {
        self.set_property(d, "float", value, "")
    }
}

#[cfg(test)]
mod tests;
