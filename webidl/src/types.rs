//! IDL types and arguments, rendered back to IDL text (`Node?`,
//! `unsigned long`, `(Node or DOMString)`), which is what the binding
//! generators match on.

use weedle::argument::Argument as WArgument;
use weedle::types::{IntegerType, NonAnyType, ReturnType, SingleType, Type, UnionMemberType};

/// One argument of an operation or constructor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Argument {
    /// Its identifier.
    pub name: String,
    /// Its type in IDL syntax.
    pub ty: String,
    /// `optional`.
    pub optional: bool,
    /// A trailing `T... name`.
    pub variadic: bool,
    /// The default of an optional argument, in IDL syntax (`false`, `null`, `""`, `{}`).
    pub default: Option<String>,
}

/// The IDL text of a type.
pub fn type_name(t: &Type<'_>) -> String {
    match t {
        Type::Single(SingleType::Any(_)) => "any".into(),
        Type::Single(SingleType::NonAny(n)) => non_any(n),
        Type::Union(u) => {
            let parts: Vec<String> = u.type_.body.list.iter().map(union_member).collect();
            format!("({}){}", parts.join(" or "), q(u.q_mark.is_some()))
        }
    }
}

/// The IDL text of a return type (`undefined` for none).
pub fn return_type_name(t: &ReturnType<'_>) -> String {
    match t {
        ReturnType::Undefined(_) => "undefined".into(),
        ReturnType::Type(t) => type_name(t),
    }
}

fn q(nullable: bool) -> &'static str {
    if nullable { "?" } else { "" }
}

fn union_member(m: &UnionMemberType<'_>) -> String {
    match m {
        UnionMemberType::Single(s) => non_any(&s.type_),
        UnionMemberType::Union(u) => {
            let parts: Vec<String> = u.type_.body.list.iter().map(union_member).collect();
            format!("({}){}", parts.join(" or "), q(u.q_mark.is_some()))
        }
    }
}

fn integer(i: &IntegerType) -> String {
    let (unsigned, base) = match i {
        IntegerType::LongLong(t) => (t.unsigned.is_some(), "long long"),
        IntegerType::Long(t) => (t.unsigned.is_some(), "long"),
        IntegerType::Short(t) => (t.unsigned.is_some(), "short"),
    };
    if unsigned {
        format!("unsigned {base}")
    } else {
        base.to_owned()
    }
}

fn non_any(n: &NonAnyType<'_>) -> String {
    macro_rules! plain {
        ($m:expr, $name:expr) => {
            format!("{}{}", $name, q($m.q_mark.is_some()))
        };
    }
    match n {
        NonAnyType::Integer(m) => format!("{}{}", integer(&m.type_), q(m.q_mark.is_some())),
        NonAnyType::FloatingPoint(m) => {
            use weedle::types::FloatingPointType as F;
            let name = match m.type_ {
                F::Float(f) if f.unrestricted.is_some() => "unrestricted float",
                F::Float(_) => "float",
                F::Double(d) if d.unrestricted.is_some() => "unrestricted double",
                F::Double(_) => "double",
            };
            plain!(m, name)
        }
        NonAnyType::Boolean(m) => plain!(m, "boolean"),
        NonAnyType::Byte(m) => plain!(m, "byte"),
        NonAnyType::Octet(m) => plain!(m, "octet"),
        NonAnyType::ByteString(m) => plain!(m, "ByteString"),
        NonAnyType::DOMString(m) => plain!(m, "DOMString"),
        NonAnyType::USVString(m) => plain!(m, "USVString"),
        NonAnyType::Object(m) => plain!(m, "object"),
        NonAnyType::Symbol(m) => plain!(m, "symbol"),
        NonAnyType::Identifier(m) => plain!(m, m.type_.0),
        NonAnyType::Sequence(m) => format!(
            "sequence<{}>{}",
            type_name(&m.type_.generics.body),
            q(m.q_mark.is_some())
        ),
        NonAnyType::FrozenArrayType(m) => format!(
            "FrozenArray<{}>{}",
            type_name(&m.type_.generics.body),
            q(m.q_mark.is_some())
        ),
        NonAnyType::Promise(p) => format!("Promise<{}>", return_type_name(&p.generics.body)),
        NonAnyType::RecordType(m) => {
            use weedle::types::RecordKeyType as K;
            let (key, _, value) = &m.type_.generics.body;
            let key = match &**key {
                K::Byte(_) => "ByteString".to_owned(),
                K::DOM(_) => "DOMString".to_owned(),
                K::USV(_) => "USVString".to_owned(),
                K::NonAny(n) => non_any(n),
            };
            format!(
                "record<{key}, {}>{}",
                type_name(value),
                q(m.q_mark.is_some())
            )
        }
        // Buffers and the rest: named by their kind; no binding
        // here converts them yet.
        other => format!("{other:?}")
            .split('(')
            .next()
            .unwrap_or("other")
            .to_owned(),
    }
}

/// The arguments of an operation, in our form.
pub fn arguments(list: &[WArgument<'_>]) -> Vec<Argument> {
    list.iter()
        .map(|a| match a {
            WArgument::Single(s) => Argument {
                name: s.identifier.0.to_owned(),
                ty: type_name(&s.type_.type_),
                optional: s.optional.is_some(),
                variadic: false,
                default: s.default.map(|d| default_value(&d.value)),
            },
            WArgument::Variadic(v) => Argument {
                name: v.identifier.0.to_owned(),
                ty: type_name(&v.type_),
                optional: true,
                variadic: true,
                default: None,
            },
        })
        .collect()
}

pub(crate) fn default_value(v: &weedle::literal::DefaultValue<'_>) -> String {
    use weedle::literal::{DefaultValue as D, IntegerLit};
    match v {
        D::Boolean(b) => b.0.to_string(),
        D::EmptyArray(_) => "[]".into(),
        D::EmptyDictionary(_) => "{}".into(),
        D::Float(_) => "0.0".into(),
        D::Integer(IntegerLit::Dec(d)) => d.0.to_owned(),
        D::Integer(IntegerLit::Hex(h)) => h.0.to_owned(),
        D::Integer(IntegerLit::Oct(o)) => o.0.to_owned(),
        D::Null(_) => "null".into(),
        D::String(s) => format!("{:?}", s.0),
    }
}
