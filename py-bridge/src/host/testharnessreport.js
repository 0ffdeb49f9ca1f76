// ecsdom's testharnessreport.js: the runner's hook into the upstream
// testharness.js, loaded right after it as WPT pages do. Each runner of
// web-platform-tests supplies this file; ours prints the results on
// stdout for `ecsdom wpt`: one `ecsdom-harness: {json}` line per subtest
// when the harness completes, then `ecsdom-harness-done: {json}` with the
// harness's own status. A page whose harness never completes prints an
// INCOMPLETE status when the host's event loop is over.
(() => {
  'use strict';
  const TEST_STATUS = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];
  const HARNESS_STATUS = ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'];
  const text = (m) => (m === null || m === undefined ? null : String(m));
  let completed = false;
  // The results go to the runner; the harness's HTML log would only cost time.
  setup({ output: false });
  add_completion_callback((tests, harness) => {
    completed = true;
    let passed = 0;
    for (const t of tests) {
      const status = TEST_STATUS[t.status] ?? String(t.status);
      if (status === 'PASS') passed++;
      console.log('ecsdom-harness: ' + JSON.stringify({
        name: String(t.name), status, message: text(t.message),
      }));
    }
    console.log('ecsdom-harness-done: ' + JSON.stringify({
      status: HARNESS_STATUS[harness.status] ?? String(harness.status),
      message: text(harness.message),
      passed,
      total: tests.length,
    }));
  });
  globalThis.__ecsdom_harness_report = () => {
    if (!completed) {
      console.log('ecsdom-harness-done: ' + JSON.stringify({
        status: 'INCOMPLETE',
        message: 'the harness had not completed when the event loop ended',
        passed: 0,
        total: 0,
      }));
    }
  };
})();
