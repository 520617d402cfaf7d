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
import {
  ANY_NODE,
  CycleSearch,
  OUT_OF_BUDGET,
  RootTrees,
  cyclePathOf,
  localComponentCycles,
  searchEdgeId,
  type ComponentCycle,
  type SearchBudget,
} from './cycles';
import { BootstrapPlan, KIND_STAGE, sharedBootstrapPhase, unavailableScc } from './plan';
import { componentMembers, isNonTrivial } from './scc';
import type {
  BootstrapBuildRef,
  BrokenComponent,
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
}

/**
 * Edge scans the exact shortest-cycle searches of one analysis may spend before
 * falling back to cheaper cycles (see `componentCycles`); only huge unbroken SCCs
 * ever reach it.
 */
export const DEFAULT_SEARCH_BUDGET = 20_000_000;

export interface CycleAnalysisOptions {
  /** Edge-scan budget of the exact searches (default DEFAULT_SEARCH_BUDGET). */
  searchBudget?: number;
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

  const budget: SearchBudget = { left: options.searchBudget ?? DEFAULT_SEARCH_BUDGET };
  const locals: LocalGraph[] = new Array(comps.length);
  const raw: ComponentCycle[][] = new Array(comps.length);
  const exactness: boolean[] = new Array(comps.length);
  // (p, q) as one number: p * n + q (global indices).
  const pairCount = new Map<number, number>(); // number of cycles with an edge out of p induced by q
  // Search the small SCCs first, so that one huge SCC exhausting the budget does
  // not cost the others their exact answers.
  const sizeOf = (c: number): number => sccS.offsets[c + 1] - sccS.offsets[c];
  const bySize = comps.map((_, ci) => ci).sort((x, y) => sizeOf(comps[x]) - sizeOf(comps[y]) || x - y);
  for (const ci of bySize) {
    const local = graph.localGraph(componentMembers(sccS, comps[ci]));
    const { cycles, exact } = localComponentCycles(new CycleSearch(local), budget);
    locals[ci] = local;
    raw[ci] = cycles;
    exactness[ci] = exact;
  }
  /** Global (from, via, to) of the local edge u → v. */
  const edgeOf = (local: LocalGraph, u: number, v: number): [number, number, number] => [
    local.members[u],
    local.via[searchEdgeId(local, u, v)],
    local.members[v],
  ];
  raw.forEach((cycles, ci) => {
    for (const rc of cycles) {
      const pairs = new Set<number>();
      for (let j = 0; j < rc.nodes.length; j++) {
        const [p, q] = edgeOf(locals[ci], rc.nodes[j], rc.nodes[(j + 1) % rc.nodes.length]);
        pairs.add(p * n + q);
      }
      for (const pq of pairs) pairCount.set(pq, (pairCount.get(pq) ?? 0) + 1);
    }
  });

  // Candidates by (p, q), then by r.
  const candidateMemo = new Map<number, Map<number, ReturnType<typeof edgeCandidate>>>();
  const unbroken: UnbrokenComponent[] = [];
  const unbrokenByMember = new Map<string, { component: number; cycle: number }>();
  comps.forEach((c, ci) => {
    const local = locals[ci];
    const cycles: UnbrokenCycle[] = raw[ci].map((rc, k) => {
      const path = cyclePathOf(graph, rc.nodes, local);
      const candidates: StageCandidate[] = [];
      const keys: Array<[number, number]> = [];
      for (let j = 0; j < rc.nodes.length; j++) {
        const [p, q, r] = edgeOf(local, rc.nodes[j], rc.nodes[(j + 1) % rc.nodes.length]);
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
      const through = rc.through.map((m) => names[local.members[m]]);
      for (const m of through) unbrokenByMember.set(m, { component: ci, cycle: k });
      return { ...path, through, candidates, preferred };
    });
    unbroken.push({ members: Array.from(componentMembers(sccS, c), (i) => names[i]), cycles, exact: exactness[ci] });
  });

  // ---- Broken: SCCs of the whole graph without a member in an unbroken SCC: every
  // cycle in them has a member built in some form (normally all get full builds;
  // a stuck dependency elsewhere may still keep some of them from full builds).
  const inUnbroken = new Uint8Array(n);
  for (const c of comps) for (const v of componentMembers(sccS, c)) inUnbroken[v] = 1;
  const sccAll = graph.scc();
  const broken: BrokenComponent[] = [];
  for (let c = 0; c < sccAll.count; c++) {
    if (!isNonTrivial(sccAll, c)) continue;
    const mem = componentMembers(sccAll, c);
    let clean = true;
    for (let k = 0; k < mem.length; k++) if (inUnbroken[mem[k]]) clean = false;
    if (!clean) continue;
    const brokenBy: BootstrapBuildRef[] = [];
    let firstBreaker = -1;
    for (let k = 0; k < mem.length; k++) {
      const v = mem[k];
      const stages: number[] = [];
      for (let b = state.latestBuild[v]; b >= 0; b = state.prevBuild[b]) {
        if (state.buildKind[b] === KIND_STAGE) stages.push(state.buildStage[b]);
      }
      stages.sort((a, b) => a - b);
      if (graph.prebuilt[v]) brokenBy.push({ package: names[v], stage: 'prebuilt' });
      for (const s of stages) brokenBy.push({ package: names[v], stage: s });
      if (firstBreaker < 0 && (graph.prebuilt[v] || stages.length > 0)) firstBreaker = v;
    }
    const local = graph.localGraph(mem);
    const search = new CycleSearch(local);
    const start = local.localOf(firstBreaker >= 0 ? firstBreaker : mem[0]);
    let found = search.shortestThrough(start, ANY_NODE, budget);
    if (found === OUT_OF_BUDGET) found = search.cycleViaTrees(start, new RootTrees(start, ANY_NODE));
    const nodes = found ?? [start];
    broken.push({ members: Array.from(mem, (i) => names[i]), cycle: cyclePathOf(graph, nodes, local), brokenBy });
  }
  broken.sort((a, b) => (a.members[0] < b.members[0] ? -1 : a.members[0] > b.members[0] ? 1 : 0));
  const brokenByMember = new Map<string, number>();
  broken.forEach((b, k) => {
    for (const m of b.members) brokenByMember.set(m, k);
  });

  let plan: BootstrapPlan | undefined;
  return {
    graph,
    get plan(): BootstrapPlan {
      return (plan ??= new BootstrapPlan(state));
    },
    set plan(value: BootstrapPlan) {
      plan = value;
    },
    unbroken,
    broken,
    unbrokenByMember,
    brokenByMember,
  };
}
