//! HTML element interfaces and reflected attributes
//! (<https://html.spec.whatwg.org/#reflecting-content-attributes-in-idl-attributes>),
//! both languages on one page: each element of its interface's class, and
//! each kind of reflection (URL, enumerated, boolean, `long`, `unsigned
//! long`) reading and writing its content attribute alike.

mod common;

use common::{dump_strict, page};

#[test]
fn both_languages_see_the_html_interfaces_and_reflect_attributes_alike() {
    let p = page(
        "reflect",
        "<!DOCTYPE html><body><iframe src='a b.html' name=f></iframe>\
         <input type=CHECKBOX maxlength=x size=0><table><tr><td colspan=5000></table>\
         <svg><a/></svg><script>\
         var out = [];\
         var f = document.querySelector('iframe'), i = document.querySelector('input');\
         var td = document.querySelector('td');\
         out.push(f.constructor.name, document.querySelector('svg a').constructor.name, document.createElement('blink').constructor.name);\
         out.push(f.src.split('/').pop(), f.name, i.type, i.maxLength, i.size, i.disabled, td.colSpan);\
         i.type = 'bogus'; out.push(i.type, i.getAttribute('type'));\
         try { i.maxLength = -1; } catch (e) { out.push(e.name); }\
         try { i.size = 0; out.push(i.getAttribute('size')); } catch (e) { out.push(e.name); }\
         i.disabled = true; td.colSpan = 0; out.push(td.colSpan);\
         out.push('src' in document.createElement('div'), document.body.dir === '');\
         document.body.setAttribute('js', out.join(' '));\
         </script><script type=text/python>\n\
import ecsdom\n\
f = document.querySelector('iframe'); i = document.querySelector('input'); td = document.querySelector('td')\n\
out = [type(f).__name__, type(document.querySelector('svg a')).__name__, type(document.createElement('blink')).__name__]\n\
out += [f.src.split('/')[-1], f.name, i.type, str(i.maxLength), str(i.size), str(i.disabled).lower(), str(td.colSpan)]\n\
out += [str(isinstance(f, ecsdom.HTMLElement)).lower(), str(hasattr(document.createElement('div'), 'src')).lower()]\n\
try:\n    i.maxLength = -1\n\
except ecsdom.IndexSizeError:\n    out.append('IndexSizeError')\n\
i.disabled = False\n\
document.body.setAttribute('py', ' '.join(out))\n\
</script>",
    );
    std::fs::write(p.with_file_name("a b.html"), "<p>framed").unwrap();
    let dump = dump_strict(&p);
    assert!(
        dump.contains(
            "js=\"HTMLIFrameElement SVGAElement HTMLUnknownElement a%20b.html f checkbox -1 20 false 1000 text bogus IndexSizeError 20 1 false true\""
        ),
        "{dump}"
    );
    assert!(
        dump.contains(
            "py=\"HTMLIFrameElement SVGAElement HTMLUnknownElement a%20b.html f text -1 20 true 1 true false IndexSizeError\""
        ),
        "{dump}"
    );
    // The writes are the content attributes.
    assert!(
        dump.contains("<input type=\"bogus\" maxlength=\"x\" size=\"20\">"),
        "{dump}"
    );
    assert!(dump.contains("<td colspan=\"0\">"), "{dump}");
}

#[test]
fn table_helpers_work_alike_in_both_languages() {
    let p = page(
        "tables",
        "<!DOCTYPE html><body><table id=t><tbody><tr><td>1<td>2</tr></tbody><thead><tr><th>h</thead></table><script>\
         var t = document.getElementById('t');\
         var rows = t.rows; var r = t.insertRow(-1); r.insertCell(0).textContent = 'js';\
         document.body.setAttribute('js', [rows.length, rows[0].textContent, r.rowIndex, t.tBodies[0].rows[1].cells[0].cellIndex].join(' '));\
         </script><script type=text/python>\n\
t = document.getElementById('t')\n\
r = t.insertRow(0)\n\
r.insertCell().textContent = 'py'\n\
t.deleteRow(-1)\n\
document.body.setAttribute('py', ' '.join(str(x) for x in [len(t.rows), t.rows[1].textContent, r.sectionRowIndex, type(r).__name__]))\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(dump.contains("js=\"3 h 2 0\""), "{dump}");
    assert!(dump.contains("py=\"3 h 0 HTMLTableRowElement\""), "{dump}");
}

