// The build edges among a set of packages (one SCC, typically), in a local CSR with
// each edge's via: what cycle searches work on instead of the expanded graph.

import type { BuildGraph } from './build-graph';
import type { GraphState } from './graph-state';
import { EdgeBuffer, popcount, reverseCsr } from './csr';

/**
 * The build edges among a set of packages, indexed locally (0 .. size-1 in the
 * order of `members`, which is ascending), with `via` as global node indices.
 */
export interface LocalGraph {
  size: number;
  /** Global node index of each local node, ascending. */
  members: Int32Array;
  offsets: Int32Array;
  targets: Int32Array;
  via: Int32Array;
  rOffsets: Int32Array;
  rSources: Int32Array;
  /** Local index of a global node, or -1. */
  localOf(v: number): number;
}

/** Above this many bitset words (over all install components), `localGraph` searches instead. */
const LOCAL_BITSET_LIMIT = 4_000_000;

/**
 * The build edges among `members` (ascending global indices), with their via, in
 * a local CSR. For every install component reached from the members' entries,
 * the set of members in its runtime closure is a bitset over the members (a DP
 * over the condensation of the depends graph); a member's edges are the union of
 * its entries' sets, taken entry by entry in name order (direct entries first)
 * so that each edge gets its via. (For a huge member set, or with `bySearch`,
 * each member's inputs are collected by a search instead.)
 */
