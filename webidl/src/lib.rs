//! The script-visible interfaces, read from the specs' WebIDL
//! (<https://webidl.spec.whatwg.org/>): one model of every interface, its
//! parent, and its members, with partial interfaces merged and interface
//! mixins (`X includes M;`) folded into the interfaces that include them.
//!
//! Browsers generate their bindings from these `.idl` files; ecsdom reads
//! them for the same reason: the `.idl` is the one list of members, so the
//! JS and Python surfaces are checked against it (`ecsdom idl-coverage`).
//! Parsing is weedle2's; this crate keeps only what bindings need.

use std::collections::BTreeMap;

pub mod generate;
mod html_elements;
mod types;

pub use html_elements::{HtmlInterface, html_elements};

pub use types::Argument;
use types::{arguments, return_type_name, type_name};

/// What kind of member a [`Member`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberKind {
    /// A constant (`const unsigned short ELEMENT_NODE = 1;`): on the
    /// interface object and its prototype.
    Const,
    /// An attribute: an accessor on the prototype (or the interface object
    /// when static).
    Attribute {
        /// `readonly attribute`.
        readonly: bool,
    },
    /// A regular (named) operation: a method.
    Operation,
}

/// One named member of an interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member's identifier.
    pub name: String,
    /// Constant, attribute or operation.
    pub kind: MemberKind,
    /// `static`: on the interface object, not the prototype.
    pub is_static: bool,
    /// The mixin it comes from (`None`: declared on the interface itself).
    pub mixin: Option<String>,
    /// The attribute's or constant's type, or the operation's return type,
    /// in IDL syntax (`Node?`, `undefined`).
    pub ty: String,
    /// An operation's arguments (of its first overload).
    pub args: Vec<Argument>,
    /// An operation declared more than once (overloads).
    pub overloaded: bool,
    /// The member's extended attributes by name (`CEReactions`, `SameObject`...),
    /// and those on an attribute's type (`LegacyNullToEmptyString`).
    pub ext: Vec<String>,
    /// A constant's value, in IDL syntax (`1`, `0x2`, `true`).
    pub value: Option<String>,
}

/// One interface, partials and mixins merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interface {
    /// The interface's identifier (`Node`).
    pub name: String,
    /// The interface it inherits from (`EventTarget`).
    pub parent: Option<String>,
    /// Whether it declares a `constructor(...)`.
    pub has_constructor: bool,
    /// Its constructor (the first, if it declares several) as an
    /// operation named `constructor` returning the interface.
    pub constructor: Option<Member>,
    /// `[LegacyNoInterfaceObject]`, or a `[Exposed]` set without `Window`:
    /// no interface object on a window's global.
    pub not_on_window: bool,
    /// Whether a dedicated worker's global has its interface object
    /// (`[Exposed]` with `Worker`, `DedicatedWorker` or `*`).
    pub on_worker: bool,
    /// Its named members, each name once (overloads are one member), in
    /// declaration order; a name declared again keeps its first entry.
    pub members: Vec<Member>,
    /// The IDL file that defines it (`dom.idl`).
    pub file: String,
    /// Its `iterable<...>` declaration.
    pub iterable: Option<Iterable>,
}

/// An interface's `iterable<V>` or `iterable<K, V>` declaration
/// (<https://webidl.spec.whatwg.org/#idl-iterable>).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iterable {
    /// A pair iterator's key type; none for a value iterator.
    pub key: Option<String>,
    /// The value type.
    pub value: String,
    /// What a binding row `Interface.iterable` binds: one step of the
    /// iteration, an operation taking the index and returning the pair
    /// (or value) there, none past the end.
    pub step: Member,
}

/// Every interface of the files read, by name.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Interfaces by name.
    pub interfaces: BTreeMap<String, Interface>,
    /// Dictionaries by name, partial dictionaries merged.
    pub dictionaries: BTreeMap<String, Dictionary>,
    /// Enumerations by name: their values, in the IDL's order.
    pub enums: BTreeMap<String, Vec<String>>,
}

