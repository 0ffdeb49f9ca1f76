// The DOM classes scripts see, written over the natives in `natives.rs`.
//
// One JS object per node: a dense array by node index holding the object
// (or a WeakRef to it) gives `a === b` for two reads of one node. Making the object pins the node
// (`adopt`); when the object is collected, a FinalizationRegistry unpins it
// (`release`), so a JS reference keeps a removed node usable the way a
// Python handle does. WHATWG names and prototype chain:
// EventTarget <- Node <- Element <- HTMLElement, Node <- CharacterData <-
// Text/Comment, Node <- Document, DocumentFragment, DocumentType.
(() => {
  'use strict';
  const N = globalThis.__ecsdom_native;
  delete globalThis.__ecsdom_native;

  const KEY = Symbol('ecsdom.construct');
  const I = Symbol('ecsdom.index');
  const G = Symbol('ecsdom.generation');
  const [windowIndex, windowGeneration] = N.window();
  const registry = new FinalizationRegistry(([i, g]) => {
    const s = slots[i];
    if (s instanceof WeakRef && s.deref() === undefined) slots[i] = undefined;
    N.release(i, g);
  });

  const illegal = () => new TypeError('Illegal constructor');

  // ----- Events ----------------------------------------------------------------------
  // Listener lists and the dispatch walk live in the DOM (shared with the
  // Python engine); JS keeps its functions in a table by key.

  const E = Symbol('ecsdom.event');
  const eventObjects = new Map(); // event id -> WeakRef(Event)
  const eventRegistry = new FinalizationRegistry((id) => {
    const ref = eventObjects.get(id);
    if (ref !== undefined && ref.deref() === undefined) eventObjects.delete(id);
    N.releaseEvent(id);
  });
  const fnKeys = new WeakMap();
  const fnByKey = new Map();
  let nextFnKey = 1;
  const keyOf = (fn) => {
    let k = fnKeys.get(fn);
    if (k === undefined) { k = nextFnKey++; fnKeys.set(fn, k); }
    return k;
  };

  class Event {
    constructor(type, init = {}) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required.");
      let id;
      if (type === KEY) {
        // A view of an event another engine made (see eventFor).
        id = init;
        N.retainEvent(id);
        type = N.eventType(id);
      } else {
        id = N.createEvent(String(type), !!init.bubbles, !!init.cancelable);
      }
      Object.defineProperty(this, E, { value: id });

      Object.defineProperty(this, 'timeStamp', { value: Date.now(), enumerable: true });
      eventObjects.set(id, new WeakRef(this));
      eventRegistry.register(this, id);
    }
    get type() { return N.eventType(this[E]); }
    // initEvent(type, bubbles, cancelable): for events made by createEvent.
    initEvent(type, bubbles = false, cancelable = false) {
      if (arguments.length === 0) throw new TypeError("Failed to execute 'initEvent' on 'Event': 1 argument required.");
      N.initEvent(this[E], String(type), !!bubbles, !!cancelable);
    }
    get bubbles() { return (N.eventState(this[E])[3] & 1) !== 0; }
    get cancelable() { return (N.eventState(this[E])[3] & 2) !== 0; }
    get defaultPrevented() { return (N.eventState(this[E])[3] & 4) !== 0; }
    get isTrusted() { return (N.eventState(this[E])[3] & 8) !== 0; }
    get eventPhase() { return N.eventState(this[E])[0]; }
    get target() { return targetOf(N.eventState(this[E])[2]); }
    get srcElement() { return this.target; }
    get currentTarget() { return targetOf(N.eventState(this[E])[1]); }
    get composed() { return false; }
    get cancelBubble() { return (N.eventState(this[E])[3] & 16) !== 0; }
    set cancelBubble(v) { if (v) this.stopPropagation(); }
    get returnValue() { return !this.defaultPrevented; }
    set returnValue(v) { if (!v) this.preventDefault(); }
    stopPropagation() { N.eventControl(this[E], 0); }
    stopImmediatePropagation() { N.eventControl(this[E], 1); }
    preventDefault() { N.eventControl(this[E], 2); }
    composedPath() { return N.composedPath(this[E]).map(wrap); }
  }
  const targetOf = (i) => (i < 0 ? null : wrap(i));
  for (const [k, v] of Object.entries({ NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 })) {
    Object.defineProperty(Event, k, { value: v, enumerable: true });
    Object.defineProperty(Event.prototype, k, { value: v, enumerable: true });
  }

  // The one JS object of an event id (made on first use for events another engine made).
  function eventFor(id) {
    const ref = eventObjects.get(id);
    const hit = ref === undefined ? undefined : ref.deref();
    if (hit !== undefined) return hit;
    const view = new Event(KEY, id);
    eventObjects.set(id, new WeakRef(view));
    const json = N.eventDetail(id);
    if (json != null) {
      // A CustomEvent another engine made: its detail, through JSON.
      Object.setPrototypeOf(view, CustomEvent.prototype);
      view[DETAIL] = JSON.parse(json);
    }
    return view;
  }

  const DETAIL = Symbol('ecsdom.detail');
  class CustomEvent extends Event {
    // An accessor on the prototype, as WebIDL makes every attribute.
    get detail() { return this[DETAIL] ?? null; }
    constructor(type, init = {}) {
      super(type, init);
      setDetail(this, init.detail === undefined ? null : init.detail);
    }
    initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
      if (N.eventState(this[E])[3] & 32) return; // being dispatched: no effect
      this.initEvent(type, bubbles, cancelable);
      setDetail(this, detail);
    }
  }
  function setDetail(ev, detail) {
    ev[DETAIL] = detail;
    // Shared with the other engine as JSON, when it serializes.
    try {
      const json = JSON.stringify(detail);
      if (json !== undefined) N.setEventDetail(ev[E], json);
    } catch {}
  }

  // "Flatten" the options (https://dom.spec.whatwg.org/#concept-flatten-options):
  // an object is a dictionary (read once each), anything else a boolean.
  const listenerFlags = (options) => {
    if (options === null || options === undefined) return { capture: false, once: false, passive: false };
    if (typeof options !== 'object' && typeof options !== 'function') return { capture: !!options, once: false, passive: false };
    return { capture: !!options.capture, once: !!options.once, passive: !!options.passive };
  };

  // Let go of functions no listener registration uses any more (removed,
  // `once` and called, or on reclaimed nodes); their keys stay in the weak
  // fnKeys, so adding one again reuses its key.
  function dropReleased() {
    for (const k of N.takeReleased()) fnByKey.delete(k);
  }

  function callListener(fn, ev, thisArg) {
    try {
      if (typeof fn === 'function') fn.call(thisArg, ev);
      else if (fn && typeof fn.handleEvent === 'function') fn.handleEvent(ev);
    } catch (e) {
      reportError(e);
    }
  }
  function reportError(e) {
    const stack = e && e.stack ? `\n${String(e.stack).trimEnd()}` : '';
    console.error(`Uncaught ${e && e.name ? `${e.name}: ${e.message}` : String(e)}${stack}`);
  }

  // The window is an event target of the DOM too (dom-ecs ends a node's
  // event path at it), so its listeners are in the same lists and run in
  // registration order with Python's.
  class EventTarget {
    // A bare `addEventListener(...)` in a script calls these with an
    // undefined `this`, which WebIDL takes as the global object (the window
    // is [Global]).
    addEventListener(type, fn, options) {
      const t = this ?? globalThis;
      const { capture, once, passive } = listenerFlags(options);
      if (fn === null || fn === undefined) return;
      const key = keyOf(fn);
      fnByKey.set(key, fn);
      N.addListener(t[I], t[G], String(type), key, (capture ? 1 : 0) | (once ? 2 : 0) | (passive ? 4 : 0));
    }
    removeEventListener(type, fn, options) {
      const t = this ?? globalThis;
      const { capture } = listenerFlags(options);
      if (fn === null || fn === undefined) return;
      const key = fnKeys.get(fn);
      if (key !== undefined) N.removeListener(t[I], t[G], String(type), key, capture);
      dropReleased();
    }
    dispatchEvent(ev) {
      const t = this ?? globalThis;
      if (!(ev instanceof Event)) throw new TypeError("parameter 1 is not of type 'Event'.");
      const d = N.dispatchBegin(t[I], t[G], ev[E]);
      for (let inv = N.dispatchNext(d); inv != null; inv = N.dispatchNext(d)) {
        if (inv[0] !== 0) {
          // Another engine's listener (Python): the host calls it, same event.
          N.callForeign(inv[0], inv[1], ev[E], inv[2]);
          continue;
        }
        const fn = fnByKey.get(inv[1]);
        callListener(fn, ev, wrap(inv[2]));
      }
      dropReleased();
      return !ev.defaultPrevented;
    }
  }

  class Node extends EventTarget {
    constructor(key, i, g) {
      if (key !== KEY) throw illegal();
      super();
      this[I] = i;
      this[G] = g;
    }
  }

  // Wrappers are held strongly while their node may be in the document,
  // so a loop over a page's elements reuses them instead of remaking one
  // per access (QuickJS frees an unreferenced object at once, so a WeakRef
  // alone would not keep them). Now and then (amortised: when as many
  // wrappers were made as are held) wrappers of disconnected nodes are
  // demoted to WeakRefs: once nothing else holds them they are collected,
  // the registry unpins their node, and the DOM can reclaim it.
  // Wrappers by node index in a dense array (QuickJS's fast arrays index
  // in O(1); Maps of 10k+ numbers spent 40% of a build in lookups): a slot
  // holds the wrapper itself (held) or a WeakRef to it (demoted).
  const slots = [];
  let heldAt = []; // the indexes whose slot holds a wrapper (what demote visits)
  let made = 0;
  let nextSweep = 4096;
  function hold(i, node) {
    if (i >= slots.length) {
      while (slots.length < i) slots.push(undefined);
      slots.push(node);
      heldAt.push(i);
      return;
    }
    const s = slots[i];
    if (s === undefined || s instanceof WeakRef) heldAt.push(i);
    slots[i] = node;
  }
  function demote() {
    dropReleased();
    const still = [];
    for (const i of heldAt) {
      const n = slots[i];
      if (N['Node.isConnected'](n[I], n[G])) still.push(i);
      else slots[i] = new WeakRef(n);
    }
    heldAt = still;
  }
  function wrap(i) {
    if (i < 0) return null;
    if (i === windowIndex) return globalThis;
    // (Reading past the end would search the prototype chain: check first.)
    const s = i < slots.length ? slots[i] : undefined;
    if (s !== undefined) {
      if (!(s instanceof WeakRef)) return s;
      const hit = s.deref();
      if (hit !== undefined) {
        hold(i, hit);
        return hit;
      }
    }
    const info = N.adopt(i);
    const g = Math.floor(info / 256);
    const node = new (classFor(info % 256))(KEY, i, g);
    hold(i, node);
    registry.register(node, [i, g]);
    if (++made >= nextSweep) {
      demote();
      made = 0;
      nextSweep = Math.max(4096, heldAt.length);
    }
    return node;
  }
  // For the host, before collecting garbage: demote now.
  N.demote = demote;

  function node(n, what = 'parameter 1') {
    if (!(n instanceof Node)) throw new TypeError(`${what} is not of type 'Node'.`);
    return n;
  }

  const str = (v) => (v === null ? '' : String(v));

  function define(cls, props) {
    for (const [name, desc] of Object.entries(props)) {
      Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
    }
  }
  const navigate = (name) => ({ get() { return wrap(N[name](this[I], this[G])); } });

  // ----- NodeList, HTMLCollection, DOMTokenList -------------------------------

  class NodeList {
    constructor(key, indices) {
      if (key !== KEY) throw illegal();
      for (let k = 0; k < indices.length; k++) this[k] = wrap(indices[k]);
      Object.defineProperty(this, 'length', { value: indices.length });
    }
    item(k) { return this[k] ?? null; }
    forEach(cb, thisArg) { for (let k = 0; k < this.length; k++) cb.call(thisArg, this[k], k, this); }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
    *entries() { for (let k = 0; k < this.length; k++) yield [k, this[k]]; }
    *keys() { for (let k = 0; k < this.length; k++) yield k; }
    *values() { yield* this; }
  }
  const nodeList = (indices) => new NodeList(KEY, indices);

  class HTMLCollection {
    constructor(key, indices) {
      if (key !== KEY) throw illegal();
      for (let k = 0; k < indices.length; k++) this[k] = wrap(indices[k]);
      Object.defineProperty(this, 'length', { value: indices.length });
    }
    item(k) { return this[k] ?? null; }
    namedItem(name) {
      for (let k = 0; k < this.length; k++) {
        const e = this[k];
        if (e.id === name || e.getAttribute('name') === name) return e;
      }
      return null;
    }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
  }
  const collection = (indices) => new HTMLCollection(KEY, indices);

  class DOMTokenList {
    constructor(key, el) {
      if (key !== KEY) throw illegal();
      this._el = el;
    }
    get length() { return N.classList(this._el[I], this._el[G]).length; }
    get value() { return this._el.className; }
    set value(v) { this._el.className = v; }
    item(k) { return N.classList(this._el[I], this._el[G])[k] ?? null; }
    contains(t) { return N.classContains(this._el[I], this._el[G], String(t)); }
    add(...t) { N.classAdd(this._el[I], this._el[G], ...t.map(String)); }
    remove(...t) { N.classRemove(this._el[I], this._el[G], ...t.map(String)); }
    toggle(t, force) {
      return force === undefined
        ? N.classToggle(this._el[I], this._el[G], String(t))
        : N.classToggle(this._el[I], this._el[G], String(t), !!force);
    }
    replace(a, b) { return N.classReplace(this._el[I], this._el[G], String(a), String(b)); }
    forEach(cb, thisArg) { N.classList(this._el[I], this._el[G]).forEach((t, k) => cb.call(thisArg, t, k, this)); }
    toString() { return this.value; }
    [Symbol.iterator]() { return N.classList(this._el[I], this._el[G])[Symbol.iterator](); }
  }

  // ----- Node -------------------------------------------------------------------

  const constants = {
    ELEMENT_NODE: 1, ATTRIBUTE_NODE: 2, TEXT_NODE: 3, CDATA_SECTION_NODE: 4,
    PROCESSING_INSTRUCTION_NODE: 7, COMMENT_NODE: 8, DOCUMENT_NODE: 9,
    DOCUMENT_TYPE_NODE: 10, DOCUMENT_FRAGMENT_NODE: 11,
  };
  for (const [k, v] of Object.entries(constants)) {
    Object.defineProperty(Node, k, { value: v, enumerable: true });
    Object.defineProperty(Node.prototype, k, { value: v, enumerable: true });
  }

  define(Node, {
    nodeType: { get() { return N.nodeType(this[I], this[G]); } },
    nodeName: { get() { return N.nodeName(this[I], this[G]); } },
    childNodes: { get() { return nodeList(N.childNodes(this[I], this[G])); } },
    textContent: {
      get() { return N.getTextContent(this[I], this[G]); },
      set(v) { N.setTextContent(this[I], this[G], str(v)); },
    },
    nodeValue: {
      get() { return this instanceof CharacterData ? N.getData(this[I], this[G]) : null; },
      set(v) { if (this instanceof CharacterData) N.setData(this[I], this[G], str(v)); },
    },
  });
  Object.assign(Node.prototype, {
    getRootNode() { return wrap(N.getRootNode(this[I], this[G])); },
    appendChild(c) {
      node(c);
      N.appendChild(this[I], this[G], c[I], c[G]);
      return c;
    },
    insertBefore(c, ref) {
      node(c);
      if (ref === undefined) throw new TypeError("Failed to execute 'insertBefore': 2 arguments required.");
      if (ref === null) N.insertBefore(this[I], this[G], c[I], c[G], -1, -1);
      else { node(ref, 'parameter 2'); N.insertBefore(this[I], this[G], c[I], c[G], ref[I], ref[G]); }
      return c;
    },
    replaceChild(n, c) {
      node(n); node(c, 'parameter 2');
      N.replaceChild(this[I], this[G], n[I], n[G], c[I], c[G]);
      return c;
    },
    removeChild(c) {
      node(c);
      N.removeChild(this[I], this[G], c[I], c[G]);
      return c;
    },
    contains(o) {
      if (o === null || o === undefined) return false;
      node(o);
      return N.contains(this[I], this[G], o[I], o[G]);
    },
    isSameNode(o) { return this === o; },
  });

  // The arguments of the ParentNode/ChildNode methods, `(Node or
  // DOMString)...`, for the natives: per argument a node's [index,
  // generation], or [-1, k] with the string (WebIDL's ToString) at texts[k].
  function nodeArgs(nodes) {
    const ids = [], texts = [];
    for (const n of nodes) {
      if (n instanceof Node) ids.push(n[I], n[G]);
      else { ids.push(-1, texts.length); texts.push(`${n}`); }
    }
    return [ids, texts];
  }
  // Where the generated members go: accessors and methods on a class's
  // prototype, as WebIDL defines them (configurable, enumerable).
  const accessor = (cls, name, desc) =>
    Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
  const method = (cls, f) =>
    Object.defineProperty(cls.prototype, f.name, { value: f, writable: true, enumerable: true, configurable: true });

  const parentNodeMixin = {
    props: {
      children: { get() { return collection(N.children(this[I], this[G])); } },
    },
    methods: {
      querySelectorAll(s) { return nodeList(N.querySelectorAll(this[I], this[G], String(s))); },
    },
  };
  const childNodeMixin = {
    remove() { N.remove(this[I], this[G]); },
  };
  const byName = {
    getElementsByTagName(n) { return collection(N.getElementsByTagName(this[I], this[G], String(n))); },
    getElementsByClassName(n) { return collection(N.getElementsByClassName(this[I], this[G], String(n))); },
  };

  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
  const CLASSES = Symbol('ecsdom.classList');
  define(Element, {
    tagName: { get() { return N.tagName(this[I], this[G]); } },
    localName: { get() { return N.localName(this[I], this[G]); } },
    prefix: { get() { return null; } },
    id: {
      get() { return N['Element.getAttribute'](this[I], this[G], 'id') ?? ''; },
      set(v) { N.setAttribute(this[I], this[G], 'id', str(v)); },
    },
    className: {
      get() { return N['Element.getAttribute'](this[I], this[G], 'class') ?? ''; },
      set(v) { N.setAttribute(this[I], this[G], 'class', str(v)); },
    },
    classList: {
      // Kept on the element (a symbol property: no WeakMap lookup per access).
      get() { return this[CLASSES] ?? (this[CLASSES] = new DOMTokenList(KEY, this)); },
    },
    innerHTML: {
      get() { return N.getInnerHTML(this[I], this[G]); },
      set(v) { N.setInnerHTML(this[I], this[G], str(v)); },
    },
    outerHTML: {
      get() { return N.getOuterHTML(this[I], this[G]); },
      set(v) { N.setOuterHTML(this[I], this[G], str(v)); },
    },
    ...parentNodeMixin.props,
  });
  Object.assign(Element.prototype, parentNodeMixin.methods, childNodeMixin, byName, {
    setAttribute(n, v) { N.setAttribute(this[I], this[G], String(n), String(v)); },
    removeAttribute(n) { N.removeAttribute(this[I], this[G], String(n)); },
    getAttributeNames() { return N.getAttributeNames(this[I], this[G]); },
  });
  // element.attributes: a NamedNodeMap of Attr objects, one per attribute
  // name per element; an Attr reads and writes its element's attribute.
  class Attr {
    constructor(key, el, name) {
      if (key !== KEY) throw illegal();
      Object.defineProperty(this, '_el', { value: el });
      Object.defineProperty(this, 'name', { value: name, enumerable: true });
    }
    get localName() { return this.name.slice(this.name.indexOf(':') + 1); }
    get namespaceURI() { return null; }
    get prefix() { return null; }
    get value() { return N['Element.getAttribute'](this._el[I], this._el[G], this.name) ?? ''; }
    set value(v) { N.setAttribute(this._el[I], this._el[G], this.name, str(v)); }
    get nodeValue() { return this.value; }
    set nodeValue(v) { this.value = v; }
    get textContent() { return this.value; }
    set textContent(v) { this.value = v; }
    get ownerElement() { return N['Element.hasAttribute'](this._el[I], this._el[G], this.name) ? this._el : null; }
    get specified() { return true; }
    get nodeType() { return 2; }
    get nodeName() { return this.name; }
  }
  const attrNodes = new WeakMap(); // element -> Map(name -> Attr)
  function attrNode(el, name) {
    let m = attrNodes.get(el);
    if (!m) { m = new Map(); attrNodes.set(el, m); }
    let a = m.get(name);
    if (!a) { a = new Attr(KEY, el, name); m.set(name, a); }
    return a;
  }
  class NamedNodeMap {
    constructor(key, el) {
      if (key !== KEY) throw illegal();
      Object.defineProperty(this, '_el', { value: el });
      const names = N.getAttributeNames(el[I], el[G]);
      for (let k = 0; k < names.length; k++) this[k] = attrNode(el, names[k]);
      Object.defineProperty(this, 'length', { value: names.length });
    }
    item(k) { return this[k] ?? null; }
    getNamedItem(name) {
      const n = String(name);
      const el = this._el;
      const lower = el instanceof HTMLElement ? n.toLowerCase() : n;
      return N['Element.hasAttribute'](el[I], el[G], lower) ? attrNode(el, lower) : null;
    }
    removeNamedItem(name) {
      const a = this.getNamedItem(name);
      if (a === null) throw new DOMException(`No attribute named '${name}'.`, 'NotFoundError');
      N.removeAttribute(this._el[I], this._el[G], a.name);
      return a;
    }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
  }
  define(Element, { attributes: { get() { return new NamedNodeMap(KEY, this); } } });
  Element.prototype.getAttributeNode = function getAttributeNode(name) {
    return new NamedNodeMap(KEY, this).getNamedItem(name);
  };

  HTMLElement.prototype.click = function click() {
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true }));
  };

  // ----- CharacterData, Text, Comment, DocumentType, DocumentFragment -------------

  class CharacterData extends Node {}
  // The constructors WebIDL gives these interfaces (`new Text('x')`...):
  // the node is made natively and its one wrapper returned. `wrap` itself
  // constructs with KEY, which takes the plain path.
  class Text extends CharacterData {
    constructor(data = '', i, g) {
      if (data === KEY) { super(KEY, i, g); return; }
      return wrap(N.createTextNode(`${data}`));
    }
  }
  class Comment extends CharacterData {
    constructor(data = '', i, g) {
      if (data === KEY) { super(KEY, i, g); return; }
      return wrap(N.createComment(`${data}`));
    }
  }
  class ProcessingInstruction extends CharacterData {
    get target() { return N.piTarget(this[I], this[G]); }
  }
  define(CharacterData, {
    data: {
      get() { return N.getData(this[I], this[G]); },
      set(v) { N.setData(this[I], this[G], str(v)); },
    },
  });
  Object.assign(CharacterData.prototype, childNodeMixin);

  class DocumentType extends Node {}
  Object.assign(DocumentType.prototype, childNodeMixin);

  class DocumentFragment extends Node {
    constructor(key, i, g) {
      if (key === KEY) { super(KEY, i, g); return; }
      return wrap(N.createDocumentFragment());
    }
  }
  define(DocumentFragment, parentNodeMixin.props);
  Object.assign(DocumentFragment.prototype, parentNodeMixin.methods);

  // ----- Document -------------------------------------------------------------------

  // `new Document()`: a new, empty document in this page's world.
  class Document extends Node {
    constructor(key, i, g) {
      if (key === KEY) { super(KEY, i, g); return; }
      return wrap(N.createDocument());
    }
  }
  define(Document, {
    documentElement: { get() { return wrap(N.documentElement(this[I], this[G])); } },
    head: { get() { return wrap(N.head(this[I], this[G])); } },
    body: { get() { return wrap(N.body(this[I], this[G])); } },
    doctype: { get() { return wrap(N.doctype(this[I], this[G])); } },
    title: { get() { return N.getTitle(this[I], this[G]); }, set(v) { N.setTitle(this[I], this[G], str(v)); } },
    defaultView: { get() { return globalThis; } },
    implementation: { get() { return this[IMPL] ?? (this[IMPL] = new DOMImplementation(KEY, this)); } },
    ...parentNodeMixin.props,
  });
  Object.assign(Document.prototype, parentNodeMixin.methods, byName, {
    getElementById(id) {
      return wrap(this === document ? N.getElementById(String(id)) : N.getElementByIdIn(this[I], this[G], String(id)));
    },
    createElement(name) { return wrap(N.createElement(String(name))); },
    createTextNode(data) { return wrap(N.createTextNode(String(data))); },
    createComment(data) { return wrap(N.createComment(String(data))); },
    createProcessingInstruction(target, data) {
      return wrap(N.createProcessingInstruction(String(target), String(data)));
    },
    createDocumentFragment() { return wrap(N.createDocumentFragment()); },
    // createEvent(interface) (https://dom.spec.whatwg.org/#dom-document-createevent):
    // an event to initialize with initEvent / initCustomEvent.
    createEvent(iface) {
      switch (String(iface).toLowerCase()) {
        case 'event': case 'events': case 'htmlevents': case 'svgevents': return new Event('');
        case 'customevent': return new CustomEvent('');
        default: throw new DOMException(`The provided event type ('${iface}') is invalid.`, 'NotSupportedError');
      }
    },
  });

  // ----- The members generated from the IDL (webidl/bindings.txt) -------------------

  /*@IDL_MEMBERS@*/

  // The HTML element interfaces (https://html.spec.whatwg.org/#elements-3):
  // each a subclass of HTMLElement. Which one an element gets is decided
  // natively (`adopt` returns 16 + a class code: 0 HTMLElement,
  // 1 HTMLUnknownElement, 2 + k the k-th name of N.htmlInterfaces()).
  class HTMLUnknownElement extends HTMLElement {}
  const htmlGlobals = { HTMLUnknownElement };
  const htmlByCode = [HTMLElement, HTMLUnknownElement];
  for (const name of N.htmlInterfaces()) {
    const cls = { [name]: class extends HTMLElement {} }[name];
    htmlGlobals[name] = cls;
    htmlByCode.push(cls);
  }

  function classFor(code) {
    if (code >= 16) return htmlByCode[code - 16] ?? HTMLElement;
    switch (code) {
      case 1: return Element;
      case 3: return Text;
      case 7: return ProcessingInstruction;
      case 8: return Comment;
      case 9: return Document;
      case 10: return DocumentType;
      case 11: return DocumentFragment;
      default: return Node;
    }
  }

  // For the host: call the JS listener `key` for event `id` at node index `target`
  // (a dispatch another engine drives).
  N.callListener = (key, id, target) => callListener(fnByKey.get(key), eventFor(id), wrap(target));
  // For the host: dispatch an event the host or another engine made at node
  // index `target` (-1: the window).
  N.dispatchFromHost = (id, target) => (target < 0 ? globalThis : wrap(target)).dispatchEvent(eventFor(id));

  // ----- Timers (the host's queue: virtual time unless asked otherwise) ----------

  const timers = new Map();
  function addTimer(fn, delay, args, repeating) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval: a function is required');
    const id = N.setTimer(Number(delay) || 0, repeating);
    if (id >= 0) timers.set(id, { fn, args });
    return id;
  }
  const clearTimer = (id) => { if (timers.delete(id)) N.clearTimer(id); };
  const FRAME = 1000 / 60;
  N.runTimer = (id, repeating) => {
    const t = timers.get(id);
    if (t === undefined) return;
    if (!repeating) timers.delete(id);
    try { t.fn.apply(globalThis, t.args); } catch (e) { reportError(e); }
  };
  Object.assign(globalThis, {
    // The delay is an IDL `long`: `| 0` is its conversion (ToInt32), so
    // 2 ** 31 wraps to a negative delay (0), as in browsers.
    setTimeout: (fn, delay = 0, ...args) => addTimer(fn, delay | 0, args, false),
    setInterval: (fn, delay = 0, ...args) => addTimer(fn, delay | 0, args, true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    queueMicrotask: (fn) => { Promise.resolve().then(() => fn()).catch(reportError); },
    performance: { now: () => N.now(), timeOrigin: Date.now() },
    // Animation frames: a timer to the next 60 Hz frame boundary, so every
    // callback requested within one frame runs at that frame, in order,
    // with the frame's time (https://html.spec.whatwg.org/#animation-frames).
    requestAnimationFrame: (fn) => {
      if (typeof fn !== 'function') throw new TypeError('requestAnimationFrame: a function is required');
      const now = N.now();
      const frame = (Math.floor(now / FRAME) + 1) * FRAME;
      return addTimer(() => fn(N.now()), frame - now, [], false);
    },
    cancelAnimationFrame: clearTimer,
  });

  // document.implementation (https://dom.spec.whatwg.org/#domimplementation):
  // HTML documents and doctypes; new documents live in this page's world.
  const IMPL = Symbol('ecsdom.implementation');
  const escapeText = (t) => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  class DOMImplementation {
    constructor(key) { if (key !== KEY) throw illegal(); }
    createHTMLDocument(title) {
      const head = title === undefined ? '' : `<title>${escapeText(title)}</title>`;
      return wrap(N.parseDocument(`<!DOCTYPE html><html><head>${head}</head><body></body></html>`));
    }
    createDocumentType(name, publicId, systemId) {
      return wrap(N.createDocumentType(String(name), String(publicId), String(systemId)));
    }
    createDocument() {
      throw new DOMException('XML documents are not supported.', 'NotSupportedError');
    }
    hasFeature() { return true; }
  }

  // DOMParser (https://html.spec.whatwg.org/#dom-domparser-parsefromstring):
  // HTML only; the new document lives in this page's world, detached.
  class DOMParser {
    parseFromString(string, type) {
      if (arguments.length < 2) throw new TypeError("Failed to execute 'parseFromString' on 'DOMParser': 2 arguments required.");
      const t = String(type);
      if (t === 'text/html') return wrap(N.parseDocument(String(string)));
      if (['text/xml', 'application/xml', 'application/xhtml+xml', 'image/svg+xml'].includes(t)) {
        throw new DOMException(`Failed to execute 'parseFromString' on 'DOMParser': XML documents are not supported.`, 'NotSupportedError');
      }
      throw new TypeError(`Failed to execute 'parseFromString' on 'DOMParser': The provided value '${t}' is not a valid enum value of type DOMParserSupportedType.`);
    }
  }

  const document = wrap(N.root());
  Object.setPrototypeOf(globalThis, EventTarget.prototype);
  Object.defineProperty(globalThis, I, { value: windowIndex });
  Object.defineProperty(globalThis, G, { value: windowGeneration });
  Object.assign(globalThis, {
    Event, CustomEvent, EventTarget, Node, Element, HTMLElement, CharacterData, Text, Comment,
    ProcessingInstruction,
    DocumentType, DocumentFragment, Document, NodeList, HTMLCollection, DOMTokenList, DOMParser,
    Attr, NamedNodeMap, DOMImplementation, ...htmlGlobals,
  });
  Object.defineProperty(globalThis, 'document', { value: document, enumerable: true });
  globalThis.window = globalThis;
  globalThis.self = globalThis;
  // A top-level browsing context: no parent frame, no frames.
  globalThis.parent = globalThis;
  globalThis.top = globalThis;
  globalThis.frames = globalThis;
  // Symbol.toStringTag on every interface prototype, so
  // Object.prototype.toString names the interface ("[object HTMLDivElement]").
  for (const [name, cls] of Object.entries({
    Event, CustomEvent, EventTarget, Node, Element, HTMLElement, CharacterData, Text, Comment,
    ProcessingInstruction, DocumentType, DocumentFragment, Document, NodeList, HTMLCollection,
    DOMTokenList, DOMParser, Attr, NamedNodeMap, DOMImplementation, ...htmlGlobals,
  })) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
  }
})();
