// The DOM a scheduler task sees (see `task.rs`): reads of the document as
// it was when the round began, writes recorded into the task's command
// buffer. Same names as the page DOM, so a widget script runs unchanged in
// a page and as a task. Lists are frozen arrays (for...of, length, [k],
// forEach work as on a NodeList).
(() => {
  'use strict';
  const N = globalThis.__ecsdom_task;
  delete globalThis.__ecsdom_task;

  const KEY = Symbol('ecsdom.construct');
  const I = Symbol('ecsdom.index');
  const G = Symbol('ecsdom.generation');
  // node index -> its object (one per node), in a dense array: QuickJS's
  // fast arrays index in O(1) where a Map of many numbers does not.
  const objects = [];

  function wrap(i, g) {
    const hit = i < objects.length ? objects[i] : undefined;
    if (hit !== undefined && hit[G] === g) return hit;
    const node = i === rootIndex ? new Document(KEY, i, g) : new Element(KEY, i, g);
    while (objects.length < i) objects.push(undefined);
    if (i === objects.length) objects.push(node);
    else objects[i] = node;
    return node;
  }
  const first = (p) => (p.length ? wrap(p[0], p[1]) : null);
  function list(p) {
    const out = new Array(p.length / 2);
    for (let k = 0; k < out.length; k++) out[k] = wrap(p[2 * k], p[2 * k + 1]);
    return Object.freeze(out);
  }

  class Node {
    constructor(key, i, g) {
      if (key !== KEY) throw new TypeError('Illegal constructor');
      this[I] = i;
      this[G] = g;
    }
    querySelector(s) { return first(N.querySelector(this[I], this[G], String(s))); }
    querySelectorAll(s) { return list(N.querySelectorAll(this[I], this[G], String(s))); }
    get children() { return list(N.children(this[I], this[G])); }
    get textContent() { return N.textContent(this[I], this[G]); }
    set textContent(v) { N.setTextContent(this[I], this[G], v === null ? '' : String(v)); }
  }

  class DOMTokenList {
    constructor(el) { this._el = el; }
    contains(t) { return N.hasClass(this._el[I], this._el[G], String(t)); }
    add(...ts) { for (const t of ts) N.classChange(this._el[I], this._el[G], 0, String(t)); }
    remove(...ts) { for (const t of ts) N.classChange(this._el[I], this._el[G], 1, String(t)); }
    // The result is computed on the snapshot: it does not see this task's
    // own earlier, not yet applied, changes.
    toggle(t, force) {
      const el = this._el;
      return force === undefined
        ? N.classChange(el[I], el[G], 2, String(t))
        : N.classChange(el[I], el[G], 2, String(t), !!force);
    }
  }
  const CLASSES = Symbol('ecsdom.classList');

  class Element extends Node {
    get tagName() { return N.tagName(this[I], this[G]); }
    get id() { return N.getAttribute(this[I], this[G], 'id') ?? ''; }
    get className() { return N.getAttribute(this[I], this[G], 'class') ?? ''; }
    get parentElement() { return first(N.parentElement(this[I], this[G])); }
    get classList() { return this[CLASSES] ?? (this[CLASSES] = new DOMTokenList(this)); }
    getAttribute(n) { return N.getAttribute(this[I], this[G], String(n)); }
    hasAttribute(n) { return N.getAttribute(this[I], this[G], String(n)) !== null; }
    setAttribute(n, v) { N.setAttribute(this[I], this[G], String(n), String(v)); }
    removeAttribute(n) { N.removeAttribute(this[I], this[G], String(n)); }
  }

  class Document extends Node {
    getElementById(id) { return first(N.getElementById(String(id))); }
    get body() { return first(N.body()); }
  }

  // The document of the current run (a task is made before its first run).
  let rootIndex = -1;
  Object.defineProperty(globalThis, 'document', {
    enumerable: true,
    get() {
      const root = N.root();
      rootIndex = root[0];
      return wrap(root[0], root[1]);
    },
  });
  Object.assign(globalThis, { Node, Element, Document, DOMTokenList });
  globalThis.window = globalThis;
})();
