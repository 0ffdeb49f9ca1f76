//! The style engine: the CSS cascade over the DOM, by Stylo (the style
//! system of Servo and Firefox), for `getComputedStyle`
//! (<https://drafts.csswg.org/cssom/#dom-window-getcomputedstyle>).
//!
//! Each document with a browsing context gets a [`StyleEngine`] when a
//! style is first asked of it: a Stylist holding ecsdom's user-agent
//! style sheet (`ua.css`, the HTML Standard's rendering rules) and the
//! document's author sheets, the `<style>` and `<link rel=stylesheet>` sheets of its tree
//! order (`sheets.rs`), with each element's presentational hints
//! (`hints.rs`). Styles are resolved on demand, an element after its
//! ancestors (Stylo's `resolve_style`), and kept until anything they may
//! depend on changes: the document's `restyle` counter, which the tree,
//! attribute and character-data mutation paths bump.
//!
//! CSSOM's sheet objects (`cssom/sheet.rs`) are handles on the same
//! sheets. Not yet: `@import`ed sheets, alternate style sheets,
//! layout (a resolved value that needs one, such as a `width` of `auto`,
//! is the computed value). Transitions and animations: `animate.rs`.

mod animate;
mod computed;
mod element;
mod hints;
mod sheets;
mod web_animations;

pub use animate::AnimationEventTask;
pub(crate) use animate::RenderingState;
pub(crate) use sheets::{LinkSheet, OwnedSheet};
pub use web_animations::AnimationHandle;

use bevy_ecs::prelude::Entity;
use rustc_hash::FxHashMap;
use style::context::{
    RegisteredSpeculativePainter, RegisteredSpeculativePainters, SharedStyleContext, StyleContext,
    StyleSystemOptions, ThreadLocalStyleContext,
};
use style::data::ElementStyles;
use style::device::Device;
use style::device::servo::{FontMetricsProvider, MediaData};
use style::font_metrics::FontMetrics;
use style::media_queries::{MediaList, MediaType};
use style::properties::style_structs::Font;
use style::properties::{ComputedValues, PropertyDeclarationBlock, parse_style_attribute};
use style::queries::values::PrefersColorScheme;
use style::selector_parser::{PseudoElement, SnapshotMap};
use style::servo_arc::Arc as StyloArc;
use style::shared_lock::{Locked, SharedRwLock, StylesheetGuards};
use style::stylesheets::{
    AllowImportRules, CssRuleType, DocumentStyleSheet, Origin, Stylesheet, UrlExtraData,
};
use style::stylist::{RuleInclusion, Stylist};
use style::traversal::resolve_style;
use style::traversal_flags::TraversalFlags;
use style::values::AtomIdent;
use style::values::computed::font::GenericFontFamily;
use style::values::computed::{CSSPixelLength, Length};
use style::{Atom, LocalName, Namespace};

use crate::document::{Document, QuirksMode};
use crate::intern::{Names, Ns, Symbol};
use crate::node::NodeKind;

/// ecsdom's user-agent style sheet.
const UA_CSS: &str = include_str!("ua.css");

/// The user-agent sheet, parsed once per process, with a lock of its own
/// (every engine's stylist reads it through that lock's guard, and Stylo
/// keeps the cascade data of one set of user-agent sheets for them all).
pub(super) fn ua_sheet() -> &'static (SharedRwLock, DocumentStyleSheet) {
    static UA: std::sync::OnceLock<(SharedRwLock, DocumentStyleSheet)> = std::sync::OnceLock::new();
    UA.get_or_init(|| {
        // Selectors that browsers match and Stylo's Servo mode gates
        // (before any sheet is parsed, once per process).
        stylo_static_prefs::set_pref!("layout.css.has-selector.enabled", true);
        stylo_static_prefs::set_pref!("layout.css.nth-child-of.enabled", true);
        let lock = SharedRwLock::new();
        let url = UrlExtraData(StyloArc::new(
            url::Url::parse("about:blank").expect("about:blank parses"),
        ));
        let sheet = Stylesheet::from_str(
            UA_CSS,
            url,
            Origin::UserAgent,
            StyloArc::new(lock.wrap(MediaList::empty())),
            lock.clone(),
            None,
            None,
            selectors::matching::QuirksMode::NoQuirks,
            AllowImportRules::No,
        );
        (lock, DocumentStyleSheet(StyloArc::new(sheet)))
    })
}

/// Stylo's quirks mode of a document's.
pub(crate) fn stylo_quirks(q: QuirksMode) -> selectors::matching::QuirksMode {
    match q {
        QuirksMode::Quirks => selectors::matching::QuirksMode::Quirks,
        QuirksMode::LimitedQuirks => selectors::matching::QuirksMode::LimitedQuirks,
        QuirksMode::NoQuirks => selectors::matching::QuirksMode::NoQuirks,
    }
}

