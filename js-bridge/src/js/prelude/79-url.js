  // ----- The URL Standard's API (https://url.spec.whatwg.org/#api) -----------------

  // A static operation: on the interface object (WebIDL 3.7.5).
  const staticMethod = (cls, name, f) =>
    Object.defineProperty(cls, name, { value: f, writable: true, enumerable: true, configurable: true });

  // A pair iterable's members (WebIDL 3.7.9, iterable<K, V>): entries,
  // keys, values, forEach and @@iterator (entries itself), over `step`,
  // the native giving [key, value] at an index or undefined past the end:
  // each next() reads the list as it is then.
  const pairIterable = (cls, step) => {
    const name = cls.name;
    const iteratorProto = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
    const STATE = Symbol('iterator state');
    Object.defineProperty(iteratorProto, 'next', {
      value: function next() {
        const state = this?.[STATE];
        if (state === undefined) throw new TypeError(`next() called on an object that is not a ${name} Iterator`);
        const pair = state.done ? undefined : step.call(state.target, state.index);
        if (pair === undefined) {
          state.done = true;
          return { value: undefined, done: true };
        }
        state.index++;
        const value = state.kind === 'key' ? pair[0] : state.kind === 'value' ? pair[1] : pair;
        return { value, done: false };
      },
      writable: true, enumerable: true, configurable: true,
    });
    Object.defineProperty(iteratorProto, Symbol.toStringTag, { value: `${name} Iterator`, configurable: true });
    const iterator = (kind) => ({
      [kind === 'key' ? 'keys' : kind === 'value' ? 'values' : 'entries']() {
        // (The step checks `this` is such an object; check before making
        // the iterator, as WebIDL does.)
        step.call(this, 0);
        const it = Object.create(iteratorProto);
        Object.defineProperty(it, STATE, { value: { target: this, kind, index: 0, done: false } });
        return it;
      },
    })[kind === 'key' ? 'keys' : kind === 'value' ? 'values' : 'entries'];
    const entries = iterator('key+value');
    method(cls, 'entries', entries);
    method(cls, 'keys', iterator('key'));
    method(cls, 'values', iterator('value'));
    method(cls, 'forEach', function forEach(callback, thisArg = undefined) {
      step.call(this, 0);
      if (typeof callback !== 'function') throw new TypeError(`Failed to execute 'forEach' on '${name}': parameter 1 is not of type 'Function'.`);
      for (let i = 0; ; i++) {
        const pair = step.call(this, i);
        if (pair === undefined) return;
        callback.call(thisArg, pair[1], pair[0], this);
      }
    });
    Object.defineProperty(cls.prototype, Symbol.iterator, { value: entries, writable: true, enumerable: false, configurable: true });
  };

  class URL {
    constructor(url, base = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");
      const u = base === undefined ? N['URL.constructor'](url) : N['URL.constructor'](url, base);
      if (new.target !== URL) Object.setPrototypeOf(u, new.target.prototype);
      return u;
    }
  }
  N.setValueProto(1, URL.prototype);

  class URLSearchParams {
    constructor(init = '') {
      const p = N['URLSearchParams.constructor'](init);
      if (new.target !== URLSearchParams) Object.setPrototypeOf(p, new.target.prototype);
      return p;
    }
  }
  N.setValueProto(2, URLSearchParams.prototype);
