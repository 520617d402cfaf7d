'use strict';
// An edit that keeps every entry's name patches the last build's graph instead
// of building it from the specs (graph/graph-patch.ts): the changed rows are
// replaced, and the nodes renumbered when a name came (a name no list held) or
// went (a name no list holds any more). Whatever was built before, a graph must
// be exactly the one built from fresh copies of the same specs: same nodes in
// the same order, lists, stage sets, adjacencies and their reverses, kinds,
// owners, install components, and the same answers by name.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');
const { graphPatchCounts } = require('../../server/out/core/graph/graph-patch.js');
const { startingKahn, startingCounts } = require('../../server/out/core/graph/availability.js');
const { runBootstrapPhase, sharedBootstrapPhase } = require('../../server/out/core/graph/plan.js');
const { carriedPhases } = require('../../server/out/core/graph/carried-phase.js');

const PACKAGES = ['b', 'd', 'f', 'h', 'j'];
const BINARIES = ['libb', 'libd', 'd-dev', 'tool', 'h'];
const VIRTUALS = ['virt', 'mail'];
// Names nothing declares: typing one adds a node, deleting the last mention drops it.
const OTHER = ['a', 'c', 'e0', 'g', 'zz', 'k-ü', 'B'];
const NAMES = [...PACKAGES, ...BINARIES, ...VIRTUALS, ...OTHER];

const frozen = (arb) => arb.map((xs) => Object.freeze(xs));
// Lists with repeats and the odd non-string, as a parser may hand them over.
const names = fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constant(7) }), { maxLength: 4 });
const list = fc.oneof(frozen(names), names);
const stageSet = fc.record({ stage: fc.constantFrom(1, 1, 2, 3, 0), buildDepends: list });
const stages = fc.oneof({ weight: 3, arbitrary: fc.constant(Object.freeze([])) }, { weight: 2, arbitrary: fc.array(stageSet, { maxLength: 3 }) });
const binary = fc.record({
  name: fc.constantFrom(...BINARIES),
  depends: frozen(fc.array(fc.constantFrom(...NAMES), { maxLength: 2 })),
  provides: frozen(fc.array(fc.constantFrom(...VIRTUALS), { maxLength: 1 })),
  prebuilt: fc.boolean(),
}).map((b) => Object.freeze(b));
const spec = (name, withBinaries) => fc.record({
  name: fc.constant(name),
  buildDepends: list,
  depends: list,
  bootstrap: stages,
  prebuilt: fc.boolean(),
  ...(withBinaries ? { binaries: frozen(fc.array(binary, { maxLength: 2 })) } : {}),
});
const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('build-depends', 'build-depends', 'build-depends', 'depends', 'stages', 'prebuilt', 'same lists', 'rename', 'binary depends'),
  list,
  stages,
  to: fc.constantFrom(...PACKAGES, 'new'),
});

function apply(s, e) {
  switch (e.kind) {
    case 'build-depends': return { ...s, buildDepends: e.list };
    case 'depends': return { ...s, depends: e.list };
    case 'stages': return { ...s, bootstrap: e.stages };
    case 'prebuilt': return { ...s, prebuilt: !s.prebuilt };
    case 'same lists': return { ...s };
    case 'rename': return { ...s, name: e.to };
    default:
      return s.binaries ? { ...s, binaries: Object.freeze(s.binaries.map((b) => Object.freeze({ ...b, depends: Object.freeze(e.list.filter((x) => typeof x === 'string')) }))) } : { ...s, depends: e.list };
  }
}

/** The graph of fresh copies of the specs, after an unrelated build (nothing to patch or take over). */
function reference(specs) {
  buildGraph([{ name: 'unrelated', buildDepends: [], depends: [], bootstrap: [] }]);
  return buildGraph(structuredClone(specs));
}

const rows = (offsets, targets) => [Array.from(offsets), Array.from(targets)];

