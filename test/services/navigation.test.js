'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const nav = require('../../server/out/core/services/navigation.js');
const { analyzeFiles, slice, applyEdits, parseDocument } = require('./helpers.js');

const Y = 'file:///ws/bootstrap.yaml';
const T = 'file:///ws/toolchain.bootstrap.yaml';
const J = 'file:///ws/extra.bootstrap.json';

const MAIN = `version: 1
include:
  - toolchain.bootstrap.yaml
  - extra.bootstrap.json
envs:
  main: { manager: venv }
stages:
  init:
    interpreter: host
    creates-env: main
  gen:
    interpreter: "env:main"
    installs: [gcc]
    on-change: { restart-from: init }
packages:
  gcc:
    build-depends: [glibc, binutils]   # é 😀
    build-depends-bootstrap1: [binutils]
  glibc:
    build-depends:
      - gcc
`;
const TOOL = `version: 1
packages:
  binutils: {}
  'user':
    build-depends: ["glibc", 'gcc']
    depends: [gcc]
`;
const EXTRA = `{
  "version": 1,
  "stages": {
    "late": { "interpreter": "env:main", "imports": ["gcc"], "on-change": {"restart-from": "gen"} }
  },
  "packages": {
    "cc": { "build-depends": ["gcc"] }
  }
}`;

const FILES = { [Y]: MAIN, [T]: TOOL, [J]: EXTRA };
const TEXT = { [Y]: MAIN, [T]: TOOL, [J]: EXTRA };

function analysis() {
  return analyzeFiles(FILES);
}

/** Offset of the n-th occurrence of `needle` (plus `delta`). */
function off(text, needle, n = 0, delta = 1) {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return i + delta;
}

function texts(locations) {
  return locations.map((l) => `${l.uri.slice('file:///ws/'.length)}:${slice(TEXT[l.uri], l.range)}@${l.range.start}`);
}

test('symbolAt: declarations, references, env:NAME (the NAME part only), quoted names', () => {
  const a = analysis();
  const decl = nav.symbolAt(a, Y, off(MAIN, 'gcc:'));
  assert.deepEqual({ kind: decl.kind, name: decl.name, declaration: decl.declaration, text: slice(MAIN, decl.range) }, { kind: 'package', name: 'gcc', declaration: true, text: 'gcc' });
  const env = nav.symbolAt(a, Y, off(MAIN, 'env:main', 0, 6));
  assert.equal(env.kind, 'env');
  assert.equal(slice(MAIN, env.range), 'main');
  assert.equal(MAIN.slice(env.range.start - 5, env.range.start), '"env:');
  const quoted = nav.symbolAt(a, T, off(TOOL, "'user'", 0, 2));
  assert.equal(quoted.name, 'user');
  assert.equal(slice(TOOL, quoted.range), 'user');
  const stage = nav.symbolAt(a, Y, off(MAIN, 'restart-from: init', 0, 16));
  assert.deepEqual([stage.kind, stage.name, slice(MAIN, stage.range)], ['stage', 'init', 'init']);
  const createsEnv = nav.symbolAt(a, Y, off(MAIN, 'creates-env: main', 0, 14));
  assert.deepEqual([createsEnv.kind, createsEnv.name], ['env', 'main']);
  const json = nav.symbolAt(a, J, off(EXTRA, '"imports": ["gcc"]', 0, 14));
  assert.deepEqual([json.kind, json.name, slice(EXTRA, json.range)], ['package', 'gcc', 'gcc']);
  assert.equal(nav.symbolAt(a, Y, off(MAIN, 'version')), undefined);
  assert.equal(nav.symbolAt(a, Y, off(MAIN, 'interpreter: host', 0, 14)), undefined);
});

test('definition across included files', () => {
  const a = analysis();
  assert.deepEqual(texts(nav.definition(a, Y, off(MAIN, 'binutils]'))), [`toolchain.bootstrap.yaml:binutils@${TOOL.indexOf('binutils')}`]);
  assert.deepEqual(texts(nav.definition(a, J, off(EXTRA, '["gcc"]', 0, 3))), [`bootstrap.yaml:gcc@${MAIN.indexOf('gcc:')}`]);
  assert.deepEqual(texts(nav.definition(a, J, off(EXTRA, '"restart-from": "gen"', 0, 18))), [`bootstrap.yaml:gen@${MAIN.indexOf('gen:')}`]);
  assert.deepEqual(texts(nav.definition(a, Y, off(MAIN, 'env:main', 0, 6))), [`bootstrap.yaml:main@${MAIN.indexOf('main:')}`]);
});

