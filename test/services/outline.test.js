'use strict';
// Document and workspace symbols, folding ranges.
const test = require('node:test');
const assert = require('node:assert/strict');
const { documentSymbols, workspaceSymbols } = require('../../server/out/core/services/symbols.js');
const { foldingRanges } = require('../../server/out/core/services/folding.js');
const { analyzeFiles, slice, parseDocument } = require('./helpers.js');

const Y = 'file:///ws/bootstrap.yaml';
const T = 'file:///ws/toolchain.bootstrap.json';

const MAIN = `# the main file
# of the test
version: 1
include: [toolchain.bootstrap.json]
envs:
  main: { manager: venv }
stages:
  find_conf:
    interpreter: host
  init_venv:
    interpreter: host
    creates-env: main
packages:
  gcc:
    description: the compiler é😀
    build-depends:
      - glibc
      - binutils
  glibc: {build-depends: [gcc]}
`;
const TOOL = `{
  // toolchain
  "version": 1,
  "packages": {
    "binutils": {
      "build-depends": [
        "zlib"
      ]
    },
    "zlib": {}
  }
}`;

function tree(symbols, text) {
  return symbols.map((s) => ({
    name: s.name, kind: s.kind, key: slice(text, s.selectionRange),
    ...(s.children.length ? { children: tree(s.children, text) } : {}),
  }));
}

test('document symbols: sections with their members as a tree', () => {
  const a = analyzeFiles({ [Y]: MAIN, [T]: TOOL });
  const symbols = documentSymbols(a, Y);
  assert.deepEqual(tree(symbols, MAIN), [
    { name: 'version', kind: 'key', key: 'version' },
    { name: 'include', kind: 'key', key: 'include' },
    { name: 'envs', kind: 'section', key: 'envs', children: [
      { name: 'main', kind: 'env', key: 'main', children: [{ name: 'manager', kind: 'key', key: 'manager' }] },
    ] },
    { name: 'stages', kind: 'section', key: 'stages', children: [
      { name: 'find_conf', kind: 'stage', key: 'find_conf', children: [{ name: 'interpreter', kind: 'key', key: 'interpreter' }] },
      { name: 'init_venv', kind: 'stage', key: 'init_venv', children: [{ name: 'interpreter', kind: 'key', key: 'interpreter' }, { name: 'creates-env', kind: 'key', key: 'creates-env' }] },
    ] },
    { name: 'packages', kind: 'section', key: 'packages', children: [
      { name: 'gcc', kind: 'package', key: 'gcc', children: [{ name: 'description', kind: 'key', key: 'description' }, { name: 'build-depends', kind: 'key', key: 'build-depends' }] },
      { name: 'glibc', kind: 'package', key: 'glibc', children: [{ name: 'build-depends', kind: 'key', key: 'build-depends' }] },
    ] },
  ]);
  const packages = symbols[4];
  assert.equal(slice(MAIN, packages.range), MAIN.slice(MAIN.indexOf('packages:')).trimEnd());
  const gcc = packages.children[0];
  assert.equal(slice(MAIN, gcc.range), 'gcc:\n    description: the compiler é😀\n    build-depends:\n      - glibc\n      - binutils');
  assert.equal(gcc.detail, 'the compiler é😀');
  assert.equal(packages.children[1].detail, 'build-depends: gcc');
  assert.equal(symbols[3].children[0].detail, 'host');
  assert.equal(symbols[2].children[0].detail, 'venv');
  assert.equal(slice(MAIN, packages.children[1].range), 'glibc: {build-depends: [gcc]}');

  const json = documentSymbols(a, T);
  assert.deepEqual(tree(json, TOOL).map((s) => s.name), ['version', 'packages']);
  assert.deepEqual(tree(json, TOOL)[1].children.map((c) => [c.name, c.key]), [['binutils', '"binutils"'], ['zlib', '"zlib"']]);
  assert.equal(slice(TOOL, json[1].children[1].range), '"zlib": {}');
  // a parsed document works too
  assert.deepEqual(documentSymbols(parseDocument(T, TOOL)).map((s) => s.name), ['version', 'packages']);
});

test('document symbols of a broken document do not throw', () => {
  const a = analyzeFiles({ [Y]: 'version: 1\npackages:\n  gcc: {build-depends: [\n  glibc:\n' });
  const symbols = documentSymbols(a, Y);
  assert.deepEqual(symbols.map((s) => s.name), ['version', 'packages']);
  assert.ok(symbols[1].children.some((c) => c.name === 'gcc'));
});

