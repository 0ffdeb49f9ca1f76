//! The components a node is made of.
//!
//! Every node is one entity. All nodes have a [`Node`] (kind and tree links);
//! elements add [`ElementName`] and [`Attributes`]; text and comments add
//! [`CharacterData`]; a doctype adds [`Doctype`]; a `<template>` adds
//! [`TemplateContents`]. Components are small and stored in bevy tables, so
//! a pass over one column (all texts, say) reads contiguous memory.

use bevy_ecs::prelude::*;
use compact_str::CompactString;
use smallvec::SmallVec;

use crate::intern::{Ns, Prefix, Symbol};

/// A node's identity: a generational entity ID. Copy it freely; a handle to a
/// node that has been reclaimed gives [`DomError::StaleNode`](crate::DomError::StaleNode)
/// instead of reaching another node. Only meaningful with the document that made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) Entity);

impl NodeId {
    /// The entity behind the node.
    #[inline]
    pub fn entity(self) -> Entity {
        self.0
    }

    /// The 64-bit form of the ID (index and generation), for handles.
    #[inline]
    pub fn to_bits(self) -> u64 {
        self.0.to_bits()
    }

    /// A node ID from [`NodeId::to_bits`]; `None` if the bits are not an entity.
    #[inline]
    pub fn from_bits(bits: u64) -> Option<NodeId> {
        Entity::try_from_bits(bits).map(NodeId)
    }

    /// The slot index, dense and reused after a node is reclaimed.
    #[inline]
    pub fn index(self) -> u32 {
        self.0.index_u32()
    }

    /// The generation: how many times the slot was reused before this node.
    #[inline]
    pub fn generation(self) -> u32 {
        self.0.generation().to_bits()
    }

    /// The node ID with this slot index and generation (both 32-bit, so a
    /// host whose numbers are doubles, like JS, can carry them exactly).
    #[inline]
    pub fn from_parts(index: u32, generation: u32) -> Option<NodeId> {
        let index = bevy_ecs::entity::EntityIndex::from_raw_u32(index)?;
        let generation = bevy_ecs::entity::EntityGeneration::from_bits(generation);
        Some(NodeId(Entity::from_index_and_generation(index, generation)))
    }
}

/// The node types of <https://dom.spec.whatwg.org/#dom-node-nodetype>, with
/// their spec numbers as discriminants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum NodeKind {
    /// `ELEMENT_NODE`
    Element = 1,
    /// `ATTRIBUTE_NODE`: an `Attr` a script asked for (`attr.rs`); the
    /// element's attribute list stays where attributes live
    Attribute = 2,
    /// `TEXT_NODE`
    Text = 3,
    /// `PROCESSING_INSTRUCTION_NODE` (made only by
    /// `createProcessingInstruction`: the HTML parser makes comments of `<?...>`)
    ProcessingInstruction = 7,
    /// `COMMENT_NODE`
    Comment = 8,
    /// `DOCUMENT_NODE`
    Document = 9,
    /// `DOCUMENT_TYPE_NODE`
    Doctype = 10,
    /// `DOCUMENT_FRAGMENT_NODE` (also a template's contents)
    Fragment = 11,
}

impl NodeKind {
    /// The `nodeType` number.
    pub fn node_type(self) -> u16 {
        self as u16
    }
}

