// The greedy feedback-vertex-set loop both cluster solvers share (the fix-all's on
// the flattened need graph, the per-edit marking on the layered one): the
// remaining member with the best score is moved, availability propagates, and
// the classic reductions drop every node left with no remaining in- or
// out-neighbour (it is on no remaining cycle). Scores only fall as nodes go, so a
// stored score is an upper bound: a popped member whose score fell is pushed back
// with its current one (lazy greedy: the same choices as rescoring every
// neighbour on each change, at a fraction of the pushes).

import type { Csr } from './csr';
import { ScoreHeap } from './heap';

/** What the loop needs of a cluster problem: members are items 0 .. size-1. */
export interface PropagatingProblem {
  readonly size: number;
  readonly avail: Uint8Array;
  readonly availableCount: number;
  log: number[] | undefined;
  makeAvailable(items: ArrayLike<number>): void;
}

/**
 * Moves (member ids, in the order chosen) after which every member is available.
 * `g` is the need graph over all items and `rev` its reverse; `gone` marks the
 * items already out (on no cycle), and is updated. `score(v, indeg, outdeg)` ranks
 * member v by the remaining degrees; it must only fall as nodes go. The problem
 * must be freshly reset (moves already made before the loop count as available).
 */
export function greedyMoves(
  problem: PropagatingProblem,
  g: Csr,
  rev: Csr,
  gone: Uint8Array,
  score: (v: number, indeg: Int32Array, outdeg: Int32Array) => number,
): number[] {
  const k = problem.size;
  const N = g.offsets.length - 1;
  const indeg = new Int32Array(N);
  const outdeg = new Int32Array(N);
  for (let x = 0; x < N; x++) {
    if (gone[x]) continue;
    for (let e = g.offsets[x]; e < g.offsets[x + 1]; e++) if (!gone[g.targets[e]]) outdeg[x]++;
    for (let e = rev.offsets[x]; e < rev.offsets[x + 1]; e++) if (!gone[rev.targets[e]]) indeg[x]++;
  }
  const heap = new ScoreHeap();
  for (let v = 0; v < k; v++) if (!gone[v]) heap.push(score(v, indeg, outdeg), v);
  const stack: number[] = [];
  const remove = (v: number): void => {
    if (gone[v]) return;
    stack.push(v);
    gone[v] = 1;
    while (stack.length > 0) {
      const x = stack.pop() as number;
      for (let e = g.offsets[x]; e < g.offsets[x + 1]; e++) {
        const y = g.targets[e];
        if (gone[y] || --indeg[y] !== 0) continue;
        gone[y] = 1;
        stack.push(y);
      }
      for (let e = rev.offsets[x]; e < rev.offsets[x + 1]; e++) {
        const y = rev.targets[e];
        if (gone[y] || --outdeg[y] !== 0) continue;
        gone[y] = 1;
        stack.push(y);
      }
    }
  };
  for (let x = 0; x < N; x++) if (!gone[x] && (problem.avail[x] || indeg[x] === 0 || outdeg[x] === 0)) remove(x);
  const chosen: number[] = [];
  const log: number[] = [];
  problem.log = log;
  for (;;) {
    const v = heap.pop();
    if (v < 0) break;
    if (gone[v]) continue;
    const now = score(v, indeg, outdeg);
    if (heap.topScore !== now) {
      heap.push(now, v);
      continue;
    }
    chosen.push(v);
    problem.makeAvailable([v]);
    remove(v);
    for (const x of log) remove(x);
    log.length = 0;
  }
  problem.log = undefined;
  // The reductions are exact for the union graph; an AND/OR member may still wait
  // on something (not expected): finish with moves on what is left, lowest first.
  for (let v = 0; v < k && problem.availableCount < k; v++) {
    if (problem.avail[v]) continue;
    chosen.push(v);
    problem.makeAvailable([v]);
  }
  return chosen;
}
