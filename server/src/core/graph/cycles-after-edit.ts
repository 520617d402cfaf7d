// The cycle classification carried over an edit that cannot change it.
//
// Most packages of a distribution are on no cycle (Debian: ~1 550 sources of
// ~35 000 in its one big cluster), and an edit to one of them rebuilt the whole
// classification: the never-built packages' SCCs, the cluster problems, their
// marking and cycles (a third of a keystroke's analysis on Debian's binary-level
// import). When only the build-depends, bootstrap sets or `prebuilt` flag of
// packages outside every cycle changed, the classification is the previous one
// if:
// - the SCCs of the build graph are the same: a cycle through an edited package
//   is excluded (checked in both graphs), and every other cycle uses no edge out
//   of an edited package;
// - the packages on a cycle are available in both or in neither, and got the
//   same stage builds (compared): so the never-built packages' SCCs are the
//   same (a cycle among them is among packages on a cycle), and so is what a
//   broken cluster reports as breaking it;
// - the classification's walks from an unbroken cluster's members (what blocks
//   them: the never-built packages their builds need, and onwards through
//   never-built packages) meet no package whose availability changed, nor an
//   edited never-built package (whose edges changed): searched backwards from
//   those, bounded;
// - runtime closures are the same for every package on a cycle, so every
//   cluster's problem, marking and cycles, and every entry's candidates are too.
//   An edit of depends lists changes the closures of the nodes that reach an
//   edited node only, and the build edges of the packages that build against
//   one of those (or name one in a bootstrap set): `throughRuntime` names them,
//   and they are edited packages like the others (on no cycle, watched when
//   never built).
// Everything in a classification is by name, so a renumbered graph (a new name
// typed into a list) takes it as it is; the plan and progress moves are the new
// graph's.

import type { BuildGraph } from './build-graph';
import { sameSequence } from './csr';
import { cycleAnalysisOf, detachedClassification, type CycleAnalysis } from './cycle-analysis';
import { KIND_STAGE, sharedBootstrapPhase, type BootstrapState } from './plan';

/** More edited packages than this: analyse afresh (an edit touches one package; a paste, a few). */
const MAX_EDITED = 16;

/** Nodes whose runtime closure an edit of depends lists may change, past which the classification is made afresh. */
const RUNTIME_REACH = 2_000;

/** Packages the backward search from what changed may visit, and changes of availability it takes, before giving up (and analysing afresh). */
const NEEDED_BY_VISITS = 2_000;

/** Layered nodes the search for a cycle through one edited package may visit before leaving it to the SCCs of the whole graph. */
const ON_CYCLE_VISITS = 20_000;

/**
 * The classification of `graph`, taken from `previous` when the edit can not
 * have changed it, else undefined. `edited`: the packages whose specs differ
 * between `previous.graph` and `graph`, which must be the same packages, in the
 * same order, differing only in those packages' build-depends, bootstrap sets
 * and `prebuilt` (the caller compares the specs).
 */
