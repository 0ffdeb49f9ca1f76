//! The JS DOM against WHATWG behaviour: classes and prototype chain, node
//! identity, navigation and mutation, DOMException names, console, script
//! isolation and the time limit.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dom_ecs::Document;
use js_bridge::{JsPage, Limits};

type Log = Rc<RefCell<Vec<(u8, String)>>>;

fn page(html: &str) -> (Arc<Mutex<Document>>, JsPage, Log) {
    page_with(html, Limits::default())
}

fn page_with(html: &str, limits: Limits) -> (Arc<Mutex<Document>>, JsPage, Log) {
    let doc = Arc::new(Mutex::new(Document::parse(html)));
    let log: Log = Rc::default();
    let l = log.clone();
    let js = JsPage::new(
        Rc::new(doc.clone()),
        Box::new(move |lvl, s| l.borrow_mut().push((lvl, s.to_owned()))),
        limits,
    )
    .unwrap();
    (doc, js, log)
}

/// Run a script that must not throw.
fn ok(js: &JsPage, src: &str) {
    if let Err(e) = js.run_script(src, "test.js") {
        panic!("script failed: {e}\n--- script:\n{src}");
    }
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>T</title></head><body>\
    <div id=main class='card big'><p id=p1>one</p><p id=p2 class=x>two</p></div>\
    <ul><li>a</li><li class=x>b</li><li>c</li></ul></body></html>";

#[test]
fn classes_and_prototype_chain() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const main = document.getElementById('main');
        eq(main instanceof HTMLElement, true);
        eq(main instanceof Element, true);
        eq(main instanceof Node, true);
        eq(main instanceof EventTarget, true);
        eq(document instanceof Document, true);
        eq(main.firstChild.firstChild instanceof Text, true);
        eq(main.firstChild.firstChild instanceof CharacterData, true);
        eq(document.doctype instanceof DocumentType, true);
        eq(Node.ELEMENT_NODE, 1); eq(main.ELEMENT_NODE, 1); eq(Node.TEXT_NODE, 3);
        eq(main.nodeType, Node.ELEMENT_NODE);
        eq(window, globalThis); eq(window.document, document);
        let threw = false; try { new Node(); } catch (e) { threw = e instanceof TypeError; }
        eq(threw, true);
    "#,
    );
}

#[test]
fn the_same_node_is_the_same_object() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const a = document.getElementById('p1');
        const b = document.querySelector('#p1');
        if (a !== b) throw new Error('identity');
        if (a.parentNode !== document.getElementById('main')) throw new Error('parent identity');
        if (document.body.firstChild.firstChild !== a) throw new Error('navigation identity');
        a.marker = 42;
        if (document.querySelectorAll('p')[0].marker !== 42) throw new Error('expando lost');
    "#,
    );
}

#[test]
fn navigation_and_mutation() {
    let (doc, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const main = document.getElementById('main');
        const [p1, p2] = main.children;
        if (main.childElementCount !== 2 || p1.nextElementSibling !== p2) throw new Error('nav');
        const li = document.createElement('li');
        li.textContent = 'new';
        document.querySelector('ul').appendChild(li);
        main.insertBefore(document.createElement('hr'), p2);
        p1.remove();
        p2.classList.add('y'); p2.classList.toggle('x');
        p2.setAttribute('data-k', 7);
        main.append('tail', document.createComment('c'));
        document.title = 'New title';
        const frag = document.createDocumentFragment();
        frag.append(document.createElement('b'), document.createElement('i'));
        document.body.appendChild(frag);
        if (frag.childNodes.length !== 0) throw new Error('fragment not emptied');
        if (document.querySelectorAll('li').length !== 4) throw new Error('qsa');
        if (p1.textContent !== 'one' || p1.parentNode !== null) throw new Error('removed node');
    "#,
    );
    let d = doc.lock().unwrap();
    assert_eq!(
        d.to_html(),
        "<!DOCTYPE html><html><head><title>New title</title></head><body>\
         <div id=\"main\" class=\"card big\"><hr><p id=\"p2\" class=\"y\" data-k=\"7\">two</p>tail<!--c--></div>\
         <ul><li>a</li><li class=\"x\">b</li><li>c</li><li>new</li></ul><b></b><i></i></body></html>"
    );
}

