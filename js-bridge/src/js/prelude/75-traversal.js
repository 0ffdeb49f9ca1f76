  // ----- Traversal: NodeFilter, TreeWalker, NodeIterator -----------------------------------
  // https://dom.spec.whatwg.org/#traversal. The walk is dom-ecs's (through
  // js-bridge's traversal.rs, which also pins the walker's nodes); here the
  // script's filter is called as WebIDL calls a callback interface: a
  // function is called, any other object's `acceptNode` is, and the answer
  // is converted to an unsigned short. NodeFilter's constants come from
  // the IDL (the generated part below).
  // (A legacy callback interface object, WebIDL 3.7.2: a function that
  // throws, with no `prototype` and no [[Construct]].)
  const NodeFilter = { NodeFilter() { throw new TypeError('Illegal constructor'); } }.NodeFilter;

  const WALKER = (S['ecsdom.treeWalker'] ??= Symbol('ecsdom.treeWalker'));
  const FILTER = (S['ecsdom.filter'] ??= Symbol('ecsdom.filter'));
  const callFilter = (filter) => (node) => {
    // A callback whose realm's window lost its document (a removed
    // iframe's) may not run ("check if we can run script"): an error.
    if (!realmOf(filter).active()) {
      throw new TypeError("Failed to execute 'acceptNode' on 'NodeFilter': the filter's window has no document.");
    }
    let answer;
    if (typeof filter === 'function') {
      answer = filter.call(undefined, node);
    } else {
      const accept = filter.acceptNode;
      if (typeof accept !== 'function') {
        throw new (realmOf(filter).TypeError)("Failed to execute 'acceptNode' on 'NodeFilter': The provided callback is not callable.");
      }
      answer = accept.call(filter, node);
    }
    return Number(answer) & 0xFFFF;
  };
  // What an object of ours keeps under `key` (a `this` of another object
  // is an illegal invocation).
  const slot = (o, key) => {
    const s = o !== null && typeof o === 'object' ? o[key] : undefined;
    if (s === undefined) throw new TypeError('Illegal invocation');
    return s;
  };
  const walkerState = (w) => slot(w, WALKER);
  // createTreeWalker's and createNodeIterator's arguments, converted:
  // [root, whatToShow, filter (a callback interface value: any object, or null)].
  const traversalArgs = (doc, method, root, whatToShow, filter) => {
    if (N.nodeTypeOf(doc) !== 9) throw new TypeError('Illegal invocation');
    if (!isNode(root)) throw new TypeError(`Failed to execute '${method}' on 'Document': parameter 1 is not of type 'Node'.`);
    if (filter === undefined) filter = null;
    if (filter !== null && typeof filter !== 'object' && typeof filter !== 'function') {
      throw new TypeError(`Failed to execute '${method}' on 'Document': parameter 3 is not of type 'NodeFilter'.`);
    }
    return [root, Number(whatToShow), filter];
  };
  class TreeWalker {
    // (`...args`: the interface object's `length` is 0.)
    constructor(...args) {
      const [key, root, whatToShow, filter] = args;
      if (key !== KEY) throw illegal();
      this[WALKER] = N.createTreeWalker(root[I], root[G], whatToShow, filter !== null);
      this[FILTER] = filter;
    }
    get root() { return wrap(N.treeWalkerNodes(walkerState(this))[0]); }
    get whatToShow() { return N.treeWalkerNodes(walkerState(this))[2]; }
    get filter() { walkerState(this); return this[FILTER]; }
    get currentNode() { return wrap(N.treeWalkerNodes(walkerState(this))[1]); }
    set currentNode(node) {
      const s = walkerState(this);
      if (!isNode(node)) throw new TypeError("Failed to set 'currentNode' on 'TreeWalker': parameter 1 is not of type 'Node'.");
      N.treeWalkerSetCurrent(s, node[I], node[G]);
    }
  }
  const STEPS = ['parentNode', 'firstChild', 'lastChild', 'previousSibling', 'nextSibling', 'previousNode', 'nextNode'];
  STEPS.forEach((name, op) => {
    Object.defineProperty(TreeWalker.prototype, name, {
      value: { [name]() {
        const s = walkerState(this);
        const filter = this[FILTER];
        const found = N.treeWalkerStep(s, op, filter === null ? undefined : callFilter(filter));
        return found < 0 ? null : wrap(found);
      } }[name],
      writable: true, enumerable: true, configurable: true,
    });
  });
  // document.createTreeWalker(root, whatToShow = SHOW_ALL, filter = null).
  Object.defineProperty(Document.prototype, 'createTreeWalker', {
    value: function createTreeWalker(root, whatToShow = 0xFFFFFFFF, filter = null) {
      return new TreeWalker(KEY, ...traversalArgs(this, 'createTreeWalker', root, whatToShow, filter));
    },
    writable: true, enumerable: true, configurable: true,
  });

  // NodeIterator: its state is shared with the document, which moves its
  // reference node when a removal takes it out of the tree.
  const ITERATOR = (S['ecsdom.nodeIterator'] ??= Symbol('ecsdom.nodeIterator'));
  const iteratorState = (it) => slot(it, ITERATOR);
  class NodeIterator {
    constructor(...args) {
      const [key, root, whatToShow, filter] = args;
      if (key !== KEY) throw illegal();
      this[ITERATOR] = N.createNodeIterator(root[I], root[G], whatToShow, filter !== null);
      this[FILTER] = filter;
    }
    get root() { return wrap(N.nodeIteratorState(iteratorState(this))[0]); }
    get referenceNode() { return wrap(N.nodeIteratorState(iteratorState(this))[1]); }
    get pointerBeforeReferenceNode() { return N.nodeIteratorState(iteratorState(this))[2] === 1; }
    get whatToShow() { return N.nodeIteratorState(iteratorState(this))[3]; }
    get filter() { iteratorState(this); return this[FILTER]; }
    nextNode() { return this[STEP](true); }
    previousNode() { return this[STEP](false); }
    detach() { iteratorState(this); }
  }
  const STEP = (S['ecsdom.step'] ??= Symbol('ecsdom.step'));
  Object.defineProperty(NodeIterator.prototype, STEP, {
    value(next) {
      const s = iteratorState(this);
      const filter = this[FILTER];
      const found = N.nodeIteratorStep(s, next, filter === null ? undefined : callFilter(filter));
      return found < 0 ? null : wrap(found);
    },
  });
  // document.createNodeIterator(root, whatToShow = SHOW_ALL, filter = null).
  Object.defineProperty(Document.prototype, 'createNodeIterator', {
    value: function createNodeIterator(root, whatToShow = 0xFFFFFFFF, filter = null) {
      return new NodeIterator(KEY, ...traversalArgs(this, 'createNodeIterator', root, whatToShow, filter));
    },
    writable: true, enumerable: true, configurable: true,
  });

  // ----- Ranges: AbstractRange, StaticRange, Range ----------------------------
  // https://dom.spec.whatwg.org/#ranges. A static range is two boundary
  // points dom-ecs checked once (js-bridge's `staticRange`); its nodes are
  // held by their wrappers. A live range is a native object of a dom-ecs
  // Range (js-bridge's range.rs), its members generated; the getters here
  // read it through `rangeBounds`.
  const BOUNDS = (S['ecsdom.bounds'] ??= Symbol('ecsdom.bounds'));
  const bounds = (r) => {
    const s = r !== null && typeof r === 'object' ? r[BOUNDS] : undefined;
    return s ?? N.rangeBounds(r) ?? slot(r, BOUNDS);
  };
  class AbstractRange {
    constructor() { throw illegal(); }
    get startContainer() { return bounds(this)[0]; }
    get startOffset() { return bounds(this)[1]; }
    get endContainer() { return bounds(this)[2]; }
    get endOffset() { return bounds(this)[3]; }
    get collapsed() { return bounds(this)[4]; }
  }
  // WebIDL's unsigned long.
  const unsignedLong = (v) => {
    const n = Number(v);
    return Number.isFinite(n) ? ((Math.trunc(n) % 4294967296) + 4294967296) % 4294967296 : 0;
  };
  class StaticRange extends AbstractRange {
    constructor(init) {
      // A StaticRangeInit dictionary: every member required, read in
      // lexicographic order.
      if (init === undefined || init === null || (typeof init !== 'object' && typeof init !== 'function')) {
        throw new TypeError("Failed to construct 'StaticRange': 1 argument required (a StaticRangeInit).");
      }
      const member = (name, node) => {
        const v = init[name];
        if (v === undefined) throw new TypeError(`Failed to construct 'StaticRange': required member ${name} is undefined.`);
        if (node && !isNode(v)) throw new TypeError(`Failed to construct 'StaticRange': member ${name} is not of type 'Node'.`);
        return node ? v : unsignedLong(v);
      };
      const endContainer = member('endContainer', true);
      const endOffset = member('endOffset', false);
      const startContainer = member('startContainer', true);
      const startOffset = member('startOffset', false);
      const collapsed = N.staticRange(startContainer[I], startContainer[G], startOffset,
        endContainer[I], endContainer[G], endOffset);
      return Object.assign(Object.create(new.target.prototype), {
        [BOUNDS]: [startContainer, startOffset, endContainer, endOffset, collapsed],
      });
    }
  }

  class Range extends AbstractRange {
    // (AbstractRange's constructor throws: a Range is made natively.)
    constructor() {
      const r = N['Range.constructor']();
      if (new.target !== Range) Object.setPrototypeOf(r, new.target.prototype);
      return r;
    }
  }
  N.setValueProto(0, Range.prototype);
