'use strict';
// Bad input never makes the core throw: random text, and mutations of the
// real examples (deleted, duplicated and swapped slices, random characters).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { analyzeFiles } = require('../helpers/analyze');

const EXAMPLES = ['distro.bootstrap.yaml', 'distro.bootstrap.jsonc', 'broken.bootstrap.yaml', 'env/bootstrap.yaml']
  .map((f) => [f.endsWith('.jsonc') ? 'bootstrap.jsonc' : 'bootstrap.yaml', fs.readFileSync(path.join(__dirname, '../../examples', f), 'utf8')]);

function analyzeSafely(name, text) {
  const a = analyzeFiles({ [name]: text });
  const diagnostics = a.diagnostics.get(`file:///ws/${name}`);
  assert.ok(Array.isArray(diagnostics));
  for (const d of diagnostics) {
    assert.ok(d.range.start >= 0 && d.range.end >= d.range.start && d.range.end <= text.length, `range inside the text: ${JSON.stringify(d.range)}`);
    assert.equal(typeof d.message, 'string');
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete'), at: fc.nat(), length: fc.nat(40) }),
  fc.record({ kind: fc.constant('insert'), at: fc.nat(), text: fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ':', ',', '-', ' ', '\n', '\t', '"', "'", '#', '&a', '*a', 'gcc', 'build-depends', '😀', '\r\n', '\ufeff', '!!str', '? ', '|', '>') }) }),
  fc.record({ kind: fc.constant('duplicate'), at: fc.nat(), length: fc.nat(80) }),
);

function mutate(text, m) {
  const at = text.length ? m.at % text.length : 0;
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.length);
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  return text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
}

test('mutated examples never make the analysis throw, and ranges stay inside the text', () => {
  fc.assert(fc.property(fc.constantFrom(...EXAMPLES), fc.array(mutation, { minLength: 1, maxLength: 6 }), ([name, text], ms) => {
    analyzeSafely(name, ms.reduce(mutate, text));
  }), { numRuns: 300 });
});

test('random text never makes the analysis throw', () => {
  fc.assert(fc.property(fc.constantFrom('bootstrap.yaml', 'bootstrap.json'), fc.string({ maxLength: 300 }), (name, text) => {
    analyzeSafely(name, text);
  }), { numRuns: 300 });
});

test('random JSON values never make the analysis throw', () => {
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
    analyzeSafely('bootstrap.json', JSON.stringify(value));
    analyzeSafely('bootstrap.json', JSON.stringify({ version: 1, packages: { a: value, b: { 'build-depends': value } }, stages: { s: value } }));
  }), { numRuns: 200 });
});
