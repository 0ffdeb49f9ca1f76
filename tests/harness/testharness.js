// A small testharness.js-compatible harness, written for ecsdom: enough of
// the web-platform-tests API (test, async_test, promise_test, the common
// asserts, done) to run simple WPT-style pages with `ecsdom run`. Results
// are printed as one `ecsdom-harness: {json}` line per subtest and a final
// `ecsdom-harness-done: {json}` summary, after the page's load event and
// the event loop (virtual time) have run.
(() => {
  'use strict';
  const tests = [];
  let pending = 0;
  let finished = false;

  class AssertionError extends Error {
    constructor(message) { super(message); this.name = 'AssertionError'; }
  }
  const show = (v) => {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number' && Object.is(v, -0)) return '-0';
    if (v instanceof Node) return `[${v.constructor.name} ${v.nodeName}]`;
    try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
  };
  const fail = (msg, description) => {
    throw new AssertionError(description ? `${description}: ${msg}` : msg);
  };

  function Test(name) {
    this.name = name;
    this.status = null;
    this.message = null;
    this.cleanups = [];
  }
  Test.prototype.step = function (fn, thisObj, ...args) {
    if (this.status !== null) return undefined;
    try {
      return fn.apply(thisObj === undefined ? this : thisObj, args);
    } catch (e) {
      this.finish('FAIL', e && e.message !== undefined ? `${e.name}: ${e.message}` : String(e));
      return undefined;
    }
  };
  Test.prototype.step_func = function (fn, thisObj) {
    const t = this;
    return function (...args) { return t.step(fn, thisObj === undefined ? this : thisObj, ...args); };
  };
  Test.prototype.step_func_done = function (fn, thisObj) {
    const t = this;
    return function (...args) {
      if (fn) t.step(fn, thisObj === undefined ? this : thisObj, ...args);
      t.done();
    };
  };
  Test.prototype.step_timeout = function (fn, ms, ...args) {
    return setTimeout(this.step_func(fn), ms, ...args);
  };
  Test.prototype.unreached_func = function (description) {
    return this.step_func(() => fail(`unreached code reached`, description));
  };
  Test.prototype.add_cleanup = function (fn) { this.cleanups.push(fn); };
  Test.prototype.done = function () { this.finish('PASS', null); };
  Test.prototype.finish = function (status, message) {
    if (this.status !== null) return;
    this.status = status;
    this.message = message;
    for (const c of this.cleanups) { try { c(); } catch {} }
    pending -= 1;
  };

  function register(name) {
    const t = new Test(name);
    tests.push(t);
    pending += 1;
    return t;
  }

  globalThis.test = (fn, name) => {
    const t = register(name || `test ${tests.length + 1}`);
    t.step(fn, t, t);
    t.done();
  };
  globalThis.async_test = (fn, name) => {
    if (typeof fn === 'string') { name = fn; fn = null; }
    const t = register(name || `test ${tests.length + 1}`);
    if (fn) t.step(fn, t, t);
    return t;
  };
  globalThis.promise_test = (fn, name) => {
    const t = register(name || `test ${tests.length + 1}`);
    let p;
    try { p = fn(t); } catch (e) { t.finish('FAIL', `${e.name}: ${e.message}`); return; }
    Promise.resolve(p).then(() => t.done(), (e) => t.finish('FAIL', `${e && e.name}: ${e && e.message}`));
  };
  globalThis.setup = () => {};
  globalThis.done = () => {};

  Object.assign(globalThis, {
    assert_true: (v, d) => { if (v !== true) fail(`expected true got ${show(v)}`, d); },
    assert_false: (v, d) => { if (v !== false) fail(`expected false got ${show(v)}`, d); },
    assert_equals: (a, e, d) => { if (!Object.is(a, e)) fail(`expected ${show(e)} but got ${show(a)}`, d); },
    assert_not_equals: (a, e, d) => { if (Object.is(a, e)) fail(`got disallowed value ${show(a)}`, d); },
    assert_in_array: (a, list, d) => { if (!list.includes(a)) fail(`value ${show(a)} not in array ${show(list)}`, d); },
    assert_array_equals: (a, e, d) => {
      if (a.length !== e.length) fail(`lengths differ, expected ${e.length} got ${a.length}`, d);
      for (let i = 0; i < e.length; i++) if (!Object.is(a[i], e[i])) fail(`expected ${show(e[i])} but got ${show(a[i])} at index ${i}`, d);
    },
    assert_class_string: (o, c, d) => {
      const s = Object.prototype.toString.call(o);
      if (s !== `[object ${c}]` && !(o && o.constructor && o.constructor.name === c)) fail(`expected class ${c} got ${s}`, d);
    },
    assert_throws_dom: (name, fn, d) => {
      if (typeof name === 'function') { fn = name; name = undefined; }
      try { fn(); } catch (e) {
        if (!(e instanceof DOMException)) fail(`expected a DOMException ${name}, got ${e && e.name}`, d);
        if (name !== undefined && e.name !== name && e.code !== name) fail(`expected ${name} got ${e.name}`, d);
        return;
      }
      fail(`${name} was not thrown`, d);
    },
    assert_throws_js: (ctor, fn, d) => {
      try { fn(); } catch (e) {
        if (!(e instanceof ctor)) fail(`expected ${ctor.name}, got ${e && e.name}`, d);
        return;
      }
      fail(`${ctor.name} was not thrown`, d);
    },
    assert_unreached: (d) => fail('reached unreachable code', d),
    assert_greater_than: (a, b, d) => { if (!(a > b)) fail(`expected a number greater than ${b} but got ${a}`, d); },
    assert_less_than: (a, b, d) => { if (!(a < b)) fail(`expected a number less than ${b} but got ${a}`, d); },
    assert_own_property: (o, p, d) => { if (!Object.prototype.hasOwnProperty.call(o, p)) fail(`expected own property ${p}`, d); },
    assert_idl_attribute: (o, p, d) => { if (!(p in o)) fail(`expected attribute ${p}`, d); },
  });

  // Report once the page is done: after load, and after the event loop drained.
  function report() {
    if (finished) return;
    finished = true;
    let passed = 0;
    for (const t of tests) {
      if (t.status === null) { t.status = 'TIMEOUT'; t.message = 'the test did not finish'; }
      if (t.status === 'PASS') passed += 1;
      console.log('ecsdom-harness: ' + JSON.stringify({ name: t.name, status: t.status, message: t.message }));
    }
    console.log('ecsdom-harness-done: ' + JSON.stringify({ passed, total: tests.length }));
  }
  // The harness reports when the host calls `__ecsdom_harness_report` (after
  // the event loop), or at the latest 60 s of page time after load.
  globalThis.__ecsdom_harness_report = report;
  window.addEventListener('load', () => setTimeout(report, 60000));
})();
