'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, graphApi, P, model, naivePlan, specsArb, byName, reachFrom, runs } = require('./helpers');
const { buildGraph, computePlan, planPackages, runBootstrapPhase } = graphApi;
const { availabilityWith } = require('../../server/out/core/graph/plan');

const full = (...names) => names.map((p) => ({ package: p, kind: 'full' }));
const stage = (p, n) => [{ package: p, kind: 'stage', stage: n }];
const plain = (x) => JSON.parse(JSON.stringify(x));

const gccLoop = () => [
  P('gcc', { bd: ['glibc', 'binutils'] }),
  P('glibc', { bd: ['gcc'], d: ['tzdata'] }),
  P('binutils'),
  P('tzdata'),
];

test('gcc/glibc loop without bootstrap stages: both stuck in a cycle', () => {
  const plan = planPackages(gccLoop());
  assert.deepEqual(plain(plan.waves), [{ index: 1, builds: full('binutils', 'tzdata') }]);
  assert.deepEqual(plan.stuck, [
    { package: 'gcc', reason: 'cycle', cycle: ['gcc', 'glibc'] },
    { package: 'glibc', reason: 'cycle', cycle: ['gcc', 'glibc'] },
  ]);
  assert.deepEqual(plan.coverage, { count: 2, total: 4, percent: 50 });
  assert.deepEqual(plain(plan.rebuilds), []);
});

test('gcc/glibc loop broken by build-depends-bootstrap1 of gcc', () => {
  const specs = gccLoop();
  specs[0] = P('gcc', { bd: ['glibc', 'binutils'], bs1: ['binutils'] });
  const plan = planPackages(specs);
  assert.deepEqual(plain(plan.waves), [
    { index: 1, builds: full('binutils', 'tzdata') },
    { index: 2, builds: stage('gcc', 1) },
    { index: 3, builds: full('glibc') },
    { index: 4, builds: full('gcc') },
  ]);
  assert.deepEqual(plan.stuck, []);
  assert.deepEqual(plan.unusedStages, []);
  assert.deepEqual(plan.coverage, { count: 4, total: 4, percent: 100 });
  // glibc was built with gcc@stage1; gcc's full build used that glibc.
  const glibc = plan.info('glibc');
  assert.equal(glibc.tainted, true);
  assert.equal(glibc.fullBuildWave, 3);
  assert.equal(plan.info('gcc').tainted, true);
  assert.deepEqual(plan.info('gcc').stageBuilds, [{ stage: 1, wave: 2, tainted: false }]);
  assert.equal(plan.info('binutils').tainted, false);
  // Rebuilds: the SCC {gcc, glibc} alphabetically, after its dependencies.
  assert.deepEqual(plain(plan.rebuilds), [
    { package: 'gcc', position: 1, washesOut: ['gcc@stage1'] },
    { package: 'glibc', position: 2, washesOut: ['gcc@stage1'] },
  ]);
  assert.equal(plan.info('glibc').rebuildPosition, 2);
  assert.equal(plan.info('binutils').rebuildPosition, null);
  assert.deepEqual(plan.washesOut('glibc'), ['gcc@stage1']);
  assert.deepEqual(plan.washesOut('binutils'), []);
});

test('a compiler that builds itself, broken by prebuilt', () => {
  const looped = planPackages([P('rustc', { bd: ['rustc', 'llvm'] }), P('llvm'), P('app', { bd: ['rustc'] })]);
  assert.deepEqual(looped.stuck, [
    { package: 'app', reason: 'depends-on-stuck', blockedBy: ['rustc'] },
    { package: 'rustc', reason: 'cycle', cycle: ['rustc'] },
  ]);
  const plan = planPackages([P('rustc', { bd: ['rustc', 'llvm'], pre: true }), P('llvm'), P('app', { bd: ['rustc'] })]);
  assert.deepEqual(plain(plan.waves), [{ index: 1, builds: full('app', 'llvm') }, { index: 2, builds: full('rustc') }]);
  assert.deepEqual(plan.prebuilt, ['rustc']);
  assert.equal(plan.info('app').tainted, true);
  assert.equal(plan.info('rustc').tainted, true);
  // Rebuild order: dependencies first (rustc needs llvm, app needs rustc).
  assert.deepEqual(plain(plan.rebuilds), [
    { package: 'rustc', position: 1, washesOut: ['rustc@prebuilt'] },
    { package: 'app', position: 2, washesOut: ['rustc@prebuilt'] },
  ]);
});

