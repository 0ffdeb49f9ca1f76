//! The [XML fragment parsing algorithm](https://html.spec.whatwg.org/#xml-fragment-parsing-algorithm):
//! what `innerHTML`, `outerHTML`, `insertAdjacentHTML` and
//! `createContextualFragment` parse in an XML document. The markup is read
//! as the content of the context element: the namespaces in scope there
//! (every prefix `lookupNamespaceURI` resolves, and the default
//! namespace) are in scope for it, and it must be well-formed as that
//! content (its elements closed, no doctype, no end tag that closes the
//! context), else a `SyntaxError`.

use bevy_ecs::prelude::*;

use super::{Builder, Scope, run_xml};
use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::NodeId;

impl Document {
    /// The nodes `xml` makes as the content of `context` (none: a new
    /// `body` element of the XHTML namespace), in a new fragment whose
    /// node document is `node_doc`.
    ///
    /// # Errors
    /// `SyntaxError` when `xml` is not well-formed there.
    pub(crate) fn parse_xml_fragment(
        &mut self,
        xml: &str,
        context: Option<Entity>,
        node_doc: Entity,
    ) -> DomResult<NodeId> {
        let scope = match context {
            Some(e) => self.namespaces_in_scope(e),
            None => vec![(None, Some(self.names.ns_url(Ns::Html).to_owned()))],
        };
        let fragment = self.create_document_fragment().0;
        self.adopt_subtree(fragment, node_doc);
        let mut builder = Builder::new(self, fragment);
        builder.fragment = true;
        builder.scopes.borrow_mut().push(scope);
        match run_xml(builder, xml, |_, _| {}, || true) {
            (Some(message), _) => Err(DomError::Syntax(format!(
                "the markup is not well-formed XML: {message}"
            ))),
            _ => Ok(NodeId(fragment)),
        }
    }

    /// The namespace declarations in scope at element `e`, as the start
    /// tag the algorithm feeds the parser declares them: each prefix an
    /// element from `e` up has or declares, bound to what
    /// [locate a namespace](https://dom.spec.whatwg.org/#locate-a-namespace)
    /// finds for it at `e`, and the default namespace.
    fn namespaces_in_scope(&self, e: Entity) -> Scope {
        let mut prefixes: Vec<String> = Vec::new();
        let mut at = Some(e);
        while let Some(x) = at {
            if let Some(name) = self.element_name(x)
                && let Some(p) = name.prefix
            {
                prefixes.push(self.names.prefix_str(p).to_owned());
            }
            for a in self.attrs(x).into_iter().flat_map(|attrs| attrs.iter()) {
                let declares = a.ns == Ns::Xmlns
                    && a.prefix.map(|p| self.names.prefix_str(p)) == Some("xmlns");
                if declares {
                    prefixes.push(self.names.resolve(a.local).to_owned());
                }
            }
            at = self.parent_element(NodeId(x)).ok().flatten().map(|p| p.0);
        }
        prefixes.sort_unstable();
        prefixes.dedup();
        let mut scope: Scope = prefixes
            .into_iter()
            .filter(|p| p != "xml" && p != "xmlns")
            .filter_map(|p| {
                let ns = self.locate_namespace(e, Some(&p))?;
                Some((Some(p), Some(ns)))
            })
            .collect();
        scope.push((None, self.locate_namespace(e, None)));
        scope
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    fn xhtml() -> (Document, crate::NodeId) {
        let mut d = Document::parse("");
        let doc = d.parse_xml_document_node(
            "<html xmlns='http://www.w3.org/1999/xhtml' xmlns:s='urn:s'><body><p/></body></html>",
            "application/xhtml+xml",
        );
        let html = d.document_element_of(doc).unwrap().unwrap();
        let body = d.first_element_child(html).unwrap().unwrap();
        (d, body)
    }

    #[test]
    fn inner_html_reads_xml_with_the_namespaces_in_scope() {
        let (mut d, body) = xhtml();
        d.set_inner_html(body, "x<s:a s:b='1'>&amp;</s:a><i/>y")
            .unwrap();
        let a = d.first_element_child(body).unwrap().unwrap();
        assert_eq!(d.namespace_uri(a).unwrap(), Some("urn:s"));
        assert_eq!(d.tag_name(a).unwrap(), "s:a");
        assert_eq!(
            d.get_attribute_ns(a, Some("urn:s"), "b").unwrap(),
            Some("1")
        );
        let i = d.next_element_sibling(a).unwrap().unwrap();
        assert_eq!(
            d.namespace_uri(i).unwrap(),
            Some("http://www.w3.org/1999/xhtml")
        );
        assert_eq!(d.tag_name(i).unwrap(), "i");
        assert_eq!(d.text_content(body).unwrap().as_deref(), Some("x&y"));
    }

    #[test]
    fn markup_that_is_not_well_formed_is_a_syntax_error_and_changes_nothing() {
        let (mut d, body) = xhtml();
        for bad in [
            "<p>",
            "</body>",
            "x</body><!--y",
            "<x:a/>",
            "&nbsp;",
            "<!DOCTYPE a>",
            "<a b>",
        ] {
            let err = d.set_inner_html(body, bad).unwrap_err();
            assert!(matches!(err, DomError::Syntax(_)), "{bad}: {err:?}");
            assert_eq!(
                d.local_name(d.first_element_child(body).unwrap().unwrap())
                    .unwrap(),
                "p"
            );
        }
        let err = d
            .insert_adjacent_html(body, "beforeend", "<p>")
            .unwrap_err();
        assert!(matches!(err, DomError::Syntax(_)));
    }
}
