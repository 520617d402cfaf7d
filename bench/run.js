#!/usr/bin/env node
'use strict';
// The core benchmark (`npm run bench`): per document size, the time of each
// phase of a check beside the bare `yaml` parse of the same text, measured in
// the same process, and the peak memory of a check beside the peak of a bare
// parse. Then the protocol-level benchmark (bench/lsp.js) unless --skip-lsp.
//
//   node bench/run.js [--sizes 100,1000,10000,30000] [--json-size 10000]
//                     [--cluster-sizes 10000,30000]
//                     [--skip-lsp] [--lsp-sizes 1000,10000,30000] [--runs N]
//                     [--debian|--no-debian] [--debian-dir DIR] [--all-peers]
//                     [--cli-sizes 21000,42000,85000] [--cli-runs N] [--cli-file F]
//
// --cli-sizes: `strap check FILE --format json` as a user runs it, on generated
// files up to 13.6 MB, beside a bare `yaml` parse of the same file in its own
// node process, interleaved run by run: wall time and peak RSS, as ratios
// (issue 18, point 9). --cli-file adds a file of your own (the Debian import's
// row comes by itself when the Debian rows ran).
//
// --cluster-sizes: generated archives whose cycles merge into one giant
// cluster (generate.js --cluster), one run each, in the core table and in the
// language-server one (with a workspace of unrelated files; see bench/lsp.js).
// The Debian rows come whenever the archive indexes are found: .cache/debian/
// (scripts/fetch-debian.sh), or --debian-dir DIR / $STRAP_DEBIAN_DIR.
//
// --all-peers also times `YAML.parse` (defaults) at 30 000 packages and on
// the Debian file: its duplicate-key check is quadratic (about 4 minutes at
// 30 000 packages here), so it is left out by default.
//
// Every size runs in its own child process (`--expose-gc`), so one size's
// heap does not disturb the next and `process.resourceUsage().maxRSS` is the
// peak of that size alone. Peak memory is measured in further children that do
// exactly one thing (one bare parse, or one whole check), so the figure is the
// peak of that work and not of the timing loop.
//
// The figures that matter are the ratios: the machine is shared and noisy, so
// absolute times move between runs, while the ratio to a peer measured in the
// same process, interleaved run by run, is stable.

const path = require('path');
const fs = require('fs');
const os = require('os');
const { spawnSync, spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'server', 'out');
// The archive indexes: .cache/debian/ (scripts/fetch-debian.sh), or --debian-dir / $STRAP_DEBIAN_DIR.
let DEBIAN_DIR = process.env.STRAP_DEBIAN_DIR || path.join(ROOT, '.cache', 'debian');
const DEBIAN_WORK = path.join(__dirname, 'work', 'debian');
const DEBIAN_FILE = path.join(DEBIAN_WORK, 'bookworm.bootstrap.yaml');

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { sizes: [100, 1000, 10000, 30000], clusterSizes: [10000, 30000], jsonSize: 10000, skipLsp: false, lspSizes: undefined, runs: undefined, debian: undefined, allPeers: false, cliSizes: [21000, 42000, 85000], cliRuns: 2, cliFiles: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const list = (v) => v.split(',').filter(Boolean).map((x) => Number(x.replace(/_/g, '')));
    if (a.startsWith('--sizes')) opts.sizes = list(value());
    else if (a.startsWith('--json-size')) opts.jsonSize = Number(value());
    else if (a.startsWith('--cluster-sizes')) opts.clusterSizes = list(value());
    else if (a.startsWith('--debian-dir')) { DEBIAN_DIR = path.resolve(value()); opts.debian = true; }
    else if (a.startsWith('--lsp-sizes')) opts.lspSizes = list(value());
    else if (a.startsWith('--cli-sizes')) opts.cliSizes = list(value());
    else if (a.startsWith('--cli-runs')) opts.cliRuns = Number(value());
    else if (a.startsWith('--cli-file')) opts.cliFiles.push(path.resolve(value()));
    else if (a.startsWith('--runs')) opts.runs = Number(value());
    else if (a === '--skip-lsp') opts.skipLsp = true;
    else if (a === '--debian') opts.debian = true;
    else if (a === '--no-debian') opts.debian = false;
    else if (a === '--all-peers') opts.allPeers = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/run.js [--sizes 100,1000,10000,30000] [--cluster-sizes 10000,30000] [--json-size N|0] [--runs N] [--skip-lsp] [--lsp-sizes 1000,10000,30000] [--debian|--no-debian] [--debian-dir DIR] [--all-peers] [--cli-sizes 21000,42000,85000] [--cli-runs N] [--cli-file F]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  // The Debian rows come by themselves when the archive indexes are there.
  opts.debian ??= fs.existsSync(path.join(DEBIAN_DIR, 'Sources')) && fs.existsSync(path.join(DEBIAN_DIR, 'Packages'));
  return opts;
}

