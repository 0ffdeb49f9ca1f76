//! The Python side: `#[pymethods]` on the class of every interface that
//! gets a member, and `#[classattr]` constants.

use std::fmt::Write as _;

use super::{
    Arg, Binding, Receiver, Resolved, Table, arg_kind, const_rust_type, is_document_object,
    is_node_type, setter_kind,
};
use crate::{MemberKind, Model};

/// `textContent` → `text_content`, `HTMLCollection` → `html_collection`
/// (a run of capitals is one word).
fn snake(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1);
            let starts_word = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(char::is_ascii_lowercase));
            if starts_word {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A member's name as the Rust identifier pyo3's `#[getter]` takes (a
/// raw one for a Rust keyword: `type`, `default`...).
fn py_ident(name: &str) -> String {
    match name {
        "type" | "default" | "async" | "loop" | "as" | "for" | "in" | "match" | "move" | "ref"
        | "self" | "static" | "super" | "use" | "where" | "while" | "continue" | "break"
        | "const" | "crate" | "else" | "enum" | "extern" | "false" | "fn" | "if" | "impl"
        | "let" | "mod" | "mut" | "pub" | "return" | "struct" | "trait" | "true" | "unsafe"
        | "await" | "dyn" => format!("r#{name}"),
        _ => name.to_owned(),
    }
}

/// The Python statements that turn the dom-ecs result of `call` into the
/// method's return value: a node is wrapped in a handle of this document,
/// a collection made a list of it, an interned name read from its cache
/// (each needs the document's state); anything else converts without it.
/// With `gc`, garbage is collected after the call.
fn returning(model: &Model, b: &Binding, ty: &str, call: &str, gc: bool) -> String {
    returning_or(model, b, ty, call, gc, "")
}

/// [`returning`], with `same` (statements that may return an argument
/// object) between the call and the conversion.
fn returning_or(model: &Model, b: &Binding, ty: &str, call: &str, gc: bool, same: &str) -> String {
    // Before the call: every node Python can reach is pinned now (the
    // result too, once it is wrapped).
    let gc = if gc {
        "st.doc.maybe_collect_garbage();\n        "
    } else {
        ""
    };
    if ty == "undefined" {
        format!("{gc}{call};\n        Ok(py.None())")
    } else if is_document_object(model, ty) || b.interned {
        format!("{gc}let r = {call};{same}\n        IdlToPy::to_py(r, &n.shared, py, &mut st)")
    } else {
        format!("{gc}let r = {call};\n        IdlValue::value(r, py)")
    }
}

/// A class a member is generated on.
struct Target<'a> {
    /// The interface (`Element`).
    interface: &'a str,
    /// Its Python class's Rust type (`PyElement`).
    class: &'a str,
    /// The generated method's Rust name.
    fn_name: String,
    /// Its doc comment.
    doc: String,
}

/// The classes of the interfaces that get member `r` and have one.
fn targets<'a>(table: &'a Table, r: &'a Resolved<'_>) -> impl Iterator<Item = Target<'a>> + 'a {
    r.targets.iter().filter_map(move |t| {
        let (_, class) = table.py_classes.iter().find(|(i, _)| i == t)?;
        Some(Target {
            interface: t,
            class,
            fn_name: format!("idl_{}_{}", snake(t), snake(&r.member.name)),
            doc: format!(
                "/// `{}` (generated from the IDL: `{}`)",
                r.member.name,
                r.key()
            ),
        })
    })
}

