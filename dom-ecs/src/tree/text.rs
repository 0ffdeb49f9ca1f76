//! Text content, CharacterData ranges in UTF-16 code units, `normalize`, `title`.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;
use crate::dom_string::{utf16_len, utf16_slice};

impl Document {
    // ----- text ---------------------------------------------------------------

    /// Whether a text node's data may be rewritten in place of the new
    /// text node `textContent` makes, everywhere: not while a live range
    /// could tell (it must move as the spec moves it) or an observer would
    /// get the records of a replacement.
    fn text_in_place_allowed(&self) -> bool {
        !self.has_live_ranges() && !self.observing()
    }

    /// Whether `textContent` on `parent` may rewrite its text child `c` in
    /// place while observers watch (`Some(None)` when none does): when
    /// exactly one registration can see it, a subtree one that sees child
    /// lists, and `c` is in no record nor list and has no registration of
    /// its own; its record then names a ghost of the old node, copying
    /// the registration on the node given (`Some(Some(node))`).
    fn text_reuse(&self, parent: Entity, c: Entity) -> Option<Option<Entity>> {
        if !self.observing() {
            return Some(None);
        }
        if self.lifetime.is_listed(c) || self.n(c).flags & crate::node::OBSERVED != 0 {
            return None;
        }
        self.ghost_source(parent).map(Some)
    }

