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

/** What building with set `s` costs when `backward` of its entries need a member at or after the one built. */
function setCost(s: OrderSet, backward: number, weight: number): number {
  if (backward === 0 && s.free) return 0;
  return s.annotatable ? (backward === 0 ? 0 : weight + backward) : Infinity;
}

/** The members with an entry needing y, for each y (CSR: `users[offsets[y] .. offsets[y+1])`, one per such entry). */
function usersOf(k: number, setsOf: ReadonlyArray<readonly OrderSet[]>): { offsets: Int32Array; users: Int32Array } {
  const offsets = new Int32Array(k + 1);
  setsOf.forEach((sets) => {
    for (const s of sets) for (const r of s.needs) if (r) for (let j = 0; j < r.length; j++) offsets[r[j] + 1]++;
  });
  for (let y = 0; y < k; y++) offsets[y + 1] += offsets[y];
  const users = new Int32Array(offsets[k]);
  const fill = offsets.slice(0, k);
  setsOf.forEach((sets, x) => {
    for (const s of sets) for (const r of s.needs) if (r) for (let j = 0; j < r.length; j++) users[fill[r[j]]++] = x;
  });
  return { offsets, users };
}

/** Sifting: each member moved to its cheapest place, passes until none moves (or the budget is spent). The order. */
function sift(k: number, setsOf: ReadonlyArray<readonly OrderSet[]>, start: readonly number[], weight: number, budget: number): Int32Array {
  const order = Int32Array.from(start);
  const pos = new Int32Array(k);
  const { offsets: userCount, users: userMember } = usersOf(k, setsOf);

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
      best = Math.min(best, setCost(s, b, weight));
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
      // Per slot j at once: per set, how many entries have a need at j or later (a suffix sum of the latest positions).
      const own = new Float64Array(k + 1).fill(Infinity);
      const backwardFrom = new Int32Array(k + 1);
      for (const set of ownSets) {
        backwardFrom.fill(0);
        let always = 0;
        for (const r of set.needs) {
          const t = r && r.includes(v) ? Infinity : latest(r, v, without);
          if (t === Infinity) always++;
          else if (t >= 0) backwardFrom[Math.min(t, k)]++;
        }
        let b = always;
        for (let j = k; j >= 0; j--) {
          b += backwardFrom[j];
          const c = setCost(set, b, weight);
          if (c < own[j]) own[j] = c;
        }
      }
      const ownCost = (j: number): number => own[j];
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

  return order;
}

interface MemberChoice {
  cost: number;
  /** The set annotated (-1: none, built with a set as it is). */
  set: number;
  /** The set it is built with. */
  used: number;
  keep: Uint8Array | undefined;
}

/** Member x's cheapest set at positions `pos`, with the entries that need nothing at or after it kept. */
function memberChoice(setsOf: ReadonlyArray<readonly OrderSet[]>, x: number, pos: Int32Array, weight: number): MemberChoice {
  let best = Infinity;
  let bestSet = -1;
  let bestUsed = -1;
  let bestKeep: Uint8Array | undefined;
  const sets = setsOf[x];
  for (let si = 0; si < sets.length; si++) {
    const s = sets[si];
    const kp = new Uint8Array(s.needs.length);
    let b = 0;
    for (let e = 0; e < s.needs.length; e++) {
      const r = s.needs[e];
      let back = !r;
      if (r) for (let j = 0; j < r.length && !back; j++) if (pos[r[j]] >= pos[x]) back = true;
      if (back) b++;
      else kp[e] = 1;
    }
    const c = setCost(s, b, weight);
    if (c < best) {
      best = c;
      bestSet = c === 0 && b === 0 && s.free ? -1 : si;
      bestUsed = si;
      bestKeep = kp;
    }
  }
  return { cost: best, set: bestSet, used: bestUsed, keep: bestSet >= 0 ? bestKeep : undefined };
}

/** The choice an order gives: each member's cheapest set, see memberChoice. */
function choiceAt(k: number, setsOf: ReadonlyArray<readonly OrderSet[]>, order: Int32Array, weight: number): OrderChoice {
  const pos = new Int32Array(k);
  for (let i = 0; i < k; i++) pos[order[i]] = i;
  const set = new Int32Array(k).fill(-1);
  const keep: Array<Uint8Array | undefined> = new Array(k);
  let cost = 0;
  for (let x = 0; x < k; x++) {
    const c = memberChoice(setsOf, x, pos, weight);
    cost += c.cost;
    set[x] = c.set;
    keep[x] = c.keep;
  }
  return { set, keep, cost };
}

/** Members one block move may carry at most. */
const BLOCK_LIMIT = 64;

/**
 * Block moves, which sifting (one member at a time) cannot make: for an
 * annotated member v and an entry it leaves out, the members after v that
 * entry needs — alone, or with what they need after v in turn — are moved
 * together to just before v, so that v may keep the entry. Kept when the
 * order's cost falls. Only the moved members and those needing them can change
 * cost (everyone else keeps its place relative to what it needs), so a
 * candidate is evaluated on those; `evaluations` bounds the candidates. The
 * improved order, or null.
 */
