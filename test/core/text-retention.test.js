'use strict';
// Memory: edits to a big document must not keep earlier versions of its text
// alive. V8 makes a slice of a string a view that holds the whole parent, so a
// package re-parsed from a slice of version N of a 300 KB text would hold
// version N for as long as the package is not edited again; after edits in k
// different packages, k + 1 copies of the text stayed in memory (at 30 000
// packages, 5 MB each). The heap snapshot counts the copies.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const v8 = require('node:v8');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { generate } = require('../../bench/generate.js');

const ROOT = 'file:///retention';
const URI = `${ROOT}/x.bootstrap.yaml`;

/** The lengths of every string in the heap at least `min` characters long (one-byte strings: self size ≈ length). */
function bigStringSizes(min) {
  const snapshot = JSON.parse(readAll(v8.getHeapSnapshot()));
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  const nodes = snapshot.nodes;
  const sizes = [];
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    if (type === 'string' && nodes[i + sizeAt] >= min) sizes.push(nodes[i + sizeAt]);
  }
  return sizes;
}

function readAll(stream) {
  const chunks = [];
  let chunk;
  while ((chunk = stream.read()) !== null) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The offset of the first build dependency's first letter in the n-th flow list after `from`. */
function dependencyAt(text, nth) {
  const re = /build-depends: \[([a-z])/g;
  let m;
  for (let k = 0; (m = re.exec(text)); k++) if (k === nth) return m.index + 'build-depends: ['.length;
  throw new Error('not enough flow lists');
}

test('edits in different packages keep at most the first and the latest version of the text alive', () => {
  let text = generate(2000, { seed: 3 }).text;
  assert.ok(text.length > 256 * 1024, 'big enough for the chunked parse');
  const length = text.length;
  const cache = new Map();
  let analysis = analyze([URI], memoryProvider({ [URI]: text }), { roots: [ROOT], cache });
  // Edit packages far apart: each edit re-parses a different package, whose
  // nodes then live on while later edits touch other packages.
  for (const nth of [100, 400, 700, 1000]) {
    const at = dependencyAt(text, nth);
    text = text.slice(0, at) + '_' + text.slice(at + 1);
    analysis = analyze([URI], memoryProvider({ [URI]: text }), { roots: [ROOT], cache });
    assert.ok(analysis.diagnostics.get(URI).some((d) => d.range.start === at), 'the edit was analysed');
  }
  const copies = bigStringSizes(length).filter((size) => size < length * 2.2); // one-byte or two-byte copies
  // The tree built at open slices the first version; the document holds the latest.
  assert.ok(copies.length <= 2, `${copies.length} copies of the ${length}-character text are alive (expected at most 2)`);
  assert.ok(analysis.documents.get(URI).text === text);
});
