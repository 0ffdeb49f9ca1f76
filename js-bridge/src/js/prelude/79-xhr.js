  // ----- XMLHttpRequest (https://xhr.spec.whatwg.org/) --------------------------------

  // The state machine is dom-ecs's (fetch/xhr.rs, through the xhr*
  // natives); this class holds its native half and fires the events each
  // step calls for. An asynchronous request goes to the host like a
  // fetch() and ends as a task of the event loop; a synchronous one blocks
  // the page thread in send().
  const XHR = Symbol('ecsdom.xhr');
  const UPLOAD = Symbol('ecsdom.xhrUpload');
  const xhrOf = (o) => {
    const x = o !== null && typeof o === 'object' ? o[XHR] : undefined;
    if (x === undefined) throw new TypeError('Illegal invocation');
    return x;
  };
  class XMLHttpRequestEventTarget extends EventTarget {
    constructor(key = undefined) {
      if (key !== KEY && new.target !== XMLHttpRequest) throw illegal();
      super();
    }
  }
  class XMLHttpRequestUpload extends XMLHttpRequestEventTarget {}
  const fireTrusted = (target, event) => {
    N.markTrusted(event[E]);
    target.dispatchEvent(event);
  };
  const fireProgress = (target, type, loaded = 0, total = 0, computable = false) =>
    fireTrusted(target, new uiEvents.ProgressEvent(type, { loaded, total, lengthComputable: computable }));
  const fireState = (xhr) => fireTrusted(xhr, new Event('readystatechange'));
  // The request ended (https://xhr.spec.whatwg.org/#handle-response-end-of-body
  // and the request error steps): DONE, then load or error, then loadend.
  function xhrEnded(xhr) {
    const x = xhr[XHR];
    fireState(xhr);
    if (N.xhrFailed(x)) {
      fireProgress(xhr, 'error');
      fireProgress(xhr, 'loadend');
      return;
    }
    const body = N.xhrBody(x);
    const n = body === null ? 0 : body.byteLength;
    fireProgress(xhr, 'load', n, n, true);
    fireProgress(xhr, 'loadend', n, n, true);
  }
  class XMLHttpRequest extends XMLHttpRequestEventTarget {
    constructor() {
      super();
      Object.defineProperty(this, XHR, { value: N.xhrNew() });
      Object.defineProperty(this, UPLOAD, { value: new XMLHttpRequestUpload(KEY) });
    }
    get readyState() { return N.xhrReadyState(xhrOf(this)); }
    open(method, url, async = true, username = null, password = null) {
      const x = xhrOf(this);
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'open' on 'XMLHttpRequest': 2 arguments required, but only ${arguments.length} present.`);
      const str = (v) => (v === null || v === undefined ? null : `${v}`);
      if (N.xhrOpen(x, `${method}`, `${url}`, arguments.length < 3 ? true : Boolean(async), str(username), str(password))) {
        fireState(this);
      }
    }
    setRequestHeader(name, value) {
      const x = xhrOf(this);
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'setRequestHeader' on 'XMLHttpRequest': 2 arguments required, but only ${arguments.length} present.`);
      N.xhrSetRequestHeader(x, `${name}`, `${value}`);
    }
    get timeout() { return N.xhrTimeout(xhrOf(this)); }
    set timeout(v) { N.xhrSetTimeout(xhrOf(this), Number(v) >>> 0); }
    get withCredentials() { return N.xhrWithCredentials(xhrOf(this)); }
    set withCredentials(v) { N.xhrSetWithCredentials(xhrOf(this), Boolean(v)); }
    get upload() { xhrOf(this); return this[UPLOAD]; }
    send(body = null) {
      const x = xhrOf(this);
      // (A Document body is sent serialized, as text.)
      const b = body !== null && body !== undefined && isNode(body) && N.nodeTypeOf(body) === 9
        ? new XMLSerializer().serializeToString(body) : body;
      const [id, generation] = N.xhrSend(x, b ?? null);
      if (id < 0) {
        xhrEnded(this);
        if (N.xhrFailed(x)) throw new DOMException("Failed to execute 'send' on 'XMLHttpRequest': the request failed.", 'NetworkError');
        return;
      }
      fireProgress(this, 'loadstart');
      const xhr = this;
      fetches.set(id, {
        take: () => N.xhrReceive(x, generation, id),
        resolve: (mine) => { if (mine) xhrEnded(xhr); },
        reject: () => {},
      });
    }
    abort() {
      const x = xhrOf(this);
      if (N.xhrAbort(x)) {
        fireState(this);
        fireProgress(this, 'abort');
        fireProgress(this, 'loadend');
      }
      N.xhrResetAfterAbort(x);
    }
    get responseURL() { return N.xhrResponseURL(xhrOf(this)); }
    get status() { return N.xhrStatus(xhrOf(this)); }
    get statusText() { return N.xhrStatusText(xhrOf(this)); }
    getResponseHeader(name) { return N.xhrGetResponseHeader(xhrOf(this), `${name}`); }
    getAllResponseHeaders() { return N.xhrGetAllResponseHeaders(xhrOf(this)); }
    overrideMimeType(mime) { N.xhrOverrideMimeType(xhrOf(this), `${mime}`); }
    get responseType() { return N.xhrResponseType(xhrOf(this)); }
    set responseType(v) {
      const t = `${v}`;
      // (An IDL enumeration attribute ignores a value outside it.)
      if (['', 'arraybuffer', 'blob', 'document', 'json', 'text'].includes(t)) N.xhrSetResponseType(xhrOf(this), t);
    }
    get responseText() { return N.xhrResponseText(xhrOf(this)); }
    get response() {
      const x = xhrOf(this);
      const type = N.xhrResponseType(x);
      if (type === '' || type === 'text') return N.xhrResponseText(x);
      if (N.xhrReadyState(x) !== 4 || N.xhrFailed(x)) return null;
      if (type === 'arraybuffer') return N.xhrBody(x);
      if (type === 'json') {
        try { return JSON.parse(N.xhrDecoded(x)); } catch { return null; }
      }
      return xhrDocument(x);
    }
    get responseXML() {
      const x = xhrOf(this);
      const type = N.xhrResponseType(x);
      if (type !== '' && type !== 'document') {
        throw new DOMException(`Failed to read the 'responseXML' property from 'XMLHttpRequest': The value is only accessible if the object's 'responseType' is '' or 'document' (was '${type}').`, 'InvalidStateError');
      }
      if (N.xhrReadyState(x) !== 4 || N.xhrFailed(x)) return null;
      return xhrDocument(x);
    }
  }
  // The response as a document: HTML or XML by its MIME type, else null.
  function xhrDocument(x) {
    const mime = N.xhrMimeType(x).split(';')[0].trim().toLowerCase();
    const xml = mime === 'text/xml' || mime === 'application/xml' || mime.endsWith('+xml');
    if (mime !== 'text/html' && !xml) return null;
    return new DOMParser().parseFromString(N.xhrDecoded(x), mime === 'text/html' ? 'text/html' : 'application/xml');
  }
  for (const [name, value] of [['UNSENT', 0], ['OPENED', 1], ['HEADERS_RECEIVED', 2], ['LOADING', 3], ['DONE', 4]]) {
    for (const o of [XMLHttpRequest, XMLHttpRequest.prototype]) {
      Object.defineProperty(o, name, { value, enumerable: true });
    }
  }
  for (const name of ['onloadstart', 'onprogress', 'onabort', 'onerror', 'onload', 'ontimeout', 'onloadend']) {
    eventHandler(XMLHttpRequestEventTarget.prototype, name);
  }
  eventHandler(XMLHttpRequest.prototype, 'onreadystatechange');
