'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const deb = require('../../server/out/import/debian/index.js');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'debian');
const ctx = (profiles = []) => ({ arch: 'amd64', profiles: new Set(profiles) });

// A small archive in Debian's own notation (names from bookworm).
const PACKAGES = `Package: libc6
Source: glibc
Version: 2.36-9
Architecture: amd64
Depends: libgcc-s1

Package: libc6-dev
Source: glibc
Version: 2.36-9
Architecture: amd64
Depends: libc6 (= 2.36-9), libc-dev-bin (= 2.36-9), linux-libc-dev, libcrypt-dev

Package: libc-dev-bin
Source: glibc
Version: 2.36-9
Architecture: amd64
Depends: libc6 (>> 2.36)

Package: libgcc-s1
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14
Architecture: amd64
Depends: gcc-12-base (= 12.2.0-14), libc6 (>= 2.35)

Package: gcc-12-base
Source: gcc-12
Version: 12.2.0-14
Architecture: amd64

Package: gcc-12
Version: 12.2.0-14
Architecture: amd64
Provides: c-compiler, gcc-x86-64-linux-gnu
Depends: gcc-12-base (= 12.2.0-14), binutils, libc6 (>= 2.34)

Package: tcc
Version: 0.9.27
Architecture: amd64
Provides: c-compiler

Package: binutils
Version: 2.40-2
Architecture: amd64
Depends: libc6

Package: linux-libc-dev
Source: linux
Version: 6.1.1
Architecture: amd64

Package: mawk
Version: 1.3.4
Architecture: amd64
Provides: awk

Package: gawk
Version: 1:5.2.1-2
Architecture: amd64
Provides: awk
Pre-Depends: libc6 (>= 2.34)

Package: hello
Version: 2.10-3
Architecture: amd64
Depends: libc6

Package: debhelper
Version: 13.11.4
Architecture: all
Provides: debhelper-compat (= 13), dh-sequence-foo
Depends: perl:any

Package: perl
Version: 5.36.0-7
Architecture: amd64
Depends: libc6
`;

function index(text = PACKAGES) {
  return new deb.BinaryIndex(deb.parsePackages(text).binaries);
}

function resolve(field, profiles = [], idx = index()) {
  return deb.parseRelations(field).map((g) => {
    const r = deb.resolveGroup(g, ctx(profiles), idx);
    return r.kind === 'resolved' ? r.source : r.kind;
  });
}

test('a binary resolves to its source; Source: with a version is stripped; default is the binary name', () => {
  assert.deepEqual(resolve('libc6-dev, libgcc-s1, gcc-12-base, binutils, linux-libc-dev'), [
    'glibc',
    'gcc-12',
    'gcc-12',
    'binutils',
    'linux',
  ]);
});

test('version constraints and :any / :native qualifiers are ignored', () => {
  assert.deepEqual(resolve('perl:any (>= 5.10), perl:native, libc6:amd64 (<< 9)'), ['perl', 'perl', 'glibc']);
});

test('virtual packages resolve through Provides to the lowest source name', () => {
  // awk: gawk and mawk provide it -> gawk; c-compiler: gcc-12 and tcc -> gcc-12.
  assert.deepEqual(resolve('awk, c-compiler, debhelper-compat (= 13)'), ['gawk', 'gcc-12', 'debhelper']);
  // A real binary wins over providers.
  const idx = index(PACKAGES + '\nPackage: awk\nSource: original-awk\nVersion: 1\nArchitecture: amd64\n');
  assert.deepEqual(resolve('awk', [], idx), ['original-awk']);
});

test('the first existing alternative wins; unknown ones are skipped', () => {
  assert.deepEqual(resolve('no-such-package | mawk | gawk'), ['mawk']);
  assert.deepEqual(resolve('no-such-package | also-missing'), ['unresolved']);
});

test('restrictions are evaluated before choosing: llvm-spirv-14 <!stage1> | hello', () => {
  const idx = index(PACKAGES + '\nPackage: llvm-spirv-14\nSource: spirv-llvm-translator-14\nVersion: 14.0.0-5\nArchitecture: amd64\n');
  const field = 'llvm-spirv-14 [amd64 arm64] <!stage1> | hello [!i386]';
  assert.deepEqual(resolve(field, [], idx), ['spirv-llvm-translator-14']);
  assert.deepEqual(resolve(field, ['stage1'], idx), ['hello']);
  // Nothing applies on i386: the group is not needed at all (not unresolved).
  const r = deb.resolveGroup(deb.parseRelations(field)[0], { arch: 'i386', profiles: new Set() }, idx);
  assert.equal(r.kind, 'skip');
  // Profile-restricted and arch-restricted groups that do not apply are skipped.
  assert.deepEqual(resolve('hello <stage1>, hello [hurd-any], hello <!nocheck>', ['nocheck']), ['skip', 'skip', 'skip']);
});

