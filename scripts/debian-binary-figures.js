#!/usr/bin/env node
'use strict';
// Figures of the imported archive in strap's binary-level format, beside botch:
//
//   node scripts/debian-binary-figures.js FILE [--botch-start A,B,…] [--botch-largest LIST] [--botch-droppable DIR] [--json OUT]
//   node scripts/debian-binary-figures.js --render JSON [--doc docs/debian.md] [--botch-figures JSON] [--commit SHA]
//
// The second form writes the Markdown section between the markers
//   <!-- BEGIN debian-binary-figures -->  and  <!-- END debian-binary-figures -->
// of the doc from a JSON the first form wrote (and prints it).
//
// FILE is `strap import debian` output (binaries included). For the file as
// imported and with botch's starting set (the sources of botch's minimal set
// also prebuilt, --botch-start), it computes with strap's engine
// (server/out/core/graph: run `npx tsc -p tsconfig.json` first):
// - the largest SCC of the packages to build (not prebuilt), the sources in a
//   cycle, and, given botch's largest SCC (--botch-largest, one name a line),
//   the overlap and Jaccard index of the members;
// - the same with every stage-1 (stage-2) set applied (the archive's own
//   build-depends-bootstrapN);
// - packages built without breaking a cycle (the plan without bootstrap sets:
//   full builds of packages to build), and with the archive's sets;
// - plan coverage as imported, and after `strap fix` (planFixAll's
//   annotations applied), with the fix's size (packages annotated, entries
//   dropped, its lower bound); given botch's droppable lists (--botch-droppable,
//   botch's /usr/share/botch/droppable), how many of the dropped entries those
//   lists drop anyway, and `strap fix` again after removing what they drop
//   first, as botch-native does before it searches its feedback sets;
// - the packages on the most of the shortest cycles the cycle analysis
//   reports, and those most needed inside the largest SCC.

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const eng = require(path.join(ROOT, 'server/out/core/graph/index.js'));
const { specsOfYaml } = require('./debian-figures.js');

function args(argv) {
  const o = { file: null, botchStart: [], botchLargest: null, botchDroppable: null, json: null, render: null, doc: path.join(ROOT, 'docs/debian.md'), botchFigures: null, commit: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--render') o.render = argv[++i];
    else if (a === '--doc') o.doc = argv[++i];
    else if (a === '--botch-figures') o.botchFigures = argv[++i];
    else if (a === '--commit') o.commit = argv[++i];
    else if (a === '--botch-start') o.botchStart = argv[++i].split(',').filter(Boolean);
    else if (a === '--botch-largest') o.botchLargest = argv[++i];
    else if (a === '--botch-droppable') o.botchDroppable = argv[++i];
    else if (a === '--json') o.json = argv[++i];
    else o.file = a;
  }
  if (!o.file && !o.render) throw new Error('usage: debian-binary-figures.js FILE [--botch-start A,B] [--botch-largest LIST] [--json OUT]');
  return o;
}

const log = (m) => process.stderr.write(`debian-binary-figures: ${m}\n`);
const seconds = (t) => (Date.now() - t) / 1000;

/** Largest SCC and cycle figures of the packages to build, optionally with stage-N sets applied. */
function sccFigures(graph, stage) {
  let g = graph;
  if (stage) {
    const changes = new Map();
    for (let v = 0; v < g.size; v++) {
      const s = g.stageSet(v, stage);
      if (s && g.declared[v]) changes.set(v, [{ stage: 1, buildDepends: s.buildDepends }]);
    }
    // Replace the full set by the stage set: a graph of specs with build-depends = the stage set.
    const specs = graph.specs.map((p) => {
      const set = (p.bootstrap || []).find((b) => b.stage === stage);
      return set ? { ...p, buildDepends: set.buildDepends } : p;
    });
    g = eng.buildGraph(specs);
  }
  const mask = new Uint8Array(g.size);
  let toBuild = 0;
  for (let i = 0; i < g.size; i++) if (g.declared[i] && !g.prebuilt[i]) (mask[i] = 1), toBuild++;
  const scc = g.sccOf(mask);
  const comps = [];
  for (let c = 0; c < scc.count; c++) if (scc.nonTrivial[c]) comps.push(c);
  comps.sort((a, b) => (scc.offsets[b + 1] - scc.offsets[b]) - (scc.offsets[a + 1] - scc.offsets[a]));
  const members = (c) => Array.from(scc.members.subarray(scc.offsets[c], scc.offsets[c + 1]), (v) => g.names[v]);
  let selfLoops = 0;
  let inCycle = 0;
  for (const c of comps) {
    const size = scc.offsets[c + 1] - scc.offsets[c];
    inCycle += size;
    if (size === 1) selfLoops++;
  }
  return {
    toBuild,
    nonTrivial: comps.length,
    selfLoops,
    inCycle,
    sizes: comps.slice(0, 10).map((c) => scc.offsets[c + 1] - scc.offsets[c]),
    largest: comps.length ? members(comps[0]).sort() : [],
  };
}

