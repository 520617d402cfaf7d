'use strict';
// Services on deeply nested flow collections answer in time linear in the
// nesting: completion inside 100 000 brackets used to take minutes and then
// exhaust the heap (the cursor's flow context copied the path per level and
// rescanned its stack per token). A watchdog fails the test on a hang only.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { runBounded } = require('../helpers/watchdog');

const OUT = path.join(__dirname, '../../server/out/core');
const N = 100_000;
// The other shapes at a smaller depth: the YAML parser's own time grows with it.
const M = 30_000;

// Every position-taking service at the cursor, plus the whole-document ones.
const SERVICES = `
  const { analyze } = require(${JSON.stringify(OUT + '/analysis.js')});
  const { memoryProvider } = require(${JSON.stringify(OUT + '/workspace/source-provider.js')});
  const S = require(${JSON.stringify(OUT + '/services/index.js')});
  const { fixAll } = require(${JSON.stringify(OUT + '/fixes/fix-all.js')});
  const { uri, text, offset } = input;
  const a = analyze([uri], memoryProvider({ [uri]: text }), { roots: ['file:///ws'] });
  const completion = S.complete(a, uri, offset);
  for (const d of a.diagnostics.get(uri) ?? []) d.fixes;
  S.hover(a, uri, offset);
  S.definition(a, uri, offset);
  S.references(a, uri, offset, true);
  S.prepareRename(a, uri, offset);
  const symbols = S.documentSymbols(a, uri);
  S.workspaceSymbols(a, '');
  const folding = S.foldingRanges(a, uri);
  S.inlayHints(a, uri);
  S.documentLinks(a, uri);
  fixAll(a, uri);
  return { items: completion.items.length, isArray: Array.isArray(completion.items), symbols: symbols.map((s) => s.name), folding: folding.length };
`;

const cases = {
  'YAML flow sequences': [N, 'file:///ws/bootstrap.yaml', 'version: 1\npackages:\n  a:\n    description: ', '[', ']', '\n'],
  'YAML flow mappings': [M, 'file:///ws/bootstrap.yaml', 'version: 1\npackages:\n  a:\n    description: ', '{a: ', '}', '\n'],
  'JSON arrays': [N, 'file:///ws/bootstrap.json', '{"version": 1, "packages": {"a": {"description": ', '[', ']', '}}}'],
  'JSON objects': [M, 'file:///ws/bootstrap.json', '{"version": 1, "packages": {"a": {"description": ', '{"a": ', '}', '}}}'],
};

// Generous: a loaded two-core machine parses the 200 KB text in seconds; the bug took minutes, then the heap.
const WATCHDOG_MS = 60_000;

for (const [name, [depth, uri, head, open, close, tail]] of Object.entries(cases)) {
  test(`completion and every service inside ${depth} nested ${name} answer`, async () => {
    const text = head + open.repeat(depth) + close.repeat(depth) + tail;
    const offset = head.length + open.length * depth; // between the innermost brackets
    const result = await runBounded(SERVICES, { uri, text, offset }, { timeoutMs: WATCHDOG_MS });
    assert.equal(result.isArray, true);
    assert.ok(result.folding >= 0);
  });
}

test(`completion at the end of ${N} unclosed brackets answers`, async () => {
  const uri = 'file:///ws/bootstrap.yaml';
  const text = 'version: 1\npackages:\n  a:\n    build-depends: ' + '['.repeat(N);
  const result = await runBounded(SERVICES, { uri, text, offset: text.length }, { timeoutMs: WATCHDOG_MS });
  assert.equal(result.isArray, true);
});
