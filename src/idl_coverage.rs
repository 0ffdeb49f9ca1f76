//! `ecsdom idl-coverage`: every interface member of the DOM Standard's IDL
//! (and the HTML interfaces we have), and whether a page's JavaScript and
//! Python can reach it.
//!
//! The member lists come from the `.idl` files (the `webidl` crate); what
//! exists is asked of the real engines, by running a probe script in each
//! language on a blank page through `ecsdom run` (so it sees exactly what a
//! page sees). A member present in one language only is a failure unless
//! `webidl/one-language.txt` lists it with a reason; a listed member that
//! is no longer one-sided is a failure too, so the list stays true.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use webidl::{Interface, Model};

/// The listed one-language members: `Interface.member` -> reason.
const ONE_LANGUAGE: &str = include_str!("../webidl/one-language.txt");

/// The DOM Standard's members newer than the pinned `dom.idl`.
const ADDITIONS: &str = include_str!("../webidl/dom-additions.idl");

/// The URL Standard's members newer than the pinned `url.idl`.
const URL_ADDITIONS: &str = include_str!("../webidl/url-additions.idl");

/// CSS Animations' and Transitions' events and handlers.
const CSS_EVENTS: &str = include_str!("../webidl/css-events.idl");

/// The event interfaces of `createEvent`'s table the pinned `interfaces/`
/// lacks (TextEvent, Device Orientation's).
const CREATE_EVENT: &str = include_str!("../webidl/create-event.idl");
const SVG: &str = include_str!("../webidl/svg.idl");
const WEB_ANIMATIONS: &str = include_str!("../webidl/web-animations.idl");

/// Interfaces the pinned `interfaces/` lacks, declared by us from their
/// spec (reported whole).
const WEBCRYPTO: &str = include_str!("../webidl/webcrypto.idl");

/// The binding table: the members whose bindings are generated.
const BINDINGS: &str = include_str!("../webidl/bindings.txt");

/// The IDL files read, and whether every interface of the file is reported
/// (`true`) or only those a language has (`false`: of `html.idl` we
/// implement a part).
const FILES: [(&str, bool); 11] = [
    ("dom.idl", true),
    ("html.idl", false),
    ("DOM-Parsing.idl", false),
    ("uievents.idl", false),
    ("cssom.idl", false),
    ("url.idl", true),
    ("fetch.idl", false),
    ("encoding.idl", true),
    ("xhr.idl", false),
    ("geometry.idl", false),
    ("cssom-view.idl", false),
];

/// Where a member exists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Presence {
    js: bool,
    py: bool,
}

/// The probe's answer for one interface.
#[derive(Clone, Debug, Default)]
struct Probed {
    interface: Presence,
    members: Vec<Presence>,
    /// The interface each language's class inherits from (`-`: none, or
    /// no class).
    parent: (String, String),
}

