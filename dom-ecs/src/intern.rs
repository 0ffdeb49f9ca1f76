//! Interned names: tag, attribute, id and class names become `u32` symbols.
//!
//! One [`Names`] table lives in each [`Document`](crate::Document). Comparing
//! two names is comparing two integers, and a name is stored once however
//! many elements carry it. Namespaces are a closed set, so they are a small
//! enum ([`Ns`]) rather than interned strings.

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

/// The namespaces an HTML document can hold
/// (<https://infra.spec.whatwg.org/#namespaces>).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Ns {
    /// No namespace (most attributes).
    None,
    /// `http://www.w3.org/1999/xhtml`
    Html,
    /// `http://www.w3.org/2000/svg`
    Svg,
    /// `http://www.w3.org/1998/Math/MathML`
    MathMl,
    /// `http://www.w3.org/1999/xlink`
    XLink,
    /// `http://www.w3.org/XML/1998/namespace`
    Xml,
    /// `http://www.w3.org/2000/xmlns/`
    Xmlns,
}

impl Ns {
    /// The namespace URL, empty for [`Ns::None`].
    pub fn url(self) -> &'static str {
        match self {
            Ns::None => "",
            Ns::Html => "http://www.w3.org/1999/xhtml",
            Ns::Svg => "http://www.w3.org/2000/svg",
            Ns::MathMl => "http://www.w3.org/1998/Math/MathML",
            Ns::XLink => "http://www.w3.org/1999/xlink",
            Ns::Xml => "http://www.w3.org/XML/1998/namespace",
            Ns::Xmlns => "http://www.w3.org/2000/xmlns/",
        }
    }

    /// The namespace for a URL; `None` for a namespace this DOM does not model.
    pub fn from_url(url: &str) -> Option<Ns> {
        Some(match url {
            "" => Ns::None,
            "http://www.w3.org/1999/xhtml" => Ns::Html,
            "http://www.w3.org/2000/svg" => Ns::Svg,
            "http://www.w3.org/1998/Math/MathML" => Ns::MathMl,
            "http://www.w3.org/1999/xlink" => Ns::XLink,
            "http://www.w3.org/XML/1998/namespace" => Ns::Xml,
            "http://www.w3.org/2000/xmlns/" => Ns::Xmlns,
            _ => return None,
        })
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
}

/// The interner of one document, with the ASCII-uppercase forms that
/// `tagName` returns cached per symbol.
pub struct Names {
    interner: StringInterner<DefaultBackend>,
    upper: FxHashMap<Symbol, Symbol>,
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
        };
        Names {
            interner,
            upper: FxHashMap::default(),
            known,
        }
    }

    /// The symbol of `name`, interning it if it is new.
    #[inline]
    pub fn intern(&mut self, name: &str) -> Symbol {
        self.interner.get_or_intern(name)
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
            assert_eq!(Ns::from_url(ns.url()), Some(ns));
        }
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
