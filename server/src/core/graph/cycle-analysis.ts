// Cycle classification (SPEC §2 "Cycles").
//
// The plan runs with unknown names assumed available (an unknown name is reported
// elsewhere and must not make a cycle look unbreakable).
// - Unbroken cycles: the non-trivial SCCs of the subgraph induced by the packages
//   the plan never builds in any form (no full, stage or prebuilt build); for each,
//   the shortest cycle through each member (inside that SCC), de-duplicated by edge
//   set, each with its fix candidates. A loop one of whose members got a bootstrap
//   build is broken, even when a stuck dependency elsewhere keeps its members from
//   full builds (they are then `depends-on-stuck`, not in a cycle): reporting it
//   as "no build-depends-bootstrapN breaks it" would be false. These are exactly the
//   packages the plan reports as stuck for reason `cycle`.
// - Broken cycles: the non-trivial SCCs of the whole build graph with no member in
//   an unbroken SCC (normally: all members get a full build); for each, one
//   representative shortest cycle and the bootstrap builds inside the SCC that
//   broke it.
//
// Preferred candidate (feedback-arc-set heuristic): removing an edge that lies on
// many cycles breaks many cycles at once, so each candidate "build P without Q" is
// scored by the number of distinct unbroken cycles found (over all SCCs) containing
// an edge out of P induced by Q; a cycle prefers its highest-scoring candidate,
// ties by lowest (P, Q) name.

import { buildGraph, type BuildGraph, type LocalGraph } from './build-graph';
import { edgeCandidate } from './breaking';
import { sameSequence } from './csr';
import { LayeredClusterProblem } from './layered-cluster';
import { markCluster, type HardCycles } from './layered-cluster-solver';
import { layeredCycles, type GlobalCycle } from './layered-cycles';
import { ClusterReach, type PackageMove } from './progress-fix';
import {
  CycleSearch,
  localComponentCycles,
  searchEdgeId,
  type ComponentCycle,
  type SearchBudget,
} from './cycles';
import { BootstrapPlan, sharedBootstrapPhase, unavailableScc, type BootstrapState } from './plan';
import { brokenComponents } from './broken-components';
import { componentMembers, isNonTrivial } from './scc';
import { scratchInt32 } from './scratch';
import type {
  BlockedMember,
  ClusterSummary,
  PartialBreak,
  BrokenComponent,
  CycleEdge,
  CyclePath,
  PackageSpec,
  StageCandidate,
  UnbrokenComponent,
  UnbrokenCycle,
} from './types';

export interface CycleAnalysis {
  graph: BuildGraph;
  /**
   * The plan the classification is based on (unknown names assumed available).
   * Built on first read (an enumerable getter): the classification itself needs
   * only the bootstrap phase, which it shares with `computePlan` of the same graph.
   */
  plan: BootstrapPlan;
  /** Ordered by lowest member. */
  unbroken: UnbrokenComponent[];
  /** Ordered by lowest member. */
  broken: BrokenComponent[];
  /** For each member of an unbroken SCC: its component and the cycle through it (indices into `unbroken`). */
  unbrokenByMember: Map<string, { component: number; cycle: number }>;
  /** For each member of a broken SCC: its index in `broken`. */
  brokenByMember: Map<string, number>;
  /**
   * The fix that always makes progress for a never-built package: a bootstrap set
   * without every entry leading into its cycle cluster (see progress-fix.ts);
   * null when it needs none. Computed on demand.
   */
  progressMove(pkg: string): PackageMove | null;
}

/**
 * Edge scans the exact shortest-cycle searches of one analysis may spend before
 * falling back to cheaper cycles (see `componentCycles`); only huge unbroken SCCs
 * ever reach it.
 */
export const DEFAULT_SEARCH_BUDGET = 20_000_000;

/**
 * Core SCCs up to this size get the shortest cycle through every member; bigger
 * ones only the cycles through the packages the fix-all's solver marks (a person
 * acts on those; the others stay reachable through hover and `strap graph`).
 */
export const DEFAULT_DETAIL_LIMIT = 100;

/** Candidates the checks offer on one entry at most (MAX_SHOWN_CYCLE there). */
const OFFERED_CANDIDATES = 12;

/**
 * Redundancy checks (one propagation each) the marking of a big cluster may spend
 * on every analysis: on a 10 000-package cluster a 5-million-unit budget dropped 8
 * of 2 300 marks for a fifth of the analysis time.
 */
const DIAGNOSTICS_IMPROVE_CHECKS = 16;

