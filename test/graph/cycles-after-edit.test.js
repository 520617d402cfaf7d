'use strict';
// An edit that changes only the build-depends, bootstrap sets or `prebuilt` of
// packages on no cycle, or depends lists whose edit changes the build edges of
// packages on no cycle only, may carry the cycle classification over
// (graph/cycles-after-edit.ts). Over random edit sequences, every classification
// carried over must equal the one computed afresh on the edited graph: each
// unbroken and broken cluster, its cycles, their candidates and partial breaks,
// the blocked members and what blocks them, the maps by member, and every
// package's progress move. The previous analysis of each step is whichever the
// step before produced (carried over or fresh), as in the language server.
require('../helpers/fast-check-seed');
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');
const { analyzeCycles } = require('../../server/out/core/graph/cycle-analysis.js');
const { cyclesAfterEdit, onBuildCycle, throughRuntime } = require('../../server/out/core/graph/cycles-after-edit.js');
const { sharedBootstrapPhase } = require('../../server/out/core/graph/plan.js');

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
// Binaries some packages build (a package without binaries is its own), and
// names nothing declares: typing one into a list adds a node.
const BINARIES = ['a1', 'c1', 'e1'];
const OTHER = ['u', 'zz'];
const ownerOf = (binary) => binary.slice(0, 1);

const entries = fc.array(fc.constantFrom(...NAMES, ...BINARIES, ...OTHER), { maxLength: 3 });
const runtime = fc.array(fc.constantFrom(...NAMES, ...BINARIES), { maxLength: 2 });
const stages = fc.array(fc.record({ stage: fc.constantFrom(1, 2), buildDepends: entries }), { maxLength: 2 });
const spec = (name) =>
  fc.record({ buildDepends: entries, depends: runtime, bootstrap: stages, prebuilt: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), binaryDepends: runtime }).map((s) => ({
    name,
    buildDepends: s.buildDepends,
    depends: s.depends,
    bootstrap: s.bootstrap,
    prebuilt: s.prebuilt,
    ...(BINARIES.some((b) => ownerOf(b) === name) ? { binaries: BINARIES.filter((b) => ownerOf(b) === name).map((b) => ({ name: b, depends: s.binaryDepends })) } : {}),
  }));
// An edit: one package's build-depends, bootstrap sets or prebuilt flag, its
// depends or its first binary's (carried over when the packages whose build
// edges that changes are on no cycle).
const edit = fc.record({
  at: fc.nat(),
  what: fc.constantFrom('buildDepends', 'buildDepends', 'buildDepends', 'bootstrap', 'prebuilt', 'depends', 'depends', 'binaryDepends'),
  buildDepends: entries,
  bootstrap: stages,
  depends: runtime,
});

function apply(specs, e) {
  const k = e.at % specs.length;
  const s = specs[k];
  const changed = e.what === 'prebuilt' ? { ...s, prebuilt: !s.prebuilt }
    : e.what === 'binaryDepends' ? (s.binaries ? { ...s, binaries: s.binaries.map((b, j) => (j === 0 ? { ...b, depends: e.depends } : b)) } : { ...s, depends: e.depends })
      : { ...s, [e.what]: e[e.what] };
  return specs.map((x, j) => (j === k ? changed : x));
}

/**
 * What the caller passes: the packages whose build-depends, bootstrap sets or
 * `prebuilt` differ, and those whose build edges an edit of depends lists
 * changed (throughRuntime), or undefined when that cannot be told.
 */
function editedNames(before, after, beforeGraph, afterGraph) {
  const edited = new Set();
  const runtime = [];
  for (let k = 0; k < after.length; k++) {
    const a = before[k];
    const b = after[k];
    if (a === b) continue;
    if (JSON.stringify(a.depends) !== JSON.stringify(b.depends)) runtime.push(b.name);
    if (JSON.stringify(a.binaries) !== JSON.stringify(b.binaries)) runtime.push(b.name, ...b.binaries.map((x) => x.name));
    if (JSON.stringify({ ...a, depends: [], binaries: [] }) !== JSON.stringify({ ...b, depends: [], binaries: [] })) edited.add(b.name);
  }
  if (runtime.length > 0) {
    const through = throughRuntime(beforeGraph, afterGraph, runtime);
    if (!through) return undefined;
    for (const name of through) edited.add(name);
  }
  return [...edited];
}

/** Everything a classification says, its lazy parts read. */
function view(analysis) {
  const g = analysis.graph;
  const declared = g.names.filter((_, i) => g.declared[i]);
  return JSON.parse(JSON.stringify({
    unbroken: analysis.unbroken,
    broken: analysis.broken,
    unbrokenByMember: [...analysis.unbrokenByMember].sort(),
    brokenByMember: [...analysis.brokenByMember].sort(),
    moves: declared.map((name) => [name, analysis.progressMove(name)]),
  }));
}

