//! CSS selectors: servo's `selectors` crate matched over a small `Copy` view
//! of an element ([`ElementRef`]), a per-document cache of parsed selectors,
//! and fast paths for `#id`, `.class` and `tag`.
//!
//! Names in parsed selectors are strings (the parser knows nothing of a
//! document's interner); matching resolves the element's symbol and compares
//! strings. The fast paths look the name up in the interner once and then
//! compare integers.

use std::fmt;
use std::hash::BuildHasher;

use std::ptr::NonNull;
use std::sync::{Arc, Mutex};

use bevy_ecs::prelude::*;
use cssparser::{ParseError, ToCss};
use precomputed_hash::PrecomputedHash;
use rustc_hash::{FxBuildHasher, FxHashMap};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::context::{
    MatchingContext, MatchingForInvalidation, MatchingMode, NeedsSelectorFlags,
    QuirksMode as SelQuirks, SelectorCaches,
};
use selectors::matching::{ElementSelectorFlags, matches_selector_list};
use selectors::parser::{ParseRelative, SelectorParseErrorKind};
use selectors::{OpaqueElement, SelectorList};

use crate::document::{Document, QuirksMode};
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{CharacterData, NodeId, NodeKind};

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

impl From<&str> for CssString {
    fn from(s: &str) -> Self {
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
        cssparser::serialize_identifier(&self.s, dest)
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
        self.0 as u32
    }
}

/// The pseudo-classes `querySelector` understands. A static DOM has no
/// hover, focus, visited or target state, so those parse and never match.
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
            PseudoClass::Lang(_) => "lang",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        const ALL: [PseudoClass; 20] = [
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

struct SelectorParser;

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

/// A parsed selector, with the shape it has when a fast path applies.
#[derive(Debug)]
pub(crate) enum Compiled {
    Id(Box<str>),
    Class(Box<str>),
    Tag(Box<str>),
    General(SelectorList<SelectorTypes>),
}

/// Parsed selectors by source text, so a hot loop never parses twice.
#[derive(Default)]
pub(crate) struct SelectorCache {
    map: Mutex<FxHashMap<Box<str>, Arc<Compiled>>>,
}

const CACHE_LIMIT: usize = 4096;

fn is_plain_ident(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

/// Parse a selector list as `querySelector` does
/// (<https://dom.spec.whatwg.org/#scope-match-a-selectors-string>).
///
/// # Errors
/// `SyntaxError` for an invalid selector.
pub fn parse_selector(source: &str) -> DomResult<SelectorList<SelectorTypes>> {
    let mut parser = cssparser::Parser::new(source);
    SelectorList::parse(&SelectorParser, &mut parser, ParseRelative::No)
        .map_err(|e| DomError::Syntax(format!("'{source}' is not a valid selector ({:?})", e.kind)))
}

fn compile(source: &str) -> DomResult<Compiled> {
    let list = parse_selector(source)?;
    let t = source.trim_matches(|c: char| c.is_ascii_whitespace());
    Ok(
        if let Some(id) = t.strip_prefix('#').filter(|s| is_plain_ident(s)) {
            Compiled::Id(id.into())
        } else if let Some(c) = t.strip_prefix('.').filter(|s| is_plain_ident(s)) {
            Compiled::Class(c.into())
        } else if is_plain_ident(t) {
            Compiled::Tag(t.into())
        } else {
            Compiled::General(list)
        },
    )
}

impl SelectorCache {
    fn get(&self, source: &str) -> DomResult<Arc<Compiled>> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = map.get(source) {
            return Ok(c.clone());
        }
        let compiled = Arc::new(compile(source)?);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(source.into(), compiled.clone());
        Ok(compiled)
    }
}

/// An element of a document, as the `selectors` crate sees it.
#[derive(Clone, Copy)]
pub(crate) struct ElementRef<'a> {
    doc: &'a Document,
    e: Entity,
}

impl fmt::Debug for ElementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ElementRef({:?})", self.e)
    }
}

