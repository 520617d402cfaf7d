#!/usr/bin/env node
'use strict';
// debian/control with the whole archive configured: the language server over
// stdio, `strap.debian.archive` set to a folder holding Sources and Packages
// (default /work/debian-cache, else .cache/debian; or --archive DIR|FILE).
//
//   node bench/debian-control.js [--archive DIR|FILE] [--source m4] [--second flex] [--edits 6] [--parse-only]
//
// Steps, each timed from the notification to the publishDiagnostics of that
// document version:
//   archive load   a first control file (a source the archive lacks) opened ->
//                  the server's log line "loaded" (read, imported, graph and
//                  install bookkeeping built: once per archive file, in the
//                  background of the first open)
//   open           once the archive is loaded: didOpen of the source's
//                  debian/control (rebuilt from the indexes by
//                  scripts/control-from-archive.js) -> its first diagnostics,
//                  which carry the archive's cycle errors (the source's own
//                  placement is computed here: once per source)
//   open (second)  the same for a second source (--second)
//   edit: text     a one-character change in a Description (no dependency changes)
//   edit: stage    the preferred quick fix (<!stage1> on the entries leading back)
//                  and its undo, alternately: only the source's bootstrap sets change
//   edit: full, new  each edit adds a different Build-Depends entry (never seen
//                  before: nothing re-used but the source's placement)
//   edit: full, repeated  one entry added and removed, alternately
// Figures: the first edit of each kind, the median and the maximum of --edits.
// Ratios: each step against the archive load and against the budgets
// (open 2 s, edit 300 ms). In the bench process itself, the deb822 parse of
// the fixture's and the archive's Packages index beside a naive reading of the
// same text (the peer: fields into objects, nothing else; interleaved). Nothing is fetched; the
// control files are written under bench/work/.

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
const second = opt('--second', 'flex');
const edits = Number(opt('--edits', '6'));
// Build-Depends entries added by the "new" full-set edits: each one a first.
const ADDED = ['gawk', 'bison', 'flex', 'help2man', 'gettext', 'autoconf', 'automake', 'libtool', 'dh-autoreconf', 'python3', 'perl', 'zlib1g-dev'];
const dir = fs.statSync(archive).isDirectory() ? archive : path.dirname(archive);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

const controlOf = (name) => {
  fs.mkdirSync(path.join(WORK, name, 'debian'), { recursive: true });
  const text = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'control-from-archive.js'), name, '--sources', path.join(dir, 'Sources'), '--packages', path.join(dir, 'Packages')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const file = path.join(WORK, name, 'debian', 'control');
  fs.writeFileSync(file, text);
  return { text, uri: require('url').pathToFileURL(file).href };
};

/**
 * The peer: the deb822 reading one would write in a few lines — stanzas split
 * at blank lines, each field split at its colon into an object, continuation
 * lines appended — with no positions, relations or checks. Returns the stanza count.
 */
function naiveDeb822(text) {
  let count = 0;
  for (const block of text.split(/\n\s*\n/)) {
    const fields = {};
    let last;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      if (line[0] === ' ' || line[0] === '\t') {
        if (last) fields[last] += '\n' + line.trim();
        continue;
      }
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      last = line.slice(0, colon);
      fields[last] = line.slice(colon + 1).trim();
    }
    if (fields.Package !== undefined) count++;
  }
  return count;
}

/** deb822 parse of a Packages index beside the naive reading of the same text, interleaved: median ms of each. */
function parseFigure(file, runs) {
  const { parsePackages } = require(path.join(ROOT, 'server', 'out', 'import', 'debian', 'index.js'));
  const text = fs.readFileSync(file, 'utf8');
  const parse = [];
  const split = [];
  let binaries = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    binaries = parsePackages(text).binaries.length;
    parse.push(performance.now() - t);
    t = performance.now();
    if (naiveDeb822(text) < 0) throw new Error('unreachable');
    split.push(performance.now() - t);
  }
  return { mb: Buffer.byteLength(text) / 1e6, binaries, parse: median(parse), split: median(split) };
}

