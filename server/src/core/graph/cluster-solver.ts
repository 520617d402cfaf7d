// The fewest moves that break every cycle of one cluster (see ClusterProblem),
// with a lower bound on that number.
//
// - Reduction: only members on a cycle of the need graph (v → x when some set
//   of v needs x) can be worth a move: a member on no cycle becomes available
//   as soon as what it needs does, whatever it is needed by.
// - Exact search on small clusters: subsets of the candidates by increasing
//   size, from the lower bound up, each checked by propagation, within a work
//   budget. When it finishes, the answer is a proven minimum.
// - Otherwise a greedy feedback-vertex-set heuristic on the need graph: the
//   remaining candidate with the largest in-degree × out-degree is moved, then
//   availability propagates and members no one remaining needs drop out (the
//   classic in/out-degree reductions); then local improvement: every move that
//   the others make redundant is dropped (last chosen first), within a budget.
// - Lower bound: vertex-disjoint cycles of the *hard* need graph (v → x when
//   every set of v needs x) each need a move on one of their members — the first
//   of them to become available would otherwise need the next one already
//   available. A greedy packing of short disjoint hard cycles; raised to what the
//   exact search proved when it ran.

import type { ClusterProblem } from './cluster-problem';
import { tarjanScc } from './scc';
import { packDisjointCycles } from './disjoint-cycles';
import { greedyMoves } from './greedy-moves';
import { reverseCsr } from './csr';

export interface ClusterSolution {
  /** Local ids of the members to move, in the order they were chosen. */
  chosen: number[];
  /** No solution has fewer moves than this. */
  lowerBound: number;
  /** true when `chosen` is a proven minimum. */
  exact: boolean;
}

export interface SolveOptions {
  /** Propagation work (set requirements scanned) the exact search may spend. */
  exactBudget?: number;
  /** Propagation work the redundancy elimination may spend. */
  improveBudget?: number;
}

const DEFAULT_EXACT_BUDGET = 4_000_000;
const DEFAULT_IMPROVE_BUDGET = 40_000_000;
/** Depth and node-visit limits of the short-cycle searches of the lower bound. */
const PACKING_DEPTH = 8;
const PACKING_VISITS = 2_000;

export function solveCluster(problem: ClusterProblem, options: SolveOptions = {}): ClusterSolution {
  const k = problem.size;
  if (k === 0) return { chosen: [], lowerBound: 0, exact: true };
  const work = problem.req.length + problem.setOwner.length + k;
  const union = needGraph(problem, false);
  const candidates = onCycles(k, union);
  if (candidates.length === 0) {
    // Nothing is on a cycle: propagation alone resolves it (not expected for an unbroken cluster).
    return { chosen: [], lowerBound: 0, exact: problem.resolves([]) };
  }
  let chosen = greedy(problem, union, candidates);
  chosen = dropRedundant(problem, chosen, options.improveBudget ?? DEFAULT_IMPROVE_BUDGET, work);
  let lowerBound = Math.min(chosen.length, hardCyclePacking(problem));
  const exact = exactSearch(problem, candidates, lowerBound, chosen.length, options.exactBudget ?? DEFAULT_EXACT_BUDGET, work);
  if (exact.best) chosen = exact.best;
  lowerBound = Math.max(lowerBound, exact.provenAtLeast);
  if (exact.complete) lowerBound = chosen.length;
  return { chosen, lowerBound, exact: lowerBound === chosen.length };
}

interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

/** v → x when some set of v (or, with `hard`, every set of v) needs x; de-duplicated. */
function needGraph(problem: ClusterProblem, hard: boolean): Adjacency {
  const k = problem.size;
  const offsets = new Int32Array(k + 1);
  // Sized by an upper bound (every requirement, and v itself): where runtime
  // closures hold most of the cluster this graph is nearly complete, and a
  // growing list of millions of entries was most of its cost.
  const flat = new Int32Array(problem.req.length + k);
  let length = 0;
  const stamp = new Int32Array(k).fill(-1);
  for (let v = 0; v < k; v++) {
    offsets[v] = length;
    if (hard) {
      for (const x of problem.hardNeeds(v)) flat[length++] = x;
    } else {
      const self = problem.mustMove(v);
      if (self) flat[length++] = v;
      for (let s = problem.ownOffsets[v]; s < problem.ownOffsets[v + 1]; s++) {
        for (let j = problem.reqOffsets[s]; j < problem.reqOffsets[s + 1]; j++) {
          const x = problem.req[j];
          if (stamp[x] === v || (x === v && self)) continue;
          stamp[x] = v;
          flat[length++] = x;
        }
      }
    }
  }
  offsets[k] = length;
  // A view, not a copy: on a dense cluster a copy doubled the peak for a moment.
  return { offsets, targets: flat.subarray(0, length) };
}

