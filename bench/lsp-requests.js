#!/usr/bin/env node
'use strict';
// Every request an editor sends, over the protocol, on one big file: a real
// `strap lsp --stdio` child, a client announcing what VS Code announces, the
// file copied into a fresh workspace folder (the root) and opened. Prints one
// row per request: its latency, the size of its response (JSON characters)
// and the server's RSS after it. The figures are for finding requests that
// are slow, huge, wrong or crash, not goals.
//
//   node bench/lsp-requests.js FILE [FILE...] [--package NAME] [--timeout S] [--json] [--strap DIR]
//
// --strap DIR runs the server of another checkout (built), to compare two
// builds in the same window.
//
// Per file, after `initialize` and `didOpen`:
//   diagnostic (pull)     the first pull waits for the analysis; the second
//                         (with the first's resultId) must say `unchanged`
//   documentSymbol, foldingRange, documentLink, semanticTokens/full, codeLens,
//   formatting, selectionRange   (each sent whether offered or not: a method
//                         the server does not offer must be refused quickly)
//   inlayHint             over ~60 lines in the middle, then the whole file
//                         (then inlayHint/resolve of one hint, when offered)
//   hover                 on a package key, a dependency entry, a stage name
//   definition            of the dependency entry
//   references            of the most used build dependency (--package NAME)
//   prepareRename, rename of that package (the WorkspaceEdit's size)
//   completion            in a key, in a dependency list, in a bootstrap set
//   codeAction            at a cycle error (its quick fixes), then with
//                         only: ['source.fixAll'] while a hover is sent 0.5 s
//                         later (the hover must not wait for the fix-all)
//   codeAction            on a package key with no diagnostic (the light bulb, asked on every cursor move)
//   workspace/diagnostic  without result ids (with them it is held until something changes)
//   workspace/symbol      a short query
//   executeCommand        every command the server advertises, on the file
// Then the server's peak RSS (VmHWM).

const path = require('path');
const fs = require('fs');
const os = require('os');
const { spawn } = require('child_process');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');

const ROOT = path.resolve(__dirname, '..');

/** What VS Code 1.9x announces, in the parts strap may read. */
const CAPABILITIES = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], changeAnnotationSupport: { groupsOnLabel: true } },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true, symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => i + 1) }, resolveSupport: { properties: ['location.range'] } },
    codeLens: { refreshSupport: true },
    executeCommand: { dynamicRegistration: true },
    configuration: true,
    workspaceFolders: true,
    semanticTokens: { refreshSupport: true },
    fileOperations: { dynamicRegistration: true, didCreate: true, didRename: true, didDelete: true, willCreate: true, willRename: true, willDelete: true },
    inlineValue: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: {
      dynamicRegistration: true, contextSupport: true,
      completionItem: { snippetSupport: true, commitCharactersSupport: true, documentationFormat: ['markdown', 'plaintext'], deprecatedSupport: true, preselectSupport: true, tagSupport: { valueSet: [1] }, insertReplaceSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] }, insertTextModeSupport: { valueSet: [1, 2] }, labelDetailsSupport: true },
      insertTextMode: 2, completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => i + 1) }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { dynamicRegistration: true, signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true }, contextSupport: true },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    documentHighlight: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true, symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => i + 1) }, hierarchicalDocumentSymbolSupport: true, tagSupport: { valueSet: [1] }, labelSupport: true },
    codeAction: { dynamicRegistration: true, isPreferredSupport: true, disabledSupport: true, dataSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] } }, honorsChangeAnnotations: false },
    codeLens: { dynamicRegistration: true },
    formatting: { dynamicRegistration: true },
    rangeFormatting: { dynamicRegistration: true },
    onTypeFormatting: { dynamicRegistration: true },
    rename: { dynamicRegistration: true, prepareSupport: true, prepareSupportDefaultBehavior: 1, honorsChangeAnnotations: true },
    documentLink: { dynamicRegistration: true, tooltipSupport: true },
    typeDefinition: { dynamicRegistration: true, linkSupport: true },
    implementation: { dynamicRegistration: true, linkSupport: true },
    colorProvider: { dynamicRegistration: true },
    foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true, foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] }, foldingRange: { collapsedText: false } },
    declaration: { dynamicRegistration: true, linkSupport: true },
    selectionRange: { dynamicRegistration: true },
    callHierarchy: { dynamicRegistration: true },
    semanticTokens: { dynamicRegistration: true, tokenTypes: ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'], tokenModifiers: ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'], formats: ['relative'], requests: { range: true, full: { delta: true } }, multilineTokenSupport: false, overlappingTokenSupport: false, serverCancelSupport: true, augmentsSyntaxTokens: true },
    linkedEditingRange: { dynamicRegistration: true },
    typeHierarchy: { dynamicRegistration: true },
    inlineValue: { dynamicRegistration: true },
    inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: { showMessage: { messageActionItem: { additionalPropertiesSupport: true } }, showDocument: { support: true }, workDoneProgress: true },
  general: { staleRequestSupport: { cancel: true, retryOnContentModified: [] }, regularExpressions: { engine: 'ECMAScript', version: 'ES2020' }, markdown: { parser: 'marked', version: '1.1.0' }, positionEncodings: ['utf-16'] },
};

