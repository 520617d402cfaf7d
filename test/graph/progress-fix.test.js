'use strict';
// Cycle breaking a person can trust (issue 12): every build-cycle error's
// preferred quick fix, applied alone to the text, makes progress — checked
// against an independent reference (SCCs and the SPEC §3 bootstrap phase run
// naively inside the cluster with everything outside it available) — and
// fix-all stays near a brute-force optimum.
const test = require('node:test');
const assert = require('node:assert/strict');
const YAML = require('yaml');
const jsonc = require('jsonc-parser');
const { fc, naivePlan, oracleNonTrivialSccs, byName, runs, graphApi } = require('./helpers');
const { analyzeFiles, diagnosticsOf } = require('../helpers/analyze');
const { applyEdits } = require('../../server/out/core/edits/index.js');

/** Random tangled graphs: 4–24 packages, 1–3 build-depends each, some runtime depends, stage sets, seeds. */
function tangledArb({ min = 4, max = 24 } = {}) {
  return fc.integer({ min, max }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const pkg = fc.record({
      bd: fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }),
      d: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 2 }) }),
      bs1: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 2 }) }),
      pre: fc.integer({ min: 0, max: 15 }).map((x) => x === 0),
    });
    return fc.tuple(...names.map(() => pkg)).map((arr) => arr.map((r, i) => ({ name: names[i], ...r })));
  });
}

function toYaml(pkgs) {
  const lines = ['version: 1', 'packages:'];
  for (const p of pkgs) {
    lines.push(`  ${p.name}:`);
    lines.push(`    build-depends: [${p.bd.join(', ')}]`);
    if (p.d.length) lines.push(`    depends: [${p.d.join(', ')}]`);
    if (p.bs1) lines.push(`    build-depends-bootstrap1: [${p.bs1.join(', ')}]`);
    if (p.pre) lines.push('    prebuilt: true');
  }
  return lines.join('\n') + '\n';
}

function toJsonc(pkgs) {
  const body = pkgs.map((p) => {
    const fields = [`"build-depends": [${p.bd.map((x) => `"${x}"`).join(', ')}]`];
    if (p.d.length) fields.push(`"depends": [${p.d.map((x) => `"${x}"`).join(', ')}]`);
    if (p.bs1) fields.push(`"build-depends-bootstrap1": [${p.bs1.map((x) => `"${x}"`).join(', ')}]`);
    if (p.pre) fields.push('"prebuilt": true');
    return `    // ${p.name}\n    "${p.name}": {\n      ${fields.join(',\n      ')}\n    }`;
  });
  return `{\n  "version": 1,\n  "packages": {\n${body.join(',\n')}\n  }\n}\n`;
}

/** Specs read back from a file's text by the YAML / JSONC libraries (independent of strap's parser). */
function specsOfText(text, jsonWithComments) {
  const errors = [];
  const doc = jsonWithComments ? jsonc.parse(text, errors) : YAML.parse(text);
  assert.equal(errors.length, 0, 'the text still parses');
  return Object.entries(doc.packages).map(([name, p]) => {
    const bootstrap = [];
    for (const [k, v] of Object.entries(p)) {
      const m = /^build-depends-bootstrap(\d+)$/.exec(k);
      if (m) bootstrap.push({ stage: Number(m[1]), buildDepends: v });
    }
    return { name, buildDepends: p['build-depends'] ?? [], depends: p.depends ?? [], bootstrap, prebuilt: p.prebuilt === true };
  });
}

/**
 * The reference: the packages of `cluster` on unbroken cycles when the naive
 * bootstrap phase runs with every package outside the cluster available.
 */
function unbrokenInside(specs, cluster) {
  const local = naivePlan(specs.map((s) => (cluster.has(s.name) ? s : { ...s, prebuilt: true })), true);
  const never = new Set([...cluster].filter((x) => !local.avail.has(x)));
  return { never, onCycles: new Set(oracleNonTrivialSccs(local.m, never).flat()) };
}

/** The package's SCC in the whole build graph, and in the graph of never-built packages. */
function clustersOf(specs, pkg) {
  const plan = naivePlan(specs, true);
  const m = plan.m;
  const full = oracleNonTrivialSccs(m, null).find((c) => c.includes(pkg)) ?? [pkg];
  const never = new Set([...m.decl.keys()].filter((x) => !plan.avail.has(x)));
  const unbroken = oracleNonTrivialSccs(m, never).find((c) => c.includes(pkg)) ?? [pkg];
  return [new Set(full), new Set(unbroken)];
}

