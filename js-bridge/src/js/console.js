// `console`: each method formats its arguments the way browsers print
// primitives (objects as JSON where they can be) and hands the line to the
// host with a level: 0 log/info/debug, 1 warn, 2 error.
(() => {
  'use strict';
  const print = globalThis.__ecsdom_print;
  delete globalThis.__ecsdom_print;
  const show = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (v !== null && typeof v === 'object') {
      if (typeof Node === 'function' && v instanceof Node) return `[object ${v.constructor.name}]`;
      try { return JSON.stringify(v); } catch { return String(v); }
    }
    return String(v);
  };
  const at = (level) => (...args) => print(level, args.map(show).join(' '));
  globalThis.console = {
    log: at(0), info: at(0), debug: at(0), warn: at(1), error: at(2),
  };
})();
