'use strict';
// An analysis that re-uses the previous one (the parse cache, and the
// per-node declarations, specs, references, schema results and graph facts
// kept from it) must give exactly what a fresh analysis of the same text
// gives, over any sequence of edits.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { generate } = require('../../bench/generate.js');

const ROOT = 'file:///ws';
const URI = `${ROOT}/x.bootstrap.yaml`;

function run(text, cache) {
  return analyze([URI], memoryProvider({ [URI]: text }), { roots: [ROOT], cache });
}

/** What a user sees: every diagnostic with its range, text under it, message and fix titles. */
function seen(analysis) {
  const doc = analysis.documents.get(URI);
  return (analysis.diagnostics.get(URI) ?? []).map((d) => [
    d.code, d.severity, d.range.start, d.range.end, doc.text.slice(d.range.start, d.range.end), d.message,
    (d.fixes ?? []).map((f) => f.title).join(' | '),
  ]);
}

function planOf(analysis) {
  const w = analysis.workspaces[0];
  return w ? JSON.stringify({ waves: w.plan.waves, stuck: w.plan.stuck, unused: w.plan.unusedStages }) : '';
}

/** Applies the edits in turn with one cache, comparing each result with a fresh analysis. */
function checkSequence(text, edits) {
  const cache = new Map();
  run(text, cache);
  let current = text;
  for (const edit of edits) {
    const next = edit(current);
    if (next === undefined) continue;
    current = next;
    const incremental = run(current, cache);
    const fresh = run(current);
    assert.deepEqual(seen(incremental), seen(fresh));
    assert.equal(planOf(incremental), planOf(fresh));
  }
}

// Edits a person makes while working on a file, each on a line chosen by `at`.
function lineEdit(at, change) {
  return (text) => {
    const lines = text.split('\n');
    const candidates = lines.map((l, i) => [l, i]).filter(([l]) => change.applies(l));
    if (!candidates.length) return undefined;
    const [line, i] = candidates[at % candidates.length];
    lines[i] = change.apply(line, at);
    return lines.join('\n');
  };
}

const CHANGES = [
  // Break or restore a dependency name (an unknown package, a cycle gone).
  { applies: (l) => /build-depends: \[[a-z]/.test(l), apply: (l) => l.replace(/\[([a-z])/, '[_$1') },
  { applies: (l) => /build-depends: \[_/.test(l), apply: (l) => l.replace('[_', '[') },
  // Add a dependency (may close a cycle).
  { applies: (l) => /build-depends: \[.+\]/.test(l), apply: (l, at) => l.replace(']', at % 2 ? ', gcc]' : ', perl]') },
  // Drop the first dependency of a block list item.
  { applies: (l) => /^ {6}- [a-z]/.test(l), apply: (l) => l.replace(/- [a-z0-9-]+/, '- m4') },
  // Edit a description (no dependency changes: the graph facts are re-used).
  { applies: (l) => /description:/.test(l), apply: (l, at) => `${l} édité ${at} 😀` },
  // Rename a package key (names change: suggestions and unknown references redone).
  { applies: (l) => /^ {2}[a-z][a-z0-9-]*:\s*$/.test(l), apply: (l) => l.replace(/^ {2}([a-z])/, '  z$1') },
  // Turn a bootstrap set into nothing special, or make a package prebuilt.
  { applies: (l) => /build-depends-bootstrap1:/.test(l), apply: (l) => l.replace('bootstrap1', 'bootstrap2') },
  { applies: (l) => /description:/.test(l), apply: (l) => `${l}\n    prebuilt: true` },
  // A syntax error, then whatever follows.
  { applies: (l) => /build-depends: \[/.test(l), apply: (l) => l.replace('[', '[[') },
];

const BASE = fs.readFileSync(path.join(__dirname, '../../examples/distro.bootstrap.yaml'), 'utf8');
// Above the schema's per-package threshold (200 packages), so its per-package cache is exercised.
const GENERATED = generate(260, { format: 'yaml', seed: 7 }).text;

test('a sequence of edits analysed with the cache matches fresh analyses', () => {
  checkSequence(GENERATED, [
    lineEdit(3, CHANGES[0]), lineEdit(0, CHANGES[1]), lineEdit(5, CHANGES[4]), lineEdit(2, CHANGES[2]),
    lineEdit(4, CHANGES[5]), lineEdit(1, CHANGES[6]), lineEdit(9, CHANGES[4]), lineEdit(8, CHANGES[0]),
  ]);
  checkSequence(BASE, [lineEdit(1, CHANGES[2]), lineEdit(0, CHANGES[4]), lineEdit(2, CHANGES[5]), lineEdit(0, CHANGES[0])]);
});

test('an edit that changes no dependency re-uses the graph facts; one that does, does not', () => {
  const cache = new Map();
  const first = run(GENERATED, cache).workspaces[0];
  const described = run(lineEdit(1, CHANGES[4])(GENERATED), cache).workspaces[0];
  assert.equal(described.graph, first.graph, 'a description edit keeps the graph');
  assert.equal(described.plan, first.plan);
  const broken = run(lineEdit(1, CHANGES[0])(GENERATED), cache).workspaces[0];
  assert.notEqual(broken.graph, first.graph, 'a dependency edit builds a new graph');
});

test('random edit sequences with the cache always match fresh analyses', () => {
  fc.assert(fc.property(
    fc.constantFrom(BASE, GENERATED),
    fc.array(fc.tuple(fc.nat(CHANGES.length - 1), fc.nat(1000)), { minLength: 1, maxLength: 6 }),
    (text, steps) => checkSequence(text, steps.map(([c, at]) => lineEdit(at, CHANGES[c]))),
  ), { numRuns: 25 });
});
