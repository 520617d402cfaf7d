// Shortest cycles by breadth-first search, on the local adjacency of one SCC
// (`BuildGraph.localGraph`). Neighbours are visited in name order (local indices
// follow global ones, which follow names), and each node keeps its first
// discoverer as parent, so equal-length cycles are chosen deterministically.

import type { BuildGraph } from './build-graph';
import type { CycleEdge, CyclePath } from './types';

/** A graph the searches run on: CSR out-edges (ascending) and in-edges, with via per out-edge. */
export interface SearchGraph {
  size: number;
  offsets: ArrayLike<number>;
  targets: ArrayLike<number>;
  via: ArrayLike<number>;
  rOffsets: ArrayLike<number>;
  rSources: ArrayLike<number>;
}

/** Which nodes a search may use: a mask (non-zero = allowed), a set of indices or names, or every node. */
export type AllowedNodes = ArrayLike<number> | ReadonlySet<number> | ReadonlySet<string> | null | undefined;

function toPredicate(graph: BuildGraph, allowed: AllowedNodes): (i: number) => boolean {
  if (!allowed) return ANY_NODE;
  if (allowed instanceof Set) {
    const set = allowed as Set<number | string>;
    return (i) => set.has(i) || set.has(graph.names[i]);
  }
  const mask = allowed as ArrayLike<number>;
  return (i) => mask[i] !== 0 && mask[i] !== undefined;
}

/** A work budget shared by several searches: the number of edge scans left. */
export interface SearchBudget {
  left: number;
}

/** Returned by a search that ran out of budget. */
export const OUT_OF_BUDGET = 'out-of-budget' as const;

/**
 * The predicate "every node is allowed". The searches recognise it and skip the
 * call per scanned edge (a call through a varying closure is not inlined).
 */
export const ANY_NODE = (_i: number): boolean => true;

/** In RootTrees: a node the tree does not reach. */
const UNREACHED = -2;