/** Members on a cycle of the graph (non-trivial SCCs), ascending. */
function onCycles(k: number, g: Adjacency): number[] {
  const scc = tarjanScc(k, g.offsets, g.targets);
  const out: number[] = [];
  for (let v = 0; v < k; v++) if (scc.nonTrivial[scc.compOf[v]]) out.push(v);
  return out;
}

function greedy(problem: ClusterProblem, g: Adjacency, candidates: number[]): number[] {
  const k = problem.size;
  problem.reset();
  const gone = new Uint8Array(k).fill(1); // available, or on no remaining cycle
  for (const v of candidates) gone[v] = 0;
  // Ties go to the member whose move leaves out fewer entries (a fraction below 1 never changes the order of the products).
  return greedyMoves(problem, g, reverseCsr(k, g.offsets, g.targets), gone, (v, indeg, outdeg) => indeg[v] * outdeg[v] + 1 / (2 + problem.moveCost[v]));
}

/** Drops every move the others make unnecessary, the last chosen first. */
function dropRedundant(problem: ClusterProblem, chosen: number[], budget: number, work: number): number[] {
  const kept = chosen.slice();
  for (let i = kept.length - 1; i >= 0 && budget >= work; i--) {
    budget -= work;
    const without = kept.slice(0, i).concat(kept.slice(i + 1));
    if (problem.resolves(without)) kept.splice(i, 1);
  }
  return kept;
}

interface ExactResult {
  best?: number[];
  /** Every subset smaller than this was tried and fails. */
  provenAtLeast: number;
  /** true when every size below the answer was tried. */
  complete: boolean;
}

/** Subsets of the candidates of sizes from..(upTo-1), smallest first, within the budget. */
function exactSearch(problem: ClusterProblem, candidates: number[], from: number, upTo: number, budget: number, work: number): ExactResult {
  const m = candidates.length;
  let provenAtLeast = 0;
  // Up to the heuristic's size included: at that size, the subset leaving out the fewest entries.
  for (let size = Math.max(1, from); size <= upTo; size++) {
    const count = binomial(m, size);
    if (count * work > budget) return size === upTo ? { provenAtLeast: upTo, complete: true } : { provenAtLeast: Math.max(provenAtLeast, from), complete: false };
    budget -= count * work;
    const idx = Array.from({ length: size }, (_, i) => i);
    const pick = new Array<number>(size);
    let best: number[] | undefined;
    let bestCost = Infinity;
    for (;;) {
      let cost = 0;
      for (let i = 0; i < size; i++) {
        pick[i] = candidates[idx[i]];
        cost += problem.moveCost[pick[i]];
      }
      // Every subset of the smallest size is tried: the one leaving out the fewest entries wins.
      if (cost < bestCost && problem.resolves(pick)) {
        best = pick.slice();
        bestCost = cost;
      }
      let i = size - 1;
      while (i >= 0 && idx[i] === m - size + i) i--;
      if (i < 0) break;
      idx[i]++;
      for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
    }
    if (best) return { best, provenAtLeast: size, complete: true };
    provenAtLeast = size + 1;
  }
  return { provenAtLeast: upTo, complete: true };
}

function binomial(n: number, r: number): number {
  if (r < 0 || r > n) return 0;
  let out = 1;
  for (let i = 1; i <= r; i++) {
    out = (out * (n - r + i)) / i;
    if (out > 1e12) return Infinity;
  }
  return Math.round(out);
}

/** A greedy packing of vertex-disjoint short cycles of the hard need graph: its size. */
function hardCyclePacking(problem: ClusterProblem): number {
  return packDisjointCycles(needGraph(problem, true), problem.size, { depth: PACKING_DEPTH, visitsPerRoot: PACKING_VISITS });
}
