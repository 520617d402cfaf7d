'use strict';
// A watchdog for calls that might hang or exhaust the heap: the work runs in
// a worker thread, which is terminated after a generous time, so a test
// reports the hang (or the worker's death) instead of freezing the suite.
// Timing is never asserted beyond that: speed belongs to the benchmark.

const { Worker } = require('node:worker_threads');

/**
 * Runs `source` (the body of a function of `input`, CommonJS, may `require`
 * by absolute path) in a worker; resolves with its result (structured-cloned)
 * or rejects with the error, the worker's death, or a timeout.
 */
function runBounded(source, input, { timeoutMs = 20_000, maxOldGenerationSizeMb = 1024 } = {}) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const run = (input) => { ${source} };
    Promise.resolve().then(() => run(workerData)).then(
      (value) => parentPort.postMessage({ ok: true, value }),
      (error) => parentPort.postMessage({ ok: false, error: String(error && error.stack || error) }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: input, resourceLimits: { maxOldGenerationSizeMb } });
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      fn(value);
    };
    const timer = setTimeout(() => finish(reject, new Error(`no answer within ${timeoutMs} ms (a hang)`)), timeoutMs);
    worker.on('message', (m) => (m.ok ? finish(resolve, m.value) : finish(reject, new Error(m.error))));
    worker.on('error', (e) => finish(reject, e));
    worker.on('exit', (code) => finish(reject, new Error(`the worker exited (code ${code}) without an answer`)));
  });
}

module.exports = { runBounded };
