'use strict';
// Packages with binaries are expanded into graph entries (graph/binary-nodes.ts).
// The expansion of an unchanged spec is kept, and an edit that leaves every
// name in place (a package's lists, a binary's depends) patches the last
// expansion instead of redoing it. Whatever was built before, a graph must be
// exactly the one built from the same specs as fresh objects (nothing to
// take over): same nodes, kinds, build targets, owners and adjacencies.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');

const PACKAGES = ['a', 'b', 'c', 'd', 'e'];
const BINARIES = ['a', 'b', 'liba', 'libb', 'libc', 'a-dev', 'b-dev', 'tool'];
const VIRTUALS = ['virt', 'mail', 'tool'];
const NAMES = [...PACKAGES, ...BINARIES, ...VIRTUALS, 'x'];

const frozen = (arb) => arb.map((xs) => Object.freeze(xs));
const names = frozen(fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }));
const binary = fc.record({
  name: fc.constantFrom(...BINARIES),
  depends: names,
  provides: frozen(fc.array(fc.constantFrom(...VIRTUALS), { maxLength: 2 })),
  prebuilt: fc.boolean(),
}).map((b) => Object.freeze(b));
const spec = (name) => fc.record({
  name: fc.constant(name),
  buildDepends: names,
  depends: names,
  bootstrap: fc.constant(Object.freeze([])),
  prebuilt: fc.boolean(),
  binaries: frozen(fc.array(binary, { maxLength: 3 })),
}).map((s) => Object.freeze(s));
// An edit: new lists for one package (names stay: the patched path), or new binaries (names change), or a package renamed into another's name.
const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('lists', 'lists', 'lists', 'binary-depends', 'binaries', 'rename'), lists: names, binaries: frozen(fc.array(binary, { maxLength: 3 })), to: fc.constantFrom(...PACKAGES) });

function apply(s, e) {
  if (e.kind === 'lists') return Object.freeze({ ...s, buildDepends: e.lists, depends: e.lists });
  if (e.kind === 'binary-depends') return Object.freeze({ ...s, binaries: Object.freeze(s.binaries.map((b) => Object.freeze({ ...b, depends: e.lists }))) });
  if (e.kind === 'binaries') return Object.freeze({ ...s, binaries: e.binaries });
  return Object.freeze({ ...s, name: e.to });
}

const fresh = (specs) => specs.map((s) => ({ ...s, buildDepends: [...s.buildDepends], depends: [...s.depends], binaries: s.binaries.map((b) => ({ ...b, depends: [...b.depends], provides: [...b.provides] })) }));

/** The graph of fresh copies of the specs, after a build without binaries (nothing of an earlier expansion to take over). */
function reference(specs) {
  buildGraph([]);
  return buildGraph(fresh(specs));
}

function same(g, h) {
  assert.deepEqual(g.names, h.names, 'nodes');
  for (const key of ['declared', 'prebuilt', 'bdOffsets', 'bdTargets', 'dependsOffsets', 'dependsTargets']) assert.deepEqual(Array.from(g[key]), Array.from(h[key]), key);
  for (const key of ['kind', 'buildTarget', 'ownerOf', 'ownedOffsets', 'ownedTargets']) assert.deepEqual(Array.from(g.layer[key]), Array.from(h.layer[key]), `layer ${key}`);
  assert.deepEqual(g.depends, h.depends, 'depends lists');
  assert.deepEqual(g.buildDepends, h.buildDepends, 'build-depends lists');
}

test('graphs of packages with binaries built in turn equal the graphs of the same specs built fresh', () => {
  let patched = 0;
  fc.assert(
    fc.property(fc.tuple(...PACKAGES.map(spec)), fc.array(edit, { minLength: 1, maxLength: 6 }), (start, edits) => {
      let specs = start;
      same(buildGraph(specs), reference(specs));
      buildGraph(specs); // the last expansion is this list's again
      for (const e of edits) {
        const k = e.at % specs.length;
        specs = specs.map((s, j) => (j === k ? apply(s, e) : s));
        const g = buildGraph(specs);
        if (e.kind === 'lists' || e.kind === 'binary-depends') patched++;
        same(g, reference(specs));
        buildGraph(specs);
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(patched > 300, `${patched} edits that keep every name`);
});
