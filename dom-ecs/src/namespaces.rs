//! Namespaced names (<https://dom.spec.whatwg.org/#namespaces>):
//! `createElementNS`, the `*AttributeNS` methods, and the namespace
//! lookups of `Node` (`lookupPrefix`, `lookupNamespaceURI`,
//! `isDefaultNamespace`).

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::{Ns, Prefix};
use crate::node::{Attribute, Attributes, ElementName, NodeId, NodeKind};
use crate::tree::{is_valid_attribute_name, is_valid_element_name};

/// What a qualified name is validated as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameContext {
    Element,
    Attribute,
}

/// A valid namespace prefix
/// (<https://dom.spec.whatwg.org/#valid-namespace-prefix>): not empty, no
/// ASCII whitespace, U+0000, `/` or `>`.
fn is_valid_namespace_prefix(p: &str) -> bool {
    !p.is_empty()
        && !p
            .chars()
            .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '>'))
}

/// The XML and XMLNS namespaces' URLs.
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// A namespace argument: the empty string is null.
fn non_empty(ns: Option<&str>) -> Option<&str> {
    ns.filter(|n| !n.is_empty())
}

/// [validate and extract](https://dom.spec.whatwg.org/#validate-and-extract),
/// without interning anything: the namespace (None: null), the prefix and
/// the local name.
pub(crate) fn validate_and_extract<'q>(
    namespace: Option<&'q str>,
    qualified_name: &'q str,
    context: NameContext,
) -> DomResult<(Option<&'q str>, Option<&'q str>, &'q str)> {
    let namespace = non_empty(namespace);
    let (prefix, local) = match qualified_name.split_once(':') {
        Some((p, l)) => {
            if !is_valid_namespace_prefix(p) {
                return Err(DomError::InvalidCharacter(format!(
                    "'{p}' is not a valid namespace prefix"
                )));
            }
            (Some(p), l)
        }
        None => (None, qualified_name),
    };
    let valid = match context {
        NameContext::Element => is_valid_element_name(local),
        NameContext::Attribute => is_valid_attribute_name(local),
    };
    if !valid {
        return Err(DomError::InvalidCharacter(format!(
            "'{local}' is not a valid {} local name",
            match context {
                NameContext::Element => "element",
                NameContext::Attribute => "attribute",
            }
        )));
    }
    let namespace_error = |why: &str| Err(DomError::Namespace(why.to_owned()));
    if prefix.is_some() && namespace.is_none() {
        return namespace_error("a prefix needs a namespace");
    }
    if prefix == Some("xml") && namespace != Some(XML) {
        return namespace_error("the prefix 'xml' is for the XML namespace only");
    }
    let xmlns_name = qualified_name == "xmlns" || prefix == Some("xmlns");
    if xmlns_name && namespace != Some(XMLNS) {
        return namespace_error("'xmlns' names are in the XMLNS namespace only");
    }
    if namespace == Some(XMLNS) && !xmlns_name {
        return namespace_error("the XMLNS namespace is for 'xmlns' names only");
    }
    Ok((namespace, prefix, local))
}

impl Document {
    /// Intern what [`validate_and_extract`] gave.
    pub(crate) fn intern_extracted(
        &mut self,
        namespace: Option<&str>,
        prefix: Option<&str>,
    ) -> DomResult<(Ns, Option<Prefix>)> {
        let ns = self.names.namespace(namespace.unwrap_or(""))?;
        let prefix = prefix.map(|p| self.names.prefix(p)).transpose()?;
        Ok((ns, prefix))
    }

