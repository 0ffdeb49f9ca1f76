//! The members generated from the IDL and `webidl/bindings.txt`, as a
//! script sees them: constants on the interface object and prototype,
//! writable attributes with WebIDL's conversions of `null`.

use std::rc::Rc;
use std::sync::{Arc, Mutex};

use dom_ecs::Document;
use js_bridge::{JsPage, Limits};

fn run(html: &str, src: &str) {
    let doc = Arc::new(Mutex::new(Document::parse(html)));
    let js = JsPage::new(Rc::new(doc), Box::new(|_, _| {}), Limits::default()).unwrap();
    if let Err(e) = js.run_script(src, "test.js") {
        panic!("script failed: {e}\n--- script:\n{src}");
    }
}

const EQ: &str = "const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };";

#[test]
fn constants_are_read_only_on_the_interface_and_its_prototype() {
    run(
        "<p id=p>x</p>",
        &format!(
            r#"{EQ}
            'use strict';
            eq(Node.DOCUMENT_POSITION_CONTAINED_BY, 16);
            eq(Node.NOTATION_NODE, 12);
            eq(document.getElementById('p').TEXT_NODE, 3);
            eq(Element.ELEMENT_NODE, 1); // through the constructor's prototype chain
            eq(Object.hasOwn(Element, 'ELEMENT_NODE'), false);
            eq(Event.AT_TARGET, 2);
            eq(new Event('x').CAPTURING_PHASE, 1);
            const d = Object.getOwnPropertyDescriptor(Node, 'ELEMENT_NODE');
            eq(d.writable || d.configurable, false);
            eq(d.enumerable, true);
            let threw = false;
            try {{ (function () {{ 'use strict'; Node.ELEMENT_NODE = 5; }})(); }} catch (e) {{ threw = e instanceof TypeError; }}
            eq(threw, true);
            "#
        ),
    );
}

#[test]
fn writable_attributes_convert_null_as_their_idl_type_says() {
    run(
        "<title> a  b </title><p id=p>hi<!--c--></p>",
        &format!(
            r#"{EQ}
            const p = document.getElementById('p');
            const [t, c] = [p.firstChild, p.lastChild];
            eq(p.nodeType, 1); eq(t.nodeType, 3); eq(document.nodeType, 9);
            // nodeValue: DOMString?; null for elements and documents, whose
            // setter does nothing.
            eq(p.nodeValue, null); eq(document.nodeValue, null); eq(t.nodeValue, 'hi');
            p.nodeValue = 'ignored'; eq(p.textContent, 'hi');
            c.nodeValue = null; eq(c.data, '');
            // data: [LegacyNullToEmptyString] DOMString; undefined is "undefined".
            t.data = null; eq(t.data, '');
            t.data = undefined; eq(t.data, 'undefined');
            t.data = 42; eq(t.nodeValue, '42');
            // textContent: DOMString?; null and undefined both clear.
            eq(document.textContent, null);
            p.textContent = 'x'; p.textContent = undefined; eq(p.childNodes.length, 0);
            // title: DOMString; null is "null".
            eq(document.title, 'a b');
            document.title = null; eq(document.title, 'null');
            const pi = document.createProcessingInstruction('tgt', 'd');
            eq(pi.target, 'tgt'); eq(pi.nodeValue, 'd');
            "#
        ),
    );
}

