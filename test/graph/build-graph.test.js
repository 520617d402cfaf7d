'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, graphApi, P, model, byName, specsArb, runs } = require('./helpers');
const { buildGraph, wouldCloseCycle } = graphApi;

test('nodes are all names, declared ones then unknown ones, each in code-unit order; unknown names are nodes without edges', () => {
  const g = buildGraph([P('b', { bd: ['a', 'Z'] }), P('a', { d: ['é'] })]);
  assert.deepEqual(g.names, ['a', 'b', 'Z', 'é']);
  assert.equal(g.isDeclared('a'), true);
  assert.equal(g.isDeclared('Z'), false);
  assert.deepEqual(g.buildInputs('Z'), []);
  assert.deepEqual(g.buildInputs('b'), ['Z', 'a', 'é']);
  // Name lists that hold declared and unknown names are in name order all the same.
  assert.deepEqual(g.edgesFrom('b').map((e) => e.to), ['Z', 'a', 'é']);
  assert.ok(g.index('Z') > g.index('b'), 'unknown names are numbered after the declared ones');
  assert.equal(g.index('nope'), -1);
});

test('runtime-closure edges: P build-depends Q, Q depends R gives P → R via Q', () => {
  const g = buildGraph([P('p', { bd: ['q'] }), P('q', { d: ['r'] }), P('r', { d: ['s'] }), P('s')]);
  assert.deepEqual(g.edgesFrom('p'), [
    { from: 'p', to: 'q', via: 'q' },
    { from: 'p', to: 'r', via: 'q' },
    { from: 'p', to: 's', via: 'q' },
  ]);
  assert.deepEqual(g.runtimeClosure('q'), ['q', 'r', 's']);
  assert.deepEqual(g.dependents('s'), ['p']);
});

test('via prefers a direct entry, then the lowest-named entry whose closure holds the target', () => {
  const g = buildGraph([
    P('p', { bd: ['y', 'x', 'r'] }),
    P('x', { d: ['t'] }),
    P('y', { d: ['t', 'r'] }),
    P('r'),
    P('t'),
  ]);
  const via = Object.fromEntries(g.edgesFrom('p').map((e) => [e.to, e.via]));
  assert.deepEqual(via, { r: 'r', t: 'x', x: 'x', y: 'y' });
});

test('depends cycles are followed once; a closure through the package itself is a self-loop', () => {
  const g = buildGraph([P('p', { bd: ['q'] }), P('q', { d: ['r'] }), P('r', { d: ['q', 'p'] })]);
  assert.deepEqual(g.buildInputs('p'), ['p', 'q', 'r']);
  assert.equal(g.viaOf(g.index('p'), g.index('p')), g.index('q'));
});

test('stage sets with runtime closure', () => {
  const g = buildGraph([P('gcc', { bd: ['glibc', 'binutils'], bs1: ['binutils'] }), P('binutils', { d: ['zlib'] }), P('zlib'), P('glibc')]);
  assert.deepEqual(g.stageDependencySet('gcc', 1), ['binutils', 'zlib']);
  assert.equal(g.stageDependencySet('gcc', 2), undefined);
});

test('duplicate declarations: the first wins; duplicate entries are merged', () => {
  const g = buildGraph([P('a', { bd: ['b', 'b'] }), P('a', { bd: ['c'] }), P('b')]);
  assert.deepEqual(g.buildInputs('a'), ['b']);
  assert.deepEqual(g.buildDepends[g.index('a')], ['b']);
  assert.equal(g.isDeclared('c'), false);
});

test('wouldCloseCycle', () => {
  const g = buildGraph([P('gcc', { bd: ['binutils'] }), P('glibc', { bd: ['gcc'] }), P('binutils'), P('libx', { d: ['glibc'] })]);
  assert.equal(wouldCloseCycle(g, 'gcc', 'glibc'), true);
  assert.equal(wouldCloseCycle(g, 'gcc', 'libx'), true); // through the runtime closure
  assert.equal(wouldCloseCycle(g, 'glibc', 'binutils'), false);
  assert.equal(wouldCloseCycle(g, 'gcc', 'gcc'), true);
});

