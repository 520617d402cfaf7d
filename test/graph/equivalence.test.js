'use strict';
// The engine's fast paths against simple reference implementations: they must
// give exactly the same results (same numbering, same order), not just
// equivalent ones, since the plan and the diagnostics are built from them.
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, graphApi, P, specsArb, runs } = require('./helpers');
const { buildGraph, computePlan, analyzeCycles, tarjanScc, buildGraphScc, CycleSearch, RootTrees } = graphApi;
const { ANY_NODE } = require('../../server/out/core/graph/cycles');

const plain = (x) => JSON.parse(JSON.stringify(x));

/** Textbook recursive Tarjan, same visiting order (nodes ascending, edges in CSR order). */
function referenceTarjan(n, offsets, targets, mask) {
  const index = new Array(n).fill(-1);
  const low = new Array(n).fill(0);
  const onStack = new Array(n).fill(false);
  const selfLoop = new Array(n).fill(false);
  const stack = [];
  const comps = [];
  let counter = 0;
  const visit = (v) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const w = targets[e];
      if (mask && !mask[w]) continue;
      if (w === v) selfLoop[v] = true;
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
    }
    if (low[v] === index[v]) {
      const members = [];
      let w;
      do {
        w = stack.pop();
        onStack[w] = false;
        members.push(w);
      } while (w !== v);
      members.sort((a, b) => a - b);
      comps.push({ members, nonTrivial: members.length > 1 || selfLoop[v] });
    }
  };
  for (let s = 0; s < n; s++) if (index[s] === -1 && (!mask || mask[s])) visit(s);
  return comps;
}

/** An SccResult as plain data, component by component. */
function sccData(scc) {
  const comps = [];
  for (let c = 0; c < scc.count; c++) {
    comps.push({ members: Array.from(scc.members.subarray(scc.offsets[c], scc.offsets[c + 1])), nonTrivial: scc.nonTrivial[c] === 1 });
  }
  return { comps, compOf: Array.from(scc.compOf) };
}

const csrArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
    mask: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { nil: null }),
  }),
);

test('property: tarjanScc equals the recursive textbook algorithm, numbering included', () => {
  fc.assert(
    fc.property(csrArb, ({ n, edges, mask }) => {
      const offsets = new Int32Array(n + 1);
      for (const [u] of edges) offsets[u + 1]++;
      for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
      const fill = offsets.slice(0, n);
      const targets = new Int32Array(edges.length);
      for (const [u, v] of edges) targets[fill[u]++] = v;
      const m = mask && Uint8Array.from(mask, (b) => (b ? 1 : 0));
      const got = sccData(tarjanScc(n, offsets, targets, m));
      const ref = referenceTarjan(n, offsets, targets, m);
      assert.deepEqual(got.comps, ref);
      const compOf = new Array(n).fill(-1);
      ref.forEach((c, k) => c.members.forEach((v) => (compOf[v] = k)));
      assert.deepEqual(got.compOf, compOf);
    }),
    { numRuns: runs(500) },
  );
});

test('property: induced SCCs (searching only the install nodes that matter) equal those over every install node', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), (specs, keep) => {
      const g = buildGraph(specs);
      const mask = new Uint8Array(g.size);
      for (let i = 0; i < g.size; i++) if (keep[i % keep.length]) mask[i] = 1;
      // Reference: the layered graph with every install node as a connector.
      const ref = g.buildComponents(g.layeredSccOf(mask));
      for (let i = 0; i < g.size; i++) if (!mask[i]) ref.compOf[i] = -1;
      assert.deepEqual(sccData(g.sccOf(mask)), sccData(ref));
      // And through buildGraphScc (which also drops nodes on no cycle at all).
      const onCycle = g.cycleMask();
      const both = mask.map((x, i) => x & onCycle[i]);
      const ref2 = g.buildComponents(g.layeredSccOf(both));
      for (let i = 0; i < g.size; i++) if (!both[i]) ref2.compOf[i] = -1;
      const got2 = buildGraphScc(g, mask);
      if (both.some((x) => x)) assert.deepEqual(sccData(got2), sccData(ref2));
      else assert.equal(got2.count, 0);
    }),
    { numRuns: runs(400) },
  );
});

test('property: closuresHold equals a lookup in the runtime closures', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.nat(20), { maxLength: 4 }), (specs, picks) => {
      const g = buildGraph(specs);
      const entries = Int32Array.from(new Set(picks.map((x) => x % g.size))).sort();
      for (let r = 0; r < g.size; r++) {
        const expected = Array.from(entries).some((x) => g.closureOf(x).includes(r));
        assert.equal(g.closuresHold(entries, r), expected, `${g.names[r]} in closures of ${Array.from(entries)}`);
      }
    }),
    { numRuns: runs(300) },
  );
});

