//! `<iframe>`: a nested `about:blank` document once connected to the page
//! (`contentDocument`, in both languages), its `src` loaded into a new
//! document by its file type, `load` fired at the iframe, the document
//! gone once the iframe is removed.

mod common;

use common::{dump_strict, ecsdom, page, text};

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
before = a.contentDocument.getElementById('x')\n\
def loaded(event):\n    document.body.setAttribute('py', f\"{before} {a.contentDocument.getElementById('x').textContent}\")\n\
a.addEventListener('load', loaded)\n\
</script></body>",
    );
    std::fs::write(p.with_file_name("inner.html"), "<p id=x>inner</p>").unwrap();
    std::fs::write(p.with_file_name("note.txt"), "a note").unwrap();
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains(
            "log=\"detached null; b about:blank; appended body; removed null 9; \
             t text/plain a note; a inner inner.html\""
        ),
        "{stdout}"
    );
    // The parser's iframe loads after the parser's scripts, not between
    // two of them.
    assert!(stdout.contains("py=\"None inner\""), "{stdout}");
}

/// A loaded frame's classic scripts run in order, after the script that
/// inserted the iframe, in the frame window's realm (its own `document`,
/// `window`, globals; `parent` is the page's); `load` fires at its window,
/// then at the iframe. Its Python scripts are reported as not run.
#[test]
fn a_loaded_frames_scripts_run_in_its_realm() {
    let p = page(
        "frame-scripts",
        "<title>top</title><body><iframe name=named src=inner.html></iframe><script>\
         var log = ['page'];\
         var f = document.querySelector('iframe');\
         f.onload = function () {\
           var w = f.contentWindow;\
           log.push('iframe load', w.innerVar, typeof innerVar, named === w);\
           document.body.setAttribute('log', log.join(' '));\
         };\
         </script></body>",
    );
    std::fs::write(
        p.with_file_name("inner.html"),
        "<p id=x>inner</p><script>\
         var innerVar = 42;\
         parent.log.push('frame', document.getElementById('x').textContent, parent.document.title,\
           window !== parent, frameElement === parent.f);\
         addEventListener('load', function () { parent.log.push('frame window load'); });\
         </script><script type=text/python>print('no')</script>",
    )
    .unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "log=\"page frame inner top true true frame window load iframe load 42 undefined true\""
        ),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("1 of its scripts did not run"),
        "{}",
        text(&out.stderr)
    );
}

/// Each iframe's window is a realm of its own in JS (its own global,
/// classes and prototypes; its document's nodes have its prototypes; its
/// members throw its `DOMException`) and a `Window` of its own in Python;
/// `parent`, `top`, `frameElement`, `length` and `window[i]` are the
/// window tree's; a node's event path ends at its own document's window.
#[test]
fn an_iframe_has_a_window_and_a_realm_of_its_own() {
    let p = page(
        "frame-windows",
        "<body><script>\
         var log = [];\
         var f = document.createElement('iframe');\
         document.body.appendChild(f);\
         var w = f.contentWindow, d = w.document;\
         log.push(w !== window, d === f.contentDocument, w.parent === window, w.top === window,\
           w.frameElement === f, window.frameElement, window.length, window[0] === w, frames[0] === w);\
         log.push(d.body instanceof w.HTMLBodyElement, d.body instanceof HTMLBodyElement, w.Node !== Node);\
         var t = new w.Text('x');\
         log.push(t.ownerDocument === d, d.defaultView === w, document.defaultView === window);\
         var moved = d.createElement('div'); document.body.appendChild(moved);\
         log.push(moved.ownerDocument === document, moved instanceof w.HTMLDivElement);\
         try { d.appendChild(document.createElement('p')); } catch (e) {\
           log.push(e.name, e instanceof w.DOMException, e instanceof DOMException); }\
         var reached = [];\
         w.addEventListener('go', function (e) { reached.push('frame window'); });\
         window.addEventListener('go', function (e) { reached.push('page window'); });\
         d.body.dispatchEvent(new Event('go', { bubbles: true }));\
         log.push(reached.join('+'));\
         log.push(w.document.implementation.createHTMLDocument('').body instanceof w.HTMLBodyElement);\
         f.remove();\
         log.push(f.contentWindow, w.parent, window.length);\
         document.body.setAttribute('log', log.map(String).join(' '));\
         </script><script type=text/python>\n\
from ecsdom import Event\n\
f = document.createElement('iframe')\n\
document.body.appendChild(f)\n\
w = f.contentWindow\n\
got = []\n\
w.addEventListener('go', lambda e: got.append(e.currentTarget is w))\n\
w.document.body.dispatchEvent(Event('go', bubbles=True))\n\
out = [w is f.contentWindow, w.document == f.contentDocument, w.parent is window,\n\
       w.top is window, w.frameElement == f, window.frameElement, len(window), window[0] is w,\n\
       w.document.defaultView is w, got]\n\
document.body.setAttribute('py', ' '.join(map(str, out)))\n\
</script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains(
            "log=\"true true true true true null 1 true true true false true true true true \
             true true HierarchyRequestError true false frame window true null null 0\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("py=\"True True True True True None 1 True True [True]\""),
        "{stdout}"
    );
}

