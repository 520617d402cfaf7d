'use strict';
// Ranges the core produces lie inside the document and on whole characters
// (issue 18, points 5 and 7), and a deeply nested text gets the same answer
// whatever the caller's stack (found by the differential fuzz test).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');
const S = require('../../server/out/core/services/index.js');
const { isBoundary } = require('../fuzz/checks');

function analyzed(name, text) {
  const uri = `file:///ws/${name}`;
  return { uri, analysis: analyze([uri], memoryProvider({ [uri]: text }), { roots: ['file:///ws'] }) };
}

test('symbols of a JSONC text cut inside a block comment end inside the text', () => {
  const text = '{"":{""/*';
  const { uri, analysis } = analyzed('bootstrap.jsonc', text);
  const ranges = [];
  const visit = (symbols) => symbols.forEach((s) => { ranges.push(s.range, s.selectionRange); visit(s.children); });
  visit(S.documentSymbols(analysis, uri));
  for (const s of S.workspaceSymbols(analysis, '')) ranges.push(s.range ?? s.location.range);
  assert.ok(ranges.length > 0);
  for (const r of ranges) assert.ok(r.end <= text.length && r.start <= r.end, JSON.stringify(r));
  // At the source: every node of the tree.
  const stack = [parseDocument('file:///ws/x.jsonc', text).root];
  while (stack.length) {
    const n = stack.pop();
    assert.ok(n.range.end <= text.length, `${n.pointer}: ${JSON.stringify(n.range)}`);
    stack.push(...n.children);
  }
});

test('a YAML text ending in an open bracket behind a byte-order mark keeps its ranges inside', () => {
  const text = '\ufeffversion: 1\npackages: {}\n[';
  const { uri, analysis } = analyzed('bootstrap.yaml', text);
  const list = analysis.diagnostics.get(uri);
  assert.ok(list.length > 0);
  for (const d of list) assert.ok(d.range.end <= text.length, `${d.code} ${JSON.stringify(d.range)}`);
});

test('a problem reported inside an emoji covers the whole emoji', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = `version: 1${eol}packages:${eol}  gcc:${eol}    description: |😀😀${eol}      text${eol}`;
    const { uri, analysis } = analyzed('bootstrap.yaml', text);
    const list = analysis.diagnostics.get(uri);
    assert.ok(list.some((d) => /Block scalar header/.test(d.message)), list.map((d) => d.message).join('; '));
    for (const d of list) {
      assert.ok(isBoundary(text, d.range.start) && isBoundary(text, d.range.end), `${d.message}: ${JSON.stringify(text.slice(d.range.start, d.range.end))}`);
    }
  }
});

test('nesting beyond the limit is reported without calling the parser, so the answer does not depend on the stack', () => {
  // After a parse of 1000 nested dashes, yaml's parse of 900 nested brackets
  // made V8 abort the whole process ("RegExpCompiler Allocation failed").
  const script = `
    const { parseDocument } = require(${JSON.stringify(path.join(__dirname, '../../server/out/core/document/parsed-document.js'))});
    const a = parseDocument('file:///a.yaml', '- '.repeat(1000) + 'x\\n');
    const b = parseDocument('file:///b.yaml', '['.repeat(900) + ']'.repeat(900));
    console.log(JSON.stringify([a.problems.map((p) => p.code), b.problems.map((p) => p.code)]));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr.slice(0, 500));
  assert.deepEqual(JSON.parse(r.stdout), [['nesting-limit'], ['nesting-limit']]);
  // The same text at any depth of the caller's stack: the same result.
  const text = 'a: ' + '['.repeat(2000) + ']'.repeat(2000);
  const shallow = parseDocument('file:///c.yaml', text).problems.map((p) => p.code);
  const deep = (n) => (n === 0 ? parseDocument('file:///c.yaml', text).problems.map((p) => p.code) : deep(n - 1));
  assert.deepEqual(deep(3000), shallow);
});
