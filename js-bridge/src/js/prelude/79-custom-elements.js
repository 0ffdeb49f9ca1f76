  // ----- Custom elements (https://html.spec.whatwg.org/#custom-elements) --------
  //
  // dom-ecs keeps each window's definitions by name, every element's custom
  // element state and the reaction queues (js-bridge's custom.rs); here are
  // the classes: each definition's constructor, prototype, callbacks and
  // construction stack (shared by the page's realms, by definition id), and
  // this realm's `customElements` registry.

  const ceDefinitions = (S.ceDefinitions ??= []);
  // The construction stack's "already constructed" marker.
  const alreadyConstructed = (S.ceAlreadyConstructed ??= {});
  const ceCallbackNames = ['connectedCallback', 'disconnectedCallback', 'adoptedCallback',
    'attributeChangedCallback', 'connectedMoveCallback'];
  const ceCallbackBits = [1, 2, 4, 8, 16];

  // IsConstructor(v), without calling v.
  const isConstructor = (v) => {
    if (typeof v !== 'function') return false;
    try {
      Reflect.construct(String, [], v);
      return true;
    } catch {
      return false;
    }
  };

  // This realm's registry state: definitions by constructor, and
  // whenDefined's promises by name.
  const ceByConstructor = new Map();
  const ceWhenDefined = new Map();
  let registryObject = null;

  // `active`: the interface whose constructor runs (the active function
  // object), HTMLElement for an autonomous custom element, the extended
  // element's for a customized built-in one.
  function htmlConstructor(newTarget, active) {
    const def = ceByConstructor.get(newTarget);
    if (def === undefined || newTarget === active) throw illegal();
    if (!def.customized) {
      if (active !== HTMLElement) throw new TypeError('an autonomous custom element must extend HTMLElement');
    } else if (classFor(N.ceInterfaceCode(def.localName)) !== active) {
      throw new TypeError(`a customized ${def.localName} element must extend its own interface`);
    }
    let proto = newTarget.prototype;
    if (proto === null || (typeof proto !== 'object' && typeof proto !== 'function')) proto = HTMLElement.prototype;
    const stack = def.stack;
    if (stack.length === 0) {
      // `new C()`: a new element, custom from the start.
      const el = wrap(N.ceCreate(def.id));
      Object.setPrototypeOf(el, proto);
      return el;
    }
    const el = stack[stack.length - 1];
    if (el === alreadyConstructed) {
      throw new DOMException('the custom element was already constructed', 'InvalidStateError');
    }
    Object.setPrototypeOf(el, proto);
    stack[stack.length - 1] = alreadyConstructed;
    return el;
  }

  // Upgrade an element (https://html.spec.whatwg.org/#concept-upgrade-an-element):
  // dom-ecs's steps around the constructor.
  const upgradeElement = (el, i, def) => {
    if (!N.ceUpgradeBegin(i, def.id)) return;
    def.stack.push(el);
    let ok = false;
    try {
      const made = Reflect.construct(def.constructor, []);
      if (made !== el) throw new TypeError('the custom element constructor did not return the element it upgrades');
      ok = true;
    } finally {
      def.stack.pop();
      N.ceUpgradeEnd(i, ok);
    }
  };

  // Invoke custom element reactions
  // (https://html.spec.whatwg.org/#invoke-custom-element-reactions) of the
  // elements at these node indexes, each queue until it is empty; an
  // exception is reported in the realm of the callback that threw.
  N.setReactions((list) => {
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      for (let r = N.ceNext(i); r !== undefined; r = N.ceNext(i)) {
        const def = ceDefinitions[r[1]];
        if (def === undefined) continue;
        const el = wrap(i);
        let fn = def.constructor;
        try {
          switch (r[0]) {
            case 0: upgradeElement(el, i, def); break;
            case 1: fn = def.callbacks.connectedCallback; fn.call(el); break;
            case 2: fn = def.callbacks.disconnectedCallback; fn.call(el); break;
            case 3: fn = def.callbacks.adoptedCallback; fn.call(el, wrap(r[2]), wrap(r[3])); break;
            case 4: fn = def.callbacks.attributeChangedCallback; fn.call(el, r[2], r[3], r[4], r[5]); break;
            case 5: fn = def.callbacks.connectedMoveCallback; fn.call(el); break;
          }
        } catch (e) {
          realmOf(fn).reportError(e);
        }
      }
    }
  });

  // A sequence<DOMString> from an iterable (WebIDL's conversion).
  const domStrings = (v, what) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      throw new TypeError(`${what} is not an iterable object`);
    }
    const out = [];
    for (const s of v) out.push(String(s));
    return out;
  };

  class CustomElementRegistry {
    constructor() { throw illegal(); }

    // define(name, constructor, options)
    // (https://html.spec.whatwg.org/#dom-customelementregistry-define)
    define(name, constructor, options = undefined) {
      if (this !== registryObject) throw new TypeError('Illegal invocation');
      if (arguments.length < 2) {
        throw new TypeError(`Failed to execute 'define' on 'CustomElementRegistry': 2 arguments required, but only ${arguments.length} present.`);
      }
      name = String(name);
      if (typeof constructor !== 'function') {
        throw new TypeError("Failed to execute 'define' on 'CustomElementRegistry': parameter 2 is not a function.");
      }
      let extendsName;
      if (options !== undefined && options !== null) {
        if (typeof options !== 'object' && typeof options !== 'function') {
          throw new TypeError("Failed to execute 'define' on 'CustomElementRegistry': parameter 3 is not an object.");
        }
        const e = options.extends;
        if (e !== undefined) extendsName = String(e);
      }
      if (!isConstructor(constructor)) throw new TypeError('the custom element constructor is not a constructor');
      N.ceCheck(windowIndex, windowGeneration, name, ceByConstructor.has(constructor), extendsName);
      const callbacks = {};
      let bits = 0;
      let observed = [];
      let prototype;
      N.ceRunning(windowIndex, windowGeneration, true);
      try {
        prototype = constructor.prototype;
        if (prototype === null || (typeof prototype !== 'object' && typeof prototype !== 'function')) {
          throw new TypeError("the custom element constructor's prototype is not an object");
        }
        for (let k = 0; k < ceCallbackNames.length; k++) {
          const v = prototype[ceCallbackNames[k]];
          if (v === undefined) continue;
          if (typeof v !== 'function') throw new TypeError(`${ceCallbackNames[k]} is not a function`);
          callbacks[ceCallbackNames[k]] = v;
          bits |= ceCallbackBits[k];
        }
        if (callbacks.attributeChangedCallback !== undefined) {
          const list = constructor.observedAttributes;
          if (list !== undefined) observed = domStrings(list, 'observedAttributes');
        }
        const disabled = constructor.disabledFeatures;
        if (disabled !== undefined) domStrings(disabled, 'disabledFeatures');
        // (formAssociated is read, as define reads it; ecsdom has no
        // ElementInternals, so a form-associated element is an ordinary one.)
        Boolean(constructor.formAssociated);
      } finally {
        N.ceRunning(windowIndex, windowGeneration, false);
      }
      const id = N.ceDefine(windowIndex, windowGeneration, name, extendsName, observed, bits);
      const customized = extendsName !== undefined;
      const localName = customized ? extendsName : name;
      const def = { id, name, localName, customized, constructor, prototype, callbacks, stack: [] };
      ceDefinitions[id] = def;
      ceByConstructor.set(constructor, def);
      N.ceSetProto(id, prototype);
      const waiting = ceWhenDefined.get(name);
      if (waiting !== undefined) {
        ceWhenDefined.delete(name);
        waiting.resolve(constructor);
      }
      // (The upgrades define queued run now, as [CEReactions] has it.)
      N.ceFlush();
    }

    // get(name): the constructor defined for name, if any.
    get(name) {
      if (this !== registryObject) throw new TypeError('Illegal invocation');
      const id = N.ceNamed(windowIndex, windowGeneration, String(name));
      return id < 0 ? undefined : ceDefinitions[id].constructor;
    }

    // getName(constructor): the name it is defined with, or null.
    getName(constructor) {
      if (this !== registryObject) throw new TypeError('Illegal invocation');
      if (typeof constructor !== 'function') {
        throw new TypeError("Failed to execute 'getName' on 'CustomElementRegistry': parameter 1 is not a function.");
      }
      return ceByConstructor.get(constructor)?.name ?? null;
    }

    // whenDefined(name): a promise of the constructor, once defined
    // (rejected with a SyntaxError for an invalid name).
    whenDefined(name) {
      if (this !== registryObject) return Promise.reject(new TypeError('Illegal invocation'));
      name = String(name);
      const id = N.ceNamed(windowIndex, windowGeneration, name);
      if (id >= 0) return Promise.resolve(ceDefinitions[id].constructor);
      try {
        N.ceCheck(windowIndex, windowGeneration, name, false, undefined);
      } catch (e) {
        if (e instanceof DOMException && e.name === 'SyntaxError') return Promise.reject(e);
      }
      let waiting = ceWhenDefined.get(name);
      if (waiting === undefined) {
        let resolve;
        const promise = new Promise((r) => { resolve = r; });
        waiting = { promise, resolve };
        ceWhenDefined.set(name, waiting);
      }
      return waiting.promise;
    }

    // upgrade(root): try to upgrade root's shadow-including inclusive
    // descendants.
    upgrade(root) {
      if (this !== registryObject) throw new TypeError('Illegal invocation');
      if (!isNode(root)) {
        throw new TypeError("Failed to execute 'upgrade' on 'CustomElementRegistry': parameter 1 is not of type 'Node'.");
      }
      N.ceUpgradeTree(root[I], root[G]);
      N.ceFlush();
    }
  }
  registryObject = Object.create(CustomElementRegistry.prototype);