function archive(sourcesText, packagesText = PACKAGES, options = {}) {
  const sources = deb.parseSources(sourcesText).sources;
  const binaries = deb.parsePackages(packagesText).binaries;
  const res = deb.resolveArchive(sources, binaries, { arch: 'amd64', profiles: [], ...options });
  return { ...res, by: new Map(res.packages.map((p) => [p.name, p])) };
}

const SOURCES = `Package: glibc
Version: 2.36-9
Architecture: any all
Build-Depends: gcc-12, binutils, libc6-dev <cross>, libgd-dev <!stage1 !stage2>, mawk <!stage2>, libcap-dev <!stage2>

Package: gcc-12
Version: 12.2.0-14
Architecture: any
Build-Depends: libc6-dev, binutils, gcc-12 <!stage1>, gawk, no-such-dev (>= 1) | also-missing, hurd-dev [hurd-any]

Package: binutils
Version: 2.40-2
Architecture: any
Build-Depends: gcc-12, libc6-dev

Package: hello
Version: 2.10-3
Architecture: any
Build-Depends: debhelper-compat (= 13)

Package: debhelper
Version: 13.11.4
Architecture: all
Build-Depends: perl:any

Package: hurd
Version: 1:0.9
Architecture: hurd-any
Build-Depends: mig
`;

test('build dependencies: binary names, sorted, unique; self-loops kept', () => {
  const { by } = archive(SOURCES);
  assert.deepEqual(by.get('glibc').buildDepends, ['binutils', 'gcc-12', 'mawk']);
  // libc6-dev is a binary of glibc; gcc-12 <!stage1> is gcc-12's own binary (a self-loop).
  assert.deepEqual(by.get('gcc-12').buildDepends, ['binutils', 'gawk', 'gcc-12', 'libc6-dev']);
  assert.equal(by.get('gcc-12').selfLoop, true);
  assert.equal(by.get('glibc').selfLoop, false);
  // A virtual name is written as its provider.
  assert.deepEqual(by.get('hello').buildDepends, ['debhelper']);
});

test('stage sets: only where they differ from the full set; stageN evaluated alone', () => {
  const { by } = archive(SOURCES);
  const glibc = by.get('glibc');
  // libgd-dev and libcap-dev are not in this archive: only mawk <!stage2> changes a set.
  assert.deepEqual([...glibc.bootstrap.keys()], [2]);
  assert.deepEqual(glibc.bootstrap.get(2), ['binutils', 'gcc-12']);
  assert.deepEqual([...by.get('gcc-12').bootstrap.entries()], [[1, ['binutils', 'gawk', 'libc6-dev']]]);
  assert.equal(by.get('binutils').bootstrap.size, 0);
});

test('profiles given explicitly are active in every evaluation', () => {
  const { by } = archive(SOURCES, PACKAGES, { profiles: ['stage2'] });
  // With stage2 always active the full set already drops mawk.
  assert.deepEqual(by.get('glibc').buildDepends, ['binutils', 'gcc-12']);
  assert.equal(by.get('glibc').bootstrap.size, 0);
});

test('runtime depends: per binary, as binary names; Architecture: all binaries are prebuilt', () => {
  const { by } = archive(SOURCES);
  // glibc builds libc6 (-> libgcc-s1), libc6-dev (-> libc6, libc-dev-bin, linux-libc-dev,
  // libcrypt-dev: missing) and libc-dev-bin (-> libc6): each keeps its own.
  assert.deepEqual(by.get('glibc').binaries, [
    { name: 'libc-dev-bin', depends: ['libc6'], provides: [], prebuilt: false },
    { name: 'libc6', depends: ['libgcc-s1'], provides: [], prebuilt: false },
    { name: 'libc6-dev', depends: ['libc-dev-bin', 'libc6', 'linux-libc-dev'], provides: [], prebuilt: false },
  ]);
  assert.deepEqual(by.get('glibc').depends, []);
  // Provides that a real binary does not carry are kept (c-compiler: also tcc's).
  assert.deepEqual(by.get('gcc-12').binaries.find((b) => b.name === 'gcc-12'),
    { name: 'gcc-12', depends: ['binutils', 'gcc-12-base', 'libc6'], provides: ['c-compiler', 'gcc-x86-64-linux-gnu'], prebuilt: false });
  assert.deepEqual(by.get('debhelper').binaries, [
    { name: 'debhelper', depends: ['perl'], provides: ['debhelper-compat', 'dh-sequence-foo'], prebuilt: true },
  ]);
});

