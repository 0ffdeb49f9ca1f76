//! The web platform's objects of no document, both languages on one page:
//! the URL Standard's `URL` and `URLSearchParams`, the Encoding Standard's
//! `TextDecoder` and `TextEncoder`.

mod common;

use common::{dump_strict, page};

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
