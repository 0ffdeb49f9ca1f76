//! Generates the JS members and their natives from the DOM and HTML Standards' IDL
//! and the binding table (`webidl/bindings.txt`), and writes the prelude:
//! the files of `src/js/prelude/` in name order (one concept each, parts of
//! one function scope), with the members in place of the
//! `/*@IDL_MEMBERS@*/` line.

use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("..");
    let prelude_dir = root.join("js-bridge/src/js/prelude");
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&prelude_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", prelude_dir.display()))
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    parts.sort();
    println!("cargo:rerun-if-changed={}", prelude_dir.display());
    for p in &parts {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    let read =
        |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let generated = webidl::generate::generate_from_files(
        &root.join("conformance/wpt/interfaces"),
        &root.join("webidl/bindings.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let source: String = parts.iter().map(read).collect();
    let marker = "  /*@IDL_MEMBERS@*/\n";
    assert!(
        source.contains(marker),
        "the prelude has no {marker:?} line"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(
        out.join("prelude.js"),
        source.replace(marker, &generated.js_members),
    )
    .expect("OUT_DIR is writable");
    std::fs::write(out.join("idl_natives.rs"), generated.js_natives).expect("OUT_DIR is writable");
}
