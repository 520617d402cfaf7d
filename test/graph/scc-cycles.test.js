'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, graphApi, P, model, oracleNonTrivialSccs, oracleShortestCycleLength, specsArb, reachFrom, runs } = require('./helpers');
const { buildGraph, nonTrivialComponentNames, shortestCycleThrough, tarjanScc, componentMembers } = graphApi;

test('SCCs of the gcc/glibc loop and a self-loop', () => {
  const g = buildGraph([
    P('gcc', { bd: ['glibc', 'binutils'] }),
    P('glibc', { bd: ['gcc'] }),
    P('binutils'),
    P('rustc', { bd: ['rustc'] }),
  ]);
  assert.deepEqual(nonTrivialComponentNames(g), [['gcc', 'glibc'], ['rustc']]);
  const c = shortestCycleThrough(g, 'glibc');
  assert.deepEqual(c.nodes, ['glibc', 'gcc']);
  assert.deepEqual(c.edges, [
    { from: 'glibc', to: 'gcc', via: 'gcc' },
    { from: 'gcc', to: 'glibc', via: 'glibc' },
  ]);
  assert.deepEqual(shortestCycleThrough(g, 'rustc').nodes, ['rustc']);
  assert.equal(shortestCycleThrough(g, 'binutils'), null);
});

test('Tarjan emits dependencies first', () => {
  const g = buildGraph([P('a', { bd: ['b'] }), P('b', { bd: ['c'] }), P('c', { bd: ['b'] })]);
  const scc = tarjanScc(g.size, g.offsets, g.targets);
  const order = [];
  for (let c = 0; c < scc.count; c++) order.push(Array.from(componentMembers(scc, c), (i) => g.names[i]));
  assert.deepEqual(order, [['b', 'c'], ['a']]);
});

test('shortest cycle: ties broken by names, restricted to the allowed set', () => {
  // a → b → a and a → c → a both have length 2: b comes first.
  const g = buildGraph([P('a', { bd: ['c', 'b', 'd'] }), P('b', { bd: ['a'] }), P('c', { bd: ['a'] }), P('d', { bd: ['e'] }), P('e', { bd: ['a'] })]);
  assert.deepEqual(shortestCycleThrough(g, 'a').nodes, ['a', 'b']);
  const allowed = new Set(['a', 'd', 'e'].map((x) => g.index(x)));
  assert.deepEqual(shortestCycleThrough(g, 'a', allowed).nodes, ['a', 'd', 'e']);
  const mask = new Uint8Array(g.size);
  for (const x of ['a', 'c']) mask[g.index(x)] = 1;
  assert.deepEqual(shortestCycleThrough(g, 'a', mask).nodes, ['a', 'c']);
});

test('a cycle through a runtime-closure edge', () => {
  // p build-depends q; q depends r; r build-depends p: p → r (via q) → p.
  const g = buildGraph([P('p', { bd: ['q'] }), P('q', { d: ['r'] }), P('r', { bd: ['p'] })]);
  assert.deepEqual(nonTrivialComponentNames(g), [['p', 'r']]);
  assert.deepEqual(shortestCycleThrough(g, 'p').edges, [
    { from: 'p', to: 'r', via: 'q' },
    { from: 'r', to: 'p', via: 'p' },
  ]);
});

test('property: SCCs equal the reachability oracle (whole graph and induced subgraphs)', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), (specs, keep) => {
      const g = buildGraph(specs);
      const m = model(specs);
      assert.deepEqual(nonTrivialComponentNames(g), oracleNonTrivialSccs(m, null));
      const allowed = new Set(m.names.filter((_, k) => keep[k % keep.length]));
      const mask = new Uint8Array(g.size);
      for (const x of allowed) mask[g.index(x)] = 1;
      assert.deepEqual(nonTrivialComponentNames(g, mask), oracleNonTrivialSccs(m, allowed));
      // Full partition check: u, v in the same SCC iff each reaches the other.
      const scc = tarjanScc(g.size, g.offsets, g.targets);
      const reach = new Map(m.names.map((x) => [x, reachFrom(m, x, null)]));
      for (const u of m.names) {
        for (const v of m.names) {
          const same = scc.compOf[g.index(u)] === scc.compOf[g.index(v)];
          const oracle = u === v || (reach.get(u).has(v) && reach.get(v).has(u));
          assert.equal(same, oracle, `${u} ${v}`);
        }
      }
    }),
    { numRuns: runs(300) },
  );
});

