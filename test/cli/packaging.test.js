'use strict';
// Issue 17 point 9: the licence, the npm package, the CI conventions
// (pre-commit, a GitHub Action), and files that name the strap schema.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { ROOT, BIN, strap, tempDir } = require('./helpers');
const { LspClient, uriOf } = require('../lsp/client');

const read = (p) => fs.readFileSync(path.join(ROOT, p), 'utf8');

test('LICENSE is the MIT licence package.json names', () => {
  assert.equal(JSON.parse(read('package.json')).license, 'MIT');
  assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} /);
  assert.match(read('LICENSE'), /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
});

test('npm pack ships every source its source maps point to, and the licence', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set(JSON.parse(r.stdout)[0].files.map((f) => f.path));
  assert.ok(files.has('LICENSE'));
  assert.ok(files.has('bin/strap.js'));
  const maps = [...files].filter((f) => f.endsWith('.js.map'));
  assert.ok(maps.length > 10, 'the compiled maps are packed');
  const missing = [];
  for (const map of maps) {
    for (const source of JSON.parse(read(map)).sources) {
      const packed = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
      if (!files.has(packed)) missing.push(`${map} -> ${packed}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('.gitignore leaves out packed tarballs and the VS Code sample lock file', () => {
  const run = (p) => spawnSync('git', ['check-ignore', '-q', '--no-index', p], { cwd: ROOT }).status;
  assert.equal(run('strap-0.1.0.tgz'), 0);
  assert.equal(run('client-samples/vscode/package-lock.json'), 0);
  assert.equal(run('package-lock.json'), 1, 'the repository lock file stays');
});

test('.pre-commit-hooks.yaml: hooks that run strap on the files the default names match', () => {
  const hooks = YAML.parse(read('.pre-commit-hooks.yaml'));
  const check = hooks.find((h) => h.id === 'strap-check');
  assert.equal(check.entry, 'strap check');
  assert.equal(check.language, 'node');
  const files = new RegExp(check.files);
  for (const p of ['bootstrap.yaml', 'a/b/bootstrap.jsonc', 'x.bootstrap.yml', 'deep/toolchain.bootstrap.json']) assert.match(p, files);
  for (const p of ['config.yaml', 'bootstrap.yaml.bak', 'notbootstrap.yaml']) assert.doesNotMatch(p, files);
  const fix = hooks.find((h) => h.id === 'strap-fix');
  assert.equal(fix.entry, 'strap fix --check');
  // pre-commit appends the staged file names to the entry.
  const [, ...args] = check.entry.split(' ');
  assert.equal(strap([...args, 'examples/env/bootstrap.yaml']).code, 0);
  assert.equal(strap([...args, 'examples/broken.bootstrap.yaml']).code, 1);
  assert.match(read('README.md'), /\.pre-commit-hooks\.yaml|id: strap-check/);
});

test('action.yml: a composite action whose check step writes SARIF and reports the exit code', () => {
  const action = YAML.parse(read('action.yml'));
  assert.equal(action.runs.using, 'composite');
  const step = action.runs.steps.find((s) => s.id === 'check');
  assert.match(step.run, /check --format sarif/);
  assert.ok(action.runs.steps.some((s) => /upload-sarif/.test(s.uses ?? '')));
  // Run the check step's script as the runner would, with its env.
  const dir = tempDir();
  try {
    fs.copyFileSync(path.join(ROOT, 'examples/broken.bootstrap.yaml'), path.join(dir, 'bootstrap.yaml'));
    const output = path.join(dir, 'github-output');
    const env = { ...process.env, STRAP_PATHS: '.', STRAP_ARGS: '--severity build-cycle-broken=off', STRAP_SARIF: 'strap.sarif', STRAP_BIN: BIN, GITHUB_OUTPUT: output };
    const r = spawnSync('bash', ['-e', '-c', step.run], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(output, 'utf8'), /^exit-code=1$/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'strap.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.some((x) => x.ruleId === 'build-cycle'));
    assert.match(read('README.md'), /uses: .*strap.*@/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const MODELINE = '# yaml-language-server: $schema=../schema/bootstrap.schema.json\nversion: 1\npackages:\n  a: { build-depends: [nosuch] }\n';
const JSON_SCHEMA_KEY = '{\n  "$schema": "https://strap.dev/schema/bootstrap.schema.json",\n  "version": 1,\n  "packages": { "b": { "build-depends": ["gone"] } }\n}\n';

test('a file naming the strap schema ($schema or a modeline) is a bootstrap file whatever its name', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(path.join(dir, 'conf', 'deps.yml'), MODELINE);
    fs.writeFileSync(path.join(dir, 'conf', 'graph.json'), JSON_SCHEMA_KEY);
    fs.writeFileSync(path.join(dir, 'conf', 'other.yml'), '# yaml-language-server: $schema=https://example.org/other.schema.json\nkey: 1\n');
    fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), 'version: 1\ninclude: [conf/deps.yml]\npackages:\n  c: { build-depends: [a] }\n');
    const r = strap(['check', '--format', 'json'], { cwd: dir });
    const files = JSON.parse(r.out).files.map((f) => [f.path, f.diagnostics.map((d) => d.code)]);
    assert.deepEqual(files, [
      ['bootstrap.yaml', []],
      [path.join('conf', 'deps.yml'), ['unknown-package']],
      [path.join('conf', 'graph.json'), ['unknown-package']],
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the server finds a file naming the strap schema in its workspace scan', async () => {
  const dir = tempDir();
  const client = new LspClient();
  try {
    fs.writeFileSync(path.join(dir, 'deps.yml'), MODELINE);
    fs.writeFileSync(path.join(dir, 'plain.yml'), 'version: 1\npackages:\n  z: { build-depends: [nosuch] }\n');
    await client.initialize({ rootDir: dir });
    const published = await client.waitForDiagnostics(uriOf(path.join(dir, 'deps.yml')), (p) => p.diagnostics.length > 0, 30_000);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['unknown-package']);
    assert.equal(client.diagnostics.get(uriOf(path.join(dir, 'plain.yml'))), undefined, 'a YAML file without the schema is not analysed');
  } finally {
    await client.shutdown();
    client.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
