'use strict';
// Shared bits of the client-sample tests: where things are, whether an
// editor is installed, temp folders, and running a child process with a hard
// timeout that kills its whole process group (the editor and the server it
// started).

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'client-samples');
const EXAMPLES = path.join(ROOT, 'examples');

/** The absolute path of `name` on PATH, or undefined. */
function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      if (fs.statSync(full).isFile()) return full;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** A fresh temp folder (realpath, so URIs compare equal) and its remover. */
function tempDir(prefix) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs a command; resolves with { code, signal, stdout, stderr, timedOut }.
 * The child leads its own process group, killed whole on timeout.
 */
function run(command, args, { cwd = ROOT, env = process.env, timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.write(input);
    child.stdin.end();
    const killGroup = (signal) => {
      try { process.kill(-child.pid, signal); } catch { /* gone */ }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: stderr + String(error), timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the child left behind in its group (a server it started) goes too.
      killGroup('SIGKILL');
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Whether the compiled server is there (npm test builds it first). */
function serverBuilt() {
  return fs.existsSync(path.join(ROOT, 'server', 'out', 'cli', 'main.js'));
}

/** Run output for an assertion message. */
function describeRun(r) {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' after the timeout' : ''}\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-6000)}`;
}

function versionOf(binary, args = ['--version']) {
  const r = spawnSync(binary, args, { encoding: 'utf8', timeout: 10_000 });
  return (r.stdout || '').split('\n')[0].trim();
}

/**
 * Whether a missing editor fails its test instead of skipping it: in CI
 * (`CI` set, as .ci/run is run) or with STRAP_REQUIRE_EDITORS=1;
 * STRAP_REQUIRE_EDITORS=0 lets them skip anywhere.
 */
function editorsRequired(env = process.env) {
  if (env.STRAP_REQUIRE_EDITORS !== undefined && env.STRAP_REQUIRE_EDITORS !== '') return env.STRAP_REQUIRE_EDITORS !== '0';
  return !!env.CI && env.CI !== 'false' && env.CI !== '0';
}

/**
 * For a test whose editor is not there: skips with `reason` locally, fails in
 * CI (where .ci/run installs the editors, so a missing one is a broken install).
 */
function editorMissing(t, reason) {
  if (editorsRequired()) {
    throw new Error(`${reason} — required here (CI or STRAP_REQUIRE_EDITORS=1: .ci/run installs the editors); STRAP_REQUIRE_EDITORS=0 skips instead`);
  }
  t.skip(`${reason} (skipped; CI and STRAP_REQUIRE_EDITORS=1 fail instead)`);
}

module.exports = { ROOT, SAMPLES, EXAMPLES, which, tempDir, run, serverBuilt, describeRun, versionOf, editorsRequired, editorMissing };