/// The document's number of namespace `url` (as Stylo's atom), if it has
/// one.
pub(crate) fn ns_of(doc: &Document, url: &Namespace) -> Option<Ns> {
    let url: &str = url;
    if url.is_empty() {
        return Some(Ns::None);
    }
    Ns::from_url(url).or_else(|| doc.names.find_namespace(url))
}

/// Stylo's atoms of a document's interned names, by symbol index (local
/// names, ids and classes), and of its namespaces, by number: what
/// `TElement` hands out by reference.
#[derive(Default)]
pub(crate) struct Atoms {
    idents: Vec<AtomIdent>,
    locals: Vec<LocalName>,
    namespaces: Vec<Namespace>,
}

impl Atoms {
    /// Atoms for the names interned since the last call.
    fn update(&mut self, names: &Names) {
        for i in self.locals.len()..names.len() {
            let text = <Symbol as string_interner::Symbol>::try_from_usize(i)
                .map_or("", |s| names.resolve(s));
            self.locals.push(LocalName::from(text));
            self.idents.push(AtomIdent::new(Atom::from(text)));
        }
        for ns in names.all_namespaces().skip(self.namespaces.len()) {
            self.namespaces.push(Namespace::from(names.ns_url(ns)));
        }
    }
}

/// Font metrics without fonts: Stylo's fallbacks (`ex` is half an `em`),
/// and the generic families' sizes of browsers' defaults.
#[derive(Debug)]
struct NoFonts;

impl FontMetricsProvider for NoFonts {
    fn query_font_metrics(
        &self,
        _vertical: bool,
        _font: &Font,
        _base_size: CSSPixelLength,
        _flags: style::values::computed::font::QueryFontMetricsFlags,
    ) -> FontMetrics {
        FontMetrics::default()
    }

    fn base_size_for_generic(&self, generic: GenericFontFamily) -> Length {
        match generic {
            GenericFontFamily::Monospace => Length::new(13.0),
            _ => Length::new(16.0),
        }
    }
}

/// Stylo's layout thread state, entered for a resolution and left when
/// dropped.
struct LayoutState(bool);

impl LayoutState {
    fn enter() -> Self {
        use style::thread_state::{self, ThreadState};
        let entered = !thread_state::get().contains(ThreadState::LAYOUT);
        if entered {
            thread_state::enter(ThreadState::LAYOUT);
        }
        LayoutState(entered)
    }
}

impl Drop for LayoutState {
    fn drop(&mut self) {
        if self.0 {
            style::thread_state::exit(style::thread_state::ThreadState::LAYOUT);
        }
    }
}

/// No CSS Paint API.
struct NoPainters;

impl RegisteredSpeculativePainters for NoPainters {
    fn get(&self, _name: &Atom) -> Option<&dyn RegisteredSpeculativePainter> {
        None
    }
}

/// A document's styles: the stylist with its sheets, and what was
/// resolved since the last change.
pub(crate) struct StyleEngine {
    lock: SharedRwLock,
    stylist: Stylist,
    atoms: Atoms,
    /// The document tree's sheets the stylist has.
    sheets: Vec<DocumentStyleSheet>,
    /// The document's `Mutations::cssom` count the sheets are valid for.
    cssom: u64,
    /// Each shadow tree's sheets and cascade data, by shadow root.
    shadows: FxHashMap<Entity, sheets::ShadowSheets>,
    /// The parsed `style` attributes of the elements resolved so far.
    inline: FxHashMap<Entity, StyloArc<Locked<PropertyDeclarationBlock>>>,
    /// Each asked element's styles (its pseudo-elements' too).
    resolved: FxHashMap<Entity, ElementStyles>,
    /// Ancestors' primary styles resolved on the way.
    ancestors: style::traversal::UndisplayedStyleCache,
    /// The document's `restyle` count these are valid for.
    epoch: Option<u64>,
    /// The running transitions and animations, by element.
    animations: style::animation::DocumentAnimationSet,
    /// Each element's styles when last resolved: its before-change style
    /// at the next resolution.
    pub(super) previous: FxHashMap<Entity, ElementStyles>,
}

#[allow(
    unsafe_code,
    reason = "the font metrics provider is NoFonts; see SAFETY"
)]
// SAFETY: every field is `Send` but the stylist's device's font metrics
// provider, a `Box<dyn FontMetricsProvider>` (which Stylo bounds by
// `Sync` only); the one this engine boxes is `NoFonts`, a unit struct,
// which is `Send`.
unsafe impl Send for StyleEngine {}

