//! CSSOM's style sheet objects
//! (<https://drafts.csswg.org/cssom/#css-style-sheets>): `CSSStyleSheet`
//! ([`StyleSheet`]: a `<style>`'s or `<link rel=stylesheet>`'s associated
//! sheet, the same one the style engine cascades), `StyleSheetList`
//! ([`StyleSheets`]: `document.styleSheets`), `CSSRuleList` ([`RuleList`])
//! and `CSSRule` ([`Rule`]). Each is a handle on Stylo's parsed sheet,
//! so a change made here (`insertRule`, `deleteRule`, `disabled`,
//! `selectorText`) is what the cascade reads next. Each bridge makes one
//! object per sheet, list and rule: [`StyleSheet::identity`] and its
//! kin say which.
//!
//! Not yet: `media` (`MediaList`), `ownerRule` and `@import`ed sheets,
//! `parentRule`, a style rule's `style`, grouping rules' own lists,
//! constructed sheets (`new CSSStyleSheet()`, `replace`,
//! `adoptedStyleSheets`), `addRule`.

use style::servo_arc::Arc as StyloArc;
use style::shared_lock::{Locked, SharedRwLockReadGuard, ToCssWithGuard};
use style::stylesheets::{
    AllowImportRules, CssRule, CssRuleTypes, CssRules, DocumentStyleSheet, RulesMutateError,
};

use crate::{Document, DomError, DomResult, NodeId};

/// A `CSSStyleSheet`: an owner element's sheet. It stays the same object
/// while its owner's source is the same; once the owner has another (its
/// text changed, it was removed), this one has no owner node.
#[derive(Clone, Debug)]
pub struct StyleSheet {
    sheet: DocumentStyleSheet,
    owner: NodeId,
}

/// A `StyleSheetList`: the sheets of a document's or shadow root's tree
/// (<https://drafts.csswg.org/cssom/#dom-documentorshadowroot-stylesheets>),
/// in tree order, as they are now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StyleSheets {
    /// The document or shadow root.
    pub root: NodeId,
}

/// A `CSSRuleList`: a sheet's rules, as they are now.
#[derive(Clone, Debug)]
pub struct RuleList {
    sheet: StyleSheet,
    rules: StyloArc<Locked<CssRules>>,
}

/// A `CSSRule`: one rule of a sheet's list.
#[derive(Clone, Debug)]
pub struct Rule {
    sheet: StyleSheet,
    /// The list it was found in (its parent: `parentStyleSheet` is null
    /// once it has left it).
    list: StyloArc<Locked<CssRules>>,
    rule: CssRule,
}

/// A CSSOM rule mutation's error as the `DOMException` it is.
fn mutate_error(e: RulesMutateError) -> DomError {
    match e {
        RulesMutateError::Syntax => DomError::Syntax("the rule does not parse".into()),
        RulesMutateError::IndexSize => {
            DomError::IndexSize("the index is past the end of the rule list".into())
        }
        RulesMutateError::HierarchyRequest => {
            DomError::HierarchyRequest("the rule may not be placed there".into())
        }
        RulesMutateError::InvalidState => {
            DomError::InvalidState("a namespace rule may not be inserted or removed now".into())
        }
    }
}

/// The address of an `Arc`'s value: an object's identity while it lives.
fn address<T>(a: &StyloArc<T>) -> usize {
    a.heap_ptr() as usize
}

/// The identity of a Stylo rule: the address of its shared value.
fn rule_address(rule: &CssRule) -> usize {
    match rule {
        CssRule::Style(a) => address(a),
        CssRule::Namespace(a) => address(a),
        CssRule::Import(a) => address(a),
        CssRule::Media(a) => address(a),
        CssRule::CustomMedia(a) => address(a),
        CssRule::Container(a) => address(a),
        CssRule::FontFace(a) => address(a),
        CssRule::FontFeatureValues(a) => address(a),
        CssRule::FontPaletteValues(a) => address(a),
        CssRule::CounterStyle(a) => address(a),
        CssRule::Keyframes(a) => address(a),
        CssRule::Margin(a) => address(a),
        CssRule::Supports(a) => address(a),
        CssRule::Page(a) => address(a),
        CssRule::Property(a) => address(a),
        CssRule::Document(a) => address(a),
        CssRule::LayerBlock(a) => address(a),
        CssRule::LayerStatement(a) => address(a),
        CssRule::Scope(a) => address(a),
        CssRule::StartingStyle(a) => address(a),
        CssRule::AppearanceBase(a) => address(a),
        CssRule::PositionTry(a) => address(a),
        CssRule::NestedDeclarations(a) => address(a),
        CssRule::ViewTransition(a) => address(a),
    }
}

