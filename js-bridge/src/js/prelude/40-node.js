  // ----- Node -------------------------------------------------------------------

  define(Node, {
    nodeName: { get() { return N.nodeName(this[I], this[G]); } },
    childNodes: { get() { return nodeList(N.childNodes(this[I], this[G])); } },
  });
  Object.assign(Node.prototype, {
    getRootNode() { return wrap(N.getRootNode(this[I], this[G])); },
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
  // A constant: on the interface object and its prototype, read-only.
  const constant = (cls, name, value) => {
    const desc = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(cls, name, desc);
    Object.defineProperty(cls.prototype, name, desc);
  };

  const parentNodeMixin = {
    props: {
      children: { get() { return collection(N.children(this[I], this[G])); } },
    },
    methods: {
      querySelectorAll(s) { return nodeList(N.querySelectorAll(this[I], this[G], String(s))); },
    },
  };
  const byName = {
    getElementsByTagName(n) { return collection(N.getElementsByTagName(this[I], this[G], String(n))); },
    getElementsByClassName(n) { return collection(N.getElementsByClassName(this[I], this[G], String(n))); },
  };
