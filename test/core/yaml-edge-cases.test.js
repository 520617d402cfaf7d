'use strict';
// Inputs an end-to-end audit found mishandled: lone-CR line breaks, a
// package named __proto__, and values without a plain form (a !!set, an
// alias into its own anchor) in schema messages.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf } = require('../helpers/analyze');

test('lone \\r line breaks parse as YAML 1.2 says, with offsets unchanged', () => {
  const text = 'version: 1\rpackages:\r  gcc: {build-depends: [glibc]}\r  glibc: {build-depends: [gcc]}\r';
  assert.deepEqual(shown(analyzeFiles({ 'bootstrap.yaml': text }), 'bootstrap.yaml'), [['build-cycle', 'glibc'], ['build-cycle', 'gcc']]);
  // Mixed with \r\n, and inside a block scalar.
  const mixed = 'version: 1\r\npackages:\r  gcc:\r\n    description: |\r      line one\r      line two\r  glibc: {}\r';
  assert.deepEqual(shown(analyzeFiles({ 'bootstrap.yaml': mixed }), 'bootstrap.yaml'), []);
});

test('a package named __proto__ is an invalid name on its key, not a prototype', () => {
  for (const [name, text, under] of [
    ['bootstrap.yaml', 'version: 1\npackages:\n  __proto__:\n    build-depends: [x]\n  x: {}\n', '__proto__'],
    ['bootstrap.json', '{"version": 1, "packages": {"__proto__": {"build-depends": ["x"]}, "x": {}}}', '"__proto__"'],
  ]) {
    const a = analyzeFiles({ [name]: text });
    assert.deepEqual(shown(a, name), [['schema', under]], name);
    assert.match(diagnosticsOf(a, name)[0].message, /'__proto__' is not a valid package name/);
  }
});

test('a value without a plain form is named as such in schema messages', () => {
  for (const text of ['version: 1\npackages: !!set {a, b}\n', 'version: 1\npackages: &p\n  a: *p\n']) {
    const messages = diagnosticsOf(analyzeFiles({ 'bootstrap.yaml': text }), 'bootstrap.yaml').map((d) => d.message);
    assert.ok(messages.length > 0, text);
    for (const m of messages) assert.doesNotMatch(m, /undefined/, m);
    assert.match(messages[0], /must be a mapping, not a value strap cannot read/);
  }
});
