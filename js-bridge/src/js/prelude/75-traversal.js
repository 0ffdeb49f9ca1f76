  // ----- Traversal: NodeFilter, TreeWalker, NodeIterator -----------------------------------
  // https://dom.spec.whatwg.org/#traversal. The walk is dom-ecs's (through
  // js-bridge's traversal.rs, which also pins the walker's nodes); here the
  // script's filter is called as WebIDL calls a callback interface: a
  // function is called, any other object's `acceptNode` is, and the answer
  // is converted to an unsigned short. NodeFilter's constants come from
  // the IDL (the generated part below).
  function NodeFilter() { throw new TypeError('Illegal constructor'); }
  Object.defineProperty(NodeFilter, 'prototype', { value: {}, writable: false });

  const WALKER = Symbol('ecsdom.treeWalker');
  const FILTER = Symbol('ecsdom.filter');
  const callFilter = (filter) => (node) => {
    let answer;
    if (typeof filter === 'function') {
      answer = filter.call(undefined, node);
    } else {
      const accept = filter.acceptNode;
      if (typeof accept !== 'function') {
        throw new TypeError("Failed to execute 'acceptNode' on 'NodeFilter': The provided callback is not callable.");
      }
      answer = accept.call(filter, node);
    }
    return Number(answer) & 0xFFFF;
  };
  const walkerState = (w) => {
    const s = w !== null && typeof w === 'object' ? w[WALKER] : undefined;
    if (s === undefined) throw new TypeError('Illegal invocation');
    return s;
  };
  class TreeWalker {
    constructor(key, root, whatToShow, filter) {
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
      if (!(node instanceof Node)) throw new TypeError("Failed to set 'currentNode' on 'TreeWalker': parameter 1 is not of type 'Node'.");
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
      if (!(this instanceof Document)) throw new TypeError('Illegal invocation');
      if (!(root instanceof Node)) throw new TypeError("Failed to execute 'createTreeWalker' on 'Document': parameter 1 is not of type 'Node'.");
      // NodeFilter? : a callback interface value is any object (or null).
      if (filter === undefined) filter = null;
      if (filter !== null && typeof filter !== 'object' && typeof filter !== 'function') {
        throw new TypeError("Failed to execute 'createTreeWalker' on 'Document': parameter 3 is not of type 'NodeFilter'.");
      }
      return new TreeWalker(KEY, root, Number(whatToShow), filter);
    },
    writable: true, enumerable: true, configurable: true,
  });

  // NodeIterator: its state is shared with the document, which moves its
  // reference node when a removal takes it out of the tree.
  const ITERATOR = Symbol('ecsdom.nodeIterator');
  const iteratorState = (it) => {
    const s = it !== null && typeof it === 'object' ? it[ITERATOR] : undefined;
    if (s === undefined) throw new TypeError('Illegal invocation');
    return s;
  };
  class NodeIterator {
    constructor(key, root, whatToShow, filter) {
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
  const STEP = Symbol('ecsdom.step');
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
      if (!(this instanceof Document)) throw new TypeError('Illegal invocation');
      if (!(root instanceof Node)) throw new TypeError("Failed to execute 'createNodeIterator' on 'Document': parameter 1 is not of type 'Node'.");
      if (filter === undefined) filter = null;
      if (filter !== null && typeof filter !== 'object' && typeof filter !== 'function') {
        throw new TypeError("Failed to execute 'createNodeIterator' on 'Document': parameter 3 is not of type 'NodeFilter'.");
      }
      return new NodeIterator(KEY, root, Number(whatToShow), filter);
    },
    writable: true, enumerable: true, configurable: true,
  });
