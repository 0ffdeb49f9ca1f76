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
use style::shared_lock::StylesheetGuards;
use style::stylesheets::{
    AllowImportRules, CssRuleType, DocumentStyleSheet, Origin, Stylesheet, UrlExtraData,
};

use super::{StyleEngine, stylo_quirks};
use crate::document::Document;
use crate::node::{Node, SHEET_LINK, SHEET_STYLE};
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

impl Document {
    /// Note a new `style` or `link` element (pruning the dead ones when
    /// the list has doubled since the last pruning, so it stays linear).
    pub(crate) fn note_sheet_owner(&mut self, e: Entity) {
        if self.sheet_owners.len() >= 64 && self.sheet_owners.len().is_power_of_two() {
            let world = &self.world;
            self.sheet_owners
                .retain(|&s| world.get::<Node>(s).is_some());
            self.owned_sheets
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .retain(|&s, _| world.get::<Node>(s).is_some());
        }
        self.sheet_owners.push(e);
    }

    /// Give processing instruction `e` its target: an `xml-stylesheet`
    /// one is a sheet owner (<https://drafts.csswg.org/cssom/#requirements-on-user-agents-implementing-the-xml-stylesheet-processing-instruction>).
    pub(crate) fn set_pi_target(&mut self, e: Entity, target: &str) {
        self.world
            .entity_mut(e)
            .insert(crate::node::PiTarget(target.into()));
        if target == "xml-stylesheet" {
            if let Some(mut n) = self.world.get_mut::<Node>(e) {
                n.flags |= SHEET_LINK;
            }
            self.note_sheet_owner(e);
        }
    }

    /// A `link` element was connected, or its `href` or `rel` changed:
    /// the host fetches its sheet after the call, if it names one.
    /// A `data:` URL's sheet is there at once (its text decoded now, as
    /// browsers do); the host still fires its `load`.
    pub(crate) fn note_sheet_link(&mut self, e: Entity) {
        let Some(href) = self.sheet_link_href(e) else {
            return;
        };
        if href
            .trim_start()
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
        {
            let url = self
                .base_uri_of(NodeId(e))
                .ok()
                .and_then(|b| url::Url::parse(&b).ok())
                .and_then(|b| b.join(&href).ok());
            if let Some(url) = url
                && let Some((_, body)) = crate::fetch::data_url::process(&url)
            {
                self.world.entity_mut(e).insert(LinkSheet {
                    url: url.as_str().to_owned(),
                    text: String::from_utf8_lossy(&body).into_owned(),
                });
                self.note_restyle();
            }
        }
        self.host_steps.push(e);
    }

