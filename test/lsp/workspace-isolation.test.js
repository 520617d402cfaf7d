'use strict';
// Unrelated bootstrap files in one workspace folder are separate include
// groups: an edit in one re-analyses its group only (the server says so in
// `$/logTrace` to a client that turned tracing on), the other files keep
// their published diagnostics without being published again, and a pulling
// client is told `unchanged` for them.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startSession, replaceChange, withText, delay, FULL_CAPABILITIES } = require('./client');

const FILES = {
  'a.bootstrap.yaml': 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n  glibc:\n    build-depends: [gcc]\n',
  'b.bootstrap.yaml': 'version: 1\npackages:\n  perl:\n    build-depends: [make]\n  make:\n    build-depends: [perl]\n',
};

/** The `$/logTrace` messages since `from`. */
const traces = (client, from = 0) => client.notifications.slice(from).filter((m) => m.method === '$/logTrace').map((m) => m.params);

describe('workspace isolation', { timeout: 30_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  it('an edit in one file re-analyses its include group only; the unrelated file keeps its diagnostics, not re-published', async () => {
    const session = await startSession({ files: FILES });
    sessions.push(session);
    const { client, ws } = session;
    client.notify('$/setTrace', { value: 'verbose' });
    const a = ws.uriOf('a.bootstrap.yaml');
    const b = ws.uriOf('b.bootstrap.yaml');
    const bText = fs.readFileSync(ws.file('b.bootstrap.yaml'), 'utf8');
    // The start-up scan analyses both files.
    const bFirst = await client.waitForDiagnostics(b, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    let text = FILES['a.bootstrap.yaml'];
    client.open(a, text);
    await client.waitForDiagnostics(a, (p) => p.version === 1);
    const bPublishes = () => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === b).length;
    const before = bPublishes();
    const mark = client.notifications.length;

    // Break a's cycle.
    const step = replaceChange(text, '[gcc]', '[]');
    text = step.text;
    client.change(a, 2, [step.change]);
    const aAfter = await client.waitForDiagnostics(a, (p) => p.version === 2);
    assert.deepEqual(aAfter.diagnostics.filter((d) => d.code === 'build-cycle'), []);
    await delay(200);

    const trace = traces(client, mark);
    assert.ok(trace.length >= 1, `no $/logTrace after the edit: ${JSON.stringify(client.notifications.slice(mark).map((m) => m.method))}`);
    const last = trace[trace.length - 1];
    assert.match(last.message, /1 include group analysed, 1 include group taken over/);
    assert.match(last.verbose, new RegExp(`analysed: ${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    assert.match(last.verbose, new RegExp(`taken over: ${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));

    assert.equal(bPublishes(), before, "b's diagnostics are not published again");
    const bNow = client.diagnostics.get(b);
    assert.deepEqual(bNow, bFirst);
    assert.deepEqual(withText(bText, bNow.diagnostics, 'build-cycle').map((d) => d.text).sort(), ['make', 'perl']);
  });

  it('workspace/diagnostic answers unchanged for the file an edit did not touch, full for the edited one', async () => {
    const session = await startSession({ files: FILES, capabilities: FULL_CAPABILITIES });
    sessions.push(session);
    const { client, ws } = session;
    const a = ws.uriOf('a.bootstrap.yaml');
    const b = ws.uriOf('b.bootstrap.yaml');
    // The start-up scan (with work-done progress) finds both files.
    await client.waitFor((m) => m.method === '$/progress' && m.params?.value?.kind === 'end', 10_000, 'the end of the start-up scan');
    let text = FILES['a.bootstrap.yaml'];
    client.open(a, text);
    const first = await client.request('workspace/diagnostic', { previousResultIds: [] });
    const ids = Object.fromEntries(first.items.map((i) => [i.uri, i.resultId]));
    assert.ok(ids[a] && ids[b], JSON.stringify(first.items.map((i) => i.uri)));
    assert.equal(first.items.find((i) => i.uri === b).kind, 'full');

    const step = replaceChange(text, '[gcc]', '[]');
    text = step.text;
    client.change(a, 2, [step.change]);
    const second = await client.request('workspace/diagnostic', { previousResultIds: [{ uri: a, value: ids[a] }, { uri: b, value: ids[b] }] });
    const byUri = Object.fromEntries(second.items.map((i) => [i.uri, i]));
    assert.equal(byUri[a].kind, 'full');
    assert.notEqual(byUri[a].resultId, ids[a]);
    assert.equal(byUri[a].version, 2);
    assert.deepEqual(byUri[a].items.filter((d) => d.code === 'build-cycle'), []);
    assert.deepEqual(byUri[b], { uri: b, version: null, kind: 'unchanged', resultId: ids[b] });

    // A document pull of b with its result id: unchanged too.
    const pulled = await client.request('textDocument/diagnostic', { textDocument: { uri: b }, previousResultId: ids[b] });
    assert.deepEqual(pulled, { kind: 'unchanged', resultId: ids[b] });
  });
});