test('references across files, with and without the declaration', () => {
  const a = analysis();
  const refs = texts(nav.references(a, T, off(TOOL, "'gcc'", 0, 2), false));
  assert.deepEqual(refs.map((r) => r.replace(/@\d+$/, '')), [
    'bootstrap.yaml:gcc', // gen installs
    'bootstrap.yaml:gcc', // glibc build-depends
    'toolchain.bootstrap.yaml:gcc', // user build-depends
    'toolchain.bootstrap.yaml:gcc', // user depends
    'extra.bootstrap.json:gcc', // late imports
    'extra.bootstrap.json:gcc', // cc build-depends
  ]);
  const withDecl = nav.references(a, T, off(TOOL, "'gcc'", 0, 2), true);
  assert.equal(withDecl.length, 7);
  const envRefs = texts(nav.references(a, Y, off(MAIN, 'main:'), true)).map((r) => r.replace(/@\d+$/, ''));
  assert.deepEqual(envRefs.sort(), ['bootstrap.yaml:main', 'bootstrap.yaml:main', 'bootstrap.yaml:main', 'extra.bootstrap.json:main']);
});

test('prepareRename: range and placeholder, or why not', () => {
  const a = analysis();
  const ok = nav.prepareRename(a, Y, off(MAIN, 'env:main', 0, 6));
  assert.equal(slice(MAIN, ok.range), 'main');
  assert.equal(ok.placeholder, 'main');
  assert.match(nav.prepareRename(a, Y, off(MAIN, 'version')).error, /Only package, stage and env names/);
});

function applyRename(a, uri, offset, newName) {
  const result = nav.rename(a, uri, offset, newName);
  assert.ok(result.changes, result.error);
  const out = { ...TEXT };
  for (const change of result.changes) out[change.uri] = applyEdits(out[change.uri], change.edits);
  return { result, out };
}

