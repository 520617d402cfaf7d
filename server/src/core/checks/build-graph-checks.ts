// The build graph of a workspace and what it says: unbroken cycles (errors
// on the entries forming the shortest cycle through each member, with the
// "build P without Q in bootstrap stage N" fixes), cycles bootstrap stages
// break (information), and the bootstrap declarations (SPEC §2).

import { LatestPerKey } from '../remembered';
import type { CoreDiagnostic } from '../types';
import { definedFixes, makeFix } from '../fixes/make-fix';
import type { PackageDecl, NameRef } from '../model/file-model';
import type { Workspace } from '../workspace/workspace';
import type { BinarySpec, PackagePlanInfo, PackageSpec, PartialBreak, StageCandidate, CyclePath, CycleEdge } from '../graph/types';
import { buildGraph, type BuildGraph } from '../graph/build-graph';
import { binarySpecsOf, cycleHop, isBinaryOf, sameBinarySpecs } from './binaries';
import { computePlan, type BootstrapPlan as Plan } from '../graph/plan';
import { analyzeCycles, type CycleAnalysis } from '../graph/cycle-analysis';
import { cyclesAfterEdit, throughRuntime } from '../graph/cycles-after-edit';
import { bootstrapAnnotationEdits } from '../fixes/bootstrap-annotation';
import { at } from './diagnostic';

export interface GraphAnalysis {
  specs: PackageSpec[];
  graph: BuildGraph;
  plan: Plan;
  cycles: CycleAnalysis;
  diagnostics: CoreDiagnostic[];
  packageInfo(name: string): PackagePlanInfo | undefined;
}

// A declaration never changes, and an edit keeps the declarations of the
// packages it did not touch (see the file model), so their specs are kept too.
const specOfDecl = new WeakMap<PackageDecl, PackageSpec>();

function specOf(p: PackageDecl): PackageSpec {
  let spec = specOfDecl.get(p);
  if (!spec) {
    // Frozen lists: the build graph then shares them instead of copying 60 000 lists per edit.
    spec = {
      name: p.name,
      buildDepends: Object.freeze(p.buildDepends.map((r) => r.name)) as string[],
      depends: Object.freeze(p.depends.map((r) => r.name)) as string[],
      bootstrap: p.bootstrap.map((b) => ({ stage: b.stage, buildDepends: Object.freeze(b.items.map((r) => r.name)) as string[] })),
      prebuilt: p.prebuilt,
    };
    const binaries = binarySpecsOf(p);
    if (binaries) spec.binaries = binaries;
    specOfDecl.set(p, spec);
  }
  return spec;
}

export function specsOf(ws: Workspace): PackageSpec[] {
  return specsWithIndex(ws).specs;
}

/** The specs in declaration order, and where each name's spec sits. */
interface IndexedSpecs {
  wsId: number;
  specs: PackageSpec[];
  indexOf: Map<string, number>;
}

// The last specs per entry file: a workspace patched for an edit inside one
// package replaces that package's spec in a copy.
const lastSpecs = new LatestPerKey<IndexedSpecs>(64);

function specsWithIndex(ws: Workspace): IndexedSpecs {
  const last = lastSpecs.get(ws.entry);
  if (last?.wsId === ws.id) return last;
  const change = ws.change;
  let result: IndexedSpecs;
  if (last && change && change.baseId === last.wsId) {
    let specs = last.specs;
    if (change.kind === 'package' && ws.packages.get(change.after.name) === change.after) {
      specs = specs.slice();
      specs[last.indexOf.get(change.after.name)!] = specOf(change.after);
    }
    result = { wsId: ws.id, specs, indexOf: last.indexOf };
  } else {
    const specs: PackageSpec[] = [];
    const indexOf = new Map<string, number>();
    for (const p of ws.packages.values()) {
      indexOf.set(p.name, specs.length);
      specs.push(specOf(p));
    }
    result = { wsId: ws.id, specs, indexOf };
  }
  lastSpecs.set(ws.entry, result);
  return result;
}

interface GraphFacts {
  errorsPerCluster: number | undefined;
  specs: PackageSpec[];
  graph: BuildGraph;
  plan: Plan;
  cycles: CycleAnalysis;
}

// The last graph facts per workspace entry: an edit that changes no
// dependency (a description, a comment, a stage) re-uses them whole. The
// graph, plan and cycles are pure functions of the specs.
const recentFacts = new LatestPerKey<GraphFacts>(8);

