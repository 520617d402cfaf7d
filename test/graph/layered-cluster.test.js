'use strict';
// The layered cluster problem (issue 13: giant clusters without expanding runtime
// closures) and ClusterProblem (which propagates through it) against the
// definition of availability,
// its quick solver against brute force, and its cycles against the build graph.
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, runs, graphApi } = require('./helpers');
const { ClusterProblem } = require('../../server/out/core/graph/cluster-problem');
const { LayeredClusterProblem } = require('../../server/out/core/graph/layered-cluster');
const { markCluster, hardCyclePacking } = require('../../server/out/core/graph/layered-cluster-solver');
const { layeredCycles } = require('../../server/out/core/graph/layered-cycles');
const { analyzeCycles, applyAnnotations } = graphApi;

/**
 * Tangled graphs with runtime cycles (install components of several packages), two
 * stage sets, and binaries: some packages build binaries (each with its own
 * runtime depends, some prebuilt), which any list may name.
 */
function tangledArb({ min = 3, max = 14 } = {}) {
  return fc.integer({ min, max }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const bins = names.map((p) => `${p}-bin`);
    const anyName = fc.constantFrom(...names, ...bins);
    const some = (max) => fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.uniqueArray(anyName, { maxLength: max }) });
    const pkg = fc.record({
      bd: fc.uniqueArray(anyName, { minLength: 1, maxLength: 3 }),
      d: some(3),
      bs1: fc.option(fc.uniqueArray(anyName, { maxLength: 2 }), { freq: 3 }),
      bs2: fc.option(fc.uniqueArray(anyName, { maxLength: 2 }), { freq: 4 }),
      pre: fc.integer({ min: 0, max: 20 }).map((x) => x === 0),
      bin: fc.option(fc.record({ d: some(2), pre: fc.integer({ min: 0, max: 4 }).map((x) => x === 0) }), { freq: 2 }),
    });
    return fc.tuple(...names.map(() => pkg), fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: 3, maxLength: 3 })).map(([...rest]) => {
      const picks = rest.pop();
      const inCluster = rest.pop();
      const specs = rest.map((r, i) => ({
        name: names[i],
        buildDepends: r.bd,
        depends: r.d,
        bootstrap: [r.bs1 && { stage: 1, buildDepends: r.bs1 }, r.bs2 && { stage: 2, buildDepends: r.bs2 }].filter(Boolean),
        prebuilt: r.pre,
        // A package with binaries: its namesake binary and one more.
        ...(r.bin ? { binaries: [{ name: names[i], depends: r.d }, { name: bins[i], depends: r.bin.d, prebuilt: r.bin.pre }] } : {}),
      }));
      // A binary named by a package that does not build it is just an unknown name.
      return { specs, inCluster, picks };
    });
  });
}

const localIds = (mask, k) => mask.slice(0, k).flatMap((on, v) => (on ? [v] : []));

/**
 * The members available after moves on `chosen`, by the definition (a naive
 * fixpoint, independent of both problems): a member is available once one of
 * its sets (build-depends, then each stage set) has, for every entry, every
 * build target in the entry's runtime closure available — a member that is,
 * or a package outside the cluster that `unavailableOutside` does not exclude.
 */
function availabilityByDefinition(graph, members, chosen, unavailableOutside) {
  const local = new Map(Array.from(members, (m, i) => [m, i]));
  const avail = new Array(members.length).fill(false);
  for (const v of chosen) avail[v] = true;
  const entryHolds = (q) => {
    for (const node of graph.closureOf(q)) {
      const t = graph.buildTarget[node];
      if (t < 0) continue;
      const l = local.get(t);
      if (l !== undefined ? !avail[l] : unavailableOutside?.(t)) return false;
    }
    return true;
  };
  const setsOf = (p) => [Array.from(graph.directDepsOf(p)), ...graph.stages[p].map((s) => Array.from(s.entries))];
  for (let changed = true; changed;) {
    changed = false;
    members.forEach((p, v) => {
      if (!avail[v] && setsOf(p).some((set) => set.every(entryHolds))) avail[v] = changed = true;
    });
  }
  return avail.map(Number);
}

