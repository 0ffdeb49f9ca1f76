  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
  // element.attributes: a NamedNodeMap of Attr objects, one per attribute
  // name per element; an Attr reads and writes its element's attribute
  // (dom-ecs answers every lookup: N.attr*).
  const ATTR_NAME = Symbol('ecsdom.attrName');
  const ATTR_NAMES = Symbol('ecsdom.attrNames');
  class Attr {
    constructor(key, el, name) {
      if (key !== KEY) throw illegal();
      Object.defineProperty(this, '_el', { value: el });
      Object.defineProperty(this, ATTR_NAME, { value: name });
      // An attribute's namespace, prefix and local name never change:
      // read once (they stay after the attribute is removed).
      Object.defineProperty(this, ATTR_NAMES, { value: N.attrData(el[I], el[G], name) });
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
  function attrNode(el, name) {
    if (name == null) return null;
    let m = attrNodes.get(el);
    if (!m) { m = new Map(); attrNodes.set(el, m); }
    let a = m.get(name);
    if (!a) { a = new Attr(KEY, el, name); m.set(name, a); }
    return a;
  }
  // NamedNodeMap objects are made natively (js-bridge's collection.rs):
  // live, with the attributes as indexed properties and their names as
  // named ones; the element is kept under MAP_ELEMENT.
  const MAP_ELEMENT = Symbol('ecsdom.element');
  const ATTRIBUTES = Symbol('ecsdom.attributes');
  class NamedNodeMap {
    constructor() { throw illegal(); }
    get length() { const el = this[MAP_ELEMENT]; return N.attrCount(el[I], el[G]); }
    item(k) { return this[k >>> 0] ?? null; }
    getNamedItem(name) {
      const el = this[MAP_ELEMENT];
      return attrNode(el, N.attrByName(el[I], el[G], String(name)));
    }
    removeNamedItem(name) {
      const el = this[MAP_ELEMENT];
      const a = this.getNamedItem(name); // made while the attribute is there
      N.removeNamedItem(el[I], el[G], String(name)); // NotFoundError if absent
      return a;
    }
  }
  Object.defineProperty(NamedNodeMap.prototype, Symbol.iterator, {
    value: Array.prototype.values, writable: true, configurable: true,
  });
  N.setAttrNode(attrNode);
  define(Element, {
    attributes: {
      get() {
        let m = this[ATTRIBUTES];
        if (m === undefined) {
          m = N.attrMap(this[I], this[G]);
          Object.defineProperty(m, MAP_ELEMENT, { value: this });
          this[ATTRIBUTES] = m;
        }
        return m;
      },
    },
  });
  Element.prototype.getAttributeNode = function getAttributeNode(name) {
    return attrNode(this, N.attrByName(this[I], this[G], String(name)));
  };

  HTMLElement.prototype.click = function click() {
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true, composed: true }));
  };
