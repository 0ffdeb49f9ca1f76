  // ----- Events ----------------------------------------------------------------------
  // Listener lists and the dispatch walk live in the DOM (shared with the
  // Python engine); JS keeps its functions in a table by key.

  const E = N.E; // an event object's event ID (made natively: generated members read it)
  const eventObjects = (S.eventObjects ??= new Map()); // event id -> WeakRef(Event)
  const eventRegistry = new FinalizationRegistry((id) => {
    const ref = eventObjects.get(id);
    if (ref !== undefined && ref.deref() === undefined) eventObjects.delete(id);
    N.releaseEvent(id);
  });
  const fnKeys = (S.fnKeys ??= new WeakMap());
  const fnByKey = (S.fnByKey ??= new Map());
  S.nextFnKey ??= 1;
  const keyOf = (fn) => {
    let k = fnKeys.get(fn);
    if (k === undefined) { k = S.nextFnKey++; fnKeys.set(fn, k); }
    return k;
  };

  // WebIDL's conversion of a dictionary argument: undefined and null are
  // the empty dictionary, any other non-object a TypeError.
  const dictionary = (v, iface) => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' && typeof v !== 'function') {
      throw new TypeError(`Failed to construct '${iface}': parameter 2 is not of type '${iface}Init'.`);
    }
    return v;
  };
  // The [LegacyUnforgeable] attributes of each class (`unforgeable`, in
  // 40-node.js): own accessor properties of every instance, one getter
  // shared by all, not configurable.
  const unforgeables = new Map();
  const defineUnforgeables = (obj, cls) => {
    for (const [name, desc] of unforgeables.get(cls) ?? []) Object.defineProperty(obj, name, desc);
  };
  // (An optional argument has a default, so `length` counts the
  // required ones, as WebIDL's does.)
  class Event {
    constructor(type, init = undefined) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required.");
      let id;
      if (type === KEY) {
        // A view of an event another engine made (see eventFor).
        id = init;
        N.retainEvent(id);
        type = N.eventType(id);
      } else {
        // (DOMString: ToString, which throws for a symbol.)
        type = `${type}`;
        init = dictionary(init, new.target === CustomEvent ? 'CustomEvent' : 'Event');
        id = N.createEvent(type, !!init.bubbles, !!init.cancelable, !!init.composed);
      }
      Object.defineProperty(this, E, { value: id });
      defineUnforgeables(this, Event);

      eventObjects.set(id, new WeakRef(this));
      eventRegistry.register(this, id);
    }
    // The members (type, target, stopPropagation()...) are generated from
    // the IDL (webidl/bindings.txt): natives on dom-ecs's event state.
  }

  // The one JS object of an event id (made on first use for events another engine made).
  function eventFor(id) {
    const ref = eventObjects.get(id);
    const hit = ref === undefined ? undefined : ref.deref();
    if (hit !== undefined) return hit;
    const ui = uiEvents[N.eventInterfaceOf(id)];
    const view = ui === undefined ? new Event(KEY, id) : new ui(KEY, id);
    eventObjects.set(id, new WeakRef(view));
    const detail = N.eventDetail(id, cloneHelpers);
    if (detail !== undefined) {
      // A CustomEvent another engine made: its detail, structured-cloned.
      Object.setPrototypeOf(view, CustomEvent.prototype);
      view[DETAIL] = detail;
    }
    return view;
  }

  const DETAIL = (S['ecsdom.detail'] ??= Symbol('ecsdom.detail'));
  class CustomEvent extends Event {
    // An accessor on the prototype, as WebIDL makes every attribute.
    get detail() {
      if (this === null || typeof this !== 'object' || !Object.hasOwn(this, E)) throw new TypeError('Illegal invocation');
      return this[DETAIL] ?? null;
    }
    constructor(type, init = undefined) {
      super(type, init);
      init = init ?? {};
      setDetail(this, init.detail === undefined ? null : init.detail);
    }
    initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'initCustomEvent' on 'CustomEvent': 1 argument required.");
      if (N.eventDispatching(this[E])) return; // being dispatched: no effect
      this.initEvent(type, bubbles, cancelable);
      setDetail(this, detail);
    }
  }
  // ErrorEvent (html.idl): the event "report an exception" fires at the
  // window; its members are the init dictionary's, read once each.
  const ERROR_FIELDS = (S['ecsdom.errorEvent'] ??= Symbol('ecsdom.errorEvent'));
  class ErrorEvent extends Event {
    constructor(type, init = undefined) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'ErrorEvent': 1 argument required.");
      super(type, init);
      const d = init ?? {};
      const colno = d.colno === undefined ? 0 : Number(d.colno) >>> 0;
      const error = d.error === undefined ? null : d.error;
      const filename = d.filename === undefined ? '' : `${d.filename}`;
      const lineno = d.lineno === undefined ? 0 : Number(d.lineno) >>> 0;
      const message = d.message === undefined ? '' : `${d.message}`;
      Object.defineProperty(this, ERROR_FIELDS, { value: { message, filename, lineno, colno, error } });
    }
  }
  for (const name of ['message', 'filename', 'lineno', 'colno', 'error']) {
    Object.defineProperty(ErrorEvent.prototype, name, {
      get() {
        const f = this !== null && typeof this === 'object' ? this[ERROR_FIELDS] : undefined;
        if (f === undefined) throw new TypeError('Illegal invocation');
        return f[name];
      },
      enumerable: true, configurable: true,
    });
  }
  function setDetail(ev, detail) {
    ev[DETAIL] = detail;
    // Shared with the other engine as a structured clone, when it
    // serializes.
    N.setEventDetail(ev[E], detail, cloneHelpers);
  }

  // "Flatten" the options (https://dom.spec.whatwg.org/#concept-flatten-options):
  // an object is a dictionary (read once each), anything else a boolean.
  const listenerFlags = (options) => {
    // (passive: undefined when not given, for the default passive value.)
    if (options === null || options === undefined) return { capture: false, once: false, passive: undefined };
    if (typeof options !== 'object' && typeof options !== 'function') return { capture: !!options, once: false, passive: undefined };
    // (AddEventListenerOptions' members, in the order WebIDL reads them.)
    const capture = !!options.capture;
    const once = !!options.once;
    const given = options.passive;
    const passive = given === undefined ? undefined : !!given;
    const signal = options.signal;
    if (signal !== undefined && !isSignal(signal)) {
      throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type 'AbortSignal'.");
    }
    return { capture, once, passive, signal };
  };

  // Let go of functions no listener registration uses any more (removed,
  // `once` and called, or on reclaimed nodes); their keys stay in the weak
  // fnKeys, so adding one again reuses its key.
  function dropReleased() {
    for (const k of N.takeReleased()) fnByKey.delete(k);
  }

  // A collection of the cycles listeners make through the DOM
  // (`JsPage::collect_listener_cycles`): the functions only a detached
  // tree's listeners use leave the table for a property of each of the
  // tree's wrappers (so they live while one of them does), the engine
  // collects, and those of a tree with a wrapper left come back. No
  // script runs in between; a tree with an object a page made
  // non-extensible keeps its functions where they are.
  const TRIAL = Symbol('ecsdom.listenerTrial');
  let trial = null;
  N.beginListenerTrial = () => {
    const flat = N.listenerTrees();
    if (flat.length === 0) return false;
    trial = [];
    let at = 0;
    while (at < flat.length) {
      const plain = flat[at];
      const keys = at + 2;
      const keyCount = flat[at + 1];
      const first = keys + keyCount + 1;
      const end = first + flat[keys + keyCount];
      at = end;
      const tree = [];
      for (let i = first; i < end; i++) tree.push(flat[i]);
      if (plain >= 0) {
        // (Declared below, with EventTarget.)
        const target = plainTargets.get(plain)?.deref();
        if (target !== undefined) tree.push(target);
      }
      let extensible = true;
      for (const w of tree) if (!Object.isExtensible(w)) extensible = false;
      if (!extensible) continue;
      // (In an order that loses no function if an allocation fails:
      // the table lets go last, once `endListenerTrial` can give back.)
      const fns = [];
      for (let i = keys; i < keys + keyCount; i++) {
        const f = fnByKey.get(flat[i]);
        if (f !== undefined) fns.push(flat[i], f);
      }
      const refs = tree.map((w) => new WeakRef(w));
      for (const w of tree) Object.defineProperty(w, TRIAL, { value: fns, configurable: true });
      trial.push(refs);
      for (let i = 0; i < fns.length; i += 2) fnByKey.delete(fns[i]);
    }
    return true;
  };
  N.endListenerTrial = () => {
    if (trial === null) return;
    const refs = trial;
    trial = null;
    for (const tree of refs) {
      let fns;
      for (const r of tree) {
        const w = r.deref();
        if (w === undefined) continue;
        fns ??= w[TRIAL];
        delete w[TRIAL];
      }
      if (fns === undefined) continue;
      for (let i = 0; i < fns.length; i += 2) fnByKey.set(fns[i], fns[i + 1]);
    }
  };

  // The window's current event (`window.event`): the event whose
  // listener runs, set around each call ("inner invoke" steps 8.6-8.12)
  // in the global of the listener's realm, which may be another window's
  // than the target's; not while the current target is in a shadow tree
  // (https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke).
  let currentEvent;
  thisRealm.swapEvent = (ev) => {
    const outer = currentEvent;
    currentEvent = ev;
    return outer;
  };
  // (`checkpoint`: a host-fired event's listener, after which a microtask
  // checkpoint runs, inside the call, while `window.event` is the event.)
  function callListener(fn, ev, thisArg, shadow, checkpoint) {
    const realm = realmOf(fn);
    const outer = realm.swapEvent(shadow ? undefined : ev);
    try {
      if (typeof fn === 'function') fn.call(thisArg, ev);
      else {
        // "Call a user object's operation": one Get of handleEvent per call.
        const handle = fn.handleEvent;
        if (typeof handle !== 'function') throw new (realm.TypeError)("The listener's handleEvent is not callable.");
        handle.call(fn, ev);
      }
    } catch (e) {
      realm.reportError(e);
    } finally {
      if (checkpoint) N.hostCheckpoint();
      realm.swapEvent(outer);
    }
  }
  // The event handler processing algorithm
  // (https://html.spec.whatwg.org/#the-event-handler-processing-algorithm):
  // the handler's value called with the event; `false` cancels it.
  function callHandler(fn, ev, thisArg, shadow, checkpoint) {
    const realm = realmOf(fn);
    const outer = realm.swapEvent(shadow ? undefined : ev);
    try {
      if (typeof fn !== 'function') return;
      if (ev !== null && typeof ev === 'object' && ERROR_FIELDS in ev && ev.type === 'error' && thisArg === globalThis) {
        // OnErrorEventHandler: five arguments, and `true` cancels.
        const r = fn.call(thisArg, ev.message, ev.filename, ev.lineno, ev.colno, ev.error);
        if (r === true) ev.preventDefault();
      } else if (ev !== null && typeof ev === 'object' && ev.type === 'beforeunload' && N.eventInterfaceOf(ev[E]) === 'BeforeUnloadEvent') {
        // OnBeforeUnloadEventHandler: its result a DOMString? (converted
        // while window.event is the event); one that is not null cancels
        // the event and is its returnValue unless one was set.
        const r = fn.call(thisArg, ev);
        if (r !== null && r !== undefined) {
          const text = `${r}`;
          ev.preventDefault();
          if (ev.returnValue === '') ev.returnValue = text;
        }
      } else if (fn.call(thisArg, ev) === false) ev.preventDefault();
    } catch (e) {
      realm.reportError(e);
    } finally {
      if (checkpoint) N.hostCheckpoint();
      realm.swapEvent(outer);
    }
  }
  // An event handler IDL attribute `name` (`onclick`) on `obj` (a class's
  // prototype, or the window): its value is a function or an object
  // (WebIDL's [LegacyTreatNonObjectAsNull]: anything else is null), kept
  // by dom-ecs as the handler's listener.
  function eventHandler(obj, name) {
    const type = name.slice(2);
    const accessors = {
      get() {
        const t = this ?? globalThis;
        const value = N.eventHandler(t[I], t[G], type);
        if (value == null) return null;
        const [engine, key] = value;
        if (engine === ENGINE_SOURCE) return compileHandler(t, type, key);
        return engine === 0 ? (fnByKey.get(key) ?? null) : null;
      },
      set(v) {
        const t = this ?? globalThis;
        if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
          N.setEventHandler(t[I], t[G], type, null);
        } else {
          const key = keyOf(v);
          fnByKey.set(key, v);
          N.setEventHandler(t[I], t[G], type, key);
        }
        dropReleased();
      },
    };
    // (WebIDL names them `get onclick` and `set onclick`.)
    Object.defineProperty(accessors.get, 'name', { value: `get ${name}` });
    Object.defineProperty(accessors.set, 'name', { value: `set ${name}` });
    Object.defineProperty(obj, name, { ...accessors, enumerable: true, configurable: true });
  }
  // An event handler content attribute's source (`onclick="..."`), the
  // handler's internal raw uncompiled handler, compiled when first needed
  // ("getting the current value of the event handler",
  // https://html.spec.whatwg.org/#getting-the-current-value-of-the-event-handler):
  // the body of a function of `event` (on the window, `onerror`'s five
  // arguments) whose scope is the element's document, its form owner and
  // the element, in that order outwards-in, as `with` gives them. The
  // function replaces the source as the handler's value; a syntax error
  // is reported and the value becomes null.
  const ENGINE_SOURCE = 255;
  function compileHandler(t, type, key) {
    const raw = N.rawHandler(key);
    if (raw === null) return null;
    const [source, index] = raw;
    const element = wrap(index);
    const params = t === globalThis && type === 'error' ? ['event', 'source', 'lineno', 'colno', 'error'] : ['event'];
    let fn;
    try {
      // The body parsed alone first, as a FunctionBody, so text that
      // closes the function early is the SyntaxError it is.
      Function(...params, source);
      const form = element.form;
      const scopes = [element.ownerDocument, form !== null && typeof form === 'object' ? form : null, element]
        .map((o, k) => (o === null ? '' : `with (arguments[${k}]) `)).join('');
      // (Sloppy code, made by the Function constructor: `with` is allowed
      // there. The maker's scope holds no name the body could see: its
      // `arguments` is shadowed by the handler's own.)
      const make = Function(`${scopes}return function (${params.join(', ')}) {\n${source}\n};`);
      fn = make(element.ownerDocument, form, element);
      Object.defineProperty(fn, 'name', { value: `on${type}` });
    } catch (e) {
      reportError(e);
      N.setEventHandler(t[I], t[G], type, null);
      dropReleased();
      return null;
    }
    const k = keyOf(fn);
    fnByKey.set(k, fn);
    N.setEventHandler(t[I], t[G], type, k);
    return fn;
  }
  // The function of a handler listener's callback (engine, key) at target
  // `t`, compiling a raw handler.
  function handlerFunction(engine, key, t, type) {
    return engine === ENGINE_SOURCE ? compileHandler(t, type, key) : fnByKey.get(key);
  }

  // Report an exception (https://html.spec.whatwg.org/#report-an-exception):
  // a trusted, cancelable ErrorEvent at the window; printed unless a
  // listener canceled it. An exception while reporting is only printed.
  let reportingError = false;
  function reportError(e) {
    const described = e && e.name ? `${e.name}: ${e.message}` : String(e);
    let canceled = false;
    if (!reportingError) {
      reportingError = true;
      try {
        const ev = new ErrorEvent('error', { cancelable: true, message: `Uncaught ${described}`, error: e });
        N.markTrusted(ev[E]);
        canceled = !globalThis.dispatchEvent(ev);
      } catch {
      } finally {
        reportingError = false;
      }
    }
    if (canceled) return;
    const stack = e && e.stack ? `\n${String(e.stack).trimEnd()}` : '';
    console.error(`Uncaught ${described}${stack}`);
    // A worker's: its Worker object hears of it too.
    if (N.isWorker) N.uncaughtToOwner(described);
  }

  // The window is an event target of the DOM too (dom-ecs ends a node's
  // event path at it), so its listeners are in the same lists and run in
  // registration order with Python's.
  // Targets made by `new EventTarget()`, by index: no node, so `wrap`
  // finds them here (after its slots, off the hot path).
  const plainTargets = (S.plainTargets ??= new Map()); // index -> WeakRef(EventTarget)
  const plainRegistry = new FinalizationRegistry(([i, g]) => {
    plainTargets.delete(i);
    N.releaseEventTarget(i, g);
  });

  // Set by AbortSignal's constructor for EventTarget's: `true` (a new
  // signal) or the [index, generation] of a signal made natively.
  let signalTarget = null;
  // `this` of an EventTarget method: an event target (nodes, windows,
  // plain targets carry their index), or the global object for a bare
  // call; anything else is WebIDL's "Illegal invocation" TypeError.
  const eventTarget = (self) => {
    const t = self ?? globalThis;
    if ((typeof t !== 'object' && typeof t !== 'function') || !(I in t)) throw new TypeError('Illegal invocation');
    return t;
  };
  class EventTarget {
    // `new EventTarget()` makes a target of its own (nodes and the window
    // are targets already, made natively).
    constructor() {
      // An AbortSignal's constructor says which target it is (a new one,
      // or the one `AbortSignal.any` made).
      const made = signalTarget;
      signalTarget = null;
      const [i, g] = made === null ? N.createEventTarget() : made === true ? N.createAbortSignal() : made;
      Object.defineProperty(this, I, { value: i });
      Object.defineProperty(this, G, { value: g });
      plainTargets.set(i, new WeakRef(this));
      plainRegistry.register(this, [i, g]);
    }
    // A bare `addEventListener(...)` in a script calls these with an
    // undefined `this`, which WebIDL takes as the global object (the window
    // is [Global]).
    addEventListener(type, fn, options = undefined) {
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'addEventListener' on 'EventTarget': 2 arguments required, but only ${arguments.length} present.`);
      const t = eventTarget(this);
      const { capture, once, passive, signal } = listenerFlags(options);
      if (fn === null || fn === undefined) return;
      const key = keyOf(fn);
      fnByKey.set(key, fn);
      const flags = (capture ? 1 : 0) | (once ? 2 : 0) | (passive ? 4 : 0) | (passive === undefined ? 0 : 8);
      if (signal === undefined) {
        N.addListener(t[I], t[G], `${type}`, key, flags);
      } else {
        N.addListenerWithSignal(t[I], t[G], `${type}`, key, flags, [signal[I], signal[G]]);
        dropReleased();
      }
    }
    removeEventListener(type, fn, options = undefined) {
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'removeEventListener' on 'EventTarget': 2 arguments required, but only ${arguments.length} present.`);
      const t = eventTarget(this);
      // "Flatten" (https://dom.spec.whatwg.org/#concept-flatten-options):
      // only `capture` is read.
      const capture = options !== null && (typeof options === 'object' || typeof options === 'function')
        ? !!options.capture : !!options;
      if (fn === null || fn === undefined) return;
      const key = fnKeys.get(fn);
      if (key !== undefined) N.removeListener(t[I], t[G], `${type}`, key, capture);
      dropReleased();
    }
    dispatchEvent(ev) {
      const t = eventTarget(this);
      if (!isEvent(ev)) throw new TypeError("parameter 1 is not of type 'Event'.");
      // A UI event's relatedTarget event target, for dispatch to retarget.
      const fields = ev[S['ecsdom.eventFields']];
      const related = fields === undefined ? undefined : fields.relatedTarget;
      if (related !== undefined && related !== null && typeof related === 'object' && I in related) {
        N.setEventRelated(ev[E], related[I], related[G]);
      }
      const d = N.dispatchBegin(t[I], t[G], ev[E]);
      // (An event the host fires: a microtask checkpoint after each
      // listener, https://html.spec.whatwg.org/#clean-up-after-running-a-callback.)
      const checkpoint = S.hostDispatch === true;
      S.hostDispatch = false;
      for (let inv = N.dispatchNext(d); inv != null; inv = N.dispatchNext(d)) {
        if (inv[0] === ENGINE_SOURCE) {
          const current = wrap(inv[2]);
          callHandler(handlerFunction(inv[0], inv[1], current, ev.type), ev, current, inv[4], checkpoint);
        } else if (inv[0] !== 0) {
          // Another engine's listener (Python): the host calls it, same event.
          N.callForeign(inv[0], inv[1], ev[E], inv[2], inv[3], inv[4]);
          if (checkpoint) N.hostCheckpoint();
        } else {
          const fn = fnByKey.get(inv[1]);
          if (inv[3]) callHandler(fn, ev, wrap(inv[2]), inv[4], checkpoint);
          else callListener(fn, ev, wrap(inv[2]), inv[4], checkpoint);
        }
      }
      // The activation behavior's events (input and change, submit...).
      for (let f = N.dispatchAfter(d); f != null; f = N.dispatchAfter(d)) {
        wrap(f[0]).dispatchEvent(eventFor(f[1]));
      }
      dropReleased();
      return !ev.defaultPrevented;
    }
  }