/// A loaded frame's Python scripts run in globals of their own: the
/// frame's `document` and `window`, none of the page's script variables.
#[test]
fn a_loaded_frames_python_scripts_run_in_globals_of_their_own() {
    let p = page(
        "frame-python",
        "<body><iframe src=inner.html></iframe><script type=text/python>\n\
page_secret = 1\n\
</script></body>",
    );
    std::fs::write(
        p.with_file_name("inner.html"),
        "<p id=x>inner</p><script type=text/python>\n\
seen = document.getElementById('x').textContent\n\
leaked = 'page_secret' in globals()\n\
window.parent.document.body.setAttribute(\n\
    'py', f'{seen} {window.frameElement.localName} {window is window.parent} {leaked}')\n\
</script>",
    )
    .unwrap();
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains("py=\"inner iframe False False\""),
        "{stdout}"
    );
}

/// `srcdoc` comes before `src`: its HTML is the frame's document (at
/// `about:srcdoc`), its scripts run, `load` fires; changing it navigates
/// the frame again.
#[test]
fn srcdoc_is_the_frames_document_before_src() {
    let p = page(
        "frame-srcdoc",
        "<body><iframe id=a src=missing.html srcdoc=\"<p id=x>one</p><script>\
         parent.log.push(document.URL + ' ' + document.getElementById('x').textContent)</script>\">\
         </iframe><script>\
         var log = [];\
         var a = document.getElementById('a');\
         a.onload = function () {\
           log.push('load ' + a.contentDocument.getElementById('x').textContent);\
           if (log.length < 3) a.setAttribute('srcdoc', '<p id=x>two</p>');\
           else document.body.setAttribute('log', log.join('; '));\
         };\
         </script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains("log=\"about:srcdoc one; load one; load two\""),
        "{stdout}"
    );
}

/// A timer of an iframe's window does not run once the iframe is removed
/// (its document is no longer fully active); the page's timers do.
#[test]
fn a_removed_frames_timers_do_not_run() {
    let p = page(
        "frame-timers",
        "<body><script>\
         var log = [];\
         var f = document.createElement('iframe');\
         document.body.appendChild(f);\
         f.contentWindow.setTimeout(function () { log.push('frame timer'); }, 5);\
         f.contentWindow.AbortSignal.timeout(5).onabort = function () { log.push('frame abort'); };\
         var kept = document.createElement('iframe');\
         document.body.appendChild(kept);\
         kept.contentWindow.setTimeout(function () { log.push('kept frame timer'); }, 5);\
         f.remove();\
         setTimeout(function () { log.push('page timer'); document.body.setAttribute('log', log.join('; ')); }, 10);\
         </script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains("log=\"kept frame timer; page timer\""),
        "{stdout}"
    );
}

