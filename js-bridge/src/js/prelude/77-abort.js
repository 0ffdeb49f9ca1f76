  // ----- AbortController, AbortSignal ---------------------------------------------------------
  // https://dom.spec.whatwg.org/#aborting-ongoing-activities. dom-ecs keeps
  // each signal's state (aborted, abort algorithms, the sources and
  // dependents of `any`); the reason is a JS value, kept here, and the
  // `abort` events are fired here, trusted.
  const REASON = (S['ecsdom.abortReason'] ??= Symbol('ecsdom.abortReason'));
  const DEPENDENTS = (S['ecsdom.abortDependents'] ??= Symbol('ecsdom.abortDependents'));
  const CONTROLLER_SIGNAL = (S['ecsdom.controllerSignal'] ??= Symbol('ecsdom.controllerSignal'));
  const signalObject = (i) => plainTargets.get(i)?.deref();
  const isSignal = (s) => s !== null && typeof s === 'object' && Object.prototype.hasOwnProperty.call(s, REASON);
  const newSignal = (made = true) => {
    signalTarget = made;
    return new AbortSignal(KEY);
  };
  const abortError = () => new DOMException('signal is aborted without reason', 'AbortError');
  // Signal abort (https://dom.spec.whatwg.org/#abortsignal-signal-abort).
  // `fire`: false for `AbortSignal.abort()`, which makes a signal aborted
  // from the start.
  const signalAbort = (signal, reason, fire = true) => {
    const list = N.signalAbort(signal[I], signal[G]);
    if (list.length === 0) return;
    if (reason === undefined) reason = abortError();
    const signals = [];
    for (let k = 0; k < list.length; k += 2) {
      const s = k === 0 ? signal : signalObject(list[k]);
      // (A dependent signal whose object was collected has no listener left.)
      if (s === undefined) continue;
      s[REASON] = reason;
      signals.push(s);
    }
    if (!fire) return;
    for (const s of signals) {
      N.runAbortSteps(s[I], s[G]);
      dropReleased();
      const id = N.createTrustedEvent('abort');
      const event = eventFor(id);
      N.releaseEvent(id);
      s.dispatchEvent(event);
    }
  };
  class AbortSignal extends EventTarget {
    constructor(key = undefined) {
      if (key !== KEY) throw illegal();
      super();
      Object.defineProperty(this, REASON, { value: undefined, writable: true });
      Object.defineProperty(this, DEPENDENTS, { value: [] });
    }
    static abort(reason = undefined) {
      const s = newSignal();
      signalAbort(s, reason, false);
      return s;
    }
    static timeout(milliseconds) {
      // [EnforceRange] unsigned long long.
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) {
        throw new TypeError("Failed to execute 'timeout' on 'AbortSignal': Value is outside the 'unsigned long long' value range.");
      }
      const s = newSignal();
      setTimeout(() => signalAbort(s, new DOMException('signal timed out', 'TimeoutError')), Math.trunc(ms));
      return s;
    }
    static any(signals) {
      if (signals === null || typeof signals !== 'object' || typeof signals[Symbol.iterator] !== 'function') {
        throw new TypeError("Failed to execute 'any' on 'AbortSignal': The provided value cannot be converted to a sequence.");
      }
      const sources = Array.from(signals);
      for (const s of sources) {
        if (!isSignal(s)) throw new TypeError("Failed to execute 'any' on 'AbortSignal': Failed to convert value to 'AbortSignal'.");
      }
      const made = N.dependentAbortSignal(sources.flatMap((s) => [s[I], s[G]]));
      if (made[0] === -1) {
        const s = newSignal();
        signalAbort(s, sources[made[1]].reason, false);
        return s;
      }
      const result = newSignal(made);
      // Its sources keep it (and so its listeners) alive, as the spec's
      // dependent signals are.
      for (const s of sources) {
        s[DEPENDENTS].push(result);
      }
      return result;
    }
    get aborted() {
      if (!isSignal(this)) throw new TypeError('Illegal invocation');
      return N.abortSignalAborted(this[I], this[G]);
    }
    get reason() {
      if (!isSignal(this)) throw new TypeError('Illegal invocation');
      return this[REASON];
    }
    throwIfAborted() {
      if (this.aborted) throw this.reason;
    }
  }
  eventHandler(AbortSignal.prototype, 'onabort');
  class AbortController {
    constructor() {
      Object.defineProperty(this, CONTROLLER_SIGNAL, { value: newSignal() });
    }
    get signal() { return slot(this, CONTROLLER_SIGNAL); }
    abort(reason = undefined) { signalAbort(slot(this, CONTROLLER_SIGNAL), reason); }
  }
