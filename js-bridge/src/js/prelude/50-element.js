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

  // click() (https://html.spec.whatwg.org/#dom-click): a MouseEvent the
  // DOM makes, unless the element is a disabled control or its click()
  // is already running.
  HTMLElement.prototype.click = function click() {
    const e = N.clickBegin(this[I], this[G]);
    if (e == null) return;
    try {
      this.dispatchEvent(eventFor(e));
    } finally {
      N.clickEnd(this[I], this[G], e);
    }
  };
