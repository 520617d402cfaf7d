'use strict';
// `strap check` loads what a check needs: not the language server, the
// report or the import command (issue 18, point 9: a command's modules load when it
// runs). Counted in modules, not timed.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT } = require('./helpers');

/** The modules a `strap` run loaded, relative to the project, with its exit code. */
function modulesLoadedBy(args) {
  const script = `
    process.on('exit', () => process.stderr.write('MODULES ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));
    process.argv = [process.argv[0], 'strap', ...${JSON.stringify(args)}];
    require(${JSON.stringify(path.join(ROOT, 'bin/strap.js'))});`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('MODULES '));
  assert.ok(line, `no module list: ${r.stderr}`);
  return { code: r.status, modules: JSON.parse(line.slice('MODULES '.length)).map((m) => path.relative(ROOT, m)) };
}

test('strap check loads neither the language server nor the report nor the import command', () => {
  const { code, modules } = modulesLoadedBy(['check', 'examples/distro.bootstrap.yaml', '--format', 'json']);
  assert.equal(code, 0);
  assert.ok(modules.some((m) => m.endsWith(path.join('cli', 'commands', 'check.js'))), 'the check command ran');
  // (The importer's parsers do load: debian/control checks share them.)
  const unwanted = modules.filter((m) => /vscode-languageserver|[\\/]lsp[\\/]|[\\/]report[\\/]|commands[\\/](lsp|report|import)\.js$/.test(m));
  assert.deepEqual(unwanted, []);
});

test('strap lsp --help still finds its command', () => {
  const { code, modules } = modulesLoadedBy(['lsp', '--help']);
  assert.equal(code, 0);
  assert.ok(modules.some((m) => m.endsWith(path.join('cli', 'commands', 'lsp.js'))));
});
