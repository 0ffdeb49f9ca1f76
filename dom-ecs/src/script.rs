//! The DOM side of `<script>` elements: which script elements a mutation
//! asks to prepare, and the steps of
//! [prepare the script element](https://html.spec.whatwg.org/#prepare-the-script-element)
//! that decide whether one runs and as what. Fetching and running are the
//! host's (dom-ecs runs no script).
//!
//! A script element carries the [`SCRIPT`] flag bit, so the insertion
//! walk, the children changed steps and the `src` attribute hook each
//! test one bit. The page's parser marks the scripts it makes
//! parser-inserted and prepares them itself at their end tags
//! ([`Document::prepare_parser_script`]); the other parses (fragments,
//! `DOMParser`, a plain `Document::parse`) mark theirs already started, so
//! they never run.

use bevy_ecs::component::Component;
use bevy_ecs::entity::Entity;

use crate::document::Document;
use crate::error::DomResult;
use crate::node::{IN_SHADOW, Node, NodeId, NodeKind, SCRIPT};

/// On a script element whose "already started" flag is set.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct AlreadyStarted;

/// On a script element the page's parser made and has not prepared yet
/// (its "parser document" is set): no mutation prepares it.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct ParserInserted;

/// On a document node while one of its scripts runs: the element
/// (`document.currentScript`).
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct CurrentScript(Entity);

impl Document {
    /// `document.currentScript`
    /// (<https://html.spec.whatwg.org/#dom-document-currentscript>): the
    /// script element whose script runs now, none between scripts.
    ///
    /// # Errors
    /// A `TypeError` for a node that is no document; `StaleNode`.
    pub fn current_script(&self, doc: NodeId) -> DomResult<Option<NodeId>> {
        let d = self.a_document_node(doc)?;
        Ok(self
            .world
            .get::<CurrentScript>(d)
            .map(|c| NodeId(c.0))
            .filter(|s| self.node_type(*s).is_ok()))
    }

    /// The host runs the script of element `script`: it is its node
    /// document's `currentScript` (a module's, or one in a shadow tree, is
    /// not: null, as the spec says) until [`Document::leave_script`] with
    /// what this returns (the document, and its script before).
    pub fn enter_script(&mut self, script: NodeId, ty: ScriptType) -> ScriptEntry {
        let Some(node) = self.world.get::<Node>(script.0) else {
            return ScriptEntry(None);
        };
        let in_shadow = node.flags & IN_SHADOW != 0;
        let doc = self.node_document(script.0);
        let previous = self.world.get::<CurrentScript>(doc).map(|c| c.0);
        let mut d = self.world.entity_mut(doc);
        if ty == ScriptType::Module || in_shadow {
            d.remove::<CurrentScript>();
        } else {
            d.insert(CurrentScript(script.0));
        }
        ScriptEntry(Some((doc, previous)))
    }

    /// The script is done: its document's `currentScript` is what it was
    /// before (the script that ran it, when one inserted it).
    pub fn leave_script(&mut self, entry: ScriptEntry) {
        let Some((doc, previous)) = entry.0 else {
            return;
        };
        let Ok(mut d) = self.world.get_entity_mut(doc) else {
            return;
        };
        match previous {
            Some(p) => {
                d.insert(CurrentScript(p));
            }
            None => {
                d.remove::<CurrentScript>();
            }
        }
    }
}

/// What [`Document::enter_script`] changed, for
/// [`Document::leave_script`] to undo.
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct ScriptEntry(Option<(Entity, Option<Entity>)>);

/// A script's type (<https://html.spec.whatwg.org/#concept-script-type>),
/// with ecsdom's Python scripts beside the spec's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptType {
    /// A classic JavaScript script.
    Classic,
    /// A JavaScript module (`type="module"`).
    Module,
    /// An import map (`type="importmap"`).
    ImportMap,
    /// Python (`type="text/python"`, `"py"` or `"python"`): ecsdom's own.
    Python,
}

/// The JavaScript MIME type essences
/// (<https://mimesniff.spec.whatwg.org/#javascript-mime-type>).
const JS_MIME_TYPES: [&str; 16] = [
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
];

impl ScriptType {
    /// The type of a script with these `type` and `language` attributes
    /// (step 8 of prepare the script element); None for a data block.
    pub fn of(type_attr: Option<&str>, language: Option<&str>) -> Option<ScriptType> {
        let owned;
        let block = match (type_attr, language) {
            (Some(""), _) | (None, Some("")) | (None, None) => "text/javascript",
            (Some(t), _) => t,
            (None, Some(l)) => {
                owned = format!("text/{l}");
                &owned
            }
        };
        let block = block.trim_matches(|c: char| c.is_ascii_whitespace());
        let is = |s: &str| block.eq_ignore_ascii_case(s);
        if JS_MIME_TYPES.iter().any(|t| is(t)) {
            Some(ScriptType::Classic)
        } else if is("module") {
            Some(ScriptType::Module)
        } else if is("importmap") {
            Some(ScriptType::ImportMap)
        } else if is("text/python") || is("py") || is("python") {
            Some(ScriptType::Python)
        } else {
            None
        }
    }
}

