//! Custom elements on a page (`customElements`, the HTML element
//! constructors, the reactions): each page's log is the one Chromium 156
//! gives for it (checked on this machine with `chromium --headless
//! --dump-dom`, the log in the title).

mod common;

use common::{dump_strict, page};

/// The page's title: the script's log.
fn title(p: &std::path::Path) -> String {
    let dom = dump_strict(p);
    let start = dom.find("<title>").expect("a title") + "<title>".len();
    let end = dom.find("</title>").expect("a title end");
    dom[start..end].to_owned()
}

#[test]
fn definitions_upgrade_construct_and_call_back_as_in_chromium() {
    let p = page(
        "custom-elements",
        r#"<!doctype html><body><x-early a="1">early</x-early><script>
const log = [];
class XFoo extends HTMLElement {
  static observedAttributes = ['a', 'b'];
  constructor() { super(); log.push('ctor ' + this.getAttribute('a')); this.made = true; }
  connectedCallback() { log.push('connected ' + this.isConnected); }
  disconnectedCallback() { log.push('disconnected'); }
  adoptedCallback(o, n) { log.push('adopted ' + (o === document) + ' ' + (n !== document)); }
  attributeChangedCallback(name, old, now, ns) { log.push(`attr ${name} ${old} ${now} ${ns}`); }
}
log.push(String(document.querySelector('x-early').matches(':defined')));
customElements.define('x-early', XFoo);
const early = document.querySelector('x-early');
log.push('early ' + (early instanceof XFoo) + ' ' + early.made + ' ' + early.matches(':defined'));
const a = document.createElement('x-early');
log.push('created ' + (a instanceof XFoo));
a.setAttribute('b', '2');
a.setAttribute('c', '3');
document.body.append(a);
a.remove();
const b = new XFoo();
log.push('new ' + b.localName + ' ' + (b instanceof XFoo));
document.body.innerHTML += '<x-early a=7></x-early>';
log.push(String(customElements.get('x-early') === XFoo) + ' ' + customElements.getName(XFoo));
try { customElements.define('x-early', class extends HTMLElement {}); } catch (e) { log.push(e.name); }
try { customElements.define('nodash', class extends HTMLElement {}); } catch (e) { log.push(e.name); }
try { new HTMLElement(); } catch (e) { log.push(e.name); }
customElements.whenDefined('x-late').then((c) => { log.push('late defined ' + (c === XLate)); document.title = log.join(' / '); });
class XLate extends HTMLElement {}
customElements.define('x-late', XLate);
const d2 = document.implementation.createHTMLDocument('');
d2.body.append(early);
</script>"#,
    );
    let expected = [
        "false",
        "ctor 1",
        "attr a null 1 null",
        "connected true",
        "early true true true",
        "ctor null",
        "created true",
        "attr b null 2 null",
        "connected true",
        "disconnected",
        "ctor null",
        "new x-early true",
        "ctor 1",
        "attr a null 1 null",
        "connected true",
        "ctor 7",
        "attr a null 7 null",
        "connected true",
        "disconnected",
        "true x-early",
        "NotSupportedError",
        "SyntaxError",
        "TypeError",
        "adopted true true",
        "connected true",
        "late defined true",
    ];
    assert_eq!(title(&p), expected.join(" / "));
}