/// One Python parameter of `kind` named `name`: its Rust parameter, the
/// statements that convert it, and the dom-ecs call's argument.
fn param(
    kind: Arg,
    ty: &str,
    name: &str,
    k: usize,
    params: &mut String,
    setup: &mut String,
    args: &mut String,
) {
    match kind {
        Arg::NodesOrStrings => unreachable!("a variadic argument is a tuple"),
        // A dictionary: a mapping (or None) and the keyword arguments.
        Arg::Dict => {
            let _ = write!(
                params,
                ", {name}: Option<&Bound<'_, PyAny>>, members: Option<&Bound<'_, pyo3::types::PyDict>>"
            );
            let _ = write!(setup, "let a{k} = dict_{ty}(py, {name}, members)?; ");
            let _ = write!(args, ", &a{k}");
        }
        Arg::Slottables => {
            let _ = write!(params, ", {name}: &Bound<'_, PyTuple>");
            let _ = write!(setup, "let a{k} = n.slottables(py, {name})?; ");
            let _ = write!(args, ", &a{k}");
        }
        Arg::Strings => {
            let _ = write!(params, ", {name}: &Bound<'_, PyTuple>");
            let _ = write!(
                setup,
                "let a{k} = strings({name}, \"{name}\")?; let a{k}: Vec<&str> = a{k}.iter().map(String::as_str).collect(); "
            );
            let _ = write!(args, ", &a{k}");
        }
        Arg::Node => {
            let _ = write!(params, ", {name}: &Bound<'_, PyNode>");
            let _ = write!(setup, "let a{k} = n.arg(py, {name})?.id; ");
            let _ = write!(args, ", a{k}");
        }
        Arg::NullableNode => {
            let _ = write!(params, ", {name}: Option<&Bound<'_, PyNode>>");
            let _ = write!(
                setup,
                "let a{k} = match {name} {{ Some(x) => Some(n.arg(py, x)?.id), None => None }}; "
            );
            let _ = write!(args, ", a{k}");
        }
        Arg::ForeignIsNull => {
            let _ = write!(params, ", {name}: Option<&Bound<'_, PyNode>>");
            let _ = write!(setup, "let a{k} = n.arg_in_document({name}); ");
            let _ = write!(args, ", a{k}");
        }
        // A DOMString is a `str` (another type is a TypeError, as Python
        // code expects; JS converts anything with ToString).
        // Surrogate code points are kept (`crate::dom_str`).
        Arg::Str => {
            let _ = write!(params, ", {name}: crate::dom_str::DomStr<'_>");
            let _ = write!(args, ", {name}.as_str()");
        }
        Arg::Usv => {
            let _ = write!(params, ", {name}: crate::dom_str::DomStr<'_>");
            let _ = write!(args, ", {name}.usv().as_str()");
        }
        Arg::StrNullIsEmpty => {
            let _ = write!(params, ", {name}: Option<crate::dom_str::DomStr<'_>>");
            let _ = write!(args, ", {name}.as_deref().unwrap_or(\"\")");
        }
        Arg::NullableStr | Arg::OptionalStr => {
            let _ = write!(params, ", {name}: Option<crate::dom_str::DomStr<'_>>");
            let _ = write!(args, ", {name}.as_deref()");
        }
        // None, a mapping, or an iterable of pairs.
        Arg::HeadersInit => {
            let _ = write!(params, ", {name}: Option<&Bound<'_, PyAny>>");
            let _ = write!(
                setup,
                "let a{k} = {name}.map(|x| crate::values::search_params_init(Some(x))).transpose()?; "
            );
            let _ = write!(args, ", a{k}.as_ref()");
        }
        // None, a str, bytes or a URLSearchParams.
        Arg::BodyInit => {
            let _ = write!(params, ", {name}: Option<&Bound<'_, PyAny>>");
            let _ = write!(
                setup,
                "let a{k} = {name}.map(crate::values::body_init).transpose()?; "
            );
            let _ = write!(args, ", a{k}.as_ref()");
        }
        // A str, a mapping, or an iterable of pairs.
        Arg::SearchParamsInit => {
            let _ = write!(params, ", {name}: Option<&Bound<'_, PyAny>>");
            let _ = write!(
                setup,
                "let a{k} = crate::values::search_params_init({name})?; "
            );
            let _ = write!(args, ", &a{k}");
        }
        // None, or any object with the buffer protocol (bytes,
        // bytearray, memoryview...).
        Arg::OptionalBytes => {
            let _ = write!(params, ", {name}: Option<&Bound<'_, PyAny>>");
            let _ = write!(
                setup,
                "let a{k} = {name}.map(crate::encoding::buffer_source).transpose()?; "
            );
            let _ = write!(args, ", a{k}.as_deref()");
        }
        // A writable buffer (bytearray, memoryview...).
        Arg::BytesOut | Arg::IntegerView => {
            let _ = write!(params, ", {name}: &Bound<'_, PyAny>");
            let _ = write!(
                setup,
                "let mut a{k} = crate::encoding::BytesOut::new({name})?; "
            );
            let _ = write!(args, ", a{k}.bytes()");
        }
        Arg::Bool => {
            let _ = write!(params, ", {name}: bool");
            let _ = write!(args, ", {name}");
        }
        Arg::OptionalBool => {
            let _ = write!(params, ", {name}: Option<bool>");
            let _ = write!(args, ", {name}");
        }
        Arg::UnsignedLong => {
            let _ = write!(params, ", {name}: u32");
            let _ = write!(args, ", {name} as usize");
        }
        Arg::Long => {
            let _ = write!(params, ", {name}: i32");
            let _ = write!(args, ", {name}");
        }
        Arg::Double | Arg::FiniteDouble => {
            let _ = write!(params, ", {name}: f64");
            if matches!(kind, Arg::FiniteDouble) {
                let _ = write!(setup, "crate::idl::finite({name})?; ");
            }
            let _ = write!(args, ", {name}");
        }
        Arg::UnsignedShort => {
            let _ = write!(params, ", {name}: u16");
            let _ = write!(args, ", {name}");
        }
        Arg::Range => {
            let _ = write!(params, ", {name}: &Bound<'_, crate::range::PyRange>");
            let _ = write!(setup, "let a{k} = n.range(py, {name})?; ");
            let _ = write!(args, ", &a{k}");
        }
    }
}