test('rename a package across three files, keeping quotes, comments and styles', () => {
  const { result, out } = applyRename(analysis(), Y, off(MAIN, 'gcc:'), 'gcc-13');
  assert.deepEqual(result.changes.map((c) => c.uri).sort(), [Y, J, T].sort());
  const main = parseDocument(Y, out[Y]);
  const tool = parseDocument(T, out[T]);
  const extra = parseDocument(J, out[J]);
  assert.deepEqual([main.problems, tool.problems, extra.problems], [[], [], []]);
  assert.deepEqual(Object.keys(main.value.packages), ['gcc-13', 'glibc']);
  assert.deepEqual(main.value.packages.glibc['build-depends'], ['gcc-13']);
  assert.deepEqual(main.value.stages.gen.installs, ['gcc-13']);
  assert.deepEqual(tool.value.packages.user, { 'build-depends': ['glibc', 'gcc-13'], depends: ['gcc-13'] });
  assert.deepEqual(extra.value.stages.late.imports, ['gcc-13']);
  assert.deepEqual(extra.value.packages.cc['build-depends'], ['gcc-13']);
  assert.match(out[T], /build-depends: \["glibc", 'gcc-13'\]/);
  assert.match(out[Y], /build-depends: \[glibc, binutils\] {3}# é 😀/);
  assert.match(out[Y], /\n {6}- gcc-13\n/);
});

test('rename from a reference in the included file, and a quoted declaration', () => {
  const { out } = applyRename(analysis(), T, off(TOOL, '"glibc"', 0, 2), 'libc6');
  assert.deepEqual(Object.keys(parseDocument(Y, out[Y]).value.packages), ['gcc', 'libc6']);
  assert.deepEqual(parseDocument(Y, out[Y]).value.packages.gcc['build-depends'], ['libc6', 'binutils']);
  assert.match(out[T], /build-depends: \["libc6", 'gcc'\]/);
  const user = applyRename(analysis(), T, off(TOOL, "'user'", 0, 2), 'user2');
  assert.match(user.out[T], /\n {2}'user2':\n/);
});

test('rename an env: only the NAME of env:NAME changes', () => {
  const { out } = applyRename(analysis(), Y, off(MAIN, 'creates-env: main', 0, 14), 'venv_1');
  const main = parseDocument(Y, out[Y]);
  assert.deepEqual(Object.keys(main.value.envs), ['venv_1']);
  assert.equal(main.value.stages.init['creates-env'], 'venv_1');
  assert.equal(main.value.stages.gen.interpreter, 'env:venv_1');
  assert.match(out[Y], /interpreter: "env:venv_1"/);
  assert.equal(parseDocument(J, out[J]).value.stages.late.interpreter, 'env:venv_1');
});

test('rename a stage', () => {
  const { out } = applyRename(analysis(), J, off(EXTRA, '"restart-from": "gen"', 0, 18), 'generate');
  assert.deepEqual(Object.keys(parseDocument(Y, out[Y]).value.stages), ['init', 'generate']);
  assert.equal(parseDocument(J, out[J]).value.stages.late['on-change']['restart-from'], 'generate');
});

test('rename validates the new name and refuses clashes', () => {
  const a = analysis();
  assert.match(nav.rename(a, Y, off(MAIN, 'gcc:'), 'bad name').error, /not a valid package name/);
  assert.match(nav.rename(a, Y, off(MAIN, 'init:'), '1init').error, /not a valid stage name/);
  assert.match(nav.rename(a, Y, off(MAIN, 'gcc:'), 'binutils').error, /already declared/);
  assert.deepEqual(nav.rename(a, Y, off(MAIN, 'gcc:'), 'gcc'), { changes: [] });
  assert.match(nav.rename(a, Y, off(MAIN, 'version')).error, /Only package, stage and env names/);
});

test('rename to a name YAML would read as a number quotes it', () => {
  const { out } = applyRename(analysis(), Y, off(MAIN, 'gcc:'), '1.0');
  const main = parseDocument(Y, out[Y]);
  assert.deepEqual(main.value.packages.glibc['build-depends'], ['1.0']);
  assert.deepEqual(main.value.stages.gen.installs, ['1.0']);
  assert.deepEqual(parseDocument(T, out[T]).value.packages.user.depends, ['1.0']);
  assert.ok(Object.keys(main.value.packages).includes('1.0'));
});

test('CRLF documents: ranges and renames', () => {
  const crlf = MAIN.replace(/\n/g, '\r\n');
  const a = analyzeFiles({ [Y]: crlf, [T]: TOOL, [J]: EXTRA });
  const sym = nav.symbolAt(a, Y, off(crlf, 'glibc:'));
  assert.equal(slice(crlf, sym.range), 'glibc');
  const result = nav.rename(a, Y, off(crlf, 'glibc:'), 'libc');
  const edited = applyEdits(crlf, result.changes.find((c) => c.uri === Y).edits);
  assert.ok(!/[^\r]\n/.test(edited));
  assert.deepEqual(Object.keys(parseDocument(Y, edited).value.packages), ['gcc', 'libc']);
});

test('go to definition reads declarations only, not every dependency list of the workspace (an index of every use took 1.6 s on an archive)', () => {
  const n = 500;
  const lines = ['version: 1', 'packages:'];
  for (let i = 0; i < n; i++) lines.push(`  p${i}:`, `    build-depends: [p${(i + 1) % n}, p${(i + 7) % n}]`, '    binaries:', `      p${i}-bin: {depends: [p${(i + 3) % n}]}`);
  const text = lines.join('\n') + '\n';
  const a = analyzeFiles({ [Y]: text });
  let reads = 0;
  for (const w of a.workspaces) {
    for (const f of w.workspace.files) {
      for (const p of f.packages) {
        for (const key of ['buildDepends', 'depends']) {
          const value = p[key];
          Object.defineProperty(p, key, { get() { reads++; return value; } });
        }
      }
    }
  }
  const at = text.indexOf('[p251') + 1;
  const found = nav.definition(a, Y, at);
  assert.deepEqual(found.map((l) => slice(text, l.range)), ['p251']);
  assert.equal(found[0].range.start, text.indexOf('  p251:') + 2);
  assert.equal(reads, 0, 'dependency lists read');
  // References still find every use: two build-depends entries and a binary's depends name p251.
  const refs = nav.references(a, Y, at, true);
  assert.deepEqual(refs.map((l) => slice(text, l.range)), ['p251', 'p251', 'p251', 'p251']);
});
