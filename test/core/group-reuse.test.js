'use strict';
// Include groups analysed once (core/workspace/group-reuse.ts): with an
// AnalysisReuse passed from one analysis to the next, an edit re-analyses only
// the include groups that read what changed (a file's text, whether an
// included file or a `run` script exists, the options); the others are taken
// over whole — the same WorkspaceAnalysis and the same diagnostic lists — and
// everything equals a fresh analysis of the same files.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { analyze, AnalysisReuse } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');

const ROOT = 'file:///ws';
const FRESH = 'file:///fresh';
const NAMES = ['a.bootstrap.yaml', 'b.bootstrap.yaml', 'c.bootstrap.yaml', 'd.bootstrap.yaml'];

/** The files of a workspace state: a and b alone, c including d (when `include`), b's stage running a script that may exist. */
function filesOf(s) {
  return {
    'a.bootstrap.yaml': `version: 1\npackages:\n  a1: {build-depends: [a2], description: "${s.descA}"}\n  a2: {build-depends: [${s.cycleA ? 'a1' : ''}]}\n`,
    'b.bootstrap.yaml': `version: 1\nstages:\n  gen:\n    interpreter: host\n    run: "gen.py"\npackages:\n  b1: {build-depends: [b2${s.unknownB ? ', nosuch' : ''}]}\n  b2: {build-depends: [b1]}\n`,
    'c.bootstrap.yaml': `version: 1\n${s.include ? 'include: [d.bootstrap.yaml]\n' : ''}packages:\n  c1: {build-depends: [d1]}\n`,
    'd.bootstrap.yaml': `version: 1\npackages:\n  d1: {build-depends: [${s.cycleD ? 'c1' : ''}]}\n  d2: {description: "${s.descD}"}\n`,
  };
}

function provider(root, s) {
  const files = Object.fromEntries(Object.entries(filesOf(s)).map(([name, text]) => [`${root}/${name}`, text]));
  return memoryProvider(files, s.script ? [`${root}/gen.py`] : []);
}

function run(root, s, extra = {}) {
  const uris = NAMES.map((n) => `${root}/${n}`);
  return analyze(uris, provider(root, s), { roots: [root], ...extra });
}

/** What a user sees per file: code, severity, range, message, fix titles. */
function seen(analysis, root) {
  const out = {};
  for (const name of NAMES) {
    out[name] = (analysis.diagnostics.get(`${root}/${name}`) ?? []).map((d) => [d.code, d.severity, d.range.start, d.range.end, d.message.replaceAll(root, '<root>'), (d.fixes ?? []).map((f) => f.title).join(' | ')]);
  }
  return out;
}

const START = { descA: 'x', cycleA: false, unknownB: false, include: true, cycleD: false, descD: 'y', script: false };