/// The parameters of `r`'s arguments, each converted by [`param`] (a
/// variadic `DOMString...` as `*name`): the Rust parameters, the statements
/// that convert them, the dom-ecs call's arguments and the Python
/// signature's entries.
struct Params {
    params: String,
    setup: String,
    args: String,
    sig: Vec<String>,
}

/// A generated method's `signature = (...)`, and when a string argument
/// has a default (a `DomStr`, made with `.into()`: pyo3 shows no such
/// default) the `text_signature` Python sees.
fn signature(sig: &[String], self_arg: Option<&str>) -> String {
    let joined = sig.join(", ");
    if !joined.contains(".into()") {
        return format!("signature = ({joined})");
    }
    let python: Vec<String> = self_arg
        .map(str::to_owned)
        .into_iter()
        .chain(sig.iter().map(|p| match p.split_once(" = ") {
            Some((name, d)) => {
                let d = d.strip_suffix(".into()").unwrap_or(d);
                let d = match d {
                    "true" => "True".to_owned(),
                    "false" => "False".to_owned(),
                    d if d.starts_with('"') => format!("'{}'", d.trim_matches('"')),
                    d => d.to_owned(),
                };
                format!("{name}={d}")
            }
            None => p.clone(),
        }))
        .collect();
    format!(
        "signature = ({joined}), text_signature = \"({})\"",
        python.join(", ")
    )
}

fn params_of(model: &Model, r: &Resolved<'_>) -> Result<Params, String> {
    let mut p = Params {
        params: String::new(),
        setup: String::new(),
        args: String::new(),
        sig: Vec::new(),
    };
    for (k, a) in r.args.iter().enumerate() {
        let kind = arg_kind(model, a).map_err(|e| format!("{}: {e}", r.key()))?;
        let pname = param_name(&a.name);
        param(
            kind,
            &a.ty,
            &pname,
            k,
            &mut p.params,
            &mut p.setup,
            &mut p.args,
        );
        p.sig.push(match (kind, a.optional, a.default.as_deref()) {
            (Arg::Strings | Arg::Slottables, ..) => format!("*{pname}"),
            (Arg::SearchParamsInit | Arg::BodyInit, ..) => format!("{pname} = None"),
            (Arg::Dict, ..) => format!("{pname} = None, **members"),
            (Arg::Str | Arg::Usv, true, Some(d)) if d.starts_with('"') => {
                format!("{pname} = {d}.into()")
            }
            (Arg::Double, true, Some(d)) if d.parse::<f64>().is_ok() => {
                format!("{pname} = {:?}", d.parse::<f64>().unwrap_or(0.0))
            }
            (_, true, Some(d)) => format!("{pname} = {d}"),
            (_, true, None) => format!("{pname} = None"),
            _ => pname,
        });
    }
    Ok(p)
}

/// A parameter's Rust and Python name: the IDL name in snake case, with
/// `_` after a Rust keyword (`type_`).
pub(super) fn param_name(idl: &str) -> String {
    let name = snake(idl);
    if matches!(
        name.as_str(),
        "type" | "ref" | "match" | "in" | "fn" | "impl" | "mod" | "move" | "self" | "use" | "where"
    ) {
        format!("{name}_")
    } else {
        name
    }
}

/// The member's methods on the Python class of each interface that gets it.
pub(super) fn method(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    match r.receiver {
        Receiver::Event => return event_method(model, table, r, out),
        Receiver::Object(_) => return object_method(model, table, r, out),
        Receiver::Global => return constructor(model, table, r, out),
        Receiver::Value(kind) => return value_method(model, table, r, kind, out),
        Receiver::ValueConstructor(kind) | Receiver::Static(kind) => {
            return function_method(model, table, r, kind, out);
        }
        Receiver::PairIterable(_) => return pair_iterable(table, r, out),
        Receiver::Node => {}
    }
    let m = r.member;
    let b = r.binding;
    let key = r.key();
    let rust = &b.rust;
    for Target {
        interface: t,
        class,
        fn_name,
        doc,
    } in targets(table, r)
    {
        // The base class's own methods take `&self` (no cast to the base
        // handle); a subclass's take the bound object and reach its base.
        let (recv, head) = if t == "Node" {
            ("&self, py: Python<'_>", "let n = self;")
        } else {
            (
                "slf: &Bound<'_, Self>",
                "let (n, py) = (base(slf), slf.py());",
            )
        };
        let _ = writeln!(out, "#[pymethods]\nimpl {class} {{");
        match m.kind {
            MemberKind::Attribute { readonly } => {
                let call = if b.detach {
                    format!(
                        "{{ let doc = st.read(py)?; let id = n.id; py.detach(|| doc.{rust}(id{})) }}.or_raise(py)?",
                        b.leading()
                    )
                } else if b.interned {
                    // A name never changes: no batch to apply first.
                    format!("st.doc.{rust}(n.id{}).or_raise(py)?", b.leading())
                } else {
                    format!("st.read(py)?.{rust}(n.id{}).or_raise(py)?", b.leading())
                };
                let ret = returning(model, b, &m.ty, &call, false);
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[getter({ident})]\n    pub(crate) fn {fn_name}({recv}) -> PyResult<Py<PyAny>> {{\n        {head}\n        let mut st = n.shared.lock(py);\n        {ret}\n    }}",
                    ident = py_ident(&m.name),
                );
                if !readonly {
                    setter(model, r, &fn_name, recv, head, out)?;
                } else if let Some(fwd) = super::put_forwards(m) {
                    // `[PutForwards=x]`: a write sets the result's `x`.
                    let _ = writeln!(
                        out,
                        "    #[setter({ident})]\n    pub(crate) fn {fn_name}_set(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {{\n        slf.getattr(\"{name}\")?.setattr(\"{fwd}\", value)\n    }}",
                        name = m.name,
                        ident = py_ident(&m.name),
                    );
                }
            }
            MemberKind::Operation => operation(model, r, &fn_name, recv, head, &doc, out)?,
            MemberKind::Const => return Err(format!("{key}: constants need no row")),
        }
        let _ = writeln!(out, "}}\n");
    }
    Ok(())
}