#[test]
fn the_fragment_of_a_frames_url_is_its_target() {
    let p = page(
        "target",
        "<body><iframe src='inner.html#%C3%A9t%C3%A9'></iframe><script>\
         var f = document.querySelector('iframe');\
         f.addEventListener('load', function () {\
           var d = f.contentDocument;\
           document.body.setAttribute('js', d.URL.split('#')[1] + ' ' + d.querySelector(':target').textContent + ' ' + document.querySelectorAll(':target').length);\
         });\
         </script><script type=text/python>\n\
def check(event):\n    d = document.querySelector('iframe').contentDocument\n    document.body.setAttribute('py', d.querySelector(':target').textContent)\n\
document.querySelector('iframe').addEventListener('load', check)\n\
</script>",
    );
    std::fs::write(p.with_file_name("inner.html"), "<p id=été>summer</p><p>").unwrap();
    let dump = dump_strict(&p);
    assert!(dump.contains("js=\"%C3%A9t%C3%A9 summer 0\""), "{dump}");
    assert!(dump.contains("py=\"summer\""), "{dump}");
}

#[test]
fn location_reads_each_windows_url_and_moves_to_fragments_in_both_languages() {
    let p = page(
        "location",
        "<body><iframe src='inner.html?q#f'></iframe><script>\
         var out = [location.protocol, document.location === location, String(new Document().location)];\
         location.hash = 'x'; out.push(location.hash);\
         var f = document.querySelector('iframe');\
         f.addEventListener('load', function () {\
           var l = f.contentWindow.location;\
           out.push(l.search, l.hash, l.pathname.split('/').pop(), f.contentDocument.location === l);\
           document.body.setAttribute('js', out.join(' '));\
         });\
         </script><script type=text/python>\n\
import ecsdom\n\
out = [window.location.protocol, str(document.location is window.location)]\n\
window.location.hash = 'y'\n\
out.append(window.location.hash)\n\
def loaded(event):\n    l = document.querySelector('iframe').contentWindow.location\n    document.body.setAttribute('py', ' '.join(out + [l.search, l.hash, str(l).split('/')[-1]]))\n\
document.querySelector('iframe').addEventListener('load', loaded)\n\
</script>",
    );
    std::fs::write(p.with_file_name("inner.html"), "<p>inner").unwrap();
    let dump = dump_strict(&p);
    assert!(
        dump.contains("js=\"file: true null #x ?q #f inner.html true\""),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"file: True #y ?q #f inner.html?q#f\""),
        "{dump}"
    );
}

/// A page, its classic scripts and its frames are decoded as HTML's
/// encoding sniffing finds: a `<meta charset>` (windows-1252 here) or a
/// `Content-Type` pragma (Shift_JIS) in the first 1024 bytes; a script
/// without a BOM or charset of its own takes its document's encoding.
/// What Chromium 156 dumps for these files, byte for byte.
#[test]
fn pages_scripts_and_frames_are_decoded_in_the_encoding_they_declare() {
    let p = page(
        "encodings",
        "<!doctype html><meta charset=\"windows-1252\"><title>x</title><body>\
         <script src=\"s.js\"></script>\
         <script>document.body.setAttribute('data-cs', document.characterSet)</script>\
         <iframe src=\"f.html\"></iframe><script>onload = () => {\
         const d = frames[0].document; document.body.append(d.characterSet + ':' + d.body.textContent) }</script>",
    );
    let dir = p.parent().unwrap();
    let html = std::fs::read(&p).unwrap();
    // The title as windows-1252 bytes: "été".
    let html = String::from_utf8(html)
        .unwrap()
        .replace("<title>x", "<title>\u{1}");
    let mut bytes = html.into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes.splice(at..=at, *b"\xe9t\xe9");
    std::fs::write(&p, bytes).unwrap();
    std::fs::write(dir.join("s.js"), b"document.body.append('\xe0 la')").unwrap();
    std::fs::write(
        dir.join("f.html"),
        b"<meta http-equiv=\"content-type\" content=\"text/html; charset=shift_jis\"><body>\x82\xa0",
    )
    .unwrap();
    let out = dump_strict(&p);
    assert!(out.contains("<title>été</title>"), "{out}");
    assert!(out.contains("<body data-cs=\"windows-1252\">"), "{out}");
    assert!(out.contains("</script>à la<script>"), "{out}");
    assert!(out.contains("</script>Shift_JIS:あ</body>"), "{out}");
}