impl StyleEngine {
    fn new(quirks: QuirksMode, lock: SharedRwLock) -> Self {
        let quirks = stylo_quirks(quirks);
        let media = MediaData {
            media_type: MediaType::screen(),
            viewport_size: euclid::Size2D::new(800.0, 600.0),
            device_size: euclid::Size2D::new(800.0, 600.0),
            device_pixel_ratio: euclid::Scale::new(1.0),
            quirks_mode: quirks,
            prefers_color_scheme: PrefersColorScheme::Light,
            primary_pointer_capabilities: Default::default(),
            all_pointer_capabilities: Default::default(),
        };
        let device = Device::new(
            ComputedValues::initial_values_with_font_override(Font::initial_values()),
            Box::new(NoFonts),
            media,
        );
        let mut stylist = Stylist::new(device, quirks);
        {
            let (ua_lock, ua) = ua_sheet();
            let ua_guard = ua_lock.read();
            let guard = lock.read();
            stylist.append_stylesheet(ua.clone(), &ua_guard);
            stylist.flush(&StylesheetGuards {
                author: &guard,
                ua_or_user: &ua_guard,
            });
        }
        StyleEngine {
            lock,
            stylist,
            atoms: Atoms::default(),
            sheets: Vec::new(),
            cssom: 0,
            shadows: FxHashMap::default(),
            inline: FxHashMap::default(),
            resolved: FxHashMap::default(),
            ancestors: Default::default(),
            epoch: None,
            animations: Default::default(),
            previous: FxHashMap::default(),
        }
    }
}

/// Which styles `getComputedStyle` reads: an element's own, or one of
/// its pseudo-elements'.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StyleTarget {
    /// The element's own style.
    Element,
    /// `::before`.
    Before,
    /// `::after`.
    After,
    /// `::marker`.
    Marker,
}

impl StyleTarget {
    /// `getComputedStyle`'s pseudo-element argument
    /// (<https://drafts.csswg.org/cssom/#dom-window-getcomputedstyle> step
    /// 4): none or "" is the element; a name that starts with `:` is
    /// parsed as a pseudo-element (`:before` and `:after` in their legacy
    /// single-colon forms too); `None` for one ecsdom does not style (or
    /// that does not parse), whose declarations are empty. Anything else
    /// is the element, as browsers do.
    pub fn parse(pseudo: Option<&str>) -> Option<StyleTarget> {
        let Some(p) = pseudo.filter(|p| !p.is_empty()) else {
            return Some(StyleTarget::Element);
        };
        if !p.starts_with(':') {
            return Some(StyleTarget::Element);
        }
        match p.to_ascii_lowercase().as_str() {
            "::before" | ":before" => Some(StyleTarget::Before),
            "::after" | ":after" => Some(StyleTarget::After),
            "::marker" => Some(StyleTarget::Marker),
            _ => None,
        }
    }

    fn pseudo(self) -> Option<PseudoElement> {
        match self {
            StyleTarget::Element => None,
            StyleTarget::Before => Some(PseudoElement::Before),
            StyleTarget::After => Some(PseudoElement::After),
            StyleTarget::Marker => Some(PseudoElement::Marker),
        }
    }
}

impl Document {
    /// Note a change a computed style may depend on.
    #[inline]
    pub(crate) fn note_restyle(&mut self) {
        self.mutations.restyle = self.mutations.restyle.wrapping_add(1);
    }

    /// The computed style of `element` (or of its pseudo-element), when
    /// it has one: a connected element of a document with a browsing
    /// context (CSSOM: any other's declarations are empty).
    pub(crate) fn computed_values(
        &self,
        element: Entity,
        target: StyleTarget,
    ) -> Option<StyloArc<ComputedValues>> {
        let node = self.world.get::<crate::node::Node>(element)?;
        if node.kind != NodeKind::Element || !self.in_document_tree(element) {
            return None;
        }
        let doc = self.node_document(element);
        self.window_of_document(doc)?;
        let mut engines = self
            .style_engines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let engine = engines
            .entry(doc)
            .or_insert_with(|| Box::new(StyleEngine::new(self.quirks, self.css_lock.clone())));
        self.flush_styles(engine, doc);
        // (Names interned since, with no change to the tree: their atoms
        // too, so every name a resolution meets has one.)
        engine.atoms.update(&self.names);
        let styles = self.resolve_styles(engine, element);
        match target.pseudo() {
            None => styles.primary.clone(),
            Some(p) => styles.pseudos.get(&p).cloned(),
        }
    }

    /// Bring document `doc`'s engine up to date: its atoms, its author
    /// sheets, and nothing resolved before the last change.
    fn flush_styles(&self, engine: &mut StyleEngine, doc: Entity) {
        let epoch = self.mutations.restyle;
        if engine.epoch == Some(epoch) {
            return;
        }
        engine.atoms.update(&self.names);
        engine.inline.clear();
        engine.resolved.clear();
        engine.ancestors.clear();
        self.update_sheets(engine, doc);
        engine.epoch = Some(epoch);
    }

