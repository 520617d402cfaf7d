// The per-package fix that always makes progress (issue: "every preferred quick
// fix makes progress"): give package P a bootstrap set without every entry that
// leads back into P's cycle cluster — to a package of P's strongly connected
// component that is never built, directly or through the runtime closure of the
// entry. Once everything outside the cluster is available, that set is, so P
// gets built in some form and leaves the unbroken cycles.
//
// Where P already has build-depends-bootstrapN sets, the fix extends the one
// needing the fewest removals (ties: the lowest N) rather than starting again
// from build-depends, so nothing an earlier set dropped comes back.

import type { BuildGraph } from './build-graph';
import type { SccResult } from './scc';

export interface PackageMove {
  package: string;
  stage: number;
  /** The entries this move takes out of the set it derives from (sorted). */
  remove: string[];
  /** Every build-depends entry the new set leaves out, earlier moves' included (in build-depends order). */
  leftOut: string[];
  /** The new `build-depends-bootstrap<stage>` value, in the order of the list it is derived from. */
  newSet: string[];
  /** true: rewrite the existing key; false: insert a new one. */
  update: boolean;
}

/**
 * The move that gives p a bootstrap set without every entry `bad` says must go,
 * derived from the existing set needing the fewest removals (lowest stage first),
 * or from build-depends as stage 1 when p has none. null when nothing would be
 * removed (p needs no move).
 */
export function packageMove(graph: BuildGraph, p: number, bad: (entry: number) => boolean): PackageMove | null {
  const sets = graph.stages[p];
  let best: { stage: number; base: readonly string[]; update: boolean; removed: number } | undefined;
  const consider = (stage: number, base: readonly string[], update: boolean): void => {
    let removed = 0;
    for (const name of new Set(base)) {
      const q = graph.index(name);
      if (q >= 0 && bad(q)) removed++;
    }
    if (!best || removed < best.removed) best = { stage, base, update, removed };
  };
  if (sets.length === 0) consider(1, graph.buildDepends[p], false);
  for (const s of sets) consider(s.stage, s.buildDepends, true);
  if (!best || best.removed === 0) return null;
  const remove = new Set<string>();
  const newSet: string[] = [];
  for (const name of best.base) {
    const q = graph.index(name);
    if (q >= 0 && bad(q)) remove.add(name);
    else newSet.push(name);
  }
  const kept = new Set(newSet);
  const leftOut = Array.from(new Set(graph.buildDepends[p].filter((x) => !kept.has(x))));
  return { package: graph.names[p], stage: best.stage, remove: Array.from(remove).sort(), leftOut, newSet, update: best.update };
}

/**
 * Whether an entry leads into the never-built part of a cluster (an SCC of the
 * build graph), itself or through its runtime closure: a search over install
 * components, memoised per cluster.
 */
export class ClusterReach {
  private readonly memoGen: Int32Array;
  private readonly memoVal: Uint8Array;
  private gen = 0;
  private cluster = -1;

  constructor(
    private readonly graph: BuildGraph,
    /** 1 for a package built in some form. */
    private readonly avail: Uint8Array,
    /** The SCCs of the whole build graph. */
    private readonly clusters: SccResult,
  ) {
    const C = graph.installScc.count;
    this.memoGen = new Int32Array(C);
    this.memoVal = new Uint8Array(C);
  }

  /** Whether q or its runtime closure holds a never-built member of `cluster`, or a binary that member builds. */
  leadsInto(q: number, cluster: number): boolean {
    if (cluster !== this.cluster) {
      this.cluster = cluster;
      this.gen++;
    }
    const g = this.graph;
    const comp = g.installComp;
    const start = comp[q];
    if (this.memoGen[start] === this.gen) return this.memoVal[start] === 1;
    const dscc = g.installScc;
    const succ = g.installSucc;
    // Iterative post-order: a component's value is known once its successors' are.
    const stack: number[] = [start];
    const entered = new Set<number>();
    while (stack.length > 0) {
      const c = stack[stack.length - 1];
      if (this.memoGen[c] === this.gen) {
        stack.pop();
        continue;
      }
      if (!entered.has(c)) {
        entered.add(c);
        for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) {
          const d = succ.targets[e];
          if (this.memoGen[d] !== this.gen) stack.push(d);
        }
        continue;
      }
      stack.pop();
      let hit = 0;
      for (let k = dscc.offsets[c]; k < dscc.offsets[c + 1] && !hit; k++) {
        // A binary leads to its package (a prebuilt one or a virtual name to none).
        const v = g.buildTarget[dscc.members[k]];
        if (v >= 0 && !this.avail[v] && g.declared[v] && this.clusters.compOf[v] === cluster) hit = 1;
      }
      for (let e = succ.offsets[c]; e < succ.offsets[c + 1] && !hit; e++) {
        if (this.memoVal[succ.targets[e]]) hit = 1;
      }
      this.memoGen[c] = this.gen;
      this.memoVal[c] = hit;
    }
    return this.memoVal[start] === 1;
  }

  /** The progress move of never-built package p: leave out every entry leading into p's cluster. */
  moveOf(p: number): PackageMove | null {
    const cluster = this.clusters.compOf[p];
    return packageMove(this.graph, p, (q) => this.leadsInto(q, cluster));
  }
}
