'use strict';
// Live diagnostics over the protocol: push after open and incremental
// changes (debounced, versioned, stale results dropped), cycles across
// included files that were never opened, UTF-16 ranges on CRLF/non-ASCII
// text, clearing, and pull diagnostics for clients that ask.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  startSession, replaceChange, applyEdits, editsFor, withText, textIn, uriOf, delay, FULL_CAPABILITIES,
} = require('./client');

const ACYCLIC = [
  'version: 1',
  'packages:',
  '  gcc:',
  '    build-depends: [binutils]',
  '  glibc:',
  '    build-depends: [tzdata]',
  '  binutils: {}',
  '  tzdata: {}',
  '',
].join('\n');

/** Apply a WorkspaceEdit's edits for `uri` as incremental changes, last first so positions stay valid. */
function asChanges(text, edits) {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  return sorted.map((e) => ({ range: e.range, text: e.newText }));
}

describe('diagnostics (push)', { timeout: 60_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  it('an edit into a gcc/glibc cycle shows build-cycle on the entries; the preferred quick fix clears it', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    let text = ACYCLIC;
    client.open(uri, text);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(first.diagnostics, [], 'the acyclic file is clean');

    // Two incremental edits: gcc needs glibc, glibc needs gcc.
    let step = replaceChange(text, '[binutils]', '[glibc, binutils]');
    text = step.text;
    client.change(uri, 2, [step.change]);
    step = replaceChange(text, '[tzdata]', '[gcc, tzdata]');
    text = step.text;
    client.change(uri, 3, [step.change]);

    const published = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    const cycles = withText(text, published.diagnostics, 'build-cycle');
    assert.equal(cycles.length, 2, JSON.stringify(published.diagnostics));
    assert.deepEqual(cycles.map((d) => [d.range.start.line, d.text]), [[3, 'glibc'], [5, 'gcc']]);
    for (const d of cycles) {
      assert.equal(d.severity, 1);
      assert.equal(d.source, 'strap');
      assert.match(d.message, /^build-dependency cycle: (gcc → glibc → gcc|glibc → gcc → glibc); no build-depends-bootstrapN breaks it$/);
      assert.equal(typeof d.data.pointer, 'string');
    }

    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri }, range: cycles[0].range, context: { diagnostics: [published.diagnostics.find((d) => d.code === 'build-cycle')], only: ['quickfix'] },
    });
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(preferred[0].kind, 'quickfix');
    assert.match(preferred[0].title, /^Build (gcc in bootstrap stage 1 without glibc|glibc in bootstrap stage 1 without gcc)$/);
    assert.equal(preferred[0].edit.documentChanges[0].textDocument.version, 3, 'the edit is for the version the client has');
    const edits = editsFor(preferred[0].edit, uri);
    const fixed = applyEdits(text, edits);
    assert.equal(fixed, ACYCLIC.replace('[binutils]', '[glibc, binutils]\n    build-depends-bootstrap1: [binutils]').replace('[tzdata]', '[gcc, tzdata]'));

    client.change(uri, 4, asChanges(text, edits));
    text = fixed;
    const after4 = await client.waitForDiagnostics(uri, (p) => p.version === 4);
    assert.deepEqual(after4.diagnostics.filter((d) => d.code === 'build-cycle' || d.code === 'syntax'), [], JSON.stringify(after4.diagnostics));
    // The cycle is now broken by stage 1: reported as information on the breaking package, if at all.
    for (const d of after4.diagnostics) assert.notEqual(d.severity, 1, `${d.code}: ${d.message}`);
  });

  /** A session over these files, closed with the others. */
  async function sessionOver(files) {
    const session = await startSession({ files });
    sessions.push(session);
    return session;
  }

  it('an edit in the open file re-publishes an included file that was never opened', async () => {
    const { client, ws } = await sessionOver({
      'bootstrap.yaml': 'version: 1\ninclude:\n  - toolchain.bootstrap.yaml\npackages:\n  gcc:\n    build-depends: [binutils]\n  binutils: {}\n',
      'toolchain.bootstrap.yaml': 'version: 1\npackages:\n  glibc:\n    build-depends: [gcc]\n',
    });
    const main = ws.uriOf('bootstrap.yaml');
    const included = ws.uriOf('toolchain.bootstrap.yaml');
    const includedText = fs.readFileSync(ws.file('toolchain.bootstrap.yaml'), 'utf8');
    let text = fs.readFileSync(ws.file('bootstrap.yaml'), 'utf8');
    client.open(main, text);
    // The start-up scan analyses the included file although it is not open.
    const before = await client.waitForDiagnostics(included);
    assert.equal(before.version, undefined, 'a file that is not open has no version');
    assert.deepEqual(before.diagnostics, []);

    const step = replaceChange(text, '[binutils]', '[glibc, binutils]');
    text = step.text;
    client.change(main, 2, [step.change]);
    const cycleThere = await client.waitForDiagnostics(included, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    assert.deepEqual(withText(includedText, cycleThere.diagnostics, 'build-cycle').map((d) => d.text), ['gcc']);
    const cycleHere = await client.waitForDiagnostics(main, (p) => p.version === 2);
    assert.deepEqual(withText(text, cycleHere.diagnostics, 'build-cycle').map((d) => d.text), ['glibc']);

    // Undo: the included file's diagnostics are cleared.
    const undo = replaceChange(text, '[glibc, binutils]', '[binutils]');
    client.change(main, 3, [undo.change]);
    const cleared = await client.waitForDiagnostics(included, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('an edit publishes the open file first, then the files of its include group', async () => {
    const { client, ws } = await sessionOver({
      'bootstrap.yaml': 'version: 1\ninclude: [libs.bootstrap.yaml]\npackages:\n  gcc:\n    build-depends: [glibc]\n',
      'libs.bootstrap.yaml': 'version: 1\npackages:\n  glibc:\n    build-depends: []\n',
    });
    const root = ws.uriOf('bootstrap.yaml');
    const libs = ws.uriOf('libs.bootstrap.yaml');
    let text = fs.readFileSync(ws.file('libs.bootstrap.yaml'), 'utf8');
    client.open(libs, text);
    await client.waitForDiagnostics(libs, (p) => p.version === 1);
    await client.waitForDiagnostics(root);
    const from = client.notifications.length;
    // A cycle across both files: both get new diagnostics from one analysis.
    const step = replaceChange(text, 'build-depends: []', 'build-depends: [gcc]');
    text = step.text;
    client.change(libs, 2, [step.change]);
    await client.waitForDiagnostics(libs, (p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'build-cycle'));
    await client.waitForDiagnostics(root, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    const order = client.notifications.slice(from).filter((m) => m.method === 'textDocument/publishDiagnostics').map((m) => m.params.uri);
    assert.ok(order.indexOf(libs) >= 0 && order.indexOf(libs) < order.indexOf(root), `published in the order ${order.join(', ')}`);

    // Edits that leave the other file's diagnostics as they were do not send them again (twice: the second compares with what the first kept).
    const rootPublishes = () => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === root).length;
    const sent = rootPublishes();
    for (const [version, name] of [[3, 'zlib'], [4, 'xz']]) {
      const add = replaceChange(text, 'packages:\n', `packages:\n  ${name}: {}\n`);
      text = add.text;
      client.change(libs, version, [add.change]);
      await client.waitForDiagnostics(libs, (p) => p.version === version);
    }
    await delay(200);
    assert.equal(rootPublishes(), sent, 'the included file with the same diagnostics is not published again');
  });

  it('a burst of changes is analysed once, for the latest version', async () => {
    const session = await startSession({ settings: {} });
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    let text = 'version: 1\npackages:\n  gcc:\n    build-depends: [g]\n';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    // Type "libc" one character at a time, without waiting.
    for (const [i, ch] of [...'libc'].entries()) {
      const at = text.indexOf(']');
      const pos = { line: 3, character: at - text.lastIndexOf('\n', at) - 1 };
      client.change(uri, 2 + i, [{ range: { start: pos, end: pos }, text: ch }]);
      text = text.slice(0, at) + ch + text.slice(at);
    }
    const last = await client.waitForDiagnostics(uri, (p) => p.version === 5);
    assert.deepEqual(withText(text, last.diagnostics, 'unknown-package').map((d) => d.text), ['glibc']);
    await delay(400);
    const versions = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri).map((m) => m.params.version);
    assert.deepEqual(versions, [1, 5], 'no diagnostics for the intermediate versions');
  });

  it('ranges are UTF-16 on a CRLF file with non-ASCII text', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    const text = [
      '# Ünïcödé 😀 comment',
      'version: 1',
      'packages:',
      '  gcc: { description: "naïve 😀 — compilér", build-depends: [glibcc, binutils] }',
      '  glibc: { description: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢" }',
      '  binutils: {}',
      '',
    ].join('\r\n');
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const unknown = withText(text, published.diagnostics, 'unknown-package');
    assert.equal(unknown.length, 1, JSON.stringify(published.diagnostics));
    assert.equal(unknown[0].text, 'glibcc');
    const line = text.split('\r\n')[3];
    assert.deepEqual(unknown[0].range, {
      start: { line: 3, character: line.indexOf('glibcc') },
      end: { line: 3, character: line.indexOf('glibcc') + 'glibcc'.length },
    });
    assert.match(unknown[0].message, /glibcc.*did you mean 'glibc'/);
  });

  it('a file that leaves the analysis has its diagnostics cleared', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client } = session;
    // A bootstrap file outside the workspace folder: analysed on its own while open.
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'strap-lsp-outside-')));
    after(() => fs.rmSync(outside, { recursive: true, force: true }));
    const uri = uriOf(path.join(outside, 'bootstrap.yaml'));
    const text = 'version: 1\npackages:\n  gcc:\n    build-depends: [nothere]\n';
    client.open(uri, text);
    const shown = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(withText(text, shown.diagnostics, 'unknown-package').map((d) => d.text), ['nothere']);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('diagnostics (pull)', { timeout: 30_000 }, () => {
  let session;
  after(async () => { if (session) await session.close(); });

  it('serves textDocument/diagnostic and workspace/diagnostic, and pushes nothing', async () => {
    session = await startSession({
      capabilities: FULL_CAPABILITIES,
      files: {
        'bootstrap.yaml': 'version: 1\ninclude: [libs.bootstrap.yaml]\npackages:\n  gcc:\n    build-depends: [glibc]\n',
        'libs.bootstrap.yaml': 'version: 1\npackages:\n  glibc:\n    build-depends: [gcc]\n',
      },
    });
    const { client, ws } = session;
    const init = session.client;
    assert.ok(init);
    const uri = ws.uriOf('bootstrap.yaml');
    let text = fs.readFileSync(ws.file('bootstrap.yaml'), 'utf8');
    client.open(uri, text);

    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(withText(text, report.items, 'build-cycle').map((d) => d.text), ['glibc']);
    assert.equal(typeof report.resultId, 'string');

    const again = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });

    const workspace = await client.request('workspace/diagnostic', { previousResultIds: [] });
    const libs = workspace.items.find((i) => i.uri === ws.uriOf('libs.bootstrap.yaml'));
    assert.ok(libs, JSON.stringify(workspace.items.map((i) => i.uri)));
    assert.equal(libs.kind, 'full');
    assert.equal(libs.version, null);
    assert.deepEqual(withText(fs.readFileSync(ws.file('libs.bootstrap.yaml'), 'utf8'), libs.items, 'build-cycle').map((d) => d.text), ['gcc']);

    const step = replaceChange(text, '[glibc]', '[]');
    text = step.text;
    client.change(uri, 2, [step.change]);
    const changed = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    assert.equal(changed.kind, 'full');
    assert.deepEqual(changed.items.filter((d) => d.code === 'build-cycle'), []);
    await delay(300);
    assert.equal(client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics').length, 0, 'a pull client gets no push');
    assert.ok(client.serverRequests.some((r) => r.method === 'workspace/diagnostic/refresh'), 'the client is asked to re-pull after a change');
  });
});
