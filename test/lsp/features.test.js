'use strict';
// The editor features over the protocol, one scenario each: completion,
// hover, definition / references / rename across two files joined by
// include, document and workspace symbols, folding, document links, inlay
// hints, and the strap.showPlan / strap.showGraph commands.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const {
  startSession, positionAt, textIn, applyEdits, editsFor, pushOnlyWith,
} = require('./client');

const MAIN = [
  'version: 1',
  'include:',
  '  - toolchain.bootstrap.yaml',
  'stages:',
  '  find_conf:',
  '    interpreter: host',
  '  init_venv:',
  '    writes: none',
  '    on-change: { restart-from: find_conf }',
  'packages:',
  '  hello:',
  '    build-depends: [gcc, zlib]',
  '  zlib:',
  '    build-depends: [gcc]',
  '  binutils: {}',
  '',
].join('\n');

const TOOLCHAIN = [
  'version: 1',
  'packages:',
  '  gcc:',
  '    build-depends: [binutils, ]',
  '  glibc:',
  '    build-depends: [gcc]',
  '  libx:',
  '    build-depends: [liby]',
  '  liby:',
  '    build-depends: [libx]',
  '',
].join('\n');

/** The position `delta` characters after the `n`-th occurrence of `needle`. */
function at(text, needle, delta = 0, n = 0) {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `'${needle}' not found`);
  return positionAt(text, i + delta);
}

