//! `Attr` and `NamedNodeMap` (<https://dom.spec.whatwg.org/#interface-attr>,
//! <https://dom.spec.whatwg.org/#interface-namednodemap>) as the bridges
//! see them: an attribute is named by its element, its namespace and its
//! local name (an [`AttrRef`]: the bridges' `Attr` objects hold these and
//! the names, which never change), and every read goes to the element's
//! attribute list as it is now. [`AttrMap`]'s methods are the
//! `NamedNodeMap` members both bridges bind from the binding table.

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{Attribute, NodeId};

/// What an `Attr` reads of its attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrData {
    /// `namespaceURI`
    pub namespace: Option<String>,
    /// `prefix`
    pub prefix: Option<String>,
    /// `localName`
    pub local_name: String,
    /// `value`
    pub value: String,
}

/// An attribute as a result (`getNamedItem`, `getAttributeNode`...):
/// what each bridge makes its `Attr` object of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrRef {
    /// The element it is an attribute of.
    pub element: NodeId,
    /// Its qualified name.
    pub name: String,
    /// Its namespace, prefix and local name, and its value when found.
    pub data: AttrData,
}

impl AttrRef {
    /// What the element's attribute of this namespace and local name
    /// reads now; none once the element has no such attribute.
    fn current(&self, d: &Document) -> DomResult<Option<AttrData>> {
        d.attr_data_ns(
            self.element,
            self.data.namespace.as_deref(),
            &self.data.local_name,
        )
    }

    /// Whether the element still has the attribute (its `Attr` is attached).
    fn attached(&self, d: &Document) -> DomResult<bool> {
        Ok(self.current(d)?.is_some())
    }

    /// `name`: the qualified name.
    ///
    /// # Errors
    /// None (the names never change).
    pub fn qualified_name(&self, _: &Document) -> DomResult<String> {
        Ok(self.name.clone())
    }

    /// `localName`
    ///
    /// # Errors
    /// None.
    pub fn local_name(&self, _: &Document) -> DomResult<String> {
        Ok(self.data.local_name.clone())
    }

    /// `namespaceURI`
    ///
    /// # Errors
    /// None.
    pub fn namespace_uri(&self, _: &Document) -> DomResult<Option<String>> {
        Ok(self.data.namespace.clone())
    }

    /// `prefix`
    ///
    /// # Errors
    /// None.
    pub fn prefix(&self, _: &Document) -> DomResult<Option<String>> {
        Ok(self.data.prefix.clone())
    }

    /// `value`: the element's attribute value while it has the attribute;
    /// "" after (a removed `Attr` keeps its last value in the spec: ecsdom
    /// has no `Attr` node to keep it in yet).
    ///
    /// # Errors
    /// `StaleNode` when the element was reclaimed.
    pub fn value(&self, d: &Document) -> DomResult<String> {
        Ok(self.current(d)?.map(|a| a.value).unwrap_or_default())
    }

    /// `value = v` ("set an existing attribute value"): sets the element's
    /// attribute while the `Attr` is attached; nothing after (it must not
    /// come back on the element).
    ///
    /// # Errors
    /// As [`AttrRef::value`].
    pub fn set_value(&self, d: &mut Document, value: &str) -> DomResult<()> {
        d.change_attribute_ns(
            self.element,
            self.data.namespace.as_deref(),
            &self.data.local_name,
            value,
        )?;
        Ok(())
    }

    /// `ownerElement`: the element while it has the attribute, else none.
    ///
    /// # Errors
    /// As [`AttrRef::value`].
    pub fn owner_element(&self, d: &Document) -> DomResult<Option<NodeId>> {
        Ok(self.attached(d)?.then_some(self.element))
    }

    /// `specified`: always true.
    ///
    /// # Errors
    /// None.
    pub fn specified(&self, _: &Document) -> DomResult<bool> {
        Ok(true)
    }
}

/// The `NamedNodeMap` of an element's attributes (`attributes`): live,
/// so it is the element; each bridge makes its map object of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrMap {
    /// The element whose attributes it lists.
    pub element: NodeId,
}

