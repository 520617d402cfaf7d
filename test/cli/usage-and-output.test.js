'use strict';
// Issue 17 point 7: the command line's rough edges, each as a user meets it.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { strap, tempDir } = require('./helpers');

test('plan, graph and fix take a folder (its bootstrap.yaml) and refuse a second FILE', () => {
  const folder = strap(['plan', 'examples/multi']);
  assert.equal(folder.code, 0, folder.err);
  assert.equal(folder.out, strap(['plan', 'examples/multi/bootstrap.yaml']).out);
  assert.match(strap(['graph', 'examples/multi']).out, /^digraph build \{/);
  const two = strap(['plan', 'examples/distro.bootstrap.yaml', 'examples/broken.bootstrap.yaml']);
  assert.equal(two.code, 2);
  assert.match(two.err, /^strap plan: takes one FILE .*not 2: 'examples\/distro\.bootstrap\.yaml' 'examples\/broken\.bootstrap\.yaml'/);
  const several = strap(['plan', 'examples']);
  assert.equal(several.code, 2);
  assert.match(several.err, /folder 'examples' holds 4 bootstrap files \(binaries\.bootstrap\.yaml, broken\.bootstrap\.yaml, distro\.bootstrap\.jsonc, distro\.bootstrap\.yaml\): name one/);
  assert.match(strap(['fix', 'nowhere']).err, /^strap fix: no such file or folder 'nowhere'$/m);
});

test('a missing path and a folder without bootstrap files say which they are', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'empty'));
    const missing = strap(['check', 'nowhere'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.equal(missing.err, "strap check: no such file or folder 'nowhere'\n");
    const empty = strap(['check', 'empty'], { cwd: dir });
    assert.equal(empty.code, 2);
    assert.equal(empty.err, "strap check: no bootstrap files in folder 'empty' (bootstrap.{yaml,yml,json,jsonc} or *.bootstrap.{yaml,yml,json,jsonc})\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--format sarif or json with no bootstrap files prints a valid empty document', () => {
  const dir = tempDir();
  try {
    const sarif = strap(['check', '.', '--format', 'sarif'], { cwd: dir });
    assert.equal(sarif.code, 2);
    const log = JSON.parse(sarif.out);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.equal(log.runs[0].tool.driver.name, 'strap');
    assert.deepEqual(log.runs[0].results, []);
    assert.deepEqual(JSON.parse(strap(['check', '.', '--format', 'json'], { cwd: dir }).out), { files: [] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--severity with an unknown code or level is a usage error naming it', () => {
  const unknown = strap(['check', 'examples/env', '--severity', 'nosuch=off']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown diagnostic code 'nosuch'/);
  assert.match(strap(['check', 'examples/env', '--severity', 'build-cycl=off']).err, /did you mean 'build-cycle'\?/);
  assert.match(strap(['check', 'examples/env', '--severity', 'build-cycle=loud']).err, /--severity must be one of error, warning, information, hint, off, not 'loud'/);
  const off = strap(['check', 'examples/broken.bootstrap.yaml', '--severity', 'build-cycle=off']);
  assert.equal(off.code, 0, off.out);
});

test('control characters in a file are shown as symbols in excerpts, never sent to the terminal', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), 'version: 1\npackages:\n  a: { build-depends: ["x\\e[31mred"], description: "bell\x07 here" }\n');
    const r = strap(['check', 'bootstrap.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.out, /[\x00-\x08\x0b-\x1f\x7f]/);
    assert.match(r.out, /unknown package 'x␛\[31mred'/);
    assert.match(r.out, /description: "bell␇ here"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a .json file with trailing commas is a syntax error; .jsonc accepts them', () => {
  const dir = tempDir();
  try {
    const text = '{\n  "version": 1,\n  "packages": { "a": {}, },\n}\n';
    fs.writeFileSync(path.join(dir, 'a.bootstrap.json'), text);
    fs.writeFileSync(path.join(dir, 'b.bootstrap.jsonc'), text);
    const json = strap(['check', 'a.bootstrap.json'], { cwd: dir });
    assert.equal(json.code, 1);
    assert.match(json.out, /^a\.bootstrap\.json:3:24 error syntax trailing comma: JSON does not allow one \(a \.jsonc file does\)$/m);
    assert.match(json.out, /^a\.bootstrap\.json:3:27 error syntax trailing comma/m);
    const jsonc = strap(['check', 'b.bootstrap.jsonc'], { cwd: dir });
    assert.equal(jsonc.code, 0, jsonc.out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('plan --format dot: compound=true for the cluster arrows, and an arrow into the rebuild phase', () => {
  const dot = strap(['plan', 'examples/distro.bootstrap.yaml', '--format', 'dot']).out;
  assert.match(dot, /^ {2}compound=true;$/m);
  const waves = [...dot.matchAll(/subgraph cluster_wave(\d+)/g)].map((m) => Number(m[1]));
  const last = Math.max(...waves);
  assert.match(dot, new RegExp(`^  "w${last}_0" -> "r1" \\[ltail="cluster_wave${last}", lhead="cluster_rebuild"\\];$`, 'm'));
});

test('help texts: --version in the top help, --files readable in plan and graph', () => {
  const top = strap(['--help']);
  assert.match(top.out, /^ {2}strap --version +print strap's version$/m);
  for (const command of ['plan', 'graph']) {
    const help = strap([command, '--help']).out;
    const files = help.slice(help.indexOf('  --files GLOB') + 2);
    assert.match(files.replace(/\s+/g, ' '), /^--files GLOB a glob of more bootstrap files an 'include' may name, relative to the workspace root \(no '\/': a file name in any folder\); repeatable\. bootstrap\.\{yaml,yml, ?json,jsonc\} and \*\.bootstrap\.\{yaml,yml,json, ?jsonc\} always count/, command);
    assert.ok(files.split('\n').every((l) => l.length <= 80), `${command} --help: --files fits 80 columns`);
  }
});

test("an unknown option's message has balanced quotes and says where to look", () => {
  const r = strap(['check', '--bogus']);
  assert.equal(r.code, 2);
  assert.equal(r.err, "strap check: unknown option '--bogus' (--help lists the options; an argument that starts with '-' goes after '--')\n");
  assert.equal((r.err.match(/'/g) ?? []).length % 2, 0);
});

test('colour: FORCE_COLOR turns it on through a pipe (over NO_COLOR); FORCE_COLOR=0, NO_COLOR and --no-color keep it off', () => {
  const file = 'examples/broken.bootstrap.yaml';
  const ESC = /\x1b\[31m/;
  assert.match(strap(['check', file], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } }).out, ESC);
  assert.match(strap(['check', file], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).out, ESC);
  assert.doesNotMatch(strap(['check', file], { env: { FORCE_COLOR: '0', NO_COLOR: undefined } }).out, /\x1b/);
  assert.doesNotMatch(strap(['check', file], { env: { FORCE_COLOR: undefined, NO_COLOR: '1' } }).out, /\x1b/);
  assert.doesNotMatch(strap(['check', file, '--no-color'], { env: { FORCE_COLOR: '1' } }).out, /\x1b/);
});
