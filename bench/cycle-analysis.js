#!/usr/bin/env node
'use strict';
// The build graph and the cycle analysis of one document, without parsing or
// diagnostics: CPU time (ms) per run, alternating the document as it is and with
// one build-depends entry of one package dropped (a dependency edit, as the
// editor benchmark makes). With --compare DIR, a second strap build (another
// checkout's root, built) runs the same specs interleaved, run by run: the
// ratio holds on a noisy machine where the milliseconds do not.
//
//   node bench/cycle-analysis.js FILE [runs=6] [--compare /path/to/other/checkout]
//   node bench/cycle-analysis.js --generate 10000 --cluster [runs]
//
// (run `npm run build` first.)

const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const compare = take('--compare');
const generated = take('--generate');
const cluster = args.includes('--cluster') ? (args.splice(args.indexOf('--cluster'), 1), true) : false;
const file = generated ? undefined : args.shift();
const runs = Number(args[0] ?? 6);
if (!file && !generated) {
  console.error('usage: node bench/cycle-analysis.js FILE [runs] [--compare DIR] | --generate N [--cluster] [runs]');
  process.exit(2);
}

const ROOT = path.resolve(__dirname, '..');
const { analyze } = require(path.join(ROOT, 'server/out/core/analysis.js'));
const { memoryProvider } = require(path.join(ROOT, 'server/out/core/workspace/source-provider.js'));
const { specsOf } = require(path.join(ROOT, 'server/out/core/checks/build-graph-checks.js'));

const text = file ? fs.readFileSync(file, 'utf8') : require('./generate.js').generate(Number(generated), { format: 'yaml', shape: cluster ? 'cluster' : 'archive' }).text;
const uri = `file:///bench/${file ? path.basename(file) : 'x.bootstrap.yaml'}`;
const analysis = analyze([uri], memoryProvider({ [uri]: text }), { roots: ['file:///bench'] });
const specs = specsOf(analysis.workspaces[0].workspace);
// The edited variant: the first package with two or more build-depends loses its first.
const at = specs.findIndex((s) => s.buildDepends.length >= 2);
const edited = specs.map((s, i) => (i === at ? { ...s, buildDepends: s.buildDepends.slice(1) } : s));

const engines = [{ label: 'this build', api: require(path.join(ROOT, 'server/out/core/graph/index.js')), graph: [], cycles: [] }];
if (compare) engines.push({ label: compare, api: require(path.join(path.resolve(compare), 'server/out/core/graph/index.js')), graph: [], cycles: [] });

const cpu = (from) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
let summary = '';
for (let r = 0; r < runs; r++) {
  for (const e of engines) {
    const t0 = process.cpuUsage();
    const graph = e.api.buildGraph(r % 2 ? edited : specs);
    const tGraph = cpu(t0);
    const result = e.api.analyzeCycles(graph);
    e.graph.push(tGraph);
    e.cycles.push(cpu(t0) - tGraph);
    if (r === 0 && e === engines[0]) {
      let marked = 0;
      let cycles = 0;
      for (const u of result.unbroken) {
        for (const s of u.summaries) marked += s.marked.length;
        cycles += u.cycles.length;
      }
      const core = Math.max(0, ...result.unbroken.map((u) => u.core.length));
      summary = `${specs.length} packages; largest core ${core}; ${cycles} unbroken cycles reported; ${marked} packages marked in summarised clusters`;
    }
  }
}
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(summary);
console.log('| build | build graph, ms CPU (median) | cycle analysis, ms CPU (median, min) |');
console.log('|---|---:|---:|');
for (const e of engines) console.log(`| ${e.label} | ${median(e.graph).toFixed(0)} | ${median(e.cycles).toFixed(0)} (${Math.min(...e.cycles).toFixed(0)}) |`);
if (engines.length === 2) console.log(`\ncycle analysis, this build / ${compare}: ${(median(engines[0].cycles) / median(engines[1].cycles)).toFixed(2)}×`);
