  // ----- Document -------------------------------------------------------------------

  // `new Document()`: a new, empty XML document in this page's world.
  class Document extends Node {
    constructor() { return wrap(N.createDocument()); }
  }
  // XMLDocument (https://dom.spec.whatwg.org/#xmldocument): what
  // createDocument and DOMParser's XML types make; no constructor.
  class XMLDocument extends Document {
    constructor() { throw illegal(); }
  }
  define(Document, {
    // The page's window for the page's document; no other document has a browsing context.
    defaultView: { get() { return this === document ? globalThis : null; } },
    // The Location of its window, null for a document with no browsing context.
    // ([PutForwards=href]: a write navigates the window, if any.)
    location: {
      get() { const w = this.defaultView; return w ? w.location : null; },
      set(v) { const w = this.defaultView; if (w) w.location.href = v; },
    },
    implementation: {
      get() {
        if (N.nodeTypeOf(this) !== 9) throw new TypeError('Illegal invocation');
        return this[IMPL] ?? (this[IMPL] = new DOMImplementation(KEY, this));
      },
    },
  });
  Object.assign(Document.prototype, {
    // document.write(...text) / writeln(...text): into the parser's input
    // after the running script's end tag (html.idl's TrustedHTML is no
    // type here: each argument is a string).
    write(...text) {
      N.documentWrite(this[I], this[G], text.map((t) => `${t}`).join(''));
    },
    writeln(...text) {
      N.documentWrite(this[I], this[G], `${text.map((t) => `${t}`).join('')}\n`);
    },
    // createEvent(interface) (https://dom.spec.whatwg.org/#dom-document-createevent):
    // an event to initialize with initEvent / initCustomEvent.
    createEvent(iface) {
      if (N.nodeTypeOf(this) !== 9) throw new TypeError('Illegal invocation');
      if (arguments.length < 1) throw new TypeError("Failed to execute 'createEvent' on 'Document': 1 argument required.");
      const name = N.eventInterface(`${iface}`);
      const event = name === 'CustomEvent' ? new CustomEvent('') : name === 'Event' ? new Event('') : createDataEvent(name);
      N.uninitializeEvent(event[E]);
      return event;
    },
  });
