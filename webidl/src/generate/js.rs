//! The JS side: members placed on the prelude's classes, and the QuickJS
//! natives they call (`N['Node.parentNode']`; a setter's key ends in `=`).

use std::fmt::Write as _;

use super::{Arg, Resolved, Table, arg_kind, const_rust_type, is_node_type, setter_kind};
use crate::{Argument, MemberKind, Model};

/// The JS expression converting `v` per WebIDL (`what` names it in errors).
fn convert(kind: Arg, v: &str, what: &str) -> String {
    match kind {
        Arg::Node => format!("node({v}, '{what}')"),
        Arg::NullableNode => format!("({v} == null ? null : node({v}, '{what}'))"),
        Arg::Str => format!("`${{{v}}}`"),
        Arg::StrNullIsEmpty => format!("({v} === null ? '' : `${{{v}}}`)"),
        Arg::NullableStr => format!("({v} == null ? null : `${{{v}}}`)"),
        Arg::Bool => format!("!!{v}"),
        Arg::OptionalBool => format!("({v} === undefined ? null : !!{v})"),
        Arg::UnsignedLong => format!("({v} >>> 0)"),
        Arg::NodesOrStrings => unreachable!("variadic arguments are spread"),
    }
}

/// The JS expression converting argument `k` (`a{k}`), its default applied.
fn convert_arg(kind: Arg, a: &Argument, k: usize, what: &str) -> String {
    let v = format!("a{k}");
    let conv = convert(kind, &v, &format!("parameter {} of {what}", k + 1));
    match &a.default {
        Some(d) if a.optional => format!("({v} === undefined ? {d} : {conv})"),
        _ => conv,
    }
}

/// How the converted value `c` is passed to a native.
fn pass(kind: Arg, c: &str) -> String {
    match kind {
        Arg::Node => format!(", {c}[I], {c}[G]"),
        Arg::NullableNode => format!(", {c} === null ? -1 : {c}[I], {c} === null ? -1 : {c}[G]"),
        _ => format!(", {c}"),
    }
}

/// The JS name of the local constant holding native `key` (looked up once,
/// not per call): `Node.appendChild` → `$Node$appendChild`, a setter's
/// `Node.textContent=` → `$Node$textContent$set`.
fn native_var(key: &str) -> String {
    let base = key.trim_end_matches('=').replace('.', "$");
    if key.ends_with('=') {
        format!("${base}$set")
    } else {
        format!("${base}")
    }
}

/// The member on each of its interfaces that has a JS class, after the
/// constants holding its natives.
pub(super) fn member(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    let m = r.member;
    let key = r.key();
    let get = native_var(&key);
    let _ = writeln!(out, "  const {get} = N['{key}'];");
    let returns_node = is_node_type(model, &m.ty);
    let call = |args: &str| format!("{get}(this[I], this[G]{args})");
    let targets = r
        .targets
        .iter()
        .filter(|t| table.js_classes.iter().any(|c| c == *t));
    match m.kind {
        MemberKind::Attribute { readonly } => {
            let value = if returns_node {
                format!("wrap({})", call(""))
            } else {
                call("")
            };
            let mut body = format!("{{ get() {{ return {value}; }}");
            if !readonly {
                let kind = setter_kind(model, m).map_err(|e| format!("{key}: {e}"))?;
                let c = convert(kind, "v", &format!("the value of {}", m.name));
                let set = native_var(&format!("{key}="));
                let _ = writeln!(out, "  const {set} = N['{key}='];");
                let _ = write!(
                    body,
                    ", set(v) {{ {set}(this[I], this[G]{}); }}",
                    pass(kind, &c)
                );
            }
            body.push_str(" }");
            for t in targets {
                let _ = writeln!(out, "  accessor({t}, '{}', {body});", m.name);
            }
        }
        MemberKind::Operation => {
            let f = operation(model, r, &call)?;
            // Methods go on the prototype as plain data properties.
            for t in targets {
                let _ = writeln!(out, "  method({t}, {f});");
            }
        }
        MemberKind::Const => return Err(format!("{key}: constants need no row")),
    }
    Ok(())
}

