'use strict';
// Code actions over the protocol: fixes found by the diagnostic's data even
// when the client echoes byte columns (Neovim 0.7), every action carrying
// its edit (eglot 1.9), `changes` for clients without documentChanges,
// source.fixAll.strap, codeAction/resolve, JSONC.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startSession, applyEdits, editsFor, withText, PUSH_ONLY_CAPABILITIES, pushOnlyWith,
} = require('./client');

const CYCLE = [
  'version: 1',
  'packages:',
  '  gcc:',
  '    build-depends: [glibc, binutils]',
  '  glibc:',
  '    build-depends: [gcc]',
  '  binutils: {}',
  '',
].join('\n');

/** CYCLE and a second, separate cycle: four build-cycle errors, two annotations to break them. */
const TWO_CYCLES = CYCLE + '  a:\n    build-depends: [b]\n  b:\n    build-depends: [a]\n';

/** Opens TWO_CYCLES as `uri` and waits for its four cycle errors. */
async function openTwoCycles(client, uri) {
  client.open(uri, TWO_CYCLES);
  await client.waitForDiagnostics(uri, (p) => p.diagnostics.filter((d) => d.code === 'build-cycle').length === 4);
}

/** A range in UTF-8 byte columns, as Neovim 0.7 echoes it on non-ASCII lines. */
function byteRange(text, range) {
  const lines = text.split(/\r\n|\n|\r/);
  const col = (p) => Buffer.byteLength(lines[p.line].slice(0, p.character), 'utf8');
  return { start: { line: range.start.line, character: col(range.start) }, end: { line: range.end.line, character: col(range.end) } };
}

function asChanges(edits) {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  return sorted.map((e) => ({ range: e.range, text: e.newText }));
}

