//! The XML tokenizer (<https://www.w3.org/TR/xml/>): the document's
//! markup as tokens for the tree builder, checked as a non-validating
//! processor checks well-formedness. Line ends are normalized (2.11),
//! character references and entity references expanded: the predefined
//! entities, the internal general entities of the DTD's internal subset
//! (their replacement text read as content, 4.4), and for a document
//! whose doctype names one of HTML's listed public identifiers, HTML's
//! named character references
//! (<https://html.spec.whatwg.org/#parsing-xhtml-documents>).
//!
//! Every check is linear in what it reads; entity expansion is bounded in
//! depth and in total size (a "billion laughs" document is an error, not
//! an exhausted memory). The first error is fatal: the tokenizer stops.

use std::borrow::Cow;
use std::rc::Rc;

use super::dtd::{self, Doctype, Entities, EntityDef};
use crate::serialize::xml::{is_name_char, is_name_start};

/// A name as written, split at its colon (Namespaces in XML's `QName`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QName {
    pub prefix: Option<String>,
    pub local: String,
}

impl QName {
    /// The name as written.
    pub fn written(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.local),
            None => self.local.clone(),
        }
    }
}

/// What the tokenizer gives the tree builder.
#[derive(Debug)]
pub(super) enum Token {
    /// The XML declaration (`<?xml version="1.0"?>`).
    XmlDecl,
    Doctype(Doctype),
    /// A start tag (`empty`: `<a/>`), attributes in the order written.
    Start {
        name: QName,
        attrs: Vec<(QName, String)>,
        empty: bool,
    },
    End(QName),
    Pi {
        target: String,
        data: String,
    },
    Comment(String),
    /// Character data (references expanded).
    Text(String),
    /// A CDATA section's text.
    CData(String),
}

/// How deep entity references may nest.
const MAX_DEPTH: usize = 40;
/// Replacement text read in all, at least (more for a larger document:
/// [`Tokenizer::new`]).
const MIN_EXPANSION: usize = 8 << 20;

/// An entity's replacement text being read as content.
struct Frame {
    name: Rc<str>,
    text: Rc<str>,
    pos: usize,
    /// The open elements when the reference was met: the replacement
    /// text must close what it opens (4.3.2).
    depth: usize,
}

/// The tokenizer over one document.
pub(super) struct Tokenizer<'a> {
    src: Cow<'a, str>,
    pos: usize,
    frames: Vec<Frame>,
    entities: Entities,
    /// Replacement text read so far, and the most allowed.
    expanded: usize,
    max_expansion: usize,
    /// Open elements.
    depth: usize,
    /// Whether an undeclared entity is no error: the DTD has an external
    /// part or parameter entity references a non-validating processor
    /// does not read (4.1, "Entity Declared").
    lenient: bool,
    /// Whether HTML's named character references are entities.
    html_entities: bool,
}

type Result<T> = std::result::Result<T, String>;