/// A writable attribute's setter: recorded into an open batch when the
/// row names a recorder, else applied (after the batch, if one is open).
fn setter(
    model: &Model,
    r: &Resolved<'_>,
    fn_name: &str,
    recv: &str,
    head: &str,
    out: &mut String,
) -> Result<(), String> {
    let (m, b) = (r.member, r.binding);
    let kind = setter_kind(model, m).map_err(|e| format!("{}: {e}", r.key()))?;
    let (mut params, mut setup, mut args) = (String::new(), String::new(), b.set_args.clone());
    param(kind, "", "value", 0, &mut params, &mut setup, &mut args);
    let set = b.set.as_deref().unwrap_or_default();
    let record = match &b.record {
        Some(rec) => format!(
            "let DocState {{ doc, batch, .. }} = &mut *st;\n        if let Some(buf) = batch.as_mut() {{\n            return doc.{rec}(buf, n.id{args}).or_raise(py);\n        }}\n        "
        ),
        None => String::new(),
    };
    let gc = if b.gc {
        "st.doc.maybe_collect_garbage();\n        "
    } else {
        ""
    };
    let call = if b.detach {
        format!(
            "{{ let doc = st.read(py)?; let id = n.id; py.detach(|| doc.{set}(id{args})) }}.or_raise(py)?"
        )
    } else {
        format!("st.read(py)?.{set}(n.id{args}).or_raise(py)?")
    };
    let _ = writeln!(
        out,
        "    #[setter({ident})]\n    pub(crate) fn {fn_name}_set({recv}{params}) -> PyResult<()> {{\n        {head}\n        {setup}let mut st = n.shared.lock(py);\n        {record}{gc}{call};\n        Ok(())\n    }}",
        ident = py_ident(&m.name),
    );
    Ok(())
}

/// An operation, its parameters named as in the IDL (snake case).
fn operation(
    model: &Model,
    r: &Resolved<'_>,
    fn_name: &str,
    recv: &str,
    head: &str,
    doc: &str,
    out: &mut String,
) -> Result<(), String> {
    let (m, b) = (r.member, r.binding);
    let rust = &b.rust;
    let (mut params, mut setup, mut args) = (String::new(), String::new(), String::new());
    let mut sig = Vec::new();
    let mut same = String::new();
    let mut variadic = false;
    for (k, a) in r.args.iter().enumerate() {
        let mut kind = arg_kind(model, a).map_err(|e| format!("{}: {e}", r.key()))?;
        if b.foreign && kind == Arg::NullableNode {
            kind = Arg::ForeignIsNull;
        }
        let pname = param_name(&a.name);
        if kind == Arg::NodesOrStrings {
            variadic = true;
            sig.push(format!("*{pname}"));
            let _ = write!(params, ", {pname}: &Bound<'_, PyTuple>");
            continue;
        }
        param(kind, &a.ty, &pname, k, &mut params, &mut setup, &mut args);
        // A node result that is a node argument (`appendChild` returns
        // its argument) is that very Python object: no new handle.
        if kind == Arg::Node && is_node_type(model, &m.ty) && !m.ty.ends_with('?') {
            let _ = write!(
                same,
                "\n        if r == a{k} {{ return Ok({pname}.clone().into_any().unbind()); }}"
            );
        }
        let default = a.default.as_deref().map(|d| match d {
            "null" => "None".to_owned(),
            other => other.to_owned(),
        });
        sig.push(match (a.optional, default) {
            _ if kind == Arg::Dict => format!("{pname} = None, **members"),
            _ if kind == Arg::Slottables => format!("*{pname}"),
            (true, Some(d)) => format!("{pname} = {d}"),
            (true, None) => format!("{pname} = None"),
            _ => pname,
        });
    }
    let _ = writeln!(
        out,
        "    {doc}\n    #[pyo3(name = \"{name}\", {sig})]",
        name = m.name,
        sig = signature(&sig, Some("$self")),
    );
    if variadic {
        let tuple = snake(&r.args[0].name);
        let _ = writeln!(
            out,
            "    pub(crate) fn {fn_name}(slf: &Bound<'_, Self>{params}) -> PyResult<()> {{\n        base(slf).mixin(slf.py(), {tuple}, Document::{rust})\n    }}"
        );
    } else {
        // A read of the id index applies a batch only if it changed ids.
        let read = if b.ids { "read_ids" } else { "read" };
        let call = if b.detach {
            format!(
                "{{ let doc = st.{read}(py)?; let id = n.id; py.detach(|| doc.{rust}(id{args})) }}.or_raise(py)?"
            )
        } else {
            format!("st.{read}(py)?.{rust}(n.id{args}).or_raise(py)?")
        };
        let ret = returning_or(model, b, &m.ty, &call, b.gc, &same);
        let record = match &b.record {
            Some(rec) => format!(
                "let DocState {{ doc, batch, .. }} = &mut *st;\n        if let Some(buf) = batch.as_mut() {{\n            doc.{rec}(buf, n.id{args}).or_raise(py)?;\n            return Ok(py.None());\n        }}\n        "
            ),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "    pub(crate) fn {fn_name}({recv}{params}) -> PyResult<Py<PyAny>> {{\n        {head}\n        {setup}let mut st = n.shared.lock(py);\n        {record}{ret}\n    }}"
        );
    }
    Ok(())
}

