  // ----- CharacterData, Text, Comment, DocumentType, DocumentFragment -------------

  class CharacterData extends Node {}
  // The constructors WebIDL gives these interfaces (`new Text('x')`...)
  // are generated (webidl/bindings.txt): the native converts the
  // arguments, makes the node and returns its one wrapper.
  class Text extends CharacterData {
    constructor() { return N['Text.constructor'](...arguments); }
  }
  class Comment extends CharacterData {
    constructor() { return N['Comment.constructor'](...arguments); }
  }
  // (No constructor in the IDL.)
  class CDATASection extends Text {
    constructor() { throw illegal(); }
  }
  class ProcessingInstruction extends CharacterData {}

  class DocumentType extends Node {}

  class DocumentFragment extends Node {
    constructor() { return N['DocumentFragment.constructor'](...arguments); }
  }
  // ShadowRoot (https://dom.spec.whatwg.org/#interface-shadowroot): made by
  // attachShadow only.
  class ShadowRoot extends DocumentFragment {
    constructor() { throw illegal(); }
  }
