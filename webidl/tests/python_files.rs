//! The Python files generated from the HTML element table and the binding
//! table (the HTML classes' stub in `ecsdom/_native.pyi`, between its
//! markers, and `ecsdom/_html.py`) are the ones in the repository. Run
//! with `ECSDOM_WRITE_GENERATED=1` (`make generated`) to rewrite them.

use std::path::PathBuf;

const BEGIN: &str = "# --- generated: the HTML element classes (make generated) ---\n";
const END: &str = "# --- end of generated ---\n";

#[test]
fn the_generated_python_files_are_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let stub_path = root.join("py-bridge/python/ecsdom/_native.pyi");
    let module_path = root.join("py-bridge/python/ecsdom/_html.py");
    let stub = std::fs::read_to_string(&stub_path).unwrap();
    let (head, rest) = stub
        .split_once(BEGIN)
        .expect("the stub has the generated part's markers");
    let (_, tail) = rest
        .split_once(END)
        .expect("the stub has the generated part's end marker");
    // The hand-written classes `_{Interface}Extras` add members to the
    // generated ones.
    let extras: Vec<String> = format!("{head}{tail}")
        .lines()
        .filter_map(|l| {
            l.strip_prefix("class _")?
                .split(['(', ':'])
                .next()?
                .strip_suffix("Extras")
        })
        .map(str::to_owned)
        .collect();
    let g = webidl::generate::generate_from_files_with(
        &root.join("conformance/wpt/interfaces"),
        &root.join("webidl/bindings.txt"),
        &extras,
    )
    .unwrap();
    let want_stub = format!("{head}{BEGIN}{}{END}{tail}", g.py_stub);
    let module = std::fs::read_to_string(&module_path).unwrap_or_default();
    if std::env::var_os("ECSDOM_WRITE_GENERATED").is_some() {
        std::fs::write(&stub_path, &want_stub).unwrap();
        std::fs::write(&module_path, &g.py_html_module).unwrap();
        return;
    }
    assert!(
        stub == want_stub && module == g.py_html_module,
        "the generated Python files are out of date: run `make generated`"
    );
}