/// An operation's function. WebIDL throws a `TypeError` when fewer
/// arguments than required are passed; that needs `arguments`, which
/// QuickJS allocates on every call of a function that names it, so the
/// count is checked only where the conversion would not throw anyway
/// (`undefined` is no `Node`). A node result that is a node argument
/// (`appendChild` returns its argument) is that argument, not re-wrapped.
fn operation(
    model: &Model,
    r: &Resolved<'_>,
    call: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let m = r.member;
    let key = r.key();
    let mut params = Vec::new();
    let mut args = String::new();
    let mut checks = String::new();
    let mut same = Vec::new();
    let required = m.args.iter().filter(|a| !a.optional).count();
    let mut kinds = Vec::new();
    for a in &m.args {
        kinds.push(arg_kind(model, a).map_err(|e| format!("{key}: {e}"))?);
    }
    if required > 0 && kinds[required - 1] != Arg::Node {
        // (Strict: QuickJS's unmapped `arguments` is the cheaper one.)
        let _ = write!(
            checks,
            "'use strict'; if (arguments.length < {required}) throw new TypeError(`Failed to execute '{name}' on '${{this?.constructor?.name}}': {required} argument{s} required, but only ${{arguments.length}} present.`); ",
            name = m.name,
            s = if required == 1 { "" } else { "s" },
        );
    }
    for (k, (a, &kind)) in m.args.iter().zip(&kinds).enumerate() {
        if kind == Arg::NodesOrStrings {
            params.push(format!("...a{k}"));
            let _ = write!(args, ", ...nodeArgs(a{k})");
            continue;
        }
        params.push(format!("a{k}"));
        let _ = write!(
            checks,
            "const c{k} = {}; ",
            convert_arg(kind, a, k, &m.name)
        );
        args.push_str(&pass(kind, &format!("c{k}")));
        if kind == Arg::Node {
            same.push(k);
        }
    }
    let body = if !is_node_type(model, &m.ty) {
        format!("return {};", call(&args))
    } else if m.ty.ends_with('?') || same.is_empty() {
        format!("return wrap({});", call(&args))
    } else {
        let mut b = format!("const r = {}; ", call(&args));
        for k in same {
            let _ = write!(b, "if (r === c{k}[I]) return c{k}; ");
        }
        b.push_str("return wrap(r);");
        b
    };
    Ok(format!(
        "function {name}({params}) {{ {checks}{body} }}",
        name = m.name,
        params = params.join(", "),
    ))
}

/// The constants of `interface`, on its interface object and prototype.
pub(super) fn constants(model: &Model, interface: &str, out: &mut String) -> Result<(), String> {
    for c in super::constants(model, interface) {
        const_rust_type(&c.ty).map_err(|e| format!("{interface}.{}: {e}", c.name))?;
        let value = c.value.as_deref().unwrap_or("undefined");
        let _ = writeln!(out, "  constant({interface}, '{}', {value});", c.name);
    }
    Ok(())
}

/// The native's parameters and the dom-ecs call's arguments, for one
/// converted argument `a{k}` of `kind`.
fn native_param(kind: Arg, k: usize, params: &mut String, setup: &mut String, args: &mut String) {
    match kind {
        Arg::Node => {
            let _ = write!(params, ", a{k}i: f64, a{k}g: f64");
            let _ = write!(args, ", id(a{k}i, a{k}g)");
        }
        Arg::NullableNode => {
            let _ = write!(params, ", a{k}i: f64, a{k}g: f64");
            let _ = write!(args, ", (a{k}i >= 0.0).then(|| id(a{k}i, a{k}g))");
        }
        Arg::Str | Arg::StrNullIsEmpty => {
            let _ = write!(params, ", a{k}: String");
            let _ = write!(args, ", &a{k}");
        }
        Arg::NullableStr => {
            let _ = write!(params, ", a{k}: Option<String>");
            let _ = write!(args, ", a{k}.as_deref()");
        }
        Arg::Bool => {
            let _ = write!(params, ", a{k}: bool");
            let _ = write!(args, ", a{k}");
        }
        Arg::OptionalBool => {
            let _ = write!(params, ", a{k}: Option<bool>");
            let _ = write!(args, ", a{k}");
        }
        Arg::UnsignedLong => {
            let _ = write!(params, ", a{k}: f64");
            let _ = write!(args, ", offset(a{k})");
        }
        Arg::NodesOrStrings => {
            let _ = write!(params, ", a{k}ids: Vec<f64>, a{k}texts: Vec<String>");
            let _ = write!(setup, "let a{k} = node_or_text(&a{k}ids, &a{k}texts); ");
            let _ = write!(args, ", &a{k}");
        }
    }
}

/// One native: `f!(key, |d, ctx, i, g, args...| ...)`.
fn write_native(out: &mut String, key: &str, params: &str, setup: &str, call: &str, gc: bool) {
    let gc = if gc {
        "d.maybe_collect_garbage(); "
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "f!(\"{key}\", |d, ctx, i: f64, g: f64{params}| {{ {setup}let r = {call}; {gc}r.map(ToNative::to_native) }});",
    );
}

/// The natives of one binding: the getter or operation, and a setter.
pub(super) fn native(model: &Model, r: &Resolved<'_>, out: &mut String) -> Result<(), String> {
    let m = r.member;
    let b = r.binding;
    let key = r.key();
    let (mut params, mut setup, mut args) = (String::new(), String::new(), String::new());
    for (k, a) in m.args.iter().enumerate() {
        let kind = arg_kind(model, a).map_err(|e| format!("{key}: {e}"))?;
        native_param(kind, k, &mut params, &mut setup, &mut args);
    }
    let call = format!("d.{}(id(i, g){args})", b.rust);
    // (An attribute collects garbage after a write, not a read.)
    let gc = b.gc && m.kind == MemberKind::Operation;
    write_native(out, &key, &params, &setup, &call, gc);
    if let Some(set) = &b.set {
        let kind = setter_kind(model, m).map_err(|e| format!("{key}: {e}"))?;
        let (mut params, mut setup, mut args) = (String::new(), String::new(), String::new());
        native_param(kind, 0, &mut params, &mut setup, &mut args);
        let call = format!("d.{set}(id(i, g){args})");
        write_native(out, &format!("{key}="), &params, &setup, &call, b.gc);
    }
    Ok(())
}