/// Setting a frame window's `location` navigates its iframe: a trusted,
/// cancelable `beforeunload` at the old window first (an
/// `onbeforeunload` result other than null becomes the event's
/// `returnValue`, converted while `window.event` is the event), then the
/// new document and `load` at the iframe; `about:blank` is a new empty
/// document. In both languages.
#[test]
fn a_frames_location_navigates_it_after_beforeunload() {
    let p = page(
        "frame-navigate",
        r#"<body><iframe id=a src=inner.html></iframe><iframe id=b src=inner-py.html></iframe>
<script>
var log = [];
var a = document.getElementById('a');
a.onload = function () {
  var d = a.contentDocument;
  log.push(d.URL.split('/').pop() + ' ' + (d.body && d.body.firstChild ? d.body.firstChild.data : ''));
  if (log.length === 1) a.contentWindow.location.href = 'second.html';
  else if (log.length === 2) a.contentWindow.location.href = 'about:blank';
  else document.body.setAttribute('log', log.join('; ') + '; ' + window.seen + '; ' + window.seen2);
};
</script><script type=text/python>
b = document.getElementById('b')
loads = []
def loaded(event):
    loads.append(b.contentDocument.URL)
    if len(loads) == 1:
        b.contentWindow.location.href = 'about:blank'
    else:
        document.body.setAttribute('py', b.getAttribute('seen') or '')
b.addEventListener('load', loaded)
</script></body>"#,
    );
    std::fs::write(
        p.with_file_name("inner.html"),
        r#"<body>first<script>
onbeforeunload = function () {
  return { toString: function () { parent.seen = window.event.type; return 'stay'; } };
};
addEventListener('beforeunload', function (e) {
  parent.seen2 = e.returnValue + ' ' + e.defaultPrevented + ' ' + e.isTrusted;
});
</script>"#,
    )
    .unwrap();
    std::fs::write(p.with_file_name("second.html"), "<body>second").unwrap();
    std::fs::write(
        p.with_file_name("inner-py.html"),
        r#"<body><script type=text/python>
def on_before(event):
    return 42
window.onbeforeunload = on_before
def listener(event):
    window.frameElement.setAttribute('seen', f'{event.returnValue} {event.defaultPrevented} {type(event).__name__}')
window.addEventListener('beforeunload', listener)
</script>"#,
    )
    .unwrap();
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains(
            "log=\"inner.html first; second.html second; about:blank ; beforeunload; stay true true\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("py=\"42 True BeforeUnloadEvent\""),
        "{stdout}"
    );
}

