  // ----- The Fetch Standard (https://fetch.spec.whatwg.org/) ------------------------

  class Headers {
    constructor(init = undefined) {
      const h = N['Headers.constructor'](init);
      if (new.target !== Headers) Object.setPrototypeOf(h, new.target.prototype);
      return h;
    }
  }
  N.setValueProto(3, Headers.prototype);

  // A Response comes from fetch(), or from `new Response(body, init)`
  // (a string, an ArrayBuffer or view, a URLSearchParams; ResponseInit's
  // status, statusText and headers).
  class Response {
    constructor(body = null, init = undefined) {
      const r = N['Response.constructor'](body, init);
      if (new.target !== Response) Object.setPrototypeOf(r, new.target.prototype);
      return r;
    }
  }
  N.setValueProto(4, Response.prototype);
  // The Body mixin's readers (https://fetch.spec.whatwg.org/#body-mixin):
  // the body's bytes, once (a second read rejects with a TypeError).
  const bodyReader = (name, read) =>
    method(Response, name, { [name]() {
      try { return Promise.resolve(read(this)); } catch (e) { return Promise.reject(e); }
    } }[name]);
  bodyReader('text', (r) => N.responseText(r));
  bodyReader('json', (r) => JSON.parse(N.responseText(r)));
  bodyReader('arrayBuffer', (r) => N.responseBytes(r));

  // fetch(input, init) (https://fetch.spec.whatwg.org/#fetch-method): the
  // request is checked now (a TypeError rejects the promise), sent by the
  // host off the page thread, and settled by a task of the event loop
  // (`N.fetchDone`, the page realm's hook; the Response is made in the
  // realm that fetched). `init`: method, headers (a Headers object, pairs
  // or a record), body (a string, an ArrayBuffer or view, a
  // URLSearchParams) and signal (an AbortSignal: abort rejects with its
  // reason).
  const fetches = (S.fetches ??= new Map());
  N.fetchDone = (id) => {
    const f = fetches.get(id);
    if (f === undefined) return;
    fetches.delete(id);
    let response;
    try { response = f.take(id); } catch (e) { f.reject(e); return; }
    f.resolve(response);
  };
  function fetch(input, init = undefined) {
    const args = arguments.length;
    return new Promise((resolve, reject) => {
      if (args < 1) throw new TypeError("Failed to execute 'fetch': 1 argument required, but only 0 present.");
      const url = `${input}`;
      let body, headers, method, signal;
      if (init !== undefined && init !== null) {
        if (typeof init !== 'object' && typeof init !== 'function') {
          throw new TypeError("Failed to execute 'fetch': The provided value is not of type 'RequestInit'.");
        }
        ({ body, headers, method, signal } = init);
      }
      if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
        throw new TypeError("Failed to execute 'fetch': member signal is not of type 'AbortSignal'.");
      }
      if (signal && signal.aborted) { reject(signal.reason); return; }
      const id = N.fetchStart(url, method, headers, body);
      fetches.set(id, { resolve, reject, take: N.fetchTake });
      if (signal) {
        signal.addEventListener('abort', () => { if (fetches.delete(id)) reject(signal.reason); }, { once: true });
      }
    });
  }
