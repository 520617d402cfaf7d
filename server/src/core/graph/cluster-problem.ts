// One cluster of packages that are never built, as a small AND/OR problem:
// everything outside the cluster counts as available, and a member becomes
// available as soon as one of its build sets (its full build-depends, or one of
// its build-depends-bootstrapN sets) has every cluster member it needs —
// directly or through the runtime closure of an entry — available. That is
// exactly the bootstrap phase's fixpoint (SPEC §3) restricted to the cluster.
//
// Breaking the cluster's cycles means choosing members to give a bootstrap set
// that needs nothing unavailable (a "move"): fix-all looks for the fewest moves
// after which propagation makes every member available (a feedback vertex set
// of the AND/OR need graph).

import type { BuildGraph } from './build-graph';
import { markReachable } from './csr';
import { LayeredClusterProblem } from './layered-cluster';

export class ClusterProblem {
  /** Number of members (local ids 0 .. size-1, in the order of `members`). */
  readonly size: number;
  /** Owner (local id) of each set. */
  readonly setOwner: Int32Array;
  /** Required members (local ids, de-duplicated) of set s: `req[reqOffsets[s] .. reqOffsets[s+1])`. */
  readonly reqOffsets: Int32Array;
  readonly req: Int32Array;
  /** The sets of member v: `ownSets[ownOffsets[v] .. ownOffsets[v+1])`. */
  readonly ownOffsets: Int32Array;
  readonly ownSets: Int32Array;
  /** The sets requiring member x: `users[userOffsets[x] .. userOffsets[x+1])`. */
  readonly userOffsets: Int32Array;
  readonly users: Int32Array;

  /**
   * The propagation, in the layered form: an entry stands for its install
   * component, so a propagation is linear in the lists that touch the cluster.
   * Over the flat requirements above it cost (members × closure size) per
   * propagation where runtime closures hold most of the cluster, which fix-all's
   * searches repeat thousands of times (a 3 000-package tangle: 8.6 G scans, 24 s).
   */
  private readonly propagation: LayeredClusterProblem;
  /** Availability of each member (local id), as the last propagation left it (shared, updated in place). */
  readonly avail: Uint8Array;
  private hardCount: Int32Array | undefined;

  /** Entries a move on each member would leave out, were nothing else available yet. */
  readonly moveCost: Int32Array;
  /** 1 for a set that also needs a package outside the cluster that is not available (never satisfied). */
  private readonly blocked: Uint8Array;

