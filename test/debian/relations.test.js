'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');

const deb = require('../../server/out/import/debian/index.js');

const noProfiles = new Set();
const amd64 = (profiles = []) => ({ arch: 'amd64', profiles: new Set(profiles) });

test('groups, alternatives, versions, qualifiers', () => {
  // From glibc's Build-Depends (bookworm).
  const groups = deb.parseRelations(
    'dpkg (>= 1.18.7), debhelper-compat (= 13), python3:native, ' +
      'hurd-dev (>= 1:0.9.git20201127-4~) [hurd-i386] | hurd-headers-dev [hurd-i386], ' +
      'libidn2-0 (>= 2.0.5~) <!nocheck>, libgd-dev <!stage1 !stage2>,',
  );
  assert.equal(groups.length, 6); // the trailing comma adds nothing
  assert.deepEqual(groups[0][0], { name: 'dpkg', version: { op: '>=', version: '1.18.7' }, text: 'dpkg (>= 1.18.7)' });
  assert.deepEqual(groups[1][0].version, { op: '=', version: '13' });
  assert.equal(groups[2][0].name, 'python3');
  assert.equal(groups[2][0].archQualifier, 'native');
  assert.equal(groups[3].length, 2);
  assert.equal(groups[3][0].name, 'hurd-dev');
  assert.deepEqual(groups[3][0].arches, [{ negated: false, arch: 'hurd-i386' }]);
  assert.equal(groups[3][1].name, 'hurd-headers-dev');
  assert.deepEqual(groups[4][0].profiles, [[{ negated: true, name: 'nocheck' }]]);
  assert.deepEqual(groups[5][0].profiles, [
    [
      { negated: true, name: 'stage1' },
      { negated: true, name: 'stage2' },
    ],
  ]);
  assert.equal(deb.formatGroup(groups[3]), 'hurd-dev (>= 1:0.9.git20201127-4~) [hurd-i386] | hurd-headers-dev [hurd-i386]');
});

test(':any qualifier and odd spacing', () => {
  const [[a], [b], [c]] = deb.parseRelations('python3.11:any,perl:any(>=5.10)  ,  foo  ( <<  2 )  [ !i386  amd64 ]  < stage1 >');
  assert.equal(a.name, 'python3.11');
  assert.equal(a.archQualifier, 'any');
  assert.equal(b.name, 'perl');
  assert.equal(b.archQualifier, 'any');
  assert.deepEqual(b.version, { op: '>=', version: '5.10' });
  assert.equal(c.name, 'foo');
  assert.deepEqual(c.version, { op: '<<', version: '2' });
  assert.deepEqual(c.arches, [
    { negated: true, arch: 'i386' },
    { negated: false, arch: 'amd64' },
  ]);
  assert.deepEqual(c.profiles, [[{ negated: false, name: 'stage1' }]]);
});

test('substitution variables are marked', () => {
  const groups = deb.parseRelations('${shlibs:Depends}, ${misc:Depends}, foo');
  assert.equal(groups.length, 3);
  assert.equal(groups[0][0].substvar, true);
  assert.equal(groups[0][0].name, '${shlibs:Depends}');
  assert.equal(groups[2][0].substvar, undefined);
});

test('architecture wildcards', () => {
  const m = deb.archMatches;
  assert.equal(m('amd64', 'amd64'), true);
  assert.equal(m('amd64', 'i386'), false);
  assert.equal(m('amd64', 'any'), true);
  assert.equal(m('amd64', 'linux-any'), true);
  assert.equal(m('hurd-i386', 'linux-any'), false);
  assert.equal(m('hurd-i386', 'hurd-any'), true);
  assert.equal(m('amd64', 'kfreebsd-any'), false);
  assert.equal(m('kfreebsd-amd64', 'kfreebsd-any'), true);
  assert.equal(m('amd64', 'any-amd64'), true);
  assert.equal(m('kfreebsd-amd64', 'any-amd64'), true);
  assert.equal(m('x32', 'any-amd64'), true);
  assert.equal(m('i386', 'any-amd64'), false);
  assert.equal(m('hurd-i386', 'any-i386'), true);
  assert.equal(m('armhf', 'any-arm'), true);
  assert.equal(m('arm64', 'any-arm'), false);
  assert.equal(m('amd64', 'gnu-linux-any'), true);
  assert.equal(m('amd64', 'musl-linux-any'), false);
});

