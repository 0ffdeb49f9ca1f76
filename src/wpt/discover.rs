//! Which tests a directory of web-platform-tests holds, named the way the
//! WPT manifest names them: a page that loads `/resources/testharness.js`;
//! `X.any.js` as `X.any.html` (and `X.any.worker.html`), `X.window.js` as
//! `X.window.html`, `X.worker.js` as `X.worker.html`; one test per variant.

use std::path::{Path, PathBuf};

/// How a test is run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page, run as it is.
    Page,
    /// A script test (`.any.js`, `.window.js`) run in a page the runner
    /// writes, as wptserve does: testharness, the `META: script=`s, the test.
    Wrapped {
        /// The root-relative URLs of the scripts the page loads, in order.
        scripts: Vec<String>,
        /// The `META: title=`, if any.
        title: Option<String>,
    },
    /// A script test run in a dedicated worker, as wptserve runs it: a
    /// page that hands the worker to `fetch_tests_from_worker`, and the
    /// worker's script (for `.any.js`, one that imports testharness, the
    /// `META: script=`s and the test; a `.worker.js` is its own script).
    Worker {
        /// The root-relative URL of the worker's script.
        script: String,
        /// The worker script wptserve writes for an `.any.js` test, which
        /// it serves at `script`; none for a `.worker.js`, served as it is.
        generated: Option<String>,
        title: Option<String>,
    },
}

/// One test.
#[derive(Clone, Debug)]
pub struct Test {
    /// Its WPT name: the root-relative path of the page (the generated one
    /// for script tests), with the variant.
    pub id: String,
    pub kind: Kind,
    /// Why it is not run, when it needs what no runner of ours can give
    /// (testdriver.js, a wptserve handler or substitution): a skip.
    pub skip: Option<String>,
    /// Why it can not run here, when it needs what ecsdom lacks (workers,
    /// XML documents): not run, and not a pass.
    pub unsupported: Option<String>,
    /// `timeout=long` (`META:` or `<meta name="timeout" content="long">`).
    pub long: bool,
}

/// Every test under `dirs`, in path order. A test is named by its path
/// inside `root`; one outside it (a directory of pages of one's own that
/// loads the root's harness) by its path inside its DIR's parent. Script
/// tests count only inside the root (their page loads them from there).
pub fn discover(dirs: &[PathBuf], root: &Path) -> Result<Vec<Test>, String> {
    let mut files = Vec::new();
    for d in dirs {
        let base = if d.starts_with(root) {
            root
        } else {
            d.parent().unwrap_or(d)
        };
        let mut found = Vec::new();
        if d.is_file() {
            found.push(d.clone());
        } else {
            walk(d, &mut found).map_err(|e| format!("cannot list {}: {e}", d.display()))?;
        }
        for f in found {
            let rel = f
                .strip_prefix(base)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, f, base == root));
        }
    }
    files.sort();
    files.dedup();
    let mut tests = Vec::new();
    for (rel, file, inside_root) in files {
        tests_of(&file, &rel, inside_root, &mut tests);
    }
    Ok(tests)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            // Helpers, not tests (as the manifest has it).
            if !matches!(name, "resources" | "support" | "tools") && !name.starts_with('.') {
                walk(&path, out)?;
            }
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// What makes a test unrunnable here, from its source.
fn skip_reason(source: &str, id: &str) -> Option<String> {
    if source.contains("/resources/testdriver.js") {
        return Some("needs testdriver.js (synthetic user input)".into());
    }
    if id.contains(".sub.") {
        return Some("needs wptserve's template substitution (.sub.)".into());
    }
    if [".py\"", ".py'", ".py?"].iter().any(|p| source.contains(p)) {
        return Some("needs a wptserve Python handler (.py)".into());
    }
    None
}

/// The text of the scripts a page loads by a relative `src` (its own
/// directory's helpers), joined.
fn local_scripts(file: &Path, source: &str) -> String {
    let Some(dir) = file.parent() else {
        return String::new();
    };
    let mut out = String::new();
    for (at, _) in source.match_indices("src=") {
        let rest = &source[at + 4..];
        let (quote, rest) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &rest[1..]),
            _ => (None, rest),
        };
        let end = rest
            .find(|c: char| {
                Some(c) == quote || (quote.is_none() && (c.is_whitespace() || c == '>'))
            })
            .unwrap_or(rest.len());
        let src = &rest[..end];
        let relative = !src.starts_with('/') && !src.contains(':');
        if relative && src.ends_with(".js") && !src.contains("..") {
            out.push_str(&std::fs::read_to_string(dir.join(src)).unwrap_or_default());
        }
    }
    out
}

