//! `Attr` nodes and `NamedNodeMap` (<https://dom.spec.whatwg.org/#interface-attr>,
//! <https://dom.spec.whatwg.org/#interface-namednodemap>).
//!
//! An element's attributes live in its [`Attributes`] list, as the
//! serializer, the selectors and the setters read them. An `Attr` node is
//! made only when a script asks for one (`getAttributeNode`,
//! `attributes[i]`, `createAttribute`...): an entity of kind
//! [`NodeKind::Attribute`] with an [`AttrNode`] holding its names and, while
//! it is attached, its element, whose list holds the value. The document
//! keeps the attached ones by element ([`AttrNodes`]), so asking twice
//! gives the same node. When an attribute is removed its node (if made)
//! takes the value it had and is detached; a detached node keeps its own
//! value. An attached `Attr` keeps its element's tree alive; the element
//! takes its attached `Attr`s with it when it is reclaimed.

use bevy_ecs::component::Component;
use bevy_ecs::entity::Entity;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::{Ns, Prefix, Symbol};
use crate::node::{Attribute, Attributes, Node, NodeId, NodeKind};

/// An `Attr` node's own data.
#[derive(Component, Clone, Debug)]
pub struct AttrNode {
    pub(crate) ns: Ns,
    pub(crate) prefix: Option<Prefix>,
    pub(crate) local: Symbol,
    /// Its element while attached.
    pub(crate) element: Option<Entity>,
    /// Its value while detached (attached: the element's list has it).
    pub(crate) value: CompactString,
}

