'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { edit, assertCrlf, assertRefused, edits } = require('./helpers');

const { setMember } = edits;

describe('setMember — YAML block maps', () => {
  const base = [
    '# keep me',
    'packages:',
    '  gcc:',
    '    build-depends: [glibc, binutils]   # keep me too',
    '    # about gcc',
    '',
    '  glibc:',
    '    build-depends: [gcc]',
    '  binutils: {}',
    '',
  ].join('\n');

  it('inserts after the last member, before trailing comments and blank lines', () => {
    const r = edit('b.yaml', base, (doc) => setMember(doc, '/packages/gcc', 'build-depends-bootstrap1', ['binutils']));
    assert.equal(r.text, [
      '# keep me',
      'packages:',
      '  gcc:',
      '    build-depends: [glibc, binutils]   # keep me too',
      '    build-depends-bootstrap1: [binutils]',
      '    # about gcc',
      '',
      '  glibc:',
      '    build-depends: [gcc]',
      '  binutils: {}',
      '',
    ].join('\n'));
    assert.deepEqual(r.value.packages.gcc, { 'build-depends': ['glibc', 'binutils'], 'build-depends-bootstrap1': ['binutils'] });
    assert.equal(r.edits.length, 1);
    assert.equal(r.edits[0].range.start, r.edits[0].range.end, 'a pure insertion');
  });

  it('keeps deeper comments with the member they follow', () => {
    const r = edit('b.yaml', base, (doc) => setMember(doc, '/packages', 'aaa', {}, { after: 'gcc' }));
    assert.equal(r.text, [
      '# keep me',
      'packages:',
      '  gcc:',
      '    build-depends: [glibc, binutils]   # keep me too',
      '    # about gcc',
      '  aaa: {}',
      '',
      '  glibc:',
      '    build-depends: [gcc]',
      '  binutils: {}',
      '',
    ].join('\n'));
    assert.deepEqual(Object.keys(r.value.packages), ['gcc', 'aaa', 'glibc', 'binutils']);
  });

  it('places a member after a named sibling', () => {
    const text = 'gcc:\n  build-depends: [a, b]\n  depends: [c]\n';
    const r = edit('b.yaml', text, (doc) => setMember(doc, '/gcc', 'build-depends-bootstrap1', ['a'], { after: 'build-depends' }));
    assert.equal(r.text, 'gcc:\n  build-depends: [a, b]\n  build-depends-bootstrap1: [a]\n  depends: [c]\n');
  });

  it('writes a block sequence when the sibling lists are block sequences, indented like them', () => {
    const text = 'glibc:\n  build-depends:\n  - gcc\n  - tzdata  # c\n';
    const r = edit('b.yaml', text, (doc) => setMember(doc, '/glibc', 'build-depends-bootstrap1', ['tzdata']));
    assert.equal(r.text, 'glibc:\n  build-depends:\n  - gcc\n  - tzdata  # c\n  build-depends-bootstrap1:\n  - tzdata\n');
    const indented = 'glibc:\n    build-depends:\n        - gcc\n';
    const r2 = edit('b.yaml', indented, (doc) => setMember(doc, '/glibc', 'depends', ['x', 'y']));
    assert.equal(r2.text, 'glibc:\n    build-depends:\n        - gcc\n    depends:\n        - x\n        - y\n');
  });

  it('follows the lists of sibling maps when the map has none', () => {
    const text = 'a:\n  bd:\n    - x\nb:\n  description: hi\n';
    const r = edit('b.yaml', text, (doc) => setMember(doc, '/b', 'bd', ['y']));
    assert.equal(r.text, 'a:\n  bd:\n    - x\nb:\n  description: hi\n  bd:\n    - y\n');
  });

  it('turns a null member into a nested block map, keeping its comment', () => {
    const r = edit('b.yaml', 'packages:\n  tzdata:   # keep me\n  zlib: {}\n', (doc) =>
      setMember(doc, '/packages/tzdata', 'build-depends', ['zlib']));
    assert.equal(r.text, 'packages:\n  tzdata:   # keep me\n    build-depends: [zlib]\n  zlib: {}\n');
    const r2 = edit('b.yaml', 'packages:\n  tzdata: ~ # keep me\n', (doc) =>
      setMember(doc, '/packages/tzdata', 'depends', []));
    assert.equal(r2.text, 'packages:\n  tzdata: # keep me\n    depends: []\n');
    assert.deepEqual(r2.value, { packages: { tzdata: { depends: [] } } });
  });

  it('fills an empty flow map in place', () => {
    const r = edit('b.yaml', base, (doc) => setMember(doc, '/packages/binutils', 'build-depends-bootstrap1', ['x']));
    assert.match(r.text, /\n {2}binutils: \{ build-depends-bootstrap1: \[x\] \}\n/);
  });

  it('creates missing parents (createPath)', () => {
    const r = edit('b.yaml', 'version: 1\n', (doc) => setMember(doc, '/packages/gcc', 'build-depends', ['glibc']));
    assert.equal(r.text, 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n');
    const r2 = edit('b.yaml', base, (doc) => setMember(doc, '/packages/zlib', 'depends', ['glibc']));
    assert.equal(r2.text, base.replace('  binutils: {}\n', '  binutils: {}\n  zlib:\n    depends: [glibc]\n'));
    assertRefused(() => setMember(edit('b.yaml', 'a: 1\n', () => []).doc, '/packages', 'x', 1, { createPath: false }), 'not-found');
  });

  it('writes into an empty document', () => {
    const r = edit('b.yaml', '# only a comment', (doc) => setMember(doc, '', 'version', 1));
    assert.equal(r.text, '# only a comment\nversion: 1\n');
    const r2 = edit('b.yaml', '', (doc) => setMember(doc, '/packages', 'gcc', {}));
    assert.equal(r2.text, 'packages:\n  gcc: {}\n');
  });

  it('handles a document without a final newline', () => {
    const r = edit('b.yaml', 'a:\n  b: [x]', (doc) => setMember(doc, '/a', 'c', 'y'));
    assert.equal(r.text, 'a:\n  b: [x]\n  c: y');
  });

  it('does not cut into a keep-chomped block scalar', () => {
    const text = 'a:\n  d: |+\n    text\n\nb: 1\n';
    const r = edit('b.yaml', text, (doc) => setMember(doc, '/a', 'c', 2));
    assert.deepEqual(r.value, { a: { d: 'text\n\n', c: 2 }, b: 1 });
    assert.equal(r.text, 'a:\n  d: |+\n    text\n\n  c: 2\nb: 1\n');
  });

  it('inserts into a compact map inside a sequence item', () => {
    const r = edit('b.yaml', 'list:\n- name: x\n  deps: [a]\n- name: y\n', (doc) => setMember(doc, '/list/0', 'c', ['q']));
    assert.equal(r.text, 'list:\n- name: x\n  deps: [a]\n  c: [q]\n- name: y\n');
  });

  it('detects a four-space indentation', () => {
    const r = edit('b.yaml', 'p:\n    a:\n        bd: [x]\n    c:\n', (doc) => setMember(doc, '/p/c', 'bd', ['y', 'z']));
    assert.equal(r.text, 'p:\n    a:\n        bd: [x]\n    c:\n        bd: [y, z]\n');
  });

  it('quotes strings only when needed', () => {
    const values = ['plain', 'two words', 'yes', '1.0', 'true', 'null', '@/venv/', 'a: b', '#x', 'x #y', '', 'é😀', 'a,b', "it's", '[x]', '- x'];
    const r = edit('b.yaml', 'a: 1\n', (doc) => setMember(doc, '', 'list', values));
    assert.deepEqual(r.value.list, values);
    assert.equal(r.text.split('\n')[1],
      'list: [plain, two words, yes, "1.0", "true", "null", "@/venv/", "a: b", "#x", "x #y", "", é😀, "a,b", it\'s, "[x]", "- x"]');
    const r2 = edit('b.yaml', 'a: 1\n', (doc) => setMember(doc, '', 'text', 'x #y'));
    assert.equal(r2.text, 'a: 1\ntext: "x #y"\n');
    const r3 = edit('b.yaml', "a: 'single'\n", (doc) => setMember(doc, '', 'b', '1.0'));
    assert.equal(r3.text, "a: 'single'\nb: '1.0'\n", 'follows the file\'s quote style');
  });

  it('quotes keys only when needed', () => {
    const r = edit('b.yaml', 'a: 1\n', (doc) => [
      ...setMember(doc, '', 'true', 1),
    ]);
    assert.equal(r.text, 'a: 1\n"true": 1\n');
    assert.deepEqual(r.value, { a: 1, true: 1 });
  });

  it('replaces an existing list by a minimal diff and a scalar keeping its quotes', () => {
    const text = 'gcc:\n  build-depends: [glibc, binutils]\n  description: "old"\n';
    const r = edit('b.yaml', text, (doc) => setMember(doc, '/gcc', 'build-depends', ['binutils']));
    assert.equal(r.text, 'gcc:\n  build-depends: [binutils]\n  description: "old"\n');
    assert.deepEqual(r.edits, [{ range: { start: 23, end: 30 }, newText: '' }], 'deletes `glibc, ` only');
    const r2 = edit('b.yaml', text, (doc) => setMember(doc, '/gcc', 'description', 'new'));
    assert.equal(r2.text, 'gcc:\n  build-depends: [glibc, binutils]\n  description: "new"\n');
    assert.deepEqual(edit('b.yaml', text, (doc) => setMember(doc, '/gcc', 'description', 'old')).edits, []);
  });

  it('switches a value between inline and block layout', () => {
    const r = edit('b.yaml', 'a: [x]  # c\nb: 1\n', (doc) => setMember(doc, '', 'a', { q: [1, 2] }));
    assert.equal(r.text, 'a:  # c\n  q: [1, 2]\nb: 1\n');
    const r2 = edit('b.yaml', 'a:\n  q: 1\n  r: 2\nb: 1\n', (doc) => setMember(doc, '', 'a', 'flat'));
    assert.equal(r2.text, 'a: flat\nb: 1\n');
  });

  it('keeps an anchor on the map it extends', () => {
    const r = edit('b.yaml', 'a: &x\n  b: 1\nc: *x\n', (doc) => setMember(doc, '/a', 'q', 'v'));
    assert.equal(r.text, 'a: &x\n  b: 1\n  q: v\nc: *x\n');
  });

  it('keeps CRLF line breaks', () => {
    const text = 'packages:\r\n  gcc:\r\n    build-depends: [a]\r\n  glibc:\r\n';
    const r = edit('b.yaml', text, (doc) => [
      ...setMember(doc, '/packages/gcc', 'build-depends-bootstrap1', []),
    ]);
    assertCrlf(r.text);
    assert.equal(r.text, 'packages:\r\n  gcc:\r\n    build-depends: [a]\r\n    build-depends-bootstrap1: []\r\n  glibc:\r\n');
    const r2 = edit('b.yaml', text, (doc) => setMember(doc, '/packages/glibc', 'depends', ['a']));
    assertCrlf(r2.text);
    assert.equal(r2.text, 'packages:\r\n  gcc:\r\n    build-depends: [a]\r\n  glibc:\r\n    depends: [a]\r\n');
  });

  it('edits at the right offsets after a BOM and astral characters', () => {
    const text = '\uFEFFpackages:\n  é😀x:\n    build-depends: [ü, b]\n  z: {}\n';
    const r = edit('b.yaml', text, (doc) => setMember(doc, '/packages/é😀x', 'build-depends-bootstrap1', ['😀']));
    assert.equal(r.text, '\uFEFFpackages:\n  é😀x:\n    build-depends: [ü, b]\n    build-depends-bootstrap1: [😀]\n  z: {}\n');
    const r2 = edit('b.yaml', text, (doc) => setMember(doc, '', 'version', 1));
    assert.equal(r2.text, text + 'version: 1\n', 'top-level keys stay at column 0 despite the BOM');
  });
});

describe('setMember — YAML flow maps', () => {
  it('appends before the closing brace on one line', () => {
    const r = edit('f.yaml', 'python: { min: "3.8" }\n', (doc) => setMember(doc, '/python', 'max', '3.12'));
    assert.equal(r.text, 'python: { min: "3.8", max: "3.12" }\n');
    const r2 = edit('f.yaml', 'a: {b: 1}\n', (doc) => setMember(doc, '/a', 'c', [1]));
    assert.equal(r2.text, 'a: {b: 1, c: [1]}\n');
  });

  it('inserts after a named sibling', () => {
    const text = '{packages: {gcc: {build-depends: [glibc]}, glibc: {}}}\n';
    const r = edit('f.yaml', text, (doc) => setMember(doc, '/packages', 'a', {}, { after: 'gcc' }));
    assert.equal(r.text, '{packages: {gcc: {build-depends: [glibc]}, a: {}, glibc: {}}}\n');
    const r2 = edit('f.yaml', text, (doc) => setMember(doc, '/packages/gcc', 'build-depends-bootstrap1', ['x y']));
    assert.equal(r2.text, '{packages: {gcc: {build-depends: [glibc], build-depends-bootstrap1: [x y]}, glibc: {}}}\n');
  });

  it('fills an empty map in the file\'s brace style', () => {
    const r = edit('f.yaml', '{a: {b: 1}, c: {}}\n', (doc) => setMember(doc, '/c', 'd', 'e'));
    assert.equal(r.text, '{a: {b: 1}, c: {d: e}}\n');
    const r2 = edit('f.yaml', 'c: {}\n', (doc) => setMember(doc, '/c', 'd', 'e'));
    assert.equal(r2.text, 'c: { d: e }\n');
  });

  it('keeps multi-line flow maps multi-line, with their trailing comma and comments', () => {
    const text = 'm: {\n  x: 1,  # keep me\n  y: 2\n}\nn: {\n  x: 1,\n}\n';
    const r = edit('f.yaml', text, (doc) => [...setMember(doc, '/m', 'z', 3)]);
    assert.equal(r.text, 'm: {\n  x: 1,  # keep me\n  y: 2,\n  z: 3\n}\nn: {\n  x: 1,\n}\n');
    const r2 = edit('f.yaml', text, (doc) => setMember(doc, '/n', 'z', 3));
    assert.equal(r2.text, 'm: {\n  x: 1,  # keep me\n  y: 2\n}\nn: {\n  x: 1,\n  z: 3,\n}\n');
  });

  it('turns a null inside a flow map into a flow map', () => {
    const r = edit('f.yaml', '{a: ~, b: 1}\n', (doc) => setMember(doc, '/a', 'k', 'v'));
    assert.equal(r.text, '{a: {k: v}, b: 1}\n');
  });
});

describe('setMember — JSON and JSONC', () => {
  const jsonc = [
    '{',
    '  // keep me',
    '  "packages": {',
    '    "gcc": { "build-depends": ["glibc", "binutils"] },',
    '    "glibc": {',
    '      "build-depends": ["gcc"] // keep me too',
    '    },',
    '    "binutils": {},',
    '    "tzdata": null',
    '  }',
    '}',
  ].join('\n');

  it('appends to a single-line object', () => {
    const r = edit('b.jsonc', jsonc, (doc) => setMember(doc, '/packages/gcc', 'build-depends-bootstrap1', ['binutils']));
    assert.equal(r.text, jsonc.replace('"binutils"] },', '"binutils"], "build-depends-bootstrap1": ["binutils"] },'));
  });

  it('appends to a multi-line object, the comma before the comment', () => {
    const r = edit('b.jsonc', jsonc, (doc) => setMember(doc, '/packages/glibc', 'build-depends-bootstrap1', []));
    assert.equal(r.text, jsonc.replace('["gcc"] // keep me too\n',
      '["gcc"], // keep me too\n      "build-depends-bootstrap1": []\n'));
  });

  it('opens an empty object inside a multi-line one', () => {
    const r = edit('b.jsonc', jsonc, (doc) => setMember(doc, '/packages/binutils', 'depends', ['x']));
    assert.equal(r.text, jsonc.replace('"binutils": {},', '"binutils": {\n      "depends": ["x"]\n    },'));
  });

  it('turns null into an object', () => {
    const r = edit('b.jsonc', jsonc, (doc) => setMember(doc, '/packages/tzdata', 'build-depends', []));
    assert.equal(r.text, jsonc.replace('"tzdata": null', '"tzdata": {\n      "build-depends": []\n    }'));
  });

  it('inserts after a named sibling', () => {
    const r = edit('b.json', '{\n  "a": 1,\n  "c": 3\n}\n', (doc) => setMember(doc, '', 'b', 2, { after: 'a' }));
    assert.equal(r.text, '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n');
    assert.deepEqual(Object.keys(r.value), ['a', 'b', 'c']);
  });

  it('creates a missing path with the file\'s indentation', () => {
    const r = edit('b.json', '{\n\t"version": 1\n}\n', (doc) => setMember(doc, '/packages/gcc', 'build-depends', ['a']));
    assert.equal(r.text, '{\n\t"version": 1,\n\t"packages": {\n\t\t"gcc": {\n\t\t\t"build-depends": ["a"]\n\t\t}\n\t}\n}\n');
  });

  it('keeps a trailing comma style', () => {
    const r = edit('b.jsonc', '{\n  "a": 1,\n}\n', (doc) => setMember(doc, '', 'b', 2));
    assert.equal(r.text, '{\n  "a": 1,\n  "b": 2,\n}\n');
  });

  it('writes into an empty file and an empty root', () => {
    assert.equal(edit('b.json', '', (doc) => setMember(doc, '', 'version', 1)).text, '{\n  "version": 1\n}\n');
    assert.equal(edit('b.json', '{}', (doc) => setMember(doc, '', 'version', 1)).text, '{\n  "version": 1\n}');
    assert.equal(edit('b.json', '{"a": {}}', (doc) => setMember(doc, '/a', 'b', 1)).text, '{"a": {"b": 1}}');
    assert.equal(edit('b.json', '{ "x": 1, "a": {} }', (doc) => setMember(doc, '/a', 'b', 1)).text, '{ "x": 1, "a": { "b": 1 } }');
  });

  it('replaces values in place', () => {
    const r = edit('b.json', '{"a": "x", "b": [1, 2]}', (doc) => [...setMember(doc, '', 'a', 'y'), ...setMember(doc, '', 'b', [2])]);
    assert.equal(r.text, '{"a": "y", "b": [2]}');
    const r2 = edit('b.json', '{\n  "a": {"b": 1}\n}', (doc) => setMember(doc, '', 'a', { c: { d: 1 } }));
    assert.equal(r2.text, '{\n  "a": {\n    "c": {\n      "d": 1\n    }\n  }\n}');
  });

  it('keeps CRLF and edits after a BOM and astral characters', () => {
    const text = '\uFEFF{\r\n  "é😀": {"build-depends": ["ü"]}\r\n}\r\n';
    const r = edit('b.json', text, (doc) => [...setMember(doc, '', 'version', 1), ...setMember(doc, '/é😀', 'depends', ['😀'])]);
    assertCrlf(r.text);
    assert.equal(r.text, '\uFEFF{\r\n  "é😀": {"build-depends": ["ü"], "depends": ["😀"]},\r\n  "version": 1\r\n}\r\n');
  });
});

describe('setMember — refusals', () => {
  it('refuses non-objects and bad values', () => {
    const { doc } = edit('b.yaml', 'a: [1]\nb: text\n', () => []);
    assertRefused(() => setMember(doc, '/a', 'x', 1), 'not-an-object');
    assertRefused(() => setMember(doc, '/b', 'x', 1), 'not-an-object');
    assertRefused(() => setMember(doc, '/a/0/q', 'x', 1), 'not-an-object');
    assertRefused(() => setMember(doc, '', 'x', NaN), 'invalid-value');
    assertRefused(() => setMember(doc, '', 'x', undefined), 'invalid-value');
    assertRefused(() => setMember(doc, '', 'x', () => 1), 'invalid-value');
    const { doc: list } = edit('b.json', '[1]', () => []);
    assertRefused(() => setMember(list, '', 'x', 1), 'not-an-object');
  });

  it('handles __proto__ as an ordinary key', () => {
    const r = edit('b.json', '{}', (doc) => setMember(doc, '/a', '__proto__', 1));
    assert.equal(r.text, '{\n  "a": {\n    "__proto__": 1\n  }\n}');
  });
});
