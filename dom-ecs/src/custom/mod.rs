//! Custom elements (<https://html.spec.whatwg.org/#custom-elements>): the
//! DOM side. Each window has a registry of definitions (a name, the
//! attributes its class observes, which lifecycle callbacks it has); an
//! HTML element whose local name is a valid custom element name carries a
//! [`CustomElement`] (its custom element state and definition) and the
//! `CUSTOM` flag bit; insertion, removal, adoption, moves and attribute
//! changes of such elements enqueue *custom element reactions*
//! (`reactions.rs`), which the engine that made the definition takes and
//! runs: the constructor for an upgrade, the callbacks. The classes, the
//! construction stack and `whenDefined`'s promises are the engine's.
//!
//! Customized built-in elements (`define`'s `extends`) are elements of
//! the extended element's name with an *is value*, the definition's name.

mod reactions;

pub use reactions::Reaction;

use bevy_ecs::change_detection::DetectChangesMut;
use bevy_ecs::component::Component;
use bevy_ecs::entity::Entity;
use rustc_hash::FxHashMap;

use crate::intern::{Ns, Symbol};
use crate::node::CUSTOM;
use crate::{Document, DomError, DomResult, NodeId};

/// An element's [custom element state](https://dom.spec.whatwg.org/#concept-element-custom-element-state)
/// (an element without a [`CustomElement`] is "uncustomized").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CeState {
    /// A valid custom element name with no definition run yet.
    Undefined,
    /// Its constructor threw (or it is being upgraded).
    Failed,
    /// Constructed by its definition.
    Custom,
}

/// The custom element state and definition of an element whose local
/// name is a valid custom element name.
#[derive(Component, Clone, Copy, Debug)]
pub struct CustomElement {
    pub(crate) state: CeState,
    pub(crate) definition: Option<u32>,
    /// Its [is value](https://dom.spec.whatwg.org/#concept-element-is-value)
    /// (a customized built-in element's definition name).
    pub(crate) is: Option<Symbol>,
}

/// Which lifecycle callbacks a definition's prototype has.
pub mod callbacks {
    /// `connectedCallback`.
    pub const CONNECTED: u8 = 1;
    /// `disconnectedCallback`.
    pub const DISCONNECTED: u8 = 2;
    /// `adoptedCallback`.
    pub const ADOPTED: u8 = 4;
    /// `attributeChangedCallback`.
    pub const ATTRIBUTE_CHANGED: u8 = 8;
    /// `connectedMoveCallback`.
    pub const CONNECTED_MOVE: u8 = 16;
}

/// A [custom element definition](https://html.spec.whatwg.org/#custom-element-definition),
/// as far as the DOM needs it.
#[derive(Debug)]
struct Definition {
    name: Symbol,
    /// The element's local name: the name, or `extends` for a customized
    /// built-in element.
    local: Symbol,
    window: Entity,
    observed: Vec<Symbol>,
    callbacks: u8,
}

/// Every window's definitions and the pending reactions.
#[derive(Debug, Default)]
pub(crate) struct CustomElements {
    /// Whether any definition was made: until then no reaction is ever
    /// enqueued, and the mutation paths pay one check.
    pub(crate) any: bool,
    /// Definitions by id (the id engines know them by).
    definitions: Vec<Definition>,
    /// Each window's definitions by name.
    by_window: FxHashMap<Entity, FxHashMap<Symbol, u32>>,
    /// A window's "element definition is running" flag.
    running: Option<Entity>,
    pub(crate) reactions: reactions::Reactions,
    /// The attributes the page's parser gave an element of a defined name,
    /// held until its constructor has run ([`Document::create_element_holding`]).
    held: FxHashMap<Entity, Vec<HeldAttribute>>,
}

/// An attribute held for an element the page's parser made.
#[derive(Debug)]
struct HeldAttribute {
    ns: Ns,
    prefix: Option<crate::intern::Prefix>,
    local: Symbol,
    value: String,
}

/// Whether `name` is a [valid custom element name](https://html.spec.whatwg.org/#valid-custom-element-name).
pub fn is_valid_custom_element_name(name: &str) -> bool {
    const RESERVED: [&str; 8] = [
        "annotation-xml",
        "color-profile",
        "font-face",
        "font-face-src",
        "font-face-uri",
        "font-face-format",
        "font-face-name",
        "missing-glyph",
    ];
    let mut chars = name.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) || !name.contains('-') {
        return false;
    }
    chars.all(is_pcen_char) && !RESERVED.contains(&name)
}

