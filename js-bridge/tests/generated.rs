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

#[test]
fn collections_are_live_with_indexed_and_named_properties() {
    run(
        "<div id=d><p class=a id=p1 name=n1>1</p>x<p>2</p></div>",
        &format!(
            r#"{EQ}
            const d = document.getElementById('d');
            const cn = d.childNodes, ch = d.children;
            const ps = document.getElementsByTagName('p'), as = document.getElementsByClassName('a');
            // [SameObject]
            eq(cn, d.childNodes); eq(ch, d.children);
            eq(cn.length, 3); eq(ch.length, 2); eq(ps.length, 2); eq(as.length, 1);
            eq(cn[1].data, 'x'); eq(ch[1].textContent, '2'); eq(ps.item(0).id, 'p1');
            eq(cn[3], undefined); eq(cn.item(3), null);
            // Named properties of an HTMLCollection: ids and names.
            eq(ps.p1, ps[0]); eq(ps.n1, ps[0]); eq(ps.namedItem('n1'), ps[0]);
            eq('p1' in ps, true); eq('p1' in cn, false);
            // Live: a change shows in every collection at once.
            const p = document.createElement('p');
            p.className = 'a';
            d.appendChild(p);
            eq(cn.length, 4); eq(ch[2], p); eq(ps.length, 3); eq(as[1], p);
            p.classList.remove('a');
            eq(as.length, 1);
            // querySelectorAll is static.
            const q = document.querySelectorAll('p');
            p.remove();
            eq(q.length, 3); eq(q[2], p); eq(ch.length, 2);
            // Own properties: indices enumerable, names not.
            eq(JSON.stringify(Object.keys(ps)), '["0","1"]');
            eq(JSON.stringify(Object.getOwnPropertyNames(ps)), '["0","1","p1","n1"]');
            eq(Object.getOwnPropertyDescriptor(ps, 'p1').enumerable, false);
            eq(Object.hasOwn(ps, 'length'), false);
            // Prototype members and WebIDL's iteration.
            eq(typeof Object.getOwnPropertyDescriptor(NodeList.prototype, 'length').get, 'function');
            eq(NodeList.prototype[Symbol.iterator], Array.prototype.values);
            eq(NodeList.prototype.forEach, Array.prototype.forEach);
            eq([...ch].length, 2); eq(Array.from(ps)[1].textContent, '2');
            eq(Object.prototype.toString.call(cn), '[object NodeList]');
            eq(Object.getPrototypeOf(ps), HTMLCollection.prototype);
            // Read-only indices; expandos are ordinary properties.
            ps[0] = 5; eq(ps[0].id, 'p1');
            // (Object and string values: the set hook must not release a
            // reference it was lent.)
            const extra = {{ n: 1 }};
            ps.extra = extra; eq(ps.extra, extra); ps.label = 'a' + 'b'; eq(ps.label, 'ab');
            let threw = null;
            try {{ NodeList.prototype.item.call({{}}, 0); }} catch (e) {{ threw = e.constructor; }}
            eq(threw, TypeError);
            threw = null;
            try {{ new HTMLCollection(); }} catch (e) {{ threw = e.constructor; }}
            eq(threw, TypeError);
            "#
        ),
    );
}

#[test]
fn a_collection_keeps_its_root_alive() {
    run(
        "",
        &format!(
            r#"{EQ}
            let c = document.createElement('div');
            c.append(document.createElement('b'), 'x');
            c = c.childNodes;
            for (let k = 0; k < 20000; k++) document.createElement('i');
            eq(c.length, 2); eq(c[0].localName, 'b');
            "#
        ),
    );
}

#[test]
fn a_token_list_has_indexed_properties_and_its_accessors() {
    run(
        "<p id=p class='a b'></p>",
        &format!(
            r#"{EQ}
            const p = document.getElementById('p'), l = p.classList;
            eq(l, p.classList);
            eq(l[0], 'a'); eq(l[1], 'b'); eq(l[2], undefined); eq(l.item(2), null);
            eq(JSON.stringify(Object.keys(l)), '["0","1"]');
            l.add('c'); eq(l[2], 'c'); eq(l.length, 3);
            eq(l.value, 'a b c'); eq(String(l), 'a b c');
            l.value = 'x y';
            eq(p.className, 'x y'); eq(Object.hasOwn(l, 'value'), false); eq(l[1], 'y');
            eq([...l].join(), 'x,y'); eq(DOMTokenList.prototype.forEach, Array.prototype.forEach);
            l[0] = 'z'; eq(l[0], 'x');
            let threw = null;
            try {{ l.supports('x'); }} catch (e) {{ threw = e.constructor; }}
            eq(threw, TypeError);
            "#
        ),
    );
}

#[test]
fn attributes_is_a_live_named_node_map() {
    run(
        "<p id=p title=t></p><svg><a xlink:href=u></a></svg>",
        &format!(
            r#"{EQ}
            const p = document.getElementById('p'), m = p.attributes;
            eq(m, p.attributes); eq(m.length, 2);
            eq(m[1].name, 'title'); eq(m.title, m[1]); eq(m.getNamedItem('TITLE'), m[1]);
            eq(JSON.stringify(Object.getOwnPropertyNames(m)), '["0","1","id","title"]');
            p.setAttribute('z', '1');
            eq(m.length, 3); eq(m.z, p.getAttributeNode('z'));
            const r = m.removeNamedItem('title');
            eq(r.name, 'title'); eq(r.localName, 'title'); eq(r.ownerElement, null);
            eq(m.length, 2); eq('title' in m, false);
            const link = document.querySelector('svg a').attributes['xlink:href'];
            eq(link.prefix, 'xlink'); eq(link.localName, 'href');
            let threw = null;
            try {{ m.removeNamedItem('nope'); }} catch (e) {{ threw = e.name; }}
            eq(threw, 'NotFoundError');
            "#
        ),
    );
}
