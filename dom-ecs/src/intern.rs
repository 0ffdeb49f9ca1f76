//! Interned names: tag, attribute, id and class names become `u32` symbols.
//!
//! One [`Names`] table lives in each [`Document`](crate::Document). Comparing
//! two names is comparing two integers, and a name is stored once however
//! many elements carry it. Namespaces and prefixes are numbered in two
//! bytes each ([`Ns`], [`Prefix`]).

use rustc_hash::FxHashMap;
use string_interner::{DefaultBackend, StringInterner};

/// An interned name. Only meaningful with the [`Names`] table that made it.
pub type Symbol = string_interner::DefaultSymbol;

/// A symbol's dense index (0, 1, 2, ... in interning order), for caches
/// kept beside the table, e.g. the Python bridge's cache of `str` objects.
#[inline]
pub fn symbol_index(sym: Symbol) -> usize {
    string_interner::Symbol::to_usize(sym)
}

/// A namespace (<https://infra.spec.whatwg.org/#namespaces>): one of the
/// seven the DOM itself knows, by number, or another URL interned in the
/// document's [`Names`] (`createElementNS("urn:x", ...)`). Two bytes, so an
/// [`Attribute`](crate::node::Attribute) with its prefix stays 32 bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ns(u16);

#[allow(
    non_upper_case_globals,
    reason = "the namespaces read as names (Ns::Html), in patterns too"
)]
impl Ns {
    /// No namespace (most attributes).
    pub const None: Ns = Ns(0);
    /// `http://www.w3.org/1999/xhtml`
    pub const Html: Ns = Ns(1);
    /// `http://www.w3.org/2000/svg`
    pub const Svg: Ns = Ns(2);
    /// `http://www.w3.org/1998/Math/MathML`
    pub const MathMl: Ns = Ns(3);
    /// `http://www.w3.org/1999/xlink`
    pub const XLink: Ns = Ns(4);
    /// `http://www.w3.org/XML/1998/namespace`
    pub const Xml: Ns = Ns(5);
    /// `http://www.w3.org/2000/xmlns/`
    pub const Xmlns: Ns = Ns(6);

    const KNOWN: [&'static str; 7] = [
        "",
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1998/Math/MathML",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/2000/xmlns/",
    ];

    /// The namespace's number (for hashing).
    pub fn number(self) -> u16 {
        self.0
    }

    /// The namespace of a number [`Ns::number`] gave.
    pub(crate) fn from_number(n: u16) -> Ns {
        Ns(n)
    }

    /// The URL of a namespace the DOM knows (empty for [`Ns::None`]);
    /// `None` for one a document interned ([`Names::ns_url`] has it).
    pub fn known_url(self) -> Option<&'static str> {
        Self::KNOWN.get(usize::from(self.0)).copied()
    }

    /// The namespace for a URL the DOM knows; `None` for any other.
    pub fn from_url(url: &str) -> Option<Ns> {
        Self::KNOWN
            .iter()
            .position(|&k| k == url)
            .map(|i| Ns(i as u16))
    }

    /// The prefix the HTML parser gives attributes in this namespace
    /// ("adjust foreign attributes"); `local` matters only for `xmlns`.
    pub fn attribute_prefix(self, local: &str) -> Option<&'static str> {
        match self {
            Ns::XLink => Some("xlink"),
            Ns::Xml => Some("xml"),
            Ns::Xmlns if local != "xmlns" => Some("xmlns"),
            _ => None,
        }
    }
}

/// A namespace prefix (`svg` of `svg:rect`), interned in the document's
/// [`Names`]: two bytes, for the same reason as [`Ns`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Prefix(std::num::NonZeroU16);

/// Symbols the DOM itself looks at, interned once when a document is made.
#[derive(Clone, Copy, Debug)]
#[allow(
    missing_docs,
    reason = "each field is the symbol of the name it is called"
)]
pub struct WellKnown {
    pub id: Symbol,
    pub class: Symbol,
    pub html: Symbol,
    pub head: Symbol,
    pub body: Symbol,
    pub title: Symbol,
    pub template: Symbol,
    pub frameset: Symbol,
    pub a: Symbol,
    pub area: Symbol,
    pub link: Symbol,
    pub href: Symbol,
    pub script: Symbol,
    pub iframe: Symbol,
    pub src: Symbol,
    pub srcdoc: Symbol,
    pub slot: Symbol,
    pub name: Symbol,
    pub is: Symbol,
    pub style: Symbol,
    pub option: Symbol,
    pub optgroup: Symbol,
}

