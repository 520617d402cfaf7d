'use strict';
// Running the built `strap` binary as a user would, for the test/cli suites.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/strap.js');

/** `options.env` is added to the environment (NO_COLOR=1 unless replaced); `options.input` is standard input. */
function strap(args, options = {}) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...(options.env ?? {}) };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env, input: options.input, timeout: options.timeout ?? 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strap-cli-'));
}

module.exports = { ROOT, BIN, strap, tempDir };
