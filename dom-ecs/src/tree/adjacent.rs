//! `insertAdjacentElement`, `insertAdjacentText`
//! (<https://dom.spec.whatwg.org/#insert-adjacent>) and
//! `insertAdjacentHTML`
//! (<https://html.spec.whatwg.org/#dom-element-insertadjacenthtml>).

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

/// Where, relative to the element, a node goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    BeforeBegin,
    AfterBegin,
    BeforeEnd,
    AfterEnd,
}

impl Where {
    /// The position keyword, matched ASCII case-insensitively.
    fn parse(s: &str) -> DomResult<Where> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "beforebegin" => Where::BeforeBegin,
            "afterbegin" => Where::AfterBegin,
            "beforeend" => Where::BeforeEnd,
            "afterend" => Where::AfterEnd,
            _ => {
                return Err(DomError::Syntax(format!(
                    "'{s}' is not one of beforebegin, afterbegin, beforeend, afterend"
                )));
            }
        })
    }
}

impl Document {
    /// [insert adjacent](https://dom.spec.whatwg.org/#insert-adjacent):
    /// `node` at `at` of `element`; none when `element` has no parent for
    /// the outside positions.
    fn insert_adjacent(
        &mut self,
        element: NodeId,
        at: Where,
        node: NodeId,
    ) -> DomResult<Option<NodeId>> {
        let parent = self.n(element.0).parent.map(NodeId);
        match at {
            Where::BeforeBegin => match parent {
                Some(p) => self.pre_insert(node, p, Some(element)).map(Some),
                None => Ok(None),
            },
            Where::AfterBegin => {
                let first = self.n(element.0).first_child.map(NodeId);
                self.pre_insert(node, element, first).map(Some)
            }
            Where::BeforeEnd => self.pre_insert(node, element, None).map(Some),
            Where::AfterEnd => match parent {
                Some(p) => {
                    let next = self.n(element.0).next_sibling.map(NodeId);
                    self.pre_insert(node, p, next).map(Some)
                }
                None => Ok(None),
            },
        }
    }

    /// `element.insertAdjacentElement(where, other)`: `other`, or none
    /// when there is no parent to put it in.
    ///
    /// # Errors
    /// `SyntaxError` for an unknown position; the insertion's errors.
    pub fn insert_adjacent_element(
        &mut self,
        element: NodeId,
        at: &str,
        other: NodeId,
    ) -> DomResult<Option<NodeId>> {
        self.element(element)?;
        // WebIDL's conversion to `Element` throws a TypeError.
        if self.live(other)?.kind != NodeKind::Element {
            return Err(DomError::Type(
                "insertAdjacentElement takes an Element".into(),
            ));
        }
        let at = Where::parse(at)?;
        self.insert_adjacent(element, at, other)
    }

    /// `element.insertAdjacentText(where, data)`.
    ///
    /// # Errors
    /// `SyntaxError` for an unknown position.
    pub fn insert_adjacent_text(&mut self, element: NodeId, at: &str, data: &str) -> DomResult<()> {
        self.element(element)?;
        let at = Where::parse(at)?;
        let text = self.create_text_node(data);
        self.insert_adjacent(element, at, text)?;
        Ok(())
    }

    /// `element.insertAdjacentHTML(position, string)`: `string` parsed as
    /// a fragment in the context of the parent (outside positions) or the
    /// element, a `<body>` standing in for a context that is no element or
    /// is `<html>`.
    ///
    /// # Errors
    /// `SyntaxError` for an unknown position; `NoModificationAllowedError`
    /// for an outside position when the parent is a document or missing.
    pub fn insert_adjacent_html(&mut self, element: NodeId, at: &str, html: &str) -> DomResult<()> {
        crate::memory::check_memory()?;
        self.element(element)?;
        let at = Where::parse(at)?;
        let context = match at {
            Where::BeforeBegin | Where::AfterEnd => {
                let parent = self.n(element.0).parent;
                match parent.map(|p| (p, self.n(p).kind)) {
                    None | Some((_, NodeKind::Document)) => {
                        return Err(DomError::NoModificationAllowed(
                            "the element has no parent element to insert beside it in".into(),
                        ));
                    }
                    Some((p, _)) => p,
                }
            }
            Where::AfterBegin | Where::BeforeEnd => element.0,
        };
        // An HTML document's `html` element is no context: a `body` is.
        let node_doc = self.node_document(element.0);
        let html_doc = self.is_html_document(node_doc);
        let context = Some(context).filter(|&c| {
            self.element_name(c).is_some_and(|n| {
                !(html_doc && n.ns == Ns::Html && n.local == self.names.known.html)
            })
        });
        let fragment = self.parse_fragment_in(html, context, node_doc)?;
        self.insert_adjacent(element, at, fragment)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    #[test]
    fn adjacent_positions() {
        let mut d = Document::parse("<div id=p><b id=e>x</b></div>");
        let e = d.get_element_by_id("e").unwrap();
        let p = d.get_element_by_id("p").unwrap();
        d.insert_adjacent_text(e, "beforeBegin", "1").unwrap();
        d.insert_adjacent_text(e, "afterbegin", "2").unwrap();
        d.insert_adjacent_text(e, "beforeend", "3").unwrap();
        d.insert_adjacent_html(e, "afterend", "<i>4</i>").unwrap();
        assert_eq!(d.inner_html(p).unwrap(), "1<b id=\"e\">2x3</b><i>4</i>");
        let lone = d.create_element("span").unwrap();
        let other = d.create_element("u").unwrap();
        assert_eq!(
            d.insert_adjacent_element(lone, "afterend", other).unwrap(),
            None
        );
        assert!(matches!(
            d.insert_adjacent_text(e, "middle", "x"),
            Err(DomError::Syntax(_))
        ));
        let html = d.document_element().unwrap();
        assert!(matches!(
            d.insert_adjacent_html(html, "beforebegin", "<p>"),
            Err(DomError::NoModificationAllowed(_))
        ));
    }
}