#[test]
fn errors_are_dom_exceptions_with_spec_names() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const main = document.getElementById('main');
        const expect = (name, code, f) => {
            try { f(); } catch (e) {
                if (!(e instanceof DOMException)) throw new Error(`not a DOMException: ${e}`);
                if (e.name !== name) throw new Error(`${e.name} !== ${name}`);
                if (code !== undefined && e.code !== code) throw new Error(`code ${e.code} !== ${code}`);
                return;
            }
            throw new Error(`${name} not thrown`);
        };
        expect('HierarchyRequestError', 3, () => main.firstChild.appendChild(main));
        expect('NotFoundError', 8, () => main.removeChild(document.body));
        expect('InvalidCharacterError', 5, () => document.createElement('1x'));
        expect('SyntaxError', 12, () => document.querySelector('p >'));
        expect('SyntaxError', 12, () => main.classList.add(''));
        let t; try { main.appendChild('text'); } catch (e) { t = e; }
        if (!(t instanceof TypeError)) throw new Error('wrong type should be a TypeError');
    "#,
    );
}

#[test]
fn a_failing_script_reports_and_the_next_one_runs() {
    let (_, js, log) = page(PAGE);
    let err = js
        .run_script(
            "var before = 1;\ndocument.body.appendChild(document.body);\n",
            "bad.js",
        )
        .unwrap_err();
    assert!(err.starts_with("Uncaught HierarchyRequestError"), "{err}");
    assert!(err.contains("bad.js:2"), "{err}");
    ok(
        &js,
        "console.log('after', before + 1, {a: 1}, null); console.error('oops')",
    );
    assert_eq!(
        *log.borrow(),
        vec![
            (0, "after 2 {\"a\":1} null".to_owned()),
            (2, "oops".to_owned())
        ]
    );
}

#[test]
fn a_runaway_script_is_interrupted() {
    let limits = Limits {
        script_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let (_, js, _) = page_with(PAGE, limits);
    let err = js.run_script("while (true) {}", "loop.js").unwrap_err();
    assert!(err.contains("interrupted"), "{err}");
    ok(&js, "document.body.setAttribute('alive', '1')");
}

#[test]
fn runaway_allocation_hits_the_memory_limit() {
    let limits = Limits {
        memory_limit: 32 << 20,
        ..Limits::default()
    };
    let (_, js, _) = page_with(PAGE, limits);
    let err = js
        .run_script(
            "const a = []; while (true) a.push(new Array(1e5).fill(1));",
            "mem.js",
        )
        .unwrap_err();
    assert!(err.to_lowercase().contains("memory"), "{err}");
}

#[test]
fn js_references_keep_removed_nodes_alive_and_release_them_when_collected() {
    let (doc, js, _) = page(PAGE);
    ok(
        &js,
        "globalThis.kept = document.getElementById('main'); kept.remove();",
    );
    doc.lock().unwrap().collect_garbage();
    ok(
        &js,
        "if (kept.querySelector('#p2').textContent !== 'two') throw new Error('lost');",
    );
    ok(&js, "globalThis.kept = null;");
    js.collect_garbage();
    js.run_jobs().unwrap();
    let mut d = doc.lock().unwrap();
    assert!(
        d.collect_garbage() >= 5,
        "the removed subtree is reclaimed once JS lets go"
    );
    d.check_invariants().unwrap();
}

#[test]
fn events_capture_target_bubble_and_window() {
    let (_, js, log) = page(PAGE);
    ok(
        &js,
        r#"
        const seen = [];
        const main = document.getElementById('main'), p1 = document.getElementById('p1');
        const rec = (tag) => (e) => seen.push(`${tag}:${e.eventPhase}:${e.currentTarget === window ? 'window' : e.currentTarget.nodeName}`);
        window.addEventListener('ping', rec('wc'), true);
        window.addEventListener('ping', rec('wb'));
        document.addEventListener('ping', rec('dc'), { capture: true });
        main.addEventListener('ping', rec('mb'));
        main.addEventListener('ping', rec('mc'), true);
        p1.addEventListener('ping', rec('t1'));
        p1.addEventListener('ping', rec('t2'), { once: true });
        const ev = new CustomEvent('ping', { bubbles: true, cancelable: true, detail: { n: 1 } });
        if (p1.dispatchEvent(ev) !== true) throw new Error('not canceled, so true');
        if (ev.target !== p1 || ev.eventPhase !== 0 || ev.currentTarget !== null) throw new Error('after dispatch');
        if (ev.detail.n !== 1) throw new Error('detail');
        console.log(seen.join(' '));
        seen.length = 0;
        p1.dispatchEvent(new Event('ping'));  // no bubbling; once listener gone
        console.log(seen.join(' '));
    "#,
    );
    assert_eq!(
        log.borrow()
            .iter()
            .map(|l| l.1.as_str())
            .collect::<Vec<_>>(),
        vec![
            "wc:1:window dc:1:#document mc:1:DIV t1:2:P t2:2:P mb:3:DIV wb:3:window",
            "wc:1:window dc:1:#document mc:1:DIV t1:2:P",
        ]
    );
}

#[test]
fn stop_propagation_prevent_default_and_click() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const main = document.getElementById('main'), p1 = document.getElementById('p1');
        let outer = 0, second = 0;
        main.addEventListener('click', () => outer++);
        p1.addEventListener('click', (e) => { e.stopImmediatePropagation(); e.preventDefault(); });
        p1.addEventListener('click', () => second++);
        const ev = new Event('click', { bubbles: true, cancelable: true });
        if (p1.dispatchEvent(ev) !== false || !ev.defaultPrevented) throw new Error('canceled');
        if (outer !== 0 || second !== 0) throw new Error('stopped');
        let clicks = 0;
        document.getElementById('p2').addEventListener('click', function (e) {
            if (this !== e.currentTarget) throw new Error('this');
            clicks++;
        });
        document.getElementById('p2').click();
        main.addEventListener('x', (e) => e.preventDefault(), { passive: true });
        const px = new Event('x', { cancelable: true });
        main.dispatchEvent(px);
        if (px.defaultPrevented) throw new Error('passive listeners can not cancel');
        if (clicks !== 1 || outer !== 1) throw new Error(`click ${clicks} ${outer}`);
        const l = () => { throw new Error('removed'); };
        main.addEventListener('y', l); main.removeEventListener('y', l);
        main.dispatchEvent(new Event('y'));
    "#,
    );
}

