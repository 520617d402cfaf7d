'use strict';
// Settings per workspace folder: with workspace/configuration, the server asks
// for the `strap` section unscoped and once per folder (`scopeUri`) in one
// request; each file takes its folder's `severity` and `files`. Clients that
// only push settings keep one set for every folder.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { LspClient, makeWorkspace, withText, PUSH_ONLY_CAPABILITIES } = require('./client');

const TEXT = 'version: 1\npackages:\n  app:\n    build-depends: [missing]\n';
const MISSING_RANGE = { start: { line: 3, character: 20 }, end: { line: 3, character: 27 } };
const CONFIGURATION_CAPABILITIES = { ...PUSH_ONLY_CAPABILITIES, workspace: { ...PUSH_ONLY_CAPABILITIES.workspace, configuration: true } };

/** A server on one workspace folder per entry of `folders` (each: relative path -> text). */
async function startFolders(folders, { capabilities = CONFIGURATION_CAPABILITIES, settings = { strap: {} }, folderSettings = () => ({}) } = {}) {
  const wss = folders.map((files) => makeWorkspace(files));
  const client = new LspClient({ settings });
  client.folderSettings = folderSettings(wss);
  const session = {
    wss,
    client,
    extra: [],
    async close() {
      await client.shutdown();
      client.kill();
      for (const ws of [...wss, ...session.extra]) ws.remove();
    },
  };
  await client.request('initialize', {
    processId: process.pid, rootUri: wss[0].uri, workspaceFolders: wss.map((ws, i) => ({ uri: ws.uri, name: `folder${i}` })), capabilities,
  });
  client.notify('initialized', {});
  return session;
}

const unknown = (published) => withText(TEXT, published.diagnostics, 'unknown-package').map((d) => ({ text: d.text, range: d.range, severity: d.severity }));

