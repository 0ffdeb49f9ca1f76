//! Attributes, id and class list of elements, and the id index.
//!
//! The id and the class list are derived from the `id` and `class`
//! attributes and kept beside them in [`Attributes`], interned, so matching
//! `#id` and `.class` compares integers. The per-element operations are
//! methods on [`Attributes`] that touch nothing else, so the command buffers
//! can run them on many elements in parallel with exactly the same code.

use std::borrow::Cow;

use bevy_ecs::prelude::*;
use smallvec::SmallVec;

use crate::collection::{CollectionKind, LiveCollection};
use crate::document::{Document, QuirksMode};
use crate::error::{DomError, DomResult};
use crate::intern::{Names, Ns, Symbol};
use crate::node::{Attribute, Attributes, NodeId, NodeKind};
use crate::tree::is_valid_attribute_name;

/// A DOMTokenList's token checks (<https://dom.spec.whatwg.org/#domtokenlist>):
/// `SyntaxError` for an empty token, `InvalidCharacterError` for one with
/// ASCII whitespace. For hosts that record class changes to apply later.
pub fn check_class_token(t: &str) -> DomResult<()> {
    if t.is_empty() {
        return Err(DomError::Syntax("a token can not be empty".into()));
    }
    if t.chars().any(|c| c.is_ascii_whitespace()) {
        return Err(DomError::InvalidCharacter(format!(
            "the token '{t}' contains whitespace"
        )));
    }
    Ok(())
}

/// Whether an attribute name can only ever name a no-namespace attribute:
/// no prefix, and not `xmlns` (which names an attribute in the XMLNS
/// namespace on foreign elements). `setAttribute` with such a name is a
/// plain per-element update, the one the command buffers run in parallel.
pub(crate) fn is_plain_attribute_name(name: &str) -> bool {
    !name.contains(':') && name != "xmlns"
}

/// Splits on ASCII whitespace, as DOMTokenList and the `class` attribute do.
fn tokens(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
}

impl Attributes {
    /// Index of the attribute with this namespace and local name.
    #[inline]
    pub(crate) fn position(&self, ns: Ns, local: Symbol) -> Option<usize> {
        self.list
            .iter()
            .position(|a| a.ns == ns && a.local == local)
    }

    /// Index of the first attribute whose qualified name is the
    /// colon-free `local`: unprefixed, in any namespace.
    #[inline]
    pub(crate) fn position_unprefixed(&self, local: Symbol) -> Option<usize> {
        self.list
            .iter()
            .position(|a| a.local == local && a.prefix.is_none())
    }

    /// Index of the first attribute whose qualified name is `qname`
    /// (<https://dom.spec.whatwg.org/#concept-element-attributes-get-by-name>).
    pub(crate) fn position_by_qname(&self, names: &Names, qname: &str) -> Option<usize> {
        let sym = names.get(qname);
        if !qname.contains(':') {
            let sym = sym?;
            return self
                .list
                .iter()
                .position(|a| a.local == sym && a.prefix.is_none());
        }
        self.list.iter().position(|a| match a.prefix {
            None => Some(a.local) == sym,
            Some(p) => {
                let (p, local) = (names.prefix_str(p), names.resolve(a.local));
                qname.len() == p.len() + 1 + local.len()
                    && qname.starts_with(p)
                    && qname[p.len()..].starts_with(':')
                    && qname.ends_with(local)
            }
        })
    }

    /// The value of the no-namespace attribute `local`.
    #[inline]
    pub fn get(&self, local: Symbol) -> Option<&str> {
        self.position(Ns::None, local)
            .map(|i| self.list[i].value.as_str())
    }

    /// Whether the class list holds `class`.
    #[inline]
    pub fn has_class(&self, class: Symbol) -> bool {
        self.classes.contains(&class)
    }

    /// `setAttribute(local, value)` for a colon-free name: set the first
    /// attribute whose qualified name is `local` (unprefixed, in any
    /// namespace), or append a no-namespace one. For `id` and `class` the
    /// caller refreshes the derived state ([`Document::set_attribute`]
    /// does; an attribute in a namespace leaves it as it is).
    pub(crate) fn set_plain(&mut self, local: Symbol, value: &str) {
        match self.position_unprefixed(local) {
            Some(i) => crate::node::set_compact(&mut self.list[i].value, value),
            None => self.list.push(Attribute {
                ns: Ns::None,
                prefix: None,
                local,
                value: compact_str::CompactString::from(value),
            }),
        }
    }

