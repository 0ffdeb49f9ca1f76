//! The html5lib tree-construction cases that need a script to run during
//! the parse (`tree-construction/scripted/`): each runs as a page under
//! `ecsdom run` (the parser stops at every `</script>`, the script runs in
//! QuickJS, `document.write` feeds the parser) and its final tree, in the
//! tests' format (`--dump-tree`), must be the expected one. dom-ecs's own
//! html5lib runner, which runs no script, lists these as expected failures.

use std::process::Command;

/// The cases of one `.dat` file: (data, expected tree) for those with
/// scripting on.
fn cases(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for case in text
        .split("\n#data\n")
        .map(|c| c.trim_start_matches("#data\n"))
    {
        let Some((data, rest)) = case.split_once("\n#errors\n") else {
            continue;
        };
        if rest.contains("#script-off") {
            continue;
        }
        let Some((_, document)) = rest.split_once("#document\n") else {
            continue;
        };
        out.push((data.to_owned(), document.trim_end().to_owned()));
    }
    out
}

#[test]
fn scripted_tree_construction_cases_pass_with_scripts_running() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/conformance/html5lib-tests/tree-construction/scripted");
    let tmp = std::env::temp_dir().join(format!("ecsdom-scripted-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut ran = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the vendored html5lib tests") {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (k, (data, expected)) in cases(&text).into_iter().enumerate() {
            let page = tmp.join(format!("case-{ran}.html"));
            std::fs::write(&page, &data).unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
                .args(["run", "--dump-tree", "--strict"])
                .arg(&page)
                .output()
                .expect("ecsdom runs");
            let got = String::from_utf8_lossy(&out.stdout).trim_end().to_owned();
            if !out.status.success() || got != expected {
                failures.push(format!(
                    "{}:{k}\n--- data\n{data}\n--- expected\n{expected}\n--- got\n{got}\n{}",
                    path.display(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            ran += 1;
        }
    }
    assert_eq!(ran, 4, "the vendored scripted cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