describe('editor features', { timeout: 60_000 }, () => {
  let session;
  let client;
  let main;
  let toolchain;
  before(async () => {
    session = await startSession({ files: { 'bootstrap.yaml': MAIN, 'toolchain.bootstrap.yaml': TOOLCHAIN } });
    client = session.client;
    main = session.ws.uriOf('bootstrap.yaml');
    toolchain = session.ws.uriOf('toolchain.bootstrap.yaml');
    client.open(main, MAIN);
    client.open(toolchain, TOOLCHAIN);
    await client.waitForDiagnostics(toolchain, (p) => p.version === 1);
  });
  after(async () => { if (session) await session.close(); });

  it('completes package names inside a dependency list, without those listed, flagging the one that closes a cycle', async () => {
    const position = at(TOOLCHAIN, 'binutils, ', 'binutils, '.length);
    const list = await client.request('textDocument/completion', { textDocument: { uri: toolchain }, position });
    const labels = list.items.map((i) => i.label).sort();
    assert.deepEqual(labels, ['glibc', 'hello', 'libx', 'liby', 'zlib']);
    const glibc = list.items.find((i) => i.label === 'glibc');
    assert.match(glibc.detail, /cycle/);
    assert.match(glibc.detail, /gcc → glibc → gcc/);
    assert.equal(textIn(TOOLCHAIN, glibc.textEdit.range), '');
    const after = applyEdits(TOOLCHAIN, [glibc.textEdit]);
    assert.ok(after.includes('    build-depends: [binutils, glibc]\n'), after);
  });

  it('completes enum values, stage names and the next build-depends-bootstrap<N>', async () => {
    const values = await client.request('textDocument/completion', { textDocument: { uri: main }, position: at(MAIN, 'writes: ', 'writes: '.length) });
    assert.deepEqual(values.items.map((i) => i.label).sort(), ['create', 'modify', 'none']);

    const stages = await client.request('textDocument/completion', { textDocument: { uri: main }, position: at(MAIN, 'restart-from: ', 'restart-from: '.length) });
    assert.ok(stages.items.some((i) => i.label === 'find_conf'), JSON.stringify(stages.items.map((i) => i.label)));

    // A new key line inside `gcc`.
    const edited = TOOLCHAIN.replace('[binutils, ]\n', '[binutils, ]\n    \n');
    client.change(toolchain, 2, [{ text: edited }]);
    const keys = await client.request('textDocument/completion', { textDocument: { uri: toolchain }, position: { line: 4, character: 4 } });
    const bootstrap = keys.items.find((i) => i.label === 'build-depends-bootstrap1');
    assert.ok(bootstrap, JSON.stringify(keys.items.map((i) => i.label)));
    assert.equal(bootstrap.insertTextFormat, 2, 'a snippet for a client that supports them');
    assert.equal(bootstrap.textEdit.newText, 'build-depends-bootstrap1: [${1:binutils}]');
    assert.ok(keys.items.every((i) => i.label !== 'build-depends'), 'keys already present are not offered');
    client.change(toolchain, 3, [{ text: TOOLCHAIN }]);
    await client.waitForDiagnostics(toolchain, (p) => p.version === 3);
  });

  it('hovers a package with its dependencies, cycle and place in the plan, and a key with its documentation', async () => {
    const pkg = await client.request('textDocument/hover', { textDocument: { uri: main }, position: at(MAIN, 'zlib:', 1) });
    assert.equal(pkg.contents.kind, 'markdown');
    assert.match(pkg.contents.value, /zlib/);
    assert.match(pkg.contents.value, /build-depends/);
    assert.equal(textIn(MAIN, pkg.range), 'zlib');

    const dependents = await client.request('textDocument/hover', { textDocument: { uri: toolchain }, position: at(TOOLCHAIN, 'gcc:', 1) });
    assert.match(dependents.contents.value, /needed to build:\*\* `glibc`, `hello`, `zlib`/);
    assert.match(dependents.contents.value, /wave/);
    const cyc = await client.request('textDocument/hover', { textDocument: { uri: toolchain }, position: at(TOOLCHAIN, 'libx:', 1) });
    assert.match(cyc.contents.value, /cycle/i);
    assert.match(cyc.contents.value, /libx → liby → libx/);

    const key = await client.request('textDocument/hover', { textDocument: { uri: main }, position: at(MAIN, 'build-depends', 3) });
    assert.ok(key && key.contents.value.length > 0);
    assert.equal(textIn(MAIN, key.range), 'build-depends');

    const nothing = await client.request('textDocument/hover', { textDocument: { uri: main }, position: { line: 0, character: 9 } });
    assert.ok(nothing === null || typeof nothing.contents.value === 'string');
  });

  it('goes to the definition in the included file and finds references across both files', async () => {
    const defs = await client.request('textDocument/definition', { textDocument: { uri: main }, position: at(MAIN, 'gcc', 1) });
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, toolchain);
    assert.equal(textIn(TOOLCHAIN, defs[0].range), 'gcc');
    assert.equal(defs[0].range.start.line, 2);

    const refs = await client.request('textDocument/references', { textDocument: { uri: toolchain }, position: at(TOOLCHAIN, 'gcc:', 1), context: { includeDeclaration: true } });
    const where = refs.map((r) => [r.uri === main ? 'main' : 'toolchain', r.range.start.line, textIn(r.uri === main ? MAIN : TOOLCHAIN, r.range)]).sort();
    assert.deepEqual(where, [['main', 11, 'gcc'], ['main', 13, 'gcc'], ['toolchain', 2, 'gcc'], ['toolchain', 5, 'gcc']]);

    const withoutDecl = await client.request('textDocument/references', { textDocument: { uri: toolchain }, position: at(TOOLCHAIN, 'gcc:', 1), context: { includeDeclaration: false } });
    assert.equal(withoutDecl.length, 3);
  });

  it('renames a package across both files (prepareRename first)', async () => {
    const prepared = await client.request('textDocument/prepareRename', { textDocument: { uri: main }, position: at(MAIN, 'gcc', 1) });
    assert.equal(prepared.placeholder, 'gcc');
    assert.equal(textIn(MAIN, prepared.range), 'gcc');

    const refused = await client.requestRaw('textDocument/prepareRename', { textDocument: { uri: main }, position: { line: 0, character: 2 } });
    assert.ok(refused.error || refused.result === null);

    const edit = await client.request('textDocument/rename', { textDocument: { uri: main }, position: at(MAIN, 'gcc', 1), newName: 'cc' });
    assert.ok(edit.documentChanges, 'documentChanges for a client that supports them');
    assert.deepEqual(edit.documentChanges.map((c) => [c.textDocument.uri, c.textDocument.version]).sort(), [[main, 1], [toolchain, 3]].sort());
    const newMain = applyEdits(MAIN, editsFor(edit, main));
    const newToolchain = applyEdits(TOOLCHAIN, editsFor(edit, toolchain));
    assert.equal(newMain, MAIN.replace('[gcc, zlib]', '[cc, zlib]').replace('build-depends: [gcc]', 'build-depends: [cc]'));
    assert.equal(newToolchain, TOOLCHAIN.replace('  gcc:', '  cc:').replace('[gcc]', '[cc]'));

    const invalid = await client.requestRaw('textDocument/rename', { textDocument: { uri: main }, position: at(MAIN, 'gcc', 1), newName: 'not a name!' });
    assert.ok(invalid.error, 'an invalid name is refused with a message');
    assert.match(invalid.error.message, /not a valid package name/);
  });

  it('lists document symbols as a tree and workspace symbols across files', async () => {
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: main } });
    const packages = symbols.find((s) => s.name === 'packages');
    assert.deepEqual(packages.children.map((c) => c.name), ['hello', 'zlib', 'binutils']);
    assert.equal(packages.children[0].kind, 4 /* Package */);
    assert.equal(textIn(MAIN, packages.children[0].selectionRange), 'hello');
    const stages = symbols.find((s) => s.name === 'stages');
    assert.deepEqual(stages.children.map((c) => c.name), ['find_conf', 'init_venv']);

    const found = await client.request('workspace/symbol', { query: 'glib' });
    assert.deepEqual(found.map((s) => [s.name, s.location.uri]), [['glibc', toolchain]]);
  });

  it('folds collections, links includes, and shows each package\'s wave as an inlay hint', async () => {
    const folds = await client.request('textDocument/foldingRange', { textDocument: { uri: main } });
    assert.ok(folds.some((f) => f.startLine === 9 && f.endLine === 14), JSON.stringify(folds));

    const links = await client.request('textDocument/documentLink', { textDocument: { uri: main } });
    assert.equal(links.length, 1);
    assert.equal(links[0].target, toolchain);
    assert.equal(textIn(MAIN, links[0].range), 'toolchain.bootstrap.yaml');

    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    const hints = await client.request('textDocument/inlayHint', { textDocument: { uri: main }, range });
    const binutils = hints.find((h) => h.position.line === 14);
    assert.ok(binutils, JSON.stringify(hints));
    assert.match(binutils.label, /wave 1/);
    // At the end of the line `  binutils: {}`, where it cannot be taken for YAML.
    assert.deepEqual(binutils.position, { line: 14, character: '  binutils: {}'.length });
  });

  it('runs strap.showPlan and strap.showGraph', async () => {
    const plan = await client.request('workspace/executeCommand', { command: 'strap.showPlan', arguments: [main] });
    assert.match(plan, /wave 1/);
    assert.match(plan, /binutils/);
    const json = JSON.parse(await client.request('workspace/executeCommand', { command: 'strap.showPlan', arguments: [main, 'json'] }));
    assert.ok(Array.isArray(json.waves));
    const graph = await client.request('workspace/executeCommand', { command: 'strap.showGraph', arguments: [main, { format: 'dot', cyclesOnly: true }] });
    assert.match(graph, /digraph/);
    assert.match(graph, /libx/);
    assert.doesNotMatch(graph, /hello/);
    const mermaid = await client.request('workspace/executeCommand', { command: 'strap.showGraph', arguments: [main] });
    assert.match(mermaid, /^flowchart/);
  });

  it('turns inlay hints off by setting', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: { strap: { inlayHints: { enable: false } } } });
    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    let hints;
    for (let i = 0; i < 50; i++) {
      hints = await client.request('textDocument/inlayHint', { textDocument: { uri: main }, range });
      if (hints.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(hints, []);
  });
});

