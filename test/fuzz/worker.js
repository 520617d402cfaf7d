'use strict';
// The fuzz properties, run in a worker thread so the test can stop a call
// that hangs (see runner.js). Reports each case and each call to the parent
// before making it, so a hang is reported with what was being done.
const { isMainThread, parentPort, workerData } = require('node:worker_threads');

if (!isMainThread) {
  const fc = require('fast-check');
  require('../helpers/fast-check-seed');
  const properties = require('./properties');
  const { name, numRuns, progress } = workerData;
  const counter = new Int32Array(progress);
  const step = (label) => {
    Atomics.add(counter, 0, 1);
    parentPort.postMessage({ kind: 'step', label });
  };
  const onCase = (what) => parentPort.postMessage({ kind: 'case', what });
  try {
    fc.assert(properties[name](step, onCase), { numRuns });
    parentPort.postMessage({ kind: 'done' });
  } catch (error) {
    const cause = error && error.cause ? `\n${error.cause.stack || error.cause}` : '';
    const message = String(error && error.message || error) + cause;
    parentPort.postMessage({ kind: 'failed', message: message.length > 6000 ? message.slice(0, 6000) + '…' : message });
  }
}