  /**
   * `members`: global node ids, ascending. `unavailableOutside`, when given, says
   * which packages outside the cluster are not available (a set needing one is
   * never satisfied); without it everything outside counts as available.
   */
  constructor(
    readonly graph: BuildGraph,
    readonly members: Int32Array,
    unavailableOutside?: (v: number) => boolean,
  ) {
    const k = members.length;
    this.size = k;
    const local = new Map<number, number>();
    for (let i = 0; i < k; i++) local.set(members[i], i);
    // Members in the runtime closure of each entry, memoised per install
    // component (its members share one closure): where one runtime cycle holds
    // most of a tangle, every entry into it shares one list.
    const entryReq = new Map<number, Int32Array | null>();
    const compOf = graph.installComp;
    /** null: the entry needs an unavailable package outside the cluster. */
    const reqOfEntry = (q: number): Int32Array | null => {
      let r = entryReq.get(compOf[q]);
      if (r === undefined) {
        const out: number[] = [];
        const cl = graph.closureOf(q);
        const target = graph.buildTarget;
        let dead = false;
        for (let j = 0; j < cl.length; j++) {
          // A binary in the closure needs its package (a prebuilt one or a virtual name: nothing).
          const t = target[cl[j]];
          if (t < 0) continue;
          const l = local.get(t);
          if (l !== undefined) out.push(l);
          else if (unavailableOutside?.(t)) dead = true;
        }
        r = dead ? null : Int32Array.from(out);
        entryReq.set(compOf[q], r);
      }
      return r;
    };
    const blocked: number[] = [];
    const hits: number[] = [];
    const owners: number[] = [];
    // Sized up front by a bound (each set's entries, one per install component):
    // where runtime closures hold most of the cluster, the sets' requirements run
    // into hundreds of millions, and growing by doubling, then copying to size,
    // held up to three times them at once.
    let bound = 0;
    const countSet = (entries: ArrayLike<number>): void => {
      const comps = new Set<number>();
      for (let e = 0; e < entries.length; e++) {
        const c = compOf[entries[e]];
        if (comps.has(c)) continue;
        comps.add(c);
        bound += reqOfEntry(entries[e])?.length ?? 0;
      }
    };
    for (let v = 0; v < k; v++) {
      const p = members[v];
      countSet(graph.directDepsOf(p));
      for (const s of graph.stages[p]) countSet(s.entries);
    }
    const reqFlat = new Int32Array(bound);
    let reqLength = 0;
    const reqOffsets: number[] = [0];
    const ownOffsets = new Int32Array(k + 1);
    const seen = new Int32Array(k).fill(-1);
    const addSet = (owner: number, entries: ArrayLike<number>): void => {
      const s = owners.length;
      owners.push(owner);
      let dead = 0;
      let hit = 0;
      for (let e = 0; e < entries.length; e++) {
        const r = reqOfEntry(entries[e]);
        if (!r || r.length > 0) hit++;
        if (!r) {
          dead = 1;
          continue;
        }
        for (let j = 0; j < r.length; j++) {
          if (seen[r[j]] === s) continue;
          seen[r[j]] = s;
          reqFlat[reqLength++] = r[j];
        }
      }
      reqOffsets.push(reqLength);
      blocked.push(dead);
      hits.push(hit);
    };
    for (let v = 0; v < k; v++) {
      const p = members[v];
      ownOffsets[v] = owners.length;
      addSet(v, graph.directDepsOf(p));
      for (const s of graph.stages[p]) addSet(v, s.entries);
    }
    ownOffsets[k] = owners.length;
    const S = owners.length;
    this.setOwner = Int32Array.from(owners);
    this.blocked = Uint8Array.from(blocked);
    // A move extends an existing bootstrap set (the cheapest), or starts from build-depends.
    this.moveCost = new Int32Array(k);
    for (let v = 0; v < k; v++) {
      const from = ownOffsets[v];
      const to = ownOffsets[v + 1];
      let cost = hits[from];
      if (to - from > 1) {
        cost = Infinity;
        for (let s = from + 1; s < to; s++) cost = Math.min(cost, hits[s]);
      }
      this.moveCost[v] = cost;
    }
    this.reqOffsets = Int32Array.from(reqOffsets);
    this.req = reqFlat.subarray(0, reqLength);
    this.ownOffsets = ownOffsets;
    this.ownSets = Int32Array.from({ length: S }, (_, s) => s);
    const userCount = new Int32Array(k + 1);
    for (let j = 0; j < this.req.length; j++) userCount[this.req[j] + 1]++;
    for (let x = 0; x < k; x++) userCount[x + 1] += userCount[x];
    const users = new Int32Array(this.req.length);
    const fill = userCount.slice(0, k);
    for (let s = 0; s < S; s++) {
      for (let j = this.reqOffsets[s]; j < this.reqOffsets[s + 1]; j++) users[fill[this.req[j]]++] = s;
    }
    this.userOffsets = userCount;
    this.users = users;
    // Its sets are these sets, in the same order.
    this.propagation = new LayeredClusterProblem(graph, members, this.blocked, true);
    this.avail = this.propagation.avail.subarray(0, k);
  }

  /** Members available. */
  get availableCount(): number {
    return this.propagation.availableCount;
  }

  /** When set, every member that becomes available is appended. */
  get log(): number[] | undefined {
    return this.propagation.memberLog;
  }
  set log(log: number[] | undefined) {
    this.propagation.memberLog = log;
  }

