  class Node extends EventTarget {
    constructor(key, i, g) {
      if (key !== KEY) throw illegal();
      super();
      this[I] = i;
      this[G] = g;
    }
  }

  // Wrappers are held strongly while their node may be in the document,
  // so a loop over a page's elements reuses them instead of remaking one
  // per access (QuickJS frees an unreferenced object at once, so a WeakRef
  // alone would not keep them). Now and then (amortised: when as many
  // wrappers were made as are held) wrappers of disconnected nodes are
  // demoted to WeakRefs: once nothing else holds them they are collected,
  // the registry unpins their node, and the DOM can reclaim it.
  // Wrappers by node index in dense arrays (QuickJS's fast arrays index
  // in O(1); Maps of 10k+ numbers spent 40% of a build in lookups):
  // `slots` holds the wrappers held strongly (natives read it too, to
  // return a node's wrapper without calling back into JS), `weak` a
  // WeakRef to a demoted one.
  const slots = [];
  const weak = [];
  let heldAt = []; // the indexes whose slot holds a wrapper (what demote visits)
  let made = 0;
  let nextSweep = 4096;
  function hold(i, node) {
    while (slots.length <= i) slots.push(undefined);
    if (slots[i] === undefined) heldAt.push(i);
    slots[i] = node;
    weak[i] = undefined;
  }
  function demote() {
    dropReleased();
    const still = [];
    for (const i of heldAt) {
      const n = slots[i];
      if (isConnected.call(n)) still.push(i);
      else {
        while (weak.length <= i) weak.push(undefined);
        weak[i] = new WeakRef(n);
        slots[i] = undefined;
      }
    }
    heldAt = still;
  }
  function wrap(i) {
    if (i < 0) return null;
    if (i === windowIndex) return globalThis;
    // (Reading past the end would search the prototype chain: check first.)
    const s = i < slots.length ? slots[i] : undefined;
    if (s !== undefined) return s;
    const w = i < weak.length ? weak[i] : undefined;
    if (w !== undefined) {
      const hit = w.deref();
      if (hit !== undefined) {
        hold(i, hit);
        return hit;
      }
    }
    const plain = plainTargets.get(i);
    if (plain !== undefined) return plain.deref() ?? null;
    const info = N.adopt(i);
    const g = Math.floor(info / 256);
    const node = new (classFor(info % 256))(KEY, i, g);
    hold(i, node);
    registry.register(node, g < 2097152 ? g * 4294967296 + i : [i, g]);
    if (++made >= nextSweep) {
      demote();
      made = 0;
      nextSweep = Math.max(4096, heldAt.length);
    }
    return node;
  }
  // For the host, before collecting garbage: demote now.
  N.demote = demote;


  function define(cls, props) {
    for (const [name, desc] of Object.entries(props)) {
      Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: true, ...desc });
    }
  }