test('an edit in one file re-analyses its include group only; the others keep their analysis and their diagnostic lists', () => {
  const reuse = new AnalysisReuse();
  const first = run(ROOT, START, { reuse });
  assert.deepEqual([...reuse.lastRun.analysed].sort(), [`${ROOT}/a.bootstrap.yaml`, `${ROOT}/b.bootstrap.yaml`, `${ROOT}/c.bootstrap.yaml`]);
  assert.equal(first.workspaces.length, 3, 'a, b, and c with d');

  const second = run(ROOT, { ...START, cycleA: true }, { reuse });
  assert.deepEqual(reuse.lastRun.analysed, [`${ROOT}/a.bootstrap.yaml`]);
  assert.deepEqual([...reuse.lastRun.reused].sort(), [`${ROOT}/b.bootstrap.yaml`, `${ROOT}/c.bootstrap.yaml`]);
  const group = (a, name) => a.workspaceOf(`${ROOT}/${name}`);
  assert.notEqual(group(second, 'a.bootstrap.yaml'), group(first, 'a.bootstrap.yaml'));
  for (const name of ['b.bootstrap.yaml', 'c.bootstrap.yaml', 'd.bootstrap.yaml']) {
    assert.equal(group(second, name), group(first, name), `${name}: the same analysis, taken over`);
    assert.equal(second.diagnostics.get(`${ROOT}/${name}`), first.diagnostics.get(`${ROOT}/${name}`), `${name}: the same diagnostic list`);
  }
  assert.ok(second.diagnostics.get(`${ROOT}/a.bootstrap.yaml`).some((d) => d.code === 'build-cycle'), 'the new cycle in a is reported');
  assert.ok(second.diagnostics.get(`${ROOT}/b.bootstrap.yaml`).some((d) => d.code === 'build-cycle'), "b's cycle is still reported");

  // An edit in the included file re-analyses the group that includes it.
  run(ROOT, { ...START, cycleA: true, cycleD: true }, { reuse });
  assert.deepEqual(reuse.lastRun.analysed, [`${ROOT}/c.bootstrap.yaml`]);

  // The script b's stage runs appears on disk: b's group asked whether it exists, so it is analysed again.
  const withScript = run(ROOT, { ...START, cycleA: true, cycleD: true, script: true }, { reuse });
  assert.deepEqual(reuse.lastRun.analysed, [`${ROOT}/b.bootstrap.yaml`]);
  assert.equal(withScript.diagnostics.get(`${ROOT}/b.bootstrap.yaml`).some((d) => d.code === 'missing-file'), false);

  // Other options (a severity): every group again.
  run(ROOT, { ...START, cycleA: true, cycleD: true, script: true }, { reuse, severity: { 'build-cycle': 'warning' } });
  assert.equal(reuse.lastRun.analysed.length, 3);
  assert.equal(reuse.lastRun.reused.length, 0);

  // Nothing changed: nothing analysed.
  run(ROOT, { ...START, cycleA: true, cycleD: true, script: true }, { reuse, severity: { 'build-cycle': 'warning' } });
  assert.deepEqual(reuse.lastRun.analysed, []);
});

test('random edit sequences: taking groups over gives what a fresh analysis gives', () => {
  const edit = fc.oneof(
    fc.record({ key: fc.constantFrom('cycleA', 'unknownB', 'include', 'cycleD', 'script'), value: fc.boolean() }),
    fc.record({ key: fc.constantFrom('descA', 'descD'), value: fc.constantFrom('x', 'y', 'z') }),
  );
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
    const reuse = new AnalysisReuse();
    let state = { ...START };
    let last = run(ROOT, state, { reuse });
    for (const e of edits) {
      const next = { ...state, [e.key]: e.value };
      const analysis = run(ROOT, next, { reuse });
      const fresh = run(FRESH, next);
      assert.deepEqual(seen(analysis, ROOT), seen(fresh, FRESH));
      // A group is taken over exactly when none of its files' texts (nor the script it asks for) changed.
      const before = filesOf(state);
      const after = filesOf(next);
      const changed = (name) => before[name] !== after[name];
      const expectAnalysed = [];
      if (changed('a.bootstrap.yaml')) expectAnalysed.push(`${ROOT}/a.bootstrap.yaml`);
      if (changed('b.bootstrap.yaml') || state.script !== next.script) expectAnalysed.push(`${ROOT}/b.bootstrap.yaml`);
      // d is its own group while c does not include it.
      const cGroup = changed('c.bootstrap.yaml') || ((state.include || next.include) && changed('d.bootstrap.yaml'));
      if (cGroup) expectAnalysed.push(`${ROOT}/c.bootstrap.yaml`);
      if (!next.include && (changed('d.bootstrap.yaml') || state.include)) expectAnalysed.push(`${ROOT}/d.bootstrap.yaml`);
      assert.deepEqual([...reuse.lastRun.analysed].sort(), expectAnalysed.sort(), JSON.stringify({ state, next }));
      for (const name of NAMES) {
        const uri = `${ROOT}/${name}`;
        const same = !reuse.lastRun.analysed.includes(analysis.workspaceOf(uri).workspace.entry);
        if (same && last.workspaceOf(uri)) assert.equal(analysis.diagnostics.get(uri), last.diagnostics.get(uri), `${name}: the same list when its group was taken over`);
      }
      state = next;
      last = analysis;
    }
  }), { numRuns: 60 });
});
