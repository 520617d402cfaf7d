'use strict';
// Graphs built one after the other share their interned names and the ids of
// unchanged lists (graph/name-interner.ts). Whatever was built before, a graph
// must be the one its specs alone define, and a graph built earlier must keep
// answering for its own names.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'gcc', 'glibc', 'Z', 'é', 'a-1'];

/** The graph the specs define, computed directly: declared names sorted, then the others sorted; edges as ranks. */
function expected(specs) {
  const declared = new Map();
  for (const s of specs) if (!declared.has(s.name)) declared.set(s.name, s);
  const unknown = new Set();
  for (const s of declared.values()) {
    for (const x of [...s.buildDepends, ...s.depends, ...s.bootstrap.flatMap((b) => b.buildDepends)]) if (!declared.has(x)) unknown.add(x);
  }
  const byName = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  const names = [...[...declared.keys()].sort(byName), ...[...unknown].sort(byName)];
  const rank = new Map(names.map((x, i) => [x, i]));
  const bd = names.map((x) => [...new Set(declared.get(x)?.buildDepends ?? [])].map((y) => rank.get(y)).sort((p, q) => p - q));
  const dep = names.map((x) => [...new Set(declared.get(x)?.depends ?? [])].map((y) => rank.get(y)).sort((p, q) => p - q));
  return { names, bd, dep };
}

function observed(g) {
  const row = (offs, targets, i) => Array.from(targets.subarray(offs[i], offs[i + 1]));
  return {
    names: [...g.names],
    bd: g.names.map((_, i) => row(g.bdOffsets, g.bdTargets, i)),
    dep: g.names.map((_, i) => row(g.dependsOffsets, g.dependsTargets, i)),
  };
}

const list = fc.array(fc.constantFrom(...NAMES), { maxLength: 4 }).map((xs) => Object.freeze(xs));
const spec = fc.record({
  name: fc.constantFrom(...NAMES),
  buildDepends: list,
  depends: list,
  bootstrap: fc.array(fc.record({ stage: fc.integer({ min: 1, max: 2 }), buildDepends: list }), { maxLength: 1 }),
  prebuilt: fc.boolean(),
});

test('graphs built in turn are each what their own specs define, and earlier graphs keep their names', () => {
  fc.assert(
    fc.property(fc.array(fc.array(spec, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 5 }), fc.nat(), (rounds, pick) => {
      const built = [];
      let previous;
      for (const round of rounds) {
        // Keep some specs (and their frozen lists) of the round before, as an edit does.
        const specs = previous ? [...previous.slice(0, pick % (previous.length + 1)), ...round] : round;
        const g = buildGraph(specs);
        const want = expected(specs);
        assert.deepEqual(observed(g), want);
        built.push({ g, want, specs });
        previous = specs;
      }
      for (const { g, want } of built) {
        for (const [i, x] of want.names.entries()) assert.equal(g.index(x), i, `index of ${x}`);
        for (const x of [...NAMES, 'never-seen']) {
          if (!want.names.includes(x)) {
            assert.equal(g.index(x), -1, `${x} is no node of a graph that does not name it`);
            assert.equal(g.has(x), false);
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('a list of specs changed in place after a build is built as it now is', () => {
  // The ids of a spec's lists are taken over from the last build when the same
  // spec sits at the same place; a caller that then replaces a spec in the very
  // array it passed must not have the last build's lists taken for the new spec's.
  fc.assert(
    fc.property(fc.array(spec, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), spec), { minLength: 1, maxLength: 4 }), (specs, edits) => {
      buildGraph(specs);
      for (const [at, replacement] of edits) {
        specs[at % specs.length] = replacement;
        assert.deepEqual(observed(buildGraph(specs)), expected(specs));
      }
    }),
    { numRuns: 300 },
  );
});
