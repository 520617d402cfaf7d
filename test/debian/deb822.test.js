'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const deb = require('../../server/out/import/debian/index.js');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'debian');

// Real stanzas (bookworm), reflowed the way debian/control and Sources write them.
const SOURCES_EXCERPT = `# a comment before the first paragraph
Package: acl
Binary: acl, libacl1-dev, libacl1, libacl1-udeb
Version: 2.3.1-3
Build-Depends: debhelper-compat (= 13), gettext, libtool, libattr1-dev (>= 1:2.4.46-8)
Architecture: any
Checksums-Sha256:
 7820eee88cce7244e0b8eb25cc4f51bdf10aff7a6c1a497f3d18c36bdce712cc 2508 acl_2.3.1-3.dsc
 c0234042e17f11306c23c038b08e5e070edb7be44bef6697fb8734dcff1c66b1 355676 acl_2.3.1.orig.tar.xz


Package: util-linux
Binary: util-linux, util-linux-locales, mount, bsdutils, bsdextrautils, fdisk,
 fdisk-udeb, libblkid1, libblkid1-udeb, libblkid-dev
# comments may sit between fields (debian/control)
Version: 2.38.1-5+deb12u3
Build-Depends: asciidoctor, bc <!stage1 !nocheck>, bison,
 debhelper-compat (= 13), dh-exec, gettext,
\tlibaudit-dev [linux-any] <!stage1>, libcap-ng-dev [linux-any] <!stage1>
Architecture: any all
`;

test('paragraphs are separated by blank lines; comments are skipped', () => {
  const ps = deb.parseDeb822(SOURCES_EXCERPT);
  assert.equal(ps.length, 2);
  assert.equal(ps[0].Package, 'acl');
  assert.equal(ps[1].Package, 'util-linux');
  assert.equal(ps[1].Version, '2.38.1-5+deb12u3');
  for (const p of ps) for (const k of Object.keys(p)) assert.ok(!k.startsWith('#'));
});

test('folded fields join continuation lines (spaces and tabs) with single spaces', () => {
  const [, ul] = deb.parseDeb822(SOURCES_EXCERPT);
  assert.equal(
    ul.Binary,
    'util-linux, util-linux-locales, mount, bsdutils, bsdextrautils, fdisk, fdisk-udeb, libblkid1, libblkid1-udeb, libblkid-dev',
  );
  assert.equal(
    ul['Build-Depends'],
    'asciidoctor, bc <!stage1 !nocheck>, bison, debhelper-compat (= 13), dh-exec, gettext, ' +
      'libaudit-dev [linux-any] <!stage1>, libcap-ng-dev [linux-any] <!stage1>',
  );
});

test('multiline fields keep their lines', () => {
  const [acl] = deb.parseDeb822(SOURCES_EXCERPT);
  assert.deepEqual(acl['Checksums-Sha256'].split('\n'), [
    '7820eee88cce7244e0b8eb25cc4f51bdf10aff7a6c1a497f3d18c36bdce712cc 2508 acl_2.3.1-3.dsc',
    'c0234042e17f11306c23c038b08e5e070edb7be44bef6697fb8734dcff1c66b1 355676 acl_2.3.1.orig.tar.xz',
  ]);
  const [p] = deb.parseDeb822('Package: hello\nDescription: example package\n GNU hello prints.\n .\n Second paragraph.\n');
  assert.equal(p.Description, 'example package\nGNU hello prints.\n\nSecond paragraph.');
});

test('CRLF, BOM, whitespace-only separator lines and a missing final newline', () => {
  const text = '\ufeffPackage: a\r\nDepends: b,\r\n c\r\n \t \r\nPackage: d\r\nVersion: 1';
  const ps = deb.parseDeb822(text);
  assert.deepEqual(ps, [
    { Package: 'a', Depends: 'b, c' },
    { Package: 'd', Version: '1' },
  ]);
});

test('field filter keeps only the wanted fields; lookups are case-insensitive', () => {
  const ps = deb.parseDeb822(SOURCES_EXCERPT, { fields: new Set(['package', 'build-depends']) });
  assert.deepEqual(Object.keys(ps[0]).sort(), ['Build-Depends', 'Package']);
  assert.equal(deb.getField(ps[1], 'build-depends').startsWith('asciidoctor'), true);
  assert.equal(deb.getField(ps[1], 'Version'), undefined);
});

test('the fixture Sources parses into real stanzas', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'Sources'), 'utf8');
  const ps = deb.parseDeb822(text);
  assert.ok(ps.length > 200);
  const glibc = ps.filter((p) => p.Package === 'glibc');
  // One current stanza and one Extra-Source-Only stanza (kept for Built-Using).
  assert.equal(glibc.length, 2);
  assert.ok(glibc.some((p) => p['Extra-Source-Only'] === 'yes'));
  const parsed = deb.parseSources(text);
  const g = parsed.sources.filter((s) => s.name === 'glibc');
  assert.equal(g.length, 1);
  assert.notEqual(g[0].version, '2.36-8');
  assert.ok(g[0].binaries.includes('libc6'));
  assert.ok(parsed.skipped >= 1);
});

test('the fixture Packages: Source with a version, default source, Provides, Essential', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'Packages'), 'utf8');
  const { binaries } = deb.parsePackages(text);
  const by = new Map(binaries.map((b) => [b.name, b]));
  assert.equal(by.get('libasound2').source, 'alsa-lib'); // "Source: alsa-lib (1.2.8-1)"
  assert.equal(by.get('libc6').source, 'glibc');
  assert.equal(by.get('gawk').source, 'gawk'); // no Source field
  assert.deepEqual(by.get('gawk').provides, ['awk']);
  assert.equal(by.get('bash').essential, true);
  assert.equal(by.get('libc6').essential, false);
  assert.deepEqual(
    deb.binaryDepends(by.get('gawk')).map((d) => d.field),
    ['Pre-Depends'],
  );
  assert.equal(deb.sourceNameOf('foo (1.2-3)', 'libfoo1'), 'foo');
  assert.equal(deb.sourceNameOf(undefined, 'libfoo1'), 'libfoo1');
});

test('debian versions compare like dpkg', () => {
  const lt = [
    ['1.0', '1.1'],
    ['1.0~rc1', '1.0'],
    ['2.36-8', '2.36-9+deb12u14'],
    ['2.0', '1:0.1'], // the epoch wins
    ['1.0-1', '1.0-1+b1'],
    ['1.2.8-1', '1.2.10-1'],
    ['a', 'b'],
    ['1.0', '1.0a'],
  ];
  for (const [a, b] of lt) {
    assert.ok(deb.compareVersions(a, b) < 0, `${a} < ${b}`);
    assert.ok(deb.compareVersions(b, a) > 0, `${b} > ${a}`);
  }
  assert.equal(deb.compareVersions('1.0-1', '1.0-1'), 0);
  assert.equal(deb.compareVersions('0:1.0', '1.0'), 0);
});