/// A dictionary (<https://webidl.spec.whatwg.org/#idl-dictionaries>).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dictionary {
    /// Its name.
    pub name: String,
    /// The dictionary it inherits from.
    pub parent: Option<String>,
    /// Its own members, in the order the IDL lists them.
    pub members: Vec<DictionaryMember>,
}

/// One member of a dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictionaryMember {
    /// Its identifier.
    pub name: String,
    /// Its type in IDL syntax.
    pub ty: String,
    /// Its default in IDL syntax (`false`, `0`, `""`, `null`).
    pub default: Option<String>,
    /// `required`.
    pub required: bool,
}

/// A file the parser could not read.
#[derive(Debug)]
pub struct ParseError {
    /// The file.
    pub file: String,
    /// What went wrong (weedle2's error, shortened).
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Default)]
struct Raw {
    interfaces: BTreeMap<String, Interface>,
    dictionaries: BTreeMap<String, Dictionary>,
    enums: BTreeMap<String, Vec<String>>,
    mixins: BTreeMap<String, Vec<Member>>,
    includes: Vec<(String, String)>,
    /// Typedefs of a string type (`typedef DOMString CSSOMString`), by
    /// name: a type naming one is the string type it stands for.
    string_typedefs: BTreeMap<String, String>,
}

impl Model {
    /// Read IDL sources, each given as (file name, text), into one model.
    /// Partial interfaces and mixins may come from any of the files.
    ///
    /// # Errors
    /// The first source weedle2 cannot parse (it panics on some syntax it
    /// lacks; that is caught and reported as an error too).
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Model, ParseError> {
        let mut raw = Raw::default();
        for (file, text) in sources {
            // weedle2 predates WebIDL's `ObservableArray<T>` (cssom.idl's
            // `adoptedStyleSheets`): it is read as the `FrozenArray<T>` it
            // is spelled like, a type no binding converts either way.
            let text = &text.replace("ObservableArray<", "FrozenArray<");
            let defs =
                std::panic::catch_unwind(|| weedle::parse(text).map_err(|e| format!("{e:?}")))
                    .unwrap_or_else(|_| Err("the parser failed on this file".to_owned()))
                    .map_err(|m| ParseError {
                        file: (*file).to_owned(),
                        message: m.chars().take(200).collect(),
                    })?;
            for def in &defs {
                raw.add(file, def);
            }
        }
        Ok(raw.finish())
    }

    /// A dictionary's members with its ancestors', in the order WebIDL
    /// converts them: the furthest ancestor's first, each dictionary's
    /// in lexicographic order.
    pub fn dictionary_members(&self, name: &str) -> Vec<&DictionaryMember> {
        let mut chain = Vec::new();
        let mut at = self.dictionaries.get(name);
        while let Some(d) = at {
            if chain.iter().any(|c: &&Dictionary| c.name == d.name) {
                break;
            }
            chain.push(d);
            at = d.parent.as_deref().and_then(|p| self.dictionaries.get(p));
        }
        let mut out = Vec::new();
        for d in chain.into_iter().rev() {
            let mut own: Vec<&DictionaryMember> = d.members.iter().collect();
            own.sort_by(|a, b| a.name.cmp(&b.name));
            out.extend(own);
        }
        out
    }

    /// The interface and its ancestors, nearest first.
    pub fn ancestry<'m>(&'m self, name: &str) -> Vec<&'m Interface> {
        let mut out = Vec::new();
        let mut at = self.interfaces.get(name);
        while let Some(i) = at {
            if out.iter().any(|o: &&Interface| o.name == i.name) {
                break; // a cycle in bad IDL: stop rather than loop
            }
            out.push(i);
            at = i.parent.as_deref().and_then(|p| self.interfaces.get(p));
        }
        out
    }
}

fn has_attr(list: &Option<weedle::attribute::ExtendedAttributeList<'_>>, name: &str) -> bool {
    exposure(list, name).is_some()
}

