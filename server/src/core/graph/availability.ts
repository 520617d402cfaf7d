// Availability bookkeeping of the bootstrap phase on install components (Kahn
// style), linear in the size of the compact graph — never in the number of
// expanded closure edges.
//
// An install component (an SCC of the depends graph) is *installable* when all
// of its members are available and all the components it depends on are
// installable: then every member's runtime closure is available. A package can
// be built fully when the components of all its build-depends entries are
// installable; a stage set can be used when the components of all its entries
// are. Counters of what is still missing fire callbacks when they reach zero.

import type { BuildGraph } from './build-graph';
import { KIND_UNKNOWN } from './binary-nodes';
import { ofPatchedFrom } from './graph-patch';

/**
 * Per install component, the packages with a build-depends entry in it (each
 * once). A component of one node (most) has those of its node's reverse
 * build-depends row, already distinct: only the components of several nodes
 * get a list of their own, made once per graph (the plan and the cycle
 * analysis each run the bootstrap phase on every edit). No list over every
 * component: building one was a pass over every build-depends edge per edit.
 */
class ComponentUsers {
  private readonly mergedLists = new Map<number, Int32Array>();
  constructor(private readonly g: BuildGraph) {
    const dscc = g.installScc;
    for (let c = 0; c < dscc.count; c++) {
      if (dscc.offsets[c + 1] - dscc.offsets[c] === 1) continue;
      const users = new Set<number>();
      for (let k = dscc.offsets[c]; k < dscc.offsets[c + 1]; k++) {
        const v = dscc.members[k];
        for (let e = g.rbdOffsets[v]; e < g.rbdOffsets[v + 1]; e++) users.add(g.rbdSources[e]);
      }
      this.mergedLists.set(c, Int32Array.from(users));
    }
  }

  /** The node of component c when its users are that node's reverse build-depends row, else -1 (see `merged`). */
  single(c: number): number {
    return this.mergedLists.has(c) ? -1 : this.g.installScc.members[this.g.installScc.offsets[c]];
  }

  /** The users of a component of several nodes. */
  merged(c: number): Int32Array {
    return this.mergedLists.get(c) as Int32Array;
  }
}

const usersByGraph = new WeakMap<BuildGraph, ComponentUsers>();
function componentUsers(g: BuildGraph): ComponentUsers {
  let users = usersByGraph.get(g);
  if (!users) {
    users = new ComponentUsers(g);
    usersByGraph.set(g, users);
  }
  return users;
}

/**
 * The counters before any build, per graph: the plan runs the bootstrap phase
 * with unknown names unavailable, the cycle analysis with them available, on
 * every edit. Both start from one count (the second by making the unknown
 * names available in a copy: the same counters as counting afresh). Never
 * handed out: callers get copies.
 */
const startByGraph = new WeakMap<BuildGraph, InstallKahn>();

/** How each graph's first count was made (for tests and benchmarks). */
export const startingCounts = { patched: 0, counted: 0 };

/** A fresh InstallKahn for `graph`, before any build: as `new InstallKahn(graph, assume)`, copied from the graph's first count. */
export function startingKahn(graph: BuildGraph, assumeUnknownAvailable: boolean): InstallKahn {
  let start = startByGraph.get(graph);
  if (!start) {
    const before = ofPatchedFrom(graph, startByGraph);
    start = before ? new InstallKahn(graph, false, undefined, before) : new InstallKahn(graph, false);
    startingCounts[before ? 'patched' : 'counted']++;
    startByGraph.set(graph, start);
  }
  const kahn = start.clone();
  if (assumeUnknownAvailable) {
    // No callbacks are set yet: the counters move, nothing is built.
    for (let i = graph.firstUnknown; i < graph.size; i++) kahn.makeAvailable(i);
  }
  return kahn;
}

export class InstallKahn {
  readonly avail: Uint8Array;
  readonly installable: Uint8Array;
  /** Per install component: unavailable members + successor components not installable. */
  readonly instMissing: Int32Array;
  /** Per package: distinct entry components not installable. */
  readonly fullMissing: Int32Array;
  /** Stage entries: owner, stage, entries (node indices, ascending), missing components. */
  readonly seOwner: number[];
  readonly seStage: number[];
  readonly seEntries: Int32Array[];
  readonly seMissing: number[];
  /** Called when a package's full build inputs become all available. */
  onFullReady: (p: number) => void = () => {};
  /** Called when a stage entry's inputs become all available. */
  onStageReady: (se: number) => void = () => {};

  /**
   * While set, each component made installable gets `wave` here (the bootstrap
   * phase records when, for carrying its run over an edit: carried-phase.ts).
   */
  installedAt: Int32Array | undefined;
  wave = 0;

  private readonly users: ComponentUsers;
  /** Per install component not installable: the stage entries with an entry in it (sparse: few packages have stage sets). */
  private readonly seUsers: Map<number, number[]>;
  private readonly stack: number[] = [];

