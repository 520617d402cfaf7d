'use strict';
// Unknown-name checks re-use the last analysis for an edit inside one package
// when the known names stay the same, also in a file with binaries; an edit
// that renames, adds or removes a binary or a provided name is checked
// afresh. Either way the result is a fresh analysis's.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');

const ROOT = 'file:///ws';
const URI = `${ROOT}/x.bootstrap.yaml`;
const FRESH = 'file:///fresh';

function run(text, cache) {
  const uri = cache ? URI : URI.replace(ROOT, FRESH);
  const a = analyze([uri], memoryProvider({ [uri]: text }), { roots: [cache ? ROOT : FRESH], cache });
  return (a.diagnostics.get(uri) ?? [])
    .filter((d) => d.code === 'unknown-package')
    .map((d) => [d.range.start, d.range.end, d.message]);
}

const TEXT = `version: 1
packages:
  glibc:
    build-depends: [gcc]
    binaries:
      libc6: {depends: [libgcc-s1]}
      libc6-dev: {depends: [libc6], provides: [libc-dev]}
  gcc:
    build-depends: [libc-dev, binutils]
    prebuilt: true
    binaries:
      libgcc-s1: {depends: [libc6]}
      gcc-12: {depends: [binutils, libc6-dev]}
  binutils:
    build-depends: [libc6-dev]
  hello:
    build-depends: [libc-dev, gcc-12]
    binaries:
      hello: {depends: [libc6]}
`;

test('edits inside packages with binaries: the unknown names of a fresh analysis', () => {
  const edits = [
    // A dependency of a binary misspelt, then restored: the known names stay the same.
    (t) => t.replace('hello: {depends: [libc6]}', 'hello: {depends: [libc7]}'),
    (t) => t.replace('hello: {depends: [libc7]}', 'hello: {depends: [libc6]}'),
    // A binary renamed: what named the old name is unknown now, the new name known.
    (t) => t.replace('gcc-12: {depends', 'gcc-13: {depends'),
    (t) => t.replace('build-depends: [libc-dev, gcc-12]', 'build-depends: [libc-dev, gcc-13]'),
    // A provided name renamed, then a binary added that provides the old one.
    (t) => t.replace('provides: [libc-dev]', 'provides: [libc-devel]'),
    (t) => t.replace('  hello:\n    build-depends', '  hello:\n    build-depends').replace('hello: {depends: [libc6]}', 'hello: {depends: [libc6]}\n      hello-dev: {provides: [libc-dev]}'),
    // A package-level edit that touches no binary, in a package that has some.
    (t) => t.replace('build-depends: [gcc]', 'build-depends: [gcc, nosuch]'),
  ];
  const cache = new Map();
  run(TEXT, cache);
  let text = TEXT;
  let unknownSeen = 0;
  for (const edit of edits) {
    const next = edit(text);
    assert.notEqual(next, text, 'each edit changes the text');
    text = next;
    const incremental = run(text, cache);
    assert.deepEqual(incremental, run(text));
    unknownSeen += incremental.length;
  }
  assert.ok(unknownSeen >= 5, 'the edits make unknown names');
});
