//! The JS side: each member is a QuickJS native placed on the prelude's
//! class as the method or accessor itself (`N['Node.appendChild']`; a
//! setter's key ends in `=`), written as a `native!` invocation for
//! js-bridge's `idl::install`. The native converts `this` and the
//! arguments per WebIDL, calls the dom-ecs method, and converts the result
//! (js-bridge's `idl` module has the conversions).

use std::fmt::Write as _;

use super::{
    Arg, ObjectKind, Receiver, Resolved, Table, arg_kind, const_rust_type, is_node_type,
    setter_kind, setter_value,
};
use crate::{Argument, MemberKind, Model};

/// The member on each of its interfaces that has a JS class.
pub(super) fn member(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    let m = r.member;
    let key = r.key();
    let targets: Vec<&str> = r
        .targets
        .iter()
        .copied()
        .filter(|t| table.js_classes.iter().any(|c| c == t))
        .collect();
    match r.receiver {
        // The prelude's class constructor calls `N['Text.constructor']`.
        Receiver::Global | Receiver::ValueConstructor(_) => return Ok(()),
        Receiver::Static(_) => {
            for t in &targets {
                let _ = writeln!(out, "  staticMethod({t}, '{}', N['{key}']);", m.name);
            }
            return Ok(());
        }
        // `entries`, `keys`, `values`, `forEach` and `@@iterator` over the
        // native step (WebIDL 3.7.9).
        Receiver::PairIterable(_) => {
            for t in &targets {
                let _ = writeln!(out, "  pairIterable({t}, N['{key}']);");
            }
            return Ok(());
        }
        _ => {}
    }
    // `[Unscopable]`: named in the prototype's @@unscopables (WebIDL 3.7.3).
    if m.ext.iter().any(|e| e == "Unscopable") {
        for t in &targets {
            let _ = writeln!(out, "  unscopable({t}, '{}');", m.name);
        }
    }
    match m.kind {
        MemberKind::Attribute { readonly } => {
            let set = if let (true, Some(fwd)) = (readonly, super::put_forwards(m)) {
                // `[PutForwards=x]` (WebIDL 3.7.6): a write sets the
                // result's `x` (an object, or a TypeError).
                // (A method named `set {name}`, as WebIDL names setters.)
                format!(
                    ", set: {{ 'set {name}'(v) {{ const q = this['{name}']; if (q === null || typeof q !== 'object') throw new TypeError('Cannot forward the write'); q['{fwd}'] = v; }} }}['set {name}']",
                    name = m.name
                )
            } else if readonly {
                String::new()
            } else {
                setter_kind(model, m).map_err(|e| format!("{key}: {e}"))?;
                format!(", set: N['{key}=']")
            };
            // `[SameObject]`: the prelude's `sameObject` keeps the first
            // object the native made on `this` and returns it again.
            let get = if m.ext.iter().any(|e| e == "SameObject") {
                format!("sameObject(N['{key}'])")
            } else {
                format!("N['{key}']")
            };
            // `[LegacyUnforgeable]` (WebIDL 3.7.7): an own property of each
            // instance, made by the constructor, not on the prototype.
            let define = if m.ext.iter().any(|e| e == "LegacyUnforgeable") {
                "unforgeable"
            } else {
                "accessor"
            };
            for t in &targets {
                let _ = writeln!(out, "  {define}({t}, '{}', {{ get: {get}{set} }});", m.name);
                // A stringifier attribute's `toString()` is its getter
                // (WebIDL 3.7.4.2).
                if m.ext.iter().any(|e| e == "stringifier") {
                    let _ = writeln!(out, "  method({t}, 'toString', N['{key}']);");
                }
            }
        }
        MemberKind::Operation => {
            for t in &targets {
                let _ = writeln!(out, "  method({t}, '{}', N['{key}']);", m.name);
            }
        }
        MemberKind::Const => return Err(format!("{key}: constants need no row")),
    }
    Ok(())
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

/// The statement converting argument `k` (a JS value `v`) into `a{k}`.
fn convert(kind: Arg, a: &Argument, k: usize) -> Result<String, String> {
    let v = format!("given(&ctx, a{k})");
    let conv = |v: &str| match kind {
        Arg::Node => format!("nat.node(&ctx, {v}, {})?", k + 1),
        // (In JS every node is of this world: `foreign` changes nothing.)
        Arg::NullableNode | Arg::ForeignIsNull => {
            format!("nat.nullable_node(&ctx, {v}, {})?", k + 1)
        }
        Arg::Str => format!("string(&ctx, {v})?"),
        Arg::Usv => format!("usv_string(&ctx, {v})?"),
        Arg::StrNullIsEmpty => format!("null_is_empty(&ctx, {v})?"),
        Arg::NullableStr => format!("nullable_string(&ctx, {v})?"),
        Arg::OptionalStr => format!("Some(string(&ctx, {v})?)"),
        Arg::SearchParamsInit => format!("crate::values::search_params_init(&ctx, {v})?"),
        Arg::HeadersInit => format!("Some(crate::values::search_params_init(&ctx, {v})?)"),
        Arg::BodyInit => format!("crate::fetch::nullable_body_init(&ctx, {v})?"),
        Arg::OptionalBytes => format!("Some(crate::encoding::buffer_source(&ctx, {v})?)"),
        Arg::BytesOut => format!("crate::encoding::BytesOut::from_value(&ctx, {v})?"),
        Arg::IntegerView => format!("crate::encoding::BytesOut::integer_view(&ctx, {v})?"),
        Arg::Bool => format!("boolean(&ctx, {v})?"),
        Arg::OptionalBool => format!("Some(boolean(&ctx, {v})?)"),
        Arg::UnsignedLong => format!("unsigned_long(&ctx, {v})?"),
        Arg::Long => format!("long(&ctx, {v})?"),
        Arg::Double => format!("unrestricted_double(&ctx, {v})?"),
        Arg::FiniteDouble => format!("finite_double(&ctx, {v})?"),
        Arg::UnsignedShort => format!("unsigned_short(&ctx, {v})?"),
        Arg::Range => format!("nat.range(&ctx, {v}, {})?", k + 1),
        Arg::NodesOrStrings => format!("nat.nodes_or_strings(&ctx, a{k})?"),
        Arg::Strings => format!("strings(&ctx, a{k})?"),
        Arg::Dict => format!("dict_{}(&ctx, {v})?", a.ty),
        Arg::Slottables => format!("nat.slottables(&ctx, a{k})?"),
    };
    Ok(match (kind, a.optional, a.default.as_deref()) {
        (Arg::NodesOrStrings | Arg::Strings | Arg::Slottables, ..) => {
            format!("let a{k} = {};", conv(""))
        }
        // (An optional dictionary's default is `{}`: undefined is that.)
        (Arg::Dict, ..) => format!("let a{k} = {};", conv(&v)),
        (Arg::BytesOut | Arg::IntegerView, ..) => format!("let mut a{k} = {};", conv(&v)),
        // An optional argument that is undefined takes its default.
        (_, true, default) => {
            let default = match (kind, default) {
                (Arg::Bool, Some(d @ ("true" | "false"))) => d.to_owned(),
                (
                    Arg::OptionalBool | Arg::OptionalStr | Arg::HeadersInit | Arg::OptionalBytes,
                    None,
                ) => "None".to_owned(),
                (Arg::SearchParamsInit, Some("\"\"")) => {
                    "dom_ecs::SearchParamsInit::Text(String::new())".to_owned()
                }
                (Arg::NullableNode | Arg::NullableStr | Arg::BodyInit, Some("null")) => {
                    "None".to_owned()
                }
                (Arg::Str | Arg::Usv, Some("\"\"")) => "String::new()".to_owned(),
                (Arg::Str | Arg::Usv, Some(d)) if d.starts_with('"') => {
                    format!("String::from({d})")
                }
                (Arg::Long, Some(d)) if d.parse::<i32>().is_ok() => d.to_owned(),
                (Arg::Double, Some(d)) if d.parse::<f64>().is_ok() => {
                    format!("{:?}_f64", d.parse::<f64>().unwrap_or(0.0))
                }
                (Arg::UnsignedLong, Some(d)) if d.parse::<u32>().is_ok() => d.to_owned(),
                (_, d) => return Err(format!("the default {d:?} of {}", a.name)),
            };
            format!(
                "let a{k} = {{ let v = {v}; if v.is_undefined() {{ {default} }} else {{ {} }} }};",
                conv("v")
            )
        }
        _ => format!("let a{k} = {};", conv(&v)),
    })
}

/// How converted argument `a{k}` is passed to the dom-ecs method.
fn pass(kind: Arg, k: usize) -> String {
    match kind {
        Arg::Str | Arg::Usv | Arg::StrNullIsEmpty => format!(", &a{k}"),
        Arg::NullableStr | Arg::OptionalStr | Arg::OptionalBytes => format!(", a{k}.as_deref()"),
        Arg::BytesOut | Arg::IntegerView => format!(", a{k}.bytes()"),
        Arg::SearchParamsInit => format!(", &a{k}"),
        Arg::HeadersInit | Arg::BodyInit => format!(", a{k}.as_ref()"),
        Arg::NodesOrStrings => format!(", &node_or_text(&a{k})"),
        Arg::Strings => format!(", &str_refs(&a{k})"),
        Arg::Dict | Arg::Slottables => format!(", &a{k}"),
        Arg::Range => format!(", &a{k}"),
        _ => format!(", a{k}"),
    }
}

/// One native: `native!(key, name, length, |ctx, nat, this, params| body)`.
fn write_native(out: &mut String, key: &str, name: &str, len: usize, params: &str, body: &str) {
    let _ = writeln!(
        out,
        "native!(\"{key}\", \"{name}\", {len}, |ctx, nat, this{params}| {{ let this = nat.this(&ctx, &this)?; {body} }});"
    );
}

/// The body's call of dom-ecs and its result (`undefined` for a setter
/// or an operation returning `undefined`). `same` lists the node arguments
/// a node result may be (`appendChild` returns its argument): that is
/// returned as the very value passed.
fn call(rust: &str, args: &str, gc: bool, unit: bool, same: &[usize]) -> String {
    if unit {
        return format!(
            "nat.call(&ctx, {gc}, |d| d.{rust}(this{args}))?; Ok(Value::new_undefined(ctx.clone()))"
        );
    }
    let mut out = format!(
        "let r = nat.call(&ctx, {gc}, |d| d.{rust}(this{args}).map(|r| IntoOwned::into_owned(r, d)))?; "
    );
    let returns: Vec<String> = same
        .iter()
        .map(|k| format!("if r == a{k} {{ return Ok(v{k}); }}"))
        .collect();
    if !returns.is_empty() {
        let _ = write!(out, "{} ", returns.join(" else "));
    }
    out.push_str("nat.result(&ctx, r)");
    out
}

/// The native's parameter for argument `k`, and its presence count.
fn params_for(kind: Arg, k: usize, params: &mut String, present: &mut Vec<String>) {
    if matches!(kind, Arg::NodesOrStrings | Arg::Strings | Arg::Slottables) {
        let _ = write!(params, ", a{k}: Rest<Value<'js>>");
    } else {
        let _ = write!(params, ", a{k}: Opt<Value<'js>>");
        present.push(format!("usize::from(a{k}.0.is_some())"));
    }
}

/// The natives of one binding: the getter or operation, and a setter.
pub(super) fn native(model: &Model, r: &Resolved<'_>, out: &mut String) -> Result<(), String> {
    match r.receiver {
        Receiver::Event => return event_native(model, r, out),
        Receiver::Object(kind) => return object_native(model, r, kind, out),
        Receiver::Global => return constructor_native(model, r, out),
        Receiver::Value(kind) | Receiver::PairIterable(kind) => {
            return value_native(model, r, kind, out);
        }
        Receiver::ValueConstructor(kind) | Receiver::Static(kind) => {
            return function_native(model, r, kind, out);
        }
        Receiver::Node => {}
    }
    let (m, b) = (r.member, r.binding);
    let key = r.key();
    let err = |e: String| format!("{key}: {e}");
    match m.kind {
        MemberKind::Attribute { .. } => {
            let name = format!("get {}", m.name);
            let getter = call(&b.rust, b.leading(), false, false, &[]);
            write_native(out, &key, &name, 0, "", &getter);
            if let Some(set) = &b.set {
                let kind = setter_kind(model, m).map_err(err)?;
                let value = setter_value(m);
                let body = format!(
                    "{} {}",
                    convert(kind, &value, 0).map_err(err)?,
                    call(
                        set,
                        &format!("{}{}", b.set_args, pass(kind, 0)),
                        b.gc,
                        true,
                        &[]
                    )
                );
                let name = format!("set {}", m.name);
                let params = ", a0: Opt<Value<'js>>";
                write_native(out, &format!("{key}="), &name, 1, params, &body);
            }
        }
        MemberKind::Operation => {
            let returns_node = is_node_type(model, &m.ty) && !m.ty.ends_with('?');
            let Arguments {
                required,
                params,
                mut body,
                args,
                same,
            } = arguments(model, r, returns_node).map_err(err)?;
            body.push_str(&call(&b.rust, &args, b.gc, m.ty == "undefined", &same));
            write_native(out, &key, &m.name, required, &params, &body);
        }
        MemberKind::Const => return Err(format!("{key}: constants need no row")),
    }
    Ok(())
}

/// An operation's arguments, converted.
struct Arguments {
    /// How many are required.
    required: usize,
    /// The native's parameters.
    params: String,
    /// The statements converting them (after WebIDL's count check).
    body: String,
    /// The dom-ecs call's arguments (each after `, `).
    args: String,
    /// The node arguments a node result may be (kept as passed).
    same: Vec<usize>,
}

/// Convert an operation's arguments. With `returns_node`, a required
/// `Node` argument is kept as passed (`v{k}`), so a node result that is
/// that argument (`appendChild`) is returned as it came.
fn arguments(model: &Model, r: &Resolved<'_>, returns_node: bool) -> Result<Arguments, String> {
    let required = r.args.iter().filter(|a| !a.optional).count();
    let (mut params, mut body, mut args) = (String::new(), String::new(), String::new());
    let mut present = Vec::new();
    let mut same = Vec::new();
    for (k, a) in r.args.iter().enumerate() {
        let kind = arg_kind(model, a)?;
        params_for(kind, k, &mut params, &mut present);
        args.push_str(&pass(kind, k));
        if kind == Arg::Node && returns_node && !a.optional {
            let _ = write!(
                body,
                "let v{k} = given(&ctx, a{k}); let a{k} = nat.node(&ctx, v{k}.clone(), {})?; ",
                k + 1
            );
            same.push(k);
            continue;
        }
        body.push_str(&convert(kind, a, k)?);
        body.push(' ');
    }
    if required > 0 {
        body = format!(
            "nat.check_count(&ctx, {required}, {})?; {body}",
            present.join(" + ")
        );
    }
    Ok(Arguments {
        required,
        params,
        body,
        args,
        same,
    })
}

/// How a receiver's natives reach its dom-ecs method: each template gets
/// the method and the converted arguments (each after `, `) and returns
/// the body's call and result.
struct Templates<'t> {
    /// The statement that converts `this` (before the arguments).
    this: &'t str,
    /// An attribute's read.
    get: &'t dyn Fn(&str, &str) -> String,
    /// An operation with a result.
    op: &'t dyn Fn(&str, &str) -> String,
    /// A setter, or an operation returning `undefined`.
    unit: &'t dyn Fn(&str, &str) -> String,
}

