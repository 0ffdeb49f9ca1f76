// The DOM classes scripts see, written over the natives in `natives.rs`.
//
// One JS object per node (`js-bridge/src/wrapper.rs`): a dense array by
// node index holding the object (or a WeakRef to it) gives `a === b` for two
// reads of one node. The object pins its node while it lives, so a JS
// reference keeps a removed node usable the way a Python handle does. WHATWG names and prototype chain:
// EventTarget <- Node <- Element <- HTMLElement, Node <- CharacterData <-
// Text/Comment, Node <- Document, DocumentFragment, DocumentType.
(() => {
  'use strict';
  const N = globalThis.__ecsdom_native;
  delete globalThis.__ecsdom_native;
  // What every realm of the page shares (js-bridge's realm.rs): the
  // wrapper arrays, the listener functions by key, the event objects, the
  // plain event targets, timers and observers. The page's realm makes
  // them; an iframe's realm, made later, finds them here.
  const S = N.shared;
  // (So the prelude's symbols, which brand its objects, are one per page
  // too: a method of one realm takes an object of another, as WebIDL's
  // brand checks do.)

  const KEY = (S['ecsdom.construct'] ??= Symbol('ecsdom.construct'));
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
  const illegal = () => new TypeError('Illegal constructor');
  // The realm of a script's callback (WebIDL reports its exceptions to,
  // and throws its TypeErrors from, the callback's realm): each realm
  // files its intrinsics under the prototypes its ordinary functions and
  // objects have; anything else is this realm's.
  const realms = (S.realms ??= new Map());
  const thisRealm = {
    TypeError,
    reportError,
    // Whether this realm's window still has its document (script may run).
    active: () => N.windowActive(windowIndex, windowGeneration),
  };
  for (const p of [Function.prototype, Object.prototype, Object.getPrototypeOf(async () => {}),
    Object.getPrototypeOf(function* () {})]) realms.set(p, thisRealm);
  const realmOf = (v) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return thisRealm;
    try {
      return realms.get(Object.getPrototypeOf(v)) ?? thisRealm;
    } catch {
      return thisRealm; // (a revoked proxy)
    }
  };
  // WebIDL's checks that a value is a node (of any realm), or an event.
  const isNode = (v) => N.nodeTypeOf(v) !== 0;
  const isEvent = (v) => v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, N.E);