describe('code actions', { timeout: 180_000 }, () => {
  const sessions = [];
  after(async () => { for (const s of sessions) await s.close(); });

  it('finds the fix by the diagnostic\'s data although the echoed range is in bytes (Neovim 0.7)', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    let text = 'version: 1\r\npackages:\r\n  gcc: { description: "crème brûlée 😀", build-depends: [glibcc] }\r\n  glibc: {}\r\n';
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-package'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'unknown-package');
    assert.equal(withText(text, [diagnostic])[0].text, 'glibcc');

    const echoed = { ...diagnostic, range: byteRange(text, diagnostic.range) };
    assert.notDeepEqual(echoed.range, diagnostic.range, 'the byte columns differ from UTF-16 ones on this line');
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: echoed.range, context: { diagnostics: [echoed] } });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Change to 'glibc'"), JSON.stringify(titles));
    assert.ok(titles.includes("Declare package 'glibcc'"), JSON.stringify(titles));
    const change = actions.find((a) => a.title === "Change to 'glibc'");
    assert.equal(change.isPreferred, true);
    assert.ok(change.edit, 'the edit comes with the action (eglot cannot resolve)');
    assert.deepEqual(change.diagnostics, [echoed]);

    // Neovim round-trips `data` through Lua tables: keys reordered, [] turned into {}.
    const luaData = Object.fromEntries(Object.entries(diagnostic.data).reverse().map(([k, v]) => [k, Array.isArray(v) && v.length === 0 ? {} : v]));
    const viaLua = await client.request('textDocument/codeAction', {
      textDocument: { uri }, range: echoed.range, context: { diagnostics: [{ ...echoed, data: luaData }] },
    });
    assert.deepEqual(viaLua.map((a) => a.title), titles);

    const edits = editsFor(change.edit, uri);
    const fixed = applyEdits(text, edits);
    assert.equal(fixed, text.replace('[glibcc]', '[glibc]'));
    client.change(uri, 2, asChanges(edits));
    text = fixed;
    const clean = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(clean.diagnostics, []);

    // Every action already has its edit: resolve changes nothing.
    const resolved = await client.request('codeAction/resolve', change);
    assert.deepEqual(resolved, change);
  });

  it('"declare package" adds the package; the action\'s edit keeps the file valid', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    const text = 'version: 1\npackages:\n  hello:\n    build-depends: [zlib]   # compression\n';
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const unknown = published.diagnostics.filter((d) => d.code === 'unknown-package');
    assert.deepEqual(withText(text, unknown).map((d) => d.text), ['zlib']);
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: unknown[0].range, context: { diagnostics: unknown, only: ['quickfix'] } });
    const declare = actions.find((a) => a.title === "Declare package 'zlib'");
    assert.ok(declare, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(text, editsFor(declare.edit, uri));
    assert.ok(fixed.startsWith(text.trimEnd()), 'the existing text and its comment are kept');
    assert.match(fixed, /\n  zlib: \{\}\n?$/);
    client.change(uri, 2, [{ text: fixed }]);
    const clean = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(clean.diagnostics, []);
  });

  it('uses `changes` for clients without documentChanges, and documentChanges with versions otherwise', async () => {
    const capabilities = { ...PUSH_ONLY_CAPABILITIES, workspace: { ...PUSH_ONLY_CAPABILITIES.workspace, workspaceEdit: { documentChanges: false } } };
    const session = await startSession({ capabilities });
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, CYCLE, 'yaml', 7);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    const cycle = published.diagnostics.filter((d) => d.code === 'build-cycle');
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: cycle[0].range, context: { diagnostics: cycle } });
    const quickfixes = actions.filter((a) => a.kind === 'quickfix');
    assert.ok(quickfixes.length >= 2, 'one fix per edge of the cycle');
    for (const a of quickfixes) {
      assert.equal(a.edit.documentChanges, undefined);
      assert.ok(Array.isArray(a.edit.changes[uri]));
    }
    // Each fix names the edge it removes, and applying it leaves valid YAML with the annotation.
    const titles = quickfixes.map((a) => a.title).sort();
    assert.deepEqual(titles, ['Build gcc in bootstrap stage 1 without glibc', 'Build glibc in bootstrap stage 1 without gcc']);
    // Each diagnostic's own package fix is its preferred one.
    assert.equal(quickfixes.filter((a) => a.isPreferred).length, 2);
    for (const a of quickfixes) assert.match(applyEdits(CYCLE, a.edit.changes[uri]), /build-depends-bootstrap1: \[/);
  });

  it('offers source.fixAll.strap when asked for source actions, and it breaks every cycle', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    const text = TWO_CYCLES;
    await openTwoCycles(client, uri);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

    const source = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(source.length, 1);
    assert.equal(source[0].kind, 'source.fixAll.strap');
    assert.match(source[0].title, /Break every build-dependency cycle \(2 bootstrap annotations, the fewest possible\)/);
    assert.equal(source[0].edit.documentChanges[0].textDocument.version, 1);
    const fixed = applyEdits(text, editsFor(source[0].edit, uri));
    assert.equal((fixed.match(/build-depends-bootstrap1:/g) ?? []).length, 2);

    const quickOnly = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'] } });
    assert.ok(quickOnly.every((a) => a.kind === 'quickfix'));

    client.change(uri, 2, [{ text: fixed }]);
    const after2 = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after2.diagnostics.filter((d) => d.severity === 1), [], JSON.stringify(after2.diagnostics));
  });

  it('offers the fix-all on an unnamed request only when it is cheap or computed: a big cluster waits for source actions asked by name', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const range = { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } };
    const fixAllOf = (actions) => actions.filter((a) => a.kind === 'source.fixAll.strap');
    const unnamed = (uri) => client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });

    // A small cluster: the light bulb's request (no \`only\`) lists it.
    const small = ws.uriOf('small.bootstrap.yaml');
    client.open(small, CYCLE);
    await client.waitForDiagnostics(small, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    assert.equal(fixAllOf(await unnamed(small)).length, 1);

    // A ring of 400 packages: more than FIX_ALL_UNASKED_LIMIT in one unbroken cluster.
    const big = ws.uriOf('big.bootstrap.yaml');
    const n = 400;
    const text = ['version: 1', 'packages:', ...Array.from({ length: n }, (_, i) => `  p${i}: { build-depends: [p${(i + 1) % n}] }`), ''].join('\n');
    client.open(big, text);
    await client.waitForDiagnostics(big, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    const before = await unnamed(big);
    assert.deepEqual(fixAllOf(before), [], 'not computed for a cursor move');
    const named = await client.request('textDocument/codeAction', { textDocument: { uri: big }, range, context: { diagnostics: [], only: ['source'] } });
    assert.equal(fixAllOf(named).length, 1, 'asked by name, it is computed');
    const fixed = applyEdits(text, editsFor(fixAllOf(named)[0].edit, big));
    assert.equal((fixed.match(/build-depends-bootstrap1:/g) ?? []).length, 1);
    // Once computed for this analysis, the unnamed request lists it too.
    assert.equal(fixAllOf(await unnamed(big)).length, 1);
  });

  it('a fix-all asked by name on a big cluster runs beside other requests, and a cancel ends it', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    // Tangles of packages with three build dependencies and one runtime dependency each: one big cluster, seconds of solving at 1 200.
    const tangle = (n, salt) => ['version: 1', 'packages:', ...Array.from({ length: n }, (_, i) =>
      `  p${i}: { build-depends: [p${(i * 7 + salt) % n}, p${(i * 13 + 5) % n}, p${(i * 31 + 11) % n}], depends: [p${(i * 17 + 3) % n}] }`), ''].join('\n');
    const range = { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } };
    const fixAllRequest = (uri) => ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }, 120_000];

    const uri = ws.uriOf('tangle.bootstrap.yaml');
    const text = tangle(600, 1);
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'), 60_000);
    const answered = [];
    const fixAll = client.request(...fixAllRequest(uri)).then((r) => (answered.push('fix-all'), r));
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
    answered.push('hover');
    assert.match(JSON.stringify(hover), /p0/);
    const actions = await fixAll;
    assert.deepEqual(answered, ['hover', 'fix-all'], 'the hover did not wait for the solver');
    const action = actions.find((a) => a.kind === 'source.fixAll.strap');
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    // strap.showPlan names what fix-all takes: the same solution, from the same thread's result.
    const plan = await client.request('workspace/executeCommand', { command: 'strap.showPlan', arguments: [uri] });
    const count = /\((.*)\)$/.exec(action.title)[1];
    assert.ok(plan.includes(`Breaking every unbroken cycle (strap fix): ${count}`), `${action.title}\n${plan.slice(-400)}`);
    const fixed = applyEdits(text, editsFor(action.edit, uri));
    client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, 60_000);
    // (The tangle lists a few names twice: schema errors the fix leaves alone.)
    assert.deepEqual(after.diagnostics.filter((d) => d.severity === 1 && d.code !== 'schema').map((d) => d.code), [], 'the fix breaks every cycle');

    // Another tangle (nothing computed for it yet): cancelled while it solves.
    const other = ws.uriOf('other.bootstrap.yaml');
    client.open(other, tangle(1200, 2));
    await client.waitForDiagnostics(other, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'), 60_000);
    const pending = client.requestRaw(...fixAllRequest(other));
    const id = client.nextId - 1;
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.notify('$/cancelRequest', { id });
    const response = await pending;
    assert.equal(response.error?.code, -32800, JSON.stringify(response).slice(0, 300));
    // The server goes on answering.
    assert.ok(await client.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 2, character: 3 } }));
  });

  it('works the same in JSONC, keeping comments', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.jsonc');
    const text = [
      '{',
      '  // the toolchain',
      '  "version": 1,',
      '  "packages": {',
      '    "gcc": { "build-depends": ["glibc", "binutils"] },',
      '    "glibc": { "build-depends": ["gcc"] }, // loops back',
      '    "binutils": {}',
      '  }',
      '}',
      '',
    ].join('\n');
    client.open(uri, text, 'jsonc');
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
    const cycle = withText(text, published.diagnostics, 'build-cycle');
    assert.deepEqual(cycle.map((d) => d.text), ['"glibc"', '"gcc"']);
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: cycle[0].range, context: { diagnostics: [published.diagnostics.find((d) => d.code === 'build-cycle')] } });
    const preferred = actions.find((a) => a.isPreferred && a.kind === 'quickfix');
    assert.ok(preferred, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(text, editsFor(preferred.edit, uri));
    assert.ok(fixed.includes('// the toolchain') && fixed.includes('// loops back'));
    assert.match(fixed, /"build-depends-bootstrap1": \[/);
    client.change(uri, 2, [{ text: fixed }]);
    const after2 = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after2.diagnostics.filter((d) => d.severity === 1), [], JSON.stringify(after2.diagnostics));
  });

  it('counts positions in the text the client sent, a byte order mark included', async () => {
    const session = await startSession();
    sessions.push(session);
    const { client, ws } = session;
    for (const [name, language, text, expected] of [
      ['bootstrap.json', 'json', '\ufeff{"version":1,"packages":{"a":{"build-depends":["b"]},"b":{"build-depends":["a"]}}}', ['"b"', '"a"']],
      ['x.bootstrap.yaml', 'yaml', '\ufeffpackages: {a: {build-depends: [b]}, b: {build-depends: [a]}}\nversion: 1\n', ['b', 'a']],
    ]) {
      const uri = ws.uriOf(name);
      client.open(uri, text, language);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'build-cycle'));
      const cycle = withText(text, published.diagnostics, 'build-cycle');
      assert.deepEqual(cycle.map((d) => d.text), expected, name);
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: cycle[0].range, context: { diagnostics: [published.diagnostics.find((d) => d.code === 'build-cycle')] } });
      const preferred = actions.find((a) => a.isPreferred && a.kind === 'quickfix');
      assert.ok(preferred, JSON.stringify(actions.map((a) => a.title)));
      const fixed = applyEdits(text, editsFor(preferred.edit, uri));
      assert.equal(fixed.charCodeAt(0), 0xfeff, 'the mark stays');
      assert.match(fixed, /build-depends-bootstrap1/);
      client.change(uri, 2, [{ text: fixed }]);
      const after2 = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(after2.diagnostics.filter((d) => d.severity === 1), [], `${name}: ${fixed}\n${JSON.stringify(after2.diagnostics)}`);
    }
  });
});