/// The attached `Attr` nodes made so far, by element.
#[derive(Default, Debug)]
pub(crate) struct AttrNodes(FxHashMap<Entity, SmallVec<[Entity; 2]>>);

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
    pub fn length(&self, d: &mut Document) -> DomResult<usize> {
        d.attribute_count(self.element)
    }

    /// `item(index)`: the attribute at `index`, none past the end.
    ///
    /// # Errors
    /// As [`AttrMap::length`].
    pub fn item(&self, d: &mut Document, index: usize) -> DomResult<Option<NodeId>> {
        d.attribute_item(self.element, index)
    }

    /// `getNamedItem(qualifiedName)`: "get an attribute by name".
    ///
    /// # Errors
    /// As [`AttrMap::length`].
    pub fn get_named_item(
        &self,
        d: &mut Document,
        qualified_name: &str,
    ) -> DomResult<Option<NodeId>> {
        d.attribute_node(self.element, qualified_name)
    }

    /// `getNamedItemNS(namespace, localName)`
    ///
    /// # Errors
    /// As [`AttrMap::length`].
    pub fn get_named_item_ns(
        &self,
        d: &mut Document,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<Option<NodeId>> {
        d.attribute_node_ns(self.element, namespace, local)
    }

    /// `setNamedItem(attr)` and `setNamedItemNS(attr)`: "set an attribute".
    ///
    /// # Errors
    /// As [`Document::set_attribute_node`].
    pub fn set_named_item(&self, d: &mut Document, attr: NodeId) -> DomResult<Option<NodeId>> {
        d.set_attribute_node(self.element, attr)
    }

    /// `removeNamedItem(qualifiedName)`: the removed attribute.
    ///
    /// # Errors
    /// `NotFoundError` when there is no such attribute; as
    /// [`AttrMap::length`].
    pub fn remove_named_item(&self, d: &mut Document, qualified_name: &str) -> DomResult<NodeId> {
        let Some(found) = d.attribute_node(self.element, qualified_name)? else {
            return Err(DomError::NotFound(format!(
                "no attribute named '{qualified_name}'"
            )));
        };
        d.remove_attribute_node(self.element, found)
    }

    /// `removeNamedItemNS(namespace, localName)`: the removed attribute.
    ///
    /// # Errors
    /// As [`AttrMap::remove_named_item`].
    pub fn remove_named_item_ns(
        &self,
        d: &mut Document,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<NodeId> {
        let Some(found) = d.attribute_node_ns(self.element, namespace, local)? else {
            return Err(DomError::NotFound(format!("no attribute named '{local}'")));
        };
        d.remove_attribute_node(self.element, found)
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
    /// `Attr` of the attribute "get an attribute by name" finds (the name
    /// lowercased first on an HTML element).
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn attribute_node(
        &mut self,
        element: NodeId,
        qualified_name: &str,
    ) -> DomResult<Option<NodeId>> {
        let (e, attrs) = self.attrs_of(element)?;
        let name = self.html_lower(e, qualified_name);
        let i = attrs.position_by_qname(&self.names, &name);
        Ok(i.map(|i| NodeId(self.attr_entity(e, i))))
    }

    /// `getAttributeNodeNS(namespace, localName)`
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_node_ns(
        &mut self,
        element: NodeId,
        namespace: Option<&str>,
        local: &str,
    ) -> DomResult<Option<NodeId>> {
        let e = self.element(element)?;
        let i = self.attribute_ns_position(e, namespace, local);
        Ok(i.map(|i| NodeId(self.attr_entity(e, i))))
    }

    /// `NamedNodeMap.item(index)`: `element`'s attribute at `index`, none
    /// past the end.
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_item(&mut self, element: NodeId, index: usize) -> DomResult<Option<NodeId>> {
        let (e, attrs) = self.attrs_of(element)?;
        let found = index < attrs.list.len();
        Ok(found.then(|| NodeId(self.attr_entity(e, index))))
    }

    /// The `Attr` node of `e`'s attribute at `i`: the one made before, or
    /// a new attached one.
    fn attr_entity(&mut self, e: Entity, i: usize) -> Entity {
        let a = &self.attrs(e).expect("an element").list[i];
        let (ns, prefix, local) = (a.ns, a.prefix, a.local);
        if let Some(made) = self.attr_nodes.0.get(&e) {
            for &x in made {
                if let Some(n) = self.world.get::<AttrNode>(x)
                    && n.ns == ns
                    && n.local == local
                {
                    return x;
                }
            }
        }
        let doc = self.node_document(e);
        let x = self.spawn_attr(ns, prefix, local, Some(e), CompactString::default(), doc);
        self.attr_nodes.0.entry(e).or_default().push(x);
        x
    }

    /// A new `Attr` entity of `doc`.
    fn spawn_attr(
        &mut self,
        ns: Ns,
        prefix: Option<Prefix>,
        local: Symbol,
        element: Option<Entity>,
        value: CompactString,
        doc: Entity,
    ) -> Entity {
        let x = self
            .world
            .spawn((
                Node::new(NodeKind::Attribute),
                AttrNode {
                    ns,
                    prefix,
                    local,
                    element,
                    value,
                },
            ))
            .id();
        if doc != self.root {
            self.set_node_document(x, doc);
        }
        x
    }

    /// The attribute at `i` of `e` is about to be removed: its `Attr`
    /// node, if one was made, takes its value and is detached.
    pub(crate) fn attr_removing(&mut self, e: Entity, i: usize) {
        if self.attr_nodes.0.is_empty() {
            return;
        }
        let Some(a) = self.attrs(e).and_then(|a| a.list.get(i)).cloned() else {
            return;
        };
        let Some(made) = self.attr_nodes.0.get_mut(&e) else {
            return;
        };
        let world = &self.world;
        let Some(pos) = made.iter().position(|&x| {
            world
                .get::<AttrNode>(x)
                .is_some_and(|n| n.ns == a.ns && n.local == a.local)
        }) else {
            return;
        };
        let x = made.remove(pos);
        if made.is_empty() {
            self.attr_nodes.0.remove(&e);
        }
        if let Some(mut n) = self.world.get_mut::<AttrNode>(x) {
            n.element = None;
            n.value = a.value;
        }
        self.lifetime.note_detached(x);
    }

    /// `e`, an element, is reclaimed: so are its attached `Attr`s.
    pub(crate) fn forget_attr_nodes(&mut self, e: Entity) {
        if let Some(made) = self.attr_nodes.0.remove(&e) {
            for x in made {
                self.world.despawn(x);
            }
        }
    }

    /// The attached `Attr`s made of `e`'s attributes.
    pub(crate) fn attr_nodes_of(&self, e: Entity) -> &[Entity] {
        self.attr_nodes.0.get(&e).map_or(&[], |v| v.as_slice())
    }

    /// Whether an `Attr` node was ever asked for and is attached (the
    /// parallel command-buffer writes step aside while one is).
    pub(crate) fn has_attr_nodes(&self) -> bool {
        !self.attr_nodes.0.is_empty()
    }

    /// The `Attr` node `id`'s data.
    pub(crate) fn attr(&self, id: NodeId) -> DomResult<&AttrNode> {
        self.live(id)?;
        self.world
            .get::<AttrNode>(id.0)
            .ok_or_else(|| DomError::Type("the node is not an Attr".into()))
    }

    /// `doc.createAttribute(localName)`
    /// (<https://dom.spec.whatwg.org/#dom-document-createattribute>): a
    /// detached `Attr` with no namespace, its name lowercased in an HTML
    /// document.
    ///
    /// # Errors
    /// `InvalidCharacterError` if `local` is not a valid attribute local
    /// name; `InvalidStateError` if `doc` is no document.
    pub fn create_attribute_in(&mut self, doc: NodeId, local: &str) -> DomResult<NodeId> {
        let d = self.a_document_node(doc)?;
        if !crate::tree::is_valid_attribute_name(local) {
            return Err(DomError::InvalidCharacter(format!(
                "'{local}' is not a valid attribute name"
            )));
        }
        let local = if self.is_html_document(d) {
            local.to_ascii_lowercase()
        } else {
            local.to_owned()
        };
        let sym = self.names.intern(&local);
        Ok(NodeId(self.spawn_attr(
            Ns::None,
            None,
            sym,
            None,
            CompactString::default(),
            d,
        )))
    }

    /// `doc.createAttributeNS(namespace, qualifiedName)`.
    ///
    /// # Errors
    /// As validate and extract (`InvalidCharacterError`, `NamespaceError`);
    /// `InvalidStateError` if `doc` is no document.
    pub fn create_attribute_ns_in(
        &mut self,
        doc: NodeId,
        namespace: Option<&str>,
        qualified_name: &str,
    ) -> DomResult<NodeId> {
        let d = self.a_document_node(doc)?;
        let (namespace, prefix, local) = crate::namespaces::validate_and_extract(
            namespace,
            qualified_name,
            crate::namespaces::NameContext::Attribute,
        )?;
        let (ns, prefix) = self.intern_extracted(namespace, prefix)?;
        let local = self.names.intern(local);
        Ok(NodeId(self.spawn_attr(
            ns,
            prefix,
            local,
            None,
            CompactString::default(),
            d,
        )))
    }

    /// `element.setAttributeNode(attr)` and `setAttributeNodeNS(attr)`:
    /// [set an attribute](https://dom.spec.whatwg.org/#concept-element-attributes-set)
    /// (the attribute it replaces, detached, or none).
    ///
    /// # Errors
    /// `TypeError` if `attr` is no `Attr`; `InUseAttributeError` if it is
    /// another element's; as [`Document::attribute_node`].
    pub fn set_attribute_node(
        &mut self,
        element: NodeId,
        attr: NodeId,
    ) -> DomResult<Option<NodeId>> {
        let e = self.element(element)?;
        let a = self.attr(attr)?.clone();
        match a.element {
            Some(owner) if owner == e => return Ok(Some(attr)),
            Some(_) => {
                return Err(DomError::InUseAttribute(
                    "the attribute is another element's".into(),
                ));
            }
            None => {}
        }
        let old = self.attrs(e).and_then(|l| l.position(a.ns, a.local));
        let old_node = old.map(|i| NodeId(self.attr_entity(e, i)));
        // Adopt it into the element's node document.
        let doc = self.node_document(e);
        if self.node_document(attr.0) != doc {
            self.set_node_document(attr.0, doc);
        }
        let value = a.value.clone();
        match old {
            Some(i) => {
                // Replace: the old node takes its value and is detached;
                // the new one takes its place in the list.
                self.observe_attribute_at(e, i);
                self.attr_removing(e, i);
                let mut attrs = self.world.get_mut::<Attributes>(e).expect("attributes");
                attrs.list[i] = Attribute {
                    ns: a.ns,
                    prefix: a.prefix,
                    local: a.local,
                    value,
                };
            }
            None => {
                self.observe_attribute(e, a.ns, a.local);
                let mut attrs = self.world.get_mut::<Attributes>(e).expect("attributes");
                attrs.list.push(Attribute {
                    ns: a.ns,
                    prefix: a.prefix,
                    local: a.local,
                    value,
                });
            }
        }
        if let Some(mut n) = self.world.get_mut::<AttrNode>(attr.0) {
            n.element = Some(e);
            n.value = CompactString::default();
        }
        self.attr_nodes.0.entry(e).or_default().push(attr.0);
        if a.ns == Ns::None {
            self.after_attribute_change(e, a.local);
        }
        Ok(old_node)
    }

    /// `element.removeAttributeNode(attr)`: `attr`, removed and detached.
    ///
    /// # Errors
    /// `NotFoundError` if it is no attribute of `element`; `TypeError` if
    /// it is no `Attr`.
    pub fn remove_attribute_node(&mut self, element: NodeId, attr: NodeId) -> DomResult<NodeId> {
        let e = self.element(element)?;
        let a = self.attr(attr)?;
        if a.element != Some(e) {
            return Err(DomError::NotFound(
                "the attribute is not the element's".into(),
            ));
        }
        let (ns, local) = (a.ns, a.local);
        let Some(i) = self.attrs(e).and_then(|l| l.position(ns, local)) else {
            return Err(DomError::NotFound(
                "the attribute is not the element's".into(),
            ));
        };
        self.observe_attribute_at(e, i);
        self.attr_removing(e, i);
        self.world
            .get_mut::<Attributes>(e)
            .expect("attributes")
            .list
            .remove(i);
        if ns == Ns::None {
            self.after_attribute_change(e, local);
        }
        Ok(attr)
    }

    /// The qualified name of `Attr` `id` (`name`, `nodeName`).
    ///
    /// # Errors
    /// `TypeError` if it is no `Attr`; `StaleNode`.
    pub fn attr_name(&self, id: NodeId) -> DomResult<String> {
        let a = self.attr(id)?;
        Ok(match a.prefix {
            Some(p) => format!(
                "{}:{}",
                self.names.prefix_str(p),
                self.names.resolve(a.local)
            ),
            None => self.names.resolve(a.local).to_owned(),
        })
    }

    /// `Attr.localName`
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn attr_local_name(&self, id: NodeId) -> DomResult<String> {
        Ok(self.names.resolve(self.attr(id)?.local).to_owned())
    }

    /// `Attr.namespaceURI`
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn attr_namespace_uri(&self, id: NodeId) -> DomResult<Option<String>> {
        let a = self.attr(id)?;
        Ok((a.ns != Ns::None).then(|| self.names.ns_url(a.ns).to_owned()))
    }

    /// `Attr.prefix`
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn attr_prefix(&self, id: NodeId) -> DomResult<Option<String>> {
        let a = self.attr(id)?;
        Ok(a.prefix.map(|p| self.names.prefix_str(p).to_owned()))
    }

    /// `Attr.value` (and its `nodeValue` and `textContent`): the element's
    /// attribute value while attached, its own after.
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn attr_value(&self, id: NodeId) -> DomResult<String> {
        self.attr_value_str(id).map(str::to_owned)
    }

    /// [`Document::attr_value`], borrowed (`nodeValue`, equality, cloning).
    pub(crate) fn attr_value_str(&self, id: NodeId) -> DomResult<&str> {
        let a = self.attr(id)?;
        Ok(match a.element {
            Some(e) => self
                .attrs(e)
                .and_then(|l| l.position(a.ns, a.local).map(|i| l.list[i].value.as_str()))
                .unwrap_or(""),
            None => a.value.as_str(),
        })
    }

    /// `Attr.value = v` ("set an existing attribute value"): the element's
    /// attribute is changed while attached; else its own value.
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn set_attr_value(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        let a = self.attr(id)?.clone();
        match a.element {
            Some(e) => {
                let ns = (a.ns != Ns::None).then(|| self.names.ns_url(a.ns).to_owned());
                let local = self.names.resolve(a.local).to_owned();
                self.change_attribute_ns(NodeId(e), ns.as_deref(), &local, value)?;
            }
            None => {
                if let Some(mut n) = self.world.get_mut::<AttrNode>(id.0) {
                    n.value = value.into();
                }
            }
        }
        Ok(())
    }

    /// `Attr.ownerElement`
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn attr_owner_element(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        Ok(self.attr(id)?.element.map(NodeId))
    }

    /// `Attr.specified`: always true.
    ///
    /// # Errors
    /// As [`Document::attr_name`].
    pub fn attr_specified(&self, id: NodeId) -> DomResult<bool> {
        self.attr(id)?;
        Ok(true)
    }

    /// A copy of `Attr` `e` (its names and value), detached, of the same
    /// node document (cloning an `Attr`).
    pub(crate) fn clone_attr(&mut self, e: Entity) -> Entity {
        let a = self.world.get::<AttrNode>(e).cloned().expect("an Attr");
        let value = self
            .attr_value_str(NodeId(e))
            .map(CompactString::from)
            .unwrap_or_default();
        let doc = self.node_document(e);
        let x = self.spawn_attr(a.ns, a.prefix, a.local, None, value, doc);
        self.lifetime.note_detached(x);
        x
    }

    /// Whether `Attr`s `a` and `b` are equal (namespace, local name, value).
    pub(crate) fn attrs_equal(&self, a: Entity, b: Entity) -> bool {
        let (Some(x), Some(y)) = (self.world.get::<AttrNode>(a), self.world.get::<AttrNode>(b))
        else {
            return false;
        };
        x.ns == y.ns
            && x.local == y.local
            && self.attr_value_str(NodeId(a)).ok() == self.attr_value_str(NodeId(b)).ok()
    }

    /// `NamedNodeMap.length`
    ///
    /// # Errors
    /// As [`Document::attribute_node`].
    pub fn attribute_count(&self, element: NodeId) -> DomResult<usize> {
        Ok(self.attrs_of(element)?.1.list.len())
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
        let (e, attrs) = self.attrs_of(element)?;
        let name = self.html_lower(e, name);
        Ok(attrs
            .position_by_qname(&self.names, &name)
            .map(|i| self.attribute_qualified_name(&attrs.list[i]).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError, NodeKind};

    #[test]
    fn attr_nodes_are_made_once_and_detach_with_their_value() {
        let mut d = Document::parse("<p id=p Title=t></p><svg><a xlink:href=u></a></svg>");
        let p = d.get_element_by_id("p").unwrap();
        assert_eq!(d.attribute_count(p).unwrap(), 2);
        let title = d.attribute_item(p, 1).unwrap().unwrap();
        assert_eq!(d.node_type(title).unwrap(), NodeKind::Attribute.node_type());
        assert_eq!(d.attr_name(title).unwrap(), "title");
        assert_eq!(
            d.attribute_node(p, "TITLE").unwrap(),
            Some(title),
            "one node"
        );
        assert_eq!(d.attr_value(title).unwrap(), "t");
        assert_eq!(d.attr_owner_element(title).unwrap(), Some(p));
        let map = d.attributes_of(p).unwrap();
        let removed = map.remove_named_item(&mut d, "Title").unwrap();
        assert_eq!(removed, title);
        assert!(matches!(
            map.remove_named_item(&mut d, "title"),
            Err(DomError::NotFound(_))
        ));
        // Detached: no owner, its last value, and writes stay on it.
        assert_eq!(d.attr_owner_element(title).unwrap(), None);
        assert_eq!(d.attr_value(title).unwrap(), "t");
        d.set_attr_value(title, "again").unwrap();
        assert!(!d.has_attribute(p, "title").unwrap());
        assert_eq!(d.attr_value(title).unwrap(), "again");
        // Set back: it is the element's again, with its value.
        assert_eq!(d.set_attribute_node(p, title).unwrap(), None);
        assert_eq!(d.get_attribute(p, "title").unwrap(), Some("again"));
        let id = d.attribute_node(p, "id").unwrap().unwrap();
        d.set_attr_value(id, "q").unwrap();
        assert_eq!(d.get_attribute(p, "id").unwrap(), Some("q"));

        let a = d.query_selector(d.root(), "svg a").unwrap().unwrap();
        let href = d.attribute_node(a, "xlink:href").unwrap().unwrap();
        assert_eq!(d.attr_prefix(href).unwrap().as_deref(), Some("xlink"));
        assert_eq!(
            d.attr_namespace_uri(href).unwrap().as_deref(),
            Some("http://www.w3.org/1999/xlink")
        );
        assert_eq!(d.attr_local_name(href).unwrap(), "href");
        assert_eq!(d.attribute_supported_names(p).unwrap(), ["id", "title"]);
        assert_eq!(d.attribute_by_supported_name(p, "ID").unwrap(), None);
    }

    #[test]
    fn created_attrs_are_set_replaced_and_in_use_elsewhere() {
        let mut d = Document::parse("<p></p><b></b>");
        let root = d.root();
        let p = d.query_selector(root, "p").unwrap().unwrap();
        let b = d.query_selector(root, "b").unwrap().unwrap();
        assert!(matches!(
            d.create_attribute_in(root, ""),
            Err(DomError::InvalidCharacter(_))
        ));
        let x = d.create_attribute_in(root, "X").unwrap();
        assert_eq!(
            d.attr_name(x).unwrap(),
            "x",
            "lowercased in an HTML document"
        );
        d.set_attr_value(x, "1").unwrap();
        assert_eq!(d.set_attribute_node(p, x).unwrap(), None);
        assert_eq!(d.get_attribute(p, "x").unwrap(), Some("1"));
        assert!(matches!(
            d.set_attribute_node(b, x),
            Err(DomError::InUseAttribute(_))
        ));
        let y = d.create_attribute_in(root, "x").unwrap();
        d.set_attr_value(y, "2").unwrap();
        assert_eq!(d.set_attribute_node(p, y).unwrap(), Some(x), "replaced");
        assert_eq!(d.attr_owner_element(x).unwrap(), None);
        assert_eq!(d.attr_value(x).unwrap(), "1");
        assert_eq!(d.get_attribute(p, "x").unwrap(), Some("2"));
        assert_eq!(d.remove_attribute_node(p, y).unwrap(), y);
        assert!(matches!(
            d.remove_attribute_node(p, y),
            Err(DomError::NotFound(_))
        ));
        let c = d.clone_node(x, false).unwrap();
        assert!(d.is_equal_node(c, Some(x)).unwrap());
        assert_eq!(d.node_name(c).unwrap(), "x");
        assert_eq!(d.text_content(c).unwrap().as_deref(), Some("1"));
        assert!(matches!(
            d.append_child(p, c),
            Err(DomError::HierarchyRequest(_))
        ));
        d.check_invariants().unwrap();
    }
}
