'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { complete } = require('../../server/out/core/services/completion.js');
const { at, slice, applyItem, parseDocument, analyzeFiles } = require('./helpers.js');

const Y = 'file:///ws/bootstrap.yaml';
const J = 'file:///ws/bootstrap.json';

function run(uri, textWithMark, others) {
  const { analysis, text, offset } = at(uri, textWithMark, others);
  const result = complete(analysis, uri, offset);
  const byLabel = new Map(result.items.map((i) => [i.label, i]));
  return { result, items: result.items, text, offset, byLabel, labels: result.items.map((i) => i.label) };
}

function sortedLabels(items) {
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

const PACKAGES = `version: 1
packages:
  gcc:
    build-depends: [glibc, binutils]
  glibc:
    build-depends: [binutils]
    depends: [tzdata]
  binutils: {}
  tzdata:
    build-depends: [gcc]
`;

test('YAML block: keys of a package on an empty line, with documentation and the next bootstrap key', () => {
  const { items, text, byLabel } = run(Y, PACKAGES.replace('    build-depends: [glibc, binutils]\n', '    build-depends: [glibc, binutils]\n    ‸\n'));
  assert.deepEqual(sortedLabels(items), ['build-depends-bootstrap1', 'description', 'depends', 'prebuilt', 'maintainer', 'uploaders', 'binaries']);
  for (const item of items) assert.equal(slice(text, item.range), '');
  assert.equal(byLabel.get('description').insertText, 'description: ');
  assert.equal(byLabel.get('description').isSnippet, false);
  assert.equal(byLabel.get('depends').insertText, 'depends: [$1]');
  assert.equal(byLabel.get('depends').isSnippet, true);
  assert.equal(byLabel.get('prebuilt').insertText, 'prebuilt: ');
  assert.match(byLabel.get('prebuilt').documentation, /present \*\*before the plan starts\*\*/);
  assert.match(byLabel.get('prebuilt').documentation, /Default: `false`/);
  assert.equal(byLabel.get('depends').kind, 'key');
  const boot = byLabel.get('build-depends-bootstrap1');
  assert.equal(boot.kind, 'snippet');
  assert.equal(boot.insertText, 'build-depends-bootstrap1: [${1:glibc, binutils}]');
  assert.match(boot.detail, /pre-filled/);
});

test('YAML block: a half-typed key replaces what was typed; existing keys are not offered', () => {
  const { items, text, byLabel } = run(Y, 'version: 1\nstages:\n  a:\n    interpreter: host\n    wri‸\n');
  assert.ok(byLabel.has('writes'));
  assert.ok(!byLabel.has('interpreter'));
  const writes = byLabel.get('writes');
  assert.equal(slice(text, writes.range), 'wri');
  assert.equal(writes.insertText, 'writes: ');
  assert.equal(writes.retrigger, true);
  assert.equal(applyItem(text, writes), 'version: 1\nstages:\n  a:\n    interpreter: host\n    writes: \n');
  // every stage key but interpreter
  assert.deepEqual(new Set(items.map((i) => i.label)), new Set(['description', 'imports', 'creates-env', 'installs', 'run', 'handoff', 'writes', 'require-clean-tree', 'state-file', 'generates', 'on-change', 'debug', 'env-vars']));
});

test('YAML block: an object key is followed by a new line indented one step deeper', () => {
  const { text, byLabel } = run(Y, 'version: 1\nstages:\n  a:\n    on‸\n');
  const item = byLabel.get('on-change');
  assert.equal(item.insertText, 'on-change:\n      ');
  assert.equal(slice(text, item.range), 'on');
  const { byLabel: rootItems } = run(Y, 'version: 1\n‸');
  assert.equal(rootItems.get('packages').insertText, 'packages:\n  ');
  assert.ok(!rootItems.has('version'));
});

test('YAML block: the key under the cursor of a complete line is replaced by the name only', () => {
  const { text, byLabel } = run(Y, 'version: 1\nstages:\n  a:\n    wri‸tes: none\n');
  const item = byLabel.get('writes');
  assert.equal(slice(text, item.range), 'writes');
  assert.equal(item.insertText, 'writes');
});

test('YAML: enum values after `key: `, with their documentation', () => {
  const { items, text } = run(Y, 'version: 1\nstages:\n  a:\n    writes: ‸\n');
  assert.deepEqual(items.map((i) => i.label), ['none', 'create', 'modify']);
  assert.deepEqual(items.map((i) => i.insertText), ['none', 'create', 'modify']);
  for (const i of items) assert.equal(slice(text, i.range), '');
  assert.equal(items[0].detail, 'default');
  assert.equal(items[1].documentation, 'creates new files only');
  assert.match(items[2].documentation, /may change existing files/);

  const partial = run(Y, 'version: 1\nstages:\n  a:\n    writes: cr‸eate # note\n');
  assert.equal(slice(partial.text, partial.items[0].range), 'create');

  const noSpace = run(Y, 'version: 1\nstages:\n  a:\n    handoff:‸\n');
  assert.deepEqual(noSpace.items.map((i) => i.insertText), [' exec', ' inline', ' pipe']);
});

test('YAML: interpreter offers host, selected and env:<name> for each declared env', () => {
  const { items, text } = run(Y, 'version: 1\nenvs:\n  main: {manager: venv}\n  tools: {manager: micromamba}\nstages:\n  a:\n    interpreter: env:m‸\n');
  assert.deepEqual(items.map((i) => i.label), ['host', 'selected', 'env:main', 'env:tools']);
  for (const i of items) assert.equal(slice(text, i.range), 'env:m');
  assert.equal(items[2].kind, 'env');
  assert.match(items[2].detail, /venv/);
  assert.match(items[0].documentation, /not yet known/);
});

test('YAML: boolean values and creates-env names', () => {
  const bool = run(Y, 'version: 1\nstages:\n  a:\n    require-clean-tree: ‸\n');
  assert.deepEqual(bool.labels, ['true', 'false']);
  assert.equal(bool.items[1].detail, 'default');
  const env = run(Y, 'version: 1\nenvs:\n  main: {manager: venv}\nstages:\n  a:\n    creates-env: ‸\n');
  assert.deepEqual(env.labels, ['main']);
  assert.equal(env.items[0].kind, 'env');
});

test('YAML flow: package names in an unterminated list, without the package itself and the listed ones', () => {
  const { items, text } = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc, ‸\n  glibc: {}\n  binutils: {}\n  tzdata: {}\n');
  assert.deepEqual(sortedLabels(items), ['binutils', 'tzdata']);
  for (const i of items) {
    assert.equal(slice(text, i.range), '');
    assert.equal(i.kind, 'package');
    assert.equal(i.insertText, i.label);
  }
});

test('YAML flow: a half-typed item, and an item before others gets a comma', () => {
  const typed = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc, bi‸]\n  glibc: {}\n  binutils: {}\n');
  assert.deepEqual(typed.labels, ['binutils']);
  assert.equal(slice(typed.text, typed.items[0].range), 'bi');
  assert.equal(applyItem(typed.text, typed.items[0]), 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc, binutils]\n  glibc: {}\n  binutils: {}\n');
  const before = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends: [‸glibc]\n  glibc: {}\n  binutils: {}\n');
  assert.deepEqual(before.labels, ['binutils']);
  assert.equal(before.items[0].insertText, 'binutils, ');
  const out = applyItem(before.text, before.items[0]);
  assert.deepEqual(parseDocument(Y, out).value.packages.gcc['build-depends'], ['binutils', 'glibc']);
});