/** Timed runs per size: fewer for big documents, to keep the bench short. */
function runsFor(size, override) {
  if (override) return override;
  if (size <= 100) return 15;
  if (size <= 1000) return 9;
  if (size <= 10000) return 5;
  return 3;
}

/**
 * Timed runs of the second peer, `YAML.parse` with its defaults: its
 * `uniqueKeys` check is quadratic in the size of a mapping (the `packages`
 * map holds every package), so it takes over a minute at 30 000 packages;
 * it is timed fewer times there.
 */
function peer1RunsFor(spec, runs) {
  if (spec.file) return spec.allPeers ? 1 : 0;
  // The same kind of text as the archive rows: timed there.
  if (spec.shape === 'cluster') return spec.allPeers ? 1 : 0;
  if (spec.size >= 30000) return spec.allPeers ? 1 : 0;
  if (spec.size >= 10000) return Math.min(runs, 2);
  return runs;
}

// ---------------------------------------------------------------- helpers

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function now() {
  return performance.now();
}

function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

function fmtMB(kb) {
  return Number.isFinite(kb) ? (kb / 1024).toFixed(0) : 'n/a';
}

function fmtSize(n) {
  return n.toLocaleString('en-US').replace(/,/g, ' ');
}

/** The document of a case: generated, or a file (the Debian import). */
function caseText(spec) {
  if (spec.file) return fs.readFileSync(spec.file, 'utf8');
  const { generate } = require('./generate');
  return generate(spec.size, { format: spec.format, shape: spec.shape }).text;
}

function caseUri(spec) {
  const { pathToUri } = require(path.join(OUT, 'core/workspace/uris.js'));
  const dir = path.join(os.tmpdir(), 'strap-bench');
  const file = spec.file ? path.join(dir, path.basename(spec.file)) : path.join(dir, `bench-${spec.shape === 'cluster' ? 'cluster-' : ''}${spec.size}.bootstrap.${spec.format === 'json' ? 'jsonc' : 'yaml'}`);
  return { uri: pathToUri(file), root: pathToUri(dir) };
}

function peersOf(format) {
  if (format === 'json') {
    const jsonc = require('jsonc-parser');
    return [
      { name: 'jsonc-parser parseTree', run: (text) => jsonc.parseTree(text, [], { allowTrailingComma: true, disallowComments: false }) },
      // JSON.parse cannot read comments: the generated file's one comment line is dropped first (not timed).
      { name: 'JSON.parse', prepare: (text) => text.replace(/^\/\/.*\n/, ''), run: (text) => JSON.parse(text) },
    ];
  }
  const YAML = require('yaml');
  return [
    { name: 'yaml parseDocument', run: (text) => YAML.parseDocument(text, { uniqueKeys: false }) },
    { name: 'YAML.parse', run: (text) => YAML.parse(text) },
  ];
}

// ---------------------------------------------------------------- child: timing