export function cyclesAfterEdit(previous: CycleAnalysis, graph: BuildGraph, edited: readonly string[]): CycleAnalysis | undefined {
  const before = previous.graph;
  if (before === graph || edited.length === 0 || edited.length > MAX_EDITED) return undefined;
  const oldCycles = before.cycleMask();
  const nodes: number[] = [];
  for (const name of edited) {
    const was = before.index(name);
    const is = graph.index(name);
    if (was < 0 || is < 0 || !before.declared[was] || !graph.declared[is]) return undefined;
    if (oldCycles[was]) return undefined;
    nodes.push(is);
  }
  const inBefore = graph.nodesIn(before);
  if (!graph.hasCycleMask) {
    // Only the edited packages' build edges changed, and they were on no cycle:
    // if they are on none now either, every cycle is one of before's, so the
    // cycles are before's, by name — without the SCCs of the whole graph.
    // (A search that runs out of visits leaves it to the SCCs.)
    let known = true;
    for (const is of nodes) {
      const on = onBuildCycle(graph, is, ON_CYCLE_VISITS);
      if (on) return undefined;
      if (on === undefined) known = false;
    }
    if (known) {
      const mask = new Uint8Array(graph.size);
      for (let i = 0; i < mask.length; i++) if (inBefore[i] >= 0) mask[i] = oldCycles[inBefore[i]];
      graph.adoptCycleMask(mask);
    }
  }
  const newCycles = graph.cycleMask();
  for (const is of nodes) if (newCycles[is]) return undefined;
  const oldState = sharedBootstrapPhase(before, { assumeUnknownAvailable: true });
  const newState = sharedBootstrapPhase(graph, { assumeUnknownAvailable: true });
  // What the walks from unbroken clusters must not meet (nodes of `graph`).
  const watched = availabilityChanges(oldState, newState, inBefore);
  if (!watched) return undefined;
  for (const is of nodes) if (!newState.avail[is]) watched.push(is);
  // Implied by the stage builds' comparison and the search below (an unbroken
  // cluster changes only with a stage build of a package on a cycle), and cheap:
  // kept as a margin.
  for (const v of watched) if (newCycles[v]) return undefined;
  if (!sameStageBuilds(oldState, newState) || neededByUnbroken(graph, watched, previous)) return undefined;
  return cycleAnalysisOf(newState, detachedClassification(previous));
}

/**
 * The nodes of `b`'s graph whose availability differs from `a`'s (by name), or
 * undefined when more than NEEDED_BY_VISITS do; `inA`: b's nodes in a's graph.
 * A name in one graph only is one nothing declares (an entry typed or
 * removed), assumed available.
 */
function availabilityChanges(a: BootstrapState, b: BootstrapState, inA: Int32Array): number[] | undefined {
  const matched = new Uint8Array(a.graph.size);
  const changed: number[] = [];
  for (let i = 0; i < inA.length; i++) {
    const j = inA[i];
    if (j < 0) {
      if (!b.avail[i]) return undefined;
      continue;
    }
    matched[j] = 1;
    if (a.avail[j] !== b.avail[i] && changed.push(i) > NEEDED_BY_VISITS) return undefined;
  }
  for (let j = 0; j < matched.length; j++) if (!matched[j] && !a.avail[j]) return undefined;
  return changed;
}

/**
 * Whether the packages on a cycle got the same stage builds (a broken cluster
 * reports those that break it; the edited packages' own may differ). The
 * cycles are the same in both graphs (checked first).
 */
function sameStageBuilds(a: BootstrapState, b: BootstrapState): boolean {
  const list = (s: BootstrapState): string[] => {
    const onCycle = s.graph.cycleMask();
    const out: string[] = [];
    for (let k = 0; k < s.buildKind.length; k++) {
      if (s.buildKind[k] === KIND_STAGE && onCycle[s.buildPkg[k]]) out.push(`${s.graph.names[s.buildPkg[k]]} ${s.buildStage[k]}`);
    }
    return out.sort();
  };
  const x = list(a);
  const y = list(b);
  return x.length === y.length && x.every((v, k) => v === y[k]);
}

/**
 * Whether some member of an unbroken cluster of `previous` needs one of `nodes`
 * built, directly or through other packages (or the search would visit more
 * than NEEDED_BY_VISITS packages). The edges into them are the same before and
 * after the edit: only the edited packages' own edges changed.
 */
function neededByUnbroken(graph: BuildGraph, nodes: readonly number[], previous: CycleAnalysis): boolean {
  if (nodes.length === 0) return false;
  const members = previous.unbrokenByMember;
  const seen = new Set<number>(nodes);
  const queue = [...nodes];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    if (members.has(graph.names[u])) return true;
    for (const w of graph.predecessors(u)) {
      if (seen.has(w)) continue;
      if (seen.size >= NEEDED_BY_VISITS) return true;
      seen.add(w);
      queue.push(w);
    }
  }
  return false;
}

