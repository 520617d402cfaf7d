'use strict';
// The binaries check (checks/binaries.ts) carries its findings over an edit
// inside one package that keeps every binary's name and what it provides.
// After any sequence of edits analysed as the language server does (one
// cache, one AnalysisReuse), its diagnostics must be a fresh analysis's: the
// same codes, places, messages and related locations.
require('../helpers/fast-check-seed');
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');

const ROOT = 'file:///ws';
const FRESH = 'file:///fresh';
const URI = `${ROOT}/a.bootstrap.yaml`;
const PACKAGES = ['a', 'b', 'c'];
// Binary names that collide: with each other, and with a package ('c').
const BIN = ['liba', 'libb', 'c', 'tool'];
const NAMES = ['a', 'b', 'c', 'liba', 'libb', 'virt'];
const CODES = new Set(['duplicate-binary', 'binary-named-like-package', 'provides-collides']);

const binary = fc.record({ name: fc.constantFrom(...BIN), depends: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 2 }), provides: fc.uniqueArray(fc.constantFrom('virt', 'liba', 'b'), { maxLength: 2 }) });
const pkg = fc.record({ buildDepends: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }), description: fc.constantFrom('x', 'a longer one'), binaries: fc.array(binary, { maxLength: 3 }) });

function text(pkgs) {
  const lines = ['version: 1', 'packages:'];
  pkgs.forEach((p, i) => {
    lines.push(`  ${PACKAGES[i]}:`, `    description: ${p.description}`, `    build-depends: [${p.buildDepends.join(', ')}]`);
    if (p.binaries.length) {
      lines.push('    binaries:');
      for (const b of p.binaries) lines.push(`      ${b.name}: { depends: [${b.depends.join(', ')}], provides: [${b.provides.join(', ')}] }`);
    }
  });
  return `${lines.join('\n')}\n`;
}

function binaryDiagnostics(analysis, uri) {
  const doc = analysis.documents.get(uri);
  return (analysis.diagnostics.get(uri) ?? []).filter((d) => CODES.has(d.code)).map((d) => [
    d.code, d.range.start, d.range.end, doc.text.slice(d.range.start, d.range.end), d.message,
    (d.related ?? []).map((r) => `${r.uri.replace(FRESH, ROOT)}:${r.range.start}-${r.range.end} ${r.message}`),
  ]);
}

// Edits inside one package: most keep the binaries' names (its description, its build-depends, a binary's depends), some replace its binaries.
const edit = fc.record({
  at: fc.nat(2),
  kind: fc.constantFrom('description', 'build-depends', 'binary-depends', 'binary-depends', 'binaries'),
  bd: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
  description: fc.constantFrom('y', 'changed text'),
  binaries: fc.array(binary, { maxLength: 3 }),
});

test('after random edits, the binaries check carried from edit to edit reports what a fresh one does', () => {
  let withFindings = 0;
  fc.assert(fc.property(fc.tuple(pkg, pkg, pkg), fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
    let state = start;
    const options = { roots: [ROOT], cache: new Map(), reuse: new AnalysisReuse() };
    analyze([URI], memoryProvider({ [URI]: text(state) }), options);
    for (const e of edits) {
      state = state.map((p, i) => {
        if (i !== e.at) return p;
        if (e.kind === 'description') return { ...p, description: e.description };
        if (e.kind === 'build-depends') return { ...p, buildDepends: e.bd };
        if (e.kind === 'binary-depends') return { ...p, binaries: p.binaries.map((b) => ({ ...b, depends: e.bd })) };
        return { ...p, binaries: e.binaries };
      });
      const streamed = binaryDiagnostics(analyze([URI], memoryProvider({ [URI]: text(state) }), options), URI);
      const freshUri = URI.replace(ROOT, FRESH);
      const fresh = binaryDiagnostics(analyze([freshUri], memoryProvider({ [freshUri]: text(state) }), { roots: [FRESH] }), freshUri);
      assert.deepEqual(streamed, fresh);
      if (fresh.length) withFindings++;
    }
  }), { numRuns: 150 });
  assert.ok(withFindings > 200, `${withFindings} edits with binary findings checked`);
});
