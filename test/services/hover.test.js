'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { hover } = require('../../server/out/core/services/hover.js');
const { at, slice } = require('./helpers.js');

const Y = 'file:///ws/bootstrap.yaml';
const J = 'file:///ws/bootstrap.json';
const T = 'file:///ws/toolchain.bootstrap.yaml';

function run(uri, textWithMark, others) {
  const { analysis, text, offset } = at(uri, textWithMark, others);
  const h = hover(analysis, uri, offset);
  return { h, text, under: h && slice(text, h.range) };
}

test('a key shows the schema documentation: title, type, allowed values, default', () => {
  const { h, under } = run(Y, 'version: 1\nstages:\n  a:\n    wri‸tes: none\n');
  assert.equal(under, 'writes');
  assert.match(h.contents, /^\*\*writes\*\* — Writes · `string`/);
  assert.match(h.contents, /- `create` — creates new files only/);
  assert.match(h.contents, /Default: `"none"`/);
  const debug = run(Y, 'version: 1\nstages:\n  a:\n    debug: { po‸rt: 5678 }\n');
  assert.equal(debug.under, 'port');
  assert.match(debug.h.contents, /Debug port · `integer`/);
  assert.match(debug.h.contents, /1-65535/);
});

test('an enum value shows its own documentation', () => {
  const { h, under } = run(Y, 'version: 1\nstages:\n  a:\n    handoff: pi‸pe\n');
  assert.equal(under, 'pipe');
  assert.match(h.contents, /`handoff: pipe`/);
  assert.match(h.contents, /a child process, talking to its parent over pipes/);
  assert.match(h.contents, /Other values: `exec`, `inline`/);
});

const GRAPH = `version: 1
include:
  - toolchain.bootstrap.yaml
packages:
  gcc:
    description: The GNU compiler
    build-depends: [glibc, binutils]
    build-depends-bootstrap1: [binutils]
  glibc:
    build-depends: [gcc]
    depends: [tzdata]
  a:
    build-depends: [b]
  b:
    build-depends: [a]
  c:
    build-depends: [a, missing]
`;
const TOOL = 'packages:\n  binutils: {}\n  tzdata: {}\n  user:\n    build-depends: ["glibc"]\n';

test('a package declaration: dependencies, dependents, broken cycle and place in the plan', () => {
  const { h, under } = run(Y, GRAPH.replace('  gcc:', '  g‸cc:'), { [T]: TOOL });
  assert.equal(under, 'gcc');
  const c = h.contents;
  assert.match(c, /^\*\*package\*\* `gcc`/);
  assert.match(c, /The GNU compiler/);
  assert.match(c, /\*\*build-depends:\*\* `glibc`, `binutils`/);
  assert.match(c, /\*\*build-depends-bootstrap1:\*\* `binutils`/);
  assert.match(c, /\*\*needed to build:\*\* `glibc`\n/);
  assert.match(c, /broken by bootstrap builds:\*\* `gcc → glibc → gcc`, broken by `gcc@stage1`/);
  assert.match(c, /- stage-1 build in wave \d+/);
  assert.match(c, /- full build in wave \d+ — tainted/);
  assert.match(c, /- rebuild #1, washing out `gcc@stage1`/);
});

test('a package reference in another file: runtime closure, unbroken cycle, stuck', () => {
  const glibc = run(T, TOOL.replace('["glibc"]', '["gl‸ibc"]'), {});
  // the toolchain file alone: glibc is not declared there
  assert.equal(glibc.under, 'glibc');
  assert.match(glibc.h.contents, /not declared in this workspace/);

  const { analysis, text, offset } = at(T, TOOL.replace('["glibc"]', '["gl‸ibc"]'), { [Y]: GRAPH });
  const h = hover(analysis, T, offset);
  assert.equal(slice(text, h.range), 'glibc');
  assert.match(h.contents, /declared in `bootstrap.yaml`/);
  assert.match(h.contents, /\*\*depends:\*\* `tzdata`/);

  const a = run(Y, GRAPH.replace('build-depends: [a, missing]', 'build-depends: [‸a, missing]'), { [T]: TOOL });
  assert.equal(a.under, 'a');
  assert.match(a.h.contents, /\*\*In an unbroken build-dependency cycle:\*\* `a → b → a`; no `build-depends-bootstrapN` breaks it/);
  assert.match(a.h.contents, /stuck in an unbroken build-dependency cycle with `b`/);
  const c = run(Y, GRAPH.replace('  c:', '  ‸c:'), { [T]: TOOL });
  assert.match(c.h.contents, /stuck: /);
});

test('hover in JSON with non-ASCII before the cursor, and on stages and envs', () => {
  const src = '{\n  "version": 1,\n  "envs": {"main": {"manager": "venv"}},\n  "stages": {\n    "init": {"description": "é😀", "creates-env": "main"},\n    "run": {"interpreter": "env:ma‸in", "on-change": {"restart-from": "init"}}\n  }\n}';
  const { h, under } = run(J, src);
  assert.equal(under, 'main');
  assert.match(h.contents, /^\*\*env\*\* `main`/);
  assert.match(h.contents, /\*\*created by stage:\*\* `init`/);
  assert.match(h.contents, /\*\*stages running in it:\*\* `run`/);
  const stage = run(J, src.replace('env:ma‸in', 'env:main').replace('"restart-from": "init"', '"restart-from": "in‸it"'));
  assert.equal(stage.under, 'init');
  assert.match(stage.h.contents, /^\*\*stage\*\* `init` · #1 of 2 in the chain/);
  assert.match(stage.h.contents, /é😀/);
  assert.match(stage.h.contents, /\*\*restart point of:\*\* `run`/);
});

test('hover on CRLF text and on nothing', () => {
  const { under } = run(Y, 'version: 1\r\nstages:\r\n  a:\r\n    handoff: ex‸ec\r\n');
  assert.equal(under, 'exec');
  assert.equal(run(Y, 'version: 1\n# comm‸ent\n').h, undefined);
  assert.equal(run(Y, 'version: 1\npackages:\n  gcc:\n    description: some‸ text\n').h, undefined);
});