/// The constants of `interface`, as class attributes of `class`.
pub(super) fn constants(
    model: &Model,
    interface: &str,
    class: &str,
    out: &mut String,
) -> Result<(), String> {
    let mut body = String::new();
    for c in super::constants(model, interface) {
        let ty = const_rust_type(&c.ty).map_err(|e| format!("{interface}.{}: {e}", c.name))?;
        let value = c.value.as_deref().unwrap_or_default();
        let _ = writeln!(
            body,
            "    /// `{interface}.{name}` (from the IDL)\n    #[classattr]\n    const {name}: {ty} = {value};",
            name = c.name,
        );
    }
    if !body.is_empty() {
        let _ = writeln!(out, "#[pymethods]\nimpl {class} {{\n{body}}}\n");
    }
    Ok(())
}

/// A member of `Event` (or an interface inheriting from it) on its Python
/// class: it reads or changes the event's state (`PyEvent::read`,
/// `write`: the document's once the event is dispatched) with the row's
/// `EventState` method.
fn event_method(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    let (m, b) = (r.member, r.binding);
    let key = r.key();
    let err = |e: String| format!("{key}: {e}");
    for Target {
        interface: _,
        class,
        fn_name,
        doc,
    } in targets(table, r)
    {
        let _ = writeln!(out, "#[pymethods]\nimpl {class} {{");
        match m.kind {
            MemberKind::Attribute { readonly } => {
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[getter({name})]\n    pub(crate) fn {fn_name}(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {{\n        let r = self.read(py, |e| e.{rust}().to_owned())?;\n        EventResult::to_py(r, self, py)\n    }}",
                    // (A Rust keyword is a raw identifier there.)
                    name = if m.name == "type" {
                        "r#type"
                    } else {
                        m.name.as_str()
                    },
                    rust = b.rust,
                );
                if !readonly {
                    let kind = setter_kind(model, m).map_err(err)?;
                    let (mut params, mut setup, mut args) =
                        (String::new(), String::new(), String::new());
                    param(kind, "", "value", 0, &mut params, &mut setup, &mut args);
                    let set = b.set.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "    #[setter({ident})]\n    pub(crate) fn {fn_name}_set(&self, py: Python<'_>{params}) -> PyResult<()> {{\n        {setup}self.write(py, |e| e.{set}({args}))\n    }}",
                        ident = py_ident(&m.name),
                        args = args.trim_start_matches(", "),
                    );
                }
            }
            MemberKind::Operation => {
                let Params {
                    params,
                    setup,
                    args,
                    sig,
                } = params_of(model, r)?;
                let body = if m.ty == "undefined" {
                    "self.write(py, |e| e.{rust}({args}))?;\n        Ok(py.None())"
                } else {
                    "let r = self.write(py, |e| e.{rust}({args}))?;\n        EventResult::to_py(r, self, py)"
                };
                let body = body
                    .replace("{rust}", &b.rust)
                    .replace("{args}", args.trim_start_matches(", "));
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[pyo3(name = \"{name}\", {sig})]\n    pub(crate) fn {fn_name}(&self, py: Python<'_>{params}) -> PyResult<Py<PyAny>> {{\n        {setup}{body}\n    }}",
                    name = m.name,
                    sig = signature(&sig, Some("$self")),
                );
            }
            MemberKind::Const => return Err(format!("{key}: constants need no row")),
        }
        let _ = writeln!(out, "}}\n");
    }
    Ok(())
}

