'use strict';
// A cycle cluster too big for an error per cycle gets errors on the packages the
// solver marks; `cycleErrorsPerCluster` (the editor's strap.cycleErrorsPerCluster,
// the CLI's --cycle-errors-per-cluster) keeps only the first it chose, and the
// cluster's own error then counts the others, truthfully.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { analyzeFiles, diagnosticsOf } = require('../helpers/analyze');
const { parseSettings, DEFAULT_SETTINGS } = require('../../server/out/lsp/settings.js');

// 150 two-cycles a_i <-> b_i joined by a ring through the a_i: one core of 300
// packages (over the detail limit of 100) that needs at least 150 moves.
const PAIRS = 150;
function cluster() {
  let text = 'version: 1\npackages:\n';
  for (let i = 0; i < PAIRS; i++) {
    text += `  a${i}: {build-depends: [b${i}, a${(i + 1) % PAIRS}]}\n`;
    text += `  b${i}: {build-depends: [a${i}]}\n`;
  }
  return text;
}

const packagesWithErrors = (a) => new Set(diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle').map((d) => d.data.package));

test('the cap keeps the errors of the first marked packages, and the cluster error counts the rest', () => {
  const text = cluster();
  const all = analyzeFiles({ 'bootstrap.yaml': text });
  const [whole] = diagnosticsOf(all, 'bootstrap.yaml', 'build-cycle-cluster');
  assert.ok(whole, 'the cluster is summarised');
  assert.ok(whole.data.marked >= PAIRS, `${whole.data.marked} marked: one per disjoint two-cycle at least`);
  assert.equal(whole.data.reported, whole.data.marked);
  assert.equal(packagesWithErrors(all).size, whole.data.marked);

  const capped = analyzeFiles({ 'bootstrap.yaml': text }, { cycleErrorsPerCluster: 20 });
  const [summary] = diagnosticsOf(capped, 'bootstrap.yaml', 'build-cycle-cluster');
  assert.equal(summary.data.marked, whole.data.marked, 'the cap changes what is shown, not the marking');
  assert.equal(summary.data.lowerBound, whole.data.lowerBound);
  assert.equal(summary.data.reported, 20);
  assert.match(summary.message, new RegExp(`bootstrap sets for ${whole.data.marked} packages break it .*build-cycle errors mark the 20 the solver chose first`));
  const shown = packagesWithErrors(capped);
  assert.equal(shown.size, 20);
  const uncapped = new Map(diagnosticsOf(all, 'bootstrap.yaml', 'build-cycle').map((d) => [`${d.range.start}:${d.message}`, d]));
  for (const d of diagnosticsOf(capped, 'bootstrap.yaml', 'build-cycle')) {
    assert.ok(uncapped.has(`${d.range.start}:${d.message}`), `the capped error on ${d.data.package} is one of the full list's`);
  }
  // 0 means no cap.
  const zero = analyzeFiles({ 'bootstrap.yaml': text }, { cycleErrorsPerCluster: 0 });
  assert.equal(packagesWithErrors(zero).size, whole.data.marked);
});

test('a cap above the marked count changes nothing', () => {
  const text = cluster();
  const all = analyzeFiles({ 'bootstrap.yaml': text });
  const roomy = analyzeFiles({ 'bootstrap.yaml': text }, { cycleErrorsPerCluster: 100000 });
  const strip = (a) => diagnosticsOf(a, 'bootstrap.yaml').map((d) => [d.code, d.range.start, d.message]);
  assert.deepEqual(strip(roomy), strip(all));
});

test('the editor caps at 100 by default; the setting takes a whole number, anything else falls back', () => {
  assert.equal(DEFAULT_SETTINGS.cycleErrorsPerCluster, 100);
  assert.equal(parseSettings({ strap: { cycleErrorsPerCluster: 5 } }).cycleErrorsPerCluster, 5);
  assert.equal(parseSettings({ 'strap.cycleErrorsPerCluster': 0 }).cycleErrorsPerCluster, 0);
  for (const bad of [-1, 2.5, '7', null]) assert.equal(parseSettings({ strap: { cycleErrorsPerCluster: bad } }).cycleErrorsPerCluster, 100);
});

test('strap check lists every marked package unless --cycle-errors-per-cluster caps it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-cap-'));
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), cluster());
  const bin = path.join(__dirname, '../../bin/strap.js');
  const run = (...args) => {
    try {
      return JSON.parse(execFileSync(process.execPath, [bin, 'check', 'bootstrap.yaml', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }));
    } catch (e) {
      if (e.status === 1) return JSON.parse(e.stdout);
      throw e;
    }
  };
  const packages = (report) => new Set(report.files[0].diagnostics.filter((d) => d.code === 'build-cycle').map((d) => d.data.package));
  const full = run();
  assert.ok(packages(full).size >= PAIRS);
  assert.equal(packages(run('--cycle-errors-per-cluster', '7')).size, 7);
  assert.throws(() => execFileSync(process.execPath, [bin, 'check', 'bootstrap.yaml', '--cycle-errors-per-cluster', 'many'], { cwd: dir, stdio: 'pipe' }), (e) => e.status === 2 && /whole number/.test(String(e.stderr)));
  fs.rmSync(dir, { recursive: true, force: true });
});
