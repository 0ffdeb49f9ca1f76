  // ----- The Encoding Standard's API (https://encoding.spec.whatwg.org/#api) --------

  class TextDecoder {
    constructor(label = undefined, options = undefined) {
      const d = N['TextDecoder.constructor'](label, options);
      if (new.target !== TextDecoder) Object.setPrototypeOf(d, new.target.prototype);
      return d;
    }
  }
  N.setValueProto(5, TextDecoder.prototype);

  class TextEncoder {
    constructor() {
      const e = N['TextEncoder.constructor']();
      if (new.target !== TextEncoder) Object.setPrototypeOf(e, new.target.prototype);
      return e;
    }
  }
  N.setValueProto(6, TextEncoder.prototype);
