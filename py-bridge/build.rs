//! Link arguments for binaries and tests that embed the interpreter (an
//! rpath to the LIBDIR of the Python pyo3 was configured with, so the
//! embedded interpreter is that Python, not a system libpython of the same
//! version with another stdlib and site-packages), and the Python methods
//! generated from the DOM and HTML Standards' IDL and the binding table
//! (`webidl/bindings.txt`).

use std::path::PathBuf;

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("..");
    let generated = webidl::generate::generate_from_files(
        &root.join("conformance/wpt/interfaces"),
        &root.join("webidl/bindings.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("idl_methods.rs"), generated.py_methods).expect("OUT_DIR is writable");
}
