'use strict';
// The Neovim sample (client-samples/neovim) in a real headless Neovim: the
// sample's init starts the server on a temp copy of the broken example;
// test/clients/neovim/test.lua reads the pushed diagnostics, changes a
// setting through didChangeConfiguration, applies the preferred
// cycle-breaking action (through vim.lsp.buf.code_action and through
// vim.lsp.util.apply_workspace_edit), writes the file, and checks the text on
// disk and that the diagnostics clear; then completion in a dependency list
// and go-to-definition. Without `nvim`: skips locally, fails
// in CI (helpers.editorMissing).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, SAMPLES, EXAMPLES, which, tempDir, run, serverBuilt, describeRun, versionOf, editorMissing } = require('./helpers');
const { TANGLED, judgeTangled } = require('./tangled');

const NVIM = which('nvim');
const INIT = path.join(SAMPLES, 'neovim', 'init.lua');
const SCRIPT = path.join(__dirname, 'neovim', 'test.lua');

function nvimTooOld() {
  const m = /NVIM v(\d+)\.(\d+)/.exec(versionOf(NVIM));
  return !m || Number(m[1]) === 0 && Number(m[2]) < 7;
}

test('Neovim sample: diagnostics, preferred quick fix written to disk, diagnostics clear, completion, definition', { timeout: 120_000 }, async (t) => {
  if (!NVIM) return editorMissing(t, 'nvim not installed (Debian: apt-get install neovim)');
  if (nvimTooOld()) return editorMissing(t, `the sample needs Neovim 0.7 or later, found ${versionOf(NVIM)}`);
  assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');

  const ws = tempDir('strap-nvim-');
  t.after(() => ws.remove());
  fs.mkdirSync(path.join(ws.dir, '.git')); // the sample's root marker: the temp folder is the workspace
  const file = path.join(ws.dir, 'broken.bootstrap.yaml');
  const original = fs.readFileSync(path.join(EXAMPLES, 'broken.bootstrap.yaml'), 'utf8');
  fs.writeFileSync(file, original);
  const resultFile = path.join(ws.dir, 'result.json');
  const home = path.join(ws.dir, 'home');
  fs.mkdirSync(home);

  const r = await run(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', INIT, '-c', `luafile ${SCRIPT}`], {
    cwd: ws.dir,
    timeoutMs: 90_000,
    env: {
      ...process.env,
      // The sample runs `node` from PATH: the one running the tests.
      PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      STRAP_TEST_FILE: file,
      STRAP_TEST_RESULT: resultFile,
    },
  });
  assert.ok(fs.existsSync(resultFile), `Neovim wrote no result\n${describeRun(r)}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const steps = Object.fromEntries(result.steps.map((s) => [s.name, s.detail]));
  assert.equal(result.ok, true, `the Lua test failed: ${result.error}\nsteps: ${JSON.stringify(result.steps, null, 1).slice(0, 6000)}\n${describeRun(r)}`);
  assert.equal(r.code, 0, describeRun(r));

  // The server the sample started is this checkout's, on the temp workspace.
  assert.equal(steps.attached.root_dir, ws.dir);
  assert.ok(steps.attached.cmd.some((a) => a === path.join(ROOT, 'bin', 'strap.js')), JSON.stringify(steps.attached.cmd));

  // Diagnostics: build-cycle on each entry of gcc <-> glibc and cmake <-> curl.
  const lines = original.split('\n');
  const cycleTexts = steps.diagnostics.map((d) => lines[d.line].slice(d.col).match(/^[\w-]+/)[0]);
  assert.deepEqual(cycleTexts, ['glibc', 'gcc', 'curl', 'cmake']);

  // The menu offered the per-edge fixes with their edits; the preferred one was applied.
  const offered = steps['code actions'].offered;
  assert.ok(offered.length >= 2, JSON.stringify(offered));
  // Every quick fix carries its edit; the fix-all offered unasked gets its edit on codeAction/resolve (Neovim resolves).
  assert.ok(offered.every((a) => a.hasEdit || a.kind === 'source.fixAll.strap'), `every quick fix carries its edit: ${JSON.stringify(offered)}`);
  assert.ok(offered.some((a) => a.kind === 'quickfix' && a.hasEdit), JSON.stringify(offered));
  assert.equal(offered.filter((a) => a.isPreferred).length, 1, JSON.stringify(offered));
  assert.match(steps['code actions'].chosen, /^Build gcc in bootstrap stage 1 without glibc$/);
  const afterFirst = steps['written after first fix'];
  assert.equal(fs.readFileSync(file, 'utf8').includes('build-depends-bootstrap1'), true);
  assert.match(afterFirst, /gcc:\n {4}build-depends: \[glibc, binutils\]\n {4}build-depends-bootstrap1: \[binutils\]\n/);
  assert.equal(afterFirst.split('#').length, original.split('#').length, 'comments kept');
  assert.deepEqual(steps['diagnostics after first fix'].map((d) => d.code), ['build-cycle', 'build-cycle']);

  // After the second fix no cycle is left, on disk either.
  assert.match(steps['second preferred action'], /^Build \w+ in bootstrap stage 1 without \w+$/);
  const disk = fs.readFileSync(file, 'utf8');
  assert.equal(disk, steps['written after second fix']);
  assert.equal(disk.match(/build-depends-bootstrap1/g).length, 2);
  assert.ok(!steps['diagnostics after second fix'].some((d) => d.code === 'build-cycle'));

  // Completion offered other packages, not the one already listed.
  assert.ok(steps.completion.labels.includes('tzdata'), JSON.stringify(steps.completion));
  assert.ok(!steps.completion.labels.includes('gcc'));

  // Definition of glibc (in gcc's build-depends) is the `glibc:` key.
  assert.equal(steps.definition.locations.length, 1);
  assert.equal(lines[steps.definition.expected_line], '  glibc:');
  assert.deepEqual(steps['definition jump'], [steps.definition.expected_line + 1, 2]);
});

test('Neovim sample, tangled file (gcc in two cycles): one preferred quick fix and a save leave fewer cycle errors, the fixed one gone', { timeout: 120_000 }, async (t) => {
  if (!NVIM) return editorMissing(t, 'nvim not installed (Debian: apt-get install neovim)');
  if (nvimTooOld()) return editorMissing(t, `the sample needs Neovim 0.7 or later, found ${versionOf(NVIM)}`);
  assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');
  const ws = tempDir('strap-nvim-tangled-');
  t.after(() => ws.remove());
  fs.mkdirSync(path.join(ws.dir, '.git'));
  const file = path.join(ws.dir, 'tangled.bootstrap.yaml');
  fs.copyFileSync(TANGLED, file);
  const resultFile = path.join(ws.dir, 'result.json');
  const home = path.join(ws.dir, 'home');
  fs.mkdirSync(home);
  const r = await run(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', INIT, '-c', `luafile ${path.join(__dirname, 'neovim', 'tangled.lua')}`], {
    cwd: ws.dir,
    timeoutMs: 90_000,
    env: {
      ...process.env,
      PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      STRAP_TEST_FILE: file,
      STRAP_TEST_RESULT: resultFile,
    },
  });
  assert.ok(fs.existsSync(resultFile), `Neovim wrote no result\n${describeRun(r)}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  assert.equal(result.ok, true, `the Lua script failed: ${result.error}\nsteps: ${JSON.stringify(result.steps, null, 1).slice(0, 6000)}\n${describeRun(r)}`);
  const steps = Object.fromEntries(result.steps.map((s) => [s.name, s.detail]));
  assert.equal(fs.readFileSync(file, 'utf8'), steps.written);
  judgeTangled(steps);
});
