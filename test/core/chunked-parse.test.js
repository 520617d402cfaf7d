'use strict';
// The chunked YAML parse must give exactly the whole-text parse's document, or decline.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { parseDocument, assembleDocument } = require('../../server/out/core/document/parsed-document.js');
const { parseYamlChunked, CHUNKED_PARSE_THRESHOLD, DEFAULT_CHUNK_SIZE } = require('../../server/out/core/document/chunked-parse.js');
const { generate } = require('../../bench/generate.js');

const URI = 'file:///a.bootstrap.yaml';
const whole = (text) => parseDocument(URI, text, 'yaml', false);

/** The chunked parse as a document, or undefined when it declines. */
function chunked(text, chunkSize) {
  const pieces = parseYamlChunked(text, chunkSize);
  return pieces && assembleDocument(URI, 'yaml', text, pieces.root, [], false);
}

/** Asserts two documents are the same, node by node. */
function assertSameDocument(actual, expected) {
  assert.equal(actual.text, expected.text);
  assert.deepEqual(actual.problems, expected.problems);
  assert.equal(actual.hasAliases, expected.hasAliases);
  assert.deepEqual(actual.value, expected.value);
  assert.equal(actual.lineIndex.lineCount, expected.lineIndex.lineCount);
  if (!expected.root) {
    assert.equal(actual.root, undefined);
    return;
  }
  let count = 0;
  const stack = [[actual.root, expected.root]];
  while (stack.length) {
    const [a, e] = stack.pop();
    count++;
    const at = `at '${e.pointer}'`;
    assert.equal(a.pointer, e.pointer, at);
    assert.equal(a.kind, e.kind, at);
    assert.deepEqual(a.range, e.range, `range ${at}`);
    assert.deepEqual(a.keyRange, e.keyRange, `keyRange ${at}`);
    assert.equal(a.key, e.key, at);
    assert.equal(a.index, e.index, at);
    assert.equal(a.flow, e.flow, at);
    assert.equal(a.parent?.pointer, e.parent?.pointer, `parent ${at}`);
    assert.deepEqual(a.value, e.value, `value ${at}`);
    assert.equal(a.children.length, e.children.length, `children ${at}`);
    assert.equal(actual.node(a.pointer), a, `pointer map ${at}`);
    // Containers assemble their value from their children's values (shared, not copied).
    if (a.kind === 'object') assert.deepEqual(Object.keys(a.value), Object.keys(e.value), `key order ${at}`);
    for (let i = 0; i < a.children.length; i++) {
      const c = a.children[i];
      assert.equal(c.parent, a, `parent link of ${c.pointer}`);
      if (a.kind === 'object' && c.key !== '__proto__') assert.equal(a.value[c.key], c.value, `shared value of ${c.pointer}`);
      if (a.kind === 'array') assert.equal(a.value[i], c.value, `shared value of ${c.pointer}`);
      stack.push([c, e.children[i]]);
    }
  }
  // innermost node lookups agree too, at a sample of offsets
  for (let offset = 0; offset <= expected.text.length; offset += Math.max(1, Math.floor(expected.text.length / 200))) {
    assert.equal(actual.nodeAt(offset)?.pointer, expected.nodeAt(offset)?.pointer, `nodeAt(${offset})`);
  }
  return count;
}

const SIZES = [1, 40, 200, 4096, DEFAULT_CHUNK_SIZE];

/** The chunked parse must not decline and must equal the whole parse, at several chunk sizes. */
function assertChunkedEqual(text, sizes = SIZES) {
  const expected = whole(text);
  for (const size of sizes) {
    const doc = chunked(text, size);
    assert.ok(doc, `the chunked parse declined (chunk size ${size})`);
    assertSameDocument(doc, expected);
  }
  // and parseDocument's own choice gives the same
  assertSameDocument(parseDocument(URI, text, 'yaml', true), expected);
  return expected;
}

/** The chunked parse must decline, and parseDocument must still give the whole parse's answer. */
function assertDeclines(text, sizes = SIZES) {
  for (const size of sizes) assert.equal(parseYamlChunked(text, size), undefined, `chunk size ${size} should decline`);
  assertSameDocument(parseDocument(URI, text, 'yaml', true), whole(text));
}

test('generated documents: equal below and above the threshold, several seeds', () => {
  for (const [n, seed] of [[30, 1], [150, 2], [400, 3], [250, 7]]) {
    const { text } = generate(n, { seed });
    assertChunkedEqual(text, [1, 300, 2048, DEFAULT_CHUNK_SIZE]);
  }
  const { text } = generate(1800, { seed: 5 });
  assert.ok(text.length > CHUNKED_PARSE_THRESHOLD, 'a document above the threshold');
  const expected = whole(text);
  assertSameDocument(parseDocument(URI, text), expected);
  assertSameDocument(chunked(text, DEFAULT_CHUNK_SIZE), expected);
});

