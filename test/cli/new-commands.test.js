'use strict';
// Issue 17 point 8: strap init, check - (stdin), fix --check/--diff,
// graph --format json, the stage chain in plan and graph, check --watch.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, BIN, strap, tempDir } = require('./helpers');

function inTemp(body) {
  const dir = tempDir();
  try { return body(dir); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

test('init writes a starter file of either kind, clean under check, and never overwrites', () => inTemp((dir) => {
  const env = strap(['init'], { cwd: dir });
  assert.equal(env.code, 0, env.err);
  const text = fs.readFileSync(path.join(dir, 'bootstrap.yaml'), 'utf8');
  assert.match(text, /^stages:$/m);
  const checked = strap(['check'], { cwd: dir });
  assert.equal(checked.code, 0, checked.out);
  assert.match(checked.out, /^0 errors, 0 warnings, 0 notes in 1 file$/m);

  const again = strap(['init', '--kind', 'distro'], { cwd: dir });
  assert.equal(again.code, 2);
  assert.match(again.err, /'bootstrap\.yaml' already exists; strap init does not overwrite it/);
  assert.equal(fs.readFileSync(path.join(dir, 'bootstrap.yaml'), 'utf8'), text, 'the file is untouched');

  assert.equal(strap(['init', 'distro.bootstrap.yaml', '--kind', 'distro'], { cwd: dir }).code, 0);
  const distro = strap(['check', 'distro.bootstrap.yaml'], { cwd: dir });
  assert.equal(distro.code, 0, distro.out);
  assert.doesNotMatch(distro.out, / (error|warning) /);
  const plan = strap(['plan', 'distro.bootstrap.yaml'], { cwd: dir });
  assert.equal(plan.code, 0, plan.out);
  assert.match(plan.out, /gcc \(stage 1\)/);

  assert.equal(strap(['init', 'x.bootstrap.json', '--kind', 'distro'], { cwd: dir }).code, 0);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'x.bootstrap.json'), 'utf8'));
  assert.equal(json.packages.gcc['build-depends-bootstrap1'][0], 'binutils');
  assert.equal(strap(['check', 'x.bootstrap.json'], { cwd: dir }).code, 0);
  assert.match(strap(['init', '--kind', 'rocket'], { cwd: dir }).err, /--kind must be one of env, distro/);
}));

test('check - reads standard input; --stdin-filename gives its name, language and folder', () => inTemp((dir) => {
  fs.writeFileSync(path.join(dir, 'libs.bootstrap.yaml'), 'version: 1\npackages:\n  zlib: {}\n');
  const yaml = 'version: 1\ninclude: [libs.bootstrap.yaml]\npackages:\n  app: { build-depends: [zlib, nosuch] }\n';
  const r = strap(['check', '-', '--stdin-filename', 'app.bootstrap.yaml'], { cwd: dir, input: yaml });
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^app\.bootstrap\.yaml:4:32 error unknown-package unknown package 'nosuch'/m);
  assert.match(r.out, /in 2 files$/m, 'the include is read relative to the named file');
  const plain = strap(['check', '-'], { cwd: dir, input: 'version: 1\npackages: { a: {} }\n' });
  assert.equal(plain.code, 0, plain.out + plain.err);
  const json = strap(['check', '-', '--stdin-filename', 'x.json'], { cwd: dir, input: '{"version": 1, "packages": {"a": {},}}' });
  assert.match(json.out, /^x\.json:1:36 error syntax trailing comma/m, 'a .json name makes it JSON');
  assert.equal(strap(['check', '--stdin-filename', 'x.yaml'], { cwd: dir }).code, 2);
}));

