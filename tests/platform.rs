//! The web platform's objects of no document, both languages on one page:
//! the URL Standard's `URL` and `URLSearchParams`, the Encoding Standard's
//! `TextDecoder` and `TextEncoder`, Web Storage's `localStorage` and
//! `sessionStorage` (with `storage` events and `--user-data-dir`), the
//! window's `navigator` and `crypto`, dedicated workers and
//! `structuredClone`, `history`.

mod common;

use common::{dump_strict, ecsdom, page, text};

#[test]
fn url_works_alike_in_both_languages() {
    let p = page(
        "url",
        "<!DOCTYPE html><body><script>\
         var u = new URL('../b?x=1&y=2#h', 'https://example.org/a/c');\
         u.searchParams.append('z', 'a b');\
         var q = new URLSearchParams({b: '2', a: '1'}); q.sort();\
         var pairs = []; for (var [k, v] of q) pairs.push(k + v);\
         var bad; try { new URL('nope'); } catch (e) { bad = e.constructor.name; }\
         document.body.setAttribute('js', [u.href, u.origin, String(q), pairs.join(), bad,\
           URL.canParse('x:'), String(URL.parse('nope')), webkitURL === URL].join(' '));\
         </script><script type=text/python>\n\
from ecsdom import URL, URLSearchParams\n\
u = URL('../b?x=1&y=2#h', 'https://example.org/a/c')\n\
u.searchParams.append('z', 'a b')\n\
q = URLSearchParams({'b': '2', 'a': '1'})\n\
q.sort()\n\
try: URL('nope')\n\
except TypeError as e: bad = type(e).__name__\n\
document.body.setAttribute('py', ' '.join(str(x) for x in [u.href, u.origin, q, ','.join(k + v for k, v in q), bad]))\n\
</script>",
    );
    let dump = dump_strict(&p);
    let common = "https://example.org/b?x=1&amp;y=2&amp;z=a+b#h https://example.org a=1&amp;b=2 a1,b2 TypeError";
    assert!(
        dump.contains(&format!("js=\"{common} true null true\"")),
        "{dump}"
    );
    assert!(dump.contains(&format!("py=\"{common}\"")), "{dump}");
}

#[test]
fn text_encoding_works_alike_in_both_languages() {
    let p = page(
        "encoding",
        "<!DOCTYPE html><body><script>\
         var d = new TextDecoder('latin1'), e = new TextEncoder(), out = [d.encoding, e.encoding];\
         out.push(d.decode(new Uint8Array([0xe9, 0x41])));\
         var s = new TextDecoder('utf-16be');\
         out.push(s.decode(new Uint8Array([0, 0x68, 0]), {stream: true}) + s.decode(new Uint8Array([0x69])));\
         out.push(Array.from(e.encode('\\u00e9')).join('.'));\
         var buf = new Uint8Array(3), r = e.encodeInto('a\\u00e9\\u00e9', buf);\
         out.push(r.read, r.written, Array.from(buf).join('.'));\
         try { new TextDecoder('utf-8', {fatal: true}).decode(new Uint8Array([0xff])); } catch (x) { out.push(x.constructor.name); }\
         try { new TextDecoder('nope'); } catch (x) { out.push(x.constructor.name); }\
         document.body.setAttribute('js', out.join(' '));\
         </script><script type=text/python>\n\
from ecsdom import TextDecoder, TextEncoder\n\
d = TextDecoder('latin1'); e = TextEncoder(); out = [d.encoding, e.encoding]\n\
out.append(d.decode(bytes([0xe9, 0x41])))\n\
s = TextDecoder('utf-16be')\n\
out.append(s.decode(b'\\x00h\\x00', stream=True) + s.decode(bytearray(b'i')))\n\
out.append('.'.join(str(b) for b in e.encode('\\u00e9')))\n\
buf = bytearray(3); r = e.encodeInto('a\\u00e9\\u00e9', buf)\n\
out += [r['read'], r['written'], '.'.join(str(b) for b in buf)]\n\
try: TextDecoder('utf-8', fatal=True).decode(b'\\xff')\n\
except TypeError as x: out.append(type(x).__name__)\n\
try: TextDecoder('nope')\n\
except ValueError as x: out.append('RangeError')\n\
document.body.setAttribute('py', ' '.join(str(x) for x in out))\n\
</script>",
    );
    let dump = dump_strict(&p);
    let common = "windows-1252 utf-8 \u{e9}A hi 195.169 2 3 97.195.169 TypeError RangeError";
    assert!(dump.contains(&format!("js=\"{common}\"")), "{dump}");
    assert!(dump.contains(&format!("py=\"{common}\"")), "{dump}");
}