impl AttrMap {
    /// `length`
    ///
    /// # Errors
    /// `InvalidStateError` or `StaleNode` when the element is gone.
    pub fn length(&self, d: &Document) -> DomResult<usize> {
        d.attribute_count(self.element)
    }

    /// `item(index)`: the attribute at `index`, none past the end.
    ///
    /// # Errors
    /// As [`AttrMap::length`].
    pub fn item(&self, d: &Document, index: usize) -> DomResult<Option<AttrRef>> {
        d.attribute_item(self.element, index)
    }

    /// `getNamedItem(qualifiedName)`: "get an attribute by name".
    ///
    /// # Errors
    /// As [`AttrMap::length`].
    pub fn get_named_item(&self, d: &Document, qualified_name: &str) -> DomResult<Option<AttrRef>> {
        d.attribute_node(self.element, qualified_name)
    }

    /// `removeNamedItem(qualifiedName)`: the removed attribute.
    ///
    /// # Errors
    /// `NotFoundError` when there is no such attribute; as
    /// [`AttrMap::length`].
    pub fn remove_named_item(&self, d: &mut Document, qualified_name: &str) -> DomResult<AttrRef> {
        let Some(found) = d.attribute_node(self.element, qualified_name)? else {
            return Err(DomError::NotFound(format!(
                "no attribute named '{qualified_name}'"
            )));
        };
        d.remove_attribute_ns(
            self.element,
            found.data.namespace.as_deref(),
            &found.data.local_name,
        )?;
        Ok(found)
    }
}

impl Document {
    /// `attributes` (<https://dom.spec.whatwg.org/#dom-element-attributes>).
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn attributes_of(&self, element: NodeId) -> DomResult<AttrMap> {
        self.element(element)?;
        Ok(AttrMap { element })
    }

    /// `getAttributeNode(qualifiedName)`
    /// (<https://dom.spec.whatwg.org/#dom-element-getattributenode>): the
    /// attribute "get an attribute by name" finds (the name lowercased
    /// first on an HTML element).
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn attribute_node(
        &self,
        element: NodeId,
        qualified_name: &str,
    ) -> DomResult<Option<AttrRef>> {
        let (e, attrs) = self.attrs_of(element)?;
        let name = self.html_lower(e, qualified_name);
        Ok(attrs
            .position_by_qname(&self.names, &name)
            .map(|i| self.attr_ref_of(element, &attrs.list[i])))
    }

    /// `NamedNodeMap.item(index)`: `element`'s attribute at `index`, none
    /// past the end.
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_item(&self, element: NodeId, index: usize) -> DomResult<Option<AttrRef>> {
        let (_, attrs) = self.attrs_of(element)?;
        Ok(attrs.list.get(index).map(|a| self.attr_ref_of(element, a)))
    }

    fn attr_ref_of(&self, element: NodeId, a: &Attribute) -> AttrRef {
        AttrRef {
            element,
            name: self.attribute_qualified_name(a).into_owned(),
            data: self.attr_data_of(a),
        }
    }

    fn attr_data_of(&self, a: &Attribute) -> AttrData {
        AttrData {
            namespace: (a.ns != Ns::None).then(|| self.names.ns_url(a.ns).to_owned()),
            prefix: a.prefix.map(|p| self.names.prefix_str(p).to_owned()),
            local_name: self.names.resolve(a.local).to_owned(),
            value: a.value.as_str().to_owned(),
        }
    }

    /// `NamedNodeMap.length`
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_count(&self, element: NodeId) -> DomResult<usize> {
        Ok(self.attrs_of(element)?.1.list.len())
    }