#[test]
fn the_parser_constructs_defined_elements_as_it_makes_them() {
    // (A browser's parser runs the constructor before the element has its
    // attributes or a parent, then each observed attribute's callback, and
    // connectedCallback once it is inserted, before its children are
    // parsed; a template's contents are inert.)
    let p = page(
        "custom-elements-parsed",
        r#"<!doctype html><head><script>
const log = [];
class XP extends HTMLElement {
  static observedAttributes = ['v'];
  constructor(){ super(); log.push(`ctor ${this.getAttribute('v')} ${this.childNodes.length} ${this.isConnected}`); }
  connectedCallback(){ log.push(`conn ${this.getAttribute('v')} children=${this.children.length} parent=${this.parentNode && this.parentNode.localName}`); }
  attributeChangedCallback(n, o, v){ log.push(`attr ${n} ${o} ${v}`); }
}
customElements.define('x-p', XP);
class FancyP extends HTMLParagraphElement { constructor(){ super(); log.push('fancy ' + this.className); } connectedCallback(){ log.push('fancy conn ' + this.className); } }
customElements.define('fancy-p', FancyP, { extends: 'p' });
</script></head><body>
<x-p v=1 id=a><span>child</span><x-p v=2></x-p></x-p>
<table><x-p v=3></x-p><tr><td>cell</td></tr></table>
<p is=fancy-p class=c1>para</p>
<template><x-p v=4></x-p></template>
<script>log.push('end ' + document.querySelectorAll(':defined').length + ' ' + (document.querySelector('template').content.firstChild instanceof XP)); document.title = log.join(' / ');</script>
</body>"#,
    );
    let expected = [
        "ctor null 0 false",
        "attr v null 1",
        "conn 1 children=0 parent=body",
        "ctor null 0 false",
        "attr v null 2",
        "conn 2 children=0 parent=x-p",
        "ctor null 0 false",
        "attr v null 3",
        "conn 3 children=0 parent=body",
        "fancy ",
        "fancy conn c1",
        "end 15 false",
    ];
    assert_eq!(title(&p), expected.join(" / "));
}

#[test]
fn a_callback_that_throws_is_reported_and_the_others_run() {
    let p = page(
        "custom-elements-throw",
        r#"<!doctype html><body><script>
const log = [];
window.onerror = (m) => { log.push('reported ' + m); return true; };
customElements.define('x-bad', class extends HTMLElement { connectedCallback() { throw new Error('boom'); } });
customElements.define('x-good', class extends HTMLElement { connectedCallback() { log.push('good'); } });
customElements.define('x-broken', class extends HTMLElement { constructor() { super(); throw new Error('ctor'); } });
document.body.append(document.createElement('x-bad'), document.createElement('x-good'));
const broken = document.createElement('x-broken');
log.push('broken ' + broken.matches(':defined'));
document.title = log.join(' / ');
</script>"#,
    );
    assert_eq!(
        title(&p),
        "reported Uncaught Error: boom / good / reported Uncaught Error: ctor / broken false"
    );
}

#[test]
fn customized_built_in_elements_extend_their_element_as_in_chromium() {
    let p = page(
        "custom-elements-built-in",
        r#"<!doctype html><body><button is="fancy-button" id=p>parsed</button><script>
const log = [];
class FancyButton extends HTMLButtonElement {
  constructor() { super(); log.push('ctor ' + this.localName); }
  connectedCallback() { log.push('conn ' + this.id); }
}
customElements.define('fancy-button', FancyButton, { extends: 'button' });
log.push('parsed ' + (document.getElementById('p') instanceof FancyButton));
const c = document.createElement('button', { is: 'fancy-button' });
log.push('created ' + (c instanceof FancyButton) + ' ' + c.outerHTML);
const n = new FancyButton();
log.push('new ' + n.localName + ' ' + (n instanceof HTMLButtonElement) + ' ' + n.outerHTML);
for (const [name, ext] of [['x-one', 'x-two'], ['x-three', 'blink'], ['x-four', 'bogus']]) {
  try { customElements.define(name, class extends HTMLElement {}, { extends: ext }); log.push(name + ' ok'); } catch (e) { log.push(name + ' ' + e.name); }
}
class Wrong extends HTMLElement {}
customElements.define('x-wrong', Wrong, { extends: 'div' });
try { new Wrong(); } catch (e) { log.push('wrong ' + e.name); }
log.push('plain ' + (document.createElement('button', { is: 'x-none' }) instanceof FancyButton));
log.push(String(customElements.get('fancy-button') === FancyButton));
document.title = log.join(' / ');
</script>"#,
    );
    let expected = [
        "ctor button",
        "conn p",
        "parsed true",
        "ctor button",
        r#"created true &lt;button is="fancy-button"&gt;&lt;/button&gt;"#,
        "ctor button",
        r#"new button true &lt;button is="fancy-button"&gt;&lt;/button&gt;"#,
        "x-one NotSupportedError",
        "x-three NotSupportedError",
        "x-four NotSupportedError",
        "wrong TypeError",
        "plain false",
        "true",
    ];
    assert_eq!(title(&p), expected.join(" / "));
}
