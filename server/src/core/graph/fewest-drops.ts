// Which entries the bootstrap sets of fix-all's chosen packages leave out.
//
// Once the solver has chosen the members of a cluster to annotate (see
// cluster-solver.ts), leaving out of each one's set every entry that leads back
// into the never-built part (the progress fix) always works, but drops far more
// than needed: most of those entries become available anyway once the other
// chosen members are built. Here each chosen member keeps every entry whose
// needs become available *without it*, given the others' sets as they stand:
//
//   A(c) = the members that become available when c's new set is left out;
//   c keeps exactly the entries whose needs lie in A(c).
//
// c's set is then satisfied once A(c) is, and everything the previous sets
// made available still is (the other sets did not change), so every step keeps
// the cluster resolved; an entry needing a member outside A(c) cannot be kept
// while the others stay as they are (that member waits for c). A member that
// lies in A(c) needs no set at all and is dropped from the choice. The members
// are processed in two orders, twice each, and the order dropping fewest
// entries wins; then a local search trades a move that drops many entries for
// moves on the packages that need it, when those cost less (PACKAGE_WEIGHT),
// and re-fits every move until none changes (so putting back any one dropped
// entry would leave the cluster unresolved).

import type { ClusterProblem } from './cluster-problem';
import type { PackageMove } from './progress-fix';
import { siftOrder, type OrderSet } from './drop-order-search';

/** Passes over the chosen members per order (a second pass rarely changes anything). */
const PASSES = 2;
/** Rounds of the local search. */
const SWAP_ROUNDS = 2;
/** Bound on the re-fitting passes (they stop at the first pass that changes nothing, normally the second). */
const REFIT_PASSES = 5;
/**
 * Work the propagations of one cluster's searches may spend, counted as the
 * members, moves and needs each propagation scans. Every step of the searches starts from
 * a choice that resolves the cluster and ends with one, so running out stops
 * the improving where it is, with a valid result; the first pass of the
 * first order is sized by FIRST_PASS_WORK instead (most of the gain is there). Debian
 * bookworm's largest cluster (1 700 members) spends 31 M, a cluster of 1 000
 * generated packages 38 M; a generated cluster of 10 000 needed minutes.
 */
export const SEARCH_WORK = 100_000_000;
/**
 * What the first pass should cost, counting also what the problem's own
 * propagation scans (each step propagates the whole cluster again, so the pass
 * costs the moves times one propagation). Propagation is layered (an entry
 * stands for its install component: see ClusterProblem), so one costs the
 * lists that touch the cluster: a generated 10 000-package cluster's first
 * pass costs ~110 M (39 000 per step), a random 3 000-package tangle with two
 * runtime dependencies each 33 M, Debian bookworm's largest cluster (the
 * source-level import) 28 M: one move at a time. Above it, the pass takes the moves in groups (see refine) so
 * that it costs about this much; over flattened requirements (members × their
 * runtime closures) the 10 000-package cluster's pass had cost ~19 G and ran
 * in groups of 2 (2 346 packages and 5 053 entries, against 2 221 and 4 526
 * one at a time), and a tangle of 5 000 with two runtime dependencies each ~60 G.
 */
export const FIRST_PASS_WORK = 10_000_000_000;
/** Requirements the propagations of all the searches may scan (SEARCH_WORK does not count them). */
export const SEARCH_SCANS = 2_000_000_000;
/** Work (needs scanned and positions swept) the order search may spend. */
const ORDER_BUDGET = 10_000_000;
/** Orders the block moves of drop-order-search.ts may evaluate (one scan of every need each). */
const BLOCK_EVALUATIONS = 2_000;
/** Restarts of the order search with one of the most expensive annotated members moved last (see siftOrder). */
const KICKS = 2;
/**
 * What one more annotated package is worth in dropped entries: the local search
 * trades a move for several when that saves more than this many drops per
 * added package (an annotation is a build profile to write and keep working;
 * a dropped entry, one dependency to do without).
 */
export const PACKAGE_WEIGHT = 1;

interface Chosen {
  /** Local id. */
  member: number;
  stage: number;
  base: readonly string[];
  update: boolean;
  /** Per distinct entry of `base` that is a node: its node id, and its needs (local ids) or null when never available. */
  entries: Int32Array;
  needs: Array<Int32Array | null>;
}

