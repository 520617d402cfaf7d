// Breaking unbroken cycles with build-depends-bootstrapN annotations.
//
// Candidates (one per cycle edge P →(via Q) R): "build P without Q in bootstrap
// stage N":
// - N is the lowest existing stage of P whose set contains Q: that set is
//   rewritten without Q (update);
// - P has no bootstrap set: N = 1, new set = build-depends(P) minus Q;
// - P has sets, none containing Q: N = max + 1, new set = build-depends(P) minus Q.
// A candidate is skipped when it would change nothing: its new set equals another
// bootstrap set P already has, or the runtime closure of the new set still contains
// R (the stage-N build would still need R, so the edge stays).
//
// planFixAll: a greedy feedback-vertex/arc-set search on a working copy, with
// unknown names assumed available (as in the cycle analysis).
// Every package left without a full build is blocked, through unavailable inputs,
// by a cycle of unavailable packages; so the "sink" SCCs of the subgraph of
// unavailable packages (those depending on no unavailable package outside
// themselves) are non-trivial, independent of each other, and nothing outside them
// can resolve them. Each round takes every sink SCC, finds the shortest cycle
// through each member (de-duplicated), and repeatedly:
//   - picks the unavailable member on the most cycles still alive (a cycle dies when
//     one of its nodes becomes available): removing a vertex that lies on many
//     cycles breaks many cycles at once; ties by the fewest removed entries (among
//     the first 16 tied members by name), then the lowest name;
//   - gives it a bootstrap set available right now: the candidate "build P without
//     Q" of one of its edges to an unavailable package, further stripped of every
//     entry whose runtime closure still holds an unavailable package (the fewest
//     removals, then the lowest Q) — several removals merged into one annotation;
//   - propagates availability incrementally (AvailabilityFixpoint), which kills the
//     cycles through every package that becomes available, the annotated one first.
// until no cycle of the SCC is alive; then the next round re-computes SCCs. Every
// annotation makes its package available, so each package is annotated at most
// once and the loop ends after at most one round per package.

import { BuildGraph, buildGraph } from './build-graph';
import { CycleSearch, localComponentCycles, type SearchBudget } from './cycles';
import { AvailabilityFixpoint } from './availability';
import { componentMembers, isNonTrivial } from './scc';
import type { FixAllResult, FixAnnotation, PackageSpec } from './types';

/** Where removing Q from P's bootstrap sets goes (before the skip checks). */
export interface CandidateBase {
  stage: number;
  /** The list the new set is derived from: the existing stage set, or build-depends(P). */
  base: readonly string[];
  update: boolean;
}

/** The stage N and base list for "build P without Q" (node indices). */
export function candidateBase(graph: BuildGraph, p: number, q: number): CandidateBase {
  const { stage, base, update } = candidateBaseEntries(graph, p, q);
  return { stage, base, update };
}

/** `candidateBase`, with the base's node indices (ascending, de-duplicated). */
function candidateBaseEntries(graph: BuildGraph, p: number, q: number): CandidateBase & { entries: Int32Array } {
  const sets = graph.stages[p];
  for (const s of sets) {
    if (binaryHas(s.entries, q)) return { stage: s.stage, base: s.buildDepends, update: true, entries: s.entries };
  }
  const entries = graph.directDepsOf(p);
  if (sets.length === 0) return { stage: 1, base: graph.buildDepends[p], update: false, entries };
  return { stage: sets[sets.length - 1].stage + 1, base: graph.buildDepends[p], update: false, entries };
}

/** An ascending index list without x. */
function without(list: Int32Array, x: number): Int32Array {
  const at = list.indexOf(x);
  if (at < 0) return list;
  const out = new Int32Array(list.length - 1);
  out.set(list.subarray(0, at));
  out.set(list.subarray(at + 1), at);
  return out;
}