#[test]
fn storage_is_one_area_per_origin_in_both_languages_and_tells_other_windows() {
    let p = page(
        "storage",
        "<!DOCTYPE html><body><iframe src=frame.html></iframe><script>\
         var seen = [];\
         addEventListener('storage', function (e) {\
           seen.push([e.constructor.name, e.key, e.oldValue, e.newValue, e.url.split('/').pop(), e.storageArea === localStorage].join(':'));\
           document.body.setAttribute('events', seen.join(' '));\
         });\
         localStorage.clear(); localStorage.theme = 'dark'; localStorage.setItem('n', 1);\
         sessionStorage.setItem('s', 'x');\
         document.body.setAttribute('js', [localStorage.length, localStorage.theme, typeof localStorage.getItem, Object.keys(localStorage).join(','), 'n' in localStorage].join(' '));\
         </script><script type=text/python>\n\
ls = window.localStorage\n\
ls['py'] = 'snake'\n\
del ls['n']\n\
document.body.setAttribute('py', ' '.join([str(len(ls)), ls['theme'], ','.join(ls), str('n' in ls), window.sessionStorage.getItem('s')]))\n\
</script>",
    );
    // The frame (same origin) changes the area: the page hears of it; its
    // own changes are no events for itself.
    std::fs::write(
        p.with_file_name("frame.html"),
        "<script>localStorage.setItem('theme', 'light')</script>",
    )
    .unwrap();
    let dump = dump_strict(&p);
    assert!(
        dump.contains("js=\"2 dark function theme,n true\""),
        "{dump}"
    );
    assert!(dump.contains("py=\"2 dark theme,py False x\""), "{dump}");
    assert!(
        dump.contains("events=\"StorageEvent:theme:dark:light:frame.html:true\""),
        "{dump}"
    );
}

#[test]
fn local_storage_persists_in_the_user_data_dir() {
    let p = page(
        "persist",
        "<!DOCTYPE html><body><script>\
         var n = Number(localStorage.getItem('runs') || 0) + 1; localStorage.setItem('runs', n);\
         document.body.setAttribute('runs', n); sessionStorage.setItem('runs', n);\
         </script>",
    );
    let dir = p.with_file_name("profile");
    let _ = std::fs::remove_dir_all(&dir);
    let run = |with_dir: bool| {
        let mut args = vec!["run", p.to_str().unwrap(), "--dump-dom", "--strict"];
        if with_dir {
            args.extend(["--user-data-dir", dir.to_str().unwrap()]);
        }
        let out = ecsdom(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert!(run(true).contains("runs=\"1\""));
    assert!(run(true).contains("runs=\"2\""));
    // Without the directory, storage lives for the run only.
    assert!(run(false).contains("runs=\"1\""));
    assert!(dir.join("local-storage.sqlite3").is_file());
}

#[test]
fn navigator_answers_alike_in_both_languages() {
    let p = page(
        "navigator",
        "<!DOCTYPE html><body><script>\
         var n = navigator;\
         document.body.setAttribute('js', [n.userAgent.split(') ')[1], n.appVersion.slice(0, 4), n.language, n.languages.join(','), n.onLine, n.cookieEnabled, n === navigator, 'oscpu' in n, n.hardwareConcurrency > 0].join(' '));\
         </script><script type=text/python>\n\
n = window.navigator\n\
v = [n.userAgent.split(') ')[1], n.appVersion[:4], n.language, ','.join(n.languages), n.onLine, n.cookieEnabled, n is window.navigator, hasattr(n, 'oscpu'), n.hardwareConcurrency > 0]\n\
document.body.setAttribute('py', ' '.join(str(x).lower() if isinstance(x, bool) else str(x) for x in v))\n\
</script>",
    );
    let dump = dump_strict(&p);
    let common = format!(
        "ecsdom/{} 5.0  en-US en-US,en true true true false true",
        env!("CARGO_PKG_VERSION")
    );
    assert!(dump.contains(&format!("js=\"{common}\"")), "{dump}");
    assert!(dump.contains(&format!("py=\"{common}\"")), "{dump}");
}

#[test]
fn crypto_gives_random_values_and_uuids_in_both_languages() {
    let p = page(
        "crypto",
        "<!DOCTYPE html><body><script>\
         var out = [], a = new Uint32Array(4);\
         out.push(crypto.getRandomValues(a) === a, a.some(function (x) { return x !== 0; }));\
         out.push(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));\
         try { crypto.getRandomValues(new Uint8Array(65537)); } catch (e) { out.push(e.name); }\
         try { crypto.getRandomValues(new Float64Array(1)); } catch (e) { out.push(e.name); }\
         document.body.setAttribute('js', out.join(' '));\
         </script><script type=text/python>\n\
import re, ecsdom\n\
b = bytearray(16)\n\
out = [window.crypto.getRandomValues(b) is b, any(b)]\n\
out.append(bool(re.fullmatch('[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}', window.crypto.randomUUID())))\n\
try: window.crypto.getRandomValues(bytearray(65537))\n\
except ecsdom.QuotaExceededError as e: out.append(e.name)\n\
document.body.setAttribute('py', ' '.join(str(x).lower() if isinstance(x, bool) else x for x in out))\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains("js=\"true true true QuotaExceededError TypeMismatchError\""),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"true true true QuotaExceededError\""),
        "{dump}"
    );
}

