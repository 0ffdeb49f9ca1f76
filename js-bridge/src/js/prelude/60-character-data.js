  // ----- CharacterData, Text, Comment, DocumentType, DocumentFragment -------------

  class CharacterData extends Node {}
  // The constructors WebIDL gives these interfaces (`new Text('x')`...):
  // the node is made natively and its one wrapper returned. `wrap` itself
  // constructs with KEY, which takes the plain path.
  class Text extends CharacterData {
    constructor(data = '', i, g) {
      if (data === KEY) { super(KEY, i, g); return; }
      return createTextNode.call(document, `${data}`);
    }
  }
  class Comment extends CharacterData {
    constructor(data = '', i, g) {
      if (data === KEY) { super(KEY, i, g); return; }
      return createComment.call(document, `${data}`);
    }
  }
  class ProcessingInstruction extends CharacterData {}

  class DocumentType extends Node {}

  class DocumentFragment extends Node {
    constructor(key, i, g) {
      if (key === KEY) { super(KEY, i, g); return; }
      return createDocumentFragment.call(document);
    }
  }
