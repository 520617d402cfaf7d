'use strict';
// Language features on binaries, YAML and JSON alike: completion offers binaries
// and provided names, hover and definition lead from a binary to its package,
// references and rename cover a binary's key and every list that names it.
const test = require('node:test');
const assert = require('node:assert/strict');
const nav = require('../../server/out/core/services/navigation.js');
const { complete } = require('../../server/out/core/services/completion.js');
const { hover } = require('../../server/out/core/services/hover.js');
const { at, slice, applyEdits, parseDocument, analyzeFiles } = require('./helpers.js');

const Y = 'file:///ws/bootstrap.yaml';
const J = 'file:///ws/bootstrap.json';

const YAML_TEXT = `version: 1
packages:
  glibc:
    build-depends: [gcc-12]
    binaries:
      libc6: {depends: [libgcc-s1]}
      libc6-dev:
        depends: [libc6]
        provides: [libc-dev]
  gcc-12:
    build-depends: [libc-dev, binutils]
    build-depends-bootstrap1: [binutils]
    binaries:
      gcc-12: {depends: [binutils, libgcc-s1]}
      libgcc-s1: {}
  binutils: {}
  kmod:
    build-depends: [libc6-dev]
`;

const JSON_TEXT = JSON.stringify({
  version: 1,
  packages: {
    glibc: { 'build-depends': ['gcc-12'], binaries: { libc6: { depends: ['libgcc-s1'] }, 'libc6-dev': { depends: ['libc6'], provides: ['libc-dev'] } } },
    'gcc-12': { 'build-depends': ['libc-dev', 'binutils'], 'build-depends-bootstrap1': ['binutils'], binaries: { 'gcc-12': { depends: ['binutils', 'libgcc-s1'] }, 'libgcc-s1': {} } },
    binutils: {},
    kmod: { 'build-depends': ['libc6-dev'] },
  },
}, null, 2).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (m, inner) => `[${inner.split(/,\s+/).join(', ')}]`); // flow lists on one line

for (const [uri, text, label] of [[Y, YAML_TEXT, 'YAML'], [J, JSON_TEXT, 'JSON']]) {
  const q = uri === J ? '"' : '';
  const offsetOf = (needle, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, needle);
    return i + 1;
  };

  test(`${label}: definition of a binary leads to its key inside its package; hover names the package`, () => {
    const a = analyzeFiles({ [uri]: text });
    const use = offsetOf(`${q}libc6-dev${q}]`) + (q ? 0 : 0);
    const defs = nav.definition(a, uri, use);
    assert.equal(defs.length, 1);
    assert.equal(slice(text, defs[0].range), 'libc6-dev');
    // The declaration is the key under glibc's binaries.
    assert.ok(defs[0].range.start > text.indexOf('glibc') && defs[0].range.start < text.indexOf('gcc-12', text.indexOf('binaries')));
    const h = hover(a, uri, use);
    assert.match(h.contents, /\*\*binary\*\* `libc6-dev` of package `glibc`/);
    assert.match(h.contents, /depends:\*\* `libc6`/);
    assert.match(h.contents, /with `libgcc-s1` through them/);
    assert.match(h.contents, /provides:\*\* `libc-dev`/);
    // A provided name: hover says which binary it means; definition goes to the provides entry.
    const virt = offsetOf(`${q}libc-dev${q},`);
    assert.match(hover(a, uri, virt).contents, /\*\*provided name\*\* `libc-dev` · means binary `libc6-dev` of package `glibc`/);
    const vdefs = nav.definition(a, uri, virt);
    assert.deepEqual(vdefs.map((d) => slice(text, d.range)), ['libc-dev']);
    // The package's hover lists its binaries.
    assert.match(hover(a, uri, offsetOf(`${q}glibc${q}:`)).contents, /\*\*binaries:\*\* `libc6`, `libc6-dev`/);
  });

  test(`${label}: references and rename cover a binary's key and every list naming it`, () => {
    const a = analyzeFiles({ [uri]: text });
    const use = offsetOf(`${q}libc6${q}]`);
    const refs = nav.references(a, uri, use, true);
    assert.equal(refs.length, 2); // the key, libc6-dev's depends
    const r = nav.rename(a, uri, use, 'libc7');
    assert.ok(r.changes, r.error);
    const out = applyEdits(text, r.changes[0].edits);
    const doc = parseDocument(uri, out);
    assert.deepEqual(doc.problems, []);
    const v = doc.value.packages;
    assert.ok(v.glibc.binaries.libc7 && !v.glibc.binaries.libc6);
    assert.deepEqual(v.glibc.binaries['libc6-dev'].depends, ['libc7']);
    // A binary cannot take a name already declared (a package or another binary).
    assert.match(nav.rename(a, uri, use, 'binutils').error, /already declared/);
    assert.match(nav.rename(a, uri, use, 'libgcc-s1').error, /already declared/);
    // Renaming from a use in build-depends renames the binary too.
    const r2 = nav.rename(a, uri, offsetOf(`${q}libc6-dev${q}]`), 'libc-devel');
    const v2 = parseDocument(uri, applyEdits(text, r2.changes[0].edits)).value.packages;
    assert.deepEqual(v2.kmod['build-depends'], ['libc-devel']);
    assert.ok(v2.glibc.binaries['libc-devel']);
  });
}

test('completion offers binaries and provided names in build-depends and in a binary\'s depends', () => {
  const run = (t) => {
    const c = at(Y, t);
    return complete(c.analysis, Y, c.offset);
  };
  const res = run(YAML_TEXT.replace('build-depends: [libc6-dev]', 'build-depends: [libc6-dev, libc‸]'));
  const byLabel = new Map(res.items.map((i) => [i.label, i]));
  assert.equal(byLabel.get('libc6').detail, 'binary of glibc');
  assert.equal(byLabel.get('libc-dev').detail, 'provided by libc6-dev (glibc)');
  assert.ok(!byLabel.has('libc6-dev'), 'already listed');
  const inBinary = run(YAML_TEXT.replace('libgcc-s1: {}', 'libgcc-s1: {depends: [‸]}'));
  const labels = inBinary.items.map((i) => i.label);
  assert.ok(labels.includes('libc6') && labels.includes('binutils'));
  assert.ok(!labels.includes('libgcc-s1'), 'not the binary itself');
});

test('a cycle closed through a binary is flagged in completion with the binary on the path', () => {
  const c = at(Y, YAML_TEXT.replace('  binutils: {}', '  binutils:\n    build-depends: [‸]'));
  const items = complete(c.analysis, Y, c.offset).items;
  const libc6 = items.find((i) => i.label === 'libc6');
  // binutils → libc6 → glibc → gcc-12 → binutils (gcc-12's binary needs binutils)
  assert.match(libc6.detail, /closes a build-dependency cycle: binutils → libc6 → glibc → /);
});
