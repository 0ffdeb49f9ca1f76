//! The binding generators: from the IDL model and the binding table
//! (`webidl/bindings.txt`), the JS members (accessors and methods with
//! WebIDL argument conversions), the QuickJS natives they call, and the
//! Python `#[pymethods]`, so a member is declared once and exists in both
//! languages. Each generated member converts its arguments, calls the one
//! dom-ecs method the table names, and converts the result back.
//!
//! The table's lines:
//! - `@js Node Element ...`: the interfaces that have a JS class in the prelude;
//! - `@py Node=PyNode ...`: the interfaces that have a Python class, and its Rust type;
//! - `Interface.member  rust_method`: a member (of an interface, or of a mixin,
//!   which puts it on every including interface that has a class), and the
//!   dom-ecs `Document` method that implements it (`fn(&Document or
//!   &mut Document, NodeId, args...) -> DomResult<T>`).

use std::fmt::Write as _;

use crate::{Argument, Interface, Member, MemberKind, Model};

/// One row of the binding table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The interface or mixin that declares the member.
    pub owner: String,
    /// The member's name.
    pub member: String,
    /// The dom-ecs `Document` method.
    pub rust: String,
}

/// The binding table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Interfaces with a JS class.
    pub js_classes: Vec<String>,
    /// Interfaces with a Python class, and its Rust type.
    pub py_classes: Vec<(String, String)>,
    /// The generated members.
    pub bindings: Vec<Binding>,
}

impl Table {
    /// Read the table's text.
    ///
    /// # Errors
    /// A line that is not one of the three forms.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut t = Table::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or("");
            match first {
                "@js" => t.js_classes.extend(words.map(str::to_owned)),
                "@py" => {
                    for w in words {
                        let (i, r) = w.split_once('=').ok_or_else(|| {
                            format!("line {}: @py takes Interface=RustType", n + 1)
                        })?;
                        t.py_classes.push((i.to_owned(), r.to_owned()));
                    }
                }
                _ => {
                    let (owner, member) = first
                        .split_once('.')
                        .ok_or_else(|| format!("line {}: expected Interface.member", n + 1))?;
                    let rust = words.next().ok_or_else(|| {
                        format!("line {}: {first} names no dom-ecs method", n + 1)
                    })?;
                    t.bindings.push(Binding {
                        owner: owner.to_owned(),
                        member: member.to_owned(),
                        rust: rust.to_owned(),
                    });
                }
            }
        }
        Ok(t)
    }

    /// Whether `Interface.member` is generated (declared by the interface
    /// itself or by one of its mixins).
    pub fn generates(&self, interface: &Interface, member: &Member) -> bool {
        let owner = member.mixin.as_deref().unwrap_or(&interface.name);
        self.bindings
            .iter()
            .any(|b| b.owner == owner && b.member == member.name)
    }
}

/// What the generators write.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    /// JS run inside the prelude, after its classes: the members.
    pub js_members: String,
    /// Rust, included in the natives' `install`: one native per binding.
    pub js_natives: String,
    /// Rust, included in the Python module: `#[pymethods]` blocks.
    pub py_methods: String,
}

/// One member to generate, resolved against the model.
struct Resolved<'a> {
    binding: &'a Binding,
    member: &'a Member,
    /// The interfaces that get it (the declaring one, or every includer).
    targets: Vec<&'a str>,
}

/// Generate every binding of `table`.
///
/// # Errors
/// A binding whose member is not in the IDL, or whose types no generator
/// converts yet (the message names it).
pub fn generate(model: &Model, table: &Table) -> Result<Generated, String> {
    let mut out = Generated::default();
    for b in &table.bindings {
        let r = resolve(model, b)?;
        let key = format!("{}.{}", b.owner, b.member);
        js_member(model, table, &r, &key, &mut out.js_members)?;
        js_native(model, &r, &key, &mut out.js_natives)?;
        py_method(model, table, &r, &mut out.py_methods)?;
    }
    // One block, so `include!` takes it as one expression.
    out.js_natives = format!("{{\n{}}}\n", out.js_natives);
    Ok(out)
}