/// Set while the node's root is the document (<https://dom.spec.whatwg.org/#connected>).
pub(crate) const CONNECTED: u16 = 1;
/// Set on a fragment that is the contents of a `<template>`.
pub(crate) const TEMPLATE_CONTENTS: u16 = 2;
/// Set on a node whose node document is not the world's root document
/// (its [`NodeDocument`] says which), and on every other document node:
/// an insertion checks this bit alone before it adopts anything.
pub(crate) const FOREIGN_DOCUMENT: u16 = 4;
/// Set on a Text node that is a `CDATASection`
/// (<https://dom.spec.whatwg.org/#interface-cdatasection>): a Text node in
/// every way but its type and name, and not an "exclusive Text node".
pub(crate) const CDATA: u16 = 8;
/// Set on a document node whose interface is `XMLDocument`: one made by
/// `createDocument` or by `DOMParser` for an XML type (`new Document()`
/// makes a plain `Document`).
pub(crate) const XML_DOCUMENT: u16 = 16;
/// Set on a node whose registered observer list is not empty (the
/// document's `observers` table has its entry): queueing a mutation record
/// reads this bit on each ancestor and looks up only the flagged ones.
pub(crate) const OBSERVED: u16 = 32;
/// Set on a script element (HTML or SVG `script`): the insertion walk,
/// the children changed steps and the attribute hook test this bit
/// (`script.rs`).
pub(crate) const SCRIPT: u16 = 64;
/// Set on an HTML `iframe` element: the insertion and removal walks test
/// this bit to make and discard its nested document (`frames.rs`).
pub(crate) const FRAME: u16 = 128;
/// Set on a fragment that is a shadow root (its [`ShadowRootState`](crate::shadow::ShadowRootState)
/// says whose): its "get the parent" is its host, and the connected walk
/// goes on into it from its host.
pub(crate) const SHADOW_ROOT: u16 = 256;
/// Set on an element that has a shadow root ([`ShadowHost`](crate::shadow::ShadowHost)).
pub(crate) const SHADOW_HOST: u16 = 512;
/// Set on an HTML `slot` element: slot assignment looks for this bit.
pub(crate) const SLOT: u16 = 1024;
/// Set on every node below a shadow root (`shadow/`): connected with its
/// host, but kept out of the document's id index.
pub(crate) const IN_SHADOW: u16 = 2048;
/// Set on an element a parser made: while a page's parse waits for a
/// script, its tree builder may still hold such an element (the stack of
/// open elements, the list of active formatting elements, the form
/// pointer), so a detached tree with one is not reclaimed until the
/// parse ends (`lifetime.rs`).
pub(crate) const PARSED: u16 = 4096;
/// An HTML element whose local name is a valid custom element name: it
/// has a `CustomElement` (`custom/`).
pub(crate) const CUSTOM: u16 = 8192;
/// Flag bit of an HTML `link` element: its `rel` may name a style sheet,
/// which the host loads (`cascade/sheets.rs`).
pub(crate) const SHEET_LINK: u16 = 16384;
/// Flag bit of an HTML or SVG `style` element: the connected walk drops
/// its associated sheet (`cascade/sheets.rs`).
pub(crate) const SHEET_STYLE: u16 = 32768;

/// The node document of a node flagged [`FOREIGN_DOCUMENT`]
/// (<https://dom.spec.whatwg.org/#concept-node-document>); a document
/// node's is itself. Nodes of the root document have none.
#[derive(Component, Clone, Copy, Debug)]
pub struct NodeDocument(pub(crate) Entity);

/// On a document node that is no HTML document: its content type
/// (<https://dom.spec.whatwg.org/#concept-document-content-type>), one of
/// the XML ones. A document without one is an HTML document, `text/html`.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlContentType(pub(crate) &'static str);

/// On a document node decoded from bytes in an encoding other than UTF-8:
/// that encoding's name (<https://dom.spec.whatwg.org/#concept-document-encoding>).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentEncoding(pub(crate) &'static str);

/// The quirks mode of a document node that is not the world's root (the
/// root's is the document's own `quirks`): what its parse chose.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentQuirks(pub(crate) crate::document::QuirksMode);

/// Kind and tree links of a node. Kept in one component because every tree
/// step reads both: one lookup per step instead of two. Every link is O(1)
/// to follow and to update.
#[derive(Component, Clone, Copy, Debug)]
pub struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) flags: u16,
    pub(crate) parent: Option<Entity>,
    pub(crate) first_child: Option<Entity>,
    pub(crate) last_child: Option<Entity>,
    pub(crate) prev_sibling: Option<Entity>,
    pub(crate) next_sibling: Option<Entity>,
}

impl Node {
    pub(crate) fn new(kind: NodeKind) -> Self {
        Node {
            kind,
            flags: 0,
            parent: None,
            first_child: None,
            last_child: None,
            prev_sibling: None,
            next_sibling: None,
        }
    }

    /// The node's kind.
    #[inline]
    pub fn kind(&self) -> NodeKind {
        self.kind
    }

    /// Whether the node is in its document's tree.
    #[inline]
    pub fn is_connected(&self) -> bool {
        self.flags & CONNECTED != 0
    }
}

