// Breaking unbroken cycles with build-depends-bootstrapN annotations.
//
// Candidates (one per cycle edge P →(via Q) R): "build P without Q in bootstrap
// stage N":
// - N is the lowest existing stage of P whose set contains Q: that set is
//   rewritten without Q (update);
// - P has no bootstrap set: N = 1, new set = build-depends(P) minus Q;
// - P has sets, none containing Q: N = max + 1, new set = build-depends(P) minus Q.
// A candidate is skipped when it would change nothing: its new set equals another
// bootstrap set P already has, or the runtime closure of the new set still contains
// R (the stage-N build would still need R, so the edge stays).
//
// planFixAll: per cluster of never-built packages, the fewest packages to give
// a bootstrap set (cluster-solver.ts: exact on small clusters, a feedback-vertex-
// set heuristic with local improvement on large ones), then the fewest dropped
// entries (fewest-drops.ts); with a lower bound on the number of packages (see
// planFixAll).

import { BuildGraph, buildGraph } from './build-graph';
import { AvailabilityFixpoint } from './availability';
import { ClusterProblem } from './cluster-problem';
import { solveCluster } from './cluster-solver';
import { packageMove, type PackageMove } from './progress-fix';
import { fewestDrops } from './fewest-drops';
import { dropLowerBound } from './drop-lower-bound';
import { binaryHas, markReachable, sameSequence } from './csr';
import { componentMembers, isNonTrivial } from './scc';
import type { FixAllResult, FixAnnotation, PackageSpec } from './types';

/** Where removing Q from P's bootstrap sets goes (before the skip checks). */
export interface CandidateBase {
  stage: number;
  /** The list the new set is derived from: the existing stage set, or build-depends(P). */
  base: readonly string[];
  update: boolean;
}

/** The stage N and base list for "build P without Q" (node indices). */
export function candidateBase(graph: BuildGraph, p: number, q: number): CandidateBase {
  const { stage, base, update } = candidateBaseEntries(graph, p, q);
  return { stage, base, update };
}

/** `candidateBase`, with the base's node indices (ascending, de-duplicated). */
function candidateBaseEntries(graph: BuildGraph, p: number, q: number): CandidateBase & { entries: Int32Array } {
  const sets = graph.stages[p];
  for (const s of sets) {
    if (binaryHas(s.entries, q)) return { stage: s.stage, base: s.buildDepends, update: true, entries: s.entries };
  }
  const entries = graph.directDepsOf(p);
  if (sets.length === 0) return { stage: 1, base: graph.buildDepends[p], update: false, entries };
  return { stage: sets[sets.length - 1].stage + 1, base: graph.buildDepends[p], update: false, entries };
}

/** An ascending index list without x. */
function without(list: Int32Array, x: number): Int32Array {
  const at = list.indexOf(x);
  if (at < 0) return list;
  const out = new Int32Array(list.length - 1);
  out.set(list.subarray(0, at));
  out.set(list.subarray(at + 1), at);
  return out;
}

/**
 * The candidate "build P without Q in bootstrap stage N" for the edge p → r induced
 * by q (node indices), or null when it would change nothing.
 */
export function edgeCandidate(
  graph: BuildGraph,
  p: number,
  q: number,
  r: number,
): { package: string; stage: number; remove: string; newSet: string[]; update: boolean } | null {
  const { stage, base, update, entries } = candidateBaseEntries(graph, p, q);
  const qName = graph.names[q];
  const newSet = base.filter((x) => x !== qName);
  // The node set of newSet: the base's (ascending, every name a node) without q.
  const idx = without(entries, q);
  for (const s of graph.stages[p]) {
    if (update && s.stage === stage) continue;
    if (sameSequence(s.entries, idx)) return null;
  }
  if (graph.closuresHold(idx, r)) return null;
  return { package: graph.names[p], stage, remove: qName, newSet, update };
}

/** Apply annotations to a copy of the specs (bootstrap sets replaced or added). */
export function applyAnnotations(
  specs: readonly PackageSpec[],
  annotations: ReadonlyArray<{ package: string; stage: number; newSet: readonly string[] }>,
): PackageSpec[] {
  const byPkg = new Map<string, Array<{ stage: number; newSet: readonly string[] }>>();
  for (const a of annotations) {
    const list = byPkg.get(a.package) ?? [];
    list.push(a);
    byPkg.set(a.package, list);
  }
  const done = new Set<string>();
  return specs.map((s) => {
    const list = byPkg.get(s.name);
    if (!list || done.has(s.name)) return s;
    done.add(s.name);
    const bootstrap = (s.bootstrap ?? []).map((b) => ({ stage: b.stage, buildDepends: b.buildDepends.slice() }));
    for (const a of list) {
      const existing = bootstrap.find((b) => b.stage === a.stage);
      if (existing) existing.buildDepends = a.newSet.slice();
      else bootstrap.push({ stage: a.stage, buildDepends: a.newSet.slice() });
    }
    return { ...s, bootstrap };
  });
}

