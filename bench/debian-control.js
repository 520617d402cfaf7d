#!/usr/bin/env node
'use strict';
// debian/control with the whole archive configured: the language server over
// stdio, `strap.debian.archive` set to a folder holding Sources and Packages
// (default /work/debian-cache, else .cache/debian; or --archive DIR|FILE).
//
//   node bench/debian-control.js [--archive DIR|FILE] [--source m4] [--edits 5]
//
// Steps, each timed from the notification to the publishDiagnostics of that
// document version:
//   archive load   a first control file opened -> the archive loaded and analysed
//                  (once per archive file; the server logs it)
//   open           didOpen of the source's debian/control (rebuilt from the
//                  indexes by scripts/control-from-archive.js) -> its first
//                  diagnostics (with the archive's: it is loaded by then)
//   edit: text     a one-character change in a Description (no dependency changes)
//   edit: stage    the preferred quick fix (<!stage1> on the entries leading back)
//                  and its undo, alternately: only the source's bootstrap sets change
//   edit: full     a new Build-Depends entry added and removed: the full set changes
// Medians (and maxima) of --edits each; an edit back to a text analysed before
// re-uses its results (the first stage and full edits are the new ones). Ratios: each step against the archive load, and
// against the issue's budgets (open 2 s, edit 300 ms). Nothing is fetched; the
// control file is written under bench/work/.

const path = require('path');
const fs = require('fs');
const { spawn, execFileSync } = require('child_process');
const rpc = require('vscode-jsonrpc/node');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(__dirname, 'work', 'debian-control');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const archive = path.resolve(opt('--archive', fs.existsSync('/work/debian-cache/Sources') ? '/work/debian-cache' : path.join(ROOT, '.cache', 'debian')));
const source = opt('--source', 'm4');
const edits = Number(opt('--edits', '5'));
const dir = fs.statSync(archive).isDirectory() ? archive : path.dirname(archive);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

async function main() {
  fs.mkdirSync(path.join(WORK, source, 'debian'), { recursive: true });
  fs.mkdirSync(path.join(WORK, 'warm', 'debian'), { recursive: true });
  const text = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'control-from-archive.js'), source, '--sources', path.join(dir, 'Sources'), '--packages', path.join(dir, 'Packages')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const file = path.join(WORK, source, 'debian', 'control');
  fs.writeFileSync(file, text);
  const warmFile = path.join(WORK, 'warm', 'debian', 'control');
  fs.writeFileSync(warmFile, 'Source: warm\n\nPackage: warm\nArchitecture: any\n');
  const uri = require('url').pathToFileURL(file).href;
  const warmUri = require('url').pathToFileURL(warmFile).href;

  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'strap.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = [];
  const waiters = [];
  const logs = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    published.push({ ...p, at: performance.now() });
    for (const w of [...waiters]) if (w.test(p)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(performance.now()); }
  });
  conn.onNotification('window/logMessage', (p) => {
    logs.push(p.message);
    for (const w of [...waiters]) if (w.log && w.log(p.message)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(performance.now()); }
  });
  conn.onRequest(() => null);
  conn.listen();
  const waitFor = (test, log) => new Promise((resolve) => waiters.push({ test: test ?? (() => false), log, resolve }));

  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: require('url').pathToFileURL(WORK).href,
    workspaceFolders: [{ uri: require('url').pathToFileURL(WORK).href, name: 'work' }],
    capabilities: { textDocument: { publishDiagnostics: {}, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } }, workspace: { workspaceEdit: { documentChanges: false } } },
    initializationOptions: { strap: { debounceMs: 0, debian: { archive } } },
  });
  conn.sendNotification('initialized', {});

  // The archive load, triggered by a first control file.
  let t0 = performance.now();
  const loaded = waitFor(undefined, (m) => /strap\.debian\.archive: (loaded|cannot)/.test(m));
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: warmUri, languageId: 'debcontrol', version: 1, text: fs.readFileSync(warmFile, 'utf8') } });
  const loadMs = (await loaded) - t0;
  const loadLog = logs.find((m) => /debian\.archive/.test(m));

  // Open.
  t0 = performance.now();
  // The archive is loaded: the first publish of the document carries its archive diagnostics.
  const opened = waitFor((p) => p.uri === uri);
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'debcontrol', version: 1, text } });
  const openMs = (await opened) - t0;
  const first = published.filter((p) => p.uri === uri).pop();
  const cycleErrors = first.diagnostics.filter((d) => d.code === 'debian-build-cycle');

  let version = 1;
  let current = text;
  const change = async (next) => {
    version++;
    const v = version;
    const done = waitFor((p) => p.uri === uri && p.version === v);
    const start = performance.now();
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: next }] });
    const end = await done;
    current = next;
    return end - start;
  };

  const textEdits = [];
  const descAt = text.indexOf('\nDescription: ') + 14;
  for (let i = 0; i < edits; i++) {
    textEdits.push(await change(current.slice(0, descAt) + (i % 2 ? '' : 'x') + text.slice(descAt)));
  }
  await change(text);

  // The preferred quick fix, as the server offers it.
  let fixed;
  if (cycleErrors.length) {
    const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: cycleErrors[0].range, context: { diagnostics: [cycleErrors[0]] } });
    const preferred = actions.find((a) => a.isPreferred) ?? actions[0];
    if (preferred) {
      const lines = text.split('\n');
      const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      fixed = text;
      for (const e of [...preferred.edit.changes[uri]].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
        fixed = fixed.slice(0, offset(e.range.start)) + e.newText + fixed.slice(offset(e.range.end));
      }
    }
  }
  const stageEdits = [];
  if (fixed) for (let i = 0; i < edits; i++) stageEdits.push(await change(i % 2 ? text : fixed));
  await change(text);

  const bdEnd = text.indexOf('\n', text.indexOf('\nBuild-Depends:') + 1);
  const fullEdits = [];
  for (let i = 0; i < edits; i++) fullEdits.push(await change(i % 2 ? text : text.slice(0, bdEnd) + ', gawk' + text.slice(bdEnd)));

  const rss = (() => {
    try { return Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024); } catch { return NaN; }
  })();
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');

  const row = (name, ms, budget, all) => `| ${name} | ${ms.toFixed(0)} ms${all ? ` (max ${Math.max(...all).toFixed(0)})` : ''} | ${(ms / loadMs).toFixed(4)} | ${budget ? `${(ms / budget).toFixed(2)} of ${budget} ms` : ''} |`;
  const out = [
    `debian/control with the archive ${archive} (source ${source}: ${cycleErrors.length} cycle errors at open; ${loadLog ?? ''})`,
    '',
    '| step | time (median) | ratio to the archive load | share of the budget |',
    '|---|---|---|---|',
    row('archive load (once per file)', loadMs),
    row('open', openMs, 2000),
    row(`edit: text (${textEdits.length})`, median(textEdits), 300, textEdits),
    row(`edit: stage sets (${stageEdits.length})`, median(stageEdits), 300, stageEdits),
    row(`edit: full set (${fullEdits.length})`, median(fullEdits), 300, fullEdits),
    '',
    `server peak RSS: ${rss} MB`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  child.kill();
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