/// A member of an interface whose objects are made of a dom-ecs value
/// (`DOMTokenList`, `NodeList`, `HTMLCollection`, `NamedNodeMap`, `Attr`),
/// on its Python class:
/// the class's `IdlObject` gives the document and the value, whose method
/// the row names (after any pending batch is applied; with `record=`, a
/// batch records the write instead when that method says it can).
fn object_method(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    let (m, b) = (r.member, r.binding);
    let key = r.key();
    let err = |e: String| format!("{key}: {e}");
    for Target {
        interface: _,
        class,
        fn_name,
        doc,
    } in targets(table, r)
    {
        // (`n` checks that node and range arguments are of this world.)
        let pre = |setup: &str| {
            let n = if setup.contains("n.") {
                "let n = SameWorld(&shared);\n        "
            } else {
                ""
            };
            format!("let py = slf.py();\n        let shared = IdlObject::shared(slf);\n        {n}")
        };
        let head = "let mut st = shared.lock(py);";
        let convert = |ty: &str| {
            if ty == "undefined" {
                "Ok(py.None())".to_owned()
            } else if is_document_object(model, ty) {
                "IdlToPy::to_py(r, &shared, py, &mut st)".to_owned()
            } else {
                "IdlValue::value(r, py)".to_owned()
            }
        };
        // (A unit result is bound to no name.)
        let call = |rust: &str, args: &str, ty: &str| {
            let bind = if ty == "undefined" { "" } else { "let r = " };
            format!(
                "let d = st.read(py)?;\n        {bind}IdlObject::with_receiver(slf, |o| o.{rust}(d{args})).or_raise(py)?;"
            )
        };
        if b.record.is_some() && is_document_object(model, &m.ty) {
            return Err(format!("{key}: a recorded write returns no node"));
        }
        let record = |args: &str, ty: &str| match &b.record {
            Some(rec) => format!(
                "{{\n            let DocState {{ doc, batch, .. }} = &mut *st;\n            if let Some(buf) = batch.as_mut() && let Some({}) = IdlObject::with_receiver(slf, |o| o.{rec}(doc, buf{args})).or_raise(py)? {{\n                return {};\n            }}\n        }}\n        ",
                if ty == "undefined" { "()" } else { "r" },
                convert(ty)
            ),
            None => String::new(),
        };
        let _ = writeln!(out, "#[pymethods]\nimpl {class} {{");
        match m.kind {
            MemberKind::Attribute { readonly } => {
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[getter({ident})]\n    pub(crate) fn {fn_name}(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {{\n        {pre}{head}\n        {call}\n        {ret}\n    }}",
                    pre = pre(""),
                    ident = py_ident(&m.name),
                    call = call(&b.rust, "", &m.ty),
                    ret = convert(&m.ty),
                );
                if !readonly {
                    let kind = setter_kind(model, m).map_err(err)?;
                    let (mut params, mut setup, mut args) =
                        (String::new(), String::new(), String::new());
                    param(kind, "", "value", 0, &mut params, &mut setup, &mut args);
                    let set = b.set.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "    #[setter({ident})]\n    pub(crate) fn {fn_name}_set(slf: &Bound<'_, Self>{params}) -> PyResult<()> {{\n        {pre}{setup}{head}\n        {call}\n        Ok(())\n    }}",
                        pre = pre(&setup),
                        ident = py_ident(&m.name),
                        call = call(set, &args, "undefined"),
                    );
                }
            }
            MemberKind::Operation => {
                let Params {
                    params,
                    setup,
                    args,
                    sig,
                } = params_of(model, r)?;
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[pyo3(name = \"{name}\", {sig})]\n    pub(crate) fn {fn_name}(slf: &Bound<'_, Self>{params}) -> PyResult<Py<PyAny>> {{\n        {pre}{setup}{head}\n        {record}{call}\n        {ret}\n    }}",
                    pre = pre(&setup),
                    name = m.name,
                    sig = signature(&sig, Some("$self")),
                    record = record(&args, &m.ty),
                    call = call(&b.rust, &args, &m.ty),
                    ret = convert(&m.ty),
                );
                // WebIDL's stringifier is Python's `str()` as well.
                if m.ext.iter().any(|e| e == "stringifier") {
                    let _ = writeln!(
                        out,
                        "    fn __str__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {{\n        Self::{fn_name}(slf)\n    }}"
                    );
                }
            }
            MemberKind::Const => return Err(format!("{key}: constants need no row")),
        }
        let _ = writeln!(out, "}}\n");
    }
    Ok(())
}

