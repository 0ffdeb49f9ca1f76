//! Dedicated workers and structured clone: a page's `Worker` runs its
//! script on a thread of its own, in a worker's global, and messages
//! cross as structured clones, as tasks of each side's event loop.

mod common;

use common::{dump_strict, ecsdom, page, text};

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
