'use strict';
// The Emacs sample (client-samples/emacs/strap-eglot.el) in a real
// `emacs --batch` with eglot: the sample opens a temp copy of the broken
// example in strap-yaml-mode and starts eglot; test/clients/emacs/test.el
// pumps process output and flymake (idle timers never fire in batch), checks
// the build-cycle diagnostics, a settings change through the workspace
// configuration, runs `eglot-code-actions' taking its default (the preferred
// action), saves, checks the file on disk and that the diagnostics clear, fixes
// the other cycle through textDocument/codeAction + eglot--apply-workspace-edit,
// then completion-at-point in a dependency list and xref definitions.
// Without `emacs` or eglot: skips locally, fails in CI (helpers.editorMissing).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, SAMPLES, EXAMPLES, which, tempDir, run, serverBuilt, describeRun, editorMissing } = require('./helpers');
const { TANGLED, judgeTangled } = require('./tangled');

const EMACS = which('emacs');
const SAMPLE = path.join(SAMPLES, 'emacs', 'strap-eglot.el');
const SCRIPT = path.join(__dirname, 'emacs', 'test.el');

/** Why the sample cannot load here (no eglot), or undefined. */
function missingEglot() {
  const r = spawnSync(EMACS, ['--batch', '-Q', '-l', SAMPLE, '--eval', '(princ (if (featurep (quote eglot)) "ok" "none"))'], { encoding: 'utf8', timeout: 30_000 });
  if (r.stdout.trim() === 'ok') return undefined;
  return `eglot is not available to emacs (Debian: apt-get install elpa-eglot elpa-yaml-mode): ${(r.stderr || '').trim().split('\n').slice(-2).join(' ')}`;
}

test('Emacs/eglot sample: diagnostics, preferred quick fix written to disk, diagnostics clear, completion, definition', { timeout: 150_000 }, async (t) => {
  if (!EMACS) return editorMissing(t, 'emacs not installed (Debian: apt-get install emacs-nox elpa-eglot elpa-yaml-mode)');
  const missing = missingEglot();
  if (missing) return editorMissing(t, missing);
  assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');

  const ws = tempDir('strap-emacs-');
  t.after(() => ws.remove());
  const file = path.join(ws.dir, 'broken.bootstrap.yaml');
  const original = fs.readFileSync(path.join(EXAMPLES, 'broken.bootstrap.yaml'), 'utf8');
  fs.writeFileSync(file, original);
  const resultFile = path.join(ws.dir, 'result.json');
  const home = path.join(ws.dir, 'home');
  fs.mkdirSync(home);

  const r = await run(EMACS, ['--batch', '-Q', '-l', SAMPLE, '-l', SCRIPT], {
    cwd: ws.dir,
    timeoutMs: 120_000,
    // The sample runs `node` from PATH: the one running the tests.
    env: { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter), HOME: home, STRAP_TEST_FILE: file, STRAP_TEST_RESULT: resultFile },
  });
  assert.ok(fs.existsSync(resultFile), `Emacs wrote no result\n${describeRun(r)}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const steps = Object.fromEntries(result.steps.map((s) => [s.name, s.detail]));
  assert.equal(result.ok, true, `the Emacs test failed: ${result.error}\nsteps: ${JSON.stringify(result.steps, null, 1).slice(0, 6000)}\n${describeRun(r)}`);
  assert.equal(r.code, 0, describeRun(r));

  // The sample started this checkout's server for its strap modes.
  assert.ok(steps.connected.command.includes(path.join(ROOT, 'bin', 'strap.js')), JSON.stringify(steps.connected));
  assert.deepEqual(steps.connected.modes, ['strap-yaml-mode', 'strap-json-mode']);
  assert.equal(steps.connected['language-id'], 'yaml');

  // Flymake got build-cycle errors on the four cycle entries.
  assert.deepEqual(steps.diagnostics.map((d) => [d.line, d.text, d.type]), [
    [7, 'glibc', 'eglot-error'], [9, 'gcc', 'eglot-error'], [14, 'curl', 'eglot-error'], [16, 'cmake', 'eglot-error'],
  ]);

  // eglot-code-actions offered the per-edge fixes, defaulting to the preferred one.
  assert.ok(steps['code actions'].offered.length >= 2, JSON.stringify(steps['code actions']));
  assert.equal(steps['code actions'].chosen, 'Build gcc in bootstrap stage 1 without glibc');
  assert.match(steps['written after first fix'], /gcc:\n {4}build-depends: \[glibc, binutils\]\n {4}build-depends-bootstrap1: \[binutils\]\n/);
  assert.deepEqual(steps['diagnostics after first fix'].map((d) => d.text), ['curl', 'cmake']);

  // Both cycles broken on disk; no build-cycle left.
  assert.match(steps['second preferred action'], /^Build \w+ in bootstrap stage 1 without \w+$/);
  const disk = fs.readFileSync(file, 'utf8');
  assert.equal(disk, steps['written after second fix']);
  assert.equal(disk.match(/build-depends-bootstrap1/g).length, 2);
  assert.equal(disk.split('#').length, original.split('#').length, 'comments kept');

  assert.ok(steps.completion.candidates.includes('tzdata'), JSON.stringify(steps.completion));
  assert.ok(!steps.completion.candidates.includes('gcc'));

  const glibcLine = disk.split('\n').indexOf('  glibc:') + 1;
  assert.deepEqual(steps.definition, [{ file, line: glibcLine }]);
});

test('Emacs/eglot sample, tangled file (gcc in two cycles): one preferred quick fix and a save leave fewer cycle errors, the fixed one gone', { timeout: 150_000 }, async (t) => {
  if (!EMACS) return editorMissing(t, 'emacs not installed (Debian: apt-get install emacs-nox elpa-eglot elpa-yaml-mode)');
  const missing = missingEglot();
  if (missing) return editorMissing(t, missing);
  assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');
  const ws = tempDir('strap-emacs-tangled-');
  t.after(() => ws.remove());
  const file = path.join(ws.dir, 'tangled.bootstrap.yaml');
  fs.copyFileSync(TANGLED, file);
  const resultFile = path.join(ws.dir, 'result.json');
  const home = path.join(ws.dir, 'home');
  fs.mkdirSync(home);
  const r = await run(EMACS, ['--batch', '-Q', '-l', SAMPLE, '-l', path.join(__dirname, 'emacs', 'tangled.el')], {
    cwd: ws.dir,
    timeoutMs: 120_000,
    env: { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter), HOME: home, STRAP_TEST_FILE: file, STRAP_TEST_RESULT: resultFile },
  });
  assert.ok(fs.existsSync(resultFile), `Emacs wrote no result\n${describeRun(r)}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  assert.equal(result.ok, true, `the Emacs script failed: ${result.error}\nsteps: ${JSON.stringify(result.steps, null, 1).slice(0, 6000)}\n${describeRun(r)}`);
  const steps = Object.fromEntries(result.steps.map((s) => [s.name, s.detail]));
  assert.equal(fs.readFileSync(file, 'utf8'), steps.written);
  judgeTangled(steps);
});