function binaryHas(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === x) return true;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function sameIndexSet(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The candidate "build P without Q in bootstrap stage N" for the edge p → r induced
 * by q (node indices), or null when it would change nothing.
 */
export function edgeCandidate(
  graph: BuildGraph,
  p: number,
  q: number,
  r: number,
): { package: string; stage: number; remove: string; newSet: string[]; update: boolean } | null {
  const { stage, base, update, entries } = candidateBaseEntries(graph, p, q);
  const qName = graph.names[q];
  const newSet = base.filter((x) => x !== qName);
  // The node set of newSet: the base's (ascending, every name a node) without q.
  const idx = without(entries, q);
  for (const s of graph.stages[p]) {
    if (update && s.stage === stage) continue;
    if (sameIndexSet(s.entries, idx)) return null;
  }
  if (graph.closuresHold(idx, r)) return null;
  return { package: graph.names[p], stage, remove: qName, newSet, update };
}

/** Apply annotations to a copy of the specs (bootstrap sets replaced or added). */
export function applyAnnotations(
  specs: readonly PackageSpec[],
  annotations: ReadonlyArray<{ package: string; stage: number; newSet: readonly string[] }>,
): PackageSpec[] {
  const byPkg = new Map<string, Array<{ stage: number; newSet: readonly string[] }>>();
  for (const a of annotations) {
    const list = byPkg.get(a.package) ?? [];
    list.push(a);
    byPkg.set(a.package, list);
  }
  const done = new Set<string>();
  return specs.map((s) => {
    const list = byPkg.get(s.name);
    if (!list || done.has(s.name)) return s;
    done.add(s.name);
    const bootstrap = (s.bootstrap ?? []).map((b) => ({ stage: b.stage, buildDepends: b.buildDepends.slice() }));
    for (const a of list) {
      const existing = bootstrap.find((b) => b.stage === a.stage);
      if (existing) existing.buildDepends = a.newSet.slice();
      else bootstrap.push({ stage: a.stage, buildDepends: a.newSet.slice() });
    }
    return { ...s, bootstrap };
  });
}

interface Move {
  p: number;
  q: number;
  stage: number;
  update: boolean;
  removed: Set<string>;
  newSet: string[];
}

/** How many members tied on the cycle count are compared by number of removals. */
const TIE_LIMIT = 16;

/** Edge-scan budget of the cycle searches of one planFixAll round. */
const ROUND_SEARCH_BUDGET = 20_000_000;

/**
 * Annotations that leave no unbroken cycle (see the file comment for the greedy
 * search). Unknown names are assumed available, as in the cycle analysis. Pass the
 * specs (and, optionally, their already built graph) or just the graph.
 */
export function planFixAll(input: readonly PackageSpec[] | BuildGraph, graph?: BuildGraph): FixAllResult {
  const g = graph ?? (input instanceof BuildGraph ? input : buildGraph(input as readonly PackageSpec[]));
  const n = g.size;
  const fp = new AvailabilityFixpoint(g, true);
  const kahn = fp.kahn;
  const avail = kahn.avail;
  const installable = kahn.installable;
  const comp = g.installComp;
  const annotations = new Map<number, FixAnnotation>();

  for (let round = 0; round <= n; round++) {
    const unavailable = new Uint8Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (g.declared[i] && !avail[i]) {
        unavailable[i] = 1;
        any = true;
      }
    }
    if (!any) break;
    // SCCs of the unavailable packages, on the layered graph (install nodes are
    // connectors). A component is a sink when no other component with build nodes
    // is reachable from it: then none of its members needs an unavailable package
    // outside it.
    const ls = g.layeredSccOf(unavailable);
    const scc = g.buildComponents(ls);
    const reachesBuild = new Uint8Array(ls.count);
    const sinkLayered = new Uint8Array(ls.count);
    {
      const l = g.layered();
      const seenC = new Int32Array(ls.count).fill(-1);
      for (let X = 0; X < ls.count; X++) {
        // successors come first in emission order
        let rb = ls.members[ls.offsets[X]] < n ? 1 : 0;
        let sink = 1;
        for (let k = ls.offsets[X]; k < ls.offsets[X + 1]; k++) {
          const v = ls.members[k];
          for (let e = l.offsets[v]; e < l.offsets[v + 1]; e++) {
            const t = l.targets[e];
            if (t < n && !unavailable[t]) continue; // masked out
            const Z = ls.compOf[t];
            if (Z === X || seenC[Z] === X) continue;
            seenC[Z] = X;
            if (reachesBuild[Z]) {
              rb = 1;
              sink = 0;
            }
          }
        }
        reachesBuild[X] = rb;
        sinkLayered[X] = sink;
      }
    }
    const sinks: number[] = [];
    for (let c = 0; c < scc.count; c++) {
      if (!isNonTrivial(scc, c)) continue;
      if (sinkLayered[ls.compOf[scc.members[scc.offsets[c]]]]) sinks.push(c);
    }
    // Small SCCs first: a huge one exhausting the search budget costs the others nothing.
    const sizeOf = (c: number): number => scc.offsets[c + 1] - scc.offsets[c];
    sinks.sort((a, b) => sizeOf(a) - sizeOf(b) || scc.members[scc.offsets[a]] - scc.members[scc.offsets[b]]);
    const budget: SearchBudget = { left: ROUND_SEARCH_BUDGET };
    let moved = 0;
    for (const c of sinks) {
      const mem = componentMembers(scc, c);
      const local = g.localGraph(mem);
      const { cycles } = localComponentCycles(new CycleSearch(local), budget);
      // Cycles still alive (no node available yet) and how many pass through each
      // node (global indices).
      const alive = new Uint8Array(cycles.length).fill(1);
      const count = new Map<number, number>();
      const cyclesOf = new Map<number, number[]>();
      const globalCycles = cycles.map((cy) => cy.nodes.map((i) => local.members[i]));
      globalCycles.forEach((nodes, ci) => {
        for (const v of nodes) {
          count.set(v, (count.get(v) ?? 0) + 1);
          const list = cyclesOf.get(v);
          if (list) list.push(ci);
          else cyclesOf.set(v, [ci]);
        }
      });
      fp.onAvailable = (x) => {
        const list = cyclesOf.get(x);
        if (!list) return;
        for (const ci of list) {
          if (!alive[ci]) continue;
          alive[ci] = 0;
          for (const v of globalCycles[ci]) count.set(v, (count.get(v) as number) - 1);
        }
      };
      for (;;) {
        // The members on the most live cycles; among them (the first TIE_LIMIT by
        // name) the one needing the fewest removals, then the lowest name.
        let bestCount = 0;
        let tied: number[] = [];
        for (let k = 0; k < mem.length; k++) {
          const v = mem[k];
          if (avail[v]) continue;
          const cnt = count.get(v) ?? 0;
          if (cnt > bestCount) {
            bestCount = cnt;
            tied = [v];
          } else if (cnt === bestCount && cnt > 0 && tied.length < TIE_LIMIT) tied.push(v);
        }
        if (tied.length === 0) break;
        let best = -1;
        let move: Move | null = null;
        for (const v of tied) {
          const mv = moveFor(g, v, installable, comp);
          if (!mv) {
            count.set(v, 0);
            continue;
          }
          if (!move || mv.removed.size < move.removed.size) {
            move = mv;
            best = v;
          }
        }
        if (!move) continue;
        annotations.set(best, {
          package: g.names[best],
          stage: move.stage,
          remove: Array.from(move.removed).sort(),
          newSet: move.newSet,
          update: move.update,
        });
        moved++;
        const entries = Int32Array.from(new Set(move.newSet.map((x) => g.index(x)))).sort();
        fp.addStageSet(best, move.stage, entries);
      }
      fp.onAvailable = undefined;
    }
    if (moved === 0) break;
  }

  let resolved = true;
  for (let i = 0; i < n; i++) if (g.declared[i] && !avail[i]) resolved = false;
  const list = Array.from(annotations.values()).sort((a, b) =>
    a.package < b.package ? -1 : a.package > b.package ? 1 : a.stage - b.stage,
  );
  return { annotations: list, resolved };
}

