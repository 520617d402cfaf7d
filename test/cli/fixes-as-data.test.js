'use strict';
// Fixes outside the editor (issue 12): `check --format json|sarif` carries each
// diagnostic's fixes as the editor would apply them, `fix --preferred` clicks
// through the errors' preferred fixes, and fix-all states its lower bound.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { applyEdits } = require('../../server/out/core/edits/index.js');
const { LineIndex } = require('../../server/out/core/document/line-index.js');

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/strap.js');

function strap(args, cwd) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// gcc sits in two cycles (gcc → glibc → gcc, gcc → binutils → zlib → gcc), perl in one more.
const TANGLED = [
  'version: 1',
  'packages:',
  '  gcc:',
  '    build-depends: [glibc, binutils]',
  '  glibc:',
  '    build-depends: [gcc]',
  '  binutils:',
  '    build-depends: [zlib]',
  '  zlib:',
  '    build-depends: [gcc]',
  '  perl:',
  '    build-depends: [perl-base, gcc]',
  '  perl-base:',
  '    build-depends: [perl]',
  '',
].join('\n');

function workspace(text = TANGLED) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-fixes-'));
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), text);
  return dir;
}

/** LSP text edits (line/character, UTF-16) applied to a text. */
function applyLspEdits(text, edits) {
  const index = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ range: { start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) }, newText: e.newText })));
}

test('check --format json carries each diagnostic\'s fixes: title, isPreferred, text edits', () => {
  const dir = workspace();
  const r = strap(['check', '--format', 'json', 'bootstrap.yaml'], dir);
  assert.equal(r.code, 1, r.err);
  const [file] = JSON.parse(r.out).files;
  const cycles = file.diagnostics.filter((d) => d.code === 'build-cycle');
  assert.ok(cycles.length >= 4);
  for (const d of cycles) {
    const preferred = d.fixes.filter((f) => f.isPreferred);
    assert.equal(preferred.length, 1, d.message);
    assert.match(preferred[0].title, /^Build \S+ in bootstrap stage 1 without /);
  }
  // Applying the JSON's preferred fix for gcc's entry gives exactly what the editor would.
  const gcc = cycles.find((d) => d.data.package === 'gcc');
  const fix = gcc.fixes.find((f) => f.isPreferred);
  assert.equal(fix.title, 'Build gcc in bootstrap stage 1 without glibc and binutils');
  const uri = Object.keys(fix.changes)[0];
  assert.ok(uri.endsWith('/bootstrap.yaml'));
  const fixed = applyLspEdits(TANGLED, fix.changes[uri]);
  assert.match(fixed, /build-depends: \[glibc, binutils\]\n {4}build-depends-bootstrap1: \[\]\n/);
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), fixed);
  const after = JSON.parse(strap(['check', '--format', 'json', 'bootstrap.yaml'], dir).out).files[0].diagnostics;
  assert.ok(after.filter((d) => d.code === 'build-cycle').length < cycles.length, 'fewer cycle errors');
  assert.ok(!after.some((d) => d.code === 'build-cycle' && d.data.package === 'gcc'), 'gcc\'s error is gone');
  // Diagnostics without fixes carry none.
  assert.equal(JSON.parse(strap(['check', '--format', 'json', path.join(ROOT, 'examples/env')], dir).out).files[0].diagnostics.some((d) => d.fixes), false);
});

test('check --format sarif puts the fixes in SARIF fixes (artifactChanges / replacements)', () => {
  const dir = workspace();
  const r = strap(['check', '--format', 'sarif', 'bootstrap.yaml'], dir);
  const log = JSON.parse(r.out);
  const results = log.runs[0].results.filter((x) => x.ruleId === 'build-cycle');
  assert.ok(results.length >= 4);
  for (const res of results) {
    assert.ok(res.fixes.length >= 1);
    for (const fix of res.fixes) {
      assert.equal(typeof fix.description.text, 'string');
      const [change] = fix.artifactChanges;
      assert.equal(change.artifactLocation.uri, 'bootstrap.yaml');
      for (const rep of change.replacements) {
        assert.ok(rep.deletedRegion.startLine >= 1 && rep.deletedRegion.startColumn >= 1);
        assert.equal(typeof rep.insertedContent.text, 'string');
      }
    }
    assert.equal(res.fixes.filter((f) => / \(preferred\)$/.test(f.description.text)).length, 1);
  }
});

test('fix --preferred applies every error\'s preferred fix once, as clicking through them would, and leaves no cycle here', () => {
  const dir = workspace();
  const r = strap(['fix', '--preferred', 'bootstrap.yaml'], dir);
  assert.equal(r.code, 0, r.err);
  const applied = r.err.split('\n').filter((l) => l.startsWith('applied: '));
  assert.ok(applied.length >= 2, r.err);
  assert.equal(applied[0], 'applied: Build gcc in bootstrap stage 1 without glibc and binutils');
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), r.out);
  const check = strap(['check', 'bootstrap.yaml'], dir);
  assert.equal(check.code, 0, check.out);
  // --write writes it.
  const dir2 = workspace();
  assert.equal(strap(['fix', '--preferred', '--write', 'bootstrap.yaml'], dir2).code, 0);
  assert.equal(fs.readFileSync(path.join(dir2, 'bootstrap.yaml'), 'utf8'), r.out);
});

test('fix-all states its count beside the lower bound, in strap fix and strap plan', () => {
  const dir = workspace();
  const fix = strap(['fix', 'bootstrap.yaml'], dir);
  // The dropped entries beside their own bound: "the fewest possible" when it is reached, else "at least N must go".
  const dropLine = /leaving out (\d+) build dependencies(?:, the fewest possible|; at least (\d+) must go)$/;
  assert.match(fix.err, new RegExp(`^fix-all: 2 bootstrap annotations, the fewest possible, ${dropLine.source}`, 'm'));
  const plan = strap(['plan', 'bootstrap.yaml'], dir);
  assert.match(plan.out, new RegExp(`^Breaking every unbroken cycle \\(strap fix\\): 2 bootstrap annotations, the fewest possible, ${dropLine.source}`, 'm'));
  const json = JSON.parse(strap(['plan', '--format', 'json', 'bootstrap.yaml'], dir).out);
  assert.deepEqual({ ...json.fixAll, dropped: undefined, droppedLowerBound: undefined }, { annotations: 2, lowerBound: 2, exact: true, dropped: undefined, droppedLowerBound: undefined });
  assert.ok(json.fixAll.droppedLowerBound >= 1 && json.fixAll.droppedLowerBound <= json.fixAll.dropped, JSON.stringify(json.fixAll));
});