    /// `doc.createElementNS(namespace, qualifiedName)`
    /// (<https://dom.spec.whatwg.org/#internal-createelementns-steps>).
    ///
    /// # Errors
    /// `InvalidCharacterError` or `NamespaceError` from validate and
    /// extract; `InvalidStateError` if `doc` is no document.
    pub fn create_element_ns_in(
        &mut self,
        doc: NodeId,
        namespace: Option<&str>,
        qualified_name: &str,
    ) -> DomResult<NodeId> {
        self.a_document_node(doc)?;
        let (namespace, prefix, local) =
            validate_and_extract(namespace, qualified_name, NameContext::Element)?;
        let (ns, prefix) = self.intern_extracted(namespace, prefix)?;
        let e = self.create_element_raw(ns, prefix, local, Vec::new());
        self.adopt_subtree(e.0, doc.0);
        let html = self.is_html_document(doc.0);
        self.retag(e.0, html);
        Ok(e)
    }

    /// The position of `element`'s attribute in `namespace` named `local`.
    pub(crate) fn attribute_ns_position(
        &self,
        e: Entity,
        namespace: Option<&str>,
        local: &str,
    ) -> Option<usize> {
        let ns = self
            .names
            .find_namespace(non_empty(namespace).unwrap_or(""))?;
        let local = self.names.get(local)?;
        self.attrs(e)?.position(ns, local)
    }