test('a prebuilt package with an untainted full build is still rebuilt', () => {
  const plan = planPackages([P('tzdata', { pre: true })]);
  assert.deepEqual(plain(plan.rebuilds), [{ package: 'tzdata', position: 1, washesOut: ['tzdata@prebuilt'] }]);
  assert.equal(plan.info('tzdata').tainted, false);
});

test('two-stage chain: stage 1 of one package, then stage 2 of another', () => {
  // A needs B; B needs A and C; C needs B. A@stage1 (nothing), then nothing builds fully,
  // then B@stage2 (needs A), then A and C, then B.
  const plan = planPackages([
    P('A', { bd: ['B'], bs1: [] }),
    P('B', { bd: ['A', 'C'], bs2: ['A'] }),
    P('C', { bd: ['B'] }),
  ]);
  assert.deepEqual(plain(plan.waves), [
    { index: 1, builds: stage('A', 1) },
    { index: 2, builds: stage('B', 2) },
    { index: 3, builds: full('A', 'C') },
    { index: 4, builds: full('B') },
  ]);
  assert.deepEqual(plan.info('B').stageBuilds, [{ stage: 2, wave: 2, tainted: true }]);
  assert.deepEqual(plan.washesOut('B'), ['A@stage1', 'B@stage2']);
  assert.deepEqual(plan.washesOut('C'), ['A@stage1', 'B@stage2']);
  assert.deepEqual(plan.washesOut('A'), ['A@stage1', 'B@stage2']);
});

test('stage 1 then stage 2 of the same package, when nothing else can be built', () => {
  // gcc stage1 needs nothing; gcc stage2 needs libc-dev, whose stage1 needs gcc.
  const plan = planPackages([
    P('gcc', { bd: ['libc', 'libx'], bs1: [], bs2: ['libc'] }),
    P('libc', { bd: ['gcc', 'libx'], bs1: ['gcc'] }),
    P('libx', { bd: ['gcc', 'libx'] }),
  ]);
  assert.deepEqual(plain(plan.waves), [
    { index: 1, builds: stage('gcc', 1) },
    { index: 2, builds: stage('libc', 1) },
    { index: 3, builds: stage('gcc', 2) },
  ]);
  assert.deepEqual(plan.washesOut('gcc'), []);
  assert.deepEqual(plan.info('gcc').stageBuilds, [
    { stage: 1, wave: 1, tainted: false },
    { stage: 2, wave: 3, tainted: true },
  ]);
  // libx builds itself: nothing breaks that loop. gcc ⇄ libc is broken (both got
  // stage builds) but their full builds wait for libx.
  assert.deepEqual(plan.stuck.map((s) => [s.package, s.reason]), [
    ['gcc', 'depends-on-stuck'],
    ['libc', 'depends-on-stuck'],
    ['libx', 'cycle'],
  ]);
});

test('lowest stage first, then lowest name', () => {
  const plan = planPackages([
    P('a', { bd: ['b'], bs2: [] }),
    P('b', { bd: ['a'], bs1: [] }),
    P('c', { bd: ['d'], bs1: [] }),
    P('d', { bd: ['c'] }),
  ]);
  assert.deepEqual(plain(plan.waves).slice(0, 2), [
    { index: 1, builds: stage('b', 1) },
    { index: 2, builds: full('a') },
  ]);
  assert.deepEqual(plain(plan.waves)[3], { index: 4, builds: stage('c', 1) });
  assert.deepEqual(plan.unusedStages, [{ package: 'a', stage: 2 }]);
});

test('unknown dependency: stuck with the unknown names; its dependents are depends-on-stuck', () => {
  const plan = planPackages([P('a', { bd: ['nothere', 'b'] }), P('b', { d: ['ghost'] }), P('c', { bd: ['a'] }), P('d', { bd: ['b'] })]);
  assert.deepEqual(plan.stuck, [
    { package: 'a', reason: 'unknown-dependency', unknown: ['ghost', 'nothere'] },
    { package: 'c', reason: 'depends-on-stuck', blockedBy: ['a'] },
    { package: 'd', reason: 'unknown-dependency', unknown: ['ghost'] },
  ]);
  // b itself builds (its runtime dependency does not matter for its own build),
  // but d needs b installed, hence ghost.
  assert.deepEqual(plain(plan.waves), [{ index: 1, builds: full('b') }]);
  const withAssume = computePlan(buildGraph([P('a', { bd: ['nothere'] })]), { assumeUnknownAvailable: true });
  assert.deepEqual(withAssume.stuck, []);
  assert.deepEqual(plan.info('nothere'), {
    name: 'nothere',
    declared: false,
    prebuilt: false,
    fullBuildWave: null,
    stageBuilds: [],
    tainted: false,
    rebuildPosition: null,
    stuck: null,
    unusedStages: [],
  });
  assert.equal(plan.info('missing'), undefined);
});

