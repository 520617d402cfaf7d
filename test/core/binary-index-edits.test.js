'use strict';
// The binary index (model/binary-index.ts) is carried over from one analysis
// to the next when an edit inside one package keeps its binaries' names and
// what they provide; the package's new declarations take the old ones' places.
// After any sequence of edits, analysed as the language server does (one
// cache, one AnalysisReuse), the index must be the one a fresh analysis of
// the same text builds: the same declarations, at the same places.
require('../helpers/fast-check-seed');
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { binaryIndex } = require('../../server/out/core/model/binary-index.js');

const URI = 'file:///ws/a.bootstrap.yaml';
// A second, unrelated file: its own include group, analysed between the first one's analyses.
const OTHER = 'file:///ws/b.bootstrap.yaml';
const BIN = ['liba', 'libb', 'a-dev', 'tool'];
const NAMES = ['a', 'b', 'c', 'liba', 'libb', 'virt'];

const binary = fc.record({ name: fc.constantFrom(...BIN), depends: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 2 }), provides: fc.uniqueArray(fc.constantFrom('virt', 'mail'), { maxLength: 2 }) });
const pkg = fc.record({ buildDepends: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }), binaries: fc.array(binary, { maxLength: 3 }) });

function text(pkgs) {
  const lines = ['version: 1', 'packages:'];
  pkgs.forEach((p, i) => {
    lines.push(`  ${'abc'[i]}:`, `    build-depends: [${p.buildDepends.join(', ')}]`);
    if (p.binaries.length) {
      lines.push('    binaries:');
      for (const b of p.binaries) lines.push(`      ${b.name}: { depends: [${b.depends.join(', ')}], provides: [${b.provides.join(', ')}] }`);
    }
  });
  return `${lines.join('\n')}\n`;
}

const shown = (analysis, uri) => {
  const index = binaryIndex(analysis.workspaceOf(uri).workspace);
  const doc = analysis.documents.get(uri);
  const decls = (map) => [...map].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([name, list]) => [name, list.map((b) => [b.packageName, doc.text.slice(b.node.range.start, b.node.range.end), b.depends.map((d) => d.name)])]);
  return { binaries: decls(index.binaries), providers: decls(index.providers) };
};

// An edit: one package's build-depends (its binaries as they are), one binary's depends (names kept), or a package's binaries replaced.
const edit = fc.record({ file: fc.constantFrom(URI, OTHER), at: fc.nat(2), kind: fc.constantFrom('build-depends', 'binary-depends', 'binary-depends', 'binaries'), bd: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }), binaries: fc.array(binary, { maxLength: 3 }) });

test('after random edits, the binary index carried from edit to edit equals a fresh one', () => {
  let checked = 0;
  fc.assert(fc.property(fc.tuple(pkg, pkg, pkg), fc.tuple(pkg, pkg, pkg), fc.array(edit, { minLength: 1, maxLength: 8 }), (start, startOther, edits) => {
    const state = { [URI]: start, [OTHER]: startOther };
    const options = { roots: ['file:///ws'], cache: new Map(), reuse: new AnalysisReuse() };
    const files = { [URI]: text(start), [OTHER]: text(startOther) };
    analyze([URI, OTHER], memoryProvider(files), options);
    for (const e of edits) {
      state[e.file] = state[e.file].map((p, i) => {
        if (i !== e.at) return p;
        if (e.kind === 'build-depends') return { ...p, buildDepends: e.bd };
        if (e.kind === 'binary-depends') return { ...p, binaries: p.binaries.map((b) => ({ ...b, depends: e.bd })) };
        return { ...p, binaries: e.binaries };
      });
      files[e.file] = text(state[e.file]);
      const streamed = analyze([URI, OTHER], memoryProvider(files), options);
      const fresh = analyze([URI, OTHER], memoryProvider({ ...files }), { roots: ['file:///ws'] });
      for (const uri of [URI, OTHER]) assert.deepEqual(shown(streamed, uri), shown(fresh, uri), uri);
      checked++;
    }
  }), { numRuns: 150 });
  assert.ok(checked > 300, `${checked} edits checked`);
});
