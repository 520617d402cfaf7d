'use strict';
// Binaries in the file: the checks (unknown names in a binary's depends, a binary
// declared twice, a binary named like another package, provides that collide),
// binary and provided names as known names, and cycle messages naming the binary.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf } = require('../helpers/analyze');

const YAML_FILE = `version: 1
packages:
  glibc:
    build-depends: [gcc-12]
    binaries:
      libc6: {depends: [libgcc-s1]}
      libc6-dev:
        depends: [libc6]
        provides: [libc-dev]
  gcc-12:
    build-depends: [libc-dev]
    binaries:
      gcc-12: {depends: [libgcc-s1]}
      libgcc-s1: {depends: [libc6]}
`;

test("binary and provided names are known; a binary's depends are checked for unknown names", () => {
  const a = analyzeFiles({ 'bootstrap.yaml': YAML_FILE.replace('depends: [libgcc-s1]}\n      libc6-dev', 'depends: [libgcc-s2]}\n      libc6-dev') });
  const codes = shown(a, 'bootstrap.yaml').filter(([c]) => c !== 'build-cycle');
  assert.deepEqual(codes, [['unknown-package', 'libgcc-s2']]);
  const d = diagnosticsOf(a, 'bootstrap.yaml').find((x) => x.code === 'unknown-package');
  assert.match(d.message, /the depends of binary 'libc6' of 'glibc'; did you mean 'libgcc-s1'\?/);
});

test('cycle messages name the binary an entry installs: gcc-12 → libc6-dev (glibc)', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': YAML_FILE.replace('build-depends: [libc-dev]', 'build-depends: [libc6-dev]').replace('libc6: {depends: [libgcc-s1]}', 'libc6: {}') });
  const cycles = diagnosticsOf(a, 'bootstrap.yaml').filter((d) => d.code === 'build-cycle');
  const onGcc = cycles.find((d) => d.data.package === 'gcc-12');
  assert.ok(onGcc, 'a cycle diagnostic on gcc-12');
  assert.match(onGcc.message, /gcc-12 → libc6-dev \(glibc\) → gcc-12/);
  assert.doesNotMatch(onGcc.message, /comes with libc6-dev/);
  // JSON reads the same.
  const json = JSON.stringify({
    version: 1,
    packages: {
      glibc: { 'build-depends': ['gcc-12'], binaries: { libc6: {}, 'libc6-dev': { depends: ['libc6'] } } },
      'gcc-12': { 'build-depends': ['libc6-dev'], binaries: { 'gcc-12': { depends: ['libgcc-s1'] }, 'libgcc-s1': { depends: ['libc6'] } } },
    },
  }, null, 2);
  const j = analyzeFiles({ 'bootstrap.json': json });
  const jm = diagnosticsOf(j, 'bootstrap.json').filter((d) => d.code === 'build-cycle').find((d) => d.data.package === 'gcc-12');
  assert.match(jm.message, /gcc-12 → libc6-dev \(glibc\) → gcc-12/);
});

test('a binary declared twice, a binary named like another package, provides that collide', () => {
  const text = `version: 1
packages:
  a:
    binaries:
      shared: {}
      b: {}
      a-bin: {provides: [c, a-virt]}
  b: {}
  c:
    binaries:
      shared: {}
`;
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  const ds = diagnosticsOf(a, 'bootstrap.yaml');
  const byCode = (code) => ds.filter((d) => d.code === code);
  assert.equal(byCode('duplicate-binary').length, 1);
  assert.match(byCode('duplicate-binary')[0].message, /binary 'shared' is declared by packages 'a' and 'c'/);
  assert.equal(byCode('duplicate-binary')[0].related.length, 1);
  assert.equal(byCode('binary-named-like-package').length, 1);
  assert.match(byCode('binary-named-like-package')[0].message, /binary 'b' of package 'a' has the name of package 'b'/);
  assert.equal(byCode('provides-collides').length, 1);
  assert.match(byCode('provides-collides')[0].message, /'c' provided by binary 'a-bin' is also package 'c'/);
  // The diagnostics sit on the binary's key and on the provided name.
  const dup = byCode('duplicate-binary')[0];
  assert.equal(text.slice(dup.range.start, dup.range.end), 'shared');
  assert.ok(dup.range.start > text.indexOf('  c:'), 'on the later declaration');
  const col = byCode('provides-collides')[0];
  assert.equal(text.slice(col.range.start, col.range.end), 'c');
});

test('the schema accepts binaries and rejects unknown binary keys', () => {
  const ok = analyzeFiles({ 'bootstrap.yaml': YAML_FILE });
  assert.deepEqual(shown(ok, 'bootstrap.yaml').filter(([c]) => c !== 'build-cycle'), []);
  const bad = analyzeFiles({ 'bootstrap.yaml': 'version: 1\npackages:\n  a:\n    binaries:\n      a-bin: {dependz: [x]}\n      Bad_Name!: {}\n' });
  const codes = diagnosticsOf(bad, 'bootstrap.yaml').map((d) => d.code);
  assert.ok(codes.length >= 2, codes.join());
  assert.ok(codes.every((c) => /schema|additional|property|pattern/i.test(c)), codes.join());
});
