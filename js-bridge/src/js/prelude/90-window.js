  // ----- Timers (the host's queue: virtual time unless asked otherwise) ----------

  // (Each timer remembers its realm's window: the timers of an iframe's
  // window whose document was discarded, removed or navigated away, do
  // not run, as its document is no longer fully active.)
  const timers = (S.timers ??= new Map());
  function keepTimer(id, fn, args) {
    if (id >= 0) timers.set(id, { fn, args, window: windowIndex, generation: windowGeneration });
    return id;
  }
  function addTimer(fn, delay, args, repeating) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval: a function is required');
    return keepTimer(N.setTimer(Number(delay) || 0, repeating), fn, args);
  }
  const clearTimer = (id) => { if (timers.delete(id)) N.clearTimer(id); };
  N.runTimer = (id, repeating) => {
    const t = timers.get(id);
    if (t === undefined) return;
    if (t.window !== windowIndex && !N.windowActive(t.window, t.generation)) {
      clearTimer(id);
      return;
    }
    if (!repeating) timers.delete(id);
    try { t.fn.apply(globalThis, t.args); } catch (e) { realmOf(t.fn).reportError(e); }
  };
  Object.assign(globalThis, {
    // The delay is an IDL `long`: `| 0` is its conversion (ToInt32), so
    // 2 ** 31 wraps to a negative delay (0), as in browsers.
    setTimeout: (fn, delay = 0, ...args) => addTimer(fn, delay | 0, args, false),
    setInterval: (fn, delay = 0, ...args) => addTimer(fn, delay | 0, args, true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    structuredClone,
    // (Refused once the running script is out of time: an endless chain
    // of microtasks ends like an endless loop.)
    queueMicrotask: (fn) => {
      if (N.outOfTime()) throw new Error('queueMicrotask: the script ran out of time (script timeout)');
      Promise.resolve().then(() => fn()).catch(reportError);
    },
    performance: { now: () => N.now(), timeOrigin: Date.now() },
    // Animation frames: a timer to the next 60 Hz frame boundary (the
    // host's, shared with Python), so every callback requested within one
    // frame runs at the next, in order, with the frame's time
    // (https://html.spec.whatwg.org/#animation-frames).
    requestAnimationFrame: (fn) => {
      if (typeof fn !== 'function') throw new TypeError('requestAnimationFrame: a function is required');
      return keepTimer(N.setFrameTimer(), () => fn(N.now()), []);
    },
    cancelAnimationFrame: clearTimer,
  });

  // window.postMessage (https://html.spec.whatwg.org/#dom-window-postmessage):
  // the message, structured-cloned now, is delivered to this window as a
  // task (a MessageEvent whose source is the calling script's window) if
  // its document is then of the origin named. WebIDL's overloads:
  // (message, targetOrigin, transfer) or (message, {targetOrigin, transfer}).
  if (!N.isWorker) {
    globalThis.postMessage = function postMessage(message, ...rest) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'postMessage' on 'Window': 1 argument required, but only 0 present.");
      const second = rest[0];
      let targetOrigin = '/';
      let transfer;
      if (rest.length < 2 && (second === undefined || second === null || typeof second === 'object' || typeof second === 'function')) {
        if (second !== undefined && second !== null) {
          const t = second.targetOrigin;
          if (t !== undefined) targetOrigin = `${t}`;
          transfer = second.transfer;
        }
      } else {
        targetOrigin = `${second}`;
        transfer = rest[1];
      }
      if (transfer !== undefined && (transfer === null || typeof transfer !== 'object' || !(Symbol.iterator in transfer))) {
        throw new TypeError("Failed to execute 'postMessage' on 'Window': The transfer list is not a sequence.");
      }
      checkTransfer('Window', transfer);
      N.postMessage(windowIndex, windowGeneration, message, cloneHelpers, targetOrigin);
    };
  }

  // document.implementation (https://dom.spec.whatwg.org/#domimplementation):
  // documents and doctypes; new documents live in this page's world.
  const IMPL = (S['ecsdom.implementation'] ??= Symbol('ecsdom.implementation'));
  // Its document, or "Illegal invocation" for another `this`.
  const implDocument = (impl) => {
    const doc = impl !== null && typeof impl === 'object' ? impl[IMPL] : undefined;
    if (doc === undefined) throw illegal();
    return doc;
  };
  class DOMImplementation {
    // (`...args`: the interface object's `length` is 0.)
    constructor(...args) {
      if (args[0] !== KEY) throw illegal();
      this[IMPL] = args[1];
    }
    createHTMLDocument(title = undefined) {
      implDocument(this);
      return wrap(N.createHTMLDocument(title === undefined ? null : `${title}`));
    }
    createDocument(namespace, qualifiedName, doctype = null) {
      implDocument(this);
      if (arguments.length < 2) throw new TypeError("Failed to execute 'createDocument' on 'DOMImplementation': 2 arguments required.");
      if (doctype !== null && N.nodeTypeOf(doctype) !== 10) {
        throw new TypeError("Failed to execute 'createDocument' on 'DOMImplementation': parameter 3 is not of type 'DocumentType'.");
      }
      // DOMString? namespace; [LegacyNullToEmptyString] qualifiedName.
      const ns = namespace === null || namespace === undefined ? null : `${namespace}`;
      const name = qualifiedName === null ? '' : `${qualifiedName}`;
      return wrap(N.createXMLDocument(ns, name, doctype && doctype[I], doctype && doctype[G]));
    }
    createDocumentType(name, publicId, systemId) {
      const doc = implDocument(this);
      if (arguments.length < 3) throw new TypeError("Failed to execute 'createDocumentType' on 'DOMImplementation': 3 arguments required.");
      return wrap(N.createDocumentType(doc[I], doc[G], String(name), String(publicId), String(systemId)));
    }
    hasFeature() { implDocument(this); return true; }
  }

  // DOMParser (https://html.spec.whatwg.org/#dom-domparser-parsefromstring):
  // the new document lives in this page's world, detached, and is the
  // window's of the realm that made the parser (its URL that window's
  // document's), whichever realm's method is called. `type` is the IDL
  // enum DOMParserSupportedType: another value is a TypeError.
  const parserTypes = N.domParserTypes();
  // (One map per page: a parser of one realm, the method of another.)
  const parserDocuments = (S['ecsdom.parserDocuments'] ??= new WeakMap());
  class DOMParser {
    constructor() {
      parserDocuments.set(this, document);
    }
    parseFromString(string, type) {
      const g = parserDocuments.get(this);
      if (g === undefined) throw new TypeError('Illegal invocation');
      if (arguments.length < 2) throw new TypeError("Failed to execute 'parseFromString' on 'DOMParser': 2 arguments required.");
      const t = `${type}`;
      if (!parserTypes.includes(t)) {
        throw new TypeError(`Failed to execute 'parseFromString' on 'DOMParser': The provided value '${t}' is not a valid enum value of type DOMParserSupportedType.`);
      }
      return wrap(N.parseFromString(g[I], g[G], `${string}`, t));
    }
  }

  // XMLSerializer (https://w3c.github.io/DOM-Parsing/#the-xmlserializer-interface):
  // its method is branded as any interface's (an object the constructor
  // made, else "Illegal invocation").
  const serializers = (S['ecsdom.serializers'] ??= new WeakSet());
  class XMLSerializer {
    constructor() {
      serializers.add(this);
    }
    serializeToString(root) {
      if (!serializers.has(this)) throw new TypeError('Illegal invocation');
      if (arguments.length < 1) throw new TypeError("Failed to execute 'serializeToString' on 'XMLSerializer': 1 argument required.");
      if (!isNode(root)) throw new TypeError("Failed to execute 'serializeToString' on 'XMLSerializer': parameter 1 is not of type 'Node'.");
      return N.xmlSerialize(root[I], root[G]);
    }
  }

  // Location (https://html.spec.whatwg.org/#the-location-interface): the
  // window's one object; its members read the window's document URL
  // ([LegacyUnforgeable]: own properties of the object), and writing
  // one navigates (to a fragment: the URL moves and hashchange follows;
  // elsewhere: the host reports it, loading no other document).
  class Location {
    constructor() { throw illegal(); }
  }
  const location = Object.create(Location.prototype);
  const navigate = (part) => function (v) {
    N.setLocationPart(windowIndex, windowGeneration, part, `${v}`);
  };
  for (const part of N.locationParts()) {
    Object.defineProperty(location, part, {
      get() { return N.locationPart(windowIndex, windowGeneration, part); },
      set: part === 'origin' ? undefined : navigate(part),
      enumerable: true, configurable: false,
    });
  }
  Object.defineProperty(location, 'toString', {
    value: function toString() { return location.href; }, enumerable: true, configurable: false,
  });

  // History (https://html.spec.whatwg.org/#the-history-interface): the
  // window's one object over its document's session history (dom-ecs
  // html/history.rs); the state is deserialized once per entry.
  class History {
    constructor() { throw illegal(); }
  }
  const history = Object.create(History.prototype);
  const historyMethods = {
    get length() { return N.historyLength(windowIndex, windowGeneration); },
    get scrollRestoration() { return N.historyScroll(windowIndex, windowGeneration); },
    set scrollRestoration(v) {
      const t = `${v}`;
      if (t === 'auto' || t === 'manual') N.setHistoryScroll(windowIndex, windowGeneration, t);
    },
    get state() {
      return clonedOnce(N.historyState(windowIndex, windowGeneration, lastCloned.identity, cloneHelpers));
    },
    go(delta = 0) { N.historyGo(windowIndex, windowGeneration, Number(delta) | 0); },
    back() { N.historyGo(windowIndex, windowGeneration, -1); },
    forward() { N.historyGo(windowIndex, windowGeneration, 1); },
    pushState(data, unused, url = null) {
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'pushState' on 'History': 2 arguments required, but only ${arguments.length} present.`);
      N.historyPush(windowIndex, windowGeneration, data, cloneHelpers, url === null || url === undefined ? undefined : `${url}`, false);
    },
    replaceState(data, unused, url = null) {
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'replaceState' on 'History': 2 arguments required, but only ${arguments.length} present.`);
      N.historyPush(windowIndex, windowGeneration, data, cloneHelpers, url === null || url === undefined ? undefined : `${url}`, true);
    },
  };
  for (const key of Object.getOwnPropertyNames(historyMethods)) {
    const d = Object.getOwnPropertyDescriptor(historyMethods, key);
    Object.defineProperty(History.prototype, key, { ...d, enumerable: true, configurable: true });
  }
  const document = wrap(N.root());
  // The global's interface (https://html.spec.whatwg.org/#the-window-object):
  // window -> Window.prototype -> the named properties object (an
  // element's id as a global) -> EventTarget.prototype.
  class Window extends EventTarget {
    constructor() { throw illegal(); }
  }
  Object.setPrototypeOf(Window.prototype, N.windowNamedProperties(EventTarget.prototype));
  Object.setPrototypeOf(globalThis, Window.prototype);
  // The window's event handlers (onload, onerror...: Window's IDL).
  for (const name of WINDOW_EVENT_HANDLERS) eventHandler(globalThis, name);
  Object.defineProperty(globalThis, 'history', { get() { return history; }, enumerable: true, configurable: true });
  // (A worker's global has a location of its own: 95-worker-global.js.)
  if (!N.isWorker) {
    Object.defineProperty(globalThis, 'location', {
      get() { return location; }, set: navigate('href'), enumerable: true, configurable: false,
    });
  }
  Object.defineProperty(globalThis, I, { value: windowIndex });
  Object.defineProperty(globalThis, G, { value: windowGeneration });
  // Interface objects: writable, configurable, not enumerable (WebIDL).
  for (const [name, cls] of Object.entries({
    Event, CustomEvent, ErrorEvent, EventTarget, Node, Element, HTMLElement, SVGElement, SVGGraphicsElement, SVGAElement, Animation, CSSTransition, CSSAnimation, CharacterData, Text, CDATASection, Comment,
    ProcessingInstruction,
    DocumentType, DocumentFragment, ShadowRoot, Document, XMLDocument, NodeList, HTMLCollection, DOMTokenList, DOMStringMap, CSSStyleDeclaration, StyleSheet, CSSStyleSheet, StyleSheetList, CSSRuleList, CSSRule, CSSStyleRule, DOMParser, XMLSerializer,
    Attr, NamedNodeMap, DOMImplementation, NodeFilter, TreeWalker, NodeIterator, XPathEvaluator, XPathExpression, XPathResult, AbstractRange, StaticRange, Range,
    MutationObserver, MutationRecord, AbortController, AbortSignal, Selection, Location, URL, URLSearchParams,
    Headers, Request, Response, FormData, TextDecoder, TextEncoder, Storage, Navigator, Crypto, DOMRectReadOnly, DOMRect, Window, History, XMLHttpRequestEventTarget, XMLHttpRequestUpload, XMLHttpRequest, CustomElementRegistry, ...uiEvents, ...htmlGlobals,
  })) {
    Object.defineProperty(globalThis, name, { value: cls, writable: true, enumerable: false, configurable: true });
    if (cls.prototype !== undefined) platformPrototypes.add(cls.prototype);
  }
  // DOMRect's [LegacyWindowAlias=SVGRect].
  Object.defineProperty(globalThis, 'SVGRect', { value: DOMRect, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(globalThis, 'crypto', { get: windowCrypto, enumerable: true, configurable: true });
  Object.defineProperty(globalThis, 'navigator', { get: windowNavigator, enumerable: true, configurable: true });
  Object.defineProperty(globalThis, 'localStorage', { get: windowStorage(false), enumerable: true, configurable: true });
  // customElements ([SameObject]): this window's registry.
  Object.defineProperty(globalThis, 'customElements', {
    get: { customElements() { return registryObject; } }.customElements, enumerable: true, configurable: true,
  });
  Object.defineProperty(globalThis, 'sessionStorage', { get: windowStorage(true), enumerable: true, configurable: true });
  Object.defineProperty(globalThis, 'fetch', { value: fetch, writable: true, enumerable: true, configurable: true });
  // URL's [LegacyWindowAlias=webkitURL]: the same interface object.
  Object.defineProperty(globalThis, 'webkitURL', { value: URL, writable: true, enumerable: false, configurable: true });
  if (!N.isWorker) Object.defineProperty(globalThis, 'document', { value: document, enumerable: true });
  // `window.event` ([Replaceable]): the current event while a listener
  // runs, undefined otherwise; a script's assignment replaces it.
  Object.defineProperty(globalThis, 'event', {
    get: {
      'get event'() {
        // (A window's attribute: another `this` is an illegal invocation.)
        if (this !== globalThis && this !== undefined && this !== null && !(this instanceof Window)) {
          throw new TypeError('Illegal invocation');
        }
        return currentEvent;
      },
    }['get event'],
    set: {
      'set event'(v) {
        if (this !== globalThis && this !== undefined && this !== null && !(this instanceof Window)) {
          throw new TypeError('Illegal invocation');
        }
        Object.defineProperty(globalThis, 'event', { value: v, writable: true, enumerable: true, configurable: true });
      },
    }['set event'],
    enumerable: true, configurable: true,
  });
  // window.getComputedStyle(elt, pseudoElt): the live, read-only
  // declarations of the element's computed style (CSSOM).
  Object.defineProperty(globalThis, 'getComputedStyle', {
    value: function getComputedStyle(elt, pseudoElt) {
      if (arguments.length < 1) {
        throw new TypeError("Failed to execute 'getComputedStyle' on 'Window': 1 argument required, but only 0 present.");
      }
      if (elt === null || typeof elt !== 'object' || elt[I] === undefined) {
        throw new TypeError("Failed to execute 'getComputedStyle' on 'Window': parameter 1 is not of type 'Element'.");
      }
      const pseudo = pseudoElt === undefined || pseudoElt === null ? null : `${pseudoElt}`;
      return N.computedStyle(elt[I], elt[G], pseudo);
    },
    writable: true, enumerable: true, configurable: true,
  });
  // window.getSelection(): its document's selection.
  Object.defineProperty(globalThis, 'getSelection', {
    value: function getSelection() { return selectionOf(document); },
    writable: true, enumerable: true, configurable: true,
  });
  globalThis.window = globalThis;
  globalThis.self = globalThis;
  globalThis.frames = globalThis;
  // The window tree (https://html.spec.whatwg.org/#browsing-context-names):
  // the page's window is its own parent and top; an iframe's window has
  // the window of the iframe's document as parent, and the iframe as
  // frameElement; `length` counts the iframes of this window's document
  // (`window[i]` is the named properties object's).
  const windowOrNull = (i) => (i < 0 ? null : wrap(i));
  for (const [name, get] of [
    ['parent', () => windowOrNull(N.parentWindow())],
    ['top', () => windowOrNull(N.topWindow())],
    ['frameElement', () => windowOrNull(N.frameElement())],
    ['length', () => N.childWindowCount()],
  ]) {
    Object.defineProperty(globalThis, name, { get, enumerable: true, configurable: true });
  }
  // window.name (https://html.spec.whatwg.org/#dom-name): its navigable's
  // target name (an iframe's `name` at first).
  if (!N.isWorker) {
    Object.defineProperty(globalThis, 'name', {
      get: { name() { return N.windowName(windowIndex, windowGeneration); } }.name,
      set: { name(v) { N.setWindowName(windowIndex, windowGeneration, `${v}`); } }.name,
      enumerable: true, configurable: true,
    });
  }
  // Symbol.toStringTag on every interface prototype, so
  // Object.prototype.toString names the interface ("[object HTMLDivElement]");
  // the window's is Window.prototype's (QuickJS gives its global object
  // one of its own, "global").
  delete globalThis[Symbol.toStringTag];
  for (const [name, cls] of Object.entries({
    Event, CustomEvent, ErrorEvent, EventTarget, Node, Element, HTMLElement, SVGElement, SVGGraphicsElement, SVGAElement, Animation, CSSTransition, CSSAnimation, CharacterData, Text, CDATASection, Comment,
    ProcessingInstruction, DocumentType, DocumentFragment, ShadowRoot, Document, XMLDocument, NodeList, HTMLCollection,
    DOMTokenList, DOMStringMap, CSSStyleDeclaration, StyleSheet, CSSStyleSheet, StyleSheetList, CSSRuleList, CSSRule, CSSStyleRule, DOMParser, XMLSerializer, Attr, NamedNodeMap, DOMImplementation, TreeWalker, NodeIterator, XPathEvaluator, XPathExpression, XPathResult, AbstractRange, StaticRange, Range,
    MutationObserver, MutationRecord, AbortController, AbortSignal, Selection, Location, URL, URLSearchParams,
    Headers, Request, Response, FormData, TextDecoder, TextEncoder, Storage, Navigator, Crypto, DOMRectReadOnly, DOMRect, Window, History, XMLHttpRequestEventTarget, XMLHttpRequestUpload, XMLHttpRequest, CustomElementRegistry, ...uiEvents, ...htmlGlobals,
  })) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
    // WebIDL: operations and attributes are enumerable (a class body's
    // methods and accessors are not).
    for (const o of [cls, cls.prototype]) {
      for (const key of Object.getOwnPropertyNames(o)) {
        if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue;
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (!d.enumerable && d.configurable) Object.defineProperty(o, key, { ...d, enumerable: true });
      }
    }
  }