#[test]
fn tree_mutators_return_their_argument_and_body_is_writable() {
    run(
        "<body><p id=p>x</p></body>",
        &format!(
            r#"{EQ}
            const p = document.getElementById('p');
            const q = document.createElement('q');
            eq(document.body.appendChild(q), q);
            eq(document.body.insertBefore(document.createTextNode('t'), q).data, 't');
            eq(document.body.replaceChild(document.createElement('i'), q), q);
            let msg = '';
            try {{ document.body.insertBefore(q); }} catch (e) {{ msg = e.constructor.name; }}
            eq(msg, 'TypeError');
            // An explicit undefined is an argument: `Node?` converts it to null.
            eq(document.body.insertBefore(q, undefined), q);
            eq(document.body.lastChild, q);
            msg = '';
            try {{ document.body.appendChild(undefined); }} catch (e) {{ msg = e.constructor.name; }}
            eq(msg, 'TypeError');
            eq(document.body.removeChild(p), p);
            p.remove(); document.createComment('c').remove();
            eq(document.documentElement.localName, 'html');
            eq(document.head.localName, 'head');
            eq(document.doctype, null);
            // The body setter (HTML's "the body"): replaces the body.
            const b = document.createElement('body');
            b.id = 'new';
            document.body = b;
            eq(document.body.id, 'new');
            eq(document.documentElement.lastChild, b);
            try {{ document.body = document.createElement('div'); }} catch (e) {{ msg = e.name; }}
            eq(msg, 'HierarchyRequestError');
            try {{ document.body = null; msg = ''; }} catch (e) {{ msg = e.name; }}
            eq(msg, 'HierarchyRequestError');
            "#
        ),
    );
}

#[test]
fn generated_members_are_natives_with_webidl_shape_and_checks() {
    run(
        "<p id=p title=t>x</p>",
        &format!(
            r#"{EQ}
            const p = document.getElementById('p');
            eq(Node.prototype.appendChild.name, 'appendChild');
            eq(Node.prototype.appendChild.length, 1);
            eq(Node.prototype.insertBefore.length, 2);
            eq(Node.prototype.cloneNode.length, 0);
            const d = Object.getOwnPropertyDescriptor(Node.prototype, 'parentNode');
            eq(d.get.name, 'get parentNode'); eq(d.set, undefined);
            eq(d.enumerable && d.configurable, true);
            eq(Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').set.name, 'set textContent');
            // `this` must be a node.
            let msg = '';
            try {{ Node.prototype.appendChild.call({{}}, p); }} catch (e) {{ msg = e.constructor.name + ': ' + e.message; }}
            eq(msg, 'TypeError: Illegal invocation');
            try {{ d.get.call(Object.create(Node.prototype)); }} catch (e) {{ msg = e.constructor.name; }}
            eq(msg, 'TypeError');
            // Too few arguments, and an explicit undefined that converts.
            try {{ p.getAttribute(); }} catch (e) {{ msg = e.message; }}
            eq(msg, "Failed to execute 'getAttribute': 1 argument required, but only 0 present.");
            eq(p.getAttribute(undefined), null);
            p.setAttribute('undefined', 'u');
            eq(p.getAttribute(undefined), 'u');
            // ToString runs the object's own toString.
            eq(p.getAttribute({{ toString() {{ return 'title'; }} }}), 't');
            eq(p.hasAttribute('title'), true);
            // Reflected DOMString attributes: null is "null".
            p.id = null; eq(p.getAttribute('id'), 'null'); eq(p.id, 'null');
            eq(p.slot, ''); p.slot = 's'; eq(p.getAttribute('slot'), 's');
            p.className = 'a'; eq(p.className, 'a');
            // [Unscopable] members are in the prototype's @@unscopables.
            const u = Element.prototype[Symbol.unscopables];
            eq(Object.getPrototypeOf(u), null);
            eq(u.slot && u.append && u.before && u.remove, true);
            eq(u.id, undefined);
            eq(CharacterData.prototype[Symbol.unscopables].after, true);
            eq(Object.getOwnPropertyDescriptor(Element.prototype, Symbol.unscopables).writable, false);
            // A node of the same object back.
            eq(p.firstChild.parentNode, p);
            "#
        ),
    );
}

#[test]
fn event_composed_comes_from_the_init_dictionary() {
    run(
        "<p id=p></p>",
        &format!(
            r#"{EQ}
            eq(new Event('x').composed, false);
            eq(new Event('x', {{ composed: true }}).composed, true);
            eq(new CustomEvent('y', {{ composed: 1 }}).composed, true);
            let seen = '';
            const p = document.getElementById('p');
            p.addEventListener('click', (e) => {{ seen = `${{e.composed}} ${{e.isTrusted}}`; }});
            p.click();
            eq(seen, 'true false');
            "#
        ),
    );
}