impl Document {
    /// `sheet` (<https://drafts.csswg.org/cssom/#dom-linkstyle-sheet>):
    /// the associated CSS style sheet of a `style` or `link` element; null
    /// for any other node (a processing instruction's `xml-stylesheet`
    /// is not processed).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn sheet(&self, node: NodeId) -> DomResult<Option<StyleSheet>> {
        self.live(node)?;
        Ok(self
            .associated_sheet(node.0)
            .map(|sheet| StyleSheet { sheet, owner: node }))
    }

    /// `styleSheets`: the sheets of the document's or shadow root's tree.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn style_sheets(&self, root: NodeId) -> DomResult<StyleSheets> {
        self.live(root)?;
        Ok(StyleSheets { root })
    }

    /// The owners of the sheets of `root`'s tree (a document's, or a
    /// shadow root's), in tree order.
    fn sheet_owners_of(&self, root: NodeId) -> Vec<bevy_ecs::prelude::Entity> {
        let doc = self.node_document(root.0);
        self.sheet_owners_by_root(doc)
            .into_iter()
            .find(|(r, _)| *r == root.0)
            .map(|(_, owners)| owners)
            .unwrap_or_default()
    }

    /// Note a change CSSOM made to a sheet: styles are resolved again, of
    /// cascade data made again.
    fn note_cssom_change(&mut self) {
        self.mutations.cssom = self.mutations.cssom.wrapping_add(1);
        self.note_restyle();
    }
}

impl StyleSheets {
    /// `length`.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn length(&self, d: &Document) -> DomResult<usize> {
        d.live(self.root)?;
        Ok(d.sheet_owners_of(self.root).len())
    }

    /// `item(index)`: the `index`th sheet in tree order.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn item(&self, d: &Document, index: usize) -> DomResult<Option<StyleSheet>> {
        d.live(self.root)?;
        let owners = d.sheet_owners_of(self.root);
        Ok(owners
            .get(index)
            .and_then(|&e| d.sheet(NodeId(e)).ok().flatten()))
    }
}

impl StyleSheet {
    /// Which sheet this is: equal for two handles of one sheet while
    /// either lives (the bridges' key for its one object).
    pub fn identity(&self) -> usize {
        address(&self.sheet.0)
    }

    /// The element whose sheet this was made as (pinned by the bridges'
    /// objects, so `ownerNode` can answer it).
    pub fn owner(&self) -> NodeId {
        self.owner
    }

