  // ----- Selection (https://w3c.github.io/selection-api/) ----------------------------

  // The page document's selection, one object per document, over
  // dom-ecs's (the natives in selection.rs). The range a script adds is
  // the selection's range itself: getRangeAt gives that object back while
  // it is the selection's, a new Range object of the selection's range
  // otherwise (after collapse, say).
  const SELECTION_DOC = (S['ecsdom.selectionDocument'] ??= Symbol('ecsdom.selectionDocument'));
  const SELECTION_RANGE = (S['ecsdom.selectionRange'] ??= Symbol('ecsdom.selectionRange'));
  const SELECTION = (S['ecsdom.selection'] ??= Symbol('ecsdom.selection'));
  class Selection {
    constructor() { throw illegal(); }
  }
  const selectionCall = (s, op, a, b) => {
    const d = s?.[SELECTION_DOC];
    if (d === undefined) throw new TypeError('Illegal invocation');
    return N.selection(d[I], d[G], op, a ?? null, b ?? null);
  };
  const selectionArgs = (name, present, required) => {
    if (present < required) {
      throw new TypeError(`Failed to execute '${name}' on 'Selection': ${required} argument${required === 1 ? '' : 's'} required, but only ${present} present.`);
    }
  };
  for (const name of ['anchorNode', 'anchorOffset', 'focusNode', 'focusOffset', 'isCollapsed', 'rangeCount', 'type']) {
    Object.defineProperty(Selection.prototype, name, {
      get: { [`get ${name}`]() { return selectionCall(this, name); } }[`get ${name}`],
      enumerable: true, configurable: true,
    });
  }
  Object.assign(Selection.prototype, {
    getRangeAt(index) {
      selectionArgs('getRangeAt', arguments.length, 1);
      const d = this?.[SELECTION_DOC];
      if (d === undefined) throw new TypeError('Illegal invocation');
      const kept = this[SELECTION_RANGE];
      const i = index >>> 0;
      if (i === 0 && kept !== undefined && N.selectionIsRange(d[I], d[G], kept)) return kept;
      const made = N.selectionRangeAt(d[I], d[G], i);
      this[SELECTION_RANGE] = made;
      return made;
    },
    addRange(range) {
      selectionArgs('addRange', arguments.length, 1);
      selectionCall(this, 'addRange', range);
      if (N.selectionIsRange(this[SELECTION_DOC][I], this[SELECTION_DOC][G], range)) this[SELECTION_RANGE] = range;
    },
    removeRange(range) { selectionArgs('removeRange', arguments.length, 1); selectionCall(this, 'removeRange', range); },
    removeAllRanges() { selectionCall(this, 'removeAllRanges'); },
    empty() { selectionCall(this, 'removeAllRanges'); },
    collapse(node, offset = 0) { selectionArgs('collapse', arguments.length, 1); selectionCall(this, 'collapse', node ?? null, offset >>> 0); },
    setPosition(node, offset = 0) { selectionArgs('setPosition', arguments.length, 1); selectionCall(this, 'collapse', node ?? null, offset >>> 0); },
    collapseToStart() { selectionCall(this, 'collapseToStart'); },
    collapseToEnd() { selectionCall(this, 'collapseToEnd'); },
    selectAllChildren(node) { selectionArgs('selectAllChildren', arguments.length, 1); selectionCall(this, 'selectAllChildren', node); },
    deleteFromDocument() { selectionCall(this, 'deleteFromDocument'); },
    containsNode(node, allowPartialContainment = false) {
      selectionArgs('containsNode', arguments.length, 1);
      return selectionCall(this, 'containsNode', node, !!allowPartialContainment);
    },
    toString() { return selectionCall(this, 'toString'); },
  });
  for (const name of Object.keys(Selection.prototype)) {
    Object.defineProperty(Selection.prototype, name, { enumerable: true });
  }
  // `getSelection()`: the document's one selection, null for a document
  // with no browsing context.
  function selectionOf(doc) {
    if (!N.selectionOf(doc[I], doc[G])) return null;
    let s = doc[SELECTION];
    if (s === undefined) {
      s = Object.create(Selection.prototype);
      Object.defineProperty(s, SELECTION_DOC, { value: doc });
      Object.defineProperty(doc, SELECTION, { value: s });
    }
    return s;
  }
  Object.defineProperty(Document.prototype, 'getSelection', {
    value: function getSelection() { return selectionOf(this); },
    writable: true, enumerable: true, configurable: true,
  });