test('architecture restriction lists: positive, negated', () => {
  const rel = (s) => deb.parseRelation(s);
  // From glibc: g++-12-multilib [amd64 i386 ... x32] <!nobiarch>
  assert.equal(deb.archAllowed(rel('g++-12-multilib [amd64 i386 x32]'), 'amd64'), true);
  assert.equal(deb.archAllowed(rel('g++-12-multilib [amd64 i386 x32]'), 'arm64'), false);
  // From llvm-toolchain-14: hello [!i386]
  assert.equal(deb.archAllowed(rel('hello [!i386]'), 'amd64'), true);
  assert.equal(deb.archAllowed(rel('hello [!i386]'), 'i386'), false);
  assert.equal(deb.archAllowed(rel('libaudit-dev [linux-any]'), 'amd64'), true);
  assert.equal(deb.archAllowed(rel('kfreebsd-kernel-headers [kfreebsd-any]'), 'amd64'), false);
  assert.equal(deb.archAllowed(rel('foo [!hurd-any !kfreebsd-any]'), 'amd64'), true);
  assert.equal(deb.archAllowed(rel('foo [!linux-any]'), 'amd64'), false);
  assert.equal(deb.archAllowed(rel('foo'), 'amd64'), true);
  assert.equal(deb.archFieldMatches('any all', 'amd64'), true);
  assert.equal(deb.archFieldMatches('all', 'amd64'), true);
  assert.equal(deb.archFieldMatches('hurd-any kfreebsd-any', 'amd64'), false);
  assert.equal(deb.archFieldMatches('any-amd64 any-i386', 'amd64'), true);
});

test('build-profile formulas: a disjunction of conjunctions', () => {
  const r = deb.parseRelation('libidn2-0 (>= 2.0.5~) <stage1 !nocheck> <cross>');
  assert.equal(deb.profilesAllowed(r, noProfiles), false);
  assert.equal(deb.profilesAllowed(r, new Set(['stage1'])), true);
  assert.equal(deb.profilesAllowed(r, new Set(['stage1', 'nocheck'])), false);
  assert.equal(deb.profilesAllowed(r, new Set(['cross', 'nocheck'])), true);
  // From util-linux: bc <!stage1 !nocheck>
  const bc = deb.parseRelation('bc <!stage1 !nocheck>');
  assert.equal(deb.profilesAllowed(bc, noProfiles), true);
  assert.equal(deb.profilesAllowed(bc, new Set(['stage1'])), false);
  assert.equal(deb.profilesAllowed(bc, new Set(['nocheck'])), false);
  // From php-monolog: phpunit <!nocheck> <!stage1> — needed unless both are active.
  const pu = deb.parseRelation('phpunit <!nocheck> <!stage1>');
  assert.equal(deb.profilesAllowed(pu, new Set(['stage1'])), true);
  assert.equal(deb.profilesAllowed(pu, new Set(['stage1', 'nocheck'])), false);
});

test('restrictions are evaluated before an alternative is chosen (llvm-toolchain-14)', () => {
  const [g] = deb.parseRelations(
    'llvm-spirv-14 [amd64 arm64 armel armhf mips64el mipsel ppc64el riscv64 s390x] <!stage1> | hello [!i386]',
  );
  assert.deepEqual(
    deb.applicableAlternatives(g, amd64()).map((r) => r.name),
    ['llvm-spirv-14', 'hello'],
  );
  assert.deepEqual(
    deb.applicableAlternatives(g, amd64(['stage1'])).map((r) => r.name),
    ['hello'],
  );
  assert.deepEqual(
    deb.applicableAlternatives(g, { arch: 'i386', profiles: new Set() }).map((r) => r.name),
    [],
  );
  assert.deepEqual(deb.applicableAlternatives(g, { arch: 'hppa', profiles: new Set() }).map((r) => r.name), ['hello']);
});

test('stage numbers named in a field', () => {
  const groups = deb.parseRelations('a <!stage1>, b <!stage1 !stage2>, c <pkg.foo.stage3>, d <!nocheck>, e <stage12>');
  assert.deepEqual(deb.stageNumbers(groups), [1, 2, 12]);
  assert.deepEqual(deb.stageNumbers(deb.parseRelations('a, b <!nocheck>')), []);
});