/// An element's name: namespace, local name, and the `tagName` symbol
/// (ASCII-uppercase for HTML elements, cached so reading it allocates nothing).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElementName {
    /// The namespace.
    pub ns: Ns,
    /// The namespace prefix (`createElementNS(ns, "p:name")`; the parser
    /// gives none).
    pub prefix: Option<Prefix>,
    /// The local name, e.g. `div`.
    pub local: Symbol,
    /// What `tagName` returns, e.g. `DIV`.
    pub tag: Symbol,
}

/// One attribute: namespace, prefix, local name and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The namespace (`Ns::None` for almost every attribute).
    pub ns: Ns,
    /// The namespace prefix (`xlink` of the parser's `xlink:href`).
    pub prefix: Option<Prefix>,
    /// The local name.
    pub local: Symbol,
    /// The value (inline up to 24 bytes: most values need no allocation).
    pub value: CompactString,
}

/// An element's attributes in order, with the id and class list derived from
/// them kept beside, so `#id` and `.class` match by comparing integers.
///
/// Up to three attributes live inline in the component (in the bevy
/// table row), beyond that on the heap: most elements have three or fewer,
/// so reading one is no pointer chase and setting one allocates nothing
/// (a script that gives 100k elements a `data-*` attribute on all cores at
/// once would otherwise reallocate 100k lists). The price is 104 bytes per
/// element however few attributes it has (a `Vec` was 24, plus 32 per
/// attribute and the allocator's header on the heap).
#[derive(Component, Clone, Debug, Default)]
pub struct Attributes {
    pub(crate) list: SmallVec<[Attribute; 3]>,
    pub(crate) id: Option<Symbol>,
    pub(crate) classes: SmallVec<[Symbol; 2]>,
}

impl Attributes {
    /// The attributes in order.
    pub fn iter(&self) -> impl Iterator<Item = &Attribute> {
        self.list.iter()
    }

    /// The element's id symbol, if it has a non-empty `id` attribute.
    pub fn id(&self) -> Option<Symbol> {
        self.id
    }

    /// The element's classes, in order, without duplicates.
    pub fn classes(&self) -> &[Symbol] {
        &self.classes
    }
}

/// The data of a text or comment node (<https://dom.spec.whatwg.org/#concept-cd-data>).
#[derive(Component, Clone, Debug, Default, PartialEq, Eq)]
pub struct CharacterData(pub CompactString);

impl CharacterData {
    /// Replace the data, reusing the allocation.
    #[inline]
    pub fn replace(&mut self, value: &str) {
        set_compact(&mut self.0, value);
    }
}

/// Longest string a `CompactString` keeps inline.
const INLINE: usize = std::mem::size_of::<CompactString>();

/// Overwrite `s` with `value`: a short value over an inline string is a
/// plain 24-byte copy; otherwise the existing allocation is reused.
#[inline]
pub(crate) fn set_compact(s: &mut CompactString, value: &str) {
    if value.len() <= INLINE && !s.is_heap_allocated() {
        *s = CompactString::new(value);
    } else {
        s.clear();
        s.push_str(value);
    }
}

/// A processing instruction's target (its data is its `CharacterData`).
#[derive(Component, Clone, Debug, Default, PartialEq, Eq)]
pub struct PiTarget(pub CompactString);

/// A doctype's name and identifiers.
#[derive(Component, Clone, Debug, Default, PartialEq, Eq)]
pub struct Doctype {
    /// `name`, e.g. `html`.
    pub name: String,
    /// `publicId`
    pub public_id: String,
    /// `systemId`
    pub system_id: String,
}

/// The document fragment that holds a `<template>`'s contents
/// (<https://html.spec.whatwg.org/#template-contents>).
#[derive(Component, Clone, Copy, Debug)]
pub struct TemplateContents(pub(crate) Entity);

/// On a template-contents fragment: the template it belongs to
/// (its "host" for <https://dom.spec.whatwg.org/#concept-tree-host-including-inclusive-ancestor>).
#[derive(Component, Clone, Copy, Debug)]
pub struct TemplateHost(pub(crate) Entity);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_small() {
        // Three attributes live inline in every element's `Attributes`:
        // namespace and prefix numbers fit beside the local name.
        assert_eq!(std::mem::size_of::<Attribute>(), 32);
        assert_eq!(std::mem::size_of::<ElementName>(), 12);
    }
}