/** A cycle of a local graph in global ids, with each edge's via. */
function globalCycle(local: LocalGraph, rc: ComponentCycle): GlobalCycle {
  const k = rc.nodes.length;
  return {
    nodes: rc.nodes.map((i) => local.members[i]),
    vias: rc.nodes.map((u, j) => local.via[searchEdgeId(local, u, rc.nodes[(j + 1) % k])]),
    through: rc.through.map((m) => local.members[m]),
  };
}

/** The hard cycles behind each summary's lower bound, for the next analysis to check instead of packing again. */
const packingOf = new WeakMap<ClusterSummary, HardCycles>();
/** The node ids of a summary's `chosen` names in its analysis's graph: the next build mostly keeps them (name-interner.ts). */
const chosenIdsOf = new WeakMap<ClusterSummary, Int32Array>();

/** Packages the search for a blocked member's nearest unbroken cycle may visit. */
const NEAREST_CORE_VISITS = 5_000;

export interface CycleAnalysisOptions {
  /** Edge-scan budget of the exact searches (default DEFAULT_SEARCH_BUDGET). */
  searchBudget?: number;
  /** See DEFAULT_DETAIL_LIMIT. */
  detailLimit?: number;
  /**
   * Of a summarised cluster's marked packages, how many get their cycle (and so
   * errors): the first the marking chose (the most needed). Default: all.
   */
  errorsPerCluster?: number;
  /**
   * An earlier analysis of the same packages (before an edit): a big cluster's
   * marking starts from its marks and keeps them while they still break every
   * cycle, so they stay put while a person types. The result then depends on
   * that history (still a valid marking; the lower bound is computed afresh).
   */
  previous?: CycleAnalysis;
}