/**
 * The bootstrap set that makes unavailable package p available now: for each
 * build-depends entry Q whose runtime closure holds an unavailable package (so Q
 * induces an edge to one), the candidate "build P without Q" further stripped of
 * every entry whose runtime closure still holds an unavailable package; the one
 * removing the fewest entries, then the lowest Q.
 */
function moveFor(g: BuildGraph, p: number, installable: Uint8Array, comp: Int32Array): Move | null {
  // The base lists are build-depends(P) or one of its bootstrap sets: resolve their
  // names once.
  const indexCache = new Map<readonly string[], Int32Array>();
  const indicesOfBase = (base: readonly string[]): Int32Array => {
    let idx = indexCache.get(base);
    if (!idx) {
      idx = Int32Array.from(base, (x) => g.index(x));
      indexCache.set(base, idx);
    }
    return idx;
  };
  let best: Move | null = null;
  for (let k = g.bdOffsets[p]; k < g.bdOffsets[p + 1]; k++) {
    const q = g.bdTargets[k];
    if (installable[comp[q]]) continue;
    const { stage, base, update } = candidateBase(g, p, q);
    const idx = indicesOfBase(base);
    const removed = new Set<string>([g.names[q]]);
    const newSet: string[] = [];
    for (let j = 0; j < base.length; j++) {
      const x = idx[j];
      if (x === q) continue;
      if (x >= 0 && installable[comp[x]] === 0) removed.add(base[j]);
      else newSet.push(base[j]);
    }
    if (!best || removed.size < best.removed.size) best = { p, q, stage, update, removed, newSet };
  }
  return best;
}