fn resolve<'a>(model: &'a Model, b: &'a Binding) -> Result<Resolved<'a>, String> {
    let mut member = None;
    let mut targets = Vec::new();
    for i in model.interfaces.values() {
        for m in &i.members {
            let owner = m.mixin.as_deref().unwrap_or(&i.name);
            if owner == b.owner && m.name == b.member && !m.is_static {
                member = Some(m);
                targets.push(i.name.as_str());
            }
        }
    }
    let member = member.ok_or_else(|| format!("{}.{} is not in the IDL", b.owner, b.member))?;
    if member.overloaded {
        return Err(format!(
            "{}.{} is overloaded: write it by hand",
            b.owner, b.member
        ));
    }
    Ok(Resolved {
        binding: b,
        member,
        targets,
    })
}

/// Whether an IDL type (without `?`) names a node interface.
fn is_node_type(model: &Model, ty: &str) -> bool {
    model
        .ancestry(ty.trim_end_matches('?'))
        .iter()
        .any(|i| i.name == "Node")
}

/// The conversions of one IDL argument type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    Node,
    NullableNode,
    Str,
    NullableStr,
    Bool,
    /// `optional boolean` with no default: absent is none.
    OptionalBool,
    UnsignedLong,
    NodesOrStrings,
}

fn arg_kind(model: &Model, a: &Argument) -> Result<Arg, String> {
    let ty = a.ty.as_str();
    Ok(match ty {
        "DOMString" => Arg::Str,
        "DOMString?" => Arg::NullableStr,
        "boolean" if a.optional && a.default.is_none() => Arg::OptionalBool,
        "boolean" => Arg::Bool,
        "unsigned long" => Arg::UnsignedLong,
        "(Node or DOMString)" if a.variadic => Arg::NodesOrStrings,
        t if is_node_type(model, t) => {
            if t.ends_with('?') {
                Arg::NullableNode
            } else {
                Arg::Node
            }
        }
        other => return Err(format!("argument {} of type {other}", a.name)),
    })
}

/// The JS expression converting argument `k` (`a{k}`) per WebIDL.
fn js_convert(kind: Arg, a: &Argument, k: usize, what: &str) -> String {
    let v = format!("a{k}");
    let conv = match kind {
        Arg::Node => format!("node({v}, 'parameter {} of {what}')", k + 1),
        Arg::NullableNode => format!(
            "({v} == null ? null : node({v}, 'parameter {} of {what}'))",
            k + 1
        ),
        Arg::Str => format!("`${{{v}}}`"),
        Arg::NullableStr => format!("({v} == null ? null : `${{{v}}}`)"),
        Arg::Bool => format!("!!{v}"),
        Arg::OptionalBool => format!("({v} === undefined ? null : !!{v})"),
        Arg::UnsignedLong => format!("({v} >>> 0)"),
        Arg::NodesOrStrings => unreachable!("variadic arguments are spread"),
    };
    match &a.default {
        Some(d) if a.optional => format!("({v} === undefined ? {d} : {conv})"),
        _ => conv,
    }
}

