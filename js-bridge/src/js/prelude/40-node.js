  // ----- Node -------------------------------------------------------------------

  // Where the generated members go: accessors and methods on a class's
  // prototype, as WebIDL defines them (configurable, enumerable).
  const accessor = (cls, name, desc) =>
    Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
  // A [LegacyUnforgeable] attribute: kept for the class's constructor,
  // which defines it on each instance (`defineUnforgeables`).
  const unforgeable = (cls, name, desc) => {
    const list = unforgeables.get(cls) ?? [];
    list.push([name, { enumerable: true, configurable: false, ...desc }]);
    unforgeables.set(cls, list);
  };
  const method = (cls, name, f) =>
    Object.defineProperty(cls.prototype, name, { value: f, writable: true, enumerable: true, configurable: true });
  // The getter of a [SameObject] attribute over its native, which makes a
  // new object each call: the first one is kept on `this` (under a symbol
  // of the attribute's own) and returned again. In JS, so a repeated read
  // makes no native call.
  const sameObject = (native) => {
    const key = Symbol(native.name);
    return {
      [native.name]() {
        // (Reading a property of null or undefined throws the TypeError an
        // illegal `this` gets.)
        const kept = this[key];
        if (kept !== undefined) return kept;
        const made = native.call(this);
        this[key] = made;
        return made;
      },
    }[native.name];
  };
  // An [Unscopable] member: named in the prototype's @@unscopables object
  // (null prototype), so `with (node)` does not see it.
  const unscopable = (cls, name) => {
    let u = Object.getOwnPropertyDescriptor(cls.prototype, Symbol.unscopables)?.value;
    if (u === undefined) {
      u = Object.create(null);
      Object.defineProperty(cls.prototype, Symbol.unscopables, { value: u, configurable: true });
    }
    u[name] = true;
  };
  // A constant: on the interface object and its prototype (a callback
  // interface's object has none), read-only.
  const constant = (cls, name, value) => {
    const desc = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(cls, name, desc);
    if (cls.prototype !== undefined) Object.defineProperty(cls.prototype, name, desc);
  };
