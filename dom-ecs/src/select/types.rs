//! The selector implementation types: names with their hash, namespaces, the pseudo-classes we match, and the parser hooks.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

/// A name or value from a parsed selector, with its hash computed once.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CssString {
    s: Box<str>,
    hash: u32,
}

impl CssString {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.s
    }
}

impl fmt::Debug for CssString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.s, f)
    }
}

/// A string of the selector (Unicode: the source was preprocessed) as the
/// DOM string it matches (`crate::dom_string::escape`: `#\\10FFFF` matches
/// the id a script wrote as `"\u{10FFFF}"`).
impl From<&str> for CssString {
    fn from(s: &str) -> Self {
        let s = &*crate::dom_string::escape(s);
        let hash = FxBuildHasher.hash_one(s) as u32;
        CssString { s: s.into(), hash }
    }
}

impl AsRef<str> for CssString {
    fn as_ref(&self) -> &str {
        &self.s
    }
}

impl PrecomputedHash for CssString {
    fn precomputed_hash(&self) -> u32 {
        self.hash
    }
}

impl ToCss for CssString {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        cssparser::serialize_identifier(&crate::dom_string::to_usv(&self.s), dest)
    }
}

/// A namespace in a selector. `querySelector` declares no prefixes, so only
/// `*|` (any) and `|` (none) can be written; `Default` is "no namespace".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CssNamespace(pub Ns);

impl Default for CssNamespace {
    fn default() -> Self {
        CssNamespace(Ns::None)
    }
}

impl PrecomputedHash for CssNamespace {
    fn precomputed_hash(&self) -> u32 {
        u32::from(self.0.number())
    }
}

/// The pseudo-classes `querySelector` understands. A DOM without user
/// interaction has no hover, focus or visited state, so those parse and
/// never match; `:target` matches the element the document URL's
/// fragment indicates.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "each variant is the CSS pseudo-class of the same name"
)]
pub enum PseudoClass {
    Link,
    AnyLink,
    Visited,
    Hover,
    Active,
    Focus,
    FocusWithin,
    FocusVisible,
    Target,
    Checked,
    Disabled,
    Enabled,
    Required,
    Optional,
    ReadOnly,
    ReadWrite,
    PlaceholderShown,
    Defined,
    Valid,
    Invalid,
    /// `:modal`: a modal dialog.
    Modal,
    /// `:lang(ranges)`, lowercased.
    Lang(Box<[Box<str>]>),
}

impl PseudoClass {
    fn name(&self) -> &'static str {
        match self {
            PseudoClass::Link => "link",
            PseudoClass::AnyLink => "any-link",
            PseudoClass::Visited => "visited",
            PseudoClass::Hover => "hover",
            PseudoClass::Active => "active",
            PseudoClass::Focus => "focus",
            PseudoClass::FocusWithin => "focus-within",
            PseudoClass::FocusVisible => "focus-visible",
            PseudoClass::Target => "target",
            PseudoClass::Checked => "checked",
            PseudoClass::Disabled => "disabled",
            PseudoClass::Enabled => "enabled",
            PseudoClass::Required => "required",
            PseudoClass::Optional => "optional",
            PseudoClass::ReadOnly => "read-only",
            PseudoClass::ReadWrite => "read-write",
            PseudoClass::PlaceholderShown => "placeholder-shown",
            PseudoClass::Defined => "defined",
            PseudoClass::Valid => "valid",
            PseudoClass::Invalid => "invalid",
            PseudoClass::Modal => "modal",
            PseudoClass::Lang(_) => "lang",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        const ALL: [PseudoClass; 21] = [
            PseudoClass::Link,
            PseudoClass::AnyLink,
            PseudoClass::Visited,
            PseudoClass::Hover,
            PseudoClass::Active,
            PseudoClass::Focus,
            PseudoClass::FocusWithin,
            PseudoClass::FocusVisible,
            PseudoClass::Target,
            PseudoClass::Checked,
            PseudoClass::Disabled,
            PseudoClass::Enabled,
            PseudoClass::Required,
            PseudoClass::Optional,
            PseudoClass::ReadOnly,
            PseudoClass::ReadWrite,
            PseudoClass::PlaceholderShown,
            PseudoClass::Defined,
            PseudoClass::Valid,
            PseudoClass::Invalid,
            PseudoClass::Modal,
        ];
        ALL.into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

impl ToCss for PseudoClass {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        dest.write_char(':')?;
        dest.write_str(self.name())?;
        if let PseudoClass::Lang(ranges) = self {
            dest.write_char('(')?;
            for (i, r) in ranges.iter().enumerate() {
                if i > 0 {
                    dest.write_str(", ")?;
                }
                cssparser::serialize_identifier(r, dest)?;
            }
            dest.write_char(')')?;
        }
        Ok(())
    }
}

impl selectors::parser::NonTSPseudoClass for PseudoClass {
    fn is_active_or_hover(&self) -> bool {
        matches!(self, PseudoClass::Active | PseudoClass::Hover)
    }
    fn is_user_action_state(&self) -> bool {
        matches!(
            self,
            PseudoClass::Active | PseudoClass::Hover | PseudoClass::Focus
        )
    }
}

/// Pseudo-elements parse (so `p::before` is valid) but match no element:
/// `querySelectorAll` returns elements, never pseudo-elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PseudoElement(Box<str>);

impl ToCss for PseudoElement {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        dest.write_str("::")?;
        dest.write_str(&self.0)
    }
}