  /** Requirements the propagations have scanned so far (a measure of their work; see fewestDrops). */
  get scanned(): number {
    return this.propagation.scanned;
  }

  /**
   * Whether some build set of `members` needs, through an entry's runtime
   * closure, a package outside them that `unavailableOutside` says is not
   * available (a blocked set of their problem with `unavailableOutside`), without
   * building the problem: over the install components holding such a node and
   * all that lead to them.
   */
  static anySetBlocked(g: BuildGraph, members: Int32Array, unavailableOutside: (v: number) => boolean): boolean {
    const isMember = new Uint8Array(g.size);
    for (let i = 0; i < members.length; i++) isMember[members[i]] = 1;
    const compOf = g.installComp;
    const dead = new Uint8Array(g.installScc.count);
    for (let v = 0; v < g.size; v++) {
      const t = g.buildTarget[v];
      if (t >= 0 && !isMember[t] && unavailableOutside(t)) markReachable(g.installPred, dead, compOf[v]);
    }
    const reachesDead = (entries: ArrayLike<number>): boolean => {
      for (let k = 0; k < entries.length; k++) if (dead[compOf[entries[k]]]) return true;
      return false;
    };
    for (let i = 0; i < members.length; i++) {
      const p = members[i];
      if (reachesDead(g.directDepsOf(p))) return true;
      for (const s of g.stages[p]) if (reachesDead(s.entries)) return true;
    }
    return false;
  }

  /** How many sets need an unavailable package outside the cluster (they never hold). */
  get blockedSetCount(): number {
    let n = 0;
    for (let s = 0; s < this.blocked.length; s++) n += this.blocked[s];
    return n;
  }

  /**
   * The problem of the members that stay unavailable when everything outside
   * `members` is available (the rest become available by propagation alone).
   */
  static unavailablePart(graph: BuildGraph, members: Int32Array): ClusterProblem {
    const whole = new ClusterProblem(graph, members);
    if (whole.availableCount === 0) return whole;
    const rest: number[] = [];
    for (let v = 0; v < whole.size; v++) if (!whole.avail[v]) rest.push(members[v]);
    return new ClusterProblem(graph, Int32Array.from(rest));
  }

  /** Every member unavailable again; members with a set needing no member become available. */
  reset(): void {
    this.propagation.reset();
  }

  /** Makes the members available (moves, or propagation) and propagates. */
  makeAvailable(vs: ArrayLike<number>): void {
    this.propagation.makeAvailable(vs);
  }

  /** Whether moves on `chosen` (local ids) make every member available. */
  resolves(chosen: ArrayLike<number>): boolean {
    this.reset();
    this.makeAvailable(chosen);
    return this.availableCount === this.size;
  }

  /**
   * The members every set of v needs (local ids): v cannot become available
   * before each of them does, unless v itself is moved.
   */
  hardNeeds(v: number): number[] {
    if (this.mustMove(v)) return [v];
    const from = this.ownOffsets[v];
    const to = this.ownOffsets[v + 1];
    // Counted in a shared array, reset for what was touched: no map per member.
    const count = (this.hardCount ??= new Int32Array(this.size));
    const touched: number[] = [];
    let sets = 0;
    for (let s = from; s < to; s++) {
      if (this.blocked[s]) continue;
      sets++;
      for (let j = this.reqOffsets[s]; j < this.reqOffsets[s + 1]; j++) {
        const x = this.req[j];
        if (count[x]++ === 0) touched.push(x);
      }
    }
    const out: number[] = [];
    for (const x of touched) {
      if (count[x] === sets) out.push(x);
      count[x] = 0;
    }
    return out.sort((a, b) => a - b);
  }

  /** Whether every set of v needs an unavailable package outside the cluster: only a move helps v. */
  mustMove(v: number): boolean {
    for (let s = this.ownOffsets[v]; s < this.ownOffsets[v + 1]; s++) if (!this.blocked[s]) return false;
    return true;
  }
}