/**
 * The moves of `chosen` (local ids of `problem`) with the fewest dropped entries
 * this finds, in the order they were chosen; chosen members that need no move
 * are left out. `unavailableOutside` as for the problem; `searchWork` and
 * `firstPassWork`: see SEARCH_WORK and FIRST_PASS_WORK. null when the chosen
 * members do not resolve the problem (the caller falls back to dropping every
 * entry that is not available yet).
 */
export function fewestDrops(
  problem: ClusterProblem,
  chosen: readonly number[],
  unavailableOutside?: (v: number) => boolean,
  searchWork = SEARCH_WORK,
  firstPassWork = FIRST_PASS_WORK,
): Array<{ member: number; move: PackageMove }> | null {
  const graph = problem.graph;
  const k = problem.size;
  const local = new Int32Array(graph.size).fill(-1);
  for (let i = 0; i < k; i++) local[problem.members[i]] = i;
  const stamp = new Int32Array(k).fill(-1);
  let stampGen = 0;
  // Per install component: its members share one runtime closure.
  const needMemo = new Map<number, Int32Array | null>();
  const compOf = graph.installComp;
  /** The members installing q needs built (a binary: its package); null when it needs an unavailable package outside. */
  const needsOf = (q: number): Int32Array | null => {
    let r = needMemo.get(compOf[q]);
    if (r !== undefined) return r;
    const cl = graph.closureOf(q);
    const out: number[] = [];
    const gen = ++stampGen;
    let dead = false;
    for (let j = 0; j < cl.length && !dead; j++) {
      const t = graph.buildTarget[cl[j]];
      if (t < 0) continue;
      const l = local[t];
      if (l >= 0) {
        if (stamp[l] !== gen) {
          stamp[l] = gen;
          out.push(l);
        }
      } else if (unavailableOutside?.(t)) dead = true;
    }
    r = dead ? null : Int32Array.from(out);
    needMemo.set(compOf[q], r);
    return r;
  };

  // Each chosen member's base list: as the progress fix picks it (the existing
  // set dropping fewest entries that lead into the cluster, else build-depends).
  /** The annotatable bases of member c: its bootstrap sets, or build-depends when it has none. */
  const basesOf = (c: number): Array<{ stage: number; base: readonly string[]; update: boolean }> => {
    const p = problem.members[c];
    const sets = graph.stages[p];
    return sets.length === 0
      ? [{ stage: 1, base: graph.buildDepends[p], update: false }]
      : sets.map((s) => ({ stage: s.stage, base: s.buildDepends, update: true }));
  };
  /** The distinct entries of a list that are nodes. */
  const entriesOf = (names: readonly string[]): Int32Array => {
    const ids: number[] = [];
    for (const name of new Set(names)) {
      const q = graph.index(name);
      if (q >= 0) ids.push(q);
    }
    return Int32Array.from(ids);
  };
  const chosenInfo = (c: number): Chosen => {
    let best: Chosen | undefined;
    let bestBad = Infinity;
    for (const b of basesOf(c)) {
      const ids = entriesOf(b.base);
      const needs = Array.from(ids, needsOf);
      const bad = needs.filter((r) => r === null || r.length > 0).length;
      if (bad < bestBad) {
        bestBad = bad;
        best = { member: c, stage: b.stage, base: b.base, update: b.update, entries: ids, needs };
      }
    }
    return best as Chosen;
  };
  const moves: Chosen[] = chosen.map(chosenInfo);

  const avail = problem.avail;
  const scannedBefore = problem.scanned;
  let work = 0;
  /** Whether the searches have spent their work (see SEARCH_WORK). */
  const scans = (): number => problem.scanned - scannedBefore;
  /** Both measures at once: what the first pass is sized by. */
  const cost = (): number => work + scans();
  const spent = (): boolean => work > searchWork || scans() > SEARCH_SCANS;
  /** Propagation with the given kept entries per move (undefined: the move is left out). */
  // The moves' requirements, flat: reused by every propagation (thousands per
  // cluster; a typed array per move each time was most of their cost).
  let reqFlat = new Int32Array(1024);
  // Their reverse (the moves needing each member), likewise reused: where
  // runtime closures hold most of a cluster it is as big as reqFlat.
  let usersFlat = new Int32Array(1024);
  const one = new Int32Array(1);
  const propagate = (kept: Array<Uint8Array | undefined>): number[] => {
    const m = moves.length;
    work += k + m;
    const missing = new Int32Array(m);
    const userCount = new Int32Array(k + 1);
    const reqStart = new Int32Array(m + 1);
    let length = 0;
    for (let i = 0; i < m; i++) {
      reqStart[i] = length;
      const keep = kept[i];
      if (!keep) continue;
      const gen = ++stampGen;
      const mv = moves[i];
      for (let e = 0; e < mv.entries.length; e++) {
        if (!keep[e]) continue;
        const r = mv.needs[e] as Int32Array;
        work += r.length;
        if (length + r.length > reqFlat.length) {
          const grown = new Int32Array(Math.max(2 * reqFlat.length, length + r.length));
          grown.set(reqFlat.subarray(0, length));
          reqFlat = grown;
        }
        for (let j = 0; j < r.length; j++) {
          if (stamp[r[j]] === gen) continue;
          stamp[r[j]] = gen;
          reqFlat[length++] = r[j];
          userCount[r[j] + 1]++;
        }
      }
      missing[i] = length - reqStart[i];
    }
    reqStart[m] = length;
    for (let x = 0; x < k; x++) userCount[x + 1] += userCount[x];
    work += userCount[k];
    if (usersFlat.length < userCount[k]) usersFlat = new Int32Array(Math.max(2 * usersFlat.length, userCount[k]));
    const users = usersFlat;
    const fill = userCount.slice(0, k);
    for (let i = 0; i < m; i++) {
      for (let j = reqStart[i]; j < reqStart[i + 1]; j++) users[fill[reqFlat[j]]++] = i;
    }
    const log: number[] = [];
    problem.log = log;
    problem.reset();
    const makeAvailable = (i: number): void => {
      one[0] = moves[i].member;
      problem.makeAvailable(one);
    };
    for (let i = 0; i < m; i++) if (kept[i] && missing[i] === 0) makeAvailable(i);
    for (let head = 0; head < log.length; head++) {
      const x = log[head];
      for (let e = userCount[x]; e < userCount[x + 1]; e++) {
        const i = users[e];
        if (--missing[i] === 0 && !avail[moves[i].member]) makeAvailable(i);
      }
    }
    problem.log = undefined;
    return log;
  };

  // The start: every entry that leads into the cluster left out (the moves the solver assumed).
  const initial = (): Array<Uint8Array | undefined> => moves.map((mv) => Uint8Array.from(mv.needs, (r) => (r !== null && r.length === 0 ? 1 : 0)));
  let propagationCost: number;
  {
    const kept = initial();
    const before = cost();
    propagate(kept);
    propagationCost = cost() - before;
    if (problem.availableCount !== k) return null;
  }

  const dropsOf = (kept: Array<Uint8Array | undefined>): number => {
    let d = 0;
    kept.forEach((keep, i) => {
      if (keep) for (let e = 0; e < keep.length; e++) if (!keep[e]) d++;
    });
    return d;
  };
  /** The entries of move i that `avail` (the members available without it) lets it keep. */
  const keepGiven = (i: number): Uint8Array => {
    const mv = moves[i];
    const keep = new Uint8Array(mv.entries.length);
    for (let e = 0; e < keep.length; e++) {
      const r = mv.needs[e];
      if (!r) continue;
      let ok = 1;
      for (let j = 0; j < r.length && ok; j++) if (!avail[r[j]]) ok = 0;
      keep[e] = ok;
    }
    return keep;
  };
  /**
   * Passes over the moves in `order`, each fitted to what is available
   * without it. `first`: the first pass of the first order, which is not
   * bounded by the search's work but sized by `firstPassWork`: when one move
   * at a time would cost more, it takes them in groups, each group's moves
   * fitted to what is available without any of them. That keeps the cluster
   * resolved too (the group's sets then need only what is available without
   * them), and keeps fewer entries the bigger the group.
   */
  const refine = (order: number[], first: boolean): Array<Uint8Array | undefined> => {
    const kept = initial();
    for (let pass = 0; pass < PASSES; pass++) {
      const firstPass = pass === 0 && first;
      if (!firstPass && spent()) break;
      const group = firstPass ? Math.max(1, Math.ceil((order.length * propagationCost) / Math.max(1, firstPassWork))) : 1;
      // A safety net, should later steps cost far more than the first propagation did.
      const passEnd = cost() + 4 * firstPassWork;
      for (let at = 0; at < order.length; at += group) {
        if (firstPass ? cost() > passEnd : spent()) break;
        const members = order.slice(at, at + group).filter((i) => kept[i]);
        if (members.length === 0) continue;
        for (const i of members) kept[i] = undefined;
        propagate(kept);
        // A member built without a set of its own needs no move.
        for (const i of members) if (!avail[moves[i].member]) kept[i] = keepGiven(i);
      }
    }
    return kept;
  };
  const dropsOfOne = (keep: Uint8Array): number => {
    let d = 0;
    for (let e = 0; e < keep.length; e++) if (!keep[e]) d++;
    return d;
  };
  /**
   * Re-fits every move to the others until none changes: each then keeps every
   * entry it can (re-adding any dropped one would leave the cluster unresolved),
   * and a move the others make unnecessary is left out. true when something changed.
   */
  const refitAll = (kept: Array<Uint8Array | undefined>): boolean => {
    let any = false;
    for (let pass = 0; pass < REFIT_PASSES; pass++) {
      let changed = false;
      for (let i = 0; i < moves.length; i++) {
        if (spent()) return any || changed;
        if (!kept[i]) continue;
        const before = dropsOfOne(kept[i] as Uint8Array);
        kept[i] = undefined;
        propagate(kept);
        if (avail[moves[i].member]) {
          changed = true;
          continue;
        }
        const keep = keepGiven(i);
        if (dropsOfOne(keep) !== before) changed = true;
        kept[i] = keep;
      }
      if (!changed) break;
      any = true;
    }
    return any;
  };
  /** The move of member x (created on first use). */
  const moveOf = (x: number, kept: Array<Uint8Array | undefined>): number => {
    let at = memberMove.get(x);
    if (at === undefined) {
      at = moves.length;
      moves.push(chosenInfo(x));
      kept.push(undefined);
      memberMove.set(x, at);
    }
    return at;
  };
  /**
   * Local search, on cost = PACKAGE_WEIGHT × moves + dropped entries: a move is
   * left out when the others resolve the cluster without it, or traded for
   * moves on the members that wait for it — chosen greedily, fewest drops first,
   * each fitted to what is available — when those cost less in all (a move that
   * drops many entries is often better placed on the few packages that need
   * its package). Each trade is checked by propagation; then every move is
   * re-fitted to the others once more.
   */
  const swapSearch = (start: Array<Uint8Array | undefined>): Array<Uint8Array | undefined> => {
    const kept = start.slice();
    for (let round = 0; round < SWAP_ROUNDS && !spent(); round++) {
      let changed = false;
      const order = moves.map((_, i) => i).filter((i) => kept[i]);
      order.sort((a, b) => dropsOfOne(kept[b] as Uint8Array) - dropsOfOne(kept[a] as Uint8Array) || a - b);
      for (const i of order) {
        if (spent()) break;
        if (!kept[i]) continue;
        const own = kept[i] as Uint8Array;
        // (A move dropping one entry cannot be replaced by cheaper ones.)
        if (dropsOfOne(own) < 2) continue;
        const budget = PACKAGE_WEIGHT + dropsOfOne(own);
        kept[i] = undefined;
        propagate(kept);
        if (problem.availableCount === k) {
          changed = true; // the others resolve it: no move here
          continue;
        }
        const added: number[] = [];
        const c = moves[i].member;
        // The members whose sets need c: breaking the cycles there instead.
        const users = new Set<number>();
        for (let e = problem.userOffsets[c]; e < problem.userOffsets[c + 1]; e++) users.add(problem.setOwner[problem.users[e]]);
        while (problem.availableCount < k && added.length * PACKAGE_WEIGHT < budget) {
          let pick = -1;
          let pickKeep: Uint8Array | undefined;
          let pickKey = Infinity;
          // Only the users of c: a move elsewhere rarely replaces it, and scanning every waiting member is slow.
          for (const x of users) {
            if (avail[x] || x === c) continue;
            const at = moveOf(x, kept);
            if (kept[at]) continue;
            const keep = keepGiven(at);
            // A user of c first, then the fewest drops.
            const key = (users.has(x) ? 0 : 1e6) + dropsOfOne(keep);
            if (key < pickKey) {
              pick = at;
              pickKeep = keep;
              pickKey = key;
            }
          }
          if (pick < 0) break;
          kept[pick] = pickKeep;
          added.push(pick);
          propagate(kept);
        }
        let cost = Infinity;
        if (problem.availableCount === k) {
          // Re-fitted to one another, the added moves usually drop far less than when picked.
          cost = 0;
          for (const at of added) {
            kept[at] = undefined;
            propagate(kept);
            const keep = avail[moves[at].member] ? undefined : keepGiven(at);
            kept[at] = keep;
            if (keep) cost += PACKAGE_WEIGHT + dropsOfOne(keep);
          }
        }
        if (cost < budget) {
          changed = true;
          continue;
        }
        for (const at of added) kept[at] = undefined;
        kept[i] = own;
      }
      if (refitAll(kept)) changed = true;
      if (!changed) break;
    }
    return kept;
  };
  /** Weighted cost of a choice: PACKAGE_WEIGHT per move, plus its drops. */
  const costOf = (kept: Array<Uint8Array | undefined>): number => {
    let c = 0;
    for (const keep of kept) if (keep) c += PACKAGE_WEIGHT + dropsOfOne(keep);
    return c;
  };
  /**
   * The sifting search of drop-order-search.ts, started from the order in which
   * `start` makes the members available; its choice (re-fitted) when it costs
   * less than `start`, else undefined.
   */
  const orderSearch = (start: Array<Uint8Array | undefined>): Array<Uint8Array | undefined> | undefined => {
    const startOrder = propagate(start);
    if (startOrder.length !== k) return undefined;
    const bases: Array<Array<{ stage: number; base: readonly string[]; update: boolean }>> = [];
    const setsOf: OrderSet[][] = [];
    for (let x = 0; x < k; x++) {
      const p = problem.members[x];
      const own = basesOf(x);
      const sets: OrderSet[] = own.map((b) => ({ needs: Array.from(entriesOf(b.base), needsOf), free: b.update || graph.stages[p].length === 0, annotatable: true }));
      if (graph.stages[p].length > 0) {
        sets.push({ needs: Array.from(entriesOf(graph.buildDepends[p]), needsOf), free: true, annotatable: false });
      }
      bases.push(own);
      setsOf.push(sets);
    }
    const choice = siftOrder(k, setsOf, startOrder, PACKAGE_WEIGHT, ORDER_BUDGET, BLOCK_EVALUATIONS, KICKS);
    if (choice.cost >= costOf(start)) return undefined;
    // The choice as moves (one per annotated member, on the set the order chose).
    const kept: Array<Uint8Array | undefined> = moves.map(() => undefined);
    for (let x = 0; x < k; x++) {
      const si = choice.set[x];
      if (si < 0) continue;
      const b = bases[x][si];
      const entries = entriesOf(b.base);
      let at = memberMove.get(x);
      if (at === undefined || moves[at].stage !== b.stage) {
        at = moves.length;
        moves.push({ member: x, stage: b.stage, base: b.base, update: b.update, entries, needs: Array.from(entries, needsOf) });
        kept.push(undefined);
        memberMove.set(x, at);
      }
      kept[at] = choice.keep[x];
    }
    propagate(kept);
    if (problem.availableCount !== k) return undefined;
    refitAll(kept);
    return costOf(kept) < costOf(start) ? kept : undefined;
  };
  const memberMove = new Map<number, number>();
  moves.forEach((mv, i) => memberMove.set(mv.member, i));
  const index = moves.map((_, i) => i);
  const badCount = (i: number) => moves[i].needs.filter((r) => r === null || r.length > 0).length;
  const orders = [index, index.slice().sort((a, b) => badCount(b) - badCount(a) || a - b)];
  let best: Array<Uint8Array | undefined> | undefined;
  let bestKey = Infinity;
  for (const order of orders) {
    const kept = refine(order, order === orders[0]);
    // Fewest moves first, then fewest drops.
    const key = kept.filter(Boolean).length * 1e9 + dropsOf(kept);
    if (key < bestKey) {
      bestKey = key;
      best = kept;
    }
  }
  best = swapSearch(best as Array<Uint8Array | undefined>);
  if (!spent()) best = orderSearch(best) ?? best;
  // Checked once more as a whole (each step keeps it resolved; this guards the reasoning).
  propagate(best as Array<Uint8Array | undefined>);
  if (problem.availableCount !== k) return null;

  const out: Array<{ member: number; move: PackageMove }> = [];
  moves.forEach((mv, i) => {
    const keep = (best as Array<Uint8Array | undefined>)[i];
    if (!keep) return;
    const dropped = new Set<string>();
    mv.entries.forEach((q, e) => {
      if (!keep[e]) dropped.add(graph.names[q]);
    });
    if (dropped.size === 0) return;
    const newSet = mv.base.filter((x) => !dropped.has(x));
    const kept = new Set(newSet);
    const p = problem.members[mv.member];
    const leftOut = Array.from(new Set(graph.buildDepends[p].filter((x) => !kept.has(x))));
    out.push({
      member: mv.member,
      move: { package: graph.names[p], stage: mv.stage, remove: Array.from(dropped).sort(), leftOut, newSet, update: mv.update },
    });
  });
  return out;
}
