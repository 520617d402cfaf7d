'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, graphApi, P, model, naivePlan, oracleNonTrivialSccs, oracleShortestCycleLength, specsArb, byName, runs } = require('./helpers');
const { analyzeCycles, planFixAll, applyAnnotations, planPackages, buildGraph, computePlan, edgeCandidate } = graphApi;

/** The candidate "build p without q" for the edge p → r, by name. */
function candidateOf(specs, p, q, r) {
  const g = buildGraph(specs);
  return plain(edgeCandidate(g, g.index(p), g.index(q), g.index(r)));
}

const plain = (x) => JSON.parse(JSON.stringify(x));

test('gcc/glibc: unbroken cycle with its candidates; the preferred one', () => {
  const a = analyzeCycles([P('gcc', { bd: ['glibc', 'binutils'] }), P('glibc', { bd: ['gcc'], d: ['tzdata'] }), P('binutils'), P('tzdata')]);
  assert.equal(a.unbroken.length, 1);
  assert.deepEqual(a.broken, []);
  const comp = a.unbroken[0];
  assert.deepEqual(comp.members, ['gcc', 'glibc']);
  assert.equal(comp.exact, true);
  assert.equal(comp.cycles.length, 1);
  const cyc = comp.cycles[0];
  assert.deepEqual(cyc.nodes, ['gcc', 'glibc']);
  assert.deepEqual(cyc.through, ['gcc', 'glibc']);
  assert.deepEqual(plain(cyc.candidates), [
    { package: 'gcc', stage: 1, remove: 'glibc', newSet: ['binutils'], update: false, edge: { from: 'gcc', to: 'glibc', via: 'glibc' }, score: 1 },
    { package: 'glibc', stage: 1, remove: 'gcc', newSet: [], update: false, edge: { from: 'glibc', to: 'gcc', via: 'gcc' }, score: 1 },
  ]);
  assert.equal(cyc.preferred, 0); // tie: lowest (P, Q)
  assert.deepEqual(a.unbrokenByMember.get('glibc'), { component: 0, cycle: 0 });
});

test('gcc/glibc broken by gcc stage 1: reported as broken, naming the breaker', () => {
  const a = analyzeCycles([P('gcc', { bd: ['glibc', 'binutils'], bs1: ['binutils'] }), P('glibc', { bd: ['gcc'] }), P('binutils')]);
  assert.deepEqual(a.unbroken, []);
  assert.deepEqual(plain(a.broken), [
    {
      members: ['gcc', 'glibc'],
      cycle: { nodes: ['gcc', 'glibc'], edges: [{ from: 'gcc', to: 'glibc', via: 'glibc' }, { from: 'glibc', to: 'gcc', via: 'gcc' }] },
      brokenBy: [{ package: 'gcc', stage: 1 }],
    },
  ]);
  assert.equal(a.brokenByMember.get('glibc'), 0);
});

test('self-loop broken by prebuilt', () => {
  assert.equal(analyzeCycles([P('cc', { bd: ['cc'] })]).unbroken.length, 1);
  const a = analyzeCycles([P('cc', { bd: ['cc'], pre: true })]);
  assert.deepEqual(a.unbroken, []);
  assert.deepEqual(plain(a.broken[0].brokenBy), [{ package: 'cc', stage: 'prebuilt' }]);
  assert.deepEqual(a.broken[0].cycle.nodes, ['cc']);
});

test('an unknown name does not make a cycle look unbreakable', () => {
  const specs = [P('p', { bd: ['q', 'ghost'], bs1: ['ghost'] }), P('q', { bd: ['p'] })];
  const a = analyzeCycles(specs);
  assert.deepEqual(a.unbroken, []);
  assert.deepEqual(a.broken.map((b) => b.members), [['p', 'q']]);
});