    /// The `href` of `e` if it is a connected `link` of a document with a
    /// browsing context whose `rel` has the `stylesheet` keyword (and not
    /// `alternate`), with a non-empty `href`; or an `xml-stylesheet`
    /// processing instruction's.
    fn sheet_link_href(&self, e: Entity) -> Option<String> {
        let n = self.world.get::<Node>(e)?;
        if n.flags & SHEET_LINK == 0
            || !self.in_document_tree(e)
            || n.flags & crate::node::IN_SHADOW != 0
        {
            return None;
        }
        if !self.has_browsing_context(self.node_document(e)) {
            return None;
        }
        if n.kind == crate::node::NodeKind::ProcessingInstruction {
            return self.xml_stylesheet_href(e, n);
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
            .map(str::to_owned)
    }

    /// An `xml-stylesheet` processing instruction's `href`: one in the
    /// document's prolog (a child of the document before its document
    /// element) whose pseudo-attributes parse, with a `type` of
    /// `text/css`, not `alternate`, and a non-empty `href`.
    fn xml_stylesheet_href(&self, e: Entity, n: &Node) -> Option<String> {
        let parent = n.parent?;
        if self.n(parent).kind != crate::node::NodeKind::Document {
            return None;
        }
        let mut prev = n.prev_sibling;
        while let Some(p) = prev {
            if self.n(p).kind == crate::node::NodeKind::Element {
                return None;
            }
            prev = self.n(p).prev_sibling;
        }
        let data = self.world.get::<crate::node::CharacterData>(e)?;
        let pseudo = pseudo_attributes(&data.0)?;
        let get = |name: &str| pseudo.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        if !get("type").is_some_and(|t| t.eq_ignore_ascii_case("text/css"))
            || get("alternate").is_some_and(|a| a == "yes")
        {
            return None;
        }
        get("href").filter(|h| !h.trim().is_empty()).cloned()
    }

    /// The `href` the host is to fetch for `link` element `id`: none when
    /// it is no style sheet link of a connected element of a document with
    /// a browsing context.
    pub fn style_sheet_link(&self, id: NodeId) -> Option<String> {
        self.sheet_link_href(id.0)
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

    /// The source of owner `e`'s sheet as it is now, if it has one: a
    /// connected `<style>` (of type `text/css` when a `type` is given:
    /// "update a style block" steps 3-4), or a connected style sheet
    /// `link` whose sheet was loaded; with its `media`.
    pub(super) fn sheet_text(&self, e: Entity) -> Option<SheetText> {
        if !self.has_sheet_source(e) {
            return None;
        }
        let media = self
            .names
            .get("media")
            .and_then(|m| self.attrs(e).and_then(|a| a.get(m)))
            .map(str::to_owned);
        Some(match self.world.get::<LinkSheet>(e) {
            Some(l) if self.n(e).flags & SHEET_LINK != 0 => SheetText {
                element: e,
                text: l.text.clone(),
                media,
                url: Some(l.url.clone()),
            },
            _ => SheetText {
                element: e,
                text: self.child_texts(e).collect(),
                media,
                url: None,
            },
        })
    }

    /// Whether owner `e` has a sheet source now, without reading its text:
    /// connected, and a style sheet link whose sheet was loaded, or a
    /// `<style>` of type `text/css` or none.
    pub(super) fn has_sheet_source(&self, e: Entity) -> bool {
        let Some(n) = self.world.get::<Node>(e) else {
            return false;
        };
        if !self.in_document_tree(e) {
            return false;
        }
        if n.flags & SHEET_LINK != 0 {
            return self.world.get::<LinkSheet>(e).is_some() && self.sheet_link_href(e).is_some();
        }
        n.flags & SHEET_STYLE != 0
            && self.attrs(e).is_none_or(|a| {
                self.names
                    .get("type")
                    .and_then(|t| a.get(t))
                    .is_none_or(|t| t.is_empty() || t.eq_ignore_ascii_case("text/css"))
            })
    }

    /// Owner `e`'s associated CSS style sheet
    /// (<https://html.spec.whatwg.org/#update-a-style-block>): the one made
    /// before while its source is the same (with what CSSOM changed in
    /// it), else one parsed now; none when it has no source.
    pub(crate) fn associated_sheet(&self, e: Entity) -> Option<DocumentStyleSheet> {
        let mut owned = self
            .owned_sheets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(text) = self.sheet_text(e) else {
            owned.remove(&e);
            return None;
        };
        if let Some(o) = owned.get(&e)
            && o.source == text
        {
            return Some(o.sheet.clone());
        }
        let sheet = self.parse_sheet(&text);
        owned.insert(
            e,
            OwnedSheet {
                source: text,
                sheet: sheet.clone(),
            },
        );
        Some(sheet)
    }

    /// Forget owner `e`'s sheet (it was connected or disconnected: a new
    /// one is made when next asked, and the old one has no owner node).
    pub(crate) fn drop_sheet(&mut self, e: Entity) {
        let owned = self
            .owned_sheets
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !owned.is_empty() {
            owned.remove(&e);
        }
    }

    /// Parse a sheet of `text` (its `url()`s against its URL, a linked
    /// sheet's, else its document's).
    fn parse_sheet(&self, text: &SheetText) -> DocumentStyleSheet {
        let quirks = stylo_quirks(self.quirks);
        let url = text
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .map_or_else(
                || self.style_url(self.node_document(text.element)),
                |u| UrlExtraData(StyloArc::new(u)),
            );
        self.rendering.note_style_text(&text.text);
        let media_list = parse_media(text.media.as_deref(), &url, quirks);
        let lock = &self.css_lock;
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

    /// The sheet owners of document `doc`'s tree and of each shadow tree
    /// in it that have a sheet, by the root of their tree, each list in
    /// tree order (the document's "document or shadow root CSS style
    /// sheets").
    pub(crate) fn sheet_owners_by_root(&self, doc: Entity) -> Vec<(Entity, Vec<Entity>)> {
        let mut found: Vec<(Entity, Entity)> = self
            .sheet_owners
            .iter()
            .copied()
            .filter(|&e| {
                self.world
                    .get::<Node>(e)
                    .is_some_and(|n| n.flags & (SHEET_LINK | SHEET_STYLE) != 0)
                    && self.in_document_tree(e)
                    && self.node_document(e) == doc
                    && self.has_sheet_source(e)
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
        let mut trees: Vec<(Entity, Vec<Entity>)> = Vec::new();
        for (root, e) in found {
            match trees.last_mut() {
                Some((r, list)) if *r == root => list.push(e),
                _ => trees.push((root, vec![e])),
            }
        }
        trees
    }

    /// The sheets of document `doc`'s tree and of each shadow tree in it,
    /// by root, in tree order.
    fn style_sheets_by_root(&self, doc: Entity) -> Vec<(Entity, Vec<DocumentStyleSheet>)> {
        self.sheet_owners_by_root(doc)
            .into_iter()
            .map(|(root, owners)| {
                let sheets = owners
                    .into_iter()
                    .filter_map(|e| self.associated_sheet(e))
                    .collect();
                (root, sheets)
            })
            .collect()
    }

    /// Bring the engine's sheets in step with the document's: the
    /// stylist's author sheets (the document tree's), and each shadow
    /// tree's own cascade data. A CSSOM change (`Mutations::cssom`) makes
    /// both again.
    pub(super) fn update_sheets(&self, engine: &mut StyleEngine, doc: Entity) {
        let mut trees = self.style_sheets_by_root(doc);
        let own = match trees.iter().position(|(r, _)| *r == doc) {
            Some(i) => trees.remove(i).1,
            None => Vec::new(),
        };
        let edited = engine.cssom != self.mutations.cssom;
        engine.cssom = self.mutations.cssom;
        let lock = engine.lock.clone();
        if edited || !same_sheets(&own, &engine.sheets) {
            let guard = lock.read();
            for old in engine.sheets.drain(..) {
                engine.stylist.remove_stylesheet(old, &guard);
            }
            for s in &own {
                engine.stylist.append_stylesheet(s.clone(), &guard);
            }
            engine.sheets = own;
            if edited {
                engine
                    .stylist
                    .force_stylesheet_origins_dirty(style::stylesheets::OriginSet::ORIGIN_AUTHOR);
            }
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
            if !edited
                && shadows
                    .get(&root)
                    .is_some_and(|t| same_sheets(&list, &t.sheets))
            {
                continue;
            }
            let guard = lock.read();
            let mut styles = AuthorStyles::new();
            for s in &list {
                styles.stylesheets.append_stylesheet(s.clone(), &guard);
            }
            styles.flush(&mut engine.stylist, &guard);
            shadows.insert(
                root,
                ShadowSheets {
                    sheets: list,
                    styles,
                },
            );
        }
        engine.shadows = shadows;
    }
}

/// Whether two lists hold the same sheets (the same objects).
fn same_sheets(a: &[DocumentStyleSheet], b: &[DocumentStyleSheet]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| StyloArc::ptr_eq(&x.0, &y.0))
}

/// An owner's associated sheet and the source it was made of.
pub(crate) struct OwnedSheet {
    source: SheetText,
    pub(crate) sheet: DocumentStyleSheet,
}

/// A shadow tree's sheets and the cascade data made of them.
pub(crate) struct ShadowSheets {
    sheets: Vec<DocumentStyleSheet>,
    pub(super) styles: AuthorStyles<DocumentStyleSheet>,
}

/// The pseudo-attributes of an `xml-stylesheet` processing instruction's
/// data (<https://www.w3.org/TR/xml-stylesheet/#NT-PseudoAtt>): `name="value"`
/// or `name='value'` separated by white space, character references
/// (`&#65;`, `&#x41;`) and the predefined entities expanded in the values;
/// none when they do not parse.
pub(super) fn pseudo_attributes(data: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = data.trim_start_matches([' ', '\t', '\r', '\n']);
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let name = rest[..eq].trim_end_matches([' ', '\t', '\r', '\n']);
        if name.is_empty() || name.contains([' ', '\t', '\r', '\n']) {
            return None;
        }
        let after = rest[eq + 1..].trim_start_matches([' ', '\t', '\r', '\n']);
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let end = after[1..].find(quote)? + 1;
        out.push((name.to_owned(), expand_references(&after[1..end])?));
        let next = &after[end + 1..];
        let trimmed = next.trim_start_matches([' ', '\t', '\r', '\n']);
        if !trimmed.is_empty() && trimmed.len() == next.len() {
            return None;
        }
        rest = trimmed;
    }
    Some(out)
}

/// A pseudo-attribute value with its references expanded; none for a
/// `<` or a reference that is not one.
fn expand_references(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find(['&', '<']) {
        out.push_str(&rest[..i]);
        if rest[i..].starts_with('<') {
            return None;
        }
        let end = rest[i..].find(';')? + i;
        let name = &rest[i + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
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