fn opaque(e: Entity) -> OpaqueElement {
    // The entity bits, offset by one so they are never zero, stand for the
    // element: OpaqueElement is only compared, never dereferenced.
    let addr = (e.to_bits() as usize).wrapping_add(1);
    let ptr =
        NonNull::new(std::ptr::without_provenance_mut::<()>(addr)).unwrap_or(NonNull::dangling());
    OpaqueElement::from_ptr(ptr)
}

impl<'a> ElementRef<'a> {
    fn element(self, e: Option<NodeId>) -> Option<Self> {
        e.map(|id| ElementRef {
            doc: self.doc,
            e: id.0,
        })
    }

    fn name(&self) -> &'a crate::node::ElementName {
        self.doc.element_name(self.e).expect("elements have names")
    }

    fn attrs(&self) -> &'a crate::node::Attributes {
        self.doc.attrs(self.e).expect("elements have attributes")
    }

    fn is_html_named(&self, names: &[&str]) -> bool {
        let n = self.name();
        n.ns == Ns::Html && names.contains(&self.doc.names.resolve(n.local))
    }

    /// The element's language: the `lang` (or `xml:lang`) attribute of the
    /// nearest inclusive ancestor that has one
    /// (<https://html.spec.whatwg.org/#language>).
    fn language(&self) -> Option<&'a str> {
        let lang = self.doc.names.get("lang")?;
        let mut cur = Some(self.e);
        while let Some(e) = cur {
            if let Some(attrs) = self.doc.attrs(e)
                && let Some(a) = attrs
                    .list
                    .iter()
                    .find(|a| a.local == lang && matches!(a.ns, Ns::None | Ns::Xml))
            {
                return Some(&a.value);
            }
            cur = self.doc.n(e).parent;
        }
        None
    }

    fn attr(&self, name: &str) -> Option<&'a str> {
        let sym = self.doc.names.get(name)?;
        self.attrs().get(sym)
    }

    /// For `:valid` / `:invalid`: `Some(valid)` for an element that takes
    /// part in constraint validation, None for others
    /// (<https://html.spec.whatwg.org/#selector-valid>). The constraint
    /// modelled is `required` ("value missing"): an input with an empty
    /// `value` (checkbox, radio: not `checked`), a textarea with no text, a
    /// select whose selected option is missing or the placeholder; a form
    /// or fieldset is invalid when a descendant is. Other constraints
    /// (pattern, min/max, types, the user's edits) are not modelled.
    fn validity(&self) -> Option<bool> {
        if self.is_html_named(&["form", "fieldset"]) {
            let invalid = self.doc.descendants_of(self.e).any(|d| {
                self.doc.element_name(d).is_some()
                    && ElementRef {
                        doc: self.doc,
                        e: d,
                    }
                    .own_validity()
                        == Some(false)
            });
            return Some(!invalid);
        }
        self.own_validity()
    }

    fn own_validity(&self) -> Option<bool> {
        let barred = self.has_attr("disabled") || self.has_attr("readonly");
        if self.is_html_named(&["input"]) {
            let ty = self.attr("type").unwrap_or("text").to_ascii_lowercase();
            if barred
                || matches!(
                    ty.as_str(),
                    "hidden" | "button" | "reset" | "submit" | "image"
                )
            {
                return None;
            }
            if !self.has_attr("required") {
                return Some(true);
            }
            return Some(match ty.as_str() {
                "checkbox" | "radio" => self.has_attr("checked"),
                _ => !self.attr("value").unwrap_or("").is_empty(),
            });
        }
        if self.is_html_named(&["textarea"]) {
            if barred {
                return None;
            }
            let empty = self
                .doc
                .text_content(NodeId(self.e))
                .ok()
                .flatten()
                .unwrap_or_default()
                .is_empty();
            return Some(!(self.has_attr("required") && empty));
        }
        if self.is_html_named(&["select"]) {
            if self.has_attr("disabled") {
                return None;
            }
            return Some(!self.has_attr("required") || self.select_has_value());
        }
        None
    }

    /// A select's selected option is there and is not its placeholder label
    /// option (<https://html.spec.whatwg.org/#placeholder-label-option>).
    fn select_has_value(&self) -> bool {
        let option = self.doc.names.get("option");
        let options: Vec<Entity> = self
            .doc
            .descendants_of(self.e)
            .filter(|&d| {
                self.doc
                    .element_name(d)
                    .is_some_and(|n| n.ns == Ns::Html && Some(n.local) == option)
            })
            .collect();
        let refs = |e| ElementRef { doc: self.doc, e };
        let selected = options
            .iter()
            .copied()
            .find(|&o| refs(o).has_attr("selected"))
            .or_else(|| options.first().copied());
        let Some(sel) = selected else { return false };
        let single = !self.has_attr("multiple")
            && self
                .attr("size")
                .and_then(|v| v.trim().parse::<u32>().ok())
                .unwrap_or(1)
                <= 1;
        let placeholder = single
            && options.first() == Some(&sel)
            && self.doc.n(sel).parent == Some(self.e)
            && refs(sel)
                .attr("value")
                .map(str::to_owned)
                .or_else(|| self.doc.text_content(NodeId(sel)).ok().flatten())
                .unwrap_or_default()
                .is_empty();
        !placeholder
    }

    fn has_attr(&self, name: &str) -> bool {
        self.doc
            .names
            .get(name)
            .is_some_and(|s| self.attrs().get(s).is_some())
    }
}