test('property: both cluster problems propagate as the definition says (any member set, any moves, packages outside unavailable)', () => {
  let withBinaries = 0;
  let blockedSome = 0;
  fc.assert(fc.property(tangledArb(), ({ specs, inCluster, picks }) => {
    const graph = graphApi.buildGraph(specs);
    const members = Int32Array.from(localIds(inCluster, graph.size).filter((v) => graph.declared[v]));
    if (graph.hasBinaries) withBinaries++;
    // Outside the cluster, the packages of odd index are not available.
    const unavailableOutside = (v) => graph.declared[v] === 1 && !members.includes(v) && v % 2 === 1;
    const flat = new ClusterProblem(graph, members);
    const flatBlocked = new ClusterProblem(graph, members, unavailableOutside);
    const layered = new LayeredClusterProblem(graph, members);
    assert.equal(layered.size, flat.size);
    const check = (chosen) => {
      const expected = availabilityByDefinition(graph, members, chosen, undefined);
      const expectedBlocked = availabilityByDefinition(graph, members, chosen, unavailableOutside);
      if (expected.join() !== expectedBlocked.join()) blockedSome++;
      assert.equal(flat.resolves(chosen), expected.every(Boolean));
      assert.deepEqual(Array.from(flat.avail), expected, `flattened, after moves on ${chosen}`);
      assert.equal(flat.availableCount, expected.filter(Boolean).length);
      assert.equal(layered.resolves(chosen), expected.every(Boolean));
      assert.deepEqual(Array.from(layered.avail.subarray(0, layered.size)), expected, `layered, after moves on ${chosen}`);
      // The log names each member the moves made available (not those available before), once.
      flatBlocked.reset();
      const before = Array.from(flatBlocked.avail);
      const log = [];
      flatBlocked.log = log;
      flatBlocked.makeAvailable(chosen);
      flatBlocked.log = undefined;
      assert.deepEqual(Array.from(flatBlocked.avail), expectedBlocked, `with packages outside unavailable, after moves on ${chosen}`);
      assert.deepEqual(log.slice().sort((a, b) => a - b), expectedBlocked.flatMap((on, v) => (on && !before[v] ? [v] : [])), 'the log');
    };
    check([]);
    assert.deepEqual(Array.from(flat.moveCost), Array.from(layered.moveCost), 'move costs');
    for (const pick of picks) check(localIds(pick, members.length));
    assert.deepEqual(
      Array.from(LayeredClusterProblem.unavailablePart(graph, members).members),
      Array.from(ClusterProblem.unavailablePart(graph, members).members),
      'the unavailable part',
    );
  }), { numRuns: runs(300) });
  assert.ok(withBinaries > 100, `graphs with binaries: ${withBinaries}`);
  assert.ok(blockedSome > 20, `cases where packages outside change the answer: ${blockedSome}`);
});

test('property: anySetBlocked says whether the problem with packages outside unavailable has a blocked set, without building it', () => {
  const seen = { blocked: 0, clear: 0 };
  fc.assert(fc.property(tangledArb(), fc.integer({ min: 0, max: 3 }), ({ specs, inCluster }, parity) => {
    const graph = graphApi.buildGraph(specs);
    const members = Int32Array.from(localIds(inCluster, graph.size).filter((v) => graph.declared[v]));
    const unavailableOutside = (v) => graph.declared[v] === 1 && !members.includes(v) && v % 4 !== parity;
    const blocked = new ClusterProblem(graph, members, unavailableOutside).blockedSetCount > 0;
    assert.equal(ClusterProblem.anySetBlocked(graph, members, unavailableOutside), blocked);
    seen[blocked ? 'blocked' : 'clear']++;
  }), { numRuns: runs(300) });
  assert.ok(seen.blocked > 30 && seen.clear > 30, `both answers: ${JSON.stringify(seen)}`);
});

/** The fewest moves, by trying every subset (small problems only). */
function optimum(problem) {
  const k = problem.size;
  let best = k;
  for (let mask = 0; mask < 1 << k; mask++) {
    let bits = 0;
    for (let m = mask; m; m &= m - 1) bits++;
    if (bits >= best) continue;
    const chosen = [];
    for (let v = 0; v < k; v++) if (mask & (1 << v)) chosen.push(v);
    if (problem.resolves(chosen)) best = bits;
  }
  return best;
}

test('property: the quick solver breaks the cluster, and its lower bound never exceeds the true minimum', () => {
  let nonTrivial = 0;
  fc.assert(fc.property(tangledArb({ max: 12 }), ({ specs }) => {
    const graph = graphApi.buildGraph(specs);
    const scc = graph.scc();
    for (let c = 0; c < scc.count; c++) {
      if (!scc.nonTrivial[c]) continue;
      const members = scc.members.slice(scc.offsets[c], scc.offsets[c + 1]).filter((v) => graph.declared[v]);
      const problem = LayeredClusterProblem.unavailablePart(graph, Int32Array.from(members).sort());
      if (problem.size === 0 || problem.size > 12) continue;
      const { chosen, lowerBound } = markCluster(problem, { improveBudget: 1e9 });
      assert.ok(problem.resolves(chosen), `moves on ${chosen} resolve the cluster`);
      assert.equal(new Set(chosen).size, chosen.length);
      const best = optimum(problem);
      assert.ok(hardCyclePacking(problem) <= best, `disjoint hard cycles ${hardCyclePacking(problem)} ≤ optimum ${best}`);
      assert.ok(lowerBound <= best, `lower bound ${lowerBound} ≤ optimum ${best}`);
      assert.ok(chosen.length >= best);
      if (best > 0) nonTrivial++;
    }
  }), { numRuns: runs(300) });
  assert.ok(nonTrivial > 20, `clusters that needed moves: ${nonTrivial}`);
});

