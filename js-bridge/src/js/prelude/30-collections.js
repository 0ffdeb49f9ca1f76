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
    N.setCollectionProtos(NodeList.prototype, HTMLCollection.prototype);
  }

  class DOMTokenList {
    constructor(key, el) {
      if (key !== KEY) throw illegal();
      this._el = el;
    }
    get length() { return N.classList(this._el[I], this._el[G]).length; }
    get value() { return this._el.className; }
    set value(v) { this._el.className = v; }
    item(k) { return N.classList(this._el[I], this._el[G])[k] ?? null; }
    contains(t) { return N.classContains(this._el[I], this._el[G], String(t)); }
    add(...t) { N.classAdd(this._el[I], this._el[G], ...t.map(String)); }
    remove(...t) { N.classRemove(this._el[I], this._el[G], ...t.map(String)); }
    toggle(t, force) {
      return force === undefined
        ? N.classToggle(this._el[I], this._el[G], String(t))
        : N.classToggle(this._el[I], this._el[G], String(t), !!force);
    }
    replace(a, b) { return N.classReplace(this._el[I], this._el[G], String(a), String(b)); }
    forEach(cb, thisArg) { N.classList(this._el[I], this._el[G]).forEach((t, k) => cb.call(thisArg, t, k, this)); }
    toString() { return this.value; }
    [Symbol.iterator]() { return N.classList(this._el[I], this._el[G])[Symbol.iterator](); }
  }
