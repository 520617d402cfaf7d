// The same AND/OR problem as ClusterProblem (a member of the cluster becomes
// available once one of its build sets has everything it needs available; all
// outside the cluster is available), kept in the layered form of the build graph:
// an entry stands for its install component (an SCC of the depends graph) instead
// of the cluster members its runtime closure needs built.
//
// Why: on a real distribution one toolchain package's runtime closure holds a
// good part of the cluster, so the flattened requirement lists of ClusterProblem
// grow with (members × closure size): ~5 million entries for a 6 000-package
// cluster, ~2 million on Debian's. Here the problem is as big as the build-depends
// and depends lists that touch the cluster, and propagation is linear in it.
//
// Items (what can become available): members 0 .. size-1, then the "live" install
// components (those whose runtime closure holds a member) size .. size+L-1.
// Conditions (AND nodes): the members' sets 0 .. S-1, then one per live component
// S .. S+L-1 (its members in the cluster and its live successor components).

import type { BuildGraph } from './build-graph';
import { markReachable, sortedIndexOf } from './csr';

/** Members below which a problem is built without arrays the size of the graph. */
const SMALL_PROBLEM = 64;

export class LayeredClusterProblem {
  /** Number of members (local ids 0 .. size-1, in the order of `members`). */
  readonly size: number;
  /** Global install-component id of each live component item (item id = size + j). */
  readonly comps: Int32Array;
  /** Number of items (members and live components). */
  readonly items: number;
  /** Owner (member) of each set. */
  readonly setOwner: Int32Array;
  /** The sets of member v: condition ids ownOffsets[v] .. ownOffsets[v+1]-1. */
  readonly ownOffsets: Int32Array;
  /** Items required by condition a: req[reqOffsets[a] .. reqOffsets[a+1]). */
  readonly reqOffsets: Int32Array;
  readonly req: Int32Array;
  /** Conditions requiring item x: users[userOffsets[x] .. userOffsets[x+1]). */
  readonly userOffsets: Int32Array;
  readonly users: Int32Array;
  /** How many of a live component's requirements (listed first) are members: compMemberCount[item - size]. */
  readonly compMemberCount: Int32Array;
  /** Entries a move on each member would leave out, were nothing else available yet. */
  readonly moveCost: Int32Array;

  /** Availability of every item (members first). */
  readonly avail: Uint8Array;
  /** Members available. */
  availableCount = 0;
  /** When set, every item (member or component) that becomes available is appended. */
  log: number[] | undefined;
  /** When set, every member that becomes available is appended (components are not). */
  memberLog: number[] | undefined;
  /** Requirements the propagations have scanned so far (a measure of their work). */
  scanned = 0;
  /** 1 for a member set that can never hold (see the constructor). */
  private readonly blockedSets: Uint8Array | undefined;
  private readonly missing: Int32Array;
  private readonly queue: Int32Array;