describe('editor features for a client without snippets, hierarchy or markdown', { timeout: 30_000 }, () => {
  let session;
  after(async () => { if (session) await session.close(); });

  it('gets plain-text completions and a flat symbol list', async () => {
    const capabilities = pushOnlyWith({ completion: { completionItem: {} }, documentSymbol: {}, hover: {} });
    session = await startSession({ capabilities });
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    const text = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n    \n  glibc: {}\n';
    client.open(uri, text);
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 4 } });
    assert.ok(list.items.length > 0);
    for (const item of list.items) {
      assert.equal(item.insertTextFormat, 1);
      assert.doesNotMatch(item.textEdit.newText, /\$\{?\d/, item.textEdit.newText);
    }
    const bootstrap = list.items.find((i) => i.label === 'build-depends-bootstrap1');
    assert.equal(bootstrap.textEdit.newText, 'build-depends-bootstrap1: [glibc]');

    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.every((s) => s.location && !s.children));
    assert.deepEqual(symbols.filter((s) => s.containerName === 'packages').map((s) => s.name), ['gcc', 'glibc']);

    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 3 } });
    assert.equal(hover.contents.kind, 'plaintext');
    assert.ok(fs);
  });
});

describe('inlay hints for a client that resolves their tooltips', { timeout: 30_000 }, () => {
  let session;
  after(async () => { if (session) await session.close(); });

  it('sends the hints without tooltips and gives each one its tooltip on inlayHint/resolve', async () => {
    const capabilities = pushOnlyWith({ inlayHint: { resolveSupport: { properties: ['tooltip', 'label.location'] } } });
    session = await startSession({ files: { 'bootstrap.yaml': TOOLCHAIN }, capabilities });
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, TOOLCHAIN);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const range = { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } };
    const hints = await client.request('textDocument/inlayHint', { textDocument: { uri }, range });
    const libx = hints.find((h) => h.position.line === 6);
    assert.ok(libx, JSON.stringify(hints));
    assert.equal(libx.label, 'stuck: cycle');
    assert.ok(hints.every((h) => h.tooltip === undefined && h.data), JSON.stringify(hints));
    const resolved = await client.request('inlayHint/resolve', libx);
    assert.deepEqual({ ...resolved, tooltip: undefined }, { ...libx, tooltip: undefined });
    assert.equal(resolved.tooltip.kind, 'markdown');
    assert.equal(resolved.tooltip.value, '- stuck in an unbroken build-dependency cycle with `liby`');
  });
});

describe('folding ranges for a client with a rangeLimit', { timeout: 30_000 }, () => {
  let session;
  after(async () => { if (session) await session.close(); });

  it('sends no more ranges than the client keeps, the outermost first', async () => {
    const capabilities = pushOnlyWith({ foldingRange: { rangeLimit: 4 } });
    session = await startSession({ files: { 'bootstrap.yaml': MAIN }, capabilities });
    const { client, ws } = session;
    const uri = ws.uriOf('bootstrap.yaml');
    client.open(uri, MAIN);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const folds = await client.request('textDocument/foldingRange', { textDocument: { uri } });
    // include, stages, packages, then the first stage (document order at the second level).
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[1, 2], [3, 8], [4, 5], [9, 14]]);
  });
});