    /// The URL `url()`s of document `doc`'s sheets resolve against.
    pub(super) fn style_url(&self, doc: Entity) -> UrlExtraData {
        let url = self
            .url_of(crate::NodeId(doc))
            .ok()
            .and_then(|u| url::Url::parse(u).ok())
            .unwrap_or_else(|| url::Url::parse("about:blank").expect("about:blank parses"));
        UrlExtraData(StyloArc::new(url))
    }

    /// `element`'s styles (and those of the ancestors on the way), from
    /// the engine's caches or resolved now.
    fn resolve_styles<'e>(
        &self,
        engine: &'e mut StyleEngine,
        element: Entity,
    ) -> &'e ElementStyles {
        if !engine.resolved.contains_key(&element) {
            // The style attributes of the element and its ancestors, parsed
            // once per change.
            let url = self.style_url(self.node_document(element));
            let quirks = stylo_quirks(self.quirks);
            let style_attr = self.names.known.style;
            let mut cur = Some(element);
            while let Some(e) = cur {
                if !engine.inline.contains_key(&e)
                    && let Some(text) = self.attrs(e).and_then(|a| a.get(style_attr))
                {
                    let block = parse_style_attribute(
                        &crate::dom_string::to_usv(text),
                        &url,
                        None,
                        quirks,
                        CssRuleType::Style,
                    );
                    engine
                        .inline
                        .insert(e, StyloArc::new(engine.lock.wrap(block)));
                }
                cur = self.flat_tree_parent_element(e);
            }
            let StyleEngine {
                lock,
                stylist,
                atoms,
                inline,
                ancestors,
                resolved,
                shadows,
                animations,
                previous,
                ..
            } = engine;
            // (Before the contexts, which borrow the views.)
            let arena = bumpalo::Bump::new();
            let views = std::cell::RefCell::new(FxHashMap::default());
            let cx = element::Ctx {
                doc: self,
                atoms,
                lock,
                inline,
                shadows,
                arena: &arena,
                views: &views,
            };
            let guard = lock.read();
            let ua_guard = ua_sheet().0.read();
            let guards = StylesheetGuards {
                author: &guard,
                ua_or_user: &ua_guard,
            };
            let snapshots = SnapshotMap::new();
            let shared = SharedStyleContext {
                stylist,
                visited_styles_enabled: false,
                options: StyleSystemOptions::default(),
                guards,
                current_time_for_animations: self.now_ms() / 1000.0,
                traversal_flags: TraversalFlags::empty(),
                snapshot_map: &snapshots,
                animations: animations.clone(),
                registered_speculative_painters: &NoPainters,
            };
            // (Stylo checks that styles are resolved in its layout state.)
            let _layout = LayoutState::enter();
            let mut local = ThreadLocalStyleContext::new();
            let mut context = StyleContext {
                shared: &shared,
                thread_local: &mut local,
            };
            let node = cx.node(element);
            let styles = resolve_style(
                &mut context,
                node,
                RuleInclusion::All,
                None,
                Some(ancestors),
            );
            // Transitions and animations start, move or end with the
            // change from the before-change style (Stylo's servo path).
            let styles = match styles.primary.clone() {
                Some(primary) => {
                    let mut data = style::data::ElementData {
                        styles: previous.remove(&element).unwrap_or_default(),
                        ..Default::default()
                    };
                    let new = style::style_resolver::ResolvedElementStyles {
                        primary: style::style_resolver::PrimaryStyle {
                            style: style::style_resolver::ResolvedStyle(primary),
                            reused_via_rule_node: false,
                        },
                        pseudos: styles.pseudos.clone(),
                    };
                    let _ = style::matching::MatchMethods::finish_restyle(
                        &node,
                        &mut context,
                        &mut data,
                        new,
                        false,
                    );
                    data.styles
                }
                None => styles,
            };
            previous.insert(element, styles.clone());
            resolved.insert(element, styles);
        }
        &engine.resolved[&element]
    }

    /// The parent of `e` in the flat tree, if it is an element (a slotted
    /// node's slot, a shadow root's child's host).
    pub(crate) fn flat_tree_parent_element(&self, e: Entity) -> Option<Entity> {
        if let Some(slot) = self.assigned_slot_of(e) {
            return Some(slot);
        }
        let p = self.n(e).parent?;
        if self.n(p).flags & crate::node::SHADOW_ROOT != 0 {
            return self.host_of_root(p);
        }
        (self.n(p).kind == NodeKind::Element).then_some(p)
    }
}

#[cfg(test)]
mod tests;