function sameSpecs(a: readonly PackageSpec[], b: readonly PackageSpec[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !equalSpec(a[i], b[i])) return false;
  return true;
}

function equalSpec(a: PackageSpec, b: PackageSpec): boolean {
  return a.name === b.name && a.prebuilt === b.prebuilt && sameNames(a.buildDepends, b.buildDepends) && sameNames(a.depends, b.depends)
    && a.bootstrap.length === b.bootstrap.length
    && a.bootstrap.every((s, i) => s.stage === b.bootstrap[i].stage && sameNames(s.buildDepends, b.bootstrap[i].buildDepends))
    && sameBinarySpecs(a.binaries, b.binaries);
}

/**
 * What differs between `before` and `after` (the same packages in the same
 * order), when it is what `cyclesAfterEdit` may carry the classification over:
 * `edited`, the packages whose build-depends, bootstrap sets or `prebuilt`
 * differ; `runtime`, the packages and binaries whose depends may differ (their
 * binaries otherwise the same: names, provided names, `prebuilt`), for
 * `throughRuntime`. Else undefined.
 */
function editedPackages(before: readonly PackageSpec[], after: readonly PackageSpec[]): { edited: string[]; runtime: string[] } | undefined {
  if (before.length !== after.length) return undefined;
  const edited: string[] = [];
  const runtime: string[] = [];
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    if (a.name !== b.name) return undefined;
    if (!sameBinarySpecs(a.binaries, b.binaries)) {
      if (!sameBinaryShapes(a.binaries, b.binaries)) return undefined;
      for (const x of b.binaries ?? []) runtime.push(x.name);
      runtime.push(b.name); // a package with binaries installs them all
    }
    if (!sameNames(a.depends, b.depends)) runtime.push(b.name);
    if (!equalSpec({ ...a, depends: b.depends, binaries: b.binaries }, b)) edited.push(b.name);
  }
  return { edited, runtime };
}

