'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf } = require('../helpers/analyze');
const { applyEdits } = require('../../server/out/core/edits/index.js');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');

test('an unknown package is reported on the list item, with did-you-mean and declare fixes', () => {
  const text = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibcc]\n  glibc: {}\n';
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['unknown-package', 'glibcc']]);
  const [d] = diagnosticsOf(a, 'bootstrap.yaml');
  assert.match(d.message, /did you mean 'glibc'/);
  assert.deepEqual(d.fixes.map((f) => f.title), ["Change to 'glibc'", "Declare package 'glibcc'"]);
  assert.equal(d.fixes[0].isPreferred, true);
  assert.equal(applyEdits(text, d.fixes[0].changes[0].edits), text.replace('glibcc', 'glibc'));
  const declared = parseDocument('file:///x.yaml', applyEdits(text, d.fixes[1].changes[0].edits));
  assert.deepEqual(declared.problems, []);
  assert.ok(declared.value.packages.glibcc !== undefined);
});

test('did-you-mean never suggests the package itself nor a name its list already has', () => {
  const text = 'version: 1\npackages:\n  gcc:\n    build-depends: [gcd, gdb]\n  gdb: {}\n  gcx: {}\n';
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  const [d] = diagnosticsOf(a, 'bootstrap.yaml');
  assert.equal(d.code, 'unknown-package');
  // gcc (itself: the fix would make a self-loop) and gdb (already listed) are not offered; gcx is.
  assert.deepEqual(d.data.suggestions, ['gcx']);
  assert.match(d.message, /did you mean 'gcx'/);
  assert.deepEqual(d.fixes.map((f) => f.title), ["Change to 'gcx'", "Declare package 'gcd'"]);
});

test('unknown names in stage installs and imports are reported too', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'version: 1\nstages:\n  a:\n    installs: [pyyml]\n  b:\n    imports: [pyyaml]\npackages:\n  pyyaml: {}\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['unknown-package', 'pyyml'], ['import-not-installed', 'pyyaml']]);
});

test('a package declared in two included files is a duplicate, shown on the later key', () => {
  const a = analyzeFiles({
    'bootstrap.yaml': 'version: 1\ninclude: [more.bootstrap.yaml]\npackages:\n  gcc: {}\n',
    'more.bootstrap.yaml': 'version: 1\npackages:\n  gcc: {}\n',
  });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), []);
  assert.deepEqual(shown(a, 'more.bootstrap.yaml'), [['duplicate-package', 'gcc']]);
  const [d] = diagnosticsOf(a, 'more.bootstrap.yaml');
  assert.equal(d.related[0].uri, 'file:///ws/bootstrap.yaml');
});

test('includes: missing, outside the root, not a bootstrap file', () => {
  const a = analyzeFiles({
    'bootstrap.yaml': 'version: 1\ninclude:\n  - gone.bootstrap.yaml\n  - ../outside.bootstrap.yaml\n  - notes.yaml\n',
    'notes.yaml': 'x: 1\n',
  });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['include-missing', 'gone.bootstrap.yaml'],
    ['include-outside-root', '../outside.bootstrap.yaml'],
    ['include-not-bootstrap', 'notes.yaml'],
  ]);
});

test('a cycle of includes terminates and analyses each file once', () => {
  const a = analyzeFiles({
    'bootstrap.yaml': 'version: 1\ninclude: [b.bootstrap.yaml]\npackages:\n  x: { build-depends: [y] }\n',
    'b.bootstrap.yaml': 'version: 1\ninclude: [bootstrap.yaml]\npackages:\n  y: {}\n',
  });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), []);
  assert.deepEqual(shown(a, 'b.bootstrap.yaml'), []);
});

test('syntax errors and duplicate keys are diagnostics', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': 'version: 1\npackages:\n  a: {}\n  a: {}\n' });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['duplicate-key', 'a']]);
  const b = analyzeFiles({ 'bootstrap.json': '{"version": 1, "packages": {' });
  assert.ok(diagnosticsOf(b, 'bootstrap.json').some((d) => d.code === 'syntax'));
});

test('severity overrides change or drop a code', () => {
  const files = { 'bootstrap.yaml': 'version: 1\npackages:\n  gcc: { build-depends: [nope] }\n' };
  assert.equal(diagnosticsOf(analyzeFiles(files, { severity: { 'unknown-package': 'warning' } }), 'bootstrap.yaml')[0].severity, 'warning');
  assert.deepEqual(diagnosticsOf(analyzeFiles(files, { severity: { 'unknown-package': 'off' } }), 'bootstrap.yaml'), []);
});