export interface FixAllOptions {
  /** Propagation work the exact search of one cluster may spend (see solveCluster). */
  exactBudget?: number;
  /** Propagation work the redundancy elimination of one cluster may spend. */
  improveBudget?: number;
  /** Propagation work the search for fewer dropped entries may spend per cluster (see fewestDrops). */
  searchWork?: number;
  /** Propagation work the first pass of that search may spend per cluster (see fewestDrops). */
  firstPassWork?: number;
}

/** Above this many moves in one cluster, they are applied in the order chosen, not re-ordered for fewer removals. */
const REORDER_LIMIT = 200;

/**
 * Annotations that leave no unbroken cycle, as few packages as the cluster
 * solver finds (see cluster-solver.ts), then as few dropped entries as
 * fewest-drops.ts finds (each set keeps every entry it can, given the others;
 * a move may be traded for several that drop fewer entries). Unknown names are assumed available, as in the
 * cycle analysis. Pass the specs (and, optionally, their already built graph)
 * or just the graph.
 *
 * The never-built packages are solved as one problem; the moves are applied
 * and availability propagates. (Should fewest-drops.ts find the chosen moves do
 * not resolve the problem, each move's set leaves out exactly the entries still
 * unavailable when it is applied, the move leaving out fewest first.)
 *
 * `lowerBound`: the sum, over the unbroken SCCs at the start, of the solver's
 * lower bound for each with everything outside it available (no annotation
 * outside an SCC can lower what it needs inside).
 */
export function planFixAll(input: readonly PackageSpec[] | BuildGraph, graph?: BuildGraph, options: FixAllOptions = {}): FixAllResult {
  const g = graph ?? (input instanceof BuildGraph ? input : buildGraph(input as readonly PackageSpec[]));
  const n = g.size;
  const fp = new AvailabilityFixpoint(g, true);
  const kahn = fp.kahn;
  const avail = kahn.avail;
  const annotations = new Map<number, FixAnnotation>();
  const solveOptions = { exactBudget: options.exactBudget, improveBudget: options.improveBudget };

  // Lower bound over the unbroken SCCs as they are now.
  let lowerBound = 0;
  let droppedLowerBound = 0;
  let exact = true;
  // The only unbroken SCC's problem and solution, while there is one: the first
  // round's problem is often that one (one giant cluster, nothing outside it
  // unavailable), and solving a giant cluster twice cost seconds.
  let lone: { problem: ClusterProblem; solution: ReturnType<typeof solveCluster> } | undefined;
  let unbrokenSccs = 0;
  {
    const unavailable = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (g.declared[i] && !avail[i]) unavailable[i] = 1;
    const scc = g.sccOf(unavailable);
    for (let c = 0; c < scc.count; c++) {
      if (!isNonTrivial(scc, c)) continue;
      const problem = ClusterProblem.unavailablePart(g, componentMembers(scc, c));
      const solution = solveCluster(problem, solveOptions);
      lone = ++unbrokenSccs === 1 ? { problem, solution } : undefined;
      lowerBound += solution.lowerBound;
      droppedLowerBound += dropLowerBound(g, problem.members);
    }
  }

  // The never-built packages on cycles, as one problem: bootstrap sets can need
  // packages outside their build-graph SCC, so the SCCs alone do not separate
  // the choices. Never-built packages on no cycle stay outside (unavailable: a
  // set needing one waits); a later round takes what a round left.
  for (let round = 0; round <= n; round++) {
    const unavailable = new Uint8Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (g.declared[i] && !avail[i]) {
        unavailable[i] = 1;
        any = true;
      }
    }
    if (!any) break;
    const members = membersOnCycles(g, unavailable);
    if (members.length === 0) break;
    // The first round's problem is the one giant cluster's when nothing else is
    // unavailable: that problem and its solution are taken over.
    const isUnavailable = (v: number): boolean => unavailable[v] === 1;
    const same = lone && sameSequence(lone.problem.members, members) && !ClusterProblem.anySetBlocked(g, members, isUnavailable) ? lone : undefined;
    lone = undefined;
    const problem = same?.problem ?? new ClusterProblem(g, members, isUnavailable);
    const solution = same?.solution ?? solveCluster(problem, solveOptions);
    if (round === 0) lowerBound = Math.max(lowerBound, solution.lowerBound);
    if (!solution.exact) exact = false;
    const fewest = fewestDrops(problem, solution.chosen, isUnavailable, options.searchWork, options.firstPassWork);
    const moved = fewest
      ? applyRefined(g, fp, fewest.map(({ member, move }) => ({ p: problem.members[member], move })), annotations)
      : applyMoves(g, fp, solution.chosen.map((v) => problem.members[v]), annotations);
    if (moved === 0) break;
  }

  let resolved = true;
  for (let i = 0; i < n; i++) if (g.declared[i] && !avail[i]) resolved = false;
  const list = Array.from(annotations.values()).sort((a, b) =>
    a.package < b.package ? -1 : a.package > b.package ? 1 : a.stage - b.stage,
  );
  const dropped = list.reduce((sum, a) => sum + a.remove.length, 0);
  return { annotations: list, resolved, lowerBound: Math.min(lowerBound, list.length), exact: exact && lowerBound >= list.length, dropped, droppedLowerBound };
}