impl Document {
    /// Whether `e` is a script element (HTML or SVG `script`), by its bit.
    #[inline]
    pub(crate) fn is_script(&self, e: Entity) -> bool {
        self.n(e).flags & SCRIPT != 0
    }

    /// Mark a script element a parser made (the parser knows it by its
    /// name): parser-inserted when the page's parser made it (`page`),
    /// else already started.
    pub(crate) fn mark_parsed_script(&mut self, e: Entity, page: bool) {
        if page {
            self.world.entity_mut(e).insert(ParserInserted);
        } else {
            self.world.entity_mut(e).insert(AlreadyStarted);
        }
    }

    /// Clear the already started flag of every script element in the
    /// subtree of `root` (`createContextualFragment`'s "unmark").
    pub(crate) fn unmark_scripts(&mut self, root: Entity) {
        let scripts: Vec<Entity> = std::iter::once(root)
            .chain(self.descendants_of(root))
            .filter(|&e| self.is_script(e))
            .collect();
        for e in scripts {
            self.world.entity_mut(e).remove::<AlreadyStarted>();
        }
    }

    /// A script element `e` that a mutation concerns (it became connected,
    /// its children changed, it got a `src`): the host prepares it after
    /// the call. Only connected ones that have not started are noted.
    #[inline]
    pub(crate) fn note_script(&mut self, e: Entity) {
        if self.n(e).is_connected() && !self.marked(e) {
            self.host_steps.push(e);
        }
    }

    /// Whether `e` is already started or parser-inserted.
    fn marked(&self, e: Entity) -> bool {
        let r = self.world.entity(e);
        r.contains::<AlreadyStarted>() || r.contains::<ParserInserted>()
    }

    /// Whether a mutation noted elements the host acts on: script elements
    /// to prepare, iframes to load (`frames.rs`).
    #[inline]
    pub fn has_host_steps(&self) -> bool {
        !self.host_steps.is_empty()
    }

    /// The script and iframe elements noted since the last call, in the
    /// order the mutations noted them (tree order within one insertion),
    /// for the host to [prepare](Document::prepare_script) or load
    /// ([`Document::content_document`]) one by one.
    pub fn take_host_steps(&mut self) -> Vec<NodeId> {
        std::mem::take(&mut self.host_steps)
            .into_iter()
            .map(NodeId)
            .collect()
    }

    /// Steps 1 to 14 of
    /// [prepare the script element](https://html.spec.whatwg.org/#prepare-the-script-element)
    /// for a script element no parser inserted: None when it does not run
    /// (already started, no `src` and no text, not connected, a data block,
    /// its document has no browsing context, `nomodule` on a classic
    /// script), else its type, with its already started flag now set.
    pub fn prepare_script(&mut self, id: NodeId) -> Option<ScriptType> {
        if !self.is_live_script(id.0) || self.marked(id.0) {
            return None;
        }
        self.prepare_steps(id)
    }

    /// Whether `e` is a script element that is still alive.
    fn is_live_script(&self, e: Entity) -> bool {
        self.world
            .get_entity(e)
            .is_ok_and(|r| r.contains::<crate::node::Node>())
            && self.is_script(e)
    }

    /// [`Document::prepare_script`] for a script element the page's
    /// parser inserted, at its end tag: it is no longer parser-inserted
    /// (step 3), so an empty one that gets text later runs then.
    pub fn prepare_parser_script(&mut self, id: NodeId) -> Option<ScriptType> {
        let e = id.0;
        if !self.is_live_script(e) {
            return None;
        }
        self.world.entity_mut(e).remove::<ParserInserted>();
        if self.world.entity(e).contains::<AlreadyStarted>() {
            return None;
        }
        self.prepare_steps(id)
    }

    /// Steps 5 to 14 of prepare the script element.
    fn prepare_steps(&mut self, id: NodeId) -> Option<ScriptType> {
        let e = id.0;
        let has = |d: &Document, name: &str| d.has_attribute(id, name).unwrap_or(false);
        if !has(self, "src") && self.child_text_is_empty(e) {
            return None;
        }
        if !self.n(e).is_connected() {
            return None;
        }
        let ty = self.script_type(id)?;
        self.world.entity_mut(e).insert(AlreadyStarted);
        // Scripting is disabled for a document with no browsing context
        // (one `createHTMLDocument` or `DOMParser` made).
        if self.node_document(e) != self.root {
            return None;
        }
        if ty == ScriptType::Classic && has(self, "nomodule") {
            return None;
        }
        Some(ty)
    }