/**
 * Whether package v is on a build cycle of `graph`, searched backwards in the
 * layered graph (see build-graph.ts) from build(v): it is when the search meets
 * an install node that build(v) points at (an entry of v's build-depends).
 * undefined when the search would visit more than `visits` layered nodes.
 */
export function onBuildCycle(graph: BuildGraph, v: number, visits: number): boolean | undefined {
  const n = graph.size;
  // Install nodes build(v) points at: the answer, should the search reach one.
  const entries = new Set<number>(graph.directDepsOf(v));
  // Layered nodes: build P = P, install Q = n + Q.
  const seen = new Set<number>([v]);
  const stack = [v];
  const enter = (x: number): boolean => {
    if (seen.has(x)) return false;
    seen.add(x);
    stack.push(x);
    return x >= n && entries.has(x - n);
  };
  while (stack.length > 0) {
    if (seen.size > visits) return undefined;
    const x = stack.pop() as number;
    if (x < n) {
      // build(P) ← install(P), and ← install(b) for each binary b built by P.
      if (graph.buildTarget[x] === x && enter(n + x)) return true;
      const owned = graph.binariesOf(x);
      for (let k = 0; k < owned.length; k++) if (enter(n + owned[k])) return true;
    } else {
      const y = x - n;
      // install(Y) ← build(P) for P listing Y in its build-depends, ← install(X) for X depending on Y.
      for (let e = graph.rbdOffsets[y]; e < graph.rbdOffsets[y + 1]; e++) if (enter(graph.rbdSources[e])) return true;
      for (let e = graph.rdepOffsets[y]; e < graph.rdepOffsets[y + 1]; e++) if (enter(n + graph.rdepSources[e])) return true;
    }
  }
  return false;
}

/**
 * The packages whose build edges an edit of depends lists changed: of the
 * nodes `names` (packages and binaries whose depends may differ), those whose
 * depends list differs between `before` and `graph` by name; every node that
 * reaches one of them through depends (its runtime closure is what changed;
 * the same nodes in both graphs, as only those rows changed); and the packages
 * that list one of those in their build-depends or a bootstrap set, in either
 * graph. Undefined when more than RUNTIME_REACH nodes are reached, or when a
 * name is a node of one graph only.
 */
export function throughRuntime(before: BuildGraph, graph: BuildGraph, names: readonly string[]): string[] | undefined {
  const rowOf = (g: BuildGraph, i: number): string[] => {
    const out: string[] = [];
    for (let e = g.dependsOffsets[i]; e < g.dependsOffsets[i + 1]; e++) out.push(g.names[g.dependsTargets[e]]);
    return out.sort();
  };
  const changed: string[] = [];
  for (const name of names) {
    const was = before.index(name);
    const is = graph.index(name);
    if (was < 0 || is < 0) return undefined;
    const a = rowOf(before, was);
    const b = rowOf(graph, is);
    if (!sameSequence(a, b)) changed.push(name);
  }
  const packages = new Set<string>();
  for (const g of [before, graph]) {
    const seen = new Set<number>();
    const queue: number[] = [];
    for (const name of changed) {
      const i = g.index(name);
      if (!seen.has(i)) (seen.add(i), queue.push(i));
    }
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head];
      for (let e = g.rdepOffsets[u]; e < g.rdepOffsets[u + 1]; e++) {
        const w = g.rdepSources[e];
        if (seen.has(w)) continue;
        if (seen.size >= RUNTIME_REACH) return undefined;
        seen.add(w);
        queue.push(w);
      }
    }
    for (const u of queue) for (let e = g.rbdOffsets[u]; e < g.rbdOffsets[u + 1]; e++) packages.add(g.names[g.rbdSources[e]]);
    if (seen.size === 0) continue;
    for (let p = 0; p < g.size; p++) {
      const sets = g.stages[p];
      for (let k = 0; k < sets.length; k++) {
        const entries = sets[k].entries;
        for (let j = 0; j < entries.length; j++) if (seen.has(entries[j])) packages.add(g.names[p]);
      }
    }
  }
  return [...packages].sort();
}
