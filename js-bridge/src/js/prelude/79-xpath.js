  // ----- XPath: XPathEvaluator, XPathExpression, XPathResult ---------------------
  // https://dom.spec.whatwg.org/#xpath. dom-ecs parses and evaluates XPath
  // 1.0 (js-bridge's xpath.rs holds its expression and result); here the
  // resolver, a callback interface value (a function, or an object with
  // lookupNamespaceURI, such as a node), is asked for each prefix of the
  // expression before dom-ecs parses it.
  const XPATH = (S['ecsdom.xpath'] ??= Symbol('ecsdom.xpath'));
  const xpathState = (o) => slot(o, XPATH);
  const xpathCompile = (expression, resolver, iface, method) => {
    const text = `${expression}`;
    const prefixes = N.xpathPrefixes(text);
    const uris = prefixes.map((p) => {
      if (resolver === null || resolver === undefined) return null;
      let answer;
      if (typeof resolver === 'function') {
        answer = resolver.call(undefined, p);
      } else if (typeof resolver === 'object') {
        const lookup = resolver.lookupNamespaceURI;
        if (typeof lookup !== 'function') {
          throw new TypeError(`Failed to execute '${method}' on '${iface}': The provided resolver's lookupNamespaceURI is not callable.`);
        }
        answer = lookup.call(resolver, p);
      } else {
        throw new TypeError(`Failed to execute '${method}' on '${iface}': parameter is not of type 'XPathNSResolver'.`);
      }
      return answer === null || answer === undefined ? null : `${answer}`;
    });
    return N.xpathCompile(text, prefixes, uris);
  };
  const withState = (proto, state) => {
    const o = Object.create(proto);
    Object.defineProperty(o, XPATH, { value: state });
    return o;
  };
  const nodeOrNull = (i) => (i < 0 ? null : wrap(i));

  class XPathResult {
    constructor() { throw illegal(); }
  }
  [['resultType', 0], ['numberValue', 1], ['stringValue', 2], ['booleanValue', 3],
    ['singleNodeValue', 4], ['invalidIteratorState', 5], ['snapshotLength', 6]].forEach(([name, op]) => {
    const get = op === 4
      ? { [`get ${name}`]() { return nodeOrNull(N.xpathResult(xpathState(this), op, 0)); } }[`get ${name}`]
      : { [`get ${name}`]() { return N.xpathResult(xpathState(this), op, 0); } }[`get ${name}`];
    Object.defineProperty(XPathResult.prototype, name, { get, enumerable: true, configurable: true });
  });
  Object.defineProperties(XPathResult.prototype, {
    iterateNext: {
      value: function iterateNext() { return nodeOrNull(N.xpathResult(xpathState(this), 7, 0)); },
      writable: true, enumerable: true, configurable: true,
    },
    snapshotItem: {
      value: function snapshotItem(index) {
        const s = xpathState(this);
        if (arguments.length < 1) throw new TypeError("Failed to execute 'snapshotItem' on 'XPathResult': 1 argument required, but only 0 present.");
        return nodeOrNull(N.xpathResult(s, 8, Number(index)));
      },
      writable: true, enumerable: true, configurable: true,
    },
  });

  class XPathExpression {
    constructor() { throw illegal(); }
    evaluate(contextNode, type = 0, result = null) {
      const s = xpathState(this);
      if (arguments.length < 1) throw new TypeError("Failed to execute 'evaluate' on 'XPathExpression': 1 argument required, but only 0 present.");
      if (!isNode(contextNode)) throw new TypeError("Failed to execute 'evaluate' on 'XPathExpression': parameter 1 is not of type 'Node'.");
      if (result !== null && result !== undefined && !(result instanceof XPathResult)) {
        throw new TypeError("Failed to execute 'evaluate' on 'XPathExpression': parameter 3 is not of type 'XPathResult'.");
      }
      return withState(XPathResult.prototype, N.xpathEvaluate(s, contextNode[I], contextNode[G], Number(type) & 0xFFFF));
    }
  }

  // XPathEvaluatorBase, which Document and XPathEvaluator include.
  const evaluators = (S['ecsdom.xpathEvaluators'] ??= new WeakSet());
  const evaluatorBase = (self) => {
    const iface = N.nodeTypeOf(self) === 9 ? 'Document' : 'XPathEvaluator';
    if (iface === 'XPathEvaluator' && !evaluators.has(self)) throw new TypeError('Illegal invocation');
    return iface;
  };
  const xpathBase = {
    createExpression(expression, resolver = null) {
      const iface = evaluatorBase(this);
      if (arguments.length < 1) throw new TypeError(`Failed to execute 'createExpression' on '${iface}': 1 argument required, but only 0 present.`);
      return withState(XPathExpression.prototype, xpathCompile(expression, resolver, iface, 'createExpression'));
    },
    // Legacy: the resolver is the node itself.
    createNSResolver(nodeResolver) {
      const iface = evaluatorBase(this);
      if (!isNode(nodeResolver)) throw new TypeError(`Failed to execute 'createNSResolver' on '${iface}': parameter 1 is not of type 'Node'.`);
      return nodeResolver;
    },
    evaluate(expression, contextNode, resolver = null, type = 0, result = null) {
      const iface = evaluatorBase(this);
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'evaluate' on '${iface}': 2 arguments required, but only ${arguments.length} present.`);
      if (!isNode(contextNode)) throw new TypeError(`Failed to execute 'evaluate' on '${iface}': parameter 2 is not of type 'Node'.`);
      const e = withState(XPathExpression.prototype, xpathCompile(expression, resolver, iface, 'evaluate'));
      return e.evaluate(contextNode, type, result);
    },
  };
  class XPathEvaluator {
    constructor() { evaluators.add(this); }
  }
  for (const cls of [Document, XPathEvaluator]) {
    for (const [name, f] of Object.entries(xpathBase)) {
      Object.defineProperty(cls.prototype, name, { value: f, writable: true, enumerable: true, configurable: true });
    }
  }