    /// The type of the script element `id` as its attributes say now
    /// (None: a data block, or no script element).
    pub fn script_type(&self, id: NodeId) -> Option<ScriptType> {
        if !self
            .world
            .get_entity(id.0)
            .is_ok_and(|r| r.contains::<crate::node::Node>())
        {
            return None;
        }
        let attr = |name: &str| self.get_attribute(id, name).ok().flatten();
        ScriptType::of(attr("type"), attr("language"))
    }

    /// Whether `e`'s child text content is empty.
    fn child_text_is_empty(&self, e: Entity) -> bool {
        self.child_texts(e).all(str::is_empty)
    }

    /// The data of `e`'s Text children, in order.
    pub(crate) fn child_texts(&self, e: Entity) -> impl Iterator<Item = &str> {
        let mut c = self.n(e).first_child;
        std::iter::from_fn(move || {
            loop {
                let x = c?;
                c = self.n(x).next_sibling;
                if self.n(x).kind == NodeKind::Text
                    && let Some(d) = self.world.get::<crate::node::CharacterData>(x)
                {
                    return Some(&*d.0);
                }
            }
        })
    }

    /// The [child text content](https://dom.spec.whatwg.org/#concept-child-text-content)
    /// of `id`: its Text children's data (a script's source; `script.text`).
    ///
    /// # Errors
    /// `StaleNode` for a node that is gone.
    pub fn child_text_content(&self, id: NodeId) -> crate::DomResult<String> {
        self.live(id)?;
        Ok(self.child_texts(id.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_determination_follows_the_spec() {
        assert_eq!(ScriptType::of(None, None), Some(ScriptType::Classic));
        assert_eq!(ScriptType::of(Some(""), None), Some(ScriptType::Classic));
        assert_eq!(
            ScriptType::of(Some(" TEXT/JavaScript "), None),
            Some(ScriptType::Classic)
        );
        assert_eq!(
            ScriptType::of(None, Some("javascript1.5")),
            Some(ScriptType::Classic)
        );
        assert_eq!(ScriptType::of(None, Some("vbscript")), None);
        assert_eq!(
            ScriptType::of(Some("text/javascript; charset=utf-8"), None),
            None
        );
        assert_eq!(
            ScriptType::of(Some("module"), None),
            Some(ScriptType::Module)
        );
        assert_eq!(
            ScriptType::of(Some("text/python"), None),
            Some(ScriptType::Python)
        );
        assert_eq!(ScriptType::of(Some("application/json"), None), None);
    }

    #[test]
    fn inserted_scripts_are_noted_once_connected_and_prepared_once() {
        let mut d = Document::parse("<body><p></p>");
        let body = d.body().unwrap();
        let s = d.create_element("script").unwrap();
        let t = d.create_text_node("1");
        d.append_child(s, t).unwrap();
        let div = d.create_element("div").unwrap();
        d.append_child(div, s).unwrap();
        assert!(!d.has_host_steps(), "not connected");
        d.append_child(body, div).unwrap();
        assert_eq!(d.take_host_steps(), vec![s]);
        assert_eq!(d.prepare_script(s), Some(ScriptType::Classic));
        assert_eq!(d.prepare_script(s), None, "already started");
        // An empty one runs once it gets text.
        let e = d.create_element("script").unwrap();
        d.append_child(body, e).unwrap();
        assert_eq!(d.take_host_steps(), vec![e]);
        assert_eq!(d.prepare_script(e), None);
        d.set_text_content(e, "2").unwrap();
        assert_eq!(d.take_host_steps(), vec![e]);
        assert_eq!(d.prepare_script(e), Some(ScriptType::Classic));
    }

    #[test]
    fn parsed_scripts_are_already_started() {
        let mut d = Document::parse("<body>");
        let body = d.body().unwrap();
        d.set_inner_html(body, "<script>1</script>").unwrap();
        let s = d.first_child(body).unwrap().unwrap();
        assert!(!d.has_host_steps());
        assert_eq!(d.prepare_script(s), None);
        let c = d.clone_node(s, true).unwrap();
        d.append_child(body, c).unwrap();
        assert_eq!(d.prepare_script(c), None, "a clone keeps the flag");
    }

    #[test]
    fn the_page_parser_prepares_its_own_scripts() {
        let mut d = Document::new();
        let mut seen = Vec::new();
        d.parse_into_pausing_at_scripts(
            "<script></script><script>1</script>",
            Default::default(),
            |d, s| seen.push((s, d.prepare_parser_script(s))),
        );
        assert_eq!(seen[0].1, None, "empty");
        assert_eq!(seen[1].1, Some(ScriptType::Classic));
        // The empty one is no longer parser-inserted: text makes it run.
        let empty = seen[0].0;
        d.set_text_content(empty, "2").unwrap();
        assert_eq!(d.take_host_steps(), vec![empty]);
        assert_eq!(d.prepare_script(empty), Some(ScriptType::Classic));
        assert_eq!(d.prepare_script(seen[1].0), None);
    }
}