test('YAML block list: right after a typed dash (`-` triggers completion) the item starts with a space', () => {
  const dash = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends:\n      - binutils\n      -‸\n  glibc: {}\n  binutils: {}\n');
  const glibc = dash.byLabel.get('glibc');
  assert.equal(glibc.insertText, ' glibc');
  const out = applyItem(dash.text, glibc);
  assert.equal(out.split('\n')[5], '      - glibc');
  assert.deepEqual(parseDocument(Y, out).value.packages.gcc['build-depends'], ['binutils', 'glibc']);
  const diags = analyzeFiles({ [Y]: out }).diagnostics.get(Y) ?? [];
  assert.deepEqual(diags.filter((d) => /unknown key/.test(d.message)).map((d) => d.message), []);

  // the cursor between the dash and a trailing space: the space is replaced, and put back
  const beforeSpace = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends:\n      -‸ \n  glibc: {}\n');
  assert.equal(applyItem(beforeSpace.text, beforeSpace.byLabel.get('glibc')).split('\n')[4], '      - glibc');

  // the other lists of names: stages' installs and imports, include
  const stage = (list) => run(Y, `version: 1\npackages:\n  gcc: {}\nstages:\n  a:\n    interpreter: host\n    ${list}:\n      -‸\n`);
  for (const list of ['installs', 'imports']) {
    const r = stage(list);
    assert.equal(applyItem(r.text, r.byLabel.get('gcc')).split('\n')[7], '      - gcc', list);
    assert.deepEqual(parseDocument(Y, applyItem(r.text, r.byLabel.get('gcc'))).value.stages.a[list], ['gcc'], list);
  }
  const inc = run(Y, 'version: 1\ninclude:\n  -‸\n', { 'file:///ws/other.yaml': 'version: 1\n' });
  assert.equal(applyItem(inc.text, inc.byLabel.get('other.yaml')), 'version: 1\ninclude:\n  - other.yaml\n');

  // a key after the dash (a list item the schema reads as an object) gets the space too
  const key = run(Y, 'version: 1\npackages:\n  -‸\n');
  assert.ok(key.items.length > 0);
  for (const item of key.items) assert.match(item.insertText, /^ \S/, item.label);
});

