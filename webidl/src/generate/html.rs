//! The HTML element interfaces (`webidl/html-elements.txt`): a class per
//! interface in each language, each an `HTMLElement` (`HTMLElement` and
//! `HTMLUnknownElement` too), in the class-code order dom-ecs's lookup
//! gives (0 `HTMLElement`, 1 `HTMLUnknownElement`, 2 + k the k-th).

use std::fmt::Write as _;

/// The interfaces of the classes made here, in class-code order.
fn all(html: &[String]) -> impl Iterator<Item = &str> {
    ["HTMLElement", "HTMLUnknownElement"]
        .into_iter()
        .chain(html.iter().map(String::as_str))
}

/// A Python class's Rust type.
pub(super) fn py_type(interface: &str) -> String {
    format!("Py{interface}")
}

/// JS: the classes (`HTMLElement` is the prelude's), the object of them
/// the window exposes (`htmlGlobals`), and the classes by code
/// (`htmlByCode`).
pub(super) fn js_classes(html: &[String], out: &mut String) {
    let _ = writeln!(
        out,
        "  // The HTML element interfaces (webidl/html-elements.txt)."
    );
    for i in all(html).skip(1) {
        // ([HTMLConstructor]: the prelude's `htmlConstructor` with this
        // interface as the active function object.)
        let _ = writeln!(
            out,
            "  class {i} extends HTMLElement {{ constructor() {{ return htmlConstructor(new.target, {i}); }} }}"
        );
    }
    let names: Vec<&str> = all(html).skip(1).collect();
    let _ = writeln!(out, "  const htmlGlobals = {{ {} }};", names.join(", "));
    let codes: Vec<&str> = all(html).collect();
    let _ = writeln!(out, "  const htmlByCode = [{}];", codes.join(", "));
}

/// Python: the classes (`HTMLElement` extends `Element`, every other
/// `HTMLElement`), how a node's object of each is built, the object of an
/// HTML element by class code (`html_object`), and their registration in
/// the module (`add_html_classes`).
pub(super) fn py_classes(html: &[String], out: &mut String) {
    for (k, i) in all(html).enumerate() {
        let (parent, chain, subclass) = if k == 0 {
            ("PyElement", "", "subclass, ")
        } else {
            ("PyHTMLElement", ".add_subclass(PyHTMLElement)", "")
        };
        let ty = py_type(i);
        let _ = writeln!(
            out,
            "/// `{i}` (webidl/html-elements.txt).\n#[pyclass(frozen, {subclass}extends = {parent}, module = \"ecsdom\", name = \"{i}\")]\n#[derive(Default)]\npub struct {ty};\n\nimpl crate::node::NodeClass for {ty} {{\n    fn initializer(node: PyNode) -> PyClassInitializer<Self> {{\n        PyClassInitializer::from(crate::target::PyEventTarget::of_node())\n            .add_subclass(node)\n            .add_subclass(PyElement){chain}\n            .add_subclass({ty})\n    }}\n}}\n"
        );
    }
    let _ = writeln!(
        out,
        "/// The object of `node`, an HTML element of class code `code`\n/// (`Document::html_interface`).\npub(crate) fn html_object(py: Python<'_>, code: u16, node: PyNode) -> PyResult<Py<PyAny>> {{\n    match code {{"
    );
    for (k, i) in all(html).enumerate().skip(1) {
        let _ = writeln!(
            out,
            "        {k} => crate::node::object::<{}>(py, node),",
            py_type(i)
        );
    }
    let _ = writeln!(
        out,
        "        _ => crate::node::object::<PyHTMLElement>(py, node),\n    }}\n}}\n"
    );
    let _ = writeln!(
        out,
        "/// Add the HTML element classes to the module.\npub(crate) fn add_html_classes(m: &Bound<'_, PyModule>) -> PyResult<()> {{"
    );
    for i in all(html) {
        let _ = writeln!(out, "    m.add_class::<{}>()?;", py_type(i));
    }
    let _ = writeln!(out, "    Ok(())\n}}\n");
}

/// A Python stub type of an IDL type.
fn stub_type(ty: &str) -> Result<String, String> {
    if let Some(inner) = ty.strip_suffix('?') {
        return Ok(format!("{} | None", stub_type(inner)?));
    }
    Ok(match ty {
        "DOMString" | "USVString" => "str".to_owned(),
        "boolean" => "bool".to_owned(),
        "long" | "unsigned long" | "unsigned short" | "short" => "int".to_owned(),
        "undefined" => "None".to_owned(),
        // (Made as the HTMLCollection they inherit from.)
        "HTMLOptionsCollection" | "HTMLFormControlsCollection" => "HTMLCollection".to_owned(),
        "Node"
        | "Element"
        | "Text"
        | "DOMStringMap"
        | "CSSStyleDeclaration"
        | "DOMTokenList"
        | "CSSStyleSheet" => ty.to_owned(),
        "(Element or Text)" => "Element | Text".to_owned(),
        t if t.starts_with("sequence<") && t.ends_with('>') => {
            format!("list[{}]", stub_type(&t[9..t.len() - 1])?)
        }
        t if t.starts_with("HTML") => t.to_owned(),
        other => return Err(format!("no Python stub type for {other}")),
    })
}

