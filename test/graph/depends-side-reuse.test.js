'use strict';
// A graph whose nodes and depends lists are the last build's takes over its
// depends side (install components, their condensation, the runtime closures
// found so far; graph-construction.ts, dependsSide). Whatever was built before,
// and whatever closures an earlier graph computed, each graph's closures and
// reverse depends must be what its own specs define.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/** depends*(x), x included, by name, computed on the specs directly. */
function closures(specs) {
  const declared = new Map();
  for (const s of specs) if (!declared.has(s.name)) declared.set(s.name, s);
  const out = new Map();
  for (const x of NAMES) {
    const seen = new Set([x]);
    const stack = [x];
    while (stack.length) for (const y of declared.get(stack.pop())?.depends ?? []) if (!seen.has(y)) seen.add(y), stack.push(y);
    out.set(x, [...seen].sort());
  }
  return out;
}

function checkGraph(g, specs) {
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
const spec = (name) => fc.record({ name: fc.constant(name), buildDepends: list, depends: list, bootstrap: fc.constant([]) });
const edit = fc.record({ at: fc.nat(), buildDepends: list, depends: fc.option(list, { freq: 3 }) });

test('graphs built in turn (build-depends edits reuse the depends side) have the closures and install components their specs define', () => {
  let reused = 0;
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
        specs = specs.map((s, j) => (j === k ? changed : s));
        const g = buildGraph(specs);
        if (g.installSucc === previous.installSucc) reused++;
        checkGraph(g, specs);
        // The earlier graph still answers for its own specs.
        previous = g;
      }
    }),
    { numRuns: 200 },
  );
  // The property covered the path it is about.
  assert.ok(reused > 50, `the depends side was reused in ${reused} builds`);
});