test('candidate rules: update the lowest stage containing Q, new stage 1, or max+1', () => {
  const specs = [
    P('a', { bd: ['b', 'x'], bs2: ['b', 'x'], bs3: ['b'] }), // update stage 2
    P('b', { bd: ['c', 'x'], bs1: ['x2'] }), // sets exist, none holds c: stage 2 = bd minus c
    P('c', { bd: ['a'] }), // no sets: stage 1
    P('x', { bd: ['x2'] }),
    P('x2', { bd: ['x'] }),
  ];
  const pick = ({ package: p, stage, remove, newSet, update }) => ({ p, stage, remove, newSet, update });
  assert.deepEqual(pick(candidateOf(specs, 'a', 'b', 'b')), { p: 'a', stage: 2, remove: 'b', newSet: ['x'], update: true });
  assert.deepEqual(pick(candidateOf(specs, 'b', 'c', 'c')), { p: 'b', stage: 2, remove: 'c', newSet: ['x'], update: false });
  assert.deepEqual(pick(candidateOf(specs, 'c', 'a', 'a')), { p: 'c', stage: 1, remove: 'a', newSet: [], update: false });
  // b's stage-1 set needs only x2, outside the cycle a → b → c: with x's cycle
  // broken, b is built, so a → b → c is not a cycle a fix must break here.
  const a = analyzeCycles(specs);
  const comp = a.unbroken.find((u) => u.members.includes('a'));
  assert.deepEqual(comp.core, []);
  assert.deepEqual(comp.blocked.map((b) => [b.package, b.core, b.upstream]), [['a', 'x', true], ['b', 'x', true], ['c', 'x', true]]);
});

test('candidates that would change nothing are skipped', () => {
  // b →(via b) a…: removing q from p's set is pointless when another entry's closure
  // still holds the target, or when the new set already exists.
  const a = analyzeCycles([
    P('p', { bd: ['r', 'w'], bs1: ['w'] }), // p → r direct, and w depends r: removing r keeps r
    P('w', { d: ['r'] }),
    P('r', { bd: ['p'] }),
  ]);
  const cyc = a.unbroken[0].cycles[0];
  assert.deepEqual(cyc.nodes, ['p', 'r']);
  assert.deepEqual(cyc.candidates.map((c) => `${c.package}-${c.remove}`), ['r-p']);
  const specs = [
    P('p', { bd: ['r', 'z'], bs1: ['z'], bs2: ['r', 'z'] }), // removing r from stage 2 = existing stage 1
    P('r', { bd: ['p'] }),
    P('z', { bd: ['zz'] }),
    P('zz', { bd: ['z'] }),
  ];
  assert.equal(candidateOf(specs, 'p', 'r', 'r'), null);
  assert.equal(candidateOf(specs, 'r', 'p', 'p').remove, 'p');
});

test('the preferred candidate: the edge on the most unbroken cycles', () => {
  // Two cycles share the edge mid → hub: it scores 2, the others 1. planFixAll
  // ties hub and mid (both on two cycles) and takes mid: one removal instead of two.
  const a = analyzeCycles([
    P('hub', { bd: ['a', 'b'] }),
    P('a', { bd: ['mid'] }),
    P('b', { bd: ['mid'] }),
    P('mid', { bd: ['hub'] }),
  ]);
  const comp = a.unbroken[0];
  assert.deepEqual(comp.members, ['a', 'b', 'hub', 'mid']);
  assert.deepEqual(comp.cycles.map((c) => c.nodes), [['a', 'mid', 'hub'], ['b', 'mid', 'hub']]);
  for (const cyc of comp.cycles) {
    const pref = cyc.candidates[cyc.preferred];
    assert.equal(`${pref.package}-${pref.remove}`, 'mid-hub');
    assert.equal(pref.score, 2);
  }
  const fix = planFixAll(
    [P('hub', { bd: ['a', 'b'] }), P('a', { bd: ['mid'] }), P('b', { bd: ['mid'] }), P('mid', { bd: ['hub'] })],
  );
  assert.deepEqual(fix, { annotations: [{ package: 'mid', stage: 1, remove: ['hub'], newSet: [], update: false }], resolved: true, lowerBound: 1, exact: true, dropped: 1, droppedLowerBound: 1 });
});