/// The interner of one document, with the ASCII-uppercase forms that
/// `tagName` returns cached per symbol.
pub struct Names {
    interner: StringInterner<DefaultBackend>,
    upper: FxHashMap<Symbol, Symbol>,
    /// The URLs of the namespaces beyond the known ones, by `Ns` number
    /// (the first is number 7), and their numbers.
    namespaces: Vec<Symbol>,
    ns_numbers: FxHashMap<Symbol, Ns>,
    /// Prefixes, by `Prefix` number (the first is 1), and their numbers.
    prefixes: Vec<Symbol>,
    prefix_numbers: FxHashMap<Symbol, Prefix>,
    /// The HTML element interface class code of each name as a local
    /// name (`html::html_interface_code`), by symbol index: computed once
    /// per name as [`Names::intern`] interns it, so a bridge making an
    /// element's object finds its class with one index.
    html_codes: Vec<u16>,
    /// The names the DOM itself needs, interned up front.
    pub known: WellKnown,
}

impl Default for Names {
    fn default() -> Self {
        Self::new()
    }
}

impl Names {
    /// A table holding the well-known names.
    pub fn new() -> Self {
        let mut interner = StringInterner::<DefaultBackend>::new();
        let mut i = |s: &str| interner.get_or_intern(s);
        let known = WellKnown {
            id: i("id"),
            class: i("class"),
            html: i("html"),
            head: i("head"),
            body: i("body"),
            title: i("title"),
            template: i("template"),
            frameset: i("frameset"),
            a: i("a"),
            area: i("area"),
            link: i("link"),
            href: i("href"),
            script: i("script"),
            iframe: i("iframe"),
            src: i("src"),
            srcdoc: i("srcdoc"),
            slot: i("slot"),
            name: i("name"),
            is: i("is"),
            style: i("style"),
            option: i("option"),
            optgroup: i("optgroup"),
        };
        let mut names = Names {
            interner,
            upper: FxHashMap::default(),
            namespaces: Vec::new(),
            ns_numbers: FxHashMap::default(),
            prefixes: Vec::new(),
            prefix_numbers: FxHashMap::default(),
            html_codes: Vec::new(),
            known,
        };
        names.note_html_codes();
        names
    }

    /// The symbol of `name`, interning it if it is new.
    #[inline]
    pub fn intern(&mut self, name: &str) -> Symbol {
        let sym = self.interner.get_or_intern(name);
        if symbol_index(sym) >= self.html_codes.len() {
            self.note_html_codes();
        }
        sym
    }

    /// Compute the class codes of the names interned since the last call.
    fn note_html_codes(&mut self) {
        while self.html_codes.len() < self.interner.len() {
            let name = <Symbol as string_interner::Symbol>::try_from_usize(self.html_codes.len())
                .and_then(|sym| self.interner.resolve(sym))
                .unwrap_or("");
            self.html_codes.push(crate::html::html_interface_code(name));
        }
    }

    /// The HTML element interface class code of an element whose local
    /// name is `sym` (`html::html_interface_code`).
    #[inline]
    pub fn html_code(&self, sym: Symbol) -> u16 {
        self.html_codes
            .get(symbol_index(sym))
            .copied()
            .unwrap_or_else(|| crate::html::html_interface_code(self.resolve(sym)))
    }