test('a loop kept closed only by an unknown name in a bootstrap set is not a cycle', () => {
  const plan = planPackages([P('p', { bd: ['q'], bs1: ['ghost'] }), P('q', { bd: ['p'] })]);
  assert.deepEqual(plan.stuck, [
    { package: 'p', reason: 'unknown-dependency', unknown: ['ghost'] },
    { package: 'q', reason: 'depends-on-stuck', blockedBy: ['p'] },
  ]);
});

test('unused stages and the percentage', () => {
  const plan = planPackages([
    P('a', { bs1: [] }), // builds fully at once: its stage is never used
    P('b', { bd: ['c'], bs1: ['a'], bs3: [] }),
    P('c', { bd: ['b'] }),
    P('x', { bd: ['y'] }),
    P('y', { bd: ['x'] }),
  ]);
  assert.deepEqual(plan.unusedStages, [
    { package: 'a', stage: 1 },
    { package: 'b', stage: 3 },
  ]);
  assert.deepEqual(plan.coverage, { count: 3, total: 5, percent: 60 });
  assert.deepEqual(plan.info('b').unusedStages, [3]);
  assert.deepEqual(planPackages([]).coverage, { count: 0, total: 0, percent: 100 });
});

test('builds in the same wave use each other\'s previous builds', () => {
  // a and b are both ready in wave 2; a uses b@stage1 (b's full build is in the same wave).
  const plan = planPackages([P('a', { bd: ['b'] }), P('b', { bd: ['c'], bs1: [] }), P('c', { bd: ['b'] })]);
  assert.deepEqual(plain(plan.waves), [
    { index: 1, builds: stage('b', 1) },
    { index: 2, builds: full('a', 'c') },
    { index: 3, builds: full('b') },
  ]);
  assert.deepEqual(plan.washesOut('a'), ['b@stage1']);
});

test('deterministic: input order does not matter', () => {
  const specs = [
    P('m', { bd: ['n', 'o'], bs1: ['o'] }),
    P('n', { bd: ['m'] }),
    P('o', { bd: ['p'] }),
    P('p', { bd: ['o'], bs1: [] }),
    P('q', { bd: ['q'], pre: true }),
  ];
  const a = plain(planPackages(specs));
  const b = plain(planPackages(specs.slice().reverse()));
  assert.deepEqual(a, b);
});

test('property: the plan equals a naive literal implementation of SPEC §3', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 7 }), fc.boolean(), (specs, assume) => {
      const graph = buildGraph(specs);
      const plan = computePlan(graph, { assumeUnknownAvailable: assume });
      const naive = naivePlan(specs, assume);
      assert.deepEqual(plain(plan.waves), naive.waves);
      assert.deepEqual(plan.rebuilds.map((r) => r.package).sort(byName), naive.rebuilt);
      for (const r of plan.rebuilds) {
        assert.deepEqual(new Set(r.washesOut), naive.washesOut.get(r.package), r.package);
      }
      for (const n of naive.m.decl.keys()) {
        const info = plan.info(n);
        assert.equal(info.fullBuildWave !== null, naive.full.has(n));
        assert.equal(plan.isStuck(n), !naive.full.has(n));
        const fb = naive.builds.find((b) => b.pkg === n && b.kind === 'full');
        assert.equal(info.tainted, !!fb && fb.taint.size > 0);
      }
      const decl = [...naive.m.decl.keys()];
      assert.equal(plan.coverage.total, decl.length);
      assert.equal(plan.coverage.count, naive.full.size);
      const unused = [];
      for (const n of decl.sort(byName)) {
        const seen = new Set();
        for (const b of naive.m.decl.get(n).bootstrap) {
          if (seen.has(b.stage)) continue;
          seen.add(b.stage);
          if (!naive.stageDone.has(`${n}:${b.stage}`)) unused.push({ package: n, stage: b.stage });
        }
      }
      assert.deepEqual(plan.unusedStages, unused.sort((x, y) => byName(x.package, y.package) || x.stage - y.stage));
    }),
    { numRuns: runs(400) },
  );
});