/** Whether p → r is an edge of the build graph through entry q (q in p's build-depends, r built for something in q's runtime closure). */
function isBuildEdge(graph, p, q, r) {
  return graph.directDepsOf(p).includes(q) && Array.from(graph.closureOf(q)).some((x) => graph.buildTarget[x] === r);
}

test('property: layered cycles are simple build-graph cycles inside the cluster, through the members asked', () => {
  fc.assert(fc.property(tangledArb(), ({ specs, picks }) => {
    const graph = graphApi.buildGraph(specs);
    const scc = graph.scc();
    for (let c = 0; c < scc.count; c++) {
      if (!scc.nonTrivial[c]) continue;
      const members = Int32Array.from(scc.members.slice(scc.offsets[c], scc.offsets[c + 1])).sort();
      const problem = new LayeredClusterProblem(graph, members);
      const through = localIds(picks[0], members.length);
      if (through.length === 0) through.push(0);
      const cycles = layeredCycles(problem, through);
      const covered = new Set();
      for (const cycle of cycles) {
        assert.equal(new Set(cycle.nodes).size, cycle.nodes.length, 'simple');
        assert.equal(Math.min(...cycle.nodes), cycle.nodes[0], 'rotated to the lowest');
        for (let j = 0; j < cycle.nodes.length; j++) {
          const p = cycle.nodes[j];
          const r = cycle.nodes[(j + 1) % cycle.nodes.length];
          assert.ok(members.includes(p), 'inside the cluster');
          assert.ok(isBuildEdge(graph, p, cycle.vias[j], r), `${graph.names[p]} → ${graph.names[r]} via ${graph.names[cycle.vias[j]]}`);
        }
        for (const m of cycle.through) {
          assert.ok(cycle.nodes.includes(m), 'through a member it names');
          covered.add(m);
        }
      }
      assert.deepEqual([...covered].sort((a, b) => a - b), through.map((v) => members[v]), 'a cycle for every member asked');
    }
  }), { numRuns: runs(300) });
});

/**
 * The progress fixes of every summarised cluster's marked packages leave none of
 * its core on an unbroken cycle. Returns how many clusters were summarised.
 */
function assertMarksBreak(analysis, specs) {
  let summarised = 0;
  const moves = [];
  const coreMembers = new Set();
  for (const component of analysis.unbroken) {
    for (const summary of component.summaries) {
      summarised++;
      assert.deepEqual([...summary.chosen].sort(), summary.marked, 'the chosen order holds the marked packages');
      for (const pkg of summary.marked) {
        const move = analysis.progressMove(pkg);
        assert.ok(move, `${pkg} has a progress fix`);
        moves.push(move);
      }
    }
    if (component.summaries.length) for (const m of component.core) coreMembers.add(m);
    for (const cycle of component.cycles) {
      for (const edge of cycle.edges) assert.ok(isBuildEdge(analysis.graph, analysis.graph.index(edge.from), analysis.graph.index(edge.via), analysis.graph.index(edge.to)));
    }
  }
  if (moves.length === 0) return summarised;
  const after = analyzeCycles(applyAnnotations(specs, moves.map((m) => ({ package: m.package, stage: m.stage, newSet: m.newSet }))));
  for (const component of after.unbroken) {
    for (const cycle of component.cycles) {
      for (const node of cycle.nodes) assert.ok(!coreMembers.has(node), `${node} is still on the unbroken cycle ${cycle.nodes.join(' → ')}`);
    }
  }
  return summarised;
}

test('property: a summarised cluster: its marked packages\' progress fixes leave none of its members on an unbroken cycle', () => {
  let summarised = 0;
  fc.assert(fc.property(tangledArb({ min: 4, max: 14 }), ({ specs }) => {
    summarised += assertMarksBreak(analyzeCycles(specs, { detailLimit: 1 }), specs);
  }), { numRuns: runs(300) });
  assert.ok(summarised > 20, `summarised clusters: ${summarised}`);
});