    /// `removeAttribute(local)` for a colon-free name: remove the first
    /// attribute whose qualified name is `local`; returns whether there was one.
    pub(crate) fn remove_plain(&mut self, local: Symbol) -> bool {
        match self.position_unprefixed(local) {
            Some(i) => {
                self.list.remove(i);
                true
            }
            None => false,
        }
    }

    /// Add class tokens, then run the DOMTokenList update steps.
    pub(crate) fn add_classes(&mut self, add: &[Symbol], names: &Names) {
        for &t in add {
            if !self.classes.contains(&t) {
                self.classes.push(t);
            }
        }
        self.write_class_attribute(names);
    }

    /// Remove class tokens, then run the DOMTokenList update steps.
    pub(crate) fn remove_classes(&mut self, remove: &[Symbol], names: &Names) {
        self.classes.retain(|c| !remove.contains(c));
        self.write_class_attribute(names);
    }

    /// `classList.toggle(token, force)`; returns whether the token is now present.
    pub(crate) fn toggle_class(&mut self, t: Symbol, force: Option<bool>, names: &Names) -> bool {
        if let Some(i) = self.classes.iter().position(|&c| c == t) {
            if force != Some(true) {
                self.classes.remove(i);
                self.write_class_attribute(names);
                return false;
            }
            return true;
        }
        if force == Some(false) {
            return false;
        }
        self.classes.push(t);
        self.write_class_attribute(names);
        true
    }

    /// `classList.replace(old, new)`; returns whether `old` was present.
    pub(crate) fn replace_class(&mut self, old: Symbol, new: Symbol, names: &Names) -> bool {
        if !self.classes.contains(&old) {
            return false;
        }
        // "Replace" in an ordered set: the first of either becomes `new`,
        // every other instance of either goes.
        let mut placed = false;
        self.classes.retain_mut(|c| {
            if *c != old && *c != new {
                return true;
            }
            if placed {
                return false;
            }
            placed = true;
            *c = new;
            true
        });
        self.write_class_attribute(names);
        true
    }

    /// The DOMTokenList [update steps](https://dom.spec.whatwg.org/#concept-dtl-update):
    /// write the ordered set back to the `class` attribute (not creating one
    /// for an empty set).
    fn write_class_attribute(&mut self, names: &Names) {
        let class = names.known.class;
        let pos = self.position(Ns::None, class);
        if pos.is_none() && self.classes.is_empty() {
            return;
        }
        let i = pos.unwrap_or_else(|| {
            self.list.push(Attribute {
                ns: Ns::None,
                prefix: None,
                local: class,
                value: compact_str::CompactString::default(),
            });
            self.list.len() - 1
        });
        // Written in place: a short value is built on the stack and stays
        // inline, a long one reuses its allocation.
        let mut short = [0u8; 24];
        let mut len = 0;
        for (k, &c) in self.classes.iter().enumerate() {
            let token = names.resolve(c).as_bytes();
            let end = len + usize::from(k > 0) + token.len();
            if end > short.len() {
                len = usize::MAX;
                break;
            }
            if k > 0 {
                short[len] = b' ';
            }
            short[end - token.len()..end].copy_from_slice(token);
            len = end;
        }
        let value = &mut self.list[i].value;
        match std::str::from_utf8(short.get(..len).unwrap_or_default()) {
            Ok(joined) if len != usize::MAX => crate::node::set_compact(value, joined),
            _ => {
                value.clear();
                for (k, &c) in self.classes.iter().enumerate() {
                    if k > 0 {
                        value.push(' ');
                    }
                    value.push_str(names.resolve(c));
                }
            }
        }
    }
}

impl Document {
    /// Recompute the id and class list of `attrs` from its attribute list.
    pub(crate) fn refresh_derived(&mut self, attrs: &mut Attributes) {
        let known = self.names.known;
        attrs.id = attrs
            .get(known.id)
            .filter(|v| !v.is_empty())
            .map(|v| self.names.intern(v));
        attrs.classes.clear();
        if let Some(i) = attrs.position(Ns::None, known.class) {
            let mut classes: SmallVec<[Symbol; 2]> = SmallVec::new();
            for t in tokens(&attrs.list[i].value) {
                let s = self.names.intern(t);
                if !classes.contains(&s) {
                    classes.push(s);
                }
            }
            attrs.classes = classes;
        }
    }