impl<'a> Tokenizer<'a> {
    pub fn new(xml: &'a str) -> Self {
        // 2.11: "\r\n" and a lone "\r" are "\n".
        let src = if xml.contains('\r') {
            Cow::Owned(xml.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            Cow::Borrowed(xml)
        };
        let max_expansion = MIN_EXPANSION.max(src.len().saturating_mul(8));
        Tokenizer {
            src,
            pos: 0,
            frames: Vec::new(),
            entities: Entities::default(),
            expanded: 0,
            max_expansion,
            depth: 0,
            lenient: false,
            html_entities: false,
        }
    }

    /// The bytes of the document read, and of replacement text: the
    /// measure of work done so far.
    pub fn work(&self) -> usize {
        self.pos + self.expanded
    }

    /// The bytes of the document read.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The text being read and the position in it.
    fn input(&self) -> (&str, usize) {
        match self.frames.last() {
            Some(f) => (&*f.text, f.pos),
            None => (&*self.src, self.pos),
        }
    }

    fn rest(&self) -> &str {
        let (text, pos) = self.input();
        &text[pos..]
    }

    fn advance(&mut self, n: usize) {
        match self.frames.last_mut() {
            Some(f) => f.pos += n,
            None => self.pos += n,
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.advance(s.len());
            true
        } else {
            false
        }
    }

    fn expect(&mut self, s: &str, what: &str) -> Result<()> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(format!("expected '{s}' {what}"))
        }
    }

    /// `S?`: whether any whitespace was skipped.
    fn skip_space(&mut self) -> bool {
        let n = space_len(self.rest());
        self.advance(n);
        n > 0
    }

    fn name(&mut self, what: &str) -> Result<String> {
        let name = read_name(self.rest()).ok_or_else(|| format!("expected a name {what}"))?;
        let name = name.to_owned();
        self.advance(name.len());
        Ok(name)
    }

    fn qname(&mut self, what: &str) -> Result<QName> {
        let name = self.name(what)?;
        split_qname(name)
    }

    /// The next token; `None` at the end of the document.
    pub fn next(&mut self) -> Result<Option<Token>> {
        loop {
            if self.rest().is_empty() {
                let Some(frame) = self.frames.pop() else {
                    return Ok(None);
                };
                if frame.depth != self.depth {
                    return Err(format!(
                        "the replacement text of &{}; does not close the elements it opens",
                        frame.name
                    ));
                }
                continue;
            }
            let rest = self.rest();
            if rest.starts_with('<') {
                return self.markup().map(Some);
            }
            if rest.starts_with('&') {
                if let Some(text) = self.reference_in_content()? {
                    return Ok(Some(Token::Text(text)));
                }
                continue;
            }
            let end = rest.find(['<', '&']).unwrap_or(rest.len());
            let text = &rest[..end];
            check_chars(text)?;
            if text.contains("]]>") {
                return Err("']]>' in text".into());
            }
            let text = text.to_owned();
            self.advance(end);
            return Ok(Some(Token::Text(text)));
        }
    }

    fn markup(&mut self) -> Result<Token> {
        let rest = self.rest();
        if rest.starts_with("<!--") {
            self.advance(4);
            let text = self.until("-->", "a comment")?;
            check_comment(&text)?;
            return Ok(Token::Comment(text));
        }
        if rest.starts_with("<![CDATA[") {
            if self.depth == 0 {
                return Err("a CDATA section outside the document element".into());
            }
            self.advance(9);
            return self.until("]]>", "a CDATA section").map(Token::CData);
        }
        if rest.starts_with("<!DOCTYPE") {
            if !self.frames.is_empty() {
                return Err("a doctype in an entity's replacement text".into());
            }
            self.advance(9);
            let doctype = self.doctype()?;
            return Ok(Token::Doctype(doctype));
        }
        if rest.starts_with("<?") {
            self.advance(2);
            return self.pi();
        }
        if rest.starts_with("</") {
            self.advance(2);
            let name = self.qname("in an end tag")?;
            self.skip_space();
            self.expect(">", "to end an end tag")?;
            let floor = self.frames.last().map_or(0, |f| f.depth);
            if self.depth == floor {
                return Err(format!(
                    "the end tag </{}> closes no open element",
                    name.written()
                ));
            }
            self.depth -= 1;
            return Ok(Token::End(name));
        }
        self.advance(1);
        self.start_tag()
    }

    /// The text up to `end` (consumed), checked to be characters.
    fn until(&mut self, end: &str, what: &str) -> Result<String> {
        let rest = self.rest();
        let at = rest
            .find(end)
            .ok_or_else(|| format!("{what} is not closed"))?;
        let text = rest[..at].to_owned();
        check_chars(&text)?;
        self.advance(at + end.len());
        Ok(text)
    }

    /// After `<?`: the XML declaration or a processing instruction.
    fn pi(&mut self) -> Result<Token> {
        let target = self.name("as a processing instruction's target")?;
        if target.contains(':') {
            return Err(format!(
                "the processing instruction target {target} has a colon"
            ));
        }
        let spaced = self.skip_space();
        let data = self.until("?>", "a processing instruction")?;
        if !spaced && !data.is_empty() {
            return Err(format!(
                "no space after the processing instruction target {target}"
            ));
        }
        if target == "xml" {
            if !self.frames.is_empty() {
                return Err("an XML declaration in an entity's replacement text".into());
            }
            super::decl::check(&data)?;
            return Ok(Token::XmlDecl);
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(format!(
                "the processing instruction target {target} is reserved"
            ));
        }
        Ok(Token::Pi { target, data })
    }

    /// After `<`: a start tag or an empty-element tag.
    fn start_tag(&mut self) -> Result<Token> {
        let name = self.qname("after '<'")?;
        let mut attrs = Vec::new();
        loop {
            let spaced = self.skip_space();
            if self.eat("/>") {
                return Ok(Token::Start {
                    name,
                    attrs,
                    empty: true,
                });
            }
            if self.eat(">") {
                self.depth += 1;
                return Ok(Token::Start {
                    name,
                    attrs,
                    empty: false,
                });
            }
            if !spaced {
                return Err(format!(
                    "no space before an attribute of <{}>",
                    name.written()
                ));
            }
            let attr = self.qname("as an attribute name")?;
            self.skip_space();
            if !self.eat("=") {
                return Err(format!("the attribute {} has no value", attr.written()));
            }
            self.skip_space();
            let value = self.attribute_value()?;
            attrs.push((attr, value));
        }
    }

    /// A quoted attribute value, normalized (3.3.3): references expanded,
    /// each whitespace character written a space.
    fn attribute_value(&mut self) -> Result<String> {
        let quote = match self.rest().as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => *q as char,
            _ => return Err("an attribute value is not quoted".into()),
        };
        self.advance(1);
        let rest = self.rest();
        let end = rest.find(quote).ok_or("an attribute value is not closed")?;
        let raw = rest[..end].to_owned();
        self.advance(end + 1);
        let mut out = String::with_capacity(raw.len());
        let mut active = Vec::new();
        self.normalize_into(&raw, &mut out, &mut active)?;
        Ok(out)
    }

    /// Append the normalized value of `raw` (literal text or an entity's
    /// replacement text) to `out`; `active`: the entities being expanded.
    fn normalize_into(
        &mut self,
        raw: &str,
        out: &mut String,
        active: &mut Vec<Rc<str>>,
    ) -> Result<()> {
        if raw.contains('<') {
            return Err("'<' in an attribute value".into());
        }
        check_chars(raw)?;
        let mut rest = raw;
        while let Some(at) = rest.find(['&', '\t', '\n', '\r']) {
            out.push_str(&rest[..at]);
            if rest.as_bytes()[at] != b'&' {
                out.push(' ');
                rest = &rest[at + 1..];
                continue;
            }
            let after = &rest[at + 1..];
            let semi = after.find(';').ok_or("a reference has no ';'")?;
            let reference = &after[..semi];
            rest = &after[semi + 1..];
            if let Some(num) = reference.strip_prefix('#') {
                out.push(char_ref(num)?);
                continue;
            }
            if let Some(c) = predefined(reference) {
                out.push(c);
                continue;
            }
            match self.entity(reference)? {
                Some(Resolved::Text(name, text)) => {
                    if active.contains(&name) || active.len() >= MAX_DEPTH {
                        return Err(format!("the entity &{name}; refers to itself"));
                    }
                    self.count(text.len())?;
                    active.push(name);
                    self.normalize_into(&text, out, active)?;
                    active.pop();
                }
                Some(Resolved::Html(s)) => out.push_str(&s),
                Some(Resolved::External(name)) => {
                    return Err(format!(
                        "the external entity &{name}; in an attribute value"
                    ));
                }
                None => {}
            }
        }
        out.push_str(rest);
        Ok(())
    }

    /// A reference in content: its text, or `None` when an entity's
    /// replacement text is now being read (or a skipped entity).
    fn reference_in_content(&mut self) -> Result<Option<String>> {
        let rest = self.rest();
        let semi = rest.find(';').ok_or("a reference has no ';'")?;
        let reference = rest[1..semi].to_owned();
        self.advance(semi + 1);
        if let Some(num) = reference.strip_prefix('#') {
            return Ok(Some(char_ref(num)?.to_string()));
        }
        if let Some(c) = predefined(&reference) {
            return Ok(Some(c.to_string()));
        }
        match self.entity(&reference)? {
            Some(Resolved::Text(name, text)) => {
                if self.frames.iter().any(|f| f.name == name) || self.frames.len() >= MAX_DEPTH {
                    return Err(format!("the entity &{name}; refers to itself"));
                }
                self.count(text.len())?;
                self.frames.push(Frame {
                    name,
                    text,
                    pos: 0,
                    depth: self.depth,
                });
                Ok(None)
            }
            Some(Resolved::Html(s)) => Ok(Some(s)),
            // An external parsed entity: a non-validating processor need
            // not read it (4.4.3, "Included If Validating").
            Some(Resolved::External(_)) | None => Ok(None),
        }
    }

    fn count(&mut self, n: usize) -> Result<()> {
        self.expanded += n;
        if self.expanded > self.max_expansion {
            return Err(format!(
                "entities expand to over {} bytes",
                self.max_expansion
            ));
        }
        Ok(())
    }

    /// What `&name;` stands for; `None` for an undeclared entity that is
    /// no error.
    fn entity(&self, name: &str) -> Result<Option<Resolved>> {
        if read_name(name) != Some(name) {
            return Err(format!("&{name}; is no entity reference"));
        }
        match self.entities.get(name) {
            Some((name, EntityDef::Internal(text))) => {
                Ok(Some(Resolved::Text(name.clone(), text.clone())))
            }
            Some((name, EntityDef::External)) => Ok(Some(Resolved::External(name.clone()))),
            Some((_, EntityDef::Unparsed)) => {
                Err(format!("a reference to the unparsed entity &{name};"))
            }
            None if self.html_entities => match html_named(name) {
                Some(s) => Ok(Some(Resolved::Html(s))),
                None => Err(format!("the entity &{name}; is not declared")),
            },
            None if self.lenient => Ok(None),
            None => Err(format!("the entity &{name}; is not declared")),
        }
    }

    /// After `<!DOCTYPE`: the doctype, its internal subset's entity
    /// declarations kept.
    fn doctype(&mut self) -> Result<Doctype> {
        let (text, pos) = (&self.src[self.pos..], self.pos);
        let (doctype, read) = dtd::parse_doctype(text, &mut self.entities)?;
        self.pos = pos + read;
        self.lenient = doctype.system_id.is_some() || self.entities.saw_parameter_reference;
        self.html_entities = doctype
            .public_id
            .as_deref()
            .is_some_and(dtd::has_html_entities);
        Ok(doctype)
    }
}

