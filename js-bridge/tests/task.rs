//! JS tasks for the scheduler: reads see the snapshot, writes are recorded
//! (not made), errors keep the spec's names, and tasks on several threads
//! read one snapshot at once.

use std::sync::Arc;

use dom_ecs::{CommandBuffer, Document};
use js_bridge::{JsTask, Limits};

const PAGE: &str = "<body><ul id=list><li class=a>one</li><li>two</li></ul><p id=out></p></body>";

fn task(setup: &str) -> JsTask {
    let t = JsTask::new(Limits::default()).unwrap();
    t.run_script(setup, "setup.js").unwrap();
    t
}

#[test]
fn reads_see_the_snapshot_and_writes_are_recorded() {
    let mut doc = Arc::new(Document::parse(PAGE));
    let t = task(
        "function round() {\
           const items = document.getElementById('list').querySelectorAll('li');\
           const before = items[0].textContent;\
           items[0].textContent = 'changed';\
           const after = items[0].textContent;\
           const toggled = items[0].classList.toggle('a');\
           items[1].setAttribute('data-x', '1');\
           document.getElementById('out').setAttribute('seen', [before, after, toggled, items.length, items[0] === document.querySelector('li')].join());\
         }",
    );
    let (result, buffer) = t.run(doc.clone(), "round()", "round.js");
    result.unwrap();
    assert_eq!(buffer.len(), 4, "{:?}", buffer.commands());
    // Nothing changed yet: the task only recorded.
    assert!(doc.to_html().contains("<li class=\"a\">one</li>"));
    let d = Arc::get_mut(&mut doc).expect("the task gave the snapshot back");
    d.apply(&buffer).unwrap();
    let html = d.to_html();
    assert!(
        html.contains("<li class=\"\">changed</li><li data-x=\"1\">two</li>"),
        "{html}"
    );
    // Own writes are not visible inside the run; toggle's result is computed on the snapshot.
    assert!(html.contains("seen=\"one,one,false,2,true\""), "{html}");
}

#[test]
fn errors_keep_their_names_and_the_writes_before_them() {
    let doc = Arc::new(Document::parse(PAGE));
    let t = task("");
    let (result, buffer) = t.run(
        doc.clone(),
        "const li = document.querySelector('li');\
         li.setAttribute('ok', '1');\
         let name = '';\
         try { li.setAttribute('bad name', 'x'); } catch (e) { name = e.name; }\
         li.setAttribute('caught', name);\
         try { li.classList.toggle(''); } catch (e) { li.setAttribute('empty', e.name); }\
         li.classList.add('has space');",
        "errors.js",
    );
    let err = result.unwrap_err();
    assert!(err.contains("InvalidCharacterError"), "{err}");
    let cmds = buffer.commands();
    assert_eq!(
        cmds.len(),
        3,
        "the writes before the uncaught error are kept: {cmds:?}"
    );
    let mut d = Document::parse(PAGE);
    d.apply(&buffer).unwrap();
    assert!(
        d.to_html()
            .contains("ok=\"1\" caught=\"InvalidCharacterError\" empty=\"SyntaxError\""),
        "{}",
        d.to_html()
    );
    // Outside a run there is no document.
    let err = t.run_script("document.body", "outside.js").unwrap_err();
    assert!(err.contains("InvalidStateError"), "{err}");
}

#[test]
fn tasks_on_several_threads_read_one_snapshot() {
    let mut html = String::from("<body>");
    for k in 0..4 {
        html.push_str(&format!("<section id=w{k}>"));
        for i in 0..500 {
            html.push_str(&format!("<i>{i}</i>"));
        }
        html.push_str("</section>");
    }
    let mut doc = Arc::new(Document::parse(&html));
    let buffers: Vec<CommandBuffer> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|k| {
                let snapshot = doc.clone();
                s.spawn(move || {
                    let t = task("");
                    let code = format!(
                        "for (const el of document.getElementById('w{k}').children) el.textContent = 'w{k}:' + el.textContent;"
                    );
                    let (r, b) = t.run(snapshot, &code, "w.js");
                    r.unwrap();
                    b
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let d = Arc::get_mut(&mut doc).expect("every task released the snapshot");
    let refs: Vec<&CommandBuffer> = buffers.iter().collect();
    assert!(CommandBuffer::conflicts(&refs).is_empty());
    assert!(d.apply_in_order(&refs).errors.is_empty());
    let out = d.to_html();
    assert!(
        out.contains("<i>w0:0</i>") && out.contains("<i>w3:499</i>"),
        "{out}"
    );
}