impl selectors::Element for ElementRef<'_> {
    type Impl = SelectorTypes;

    fn opaque(&self) -> OpaqueElement {
        opaque(self.e)
    }

    fn parent_element(&self) -> Option<Self> {
        let p = self.doc.n(self.e).parent?;
        (self.doc.n(p).kind == NodeKind::Element).then_some(ElementRef {
            doc: self.doc,
            e: p,
        })
    }

    /// No shadow DOM yet.
    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    /// No shadow DOM yet.
    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        let prev = self.doc.n(self.e).prev_sibling;
        self.element(self.doc.element_from(prev, |n| n.prev_sibling))
    }

    fn next_sibling_element(&self) -> Option<Self> {
        let next = self.doc.n(self.e).next_sibling;
        self.element(self.doc.element_from(next, |n| n.next_sibling))
    }

    fn first_element_child(&self) -> Option<Self> {
        let first = self.doc.n(self.e).first_child;
        self.element(self.doc.element_from(first, |n| n.next_sibling))
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.name().ns == Ns::Html
    }

    fn has_local_name(&self, local_name: &CssString) -> bool {
        self.doc.names.resolve(self.name().local) == local_name.as_str()
    }

    fn has_namespace(&self, ns: &CssNamespace) -> bool {
        self.name().ns == ns.0
    }

    fn is_same_type(&self, other: &Self) -> bool {
        let (a, b) = (self.name(), other.name());
        a.ns == b.ns && a.local == b.local
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&CssNamespace>,
        local_name: &CssString,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        let Some(sym) = self.doc.names.get(local_name.as_str()) else {
            return false;
        };
        self.attrs().list.iter().any(|a| {
            a.local == sym
                && match ns {
                    NamespaceConstraint::Any => true,
                    NamespaceConstraint::Specific(n) => a.ns == n.0,
                }
                && operation.eval_str(&a.value)
        })
    }

    fn match_non_ts_pseudo_class(
        &self,
        pc: &PseudoClass,
        _context: &mut MatchingContext<SelectorTypes>,
    ) -> bool {
        let form_control = [
            "input", "button", "select", "textarea", "optgroup", "option", "fieldset",
        ];
        match pc {
            PseudoClass::Link | PseudoClass::AnyLink => self.is_link(),
            PseudoClass::Visited
            | PseudoClass::Hover
            | PseudoClass::Active
            | PseudoClass::Focus
            | PseudoClass::FocusWithin
            | PseudoClass::FocusVisible
            | PseudoClass::Target => false,
            PseudoClass::Checked => {
                (self.is_html_named(&["input"]) && self.has_attr("checked"))
                    || (self.is_html_named(&["option"]) && self.has_attr("selected"))
            }
            PseudoClass::Disabled => self.is_html_named(&form_control) && self.has_attr("disabled"),
            PseudoClass::Enabled => self.is_html_named(&form_control) && !self.has_attr("disabled"),
            PseudoClass::Required => {
                self.is_html_named(&["input", "select", "textarea"]) && self.has_attr("required")
            }
            PseudoClass::Optional => {
                self.is_html_named(&["input", "select", "textarea"]) && !self.has_attr("required")
            }
            PseudoClass::ReadWrite => {
                self.is_html_named(&["input", "textarea"]) && !self.has_attr("readonly")
                    || self.has_attr("contenteditable")
            }
            PseudoClass::ReadOnly => {
                !(self.is_html_named(&["input", "textarea"]) && !self.has_attr("readonly")
                    || self.has_attr("contenteditable"))
            }
            PseudoClass::PlaceholderShown => {
                self.is_html_named(&["input", "textarea"]) && self.has_attr("placeholder")
            }
            PseudoClass::Defined => true,
            PseudoClass::Valid => self.validity() == Some(true),
            PseudoClass::Invalid => self.validity() == Some(false),
            PseudoClass::Lang(ranges) => self.language().is_some_and(|lang| {
                ranges.iter().any(|r| {
                    lang.len() >= r.len()
                        && lang[..r.len()].eq_ignore_ascii_case(r)
                        && (lang.len() == r.len() || lang.as_bytes()[r.len()] == b'-')
                })
            }),
        }
    }

    fn match_pseudo_element(
        &self,
        _pe: &PseudoElement,
        _context: &mut MatchingContext<SelectorTypes>,
    ) -> bool {
        false
    }

    /// Selector flags serve style invalidation, which a DOM without a style
    /// system does not do.
    fn apply_selector_flags(&self, _flags: ElementSelectorFlags) {}

    /// `:link` and `:any-link` match `<a>` and `<area>` with an `href`
    /// (<https://html.spec.whatwg.org/#selector-link>); `<link>` does not.
    fn is_link(&self) -> bool {
        let k = self.doc.names.known;
        let n = self.name();
        n.ns == Ns::Html
            && (n.local == k.a || n.local == k.area)
            && self.attrs().get(k.href).is_some()
    }

    fn is_html_slot_element(&self) -> bool {
        false
    }

    fn has_id(&self, id: &CssString, case: CaseSensitivity) -> bool {
        self.attrs()
            .id
            .is_some_and(|s| case.eq(self.doc.names.resolve(s).as_bytes(), id.as_str().as_bytes()))
    }

    fn has_class(&self, name: &CssString, case: CaseSensitivity) -> bool {
        self.attrs().classes.iter().any(|&c| {
            case.eq(
                self.doc.names.resolve(c).as_bytes(),
                name.as_str().as_bytes(),
            )
        })
    }

    fn has_custom_state(&self, _name: &CssString) -> bool {
        false
    }

    fn imported_part(&self, _name: &CssString) -> Option<CssString> {
        None
    }

    fn is_part(&self, _name: &CssString) -> bool {
        false
    }

    /// `:empty`: no element children and no text with data.
    fn is_empty(&self) -> bool {
        self.doc
            .children_of(self.e)
            .all(|c| match self.doc.n(c).kind {
                NodeKind::Element => false,
                NodeKind::Text => self
                    .doc
                    .world
                    .get::<CharacterData>(c)
                    .is_none_or(|d| d.0.is_empty()),
                _ => true,
            })
    }

    fn is_root(&self) -> bool {
        self.doc
            .n(self.e)
            .parent
            .is_some_and(|p| self.doc.n(p).kind == NodeKind::Document)
    }

    /// No Bloom filter is used for querySelector.
    fn add_element_unique_hashes(&self, _filter: &mut BloomFilter) -> bool {
        false
    }
}

