'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { edit, assertCrlf, assertRefused, edits } = require('./helpers');

const { replaceScalar, renameKey, removeMember } = edits;

describe('replaceScalar', () => {
  it('keeps the quoting style in YAML', () => {
    const text = "a: 'x'  # keep me\nb: \"y\"\nc: z\nd: [p, 'q', \"r\"]\n";
    const r = edit('s.yaml', text, (doc) => [
      ...replaceScalar(doc, '/a', "it's"),
      ...replaceScalar(doc, '/b', 'q"'),
      ...replaceScalar(doc, '/c', 'true'),
      ...replaceScalar(doc, '/d/0', 'a,b'),
      ...replaceScalar(doc, '/d/1', 'plain'),
      ...replaceScalar(doc, '/d/2', 'plain'),
    ]);
    // A plain scalar that must be quoted gets the file's most used quote (a tie: the first one seen).
    assert.equal(r.text, "a: 'it''s'  # keep me\nb: \"q\\\"\"\nc: 'true'\nd: ['a,b', 'plain', \"plain\"]\n");
    assert.deepEqual(r.value, { a: "it's", b: 'q"', c: 'true', d: ['a,b', 'plain', 'plain'] });
  });

  it('writes plain when it can, and other types bare', () => {
    const text = 'a: x\nb: 1\nc: "s"\n';
    const r = edit('s.yaml', text, (doc) => [...replaceScalar(doc, '/a', 'gcc'), ...replaceScalar(doc, '/b', 2), ...replaceScalar(doc, '/c', null)]);
    assert.equal(r.text, 'a: gcc\nb: 2\nc: null\n');
    assert.deepEqual(r.edits.map((e) => e.range), [{ start: 3, end: 4 }, { start: 8, end: 9 }, { start: 13, end: 16 }]);
  });

  it('replaces a block scalar, an empty value and an alias', () => {
    assert.equal(edit('s.yaml', 'a: |\n  x\n  y\nb: 1\n', (doc) => replaceScalar(doc, '/a', 'z')).text, 'a: z\nb: 1\n');
    assert.equal(edit('s.yaml', 'a:   # keep me\nb: 1\n', (doc) => replaceScalar(doc, '/a', 'z')).text, 'a: z   # keep me\nb: 1\n');
    assert.equal(edit('s.yaml', 'a: &x 1\nb: *x\n', (doc) => replaceScalar(doc, '/b', 2)).text, 'a: &x 1\nb: 2\n');
    assert.equal(edit('s.yaml', '- \n- a\n', (doc) => replaceScalar(doc, '/0', 'q')).text, '- q\n- a\n');
  });

  it('writes JSON strings in double quotes', () => {
    const text = '{\n  // keep me\n  "a": "x", "b": 1\n}';
    const r = edit('s.jsonc', text, (doc) => [...replaceScalar(doc, '/a', 'é "😀"'), ...replaceScalar(doc, '/b', false)]);
    assert.equal(r.text, '{\n  // keep me\n  "a": "é \\"😀\\"", "b": false\n}');
  });

  it('edits at the right offsets after a BOM and astral characters, keeping CRLF', () => {
    const text = '\uFEFF😀: é😀\r\nb: x\r\n';
    const r = edit('s.yaml', text, (doc) => [...replaceScalar(doc, '/😀', 'ü'), ...replaceScalar(doc, '/b', '😀')]);
    assert.equal(r.text, '\uFEFF😀: ü\r\nb: 😀\r\n');
    assertCrlf(r.text);
  });

  it('refuses containers and missing nodes', () => {
    const { doc } = edit('s.yaml', 'a: [1]\n', () => []);
    assertRefused(() => replaceScalar(doc, '/a', 1), 'not-a-scalar');
    assertRefused(() => replaceScalar(doc, '/b', 1), 'not-found');
    assertRefused(() => replaceScalar(doc, '/a/0', Infinity), 'invalid-value');
  });
});

describe('renameKey', () => {
  it('keeps the quoting style of the key', () => {
    const text = "plain: 1\n'single': 2\n\"double\": 3\n";
    const r = edit('k.yaml', text, (doc) => [
      ...renameKey(doc, '/plain', 'gcc-12'),
      ...renameKey(doc, '/single', 'x'),
      ...renameKey(doc, '/double', 'y'),
    ]);
    assert.equal(r.text, "gcc-12: 1\n'x': 2\n\"y\": 3\n");
    const r2 = edit('k.yaml', 'a: 1\n', (doc) => renameKey(doc, '/a', 'b: c'));
    assert.equal(r2.text, '"b: c": 1\n');
    const r3 = edit('k.yaml', '{a: 1, b: 2}\n', (doc) => renameKey(doc, '/a', 'x,y'));
    assert.equal(r3.text, '{"x,y": 1, b: 2}\n');
  });

  it('renames JSON keys in place, keeping comments', () => {
    const text = '{\n  // keep me\n  "gcc": {"build-depends": []} // keep me too\n}\n';
    const r = edit('k.jsonc', text, (doc) => renameKey(doc, '/gcc', 'gcc-😀'));
    assert.equal(r.text, '{\n  // keep me\n  "gcc-😀": {"build-depends": []} // keep me too\n}\n');
    assert.deepEqual(r.edits, [{ range: { start: 17, end: 22 }, newText: '"gcc-😀"' }]);
  });

  it('renames after a BOM and astral characters', () => {
    const text = '\uFEFFpackages:\r\n  é😀: {}\r\n  b: {}\r\n';
    const r = edit('k.yaml', text, (doc) => renameKey(doc, '/packages/b', 'ü😀'));
    assert.equal(r.text, '\uFEFFpackages:\r\n  é😀: {}\r\n  ü😀: {}\r\n');
  });

  it('refuses a duplicate and non-members', () => {
    const { doc } = edit('k.yaml', 'a: [1]\nb: 2\n', () => []);
    assertRefused(() => renameKey(doc, '/a', 'b'), 'duplicate-key');
    assertRefused(() => renameKey(doc, '/a/0', 'b'), 'not-a-member');
    assertRefused(() => renameKey(doc, '/c', 'd'), 'not-found');
    assert.deepEqual(renameKey(doc, '/a', 'a'), []);
  });
});

describe('removeMember', () => {
  it('removes a block member with its nested lines', () => {
    const text = 'packages:\n  # keep me\n  gcc:\n    build-depends: [a]\n    # about gcc\n  glibc: {}\n';
    assert.equal(edit('m.yaml', text, (doc) => removeMember(doc, '/packages/glibc')).text,
      'packages:\n  # keep me\n  gcc:\n    build-depends: [a]\n    # about gcc\n');
    assert.equal(edit('m.yaml', text, (doc) => removeMember(doc, '/packages/gcc/build-depends')).text,
      'packages:\n  # keep me\n  gcc: {}\n    # about gcc\n  glibc: {}\n');
  });

  it('removes flow and JSON members', () => {
    assert.equal(edit('m.yaml', '{a: 1, b: 2, c: 3}\n', (doc) => removeMember(doc, '/b')).text, '{a: 1, c: 3}\n');
    assert.equal(edit('m.yaml', '{a: 1, b: 2, c: 3}\n', (doc) => removeMember(doc, '/c')).text, '{a: 1, b: 2}\n');
    const json = '{\n  "a": 1, // keep me\n  "b": 2\n}';
    assert.equal(edit('m.jsonc', json, (doc) => removeMember(doc, '/b')).text, '{\n  "a": 1 // keep me\n}');
  });
});
