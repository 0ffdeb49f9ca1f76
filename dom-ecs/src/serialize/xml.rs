//! The [XML serialization] of DOM Parsing: `XMLSerializer`, and
//! `innerHTML`/`outerHTML` of nodes of XML documents. Namespaces are made
//! explicit as the algorithm says: each element carries the declarations
//! its name and attributes need in its context, with prefixes kept where
//! they are declared and generated (`ns1`, `ns2`...) where none is.
//!
//! With "require well-formed" (`innerHTML`/`outerHTML`), markup that would
//! not parse back (a name that is no XML Name, a comment holding `--`...)
//! is an `InvalidStateError`; `XMLSerializer` writes it as it is.
//!
//! [XML serialization]: https://w3c.github.io/DOM-Parsing/#dfn-xml-serialization

use bevy_ecs::prelude::*;

use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{CDATA, CharacterData, Doctype, NodeId, NodeKind, PiTarget, TemplateContents};

use super::VOID;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";
const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// A [namespace prefix map](https://w3c.github.io/DOM-Parsing/#dfn-namespace-prefix-map):
/// each namespace (or null) with its prefixes, in the order they were added.
#[derive(Clone, Default)]
struct PrefixMap(Vec<(Option<String>, Vec<String>)>);

impl PrefixMap {
    fn list(&self, ns: Option<&str>) -> Option<&Vec<String>> {
        self.0
            .iter()
            .find(|(n, _)| n.as_deref() == ns)
            .map(|(_, l)| l)
    }

    /// Whether `prefix` is one of `ns`'s prefixes.
    fn has(&self, ns: Option<&str>, prefix: &str) -> bool {
        self.list(ns).is_some_and(|l| l.iter().any(|p| p == prefix))
    }

    /// Whether some namespace has `prefix`.
    fn binds(&self, prefix: &str) -> bool {
        self.0.iter().any(|(_, l)| l.iter().any(|p| p == prefix))
    }

    fn add(&mut self, ns: Option<&str>, prefix: &str) {
        match self.0.iter_mut().find(|(n, _)| n.as_deref() == ns) {
            Some((_, l)) => l.push(prefix.to_owned()),
            None => self
                .0
                .push((ns.map(str::to_owned), vec![prefix.to_owned()])),
        }
    }

    /// [Retrieving a preferred prefix string](https://w3c.github.io/DOM-Parsing/#dfn-retrieving-a-preferred-prefix-string):
    /// `preferred` if it is one of `ns`'s prefixes, else the last one.
    fn preferred(&self, preferred: Option<&str>, ns: Option<&str>) -> Option<String> {
        let list = self.list(ns)?;
        list.iter()
            .find(|p| Some(p.as_str()) == preferred)
            .or(list.last())
            .cloned()
    }
}

/// The state one serialization carries: the generated prefixes' counter.
struct Xml<'d> {
    d: &'d Document,
    well_formed: bool,
    prefix_index: u32,
}

fn not_well_formed(what: &str) -> DomError {
    DomError::InvalidState(format!(
        "{what}: the node can not be serialized as well-formed XML"
    ))
}

/// XML 1.0's `NameStartChar`.
pub(crate) fn is_name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0's `NameChar`.
pub(crate) fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// XML 1.0's `Name` production.
pub(crate) fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// Whether every character of `s` matches XML 1.0's `Char` production.
fn all_xml_chars(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    })
}

/// [Serializing an attribute value](https://w3c.github.io/DOM-Parsing/#dfn-serializing-an-attribute-value).
fn push_attr_value(out: &mut String, value: &str, well_formed: bool) -> DomResult<()> {
    if well_formed && !all_xml_chars(value) {
        return Err(not_well_formed(
            "an attribute value holds a character XML has not",
        ));
    }
    // Tab, line feed and carriage return as character references too, so
    // that a parse gives the value back (attribute-value normalization
    // would make them spaces).
    let mut rest = value;
    while let Some(at) = rest.find(['\t', '\n', '\r']) {
        super::escape(out, &rest[..at], true, false);
        out.push_str(match rest.as_bytes()[at] {
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            _ => "&#13;",
        });
        rest = &rest[at + 1..];
    }
    super::escape(out, rest, true, false);
    Ok(())
}

