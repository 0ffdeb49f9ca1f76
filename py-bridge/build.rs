//! Link arguments for binaries and tests that embed the interpreter (an
//! rpath to the LIBDIR of the Python pyo3 was configured with, so the
//! embedded interpreter is that Python, not a system libpython of the same
//! version with another stdlib and site-packages), and the Python methods
//! generated from the DOM Standard's IDL and the binding table
//! (`webidl/bindings.txt`).

use std::path::PathBuf;

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("..");
    let idl = root.join("conformance/wpt/interfaces/dom.idl");
    let table = root.join("webidl/bindings.txt");
    for p in [&idl, &table] {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    let read =
        |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let model =
        webidl::Model::from_sources(&[("dom.idl", &read(&idl))]).unwrap_or_else(|e| panic!("{e}"));
    let table = webidl::generate::Table::parse(&read(&table))
        .unwrap_or_else(|e| panic!("webidl/bindings.txt: {e}"));
    let generated = webidl::generate::generate(&model, &table)
        .unwrap_or_else(|e| panic!("webidl/bindings.txt: {e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("idl_methods.rs"), generated.py_methods).expect("OUT_DIR is writable");
}
