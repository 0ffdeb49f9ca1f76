  // (Node objects are made natively, with the interface's prototype.)
  class Node extends EventTarget {
    constructor() { throw illegal(); }
  }

  // The one JS object of each node is made and kept natively
  // (`js-bridge/src/wrapper.rs`): `slots` holds the wrappers held strongly
  // by node index (read here first, off the native path), `weak` a WeakRef
  // to a demoted one.
  const slots = (S.slots ??= []);
  const weak = (S.weak ??= []);
  function wrap(i) {
    if (i < 0) return null;
    if (i === windowIndex) return globalThis;
    // (Reading past the end would search the prototype chain: check first.)
    const s = i < slots.length ? slots[i] : undefined;
    if (s !== undefined) return s;
    const plain = plainTargets.get(i);
    if (plain !== undefined) return plain.deref() ?? null;
    return N.makeWrapper(i);
  }
  // For the host, before collecting garbage: demote now.
  N.demote = () => {
    dropReleased();
    N.demoteWrappers();
  };


  // (Accessors named as WebIDL names them: `get x`, `set x`.)
  function define(cls, props) {
    for (const [name, desc] of Object.entries(props)) {
      for (const kind of ['get', 'set']) {
        if (typeof desc[kind] === 'function') {
          Object.defineProperty(desc[kind], 'name', { value: `${kind} ${name}`, configurable: true });
        }
      }
      Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
    }
  }
