// The DOM classes scripts see, written over the natives in `natives.rs`.
//
// One JS object per node: a dense array by node index holding the object
// (or a WeakRef to it) gives `a === b` for two reads of one node. Making the object pins the node
// (`adopt`); when the object is collected, a FinalizationRegistry unpins it
// (`release`), so a JS reference keeps a removed node usable the way a
// Python handle does. WHATWG names and prototype chain:
// EventTarget <- Node <- Element <- HTMLElement, Node <- CharacterData <-
// Text/Comment, Node <- Document, DocumentFragment, DocumentType.
(() => {
  'use strict';
  const N = globalThis.__ecsdom_native;
  delete globalThis.__ecsdom_native;

  const KEY = Symbol('ecsdom.construct');
  const I = N.I;
  const G = N.G;
  // Generated natives the hand-written code calls (with `this` a node).
  const isConnected = N['Node.isConnected'];
  const getAttribute = N['Element.getAttribute'];
  const hasAttribute = N['Element.hasAttribute'];
  const setAttribute = N['Element.setAttribute'];
  const removeAttribute = N['Element.removeAttribute'];
  const getAttributeNames = N['Element.getAttributeNames'];
  const createTextNode = N['Document.createTextNode'];
  const createComment = N['Document.createComment'];
  const createDocumentFragment = N['Document.createDocumentFragment'];
  const [windowIndex, windowGeneration] = N.window();
  // The held value is the node's index and generation in one number
  // (exact below 2^53, so for generations under 2^21) and a pair only past
  // that: a number is no object for the collector to trace, one fewer per
  // wrapper.
  const registry = new FinalizationRegistry((held) => {
    let i, g;
    if (typeof held === 'number') {
      i = held % 4294967296;
      g = (held - i) / 4294967296;
    } else [i, g] = held;
    const w = weak[i];
    if (w !== undefined && w.deref() === undefined) weak[i] = undefined;
    N.release(i, g);
  });

  const illegal = () => new TypeError('Illegal constructor');