function timingChild(spec) {
  const { parseDocument } = require(path.join(OUT, 'core/document/parsed-document.js'));
  const { validateAgainstSchema } = require(path.join(OUT, 'core/schema/validate.js'));
  const { analyze } = require(path.join(OUT, 'core/analysis.js'));
  const { memoryProvider } = require(path.join(OUT, 'core/workspace/source-provider.js'));
  const { loadWorkspace } = require(path.join(OUT, 'core/workspace/workspace.js'));
  const { checkReferences } = require(path.join(OUT, 'core/checks/references.js'));
  const { checkStageChain } = require(path.join(OUT, 'core/checks/stage-chain.js'));
  const { specsOf, analyzeBuildGraph } = require(path.join(OUT, 'core/checks/build-graph-checks.js'));
  const { buildGraph, computePlan, analyzeCycles } = require(path.join(OUT, 'core/graph/index.js'));
  // The core remembers results from one analysis to the next (for the
  // language server's edits); every timed phase here starts cold, as one
  // `strap check` does.
  const { forgetRememberedResults: cold } = require(path.join(OUT, 'core/remembered.js'));

  const text = caseText(spec);
  const { uri, root } = caseUri(spec);
  const provider = memoryProvider({ [uri]: text });
  const options = { roots: [root] };
  const peers = peersOf(spec.format).map((p) => ({ ...p, input: p.prepare ? p.prepare(text) : text }));

  const times = {};
  const record = (key, ms) => (times[key] ??= []).push(ms);
  // No forced GC between phases: after a full collection V8 shrinks the young
  // generation, and the next phase then runs 2-3× slower than in steady state
  // (measured here); the garbage of one phase may be collected during the next,
  // which interleaving every phase in every run spreads evenly.
  const timed = (key, fn) => {
    const t0 = now();
    const result = fn();
    record(key, now() - t0);
    return result;
  };

  // Warm-up first, untimed, on a small document of the same shape: JIT
  // compilation and ajv's one-time schema compilation are then out of the
  // timed runs, without paying a whole extra pass over a big document.
  {
    const small = require('./generate').generate(Math.min(spec.size, 1000), { format: spec.format }).text;
    const smallProvider = memoryProvider({ [uri]: small });
    for (let i = 0; i < 3; i++) {
      peersOf(spec.format).forEach((p) => p.run(p.prepare ? p.prepare(small) : small));
      const d = parseDocument(uri, small);
      validateAgainstSchema(d);
      const w = loadWorkspace(uri, smallProvider, options, new Map([[uri, d]]));
      checkReferences(w);
      checkStageChain(w, smallProvider, options.roots);
      const g = buildGraph(specsOf(w));
      computePlan(g);
      analyzeCycles(g);
      analyzeBuildGraph(w);
      analyze([uri], smallProvider, options);
    }
  }

  let facts;
  const runs = runsFor(spec.size, spec.runs);
  const peer1Runs = peer1RunsFor(spec, runs);
  for (let r = 0; r < runs; r++) {
    const t = timed;
    peers.forEach((p, i) => {
      if (i === 1 && r >= peer1Runs) return;
      t(`peer${i}`, () => p.run(p.input));
    });
    cold();
    const doc = t('parse', () => parseDocument(uri, text));
    const schemaDiagnostics = t('schema', () => validateAgainstSchema(doc));
    // The analysis proper, on the document just parsed (the cache holds it, so nothing is parsed again).
    const cache = new Map([[uri, doc]]);
    const ws = t('model', () => loadWorkspace(uri, provider, options, cache));
    const refs = t('refs', () => [...checkReferences(ws), ...checkStageChain(ws, provider, options.roots)]);
    const specs = specsOf(ws);
    const graph = t('graph', () => buildGraph(specs));
    t('plan', () => computePlan(graph));
    t('cycles', () => analyzeCycles(graph));
    cold();
    const analysis = t('graphChecks', () => analyzeBuildGraph(ws));
    cold();
    const whole = t('whole', () => analyze([uri], provider, options));
    if (r === 0) {
      let diagnostics = 0;
      for (const list of whole.diagnostics.values()) diagnostics += list.length;
      const plan = analysis.plan;
      facts = {
        bytes: Buffer.byteLength(text),
        lines: text.split('\n').length - 1,
        packages: ws.packages.size,
        edges: analysis.graph.edgeCount ?? undefined,
        diagnostics,
        schemaDiagnostics: schemaDiagnostics.length,
        referenceDiagnostics: refs.length,
        graphDiagnostics: analysis.diagnostics.length,
        unbrokenComponents: analysis.cycles.unbroken?.length,
        coverage: plan.coverage ?? undefined,
        peers: peers.map((p) => p.name),
      };
    }
  }
  const med = {};
  for (const [k, xs] of Object.entries(times)) med[k] = median(xs);
  med.analysis = median(times.model.map((m, i) => m + times.refs[i] + times.graphChecks[i]));
  // What analyzeBuildGraph adds to graph + plan + cycles: the cycle and bootstrap-declaration diagnostics with their fixes.
  med.graphDiagnostics = Math.max(0, median(times.graphChecks.map((m, i) => m - times.graph[i] - times.plan[i] - times.cycles[i])));
  return { spec, runs, peer1Runs, facts, median: med, maxRssKb: process.resourceUsage().maxRSS };
}