impl Xml<'_> {
    /// The [XML serialization algorithm](https://w3c.github.io/DOM-Parsing/#dfn-xml-serialization-algorithm)
    /// of `e` in context namespace `ns`.
    fn node(
        &mut self,
        out: &mut String,
        e: Entity,
        ns: Option<&str>,
        map: &PrefixMap,
    ) -> DomResult<()> {
        let d = self.d;
        let data = || d.world.get::<CharacterData>(e).map_or("", |c| c.0.as_str());
        match d.n(e).kind {
            NodeKind::Element => self.element(out, e, ns, map)?,
            NodeKind::Document => {
                if self.well_formed && d.document_element_of(NodeId(e)).ok().flatten().is_none() {
                    return Err(not_well_formed("a document with no element"));
                }
                for c in d.children_of(e) {
                    self.node(out, c, ns, map)?;
                }
            }
            NodeKind::Fragment => {
                for c in d.children_of(e) {
                    self.node(out, c, ns, map)?;
                }
            }
            NodeKind::Comment => {
                let text = data();
                if self.well_formed
                    && (!all_xml_chars(text) || text.contains("--") || text.ends_with('-'))
                {
                    return Err(not_well_formed("a comment"));
                }
                out.push_str("<!--");
                out.push_str(text);
                out.push_str("-->");
            }
            NodeKind::Text if d.n(e).flags & CDATA != 0 => {
                out.push_str("<![CDATA[");
                out.push_str(data());
                out.push_str("]]>");
            }
            NodeKind::Text => {
                let text = data();
                if self.well_formed && !all_xml_chars(text) {
                    return Err(not_well_formed("a text node"));
                }
                super::escape(out, text, false, false);
            }
            NodeKind::Doctype => {
                let Some(dt) = d.world.get::<Doctype>(e) else {
                    return Ok(());
                };
                let pubid_char =
                    |c: char| c.is_ascii_alphanumeric() || " \r\n-'()+,./:=?;!*#@$_%".contains(c);
                if self.well_formed
                    && (!dt.public_id.chars().all(pubid_char)
                        || (dt.system_id.contains('"') && dt.system_id.contains('\'')))
                {
                    return Err(not_well_formed("a doctype"));
                }
                out.push_str("<!DOCTYPE ");
                out.push_str(&dt.name);
                if !dt.public_id.is_empty() {
                    out.push_str(" PUBLIC \"");
                    out.push_str(&dt.public_id);
                    out.push('"');
                } else if !dt.system_id.is_empty() {
                    out.push_str(" SYSTEM");
                }
                if !dt.system_id.is_empty() {
                    out.push_str(" \"");
                    out.push_str(&dt.system_id);
                    out.push('"');
                }
                out.push('>');
            }
            NodeKind::ProcessingInstruction => {
                let target = d.world.get::<PiTarget>(e).map_or("", |t| t.0.as_str());
                let text = data();
                if self.well_formed
                    && (target.contains(':')
                        || target.eq_ignore_ascii_case("xml")
                        || !all_xml_chars(text)
                        || text.contains("?>"))
                {
                    return Err(not_well_formed("a processing instruction"));
                }
                out.push_str("<?");
                out.push_str(target);
                out.push(' ');
                out.push_str(text);
                out.push_str("?>");
            }
            // DOM Parsing: an Attr serializes to nothing.
            NodeKind::Attribute => {}
        }
        Ok(())
    }

    /// [Generate a prefix](https://w3c.github.io/DOM-Parsing/#dfn-generating-a-prefix).
    fn generate_prefix(&mut self, map: &mut PrefixMap, ns: Option<&str>) -> String {
        let p = format!("ns{}", self.prefix_index);
        self.prefix_index += 1;
        map.add(ns, &p);
        p
    }

    /// The element steps of the algorithm.
    fn element(
        &mut self,
        out: &mut String,
        e: Entity,
        context_ns: Option<&str>,
        parent_map: &PrefixMap,
    ) -> DomResult<()> {
        let d = self.d;
        let Some(name) = d.element_name(e) else {
            return Ok(());
        };
        let local = d.names.resolve(name.local);
        if self.well_formed && (local.contains(':') || !is_xml_name(local)) {
            return Err(not_well_formed("an element name"));
        }
        out.push('<');
        let mut skip_end_tag = false;
        let mut ignore_ns_definition = false;
        let mut map = parent_map.clone();
        let mut local_prefixes: Vec<(String, Option<String>)> = Vec::new();
        let local_default = self.record_namespaces(e, &mut map, &mut local_prefixes);
        let mut inherited_ns: Option<String> = context_ns.map(str::to_owned);
        let ns_url = d.names.ns_url(name.ns);
        let ns = (name.ns != Ns::None).then_some(ns_url);
        let qualified;
        if inherited_ns.as_deref() == ns {
            if local_default.is_some() {
                ignore_ns_definition = true;
            }
            qualified = if ns == Some(XML_NS) {
                format!("xml:{local}")
            } else {
                local.to_owned()
            };
            out.push_str(&qualified);
        } else {
            let prefix = name.prefix.map(|p| d.names.prefix_str(p).to_owned());
            let mut candidate = map.preferred(prefix.as_deref(), ns);
            if prefix.as_deref() == Some("xmlns") {
                if self.well_formed {
                    return Err(not_well_formed("an element prefixed xmlns"));
                }
                candidate = prefix.clone();
            }
            // (Where the local default namespace is "", the inherited one
            // becomes null.)
            let from_local_default = |v: &str| (!v.is_empty()).then(|| v.to_owned());
            if let Some(c) = candidate {
                qualified = format!("{c}:{local}");
                if let Some(v) = &local_default
                    && v != XML_NS
                {
                    inherited_ns = from_local_default(v);
                }
                out.push_str(&qualified);
            } else if let Some(mut p) = prefix {
                if local_prefixes.iter().any(|(lp, _)| *lp == p) {
                    p = self.generate_prefix(&mut map, ns);
                } else {
                    map.add(ns, &p);
                }
                qualified = format!("{p}:{local}");
                out.push_str(&qualified);
                out.push_str(" xmlns:");
                out.push_str(&p);
                out.push_str("=\"");
                push_attr_value(out, ns.unwrap_or(""), self.well_formed)?;
                out.push('"');
                if let Some(v) = &local_default {
                    inherited_ns = from_local_default(v);
                }
            } else if local_default.is_none() || local_default.as_deref() != ns {
                ignore_ns_definition = true;
                qualified = local.to_owned();
                inherited_ns = ns.map(str::to_owned);
                out.push_str(&qualified);
                out.push_str(" xmlns=\"");
                push_attr_value(out, ns.unwrap_or(""), self.well_formed)?;
                out.push('"');
            } else {
                qualified = local.to_owned();
                inherited_ns = ns.map(str::to_owned);
                out.push_str(&qualified);
            }
        }
        self.attributes(out, e, &mut map, &local_prefixes, ignore_ns_definition)?;
        let has_children = d.n(e).first_child.is_some();
        if ns == Some(HTML_NS) && !has_children && VOID.contains(&local) {
            out.push_str(" /");
            skip_end_tag = true;
        }
        if ns != Some(HTML_NS) && !has_children {
            out.push('/');
            skip_end_tag = true;
        }
        out.push('>');
        if skip_end_tag {
            return Ok(());
        }
        let parent = if ns == Some(HTML_NS) && local == "template" {
            d.world.get::<TemplateContents>(e).map_or(e, |t| t.0)
        } else {
            e
        };
        for c in d.children_of(parent) {
            self.node(out, c, inherited_ns.as_deref(), &map)?;
        }
        out.push_str("</");
        out.push_str(&qualified);
        out.push('>');
        Ok(())
    }

    /// [Recording the namespace information](https://w3c.github.io/DOM-Parsing/#dfn-recording-the-namespace-information):
    /// the element's prefix declarations go into `map` and
    /// `local_prefixes`; returns its default namespace declaration's value
    /// (`""` for `xmlns=""`), if it has one.
    fn record_namespaces(
        &self,
        e: Entity,
        map: &mut PrefixMap,
        local_prefixes: &mut Vec<(String, Option<String>)>,
    ) -> Option<String> {
        let d = self.d;
        let mut default = None;
        for a in d.attrs(e).map(|a| a.list.as_slice()).unwrap_or(&[]) {
            if a.ns != Ns::Xmlns {
                continue;
            }
            let value = a.value.as_str();
            let Some(_) = a.prefix else {
                default = Some(value.to_owned());
                continue;
            };
            let prefix = d.names.resolve(a.local);
            if value == XML_NS {
                continue;
            }
            let ns = (!value.is_empty()).then_some(value);
            if map.has(ns, prefix) {
                continue;
            }
            map.add(ns, prefix);
            local_prefixes.push((prefix.to_owned(), ns.map(str::to_owned)));
        }
        default
    }

    /// [XML serialization of the attributes](https://w3c.github.io/DOM-Parsing/#dfn-xml-serialization-of-the-attributes).
    fn attributes(
        &mut self,
        out: &mut String,
        e: Entity,
        map: &mut PrefixMap,
        local_prefixes: &[(String, Option<String>)],
        ignore_ns_definition: bool,
    ) -> DomResult<()> {
        let d = self.d;
        let mut seen: Vec<(Ns, crate::intern::Symbol)> = Vec::new();
        for a in d.attrs(e).map(|a| a.list.as_slice()).unwrap_or(&[]) {
            if self.well_formed && seen.contains(&(a.ns, a.local)) {
                return Err(not_well_formed("two attributes of one name"));
            }
            seen.push((a.ns, a.local));
            let local = d.names.resolve(a.local);
            let prefix = a.prefix.map(|p| d.names.prefix_str(p));
            let attr_ns = (a.ns != Ns::None).then(|| d.names.ns_url(a.ns));
            let mut candidate = None;
            if let Some(attr_ns) = attr_ns {
                candidate = map.preferred(prefix, Some(attr_ns));
                if attr_ns == XMLNS_NS {
                    let redeclares = prefix.is_some()
                        && local_prefixes
                            .iter()
                            .any(|(p, v)| p == local && v.as_deref() != Some(a.value.as_str()));
                    if a.value == XML_NS || (prefix.is_none() && ignore_ns_definition) || redeclares
                    {
                        continue;
                    }
                    if self.well_formed && (a.value == XMLNS_NS || a.value.is_empty()) {
                        return Err(not_well_formed("a namespace declaration"));
                    }
                    if prefix == Some("xmlns") {
                        candidate = Some("xmlns".to_owned());
                    }
                } else if candidate.is_none() {
                    // The attribute's own prefix when it names no other
                    // namespace here, as browsers do (the algorithm as
                    // written always generates one).
                    let p = match prefix.filter(|p| !map.binds(p)) {
                        Some(own) => {
                            map.add(Some(attr_ns), own);
                            own.to_owned()
                        }
                        None => self.generate_prefix(map, Some(attr_ns)),
                    };
                    out.push_str(" xmlns:");
                    out.push_str(&p);
                    out.push_str("=\"");
                    push_attr_value(out, attr_ns, self.well_formed)?;
                    out.push('"');
                    candidate = Some(p);
                }
            }
            out.push(' ');
            if let Some(c) = &candidate {
                out.push_str(c);
                out.push(':');
            }
            if self.well_formed
                && (local.contains(':')
                    || !is_xml_name(local)
                    || (local == "xmlns" && attr_ns.is_none()))
            {
                return Err(not_well_formed("an attribute name"));
            }
            out.push_str(local);
            out.push_str("=\"");
            push_attr_value(out, &a.value, self.well_formed)?;
            out.push('"');
        }
        Ok(())
    }
}