/** Classify the cycles of a set of packages (or of an already built graph). */
export function analyzeCycles(input: readonly PackageSpec[] | BuildGraph, options: CycleAnalysisOptions = {}): CycleAnalysis {
  const graph = Array.isArray(input) ? buildGraph(input as readonly PackageSpec[]) : (input as BuildGraph);
  const n = graph.size;
  const names = graph.names;
  // The classification needs only the bootstrap phase; the plan's report is built
  // when `plan` is read (nothing on the per-keystroke path reads it).
  const state = sharedBootstrapPhase(graph, { assumeUnknownAvailable: true });

  // ---- Unbroken: SCCs among the packages never built in any form.
  const sccS = unavailableScc(state);
  const comps: number[] = [];
  for (let c = 0; c < sccS.count; c++) if (isNonTrivial(sccS, c)) comps.push(c);
  comps.sort((a, b) => sccS.members[sccS.offsets[a]] - sccS.members[sccS.offsets[b]]);

  // The core of each: the members still never built when everything outside the
  // SCC is available. The core's own SCCs hold the cycles a fix must break there.
  const coreMask = new Uint8Array(n);
  // Each SCC's problem, kept for a core SCC that turns out to be the same set.
  const problemOf = new Map<string, LayeredClusterProblem>();
  const keyOf = (members: ArrayLike<number>): string => `${members.length}:${members[0]}:${members[members.length - 1]}`;
  for (const c of comps) {
    const problem = LayeredClusterProblem.unavailablePart(graph, componentMembers(sccS, c));
    for (let k = 0; k < problem.size; k++) coreMask[problem.members[k]] = 1;
    if (problem.size > 0) problemOf.set(keyOf(problem.members), problem);
  }
  const coreScc = graph.sccOf(coreMask);
  const coreComps: number[] = [];
  for (let c = 0; c < coreScc.count; c++) if (isNonTrivial(coreScc, c)) coreComps.push(c);
  const onCoreCycle = new Uint8Array(n);
  for (const c of coreComps) for (const v of componentMembers(coreScc, c)) onCoreCycle[v] = 1;

  // Only the earlier summaries are kept, not the earlier analysis: closures of
  // this one (progressMove) keep this scope alive, and through `options` each
  // analysis would keep every one before it.
  const earlierSummaries = options.previous?.unbroken.flatMap((component) => component.summaries) ?? [];
  /**
   * What the earlier analysis leaves `problem`: the marks of its clusters that
   * shared members with this one, as local ids in their order, and the hard
   * cycles behind those clusters' bounds.
   */
  const carriedOver = (problem: LayeredClusterProblem): { start?: number[]; packing?: HardCycles } => {
    const start: number[] = [];
    const packing: HardCycles = [];
    // Thousands of earlier marks against a problem of thousands of members: a
    // direct node → local id table rather than a search per mark.
    const localOf = scratchInt32('carriedOver.localOf', n).fill(-1);
    for (let k = 0; k < problem.size; k++) localOf[problem.members[k]] = k;
    for (const summary of earlierSummaries) {
      let shared = false;
      const ids = chosenIdsOf.get(summary);
      summary.chosen.forEach((name, k) => {
        let v = ids ? ids[k] : -1;
        if (v < 0 || v >= n || names[v] !== name) v = graph.index(name);
        const local = v < 0 ? -1 : localOf[v];
        if (local < 0) return;
        start.push(local);
        shared = true;
      });
      if (shared) packing.push(...(packingOf.get(summary) ?? []));
    }
    return start.length ? { start, packing } : {};
  };

  const budget: SearchBudget = { left: options.searchBudget ?? DEFAULT_SEARCH_BUDGET };
  const detailLimit = options.detailLimit ?? DEFAULT_DETAIL_LIMIT;
  const errorsPerCluster = options.errorsPerCluster !== undefined && options.errorsPerCluster > 0 ? options.errorsPerCluster : Infinity;
  const raw: GlobalCycle[][] = new Array(coreComps.length);
  const exactness: boolean[] = new Array(coreComps.length);
  const summaryOf: Array<ClusterSummary | undefined> = new Array(coreComps.length);
  // (p, q) as one number: p * n + q (global indices).
  const pairCount = new Map<number, number>(); // number of cycles with an edge out of p induced by q
  // Search the small SCCs first, so that one huge SCC exhausting the budget does
  // not cost the others their exact answers.
  const sizeOf = (c: number): number => coreScc.offsets[c + 1] - coreScc.offsets[c];
  const bySize = coreComps.map((_, ci) => ci).sort((x, y) => sizeOf(coreComps[x]) - sizeOf(coreComps[y]) || x - y);
  for (const ci of bySize) {
    const mem = componentMembers(coreScc, coreComps[ci]);
    if (mem.length <= detailLimit) {
      // The shortest cycle through every member, on the local build graph.
      const local = graph.localGraph(mem);
      const { cycles, exact } = localComponentCycles(new CycleSearch(local), budget);
      raw[ci] = cycles.map((rc) => globalCycle(local, rc));
      exactness[ci] = exact;
      continue;
    }
    // Too big for a cycle per member: the cycles through the packages a quick
    // solve of the layered problem marks (moves that break it), one error each.
    const known = problemOf.get(keyOf(mem));
    const problem = known && sameSequence(known.members, mem) ? known : LayeredClusterProblem.unavailablePart(graph, mem);
    const solution = markCluster(problem, { improveBudget: DIAGNOSTICS_IMPROVE_CHECKS * problem.work, ...carriedOver(problem) });
    const localMarked = solution.chosen.slice().sort((x, y) => x - y);
    const reported = solution.chosen.length > errorsPerCluster ? solution.chosen.slice(0, errorsPerCluster).sort((x, y) => x - y) : localMarked;
    raw[ci] = layeredCycles(problem, reported);
    exactness[ci] = true;
    const summary: ClusterSummary = {
      size: mem.length,
      marked: localMarked.map((v) => names[problem.members[v]]),
      chosen: solution.chosen.map((v) => names[problem.members[v]]),
      reported: reported.length,
      lowerBound: solution.lowerBound,
    };
    packingOf.set(summary, solution.packing);
    chosenIdsOf.set(summary, Int32Array.from(solution.chosen, (v) => problem.members[v]));
    summaryOf[ci] = summary;
  }
  raw.forEach((cycles) => {
    for (const rc of cycles) {
      const pairs = new Set<number>();
      for (let j = 0; j < rc.nodes.length; j++) pairs.add(rc.nodes[j] * n + rc.vias[j]);
      for (const pq of pairs) pairCount.set(pq, (pairCount.get(pq) ?? 0) + 1);
    }
  });

  // The cycle found through each core member (global index → nodes, first = last).
  const cycleThroughCore = new Map<number, string[]>();
  raw.forEach((cycles) => {
    for (const rc of cycles) {
      const nodes = rc.nodes;
      for (let j = 0; j < nodes.length; j++) {
        if (cycleThroughCore.has(nodes[j])) continue;
        const rotated: string[] = [];
        for (let k = 0; k <= nodes.length; k++) rotated.push(names[nodes[(j + k) % nodes.length]]);
        cycleThroughCore.set(nodes[j], rotated);
      }
    }
  });
  const kahn = state.kahn;
  /**
   * The first never-built core package that installing `entry` needs built (through
   * a binary, its package), else -1. Memoised per entry: the same stage-set entries
   * come up on many cycles, and a closure can hold thousands of packages.
   */
  const coreReachedMemo = new Map<number, number>();
  const coreReached = (entry: number): number => {
    let found = coreReachedMemo.get(entry);
    if (found !== undefined) return found;
    const target = graph.buildTarget;
    found = -1;
    if (target[entry] >= 0 && coreMask[target[entry]]) found = target[entry];
    else {
      const cl = graph.closureOf(entry);
      for (let k = 0; k < cl.length; k++) {
        if (target[cl[k]] >= 0 && coreMask[target[cl[k]]]) {
          found = target[cl[k]];
          break;
        }
      }
    }
    coreReachedMemo.set(entry, found);
    return found;
  };

  // Candidates by (p, q), then by r.
  const candidateMemo = new Map<number, Map<number, ReturnType<typeof edgeCandidate>>>();
  const cyclesOfCore: UnbrokenCycle[][] = raw.map((cycles, ci) =>
    cycles.map((rc) => {
      const path = pathOf(rc);
      // A summarised cycle is reported on the edges out of its marked packages only,
      // whose fixes are the candidates of that edge and the next ones: no more are needed.
      let wanted: Uint8Array | undefined;
      if (summaryOf[ci]) {
        const len = rc.nodes.length;
        const marked = new Set(rc.through);
        wanted = new Uint8Array(len);
        for (let t = 0; t < len; t++) {
          if (!marked.has(rc.nodes[t])) continue;
          for (let d = 0; d < Math.min(len, OFFERED_CANDIDATES); d++) wanted[(t + d) % len] = 1;
        }
      }
      let partial: PartialBreak | undefined;
      for (let j = 0; j < rc.nodes.length && !partial; j++) {
        if (!wanted || wanted[j]) partial = partialBreak(rc.nodes[j], rc.vias[j], rc.nodes[(j + 1) % rc.nodes.length]);
      }
      const cycle = { ...path, through: rc.through.map((m) => names[m]) } as UnbrokenCycle;
      // The per-edge candidates are alternatives in the quick fixes, which are
      // computed when asked: so are they (each costs a closure search).
      let picked: { candidates: StageCandidate[]; preferred: number } | undefined;
      const pick = () => (picked ??= candidatesOf(rc, path, wanted));
      Object.defineProperty(cycle, 'candidates', { get: () => pick().candidates, enumerable: true });
      Object.defineProperty(cycle, 'preferred', { get: () => pick().preferred, enumerable: true });
      if (partial) cycle.partial = partial;
      if (summaryOf[ci]) cycle.summarised = true;
      return cycle;
    }),
  );

  /** One candidate per edge (of the wanted ones) whose fix would change something, and the preferred one. */
  function candidatesOf(rc: GlobalCycle, path: CyclePath, wanted: Uint8Array | undefined): { candidates: StageCandidate[]; preferred: number } {
    const candidates: StageCandidate[] = [];
    const keys: Array<[number, number]> = [];
    for (let j = 0; j < rc.nodes.length; j++) {
      if (wanted && !wanted[j]) continue;
      const p = rc.nodes[j];
      const q = rc.vias[j];
      const r = rc.nodes[(j + 1) % rc.nodes.length];
      let byR = candidateMemo.get(p * n + q);
      if (!byR) candidateMemo.set(p * n + q, (byR = new Map()));
      let cand = byR.get(r);
      if (cand === undefined) {
        cand = edgeCandidate(graph, p, q, r);
        byR.set(r, cand);
      }
      if (!cand) continue;
      candidates.push({ ...cand, edge: path.edges[j], score: pairCount.get(p * n + q) ?? 0 });
      keys.push([p, q]);
    }
    let preferred = -1;
    for (let j = 0; j < candidates.length; j++) {
      if (preferred < 0) {
        preferred = j;
        continue;
      }
      const a = candidates[j];
      const b = candidates[preferred];
      if (
        a.score > b.score ||
        (a.score === b.score &&
          (keys[j][0] < keys[preferred][0] || (keys[j][0] === keys[preferred][0] && keys[j][1] < keys[preferred][1])))
      ) {
        preferred = j;
      }
    }
    return { candidates, preferred };
  }

  /** The path of a cycle in global ids, by name. */
  function pathOf(rc: GlobalCycle): CyclePath {
    const edges: CycleEdge[] = [];
    for (let j = 0; j < rc.nodes.length; j++) {
      edges.push({ from: names[rc.nodes[j]], to: names[rc.nodes[(j + 1) % rc.nodes.length]], via: names[rc.vias[j]] });
    }
    return { nodes: rc.nodes.map((v) => names[v]), edges };
  }

  /**
   * The edge p → r (via q) is left out by a stage set of p that neither holds r
   * nor leads to it; that set still needs the cycle's core (else p would be built).
   */
  function partialBreak(p: number, q: number, r: number): PartialBreak | undefined {
    for (const set of graph.stages[p]) {
      if (graph.closuresHold(set.entries, r)) continue;
      for (const name of set.buildDepends) {
        const e = graph.index(name);
        if (e < 0) continue;
        const reached = coreReached(e);
        if (reached < 0) continue;
        const cycle = cycleThroughCore.get(reached);
        return { package: names[p], stage: set.stage, leavesOut: names[q], needs: name, reaches: names[reached], ...(cycle ? { cycle } : {}) };
      }
    }
    return undefined;
  }

  /** The nearest package on a core cycle reachable from never-built v (BFS over never-built packages). */
  function nearestCore(v: number): number {
    if (onCoreCycle[v]) return v;
    const seen = new Set<number>([v]);
    const queue = [v];
    for (let head = 0; head < queue.length && head < NEAREST_CORE_VISITS; head++) {
      const u = queue[head];
      for (const w of graph.successors(u)) {
        if (seen.has(w) || !graph.declared[w] || state.avail[w]) continue;
        if (onCoreCycle[w]) return w;
        seen.add(w);
        queue.push(w);
      }
    }
    return -1;
  }

  // The members of an SCC share entries, and an entry's closure can hold
  // thousands of packages: what an entry leads to is looked up once per SCC.
  let neverBuiltMemo = new Map<number, number>();
  let memoScc = -1;
  /**
   * The first never-built package that installing `q` needs built (through a
   * binary, its package), else -1; on pass 0 only one outside SCC `c`.
   */
  const neverBuiltIn = (q: number, pass: number, c: number): number => {
    if (memoScc !== c) {
      neverBuiltMemo = new Map();
      memoScc = c;
    }
    const key = q * 2 + pass;
    const known = neverBuiltMemo.get(key);
    if (known !== undefined) return known;
    let found = -1;
    const cl = graph.closureOf(q);
    for (let j = -1; j < cl.length; j++) {
      // A binary needs its package built (a prebuilt one or a virtual name: nothing).
      const x = graph.buildTarget[j < 0 ? q : cl[j]];
      if (x < 0 || !graph.declared[x] || state.avail[x]) continue;
      if (pass === 0 && sccS.compOf[x] === c) continue;
      found = x;
      break;
    }
    neverBuiltMemo.set(key, found);
    return found;
  };
  const nearestCoreMemo = new Map<number, number>();
  const nearestCoreOf = (v: number): number => {
    let found = nearestCoreMemo.get(v);
    if (found === undefined) nearestCoreMemo.set(v, (found = nearestCore(v)));
    return found;
  };

  const componentOfCore = new Int32Array(n).fill(-1);
  coreComps.forEach((c, ci) => {
    for (const v of componentMembers(coreScc, c)) componentOfCore[v] = ci;
  });
  const unbroken: UnbrokenComponent[] = [];
  comps.forEach((c) => {
    const mem = componentMembers(sccS, c);
    const cycles: UnbrokenCycle[] = [];
    const summaries: ClusterSummary[] = [];
    const seenCore = new Set<number>();
    let exact = true;
    const blocked: BlockedMember[] = [];
    for (let k = 0; k < mem.length; k++) {
      const v = mem[k];
      const ci = componentOfCore[v];
      if (ci >= 0) {
        if (!seenCore.has(ci)) {
          seenCore.add(ci);
          for (const cycle of cyclesOfCore[ci]) cycles.push(cycle);
          if (!exactness[ci]) exact = false;
          const summary = summaryOf[ci];
          if (summary) summaries.push(summary);
        }
        continue;
      }
      // Blocked: its first entry leading to a never-built package, and where that leads.
      // Prefer what it needs from outside its SCC: that is what blocks it.
      let entry = -1;
      let needs = -1;
      for (let pass = 0; pass < 2 && entry < 0; pass++) {
        for (let e = graph.bdOffsets[v]; e < graph.bdOffsets[v + 1] && entry < 0; e++) {
          const q = graph.bdTargets[e];
          if (kahn.installable[graph.installComp[q]]) continue;
          const x = neverBuiltIn(q, pass, c);
          if (x < 0) continue;
          entry = q;
          needs = x;
        }
      }
      if (entry < 0) continue;
      const reached = nearestCoreOf(needs);
      const member: BlockedMember = {
        package: names[v],
        entry: names[entry],
        needs: names[needs],
        upstream: reached >= 0 && sccS.compOf[reached] !== c,
      };
      if (reached >= 0) {
        member.core = names[reached];
        const cycle = cycleThroughCore.get(reached);
        if (cycle) member.cycle = cycle;
      }
      blocked.push(member);
    }
    // A giant cluster has tens of thousands of members: their names are listed
    // when read (hover, plan, report), not on every edit's diagnostics.
    let memberNames: string[] | undefined;
    let coreNames: string[] | undefined;
    unbroken.push(Object.defineProperties({ blocked, summaries, cycles, exact } as UnbrokenComponent, {
      members: { enumerable: true, get: () => (memberNames ??= Array.from(mem, (i) => names[i])) },
      core: { enumerable: true, get: () => (coreNames ??= Array.from(mem.filter((v) => componentOfCore[v] >= 0), (i) => names[i])) },
    }));
  });
  // ---- Broken: SCCs of the whole graph without a member in an unbroken SCC.
  const inUnbroken = new Uint8Array(n);
  for (const c of comps) for (const v of componentMembers(sccS, c)) inUnbroken[v] = 1;
  const sccAll = graph.scc();
  const { broken, brokenByMember } = brokenComponents(state, sccAll, inUnbroken, budget);

  return cycleAnalysisOf(state, { unbroken, broken, brokenByMember });
}