/** The same binaries but for their depends lists. */
function sameBinaryShapes(a: readonly BinarySpec[] | undefined, b: readonly BinarySpec[] | undefined): boolean {
  const shape = (x: readonly BinarySpec[] | undefined) => (x ?? []).map((y) => ({ ...y, depends: [] }));
  return sameBinarySpecs(shape(a), shape(b));
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export interface GraphCheckOptions {
  /** See CycleAnalysisOptions.errorsPerCluster. */
  errorsPerCluster?: number;
  /**
   * Start a big cluster's marking from the last analysis of the same entry (see
   * CycleAnalysisOptions.previous): for a stream of edits (the language server),
   * not for a one-off check, whose result must not depend on what ran before.
   */
  keepMarks?: boolean;
}

function graphFacts(ws: Workspace, options: GraphCheckOptions): GraphFacts {
  const specs = specsOf(ws);
  const { errorsPerCluster } = options;
  const recent = recentFacts.get(ws.entry);
  if (recent && recent.errorsPerCluster === errorsPerCluster && sameSpecs(recent.specs, specs)) return recent;
  const graph = buildGraph(specs);
  const previous = options.keepMarks ? recent?.cycles : undefined;
  const diff = previous && recent && recent.errorsPerCluster === errorsPerCluster ? editedPackages(recent.specs, specs) : undefined;
  // Depends lists edited: the packages whose build edges that changed are edited too.
  const throughDepends = previous && diff && diff.runtime.length > 0 ? throughRuntime(previous.graph, graph, diff.runtime) : [];
  const edited = diff && throughDepends ? [...new Set([...diff.edited, ...throughDepends])] : undefined;
  const cycles = (previous && edited && cyclesAfterEdit(previous, graph, edited)) || analyzeCycles(graph, { errorsPerCluster, previous });
  const facts = { errorsPerCluster, specs, graph, plan: computePlan(graph), cycles };
  recentFacts.set(ws.entry, facts);
  return facts;
}

export function analyzeBuildGraph(ws: Workspace, options: GraphCheckOptions = {}): GraphAnalysis {
  const { specs, graph, plan, cycles } = graphFacts(ws, options);
  const diagnostics = [
    ...cycleDiagnostics(ws, cycles),
    ...bootstrapDeclarationDiagnostics(ws, plan),
  ];
  return { specs, graph, plan, cycles, diagnostics, packageInfo: (name) => plan.info(name) };
}

const arrow = ' → ';

/**
 * Paths, breaker lists and fix lists this long or shorter are shown whole;
 * longer ones are elided so that a diagnostic's size does not grow with the
 * cycle (a ring of N packages has N diagnostics: whole paths would make the
 * payload quadratic).
 */
export const MAX_SHOWN_CYCLE = 12;
/** Of an elided path: the packages shown from its start, and before its end. */
const HEAD = 6;
const TAIL = 5;

/** The cycle as `a → b → … → a`, starting at `nodes[start]`; elided in the middle past MAX_SHOWN_CYCLE. */
function pathText(cycle: CyclePath, start: number, hop: (edge: CycleEdge) => string = (e) => e.to): string {
  const nodes = cycle.nodes;
  const n = nodes.length;
  const i = start >= 0 && start < n ? start : 0;
  // Each node after the first as the edge into it shows it (e.g. naming the binary that leads there).
  // (A path known by its nodes only, as a partial fix's cycle, shows them.)
  const node = (k: number) => {
    const edge = k === 0 ? undefined : cycle.edges[(i + k - 1) % n];
    return edge ? hop(edge) : nodes[(i + k) % n];
  };
  if (n <= MAX_SHOWN_CYCLE) {
    const out: string[] = [];
    for (let k = 0; k <= n; k++) out.push(node(k));
    return out.join(arrow);
  }
  const head: string[] = [];
  for (let k = 0; k < HEAD; k++) head.push(node(k));
  const tail: string[] = [];
  for (let k = n - TAIL; k <= n; k++) tail.push(node(k));
  return `${head.join(arrow)}${arrow}… (${n - HEAD - TAIL} more) …${arrow}${tail.join(arrow)}`;
}

/** "build-dependency cycle" or, for an elided path, "build-dependency cycle of N packages". */
function cycleWords(cycle: CyclePath): string {
  return cycle.nodes.length > MAX_SHOWN_CYCLE ? `build-dependency cycle of ${cycle.nodes.length} packages` : 'build-dependency cycle';
}

/** What `data` says of the cycle: its members when shown whole, else only how many. */
function cycleData(cycle: CyclePath): Record<string, unknown> {
  return cycle.nodes.length > MAX_SHOWN_CYCLE ? { cycleLength: cycle.nodes.length } : { cycle: cycle.nodes };
}

/** The build-depends entry of `pkg` named `via`. */
function entryOf(pkg: PackageDecl | undefined, via: string): NameRef | undefined {
  return pkg?.buildDepends.find((r) => r.name === via);
}

type FixableCycle = CyclePath & { candidates: StageCandidate[]; preferred: number };

// Per cycle: the index in `edges` of each candidate's edge (candidates follow
// the edges in order, skipping some). Shared by the cycle's diagnostics.
const candidateEdgeIndex = new WeakMap<FixableCycle, number[]>();

function edgeIndexOfCandidates(cycle: FixableCycle): number[] {
  let index = candidateEdgeIndex.get(cycle);
  if (!index) {
    const position = new Map<CyclePath['edges'][number], number>();
    cycle.edges.forEach((e, j) => position.set(e, j));
    index = cycle.candidates.map((c) => position.get(c.edge) ?? -1);
    candidateEdgeIndex.set(cycle, index);
  }
  return index;
}

/**
 * The candidates offered on the entry whose edge is `edges[edge]`: all of them
 * for a short cycle; for a long one the preferred candidate and those of the
 * entry's own edge and the edges after it, MAX_SHOWN_CYCLE in all (one fix per
 * edge on every diagnostic of a long ring would be quadratic).
 */
function offeredCandidates(cycle: FixableCycle, edge: number): number[] {
  const count = cycle.candidates.length;
  if (count <= MAX_SHOWN_CYCLE) return Array.from({ length: count }, (_, i) => i);
  const edgeIndex = edgeIndexOfCandidates(cycle);
  // The first candidate on or after the entry's edge (candidates are in edge order).
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edgeIndex[mid] < edge) lo = mid + 1;
    else hi = mid;
  }
  const picked: number[] = [];
  const hasPreferred = cycle.preferred >= 0;
  for (let k = 0; k < count && picked.length < MAX_SHOWN_CYCLE - (hasPreferred ? 1 : 0); k++) {
    const i = (lo + k) % count;
    if (i !== cycle.preferred) picked.push(i);
  }
  if (hasPreferred) picked.push(cycle.preferred);
  return picked;
}