test('property: local graphs reuse their scratch: a sequence of them on one graph equals each on a fresh graph', () => {
  const localData = (l) => ({
    members: Array.from(l.members),
    offsets: Array.from(l.offsets),
    targets: Array.from(l.targets),
    via: Array.from(l.via),
    rOffsets: Array.from(l.rOffsets),
    rSources: Array.from(l.rSources),
    localOf: Array.from(l.members, (v) => l.localOf(v)),
  });
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), { minLength: 1, maxLength: 4 }), (specs, sets) => {
      const shared = buildGraph(specs);
      for (const keep of sets) {
        const members = [];
        for (let i = 0; i < shared.size; i++) if (keep[i % keep.length]) members.push(i);
        assert.deepEqual(localData(shared.localGraph(members)), localData(buildGraph(specs).localGraph(members)));
      }
    }),
    { numRuns: runs(200) },
  );
});

/** The walk of `cycleViaTrees` with Maps, as first written. */
function referenceCycleViaTrees(g, m, root) {
  const parentOut = new Map([[root, -1]]);
  let queue = [root];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    for (let e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
      const v = g.targets[e];
      if (!parentOut.has(v)) (parentOut.set(v, u), queue.push(v));
    }
  }
  const nextIn = new Map([[root, -1]]);
  queue = [root];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    for (let e = g.rOffsets[u]; e < g.rOffsets[u + 1]; e++) {
      const v = g.rSources[e];
      if (!nextIn.has(v)) (nextIn.set(v, u), queue.push(v));
    }
  }
  const walk = [];
  if (m === root) {
    let x = -1;
    for (let e = g.rOffsets[m]; e < g.rOffsets[m + 1] && x < 0; e++) if (parentOut.has(g.rSources[e])) x = g.rSources[e];
    if (x < 0) return null;
    const back = [];
    for (let y = x; y !== -1; y = parentOut.get(y)) back.push(y);
    walk.push(...back.reverse());
  } else {
    if (!nextIn.has(m) || !parentOut.has(m)) return null;
    for (let y = m; y !== root; y = nextIn.get(y)) walk.push(y);
    const out = [];
    for (let y = m; y !== -1; y = parentOut.get(y)) out.push(y);
    walk.push(...out.reverse().slice(0, out.length - 1));
  }
  const pos = new Map();
  const path = [];
  for (const y of walk) {
    const at = pos.get(y);
    if (at !== undefined) {
      for (let k = at + 1; k < path.length; k++) pos.delete(path[k]);
      path.length = at + 1;
    } else (pos.set(y, path.length), path.push(y));
  }
  return path;
}

test('property: cycles via BFS trees equal the Map-based walk, node for node', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8, unknown: false }), (specs) => {
      const g = buildGraph(specs);
      const scc = g.scc();
      for (let c = 0; c < scc.count; c++) {
        if (!scc.nonTrivial[c]) continue;
        const local = g.localGraph(scc.members.subarray(scc.offsets[c], scc.offsets[c + 1]));
        const search = new CycleSearch(local);
        // Both the predicate path and the "every node" shortcut.
        for (const inSet of [() => true, ANY_NODE]) {
          const trees = new RootTrees(0, inSet);
          for (let m = 0; m < local.size; m++) assert.deepEqual(search.cycleViaTrees(m, trees), referenceCycleViaTrees(local, m, 0));
        }
      }
    }),
    { numRuns: runs(300) },
  );
});

test('property: plans and cycle analyses sharing one bootstrap run equal those computed on fresh graphs', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 7 }), fc.boolean(), (specs, cyclesFirst) => {
      const g = buildGraph(specs);
      const first = cyclesFirst ? analyzeCycles(g) : computePlan(g);
      const plan = computePlan(g);
      const assumed = computePlan(g, { assumeUnknownAvailable: true });
      const cycles = cyclesFirst ? first : analyzeCycles(g);
      assert.equal(plan.assumeUnknownAvailable, false);
      assert.equal(assumed.assumeUnknownAvailable, true);
      assert.equal(cycles.plan.assumeUnknownAvailable, true);
      assert.deepEqual(plain(plan), plain(computePlan(buildGraph(specs))));
      const freshAssumed = plain(computePlan(buildGraph(specs), { assumeUnknownAvailable: true }));
      assert.deepEqual(plain(assumed), freshAssumed);
      assert.deepEqual(plain(cycles.plan), freshAssumed);
      const cycleData = (a) => plain([a.unbroken, a.broken, Array.from(a.unbrokenByMember), Array.from(a.brokenByMember)]);
      assert.deepEqual(cycleData(cycles), cycleData(analyzeCycles(buildGraph(specs))));
      for (const name of g.names) assert.deepEqual(plan.info(name), computePlan(buildGraph(specs)).info(name));
    }),
    { numRuns: runs(200) },
  );
});

