#!/usr/bin/env node
'use strict';
// Regenerate the figures of docs/debian.md from the imported Debian archive.
//
//   node scripts/debian-figures.js [options]
//
// Reads the bootstrap file that `strap import debian` makes of the archive
// indexes fetched by scripts/fetch-debian.sh, computes the figures with strap's
// graph engine (server/out/core/graph, so run `npx tsc -p tsconfig.json`
// first), times `strap import` and `strap check` as child processes, picks up
// botch's figures (scripts/botch-figures.sh) and the language-server figures
// (scripts/debian-lsp-scale.js) when they are available, and writes a
// Markdown section into docs/debian.md between the markers
//   <!-- BEGIN debian-figures -->  and  <!-- END debian-figures -->
// (the prose around them stays). The section is also printed.
//
// Options:
//   --data DIR        directory with Sources and Packages (default .cache/debian)
//   --file FILE       the imported bootstrap file (default DIR/bookworm.bootstrap.yaml)
//   --botch DIR       botch's output directory (default DIR/botch)
//   --doc FILE        the Markdown file to update (default docs/debian.md)
//   --json FILE       also write every figure as JSON (default DIR/figures.json)
//   --no-timings      do not spawn import/check (re-uses FILE; imports it when missing)
//   --no-lsp          do not run scripts/debian-lsp-scale.js
//   --no-cycles       skip the cycle analysis (analyzeCycles: the slowest part)
//   --no-write        print only
//
// Models (see docs/debian.md, "How the figures are computed"):
// - The build graph is strap's (SPEC §1): P → Q for Q in build-depends(P), and
//   P → R for every R in the runtime closure depends*(Q).
// - "to build" is the subgraph induced by the packages that are not prebuilt:
//   a prebuilt package is available before the plan starts, so no bootstrap
//   cycle has to go through it. This is the graph comparable to botch's
//   source graph, which only holds what is not available yet.
// - The stage-N graph replaces the build edges of every package that declares a
//   build-depends-bootstrapN set by the edges of that set (with the same
//   runtime closure); all other packages keep their full edges. It is the
//   graph "if every package were built at stage N where it can be": the
//   lower bound of what the stage-N profiles can do to the cycles.
// - Scenario "botch's starting set": the same file with the source packages of
//   botch's minimal installable set (Essential, build-essential, apt,
//   sysvinit-core, debhelper and a co-installation set of their dependencies,
//   botch's tmp/minimal-src) also marked prebuilt, so both tools start from the
//   same available packages.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const BEGIN = '<!-- BEGIN debian-figures -->';
const END = '<!-- END debian-figures -->';

// ---------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = {
    data: path.join(ROOT, '.cache/debian'),
    file: null,
    botch: null,
    doc: path.join(ROOT, 'docs/debian.md'),
    json: null,
    timings: true,
    lsp: true,
    cycles: true,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--data': o.data = path.resolve(val()); break;
      case '--file': o.file = path.resolve(val()); break;
      case '--botch': o.botch = path.resolve(val()); break;
      case '--doc': o.doc = path.resolve(val()); break;
      case '--json': o.json = path.resolve(val()); break;
      case '--no-timings': o.timings = false; break;
      case '--no-lsp': o.lsp = false; break;
      case '--no-cycles': o.cycles = false; break;
      case '--no-write': o.write = false; break;
      case '-h': case '--help':
        process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 22).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        process.exit(0);
        break;
      default: die(`unknown option ${a}`);
    }
  }
  o.file = o.file || path.join(o.data, 'bookworm.bootstrap.yaml');
  o.botch = o.botch || path.join(o.data, 'botch');
  o.json = o.json || path.join(o.data, 'figures.json');
  return o;
}

function die(msg) {
  process.stderr.write(`debian-figures: ${msg}\n`);
  process.exit(2);
}

function log(msg) {
  process.stderr.write(`debian-figures: ${msg}\n`);
}

// ---------------------------------------------------------------------------
// Timed child processes: wall time and peak RSS