test('the examples parse equal, or decline when the whole parse has problems', () => {
  const dir = path.join(__dirname, '../../examples');
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (/\.ya?ml$/.test(e.name)) files.push(path.join(d, e.name));
    }
  };
  walk(dir);
  assert.ok(files.length >= 4);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const expected = whole(text);
    if (expected.problems.length || expected.hasAliases) assertDeclines(text);
    else assertChunkedEqual(text);
  }
});

test('the Debian fixture import parses equal', async () => {
  const deb = require('../../server/out/import/debian/index.js');
  const fixtures = path.join(__dirname, '..', 'fixtures', 'debian');
  const { text } = await deb.importDebian({ sources: path.join(fixtures, 'Sources'), packages: path.join(fixtures, 'Packages') });
  const expected = assertChunkedEqual(text, [1, 1000, DEFAULT_CHUNK_SIZE]);
  assert.ok(Object.keys(expected.value.packages).length > 100);
});

const TRICKY = `# leading comment

version: 1
python: { min: "3.8" }
# between top-level entries
envs:
  main: { manager: venv, path: "@/venv/", python: "3.11" }

  # a comment between members
  tools:
    manager: micromamba
    channels: [conda-forge,
      bioconda,
      defaults]
# a comment at column 0 inside a section
  empty:
  empty-with-comment:   # nothing here
packages:
  "0xffff":
    description: "a quoted
      multi-line description"
  '2048':
    description: 'single quoted
      over two lines'
  gcc:
    description: |
      The GNU compiler collection.

      Keep this.

  glibc:
    description: |+
      kept trailing lines


  # a comment after a keep block scalar
  libé-😀:
    description: >-
      folded
      text — non-ASCII 字
    build-depends:
    - m4
    - perl
  m4:
    build-depends:
      - { name: a, x: [1, 2] }
      - plain
        continued plain scalar
  perl:
    description: plain
      multi-line plain
    nested:
      deeper:
        deepest: [a, b]
  zlib:
stages:
  s1:
    interpreter: host
list:
- a
- b
last: |-
  block at the end
`;

test('hand-written tricky shapes parse equal', () => {
  const expected = assertChunkedEqual(TRICKY);
  assert.deepEqual(expected.problems, []);
  assert.equal(expected.value.packages['0xffff'].description, 'a quoted multi-line description');
  assert.equal(expected.value.packages.glibc.description, 'kept trailing lines\n\n\n');
  assert.deepEqual(expected.value.list, ['a', 'b']);
  // CRLF, a byte-order mark, no final line break, members indented by four
  assertChunkedEqual(TRICKY.replace(/\n/g, '\r\n'));
  assertChunkedEqual('\ufeff' + TRICKY);
  assertChunkedEqual('\ufeff' + TRICKY.replace(/\n/g, '\r\n'));
  assertChunkedEqual(TRICKY.slice(0, -1));
  assertChunkedEqual(TRICKY.replace(/\n {2}/g, '\n    ').replace(/\n {6}/g, '\n        '));
  assertChunkedEqual('a:\n  b:\n  c:\n');
  assertChunkedEqual('a:\n  b: |\n    x\n\n\nc: 1');
  assertChunkedEqual('packages:\n  gcc:\n  - a\n  - b\n  glibc: {}\n');
  assertChunkedEqual('"quoted top": 1\nplain top: {a: 1}\n\'single\': [a]\n');
});

const DECLINE = {
  'an anchor and alias': 'packages:\n  gcc: &g {a: 1}\n  glibc: *g\n',
  'an alias to an anchor in another chunk': 'a: &x 1\nb:\n  c: *x\n',
  'a syntax error': 'packages:\n  gcc:\n    build-depends: [a, b\n  glibc: {}\n',
  'a warning (unresolved tag)': 'packages:\n  gcc: !foo x\n',
  'a tag': 'packages:\n  gcc: !!str 1\n  glibc: {}\n',
  'duplicate member keys across chunks': 'packages:\n  gcc: {}\n  glibc: {}\n  gcc: {a: 1}\n',
  'duplicate top-level keys': 'packages:\n  gcc: {}\nversion: 1\npackages:\n  glibc: {}\n',
  'a directive': '%YAML 1.2\n---\na: 1\n',
  'a document start marker': '---\na: 1\nb: 2\n',
  'a document end marker': 'a: 1\n...\n',
  'a root flow mapping': '{a: 1, b: 2}\n',
  'a root sequence': '- a\n- b\n',
  'a root scalar': 'hello\n',
  'an indented root': '  a: 1\n  b: 2\n',
  'a tab in indentation': 'a:\n\tb: 1\n',
  'a lone carriage return': 'a: 1\rb: 2\n',
  'an empty document': '# only a comment\n',
};