test('YAML block list: a dash item, an undashed line under the list key, a bare key', () => {
  const dash = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends:\n      - glibc\n      - ‸\n  glibc: {}\n  binutils: {}\n');
  assert.deepEqual(dash.labels, ['binutils']);
  assert.equal(dash.items[0].insertText, 'binutils');

  const undashed = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends:\n      ‸\n  glibc: {}\n  binutils: {}\n');
  assert.deepEqual(sortedLabels(undashed.items), ['binutils', 'glibc']);
  assert.equal(undashed.byLabel.get('glibc').insertText, '- glibc');
  assert.deepEqual(parseDocument(Y, applyItem(undashed.text, undashed.byLabel.get('glibc'))).value.packages.gcc['build-depends'], ['glibc']);

  const typed = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends:\n      gl‸\n  glibc: {}\n  binutils: {}\n');
  assert.deepEqual(typed.labels, ['glibc', 'binutils']);
  assert.equal(slice(typed.text, typed.items[0].range), 'gl');
  assert.equal(typed.items[0].insertText, '- glibc');

  const bare = run(Y, 'version: 1\npackages:\n  gcc:\n    depends: ‸\n  glibc: {}\n');
  assert.deepEqual(bare.labels, ['glibc']);
  assert.equal(bare.items[0].insertText, '[glibc]');
});

