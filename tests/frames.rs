//! `<iframe>`: a nested `about:blank` document once connected to the page
//! (`contentDocument`, in both languages), its `src` loaded into a new
//! document by its file type, `load` fired at the iframe, the document
//! gone once the iframe is removed.

mod common;

use common::{ecsdom, page, text};

#[test]
fn iframes_get_documents_and_load_their_src() {
    let p = page(
        "frames",
        "<body><iframe id=a src=inner.html></iframe><script>\
         var log = [];\
         var a = document.getElementById('a');\
         a.onload = function () {\
           var d = a.contentDocument;\
           log.push('a ' + d.getElementById('x').textContent + ' ' + d.URL.split('/').pop());\
         };\
         var b = document.createElement('iframe');\
         log.push('detached ' + b.contentDocument);\
         b.onload = function () { log.push('b ' + b.contentDocument.URL); };\
         document.body.appendChild(b);\
         log.push('appended ' + b.contentDocument.body.localName);\
         var t = document.createElement('iframe');\
         t.setAttribute('src', 'note.txt');\
         t.addEventListener('load', function () {\
           var d = t.contentDocument;\
           log.push('t ' + d.contentType + ' ' + d.body.textContent.trim());\
         });\
         document.body.appendChild(t);\
         var kept = b.contentDocument; b.remove();\
         log.push('removed ' + b.contentDocument + ' ' + kept.nodeType);\
         addEventListener('load', function () { document.body.setAttribute('log', log.join('; ')); });\
         </script><script type=text/python>\n\
a = document.getElementById('a')\n\
document.body.setAttribute('py', a.contentDocument.getElementById('x').textContent)\n\
</script></body>",
    );
    std::fs::write(p.with_file_name("inner.html"), "<p id=x>inner</p>").unwrap();
    std::fs::write(p.with_file_name("note.txt"), "a note").unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains(
            "log=\"detached null; b about:blank; appended body; removed null 9; \
             a inner inner.html; t text/plain a note\""
        ),
        "{stdout}"
    );
    assert!(stdout.contains("py=\"inner\""), "{stdout}");
}

#[test]
fn scripts_of_a_loaded_frame_are_reported_not_run() {
    let p = page(
        "frame-scripts",
        "<body><iframe src=inner.html></iframe><script>document.body.id = 'went-on'</script></body>",
    );
    std::fs::write(
        p.with_file_name("inner.html"),
        "<script>parent.document.title = 'ran'</script>",
    )
    .unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    assert!(
        text(&out.stderr).contains("did not run: a nested document has no script realm"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("id=\"went-on\""));
}
