#!/usr/bin/env node
'use strict';
// Profiling and regression harness for the build-graph engine alone
// (server/out/core/graph): times buildGraph, computePlan and analyzeCycles
// separately on the specs of a document, and dumps a canonical JSON of their
// results so that two versions of the engine can be diffed.
//
//   node bench/graph-profile.js [--sizes 10000,30000] [--seeds 1] [--debian [FILE]]
//                               [--runs N] [--engine DIR] [--compare DIR]
//                               [--phase build|plan|cycles] [--dump DIR]
//
// --engine DIR   the compiled graph folder to time (default server/out/core/graph)
// --compare DIR  a second compiled graph folder (e.g. a copy of the old one):
//                both are timed in the same process, alternately, run by run
// --phase P      time only one phase, repeatedly (for `node --cpu-prof`)
// --dump DIR     write DIR/<case>.json, the canonical results of --engine
//                (no timing); diff two such folders with `cmp`
// --fixall       include planFixAll in the dump (slow on big unbroken SCCs)
// --shuffle      also run each case with its declarations shuffled, a few of them
//                declared twice (the first wins), a few lists with repeats and odd
//                bootstrap sets
// --eager        read every report field of the plans (plan.waves, .rebuilds, .stuck, …;
//                cycles.plan too) inside the timed phases, as a language server
//                that shows them all would: the engine computes them on first read
// --cpu          measure CPU time of the process (process.cpuUsage: all its threads,
//                GC helpers included) instead of wall time: steadier when other
//                jobs share the cores
// --fresh        extract the specs from the document (parse → workspace) instead
//                of the cache: their strings are then the parser's, as in the
//                language server (a JSON round trip gives other string objects)
// --unknown K    also run each case with every K-th package declaration
//                dropped, so that its references become unknown names
//
// The specs of a document (parse → loadWorkspace → specsOf) are extracted once
// and cached in the OS temp folder, keyed by size and seed (or by the file's
// path, size and mtime): parsing the Debian file alone takes seconds.
//
// Generated documents come from bench/generate.js; the Debian file defaults to
// .cache/debian/bookworm.bootstrap.yaml and is skipped when missing.

const path = require('path');
const fs = require('fs');
const os = require('os');
const crypto = require('crypto');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'server', 'out');
const DEFAULT_ENGINE = path.join(OUT, 'core', 'graph');
const DEFAULT_DEBIAN = path.join(ROOT, '.cache', 'debian', 'bookworm.bootstrap.yaml');
const SPEC_CACHE = path.join(os.tmpdir(), 'strap-graph-profile');

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { sizes: [10000, 30000], seeds: [1], debian: undefined, runs: undefined, engine: DEFAULT_ENGINE, compare: undefined, phase: undefined, dump: undefined, fixall: false, unknown: 0, eager: false, cpu: false, shuffle: false, fresh: false };
  const list = (v) => v.split(',').filter(Boolean).map((x) => Number(x.replace(/_/g, '')));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') opts.sizes = list(value());
    else if (a === '--seeds') opts.seeds = list(value());
    else if (a === '--debian') opts.debian = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : DEFAULT_DEBIAN;
    else if (a === '--runs') opts.runs = Number(value());
    else if (a === '--engine') opts.engine = path.resolve(value());
    else if (a === '--compare') opts.compare = path.resolve(value());
    else if (a === '--phase') opts.phase = value();
    else if (a === '--dump') opts.dump = path.resolve(value());
    else if (a === '--fixall') opts.fixall = true;
    else if (a === '--eager') opts.eager = true;
    else if (a === '--cpu') opts.cpu = true;
    else if (a === '--shuffle') opts.shuffle = true;
    else if (a === '--fresh') opts.fresh = true;
    else if (a === '--unknown') opts.unknown = Number(value());
    else if (a === '--help' || a === '-h') {
      const lines = fs.readFileSync(__filename, 'utf8').split('\n').slice(2); // the comment block at the top
      console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (opts.phase && !['build', 'plan', 'cycles'].includes(opts.phase)) throw new Error(`--phase: build, plan or cycles`);
  return opts;
}

// ---------------------------------------------------------------- specs

/** The cases to run: generated sizes × seeds, then the Debian file when present. */
function casesOf(opts) {
  const cases = [];
  for (const size of opts.sizes) {
    for (const seed of opts.seeds) {
      cases.push({ label: `gen-${size}-s${seed}`, size, seed });
      if (opts.unknown > 0) cases.push({ label: `gen-${size}-s${seed}-u${opts.unknown}`, size, seed, dropEvery: opts.unknown });
    }
  }
  if (opts.debian) {
    if (fs.existsSync(opts.debian)) {
      const label = `debian-${path.basename(opts.debian).replace(/\..*$/, '')}`;
      cases.push({ label, file: opts.debian });
      if (opts.unknown > 0) cases.push({ label: `${label}-u${opts.unknown}`, file: opts.debian, dropEvery: opts.unknown });
    }
    else process.stderr.write(`graph-profile: ${opts.debian} is missing, skipped\n`);
  }
  if (opts.shuffle) for (const c of cases.slice()) cases.push({ ...c, label: `${c.label}-x`, shuffled: true });
  return cases;
}

