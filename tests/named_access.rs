//! Named access on the window (an element's `id`, and the `name` of an
//! `embed`, `form`, `img` or `object`, as a property of the window and a
//! global), in both languages on one page: after the window's own
//! properties, before what it inherits; an undefined name is still a
//! `ReferenceError` in JS.

mod common;

use common::{dump_strict, page};

#[test]
fn ids_and_names_read_as_globals_in_both_languages() {
    let p = page(
        "named",
        "<body><div id=box></div><img name=pic><p id=two></p><p id=two></p><script>\
         var log = [box.tagName, window.box === document.getElementById('box'), pic.tagName, two.length];\
         try { notDefinedAnywhere; log.push('no error') } catch (e) { log.push(e.name) }\
         log.push(typeof alsoNotDefined, 'box' in window);\
         log.push(window.addEventListener === EventTarget.prototype.addEventListener);\
         var own = 1; box = 'shadowed'; log.push(box, window.box);\
         document.getElementById('box').id = 'renamed';\
         log.push(typeof renamed, renamed.tagName);\
         document.body.setAttribute('js', log.join(' '));\
         </script><script type=text/python>\n\
document.body.setAttribute('py', window.pic.tagName + ' ' + str(len(window.two)))\n\
</script></body>",
    );
    let stdout = dump_strict(&p);
    assert!(
        stdout.contains(
            "js=\"DIV true IMG 2 ReferenceError undefined true true shadowed shadowed object DIV\""
        ),
        "{stdout}"
    );
    assert!(stdout.contains("py=\"IMG 2\""), "{stdout}");
}