    /// `textContent` setter (<https://dom.spec.whatwg.org/#dom-node-textcontent>).
    /// On an element or fragment it replaces all children with one text node
    /// (none for ""); on text and comments it sets the data; on documents and
    /// doctypes it does nothing.
    ///
    /// When the node's only child is a text node that no handle pins, its data
    /// is replaced in place instead: nobody can tell the old node from the
    /// new one, and it saves an entity and three link updates.
    /// `None` (a script's `null`) is the empty string.
    pub fn set_text_content<'a>(
        &mut self,
        id: NodeId,
        value: impl NullIsEmpty<'a>,
    ) -> DomResult<()> {
        let value = value.or_empty();
        if !value.is_empty() {
            crate::memory::check_memory()?;
        }
        let node = *self.live(id)?;
        match node.kind {
            NodeKind::Element | NodeKind::Fragment => {
                if !value.is_empty()
                    && let Some(c) = node.first_child
                    && node.last_child == Some(c)
                    && !self.lifetime.is_held(c)
                    && !self.has_live_ranges()
                    && node.flags & crate::node::SCRIPT == 0
                    && let Some(ghost) = self.text_reuse(id.0, c)
                    && let Ok((child, Some(mut data))) = self.text_query.get_mut(&mut self.world, c)
                    && child.kind == NodeKind::Text
                    && child.flags & crate::node::CDATA == 0
                {
                    // The reuse the command buffers' prepare does too, with one
                    // entity lookup.
                    match ghost {
                        None => data.replace(value),
                        Some(source) => {
                            let old = std::mem::replace(&mut data.0, value.into());
                            self.queue_ghost_record(id.0, c, &old, source);
                        }
                    }
                    self.note_restyle();
                    return Ok(());
                }
                let text = (!value.is_empty()).then(|| self.create_text_node(value).0);
                self.replace_all(text, id.0);
            }
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.set_data_unchecked(id.0, value)
            }
            NodeKind::Attribute => self.set_attr_value(id, value)?,
            NodeKind::Document | NodeKind::Doctype => {}
        }
        Ok(())
    }

    /// `textContent = value` on each node of `ids`, the values in turn
    /// (the last one repeated when there are fewer): the column write. As
    /// many [`Document::set_text_content`] calls in order, with the world
    /// fetched once for the common case, an element whose only child is a
    /// text node no handle pins, whose data is replaced in place.
    ///
    /// # Errors
    /// As [`Document::set_text_content`]; the writes before the failing
    /// node are kept.
    pub fn set_text_contents(&mut self, ids: &[NodeId], values: &[&str]) -> DomResult<()> {
        let Some(&last) = values.last() else {
            return Ok(());
        };
        let value_at = |k: usize| values.get(k).copied().unwrap_or(last);
        // (With a live range or a mutation observer, each write takes the
        // general path, which keeps the range where the spec puts it and
        // queues the records.)
        let fast = self.text_in_place_allowed();
        self.note_restyle();
        let mut k = 0;
        while k < ids.len() {
            // The fast run: in place, through one fetch of the world.
            if fast {
                let Document {
                    world,
                    text_query,
                    lifetime,
                    ..
                } = self;
                let mut q = text_query.query_mut(world);
                while let Some(&id) = ids.get(k) {
                    let value = value_at(k);
                    let Ok((&node, _)) = q.get(id.0) else {
                        break;
                    };
                    let Some(c) = node.first_child.filter(|&c| {
                        matches!(node.kind, NodeKind::Element | NodeKind::Fragment)
                            && !value.is_empty()
                            && node.last_child == Some(c)
                            && !lifetime.is_held(c)
                    }) else {
                        break;
                    };
                    match q.get_mut(c) {
                        Ok((child, Some(mut data))) if child.kind == NodeKind::Text => {
                            data.replace(value);
                        }
                        _ => break,
                    }
                    k += 1;
                }
            }
            // Anything else: the general path, for this node.
            if let Some(&id) = ids.get(k) {
                self.set_text_content(id, value_at(k))?;
                k += 1;
            }
        }
        Ok(())
    }

    /// `nodeValue` (<https://dom.spec.whatwg.org/#dom-node-nodevalue>): the
    /// data of text, comment and processing-instruction nodes, `None` for
    /// the others.
    pub fn node_value(&self, id: NodeId) -> DomResult<Option<&str>> {
        match self.live(id)?.kind {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.data(id).map(Some)
            }
            NodeKind::Attribute => self.attr_value_str(id).map(Some),
            _ => Ok(None),
        }
    }

    /// `nodeValue` setter: replaces the data of text, comment and
    /// processing-instruction nodes (`None` is the empty string), and does
    /// nothing on the others.
    pub fn set_node_value(&mut self, id: NodeId, value: Option<&str>) -> DomResult<()> {
        match self.live(id)?.kind {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.set_data_unchecked(id.0, value.unwrap_or(""));
            }
            NodeKind::Attribute => self.set_attr_value(id, value.unwrap_or(""))?,
            _ => {}
        }
        Ok(())
    }

    /// Set the data of a text or comment node.
    pub fn set_data(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        if !value.is_empty() {
            crate::memory::check_memory()?;
        }
        match self.live(id)?.kind {
            NodeKind::Text | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.set_data_unchecked(id.0, value);
                Ok(())
            }
            _ => Err(DomError::InvalidState("not a character data node".into())),
        }
    }

    /// `length` of a text or comment node: its data in UTF-16 code units,
    /// the unit every CharacterData offset counts in.
    pub fn data_length(&self, id: NodeId) -> DomResult<usize> {
        Ok(utf16_len(self.data(id)?))
    }

    /// `substringData(offset, count)`
    /// (<https://dom.spec.whatwg.org/#concept-cd-substring>); offsets in
    /// UTF-16 code units. A cut through a surrogate pair leaves a lone
    /// surrogate (`crate::dom_string`).
    pub fn substring_data(&self, id: NodeId, offset: usize, count: usize) -> DomResult<String> {
        let data = self.data(id)?;
        let len = utf16_len(data);
        if offset > len {
            return Err(index_error(offset, len));
        }
        Ok(utf16_slice(data, offset, offset + count.min(len - offset)))
    }

    /// "Replace data" (<https://dom.spec.whatwg.org/#concept-cd-replace>):
    /// `count` code units from `offset` become `data`; `appendData`,
    /// `insertData` and `deleteData` are this too.
    pub fn replace_data(
        &mut self,
        id: NodeId,
        offset: usize,
        count: usize,
        data: &str,
    ) -> DomResult<()> {
        if !data.is_empty() {
            crate::memory::check_memory()?;
        }
        let old = self.data(id)?;
        let len = utf16_len(old);
        if offset > len {
            return Err(index_error(offset, len));
        }
        let end = offset + count.min(len - offset);
        let new = crate::dom_string::splice_utf16(old, offset, end, data);
        self.ranges_on_replace_data(
            id.0,
            offset as u32,
            (end - offset) as u32,
            utf16_len(data) as u32,
        );
        self.observe_data(id.0);
        self.store_data(id.0, &new);
        self.data_changed_steps(id.0);
        Ok(())
    }

    /// `appendData(data)` (<https://dom.spec.whatwg.org/#dom-characterdata-appenddata>):
    /// replace data at the end, removing nothing.
    pub fn append_data(&mut self, id: NodeId, data: &str) -> DomResult<()> {
        let len = self.data_length(id)?;
        self.replace_data(id, len, 0, data)
    }

    /// `insertData(offset, data)` (<https://dom.spec.whatwg.org/#dom-characterdata-insertdata>).
    pub fn insert_data(&mut self, id: NodeId, offset: usize, data: &str) -> DomResult<()> {
        self.replace_data(id, offset, 0, data)
    }

    /// `deleteData(offset, count)` (<https://dom.spec.whatwg.org/#dom-characterdata-deletedata>).
    pub fn delete_data(&mut self, id: NodeId, offset: usize, count: usize) -> DomResult<()> {
        self.replace_data(id, offset, count, "")
    }

    /// `wholeText` (<https://dom.spec.whatwg.org/#dom-text-wholetext>): the
    /// data of the contiguous Text nodes around this one, in tree order.
    pub fn whole_text(&self, id: NodeId) -> DomResult<String> {
        if self.live(id)?.kind != NodeKind::Text {
            return Err(DomError::InvalidState("not a text node".into()));
        }
        let is_text = |e: Entity| self.is_exclusive_text(e);
        let mut first = id.0;
        while let Some(p) = self.n(first).prev_sibling.filter(|&p| is_text(p)) {
            first = p;
        }
        let mut out = String::new();
        let mut at = Some(first);
        while let Some(e) = at.filter(|&e| is_text(e)) {
            if let Some(d) = self.world.get::<CharacterData>(e) {
                out.push_str(&d.0);
            }
            at = self.n(e).next_sibling;
        }
        Ok(crate::dom_string::canonical(out))
    }

    /// `splitText(offset)` (<https://dom.spec.whatwg.org/#concept-text-split>):
    /// the data after `offset` moves to a new text node inserted after this
    /// one (when it has a parent); returns the new node.
    pub fn split_text(&mut self, id: NodeId, offset: usize) -> DomResult<NodeId> {
        if self.live(id)?.kind != NodeKind::Text {
            return Err(DomError::InvalidState("not a text node".into()));
        }
        let len = self.data_length(id)?;
        let tail = self.substring_data(id, offset, len.saturating_sub(offset))?;
        let doc = NodeId(self.node_document(id.0));
        let new = self.create_text_node_in(doc, &tail)?;
        if let Some(parent) = self.n(id.0).parent {
            let next = self.n(id.0).next_sibling;
            self.insert_node(new.0, parent, next);
            self.ranges_on_split(id.0, new.0, parent, offset as u32);
        }
        self.replace_data(id, offset, len - offset, "")?;
        Ok(new)
    }

    /// [Replace data](https://dom.spec.whatwg.org/#concept-cd-replace) of
    /// all of `e`'s data with `value` (the `data`, `nodeValue` and
    /// `textContent` setters).
    pub(crate) fn set_data_unchecked(&mut self, e: Entity, value: &str) {
        self.observe_data(e);
        if !self.ranges.is_empty()
            && let Some(old) = self.world.get::<CharacterData>(e)
        {
            let old = utf16_len(&old.0) as u32;
            self.ranges_on_replace_data(e, 0, old, utf16_len(value) as u32);
        }
        self.store_data(e, value);
        self.data_changed_steps(e);
    }

    /// What follows replace data: the parent's children changed steps (a
    /// script's prepare it), and an `xml-stylesheet` processing
    /// instruction's sheet fetched again.
    fn data_changed_steps(&mut self, e: Entity) {
        if let Some(p) = self.n(e).parent.filter(|&p| self.is_script(p)) {
            self.note_script(p);
        }
        if self.n(e).flags & crate::node::SHEET_LINK != 0 {
            self.note_sheet_link(e);
        }
    }

    /// Write `e`'s data, with no live range steps.
    fn store_data(&mut self, e: Entity, value: &str) {
        if let Some(mut d) = self.world.get_mut::<CharacterData>(e) {
            d.replace(value);
        }
    }

    /// `normalize()`: remove empty text nodes and merge adjacent ones, in the
    /// subtree of `id` (<https://dom.spec.whatwg.org/#dom-node-normalize>).
    pub fn normalize(&mut self, id: NodeId) -> DomResult<()> {
        self.live(id)?;
        let texts: Vec<Entity> = self
            .descendants_of(id.0)
            .filter(|&d| self.is_exclusive_text(d))
            .collect();
        for t in texts {
            if !self.is_alive(NodeId(t)) || self.n(t).parent.is_none() {
                continue; // merged into a previous one already
            }
            if self
                .world
                .get::<CharacterData>(t)
                .is_some_and(|d| d.0.is_empty())
            {
                self.remove_node(t);
                continue;
            }
            // The data of the text siblings after it joins it; live
            // ranges in them (or between them) move into it; then they go.
            let mut merged = String::new();
            let mut length = self.node_length(t);
            let mut next = self.n(t).next_sibling;
            let mut siblings = Vec::new();
            while let Some(s) = next.filter(|&s| self.is_exclusive_text(s)) {
                if let Some(d) = self.world.get::<CharacterData>(s) {
                    merged.push_str(&d.0);
                }
                self.ranges_on_merge(s, t, length);
                length += self.node_length(s);
                siblings.push(s);
                next = self.n(s).next_sibling;
            }
            // (Step 6.4 replaces data even when nothing follows.)
            self.observe_data(t);
            if !merged.is_empty()
                && let Some(mut d) = self.world.get_mut::<CharacterData>(t)
            {
                d.0.push_str(&merged);
                if crate::dom_string::has_units(&d.0) {
                    // Units at the joins may pair up.
                    let joined = crate::dom_string::canonical(d.0.to_string());
                    d.replace(&joined);
                }
            }
            for s in siblings {
                self.remove_node(s);
            }
        }
        Ok(())
    }

    /// `document.title` setter: replace the text of the first `<title>`,
    /// creating one in `<head>` if there is none
    /// (<https://html.spec.whatwg.org/#document.title>).
    pub fn set_title(&mut self, value: &str) {
        // (The root is always live.)
        let _ = self.set_title_of(NodeId(self.root), value);
    }

    /// `title` setter of document node `doc`.
    pub fn set_title_of(&mut self, doc: NodeId, value: &str) -> DomResult<()> {
        self.live(doc)?;
        let title = self.names.known.title;
        let existing = self.descendants_of(doc.0).find(|&d| self.is_html(d, title));
        let el = match existing {
            Some(el) => el,
            None => {
                let Some(head) = self.head_of(doc)? else {
                    return Ok(());
                };
                let el = self
                    .create_element_raw(Ns::Html, None, "title", Vec::new())
                    .0;
                self.insert_node(el, head.0, None);
                el
            }
        };
        let text = (!value.is_empty()).then(|| self.create_text_node(value).0);
        self.replace_all(text, el);
        Ok(())
    }
}

