// Moves that break every cycle of a big cluster, found on the layered problem
// (LayeredClusterProblem) in time about linear in its size: what the per-edit
// diagnostics of a giant cluster mark. `strap fix` keeps the slower
// cluster-solver.ts, which searches harder for the fewest moves.
//
// - The need graph in layered form: a member points at the install components
//   its sets need, a component at its members in the cluster and its successor
//   components. Only members on one of its cycles can be worth a move.
// - Greedy feedback vertex set with the classic reductions (a node with no
//   remaining in- or out-neighbour is on no remaining cycle and drops out): the
//   remaining member needed most widely (an estimate of the sets that need it,
//   directly or through runtime closures), times the components the member
//   needs, is moved; availability propagates; repeat.
// - Redundant moves are dropped (last chosen first) within a work budget.
// - Lower bound: vertex-disjoint short cycles of the hard need graph (a member
//   points only at what every one of its sets needs); cycles may share a
//   component but not a member, so each needs its own move.

import type { LayeredClusterProblem } from './layered-cluster';
import { reverseCsr } from './csr';
import { packDisjointCycles } from './disjoint-cycles';
import { greedyMoves } from './greedy-moves';
import { tarjanScc } from './scc';

export interface LayeredSolution {
  /** Local ids of the members to move, in the order they were chosen. */
  chosen: number[];
  /** No solution has fewer moves than this. */
  lowerBound: number;
  /** The member-disjoint hard cycles the bound counts, as a later analysis can check them (see HardCycles). */
  packing: HardCycles;
}

/**
 * Member-disjoint cycles of the hard need graph by name, so that they outlive
 * the problem and its graph (an edit renumbers nodes): a member by its name, a
 * component by the name of its first node. While each is still a cycle of a
 * later problem's hard need graph, they still prove its bound, and the packing
 * need not run again.
 */
export type HardCycles = Array<{ names: string[]; component: boolean[] }>;

interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

/** Depth (in members) and node-visit limits of the short-cycle searches of the lower bound (per root, and per item in all). */
const PACKING_DEPTH = 8;
const PACKING_VISITS = 2_000;
const PACKING_VISITS_PER_ITEM = 16;

export interface MarkOptions {
  /** Work the redundancy checks may spend (in units of LayeredClusterProblem.work). */
  improveBudget?: number;
  /**
   * Moves to start from (local ids, in the order they were chosen): an earlier
   * marking of the same cluster. Kept whole when they still break every cycle,
   * else the greedy goes on from them. Marks then stay put while a person edits.
   */
  start?: readonly number[];
  /** An earlier packing (of the same cluster before an edit): kept when every cycle of it still holds. */
  packing?: HardCycles;
}

export function markCluster(problem: LayeredClusterProblem, options: MarkOptions = {}): LayeredSolution {
  if (problem.size === 0) return { chosen: [], lowerBound: 0, packing: [] };
  const start = options.start ?? [];
  const kept = start.length > 0 && problem.resolves(start);
  let chosen = kept ? start.slice() : greedy(problem, needGraph(problem, false), start);
  // Marks kept whole are not checked again: they had their checks when chosen, and staying put is the point.
  if (!kept) chosen = dropRedundant(problem, chosen, options.improveBudget ?? 0);
  const packing = options.packing && stillHardCycles(problem, options.packing) ? options.packing : hardCycles(problem);
  // A cluster propagation alone does not resolve needs at least one move, whatever the packing found.
  const lowerBound = Math.min(chosen.length, Math.max(packing.length, problem.resolves([]) ? 0 : 1));
  return { chosen, lowerBound, packing };
}

/** The packing of hardCyclePacking, in graph terms. */
function hardCycles(problem: LayeredClusterProblem): HardCycles {
  const found: number[][] = [];
  packHardCycles(problem, found);
  const graph = problem.graph;
  const dscc = graph.installScc;
  const k = problem.size;
  return found.map((cycle) => ({
    names: cycle.map((x) => graph.names[x < k ? problem.members[x] : dscc.members[dscc.offsets[problem.comps[x - k]]]]),
    component: cycle.map((x) => x >= k),
  }));
}

/** Whether every cycle is still one of the problem's hard need graph (member-disjoint they stay). */
function stillHardCycles(problem: LayeredClusterProblem, cycles: HardCycles): boolean {
  const k = problem.size;
  const S = problem.setCount;
  const graph = problem.graph;
  let liveOf: Int32Array | undefined;
  const itemOf = (name: string, component: boolean): number => {
    const node = graph.index(name);
    if (node < 0) return -1;
    if (!component) return problem.localOf(node);
    if (!liveOf) {
      liveOf = new Int32Array(graph.installScc.count).fill(-1);
      for (let j = 0; j < problem.comps.length; j++) liveOf[problem.comps[j]] = k + j;
    }
    return liveOf[graph.installComp[node]];
  };
  const requires = (a: number, y: number): boolean => {
    for (let j = problem.reqOffsets[a]; j < problem.reqOffsets[a + 1]; j++) if (problem.req[j] === y) return true;
    return false;
  };
  for (const cycle of cycles) {
    const items = cycle.names.map((name, i) => itemOf(name, cycle.component[i]));
    if (items.some((x) => x < 0)) return false;
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      const y = items[(i + 1) % items.length];
      if (x < k) {
        // Hard: every set of the member needs y.
        for (let s = problem.ownOffsets[x]; s < problem.ownOffsets[x + 1]; s++) if (!requires(s, y)) return false;
      } else if (!requires(S + (x - k), y)) return false;
    }
  }
  return true;
}