/// A member of an interface whose objects belong to no document (`URL`)
/// on its Python class: a method of the value the object is made of
/// (`IdlValueObject::receiver`).
fn value_method(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    kind: super::ValueKind,
    out: &mut String,
) -> Result<(), String> {
    let (m, b) = (r.member, r.binding);
    let key = r.key();
    let _ = kind;
    for Target {
        interface: _,
        class,
        fn_name,
        doc,
    } in targets(table, r)
    {
        let call = |rust: &str, args: &str| {
            format!(
                "IdlValueObject::receiver(self).{rust}({}).or_raise(py)?",
                args.trim_start_matches(", ")
            )
        };
        let _ = writeln!(out, "#[pymethods]\nimpl {class} {{");
        match m.kind {
            MemberKind::Attribute { readonly } => {
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[getter({ident})]\n    pub(crate) fn {fn_name}(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {{\n        let r = {call};\n        IdlValue::value(r, py)\n    }}",
                    ident = py_ident(&m.name),
                    call = call(&b.rust, ""),
                );
                if m.ext.iter().any(|e| e == "stringifier") {
                    let _ = writeln!(
                        out,
                        "    fn __str__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {{\n        self.{fn_name}(py)\n    }}"
                    );
                }
                if !readonly {
                    let kind = setter_kind(model, m).map_err(|e| format!("{key}: {e}"))?;
                    let (mut params, mut setup, mut args) =
                        (String::new(), String::new(), String::new());
                    param(kind, "", "value", 0, &mut params, &mut setup, &mut args);
                    let set = b.set.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "    #[setter({ident})]\n    pub(crate) fn {fn_name}_set(&self, py: Python<'_>{params}) -> PyResult<()> {{\n        {setup}{call};\n        Ok(())\n    }}",
                        ident = py_ident(&m.name),
                        call = call(set, &args),
                    );
                }
            }
            MemberKind::Operation => {
                let Params {
                    params,
                    setup,
                    args,
                    sig,
                } = params_of(model, r)?;
                let ret = if m.ty == "undefined" {
                    format!("{};\n        Ok(py.None())", call(&b.rust, &args))
                } else if m.ty == "ArrayBufferView" {
                    // (The buffer it filled, as passed.)
                    let first = r
                        .args
                        .first()
                        .map(|a| param_name(&a.name))
                        .unwrap_or_default();
                    format!(
                        "{};\n        Ok({first}.clone().unbind())",
                        call(&b.rust, &args)
                    )
                } else {
                    format!(
                        "let r = {};\n        IdlValue::value(r, py)",
                        call(&b.rust, &args)
                    )
                };
                let _ = writeln!(
                    out,
                    "    {doc}\n    #[pyo3(name = \"{name}\", {sig})]\n    pub(crate) fn {fn_name}(&self, py: Python<'_>{params}) -> PyResult<Py<PyAny>> {{\n        {setup}{ret}\n    }}",
                    name = m.name,
                    sig = signature(&sig, Some("$self")),
                );
                if m.ext.iter().any(|e| e == "stringifier") {
                    let _ = writeln!(
                        out,
                        "    fn __str__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {{\n        self.{fn_name}(py)\n    }}"
                    );
                }
            }
            MemberKind::Const => return Err(format!("{key}: constants need no row")),
        }
        let _ = writeln!(out, "}}\n");
    }
    Ok(())
}

/// The constructor (`__new__`) or a static method of an interface whose
/// objects belong to no document: an associated function of the value's
/// type (`UrlObject::new`).
fn function_method(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    kind: super::ValueKind,
    out: &mut String,
) -> Result<(), String> {
    let b = r.binding;
    let key = r.key();
    let Some((_, class)) = table.py_classes.iter().find(|(i, _)| *i == b.owner) else {
        return Ok(());
    };
    let Params {
        params,
        setup,
        args,
        sig,
    } = params_of(model, r)?;
    let ty = kind.rust_type();
    let call = format!(
        "{ty}::{rust}({}).or_raise(py)?",
        args.trim_start_matches(", "),
        rust = b.rust
    );
    let snake_owner = snake(&b.owner);
    if r.receiver == Receiver::ValueConstructor(kind) {
        let _ = writeln!(
            out,
            "#[pymethods]\nimpl {class} {{\n    /// `{owner}(...)` (generated from the IDL: `{key}`).\n    #[new]\n    #[pyo3({sig})]\n    pub(crate) fn idl_{snake_owner}_constructor(py: Python<'_>{params}) -> PyResult<pyo3::PyClassInitializer<Self>> {{\n        {setup}let r = {call};\n        Ok(IdlValueObject::initializer(r))\n    }}\n}}\n",
            owner = b.owner,
            sig = signature(&sig, Some("$cls")),
        );
    } else {
        let name = &r.member.name;
        let _ = writeln!(
            out,
            "#[pymethods]\nimpl {class} {{\n    /// `{owner}.{name}(...)` (generated from the IDL: `{key}`), a static method.\n    #[staticmethod]\n    #[pyo3(name = \"{name}\", {sig})]\n    pub(crate) fn idl_{snake_owner}_{snake_name}(py: Python<'_>{params}) -> PyResult<Py<PyAny>> {{\n        {setup}let r = {call};\n        IdlValue::value(r, py)\n    }}\n}}\n",
            owner = b.owner,
            sig = signature(&sig, None),
            snake_name = snake(name),
        );
    }
    Ok(())
}

