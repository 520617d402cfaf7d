'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyzeFiles, shown, diagnosticsOf } = require('../helpers/analyze');

const chain = (stages, extra = '') => `version: 1\npython: { min: "3.8" }\nenvs:\n  main: { manager: venv, python: "3.11" }\n${extra}stages:\n${stages}packages:\n  pyyaml: {}\n`;

test('the SPEC example chain is clean when its files exist', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': chain(
    '  find_conf: { interpreter: host, imports: stdlib }\n' +
    '  init_venv: { interpreter: host, imports: stdlib, creates-env: main, writes: create, state-file: "@/conf/s.json" }\n' +
    '  install_deps: { interpreter: "env:main", imports: stdlib, installs: [pyyaml] }\n' +
    '  gen: { interpreter: "env:main", imports: [pyyaml], run: "@/exe/gen.py", require-clean-tree: true, writes: modify, generates: "@/gen/config/", on-change: { restart-from: init_venv }, debug: { port: 5678 } }\n',
  ) }, { extraFiles: ['exe/gen.py'] });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), []);
});

test('interpreters only move forward, and env stages need a created, declared env', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': chain(
    '  a: { interpreter: "env:main" }\n' +
    '  b: { interpreter: host, creates-env: main }\n' +
    '  c: { interpreter: "env:mian" }\n' +
    '  d: { interpreter: selected }\n',
  ) });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['env-used-before-created', '"env:main"'],
    ['interpreter-backwards', 'host'],
    ['unknown-env', '"env:mian"'],
    ['interpreter-backwards', 'selected'],
  ]);
  const unknown = diagnosticsOf(a, 'bootstrap.yaml', 'unknown-env')[0];
  assert.match(unknown.message, /did you mean 'main'/);
});

test('a stage cannot run inside the env it creates', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': chain('  a: { interpreter: "env:main", creates-env: main }\n') });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['env-used-by-creator', '"env:main"']]);
});

test('host stages import only the standard library; imports need an earlier install', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': chain(
    '  a: { interpreter: host, imports: [pyyaml] }\n' +
    '  b: { interpreter: selected, imports: env }\n',
  ) });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [['host-imports', '[pyyaml]'], ['import-not-installed', 'pyyaml']]);
});

test('writes: modify before the first clean-tree stage; restart-from later or unknown', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': chain(
    '  a: { writes: modify, on-change: { restart-from: b } }\n' +
    '  b: { require-clean-tree: true, on-change: { restart-from: zz } }\n' +
    '  c: { on-change: { restart-from: c } }\n',
  ) });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['modify-before-clean-tree', 'modify'],
    ['restart-from-not-earlier', 'b'],
    ['unknown-stage', 'zz'],
    ['restart-from-not-earlier', 'c'],
  ]);
});

test('paths: missing run script and requirements, state files and generated folders', () => {
  const a = analyzeFiles({ 'bootstrap.yaml': chain(
    '  a: { run: "@/exe/missing.py", state-file: "@/s.json", generates: "@/gen/a/" }\n' +
    '  b: { state-file: "@/s.json", generates: "@/gen/a/sub/" }\n' +
    '  c: { state-file: "../elsewhere.json", generates: "@/out/" }\n',
  ).replace('python: "3.11" }', 'python: "3.11", requirements: "@/req.txt" }') });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['missing-file', '"@/req.txt"'],
    ['missing-file', '"@/exe/missing.py"'],
    ['state-file-shared', '"@/s.json"'],
    ['generates-shared', '"@/gen/a/sub/"'],
    ['state-file-outside-project', '"../elsewhere.json"'],
    ['generates-outside-gen', '"@/out/"'],
  ]);
});

test('debug ports, break-on-start, reserved env vars and python below the minimum', () => {
  const text = chain(
    '  a: { debug: { port: 5678 }, env-vars: { PATH: /x, APP: y } }\n' +
    '  b: { debug: { port: 5678 } }\n' +
    '  c: { debug: { break-on-start: true } }\n',
  ).replace('python: "3.11"', 'python: "3.7"');
  const a = analyzeFiles({ 'bootstrap.yaml': text });
  assert.deepEqual(shown(a, 'bootstrap.yaml'), [
    ['env-python-below-min', '"3.7"'],
    ['env-var-reserved', 'PATH'],
    ['debug-port-shared', '5678'],
    ['break-on-start-without-port', 'break-on-start'],
  ]);
  const port = diagnosticsOf(a, 'bootstrap.yaml', 'debug-port-shared')[0];
  assert.equal(port.range.start, text.lastIndexOf('5678'));
});

test('duplicate stage names across included files', () => {
  const a = analyzeFiles({
    'bootstrap.yaml': 'version: 1\ninclude: [more.bootstrap.yaml]\nstages:\n  a: {}\n',
    'more.bootstrap.yaml': 'version: 1\nstages:\n  a: {}\n',
  });
  assert.deepEqual(shown(a, 'more.bootstrap.yaml'), [['duplicate-stage', 'a']]);
});
