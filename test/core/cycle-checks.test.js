'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf, ROOT } = require('../helpers/analyze');
const { applyEdits } = require('../../server/out/core/edits/index.js');
const { fixAll } = require('../../server/out/core/fixes/fix-all.js');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');

const LOOP = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc, binutils]\n  glibc:\n    build-depends: [gcc]\n  binutils: {}\n';

test('an unbroken cycle is an error on each entry of the shortest cycle, naming the path', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': LOOP });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['build-cycle', 'glibc'], ['build-cycle', 'gcc']]);
  const [first] = diagnosticsOf(a, 'bootstrap.yaml');
  assert.equal(first.message, 'build-dependency cycle: gcc → glibc → gcc; no build-depends-bootstrapN breaks it');
  assert.equal(first.severity, 'error');
});

test('the preferred quick fix inserts build-depends-bootstrap1 and the cycle becomes information', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': LOOP });
  const [d] = diagnosticsOf(a, 'bootstrap.yaml');
  const titles = d.fixes.map((f) => f.title).sort();
  assert.deepEqual(titles, ['Build gcc in bootstrap stage 1 without glibc', 'Build glibc in bootstrap stage 1 without gcc']);
  const preferred = d.fixes.filter((f) => f.isPreferred);
  assert.equal(preferred.length, 1);
  assert.equal(preferred[0].title, 'Build gcc in bootstrap stage 1 without glibc');
  const gccFix = d.fixes.find((f) => f.title.startsWith('Build gcc'));
  const fixed = applyEdits(LOOP, gccFix.changes[0].edits);
  assert.equal(fixed, LOOP.replace('build-depends: [glibc, binutils]\n', 'build-depends: [glibc, binutils]\n    build-depends-bootstrap1: [binutils]\n'));
  const after = analyzeFiles({ 'bootstrap.yaml': fixed });
  assert.deepEqual(shown(after, 'bootstrap.yaml'), [['build-cycle-broken', 'glibc']]);
  assert.match(diagnosticsOf(after, 'bootstrap.yaml')[0].message, /gcc → glibc → gcc is broken by gcc's build-depends-bootstrap1/);
});

test('a self-loop is a cycle; prebuilt breaks it', () => {
  const self = 'version: 1\npackages:\n  rustc: { build-depends: [rustc] }\n';
  assert.deepEqual(shown(analyzeFiles({ 'bootstrap.yaml': self }), 'bootstrap.yaml'), [['build-cycle', 'rustc']]);
  const seeded = 'version: 1\npackages:\n  rustc: { build-depends: [rustc], prebuilt: true }\n';
  const a = analyzeFiles({ 'bootstrap.yaml': seeded });
  assert.deepEqual(diagnosticsOf(a, 'bootstrap.yaml').map((d) => d.code), ['build-cycle-broken']);
  assert.match(diagnosticsOf(a, 'bootstrap.yaml')[0].message, /rustc \(prebuilt\)/);
});

test('a cycle through runtime depends is found on the build-depends entry that brings it', () => {
  const text = 'version: 1\npackages:\n  app: { build-depends: [libfoo] }\n  libfoo: { depends: [libbar] }\n  libbar: { build-depends: [app] }\n';
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  const cycles = diagnosticsOf(a, 'bootstrap.yaml', 'build-cycle');
  assert.deepEqual(cycles.map((d) => text.slice(d.range.start, d.range.end)), ['libfoo', 'app']);
  assert.match(cycles[0].message, /app → libbar → app \(libbar comes with libfoo's runtime dependencies\)/);
});

test('a cycle across included files is found, and its fix edits the declaring file', () => {
  const a = analyzeFiles({
    'bootstrap.yaml': 'version: 1\ninclude: [libs.bootstrap.yaml]\npackages:\n  gcc: { build-depends: [glibc] }\n',
    'libs.bootstrap.yaml': 'version: 1\npackages:\n  glibc: { build-depends: [gcc] }\n',
  });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['build-cycle', 'glibc']]);
  assert.deepEqual(shown(a, 'libs.bootstrap.yaml'), [['build-cycle', 'gcc']]);
  const d = diagnosticsOf(a, 'bootstrap.yaml')[0];
  const glibcFix = d.fixes.find((f) => f.title.startsWith('Build glibc'));
  assert.equal(glibcFix.changes[0].uri, `${ROOT}/libs.bootstrap.yaml`);
});

test('bootstrap declarations: drops nothing, adds a package, never used', () => {
  const text = [
    'version: 1',
    'packages:',
    '  a:',
    '    build-depends: [b]',
    '    build-depends-bootstrap1: [b]',
    '  b:',
    '    build-depends: [c]',
    '    build-depends-bootstrap1: [d]',
    '  c: {}',
    '  d: {}',
    '',
  ].join('\n');
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['bootstrap-set-drops-nothing', 'build-depends-bootstrap1'],
    ['bootstrap-set-unused', 'build-depends-bootstrap1'],
    ['bootstrap-set-adds', 'd'],
  ]);
  const unused = diagnosticsOf(a, 'bootstrap.yaml', 'bootstrap-set-unused')[0];
  assert.equal(unused.severity, 'hint');
  assert.deepEqual(unused.tags, ['unnecessary']);
});

