//! Writes the event handler names of the HTML Standard's IDL
//! (`conformance/wpt/interfaces/html.idl`) for the content attributes
//! (`onclick="..."`): the names are declared once, in the IDL; and the
//! lookup of an HTML element's interface from `webidl/html-elements.txt`;
//! and the dictionaries of `webidl/bindings.txt`'s members as Rust types.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("..");
    let path = root.join("conformance/wpt/interfaces/html.idl");
    println!("cargo:rerun-if-changed={}", path.display());
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // (CSS Animations' and Transitions' handlers are `GlobalEventHandlers`'.)
    let css_path = root.join("webidl/css-events.idl");
    println!("cargo:rerun-if-changed={}", css_path.display());
    let css = std::fs::read_to_string(&css_path)
        .unwrap_or_else(|e| panic!("{}: {e}", css_path.display()));
    // (Touch Events' handlers too: ecsdom exposes the legacy touch APIs.)
    let touch_path = root.join("webidl/create-event.idl");
    println!("cargo:rerun-if-changed={}", touch_path.display());
    let touch = std::fs::read_to_string(&touch_path)
        .unwrap_or_else(|e| panic!("{}: {e}", touch_path.display()));
    let model = webidl::Model::from_sources(&[
        ("html.idl", &html),
        ("css-events.idl", &css),
        ("create-event.idl", &touch),
    ])
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list = |interface: &str| {
        let mut names: Vec<String> = webidl::generate::event_handlers(&model, interface)
            .iter()
            .map(|n| format!("{:?}", n.strip_prefix("on").unwrap_or(n)))
            .collect();
        names.sort();
        names.join(", ")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// The event handlers of HTML elements (`GlobalEventHandlers`), by the\n/// event type each is named after.\npub(crate) const ELEMENT_HANDLERS: &[&str] = &[{}];",
        list("HTMLElement")
    );
    let _ = writeln!(
        out,
        "/// `WindowEventHandlers`' event types (on `body` and `frameset`, the\n/// window's).\npub(crate) const WINDOW_HANDLERS: &[&str] = &[{}];",
        list("HTMLBodyElement")
    );
    let file =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("handler_names.rs");
    std::fs::write(&file, out).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    html_interfaces(&root);
    dictionaries(&root);
}

/// Writes the dictionaries the bound members take (and the enumerations
/// their members name) as Rust types: `dom_ecs::dict`.
fn dictionaries(root: &std::path::Path) {
    let generated = webidl::generate::generate_from_files(
        &root.join("conformance/wpt/interfaces"),
        &root.join("webidl/bindings.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let file = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("dict.rs");
    std::fs::write(&file, generated.dom_types)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
}

/// Writes the HTML element interfaces (`webidl/html-elements.txt`) as
/// `HTML_INTERFACES` and the lookup of an element's class code by its
/// local name, one `match`.
fn html_interfaces(root: &std::path::Path) {
    let path = root.join("webidl/html-elements.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (interfaces, plain) =
        webidl::html_elements(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = String::new();
    let names: Vec<String> = interfaces.iter().map(|i| format!("{:?}", i.name)).collect();
    let _ = writeln!(
        out,
        "/// The HTML element interfaces with elements of their own, in class-code\n/// order (the k-th has code 2 + k).\npub const HTML_INTERFACES: &[&str] = &[{}];\n",
        names.join(", ")
    );
    let _ = writeln!(
        out,
        "/// The class code of an HTML element named `local`: 0 `HTMLElement`, 1\n/// `HTMLUnknownElement`, 2 + k the k-th of [`HTML_INTERFACES`].\n#[must_use]\npub fn html_interface_code(local: &str) -> u16 {{\n    match local {{"
    );
    for (k, i) in interfaces.iter().enumerate() {
        let tags: Vec<String> = i.elements.iter().map(|e| format!("{e:?}")).collect();
        let _ = writeln!(out, "        {} => {},", tags.join(" | "), k + 2);
    }
    let tags: Vec<String> = plain.iter().map(|e| format!("{e:?}")).collect();
    let _ = writeln!(out, "        {} => 0,", tags.join(" | "));
    let _ = writeln!(
        out,
        "        // A custom element name (with a hyphen) is an HTMLElement.\n        _ if local.contains('-') => 0,\n        _ => 1,\n    }}\n}}"
    );
    let file =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("html_interfaces.rs");
    std::fs::write(&file, out).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
}