// Lines at a section's member indentation that do not start a member: a cut
// there must decline (chunk size 1 cuts at every member line); parsed in one
// chunk, the section may still be taken, and then it must be equal.
const DECLINE_WHEN_CUT = {
  'a quoted scalar continuing at member indentation': 'packages:\n  gcc: "a\n  glibc: b"\n  m4: {}\n',
  'a flow list continuing at member indentation': 'packages:\n  gcc: [a,\n  glibc]\n  m4: {}\n',
  'a plain scalar line at member indentation': 'packages:\n  gcc: a\n  glibc\n  m4: {}\n',
  'an explicit key': 'packages:\n  ? gcc\n  : 1\n  m4: {}\n',
  'an empty key': 'packages:\n  : 1\n  m4: {}\n',
  'an explicit top-level key': 'a: 1\n? b\n: 2\n',
  'a less indented member': 'packages:\n    gcc: 1\n  m4: {}\n',
  // Found by the random-edit property: yaml reads the member's content after a
  // column-0 comment differently inside `packages:` than in a chunk of its own.
  'a member continuing after a less indented comment': 'packages:\n  gcc:\n#a   description: |\n      text\n  glibc: {}\n',
};

test('unusual documents decline, and parseDocument still gives the whole parse', () => {
  for (const [name, text] of Object.entries(DECLINE)) {
    try {
      assertDeclines(text);
      assertDeclines(text.replace(/\n/g, '\r\n'));
    } catch (error) {
      error.message = `${name}: ${error.message}`;
      throw error;
    }
  }
  for (const [name, text] of Object.entries(DECLINE_WHEN_CUT)) {
    try {
      assertDeclines(text, [1]);
      for (const size of [4096, DEFAULT_CHUNK_SIZE]) {
        const doc = chunked(text, size);
        if (doc) assertSameDocument(doc, whole(text));
      }
    } catch (error) {
      error.message = `${name}: ${error.message}`;
      throw error;
    }
  }
});

test('a big document with a problem far from the start declines and reports it like the whole parse', () => {
  const { text } = generate(1800, { seed: 9 });
  const broken = text.replace(/\n {4}build-depends: \[([^\]\n]*)\]\n/, (m, list) => `\n    build-depends: [${list}\n`);
  assert.notEqual(broken, text);
  const firstPackage = text.slice(text.indexOf('\npackages:\n')).match(/\n {2}([^ \n][^\n]*):\n/)[1];
  const dup = `${text}  ${firstPackage}:\n    prebuilt: true\n`;
  for (const t of [broken, dup]) {
    assert.ok(t.length > CHUNKED_PARSE_THRESHOLD);
    assert.equal(parseYamlChunked(t), undefined);
    const expected = whole(t);
    assert.ok(expected.problems.length > 0);
    assertSameDocument(parseDocument(URI, t), expected);
  }
});

// ---------------------------------------------------------------- property

const NAME = fc.constantFrom('gcc', 'glibc', 'm4', 'perl', '"0xffff"', "'2048'", 'libé', 'a b', 'zlib', 'x-😀');
const SCALAR = fc.constantFrom('plain text', '"quoted"', "'single'", '1', 'true', 'null', '~', '3.5', '"a\\nb"', 'ünïcode', '""');
const EOL = fc.constantFrom('\n', '\r\n');

/** A member's value lines (after `key:`), at member indentation `ind`. */
const memberValue = (ind) => {
  const deep = ind + '  ';
  return fc.oneof(
    SCALAR.map((s) => [` ${s}`]),
    fc.constant(['']),
    fc.constant(['   # empty with a comment']),
    fc.array(SCALAR, { maxLength: 3 }).map((xs) => [` [${xs.join(', ')}]`]),
    fc.array(SCALAR, { minLength: 2, maxLength: 3 }).map((xs) => [` [${xs[0]},`, ...xs.slice(1).map((x, i, all) => `${deep}${x}${i === all.length - 1 ? ']' : ','}`)]),
    fc.array(SCALAR, { minLength: 1, maxLength: 3 }).map((xs) => ['', ...xs.map((x) => `${ind}- ${x}`)]),
    fc.array(fc.tuple(fc.constantFrom('description', 'build-depends', 'prebuilt', 'depends'), SCALAR), { minLength: 1, maxLength: 3 })
      .map((kv) => ['', ...kv.map(([k, v]) => `${deep}${k}: ${v}`)]),
    fc.tuple(fc.constantFrom('|', '|-', '|+', '>', '>-', '>+'), fc.array(fc.constantFrom('line', 'more words', '', '  indented'), { minLength: 1, maxLength: 3 }), fc.nat(2))
      .map(([h, lines, blanks]) => [` ${h}`, `${deep}text`, ...lines.map((l) => (l ? `${deep}${l}` : '')), ...Array(blanks).fill('')]),
    fc.constant([' "multi', `${deep}line quoted"`]),
    fc.constant([' plain', `${deep}continued`]),
    fc.constant(['', `${deep}description: x`, `${deep}nested:`, `${deep}  deeper: [1, 2]`]),
    // things that make the chunked parse decline
    fc.constant([' &anchor x']),
    fc.constant([' *anchor']),
    fc.constant([' !!str 5']),
    fc.constant([' [unclosed']),
  );
};

