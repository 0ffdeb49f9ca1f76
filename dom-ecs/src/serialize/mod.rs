//! Serialization: the WHATWG [HTML fragment serialization algorithm]
//! (`innerHTML`/`outerHTML`) and the html5lib test-format tree dump.
//!
//! [HTML fragment serialization algorithm]: https://html.spec.whatwg.org/#serialising-html-fragments

use std::borrow::Cow;

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::DomResult;
use crate::intern::Ns;
use crate::node::{CharacterData, Doctype, NodeId, NodeKind, TemplateContents};

pub(crate) mod xml;

/// HTML elements that serialize with no end tag and no children.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// HTML elements whose text children serialize unescaped.
const RAW_TEXT: &[&str] = &[
    "style",
    "script",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "noscript",
];

/// Push `s` escaped: `&`, `<` and `>` always; `"` in attribute mode;
/// U+00A0 as `&nbsp;` for HTML (not for XML). HTML's attribute mode
/// escapes `<` and `>` too since 2025 (as Chromium does).
pub(super) fn escape(out: &mut String, s: &str, attribute: bool, nbsp: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            0xC2 if nbsp && s.as_bytes().get(i + 1) == Some(&0xA0) => "&nbsp;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = if b == 0xC2 { i + 2 } else { i + 1 };
    }
    out.push_str(&s[last..]);
}

fn escape_text(out: &mut String, s: &str) {
    escape(out, s, false, true);
}

pub(crate) fn escape_attr(out: &mut String, s: &str) {
    escape(out, s, true, true);
}