test('unresolvable dependencies are reported, never silently dropped', () => {
  const { unresolved, by } = archive(SOURCES);
  assert.deepEqual(
    unresolved.filter((u) => u.source === 'gcc-12'),
    [{ source: 'gcc-12', field: 'Build-Depends', relation: 'no-such-dev (>= 1) | also-missing' }],
  );
  assert.ok(
    unresolved.some((u) => u.source === 'glibc' && u.binary === 'libc6-dev' && u.field === 'Depends' && u.relation === 'libcrypt-dev'),
  );
  // libgd-dev <!stage1 !stage2> and libcap-dev <!stage2> only fail in the full build.
  assert.ok(unresolved.some((u) => u.source === 'glibc' && u.relation === 'libgd-dev <!stage1 !stage2>'));
  assert.ok(!by.get('gcc-12').buildDepends.includes('no-such-dev'));
  // A relation needed only by a stage build is reported with its stage.
  const stageOnly = archive('Package: hello\nVersion: 1\nArchitecture: any\nBuild-Depends: mawk, stage-tool <stage1>\n');
  assert.deepEqual(stageOnly.unresolved.filter((u) => u.source === 'hello'), [{ source: 'hello', field: 'Build-Depends (stage1)', relation: 'stage-tool <stage1>' }]);
  assert.deepEqual([...stageOnly.by.get('hello').bootstrap.entries()], []);
});

test('sources not built on the architecture are skipped; referenced sources become external packages', () => {
  const { by, skippedArch } = archive(SOURCES);
  assert.deepEqual(skippedArch, ['hurd']);
  assert.equal(by.has('hurd'), false);
  // perl, linux, gawk and mawk have binaries but no Sources stanza here.
  assert.equal(by.get('perl').external, true);
  assert.equal(by.get('perl').prebuilt, true);
  assert.deepEqual(by.get('perl').binaries, [{ name: 'perl', depends: ['libc6'], provides: [], prebuilt: false }]);
  assert.equal(by.get('linux').external, true);
});

test('prebuilt: the core (Essential, build-essential, debhelper, … and their runtime closure), and Architecture: all only sources', () => {
  const pk =
    PACKAGES.replace('Package: binutils\n', 'Package: binutils\nEssential: yes\n') +
    '\nPackage: build-essential\nVersion: 12.9\nArchitecture: amd64\nDepends: hello\n';
  const src = SOURCES + '\nPackage: build-essential\nVersion: 12.9\nArchitecture: any\nBuild-Depends: debhelper\n';
  const { by, prebuiltReasons } = archive(src, pk);
  // binutils (Essential) -> libc6 (glibc) -> libgcc-s1 (gcc-12) -> gcc-12-base; build-essential -> hello;
  // debhelper (Architecture: all, not itself in the core) -> perl.
  const prebuilt = [...by.values()].filter((p) => p.prebuilt).map((p) => p.name);
  assert.deepEqual(prebuilt.sort(), [
    'binutils',
    'build-essential',
    'debhelper',
    'gawk',
    'gcc-12',
    'glibc',
    'hello',
    'linux',
    'mawk',
    'perl',
  ]);
  assert.deepEqual(prebuiltReasons, { essential: 6, archAll: 1, external: 3 });
  const idx = new deb.BinaryIndex(deb.parsePackages(pk).binaries);
  assert.deepEqual(deb.coreClosure(idx, ctx()), ['binutils', 'build-essential', 'gcc-12', 'glibc', 'hello', 'perl']);
  // The smaller core strap had first: no debhelper, so no perl.
  assert.deepEqual(deb.essentialClosure(idx, ctx()), ['binutils', 'build-essential', 'gcc-12', 'glibc', 'hello']);
});

