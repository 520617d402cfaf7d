'use strict';
// The chunked parse with a helper thread must give exactly the one-thread
// parse's document, and decline where it declines.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { parseDocument, assembleDocument } = require('../../server/out/core/document/parsed-document.js');
const { parseYamlChunked } = require('../../server/out/core/document/chunked-parse.js');
const { encodeTree, decodeTree } = require('../../server/out/core/document/node-encoding.js');
const { defaultHelpers, PARALLEL_PARSE_THRESHOLD } = require('../../server/out/core/document/parallel-pieces.js');
const { generate } = require('../../bench/generate.js');

const URI = 'file:///a.bootstrap.yaml';

function withHelper(text, chunkSize) {
  const pieces = parseYamlChunked(text, chunkSize, 1);
  return pieces && assembleDocument(URI, 'yaml', text, pieces.root, [], false);
}

/** Node by node: kinds, ranges, keys, indexes, flow, parents and values. */
function assertSameTree(a, e, where = '') {
  const stack = [[a, e]];
  let count = 0;
  while (stack.length) {
    const [x, y] = stack.pop();
    count++;
    const at = `at '${y.pointer}' ${where}`;
    assert.equal(x.kind, y.kind, at);
    assert.deepEqual(x.range, y.range, at);
    assert.deepEqual(x.keyRange, y.keyRange, at);
    assert.equal(x.key, y.key, at);
    assert.equal(x.index, y.index, at);
    assert.equal(x.flow, y.flow, at);
    assert.equal(x.children.length, y.children.length, at);
    if (x.parent) assert.deepEqual(x.value, y.value, at);
    for (let i = 0; i < x.children.length; i++) {
      assert.equal(x.children[i].parent, x, `parent link ${at}`);
      stack.push([x.children[i], y.children[i]]);
    }
  }
  return count;
}

test('a tree survives encoding: every kind of value, keys, flow and block, empty containers', () => {
  const text = [
    'version: 1',
    'packages:',
    '  a: {build-depends: [b, "c d"], prebuilt: true, n: 12.5, z: null, f: false, e: [], o: {}, neg: -0, inf: .inf}',
    '  b:',
    '    depends:',
    '      - x',
    '      - 3',
    '    empty:',
    '  "__proto__": {depends: [q]}',
    '',
  ].join('\n');
  const doc = parseDocument(URI, text, 'yaml', false);
  const decoded = decodeTree(encodeTree(doc.root));
  assert.ok(assertSameTree(decoded, doc.root) > 20);
  assert.ok(Object.is(decoded.children[1].children[0].value.neg, -0));
  assert.equal(decoded.children[1].children[0].value.inf, Infinity);
  assert.equal(decoded.children[1].children[1].value.empty, null);
  assert.ok(Object.hasOwn(decoded.children[1].value, '__proto__'));
});

test('a helper thread builds the same document as one thread, from a generated file', () => {
  const { text } = generate(3000, { seed: 11 });
  const one = parseDocument(URI, text, 'yaml', false);
  for (const size of [2048, 16384]) {
    const two = withHelper(text, size);
    assert.ok(two, `chunk size ${size} should not decline`);
    assert.deepEqual(two.value, one.value);
    assert.ok(assertSameTree(two.root, one.root, `(chunks of ${size})`) > 10000);
    for (let offset = 0; offset <= text.length; offset += Math.floor(text.length / 300)) {
      assert.equal(two.nodeAt(offset)?.pointer, one.nodeAt(offset)?.pointer, `nodeAt(${offset})`);
    }
  }
});

test('a helper thread declines where one thread declines: a problem in a piece far down the file', () => {
  const { text } = generate(3000, { seed: 12 });
  // A duplicate key and a syntax error, each in a late piece (the helper may well take it).
  const at = text.lastIndexOf('\n  xserver-');
  assert.ok(at > text.length * 0.9);
  const broken = text.slice(0, at) + '\n  dup: 1\n  dup: 2' + text.slice(at);
  assert.equal(parseYamlChunked(broken, 2048, 0), undefined);
  assert.equal(parseYamlChunked(broken, 2048, 1), undefined);
  const unclosed = text.slice(0, at) + '\n  bad: [a, b' + text.slice(at);
  assert.equal(parseYamlChunked(unclosed, 2048, 1), undefined);
  // parseDocument then parses the whole text and reports the problem.
  assert.ok(parseDocument(URI, broken).problems.some((p) => p.code === 'duplicate-key'));
});

test('a helper is used only for big texts', () => {
  assert.equal(defaultHelpers(PARALLEL_PARSE_THRESHOLD - 1), 0);
  assert.ok(defaultHelpers(PARALLEL_PARSE_THRESHOLD) <= 1);
  assert.ok(path.isAbsolute(require.resolve('../../server/out/core/document/piece-worker.js')));
});

test('the helper reads the text as the caller has it: non-ASCII, astral and lone surrogate code units', () => {
  const { text } = generate(3000, { seed: 13 });
  // Every description gets such characters, so the helper's pieces have them too.
  let n = 0;
  const marked = text.replace(/\n    description: ([^\n]*)/g, (_, d) => `\n    description: "${n++ % 2 ? 'é 😀 \ud800' : '\udc00 ü'} ${d}"`);
  assert.ok(n > 2000);
  const one = parseDocument(URI, marked, 'yaml', false);
  assert.deepEqual(one.problems, []);
  const descriptions = Object.values(one.value.packages).map((p) => p.description);
  assert.ok(descriptions.filter((d) => d.startsWith('é 😀 \ud800 ')).length > 1000);
  assert.ok(descriptions.filter((d) => d.startsWith('\udc00 ü ')).length > 1000);
  const two = withHelper(marked, 2048);
  assert.ok(two, 'the chunked parse should not decline');
  assert.deepEqual(two.value, one.value);
  assert.ok(assertSameTree(two.root, one.root) > 10000);
});
