//! The embedded interpreter: the same Python as the `python3` the project
//! is built with, scripts sharing the Rust host's world, tracebacks
//! returned instead of aborting.

use dom_ecs::Document;
use ecsdom_py::document::{new_document, with_document};
use ecsdom_py::embed::{ScriptHost, prepare_embedded, setup_embedded};
use pyo3::prelude::*;

fn python3(code: &str) -> String {
    let exe = std::env::var("PYO3_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(exe)
        .args(["-c", code])
        .output()
        .expect("python3 runs");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn embedded_scripts_run_on_the_hosts_world_in_the_projects_python() {
    prepare_embedded();
    let (outside_version, outside_stdlib, major_minor) = (
        python3("import sys; print(sys.version)"),
        python3("import os; print(os.path.dirname(os.__file__))"),
        python3("import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"),
    );
    // A virtual environment with one package: the embedded interpreter must see it.
    let venv = std::env::temp_dir().join(format!("ecsdom-embed-venv-{}", std::process::id()));
    let site = venv
        .join("lib")
        .join(format!("python{major_minor}"))
        .join("site-packages");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("venv_probe.py"), "VALUE = 42\n").unwrap();
    // SAFETY: no other thread of this test binary reads the environment now.
    #[allow(unsafe_code, reason = "setting the environment is unsafe; see SAFETY")]
    unsafe {
        std::env::set_var("VIRTUAL_ENV", &venv);
    }
    Python::attach(|py| -> PyResult<()> {
        setup_embedded(py)?;
        let probe: u32 = py.import("venv_probe")?.getattr("VALUE")?.extract()?;
        assert_eq!(probe, 42, "the active venv's site-packages are importable");
        let sys = py.import("sys")?;
        let version: String = sys.getattr("version")?.extract()?;
        assert_eq!(
            version, outside_version,
            "the embedded Python is the project's python3"
        );
        let os_file: String = py.import("os")?.getattr("__file__")?.extract()?;
        assert!(
            os_file.starts_with(&outside_stdlib),
            "{os_file} is not under {outside_stdlib}"
        );

        let doc = new_document(py, Document::parse("<p id=a>x</p>"))?;
        let host = ScriptHost::for_document(py, doc.clone_ref(py))?;
        host.run_script(
            py,
            "import ecsdom\n\
             assert isinstance(document, ecsdom.Document)\n\
             document.getElementById('a').textContent = 'from python'\n\
             seen = []\n",
            "page.py",
        )
        .unwrap();
        let html = with_document(py, &doc, |d| d.to_html())?;
        assert!(html.contains("<p id=\"a\">from python</p>"), "{html}");

        // Changes made from Rust are what the next script sees.
        with_document(py, &doc, |d| {
            let a = d.get_element_by_id("a").unwrap();
            d.set_attribute(a, "data-rust", "1").unwrap();
        })?;
        host.run_script(
            py,
            "seen.append(document.getElementById('a').getAttribute('data-rust'))",
            "two.py",
        )
        .unwrap();

        // A failing script returns its traceback; the page goes on.
        let tb = host
            .run_script(py, "ok = True\nraise RuntimeError('boom')\n", "bad.py")
            .unwrap_err();
        assert!(
            tb.contains("File \"bad.py\", line 2") && tb.contains("RuntimeError: boom"),
            "{tb}"
        );
        host.run_script(py, "assert ok and seen == ['1']", "after.py")
            .unwrap();
        Ok(())
    })
    .unwrap();
}
