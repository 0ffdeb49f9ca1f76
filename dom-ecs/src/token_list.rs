//! `DOMTokenList` (<https://dom.spec.whatwg.org/#interface-domtokenlist>)
//! of an element's classes (`classList`): its members, as methods of
//! [`ClassList`] taking the document, which both bridges bind from the
//! binding table; and the recorders a Python batch uses for its writes.

use crate::command::CommandBuffer;
use crate::document::Document;
use crate::error::DomResult;
use crate::node::NodeId;

/// The `DOMTokenList` of an element's classes (`classList`,
/// <https://dom.spec.whatwg.org/#dom-element-classlist>): live, so it is
/// the element; each bridge makes its list object of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassList {
    /// The element whose classes it lists.
    pub element: NodeId,
}

impl ClassList {
    /// `length`: the number of tokens (each once).
    ///
    /// # Errors
    /// `InvalidStateError` or `StaleNode` when the element is gone.
    pub fn length(&self, d: &Document) -> DomResult<usize> {
        d.class_symbols(self.element).map(<[_]>::len)
    }

    /// `item(index)`: the token at `index`, none past the end.
    ///
    /// # Errors
    /// As [`ClassList::length`].
    pub fn item<'d>(&self, d: &'d Document, index: usize) -> DomResult<Option<&'d str>> {
        let syms = d.class_symbols(self.element)?;
        Ok(syms.get(index).map(|&s| d.names().resolve(s)))
    }

    /// `contains(token)`
    ///
    /// # Errors
    /// As [`ClassList::length`].
    pub fn contains(&self, d: &Document, token: &str) -> DomResult<bool> {
        d.class_contains(self.element, token)
    }

    /// `add(...tokens)`
    ///
    /// # Errors
    /// `SyntaxError` for an empty token, `InvalidCharacterError` for one
    /// with whitespace (none is added then).
    pub fn add(&self, d: &mut Document, tokens: &[&str]) -> DomResult<()> {
        d.class_add(self.element, tokens)
    }

    /// `remove(...tokens)`
    ///
    /// # Errors
    /// As [`ClassList::add`].
    pub fn remove(&self, d: &mut Document, tokens: &[&str]) -> DomResult<()> {
        d.class_remove(self.element, tokens)
    }

    /// `toggle(token, force)`: whether the token is there now.
    ///
    /// # Errors
    /// As [`ClassList::add`].
    pub fn toggle(&self, d: &mut Document, token: &str, force: Option<bool>) -> DomResult<bool> {
        d.class_toggle(self.element, token, force)
    }

    /// `replace(token, newToken)`: whether `token` was there.
    ///
    /// # Errors
    /// As [`ClassList::add`].
    pub fn replace(&self, d: &mut Document, token: &str, new_token: &str) -> DomResult<bool> {
        d.class_replace(self.element, token, new_token)
    }

    /// `supports(token)`: `class` defines no supported tokens, so always
    /// a `TypeError`.
    ///
    /// # Errors
    /// `TypeError`.
    pub fn supports(&self, d: &Document, token: &str) -> DomResult<bool> {
        d.class_supports(self.element, token)
    }

    /// `value`: the `class` attribute, or "".
    ///
    /// # Errors
    /// As [`ClassList::length`].
    pub fn value<'d>(&self, d: &'d Document) -> DomResult<&'d str> {
        d.class_name(self.element)
    }

    /// `value = v`: sets the `class` attribute.
    ///
    /// # Errors
    /// As [`ClassList::length`].
    pub fn set_value(&self, d: &mut Document, value: &str) -> DomResult<()> {
        d.set_reflected_string(self.element, "class", value)
    }

    /// Record `add(...tokens)` into `buf`, checked as the call checks it;
    /// none (not recorded: the caller applies what is pending and calls
    /// [`ClassList::add`]) for no token, whose update steps may rewrite
    /// the attribute.
    ///
    /// # Errors
    /// As [`ClassList::add`].
    pub fn record_add(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        tokens: &[&str],
    ) -> DomResult<Option<()>> {
        self.record_change(d, buf, tokens, true)
    }

    /// Record `remove(...tokens)`, as [`ClassList::record_add`].
    ///
    /// # Errors
    /// As [`ClassList::add`].
    pub fn record_remove(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        tokens: &[&str],
    ) -> DomResult<Option<()>> {
        self.record_change(d, buf, tokens, false)
    }

    fn record_change(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        tokens: &[&str],
        add: bool,
    ) -> DomResult<Option<()>> {
        if tokens.is_empty() {
            return Ok(None);
        }
        d.record_class_change(buf, self.element, tokens, add)
            .map(Some)
    }

    /// Record `toggle(token, force)` and answer it from the document as
    /// it is; none (not recorded) when `buf` has a change of this
    /// element's classes pending, which the answer depends on.
    ///
    /// # Errors
    /// As [`ClassList::add`].
    pub fn record_toggle(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        token: &str,
        force: Option<bool>,
    ) -> DomResult<Option<bool>> {
        if buf.records_class_change(self.element) {
            return Ok(None);
        }
        d.record_class_toggle(buf, self.element, token, force)
            .map(Some)
    }
}

impl Document {
    /// `classList`
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn class_list_of(&self, id: NodeId) -> DomResult<ClassList> {
        self.element(id)?;
        Ok(ClassList { element: id })
    }
}

#[cfg(test)]
mod tests {
    use crate::Document;

    #[test]
    fn the_members_read_and_change_the_class_attribute() {
        let mut d = Document::parse("<p id=p class='a b'></p>");
        let p = d.get_element_by_id("p").unwrap();
        let list = d.class_list_of(p).unwrap();
        assert_eq!(list.length(&d).unwrap(), 2);
        assert_eq!(list.item(&d, 1).unwrap(), Some("b"));
        assert_eq!(list.item(&d, 2).unwrap(), None);
        list.add(&mut d, &["c"]).unwrap();
        assert!(list.toggle(&mut d, "a", None).is_ok_and(|now| !now));
        assert_eq!(list.value(&d).unwrap(), "b c");
        list.set_value(&mut d, "x").unwrap();
        assert!(list.contains(&d, "x").unwrap());
        assert!(list.supports(&d, "x").is_err());

        let mut buf = crate::CommandBuffer::new();
        assert_eq!(list.record_add(&d, &mut buf, &[]).unwrap(), None);
        assert_eq!(list.record_add(&d, &mut buf, &["y"]).unwrap(), Some(()));
        // The answer would depend on the pending add: not recorded.
        assert_eq!(list.record_toggle(&d, &mut buf, "y", None).unwrap(), None);
        d.apply(&buf).unwrap();
        assert_eq!(list.value(&d).unwrap(), "x y");
    }
}
