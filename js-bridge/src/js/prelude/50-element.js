  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
  // Attr objects, one per attribute name per element: an Attr reads and
  // writes its element's attribute (dom-ecs answers every lookup:
  // N.attrData).
  const ATTR_NAME = Symbol('ecsdom.attrName');
  const ATTR_NAMES = Symbol('ecsdom.attrNames');
  class Attr {
    constructor(key, el, name, data) {
      if (key !== KEY) throw illegal();
      Object.defineProperty(this, '_el', { value: el });
      Object.defineProperty(this, ATTR_NAME, { value: name });
      // An attribute's namespace, prefix and local name never change:
      // read once (they stay after the attribute is removed).
      Object.defineProperty(this, ATTR_NAMES, { value: data ?? N.attrData(el[I], el[G], name) });
    }
    get name() { return this[ATTR_NAME]; }
    get localName() { return this[ATTR_NAMES][2]; }
    get namespaceURI() { return this[ATTR_NAMES][0] ?? null; }
    get prefix() { return this[ATTR_NAMES][1] ?? null; }
    get value() { return N.attrData(this._el[I], this._el[G], this.name)?.[3] ?? ''; }
    set value(v) { setAttribute.call(this._el, this.name, v); }
    get nodeValue() { return this.value; }
    set nodeValue(v) { this.value = v; }
    get textContent() { return this.value; }
    set textContent(v) { this.value = v; }
    get ownerElement() { return N.attrData(this._el[I], this._el[G], this.name) == null ? null : this._el; }
    get specified() { return true; }
    get nodeType() { return 2; }
    get nodeName() { return this.name; }
  }
  const attrNodes = new WeakMap(); // element -> Map(name -> Attr)
  // (`data`: the names when the caller has them, as N.attrData gives them.)
  function attrNode(el, name, data) {
    if (name == null) return null;
    let m = attrNodes.get(el);
    if (!m) { m = new Map(); attrNodes.set(el, m); }
    let a = m.get(name);
    if (!a) { a = new Attr(KEY, el, name, data); m.set(name, a); }
    return a;
  }
  // NamedNodeMap objects are made natively (js-bridge's collection.rs):
  // live, with the attributes as indexed properties and their names as
  // named ones. Its members, `attributes` and `getAttributeNode` are
  // generated (webidl/bindings.txt); an Attr result is made here.
  class NamedNodeMap {
    constructor() { throw illegal(); }
  }
  Object.defineProperty(NamedNodeMap.prototype, Symbol.iterator, {
    value: Array.prototype.values, writable: true, configurable: true,
  });
  N.setAttrNode(attrNode);

  HTMLElement.prototype.click = function click() {
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true, composed: true }));
  };