  /**
   * The count before any build (`copyFrom`: a copy of that count, for the same
   * graph; `patchedFrom`: the count of the graph `graph.patch` says this one was
   * patched from, both with unknown names unavailable).
   */
  constructor(
    readonly graph: BuildGraph,
    assumeUnknownAvailable: boolean,
    copyFrom?: InstallKahn,
    patchedFrom?: InstallKahn,
  ) {
    if (copyFrom) {
      this.avail = copyFrom.avail.slice();
      this.installable = copyFrom.installable.slice();
      this.instMissing = copyFrom.instMissing.slice();
      this.fullMissing = copyFrom.fullMissing.slice();
      this.seOwner = copyFrom.seOwner.slice();
      this.seStage = copyFrom.seStage.slice();
      this.seEntries = copyFrom.seEntries.slice();
      this.seMissing = copyFrom.seMissing.slice();
      this.users = copyFrom.users;
      this.seUsers = new Map();
      for (const [c, list] of copyFrom.seUsers) this.seUsers.set(c, list.slice());
      return;
    }
    const g = graph;
    const n = g.size;
    const comp = g.installComp;
    const dscc = g.installScc;
    const C = dscc.count;
    const succ = g.installSucc;
    // With a patch: the nodes and components it kept have the counts they had.
    const patch = g.patch;
    const from = patch && !assumeUnknownAvailable ? patchedFrom : undefined;
    const keptNodes = from && patch ? patch.keptNodes : 0;
    const keptComponents = from && patch ? patch.keptComponents : 0;
    const avail = (this.avail = new Uint8Array(n));
    const kind = g.kind;
    if (from) avail.set(from.avail.subarray(0, keptNodes));
    for (let i = keptNodes; i < n; i++) {
      if (kind[i] === KIND_UNKNOWN) {
        if (assumeUnknownAvailable) avail[i] = 1;
      } else if (g.declared[i]) {
        if (g.prebuilt[i]) avail[i] = 1;
      } else {
        // A binary is available with its package (at once when prebuilt); a virtual
        // name always is (its provider is its dependency).
        const t = g.buildTarget[i];
        if (t < 0 || (g.declared[t] && g.prebuilt[t])) avail[i] = 1;
      }
    }
    // Components in id order: successors come first.
    const installable = (this.installable = new Uint8Array(C));
    const instMissing = (this.instMissing = new Int32Array(C));
    if (from) {
      installable.set(from.installable.subarray(0, keptComponents));
      instMissing.set(from.instMissing.subarray(0, keptComponents));
    }
    for (let c = keptComponents; c < C; c++) {
      let m = 0;
      // (A member whose installation needs no build — a package's prebuilt namesake
      // binary — is not missing, even before its package is built.)
      for (let k = dscc.offsets[c]; k < dscc.offsets[c + 1]; k++) {
        const v = dscc.members[k];
        if (!avail[v] && g.buildTarget[v] >= 0) m++;
      }
      for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) if (!installable[succ.targets[e]]) m++;
      instMissing[c] = m;
      if (m === 0) installable[c] = 1;
    }
    // Users: component → packages with a build-depends entry in it (each package once).
    const users = (this.users = componentUsers(g));
    const fullMissing = (this.fullMissing = new Int32Array(n));
    const { rbdOffsets, rbdSources } = g;
    if (from && patch) {
      // Only packages count (they are below keptNodes); a package whose lists
      // the patch left has the same components missing: the others are counted.
      fullMissing.set(from.fullMissing.subarray(0, keptNodes));
      const stamp = new Map<number, number>();
      for (let k = 0; k < patch.changed.length; k++) {
        const p = patch.changed[k];
        let m = 0;
        for (let e = g.bdOffsets[p]; e < g.bdOffsets[p + 1]; e++) {
          const c = comp[g.bdTargets[e]];
          if (installable[c] || stamp.get(c) === p) continue;
          stamp.set(c, p);
          m++;
        }
        fullMissing[p] = m;
      }
    } else for (let c = 0; c < C; c++) {
      if (installable[c]) continue;
      const v = users.single(c);
      if (v >= 0) {
        for (let k = rbdOffsets[v]; k < rbdOffsets[v + 1]; k++) fullMissing[rbdSources[k]]++;
      } else {
        const list = users.merged(c);
        for (let k = 0; k < list.length; k++) fullMissing[list[k]]++;
      }
    }
    this.seOwner = [];
    this.seStage = [];
    this.seEntries = [];
    this.seMissing = [];
    this.seUsers = new Map();
    const { declared, stages } = g;
    for (let p = 0; p < n; p++) {
      if (!declared[p]) continue;
      const sets = stages[p];
      for (let k = 0; k < sets.length; k++) this.registerStage(p, sets[k].stage, sets[k].entries);
    }
  }

  /** A copy to continue from (e.g. with more names made available). */
  clone(): InstallKahn {
    return new InstallKahn(this.graph, false, this);
  }

  /** Adds a stage entry; returns its id. Fires onStageReady at once when it is usable. */
  addStage(p: number, stage: number, entries: Int32Array): number {
    const se = this.registerStage(p, stage, entries);
    if (this.seMissing[se] === 0) this.onStageReady(se);
    return se;
  }

  private registerStage(p: number, stage: number, entries: Int32Array): number {
    const se = this.seOwner.length;
    const comp = this.graph.installComp;
    let m = 0;
    const seen = new Set<number>();
    for (let k = 0; k < entries.length; k++) {
      const c = comp[entries[k]];
      if (seen.has(c)) continue;
      seen.add(c);
      if (this.installable[c]) continue;
      m++;
      const list = this.seUsers.get(c);
      if (list) list.push(se);
      else this.seUsers.set(c, [se]);
    }
    this.seOwner.push(p);
    this.seStage.push(stage);
    this.seEntries.push(entries);
    this.seMissing.push(m);
    return se;
  }

  /** Marks r, and the binaries its build makes, available and propagates (no recursion; callbacks must not re-enter). */
  makeAvailable(r: number): void {
    // (Not `binariesOf`: a view per package made available was garbage on every run.)
    const { ownedOffsets, ownedTargets } = this.graph;
    for (let k = ownedOffsets[r]; k < ownedOffsets[r + 1]; k++) this.markAvailable(ownedTargets[k]);
    this.markAvailable(r);
  }

  private markAvailable(r: number): void {
    if (this.avail[r]) return;
    this.avail[r] = 1;
    if (this.graph.buildTarget[r] < 0) return; // installable already (see the constructor)
    const c0 = this.graph.installComp[r];
    if (--this.instMissing[c0] !== 0) return;
    const pred = this.graph.installPred;
    // One stack for every call (it runs once per package): a call made from a
    // callback works above the caller's part and leaves it as it was.
    const stack = this.stack;
    const base = stack.length;
    stack.push(c0);
    while (stack.length > base) {
      const c = stack.pop() as number;
      this.installable[c] = 1;
      if (this.installedAt) this.installedAt[c] = this.wave;
      const v = this.users.single(c);
      const users = v >= 0 ? this.graph.rbdSources : this.users.merged(c);
      const to = v >= 0 ? this.graph.rbdOffsets[v + 1] : users.length;
      for (let e = v >= 0 ? this.graph.rbdOffsets[v] : 0; e < to; e++) {
        const p = users[e];
        if (--this.fullMissing[p] === 0) this.onFullReady(p);
      }
      const list = this.seUsers.get(c);
      if (list) {
        for (let k = 0; k < list.length; k++) if (--this.seMissing[list[k]] === 0) this.onStageReady(list[k]);
        this.seUsers.delete(c);
      }
      for (let e = pred.offsets[c]; e < pred.offsets[c + 1]; e++) {
        const d = pred.targets[e];
        if (--this.instMissing[d] === 0) stack.push(d);
      }
    }
  }

  /** Whether the runtime closure of node v is available. */
  isInstallable(v: number): boolean {
    return this.installable[this.graph.installComp[v]] === 1;
  }
}