/**
 * The need graph over items: member → components some set (with `hard`, every
 * set) of it needs; component → its requirements. De-duplicated.
 */
export function needGraph(problem: LayeredClusterProblem, hard: boolean): Adjacency {
  const k = problem.size;
  const N = problem.items;
  const S = problem.setCount;
  const offsets = new Int32Array(N + 1);
  const flat: number[] = [];
  const count = new Int32Array(N);
  const stamp = new Int32Array(N).fill(-1);
  for (let v = 0; v < k; v++) {
    offsets[v] = flat.length;
    const from = problem.ownOffsets[v];
    const to = problem.ownOffsets[v + 1];
    if (!hard) {
      for (let s = from; s < to; s++) {
        for (let j = problem.reqOffsets[s]; j < problem.reqOffsets[s + 1]; j++) {
          const x = problem.req[j];
          if (stamp[x] === v) continue;
          stamp[x] = v;
          flat.push(x);
        }
      }
      continue;
    }
    // Needed by every set: counted per set (sets are de-duplicated lists).
    const touched: number[] = [];
    for (let s = from; s < to; s++) {
      for (let j = problem.reqOffsets[s]; j < problem.reqOffsets[s + 1]; j++) {
        const x = problem.req[j];
        if (count[x]++ === 0) touched.push(x);
      }
    }
    for (const x of touched) {
      if (count[x] === to - from) flat.push(x);
      count[x] = 0;
    }
  }
  for (let x = k; x < N; x++) {
    offsets[x] = flat.length;
    const a = S + (x - k);
    for (let j = problem.reqOffsets[a]; j < problem.reqOffsets[a + 1]; j++) flat.push(problem.req[j]);
  }
  offsets[N] = flat.length;
  return { offsets, targets: Int32Array.from(flat) };
}

/** Greedy moves after the `start` ones (which come first in the result). */
function greedy(problem: LayeredClusterProblem, g: Adjacency, start: readonly number[]): number[] {
  const k = problem.size;
  const N = problem.items;
  problem.reset();
  problem.makeAvailable(start);
  const rev = reverseCsr(N, g.offsets, g.targets);
  const scc = tarjanScc(N, g.offsets, g.targets);
  const gone = new Uint8Array(N); // available, or on no remaining cycle
  for (let x = 0; x < N; x++) if (!scc.nonTrivial[scc.compOf[x]]) gone[x] = 1;
  // How widely a member is needed: the most any component needing it is (see transitiveUsers).
  const reach = transitiveUsers(problem);
  const needed = new Float64Array(k);
  for (let v = 0; v < k; v++) for (let e = rev.offsets[v]; e < rev.offsets[v + 1]; e++) needed[v] = Math.max(needed[v], reach[rev.targets[e]]);
  // Ties go to the member whose move leaves out fewer entries (a fraction below 1 never changes the order of the products).
  const more = greedyMoves(problem, g, rev, gone, (v, indeg, outdeg) => (indeg[v] > 0 ? needed[v] : 0) * outdeg[v] + 1 / (2 + problem.moveCost[v]));
  return start.length > 0 ? [...start, ...more] : more;
}

/**
 * For each component item, an estimate of how many sets need it, directly or
 * through the runtime closures of other components: the most direct users of any
 * component leading to it (a member everyone's toolchain depends on at run time
 * is needed by all of them, as in the flattened need graph). Static: it only
 * ranks, and a static factor keeps the scores falling as the greedy goes on.
 */
function transitiveUsers(problem: LayeredClusterProblem): Float64Array {
  const k = problem.size;
  const S = problem.setCount;
  const reach = new Float64Array(problem.items);
  const order: number[] = [];
  for (let x = k; x < problem.items; x++) {
    let direct = 0;
    for (let e = problem.userOffsets[x]; e < problem.userOffsets[x + 1]; e++) if (problem.users[e] < S) direct++;
    reach[x] = direct;
    order.push(x);
  }
  // Install components are numbered dependencies first: a higher id comes before its successors.
  order.sort((a, b) => problem.comps[b - k] - problem.comps[a - k]);
  for (const x of order) {
    const a = S + (x - k);
    for (let j = problem.reqOffsets[a] + problem.compMemberCount[x - k]; j < problem.reqOffsets[a + 1]; j++) {
      const y = problem.req[j];
      if (reach[y] < reach[x]) reach[y] = reach[x];
    }
  }
  return reach;
}

/** Drops every move the others make unnecessary, the last chosen first, within `budget` work. */
function dropRedundant(problem: LayeredClusterProblem, chosen: number[], budget: number): number[] {
  const kept = chosen.slice();
  const work = problem.work;
  for (let i = kept.length - 1; i >= 0 && budget >= work; i--) {
    budget -= work;
    const without = kept.slice(0, i).concat(kept.slice(i + 1));
    if (problem.resolves(without)) kept.splice(i, 1);
  }
  return kept;
}

/** A greedy packing of member-disjoint short cycles of the hard need graph: its size (a lower bound on the moves). */
export function hardCyclePacking(problem: LayeredClusterProblem): number {
  return packHardCycles(problem);
}

function packHardCycles(problem: LayeredClusterProblem, found?: number[][]): number {
  const hard = needGraph(problem, true);
  // Linear in all: the searches share one budget.
  const budget = PACKING_VISITS_PER_ITEM * (problem.items + hard.targets.length);
  return packDisjointCycles(hard, problem.size, { depth: PACKING_DEPTH, visitsPerRoot: PACKING_VISITS, budget }, found);
}