    /// `getAttributeNS(namespace, localName)`
    pub fn get_attribute_ns(
        &self,
        id: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<Option<&str>> {
        let e = self.element(id)?;
        Ok(self
            .attribute_ns_position(e, namespace, local)
            .and_then(|i| self.attrs(e).map(|a| a.list[i].value.as_str())))
    }

    /// `hasAttributeNS(namespace, localName)`
    pub fn has_attribute_ns(
        &self,
        id: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<bool> {
        Ok(self.get_attribute_ns(id, namespace, local)?.is_some())
    }

    /// `setAttributeNS(namespace, qualifiedName, value)`
    /// (<https://dom.spec.whatwg.org/#dom-element-setattributens>): an
    /// existing attribute of that namespace and local name keeps its
    /// prefix and gets the value; else a new one is appended.
    ///
    /// # Errors
    /// As validate and extract.
    pub fn set_attribute_ns(
        &mut self,
        id: NodeId,
        namespace: Option<&str>,
        qualified_name: &str,
        value: &str,
    ) -> DomResult<()> {
        crate::memory::check_memory()?;
        let e = self.element(id)?;
        let (namespace, prefix, local) =
            validate_and_extract(namespace, qualified_name, NameContext::Attribute)?;
        let (ns, prefix) = self.intern_extracted(namespace, prefix)?;
        let local = self.names.intern(local);
        self.observe_attribute(e, ns, local);
        let mut attrs = self
            .world
            .get_mut::<Attributes>(e)
            .expect("elements have attributes");
        match attrs.position(ns, local) {
            Some(i) => crate::node::set_compact(&mut attrs.list[i].value, value),
            None => attrs.list.push(Attribute {
                ns,
                prefix,
                local,
                value: value.into(),
            }),
        }
        if ns == Ns::None {
            self.after_attribute_change(e, local);
        }
        Ok(())
    }

    /// [Change](https://dom.spec.whatwg.org/#concept-element-attributes-change)
    /// `element`'s attribute in `namespace` named `local` to `value`, if it
    /// has one (an `Attr`'s value setter); returns whether it had.
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn change_attribute_ns(
        &mut self,
        id: NodeId,
        namespace: Option<&str>,
        local: &str,
        value: &str,
    ) -> DomResult<bool> {
        let e = self.element(id)?;
        let Some(i) = self.attribute_ns_position(e, namespace, local) else {
            return Ok(false);
        };
        self.observe_attribute_at(e, i);
        let mut attrs = self
            .world
            .get_mut::<Attributes>(e)
            .expect("elements have attributes");
        crate::node::set_compact(&mut attrs.list[i].value, value);
        let (ns, local) = (attrs.list[i].ns, attrs.list[i].local);
        if ns == Ns::None {
            self.after_attribute_change(e, local);
        }
        Ok(true)
    }

    /// `removeAttributeNS(namespace, localName)`
    pub fn remove_attribute_ns(
        &mut self,
        id: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<()> {
        let e = self.element(id)?;
        let Some(i) = self.attribute_ns_position(e, namespace, local) else {
            return Ok(());
        };
        self.observe_attribute_at(e, i);
        self.attr_removing(e, i);
        let removed = self
            .world
            .get_mut::<Attributes>(e)
            .expect("elements have attributes")
            .list
            .remove(i);
        if removed.ns == Ns::None {
            self.after_attribute_change(e, removed.local);
        }
        Ok(())
    }

    /// The element a namespace lookup starts from for `id`: itself, a
    /// document's document element, any other node's parent element;
    /// none for doctypes and fragments.
    fn lookup_start(&self, id: NodeId) -> DomResult<Option<Entity>> {
        let n = self.live(id)?;
        Ok(match n.kind {
            NodeKind::Element => Some(id.0),
            NodeKind::Document => self.document_element_of(id)?.map(|d| d.0),
            NodeKind::Doctype | NodeKind::Fragment => None,
            NodeKind::Attribute => self.attr(id)?.element,
            _ => self.parent_element(id)?.map(|p| p.0),
        })
    }

    /// [locate a namespace](https://dom.spec.whatwg.org/#locate-a-namespace)
    /// for `prefix` from element `e` up.
    pub(crate) fn locate_namespace(&self, mut e: Entity, prefix: Option<&str>) -> Option<String> {
        match prefix {
            Some("xml") => return Some(XML.to_owned()),
            Some("xmlns") => return Some(XMLNS.to_owned()),
            _ => {}
        }
        loop {
            let name = self.world.get::<ElementName>(e)?;
            let own_prefix = name.prefix.map(|p| self.names.prefix_str(p));
            if name.ns != Ns::None && own_prefix == prefix {
                return Some(self.names.ns_url(name.ns).to_owned());
            }
            let declared = self.attrs(e).and_then(|attrs| {
                attrs.iter().find(|a| {
                    let a_prefix = a.prefix.map(|p| self.names.prefix_str(p));
                    let local = self.names.resolve(a.local);
                    a.ns == Ns::Xmlns
                        && match prefix {
                            Some(p) => a_prefix == Some("xmlns") && local == p,
                            None => a_prefix.is_none() && local == "xmlns",
                        }
                })
            });
            if let Some(a) = declared {
                return (!a.value.is_empty()).then(|| a.value.to_string());
            }
            e = self.parent_element(NodeId(e)).ok()??.0;
        }
    }

    /// `lookupNamespaceURI(prefix)`
    pub fn lookup_namespace_uri(
        &self,
        id: NodeId,
        prefix: Option<&str>,
    ) -> DomResult<Option<String>> {
        let prefix = prefix.filter(|p| !p.is_empty());
        Ok(self
            .lookup_start(id)?
            .and_then(|e| self.locate_namespace(e, prefix)))
    }

    /// `isDefaultNamespace(namespace)`
    pub fn is_default_namespace(&self, id: NodeId, namespace: Option<&str>) -> DomResult<bool> {
        let default = self
            .lookup_start(id)?
            .and_then(|e| self.locate_namespace(e, None));
        Ok(default.as_deref() == non_empty(namespace))
    }

    /// `lookupPrefix(namespace)`
    /// (<https://dom.spec.whatwg.org/#locate-a-namespace-prefix>).
    pub fn lookup_prefix(&self, id: NodeId, namespace: Option<&str>) -> DomResult<Option<String>> {
        let Some(namespace) = non_empty(namespace) else {
            return Ok(None);
        };
        let Some(mut e) = self.lookup_start(id)? else {
            return Ok(None);
        };
        loop {
            let Some(name) = self.world.get::<ElementName>(e) else {
                return Ok(None);
            };
            if let Some(p) = name.prefix
                && self.names.ns_url(name.ns) == namespace
            {
                return Ok(Some(self.names.prefix_str(p).to_owned()));
            }
            let declared = self.attrs(e).and_then(|attrs| {
                attrs.iter().find(|a| {
                    a.prefix.map(|p| self.names.prefix_str(p)) == Some("xmlns")
                        && a.value == namespace
                })
            });
            if let Some(a) = declared {
                return Ok(Some(self.names.resolve(a.local).to_owned()));
            }
            match self.parent_element(NodeId(e))? {
                Some(p) => e = p.0,
                None => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names_validate_as_the_standard_says() {
        let el = NameContext::Element;
        assert_eq!(
            validate_and_extract(Some("urn:x"), "p:q", el).unwrap(),
            (Some("urn:x"), Some("p"), "q")
        );
        assert_eq!(
            validate_and_extract(Some(""), "q", el).unwrap(),
            (None, None, "q")
        );
        let code = |ns, q| validate_and_extract(ns, q, el).unwrap_err().name();
        assert_eq!(code(Some("urn:x"), ":q"), "InvalidCharacterError");
        assert_eq!(code(Some("urn:x"), "p:"), "InvalidCharacterError");
        assert_eq!(code(None, "p:q"), "NamespaceError");
        assert_eq!(code(Some("urn:x"), "xml:q"), "NamespaceError");
        assert_eq!(code(Some("urn:x"), "xmlns"), "NamespaceError");
        assert_eq!(code(Some(XMLNS), "q"), "NamespaceError");
        assert!(validate_and_extract(Some(XMLNS), "xmlns:q", NameContext::Attribute).is_ok());
        assert!(validate_and_extract(Some(XML), "xml:lang", NameContext::Attribute).is_ok());
    }

    #[test]
    fn elements_and_attributes_keep_namespaces_and_prefixes() {
        let mut d = Document::parse("<body>");
        let root = d.root();
        let body = d.body().unwrap();
        let e = d.create_element_ns_in(root, Some("urn:x"), "p:Q").unwrap();
        assert_eq!(d.namespace_uri(e).unwrap(), Some("urn:x"));
        assert_eq!(d.element_prefix(e).unwrap(), Some("p"));
        assert_eq!(d.tag_name(e).unwrap(), "p:Q");
        d.append_child(body, e).unwrap();
        d.set_attribute_ns(e, Some("urn:y"), "a:b", "1").unwrap();
        d.set_attribute_ns(e, Some("urn:y"), "c:b", "2").unwrap();
        assert_eq!(
            d.get_attribute_ns(e, Some("urn:y"), "b").unwrap(),
            Some("2")
        );
        assert_eq!(d.get_attribute(e, "a:b").unwrap(), Some("2"));
        assert_eq!(d.outer_html(e).unwrap(), r#"<p:Q a:b="2"></p:Q>"#);
        assert_eq!(
            d.lookup_namespace_uri(e, Some("p")).unwrap().as_deref(),
            Some("urn:x")
        );
        assert_eq!(
            d.lookup_prefix(e, Some("urn:x")).unwrap().as_deref(),
            Some("p")
        );
        d.set_attribute_ns(e, Some(XMLNS), "xmlns:z", "urn:z")
            .unwrap();
        let child = d.create_element("span").unwrap();
        d.append_child(e, child).unwrap();
        assert_eq!(
            d.lookup_namespace_uri(child, Some("z")).unwrap().as_deref(),
            Some("urn:z")
        );
        assert_eq!(
            d.lookup_prefix(child, Some("urn:z")).unwrap().as_deref(),
            Some("z")
        );
        assert!(
            d.is_default_namespace(child, Some("http://www.w3.org/1999/xhtml"))
                .unwrap()
        );
        d.remove_attribute_ns(e, Some("urn:y"), "b").unwrap();
        assert!(!d.has_attribute_ns(e, Some("urn:y"), "b").unwrap());
    }
}