    /// `type`: always `text/css`.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn sheet_type(&self, _: &Document) -> DomResult<&'static str> {
        Ok("text/css")
    }

    /// Whether this is still its owner's sheet.
    fn attached(&self, d: &Document) -> bool {
        d.live(self.owner).is_ok()
            && d.associated_sheet(self.owner.0)
                .is_some_and(|s| StyloArc::ptr_eq(&s.0, &self.sheet.0))
    }

    /// `ownerNode`: its `style` or `link` element, while this is that
    /// element's sheet; null after.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn owner_node(&self, d: &Document) -> DomResult<Option<NodeId>> {
        Ok(self.attached(d).then_some(self.owner))
    }

    /// `href`: a linked sheet's URL; null for a `<style>`'s.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn href(&self, d: &Document) -> DomResult<Option<String>> {
        let guard = d.css_lock.read();
        let contents = self.sheet.0.contents.read_with(&guard);
        Ok(d.world
            .get::<crate::cascade::LinkSheet>(self.owner.0)
            .map(|_| contents.url_data.0.as_str().to_owned()))
    }

    /// `title`: the owner's `title` attribute, when it is not empty.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn title(&self, d: &Document) -> DomResult<Option<String>> {
        let Some(title) = d.names.get("title") else {
            return Ok(None);
        };
        Ok(d.attrs(self.owner.0)
            .and_then(|a| a.get(title))
            .filter(|t| !t.is_empty())
            .map(str::to_owned))
    }

    /// `disabled`.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn disabled(&self, _: &Document) -> DomResult<bool> {
        Ok(self.sheet.0.disabled())
    }

    /// Setting `disabled`: a disabled sheet is left out of the cascade.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn set_disabled(&self, d: &mut Document, disabled: bool) -> DomResult<()> {
        if self.sheet.0.set_disabled(disabled) {
            d.note_cssom_change();
        }
        Ok(())
    }

    /// `cssRules` (and the legacy `rules`): its rule list.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn css_rules(&self, d: &Document) -> DomResult<RuleList> {
        let guard = d.css_lock.read();
        let rules = self.sheet.0.contents.read_with(&guard).rules.clone();
        Ok(RuleList {
            sheet: self.clone(),
            rules,
        })
    }

    /// `insertRule(rule, index)`
    /// (<https://drafts.csswg.org/cssom/#dom-cssstylesheet-insertrule>):
    /// parse `rule` and insert it at `index`; the index.
    ///
    /// # Errors
    /// `IndexSizeError` past the end, `SyntaxError` for a rule that does
    /// not parse, `HierarchyRequestError` for one that may not go there
    /// (an `@import` after a style rule), `InvalidStateError` for a
    /// namespace rule among other rules.
    pub fn insert_rule(&self, d: &mut Document, rule: &str, index: usize) -> DomResult<usize> {
        let list = self.css_rules(d)?;
        list.insert(d, rule, index)
    }

    /// `deleteRule(index)` (and the legacy `removeRule`).
    ///
    /// # Errors
    /// `IndexSizeError` past the end; `InvalidStateError` for a namespace
    /// rule among other rules.
    pub fn delete_rule(&self, d: &mut Document, index: usize) -> DomResult<()> {
        let list = self.css_rules(d)?;
        list.delete(d, index)
    }
}

impl RuleList {
    /// Which list this is (the bridges' key for its one object).
    pub fn identity(&self) -> usize {
        address(&self.rules)
    }

    /// The sheet whose list it is.
    pub fn sheet(&self) -> &StyleSheet {
        &self.sheet
    }

    /// `length`.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn length(&self, d: &Document) -> DomResult<usize> {
        let guard = d.css_lock.read();
        Ok(self.rules.read_with(&guard).0.len())
    }

    /// `item(index)`.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn item(&self, d: &Document, index: usize) -> DomResult<Option<Rule>> {
        let guard = d.css_lock.read();
        Ok(self.rules.read_with(&guard).0.get(index).map(|rule| Rule {
            sheet: self.sheet.clone(),
            list: self.rules.clone(),
            rule: rule.clone(),
        }))
    }

    /// Insert a CSS rule (<https://drafts.csswg.org/cssom/#insert-a-css-rule>).
    fn insert(&self, d: &mut Document, rule: &str, index: usize) -> DomResult<usize> {
        let rule = crate::dom_string::to_usv(rule);
        let lock = d.css_lock.clone();
        let parsed = {
            let guard = lock.read();
            let contents = self.sheet.sheet.0.contents.read_with(&guard).clone();
            self.rules
                .read_with(&guard)
                .parse_rule_for_insert(
                    &lock,
                    &rule,
                    &contents,
                    index,
                    CssRuleTypes::default(),
                    None,
                    None,
                    AllowImportRules::Yes,
                )
                .map_err(mutate_error)?
        };
        {
            let mut guard = lock.write();
            self.rules.write_with(&mut guard).0.insert(index, parsed);
        }
        d.note_cssom_change();
        Ok(index)
    }

    /// Remove a CSS rule (<https://drafts.csswg.org/cssom/#remove-a-css-rule>).
    fn delete(&self, d: &mut Document, index: usize) -> DomResult<()> {
        {
            let lock = d.css_lock.clone();
            let mut guard = lock.write();
            self.rules
                .write_with(&mut guard)
                .remove_rule(index)
                .map_err(mutate_error)?;
        }
        d.note_cssom_change();
        Ok(())
    }
}

impl Rule {
    /// Which rule this is (the bridges' key for its one object).
    pub fn identity(&self) -> usize {
        rule_address(&self.rule)
    }

