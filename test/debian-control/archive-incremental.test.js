'use strict';
// The archive context answers an edit of debian/control incrementally (the
// source placed in the archive's graph without rebuilding it, results kept
// per dependency lists): over random sequences of edits to the Build-Depends
// of real control files (fast-check, on the fixture archive), every answer —
// diagnostics with their fixes, hover on Source, and the facts behind them
// (availability, the clusters, the stage builds) — equals the one computed
// from scratch (the graph rebuilt with the edited source, the bootstrap phase
// run on all of it).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { analyzeControl, readControl } = require('../../server/out/core/debian-control');
const { ControlArchive } = require('../../server/out/core/debian-control/archive-context');

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const sourcesText = fs.readFileSync(path.join(FIXTURES, 'debian', 'Sources'), 'utf8');
const packagesText = fs.readFileSync(path.join(FIXTURES, 'debian', 'Packages'), 'utf8');
const incremental = new ControlArchive({ sourcesText, packagesText }).prepare();
const reference = new ControlArchive({ sourcesText, packagesText, fromScratch: true });

const CONTROLS = ['m4', 'gcc-12', 'glibc', 'perl', 'binutils', 'flex', 'gnumach', 'x264'].map((name) => ({
  name,
  text: fs.readFileSync(path.join(FIXTURES, 'debian-control', name, 'debian', 'control'), 'utf8'),
}));
// Binaries around the toolchain's cycles, a few installable ones (the fixture builds them), one the archive lacks, and any binary of the index (by number).
const NAMES = ['debhelper', 'debhelper-compat (= 13)', 'texinfo', 'libc6-dev', 'gcc-12', 'perl', 'gawk', 'bison', 'm4', 'libsigsegv-dev', 'autoconf', 'automake', 'libtool', 'gettext', 'dh-autoreconf', 'python3', 'zlib1g-dev', 'autotools-dev', 'dctrl-tools', 'autoconf-archive', 'bash-completion', 'no-such-binary'];
const ALL = [...incremental.packageNames()];
const FORMULAS = ['', ' <!stage1>', ' <stage1>', ' <!stage2>', ' <!nocheck>', ' <!stage1 !nocheck>', ' <!stage1> <cross>', ' [amd64]', ' [!amd64]'];

const name = fc.oneof(fc.constantFrom(...NAMES), fc.nat(ALL.length - 1).map((i) => ALL[i]));
const edit = fc.oneof(
  fc.record({ op: fc.constant('add'), name, formula: fc.constantFrom(...FORMULAS), at: fc.nat() }),
  fc.record({ op: fc.constant('remove'), at: fc.nat() }),
  fc.record({ op: fc.constant('formula'), formula: fc.constantFrom(...FORMULAS), at: fc.nat() }),
  fc.record({ op: fc.constant('alternative'), name, at: fc.nat() }),
  fc.record({ op: fc.constant('undo') }),
  // A short list of its own (the source then often builds fully, with or without its stage sets).
  fc.record({ op: fc.constant('replace'), entries: fc.array(fc.tuple(name, fc.constantFrom(...FORMULAS)).map(([n, f]) => n + f), { minLength: 1, maxLength: 4 }) }),
  { arbitrary: fc.record({ op: fc.constant('fix'), at: fc.nat(), preferred: fc.boolean() }), weight: 3 },
  fc.record({ op: fc.constant('rename'), to: fc.constantFrom('m4', 'flex', 'a-source-the-archive-lacks') }),
);

/** The control with its first Build-Depends line replaced by `entries`, and its Source by `source`. */
function write(text, source, entries) {
  return text
    .replace(/^Source: .*$/m, `Source: ${source}`)
    .replace(/^Build-Depends: .*$/m, `Build-Depends: ${entries.join(', ')}`);
}

function apply(state, e) {
  const entries = state.entries.slice();
  const at = entries.length ? e.at % entries.length : 0;
  switch (e.op) {
    case 'add':
      entries.splice(at, 0, e.name + e.formula);
      break;
    case 'remove':
      if (entries.length > 1) entries.splice(at, 1);
      break;
    case 'formula':
      if (entries.length) entries[at] = entries[at].replace(/ (<[^>]*> ?|\[[^\]]*\] ?)+$/, '') + e.formula;
      break;
    case 'alternative':
      if (entries.length) entries[at] = `${e.name} | ${entries[at]}`;
      break;
    case 'replace':
      return { ...state, entries: e.entries, previous: state };
    case 'undo':
      return state.previous ?? state;
    case 'rename':
      return { ...state, source: e.to, previous: state };
    case 'fix': {
      // A quick fix of a cycle error, as the editor applies it.
      const text = write(state.text, state.source, entries);
      const errors = analyzeControl('file:///x/debian/control', text, { archive: incremental }).diagnostics.filter((d) => d.code === 'debian-build-cycle');
      const fixes = errors.length ? errors[e.at % errors.length].fixes : [];
      const fix = fixes.find((f) => f.isPreferred === e.preferred) ?? fixes[0];
      if (!fix) return state;
      let next = text;
      for (const ed of [...fix.changes[0].edits].sort((a, b) => b.range.start - a.range.start)) next = next.slice(0, ed.range.start) + ed.newText + next.slice(ed.range.end);
      return { ...state, entries: /^Build-Depends: (.*)$/m.exec(next)[1].split(', '), previous: state };
    }
  }
  return { ...state, entries, previous: state };
}

