'use strict';
// The differential fuzz test (issue 18): random and mutated documents through
// the core and every service, random edit chains through the incremental
// path compared with cold analyses, and fix-all on documents with cycles. Fixed seed (test/helpers/fast-check-seed.js);
// STRAP_FC_SEED explores, STRAP_FUZZ_RUNS=<n> runs more cases. Each property
// runs in a worker under a watchdog that reports a hang with its input.
const { test } = require('node:test');
const { runProperty } = require('../fuzz/runner');

const scale = Number(process.env.STRAP_FUZZ_RUNS ?? 1);

test('random documents: no exception, ranges inside the text on character boundaries, fixes keep it parsing', async () => {
  await runProperty('documents', { numRuns: Math.round(150 * scale) });
});

test('random edit chains: the incremental parse and analysis equal cold ones', async () => {
  await runProperty('incremental', { numRuns: Math.round(100 * scale) });
});

test('random documents with build cycles: fix-all leaves no unbroken cycle', async () => {
  await runProperty('fixAllBreaksCycles', { numRuns: Math.round(200 * scale) });
});
