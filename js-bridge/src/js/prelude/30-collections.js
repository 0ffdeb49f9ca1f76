  // ----- NodeList, HTMLCollection, DOMTokenList -------------------------------

  // NodeList and HTMLCollection objects are made natively (js-bridge's
  // `collection.rs`: legacy platform objects over a dom-ecs live
  // collection, with indexed and named properties); these classes are
  // their interface objects and prototypes. WebIDL gives an interface with
  // an indexed getter and a length Array.prototype's iteration methods.
  class NodeList {
    constructor() { throw illegal(); }
  }
  class HTMLCollection {
    constructor() { throw illegal(); }
  }
  {
    const nodeListMembers = { length: 'get', item: 'method' };
    for (const [cls, own] of [[NodeList, nodeListMembers], [HTMLCollection, { ...nodeListMembers, namedItem: 'method' }]]) {
      for (const [name, how] of Object.entries(own)) {
        const f = N[`${cls.name}.${name}`];
        Object.defineProperty(cls.prototype, name, how === 'get'
          ? { get: f, enumerable: true, configurable: true }
          : { value: f, writable: true, enumerable: true, configurable: true });
      }
      Object.defineProperty(cls.prototype, Symbol.iterator, {
        value: Array.prototype.values, writable: true, configurable: true,
      });
    }
    // NodeList is `iterable<Node>`: forEach, entries, keys, values.
    for (const name of ['forEach', 'entries', 'keys', 'values']) {
      Object.defineProperty(NodeList.prototype, name, {
        value: Array.prototype[name], writable: true, enumerable: true, configurable: true,
      });
    }
  }

  // DOMTokenList objects are made natively too (indexed properties are
  // the element's classes), and so are its members (js-bridge's
  // `token_list.rs`).
  class DOMTokenList {
    constructor() { throw illegal(); }
    toString() { return this.value; }
  }
  Object.defineProperty(DOMTokenList.prototype, 'length', { get: N['DOMTokenList.length'], enumerable: true, configurable: true });
  Object.defineProperty(DOMTokenList.prototype, 'value', {
    get: N['DOMTokenList.value'], set: N['DOMTokenList.value='], enumerable: true, configurable: true,
  });
  for (const name of ['item', 'contains', 'add', 'remove', 'toggle', 'replace', 'supports']) {
    Object.defineProperty(DOMTokenList.prototype, name, {
      value: N[`DOMTokenList.${name}`], writable: true, enumerable: true, configurable: true,
    });
  }
  Object.defineProperty(DOMTokenList.prototype, Symbol.iterator, {
    value: Array.prototype.values, writable: true, configurable: true,
  });
  // DOMTokenList is `iterable<DOMString>`.
  for (const name of ['forEach', 'entries', 'keys', 'values']) {
    Object.defineProperty(DOMTokenList.prototype, name, {
      value: Array.prototype[name], writable: true, enumerable: true, configurable: true,
    });
  }
  // The prototypes, each with the accessors of its chain (the native
  // objects call them with the right `this`).
  // (Called once every such class exists: NamedNodeMap comes with Element.)
  const registerCollections = (classes) => N.setCollectionProtos(classes.map(({ prototype }) => {
    const accessors = [];
    for (let p = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const name of Object.getOwnPropertyNames(p)) {
        const d = Object.getOwnPropertyDescriptor(p, name);
        if (d.get || d.set) accessors.push([name, d.get ?? null, d.set ?? null]);
      }
    }
    return [prototype, accessors];
  }));