test('property: shortest cycle length equals the BFS oracle and the path is a real cycle', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), (specs, keep) => {
      const g = buildGraph(specs);
      const m = model(specs);
      for (const restrict of [false, true]) {
        const allowed = restrict ? new Set(m.names.filter((_, k) => keep[k % keep.length])) : null;
        const idx = allowed ? new Set([...allowed].map((x) => g.index(x))) : undefined;
        for (const x of m.names) {
          if (allowed && !allowed.has(x)) continue;
          const c = shortestCycleThrough(g, x, idx);
          const expected = oracleShortestCycleLength(m, x, allowed);
          if (expected === Infinity) {
            assert.equal(c, null);
            continue;
          }
          assert.equal(c.nodes.length, expected);
          assert.equal(c.nodes[0], x);
          assert.equal(new Set(c.nodes).size, c.nodes.length);
          c.edges.forEach((e, k) => {
            assert.equal(e.from, c.nodes[k]);
            assert.equal(e.to, c.nodes[(k + 1) % c.nodes.length]);
            assert.equal(m.edges.get(e.from).get(e.to), e.via);
            if (allowed) assert.ok(allowed.has(e.to));
          });
        }
      }
    }),
    { numRuns: runs(300) },
  );
});

test('cycles via BFS trees (budget fallback) are simple cycles through the member', () => {
  const { CycleSearch, RootTrees, componentCycles } = require('../../server/out/core/graph/cycles');
  fc.assert(
    fc.property(specsArb({ maxPackages: 8, unknown: false }), (specs) => {
      const g = buildGraph(specs);
      const m = model(specs);
      const scc = tarjanScc(g.size, g.offsets, g.targets);
      const search = new CycleSearch(g);
      for (let c = 0; c < scc.count; c++) {
        const mem = componentMembers(scc, c);
        const inComp = (i) => scc.compOf[i] === c;
        const trees = new RootTrees(mem[0], inComp);
        for (const v of mem) {
          const cyc = search.cycleViaTrees(v, trees);
          const expectCycle = mem.length > 1 || g.edgeId(v, v) >= 0;
          if (!expectCycle) continue;
          assert.ok(cyc, 'a cycle exists');
          assert.equal(cyc[0], v);
          assert.equal(new Set(cyc).size, cyc.length);
          cyc.forEach((x, k) => assert.ok(g.edgeId(x, cyc[(k + 1) % cyc.length]) >= 0));
        }
        // With no budget at all every member still gets a cycle through it.
        const expectAny = mem.length > 1 || g.edgeId(mem[0], mem[0]) >= 0;
        if (!expectAny) continue;
        const { cycles, exact } = componentCycles(search, mem, inComp, { left: 0 });
        assert.equal(exact, false);
        const through = new Set(cycles.flatMap((cy) => cy.through));
        assert.deepEqual([...through].sort((a, b) => a - b), Array.from(mem));
        for (const cy of cycles) for (const t of cy.through) assert.ok(cy.nodes.includes(t));
      }
    }),
    { numRuns: runs(200) },
  );
});

test('shortestCycleThrough accepts a set of names', () => {
  const g = buildGraph([P('a', { bd: ['b', 'c'] }), P('b', { bd: ['a'] }), P('c', { bd: ['a'] })]);
  assert.deepEqual(shortestCycleThrough(g, 'a', new Set(['a', 'c'])).nodes, ['a', 'c']);
  assert.equal(shortestCycleThrough(g, 'a', new Set(['b', 'c'])), null);
  assert.equal(shortestCycleThrough(g, 'nope'), null);
});
