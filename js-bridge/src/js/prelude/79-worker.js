  // ----- Dedicated workers (https://html.spec.whatwg.org/#dedicated-workers-and-the-worker-interface) -----

  // A Worker is an event target of its owner's realm; its script runs on a
  // thread of the host's, in a global of its own (95-worker-global.js);
  // messages are structured clones. The interface is the global's once the
  // host runs workers (JsPage::enable_workers).
  N.cloneHelpers = cloneHelpers;
  const runningWorkers = new Map(); // id -> Worker: kept while it may post
  const WORKER_ID = Symbol('ecsdom.worker');
  const workerId = (w) => {
    const id = w !== null && typeof w === 'object' ? w[WORKER_ID] : undefined;
    if (id === undefined) throw new TypeError('Illegal invocation');
    return id;
  };
  // StructuredSerializeOptions.transfer, or the legacy sequence: ecsdom
  // transfers nothing yet, so only an empty list is taken.
  const checkTransfer = (what, transfer) => {
    const list = transfer !== null && typeof transfer === 'object' && !(Symbol.iterator in transfer)
      ? transfer.transfer : transfer;
    if (list !== undefined && [...list].length > 0) {
      throw new DOMException(`Failed to execute 'postMessage' on '${what}': transferring objects is not supported by ecsdom yet.`, 'DataCloneError');
    }
  };
  class Worker extends EventTarget {
    constructor(scriptURL, options = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to construct 'Worker': 1 argument required, but only 0 present.");
      super();
      let url;
      try { url = new URL(`${scriptURL}`, document.baseURI); } catch {
        throw new DOMException(`Failed to construct 'Worker': The URL '${scriptURL}' is invalid.`, 'SyntaxError');
      }
      if (options !== undefined && options !== null && options.type === 'module') {
        throw new DOMException("Failed to construct 'Worker': module workers are not supported by ecsdom yet.", 'NotSupportedError');
      }
      const id = N.workerStart(url.href);
      Object.defineProperty(this, WORKER_ID, { value: id });
      runningWorkers.set(id, this);
    }
    postMessage(message, transfer = undefined) {
      const id = workerId(this);
      if (arguments.length < 1) throw new TypeError("Failed to execute 'postMessage' on 'Worker': 1 argument required, but only 0 present.");
      checkTransfer('Worker', transfer);
      N.workerPost(id, message, cloneHelpers);
    }
    terminate() {
      const id = workerId(this);
      runningWorkers.delete(id);
      N.workerTerminate(id);
    }
  }
  // (Worker's own and AbstractWorker's handlers, as its IDL declares them.)
  for (const name of ['onmessage', 'onmessageerror', 'onerror']) eventHandler(Worker.prototype, name);
  // A message (from a worker to its Worker object; id -1: from the owner
  // to a worker's global), or one that could not be deserialized here.
  N.workerMessage = (id, data, failed) => {
    const target = id < 0 ? globalThis : runningWorkers.get(id);
    if (target === undefined) return;
    const { MessageEvent } = uiEvents;
    target.dispatchEvent(new MessageEvent(failed ? 'messageerror' : 'message', { data: failed ? null : data }));
  };
  // An uncaught exception of a worker's script (the host reported it).
  N.workerError = (id, message, filename, lineno) => {
    const w = runningWorkers.get(id);
    if (w !== undefined) w.dispatchEvent(new ErrorEvent('error', { message, filename, lineno, cancelable: true }));
  };
  N.enableWorkers = () => {
    Object.defineProperty(globalThis, 'Worker', { value: Worker, writable: true, enumerable: false, configurable: true });
    Object.defineProperty(Worker.prototype, Symbol.toStringTag, { value: 'Worker', configurable: true });
    platformPrototypes.add(Worker.prototype);
  };