/// PCENChar of the valid custom element name production.
fn is_pcen_char(c: char) -> bool {
    matches!(c,
        '-' | '.' | '0'..='9' | '_' | 'a'..='z' | '\u{B7}'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{203F}'..='\u{2040}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// The value of the no-namespace `is` attribute among a parser's attributes.
fn is_attribute<'a>(
    attrs: &'a [(Ns, Option<crate::intern::Prefix>, &str, String)],
) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.0 == Ns::None && a.2 == "is")
        .map(|a| a.3.as_str())
}

/// What `define` is given, besides the window and the name.
#[derive(Debug, Default)]
pub struct DefinitionInit<'a> {
    /// The `extends` option.
    pub extends: Option<&'a str>,
    /// The class's `observedAttributes`.
    pub observed: Vec<String>,
    /// The [`callbacks`] its prototype has.
    pub callbacks: u8,
}

impl Document {
    /// [`define(name, constructor, options)`](https://html.spec.whatwg.org/#dom-customelementregistry-define)
    /// in `window`'s registry, the DOM's steps: the name's checks, the
    /// definition, and an upgrade reaction for each element of the window's
    /// document that is a candidate (shadow-including tree order). The
    /// engine checks the constructor (and that no definition has it)
    /// before, and sets the running flag around reading its prototype
    /// ([`Document::custom_running`]). Returns the definition's id.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid name; `NotSupportedError` for a name
    /// already defined, `extends`, or while a definition is running.
    pub fn define_custom_element(
        &mut self,
        window: NodeId,
        name: &str,
        init: DefinitionInit<'_>,
    ) -> DomResult<u32> {
        self.check_custom_definition(window, name, false, init.extends)?;
        let sym = self.names.intern(name);
        let local = init.extends.map_or(sym, |e| self.names.intern(e));
        let is = (local != sym).then_some(sym);
        let observed = init.observed.iter().map(|a| self.names.intern(a)).collect();
        let id = self.custom.definitions.len() as u32;
        self.custom.definitions.push(Definition {
            name: sym,
            local,
            window: window.0,
            observed,
            callbacks: init.callbacks,
        });
        self.custom
            .by_window
            .entry(window.0)
            .or_default()
            .insert(sym, id);
        self.custom.any = true;
        // Upgrade candidates: the window's document's shadow-including
        // descendants with this name, undefined.
        let doc = self.document_of_window(window)?.0;
        for e in self.custom_elements_in(doc) {
            if self.custom_state(e) == Some(CeState::Undefined)
                && self
                    .element_name(e)
                    .is_some_and(|n| n.local == local && n.ns == Ns::Html)
                && self
                    .world
                    .get::<CustomElement>(e)
                    .is_some_and(|c| c.is == is)
            {
                self.enqueue_reaction(e, Reaction::Upgrade(id));
            }
        }
        Ok(id)
    }

    /// Steps 2-7 of `define`: the name is valid and not defined in
    /// `window`'s registry, the constructor is not (`taken`: the engine
    /// found it among the registry's), no `extends`, no definition running.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid name; `NotSupportedError` otherwise.
    pub fn check_custom_definition(
        &self,
        window: NodeId,
        name: &str,
        taken: bool,
        extends: Option<&str>,
    ) -> DomResult<()> {
        if !is_valid_custom_element_name(name) {
            return Err(DomError::Syntax(format!(
                "'{name}' is not a valid custom element name"
            )));
        }
        if self.custom_definition_named(window, name).is_some() {
            return Err(DomError::NotSupported(format!(
                "'{name}' is already defined in this registry"
            )));
        }
        if taken {
            return Err(DomError::NotSupported(
                "this constructor is already defined in this registry".into(),
            ));
        }
        if let Some(e) = extends {
            if is_valid_custom_element_name(e) {
                return Err(DomError::NotSupported(format!(
                    "'{e}' is a custom element name: only a built-in element can be extended"
                )));
            }
            if crate::html::html_interface_code(e) == 1 {
                return Err(DomError::NotSupported(format!(
                    "'{e}' is no HTML element (its interface would be HTMLUnknownElement)"
                )));
            }
        }
        if self.custom.running == Some(window.0) {
            return Err(DomError::NotSupported(
                "a custom element definition is running in this registry".into(),
            ));
        }
        Ok(())
    }

    /// Set or clear `window`'s "element definition is running" flag.
    pub fn custom_running(&mut self, window: NodeId, running: bool) {
        self.custom.running = running.then_some(window.0);
    }

