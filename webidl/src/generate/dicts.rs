//! Dictionary arguments (<https://webidl.spec.whatwg.org/#idl-dictionaries>):
//! for each dictionary a generated member takes, and each enumeration its
//! members name, a Rust type for dom-ecs (its build script writes them:
//! `dom_ecs::dict`), and the conversion into it in each language: JS's
//! WebIDL one (undefined or null is the empty dictionary, any other
//! non-object a `TypeError`, members read in WebIDL's order, a missing
//! `required` one a `TypeError`, an enum value outside the enumeration a
//! `TypeError`), Python's from a mapping and keyword arguments (`None` is
//! the empty dictionary; a key that names no member is a `TypeError`, so
//! a misspelt option is not silently dropped).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::{DictionaryMember, Model};

/// A member's Rust field name: the IDL name in snake case.
fn field(m: &DictionaryMember) -> String {
    super::py::param_name(&m.name)
}

/// An enumeration value's Rust variant name (`"open"` -> `Open`,
/// `"no-referrer"` -> `NoReferrer`, `""` -> `Empty`).
fn variant(value: &str) -> String {
    let name: String = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    }
}

/// How a member's value is held: its Rust type and its conversion kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    Bool,
    Str,
    UnsignedShort,
    /// `double` or `unrestricted double` (a finite one is not checked).
    Double,
    /// `HeadersInit`: pairs or a record (`dom_ecs::SearchParamsInit`).
    HeadersInit,
    Enum(&'a str),
}

fn kind<'a>(model: &'a Model, dict: &str, m: &'a DictionaryMember) -> Result<Kind<'a>, String> {
    match m.ty.as_str() {
        "boolean" => Ok(Kind::Bool),
        // (A ByteString's values are checked where they are used.)
        "DOMString" | "USVString" | "ByteString" => Ok(Kind::Str),
        "unsigned short" => Ok(Kind::UnsignedShort),
        "unrestricted double" => Ok(Kind::Double),
        "HeadersInit" => Ok(Kind::HeadersInit),
        t if model.enums.contains_key(t) => Ok(Kind::Enum(t)),
        t => Err(format!(
            "{dict}.{}: no dictionary member of type {t} is converted yet",
            m.name
        )),
    }
}

fn rust_type(k: Kind<'_>) -> String {
    match k {
        Kind::Bool => "bool".into(),
        Kind::Str => "String".into(),
        Kind::UnsignedShort => "u16".into(),
        Kind::Double => "f64".into(),
        Kind::HeadersInit => "crate::SearchParamsInit".into(),
        Kind::Enum(e) => e.to_owned(),
    }
}

/// The Rust default of a member with an IDL default, if it has one.
fn default(k: Kind<'_>, d: &str) -> Result<String, String> {
    Ok(match (k, d) {
        (Kind::Bool, "true" | "false") => d.to_owned(),
        (Kind::Str, _) if d.starts_with('"') => format!("String::from({d})"),
        (Kind::UnsignedShort, _) if d.parse::<u16>().is_ok() => d.to_owned(),
        (Kind::Double, _) if d.parse::<f64>().is_ok() => {
            format!("{:?}_f64", d.parse::<f64>().unwrap_or(0.0))
        }
        (Kind::Enum(e), _) if d.starts_with('"') => {
            format!("dom_ecs::dict::{e}::{}", variant(d.trim_matches('"')))
        }
        _ => return Err(format!("the default {d} is not converted yet")),
    })
}

/// The dictionaries in `args` types (each `Argument::ty`) and the
/// enumerations their members name.
pub(super) fn used<'a>(
    model: &Model,
    types: impl Iterator<Item = &'a str>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut dicts = BTreeSet::new();
    let mut enums = BTreeSet::new();
    for t in types {
        if model.dictionaries.contains_key(t) {
            dicts.insert(t.to_owned());
            for m in model.dictionary_members(t) {
                if model.enums.contains_key(&m.ty) {
                    enums.insert(m.ty.clone());
                }
            }
        }
    }
    (dicts, enums)
}