test('a cycle classification carried over an edit equals the one computed afresh', () => {
  let carried = 0;
  let declined = 0;
  let carriedWithCycles = 0;
  let carriedNeverBuilt = 0;
  let adopted = 0;
  let carriedDepends = 0;
  fc.assert(
    fc.property(fc.tuple(...NAMES.map(spec)), fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
      let specs = start;
      let graph = buildGraph(specs);
      let previous = analyzeCycles(graph);
      for (const e of edits) {
        const next = apply(specs, e);
        const nextGraph = buildGraph(next);
        const edited = editedNames(specs, next, graph, nextGraph);
        const reused = edited && edited.length > 0 ? cyclesAfterEdit(previous, nextGraph, edited) : undefined;
        // Afresh on a graph of its own: cyclesAfterEdit may have taken the cycles over from the graph before.
        const freshGraph = buildGraph(next);
        const fresh = analyzeCycles(freshGraph);
        if (nextGraph.hasCycleMask) {
          if (reused) adopted++;
          assert.deepEqual(Array.from(nextGraph.cycleMask()), Array.from(freshGraph.cycleMask()), `the cycles after ${JSON.stringify(e)}`);
        }
        if (reused) {
          carried++;
          if (e.what === 'depends' || e.what === 'binaryDepends') carriedDepends++;
          if (fresh.unbroken.length + fresh.broken.length > 0) carriedWithCycles++;
          const avail = sharedBootstrapPhase(nextGraph, { assumeUnknownAvailable: true }).avail;
          if (fresh.unbroken.length > 0 && edited.some((name) => !avail[nextGraph.index(name)])) carriedNeverBuilt++;
          assert.equal(reused.graph, nextGraph);
          assert.deepEqual(view(reused), view(fresh), `carried over ${edited.join(', ')}: ${JSON.stringify(e)}`);
        } else declined++;
        specs = next;
        graph = nextGraph;
        previous = reused ?? fresh;
      }
    }),
    { numRuns: 500 },
  );
  // The property is only as strong as the carried-over cases it saw.
  assert.ok(carried > 200, `carried over ${carried} times`);
  assert.ok(carriedWithCycles > 100, `carried over ${carriedWithCycles} times with cycles about`);
  assert.ok(declined > 200, `declined ${declined} times`);
  console.log(`# carried over ${carried}, declined ${declined}; with cycles about ${carriedWithCycles}; a never-built package edited beside an unbroken cycle ${carriedNeverBuilt}`);
  assert.ok(carriedNeverBuilt > 20, `carried over ${carriedNeverBuilt} times an edit of a never-built package beside an unbroken cycle`);
  assert.ok(adopted > 200, `cycles taken over from the graph before ${adopted} times`);
  console.log(`# carried over ${carriedDepends} edits of depends lists`);
  assert.ok(carriedDepends > 30, `carried over ${carriedDepends} edits of depends lists`);
});