#[test]
fn a_throwing_listener_is_reported_and_the_others_run() {
    let (_, js, log) = page(PAGE);
    ok(
        &js,
        r#"
        const main = document.getElementById('main');
        let after = false;
        main.addEventListener('boom', () => { throw new TypeError('listener failed'); });
        main.addEventListener('boom', () => { after = true; });
        main.dispatchEvent(new Event('boom'));
        if (!after) throw new Error('the second listener must run');
    "#,
    );
    assert!(
        log.borrow()
            .iter()
            .any(|(lvl, s)| *lvl == 2 && s.starts_with("Uncaught TypeError: listener failed"))
    );
}

/// A listener whose function refers to its own detached node makes a cycle
/// through the DOM (function -> wrapper -> pinned node -> listener list ->
/// function) that the collection of listener cycles frees; a tree
/// something still reaches keeps every listener, even one on a node whose
/// wrapper nothing else holds.
#[test]
fn listener_cycles_through_detached_nodes_are_collected() {
    let (doc, js, _) = page("<body></body>");
    let nodes = || doc.lock().unwrap().node_count();
    let before = nodes();
    ok(
        &js,
        "for (let i = 0; i < 5000; i++) {\n\
           const e = document.createElement('div');\n\
           e.addEventListener('click', () => e.remove());\n\
         }\n\
         // A tree still reached: its child's listener refers to the child.\n\
         globalThis.kept = document.createElement('section');\n\
         (() => {\n\
           const child = kept.appendChild(document.createElement('p'));\n\
           child.addEventListener('ping', () => { child.textContent = 'heard'; });\n\
         })();\n\
         // One function on a detached node and on the document's body.\n\
         const shared = () => { globalThis.sharedRan = (globalThis.sharedRan ?? 0) + 1; };\n\
         const lone = document.createElement('i');\n\
         lone.addEventListener('x', shared);\n\
         document.body.addEventListener('x', shared);\n\
         // Targets that are no node, the same.\n\
         globalThis.freedTargets = 0;\n\
         const freed = new FinalizationRegistry(() => { globalThis.freedTargets++; });\n\
         for (let i = 0; i < 2000; i++) {\n\
           const t = new EventTarget();\n\
           t.addEventListener('x', () => t);\n\
           freed.register(t, 0);\n\
         }\n\
         globalThis.keptTarget = new EventTarget();\n\
         keptTarget.addEventListener('x', () => { keptTarget.heard = true; });",
    );
    js.collect_garbage();
    doc.lock().unwrap().collect_garbage();
    let after = nodes();
    assert!(
        after < before + 100,
        "{before} -> {after} nodes: the cycles were not collected"
    );
    ok(
        &js,
        "const p = kept.firstChild;\n\
         p.dispatchEvent(new Event('ping'));\n\
         if (p.textContent !== 'heard') throw new Error('the kept tree lost its listener');\n\
         document.body.dispatchEvent(new Event('x'));\n\
         if (globalThis.sharedRan !== 1) throw new Error('the shared function went');\n\
         if (freedTargets < 1900) throw new Error(`${freedTargets} targets freed`);\n\
         keptTarget.dispatchEvent(new Event('x'));\n\
         if (!keptTarget.heard) throw new Error('the kept target lost its listener');",
    );
    doc.lock().unwrap().check_invariants().unwrap();
}

