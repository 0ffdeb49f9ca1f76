  // ----- Node -------------------------------------------------------------------

  // Where the generated members go: accessors and methods on a class's
  // prototype, as WebIDL defines them (configurable, enumerable).
  const accessor = (cls, name, desc) =>
    Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
  const method = (cls, name, f) =>
    Object.defineProperty(cls.prototype, name, { value: f, writable: true, enumerable: true, configurable: true });
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
  // A constant: on the interface object and its prototype, read-only.
  const constant = (cls, name, value) => {
    const desc = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(cls, name, desc);
    Object.defineProperty(cls.prototype, name, desc);
  };