test('property: marks kept from the analysis before an edit still break every cluster, stay put when the edit only removes, and change nothing else', () => {
  let kept = 0;
  fc.assert(fc.property(tangledArb({ min: 4, max: 14 }), fc.nat(), fc.boolean(), ({ specs }, pick, add) => {
    const before = analyzeCycles(specs, { detailLimit: 0 });
    // One edit: two packages made to need each other (a new two-cycle the old
    // marks may not break), or an entry removed from one package's build-depends.
    const edited = specs.map((s) => ({ ...s }));
    const marked = new Set(before.unbroken.flatMap((c) => c.summaries.flatMap((s) => s.marked)));
    const unmarked = edited.filter((s) => !marked.has(s.name));
    const among = add && unmarked.length >= 2 ? unmarked : edited;
    const p = among[pick % among.length];
    const q = among[(pick >> 4) % among.length];
    if (add) {
      p.buildDepends = [...new Set([...p.buildDepends, q.name])];
      q.buildDepends = [...new Set([...q.buildDepends, p.name])];
    } else p.buildDepends = p.buildDepends.filter((_, i) => i !== (pick >> 4) % p.buildDepends.length);
    const carried = analyzeCycles(edited, { detailLimit: 0, previous: before });
    const fresh = analyzeCycles(edited, { detailLimit: 0 });
    const shape = (a) => a.unbroken.map((c) => [c.members, c.core, c.summaries.map((s) => s.size)]);
    assert.deepEqual(shape(carried), shape(fresh), 'the same clusters and cores as a fresh analysis');
    kept += assertMarksBreak(carried, edited);
    // Exactly: the marks resolve the layered problem of each component's core.
    for (const component of carried.unbroken) {
      if (!component.summaries.length) continue;
      const g = carried.graph;
      const problem = LayeredClusterProblem.unavailablePart(g, Int32Array.from(component.core.map((m) => g.index(m)).sort((x, y) => x - y)));
      const local = new Map(Array.from(problem.members, (v, k) => [v, k]));
      const moves = component.summaries.flatMap((s) => s.marked).map((m) => local.get(g.index(m))).filter((k) => k !== undefined);
      assert.ok(problem.resolves(moves), `the marks ${component.summaries.flatMap((s) => s.marked).join(', ')} break every cycle of ${component.core.join(', ')}`);
      // The bound (from the packing carried over, or a new one) is still a bound.
      const bound = component.summaries.reduce((sum, s) => sum + s.lowerBound, 0);
      if (problem.size <= 12) assert.ok(bound <= optimum(problem), `lower bound ${bound} ≤ optimum ${optimum(problem)}`);
    }
    if (!add) {
      const earlier = new Set(before.unbroken.flatMap((c) => c.summaries.flatMap((s) => s.marked)));
      for (const s of carried.unbroken.flatMap((c) => c.summaries)) {
        for (const m of s.marked) assert.ok(earlier.has(m), `${m} was not marked before an edit that only removed an entry`);
      }
    }
  }), { numRuns: runs(300) });
  assert.ok(kept > 20, `summarised clusters: ${kept}`);
});

test('a lower bound carried over is dropped when the edit breaks the cycles behind it', () => {
  // 30 two-cycles a_i <-> b_i joined by a ring through the a_i: at least 30 moves.
  const pairs = 30;
  const specs = [];
  for (let i = 0; i < pairs; i++) {
    specs.push({ name: `a${i}`, buildDepends: [`b${i}`, `a${(i + 1) % pairs}`], depends: [], bootstrap: [] });
    specs.push({ name: `b${i}`, buildDepends: [`a${i}`], depends: [], bootstrap: [] });
  }
  const before = analyzeCycles(specs, { detailLimit: 0 });
  const [summary] = before.unbroken[0].summaries;
  assert.ok(summary.lowerBound >= pairs / 2, `a packing of the two-cycles: ${summary.lowerBound}`);
  // Same edit, nothing changed: the packing carries over.
  assert.equal(analyzeCycles(specs, { detailLimit: 0, previous: before }).unbroken[0].summaries[0].lowerBound, summary.lowerBound);
  // Each b_i needs the next a instead: every cycle now goes round the ring of the a_i, which one move breaks.
  const ringOnly = specs.map((s) => (s.name.startsWith('b') ? { ...s, buildDepends: [`a${(Number(s.name.slice(1)) + 1) % pairs}`] } : s));
  const after = analyzeCycles(ringOnly, { detailLimit: 0, previous: before });
  const bounds = after.unbroken.flatMap((c) => c.summaries.map((s) => s.lowerBound));
  assert.deepEqual(bounds, [1]);
});
