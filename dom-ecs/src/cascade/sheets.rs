//! A document's author style sheets: its `<style>` elements' text
//! (<https://html.spec.whatwg.org/#update-a-style-block>) and its
//! `<link rel=stylesheet>`s' loaded sheets
//! (<https://html.spec.whatwg.org/#link-type-stylesheet>), in tree order.
//! dom-ecs notes the links whose sheet is to be fetched; the host fetches
//! and hands the text over ([`Document::set_link_sheet`]).

use bevy_ecs::prelude::{Component, Entity};
use style::media_queries::MediaList;
use style::servo_arc::Arc as StyloArc;
use style::shared_lock::StylesheetGuards;
use style::stylesheets::{
    AllowImportRules, CssRuleType, DocumentStyleSheet, Origin, Stylesheet, UrlExtraData,
};

use super::{StyleEngine, stylo_quirks};
use crate::document::Document;
use crate::intern::Ns;
use crate::node::{Node, NodeKind, SHEET_LINK};
use crate::{DomResult, NodeId};

/// A `link` element's loaded style sheet: the URL it came from (its
/// `url()`s' base) and its text.
#[derive(Component, Clone, Debug)]
pub(crate) struct LinkSheet {
    url: String,
    text: String,
}

/// One sheet's source as the cascade reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SheetText {
    element: Entity,
    text: String,
    media: Option<String>,
    /// A linked sheet's URL (a `<style>`'s is its document's).
    url: Option<String>,
}

/// One sheet as the stylist has it.
pub(super) struct SheetSource {
    pub(super) text: SheetText,
    sheet: DocumentStyleSheet,
}

impl Document {
    /// Note a new `style` or `link` element (pruning the dead ones when
    /// the list has doubled since the last pruning, so it stays linear).
    pub(crate) fn note_sheet_owner(&mut self, e: Entity) {
        if self.sheet_owners.len() >= 64 && self.sheet_owners.len().is_power_of_two() {
            let world = &self.world;
            self.sheet_owners
                .retain(|&s| world.get::<Node>(s).is_some());
        }
        self.sheet_owners.push(e);
    }

    /// A `link` element was connected, or its `href` or `rel` changed:
    /// the host fetches its sheet after the call, if it names one.
    pub(crate) fn note_sheet_link(&mut self, e: Entity) {
        if self.sheet_link_href(e).is_some() {
            self.host_steps.push(e);
        }
    }

    /// The `href` of `e` if it is a connected `link` of a document with a
    /// browsing context whose `rel` has the `stylesheet` keyword (and not
    /// `alternate`), with a non-empty `href`.
    fn sheet_link_href(&self, e: Entity) -> Option<&str> {
        let n = self.world.get::<Node>(e)?;
        if n.flags & SHEET_LINK == 0 || !n.is_connected() || n.flags & crate::node::IN_SHADOW != 0 {
            return None;
        }
        if !self.has_browsing_context(self.node_document(e)) {
            return None;
        }
        let attrs = self.attrs(e)?;
        let rel = attrs.get(self.names.get("rel")?)?;
        let has = |k: &str| {
            rel.split(['\t', '\n', '\x0c', '\r', ' '])
                .any(|t| t.eq_ignore_ascii_case(k))
        };
        if !has("stylesheet") || has("alternate") {
            return None;
        }
        attrs
            .get(self.names.known.href)
            .filter(|h| !h.trim().is_empty())
    }

    /// The `href` the host is to fetch for `link` element `id`: none when
    /// it is no style sheet link of a connected element of a document with
    /// a browsing context.
    pub fn style_sheet_link(&self, id: NodeId) -> Option<String> {
        self.sheet_link_href(id.0).map(str::to_owned)
    }