    /// Lowercase `name` when `e` is an HTML element (attribute and tag names
    /// of HTML elements in an HTML document are matched lowercase).
    pub(crate) fn html_lower<'a>(&self, e: Entity, name: &'a str) -> Cow<'a, str> {
        let html = self.element_name(e).is_some_and(|n| n.ns == Ns::Html);
        if html && name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        }
    }

    pub(crate) fn attrs_of(&self, id: NodeId) -> DomResult<(Entity, &Attributes)> {
        let e = self.element(id)?;
        Ok((e, self.attrs(e).expect("elements have attributes")))
    }

    /// `getAttribute(qualifiedName)`
    pub fn get_attribute(&self, id: NodeId, name: &str) -> DomResult<Option<&str>> {
        let (e, attrs) = self.attrs_of(id)?;
        let name = self.html_lower(e, name);
        Ok(attrs
            .position_by_qname(&self.names, &name)
            .map(|i| attrs.list[i].value.as_str()))
    }

    /// `hasAttribute(qualifiedName)`
    pub fn has_attribute(&self, id: NodeId, name: &str) -> DomResult<bool> {
        Ok(self.get_attribute(id, name)?.is_some())
    }

    /// `namespaceURI` of an element (`None` for no namespace).
    pub fn namespace_uri(&self, id: NodeId) -> DomResult<Option<&str>> {
        Ok(Some(self.names.ns_url(self.namespace(id)?)).filter(|u| !u.is_empty()))
    }

    /// `prefix` of an element (`createElementNS(ns, "p:name")` gives one;
    /// the HTML parser never does).
    pub fn element_prefix(&self, id: NodeId) -> DomResult<Option<&str>> {
        let e = self.element(id)?;
        Ok(self
            .world
            .get::<crate::node::ElementName>(e)
            .and_then(|n| n.prefix)
            .map(|p| self.names.prefix_str(p)))
    }

    /// `hasAttributes()`
    pub fn has_attributes(&self, id: NodeId) -> DomResult<bool> {
        Ok(!self.attrs_of(id)?.1.list.is_empty())
    }

    /// The attributes of an element, in order, with interned names.
    pub fn attributes(&self, id: NodeId) -> DomResult<&[Attribute]> {
        Ok(&self.attrs_of(id)?.1.list)
    }

    /// The qualified name of an attribute (`xlink:href`, `class`, ...).
    pub fn attribute_qualified_name(&self, attr: &Attribute) -> Cow<'_, str> {
        let local = self.names.resolve(attr.local);
        match attr.prefix {
            Some(p) => Cow::Owned(format!("{}:{local}", self.names.prefix_str(p))),
            None => Cow::Borrowed(local),
        }
    }

    /// `getAttributeNames()`
    pub fn attribute_names(&self, id: NodeId) -> DomResult<Vec<String>> {
        let (_, attrs) = self.attrs_of(id)?;
        Ok(attrs
            .list
            .iter()
            .map(|a| self.attribute_qualified_name(a).into_owned())
            .collect())
    }

    /// `setAttribute(qualifiedName, value)`
    ///
    /// # Errors
    /// `InvalidCharacterError` if `name` is not a valid attribute name.
    pub fn set_attribute(&mut self, id: NodeId, name: &str, value: &str) -> DomResult<()> {
        crate::memory::check_memory()?;
        let e = self.element(id)?;
        if !is_valid_attribute_name(name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{name}' is not a valid attribute name"
            )));
        }
        let name = self.html_lower(e, name);
        if is_plain_attribute_name(&name) {
            let local = self.names.intern(&name);
            self.observe_attribute(e, Ns::None, local);
            self.with_attrs(e, |a, _| a.set_plain(local, value));
            self.after_attribute_change(e, local);
            return Ok(());
        }
        let existing = self
            .attrs(e)
            .expect("elements have attributes")
            .position_by_qname(&self.names, &name);
        let local = match existing {
            Some(i) => {
                self.observe_attribute_at(e, i);
                let mut attrs = self.world.get_mut::<Attributes>(e).expect("attributes");
                crate::node::set_compact(&mut attrs.list[i].value, value);
                let a = &attrs.list[i];
                if a.ns != Ns::None {
                    return Ok(());
                }
                a.local
            }
            None => {
                let local = self.names.intern(&name);
                self.observe_attribute(e, Ns::None, local);
                self.with_attrs(e, |a, _| a.set_plain(local, value));
                local
            }
        };
        self.after_attribute_change(e, local);
        Ok(())
    }

    /// Whether a change of the no-namespace attribute `local` has steps
    /// in [`Document::after_attribute_change`] beyond the write (the
    /// command buffers' parallel apply leaves such writes to the serial
    /// path).
    pub(crate) fn attribute_has_change_steps(&self, local: Symbol) -> bool {
        let known = self.names.known;
        if [known.id, known.class, known.src, known.srcdoc, known.href].contains(&local) {
            return true;
        }
        if self.shadow.any && (local == known.slot || local == known.name) {
            return true;
        }
        let name = self.names.resolve(local);
        name == "checked"
            || name == "open"
            || name == "rel"
            || name == "nonce"
            || name.starts_with("on")
    }

    /// Keep the derived id, class list and id index in step after the
    /// no-namespace attribute `local` of `e` changed.
    pub(crate) fn after_attribute_change(&mut self, e: Entity, local: Symbol) {
        let known = self.names.known;
        if local == known.style {
            if let Some(v) = self.attrs(e).and_then(|a| a.get(local)) {
                self.rendering.note_style_text(v);
            }
            return;
        }
        if self.shadow.any && (local == known.slot || local == known.name) {
            // Slot assignment: a slottable's `slot`, a slot's `name`.
            self.slot_attributes_changed(e, local == known.slot);
        }
        if local == known.id {
            let old = self.attrs(e).and_then(|a| a.id);
            let new = self
                .attrs(e)
                .and_then(|a| a.get(known.id))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .map(|v| self.names.intern(&v));
            if old != new {
                if let Some(mut a) = self.world.get_mut::<Attributes>(e) {
                    a.id = new;
                }
                if self.n(e).is_connected() && !self.in_shadow_tree(e) {
                    if let Some(o) = old {
                        self.index_remove(o, e);
                    }
                    if let Some(n) = new {
                        self.ids.insert(n, e);
                    }
                }
            }
        } else if local == known.class {
            self.note_class_change();
            let Some(mut attrs) = self.world.get_mut::<Attributes>(e) else {
                return;
            };
            let mut taken = std::mem::take(&mut *attrs);
            self.refresh_derived(&mut taken);
            if let Some(mut attrs) = self.world.get_mut::<Attributes>(e) {
                *attrs = taken;
            }
        } else if local == known.src && self.is_script(e) {
            // A connected script that gets a `src`: the host prepares it.
            self.note_script(e);
        } else if (local == known.src || local == known.srcdoc)
            && self.n(e).flags & crate::node::FRAME != 0
        {
            // A connected iframe's `src` or `srcdoc` changed: the host
            // navigates it (HTML's "process the iframe attributes").
            self.note_frame(e);
        } else if local == known.name && self.n(e).flags & crate::node::FRAME != 0 {
            self.frame_name_changed(e);
        } else if local == known.href {
            // (A `<base>`'s `href` may have changed the base URL.)
            self.mutations.hrefs = self.mutations.hrefs.wrapping_add(1);
            if self.n(e).flags & crate::node::SHEET_LINK != 0 {
                // A `link`'s `href` changed: its sheet is loaded again.
                self.note_sheet_link(e);
            }
        } else if self.n(e).flags & crate::node::SHEET_LINK != 0
            && self.names.resolve(local) == "rel"
        {
            self.note_sheet_link(e);
        } else {
            let name = self.names.resolve(local);
            if name == "checked" {
                if self.html_local(NodeId(e)) == Some("input") {
                    self.checked_attribute_changed(NodeId(e));
                }
            } else if name == "open" {
                if self.html_local(NodeId(e)) == Some("details") {
                    self.queue_element_task(NodeId(e), "toggle");
                }
            } else if name == "nonce" {
                self.nonce_attribute_changed(e, local);
            } else if name.starts_with("on") {
                self.handler_content_attribute_changed(e, local);
            }
        }
    }

    /// `removeAttribute(qualifiedName)`
    pub fn remove_attribute(&mut self, id: NodeId, name: &str) -> DomResult<()> {
        let e = self.element(id)?;
        let name = self.html_lower(e, name);
        if is_plain_attribute_name(&name) {
            let Some(local) = self.names.get(&name) else {
                return Ok(());
            };
            if (self.observing() || self.has_attr_nodes() || self.custom.any)
                && let Some(i) = self.attrs(e).and_then(|a| a.position_unprefixed(local))
            {
                self.observe_attribute_at(e, i);
                self.attr_removing(e, i);
            }
            if self.with_attrs(e, |a, _| a.remove_plain(local)) {
                self.after_attribute_change(e, local);
            }
            return Ok(());
        }
        let Some(i) = self
            .attrs(e)
            .expect("elements have attributes")
            .position_by_qname(&self.names, &name)
        else {
            return Ok(());
        };
        self.observe_attribute_at(e, i);
        self.attr_removing(e, i);
        let removed = self
            .world
            .get_mut::<Attributes>(e)
            .expect("attributes")
            .list
            .remove(i);
        if removed.ns == Ns::None {
            self.after_attribute_change(e, removed.local);
        }
        Ok(())
    }

    /// `toggleAttribute(qualifiedName, force)`; returns whether it is now present.
    pub fn toggle_attribute(
        &mut self,
        id: NodeId,
        name: &str,
        force: Option<bool>,
    ) -> DomResult<bool> {
        self.element(id)?;
        if !is_valid_attribute_name(name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{name}' is not a valid attribute name"
            )));
        }
        let present = self.has_attribute(id, name)?;
        match (present, force) {
            (true, Some(true)) => Ok(true),
            (true, _) => {
                self.remove_attribute(id, name)?;
                Ok(false)
            }
            (false, Some(false)) => Ok(false),
            (false, _) => {
                self.set_attribute(id, name, "")?;
                Ok(true)
            }
        }
    }

    /// `id` getter: the `id` attribute, or "".
    pub fn id(&self, id: NodeId) -> DomResult<&str> {
        Ok(self.get_attribute(id, "id")?.unwrap_or(""))
    }

    /// The element's id as a symbol (None without a non-empty `id`).
    pub fn id_symbol(&self, id: NodeId) -> DomResult<Option<Symbol>> {
        Ok(self.attrs_of(id)?.1.id)
    }

    /// `className` getter: the `class` attribute, or "".
    pub fn class_name(&self, id: NodeId) -> DomResult<&str> {
        Ok(self.get_attribute(id, "class")?.unwrap_or(""))
    }

    // ----- classList ------------------------------------------------------------

    /// The class list, in order, as interned symbols.
    pub fn class_symbols(&self, id: NodeId) -> DomResult<&[Symbol]> {
        Ok(&self.attrs_of(id)?.1.classes)
    }

    /// `classList` as strings.
    pub fn class_list(&self, id: NodeId) -> DomResult<Vec<&str>> {
        Ok(self
            .class_symbols(id)?
            .iter()
            .map(|&s| self.names.resolve(s))
            .collect())
    }

    /// `classList.contains(token)`
    pub fn class_contains(&self, id: NodeId, token: &str) -> DomResult<bool> {
        let (_, attrs) = self.attrs_of(id)?;
        Ok(self.names.get(token).is_some_and(|s| attrs.has_class(s)))
    }

    /// Validate and intern DOMTokenList tokens
    /// (<https://dom.spec.whatwg.org/#dom-domtokenlist-add>).
    pub(crate) fn class_tokens(&mut self, tokens: &[&str]) -> DomResult<SmallVec<[Symbol; 2]>> {
        let mut out = SmallVec::new();
        for t in tokens {
            check_class_token(t)?;
            out.push(self.names.intern(t));
        }
        Ok(out)
    }

    pub(crate) fn with_attrs<R>(
        &mut self,
        e: Entity,
        f: impl FnOnce(&mut Attributes, &Names) -> R,
    ) -> R {
        let names = &self.names;
        let mut attrs = self.world.get_mut::<Attributes>(e).expect("attributes");
        f(&mut attrs, names)
    }

    /// `classList.supports(token)`: `class` defines no supported tokens,
    /// so a `TypeError` (<https://dom.spec.whatwg.org/#dom-domtokenlist-supports>).
    ///
    /// # Errors
    /// `TypeError` for an element; `InvalidStateError` for another node,
    /// or `StaleNode`.
    pub fn class_supports(&self, id: NodeId, _token: &str) -> DomResult<bool> {
        self.element(id)?;
        Err(DomError::Type(
            "the class attribute defines no supported tokens".to_owned(),
        ))
    }

    /// `classList.add(...tokens)`
    pub fn class_add(&mut self, id: NodeId, tokens: &[&str]) -> DomResult<()> {
        let e = self.element(id)?;
        let syms = self.class_tokens(tokens)?;
        self.note_class_change();
        self.observe_class(e, Some(!syms.is_empty()), true);
        self.with_attrs(e, |a, n| a.add_classes(&syms, n));
        Ok(())
    }

    /// `classList.remove(...tokens)`
    pub fn class_remove(&mut self, id: NodeId, tokens: &[&str]) -> DomResult<()> {
        let e = self.element(id)?;
        let syms = self.class_tokens(tokens)?;
        self.note_class_change();
        self.observe_class(e, Some(false), true);
        self.with_attrs(e, |a, n| a.remove_classes(&syms, n));
        Ok(())
    }

    /// `classList.toggle(token, force)`; returns whether the token is now present.
    pub fn class_toggle(
        &mut self,
        id: NodeId,
        token: &str,
        force: Option<bool>,
    ) -> DomResult<bool> {
        let e = self.element(id)?;
        let sym = self.class_tokens(&[token])?[0];
        self.note_class_change();
        if self.observing() || self.custom.any {
            let present = self.attrs(e).is_some_and(|a| a.has_class(sym));
            // The update steps run only when the token goes or comes.
            self.observe_class(e, None, force != Some(present));
        }
        Ok(self.with_attrs(e, |a, n| a.toggle_class(sym, force, n)))
    }

    /// `classList.replace(old, new)`; returns whether `old` was present.
    pub fn class_replace(&mut self, id: NodeId, old: &str, new: &str) -> DomResult<bool> {
        let e = self.element(id)?;
        // (Both tokens are checked for emptiness before either for
        // whitespace.)
        if old.is_empty() || new.is_empty() {
            return Err(DomError::Syntax("a class token can not be empty".into()));
        }
        let syms = self.class_tokens(&[old, new])?;
        self.note_class_change();
        if self.observing() || self.custom.any {
            let present = self.attrs(e).is_some_and(|a| a.has_class(syms[0]));
            self.observe_class(e, None, present);
        }
        Ok(self.with_attrs(e, |a, n| a.replace_class(syms[0], syms[1], n)))
    }

    // ----- lookups ------------------------------------------------------------

    /// The elements named `name` on the window, in tree order
    /// (<https://html.spec.whatwg.org/#named-access-on-the-window-object>):
    /// those of the document with that `id`, and `embed`, `form`, `img`
    /// and `object` elements with that `name`. One walk of `doc`, the
    /// window's document.
    pub fn window_named_elements(&self, doc: NodeId, name: &str) -> Vec<NodeId> {
        if name.is_empty() || self.live(doc).is_err() {
            return Vec::new();
        }
        let id = self.names.get(name);
        let name_attr = self.names.get("name");
        let named_locals: Vec<Symbol> = ["embed", "form", "img", "object"]
            .iter()
            .filter_map(|n| self.names.get(n))
            .collect();
        self.descendants_of(doc.0)
            .filter(|&e| {
                let Some(a) = self.attrs(e) else { return false };
                if id.is_some() && a.id == id {
                    return true;
                }
                name_attr.is_some_and(|n| a.get(n) == Some(name))
                    && named_locals.iter().any(|&l| self.is_html(e, l))
            })
            .map(NodeId)
            .collect()
    }

    /// The collection of [`Document::window_named_elements`] (a named
    /// property that several elements give).
    pub fn window_named(&self, doc: NodeId, name: &str) -> LiveCollection {
        LiveCollection::new(doc, CollectionKind::WindowNamed(name.to_owned()))
    }

    /// `getElementById(id)`: O(1) through the id index; with duplicate ids,
    /// the first in tree order, as browsers do.
    pub fn get_element_by_id(&self, id: &str) -> Option<NodeId> {
        let sym = self.names.get(id)?;
        self.element_by_id_symbol(sym).map(NodeId)
    }

    /// `HTMLCollection.namedItem(key)` over the collection `items`
    /// (<https://dom.spec.whatwg.org/#dom-htmlcollection-nameditem>): the
    /// first element whose id is `key`, or, for an HTML element, whose
    /// `name` attribute is `key`; none for the empty key.
    pub fn named_item(&self, items: &[NodeId], key: &str) -> Option<NodeId> {
        if key.is_empty() {
            return None;
        }
        items.iter().copied().find(|&e| {
            self.get_attribute(e, "id").ok().flatten() == Some(key)
                || (self.namespace(e).ok() == Some(Ns::Html)
                    && self.get_attribute(e, "name").ok().flatten() == Some(key))
        })
    }

    /// The supported property names of an `HTMLCollection` over `items`
    /// (<https://dom.spec.whatwg.org/#ref-for-dfn-supported-property-names>):
    /// each element's non-empty id, then, for an HTML element, its
    /// non-empty `name`, in tree order, each once.
    pub fn supported_names(&self, items: &[NodeId]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut add = |v: Option<&'_ str>| {
            if let Some(v) = v.filter(|v| !v.is_empty())
                && seen.insert(v.to_owned())
            {
                out.push(v.to_owned());
            }
        };
        for &e in items {
            add(self.get_attribute(e, "id").ok().flatten());
            if self.namespace(e).ok() == Some(Ns::Html) {
                add(self.get_attribute(e, "name").ok().flatten());
            }
        }
        out
    }

    /// `getElementById` on a non-element parent node `scope`: the first
    /// element in tree order under `scope` whose id is `id`
    /// (<https://dom.spec.whatwg.org/#dom-nonelementparentnode-getelementbyid>).
    /// The id index answers for this document; other document nodes and
    /// fragments are scanned.
    pub fn get_element_by_id_in(&self, scope: NodeId, id: &str) -> DomResult<Option<NodeId>> {
        self.live(scope)?;
        if scope.0 == self.root {
            return Ok(self.get_element_by_id(id));
        }
        let Some(sym) = self.names.get(id) else {
            return Ok(None);
        };
        Ok(self
            .descendants_of(scope.0)
            .find(|&d| self.attrs(d).is_some_and(|a| a.id == Some(sym)))
            .map(NodeId))
    }

    pub(crate) fn element_by_id_symbol(&self, sym: Symbol) -> Option<Entity> {
        let list = self.ids.get(sym);
        let mut best = *list.first()?;
        for &e in &list[1..] {
            if self.precedes(e, best) {
                best = e;
            }
        }
        Some(best)
    }

    /// `getElementsByTagName(qualifiedName)` under `root`, as a snapshot in
    /// tree order (<https://dom.spec.whatwg.org/#concept-getelementsbytagname>).
    pub fn get_elements_by_tag_name(&self, root: NodeId, name: &str) -> DomResult<Vec<NodeId>> {
        self.live(root)?;
        let html = self.is_html_document(self.node_document(root.0));
        self.elements_with_qualified_name(root, name, html)
    }

    /// "The list of elements with qualified name" `name` under `root`
    /// (<https://dom.spec.whatwg.org/#concept-getelementsbytagname>), as a
    /// snapshot; `html_document`: whether root's node document was an
    /// HTML document when the list was made (its HTML elements' names
    /// then match `name` lowercased).
    pub(crate) fn elements_with_qualified_name(
        &self,
        root: NodeId,
        name: &str,
        html_document: bool,
    ) -> DomResult<Vec<NodeId>> {
        self.live(root)?;
        if name == "*" {
            return self.descendant_elements(root);
        }
        let lower = name.to_ascii_lowercase();
        let (exact, low) = (self.names.get(name), self.names.get(&lower));
        // A name with no colon matches only unprefixed elements, by symbol.
        if exact.is_none() && low.is_none() && !name.contains(':') {
            return Ok(Vec::new());
        }
        let is = |n: &crate::node::ElementName, sym: Option<Symbol>, s: &str| match n.prefix {
            None => Some(n.local) == sym,
            Some(p) => {
                let (p, l) = (self.names.prefix_str(p), self.names.resolve(n.local));
                s.len() == p.len() + 1 + l.len()
                    && s.starts_with(p)
                    && s[p.len()..].starts_with(':')
                    && s.ends_with(l)
            }
        };
        // (Lowercased for HTML elements of an HTML document only: an XML
        // document matches the name as given.)
        Ok(self
            .descendants_of(root.0)
            .filter(|&d| match self.element_name(d) {
                Some(n) if html_document && n.ns == Ns::Html => is(n, low, &lower),
                Some(n) => is(n, exact, name),
                None => false,
            })
            .map(NodeId)
            .collect())
    }

    /// `getElementsByTagNameNS(namespace, localName)` under `root`, as a
    /// snapshot in tree order; `*` for either matches any
    /// (<https://dom.spec.whatwg.org/#concept-getelementsbytagnamens>).
    pub fn get_elements_by_tag_name_ns(
        &self,
        root: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<Vec<NodeId>> {
        self.live(root)?;
        let namespace = namespace.unwrap_or("");
        // None: any; Some(None): one this document never used (no match).
        let ns = (namespace != "*").then(|| self.names.find_namespace(namespace));
        let sym = (local != "*").then(|| self.names.get(local));
        if ns == Some(None) || sym == Some(None) {
            return Ok(Vec::new());
        }
        Ok(self
            .descendants_of(root.0)
            .filter(|&d| {
                self.element_name(d).is_some_and(|n| {
                    ns.is_none_or(|ns| ns == Some(n.ns)) && sym.is_none_or(|s| s == Some(n.local))
                })
            })
            .map(NodeId)
            .collect())
    }

    /// `getElementsByClassName(classNames)` under `root`, as a snapshot in
    /// tree order: elements that have every class in the list.
    pub fn get_elements_by_class_name(
        &self,
        root: NodeId,
        classes: &str,
    ) -> DomResult<Vec<NodeId>> {
        self.live(root)?;
        let wanted: Vec<&str> = tokens(classes).collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        if self.quirks == QuirksMode::Quirks {
            return Ok(self
                .descendants_of(root.0)
                .filter(|&d| {
                    self.attrs(d).is_some_and(|a| {
                        wanted.iter().all(|w| {
                            a.classes
                                .iter()
                                .any(|&c| self.names.resolve(c).eq_ignore_ascii_case(w))
                        })
                    })
                })
                .map(NodeId)
                .collect());
        }
        let mut syms: SmallVec<[Symbol; 4]> = SmallVec::new();
        for w in wanted {
            match self.names.get(w) {
                Some(s) => syms.push(s),
                None => return Ok(Vec::new()),
            }
        }
        Ok(self
            .descendants_of(root.0)
            .filter(|&d| {
                self.n(d).kind == NodeKind::Element
                    && self
                        .attrs(d)
                        .is_some_and(|a| syms.iter().all(|s| a.has_class(*s)))
            })
            .map(NodeId)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::Document;

    /// The class attribute is rebuilt from the class list after each
    /// change: on the stack while it fits inline (24 bytes), in place
    /// beyond, with non-ASCII tokens and from long back to short.
    #[test]
    fn class_attribute_follows_the_list_at_every_length() {
        let mut d = Document::parse("<p id=p class=a></p>");
        let p = d.get_element_by_id("p").unwrap();
        let class = |d: &Document| d.get_attribute(p, "class").unwrap().map(str::to_owned);
        d.class_toggle(p, "bcdefghijklmnopqrstuvw", None).unwrap(); // 24 bytes joined
        assert_eq!(class(&d).unwrap(), "a bcdefghijklmnopqrstuvw");
        d.class_add(p, &["ünïcödé", "x"]).unwrap();
        assert_eq!(class(&d).unwrap(), "a bcdefghijklmnopqrstuvw ünïcödé x");
        d.class_remove(p, &["bcdefghijklmnopqrstuvw", "a"]).unwrap();
        assert_eq!(class(&d).unwrap(), "ünïcödé x");
        d.class_remove(p, &["ünïcödé", "x"]).unwrap();
        assert_eq!(class(&d).unwrap(), "");
    }
}
