'use strict';
// The configured globs of bootstrap files (strap.files, --files) add to the
// default names what an `include` may name, matched relative to the workspace roots with the same
// helper the server's workspace scan uses.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf, ROOT } = require('../helpers/analyze');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { isBootstrapFile } = require('../../server/out/core/workspace/bootstrap-files.js');

const ENTRY = 'version: 1\ninclude:\n  - deps/extra.yml\npackages:\n  app:\n    build-depends: [libextra]\n';
const EXTRA = 'version: 1\npackages:\n  libextra: {}\n';
const FILES = { 'bootstrap.yaml': ENTRY, 'deps/extra.yml': EXTRA };

test('without globs, an include of deps/extra.yml is not a bootstrap file, on the include item exactly', () => {
  const a = analyzeFiles(FILES, { entry: 'bootstrap.yaml' });
  const [d] = diagnosticsOf(a, 'bootstrap.yaml', 'include-not-bootstrap');
  assert.ok(d, 'include-not-bootstrap reported');
  const start = ENTRY.indexOf('deps/extra.yml');
  assert.deepEqual(d.range, { start, end: start + 'deps/extra.yml'.length });
  assert.equal(d.severity, 'error');
  assert.equal(d.message, "'deps/extra.yml' is not a bootstrap file (bootstrap.{yaml,yml,json,jsonc} or *.bootstrap.{yaml,yml,json,jsonc})");
  // Not loaded: its package stays unknown.
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['include-not-bootstrap', 'deps/extra.yml'], ['unknown-package', 'libextra']]);
  assert.equal(a.documents.has(`${ROOT}/deps/extra.yml`), false);
  // Empty globs are the default names.
  assert.deepEqual(shown(analyzeFiles(FILES, { entry: 'bootstrap.yaml', globs: [] }), 'bootstrap.yaml'), shown(a, 'bootstrap.yaml'));
});

test("with globs ['**/deps/*.yml'], the include is a bootstrap file and its packages resolve", () => {
  const a = analyzeFiles(FILES, { entry: 'bootstrap.yaml', globs: ['**/deps/*.yml'] });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), []);
  assert.deepEqual(shown(a, 'deps/extra.yml'), []);
  const ws = a.workspaceOf(`${ROOT}/bootstrap.yaml`);
  assert.deepEqual(ws.workspace.files.map((f) => f.uri), [`${ROOT}/bootstrap.yaml`, `${ROOT}/deps/extra.yml`]);
  assert.equal(ws.workspace.packages.get('libextra').uri, `${ROOT}/deps/extra.yml`);
  assert.deepEqual(ws.plan.stuck, []);
});

test('globs are relative to the roots; a glob without / matches a file name anywhere', () => {
  const nested = { 'bootstrap.yaml': ENTRY.replace('deps/extra.yml', 'sub/deps/extra.yml'), 'sub/deps/extra.yml': EXTRA };
  const codes = (files, globs) => shown(analyzeFiles(files, { entry: 'bootstrap.yaml', globs }), 'bootstrap.yaml').map(([code]) => code);
  assert.deepEqual(codes(FILES, ['deps/*.yml']), []);
  assert.deepEqual(codes(FILES, ['./deps/*.yml']), []);
  assert.deepEqual(codes(nested, ['deps/*.yml']), ['include-not-bootstrap', 'unknown-package']);
  assert.deepEqual(codes(nested, ['**/deps/*.yml']), []);
  assert.deepEqual(codes(nested, ['*.yml']), []);
  assert.deepEqual(codes(nested, ['extra.yml']), []);
  assert.deepEqual(codes(nested, ['*.yaml']), ['include-not-bootstrap', 'unknown-package']);
  // An absolute glob matches the absolute path.
  assert.deepEqual(codes(FILES, ['/ws/deps/*.yml']), []);
  // Relative to a root that is not the entry's folder: the include's path below that root.
  const a = analyze([`${ROOT}/proj/bootstrap.yaml`], memoryProvider({ [`${ROOT}/proj/bootstrap.yaml`]: ENTRY, [`${ROOT}/proj/deps/extra.yml`]: EXTRA }), { roots: [ROOT], files: ['proj/deps/*.yml'] });
  assert.deepEqual(a.diagnostics.get(`${ROOT}/proj/bootstrap.yaml`), []);
});