/// What an entity reference resolves to.
enum Resolved {
    /// An internal entity: its name and replacement text.
    Text(Rc<str>, Rc<str>),
    /// An external parsed entity (not read).
    External(Rc<str>),
    /// One of HTML's named character references.
    Html(String),
}

/// The length of the `S` (white space, 3) at the start of `s`.
pub(super) fn space_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count()
}

/// A comment's text (between `<!--` and `-->`) has no `--` and does not
/// end with `-` (15).
pub(super) fn check_comment(text: &str) -> Result<()> {
    if text.contains("--") || text.ends_with('-') {
        return Err("'--' in a comment".into());
    }
    Ok(())
}

/// The `Name` at the start of `s`.
pub(super) fn read_name(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if !is_name_start(first) {
        return None;
    }
    let end = chars
        .find(|&(_, c)| !is_name_char(c))
        .map_or(s.len(), |(i, _)| i);
    Some(&s[..end])
}

/// Split a `Name` into a `QName` (Namespaces in XML 1.0, section 3): no
/// colon at either end, at most one.
fn split_qname(name: String) -> Result<QName> {
    match name.split_once(':') {
        None => Ok(QName {
            prefix: None,
            local: name,
        }),
        Some((p, l)) if !p.is_empty() && !l.is_empty() && !l.contains(':') => match read_name(l) {
            Some(n) if n == l => Ok(QName {
                prefix: Some(p.to_owned()),
                local: l.to_owned(),
            }),
            _ => Err(format!("{name} is not a qualified name")),
        },
        Some(_) => Err(format!("{name} is not a qualified name")),
    }
}

