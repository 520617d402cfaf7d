'use strict';
// A long dependency ring: every member's build-cycle diagnostic stays small
// (the path is elided, `data` carries the length, not the members), so the
// payload grows linearly with the ring, and the quick fixes still break it.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, diagnosticsOf } = require('../helpers/analyze');
const { applyEdits } = require('../../server/out/core/edits/index.js');

function ring(n, extra = () => '') {
  let text = 'version: 1\npackages:\n';
  for (let i = 1; i <= n; i++) text += `  p${i}: {build-depends: [p${(i % n) + 1}]${extra(i)}}\n`;
  return text;
}

const N = 3000;

test('a 3,000-package ring: one error on the package a fix would change, one on the cluster, bounded messages; the preferred fix breaks it', () => {
  const text = ring(N);
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  // Proportional: not one error per entry of a 3 000-package ring.
  const cycles = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle');
  assert.equal(cycles.length, 1);
  const cluster = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle-cluster');
  assert.equal(cluster.length, 1);
  assert.match(cluster[0].message, /^3000 packages form one cluster of unbroken build-dependency cycles; bootstrap sets for the 1 package marked with build-cycle errors break it \(at least 1 needed\)/);
  const d = cycles[0];
  assert.ok(d.message.length < 600, `${d.message.length} characters: ${d.message.slice(0, 200)}…`);
  assert.match(d.message, /^build-dependency cycle of 3000 packages: /);
  assert.match(d.message, /… \(2989 more\) …/);
  assert.equal(d.data.cycleLength, N);
  assert.equal(d.data.cycle, undefined);
  const json = JSON.stringify(diagnosticsOf(a, 'bootstrap.yaml'));
  assert.ok(json.length < 100_000, `${json.length} bytes of diagnostics`);

  // The path starts at the entry's own edge and comes back to it.
  const from = d.data.package;
  const k = Number(from.slice(1));
  assert.equal(text.slice(d.range.start, d.range.end), `p${(k + 1) % N}`);
  assert.match(d.message, new RegExp(`^build-dependency cycle of 3000 packages: ${from} → p${(k + 1) % N} → .*→ ${from}; no build-depends-bootstrapN breaks it$`));

  // A handful of fixes, not one per edge: exactly one preferred, the package's progress fix.
  assert.ok(d.fixes.length <= 12 && d.fixes.length >= 2, `${d.fixes.length} fixes`);
  const preferred = d.fixes.filter((f) => f.isPreferred);
  assert.equal(preferred.length, 1);
  assert.equal(preferred[0].title, `Build ${from} in bootstrap stage 1 without p${(k + 1) % N}`);

  const fixed = applyEdits(text, preferred[0].changes[0].edits);
  const after = analyzeFiles({ 'bootstrap.yaml': fixed });
  assert.deepEqual(diagnosticsOf(after, 'bootstrap.yaml').filter((x) => x.severity === 'error'), []);
  const broken = diagnosticsOf(after, 'bootstrap.yaml', 'build-cycle-broken');
  assert.ok(broken.length >= 1);
  for (const b of broken) {
    assert.ok(b.message.length < 600, b.message.slice(0, 200));
    assert.match(b.message, /\(3000 packages\) is broken by /);
    assert.equal(b.data.cycleLength, N);
  }
});

test('a ring of prebuilt packages: the list of breakers is elided too', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': ring(N, () => ', prebuilt: true') });
  const broken = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle-broken');
  assert.equal(broken.length, N);
  for (const b of broken) assert.ok(b.message.length < 600, b.message.slice(0, 200));
  assert.match(broken[0].message, / and 2989 more$/);
  assert.ok(JSON.stringify(broken).length < 3_000_000);
});

test('a cycle of 12 packages is still shown whole, with its members in data; 13 is elided', () => {
  const twelve = diagnosticsOf(analyzeFiles({ 'bootstrap.yaml': ring(12) }), 'bootstrap.yaml', 'build-cycle');
  assert.equal(twelve[0].message,
    'build-dependency cycle: p1 → p2 → p3 → p4 → p5 → p6 → p7 → p8 → p9 → p10 → p11 → p12 → p1; no build-depends-bootstrapN breaks it');
  assert.deepEqual(twelve[0].data.cycle, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p12']);
  assert.equal(twelve[0].fixes.length, 12);

  const thirteen = diagnosticsOf(analyzeFiles({ 'bootstrap.yaml': ring(13) }), 'bootstrap.yaml', 'build-cycle');
  assert.equal(thirteen[0].message,
    'build-dependency cycle of 13 packages: p1 → p2 → p3 → p4 → p5 → p6 → … (2 more) … → p9 → p10 → p11 → p12 → p13 → p1; no build-depends-bootstrapN breaks it');
  assert.equal(thirteen[0].data.cycleLength, 13);
  assert.equal(thirteen[0].fixes.length, 12);
  assert.equal(thirteen[0].fixes.filter((f) => f.isPreferred).length, 1);
});
