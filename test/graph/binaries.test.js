'use strict';
// Binaries in the build graph: the runtime closure is taken per binary, a binary
// resolves to its package for building, prebuilt binaries need no build,
// provided names resolve to their provider, and a package without binaries
// behaves exactly as before.
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const g = require('../../server/out/core/graph/index.js');
const { builtByReference } = require('./helpers');

const spec = (name, o = {}) => ({ name, buildDepends: o.bd ?? [], depends: o.dep ?? [], bootstrap: o.stages ?? [], prebuilt: o.prebuilt ?? false, ...(o.binaries ? { binaries: o.binaries } : {}) });
const bin = (name, depends = [], o = {}) => ({ name, depends, ...o });

// glibc builds libc6 (needs only libgcc-s1) and nscd (needs libaudit1): a build
// that needs libc6 must not need audit.
const SPECS = [
  spec('glibc', { bd: ['gcc-12'], binaries: [bin('libc6', ['libgcc-s1']), bin('nscd', ['libc6', 'libaudit1']), bin('locales', ['libc6'], { prebuilt: true })] }),
  spec('gcc-12', { bd: ['libc6-dev-tool'], binaries: [bin('gcc-12', ['libgcc-s1']), bin('libgcc-s1', ['libc6'])] }),
  spec('audit', { bd: ['gcc-12', 'docs'], binaries: [bin('libaudit1', ['libc6'])] }),
  spec('docs', { bd: ['locales'] }),
  spec('tool', { bd: ['gcc-12'], binaries: [bin('libc6-dev-tool', [], { provides: ['c-dev'] })] }),
  spec('user', { bd: ['c-dev'] }),
];

test('a source whose binaries have different runtime dependencies does not drag each other\'s closures into a build', () => {
  const graph = g.buildGraph(SPECS);
  // audit needs gcc-12 (binary) → libgcc-s1 → libc6 (glibc) — but not nscd → libaudit1 (audit).
  assert.deepEqual(graph.buildInputs('audit'), ['docs', 'gcc-12', 'glibc']);
  assert.ok(!graph.buildInputs('audit').includes('audit'), 'no self-loop through nscd');
  // docs needs the prebuilt locales: no build of glibc for locales itself, but its own depends (libc6 → libgcc-s1) still count.
  assert.deepEqual(graph.buildInputs('docs'), ['gcc-12', 'glibc']);
  // The same packages at source level (each package's binaries' depends joined, by package):
  // glibc depends on audit (nscd → libaudit1), so audit's build needs itself.
  const sourceLevel = g.buildGraph([
    spec('glibc', { bd: ['gcc-12'], dep: ['gcc-12', 'audit'] }),
    spec('gcc-12', { bd: ['tool'], dep: ['glibc'] }),
    spec('audit', { bd: ['gcc-12', 'docs'], dep: ['glibc'] }),
    spec('docs', { bd: ['glibc'] }),
    spec('tool', { bd: ['gcc-12'] }),
  ]);
  assert.ok(sourceLevel.buildInputs('audit').includes('audit'));
});

test('build edges name the entry; a binary resolves to its package; provided names to their provider', () => {
  const graph = g.buildGraph(SPECS);
  const edges = graph.edgesFrom('gcc-12');
  assert.deepEqual(edges, [{ from: 'gcc-12', to: 'tool', via: 'libc6-dev-tool' }]);
  assert.deepEqual(graph.edgesFrom('audit').find((e) => e.to === 'glibc'), { from: 'audit', to: 'glibc', via: 'gcc-12' });
  assert.deepEqual(graph.buildInputs('user'), ['tool']);
  assert.equal(graph.viaOf(graph.index('user'), graph.index('tool')), graph.index('c-dev'));
  assert.equal(graph.isBinary(graph.index('libc6')), true);
  assert.equal(graph.isUnknown(graph.index('c-dev')), false);
  assert.equal(graph.declared[graph.index('libc6')], 0);
  assert.deepEqual(graph.specs.map((s) => s.name), SPECS.map((s) => s.name));
  assert.deepEqual(graph.depends[graph.index('glibc')], []);
});