function cycleDiagnostics(ws: Workspace, cycles: CycleAnalysis): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  // One diagnostic per entry: the first (shortest) cycle through it names the
  // path; further cycles through the same entry are counted, not repeated.
  const byEntry = new Map<NameRef, { cycle: FixableCycle & { partial?: PartialBreak }; edge: number; more: number }>();
  for (const component of cycles.unbroken) {
    for (const cycle of component.cycles) {
      cycle.edges.forEach((edge, j) => {
        if (cycle.summarised && !cycle.through.includes(edge.from)) return;
        const entry = entryOf(ws.packages.get(edge.from), edge.via);
        if (!entry) return;
        const seen = byEntry.get(entry);
        if (seen) seen.more++;
        else byEntry.set(entry, { cycle, edge: j, more: 0 });
      });
    }
  }
  for (const [entry, { cycle, edge, more }] of byEntry) {
    const from = cycle.edges[edge];
    const hop = cycleHop(ws);
    const via = from.via !== from.to && !isBinaryOf(ws, from.via, from.to) ? ` (${from.to} comes with ${from.via}'s runtime dependencies)` : '';
    const why = cycle.partial ? partialText(cycle.partial) : 'no build-depends-bootstrapN breaks it';
    const fixes = () => {
      const move = cycles.progressMove(from.from);
      const list = [];
      if (move) {
        list.push(makeFix(
          `Build ${move.package} in bootstrap stage ${move.stage} without ${andList(move.leftOut)}`,
          () => bootstrapAnnotationEdits(ws, move.package, move.stage, move.newSet, move.update),
          { isPreferred: true },
        ));
      }
      for (const i of offeredCandidates(cycle, edge)) {
        const c = cycle.candidates[i];
        if (move && c.package === move.package && c.stage === move.stage && sameNames(c.newSet, move.newSet)) continue;
        list.push(makeFix(
          `Build ${c.package} in bootstrap stage ${c.stage} without ${c.remove}`,
          () => bootstrapAnnotationEdits(ws, c.package, c.stage, c.newSet, c.update),
          { isPreferred: false },
        ));
      }
      return definedFixes(list);
    };
    out.push(at(entry, 'error', 'build-cycle',
      `${cycleWords(cycle)}: ${pathText(cycle, edge, hop)}${via}; ${why}${more ? ` (and ${more} more cycle${more === 1 ? '' : 's'} through this entry)` : ''}`,
      { fixes, data: { name: entry.name, package: from.from, ...cycleData(cycle) } }));
  }
  for (const component of cycles.unbroken) {
    for (const summary of component.summaries) {
      const pkg = ws.packages.get(summary.marked[0]);
      if (!pkg) continue;
      const marked = summary.marked.length;
      const which = summary.reported < marked
        ? `bootstrap sets for ${marked} packages break it (at least ${summary.lowerBound} needed); build-cycle errors mark the ${summary.reported} the solver chose first, the most needed (the limit of cycle errors per cluster shows more); hover a package, or run \`strap fix\` or \`strap graph --cycles\`, for the others`
        : `bootstrap sets for the ${marked} package${marked === 1 ? '' : 's'} marked with build-cycle errors break it (at least ${summary.lowerBound} needed); hover a package or run \`strap graph --cycles\` for the others`;
      out.push(at(pkg, 'error', 'build-cycle-cluster',
        `${summary.size} packages form one cluster of unbroken build-dependency cycles; ${which}`,
        { on: 'key', data: { size: summary.size, marked, reported: summary.reported, lowerBound: summary.lowerBound } }));
    }
    for (const b of component.blocked) {
      const entry = entryOf(ws.packages.get(b.package), b.entry);
      if (!entry) continue;
      const needs = b.needs === b.entry ? `'${b.needs}'` : `'${b.entry}' (which brings '${b.needs}')`;
      const where = !b.core ? 'which is never built'
        : b.core === b.needs ? `which is in the unbroken cycle ${shownCycle(b.cycle)}`
        : `which waits for '${b.core}', in the unbroken cycle ${shownCycle(b.cycle)}`;
      const lead = b.upstream
        ? `'${b.package}' sits in build-dependency cycles that bootstrap stages break, but it cannot be built: it needs`
        : `'${b.package}' is stuck behind an unbroken build-dependency cycle: it needs`;
      out.push(at(entry, 'warning', 'build-cycle-blocked', `${lead} ${needs}, ${where}${b.upstream ? ' upstream' : ''}`,
        { data: { package: b.package, needs: b.needs, core: b.core, upstream: b.upstream } }));
    }
  }
  for (const component of cycles.broken) {
    const breakers = component.brokenBy;
    const nameOf = (b: (typeof breakers)[number]) => (b.stage === 'prebuilt' ? `${b.package} (prebuilt)` : `${b.package}'s build-depends-bootstrap${b.stage}`);
    const shown = breakers.length > MAX_SHOWN_CYCLE ? breakers.slice(0, MAX_SHOWN_CYCLE - 1) : breakers;
    const names = shown.map(nameOf).join(', ') + (shown.length < breakers.length ? ` and ${breakers.length - shown.length} more` : '');
    const edges = component.cycle.edges;
    // The edge out of each package (its first), found once rather than per breaker.
    const edgeOut = new Map<string, number>();
    for (let j = edges.length - 1; j >= 0; j--) edgeOut.set(edges[j].from, j);
    const size = component.cycle.nodes.length > MAX_SHOWN_CYCLE ? ` (${component.cycle.nodes.length} packages)` : '';
    const data = cycleData(component.cycle);
    for (const b of breakers) {
      const pkg = ws.packages.get(b.package);
      if (!pkg) continue;
      const j = edgeOut.get(b.package);
      const edge = j === undefined ? undefined : edges[j];
      const set = b.stage === 'prebuilt' ? undefined : pkg.bootstrap.find((s) => s.stage === b.stage);
      const where = edge && entryOf(pkg, edge.via) && (!set || !set.items.some((r) => r.name === edge.via)) ? entryOf(pkg, edge.via)! : set ?? pkg;
      const start = j ?? component.cycle.nodes.indexOf(b.package);
      out.push(at(where, 'information', 'build-cycle-broken',
        `build-dependency cycle ${pathText(component.cycle, start)}${size} is broken by ${names}`,
        { on: where === entryOf(pkg, edge?.via ?? '') ? 'value' : 'key', data: { package: b.package, stage: b.stage, ...data } }));
    }
  }
  return out;
}