/// The Rust types of dom-ecs's `dict` module.
pub(super) fn rust_types(
    model: &Model,
    dicts: &BTreeSet<String>,
    enums: &BTreeSet<String>,
) -> Result<String, String> {
    let mut out = String::new();
    for e in enums {
        let values = &model.enums[e];
        let _ = writeln!(
            out,
            "/// The IDL enumeration `{e}` (generated from the IDL).\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum {e} {{"
        );
        for v in values {
            let _ = writeln!(out, "    /// `\"{v}\"`\n    {},", variant(v));
        }
        let _ = writeln!(
            out,
            "}}\n\nimpl {e} {{\n    /// The value's IDL string.\n    #[must_use]\n    pub fn as_str(self) -> &'static str {{\n        match self {{"
        );
        for v in values {
            let _ = writeln!(out, "            {e}::{} => \"{v}\",", variant(v));
        }
        let _ = writeln!(
            out,
            "        }}\n    }}\n\n    /// The value named `s`, if it is one of the enumeration's.\n    #[must_use]\n    pub fn from_idl(s: &str) -> Option<Self> {{\n        Some(match s {{"
        );
        for v in values {
            let _ = writeln!(out, "            \"{v}\" => {e}::{},", variant(v));
        }
        let _ = writeln!(
            out,
            "            _ => return None,\n        }})\n    }}\n}}\n"
        );
    }
    for d in dicts {
        let _ = writeln!(
            out,
            "/// The IDL dictionary `{d}` (generated from the IDL): a member with\n/// no default that is not `required` is an `Option`.\n#[derive(Clone, Debug, PartialEq{eq})]\npub struct {d} {{",
            eq = if model
                .dictionary_members(d)
                .iter()
                .any(|m| m.ty.contains("double"))
            {
                ""
            } else {
                ", Eq"
            }
        );
        for m in model.dictionary_members(d) {
            let k = kind(model, d, m)?;
            let ty = if m.required || m.default.is_some() {
                rust_type(k)
            } else {
                format!("Option<{}>", rust_type(k))
            };
            let _ = writeln!(out, "    /// `{}`\n    pub {}: {ty},", m.name, field(m));
        }
        out.push_str("}\n\n");
    }
    Ok(out)
}

