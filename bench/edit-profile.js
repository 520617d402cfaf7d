'use strict';
// The language server's edit path without the protocol: one full analysis,
// then one-character edits (the same toggle as bench/lsp.js) analysed as the
// server does (the parse cache, one AnalysisReuse for the stream, its default
// cap of 100 cycle errors per cluster), each positioned and serialised as a
// publish would be. For finding where an edit's time goes, and for comparing
// two builds on the same machine in one window:
//   node bench/edit-profile.js [packages=10000] [edits=10] [--file F] [--cluster]
//                              [--cap N] [--fresh] [--build DIR] [--line L]
// --cap N    cycle errors per cluster (0: all, as `strap check`)
// --fresh    no AnalysisReuse: every edit analysed like a one-off check
// --line L   edit the first entry of the flow build-depends list on line L
//            (1-based) instead of the one nearest the middle
// --depends  edit the first entry of a binary's flow depends list
//            (`name: {depends: [...]}`, as `strap import debian` writes them)
//            instead of a build-depends list
// --insert   insert `_` before the edited character and delete it again
//            (what typing does: every offset after the edit moves) instead
//            of replacing the character with `_` and back
// --build D  load the analysis from D/server/out (another checkout, built),
//            e.g. to run the build before a change beside this one
// --strings  give the analysis each version as a new string (a build without
//            core/text/piece-text.js always gets strings); by default the
//            edits are applied to a PieceText, as the server holds an open buffer
// It prints each edit, then the median wall time and the CPU time per edit
// (user + system of this process) and the minor page faults per edit (fresh
// memory touched). `npm run build` first; add `node --cpu-prof` to profile.
const fs = require('fs');
const { performance } = require('perf_hooks');
const { execFileSync } = require('child_process');
const path = require('path');

const args = process.argv.slice(2);
const option = (name, withValue) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  return withValue ? args.splice(at, 2)[1] : args.splice(at, 1).length > 0;
};
const file = option('--file', true);
const cluster = option('--cluster', false) === true;
const cap = Number(option('--cap', true) ?? 100);
const fresh = option('--fresh', false) === true;
const strings = option('--strings', false) === true;
const lineOption = option('--line', true);
const dependsList = option('--depends', false) === true;
const insert = option('--insert', false) === true;
const build = path.resolve(option('--build', true) ?? path.join(__dirname, '..'));
const size = Number(args[0] ?? 10000);
const edits = Number(args[1] ?? 10);
const out = path.join(build, 'server', 'out', 'core');
const { analyze, AnalysisReuse } = require(path.join(out, 'analysis'));
const { memoryProvider } = require(path.join(out, 'workspace', 'source-provider'));
const { toPositionedDiagnostic } = require(path.join(out, 'positioned'));
let PieceText;
try { if (!strings) ({ PieceText } = require(path.join(out, 'text', 'piece-text'))); } catch { /* an older build: strings */ }
const text = file ? fs.readFileSync(file, 'utf8') : execFileSync(process.execPath, [path.join(__dirname, 'generate.js'), String(size), ...(cluster ? ['--cluster'] : [])], { encoding: 'utf8', maxBuffer: 1 << 30 });

const lines = text.split('\n');
const flowList = dependsList ? /^(\s+\S+: \{depends: \[)([^\],]+)/ : /^(\s+build-depends: \[)([^\],]+)/;
let editLine = -1;
const mid = Math.floor(lines.length / 2);
if (lineOption !== undefined) editLine = Number(lineOption) - 1;
for (let d = 0; d < lines.length && editLine < 0; d++) for (const i of [mid + d, mid - d]) if (editLine < 0 && flowList.test(lines[i] ?? '')) editLine = i;
const m = flowList.exec(lines[editLine]);
const lineStart = lines.slice(0, editLine).reduce((n, l) => n + l.length + 1, 0);
const at = lineStart + m[1].length;

const uri = 'file:///work/x.bootstrap.yaml';
const cache = new Map();
const reuse = fresh || !AnalysisReuse ? undefined : new AnalysisReuse();
const run = (t) => {
  const start = performance.now();
  const analysis = analyze([uri], memoryProvider({ [uri]: t }), { roots: ['file:///work'], cache, reuse, cycleErrorsPerCluster: cap });
  const converted = performance.now();
  // What a server then sends: every diagnostic positioned and serialised.
  const doc = analysis.documents.get(uri);
  const json = JSON.stringify(analysis.diagnostics.get(uri).map((d) => toPositionedDiagnostic(d, () => doc.lineIndex)));
  return { ms: converted - start, publishMs: performance.now() - converted, bytes: json.length, diagnostics: analysis.diagnostics.get(uri).length };
};
let buffer = PieceText ? PieceText.of(text) : text;
const open = run(buffer);
console.log(`open: ${open.ms.toFixed(0)} ms, ${open.diagnostics} diagnostics (build: ${build}; ${PieceText ? 'edits to a PieceText' : 'a string per version'})`);
let current = text;
const times = [];
const cpu = process.cpuUsage();
// Fresh memory the edits touched: on a virtual machine a page fault can cost ~10 µs.
const faults = process.resourceUsage().minorPageFault;
for (let i = 0; i < edits; i++) {
  // The bench itself must not build a new string per edit in buffer mode.
  const broken = (PieceText ? buffer.slice(at, at + 1) : current[at]) === '_';
  const char = broken ? (insert ? '' : m[2][0]) : '_';
  const replaced = insert && !broken ? 0 : 1;
  if (PieceText) buffer = buffer.edit(at, at + replaced, char);
  else buffer = current = current.slice(0, at) + char + current.slice(at + replaced);
  const r = run(buffer);
  times.push(r.ms + r.publishMs);
  console.log(`edit ${i + 1}: ${r.ms.toFixed(1)} ms analysis + ${r.publishMs.toFixed(1)} ms positioning and serialising, ${r.diagnostics} diagnostics, ${r.bytes} bytes`);
}
const used = process.cpuUsage(cpu);
times.sort((a, b) => a - b);
console.log(`median edit (analysis + publish): ${times[Math.floor(times.length / 2)].toFixed(1)} ms; CPU per edit: ${((used.user + used.system) / 1000 / edits).toFixed(0)} ms; minor page faults per edit: ${Math.round((process.resourceUsage().minorPageFault - faults) / edits)}; peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
