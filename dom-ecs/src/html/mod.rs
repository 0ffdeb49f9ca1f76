//! The HTML Standard's element interfaces, as far as the DOM needs them:
//! which interface an HTML element gets
//! (<https://html.spec.whatwg.org/#elements-3>, from
//! `webidl/html-elements.txt`), and the IDL attributes that reflect
//! content attributes (`reflect`, with the enumerated attributes'
//! keywords in `keywords`); the table helpers (`table`); form controls'
//! state (`forms`); `select` and `option` (`select`); focus (`focus`); `dataset` (`dataset`); `nonce` (`nonce`).

mod dataset;
mod dialog;
mod entry_list;
mod focus;
mod forms;
mod history;
mod hyperlink;
pub mod keywords;
mod location;
mod messaging;
mod nonce;
mod reflect;
mod select;
mod table;

pub use dataset::StringMap;
pub use focus::FocusChange;
pub use history::Traversed;
pub use location::LOCATION_PARTS;
pub use messaging::PostedMessage;
pub use reflect::{Enumerated, UnsignedLong};

use crate::{Document, DomResult, NodeId, Ns};

include!(concat!(env!("OUT_DIR"), "/html_interfaces.rs"));

impl Document {
    /// The class code of `node`'s HTML element interface: `None` for a
    /// node that is no element of the HTML namespace, else
    /// [`html_interface_code`] of its local name.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn html_interface(&self, node: NodeId) -> DomResult<Option<u16>> {
        self.live(node)?;
        let Some(name) = self.element_name(node.0) else {
            return Ok(None);
        };
        Ok((name.ns == Ns::Html).then(|| self.names.html_code(name.local)))
    }
}

/// The SVG element interfaces with a class (`webidl/svg.idl`), by class
/// code: every element in the SVG namespace is an `SVGElement`, `a` an
/// `SVGAElement` (an `SVGGraphicsElement`).
pub const SVG_INTERFACES: [&str; 2] = ["SVGElement", "SVGAElement"];

impl Document {
    /// The class code of `node`'s SVG element interface
    /// ([`SVG_INTERFACES`]): `None` for a node that is no element of the
    /// SVG namespace.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn svg_interface(&self, node: NodeId) -> DomResult<Option<u16>> {
        self.live(node)?;
        let Some(name) = self.element_name(node.0) else {
            return Ok(None);
        };
        if name.ns != Ns::Svg {
            return Ok(None);
        }
        Ok(Some(u16::from(self.names.resolve(name.local) == "a")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_gets_its_interface_by_local_name() {
        let code = |name| {
            html_interface_code(name)
                .checked_sub(2)
                .map(|k| HTML_INTERFACES[usize::from(k)])
        };
        assert_eq!(code("a"), Some("HTMLAnchorElement"));
        assert_eq!(code("h3"), Some("HTMLHeadingElement"));
        assert_eq!(html_interface_code("section"), 0);
        assert_eq!(html_interface_code("my-widget"), 0);
        assert_eq!(html_interface_code("blink"), 1);
        let mut d = Document::parse("<svg><a/></svg><p>");
        let p = d.query_selector_all(d.root(), "p").unwrap()[0];
        let svg_a = d.query_selector_all(d.root(), "svg a").unwrap()[0];
        assert_eq!(d.html_interface(svg_a).unwrap(), None);
        let k = d.html_interface(p).unwrap().unwrap() - 2;
        assert_eq!(HTML_INTERFACES[usize::from(k)], "HTMLParagraphElement");
        let t = d.create_text_node("x");
        assert_eq!(d.html_interface(t).unwrap(), None);
    }
}