#[test]
fn a_js_create_and_remove_loop_keeps_the_world_flat() {
    let (doc, js, _) = page("<body></body>");
    let churn = "for (let i = 0; i < 100000; i++) { const e = document.createElement('span'); \
                 document.body.appendChild(e); e.textContent = 'x'; e.remove(); }";
    ok(&js, churn);
    js.collect_garbage();
    doc.lock().unwrap().collect_garbage();
    let after_first = doc.lock().unwrap().node_count();
    ok(&js, churn);
    js.collect_garbage();
    doc.lock().unwrap().collect_garbage();
    let after_second = doc.lock().unwrap().node_count();
    assert!(
        after_second <= after_first + 16,
        "{after_first} -> {after_second} nodes"
    );
    assert!(after_second < 10_000, "{after_second} nodes alive");
}

#[test]
fn dom_parser_makes_a_separate_document() {
    let (doc, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const d = new DOMParser().parseFromString('<title>x</title><p id=main>other</p><!-- c -->', 'text/html');
        eq(d instanceof Document, true);
        eq(d === document, false);
        eq(d.documentElement.tagName, 'HTML');
        eq(d.body.firstChild.textContent, 'other');
        eq(d.head.firstChild.tagName, 'TITLE');
        eq(d.doctype, null);
        eq(d.getElementById('main').textContent, 'other');
        eq(document.getElementById('main').tagName, 'DIV');
        eq(d.querySelectorAll('*').length, 5);
        eq(d.body.innerHTML, '<p id="main">other</p><!-- c -->');
        const withDoctype = new DOMParser().parseFromString('<!DOCTYPE html><b>x', 'text/html');
        eq(withDoctype.doctype.name, 'html');
        let name = '';
        const x = new DOMParser().parseFromString('<a xmlns="urn:x"><B/></a>', 'text/xml');
        eq(x.documentElement.namespaceURI, 'urn:x');
        eq(x.documentElement.firstChild.tagName, 'B');
        eq(new DOMParser().parseFromString('<a>', 'text/xml').documentElement.localName, 'parsererror');
        try { new DOMParser().parseFromString('<a/>', 'text/plain'); } catch (e) { name = e.constructor.name; }
        eq(name, 'TypeError');
        "#,
    );
    // The parsed document is garbage once unreferenced, and the page's own
    // tree is untouched.
    js.collect_garbage();
    let mut d = doc.lock().unwrap();
    d.check_invariants().unwrap();
    assert!(
        d.inner_html(d.body().unwrap())
            .unwrap()
            .starts_with("<div id=\"main\"")
    );
}

#[test]
fn character_data_ranges_and_split_text() {
    let (_, js, _) = page("<p id=p>héllo 😀 world</p>");
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const t = document.getElementById('p').firstChild;
        eq(t.length, 14);
        eq(t.substringData(6, 2), '😀');
        let name = '';
        try { t.substringData(15, 1); } catch (e) { name = e.name + ':' + e.code; }
        eq(name, 'IndexSizeError:1');
        t.replaceData(0, 5, 'HELLO'); t.appendData('!'); t.insertData(5, ','); t.deleteData(7, 3);
        eq(t.data, 'HELLO, world!');
        const tail = t.splitText(7);
        eq(tail instanceof Text, true);
        eq(t.data + '|' + tail.data, 'HELLO, |world!');
        eq(t.nextSibling, tail);
        const c = document.createComment('abc'); c.appendData('d'); eq(c.data, 'abcd');
        "#,
    );
}

#[test]
fn html_element_interfaces_and_attributes() {
    let (_, js, _) = page(
        "<div id=d class=a data-x=1><p>p</p><x-widget></x-widget><blink></blink><section></section></div>",
    );
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const d = document.getElementById('d');
        eq(d instanceof HTMLDivElement, true);
        eq(d instanceof HTMLElement, true);
        eq(d.firstChild instanceof HTMLParagraphElement, true);
        eq(document.createElement('h3') instanceof HTMLHeadingElement, true);
        eq(document.querySelector('x-widget').constructor, HTMLElement);
        eq(document.querySelector('section').constructor, HTMLElement);
        eq(document.querySelector('blink') instanceof HTMLUnknownElement, true);
        eq(document.body instanceof HTMLBodyElement, true);
        const attrs = d.attributes;
        eq(attrs.length, 3);
        eq(attrs[0].name + '=' + attrs[0].value, 'id=d');
        eq(attrs.getNamedItem('DATA-X').value, '1');
        eq(attrs[1] === d.getAttributeNode('class'), true);
        attrs[0].value = 'renamed';
        eq(document.getElementById('renamed'), d);
        eq([...d.attributes].map((a) => a.name).join(), 'id,class,data-x');
        const x = d.attributes.removeNamedItem('data-x');
        eq(d.hasAttribute('data-x'), false);
        // A removed Attr keeps its names, has no owner, and its value
        // setter does not put it back.
        eq(x.localName + ':' + x.ownerElement, 'data-x:null');
        x.value = 'again';
        eq(d.hasAttribute('data-x'), false);
        eq(x instanceof Attr && Object.prototype.toString.call(x), '[object Attr]');
        let name = '';
        try { d.attributes.removeNamedItem('nope'); } catch (e) { name = e.name; }
        eq(name, 'NotFoundError');
        "#,
    );
}