// ----- Dedicated workers, structuredClone and history -----

#[test]
fn a_worker_answers_messages_from_a_global_of_its_own() {
    let p = page(
        "worker",
        "<p id=out></p><script>\
         const w = new Worker('w.js');\
         const seen = [];\
         w.onmessage = (e) => {\
           seen.push(JSON.stringify(e.data));\
           if (e.data.done) { document.getElementById('out').textContent = seen.join(' | '); w.terminate(); }\
         };\
         w.postMessage({n: 2, m: new Map([[1, 'one']]), d: new Date(7)});\
         </script>",
    );
    let dir = p.parent().unwrap();
    std::fs::write(
        dir.join("helper.js"),
        "function helper() { return 'helped'; }",
    )
    .unwrap();
    std::fs::write(
        dir.join("w.js"),
        "importScripts('helper.js');\
         self.onmessage = (e) => {\
           postMessage({twice: e.data.n * 2, one: e.data.m.get(1), date: e.data.d.getTime(),\
             document: typeof document, window: typeof window, Node: typeof Node, URL: typeof URL,\
             self: self === globalThis, global: self instanceof DedicatedWorkerGlobalScope,\
             file: location.pathname.split('/').pop(), helper: helper()});\
           setTimeout(() => postMessage({done: true}), 20);\
         };",
    )
    .unwrap();
    let dump = dump_strict(&p);
    assert!(
        dump.contains(
            r#"{"twice":4,"one":"one","date":7,"document":"undefined","window":"undefined","Node":"undefined","URL":"function","self":true,"global":true,"file":"w.js","helper":"helped"} | {"done":true}"#
        ),
        "{dump}"
    );
}