export function localGraphOf(graph: BuildGraph, core: GraphState, members: ArrayLike<number>, options: { bySearch?: boolean } = {}): LocalGraph {
  const n = graph.size;
  const k = members.length;
  const mem = Int32Array.from(members);
  const words = (k + 31) >>> 5;
  const dscc = core.dependsScc;
  const succ = core.icSucc;
  const compOf = dscc.compOf;
  // Members of each install component, as bits.
  if (!core.localIndex) core.localIndex = new Int32Array(n).fill(-1);
  const localIndex = core.localIndex;
  for (let i = 0; i < k; i++) localIndex[mem[i]] = i;
  // Install components are numbered dependencies first, so a component below the
  // lowest member component reaches no member: the DP never enters one.
  // (A member's binaries count as the member: installing one needs it built.)
  const buildTarget = graph.buildTarget;
  let minComp = dscc.count;
  for (let i = 0; i < k; i++) {
    if (buildTarget[mem[i]] === mem[i] && compOf[mem[i]] < minComp) minComp = compOf[mem[i]];
    const owned = graph.binariesOf(mem[i]);
    for (let j = 0; j < owned.length; j++) if (compOf[owned[j]] < minComp) minComp = compOf[owned[j]];
  }
  // Per install component, reused across calls (a graph can have hundreds of
  // small SCCs): done[c] === stamp once sets[c] holds c's bits for this call.
  if (!core.localSets || core.localSets.length < dscc.count) {
    core.localSets = new Array(dscc.count).fill(undefined);
    core.localDone = new Int32Array(dscc.count);
    core.localStamp = 0;
  }
  const sets = core.localSets;
  const done = core.localDone as Int32Array;
  const stamp = (core.localStamp = (core.localStamp ?? 0) + 1);
  const touched: number[] = [];
  const stackC: number[] = [];
  const setOf = (c0: number): Int32Array | undefined => {
    if (c0 < minComp) return undefined;
    if (done[c0] !== stamp) {
      // Post-order over the condensation (a DAG): a component is finished once all
      // its successors are; a successor pushed earlier lower on the stack is pushed
      // again, so it is finished first.
      stackC.push(c0);
      while (stackC.length > 0) {
        const c = stackC[stackC.length - 1];
        if (done[c] === stamp) {
          stackC.pop();
          continue;
        }
        let pending = false;
        for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) {
          const d = succ.targets[e];
          if (d >= minComp && done[d] !== stamp) {
            stackC.push(d);
            pending = true;
          }
        }
        if (pending) continue;
        stackC.pop();
        let bits: Int32Array | undefined;
        for (let j = dscc.offsets[c]; j < dscc.offsets[c + 1]; j++) {
          const t = buildTarget[dscc.members[j]];
          const li = t >= 0 ? localIndex[t] : -1;
          if (li < 0) continue;
          bits ??= new Int32Array(words);
          bits[li >>> 5] |= 1 << (li & 31);
        }
        for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) {
          const d = succ.targets[e];
          if (d < minComp) continue; // never entered: no member in its closure
          const db = sets[d];
          if (!db) continue;
          if (!bits) bits = db.slice();
          else for (let w = 0; w < words; w++) bits[w] |= db[w];
        }
        sets[c] = bits; // undefined: no member in this closure
        if (bits) touched.push(c);
        done[c] = stamp;
      }
    }
    return sets[c0];
  };
  const offsets = new Int32Array(k + 1);
  let targets: Int32Array;
  let via: Int32Array;
  // The bitsets cost `words` integers per install component: for a huge member
  // set, collect each member's inputs by a search instead.
  const bySearch = options.bySearch ?? words * dscc.count > LOCAL_BITSET_LIMIT;
  try {
    if (bySearch) {
      const edges = new EdgeBuffer(Math.max(16, 4 * k));
      const buf = graph.inputBuffer();
      for (let i = 0; i < k; i++) {
        offsets[i] = edges.length;
        const count = graph.collectInputs(mem[i]);
        const picked: number[] = [];
        for (let j = 0; j < count; j++) {
          const lr = localIndex[buf[j]];
          if (lr >= 0) picked.push(lr);
        }
        picked.sort((a, b) => a - b);
        for (const lr of picked) edges.push(lr, graph.inputVia(mem[lr]));
      }
      offsets[k] = edges.length;
      targets = edges.targets();
      via = edges.vias();
    } else {
      // Member i's targets, as bits in `acc`; with `viaOfLocal`, each target's via.
      const acc = new Int32Array(words);
      const viaOfLocal = new Int32Array(Math.max(1, k));
      const collect = (i: number, withVia: boolean): void => {
        acc.fill(0);
        const p = mem[i];
        const from = graph.bdOffsets[p];
        const to = graph.bdOffsets[p + 1];
        for (let e = from; e < to; e++) {
          const q = graph.bdTargets[e];
          const tq = buildTarget[q];
          const lq = tq >= 0 ? localIndex[tq] : -1;
          if (lq >= 0 && !(acc[lq >>> 5] & (1 << (lq & 31)))) {
            acc[lq >>> 5] |= 1 << (lq & 31);
            viaOfLocal[lq] = q;
          }
        }
        for (let e = from; e < to; e++) {
          const q = graph.bdTargets[e];
          const bits = setOf(compOf[q]);
          if (!bits) continue;
          for (let w = 0; w < words; w++) {
            let nb = bits[w] & ~acc[w];
            if (nb === 0) continue;
            acc[w] |= nb;
            while (withVia && nb !== 0) {
              const low = nb & -nb;
              viaOfLocal[(w << 5) + (31 - Math.clz32(low))] = q;
              nb ^= low;
            }
          }
        }
      };
      // Count first, so that the edge arrays (millions of entries for a huge SCC)
      // are allocated once, at their size: growing them churns external memory,
      // which makes V8 start a full collection of the (large) heap.
      for (let i = 0; i < k; i++) {
        collect(i, false);
        let count = 0;
        for (let w = 0; w < words; w++) count += popcount(acc[w]);
        offsets[i + 1] = offsets[i] + count;
      }
      targets = new Int32Array(offsets[k]);
      via = new Int32Array(offsets[k]);
      for (let i = 0; i < k; i++) {
        collect(i, true);
        let at = offsets[i];
        for (let w = 0; w < words; w++) {
          let x = acc[w];
          while (x !== 0) {
            const low = x & -x;
            const lr = (w << 5) + (31 - Math.clz32(low));
            targets[at] = lr;
            via[at] = viaOfLocal[lr];
            at++;
            x ^= low;
          }
        }
      }
    }
  } finally {
    for (let i = 0; i < k; i++) localIndex[mem[i]] = -1;
    for (const c of touched) sets[c] = undefined; // let the bitsets go
  }
  const rev = reverseCsr(k, offsets, targets);
  let local: Map<number, number> | undefined;
  return {
    size: k,
    members: mem,
    offsets,
    targets,
    via,
    rOffsets: rev.offsets,
    rSources: rev.targets,
    localOf: (v) => {
      if (!local) {
        local = new Map<number, number>();
        for (let i = 0; i < k; i++) local.set(mem[i], i);
      }
      return local.get(v) ?? -1;
    },
  };
}