/// The stub lines of one generated member.
fn stub_member(
    m: &crate::Member,
    is_dict: &dyn Fn(&str) -> bool,
    out: &mut String,
) -> Result<(), String> {
    let t = stub_type(&m.ty)?;
    match m.kind {
        crate::MemberKind::Attribute { readonly } => {
            let _ = writeln!(out, "    @property\n    def {}(self) -> {t}: ...", m.name);
            if !readonly {
                let _ = writeln!(
                    out,
                    "    @{n}.setter\n    def {n}(self, value: {t}) -> None: ...",
                    n = m.name
                );
            } else if super::put_forwards(m).is_some() {
                // `[PutForwards=x]`: a write sets the result's `x` (a string
                // for every such attribute bound here).
                let _ = writeln!(
                    out,
                    "    @{n}.setter\n    def {n}(self, value: str) -> None: ...",
                    n = m.name
                );
            }
        }
        crate::MemberKind::Operation => {
            let mut params = vec!["self".to_owned()];
            for a in &m.args {
                let name = super::py::param_name(&a.name);
                if is_dict(&a.ty) {
                    // A mapping, or the members as keyword arguments.
                    params.push(format!("{name}: dict[str, object] | None = None"));
                    params.push("**members: object".to_owned());
                    continue;
                }
                let mut p = format!("{name}: {}", stub_type(&a.ty)?);
                if a.variadic {
                    p.insert(0, '*');
                } else if a.optional && a.default.is_none() && a.ty.ends_with("String") {
                    // (Absent is None: `optional DOMString` with no default.)
                    p.push_str(" | None = None");
                } else if a.optional {
                    p.push_str(" = ...");
                }
                params.push(p);
            }
            let _ = writeln!(out, "    def {}({}) -> {t}: ...", m.name, params.join(", "));
        }
        crate::MemberKind::Const => {}
    }
    Ok(())
}

/// The Python stub of the HTML element classes (`_native.pyi`'s
/// generated part) and the module that exports them (`ecsdom/_html.py`).
/// `members` are the generated attributes of each class, `handlers` its
/// own event handlers, `extras` the classes whose hand-written members
/// the hand-written stub declares as `_{Interface}Extras`.
pub(super) fn py_stub(
    html: &[String],
    members: &std::collections::BTreeMap<String, Vec<crate::Member>>,
    handlers: &dyn Fn(&str) -> Vec<String>,
    constants: &dyn Fn(&str) -> Vec<String>,
    is_dict: &dyn Fn(&str) -> bool,
    extras: &[String],
) -> Result<(String, String), String> {
    let mut stub = String::new();
    for (k, i) in all(html).enumerate() {
        let mut bases = vec![if k == 0 { "Element" } else { "HTMLElement" }.to_owned()];
        if k == 0 {
            bases.push("_EventHandlers".to_owned());
        }
        if extras.iter().any(|e| e == i) {
            bases.push(format!("_{i}Extras"));
        }
        if k > 0 {
            stub.push_str("@final\n");
        }
        let _ = writeln!(stub, "class {i}({}):", bases.join(", "));
        let mut body = String::new();
        for c in constants(i) {
            let _ = writeln!(body, "    {c}: int");
        }
        for m in members.get(i).into_iter().flatten() {
            stub_member(m, is_dict, &mut body).map_err(|e| format!("{i}.{}: {e}", m.name))?;
        }
        if k > 0 {
            for name in handlers(i) {
                let t = "Callable[[Event], object] | None";
                let _ = writeln!(
                    body,
                    "    @property\n    def {name}(self) -> {t}: ...\n    @{name}.setter\n    def {name}(self, value: {t}) -> None: ..."
                );
            }
        }
        if body.is_empty() {
            body.push_str("    ...\n");
        }
        stub.push_str(&body);
        stub.push('\n');
    }
    let names: Vec<&str> = all(html).collect();
    let _ = writeln!(
        stub,
        "__all__ += [\n{}\n]",
        names
            .iter()
            .map(|n| format!("    \"{n}\","))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let module = format!(
        "\"\"\"The HTML element interfaces (https://html.spec.whatwg.org/#elements-3), one\nclass each, every one an ``HTMLElement``.\n\nGenerated from webidl/html-elements.txt and webidl/bindings.txt by\n``make generated``: do not edit.\n\"\"\"\n\nfrom ecsdom._native import (\n{}\n)\n\n__all__ = [\n{}\n]\n",
        names
            .iter()
            .map(|n| format!("    {n},"))
            .collect::<Vec<_>>()
            .join("\n"),
        names
            .iter()
            .map(|n| format!("    \"{n}\","))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    Ok((stub, module))
}