/// The natives of a member whose `this` is no node: the getter or
/// operation, and a setter, through `t`.
fn receiver_natives(
    model: &Model,
    r: &Resolved<'_>,
    t: &Templates<'_>,
    out: &mut String,
) -> Result<(), String> {
    let (m, b) = (r.member, r.binding);
    let key = r.key();
    let err = |e: String| format!("{key}: {e}");
    let write = |out: &mut String, key: &str, name: &str, len: usize, params: &str, body: &str| {
        let _ = writeln!(
            out,
            "native!(\"{key}\", \"{name}\", {len}, |ctx, nat, this{params}| {{ {}{body} }});",
            t.this
        );
    };
    match m.kind {
        MemberKind::Attribute { .. } => {
            let name = format!("get {}", m.name);
            write(out, &key, &name, 0, "", &(t.get)(&b.rust, ""));
            if let Some(set) = &b.set {
                let kind = setter_kind(model, m).map_err(err)?;
                let body = format!(
                    "{} {}",
                    convert(kind, &setter_value(m), 0).map_err(err)?,
                    (t.unit)(set, &pass(kind, 0))
                );
                let name = format!("set {}", m.name);
                write(
                    out,
                    &format!("{key}="),
                    &name,
                    1,
                    ", a0: Opt<Value<'js>>",
                    &body,
                );
            }
        }
        MemberKind::Operation => {
            let Arguments {
                required,
                params,
                mut body,
                args,
                ..
            } = arguments(model, r, false).map_err(err)?;
            if m.ty == "ArrayBufferView" {
                // (`getRandomValues`: the view it filled, as passed.)
                let unit = (t.unit)(&b.rust, &args);
                let filled = unit
                    .strip_suffix("Ok(Value::new_undefined(ctx.clone()))")
                    .ok_or_else(|| err("an ArrayBufferView result needs a unit call".into()))?;
                let _ = write!(body, "{filled}Ok(a0.into_value())");
            } else {
                let call = if m.ty == "undefined" { t.unit } else { t.op };
                body.push_str(&call(&b.rust, &args));
            }
            write(out, &key, &m.name, required, &params, &body);
        }
        MemberKind::Const => return Err(format!("{key}: constants need no row")),
    }
    Ok(())
}

