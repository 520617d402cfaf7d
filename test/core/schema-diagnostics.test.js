'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf } = require('../helpers/analyze');
const { applyEdits } = require('../../server/out/core/edits/index.js');

test('an unknown key is reported on the key, with did-you-mean and a fix', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'version: 1\nstages:\n  one:\n    interpreterr: host\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['schema', 'interpreterr']]);
  const [d] = diagnosticsOf(a, 'bootstrap.yaml');
  assert.match(d.message, /unknown key 'interpreterr' in stage 'one'; did you mean 'interpreter'\?/);
  const fixed = applyEdits(a.documents.get(d.uri).text, d.fixes[0].changes[0].edits);
  assert.equal(fixed, 'version: 1\nstages:\n  one:\n    interpreter: host\n');
});

test('a wrong enum value is reported on the value and names the allowed values', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'version: 1\nstages:\n  one:\n    writes: modfy\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['schema', 'modfy']]);
  const [d] = diagnosticsOf(a, 'bootstrap.yaml');
  assert.match(d.message, /'none', 'create' or 'modify'/);
  assert.match(d.message, /did you mean 'modify'/);
});

test('a missing required key is reported on the parent key', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'version: 1\nenvs:\n  main: { path: "@/venv/" }\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['schema', 'main']]);
  assert.match(diagnosticsOf(a, 'bootstrap.yaml')[0].message, /missing the required key 'manager'/);
});

test('a missing version is reported on the first key, not the whole file', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'packages:\n  a: {}\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['schema', 'packages']]);
});

test('type, range and pattern errors sit on the offending value', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': [
    'version: 1',
    'stages:',
    '  one:',
    '    debug: { port: 70000 }',
    '    env-vars: { lower: x }',
    '    require-clean-tree: "yes"',
    'packages:',
    '  a: { build-depends: [b, b] }',
    '  b: {}',
    '',
  ].join('\n') });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['schema', '70000'],
    ['schema', 'lower'],
    ['schema', '"yes"'],
    ['schema', 'b'],
  ]);
  const texts = diagnosticsOf(a, 'bootstrap.yaml').map((d) => d.message);
  assert.match(texts[0], /<= 65535/);
  assert.match(texts[3], /twice/);
  // The duplicate is the second b, at its own offset.
  const dup = diagnosticsOf(a, 'bootstrap.yaml')[3];
  assert.equal(dup.range.start, a.documents.get(dup.uri).text.indexOf('b]'));
});

test('a key that does not apply to the env manager names the manager', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'version: 1\nenvs:\n  e: { manager: venv, channels: [conda-forge] }\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['schema', 'channels']]);
  assert.match(diagnosticsOf(a, 'bootstrap.yaml')[0].message, /manager 'venv'/);
});

test('JSON files get the same schema diagnostics as YAML', () => {
  const a = analyzeFiles({ 'bootstrap.json': '{"version": 1, "stages": {"one": {"writes": "modfy", "interpreterr": "host"}}}' });
  assert.deepEqual(shown(a, 'bootstrap.json'), [['schema', '"writes"'.replace('"writes"', '"modfy"')], ['schema', '"interpreterr"']]);
});

test('validating package by package (large documents) gives the same diagnostics as one validation', () => {
  const { parseDocument } = require('../../server/out/core/document/parsed-document.js');
  const { validateAgainstSchema } = require('../../server/out/core/schema/validate.js');
  const lines = ['version: 1', 'bogus: 1', 'packages:'];
  for (let i = 0; i < 30; i++) lines.push(`  p${i}: { build-depends: [p${i + 1}] }`);
  lines.push('  bad: { build-depend: [p1], depends: [x, x] }', '  "bad name!": {}', '  nul:', '  str: hello', '  p99: { prebuilt: "yes", build-depends-bootstrap0: [] }');
  const doc = parseDocument('file:///ws/bootstrap.yaml', lines.join('\n') + '\n');
  const whole = validateAgainstSchema(doc, Infinity);
  const split = validateAgainstSchema(doc, 1);
  const view = (ds) => ds.map((d) => [d.range.start, d.range.end, d.message]).sort((a, b) => a[0] - b[0] || (a[2] < b[2] ? -1 : 1));
  assert.ok(whole.length >= 7, JSON.stringify(view(whole)));
  assert.deepEqual(view(split), view(whole));
});