test('onBuildCycle: a package is on a build cycle exactly when the SCCs say so, or the search says it cannot tell', () => {
  let onCycle = 0;
  let cut = 0;
  fc.assert(
    fc.property(fc.tuple(...NAMES.map(spec)), fc.integer({ min: 1, max: 12 }), (specs, visits) => {
      const graph = buildGraph(specs);
      const mask = graph.cycleMask();
      for (let v = 0; v < graph.size; v++) {
        if (!graph.declared[v]) continue;
        assert.equal(onBuildCycle(graph, v, 1e6), mask[v] === 1, graph.names[v]);
        const bounded = onBuildCycle(graph, v, visits);
        if (bounded === undefined) cut++;
        else assert.equal(bounded, mask[v] === 1, `${graph.names[v]} within ${visits} visits`);
        if (mask[v]) onCycle++;
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(onCycle > 300 && cut > 300, `on a cycle ${onCycle}, searches cut ${cut}`);
});

// Each guard of cyclesAfterEdit, on a case where carrying the classification
// over without it would be wrong. Every case: the classification before, an
// edit of package x (on no cycle), and the fresh classification after, which
// must differ from the one before; cyclesAfterEdit must then decline.
const pkg = (name, buildDepends = [], bootstrap = []) => ({ name, buildDepends, depends: [], bootstrap, prebuilt: false });
const stage1 = (...names) => [{ stage: 1, buildDepends: names }];

function checkDeclined(before, after, what) {
  const previous = analyzeCycles(buildGraph(before));
  const graph = buildGraph(after);
  const fresh = analyzeCycles(graph);
  assert.notDeepEqual(view(fresh), view(previous), `${what}: the edit changes the classification`);
  assert.equal(cyclesAfterEdit(previous, graph, ['x']), undefined, what);
}

test('an edit that leaves a broken cycle unbroken is analysed afresh', () => {
  // q's only stage set needs x: with x stuck behind the unbroken s ⇄ t, the
  // broken p ⇄ q becomes unbroken (q loses its stage build; and p, q, x their
  // availability).
  const base = [pkg('p', ['q', 'x']), pkg('q', ['p'], stage1('x')), pkg('s', ['t']), pkg('t', ['s'])];
  checkDeclined([...base, pkg('x')], [...base, pkg('x', ['s'])], 'availability');
});

test('an edit of a never-built package an unbroken cluster waits for is analysed afresh', () => {
  // m ⇄ n would be broken by n's stage set if x were built; x waits for s ⇄ t,
  // and after the edit for v ⇄ w: what blocks m and n moves.
  const base = [pkg('m', ['n']), pkg('n', ['m', 'x'], stage1('x')), pkg('s', ['t']), pkg('t', ['s']), pkg('v', ['w']), pkg('w', ['v'])];
  checkDeclined([...base, pkg('x', ['s'])], [...base, pkg('x', ['v'])], 'never-built x needed by an unbroken cluster');
});

test('an edit that changes the availability of a package an unbroken cluster needs is analysed afresh', () => {
  // o is in m ⇄ n's cluster (m needs o, o needs m) but out of its core: its
  // stage set drops m, and needs x and y. y waits for s ⇄ t; x did too, and
  // after the edit is built: what o waits for is then y, not x (its first
  // entry, by name, that waits). No stage build and no availability on a
  // cycle changes.
  const base = [pkg('m', ['n', 'o']), pkg('n', ['m']), pkg('o', ['m', 'x', 'y'], stage1('x', 'y')), pkg('y', ['s']), pkg('s', ['t']), pkg('t', ['s'])];
  checkDeclined([...base, pkg('x', ['s'])], [...base, pkg('x')], 'availability of a package an unbroken cluster needs');
});

test('an edit that changes which package of a cycle gets the stage build is analysed afresh', () => {
  // Of p ⇄ q, p (the lower name) takes the stage build while x is available
  // from the start; once x waits for y, which waits for q, q takes it. Every
  // package is built in the end either way.
  const base = [pkg('p', ['q'], stage1('x')), pkg('q', ['p'], stage1()), pkg('y', ['q'])];
  checkDeclined([...base, pkg('x')], [...base, pkg('x', ['y'])], 'stage builds');
});

// The language server's path: analyses of edited texts with one AnalysisReuse,
// which hands each the last one's classification, against fresh analyses (what
// a user sees: every diagnostic, its range, message and fixes).
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const carryOver = require('../../server/out/core/graph/cycles-after-edit.js');

function yamlOf(specs) {
  const lines = ['version: 1', 'packages:'];
  for (const s of specs) {
    lines.push(`  ${s.name}:`);
    lines.push(`    build-depends: [${s.buildDepends.join(', ')}]`);
    lines.push(`    depends: [${s.depends.join(', ')}]`);
    for (const b of s.bootstrap) lines.push(`    build-depends-bootstrap${b.stage}: [${b.buildDepends.join(', ')}]`);
    if (s.prebuilt) lines.push('    prebuilt: true');
    if (s.binaries) {
      lines.push('    binaries:');
      for (const b of s.binaries) lines.push(`      ${b.name}: {depends: [${b.depends.join(', ')}]}`);
    }
  }
  return lines.join('\n') + '\n';
}

function seenIn(analysis, uri) {
  const doc = analysis.documents.get(uri);
  return (analysis.diagnostics.get(uri) ?? []).map((d) => [d.code, d.severity, d.range.start, d.range.end, doc.text.slice(d.range.start, d.range.end), d.message, (d.fixes ?? []).map((f) => f.title).join(' | ')]);
}

test('over the language server\'s path, edits whose classification is carried over give what fresh analyses give', (t) => {
  let carried = 0;
  const original = carryOver.cyclesAfterEdit;
  carryOver.cyclesAfterEdit = (...args) => {
    const result = original(...args);
    if (result) carried++;
    return result;
  };
  t.after(() => {
    carryOver.cyclesAfterEdit = original;
  });
  const uri = 'file:///ws/x.bootstrap.yaml';
  const freshUri = 'file:///fresh/x.bootstrap.yaml';
  fc.assert(
    fc.property(fc.tuple(...NAMES.map(spec)), fc.array(edit, { minLength: 1, maxLength: 6 }), (start, edits) => {
      const reuse = new AnalysisReuse();
      const cache = new Map();
      let specs = start;
      const run = (text) => analyze([uri], memoryProvider({ [uri]: text }), { roots: ['file:///ws'], cache, reuse });
      run(yamlOf(specs));
      for (const e of edits) {
        specs = apply(specs, e);
        const text = yamlOf(specs);
        const fresh = analyze([freshUri], memoryProvider({ [freshUri]: text }), { roots: ['file:///fresh'] });
        assert.deepEqual(seenIn(run(text), uri), seenIn(fresh, freshUri), JSON.stringify(e));
      }
    }),
    { numRuns: 60 },
  );
  assert.ok(carried > 20, `carried over ${carried} times`);
});