/// The natives of a member of `Event` (or an interface inheriting from
/// it): `this` is an event, the row's method one of its `EventState`.
fn event_native(model: &Model, r: &Resolved<'_>, out: &mut String) -> Result<(), String> {
    let get = |rust: &str, args: &str| {
        format!(
            "let r = nat.call(&ctx, false, |d| d.event(this).map(|e| IntoOwned::into_owned(e.{rust}({}), &*d)))?; nat.result(&ctx, r)",
            args.trim_start_matches(", ")
        )
    };
    let op = |rust: &str, args: &str| {
        format!(
            "let r = nat.call(&ctx, false, |d| d.event_mut(this).map(|e| e.{rust}({})))?; nat.result(&ctx, r)",
            args.trim_start_matches(", ")
        )
    };
    let unit = |rust: &str, args: &str| {
        format!(
            "nat.call(&ctx, false, |d| d.event_mut(this).map(|e| e.{rust}({})))?; Ok(Value::new_undefined(ctx.clone()))",
            args.trim_start_matches(", ")
        )
    };
    let t = Templates {
        this: "let this = nat.event(&ctx, &this)?; ",
        get: &get,
        op: &op,
        unit: &unit,
    };
    receiver_natives(model, r, &t, out)
}

/// The natives of a member of an interface whose objects the bridge makes
/// of a dom-ecs value (`DOMTokenList`, `NodeList`, `HTMLCollection`,
/// `NamedNodeMap`): `this` is such an object, and the row's method one of
/// that value's, taking the document.
fn object_native(
    model: &Model,
    r: &Resolved<'_>,
    kind: ObjectKind,
    out: &mut String,
) -> Result<(), String> {
    let ty = kind.rust_type();
    let get = |rust: &str, args: &str| {
        format!(
            "let r = nat.with_object::<{ty}, _>(&ctx, &this, |o, d| o.{rust}(d{args}).map(|x| IntoOwned::into_owned(x, &*d)))?; nat.result(&ctx, r)"
        )
    };
    let unit = |rust: &str, args: &str| {
        format!(
            "nat.with_object::<{ty}, _>(&ctx, &this, |o, d| o.{rust}(d{args}))?; Ok(Value::new_undefined(ctx.clone()))"
        )
    };
    let t = Templates {
        this: "",
        get: &get,
        op: &get,
        unit: &unit,
    };
    receiver_natives(model, r, &t, out)
}

