'use strict';
// A byte-order mark is not content, for the server (which keeps the mark its
// client sent) as for `strap check` (which reads it from the file): both
// parse through the core's one path, so they report the same problems, and
// messages name places as line:column (1-based, as the CLI prints them), not
// by offsets that differ by the mark (issue 18, points 3, 4 and 6).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { toPositionedDiagnostic } = require('../../server/out/core/positioned.js');

const BIN = path.join(__dirname, '../../bin/strap.js');

/** The diagnostics the server publishes for a text (its client's, mark included). */
function server(name, text) {
  const uri = `file:///ws/${name}`;
  const analysis = analyze([uri], memoryProvider({ [uri]: text }), { roots: ['file:///ws'] });
  return (analysis.diagnostics.get(uri) ?? []).map((d) => toPositionedDiagnostic(d, (u) => analysis.documents.get(u)?.lineIndex));
}

/** What `strap check --format json` reports for the same text written to a file. */
function cli(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-bom-'));
  try {
    fs.writeFileSync(path.join(dir, name), text);
    const r = spawnSync(process.execPath, [BIN, 'check', name, '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(r.stdout).files[0]?.diagnostics ?? [];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Code, message and place; a place on the first line loses the mark's column (the CLI counts after it). */
function shown(diagnostics, bom) {
  return diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character - (d.range.start.line === 0 ? bom : 0)]);
}

const CASES = [
  ['a mark before indentation', 'bootstrap.yaml', '\ufeff  version: 1\npackages: {}\n'],
  ['two marks before JSON', 'bootstrap.json', '\ufeff\ufeff{"version": 1, "packages": {}}'],
  ['a mark before a duplicate key', 'bootstrap.yaml', '\ufeffversion: 1\npackages: {}\nversion: 1\n'],
  ['a mark before a JSON duplicate key', 'bootstrap.json', '\ufeff{"version": 1, "packages": {}, "version": 1}'],
  ['a mark before a broken document', 'bootstrap.yaml', '\ufeffversion: 1\npackages:\n  gcc: {build-depends: [glibc}\n'],
];

for (const [what, name, text] of CASES) {
  test(`${what}: the server and strap check report the same`, () => {
    const viaServer = shown(server(name, text), 1);
    const viaCli = shown(cli(name, text), 0);
    assert.deepEqual(viaServer, viaCli);
  });
}

test('a mark before indentation is parsed as the text after it: the indentation is an error', () => {
  const codes = server('bootstrap.yaml', '\ufeff  version: 1\npackages: {}\n').map((d) => d.code);
  assert.ok(codes.includes('syntax'), codes.join(', '));
});

test('two marks before JSON are not content either', () => {
  assert.deepEqual(server('bootstrap.json', '\ufeff\ufeff{"version": 1, "packages": {}}'), []);
});

test('a duplicate key names the first definition by line:column, the same with and without a mark', () => {
  for (const [name, text] of [['bootstrap.yaml', 'version: 1\npackages: {}\nversion: 1\n'], ['bootstrap.json', '{"version": 1,\n "packages": {}, "version": 1}']]) {
    const plain = server(name, text).filter((d) => d.code === 'duplicate-key').map((d) => d.message);
    const marked = server(name, '\ufeff' + text).filter((d) => d.code === 'duplicate-key').map((d) => d.message);
    assert.equal(plain.length, 1);
    assert.match(plain[0], /first defined at \d+:\d+\)$/);
    assert.deepEqual(marked, plain);
  }
  assert.match(server('bootstrap.yaml', 'version: 1\npackages:\n  gcc: {}\n  gcc: {}\n').find((d) => d.code === 'duplicate-key').message, /first defined at 3:3\)$/);
});
