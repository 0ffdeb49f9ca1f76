//! Creating nodes and changing the tree's structure: the one mutation path.
//!
//! The WHATWG algorithms are split the way the spec splits them: public
//! methods validate (e.g. [ensure pre-insertion validity]) and then call the
//! unchecked [`Document::insert_node`] / [`Document::remove_node`], which the
//! HTML parser's sink and the command buffers call too. Those two keep every
//! invariant: links consistent both ways, the connected flag, and the id index.
//!
//! [ensure pre-insertion validity]: https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::{Ns, Prefix, Symbol};
use crate::node::{
    Attribute, Attributes, CONNECTED, CharacterData, Doctype, ElementName, Node, NodeId, NodeKind,
    TEMPLATE_CONTENTS, TemplateContents, TemplateHost,
};

/// Whether `name` is a valid element local name
/// (<https://dom.spec.whatwg.org/#valid-element-local-name>).
pub fn is_valid_element_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if first.is_ascii_alphabetic() {
        !name
            .chars()
            .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '>'))
    } else if first == ':' || first == '_' || first as u32 >= 0x80 {
        chars.all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '_') || c as u32 >= 0x80
        })
    } else {
        false
    }
}

/// A valid doctype name (<https://dom.spec.whatwg.org/#valid-doctype-name>):
/// no ASCII whitespace, U+0000 or `>`.
pub fn is_valid_doctype_name(name: &str) -> bool {
    !name
        .chars()
        .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '>'))
}

/// Whether `name` is a valid attribute local name
/// (<https://dom.spec.whatwg.org/#valid-attribute-local-name>).
pub fn is_valid_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '=' | '>'))
}

mod adjacent;
mod clone;
mod create;
mod mutate;
mod text;

pub(crate) use crate::dom_string::utf16_len;
pub use create::DOM_PARSER_SUPPORTED_TYPES;
pub use text::NullIsEmpty;