/// The natives of a member of an interface whose objects belong to no
/// document (`URL`): `this` is such an object, the row's method one of
/// its value's.
fn value_native(
    model: &Model,
    r: &Resolved<'_>,
    kind: super::ValueKind,
    out: &mut String,
) -> Result<(), String> {
    let ty = kind.rust_type();
    let get = |rust: &str, args: &str| {
        format!(
            "let r = nat.with_value::<{ty}, _>(&ctx, &this, |o| o.{rust}({}))?; nat.result(&ctx, r)",
            args.trim_start_matches(", ")
        )
    };
    let unit = |rust: &str, args: &str| {
        format!(
            "nat.with_value::<{ty}, _>(&ctx, &this, |o| o.{rust}({}))?; Ok(Value::new_undefined(ctx.clone()))",
            args.trim_start_matches(", ")
        )
    };
    let t = Templates {
        this: "",
        get: &get,
        op: &get,
        unit: &unit,
    };
    receiver_natives(model, r, &t, out)
}

/// The native of a constructor or static operation of an interface whose
/// objects belong to no document: an associated function of the value's
/// type (`UrlObject::new`), its error thrown.
fn function_native(
    model: &Model,
    r: &Resolved<'_>,
    kind: super::ValueKind,
    out: &mut String,
) -> Result<(), String> {
    let b = r.binding;
    let key = r.key();
    let Arguments {
        required,
        params,
        mut body,
        args,
        ..
    } = arguments(model, r, false).map_err(|e| format!("{key}: {e}"))?;
    let _ = write!(
        body,
        "let r = nat.check(&ctx, {ty}::{rust}({args}))?; nat.result(&ctx, r)",
        ty = kind.rust_type(),
        rust = b.rust,
        args = args.trim_start_matches(", "),
    );
    let name = if r.receiver == Receiver::ValueConstructor(kind) {
        b.owner.as_str()
    } else {
        r.member.name.as_str()
    };
    let _ = writeln!(
        out,
        "native!(\"{key}\", \"{name}\", {required}, |ctx, nat, _this{params}| {{ {body} }});",
    );
    Ok(())
}

/// The native of a constructor (`N['Text.constructor']`, which the
/// prelude's class constructor calls with the script's arguments): the
/// new node's document is the running realm's (the current global's).
fn constructor_native(model: &Model, r: &Resolved<'_>, out: &mut String) -> Result<(), String> {
    let b = r.binding;
    let key = r.key();
    let Arguments {
        required,
        params,
        mut body,
        args,
        ..
    } = arguments(model, r, false).map_err(|e| format!("{key}: {e}"))?;
    let _ = write!(
        body,
        "let g = nat.keys.global_document(&ctx)?; let r = nat.call(&ctx, {gc}, |d| {{ d.{rust}(g{args}).map(|r| IntoOwned::into_owned(r, d)) }})?; nat.result(&ctx, r)",
        gc = b.gc,
        rust = b.rust,
    );
    let _ = writeln!(
        out,
        "native!(\"{key}\", \"{name}\", {required}, |ctx, nat, _this{params}| {{ {body} }});",
        name = b.owner,
    );
    Ok(())
}