test("the default core is botch-native's minimal set: debhelper's, apt's and sysvinit-core's runtime closure, by binary", () => {
  // debhelper (Architecture: all) needs man-db, apt needs gpgv, sysvinit-core
  // needs insserv: their sources join the core. man-db's source also builds
  // man-db-extra, which nothing in the core needs: the core is taken per
  // binary. debconf is Architecture: all and in the closure: its source is
  // not in the core for it (it builds debconf-tiny-arch too, which is not
  // Architecture: all and not needed).
  const pk = `${PACKAGES.replace('Depends: perl:any', 'Depends: perl:any, man-db, debconf')}
Package: man-db
Version: 2.11.2-2
Architecture: amd64
Depends: libc6, groff-base

Package: man-db-extra
Source: man-db
Version: 2.11.2-2
Architecture: amd64
Depends: expat-tools

Package: expat-tools
Source: expat
Version: 2.5.0-1
Architecture: amd64

Package: groff-base
Source: groff
Version: 1.22.4-10
Architecture: amd64

Package: debconf
Version: 1.5.82
Architecture: all

Package: debconf-tiny-arch
Source: debconf
Version: 1.5.82
Architecture: amd64
Depends: expat-tools

Package: apt
Version: 2.6.1
Architecture: amd64
Depends: gpgv | gpgv1

Package: gpgv
Source: gnupg2
Version: 2.2.40-1.1
Architecture: amd64

Package: gpgv1
Source: gnupg1
Version: 1.4.23-1.1
Architecture: amd64

Package: sysvinit-core
Source: sysvinit
Version: 3.06-4
Architecture: amd64
Depends: insserv

Package: insserv
Version: 1.24.0-1
Architecture: amd64
`;
  const src = ['man-db', 'expat', 'groff', 'debconf', 'apt', 'gnupg2', 'gnupg1', 'sysvinit', 'insserv']
    .map((n) => `\nPackage: ${n}\nVersion: 1\nArchitecture: any\nBuild-Depends: debhelper\n`)
    .join('');
  const { by, prebuiltReasons } = archive(SOURCES + src, pk);
  const idx = new deb.BinaryIndex(deb.parsePackages(pk).binaries);
  const core = ['apt', 'glibc', 'gcc-12', 'gnupg2', 'groff', 'insserv', 'man-db', 'perl', 'sysvinit'].sort();
  assert.deepEqual(deb.coreClosure(idx, ctx()), core);
  for (const n of core) assert.equal(by.get(n).prebuilt, true, `${n} is in the core`);
  for (const n of ['expat', 'debconf', 'gnupg1', 'hello', 'binutils']) assert.equal(by.get(n).prebuilt, false, `${n} is not`);
  assert.equal(prebuiltReasons.essential, core.length);
  // --core essential: the old core, here empty of Essential binaries and build-essential.
  assert.deepEqual(deb.coreClosure(idx, ctx(), 'essential'), []);
  const old = archive(SOURCES + src, pk, { core: 'essential' });
  for (const n of ['man-db', 'groff', 'apt', 'insserv']) assert.equal(old.by.get(n).prebuilt, false, `${n} is not in the old core`);
});

test('--prebuilt overrides the computed set', () => {
  const { by, unknownPrebuilt } = archive(SOURCES, PACKAGES, { prebuilt: ['gcc-12', 'nonexistent'] });
  assert.deepEqual(
    [...by.values()].filter((p) => p.prebuilt).map((p) => p.name),
    ['gcc-12'],
  );
  assert.deepEqual(unknownPrebuilt, ['nonexistent']);
});

test('fixture: real resolution facts', () => {
  const sources = deb.parseSources(fs.readFileSync(path.join(FIXTURES, 'Sources'), 'utf8')).sources;
  const binaries = deb.parsePackages(fs.readFileSync(path.join(FIXTURES, 'Packages'), 'utf8')).binaries;
  const idx = new deb.BinaryIndex(binaries);
  assert.equal(idx.sourceOf('libasound2'), 'alsa-lib'); // Source: alsa-lib (1.2.8-1)
  assert.equal(idx.sourceOf('awk'), 'gawk'); // provided by gawk and mawk
  assert.equal(idx.sourceOf('c-compiler'), 'gcc-12'); // gcc-12, gcc-defaults, llvm-toolchain-14
  assert.equal(idx.sourceOf('debhelper-compat'), 'debhelper');
  assert.equal(idx.sourceOf('python3:any'), undefined); // names carry no qualifier
  assert.equal(idx.sourceOf('llvm-spirv-14'), 'spirv-llvm-translator-14');
  const { packages } = deb.resolveArchive(sources, binaries, { arch: 'amd64', profiles: [] });
  const by = new Map(packages.map((p) => [p.name, p]));
  // Self-loops are real: gcc-12 needs gcc-12 (via gcc-12 | g++-12 binaries), alex needs alex.
  assert.ok(by.get('gcc-12').selfLoop);
  assert.ok(by.get('alex').buildDepends.includes('alex'));
  assert.ok(by.get('alex').selfLoop);
  assert.ok(!by.get('alex').bootstrap.get(1).includes('alex')); // alex:native <!stage1>
  // python3:any -> the python3 binary (of python3-defaults)
  assert.ok(by.get('gcc-12').buildDepends.includes('python3'));
  assert.equal(idx.sourceOf('python3'), 'python3-defaults');
});