fn tests_of(file: &Path, rel: &str, inside_root: bool, out: &mut Vec<Test>) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.contains("-ref.") || name.contains("-manual.") || name.contains("-crash.") {
        return;
    }
    let script = [".any.js", ".window.js", ".worker.js"]
        .into_iter()
        .find(|s| name.ends_with(s));
    let page = [".html", ".htm", ".xhtml", ".xht", ".svg"]
        .into_iter()
        .any(|s| name.ends_with(s));
    if script.is_none() && !page {
        return;
    }
    let Ok(source) = std::fs::read_to_string(file) else {
        return;
    };
    match script {
        // Its page loads it by a root-relative URL.
        Some(_) if !inside_root => {}
        Some(ext) => script_tests(rel, ext, &source, out),
        None if source.contains("/resources/testharness.js") => {
            let variants = meta_variants(&source);
            let long = source.contains("name=\"timeout\" content=\"long\"")
                || source.contains("name=timeout content=long");
            // (A handler named in a script of the test's own directory, such
            // as a helper that builds `encoding.py?label=` URLs, counts too.)
            let skip = skip_reason(&source, rel)
                .or_else(|| skip_reason(&local_scripts(file, &source), rel));
            // (XHTML and SVG pages are XML documents: `ecsdom run` parses
            // them with the XML parser, by their extension.)
            let unsupported = None;
            for v in variants {
                out.push(Test {
                    id: format!("{rel}{v}"),
                    kind: Kind::Page,
                    skip: skip.clone(),
                    unsupported: unsupported.clone(),
                    long,
                });
            }
        }
        None => {}
    }
}

/// The page's `<meta name="variant" content="?...">`s, or one empty variant.
fn meta_variants(source: &str) -> Vec<String> {
    let mut v: Vec<String> = source
        .match_indices("name=\"variant\"")
        .filter_map(|(at, _)| {
            let rest = &source[at..];
            let end = rest.find('>')?;
            let tag = &rest[..end];
            let c = tag.find("content=\"")? + "content=\"".len();
            let value = &tag[c..];
            Some(value[..value.find('"')?].to_owned())
        })
        .collect();
    if v.is_empty() {
        v.push(String::new());
    }
    v
}

