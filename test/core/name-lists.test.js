'use strict';
// The chunked parse hands yaml its chunks with one-line lists of plain names
// emptied and makes the names' nodes itself (name-lists.ts): the tree must be
// the one yaml builds from the chunk as it is, node for node.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const yaml = require('yaml');
const { parseDocument, assembleDocument } = require('../../server/out/core/document/parsed-document.js');
const { parseYamlChunked, buildChunk, buildEmptiedChunk } = require('../../server/out/core/document/chunked-parse.js');
const { emptyNameLists, mayBeImplicitScalar } = require('../../server/out/core/document/name-lists.js');

const URI = 'file:///a.bootstrap.yaml';

/** Asserts two trees are the same node for node (kind, ranges, key, index, flow, value, links). */
function assertSameTree(actual, expected, where = '') {
  const stack = [[actual, expected, where || '(root)']];
  let count = 0;
  while (stack.length) {
    const [a, e, at] = stack.pop();
    count++;
    assert.equal(a.kind, e.kind, `kind at ${at}`);
    assert.deepEqual(a.range, e.range, `range at ${at}`);
    assert.deepEqual(a.keyRange, e.keyRange, `keyRange at ${at}`);
    assert.equal(a.key, e.key, `key at ${at}`);
    assert.equal(a.index, e.index, `index at ${at}`);
    assert.equal(a.flow, e.flow, `flow at ${at}`);
    assert.deepEqual(a.value, e.value, `value at ${at}`);
    assert.equal(a.children.length, e.children.length, `children at ${at}`);
    a.children.forEach((c, i) => {
      assert.equal(c.parent, a, `parent link at ${at}/${i}`);
      if (a.kind === 'array' && a.value) assert.equal(a.value[i], c.value, `shared value at ${at}/${i}`);
      stack.push([c, e.children[i], `${at}/${c.key ?? i}`]);
    });
  }
  return count;
}

/** The offsets of the top-level keys of a document without problems (what a piece's keys are). */
function topKeys(text) {
  const doc = parseDocument(URI, text, 'yaml', false);
  if (doc.problems.length || !doc.root || doc.root.kind !== 'object' || doc.root.flow) return undefined;
  return doc.root.children.map((c) => c.keyRange.start);
}

// Names yaml reads as other scalars (numbers, booleans, null) beside plain names.
const TRICKY_NAMES = ['0ad', '2048', '12', '1e5', '1.5', '1.', '0x1F', '0o17', 'true', 'True', 'TRUE', 'false', 'FALSE', 'null', 'Null', 'NULL', 'n', 't', 'f', 'nan', 'Nano', 'tar', 'x+y', 'a.b_c-d', 'libstdc++6', 'g++-12', 'python3.11'];
const NAME = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...TRICKY_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9+._-]{0,7}$/) }, { weight: 30, arbitrary: fc.stringMatching(/^[a-eg-mo-su-z][a-z0-9+.-]{0,8}$/) });
// Double-quoted strings, some with what ends a name, a comment, a key or a list, or with escapes.
const QUOTED = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('"Debian Games Team <pkg-games-devel@lists.alioth.debian.org>"', '"Sebastian Dröge <slomo@debian.org>"', '""', '"a"', '"0ad"', '"true"', '"12"') },
  { weight: 2, arbitrary: fc.constantFrom('"a, b"', '"x: y"', '"#c"', '"a #c"', '"[a, b]"', '"{a: 1}"', '"emoji 😀"', '"tab\there"', '"a\\"b"', '"a\\nb"', '"a\\\\"', "\"it's\"", '" lead and trail "') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', ',', ':', '#', '[', ']', '{', '}', "'", 'é', '<', '@', '>'), maxLength: 8 }).map((t) => `"${t}"`) },
);
const ITEM = fc.oneof({ weight: 3, arbitrary: NAME }, { weight: 1, arbitrary: QUOTED });
const LIST = fc.array(ITEM, { minLength: 1, maxLength: 5 }).map((items) => `[${items.join(', ')}]`);