  /**
   * `members`: global node ids, ascending. `blockedSets`, when given, marks the
   * member sets (in condition order: each member's build-depends, then its
   * stage sets) that never hold, whatever becomes available: those needing a
   * package outside the cluster that is not available (see ClusterProblem).
   * `reachedOnly`: the live components are only those the sets' entries reach
   * (the members' availability is the same; there are fewer items).
   */
  constructor(
    readonly graph: BuildGraph,
    readonly members: Int32Array,
    blockedSets?: Uint8Array,
    reachedOnly = false,
  ) {
    const k = members.length;
    this.blockedSets = blockedSets;
    this.size = k;
    const n = graph.size;
    const compOf = graph.installComp;
    const dscc = graph.installScc;
    const pred = graph.installPred;
    const succ = graph.installSucc;
    // Small problems are built once per small SCC on every edit: no arrays the size
    // of the graph for them (members are looked up by binary search, components
    // in a map).
    const small = k < SMALL_PROBLEM;
    let localOf: (x: number) => number;
    if (small) localOf = (x) => this.localOf(x);
    else {
      const local = new Int32Array(n).fill(-1);
      for (let i = 0; i < k; i++) local[members[i]] = i;
      localOf = (x) => local[x];
    }

    // Live components: those holding a node whose install needs a member built
    // (the member itself, or one of its binaries), and everything leading to one.
    const target = graph.buildTarget;
    const liveIndex = small ? new Map<number, number>() : undefined;
    const liveArray = small ? undefined : new Int32Array(dscc.count).fill(-1);
    const liveOf = (c: number): number => (liveArray ? liveArray[c] : liveIndex!.get(c) ?? -1);
    const setLive = (c: number, j: number): void => {
      if (liveArray) liveArray[c] = j;
      else liveIndex!.set(c, j);
    };
    // With `reachedOnly`, only components some set's entries reach: on a real
    // archive nearly every component leads to a toolchain member (everything
    // depends on libc), and a propagation over all of them costs the archive.
    const reached = reachedOnly ? reachedFromSets(graph, members) : undefined;
    const counts = (c: number): boolean => !reached || reached[c] === 1;
    const comps: number[] = [];
    const seed = (x: number): void => {
      const c = compOf[x];
      if (liveOf(c) < 0 && counts(c)) {
        setLive(c, comps.length);
        comps.push(c);
      }
    };
    for (let i = 0; i < k; i++) {
      const p = members[i];
      if (target[p] === p) seed(p);
      for (const b of graph.binariesOf(p)) seed(b);
    }
    for (let h = 0; h < comps.length; h++) {
      const c = comps[h];
      for (let e = pred.offsets[c]; e < pred.offsets[c + 1]; e++) {
        const d = pred.targets[e];
        if (liveOf(d) < 0 && counts(d)) {
          setLive(d, comps.length);
          comps.push(d);
        }
      }
    }
    const L = comps.length;
    this.comps = Int32Array.from(comps);
    this.items = k + L;

    // Conditions: the sets of each member (full build-depends, then each stage set),
    // then one per live component (its members in the cluster, its live successors).
    // Typed arrays sized by an upper bound: no garbage from growing lists.
    let S = 0;
    let bound = 0;
    for (let v = 0; v < k; v++) {
      const p = members[v];
      S += 1 + graph.stages[p].length;
      bound += graph.bdOffsets[p + 1] - graph.bdOffsets[p];
      for (const s of graph.stages[p]) bound += s.entries.length;
    }
    for (let j = 0; j < L; j++) {
      const c = comps[j];
      bound += dscc.offsets[c + 1] - dscc.offsets[c] + succ.offsets[c + 1] - succ.offsets[c];
    }
    const owners = new Int32Array(S);
    const reqFlat = new Int32Array(bound);
    const reqOffsets = new Int32Array(S + L + 1);
    const hits = new Int32Array(S);
    const ownOffsets = new Int32Array(k + 1);
    const seen = new Int32Array(L).fill(-1);
    const seenMember = new Int32Array(k).fill(-1);
    let condition = 0;
    let size = 0;
    const addSet = (owner: number, entries: ArrayLike<number>): void => {
      owners[condition] = owner;
      let hit = 0;
      for (let e = 0; e < entries.length; e++) {
        const j = liveOf(compOf[entries[e]]);
        if (j < 0) continue;
        hit++;
        if (seen[j] === condition) continue;
        seen[j] = condition;
        reqFlat[size++] = k + j;
      }
      hits[condition] = hit;
      reqOffsets[++condition] = size;
    };
    for (let v = 0; v < k; v++) {
      const p = members[v];
      ownOffsets[v] = condition;
      addSet(v, graph.directDepsOf(p));
      for (const s of graph.stages[p]) addSet(v, s.entries);
    }
    ownOffsets[k] = condition;
    this.compMemberCount = new Int32Array(L);
    for (let j = 0; j < L; j++) {
      const c = comps[j];
      // A node needs its build target built (a package itself, a binary its package;
      // a prebuilt binary or a virtual name nothing); several may share one.
      for (let m = dscc.offsets[c]; m < dscc.offsets[c + 1]; m++) {
        const t = target[dscc.members[m]];
        const l = t < 0 ? -1 : localOf(t);
        if (l < 0 || seenMember[l] === j) continue;
        seenMember[l] = j;
        reqFlat[size++] = l;
      }
      this.compMemberCount[j] = size - reqOffsets[condition];
      for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) {
        const d = liveOf(succ.targets[e]);
        if (d >= 0) reqFlat[size++] = k + d;
      }
      reqOffsets[++condition] = size;
    }
    this.setOwner = owners;
    this.ownOffsets = ownOffsets;
    this.reqOffsets = reqOffsets;
    this.req = reqFlat.slice(0, size);
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
    const A = S + L;
    const userOffsets = new Int32Array(this.items + 1);
    for (let j = 0; j < this.req.length; j++) userOffsets[this.req[j] + 1]++;
    for (let x = 0; x < this.items; x++) userOffsets[x + 1] += userOffsets[x];
    const users = new Int32Array(this.req.length);
    const fill = userOffsets.slice(0, this.items);
    for (let a = 0; a < A; a++) {
      for (let j = this.reqOffsets[a]; j < this.reqOffsets[a + 1]; j++) users[fill[this.req[j]]++] = a;
    }
    this.userOffsets = userOffsets;
    this.users = users;
    this.avail = new Uint8Array(this.items);
    this.missing = new Int32Array(A);
    this.queue = new Int32Array(this.items);
    this.reset();
  }

  /** Number of member sets (conditions below this are sets, the rest components). */
  get setCount(): number {
    return this.setOwner.length;
  }

  /** The item a condition makes available once it holds. */
  private itemOfCondition(a: number): number {
    const S = this.setOwner.length;
    return a < S ? this.setOwner[a] : this.size + (a - S);
  }

  /**
   * The members that stay unavailable when everything outside `members` is
   * available (the rest become available by propagation alone), as a problem.
   */
  static unavailablePart(graph: BuildGraph, members: Int32Array): LayeredClusterProblem {
    const whole = new LayeredClusterProblem(graph, members);
    if (whole.availableCount === 0) return whole;
    const rest: number[] = [];
    for (let v = 0; v < whole.size; v++) if (!whole.avail[v]) rest.push(members[v]);
    return new LayeredClusterProblem(graph, Int32Array.from(rest));
  }

  /** The local id of member `node` (a global node id), or -1. */
  localOf(node: number): number {
    return sortedIndexOf(this.members, node);
  }

  /** Every member unavailable again; what needs no member becomes available. */
  reset(): void {
    this.avail.fill(0);
    this.availableCount = 0;
    const ready: number[] = [];
    const blocked = this.blockedSets;
    const S = this.setOwner.length;
    for (let a = 0; a < this.missing.length; a++) {
      const m = this.reqOffsets[a + 1] - this.reqOffsets[a] + (blocked && a < S ? blocked[a] : 0);
      this.missing[a] = m;
      if (m === 0) ready.push(this.itemOfCondition(a));
    }
    this.makeAvailable(ready);
  }

  /** Makes the items available (moves, or propagation) and propagates. */
  makeAvailable(items: ArrayLike<number>): void {
    const q = this.queue;
    let head = 0;
    let tail = 0;
    const mark = (x: number): void => {
      this.avail[x] = 1;
      if (x < this.size) {
        this.availableCount++;
        this.memberLog?.push(x);
      }
      this.log?.push(x);
      q[tail++] = x;
    };
    for (let i = 0; i < items.length; i++) if (!this.avail[items[i]]) mark(items[i]);
    while (head < tail) {
      const x = q[head++];
      this.scanned += this.userOffsets[x + 1] - this.userOffsets[x];
      for (let e = this.userOffsets[x]; e < this.userOffsets[x + 1]; e++) {
        const a = this.users[e];
        if (--this.missing[a] !== 0) continue;
        const y = this.itemOfCondition(a);
        if (!this.avail[y]) mark(y);
      }
    }
  }

  /** Whether moves on `chosen` (member local ids) make every member available. */
  resolves(chosen: ArrayLike<number>): boolean {
    this.reset();
    this.makeAvailable(chosen);
    return this.availableCount === this.size;
  }

  /** Work of one propagation (what a `resolves` call may scan). */
  get work(): number {
    return this.req.length + this.missing.length + this.items;
  }
}

/** The install components the entries of the members' sets reach (their own, and every successor). */
function reachedFromSets(graph: BuildGraph, members: Int32Array): Uint8Array {
  const compOf = graph.installComp;
  const reached = new Uint8Array(graph.installScc.count);
  const reachFrom = (entries: ArrayLike<number>): void => {
    for (let e = 0; e < entries.length; e++) markReachable(graph.installSucc, reached, compOf[entries[e]]);
  };
  for (let i = 0; i < members.length; i++) {
    const p = members[i];
    reachFrom(graph.directDepsOf(p));
    for (const s of graph.stages[p]) reachFrom(s.entries);
  }
  return reached;
}