/** A deterministic shuffle of the declarations, some declared twice, some lists with repeats. */
function shuffled(specs) {
  const rand = require('./generate').prng(12345);
  const out = specs.map((s, k) => {
    if (k % 37 === 5) return { ...s, buildDepends: [...s.buildDepends, ...s.buildDepends.slice(0, 2)], depends: [...s.depends, ...s.depends] };
    if (k % 41 === 7 && s.bootstrap.length > 0) {
      // Repeats inside a set, a repeated stage (the first one listed wins), an invalid stage (its names are nodes all the same).
      const [first, ...rest] = s.bootstrap;
      const odd = [{ stage: first.stage, buildDepends: [...first.buildDepends, ...first.buildDepends] }, ...rest, { stage: first.stage, buildDepends: ['repeated-stage-set'] }, { stage: 0, buildDepends: ['invalid-stage-name'] }];
      return { ...s, bootstrap: odd.reverse() };
    }
    return s;
  });
  for (let k = 0; k < specs.length; k += 53) out.push({ ...specs[k], depends: ['second-declaration-ignored'], prebuilt: !specs[k].prebuilt });
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function specsOfCase(c, fresh) {
  if (c.shuffled) return shuffled(specsOfCase({ ...c, shuffled: false }, fresh));
  if (c.dropEvery) return specsOfCase({ ...c, dropEvery: 0 }, fresh).filter((_, k) => k % c.dropEvery !== c.dropEvery - 1);
  let key;
  if (c.file) {
    const st = fs.statSync(c.file);
    key = crypto.createHash('sha1').update(`${path.resolve(c.file)}:${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 12);
  } else {
    const gen = fs.statSync(path.join(__dirname, 'generate.js'));
    key = `gen-${c.size}-s${c.seed}-${Math.round(gen.mtimeMs)}`;
  }
  const cacheFile = path.join(SPEC_CACHE, `${key}.json`);
  if (!fresh && fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  const { parseDocument } = require(path.join(OUT, 'core/document/parsed-document.js'));
  const { memoryProvider } = require(path.join(OUT, 'core/workspace/source-provider.js'));
  const { loadWorkspace } = require(path.join(OUT, 'core/workspace/workspace.js'));
  const { specsOf } = require(path.join(OUT, 'core/checks/build-graph-checks.js'));
  const { pathToUri } = require(path.join(OUT, 'core/workspace/uris.js'));
  const text = c.file ? fs.readFileSync(c.file, 'utf8') : require('./generate').generate(c.size, { seed: c.seed }).text;
  const dir = path.join(os.tmpdir(), 'strap-bench');
  const uri = pathToUri(path.join(dir, c.file ? path.basename(c.file) : `bench-${c.size}.bootstrap.yaml`));
  const doc = parseDocument(uri, text);
  const ws = loadWorkspace(uri, memoryProvider({ [uri]: text }), { roots: [pathToUri(dir)] }, new Map([[uri, doc]]));
  const specs = specsOf(ws);
  fs.mkdirSync(SPEC_CACHE, { recursive: true });
  fs.writeFileSync(cacheFile, JSON.stringify(specs));
  return specs;
}

// ---------------------------------------------------------------- timing

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(ms) {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function runsFor(c, override) {
  if (override) return override;
  if (c.file) return 3;
  return c.size <= 1000 ? 15 : c.size <= 10000 ? 9 : 5;
}

let clock = () => performance.now();

/** Reads every report field of a plan (they may be computed on first read). */
function readReport(plan) {
  return [plan.waves, plan.rebuilds, plan.stuck, plan.unusedStages, plan.coverage, plan.prebuilt];
}

/** One run of the three phases on `api`; returns their times (ms). */
function timeOnce(api, specs, phase, eager) {
  const t0 = clock();
  const graph = api.buildGraph(specs);
  const t1 = clock();
  if (phase === 'build') return { build: t1 - t0 };
  // A fresh graph for each later phase would time its lazy parts (layered graph,
  // SCCs) in the phase that first asks for them, as the language server does.
  const plan = api.computePlan(graph);
  if (eager) readReport(plan);
  const t2 = clock();
  if (phase === 'plan') return { plan: t2 - t1 };
  const cycles = api.analyzeCycles(graph);
  if (eager) readReport(cycles.plan);
  const t3 = clock();
  return phase === 'cycles' ? { cycles: t3 - t2 } : { build: t1 - t0, plan: t2 - t1, cycles: t3 - t2 };
}

function timeCase(c, specs, engines, opts) {
  const runs = runsFor(c, opts.runs);
  // Warm-up: JIT on this very input (twice each), untimed.
  for (const e of engines) for (let i = 0; i < 2; i++) timeOnce(e.api, specs, opts.phase, opts.eager);
  const times = engines.map(() => ({}));
  for (let r = 0; r < runs; r++) {
    engines.forEach((e, k) => {
      const t = timeOnce(e.api, specs, opts.phase, opts.eager);
      for (const [phase, ms] of Object.entries(t)) (times[k][phase] ??= []).push(ms);
    });
  }
  const phases = Object.keys(times[0]);
  const rows = engines.map((e, k) => {
    const med = {};
    for (const p of phases) med[p] = median(times[k][p]);
    med.total = phases.reduce((s, p) => s + med[p], 0);
    return { engine: e.label, med };
  });
  console.log(`\n${c.label}: ${specs.length} packages, ${runs} runs (median ${opts.cpu ? 'CPU ' : ''}ms)${opts.eager ? ', every report field read' : ''}`);
  console.log(['engine', ...phases, 'total'].map((x) => x.padStart(10)).join(''));
  for (const row of rows) console.log([row.engine.padStart(10), ...[...phases, 'total'].map((p) => fmt(row.med[p]).padStart(10))].join(''));
  if (rows.length === 2) {
    console.log(['ratio'.padStart(10), ...[...phases, 'total'].map((p) => `${(rows[0].med[p] / rows[1].med[p]).toFixed(2)}×`.padStart(10))].join(''));
  }
}

// ---------------------------------------------------------------- canonical dump

/** Plain data of a plan: everything it reports, lazy getters included, plus info per node. */
function planData(plan, graph) {
  return {
    waves: plan.waves,
    rebuilds: plan.rebuilds.map((r) => ({ package: r.package, position: r.position, washesOut: r.washesOut })),
    stuck: plan.stuck.map((s) => ({ ...s })),
    unusedStages: plan.unusedStages,
    coverage: plan.coverage,
    prebuilt: plan.prebuilt,
    info: graph.names.map((name) => plan.info(name)),
  };
}

function cycleData(cycles) {
  return {
    unbroken: cycles.unbroken,
    broken: cycles.broken,
    unbrokenByMember: Array.from(cycles.unbrokenByMember),
    brokenByMember: Array.from(cycles.brokenByMember),
    plan: planData(cycles.plan, cycles.graph),
  };
}

/** The graph's own structures: lists as declared, adjacency, install components, SCCs. */
function graphData(graph) {
  const arr = (a) => Array.from(a).join(',');
  const ls = graph.layeredScc();
  const scc = graph.scc();
  // A sample of per-package queries (every 97th node).
  const sample = graph.names.filter((_, i) => i % 97 === 0);
  return {
    declared: arr(graph.declared),
    prebuilt: arr(graph.prebuilt),
    buildDepends: graph.buildDepends,
    depends: graph.depends,
    stages: graph.stages.map((list) => list.map((st) => ({ stage: st.stage, buildDepends: st.buildDepends, entries: arr(st.entries) }))),
    bd: [arr(graph.bdOffsets), arr(graph.bdTargets), arr(graph.rbdOffsets), arr(graph.rbdSources)],
    dep: [arr(graph.dependsOffsets), arr(graph.dependsTargets), arr(graph.rdepOffsets), arr(graph.rdepSources)],
    install: [graph.installScc.count, arr(graph.installComp), arr(graph.installSucc.targets), arr(graph.installPred.targets)],
    layeredScc: [ls.count, arr(ls.compOf), arr(ls.members), arr(ls.nonTrivial)],
    scc: [scc.count, arr(scc.compOf), arr(scc.members), arr(scc.offsets), arr(scc.nonTrivial)],
    sample: sample.map((name) => ({
      name,
      edgesFrom: graph.edgesFrom(name),
      dependents: graph.dependents(name),
      closure: graph.runtimeClosure(name),
    })),
  };
}

function sccData(graph, api) {
  return {
    components: api.nonTrivialComponentNames(graph),
    cycleMask: Array.from(graph.cycleMask()).join(''),
  };
}

function dumpCase(c, specs, api, opts) {
  const graph = api.buildGraph(specs);
  const plan = api.computePlan(graph);
  const cycles = api.analyzeCycles(graph);
  const file = path.join(opts.dump, `${c.label}.json`);
  fs.mkdirSync(opts.dump, { recursive: true });
  // Written section by section: the whole Debian dump would be one huge string.
  const fd = fs.openSync(file, 'w');
  const section = (name, value) => fs.writeSync(fd, `${JSON.stringify(name)}: ${JSON.stringify(value)}\n`);
  section('graph', { size: graph.size, names: graph.names, edgeCount: graph.edgeCount });
  section('scc', sccData(graph, api));
  section('graphData', graphData(graph));
  section('plan', planData(plan, graph));
  section('cycles', cycleData(cycles));
  if (opts.fixall) section('fixAll', api.planFixAll(graph));
  fs.closeSync(fd);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  console.log(`${c.label}: ${specs.length} packages → ${path.relative(process.cwd(), file)} (sha256 ${hash})`);
}

// ---------------------------------------------------------------- main

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.cpu) {
    clock = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
  }
  const engines = [{ label: opts.compare ? 'engine' : 'current', api: require(opts.engine) }];
  if (opts.compare) engines.push({ label: 'compare', api: require(opts.compare) });
  for (const c of casesOf(opts)) {
    const specs = specsOfCase(c, opts.fresh);
    if (opts.dump) dumpCase(c, specs, engines[0].api, opts);
    else timeCase(c, specs, engines, opts);
  }
}

main();
