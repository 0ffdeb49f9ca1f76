  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
  // Attr objects are made natively (js-bridge's attr.rs, of a dom-ecs
  // AttrRef), one per element and attribute name (kept here); their
  // members are generated (webidl/bindings.txt), the Node members an Attr
  // answers are below.
  class Attr {
    constructor() { throw illegal(); }
    get nodeValue() { return this.value; }
    set nodeValue(v) { this.value = v; }
    get textContent() { return this.value; }
    set textContent(v) { this.value = v; }
    get nodeType() { return 2; }
    get nodeName() { return this.name; }
  }
  const attrNodes = new WeakMap(); // element -> Map(key -> Attr)
  // The Attr of `el`'s attribute `key` (its namespace and local name): the
  // one made before, else `made`.
  function attrNode(el, key, made) {
    let m = attrNodes.get(el);
    if (!m) { m = new Map(); attrNodes.set(el, m); }
    let a = m.get(key);
    if (!a) {
      a = Object.setPrototypeOf(made, Attr.prototype);
      m.set(key, a);
    }
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