    /// The id of the definition named `name` in `window`'s registry
    /// (`get`, `whenDefined`).
    pub fn custom_definition_named(&self, window: NodeId, name: &str) -> Option<u32> {
        let sym = self.names.get(name)?;
        self.by_window_defs(window.0)?.get(&sym).copied()
    }

    /// [`upgrade(root)`](https://html.spec.whatwg.org/#dom-customelementregistry-upgrade):
    /// try to upgrade each shadow-including inclusive descendant of `root`.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn upgrade_custom_elements(&mut self, root: NodeId) -> DomResult<()> {
        self.live(root)?;
        for e in self.custom_elements_in(root.0) {
            self.try_to_upgrade(e);
        }
        Ok(())
    }

    /// The definition id and state of element `node`, if it is custom.
    pub fn custom_element_of(&self, node: NodeId) -> Option<(CeState, Option<u32>)> {
        self.world
            .get::<CustomElement>(node.0)
            .map(|c| (c.state, c.definition))
    }

    /// The HTML fragment serialization's step for an element with an is
    /// value and no `is` attribute: ` is="value"`.
    pub(crate) fn push_is_value(&self, e: Entity, out: &mut String) {
        let Some(is) = self.world.get::<CustomElement>(e).and_then(|c| c.is) else {
            return;
        };
        let has_attr = self
            .attrs(e)
            .is_some_and(|a| a.get(self.names.known.is).is_some());
        if !has_attr {
            out.push_str(" is=\"");
            crate::serialize::escape_attr(out, self.names.resolve(is));
            out.push('"');
        }
    }

    /// Whether `node` is [defined](https://dom.spec.whatwg.org/#concept-element-defined)
    /// (`:defined`): uncustomized or custom.
    pub(crate) fn is_defined_element(&self, e: Entity) -> bool {
        self.n(e).flags & CUSTOM == 0
            || !matches!(
                self.custom_state(e),
                Some(CeState::Undefined | CeState::Failed)
            )
    }

    /// A new element for definition `id` made by its constructor with
    /// an empty construction stack (`[HTMLConstructor]` step 10): custom,
    /// in the definition's window's document.
    ///
    /// # Errors
    /// `TypeError` for an unknown definition.
    pub fn create_custom_element(&mut self, id: u32) -> DomResult<NodeId> {
        let (name, local, window) = self
            .custom
            .definitions
            .get(id as usize)
            .map(|d| (d.name, d.local, d.window))
            .ok_or_else(|| DomError::Type("no such custom element definition".into()))?;
        crate::memory::check_memory()?;
        let doc = self.document_of_window(NodeId(window))?.0;
        let local_name = self.names.resolve(local).to_owned();
        let is = (local != name).then(|| self.names.resolve(name).to_owned());
        let e = self.create_element_with_is(doc, &local_name, is.as_deref());
        if let Some(mut c) = self.world.get_mut::<CustomElement>(e.0) {
            c.state = CeState::Custom;
            c.definition = Some(id);
        }
        // (Made as an undefined element may have queued its upgrade.)
        if self.custom.reactions.forget(e.0) {
            self.unpin(e);
        }
        Ok(e)
    }

    fn by_window_defs(&self, window: Entity) -> Option<&FxHashMap<Symbol, u32>> {
        self.custom.by_window.get(&window)
    }

    pub(crate) fn custom_state(&self, e: Entity) -> Option<CeState> {
        self.world.get::<CustomElement>(e).map(|c| c.state)
    }

    /// [Look up a custom element definition](https://html.spec.whatwg.org/#look-up-a-custom-element-definition)
    /// for an HTML element named `local` in document `doc`: none for a
    /// document with no browsing context.
    fn look_up_definition(&self, doc: Entity, local: Symbol, is: Option<Symbol>) -> Option<u32> {
        let window = self.window_of_document(doc)?;
        let id = *self.by_window_defs(window)?.get(&is.unwrap_or(local))?;
        (self.custom.definitions[id as usize].local == local).then_some(id)
    }

    /// A definition's local name and whether it is a customized built-in
    /// element's (the HTML element constructor's checks).
    pub fn custom_definition_local_name(&self, id: u32) -> Option<(&str, bool)> {
        let d = self.custom.definitions.get(id as usize)?;
        Some((self.names.resolve(d.local), d.local != d.name))
    }

    /// `document.createElement(localName, { is })` in an HTML document
    /// `doc`, past the name's checks: the element, with its is value.
    pub(crate) fn create_element_with_is(
        &mut self,
        doc: Entity,
        local: &str,
        is: Option<&str>,
    ) -> NodeId {
        self.creating_is = is.map(|i| self.names.intern(i));
        let e = self.create_element_for(doc, Ns::Html, None, local, Vec::new());
        self.creating_is = None;
        e
    }

    /// Step of "create an element" for an HTML element `e` just made in
    /// `doc` whose local name is `local`: a valid custom element name
    /// makes it undefined, and with a definition its upgrade is enqueued
    /// (for `createElement` the upgrade runs before the call returns, as
    /// the synchronous construction would).
    pub(crate) fn custom_element_created(
        &mut self,
        e: Entity,
        doc: Entity,
        local: Symbol,
        is: Option<Symbol>,
    ) {
        if is.is_none() && !is_valid_custom_element_name(self.names.resolve(local)) {
            return;
        }
        self.world.entity_mut(e).insert(CustomElement {
            state: CeState::Undefined,
            definition: None,
            is,
        });
        self.n_mut(e).bypass_change_detection().flags |= CUSTOM;
        if self.custom.any
            && let Some(id) = self.look_up_definition(doc, local, is)
        {
            self.enqueue_reaction(e, Reaction::Upgrade(id));
        }
    }

    /// [Try to upgrade](https://html.spec.whatwg.org/#concept-try-upgrade) `e`.
    fn try_to_upgrade(&mut self, e: Entity) {
        if self.custom_state(e) != Some(CeState::Undefined) {
            return;
        }
        let Some(local) = self
            .element_name(e)
            .filter(|n| n.ns == Ns::Html)
            .map(|n| n.local)
        else {
            return;
        };
        let doc = self.node_document(e);
        let is = self.world.get::<CustomElement>(e).and_then(|c| c.is);
        if let Some(id) = self.look_up_definition(doc, local, is) {
            self.enqueue_reaction(e, Reaction::Upgrade(id));
        }
    }

    /// For the page's parser: whether an HTML element named `local` with
    /// these attributes (an `is` among them) has a definition in `doc`,
    /// so that it is made by "create an element for a token" with
    /// synchronous custom elements ([`Document::create_element_holding`]).
    pub(crate) fn parser_defines(
        &self,
        doc: Entity,
        local: &str,
        attrs: &[(Ns, Option<crate::intern::Prefix>, &str, String)],
    ) -> bool {
        let Some(local) = self.names.get(local) else {
            return false;
        };
        let is = is_attribute(attrs).map(|v| self.names.get(v));
        match is {
            Some(None) => false,
            Some(is) => self.look_up_definition(doc, local, is).is_some(),
            None => self.look_up_definition(doc, local, None).is_some(),
        }
    }

    /// Whether `e` is a `template` element or in a template's contents
    /// (the parser's intended parent for a new element is then inert).
    pub(crate) fn is_in_template_contents_or_template(&self, e: Entity) -> bool {
        let template = self.names.known.template;
        self.element_name(e)
            .is_some_and(|n| n.ns == Ns::Html && n.local == template)
            || self.in_template_contents(e)
    }

    /// Whether `e` is in a template's contents (an inert document's tree:
    /// no custom element definitions there).
    pub(crate) fn in_template_contents(&self, e: Entity) -> bool {
        self.n(self.root_of(e)).flags & crate::node::TEMPLATE_CONTENTS != 0
    }

    /// `e`'s custom element definition, if it has one.
    pub(crate) fn definition_of(&self, e: Entity) -> Option<u32> {
        self.world
            .get::<CustomElement>(e)
            .and_then(|c| c.definition)
    }

    /// What the page's parser makes for an element of a defined name: the
    /// element with no attributes yet and its upgrade queued; the
    /// attributes are appended once its constructor has run (upgrade's
    /// end), so the constructor sees none and each observed one gets its
    /// attributeChangedCallback, then connectedCallback, as a browser's
    /// synchronous construction has it (the parser pauses right after the
    /// tag for the host to run them).
    pub(crate) fn create_element_holding(
        &mut self,
        doc: Entity,
        local: &str,
        attrs: Vec<(Ns, Option<crate::intern::Prefix>, &str, String)>,
    ) -> NodeId {
        let is = is_attribute(&attrs).map(|v| self.names.intern(v));
        self.creating_is = is;
        let e = self.create_element_for(doc, Ns::Html, None, local, Vec::new());
        self.creating_is = None;
        let held = attrs
            .into_iter()
            .map(|(ns, prefix, name, value)| HeldAttribute {
                ns,
                prefix,
                local: self.names.intern(name),
                value,
            })
            .collect();
        self.custom.held.insert(e.0, held);
        e
    }

    /// Append the attributes held for `e` (upgrade's end), as the parser
    /// would have: each a change of the element's (records, reactions).
    fn append_held_attributes(&mut self, e: Entity) -> bool {
        let Some(held) = self.custom.held.remove(&e) else {
            return false;
        };
        for a in held {
            if self
                .attrs(e)
                .is_some_and(|list| list.position(a.ns, a.local).is_some())
            {
                continue;
            }
            self.observe_attribute(e, a.ns, a.local);
            if let Some(mut list) = self.world.get_mut::<crate::node::Attributes>(e) {
                list.list.push(crate::node::Attribute {
                    ns: a.ns,
                    prefix: a.prefix,
                    local: a.local,
                    value: compact_str::CompactString::from(a.value),
                });
            }
            if a.ns == Ns::None {
                self.after_attribute_change(e, a.local);
            }
        }
        true
    }

    /// The elements with the `CUSTOM` bit among `root` and its
    /// shadow-including descendants, in shadow-including tree order (a
    /// host's shadow tree before its children).
    pub(crate) fn custom_elements_in(&self, root: Entity) -> Vec<Entity> {
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(e) = stack.pop() {
            let n = self.n(e);
            if n.flags & CUSTOM != 0 {
                out.push(e);
            }
            let mut c = n.last_child;
            while let Some(x) = c {
                stack.push(x);
                c = self.n(x).prev_sibling;
            }
            if n.flags & crate::node::SHADOW_HOST != 0
                && let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e)
            {
                stack.push(h.0);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_custom_element_names() {
        for ok in [
            "x-a",
            "my-element",
            "a-",
            "x-\u{e9}l\u{e9}ment",
            "x-1.2_3",
            "x-\u{1F600}",
        ] {
            assert!(is_valid_custom_element_name(ok), "{ok}");
        }
        for bad in [
            "",
            "x",
            "X-a",
            "-x",
            "1-x",
            "x-A",
            "font-face",
            "annotation-xml",
            "x a-b",
            "x-\u{37E}",
        ] {
            assert!(!is_valid_custom_element_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_definition_upgrades_its_connected_candidates_and_queues_callbacks() {
        let mut d = Document::parse("<x-a id=one></x-a><x-b></x-b><div is=x-a></div>");
        let win = NodeId(d.window);
        let one = d.get_element_by_id("one").unwrap();
        assert_eq!(d.custom_element_of(one), Some((CeState::Undefined, None)));
        assert!(!d.is_defined_element(one.0));
        let init = DefinitionInit {
            observed: vec!["id".into()],
            callbacks: callbacks::CONNECTED | callbacks::ATTRIBUTE_CHANGED,
            ..Default::default()
        };
        let mark = d.reactions_enter_always();
        let def = d.define_custom_element(win, "x-a", init).unwrap();
        assert_eq!(d.reactions_leave(mark), vec![one]);
        assert_eq!(d.next_reaction(one), Some((Reaction::Upgrade(def), def)));
        assert!(d.custom_upgrade_begin(one, def));
        assert!(!d.custom_upgrade_begin(one, def), "upgraded once");
        d.custom_upgrade_end(one, true);
        assert!(d.is_defined_element(one.0));
        let changed = Reaction::AttributeChanged {
            name: "id".into(),
            old: None,
            new: Some("one".into()),
            namespace: None,
        };
        assert_eq!(d.next_reaction(one), Some((changed, def)));
        assert_eq!(d.next_reaction(one), Some((Reaction::Connected, def)));
        assert_eq!(d.next_reaction(one), None);
        // An attribute write and a removal, outside any engine call: the
        // backup element queue.
        d.set_attribute(one, "id", "two").unwrap();
        d.set_attribute(one, "title", "not observed").unwrap();
        d.remove(one).unwrap();
        assert_eq!(d.take_backup_reactions(), vec![one]);
        let changed = Reaction::AttributeChanged {
            name: "id".into(),
            old: Some("one".into()),
            new: Some("two".into()),
            namespace: None,
        };
        assert_eq!(d.next_reaction(one), Some((changed, def)));
        assert_eq!(d.next_reaction(one), None, "no disconnectedCallback");
        assert!(
            d.define_custom_element(win, "x-a", DefinitionInit::default())
                .is_err()
        );
        assert!(
            d.check_custom_definition(win, "x-c", false, Some("div"))
                .is_ok()
        );
        for extends in ["blink", "x-d"] {
            assert!(
                d.check_custom_definition(win, "x-c", false, Some(extends))
                    .is_err()
            );
        }
    }
}
