#!/usr/bin/env node
'use strict';
// Measure the language server on a large bootstrap file (the imported Debian
// archive): open → first textDocument/publishDiagnostics, then one-character
// edits → re-published diagnostics (the goal is < 1 s per edit).
//
//   node scripts/debian-lsp-scale.js [--file FILE] [--json] [--edits N] [--timeout S]
//
// FILE defaults to .cache/debian/bookworm.bootstrap.yaml. It is copied into a
// fresh temporary folder that becomes the workspace root, so the server sees
// exactly one bootstrap file. The server is `node bin/strap.js lsp --stdio`,
// run under GNU time (when present) for its peak RSS. A small JSON-RPC client
// built on vscode-languageserver-protocol/node plays the editor: it answers
// workspace/configuration with defaults and accepts progress and registration
// requests. Times include the server's debounce (strap.debounceMs, 150 ms by
// default).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { pathToFileURL } = require('url');

const ROOT = path.resolve(__dirname, '..');
const rpc = require(require.resolve('vscode-languageserver-protocol/node', { paths: [ROOT] }));

function parseArgs(argv) {
  const o = { file: path.join(ROOT, '.cache/debian/bookworm.bootstrap.yaml'), json: false, edits: 3, timeout: 900 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--file') o.file = path.resolve(argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--timeout') o.timeout = Number(argv[++i]);
    else {
      process.stderr.write(`debian-lsp-scale: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  return o;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;
const log = (m) => process.stderr.write(`debian-lsp-scale: ${m}\n`);

/** Offset of the first comment line's end (an edit there changes no package). */
function editPoints(text) {
  const points = [];
  // 1. Inside the first comment line: insert a character after "# ".
  if (text.startsWith('#')) points.push({ line: 0, character: 2, label: 'a character inserted into the header comment' });
  // 2. Inside a dependency name: the first "build-depends: [" list item.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s+build-depends: \[)([A-Za-z0-9])/.exec(lines[i]);
    if (m) {
      points.push({ line: i, character: m[1].length + 1, label: `a character inserted into a build-depends name (line ${i + 1}: it becomes unknown)` });
      break;
    }
  }
  return points;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(o.file)) {
    log(`${o.file} missing: run strap import debian first (see docs/debian.md)`);
    process.exit(2);
  }
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-lsp-scale-'));
  const file = path.join(ws, path.basename(o.file));
  fs.copyFileSync(o.file, file);
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const rootUri = pathToFileURL(ws).href;

  const timeBin = ['/usr/bin/time', '/bin/time'].find((p) => fs.existsSync(p));
  const timeFile = path.join(ws, 'server.time');
  const serverArgs = [path.join(ROOT, 'bin/strap.js'), 'lsp', '--stdio'];
  const child = timeBin
    ? spawn(timeBin, ['-v', '-o', timeFile, process.execPath, ...serverArgs], { cwd: ws, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, serverArgs, { cwd: ws, stdio: ['pipe', 'pipe', 'pipe'] });
  let serverErr = '';
  child.stderr.on('data', (d) => {
    serverErr += d;
    if (serverErr.length > 1 << 16) serverErr = serverErr.slice(-(1 << 15));
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  conn.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('client/unregisterCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onRequest('workspace/semanticTokens/refresh', () => null);
  conn.onNotification('window/logMessage', () => {});
  conn.onNotification('$/progress', () => {});
  conn.onNotification('window/showMessage', (m) => log(`server says: ${m.message}`));

  // Every publishDiagnostics for our file, with its arrival time.
  const published = [];
  let waiter = null;
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri !== uri) return;
    const entry = { t: now(), version: p.version, count: p.diagnostics.length };
    published.push(entry);
    if (waiter && waiter.accept(entry)) {
      const w = waiter;
      waiter = null;
      w.resolve(entry);
    }
  });
  const waitFor = (accept, what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = null;
        reject(new Error(`timed out after ${o.timeout} s waiting for ${what}`));
      }, o.timeout * 1000);
      waiter = {
        accept,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
    });
  conn.listen();

  const result = { file: path.relative(ROOT, o.file), bytes: Buffer.byteLength(text), lines: text.split('\n').length, debounceNote: 'times include the server debounce (strap.debounceMs, default 150 ms)' };
  try {
    let t0 = now();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'debian' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    });
    result.initializeSeconds = now() - t0;
    conn.sendNotification('initialized', {});

    // Open → first diagnostics for version 1.
    t0 = now();
    const firstP = waitFor((e) => e.version === undefined || e.version === null || e.version === 1, 'the first diagnostics');
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const first = await firstP;
    result.openToDiagnosticsSeconds = first.t - t0;
    result.firstDiagnostics = first.count;
    log(`open → diagnostics: ${result.openToDiagnosticsSeconds.toFixed(2)} s (${first.count} diagnostics)`);
    // Let a possible second (complete) publish for version 1 arrive.
    await new Promise((r) => setTimeout(r, 2000));
    result.publishesForOpen = published.filter((e) => e.version === 1 || e.version == null).map((e) => ({ seconds: e.t - t0, count: e.count }));

    // One-character edits, each followed by its re-published diagnostics.
    const points = editPoints(text);
    result.edits = [];
    result.editToDiagnosticsSeconds = [];
    let version = 1;
    for (let k = 0; k < o.edits && points.length > 0; k++) {
      const pt = points[k % points.length];
      for (const [label, change] of [
        ['insert', { range: { start: pt, end: pt }, text: 'x' }],
        ['undo', { range: { start: pt, end: { line: pt.line, character: pt.character + 1 } }, text: '' }],
      ]) {
        version++;
        const v = version;
        const p = waitFor((e) => e.version === v || (e.version == null && e.t > t0), `diagnostics of version ${v}`);
        t0 = now();
        conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: change.range, text: change.text }] });
        const e = await p;
        const s = e.t - t0;
        result.edits.push({ edit: `${label}: ${pt.label}`, seconds: s, diagnostics: e.count });
        result.editToDiagnosticsSeconds.push(s);
        log(`edit ${label} (${pt.label}) → diagnostics: ${s.toFixed(2)} s (${e.count})`);
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
  } catch (e) {
    result.error = String(e && e.message ? e.message : e);
    log(result.error);
    if (serverErr) log(`server stderr (tail): ${serverErr.slice(-2000)}`);
    child.kill();
  }
  const ex = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 10000))]);
  if (!ex) child.kill();
  if (timeBin && fs.existsSync(timeFile)) {
    const m = fs.readFileSync(timeFile, 'utf8').match(/Maximum resident set size \(kbytes\):\s*(\d+)/);
    if (m) result.serverMaxRssMB = Number(m[1]) / 1024;
  }
  conn.dispose();
  fs.rmSync(ws, { recursive: true, force: true });
  if (o.json) process.stdout.write(JSON.stringify(result, null, 1) + '\n');
  else {
    process.stdout.write(`open → first publishDiagnostics: ${result.openToDiagnosticsSeconds?.toFixed(2)} s (${result.firstDiagnostics} diagnostics)\n`);
    for (const e of result.edits || []) process.stdout.write(`${e.edit} → ${e.seconds.toFixed(2)} s (${e.diagnostics} diagnostics)\n`);
    if (result.serverMaxRssMB) process.stdout.write(`server peak RSS: ${Math.round(result.serverMaxRssMB)} MB\n`);
    if (result.error) process.stdout.write(`error: ${result.error}\n`);
  }
  process.exit(result.error ? 1 : 0);
}

main().catch((e) => {
  log(String(e && e.stack ? e.stack : e));
  process.exit(2);
});