/** What a classification found, all by name: it does not depend on the graph's numbering. */
export interface CycleClassification {
  unbroken: UnbrokenComponent[];
  broken: BrokenComponent[];
  brokenByMember: Map<string, number>;
}

/**
 * The analysis of `state`'s graph with `found` as its classification: its plan
 * and progress moves are that graph's, built when read.
 */
export function cycleAnalysisOf(state: BootstrapState, found: CycleClassification): CycleAnalysis {
  const graph = state.graph;
  let plan: BootstrapPlan | undefined;
  let reach: ClusterReach | undefined;
  let unbrokenByMember: Map<string, { component: number; cycle: number }> | undefined;
  const moves = new Map<string, PackageMove | null>();
  return {
    progressMove(pkg: string): PackageMove | null {
      let move = moves.get(pkg);
      if (move !== undefined) return move;
      const v = graph.index(pkg);
      if (v < 0 || !graph.declared[v] || state.avail[v]) move = null;
      else move = (reach ??= new ClusterReach(graph, state.avail, graph.scc())).moveOf(v);
      moves.set(pkg, move);
      return move;
    },
    graph,
    get plan(): BootstrapPlan {
      return (plan ??= new BootstrapPlan(state));
    },
    set plan(value: BootstrapPlan) {
      plan = value;
    },
    unbroken: found.unbroken,
    broken: found.broken,
    get unbrokenByMember(): Map<string, { component: number; cycle: number }> {
      return (unbrokenByMember ??= membersOfUnbroken(found.unbroken));
    },
    brokenByMember: found.brokenByMember,
  };
}

/**
 * `found` as plain data, its lazy parts read (member lists, candidates): it
 * then keeps nothing of the analysis that found it, whose graph an analysis
 * carrying it over would otherwise keep alive beside its own. A cluster's
 * summaries stay the same objects: the next analysis starts its marking from
 * them.
 */
export function detachedClassification(found: CycleClassification): CycleClassification {
  return {
    unbroken: found.unbroken.map((component) => ({ ...component, cycles: component.cycles.map((cycle) => ({ ...cycle })) })),
    broken: found.broken,
    brokenByMember: found.brokenByMember,
  };
}

/** Each unbroken SCC member's component, and the index of its cycle there for a member some cycle goes through (the last such cycle). */
function membersOfUnbroken(unbroken: readonly UnbrokenComponent[]): Map<string, { component: number; cycle: number }> {
  const byMember = new Map<string, { component: number; cycle: number }>();
  unbroken.forEach((component, index) => {
    component.cycles.forEach((cycle, j) => {
      for (const m of cycle.through) byMember.set(m, { component: index, cycle: j });
    });
    for (const name of component.members) if (!byMember.has(name)) byMember.set(name, { component: index, cycle: -1 });
  });
  return byMember;
}