#[test]
fn a_links_url_parts_work_alike_in_both_languages() {
    let p = page(
        "links",
        "<!DOCTYPE html><base href='http://example.com/dir/'><a id=a href='p?q=1#h'>x</a><a id=b href='p'>y</a><script>\
         var a = document.getElementById('a'); a.hash = 'top';\
         document.body.setAttribute('js', [a.href, a.host, a.pathname, a.search, a.origin, String(a) === a.href].join(' '));\
         </script><script type=text/python>\n\
b = document.getElementById('b')\n\
b.port = '8080'\n\
document.body.setAttribute('py', ' '.join([b.href, b.host, b.protocol, b.hash or '-']))\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains("js=\"http://example.com/dir/p?q=1#top example.com /dir/p ?q=1 http://example.com true\""),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"http://example.com:8080/dir/p example.com:8080 http: -\""),
        "{dump}"
    );
    assert!(
        dump.contains("href=\"http://example.com:8080/dir/p\""),
        "{dump}"
    );
}

/// `style` (CSSOM's `CSSStyleDeclaration`): the style attribute parsed by
/// the style engine, its property attributes, `setProperty`'s validation
/// and the attribute written back, alike in both languages.
#[test]
fn inline_style_works_alike_in_both_languages() {
    let p = page(
        "style",
        "<!DOCTYPE html><body><p id=a style='COLOR: red; margin: 1px 2px; bogus: 1'>a</p>\
         <p id=b>b</p><script>\
         var s = document.getElementById('a').style;\
         var log = [s.length, s[1], s.color, s.marginLeft, s['margin-top']];\
         s.display = 'none'; s.width = 'wide'; s.setProperty('Float', 'left', 'important');\
         log.push(s.getPropertyPriority('float'), s.removeProperty('margin'));\
         document.getElementById('b').style = 'color: blue';\
         document.body.setAttribute('js', log.join(' '));\
         </script><script type=text/python>\n\
s = document.getElementById('b').style\n\
log = [len(s), s[0], s.color, s['color'], 'width' in s]\n\
s.backgroundColor = 'rgb(1, 2, 3)'\n\
s.width = 'wide'\n\
s['margin'] = '0'\n\
del s['color']\n\
log.append(s.cssText)\n\
document.body.setAttribute('py', ' '.join(str(x) for x in log))\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains("id=\"a\" style=\"color: red; display: none; float: left !important;\""),
        "{dump}"
    );
    assert!(
        dump.contains("js=\"5 margin-top red 2px 1px important 1px 2px\""),
        "{dump}"
    );
    assert!(
        dump.contains(
            "py=\"1 color blue blue False background-color: rgb(1, 2, 3); margin: 0px;\""
        ),
        "{dump}"
    );
}

/// SVG elements (SVG 2's `SVGElement`, `SVGAElement`): their classes, the
/// mixins' members (`style`, `dataset`, `focus`), `relList`, and event
/// handler content attributes, alike in both languages.
#[test]
fn svg_elements_have_their_interfaces_in_both_languages() {
    let p = page(
        "svg",
        "<!DOCTYPE html><body><svg><a rel='x y' tabindex=0><circle data-k=v onclick=\"this.setAttribute('clicked', '')\"/></a></svg><script>\
         var a = document.querySelector('svg a'), c = document.querySelector('circle');\
         c.dispatchEvent(new MouseEvent('click'));\
         a.relList.add('z'); a.focus();\
         var out = [a.constructor.name, c.constructor.name, a instanceof SVGGraphicsElement, c.hasAttribute('clicked'),\
           a.rel, c.dataset.k, document.activeElement === a, typeof c.style.setProperty];\
         document.body.setAttribute('js', out.join(' '));\
         </script><script type=text/python>\n\
import ecsdom\n\
a = document.querySelector('svg a'); c = document.querySelector('circle')\n\
a.blur()\n\
out = [type(a).__name__, type(c).__name__, str(isinstance(a, ecsdom.SVGGraphicsElement)).lower(), a.rel, c.dataset['k'], str(document.activeElement == document.body).lower()]\n\
document.body.setAttribute('py', ' '.join(out))\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains("js=\"SVGAElement SVGElement true true x y z v true function\""),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"SVGAElement SVGElement true x y z v true\""),
        "{dump}"
    );
}