test('cycle: an item that would close an unbroken cycle says so; one a bootstrap set breaks does not', () => {
  const src = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n  glibc:\n    build-depends: [‸]\n  binutils:\n    depends: [tzdata]\n  tzdata:\n    build-depends: [gcc]\n  zlib: {}\n';
  const { byLabel } = run(Y, src);
  assert.equal(byLabel.get('gcc').detail, 'closes a build-dependency cycle: glibc → gcc → glibc');
  assert.equal(byLabel.get('tzdata').detail, 'closes a build-dependency cycle: glibc → tzdata → gcc → glibc');
  // binutils itself does not reach glibc, its runtime dependency tzdata does
  assert.equal(byLabel.get('binutils').detail, 'closes a build-dependency cycle: glibc → binutils → tzdata → gcc → glibc');
  assert.equal(byLabel.get('zlib').detail, 'package');
  assert.ok(byLabel.get('zlib').sortText < byLabel.get('gcc').sortText);

  const broken = run(Y, src.replace('    build-depends: [glibc]\n', '    build-depends: [glibc]\n    build-depends-bootstrap1: []\n'));
  assert.equal(broken.byLabel.get('gcc').detail, 'package');

  // runtime depends: glibc depends gcc makes gcc → glibc's closure contain gcc
  const runtime = run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n  glibc:\n    depends: [‸]\n  zlib: {}\n');
  assert.equal(runtime.byLabel.get('gcc').detail, 'closes a build-dependency cycle: gcc → gcc');
  assert.equal(runtime.byLabel.get('zlib').detail, 'package');
});

test('next free build-depends-bootstrapN in block style, pre-filled with build-depends', () => {
  const src = 'version: 1\npackages:\n  gcc:\n    build-depends:\n      - glibc\n      - binutils\n    build-depends-bootstrap1:\n      - binutils\n    bu‸\n  glibc: {}\n  binutils: {}\n';
  const { text, byLabel } = run(Y, src);
  assert.ok(!byLabel.has('build-depends'));
  const item = byLabel.get('build-depends-bootstrap2');
  assert.ok(item);
  assert.ok(!byLabel.has('build-depends-bootstrap1'));
  assert.equal(slice(text, item.range), 'bu');
  assert.equal(item.insertText, 'build-depends-bootstrap2:\n      - ${1:glibc}\n      - ${2:binutils}');
  const out = parseDocument(Y, applyItem(text, item));
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.value.packages.gcc['build-depends-bootstrap2'], ['glibc', 'binutils']);
});

test('restart-from offers earlier stages first; later ones say they are later', () => {
  const { items, text } = run(Y, 'version: 1\nstages:\n  a: {}\n  b:\n    on-change: { restart-from: ‸ }\n  c: {}\n');
  assert.deepEqual(sortedLabels(items), ['a', 'b', 'c']);
  assert.equal(items.find((i) => i.label === 'b').detail, 'this stage');
  assert.match(items.find((i) => i.label === 'c').detail, /later/);
  for (const i of items) assert.equal(slice(text, i.range), '');
  assert.equal(items[0].kind, 'stage');
});

test('imports: stdlib/env after the key, installed packages first inside a list', () => {
  const files = 'version: 1\nstages:\n  a:\n    installs: [pyyaml]\n  b:\n    imports: ‸\npackages:\n  pyyaml: {}\n  jsonschema: {}\n';
  const bare = run(Y, files);
  assert.deepEqual(bare.labels, ['stdlib', 'env']);
  const list = run(Y, files.replace('imports: ‸', 'imports: [‸]'));
  assert.deepEqual(sortedLabels(list.items), ['pyyaml', 'jsonschema']);
  assert.equal(list.byLabel.get('jsonschema').detail, 'not installed by an earlier stage');
});

test('undeclared names are offered as new members of packages and envs', () => {
  const { byLabel, text } = run(Y, 'version: 1\nstages:\n  a:\n    interpreter: env:venv1\npackages:\n  gcc:\n    build-depends: [glibc]\n  gl‸\n');
  const item = byLabel.get('glibc');
  assert.equal(item.kind, 'package');
  assert.match(item.detail, /declare package/);
  assert.equal(slice(text, item.range), 'gl');
  assert.deepEqual(parseDocument(Y, applyItem(text, item)).value.packages.glibc, {});
  const envs = run(Y, 'version: 1\nenvs:\n  ‸\nstages:\n  a:\n    interpreter: env:venv1\n');
  const env = envs.byLabel.get('venv1');
  assert.equal(env.insertText, 'venv1:\n    manager: ${1|venv,micromamba,system|}');
  assert.deepEqual(parseDocument(Y, applyItem(envs.text, env)).value.envs, { venv1: { manager: 'venv' } });
});

