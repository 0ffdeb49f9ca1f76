  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
  // element.attributes: a NamedNodeMap of Attr objects, one per attribute
  // name per element; an Attr reads and writes its element's attribute
  // (dom-ecs answers every lookup: N.attr*).
  const ATTR_NAME = Symbol('ecsdom.attrName');
  const ATTR_NAMES = Symbol('ecsdom.attrNames');
  const MAP_LENGTH = Symbol('ecsdom.length');
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
  class NamedNodeMap {
    constructor(key, el) {
      if (key !== KEY) throw illegal();
      Object.defineProperty(this, '_el', { value: el });
      const n = N.attrCount(el[I], el[G]);
      for (let k = 0; k < n; k++) this[k] = attrNode(el, N.attrAt(el[I], el[G], k));
      Object.defineProperty(this, MAP_LENGTH, { value: n });
    }
    // (A snapshot taken when `attributes` was read, as its indices are.)
    get length() { return this[MAP_LENGTH]; }
    item(k) { return this[k] ?? null; }
    getNamedItem(name) {
      const el = this._el;
      return attrNode(el, N.attrByName(el[I], el[G], String(name)));
    }
    removeNamedItem(name) {
      const el = this._el;
      const a = this.getNamedItem(name); // made while the attribute is there
      N.removeNamedItem(el[I], el[G], String(name)); // NotFoundError if absent
      return a;
    }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
  }
  define(Element, { attributes: { get() { return new NamedNodeMap(KEY, this); } } });
  Element.prototype.getAttributeNode = function getAttributeNode(name) {
    return attrNode(this, N.attrByName(this[I], this[G], String(name)));
  };

  HTMLElement.prototype.click = function click() {
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true, composed: true }));
  };
