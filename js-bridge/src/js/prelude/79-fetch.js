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
  // Response.redirect(url, status): a Location (the URL against this
  // global's base URL).
  // (A static operation: on the interface object, WebIDL 3.7.5.)
  Object.defineProperty(Response, 'redirect', {
    value: function redirect(url, status = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'redirect' on 'Response': 1 argument required, but only 0 present.");
      return N.responseRedirect(url, status);
    },
    writable: true, enumerable: true, configurable: true,
  });

  // RequestInit's members ecsdom honours; others are ignored, as a
  // dictionary's unknown members are.
  const requestInit = (init, what) => {
    if (init === undefined || init === null) return {};
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError(`Failed to ${what}: The provided value is not of type 'RequestInit'.`);
    }
    const { body, headers, method, signal } = init;
    return { body, headers, method, signal };
  };

  // A Request: a URL (against this global's base URL) or a Request to
  // copy, and RequestInit's method, headers and body.
  class Request {
    constructor(input, init = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to construct 'Request': 1 argument required, but only 0 present.");
      const { body, headers, method } = requestInit(init, "construct 'Request'");
      const r = N.requestNew(input, method, headers, body);
      if (new.target !== Request) Object.setPrototypeOf(r, new.target.prototype);
      return r;
    }
  }
  N.setValueProto(11, Request.prototype);

  // The Body mixin's readers (https://fetch.spec.whatwg.org/#body-mixin),
  // on Response and Request: the body's bytes, once (a second read
  // rejects with a TypeError).
  for (const cls of [Response, Request]) {
    const bodyReader = (name, read) =>
      method(cls, name, { [name]() {
        try { return Promise.resolve(read(this)); } catch (e) { return Promise.reject(e); }
      } }[name]);
    bodyReader('text', (r) => N.bodyText(r));
    bodyReader('json', (r) => JSON.parse(N.bodyText(r)));
    bodyReader('arrayBuffer', (r) => N.bodyBytes(r));
    bodyReader('formData', (r) => N.bodyFormData(r));
  }

  // FormData (https://xhr.spec.whatwg.org/#interface-formdata): string
  // entries (no Blob or File here), empty or a form's entry list.
  class FormData {
    constructor(form = undefined, submitter = null) {
      const f = N.formDataNew(form, submitter);
      if (new.target !== FormData) Object.setPrototypeOf(f, new.target.prototype);
      return f;
    }
    append(name, value) {
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'append' on 'FormData': 2 arguments required, but only ${arguments.length} present.`);
      N.formDataAppend(this, name, value);
    }
    set(name, value) {
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'set' on 'FormData': 2 arguments required, but only ${arguments.length} present.`);
      N.formDataSet(this, name, value);
    }
  }
  N.setValueProto(10, FormData.prototype);

  // fetch(input, init) (https://fetch.spec.whatwg.org/#fetch-method): the
  // request (`new Request(input, init)`) is checked now (a TypeError
  // rejects the promise), sent by the host off the page thread, and
  // settled by a task of the event loop (`N.fetchDone`, the page realm's
  // hook; the Response is made in the realm that fetched). `init`:
  // method, headers (a Headers object, pairs or a record), body (a
  // string, an ArrayBuffer or view, a URLSearchParams, a FormData) and
  // signal (an AbortSignal: abort rejects with its reason).
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
      const { signal } = requestInit(init, "execute 'fetch'");
      if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
        throw new TypeError("Failed to execute 'fetch': member signal is not of type 'AbortSignal'.");
      }
      const request = new Request(input, init);
      if (signal && signal.aborted) { reject(signal.reason); return; }
      const id = N.fetchStart(request);
      fetches.set(id, { resolve, reject, take: N.fetchTake });
      if (signal) {
        signal.addEventListener('abort', () => { if (fetches.delete(id)) reject(signal.reason); }, { once: true });
      }
    });
  }