test('the plan makes a package\'s binaries available when it is built; cycles go through packages', () => {
  const plan = g.planPackages([
    spec('a', { bd: ['b-bin'], binaries: [bin('a-bin', ['b-runtime'])] }),
    spec('b', { bd: [], binaries: [bin('b-bin', []), bin('b-runtime', ['a-bin'])] }),
  ]);
  // a needs b-bin only (not b-runtime → a-bin): no cycle.
  assert.deepEqual(plan.waves.map((w) => w.builds.map((b) => b.package)), [['b'], ['a']]);
  assert.equal(plan.coverage.count, 2);
  assert.equal(plan.coverage.total, 2);
  const cyclic = g.planPackages([
    spec('a', { bd: ['b-runtime'], binaries: [bin('a-bin', [])] }),
    spec('b', { bd: [], binaries: [bin('b-bin', []), bin('b-runtime', ['a-bin'])] }),
    spec('c', { bd: ['a-bin'] }),
  ]);
  assert.deepEqual(cyclic.waves.map((w) => w.builds.map((b) => b.package)), [['b']]);
  assert.deepEqual(cyclic.stuck.map((s) => s.package).sort(), ['a', 'c']);
  const analysis = g.analyzeCycles(g.buildGraph([
    spec('a', { bd: ['b-runtime'], binaries: [bin('a-bin', [])] }),
    spec('b', { bd: ['a-bin'], binaries: [bin('b-bin', []), bin('b-runtime', [])] }),
  ]));
  assert.equal(analysis.unbroken.length, 1);
  const cycle = analysis.unbroken[0].cycles[0];
  assert.deepEqual(cycle.nodes, ['a', 'b']);
  assert.deepEqual(cycle.edges.map((e) => e.via), ['b-runtime', 'a-bin']);
});

test('a prebuilt binary needs no build of its package; a prebuilt namesake binary neither', () => {
  const specs = [
    spec('p', { bd: ['q-data', 'r'] }),
    spec('q', { bd: ['p'], binaries: [bin('q', []), bin('q-data', ['q-lib'], { prebuilt: true }), bin('q-lib', [])] }),
    spec('r', { bd: ['p'], binaries: [bin('r', [], { prebuilt: true }), bin('r-lib', [])] }),
  ];
  const graph = g.buildGraph(specs);
  // q-data is prebuilt, but its depends (q-lib) still need q built; r's namesake binary is prebuilt.
  assert.deepEqual(graph.buildInputs('p'), ['q']);
  const plan = g.planPackages(specs);
  // p ↔ q is a cycle; r is built once p is, and nothing needs r built before.
  assert.deepEqual(plan.stuck.map((s) => s.package).sort(), ['p', 'q', 'r']);
  const plan2 = g.planPackages([specs[0], { ...specs[1], binaries: [bin('q', []), bin('q-data', [], { prebuilt: true })] }, specs[2]]);
  assert.deepEqual(plan2.waves.map((w) => w.builds.map((b) => b.package)), [['p'], ['q', 'r']]);
});

test('stage sets may name binaries; fix-all and the cycle analysis agree with the graph', () => {
  const specs = [
    spec('a', { bd: ['b-dev'], stages: [{ stage: 1, buildDepends: [] }], binaries: [bin('a-lib', [])] }),
    spec('b', { bd: ['a-lib'], binaries: [bin('b-dev', ['b-lib']), bin('b-lib', [])] }),
  ];
  const plan = g.planPackages(specs);
  assert.deepEqual(plan.waves.map((w) => w.builds.map((b) => `${b.package}:${b.kind}`)), [['a:stage'], ['b:full'], ['a:full']]);
  const fix = g.planFixAll([spec('a', { bd: ['b-dev'], binaries: [bin('a-lib', [])] }), specs[1]]);
  assert.equal(fix.annotations.length, 1);
  assert.equal(fix.resolved, true);
  assert.deepEqual(fix.annotations.map((a) => a.remove), [['b-dev']]);
});

