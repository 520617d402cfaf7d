'use strict';
// Edits analysed as the language server does (one cache, one AnalysisReuse)
// take the last analysis's graph over: the build graph patched (a name typed
// into a list renumbers its nodes), the binaries' expansion patched, the
// depends side renumbered, the cycle classification carried, the bootstrap
// counts copied. Whatever chain of edits came before, every diagnostic must
// be what a fresh analysis of the same text gives: the same codes, places,
// messages and related locations. The fresh analyses run after the chain,
// each after an unrelated build, so that none of them takes anything over.
require('../helpers/fast-check-seed');
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { buildGraph } = require('../../server/out/core/graph/build-graph.js');
const { graphPatchCounts } = require('../../server/out/core/graph/graph-patch.js');

const ROOT = 'file:///ws';
const FRESH = 'file:///fresh';
const URI = `${ROOT}/a.bootstrap.yaml`;
const PACKAGES = ['a', 'b', 'c', 'd'];
const BINARIES = ['liba', 'libb', 'b-dev', 'tool'];
// Names nothing declares: typing one adds a node, removing it drops one.
const UNKNOWN = ['zz', 'e0', 'lib', 'libbx'];
const NAMES = [...PACKAGES, ...BINARIES, ...UNKNOWN];

const list = (max) => fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: max });
const binary = fc.record({ name: fc.constantFrom(...BINARIES), depends: list(2) });
const stage = fc.record({ stage: fc.constantFrom(1, 2), buildDepends: list(2) });
const pkg = fc.record({
  buildDepends: list(3),
  depends: list(2),
  binaries: fc.array(binary, { maxLength: 2 }),
  stages: fc.array(stage, { maxLength: 1 }),
  prebuilt: fc.constantFrom(false, false, false, true),
});

function text(pkgs) {
  const lines = ['version: 1', 'packages:'];
  pkgs.forEach((p, i) => {
    lines.push(`  ${PACKAGES[i]}:`, `    build-depends: [${p.buildDepends.join(', ')}]`, `    depends: [${p.depends.join(', ')}]`);
    if (p.prebuilt) lines.push('    prebuilt: true');
    for (const s of p.stages) lines.push(`    build-depends-bootstrap${s.stage}: [${s.buildDepends.join(', ')}]`);
    if (p.binaries.length) {
      lines.push('    binaries:');
      for (const b of p.binaries) lines.push(`      ${b.name}: { depends: [${b.depends.join(', ')}] }`);
    }
  });
  return `${lines.join('\n')}\n`;
}

function diagnostics(analysis, uri) {
  const doc = analysis.documents.get(uri);
  return (analysis.diagnostics.get(uri) ?? []).map((d) => [
    d.code, d.range.start, d.range.end, doc.text.slice(d.range.start, d.range.end), d.message,
    (d.related ?? []).map((r) => `${r.uri.replace(FRESH, ROOT)}:${r.range.start}-${r.range.end} ${r.message}`),
  ]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
}

// Mostly a build-depends list typed into (a new name, a name removed), as in an editor.
const edit = fc.record({
  at: fc.nat(PACKAGES.length - 1),
  kind: fc.constantFrom('build-depends', 'build-depends', 'build-depends', 'depends', 'binary-depends', 'binaries', 'stages', 'prebuilt'),
  list: list(3),
  binaries: fc.array(binary, { maxLength: 2 }),
  stages: fc.array(stage, { maxLength: 1 }),
});

function apply(p, e) {
  switch (e.kind) {
    case 'build-depends': return { ...p, buildDepends: e.list };
    case 'depends': return { ...p, depends: e.list.slice(0, 2) };
    case 'binary-depends': return { ...p, binaries: p.binaries.map((b) => ({ ...b, depends: e.list.slice(0, 2) })) };
    case 'binaries': return { ...p, binaries: e.binaries };
    case 'stages': return { ...p, stages: e.stages };
    default: return { ...p, prebuilt: !p.prebuilt };
  }
}

test('after random edits analysed as the server does, every diagnostic is a fresh analysis\'s (graphs patched, cycles carried)', () => {
  const patchedBefore = graphPatchCounts.patched;
  let withCycles = 0;
  fc.assert(fc.property(fc.tuple(...PACKAGES.map(() => pkg)), fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
    const options = { roots: [ROOT], cache: new Map(), reuse: new AnalysisReuse() };
    let state = start;
    const chain = [[text(state), diagnostics(analyze([URI], memoryProvider({ [URI]: text(state) }), options), URI)]];
    for (const e of edits) {
      state = state.map((p, i) => (i === e.at ? apply(p, e) : p));
      chain.push([text(state), diagnostics(analyze([URI], memoryProvider({ [URI]: text(state) }), options), URI)]);
    }
    const freshUri = URI.replace(ROOT, FRESH);
    for (const [source, streamed] of chain) {
      buildGraph([{ name: 'unrelated', buildDepends: [], depends: [], bootstrap: [] }]);
      const fresh = diagnostics(analyze([freshUri], memoryProvider({ [freshUri]: source }), { roots: [FRESH] }), freshUri);
      assert.deepEqual(streamed, fresh, source);
      if (fresh.some((d) => d[0] === 'build-cycle')) withCycles++;
    }
  }), { numRuns: 120 });
  const patched = graphPatchCounts.patched - patchedBefore;
  assert.ok(patched > 300, `${patched} graphs patched`);
  assert.ok(withCycles > 100, `${withCycles} texts with cycles`);
});
