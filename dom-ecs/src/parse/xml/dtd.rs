//! The document type declaration (XML 2.8): the doctype's name and
//! external identifiers, and from its internal subset the general entity
//! declarations (4.2), which a non-validating processor must read. The
//! other declarations (elements, attribute lists, notations) are checked
//! to be closed and skipped; parameter entities are not expanded.

use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::tokenizer::{char_ref, check_chars, check_comment, read_name, space_len};

/// `<!DOCTYPE name PUBLIC "..." "...">`
#[derive(Debug, Default)]
pub(super) struct Doctype {
    pub name: String,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
}

/// A declared general entity.
#[derive(Debug)]
pub(super) enum EntityDef {
    /// Its replacement text (character references expanded, 4.5).
    Internal(Rc<str>),
    /// An external parsed entity.
    External,
    /// An unparsed entity (`NDATA`).
    Unparsed,
}

/// The general entities the internal subset declares.
#[derive(Debug, Default)]
pub(super) struct Entities {
    map: FxHashMap<Rc<str>, EntityDef>,
    /// Whether the subset refers to a parameter entity: the declarations
    /// after it are not read (4.1), and an undeclared entity is no error.
    pub saw_parameter_reference: bool,
}

impl Entities {
    pub fn get(&self, name: &str) -> Option<(&Rc<str>, &EntityDef)> {
        self.map.get_key_value(name)
    }
}

type Result<T> = std::result::Result<T, String>;

/// Public identifiers whose documents take HTML's named character
/// references as entities
/// (<https://html.spec.whatwg.org/#parsing-xhtml-documents>).
const HTML_ENTITY_PUBLIC_IDS: [&str; 9] = [
    "-//W3C//DTD XHTML 1.0 Transitional//EN",
    "-//W3C//DTD XHTML 1.1//EN",
    "-//W3C//DTD XHTML 1.0 Strict//EN",
    "-//W3C//DTD XHTML 1.0 Frameset//EN",
    "-//W3C//DTD XHTML Basic 1.0//EN",
    "-//W3C//DTD XHTML 1.1 plus MathML 2.0//EN",
    "-//W3C//DTD XHTML 1.1 plus MathML 2.0 plus SVG 1.1//EN",
    "-//W3C//DTD MathML 2.0//EN",
    "-//WAPFORUM//DTD XHTML Mobile 1.0//EN",
];

pub(super) fn has_html_entities(public_id: &str) -> bool {
    HTML_ENTITY_PUBLIC_IDS.contains(&public_id)
}

/// A cursor over the declaration.
struct Reader<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Reader<'s> {
    fn rest(&self) -> &'s str {
        &self.s[self.pos..]
    }

    fn eat(&mut self, t: &str) -> bool {
        let yes = self.rest().starts_with(t);
        if yes {
            self.pos += t.len();
        }
        yes
    }

    fn space(&mut self) -> bool {
        let n = space_len(self.rest());
        self.pos += n;
        n > 0
    }

    fn name(&mut self, what: &str) -> Result<&'s str> {
        let rest = self.rest();
        let name = read_name(rest).ok_or_else(|| format!("expected a name {what}"))?;
        self.pos += name.len();
        Ok(name)
    }

    /// A quoted literal's text.
    fn literal(&mut self, what: &str) -> Result<&'s str> {
        let rest = self.rest();
        let quote = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err(format!("expected a quoted {what}")),
        };
        let end = rest[1..]
            .find(quote)
            .ok_or_else(|| format!("the {what} is not closed"))?;
        self.pos += end + 2;
        let text = &rest[1..=end];
        check_chars(text)?;
        Ok(text)
    }

    /// `ExternalID` (75): the public identifier if any and the system
    /// literal; nothing when there is none.
    fn external_id(&mut self) -> Result<Option<(Option<String>, String)>> {
        if self.eat("SYSTEM") {
            if !self.space() {
                return Err("no space after SYSTEM".into());
            }
            let system = self.literal("system literal")?;
            return Ok(Some((None, system.to_owned())));
        }
        if self.eat("PUBLIC") {
            if !self.space() {
                return Err("no space after PUBLIC".into());
            }
            let public = self.literal("public identifier")?;
            if let Some(c) = public.chars().find(|&c| !is_pubid_char(c)) {
                return Err(format!("{c:?} in a public identifier"));
            }
            if !self.space() {
                return Err("a public identifier without its system literal".into());
            }
            let system = self.literal("system literal")?;
            return Ok(Some((Some(public.to_owned()), system.to_owned())));
        }
        Ok(None)
    }
}