#[test]
fn a_worker_error_reaches_its_worker_object_and_bad_input_throws() {
    let p = page(
        "worker-error",
        "<p id=out></p><script>\
         const out = [];\
         const w = new Worker('bad.js');\
         w.onerror = (e) => { out.push('error: ' + e.message); document.getElementById('out').textContent = out.join(' | '); };\
         try { new Worker('http://[x'); } catch (e) { out.push(e.name); }\
         try { w.postMessage(() => 1); } catch (e) { out.push(e.name); }\
         try { structuredClone(Symbol('s')); } catch (e) { out.push(e.name); }\
         const o = {a: [1, {b: 2n}]}; o.self = o;\
         const c = structuredClone(o);\
         out.push(c !== o && c.self === c && c.a[1].b === 2n);\
         </script>",
    );
    std::fs::write(
        p.parent().unwrap().join("bad.js"),
        "throw new RangeError('from the worker');",
    )
    .unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "SyntaxError | DataCloneError | DataCloneError | true | error: RangeError: from the worker"
        ),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("error in worker"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn history_moves_the_url_and_pops_state_in_both_languages() {
    let p = page(
        "history",
        "<!DOCTYPE html><body><script type=text/python>\n\
seen = []\n\
window.addEventListener('popstate', lambda e: seen.append(repr(e.state)))\n\
setTimeout(lambda: document.body.setAttribute('py', ' '.join(seen) + ' ' + str(window.history.length) + ' ' + repr(window.history.state)), 20)\n\
</script><script>\
         const log = [];\
         addEventListener('popstate', (e) => log.push('pop:' + JSON.stringify(e.state) + ':' + location.pathname.split('/').pop() + ':' + (history.state === e.state)));\
         addEventListener('hashchange', () => log.push('hash:' + location.hash));\
         history.pushState({n: 1}, '', 'page.html?one');\
         history.pushState({n: 2, when: new Date(5)}, '', '#two');\
         log.push(history.length, location.search, location.hash, history.state.when.getTime());\
         try { history.pushState(null, '', 'http://other.example/'); } catch (e) { log.push(e.name); }\
         try { history.pushState(() => 1, ''); } catch (e) { log.push(e.name); }\
         history.back();\
         log.push('after back() call:' + location.hash);\
         setTimeout(() => document.body.setAttribute('js', log.join(' ')), 10);\
         </script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains(r#"js="3 ?one #two 5 SecurityError DataCloneError after back() call:#two pop:{&quot;n&quot;:1}:page.html:true hash:""#),
        "{dump}"
    );
    assert!(dump.contains(r#"py="{'n': 1} 3 {'n': 1}""#), "{dump}");
}

/// A `CustomEvent`'s `detail` crosses between the languages as a
/// structured clone: `NaN`, infinities, nested lists and maps, bytes and
/// dates arrive as the other language has them (JSON would lose them,
/// and `NaN` made the JS side throw).
#[test]
fn custom_event_detail_crosses_as_a_structured_clone() {
    let p = page(
        "detail-clone",
        "<body><script>\
         document.addEventListener('py', e => {\
         const d = e.detail;\
         document.body.setAttribute('js', [Number.isNaN(d.n), d.l[1][1] === Infinity, d.l[2].a === null, d.b instanceof ArrayBuffer && d.b.byteLength].join());\
         });</script>\
         <script type=text/python>\n\
import math\n\
from ecsdom import CustomEvent\n\
seen = []\n\
document.addEventListener('js', lambda e: seen.append(e.detail))\n\
document.dispatchEvent(CustomEvent('py', detail={'n': math.nan, 'l': [1, [2, math.inf], {'a': None}], 'b': b'xy'}))\n\
</script>\
         <script>document.dispatchEvent(new CustomEvent('js', {detail: {n: NaN, i: -Infinity, m: new Map([[1, [2]]])}}))</script>\
         <script type=text/python>\n\
d = seen[0]\n\
document.body.setAttribute('py', f\"{math.isnan(d['n'])},{d['i'] == -math.inf},{d['m'] == {1: [2]}}\")\n\
</script></body>",
    );
    let dom = dump_strict(&p);
    assert!(dom.contains("js=\"true,true,true,2\""), "{dom}");
    assert!(dom.contains("py=\"True,True,True\""), "{dom}");
}

/// A `detail` that cannot be cloned stays its own language's: dispatching
/// it where the other language's listener would hear it is a
/// `DataCloneError` in the dispatching language, before any listener runs.
#[test]
fn an_uncloneable_detail_is_a_data_clone_error_across_languages() {
    let p = page(
        "uncloneable",
        "<body><p id=t></p><script>\n\
         const t = document.getElementById('t');\n\
         t.addEventListener('js-only', (e) => t.setAttribute('js-heard', typeof e.detail.f));\n\
         t.dispatchEvent(new CustomEvent('js-only', { detail: { f() {} } }));\n\
         </script><script type=text/python>\n\
         t = document.getElementById('t')\n\
         t.addEventListener('cross', lambda e: t.setAttribute('py-heard', 'yes'))\n\
         t.addEventListener('py-only', lambda e: t.setAttribute('py-only', str(callable(e.detail))))\n\
         import ecsdom\n\
         t.dispatchEvent(ecsdom.CustomEvent('py-only', detail=print))\n\
         </script><script>\n\
         try { t.dispatchEvent(new CustomEvent('cross', { detail: () => 1 })); t.setAttribute('js-threw', 'no'); }\n\
         catch (e) { t.setAttribute('js-threw', e.name + ': ' + (e instanceof DOMException)); }\n\
         t.dispatchEvent(new CustomEvent('cross', { detail: { ok: [1, NaN] } }));\n\
         t.addEventListener('py-fn', (e) => t.setAttribute('never', 'ran'));\n\
         </script><script type=text/python>\n\
         import ecsdom\n\
         try:\n\
         \x20\x20\x20\x20t.dispatchEvent(ecsdom.CustomEvent('py-fn', detail=lambda: 1))\n\
         \x20\x20\x20\x20t.setAttribute('py-threw', 'no')\n\
         except ecsdom.DataCloneError as e:\n\
         \x20\x20\x20\x20t.setAttribute('py-threw', type(e).__name__)\n\
         </script></body>\n\
         ",
    );
    let dom = dump_strict(&p);
    assert!(
        dom.contains(
            "<p id=\"t\" js-heard=\"function\" py-only=\"True\" js-threw=\"DataCloneError: true\" py-heard=\"yes\" py-threw=\"DataCloneError\">"
        ),
        "{dom}"
    );
}