function checkEveryPreferredFix(pkgs, jsonWithComments) {
  const name = jsonWithComments ? 'bootstrap.jsonc' : 'bootstrap.yaml';
  const text = jsonWithComments ? toJsonc(pkgs) : toYaml(pkgs);
  const before = analyzeFiles({ [name]: text });
  assert.deepEqual(diagnosticsOf(before, name).filter((d) => d.severity === 'error' && !d.code.startsWith('build-cycle')), []);
  const specs = specsOfText(text, jsonWithComments);
  let checked = 0;
  for (const d of diagnosticsOf(before, name, 'build-cycle')) {
    const preferred = d.fixes.filter((f) => f.isPreferred);
    assert.equal(preferred.length, 1, `one preferred fix on: ${d.message}`);
    const fixed = applyEdits(text, preferred[0].changes[0].edits);
    const after = analyzeFiles({ [name]: fixed });
    const problems = diagnosticsOf(after, name).filter((x) => x.severity === 'error' && !x.code.startsWith('build-cycle'));
    assert.deepEqual(problems, [], `the fixed text parses and validates:\n${fixed}`);
    const fixedSpecs = specsOfText(fixed, jsonWithComments);
    const pkg = d.data.package;
    // Both readings of "its cluster": the SCC of the whole build graph, and the
    // SCC of the never-built packages. Stage sets add no build edge, so the fix
    // leaves both as they were.
    for (const cluster of clustersOf(specs, pkg)) {
      const was = unbrokenInside(specs, cluster);
      const now = unbrokenInside(fixedSpecs, cluster);
      assert.ok(was.onCycles.has(pkg), `${pkg} was on an unbroken cycle of its cluster: ${d.message}`);
      assert.ok(!now.never.has(pkg), `${pkg} is built once everything outside its cluster is: ${preferred[0].title}\n${fixed}`);
      for (const x of now.onCycles) assert.ok(was.onCycles.has(x), `${x} was not on an unbroken cycle before`);
      assert.ok(now.onCycles.size < was.onCycles.size, 'the packages on unbroken cycles strictly shrink');
    }
    checked++;
  }
  return checked;
}

test('property: every build-cycle error\'s preferred fix alone makes progress (YAML)', () => {
  let errors = 0;
  fc.assert(fc.property(tangledArb(), (pkgs) => {
    errors += checkEveryPreferredFix(pkgs, false);
  }), { numRuns: runs(60) });
  assert.ok(errors > 100, `${errors} errors checked`);
});

test('property: every build-cycle error\'s preferred fix alone makes progress (JSONC)', () => {
  let errors = 0;
  fc.assert(fc.property(tangledArb({ max: 16 }), (pkgs) => {
    errors += checkEveryPreferredFix(pkgs, true);
  }), { numRuns: runs(40) });
  assert.ok(errors > 50, `${errors} errors checked`);
});

/** The fewest packages to give a bootstrap set (a move makes a package available at once): brute force. */
function bruteForceOptimum(specs) {
  const plan = naivePlan(specs, true);
  const never = [...plan.m.decl.keys()].filter((x) => !plan.avail.has(x)).sort(byName);
  const resolves = (chosen) => {
    const set = new Set(chosen);
    const p = naivePlan(specs.map((s) => (set.has(s.name) ? { ...s, prebuilt: true } : s)), true);
    return never.every((x) => p.avail.has(x));
  };
  for (let size = 0; size <= never.length; size++) {
    const idx = Array.from({ length: size }, (_, i) => i);
    for (;;) {
      if (resolves(idx.map((i) => never[i]))) return size;
      let i = size - 1;
      while (i >= 0 && idx[i] === never.length - size + i) i--;
      if (i < 0) break;
      idx[i]++;
      for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
    }
  }
  return never.length;
}

function specsOf(pkgs) {
  return pkgs.map((p) => ({ name: p.name, buildDepends: p.bd, depends: p.d, bootstrap: p.bs1 ? [{ stage: 1, buildDepends: p.bs1 }] : [], prebuilt: p.pre }));
}

test('property: fix-all stays within 1.25× of the brute-force optimum, never below its lower bound, optimal on most graphs', () => {
  let cases = 0;
  let optimal = 0;
  fc.assert(fc.property(tangledArb({ min: 4, max: 16 }), (pkgs) => {
    const specs = specsOf(pkgs);
    const opt = bruteForceOptimum(specs);
    const fix = graphApi.planFixAll(specs);
    assert.equal(fix.resolved, true);
    const count = fix.annotations.length;
    assert.ok(fix.lowerBound <= opt, `lower bound ${fix.lowerBound} above the optimum ${opt}`);
    assert.ok(count <= 1.25 * opt, `${count} annotations, optimum ${opt}`);
    assert.ok(count >= opt);
    const after = naivePlan(graphApi.applyAnnotations(specs, fix.annotations), true);
    assert.ok([...after.m.decl.keys()].every((x) => after.avail.has(x)), 'fix-all leaves nothing never built');
    cases++;
    if (count === opt) optimal++;
  }), { numRuns: runs(60) });
  // Reported, and held to: optimal on most generated graphs.
  console.log(`# fix-all optimal on ${optimal}/${cases} generated graphs`);
  assert.ok(optimal >= 0.9 * cases, `optimal on ${optimal}/${cases}`);
});

test('the lower bound is stated beside the count: a graph of disjoint cycles needs one per cycle', () => {
  const specs = [];
  for (let k = 0; k < 5; k++) {
    specs.push({ name: `a${k}`, buildDepends: [`b${k}`], depends: [], bootstrap: [], prebuilt: false });
    specs.push({ name: `b${k}`, buildDepends: [`a${k}`], depends: [], bootstrap: [], prebuilt: false });
  }
  const fix = graphApi.planFixAll(specs);
  assert.equal(fix.annotations.length, 5);
  assert.equal(fix.lowerBound, 5);
  assert.equal(fix.exact, true);
});
