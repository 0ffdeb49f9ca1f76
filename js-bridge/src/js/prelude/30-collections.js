  // ----- NodeList, HTMLCollection, DOMTokenList -------------------------------

  class NodeList {
    constructor(key, indices) {
      if (key !== KEY) throw illegal();
      for (let k = 0; k < indices.length; k++) this[k] = wrap(indices[k]);
      Object.defineProperty(this, 'length', { value: indices.length });
    }
    item(k) { return this[k] ?? null; }
    forEach(cb, thisArg) { for (let k = 0; k < this.length; k++) cb.call(thisArg, this[k], k, this); }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
    *entries() { for (let k = 0; k < this.length; k++) yield [k, this[k]]; }
    *keys() { for (let k = 0; k < this.length; k++) yield k; }
    *values() { yield* this; }
  }
  const nodeList = (indices) => new NodeList(KEY, indices);

  const INDICES = Symbol('ecsdom.indices');
  class HTMLCollection {
    constructor(key, indices) {
      if (key !== KEY) throw illegal();
      for (let k = 0; k < indices.length; k++) this[k] = wrap(indices[k]);
      Object.defineProperty(this, 'length', { value: indices.length });
      Object.defineProperty(this, INDICES, { value: indices });
    }
    item(k) { return this[k] ?? null; }
    namedItem(name) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'namedItem' on 'HTMLCollection': 1 argument required.");
      return wrap(N.namedItem(this[INDICES], `${name}`));
    }
    *[Symbol.iterator]() { for (let k = 0; k < this.length; k++) yield this[k]; }
  }
  const collection = (indices) => new HTMLCollection(KEY, indices);

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