test('fix-all makes every cycle resolvable with minimal edits', () => {
  const text = LOOP + '  cmake: { build-depends: [curl] }\n  curl: { build-depends: [cmake] }\n';
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  const fix = fixAll(a, `${ROOT}/bootstrap.yaml`);
  assert.equal(fix.kind, 'source.fixAll');
  const fixed = applyEdits(text, fix.changes[0].edits);
  const after = analyzeFiles({ 'bootstrap.yaml': fixed });
  assert.deepEqual(diagnosticsOf(after, 'bootstrap.yaml', 'build-cycle'), []);
  assert.deepEqual(diagnosticsOf(after, 'bootstrap.yaml').filter((d) => d.severity === 'error'), []);
  // Only bootstrap sets were added: every declared list is unchanged, and only two sets exist.
  const before = parseDocument('file:///a.yaml', text).value.packages;
  const now = parseDocument('file:///a.yaml', fixed).value.packages;
  let added = 0;
  for (const [name, pkg] of Object.entries(now)) {
    for (const [key, value] of Object.entries(pkg)) {
      if (key.startsWith('build-depends-bootstrap')) added++;
      else assert.deepEqual(value, before[name][key]);
    }
  }
  assert.equal(added, 2);
  assert.ok(fixed.includes('  cmake: { build-depends: [curl], build-depends-bootstrap1: [] }\n'));
});

/** Apply a Fix to in-memory files (by name), as an editor applies a WorkspaceEdit. */
function applyFix(files, fix) {
  const out = { ...files };
  for (const change of fix.changes) {
    const name = change.uri.slice(ROOT.length + 1);
    out[name] = applyEdits(out[name], change.edits);
  }
  return out;
}

const cycleErrors = (a) => Object.fromEntries([...a.diagnostics].map(([uri, list]) => [uri.slice(ROOT.length + 1), list.filter((d) => d.code === 'build-cycle').length]));

test('fix-all in a file two include groups share breaks the cycles of both, which its errors come from', () => {
  // b is in the cycle a → b → a through one.bootstrap.yaml's group, and c → b → c through two's.
  const files = {
    'one.bootstrap.yaml': 'version: 1\ninclude: [shared.bootstrap.yaml]\npackages:\n  a: { build-depends: [b] }\n',
    'two.bootstrap.yaml': 'version: 1\ninclude: [shared.bootstrap.yaml]\npackages:\n  c: { build-depends: [b] }\n',
    'shared.bootstrap.yaml': 'version: 1\npackages:\n  b: { build-depends: [a, c] }\n',
  };
  const before = analyzeFiles(files);
  assert.deepEqual(cycleErrors(before), { 'one.bootstrap.yaml': 1, 'shared.bootstrap.yaml': 2, 'two.bootstrap.yaml': 1 });
  const fix = fixAll(before, `${ROOT}/shared.bootstrap.yaml`);
  assert.equal(fix.kind, 'source.fixAll');
  const after = analyzeFiles(applyFix(files, fix));
  assert.deepEqual(cycleErrors(after), { 'one.bootstrap.yaml': 0, 'shared.bootstrap.yaml': 0, 'two.bootstrap.yaml': 0 });
  // The file still parses and holds only the annotations: no duplicate key, no syntax error.
  assert.deepEqual([...after.diagnostics.values()].flat().filter((d) => d.code === 'syntax' || d.code === 'duplicate-key'), []);
});

test("fix-all over two include groups that annotate one package differently: the first group's annotation, a parsing file, and the next fix-all finishes", () => {
  // Each group breaks its cycles best at b, with a different set: both cannot apply at once.
  const files = {
    'one.bootstrap.yaml': 'version: 1\ninclude: [shared.bootstrap.yaml]\npackages:\n  a: { build-depends: [b] }\n  a2: { build-depends: [b] }\n',
    'two.bootstrap.yaml': 'version: 1\ninclude: [shared.bootstrap.yaml]\npackages:\n  c: { build-depends: [b] }\n  c2: { build-depends: [b] }\n',
    'shared.bootstrap.yaml': 'version: 1\npackages:\n  b: { build-depends: [a, a2, c, c2] }\n',
  };
  const shared = `${ROOT}/shared.bootstrap.yaml`;
  const once = applyFix(files, fixAll(analyzeFiles(files), shared));
  const middle = analyzeFiles(once);
  assert.deepEqual([...middle.diagnostics.values()].flat().filter((d) => d.code === 'syntax' || d.code === 'duplicate-key'), []);
  assert.equal(cycleErrors(middle)['one.bootstrap.yaml'], 0);
  const twice = analyzeFiles(applyFix(once, fixAll(middle, shared)));
  assert.deepEqual(cycleErrors(twice), { 'one.bootstrap.yaml': 0, 'shared.bootstrap.yaml': 0, 'two.bootstrap.yaml': 0 });
});

test('YAML and JSONC copies of the same content give the same diagnostics', () => {
  const yaml = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc, binutils, nope]\n  glibc:\n    build-depends: [gcc]\n  binutils: { build-depends-bootstrap1: [] }\n';
  const json = '{\n  // same content\n  "version": 1,\n  "packages": {\n    "gcc": {"build-depends": ["glibc", "binutils", "nope"]},\n    "glibc": {"build-depends": ["gcc"]},\n    "binutils": {"build-depends-bootstrap1": []}\n  }\n}\n';
  const a = analyzeFiles({ 'a.bootstrap.yaml': yaml, 'b.bootstrap.jsonc': json });
  const strip = (list) => list.map((d) => [d.code, d.severity, d.message]);
  const y = strip(diagnosticsOf(a, 'a.bootstrap.yaml'));
  assert.ok(y.length >= 3);
  assert.deepEqual(strip(diagnosticsOf(a, 'b.bootstrap.jsonc')), y);
});
