//! Ranges (<https://dom.spec.whatwg.org/#ranges>): boundary points and
//! `StaticRange`. (Live `Range`s, which every mutation updates, are not
//! here yet.)

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::{NodeId, NodeKind};

/// A `StaticRange`: two boundary points, checked only for their nodes'
/// kinds (a static range is not kept valid as the tree changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaticRange {
    /// `startContainer`
    pub start_container: NodeId,
    /// `startOffset`
    pub start_offset: u32,
    /// `endContainer`
    pub end_container: NodeId,
    /// `endOffset`
    pub end_offset: u32,
}

impl StaticRange {
    /// `collapsed`: start and end are the same boundary point.
    pub fn collapsed(&self) -> bool {
        self.start_container == self.end_container && self.start_offset == self.end_offset
    }
}

impl Document {
    /// `new StaticRange(init)`
    /// (<https://dom.spec.whatwg.org/#dom-staticrange-staticrange>).
    ///
    /// # Errors
    /// `InvalidNodeTypeError` if either container is a doctype or an
    /// `Attr`; `StaleNode`.
    pub fn static_range(
        &self,
        start_container: NodeId,
        start_offset: u32,
        end_container: NodeId,
        end_offset: u32,
    ) -> DomResult<StaticRange> {
        for n in [start_container, end_container] {
            if matches!(self.live(n)?.kind, NodeKind::Doctype | NodeKind::Attribute) {
                return Err(DomError::InvalidNodeType(
                    "a doctype or an attribute can not be a range boundary".into(),
                ));
            }
        }
        Ok(StaticRange {
            start_container,
            start_offset,
            end_container,
            end_offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    #[test]
    fn static_ranges_check_only_node_kinds() {
        let d = Document::parse("<!DOCTYPE html><p id=p>text</p>");
        let p = d.get_element_by_id("p").unwrap();
        // Offsets past the end are kept: a static range is not validated.
        let r = d.static_range(p, 5, p, 5).unwrap();
        assert!(r.collapsed());
        assert!(!d.static_range(p, 0, p, 1).unwrap().collapsed());
        let doctype = d.first_child(d.root()).unwrap().unwrap();
        assert!(matches!(
            d.static_range(doctype, 0, p, 0),
            Err(DomError::InvalidNodeType(_))
        ));
    }
}