impl Document {
    /// `body` setter of document node `doc`
    /// (<https://html.spec.whatwg.org/#dom-document-body>): `value`
    /// replaces the body, or is appended to the document element if there
    /// is none.
    ///
    /// # Errors
    /// `HierarchyRequestError` if `value` is not an HTML `body` or
    /// `frameset` element, or there is no body and no document element;
    /// the insertion's own errors.
    pub fn set_body(&mut self, doc: NodeId, value: Option<NodeId>) -> DomResult<()> {
        let known = &self.names.known;
        let (body, frameset) = (known.body, known.frameset);
        let Some(new) = value.filter(|v| {
            self.live(*v).is_ok() && (self.is_html(v.0, body) || self.is_html(v.0, frameset))
        }) else {
            return Err(DomError::hierarchy(
                "the body must be a body or frameset element",
            ));
        };
        match self.body_of(doc)? {
            Some(old) if old == new => Ok(()),
            Some(old) => {
                let parent = self.n(old.0).parent.map(NodeId).ok_or_else(|| {
                    DomError::hierarchy("the body is no child of the document element")
                })?;
                self.replace_child(parent, new, old).map(|_| ())
            }
            None => match self.document_element_of(doc)? {
                Some(root) => self.append_child(root, new).map(|_| ()),
                None => Err(DomError::hierarchy("the document has no document element")),
            },
        }
    }
}

