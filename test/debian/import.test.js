'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const YAML = require('yaml');

const deb = require('../../server/out/import/debian/index.js');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'debian');
const SOURCES = path.join(FIXTURES, 'Sources');
const PACKAGES = path.join(FIXTURES, 'Packages');
const NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

let cached;
function fixtureImport() {
  cached ??= deb.importDebian({ sources: SOURCES, packages: PACKAGES });
  return cached;
}

test('the fixture imports into a valid bootstrap file', async () => {
  const { text, stats } = await fixtureImport();
  const doc = YAML.parse(text);
  assert.equal(doc.version, 1);
  const names = Object.keys(doc.packages);
  assert.equal(names.length, stats.packages);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // Every name a list holds is declared: a package, a binary of one, or a name a binary provides.
  const known = new Set(names);
  let binaries = 0;
  for (const p of Object.values(doc.packages)) {
    for (const [b, spec] of Object.entries(p.binaries ?? {})) {
      known.add(b);
      binaries++;
      for (const v of spec.provides ?? []) known.add(v);
    }
  }
  const checkList = (where, value) => {
    assert.ok(Array.isArray(value), where);
    assert.deepEqual(value, [...new Set(value)].sort(), `${where} sorted and unique`);
    for (const dep of value) {
      assert.equal(typeof dep, 'string');
      assert.ok(known.has(dep), `${where}: ${dep} is declared`);
    }
  };
  for (const [name, p] of Object.entries(doc.packages)) {
    assert.match(name, NAME);
    for (const [key, value] of Object.entries(p)) {
      assert.match(key, /^(build-depends|depends|build-depends-bootstrap[1-9][0-9]*|prebuilt|description|maintainer|uploaders|binaries)$/);
      if (key === 'prebuilt') assert.equal(value, true);
      else if (key === 'description' || key === 'maintainer') assert.equal(typeof value, 'string');
      else if (key === 'uploaders') assert.ok(value.length > 0 && value.every((u) => typeof u === 'string' && /<[^>]+>$/.test(u)), `${name}.uploaders`);
      else if (key === 'binaries') {
        for (const [b, spec] of Object.entries(value)) {
          assert.match(b, NAME);
          for (const [k, v] of Object.entries(spec)) {
            assert.match(k, /^(depends|provides|prebuilt)$/);
            if (k === 'prebuilt') assert.equal(v, true);
            else if (k === 'depends') checkList(`${name}.binaries.${b}.depends`, v);
            else assert.deepEqual(v, [...new Set(v)].sort());
          }
          assert.ok(!(spec.depends ?? []).includes(b), `${b} does not depend on itself`);
        }
      } else checkList(`${name}.${key}`, value);
    }
  }
  assert.equal(binaries, stats.binaries);
  assert.ok(stats.sources >= 200);
  assert.ok(stats.selfLoops >= 1);
});

test('Maintainer and Uploaders are kept as package metadata', async () => {
  const { text } = await fixtureImport();
  const doc = YAML.parse(text);
  assert.equal(doc.packages.glibc.maintainer, 'GNU Libc Maintainers <debian-glibc@lists.debian.org>');
  assert.deepEqual(doc.packages.glibc.uploaders, ['Clint Adams <clint@debian.org>', 'Aurelien Jarno <aurel32@debian.org>', 'Samuel Thibault <sthibault@debian.org>']);
  assert.equal(doc.packages.acl.maintainer, 'Guillem Jover <guillem@debian.org>');
  assert.equal(doc.packages.acl.uploaders, undefined);
  // A name holding a comma stays one uploader; entries split after '>'; continuation lines join.
  const { sources } = deb.parseSources('Package: p\nVersion: 1\nMaintainer: Team\n <team@example.org>\nUploaders: Doe, Jane <jane@example.org>,\n Bob <bob@example.org>, Bob <bob@example.org>\n');
  assert.equal(sources[0].maintainer, 'Team <team@example.org>');
  assert.deepEqual(sources[0].uploaders, ['Doe, Jane <jane@example.org>', 'Bob <bob@example.org>']);
});