fn js_member(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    key: &str,
    out: &mut String,
) -> Result<(), String> {
    let m = r.member;
    let returns_node = is_node_type(model, &m.ty);
    let call = |args: &str| {
        let call = format!("N['{key}'](this[I], this[G]{args})");
        if returns_node {
            format!("wrap({call})")
        } else {
            call
        }
    };
    let body = match m.kind {
        MemberKind::Attribute { readonly: true } => {
            format!("{{ get() {{ return {}; }} }}", call(""))
        }
        MemberKind::Attribute { readonly: false } => {
            return Err(format!("{key}: writable attributes are not generated yet"));
        }
        MemberKind::Const => return Err(format!("{key}: constants are not generated")),
        MemberKind::Operation => {
            let mut params = Vec::new();
            let mut pass = String::new();
            let mut checks = String::new();
            let required = m.args.iter().filter(|a| !a.optional).count();
            if required > 0 {
                let _ = write!(
                    checks,
                    "if (arguments.length < {required}) throw new TypeError(`Failed to execute '{name}' on '${{this?.constructor?.name}}': {required} argument{s} required, but only ${{arguments.length}} present.`); ",
                    name = m.name,
                    s = if required == 1 { "" } else { "s" },
                );
            }
            for (k, a) in m.args.iter().enumerate() {
                let kind = arg_kind(model, a).map_err(|e| format!("{key}: {e}"))?;
                if kind == Arg::NodesOrStrings {
                    params.push(format!("...a{k}"));
                    let _ = write!(pass, ", ...nodeArgs(a{k})");
                    continue;
                }
                params.push(format!("a{k}"));
                let _ = write!(checks, "const c{k} = {}; ", js_convert(kind, a, k, &m.name));
                match kind {
                    Arg::Node => {
                        let _ = write!(pass, ", c{k}[I], c{k}[G]");
                    }
                    Arg::NullableNode => {
                        let _ = write!(
                            pass,
                            ", c{k} === null ? -1 : c{k}[I], c{k} === null ? -1 : c{k}[G]"
                        );
                    }
                    _ => {
                        let _ = write!(pass, ", c{k}");
                    }
                }
            }
            let f = format!(
                "function {name}({params}) {{ {checks}return {call}; }}",
                name = m.name,
                params = params.join(", "),
                call = call(&pass),
            );
            // Methods go on the prototype as plain data properties.
            for t in r
                .targets
                .iter()
                .filter(|t| table.js_classes.iter().any(|c| c == *t))
            {
                let _ = writeln!(out, "  method({t}, {f});");
            }
            return Ok(());
        }
    };
    for t in r
        .targets
        .iter()
        .filter(|t| table.js_classes.iter().any(|c| c == *t))
    {
        let _ = writeln!(out, "  accessor({t}, '{}', {body});", m.name);
    }
    Ok(())
}