test('the plan report is computed on first read but looks like plain fields', () => {
  const specs = [
    P('gcc', { bd: ['glibc'], bs1: [] }),
    P('glibc', { bd: ['gcc'] }),
    P('app', { bd: ['rustc'] }),
    P('rustc', { bd: ['rustc'] }),
  ];
  const plan = computePlan(buildGraph(specs));
  assert.deepEqual(Object.keys(plan), ['waves', 'rebuilds', 'stuck', 'unusedStages', 'coverage', 'prebuilt']);
  assert.equal(plan.waves, plan.waves);
  assert.equal(plan.stuck, plan.stuck);
  assert.deepEqual(plan.coverage, { count: 2, total: 4, percent: 50 });
  // Rebuild entries and stuck entries keep their lazily computed lists as own enumerable properties.
  const rebuild = plan.rebuilds[0];
  assert.deepEqual(Object.keys(rebuild), ['package', 'position', 'washesOut']);
  assert.deepEqual(rebuild.washesOut, ['gcc@stage1']);
  assert.equal(rebuild.washesOut, rebuild.washesOut);
  const app = plan.stuck.find((s) => s.package === 'app');
  assert.deepEqual(Object.keys(app), ['package', 'reason', 'blockedBy']);
  assert.deepEqual(app.blockedBy, ['rustc']);
  assert.equal(app.blockedBy, app.blockedBy);
  assert.equal(plan.stuckEntry('app'), app);
  // The cycle analysis builds its plan when read, once.
  const cycles = analyzeCycles(buildGraph(specs));
  assert.ok(Object.keys(cycles).includes('plan'));
  assert.equal(cycles.plan, cycles.plan);
});

test('property: declaration order does not change the graph (names, lists, adjacency, stages)', () => {
  const graphData = (g) => ({
    names: g.names,
    declared: Array.from(g.declared),
    prebuilt: Array.from(g.prebuilt),
    bd: Array.from(g.bdTargets),
    bdOffsets: Array.from(g.bdOffsets),
    dep: Array.from(g.dependsTargets),
    buildDepends: g.buildDepends,
    depends: g.depends,
    stages: g.stages.map((l) => l.map((s) => ({ stage: s.stage, buildDepends: s.buildDepends, entries: Array.from(s.entries) }))),
    index: g.names.map((x) => g.index(x)),
  });
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (specs, keys) => {
      const shuffled = specs.map((s, k) => [keys[k % keys.length], k, s]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
      assert.deepEqual(graphData(buildGraph(shuffled)), graphData(buildGraph(specs)));
    }),
    { numRuns: runs(300) },
  );
});

test('property: the bitset BFS of dense graphs equals the edge-scanning BFS, budget accounting included', () => {
  const denseArb = fc.integer({ min: 2, max: 70 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      // Mostly dense rows (the bitset search only runs above 4 × words edges per node on average).
      bits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n * n, maxLength: n * n }),
      budget: fc.integer({ min: 0, max: 4 * n * n }),
    }),
  );
  fc.assert(
    fc.property(denseArb, ({ n, bits, budget }) => {
      const offsets = new Int32Array(n + 1);
      const list = [];
      for (let u = 0; u < n; u++) {
        for (let v = 0; v < n; v++) if (bits[u * n + v] > 1 && u !== v) list.push(v);
        offsets[u + 1] = list.length;
      }
      const targets = Int32Array.from(list);
      const rev = graphApi.reverseCsr(n, offsets, targets);
      const g = { size: n, offsets, targets, via: targets, rOffsets: rev.offsets, rSources: rev.targets };
      const dense = new CycleSearch(g);
      const scalar = new CycleSearch(g);
      const a = { left: budget };
      const b = { left: budget };
      for (let m = 0; m < n; m++) {
        // ANY_NODE takes the bitset path on a dense graph; an equivalent closure never does.
        assert.deepEqual(dense.shortestThrough(m, ANY_NODE, a), scalar.shortestThrough(m, () => true, b));
        assert.equal(a.left, b.left);
      }
    }),
    { numRuns: runs(300) },
  );
});