/** Records the moves fewestDrops chose and makes their sets available to the fixpoint. */
function applyRefined(g: BuildGraph, fp: AvailabilityFixpoint, moves: Array<{ p: number; move: PackageMove }>, annotations: Map<number, FixAnnotation>): number {
  for (const { p, move } of moves) {
    annotations.set(p, { package: move.package, stage: move.stage, remove: move.remove, newSet: move.newSet, update: move.update });
    const entries = Int32Array.from(new Set(move.newSet.map((x) => g.index(x)).filter((x) => x >= 0))).sort();
    fp.addStageSet(p, move.stage, entries);
  }
  return moves.length;
}

/**
 * Applies the moves on `chosen` (global ids): each leaves out the entries whose
 * runtime closure still holds an unavailable package; the move removing the
 * fewest entries goes first, so that earlier moves spare later ones removals.
 * A chosen package that propagation already made available needs no move.
 */
function applyMoves(g: BuildGraph, fp: AvailabilityFixpoint, chosen: number[], annotations: Map<number, FixAnnotation>): number {
  const installable = fp.kahn.installable;
  const comp = g.installComp;
  const avail = fp.kahn.avail;
  const bad = (q: number): boolean => installable[comp[q]] === 0;
  const left = chosen.slice();
  let moved = 0;
  while (left.length > 0) {
    let at = -1;
    let move: PackageMove | null = null;
    const scan = left.length > REORDER_LIMIT ? 1 : left.length;
    for (let i = 0; i < scan; i++) {
      const p = left[i];
      if (avail[p]) continue;
      const mv = packageMove(g, p, bad);
      if (mv && (!move || mv.remove.length < move.remove.length)) {
        move = mv;
        at = i;
      }
    }
    if (!move) {
      // Everything scanned is available already (or needs no move): drop those.
      left.splice(0, scan);
      continue;
    }
    const p = left[at];
    left.splice(at, 1);
    annotations.set(p, { package: move.package, stage: move.stage, remove: move.remove, newSet: move.newSet, update: move.update });
    moved++;
    const entries = Int32Array.from(new Set(move.newSet.map((x) => g.index(x)).filter((x) => x >= 0))).sort();
    fp.addStageSet(p, move.stage, entries);
  }
  return moved;
}

/**
 * The never-built packages on a cycle of never-built packages (build edges), and
 * every never-built package they need, through build edges or bootstrap sets:
 * the candidates and what they wait on. Ascending.
 */
function membersOnCycles(g: BuildGraph, unavailable: Uint8Array): Int32Array {
  const scc = g.sccOf(unavailable);
  const inSet = new Uint8Array(g.size);
  for (let c = 0; c < scc.count; c++) {
    if (!isNonTrivial(scc, c)) continue;
    for (const v of componentMembers(scc, c)) inSet[v] = 1;
  }
  // Everything never built they need, through build edges or their bootstrap
  // sets: it waits on the cycles too, so it resolves with them (a package
  // needing a cycle but not needed by one never matters to the choice).
  const queue: number[] = [];
  for (let v = 0; v < g.size; v++) if (inSet[v]) queue.push(v);
  const reach = (y: number): void => {
    const x = g.buildTarget[y]; // a binary: its package
    if (x >= 0 && unavailable[x] && !inSet[x]) {
      inSet[x] = 2;
      queue.push(x);
    }
  };
  // Each install component's closure is reached once: reach() does the same
  // whatever needs it, and where runtime closures hold most of a tangle,
  // expanding them per package was quadratic.
  const installScc = g.installScc;
  const compDone = new Uint8Array(installScc.count);
  const reachMembers = (c: number): void => {
    for (let m = installScc.offsets[c]; m < installScc.offsets[c + 1]; m++) reach(installScc.members[m]);
  };
  const reachClosure = (q: number): void => markReachable(g.installSucc, compDone, g.installComp[q], reachMembers);
  while (queue.length > 0) {
    const u = queue.pop() as number;
    const deps = g.directDepsOf(u);
    for (let k = 0; k < deps.length; k++) reachClosure(deps[k]);
    for (const s of g.stages[u]) for (let k = 0; k < s.entries.length; k++) reachClosure(s.entries[k]);
  }
  const out: number[] = [];
  for (let v = 0; v < g.size; v++) if (inSet[v]) out.push(v);
  return Int32Array.from(out);
}