impl Document {
    fn xml_with(&self, well_formed: bool) -> (Xml<'_>, PrefixMap) {
        let mut map = PrefixMap::default();
        map.add(Some(XML_NS), "xml");
        (
            Xml {
                d: self,
                well_formed,
                prefix_index: 1,
            },
            map,
        )
    }

    /// [Produce an XML serialization](https://w3c.github.io/DOM-Parsing/#dfn-xml-serialization)
    /// of `id` (`XMLSerializer.serializeToString(root)`: not requiring
    /// well-formed markup).
    ///
    /// # Errors
    /// With `well_formed`, `InvalidStateError` for markup that would not
    /// parse back; `StaleNode`.
    pub fn xml_serialize(&self, id: NodeId, well_formed: bool) -> DomResult<String> {
        self.live(id)?;
        let (mut xml, map) = self.xml_with(well_formed);
        let mut out = String::new();
        xml.node(&mut out, id.0, None, &map)?;
        Ok(crate::dom_string::canonical(out))
    }

    /// The XML serialization of `parent`'s children, each in no context
    /// namespace (`innerHTML` of a node of an XML document).
    pub(crate) fn xml_serialize_children(&self, parent: Entity) -> DomResult<String> {
        let (mut xml, map) = self.xml_with(true);
        let mut out = String::new();
        for c in self.children_of(parent) {
            xml.node(&mut out, c, None, &map)?;
        }
        Ok(crate::dom_string::canonical(out))
    }
}

