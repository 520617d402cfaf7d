'use strict';
// Runs a fuzz property in a worker thread under a watchdog: a call that makes
// no progress for `stallMs` is reported (with the document and the call) and
// the worker stopped, instead of hanging the suite. Not a timing assertion:
// the limit is far above any honest call on a loaded machine.
const { Worker } = require('node:worker_threads');
const path = require('node:path');

function runProperty(name, { numRuns, stallMs = 30_000, maxOldGenerationSizeMb = 2048 }) {
  const progress = new SharedArrayBuffer(4);
  const counter = new Int32Array(progress);
  const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { name, numRuns, progress }, resourceLimits: { maxOldGenerationSizeMb } });
  let lastCase = '';
  let lastStep = '';
  return new Promise((resolve, reject) => {
    let seen = -1;
    let still = 0;
    const finish = (fn, value) => {
      clearInterval(timer);
      worker.removeAllListeners();
      worker.on('error', () => {});
      worker.terminate();
      fn(value);
    };
    const timer = setInterval(() => {
      const now = Atomics.load(counter, 0);
      if (now !== seen) {
        seen = now;
        still = 0;
        return;
      }
      still += 1000;
      if (still < stallMs) return;
      if (process.env.STRAP_FUZZ_DUMP) require('node:fs').writeFileSync(process.env.STRAP_FUZZ_DUMP, lastCase);
      const shown = lastCase.length > 4000 ? lastCase.slice(0, 4000) + '…' : lastCase;
      finish(reject, new Error(`'${lastStep}' made no progress for ${stallMs} ms on ${shown}`));
    }, 1000);
    worker.on('message', (m) => {
      if (m.kind === 'case') lastCase = m.what;
      else if (m.kind === 'step') lastStep = m.label;
      else if (m.kind === 'done') finish(resolve);
      else if (m.kind === 'failed') finish(reject, new Error(m.message));
    });
    worker.on('error', (e) => finish(reject, new Error(`the worker died during '${lastStep}' on ${lastCase}: ${e.message}`)));
    worker.on('exit', (code) => finish(reject, new Error(`the worker exited (${code}) during '${lastStep}' on ${lastCase}`)));
  });
}

module.exports = { runProperty };