fn js_native(model: &Model, r: &Resolved<'_>, key: &str, out: &mut String) -> Result<(), String> {
    let m = r.member;
    let mut params = String::new();
    let mut setup = String::new();
    let mut pass = String::new();
    for (k, a) in m.args.iter().enumerate() {
        match arg_kind(model, a).map_err(|e| format!("{key}: {e}"))? {
            Arg::Node => {
                let _ = write!(params, ", a{k}i: f64, a{k}g: f64");
                let _ = write!(pass, ", id(a{k}i, a{k}g)");
            }
            Arg::NullableNode => {
                let _ = write!(params, ", a{k}i: f64, a{k}g: f64");
                let _ = write!(pass, ", (a{k}i >= 0.0).then(|| id(a{k}i, a{k}g))");
            }
            Arg::Str => {
                let _ = write!(params, ", a{k}: String");
                let _ = write!(pass, ", &a{k}");
            }
            Arg::NullableStr => {
                let _ = write!(params, ", a{k}: Option<String>");
                let _ = write!(pass, ", a{k}.as_deref()");
            }
            Arg::Bool => {
                let _ = write!(params, ", a{k}: bool");
                let _ = write!(pass, ", a{k}");
            }
            Arg::OptionalBool => {
                let _ = write!(params, ", a{k}: Option<bool>");
                let _ = write!(pass, ", a{k}");
            }
            Arg::UnsignedLong => {
                let _ = write!(params, ", a{k}: f64");
                let _ = write!(pass, ", offset(a{k})");
            }
            Arg::NodesOrStrings => {
                let _ = write!(params, ", a{k}ids: Vec<f64>, a{k}texts: Vec<String>");
                let _ = write!(setup, "let a{k} = node_or_text(&a{k}ids, &a{k}texts); ");
                let _ = write!(pass, ", &a{k}");
            }
        }
    }
    let _ = writeln!(
        out,
        "f!(\"{key}\", |d, ctx, i: f64, g: f64{params}| {{ {setup}d.{rust}(id(i, g){pass}).map(ToNative::to_native) }});",
        rust = r.binding.rust,
    );
    Ok(())
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The Python statements that turn the dom-ecs result of `call` into the
/// method's return value: a node is wrapped in a handle of this document
/// (which needs the document's state); anything else converts without it.
fn py_return(model: &Model, ty: &str, call: &str) -> String {
    if ty == "undefined" {
        format!("{call};\n        Ok(py.None())")
    } else if is_node_type(model, ty) {
        format!("let r = {call};\n        IdlToPy::to_py(r, n, py, &mut st)")
    } else {
        format!("let r = {call};\n        IdlValue::value(r, py)")
    }
}

fn py_method(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    let m = r.member;
    let key = format!("{}.{}", r.binding.owner, m.name);
    let rust = &r.binding.rust;
    for t in &r.targets {
        let Some((_, class)) = table.py_classes.iter().find(|(i, _)| i == t) else {
            continue;
        };
        let fn_name = format!("idl_{}_{}", snake(t), snake(&m.name));
        // The base class's own methods take `&self` (no cast to the base
        // handle); a subclass's take the bound object and reach its base.
        let (recv, head) = if *t == "Node" {
            ("&self, py: Python<'_>", "let n = self;")
        } else {
            (
                "slf: &Bound<'_, Self>",
                "let (n, py) = (base(slf), slf.py());",
            )
        };
        let doc = format!("/// `{}` (generated from the IDL: `{}`)", m.name, key);
        let _ = writeln!(out, "#[pymethods]\nimpl {class} {{");
        match m.kind {
            MemberKind::Attribute { readonly: true } => {
                let ret = py_return(
                    model,
                    &m.ty,
                    &format!("st.read(py)?.{rust}(n.id).or_raise(py)?"),
                );
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[getter({name})]\n    fn {fn_name}({recv}) -> PyResult<Py<PyAny>> {{\n        {head}\n        let mut st = n.shared.lock(py);\n        {ret}\n    }}",
                    name = m.name,
                );
            }
            MemberKind::Operation => {
                let mut params = String::new();
                let mut sig = Vec::new();
                let mut setup = String::new();
                let mut pass = String::new();
                let mut variadic = false;
                for (k, a) in m.args.iter().enumerate() {
                    let kind = arg_kind(model, a).map_err(|e| format!("{key}: {e}"))?;
                    let pname = snake(&a.name);
                    let default = a.default.as_deref().map(|d| match d {
                        "null" => "None".to_owned(),
                        "true" => "true".to_owned(),
                        "false" => "false".to_owned(),
                        other => other.to_owned(),
                    });
                    match kind {
                        Arg::NodesOrStrings => {
                            variadic = true;
                            sig.push(format!("*{pname}"));
                            let _ = write!(params, ", {pname}: &Bound<'_, PyTuple>");
                            continue;
                        }
                        Arg::Node => {
                            let _ = write!(params, ", {pname}: &Bound<'_, PyNode>");
                            let _ = write!(setup, "let a{k} = n.arg(py, {pname})?.id; ");
                            let _ = write!(pass, ", a{k}");
                        }
                        Arg::NullableNode => {
                            let _ = write!(params, ", {pname}: Option<&Bound<'_, PyNode>>");
                            let _ = write!(
                                setup,
                                "let a{k} = match {pname} {{ Some(x) => Some(n.arg(py, x)?.id), None => None }}; "
                            );
                            let _ = write!(pass, ", a{k}");
                        }
                        Arg::Str => {
                            let _ = write!(params, ", {pname}: &str");
                            let _ = write!(pass, ", {pname}");
                        }
                        Arg::NullableStr => {
                            let _ = write!(params, ", {pname}: Option<&str>");
                            let _ = write!(pass, ", {pname}");
                        }
                        Arg::Bool => {
                            let _ = write!(params, ", {pname}: bool");
                            let _ = write!(pass, ", {pname}");
                        }
                        Arg::OptionalBool => {
                            let _ = write!(params, ", {pname}: Option<bool>");
                            let _ = write!(pass, ", {pname}");
                        }
                        Arg::UnsignedLong => {
                            let _ = write!(params, ", {pname}: u32");
                            let _ = write!(pass, ", {pname} as usize");
                        }
                    }
                    sig.push(match (a.optional, default) {
                        (true, Some(d)) => format!("{pname} = {d}"),
                        (true, None) => format!("{pname} = None"),
                        _ => pname,
                    });
                }
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[pyo3(name = \"{name}\", signature = ({sig}))]",
                    name = m.name,
                    sig = sig.join(", "),
                );
                if variadic {
                    let tuple = snake(&m.args[0].name);
                    let _ = writeln!(
                        out,
                        "    fn {fn_name}(slf: &Bound<'_, Self>{params}) -> PyResult<()> {{\n        base(slf).mixin(slf.py(), {tuple}, Document::{rust})\n    }}"
                    );
                } else {
                    let ret = py_return(
                        model,
                        &m.ty,
                        &format!("st.read(py)?.{rust}(n.id{pass}).or_raise(py)?"),
                    );
                    let _ = writeln!(
                        out,
                        "    fn {fn_name}({recv}{params}) -> PyResult<Py<PyAny>> {{\n        {head}\n        {setup}let mut st = n.shared.lock(py);\n        {ret}\n    }}"
                    );
                }
            }
            _ => {
                return Err(format!(
                    "{key}: only readonly attributes and operations are generated"
                ));
            }
        }
        let _ = writeln!(out, "}}\n");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDL: &str = r#"
        interface EventTarget {};
        interface Node : EventTarget {
          readonly attribute Node? parentNode;
          boolean contains(Node? other);
          Node cloneNode(optional boolean subtree = false);
        };
        interface Element : Node {};
        interface mixin ParentNode { undefined append((Node or DOMString)... nodes); };
        Element includes ParentNode;
    "#;

    const TABLE: &str = "@js Node Element\n@py Node=PyNode Element=PyElement\n\
        Node.parentNode parent_node\nNode.contains contains # a comment\n\
        Node.cloneNode clone_node\nParentNode.append append\n";

    #[test]
    fn a_member_is_generated_for_both_languages_from_one_row() {
        let model = Model::from_sources(&[("t.idl", IDL)]).unwrap();
        let table = Table::parse(TABLE).unwrap();
        let g = generate(&model, &table).unwrap();
        assert!(g.js_members.contains(
            "accessor(Node, 'parentNode', { get() { return wrap(N['Node.parentNode'](this[I], this[G])); } });"
        ));
        assert!(
            g.js_members
                .contains("method(Element, function append(...a0)")
        );
        assert!(g.js_members.contains("(a0 === undefined ? false : !!a0)"));
        assert!(
            g.js_members
                .contains("if (arguments.length < 1) throw new TypeError")
        );
        assert!(g.js_natives.contains("f!(\"Node.contains\", |d, ctx, i: f64, g: f64, a0i: f64, a0g: f64| { d.contains(id(i, g), (a0i >= 0.0).then(|| id(a0i, a0g))).map(ToNative::to_native) });"));
        assert!(
            g.py_methods
                .contains("#[getter(parentNode)]\n    fn idl_node_parent_node")
        );
        assert!(g.py_methods.contains("signature = (subtree = false)"));
        assert!(g.py_methods.contains("impl PyElement {"));
        assert!(
            g.py_methods
                .contains("base(slf).mixin(slf.py(), nodes, Document::append)")
        );
        let node = &model.interfaces["Node"];
        assert!(table.generates(node, &node.members[0]));
    }

    #[test]
    fn unknown_members_and_types_are_errors() {
        let model = Model::from_sources(&[("t.idl", IDL)]).unwrap();
        let table = Table::parse("Node.nope nope\n").unwrap();
        assert!(
            generate(&model, &table)
                .unwrap_err()
                .contains("not in the IDL")
        );
        assert!(Table::parse("nodot x\n").is_err());
    }
}
