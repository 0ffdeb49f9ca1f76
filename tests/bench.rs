//! `ecsdom bench`: every workload, in every language, prints one JSON line
//! whose `check` is the value other DOM implementations give (issue 5).

use std::process::Command;

fn bench(workload: &str, n: &str, lang: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ecsdom"))
        .args(["bench", workload, "--n", n, "--lang", lang, "--repeat", "1"])
        .output()
        .expect("ecsdom runs");
    assert!(
        out.status.success(),
        "{workload} {lang}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_workload_prints_json_with_the_expected_check() {
    let cases = [
        ("dom_access", "100", "Updated 99"),
        ("dom_access_qs", "100", "Updated 99"),
        ("build", "100", "100"),
        ("query", "1", "25000"),
        ("serialize", "1", "2419780"),
        ("attrs", "1", "75000:2812462500"),
        ("parse", "1", "77003"),
    ];
    // One process at a time per language, the languages side by side
    // (each run is one process; the test binary's other core is idle).
    std::thread::scope(|s| {
        for lang in ["rust", "py", "js"] {
            s.spawn(move || {
                for (workload, n, check) in cases {
                    let line = bench(workload, n, lang);
                    assert!(
                        line.starts_with(&format!(
                            "{{\"workload\":\"{workload}\",\"n\":{n},\"lang\":\"{lang}\",\"ms_min\":"
                        )),
                        "{line}"
                    );
                    assert!(
                        line.trim_end()
                            .ends_with(&format!("\"check\":\"{check}\"}}")),
                        "{lang} {workload}: {line}"
                    );
                }
                // The same loop in each language; JS numbers are doubles.
                let sum = if lang == "js" {
                    "333332833333127550"
                } else {
                    "333332833333500000"
                };
                let line = bench("compute", "1000000", lang);
                assert!(line.contains(&format!("\"check\":\"{sum}\"")), "{line}");
            });
        }
    });
}
