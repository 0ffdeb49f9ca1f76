  // (After the generated members, whose createElement takes one argument.)
  // document.createElement(localName, options): with `{ is }`, a customized
  // built-in element's is value (a string options argument is ignored).
  {
    const createElementNative = N['Document.createElement'];
    method(Document, 'createElement', function createElement(localName) {
      const options = arguments[1];
      let is;
      if (options !== null && typeof options === 'object') {
        const v = options.is;
        if (v !== undefined) is = String(v);
      }
      if (is === undefined || arguments.length === 0) return createElementNative.apply(this, arguments);
      if (!isNode(this)) throw new TypeError('Illegal invocation');
      const el = wrap(N.createElementIs(this[I], this[G], String(localName), is));
      N.ceFlush();
      return el;
    });
  }
