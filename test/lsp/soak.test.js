'use strict';
// A live-server soak (issue 18): a few hundred random edits over stdio,
// interleaved with completion, hover, code actions, symbols, folding,
// definition and rename requests, some of them cancelled at once. Every
// request is answered (a result or an error), the process survives, and the
// diagnostics finally published for the text equal `strap check --format json`
// on the same text. Seeded: STRAP_FC_SEED explores other sequences.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const fc = require('fast-check');
const { seed } = require('../helpers/fast-check-seed');
const { edit } = require('../fuzz/documents');
const { LspClient, makeWorkspace, positionAt } = require('./client');

const BIN = path.join(__dirname, '../../bin/strap.js');
const STEPS = 300;
const START = fs.readFileSync(path.join(__dirname, '../../examples/distro.bootstrap.yaml'), 'utf8');

/** Code, message, severity and range of each diagnostic, in a stable order. */
function comparable(diagnostics) {
  return diagnostics
    .map((d) => JSON.stringify([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.severity, d.message]))
    .sort();
}

test(`${STEPS} random edits and requests with cancellations: every request answered, the server survives, and agrees with strap check`, async () => {
  const ws = makeWorkspace({ 'bootstrap.yaml': START });
  after(() => ws.remove());
  const client = new LspClient();
  after(() => client.kill());
  await client.initialize({ rootDir: ws.dir });
  const uri = ws.uriOf('bootstrap.yaml');
  let text = START;
  let version = 1;
  client.open(uri, text);

  // The edits and request offsets, drawn with the fixed seed.
  const plan = fc.sample(fc.tuple(edit, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(99)), { seed, numRuns: STEPS });
  const answers = [];
  const METHODS = ['textDocument/completion', 'textDocument/hover', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/definition', 'textDocument/prepareRename', 'textDocument/inlayHint'];
  for (const [e, where, roll] of plan) {
    const next = e.apply(text);
    if (next.length > 200_000) continue; // a few huge scalars are enough in the core fuzz test
    // One change replacing the differing middle, as an editor sends it.
    let start = 0;
    while (start < text.length && start < next.length && text[start] === next[start]) start++;
    let end = 0;
    while (end < text.length - start && end < next.length - start && text[text.length - 1 - end] === next[next.length - 1 - end]) end++;
    // Never split a \r\n or a surrogate pair in the change's range (an editor would not).
    client.change(uri, ++version, [{ range: { start: positionAt(text, start), end: positionAt(text, text.length - end) }, text: next.slice(start, next.length - end) }]);
    text = next;
    if (roll < 60) {
      const method = METHODS[roll % METHODS.length];
      const position = positionAt(text, Math.floor(where * (text.length + 1)));
      const params = { textDocument: { uri }, position };
      if (method === 'textDocument/codeAction') Object.assign(params, { range: { start: position, end: position }, context: { diagnostics: [] } });
      if (method === 'textDocument/inlayHint') Object.assign(params, { range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } });
      const id = client.nextId;
      answers.push(client.requestRaw(method, params, 60_000).then((m) => ({ method, m })));
      if (roll % 4 === 0) client.notify('$/cancelRequest', { id });
    }
  }
  const settled = await Promise.all(answers);
  for (const { method, m } of settled) {
    assert.ok('result' in m || 'error' in m, `${method}: ${JSON.stringify(m)}`);
    // Cancelled, or a refusal the user reads (prepareRename off a name); never an internal error.
    if (m.error) assert.ok(m.error.code !== -32603 && typeof m.error.message === 'string', `${method} failed: ${JSON.stringify(m.error)}`);
  }
  assert.equal(client.child.exitCode, null, `the server exited\n${client.stderr}`);

  const published = await client.waitForDiagnostics(uri, (p) => p.version === version, 60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-soak-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), text);
  const r = spawnSync(process.execPath, [BIN, 'check', 'bootstrap.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  const cli = JSON.parse(r.stdout).files.find((f) => f.path === 'bootstrap.yaml')?.diagnostics ?? [];
  assert.deepEqual(comparable(published.diagnostics), comparable(cli));
  await client.shutdown();
});
