'use strict';
// Inlay hints (each package's place in the plan) and document links.
const test = require('node:test');
const assert = require('node:assert/strict');
const { inlayHints } = require('../../server/out/core/services/inlay-hints.js');
const { documentLinks } = require('../../server/out/core/services/links.js');
const { analyzeFiles, slice } = require('./helpers.js');

const Y = 'file:///ws/bootstrap.yaml';
const T = 'file:///ws/tools/toolchain.bootstrap.yaml';

const MAIN = `version: 1
include:
  - tools/toolchain.bootstrap.yaml
  - ../outside.bootstrap.yaml
packages:
  seed: {prebuilt: true}
  gcc:
    build-depends: [glibc, seed]
    build-depends-bootstrap1: [seed]
  glibc:
    build-depends: [gcc]
  "a": {build-depends: [b]}
  b: {build-depends: [a]}
  c: {build-depends: [a]}
  d: {build-depends: [nowhere]}
  é😀x: {}
`;

test('inlay hints: the wave of each package at the end of its key\'s line, never between the key and its colon', () => {
  const a = analyzeFiles({ [Y]: MAIN });
  const hints = inlayHints(a, Y);
  const lineOf = (offset) => MAIN.slice(MAIN.lastIndexOf('\n', offset - 1) + 1, MAIN.indexOf('\n', offset));
  const shown = hints.map((h) => [MAIN.slice(MAIN.lastIndexOf('\n', h.offset - 1) + 1, h.offset), h.label]);
  assert.deepEqual(shown, [
    ['  seed: {prebuilt: true}', 'prebuilt · wave 1 · rebuild #1'],
    ['  gcc:', 'stage1 @ wave 2 · wave 4 · rebuild #2'],
    ['  glibc:', 'wave 3 · rebuild #3'],
    ['  "a": {build-depends: [b]}', 'stuck: cycle'],
    ['  b: {build-depends: [a]}', 'stuck: cycle'],
    ['  c: {build-depends: [a]}', 'stuck: needs a'],
    ['  d: {build-depends: [nowhere]}', 'stuck: unknown nowhere'],
    ['  é😀x: {}', 'wave 1'],
  ]);
  // Each sits at the end of its line: nothing but the line break follows.
  for (const h of hints) assert.equal(MAIN[h.offset], '\n', JSON.stringify(lineOf(h.offset)));
  assert.ok(hints.every((h) => h.paddingLeft));
  assert.match(hints[1].tooltip, /stage-1 build in wave 2/);
  assert.match(hints[3].tooltip, /unbroken build-dependency cycle with `b`/);
  // only the keys inside the range
  const from = MAIN.indexOf('glibc:');
  const some = inlayHints(a, Y, { start: from, end: MAIN.indexOf('  b:') });
  assert.deepEqual(some.map((h) => h.label), ['wave 3 · rebuild #3', 'stuck: cycle']);
});

test('inlay hints: after trailing comments and before trailing blanks; after each entry when packages share a line', () => {
  const text = 'version: 1\npackages:\n  gcc:   # the compiler   \n    build-depends: [zlib]\n  zlib: {}\t \nenvironments: {}\n';
  const hints = inlayHints(analyzeFiles({ [Y]: text }), Y);
  assert.deepEqual(hints.map((h) => text.slice(text.lastIndexOf('\n', h.offset - 1) + 1, h.offset)), ['  gcc:   # the compiler', '  zlib: {}']);

  const flow = 'version: 1\npackages: {zlib: {}, gcc: {build-depends: [zlib]}}\n';
  const flowHints = inlayHints(analyzeFiles({ [Y]: flow }), Y);
  assert.deepEqual(flowHints.map((h) => [flow.slice(0, h.offset).split('\n')[1], h.label]), [
    ['packages: {zlib: {}', 'wave 1'],
    ['packages: {zlib: {}, gcc: {build-depends: [zlib]}', 'wave 2'],
  ]);
});

test('inlay hints in CRLF JSON: at the end of the line, before the CR', () => {
  const J = 'file:///ws/x.bootstrap.json';
  const text = '{\r\n  "version": 1,\r\n  "packages": {\r\n    "zlib": {},\r\n    "gcc": {"build-depends": ["zlib"]}\r\n  }\r\n}';
  const hints = inlayHints(analyzeFiles({ [J]: text }), J);
  assert.deepEqual(hints.map((h) => [text.slice(text.lastIndexOf('\n', h.offset) + 1, h.offset), text[h.offset], h.label]),
    [['    "zlib": {},', '\r', 'wave 1'], ['    "gcc": {"build-depends": ["zlib"]}', '\r', 'wave 2']]);
});

test('document links: include, run and requirements inside the workspace only', () => {
  const text = `version: 1
include:
  - tools/toolchain.bootstrap.yaml
  - ../outside.bootstrap.yaml
envs:
  main: { manager: venv, requirements: "@/conf/req é.txt" }
stages:
  gen:
    run: '@/exe/gen.py'
  other:
    run: /etc/passwd
`;
  const tool = 'version: 1\nstages:\n  t:\n    run: ../scripts/t.py\n';
  const a = analyzeFiles({ [Y]: text, [T]: tool });
  const links = documentLinks(a, Y, { roots: ['file:///ws'] });
  assert.deepEqual(links.map((l) => [slice(text, l.range), l.target]), [
    ['tools/toolchain.bootstrap.yaml', T],
    ['@/conf/req é.txt', 'file:///ws/conf/req%20%C3%A9.txt'],
    ['@/exe/gen.py', 'file:///ws/exe/gen.py'],
  ]);
  assert.match(links[0].tooltip, /included file/);
  const toolLinks = documentLinks(a, T, { roots: ['file:///ws'] });
  assert.deepEqual(toolLinks.map((l) => [slice(tool, l.range), l.target]), [['../scripts/t.py', 'file:///ws/scripts/t.py']]);
  // default root: the project root
  assert.equal(documentLinks(a, Y).length, 3);
});

test('inlay hints on a cluster of thousands: each tooltip names a few of the others without reading the whole cluster per package', () => {
  const n = 3000;
  const lines = ['version: 1', 'packages:'];
  for (let i = 0; i < n; i++) lines.push(`  p${i}: {build-depends: [p${(i + 1) % n}]}`);
  const a = analyzeFiles({ [Y]: lines.join('\n') + '\n' });
  const wa = a.workspaceOf(Y);
  // Count the reads of each package's stuck cycle (the whole cluster's names).
  let reads = 0;
  const info = wa.packageInfo;
  wa.packageInfo = (name) => {
    const i = info(name);
    if (!i || i.stuck?.reason !== 'cycle') return i;
    const cycle = new Proxy(i.stuck.cycle, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    return { ...i, stuck: { ...i.stuck, cycle } };
  };
  const hints = inlayHints(a, Y);
  assert.equal(hints.length, n);
  assert.match(hints[0].tooltip, /^- stuck in an unbroken build-dependency cycle with `p1`, `p10`, `p100`, `p1000`, .*, `p1006` and 2989 more$/);
  assert.ok(reads <= 20 * n, `${reads} reads of the cluster's names for ${n} hints`);
  // Without tooltips (a client resolving them), the same hints.
  reads = 0;
  const bare = inlayHints(a, Y, undefined, { tooltips: false });
  assert.deepEqual(bare.map((h) => [h.package, h.offset, h.label, h.tooltip]), hints.map((h) => [h.package, h.offset, h.label, undefined]));
  assert.equal(reads, 0);
});
