//! The DOM as Stylo sees it: [`StyleNode`], a `Copy` view of one node of a
//! document (with the engine's atoms beside it), is Stylo's node, element,
//! document and shadow root (`TNode`, `TElement`, `TDocument`,
//! `TShadowRoot`) and `selectors::Element` for Stylo's selector types.
//!
//! Styles are resolved on demand (`style::traversal::resolve_style`, the
//! path Gecko takes for an element outside the rendered tree), so no
//! element stores Stylo's `ElementData` and nothing here is written
//! during a resolution: the restyle traversal's hooks (snapshots, dirty
//! bits, per-element data) answer "none".

use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};

use bevy_ecs::prelude::Entity;
use selectors::OpaqueElement;
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::matching::{ElementSelectorFlags, MatchingContext, VisitedHandlingMode};
use selectors::sink::Push;
use style::animation::AnimationSetKey;
use style::applicable_declarations::ApplicableDeclarationBlock;
use style::context::SharedStyleContext;
use style::data::{ElementDataMut, ElementDataRef};
use style::dom::{LayoutIterator, NodeInfo, OpaqueNode, TDocument, TElement, TNode, TShadowRoot};
use style::properties::PropertyDeclarationBlock;
use style::selector_parser::{AttrValue, Lang, NonTSPseudoClass, PseudoElement, SelectorImpl};
use style::servo_arc::{Arc as StyloArc, ArcBorrow};
use style::shared_lock::{Locked, SharedRwLock};
use style::stylist::CascadeData;
use style::values::AtomIdent;
use style::values::computed::Display;
use style::{LocalName, Namespace};
use stylo_atoms::Atom as WeakAtom;
use stylo_dom::ElementState;

use super::Atoms;
use crate::document::Document;
use crate::intern::{Ns, symbol_index};
use crate::node::NodeKind;
use crate::select::{ElementRef, PseudoClass};

/// What a resolution reads: the document and the engine's tables, and
/// the views of the nodes it reached, one per node.
pub(crate) struct Ctx<'a> {
    pub(super) doc: &'a Document,
    pub(super) atoms: &'a Atoms,
    pub(super) lock: &'a SharedRwLock,
    /// The parsed `style` attributes of the elements that have one.
    pub(super) inline:
        &'a rustc_hash::FxHashMap<Entity, StyloArc<Locked<PropertyDeclarationBlock>>>,
    /// Each shadow tree's sheets, by shadow root.
    pub(super) shadows: &'a rustc_hash::FxHashMap<Entity, super::sheets::ShadowSheets>,
    pub(super) arena: &'a bumpalo::Bump,
    pub(super) views: &'a RefCell<rustc_hash::FxHashMap<Entity, &'a View<'a>>>,
}

impl<'a> Ctx<'a> {
    /// The one view of node `e`.
    pub(super) fn node(&'a self, e: Entity) -> StyleNode<'a> {
        if let Some(&v) = self.views.borrow().get(&e) {
            return StyleNode(v);
        }
        let v: &'a View<'a> = self.arena.alloc(View { cx: self, e });
        self.views.borrow_mut().insert(e, v);
        StyleNode(v)
    }
}

/// One node, as a resolution's views hold it.
pub(crate) struct View<'a> {
    cx: &'a Ctx<'a>,
    e: Entity,
}

/// One node of a document as the style engine sees it: a reference to its
/// view (Stylo's style sharing cache takes elements the size of a
/// pointer).
#[derive(Clone, Copy)]
pub(crate) struct StyleNode<'a>(&'a View<'a>);

impl PartialEq for StyleNode<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.e == other.0.e
    }
}

impl Eq for StyleNode<'_> {}

impl Hash for StyleNode<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.e.hash(state);
    }
}

impl fmt::Debug for StyleNode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StyleNode({:?})", self.0.e)
    }
}

