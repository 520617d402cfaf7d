'use strict';
// A reader that stops early (`strap plan big.yaml | head`) closes the pipe:
// every command then exits quietly, without an EPIPE stack trace.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, BIN, tempDir } = require('./helpers');

/** Runs strap, reads one chunk of its output, then closes the pipe; resolves with its exit code and stderr. */
function readOneChunk(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    let chunks = 0;
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', () => { if (++chunks === 1) child.stdout.destroy(); });
    const timer = setTimeout(() => { child.kill(); reject(new Error(`strap ${args.join(' ')} did not end`)); }, 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, err, chunks }); });
  });
}

// Megabytes of output from each command: far more than a pipe holds.
function bigWorkspace() {
  const dir = tempDir();
  const lines = ['version: 1', 'packages:'];
  for (let i = 0; i < 1500; i++) lines.push(`  p${i}: { build-depends: [p${(i + 1) % 1500}, missing${i}], description: "a package with a long enough description to fill the pipe" }`);
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), lines.join('\n') + '\n');
  return dir;
}

test('check, plan, graph, fix and import exit quietly when the reader closes the pipe', async () => {
  const dir = bigWorkspace();
  const fixtures = path.join(ROOT, 'test/fixtures/debian');
  try {
    const runs = [
      ['check', 'bootstrap.yaml'],
      ['check', 'bootstrap.yaml', '--format', 'json'],
      ['plan', 'bootstrap.yaml', '--format', 'json'],
      ['graph', 'bootstrap.yaml'],
      ['fix', 'bootstrap.yaml'],
      ['import', 'debian', '--sources', path.join(fixtures, 'Sources'), '--packages', path.join(fixtures, 'Packages')],
    ];
    for (const args of runs) {
      const r = await readOneChunk(args, dir);
      assert.doesNotMatch(r.err, /EPIPE|Error|at .*\.js:\d+/, `strap ${args.join(' ')}: ${r.err}`);
      assert.ok(r.code === 0 || r.code === 1, `strap ${args.join(' ')} exited ${r.code}: ${r.err}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