function same(g, h) {
  assert.deepEqual(g.names, h.names, 'nodes');
  for (const [o, t] of [['bdOffsets', 'bdTargets'], ['rbdOffsets', 'rbdSources'], ['dependsOffsets', 'dependsTargets'], ['rdepOffsets', 'rdepSources']]) {
    assert.deepEqual(rows(g[o], g[t]), rows(h[o], h[t]), t);
  }
  for (const key of ['declared', 'prebuilt']) assert.deepEqual(Array.from(g[key]), Array.from(h[key]), key);
  for (const key of ['kind', 'buildTarget', 'ownerOf', 'ownedOffsets', 'ownedTargets']) assert.deepEqual(Array.from(g.layer[key]), Array.from(h.layer[key]), `layer ${key}`);
  assert.equal(g.hasBinaries, h.hasBinaries, 'binaries');
  assert.deepEqual(g.buildDepends, h.buildDepends, 'build-depends lists');
  assert.deepEqual(g.depends, h.depends, 'depends lists');
  const sets = (x) => x.stages.map((ss) => ss.map((s) => ({ stage: s.stage, buildDepends: s.buildDepends, entries: Array.from(s.entries) })));
  assert.deepEqual(sets(g), sets(h), 'bootstrap sets');
  assert.deepEqual(structuredClone(g.specs), structuredClone(h.specs), 'specs');
  for (const key of ['compOf', 'offsets', 'members', 'nonTrivial']) assert.deepEqual(Array.from(g.installScc[key]), Array.from(h.installScc[key]), `install components: ${key}`);
  assert.deepEqual(rows(g.installSucc.offsets, g.installSucc.targets), rows(h.installSucc.offsets, h.installSucc.targets), 'condensation');
  assert.deepEqual(rows(g.installPred.offsets, g.installPred.targets), rows(h.installPred.offsets, h.installPred.targets), 'condensation reversed');
  for (const x of [...NAMES, 'new', 'unrelated']) assert.equal(g.index(x), h.index(x), `node of ${x}`);
  g.names.forEach((x, i) => assert.deepEqual(g.runtimeClosure(x), h.runtimeClosure(x), `closure of ${x} (${i})`));
  assert.deepEqual(Array.from(g.cycleMask()), Array.from(h.cycleMask()), 'cycle mask');
  // The bootstrap phase's starting count (patched from the last graph's when it was patched).
  for (const assume of [false, true]) {
    const a = startingKahn(g, assume);
    const b = startingKahn(h, assume);
    for (const key of ['avail', 'installable', 'instMissing', 'fullMissing']) assert.deepEqual(Array.from(a[key]), Array.from(b[key]), `starting count: ${key}${assume ? ' (unknown names available)' : ''}`);
    for (const key of ['seOwner', 'seStage', 'seMissing']) assert.deepEqual(a[key], b[key], `starting count: ${key}`);
    assert.deepEqual(a.seEntries.map((e) => Array.from(e)), b.seEntries.map((e) => Array.from(e)), 'starting count: stage entries');
    // The bootstrap phase itself (its taint counters start patched too).
    const x = runBootstrapPhase(g, { assumeUnknownAvailable: assume });
    const y = runBootstrapPhase(h, { assumeUnknownAvailable: assume });
    for (const key of ['avail', 'fullWave', 'buildPkg', 'buildKind', 'buildStage', 'buildWave', 'buildTainted']) assert.deepEqual(Array.from(x[key]), Array.from(y[key]), `bootstrap phase: ${key}`);
    // The run the analysis got, carried over from the last graph's when the edit left it as it was.
    samePhase(sharedBootstrapPhase(g, { assumeUnknownAvailable: assume }), y, assume);
  }
}

const PHASE_ARRAYS = ['avail', 'fullWave', 'buildPkg', 'buildKind', 'buildStage', 'buildWave', 'buildTainted', 'latestBuild', 'prevBuild', 'fullBuild', 'installWave', 'untaintWave'];