/// `PubidChar` (13).
fn is_pubid_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " \r\n-'()+,./:=?;!*#@$_%".contains(c)
}

/// Read a doctype from `s`, which follows `<!DOCTYPE`: the doctype and the
/// bytes read (up to its `>`); entity declarations go into `entities`.
pub(super) fn parse_doctype(s: &str, entities: &mut Entities) -> Result<(Doctype, usize)> {
    let mut r = Reader { s, pos: 0 };
    if !r.space() {
        return Err("no space after <!DOCTYPE".into());
    }
    let mut doctype = Doctype {
        name: r.name("after <!DOCTYPE")?.to_owned(),
        ..Doctype::default()
    };
    let spaced = r.space();
    if spaced && let Some((public, system)) = r.external_id()? {
        doctype.public_id = public;
        doctype.system_id = Some(system);
        r.space();
    } else if !spaced && !r.rest().starts_with(['[', '>']) {
        return Err("no space after the doctype's name".into());
    }
    if r.eat("[") {
        internal_subset(&mut r, entities)?;
        r.space();
    }
    if !r.eat(">") {
        return Err("the doctype is not closed".into());
    }
    Ok((doctype, r.pos))
}

/// The internal subset, up to and with its `]`.
fn internal_subset(r: &mut Reader<'_>, entities: &mut Entities) -> Result<()> {
    loop {
        r.space();
        if r.eat("]") {
            return Ok(());
        }
        if r.eat("%") {
            r.name("after '%'")?;
            if !r.eat(";") {
                return Err("a parameter entity reference has no ';'".into());
            }
            entities.saw_parameter_reference = true;
        } else if r.eat("<!--") {
            let end = r.rest().find("-->").ok_or("a comment is not closed")?;
            check_comment(&r.rest()[..end])?;
            r.pos += end + 3;
        } else if r.eat("<?") {
            let end = r
                .rest()
                .find("?>")
                .ok_or("a processing instruction is not closed")?;
            r.pos += end + 2;
        } else if r.eat("<!ENTITY") {
            entity_declaration(r, entities)?;
        } else if r.eat("<!ELEMENT") || r.eat("<!ATTLIST") || r.eat("<!NOTATION") {
            skip_declaration(r)?;
        } else if r.rest().is_empty() {
            return Err("the internal subset is not closed".into());
        } else {
            return Err("the internal subset holds no declaration here".into());
        }
    }
}

/// The rest of a declaration up to its `>`, past quoted literals.
fn skip_declaration(r: &mut Reader<'_>) -> Result<()> {
    if !r.space() {
        return Err("no space in a declaration".into());
    }
    loop {
        let rest = r.rest();
        let at = rest
            .find(['>', '"', '\'', '<'])
            .ok_or("a declaration is not closed")?;
        r.pos += at;
        match rest.as_bytes()[at] {
            b'>' => {
                r.pos += 1;
                return Ok(());
            }
            b'<' => return Err("'<' in a declaration".into()),
            _ => {
                r.literal("literal")?;
            }
        }
    }
}