function parseArgs(argv) {
  const opts = { files: [], packageName: undefined, timeoutS: 120, json: false, strap: ROOT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--package') opts.packageName = argv[++i];
    else if (a === '--timeout') opts.timeoutS = Number(argv[++i]);
    else if (a === '--json') opts.json = true;
    else if (a === '--strap') opts.strap = path.resolve(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown argument ${a}`);
    else opts.files.push(path.resolve(a));
  }
  if (!opts.files.length) throw new Error('usage: node bench/lsp-requests.js FILE [FILE...] [--package NAME] [--timeout S] [--json]');
  return opts;
}

const rssKb = (pid, field) => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
};

/** Where to ask: positions found in the text (0-based lines, UTF-16 columns; the files are ASCII at these places). */
function locate(text, packageName) {
  const lines = text.split('\n');
  const packagesLine = lines.indexOf('packages:');
  const keyRe = /^ {2}("?)([^\s:"]+)\1:\s*(#.*)?$/;
  const flowRe = /^(\s+build-depends: \[)([^\]]*)\]/;
  // The most used build dependency that is a package key (or --package).
  const keys = new Map();
  for (let i = packagesLine + 1; i < lines.length; i++) {
    const m = keyRe.exec(lines[i]);
    if (m) keys.set(m[2], i);
    else if (/^\S/.test(lines[i])) break;
  }
  let name = packageName;
  if (!name) {
    const counts = new Map();
    for (const l of lines) {
      const m = flowRe.exec(l);
      if (m) for (const item of m[2].split(',')) { const n = item.trim().replace(/^"|"$/g, ''); if (keys.has(n)) counts.set(n, (counts.get(n) ?? 0) + 1); }
    }
    name = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  }
  const keyLine = keys.get(name);
  const key = { line: keyLine, character: lines[keyLine].indexOf(name) + 1 };
  // A dependency entry naming it, near the middle of the file.
  const mid = lines.length >> 1;
  let entry;
  for (let d = 0; d < lines.length && !entry; d++) {
    for (const i of [mid + d, mid - d]) {
      const m = i >= 0 && i < lines.length ? flowRe.exec(lines[i]) : null;
      const at = m ? lines[i].search(new RegExp(`[\\[ ]${name.replace(/[.+]/g, '\\$&')}[,\\]]`)) : -1;
      if (at >= 0) { entry = { line: i, character: at + 2 }; break; }
    }
  }
  // Completion in a dependency list: 3 characters into the first item of a flow list at 30 %.
  let depList;
  for (let i = Math.floor(lines.length * 0.3); i < lines.length && !depList; i++) {
    const m = flowRe.exec(lines[i]);
    if (m && m[2].length > 3) depList = { line: i, character: m[1].length + 3 };
  }
  // Completion in a key: the middle of a `build-depends` key at 60 %.
  let keyCompletion;
  for (let i = Math.floor(lines.length * 0.6); i < lines.length && !keyCompletion; i++) {
    if (/^ {4}build-depends:/.test(lines[i])) keyCompletion = { line: i, character: 7 };
  }
  // Completion in a bootstrap set: inside the first `build-depends-bootstrapN` list.
  let bootstrapSet;
  for (let i = 0; i < lines.length && !bootstrapSet; i++) {
    const m = /^(\s+build-depends-bootstrap\d*: \[)([^\]]*)\]/.exec(lines[i]);
    if (m && m[2].length > 2) bootstrapSet = { line: i, character: m[1].length + 2 };
  }
  // A stage name: the first key under `stages:`.
  let stage;
  const stagesLine = lines.indexOf('stages:');
  if (stagesLine >= 0) {
    for (let i = stagesLine + 1; i < lines.length && !stage; i++) if (keyRe.test(lines[i])) stage = { line: i, character: 3 };
  }
  return { lines: lines.length, name, key, entry, depList, keyCompletion, bootstrapSet, stage, visible: { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } }, last: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

async function probe(file, opts) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'strap-requests-')));
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  const text = fs.readFileSync(copy, 'utf8');
  const uri = pathToFileURL(copy).href;
  const where = locate(text, opts.packageName);
  const rows = [];
  const child = spawn(process.execPath, [path.join(opts.strap, 'bin', 'strap.js'), 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let crashed;
  exited.then((e) => { crashed = e; });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const logs = [];
  connection.onNotification('window/logMessage', (p) => { if (p.type <= 2) logs.push(p.message.slice(0, 300)); });
  connection.onNotification(() => undefined);
  connection.onRequest('workspace/configuration', (p) => p.items.map((item) => (item.section === 'strap' ? {} : null)));
  connection.onRequest(() => null);
  connection.onError(() => undefined);
  connection.listen();

  const timed = async (label, method, params, note) => {
    const t = performance.now();
    let result; let error;
    const source = new rpc.CancellationTokenSource();
    let timer;
    try {
      result = await Promise.race([
        connection.sendRequest(method, params, source.token),
        new Promise((_, reject) => { timer = setTimeout(() => { source.cancel(); reject(new Error(`timeout after ${opts.timeoutS} s`)); }, opts.timeoutS * 1000); }),
      ]);
    } catch (e) {
      error = e;
    } finally {
      clearTimeout(timer);
    }
    const ms = performance.now() - t;
    const size = error ? 0 : (JSON.stringify(result) ?? '').length;
    const row = { request: label, ms, size, rssMb: rssKb(child.pid, 'VmRSS') / 1024, note: error ? `error: ${error.message}` : note ? note(result) : '' };
    rows.push(row);
    if (!opts.json) process.stderr.write(`  ${label}: ${ms.toFixed(0)} ms, ${size} chars ${row.note}\n`);
    return result;
  };
  const doc = { uri };
  const count = (r) => (Array.isArray(r) ? `${r.length} items` : r == null ? 'null' : '');

  const init = await timed('initialize', 'initialize', {
    processId: process.pid, clientInfo: { name: 'Visual Studio Code', version: '1.95.0' }, locale: 'en',
    rootUri: pathToFileURL(dir).href, rootPath: dir, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: path.basename(dir) }],
    capabilities: CAPABILITIES, initializationOptions: {}, trace: 'off',
  });
  const caps = init?.capabilities ?? {};
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });

  const first = await timed('diagnostic (pull, first)', 'textDocument/diagnostic', { textDocument: doc }, (r) => `${r?.kind} ${r?.items?.length ?? ''} items`);
  await timed('diagnostic (pull, again)', 'textDocument/diagnostic', { textDocument: doc, previousResultId: first?.resultId }, (r) => `${r?.kind}${r?.kind === 'unchanged' ? '' : ' (expected unchanged)'}`);
  await timed('documentSymbol', 'textDocument/documentSymbol', { textDocument: doc }, count);
  await timed('foldingRange', 'textDocument/foldingRange', { textDocument: doc }, count);
  await timed('documentLink', 'textDocument/documentLink', { textDocument: doc }, count);
  await timed(`semanticTokens/full${caps.semanticTokensProvider ? '' : ' (not offered)'}`, 'textDocument/semanticTokens/full', { textDocument: doc });
  await timed(`codeLens${caps.codeLensProvider ? '' : ' (not offered)'}`, 'textDocument/codeLens', { textDocument: doc }, count);
  await timed('inlayHint (60 lines)', 'textDocument/inlayHint', { textDocument: doc, range: where.visible }, count);
  const hints = await timed('inlayHint (whole file)', 'textDocument/inlayHint', { textDocument: doc, range: { start: { line: 0, character: 0 }, end: where.last } }, count);
  const hint = Array.isArray(hints) ? hints.find((h) => h.data) : undefined;
  if (hint) await timed('inlayHint/resolve', 'inlayHint/resolve', hint, (r) => (r?.tooltip ? 'tooltip' : 'no tooltip'));
  await timed(`hover (package key ${where.name})`, 'textDocument/hover', { textDocument: doc, position: where.key });
  if (where.entry) await timed('hover (dependency entry)', 'textDocument/hover', { textDocument: doc, position: where.entry });
  if (where.stage) await timed('hover (stage name)', 'textDocument/hover', { textDocument: doc, position: where.stage });
  if (where.entry) await timed('definition (dependency entry)', 'textDocument/definition', { textDocument: doc, position: where.entry }, count);
  await timed(`references (${where.name})`, 'textDocument/references', { textDocument: doc, position: where.key, context: { includeDeclaration: true } }, count);
  await timed(`prepareRename (${where.name})`, 'textDocument/prepareRename', { textDocument: doc, position: where.key });
  await timed(`rename (${where.name})`, 'textDocument/rename', { textDocument: doc, position: where.key, newName: `${where.name}-renamed` }, (r) => {
    const edits = r?.changes ? Object.values(r.changes).flat().length : (r?.documentChanges ?? []).reduce((n, c) => n + (c.edits?.length ?? 0), 0);
    return `${edits} edits`;
  });
  const completionNote = (r) => `${Array.isArray(r) ? r.length : r?.items?.length ?? 0} items`;
  if (where.keyCompletion) await timed('completion (key)', 'textDocument/completion', { textDocument: doc, position: where.keyCompletion, context: { triggerKind: 1 } }, completionNote);
  if (where.depList) await timed('completion (dependency list)', 'textDocument/completion', { textDocument: doc, position: where.depList, context: { triggerKind: 1 } }, completionNote);
  if (where.bootstrapSet) await timed('completion (bootstrap set)', 'textDocument/completion', { textDocument: doc, position: where.bootstrapSet, context: { triggerKind: 1 } }, completionNote);
  await timed('selectionRange', 'textDocument/selectionRange', { textDocument: doc, positions: [where.key] });
  await timed(`formatting${caps.documentFormattingProvider ? '' : ' (not offered)'}`, 'textDocument/formatting', { textDocument: doc, options: { tabSize: 2, insertSpaces: true } });
  await timed('workspace/symbol "gl"', 'workspace/symbol', { query: 'gl' }, count);

  // A cycle error with quick fixes (`build-cycle`), else any cycle error.
  const errors = (first?.items ?? []).filter((d) => /cycle/.test(String(d.code)) && d.severity === 1);
  const cycle = errors.find((d) => d.code === 'build-cycle') ?? errors[0];
  if (cycle) {
    await timed(`codeAction (${cycle.code})`, 'textDocument/codeAction', { textDocument: doc, range: cycle.range, context: { diagnostics: [cycle], triggerKind: 1 } }, count);
    const fixAll = timed('codeAction only source.fixAll', 'textDocument/codeAction', { textDocument: doc, range: cycle.range, context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 1 } }, count);
    await new Promise((r) => setTimeout(r, 500));
    await timed('  hover meanwhile', 'textDocument/hover', { textDocument: doc, position: where.key });
    await fixAll;
  }
  // The light bulb: asked on every cursor move, with no diagnostic there (after the fix-all was computed).
  await timed('codeAction (cursor on a key)', 'textDocument/codeAction', { textDocument: doc, range: { start: where.key, end: where.key }, context: { diagnostics: [], triggerKind: 2 } }, count);
  await timed('workspace/diagnostic', 'workspace/diagnostic', { previousResultIds: [] }, (r) => `${r?.items?.length ?? 0} reports`);
  for (const command of caps.executeCommandProvider?.commands ?? []) {
    await timed(`executeCommand ${command}`, 'workspace/executeCommand', { command, arguments: [uri] });
  }
  rows.push({ request: 'peak RSS (VmHWM)', ms: NaN, size: NaN, rssMb: rssKb(child.pid, 'VmHWM') / 1024, note: '' });
  if (crashed) rows.push({ request: 'server exited', ms: NaN, size: NaN, rssMb: NaN, note: `${JSON.stringify(crashed)} ${stderr}` });
  if (logs.length) rows.push({ request: 'server errors logged', ms: NaN, size: NaN, rssMb: NaN, note: logs.slice(0, 5).join(' | ') });
  try {
    await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
    connection.sendNotification('exit');
  } catch { /* gone */ }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  child.kill('SIGKILL');
  connection.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  return { file, lines: where.lines, bytes: Buffer.byteLength(text), rows };
}

function print(report) {
  const mb = (report.bytes / 1e6).toFixed(1);
  console.log(`\n${path.basename(report.file)} (${mb} MB, ${report.lines} lines)\n`);
  console.log('| request | ms | response chars | RSS MB | note |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of report.rows) {
    const ms = Number.isNaN(r.ms) ? '' : r.ms.toFixed(0);
    const size = Number.isNaN(r.size) ? '' : r.size.toLocaleString('en-US');
    const rss = Number.isNaN(r.rssMb) ? '' : r.rssMb.toFixed(0);
    console.log(`| ${r.request} | ${ms} | ${size} | ${rss} | ${r.note.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const reports = [];
  for (const file of opts.files) {
    if (!opts.json) process.stderr.write(`${file}\n`);
    const report = await probe(file, opts);
    reports.push(report);
    if (!opts.json) print(report);
  }
  if (opts.json) console.log(JSON.stringify(reports, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