#[test]
fn create_event_init_event_and_flattened_options() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const p = document.getElementById('p1');
        // WebIDL conversions of the constructors' arguments: a null or
        // missing dictionary is the empty one, another non-object a
        // TypeError; a symbol is no DOMString.
        eq(new Event('n', null).bubbles, false);
        eq(new CustomEvent('n', null).detail, null);
        const thrown = (f) => { try { f(); } catch (e) { return e.name; } return 'none'; };
        eq(thrown(() => new Event('n', 5)), 'TypeError');
        eq(thrown(() => new Event(Symbol('s'))), 'TypeError');
        const seen = [];
        window.addEventListener('go', (e) => seen.push('window-capture:' + e.eventPhase), true);
        p.addEventListener('go', (e) => seen.push('p:' + e.type + ':' + e.bubbles));
        document.addEventListener('go', (e) => seen.push('doc-bubble'), 0);
        document.addEventListener('go', (e) => seen.push('doc-capture'), 'yes');
        const e = document.createEvent('Event');
        eq(e.type, '');
        e.initEvent('go', true, true);
        p.dispatchEvent(e);
        eq(seen.join(), 'window-capture:1,doc-capture,p:go:true,doc-bubble');
        // Stopped before dispatch: no listener runs, and the flag clears after.
        const stopped = new Event('go', { bubbles: true });
        stopped.stopPropagation();
        seen.length = 0;
        p.dispatchEvent(stopped);
        eq(seen.length, 0);
        p.dispatchEvent(stopped);
        eq(seen.length, 4);
        const c = document.createEvent('CustomEvent');
        c.initCustomEvent('custom', false, false, { n: 1 });
        eq(c.type + ':' + c.detail.n, 'custom:1');
        let name = '';
        try { document.createEvent('NoSuchEvent'); } catch (err) { name = err.name; }
        eq(name, 'NotSupportedError');
        "#,
    );
}

#[test]
fn removed_and_once_listeners_are_let_go() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const p = document.getElementById('p1');
        let f = () => {}, g = () => {};
        globalThis.refs = [new WeakRef(f), new WeakRef(g)];
        p.addEventListener('x', f);
        p.addEventListener('x', g, { once: true });
        p.dispatchEvent(new Event('x'));
        p.removeEventListener('x', f);
        f = g = null;
        "#,
    );
    js.collect_garbage();
    assert_eq!(
        js.eval_to_string("refs.map((r) => r.deref() === undefined).join()")
            .unwrap(),
        "true,true"
    );
}

#[test]
fn dom_implementation_makes_documents_and_doctypes() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const impl = document.implementation;
        eq(impl, document.implementation);
        const d = impl.createHTMLDocument('a <b> & c');
        eq(d.title, 'a <b> & c');
        eq(document.title, 'T');
        eq(d.head.firstChild.textContent, 'a <b> & c');
        eq(d.doctype.name, 'html');
        eq(d.body.childNodes.length, 0);
        eq(impl.createHTMLDocument().head.childNodes.length, 0);
        const dt = impl.createDocumentType('svg', '-//W3C//DTD SVG 1.1//EN', 'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd');
        eq(dt instanceof DocumentType, true);
        eq(dt.publicId, '-//W3C//DTD SVG 1.1//EN');
        let name = '';
        try { impl.createDocumentType('a b', '', ''); } catch (e) { name = e.name; }
        eq(name, 'InvalidCharacterError');
        const x = impl.createDocument('urn:x', 'p:root', dt);
        eq(x.contentType, 'application/xml');
        eq(x.documentElement.tagName, 'p:root');
        eq(x.doctype, dt);
        eq(dt.ownerDocument, x);
        eq(x.createElement('Mixed').tagName, 'Mixed');
        eq(new Document().contentType, 'application/xml');
        "#,
    );
}

#[test]
fn processing_instructions() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const pi = document.createProcessingInstruction('x', 'y z');
        eq(pi instanceof ProcessingInstruction && pi instanceof CharacterData, true);
        eq(pi.nodeType + ':' + pi.nodeName + ':' + pi.target + ':' + pi.data, '7:x:x:y z');
        const p = document.getElementById('p1');
        p.appendChild(pi);
        eq(p.innerHTML, 'one<?x y z>');
        pi.nodeValue = null; eq(pi.data, '');
        eq(pi.cloneNode().target, 'x');
        let name = '';
        try { document.createProcessingInstruction('t', 'a?>b'); } catch (e) { name = e.name; }
        eq(name, 'InvalidCharacterError');
        "#,
    );
}