/// A string argument where a script's `null` (`None`) means the empty
/// string, as for `textContent`'s setter: a `&str`, a `&String`, or an
/// `Option<&str>`.
pub trait NullIsEmpty<'a> {
    /// The string, `""` for `None`.
    fn or_empty(self) -> &'a str;
}

impl<'a> NullIsEmpty<'a> for &'a str {
    fn or_empty(self) -> &'a str {
        self
    }
}

impl<'a> NullIsEmpty<'a> for &'a String {
    fn or_empty(self) -> &'a str {
        self
    }
}

impl<'a> NullIsEmpty<'a> for Option<&'a str> {
    fn or_empty(self) -> &'a str {
        self.unwrap_or("")
    }
}

fn index_error(offset: usize, len: usize) -> DomError {
    DomError::IndexSize(format!(
        "the offset {offset} is larger than the data's length ({len})"
    ))
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    /// Code units of adjacent nodes pair up wherever their data is joined
    /// (`crate::dom_string`'s canonical form), as one UTF-16 string would.
    #[test]
    fn surrogates_of_adjacent_texts_pair_up_when_joined() {
        let (high, low) = (
            crate::dom_string::from_utf16(&[0xD83C]),
            crate::dom_string::from_utf16(&[0xDF20]),
        );
        let mut d = Document::parse("<p></p>");
        let p = d.query_selector(d.root(), "p").unwrap().unwrap();
        let a = d.create_text_node(&high);
        let b = d.create_text_node(&low);
        d.append_child(p, a).unwrap();
        d.append_child(p, b).unwrap();
        assert_eq!(d.text_content(p).unwrap().unwrap(), "🌠");
        assert_eq!(d.inner_html(p).unwrap(), "🌠");
        assert_eq!(d.whole_text(a).unwrap(), "🌠");
        d.normalize(p).unwrap();
        assert_eq!(d.data(a).unwrap(), "🌠");
        assert_eq!(d.data_length(a).unwrap(), 2);
    }

    #[test]
    fn a_column_write_is_the_writes_one_by_one() {
        let html = "<div id=a>1</div><div id=b></div><div id=c><i>x</i></div><p id=d>4</p>";
        let ids = ["a", "b", "c", "d"];
        let values = ["one", "two", "three", ""];
        let mut column = Document::parse(html);
        let mut single = Document::parse(html);
        let get = |d: &Document| ids.map(|i| d.get_element_by_id(i).unwrap());
        // A pinned text child is replaced, not written in place.
        let d_text = column.first_child(get(&column)[3]).unwrap().unwrap();
        column.pin(d_text).unwrap();
        let nodes = get(&column);
        column.set_text_contents(&nodes, &values).unwrap();
        for (n, v) in get(&single).into_iter().zip(values) {
            single.set_text_content(n, v).unwrap();
        }
        assert_eq!(column.to_html(), single.to_html());
        assert_eq!(column.parent_node(d_text).unwrap(), None);
        // One value for all; a text node's own data; a node gone.
        let text = column.first_child(nodes[0]).unwrap().unwrap();
        column
            .set_text_contents(&[nodes[1], text], &["same"])
            .unwrap();
        assert_eq!(
            column.text_content(nodes[1]).unwrap().as_deref(),
            Some("same")
        );
        assert_eq!(column.data(text).unwrap(), "same");
        column
            .remove_child(column.body().unwrap(), nodes[2])
            .unwrap();
        column.collect_garbage();
        assert!(matches!(
            column.set_text_contents(&[nodes[0], nodes[2]], &["x"]),
            Err(DomError::StaleNode)
        ));
        assert_eq!(column.text_content(nodes[0]).unwrap().as_deref(), Some("x"));
    }
}
