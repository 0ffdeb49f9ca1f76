//! `selectors::Element` over [`ElementRef`], a `Copy` view of one element.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

/// An element of a document, as the `selectors` crate sees it.
#[derive(Clone, Copy)]
pub(crate) struct ElementRef<'a> {
    pub(super) doc: &'a Document,
    pub(super) e: Entity,
}

impl fmt::Debug for ElementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ElementRef({:?})", self.e)
    }
}

pub(crate) fn opaque(e: Entity) -> OpaqueElement {
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
    pub(crate) fn language(&self) -> Option<&'a str> {
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
                "checkbox" | "radio" => self.doc.checked(crate::NodeId(self.e)).unwrap_or(false),
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

    fn parent_node_is_shadow_root(&self) -> bool {
        self.doc
            .n(self.e)
            .parent
            .is_some_and(|p| self.doc.n(p).flags & crate::node::SHADOW_ROOT != 0)
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        if !self.doc.in_shadow_tree(self.e) {
            return None;
        }
        let host = self.doc.host_of_root(self.doc.root_of(self.e))?;
        Some(ElementRef {
            doc: self.doc,
            e: host,
        })
    }

    fn assigned_slot(&self) -> Option<Self> {
        let slot = self.doc.assigned_slot_of(self.e)?;
        Some(ElementRef {
            doc: self.doc,
            e: slot,
        })
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

    /// An HTML element whose node document is an HTML document: its
    /// attribute and type selectors match ASCII-lowercased names
    /// (<https://dom.spec.whatwg.org/#concept-element-attributes-get-by-name>);
    /// in an XML document (XHTML) they match as written.
    fn is_html_element_in_html_document(&self) -> bool {
        self.name().ns == Ns::Html && self.doc.is_html_document(self.doc.node_document(self.e))
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
        self.matches_pseudo_class(pc)
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
        self.is_hyperlink()
    }
    fn is_html_slot_element(&self) -> bool {
        self.doc.n(self.e).flags & crate::node::SLOT != 0
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

impl<'a> ElementRef<'a> {
    /// `e` of `doc` (an element).
    pub(crate) fn new(doc: &'a Document, e: Entity) -> Self {
        ElementRef { doc, e }
    }

    /// Whether the element is an `<a>` or `<area>` with an `href`.
    pub(crate) fn is_hyperlink(&self) -> bool {
        let k = self.doc.names.known;
        let n = self.name();
        n.ns == Ns::Html
            && (n.local == k.a || n.local == k.area)
            && self.attrs().get(k.href).is_some()
    }

    /// Whether the element matches non-tree-structural pseudo-class `pc`
    /// (both `querySelector` and the style engine ask this).
    pub(crate) fn matches_pseudo_class(&self, pc: &PseudoClass) -> bool {
        let form_control = [
            "input", "button", "select", "textarea", "optgroup", "option", "fieldset",
        ];
        match pc {
            PseudoClass::Link | PseudoClass::AnyLink => self.is_hyperlink(),
            // (Nothing is hovered or pressed with no pointer, and no
            // focus came from a keyboard.)
            PseudoClass::Visited
            | PseudoClass::Hover
            | PseudoClass::Active
            | PseudoClass::FocusVisible => false,
            // The focused element, and a shadow host whose tree has it.
            PseudoClass::Focus => self
                .doc
                .focused_in(self.doc.node_document(self.e))
                .is_some_and(|f| f == self.e || self.doc.shadow_host_chain(f).any(|h| h == self.e)),
            PseudoClass::FocusWithin => self
                .doc
                .focused_in(self.doc.node_document(self.e))
                .is_some_and(|f| self.doc.is_shadow_including_ancestor_or_self(self.e, f)),
            PseudoClass::Target => self.doc.is_target_element(self.e),
            // (Checkedness and selectedness, which scripts and clicks change.)
            PseudoClass::Checked => {
                let id = crate::NodeId(self.e);
                (self.is_html_named(&["input"])
                    && matches!(self.doc.input_kind(id), "checkbox" | "radio")
                    && self.doc.checked(id).unwrap_or(false))
                    || (self.is_html_named(&["option"])
                        && self.doc.option_selected(id).unwrap_or(false))
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
            PseudoClass::Defined => self.doc.is_defined_element(self.e),
            PseudoClass::Modal => self.doc.is_modal(self.e),
            PseudoClass::Valid => self.validity() == Some(true),
            PseudoClass::Invalid => self.validity() == Some(false),
            PseudoClass::Lang(ranges) => self
                .language()
                .is_some_and(|lang| ranges.iter().any(|r| lang_matches(lang, r))),
        }
    }
}

/// `:lang()`'s match of an element's language `lang` with range `range`
/// (ASCII case-insensitive, on a subtag boundary).
pub(crate) fn lang_matches(lang: &str, range: &str) -> bool {
    lang.len() >= range.len()
        && lang[..range.len()].eq_ignore_ascii_case(range)
        && (lang.len() == range.len() || lang.as_bytes()[range.len()] == b'-')
}