test('property: every build\'s inputs were available before its wave; rebuilds follow dependency order', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), (specs) => {
      const graph = buildGraph(specs);
      const plan = computePlan(graph);
      const m = model(specs);
      const availableAt = new Map(); // name -> first wave (0 = prebuilt)
      for (const p of plan.prebuilt) availableAt.set(p, 0);
      const fullSeen = new Set();
      for (const w of plan.waves) {
        for (const b of w.builds) {
          const inputs = b.kind === 'full' ? [...m.edges.get(b.package).keys()] : graph.stageDependencySet(b.package, b.stage);
          for (const r of inputs) assert.ok(availableAt.has(r) && availableAt.get(r) < w.index, `${b.package} needs ${r} before wave ${w.index}`);
          if (b.kind === 'full') {
            assert.ok(!fullSeen.has(b.package));
            fullSeen.add(b.package);
          } else assert.ok(!fullSeen.has(b.package), 'no stage build after a full build');
        }
        for (const b of w.builds) if (!availableAt.has(b.package)) availableAt.set(b.package, w.index);
      }
      // Rebuild order: a dependency outside the package's SCC comes first.
      const pos = new Map(plan.rebuilds.map((r) => [r.package, r.position]));
      const reach = (x) => reachFrom(m, x, null);
      for (const [p, i] of pos) {
        const rp = reach(p);
        for (const [q, j] of pos) {
          if (p === q) continue;
          const sameScc = rp.has(q) && reach(q).has(p);
          if (sameScc) assert.equal(i < j, p < q);
          else if (rp.has(q)) assert.ok(j < i, `${q} before ${p}`);
        }
      }
      // Stuck reasons.
      for (const s of plan.stuck) {
        assert.equal(plan.info(s.package).fullBuildWave, null);
        if (s.reason === 'unknown-dependency') assert.ok(s.unknown.length > 0 && s.unknown.every((u) => !m.decl.has(u)));
        if (s.reason === 'depends-on-stuck') for (const b of s.blockedBy) assert.ok(plan.isStuck(b));
        if (s.reason === 'cycle') assert.ok(s.cycle.includes(s.package));
      }
    }),
    { numRuns: runs(300) },
  );
});

test('property: the incremental availability fixpoint equals the bootstrap phase', () => {
  const { AvailabilityFixpoint } = require('../../server/out/core/graph/fixpoint');
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.boolean(), (specs, assume) => {
      const graph = buildGraph(specs);
      const st = runBootstrapPhase(graph, { assumeUnknownAvailable: assume });
      const fp = new AvailabilityFixpoint(graph, assume);
      assert.deepEqual(Array.from(fp.avail), Array.from(st.avail));
      for (let i = 0; i < graph.size; i++) assert.equal(fp.full[i] === 1, st.fullWave[i] >= 0);
      // Continuing the phase with the unknown names made available gives the assuming run.
      const unknown = [];
      for (let i = 0; i < graph.size; i++) if (!graph.declared[i]) unknown.push(i);
      const base = runBootstrapPhase(graph);
      const alt = runBootstrapPhase(graph, { assumeUnknownAvailable: true });
      assert.deepEqual(Array.from(availabilityWith(base, unknown)), Array.from(alt.avail));
    }),
    { numRuns: runs(300) },
  );
});

test('property: the bootstrap counters copied from the graph\'s first count equal a fresh count, unknown names assumed available or not', () => {
  const { InstallKahn, startingKahn } = require('../../server/out/core/graph/availability');
  const counters = (k) => ({
    avail: Array.from(k.avail),
    installable: Array.from(k.installable),
    instMissing: Array.from(k.instMissing),
    fullMissing: Array.from(k.fullMissing),
    stages: k.seOwner.map((p, se) => [p, k.seStage[se], Array.from(k.seEntries[se]), k.seMissing[se]]),
    stageUsers: [...k.seUsers].sort((x, y) => x[0] - y[0]),
  });
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.boolean(), (specs, assumeFirst) => {
      const graph = buildGraph(specs);
      // Either run may come first; the copies must not share what a run changes.
      for (const assume of [assumeFirst, !assumeFirst, assumeFirst]) {
        const copy = startingKahn(graph, assume);
        assert.deepEqual(counters(copy), counters(new InstallKahn(graph, assume)), `assume ${assume}`);
        for (let i = 0; i < graph.size; i++) if (graph.declared[i]) copy.makeAvailable(i);
      }
    }),
    { numRuns: runs(300) },
  );
});