test('a package without binaries behaves exactly as before (property)', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const arb = fc.array(
    fc.record({
      name: fc.constantFrom(...names),
      bd: fc.subarray(names),
      dep: fc.subarray(names),
      prebuilt: fc.boolean(),
    }),
    { maxLength: 6 },
  );
  fc.assert(
    fc.property(arb, (rows) => {
      const plain = rows.map((r) => spec(r.name, r));
      // An empty `binaries` list is the same as none; so is a file where one unrelated package declares binaries.
      const withEmpty = rows.map((r) => spec(r.name, { ...r, binaries: [] }));
      const withOther = [...plain, spec('zz', { binaries: [bin('zz-bin', ['a'])] })];
      const g1 = g.buildGraph(plain);
      const g2 = g.buildGraph(withEmpty);
      const g3 = g.buildGraph(withOther);
      for (const n of g1.names) {
        assert.deepEqual(g2.buildInputs(n), g1.buildInputs(n));
        assert.deepEqual(g3.buildInputs(n), g1.buildInputs(n));
        assert.deepEqual(g3.dependents(n).filter((x) => x !== 'zz'), g1.dependents(n));
      }
      const p1 = g.computePlan(g1);
      const p3 = g.computePlan(g3);
      assert.deepEqual(p3.waves.map((w) => w.builds.filter((b) => b.package !== 'zz')).filter((w) => w.length), p1.waves.map((w) => w.builds));
    }),
    { numRuns: 150 },
  );
});