// ---------------------------------------------------------------- child: memory

function memoryChild(spec, mode) {
  const text = caseText(spec);
  let keep;
  if (mode === 'bare') {
    const peer = peersOf(spec.format)[0];
    keep = peer.run(text);
  } else if (mode === 'check') {
    const { analyze } = require(path.join(OUT, 'core/analysis.js'));
    const { memoryProvider } = require(path.join(OUT, 'core/workspace/source-provider.js'));
    const { uri, root } = caseUri(spec);
    keep = analyze([uri], memoryProvider({ [uri]: text }), { roots: [root] });
  } else {
    keep = text.length; // 'text': node itself plus the generated text, the floor of both
  }
  return { mode, maxRssKb: process.resourceUsage().maxRSS, kept: typeof keep };
}

// ---------------------------------------------------------------- parent

function runChild(args) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', __filename, ...args], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60 * 1000,
  });
  if (r.status !== 0) {
    if (r.error && r.error.code === 'ETIMEDOUT') return { error: 'timed out after 15 minutes' };
    const why = (r.stderr || '').trim().split('\n').slice(-5).join('\n') || `exit ${r.status} ${r.signal || ''}`;
    return { error: why };
  }
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

/** Wall time, exit code and peak RSS of one `strap` CLI run (for the Debian and CLI rows). */
function timeCli(args) {
  return timeNode([path.join(ROOT, 'bin', 'strap.js'), ...args]);
}

/** Wall time, exit code and peak RSS of one node process run with these arguments, from the project folder. */
function timeNode(nodeArgs) {
  const peakFile = path.join(os.tmpdir(), `strap-bench-peak-${process.pid}-${Date.now()}.json`);
  const t0 = now();
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'peak-rss.js'), ...nodeArgs], {
    cwd: ROOT, env: { ...process.env, STRAP_BENCH_PEAK_FILE: peakFile }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60 * 1000,
  });
  const wallMs = now() - t0;
  let maxRssKb = NaN;
  try {
    maxRssKb = JSON.parse(fs.readFileSync(peakFile, 'utf8')).maxRssKb;
    fs.rmSync(peakFile, { force: true });
  } catch {
    // no figure
  }
  return { wallMs, status: r.status, signal: r.signal, maxRssKb, stderr: (r.stderr || '').trim().split('\n').slice(-2).join(' / ') };
}

/** `strap import debian` then `strap check` on the result: the scale figures of issue 5. */
function debianRows() {
  const sources = path.join(DEBIAN_DIR, 'Sources');
  const packages = path.join(DEBIAN_DIR, 'Packages');
  if (!fs.existsSync(sources) || !fs.existsSync(packages)) {
    return { note: `--debian: ${path.relative(ROOT, sources)} and ${path.relative(ROOT, packages)} are missing; run scripts/fetch-debian.sh first` };
  }
  fs.mkdirSync(DEBIAN_WORK, { recursive: true });
  process.stderr.write('bench: debian import ...');
  const imp = timeCli(['import', 'debian', '--sources', sources, '--packages', packages, '-o', DEBIAN_FILE]);
  process.stderr.write(` ${(imp.wallMs / 1000).toFixed(1)} s\nbench: debian check ...`);
  const ok = imp.status === 0 && fs.existsSync(DEBIAN_FILE);
  const check = ok ? timeCli(['check', DEBIAN_FILE, '--format', 'json']) : undefined;
  if (check) process.stderr.write(` ${(check.wallMs / 1000).toFixed(1)} s\n`);
  else process.stderr.write(' skipped\n');
  // The report beside its peer, the plan of the same file, one after the other.
  let plan;
  let report;
  if (ok) {
    process.stderr.write('bench: debian plan, report ...');
    plan = timeCli(['plan', DEBIAN_FILE, '--format', 'json']);
    report = timeCli(['report', DEBIAN_FILE, '-o', path.join(DEBIAN_WORK, 'report')]);
    process.stderr.write(` ${(plan.wallMs / 1000).toFixed(1)} s, ${(report.wallMs / 1000).toFixed(1)} s\n`);
  }
  return { imp, check, plan, report, file: ok ? DEBIAN_FILE : undefined };
}