    /// What `element`'s attribute in `namespace` named `local` reads; none
    /// if it has no such attribute.
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attr_data_ns(
        &self,
        element: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<Option<AttrData>> {
        let (e, attrs) = self.attrs_of(element)?;
        Ok(self
            .attribute_ns_position(e, namespace, local)
            .map(|i| self.attr_data_of(&attrs.list[i])))
    }

    /// A `NamedNodeMap`'s supported property names
    /// (<https://dom.spec.whatwg.org/#ref-for-dfn-supported-property-names%E2%91%A0>):
    /// its attributes' qualified names in order, each once; on an HTML
    /// element, without those holding an ASCII upper-case letter.
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_supported_names(&self, element: NodeId) -> DomResult<Vec<String>> {
        let (e, attrs) = self.attrs_of(element)?;
        let html = self
            .element_name(e)
            .is_some_and(|n| n.ns == crate::intern::Ns::Html);
        let mut out: Vec<String> = Vec::with_capacity(attrs.list.len());
        let mut seen = rustc_hash::FxHashSet::default();
        for a in &attrs.list {
            let name = self.attribute_qualified_name(a);
            if html && name.bytes().any(|b| b.is_ascii_uppercase()) {
                continue;
            }
            if seen.insert(name.clone()) {
                out.push(name.into_owned());
            }
        }
        Ok(out)
    }

    /// The attribute a `NamedNodeMap`'s named property `name` is (one of
    /// [`Document::attribute_supported_names`]): its qualified name.
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_by_supported_name(
        &self,
        element: NodeId,
        name: &str,
    ) -> DomResult<Option<String>> {
        let (e, _) = self.attrs_of(element)?;
        let html = self
            .element_name(e)
            .is_some_and(|n| n.ns == crate::intern::Ns::Html);
        if html && name.bytes().any(|b| b.is_ascii_uppercase()) {
            return Ok(None);
        }
        Ok(self.attribute_node(element, name)?.map(|a| a.name))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    #[test]
    fn attrs_by_name_index_and_removal() {
        let mut d = Document::parse("<p id=p Title=t></p><svg><a xlink:href=u></a></svg>");
        let p = d.get_element_by_id("p").unwrap();
        assert_eq!(d.attribute_count(p).unwrap(), 2);
        assert_eq!(d.attribute_item(p, 1).unwrap().unwrap().name, "title");
        assert_eq!(d.attribute_node(p, "TITLE").unwrap().unwrap().name, "title");
        let data = d.attr_data_ns(p, None, "title").unwrap().unwrap();
        assert_eq!(
            (
                data.namespace.as_deref(),
                data.prefix.as_deref(),
                &*data.value
            ),
            (None, None, "t")
        );
        let map = d.attributes_of(p).unwrap();
        assert_eq!(map.length(&d).unwrap(), 2);
        assert_eq!(map.item(&d, 1).unwrap().unwrap().name, "title");
        assert_eq!(
            map.get_named_item(&d, "TITLE").unwrap(),
            d.attribute_node(p, "title").unwrap()
        );
        let removed = map.remove_named_item(&mut d, "Title").unwrap();
        assert_eq!((&*removed.name, &*removed.data.value), ("title", "t"));
        assert!(matches!(
            map.remove_named_item(&mut d, "title"),
            Err(DomError::NotFound(_))
        ));
        assert_eq!(map.item(&d, 1).unwrap(), None);
        // A removed Attr: no owner, and setting its value adds nothing back.
        assert_eq!(removed.owner_element(&d).unwrap(), None);
        removed.set_value(&mut d, "again").unwrap();
        assert!(!d.has_attribute(p, "title").unwrap());
        let id = d.attribute_node(p, "id").unwrap().unwrap();
        id.set_value(&mut d, "q").unwrap();
        assert_eq!(
            (id.value(&d).unwrap(), id.owner_element(&d).unwrap()),
            ("q".to_owned(), Some(p))
        );

        let a = d.query_selector(d.root(), "svg a").unwrap().unwrap();
        let data = d.attribute_node(a, "xlink:href").unwrap().unwrap().data;
        assert_eq!(data.prefix.as_deref(), Some("xlink"));
        assert_eq!(
            data.namespace.as_deref(),
            Some("http://www.w3.org/1999/xlink")
        );
        assert_eq!(data.local_name, "href");
        assert_eq!(d.attribute_supported_names(p).unwrap(), ["id"]);
        assert_eq!(d.attribute_by_supported_name(p, "ID").unwrap(), None);
        let text = d.body().unwrap();
        assert!(
            d.attribute_count(d.first_child(text).unwrap().unwrap())
                .is_ok()
        );
    }
}
