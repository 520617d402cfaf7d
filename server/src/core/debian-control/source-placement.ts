// Where an edited source sits in the archive's build graph, without rebuilding
// the graph per edit.
//
// An edit of debian/control changes only the source's own build-dependency
// lists: its runtime dependencies (from the Packages index) and every other
// source stay as the archive has them, so the install components and runtime
// closures are the archive's, and in the layered graph (build P → install Q
// for Q in build-depends(P); install Q → build Q and install R for R in
// depends(Q)) only build(v)'s out-edges change. Per source (once, on open):
//   - A0, the bootstrap phase's fixpoint with v never built. Availability is
//     a least fixpoint of monotone rules and only v's rule changes, so with
//     v's edited lists the fixpoint is A0 when its rule (all full entries, or
//     all of one stage set, installable) fails under A0, and otherwise A1 =
//     A0 with v made available and propagated — the same A1 for every edit.
//   - The layered nodes that reach build(v), in the whole graph and among the
//     sources A0 never builds. A path into v never uses v's own out-edges, so
//     these do not depend on the edit. v's component is then v with the build
//     nodes reachable from its entries' install nodes through those ancestors
//     (every node on such a path reaches v), non-trivial when v is reached.
// Per edit: a rule check and a search inside the ancestors.

import type { BuildGraph } from '../graph';
import { AvailabilityFixpoint, InstallKahn } from '../graph/availability';

/** Larger than any count of missing components: a counter raised by it never reaches zero. */
const BLOCKED = 1 << 29;

/** The edited source's lists as node indices of the archive graph (names not in it dropped: unknown names are available and have no edges). */
export interface SourceLists {
  full: Int32Array;
  stages: ReadonlyArray<{ stage: number; entries: Int32Array }>;
}

export interface Placement {
  /** Available at the end of the bootstrap phase (shared: treat as read-only). */
  avail: Uint8Array;
  /** v's component among the sources never built; empty when v is available or on no cycle there. */
  unbroken: Set<number>;
  /** v's component of the whole build graph; empty when on no cycle. */
  component: Set<number>;
  /** The stages whose sets make v available when its full build cannot happen, ascending. */
  stageBuilt: number[];
}

/** Once per loaded archive: the graph's layered form, its reverse, and the install bookkeeping of the whole archive. */
export class ArchiveBase {
  readonly kahn: InstallKahn;
  private readonly placements = new Map<number, SourcePlacement>();

  constructor(readonly graph: BuildGraph) {
    graph.layered();
    graph.layeredReverse();
    this.kahn = new InstallKahn(graph, true);
  }

  /** The placement state of declared source v (kept for the last few sources). */
  placementOf(v: number): SourcePlacement {
    let known = this.placements.get(v);
    if (known) {
      this.placements.delete(v);
    } else {
      known = new SourcePlacement(this, v);
      if (this.placements.size >= 4) this.placements.delete(this.placements.keys().next().value as number);
    }
    this.placements.set(v, known);
    return known;
  }
}

export class SourcePlacement {
  /** A0: the fixpoint with v never built. */
  private readonly without: AvailabilityFixpoint;
  private withIt: AvailabilityFixpoint | undefined;
  /** Layered nodes reaching build(v): in the whole graph, and among the sources A0 never builds. */
  private readonly ancestors: Uint8Array;
  private ancestorsUnbuilt: Uint8Array | undefined;
  /** The last sets handed out: an equal one is handed out again (what was found about it is kept with it). */
  private lastComponent: Set<number> | undefined;
  private lastUnbroken: Set<number> | undefined;

  constructor(private readonly base: ArchiveBase, readonly v: number) {
    const g = base.graph;
    const blocked = base.kahn.clone();
    blocked.fullMissing[v] += BLOCKED;
    for (let se = 0; se < blocked.seOwner.length; se++) if (blocked.seOwner[se] === v) blocked.seMissing[se] += BLOCKED;
    this.without = new AvailabilityFixpoint(g, true, blocked);
    this.ancestors = ancestorsOf(g, v, undefined);
  }

  /** The layered nodes reaching build(v) through the sources A0 never builds (v's ancestors while it is not built). */
  unbuiltAncestors(): Uint8Array {
    this.ancestorsUnbuilt ??= ancestorsOf(this.base.graph, this.v, unbuiltMask(this.base.graph, this.without.avail));
    return this.ancestorsUnbuilt;
  }