test('stage-1 sets of real profile users', async () => {
  const doc = YAML.parse((await fixtureImport()).text);
  const P = doc.packages;
  // Build dependencies name the binaries of the control file (the first that exists).
  // glibc: libgd-dev <!stage1 !stage2>; libcap-dev, libselinux1-dev <!stage2>.
  const without = (list, ...drop) => list.filter((x) => !drop.includes(x));
  assert.deepEqual(P.glibc['build-depends-bootstrap1'], without(P.glibc['build-depends'], 'libgd-dev'));
  assert.deepEqual(P.glibc['build-depends-bootstrap2'], without(P.glibc['build-depends'], 'libgd-dev', 'libcap-dev', 'libselinux1-dev'));
  // util-linux: libaudit-dev, libcap-ng-dev, libcrypt-dev, libpam0g-dev, libsystemd-dev, libudev-dev,
  // systemd <!stage1>; bc, netbase, socat <!stage1 !nocheck>.
  assert.deepEqual(
    P['util-linux']['build-depends-bootstrap1'],
    without(P['util-linux']['build-depends'], 'bc', 'libaudit-dev', 'libcap-ng-dev', 'libcrypt-dev', 'libpam0g-dev', 'libsystemd-dev', 'libudev-dev', 'netbase', 'socat', 'systemd'),
  );
  assert.deepEqual(P['util-linux']['build-depends-bootstrap1'], [
    'asciidoctor',
    'bison',
    'debhelper',
    'dh-exec',
    'gettext',
    'libcryptsetup-dev',
    'libncurses5-dev',
    'libncursesw5-dev',
    'libreadline-dev',
    'libselinux1-dev',
    'libtool',
    'pkg-config',
    'po-debconf',
    'zlib1g-dev',
  ]);
  // expat: docbook2x <!stage1>.
  assert.deepEqual(P.expat['build-depends'], ['debhelper', 'docbook-to-man', 'docbook2x']);
  assert.deepEqual(P.expat['build-depends-bootstrap1'], ['debhelper', 'docbook-to-man']);
  // systemd drops (among others) libcryptsetup-dev, libcurl4-openssl-dev, libssl-dev <!stage1>.
  for (const gone of ['libcryptsetup-dev', 'libcurl4-openssl-dev', 'libssl-dev', 'libtss2-dev', 'libapparmor-dev']) {
    assert.ok(P.systemd['build-depends'].includes(gone));
    assert.ok(!P.systemd['build-depends-bootstrap1'].includes(gone), gone);
  }
  // llvm-toolchain-14: "llvm-spirv-14 [...] <!stage1> | hello [!i386]" is hello in stage 1.
  assert.ok(P['llvm-toolchain-14']['build-depends'].includes('llvm-spirv-14'));
  assert.ok(!P['llvm-toolchain-14']['build-depends'].includes('hello'));
  assert.ok(P['llvm-toolchain-14']['build-depends-bootstrap1'].includes('hello'));
  assert.ok(!P['llvm-toolchain-14']['build-depends-bootstrap1'].includes('llvm-spirv-14'));
  // Only stage profiles make sets: nocheck/nodoc/pkg.* users get none (php-monolog: <!nocheck> <!stage1>).
  assert.equal(P['php-monolog']?.['build-depends-bootstrap1'], undefined);
  assert.equal(P.gettext['build-depends-bootstrap1'], undefined);
  assert.equal(P.binutils['build-depends-bootstrap1'], undefined);
});

