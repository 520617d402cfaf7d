'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');
const { LineIndex } = require('../../server/out/core/document/line-index.js');

const textOf = (doc, range) => doc.text.slice(range.start, range.end);

test('YAML: every pointer maps to its key and value ranges', () => {
  const doc = parseDocument('file:///a.yaml', 'packages:\n  gcc:\n    build-depends: [glibc, "binutils"]\n  glibc: {}\n');
  assert.deepEqual(doc.value, { packages: { gcc: { 'build-depends': ['glibc', 'binutils'] }, glibc: {} } });
  assert.equal(textOf(doc, doc.node('/packages/gcc').keyRange), 'gcc');
  assert.equal(textOf(doc, doc.node('/packages/gcc/build-depends/1').range), '"binutils"');
  assert.equal(textOf(doc, doc.node('/packages/gcc/build-depends').range), '[glibc, "binutils"]');
  assert.equal(doc.node('/packages/gcc/build-depends').flow, true);
  assert.equal(doc.node('/packages').flow, false);
  assert.deepEqual(doc.problems, []);
});

test('JSON with comments: the same pointers and ranges', () => {
  const doc = parseDocument('file:///a.jsonc', '{\n  // c\n  "packages": {"gcc": {"build-depends": ["glibc"]}},\n}');
  assert.deepEqual(doc.value, { packages: { gcc: { 'build-depends': ['glibc'] } } });
  assert.equal(textOf(doc, doc.node('/packages/gcc').keyRange), '"gcc"');
  assert.equal(textOf(doc, doc.node('/packages/gcc/build-depends/0').range), '"glibc"');
  assert.deepEqual(doc.problems, []);
});

test('pointer segments are escaped per RFC 6901', () => {
  const doc = parseDocument('file:///a.yaml', 'a/b:\n  c~d: 1\n');
  assert.equal(doc.node('/a~1b/c~0d').value, 1);
});

test('duplicate keys are reported on the later key, in YAML and JSON, and the first wins', () => {
  const y = parseDocument('file:///a.yaml', 'a: 1\nb: 2\na: 3\n');
  assert.equal(y.problems.length, 1);
  assert.equal(y.problems[0].code, 'duplicate-key');
  assert.equal(y.problems[0].range.start, 10);
  assert.equal(y.value.a, 1);
  const j = parseDocument('file:///a.json', '{"a": 1, "a": 3}');
  assert.equal(j.problems[0].code, 'duplicate-key');
  assert.equal(textOf(j, j.problems[0].range), '"a"');
  assert.equal(j.value.a, 1);
});

test('syntax errors carry a range and a readable message, and a partial tree survives', () => {
  const y = parseDocument('file:///a.yaml', 'packages:\n  gcc: [a, b\n');
  assert.ok(y.problems.length > 0);
  assert.equal(y.problems[0].code, 'syntax');
  assert.ok(!y.problems[0].message.includes('\n'));
  const j = parseDocument('file:///a.json', '{"packages": {"gcc": ');
  assert.ok(j.problems.some((p) => p.code === 'syntax'));
  assert.ok(j.node('/packages'));
});

test('an alias bomb is cut off with one diagnostic, not expanded', () => {
  let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 0; i < 12; i++) {
    const prev = String.fromCharCode(97 + i);
    const name = String.fromCharCode(98 + i);
    text += `${name}: &${name} [${Array(10).fill('*' + prev).join(', ')}]\n`;
  }
  const doc = parseDocument('file:///bomb.yaml', text);
  const limits = doc.problems.filter((p) => p.code === 'alias-limit');
  assert.equal(limits.length, 1);
});

test('aliases resolve to their anchor value', () => {
  const doc = parseDocument('file:///a.yaml', 'common: &c [gcc, make]\npackages:\n  x:\n    build-depends: *c\n');
  assert.deepEqual(doc.value.packages.x['build-depends'], ['gcc', 'make']);
  assert.deepEqual(doc.problems, []);
});

test('deep nesting gives a diagnostic instead of a stack overflow', () => {
  for (const [uri, text] of [
    ['file:///deep.yaml', 'a: ' + '['.repeat(50000) + ']'.repeat(50000)],
    ['file:///deep.json', '{"a": ' + '['.repeat(50000) + ']'.repeat(50000) + '}'],
  ]) {
    const doc = parseDocument(uri, text);
    assert.ok(doc.problems.some((p) => /nested too deeply/.test(p.message)), uri);
  }
});

test('LineIndex counts UTF-16 units and handles CRLF, lone CR, BOM and astral characters', () => {
  const text = '\ufeffa: 1\r\nb: "😀é"\rc: 3\n';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(text.indexOf('b')), { line: 1, character: 0 });
  // 😀 is two UTF-16 units, so the closing quote sits at character 7.
  assert.deepEqual(index.positionAt(text.indexOf('é') + 1), { line: 1, character: 7 });
  assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 2, character: 0 });
  assert.equal(index.offsetAt({ line: 1, character: 99 }), text.indexOf('\r', text.indexOf('b')));
  assert.equal(index.lineText(1), 'b: "😀é"');
  assert.equal(index.eol, '\r\n');
});

test('a BOM does not shift JSON or YAML ranges', () => {
  const y = parseDocument('file:///a.yaml', '\ufeffversion: 1\n');
  assert.deepEqual(y.problems, []);
  assert.equal(textOf(y, y.node('/version').keyRange), 'version');
  const j = parseDocument('file:///a.json', '\ufeff{"version": 1}');
  assert.deepEqual(j.problems, []);
  assert.equal(textOf(j, j.node('/version').keyRange), '"version"');
});

test('nodeAt finds the innermost node under an offset', () => {
  const text = 'packages:\n  gcc:\n    build-depends: [glibc, binutils]\n';
  const doc = parseDocument('file:///a.yaml', text);
  assert.equal(doc.nodeAt(text.indexOf('binutils') + 2).pointer, '/packages/gcc/build-depends/1');
  assert.equal(doc.nodeAt(text.indexOf('gcc') + 1).pointer, '/packages/gcc');
});