impl<'a> StyleNode<'a> {
    fn doc(&self) -> &'a Document {
        self.0.cx.doc
    }

    fn cx(&self) -> &'a Ctx<'a> {
        self.0.cx
    }

    fn e(&self) -> Entity {
        self.0.e
    }

    fn at(self, e: Entity) -> Self {
        self.0.cx.node(e)
    }

    fn kind(&self) -> NodeKind {
        self.doc().n(self.e()).kind
    }

    fn element_ref(&self) -> ElementRef<'a> {
        ElementRef::new(self.doc(), self.e())
    }

    fn name(&self) -> &'a crate::node::ElementName {
        self.doc()
            .element_name(self.e())
            .expect("elements have names")
    }

    fn attrs(&self) -> Option<&'a crate::node::Attributes> {
        self.doc().attrs(self.e())
    }

    fn is_shadow_root(&self) -> bool {
        self.doc().n(self.e()).flags & crate::node::SHADOW_ROOT != 0
    }
}

impl NodeInfo for StyleNode<'_> {
    fn is_element(&self) -> bool {
        self.kind() == NodeKind::Element
    }

    fn is_text_node(&self) -> bool {
        self.kind() == NodeKind::Text
    }
}

/// A node's children, for `dom_children` and `traversal_children`.
pub(crate) struct Children<'a> {
    next: Option<StyleNode<'a>>,
}

impl<'a> Iterator for Children<'a> {
    type Item = StyleNode<'a>;

    fn next(&mut self) -> Option<StyleNode<'a>> {
        let cur = self.next?;
        self.next = cur.doc().n(cur.e()).next_sibling.map(|s| cur.at(s));
        Some(cur)
    }
}

impl<'a> TNode for StyleNode<'a> {
    type ConcreteElement = Self;
    type ConcreteDocument = Self;
    type ConcreteShadowRoot = Self;

    fn parent_node(&self) -> Option<Self> {
        self.doc().n(self.e()).parent.map(|p| self.at(p))
    }

    fn first_child(&self) -> Option<Self> {
        self.doc().n(self.e()).first_child.map(|c| self.at(c))
    }

    fn last_child(&self) -> Option<Self> {
        self.doc().n(self.e()).last_child.map(|c| self.at(c))
    }

    fn prev_sibling(&self) -> Option<Self> {
        self.doc().n(self.e()).prev_sibling.map(|c| self.at(c))
    }

    fn next_sibling(&self) -> Option<Self> {
        self.doc().n(self.e()).next_sibling.map(|c| self.at(c))
    }

    fn owner_doc(&self) -> Self {
        self.at(self.doc().node_document(self.e()))
    }

    fn is_in_document(&self) -> bool {
        self.doc().in_document_tree(self.e())
    }

    /// The flat tree's parent: a slotted node's slot, a shadow root's
    /// host, else the parent element.
    fn traversal_parent(&self) -> Option<Self> {
        self.doc()
            .flat_tree_parent_element(self.e())
            .map(|p| self.at(p))
    }

    fn opaque(&self) -> OpaqueNode {
        OpaqueNode(self.e().to_bits() as usize)
    }

    fn debug_id(self) -> usize {
        self.e().to_bits() as usize
    }

    fn as_element(&self) -> Option<Self> {
        (self.kind() == NodeKind::Element).then_some(*self)
    }

    fn as_document(&self) -> Option<Self> {
        (self.kind() == NodeKind::Document).then_some(*self)
    }

    fn as_shadow_root(&self) -> Option<Self> {
        self.is_shadow_root().then_some(*self)
    }
}

impl TDocument for StyleNode<'_> {
    type ConcreteNode = Self;

    fn as_node(&self) -> Self {
        *self
    }

    fn is_html_document(&self) -> bool {
        self.doc().n(self.e()).flags & crate::node::XML_DOCUMENT == 0
    }

    fn quirks_mode(&self) -> selectors::matching::QuirksMode {
        super::stylo_quirks(self.doc().quirks)
    }

    fn shared_lock(&self) -> &SharedRwLock {
        self.cx().lock
    }
}