/// `replaceChildren` validates the new children before removing the old
/// ones (dom-ecs's one algorithm), so a rejected call keeps them; the
/// ChildNode methods skip the nodes being inserted.
#[test]
fn replace_children_validates_before_removing() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const main = document.getElementById('main');
        const before = main.innerHTML;
        let name = null;
        try { main.replaceChildren(document.body); } catch (e) { name = e.name; }
        eq(name, 'HierarchyRequestError');
        eq(main.innerHTML, before);
        name = null;
        try { main.replaceChildren('x', document.doctype); } catch (e) { name = e.name; }
        eq(name, 'HierarchyRequestError');
        eq(main.innerHTML, before);
        const li = document.querySelector('li');
        main.replaceChildren('a<', li, 7);
        eq(main.innerHTML, 'a&lt;<li>a</li>7');
        main.replaceChildren();
        eq(main.childNodes.length, 0);
        name = null;
        try { main.append(Symbol('s')); } catch (e) { name = e.constructor.name; }
        eq(name, 'TypeError');
        document.querySelector('ul').innerHTML = '<li>a</li><li class=x>b</li><li>c</li>';
        const [a, b, c] = document.querySelectorAll('li');
        b.before(a, 't');
        eq(document.querySelector('ul').innerHTML, '<li>a</li>t<li class="x">b</li><li>c</li>');
        b.replaceWith(c, b);
        eq(document.querySelector('ul').innerHTML, '<li>a</li>t<li>c</li><li class="x">b</li>');
        eq(main.replaceChildren.name, 'replaceChildren');
        eq(main.append.length, 0);
        eq(main.ownerDocument, document);
        eq(document.ownerDocument, null);
        eq(document.createTextNode('x').ownerDocument, document);
        "#,
    );
}

/// Members generated from the IDL convert their arguments as WebIDL says:
/// too few arguments is a `TypeError` naming the method, `DOMString`
/// takes any value through ToString, `unsigned long` wraps, an absent
/// optional boolean is none; the same data reaches dom-ecs as from Python.
#[test]
fn generated_members_convert_arguments_as_webidl_says() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const t = document.createTextNode('hello');
        let e = null;
        try { t.substringData(1); } catch (x) { e = x; }
        eq(e instanceof TypeError, true);
        eq(e.message.includes("'substringData'") && e.message.includes('2 arguments required'), true);
        eq(t.substringData(1, 3), 'ell');
        t.appendData(null);
        eq(t.data, 'hellonull');
        t.insertData(0, 7);
        eq(t.data, '7hellonull');
        t.deleteData(1, 5);
        eq(t.data, '7null');
        e = null;
        try { t.substringData(-1, 1); } catch (x) { e = x; }
        eq(e.name, 'IndexSizeError');
        eq(t.length, 5);
        const p = document.getElementById('p1');
        eq(p.toggleAttribute('hidden'), true);
        eq(p.hasAttribute('HIDDEN'), true);
        eq(p.toggleAttribute('hidden', true), true);
        eq(p.toggleAttribute('hidden'), false);
        eq(p.hasAttributes(), true);
        eq(document.doctype.name, 'html');
        eq(document.doctype.publicId, '');
        const tail = p.firstChild.splitText(1);
        eq(tail.data, 'ne');
        eq(tail.previousSibling, p.firstChild);
        p.normalize();
        eq(p.childNodes.length, 1);
        const w = document.createElement('p');
        w.append('a', document.createComment('c'), 'b', 'c');
        eq(w.childNodes[2].wholeText, 'bc');
        eq(w.firstChild.wholeText, 'a');
        eq(p.webkitMatchesSelector('#p1'), true);
        eq(p.closest('div').id, 'main');
        eq(p.namespaceURI, 'http://www.w3.org/1999/xhtml');
        eq(p.getAttribute('nope'), null);
        eq(document.textContent, null);
        eq(document.doctype.textContent, null);
        eq(p.cloneNode(true).outerHTML, p.outerHTML);
        const d = Object.getOwnPropertyDescriptor(Node.prototype, 'parentNode');
        eq(typeof d.get, 'function');
        eq(d.set, undefined);
        eq(Object.getOwnPropertyDescriptor(CharacterData.prototype, 'appendData').value.name, 'appendData');
        "#,
    );
}

