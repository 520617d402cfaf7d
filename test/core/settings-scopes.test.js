'use strict';
// Settings per folder (AnalysisOptions.scopes): a file takes the settings of
// the innermost scope containing it, else the global options; the analysis
// applies them per file (severity), per included file (files) and per entry
// file (projectRoot).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { settingsFor, scopeOf } = require('../../server/out/core/workspace/scopes.js');

const ROOT = 'file:///ws';
const TEXT = 'version: 1\npackages:\n  app:\n    build-depends: [missing]\n';

function run(files, options) {
  const withRoot = Object.fromEntries(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const uris = Object.keys(withRoot).filter((u) => /bootstrap\.yaml$/.test(u));
  return analyze(uris, memoryProvider(withRoot, (options.extraFiles ?? []).map((f) => `${ROOT}/${f}`)), { roots: [ROOT], ...options });
}

function shown(analysis, name) {
  const uri = `${ROOT}/${name}`;
  const doc = analysis.documents.get(uri);
  return (analysis.diagnostics.get(uri) ?? []).map((d) => [d.code, d.severity, doc.text.slice(d.range.start, d.range.end)]);
}

test('settingsFor: the innermost scope containing the file, else the global settings', () => {
  const outer = { root: `${ROOT}/a`, severity: { x: 'off' }, files: ['*.yml'] };
  const inner = { root: `${ROOT}/a/nested/`, severity: { x: 'hint' } };
  const options = { severity: { x: 'warning' }, files: ['global/*.yml'], projectRoot: `${ROOT}/p`, scopes: [outer, inner] };
  assert.deepEqual(settingsFor(`${ROOT}/a/bootstrap.yaml`, options), { severity: { x: 'off' }, files: ['*.yml'], projectRoot: undefined });
  // Innermost wins, whatever the order of the scopes; fields it leaves out are defaults, not the outer or global ones.
  assert.deepEqual(settingsFor(`${ROOT}/a/nested/deep/bootstrap.yaml`, options), { severity: { x: 'hint' }, files: undefined, projectRoot: undefined });
  assert.equal(scopeOf(`${ROOT}/a/nested/deep/bootstrap.yaml`, [inner, outer]), inner);
  // The root folder itself belongs to the scope.
  assert.equal(scopeOf(`${ROOT}/a`, [outer]), outer);
  // A sibling whose name starts with the root's is not inside it; nor is a non-file URI.
  assert.deepEqual(settingsFor(`${ROOT}/ab/bootstrap.yaml`, options), { severity: { x: 'warning' }, files: ['global/*.yml'], projectRoot: `${ROOT}/p` });
  assert.equal(scopeOf('untitled:Untitled-1', [outer]), undefined);
  // No scopes: the global settings.
  assert.deepEqual(settingsFor(`${ROOT}/a/bootstrap.yaml`, { severity: { x: 'error' } }), { severity: { x: 'error' }, files: undefined, projectRoot: undefined });
});

test('severity: each file by its folder; files in no scope by the global overrides', () => {
  const files = { 'a/bootstrap.yaml': TEXT, 'b/bootstrap.yaml': TEXT, 'c/bootstrap.yaml': TEXT };
  const a = run(files, {
    severity: { 'unknown-package': 'warning' },
    scopes: [{ root: `${ROOT}/a`, severity: { 'unknown-package': 'off' } }, { root: `${ROOT}/b`, severity: {} }],
  });
  assert.deepEqual(shown(a, 'a/bootstrap.yaml'), []);
  assert.deepEqual(shown(a, 'b/bootstrap.yaml'), [['unknown-package', 'error', 'missing']]);
  assert.deepEqual(shown(a, 'c/bootstrap.yaml'), [['unknown-package', 'warning', 'missing']]);
});

test('severity follows the included file, not the entry: an include across folders', () => {
  const files = { 'a/bootstrap.yaml': 'version: 1\ninclude:\n  - ../b/deps.bootstrap.yaml\n', 'b/deps.bootstrap.yaml': TEXT };
  const a = run(files, { scopes: [{ root: `${ROOT}/a`, severity: { 'unknown-package': 'off' } }, { root: `${ROOT}/b`, severity: { 'unknown-package': 'hint' } }] });
  assert.deepEqual(shown(a, 'b/deps.bootstrap.yaml'), [['unknown-package', 'hint', 'missing']]);
});

test("files: an include names a bootstrap file by the included file's folder globs", () => {
  const entry = 'version: 1\ninclude:\n  - deps/extra.yml\npackages:\n  app:\n    build-depends: [libextra]\n';
  const extra = 'version: 1\npackages:\n  libextra: {}\n';
  const files = { 'a/bootstrap.yaml': entry, 'a/deps/extra.yml': extra, 'b/bootstrap.yaml': entry, 'b/deps/extra.yml': extra };
  const a = run(files, { scopes: [{ root: `${ROOT}/a`, files: ['**/deps/*.yml'] }, { root: `${ROOT}/b` }] });
  assert.deepEqual(shown(a, 'a/bootstrap.yaml'), []);
  assert.equal(a.documents.has(`${ROOT}/a/deps/extra.yml`), true);
  assert.deepEqual(shown(a, 'b/bootstrap.yaml'), [['include-not-bootstrap', 'error', 'deps/extra.yml'], ['unknown-package', 'error', 'libextra']]);
  assert.equal(a.diagnostics.get(`${ROOT}/b/bootstrap.yaml`)[0].message, "'deps/extra.yml' is not a bootstrap file (bootstrap.{yaml,yml,json,jsonc} or *.bootstrap.{yaml,yml,json,jsonc})");
  assert.equal(a.documents.has(`${ROOT}/b/deps/extra.yml`), false);
  // The global globs hold for files in no scope, and a scope without `files` does not inherit them.
  const global = run(files, { files: ['**/deps/*.yml'], scopes: [{ root: `${ROOT}/b` }] });
  assert.deepEqual(shown(global, 'a/bootstrap.yaml'), []);
  assert.deepEqual(shown(global, 'b/bootstrap.yaml').map(([code]) => code), ['include-not-bootstrap', 'unknown-package']);
});

test('projectRoot: each workspace by the scope of its entry file', () => {
  const text = 'version: 1\nstages:\n  generate:\n    run: "@/exe/gen.py"\n';
  const files = { 'a/conf/bootstrap.yaml': text, 'b/conf/bootstrap.yaml': text };
  const a = run(files, { extraFiles: ['a/exe/gen.py', 'b/exe/gen.py'], scopes: [{ root: `${ROOT}/a`, projectRoot: `${ROOT}/a` }, { root: `${ROOT}/b` }] });
  assert.equal(a.workspaceOf(`${ROOT}/a/conf/bootstrap.yaml`).workspace.projectRoot, `${ROOT}/a`);
  assert.equal(a.workspaceOf(`${ROOT}/b/conf/bootstrap.yaml`).workspace.projectRoot, `${ROOT}/b/conf`);
  assert.deepEqual(shown(a, 'a/conf/bootstrap.yaml').filter(([code]) => code === 'missing-file'), []);
  assert.deepEqual(shown(a, 'b/conf/bootstrap.yaml').filter(([code]) => code === 'missing-file').map(([, , t]) => t), ['"@/exe/gen.py"']);
});
