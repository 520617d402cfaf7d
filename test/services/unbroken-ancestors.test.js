'use strict';
// Completion's cycle check walks, from the package being edited, back along
// the build edges no bootstrap set breaks (services/graph-facts.ts,
// unbrokenAncestors). It walks the layered graph once, each install for the
// first package that reached it, and checks packages with bootstrap sets
// against all their targets afterwards. Compared here with the plain walk it
// replaced (each reached package's predecessors, each edge checked), on random
// packages with binaries, provides, runtime dependencies and bootstrap sets:
// the same packages reached, and each `next` a real unbroken edge leading to a
// source.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');
const { unbrokenAncestors, breakable } = require('../../server/out/core/services/graph-facts.js');

const PACKAGES = ['a', 'b', 'c', 'd', 'e', 'f'];
const BINARIES = ['liba', 'libb', 'libc', 'a-dev', 'tool'];
const VIRTUALS = ['virt', 'mail'];
const NAMES = [...PACKAGES, ...BINARIES, ...VIRTUALS, 'zz-unknown'];
const names = fc.array(fc.constantFrom(...NAMES), { maxLength: 3 });
const binary = fc.record({ name: fc.constantFrom(...BINARIES), depends: names, provides: fc.array(fc.constantFrom(...VIRTUALS), { maxLength: 1 }), prebuilt: fc.boolean() });
const spec = (name) => fc.record({
  name: fc.constant(name),
  buildDepends: names,
  depends: names,
  bootstrap: fc.array(fc.record({ stage: fc.integer({ min: 1, max: 2 }), buildDepends: names }), { maxLength: 2 }),
  prebuilt: fc.constant(false),
  binaries: fc.option(fc.array(binary, { maxLength: 2 }), { nil: undefined }),
}).map((s) => (s.binaries ? s : (({ binaries, ...rest }) => rest)(s)));
const specs = fc.tuple(...PACKAGES.map(spec));

/** The walk it replaced: every reached package's predecessors, each edge checked. */
function plainWalk(graph, sources) {
  const reach = new Uint8Array(graph.size);
  const queue = [];
  for (const s of sources) if (!reach[s]) { reach[s] = 1; queue.push(s); }
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    for (const w of graph.predecessors(u)) {
      if (reach[w] || breakable(graph, w, u)) continue;
      reach[w] = 1;
      queue.push(w);
    }
  }
  return reach;
}

test('property: the layered walk reaches what the plain walk reaches, along unbroken edges', () => {
  let reachedSome = 0;
  let pendingCases = 0;
  fc.assert(fc.property(specs, fc.constantFrom(...PACKAGES), (list, from) => {
    const graph = buildGraph(list);
    const p = graph.index(from);
    if (p < 0) return;
    const { reach, next } = unbrokenAncestors(graph, [p]);
    assert.deepEqual(Array.from(reach), Array.from(plainWalk(graph, [p])));
    for (let v = 0; v < graph.size; v++) {
      if (!reach[v] || v === p) continue;
      reachedSome++;
      // v → next[v] is a build edge no bootstrap set of v breaks, and the chain ends at the source.
      const to = next[v];
      assert.ok(Array.from(graph.successors(v)).includes(to), `${graph.names[v]} → ${graph.names[to]} is an edge`);
      assert.equal(breakable(graph, v, to), false);
      let steps = 0;
      for (let x = v; x !== p; x = next[x]) assert.ok(++steps <= graph.size && x >= 0, 'the path ends at the source');
      if (graph.stages[v].length > 0) pendingCases++;
    }
  }), { numRuns: 400 });
  assert.ok(reachedSome > 100 && pendingCases > 10, `${reachedSome} reached, ${pendingCases} with bootstrap sets`);
});