test('workspace symbols: every file, exact and prefix matches first', () => {
  const a = analyzeFiles({ [Y]: MAIN, [T]: TOOL });
  const all = workspaceSymbols(a, '');
  assert.deepEqual(all.map((s) => s.name), ['binutils', 'find_conf', 'gcc', 'glibc', 'init_venv', 'main', 'zlib']);
  const g = workspaceSymbols(a, 'g');
  assert.deepEqual(g.map((s) => s.name), ['gcc', 'glibc']);
  const lib = workspaceSymbols(a, 'LIB');
  assert.deepEqual(lib.map((s) => `${s.name}:${s.kind}:${s.containerName}`), ['glibc:package:packages', 'zlib:package:packages']);
  const fuzzy = workspaceSymbols(a, 'ivn');
  assert.deepEqual(fuzzy.map((s) => s.name), ['init_venv']);
  const z = workspaceSymbols(a, 'zlib')[0];
  assert.equal(z.uri, T);
  assert.equal(slice(TOOL, z.selectionRange), 'zlib');
  assert.equal(slice(TOOL, z.range), '"zlib": {}');
  assert.equal(workspaceSymbols(a, '', 2).length, 2);
});

test('folding: YAML block and flow collections, comment runs', () => {
  const a = analyzeFiles({ [Y]: MAIN, [T]: TOOL });
  const lines = MAIN.split('\n');
  const ranges = foldingRanges(a, Y);
  assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine, r.kind ?? '']), [
    [0, 1, 'comment'],
    [4, 5, ''], // envs
    [6, 11, ''], // stages
    [7, 8, ''], // find_conf
    [9, 11, ''], // init_venv
    [12, 18, ''], // packages
    [13, 17, ''], // gcc
    [15, 17, ''], // build-depends
  ]);
  assert.equal(lines[15].trim(), 'build-depends:');
  assert.equal(lines[17].trim(), '- binutils');
});

test('folding: JSON keeps the closing bracket visible; CRLF and flow YAML over lines', () => {
  const ranges = foldingRanges(parseDocument(T, TOOL));
  assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine]), [[0, 10], [3, 9], [4, 7], [5, 6]]);
  const crlf = 'version: 1\r\npackages:\r\n  gcc: {\r\n    build-depends: [a,\r\n      b]}\r\n  a: {}\r\n  b: {}\r\n';
  assert.deepEqual(foldingRanges(parseDocument(Y, crlf)).map((r) => [r.startLine, r.endLine]), [[1, 6], [2, 4], [3, 4]]);
  const block = '{\n  /* a\n     b */\n  "version": 1\n}';
  assert.deepEqual(foldingRanges(parseDocument(T, block)).map((r) => [r.startLine, r.endLine, r.kind ?? '']), [[0, 3, ''], [1, 2, 'comment']]);
});

test('document symbols of a big archive: every package, without the keys inside them (the outline stays near the size of the package list)', () => {
  const count = 2000;
  const lines = ['version: 1', 'packages:'];
  for (let i = 0; i < count; i++) lines.push(`  p${i}:`, `    description: package ${i}`, `    build-depends: [p${(i + 1) % count}]`, '    prebuilt: false');
  const text = lines.join('\n') + '\n';
  const symbols = documentSymbols(parseDocument(Y, text));
  const packages = symbols.find((s) => s.name === 'packages');
  assert.equal(packages.children.length, count);
  assert.deepEqual(packages.children.slice(0, 2).map((s) => [s.name, s.kind, slice(text, s.selectionRange)]), [['p0', 'package', 'p0'], ['p1', 'package', 'p1']]);
  const all = (list) => list.reduce((n, s) => n + 1 + all(s.children), 0);
  assert.equal(all(symbols), 2 + count, 'the keys inside the packages are left out');
  // Under the limit, the same shape keeps them.
  const small = lines.slice(0, 2 + 4 * 100).join('\n') + '\n';
  const smallPackages = documentSymbols(parseDocument(Y, small)).find((s) => s.name === 'packages');
  assert.deepEqual(smallPackages.children[0].children.map((s) => s.name), ['description', 'build-depends', 'prebuilt']);
});

test('folding ranges within a limit: the outermost ones, the last level in document order', () => {
  const lines = ['version: 1', 'packages:'];
  for (let i = 0; i < 300; i++) lines.push(`  p${i}:`, '    build-depends:', `      - p${i + 1}`, `      - p${i + 2}`);
  const doc = parseDocument(Y, lines.join('\n') + '\n');
  const all = foldingRanges(doc);
  assert.equal(all.length, 1 + 300 + 300);
  const some = foldingRanges(doc, undefined, 100);
  assert.equal(some.length, 100);
  // `packages:` first, then the first 99 packages (not their lists).
  assert.deepEqual(some.slice(0, 3).map((r) => [r.startLine, r.endLine]), [[1, 1201], [2, 5], [6, 9]]);
  assert.deepEqual(some[99], { startLine: 2 + 4 * 98, endLine: 5 + 4 * 98 });
  assert.equal(foldingRanges(doc, undefined, 301).length, 301);
  assert.deepEqual(foldingRanges(doc, undefined, 5000), all);
});