/// After `<!ENTITY` (71-74): a general entity is kept (the first
/// declaration of a name binds, 4.2), a parameter entity read past.
fn entity_declaration(r: &mut Reader<'_>, entities: &mut Entities) -> Result<()> {
    if !r.space() {
        return Err("no space after <!ENTITY".into());
    }
    let parameter = r.eat("%");
    if parameter && !r.space() {
        return Err("no space after '%'".into());
    }
    let name = r.name("in an entity declaration")?;
    if name.contains(':') {
        return Err(format!("the entity name {name} has a colon"));
    }
    if !r.space() {
        return Err("no space after the entity's name".into());
    }
    let def = if matches!(r.rest().chars().next(), Some('"' | '\'')) {
        EntityDef::Internal(replacement_text(r.literal("entity value")?)?.into())
    } else {
        r.external_id()?
            .ok_or("an entity declaration has no value or external identifier")?;
        let spaced = r.space();
        if spaced && r.eat("NDATA") {
            if parameter || !r.space() {
                return Err("a malformed NDATA declaration".into());
            }
            r.name("after NDATA")?;
            EntityDef::Unparsed
        } else {
            EntityDef::External
        }
    };
    r.space();
    if !r.eat(">") {
        return Err(format!("the declaration of entity {name} is not closed"));
    }
    if !parameter && !entities.saw_parameter_reference {
        entities.map.entry(Rc::from(name)).or_insert(def);
    }
    Ok(())
}

/// An entity value's replacement text (4.5): character references
/// expanded, general entity references kept as written (bypassed); a
/// parameter entity reference may not be in the internal subset's
/// markup (WFC: PEs in Internal Subset).
fn replacement_text(value: &str) -> Result<String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find(['&', '%']) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'%' {
            return Err("a parameter entity reference in an entity value".into());
        }
        let after = &rest[at + 1..];
        let semi = after.find(';').ok_or("a reference has no ';'")?;
        let reference = &after[..semi];
        match reference.strip_prefix('#') {
            Some(num) => out.push(char_ref(num)?),
            None => {
                if read_name(reference) != Some(reference) {
                    return Err(format!("&{reference}; is no entity reference"));
                }
                out.push('&');
                out.push_str(reference);
                out.push(';');
            }
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doctype(s: &str) -> Result<(Doctype, Entities)> {
        let mut entities = Entities::default();
        let (d, read) = parse_doctype(s, &mut entities)?;
        assert_eq!(&s[read..], "<r/>");
        Ok((d, entities))
    }

    #[test]
    fn names_identifiers_and_entities() {
        let (d, e) = doctype(" html PUBLIC '-//A//B' \"u.dtd\" [\n<!ELEMENT a (#PCDATA)>\n<!ATTLIST a b CDATA 'x>'>\n<!-- c -->\n<?p ]>?>\n<!ENTITY e 'a&#60;&f;'>\n<!ENTITY e 'second'>\n<!ENTITY % p 'q'>\n<!ENTITY x SYSTEM 'x.xml'>\n<!ENTITY u SYSTEM 'u.png' NDATA png>\n]><r/>").unwrap();
        assert_eq!(d.name, "html");
        assert_eq!(d.public_id.as_deref(), Some("-//A//B"));
        assert_eq!(d.system_id.as_deref(), Some("u.dtd"));
        assert!(matches!(e.get("e"), Some((_, EntityDef::Internal(t))) if &**t == "a<&f;"));
        assert!(matches!(e.get("x"), Some((_, EntityDef::External))));
        assert!(matches!(e.get("u"), Some((_, EntityDef::Unparsed))));
        assert!(e.get("p").is_none());
        let (d, _) = doctype(" r><r/>").unwrap();
        assert_eq!((d.public_id, d.system_id), (None, None));
    }

    #[test]
    fn malformed_declarations_are_errors() {
        for bad in [
            " r SYSTEM><r/>",
            " r PUBLIC 'p'><r/>",
            " r PUBLIC 'a{' 's'><r/>",
            " r [<!ENTITY e 'a%p;'>]><r/>",
            " r [<!ENTITY e>]><r/>",
            " r [<!FOO>]><r/>",
            " r [<!ENTITY a:b 'x'>]><r/>",
            " r [",
            "r><r/>",
        ] {
            let mut entities = Entities::default();
            assert!(parse_doctype(bad, &mut entities).is_err(), "{bad}");
        }
    }
}
