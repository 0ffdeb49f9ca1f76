  // ----- Web Storage (https://html.spec.whatwg.org/#webstorage) ---------------------

  // Storage objects are the natives' exotic objects (`N.storage`); the
  // interface object cannot construct one.
  class Storage {
    constructor() { throw new TypeError('Illegal constructor'); }
  }
  N.setValueProto(7, Storage.prototype);
  // The window's `localStorage` and `sessionStorage`: one object each,
  // made on first use (a SecurityError for an opaque origin is thrown
  // at each read, as browsers do).
  const storageObjects = [undefined, undefined];
  const windowStorage = (session) => function () {
    return storageObjects[+session] ??= N.storage(session);
  };

  // ----- navigator (https://html.spec.whatwg.org/#the-navigator-object) -------------

  class Navigator {
    constructor() { throw new TypeError('Illegal constructor'); }
  }
  N.setValueProto(8, Navigator.prototype);
  let navigatorObject;
  const windowNavigator = () => (navigatorObject ??= N.navigator());

  // ----- crypto (https://w3c.github.io/webcrypto/#crypto-interface) -----------------

  class Crypto {
    constructor() { throw new TypeError('Illegal constructor'); }
  }
  N.setValueProto(9, Crypto.prototype);
  let cryptoObject;
  const windowCrypto = () => (cryptoObject ??= N.crypto());
