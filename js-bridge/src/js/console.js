// `console` (https://console.spec.whatwg.org/): each method formats its
// arguments the way browsers print them (a first string argument's %s,
// %d, %i, %f, %o, %O and %c; primitives as text, objects as JSON where
// they can be) and hands the line to the host with a level: 0
// log/info/debug, 1 warn, 2 error. Groups indent by two spaces; `time`
// measures page time (performance.now()); `table` draws a box as Node does.
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
  // The Formatter operation (https://console.spec.whatwg.org/#formatter).
  const format = (args) => {
    if (typeof args[0] !== 'string' || args.length < 2) return args.map(show);
    const rest = args.slice(1);
    const first = args[0].replace(/%([sdifoOc%])/g, (m, c) => {
      if (c === '%') return '%';
      if (rest.length === 0) return m;
      const v = rest.shift();
      switch (c) {
        case 's': return typeof v === 'symbol' ? v.toString() : String(v);
        case 'd': case 'i': return typeof v === 'symbol' ? 'NaN' : String(parseInt(v, 10));
        case 'f': return typeof v === 'symbol' ? 'NaN' : String(parseFloat(v));
        case 'c': return '';
        default: return show(v);
      }
    });
    return [first, ...rest.map(show)];
  };
  let indent = '';
  // The output is UTF-8: a lone surrogate prints as U+FFFD (the page's
  // own `toWellFormed` is not trusted to stay).
  const wellFormed = String.prototype.toWellFormed;
  const emit = (level, parts) => {
    const text = wellFormed.call(parts.join(' '));
    print(level, indent === '' ? text : text.split('\n').map((l) => indent + l).join('\n'));
  };
  const at = (level) => (...args) => emit(level, format(args));
  const now = () => (typeof performance === 'object' ? performance.now() : Date.now());
  const counts = new Map();
  const timers = new Map();
  const label = (l) => (l === undefined ? 'default' : `${l}`);
  const elapsed = (name) => `${name}: ${+(now() - timers.get(name)).toFixed(3)} ms`;
  // Node's table: a box around rows of the index and each column.
  const table = (data, columns) => {
    if (data === null || typeof data !== 'object') return emit(0, format([data]));
    const rows = Object.entries(data);
    const cell = (v) => (typeof v === 'string' ? `'${v}'` : v === undefined ? '' : show(v));
    const heads = [];
    const values = new Set();
    for (const [, row] of rows) {
      if (row !== null && typeof row === 'object') {
        for (const k of Object.keys(row)) if (!heads.includes(k)) heads.push(k);
      } else {
        values.add(true);
      }
    }
    const shown = columns === undefined ? heads : [...columns].map(String);
    const header = ['(index)', ...shown, ...(values.size ? ['Values'] : [])];
    const body = rows.map(([k, row]) => {
      const isObject = row !== null && typeof row === 'object';
      return [k, ...shown.map((h) => (isObject && h in row ? cell(row[h]) : '')),
        ...(values.size ? [isObject ? '' : cell(row)] : [])];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)) + 2);
    const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
    const row = (cells) => '│' + cells.map((c, i) => ` ${c}${' '.repeat(widths[i] - c.length - 1)}`).join('│') + '│';
    emit(0, [[line('┌', '┬', '┐'), row(header), line('├', '┼', '┤'), ...body.map(row), line('└', '┴', '┘')].join('\n')]);
  };
  globalThis.console = {
    log: at(0), info: at(0), debug: at(0), warn: at(1), error: at(2),
    dir: (v) => emit(0, [show(v)]),
    dirxml: at(0),
    trace: (...args) => {
      const stack = (new Error().stack ?? '').split('\n').slice(1).filter((l) => l.trim() !== '').join('\n');
      emit(0, [['Trace' + (args.length ? ': ' + format(args).join(' ') : ''), stack].filter((s) => s !== '').join('\n')]);
    },
    assert: (condition = false, ...args) => {
      if (condition) return;
      emit(2, args.length ? ['Assertion failed:', ...format(args)] : ['Assertion failed']);
    },
    clear: () => {},
    count: (l) => {
      const name = label(l);
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      emit(0, [`${name}: ${n}`]);
    },
    countReset: (l) => {
      const name = label(l);
      if (counts.has(name)) counts.set(name, 0);
      else emit(1, [`Count for '${name}' does not exist`]);
    },
    group: (...args) => { if (args.length) emit(0, format(args)); indent += '  '; },
    groupCollapsed: (...args) => { if (args.length) emit(0, format(args)); indent += '  '; },
    groupEnd: () => { indent = indent.slice(2); },
    time: (l) => {
      const name = label(l);
      if (timers.has(name)) emit(1, [`Timer '${name}' already exists`]);
      else timers.set(name, now());
    },
    timeLog: (l, ...args) => {
      const name = label(l);
      if (!timers.has(name)) return emit(1, [`Timer '${name}' does not exist`]);
      emit(0, [elapsed(name), ...format(args)]);
    },
    timeEnd: (l) => {
      const name = label(l);
      if (!timers.has(name)) return emit(1, [`Timer '${name}' does not exist`]);
      emit(0, [elapsed(name)]);
      timers.delete(name);
    },
    table,
  };
})();
