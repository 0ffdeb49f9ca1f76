//! Recording a script's per-node writes into a [`CommandBuffer`], checked
//! against the document as the direct calls check them, so a recorded
//! write raises the error the call would raise, at the call. The buffer
//! notes what later reads must see applied first (id and class changes). The Python
//! batch and both scheduler task DOMs record through these and nothing else.

use crate::command::{CommandBuffer, Value};
use crate::document::Document;
use crate::element::check_class_token;
use crate::error::{DomError, DomResult};
use crate::node::NodeId;
use crate::tree::is_valid_attribute_name;

impl Document {
    /// Record `node.setAttribute(name, value)`: `node` must be an element
    /// (`InvalidStateError`) and `name` a valid attribute name
    /// (`InvalidCharacterError`, <https://dom.spec.whatwg.org/#dom-element-setattribute>).
    ///
    /// # Errors
    /// As above, or `StaleNode`.
    pub fn record_set_attribute(
        &self,
        buf: &mut CommandBuffer,
        node: NodeId,
        name: &str,
        value: impl Value,
    ) -> DomResult<()> {
        crate::memory::check_memory()?;
        self.element(node)?;
        if !is_valid_attribute_name(name) {
            return Err(DomError::InvalidCharacter(format!(
                "'{name}' is not a valid attribute name"
            )));
        }
        buf.set_attribute(node, name, value);
        buf.note_attribute(node, name);
        Ok(())
    }

    /// Record `node.removeAttribute(name)` (any name: removing checks none).
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn record_remove_attribute(
        &self,
        buf: &mut CommandBuffer,
        node: NodeId,
        name: &str,
    ) -> DomResult<()> {
        self.element(node)?;
        buf.remove_attribute(node, name);
        buf.note_attribute(node, name);
        Ok(())
    }

    /// Record `classList.add(...tokens)` (`add`) or `remove(...tokens)`:
    /// every token is checked before any is recorded, as the DOMTokenList
    /// methods check them (<https://dom.spec.whatwg.org/#dom-domtokenlist-add>).
    ///
    /// # Errors
    /// `SyntaxError` for an empty token, `InvalidCharacterError` for one
    /// with whitespace, `InvalidStateError` for a node that is no element.
    pub fn record_class_change(
        &self,
        buf: &mut CommandBuffer,
        node: NodeId,
        tokens: &[&str],
        add: bool,
    ) -> DomResult<()> {
        self.element(node)?;
        for t in tokens {
            check_class_token(t)?;
        }
        for t in tokens {
            if add {
                buf.add_class(node, t);
            } else {
                buf.remove_class(node, t);
            }
        }
        if !tokens.is_empty() {
            buf.note_class_change(node);
        }
        Ok(())
    }

    /// Record `classList.toggle(token, force)`; returns what the call
    /// returns, answered from this document as it is (writes recorded
    /// before and not yet applied are not seen).
    ///
    /// # Errors
    /// As [`Document::record_class_change`].
    pub fn record_class_toggle(
        &self,
        buf: &mut CommandBuffer,
        node: NodeId,
        token: &str,
        force: Option<bool>,
    ) -> DomResult<bool> {
        // The direct call's checks, in its order: the element, then the token.
        let present = self.class_contains(node, token)?;
        check_class_token(token)?;
        buf.toggle_class(node, token, force);
        buf.note_class_change(node);
        Ok(force.unwrap_or(!present))
    }

    /// Record `node.data = data` for a Text, Comment or ProcessingInstruction.
    ///
    /// # Errors
    /// `InvalidStateError` for another kind of node, or `StaleNode`.
    pub fn record_set_data(
        &self,
        buf: &mut CommandBuffer,
        node: NodeId,
        data: &str,
    ) -> DomResult<()> {
        crate::memory::check_memory()?;
        self.data(node)?;
        buf.set_data(node, data);
        Ok(())
    }

    /// Record `node.textContent = text` (any live node; a doctype or the
    /// document ignores it when applied, as the setter does).
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn record_set_text_content(
        &self,
        buf: &mut CommandBuffer,
        node: NodeId,
        text: impl Value,
    ) -> DomResult<()> {
        crate::memory::check_memory()?;
        self.kind(node)?;
        buf.set_text_content(node, text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_writes_raise_what_the_calls_raise_and_apply_alike() {
        let mut d = Document::parse("<p id=p class=a>x</p>");
        let p = d.get_element_by_id("p").unwrap();
        let text = d.first_child(p).unwrap().unwrap();
        let mut buf = CommandBuffer::new();
        let e = d.record_set_attribute(&mut buf, p, "a b", "1").unwrap_err();
        assert_eq!(e.name(), "InvalidCharacterError");
        let e = d
            .record_set_attribute(&mut buf, text, "t", "1")
            .unwrap_err();
        assert_eq!(e.name(), "InvalidStateError");
        let e = d
            .record_class_change(&mut buf, p, &["ok", ""], true)
            .unwrap_err();
        assert_eq!(e.name(), "SyntaxError");
        let e = d.record_class_toggle(&mut buf, p, "a b", None).unwrap_err();
        assert_eq!(e.name(), "InvalidCharacterError");
        let e = d.record_set_data(&mut buf, p, "x").unwrap_err();
        assert_eq!(e.name(), "InvalidStateError");
        assert!(buf.is_empty(), "nothing is recorded by a failing call");
        d.record_set_attribute(&mut buf, p, "title", 7).unwrap();
        d.record_class_change(&mut buf, p, &["b", "c"], true)
            .unwrap();
        d.record_class_change(&mut buf, p, &["c"], false).unwrap();
        assert!(!d.record_class_toggle(&mut buf, p, "a", None).unwrap());
        assert!(d.record_class_toggle(&mut buf, p, "z", Some(true)).unwrap());
        d.record_remove_attribute(&mut buf, p, "id").unwrap();
        d.record_set_data(&mut buf, text, "y").unwrap();
        d.apply(&buf).unwrap();
        assert_eq!(
            d.outer_html(p).unwrap(),
            r#"<p class="b z" title="7">y</p>"#
        );
    }
}
