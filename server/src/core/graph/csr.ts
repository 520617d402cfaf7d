// Compressed sparse row adjacencies and the small typed-array helpers the graph
// engine shares: reversal, condensation by SCCs, sorted membership, bit counts and a
// growable edge list.

import type { SccResult } from './scc';

/** A CSR adjacency. */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

/** Whether the sorted range a[from..to) holds x. */
export function binaryHas(a: ArrayLike<number>, x: number, from = 0, to = a.length): boolean {
  return sortedIndexOf(a, x, from, to) >= 0;
}

/** Where `x` sits in the ascending range a[from..to), or -1. */
export function sortedIndexOf(a: ArrayLike<number>, x: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether two sequences hold the same elements in the same order (index lists, name lists). */
export function sameSequence<T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Reverse of a CSR adjacency over n nodes (sources come out ascending). */
export function reverseCsr(n: number, offsets: ArrayLike<number>, targets: ArrayLike<number>): Csr {
  const rOffsets = new Int32Array(n + 1);
  const m = offsets[n];
  for (let e = 0; e < m; e++) rOffsets[targets[e] + 1]++;
  for (let i = 0; i < n; i++) rOffsets[i + 1] += rOffsets[i];
  const fill = rOffsets.slice(0, n);
  const rTargets = new Int32Array(m);
  for (let p = 0; p < n; p++) for (let e = offsets[p]; e < offsets[p + 1]; e++) rTargets[fill[targets[e]]++] = p;
  return { offsets: rOffsets, targets: rTargets };
}


/**
 * Marks in `mark` every node `adj` reaches from `from` (itself included) that
 * is not marked yet, calling `visit` on each as it is taken. A marked node is
 * not entered: what it reaches was marked with it.
 */
export function markReachable(adj: Csr, mark: Uint8Array, from: number, visit?: (v: number) => void): void {
  if (mark[from]) return;
  mark[from] = 1;
  const stack = [from];
  while (stack.length > 0) {
    const u = stack.pop() as number;
    visit?.(u);
    for (let e = adj.offsets[u]; e < adj.offsets[u + 1]; e++) {
      const w = adj.targets[e];
      if (!mark[w]) {
        mark[w] = 1;
        stack.push(w);
      }
    }
  }
}

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}


/** A growable list of (target, via) pairs in two typed arrays. */
export class EdgeBuffer {
  private t: Int32Array;
  private v: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.t = new Int32Array(capacity);
    this.v = new Int32Array(capacity);
  }

  push(target: number, via: number): void {
    if (this.length === this.t.length) {
      const t = new Int32Array(this.t.length * 2);
      const v = new Int32Array(this.t.length * 2);
      t.set(this.t);
      v.set(this.v);
      this.t = t;
      this.v = v;
    }
    this.t[this.length] = target;
    this.v[this.length] = via;
    this.length++;
  }

  targets(): Int32Array {
    return this.t.slice(0, this.length);
  }

  vias(): Int32Array {
    return this.v.slice(0, this.length);
  }
}

/** The condensation of a graph by its SCCs: distinct successor components per component (CSR, ascending). */
export function condensation(scc: SccResult, offsets: Int32Array, targets: Int32Array): Csr {
  const cOffsets = new Int32Array(scc.count + 1);
  // At most one entry per edge; typed and sorted in place (see buildGraph).
  const out = new Int32Array(targets.length);
  let length = 0;
  const stamp = new Int32Array(scc.count).fill(-1);
  for (let c = 0; c < scc.count; c++) {
    cOffsets[c] = length;
    const start = length;
    for (let k = scc.offsets[c]; k < scc.offsets[c + 1]; k++) {
      const v = scc.members[k];
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        const d = scc.compOf[targets[e]];
        if (d !== c && stamp[d] !== c) {
          stamp[d] = c;
          out[length++] = d;
        }
      }
    }
    if (length - start > 1) out.subarray(start, length).sort();
  }
  cOffsets[scc.count] = length;
  return { offsets: cOffsets, targets: out.slice(0, length) };
}
