'use strict';
// The language server runs a fix-all asked for by name in a worker thread
// (core/fixes/fix-all.ts, fixAllInThread): the same result as on the calling
// thread, shared by concurrent requests, and stopped by its abort signal.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze, CancelledError } = require('../../server/out/core/analysis');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider');
const { fixAllInThread, fixAllResultInThread, fixAllWithResult, fixAllIsCheap } = require('../../server/out/core/fixes/fix-all');

/** A tangle of n packages (three build dependencies and one runtime dependency each): one big cluster. */
function tangle(n) {
  const lines = ['version: 1', 'packages:'];
  for (let i = 0; i < n; i++) lines.push(`  p${i}: { build-depends: [p${(i * 7 + 1) % n}, p${(i * 13 + 5) % n}, p${(i * 31 + 11) % n}], depends: [p${(i * 17 + 3) % n}] }`);
  return lines.join('\n') + '\n';
}

const URI = 'file:///w/t.bootstrap.yaml';
const analysed = (text) => analyze([URI], memoryProvider({ [URI]: text }), { roots: ['file:///w'] });

test('the thread gives the fix the calling thread gives, once for concurrent requests', async () => {
  const text = tangle(60);
  const here = fixAllWithResult(analysed(text), URI);
  assert.ok(here && here.result.annotations.length > 0);
  const analysis = analysed(text);
  const wa = analysis.workspaceOf(URI);
  const [a, b] = await Promise.all([fixAllResultInThread(wa), fixAllResultInThread(wa)]);
  assert.deepEqual(a, here.result);
  assert.equal(a, b, 'one computation for both');
  assert.deepEqual(await fixAllInThread(analysis, URI), here.fix);
  assert.equal(fixAllIsCheap(analysis, URI, 0), true, 'kept for the analysis');
  assert.equal(await fixAllInThread(analysed('version: 1\npackages:\n  a: {}\n'), URI), undefined, 'nothing to break');
});

test('an abort stops the thread: the request rejects with CancelledError and nothing is kept', async () => {
  const analysis = analysed(tangle(1200));
  const stop = new AbortController();
  const pending = fixAllInThread(analysis, URI, stop.signal);
  setTimeout(() => stop.abort(), 50);
  await assert.rejects(pending, CancelledError);
  assert.equal(fixAllIsCheap(analysis, URI, 0), false, 'no result kept for the analysis');
  // A signal aborted before the call: rejected at once.
  const gone = new AbortController();
  gone.abort();
  await assert.rejects(fixAllInThread(analysis, URI, gone.signal), CancelledError);
});
