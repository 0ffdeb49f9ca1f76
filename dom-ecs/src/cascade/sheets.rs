//! A document's author style sheets: its `<style>` elements' text
//! (<https://html.spec.whatwg.org/#update-a-style-block>) and its
//! `<link rel=stylesheet>`s' loaded sheets
//! (<https://html.spec.whatwg.org/#link-type-stylesheet>), in tree order.
//! dom-ecs notes the links whose sheet is to be fetched; the host fetches
//! and hands the text over ([`Document::set_link_sheet`]).

use bevy_ecs::prelude::{Component, Entity};
use style::author_styles::AuthorStyles;
use style::media_queries::MediaList;
use style::servo_arc::Arc as StyloArc;
use style::shared_lock::{SharedRwLock, StylesheetGuards};
use style::stylesheets::{
    AllowImportRules, CssRuleType, DocumentStyleSheet, Origin, Stylesheet, UrlExtraData,
};

use super::{StyleEngine, stylo_quirks};
use crate::document::Document;
use crate::intern::Ns;
use crate::node::{Node, SHEET_LINK};
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

    /// The sheets of document `doc`'s tree and of each shadow tree in it,
    /// by the root of their tree, each list in tree order: each connected
    /// `<style>` (of type `text/css` when a `type` is given) and each style
    /// sheet `link` whose sheet was loaded, with their `media`.
    pub(super) fn style_sheet_sources(&self, doc: Entity) -> Vec<(Entity, Vec<SheetText>)> {
        let style = self.names.known.style;
        let type_ = self.names.get("type");
        let media = self.names.get("media");
        let mut found: Vec<(Entity, Entity)> = self
            .sheet_owners
            .iter()
            .copied()
            .filter(|&e| {
                let Some(n) = self.world.get::<Node>(e) else {
                    return false;
                };
                if !n.is_connected() || self.node_document(e) != doc {
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
            .map(|e| {
                let root = if self.n(e).flags & crate::node::IN_SHADOW != 0 {
                    self.root_of(e)
                } else {
                    doc
                };
                (root, e)
            })
            .collect();
        found.sort_by(|&(ra, a), &(rb, b)| {
            ra.cmp(&rb).then_with(|| {
                if self.precedes(a, b) {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                }
            })
        });
        let mut trees: Vec<(Entity, Vec<SheetText>)> = Vec::new();
        for (root, e) in found {
            let m = media
                .and_then(|m| self.attrs(e).and_then(|a| a.get(m)))
                .map(str::to_owned);
            let text = match self.world.get::<LinkSheet>(e) {
                Some(l) if self.n(e).flags & SHEET_LINK != 0 => SheetText {
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
            };
            match trees.last_mut() {
                Some((r, list)) if *r == root => list.push(text),
                _ => trees.push((root, vec![text])),
            }
        }
        trees
    }

    /// Parse the sheets of `sources`, keeping those `old` has of the same
    /// source.
    fn make_sheets(
        &self,
        lock: &SharedRwLock,
        old: &[SheetSource],
        sources: Vec<SheetText>,
        document_url: &UrlExtraData,
    ) -> Vec<SheetSource> {
        let quirks = stylo_quirks(self.quirks);
        sources
            .into_iter()
            .map(|text| {
                let sheet = match old.iter().find(|s| s.text == text) {
                    Some(s) => s.sheet.clone(),
                    None => {
                        let url = text
                            .url
                            .as_deref()
                            .and_then(|u| url::Url::parse(u).ok())
                            .map_or_else(
                                || document_url.clone(),
                                |u| UrlExtraData(StyloArc::new(u)),
                            );
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
                SheetSource { text, sheet }
            })
            .collect()
    }

    /// Bring the engine's sheets in step with the document's: the
    /// stylist's author sheets (the document tree's), and each shadow
    /// tree's own cascade data.
    pub(super) fn update_sheets(&self, engine: &mut StyleEngine, doc: Entity) {
        let document_url = self.style_url(doc);
        let mut trees = self.style_sheet_sources(doc);
        let own = match trees.iter().position(|(r, _)| *r == doc) {
            Some(i) => trees.remove(i).1,
            None => Vec::new(),
        };
        let lock = engine.lock.clone();
        let same = own.len() == engine.sheets.len()
            && own.iter().zip(&engine.sheets).all(|(a, b)| *a == b.text);
        if !same {
            let sheets = self.make_sheets(&lock, &engine.sheets, own, &document_url);
            let guard = lock.read();
            for old in engine.sheets.drain(..) {
                engine.stylist.remove_stylesheet(old.sheet, &guard);
            }
            for s in &sheets {
                engine.stylist.append_stylesheet(s.sheet.clone(), &guard);
            }
            engine.sheets = sheets;
            let ua_guard = super::ua_sheet().0.read();
            engine.stylist.flush(&StylesheetGuards {
                author: &guard,
                ua_or_user: &ua_guard,
            });
        }
        // Shadow trees: cascade data of their own, made again when their
        // sheets change.
        let mut shadows = std::mem::take(&mut engine.shadows);
        shadows.retain(|root, _| trees.iter().any(|(r, _)| r == root));
        for (root, list) in trees {
            if shadows.get(&root).is_some_and(|t| {
                t.sheets.len() == list.len()
                    && list.iter().zip(&t.sheets).all(|(a, b)| *a == b.text)
            }) {
                continue;
            }
            let old = shadows.remove(&root).map(|t| t.sheets).unwrap_or_default();
            let sheets = self.make_sheets(&lock, &old, list, &document_url);
            let guard = lock.read();
            let mut styles = AuthorStyles::new();
            for s in &sheets {
                styles
                    .stylesheets
                    .append_stylesheet(s.sheet.clone(), &guard);
            }
            styles.flush(&mut engine.stylist, &guard);
            shadows.insert(root, ShadowSheets { sheets, styles });
        }
        engine.shadows = shadows;
    }
}

/// A shadow tree's sheets and the cascade data made of them.
pub(crate) struct ShadowSheets {
    sheets: Vec<SheetSource>,
    pub(super) styles: AuthorStyles<DocumentStyleSheet>,
}

impl Document {}

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