test('a loop whose members got bootstrap builds is broken even when a stuck dependency blocks them', () => {
  const a = analyzeCycles([
    P('gcc', { bd: ['libc', 'libx'], bs1: [] }),
    P('libc', { bd: ['gcc', 'libx'], bs1: ['gcc'] }),
    P('libx', { bd: ['libx'] }),
  ]);
  assert.deepEqual(a.unbroken.map((u) => u.members), [['libx']]);
  assert.deepEqual(plain(a.broken), [
    {
      members: ['gcc', 'libc'],
      cycle: { nodes: ['gcc', 'libc'], edges: [{ from: 'gcc', to: 'libc', via: 'libc' }, { from: 'libc', to: 'gcc', via: 'gcc' }] },
      brokenBy: [{ package: 'gcc', stage: 1 }, { package: 'libc', stage: 1 }],
    },
  ]);
});

test('planFixAll on the gcc/glibc loop, merging several removals into one annotation', () => {
  const specs = [P('gcc', { bd: ['glibc', 'binutils'] }), P('glibc', { bd: ['gcc'] }), P('binutils')];
  assert.deepEqual(planFixAll(specs), {
    annotations: [{ package: 'gcc', stage: 1, remove: ['glibc'], newSet: ['binutils'], update: false }],
    resolved: true, lowerBound: 1, exact: true, dropped: 1, droppedLowerBound: 1,
  });
  // a needs b and c, both of which need a: one annotation on a removes both.
  const fix = planFixAll([P('a', { bd: ['c', 'b', 'ok'], bs1: ['b', 'c', 'ok'] }), P('b', { bd: ['a'] }), P('c', { bd: ['a'] }), P('ok')]);
  assert.deepEqual(fix, { annotations: [{ package: 'a', stage: 1, remove: ['b', 'c'], newSet: ['ok'], update: true }], resolved: true, lowerBound: 1, exact: true, dropped: 2, droppedLowerBound: 2 });
  const after = planPackages(applyAnnotations([P('a', { bd: ['c', 'b', 'ok'], bs1: ['b', 'c', 'ok'] }), P('b', { bd: ['a'] }), P('c', { bd: ['a'] }), P('ok')], fix.annotations));
  assert.deepEqual(after.stuck, []);
  assert.deepEqual(planFixAll([P('a')]), { annotations: [], resolved: true, lowerBound: 0, exact: true, dropped: 0, droppedLowerBound: 0 });
});