    /// The host fetched `link` element `id`'s sheet from `url`: its text
    /// (decoded) applies from now on, in the link's place in tree order.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn set_link_sheet(&mut self, id: NodeId, url: &str, text: &str) -> DomResult<()> {
        self.live(id)?;
        self.world.entity_mut(id.0).insert(LinkSheet {
            url: url.to_owned(),
            text: text.to_owned(),
        });
        self.note_restyle();
        Ok(())
    }

    /// The sheets that apply to document `doc`, in tree order: each
    /// connected `<style>` (of type `text/css` when a `type` is given)
    /// and each style sheet `link` whose sheet was loaded, outside shadow
    /// trees, with their `media`.
    pub(super) fn style_sheet_sources(&self, doc: Entity) -> Vec<SheetText> {
        let style = self.names.known.style;
        let type_ = self.names.get("type");
        let media = self.names.get("media");
        let mut found: Vec<Entity> = self
            .sheet_owners
            .iter()
            .copied()
            .filter(|&e| {
                let Some(n) = self.world.get::<Node>(e) else {
                    return false;
                };
                if !n.is_connected()
                    || n.flags & crate::node::IN_SHADOW != 0
                    || self.node_document(e) != doc
                {
                    return false;
                }
                if n.flags & SHEET_LINK != 0 {
                    return self.sheet_link_href(e).is_some()
                        && self.world.get::<LinkSheet>(e).is_some();
                }
                self.element_name(e).is_some_and(|name| {
                    name.local == style && matches!(name.ns, Ns::Html | Ns::Svg)
                }) && self.attrs(e).is_none_or(|a| {
                    type_
                        .and_then(|t| a.get(t))
                        .is_none_or(|t| t.is_empty() || t.eq_ignore_ascii_case("text/css"))
                })
            })
            .collect();
        found.sort_by(|&a, &b| {
            if self.precedes(a, b) {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }
        });
        found
            .into_iter()
            .map(|e| {
                let m = media
                    .and_then(|m| self.attrs(e).and_then(|a| a.get(m)))
                    .map(str::to_owned);
                match self.world.get::<LinkSheet>(e) {
                    Some(l) if self.n(e).kind == NodeKind::Element => SheetText {
                        element: e,
                        text: l.text.clone(),
                        media: m,
                        url: Some(l.url.clone()),
                    },
                    _ => SheetText {
                        element: e,
                        text: self.child_texts(e).collect(),
                        media: m,
                        url: None,
                    },
                }
            })
            .collect()
    }

    /// Give the engine's stylist these author sheets in place of its own
    /// (a sheet of the same source is kept, not parsed again).
    pub(super) fn replace_sheets(
        &self,
        engine: &mut StyleEngine,
        sources: Vec<SheetText>,
        document_url: &UrlExtraData,
    ) {
        let quirks = stylo_quirks(self.quirks);
        let lock = engine.lock.clone();
        let mut sheets = Vec::with_capacity(sources.len());
        for text in sources {
            let kept = engine.sheets.iter().position(|s| s.text == text);
            let sheet = match kept {
                Some(i) => engine.sheets[i].sheet.clone(),
                None => {
                    let url = text
                        .url
                        .as_deref()
                        .and_then(|u| url::Url::parse(u).ok())
                        .map_or_else(|| document_url.clone(), |u| UrlExtraData(StyloArc::new(u)));
                    let media_list = parse_media(text.media.as_deref(), &url, quirks);
                    DocumentStyleSheet(StyloArc::new(Stylesheet::from_str(
                        &crate::dom_string::to_usv(&text.text),
                        url,
                        Origin::Author,
                        StyloArc::new(lock.wrap(media_list)),
                        lock.clone(),
                        None,
                        None,
                        quirks,
                        AllowImportRules::Yes,
                    )))
                }
            };
            sheets.push(SheetSource { text, sheet });
        }
        let guard = lock.read();
        for old in engine.sheets.drain(..) {
            engine.stylist.remove_stylesheet(old.sheet, &guard);
        }
        for s in &sheets {
            engine.stylist.append_stylesheet(s.sheet.clone(), &guard);
        }
        engine.sheets = sheets;
        let guards = StylesheetGuards::same(&guard);
        engine.stylist.flush(&guards);
    }
}

/// A sheet's `media` as a media query list (none: all media).
fn parse_media(
    media: Option<&str>,
    url: &UrlExtraData,
    quirks: selectors::matching::QuirksMode,
) -> MediaList {
    let Some(text) = media.filter(|m| !m.trim().is_empty()) else {
        return MediaList::empty();
    };
    let mut context = style::parser::ParserContext::new(
        Origin::Author,
        url,
        Some(CssRuleType::Media),
        style_traits::ParsingMode::DEFAULT,
        quirks,
        Default::default(),
        None,
        None,
        Default::default(),
    );
    MediaList::parse(&mut context, &mut cssparser::Parser::new(text))
}