/// The identifiers an extended attribute names: `[X]` gives an empty list,
/// `[X=Y]` one, `[X=(A,B)]` several; `None` without it.
fn exposure<'a>(
    list: &Option<weedle::attribute::ExtendedAttributeList<'a>>,
    name: &str,
) -> Option<Vec<&'a str>> {
    use weedle::attribute::{ExtendedAttribute as E, IdentifierOrString};
    for a in list.as_ref()?.body.list.iter() {
        match a {
            E::NoArgs(n) if n.0.0 == name => return Some(Vec::new()),
            E::Ident(i) if i.lhs_identifier.0 == name => {
                return Some(match i.rhs {
                    IdentifierOrString::Identifier(id) => vec![id.0],
                    IdentifierOrString::String(s) => vec![s.0],
                });
            }
            E::IdentList(l) if l.identifier.0 == name => {
                return Some(l.list.body.list.iter().map(|i| i.0).collect());
            }
            _ => {}
        }
    }
    None
}

impl Raw {
    fn interface(&mut self, name: &str, file: &str) -> &mut Interface {
        self.interfaces
            .entry(name.to_owned())
            .or_insert_with(|| Interface {
                name: name.to_owned(),
                file: file.to_owned(),
                ..Interface::default()
            })
    }

    fn dictionary(&mut self, name: &str) -> &mut Dictionary {
        self.dictionaries
            .entry(name.to_owned())
            .or_insert_with(|| Dictionary {
                name: name.to_owned(),
                ..Dictionary::default()
            })
    }