/**
 * Runs an InstallKahn to its fixpoint: every package whose full build inputs are
 * available is built fully, every usable stage set makes its package available.
 * (The bootstrap phase stops exactly there, whatever the order of the builds.)
 */
export class AvailabilityFixpoint {
  readonly kahn: InstallKahn;
  readonly full: Uint8Array;
  /** Called for every package that becomes available after construction. */
  onAvailable: ((v: number) => void) | undefined;
  private readonly queue: number[] = [];
  private started = false;

  constructor(graph: BuildGraph, assumeUnknownAvailable: boolean, from?: InstallKahn) {
    const k = (this.kahn = from ? from.clone() : startingKahn(graph, assumeUnknownAvailable));
    this.full = new Uint8Array(graph.size);
    k.onFullReady = (p) => {
      if (!graph.declared[p] || this.full[p]) return;
      this.full[p] = 1;
      this.queue.push(p);
    };
    k.onStageReady = (se) => this.queue.push(k.seOwner[se]);
    for (let p = 0; p < graph.size; p++) {
      if (graph.declared[p] && k.fullMissing[p] === 0) {
        this.full[p] = 1;
        this.queue.push(p);
      }
    }
    for (let se = 0; se < k.seOwner.length; se++) if (k.seMissing[se] === 0) this.queue.push(k.seOwner[se]);
    this.drain();
    this.started = true;
  }

  get avail(): Uint8Array {
    return this.kahn.avail;
  }

  /** Makes more nodes available (e.g. unknown names) and propagates. */
  makeAvailable(nodes: ArrayLike<number>): void {
    for (let k = 0; k < nodes.length; k++) this.queue.push(nodes[k]);
    this.drain();
  }

  /** Adds a bootstrap set (entries as node indices, ascending) to package p and propagates. */
  addStageSet(p: number, stage: number, entries: Int32Array): void {
    this.kahn.addStage(p, stage, entries);
    this.drain();
  }

  private drain(): void {
    const q = this.queue;
    while (q.length > 0) {
      const v = q.pop() as number;
      if (this.kahn.avail[v]) continue;
      this.kahn.makeAvailable(v);
      if (this.started && this.onAvailable) this.onAvailable(v);
    }
  }
}