test('property: edges and via equal the brute-force definition; adjacency is sorted and reversible', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), (specs) => {
      const g = buildGraph(specs);
      const m = model(specs);
      assert.deepEqual(g.names, m.names);
      for (const n of m.names) {
        const expected = [...m.edges.get(n).entries()].sort((a, b) => byName(a[0], b[0])).map(([to, via]) => ({ from: n, to, via }));
        assert.deepEqual(g.edgesFrom(n), expected);
        const i = g.index(n);
        const succ = Array.from(g.successors(i));
        assert.deepEqual(succ, succ.slice().sort((a, b) => a - b));
        for (const j of succ) assert.ok(Array.from(g.predecessors(j)).includes(i));
      }
      let rev = 0;
      for (let i = 0; i < g.size; i++) rev += g.predecessors(i).length;
      assert.equal(rev, g.edgeCount);
    }),
    { numRuns: runs(300) },
  );
});

test('withStages: same edges, new bootstrap sets', () => {
  const g = buildGraph([P('gcc', { bd: ['glibc', 'binutils'] }), P('glibc', { bd: ['gcc'] }), P('binutils')]);
  const g2 = g.withStages(new Map([[g.index('gcc'), [{ stage: 1, buildDepends: ['binutils'] }]]]));
  assert.equal(g2.targets, g.targets);
  assert.deepEqual(g2.stageDependencySet('gcc', 1), ['binutils']);
  assert.equal(g.stageDependencySet('gcc', 1), undefined);
  assert.throws(() => g.withStages(new Map([[0, [{ stage: 1, buildDepends: ['nope'] }]]])));
  assert.deepEqual(graphApi.planPackages([]).waves, []);
  assert.equal(graphApi.computePlan(g2).coverage.percent, 100);
});

test('property: local graphs (bitset DP and search) equal the induced edges with via', () => {
  fc.assert(
    fc.property(specsArb({ maxPackages: 8 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), (specs, keep) => {
      const g = buildGraph(specs);
      const m = model(specs);
      const members = m.names.filter((_, k) => keep[k % keep.length]);
      const set = new Set(members);
      const expected = [];
      for (const from of members) {
        for (const [to, via] of [...m.edges.get(from).entries()].sort((a, b) => byName(a[0], b[0]))) {
          if (set.has(to)) expected.push(`${from}>${to}@${via}`);
        }
      }
      for (const bySearch of [false, true]) {
        const local = g.localGraph(members.map((x) => g.index(x)), { bySearch });
        const got = [];
        for (let u = 0; u < local.size; u++) {
          for (let e = local.offsets[u]; e < local.offsets[u + 1]; e++) {
            got.push(`${g.names[local.members[u]]}>${g.names[local.members[local.targets[e]]]}@${g.names[local.via[e]]}`);
          }
          for (let e = local.rOffsets[u]; e < local.rOffsets[u + 1]; e++) {
            const src = local.rSources[e];
            assert.ok(Array.from(local.targets.subarray(local.offsets[src], local.offsets[src + 1])).includes(u));
          }
        }
        assert.deepEqual(got, expected);
      }
      // successors / predecessors / viaOf without the expanded graph.
      for (const x of m.names) {
        const i = g.index(x);
        const succ = [...m.edges.get(x).keys()].sort(byName);
        assert.deepEqual(Array.from(g.successors(i), (j) => g.names[j]), succ);
        const preds = m.names.filter((y) => m.edges.get(y).has(x));
        assert.deepEqual(Array.from(g.predecessors(i), (j) => g.names[j]), preds);
        for (const y of m.names) {
          const via = m.edges.get(x).get(y);
          assert.equal(g.viaOf(i, g.index(y)), via === undefined ? -1 : g.index(via));
        }
      }
    }),
    { numRuns: runs(300) },
  );
});

test('edge counts and the expanded graph agree with the on-demand answers', () => {
  const specs = [P('p', { bd: ['q', 'r'] }), P('q', { d: ['r', 's'] }), P('r', { d: ['q'] }), P('s'), P('t', { bd: ['p'] })];
  const g = buildGraph(specs);
  const counted = g.edgeCount; // before the expanded graph exists
  const expanded = g.expanded();
  assert.equal(counted, expanded.targets.length);
  assert.equal(g.edgeCount, counted);
  for (let i = 0; i < g.size; i++) {
    const a = Array.from(expanded.targets.subarray(expanded.offsets[i], expanded.offsets[i + 1]));
    assert.deepEqual(Array.from(g.successors(i)), a);
  }
  assert.deepEqual(g.dependents('r'), ['p']);
  assert.deepEqual(g.dependents('p'), ['t']);
});
