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

  // Propagation state (reset by `reset`).
  readonly avail: Uint8Array;
  private readonly missing: Int32Array;
  private readonly queue: Int32Array;
  availableCount = 0;
  private hardCount: Int32Array | undefined;
  /** When set, every member that becomes available is appended. */
  log: number[] | undefined;

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
    // Members in the runtime closure of each entry, memoised per entry.
    const entryReq = new Map<number, Int32Array | null>();
    /** null: the entry needs an unavailable package outside the cluster. */
    const reqOfEntry = (q: number): Int32Array | null => {
      let r = entryReq.get(q);
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
        entryReq.set(q, r);
      }
      return r;
    };
    const blocked: number[] = [];
    const hits: number[] = [];
    const owners: number[] = [];
    // A typed list grown by doubling: where runtime closures hold most of the
    // cluster, the sets' requirements run into tens of millions.
    let reqFlat = new Int32Array(1024);
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
        if (reqLength + r.length > reqFlat.length) {
          const grown = new Int32Array(Math.max(2 * reqFlat.length, reqLength + r.length));
          grown.set(reqFlat.subarray(0, reqLength));
          reqFlat = grown;
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
    this.req = reqFlat.slice(0, reqLength);
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
    this.avail = new Uint8Array(k);
    this.missing = new Int32Array(S);
    this.queue = new Int32Array(k);
    this.reset();
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
    this.avail.fill(0);
    this.availableCount = 0;
    let ready: number[] = [];
    for (let s = 0; s < this.setOwner.length; s++) {
      const m = this.reqOffsets[s + 1] - this.reqOffsets[s] + this.blocked[s];
      this.missing[s] = m;
      if (m === 0) ready.push(this.setOwner[s]);
    }
    this.makeAvailable(ready);
    ready = [];
  }

  /** Set requirements the propagations have scanned so far (a measure of their work; see fewestDrops). */
  scanned = 0;

  /** Makes the members available (moves, or propagation) and propagates. */
  makeAvailable(vs: ArrayLike<number>): void {
    const q = this.queue;
    let head = 0;
    let tail = 0;
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      if (this.avail[v]) continue;
      this.avail[v] = 1;
      this.availableCount++;
      this.log?.push(v);
      q[tail++] = v;
    }
    while (head < tail) {
      const x = q[head++];
      this.scanned += this.userOffsets[x + 1] - this.userOffsets[x];
      for (let e = this.userOffsets[x]; e < this.userOffsets[x + 1]; e++) {
        const s = this.users[e];
        if (--this.missing[s] !== 0) continue;
        const o = this.setOwner[s];
        if (this.avail[o]) continue;
        this.avail[o] = 1;
        this.availableCount++;
        this.log?.push(o);
        q[tail++] = o;
      }
    }
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