/** A member's value: name lists in every place one can stand, and where they only look like one. */
const VALUE = fc.oneof(
  { weight: 30, arbitrary: LIST.map((l) => ` ${l}`) },
  { weight: 10, arbitrary: fc.tuple(LIST, fc.constantFrom('true', 'false', 'x')).map(([l, p]) => ` {depends: ${l}, prebuilt: ${p}}`) },
  { weight: 10, arbitrary: fc.tuple(LIST, LIST).map(([a, b]) => ` {depends: ${a}, provides: ${b}}`) },
  { weight: 4, arbitrary: LIST.map((l) => ` ${l}   # a comment ${l}`) },
  { weight: 4, arbitrary: LIST.map((l) => ` "quoted ${l} text"`) },
  { weight: 1, arbitrary: LIST.map((l) => ` '${l}'`) },
  { weight: 1, arbitrary: LIST.map((l) => ` plain ${l}`) },
  { weight: 4, arbitrary: LIST.map((l) => ` |\n      block ${l}\n      ${l}`) },
  { weight: 1, arbitrary: LIST.map((l) => `\n      - ${l}\n      - ${l}`) },
  { weight: 1, arbitrary: LIST.map((l) => ` [${l}, ${l}]`) },
  { weight: 1, arbitrary: LIST.map((l) => ` {${l}: 1}`) },
  { weight: 1, arbitrary: LIST.map((l) => ` &a ${l}`) },
  { weight: 1, arbitrary: LIST.map((l) => ` !!seq ${l}`) },
  { weight: 1, arbitrary: fc.tuple(LIST, fc.constantFrom('#c', 'x', ',', ', x', '}', ']', ':', ': x', ' :')).map(([l, after]) => ` ${l}${after}`) },
  { weight: 1, arbitrary: fc.array(NAME, { minLength: 2, maxLength: 3 }).map((names) => ` [${names.join(',')}]`) },
  { weight: 1, arbitrary: fc.array(NAME, { minLength: 2, maxLength: 3 }).map((names) => ` [${names.join(' , ')}]`) },
  { weight: 1, arbitrary: fc.constant(' []') },
  { weight: 8, arbitrary: QUOTED.map((q) => ` ${q}`) },
  { weight: 2, arbitrary: fc.tuple(QUOTED, fc.constantFrom('#c', 'x', ',', '}', ']', ':', ' :', ' # c', '  ')).map(([q, after]) => ` ${q}${after}`) },
  { weight: 2, arbitrary: fc.tuple(QUOTED, LIST).map(([q, l]) => ` {${q}: ${l}}`) },
  { weight: 2, arbitrary: fc.tuple(QUOTED, QUOTED).map(([a, b]) => ` {maintainer: ${a}, uploaders: [${b}]}`) },
  { weight: 1, arbitrary: QUOTED.map((q) => ` '${q}'`) },
  { weight: 1, arbitrary: QUOTED.map((q) => ` plain ${q} text`) },
  { weight: 1, arbitrary: QUOTED.map((q) => ` "multi\n      line ${q.slice(1)}`) },
  { weight: 1, arbitrary: QUOTED.map((q) => `\n      ${q}: 1`) },
);

const DOCUMENT = fc.tuple(
  fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/), fc.array(fc.tuple(fc.constantFrom('build-depends', 'depends', 'binaries', 'provides', 'uploaders', 'maintainer', '"quoted key"'), VALUE), { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 6 }),
  fc.constantFrom('\n', '\r\n'),
).map(([packages, eol]) => {
  const lines = ['version: 1', 'packages:'];
  const seen = new Set();
  for (const [name, members] of packages) {
    if (seen.has(name)) continue;
    seen.add(name);
    lines.push(`  ${name}:`);
    const keys = new Set();
    for (const [key, value] of members) {
      if (keys.has(key)) continue;
      keys.add(key);
      lines.push(`    ${key}:${value}`);
    }
  }
  return lines.join('\n').replace(/\n/g, eol) + eol;
});

test('a chunk built with its name lists emptied is the chunk built as it is, or is not taken', () => {
  let taken = 0;
  let runs = 0;
  fc.assert(fc.property(DOCUMENT, fc.boolean(), (text, containerValues) => {
    const keys = topKeys(text);
    const piece = { start: 0, end: text.length, keys: keys ?? [] };
    const plain = buildChunk(text, piece, containerValues, false);
    const emptied = emptyNameLists(text);
    const fast = emptied && buildEmptiedChunk(text, emptied, piece, containerValues);
    runs++;
    // buildChunk falls back to the chunk as it is.
    const chosen = buildChunk(text, piece, containerValues, true);
    if (!plain) {
      assert.equal(fast, undefined, 'taken where the chunk as it is is not');
      assert.equal(chosen, undefined);
      return;
    }
    assertSameTree(chosen, plain);
    if (fast) {
      taken++;
      assertSameTree(fast, plain);
    }
  }), { numRuns: 500 });
  assert.ok(taken > runs / 10, `name lists taken in ${taken} of ${runs} documents`);
});