function answers(archive, uri, text) {
  const model = readControl(text);
  return {
    diagnostics: analyzeControl(uri, text, { archive }).diagnostics,
    hover: archive.sourceHover(model),
    facts: archive.placementFacts(model),
  };
}

test('incremental answers equal the from-scratch ones over random Build-Depends edits', { timeout: 600_000 }, () => {
  let edits = 0;
  let cycles = 0;
  let broken = 0;
  fc.assert(
    fc.property(fc.nat(CONTROLS.length - 1), fc.array(edit, { minLength: 1, maxLength: 8 }), (c, sequence) => {
      const { name: source, text } = CONTROLS[c];
      const uri = `file:///src/${source}/debian/control`;
      let state = { text, source, entries: /^Build-Depends: (.*)$/m.exec(text)[1].split(', ') };
      for (const e of sequence) {
        state = apply(state, e);
        const now = write(text, state.source, state.entries);
        const got = answers(incremental, uri, now);
        assert.deepEqual(got, answers(reference, uri, now), `${source} after ${JSON.stringify(sequence)}:\n${now}`);
        edits++;
        if (got.diagnostics.some((d) => d.code === 'debian-build-cycle')) cycles++;
        if (got.diagnostics.some((d) => d.code === 'debian-build-cycle-broken')) broken++;
      }
    }),
    { numRuns: 40 },
  );
  // The sequences went through both kinds of answer, not only trivial ones.
  assert.ok(cycles > edits / 10 && broken > 0, `${edits} edits: ${cycles} with cycle errors, ${broken} with broken cycles`);
});

test('the <!stage1> quick fix and its undo, and a dependency added and removed: the same answers, the second time from memory', () => {
  const m4 = CONTROLS[0].text;
  const uri = 'file:///src/m4/debian/control';
  const first = analyzeControl(uri, m4, { archive: incremental }).diagnostics.filter((d) => d.code === 'debian-build-cycle');
  assert.equal(first.length, 3);
  let fixed = m4;
  for (const ed of [...first[0].fixes[0].changes[0].edits].sort((a, b) => b.range.start - a.range.start)) fixed = fixed.slice(0, ed.range.start) + ed.newText + fixed.slice(ed.range.end);
  const added = m4.replace(/^(Build-Depends: .*)$/m, '$1, gawk');
  for (const text of [fixed, m4, added, m4, fixed, added]) {
    assert.deepEqual(answers(incremental, uri, text), answers(reference, uri, text));
  }
  const afterFix = analyzeControl(uri, fixed, { archive: incremental }).diagnostics;
  assert.deepEqual(afterFix.filter((d) => d.severity === 'error'), []);
  assert.equal(afterFix.filter((d) => d.code === 'debian-build-cycle-broken').length, 3);
});

test('each of the first entries of every fixture control dropped from stage1 builds: the same answers', () => {
  // Sources the archive builds fully (binutils, gcc-12, glibc, perl) then also have a usable stage1 set: not a stage build.
  let stageSets = 0;
  for (const { name: source, text } of CONTROLS) {
    const uri = `file:///src/${source}/debian/control`;
    const entries = /^Build-Depends: (.*)$/m.exec(text)[1].split(', ');
    for (let i = 0; i < Math.min(entries.length, 8); i++) {
      const next = entries.slice();
      next[i] = next[i].replace(/ <[^>]*>$/, '') + ' <!stage1>';
      const now = write(text, source, next);
      const got = answers(incremental, uri, now);
      assert.deepEqual(got, answers(reference, uri, now), `${source}, entry ${i}:\n${now}`);
      if (!got.facts.unavailable.includes(source)) stageSets++;
    }
  }
  assert.ok(stageSets > 10);
  // A source that builds fully also has a usable stage1 set: still a full build, no stage build.
  const m4 = write(CONTROLS[0].text, 'm4', ['autotools-dev', 'dctrl-tools <!stage1>']);
  const got = answers(incremental, 'file:///src/m4/debian/control', m4);
  assert.deepEqual(got, answers(reference, 'file:///src/m4/debian/control', m4));
  assert.deepEqual([got.facts.unavailable.includes('m4'), got.facts.stageBuilt], [false, []]);
  assert.match(got.hover, /Built fully in wave/);
});