/// `// META: key=value` lines at the top of a script test.
fn meta(source: &str) -> Vec<(&str, &str)> {
    source
        .lines()
        .map_while(|l| {
            let l = l.trim();
            (l.starts_with("//") || l.is_empty()).then_some(l)
        })
        .filter_map(|l| l.strip_prefix("//")?.trim().strip_prefix("META:"))
        .filter_map(|m| m.trim().split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

/// A root-relative URL for `src` as a script of the test at `rel`.
fn root_relative(src: &str, rel: &str) -> String {
    if src.starts_with('/') {
        return src.to_owned();
    }
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for seg in src.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

fn script_tests(rel: &str, ext: &str, source: &str, out: &mut Vec<Test>) {
    let meta = meta(source);
    fn get<'s>(meta: &[(&str, &'s str)], key: &'static str) -> impl Iterator<Item = &'s str> {
        meta.iter().filter(move |(k, _)| *k == key).map(|(_, v)| *v)
    }
    let get = |key: &'static str| get(&meta, key);
    let base = &rel[..rel.len() - ".js".len()];
    // The globals it runs in: `.any.js` in a window and a dedicated worker
    // unless `META: global=` says otherwise.
    let globals: Vec<&str> = match ext {
        ".any.js" => {
            let listed: Vec<&str> = get("global")
                .flat_map(|g| g.split(','))
                .map(str::trim)
                .collect();
            if listed.is_empty() {
                vec!["window", "dedicatedworker"]
            } else {
                listed
            }
        }
        ".window.js" => vec!["window"],
        _ => vec!["dedicatedworker"],
    };
    let includes: Vec<String> = get("script").map(|s| root_relative(s, rel)).collect();
    let mut scripts = vec![
        "/resources/testharness.js".to_owned(),
        "/resources/testharnessreport.js".to_owned(),
    ];
    scripts.extend(includes.iter().cloned());
    scripts.push(format!("/{rel}"));
    let title = get("title").next().map(str::to_owned);
    let long = get("timeout").any(|t| t == "long");
    let mut variants: Vec<String> = get("variant").map(str::to_owned).collect();
    if variants.is_empty() {
        variants.push(String::new());
    }
    let skip = skip_reason(source, rel);
    let wrapped = Kind::Wrapped {
        scripts,
        title: title.clone(),
    };
    for global in globals {
        // The page each global gets, as the manifest names it.
        let (page, kind, why_not) = match (global, ext) {
            ("window" | "default", ".any.js") | ("window", _) => {
                (format!("{base}.html"), wrapped.clone(), None)
            }
            ("dedicatedworker" | "worker", ".any.js") => (
                format!("{base}.worker.html"),
                Kind::Worker {
                    script: format!("/{base}.worker.js"),
                    generated: Some(any_worker_script(&includes, rel)),
                    title: title.clone(),
                },
                None,
            ),
            ("dedicatedworker" | "worker", _) => (
                format!("{base}.html"),
                Kind::Worker {
                    script: format!("/{rel}"),
                    generated: None,
                    title: title.clone(),
                },
                None,
            ),
            ("sharedworker", _) => (
                format!("{base}.sharedworker.html"),
                wrapped.clone(),
                Some("shared workers: ecsdom has none yet"),
            ),
            ("serviceworker", _) => (
                format!("{base}.serviceworker.html"),
                wrapped.clone(),
                Some("service workers: ecsdom has none"),
            ),
            ("shadowrealm" | "shadowrealm-in-window", _) => (
                format!("{base}.shadowrealm.html"),
                wrapped.clone(),
                Some("ShadowRealm: ecsdom has none"),
            ),
            (other, _) => (
                format!("{base}.{other}.html"),
                wrapped.clone(),
                Some("an unknown global"),
            ),
        };
        for v in &variants {
            out.push(Test {
                id: format!("{page}{v}"),
                kind: kind.clone(),
                skip: skip.clone(),
                unsupported: why_not.map(str::to_owned),
                long,
            });
        }
    }
}

/// The worker script wptserve writes for `X.any.js` in a dedicated
/// worker (`X.any.worker.js`): the globals' test, testharness, the
/// `META: script=`s, the test, then `done()` (a worker has no `load`).
fn any_worker_script(includes: &[String], rel: &str) -> String {
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    let mut js = String::from(
        "self.GLOBAL = { isWindow: () => false, isWorker: () => true, \
         isShadowRealm: () => false };\n\
         importScripts(\"/resources/testharness.js\");\n",
    );
    for s in includes {
        js.push_str(&format!("importScripts({});\n", quote(s)));
    }
    js.push_str(&format!(
        "importScripts({});\ndone();\n",
        quote(&format!("/{rel}"))
    ));
    js
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handler_named_by_a_local_helper_script_skips_the_page() {
        let dir = std::env::temp_dir().join(format!("ecsdom-wpt-helper-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("helper.js"),
            "iframe.src = 'encoding.py?label=' + l;",
        )
        .unwrap();
        let page =
            "<script src=/resources/testharness.js></script><script src=\"helper.js\"></script>";
        let found = local_scripts(&dir.join("t.html"), page);
        assert!(skip_reason(&found, "t.html").is_some_and(|r| r.contains(".py")));
        assert!(local_scripts(&dir.join("t.html"), "<script src=/x.js>").is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn script_urls_resolve_against_the_test() {
        assert_eq!(
            root_relative("../common.js", "dom/ranges/x.any.js"),
            "/dom/common.js"
        );
        assert_eq!(
            root_relative("support/a.js", "dom/x.any.js"),
            "/dom/support/a.js"
        );
        assert_eq!(
            root_relative("/common/b.js", "dom/x.any.js"),
            "/common/b.js"
        );
    }

    #[test]
    fn meta_lines_stop_at_the_code() {
        let m = meta(
            "// META: global=window\n// META: script=a.js\n\n'use strict';\n// META: title=no",
        );
        assert_eq!(m, vec![("global", "window"), ("script", "a.js")]);
    }

    #[test]
    fn variants_come_from_meta_tags() {
        let v = meta_variants(
            r#"<meta name="variant" content="?a=1"><meta name="variant" content="?b">"#,
        );
        assert_eq!(v, vec!["?a=1", "?b"]);
        assert_eq!(meta_variants("<p>"), vec![""]);
    }
}
