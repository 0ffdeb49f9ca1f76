  // ----- A dedicated worker's global (https://html.spec.whatwg.org/#dedicatedworkerglobalscope) ----

  // In a worker's realm (JsPage::new_worker) the window the prelude made is
  // reshaped into a DedicatedWorkerGlobalScope: the interfaces the IDL does
  // not expose to workers go (WORKER_INTERFACES), and so do the window's
  // own members; what workers have comes in. The document under it is the
  // worker's own and no script reaches it.
  if (N.isWorker) {
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      const desc = Object.getOwnPropertyDescriptor(globalThis, name);
      // (NodeFilter, a callback interface's object, has no prototype.)
      const isInterface = typeof desc.value === 'function'
        && (platformPrototypes.has(desc.value.prototype) || desc.value === NodeFilter);
      if (isInterface && !WORKER_INTERFACES.has(name)) delete globalThis[name];
    }
    for (const name of [
      'window', 'frames', 'self', 'parent', 'top', 'frameElement', 'length', 'document', 'event', 'getSelection', 'getComputedStyle',
      'localStorage', 'sessionStorage', 'customElements', 'navigator', 'webkitURL', 'name', 'closed', 'history',
      ...WINDOW_EVENT_HANDLERS,
    ]) {
      const desc = Object.getOwnPropertyDescriptor(globalThis, name);
      if (desc !== undefined && desc.configurable) delete globalThis[name];
    }
    const workerURL = new URL(document.URL);
    class WorkerLocation {
      constructor() { throw new TypeError('Illegal constructor'); }
      get href() { return workerURL.href; }
      get origin() { return workerURL.origin; }
      get protocol() { return workerURL.protocol; }
      get host() { return workerURL.host; }
      get hostname() { return workerURL.hostname; }
      get port() { return workerURL.port; }
      get pathname() { return workerURL.pathname; }
      get search() { return workerURL.search; }
      get hash() { return workerURL.hash; }
      toString() { return workerURL.href; }
    }
    const workerLocation = Object.create(WorkerLocation.prototype);
    class WorkerGlobalScope extends EventTarget {
      constructor() { throw new TypeError('Illegal constructor'); }
      get self() { return globalThis; }
      get location() { return workerLocation; }
      importScripts(...urls) {
        // Parse every URL first (a SyntaxError loads none), then fetch and
        // run each in order.
        const parsed = urls.map((u) => {
          try { return new URL(`${u}`, workerURL).href; } catch {
            throw new DOMException(`Failed to execute 'importScripts' on 'WorkerGlobalScope': The URL '${u}' is invalid.`, 'SyntaxError');
          }
        });
        for (const u of parsed) N.importScript(u);
      }
    }
    class DedicatedWorkerGlobalScope extends WorkerGlobalScope {
      constructor() { throw new TypeError('Illegal constructor'); }
      get name() { return ''; }
      postMessage(message, transfer = undefined) {
        if (arguments.length < 1) throw new TypeError("Failed to execute 'postMessage' on 'DedicatedWorkerGlobalScope': 1 argument required, but only 0 present.");
        checkTransfer('DedicatedWorkerGlobalScope', transfer);
        N.postToOwner(message, cloneHelpers);
      }
      close() { N.workerClose(); }
    }
    for (const [name, cls] of Object.entries({ WorkerGlobalScope, DedicatedWorkerGlobalScope, WorkerLocation })) {
      Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
      Object.defineProperty(globalThis, name, { value: cls, writable: true, enumerable: false, configurable: true });
      platformPrototypes.add(cls.prototype);
    }
    for (const name of ['self', 'location']) {
      Object.defineProperty(globalThis, name, {
        get: Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, name).get,
        enumerable: true, configurable: true,
      });
    }
    for (const name of WORKER_EVENT_HANDLERS) eventHandler(DedicatedWorkerGlobalScope.prototype, name);
    Object.setPrototypeOf(globalThis, DedicatedWorkerGlobalScope.prototype);
  }