test('globs add to the default names; the message names them', () => {
  const files = {
    'bootstrap.yaml': 'version: 1\ninclude:\n  - toolchain.bootstrap.yaml\n  - deps/extra.yml\n  - notes.txt\n',
    'toolchain.bootstrap.yaml': 'version: 1\n',
    'deps/extra.yml': EXTRA,
    'notes.txt': 'x\n',
  };
  const a = analyzeFiles(files, { entry: 'bootstrap.yaml', globs: ['**/deps/*.yml'] });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['include-not-bootstrap', 'notes.txt']]);
  assert.equal(diagnosticsOf(a, 'bootstrap.yaml')[0].message, "'notes.txt' is not a bootstrap file (bootstrap.{yaml,yml,json,jsonc} or *.bootstrap.{yaml,yml,json,jsonc}, or the configured globs: '**/deps/*.yml')");
});

test('the other include checks come first: outside the root, missing', () => {
  const files = { 'bootstrap.yaml': 'version: 1\ninclude:\n  - ../outside.yml\n  - deps/gone.yml\n' };
  const a = analyzeFiles(files, { entry: 'bootstrap.yaml', globs: ['**/*.yml'] });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['include-outside-root', '../outside.yml'], ['include-missing', 'deps/gone.yml']]);
});

test('isBootstrapFile: the one definition the server scan, the CLI and the include check share', () => {
  const roots = ['file:///ws'];
  for (const name of ['bootstrap.yaml', 'a/b/x.bootstrap.jsonc', 'BOOTSTRAP.YML']) assert.ok(isBootstrapFile(`file:///ws/${name}`, undefined, roots), name);
  for (const name of ['notes.yaml', 'bootstrap.yaml.bak', 'deps/extra.yml']) assert.ok(!isBootstrapFile(`file:///ws/${name}`, [], roots), name);
  assert.ok(!isBootstrapFile('untitled:bootstrap.yaml', undefined, roots), 'only files');
  assert.ok(isBootstrapFile('file:///ws/deps/extra.yml', ['**/deps/*.yml'], roots));
  assert.ok(isBootstrapFile('file:///ws/bootstrap.yaml', ['**/deps/*.yml'], roots), 'globs add to the default names');
  assert.ok(!isBootstrapFile('file:///ws/notes.yaml', ['**/deps/*.yml'], roots), 'and match nothing else');
  assert.ok(isBootstrapFile('file:///ws/deps/.hidden.yml', ['deps/*.yml'], roots), 'dot files match');
  assert.ok(isBootstrapFile('file:///ws/deps/extra.yml', ['', 'deps/*.yml'], roots), 'empty globs are ignored');
  assert.ok(isBootstrapFile('file:///ws/bootstrap.yaml', ['  '], roots), 'only empty globs: the default names');
  // Below no root (or a root that is the file itself): the file name alone.
  assert.ok(isBootstrapFile('file:///elsewhere/ci.yml', ['*.yml'], roots));
  assert.ok(!isBootstrapFile('file:///elsewhere/deps/extra.yml', ['deps/*.yml'], roots));
  assert.ok(isBootstrapFile('file:///elsewhere/extra.yml', ['extra.yml'], ['file:///elsewhere/extra.yml']));
  // Inside two nested roots: a match relative to either counts.
  assert.ok(isBootstrapFile('file:///ws/sub/deps/extra.yml', ['deps/*.yml'], ['file:///ws', 'file:///ws/sub']));
});