function overlap(a, b) {
  const A = new Set(a);
  const B = new Set(b);
  const both = [...A].filter((x) => B.has(x));
  return {
    both: both.length,
    onlyStrap: [...A].filter((x) => !B.has(x)).sort(),
    onlyBotch: [...B].filter((x) => !A.has(x)).sort(),
    jaccard: both.length / (A.size + B.size - both.length),
  };
}

function planFigures(graph, toBuildMask) {
  const plan = eng.computePlan(graph);
  let built = 0;
  for (let i = 0; i < graph.size; i++) if (toBuildMask[i] && plan.info(graph.names[i])?.fullBuildWave != null) built++;
  const stageBuilds = plan.waves.reduce((n, w) => n + w.builds.filter((b) => b.kind === 'stage').length, 0);
  return { coverage: plan.coverage, builtToBuild: built, waves: plan.waves.length, stageBuilds };
}

/**
 * botch's droppable lists as botch-native passes them to its feedback-set
 * search: --remove-weak (build dependencies dropped from every source) and
 * --remove-reduced ("src:NAME dep …" lines).
 */
function readDroppable(dir) {
  const lines = (f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const weak = new Set(lines('weak-build-dependencies.list'));
  const reduced = new Map();
  for (const f of ['pehjota', 'thorsten-glaser', 'daniel-schepler', 'gentoo', 'wookey', 'selfcycles']) {
    for (const l of lines(`${f}.list`)) {
      const [src, ...deps] = l.split(/\s+/);
      if (!src.startsWith('src:')) continue;
      const name = src.slice(4);
      if (!reduced.has(name)) reduced.set(name, new Set());
      for (const d of deps) reduced.get(name).add(d);
    }
  }
  return { drops: (pkg, dep) => weak.has(dep) || (reduced.get(pkg)?.has(dep) ?? false) };
}

/** strap fix's figures on the specs. */
function fixFigures(specs, graph, toBuildMask) {
  const t = Date.now();
  const fix = eng.planFixAll(graph);
  const annotated = new Set(fix.annotations.map((a) => a.package));
  const dropped = fix.annotations.reduce((n, a) => n + (Array.isArray(a.remove) ? a.remove.length : 1), 0);
  const r = { annotations: fix.annotations.length, packages: annotated.size, dropped, resolved: fix.resolved, lowerBound: fix.lowerBound, droppedLowerBound: fix.droppedLowerBound, seconds: seconds(t) };
  // Entries whose runtime closure holds a binary of the package itself: no order of builds lets it keep them.
  r.selfNeeding = fix.annotations.reduce((n, a) => {
    const p = graph.index(a.package);
    return n + a.remove.filter((d) => {
      const q = graph.index(d);
      return q >= 0 && Array.from(graph.closureOf(q)).some((x) => graph.buildTarget[x] === p);
    }).length;
  }, 0);
  if (droppable) r.onBotchLists = fix.annotations.reduce((n, a) => n + a.remove.filter((d) => droppable.drops(a.package, d)).length, 0);
  const fixed = eng.applyAnnotations(specs, fix.annotations);
  return { fix: r, afterFix: planFigures(eng.buildGraph(fixed), toBuildMask) };
}

let droppable = null;

function scenario(specs, label, botchLargest) {
  const t0 = Date.now();
  const graph = eng.buildGraph(specs);
  const toBuildMask = new Uint8Array(graph.size);
  for (let i = 0; i < graph.size; i++) if (graph.declared[i] && !graph.prebuilt[i]) toBuildMask[i] = 1;
  const r = { label, graphSeconds: seconds(t0) };
  r.scc = sccFigures(graph, 0);
  r.stage1 = sccFigures(graph, 1);
  r.stage2 = sccFigures(graph, 2);
  for (const k of ['scc', 'stage1', 'stage2']) r[k].largestSize = r[k].largest.length;
  if (botchLargest) r.overlap = overlap(r.scc.largest, botchLargest);
  log(`${label}: largest SCC ${r.scc.largestSize} (stage1 ${r.stage1.largestSize}, stage2 ${r.stage2.largestSize}); ${seconds(t0).toFixed(1)} s`);
  // Built without breaking a cycle: the plan of the file without any bootstrap set.
  const t1 = Date.now();
  const noSets = eng.buildGraph(specs.map((p) => (p.bootstrap && p.bootstrap.length ? { ...p, bootstrap: [] } : p)));
  r.withoutSets = planFigures(noSets, toBuildMask);
  r.asImported = planFigures(graph, toBuildMask);
  log(`${label}: built without breaking a cycle ${r.withoutSets.builtToBuild}, with the archive's sets ${r.asImported.builtToBuild}; ${seconds(t1).toFixed(1)} s`);
  // strap fix.
  Object.assign(r, fixFigures(specs, graph, toBuildMask));
  log(`${label}: strap fix: ${r.fix.packages} packages, ${r.fix.dropped} entries dropped, lower bounds ${r.fix.lowerBound} packages, ${r.fix.droppedLowerBound} entries (${r.fix.seconds.toFixed(1)} s); coverage after ${r.afterFix.coverage.percent.toFixed(1)} %`);
  if (droppable) {
    // As botch-native: what its droppable lists name is removed before the feedback sets are searched.
    let removed = 0;
    const listsFirst = specs.map((p) => {
      const bd = p.buildDepends.filter((d) => !droppable.drops(p.name, d));
      removed += p.buildDepends.length - bd.length;
      return bd.length === p.buildDepends.length ? p : { ...p, buildDepends: bd };
    });
    const f = fixFigures(listsFirst, eng.buildGraph(listsFirst), toBuildMask);
    r.fixListsFirst = { ...f.fix, removedFirst: removed, coverageAfter: f.afterFix.coverage };
    log(`${label}: strap fix after botch's droppable lists (${removed} entries removed first): ${f.fix.packages} packages, ${f.fix.dropped} entries dropped, lower bounds ${f.fix.lowerBound} packages, ${f.fix.droppedLowerBound} entries`);
  }
  // Cycles as strap check reports them: packages on the most shortest cycles.
  const t3 = Date.now();
  const cycles = eng.analyzeCycles(graph);
  const onCycles = new Map();
  let reported = 0;
  for (const comp of cycles.unbroken) {
    for (const c of comp.cycles) {
      reported++;
      for (const n of new Set(c.nodes)) onCycles.set(n, (onCycles.get(n) || 0) + 1);
    }
  }
  r.cycles = {
    components: cycles.unbroken.length,
    reported,
    mostCycles: [...onCycles].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15),
    seconds: seconds(t3),
  };
  // Inside the largest SCC: most needed (in-degree among members).
  const members = new Set(r.scc.largest);
  const indeg = new Map();
  for (const m of members) for (const t of graph.buildInputs(m)) if (members.has(t) && t !== m) indeg.set(t, (indeg.get(t) || 0) + 1);
  r.mostNeeded = [...indeg].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  r.seconds = seconds(t0);
  return r;
}

