'use strict';
// A real editor on a real debian/control: headless Neovim (0.7+) starts
// `strap lsp` on m4's control file (bookworm, rebuilt from the indexes) with
// the fixture archive configured, gets the cycle errors on its
// Build-Depends, applies the preferred "<!stage1>" quick fix through
// vim.lsp.buf.code_action, writes the file, and sees the errors turn into
// information. Skips when `nvim` is not installed.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, which, tempDir, run, serverBuilt, describeRun } = require('./helpers');

const NVIM = which('nvim');
const SCRIPT = path.join(__dirname, 'neovim', 'debian-control.lua');

test('Neovim: the <!stage1> quick fix on a real debian/control turns the cycle errors into information', { timeout: 150_000 }, async (t) => {
  if (!NVIM) return t.skip('nvim not installed (Debian: apt-get install neovim)');
  assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');
  const ws = tempDir('strap-nvim-control-');
  t.after(() => ws.remove());
  const original = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'debian-control', 'm4', 'debian', 'control'), 'utf8');
  fs.mkdirSync(path.join(ws.dir, 'm4', 'debian'), { recursive: true });
  const file = path.join(ws.dir, 'm4', 'debian', 'control');
  fs.writeFileSync(file, original);
  const resultFile = path.join(ws.dir, 'result.json');
  const home = path.join(ws.dir, 'home');
  fs.mkdirSync(home);
  const r = await run(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${SCRIPT}`], {
    cwd: ws.dir,
    timeoutMs: 140_000,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      STRAP_TEST_FILE: file,
      STRAP_TEST_RESULT: resultFile,
      STRAP_TEST_ARCHIVE: path.join(ROOT, 'test', 'fixtures', 'debian'),
      STRAP_BIN: path.join(ROOT, 'bin', 'strap.js'),
      STRAP_NODE: process.execPath,
    },
  });
  assert.ok(fs.existsSync(resultFile), `Neovim wrote no result\n${describeRun(r)}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const steps = Object.fromEntries(result.steps.map((s) => [s.name, s.detail]));
  assert.equal(result.ok, true, `the Lua test failed: ${result.error}\nsteps: ${JSON.stringify(result.steps, null, 1).slice(0, 4000)}\n${describeRun(r)}`);
  assert.equal(steps.filetype, 'debcontrol');
  const lines = original.split('\n');
  assert.deepEqual(steps.errors.map((d) => lines[d.line].slice(d.col).match(/^[\w.+-]+/)[0]), ['debhelper-compat', 'libsigsegv-dev', 'texinfo']);
  assert.ok(steps.errors.every((d) => d.severity === 1));
  assert.equal(steps['code actions'].chosen, 'Drop 3 entries from stage1 builds (debhelper-compat, libsigsegv-dev, texinfo)');
  const written = fs.readFileSync(file, 'utf8');
  assert.match(written, /^Build-Depends: debhelper-compat \(= 13\) <!stage1>, libsigsegv-dev <!stage1>, texinfo <!stage1>$/m);
  assert.equal(written.replace(/ <!stage1>/g, ''), original, 'nothing else changed');
  assert.equal(steps.information.length, 3);
  assert.ok(steps.information.every((d) => d.severity === 3 && /breaks the cycle/.test(d.message)));
});