function debianTable(d) {
  if (d.note) return `### Debian bookworm (real data)\n\n${d.note}`;
  const row = (what, r, okCodes) => {
    if (!r) return `| ${what} | n/a | n/a | n/a |`;
    const ok = okCodes.includes(r.status) ? `exit ${r.status}` : `exit ${r.status ?? r.signal}: ${r.stderr.replace(/\|/g, '/').slice(0, 160)}`;
    return `| ${what} | ${(r.wallMs / 1000).toFixed(1)} | ${fmtMB(r.maxRssKb)} | ${ok} |`;
  };
  const bytes = d.file ? fs.statSync(d.file).size : NaN;
  return [
    '### Debian bookworm main (real data): the CLI at full scale',
    '',
    `The archive's Sources and Packages indexes (.cache/debian/, scripts/fetch-debian.sh) imported, then checked; the imported file is ${fmtSize(bytes)} bytes. Goal (issue 5): each within 30 s and 1 GB.`,
    '',
    '| command | wall s | peak RSS MB | result |',
    '|---|---:|---:|---|',
    row('`strap import debian --sources … --packages …`', d.imp, [0]),
    row('`strap check bookworm.bootstrap.yaml --format json`', d.check, [0, 1]),
    row('`strap plan bookworm.bootstrap.yaml --format json`', d.plan, [0, 1]),
    row('`strap report bookworm.bootstrap.yaml -o …/report`', d.report, [0]),
    ...(d.plan && d.report ? ['', `The report took ${fmtRatio(d.report.wallMs / d.plan.wallMs)} the time of the plan of the same file.`] : []),
  ].join('\n');
}

// ---------------------------------------------------------------- the CLI on big files

// The peer: the same file read and given to yaml's parseDocument whole, with
// the options of the core rows' peer, in a node process of its own.
const BARE_PARSE = "const YAML = require('yaml'); YAML.parseDocument(require('fs').readFileSync(process.argv[1], 'utf8'), { uniqueKeys: false });";

/**
 * `strap check FILE --format json` beside the bare parse, for each generated
 * size and file: `runs` pairs, interleaved (peer, then check), medians.
 */
function cliRows(sizes, files, runs) {
  const dir = path.join(__dirname, 'work', 'cli');
  fs.mkdirSync(dir, { recursive: true });
  const cases = sizes.map((size) => {
    const file = path.join(dir, `generated-${size}.bootstrap.yaml`);
    fs.writeFileSync(file, require('./generate').generate(size).text);
    return { label: fmtSize(size), file };
  });
  for (const file of files) cases.push({ label: path.basename(file), file });
  const rows = [];
  for (const c of cases) {
    process.stderr.write(`bench: cli ${c.label} ...`);
    const check = [];
    const peer = [];
    for (let r = 0; r < runs; r++) {
      peer.push(timeNode(['-e', BARE_PARSE, c.file]));
      check.push(timeCli(['check', c.file, '--format', 'json']));
    }
    const failed = [...peer.filter((x) => x.status !== 0), ...check.filter((x) => x.status !== 0 && x.status !== 1)];
    const row = {
      label: c.label,
      bytes: fs.statSync(c.file).size,
      checkMs: median(check.map((x) => x.wallMs)),
      peerMs: median(peer.map((x) => x.wallMs)),
      checkKb: median(check.map((x) => x.maxRssKb)),
      peerKb: median(peer.map((x) => x.maxRssKb)),
      error: failed.length ? `exit ${failed[0].status ?? failed[0].signal}: ${failed[0].stderr}` : undefined,
    };
    process.stderr.write(` ${(row.checkMs / 1000).toFixed(1)} s / ${(row.peerMs / 1000).toFixed(1)} s\n`);
    rows.push(row);
  }
  return { rows, runs };
}

