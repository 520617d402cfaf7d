'use strict';
// Settings: from workspace/didChangeConfiguration params (Neovim 0.7 has no
// workspace/configuration), from workspace/configuration when the client
// supports it; severity overrides, file globs; each change re-analyses.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSession, withText, PUSH_ONLY_CAPABILITIES } = require('./client');

const CYCLE = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n  glibc:\n    build-depends: [gcc]\n';

describe('settings', { timeout: 60_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  it('didChangeConfiguration changes a severity (client without workspace/configuration)', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, CYCLE);
    const errors = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    assert.deepEqual(errors.diagnostics.filter((d) => d.code === 'build-cycle').map((d) => d.severity), [1, 1]);

    client.notify('workspace/didChangeConfiguration', { settings: { strap: { severity: { 'build-cycle': 'warning' } } } });
    const warnings = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle' && d.severity === 2));
    assert.deepEqual(withText(CYCLE, warnings.diagnostics, 'build-cycle').map((d) => [d.severity, d.text]), [[2, 'glibc'], [2, 'gcc']]);

    client.notify('workspace/didChangeConfiguration', { settings: { strap: { severity: { 'build-cycle': 'off' } } } });
    const off = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'build-cycle'));
    assert.deepEqual(off.diagnostics.filter((d) => d.code === 'build-cycle'), []);
    assert.equal(client.serverRequests.filter((r) => r.method === 'workspace/configuration').length, 0, 'not asked of a client that does not support it');
  });

  it('caps the build-cycle errors of a big cluster at 100, and strap.cycleErrorsPerCluster changes the cap', async () => {
    // 150 two-cycles joined by a ring: one summarised cluster needing 150 or more bootstrap sets.
    let text = 'version: 1\npackages:\n';
    for (let i = 0; i < 150; i++) text += `  a${i}: {build-depends: [b${i}, a${(i + 1) % 150}]}\n  b${i}: {build-depends: [a${i}]}\n`;
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, text);
    const marked = (p) => new Set(p.diagnostics.filter((d) => d.code === 'build-cycle').map((d) => d.data.package)).size;
    const cluster = (p) => p.diagnostics.find((d) => d.code === 'build-cycle-cluster');
    const first = await client.waitForDiagnostics(uri, (p) => !!cluster(p), 30_000);
    assert.equal(marked(first), 100);
    assert.equal(cluster(first).data.reported, 100);
    const all = cluster(first).data.marked;
    assert.ok(all >= 150);
    client.notify('workspace/didChangeConfiguration', { settings: { strap: { cycleErrorsPerCluster: 0 } } });
    const every = await client.waitForDiagnostics(uri, (p) => !!cluster(p) && marked(p) > 100, 30_000);
    assert.equal(marked(every), all);
  });

  it('reads workspace/configuration at start and again on didChangeConfiguration', async () => {
    const capabilities = {
      ...PUSH_ONLY_CAPABILITIES,
      workspace: { ...PUSH_ONLY_CAPABILITIES.workspace, configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    };
    const session = await startSession({ capabilities, settings: { strap: { severity: { 'build-cycle': 'hint' } } } });
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, CYCLE);
    const hints = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    assert.deepEqual(hints.diagnostics.filter((d) => d.code === 'build-cycle').map((d) => d.severity), [4, 4]);
    const registration = client.serverRequests.find((r) => r.method === 'client/registerCapability' && r.params.registrations.some((g) => g.method === 'workspace/didChangeConfiguration'));
    assert.ok(registration, 'asks for configuration change notifications');

    client.settings = { strap: { severity: { 'build-cycle': 'information' } } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const info = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle' && d.severity === 3));
    assert.deepEqual(info.diagnostics.filter((d) => d.code === 'build-cycle').map((d) => d.severity), [3, 3]);
    assert.ok(client.serverRequests.filter((r) => r.method === 'workspace/configuration').length >= 2);
  });

  it('strap.files makes other files bootstrap files, on disk and open', async () => {
    const session = await startSession({
      files: { 'deps/packages.yml': 'version: 1\npackages:\n  hello:\n    build-depends: [missing]\n' },
    });
    sessions.push(session);
    const { client, ws } = session;
    const onDisk = ws.uriOf('deps/packages.yml');
    client.notify('workspace/didChangeConfiguration', { settings: { strap: { files: ['**/*.yml'] } } });
    const published = await client.waitForDiagnostics(onDisk, (p) => p.diagnostics.length > 0);
    assert.deepEqual(withText('version: 1\npackages:\n  hello:\n    build-depends: [missing]\n', published.diagnostics, 'unknown-package').map((d) => d.text), ['missing']);

    // Back to the default names: the file is no longer analysed and its diagnostics are cleared.
    client.notify('workspace/didChangeConfiguration', { settings: { strap: {} } });
    const cleared = await client.waitForDiagnostics(onDisk, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('strap.files also decides what an include may name (push and pull settings)', async () => {
    const entry = 'version: 1\ninclude:\n  - deps/extra.yml\npackages:\n  app:\n    build-depends: [libextra, nope]\n';
    const files = { 'bootstrap.yaml': entry, 'deps/extra.yml': 'version: 1\npackages:\n  libextra: {}\n' };
    const globs = ['{bootstrap,*.bootstrap}.{yaml,yml,json,jsonc}', '**/deps/*.yml'];
    const shownOf = (p) => withText(entry, p.diagnostics).map((d) => [d.code, d.text]);
    const refused = [['include-not-bootstrap', 'deps/extra.yml'], ['unknown-package', 'libextra'], ['unknown-package', 'nope']];
    const accepted = [['unknown-package', 'nope']];

    // A client that pushes its settings with the notification.
    const push = await startSession({ files });
    sessions.push(push);
    const uri = push.ws.uriOf('bootstrap.yaml');
    push.client.open(uri, entry);
    const before = await push.client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'include-not-bootstrap'));
    assert.deepEqual(shownOf(before), refused);
    assert.deepEqual(before.diagnostics.find((d) => d.code === 'include-not-bootstrap').range, { start: { line: 2, character: 4 }, end: { line: 2, character: 18 } });

    push.client.notify('workspace/didChangeConfiguration', { settings: { strap: { files: globs } } });
    // Still analysed (the `nope` stays), with the included file's package known.
    const after = await push.client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'include-not-bootstrap'));
    assert.deepEqual(shownOf(after), accepted);

    push.client.notify('workspace/didChangeConfiguration', { settings: { strap: {} } });
    const again = await push.client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'include-not-bootstrap'));
    assert.deepEqual(shownOf(again), refused);

    // A client with workspace/configuration, the globs given from the start.
    const capabilities = { ...PUSH_ONLY_CAPABILITIES, workspace: { ...PUSH_ONLY_CAPABILITIES.workspace, configuration: true } };
    const pull = await startSession({ files, capabilities, settings: { strap: { files: globs } } });
    sessions.push(pull);
    const pulledUri = pull.ws.uriOf('bootstrap.yaml');
    const pulled = await pull.client.waitForDiagnostics(pulledUri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(shownOf(pulled), accepted);
    pull.client.settings = {};
    pull.client.notify('workspace/didChangeConfiguration', { settings: null });
    const reverted = await pull.client.waitForDiagnostics(pulledUri, (p) => p.diagnostics.some((d) => d.code === 'include-not-bootstrap'));
    assert.deepEqual(shownOf(reverted), refused);
  });

  it('strap.projectRoot moves what @/ stands for', async () => {
    const text = 'version: 1\nstages:\n  generate:\n    run: "@/exe/gen.py"\n';
    const session = await startSession({ files: { 'conf/bootstrap.yaml': text, 'exe/gen.py': 'print(1)\n' } });
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('conf/bootstrap.yaml');
    client.open(uri, text);
    // By default @/ is the bootstrap file's folder, conf/, where there is no exe/gen.py.
    const missing = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'missing-file'));
    assert.deepEqual(withText(text, missing.diagnostics, 'missing-file').map((d) => d.text), ['"@/exe/gen.py"']);
    client.notify('workspace/didChangeConfiguration', { settings: { strap: { projectRoot: '.' } } });
    const found = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'missing-file'));
    assert.deepEqual(found.diagnostics.filter((d) => d.code === 'missing-file'), []);
  });

  it('takes initializationOptions as the first settings', async () => {
    const session = await startSession();
    sessions.push(session);
    await session.close();
    const { LspClient, makeWorkspace } = require('./client');
    const ws = makeWorkspace({ 'bootstrap.yaml': CYCLE });
    const client = new LspClient();
    sessions.push({ close: async () => { await client.shutdown(); client.kill(); ws.remove(); } });
    await client.request('initialize', {
      processId: process.pid, rootUri: ws.uri, workspaceFolders: [{ uri: ws.uri, name: 'w' }],
      capabilities: PUSH_ONLY_CAPABILITIES, initializationOptions: { strap: { severity: { 'build-cycle': 'warning' } } },
    });
    client.notify('initialized', {});
    const published = await client.waitForDiagnostics(ws.uriOf('bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(published.diagnostics.map((d) => d.severity), [2, 2]);
    // Neovim sends its (empty) settings after start: that keeps the initial ones.
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    const plan = await client.request('workspace/executeCommand', { command: 'strap.showPlan' });
    assert.match(plan, /Stuck/);
    assert.deepEqual(client.diagnostics.get(ws.uriOf('bootstrap.yaml')).diagnostics.map((d) => d.severity), [2, 2]);
  });
});