  place(lists: SourceLists): Placement {
    const g = this.base.graph;
    const v = this.v;
    const a0 = this.without.kahn;
    let kahn = a0;
    if (!a0.avail[v] && (allInstallable(a0, lists.full) || lists.stages.some((s) => allInstallable(a0, s.entries)))) {
      if (!this.withIt) {
        this.withIt = new AvailabilityFixpoint(g, true, a0);
        this.withIt.makeAvailable([v]);
      }
      kahn = this.withIt.kahn;
    }
    const avail = kahn.avail;
    const component = (this.lastComponent = same(this.lastComponent, componentThrough(g, v, lists.full, this.ancestors)));
    let unbroken = new Set<number>();
    if (!avail[v]) {
      // avail is A0 here: the never-built sources do not depend on the edit.
      unbroken = this.lastUnbroken = same(this.lastUnbroken, componentThrough(g, v, lists.full, this.unbuiltAncestors()));
    }
    const stageBuilt: number[] = [];
    if (avail[v] && !allInstallable(kahn, lists.full)) {
      for (const s of lists.stages) if (allInstallable(kahn, s.entries)) stageBuilt.push(s.stage);
      stageBuilt.sort((x, y) => x - y);
    }
    return { avail, unbroken, component, stageBuilt };
  }
}

/** The declared sources not available. */
export function unbuiltMask(g: BuildGraph, avail: Uint8Array): Uint8Array {
  const mask = new Uint8Array(g.size);
  for (let i = 0; i < g.size; i++) if (g.declared[i] && !avail[i]) mask[i] = 1;
  return mask;
}

/** `known` when it holds the same members as `next`, else `next`. */
function same(known: Set<number> | undefined, next: Set<number>): Set<number> {
  if (!known || known.size !== next.size) return next;
  for (const x of next) if (!known.has(x)) return next;
  return known;
}

function allInstallable(kahn: InstallKahn, entries: Int32Array): boolean {
  const comp = kahn.graph.installComp;
  for (let k = 0; k < entries.length; k++) if (!kahn.installable[comp[entries[k]]]) return false;
  return true;
}

/** The layered nodes that reach build(v), through build nodes in `mask` only (all when undefined). */
export function ancestorsOf(g: BuildGraph, v: number, mask: Uint8Array | undefined): Uint8Array {
  const n = g.size;
  const r = g.layeredReverse();
  const seen = new Uint8Array(2 * n);
  const stack = new Int32Array(2 * n);
  let sp = 0;
  seen[v] = 1;
  stack[sp++] = v;
  while (sp > 0) {
    const x = stack[--sp];
    for (let e = r.offsets[x], end = r.offsets[x + 1]; e < end; e++) {
      const w = r.targets[e];
      if (seen[w] || (w < n && mask && !mask[w])) continue;
      seen[w] = 1;
      stack[sp++] = w;
    }
  }
  return seen;
}

/**
 * v's strongly connected component when build(v)'s out-edges are the install
 * nodes of `full`: the build nodes reachable from them inside `ancestors`
 * (build(v) itself not expanded), with v; empty when v is not reached.
 */
function componentThrough(g: BuildGraph, v: number, full: Int32Array, ancestors: Uint8Array): Set<number> {
  const n = g.size;
  const l = g.layered();
  const seen = new Uint8Array(2 * n);
  const stack: number[] = [];
  const members: number[] = [];
  let closes = false;
  seen[v] = 1;
  for (let k = 0; k < full.length; k++) {
    const w = n + full[k];
    if (ancestors[w] && !seen[w]) {
      seen[w] = 1;
      stack.push(w);
    }
  }
  while (stack.length > 0) {
    const x = stack.pop() as number;
    for (let e = l.offsets[x], end = l.offsets[x + 1]; e < end; e++) {
      const w = l.targets[e];
      if (w === v) closes = true;
      if (seen[w] || !ancestors[w]) continue;
      seen[w] = 1;
      if (w < n) members.push(w);
      stack.push(w);
    }
  }
  if (!closes) return new Set();
  members.push(v);
  return new Set(members);
}