test('documents of plain name lists are always taken', () => {
  const PLAIN = fc.stringMatching(/^[a-eg-mo-su-z][a-z0-9+.-]{0,8}$/);
  const PLAIN_LIST = fc.array(PLAIN, { minLength: 1, maxLength: 6 }).map((names) => `[${names.join(', ')}]`);
  fc.assert(fc.property(fc.array(fc.tuple(PLAIN_LIST, PLAIN_LIST), { minLength: 1, maxLength: 5 }), (packages) => {
    const lines = ['packages:'];
    packages.forEach(([a, b], i) => lines.push(`  p${i}:`, `    build-depends: ${a}`, `    maintainer: "M ${i} <m@x.org>"`, `    uploaders: ["U ${i} <u@x.org>", "Dröge, V <v@x.org>"]`, '    binaries:', `      b${i}: {depends: ${b}, prebuilt: true}`));
    const text = lines.join('\n') + '\n';
    const piece = { start: 0, end: text.length, keys: [0] };
    const emptied = emptyNameLists(text);
    assert.equal(emptied.lists.size, packages.length * 4);
    const fast = buildEmptiedChunk(text, emptied, piece);
    assert.ok(fast, `not taken:\n${text}`);
    assertSameTree(fast, buildChunk(text, piece, true, false));
  }), { numRuns: 200 });
});

test('the chunked parse with name lists equals the whole parse', () => {
  fc.assert(fc.property(DOCUMENT, fc.constantFrom(1, 60, 400, 100000), (text, size) => {
    const expected = parseDocument(URI, text, 'yaml', false);
    const pieces = parseYamlChunked(text, size);
    if (!pieces) return;
    const doc = assembleDocument(URI, 'yaml', text, pieces.root, [], false);
    assert.deepEqual(expected.problems, []);
    assert.deepEqual(doc.value, expected.value);
    assertSameTree(doc.root, expected.root);
  }), { numRuns: 300 });
});

test('lists and quoted strings are emptied in place; a list of names yaml reads as numbers or booleans leaves the chunk to yaml', () => {
  const text = 'version: 1\npackages:\n  gcc:\n    build-depends: [libc6-dev, m4, g++-12]\n    maintainer: "A <a@b.org>"\n    uploaders: ["B, C <c@d.org>", x]\n    binaries:\n      gcc: {depends: [libc6, cpp], prebuilt: true}\n  m4:\n    build-depends: [0ad, 2048, true, tar]\n';
  const lists = emptyNameLists(text);
  assert.ok(lists);
  assert.equal(lists.lists.size, 5);
  assert.ok(lists.text.includes(`maintainer: ""${' '.repeat('"A <a@b.org>"'.length - 2)}\n`));
  assert.ok(lists.text.includes(`uploaders: []${' '.repeat('["B, C <c@d.org>", x]'.length - 2)}\n`));
  assert.deepEqual([...lists.lists.values()][2].names, ['B, C <c@d.org>', 'x']);
  assert.equal(lists.text.length, text.length);
  assert.ok(lists.text.includes('build-depends: []                     \n'));
  assert.deepEqual([...lists.lists.values()][0].names, ['libc6-dev', 'm4', 'g++-12']);
  // The third list holds names yaml reads as a number and a boolean: the chunk is then parsed as it is.
  const doc = parseDocument(URI, text, 'yaml', false);
  const piece = { start: 0, end: text.length, keys: doc.root.children.map((c) => c.keyRange.start) };
  assert.equal(buildEmptiedChunk(text, lists, piece), undefined);
  const fast = buildChunk(text, piece, true, true);
  assertSameTree(fast, buildChunk(text, piece, true, false));
  assert.deepEqual(fast.children[1].children[1].children[0].value, ['0ad', 2048, true, 'tar']);
  assert.deepEqual(fast.children[1].children[0].value.uploaders, ['B, C <c@d.org>', 'x']);
});

test('names that start with another letter than n, t or f never match an implicit tag of the core schema', () => {
  const tags = new yaml.Document(null).schema.tags.filter((t) => t.default === true && t.test);
  assert.ok(tags.length >= 5, 'the core schema has its implicit tags');
  const positives = ['0', '12', '0x1F', '0o7', '1e5', '1.5', 'true', 'True', 'false', 'FALSE', 'null', 'Null', 'NULL'];
  for (const name of positives) {
    assert.ok(tags.some((t) => t.test.test(name)), `${name} is an implicit scalar`);
    assert.ok(mayBeImplicitScalar(name), `${name} is tested`);
  }
  fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9+._-]{0,10}$/), (name) => {
    if (tags.some((t) => t.test.test(name))) assert.ok(mayBeImplicitScalar(name), `${name} matches an implicit tag`);
  }), { numRuns: 5000 });
});