test('YAML flow map: keys with comma handling, non-ASCII before the cursor', () => {
  const { text, byLabel } = run(Y, 'version: 1\npackages:\n  gcc: {description: "é😀", ‸}\n');
  const item = byLabel.get('depends');
  assert.ok(!byLabel.has('description'));
  assert.equal(slice(text, item.range), '');
  assert.equal(item.insertText, 'depends: [$1]');
  const before = run(Y, 'version: 1\npackages:\n  gcc: {‸description: "é😀"}\n');
  assert.equal(before.byLabel.get('prebuilt').insertText, 'prebuilt: $1, ');
  const out = parseDocument(Y, applyItem(before.text, before.byLabel.get('prebuilt')).replace('prebuilt: ,', 'prebuilt: true,'));
  assert.deepEqual(out.value.packages.gcc, { prebuilt: true, description: 'é😀' });
  const python = run(Y, 'version: 1\npython: { mi‸ }\n');
  assert.deepEqual(python.labels, ['min']);
  assert.equal(slice(python.text, python.items[0].range), 'mi');
});

test('non-ASCII on the cursor line: ranges stay in UTF-16 offsets', () => {
  const { text, items } = run(Y, 'version: 1\npackages:\n  gcc:\n    description: café 😀\n    build-depends: [glibc, ‸]  # ünïcode 😀\n  glibc: {}\n  zlib: {}\n');
  assert.deepEqual(items.map((i) => i.label), ['zlib']);
  assert.equal(slice(text, items[0].range), '');
  assert.equal(text.slice(items[0].range.start - 2, items[0].range.start), ', ');
  const emoji = run(Y, 'version: 1\nstages:\n  é😀:\n    writes: mo‸\n');
  assert.equal(slice(emoji.text, emoji.items[0].range), 'mo');
});

test('CRLF documents: new lines of a snippet use CRLF; ranges are exact', () => {
  const { text, byLabel } = run(Y, 'version: 1\r\nstages:\r\n  a:\r\n    deb‸\r\n  b: {}\r\n');
  const item = byLabel.get('debug');
  assert.equal(slice(text, item.range), 'deb');
  assert.equal(item.insertText, 'debug:\r\n      ');
  const list = run(Y, 'version: 1\r\npackages:\r\n  gcc:\r\n    build-depends:\r\n      - ‸\r\n  glibc: {}\r\n');
  assert.deepEqual(list.labels, ['glibc']);
  assert.equal(slice(list.text, list.items[0].range), '');
  const value = run(Y, 'version: 1\r\nstages:\r\n  a:\r\n    writes: n‸\r\n');
  assert.equal(slice(value.text, value.items[0].range), 'n');
});

test('JSON: keys inside quotes, with the colon and comma handled', () => {
  const src = '{\n  "version": 1,\n  "packages": {\n    "gcc": {\n      "build-depends": ["glibc"],\n      "‸"\n    },\n    "glibc": {}\n  }\n}';
  const { text, byLabel, items } = run(J, src);
  assert.deepEqual(sortedLabels(items), ['build-depends-bootstrap1', 'description', 'depends', 'prebuilt', 'maintainer', 'uploaders', 'binaries']);
  const desc = byLabel.get('description');
  assert.equal(slice(text, desc.range), '""');
  assert.equal(desc.insertText, '"description": "$1"');
  assert.equal(desc.filterText, '"description');
  assert.equal(byLabel.get('depends').insertText, '"depends": [$1]');
  assert.equal(byLabel.get('prebuilt').insertText, '"prebuilt": $1');
  assert.equal(byLabel.get('build-depends-bootstrap1').insertText, '"build-depends-bootstrap1": [${1:"glibc"}]');
  const out = parseDocument(J, applyItem(text, byLabel.get('build-depends-bootstrap1')));
  assert.deepEqual(out.value.packages.gcc['build-depends-bootstrap1'], ['glibc']);

  const existing = run(J, '{\n  "stages": {\n    "s": {\n      "wri‸": "none"\n    }\n  }\n}');
  assert.equal(slice(existing.text, existing.byLabel.get('writes').range), '"wri"');
  assert.equal(existing.byLabel.get('writes').insertText, '"writes"');

  const comma = run(J, '{\n  "stages": {\n    "s": {\n      ‸\n      "writes": "none"\n    }\n  }\n}');
  assert.equal(comma.byLabel.get('handoff').insertText, '"handoff": "$1",');
  assert.ok(!comma.byLabel.has('writes'));
});