const TIME_BIN = ['/usr/bin/time', '/bin/time'].find((p) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/**
 * Run `node args…` and measure it. With GNU time (`time -v`) the peak RSS is
 * the kernel's; without it a `--require` hook reports process.resourceUsage().maxRSS
 * of the node process at exit.
 */
function timedNode(args, { stdoutFile } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-figures-'));
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
  const errFile = path.join(tmp, 'stderr');
  const err = fs.openSync(errFile, 'w');
  let cmd;
  let cmdArgs;
  const timeFile = path.join(tmp, 'time');
  const rssFile = path.join(tmp, 'rss');
  if (TIME_BIN) {
    cmd = TIME_BIN;
    cmdArgs = ['-v', '-o', timeFile, process.execPath, ...args];
  } else {
    const hook = path.join(tmp, 'rss-hook.js');
    fs.writeFileSync(
      hook,
      `process.on('exit', () => { try { require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)); } catch {} });\n`,
    );
    cmd = process.execPath;
    cmdArgs = ['--require', hook, ...args];
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', out, err] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (typeof out === 'number') fs.closeSync(out);
  fs.closeSync(err);
  const stderr = fs.readFileSync(errFile, 'utf8');
  const res = { command: `node ${args.join(' ')}`, exitCode: r.status, wallSeconds: wall, maxRssMB: null, userSeconds: null, systemSeconds: null, stderr };
  if (TIME_BIN && fs.existsSync(timeFile)) {
    const t = fs.readFileSync(timeFile, 'utf8');
    const num = (re) => {
      const m = t.match(re);
      return m ? Number(m[1]) : null;
    };
    const rssK = num(/Maximum resident set size \(kbytes\):\s*(\d+)/);
    res.maxRssMB = rssK === null ? null : rssK / 1024;
    res.userSeconds = num(/User time \(seconds\):\s*([\d.]+)/);
    res.systemSeconds = num(/System time \(seconds\):\s*([\d.]+)/);
    const ex = t.match(/Exit status:\s*(\d+)/);
    if (ex) res.exitCode = Number(ex[1]);
    res.measuredWith = 'GNU time -v';
  } else if (fs.existsSync(rssFile)) {
    res.maxRssMB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    res.measuredWith = 'process.resourceUsage().maxRSS';
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return res;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0] ? cpus[0].model.trim() : 'unknown',
    memGB: os.totalmem() / 1024 ** 3,
    node: process.version,
    loadavg: os.loadavg(),
  };
}

// ---------------------------------------------------------------------------
// Loading

function requireBuilt(rel) {
  const p = path.join(ROOT, 'server/out', rel);
  if (!fs.existsSync(p)) die(`${p} missing: build first (npx tsc -p tsconfig.json)`);
  return require(p);
}

const STAGE_KEY = /^build-depends-bootstrap([1-9][0-9]*)$/;

function specsOfYaml(text) {
  const YAML = require(require.resolve('yaml', { paths: [ROOT] }));
  const doc = YAML.parse(text, { uniqueKeys: false, maxAliasCount: -1 });
  const pk = (doc && doc.packages) || {};
  const specs = [];
  for (const name of Object.keys(pk)) {
    const p = pk[name] || {};
    const bootstrap = [];
    for (const k of Object.keys(p)) {
      const m = STAGE_KEY.exec(k);
      if (m) bootstrap.push({ stage: Number(m[1]), buildDepends: Array.isArray(p[k]) ? p[k] : [] });
    }
    specs.push({
      name,
      buildDepends: Array.isArray(p['build-depends']) ? p['build-depends'] : [],
      depends: Array.isArray(p.depends) ? p.depends : [],
      bootstrap,
      prebuilt: p.prebuilt === true,
    });
  }
  return specs;
}

/** The header comment of the imported file (what was imported and how). */
function headerOf(text) {
  const lines = [];
  for (const l of text.split('\n', 40)) {
    if (!l.startsWith('#')) break;
    lines.push(l.replace(/^# ?/, ''));
  }
  return lines;
}

/** Source names of a deb822 file (Package: fields), or null when it does not exist. */
function debPackageNames(file) {
  if (!fs.existsSync(file)) return null;
  const names = new Set();
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^Package:\s*(\S+)/gm)) names.add(m[1]);
  return [...names].sort();
}

// ---------------------------------------------------------------------------
// Graph figures

/** Figures of the SCCs of a CSR graph restricted to `mask`. */
function sccFigures(eng, graph, offsets, targets, mask) {
  const scc = eng.tarjanScc(graph.size, offsets, targets, mask);
  const sizes = [];
  let largest = -1;
  let largestSize = 0;
  let selfLoops = 0;
  let inCycles = 0;
  for (let c = 0; c < scc.count; c++) {
    if (!eng.isNonTrivial(scc, c, offsets, targets)) continue;
    const size = scc.offsets[c + 1] - scc.offsets[c];
    sizes.push(size);
    inCycles += size;
    if (size === 1) selfLoops++;
    if (size > largestSize) {
      largestSize = size;
      largest = c;
    }
  }
  sizes.sort((a, b) => b - a);
  const members = largest < 0 ? [] : Array.from(eng.componentMembers(scc, largest), (i) => graph.names[i]);
  let edgesInside = 0;
  if (largest >= 0) {
    for (const i of eng.componentMembers(scc, largest)) {
      for (let e = offsets[i]; e < offsets[i + 1]; e++) if (scc.compOf[targets[e]] === largest) edgesInside++;
    }
  }
  return {
    nonTrivial: sizes.length,
    multiMember: sizes.length - selfLoops,
    selfLoopsOnly: selfLoops,
    largest: largestSize,
    largestEdges: edgesInside,
    packagesInCycles: inCycles,
    topSizes: sizes.slice(0, 10),
    largestMembers: members,
    _scc: scc,
    _largest: largest,
  };
}

/**
 * CSR of the stage-N graph: every node with a build-depends-bootstrapN set gets
 * the edges of that set (with runtime closure) instead of its full edges.
 */
function stageCsr(graph, stage) {
  const n = graph.size;
  const rows = new Map();
  for (let v = 0; v < n; v++) {
    if (!graph.declared[v]) continue;
    const cl = graph.stageClosure(v, stage);
    if (cl) rows.set(v, cl);
  }
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    const r = rows.get(v);
    offsets[v + 1] = offsets[v] + (r ? r.length : graph.offsets[v + 1] - graph.offsets[v]);
  }
  const targets = new Int32Array(offsets[n]);
  for (let v = 0; v < n; v++) {
    const r = rows.get(v);
    targets.set(r || graph.targets.subarray(graph.offsets[v], graph.offsets[v + 1]), offsets[v]);
  }
  return { offsets, targets, packagesWithSet: rows.size };
}

/** Inside one SCC: in/out degree of each member over the edges of the graph. */
function degreesInside(graph, offsets, targets, scc, comp) {
  const members = Array.from(scc.members.subarray(scc.offsets[comp], scc.offsets[comp + 1]));
  const indeg = new Map();
  const outdeg = new Map();
  for (const v of members) {
    indeg.set(v, 0);
    outdeg.set(v, 0);
  }
  for (const v of members) {
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const w = targets[e];
      if (w !== v && scc.compOf[w] === comp) {
        outdeg.set(v, outdeg.get(v) + 1);
        indeg.set(w, indeg.get(w) + 1);
      }
    }
  }
  return members.map((v) => ({ name: graph.names[v], in: indeg.get(v), out: outdeg.get(v) }));
}

