  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  class HTMLElement extends Element {}
  // Attr nodes (nodeType 2) are wrappers like every node's; their members
  // are generated (webidl/bindings.txt).
  class Attr extends Node {}
  // NamedNodeMap objects are made natively (js-bridge's collection.rs):
  // live, with the attributes as indexed properties and their names as
  // named ones. Its members, `attributes` and `getAttributeNode` are
  // generated (webidl/bindings.txt).
  class NamedNodeMap {
    constructor() { throw illegal(); }
  }
  Object.defineProperty(NamedNodeMap.prototype, Symbol.iterator, {
    value: Array.prototype.values, writable: true, configurable: true,
  });

  HTMLElement.prototype.click = function click() {
    this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true, composed: true }));
  };
