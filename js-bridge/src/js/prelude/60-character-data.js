  // ----- CharacterData, Text, Comment, DocumentType, DocumentFragment -------------

  class CharacterData extends Node {}
  // The constructors WebIDL gives these interfaces (`new Text('x')`...)
  // are generated (webidl/bindings.txt): the native converts the
  // arguments, makes the node and returns its one wrapper. `wrap` itself
  // constructs with KEY, which takes the plain path.
  class Text extends CharacterData {
    constructor(data, i, g) {
      if (data === KEY) { super(KEY, i, g); return; }
      return N['Text.constructor'](...arguments);
    }
  }
  class Comment extends CharacterData {
    constructor(data, i, g) {
      if (data === KEY) { super(KEY, i, g); return; }
      return N['Comment.constructor'](...arguments);
    }
  }
  class CDATASection extends Text {
    // (No constructor in the IDL: only `wrap` makes one.)
    constructor(key, i, g) {
      if (key !== KEY) throw illegal();
      super(KEY, i, g);
    }
  }
  class ProcessingInstruction extends CharacterData {}

  class DocumentType extends Node {}

  class DocumentFragment extends Node {
    constructor(key, i, g) {
      if (key === KEY) { super(KEY, i, g); return; }
      return N['DocumentFragment.constructor'](...arguments);
    }
  }
