//! The `nonce` of HTML and SVG elements
//! (<https://html.spec.whatwg.org/#nonce-attributes>): the
//! `[[CryptographicNonce]]` internal slot behind the `nonce` IDL attribute,
//! and nonce hiding, which empties the `nonce` content attribute of an
//! element that becomes browsing-context connected in a document delivered
//! with a `Content-Security-Policy` header, so CSS attribute selectors
//! cannot read it (the IDL attribute still can).
//!
//! ecsdom keeps whether a document's CSP list holds a header-delivered
//! policy; it enforces no policy.

use bevy_ecs::prelude::*;

use crate::{Document, DomError, DomResult, NodeId, Ns};

/// An element's `[[CryptographicNonce]]`, once its `nonce` attribute
/// changed or its IDL attribute was set; before that it is the attribute's
/// value as created (the parser's, a clone's).
#[derive(Component, Clone, Debug)]
pub(crate) struct CryptographicNonce(pub(crate) String);

/// On a document node: its policy container's CSP list holds a policy a
/// `Content-Security-Policy` header delivered.
#[derive(Component, Clone, Copy, Debug)]
pub(crate) struct HeaderDeliveredCsp;

/// Whether a `Content-Security-Policy` header value holds a policy with a
/// directive ([parse a serialized CSP
/// list](https://w3c.github.io/webappsec-csp/#parse-serialized-policy-list):
/// policies are separated by commas, directives by semicolons; a policy
/// with no valid directive name is skipped).
fn holds_a_policy(value: &str) -> bool {
    value.split(',').any(|policy| {
        policy.split(';').any(|directive| {
            directive
                .split_ascii_whitespace()
                .next()
                .is_some_and(|name| name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        })
    })
}

impl Document {
    /// Note the `Content-Security-Policy` header values the response of
    /// document `doc` carried: with a policy among them, its elements'
    /// nonces are hidden as they become browsing-context connected. The
    /// elements already in the tree of a document with a browsing context
    /// count as becoming so now (a frame's document is parsed before it
    /// joins its navigable).
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no document.
    pub fn set_csp_headers(&mut self, doc: NodeId, values: &[&str]) -> DomResult<()> {
        if self.live(doc)?.kind != crate::node::NodeKind::Document {
            return Err(DomError::Type("not a document".into()));
        }
        if values.iter().any(|v| holds_a_policy(v)) {
            self.world.entity_mut(doc.0).insert(HeaderDeliveredCsp);
            if self.has_browsing_context(doc.0) {
                self.hide_nonces(doc.0, doc.0);
            }
        } else {
            self.world.entity_mut(doc.0).remove::<HeaderDeliveredCsp>();
        }
        Ok(())
    }

    /// Whether the CSP list of document `doc` holds a header-delivered
    /// policy.
    pub(crate) fn has_header_csp(&self, doc: Entity) -> bool {
        self.world.get::<HeaderDeliveredCsp>(doc).is_some()
    }

    /// Whether `e` includes `HTMLOrSVGElement` (an HTML or SVG element).
    fn is_nonced(&self, e: Entity) -> bool {
        self.element_name(e)
            .is_some_and(|n| matches!(n.ns, Ns::Html | Ns::Svg))
    }

    /// The `nonce` getter
    /// (<https://html.spec.whatwg.org/#dom-noncedelement-nonce>): the
    /// element's `[[CryptographicNonce]]`.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no HTML or SVG element.
    pub fn nonce(&self, id: NodeId) -> DomResult<String> {
        self.live(id)?;
        if !self.is_nonced(id.0) {
            return Err(DomError::Type("not an HTML or SVG element".into()));
        }
        if let Some(n) = self.world.get::<CryptographicNonce>(id.0) {
            return Ok(n.0.clone());
        }
        Ok(self
            .attrs(id.0)
            .and_then(|a| a.get(self.names.get("nonce")?))
            .map(str::to_owned)
            .unwrap_or_default())
    }

    /// The `nonce` setter: the `[[CryptographicNonce]]` (not the content
    /// attribute).
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for a node that is no HTML or SVG element.
    pub fn set_nonce(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.live(id)?;
        if !self.is_nonced(id.0) {
            return Err(DomError::Type("not an HTML or SVG element".into()));
        }
        self.world
            .entity_mut(id.0)
            .insert(CryptographicNonce(value.to_owned()));
        Ok(())
    }

    /// The `nonce` content attribute's change steps: the slot follows it
    /// (the empty string when it is removed).
    pub(crate) fn nonce_attribute_changed(&mut self, e: Entity, local: crate::intern::Symbol) {
        if !self.is_nonced(e) {
            return;
        }
        let value = self
            .attrs(e)
            .and_then(|a| a.get(local))
            .map(str::to_owned)
            .unwrap_or_default();
        self.world.entity_mut(e).insert(CryptographicNonce(value));
    }

    /// The cloning steps: the copy gets the original's slot.
    pub(crate) fn clone_nonce(&mut self, from: Entity, to: Entity) {
        if let Some(n) = self.world.get::<CryptographicNonce>(from).cloned() {
            self.world.entity_mut(to).insert(n);
        }
    }

    /// The elements of `root`'s subtree (shadow trees included) became
    /// browsing-context connected in document `doc`: if its CSP list holds
    /// a header-delivered policy, each with a non-empty `nonce` attribute
    /// has it set to the empty string, its slot kept
    /// (<https://html.spec.whatwg.org/#nonce-attributes>).
    pub(crate) fn hide_nonces(&mut self, root: Entity, doc: Entity) {
        if !self.has_header_csp(doc) {
            return;
        }
        let Some(nonce) = self.names.get("nonce") else {
            return;
        };
        let mut roots = vec![root];
        let mut found = Vec::new();
        while let Some(top) = roots.pop() {
            for e in std::iter::once(top).chain(self.descendants_of(top)) {
                if let Some(h) = self.world.get::<crate::shadow::ShadowHost>(e) {
                    roots.push(h.0);
                }
                if self
                    .attrs(e)
                    .and_then(|a| a.get(nonce))
                    .is_some_and(|v| !v.is_empty())
                    && self.is_nonced(e)
                {
                    found.push(e);
                }
            }
        }
        for e in found {
            let Ok(kept) = self.nonce(NodeId(e)) else {
                continue;
            };
            let _ = self.set_attribute(NodeId(e), "nonce", "");
            self.world.entity_mut(e).insert(CryptographicNonce(kept));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_policy_needs_a_directive() {
        assert!(holds_a_policy("img-src 'self'"));
        assert!(holds_a_policy(" ; script-src 'none'"));
        assert!(!holds_a_policy(""));
        assert!(!holds_a_policy(" , ;"));
    }

    #[test]
    fn nonces_are_hidden_in_a_document_with_a_header_policy() {
        let mut d = Document::new();
        d.parse_page("<body>", Default::default(), |_, _| {}, || true)
            .unwrap();
        let root = d.root();
        d.set_csp_headers(root, &["img-src 'self'"]).unwrap();
        let body = d.body_of(root).unwrap().unwrap();
        let div = d.create_element("div").unwrap();
        d.set_attribute(div, "nonce", "abc").unwrap();
        assert_eq!(d.nonce(div).unwrap(), "abc");
        d.append_child(body, div).unwrap();
        assert_eq!(d.get_attribute(div, "nonce").unwrap(), Some(""));
        assert_eq!(d.nonce(div).unwrap(), "abc");
        // A move keeps the attribute; removal and insertion hide it again.
        d.set_attribute(div, "nonce", "xyz").unwrap();
        d.move_before(body, div, None).unwrap();
        assert_eq!(d.get_attribute(div, "nonce").unwrap(), Some("xyz"));
        d.remove(div).unwrap();
        d.append_child(body, div).unwrap();
        assert_eq!(d.get_attribute(div, "nonce").unwrap(), Some(""));
        assert_eq!(d.nonce(div).unwrap(), "xyz");
        // The IDL setter changes the slot only.
        d.set_nonce(div, "new").unwrap();
        assert_eq!(d.nonce(div).unwrap(), "new");
        assert_eq!(d.get_attribute(div, "nonce").unwrap(), Some(""));
        let copy = d.clone_node(div, false).unwrap();
        assert_eq!(d.nonce(copy).unwrap(), "new");
    }

    #[test]
    fn without_a_header_policy_nonces_stay() {
        let mut d = Document::new();
        d.parse_page("<body><p nonce=n>", Default::default(), |_, _| {}, || true)
            .unwrap();
        let p = d.query_selector(d.root(), "p").unwrap().unwrap();
        assert_eq!(d.get_attribute(p, "nonce").unwrap(), Some("n"));
        assert_eq!(d.nonce(p).unwrap(), "n");
    }
}