/** Direct build-depends edges (no runtime closure) inside one SCC: who is named most as a build dependency. */
function directInside(graph, scc, comp) {
  const named = new Map();
  for (const v of scc.members.subarray(scc.offsets[comp], scc.offsets[comp + 1])) {
    for (const w of graph.directDeps[v]) {
      if (w !== v && scc.compOf[w] === comp) named.set(w, (named.get(w) || 0) + 1);
    }
  }
  return [...named.entries()].map(([v, k]) => ({ name: graph.names[v], buildDependedOnBy: k }));
}

function top(list, key, k, tie = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
  return list.slice().sort((a, b) => key(b) - key(a) || tie(a, b)).slice(0, k);
}

function analyseScenario(eng, specs, label, opts) {
  const t0 = Date.now();
  const graph = eng.buildGraph(specs);
  const tGraph = (Date.now() - t0) / 1000;
  log(`${label}: graph of ${graph.size} nodes, ${graph.edgeCount} edges in ${tGraph.toFixed(1)} s`);
  const n = graph.size;
  const declared = new Uint8Array(n);
  const toBuild = new Uint8Array(n);
  let prebuilt = 0;
  let withSets = 0;
  const stageCounts = new Map();
  for (let i = 0; i < n; i++) {
    if (!graph.declared[i]) continue;
    declared[i] = 1;
    if (graph.prebuilt[i]) prebuilt++;
    else toBuild[i] = 1;
    if (graph.stages[i].length > 0) withSets++;
    for (const s of graph.stages[i]) stageCounts.set(s.stage, (stageCounts.get(s.stage) || 0) + 1);
  }
  let directEdges = 0;
  for (let i = 0; i < n; i++) directEdges += graph.directDeps[i].length;

  const res = {
    label,
    packages: specs.length,
    prebuilt,
    toBuild: specs.length - prebuilt,
    packagesWithBootstrapSets: withSets,
    stageSets: Object.fromEntries([...stageCounts.entries()].sort((a, b) => a[0] - b[0])),
    directBuildDependsEdges: directEdges,
    buildGraphEdges: graph.edgeCount,
    graphSeconds: tGraph,
  };

  // SCCs: whole graph, the packages to build, and their stage-N graphs.
  res.sccAll = sccFigures(eng, graph, graph.offsets, graph.targets, declared);
  res.sccToBuild = sccFigures(eng, graph, graph.offsets, graph.targets, toBuild);
  res.stages = {};
  for (const stage of [...stageCounts.keys()].sort((a, b) => a - b)) {
    const csr = stageCsr(graph, stage);
    const f = sccFigures(eng, graph, csr.offsets, csr.targets, toBuild);
    const before = new Set(res.sccToBuild.largestMembers);
    const after = new Set(f.largestMembers);
    f.leftLargest = [...before].filter((x) => !after.has(x)).length;
    f.packagesWithSet = csr.packagesWithSet;
    f.setsInsideLargest = [...before].filter((x) => graph.stageSet(graph.index(x), stage)).sort();
    f.all = sccFigures(eng, graph, csr.offsets, csr.targets, declared);
    res.stages[stage] = f;
  }

  // Name and encourage: the members of the largest to-build SCC.
  const L = res.sccToBuild;
  if (L._largest >= 0) {
    const deg = degreesInside(graph, graph.offsets, graph.targets, L._scc, L._largest);
    res.hubsByIn = top(deg, (d) => d.in, 15);
    res.hubsByOut = top(deg, (d) => d.out, 15);
    res.hubsByProduct = top(deg, (d) => d.in * d.out, 15);
    res.mostNamed = top(directInside(graph, L._scc, L._largest), (d) => d.buildDependedOnBy, 15);
  }

  // The plan.
  let t = Date.now();
  const plan = eng.computePlan(graph, {});
  res.planSeconds = (Date.now() - t) / 1000;
  const reasons = {};
  let stuckPrebuilt = 0;
  for (const s of plan.stuck) {
    reasons[s.reason] = (reasons[s.reason] || 0) + 1;
    if (graph.prebuilt[graph.index(s.package)]) stuckPrebuilt++;
  }
  // Which stuck packages block the most others (first entries of blockedBy).
  const blockers = new Map();
  for (const s of plan.stuck) if (s.reason === 'depends-on-stuck') for (const b of s.blockedBy) blockers.set(b, (blockers.get(b) || 0) + 1);
  let stageBuilds = 0;
  let fullBuilds = 0;
  for (const w of plan.waves) for (const b of w.builds) (b.kind === 'stage' ? stageBuilds++ : fullBuilds++);
  res.plan = {
    coverage: plan.coverage,
    waves: plan.waves.length,
    fullBuilds,
    stageBuilds,
    rebuilds: plan.rebuilds.length,
    stuck: plan.stuck.length,
    stuckPrebuilt,
    stuckByReason: reasons,
    unknownDependencies: plan.stuck.filter((s) => s.reason === 'unknown-dependency').map((s) => ({ package: s.package, unknown: s.unknown })),
    unusedStages: plan.unusedStages,
    topBlockers: top([...blockers.entries()].map(([name, k]) => ({ name, blocks: k })), (d) => d.blocks, 10),
    cycleStuckComponents: [...new Set(plan.stuck.filter((s) => s.reason === 'cycle').map((s) => s.cycle.length + ':' + s.cycle[0]))].length,
  };
  // The same plan with every bootstrap set taken away: what the sets buy.
  if (withSets > 0) {
    const none = new Map();
    for (let i = 0; i < n; i++) if (graph.stages[i].length > 0) none.set(i, []);
    const plan0 = eng.computePlan(graph.withStages(none), {});
    res.plan.coverageWithoutSets = plan0.coverage;
  }
  log(`${label}: plan in ${res.planSeconds.toFixed(1)} s, coverage ${plan.coverage.percent.toFixed(2)} %`);

  // strap's cycle analysis (what `strap check` reports), and who sits on the most cycles.
  if (opts.cycles) {
    t = Date.now();
    const ca = eng.analyzeCycles(graph);
    res.cycleSeconds = (Date.now() - t) / 1000;
    const onCycles = new Map();
    let cycles = 0;
    const candidates = new Map();
    let exact = true;
    for (const comp of ca.unbroken) {
      if (!comp.exact) exact = false;
      for (const cyc of comp.cycles) {
        cycles++;
        for (const v of new Set(cyc.nodes)) onCycles.set(v, (onCycles.get(v) || 0) + 1);
        if (cyc.preferred >= 0) {
          const c = cyc.candidates[cyc.preferred];
          const key = `${c.package}\u0000${c.remove}\u0000${c.stage}`;
          if (!candidates.has(key)) candidates.set(key, { package: c.package, remove: c.remove, stage: c.stage, score: c.score, preferredBy: 0 });
          candidates.get(key).preferredBy++;
        }
      }
    }
    const lengths = [];
    for (const comp of ca.unbroken) for (const cyc of comp.cycles) lengths.push(cyc.nodes.length);
    lengths.sort((a, b) => a - b);
    const sizes = ca.unbroken.map((c) => c.members.length).sort((a, b) => b - a);
    res.cycles = {
      unbrokenComponents: ca.unbroken.length,
      unbrokenLargest: sizes[0] || 0,
      unbrokenTopSizes: sizes.slice(0, 10),
      unbrokenMembers: sizes.reduce((a, b) => a + b, 0),
      shortestCyclesFound: cycles,
      exact,
      cycleLengthMedian: lengths.length ? lengths[lengths.length >> 1] : 0,
      cycleLengthMax: lengths.length ? lengths[lengths.length - 1] : 0,
      selfLoopCycles: lengths.filter((l) => l === 1).length,
      brokenComponents: ca.broken.length,
      broken: ca.broken.map((b) => ({ size: b.members.length, brokenBy: b.brokenBy.map((r) => `${r.package}@${r.stage === 'prebuilt' ? 'prebuilt' : 'stage' + r.stage}`).slice(0, 8), brokenByCount: b.brokenBy.length })).sort((a, b) => b.size - a.size).slice(0, 5),
      distinctPreferred: candidates.size,
      mostCycles: top([...onCycles.entries()].map(([name, k]) => ({ name, cycles: k })), (d) => d.cycles, 15),
      bestBreaks: top([...candidates.values()].map((c) => ({ ...c, name: c.package + ' ' + c.remove })), (d) => d.score, 15),
    };
    log(`${label}: cycle analysis in ${res.cycleSeconds.toFixed(1)} s`);
    // strap fix: the annotations planFixAll would write (packages = a feedback vertex set).
    t = Date.now();
    try {
      const fix = eng.planFixAll(specs);
      res.fixAll = {
        annotations: fix.annotations.length,
        packages: [...new Set(fix.annotations.map((a) => a.package))].sort(),
        removedEntries: fix.annotations.reduce((k, a) => k + a.remove.length, 0),
        resolved: fix.resolved,
        seconds: (Date.now() - t) / 1000,
      };
      log(`${label}: planFixAll in ${res.fixAll.seconds.toFixed(1)} s: ${res.fixAll.annotations} annotations`);
    } catch (e) {
      res.fixAll = { error: String(e && e.message), seconds: (Date.now() - t) / 1000 };
    }
  }

  for (const f of [res.sccAll, res.sccToBuild, ...Object.values(res.stages).flatMap((s) => [s, s.all])]) {
    delete f._scc;
    delete f._largest;
  }
  return res;
}