impl selectors::parser::PseudoElement for PseudoElement {}

/// The `SelectorImpl` of this DOM: which types a parsed selector holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorTypes;

impl selectors::parser::SelectorImpl for SelectorTypes {
    type ExtraMatchingData<'a> = ();
    type AttrValue = CssString;
    type Identifier = CssString;
    type LocalName = CssString;
    type NamespaceUrl = CssNamespace;
    type NamespacePrefix = CssString;
    type BorrowedNamespaceUrl = CssNamespace;
    type BorrowedLocalName = CssString;
    type NonTSPseudoClass = PseudoClass;
    type PseudoElement = PseudoElement;
}

pub(super) struct SelectorParser;

impl<'i> selectors::parser::Parser<'i> for SelectorParser {
    type Impl = SelectorTypes;
    type Error = SelectorParseErrorKind;

    fn parse_nth_child_of(&self) -> bool {
        true
    }
    fn parse_is_and_where(&self) -> bool {
        true
    }
    fn parse_has(&self) -> bool {
        true
    }
    // (`::slotted()` and `:host` are valid; outside a shadow tree's style
    // scope, which queries never are, they match nothing.)
    fn parse_slotted(&self) -> bool {
        true
    }
    fn parse_host(&self) -> bool {
        true
    }

    fn parse_non_ts_pseudo_class(
        &self,
        name: &str,
    ) -> Result<PseudoClass, ParseError<Self::Error>> {
        PseudoClass::from_name(name).ok_or_else(|| {
            ParseError::custom(SelectorParseErrorKind::UnsupportedPseudoClassOrElement)
        })
    }

    fn parse_non_ts_functional_pseudo_class(
        &self,
        name: &str,
        parser: &mut cssparser::Parser<'i>,
        _after_part: bool,
    ) -> Result<PseudoClass, ParseError<Self::Error>> {
        if !name.eq_ignore_ascii_case("lang") {
            return Err(ParseError::custom(
                SelectorParseErrorKind::UnsupportedPseudoClassOrElement,
            ));
        }
        let ranges = parser.parse_comma_separated(|p| {
            p.expect_ident_or_string()
                .map(|r| r.to_ascii_lowercase().into_boxed_str())
                .map_err(Into::into)
        })?;
        Ok(PseudoClass::Lang(ranges.into()))
    }

    fn parse_pseudo_element(&self, name: &str) -> Result<PseudoElement, ParseError<Self::Error>> {
        const KNOWN: &[&str] = &[
            "before",
            "after",
            "first-line",
            "first-letter",
            "marker",
            "placeholder",
            "selection",
            "backdrop",
            "file-selector-button",
        ];
        match KNOWN.iter().find(|k| k.eq_ignore_ascii_case(name)) {
            Some(k) => Ok(PseudoElement((*k).into())),
            None => Err(ParseError::custom(
                SelectorParseErrorKind::UnsupportedPseudoClassOrElement,
            )),
        }
    }
}