impl Document {
    /// The tag name the HTML serialization writes: the local name of an
    /// HTML, SVG or MathML element, else the qualified name
    /// (<https://html.spec.whatwg.org/#serialising-html-fragments>).
    fn serialized_tag_name(&self, name: &crate::node::ElementName) -> Cow<'_, str> {
        let local = self.names.resolve(name.local);
        match name.prefix {
            Some(p) if !matches!(name.ns, Ns::Html | Ns::Svg | Ns::MathMl) => {
                Cow::Owned(format!("{}:{local}", self.names.prefix_str(p)))
            }
            _ => Cow::Borrowed(local),
        }
    }

    /// An attribute's serialized name: by its namespace for the XML,
    /// XMLNS and XLink ones, else its qualified name (same algorithm).
    fn push_serialized_attr_name(&self, out: &mut String, a: &crate::node::Attribute) {
        let local = self.names.resolve(a.local);
        match a.ns {
            Ns::Xml => out.push_str("xml:"),
            Ns::Xmlns if local != "xmlns" => out.push_str("xmlns:"),
            Ns::XLink => out.push_str("xlink:"),
            Ns::None | Ns::Xmlns => {}
            _ => {
                if let Some(p) = a.prefix {
                    out.push_str(self.names.prefix_str(p));
                    out.push(':');
                }
            }
        }
        out.push_str(local);
    }

    /// `innerHTML` getter: the serialization of the node's children (a
    /// template's contents, for a template).
    ///
    /// In an XML document, the XML serialization of the children, which
    /// must be well-formed (<https://html.spec.whatwg.org/#fragment-serializing-algorithm-steps>).
    ///
    /// # Errors
    /// `InvalidStateError` for an XML serialization that would not be
    /// well-formed; `StaleNode`.
    pub fn inner_html(&self, id: NodeId) -> DomResult<String> {
        self.live(id)?;
        let mut out = String::new();
        let parent = self
            .world
            .get::<TemplateContents>(id.0)
            .map(|t| t.0)
            .unwrap_or(id.0);
        if !self.is_html_document(self.node_document(id.0)) {
            return self.xml_serialize_children(parent);
        }
        self.serialize_children(parent, &mut out);
        // (Units of adjacent nodes may pair up.)
        Ok(crate::dom_string::canonical(out))
    }

    /// `outerHTML` getter: the node itself and its subtree (in an XML
    /// document, its XML serialization, which must be well-formed).
    ///
    /// # Errors
    /// As [`Document::inner_html`].
    pub fn outer_html(&self, id: NodeId) -> DomResult<String> {
        self.live(id)?;
        if !self.is_html_document(self.node_document(id.0)) {
            return match self.n(id.0).kind {
                NodeKind::Document | NodeKind::Fragment => self.xml_serialize_children(id.0),
                _ => self.xml_serialize(id, true),
            };
        }
        let mut out = String::new();
        match self.n(id.0).kind {
            NodeKind::Document | NodeKind::Fragment => self.serialize_children(id.0, &mut out),
            _ => self.serialize_node(id.0, &mut out),
        }
        Ok(crate::dom_string::canonical(out))
    }

    /// The whole document serialized (doctype and `<html>`), as
    /// `chromium --dump-dom` prints it.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        self.serialize_children(self.root, &mut out);
        out
    }

    /// What `chromium --headless --dump-dom` prints: the doctype as
    /// `XMLSerializer` writes it, a newline, then `documentElement.outerHTML`
    /// (nodes outside the root element are not printed).
    pub fn dump_dom(&self) -> String {
        let mut out = String::new();
        if let Some(dt) = self.doctype()
            && let Some(d) = self.world.get::<Doctype>(dt.0)
        {
            out.push_str("<!DOCTYPE ");
            out.push_str(&d.name);
            if !d.public_id.is_empty() {
                out.push_str(&format!(" PUBLIC \"{}\"", d.public_id));
            } else if !d.system_id.is_empty() {
                out.push_str(" SYSTEM");
            }
            if !d.system_id.is_empty() {
                out.push_str(&format!(" \"{}\"", d.system_id));
            }
            out.push_str(">\n");
        }
        if let Some(root) = self.document_element() {
            self.serialize_node(root.0, &mut out);
        }
        out
    }

    fn serialize_children(&self, parent: Entity, out: &mut String) {
        for c in self.children_of(parent) {
            self.serialize_node(c, out);
        }
    }

    /// Serialize one node and its subtree. Iterative (an explicit stack of
    /// open elements), so a deep tree cannot overflow the native stack.
    fn serialize_node(&self, start: Entity, out: &mut String) {
        // (element to close, next sibling to continue with after it)
        let mut open: Vec<Entity> = Vec::new();
        let mut cur = Some(start);
        while let Some(e) = cur {
            let n = self.n(e);
            let mut descend = None;
            match n.kind {
                NodeKind::Element => {
                    let name = self.element_name(e).expect("elements have names");
                    let local = self.names.resolve(name.local);
                    let tag = self.serialized_tag_name(name);
                    out.push('<');
                    out.push_str(&tag);
                    for a in self.attrs(e).map(|a| a.list.as_slice()).unwrap_or(&[]) {
                        out.push(' ');
                        self.push_serialized_attr_name(out, a);
                        out.push_str("=\"");
                        escape_attr(out, &a.value);
                        out.push('"');
                    }
                    if n.flags & crate::node::CUSTOM != 0 {
                        self.push_is_value(e, out);
                    }
                    out.push('>');
                    let void = name.ns == Ns::Html && VOID.contains(&local);
                    if !void {
                        let children = match self.world.get::<TemplateContents>(e) {
                            Some(t) => self.n(t.0).first_child,
                            None => n.first_child,
                        };
                        match children {
                            Some(first) => {
                                open.push(e);
                                descend = Some(first);
                            }
                            None => close_tag(out, &tag),
                        }
                    }
                }
                NodeKind::Text => {
                    let data = &self.world.get::<CharacterData>(e).expect("text has data").0;
                    let raw = n
                        .parent
                        .and_then(|p| self.element_name(p))
                        .is_some_and(|pn| {
                            pn.ns == Ns::Html && RAW_TEXT.contains(&self.names.resolve(pn.local))
                        });
                    if raw {
                        out.push_str(data);
                    } else {
                        escape_text(out, data);
                    }
                }
                NodeKind::Comment => {
                    out.push_str("<!--");
                    out.push_str(&self.world.get::<CharacterData>(e).expect("data").0);
                    out.push_str("-->");
                }
                NodeKind::ProcessingInstruction => {
                    out.push_str("<?");
                    out.push_str(self.pi_target(NodeId(e)).unwrap_or_default());
                    out.push(' ');
                    out.push_str(&self.world.get::<CharacterData>(e).expect("data").0);
                    out.push('>');
                }
                NodeKind::Doctype => {
                    out.push_str("<!DOCTYPE ");
                    out.push_str(&self.world.get::<Doctype>(e).expect("doctype").name);
                    out.push('>');
                }
                NodeKind::Document | NodeKind::Fragment => {
                    if let Some(first) = n.first_child {
                        open.push(e);
                        descend = Some(first);
                    }
                }
                NodeKind::Attribute => {}
            }
            if descend.is_some() {
                cur = descend;
                continue;
            }
            // Done with `e`: go to its next sibling, closing finished parents.
            if e == start {
                break;
            }
            let mut at = e;
            cur = loop {
                if let Some(s) = self.n(at).next_sibling {
                    break Some(s);
                }
                // `at` was the last child: close the element it belongs to.
                let Some(p) = open.pop() else { break None };
                if let Some(pn) = self.element_name(p) {
                    close_tag(out, &self.serialized_tag_name(pn));
                }
                if p == start {
                    break None;
                }
                at = p;
            };
        }
    }

    /// The html5lib tree-construction test format: one `| `-prefixed line per
    /// node, two spaces per level, attributes sorted, template contents under
    /// `content` (<https://github.com/html5lib/html5lib-tests/tree/master/tree-construction>).
    pub fn to_test_format(&self, id: NodeId) -> DomResult<String> {
        self.live(id)?;
        let mut out = String::new();
        // An explicit stack (node, depth), so a deep tree cannot overflow the
        // native stack: children are pushed in reverse to come out in order.
        let mut stack: Vec<(Entity, usize)> = Vec::new();
        push_children_reversed(&mut stack, self.children_of(id.0), 0);
        while let Some((e, depth)) = stack.pop() {
            self.dump_one(e, depth, &mut out, &mut stack);
        }
        Ok(out)
    }

    /// Writes one node's lines and pushes what is written under it: its
    /// children, and after the `content` line a template's contents (popped first).
    fn dump_one(
        &self,
        e: Entity,
        depth: usize,
        out: &mut String,
        stack: &mut Vec<(Entity, usize)>,
    ) {
        push_children_reversed(stack, self.children_of(e), depth + 1);
        let indent = |out: &mut String, d: usize| {
            out.push_str("| ");
            for _ in 0..d {
                out.push_str("  ");
            }
        };
        indent(out, depth);
        let n = self.n(e);
        match n.kind {
            NodeKind::Element => {
                let name = self.element_name(e).expect("names");
                let local = self.names.resolve(name.local);
                match name.ns {
                    Ns::Svg => out.push_str(&format!("<svg {local}>\n")),
                    Ns::MathMl => out.push_str(&format!("<math {local}>\n")),
                    _ => out.push_str(&format!("<{local}>\n")),
                }
                let mut attrs: Vec<(String, &str)> = self
                    .attrs(e)
                    .map(|a| a.list.as_slice())
                    .unwrap_or(&[])
                    .iter()
                    .map(|a| {
                        let l = self.names.resolve(a.local);
                        let key = match a.ns.attribute_prefix(l) {
                            Some(p) => format!("{p} {l}"),
                            None if a.ns == Ns::Xmlns => format!("xmlns {l}"),
                            None => l.to_owned(),
                        };
                        (key, a.value.as_str())
                    })
                    .collect();
                attrs.sort();
                for (k, v) in attrs {
                    indent(out, depth + 1);
                    out.push_str(&format!("{k}=\"{v}\"\n"));
                }
                if let Some(t) = self.world.get::<TemplateContents>(e) {
                    indent(out, depth + 1);
                    out.push_str("content\n");
                    push_children_reversed(stack, self.children_of(t.0), depth + 2);
                }
            }
            NodeKind::Text => {
                out.push('"');
                out.push_str(&self.world.get::<CharacterData>(e).expect("data").0);
                out.push_str("\"\n");
            }
            NodeKind::Comment => {
                out.push_str("<!-- ");
                out.push_str(&self.world.get::<CharacterData>(e).expect("data").0);
                out.push_str(" -->\n");
            }
            NodeKind::ProcessingInstruction => {
                out.push_str(&format!(
                    "<?{} {}>\n",
                    self.pi_target(NodeId(e)).unwrap_or_default(),
                    self.world.get::<CharacterData>(e).expect("data").0
                ));
            }
            NodeKind::Doctype => {
                let d = self.world.get::<Doctype>(e).expect("doctype");
                if d.public_id.is_empty() && d.system_id.is_empty() {
                    out.push_str(&format!("<!DOCTYPE {}>\n", d.name));
                } else {
                    out.push_str(&format!(
                        "<!DOCTYPE {} \"{}\" \"{}\">\n",
                        d.name, d.public_id, d.system_id
                    ));
                }
            }
            NodeKind::Document | NodeKind::Fragment => {}
            NodeKind::Attribute => {}
        }
    }
}

fn push_children_reversed(
    stack: &mut Vec<(Entity, usize)>,
    children: impl Iterator<Item = Entity>,
    depth: usize,
) {
    let from = stack.len();
    stack.extend(children.map(|c| (c, depth)));
    stack[from..].reverse();
}

fn close_tag(out: &mut String, local: &str) {
    out.push_str("</");
    out.push_str(local);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_spec() {
        let mut s = String::new();
        escape_text(&mut s, "a<b>&c\u{a0}\"");
        assert_eq!(s, "a&lt;b&gt;&amp;c&nbsp;\"");
        let mut s = String::new();
        escape_attr(&mut s, "a<b>&c\u{a0}\"é");
        assert_eq!(s, "a&lt;b&gt;&amp;c&nbsp;&quot;é");
    }
}