// ---------------------------------------------------------------------------
// Markdown

const fmtInt = (x) => (x === null || x === undefined ? '—' : Number(x).toLocaleString('en-US').replace(/,/g, ' '));
const fmtPct = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(x < 1 ? 2 : 1)} %`);
const fmtS = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(1)} s`);
const fmtMB = (x) => (x === null || x === undefined ? '—' : `${Math.round(x)} MB`);
const names = (list, k = 15) => (list && list.length ? list.slice(0, k).map((x) => `\`${x}\``).join(', ') + (list.length > k ? `, … (${list.length} in all)` : '') : '—');

function renderTiming(t, goalS, goalMB) {
  if (!t) return '—';
  const ok = t.wallSeconds <= goalS && t.maxRssMB !== null && t.maxRssMB <= goalMB;
  const cpu = t.userSeconds !== null ? `, CPU ${(t.userSeconds + t.systemSeconds).toFixed(1)} s` : '';
  return `${fmtS(t.wallSeconds)} wall${cpu}, peak RSS ${fmtMB(t.maxRssMB)} (goal ${goalS} s / ${goalMB} MB: ${ok ? 'met' : 'not met'})`;
}

function render(F) {
  const A = F.strap.asImported;
  const B = F.strap.botchStart || null;
  const bo = F.botch || null;
  const out = [];
  const p = (s = '') => out.push(s);
  p(`_Generated by \`node scripts/debian-figures.js\` on ${F.generated} from \`${F.input.file}\`._`);
  p();
  p('Input, as the importer reports it in the file header:');
  p();
  p('```');
  for (const l of F.input.header) if (l.trim()) p(l);
  p('```');
  p();

  // --- Side by side
  p('### strap and botch side by side');
  p();
  const bs = bo && bo.figures;
  const bcol = (v) => (bs ? v : 'not run');
  const sA = A.sccToBuild;
  const st1 = A.stages[1];
  const sB = B ? B.sccToBuild : null;
  const st1B = B ? B.stages[1] : null;
  p(`| figure | strap (as imported) | strap (botch's starting set) | botch |`);
  p('|---|---|---|---|');
  p(`| source packages in the model | ${fmtInt(A.packages)} | ${B ? fmtInt(B.packages) : '—'} | ${bcol(bs && fmtInt(bs.sourcesInArchive))} |`);
  p(`| available before the first build (prebuilt / available) | ${fmtInt(A.prebuilt)} sources | ${B ? fmtInt(B.prebuilt) + ' sources' : '—'} | ${bcol(bs && `${fmtInt(bs.availableBinaries)} binaries (${fmtInt(bs.availableArchAll)} Architecture: all, ${fmtInt(bs.minimalSources)} minimal-set sources)`)} |`);
  p(`| sources to build (graph nodes) | ${fmtInt(A.toBuild)} | ${B ? fmtInt(B.toBuild) : '—'} | ${bcol(bs && `${fmtInt(bs.srcgraph.sourceVertices)} in the source graph (${fmtInt(bs.compilableByFixpoint)} more built by the fixpoint first)`)} |`);
  p(`| non-trivial SCCs (to build) | ${fmtInt(sA.nonTrivial)} (${fmtInt(sA.selfLoopsOnly)} self-loops) | ${sB ? `${fmtInt(sB.nonTrivial)} (${fmtInt(sB.selfLoopsOnly)} self-loops)` : '—'} | ${bcol(bs && `${fmtInt(bs.srcgraph.nonTrivial)} (${fmtInt(bs.srcgraph.selfLoopsOnly)} self-loops)`)} |`);
  p(`| largest SCC (source packages) | ${fmtInt(sA.largest)} | ${sB ? fmtInt(sB.largest) : '—'} | ${bcol(bs && `${fmtInt(bs.srcgraph.largestSources)} (${fmtInt(bs.srcgraph.largest)} vertices with binaries)`)} |`);
  p(`| sources in some cycle | ${fmtInt(sA.packagesInCycles)} | ${sB ? fmtInt(sB.packagesInCycles) : '—'} | ${bcol(bs && fmtInt(bs.srcgraph.sourcesInCycles))} |`);
  p(`| largest SCC with stage1 applied | ${st1 ? fmtInt(st1.largest) : '—'} | ${st1B ? fmtInt(st1B.largest) : '—'} | ${bcol(bs && (bs.stage1 ? fmtInt(bs.stage1.largestSources) : 'not computed'))} |`);
  const fvs = (S) => (S && S.fixAll ? (S.fixAll.error ? 'failed' : `${fmtInt(S.fixAll.packages.length)} (\`strap fix\`${S.fixAll.resolved ? '' : ', not all resolved'})`) : '—');
  const fas = (S) => (S && S.fixAll && !S.fixAll.error ? `${fmtInt(S.fixAll.removedEntries)} (\`strap fix\`)` : '—');
  p(`| feedback vertex set (sources to build at a reduced stage) | ${fvs(A)} | ${fvs(B)} | ${bcol(bs && fmtInt(bs.feedbackVertexSet.length))} |`);
  p(`| feedback arc set (build dependencies to drop) | ${fas(A)} | ${fas(B)} | ${bcol(bs && fmtInt(bs.feedbackArcSet.length))} |`);
  p(`| stuck (never built fully) | ${fmtInt(A.plan.stuck)} | ${B ? fmtInt(B.plan.stuck) : '—'} | ${bcol(bs && (bs.fixpoint ? `${fmtInt(bs.fixpoint.notCompilable)} not compilable by the fixpoint` : '—'))} |`);
  p(`| can be bootstrapped (plan coverage) | ${fmtPct(A.plan.coverage.percent)} | ${B ? fmtPct(B.plan.coverage.percent) : '—'} | ${bcol(bs && (bs.fixpoint ? `${fmtPct(bs.fixpoint.percent)} of the sources built by the fixpoint without breaking a cycle` : '—'))} |`);
  p(`| run time | import ${fmtS(F.timings.import && F.timings.import.wallSeconds)} + check ${fmtS(F.timings.check && F.timings.check.wallSeconds)} | — | ${bcol(bs && bs.wallSeconds !== null ? fmtS(bs.wallSeconds) + ' (botch-native)' : '—')} |`);
  p(`| peak memory | import ${fmtMB(F.timings.import && F.timings.import.maxRssMB)}, check ${fmtMB(F.timings.check && F.timings.check.maxRssMB)} | — | ${bcol(bs && bs.maxRssMB !== null ? fmtMB(bs.maxRssMB) : '—')} |`);
  p();
  p('For strap, the feedback vertex set is the set of packages that `strap fix` (`planFixAll`) would give a `build-depends-bootstrapN` set, and the feedback arc set the build-depends entries those sets leave out.');
  p();

  // --- strap in detail
  for (const S of [A, B].filter(Boolean)) {
    p(`### strap: ${S.label}`);
    p();
    p(`| figure | value |`);
    p('|---|---|');
    p(`| packages (sources) | ${fmtInt(S.packages)}; prebuilt ${fmtInt(S.prebuilt)}; to build ${fmtInt(S.toBuild)} |`);
    p(`| bootstrap sets | ${fmtInt(S.packagesWithBootstrapSets)} packages (${Object.entries(S.stageSets).map(([k, v]) => `stage${k}: ${v}`).join(', ') || 'none'}) |`);
    p(`| build-depends entries / build-graph edges (with runtime closure) | ${fmtInt(S.directBuildDependsEdges)} / ${fmtInt(S.buildGraphEdges)} |`);
    p(`| non-trivial SCCs, whole graph | ${fmtInt(S.sccAll.nonTrivial)} (${fmtInt(S.sccAll.selfLoopsOnly)} self-loops); largest ${fmtInt(S.sccAll.largest)}; sizes ${S.sccAll.topSizes.join(', ')} |`);
    p(`| non-trivial SCCs, packages to build | ${fmtInt(S.sccToBuild.nonTrivial)} (${fmtInt(S.sccToBuild.selfLoopsOnly)} self-loops); largest ${fmtInt(S.sccToBuild.largest)} (${fmtInt(S.sccToBuild.largestEdges)} edges); sizes ${S.sccToBuild.topSizes.join(', ')} |`);
    for (const [stage, f] of Object.entries(S.stages)) {
      p(`| stage${stage} graph (${f.packagesWithSet} packages use their stage${stage} set), to build | ${fmtInt(f.nonTrivial)} SCCs; largest ${fmtInt(f.largest)} (${fmtInt(f.leftLargest)} packages leave the largest SCC; stage${stage} sets inside it: ${names(f.setsInsideLargest, 10)}) |`);
      p(`| stage${stage} graph, whole graph | ${fmtInt(f.all.nonTrivial)} SCCs; largest ${fmtInt(f.all.largest)} |`);
    }
    const pl = S.plan;
    p(`| plan | ${fmtInt(pl.waves)} waves: ${fmtInt(pl.fullBuilds)} full builds, ${fmtInt(pl.stageBuilds)} stage builds; ${fmtInt(pl.rebuilds)} rebuilds |`);
    p(`| can be bootstrapped | ${fmtInt(pl.coverage.count)} of ${fmtInt(pl.coverage.total)} = ${fmtPct(pl.coverage.percent)}${pl.coverageWithoutSets ? ` (without any bootstrap set: ${fmtPct(pl.coverageWithoutSets.percent)})` : ''} |`);
    p(`| stuck | ${fmtInt(pl.stuck)} (${Object.entries(pl.stuckByReason).map(([k, v]) => `${k}: ${fmtInt(v)}`).join(', ')}); of them prebuilt (never rebuilt fully): ${fmtInt(pl.stuckPrebuilt)} |`);
    p(`| stuck in a cycle: components | ${fmtInt(pl.cycleStuckComponents)} |`);
    p(`| unknown dependencies | ${pl.unknownDependencies.length ? pl.unknownDependencies.map((u) => `\`${u.package}\` (${u.unknown.join(', ')})`).join(', ') : 'none'} |`);
    p(`| unused stages | ${pl.unusedStages.length} of ${Object.values(S.stageSets).reduce((a, b) => a + b, 0)}: ${pl.unusedStages.length ? pl.unusedStages.map((u) => `\`${u.package}\`@${u.stage}`).join(', ') : 'none'} |`);
    p(`| stuck packages blocking the most others | ${pl.topBlockers.map((b) => `\`${b.name}\` (${fmtInt(b.blocks)})`).join(', ') || '—'} |`);
    if (S.cycles) {
      const c = S.cycles;
      p(`| \`strap check\`: unbroken cycle components | ${fmtInt(c.unbrokenComponents)}; largest ${fmtInt(c.unbrokenLargest)}; ${fmtInt(c.unbrokenMembers)} packages; sizes ${c.unbrokenTopSizes.join(', ')} |`);
      p(`| \`strap check\`: shortest cycles reported | ${fmtInt(c.shortestCyclesFound)} (${fmtInt(c.selfLoopCycles)} self-loops; median length ${c.cycleLengthMedian}, longest ${c.cycleLengthMax})${c.exact ? '' : '; search budget exhausted in a huge component'} |`);
      p(`| broken cycle components | ${fmtInt(c.brokenComponents)}${c.broken.length ? ': ' + c.broken.map((b) => `${b.size} members, broken by ${b.brokenBy.join(', ')}${b.brokenByCount > b.brokenBy.length ? ', …' : ''}`).join('; ') : ''} |`);
      p(`| \`strap fix\` (planFixAll) | ${S.fixAll ? (S.fixAll.error ? 'failed: ' + S.fixAll.error : `${fmtInt(S.fixAll.annotations)} annotations on ${fmtInt(S.fixAll.packages.length)} packages dropping ${fmtInt(S.fixAll.removedEntries)} entries; ${S.fixAll.resolved ? 'resolves every cycle' : 'does not resolve every cycle'}`) : '—'} |`);
      p(`| analysis time (in this script) | graph ${fmtS(S.graphSeconds)}, plan ${fmtS(S.planSeconds)}, cycles ${fmtS(S.cycleSeconds)}, fix-all ${fmtS(S.fixAll && S.fixAll.seconds)} |`);
    } else {
      p(`| analysis time (in this script) | graph ${fmtS(S.graphSeconds)}, plan ${fmtS(S.planSeconds)} |`);
    }
    p();
    if (S.hubsByProduct) {
      p(`Name and encourage — the largest SCC of the packages to build (${fmtInt(S.sccToBuild.largest)} sources):`);
      p();
      p(`- needed by the most members (in-degree inside the SCC, runtime closure included): ${S.hubsByIn.map((d) => `\`${d.name}\` (${fmtInt(d.in)})`).join(', ')}`);
      p(`- needing the most members (out-degree): ${S.hubsByOut.map((d) => `\`${d.name}\` (${fmtInt(d.out)})`).join(', ')}`);
      p(`- named most often in the members' own build-depends: ${S.mostNamed.map((d) => `\`${d.name}\` (${fmtInt(d.buildDependedOnBy)})`).join(', ')}`);
      p(`- hubs (in × out): ${S.hubsByProduct.map((d) => `\`${d.name}\``).join(', ')}`);
      if (S.cycles) {
        p(`- on the most of the shortest cycles \`strap check\` reports: ${S.cycles.mostCycles.map((d) => `\`${d.name}\` (${fmtInt(d.cycles)})`).join(', ')}`);
        p(`- the fixes that break the most of those cycles ("build P without Q in stage N", score = cycles through that edge): ${S.cycles.bestBreaks.map((d) => `\`${d.package}\` without \`${d.remove}\` (${fmtInt(d.score)})`).join(', ')}`);
      }
      p();
    }
  }

  // --- botch in detail
  p('### botch');
  p();
  if (!bs) {
    p(bo && bo.status ? `botch: ${bo.status}` : 'botch has not been run: `nohup scripts/botch-figures.sh all &` (about half an hour), then re-run this script.');
    p();
  } else {
    p(`| figure | value |`);
    p('|---|---|');
    p(`| run | \`botch-native ${bs.arch} Packages Sources\` (botch ${bs.version}); exit ${bs.exitCode}; ${fmtS(bs.wallSeconds)} wall, peak RSS ${fmtMB(bs.maxRssMB)} |`);
    p(`| available | ${fmtInt(bs.availableBinaries)} binaries: ${fmtInt(bs.availableArchAll)} Architecture: all, the binaries of the ${fmtInt(bs.minimalSources)} sources of the minimal set (${fmtInt(bs.minimalBinaries)} binaries: Essential, build-essential, apt, sysvinit-core, debhelper, co-installable) |`);
    if (bs.fixpoint) p(`| build fixpoint (sources compilable without breaking a cycle) | ${fmtInt(bs.fixpoint.compilable)} of ${fmtInt(bs.fixpoint.toCompile)}; ${fmtInt(bs.fixpoint.notCompilable)} left for the graph |`);
    p(`| build graph (binaries + sources) | ${fmtInt(bs.buildgraph.vertices)} vertices, ${fmtInt(bs.buildgraph.edges)} edges; ${fmtInt(bs.buildgraph.nonTrivial)} non-trivial SCCs, largest ${fmtInt(bs.buildgraph.largest)} vertices (${fmtInt(bs.buildgraph.largestSources)} sources) |`);
    p(`| source graph | ${fmtInt(bs.srcgraph.vertices)} vertices, ${fmtInt(bs.srcgraph.edges)} edges; ${fmtInt(bs.srcgraph.nonTrivial)} non-trivial SCCs (${fmtInt(bs.srcgraph.selfLoopsOnly)} self-loops), largest ${fmtInt(bs.srcgraph.largestSources)} sources; sizes ${bs.srcgraph.topSizes.join(', ')} |`);
    if (bs.stage1) p(`| source graph with stage1 applied (Sources rewritten with stage1 active) | ${fmtInt(bs.stage1.nonTrivial)} non-trivial SCCs, largest ${fmtInt(bs.stage1.largestSources)} sources |`);
    p(`| feedback arc set (remove.list: build dependencies to drop) | ${fmtInt(bs.feedbackArcSet.length)} |`);
    p(`| feedback vertex set (sources to profile-build) | ${fmtInt(bs.feedbackVertexSet.length)}: ${names(bs.feedbackVertexSet, 40)} |`);
    if (bs.hubs) {
      p(`| largest SCC, highest in-degree (source graph) | ${bs.hubs.byIn.map((d) => `\`${d.name}\` (${d.in})`).join(', ')} |`);
      p(`| largest SCC, highest out-degree (source graph) | ${bs.hubs.byOut.map((d) => `\`${d.name}\` (${d.out})`).join(', ')} |`);
    }
    if (bs.statsSummary) p(`| stats.json | ${bs.statsSummary} |`);
    p();
    if (bs.largestSourcesList) {
      p(`Overlap of the largest SCCs (botch's vs strap's botch-start run): ${F.overlap ? `${fmtInt(F.overlap.both)} sources in both, ${fmtInt(F.overlap.onlyBotch)} only in botch's, ${fmtInt(F.overlap.onlyStrap)} only in strap's` : '—'}.`);
      if (F.overlap && F.overlap.onlyBotchSample.length) p(`Only in botch's (sample): ${names(F.overlap.onlyBotchSample, 25)}.`);
      if (F.overlap && F.overlap.onlyStrapSample.length) p(`Only in strap's (sample): ${names(F.overlap.onlyStrapSample, 25)}.`);
      p();
    }
  }

  // --- Timings
  p('### Timings');
  p();
  const m = F.machine;
  p(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memGB.toFixed(0)} GB, Node ${m.node}; load average when the script started ${m.loadavg.map((x) => x.toFixed(1)).join(' / ')} (other work on the machine slows every wall time).`);
  p();
  p('| command | time and memory |');
  p('|---|---|');
  p(`| \`strap import debian --sources Sources --packages Packages -o …\` | ${renderTiming(F.timings.import, 30, 1024)} |`);
  p(`| \`strap check FILE --format json\` | ${renderTiming(F.timings.check, 30, 1024)}${F.timings.check ? `; exit ${F.timings.check.exitCode}; ${F.timings.checkDiagnostics ? Object.entries(F.timings.checkDiagnostics).map(([k, v]) => `${fmtInt(v)} × ${k}`).join(', ') : ''}` : ''} |`);
  if (F.lsp) {
    if (F.lsp.error) p(`| language server | ${F.lsp.error} |`);
    else {
      p(`| language server: open → first publishDiagnostics | ${fmtS(F.lsp.openToDiagnosticsSeconds)} (${fmtInt(F.lsp.firstDiagnostics)} diagnostics; initialize ${fmtS(F.lsp.initializeSeconds)}) |`);
      p(`| language server: one-character edit → re-published diagnostics | ${F.lsp.editToDiagnosticsSeconds.map((s) => fmtS(s)).join(', ')} (goal < 1 s: ${F.lsp.editToDiagnosticsSeconds.every((s) => s < 1) ? 'met' : 'not met'}) |`);
      p(`| language server: peak RSS | ${fmtMB(F.lsp.serverMaxRssMB)} |`);
    }
  }
  p();
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// botch

