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
require('../helpers/fast-check-seed');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { PieceText } = require('../../server/out/core/text/piece-text.js');
const { generate } = require('../../bench/generate.js');

const ROOT = 'file:///ws';
const URI = `${ROOT}/x.bootstrap.yaml`;
// Fresh analyses run on a copy under another root: the core remembers its
// last results per file, and a fresh run of the same URI would replace them.
const FRESH = 'file:///fresh';
const fresh = (uri) => uri.replace(ROOT, FRESH);
const unfresh = (uri) => uri.replace(FRESH, ROOT);

function run(text, cache) {
  const uri = cache ? URI : fresh(URI);
  return analyze([uri], memoryProvider({ [uri]: text }), { roots: [cache ? ROOT : FRESH], cache });
}

/** What a user sees: every diagnostic with its range, text under it, message and fix titles. */
function seen(analysis) {
  const uri = analysis.documents.has(URI) ? URI : fresh(URI);
  const doc = analysis.documents.get(uri);
  return (analysis.diagnostics.get(uri) ?? []).map((d) => [
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
    const reference = run(current);
    assert.deepEqual(seen(incremental), seen(reference));
    assert.equal(planOf(incremental), planOf(reference));
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
  // Edit a comment (no node changes; everything is re-used, ranges move).
  { applies: (l) => /^#/.test(l), apply: (l, at) => `${l} ${at}` },
  // A syntax error, then whatever follows.
  { applies: (l) => /build-depends: \[/.test(l), apply: (l) => l.replace('[', '[[') },
];

const BASE = fs.readFileSync(path.join(__dirname, '../../examples/distro.bootstrap.yaml'), 'utf8');
// Above the schema's per-package threshold (200 packages), so its per-package cache is exercised.
const GENERATED = generate(260, { format: 'yaml', seed: 7 }).text;
// One cluster whose core (173 packages) is over the detail limit: the layered marking, its cycles and fixes.
const CLUSTER = generate(300, { format: 'yaml', seed: 5, shape: 'cluster' }).text;

test('a sequence of edits analysed with the cache matches fresh analyses', () => {
  checkSequence(GENERATED, [
    lineEdit(3, CHANGES[0]), lineEdit(0, CHANGES[1]), lineEdit(5, CHANGES[4]), lineEdit(2, CHANGES[2]),
    lineEdit(4, CHANGES[5]), lineEdit(1, CHANGES[6]), lineEdit(9, CHANGES[4]), lineEdit(8, CHANGES[0]),
  ]);
  checkSequence(BASE, [lineEdit(1, CHANGES[2]), lineEdit(0, CHANGES[4]), lineEdit(2, CHANGES[5]), lineEdit(0, CHANGES[0]), lineEdit(0, CHANGES[8]), lineEdit(1, CHANGES[0])]);
  checkSequence(GENERATED, [lineEdit(0, CHANGES[8]), lineEdit(2, CHANGES[0]), lineEdit(1, CHANGES[8])]);
});

/** The edit from `before` to `after` as one replacement (what a client sends for a keystroke). */
function diff(before, after) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let suffix = 0;
  while (suffix < before.length - start && suffix < after.length - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { start, oldEnd: before.length - suffix, inserted: after.slice(start, after.length - suffix) };
}

test('edits to an open buffer (pieces, as the server holds it) analyse as fresh texts, without joining the buffer inside a package', () => {
  const joinedAfter = [];
  const sequence = (text, edits) => {
    const cache = new Map();
    let buffer = PieceText.of(text);
    run(buffer, cache);
    let current = text;
    for (const edit of edits) {
      const next = edit(current);
      if (next === undefined) continue;
      const { start, oldEnd, inserted } = diff(current, next);
      buffer = buffer.edit(start, oldEnd, inserted);
      current = next;
      const incremental = run(buffer, cache);
      // Before anything here reads the whole text.
      joinedAfter.push(buffer.joined);
      assert.deepEqual(seen(incremental), seen(run(current)));
      assert.equal(planOf(incremental), planOf(run(current)));
    }
  };
  // Dependency edits inside one package, and a description: the analysis reads the changed member only.
  sequence(GENERATED, [lineEdit(3, CHANGES[0]), lineEdit(0, CHANGES[1]), lineEdit(5, CHANGES[4]), lineEdit(2, CHANGES[2]), lineEdit(8, CHANGES[0])]);
  sequence(CLUSTER, [lineEdit(1, CHANGES[0]), lineEdit(0, CHANGES[1]), lineEdit(4, CHANGES[2])]);
  assert.equal(joinedAfter.length, 8);
  assert.deepEqual(joinedAfter, joinedAfter.map(() => false), 'no edit inside a package joined the buffer');
  // Anything else still analyses right (a renamed key, a syntax error: full parses).
  sequence(BASE, [lineEdit(1, CHANGES[5]), lineEdit(0, CHANGES[9]), lineEdit(0, CHANGES[8]), lineEdit(1, CHANGES[0])]);
});

test('the outline, folding, inlay hints, completion, definition and quick fixes in an edited buffer read its pieces, and equal a fresh analysis\'s', () => {
  const { documentSymbols } = require('../../server/out/core/services/symbols.js');
  const { foldingRanges } = require('../../server/out/core/services/folding.js');
  const { inlayHints } = require('../../server/out/core/services/inlay-hints.js');
  const { complete } = require('../../server/out/core/services/completion.js');
  const { definition } = require('../../server/out/core/services/navigation.js');
  const cache = new Map();
  let buffer = PieceText.of(GENERATED);
  run(buffer, cache);
  let current = GENERATED;
  for (const edit of [lineEdit(3, CHANGES[0]), lineEdit(2, CHANGES[4]), lineEdit(1, CHANGES[2])]) {
    const next = edit(current);
    const { start, oldEnd, inserted } = diff(current, next);
    buffer = buffer.edit(start, oldEnd, inserted);
    current = next;
    const analysis = run(buffer, cache);
    // Completion and definition where the edit was, and in a package's name and a flow list elsewhere.
    const where = [start, start + inserted.length, current.indexOf('build-depends: [') + 17, current.indexOf('\n  ') + 3];
    // And the quick fixes of the diagnostics there (a light bulb asks for them after every change).
    const fixesNear = (a, uri) => (a.diagnostics.get(uri) ?? [])
      .filter((d) => d.range.start <= start + inserted.length + 40 && start - 40 <= d.range.end)
      .map((d) => [d.code, (d.fixes ?? []).map((f) => [f.title, f.changes])]);
    const services = (a, uri) => JSON.stringify([
      documentSymbols(a, uri), foldingRanges(a, uri), inlayHints(a, uri, undefined, { tooltips: false }),
      where.map((offset) => [complete(a, uri, offset), definition(a, uri, offset)]),
      fixesNear(a, uri),
    ]);
    const seenOnBuffer = services(analysis, URI);
    assert.equal(buffer.joined, false, 'no service joined the buffer');
    assert.equal(seenOnBuffer, services(run(current), fresh(URI)).replaceAll(FRESH, ROOT));
  }
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

// Several files: the edited one is included by the entry, or is the entry.
const MULTI_DIR = path.join(__dirname, '../../examples/multi');
const MULTI = Object.fromEntries(fs.readdirSync(MULTI_DIR).map((f) => [`${ROOT}/${f}`, fs.readFileSync(path.join(MULTI_DIR, f), 'utf8')]));
const ENV = fs.readFileSync(path.join(__dirname, '../../examples/env/bootstrap.yaml'), 'utf8');

function runFiles(files, cache) {
  const at = cache ? (u) => u : fresh;
  const moved = Object.fromEntries(Object.entries(files).map(([u, t]) => [at(u), t]));
  return analyze(Object.keys(moved), memoryProvider(moved, [at(`${ROOT}/conf/env_packages.txt`), at(`${ROOT}/exe/gen_files.py`)]), { roots: [at(ROOT)], cache });
}

function seenAll(analysis) {
  return [...analysis.diagnostics.keys()].sort().map((uri) => {
    const doc = analysis.documents.get(uri);
    return [unfresh(uri), (analysis.diagnostics.get(uri) ?? []).map((d) => [d.code, d.range.start, d.range.end, doc.text.slice(d.range.start, d.range.end), d.message, (d.related ?? []).map((r) => `${unfresh(r.uri)}:${r.range.start}`).join()])];
  });
}

function checkFileSequence(files, steps) {
  const cache = new Map();
  runFiles(files, cache);
  let current = { ...files };
  for (const [name, edit] of steps) {
    const next = edit(current[`${ROOT}/${name}`]);
    if (next === undefined) continue;
    current = { ...current, [`${ROOT}/${name}`]: next };
    assert.deepEqual(seenAll(runFiles(current, cache)), seenAll(runFiles(current)));
  }
}

const replace = (from, to) => (text) => (text.includes(from) ? text.replace(from, to) : undefined);

test("an earlier analysis's diagnostics keep their ranges when the next version moves the nodes", () => {
  const cache = new Map();
  const first = run(GENERATED, cache);
  const before = seen(first);
  // A comment edit and a package edit near the top move every offset below them.
  run(lineEdit(0, CHANGES[8])(GENERATED), cache);
  run(lineEdit(0, CHANGES[8])(lineEdit(0, CHANGES[0])(GENERATED)), cache);
  assert.deepEqual(seen(first), before);
});

test('forgetting the remembered results makes the next analysis compute everything again', () => {
  const { forgetRememberedResults } = require('../../server/out/core/remembered.js');
  const cache = new Map();
  const first = run(GENERATED, cache).workspaces[0];
  const edited = lineEdit(2, CHANGES[4])(GENERATED);
  forgetRememberedResults();
  const again = run(edited, cache).workspaces[0];
  assert.notEqual(again.graph, first.graph, 'a cold analysis builds its own graph');
  assert.deepEqual(seen(run(edited, cache)), seen(run(edited)));
});

test('edits in included files, duplicated declarations, stages and envs match fresh analyses', () => {
  checkFileSequence(MULTI, [
    ['libs.bootstrap.yaml', replace('build-depends: [gcc]', 'build-depends: [gcc, hello]')],
    ['toolchain.bootstrap.yaml', replace('build-depends-bootstrap1: [binutils]', 'build-depends-bootstrap1: [binutils, zlib]')],
    // A second declaration of glibc, then edits to the first and to the duplicate.
    ['bootstrap.yaml', replace('  hello:\n', '  glibc:\n    build-depends: [zlib]\n  hello:\n')],
    ['libs.bootstrap.yaml', replace('  glibc:\n    build-depends: [gcc]', '  glibc:\n    build-depends: [gcc, binutils]')],
    ['bootstrap.yaml', replace('  glibc:\n    build-depends: [zlib]', '  glibc:\n    build-depends: [zlibx]')],
    ['bootstrap.yaml', replace('build-depends: [gcc, zlib]', 'build-depends: [gcc, zlib, nosuch]')],
    // The duplicate's key quoted: the same name, a new key range.
    ['libs.bootstrap.yaml', replace('  glibc:\n    build-depends: [gcc, binutils]', "  'glibc':\n    build-depends: [gcc, binutils]")],
    ['toolchain.bootstrap.yaml', replace('  binutils: {}', '  binutils: {description: x}')],
  ]);
  checkFileSequence({ [`${ROOT}/bootstrap.yaml`]: ENV }, [
    ['bootstrap.yaml', replace('installs: [pyyaml, jsonschema]', 'installs: [pyyaml, jsonschemax]')],
    ['bootstrap.yaml', replace('interpreter: env:main', 'interpreter: env:mian')],
    ['bootstrap.yaml', replace('python: "3.11"', 'python: "3.12"')],
    ['bootstrap.yaml', replace('manager: venv', 'manager: conda')],
    ['bootstrap.yaml', replace('handoff: exec', 'handoff: sideways')],
    ['bootstrap.yaml', replace('imports: [pyyaml]', 'imports: [pyyaml, jsonschemax]')],
  ]);
});

test('random edit sequences with the cache always match fresh analyses', () => {
  fc.assert(fc.property(
    fc.constantFrom(BASE, GENERATED),
    fc.array(fc.tuple(fc.nat(CHANGES.length - 1), fc.nat(1000)), { minLength: 1, maxLength: 6 }),
    (text, steps) => checkSequence(text, steps.map(([c, at]) => lineEdit(at, CHANGES[c]))),
  ), { numRuns: 25 });
});

test('random edit sequences in a giant cluster (its core summarised) with the cache always match fresh analyses', () => {
  assert.ok(seen(run(CLUSTER)).some(([code]) => code === 'build-cycle-cluster'), 'the document has a summarised cluster');
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 3, 6, 7), fc.nat(1000)), { minLength: 1, maxLength: 3 }),
    (steps) => checkSequence(CLUSTER, steps.map(([c, at]) => lineEdit(at, CHANGES[c]))),
  ), { numRuns: 5 });
});

test('random edit sequences in a giant cluster analysed as a stream (marks carried over) differ from fresh analyses only in which packages carry the marks', () => {
  const { AnalysisReuse } = require('../../server/out/core/analysis.js');
  const stream = (text, reuse, cache) => analyze([URI], memoryProvider({ [URI]: text }), { roots: [ROOT], cache, reuse });
  // The marks themselves: which packages carry build-cycle errors may differ; all else may not.
  const marksAside = (analysis) => seen(analysis).filter(([code]) => code !== 'build-cycle' && code !== 'build-cycle-cluster');
  const cluster = (analysis) => (analysis.diagnostics.get(analysis.documents.has(URI) ? URI : fresh(URI)) ?? []).find((d) => d.code === 'build-cycle-cluster')?.data;
  let carriedOver = 0;
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 3, 6, 7), fc.nat(1000)), { minLength: 1, maxLength: 3 }),
    (steps) => {
      const reuse = new AnalysisReuse();
      const cache = new Map();
      let current = CLUSTER;
      const first = stream(current, reuse, cache);
      let marks = first.workspaces[0].cycles.unbroken.flatMap((c) => c.summaries.flatMap((s) => s.chosen));
      for (const edit of steps.map(([c, at]) => lineEdit(at, CHANGES[c]))) {
        const next = edit(current);
        if (next === undefined) continue;
        current = next;
        const carried = stream(current, reuse, cache);
        const reference = run(current);
        assert.deepEqual(marksAside(carried), marksAside(reference));
        assert.equal(planOf(carried), planOf(reference));
        const a = cluster(carried);
        const b = cluster(reference);
        assert.equal(a?.size, b?.size);
        // The bound may come from the packing carried over: still at most any marking's size.
        if (a) assert.ok(a.lowerBound <= Math.min(a.marked, b.marked), `lower bound ${a.lowerBound} ≤ ${a.marked}, ${b.marked}`);
        const now = carried.workspaces[0].cycles.unbroken.flatMap((c) => c.summaries.flatMap((s) => s.chosen));
        // Marks that still hold come first, in their order.
        const still = marks.filter((m) => now.includes(m));
        if (still.length && now.slice(0, still.length).join() === still.join()) carriedOver++;
        marks = now;
      }
    },
  ), { numRuns: 5 });
  assert.ok(carriedOver > 0, 'some marks were carried over');
});
