// The layered graph (see build-graph.ts): build P = node P, install Q = node n + Q,
// whose SCCs give the build graph's. Built from the build-depends and depends
// adjacencies alone, without the expanded graph.

import type { BuildGraph } from './build-graph';
import type { Csr } from './csr';
import type { SccResult } from './scc';

/** The layered graph of `graph`: build P = node P, install Q = node n + Q. */
export function buildLayered(graph: BuildGraph): Csr {
  const n = graph.size;
  const offsets = new Int32Array(2 * n + 1);
  const bdCount = graph.bdTargets.length;
  const targets = new Int32Array(bdCount + n + graph.dependsTargets.length);
  let e = 0;
  for (let p = 0; p < n; p++) {
    offsets[p] = e;
    for (let k = graph.bdOffsets[p]; k < graph.bdOffsets[p + 1]; k++) targets[e++] = n + graph.bdTargets[k];
  }
  for (let q = 0; q < n; q++) {
    offsets[n + q] = e;
    // Installing q needs its build target built (none for a prebuilt binary).
    const t = graph.buildTarget[q];
    if (t >= 0) targets[e++] = t;
    for (let k = graph.dependsOffsets[q]; k < graph.dependsOffsets[q + 1]; k++) targets[e++] = n + graph.dependsTargets[k];
  }
  offsets[2 * n] = e;
  return { offsets, targets };
}

/**
 * The layered nodes of `layeredSccOf(mask)`'s graph that reach a build node in
 * `mask`: the masked build nodes and the install nodes leading to one. Tarjan on
 * these alone gives the same components with build nodes, in the same order, as
 * on all install nodes: an install node that reaches no masked build node reaches
 * nothing on the Tarjan stack while a build node is being explored, so exploring
 * it only emits install-only components. On a large graph with few masked
 * packages this is a small fraction of it.
 */
export function liveLayeredMask(graph: BuildGraph, mask: ArrayLike<number>): Uint8Array {
  const n = graph.size;
  const live = new Uint8Array(2 * n);
  // Reverse search over the masked layered graph, by the reverse adjacency the
  // graph already has: build(P) ← install(P); install(Y) ← build(P) for P listing
  // Y in its build-depends (P masked); install(Y) ← install(X) for X depending on Y.
  const stack: number[] = [];
  const enter = (x: number): void => {
    if (!live[n + x]) {
      live[n + x] = 1;
      stack.push(x);
    }
  };
  for (let q = 0; q < n; q++) {
    if (!mask[q]) continue;
    live[q] = 1;
    // build(q) is entered from install(q) and from the installs of its binaries.
    if (graph.buildTarget[q] === q) enter(q);
    const owned = graph.binariesOf(q);
    for (let k = 0; k < owned.length; k++) enter(owned[k]);
  }
  while (stack.length > 0) {
    const y = stack.pop() as number;
    // install(y) ← build(p) for a masked p listing y: build(p) is live already, and
    // so are the install nodes leading to it (entered above).
    for (let e = graph.rdepOffsets[y], end = graph.rdepOffsets[y + 1]; e < end; e++) {
      const x = graph.rdepSources[e];
      if (!live[n + x]) {
        live[n + x] = 1;
        stack.push(x);
      }
    }
  }
  return live;
}

/** Build-node components of a layered SCC result, in the same (dependencies-first) order. */
export function buildComponents(n: number, ls: SccResult): SccResult {
  const compOf = new Int32Array(n).fill(-1);
  const members = new Int32Array(n);
  // At most one component per layered component: typed, cut to size at the end.
  const offsets = new Int32Array(ls.count + 1);
  const flags = new Uint8Array(ls.count);
  let count = 0;
  let at = 0;
  for (let c = 0; c < ls.count; c++) {
    const from = ls.offsets[c];
    const to = ls.offsets[c + 1];
    if (ls.members[from] >= n) continue; // install nodes only (members are ascending)
    offsets[count] = at;
    for (let k = from; k < to; k++) {
      const v = ls.members[k];
      if (v >= n) break;
      compOf[v] = count;
      members[at++] = v;
    }
    flags[count] = to - from >= 2 ? 1 : 0;
    count++;
  }
  offsets[count] = at;
  return { count, compOf, offsets: offsets.slice(0, count + 1), members: members.subarray(0, at), nonTrivial: flags.slice(0, count) };
}