test('JSON: values and list items, also in an unterminated document', () => {
  const value = run(J, '{\n  "stages": {\n    "s": {"writes": "m‸", "run": "x"}\n  }\n}');
  assert.deepEqual(value.labels, ['none', 'create', 'modify']);
  assert.equal(slice(value.text, value.items[2].range), '"m"');
  assert.equal(value.items[2].insertText, '"modify"');
  assert.equal(value.items[2].filterText, '"modify');

  const items = run(J, '{"version": 1, "packages": {"gcc": {"build-depends": ["glibc", ‸]}, "glibc": {}, "binutils": {}}}');
  assert.deepEqual(items.labels, ['binutils']);
  assert.equal(items.items[0].insertText, '"binutils"');

  const open = run(J, '{\n  "version": 1,\n  "packages": {\n    "binutils": {},\n    "gcc": {\n      "build-depends": ["bi‸\n');
  assert.deepEqual(open.labels, ['binutils']);
  assert.equal(slice(open.text, open.items[0].range), '"bi');
  assert.equal(open.items[0].insertText, '"binutils"');
  const open2 = run(J, '{\n  "version": 1,\n  "packages": {\n    "binutils": {},\n    "gcc": {\n      "build-depends": ["binu‸tils\n');
  assert.deepEqual(open2.labels, ['binutils']);
  assert.equal(slice(open2.text, open2.items[0].range), '"binutils');
  assert.equal(open2.items[0].insertText, '"binutils"');

  const bare = run(J, '{"version": 1, "packages": {"gcc": {"depends": ‸}, "glibc": {}}}');
  assert.deepEqual(bare.items.map((i) => i.insertText), ['["glibc"]']);
});

test('JSON with comments and non-ASCII before the cursor', () => {
  const { text, items } = run(J, '{\n  // é 😀 comment\n  "version": 1,\n  "stages": {\n    "😀": { /* note */ "handoff": ‸ }\n  }\n}');
  assert.deepEqual(items.map((i) => i.insertText), ['"exec"', '"inline"', '"pipe"']);
  assert.equal(slice(text, items[0].range), '');
});

test('no completion inside comments or after a closed flow collection', () => {
  assert.deepEqual(run(Y, 'version: 1\n# wri‸\n').items, []);
  assert.deepEqual(run(Y, 'version: 1\npackages:\n  gcc:\n    build-depends: [a]‸\n').items, []);
  assert.deepEqual(run(J, '{"version": 1} ‸').items, []);
});

