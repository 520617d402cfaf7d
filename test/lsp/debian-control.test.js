'use strict';
// debian/control over the protocol: a real control file (m4 of bookworm,
// rebuilt from the indexes) opened with the fixture archive configured
// (strap.debian.archive): the cycle errors on its Build-Depends entries,
// the preferred quick fix adding <!stage1> to every entry leading back,
// and after the edit the errors become information. Without an archive:
// checks, hover in words, completion of profiles, folding and symbols;
// a pulling client gets the same diagnostics on textDocument/diagnostic.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { LspClient, makeWorkspace, applyEdits, editsFor, textIn, rangeOf, FULL_CAPABILITIES } = require('./client');

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const M4 = fs.readFileSync(path.join(FIXTURES, 'debian-control', 'm4', 'debian', 'control'), 'utf8');
const ARCHIVE = path.join(FIXTURES, 'debian');

async function start(files, options = {}) {
  const ws = makeWorkspace(files);
  const client = new LspClient();
  await client.initialize({ rootDir: ws.dir, capabilities: options.capabilities, initializationOptions: options.initializationOptions });
  return { ws, client, async close() { await client.shutdown(); client.kill(); ws.remove(); } };
}

describe('debian/control in the language server', { timeout: 120_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  it('with the archive: cycle errors on Build-Depends, the <!stage1> quick fix, then information', async () => {
    const s = await start({ 'm4/debian/control': M4 }, { initializationOptions: { strap: { debian: { archive: ARCHIVE } } } });
    sessions.push(s);
    const uri = s.ws.uriOf('m4/debian/control');
    s.client.open(uri, M4, 'debcontrol');
    const first = await s.client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'debian-build-cycle'), 60_000);
    const cycles = first.diagnostics.filter((d) => d.code === 'debian-build-cycle');
    assert.deepEqual(cycles.map((d) => textIn(M4, d.range)), ['debhelper-compat (= 13)', 'libsigsegv-dev', 'texinfo']);
    assert.ok(cycles.every((d) => d.severity === 1 && /Build cycle: m4 needs/.test(d.message)));

    const hover = await s.client.request('textDocument/hover', { textDocument: { uri }, position: rangeOf(M4, 'Source: m4').start });
    assert.match(hover.contents.value, /Stuck in an unbroken build cycle\*\*: cluster of 97 sources never built/);
    assert.match(hover.contents.value, /Shortest cycle through it: m4 → m4 \(installed with debhelper\)/);

    const texinfo = cycles[2];
    const actions = await s.client.request('textDocument/codeAction', { textDocument: { uri }, range: texinfo.range, context: { diagnostics: [texinfo] } });
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred.title, 'Drop 3 entries from stage1 builds (debhelper-compat, libsigsegv-dev, texinfo)');
    assert.ok(actions.some((a) => a.title === 'Drop texinfo from stage1 builds' && !a.isPreferred));
    const fixed = applyEdits(M4, editsFor(preferred.edit, uri));
    assert.match(fixed, /^Build-Depends: debhelper-compat \(= 13\) <!stage1>, libsigsegv-dev <!stage1>, texinfo <!stage1>$/m);

    s.client.change(uri, 2, [{ text: fixed }]);
    const after = await s.client.waitForDiagnostics(uri, (p) => p.version === 2, 60_000);
    assert.deepEqual(after.diagnostics.filter((d) => d.severity === 1), []);
    const broken = after.diagnostics.filter((d) => d.code === 'debian-build-cycle-broken');
    assert.deepEqual(broken.map((d) => [d.severity, textIn(fixed, d.range)]), [[3, 'debhelper-compat (= 13) <!stage1>'], [3, 'libsigsegv-dev <!stage1>'], [3, 'texinfo <!stage1>']]);
    const completion = await s.client.request('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 'Build-Depends: debhel'.length } });
    assert.ok(completion.items.some((i) => i.label === 'debhelper'), 'binary names from the archive');
  });

  it('without an archive: checks, hover in words, profile completion, folding, symbols', async () => {
    const text = 'Source: hello\nBuild-Depends: libfoo-dev <!stgae1>,\n bar [amd65] <!nocheck !stage1>\n\nPackage: hello\nArchitecture: any\nDescription: hi\n there\n';
    const s = await start({ 'hello/debian/control': text });
    sessions.push(s);
    const uri = s.ws.uriOf('hello/debian/control');
    s.client.open(uri, text, 'plaintext');
    const { diagnostics } = await s.client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, textIn(text, d.range)]).sort(), [
      ['relation-arch', 'amd65'], ['stage-profile-drops-no-binary', '!stage1'], ['unknown-build-profile', 'stgae1'],
    ]);
    const typo = diagnostics.find((d) => d.code === 'unknown-build-profile');
    const actions = await s.client.request('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    assert.equal(actions[0].title, "Change to 'stage1'");
    const hover = await s.client.request('textDocument/hover', { textDocument: { uri }, position: rangeOf(text, 'nocheck').start });
    assert.match(hover.contents.value, /Dropped when building with nocheck or stage1/);
    const completion = await s.client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 'Build-Depends: libfoo-dev <!'.length } });
    assert.ok(completion.items.some((i) => i.label === 'stage1') && completion.items.some((i) => i.label === 'nocheck'));
    const fields = await s.client.request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 0 } });
    assert.ok(fields.items.some((i) => i.label === 'Depends'));
    const folding = await s.client.request('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folding.some((r) => r.startLine === 0 && r.endLine === 2));
    const symbols = await s.client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((x) => [x.name, x.detail]), [['hello', 'source'], ['hello', 'binary, any']]);
  });

  it('a pulling client gets the diagnostics on textDocument/diagnostic', async () => {
    const text = 'Source: hello\nBuild-Depends: foo <!stgae1>\n\nPackage: hello\n';
    const s = await start({ 'hello/debian/control': text }, { capabilities: FULL_CAPABILITIES });
    sessions.push(s);
    const uri = s.ws.uriOf('hello/debian/control');
    s.client.open(uri, text, 'debian-control');
    const report = await s.client.request('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(report.items.map((d) => d.code), ['unknown-build-profile']);
  });
});