const BEGIN = '<!-- BEGIN debian-binary-figures -->';
const END = '<!-- END debian-binary-figures -->';
const int = (n) => (n == null ? '—' : String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f'));
/** "; lower bounds 91 packages, 222 entries" (the entries' bound only when the run recorded it). */
const bounds = (f) => (f.lowerBound == null ? '' : `; lower bound${f.droppedLowerBound != null ? `s ${int(f.lowerBound)} packages, ${int(f.droppedLowerBound)} entries` : ` ${int(f.lowerBound)}`}`);
const pct = (x) => `${x.toFixed(1)} %`;
const names = (list, max = 15) => list.slice(0, max).map((x) => `\`${Array.isArray(x) ? x[0] : x}\`${Array.isArray(x) ? ` (${int(x[1])})` : ''}`).join(', ') + (list.length > max ? ', …' : '');

/** The Markdown section of a JSON written by the first form. */
function render(F, botch, commit) {
  const [A, B] = F.scenarios;
  const out = [];
  const p = (l = '') => out.push(l);
  p('<!-- This section is generated by scripts/debian-binary-figures.js --render; edit the prose outside the markers. -->');
  p();
  p(`_Generated by \`node scripts/debian-binary-figures.js\` from \`${F.file}\` (\`strap import debian\` with binaries)${commit ? `, engine and \`strap fix\` at commit ${commit}` : ''}._`);
  p();
  const cols = [A, B].filter(Boolean);
  const row = (cells) => p(`| ${cells.join(' | ')} |`);
  row(['figure', ...cols.map((S) => `strap, ${S.label}`), 'botch (recorded run)', 'goal']);
  row(['---', ...cols.map(() => '---'), '---', '---']);
  const b = botch || {};
  row(['sources to build', ...cols.map((S) => int(S.scc.toBuild)), int(b.toBuild), '']);
  row(['non-trivial SCCs (self-loops)', ...cols.map((S) => `${int(S.scc.nonTrivial)} (${int(S.scc.selfLoops)})`), b.nonTrivial != null ? `${int(b.nonTrivial)} (${int(b.selfLoops)})` : '—', '']);
  row(['largest SCC (sources)', ...cols.map((S) => `**${int(S.scc.largestSize)}**`), `**${int(b.largest)}**`, b.largest ? `within 3 % of ${int(b.largest)}: ${int(b.largest * 0.97)}–${int(b.largest * 1.03)}` : '']);
  row(['largest SCC: members in both / only strap / only botch; Jaccard', ...cols.map((S) => (S.overlap ? `${int(S.overlap.both)} / ${int(S.overlap.onlyStrap.length)} / ${int(S.overlap.onlyBotch.length)}; **${S.overlap.jaccard.toFixed(3)}**` : '—')), '', '≥ 0.95']);
  row(['sources in some cycle', ...cols.map((S) => int(S.scc.inCycle)), int(b.inCycle), '']);
  row(['largest SCC, stage1 sets applied', ...cols.map((S) => int(S.stage1.largestSize)), int(b.stage1Largest), '']);
  row(['largest SCC, stage2 sets applied', ...cols.map((S) => int(S.stage2.largestSize)), '—', '']);
  row(['built without breaking a cycle (no bootstrap set used)', ...cols.map((S) => int(S.withoutSets.builtToBuild)), `${int(b.buildFixpoint)} (build-fixpoint)`, b.buildFixpoint ? `within 5 %: ${int(b.buildFixpoint * 0.95)}–${int(b.buildFixpoint * 1.05)}` : '']);
  row(["built with the archive's own stage1/stage2 sets (plan, before rebuilds)", ...cols.map((S) => `${int(S.asImported.builtToBuild)}; ${int(S.asImported.stageBuilds)} stage builds`), '—', '']);
  row(['can be bootstrapped (plan coverage), as imported', ...cols.map((S) => `**${pct(S.asImported.coverage.percent)}** (${int(S.asImported.coverage.count)} of ${int(S.asImported.coverage.total)}); without bootstrap sets ${pct(S.withoutSets.coverage.percent)}`), '—', '']);
  row(['`strap fix` (planFixAll): annotated packages / dropped entries', ...cols.map((S) => `${int(S.fix.packages)} / ${int(S.fix.dropped)}${S.fix.resolved ? '' : ' (not every cycle broken)'}${bounds(S.fix)}`), `${int(b.fvs)} sources / ${int(b.fas)} (remove.list: ${int(b.fasSources)} sources)`, b.fas ? `≤ ${int(b.fasSources)} sources, ≤ ${int(b.fas)} entries` : '']);
  if (cols.some((S) => S.fix.selfNeeding != null)) {
    row(['`strap fix`: of the dropped entries, needing their own source (a binary of the annotated source in their runtime closure)', ...cols.map((S) => (S.fix.selfNeeding != null ? int(S.fix.selfNeeding) : '—')), '', '']);
  }
  if (cols.some((S) => S.fix.onBotchLists != null)) {
    row(["`strap fix`: of the dropped entries, on botch's droppable lists", ...cols.map((S) => (S.fix.onBotchLists != null ? `${int(S.fix.onBotchLists)} (the other ${int(S.fix.dropped - S.fix.onBotchLists)} are not)` : '—')), '(removed before its search)', '']);
  }
  if (cols.some((S) => S.fixListsFirst)) {
    row(["`strap fix` after removing what botch's droppable lists name, as botch does: annotated packages / dropped entries", ...cols.map((S) => (S.fixListsFirst ? `**${int(S.fixListsFirst.packages)} / ${int(S.fixListsFirst.dropped)}**${bounds(S.fixListsFirst)}${S.fixListsFirst.resolved ? '' : ' (not every cycle broken)'} (${int(S.fixListsFirst.removedFirst)} entries removed first)` : '—')), `${int(b.fasSources)} sources / ${int(b.fas)}`, b.fas ? `≤ ${int(b.fasSources)} sources, ≤ ${int(b.fas)} entries` : '']);
  }
  row(['can be bootstrapped after `strap fix`', ...cols.map((S) => `**${pct(S.afterFix.coverage.percent)}** (${int(S.afterFix.coverage.count)}); ${int(S.afterFix.stageBuilds)} stage builds`), '—', '']);
  row(['`strap check`: unbroken cycle components / shortest cycles reported', ...cols.map((S) => `${int(S.cycles.components)} / ${int(S.cycles.reported)}`), '—', '']);
  p();
  for (const S of cols) {
    p(`**${S.label}** — on the most of the shortest cycles \`strap check\` reports ("name and encourage"): ${names(S.cycles.mostCycles)}. Most needed inside the largest SCC (members whose build needs them): ${names(S.mostNeeded, 10)}.`);
    p();
    if (S.overlap) {
      p(`Largest SCC against botch's: only in strap's: ${S.overlap.onlyStrap.length ? names(S.overlap.onlyStrap, 30) : 'none'}; only in botch's: ${S.overlap.onlyBotch.length ? names(S.overlap.onlyBotch, 30) : 'none'}.`);
      p();
    }
    p(`Analysis time in this script: graph ${S.graphSeconds.toFixed(1)} s, \`strap fix\` ${S.fix.seconds.toFixed(1)} s, cycles ${S.cycles.seconds.toFixed(1)} s (shared machine).`);
    p();
  }
  return out.join('\n');
}

