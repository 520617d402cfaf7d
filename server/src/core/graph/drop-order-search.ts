// Fix-all's moves seen as an order of the cluster's members (the order in which
// they become available): a member whose full build or existing bootstrap set
// needs only members before it costs nothing; any other gets a bootstrap set
// without the entries that need a member at or after it, and costs
// `weight` + those entries. Every order gives a fix that resolves the cluster
// (by induction along the order), so a local search over orders — moving one
// member to the place where the total cost is lowest ("sifting", as for
// feedback arc sets) — lowers what the fix drops without ever breaking it.
//
// Moving member v changes only v's own cost and the costs of the members whose
// entries need v: each of those has one cost with v before it and one with v
// after it, and v's own cost falls as it moves later. One sweep over the
// positions gives the best place for v.

/** One set a member may be built with: its entries' needs (local ids), null for an entry never available. */
export interface OrderSet {
  needs: Array<Int32Array | null>;
  /** Usable as it is (the full build-depends, or an existing bootstrap set). */
  free: boolean;
  /** May be given a bootstrap set derived from it (an annotation). */
  annotatable: boolean;
}

export interface OrderChoice {
  /** Per member: the set chosen for an annotation and its kept entries, or undefined when it needs none. */
  set: Int32Array;
  keep: Array<Uint8Array | undefined>;
  cost: number;
}

export function siftOrder(
  k: number,
  setsOf: ReadonlyArray<readonly OrderSet[]>,
  start: readonly number[],
  weight: number,
  budget: number,
): OrderChoice {
  const order = Int32Array.from(start);
  const pos = new Int32Array(k);
  // users[v]: (member, set, entry) triples whose entry needs v.
  const userCount = new Int32Array(k + 1);
  setsOf.forEach((sets) => {
    for (const s of sets) for (const r of s.needs) if (r) for (let j = 0; j < r.length; j++) userCount[r[j] + 1]++;
  });
  for (let v = 0; v < k; v++) userCount[v + 1] += userCount[v];
  const userMember = new Int32Array(userCount[k]);
  const fill = userCount.slice(0, k);
  setsOf.forEach((sets, x) => {
    for (const s of sets) {
      for (const r of s.needs) {
        if (!r) continue;
        for (let j = 0; j < r.length; j++) userMember[fill[r[j]]++] = x;
      }
    }
  });

  let work = 0;
  const setPos = (): void => {
    for (let i = 0; i < k; i++) pos[order[i]] = i;
  };
  /** Latest position among the needs, leaving `skip` out (-1: none); Infinity for an entry never available. */
  const latest = (r: Int32Array | null, skip: number, at: Int32Array): number => {
    if (!r) return Infinity;
    work += r.length;
    let m = -1;
    for (let j = 0; j < r.length; j++) if (r[j] !== skip && at[r[j]] > m) m = at[r[j]];
    return m;
  };
  /** The cost of member x when each entry counts as backward per `backward`. */
  const costWith = (x: number, backward: (s: number, e: number) => boolean): number => {
    let best = Infinity;
    setsOf[x].forEach((s, si) => {
      let b = 0;
      for (let e = 0; e < s.needs.length; e++) if (backward(si, e)) b++;
      if (b === 0 && s.free) best = 0;
      else if (s.annotatable) best = Math.min(best, b === 0 ? 0 : weight + b);
    });
    return best;
  };
  setPos();
  const seen = new Uint8Array(k);
  for (let pass = 0; pass < 3 && work < budget; pass++) {
    let improved = false;
    for (let idx = 0; idx < k && work < budget; idx++) {
      const v = order[idx];
      if (seen[v] === pass + 1) continue;
      seen[v] = pass + 1;
      // Positions without v.
      const pv = pos[v];
      const at = (y: number): number => (pos[y] > pv ? pos[y] - 1 : pos[y]);
      const without = new Int32Array(k);
      for (let y = 0; y < k; y++) without[y] = at(y);
      // The members needing v: cost with v before them and after them.
      const affected = new Map<number, { before: number; after: number; p: number }>();
      for (let e = userCount[v]; e < userCount[v + 1]; e++) {
        const x = userMember[e];
        if (x === v || affected.has(x)) continue;
        const px = without[x];
        const sets = setsOf[x];
        const before = costWith(x, (si, ei) => latest(sets[si].needs[ei], v, without) >= px);
        const after = costWith(x, (si, ei) => {
          const r = sets[si].needs[ei];
          if (r && r.includes(v)) return true;
          return latest(r, v, without) >= px;
        });
        affected.set(x, { before, after, p: px });
        work += sets.length;
      }
      // v's own cost at slot j: an entry is backward when a need sits at j or later (or needs v itself).
      const ownSets = setsOf[v];
      const thresholds = ownSets.map((s) => s.needs.map((r) => (r && r.includes(v) ? Infinity : latest(r, v, without))));
      const ownCost = (j: number): number => costWith(v, (si, ei) => thresholds[si][ei] >= j);
      // Sweep j = 0 … k-1 (j: v placed before the member at index j of the order without v).
      const switchAt: number[][] = [];
      let others = 0;
      for (const a of affected.values()) {
        others += a.before;
        (switchAt[a.p] ??= []).push(a.after - a.before);
      }
      const current = ownCost(pv) + (() => {
        let c = 0;
        for (const a of affected.values()) c += pv <= a.p ? a.before : a.after;
        return c;
      })();
      let bestJ = pv;
      let bestCost = current;
      for (let j = 0; j < k; j++) {
        // Members at index < j now have v after them.
        if (j > 0) for (const d of switchAt[j - 1] ?? []) others += d;
        const total = ownCost(j) + others;
        if (total < bestCost) {
          bestCost = total;
          bestJ = j;
        }
      }
      work += k;
      if (bestJ === pv) continue;
      // Move v to slot bestJ of the order without it.
      const rest: number[] = [];
      for (let i = 0; i < k; i++) if (order[i] !== v) rest.push(order[i]);
      rest.splice(bestJ, 0, v);
      order.set(rest);
      setPos();
      improved = true;
      idx = -1; // positions moved: go through the order again (members moved already are skipped)
    }
    if (!improved) break;
  }

  // The choice the order gives.
  const set = new Int32Array(k).fill(-1);
  const keep: Array<Uint8Array | undefined> = new Array(k);
  let cost = 0;
  for (let x = 0; x < k; x++) {
    let best = Infinity;
    let bestSet = -1;
    let bestKeep: Uint8Array | undefined;
    setsOf[x].forEach((s, si) => {
      const kp = new Uint8Array(s.needs.length);
      let b = 0;
      for (let e = 0; e < s.needs.length; e++) {
        const back = latest(s.needs[e], -1, pos) >= pos[x];
        if (back) b++;
        else kp[e] = 1;
      }
      const c = b === 0 && s.free ? 0 : s.annotatable ? (b === 0 ? 0 : weight + b) : Infinity;
      if (c < best) {
        best = c;
        bestSet = c === 0 && b === 0 && s.free ? -1 : si;
        bestKeep = kp;
      }
    });
    cost += best;
    set[x] = bestSet;
    keep[x] = bestSet >= 0 ? bestKeep : undefined;
  }
  return { set, keep, cost };
}
