'use strict';
// The language server's edit path without the protocol: one full analysis,
// then one-character edits (the same toggle as bench/lsp.js) analysed with the
// parse cache, each phase timed. For finding where an edit's time goes:
//   node bench/edit-profile.js [packages=10000] [edits=10] [--file F] [--cluster]
// (run `npm run build` first; add `node --cpu-prof` to profile).
const fs = require('fs');
const { performance } = require('perf_hooks');
const { execFileSync } = require('child_process');
const path = require('path');
const { analyze } = require('../server/out/core/analysis');
const { memoryProvider } = require('../server/out/core/workspace/source-provider');

const args = process.argv.slice(2);
const fileArg = args.indexOf('--file');
const file = fileArg >= 0 ? args.splice(fileArg, 2)[1] : undefined;
const clusterArg = args.indexOf('--cluster');
const cluster = clusterArg >= 0 && args.splice(clusterArg, 1).length > 0;
const size = Number(args[0] ?? 10000);
const edits = Number(args[1] ?? 10);
const text = file ? fs.readFileSync(file, 'utf8') : execFileSync(process.execPath, [path.join(__dirname, 'generate.js'), String(size), ...(cluster ? ['--cluster'] : [])], { encoding: 'utf8', maxBuffer: 1 << 30 });

const lines = text.split('\n');
const flowList = /^(\s+build-depends: \[)([^\],]+)/;
let editLine = -1;
const mid = Math.floor(lines.length / 2);
for (let d = 0; d < lines.length && editLine < 0; d++) for (const i of [mid + d, mid - d]) if (editLine < 0 && flowList.test(lines[i] ?? '')) editLine = i;
const m = flowList.exec(lines[editLine]);
const lineStart = lines.slice(0, editLine).reduce((n, l) => n + l.length + 1, 0);
const at = lineStart + m[1].length;

const uri = 'file:///work/x.bootstrap.yaml';
const cache = new Map();
const run = (t) => {
  const start = performance.now();
  const analysis = analyze([uri], memoryProvider({ [uri]: t }), { roots: ['file:///work'], cache });
  const converted = performance.now();
  // What a server then sends: every diagnostic positioned and serialised.
  const { toPositionedDiagnostic } = require('../server/out/core/positioned');
  const doc = analysis.documents.get(uri);
  const json = JSON.stringify(analysis.diagnostics.get(uri).map((d) => toPositionedDiagnostic(d, () => doc.lineIndex)));
  return { ms: converted - start, publishMs: performance.now() - converted, bytes: json.length, diagnostics: analysis.diagnostics.get(uri).length };
};
const open = run(text);
console.log(`open: ${open.ms.toFixed(0)} ms, ${open.diagnostics} diagnostics`);
let current = text;
const times = [];
for (let i = 0; i < edits; i++) {
  const char = current[at] === '_' ? m[2][0] : '_';
  current = current.slice(0, at) + char + current.slice(at + 1);
  const r = run(current);
  times.push(r.ms);
  console.log(`edit ${i + 1}: ${r.ms.toFixed(1)} ms analysis + ${r.publishMs.toFixed(1)} ms positioning and serialising, ${r.diagnostics} diagnostics, ${r.bytes} bytes`);
}
times.sort((a, b) => a - b);
console.log(`median edit: ${times[Math.floor(times.length / 2)].toFixed(1)} ms`);
