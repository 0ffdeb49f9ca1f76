  // ----- NodeList, HTMLCollection, DOMTokenList -------------------------------

  // NodeList and HTMLCollection objects are made natively (js-bridge's
  // `collection.rs`: legacy platform objects over a dom-ecs live
  // collection, with indexed and named properties); these classes are
  // their interface objects and prototypes. WebIDL gives an interface with
  // an indexed getter and a length Array.prototype's iteration methods.
  class NodeList {
    constructor() { throw illegal(); }
  }
  class HTMLCollection {
    constructor() { throw illegal(); }
  }
  {
    // (`item`, `length`, `namedItem` are generated: webidl/bindings.txt.)
    for (const cls of [NodeList, HTMLCollection]) {
      Object.defineProperty(cls.prototype, Symbol.iterator, {
        value: Array.prototype.values, writable: true, configurable: true,
      });
    }
    // NodeList is `iterable<Node>`: forEach, entries, keys, values.
    for (const name of ['forEach', 'entries', 'keys', 'values']) {
      Object.defineProperty(NodeList.prototype, name, {
        value: Array.prototype[name], writable: true, enumerable: true, configurable: true,
      });
    }
  }

  // DOMTokenList objects are made natively too (indexed properties are
  // the element's classes); its members are generated (webidl/bindings.txt).
  class DOMTokenList {
    constructor() { throw illegal(); }
    // `stringifier attribute value`
    toString() { return this.value; }
  }
  Object.defineProperty(DOMTokenList.prototype, Symbol.iterator, {
    value: Array.prototype.values, writable: true, configurable: true,
  });
  // DOMTokenList is `iterable<DOMString>`.
  for (const name of ['forEach', 'entries', 'keys', 'values']) {
    Object.defineProperty(DOMTokenList.prototype, name, {
      value: Array.prototype[name], writable: true, enumerable: true, configurable: true,
    });
  }
  // DOMStringMap (`dataset`) objects are made natively: every string key
  // is a data-* attribute's name ([LegacyOverrideBuiltIns]).
  class DOMStringMap {
    constructor() { throw illegal(); }
  }
  // CSSStyleDeclaration (`style`) objects are made natively too: indexed
  // properties are the declarations' names; the members are generated
  // (webidl/bindings.txt), the attributes of each property added below.
  class CSSStyleDeclaration {
    constructor() { throw illegal(); }
  }
  // CSSOM's sheets and rules (cssom.idl) are made natively too (js-bridge's
  // `sheets.rs`: one object per sheet and per rule); StyleSheetList and
  // CSSRuleList are legacy platform objects (indexed properties). Their
  // members are generated (webidl/bindings.txt).
  class StyleSheet {
    constructor() { throw illegal(); }
  }
  class CSSStyleSheet extends StyleSheet {
    constructor() { throw illegal(); }
  }
  class StyleSheetList {
    constructor() { throw illegal(); }
  }
  class CSSRuleList {
    constructor() { throw illegal(); }
  }
  class CSSRule {
    constructor() { throw illegal(); }
  }
  class CSSStyleRule extends CSSRule {
    constructor() { throw illegal(); }
  }
  for (const cls of [StyleSheetList, CSSRuleList]) {
    Object.defineProperty(cls.prototype, Symbol.iterator, {
      value: Array.prototype.values, writable: true, configurable: true,
    });
  }
  N.setValueProto(12, CSSStyleSheet.prototype);
  N.setValueProto(13, CSSRule.prototype);
  N.setValueProto(14, CSSStyleRule.prototype);
  // The interface prototypes the native objects are made with.
  // (Called once every such class and its generated members exist.)
  const registerCollections = (classes) => N.setCollectionProtos(classes.map(({ prototype }) => prototype));
