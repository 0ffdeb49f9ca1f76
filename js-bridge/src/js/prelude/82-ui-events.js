  // ----- Data events: UIEvent, MouseEvent, KeyboardEvent..., HashChangeEvent, SubmitEvent ------
  // Made from the generated table (EVENT_INTERFACES, from uievents.idl):
  // a constructor converting its init dictionary's members (WebIDL's
  // order and conversions, the IDL's defaults), and each attribute a
  // getter of the member it names. The values are JS's (another engine's
  // listener sees the Event).
  const EVENT_FIELDS = (S['ecsdom.eventFields'] ??= Symbol('ecsdom.eventFields'));
  const generatedEvents = new Set();
  // The classes by name: the events', and the interfaces of objects an
  // event makes from a dictionary member (DeviceMotionEventAcceleration).
  const uiEvents = {};
  // Those dictionaries: name -> [class, members].
  const eventData = {};
  // Set while createEvent makes an event of an interface without a constructor.
  let creatingEvent = false;
  const createDataEvent = (name) => {
    creatingEvent = true;
    try {
      return new uiEvents[name]('');
    } finally {
      creatingEvent = false;
    }
  };
  const convertMember = (iface, name, ty, v) => {
    const nullable = ty.endsWith('?');
    const t = nullable ? ty.slice(0, -1) : ty;
    if (nullable && v === null) return null;
    const wrongType = () => new TypeError(`Failed to construct '${iface}': member ${name} is not of type '${t}'.`);
    const data = eventData[t];
    if (data !== undefined) {
      if (v !== undefined && v !== null && typeof v !== 'object' && typeof v !== 'function') throw wrongType();
      return dataObject(data, v);
    }
    const values = EVENT_ENUMS[t];
    if (values !== undefined) {
      const s = `${v}`;
      if (!values.includes(s)) throw new TypeError(`Failed to construct '${iface}': The provided value '${s}' is not a valid enum value of type ${t}.`);
      return s;
    }
    // A sequence of a data interface's objects (TouchEventInit's
    // touches), as a TouchList.
    if (t === 'sequence<Touch>') {
      if (v === null || typeof v !== 'object' || typeof v[Symbol.iterator] !== 'function') throw wrongType();
      const touches = Array.from(v);
      if (!touches.every((x) => x instanceof uiEvents.Touch)) throw wrongType();
      return touchList(touches);
    }
    switch (t) {
      case 'boolean': return Boolean(v);
      case 'long': return Number(v) | 0;
      case 'unsigned long': return Number(v) >>> 0;
      case 'short': return (Number(v) << 16) >> 16;
      case 'unsigned short': return Number(v) & 0xFFFF;
      case 'unrestricted double': return Number(v);
      case 'unrestricted float': return Math.fround(Number(v));
      case 'float': {
        const n = Math.fround(Number(v));
        if (!Number.isFinite(n)) throw new TypeError(`Failed to construct '${iface}': member ${name} is not a finite floating-point value.`);
        return n;
      }
      // (WebIDL's ToInteger modulo 2^64; a number holds 2^53 exactly.)
      case 'unsigned long long': {
        const n = Math.trunc(Number(v));
        if (!Number.isFinite(n)) return 0;
        const m = n % 2 ** 64;
        return m < 0 ? m + 2 ** 64 : m;
      }
      case 'double': {
        const n = Number(v);
        if (!Number.isFinite(n)) throw new TypeError(`Failed to construct '${iface}': member ${name} is not a finite number.`);
        return n;
      }
      case 'DOMString': case 'USVString': return `${v}`;
      case 'any': return v;
      // (WindowProxy or MessagePort or ServiceWorker: ecsdom has windows.)
      case 'MessageEventSource':
      case 'Window': case 'WindowProxy':
        if (v !== globalThis && !(v !== null && typeof v === 'object' && Object.hasOwn(v, I) && N.isWindow(v[I], v[G]))) throw wrongType();
        return v;
      case 'EventTarget':
        if (v === null || typeof v !== 'object' || !(I in v)) throw wrongType();
        return v;
      case 'HTMLElement':
        if (!(v instanceof HTMLElement)) throw wrongType();
        return v;
      case 'Storage':
        if (!N.isStorage(v)) throw wrongType();
        return v;
      default:
        if (t.startsWith('sequence<')) {
          if (v === null || typeof v !== 'object' || typeof v[Symbol.iterator] !== 'function') throw wrongType();
          return Array.from(v);
        }
        // An interface ecsdom lacks (DataTransfer): only null fits.
        throw wrongType();
    }
  };
  // getModifierState(key): the modifier's init member.
  const MODIFIERS = {
    Alt: 'altKey', Control: 'ctrlKey', Shift: 'shiftKey', Meta: 'metaKey',
    AltGraph: 'modifierAltGraph', CapsLock: 'modifierCapsLock', Fn: 'modifierFn',
    FnLock: 'modifierFnLock', Hyper: 'modifierHyper', NumLock: 'modifierNumLock',
    ScrollLock: 'modifierScrollLock', Super: 'modifierSuper', Symbol: 'modifierSymbol',
    SymbolLock: 'modifierSymbolLock',
  };
  const eventFields = (e) => {
    const f = e !== null && typeof e === 'object' ? e[EVENT_FIELDS] : undefined;
    if (f === undefined) throw new TypeError('Illegal invocation');
    return f;
  };
  // An object of a data interface from its dictionary `v` (WebIDL's
  // conversion: undefined and null are an empty dictionary; a required
  // member missing is a TypeError).
  function dataObject([cls, members, required], v) {
    const fields = {};
    for (const [m, mty, def] of members) {
      const mv = v === undefined || v === null ? undefined : v[m];
      if (mv === undefined && required.includes(m)) {
        throw new TypeError(`Failed to construct '${cls.name}': required member ${m} is undefined.`);
      }
      fields[m] = mv === undefined ? def : convertMember(cls.name, m, mty, mv);
    }
    const object = Object.create(cls.prototype);
    Object.defineProperty(object, EVENT_FIELDS, { value: fields });
    return object;
  }
  for (const [dictionary, name, members, constructible, required] of EVENT_DATA) {
    // (One without a constructor is made by the events only.)
    const cls = {
      [name]: class {
        constructor(init) {
          if (!constructible) throw new TypeError('Illegal constructor');
          if (arguments.length < 1) throw new TypeError(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
          if (init !== null && typeof init !== 'object' && typeof init !== 'function') {
            throw new TypeError(`Failed to construct '${name}': The provided value is not of type '${dictionary}'.`);
          }
          return dataObject(eventData[dictionary], init);
        }
      },
    }[name];
    if (constructible) Object.defineProperty(cls, 'length', { value: 1 });
    for (const [m] of members) {
      Object.defineProperty(cls.prototype, m, {
        get: { [`get ${m}`]() { return eventFields(this)[m]; } }[`get ${m}`],
        enumerable: true, configurable: true,
      });
    }
    eventData[dictionary] = [cls, members, required];
    uiEvents[name] = cls;
  }
  // TouchList (https://w3c.github.io/touch-events/#touchlist-interface):
  // a read-only list of Touch objects, indexed as an array is.
  const TOUCHES = Symbol('ecsdom.touches');
  const touchesOf = (list) => {
    const t = list !== null && typeof list === 'object' ? list[TOUCHES] : undefined;
    if (t === undefined) throw new TypeError('Illegal invocation');
    return t;
  };
  class TouchList {
    constructor() { throw new TypeError('Illegal constructor'); }
    get length() { return touchesOf(this).length; }
    item(index) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'item' on 'TouchList': 1 argument required, but only 0 present.");
      return touchesOf(this)[index >>> 0] ?? null;
    }
    [Symbol.iterator]() { return touchesOf(this)[Symbol.iterator](); }
  }
  function touchList(touches) {
    const list = Object.create(TouchList.prototype);
    Object.defineProperty(list, TOUCHES, { value: touches });
    touches.forEach((t, i) => Object.defineProperty(list, i, { value: t, enumerable: true }));
    return Object.freeze(list);
  }
  uiEvents.TouchList = TouchList;
  for (const [name, parentName, init, attributes, constants, modifierState, legacyInit, constructible, writable] of EVENT_INTERFACES) {
    const Parent = parentName === 'Event' ? Event : uiEvents[parentName];
    const cls = {
      [name]: class extends Parent {
        constructor(type, dict) {
          // (An interface without a constructor: createEvent makes it.)
          if (!constructible && !creatingEvent && type !== KEY) throw new TypeError('Illegal constructor');
          if (arguments.length === 0) throw new TypeError(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
          super(type, dict);
          // The most derived generated class converts (its table has
          // every member, its ancestors' first).
          let own = new.target;
          while (own !== null && !generatedEvents.has(own)) own = Object.getPrototypeOf(own);
          if (own !== cls) return;
          // (A view of an event the DOM or the host made: its init members.)
          const d = type === KEY
            ? Object.fromEntries(N.eventInit(dict).map(([m, kind, v]) => [
              m, kind === 'node' ? wrap(Number(v)) : kind === 'text' ? v
                : kind === 'number' ? Number(v)
                : kind === 'cloned' ? clonedOnce(N.eventCloned(dict, m, lastCloned.identity, cloneHelpers))
                : wrap(Number(v))[kind],
            ]))
            : dict ?? {};
          const fields = {};
          for (const [m, ty, def] of init) {
            const v = d[m];
            // (A list default, `[]`, is a new list of each event.)
            fields[m] = v === undefined ? (Array.isArray(def) ? convertMember(name, m, ty, def) : def) : convertMember(name, m, ty, v);
          }
          Object.defineProperty(this, EVENT_FIELDS, { value: fields });
          // (A view of an event the DOM made has its interface already.)
          if (type !== KEY) N.setEventInterface(this[E], name);
        }
      },
    }[name];
    // (WebIDL: the constructor's length is its required arguments': type.)
    Object.defineProperty(cls, 'length', { value: 1 });
    for (const a of attributes) {
      // (relatedTarget: once dispatched, the DOM's value, retargeted out
      // of shadow trees the current target is not in.)
      const get = a === 'relatedTarget'
        ? function () {
          const f = eventFields(this);
          const now = N.eventRelatedNow(this[E]);
          return now === -2 ? f[a] : now === -1 ? null : wrap(now);
        }
        : function () { return eventFields(this)[a]; };
      // (A writable attribute, BeforeUnloadEvent's returnValue: its
      // member's conversion.)
      const ty = init.find(([m]) => m === a)[1];
      const set = writable.includes(a)
        ? { [`set ${a}`](v) { eventFields(this)[a] = convertMember(name, a, ty, v); } }[`set ${a}`]
        : undefined;
      Object.defineProperty(cls.prototype, a, { get, set, enumerable: true, configurable: true });
    }
    for (const [c, v] of constants) {
      Object.defineProperty(cls, c, { value: v, enumerable: true });
      Object.defineProperty(cls.prototype, c, { value: v, enumerable: true });
    }
    if (modifierState) {
      Object.defineProperty(cls.prototype, 'getModifierState', {
        value: function getModifierState(key) {
          const f = eventFields(this);
          const m = MODIFIERS[`${key}`];
          return m !== undefined && Object.prototype.hasOwnProperty.call(MODIFIERS, `${key}`) ? Boolean(f[m]) : false;
        },
        writable: true, enumerable: true, configurable: true,
      });
    }
    if (legacyInit !== null) {
      // The legacy init*Event(type, bubbles, cancelable, ...): nothing while
      // the event is dispatched; else initEvent and the members its other
      // arguments name (an argument not given takes the IDL's default).
      const [method, args] = legacyInit;
      Object.defineProperty(cls.prototype, method, {
        value: { [method](type, bubbles = false, cancelable = false, ...rest) {
          const f = eventFields(this);
          if (arguments.length === 0) throw new TypeError(`Failed to execute '${method}' on '${name}': 1 argument required, but only 0 present.`);
          if (N.eventDispatching(this[E])) return;
          this.initEvent(type, bubbles, cancelable);
          args.forEach(([m, ty, def], k) => {
            f[m] = rest[k] === undefined ? def : convertMember(name, m, ty, rest[k]);
          });
        } }[method],
        writable: true, enumerable: true, configurable: true,
      });
    }
    generatedEvents.add(cls);
    uiEvents[name] = cls;
  }