#[cfg(test)]
mod tests {
    use crate::Document;

    #[test]
    fn namespaces_are_declared_where_needed() {
        let mut d = Document::parse("");
        let doc = d.parse_xml_document_node(
            "<root xmlns='u1'><p:child xmlns:p='u1'/><x xmlns:q='u2' a='1' q:b='2'>t&amp;</x></root>",
            "application/xml",
        );
        assert_eq!(
            d.xml_serialize(doc, false).unwrap(),
            "<root xmlns=\"u1\"><child xmlns:p=\"u1\"/><x xmlns:q=\"u2\" a=\"1\" q:b=\"2\">t&amp;</x></root>"
        );
        let e = d.create_element("br").unwrap();
        assert_eq!(
            d.xml_serialize(e, false).unwrap(),
            "<br xmlns=\"http://www.w3.org/1999/xhtml\" />"
        );
        let c = d.create_comment("--");
        assert_eq!(d.xml_serialize(c, false).unwrap(), "<!------>");
        assert!(d.xml_serialize(c, true).is_err());
    }

    #[test]
    fn an_attribute_keeps_its_prefix_unless_it_is_bound_here() {
        let mut d = Document::parse("");
        let doc = d.parse_xml_document_node("<p:r xmlns:p='urn:z'/>", "application/xml");
        let r = d.document_element_of(doc).unwrap().unwrap();
        d.set_attribute_ns(r, Some("urn:x"), "q:a", "1").unwrap();
        d.set_attribute_ns(r, Some("urn:y"), "q:b", "2").unwrap();
        d.set_attribute_ns(r, Some("urn:w"), "p:c", "3").unwrap();
        assert_eq!(
            d.xml_serialize(r, false).unwrap(),
            "<p:r xmlns:p=\"urn:z\" xmlns:q=\"urn:x\" q:a=\"1\" xmlns:ns1=\"urn:y\" ns1:b=\"2\" xmlns:ns2=\"urn:w\" ns2:c=\"3\"/>"
        );
    }

    #[test]
    fn a_null_namespace_child_resets_the_default_and_whitespace_is_escaped() {
        let mut d = Document::parse("");
        let doc =
            d.parse_xml_document_node("<root><another xmlns='urn:foo'/></root>", "application/xml");
        let another = d.query_selector(doc, "another").unwrap().unwrap();
        let child = d.create_element_ns_in(doc, None, "child1").unwrap();
        d.append_child(another, child).unwrap();
        d.set_attribute(child, "a", "\t\n\r<&\"").unwrap();
        assert_eq!(
            d.xml_serialize(doc, false).unwrap(),
            "<root><another xmlns=\"urn:foo\"><child1 xmlns=\"\" a=\"&#9;&#10;&#13;&lt;&amp;&quot;\"/></another></root>"
        );
    }
}
