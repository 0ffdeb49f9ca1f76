  // ----- Structured clone (https://html.spec.whatwg.org/#structured-data) ------------

  // What the natives' walk (`clone.rs`) reads from and makes of built-ins,
  // through the intrinsics as they are now, before any page script runs.
  // `plain(o)`: [value] for a primitive's wrapper, false for a platform
  // object (no serialization steps), undefined for an ordinary object.
  const cloneHelpers = (() => {
    const uncurry = (f) => Function.prototype.call.bind(f);
    const getter = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);
    const TypedArray = Object.getPrototypeOf(Uint8Array);
    const getProto = Object.getPrototypeOf;
    const dateValue = uncurry(Date.prototype.getTime);
    const regexpSource = getter(RegExp.prototype, 'source');
    const regexpFlags = getter(RegExp.prototype, 'flags');
    const mapEntries = uncurry(Map.prototype.entries);
    const setValues = uncurry(Set.prototype.values);
    const mapSet = uncurry(Map.prototype.set);
    const setAdd = uncurry(Set.prototype.add);
    const arrayFrom = Array.from;
    const typedName = getter(TypedArray.prototype, Symbol.toStringTag);
    const typedBuffer = getter(TypedArray.prototype, 'buffer');
    const typedOffset = getter(TypedArray.prototype, 'byteOffset');
    const typedLength = getter(TypedArray.prototype, 'length');
    const viewBuffer = getter(DataView.prototype, 'buffer');
    const viewOffset = getter(DataView.prototype, 'byteOffset');
    const viewLength = getter(DataView.prototype, 'byteLength');
    const toStringTag = uncurry(Object.prototype.toString);
    const hasOwn = Object.hasOwn;
    const getOwn = Object.getOwnPropertyDescriptor;
    const wrappers = {
      '[object Number]': uncurry(Number.prototype.valueOf),
      '[object String]': uncurry(String.prototype.valueOf),
      '[object Boolean]': uncurry(Boolean.prototype.valueOf),
      '[object BigInt]': uncurry(BigInt.prototype.valueOf),
    };
    const errors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
    const views = {
      Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
      Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
    };
    if (typeof Float16Array === 'function') views.Float16Array = Float16Array;
    const BigIntOf = BigInt;
    const ObjectOf = Object;
    return {
      date: dateValue,
      regexp: (r) => [regexpSource(r), regexpFlags(r)],
      map: (m) => { const out = []; for (const [k, v] of arrayFrom(mapEntries(m))) out.push(k, v); return out; },
      set: (s) => arrayFrom(setValues(s)),
      view: (v) => {
        const typed = typedName(v);
        return typed === undefined
          ? ['DataView', viewBuffer(v), viewOffset(v), viewLength(v)]
          : [typed, typedBuffer(v), typedOffset(v), typedLength(v)];
      },
      // The error's name if it is a standard one (read from the object, as
      // the spec's "Get(value, 'name')"), its own message, its stack.
      error: (e) => {
        const name = e.name;
        const message = hasOwn(e, 'message') ? `${getOwn(e, 'message').value}` : null;
        const stack = hasOwn(e, 'stack') && typeof e.stack === 'string' ? e.stack : null;
        return [hasOwn(errors, name) ? name : 'Error', message, stack];
      },
      plain: (o) => {
        const unwrap = wrappers[toStringTag(o)];
        if (unwrap !== undefined) {
          try { return [unwrap(o)]; } catch { /* not one: an ordinary object */ }
        }
        for (let p = getProto(o); p !== null; p = getProto(p)) {
          if (platformPrototypes.has(p)) return false;
        }
        return undefined;
      },
      make: (kind, a, b, c, d) => {
        switch (kind) {
          case 'Date': return new Date(a);
          case 'RegExp': return new RegExp(a, b);
          case 'Map': return new Map();
          case 'Set': return new Set();
          case 'BigInt': return BigIntOf(a);
          case 'Object': return ObjectOf(a);
          case 'View': return new views[a](b, c, d);
          case 'Error': {
            const e = b === null ? new errors[a]() : new errors[a](b);
            if (c !== null) Object.defineProperty(e, 'stack', { value: c, writable: true, configurable: true });
            return e;
          }
        }
        throw new TypeError(`cannot make a ${kind}`);
      },
      add: function (target, k, v) {
        if (arguments.length === 3) mapSet(target, k, v); else setAdd(target, k);
      },
    };
  })();
  // The serialized value deserialized last, by identity (a history
  // entry's state): `history.state` and the `popstate` event of that entry
  // give the one object.
  const lastCloned = { identity: 0, value: null };
  const clonedOnce = ([identity, value]) => {
    if (identity === 0) return null;
    if (identity !== lastCloned.identity) {
      lastCloned.identity = identity;
      lastCloned.value = value;
    }
    return lastCloned.value;
  };
  // The prototypes of our interfaces (filled by 90-window.js): their
  // objects are platform objects, which do not serialize.
  const platformPrototypes = new Set();
  // structuredClone(value, options) (https://html.spec.whatwg.org/#dom-structuredclone).
  function structuredClone(value, options = undefined) {
    if (arguments.length < 1) throw new TypeError("Failed to execute 'structuredClone' on 'Window': 1 argument required, but only 0 present.");
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw new TypeError("Failed to execute 'structuredClone' on 'Window': The provided value is not of type 'StructuredSerializeOptions'.");
    }
    const transfer = options == null ? undefined : options.transfer;
    if (transfer !== undefined && [...transfer].length > 0) {
      throw new DOMException('Transferring objects is not supported by ecsdom yet.', 'DataCloneError');
    }
    return N.structuredClone(value, cloneHelpers);
  }