/// WebIDL's object model: constructors where the IDL declares them,
/// `Symbol.toStringTag`, the window as the `this` of a bare call, and a
/// top-level window's `parent`/`top`.
#[test]
fn constructors_to_string_tags_and_the_global() {
    let (_, js, _) = page(PAGE);
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const t = new Text('x<');
        eq(t instanceof Text, true); eq(t.data, 'x<'); eq(t.parentNode, null);
        eq(new Text().data, '');
        eq(new Comment('c').nodeType, Node.COMMENT_NODE);
        const f = new DocumentFragment();
        f.append(t, 'y');
        eq(f.childNodes.length, 2);
        const d = new Document();
        eq(d instanceof Document, true); eq(d.nodeType, 9); eq(d.firstChild, null);
        eq(d.ownerDocument, null);
        const el = document.createElement('p');
        d.appendChild(el);
        eq(el.ownerDocument, d); eq(d.documentElement, el);
        eq(Object.prototype.toString.call(document.body), '[object HTMLBodyElement]');
        eq(Object.prototype.toString.call(t), '[object Text]');
        eq(String(document), '[object Document]');
        const target = new EventTarget();
        let got = null;
        target.addEventListener('x', function (ev) { got = [this === target, ev.target === target, ev.composedPath().length]; });
        eq(target.dispatchEvent(new Event('x')), true);
        eq(got.join(), 'true,true,1');
        class Custom extends EventTarget {}
        const custom = new Custom();
        let hits = 0;
        custom.addEventListener('y', () => { hits += 1; });
        custom.dispatchEvent(new Event('y'));
        eq(hits, 1);
        let e = null;
        try { new Node(); } catch (x) { e = x; }
        eq(e instanceof TypeError, true);
        let fired = 0;
        addEventListener('ping', () => { fired += 1; });
        dispatchEvent(new Event('ping'));
        eq(fired, 1);
        eq(window.parent, window); eq(window.top, window);
        const p1 = document.getElementById('p1');
        let path = null;
        document.getElementById('main').addEventListener('go', (ev) => { path = ev.composedPath(); });
        const ev = new Event('go', { bubbles: true });
        eq(ev.composedPath().length, 0);
        p1.dispatchEvent(ev);
        eq(path.map((n) => n === window ? 'window' : n.nodeName).join(' '), 'P DIV BODY HTML #document window');
        eq(ev.composedPath().length, 0);
        "#,
    );
}

#[test]
fn node_iterators_follow_removals_and_filters_cannot_reenter() {
    let (_, js, _) = page("<div id=r><p id=a></p><p id=b><i id=b1></i></p><p id=c></p></div>");
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const r = document.getElementById('r');
        const it = document.createNodeIterator(r, NodeFilter.SHOW_ELEMENT);
        eq([1, 2, 3, 4].map(() => it.nextNode().id).join(), 'r,a,b,b1');
        document.getElementById('b').remove();
        eq(it.referenceNode.id, 'a');
        eq(it.pointerBeforeReferenceNode, false);
        eq(it.nextNode().id, 'c');
        eq(it.nextNode(), null);
        const again = document.createNodeIterator(r, NodeFilter.SHOW_ALL, { acceptNode: () => again.nextNode() });
        let name = '';
        try { again.nextNode(); } catch (e) { name = e.name; }
        eq(name, 'InvalidStateError');
        const w = document.createTreeWalker(r, NodeFilter.SHOW_ELEMENT, (n) => n.id === 'a' ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_ACCEPT);
        eq(w.firstChild().id, 'c');
        eq(w.previousSibling(), null);
        eq(w.parentNode(), r);
        eq(Object.prototype.toString.call(it), '[object NodeIterator]');
        "#,
    );
}

