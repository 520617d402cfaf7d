'use strict';
// The Vim + ALE sample (client-samples/vim-ale) in a real Vim with Debian's
// vim-ale: the sample's vimrc loads ALE and defines the strap linter; on a
// temp copy of the broken example, test/clients/vim-ale/test.vim waits for
// the build-cycle diagnostics in the location list, runs :ALECodeAction on
// the first one (answering ALE's numbered prompt with the preferred action),
// writes the file, and waits for the diagnostics to follow. Without vim or
// ALE: skips locally, fails in CI (helpers.editorMissing).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { SAMPLES, EXAMPLES, which, tempDir, run, serverBuilt, describeRun, editorMissing } = require('./helpers');

const VIM = which('vim');
const VIMRC = path.join(SAMPLES, 'vim-ale', 'vimrc');
const SCRIPT = path.join(__dirname, 'vim-ale', 'test.vim');

/** Why the sample cannot run in this Vim (no +job/+timers, no ALE), or undefined. */
function missingAle(env) {
  const r = spawnSync(VIM, ['-N', '-X', '-n', '-i', 'NONE', '--not-a-term', '-es', '-u', VIMRC,
    '-c', 'call writefile([has("job") && has("timers") && has("lambda") ? (exists("g:loaded_ale") ? "ok" : "no-ale") : "no-job"], $STRAP_PROBE)', '-c', 'qall!'],
  { encoding: 'utf8', timeout: 30_000, env, input: '' });
  const answer = fs.existsSync(env.STRAP_PROBE) ? fs.readFileSync(env.STRAP_PROBE, 'utf8').trim() : `no answer: ${(r.stderr || '').trim()}`;
  if (answer === 'ok') return undefined;
  if (answer === 'no-job') return 'this vim lacks +job/+timers/+lambda (Debian: apt-get install vim)';
  return `ALE is not available to vim (Debian: apt-get install vim-ale): ${answer}`;
}

test('Vim/ALE sample: diagnostics in the location list, :ALECodeAction applies the preferred fix, the file is written', { timeout: 120_000 }, async (t) => {
  if (!VIM) return editorMissing(t, 'vim not installed (Debian: apt-get install vim vim-ale)');
  assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');

  const ws = tempDir('strap-vim-');
  t.after(() => ws.remove());
  fs.mkdirSync(path.join(ws.dir, '.git')); // the sample's root marker: the temp folder is the workspace
  const home = path.join(ws.dir, 'home');
  fs.mkdirSync(home);
  const env = {
    ...process.env,
    // bin/strap.js runs `node` from PATH: the one running the tests.
    PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    HOME: home,
    VIMINIT: '',
    STRAP_PROBE: path.join(ws.dir, 'probe.txt'),
  };
  const missing = missingAle(env);
  if (missing) return editorMissing(t, missing);

  const file = path.join(ws.dir, 'broken.bootstrap.yaml');
  const original = fs.readFileSync(path.join(EXAMPLES, 'broken.bootstrap.yaml'), 'utf8');
  fs.writeFileSync(file, original);
  const resultFile = path.join(ws.dir, 'result.json');

  const r = await run(VIM, ['-N', '-X', '-n', '-i', 'NONE', '--not-a-term', '-u', VIMRC, '-c', `source ${SCRIPT.replace(/ /g, '\\ ')}`], {
    cwd: ws.dir,
    timeoutMs: 90_000,
    input: '',
    env: { ...env, STRAP_TEST_FILE: file, STRAP_TEST_RESULT: resultFile },
  });
  assert.ok(fs.existsSync(resultFile), `Vim wrote no result\n${describeRun(r)}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const steps = Object.fromEntries(result.steps.map((s) => [s.name, s.detail]));
  assert.equal(result.ok, true, `the Vim test failed: ${result.error}\nsteps: ${JSON.stringify(result.steps, null, 1).slice(0, 6000)}\n${describeRun(r)}`);
  assert.equal(r.code, 0, describeRun(r));

  // The sample's filetype, so ALE runs strap on this file.
  assert.equal(steps.filetype, 'yaml.bootstrap');

  // Diagnostics in the location list: build-cycle on each entry of gcc <-> glibc and cmake <-> curl.
  const word = (text) => (d) => text.split('\n')[d.lnum - 1].slice(d.col - 1).match(/^[\w-]+/)?.[0];
  assert.deepEqual(steps.diagnostics.map(word(original)), ['glibc', 'gcc', 'curl', 'cmake']);
  assert.ok(steps.diagnostics.every((d) => /^build-cycle: build-dependency cycle: /.test(d.text)), JSON.stringify(steps.diagnostics));

  // ALE listed the actions in its prompt; the preferred one was applied.
  assert.equal(steps.cursor.word, 'glibc');
  assert.ok(steps.offered.length >= 2 && steps.offered.every((a) => a.hasEdit), JSON.stringify(steps.offered));
  assert.equal(steps.offered.filter((a) => a.isPreferred).length, 1);
  assert.equal(steps.prompt.length, 1);
  for (const a of steps.offered) assert.ok(steps.prompt[0].includes(a.title), steps.prompt[0]);
  // (The title's wording is the server's: gcc built in stage 1 without glibc.)
  assert.match(steps.chosen, /^Build gcc (without glibc in bootstrap stage 1|in bootstrap stage 1 without glibc)$/);

  // Written to disk: the annotation, comments kept.
  const disk = fs.readFileSync(file, 'utf8');
  assert.equal(disk, steps.written);
  assert.match(disk, /gcc:\n {4}build-depends: \[glibc, binutils\]\n {4}build-depends-bootstrap1: \[binutils\]\n/);
  assert.equal(disk.split('#').length, original.split('#').length, 'comments kept');
  assert.notEqual(disk, original);

  // The diagnostics follow: only cmake <-> curl is left unbroken.
  assert.deepEqual(steps['diagnostics after fix'].map(word(disk)), ['curl', 'cmake']);
});