    /// The symbol of `name` if any node ever used it. A name that was never
    /// interned cannot match anything, which lets lookups stop early.
    #[inline]
    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.interner.get(name)
    }

    /// The string of a symbol ("" for a symbol from another table).
    #[inline]
    pub fn resolve(&self, sym: Symbol) -> &str {
        self.interner.resolve(sym).unwrap_or("")
    }

    /// The symbol of the ASCII-uppercase form of `sym` (`tagName` of HTML elements).
    pub fn upper(&mut self, sym: Symbol) -> Symbol {
        if let Some(&u) = self.upper.get(&sym) {
            return u;
        }
        let s = self.resolve(sym);
        let u = if s.bytes().any(|b| b.is_ascii_lowercase()) {
            let up = s.to_ascii_uppercase();
            self.interner.get_or_intern(up)
        } else {
            sym
        };
        self.upper.insert(sym, u);
        u
    }

    /// The namespace whose URL is `url` (the empty string: no
    /// namespace), numbered on first use.
    ///
    /// # Errors
    /// `QuotaExceededError` past 65,000 namespaces in one document.
    pub fn namespace(&mut self, url: &str) -> crate::DomResult<Ns> {
        if let Some(ns) = Ns::from_url(url) {
            return Ok(ns);
        }
        let sym = self.intern(url);
        if let Some(&ns) = self.ns_numbers.get(&sym) {
            return Ok(ns);
        }
        let n = u16::try_from(Ns::KNOWN.len() + self.namespaces.len()).map_err(|_| {
            crate::DomError::QuotaExceeded("a document holds at most 65,535 namespaces".into())
        })?;
        self.namespaces.push(sym);
        self.ns_numbers.insert(sym, Ns(n));
        Ok(Ns(n))
    }

    /// The namespace whose URL is `url`, if this document has it.
    pub fn find_namespace(&self, url: &str) -> Option<Ns> {
        Ns::from_url(url).or_else(|| self.ns_numbers.get(&self.get(url)?).copied())
    }

    /// Every namespace numbered so far, the known ones first.
    pub(crate) fn all_namespaces(&self) -> impl Iterator<Item = Ns> {
        (0..Ns::KNOWN.len() + self.namespaces.len()).map(|n| Ns(n as u16))
    }

    /// A namespace's URL (empty for no namespace).
    pub fn ns_url(&self, ns: Ns) -> &str {
        match ns.known_url() {
            Some(url) => url,
            None => self
                .namespaces
                .get(usize::from(ns.0) - Ns::KNOWN.len())
                .map_or("", |&s| self.resolve(s)),
        }
    }

    /// The number of prefix `p`, given on first use.
    ///
    /// # Errors
    /// `QuotaExceededError` past 65,535 prefixes in one document.
    pub fn prefix(&mut self, p: &str) -> crate::DomResult<Prefix> {
        let sym = self.intern(p);
        if let Some(&n) = self.prefix_numbers.get(&sym) {
            return Ok(n);
        }
        let n = u16::try_from(self.prefixes.len() + 1)
            .ok()
            .and_then(std::num::NonZeroU16::new)
            .map(Prefix)
            .ok_or_else(|| {
                crate::DomError::QuotaExceeded("a document holds at most 65,535 prefixes".into())
            })?;
        self.prefixes.push(sym);
        self.prefix_numbers.insert(sym, n);
        Ok(n)
    }

    /// A prefix's string.
    pub fn prefix_str(&self, p: Prefix) -> &str {
        self.prefixes
            .get(usize::from(p.0.get()) - 1)
            .map_or("", |&s| self.resolve(s))
    }

    /// How many distinct names are interned.
    pub fn len(&self) -> usize {
        self.interner.len()
    }

    /// Whether the table is empty (never true: well-known names are interned).
    pub fn is_empty(&self) -> bool {
        self.interner.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_same_symbol() {
        let mut n = Names::new();
        let a = n.intern("div");
        assert_eq!(a, n.intern("div"));
        assert_eq!(n.resolve(a), "div");
        assert_eq!(n.get("nope"), None);
        let up = n.upper(a);
        assert_eq!(n.resolve(up), "DIV");
        let already = n.intern("X-Y");
        assert_eq!(n.upper(already), already);
    }

    #[test]
    fn namespace_urls_round_trip() {
        for ns in [
            Ns::None,
            Ns::Html,
            Ns::Svg,
            Ns::MathMl,
            Ns::XLink,
            Ns::Xml,
            Ns::Xmlns,
        ] {
            assert_eq!(Ns::from_url(ns.known_url().unwrap()), Some(ns));
        }
        let mut n = Names::new();
        let other = n.namespace("urn:x").unwrap();
        assert_eq!(n.namespace("urn:x").unwrap(), other);
        assert_eq!(n.ns_url(other), "urn:x");
        assert_eq!(other.known_url(), None);
        assert_eq!(n.namespace(Ns::Svg.known_url().unwrap()).unwrap(), Ns::Svg);
        assert_eq!(n.find_namespace("urn:y"), None);
        let p = n.prefix("svg").unwrap();
        assert_eq!(n.prefix("svg").unwrap(), p);
        assert_eq!(n.prefix_str(p), "svg");
        assert_eq!(Ns::Xmlns.attribute_prefix("xmlns"), None);
        assert_eq!(Ns::Xmlns.attribute_prefix("xlink"), Some("xmlns"));
    }
}

/// A name a DOM getter returns (`nodeName`, `tagName`, `localName`):
/// interned, so a bridge may keep one string per symbol, or made for the
/// call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameValue {
    /// A name of the document's table.
    Interned(Symbol),
    /// Any other name (`#text`, a doctype's name...).
    Other(String),
}

impl NameValue {
    /// The name's text.
    pub fn resolve<'a>(&'a self, names: &'a Names) -> &'a str {
        match self {
            NameValue::Interned(s) => names.resolve(*s),
            NameValue::Other(s) => s,
        }
    }
}