/// Run the report. With `check`, exit 1 when a member exists in one
/// language only without a listed reason, or a listed one is not one-sided.
pub fn idl_coverage(idl_dir: Option<&Path>, check: bool, verbose: bool) -> Result<u8, String> {
    let dir = idl_dir.map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance/wpt/interfaces"),
        Path::to_path_buf,
    );
    let mut texts = Vec::new();
    for (file, _) in FILES {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        texts.push((file, text));
    }
    let mut sources: Vec<(&str, &str)> = texts.iter().map(|(f, t)| (*f, t.as_str())).collect();
    // The DOM Standard's members newer than the pinned dom.idl.
    sources.push(("dom-additions.idl", ADDITIONS));
    sources.push(("url-additions.idl", URL_ADDITIONS));
    sources.push(("webcrypto.idl", WEBCRYPTO));
    sources.push(("css-events.idl", CSS_EVENTS));
    sources.push(("create-event.idl", CREATE_EVENT));
    sources.push(("svg.idl", SVG));
    sources.push(("web-animations.idl", WEB_ANIMATIONS));
    let model = Model::from_sources(&sources).map_err(|e| e.to_string())?;
    let interfaces: Vec<&Interface> = model
        .interfaces
        .values()
        .filter(|i| {
            !i.not_on_window
                && (matches!(
                    i.file.as_str(),
                    "webcrypto.idl"
                        | "css-events.idl"
                        | "create-event.idl"
                        | "svg.idl"
                        | "web-animations.idl"
                ) || FILES.iter().any(|(f, _)| *f == i.file))
        })
        .collect();
    let probed = probe(&interfaces)?;
    let listed = listed_reasons()?;
    let table = webidl::generate::Table::parse(BINDINGS)?;
    let mut generated = 0;

    let mut out = String::new();
    let mut problems = Vec::new();
    let mut totals: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for (i, p) in interfaces.iter().zip(&probed) {
        let whole_file =
            i.file == "webcrypto.idl" || FILES.iter().any(|(f, all)| *f == i.file && *all);
        if !whole_file && !p.interface.js && !p.interface.py {
            continue;
        }
        let members = members_of(i);
        let t = totals.entry(i.file.as_str()).or_default();
        let (js, py) = count(p);
        t[0] += members.len();
        t[1] += js;
        t[2] += py;
        let _ = writeln!(
            out,
            "{} ({}): interface JS {} Python {}; members JS {js}/{n} Python {py}/{n}",
            i.name,
            i.file,
            mark(p.interface.js),
            mark(p.interface.py),
            n = members.len()
        );
        check_parent(i, p, &interfaces, &probed, &listed, &mut problems);
        for (m, has) in members.iter().zip(&p.members) {
            let key = format!("{}.{}", i.name, m.name);
            let one_sided = has.js != has.py;
            let reason = listed_reason(&listed, &i.name, &m.name);
            match (one_sided, reason) {
                (true, None) => problems.push(format!(
                    "{key}: only in {} (list it in webidl/one-language.txt with a reason, or add it to the other language)",
                    if has.js { "JS" } else { "Python" }
                )),
                (false, Some(_)) => problems.push(format!(
                    "{key}: listed as one-language but is {} in both (remove it from webidl/one-language.txt)",
                    if has.js { "present" } else { "absent" }
                )),
                _ => {}
            }
            let from_table = table.generates(i, m);
            generated += usize::from(from_table);
            if verbose || one_sided {
                let _ = writeln!(
                    out,
                    "  {:<32} JS {}  Python {}{}{}",
                    m.name,
                    mark(has.js),
                    mark(has.py),
                    if from_table { "  generated" } else { "" },
                    reason.map(|r| format!("  ({r})")).unwrap_or_default()
                );
            }
        }
    }
    for key in listed.keys() {
        if let Some(iface) = key.strip_suffix(".@parent") {
            if !interfaces.iter().any(|i| i.name == iface) {
                problems.push(format!(
                    "{key}: listed in webidl/one-language.txt but not in the IDL"
                ));
            }
            continue;
        }
        let known = key.split_once('.').is_some_and(|(iface, member)| {
            interfaces.iter().any(|i| {
                i.name == iface
                    && members_of(i)
                        .iter()
                        .any(|m| match member.strip_suffix('*') {
                            Some(prefix) => m.name.starts_with(prefix),
                            None => m.name == member,
                        })
            })
        });
        if !known {
            problems.push(format!(
                "{key}: listed in webidl/one-language.txt but not in the IDL"
            ));
        }
    }
    out.push_str("\nsummary (members of the interfaces reported):\n");
    for (file, [n, js, py]) in &totals {
        let _ = writeln!(out, "  {file}: {n} members, JS {js}, Python {py}");
    }
    let parents = listed.keys().filter(|k| k.ends_with(".@parent")).count();
    let _ = writeln!(
        out,
        "  listed with a reason: {} one-language members, {parents} class chains unlike the IDL's",
        listed.len() - parents
    );
    let _ = writeln!(
        out,
        "  interface members whose bindings are generated (webidl/bindings.txt): {generated}"
    );
    crate::out_line(out.trim_end());
    if problems.is_empty() {
        return Ok(0);
    }
    for p in &problems {
        crate::err_line(&format!("idl-coverage: {p}"));
    }
    Ok(u8::from(check))
}

fn mark(b: bool) -> &'static str {
    if b { "yes" } else { "-" }
}

fn count(p: &Probed) -> (usize, usize) {
    let js = p.members.iter().filter(|m| m.js).count();
    let py = p.members.iter().filter(|m| m.py).count();
    (js, py)
}