test('property: unbroken SCCs equal the oracle; every core member has a shortest cycle through it, every other member is blocked', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 7 }), (specs) => {
      const a = analyzeCycles(specs);
      const naive = naivePlan(specs, true);
      const m = naive.m;
      const unavailable = new Set([...m.decl.keys()].filter((x) => !naive.avail.has(x)));
      const oracle = oracleNonTrivialSccs(m, unavailable);
      assert.deepEqual(a.unbroken.map((u) => u.members), oracle);
      for (const comp of a.unbroken) {
        assert.equal(comp.exact, true);
        // The core: what stays never built with everything outside the SCC available
        // (as prebuilt), on cycles among themselves.
        const inComp = new Set(comp.members);
        const local = naivePlan(specs.map((s) => (inComp.has(s.name) ? s : { ...s, prebuilt: true })), true);
        const stillNever = new Set(comp.members.filter((x) => !local.avail.has(x)));
        const coreOracle = oracleNonTrivialSccs(m, stillNever).flat().sort(byName);
        assert.deepEqual(comp.core, coreOracle);
        assert.deepEqual([...comp.core, ...comp.blocked.map((b) => b.package)].sort(byName), comp.members);
        const allowed = new Set(comp.core);
        const keys = new Set();
        const through = [];
        for (const cyc of comp.cycles) {
          const key = cyc.edges.map((e) => `${e.from}>${e.to}`).sort().join(',');
          assert.ok(!keys.has(key), 'de-duplicated');
          keys.add(key);
          assert.equal(cyc.nodes[0], [...cyc.nodes].sort(byName)[0], 'rotated to the lowest name');
          for (const e of cyc.edges) {
            assert.ok(allowed.has(e.to));
            assert.equal(m.edges.get(e.from).get(e.to), e.via);
          }
          for (const t of cyc.through) {
            assert.ok(cyc.nodes.includes(t));
            assert.equal(cyc.nodes.length, oracleShortestCycleLength(m, t, allowed));
            through.push(t);
          }
          if (cyc.candidates.length > 0) assert.ok(cyc.preferred >= 0 && cyc.preferred < cyc.candidates.length);
          for (const c of cyc.candidates) {
            const spec = m.decl.get(c.package);
            const sets = new Map();
            for (const b of spec.bootstrap) if (!sets.has(b.stage)) sets.set(b.stage, b.buildDepends);
            if (c.update) {
              assert.ok(sets.get(c.stage).includes(c.remove));
              for (const [st, list] of sets) if (st < c.stage) assert.ok(!list.includes(c.remove));
            } else {
              assert.ok(!sets.has(c.stage));
              assert.equal(c.stage, sets.size === 0 ? 1 : Math.max(...sets.keys()) + 1);
            }
            assert.ok(!c.newSet.includes(c.remove));
            assert.ok(!m.setClosure(c.newSet).has(c.edge.to), 'the candidate breaks its edge');
          }
        }
        assert.deepEqual(through.sort(byName), comp.core);
      }
      // Broken: non-trivial SCCs of the whole graph without unbroken members.
      const inUnbroken = new Set(oracle.flat());
      const brokenOracle = oracleNonTrivialSccs(m, null).filter((c) => c.every((x) => !inUnbroken.has(x)));
      assert.deepEqual(a.broken.map((b) => b.members), brokenOracle);
      for (const b of a.broken) assert.ok(b.brokenBy.length > 0);
      // The plan's stuck reason `cycle` is exactly membership of an unbroken SCC.
      const plan = computePlan(buildGraph(specs), { assumeUnknownAvailable: true });
      const cycleStuck = plan.stuck.filter((s) => s.reason === 'cycle').map((s) => s.package);
      assert.deepEqual(cycleStuck, [...inUnbroken].sort(byName));
      // Without the assumption: the same, except packages whose own build needs unknown names.
      const normal = planPackages(specs).stuck.filter((s) => s.reason === 'cycle').map((s) => s.package);
      const ownUnknown = (p) => [...m.edges.get(p).keys()].some((r) => !m.decl.has(r));
      assert.deepEqual(normal, [...inUnbroken].filter((p) => !ownUnknown(p)).sort(byName));
    }),
    { numRuns: runs(400) },
  );
});

test('property: after planFixAll no package is stuck for reason cycle', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8, prebuiltOdds: 20 }), (specs) => {
      const fix = planFixAll(specs);
      assert.equal(fix.resolved, true);
      const seen = new Set();
      for (const ann of fix.annotations) {
        const key = `${ann.package}:${ann.stage}`;
        assert.ok(!seen.has(key), 'one annotation per package+stage');
        seen.add(key);
        assert.ok(ann.remove.length >= 1);
        for (const r of ann.remove) assert.ok(!ann.newSet.includes(r));
      }
      const fixed = applyAnnotations(specs, fix.annotations);
      const withAssume = computePlan(buildGraph(fixed), { assumeUnknownAvailable: true });
      assert.deepEqual(withAssume.stuck, []);
      assert.deepEqual(analyzeCycles(fixed).unbroken, []);
      const plan = planPackages(fixed);
      assert.ok(plan.stuck.every((s) => s.reason !== 'cycle'));
      // Nothing to do when nothing is stuck.
      if (computePlan(buildGraph(specs), { assumeUnknownAvailable: true }).stuck.length === 0) assert.deepEqual(fix.annotations, []);
    }),
    { numRuns: runs(400) },
  );
});
