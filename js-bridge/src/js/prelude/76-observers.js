  // ----- MutationObserver, MutationRecord ---------------------------------------------------
  // https://dom.spec.whatwg.org/#mutation-observers. dom-ecs keeps the
  // registrations and queues the records (js-bridge's observer.rs); here
  // the callback is kept and called. An observer that observes something
  // is held in `observing` by key, as the spec's nodes hold it, so its
  // callback runs even when the script dropped the observer.
  const OBSERVER = (S['ecsdom.mutationObserver'] ??= Symbol('ecsdom.mutationObserver'));
  const RECORD = (S['ecsdom.mutationRecord'] ??= Symbol('ecsdom.mutationRecord'));
  const observing = (S.observing ??= new Map()); // key -> MutationObserver
  S.observerKeys ??= 0;
  const observerState = (o) => slot(o, OBSERVER);
  // A dictionary member that was not passed stays undefined.
  const optionalBoolean = (v) => (v === undefined ? undefined : Boolean(v));
  class MutationObserver {
    constructor(callback) {
      if (typeof callback !== 'function') {
        throw new TypeError("Failed to construct 'MutationObserver': parameter 1 is not of type 'MutationCallback'.");
      }
      const key = ++S.observerKeys;
      this[OBSERVER] = [N.observerCreate(key), callback, key];
    }
    observe(target, options = undefined) {
      const [state, , key] = observerState(this);
      if (!isNode(target)) {
        throw new TypeError("Failed to execute 'observe' on 'MutationObserver': parameter 1 is not of type 'Node'.");
      }
      if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
        throw new TypeError("Failed to execute 'observe' on 'MutationObserver': parameter 2 is not of type 'MutationObserverInit'.");
      }
      const o = options ?? {};
      // WebIDL reads a dictionary's members once each, in name order.
      let filter = o.attributeFilter;
      const attributeOldValue = optionalBoolean(o.attributeOldValue);
      const attributes = optionalBoolean(o.attributes);
      const characterData = optionalBoolean(o.characterData);
      const characterDataOldValue = optionalBoolean(o.characterDataOldValue);
      const childList = Boolean(o.childList);
      const subtree = Boolean(o.subtree);
      if (filter !== undefined) {
        if (filter === null || typeof filter !== 'object' || typeof filter[Symbol.iterator] !== 'function') {
          throw new TypeError("Failed to execute 'observe' on 'MutationObserver': The provided value cannot be converted to a sequence.");
        }
        filter = Array.from(filter, String);
      }
      N.observerObserve(state, target[I], target[G],
        [childList, attributes, characterData, subtree, attributeOldValue, characterDataOldValue], filter);
      observing.set(key, this);
    }
    disconnect() {
      const [state, , key] = observerState(this);
      N.observerDisconnect(state);
      observing.delete(key);
    }
    takeRecords() {
      return N.observerTakeRecords(observerState(this)[0]).map(makeRecord);
    }
  }
  class MutationRecord {
    constructor() { throw illegal(); }
  }
  ['type', 'target', 'addedNodes', 'removedNodes', 'previousSibling', 'nextSibling',
    'attributeName', 'attributeNamespace', 'oldValue'].forEach((name, i) => {
    const get = { [`get ${name}`]() { return slot(this, RECORD)[i]; } }[`get ${name}`];
    Object.defineProperty(MutationRecord.prototype, name, { get, enumerable: true, configurable: true });
  });
  const makeRecord = (fields) => {
    const r = Object.create(MutationRecord.prototype);
    Object.defineProperty(r, RECORD, { value: fields });
    return r;
  };
  // Notify mutation observers: each of JS's pending observers, in order,
  // gets its records; an exception is reported and the others still run.
  const notifyObservers = () => {
    for (const [key, records] of N.observerNotify()) {
      const mo = observing.get(key);
      if (mo === undefined) continue;
      const [state, callback] = mo[OBSERVER];
      if (!N.observerIsObserving(state)) observing.delete(key);
      try {
        callback.call(mo, records.map(makeRecord), mo);
      } catch (e) {
        realmOf(callback).reportError(e);
      }
    }
    // Then `slotchange` at each signaled slot, bubbling (step 7).
    const slots = N.takeSignalSlots();
    for (let k = 0; k < slots.length; k += 2) {
      const id = N.createTrustedEvent('slotchange', true);
      const event = eventFor(id);
      N.releaseEvent(id);
      wrap(slots[k]).dispatchEvent(event);
    }
  };
  N.setObserverMicrotask(() => { Promise.resolve().then(notifyObservers); });
  // The job loop's check for records no microtask was queued for.
  N.observerCheckpoint = () => {
    if (N.observerPending()) Promise.resolve().then(notifyObservers);
  };