impl TShadowRoot for StyleNode<'_> {
    type ConcreteNode = Self;

    fn as_node(&self) -> Self {
        *self
    }

    fn host(&self) -> Self {
        let host = self
            .doc()
            .host_of_root(self.e())
            .expect("a shadow root has a host");
        self.at(host)
    }

    /// The cascade data of the shadow tree's own sheets.
    fn style_data<'b>(&self) -> Option<&'b CascadeData>
    where
        Self: 'b,
    {
        self.cx().shadows.get(&self.e()).map(|t| &*t.styles.data)
    }
}

impl<'a> TElement for StyleNode<'a> {
    type ConcreteNode = Self;
    type TraversalChildrenIterator = Children<'a>;

    fn as_node(&self) -> Self {
        *self
    }

    fn traversal_children(&self) -> LayoutIterator<Children<'a>> {
        LayoutIterator(Children {
            next: self.first_child(),
        })
    }

    fn is_html_element(&self) -> bool {
        self.name().ns == Ns::Html
    }

    fn is_mathml_element(&self) -> bool {
        self.name().ns == Ns::MathMl
    }

    fn is_svg_element(&self) -> bool {
        self.name().ns == Ns::Svg
    }

    fn style_attribute(&self) -> Option<ArcBorrow<'_, Locked<PropertyDeclarationBlock>>> {
        self.cx().inline.get(&self.e()).map(|b| b.borrow_arc())
    }

    /// The element's running CSS animations' declarations now.
    fn animation_rule(
        &self,
        context: &SharedStyleContext,
    ) -> Option<StyloArc<Locked<PropertyDeclarationBlock>>> {
        let key = AnimationSetKey::new_for_non_pseudo(TNode::opaque(self));
        context.animations.get_animation_declarations(
            &key,
            context.current_time_for_animations,
            self.cx().lock,
        )
    }

    /// The element's running CSS transitions' declarations now.
    fn transition_rule(
        &self,
        context: &SharedStyleContext,
    ) -> Option<StyloArc<Locked<PropertyDeclarationBlock>>> {
        let key = AnimationSetKey::new_for_non_pseudo(TNode::opaque(self));
        context.animations.get_transition_declarations(
            &key,
            context.current_time_for_animations,
            self.cx().lock,
        )
    }

    /// The pseudo-classes are matched in `match_non_ts_pseudo_class`,
    /// which asks the DOM; no state bits are kept for invalidation.
    fn state(&self) -> ElementState {
        ElementState::empty()
    }

    fn has_part_attr(&self) -> bool {
        false
    }

    fn exports_any_part(&self) -> bool {
        false
    }

    fn id(&self) -> Option<&WeakAtom> {
        let id = self.attrs()?.id()?;
        self.cx().atoms.idents.get(symbol_index(id)).map(|a| &a.0)
    }

    fn each_class<F>(&self, mut callback: F)
    where
        F: FnMut(&AtomIdent),
    {
        if let Some(attrs) = self.attrs() {
            for &c in attrs.classes() {
                if let Some(a) = self.cx().atoms.idents.get(symbol_index(c)) {
                    callback(a);
                }
            }
        }
    }

    fn each_custom_state<F>(&self, _callback: F)
    where
        F: FnMut(&AtomIdent),
    {
    }

    fn each_attr_name<F>(&self, mut callback: F)
    where
        F: FnMut(&LocalName),
    {
        if let Some(attrs) = self.attrs() {
            for a in attrs.iter() {
                if let Some(n) = self.cx().atoms.locals.get(symbol_index(a.local)) {
                    callback(n);
                }
            }
        }
    }

    fn has_dirty_descendants(&self) -> bool {
        false
    }

    fn has_snapshot(&self) -> bool {
        false
    }

    fn handled_snapshot(&self) -> bool {
        true
    }

    #[allow(
        unsafe_code,
        reason = "Stylo's trait declares it unsafe; this one does nothing"
    )]
    unsafe fn set_handled_snapshot(&self) {}

    #[allow(
        unsafe_code,
        reason = "Stylo's trait declares it unsafe; this one does nothing"
    )]
    unsafe fn set_dirty_descendants(&self) {}

    #[allow(
        unsafe_code,
        reason = "Stylo's trait declares it unsafe; this one does nothing"
    )]
    unsafe fn unset_dirty_descendants(&self) {}

    fn store_children_to_process(&self, _n: isize) {}

    fn did_process_child(&self) -> isize {
        0
    }

    /// Only the restyle traversal, which ecsdom does not run, makes data.
    #[allow(
        unsafe_code,
        reason = "Stylo's trait declares it unsafe; this one makes nothing"
    )]
    unsafe fn ensure_data(&self) -> ElementDataMut<'_> {
        unreachable!("ecsdom resolves styles on demand and runs no restyle traversal")
    }

    #[allow(
        unsafe_code,
        reason = "Stylo's trait declares it unsafe; this one does nothing"
    )]
    unsafe fn clear_data(&self) {}

    fn has_data(&self) -> bool {
        false
    }

    fn borrow_data(&self) -> Option<ElementDataRef<'_>> {
        None
    }

    fn mutate_data(&self) -> Option<ElementDataMut<'_>> {
        None
    }

    fn skip_item_display_fixup(&self) -> bool {
        false
    }

    fn may_have_animations(&self) -> bool {
        true
    }

    fn set_may_have_animations(&self) {}

    fn has_animations(&self, context: &SharedStyleContext) -> bool {
        self.has_css_animations(context, None) || self.has_css_transitions(context, None)
    }

    fn has_css_animations(
        &self,
        context: &SharedStyleContext,
        pseudo: Option<PseudoElement>,
    ) -> bool {
        let key = AnimationSetKey::new(TNode::opaque(self), pseudo);
        context.animations.has_active_animations(&key)
    }

    fn has_css_transitions(
        &self,
        context: &SharedStyleContext,
        pseudo: Option<PseudoElement>,
    ) -> bool {
        let key = AnimationSetKey::new(TNode::opaque(self), pseudo);
        context.animations.has_active_transitions(&key)
    }

    fn shadow_root(&self) -> Option<Self> {
        if self.doc().n(self.e()).flags & crate::node::SHADOW_HOST == 0 {
            return None;
        }
        self.doc()
            .shadow_root_of(crate::NodeId(self.e()))
            .ok()
            .flatten()
            .map(|r| self.at(r.0))
    }

    fn containing_shadow(&self) -> Option<Self> {
        if !self.doc().in_shadow_tree(self.e()) {
            return None;
        }
        let root = self.doc().root_of(self.e());
        (self.doc().n(root).flags & crate::node::SHADOW_ROOT != 0).then(|| self.at(root))
    }

    fn lang_attr(&self) -> Option<AttrValue> {
        let attrs = self.attrs()?;
        let lang = self.doc().names.get("lang")?;
        attrs
            .iter()
            .find(|a| a.local == lang && matches!(a.ns, Ns::None | Ns::Xml))
            .map(|a| AttrValue::from(&*a.value))
    }

    fn match_element_lang(&self, override_lang: Option<Option<AttrValue>>, value: &Lang) -> bool {
        let lang: Option<String> = match override_lang {
            Some(l) => l.map(|v| v.as_ref().to_owned()),
            None => self.element_ref().language().map(str::to_owned),
        };
        lang.is_some_and(|lang| crate::select::lang_matches(&lang, value))
    }

    fn is_html_document_body_element(&self) -> bool {
        let n = self.name();
        n.ns == Ns::Html
            && n.local == self.doc().names.known.body
            && self.doc().n(self.e()).parent.is_some_and(|p| {
                let root = self.doc().n(p);
                root.parent
                    .is_some_and(|d| self.doc().n(d).kind == NodeKind::Document)
                    && self
                        .doc()
                        .element_name(p)
                        .is_some_and(|r| r.ns == Ns::Html && r.local == self.doc().names.known.html)
            })
    }

    /// The element's presentational hints (`hints.rs`), below every
    /// author rule.
    fn synthesize_presentational_hints_for_legacy_attributes<V>(
        &self,
        _visited_handling: VisitedHandlingMode,
        hints: &mut V,
    ) where
        V: Push<ApplicableDeclarationBlock>,
    {
        let Some(css) = super::hints::hints(self.doc(), self.e()) else {
            return;
        };
        let url = style::stylesheets::UrlExtraData(StyloArc::new(
            url::Url::parse("about:blank").expect("about:blank parses"),
        ));
        let block = style::properties::parse_style_attribute(
            &css,
            &url,
            None,
            super::stylo_quirks(self.doc().quirks),
            style::stylesheets::CssRuleType::Style,
        );
        hints.push(ApplicableDeclarationBlock::from_declarations(
            StyloArc::new(self.cx().lock.wrap(block)),
            style::rule_tree::CascadeLevel::new(style::rule_tree::CascadeOrigin::PresHints),
            style::stylesheets::layer_rule::LayerOrder::root(),
        ));
    }

    fn local_name(&self) -> &web_atoms::LocalName {
        &self.cx().atoms.locals[symbol_index(self.name().local)].0
    }

    fn namespace(&self) -> &web_atoms::Namespace {
        &self.cx().atoms.namespaces[usize::from(self.name().ns.number())].0
    }

    /// No layout: containers have no size.
    fn query_container_size(
        &self,
        _display: &Display,
    ) -> euclid::default::Size2D<Option<app_units::Au>> {
        euclid::default::Size2D::new(None, None)
    }

    fn has_selector_flags(&self, _flags: ElementSelectorFlags) -> bool {
        false
    }

    fn relative_selector_search_direction(&self) -> ElementSelectorFlags {
        ElementSelectorFlags::empty()
    }

    fn get_attr(&self, attr: &LocalName, namespace: &Namespace) -> Option<String> {
        let attrs = self.attrs()?;
        let sym = self.doc().names.get(attr)?;
        let ns = super::ns_of(self.doc(), namespace)?;
        attrs
            .iter()
            .find(|a| a.local == sym && a.ns == ns)
            .map(|a| a.value.to_string())
    }
}