/// The value of one member once read (`x`, a present value), converted
/// by the language's `conv` of a kind.
fn member_value(
    model: &Model,
    d: &str,
    m: &DictionaryMember,
    conv: &dyn Fn(Kind<'_>) -> String,
    missing_required: &str,
) -> Result<String, String> {
    let k = kind(model, d, m)?;
    let absent = if m.required {
        missing_required.replace("{member}", &m.name)
    } else if let Some(def) = &m.default {
        default(k, def).map_err(|e| format!("{d}.{}: {e}", m.name))?
    } else {
        "None".to_owned()
    };
    let present = if m.required || m.default.is_some() {
        conv(k)
    } else {
        format!("Some({})", conv(k))
    };
    Ok(format!(
        "match x {{ None => {absent}, Some(x) => {present} }}"
    ))
}

/// The fields of dictionary `d`'s struct expression: each member read
/// into `x` (an `Option`, none when absent) by `read`, then converted by
/// `conv` or given its default (a missing required one is `missing`).
fn struct_body(
    model: &Model,
    d: &str,
    conv: &dyn Fn(Kind<'_>) -> String,
    missing: &str,
    read: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let mut body = String::new();
    for m in model.dictionary_members(d) {
        let value = member_value(model, d, m, conv, missing)?;
        let _ = write!(body, "{}: {{ {} {value} }}, ", field(m), read(&m.name));
    }
    Ok(body)
}

/// The JS conversions: `fn dict_{Name}(ctx, v) -> Res<dom_ecs::dict::Name>`.
pub(super) fn js_converters(
    model: &Model,
    dicts: &BTreeSet<String>,
    enums: &BTreeSet<String>,
    out: &mut String,
) -> Result<(), String> {
    for e in enums {
        let _ = writeln!(
            out,
            "#[allow(non_snake_case, reason = \"named after the IDL type\")]\nfn enum_{e}<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<dom_ecs::dict::{e}> {{ let s = string(ctx, v)?; dom_ecs::dict::{e}::from_idl(&s).ok_or_else(|| Exception::throw_type(ctx, &format!(\"The provided value '{{s}}' is not a valid enum value of type {e}.\"))) }}"
        );
    }
    for d in dicts {
        let conv = |k: Kind<'_>| match k {
            Kind::Bool => "boolean(ctx, x)?".to_owned(),
            Kind::Str => "string(ctx, x)?".to_owned(),
            Kind::UnsignedShort => "unsigned_short(ctx, x)?".to_owned(),
            Kind::Double => "unrestricted_double(ctx, x)?".to_owned(),
            Kind::HeadersInit => "crate::values::search_params_init(ctx, x)?".to_owned(),
            Kind::Enum(e) => format!("enum_{e}(ctx, x)?"),
        };
        let missing = format!(
            "return Err(Exception::throw_type(ctx, \"Failed to read the '{{member}}' property from '{d}': Required member is undefined.\"))"
        );
        let read = |name: &str| {
            format!(
                "let x = match &o {{ Some(o) => o.get::<_, Value>(\"{name}\")?, None => Value::new_undefined(ctx.clone()) }}; let x = (!x.is_undefined()).then_some(x);"
            )
        };
        let body = struct_body(model, d, &conv, &missing, &read)?;
        let _ = writeln!(
            out,
            "#[allow(non_snake_case, reason = \"named after the IDL type\")]\nfn dict_{d}<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<dom_ecs::dict::{d}> {{ let o = if v.is_undefined() || v.is_null() {{ None }} else if let Some(o) = v.as_object() {{ Some(o.clone()) }} else {{ return Err(Exception::throw_type(ctx, \"The provided value is not of type '{d}'.\")); }}; Ok(dom_ecs::dict::{d} {{ {body}}}) }}"
        );
    }
    Ok(())
}

/// The Python conversions: `fn dict_{Name}(value, members) -> PyResult<dom_ecs::dict::Name>`,
/// from a mapping (or `None`) and keyword arguments.
pub(super) fn py_converters(
    model: &Model,
    dicts: &BTreeSet<String>,
    enums: &BTreeSet<String>,
    out: &mut String,
) -> Result<(), String> {
    for e in enums {
        let _ = writeln!(
            out,
            "#[allow(non_snake_case, reason = \"named after the IDL type\")]\nfn enum_{e}(x: &Bound<'_, PyAny>) -> PyResult<dom_ecs::dict::{e}> {{ let s: String = x.extract()?; dom_ecs::dict::{e}::from_idl(&s).ok_or_else(|| pyo3::exceptions::PyTypeError::new_err(format!(\"'{{s}}' is not a valid value of {e}\"))) }}"
        );
    }
    for d in dicts {
        let members = model.dictionary_members(d);
        let names: Vec<String> = members.iter().map(|m| format!("\"{}\"", m.name)).collect();
        let conv = |k: Kind<'_>| match k {
            Kind::Bool => "x.extract::<bool>()?".to_owned(),
            Kind::Str => "x.extract::<String>()?".to_owned(),
            Kind::UnsignedShort => "x.extract::<u16>()?".to_owned(),
            Kind::Double => "x.extract::<f64>()?".to_owned(),
            Kind::HeadersInit => "crate::values::search_params_init(Some(&x))?".to_owned(),
            Kind::Enum(e) => format!("enum_{e}(&x)?"),
        };
        let missing = format!(
            "return Err(pyo3::exceptions::PyTypeError::new_err(\"{d}: the member '{{member}}' is required\"))"
        );
        let read =
            |name: &str| format!("let x = source.get_item(\"{name}\")?.filter(|x| !x.is_none());");
        let body = struct_body(model, d, &conv, &missing, &read)?;
        let _ = writeln!(
            out,
            "#[allow(non_snake_case, reason = \"named after the IDL type\")]\npub(crate) fn dict_{d}(py: Python<'_>, value: Option<&Bound<'_, PyAny>>, members: Option<&Bound<'_, pyo3::types::PyDict>>) -> PyResult<dom_ecs::dict::{d}> {{ let source = crate::idl::dictionary_source(py, value, members, &[{}], \"{d}\")?; Ok(dom_ecs::dict::{d} {{ {body}}}) }}",
            names.join(", ")
        );
    }
    Ok(())
}