test('runtime depends per binary, Architecture: all binaries and prebuilt on real data', async () => {
  const doc = YAML.parse((await fixtureImport()).text);
  const P = doc.packages;
  // Each binary carries its own Depends/Pre-Depends, as binary names.
  assert.ok(P.perl.binaries['perl-base'].depends.includes('libc6'));
  assert.ok(Object.hasOwn(P.glibc.binaries, 'libc6'));
  assert.ok(P['gcc-12'].binaries['gcc-12'].depends.includes('binutils'));
  assert.deepEqual(P.bash.binaries.bash.depends, ['base-files', 'debianutils', 'libc6', 'libtinfo6']);
  // ... and not those of its siblings: libc6 does not need what locales or nscd need.
  assert.ok(!P.glibc.binaries.libc6.depends.includes('libaudit1'));
  assert.ok(P.glibc.binaries.nscd.depends.includes('libaudit1'));
  // No package-level depends: the binaries carry them.
  assert.equal(P.glibc.depends, undefined);
  // Architecture: all binaries are available before their source is built.
  assert.equal(P.glibc.binaries.locales.prebuilt, true);
  assert.equal(P.glibc.binaries.libc6.prebuilt, undefined);
  // Virtual names a binary provides, when no real binary carries them.
  assert.ok(P.glibc.binaries['libc6-dev'].provides.includes('libc-dev'));
  // Essential / build-essential closure.
  for (const n of ['glibc', 'bash', 'coreutils', 'dpkg', 'gcc-12', 'binutils', 'build-essential', 'perl']) {
    assert.equal(P[n].prebuilt, true, n);
  }
  // A source building only Architecture: all binaries.
  assert.equal(P.debhelper.prebuilt, true);
  assert.equal(P['python3.11'].prebuilt, undefined);
  assert.equal(P.systemd.prebuilt, true); // libsystemd0 is in the closure (via util-linux)
  assert.equal(P['util-linux'].prebuilt, true);
  assert.equal(P.krb5.prebuilt, true); // libgssapi-krb5-2 via libtirpc3
  assert.equal(P.expat.prebuilt, undefined);
  // The core is botch-native's minimal set: debhelper's runtime closure is in
  // it (dwz, gettext, man-db, …), debconf (Architecture: all only) only as such.
  for (const n of ['dwz', 'gettext', 'man-db', 'libxml2', 'elfutils']) assert.equal(P[n].prebuilt, true, n);
  // The excerpt keeps that closure whole (scripts/make-debian-fixture.js), so its core is the full
  // archive's: 89 sources, as `strap import debian` reports on all of bookworm (docs/debian.md).
  assert.match((await fixtureImport()).text, /^# Prebuilt: \d+ \(the core, as botch-native's minimal set: .*Essential, build-essential, apt, sysvinit-core, debhelper and their runtime closure: 89; sources building only Architecture: all binaries: \d+/m);
});

test('--core essential: the smaller core (Essential, build-essential and their runtime closure)', async () => {
  const old = await deb.importDebian({ sources: SOURCES, packages: PACKAGES, core: 'essential' });
  const P = YAML.parse(old.text).packages;
  for (const n of ['dwz', 'gettext', 'file', 'libxml2', 'elfutils']) assert.equal(P[n].prebuilt, undefined, n);
  for (const n of ['glibc', 'bash', 'gcc-12', 'perl']) assert.equal(P[n].prebuilt, true, n);
  assert.match(old.text, /^# Prebuilt: \d+ \(Essential, build-essential and their runtime closure: 69;/m);
});

test('unresolved dependencies are returned, counted and listed in the header', async () => {
  const { text, unresolved, stats } = await fixtureImport();
  assert.deepEqual(unresolved, [
    { source: 'cmucl', field: 'Build-Depends-Arch', relation: 'cmucl (>= 21c)' },
    { source: 'console-setup', field: 'Depends', relation: 'kbdcontrol', binary: 'console-setup-freebsd' },
    { source: 'console-setup', field: 'Depends', relation: 'vidcontrol', binary: 'console-setup-freebsd' },
  ]);
  assert.equal(stats.unresolved, 3);
  const header = text.slice(0, text.indexOf('\nversion: 1'));
  assert.match(header, /^# Unresolved dependencies: 3 /m);
  assert.match(header, /^# {3}cmucl: Build-Depends-Arch: cmucl \(>= 21c\)$/m);
  assert.match(header, /^# {3}console-setup: Depends of console-setup-freebsd: kbdcontrol$/m);
  // Kept out of the lists: cmucl does not build-depend on itself.
  assert.ok(!(YAML.parse(text).packages.cmucl['build-depends'] ?? []).includes('cmucl'));
});

test('the header summarises the import without dates', async () => {
  const { text } = await fixtureImport();
  const header = text.slice(0, text.indexOf('\nversion: 1'));
  for (const line of header.split('\n')) if (line !== '') assert.match(line, /^#/);
  assert.match(header, /Input: Sources \(\d+ source stanzas\), Packages \(\d+ binary stanzas\)/);
  assert.match(header, /Architecture: amd64; profiles active in every build: none/);
  assert.match(header, /build-depends-bootstrap1 in \d+, build-depends-bootstrap2 in 1/);
  assert.doesNotMatch(header, /20\d\d-\d\d-\d\d/);
});

test('the import is deterministic', async () => {
  const a = await deb.importDebian({ sources: SOURCES, packages: PACKAGES });
  const b = await deb.importDebian({ sources: SOURCES, packages: PACKAGES });
  assert.equal(a.text, b.text);
  assert.deepEqual(a.stats, b.stats);
  assert.deepEqual(a.unresolved, b.unresolved);
  // Same as the pure entry on the texts, and independent of stanza order.
  const sText = fs.readFileSync(SOURCES, 'utf8');
  const pText = fs.readFileSync(PACKAGES, 'utf8');
  const c = deb.importDebianFromText({ sourcesText: sText, packagesText: pText });
  assert.equal(c.text, a.text);
  const reversed = (t) => t.trim().split(/\n\s*\n/).reverse().join('\n\n') + '\n';
  const d = deb.importDebianFromText({ sourcesText: reversed(sText), packagesText: reversed(pText) });
  assert.equal(d.text, a.text);
});

test('gzip-compressed indexes are detected by their magic bytes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-debian-'));
  try {
    // Deliberately named without .gz.
    fs.writeFileSync(path.join(dir, 'Sources'), zlib.gzipSync(fs.readFileSync(SOURCES)));
    fs.writeFileSync(path.join(dir, 'Packages.gz'), zlib.gzipSync(fs.readFileSync(PACKAGES)));
    const r = await deb.importDebian({ sources: path.join(dir, 'Sources'), packages: path.join(dir, 'Packages.gz') });
    const plain = await fixtureImport();
    assert.equal(r.text.replace(/Packages\.gz/, 'Packages'), plain.text);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--arch, --profiles and --prebuilt', async () => {
  const nocheck = await deb.importDebian({ sources: SOURCES, packages: PACKAGES, profiles: ['nocheck'] });
  const P = YAML.parse(nocheck.text).packages;
  const full = YAML.parse((await fixtureImport()).text).packages;
  // util-linux: bc <!stage1 !nocheck> is gone from the full build too (bc is a binary of bc).
  assert.ok(full['util-linux']['build-depends'].includes('bc'));
  assert.ok(!P['util-linux']['build-depends'].includes('bc'));
  assert.match(nocheck.text, /profiles active in every build: nocheck/);
  assert.deepEqual(nocheck.stats.profiles, ['nocheck']);

  const given = await deb.importDebian({ sources: SOURCES, packages: PACKAGES, prebuilt: ['glibc', 'gcc-12', 'no-such'] });
  const G = YAML.parse(given.text).packages;
  assert.deepEqual(
    Object.keys(G).filter((n) => G[n].prebuilt),
    ['gcc-12', 'glibc'],
  );
  assert.deepEqual(given.stats.unknownPrebuilt, ['no-such']);
  assert.match(given.text, /Prebuilt: 2 \(given explicitly\); not packages here: no-such/);

  // On i386, "hello [!i386]" is out and "g++-12-multilib [amd64 i386 ...]" stays.
  const i386 = await deb.importDebian({ sources: SOURCES, packages: PACKAGES, arch: 'i386' });
  assert.equal(i386.stats.arch, 'i386');
  assert.ok(YAML.parse(i386.text).packages.glibc['build-depends'].includes('g++-12-multilib'));
});

test('one debian/control with the archive Packages', async () => {
  const control = `# debian/control of a package outside the archive
Source: strap-demo
Section: devel
Priority: optional
Maintainer: Nobody <nobody@example.org>
Build-Depends: debhelper-compat (= 13),
               libc6-dev <!nocheck>,
               llvm-spirv-14 [amd64 arm64] <!stage1> | hello [!i386],
               missing-build-tool
Standards-Version: 4.6.2

Package: strap-demo
Architecture: any
Depends: \${shlibs:Depends}, \${misc:Depends}, perl
Description: demo
 A demo package.

Package: strap-demo-doc
Architecture: all
Depends: strap-demo, \${misc:Depends}
Description: demo documentation

Package: strap-demo-hurd
Architecture: hurd-any
Depends: no-such-runtime
Description: not built on amd64
`;
  const r = deb.importDebianFromText({ controlText: control, packagesText: fs.readFileSync(PACKAGES, 'utf8') });
  const P = YAML.parse(r.text).packages;
  assert.deepEqual(P['strap-demo'], {
    'build-depends': ['debhelper', 'libc6-dev', 'llvm-spirv-14'], // debhelper-compat: provided by debhelper
    'build-depends-bootstrap1': ['debhelper', 'hello', 'libc6-dev'],
    maintainer: 'Nobody <nobody@example.org>',
    binaries: {
      'strap-demo': { depends: ['perl'] },
      'strap-demo-doc': { depends: ['strap-demo'], prebuilt: true },
    },
  });
  // Everything else is known from the binary index only.
  assert.equal(P.hello.prebuilt, true);
  assert.match(P.hello.description, /binary index/);
  assert.deepEqual(r.unresolved, [{ source: 'strap-demo', field: 'Build-Depends', relation: 'missing-build-tool' }]);
  assert.match(r.text, /Input: debian\/control \(source strap-demo\), Packages/);
  assert.equal(r.stats.sources, 1);

  // The file-reading entry accepts --control as well.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-debian-'));
  try {
    fs.mkdirSync(path.join(dir, 'debian'));
    fs.writeFileSync(path.join(dir, 'debian', 'control'), control);
    const f = await deb.importDebian({ control: path.join(dir, 'debian', 'control'), packages: PACKAGES });
    assert.equal(f.text, r.text);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(deb.importDebian({ packages: PACKAGES }), /Sources|control/);
});

test('YAML scalars that would not read back as strings are quoted', () => {
  assert.equal(deb.yamlName('gcc-12'), 'gcc-12');
  assert.equal(deb.yamlName('0ad'), '0ad');
  assert.equal(deb.yamlName('e17'), 'e17');
  for (const n of ['2048', '0xffff', '1.0', 'true', 'no', 'null', 'on', '1e5', '1_000']) {
    const q = deb.yamlName(n);
    assert.equal(q, JSON.stringify(n));
    assert.equal(YAML.parse(`[${q}]`)[0], n);
    assert.equal(YAML.parse(`[${q}]`, { version: '1.1' })[0], n);
  }
  const text = deb.emitBootstrapYaml(
    [
      { name: '2048', buildDepends: ['0xffff', 'true'], bootstrap: new Map([[1, []]]), depends: [], prebuilt: false, external: false },
      { name: '0xffff', buildDepends: [], bootstrap: new Map(), depends: [], prebuilt: true, external: false },
      { name: 'true', buildDepends: [], bootstrap: new Map(), depends: [], prebuilt: false, external: false },
    ],
    { lines: ['test'], unresolved: [] },
  );
  assert.deepEqual(YAML.parse(text), {
    version: 1,
    packages: {
      2048: { 'build-depends': ['0xffff', 'true'], 'build-depends-bootstrap1': [] },
      '0xffff': { prebuilt: true },
      true: {},
    },
  });
});