function botchFigures(dir) {
  const f = path.join(dir, 'figures.json');
  if (fs.existsSync(f)) {
    try {
      return { figures: JSON.parse(fs.readFileSync(f, 'utf8')) };
    } catch (e) {
      return { status: `${f} is not valid JSON (${e.message})` };
    }
  }
  const rc = path.join(dir, 'native.rc');
  if (fs.existsSync(rc)) return { status: `botch-native finished with exit ${fs.readFileSync(rc, 'utf8').trim()} but figures.json is missing: run \`scripts/botch-figures.sh figures\`.` };
  if (fs.existsSync(path.join(dir, 'native.log'))) return { status: 'botch-native is still running (or was interrupted); re-run this script when `scripts/botch-figures.sh` has finished.' };
  return null;
}

// ---------------------------------------------------------------------------
// Main

function main() {
  const o = parseArgs(process.argv.slice(2));
  const sources = path.join(o.data, 'Sources');
  const packagesIdx = path.join(o.data, 'Packages');
  const strap = path.join(ROOT, 'bin/strap.js');
  const F = { generated: new Date().toISOString().slice(0, 10), machine: machine(), input: {}, timings: {}, strap: {} };

  // 1. Import (timed) and check (timed).
  const importArgs = [strap, 'import', 'debian', '--sources', sources, '--packages', packagesIdx, '-o', o.file];
  if (o.timings || !fs.existsSync(o.file)) {
    if (!fs.existsSync(sources) || !fs.existsSync(packagesIdx)) die(`${sources} or ${packagesIdx} missing: run scripts/fetch-debian.sh`);
    log('timing strap import …');
    const t = timedNode(importArgs);
    if (t.exitCode !== 0) die(`import failed (exit ${t.exitCode}):\n${t.stderr}`);
    if (o.timings) F.timings.import = t;
    log(`import: ${t.wallSeconds.toFixed(1)} s, ${t.maxRssMB && t.maxRssMB.toFixed(0)} MB`);
  }
  if (o.timings) {
    log('timing strap check …');
    const jsonOut = path.join(os.tmpdir(), `strap-check-${process.pid}.json`);
    const t = timedNode([strap, 'check', o.file, '--format', 'json'], { stdoutFile: jsonOut });
    F.timings.check = t;
    try {
      const j = JSON.parse(fs.readFileSync(jsonOut, 'utf8'));
      const byCode = {};
      for (const file of j.files || []) for (const d of file.diagnostics || []) byCode[d.code] = (byCode[d.code] || 0) + 1;
      F.timings.checkDiagnostics = byCode;
    } catch (e) {
      F.timings.checkDiagnostics = null;
      log(`check output not parsed: ${e.message}`);
    }
    fs.rmSync(jsonOut, { force: true });
    log(`check: ${t.wallSeconds.toFixed(1)} s, ${t.maxRssMB && t.maxRssMB.toFixed(0)} MB, exit ${t.exitCode}`);
  }
  for (const t of [F.timings.import, F.timings.check]) if (t) delete t.stderr;

  // 2. strap's figures.
  const eng = requireBuilt('core/graph/index.js');
  log(`reading ${o.file} …`);
  let t0 = Date.now();
  const text = fs.readFileSync(o.file, 'utf8');
  F.input = { file: path.relative(ROOT, o.file), header: headerOf(text) };
  const specs = specsOfYaml(text);
  log(`parsed ${specs.length} packages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  F.strap.asImported = analyseScenario(eng, specs, 'as imported', o);

  const minimal = debPackageNames(path.join(o.botch, 'tmp/minimal-src'));
  if (minimal) {
    const have = new Set(specs.map((s) => s.name));
    const extra = minimal.filter((x) => have.has(x));
    const specsB = specs.map((s) => (extra.includes(s.name) && !s.prebuilt ? { ...s, prebuilt: true } : s));
    const added = specsB.filter((s, i) => s.prebuilt && !specs[i].prebuilt).map((s) => s.name);
    const B = analyseScenario(eng, specsB, "with botch's starting set", o);
    B.addedPrebuilt = added;
    B.botchMinimalSources = minimal.length;
    F.strap.botchStart = B;
  }

  // 3. botch.
  F.botch = botchFigures(o.botch);
  const bs = F.botch && F.botch.figures;
  if (bs && bs.largestSourcesList) {
    const S = F.strap.botchStart || F.strap.asImported;
    const mine = new Set(S.sccToBuild.largestMembers);
    const theirs = new Set(bs.largestSourcesList);
    const onlyB = [...theirs].filter((x) => !mine.has(x)).sort();
    const onlyS = [...mine].filter((x) => !theirs.has(x)).sort();
    F.overlap = { both: [...theirs].filter((x) => mine.has(x)).length, onlyBotch: onlyB.length, onlyStrap: onlyS.length, onlyBotchSample: onlyB.slice(0, 25), onlyStrapSample: onlyS.slice(0, 25) };
  }

  // 4. The language server at this scale.
  const lspScript = path.join(ROOT, 'scripts/debian-lsp-scale.js');
  if (o.lsp && fs.existsSync(lspScript)) {
    log('measuring the language server …');
    const r = spawnSync(process.execPath, [lspScript, '--file', o.file, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 15 * 60 * 1000 });
    try {
      F.lsp = JSON.parse(r.stdout);
    } catch {
      F.lsp = { error: `scripts/debian-lsp-scale.js failed (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}` };
    }
  }

  // 5. Output.
  // The full member lists are long: keep them in the JSON only.
  const md = render(F);
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(o.json, JSON.stringify(F, null, 1) + '\n');
  if (o.write) writeSection(o.doc, md);
  process.stdout.write(md + '\n');
}

function writeSection(doc, md) {
  let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : `# Debian\n\n${BEGIN}\n${END}\n`;
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  const section = `${BEGIN}\n<!-- This section is generated by scripts/debian-figures.js; edit the prose outside the markers. -->\n\n${md}\n${END}`;
  if (a >= 0 && b > a) text = text.slice(0, a) + section + text.slice(b + END.length);
  else text = text.replace(/\s*$/, '\n\n') + section + '\n';
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  fs.writeFileSync(doc, text);
  log(`wrote ${path.relative(ROOT, doc)}`);
}

if (require.main === module) main();

module.exports = { specsOfYaml, sccFigures, stageCsr, render, timedNode };
