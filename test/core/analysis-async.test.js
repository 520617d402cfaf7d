'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze, analyzeAsync, CancelledError } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');

const files = { 'file:///ws/bootstrap.yaml': 'version: 1\npackages:\n  gcc: { build-depends: [glibc] }\n  glibc: { build-depends: [gcc] }\n' };

test('the stepwise analysis gives the same diagnostics as the synchronous one', async () => {
  const options = { roots: ['file:///ws'] };
  const sync = analyze(Object.keys(files), memoryProvider(files), options);
  const stepwise = await analyzeAsync(Object.keys(files), memoryProvider(files), options);
  const view = (a) => a.diagnostics.get('file:///ws/bootstrap.yaml').map((d) => [d.code, d.range.start, d.message]);
  assert.deepEqual(view(stepwise), view(sync));
  assert.equal(view(sync).length, 2);
});

test('a stepwise analysis stops with CancelledError once cancelled between phases', async () => {
  let checks = 0;
  // Not cancelled at the first check, cancelled from the second on: the run must stop midway.
  const run = analyzeAsync(Object.keys(files), memoryProvider(files), { roots: ['file:///ws'], isCancelled: () => ++checks > 1 });
  await assert.rejects(run, CancelledError);
  assert.equal(checks, 2);
});