#[test]
fn event_handler_content_attributes() {
    let (_doc, js, log) = page(
        r#"<body onload="window.loaded = this === window"><form id=f><div id=d onclick="clicks.push([this.id, event.type, typeof tagName, typeof remove, typeof action]); return false">x</div></form><p id=p onclick="}; leak(); {"></p>"#,
    );
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        globalThis.clicks = [];
        globalThis.remove = "the window's";
        const d = document.getElementById('d');
        // The attribute's source, compiled on first use as a function of
        // `event`, `this` the element, the element then the document in scope
        // ([Unscopable] `remove` from the window).
        eq(typeof d.onclick, 'function');
        eq(d.onclick.name, 'onclick');
        eq(d.onclick, d.onclick);
        const ev = new Event('click', { cancelable: true });
        eq(d.dispatchEvent(ev), false);
        eq(JSON.stringify(clicks), '[["d","click","string","string","undefined"]]');
        // A new value takes the handler's place; removing the attribute
        // removes the handler.
        const order = [];
        d.addEventListener('click', () => order.push('listener'));
        d.setAttribute('onclick', 'clicks.length = 0');
        eq(clicks.length, 1);
        d.dispatchEvent(new Event('click'));
        eq(clicks.length, 0);
        d.removeAttribute('onclick');
        eq(d.onclick, null);
        // An unknown handler name is no handler; a made element's is.
        const x = document.createElement('div');
        x.setAttribute('onnothing', 'x');
        eq('onnothing' in x, false);
        x.setAttribute('onmouseover', 'globalThis.over = true');
        x.dispatchEvent(new Event('mouseover'));
        eq(globalThis.over, true);
        // A body that is no FunctionBody is a SyntaxError, reported, and
        // the handler is null.
        let reported = null;
        window.addEventListener('error', (e) => { reported = e.error; e.preventDefault(); });
        eq(document.getElementById('p').onclick, null);
        eq(reported instanceof SyntaxError, true);
        // body's onload is the window's (its IDL attribute too), also on a
        // made body of this document; frameset likewise.
        eq(typeof window.onload, 'function');
        eq(document.body.onload, window.onload);
        const nop = () => {};
        document.createElement('frameset').onblur = nop;
        eq(window.onblur, nop);
        eq(document.body.onclick, null);
        window.dispatchEvent(new Event('load'));
        eq(globalThis.loaded, true);
        "#,
    );
    assert!(log.borrow().is_empty(), "{:?}", log.borrow());
}

#[test]
fn event_handler_attributes() {
    let (_doc, js, _log) = page("<div id=d></div>");
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const d = document.getElementById('d');
        const order = [];
        eq(d.onclick, null);
        eq('onclick' in HTMLElement.prototype, true);
        d.addEventListener('click', () => order.push('first'));
        d.onclick = () => order.push('handler');
        d.addEventListener('click', () => order.push('last'));
        const cancel = () => { order.push('new handler'); return false; };
        d.onclick = cancel;
        eq(d.onclick, cancel);
        const ev = new Event('click', { cancelable: true });
        eq(d.dispatchEvent(ev), false);
        eq(order.join(), 'first,new handler,last');
        d.onclick = 'not an object';
        eq(d.onclick, null);
        window.onload = cancel;
        eq(window.onload, cancel);
        "#,
    );
}

#[test]
fn the_selection_holds_the_added_live_range() {
    let (_doc, js, _log) = page("<p id=p>hello <b>world</b></p>");
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        const throws = (name, f) => { try { f(); } catch (e) { eq(e.name, name); return; } throw new Error('no ' + name); };
        const s = getSelection();
        eq(s, document.getSelection());
        eq(Object.prototype.toString.call(s), '[object Selection]');
        eq(`${s.rangeCount} ${s.type} ${s.anchorNode} ${s}`, '0 None null ');
        const p = document.getElementById('p');
        const r = document.createRange();
        r.setStart(p.firstChild, 1);
        r.setEnd(p.lastChild.firstChild, 3);
        s.addRange(r);
        eq(s.getRangeAt(0), r);
        eq(`${s.rangeCount} ${s.type} ${s}`, '1 Range ello wor');
        s.addRange(document.createRange());
        eq(s.getRangeAt(0), r);
        p.firstChild.insertData(0, 'XX');
        eq(s.anchorOffset, 3);
        throws('IndexSizeError', () => s.getRangeAt(1));
        throws('TypeError', () => s.addRange({}));
        s.collapse(p, 1);
        eq(s.getRangeAt(0) === r, false);
        eq(s.getRangeAt(0), s.getRangeAt(0));
        throws('NotFoundError', () => s.removeRange(r));
        s.selectAllChildren(p);
        eq(s.containsNode(p.lastChild), true);
        eq(s.containsNode(document.body), false);
        s.deleteFromDocument();
        eq(p.childNodes.length, 0);
        s.removeAllRanges();
        throws('InvalidStateError', () => s.collapseToEnd());
        // A document with no browsing context has none.
        eq(new DOMParser().parseFromString('<p>', 'text/html').getSelection(), null);
        "#,
    );
}

#[test]
fn legacy_unforgeable_attributes_are_own_properties() {
    let (_doc, js, _log) = page("<p></p>");
    ok(
        &js,
        r#"
        const eq = (a, b) => { if (a !== b) throw new Error(`${a} !== ${b}`); };
        // Event.isTrusted is [LegacyUnforgeable]: on each instance (one
        // getter for all, not configurable), not on the prototype.
        const a = Object.getOwnPropertyDescriptor(new Event('x'), 'isTrusted');
        const b = Object.getOwnPropertyDescriptor(new CustomEvent('y'), 'isTrusted');
        eq(typeof a.get, 'function');
        eq(a.get, b.get);
        eq(a.configurable, false);
        eq('isTrusted' in Event.prototype, false);
        eq(new Event('x').isTrusted, false);
        "#,
    );
}