/// `window.postMessage` in both languages: the message, structured-cloned,
/// arrives as a task (a trusted `MessageEvent` with the sender's origin
/// and window as `source`), only where the origin named matches; a bad
/// origin is a `SyntaxError`, a transfer list a `DataCloneError`.
#[test]
fn post_message_delivers_a_clone_as_a_task_in_both_languages() {
    let p = page(
        "post-message",
        r#"<body><iframe id=f src=inner.html></iframe><script>
var log = [];
addEventListener('message', function (e) {
  log.push(JSON.stringify(e.data) + ' ' + e.origin + ' ' + (e.source === window ? 'self' : e.source === f.contentWindow ? 'frame' : '?') + ' ' + e.isTrusted);
  if (log.length === 7) document.body.setAttribute('log', log.join('; '));
});
var sent = {a: [1, 2]};
postMessage(sent, '*');
sent.a.push(3);
postMessage('slash');
postMessage('elsewhere', 'http://elsewhere.test');
for (const bad of [() => postMessage('x', 'nonsense'), () => postMessage('x', {transfer: [{}]}), () => postMessage()]) {
  try { bad(); } catch (err) { log.push(err.name); }
}
</script><script type=text/python>
def got(e):
    if e.data == "from js frame":
        document.body.setAttribute("py", f"{e.data} {e.source is document.getElementById('f').contentWindow}")
window.addEventListener("message", got)
window.postMessage({"from": "python"}, {"targetOrigin": "/"})
</script></body>"#,
    );
    std::fs::write(
        p.with_file_name("inner.html"),
        "<script>parent.postMessage('from js frame', '*');</script>",
    )
    .unwrap();
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains(
            "log=\"SyntaxError; DataCloneError; TypeError; {&quot;a&quot;:[1,2]} null self true; \
             &quot;slash&quot; null self true; {&quot;from&quot;:&quot;python&quot;} null self true; \
             &quot;from js frame&quot; null frame true\""
        ),
        "{stdout}"
    );
    assert!(stdout.contains("py=\"from js frame True\""), "{stdout}");
}

/// `window.name` in both languages: an iframe's window is named by its
/// `name` attribute (and follows it), a script renames a window; and
/// `window.frames` keeps the order the iframes' contexts were made in,
/// which `moveBefore` does not change.
#[test]
fn window_names_and_frames_order_in_both_languages() {
    let p = page(
        "window-name",
        r#"<body><iframe name=one></iframe><iframe id=two></iframe><script>
var log = [JSON.stringify(name), frames[0].name, JSON.stringify(frames[1].name)];
name = 'page';
frames[1].name = 'renamed';
document.querySelector('iframe').name = 'uno';
log.push(name, frames[0].name, frames[1].name);
document.body.moveBefore(two, document.querySelector('iframe'));
log.push(frames[0].name, document.querySelector('iframe').id);
document.body.setAttribute('log', log.join(' '));
</script><script type=text/python>
window[1].name = "py"
document.body.setAttribute("py", f"{window.name} {window[0].name} {window[1].name} {len(window)}")
</script></body>"#,
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains("log=\"&quot;&quot; one &quot;&quot; page uno renamed uno two\""),
        "{stdout}"
    );
    assert!(stdout.contains("py=\"page uno py 2\""), "{stdout}");
}

/// A `javascript:` URL in an iframe runs in the frame's window; a string
/// result becomes its new document (HTML, at the old document's URL),
/// anything else leaves the frame as it was.
#[test]
fn a_javascript_url_in_an_iframe_makes_its_document_from_a_string() {
    let p = page(
        "frame-javascript",
        r#"<body><script>
var log = [];
function done() { if (log.length === 2) document.body.setAttribute('log', log.sort().join('; ')); }
var a = document.createElement('iframe');
a.onload = function () {
  var d = a.contentDocument;
  log.push('a ' + d.contentType + ' ' + d.URL + ' ' + d.getElementById('x').textContent);
  done();
};
a.src = "javascript:'<p id=x>' + document.contentType + ' %41</p>'";
document.body.appendChild(a);
var b = document.createElement('iframe');
b.onload = function () {
  log.push('b ' + b.contentDocument.body.childNodes.length + ' ' + b.contentWindow.ran);
  done();
};
b.src = 'javascript:window.ran = 1; undefined';
document.body.appendChild(b);
</script></body>"#,
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains("log=\"a text/html about:blank text/html A; b 0 1\""),
        "{stdout}"
    );
}