/// The predefined entities (4.6).
fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// A character reference's digits (after `#`): the character, which must
/// be an XML `Char`.
pub(super) fn char_ref(num: &str) -> Result<char> {
    let value = match num.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()
        }
        None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse().ok(),
        _ => return Err(format!("&#{num}; is no character reference")),
    };
    value
        .and_then(char::from_u32)
        .filter(|&c| is_xml_char(c))
        .ok_or_else(|| format!("&#{num}; refers to no XML character"))
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether every character of `s` is an XML `Char` (2.2): checked on
/// bytes, as none of the excluded ones is in a multi-byte sequence but
/// U+FFFE and U+FFFF.
pub(super) fn check_chars(s: &str) -> Result<()> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let bad = match b {
            b'\t' | b'\n' | b'\r' => false,
            0..0x20 => true,
            0xEF => {
                bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
            }
            _ => false,
        };
        if bad {
            let c = s[i..].chars().next().unwrap_or_default();
            return Err(format!("U+{:04X} is no XML character", c as u32));
        }
    }
    Ok(())
}

/// One of HTML's named character references (with its `;`).
fn html_named(name: &str) -> Option<String> {
    let key = format!("{name};");
    let &(first, second) = html5ever::data::NAMED_ENTITIES.get(key.as_str())?;
    let mut s = String::new();
    s.push(char::from_u32(first).filter(|_| first != 0)?);
    if let Some(c) = char::from_u32(second).filter(|_| second != 0) {
        s.push(c);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Result<Vec<String>> {
        let mut t = Tokenizer::new(xml);
        let mut out = Vec::new();
        while let Some(tok) = t.next()? {
            out.push(match tok {
                Token::XmlDecl => "decl".into(),
                Token::Doctype(d) => format!("doctype {}", d.name),
                Token::Start { name, attrs, empty } => {
                    let attrs: Vec<String> = attrs
                        .iter()
                        .map(|(n, v)| format!(" {}={v:?}", n.written()))
                        .collect();
                    format!(
                        "<{}{}{}>",
                        name.written(),
                        attrs.concat(),
                        if empty { "/" } else { "" }
                    )
                }
                Token::End(n) => format!("</{}>", n.written()),
                Token::Pi { target, data } => format!("?{target} {data}"),
                Token::Comment(c) => format!("!{c}"),
                Token::Text(t) => format!("{t:?}"),
                Token::CData(t) => format!("cdata {t:?}"),
            });
        }
        Ok(out)
    }

    #[test]
    fn markup_references_and_line_ends() {
        assert_eq!(
            tokens("<?xml version='1.0' encoding=\"UTF-8\"?>\r\n<a:b x='1&#x9;&lt;' y=\"a\r\nb\">t&amp;&#65;<![CDATA[<&>]]><!--c--><?p d?><e/></a:b>").unwrap(),
            [
                "decl",
                "\"\\n\"",
                "<a:b x=\"1\\t<\" y=\"a b\">",
                "\"t\"",
                "\"&\"",
                "\"A\"",
                "cdata \"<&>\"",
                "!c",
                "?p d",
                "<e/>",
                "</a:b>",
            ]
        );
    }

    #[test]
    fn what_is_not_well_formed_is_an_error() {
        for bad in [
            "<a b>",
            "<a b=c>",
            "<a b='1'c='2'>",
            "<a>&nope;</a>",
            "<a>&#0;</a>",
            "<a>&#xD800;</a>",
            "<a>]]></a>",
            "<!-- a -- b -->",
            "<!-- a --->",
            "<a:b:c/>",
            "<:a/>",
            "<a x='<'/>",
            "<?XML version='1.0'?>",
            "<?xml?>",
            "<?xml encoding='x' version='1.0'?>",
            "<a>\u{1}</a>",
            "</a>",
            "<a",
        ] {
            assert!(tokens(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn internal_entities_expand_as_content_and_in_attributes() {
        let doc = "<!DOCTYPE r [<!ENTITY e \"<b x='&f;'>&f;</b>\"><!ENTITY f 'v&#38;#38;'>]><r a='&f;'>&e;</r>";
        assert_eq!(
            tokens(doc).unwrap(),
            [
                "doctype r",
                "<r a=\"v&\">",
                "<b x=\"v&\">",
                "\"v\"",
                "\"&\"",
                "</b>",
                "</r>",
            ]
        );
        // Recursion, markup that crosses the entity's end, and a
        // billion laughs are errors.
        assert!(tokens("<!DOCTYPE r [<!ENTITY e '&e;'>]><r>&e;</r>").is_err());
        assert!(tokens("<!DOCTYPE r [<!ENTITY e '<b>'>]><r>&e;</b></r>").is_err());
        let mut laughs = String::from("<!DOCTYPE r [<!ENTITY l0 'lol'>");
        for i in 1..10 {
            let p = i - 1;
            laughs.push_str(&format!(
                "<!ENTITY l{i} '{}'>",
                format!("&l{p};").repeat(10)
            ));
        }
        laughs.push_str("]><r>&l9;</r>");
        let err = tokens(&laughs).unwrap_err();
        assert!(err.contains("expand"), "{err}");
    }

    #[test]
    fn an_external_dtd_makes_undeclared_entities_skipped_or_html() {
        assert_eq!(
            tokens("<!DOCTYPE r SYSTEM 'r.dtd'><r>&x;</r>").unwrap(),
            ["doctype r", "<r>", "</r>"]
        );
        assert_eq!(
            tokens(
                "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN' 'x'><html>&nbsp;</html>"
            )
            .unwrap(),
            ["doctype html", "<html>", "\"\\u{a0}\"", "</html>"]
        );
    }
}
