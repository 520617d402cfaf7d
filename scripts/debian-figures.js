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
//   --no-cycles       skip the cycle analysis and strap fix (the slowest part)
//   --no-binary       skip the binary-level model (parses Sources and Packages)
//   --no-write        print only
//   --reuse-measurements  take the import/check timings and the language-server
//                     figures from the previous JSON (--json) instead of measuring
//   --lsp-edits N     one-character edits (each followed by its undo) in the
//                     language-server measurement (default 2: the header comment, a build-depends name)
//
// Models (see docs/debian.md, "How the figures are computed"):
// - The build graph is strap's (docs/format.md, "The build graph"): P → Q for Q in build-depends(P), and
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
    binary: true,
    write: true,
    reuse: false,
    lspEdits: 2,
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
      case '--no-binary': o.binary = false; break;
      case '--no-write': o.write = false; break;
      case '--reuse-measurements': o.reuse = true; break;
      case '--lsp-edits': o.lspEdits = Number(val()); break;
      case '-h': case '--help':
        {
          const ls = fs.readFileSync(__filename, 'utf8').split('\n').slice(2);
          process.stdout.write(ls.slice(0, ls.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        }
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
    const spec = {
      name,
      buildDepends: Array.isArray(p['build-depends']) ? p['build-depends'] : [],
      depends: Array.isArray(p.depends) ? p.depends : [],
      bootstrap,
      prebuilt: p.prebuilt === true,
    };
    const bins = p.binaries && typeof p.binaries === 'object' ? p.binaries : null;
    if (bins) {
      spec.binaries = Object.keys(bins).map((b) => {
        const x = bins[b] || {};
        return {
          name: b,
          depends: Array.isArray(x.depends) ? x.depends : [],
          provides: Array.isArray(x.provides) ? x.provides : [],
          prebuilt: x.prebuilt === true,
        };
      });
    }
    specs.push(spec);
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
// SCCs of any CSR graph. Kept here (not taken from the engine) so that the
// figures do not depend on how the engine represents its graph internally.

const membersOf = (scc, c) => scc.members.subarray(scc.offsets[c], scc.offsets[c + 1]);

/** build-depends of node v as node indices. */
function directDeps(graph, v) {
  return graph.directDepsOf(v);
}

// ---------------------------------------------------------------------------
// Graph figures

/** Figures of the SCCs of a CSR graph restricted to `mask`. */
function sccFigures(eng, graph, offsets, targets, mask) {
  const scc = requireBuilt('core/graph/scc.js').tarjanScc(graph.size, offsets, targets, mask);
  const sizes = [];
  let largest = -1;
  let largestSize = 0;
  let selfLoops = 0;
  let inCycles = 0;
  for (let c = 0; c < scc.count; c++) {
    if (!scc.nonTrivial[c]) continue;
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
  const members = largest < 0 ? [] : Array.from(membersOf(scc, largest), (i) => graph.names[i]);
  let edgesInside = 0;
  if (largest >= 0) {
    for (const i of membersOf(scc, largest)) {
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
  const go = graph.offsets;
  const gt = graph.targets;
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    const r = rows.get(v);
    offsets[v + 1] = offsets[v] + (r ? r.length : go[v + 1] - go[v]);
  }
  const targets = new Int32Array(offsets[n]);
  for (let v = 0; v < n; v++) {
    const r = rows.get(v);
    targets.set(r || gt.subarray(go[v], go[v + 1]), offsets[v]);
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
    for (const w of directDeps(graph, v)) {
      if (w !== v && scc.compOf[w] === comp) named.set(w, (named.get(w) || 0) + 1);
    }
  }
  return [...named.entries()].map(([v, k]) => ({ name: graph.names[v], buildDependedOnBy: k }));
}

function top(list, key, k, tie = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
  return list.slice().sort((a, b) => key(b) - key(a) || tie(a, b)).slice(0, k);
}

/** Shortest path from `from` to `to` over the `depends` lists (runtime dependencies), names; null if none. */
function dependsPath(graph, from, to) {
  const a = graph.index(from);
  const b = graph.index(to);
  if (a < 0 || b < 0) return null;
  const prev = new Int32Array(graph.size).fill(-2);
  prev[a] = -1;
  const queue = [a];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    if (u === b) break;
    for (let e = graph.dependsOffsets[u]; e < graph.dependsOffsets[u + 1]; e++) {
      const w = graph.dependsTargets[e];
      if (prev[w] === -2) {
        prev[w] = u;
        queue.push(w);
      }
    }
  }
  if (prev[b] === -2) return null;
  const path = [];
  for (let v = b; v !== -1; v = prev[v]) path.push(graph.names[v]);
  return path.reverse();
}

// ---------------------------------------------------------------------------
// The binary-level model: the same resolution rules as the importer (first
// existing alternative, Provides, [arch] and <profile> evaluated first,
// versions and Conflicts ignored), but the runtime closure is taken over
// binary packages — each chosen binary's own Depends/Pre-Depends, not the
// union over every binary of its source — and availability is per binary:
// every Architecture: all binary and every binary of the core sources is
// available. A source's build needs the sources of the unavailable binaries
// in the closure of its chosen build dependencies. This is botch's model
// without the dependency solver (botch picks one installation set per
// source with dose3, choosing alternatives by installability and honouring
// versions and Conflicts).

function loadArchive(o) {
  const arc = requireBuilt('import/debian/archive.js');
  const res = requireBuilt('import/debian/resolve.js');
  const rel = requireBuilt('import/debian/relations.js');
  const t0 = Date.now();
  const parsedS = arc.parseSources(fs.readFileSync(path.join(o.data, 'Sources'), 'utf8'));
  const parsedP = arc.parsePackages(fs.readFileSync(path.join(o.data, 'Packages'), 'utf8'));
  const arch = 'amd64';
  const sources = parsedS.sources.filter((s) => rel.archFieldMatches(s.architecture, arch) && res.isValidPackageName(s.name));
  const index = new res.BinaryIndex(parsedP.binaries);
  const ctx = { arch, profiles: new Set() };
  const essential = res.essentialClosure(index, ctx);
  // Binaries as integers; each one's resolved runtime dependencies.
  const bins = [...index.binaries.values()];
  const id = new Map(bins.map((b, i) => [b.name, i]));
  const depOff = new Int32Array(bins.length + 1);
  const depList = [];
  for (let i = 0; i < bins.length; i++) {
    for (const { groups } of arc.binaryDepends(bins[i])) {
      for (const g of groups) {
        const r = res.resolveGroup(g, ctx, index);
        if (r.kind !== 'resolved') continue;
        const b = index.binaryOf(r.relation.name);
        if (b) depList.push(id.get(b.name));
      }
    }
    depOff[i + 1] = depList.length;
  }
  log(`archive parsed for the binary-level model in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${sources.length} sources, ${bins.length} binaries`);
  return { arc, res, rel, arch, sources, index, bins, id, depOff, depTgt: Int32Array.from(depList), essential };
}

/** The binary-level graph of the sources for one set of core (available) sources and active profiles. */
function binaryLevelGraph(A, coreSources, stage) {
  const { arc, res, rel, arch, sources, index, bins, id, depOff, depTgt } = A;
  const core = new Set(coreSources);
  const available = new Uint8Array(bins.length);
  for (let i = 0; i < bins.length; i++) if (bins[i].architecture === 'all' || core.has(bins[i].source)) available[i] = 1;
  const names = sources.map((s) => s.name).sort();
  const sIdx = new Map(names.map((nm, i) => [nm, i]));
  // Sources to build: those with a binary that is not available.
  const toBuild = new Uint8Array(names.length);
  for (let i = 0; i < bins.length; i++) {
    if (available[i]) continue;
    const j = sIdx.get(bins[i].source);
    if (j !== undefined) toBuild[j] = 1;
  }
  const mark = new Int32Array(bins.length);
  let stamp = 0;
  const rows = new Array(names.length);
  let withStage = 0;
  const stack = [];
  const bySource = new Map(sources.map((s) => [s.name, s]));
  for (let j = 0; j < names.length; j++) {
    const s = bySource.get(names[j]);
    const deps = arc.sourceBuildDepends(s);
    let ctx = { arch, profiles: new Set() };
    if (stage && rel.stageNumbers(deps.flatMap((d) => d.groups)).includes(stage)) {
      ctx = { arch, profiles: new Set([`stage${stage}`]) };
      withStage++;
    }
    stamp++;
    stack.length = 0;
    for (const { groups } of deps) {
      for (const g of groups) {
        const r = res.resolveGroup(g, ctx, index);
        if (r.kind !== 'resolved') continue;
        const b = index.binaryOf(r.relation.name);
        const k = b && id.get(b.name);
        if (k !== undefined && mark[k] !== stamp) {
          mark[k] = stamp;
          stack.push(k);
        }
      }
    }
    const targets = new Set();
    while (stack.length) {
      const k = stack.pop();
      if (!available[k]) {
        const t = sIdx.get(bins[k].source);
        if (t !== undefined) targets.add(t);
      }
      for (let e = depOff[k]; e < depOff[k + 1]; e++) {
        const w = depTgt[e];
        if (mark[w] !== stamp) {
          mark[w] = stamp;
          stack.push(w);
        }
      }
    }
    rows[j] = Int32Array.from(targets).sort();
  }
  const offsets = new Int32Array(names.length + 1);
  for (let j = 0; j < names.length; j++) offsets[j + 1] = offsets[j] + rows[j].length;
  const targets = new Int32Array(offsets[names.length]);
  for (let j = 0; j < names.length; j++) targets.set(rows[j], offsets[j]);
  return { names, size: names.length, offsets, targets, toBuild, withStage };
}

/** Sources a fixpoint builds: all needed sources already built (no cycle broken). */
function fixpoint(G) {
  const n = G.size;
  const built = new Uint8Array(n);
  const missing = new Int32Array(n);
  const rOff = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) for (let e = G.offsets[v]; e < G.offsets[v + 1]; e++) rOff[G.targets[e] + 1]++;
  for (let v = 0; v < n; v++) rOff[v + 1] += rOff[v];
  const fill = rOff.slice(0, n);
  const rSrc = new Int32Array(G.targets.length);
  for (let v = 0; v < n; v++) for (let e = G.offsets[v]; e < G.offsets[v + 1]; e++) rSrc[fill[G.targets[e]]++] = v;
  const queue = [];
  for (let v = 0; v < n; v++) {
    if (!G.toBuild[v]) continue;
    let m = 0;
    for (let e = G.offsets[v]; e < G.offsets[v + 1]; e++) if (G.toBuild[G.targets[e]]) m++;
    missing[v] = m;
    if (m === 0) queue.push(v);
  }
  let k = 0;
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    built[v] = 1;
    k++;
    for (let e = rOff[v]; e < rOff[v + 1]; e++) {
      const u = rSrc[e];
      if (G.toBuild[u] && !built[u] && --missing[u] === 0) queue.push(u);
    }
  }
  let toBuild = 0;
  for (let v = 0; v < n; v++) if (G.toBuild[v]) toBuild++;
  return { toBuild, built: k, notBuilt: toBuild - k, percent: (100 * (n - (toBuild - k))) / n };
}

/** The installation closure of one binary (first alternatives): binaries, sources, and those to build. */
function binaryClosureOf(A, coreSources, binary) {
  const k0 = A.id.get(binary);
  if (k0 === undefined) return null;
  const core = new Set(coreSources);
  const seen = new Uint8Array(A.bins.length);
  const stack = [k0];
  seen[k0] = 1;
  const srcs = new Set();
  const toBuild = new Set();
  let count = 0;
  while (stack.length) {
    const k = stack.pop();
    count++;
    const b = A.bins[k];
    srcs.add(b.source);
    if (b.architecture !== 'all' && !core.has(b.source)) toBuild.add(b.source);
    for (let e = A.depOff[k]; e < A.depOff[k + 1]; e++) {
      const w = A.depTgt[e];
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return { binaries: count, sources: srcs.size, sourcesToBuild: [...toBuild].sort() };
}

function binaryScenario(eng, A, coreSources, label) {
  const t0 = Date.now();
  const G = binaryLevelGraph(A, coreSources, 0);
  let toBuild = 0;
  for (let v = 0; v < G.size; v++) if (G.toBuild[v]) toBuild++;
  const r = { label, sources: G.size, coreSources: coreSources.length, toBuild, edges: G.targets.length };
  r.scc = sccFigures(eng, G, G.offsets, G.targets, G.toBuild);
  const L = r.scc;
  if (L._largest >= 0) {
    const deg = degreesInside(G, G.offsets, G.targets, L._scc, L._largest);
    r.hubsByIn = top(deg, (d) => d.in, 15);
    r.hubsByOut = top(deg, (d) => d.out, 15);
  }
  r.fixpoint = fixpoint(G);
  r.debhelperClosure = binaryClosureOf(A, coreSources, 'debhelper');
  const G1 = binaryLevelGraph(A, coreSources, 1);
  r.stage1 = sccFigures(eng, G1, G1.offsets, G1.targets, G1.toBuild);
  r.stage1.sourcesWithStage1 = G1.withStage;
  r.stage1.fixpoint = fixpoint(G1);
  for (const f of [r.scc, r.stage1]) {
    delete f._scc;
    delete f._largest;
  }
  r.seconds = (Date.now() - t0) / 1000;
  log(`${label}: binary-level graph in ${r.seconds.toFixed(1)} s: largest SCC ${r.scc.largest}`);
  return r;
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
  for (let i = 0; i < n; i++) directEdges += directDeps(graph, i).length;

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

  // The graph of the build-depends entries alone (no runtime closure): the
  // cycles that do not come from installing anything beyond what is named.
  const dOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) dOff[i + 1] = dOff[i] + directDeps(graph, i).length;
  const dTgt = new Int32Array(dOff[n]);
  for (let i = 0; i < n; i++) dTgt.set(directDeps(graph, i), dOff[i]);
  res.sccDirect = sccFigures(eng, graph, dOff, dTgt, toBuild);

  // Name and encourage: the members of the largest to-build SCC.
  const L = res.sccToBuild;
  if (L._largest >= 0) {
    const deg = degreesInside(graph, graph.offsets, graph.targets, L._scc, L._largest);
    res.hubsByIn = top(deg, (d) => d.in, 15);
    res.hubsByOut = top(deg, (d) => d.out, 15);
    res.mostNamed = top(directInside(graph, L._scc, L._largest), (d) => d.buildDependedOnBy, 15);
  }
  const D = res.sccDirect;
  if (D._largest >= 0) {
    const deg = degreesInside(graph, dOff, dTgt, D._scc, D._largest);
    res.directHubsByIn = top(deg, (d) => d.in, 15);
    res.directHubsByOut = top(deg, (d) => d.out, 15);
    res.directHubsByProduct = top(deg, (d) => d.in * d.out, 15);
  }

  // Why the runtime closure matters: what installing debhelper (which nearly
  // every source build-depends on) needs, at source level.
  const dh = graph.index('debhelper');
  if (dh >= 0) {
    const cl = graph.closureOf(dh);
    let clToBuild = 0;
    for (const r of cl) if (toBuild[r]) clToBuild++;
    let bdOnDh = 0;
    for (let i = 0; i < n; i++) if (graph.declared[i] && directDeps(graph, i).includes(dh)) bdOnDh++;
    res.debhelperClosure = { size: cl.length, toBuild: clToBuild, buildDependedOnBy: bdOnDh };
    if (L.largestMembers.length) res.debhelperClosure.path = dependsPath(graph, 'debhelper', L.largestMembers[0]);
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
  let stageBuilds = 0;
  let fullBuilds = 0;
  for (const w of plan.waves) for (const b of w.builds) (b.kind === 'stage' ? stageBuilds++ : fullBuilds++);
  res.stagesUsed = [];
  for (const w of plan.waves) for (const b of w.builds) if (b.kind === 'stage') res.stagesUsed.push(`${b.package}@${b.stage}`);
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
    builtOrPrebuilt: (() => {
      let k = 0;
      for (let i = 0; i < n; i++) if (graph.declared[i] && (graph.prebuilt[i] || plan.fullBuildWaveOf(i) >= 0)) k++;
      return k;
    })(),
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

  for (const f of [res.sccAll, res.sccToBuild, res.sccDirect, ...Object.values(res.stages).flatMap((s) => [s, s.all])]) {
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
  const BA = F.binary && F.binary.strapCore;
  const BB = F.binary && F.binary.botchCore;
  const bo = F.botch || null;
  const bs = bo && bo.figures;
  const out = [];
  const p = (s = '') => out.push(s);
  const row = (...cells) => p(`| ${cells.join(' | ')} |`);
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
  p('Columns: **strap** — the imported file as it is (`strap check` / `strap plan`); **strap, botch start** — the same file with the sources of botch\'s minimal set also `prebuilt`; **binary-level** — strap\'s resolution rules with runtime closures and availability per binary instead of per source (see "How the figures are computed"), from botch\'s starting set; **botch** — `botch-native` (`scripts/botch-figures.sh`). "to build" = the sources that are not available at the start.');
  p();
  const bcol = (f) => (bs ? f(bs) : bo && bo.status ? 'not finished' : 'not run');
  const na = '—';
  const sc = (S, f) => (S ? f(S) : na);
  row('figure', 'strap', 'strap, botch start', 'binary-level', 'botch');
  row('---', '---', '---', '---', '---');
  row('source packages', fmtInt(A.packages), sc(B, (S) => fmtInt(S.packages)), sc(BB, (S) => fmtInt(S.sources)), bcol((b) => fmtInt(b.sourcesInArchive)));
  row('available at the start', `${fmtInt(A.prebuilt)} sources (prebuilt)`, sc(B, (S) => `${fmtInt(S.prebuilt)} sources`), sc(BB, (S) => `Architecture: all binaries + ${fmtInt(S.coreSources)} core sources`), bcol((b) => `${fmtInt(b.availableBinaries)} binaries (Architecture: all + the ${fmtInt(b.minimalSources)} minimal-set sources)`));
  row('sources to build', fmtInt(A.toBuild), sc(B, (S) => fmtInt(S.toBuild)), sc(BB, (S) => fmtInt(S.toBuild)), bcol((b) => (b.fixpoint ? fmtInt(b.fixpoint.toCompile) : na)));
  row('non-trivial SCCs (self-loops)', `${fmtInt(A.sccToBuild.nonTrivial)} (${fmtInt(A.sccToBuild.selfLoopsOnly)})`, sc(B, (S) => `${fmtInt(S.sccToBuild.nonTrivial)} (${fmtInt(S.sccToBuild.selfLoopsOnly)})`), sc(BB, (S) => `${fmtInt(S.scc.nonTrivial)} (${fmtInt(S.scc.selfLoopsOnly)})`), bcol((b) => `${fmtInt(b.srcgraph.nonTrivial)} (${fmtInt(b.srcgraph.selfLoopsOnly)})`));
  row('largest SCC (sources)', `**${fmtInt(A.sccToBuild.largest)}**`, sc(B, (S) => `**${fmtInt(S.sccToBuild.largest)}**`), sc(BB, (S) => `**${fmtInt(S.scc.largest)}**`), bcol((b) => `**${fmtInt(b.srcgraph.largestSources)}**`));
  row('sources in some cycle', fmtInt(A.sccToBuild.packagesInCycles), sc(B, (S) => fmtInt(S.sccToBuild.packagesInCycles)), sc(BB, (S) => fmtInt(S.scc.packagesInCycles)), bcol((b) => fmtInt(b.srcgraph.sourcesInCycles)));
  row('largest SCC, stage1 applied', sc(A.stages[1], (f) => fmtInt(f.largest)), sc(B && B.stages[1], (f) => fmtInt(f.largest)), sc(BB, (S) => fmtInt(S.stage1.largest)), bcol((b) => (b.stage1 ? fmtInt(b.stage1.largestSources) : 'not computed')));
  row('largest SCC, build-depends only (no runtime closure)', fmtInt(A.sccDirect.largest), sc(B, (S) => fmtInt(S.sccDirect.largest)), na, na);
  const fvs = (S) => (S && S.fixAll ? (S.fixAll.error ? 'failed' : `${fmtInt(S.fixAll.packages.length)}${S.fixAll.resolved ? '' : ' (not all resolved)'}`) : na);
  const fas = (S) => (S && S.fixAll && !S.fixAll.error ? fmtInt(S.fixAll.removedEntries) : na);
  row('feedback vertex set (sources to build at a reduced stage)', fvs(A), fvs(B), na, bcol((b) => fmtInt(b.feedbackVertexSet.length)));
  row('feedback arc set (build dependencies to drop)', fas(A), fas(B), na, bcol((b) => fmtInt(b.feedbackArcSetEdges)));
  row('built without breaking a cycle', `${fmtInt(A.plan.coverage.count)} full builds`, sc(B, (S) => `${fmtInt(S.plan.coverage.count)} full builds`), sc(BB, (S) => `${fmtInt(S.fixpoint.built)} (fixpoint)`), bcol((b) => (b.fixpoint ? `${fmtInt(b.fixpoint.compilable)} (build-fixpoint)` : na)));
  row('stuck / not compilable', fmtInt(A.plan.stuck), sc(B, (S) => fmtInt(S.plan.stuck)), sc(BB, (S) => fmtInt(S.fixpoint.notBuilt)), bcol((b) => (b.fixpoint ? fmtInt(b.fixpoint.notCompilable) : na)));
  row('can be bootstrapped (plan coverage)', `**${fmtPct(A.plan.coverage.percent)}**`, sc(B, (S) => `**${fmtPct(S.plan.coverage.percent)}**`), na, na);
  row('available or built without breaking a cycle', fmtPct((100 * A.plan.builtOrPrebuilt) / A.plan.coverage.total), sc(B, (S) => fmtPct((100 * S.plan.builtOrPrebuilt) / S.plan.coverage.total)), sc(BB, (S) => fmtPct(S.fixpoint.percent)), bcol((b) => (b.fixpoint ? fmtPct(b.fixpoint.percent) : na)));
  row('run time (wall)', `import ${fmtS(F.timings.import && F.timings.import.wallSeconds)}, check ${fmtS(F.timings.check && F.timings.check.wallSeconds)}`, na, sc(BB, (S) => `${fmtS(S.seconds)} (graphs, in this script)`), bcol((b) => (b.wallSeconds != null ? `${fmtS(b.wallSeconds)} wall${b.cpuSeconds != null ? `, CPU ${fmtS(b.cpuSeconds)}` : ''} (botch-native)` : na)));
  row('peak memory', `import ${fmtMB(F.timings.import && F.timings.import.maxRssMB)}, check ${fmtMB(F.timings.check && F.timings.check.maxRssMB)}`, na, na, bcol((b) => (b.maxRssMB != null ? fmtMB(b.maxRssMB) : na)));
  p();
  p('strap\'s feedback vertex set is the set of packages that `strap fix` (`planFixAll`) gives a `build-depends-bootstrapN` set; its feedback arc set is the number of build-depends entries those sets leave out. botch\'s are `feedback_vertex_set.list` and `remove.list` of `botch-native`. "can be bootstrapped" is `strap plan`\'s coverage: packages that get a full build (prebuilt packages count only once rebuilt fully).');
  p();

  // --- what-if seeds
  const C = F.strap.seedClosed;
  const D = F.strap.allInstallable;
  if (C && D) {
    p('### What the starting set does to strap\'s plan');
    p();
    p(`Two more runs of the same engine on the same file: **seed closed** — the sources of ${C.seedRoots} and their whole source-level runtime closure (${fmtInt(C.seedClosure)} sources) also prebuilt; **all installable** — every prebuilt package's source-level runtime closure also prebuilt (${fmtInt(D.seedClosure)} sources), so that every prebuilt package can be installed at the start.`);
    p();
    const cols = [A, B, C, D].filter(Boolean);
    row('figure', ...cols.map((S) => S.label));
    row('---', ...cols.map(() => '---'));
    row('prebuilt / to build', ...cols.map((S) => `${fmtInt(S.prebuilt)} / ${fmtInt(S.toBuild)}`));
    row('largest SCC to build (stage1 applied)', ...cols.map((S) => `${fmtInt(S.sccToBuild.largest)} (${S.stages[1] ? fmtInt(S.stages[1].largest) : na})`));
    row('plan: waves, stage builds', ...cols.map((S) => `${fmtInt(S.plan.waves)}, ${fmtInt(S.plan.stageBuilds)}`));
    row('can be bootstrapped (coverage)', ...cols.map((S) => `**${fmtPct(S.plan.coverage.percent)}**${S.plan.coverageWithoutSets ? ` (${fmtPct(S.plan.coverageWithoutSets.percent)} without bootstrap sets)` : ''}`));
    row('stuck (in a cycle / behind one)', ...cols.map((S) => `${fmtInt(S.plan.stuck)} (${fmtInt(S.plan.stuckByReason.cycle || 0)} / ${fmtInt(S.plan.stuckByReason['depends-on-stuck'] || 0)})`));
    row('unused stages', ...cols.map((S) => `${S.plan.unusedStages.length} of ${Object.values(S.stageSets).reduce((a, b) => a + b, 0)}`));
    p();
    for (const S of [C, D]) {
      if (S.stagesUsed.length) p(`Stage builds in the "${S.label}" plan: ${S.stagesUsed.map((x) => `\`${x}\``).join(', ')}.`);
    }
    p();
  }

  // --- strap in detail
  for (const S of [A, B].filter(Boolean)) {
    p(`### strap: ${S.label}`);
    p();
    row('figure', 'value');
    row('---', '---');
    row('packages (sources)', `${fmtInt(S.packages)}; prebuilt ${fmtInt(S.prebuilt)}; to build ${fmtInt(S.toBuild)}${S.addedPrebuilt ? ` (${fmtInt(S.addedPrebuilt.length)} more prebuilt than as imported: ${names(S.addedPrebuilt, 40)})` : ''}`);
    row('bootstrap sets', `${fmtInt(S.packagesWithBootstrapSets)} packages (${Object.entries(S.stageSets).map(([k, v]) => `stage${k}: ${v}`).join(', ') || 'none'})`);
    row('build-depends entries / build-graph edges (with runtime closure)', `${fmtInt(S.directBuildDependsEdges)} / ${fmtInt(S.buildGraphEdges)}`);
    if (S.debhelperClosure) {
      const d = S.debhelperClosure;
      const pathText = d.steps
        ? `\`${d.path[0]}\`` + d.steps.map((st) => ` →${st.binary ? ` (${st.binary} needs ${st.depends})` : ''} \`${st.to}\``).join('')
        : d.path
          ? d.path.map((x) => `\`${x}\``).join(' → ')
          : '';
      row('runtime closure of `debhelper` (source level)', `${fmtInt(d.size)} sources, ${fmtInt(d.toBuild)} of them to build; ${fmtInt(d.buildDependedOnBy)} sources build-depend on debhelper${pathText ? `; e.g. ${pathText}` : ''}`);
    }
    row('non-trivial SCCs, whole graph', `${fmtInt(S.sccAll.nonTrivial)} (${fmtInt(S.sccAll.selfLoopsOnly)} self-loops); largest ${fmtInt(S.sccAll.largest)}; sizes ${S.sccAll.topSizes.join(', ')}`);
    row('non-trivial SCCs, packages to build', `${fmtInt(S.sccToBuild.nonTrivial)} (${fmtInt(S.sccToBuild.selfLoopsOnly)} self-loops); largest ${fmtInt(S.sccToBuild.largest)} (${fmtInt(S.sccToBuild.largestEdges)} edges); sizes ${S.sccToBuild.topSizes.join(', ')}`);
    row('build-depends only (no runtime closure), to build', `${fmtInt(S.sccDirect.nonTrivial)} SCCs (${fmtInt(S.sccDirect.selfLoopsOnly)} self-loops); largest ${fmtInt(S.sccDirect.largest)}; sizes ${S.sccDirect.topSizes.join(', ')}`);
    for (const [stage, f] of Object.entries(S.stages)) {
      row(`stage${stage} graph (${f.packagesWithSet} packages use their stage${stage} set), to build`, `${fmtInt(f.nonTrivial)} SCCs; largest ${fmtInt(f.largest)} (${fmtInt(f.leftLargest)} packages leave the largest SCC; stage${stage} sets inside it: ${names(f.setsInsideLargest, 10)})`);
      row(`stage${stage} graph, whole graph`, `${fmtInt(f.all.nonTrivial)} SCCs; largest ${fmtInt(f.all.largest)}`);
    }
    const pl = S.plan;
    row('plan', `${fmtInt(pl.waves)} waves: ${fmtInt(pl.fullBuilds)} full builds, ${fmtInt(pl.stageBuilds)} stage builds; ${fmtInt(pl.rebuilds)} rebuilds`);
    row('can be bootstrapped', `${fmtInt(pl.coverage.count)} of ${fmtInt(pl.coverage.total)} = ${fmtPct(pl.coverage.percent)}${pl.coverageWithoutSets ? ` (without any bootstrap set: ${fmtPct(pl.coverageWithoutSets.percent)})` : ''}`);
    row('available at the end of the bootstrap phase (prebuilt or built fully)', `${fmtInt(pl.builtOrPrebuilt)} = ${fmtPct((100 * pl.builtOrPrebuilt) / pl.coverage.total)}`);
    row('stuck', `${fmtInt(pl.stuck)} (${Object.entries(pl.stuckByReason).map(([k, v]) => `${k}: ${fmtInt(v)}`).join(', ')}); of them prebuilt (never rebuilt fully): ${fmtInt(pl.stuckPrebuilt)}`);
    row('unknown dependencies', pl.unknownDependencies.length ? pl.unknownDependencies.map((u) => `\`${u.package}\` (${u.unknown.join(', ')})`).join(', ') : 'none');
    row('unused stages', `${pl.unusedStages.length} of ${Object.values(S.stageSets).reduce((a, b) => a + b, 0)}: ${pl.unusedStages.length ? pl.unusedStages.map((u) => `\`${u.package}\`@${u.stage}`).join(', ') : 'none'}`);
    if (S.cycles) {
      const c = S.cycles;
      row('`strap check`: unbroken cycle components', `${fmtInt(c.unbrokenComponents)}; largest ${fmtInt(c.unbrokenLargest)}; ${fmtInt(c.unbrokenMembers)} packages; sizes ${c.unbrokenTopSizes.join(', ')}`);
      row('`strap check`: shortest cycles reported', `${fmtInt(c.shortestCyclesFound)} (${fmtInt(c.selfLoopCycles)} self-loops; median length ${c.cycleLengthMedian}, longest ${c.cycleLengthMax})${c.exact ? '' : '; the search budget ran out in the largest component (some members share a cycle)'}`);
      row('broken cycle components (all members built fully)', `${fmtInt(c.brokenComponents)}${c.broken.length ? '; the largest: ' + c.broken.slice(0, 3).map((b) => `${b.size} members, broken by ${b.brokenBy.slice(0, 3).join(', ')}${b.brokenByCount > 3 ? ', …' : ''}`).join('; ') : ''}`);
      row('`strap fix` (planFixAll)', S.fixAll ? (S.fixAll.error ? 'failed: ' + S.fixAll.error : `${fmtInt(S.fixAll.annotations)} annotations on ${fmtInt(S.fixAll.packages.length)} packages, dropping ${fmtInt(S.fixAll.removedEntries)} entries; ${S.fixAll.resolved ? 'resolves every cycle' : 'does not resolve every cycle'}`) : na);
    }
    row('analysis time in this script', `graph ${fmtS(S.graphSeconds)}, plan ${fmtS(S.planSeconds)}${S.cycles ? `, cycles ${fmtS(S.cycleSeconds)}` : ''}${S.fixAll ? `, fix-all ${fmtS(S.fixAll.seconds)}` : ''}`);
    p();
    p(`**Name and encourage** — the largest SCC of the packages to build (${fmtInt(S.sccToBuild.largest)} sources):`);
    p();
    if (S.mostNamed) p(`- named most often in the members' own build-depends: ${S.mostNamed.map((d) => `\`${d.name}\` (${fmtInt(d.buildDependedOnBy)})`).join(', ')}`);
    if (S.hubsByOut) p(`- needing the most other members (runtime closure included): ${S.hubsByOut.slice(0, 10).map((d) => `\`${d.name}\` (${fmtInt(d.out)})`).join(', ')}`);
    if (S.directHubsByProduct) {
      p(`- in the build-depends-only graph (largest SCC ${fmtInt(S.sccDirect.largest)}): most build-depended on ${S.directHubsByIn.slice(0, 10).map((d) => `\`${d.name}\` (${d.in})`).join(', ')}; most build-depends inside ${S.directHubsByOut.slice(0, 10).map((d) => `\`${d.name}\` (${d.out})`).join(', ')}; hubs (in × out) ${S.directHubsByProduct.slice(0, 10).map((d) => `\`${d.name}\``).join(', ')}`);
    }
    if (S.cycles) {
      p(`- on the most of the shortest cycles \`strap check\` reports: ${S.cycles.mostCycles.map((d) => `\`${d.name}\` (${fmtInt(d.cycles)})`).join(', ')}`);
      p(`- the fixes that break the most of those cycles ("build P without Q", score = reported cycles through that edge): ${S.cycles.bestBreaks.map((d) => `\`${d.package}\` without \`${d.remove}\` (${fmtInt(d.score)})`).join(', ')}`);
    }
    p();
  }

  // --- binary-level model
  if (F.binary) {
    p('### The binary-level model');
    p();
    row('figure', "strap's core (Essential + build-essential closure)", "botch's minimal set");
    row('---', '---', '---');
    const both = (f) => row(f[0], f[1](BA), f[1](BB));
    both(['core sources (all their binaries available)', (S) => fmtInt(S.coreSources)]);
    both(['sources to build', (S) => fmtInt(S.toBuild)]);
    both(['edges (source → source)', (S) => fmtInt(S.edges)]);
    both(['non-trivial SCCs (self-loops)', (S) => `${fmtInt(S.scc.nonTrivial)} (${fmtInt(S.scc.selfLoopsOnly)})`]);
    both(['largest SCC', (S) => `${fmtInt(S.scc.largest)} (sizes ${S.scc.topSizes.join(', ')})`]);
    both(['sources in some cycle', (S) => fmtInt(S.scc.packagesInCycles)]);
    both(['stage1 applied: largest SCC', (S) => `${fmtInt(S.stage1.largest)} (${fmtInt(S.stage1.nonTrivial)} SCCs; ${S.stage1.sourcesWithStage1} sources with stage1 annotations)`]);
    both(['fixpoint: built without breaking a cycle', (S) => `${fmtInt(S.fixpoint.built)} of ${fmtInt(S.fixpoint.toBuild)}; ${fmtInt(S.fixpoint.notBuilt)} left`]);
    both(['installation closure of the `debhelper` binary', (S) => (S.debhelperClosure ? `${fmtInt(S.debhelperClosure.binaries)} binaries from ${fmtInt(S.debhelperClosure.sources)} sources; to build: ${S.debhelperClosure.sourcesToBuild.length ? names(S.debhelperClosure.sourcesToBuild, 20) : 'none'}` : na)]);
    both(['largest SCC, most needed (in-degree)', (S) => (S.hubsByIn ? S.hubsByIn.slice(0, 10).map((d) => `\`${d.name}\` (${d.in})`).join(', ') : na)]);
    both(['largest SCC, needing most (out-degree)', (S) => (S.hubsByOut ? S.hubsByOut.slice(0, 10).map((d) => `\`${d.name}\` (${d.out})`).join(', ') : na)]);
    p();
  }

  // --- botch in detail
  p('### botch');
  p();
  if (!bs) {
    p(bo && bo.status ? `botch: ${bo.status}` : 'botch has not been run: `nohup scripts/botch-figures.sh all &` (about 45 minutes), then re-run this script.');
    p();
  } else {
    row('figure', 'value');
    row('---', '---');
    row('run', `\`botch-native -T ${bs.arch} Packages Sources\` (botch ${bs.version}); exit ${bs.exitCode}; ${fmtS(bs.wallSeconds)} wall${bs.cpuSeconds != null ? `, CPU ${fmtS(bs.cpuSeconds)}` : ''}, peak RSS ${fmtMB(bs.maxRssMB)}`);
    row('available', `${fmtInt(bs.availableBinaries)} binaries: the Architecture: all ones and the ${fmtInt(bs.minimalBinaries)} binaries of botch's minimal co-installable set (Essential, build-essential, apt, sysvinit-core, debhelper), whose ${fmtInt(bs.minimalSources)} sources count as cross-built, with all their binaries`);
    if (bs.fixpoint) row('build fixpoint (sources compilable without breaking a cycle)', `${fmtInt(bs.fixpoint.compilable)} of ${fmtInt(bs.fixpoint.toCompile)} to compile; ${fmtInt(bs.fixpoint.notCompilable)} left for the graph`);
    row('build graph (installation sets + sources)', `${fmtInt(bs.buildgraph.vertices)} vertices, ${fmtInt(bs.buildgraph.edges)} edges; ${fmtInt(bs.buildgraph.nonTrivial)} non-trivial SCCs, largest ${fmtInt(bs.buildgraph.largest)} vertices (${fmtInt(bs.buildgraph.largestSources)} sources)`);
    row('source graph', `${fmtInt(bs.srcgraph.vertices)} vertices, ${fmtInt(bs.srcgraph.edges)} edges (${Object.entries(bs.srcgraph.edgeKinds || {}).map(([k, v]) => `${k}: ${fmtInt(v)}`).join(', ')}); ${fmtInt(bs.srcgraph.nonTrivial)} non-trivial SCCs (${fmtInt(bs.srcgraph.selfLoopsOnly)} self-loops), largest ${fmtInt(bs.srcgraph.largestSources)} sources; sizes ${bs.srcgraph.topSizes.join(', ')}`);
    if (bs.stage1) row('source graph with stage1 active', `${fmtInt(bs.stage1.nonTrivial)} non-trivial SCCs (${fmtInt(bs.stage1.selfLoopsOnly)} self-loops), largest ${fmtInt(bs.stage1.largestSources)} sources; ${fmtS(bs.stage1.wallSeconds)}`);
    row('feedback arc set (`remove.list`)', `${fmtInt(bs.feedbackArcSetEdges)} build dependencies to drop, on ${fmtInt(bs.feedbackArcSet.length)} sources`);
    if (bs.stats && !bs.stats.error) {
      const st = bs.stats;
      row('`print-stats` (build graph minus botch\'s droppable lists)', `${fmtInt(st.sccs)} SCCs; largest ${fmtInt(st.largestVertices)} vertices, ${fmtInt(st.largestEdges)} edges; ${fmtInt(st.cyclesEnumerated)} cycles of length ≤ 6 enumerated in it; ${fmtInt(st.type3SelfCycles)} source self-cycles`);
      row('edges on the most enumerated cycles (source needs the installation set of a binary)', st.cycleEdges.slice(0, 10).map((e) => `\`${e.source}\` → \`${e.needs}\` (${fmtInt(e.cycles)})`).join(', '));
      row('binaries whose removal breaks the most cycles (`ratio_binary`)', st.ratioBinary.slice(0, 10).map((r) => `\`${r.name}\` for ${r.neededBy.map((x) => `\`${x}\``).join(', ')} (${fmtInt(r.cycles)})`).join(', '));
      row('sources whose binaries break the most cycles (`ratio_source`)', st.ratioSource.slice(0, 10).map((r) => `\`${r.name}\` (${fmtInt(r.cycles)})`).join(', '));
    }
    row('feedback vertex set (sources to profile-build)', `${fmtInt(bs.feedbackVertexSet.length)}: ${names(bs.feedbackVertexSet, 40)}`);
    if (bs.hubs) {
      row('largest SCC, most needed (in-degree, source graph)', bs.hubs.byIn.slice(0, 10).map((d) => `\`${d.name}\` (${d.in})`).join(', '));
      row('largest SCC, needing most (out-degree, source graph)', bs.hubs.byOut.slice(0, 10).map((d) => `\`${d.name}\` (${d.out})`).join(', '));
    }
    p();
    if (F.overlap) {
      p(`Overlap of the largest SCCs, botch's and strap's (botch start): ${fmtInt(F.overlap.both)} sources in both, ${fmtInt(F.overlap.onlyBotch)} only in botch's, ${fmtInt(F.overlap.onlyStrap)} only in strap's.${F.overlap.onlyBotchSample.length ? ` Only in botch's: ${names(F.overlap.onlyBotchSample, 25)}.` : ''}`);
      if (F.overlapBinary) p(`Overlap with the binary-level model's largest SCC: ${fmtInt(F.overlapBinary.both)} in both, ${fmtInt(F.overlapBinary.onlyBotch)} only in botch's, ${fmtInt(F.overlapBinary.onlyStrap)} only in the binary-level one.${F.overlapBinary.onlyBotchSample.length ? ` Only in botch's: ${names(F.overlapBinary.onlyBotchSample, 25)}.` : ''}${F.overlapBinary.onlyStrapSample.length ? ` Only in the binary-level one: ${names(F.overlapBinary.onlyStrapSample, 25)}.` : ''}`);
      p();
    }
  }

  // --- Timings
  p('### Timings');
  p();
  const m = F.machine;
  p(`Measured on ${F.measuredOn || F.generated}. Machine: ${m.cpus} × ${m.cpuModel}, ${m.memGB.toFixed(0)} GB, Node ${m.node}; load average when the measurements started ${m.loadavg.map((x) => x.toFixed(1)).join(' / ')} (the machine is shared: other work stretches wall times; the CPU times are closer to what an idle machine would show).`);
  p();
  row('command', 'time and memory');
  row('---', '---');
  row('`strap import debian --sources Sources --packages Packages -o …`', renderTiming(F.timings.import, 30, 1024));
  row('`strap check FILE --format json`', `${renderTiming(F.timings.check, 30, 1024)}${F.timings.check ? `; exit ${F.timings.check.exitCode}${F.timings.checkDiagnostics ? '; ' + Object.entries(F.timings.checkDiagnostics).map(([k, v]) => `${fmtInt(v)} × ${k}`).join(', ') : ''}` : ''}`);
  if (F.lsp) {
    if (F.lsp.error) row('language server', F.lsp.error);
    else {
      row('language server: open → first publishDiagnostics', `${fmtS(F.lsp.openToDiagnosticsSeconds)} (${fmtInt(F.lsp.firstDiagnostics)} diagnostics; initialize ${fmtS(F.lsp.initializeSeconds)})`);
      row('language server: one-character edit → re-published diagnostics', `${F.lsp.editToDiagnosticsSeconds.map((s) => fmtS(s)).join(', ')} (goal < 1 s: ${F.lsp.editToDiagnosticsSeconds.every((s) => s < 1) ? 'met' : 'not met'})`);
      row('language server: peak RSS', fmtMB(F.lsp.serverMaxRssMB));
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
  let previous = null;
  if (o.reuse) {
    try {
      previous = JSON.parse(fs.readFileSync(o.json, 'utf8'));
      o.timings = false;
      log(`re-using the measurements of ${previous.generated} from ${o.json}`);
    } catch (e) {
      log(`--reuse-measurements: ${o.json} not readable (${e.message}); measuring`);
    }
  }
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
  if (previous) {
    F.timings = previous.timings || {};
    F.machine = previous.machine || F.machine;
    F.measuredOn = previous.measuredOn || previous.generated;
  } else if (o.timings) F.measuredOn = F.generated;

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
    F.botchMinimalSources = minimal;
    const have = new Set(specs.map((s) => s.name));
    const extra = minimal.filter((x) => have.has(x));
    const specsB = specs.map((s) => (extra.includes(s.name) && !s.prebuilt ? { ...s, prebuilt: true } : s));
    const added = specsB.filter((s, i) => s.prebuilt && !specs[i].prebuilt).map((s) => s.name);
    const B = analyseScenario(eng, specsB, "with botch's starting set", o);
    B.addedPrebuilt = added;
    B.botchMinimalSources = minimal.length;
    F.strap.botchStart = B;
  }

  // What-if: seeds closed under strap's (source-level) runtime dependencies.
  {
    const by = new Map(specs.map((x) => [x.name, x]));
    const closure = (roots) => {
      const seen = new Set();
      const stack = [...roots];
      while (stack.length) {
        const x = stack.pop();
        if (seen.has(x) || !by.has(x)) continue;
        seen.add(x);
        for (const d of by.get(x).depends) stack.push(d);
      }
      return seen;
    };
    const withPrebuilt = (set) => specs.map((x) => (set.has(x.name) && !x.prebuilt ? { ...x, prebuilt: true } : x));
    const seedRoots = [...(minimal || []), 'debhelper', 'apt'];
    const seed = closure(seedRoots);
    const C = analyseScenario(eng, withPrebuilt(seed), 'seed closed under runtime dependencies', { ...o, cycles: false });
    C.seedRoots = minimal ? "botch's minimal set, debhelper and apt" : 'debhelper and apt';
    C.seedClosure = seed.size;
    F.strap.seedClosed = C;
    const all = closure(specs.filter((x) => x.prebuilt).map((x) => x.name));
    const D = analyseScenario(eng, withPrebuilt(all), 'every prebuilt package installable', { ...o, cycles: false });
    D.seedClosure = all.size;
    F.strap.allInstallable = D;
  }

  // 3. The binary-level model (needs Sources and Packages).
  if (o.binary && fs.existsSync(sources) && fs.existsSync(packagesIdx)) {
    const A = loadArchive(o);
    // Which binary dependency makes each step of the debhelper path.
    const bySource = new Map();
    A.bins.forEach((b, i) => {
      if (!bySource.has(b.source)) bySource.set(b.source, []);
      bySource.get(b.source).push(i);
    });
    for (const S of Object.values(F.strap)) {
      const path0 = S.debhelperClosure && S.debhelperClosure.path;
      if (!path0) continue;
      S.debhelperClosure.steps = path0.slice(1).map((to, k) => {
        const from = path0[k];
        for (const i of bySource.get(from) || []) {
          for (let e = A.depOff[i]; e < A.depOff[i + 1]; e++) {
            const d = A.bins[A.depTgt[e]];
            if (d.source === to) return { from, to, binary: A.bins[i].name, depends: d.name };
          }
        }
        return { from, to };
      });
    }
    F.binary = { strapCore: binaryScenario(eng, A, A.essential, "binary-level, strap's core") };
    if (minimal) F.binary.botchCore = binaryScenario(eng, A, minimal, "binary-level, botch's minimal set");
  }

  // 4. botch.
  F.botch = botchFigures(o.botch);
  const bs = F.botch && F.botch.figures;
  const overlap = (mineList, theirsList) => {
    const mine = new Set(mineList);
    const theirs = new Set(theirsList);
    const onlyB = [...theirs].filter((x) => !mine.has(x)).sort();
    const onlyS = [...mine].filter((x) => !theirs.has(x)).sort();
    return { both: [...theirs].filter((x) => mine.has(x)).length, onlyBotch: onlyB.length, onlyStrap: onlyS.length, onlyBotchSample: onlyB.slice(0, 25), onlyStrapSample: onlyS.slice(0, 25) };
  };
  if (bs && bs.largestSourcesList) {
    const S = F.strap.botchStart || F.strap.asImported;
    F.overlap = overlap(S.sccToBuild.largestMembers, bs.largestSourcesList);
    const BB = F.binary && (F.binary.botchCore || F.binary.strapCore);
    if (BB) F.overlapBinary = overlap(BB.scc.largestMembers, bs.largestSourcesList);
  }

  // 5. The language server at this scale.
  const lspScript = path.join(ROOT, 'scripts/debian-lsp-scale.js');
  if (previous && previous.lsp) F.lsp = previous.lsp;
  else if (o.lsp && fs.existsSync(lspScript)) {
    log('measuring the language server …');
    const r = spawnSync(process.execPath, [lspScript, '--file', o.file, '--json', '--edits', String(o.lspEdits)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 15 * 60 * 1000 });
    try {
      F.lsp = JSON.parse(r.stdout);
    } catch {
      F.lsp = { error: `scripts/debian-lsp-scale.js failed (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}` };
    }
  }

  // 6. Output.
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

module.exports = { specsOfYaml, sccFigures, stageCsr, render, writeSection, timedNode, loadArchive, binaryScenario, binaryLevelGraph, fixpoint, dependsPath, requireBuilt, BEGIN, END };
