// Strongly connected components: iterative Tarjan, linear in nodes + edges, no
// recursion. Works on any graph in CSR form (offsets + targets), optionally
// restricted to the subgraph induced by a mask.

import type { BuildGraph } from './build-graph';
import { scratchInt32, scratchUint8 } from './scratch';

export interface SccResult {
  /** Number of components. */
  count: number;
  /** Component of each node; -1 for nodes outside the mask. */
  compOf: Int32Array;
  /**
   * Members of component c are `members[offsets[c] .. offsets[c+1])`, ascending.
   * Components are numbered in Tarjan emission order: a component comes after
   * every component it reaches. With build edges pointing from a package to
   * its dependencies, that is "dependencies first".
   */
  offsets: Int32Array;
  members: Int32Array;
  /** 1 for a non-trivial component: at least two members, or one with a self-loop. */
  nonTrivial: Uint8Array;
}

/**
 * SCCs of the graph with `n` nodes whose out-edges of v are
 * `targets[offsets[v] .. offsets[v+1])`. When `mask` is given, only nodes with a
 * non-zero mask entry take part (and only edges between them).
 */
export function tarjanScc(
  n: number,
  offsets: ArrayLike<number>,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number> | null,
): SccResult {
  // Work arrays from the scratch slots (nothing here calls out); the result's own arrays are new.
  const index = scratchInt32('scc.index', n).fill(-1);
  const low = scratchInt32('scc.low', n);
  const selfLoop = scratchUint8('scc.selfLoop', n).fill(0);
  const stack = scratchInt32('scc.stack', n);
  let sp = 0;
  const callNode = scratchInt32('scc.callNode', n);
  const callEdge = scratchInt32('scc.callEdge', n);
  let csp = 0;
  // A visited node is on the Tarjan stack exactly until it gets its component, so
  // `compOf[w] === -1` for a visited w stands for "on the stack".
  const compOf = new Int32Array(n).fill(-1);
  const members = new Int32Array(n);
  const compStarts = scratchInt32('scc.compStarts', n + 1);
  const flags = scratchUint8('scc.flags', n);
  let memberCount = 0;
  let counter = 0;
  let count = 0;

  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    if (mask && !mask[s]) continue;
    index[s] = low[s] = counter++;
    stack[sp++] = s;
    callNode[csp] = s;
    callEdge[csp] = offsets[s];
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1];
      // Scan v's edges until one leads to an unvisited node (descend into it).
      let e = callEdge[csp - 1];
      const end = offsets[v + 1];
      let child = -1;
      let lowV = low[v];
      while (e < end) {
        const w = targets[e++];
        if (mask && !mask[w]) continue;
        if (w === v) selfLoop[v] = 1;
        const iw = index[w];
        if (iw === -1) {
          child = w;
          break;
        }
        if (compOf[w] === -1 && iw < lowV) lowV = iw;
      }
      low[v] = lowV;
      callEdge[csp - 1] = e;
      if (child >= 0) {
        index[child] = low[child] = counter++;
        stack[sp++] = child;
        callNode[csp] = child;
        callEdge[csp] = offsets[child];
        csp++;
        continue;
      }
      csp--;
      if (lowV === index[v]) {
        const start = memberCount;
        compStarts[count] = start;
        for (;;) {
          const w = stack[--sp];
          compOf[w] = count;
          members[memberCount++] = w;
          if (w === v) break;
        }
        if (memberCount - start > 1) {
          members.subarray(start, memberCount).sort();
          flags[count] = 1;
        } else flags[count] = selfLoop[v];
        count++;
      }
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (lowV < low[u]) low[u] = lowV;
      }
    }
  }
  compStarts[count] = memberCount;
  return {
    count,
    compOf,
    offsets: compStarts.slice(0, count + 1),
    members: members.subarray(0, memberCount),
    nonTrivial: flags.slice(0, count),
  };
}

/** Members of component c, ascending node indices. */
export function componentMembers(scc: SccResult, c: number): Int32Array {
  return scc.members.subarray(scc.offsets[c], scc.offsets[c + 1]);
}

/** Non-trivial: at least two members, or a single member with a self-loop. */
export function isNonTrivial(scc: SccResult, c: number): boolean {
  return scc.nonTrivial[c] === 1;
}

/**
 * SCCs of a build graph, or of the subgraph induced by `mask` (computed on the
 * compact layered graph, never on the expanded edges). With a mask, only nodes on
 * some build cycle take part (a node outside every non-trivial SCC of the whole
 * graph is a trivial SCC of every induced subgraph): such nodes get compOf -1,
 * like the nodes outside the mask. So use a masked result for its non-trivial
 * components.
 */
export function buildGraphScc(graph: BuildGraph, mask?: ArrayLike<number> | null): SccResult {
  if (!mask) return graph.scc();
  const onCycle = graph.cycleMask();
  const m = new Uint8Array(graph.size);
  let any = false;
  for (let i = 0; i < graph.size; i++) {
    if (mask[i] && onCycle[i]) {
      m[i] = 1;
      any = true;
    }
  }
  if (!any) {
    return {
      count: 0,
      compOf: new Int32Array(graph.size).fill(-1),
      offsets: new Int32Array(1),
      members: new Int32Array(0),
      nonTrivial: new Uint8Array(0),
    };
  }
  return graph.sccOf(m);
}

/**
 * The non-trivial SCCs of a build graph (or of the subgraph induced by `mask`), each as
 * ascending node indices; the list is ordered by lowest member.
 */
export function nonTrivialComponents(graph: BuildGraph, mask?: ArrayLike<number> | null): number[][] {
  const scc = buildGraphScc(graph, mask);
  const out: number[][] = [];
  for (let c = 0; c < scc.count; c++) {
    if (isNonTrivial(scc, c)) out.push(Array.from(componentMembers(scc, c)));
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

/** Name-level convenience: the non-trivial SCCs as sorted name lists, ordered by lowest member. */
export function nonTrivialComponentNames(graph: BuildGraph, mask?: ArrayLike<number> | null): string[][] {
  return nonTrivialComponents(graph, mask).map((c) => c.map((i) => graph.names[i]));
}