/** A bootstrap phase (carried or run) field for field against a fresh run. */
function samePhase(x, y, assume) {
  const what = `bootstrap phase as the analysis got it${assume ? ' (unknown names available)' : ''}`;
  for (const key of PHASE_ARRAYS) assert.deepEqual(Array.from(x[key]), Array.from(y[key]), `${what}: ${key}`);
  assert.equal(x.waveCount, y.waveCount, `${what}: waves`);
  assert.deepEqual(x.waveNodes, y.waveNodes, `${what}: wave nodes`);
  assert.deepEqual(x.waveStage, y.waveStage, `${what}: wave stages`);
  assert.deepEqual(x.buildInputs.map((e) => e && Array.from(e)), y.buildInputs.map((e) => e && Array.from(e)), `${what}: stage build inputs`);
  // The final counters (made on demand for a carried run).
  for (const key of ['avail', 'installable', 'instMissing', 'fullMissing']) assert.deepEqual(Array.from(x.kahn[key]), Array.from(y.kahn[key]), `${what}: final count ${key}`);
  assert.deepEqual(x.kahn.seMissing, y.kahn.seMissing, `${what}: final count of stage entries`);
}

/** A graph of the specs, built as the analysis does: its bootstrap phases (the cycle analysis's, the plan's) made before the next graph is built. */
function built(specs) {
  const g = buildGraph(specs);
  sharedBootstrapPhase(g, { assumeUnknownAvailable: true });
  sharedBootstrapPhase(g);
  return g;
}

for (const withBinaries of [false, true]) {
  test(`graphs built in turn ${withBinaries ? 'from packages with binaries ' : ''}equal the graphs of the same specs built fresh, the patched ones included`, () => {
    const before = graphPatchCounts.patched;
    const startsBefore = startingCounts.patched;
    const carriedBefore = { ...carriedPhases };
    let renumbered = 0;
    fc.assert(
      fc.property(fc.tuple(...PACKAGES.map((p) => spec(p, withBinaries))), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.boolean(), (start, edits, twice) => {
        // A second declaration of a name (the first wins: editing the second changes nothing).
        let specs = twice ? [...start, { ...start[1], buildDepends: ['zz'] }] : [...start];
        // The edits' graphs, each patched from the one before when it can be;
        // compared with fresh builds after the chain (a fresh build would start the chain anew).
        const chain = [[built(specs), specs]];
        for (const e of edits) {
          const k = e.at % specs.length;
          specs = specs.map((s, j) => (j === k ? apply(s, e) : s));
          chain.push([built(specs), specs]);
        }
        for (const [g, sp] of chain) same(g, reference(sp));
        for (let c = 1; c < chain.length; c++) if (chain[c][0].size !== chain[c - 1][0].size) renumbered++;
      }),
      { numRuns: 250 },
    );
    const patched = graphPatchCounts.patched - before;
    assert.ok(patched > 500, `${patched} graphs patched`);
    assert.ok(renumbered > 100, `${renumbered} edits that added or dropped a node`);
    assert.ok(startingCounts.patched - startsBefore > 300, `${startingCounts.patched - startsBefore} starting counts patched`);
    const carried = carriedPhases.carried - carriedBefore.carried;
    const declined = carriedPhases.declined - carriedBefore.declined;
    assert.ok(carried > 200 && declined > 100, `bootstrap phases carried over: ${carried}, run again: ${declined}`);
  });
}

test('a patched graph is the one built from the specs on a chain of a thousand packages, names typed letter by letter and pasted', () => {
  const specs = Array.from({ length: 1000 }, (_, i) => ({ name: `p${String(i).padStart(4, '0')}`, buildDepends: i > 0 ? [`p${String(i - 1).padStart(4, '0')}`] : [], depends: [], bootstrap: [] }));
  specs[0] = { ...specs[0], buildDepends: ['p0999'] };
  buildGraph(specs);
  const before = graphPatchCounts.patched;
  // Names typed one at a time, then a paste of many new names at once (and its undo).
  const pasted = Array.from({ length: 20 }, (_, i) => `p${String(i * 50).padStart(4, '0')}-new`);
  for (const list of [['x'], ['xy'], ['xyz'], ['p05'], ['p0500'], pasted, [], pasted.slice(3, 13), ['x', 'p0999-new']]) {
    specs[500] = { ...specs[500], buildDepends: ['p0499', ...list] };
    same(buildGraph(specs), reference(specs));
    buildGraph(specs);
  }
  assert.equal(graphPatchCounts.patched - before, 9, 'each edit patched');
});
