  // ----- DOMRectReadOnly, DOMRect (https://drafts.fxtf.org/geometry/#DOMRect) ---------

  // Objects of one native class over a dom-ecs rectangle (js-bridge's
  // geometry.rs), a DOMRect's prototype DOMRect.prototype; the members
  // are generated (webidl/bindings.txt).
  class DOMRectReadOnly {
    constructor(x = 0, y = 0, width = 0, height = 0) {
      const r = N['DOMRectReadOnly.constructor'](x, y, width, height);
      if (new.target !== DOMRectReadOnly) Object.setPrototypeOf(r, new.target.prototype);
      return r;
    }

    // `[Default] toJSON()` (WebIDL 3.7.7.1): the attributes, by name.
    toJSON() {
      const o = {};
      for (const name of ['x', 'y', 'width', 'height', 'top', 'right', 'bottom', 'left']) {
        o[name] = Reflect.get(DOMRectReadOnly.prototype, name, this);
      }
      return o;
    }
  }
  N.setValueProto(15, DOMRectReadOnly.prototype);

  class DOMRect extends DOMRectReadOnly {
    // (A derived constructor that returns an object never calls super.)
    // eslint-disable-next-line constructor-super
    constructor(x = 0, y = 0, width = 0, height = 0) {
      const r = N['DOMRect.constructor'](x, y, width, height);
      if (new.target !== DOMRect) Object.setPrototypeOf(r, new.target.prototype);
      return r;
    }
  }
  N.setValueProto(16, DOMRect.prototype);
