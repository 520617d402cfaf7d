'use strict';
// `strap check path/to/debian/control [--archive DIR|FILE]`: the server's
// diagnostics on a real control file, printed; exit status 1 on errors.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const STRAP = path.join(ROOT, 'bin', 'strap.js');
const M4 = path.join('test', 'fixtures', 'debian-control', 'm4', 'debian', 'control');
const run = (...args) => spawnSync(process.execPath, [STRAP, 'check', ...args], { cwd: ROOT, encoding: 'utf8' });

test('a real control file without an archive: clean', () => {
  const r = run(M4);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 errors, 0 warnings/);
});

test('with the fixture archive: the cycle errors, as JSON too', () => {
  const r = run(M4, '--archive', path.join('test', 'fixtures', 'debian'), '--format', 'json');
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const diagnostics = report.files ? report.files[0].diagnostics : report[0].diagnostics;
  assert.deepEqual(diagnostics.map((d) => d.code), ['debian-build-cycle', 'debian-build-cycle', 'debian-build-cycle']);
  assert.equal(diagnostics[2].range.start.line, 3);
});

test('checks and usage errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-control-'));
  fs.mkdirSync(path.join(dir, 'debian'));
  const file = path.join(dir, 'debian', 'control');
  fs.writeFileSync(file, 'Source: x\nBuild-Depends: foo (> 1) <!stgae1>\n\nPackage: x\n');
  const r = run(file);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /2:21 error relation-version '>' is obsolete/);
  assert.match(r.stdout, /2:28 warning unknown-build-profile Unknown build profile 'stgae1'; did you mean 'stage1'\?/);
  const bad = run(file, '--archive', path.join(dir, 'nowhere'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--archive/);
  assert.equal(run('--archive', dir).status, 2);
  fs.rmSync(dir, { recursive: true, force: true });
});
