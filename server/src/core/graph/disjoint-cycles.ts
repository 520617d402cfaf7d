// A lower bound on the moves that break a cluster: vertex-disjoint cycles of
// its hard need graph (P → Q when every build set of P needs Q) each need a move
// on one of their members. Shared by the fix-all's solver (members only) and
// the per-edit layered solver (members, then install components that cycles may
// share: they are not moved).

export interface PackingGraph {
  offsets: Int32Array;
  targets: Int32Array;
}

export interface PackingLimits {
  /** Members on one searched cycle at most (install components do not count). */
  depth: number;
  /** Edges one search from a root may scan. */
  visitsPerRoot: number;
  /** Edges all the searches together may scan (default: no limit). */
  budget?: number;
}

/**
 * A greedy packing of member-disjoint short cycles (members are nodes 0 .. k-1;
 * the nodes after them may be shared): breadth-first from each member, those
 * with the fewest hard needs first, until an edge back to it. Its size; the
 * cycles themselves are pushed onto `found` when given.
 */
export function packDisjointCycles(hard: PackingGraph, k: number, limits: PackingLimits, found?: number[][]): number {
  const N = hard.offsets.length - 1;
  const used = new Uint8Array(k);
  const order = Array.from({ length: k }, (_, v) => v).sort(
    (a, b) => hard.offsets[a + 1] - hard.offsets[a] - (hard.offsets[b + 1] - hard.offsets[b]) || a - b,
  );
  const parent = new Int32Array(N);
  const depth = new Int32Array(N);
  const mark = new Int32Array(N).fill(-1);
  let packed = 0;
  let budget = limits.budget ?? Infinity;
  const queue: number[] = [];
  for (const root of order) {
    if (budget <= 0) break;
    if (used[root]) continue;
    queue.length = 0;
    queue.push(root);
    mark[root] = root;
    depth[root] = 0;
    parent[root] = -1;
    let closing = -1;
    let visits = 0;
    for (let head = 0; head < queue.length && closing < 0 && visits < limits.visitsPerRoot; head++) {
      const u = queue[head];
      if (depth[u] >= limits.depth) continue;
      for (let e = hard.offsets[u]; e < hard.offsets[u + 1]; e++) {
        const w = hard.targets[e];
        visits++;
        if (w === root) {
          closing = u;
          break;
        }
        if ((w < k && used[w]) || mark[w] === root) continue;
        mark[w] = root;
        parent[w] = u;
        depth[w] = depth[u] + (w < k ? 1 : 0);
        queue.push(w);
      }
    }
    budget -= visits + queue.length;
    if (closing < 0) continue;
    const cycle: number[] = [];
    for (let u = closing; u >= 0; u = parent[u]) {
      if (u < k) used[u] = 1;
      cycle.push(u);
    }
    // Root first, then along the edges (`found`: each cycle's nodes, the last leading back to the first).
    found?.push(cycle.reverse());
    packed++;
  }
  return packed;
}