function main() {
  const o = args(process.argv.slice(2));
  if (o.render) {
    const F = JSON.parse(fs.readFileSync(o.render, 'utf8'));
    const botch = o.botchFigures ? JSON.parse(fs.readFileSync(o.botchFigures, 'utf8')) : null;
    const section = render(F, botch, o.commit);
    const doc = fs.readFileSync(o.doc, 'utf8');
    const a = doc.indexOf(BEGIN);
    const z = doc.indexOf(END);
    if (a < 0 || z < a) throw new Error(`${o.doc} has no ${BEGIN} … ${END} markers`);
    fs.writeFileSync(o.doc, doc.slice(0, a + BEGIN.length) + '\n' + section + '\n' + doc.slice(z));
    process.stdout.write(section + '\n');
    return;
  }
  const t0 = Date.now();
  const specs = specsOfYaml(fs.readFileSync(o.file, 'utf8'));
  log(`${specs.length} packages read in ${seconds(t0).toFixed(1)} s`);
  const botchLargest = o.botchLargest ? fs.readFileSync(o.botchLargest, 'utf8').split('\n').filter(Boolean) : null;
  if (o.botchDroppable) droppable = readDroppable(o.botchDroppable);
  const out = { file: path.basename(o.file), scenarios: [] };
  out.scenarios.push(scenario(specs, 'as imported', botchLargest));
  if (o.botchStart.length) {
    const start = new Set(o.botchStart);
    out.scenarios.push(scenario(specs.map((p) => (start.has(p.name) && !p.prebuilt ? { ...p, prebuilt: true } : p)), `with botch's other alternatives (\`--botch-start ${o.botchStart.join(',')}\`)`, botchLargest));
  }
  const text = JSON.stringify(out, null, 1);
  if (o.json) fs.writeFileSync(o.json, text + '\n');
  process.stdout.write(text + '\n');
}

main();
