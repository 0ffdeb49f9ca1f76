  // ----- The members generated from the IDL (webidl/bindings.txt) -------------------

  /*@IDL_MEMBERS@*/
  // (After the members: the accessors they add are registered too.)
  // CSSStyleDeclaration's attribute for each supported CSS property and
  // spelling (https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-camel-cased-attribute):
  // getPropertyValue(property) and setProperty(property, value), null
  // as "" ([LegacyNullToEmptyString]).
  {
    const get = N['CSSStyleDeclaration.getPropertyValue'];
    const set = N['CSSStyleDeclaration.setProperty'];
    const names = N.cssPropertyAttributes();
    for (let k = 0; k < names.length; k += 2) {
      const property = names[k + 1];
      Object.defineProperty(CSSStyleDeclaration.prototype, names[k], {
        get() { return get.call(this, property); },
        set(v) { set.call(this, property, v === null ? '' : v); },
        enumerable: true, configurable: true,
      });
    }
  }
  registerCollections([NodeList, HTMLCollection, DOMTokenList, NamedNodeMap, DOMStringMap, CSSStyleDeclaration, StyleSheetList, CSSRuleList]);

  // The HTML element interfaces (https://html.spec.whatwg.org/#elements-3)
  // are generated above (webidl/html-elements.txt), each a subclass of
  // HTMLElement. Which one an element gets is decided natively (`adopt`
  // returns 16 + a class code: 0 HTMLElement, 1 HTMLUnknownElement, 2 + k
  // the k-th of the table: `htmlByCode`).

  // HTMLTemplateElement.content (https://html.spec.whatwg.org/#dom-template-content):
  // the template's contents fragment.
  Object.defineProperty(HTMLTemplateElement.prototype, 'content', {
    get() { return wrap(N.templateContents(this[I], this[G])); },
    enumerable: true, configurable: true,
  });

  // HTMLIFrameElement.contentDocument and contentWindow
  // (https://html.spec.whatwg.org/#dom-iframe-contentdocument): its nested
  // browsing context's document and window (the global of a realm of its
  // own), null while it has none.
  Object.defineProperty(HTMLIFrameElement.prototype, 'contentDocument', {
    get() { return wrap(N.contentDocument(this[I], this[G])); },
    enumerable: true, configurable: true,
  });
  Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
    get() { return wrap(N.contentWindow(this[I], this[G])); },
    enumerable: true, configurable: true,
  });

  // SVG elements' classes follow (16 + htmlByCode.length + k: 0
  // SVGElement, 1 SVGAElement; webidl/svg.idl).
  const svgByCode = [SVGElement, SVGAElement];
  function classFor(code) {
    if (code >= 16 + htmlByCode.length) return svgByCode[code - 16 - htmlByCode.length] ?? SVGElement;
    if (code >= 16) return htmlByCode[code - 16] ?? HTMLElement;
    switch (code) {
      case 1: return Element;
      case 2: return Attr;
      case 3: return Text;
      case 4: return CDATASection;
      case 7: return ProcessingInstruction;
      case 8: return Comment;
      case 9: return Document;
      case 13: return XMLDocument;
      case 10: return DocumentType;
      case 11: return DocumentFragment;
      case 14: return ShadowRoot;
      default: return Node;
    }
  }

  // The wrappers' prototypes by class code (`classFor`).
  const protos = [];
  for (let code = 0; code < 16 + htmlByCode.length + svgByCode.length; code++) protos.push(classFor(code).prototype);
  N.setWrap(wrap, slots, weak, WeakRef, protos);

  // For the host: call the JS listener `key` for event `id` at node index `target`
  // (a dispatch another engine drives).
  // (`handler`: an event handler's listener, called by the event handler
  // processing algorithm.)
  N.callListener = (engine, key, id, target, handler, shadow) => {
    const ev = eventFor(id);
    const current = wrap(target);
    const fn = handler ? handlerFunction(engine, key, current, ev.type) : fnByKey.get(key);
    if (handler) callHandler(fn, ev, current, shadow);
    else callListener(fn, ev, current, shadow);
  };
  // For the host: dispatch an event the host or another engine made at node
  // index `target` (-1: the window).
  // Its listeners are callbacks run with nothing else on the stack: a
  // microtask checkpoint follows each (S.hostDispatch, which the
  // dispatch takes; an event a listener dispatches has none).
  N.dispatchFromHost = (id, target) => {
    S.hostDispatch = true;
    try {
      return (target < 0 ? globalThis : wrap(target)).dispatchEvent(eventFor(id));
    } finally {
      S.hostDispatch = false;
    }
  };