test('a long cycle path is shortened in the middle; many packages are narrowed by what was typed', () => {
  let src = 'version: 1\npackages:\n';
  for (let i = 0; i < 1200; i++) src += `  p${i}: {build-depends: [${i ? 'p' + (i - 1) : ''}]}\n`;
  const { analysis, text, offset } = require('./helpers.js').at(Y, src.replace('  p0: {build-depends: []}', '  p0: {build-depends: [p11‸]}'));
  const result = complete(analysis, Y, offset);
  assert.equal(result.isIncomplete, true);
  const expected = [];
  for (let i = 1; i < 1200; i++) if (String(i).startsWith('11')) expected.push('p' + i);
  assert.deepEqual(result.items.map((i) => i.label).sort(), expected.sort());
  assert.equal(expected.length, 111);
  const p11 = result.items.find((i) => i.label === 'p11');
  assert.equal(slice(text, p11.range), 'p11');
  assert.equal(p11.detail, 'closes a build-dependency cycle: p0 → p11 → p10 → p9 → p8 → p7 → p6 → … → p0');
  const p1100 = result.items.find((i) => i.label === 'p1100');
  assert.equal(p1100.detail, 'closes a build-dependency cycle: p0 → p1100 → p1099 → p1098 → p1097 → p1096 → p1095 → … → p0');
});

test('include items: the other bootstrap files, relative to this one', () => {
  const others = { 'file:///ws/sub/tools.bootstrap.yaml': 'version: 1\n', 'file:///ws/other.bootstrap.json': '{"version": 1}', 'file:///ws/sub/x.bootstrap.yaml': 'version: 1\n' };
  const { items, text } = run(Y, 'version: 1\ninclude:\n  - sub/x.bootstrap.yaml\n  - ‸\n', others);
  assert.deepEqual(items.map((i) => i.label), ['other.bootstrap.json', 'sub/tools.bootstrap.yaml']);
  assert.equal(slice(text, items[0].range), '');
  const bare = run(Y, 'version: 1\ninclude: ‸\n', others);
  assert.deepEqual(bare.items.map((i) => i.insertText), ['[other.bootstrap.json]', '[sub/tools.bootstrap.yaml]', '[sub/x.bootstrap.yaml]']);
});

test('keys a subschema forbids are not offered (no path for a system env); required keys sort first', () => {
  const system = run(Y, 'version: 1\nenvs:\n  sys:\n    manager: system\n    ‸\n');
  assert.deepEqual(system.labels.sort(), ['python']);
  const venv = run(Y, 'version: 1\nenvs:\n  v:\n    manager: venv\n    ‸\n');
  assert.deepEqual(venv.labels.sort(), ['path', 'python', 'requirements']);
  const mamba = run(Y, 'version: 1\nenvs:\n  m:\n    ‸\n');
  assert.deepEqual(sortedLabels(mamba.items), ['manager', 'path', 'python', 'requirements', 'channels']);
  const json = run(J, '{"‸"}');
  assert.equal(json.byLabel.get('$schema').insertText, '"\\$schema": "$1"');
  assert.equal(json.byLabel.get('version').sortText < json.byLabel.get('$schema').sortText, true);
  const version = run(J, '{"version": ‸}');
  assert.deepEqual(version.items.map((i) => i.insertText), ['1']);
});

test('flow and JSON: after an entry with no comma yet, the insertion starts with one', () => {
  const seq = run(Y, 'version: 1\npackages:\n  gcc: {build-depends: [glibc ‸]}\n  glibc: {}\n  zlib: {}\n');
  assert.deepEqual(seq.items.map((i) => i.insertText), [', zlib']);
  assert.deepEqual(parseDocument(Y, applyItem(seq.text, seq.items[0])).value.packages.gcc['build-depends'], ['glibc', 'zlib']);
  const map = run(J, '{"version": 1 ‸}');
  const item = map.byLabel.get('packages');
  assert.equal(item.insertText, ', "packages": {$1}');
  assert.ok(!map.byLabel.has('version'));
  assert.deepEqual(parseDocument(J, applyItem(map.text, item)).value, { version: 1, packages: {} });
});

test('YAML flow map: a value right after the colon gets a space', () => {
  const { items, text } = run(Y, 'version: 1\nstages:\n  a: {writes:‸}\n');
  assert.deepEqual(items.map((i) => i.insertText), [' none', ' create', ' modify']);
  assert.deepEqual(parseDocument(Y, applyItem(text, items[1])).value.stages.a, { writes: 'create' });
});
