// Cycles through chosen members of a big cluster, found on the layered problem
// (LayeredClusterProblem) without expanding runtime closures: one tree out of a
// root and one tree into it (0-1 breadth-first: a build edge costs 1, an install
// step 0), and for each member the walk member → root → member, with its loops cut
// out. Not the shortest cycle through each member, but a true one, in time linear
// in the cluster plus the cycles' lengths. Only the full build-depends count (the
// build graph's edges), as for the cycles of small clusters.

import type { LayeredClusterProblem } from './layered-cluster';
import { reverseCsr } from './csr';

/** A cycle in global node ids: vias[j] is the entry of nodes[j] that leads to nodes[j+1]. */
export interface GlobalCycle {
  /** Rotated to start at the lowest node index. */
  nodes: number[];
  vias: number[];
  /** Members (global ids, in the order asked) for which this is the cycle found. */
  through: number[];
}

interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

/** The build graph of the cluster in layered form: member → its entries' components; component → members, successors. */
function buildEdges(problem: LayeredClusterProblem): Adjacency {
  const k = problem.size;
  const N = problem.items;
  const S = problem.setCount;
  const offsets = new Int32Array(N + 1);
  const flat: number[] = [];
  for (let x = 0; x < N; x++) {
    offsets[x] = flat.length;
    // A member's first set is its full build-depends.
    const a = x < k ? problem.ownOffsets[x] : S + (x - k);
    for (let j = problem.reqOffsets[a]; j < problem.reqOffsets[a + 1]; j++) flat.push(problem.req[j]);
  }
  offsets[N] = flat.length;
  return { offsets, targets: Int32Array.from(flat) };
}

/** 0-1 breadth-first tree from `root` (a step out of a member costs 1): parent of each item, -1 when unreached. */
function tree(k: number, g: Adjacency, root: number): Int32Array {
  const N = g.offsets.length - 1;
  const parent = new Int32Array(N).fill(-1);
  const dist = new Int32Array(N).fill(-1);
  const deque = new Int32Array(2 * N + 2);
  let head = N + 1;
  let tail = N + 1;
  deque[tail++] = root;
  dist[root] = 0;
  parent[root] = root;
  const done = new Uint8Array(N);
  while (head < tail) {
    const x = deque[head++];
    if (done[x]) continue;
    done[x] = 1;
    const cost = x < k ? 1 : 0;
    for (let e = g.offsets[x]; e < g.offsets[x + 1]; e++) {
      const y = g.targets[e];
      const d = dist[x] + cost;
      if (dist[y] >= 0 && dist[y] <= d) continue;
      dist[y] = d;
      parent[y] = x;
      if (cost === 0) deque[--head] = y;
      else deque[tail++] = y;
    }
  }
  return parent;
}

/**
 * A cycle through each of `through` (local member ids of a strongly connected
 * cluster), de-duplicated. An edge's via is the member's lowest entry in the
 * install component the edge leaves by.
 */
export function layeredCycles(problem: LayeredClusterProblem, through: readonly number[]): GlobalCycle[] {
  const k = problem.size;
  const N = problem.items;
  if (through.length === 0 || k === 0) return [];
  const g = buildEdges(problem);
  const root = through[0];
  const out = tree(k, g, root);
  const rev = reverseCsr(N, g.offsets, g.targets);
  const into = tree(k, rev, root); // into[x]: the next item on x's way to root
  const byKey = new Map<string, GlobalCycle>();
  const cycles: GlobalCycle[] = [];
  const pos = new Int32Array(N).fill(-1);
  for (const m of through) {
    // The walk m → … → root (into-tree), then root → … → m (out-tree).
    const walk: number[] = [];
    if (m === root) {
      // Close the loop by a predecessor of root reached from it.
      let u = -1;
      for (let e = rev.offsets[root]; e < rev.offsets[root + 1] && u < 0; e++) if (out[rev.targets[e]] >= 0) u = rev.targets[e];
      if (u < 0) continue;
      const back: number[] = [];
      for (let x = u; x !== root; x = out[x]) back.push(x);
      walk.push(root, ...back.reverse());
    } else {
      if (into[m] < 0 || out[m] < 0) continue;
      for (let x = m; x !== root; x = into[x]) walk.push(x);
      const down: number[] = [];
      for (let x = m; x !== root; x = out[x]) down.push(x);
      walk.push(root);
      for (let i = down.length - 1; i >= 1; i--) walk.push(down[i]);
    }
    // Cut out the loops: a simple cycle through m.
    const simple: number[] = [];
    for (const x of walk) {
      if (pos[x] >= 0) {
        for (let i = pos[x] + 1; i < simple.length; i++) pos[simple[i]] = -1;
        simple.length = pos[x] + 1;
        continue;
      }
      pos[x] = simple.length;
      simple.push(x);
    }
    for (const x of simple) pos[x] = -1;
    const cycle = toGlobal(problem, simple);
    const key = cycle.nodes.join(',');
    const known = byKey.get(key);
    if (known) known.through.push(problem.members[m]);
    else {
      cycle.through.push(problem.members[m]);
      byKey.set(key, cycle);
      cycles.push(cycle);
    }
  }
  return cycles;
}

/** Members of an item cycle (starting at a member) with the entries leading on, rotated to the lowest node. */
function toGlobal(problem: LayeredClusterProblem, items: number[]): GlobalCycle {
  const k = problem.size;
  const graph = problem.graph;
  const compOf = graph.installComp;
  const nodes: number[] = [];
  const vias: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (x >= k) continue;
    const p = problem.members[x];
    const next = items[(i + 1) % items.length];
    // The edge leaves by the lowest entry in next's install component.
    const c = next >= k ? problem.comps[next - k] : compOf[problem.members[next]];
    let via = -1;
    for (const q of graph.directDepsOf(p)) {
      if (compOf[q] === c) {
        via = q;
        break;
      }
    }
    nodes.push(p);
    vias.push(via);
  }
  let low = 0;
  for (let i = 1; i < nodes.length; i++) if (nodes[i] < nodes[low]) low = i;
  return { nodes: nodes.slice(low).concat(nodes.slice(0, low)), vias: vias.slice(low).concat(vias.slice(0, low)), through: [] };
}