/// `webidl/one-language.txt`: `Interface.member  reason`, `#` comments.
/// The listed reason for `interface.member`: its own line, or a line
/// `interface.prefix*` whose prefix the member's name starts with.
fn listed_reason<'a>(
    listed: &'a BTreeMap<String, String>,
    interface: &str,
    member: &str,
) -> Option<&'a String> {
    listed.get(&format!("{interface}.{member}")).or_else(|| {
        listed.iter().find_map(|(k, r)| {
            let pattern = k.strip_prefix(interface)?.strip_prefix('.')?;
            let prefix = pattern.strip_suffix('*')?;
            member.starts_with(prefix).then_some(r)
        })
    })
}

fn listed_reasons() -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for (n, line) in ONE_LANGUAGE.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        if reason.trim().is_empty() {
            return Err(format!(
                "webidl/one-language.txt:{}: {key} has no reason",
                n + 1
            ));
        }
        map.insert(key.to_owned(), reason.trim().to_owned());
    }
    Ok(map)
}

/// Each language's class of `i` must inherit from the class of its
/// nearest IDL ancestor that language has (else from no interface class),
/// unless `Interface.@parent` is listed with its reason.
fn check_parent(
    i: &Interface,
    p: &Probed,
    interfaces: &[&Interface],
    probed: &[Probed],
    listed: &BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    let present = |name: &str, js: bool| {
        interfaces
            .iter()
            .zip(probed)
            .any(|(j, q)| j.name == name && if js { q.interface.js } else { q.interface.py })
    };
    let key = format!("{}.@parent", i.name);
    for (js, has, got) in [
        (true, p.interface.js, &p.parent.0),
        (false, p.interface.py, &p.parent.1),
    ] {
        if !has || i.name == "Window" {
            continue;
        }
        // The nearest ancestor the language has (HTMLAudioElement's
        // HTMLMediaElement may be missing: then HTMLElement).
        let mut want = "-";
        let mut up = i.parent.as_deref();
        while let Some(parent) = up {
            if present(parent, js) {
                want = parent;
                break;
            }
            up = interfaces
                .iter()
                .find(|j| j.name == parent)
                .and_then(|j| j.parent.as_deref());
        }
        if got != want && !listed.contains_key(&key) {
            problems.push(format!(
                "{}: its {} class inherits from {got}, the IDL says {want} (or list {key} in webidl/one-language.txt with a reason)",
                i.name,
                if js { "JS" } else { "Python" }
            ));
        }
    }
}

/// An interface's members as the report lists them: its named members,
/// then its constructor (a member named `constructor`), if it has one.
fn members_of(i: &Interface) -> Vec<&webidl::Member> {
    i.members.iter().chain(i.constructor.as_ref()).collect()
}