/** The edge id of from → to in a search graph, or -1. */
export function searchEdgeId(g: SearchGraph, from: number, to: number): number {
  let lo = g.offsets[from];
  let hi = g.offsets[from + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = g.targets[mid];
    if (x === to) return mid;
    if (x < to) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Reusable BFS buffers for one search graph. */
export class CycleSearch {
  private readonly seen: Int32Array;
  private readonly pred: Int32Array;
  private readonly parent: Int32Array;
  private readonly queue: Int32Array;
  private stamp = 0;
  /** Position of a node on the path `cycleViaTrees` is cutting, -1 when not on it; allocated on first use. */
  private pathPos: Int32Array | undefined;
  /** For dense graphs (see `denseRows`): adjacency bitsets, and the seen and predecessor sets of a search. */
  private rows: Int32Array | null | undefined;
  private seenBits: Int32Array | undefined;
  private predBits: Int32Array | undefined;

  constructor(readonly graph: SearchGraph) {
    const n = Math.max(1, graph.size);
    this.seen = new Int32Array(n);
    this.pred = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /**
   * The nodes of a shortest cycle through `m` using only nodes for which `inSet`
   * holds (m must be one of them), starting at m; null when there is none;
   * OUT_OF_BUDGET when the budget ran out first.
   */
  shortestThrough(m: number, inSet: (i: number) => boolean, budget?: SearchBudget): number[] | null | typeof OUT_OF_BUDGET {
    const g = this.graph;
    if (budget && budget.left <= 0) return OUT_OF_BUDGET;
    const { offsets, targets, rOffsets, rSources } = g;
    const anyNode = inSet === ANY_NODE;
    if (searchEdgeId(g, m, m) >= 0) return [m];
    // Length 2: the first successor (ascending) that is also a predecessor — exactly
    // what the BFS below would find first, by a merge of two sorted lists.
    {
      let i = offsets[m];
      const iEnd = offsets[m + 1];
      let j = rOffsets[m];
      const jEnd = rOffsets[m + 1];
      if (budget) budget.left -= iEnd - i + (jEnd - j);
      while (i < iEnd && j < jEnd) {
        const a = targets[i];
        const b = rSources[j];
        if (a < b) i++;
        else if (b < a) j++;
        else {
          if (anyNode || inSet(a)) return [m, a];
          i++;
          j++;
        }
      }
    }
    const stamp = ++this.stamp;
    // Predecessors of m in the allowed set: reaching one closes the cycle.
    let anyPred = false;
    for (let e = rOffsets[m]; e < rOffsets[m + 1]; e++) {
      const x = rSources[e];
      if (x !== m && (anyNode || inSet(x))) {
        this.pred[x] = stamp;
        anyPred = true;
      }
    }
    if (!anyPred) return null;
    if (anyNode) {
      const rows = this.denseRows();
      if (rows) return this.searchRows(m, rows, budget);
    }
    const { seen, parent, queue, pred } = this;
    let head = 0;
    let tail = 0;
    seen[m] = stamp;
    parent[m] = -1;
    queue[tail++] = m;
    let scans = 0;
    const limit = budget ? budget.left : Infinity;
    while (head < tail) {
      const u = queue[head++];
      const end = offsets[u + 1];
      scans += end - offsets[u];
      if (scans > limit) {
        if (budget) budget.left = 0;
        return OUT_OF_BUDGET;
      }
      for (let e = offsets[u]; e < end; e++) {
        const v = targets[e];
        if (seen[v] === stamp || (!anyNode && !inSet(v))) continue;
        seen[v] = stamp;
        parent[v] = u;
        if (pred[v] === stamp) {
          if (budget) budget.left -= scans;
          const path: number[] = [];
          for (let x = v; x !== -1; x = parent[x]) path.push(x);
          path.reverse();
          return path;
        }
        queue[tail++] = v;
      }
    }
    if (budget) budget.left -= scans;
    return null;
  }

  /**
   * Out-neighbours of every node as bitsets (row u: `words` integers), when the
   * graph is so dense that scanning a row beats scanning the edges (a huge SCC of a
   * real archive has a thousand edges per node); null otherwise. Built on first use.
   */
  private denseRows(): Int32Array | null {
    if (this.rows === undefined) {
      const { size: k, offsets, targets } = this.graph;
      const words = (k + 31) >>> 5;
      if (offsets[k] < 4 * k * words) this.rows = null;
      else {
        const rows = new Int32Array(k * words);
        for (let u = 0; u < k; u++) {
          const base = u * words;
          for (let e = offsets[u]; e < offsets[u + 1]; e++) rows[base + (targets[e] >>> 5)] |= 1 << (targets[e] & 31);
        }
        this.rows = rows;
      }
    }
    return this.rows;
  }

  /**
   * The BFS of `shortestThrough` (every node allowed) on bitset rows: the same
   * visiting order (a row's bits ascending = its edges ascending), the same
   * parents, the same budget accounting, in `words` steps per node instead of its
   * degree.
   */
  private searchRows(m: number, rows: Int32Array, budget?: SearchBudget): number[] | null | typeof OUT_OF_BUDGET {
    const { size: k, offsets, rOffsets, rSources } = this.graph;
    const words = (k + 31) >>> 5;
    const seen = (this.seenBits ??= new Int32Array(words));
    const pred = (this.predBits ??= new Int32Array(words));
    seen.fill(0);
    pred.fill(0);
    for (let e = rOffsets[m]; e < rOffsets[m + 1]; e++) {
      const x = rSources[e];
      if (x !== m) pred[x >>> 5] |= 1 << (x & 31);
    }
    const { parent, queue } = this;
    let head = 0;
    let tail = 0;
    seen[m >>> 5] |= 1 << (m & 31);
    parent[m] = -1;
    queue[tail++] = m;
    let scans = 0;
    const limit = budget ? budget.left : Infinity;
    while (head < tail) {
      const u = queue[head++];
      scans += offsets[u + 1] - offsets[u];
      if (scans > limit) {
        if (budget) budget.left = 0;
        return OUT_OF_BUDGET;
      }
      const base = u * words;
      for (let w = 0; w < words; w++) {
        let fresh = rows[base + w] & ~seen[w];
        if (fresh === 0) continue;
        seen[w] |= fresh;
        const hit = fresh & pred[w];
        if (hit !== 0) {
          // The lowest new predecessor of m: where the edge scan would stop.
          const v = (w << 5) + (31 - Math.clz32(hit & -hit));
          parent[v] = u;
          if (budget) budget.left -= scans;
          const path: number[] = [];
          for (let x = v; x !== -1; x = parent[x]) path.push(x);
          path.reverse();
          return path;
        }
        while (fresh !== 0) {
          const low = fresh & -fresh;
          const v = (w << 5) + (31 - Math.clz32(low));
          parent[v] = u;
          queue[tail++] = v;
          fresh ^= low;
        }
      }
    }
    if (budget) budget.left -= scans;
    return null;
  }

  /**
   * Some simple cycle through `m` inside a strongly connected node set, in time
   * linear in the set's edges for the first call per `trees` object and in the
   * cycle's length afterwards: the walk m → root (BFS tree towards the root) → m
   * (BFS tree from the root), with repeated nodes cut out. Not necessarily shortest.
   */
  cycleViaTrees(m: number, trees: RootTrees): number[] | null {
    const g = this.graph;
    trees.ensure(g);
    const { parentOut, nextIn, root } = trees;
    const walk: number[] = [];
    if (m === root) {
      // root → … → x → root, x the lowest in-set predecessor of the root reachable from it.
      let x = -1;
      for (let e = g.rOffsets[m]; e < g.rOffsets[m + 1]; e++) {
        const y = g.rSources[e];
        if (trees.inSet(y) && parentOut[y] !== UNREACHED) {
          x = y;
          break;
        }
      }
      if (x < 0) return null;
      for (let y = x; y !== -1; y = parentOut[y]) walk.push(y);
      walk.reverse(); // root … x
    } else {
      if (nextIn[m] === UNREACHED || parentOut[m] === UNREACHED) return null;
      for (let y = m; y !== root; y = nextIn[y]) walk.push(y);
      // then root … (before m): the tree path root → m, reversed from m's parent up.
      const from = walk.length;
      for (let y = parentOut[m]; y !== -1; y = parentOut[y]) walk.push(y);
      reverseRange(walk, from, walk.length);
    }
    // Cut loops: keep a simple path starting at walk[0] (= m, or the root).
    const pos = (this.pathPos ??= new Int32Array(Math.max(1, g.size)).fill(-1));
    const path: number[] = [];
    for (const y of walk) {
      const at = pos[y];
      if (at >= 0) {
        for (let k = at + 1; k < path.length; k++) pos[path[k]] = -1;
        path.length = at + 1;
      } else {
        pos[y] = path.length;
        path.push(y);
      }
    }
    for (const y of path) pos[y] = -1;
    return path;
  }
}

function reverseRange(a: number[], from: number, to: number): void {
  for (let i = from, j = to - 1; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * BFS trees towards and from a root, inside a node set; built on first use.
 * `parentOut[v]`: v's parent in the tree from the root; `nextIn[v]`: the next node
 * on v's tree path to the root; -1 at the root, UNREACHED (-2) off the tree.
 */
export class RootTrees {
  parentOut: Int32Array = new Int32Array(0);
  nextIn: Int32Array = new Int32Array(0);
  private built = false;

  constructor(
    readonly root: number,
    readonly inSet: (i: number) => boolean,
  ) {}

  ensure(g: SearchGraph): void {
    if (this.built) return;
    this.built = true;
    const n = Math.max(1, g.size);
    const queue = new Int32Array(n);
    this.parentOut = bfsTree(g.offsets, g.targets, this.root, this.inSet, queue);
    this.nextIn = bfsTree(g.rOffsets, g.rSources, this.root, this.inSet, queue);
  }
}

/** Breadth-first tree from `root` over a CSR adjacency, inside `inSet`: each reached node's parent, -1 at the root, UNREACHED elsewhere. */
function bfsTree(offsets: ArrayLike<number>, targets: ArrayLike<number>, root: number, inSet: (i: number) => boolean, queue: Int32Array): Int32Array {
  const anyNode = inSet === ANY_NODE;
  const parent = new Int32Array(queue.length).fill(UNREACHED);
  parent[root] = -1;
  let tail = 0;
  queue[tail++] = root;
  for (let h = 0; h < tail; h++) {
    const u = queue[h];
    for (let e = offsets[u], end = offsets[u + 1]; e < end; e++) {
      const v = targets[e];
      if (parent[v] !== UNREACHED || (!anyNode && !inSet(v))) continue;
      parent[v] = u;
      queue[tail++] = v;
    }
  }
  return parent;
}

/** Rotate a node cycle so it starts at its lowest index (= lowest name). */
export function rotateToLowest(nodes: number[]): number[] {
  let best = 0;
  for (let k = 1; k < nodes.length; k++) if (nodes[k] < nodes[best]) best = k;
  return best === 0 ? nodes : nodes.slice(best).concat(nodes.slice(0, best));
}

/** A key identifying a cycle by its edge set (independent of rotation). */
export function cycleKey(nodes: readonly number[]): string {
  const keys: string[] = [];
  for (let k = 0; k < nodes.length; k++) keys.push(`${nodes[k]}>${nodes[(k + 1) % nodes.length]}`);
  keys.sort();
  return keys.join(',');
}

export interface ComponentCycle {
  /** Rotated to start at the lowest index. */
  nodes: number[];
  /** Members for which this is the cycle found through them (ascending). */
  through: number[];
}

/**
 * The shortest cycle through each member of a strongly connected node set (members
 * ascending, `inSet` their membership), de-duplicated by edge set, in discovery
 * order. While the budget lasts every search is an exact BFS; after it runs out a
 * member already on a found cycle is attached to it, and any other member gets a
 * cycle from two BFS trees (not necessarily shortest). `exact` tells which happened.
 */
export function componentCycles(
  search: CycleSearch,
  members: ArrayLike<number>,
  inSet: (i: number) => boolean,
  budget: SearchBudget,
): { cycles: ComponentCycle[]; exact: boolean } {
  const byKey = new Map<string, ComponentCycle>();
  const cycles: ComponentCycle[] = [];
  const coveredBy = new Map<number, ComponentCycle>();
  let exact = true;
  let trees: RootTrees | null = null;
  const add = (found: number[], m: number): void => {
    const nodes = rotateToLowest(found);
    const key = cycleKey(nodes);
    let c = byKey.get(key);
    if (!c) {
      c = { nodes, through: [] };
      byKey.set(key, c);
      cycles.push(c);
      for (const v of nodes) if (!coveredBy.has(v)) coveredBy.set(v, c);
    }
    c.through.push(m);
  };
  for (let k = 0; k < members.length; k++) {
    const m = members[k];
    if (exact) {
      const found = search.shortestThrough(m, inSet, budget);
      if (found === OUT_OF_BUDGET) exact = false;
      else {
        if (found) add(found, m);
        continue;
      }
    }
    const cover = coveredBy.get(m);
    if (cover) {
      cover.through.push(m);
      continue;
    }
    if (!trees) trees = new RootTrees(members[0], inSet);
    const found = search.cycleViaTrees(m, trees);
    if (found) add(found, m);
  }
  return { cycles, exact };
}

/** The cycles of an SCC given as a local graph: every local node is a member. */
export function localComponentCycles(
  search: CycleSearch,
  budget: SearchBudget,
): { cycles: ComponentCycle[]; exact: boolean } {
  const k = search.graph.size;
  const members = new Int32Array(k);
  for (let i = 0; i < k; i++) members[i] = i;
  return componentCycles(search, members, ANY_NODE, budget);
}

/**
 * The name-level cycle for a node path (edges[i]: nodes[i] → nodes[i+1], wrapping).
 * `local` (with `nodes` as its local indices) supplies the via of each edge; without
 * it, `nodes` are global indices and the via is looked up in the graph.
 */
export function cyclePathOf(
  graph: BuildGraph,
  nodes: readonly number[],
  local?: SearchGraph & { members: ArrayLike<number> },
): CyclePath {
  const edges: CycleEdge[] = [];
  const global = (i: number): number => (local ? local.members[i] : i);
  for (let k = 0; k < nodes.length; k++) {
    const from = nodes[k];
    const to = nodes[(k + 1) % nodes.length];
    const via = local ? local.via[searchEdgeId(local, from, to)] : graph.viaOf(from, to);
    edges.push({ from: graph.names[global(from)], to: graph.names[global(to)], via: graph.names[via] });
  }
  return { nodes: nodes.map((i) => graph.names[global(i)]), edges };
}

/**
 * A shortest cycle through `member` (a name or node index), by BFS inside the
 * allowed nodes (for instance the member's SCC). The cycle starts at the member;
 * each edge carries its `via`. Null when there is none.
 */
export function shortestCycleThrough(
  graph: BuildGraph,
  member: number | string,
  allowed?: AllowedNodes,
): (CyclePath & { indices: number[] }) | null {
  const m = typeof member === 'string' ? graph.index(member) : member;
  if (m < 0 || m >= graph.size) return null;
  const inSet = toPredicate(graph, allowed);
  if (!inSet(m)) return null;
  // A cycle through m stays inside m's SCC.
  const scc = graph.scc();
  const c = scc.compOf[m];
  if (!scc.nonTrivial[c]) return null;
  const members: number[] = [];
  for (let k = scc.offsets[c]; k < scc.offsets[c + 1]; k++) if (inSet(scc.members[k])) members.push(scc.members[k]);
  const local = graph.localGraph(members);
  const found = new CycleSearch(local).shortestThrough(local.localOf(m), ANY_NODE);
  if (!found || found === OUT_OF_BUDGET) return null;
  return { ...cyclePathOf(graph, found, local), indices: found.map((i) => local.members[i]) };
}