describe('settings per workspace folder', { timeout: 60_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  it('strap.severity of one folder applies to its files only, re-read on configuration and folder changes', async () => {
    const session = await startFolders([{ 'bootstrap.yaml': TEXT }, { 'bootstrap.yaml': TEXT }], {
      folderSettings: ([a]) => ({ [a.uri]: { severity: { 'unknown-package': 'off' } } }),
    });
    sessions.push(session);
    const { client, wss: [a, b] } = session;
    const aUri = a.uriOf('bootstrap.yaml');
    const bUri = b.uriOf('bootstrap.yaml');

    // B keeps the global (default) severity; A's folder turns the code off.
    const bShown = await client.waitForDiagnostics(bUri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(unknown(bShown), [{ text: 'missing', range: MISSING_RANGE, severity: 1 }]);
    const aShown = await client.waitForDiagnostics(aUri);
    assert.deepEqual(aShown.diagnostics, []);

    // One request: the unscoped section, then one item per folder.
    const [first] = client.serverRequests.filter((r) => r.method === 'workspace/configuration');
    assert.deepEqual(first.params.items, [
      { section: 'strap' },
      { scopeUri: a.uri, section: 'strap' },
      { scopeUri: b.uri, section: 'strap' },
    ]);

    // didChangeConfiguration: the folders' settings are read again.
    client.folderSettings = { [b.uri]: { severity: { 'unknown-package': 'off' } } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const aNow = await client.waitForDiagnostics(aUri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(unknown(aNow), [{ text: 'missing', range: MISSING_RANGE, severity: 1 }]);
    const bNow = await client.waitForDiagnostics(bUri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(bNow.diagnostics, []);

    // A folder added later is asked for its settings.
    const c = makeWorkspace({ 'bootstrap.yaml': TEXT });
    session.extra.push(c);
    client.folderSettings = { ...client.folderSettings, [c.uri]: { severity: { 'unknown-package': 'hint' } } };
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: c.uri, name: 'c' }], removed: [] } });
    const cShown = await client.waitForDiagnostics(c.uriOf('bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(unknown(cShown), [{ text: 'missing', range: MISSING_RANGE, severity: 4 }]);
    const last = client.serverRequests.filter((r) => r.method === 'workspace/configuration').at(-1);
    assert.deepEqual(last.params.items.map((item) => item.scopeUri), [undefined, a.uri, b.uri, c.uri]);
    // The other folders keep theirs.
    assert.deepEqual(unknown(client.diagnostics.get(aUri)), [{ text: 'missing', range: MISSING_RANGE, severity: 1 }]);
    assert.deepEqual(client.diagnostics.get(bUri).diagnostics, []);
  });

  it('strap.files of one folder decides what is a bootstrap file there only (scan and include)', async () => {
    const entry = 'version: 1\ninclude:\n  - deps/extra.yml\npackages:\n  app:\n    build-depends: [libextra, nope]\n';
    const files = { 'bootstrap.yaml': entry, 'deps/extra.yml': 'version: 1\npackages:\n  libextra: {}\n', 'other/packages.yml': TEXT };
    const session = await startFolders([files, files], {
      folderSettings: ([a]) => ({ [a.uri]: { files: ['**/*.yml'] } }),
    });
    sessions.push(session);
    const { client, wss: [a, b] } = session;
    const shown = (p) => withText(entry, p.diagnostics).map((d) => [d.code, d.text]);

    // A: the include names a bootstrap file by A's globs; the other .yml file is found by the scan.
    const aEntry = await client.waitForDiagnostics(a.uriOf('bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(shown(aEntry), [['unknown-package', 'nope']]);
    const aOther = await client.waitForDiagnostics(a.uriOf('other/packages.yml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(unknown(aOther), [{ text: 'missing', range: MISSING_RANGE, severity: 1 }]);

    // B: the default names only.
    const bEntry = await client.waitForDiagnostics(b.uriOf('bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(shown(bEntry), [['include-not-bootstrap', 'deps/extra.yml'], ['unknown-package', 'libextra'], ['unknown-package', 'nope']]);
    assert.deepEqual(bEntry.diagnostics.find((d) => d.code === 'include-not-bootstrap').range, { start: { line: 2, character: 4 }, end: { line: 2, character: 18 } });
    // Published with the same analysis as A's files: a round trip later, B's other .yml file has still not been analysed.
    await client.request('workspace/executeCommand', { command: 'strap.showPlan' });
    assert.equal(client.diagnostics.has(b.uriOf('other/packages.yml')), false);
    assert.equal(client.diagnostics.has(b.uriOf('deps/extra.yml')), false);
  });

  it('strap.projectRoot of one folder is relative to that folder', async () => {
    const text = 'version: 1\nstages:\n  generate:\n    run: "@/exe/gen.py"\n';
    const files = { 'conf/bootstrap.yaml': text, 'exe/gen.py': 'print(1)\n' };
    const session = await startFolders([files, files], {
      folderSettings: ([, b]) => ({ [b.uri]: { projectRoot: '.' } }),
    });
    sessions.push(session);
    const { client, wss: [a, b] } = session;
    // A: @/ is the bootstrap file's folder, conf/, without exe/gen.py; B: B's folder.
    const aShown = await client.waitForDiagnostics(a.uriOf('conf/bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(withText(text, aShown.diagnostics).map((d) => [d.code, d.text]), [['missing-file', '"@/exe/gen.py"']]);
    const bShown = await client.waitForDiagnostics(b.uriOf('conf/bootstrap.yaml'));
    assert.deepEqual(bShown.diagnostics, []);
  });

  it('a client that only pushes settings gets them for every folder', async () => {
    const session = await startFolders([{ 'bootstrap.yaml': TEXT }, { 'bootstrap.yaml': TEXT }], { capabilities: PUSH_ONLY_CAPABILITIES });
    sessions.push(session);
    const { client, wss: [a, b] } = session;
    await client.waitForDiagnostics(b.uriOf('bootstrap.yaml'), (p) => p.diagnostics.length > 0);
    client.notify('workspace/didChangeConfiguration', { settings: { strap: { severity: { 'unknown-package': 'warning' } } } });
    for (const ws of [a, b]) {
      const shown = await client.waitForDiagnostics(ws.uriOf('bootstrap.yaml'), (p) => p.diagnostics.some((d) => d.severity === 2));
      assert.deepEqual(unknown(shown), [{ text: 'missing', range: MISSING_RANGE, severity: 2 }]);
    }
    assert.equal(client.serverRequests.filter((r) => r.method === 'workspace/configuration').length, 0);
  });
});
