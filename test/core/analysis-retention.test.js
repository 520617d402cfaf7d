'use strict';
// A stream of analyses (the language server's) must not keep the analyses before
// the last: each edit of a 30 000-package file makes a new graph, plan and cycle
// analysis of ~20 MB. (A cycle analysis once kept its predecessor through the
// options its closures saw, so the whole history stayed alive.)
const { test } = require('node:test');
const assert = require('node:assert/strict');
const v8 = require('node:v8');
const vm = require('node:vm');
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { generate } = require('../../bench/generate.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

test('analyses of a stream of edits are collectable once later ones replace them', async () => {
  const uri = 'file:///retention/x.bootstrap.yaml';
  // A cluster over the detail limit: its marks are carried from one analysis to the next.
  let text = generate(300, { format: 'yaml', seed: 5, shape: 'cluster' }).text;
  const reuse = new AnalysisReuse();
  const cache = new Map();
  const run = () => analyze([uri], memoryProvider({ [uri]: text }), { roots: ['file:///retention'], cache, reuse, cycleErrorsPerCluster: 100 });
  // In a function of its own, so that nothing here keeps the first analysis.
  const [firstCycles, firstGraph] = (() => {
    const first = run();
    assert.ok(first.workspaces[0].cycles.unbroken.some((c) => c.summaries.length), 'the cluster is summarised');
    return [new WeakRef(first.workspaces[0].cycles), new WeakRef(first.workspaces[0].graph)];
  })();
  // Edits that change a dependency each time (a new graph every time).
  const at = text.indexOf('build-depends: [') + 'build-depends: ['.length;
  for (let i = 0; i < 4; i++) {
    text = text.slice(0, at) + (text[at] === '_' ? 'z' : '_') + text.slice(at + 1);
    const later = run();
    // Reading the result, as a server does, keeps nothing of the first.
    assert.ok(later.diagnostics.get(uri).length > 0);
  }
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(firstCycles.deref(), undefined, 'the first cycle analysis is gone');
  assert.equal(firstGraph.deref(), undefined, 'the first graph is gone');
});