function cliTable({ rows, runs }) {
  const lines = [
    '### The CLI on big files: `strap check FILE --format json` beside a bare `yaml` parse of the file',
    '',
    `Each a node process of its own, interleaved, median of ${runs}. The peer reads the file and calls \`yaml\`'s \`parseDocument(text, {uniqueKeys: false})\` on it whole. Per MB: the check's wall time per MB of text, as a multiple of the smallest file's (1.00× = linear).`,
    '',
    '| file (packages) | bytes | strap check s | bare yaml parse s | **check / parse** | check per MB, vs the smallest | peak RSS check MB | peak RSS bare parse MB | RSS ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const base = rows.find((r) => !r.error);
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.label} | ${fmtSize(r.bytes)} | n/a: ${r.error.replace(/\|/g, '/').slice(0, 160)} |`);
      continue;
    }
    const perByte = (r.checkMs / r.bytes) / (base.checkMs / base.bytes);
    lines.push(`| ${r.label} | ${fmtSize(r.bytes)} | ${(r.checkMs / 1000).toFixed(2)} | ${(r.peerMs / 1000).toFixed(2)} | **${fmtRatio(r.checkMs / r.peerMs)}** | ${fmtRatio(perByte)} | ${fmtMB(r.checkKb)} | ${fmtMB(r.peerKb)} | ${fmtRatio(r.checkKb / r.peerKb)} |`);
  }
  return lines.join('\n');
}

function describeSpec(spec) {
  if (spec.file) return path.basename(spec.file);
  return `${fmtSize(spec.size)}${spec.format === 'json' ? ' (JSONC)' : ''}${spec.shape === 'cluster' ? ' (one cluster)' : ''}`;
}

function coreTables(results) {
  const lines = [];
  lines.push('### Core: time per phase (median ms) and ratio of the whole check to the bare parse');
  lines.push('');
  lines.push('| packages | bytes | runs | yaml parseDocument (uniqueKeys: false) | YAML.parse (defaults) | strap parse | schema | analysis | **whole check** | **whole / parseDocument** | whole / YAML.parse | peak RSS check MB | peak RSS bare parse MB | RSS ratio |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    if (r.error) {
      lines.push(`| ${describeSpec(r.spec)} | | | n/a: ${r.error.replace(/\n/g, ' ').replace(/\|/g, '/').slice(0, 200)} |`);
      continue;
    }
    const m = r.median;
    const peakCheck = r.memory?.check?.maxRssKb;
    const peakBare = r.memory?.bare?.maxRssKb;
    lines.push(`| ${describeSpec(r.spec)} | ${fmtSize(r.facts.bytes)} | ${r.runs} | ${fmtMs(m.peer0)} | ${r.peer1Runs === 0 ? 'skipped¹' : `${fmtMs(m.peer1)}${r.peer1Runs < r.runs ? ` (${r.peer1Runs} run${r.peer1Runs > 1 ? 's' : ''})` : ''}`} | ${fmtMs(m.parse)} | ${fmtMs(m.schema)} | ${fmtMs(m.analysis)} | **${fmtMs(m.whole)}** | **${fmtRatio(m.whole / m.peer0)}** | ${fmtRatio(m.whole / m.peer1)} | ${fmtMB(peakCheck)} | ${fmtMB(peakBare)} | ${fmtRatio(peakCheck / peakBare)} |`);
  }
  lines.push('');
  lines.push('`strap parse` is `parseDocument` (yaml underneath, plus the pointer/range tree, duplicate keys and the line index); `analysis` is the workspace model, references, stage chain, and the graph checks (build graph, plan, cycles, their diagnostics); `whole check` is one `analyze()` call from text to sorted diagnostics. `YAML.parse` keeps yaml\'s default `uniqueKeys: true`, whose check is quadratic in the size of one mapping: it is timed fewer times on big documents, and ¹ skipped at 30 000 packages and on the Debian file unless `--all-peers` (it took 254 s at 30 000 here). The Debian row has one run and no memory children (its peak RSS is in the CLI table). For a JSONC row the two peer columns are `jsonc-parser` `parseTree` and `JSON.parse` (of the same text without its comment line) instead of the two `yaml` calls.');
  lines.push('');
  lines.push('### Core: the analysis broken down (median ms) and what the document holds');
  lines.push('');
  lines.push('| packages | model | references + stage chain | graph checks (all) | of which: build graph | plan | cycles | cycle + declaration diagnostics, with fixes | diagnostics | unbroken SCCs | bootstrappable |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    if (r.error) continue;
    const m = r.median;
    const f = r.facts;
    const cov = f.coverage ? `${f.coverage.percent ?? f.coverage.percentage ?? ''}` : '';
    lines.push(`| ${describeSpec(r.spec)} | ${fmtMs(m.model)} | ${fmtMs(m.refs)} | ${fmtMs(m.graphChecks)} | ${fmtMs(m.graph)} | ${fmtMs(m.plan)} | ${fmtMs(m.cycles)} | ${fmtMs(m.graphDiagnostics)} | ${f.diagnostics} | ${f.unbrokenComponents ?? ''} | ${cov === '' ? '' : `${Number(cov).toFixed(1)} %`} |`);
  }
  return lines.join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const spec = JSON.parse(argv[1]);
    process.stdout.write(`${JSON.stringify(timingChild(spec))}\n`);
    return;
  }
  if (argv[0] === '--mem-child') {
    const spec = JSON.parse(argv[1]);
    process.stdout.write(`${JSON.stringify(memoryChild(spec, argv[2]))}\n`);
    return;
  }

  const opts = parseArgs(argv);
  if (!fs.existsSync(path.join(OUT, 'core/analysis.js'))) {
    console.error('bench: server/out is missing; run `npm run build` first (npm run bench does).');
    process.exit(2);
  }
  const started = now();
  const specs = opts.sizes.map((size) => ({ size, format: 'yaml', runs: opts.runs, allPeers: opts.allPeers }));
  if (opts.jsonSize) specs.push({ size: opts.jsonSize, format: 'json', runs: opts.runs, allPeers: opts.allPeers });
  // One giant cycle cluster (generate.js --cluster): one run each, the cycle analysis being what they measure.
  for (const size of opts.clusterSizes) specs.push({ size, format: 'yaml', shape: 'cluster', runs: opts.runs || 1, allPeers: opts.allPeers });
  let debian;
  if (opts.debian) {
    debian = debianRows();
    // `size` only chooses the number of runs (that of the biggest generated size).
    // One run (a whole check of the archive takes most of a minute here); peak memory is the CLI row's.
    if (debian.file) specs.push({ size: 1e6, file: debian.file, format: 'yaml', runs: opts.runs || 1, allPeers: opts.allPeers, noMemory: true });
  }

  console.log(`# strap benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB`);
  console.log('');
  const results = [];
  for (const spec of specs) {
    process.stderr.write(`bench: core ${describeSpec(spec)} ...`);
    const t0 = now();
    const r = runChild(['--child', JSON.stringify(spec)]);
    if (!r.error && !spec.noMemory) {
      r.memory = {};
      for (const mode of ['bare', 'check']) {
        const m = runChild(['--mem-child', JSON.stringify(spec), mode]);
        r.memory[mode] = m.error ? { maxRssKb: NaN } : m;
      }
    } else r.spec = spec;
    process.stderr.write(` ${((now() - t0) / 1000).toFixed(1)} s\n`);
    results.push(r);
  }
  if (results.length) {
    console.log(coreTables(results));
    console.log('');
  }
  if (debian) {
    console.log(debianTable(debian));
    console.log('');
  }

  if (opts.cliSizes.length || opts.cliFiles.length) {
    const files = [...opts.cliFiles, ...(debian?.file ? [debian.file] : [])];
    console.log(cliTable(cliRows(opts.cliSizes, files, opts.cliRuns)));
    console.log('');
  }

  if (!opts.skipLsp) {
    const lspSizes = opts.lspSizes ?? opts.sizes.filter((s) => s >= 1000);
    const args = [path.join(__dirname, 'lsp.js'), '--sizes', lspSizes.join(','), '--cluster-sizes', opts.clusterSizes.join(',')];
    if (debian?.file) args.push('--file', debian.file);
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, args, { stdio: 'inherit' });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) console.log(`(bench/lsp.js exited with ${code})`);
  }
  process.stderr.write(`bench: done in ${((now() - started) / 1000).toFixed(0)} s\n`);
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(2);
});