impl selectors::Element for StyleNode<'_> {
    type Impl = SelectorImpl;

    fn opaque(&self) -> OpaqueElement {
        crate::select::opaque(self.e())
    }

    fn parent_element(&self) -> Option<Self> {
        let p = self.doc().n(self.e()).parent?;
        (self.doc().n(p).kind == NodeKind::Element).then(|| self.at(p))
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        selectors::Element::parent_node_is_shadow_root(&self.element_ref())
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        self.containing_shadow().map(|r| TShadowRoot::host(&r))
    }

    fn assigned_slot(&self) -> Option<Self> {
        self.doc().assigned_slot_of(self.e()).map(|s| self.at(s))
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        let prev = self.doc().n(self.e()).prev_sibling;
        self.doc()
            .element_from(prev, |n| n.prev_sibling)
            .map(|id| self.at(id.0))
    }

    fn next_sibling_element(&self) -> Option<Self> {
        let next = self.doc().n(self.e()).next_sibling;
        self.doc()
            .element_from(next, |n| n.next_sibling)
            .map(|id| self.at(id.0))
    }

    fn first_element_child(&self) -> Option<Self> {
        let first = self.doc().n(self.e()).first_child;
        self.doc()
            .element_from(first, |n| n.next_sibling)
            .map(|id| self.at(id.0))
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.name().ns == Ns::Html
            && self.doc().n(self.doc().node_document(self.e())).flags & crate::node::XML_DOCUMENT
                == 0
    }

    fn has_local_name(&self, local_name: &web_atoms::LocalName) -> bool {
        self.local_name() == local_name
    }

    fn has_namespace(&self, ns: &web_atoms::Namespace) -> bool {
        TElement::namespace(self) == ns
    }

    fn is_same_type(&self, other: &Self) -> bool {
        let (a, b) = (self.name(), other.name());
        a.ns == b.ns && a.local == b.local
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&Namespace>,
        local_name: &LocalName,
        operation: &AttrSelectorOperation<&AttrValue>,
    ) -> bool {
        let Some(attrs) = self.attrs() else {
            return false;
        };
        let Some(sym) = self.doc().names.get(local_name) else {
            return false;
        };
        let want = match ns {
            NamespaceConstraint::Any => None,
            NamespaceConstraint::Specific(n) => match super::ns_of(self.doc(), n) {
                Some(ns) => Some(ns),
                None => return false,
            },
        };
        attrs.iter().any(|a| {
            a.local == sym && want.is_none_or(|n| a.ns == n) && operation.eval_str(&a.value)
        })
    }

    fn match_non_ts_pseudo_class(
        &self,
        pc: &NonTSPseudoClass,
        _context: &mut MatchingContext<SelectorImpl>,
    ) -> bool {
        let ours = match pc {
            NonTSPseudoClass::Active => PseudoClass::Active,
            NonTSPseudoClass::AnyLink => PseudoClass::AnyLink,
            NonTSPseudoClass::Checked => PseudoClass::Checked,
            NonTSPseudoClass::Defined => PseudoClass::Defined,
            NonTSPseudoClass::Modal => PseudoClass::Modal,
            NonTSPseudoClass::Disabled => PseudoClass::Disabled,
            NonTSPseudoClass::Enabled => PseudoClass::Enabled,
            NonTSPseudoClass::Focus => PseudoClass::Focus,
            NonTSPseudoClass::FocusWithin => PseudoClass::FocusWithin,
            NonTSPseudoClass::FocusVisible => PseudoClass::FocusVisible,
            NonTSPseudoClass::Hover => PseudoClass::Hover,
            NonTSPseudoClass::Invalid => PseudoClass::Invalid,
            NonTSPseudoClass::Link => PseudoClass::Link,
            NonTSPseudoClass::Optional => PseudoClass::Optional,
            NonTSPseudoClass::PlaceholderShown => PseudoClass::PlaceholderShown,
            NonTSPseudoClass::ReadOnly => PseudoClass::ReadOnly,
            NonTSPseudoClass::ReadWrite => PseudoClass::ReadWrite,
            NonTSPseudoClass::Required => PseudoClass::Required,
            NonTSPseudoClass::Target => PseudoClass::Target,
            NonTSPseudoClass::Valid => PseudoClass::Valid,
            NonTSPseudoClass::Visited => PseudoClass::Visited,
            NonTSPseudoClass::Lang(lang) => {
                return self
                    .element_ref()
                    .language()
                    .is_some_and(|l| crate::select::lang_matches(l, lang));
            }
            // What ecsdom does not model (no autofill, fullscreen,
            // popovers, range constraints or user interaction)
            // matches nothing.
            _ => return false,
        };
        self.element_ref().matches_pseudo_class(&ours)
    }

    fn match_pseudo_element(
        &self,
        _pe: &PseudoElement,
        _context: &mut MatchingContext<SelectorImpl>,
    ) -> bool {
        false
    }

    fn apply_selector_flags(&self, _flags: ElementSelectorFlags) {}

    fn is_link(&self) -> bool {
        self.element_ref().is_hyperlink()
    }

    fn is_html_slot_element(&self) -> bool {
        selectors::Element::is_html_slot_element(&self.element_ref())
    }

    fn has_id(&self, id: &AtomIdent, case: CaseSensitivity) -> bool {
        self.attrs()
            .and_then(|a| a.id())
            .is_some_and(|s| case.eq(self.doc().names.resolve(s).as_bytes(), id.as_bytes()))
    }

    fn has_class(&self, name: &AtomIdent, case: CaseSensitivity) -> bool {
        self.attrs().is_some_and(|a| {
            a.classes()
                .iter()
                .any(|&c| case.eq(self.doc().names.resolve(c).as_bytes(), name.as_bytes()))
        })
    }

    fn has_custom_state(&self, _name: &AtomIdent) -> bool {
        false
    }

    fn imported_part(&self, _name: &AtomIdent) -> Option<AtomIdent> {
        None
    }

    fn is_part(&self, _name: &AtomIdent) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        selectors::Element::is_empty(&self.element_ref())
    }

    fn is_root(&self) -> bool {
        selectors::Element::is_root(&self.element_ref())
    }

    fn add_element_unique_hashes(&self, _filter: &mut BloomFilter) -> bool {
        false
    }
}
