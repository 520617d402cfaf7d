'use strict';
// Lifecycle and robustness over the protocol: capabilities, work-done
// progress for the start-up scan, watched files, cancellation, garbage
// input, shutdown/exit, and the process ending when stdin closes.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { LspClient, startSession, makeWorkspace, withText, delay, PUSH_ONLY_CAPABILITIES } = require('./client');

const CYCLE = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n  glibc:\n    build-depends: [gcc]\n';

/** Resolves with the exit, or rejects after `ms`. */
function exitWithin(client, ms) {
  return Promise.race([client.exited, delay(ms).then(() => { throw new Error(`the server did not exit within ${ms} ms`); })]);
}

describe('lifecycle', { timeout: 60_000 }, () => {
  const sessions = [];
  const clients = [];
  after(async () => {
    for (const s of sessions) await s.close();
    for (const c of clients) c.kill();
  });

  it('warms up on an in-memory document without publishing or logging anything about it', async () => {
    const ws = makeWorkspace({ 'bootstrap.yaml': CYCLE });
    after(() => ws.remove());
    const client = new LspClient();
    clients.push(client);
    await client.initialize({ rootDir: ws.dir });
    // The workspace file's publish comes after the warm-up (whatever the machine's load).
    await client.waitForDiagnostics(ws.uriOf('bootstrap.yaml'), () => true, 30_000);
    const published = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => n.params.uri);
    assert.ok(published.length > 0, 'the workspace file is published');
    assert.ok(published.every((u) => !u.includes('warm-up')), `published: ${published.join(', ')}`);
    const logged = client.notifications.filter((n) => n.method === 'window/logMessage' && /warm-up/.test(n.params.message));
    assert.deepEqual(logged, []);
    assert.equal(client.stderr.includes('warm-up'), false);
  });

  it('announces its capabilities and reports progress while scanning the workspace', async () => {
    const ws = makeWorkspace({ 'bootstrap.yaml': CYCLE });
    after(() => ws.remove());
    const client = new LspClient();
    clients.push(client);
    const init = await client.initialize({ rootDir: ws.dir });
    assert.equal(init.serverInfo.name, 'strap');
    const caps = init.capabilities;
    assert.equal(caps.positionEncoding, 'utf-16');
    assert.equal(caps.textDocumentSync.change, 2, 'incremental sync');
    assert.equal(caps.textDocumentSync.openClose, true);
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.strap']);
    assert.deepEqual(caps.executeCommandProvider.commands, ['strap.showPlan', 'strap.showGraph']);
    assert.equal(caps.diagnosticProvider, undefined, 'no pull diagnostics for a push-only client');

    // The file on disk is analysed without being opened, after a progress begin … end.
    const published = await client.waitForDiagnostics(ws.uriOf('bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(withText(CYCLE, published.diagnostics, 'build-cycle').map((d) => d.text), ['glibc', 'gcc']);
    const create = client.serverRequests.find((r) => r.method === 'window/workDoneProgress/create');
    assert.ok(create, 'asks to create a progress token');
    await client.waitFor((m) => m.method === '$/progress' && m.params.token === create.params.token && m.params.value.kind === 'end', 5000, 'the end of the progress');
    const kinds = client.notifications.filter((m) => m.method === '$/progress' && m.params.token === create.params.token).map((m) => m.params.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(kinds.includes('report'));
    await client.shutdown();
    assert.equal((await exitWithin(client, 5000)).code, 0);
  });

  it('refuses requests before initialize', async () => {
    const client = new LspClient();
    clients.push(client);
    const response = await client.requestRaw('textDocument/codeAction', { textDocument: { uri: 'file:///x/bootstrap.yaml' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.equal(response.error.code, -32002);
    client.kill();
  });

  it('follows watched-file events when the client registers watchers dynamically', async () => {
    const capabilities = { ...PUSH_ONLY_CAPABILITIES, workspace: { ...PUSH_ONLY_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };
    const session = await startSession({ capabilities });
    sessions.push(session);
    const { client, ws } = session;
    await client.waitFor(() => client.serverRequests.some((r) => r.method === 'client/registerCapability'), 5000).catch(() => {});
    await delay(200);
    const registration = client.serverRequests.find((r) => r.method === 'client/registerCapability' && r.params.registrations.some((g) => g.method === 'workspace/didChangeWatchedFiles'));
    assert.ok(registration, JSON.stringify(client.serverRequests.map((r) => r.method)));
    const watchers = registration.params.registrations.find((g) => g.method === 'workspace/didChangeWatchedFiles').registerOptions.watchers;
    assert.ok(watchers.some((w) => /bootstrap/.test(w.globPattern)));

    fs.writeFileSync(ws.file('late.bootstrap.yaml'), CYCLE);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uriOf('late.bootstrap.yaml'), type: 1 }] });
    const published = await client.waitForDiagnostics(ws.uriOf('late.bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(withText(CYCLE, published.diagnostics, 'build-cycle').map((d) => d.text), ['glibc', 'gcc']);

    fs.rmSync(ws.file('late.bootstrap.yaml'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uriOf('late.bootstrap.yaml'), type: 3 }] });
    const cleared = await client.waitForDiagnostics(ws.uriOf('late.bootstrap.yaml'), (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, CYCLE);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    // The request and its cancellation arrive together, as when a user types on.
    const id = 9999;
    const pending = client.track(id, 'workspace/executeCommand', 10_000);
    client.writeRaw(Buffer.concat([
      LspClient.frame({ jsonrpc: '2.0', id, method: 'workspace/executeCommand', params: { command: 'strap.showPlan', arguments: [uri] } }),
      LspClient.frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }),
    ]));
    const response = await pending;
    assert.equal(response.error && response.error.code, -32800, JSON.stringify(response));
    // The server goes on serving.
    const plan = await client.request('workspace/executeCommand', { command: 'strap.showPlan', arguments: [uri] });
    assert.match(plan, /unbroken cycle/);
  });

  it('survives garbage: malformed JSON, bad params, unknown documents and methods', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');

    client.writeRaw('Content-Length: 11\r\n\r\n{"jsonrpc":');
    client.writeRaw(LspClient.frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 42, text: null } } }));
    client.notify('textDocument/didOpen', { textDocument: { uri: ws.uriOf('odd.bootstrap.yaml'), languageId: 'yaml', version: 1, text: 42 } });
    client.notify('textDocument/didChange', { textDocument: { uri: ws.uriOf('never-opened.bootstrap.yaml'), version: 3 }, contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: 99, character: 5 } }, text: 'x' }] });
    client.notify('workspace/didChangeConfiguration', { settings: { strap: { severity: 'loud', files: 7, debounceMs: 'soon' } } });
    client.notify('workspace/didChangeWatchedFiles', { changes: 'everything' });
    client.notify('textDocument/didClose', null);

    const bad = [
      ['textDocument/codeAction', { textDocument: { uri }, range: 'everywhere', context: null }],
      ['textDocument/codeAction', { textDocument: 'nothing', range: null, context: { diagnostics: [null, 5, { code: {} }] } }],
      ['textDocument/codeAction', null],
      ['workspace/executeCommand', { command: 'strap.showGraph', arguments: [{ uri: 5 }, null] }],
      ['workspace/executeCommand', { command: 'no.such.command' }],
      ['codeAction/resolve', null],
    ];
    for (const [method, params] of bad) {
      const response = await client.requestRaw(method, params);
      assert.ok(!response.error || [-32602, -32601, -32600].includes(response.error.code), `${method}: ${JSON.stringify(response.error)}`);
    }
    const unknown = await client.requestRaw('strap/noSuchMethod', {});
    assert.equal(unknown.error.code, -32601);

    // Still alive, and still analysing.
    client.open(uri, CYCLE);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 9999, character: 0 }, end: { line: 9999, character: 9 } }, text: '' }] });
    for (const position of [{ line: 9999, character: 9999 }, { line: -1, character: -5 }, null, 'here']) {
      const hover = await client.requestRaw('textDocument/hover', { textDocument: { uri }, position });
      assert.ok(!hover.error, JSON.stringify(hover.error));
      const completion = await client.requestRaw('textDocument/completion', { textDocument: { uri }, position });
      assert.ok(!completion.error, JSON.stringify(completion.error));
    }
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    assert.deepEqual(withText(CYCLE, published.diagnostics, 'build-cycle').map((d) => d.text), ['glibc', 'gcc']);
    assert.equal(client.child.exitCode, null);
  });

  it('shutdown, then exit: requests after shutdown are refused, the process exits with 0', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client } = session;
    const result = await client.requestRaw('shutdown', null);
    assert.equal(result.result, null);
    const late = await client.requestRaw('workspace/executeCommand', { command: 'strap.showPlan' });
    assert.equal(late.error.code, -32600);
    client.notify('exit');
    const { code } = await exitWithin(client, 5000);
    assert.equal(code, 0);
  });

  it('exit without shutdown ends the process with 1', async () => {
    const session = await startSession();
    sessions.push(session);
    session.client.notify('exit');
    const { code } = await exitWithin(session.client, 5000);
    assert.equal(code, 1);
  });

  it('ends when stdin closes', async () => {
    const session = await startSession();
    sessions.push(session);
    session.client.child.stdin.end();
    const { code } = await exitWithin(session.client, 5000);
    assert.notEqual(code, null);
  });
});