describe('the fix-all for a client that resolves edits', { timeout: 60_000 }, () => {
  let session;
  after(async () => { if (session) await session.close(); });

  it('comes without its edit on an unasked request (a cursor move) and gets it on codeAction/resolve; asked by name, with it', async () => {
    const capabilities = pushOnlyWith({ codeAction: { ...PUSH_ONLY_CAPABILITIES.textDocument.codeAction, resolveSupport: { properties: ['edit'] } } });
    session = await startSession({ capabilities });
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    const text = TWO_CYCLES;
    await openTwoCycles(client, uri);
    const range = { start: { line: 6, character: 2 }, end: { line: 6, character: 2 } };
    const unasked = (await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }))
      .filter((a) => a.kind === 'source.fixAll.strap');
    assert.equal(unasked.length, 1);
    assert.equal(unasked[0].edit, undefined);
    const named = (await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }))[0];
    assert.ok(named.edit, 'asked by name, the edit comes with it');
    assert.equal(unasked[0].title, named.title);
    const resolved = await client.request('codeAction/resolve', unasked[0]);
    assert.deepEqual(resolved.edit, named.edit);
    const fixed = applyEdits(text, editsFor(resolved.edit, uri));
    assert.equal((fixed.match(/build-depends-bootstrap1:/g) ?? []).length, 2);
    // Resolved after an edit: no edit (made for a text that is gone).
    client.change(uri, 2, [{ text: text + '  c: {}\n' }]);
    await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.equal((await client.request('codeAction/resolve', unasked[0])).edit, undefined);
  });
});