/// A pair iterable (`iterable<K, V>`) on its Python class: `entries()`,
/// `keys()`, `values()`, `forEach(callback)` and `iter()` (the entries),
/// each iterator stepping with the row's method, so it sees changes made
/// while it runs, as WebIDL's iterators do.
fn pair_iterable(table: &Table, r: &Resolved<'_>, out: &mut String) -> Result<(), String> {
    let b = r.binding;
    let Some((_, class)) = table.py_classes.iter().find(|(i, _)| *i == b.owner) else {
        return Ok(());
    };
    let owner = &b.owner;
    let step = |kind: &str| {
        format!(
            "let o = IdlValueObject::receiver(self).clone();\n        crate::values::PairIterator::new(Box::new(move |i| o.{rust}(i)), crate::values::PairKind::{kind})",
            rust = b.rust
        )
    };
    let _ = writeln!(
        out,
        "#[pymethods]\nimpl {class} {{\n    /// `entries()` (generated from the IDL: `{owner}`'s `iterable<K, V>`): (name, value) pairs.\n    #[pyo3(name = \"entries\")]\n    pub(crate) fn idl_entries(&self) -> crate::values::PairIterator {{\n        {entries}\n    }}\n    /// `keys()`: the names.\n    #[pyo3(name = \"keys\")]\n    pub(crate) fn idl_keys(&self) -> crate::values::PairIterator {{\n        {keys}\n    }}\n    /// `values()`: the values.\n    #[pyo3(name = \"values\")]\n    pub(crate) fn idl_values(&self) -> crate::values::PairIterator {{\n        {values}\n    }}\n    /// `iter()`: the (name, value) pairs, as `entries()`.\n    fn __iter__(&self) -> crate::values::PairIterator {{\n        {entries}\n    }}\n    /// `forEach(callback)`: `callback(value, name, self)` for each pair.\n    #[pyo3(name = \"forEach\")]\n    pub(crate) fn idl_for_each(slf: &Bound<'_, Self>, callback: &Bound<'_, PyAny>) -> PyResult<()> {{\n        let o = IdlValueObject::receiver(slf.get()).clone();\n        let mut i = 0;\n        while let Some((k, v)) = o.{rust}(i).or_raise(slf.py())? {{\n            callback.call1((v, k, slf))?;\n            i += 1;\n        }}\n        Ok(())\n    }}\n}}\n",
        entries = step("Entries"),
        keys = step("Keys"),
        values = step("Values"),
        rust = b.rust,
    );
    Ok(())
}

/// A constructor as the class's `__new__`: the node is made in `document`
/// when given, else in the calling module's global `document` (a page
/// script's is the page's: WebIDL's "current global object").
fn constructor(
    model: &Model,
    table: &Table,
    r: &Resolved<'_>,
    out: &mut String,
) -> Result<(), String> {
    let b = r.binding;
    let key = r.key();
    let Some((_, class)) = table.py_classes.iter().find(|(i, _)| *i == b.owner) else {
        return Ok(());
    };
    let Params {
        params,
        setup,
        args,
        mut sig,
    } = params_of(model, r)?;
    sig.push("*".to_owned());
    sig.push("document = None".to_owned());
    let gc = if b.gc {
        "st.doc.maybe_collect_garbage();\n        "
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "#[pymethods]\nimpl {class} {{\n    /// `{owner}(...)` (generated from the IDL: `{key}`): a node of `document`, or of the calling module's global `document`.\n    #[new]\n    #[pyo3({sig})]\n    pub(crate) fn idl_{snake}_constructor(py: Python<'_>{params}, document: Option<&Bound<'_, PyDocument>>) -> PyResult<PyClassInitializer<Self>> {{\n        let doc = global_document(py, document)?;\n        let n = base(&doc);\n        {setup}let mut st = n.shared.lock(py);\n        {gc}let r = st.read(py)?.{rust}(n.id{args}).or_raise(py)?;\n        Construct::construct(r, py, &n.shared, &mut st)\n    }}\n}}\n",
        owner = b.owner,
        sig = signature(&sig, Some("$cls")),
        snake = snake(&b.owner),
        rust = b.rust,
    );
    Ok(())
}

/// Event handler IDL attributes (`onclick`...) on Python class `class`:
/// a callable or None, kept by dom-ecs as the handler's listener.
pub(super) fn event_handlers(names: &[&str], class: &str, out: &mut String) {
    if names.is_empty() {
        return;
    }
    let _ = writeln!(out, "#[pymethods]\nimpl {class} {{");
    for name in names {
        let kind = &name[2..];
        let _ = writeln!(
            out,
            "    /// `{name}` (generated from the IDL: an event handler).\n    #[getter({name})]\n    fn idl_{name}(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {{\n        crate::target::event_handler_get(slf.as_any(), \"{kind}\")\n    }}\n    #[setter({name})]\n    fn idl_{name}_set(slf: &Bound<'_, Self>, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {{\n        crate::target::event_handler_set(slf.as_any(), \"{kind}\", value)\n    }}"
        );
    }
    let _ = writeln!(out, "}}\n");
}