/** "gcc's build-depends-bootstrap1 leaves out glibc but still needs binutils, which is in the cycle …". */
function partialText(p: PartialBreak): string {
  const needs = p.needs === p.reaches ? p.needs : `${p.needs} (which brings ${p.reaches})`;
  const where = p.cycle ? `, which is in the cycle ${shownCycle(p.cycle)}` : ', which is never built';
  return `${p.package}'s build-depends-bootstrap${p.stage} leaves out ${p.leavesOut} but still needs ${needs}${where}`;
}

/** A cycle given first = last, elided past MAX_SHOWN_CYCLE like the paths. */
function shownCycle(nodes: string[] | undefined): string {
  if (!nodes || nodes.length < 2) return '(not found)';
  return pathText({ nodes: nodes.slice(0, -1), edges: [] }, 0);
}

/** "a", "a and b", "a, b and c". */
function andList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function bootstrapDeclarationDiagnostics(ws: Workspace, plan: Plan): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const unused = new Set(plan.unusedStages.map((u) => `${u.package}\u0000${u.stage}`));
  // (forEach: a map iterator made an object per package, on every edit.)
  ws.packages.forEach((pkg) => {
    if (pkg.bootstrap.length === 0) return;
    const full = new Set(pkg.buildDepends.map((r) => r.name));
    for (const set of pkg.bootstrap) {
      const names = new Set(set.items.map((r) => r.name));
      const dropsNothing = [...full].every((n) => names.has(n));
      if (dropsNothing) {
        out.push(at(set, 'warning', 'bootstrap-set-drops-nothing', `build-depends-bootstrap${set.stage} of '${pkg.name}' drops nothing from build-depends, so a stage-${set.stage} build breaks no cycle`, { on: 'key' }));
      }
      for (const item of set.items) {
        if (!full.has(item.name)) {
          out.push(at(item, 'information', 'bootstrap-set-adds', `'${item.name}' is not in the build-depends of '${pkg.name}'; the stage-${set.stage} build adds it`));
        }
      }
      if (unused.has(`${pkg.name}\u0000${set.stage}`) && !dropsNothing) {
        out.push(at(set, 'hint', 'bootstrap-set-unused', `the plan never builds '${pkg.name}' in stage ${set.stage}; build-depends-bootstrap${set.stage} is unused`, { on: 'key', tags: ['unnecessary'] }));
      }
    }
  });
  return out;
}
