//! Writes the event handler names of the HTML Standard's IDL
//! (`conformance/wpt/interfaces/html.idl`) for the content attributes
//! (`onclick="..."`): the names are declared once, in the IDL.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("..");
    let path = root.join("conformance/wpt/interfaces/html.idl");
    println!("cargo:rerun-if-changed={}", path.display());
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let model = webidl::Model::from_sources(&[("html.idl", &html)])
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
}
