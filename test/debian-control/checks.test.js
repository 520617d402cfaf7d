'use strict';
// Checks without an archive: one case per diagnostic code (range on the
// token at fault, did-you-mean where there is one), and the real control
// files of the fixtures (toolchain sources of bookworm) clean of errors.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { analyzeControl, isKnownArchitecture } = require('../../server/out/core/debian-control');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'debian-control');
const URI = 'file:///src/x/debian/control';

function check(text) {
  const a = analyzeControl(URI, text);
  return a.diagnostics.map((d) => ({ code: d.code, severity: d.severity, text: text.slice(d.range.start, d.range.end), message: d.message, fixes: d.fixes }));
}

const HEAD = 'Source: hello\nMaintainer: A <a@example.org>\n';
const BIN = '\nPackage: hello\nArchitecture: any\nDescription: hi\n';

test('the real control files have no errors and no warnings', () => {
  for (const dir of fs.readdirSync(FIXTURES)) {
    const file = path.join(FIXTURES, dir, 'debian', 'control');
    if (!fs.existsSync(file)) continue;
    const found = check(fs.readFileSync(file, 'utf8')).filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.deepEqual(found, [], dir);
  }
});

test('each code: the token at fault, and its message', () => {
  const cases = [
    ['Build-Depends: foo [linux-any !hurd-i386]', 'relation-arch-mixed', '[linux-any !hurd-i386]', 'either all negated'],
    ['Build-Depends: foo [amd65]', 'relation-arch', 'amd65', "did you mean 'amd64'"],
    ['Build-Depends: foo [linux-anny]', 'relation-arch', 'linux-anny', 'Unknown architecture'],
    ['Build-Depends: foo:amd65', 'relation-arch', 'amd65', 'not an architecture qualifier'],
    ['Build-Depends: foo <!stgae1>', 'unknown-build-profile', 'stgae1', "did you mean 'stage1'"],
    ['Build-Depends: foo <!nochek>', 'unknown-build-profile', 'nochek', "did you mean 'nocheck'"],
    ['Build-Depends: foo <!zzzzzzzzzz>', 'unknown-build-profile', 'zzzzzzzzzz', "'pkg.hello.zzzzzzzzzz'"],
    ['Build-Depends: foo <!pkg.x>', 'unknown-build-profile', 'pkg.x', 'pkg.<source>.<name>'],
    ['Build-Depends: foo <!>', 'relation-profile-syntax', '!', 'must be followed by a profile name'],
    ['Build-Depends: foo <Stage1>', 'relation-profile-syntax', 'Stage1', 'not a profile name'],
    ['Build-Depend: foo', 'control-unknown-field', 'Build-Depend', "did you mean 'Build-Depends'"],
    ['Build-Profiles: <!stage1>', 'build-profiles-syntax', 'Build-Profiles', 'belongs in a binary package stanza'],
  ];
  for (const [line, code, text, message] of cases) {
    const found = check(`${HEAD}${line}\n${BIN}`).filter((d) => d.code === code);
    assert.equal(found.length, 1, `${line}: ${JSON.stringify(check(`${HEAD}${line}\n${BIN}`))}`);
    assert.equal(found[0].text, text, line);
    assert.ok(found[0].message.includes(message), `${line}: ${found[0].message}`);
  }
  // Known profiles, pkg.<source>.<name>, wildcards and qualifiers pass.
  assert.deepEqual(check(`${HEAD}Build-Depends: aa <!nodoc !nocheck> <cross>, bb [linux-any] <pkg.hello.nogui>, cc:native [!hurd-any !kfreebsd-any], dd:any, ee [any-amd64 arm64]\n${BIN}`), []);
});

test('Build-Profiles on binary stanzas, and the stage lint', () => {
  const withStage = `${HEAD}Build-Depends: foo <!stage1>\n`;
  const lint = check(`${withStage}${BIN}`).filter((d) => d.code === 'stage-profile-drops-no-binary');
  assert.equal(lint.length, 1);
  assert.equal(lint[0].text, '!stage1');
  assert.equal(lint[0].severity, 'information');
  assert.deepEqual(check(`${withStage}${BIN}Build-Profiles: <!stage1>\n`), []);
  const bad = check(`${HEAD}${BIN}Build-Profiles: !stage1 <nocheck\n`).filter((d) => d.code === 'build-profiles-syntax');
  assert.deepEqual(bad.map((d) => d.text), ['!stage1', '<nocheck']);
  const unknown = check(`${HEAD}${BIN}Build-Profiles: <!stgae1>\n`).filter((d) => d.code === 'unknown-build-profile');
  assert.equal(unknown[0].text, 'stgae1');
});

test('missing Source and Package fields; deb822 errors become diagnostics', () => {
  assert.deepEqual(check('Maintainer: x\n\nPackage: a\n').map((d) => [d.code, d.text]), [['control-missing-field', 'Maintainer: x']]);
  assert.deepEqual(check(`${HEAD}\nArchitecture: any\n`).map((d) => [d.code, d.text]), [['control-missing-field', 'Architecture: any']]);
  assert.deepEqual(check(`${HEAD}Source: again\n${BIN}`).map((d) => d.code), ['deb822-duplicate-field']);
});

test('architecture names and wildcards', () => {
  for (const a of ['amd64', 'hurd-i386', 'musl-linux-arm64', 'any', 'linux-any', 'any-amd64', 'gnu-any-any', 'kfreebsd-any']) assert.ok(isKnownArchitecture(a), a);
  for (const a of ['amd65', 'linux-amd65', 'foo-any', 'all']) assert.ok(!isKnownArchitecture(a), a);
});

test('severity settings change or drop a code', () => {
  const text = `${HEAD}Build-Depends: foo <!stgae1>\n${BIN}`;
  assert.equal(analyzeControl(URI, text, { severity: { 'unknown-build-profile': 'error' } }).diagnostics[0].severity, 'error');
  assert.deepEqual(analyzeControl(URI, text, { severity: { 'unknown-build-profile': 'off' } }).diagnostics, []);
});
