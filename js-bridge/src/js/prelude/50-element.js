  // ----- Element ------------------------------------------------------------------

  class Element extends Node {}
  // HTMLElement's constructor is [HTMLConstructor]
  // (https://html.spec.whatwg.org/#html-element-constructors): only a
  // custom element class defined in this realm's registry constructs, a
  // new element when its definition's construction stack is empty, else
  // the element being upgraded (`79-custom-elements.js`).
  class HTMLElement extends Element {
    constructor() {
      return htmlConstructor(new.target, HTMLElement);
    }
  }
  // SVG 2's element interfaces (webidl/svg.idl): every element in the SVG
  // namespace is an SVGElement, `a` an SVGAElement; none constructs.
  class SVGElement extends Element {}
  class SVGGraphicsElement extends SVGElement {}
  class SVGAElement extends SVGGraphicsElement {}
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
  // focus(options) and blur() (https://html.spec.whatwg.org/#dom-focus):
  // the focus change's events (blur, focusout, focus, focusin) dispatched
  // in turn. (preventScroll: nothing scrolls here.)
  const focusChange = (el, blur) => {
    const c = N.focusBegin(el[I], el[G], blur);
    if (c == null) return;
    for (let f = N.focusNext(c); f != null; f = N.focusNext(c)) wrap(f[0]).dispatchEvent(eventFor(f[1]));
  };
  // (HTMLOrSVGElement's: HTML and SVG elements have them.)
  for (const C of [HTMLElement, SVGElement]) {
    Object.defineProperty(C.prototype, 'focus', {
      value: function focus(options) { focusChange(this, false); },
      writable: true, enumerable: true, configurable: true,
    });
    Object.defineProperty(C.prototype, 'blur', {
      value: function blur() { focusChange(this, true); },
      writable: true, enumerable: true, configurable: true,
    });
  }
  HTMLElement.prototype.click = function click() {
    const e = N.clickBegin(this[I], this[G]);
    if (e == null) return;
    try {
      this.dispatchEvent(eventFor(e));
    } finally {
      N.clickEnd(this[I], this[G], e);
    }
  };
