'use strict';
// A graph whose depends lists are the last build's takes over its depends side
// (install components, their condensation, the reverses, the runtime closures
// found so far; graph/depends-side.ts), renumbered when the edit added or
// dropped nodes (a new name in a build-depends list). Whatever was built before,
// and whatever closures an earlier graph computed, each graph's closures and
// reverse depends must be what its own specs define, and its install
// components exactly what Tarjan gives from scratch, in the same order.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');
const { tarjanScc } = require('../../server/out/core/graph/scc.js');
const { condensation, reverseCsr } = require('../../server/out/core/graph/csr.js');
const { dependsSideCounts } = require('../../server/out/core/graph/depends-side.js');

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
// Names no package declares, only build-depends lists hold: typing one adds a node.
const OTHER = ['0new', 'b_', 'cc', 'zz'];

/** depends*(x), x included, by name, computed on the specs directly. */
function closures(specs) {
  const declared = new Map();
  for (const s of specs) if (!declared.has(s.name)) declared.set(s.name, s);
  const out = new Map();
  for (const x of [...NAMES, ...OTHER]) {
    const seen = new Set([x]);
    const stack = [x];
    while (stack.length) for (const y of declared.get(stack.pop())?.depends ?? []) if (!seen.has(y)) seen.add(y), stack.push(y);
    out.set(x, [...seen].sort());
  }
  return out;
}

function checkGraph(g, specs) {
  const fresh = tarjanScc(g.size, g.dependsOffsets, g.dependsTargets);
  const scc = g.installScc;
  assert.equal(scc.count, fresh.count);
  for (const key of ['compOf', 'offsets', 'members', 'nonTrivial']) assert.deepEqual(Array.from(scc[key]), Array.from(fresh[key]), `install components: ${key}`);
  const succ = condensation(fresh, g.dependsOffsets, g.dependsTargets);
  assert.deepEqual([Array.from(g.installSucc.offsets), Array.from(g.installSucc.targets)], [Array.from(succ.offsets), Array.from(succ.targets)], 'condensation');
  const pred = reverseCsr(fresh.count, succ.offsets, succ.targets);
  assert.deepEqual([Array.from(g.installPred.offsets), Array.from(g.installPred.targets)], [Array.from(pred.offsets), Array.from(pred.targets)], 'condensation reversed');
  const want = closures(specs);
  for (const [i, x] of g.names.entries()) {
    assert.deepEqual(Array.from(g.closureOf(i), (j) => g.names[j]).sort(), want.get(x), `closure of ${x}`);
    // Same install component exactly when each is in the other's closure.
    for (const [j, y] of g.names.entries()) {
      const mutual = want.get(x).includes(y) && want.get(y).includes(x);
      assert.equal(g.installComp[i] === g.installComp[j], mutual, `install components of ${x} and ${y}`);
    }
    const reverse = [];
    for (let p = 0; p < g.size; p++) for (let e = g.dependsOffsets[p]; e < g.dependsOffsets[p + 1]; e++) if (g.dependsTargets[e] === i) reverse.push(p);
    assert.deepEqual(Array.from(g.rdepSources.subarray(g.rdepOffsets[i], g.rdepOffsets[i + 1])).sort((p, q) => p - q), reverse, `reverse depends of ${x}`);
  }
}

const list = fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }).map((xs) => Object.freeze(xs));
const bdList = fc.array(fc.constantFrom(...NAMES, ...OTHER), { maxLength: 3 }).map((xs) => Object.freeze(xs));
const spec = (name) => fc.record({ name: fc.constant(name), buildDepends: bdList, depends: list, bootstrap: fc.constant([]) });
const edit = fc.record({ at: fc.nat(), buildDepends: bdList, depends: fc.option(list, { freq: 3 }), remove: fc.boolean() });

test('graphs built in turn (build-depends edits reuse the depends side, renumbered when names come and go) have the install components, closures and reverses their specs define', () => {
  const before = { ...dependsSideCounts };
  fc.assert(
    fc.property(fc.tuple(...NAMES.map(spec)), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), (start, edits, asked) => {
      let specs = start;
      let previous = buildGraph(specs);
      checkGraph(previous, specs);
      for (const e of edits) {
        // Closures computed on the earlier graph land in the memo a later graph may share.
        for (const v of asked) previous.closureOf(v % previous.size);
        const k = e.at % specs.length;
        const changed = { ...specs[k], buildDepends: e.buildDepends, ...(e.depends ? { depends: e.depends } : {}) };
        // Now and then a package goes (its name may stay as a name some list holds, or go).
        specs = e.remove && specs.length > 2 ? specs.filter((_, j) => j !== k) : specs.map((s, j) => (j === k ? changed : s));
        const g = buildGraph(specs);
        checkGraph(g, specs);
        // The earlier graph still answers for its own specs.
        previous = g;
      }
    }),
    { numRuns: 200 },
  );
  // The property covered the paths it is about.
  const used = (k) => dependsSideCounts[k] - before[k];
  assert.ok(used('same') > 50, `the depends side was taken over as it was in ${used('same')} builds`);
  assert.ok(used('renumbered') > 50, `the depends side was renumbered in ${used('renumbered')} builds`);
});