    /// The sheet it was found in.
    pub fn sheet(&self) -> &StyleSheet {
        &self.sheet
    }

    /// Which `CSSRule` interface its object has: `CSSStyleRule`'s for a
    /// style rule, else `CSSRule`'s (ecsdom's IDL declares no other).
    pub fn is_style_rule(&self) -> bool {
        matches!(self.rule, CssRule::Style(_))
    }

    /// `type` (<https://drafts.csswg.org/cssom/#dom-cssrule-type>): the
    /// historical number of its kind, 0 for the kinds that have none.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn rule_type(&self, _: &Document) -> DomResult<u16> {
        Ok(match self.rule {
            CssRule::Style(_) => 1,
            CssRule::Import(_) => 3,
            CssRule::Media(_) => 4,
            CssRule::FontFace(_) => 5,
            CssRule::Page(_) => 6,
            CssRule::Keyframes(_) => 7,
            CssRule::Margin(_) => 9,
            CssRule::Namespace(_) => 10,
            CssRule::CounterStyle(_) => 11,
            CssRule::Supports(_) => 12,
            CssRule::FontFeatureValues(_) => 14,
            _ => 0,
        })
    }

    /// `cssText`: its serialization
    /// (<https://drafts.csswg.org/cssom/#serialize-a-css-rule>).
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn css_text(&self, d: &Document) -> DomResult<String> {
        let guard = d.css_lock.read();
        Ok(serialize_rule(&self.rule, &guard))
    }

    /// Setting `cssText` does nothing (CSSOM: "on setting the cssText
    /// attribute must do nothing").
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn set_css_text(&self, _: &mut Document, _: &str) -> DomResult<()> {
        Ok(())
    }

    /// `parentStyleSheet`: its sheet while it is in the sheet's list;
    /// null once removed.
    ///
    /// # Errors
    /// None (the signature of a generated member).
    pub fn parent_style_sheet(&self, d: &Document) -> DomResult<Option<StyleSheet>> {
        let guard = d.css_lock.read();
        let me = self.identity();
        let inside = self
            .list
            .read_with(&guard)
            .0
            .iter()
            .any(|r| rule_address(r) == me);
        Ok(inside.then(|| self.sheet.clone()))
    }

    /// `selectorText` (<https://drafts.csswg.org/cssom/#dom-cssstylerule-selectortext>):
    /// a style rule's selectors, serialized.
    ///
    /// # Errors
    /// A `TypeError` for a rule that is no style rule.
    pub fn selector_text(&self, d: &Document) -> DomResult<String> {
        let CssRule::Style(r) = &self.rule else {
            return Err(not_a_style_rule());
        };
        let guard = d.css_lock.read();
        let mut out = String::new();
        // (Writing to a String cannot fail.)
        let _ = cssparser::ToCss::to_css(&r.read_with(&guard).selectors, &mut out);
        Ok(out)
    }

    /// Setting `selectorText`: the selectors, if they parse (else
    /// nothing changes).
    ///
    /// # Errors
    /// A `TypeError` for a rule that is no style rule.
    pub fn set_selector_text(&self, d: &mut Document, text: &str) -> DomResult<()> {
        let CssRule::Style(r) = &self.rule else {
            return Err(not_a_style_rule());
        };
        let lock = d.css_lock.clone();
        let url = {
            let guard = lock.read();
            self.sheet
                .sheet
                .0
                .contents
                .read_with(&guard)
                .url_data
                .clone()
        };
        let text = crate::dom_string::to_usv(text);
        let Ok(selectors) =
            style::selector_parser::SelectorParser::parse_author_origin_no_namespace(&text, &url)
        else {
            return Ok(());
        };
        {
            let mut guard = lock.write();
            r.write_with(&mut guard).selectors = selectors;
        }
        d.note_cssom_change();
        Ok(())
    }
}

fn not_a_style_rule() -> DomError {
    DomError::Type("Illegal invocation: the rule is not a CSSStyleRule".into())
}

/// A rule's serialization.
fn serialize_rule(rule: &CssRule, guard: &SharedRwLockReadGuard) -> String {
    let mut out = String::new();
    // (Writing to a String cannot fail.)
    let _ = rule.to_css(guard, &mut out);
    out
}
