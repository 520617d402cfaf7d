'use strict';
// Scale smoke test: a random Debian-like set of 35 000 packages (layered runtime
// dependencies with a shared core, large build closures, a few hundred build-cycles
// broken by bootstrap stages or prebuilt packages, some left unbroken, some unknown
// names). It must complete; timings are printed, never asserted.
const test = require('node:test');
const assert = require('node:assert/strict');
const { graphApi } = require('./helpers');
const { buildGraph, computePlan, analyzeCycles, planFixAll, nonTrivialComponents, applyAnnotations } = graphApi;

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function debianLike(n, seed) {
  const r = rng(seed);
  const name = (i) => `pkg-${i.toString(36).padStart(4, '0')}`;
  const CORE = 60; // a "debhelper"-like core everybody build-depends on
  const specs = [];
  for (let i = 0; i < n; i++) {
    const depends = [];
    const nd = i < CORE ? Math.floor(r() * 3) : Math.floor(r() * 4);
    for (let k = 0; k < nd; k++) {
      // runtime dependencies point to lower layers, mostly to nearby or core packages
      const j = r() < 0.4 ? Math.floor(r() * Math.min(i, CORE)) : i - 1 - Math.floor(r() * Math.min(i, 400));
      if (j >= 0 && j !== i) depends.push(name(j));
    }
    if (i < CORE && i > 5 && r() < 0.1) depends.push(name(i + 1)); // a few runtime cycles in the core
    const bd = [];
    if (i >= CORE) bd.push(name(CORE - 1 - Math.floor(r() * 5)));
    const nb = 2 + Math.floor(r() * 8);
    for (let k = 0; k < nb; k++) {
      const j = Math.floor(r() * Math.max(1, i));
      if (j !== i) bd.push(name(j));
    }
    const bootstrap = [];
    const top = i > n * 0.95; // leaf applications: nothing much depends on them
    if (top && r() < 0.05) bd.push(`missing-${Math.floor(r() * 20)}`);
    // Cycles: build-depend on a higher package. Below the top layer they are broken
    // by a stage set without it (sometimes a second, smaller one too); in the top
    // layer some stay unbroken.
    if (r() < (top ? 0.05 : 0.01) && i + 1 < n) {
      const j = i + 1 + Math.floor(r() * Math.min(2000, n - i - 1));
      bd.push(name(j));
      if (!top || r() < 0.5) bootstrap.push({ stage: 1, buildDepends: bd.slice(0, bd.length - 1) });
      if (r() < 0.1) bootstrap.push({ stage: 2, buildDepends: bd.slice(0, 1) });
    }
    // A few unbroken loops among leaf applications: 2-cycles and 3-cycles.
    if (top && i % 97 === 0 && i + 2 < n) bd.push(name(i + 1));
    if (top && i % 97 === 1) bd.push(name(i - 1));
    if (top && i % 89 === 0 && i + 3 < n) bd.push(name(i + 1));
    if (top && i % 89 === 1) bd.push(name(i + 1));
    if (top && i % 89 === 2) bd.push(name(i - 2));
    specs.push({ name: name(i), buildDepends: bd, depends, bootstrap, prebuilt: i < CORE ? r() < 0.5 : r() < 0.05 });
  }
  return specs;
}

test('scale: 35 000 packages — graph, SCCs, plan, cycle analysis, fix-all', { timeout: 600_000 }, () => {
  const specs = debianLike(35_000, 20240611);
  const t0 = performance.now();
  const graph = buildGraph(specs);
  const t1 = performance.now();
  const comps = nonTrivialComponents(graph);
  const t2 = performance.now();
  const plan = computePlan(graph);
  const t3 = performance.now();
  const analysis = analyzeCycles(graph);
  const t4 = performance.now();
  const fix = planFixAll(specs, graph);
  const t5 = performance.now();
  const fixed = applyAnnotations(specs, fix.annotations);
  const after = computePlan(buildGraph(fixed), { assumeUnknownAvailable: true });
  const cycles = analysis.unbroken.reduce((s, c) => s + c.cycles.length, 0);
  console.log(
    `# scale: ${graph.size} nodes, ${graph.edgeCount} edges; graph ${(t1 - t0).toFixed(0)} ms, ` +
      `SCC ${(t2 - t1).toFixed(0)} ms (${comps.length} non-trivial, largest ${Math.max(0, ...comps.map((c) => c.length))}), ` +
      `plan ${(t3 - t2).toFixed(0)} ms (${plan.waves.length} waves, ${plan.coverage.percent.toFixed(1)}% built, ` +
      `${plan.stuck.length} stuck, ${plan.rebuilds.length} rebuilds), cycles ${(t4 - t3).toFixed(0)} ms ` +
      `(${analysis.unbroken.length} unbroken SCCs, ${cycles} cycles, ${analysis.broken.length} broken), ` +
      `fix-all ${(t5 - t4).toFixed(0)} ms (${fix.annotations.length} annotations)`,
  );
  assert.equal(graph.size >= 35_000, true);
  assert.equal(plan.coverage.total, 35_000);
  assert.equal(fix.resolved, true);
  assert.deepEqual(after.stuck, []);
  // Lazily computed washes-out sets stay available on the large plan.
  if (plan.rebuilds.length > 0) assert.ok(Array.isArray(plan.rebuilds[plan.rebuilds.length - 1].washesOut));
});
