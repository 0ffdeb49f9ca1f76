// One comparison workload on a JavaScript DOM under Node (jsdom, happy-dom
// or linkedom), timed the way `ecsdom bench` times ours: the document is
// loaded untimed (fresh per run for `build` and `attrs`), one warm-up, then
// REPEAT timed runs of the same JS body `ecsdom bench --print js-body`
// gives. Prints one JSON line like `ecsdom bench`.
//
// node node_runner.mjs IMPL WORKLOAD N REPEAT INPUT.html BODY.js

import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const [impl, workload, nArg, repeatArg, inputFile, bodyFile] = process.argv.slice(2);
const n = Number(nArg);
const repeat = Number(repeatArg);
const html = fs.readFileSync(inputFile, 'utf8');
const body = fs.readFileSync(bodyFile, 'utf8');
const fresh = workload === 'build' || workload === 'attrs';

// A loaded document: { window, document, close }.
async function load() {
  switch (impl) {
    case 'jsdom': {
      const { JSDOM } = await import('jsdom');
      const dom = new JSDOM(html);
      return { window: dom.window, document: dom.window.document, close: () => dom.window.close() };
    }
    case 'happy-dom': {
      const { Window } = await import('happy-dom');
      const window = new Window();
      window.document.write(html);
      return { window, document: window.document, close: () => window.happyDOM.close() };
    }
    case 'linkedom': {
      const { parseHTML } = await import('linkedom');
      const { window, document } = parseHTML(html);
      return { window, document, close: () => {} };
    }
    default:
      throw new Error(`unknown DOM ${impl}`);
  }
}

const run = new Function('document', 'DOMParser', 'N', body);
const times = [];
let check = '';
let page = null;
for (let r = 0; r <= repeat; r++) {
  if (page === null || (fresh && r > 0)) {
    if (page !== null) await page.close();
    page = await load();
    globalThis.__list = workload === 'attrs' ? Array.from(page.document.querySelectorAll('li, span, a')) : null;
    globalThis.__html = html;
  }
  const t = performance.now();
  check = String(run(page.document, page.window.DOMParser, n));
  const elapsed = performance.now() - t;
  if (r > 0) times.push(elapsed); // run 0 is the warm-up
}
await page.close();
times.sort((a, b) => a - b);
const median = times[Math.floor((times.length - 1) / 2)];
console.log(JSON.stringify({ workload, n, lang: impl, ms_min: times[0], ms_median: median, check }));
process.exit(0);
