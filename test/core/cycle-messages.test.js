'use strict';
// Cycle messages stay true after partial fixes (issue 12).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, diagnosticsOf } = require('../helpers/analyze');
const { applyEdits } = require('../../server/out/core/edits/index.js');

const PARTIAL = [
  'version: 1',
  'packages:',
  '  gcc:',
  '    build-depends: [glibc, binutils]',
  '    build-depends-bootstrap1: [binutils]',
  '  glibc:',
  '    build-depends: [gcc]',
  '  binutils:',
  '    build-depends: [zlib]',
  '  zlib:',
  '    build-depends: [gcc]',
  '',
].join('\n');

const byPackage = (ds) => Object.fromEntries(ds.map((d) => [`${d.data.package}>${d.data.name}`, d.message]));

test('a stage set that leaves out the edge but still needs the cluster says what it still needs', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': PARTIAL });
  const m = byPackage(diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle'));
  assert.equal(m['glibc>gcc'],
    "build-dependency cycle: glibc → gcc → glibc; gcc's build-depends-bootstrap1 leaves out glibc but still needs binutils, which is in the cycle binutils → zlib → gcc → binutils");
  assert.equal(m['gcc>glibc'],
    "build-dependency cycle: gcc → glibc → gcc; gcc's build-depends-bootstrap1 leaves out glibc but still needs binutils, which is in the cycle binutils → zlib → gcc → binutils");
  // A cycle no stage set touches still says so, literally.
  assert.equal(m['binutils>zlib'], 'build-dependency cycle: binutils → zlib → gcc → binutils; no build-depends-bootstrapN breaks it');
  // The preferred fix on gcc extends its stage-1 set (it re-adds nothing) and clears every error.
  const gcc = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle').find((d) => d.data.package === 'gcc');
  const fix = gcc.fixes.find((f) => f.isPreferred);
  assert.equal(fix.title, 'Build gcc in bootstrap stage 1 without glibc and binutils');
  const fixed = applyEdits(PARTIAL, fix.changes[0].edits);
  assert.match(fixed, /build-depends-bootstrap1: \[\]\n/);
  assert.deepEqual(diagnosticsOf(analyzeFiles({ 'bootstrap.yaml': fixed }), 'bootstrap.yaml').filter((d) => d.severity === 'error'), []);
});

test('the preferred fix of the error that was fixed is gone, and fewer errors stay', () => {
  const text = PARTIAL.replace('    build-depends-bootstrap1: [binutils]\n', '');
  const before = diagnosticsOf(analyzeFiles({ 'bootstrap.yaml': text }), 'bootstrap.yaml', 'build-cycle');
  const glibc = before.find((d) => d.data.package === 'glibc');
  const fix = glibc.fixes.find((f) => f.isPreferred);
  assert.equal(fix.title, 'Build glibc in bootstrap stage 1 without gcc');
  const after = diagnosticsOf(analyzeFiles({ 'bootstrap.yaml': applyEdits(text, fix.changes[0].edits) }), 'bootstrap.yaml', 'build-cycle');
  assert.ok(after.length < before.length, `${after.length} < ${before.length}`);
  assert.ok(!after.some((d) => d.data.package === 'glibc'));
});

test('a cluster only blocked by an unbroken cycle upstream says which one, as a warning without a useless fix', () => {
  const text = [
    'version: 1',
    'packages:',
    '  x: { build-depends: [y] }',
    '  y: { build-depends: [x] }',
    '  a: { build-depends: [b, x], build-depends-bootstrap1: [x] }',
    '  b: { build-depends: [a] }',
    '',
  ].join('\n');
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  const errors = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle');
  assert.deepEqual(errors.map((d) => d.data.package).sort(), ['x', 'y']);
  const blocked = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle-blocked');
  assert.deepEqual(blocked.map((d) => [d.data.package, d.severity]), [['a', 'warning'], ['b', 'warning']]);
  assert.equal(blocked[0].message,
    "'a' sits in build-dependency cycles that bootstrap stages break, but it cannot be built: it needs 'x', which is in the unbroken cycle x → y → x upstream");
  assert.equal(blocked[1].message,
    "'b' sits in build-dependency cycles that bootstrap stages break, but it cannot be built: it needs 'a', which waits for 'x', in the unbroken cycle x → y → x upstream");
  // Breaking x → y clears them all.
  const x = errors.find((d) => d.data.package === 'x').fixes.find((f) => f.isPreferred);
  const after = analyzeFiles({ 'bootstrap.yaml': applyEdits(text, x.changes[0].edits) });
  assert.deepEqual(diagnosticsOf(after, 'bootstrap.yaml').filter((d) => d.code === 'build-cycle' || d.code === 'build-cycle-blocked'), []);
});

test('a member stuck behind a cycle of its own cluster names that cycle', () => {
  // c → a → b → a, where c's stage set leaves out a's side but needs b.
  const text = [
    'version: 1',
    'packages:',
    '  a: { build-depends: [b] }',
    '  b: { build-depends: [a, c] }',
    '  c: { build-depends: [b], build-depends-bootstrap1: [] }',
    '',
  ].join('\n');
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  const errors = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle');
  assert.deepEqual([...new Set(errors.map((d) => d.data.package))].sort(), ['a', 'b']);
  for (const d of errors) assert.match(d.message, /^build-dependency cycle: (a → b → a|b → a → b); no build-depends-bootstrapN breaks it$/);
});
