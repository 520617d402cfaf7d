'use strict';
// An include group of many files, edited the way the language server does it:
// one cache and one AnalysisReuse across analyses, one file's text changing.
// The files an edit did not touch keep their parsed documents, so their
// schema diagnostics are taken over, not recomputed; these tests check that
// what is taken over is still each file's own and still true.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { validateAgainstSchema } = require('../../server/out/core/schema/validate.js');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');

const ROOT = 'file:///ws';
const PARTS = 12;

function group() {
  const files = { [`${ROOT}/root.bootstrap.yaml`]: `version: 1\ninclude:\n${Array.from({ length: PARTS }, (_, i) => `  - part${i}.bootstrap.yaml\n`).join('')}` };
  for (let i = 0; i < PARTS; i++) {
    // Every part has one schema error of its own: a misspelt key in its package.
    files[`${ROOT}/part${i}.bootstrap.yaml`] = `version: 1\npackages:\n  p${i}:\n    descriptio${i}: x\n    build-depends: [${i ? `p${i - 1}` : ''}]\n`;
  }
  return files;
}

const schemaKeys = (analysis, uri) => (analysis.diagnostics.get(uri) ?? [])
  .filter((d) => d.code === 'schema')
  .map((d) => analysis.documents.get(uri).text.slice(d.range.start, d.range.end));

test('editing one file of a group: the other files keep their own schema errors, the edited one gets its new ones', () => {
  const files = group();
  const uris = Object.keys(files);
  const options = { roots: [ROOT], cache: new Map(), reuse: new AnalysisReuse() };
  const first = analyze(uris, memoryProvider(files), options);
  for (let i = 0; i < PARTS; i++) assert.deepEqual(schemaKeys(first, `${ROOT}/part${i}.bootstrap.yaml`), [`descriptio${i}`]);

  const edited = `${ROOT}/part5.bootstrap.yaml`;
  const before = first.documents.get(`${ROOT}/part4.bootstrap.yaml`);
  files[edited] = files[edited].replace('descriptio5', 'description').replace('build-depends: [p4]', 'build-depends: [p4]\n    misspelt: 1');
  const second = analyze(uris, memoryProvider(files), options);
  // The unchanged files are the same parsed documents (what lets their results be kept) ...
  assert.equal(second.documents.get(`${ROOT}/part4.bootstrap.yaml`), before);
  // ... and keep exactly their own errors; the edited file shows its new state only.
  for (let i = 0; i < PARTS; i++) {
    const uri = `${ROOT}/part${i}.bootstrap.yaml`;
    assert.deepEqual(schemaKeys(second, uri), uri === edited ? ['misspelt'] : [`descriptio${i}`], uri);
  }

  // Fixing it back: the edited file's list follows again.
  files[edited] = files[edited].replace('\n    misspelt: 1', '');
  const third = analyze(uris, memoryProvider(files), options);
  assert.deepEqual(schemaKeys(third, edited), []);
  assert.deepEqual(schemaKeys(third, `${ROOT}/part6.bootstrap.yaml`), ['descriptio6']);
});

test('a document validated twice gives the same diagnostics in a list of its own each time', () => {
  const doc = parseDocument(`${ROOT}/a.bootstrap.yaml`, 'version: 1\npackages:\n  a: { descriptin: x }\n');
  const once = validateAgainstSchema(doc);
  assert.equal(once.length, 1);
  once.push({ fake: true });
  const again = validateAgainstSchema(doc);
  assert.equal(again.length, 1, 'a caller changing its list does not change the next caller\'s');
  assert.match(again[0].message, /descriptin/);
  // Another document with the same text is its own document.
  const other = parseDocument(`${ROOT}/b.bootstrap.yaml`, 'version: 1\npackages:\n  a: { descriptin: x }\n');
  assert.equal(validateAgainstSchema(other)[0].uri, `${ROOT}/b.bootstrap.yaml`);
});