function blockMoves(k: number, setsOf: ReadonlyArray<readonly OrderSet[]>, start: Int32Array, weight: number, evaluations: number): { order: Int32Array; evaluations: number } | null {
  let order = start;
  let pos = new Int32Array(k);
  for (let i = 0; i < k; i++) pos[order[i]] = i;
  const choices = Array.from({ length: k }, (_, x) => memberChoice(setsOf, x, pos, weight));
  const { offsets: userOffsets, users } = usersOf(k, setsOf);
  let improved = false;
  const inBlock = new Int32Array(k).fill(-1);
  const affectedMark = new Int32Array(k).fill(-1);
  let blockId = 0;
  let evalId = 0;
  const members = Array.from({ length: k }, (_, x) => x).filter((x) => choices[x].keep);
  members.sort((a, b) => choices[b].cost - choices[a].cost || a - b);
  const next = new Int32Array(k);
  const nextPos = new Int32Array(k);
  const moved = new Uint8Array(k);
  for (const v of members) {
    if (evaluations <= 0) break;
    const kp = choices[v].keep;
    if (!kp) continue;
    const sets = setsOf[v][choices[v].set];
    let accepted = false;
    for (let e = 0; e < kp.length && !accepted && evaluations > 0; e++) {
      const r = sets.needs[e];
      if (kp[e] || !r || r.includes(v)) continue;
      const late = Array.from(r).filter((y) => pos[y] > pos[v]);
      if (late.length === 0) continue;
      // Variants: the late needs alone; with what they need after v, transitively.
      const variants: number[][] = [late];
      const id = ++blockId;
      const closed = late.slice();
      for (const y of closed) inBlock[y] = id;
      for (let i = 0; i < closed.length && closed.length <= BLOCK_LIMIT; i++) {
        const y = closed[i];
        const ys = setsOf[y][choices[y].used < 0 ? 0 : choices[y].used];
        for (const ry of ys.needs) {
          if (!ry) continue;
          for (let j = 0; j < ry.length; j++) {
            const z = ry[j];
            if (z === v || inBlock[z] === id || pos[z] <= pos[v]) continue;
            inBlock[z] = id;
            closed.push(z);
          }
        }
      }
      if (closed.length > late.length && closed.length <= BLOCK_LIMIT) variants.push(closed);
      for (const block of variants) {
        if (evaluations-- <= 0) break;
        for (const y of block) moved[y] = 1;
        // The block keeps its relative order, just before v.
        const blockInOrder = block.slice().sort((a, b) => pos[a] - pos[b]);
        let at = 0;
        for (let i = 0; i < k; i++) {
          const y = order[i];
          if (moved[y]) continue;
          if (y === v) for (const b of blockInOrder) next[at++] = b;
          next[at++] = y;
        }
        for (const y of block) moved[y] = 0;
        for (let i = 0; i < k; i++) nextPos[next[i]] = i;
        const ev = ++evalId;
        const affected: number[] = [];
        for (const y of block) {
          if (affectedMark[y] !== ev) (affectedMark[y] = ev), affected.push(y);
          for (let u = userOffsets[y]; u < userOffsets[y + 1]; u++) {
            const x = users[u];
            if (affectedMark[x] !== ev) (affectedMark[x] = ev), affected.push(x);
          }
        }
        let delta = 0;
        const fresh = affected.map((x) => memberChoice(setsOf, x, nextPos, weight));
        fresh.forEach((c, i) => (delta += c.cost - choices[affected[i]].cost));
        if (delta < -1e-9) {
          order = Int32Array.from(next);
          pos = Int32Array.from(nextPos);
          fresh.forEach((c, i) => (choices[affected[i]] = c));
          improved = true;
          accepted = true;
          break;
        }
      }
    }
  }
  return improved ? { order, evaluations } : null;
}

/** Rounds of sifting and block moves. */
const ROUNDS = 6;

/**
 * The search: sifting from `start`, then block moves, then sifting again from
 * the improved order, while the cost falls (within `budget` for the sifting
 * and `evaluations` for the block moves).
 */
export function siftOrder(
  k: number,
  setsOf: ReadonlyArray<readonly OrderSet[]>,
  start: readonly number[],
  weight: number,
  budget: number,
  evaluations = 0,
  kicks = 0,
): OrderChoice {
  const descend = (from: readonly number[]): Int32Array => {
    let order = sift(k, setsOf, from, weight, budget);
    for (let round = 0; round < ROUNDS && evaluations > 0; round++) {
      const moved = blockMoves(k, setsOf, order, weight, evaluations);
      if (!moved) break;
      evaluations = moved.evaluations;
      order = sift(k, setsOf, Array.from(moved.order), weight, budget);
    }
    return order;
  };
  let order = descend(start);
  let best = choiceAt(k, setsOf, order, weight);
  // Kicks: the most expensive annotated member goes last (it then keeps everything; what needs it
  // must give way), and the search descends again from there; kept when the cost falls.
  const tried = new Uint8Array(k);
  for (let kick = 0; kick < kicks; kick++) {
    let v = -1;
    let vCost = 0;
    for (let x = 0; x < k; x++) {
      const kp = best.keep[x];
      if (!kp || tried[x]) continue;
      let b = 0;
      for (let e = 0; e < kp.length; e++) if (!kp[e]) b++;
      if (b > vCost) {
        vCost = b;
        v = x;
      }
    }
    if (v < 0 || vCost < 2) break;
    tried[v] = 1;
    const from = Array.from(order).filter((x) => x !== v);
    from.push(v);
    const next = descend(from);
    const choice = choiceAt(k, setsOf, next, weight);
    if (choice.cost < best.cost) {
      order = next;
      best = choice;
    }
  }
  return { set: best.set, keep: best.keep, cost: best.cost };
}