impl Document {
    fn compiled(&self, selector: &str) -> DomResult<Arc<Compiled>> {
        self.selectors.get(selector)
    }

    fn sel_quirks(&self) -> SelQuirks {
        match self.quirks {
            QuirksMode::Quirks => SelQuirks::Quirks,
            QuirksMode::LimitedQuirks => SelQuirks::LimitedQuirks,
            QuirksMode::NoQuirks => SelQuirks::NoQuirks,
        }
    }

    /// Calls `found` for each element under `scope` (exclusive) matching
    /// `compiled`, in tree order, until it returns `false`.
    fn select_each(
        &self,
        scope: Entity,
        compiled: &Compiled,
        mut found: impl FnMut(Entity) -> bool,
    ) {
        let quirks = self.quirks == QuirksMode::Quirks;
        match compiled {
            Compiled::Id(id) if !quirks => {
                let Some(sym) = self.names.get(id) else {
                    return;
                };
                if self.n(scope).is_connected() {
                    let list = self.ids.get(sym);
                    let mut hits: Vec<Entity> = list
                        .iter()
                        .copied()
                        .filter(|&e| e != scope && self.is_inclusive_ancestor(scope, e))
                        .collect();
                    if hits.len() > 1 {
                        hits.sort_by(|&a, &b| {
                            if self.precedes(a, b) {
                                std::cmp::Ordering::Less
                            } else {
                                std::cmp::Ordering::Greater
                            }
                        });
                    }
                    for e in hits {
                        if !found(e) {
                            return;
                        }
                    }
                } else {
                    for d in self.descendants_of(scope) {
                        if self.attrs(d).is_some_and(|a| a.id == Some(sym)) && !found(d) {
                            return;
                        }
                    }
                }
            }
            Compiled::Class(class) if !quirks => {
                let Some(sym) = self.names.get(class) else {
                    return;
                };
                for d in self.descendants_of(scope) {
                    if self.attrs(d).is_some_and(|a| a.has_class(sym)) && !found(d) {
                        return;
                    }
                }
            }
            Compiled::Tag(tag) => {
                let exact = self.names.get(tag);
                let lower = if tag.bytes().any(|b| b.is_ascii_uppercase()) {
                    self.names.get(&tag.to_ascii_lowercase())
                } else {
                    exact
                };
                if exact.is_none() && lower.is_none() {
                    return;
                }
                for d in self.descendants_of(scope) {
                    let hit = match self.element_name(d) {
                        Some(n) if n.ns == Ns::Html => Some(n.local) == lower,
                        Some(n) => Some(n.local) == exact,
                        None => false,
                    };
                    if hit && !found(d) {
                        return;
                    }
                }
            }
            _ => {
                let list = match compiled {
                    Compiled::General(list) => list.clone(),
                    Compiled::Id(s) => parse_selector(&format!("#{s}")).expect("valid"),
                    Compiled::Class(s) => parse_selector(&format!(".{s}")).expect("valid"),
                    Compiled::Tag(_) => unreachable!("handled above"),
                };
                let mut caches = SelectorCaches::default();
                for d in self.descendants_of(scope) {
                    if self.n(d).kind == NodeKind::Element
                        && self.matches_list(&list, d, Some(scope), &mut caches)
                        && !found(d)
                    {
                        return;
                    }
                }
            }
        }
    }

