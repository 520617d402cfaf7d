'use strict';
// Pull diagnostics across included files: a `textDocument/diagnostic` report
// carries `relatedDocuments` for the other files of the asked file's
// workspace — full while they change, `unchanged` (same result id) once the
// client has the current ones — with result ids shared with
// `workspace/diagnostic`; a related file that leaves the analysis (deleted) is
// cleared; a client that does not advertise relatedDocumentSupport gets none.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startSession, replaceChange, withText, FULL_CAPABILITIES } = require('./client');

/** A 3.17 pull client that says it reads related documents. */
const RELATED_CAPABILITIES = {
  ...FULL_CAPABILITIES,
  textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: true } },
};

describe('pull diagnostics: related documents', { timeout: 30_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  /** A session over a workspace where gcc -> glibc -> gcc spans bootstrap.yaml and the file it includes. */
  async function cycleAcrossFiles(capabilities) {
    const session = await startSession({
      capabilities,
      files: {
        'bootstrap.yaml': 'version: 1\ninclude:\n  - other.bootstrap.yaml\npackages:\n  gcc:\n    build-depends: [glibc]\n',
        'other.bootstrap.yaml': 'version: 1\npackages:\n  glibc:\n    build-depends: [gcc]\n',
      },
    });
    sessions.push(session);
    return { ...session, uri: session.ws.uriOf('bootstrap.yaml') };
  }

  it('a pull of one file reports the cycle in the file it includes, then its fix, then unchanged', async () => {
    const { client, ws, uri } = await cycleAcrossFiles(RELATED_CAPABILITIES);
    const otherUri = ws.uriOf('other.bootstrap.yaml');
    const otherText = fs.readFileSync(ws.file('other.bootstrap.yaml'), 'utf8');
    let text = fs.readFileSync(ws.file('bootstrap.yaml'), 'utf8');
    client.open(uri, text);

    // 1. The cycle gcc -> glibc -> gcc spans both files.
    const first = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    assert.deepEqual(withText(text, first.items, 'build-cycle').map((d) => d.text), ['glibc']);
    assert.ok(first.relatedDocuments, `no relatedDocuments in ${JSON.stringify(first)}`);
    assert.deepEqual(Object.keys(first.relatedDocuments), [otherUri], 'the other file of the workspace, and not the asked one');
    const related1 = first.relatedDocuments[otherUri];
    assert.equal(related1.kind, 'full');
    assert.equal(typeof related1.resultId, 'string');
    const cycles = withText(otherText, related1.items, 'build-cycle');
    assert.equal(cycles.length, 1, JSON.stringify(related1.items));
    assert.equal(cycles[0].text, 'gcc', 'the range covers exactly the dependency entry');
    assert.deepEqual(cycles[0].range, { start: { line: 3, character: 20 }, end: { line: 3, character: 23 } });
    assert.equal(cycles[0].severity, 1);
    assert.match(cycles[0].message, /build-dependency cycle: (gcc → glibc → gcc|glibc → gcc → glibc)/);

    // 2. Break the cycle in the asked file: the related report changes with it.
    const step = replaceChange(text, '[glibc]', '[]');
    text = step.text;
    client.change(uri, 2, [step.change]);
    const second = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(second.kind, 'full');
    assert.notEqual(second.resultId, first.resultId);
    assert.deepEqual(second.items.filter((d) => d.code === 'build-cycle'), []);
    assert.ok(second.relatedDocuments, `no relatedDocuments in ${JSON.stringify(second)}`);
    const related2 = second.relatedDocuments[otherUri];
    assert.ok(related2, JSON.stringify(second.relatedDocuments));
    assert.equal(related2.kind, 'full');
    assert.notEqual(related2.resultId, related1.resultId);
    assert.deepEqual(related2.items.filter((d) => d.code === 'build-cycle'), [], JSON.stringify(related2.items));

    // 3. Nothing changed since: both reports are unchanged, with the result ids last sent.
    const third = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: second.resultId });
    assert.equal(third.kind, 'unchanged');
    assert.equal(third.resultId, second.resultId);
    assert.deepEqual(third.relatedDocuments, { [otherUri]: { kind: 'unchanged', resultId: related2.resultId } });

    // The related result id is the one workspace/diagnostic knows the file by, and the asked file's id too.
    // (Only the other file's id is given: with nothing changed at all, workspace/diagnostic would wait for a change.)
    const workspace = await client.request('workspace/diagnostic', { previousResultIds: [{ uri: otherUri, value: related2.resultId }] });
    const byUri = new Map(workspace.items.map((i) => [i.uri, i]));
    assert.deepEqual(byUri.get(otherUri), { uri: otherUri, version: null, kind: 'unchanged', resultId: related2.resultId });
    assert.equal(byUri.get(uri).kind, 'full');
    assert.equal(byUri.get(uri).resultId, third.resultId);
  });

  it('an included file deleted from disk is cleared through the next pull', async () => {
    const { client, ws, uri } = await cycleAcrossFiles(RELATED_CAPABILITIES);
    const otherUri = ws.uriOf('other.bootstrap.yaml');
    const text = fs.readFileSync(ws.file('bootstrap.yaml'), 'utf8');
    client.open(uri, text);

    const first = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    const related = first.relatedDocuments && first.relatedDocuments[otherUri];
    assert.ok(related, JSON.stringify(first));
    assert.equal(related.kind, 'full');
    assert.deepEqual(withText(fs.readFileSync(ws.file('other.bootstrap.yaml'), 'utf8'), related.items, 'build-cycle').map((d) => d.text), ['gcc']);

    // The included file goes away: it is no longer analysed, so what the client holds for it is cleared.
    fs.rmSync(ws.file('other.bootstrap.yaml'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: otherUri, type: 3 }] });
    const second = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(second.kind, 'full');
    assert.deepEqual(second.items.filter((d) => d.code === 'build-cycle'), []);
    assert.deepEqual(second.relatedDocuments, { [otherUri]: { kind: 'full', items: [] } });

    // Once cleared, it is not mentioned again.
    const third = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: second.resultId });
    assert.deepEqual(third, { kind: 'unchanged', resultId: second.resultId });
  });

  it('a client that does not read related documents gets none', async () => {
    const { client, ws, uri } = await cycleAcrossFiles(FULL_CAPABILITIES); // relatedDocumentSupport: false
    client.open(uri, fs.readFileSync(ws.file('bootstrap.yaml'), 'utf8'));
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.ok(report.items.some((d) => d.code === 'build-cycle'));
    assert.equal(report.relatedDocuments, undefined);
  });
});
