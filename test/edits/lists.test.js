'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { edit, assertCrlf, assertRefused, edits } = require('./helpers');

const { replaceList, removeArrayItem, appendArrayItem } = edits;

describe('removeArrayItem', () => {
  it('deletes `b, ` from a flow list, `, c` at its end', () => {
    const text = 'deps: [a, b, c]  # keep me\n';
    const r = edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/1'));
    assert.deepEqual(r.edits, [{ range: { start: 10, end: 13 }, newText: '' }]);
    assert.equal(r.text, 'deps: [a, c]  # keep me\n');
    assert.equal(edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/2')).text, 'deps: [a, b]  # keep me\n');
    assert.equal(edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/0')).text, 'deps: [b, c]  # keep me\n');
    assert.equal(edit('l.yaml', 'deps: [a]\n', (doc) => removeArrayItem(doc, '/deps/0')).text, 'deps: []\n');
  });

  it('deletes the line of a block item, with its own comment only', () => {
    const text = 'deps:\n  # keep me\n  - a  # about a\n  - b\n  # keep me too\n  - c\nx: 1\n';
    assert.equal(edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/0')).text,
      'deps:\n  # keep me\n  - b\n  # keep me too\n  - c\nx: 1\n');
    assert.equal(edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/2')).text,
      'deps:\n  # keep me\n  - a  # about a\n  - b\n  # keep me too\nx: 1\n');
  });

  it('leaves `key: []` when the only block item goes', () => {
    const r = edit('l.yaml', 'deps:  # keep me\n  - a\nx: 1\n', (doc) => removeArrayItem(doc, '/deps/0'));
    assert.equal(r.text, 'deps: []  # keep me\nx: 1\n');
    assert.deepEqual(r.value, { deps: [], x: 1 });
    assert.equal(edit('l.yaml', '- - a\n- c\n', (doc) => removeArrayItem(doc, '/0/0')).text, '- []\n- c\n');
    assert.equal(edit('l.yaml', '- - a\n  - b\n- c\n', (doc) => removeArrayItem(doc, '/0/0')).text, '- - b\n- c\n');
  });

  it('keeps a file without a final newline that way', () => {
    assert.equal(edit('l.yaml', 'a:\n  - b\n  - c', (doc) => removeArrayItem(doc, '/a/1')).text, 'a:\n  - b');
  });

  it('removes items of multi-line flow lists line by line', () => {
    const text = 'deps: [\n  a,   # first\n  b,\n  c    # last\n]\n';
    assert.equal(edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/0')).text, 'deps: [\n  b,\n  c    # last\n]\n');
    assert.equal(edit('l.yaml', text, (doc) => removeArrayItem(doc, '/deps/2')).text, 'deps: [\n  a,   # first\n  b\n]\n');
  });

  it('removes JSON items, keeping comments and trailing commas', () => {
    const text = '{\n  // keep me\n  "a": [\n    "x", // about x\n    // keep me too\n    "y",\n  ],\n  "b": ["p", "q"]\n}\n';
    assert.equal(edit('l.jsonc', text, (doc) => removeArrayItem(doc, '/a/0')).text,
      '{\n  // keep me\n  "a": [\n    // keep me too\n    "y",\n  ],\n  "b": ["p", "q"]\n}\n');
    assert.equal(edit('l.jsonc', text, (doc) => removeArrayItem(doc, '/a/1')).text,
      '{\n  // keep me\n  "a": [\n    "x", // about x\n    // keep me too\n  ],\n  "b": ["p", "q"]\n}\n');
    assert.equal(edit('l.jsonc', text, (doc) => removeArrayItem(doc, '/b/1')).text,
      '{\n  // keep me\n  "a": [\n    "x", // about x\n    // keep me too\n    "y",\n  ],\n  "b": ["p"]\n}\n');
    assert.equal(edit('l.json', '{"a": ["x"]}', (doc) => removeArrayItem(doc, '/a/0')).text, '{"a": []}');
    assert.equal(edit('l.json', '{"a": [\n  "x"\n]}', (doc) => removeArrayItem(doc, '/a/0')).text, '{"a": []}');
  });

  it('refuses what is not an item', () => {
    const { doc } = edit('l.yaml', 'a: {b: 1}\n', () => []);
    assertRefused(() => removeArrayItem(doc, '/a/b'), 'not-an-item');
    assertRefused(() => removeArrayItem(doc, '/a/c'), 'not-found');
  });
});

describe('appendArrayItem', () => {
  it('appends to flow lists and JSON arrays', () => {
    assert.equal(edit('l.yaml', 'deps: [a, b]  # keep me\n', (doc) => appendArrayItem(doc, '/deps', 'c d')).text,
      'deps: [a, b, c d]  # keep me\n');
    assert.equal(edit('l.yaml', 'deps: []\n', (doc) => appendArrayItem(doc, '/deps', 'x,y')).text, 'deps: ["x,y"]\n');
    assert.equal(edit('l.json', '{"deps": ["a"]}', (doc) => appendArrayItem(doc, '/deps', 'b')).text, '{"deps": ["a", "b"]}');
    assert.equal(edit('l.json', '{"deps": []}', (doc) => appendArrayItem(doc, '/deps', 1)).text, '{"deps": [1]}');
  });

  it('appends a line to block lists', () => {
    const text = 'deps:\n  - a\n  - b  # keep me\nx: 1\n';
    assert.equal(edit('l.yaml', text, (doc) => appendArrayItem(doc, '/deps', 'c')).text,
      'deps:\n  - a\n  - b  # keep me\n  - c\nx: 1\n');
    assert.equal(edit('l.yaml', 'deps:\n- a', (doc) => appendArrayItem(doc, '/deps', 'true')).text, 'deps:\n- a\n- "true"');
  });

  it('creates a missing or null list', () => {
    assert.equal(edit('l.yaml', 'gcc:\n  deps:\n', (doc) => appendArrayItem(doc, '/gcc/deps', 'a')).text, 'gcc:\n  deps: [a]\n');
    assert.equal(edit('l.yaml', 'gcc: {}\n', (doc) => appendArrayItem(doc, '/gcc/deps', 'a')).text, 'gcc: { deps: [a] }\n');
    assert.equal(edit('l.json', '{"gcc": {"deps": null}}', (doc) => appendArrayItem(doc, '/gcc/deps', 'a')).text, '{"gcc": {"deps": ["a"]}}');
  });

  it('refuses a non-list', () => {
    const { doc } = edit('l.yaml', 'a: 1\n', () => []);
    assertRefused(() => appendArrayItem(doc, '/a', 'x'), 'not-an-array');
  });
});

describe('replaceList', () => {
  it('touches only what changes in a flow list', () => {
    const r = edit('l.yaml', 'deps: [glibc, binutils, zlib]\n', (doc) => replaceList(doc, '/deps', ['glibc', 'zlib']));
    assert.deepEqual(r.edits, [{ range: { start: 14, end: 24 }, newText: '' }]);
    assert.equal(r.text, 'deps: [glibc, zlib]\n');
    const r2 = edit('l.yaml', 'deps: [a, glibc, q, binutils]\n', (doc) => replaceList(doc, '/deps', ['glibc', 'x', 'binutils', 'z']));
    assert.equal(r2.text, 'deps: [glibc, x, binutils, z]\n');
    assert.deepEqual(r2.value.deps, ['glibc', 'x', 'binutils', 'z']);
  });

  it('keeps block items, their indentation and comments', () => {
    const text = 'deps:\n    - a   # keep a\n    - "b" # keep b\n    - c\nx: 1\n';
    const r = edit('l.yaml', text, (doc) => replaceList(doc, '/deps', ['new', 'a', 'B', 'd']));
    assert.equal(r.text, 'deps:\n    - new\n    - a   # keep a\n    - "B" # keep b\n    - d\nx: 1\n');
    const r2 = edit('l.yaml', text, (doc) => replaceList(doc, '/deps', []));
    assert.equal(r2.text, 'deps: []\nx: 1\n');
    const r3 = edit('l.yaml', text, (doc) => replaceList(doc, '/deps', ['b', 'c']));
    assert.equal(r3.text, 'deps:\n    - "b" # keep b\n    - c\nx: 1\n');
  });

  it('fills an empty list and empties a full one', () => {
    assert.equal(edit('l.yaml', 'deps: []\n', (doc) => replaceList(doc, '/deps', ['a', 'b'])).text, 'deps: [a, b]\n');
    assert.equal(edit('l.json', '{"deps": ["a", "b"]}', (doc) => replaceList(doc, '/deps', [])).text, '{"deps": []}');
    assert.deepEqual(edit('l.json', '{"deps": ["a"]}', (doc) => replaceList(doc, '/deps', ['a'])).edits, []);
  });

  it('works on multi-line JSON lists', () => {
    const text = '{\n  "deps": [\n    "a",\n    "b" // keep me\n  ]\n}';
    const r = edit('l.jsonc', text, (doc) => replaceList(doc, '/deps', ['a', 'b', 'c']));
    assert.equal(r.text, '{\n  "deps": [\n    "a",\n    "b", // keep me\n    "c"\n  ]\n}');
    const r2 = edit('l.jsonc', text, (doc) => replaceList(doc, '/deps', ['z', 'b']));
    assert.equal(r2.text, '{\n  "deps": [\n    "z",\n    "b" // keep me\n  ]\n}');
  });

  it('creates a missing list', () => {
    const r = edit('l.yaml', 'packages:\n  gcc:\n    description: x\n', (doc) => replaceList(doc, '/packages/gcc/build-depends', ['a']));
    assert.equal(r.text, 'packages:\n  gcc:\n    description: x\n    build-depends: [a]\n');
  });

  it('keeps CRLF', () => {
    const text = 'deps:\r\n  - a\r\n  - b\r\nx:\r\n  - q\r\n';
    const r = edit('l.yaml', text, (doc) => [...replaceList(doc, '/deps', ['b', 'c']), ...replaceList(doc, '/x', [])]);
    assertCrlf(r.text);
    assert.equal(r.text, 'deps:\r\n  - b\r\n  - c\r\nx: []\r\n');
  });

  it('edits at the right offsets after a BOM and astral characters', () => {
    const text = '\uFEFF{"😀": ["é", "😀😀", "ü"]}';
    const r = edit('l.json', text, (doc) => replaceList(doc, '/😀', ['é', 'ü', '😀']));
    assert.equal(r.text, '\uFEFF{"😀": ["é", "ü", "😀"]}');
    const y = '\uFEFF😀: [é, 😀😀, ü]\n';
    assert.equal(edit('l.yaml', y, (doc) => replaceList(doc, '/😀', ['é', 'ü'])).text, '\uFEFF😀: [é, ü]\n');
  });

  it('refuses a non-list and non-scalar items', () => {
    const { doc } = edit('l.yaml', 'a: {b: 1}\n', () => []);
    assertRefused(() => replaceList(doc, '/a', ['x']), 'not-an-array');
    assertRefused(() => replaceList(doc, '/a/b', ['x']), 'not-an-array');
    assertRefused(() => replaceList(doc, '/q', [{}]), 'invalid-value');
  });
});