    fn matches_list(
        &self,
        list: &SelectorList<SelectorTypes>,
        e: Entity,
        scope: Option<Entity>,
        caches: &mut SelectorCaches,
    ) -> bool {
        let mut ctx = MatchingContext::new(
            MatchingMode::Normal,
            None,
            caches,
            self.sel_quirks(),
            NeedsSelectorFlags::No,
            MatchingForInvalidation::No,
        );
        ctx.scope_element = scope
            .filter(|&s| self.n(s).kind == NodeKind::Element)
            .map(opaque);
        matches_selector_list(list, ElementRef { doc: self, e }, &mut ctx)
    }

    fn general_list(&self, selector: &str) -> DomResult<SelectorList<SelectorTypes>> {
        match &*self.compiled(selector)? {
            Compiled::General(list) => Ok(list.clone()),
            _ => parse_selector(selector),
        }
    }

    /// `querySelector(selectors)`: the first matching descendant of `scope`.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn query_selector(&self, scope: NodeId, selector: &str) -> DomResult<Option<NodeId>> {
        self.live(scope)?;
        if scope.0 == self.root
            && self.quirks != QuirksMode::Quirks
            && let Some(id) = selector.strip_prefix('#').filter(|s| is_plain_ident(s))
        {
            // `#ident` on the document is getElementById: no cache, no scan.
            return Ok(self
                .names
                .get(id)
                .and_then(|s| self.element_by_id_symbol(s))
                .map(NodeId));
        }
        let compiled = self.compiled(selector)?;
        let mut first = None;
        self.select_each(scope.0, &compiled, |e| {
            first = Some(NodeId(e));
            false
        });
        Ok(first)
    }

    /// `querySelectorAll(selectors)`: every matching descendant of `scope`,
    /// in tree order.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn query_selector_all(&self, scope: NodeId, selector: &str) -> DomResult<Vec<NodeId>> {
        self.live(scope)?;
        let compiled = self.compiled(selector)?;
        let mut all = Vec::new();
        self.select_each(scope.0, &compiled, |e| {
            all.push(NodeId(e));
            true
        });
        Ok(all)
    }

    /// `matches(selectors)` of an element.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn matches(&self, id: NodeId, selector: &str) -> DomResult<bool> {
        let e = self.element(id)?;
        let list = self.general_list(selector)?;
        Ok(self.matches_list(&list, e, Some(e), &mut SelectorCaches::default()))
    }

    /// `closest(selectors)`: the nearest inclusive ancestor element that matches.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn closest(&self, id: NodeId, selector: &str) -> DomResult<Option<NodeId>> {
        let e = self.element(id)?;
        let list = self.general_list(selector)?;
        let mut caches = SelectorCaches::default();
        let mut cur = Some(e);
        while let Some(c) = cur {
            if self.n(c).kind != NodeKind::Element {
                break;
            }
            if self.matches_list(&list, c, Some(e), &mut caches) {
                return Ok(Some(NodeId(c)));
            }
            cur = self.n(c).parent;
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_identifiers_take_fast_paths() {
        assert!(matches!(compile("#main").unwrap(), Compiled::Id(_)));
        assert!(matches!(compile(".card").unwrap(), Compiled::Class(_)));
        assert!(matches!(compile("div").unwrap(), Compiled::Tag(_)));
        assert!(matches!(compile("div > p").unwrap(), Compiled::General(_)));
        assert!(matches!(compile("#1a"), Err(DomError::Syntax(_))));
    }

    #[test]
    fn invalid_selectors_are_syntax_errors() {
        for bad in ["", "div >", "[", ":nope", "a,,b", "##x"] {
            assert!(
                matches!(parse_selector(bad), Err(DomError::Syntax(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn precomputed_hashes_follow_the_text() {
        let names = ["x", "y", "div", "span", "data-id", "Div"];
        let hashes: Vec<u32> = names
            .iter()
            .map(|n| CssString::from(*n).precomputed_hash())
            .collect();
        for (i, n) in names.iter().enumerate() {
            // Another allocation of the same text hashes the same.
            let copy = String::from(*n);
            assert_eq!(CssString::from(copy.as_str()).precomputed_hash(), hashes[i]);
            for (j, m) in names.iter().enumerate().skip(i + 1) {
                assert_ne!(hashes[i], hashes[j], "{n} and {m}");
            }
        }
    }
}
