'use strict';
// Typing in a comment must give what a cold parse of the same text gives:
// yaml reads `gcc:\n#\n      text` as `gcc: text` but `gcc:\n#x\n      text`
// as a broken key, so a comment less indented than what follows it is not
// inert, and the incremental re-parse (comment shortcut and member re-parse)
// must not assume it is (issue 18, point 2).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');
const { reparseDocument } = require('../../server/out/core/document/incremental.js');

const URI = 'file:///ws/bootstrap.yaml';

function diagnostics(text, cache) {
  const uri = cache ? URI : 'file:///fresh/bootstrap.yaml';
  const analysis = analyze([uri], memoryProvider({ [uri]: text }), { roots: [cache ? 'file:///ws' : 'file:///fresh'], cache });
  return (analysis.diagnostics.get(uri) ?? []).map((d) => [d.code, d.range.start, d.range.end, d.message]);
}

/** The tree as plain data: kinds, ranges, keys and values of every node. */
function shape(doc) {
  const out = [];
  const stack = doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop();
    out.push([n.pointer, n.kind, n.range.start, n.range.end, n.keyRange?.start, n.keyRange?.end, JSON.stringify(n.value)]);
    for (const c of n.children) stack.push(c);
  }
  return { problems: doc.problems.map((p) => [p.code, p.range.start, p.range.end, p.message]), nodes: out };
}

test('typing after a low comment between a key and its value: the server agrees with strap check', () => {
  const before = 'packages:\n  gcc:\n#\n      text\n  glibc: {}\n';
  const after = 'packages:\n  gcc:\n#x\n      text\n  glibc: {}\n';
  const cache = new Map();
  diagnostics(before, cache);
  const incremental = diagnostics(after, cache);
  const cold = diagnostics(after);
  assert.deepEqual(incremental, cold);
  assert.ok(cold.some(([, , , message]) => /single line/.test(message)), 'the cold analysis reports the broken key');
});

test('comment edits at every indentation re-parse as a cold parse does', () => {
  const bodies = ['', 'x', ' x', '#'];
  const templates = [
    (c) => `packages:\n  gcc:\n${c}\n      text\n  glibc: {}\n`,
    (c) => `version: 1\npackages:\n  gcc:\n    build-depends:\n      - a\n${c}\n      - b\n  glibc: {}\n`,
    (c) => `packages:\n  gcc:\n${c}\n    description: d\n  glibc: {}\n`,
    (c) => `packages:\n  gcc: {}\n${c}\n  glibc: {}\n`,
  ];
  for (const template of templates) {
    for (let indent = 0; indent < 8; indent++) {
      for (const from of bodies) {
        for (const to of bodies) {
          if (from === to) continue;
          const a = template(' '.repeat(indent) + '#' + from);
          const b = template(' '.repeat(indent) + '#' + to);
          const previous = parseDocument(URI, a);
          const incremental = reparseDocument(previous, b);
          assert.deepEqual(shape(incremental), shape(parseDocument(URI, b)), `${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
        }
      }
    }
  }
});