test('closuresHold, viaOf, successors, the layered graph and localGraph agree with binaries (property)', () => {
  const pk = ['p', 'q', 'r', 's'];
  const bins = ['p1', 'p2', 'q1', 'q2', 'r1', 's1'];
  const all = [...pk, ...bins, 'v'];
  const arb = fc.record({
    bd: fc.array(fc.subarray(all, { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
    dep: fc.array(fc.subarray(all, { maxLength: 2 }), { minLength: 6, maxLength: 6 }),
    pre: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  });
  fc.assert(
    fc.property(arb, ({ bd, dep, pre }) => {
      const owner = { p1: 'p', p2: 'p', q1: 'q', q2: 'q', r1: 'r', s1: 's' };
      const specs = pk.map((name, i) => spec(name, {
        bd: bd[i],
        binaries: bins.map((b, j) => [b, j]).filter(([b]) => owner[b] === name).map(([b, j]) => bin(b, dep[j], { prebuilt: pre[j], ...(b === 'q1' ? { provides: ['v'] } : {}) })),
      }));
      const graph = g.buildGraph(specs);
      // Reference: P → owner(x) for x in the install closure of P's entries, x not prebuilt.
      const target = (x) => {
        if (x === 'v') return target('q1');
        if (owner[x]) return pre[bins.indexOf(x)] ? null : owner[x];
        return x;
      };
      const depsOf = (x) => (x === 'v' ? ['q1'] : owner[x] ? dep[bins.indexOf(x)] : specs.find((s) => s.name === x)?.binaries.map((b) => b.name) ?? []);
      const closure = (x) => {
        const seen = new Set([x]);
        const stack = [x];
        while (stack.length) for (const y of depsOf(stack.pop())) if (!seen.has(y)) (seen.add(y), stack.push(y));
        return seen;
      };
      for (const [i, p] of pk.entries()) {
        const want = new Set();
        for (const e of bd[i]) for (const x of closure(e)) if (target(x)) want.add(target(x));
        assert.deepEqual(graph.buildInputs(p), [...want].sort(), p);
        const pi = graph.index(p);
        for (const r of pk) {
          const ri = graph.index(r);
          assert.equal(graph.hasEdge(pi, ri), want.has(r));
          assert.equal(graph.closuresHold(graph.directDepsOf(pi), ri), want.has(r), `${p} holds ${r}`);
        }
      }
      // The SCCs of the layered graph are those of the expanded graph.
      const mask = new Uint8Array(graph.size);
      for (const p of pk) mask[graph.index(p)] = 1;
      const scc = graph.sccOf(mask);
      const local = graph.localGraph(pk.map((p) => graph.index(p)).sort((a, b) => a - b));
      for (const p of pk) {
        const i = local.localOf(graph.index(p));
        const out = Array.from(local.targets.subarray(local.offsets[i], local.offsets[i + 1]), (l) => graph.names[local.members[l]]);
        assert.deepEqual(out.sort(), graph.buildInputs(p).filter((x) => pk.includes(x)).sort());
      }
      for (const p of pk) for (const r of pk) {
        const reach = (a, b) => {
          const seen = new Set([a]);
          const st = [a];
          while (st.length) for (const y of graph.buildInputs(st.pop())) if (!seen.has(y)) (seen.add(y), st.push(y));
          return seen.has(b);
        };
        const same = scc.compOf[graph.index(p)] === scc.compOf[graph.index(r)];
        assert.equal(same, p === r || (reach(p, r) && reach(r, p)), `${p} ~ ${r}`);
      }
      // wouldCloseCycle: adding r to p's build-depends closes a cycle when r's build needs p (or r is p's).
      for (const p of pk) {
        const anc = g.ancestorsMask(graph, graph.index(p));
        for (const x of all) {
          const closes = [...closure(x)].some((y) => target(y) && anc[graph.index(target(y))]);
          assert.equal(g.wouldCloseCycle(graph, p, x, anc), x === p || closes, `${p} + ${x}`);
        }
      }
    }),
    { numRuns: 120 },
  );
});

test('fix-all and the progress fix follow binaries: a cycle through a binary is broken, not taken as absent (property)', () => {
  const pk = ['p', 'q', 'r', 's', 't'];
  const bins = { p: ['p1', 'p2'], q: ['q1', 'q2'], r: ['r1'], s: [], t: ['t1', 't2'] };
  const all = [...pk, ...Object.values(bins).flat()];
  const arb = fc.record({
    bd: fc.array(fc.subarray(all, { minLength: 1, maxLength: 3 }), { minLength: 5, maxLength: 5 }),
    dep: fc.array(fc.subarray(all, { maxLength: 2 }), { minLength: 7, maxLength: 7 }),
    pre: fc.array(fc.integer({ min: 0, max: 5 }).map((x) => x === 0), { minLength: 7, maxLength: 7 }),
  });
  let cycles = 0;
  let moves = 0;
  fc.assert(
    fc.property(arb, ({ bd, dep, pre }) => {
      const flat = Object.values(bins).flat();
      const specs = pk.map((name, i) => spec(name, {
        bd: bd[i],
        binaries: bins[name].map((b) => bin(b, dep[flat.indexOf(b)].filter((x) => x !== b), { prebuilt: pre[flat.indexOf(b)] })),
      }));
      const names = new Set(pk);
      const before = builtByReference(specs);
      const never = pk.filter((x) => !before.has(x));
      if (never.length === 0) return;
      cycles++;
      const fix = g.planFixAll(specs);
      assert.equal(fix.resolved, true);
      const fixed = g.applyAnnotations(specs, fix.annotations);
      const after = builtByReference(fixed);
      assert.deepEqual(pk.filter((x) => !after.has(x)), [], `fix-all leaves nothing never built: ${JSON.stringify(fix.annotations)}`);
      assert.ok(fix.lowerBound <= fix.annotations.length);
      // Each never-built package's progress move builds it once everything outside its cluster is available.
      const graph = g.buildGraph(specs);
      const analysis = g.analyzeCycles(graph);
      const reach = (a) => {
        const seen = new Set([a]);
        const st = [a];
        while (st.length) for (const y of graph.buildInputs(st.pop())) if (names.has(y) && !seen.has(y)) (seen.add(y), st.push(y));
        return seen;
      };
      for (const x of never) {
        const move = analysis.progressMove(x);
        const cluster = [...reach(x)].filter((y) => reach(y).has(x));
        const outside = new Set(pk.filter((y) => !cluster.includes(y)));
        if (builtByReference(specs, outside).has(x)) continue; // built once the rest is: no move needed
        assert.ok(move, `${x} gets a move`);
        const moved = g.applyAnnotations(specs, [move]);
        assert.ok(builtByReference(moved, outside).has(x), `${x}'s move ${JSON.stringify(move)} builds it`);
        moves++;
      }
    }),
    { numRuns: 120 },
  );
  assert.ok(cycles > 30, `${cycles} graphs with never-built packages`);
  assert.ok(moves > 30, `${moves} moves checked`);
});