const parseRows = (parses) => [
  '| deb822 parse (in the bench process) | MB | binaries | parsePackages ms | naive deb822 reading ms (peer) | ratio | MB/s |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...parses.map((p, i) => `| ${i === 0 ? 'fixture Packages' : 'archive Packages'} | ${p.mb.toFixed(1)} | ${p.binaries} | ${p.parse.toFixed(0)} | ${p.split.toFixed(0)} | ${(p.parse / p.split).toFixed(1)} | ${(p.mb / (p.parse / 1000)).toFixed(0)} |`),
];
const parseFigures = () => [parseFigure(path.join(ROOT, 'test', 'fixtures', 'debian', 'Packages'), 15), parseFigure(path.join(dir, 'Packages'), 3)];

async function main() {
  if (args.includes('--parse-only')) {
    process.stdout.write(parseRows(parseFigures()).join('\n') + '\n');
    return;
  }
  fs.mkdirSync(path.join(WORK, 'warm', 'debian'), { recursive: true });
  const { text, uri } = controlOf(source);
  const secondControl = second ? controlOf(second) : undefined;
  const warmFile = path.join(WORK, 'warm', 'debian', 'control');
  fs.writeFileSync(warmFile, 'Source: warm\n\nPackage: warm\nArchitecture: any\n');
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

  let openSecondMs;
  if (secondControl) {
    t0 = performance.now();
    const openedSecond = waitFor((p) => p.uri === secondControl.uri);
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri: secondControl.uri, languageId: 'debcontrol', version: 1, text: secondControl.text } });
    openSecondMs = (await openedSecond) - t0;
  }

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
  const added = (name) => text.slice(0, bdEnd) + `, ${name}` + text.slice(bdEnd);
  const newEdits = [];
  for (let i = 0; i < Math.min(edits, ADDED.length); i++) newEdits.push(await change(added(ADDED[i])));
  await change(text);
  const fullEdits = [];
  for (let i = 0; i < edits; i++) fullEdits.push(await change(i % 2 ? text : added('gawk')));

  const rss = (() => {
    try { return Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024); } catch { return NaN; }
  })();
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  const parses = parseFigures();

  const share = (ms, budget) => `${(ms / budget).toFixed(2)} of ${budget} ms ${ms <= budget ? '✓' : '✗'}`;
  const row = (name, ms, budget) => `| ${name} | ${ms.toFixed(0)} | | | ${(ms / loadMs).toFixed(4)} | ${budget ? share(ms, budget) : ''} |`;
  const edited = (name, all) => {
    if (!all.length) return `| ${name} (none) | | | | | |`;
    const med = median(all);
    const worst = Math.max(...all);
    return `| ${name} (${all.length}) | ${all[0].toFixed(0)} | ${med.toFixed(0)} | ${worst.toFixed(0)} | ${(med / loadMs).toFixed(4)} | median ${share(med, 300)}; max ${share(worst, 300)} |`;
  };
  const out = [
    `debian/control with the archive ${archive} (source ${source}: ${cycleErrors.length} cycle errors at open; ${loadLog ?? ''})`,
    '',
    '| step | first ms | median ms | max ms | median / archive load | share of the budget |',
    '|---|---:|---:|---:|---:|---|',
    row('archive load (once per archive file, in the background)', loadMs),
    row(`open ${source} (archive loaded)`, openMs, 2000),
    ...(openSecondMs !== undefined ? [row(`open ${second} (archive loaded)`, openSecondMs, 2000)] : []),
    edited('edit: text only (Description)', textEdits),
    edited('edit: stage sets (the <!stage1> quick fix, and back)', stageEdits),
    edited('edit: full set, a new entry each time', newEdits),
    edited('edit: full set, one entry added and removed', fullEdits),
    '',
    `server peak RSS: ${rss} MB`,
    '',
    ...parseRows(parses),
  ];
  process.stdout.write(out.join('\n') + '\n');
  child.kill();
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