const TRIVIA = fc.constantFrom([], [], [''], ['# col 0 comment'], ['  # indented comment'], ['', '    # deep comment', '']);

const SECTION = fc.tuple(fc.constantFrom('packages', 'stages', 'envs'), fc.constantFrom('  ', '    '), fc.array(fc.tuple(NAME, fc.constantFrom(0, 1), TRIVIA), { maxLength: 8 }), fc.array(fc.nat(), { minLength: 30, maxLength: 30 }))
  .chain(([key, ind, members, seeds]) => fc.tuple(...members.map(() => memberValue(ind))).map((values) => {
    const lines = [`${key}:`];
    members.forEach(([name, _, trivia], i) => {
      const [first, ...rest] = values[i];
      lines.push(`${ind}${name}:${first}`, ...rest, ...trivia);
    });
    void seeds;
    return lines;
  }));

const TOP = fc.oneof(
  SECTION,
  fc.constant(['version: 1']),
  fc.constant(['python: { min: "3.8" }']),
  fc.constant(['list:', '- a', '- b']),
  fc.constant(['# a comment', '']),
  fc.constant(['']),
  SCALAR.map((s) => [`top: ${s}`]),
);

const DOCUMENT = fc.tuple(fc.array(TOP, { minLength: 1, maxLength: 5 }), EOL, fc.boolean(), fc.boolean()).map(([tops, eol, bom, finalEol]) => {
  const text = tops.flat().join(eol) + (finalEol ? eol : '');
  return (bom ? '\ufeff' : '') + text;
});

test('random small documents: the chunked parse equals the whole parse or declines', () => {
  let parsed = 0;
  let runs = 0;
  fc.assert(fc.property(DOCUMENT, fc.constantFrom(1, 20, 80, 1000), (text, size) => {
    runs++;
    const expected = whole(text);
    const doc = chunked(text, size);
    if (doc) {
      parsed++;
      assertSameDocument(doc, expected);
    } else {
      assertSameDocument(parseDocument(URI, text, 'yaml', true), expected);
    }
    // Of these shapes, only those with problems, anchors, aliases or tags (or no entry at all) decline.
    if (!doc && !expected.problems.length && !/[&*!]/.test(text) && expected.root) {
      assert.fail(`declined a plain document (chunk size ${size}):\n${JSON.stringify(text)}`);
    }
  }), { numRuns: 400 });
  assert.ok(parsed > runs / 3, `the chunked parse took ${parsed} of ${runs} documents`);
});

const EDIT_TEXT = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '  ', '- ', ':', '[', ']', '{', '}', ',', '#', '"', "'", '|', '>', '&a', '*a', '!', '\t', '\r', 'é', '😀', '---', '...', '%', '? ', 'gcc: ', '\r\n'), maxLength: 6 });
const SMALL_GENERATED = generate(40, { seed: 11 }).text;

test('random edits of valid documents: the chunked parse equals the whole parse or declines', () => {
  let parsed = 0;
  let runs = 0;
  fc.assert(fc.property(fc.constantFrom(TRICKY, SMALL_GENERATED, TRICKY.replace(/\n/g, '\r\n')), fc.array(fc.tuple(fc.nat(), fc.nat(4), EDIT_TEXT), { minLength: 1, maxLength: 3 }), fc.constantFrom(1, 30, 500, 100000), (base, edits, size) => {
    let text = base;
    for (const [at, length, insert] of edits) {
      const start = at % (text.length + 1);
      text = text.slice(0, start) + insert + text.slice(start + length);
    }
    runs++;
    const expected = whole(text);
    const doc = chunked(text, size);
    if (doc) {
      parsed++;
      assertSameDocument(doc, expected);
    }
  }), { numRuns: 500 });
  assert.ok(parsed > runs / 10, `the chunked parse took ${parsed} of ${runs} documents`);
});
