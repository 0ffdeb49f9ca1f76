//! Script elements that scripts insert run as in a browser (HTML's
//! "prepare the script element" from the post-connection and children
//! changed steps): inline ones inside the call that inserted them, `src=`
//! ones as the next task with a `load` event; never twice, never from
//! `innerHTML`, never in a document without a browsing context. From
//! either language.

mod common;

use common::{dump_strict, ecsdom, page, text};

#[test]
fn an_inline_script_runs_inside_the_call_that_connects_it() {
    let p = page(
        "inline",
        "<body><script>\
         var log = [];\
         var s = document.createElement('script');\
         s.textContent = 'log.push(\"ran\")';\
         var div = document.createElement('div');\
         div.appendChild(s);\
         log.push('detached');\
         document.body.appendChild(div);\
         log.push('after');\
         document.body.appendChild(s);\
         var empty = document.createElement('script');\
         document.body.appendChild(empty);\
         log.push('empty');\
         empty.appendChild(new Text('log.push(\"text\")'));\
         document.body.insertAdjacentHTML('beforeend', '<script>log.push(\"html\")<\\/script>');\
         var clone = s.cloneNode(true); document.body.appendChild(clone);\
         var data = document.createElement('script'); data.setAttribute('type', 'text/plain');\
         data.textContent = 'log.push(\"data\")'; document.body.appendChild(data);\
         var other = document.implementation.createHTMLDocument('');\
         var o = other.createElement('script'); o.textContent = 'log.push(\"other\")';\
         other.body.appendChild(o);\
         document.body.setAttribute('log', log.join(' '));\
         </script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains("log=\"detached ran after empty text\""),
        "{stdout}"
    );
}

#[test]
fn a_src_script_runs_as_a_task_then_load_fires() {
    let p = page(
        "src",
        "<body><script>\
         var log = [];\
         var s = document.createElement('script');\
         s.setAttribute('src', 'helper.js');\
         s.onload = function () { log.push('load'); done(); };\
         document.body.appendChild(s);\
         log.push('appended');\
         var bad = document.createElement('script');\
         bad.setAttribute('src', 'missing.js');\
         bad.addEventListener('error', function () { log.push('error'); done(); });\
         document.body.appendChild(bad);\
         function done() { document.body.setAttribute('log', log.join(' ')); }\
         </script></body>",
    );
    std::fs::write(p.with_file_name("helper.js"), "log.push('helper');").unwrap();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("log=\"appended helper load error\""),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("missing.js"),
        "the failed load is reported"
    );
}

#[test]
fn python_inserts_scripts_of_both_languages() {
    let p = page(
        "python",
        "<body><script>var fromJs = [];</script>\
         <script type=text/python>\n\
log = []\n\
s = document.createElement('script')\n\
s.setAttribute('type', 'text/python')\n\
s.textContent = 'log.append(\"py\")'\n\
document.body.appendChild(s)\n\
j = document.createElement('script')\n\
j.textContent = 'fromJs.push(\"js\"); document.body.setAttribute(\"js\", fromJs.join())'\n\
document.body.append(j)\n\
document.body.setAttribute('py', ' '.join(log))\n\
</script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(stdout.contains("py=\"py\""), "{stdout}");
    assert!(stdout.contains("js=\"js\""), "{stdout}");
}

#[test]
fn a_script_of_a_language_the_page_has_no_engine_for_is_reported() {
    let p = page(
        "no-engine",
        "<body><script>\
         var s = document.createElement('script'); s.setAttribute('type', 'text/python');\
         s.textContent = 'x = 1'; document.body.appendChild(s);\
         document.body.setAttribute('went', 'on');\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    assert!(
        text(&out.stderr).contains("no engine for it"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("went=\"on\""));
}
