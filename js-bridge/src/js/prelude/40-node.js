  // ----- Node -------------------------------------------------------------------

  const constants = {
    ELEMENT_NODE: 1, ATTRIBUTE_NODE: 2, TEXT_NODE: 3, CDATA_SECTION_NODE: 4,
    PROCESSING_INSTRUCTION_NODE: 7, COMMENT_NODE: 8, DOCUMENT_NODE: 9,
    DOCUMENT_TYPE_NODE: 10, DOCUMENT_FRAGMENT_NODE: 11,
  };
  for (const [k, v] of Object.entries(constants)) {
    Object.defineProperty(Node, k, { value: v, enumerable: true });
    Object.defineProperty(Node.prototype, k, { value: v, enumerable: true });
  }

  define(Node, {
    nodeType: { get() { return N.nodeType(this[I], this[G]); } },
    nodeName: { get() { return N.nodeName(this[I], this[G]); } },
    childNodes: { get() { return nodeList(N.childNodes(this[I], this[G])); } },
    textContent: {
      get() { return N.getTextContent(this[I], this[G]); },
      set(v) { N.setTextContent(this[I], this[G], str(v)); },
    },
    nodeValue: {
      get() { return this instanceof CharacterData ? N.getData(this[I], this[G]) : null; },
      set(v) { if (this instanceof CharacterData) N.setData(this[I], this[G], str(v)); },
    },
  });
  Object.assign(Node.prototype, {
    getRootNode() { return wrap(N.getRootNode(this[I], this[G])); },
    appendChild(c) {
      node(c);
      N.appendChild(this[I], this[G], c[I], c[G]);
      return c;
    },
    insertBefore(c, ref) {
      node(c);
      if (ref === undefined) throw new TypeError("Failed to execute 'insertBefore': 2 arguments required.");
      if (ref === null) N.insertBefore(this[I], this[G], c[I], c[G], -1, -1);
      else { node(ref, 'parameter 2'); N.insertBefore(this[I], this[G], c[I], c[G], ref[I], ref[G]); }
      return c;
    },
    replaceChild(n, c) {
      node(n); node(c, 'parameter 2');
      N.replaceChild(this[I], this[G], n[I], n[G], c[I], c[G]);
      return c;
    },
    removeChild(c) {
      node(c);
      N.removeChild(this[I], this[G], c[I], c[G]);
      return c;
    },
    contains(o) {
      if (o === null || o === undefined) return false;
      node(o);
      return N.contains(this[I], this[G], o[I], o[G]);
    },
    isSameNode(o) { return this === o; },
  });

  // The arguments of the ParentNode/ChildNode methods, `(Node or
  // DOMString)...`, for the natives: per argument a node's [index,
  // generation], or [-1, k] with the string (WebIDL's ToString) at texts[k].
  function nodeArgs(nodes) {
    const ids = [], texts = [];
    for (const n of nodes) {
      if (n instanceof Node) ids.push(n[I], n[G]);
      else { ids.push(-1, texts.length); texts.push(`${n}`); }
    }
    return [ids, texts];
  }
  // Where the generated members go: accessors and methods on a class's
  // prototype, as WebIDL defines them (configurable, enumerable).
  const accessor = (cls, name, desc) =>
    Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
  const method = (cls, f) =>
    Object.defineProperty(cls.prototype, f.name, { value: f, writable: true, enumerable: true, configurable: true });

  const parentNodeMixin = {
    props: {
      children: { get() { return collection(N.children(this[I], this[G])); } },
    },
    methods: {
      querySelectorAll(s) { return nodeList(N.querySelectorAll(this[I], this[G], String(s))); },
    },
  };
  const childNodeMixin = {
    remove() { N.remove(this[I], this[G]); },
  };
  const byName = {
    getElementsByTagName(n) { return collection(N.getElementsByTagName(this[I], this[G], String(n))); },
    getElementsByClassName(n) { return collection(N.getElementsByClassName(this[I], this[G], String(n))); },
  };