test('fix --check and --diff: exit 1 with a diff when a cycle needs breaking, 0 and silent otherwise', () => inTemp((dir) => {
  const file = path.join(dir, 'bootstrap.yaml');
  fs.copyFileSync(path.join(ROOT, 'examples/broken.bootstrap.yaml'), file);
  const before = fs.readFileSync(file, 'utf8');
  const check = strap(['fix', '--check', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(check.code, 1);
  assert.equal(check.out, '');
  assert.match(check.err, /would fix bootstrap\.yaml: 2 edits/);
  const diff = strap(['fix', '--diff', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(diff.code, 1);
  assert.match(diff.out, /^--- a\/bootstrap\.yaml\n\+\+\+ b\/bootstrap\.yaml\n@@ -6,6 \+6,7 @@\n packages:\n   gcc:\n     build-depends: \[glibc, binutils\]\n\+    build-depends-bootstrap1: \[binutils\]\n/);
  assert.equal(fs.readFileSync(file, 'utf8'), before, '--check and --diff write nothing');
  // The diff, applied, gives what --write writes.
  assert.equal(applyUnifiedDiff(before, diff.out), strap(['fix', 'bootstrap.yaml'], { cwd: dir }).out);
  assert.equal(strap(['fix', '--write', 'bootstrap.yaml'], { cwd: dir }).code, 0);
  const clean = strap(['fix', '--check', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(clean.code, 0);
  assert.equal(strap(['fix', '--diff', 'bootstrap.yaml'], { cwd: dir }).out, '');
  assert.equal(strap(['fix', '--check', '--write', 'bootstrap.yaml'], { cwd: dir }).code, 2);
}));

/** Applies a unified diff (as `patch` would) to check it independently of how it was made. */
function applyUnifiedDiff(text, diff) {
  const lines = text.split('\n');
  const out = [];
  let next = 0;
  const body = diff.split('\n');
  for (let i = 2; i < body.length; i++) {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(body[i]);
    if (!m) continue;
    const start = Number(m[1]) - 1;
    out.push(...lines.slice(next, start));
    next = start;
    for (i++; i < body.length && /^[ +-]/.test(body[i]); i++) {
      const [kind, line] = [body[i][0], body[i].slice(1)];
      if (kind === '+') out.push(line);
      else { assert.equal(lines[next], line, 'context and removed lines match the original'); if (kind === ' ') out.push(line); next++; }
    }
    i--;
  }
  out.push(...lines.slice(next));
  return out.join('\n');
}

test('graph --format json: packages, edges with their kind and cycle, stages', () => {
  const r = strap(['graph', 'examples/distro.bootstrap.yaml', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const graph = JSON.parse(r.out);
  assert.ok(graph.packages.some((p) => p.name === 'gcc' && p.declared && p.cycle === 'broken'));
  assert.deepEqual(graph.edges.find((e) => e.from === 'gcc' && e.to === 'glibc'), { from: 'gcc', to: 'glibc', kind: 'build', cycle: 'broken' });
  assert.deepEqual(graph.edges.find((e) => e.from === 'glibc' && e.to === 'tzdata'), { from: 'glibc', to: 'tzdata', kind: 'runtime', cycle: null });
  assert.deepEqual(graph.stages, []);
  const cycles = JSON.parse(strap(['graph', 'examples/broken.bootstrap.yaml', '--format', 'json', '--cycles']).out);
  assert.ok(cycles.packages.every((p) => p.cycle === 'unbroken'));
});

test('plan and graph show the stage chain of an environment bootstrap', () => {
  const plan = strap(['plan', 'examples/env']);
  assert.equal(plan.code, 0, plan.err);
  assert.match(plan.out, /^Stage chain\n {2}1\. find_conf \(host\): imports stdlib\n {2}2\. init_venv \(host, started by exec\): creates env main \(venv, Python 3\.11\)/);
  assert.match(plan.out, /4\. generate_files \(env:main, started by exec\): .*on change restarts from init_venv$/m);
  const json = JSON.parse(strap(['plan', 'examples/env', '--format', 'json']).out);
  assert.deepEqual(json.stages.map((s) => [s.name, s.interpreter, s.createsEnv]), [['find_conf', 'host', null], ['init_venv', 'host', 'main'], ['install_deps', 'env:main', null], ['generate_files', 'env:main', null]]);
  const dot = strap(['graph', 'examples/env']).out;
  assert.match(dot, /subgraph cluster_stages \{/);
  assert.match(dot, /"stage:0" -> "stage:1" \[label="exec"\];/);
  assert.match(dot, /"stage:3" -> "stage:1" \[label="on change", style=dashed, constraint=false\];/);
  const mermaid = strap(['graph', 'examples/env', '--format', 'mermaid']).out;
  assert.match(mermaid, /s2 -->\|exec\| s3/);
  assert.match(mermaid, /s3 -\.->\|on change\| s1/);
  const launcher = strap(['plan', 'examples/launcher']);
  assert.match(launcher.out, /3\. secondary \(env:embedded, started by pipe\)/);
  assert.doesNotMatch(launcher.out, /Bootstrap phase/, 'no packages: only the chain');
  assert.match(strap(['plan', 'examples/env', '--format', 'dot']).out, /subgraph cluster_stages/);
});

test('check --watch checks again when a file changes, and stops when interrupted', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'bootstrap.yaml');
  fs.writeFileSync(file, 'version: 1\npackages:\n  a: {}\n');
  const child = spawn(process.execPath, [BIN, 'check', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const until = (predicate, what) => new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (predicate()) { clearInterval(poll); resolve(); }
      else if (Date.now() - started > 30_000) { clearInterval(poll); reject(new Error(`no ${what}: ${out}${err}`)); }
    }, 50);
  });
  try {
    await until(() => /0 errors, 0 warnings, 0 notes in 1 file/.test(out) && /watching/.test(err), 'first check');
    fs.writeFileSync(file, 'version: 1\npackages:\n  a: { build-depends: [b] }\n');
    await until(() => /checked again ---\n[^]*unknown package 'b'[^]*1 error, 0 warnings, 0 notes in 1 file/.test(out), 'second check');
    assert.equal(child.exitCode, null, 'still watching');
  } finally {
    const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    child.kill('SIGINT');
    const end = await exited;
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(end.signal === 'SIGINT' || end.code !== null, 'the watch ends on SIGINT');
  }
});