/// Ask both engines which interfaces and members exist, and what each
/// interface inherits from, through `ecsdom run` on a blank page. Each
/// answers one line per interface: `IDL-PROBE <interface present 0/1>
/// <one 0/1 per member> <the parent interface's name, or ->`.
fn probe(interfaces: &[&Interface]) -> Result<Vec<Probed>, String> {
    // The spec as both probes read it: `Name:m1,m2,...;` with `!` before a
    // static member's name, `@N/` before a [LegacyUnforgeable] one's (an
    // own property of each instance: JS looks on an instance made with N
    // strings), and the constructor as `#N`, N its required arguments
    // (each probe calls it with N strings: it exists unless the engine
    // refuses to construct at all).
    let mut spec = String::new();
    for i in interfaces {
        spec.push_str(&i.name);
        spec.push(':');
        let required = i.constructor.as_ref().map_or(0, |c| {
            c.args.iter().filter(|a| !a.optional && !a.variadic).count()
        });
        let mut names: Vec<String> = i
            .members
            .iter()
            .map(|m| {
                if m.ext.iter().any(|e| e == "LegacyUnforgeable") {
                    format!("@{required}/{}", m.name)
                } else {
                    format!("{}{}", if m.is_static { "!" } else { "" }, m.name)
                }
            })
            .collect();
        if let Some(c) = &i.constructor {
            names.push(format!(
                "#{}",
                c.args.iter().filter(|a| !a.optional && !a.variadic).count()
            ));
        }
        spec.push_str(&names.join(","));
        spec.push(';');
    }
    let js = format!(
        r#"for (const entry of {spec:?}.split(';')) {{
  if (!entry) continue;
  const [name, list] = entry.split(':');
  const I = name === 'Window' ? globalThis.Window ?? null : globalThis[name];
  const has = typeof I === 'function';
  const onWindow = name === 'Window';
  const bits = (list ? list.split(',') : []).map((m) => {{
    if (m.startsWith('#')) {{
      if (!has) return false;
      try {{ new I(...Array(Number(m.slice(1))).fill('x')); return true; }}
      catch (e) {{ return !String(e && e.message).includes('Illegal constructor'); }}
    }}
    if (onWindow) return m.split('/').pop().replace(/^!/, '') in globalThis;
    if (m.startsWith('@')) {{
      if (!has) return false;
      const [n, key] = m.slice(1).split('/');
      // (An interface a script cannot construct is asked of the instance
      // the window has: Location's is `location`.)
      const instance = () => (name === 'Location' ? globalThis.location : new I(...Array(Number(n)).fill('x')));
      try {{ return Object.getOwnPropertyDescriptor(instance(), key) !== undefined; }}
      catch (e) {{ return false; }}
    }}
    const isStatic = m.startsWith('!');
    const key = isStatic ? m.slice(1) : m;
    if (!has) return false;
    // (A callback interface's object has no prototype: its constants are its own.)
    return isStatic || I.prototype === undefined ? key in I : I.prototype != null && key in I.prototype;
  }});
  const up = has && !onWindow && I.prototype != null ? Object.getPrototypeOf(I.prototype) : null;
  const parent = up && up !== Object.prototype ? up.constructor.name : '-';
  console.log('IDL-PROBE ' + (has || onWindow ? 1 : 0) + ' ' + (bits.map(Number).join('') || '-') + ' ' + parent);
}}"#
    );
    let py = format!(
        r#"import ecsdom as _m
for _entry in {spec:?}.split(';'):
    if not _entry:
        continue
    _name, _list = _entry.split(':')
    # The window's members are the page's `window` object's (some are set
    # on the instance); an interface's are its class's.
    _cls = type(window) if _name == 'Window' else getattr(_m, _name, None)
    _has = isinstance(_cls, type)
    _obj = window if _name == 'Window' else _cls
    def _constructs(n):
        # Made with n strings: it exists unless the class refuses to construct.
        try:
            _cls(*(['x'] * n))
        except TypeError as _e:
            return 'cannot create' not in str(_e) and 'No constructor' not in str(_e)
        except Exception:
            pass
        return True
    def _present(k):
        if not _has:
            return False
        if k.startswith('#'):
            return _constructs(int(k[1:]))
        return hasattr(_obj, k.lstrip('!').split('/')[-1])
    _bits = ''.join('1' if _present(_k) else '0' for _k in (_list.split(',') if _list else []))
    _up = _cls.__mro__[1].__name__ if _has and _name != 'Window' else 'object'
    print('IDL-PROBE', 1 if _has else 0, _bits or '-', '-' if _up == 'object' else _up)
"#
    );
    let dir = std::env::temp_dir().join(format!("ecsdom-idl-coverage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let page = dir.join("blank.html");
    std::fs::write(&page, "<!DOCTYPE html><title>idl coverage</title>")
        .map_err(|e| e.to_string())?;
    let answer = |flag: &str, code: &str| -> Result<Vec<(bool, Vec<bool>, String)>, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let out = Command::new(exe)
            .arg("run")
            .arg(&page)
            .args(["--no-cache", "--strict", flag, code])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!(
                "the {flag} probe failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let lines: Vec<(bool, Vec<bool>, String)> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("IDL-PROBE "))
            .map(|l| {
                let mut parts = l.split(' ');
                let has = parts.next() == Some("1");
                let bits = parts
                    .next()
                    .unwrap_or("")
                    .bytes()
                    .map(|b| b == b'1')
                    .collect();
                (has, bits, parts.next().unwrap_or("-").to_owned())
            })
            .collect();
        if lines.len() != interfaces.len() {
            return Err(format!(
                "the {flag} probe answered for {} of {} interfaces",
                lines.len(),
                interfaces.len()
            ));
        }
        Ok(lines)
    };
    let js = answer("--eval-js", &js);
    let py = answer("--eval-py", &py);
    let _ = std::fs::remove_dir_all(&dir);
    let (js, py) = (js?, py?);
    Ok(js
        .into_iter()
        .zip(py)
        .map(|((jh, jb, jp), (ph, pb, pp))| Probed {
            interface: Presence { js: jh, py: ph },
            members: jb
                .into_iter()
                .zip(pb)
                .map(|(js, py)| Presence { js, py })
                .collect(),
            parent: (jp, pp),
        })
        .collect())
}
