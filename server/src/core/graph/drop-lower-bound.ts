// A lower bound on the build dependencies any fix-all must leave out of one
// cluster (fix-all's second count, beside the packages' bound of
// cluster-solver.ts).
//
// Let E_s(P, X) be the entries of P's build set s (its build-depends or one of
// its bootstrap sets) whose runtime closure needs member X. In any fix, take a
// cycle P1 → P2 → … → P1 of members (Pi needs Pi+1) and its member P = Pi that
// becomes available first: the set t P is built with cannot need X = Pi+1 yet.
// If t is not annotated, E_t(P, X) is empty; if it is, derived from base b, its
// annotation leaves out every entry of E_b(P, X). So when every set s of every
// edge of a cycle holds an entry *reserved* for that cycle, the fix leaves out
// at least one of them. Cycles whose reserved entries are disjoint (as pairs
// package, entry) each cost the fix a distinct dropped entry: their number is a
// lower bound. This is a greedy packing of such cycles, shortest first (a
// member needing itself through an entry is a cycle of one: that entry goes).
//
// Everything outside the members counts as available (more availability never
// makes a fix need more), so the bounds of separate clusters add up.

import type { BuildGraph } from './build-graph';

export interface DropBoundLimits {
  /** Members on one searched cycle at most. */
  depth: number;
  /** Edges one search from a root may scan. */
  visitsPerRoot: number;
  /** Edges all the searches together may scan. */
  budget: number;
}

const DEFAULT_LIMITS: DropBoundLimits = { depth: 6, visitsPerRoot: 200_000, budget: 40_000_000 };

/** The sets of one member: per set, its distinct node entries and each one's needs (local ids, ascending). */
interface MemberSets {
  entries: Int32Array[];
  needs: Int32Array[][];
}

/**
 * At least this many entries leave the build sets of `members` (global node
 * ids, ascending) in any set of annotations that makes them all available,
 * everything else counting as available.
 */
export function dropLowerBound(graph: BuildGraph, members: Int32Array, limits: Partial<DropBoundLimits> = {}): number {
  const { depth, visitsPerRoot } = { ...DEFAULT_LIMITS, ...limits };
  let budget = limits.budget ?? DEFAULT_LIMITS.budget;
  const k = members.length;
  if (k === 0) return 0;
  const local = new Map<number, number>();
  for (let i = 0; i < k; i++) local.set(members[i], i);
  // Per install component (its members share one runtime closure), de-duplicated by stamps.
  const needMemo = new Map<number, Int32Array>();
  const compOf = graph.installComp;
  const stamp = new Int32Array(k);
  let stampGen = 0;
  const needsOf = (q: number): Int32Array => {
    let r = needMemo.get(compOf[q]);
    if (r) return r;
    const out: number[] = [];
    const gen = ++stampGen;
    for (const x of graph.closureOf(q)) {
      const t = graph.buildTarget[x];
      const l = t < 0 ? undefined : local.get(t);
      if (l !== undefined && stamp[l] !== gen) {
        stamp[l] = gen;
        out.push(l);
      }
    }
    r = Int32Array.from(out).sort();
    needMemo.set(compOf[q], r);
    return r;
  };
  const sets: MemberSets[] = [];
  for (let v = 0; v < k; v++) {
    const p = members[v];
    const lists = [graph.directDepsOf(p), ...graph.stages[p].map((s) => s.entries)];
    const entries = lists.map((l) => Int32Array.from(new Set(l)));
    sets.push({ entries, needs: entries.map((es) => Array.from(es, needsOf)) });
  }
  // Reserved (member, entry) pairs.
  const used = new Set<number>();
  const key = (v: number, q: number): number => v * graph.size + q;
  const has = (r: Int32Array, x: number): boolean => {
    let lo = 0;
    let hi = r.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (r[mid] === x) return true;
      if (r[mid] < x) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  /** For the edge v → x: one unreserved entry per set of v needing x, or null when some set has none. */
  const freeEntries = (v: number, x: number): number[] | null => {
    const ms = sets[v];
    const out: number[] = [];
    for (let s = 0; s < ms.entries.length; s++) {
      let found = -1;
      for (let e = 0; e < ms.entries[s].length && found < 0; e++) {
        const q = ms.entries[s][e];
        if (out.includes(q)) found = q; // already reserved for this edge by another set
        else if (!used.has(key(v, q)) && has(ms.needs[s][e], x)) found = q;
      }
      if (found < 0) return null;
      if (!out.includes(found)) out.push(found);
    }
    return out;
  };

  let packed = 0;
  const parent = new Int32Array(k);
  const dist = new Int32Array(k);
  const mark = new Int32Array(k).fill(-1);
  let searchId = 0;
  /** A shortest cycle through root of at most `maxLen` members whose edges all have free entries: its members in order, or null. */
  const cycleThrough = (root: number, maxLen: number): number[] | null => {
    const id = ++searchId;
    const queue = [root];
    mark[root] = id;
    dist[root] = 0;
    parent[root] = -1;
    let visits = 0;
    for (let head = 0; head < queue.length && visits < visitsPerRoot; head++) {
      const u = queue[head];
      if (dist[u] >= maxLen) continue;
      const ms = sets[u];
      // The candidates x: needs of the first set's unreserved entries (every set must need x).
      const seenHere = new Set<number>();
      for (let e = 0; e < ms.entries[0].length; e++) {
        if (used.has(key(u, ms.entries[0][e]))) continue;
        const r = ms.needs[0][e];
        visits += r.length;
        for (let j = 0; j < r.length; j++) {
          const x = r[j];
          if (seenHere.has(x)) continue;
          if (x === root) {
            if (ms.entries.length > 1 && !freeEntries(u, root)) continue;
            const cycle = [root];
            const path: number[] = [];
            for (let w = u; w !== root; w = parent[w]) path.push(w);
            return cycle.concat(path.reverse());
          }
          if (mark[x] === id || dist[u] + 1 >= maxLen) continue;
          seenHere.add(x);
          if (ms.entries.length > 1 && !freeEntries(u, x)) continue;
          mark[x] = id;
          dist[x] = dist[u] + 1;
          parent[x] = u;
          queue.push(x);
        }
      }
    }
    budget -= visits + queue.length;
    return null;
  };
  /** Reserves one free entry per set for every edge of the cycle; false (nothing reserved) when an edge has none. */
  const reserve = (cycle: number[]): boolean => {
    const picks: number[] = [];
    for (let i = 0; i < cycle.length; i++) {
      const v = cycle[i];
      const x = cycle[(i + 1) % cycle.length];
      const free = freeEntries(v, x);
      if (!free) {
        for (const kk of picks) used.delete(kk);
        return false;
      }
      for (const q of free) {
        used.add(key(v, q));
        picks.push(key(v, q));
      }
    }
    return true;
  };
  // Fewest needs first (as packDisjointCycles): their cycles are the least shared.
  const order = Array.from({ length: k }, (_, v) => v);
  const weight = order.map((v) => sets[v].needs[0].reduce((n, r) => n + r.length, 0));
  order.sort((a, b) => weight[a] - weight[b] || a - b);
  for (let len = 1; len <= depth && budget > 0; len++) {
    for (const root of order) {
      if (budget <= 0) break;
      for (;;) {
        const cycle = cycleThrough(root, len);
        if (!cycle || !reserve(cycle)) break;
        packed++;
      }
    }
  }
  return packed;
}
