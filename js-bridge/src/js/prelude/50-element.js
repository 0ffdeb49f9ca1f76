  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
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
    get value() { return getAttribute.call(this._el, this.name) ?? ''; }
    set value(v) { setAttribute.call(this._el, this.name, v); }
    get nodeValue() { return this.value; }
    set nodeValue(v) { this.value = v; }
    get textContent() { return this.value; }
    set textContent(v) { this.value = v; }
    get ownerElement() { return hasAttribute.call(this._el, this.name) ? this._el : null; }
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
      const names = getAttributeNames.call(el);
      for (let k = 0; k < names.length; k++) this[k] = attrNode(el, names[k]);
      Object.defineProperty(this, 'length', { value: names.length });
    }
    item(k) { return this[k] ?? null; }
    getNamedItem(name) {
      const n = String(name);
      const el = this._el;
      const lower = el instanceof HTMLElement ? n.toLowerCase() : n;
      return hasAttribute.call(el, lower) ? attrNode(el, lower) : null;
    }
    removeNamedItem(name) {
      const a = this.getNamedItem(name);
      if (a === null) throw new DOMException(`No attribute named '${name}'.`, 'NotFoundError');
      removeAttribute.call(this._el, a.name);
      return a;
    }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
  }
  define(Element, { attributes: { get() { return new NamedNodeMap(KEY, this); } } });
  Element.prototype.getAttributeNode = function getAttributeNode(name) {
    return new NamedNodeMap(KEY, this).getNamedItem(name);
  };

  HTMLElement.prototype.click = function click() {
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true, composed: true }));
  };