    fn add(&mut self, file: &str, def: &weedle::Definition<'_>) {
        use weedle::Definition as D;
        // Our `*-additions.idl` files declare members newer than the
        // pinned snapshot's: one declared again there replaces the old
        // declaration (`URLSearchParams.delete` gained an argument).
        let replaces = file.ends_with("additions.idl");
        match def {
            D::Interface(d) => {
                let exposed = exposure(&d.attributes, "Exposed");
                let on_window = exposed
                    .as_ref()
                    .is_none_or(|set| set.contains(&"Window") || set.contains(&"*"));
                let on_worker = exposed.as_ref().is_some_and(|set| {
                    ["Worker", "DedicatedWorker", "*"]
                        .iter()
                        .any(|g| set.contains(g))
                }) && !has_attr(&d.attributes, "LegacyNoInterfaceObject");
                let i = self.interface(d.identifier.0, file);
                i.on_worker = on_worker;
                i.file = file.to_owned();
                i.parent = d.inheritance.map(|p| p.identifier.0.to_owned());
                i.not_on_window = has_attr(&d.attributes, "LegacyNoInterfaceObject") || !on_window;
                add_members(i, &d.members.body, replaces);
            }
            D::PartialInterface(d) => {
                let i = self.interface(d.identifier.0, file);
                add_members(i, &d.members.body, replaces);
            }
            D::InterfaceMixin(d) => {
                let list = self.mixins.entry(d.identifier.0.to_owned()).or_default();
                mixin_members(list, d.identifier.0, &d.members.body);
            }
            D::PartialInterfaceMixin(d) => {
                let list = self.mixins.entry(d.identifier.0.to_owned()).or_default();
                mixin_members(list, d.identifier.0, &d.members.body);
            }
            // A callback interface is the script's to implement; what the
            // bindings give is its interface object's constants (NodeFilter's).
            D::CallbackInterface(d) => {
                let i = self.interface(d.identifier.0, file);
                i.file = file.to_owned();
                let constants: Vec<_> = d
                    .members
                    .body
                    .iter()
                    .filter(|m| matches!(m, weedle::interface::InterfaceMember::Const(_)))
                    .cloned()
                    .collect();
                add_members(i, &constants, false);
            }
            D::Dictionary(d) => {
                let entry = self.dictionary(d.identifier.0);
                entry.parent = d.inheritance.map(|p| p.identifier.0.to_owned());
                entry
                    .members
                    .extend(d.members.body.iter().map(dictionary_member));
            }
            D::PartialDictionary(d) => {
                let entry = self.dictionary(d.identifier.0);
                entry
                    .members
                    .extend(d.members.body.iter().map(dictionary_member));
            }
            D::Enum(d) => {
                let values = d
                    .values
                    .body
                    .list
                    .iter()
                    .map(|v| v.value.0.to_owned())
                    .collect();
                self.enums.insert(d.identifier.0.to_owned(), values);
            }
            D::IncludesStatement(d) => self
                .includes
                .push((d.lhs_identifier.0.to_owned(), d.rhs_identifier.0.to_owned())),
            D::Typedef(d) => {
                let target = type_name(&d.type_.type_);
                if matches!(target.as_str(), "DOMString" | "USVString") {
                    self.string_typedefs
                        .insert(d.identifier.0.to_owned(), target);
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Model {
        if !self.string_typedefs.is_empty() {
            let resolve = |ty: &mut String| {
                let (name, q) = match ty.strip_suffix('?') {
                    Some(n) => (n, "?"),
                    None => (ty.as_str(), ""),
                };
                if let Some(target) = self.string_typedefs.get(name) {
                    *ty = format!("{target}{q}");
                }
            };
            let members = self
                .interfaces
                .values_mut()
                .flat_map(|i| i.members.iter_mut())
                .chain(self.mixins.values_mut().flatten());
            for m in members {
                resolve(&mut m.ty);
                for a in &mut m.args {
                    resolve(&mut a.ty);
                }
            }
            for d in self.dictionaries.values_mut() {
                for m in &mut d.members {
                    resolve(&mut m.ty);
                }
            }
        }
        for (target, mixin) in std::mem::take(&mut self.includes) {
            let members = self.mixins.get(&mixin).cloned().unwrap_or_default();
            // An include of an interface from a file not read is ignored.
            if let Some(i) = self.interfaces.get_mut(&target) {
                for m in members {
                    push_member(i, m);
                }
            }
        }
        Model {
            interfaces: self.interfaces,
            dictionaries: self.dictionaries,
            enums: self.enums,
        }
    }
}

fn dictionary_member(m: &weedle::dictionary::DictionaryMember<'_>) -> DictionaryMember {
    DictionaryMember {
        name: m.identifier.0.to_owned(),
        ty: type_name(&m.type_),
        default: m.default.map(|d| types::default_value(&d.value)),
        required: m.required.is_some(),
    }
}

fn push_member(i: &mut Interface, m: Member) {
    add_member(i, m, false);
}

/// Add `m` to `i`: a second declaration of a name is an overload, or with
/// `replace`, the member's new declaration.
fn add_member(i: &mut Interface, m: Member, replace: bool) {
    match i
        .members
        .iter_mut()
        .find(|o| o.name == m.name && o.is_static == m.is_static)
    {
        Some(o) if replace => *o = m,
        Some(o) => o.overloaded = true,
        None => i.members.push(m),
    }
}

/// The names of a member's extended attributes.
fn ext_names(list: &Option<weedle::attribute::ExtendedAttributeList<'_>>) -> Vec<String> {
    use weedle::attribute::ExtendedAttribute as E;
    let Some(list) = list else { return Vec::new() };
    let mut out = Vec::new();
    for a in &list.body.list {
        out.push(
            match a {
                E::ArgList(x) => x.identifier.0,
                E::NamedArgList(x) => x.lhs_identifier.0,
                E::IdentList(x) => x.identifier.0,
                E::Ident(x) => x.lhs_identifier.0,
                E::NoArgs(x) => x.0.0,
            }
            .to_owned(),
        );
        // `[X=identifier]` also as "X=identifier" (`PutForwards=value`).
        if let E::Ident(x) = a
            && let weedle::attribute::IdentifierOrString::Identifier(id) = &x.rhs
        {
            out.push(format!("{}={}", x.lhs_identifier.0, id.0));
        }
    }
    out
}

fn add_members(
    i: &mut Interface,
    members: &[weedle::interface::InterfaceMember<'_>],
    replace: bool,
) {
    use weedle::interface::{
        InterfaceMember as M, IterableInterfaceMember as It, StringifierOrInheritOrStatic,
        StringifierOrStatic,
    };
    for m in members {
        let member = match m {
            M::Const(c) => Member {
                name: c.identifier.0.to_owned(),
                kind: MemberKind::Const,
                is_static: false,
                mixin: None,
                ty: const_type(&c.const_type),
                args: Vec::new(),
                overloaded: false,
                ext: ext_names(&c.attributes),
                value: Some(const_value(&c.const_value)),
            },
            M::Attribute(a) => Member {
                name: a.identifier.0.to_owned(),
                kind: MemberKind::Attribute {
                    readonly: a.readonly.is_some(),
                },
                is_static: matches!(a.modifier, Some(StringifierOrInheritOrStatic::Static(_))),
                mixin: None,
                ty: type_name(&a.type_.type_),
                args: Vec::new(),
                overloaded: false,
                ext: {
                    let mut ext = attribute_ext(&a.attributes, &a.type_);
                    // `stringifier attribute`: `toString()` returns it too.
                    if matches!(
                        a.modifier,
                        Some(StringifierOrInheritOrStatic::Stringifier(_))
                    ) {
                        ext.push("stringifier".to_owned());
                    }
                    ext
                },
                value: None,
            },
            M::Operation(o) => {
                // Unnamed special operations (indexed getters...) and
                // stringifiers without a name are not members by name.
                let Some(name) = o.identifier else { continue };
                Member {
                    name: name.0.to_owned(),
                    kind: MemberKind::Operation,
                    is_static: matches!(o.modifier, Some(StringifierOrStatic::Static(_))),
                    mixin: None,
                    ty: return_type_name(&o.return_type),
                    args: arguments(&o.args.body.list),
                    overloaded: false,
                    ext: ext_names(&o.attributes),
                    value: None,
                }
            }
            M::Constructor(c) => {
                if !i.has_constructor {
                    i.constructor = Some(Member {
                        name: "constructor".to_owned(),
                        kind: MemberKind::Operation,
                        is_static: false,
                        mixin: None,
                        ty: i.name.clone(),
                        args: arguments(&c.args.body.list),
                        overloaded: false,
                        ext: ext_names(&c.attributes),
                        value: None,
                    });
                }
                i.has_constructor = true;
                continue;
            }
            // `stringifier;` defines `toString()` (WebIDL 3.7.4.2); its ext
            // says where it comes from (Python makes it `__str__` too).
            M::Stringifier(_) => Member {
                name: "toString".to_owned(),
                kind: MemberKind::Operation,
                is_static: false,
                mixin: None,
                ty: "DOMString".to_owned(),
                args: Vec::new(),
                overloaded: false,
                ext: vec!["stringifier".to_owned()],
                value: None,
            },
            M::Iterable(it) => {
                let (key, value) = match it {
                    It::Single(s) => (None, type_name(&s.generics.body.type_)),
                    It::Double(d) => (
                        Some(type_name(&d.generics.body.0.type_)),
                        type_name(&d.generics.body.2.type_),
                    ),
                };
                let ty = match &key {
                    Some(k) => format!("({k}, {value})?"),
                    None => format!("{value}?"),
                };
                i.iterable = Some(Iterable {
                    key,
                    value,
                    step: Member {
                        name: "iterable".to_owned(),
                        kind: MemberKind::Operation,
                        is_static: false,
                        mixin: None,
                        ty,
                        args: vec![Argument {
                            name: "index".to_owned(),
                            ty: "unsigned long".to_owned(),
                            optional: false,
                            variadic: false,
                            default: None,
                        }],
                        overloaded: false,
                        ext: Vec::new(),
                        value: None,
                    },
                });
                continue;
            }
            _ => continue,
        };
        add_member(i, member, replace);
    }
}

/// An attribute's extended attributes and its type's, in one list.
fn attribute_ext(
    list: &Option<weedle::attribute::ExtendedAttributeList<'_>>,
    ty: &weedle::types::AttributedType<'_>,
) -> Vec<String> {
    let mut ext = ext_names(list);
    ext.extend(ext_names(&ty.attributes));
    ext
}

/// A constant's value in IDL syntax, integers in decimal (so both
/// languages read it alike: `010` is octal in IDL, ten in Rust).
fn const_value(v: &weedle::literal::ConstValue<'_>) -> String {
    let radix = |text: &str, digits: &str, r: u32| {
        let neg = text.starts_with('-');
        i128::from_str_radix(digits, r)
            .map(|n| if neg { -n } else { n }.to_string())
            .unwrap_or_else(|_| text.to_owned())
    };
    use weedle::literal::{ConstValue as C, FloatLit, IntegerLit};
    match v {
        C::Boolean(b) => b.0.to_string(),
        C::Float(FloatLit::Value(f)) => f.0.to_owned(),
        C::Float(FloatLit::Infinity(_)) => "Infinity".into(),
        C::Float(FloatLit::NegInfinity(_)) => "-Infinity".into(),
        C::Float(FloatLit::NaN(_)) => "NaN".into(),
        C::Integer(IntegerLit::Dec(d)) => d.0.to_owned(),
        C::Integer(IntegerLit::Hex(h)) => {
            let digits = h.0.trim_start_matches('-');
            radix(h.0, &digits[2..], 16)
        }
        C::Integer(IntegerLit::Oct(o)) => {
            let digits = o.0.trim_start_matches('-');
            radix(o.0, digits, 8)
        }
        C::Null(_) => "null".into(),
    }
}

fn const_type(t: &weedle::types::ConstType<'_>) -> String {
    use weedle::types::ConstType as C;
    match t {
        C::Integer(i) => match i.type_ {
            weedle::types::IntegerType::Short(s) if s.unsigned.is_some() => "unsigned short".into(),
            weedle::types::IntegerType::Short(_) => "short".into(),
            weedle::types::IntegerType::Long(l) if l.unsigned.is_some() => "unsigned long".into(),
            weedle::types::IntegerType::Long(_) => "long".into(),
            weedle::types::IntegerType::LongLong(_) => "long long".into(),
        },
        C::FloatingPoint(_) => "double".into(),
        C::Boolean(_) => "boolean".into(),
        C::Byte(_) => "byte".into(),
        C::Octet(_) => "octet".into(),
        C::Identifier(i) => i.type_.0.to_owned(),
    }
}

fn mixin_members(list: &mut Vec<Member>, mixin: &str, members: &[weedle::mixin::MixinMember<'_>]) {
    use weedle::mixin::MixinMember as M;
    for m in members {
        let mut value = None;
        let (name, kind, ty, args, ext) = match m {
            M::Const(c) => {
                value = Some(const_value(&c.const_value));
                (
                    c.identifier.0,
                    MemberKind::Const,
                    const_type(&c.const_type),
                    Vec::new(),
                    ext_names(&c.attributes),
                )
            }
            M::Attribute(a) => (
                a.identifier.0,
                MemberKind::Attribute {
                    readonly: a.readonly.is_some(),
                },
                type_name(&a.type_.type_),
                Vec::new(),
                {
                    let mut ext = attribute_ext(&a.attributes, &a.type_);
                    if a.stringifier.is_some() {
                        ext.push("stringifier".to_owned());
                    }
                    ext
                },
            ),
            M::Operation(o) => match o.identifier {
                Some(n) => (
                    n.0,
                    MemberKind::Operation,
                    return_type_name(&o.return_type),
                    arguments(&o.args.body.list),
                    ext_names(&o.attributes),
                ),
                None => continue,
            },
            M::Stringifier(_) => continue,
        };
        match list.iter_mut().find(|o| o.name == name) {
            Some(o) => o.overloaded = true,
            None => list.push(Member {
                name: name.to_owned(),
                kind,
                is_static: false,
                mixin: Some(mixin.to_owned()),
                ty,
                args,
                overloaded: false,
                ext,
                value,
            }),
        }
    }
}
