// The build graph (SPEC §1 "Packages"): an edge P → Q for every Q in
// build-depends(P), and P → R for every R in the runtime closure depends*(Q) of
// each such Q. Every node is a name; nodes are numbered in name order (plain
// JavaScript string order), so "lowest index" always means "lowest name".
// Names that are referenced but not declared are nodes too ("unknown"): they
// have no edges of their own and are never available.
//
// Representation. The expanded graph is huge on a real distribution (Debian:
// 34 000 source packages, 51 million closure edges), so the engine never needs
// it. It works on the compact *layered* graph instead, which has the same
// reachability between packages:
//   build(P) → install(Q)   for Q in build-depends(P)
//   install(Q) → build(Q)   (to install Q, Q must have been built)
//   install(Q) → install(R) for R in depends(Q)
// P → R is an edge of the build graph exactly when build(P) reaches build(R)
// through install nodes only. So the SCCs of the build graph are the build nodes
// of the SCCs of the layered graph, and a package is on a build cycle exactly
// when its layered SCC has more than one node. The runtime closures are handled
// per "install component" (an SCC of the depends graph: its members share one
// closure), whose condensation is a DAG.
//
// The expanded adjacency (offsets/targets/via and the reverse) is still
// available, built on first access; `successors`, `predecessors`, `viaOf` and
// `edgesFrom` answer for one package without it. Cycle searches build a local
// adjacency for the one SCC they look at (`localGraph`).

import type { PackageSpec } from './types';
import { tarjanScc, type SccResult } from './scc';

/** A `build-depends-bootstrapN` set of one package. */
export interface StageSet {
  stage: number;
  /** The entries as declared (de-duplicated, declaration order). */
  buildDepends: string[];
  /** The entries as node indices, ascending, de-duplicated. */
  entries: Int32Array;
}

/** The expanded build graph in CSR form. */
export interface ExpandedEdges {
  offsets: Int32Array;
  targets: Int32Array;
  via: Int32Array;
  rOffsets: Int32Array;
  rSources: Int32Array;
}

/** A CSR adjacency. */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

/**
 * The build edges among a set of packages, indexed locally (0 .. size-1 in the
 * order of `members`, which is ascending), with `via` as global node indices.
 */
export interface LocalGraph {
  size: number;
  /** Global node index of each local node, ascending. */
  members: Int32Array;
  offsets: Int32Array;
  targets: Int32Array;
  via: Int32Array;
  rOffsets: Int32Array;
  rSources: Int32Array;
  /** Local index of a global node, or -1. */
  localOf(v: number): number;
}

/** State shared by a graph and the copies made by `withStages` (same nodes, same edges). */
interface SharedCore {
  /** SCCs of the depends graph: the install components (emission order: dependencies first). */
  dependsScc: SccResult;
  /** Condensation of the depends graph: distinct successor and predecessor components. */
  icSucc: Csr;
  icPred: Csr;
  /** The layered graph (2n nodes: build P = P, install Q = n + Q) and its reverse. */
  layered?: Csr;
  layeredReverse?: Csr;
  layeredScc?: SccResult;
  buildScc?: SccResult;
  inCycle?: Uint8Array;
  expanded?: ExpandedEdges;
  edgeCount?: number;
  /** Scratch for localGraph: local index of each node, -1 when none; bitsets per install component. */
  localIndex?: Int32Array;
  localSets?: Array<Int32Array | undefined>;
  localDone?: Int32Array;
  localStamp?: number;
  closureMemo: Array<Int32Array | undefined>;
  /** Scratch for closuresHold: a stamp and a stack per install component. */
  compMark?: Int32Array;
  compStack?: Int32Array;
  compStamp?: number;
  /** Scratch arrays for traversals (the engine is single-threaded and non-reentrant). */
  mark: Int32Array;
  markStamp: number;
  scratch: Int32Array;
  inputs?: InputScratch;
}

interface InputScratch {
  seen: Int32Array;
  assigned: Int32Array;
  via: Int32Array;
  list: Int32Array;
  stack: Int32Array;
  stamp: number;
}

function dedupeStrings(list: readonly unknown[] | undefined): string[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of list) {
    if (typeof x !== 'string' || seen.has(x)) continue;
    seen.add(x);
    out.push(x);
  }
  return out;
}

function binaryHas(a: ArrayLike<number>, x: number, from = 0, to = a.length): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid];
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Reverse of a CSR adjacency over n nodes (sources come out ascending). */
export function reverseCsr(n: number, offsets: ArrayLike<number>, targets: ArrayLike<number>): Csr {
  const rOffsets = new Int32Array(n + 1);
  const m = offsets[n];
  for (let e = 0; e < m; e++) rOffsets[targets[e] + 1]++;
  for (let i = 0; i < n; i++) rOffsets[i + 1] += rOffsets[i];
  const fill = rOffsets.slice(0, n);
  const rTargets = new Int32Array(m);
  for (let p = 0; p < n; p++) for (let e = offsets[p]; e < offsets[p + 1]; e++) rTargets[fill[targets[e]]++] = p;
  return { offsets: rOffsets, targets: rTargets };
}

/** Number of set bits of a 32-bit integer. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** A growable list of (target, via) pairs in two typed arrays. */
class EdgeBuffer {
  private t: Int32Array;
  private v: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.t = new Int32Array(capacity);
    this.v = new Int32Array(capacity);
  }

  push(target: number, via: number): void {
    if (this.length === this.t.length) {
      const t = new Int32Array(this.t.length * 2);
      const v = new Int32Array(this.t.length * 2);
      t.set(this.t);
      v.set(this.v);
      this.t = t;
      this.v = v;
    }
    this.t[this.length] = target;
    this.v[this.length] = via;
    this.length++;
  }

  targets(): Int32Array {
    return this.t.slice(0, this.length);
  }

  vias(): Int32Array {
    return this.v.slice(0, this.length);
  }
}

/** Above this many bitset words (over all install components), `localGraph` searches instead. */
const LOCAL_BITSET_LIMIT = 4_000_000;

export class BuildGraph {
  /** Number of nodes (declared and unknown names). */
  readonly size: number;
  /** Node names, ascending. */
  readonly names: readonly string[];
  /** 1 when the name is declared as a package. */
  readonly declared: Uint8Array;
  /** 1 when the package is declared `prebuilt`. */
  readonly prebuilt: Uint8Array;
  /** build-depends as declared (de-duplicated, declaration order); empty for unknown names. */
  readonly buildDepends: ReadonlyArray<readonly string[]>;
  /** depends as declared (de-duplicated, declaration order). */
  readonly depends: ReadonlyArray<readonly string[]>;
  /** build-depends as node indices (CSR, ascending per node): see `directDepsOf`. */
  readonly bdOffsets: Int32Array;
  readonly bdTargets: Int32Array;
  /** Reverse build-depends (CSR): the packages listing v in their build-depends, ascending. */
  readonly rbdOffsets: Int32Array;
  readonly rbdSources: Int32Array;
  /** depends adjacency (CSR, ascending). */
  readonly dependsOffsets: Int32Array;
  readonly dependsTargets: Int32Array;
  /** Reverse depends (CSR): the packages listing v in their depends, ascending. */
  readonly rdepOffsets: Int32Array;
  readonly rdepSources: Int32Array;
  /** Bootstrap sets per node, ascending by stage. */
  readonly stages: ReadonlyArray<readonly StageSet[]>;
  /** The declared packages, in input order (first declaration of a name wins). */
  readonly specs: readonly PackageSpec[];

  /** Name → provisional id (see buildGraph), and provisional id → node index. */
  private readonly provIndex: Map<string, number>;
  private readonly nodeOfProv: Int32Array;
  private readonly core: SharedCore;

  /** Use `buildGraph(specs)`. */
  constructor(init: {
    names: string[];
    provIndex: Map<string, number>;
    nodeOfProv: Int32Array;
    declared: Uint8Array;
    prebuilt: Uint8Array;
    buildDepends: string[][];
    depends: string[][];
    bdOffsets: Int32Array;
    bdTargets: Int32Array;
    rbdOffsets: Int32Array;
    rbdSources: Int32Array;
    dependsOffsets: Int32Array;
    dependsTargets: Int32Array;
    rdepOffsets: Int32Array;
    rdepSources: Int32Array;
    stages: StageSet[][];
    specs: PackageSpec[];
    core: SharedCore;
  }) {
    this.size = init.names.length;
    this.names = init.names;
    this.provIndex = init.provIndex;
    this.nodeOfProv = init.nodeOfProv;
    this.declared = init.declared;
    this.prebuilt = init.prebuilt;
    this.buildDepends = init.buildDepends;
    this.depends = init.depends;
    this.bdOffsets = init.bdOffsets;
    this.bdTargets = init.bdTargets;
    this.rbdOffsets = init.rbdOffsets;
    this.rbdSources = init.rbdSources;
    this.dependsOffsets = init.dependsOffsets;
    this.dependsTargets = init.dependsTargets;
    this.rdepOffsets = init.rdepOffsets;
    this.rdepSources = init.rdepSources;
    this.stages = init.stages;
    this.specs = init.specs;
    this.core = init.core;
  }

  // ---- names

  /** Node index of a name, or -1. */
  index(name: string): number {
    const id = this.provIndex.get(name);
    return id === undefined ? -1 : this.nodeOfProv[id];
  }

  has(name: string): boolean {
    return this.provIndex.has(name);
  }

  /** Whether the name is a declared package. */
  isDeclared(name: string): boolean {
    const i = this.index(name);
    return i >= 0 && this.declared[i] === 1;
  }

  /** build-depends of v as node indices, ascending. */
  directDepsOf(v: number): Int32Array {
    return this.bdTargets.subarray(this.bdOffsets[v], this.bdOffsets[v + 1]);
  }

  // ---- install components (SCCs of the depends graph)

  /** The SCCs of the depends graph; component ids are in dependencies-first order. */
  get installScc(): SccResult {
    return this.core.dependsScc;
  }

  /** The install component of each node. */
  get installComp(): Int32Array {
    return this.core.dependsScc.compOf;
  }

  /** Condensation of the depends graph: distinct successor components (CSR). */
  get installSucc(): Csr {
    return this.core.icSucc;
  }

  /** Condensation of the depends graph: distinct predecessor components (CSR). */
  get installPred(): Csr {
    return this.core.icPred;
  }

  // ---- runtime closures

  /** The runtime closure depends*(v), v included, ascending. Memoised: treat as read-only. */
  closureOf(v: number): Int32Array {
    const core = this.core;
    const c = core.dependsScc.compOf[v];
    const memo = core.closureMemo[c];
    if (memo) return memo;
    const stamp = ++core.markStamp;
    const mark = core.mark;
    const stack = core.scratch;
    const out: number[] = [];
    let sp = 0;
    stack[sp++] = v;
    mark[v] = stamp;
    while (sp > 0) {
      const u = stack[--sp];
      out.push(u);
      for (let e = this.dependsOffsets[u]; e < this.dependsOffsets[u + 1]; e++) {
        const w = this.dependsTargets[e];
        if (mark[w] !== stamp) {
          mark[w] = stamp;
          stack[sp++] = w;
        }
      }
    }
    const arr = Int32Array.from(out).sort();
    core.closureMemo[c] = arr;
    return arr;
  }

  /** The union of the runtime closures of `entries` (node indices), ascending (a new array). */
  closureOfSet(entries: ArrayLike<number>): Int32Array {
    if (entries.length === 1) return this.closureOf(entries[0]).slice();
    const core = this.core;
    // closureOf uses mark/scratch too: compute the member closures first.
    const closures: Int32Array[] = [];
    for (let k = 0; k < entries.length; k++) closures.push(this.closureOf(entries[k]));
    const stamp = ++core.markStamp;
    const mark = core.mark;
    const out: number[] = [];
    for (const cl of closures) {
      for (let k = 0; k < cl.length; k++) {
        const r = cl[k];
        if (mark[r] !== stamp) {
          mark[r] = stamp;
          out.push(r);
        }
      }
    }
    return Int32Array.from(out).sort();
  }

  /**
   * Whether the runtime closure of some node of `entries` holds r: a search of the
   * install components that builds no closure. Components are numbered
   * dependencies first, so one numbered below r's component cannot lead to it.
   */
  closuresHold(entries: ArrayLike<number>, r: number): boolean {
    const core = this.core;
    const compOf = core.dependsScc.compOf;
    const target = compOf[r];
    const C = core.dependsScc.count;
    if (!core.compMark || core.compMark.length < C) {
      core.compMark = new Int32Array(Math.max(1, C));
      core.compStack = new Int32Array(Math.max(1, C));
      core.compStamp = 0;
    }
    const mark = core.compMark;
    const stack = core.compStack as Int32Array;
    const stamp = (core.compStamp = (core.compStamp ?? 0) + 1);
    const { offsets, targets } = core.icSucc;
    let sp = 0;
    for (let k = 0; k < entries.length; k++) {
      const c = compOf[entries[k]];
      if (c === target) return true;
      if (c < target || mark[c] === stamp) continue;
      mark[c] = stamp;
      stack[sp++] = c;
    }
    while (sp > 0) {
      const c = stack[--sp];
      for (let e = offsets[c], end = offsets[c + 1]; e < end; e++) {
        const d = targets[e];
        if (d === target) return true;
        if (d < target || mark[d] === stamp) continue;
        mark[d] = stamp;
        stack[sp++] = d;
      }
    }
    return false;
  }

  /** Name-level runtime closure of a name (itself included), ascending; [] for a name not in the graph. */
  runtimeClosure(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : Array.from(this.closureOf(i), (j) => this.names[j]);
  }

  /**
   * The build inputs of p (the union of the runtime closures of its build-depends),
   * unsorted, into an internal buffer: returns their count; `inputBuffer()` holds
   * them and `inputVia(r)` the entry that induced r (the entry itself for a direct
   * entry, else the lowest-named entry whose closure holds r). Valid until the next
   * call. `follow(c)`, when given, prunes install components (false: not entered).
   */
  collectInputs(p: number, follow?: (installComponent: number) => boolean, entries?: ArrayLike<number>): number {
    const s = this.inputScratch();
    const stamp = ++s.stamp;
    const { seen, assigned, via, list, stack } = s;
    const compOf = this.core.dependsScc.compOf;
    const from = entries ? 0 : this.bdOffsets[p];
    const to = entries ? entries.length : this.bdOffsets[p + 1];
    const ent = entries ?? this.bdTargets;
    let count = 0;
    for (let k = from; k < to; k++) {
      const q = ent[k];
      if (assigned[q] === stamp) continue;
      assigned[q] = stamp;
      via[q] = q;
      list[count++] = q;
    }
    for (let k = from; k < to; k++) {
      const q = ent[k];
      if (seen[q] === stamp) continue; // covered by a lower entry
      seen[q] = stamp;
      if (follow && !follow(compOf[q])) continue;
      let sp = 0;
      stack[sp++] = q;
      while (sp > 0) {
        const u = stack[--sp];
        if (assigned[u] !== stamp) {
          assigned[u] = stamp;
          via[u] = q;
          list[count++] = u;
        }
        for (let e = this.dependsOffsets[u], end = this.dependsOffsets[u + 1]; e < end; e++) {
          const w = this.dependsTargets[e];
          if (seen[w] === stamp) continue;
          seen[w] = stamp;
          if (follow && !follow(compOf[w])) continue;
          stack[sp++] = w;
        }
      }
    }
    return count;
  }

  /** The buffer `collectInputs` fills. */
  inputBuffer(): Int32Array {
    return this.inputScratch().list;
  }

  /** The entry that induced input r in the last `collectInputs`. */
  inputVia(r: number): number {
    return this.inputScratch().via[r];
  }

  private inputScratch(): InputScratch {
    const core = this.core;
    if (!core.inputs) {
      const n = Math.max(1, this.size);
      core.inputs = {
        seen: new Int32Array(n),
        assigned: new Int32Array(n),
        via: new Int32Array(n),
        list: new Int32Array(n),
        stack: new Int32Array(n),
        stamp: 0,
      };
    }
    return core.inputs;
  }

  // ---- edges of one package, without the expanded graph

  /** Out-neighbours of v (build inputs, runtime closure included), ascending. */
  successors(v: number): Int32Array {
    const x = this.core.expanded;
    if (x) return x.targets.subarray(x.offsets[v], x.offsets[v + 1]);
    const count = this.collectInputs(v);
    return this.inputBuffer().slice(0, count).sort();
  }

  /** In-neighbours of v (packages whose build needs v), ascending. */
  predecessors(v: number): Int32Array {
    const x = this.core.expanded;
    if (x) return x.rSources.subarray(x.rOffsets[v], x.rOffsets[v + 1]);
    // Every Y whose runtime closure holds v (reverse depends from v), then every P
    // listing such a Y in its build-depends.
    const core = this.core;
    const stamp = ++core.markStamp;
    const mark = core.mark;
    const stack = core.scratch;
    const seenP = new Set<number>();
    let sp = 0;
    stack[sp++] = v;
    mark[v] = stamp;
    while (sp > 0) {
      const y = stack[--sp];
      for (let e = this.rbdOffsets[y]; e < this.rbdOffsets[y + 1]; e++) seenP.add(this.rbdSources[e]);
      for (let e = this.rdepOffsets[y]; e < this.rdepOffsets[y + 1]; e++) {
        const w = this.rdepSources[e];
        if (mark[w] !== stamp) {
          mark[w] = stamp;
          stack[sp++] = w;
        }
      }
    }
    return Int32Array.from(seenP).sort();
  }

  /** Whether from → to is a build edge. */
  hasEdge(from: number, to: number): boolean {
    return this.viaOf(from, to) >= 0;
  }

  /** The build-depends entry that induced from → to, or -1 when there is no such edge. */
  viaOf(from: number, to: number): number {
    const a = this.bdOffsets[from];
    const b = this.bdOffsets[from + 1];
    if (binaryHas(this.bdTargets, to, a, b)) return to;
    for (let k = a; k < b; k++) {
      const q = this.bdTargets[k];
      if (binaryHas(this.closureOf(q), to)) return q;
    }
    return -1;
  }

  /** Name-level: the build inputs of a package (runtime closure included), ascending. */
  buildInputs(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : Array.from(this.successors(i), (j) => this.names[j]);
  }

  /** Name-level: the packages whose build needs this one, ascending. */
  dependents(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : Array.from(this.predecessors(i), (j) => this.names[j]);
  }

  /** Name-level edges out of a package, with `via`, ascending by target. */
  edgesFrom(name: string): Array<{ from: string; to: string; via: string }> {
    const i = this.index(name);
    if (i < 0) return [];
    const count = this.collectInputs(i);
    const buf = this.inputBuffer();
    const targets = buf.slice(0, count).sort();
    return Array.from(targets, (r) => ({ from: name, to: this.names[r], via: this.names[this.inputVia(r)] }));
  }

  // ---- bootstrap sets

  /** The bootstrap set of node v at `stage`, or undefined. */
  stageSet(v: number, stage: number): StageSet | undefined {
    for (const s of this.stages[v]) if (s.stage === stage) return s;
    return undefined;
  }

  /**
   * The stage-N build dependency set of node v with runtime closure (node indices,
   * ascending), or undefined when v declares no such stage.
   */
  stageClosure(v: number, stage: number): Int32Array | undefined {
    const s = this.stageSet(v, stage);
    return s ? this.closureOfSet(s.entries) : undefined;
  }

  /** Name-level `stageClosure`. */
  stageDependencySet(name: string, stage: number): string[] | undefined {
    const i = this.index(name);
    if (i < 0) return undefined;
    const cl = this.stageClosure(i, stage);
    return cl ? Array.from(cl, (j) => this.names[j]) : undefined;
  }

  /**
   * A copy of this graph (same nodes and build edges, shared arrays) with the
   * bootstrap sets of some packages replaced. Every name in the new sets must
   * already be a node of the graph (the build graph does not depend on bootstrap
   * sets, but the node set does).
   */
  withStages(changes: ReadonlyMap<number, ReadonlyArray<{ stage: number; buildDepends: readonly string[] }>>): BuildGraph {
    const stages = this.stages.slice() as StageSet[][];
    for (const [v, sets] of changes) {
      stages[v] = normaliseStages(
        sets,
        resolveByName((name) => {
          const j = this.index(name);
          if (j < 0) throw new Error(`withStages: ${name} is not a node of the graph`);
          return j;
        }),
      );
    }
    return new BuildGraph({
      names: this.names as string[],
      provIndex: this.provIndex,
      nodeOfProv: this.nodeOfProv,
      declared: this.declared,
      prebuilt: this.prebuilt,
      buildDepends: this.buildDepends as string[][],
      depends: this.depends as string[][],
      bdOffsets: this.bdOffsets,
      bdTargets: this.bdTargets,
      rbdOffsets: this.rbdOffsets,
      rbdSources: this.rbdSources,
      dependsOffsets: this.dependsOffsets,
      dependsTargets: this.dependsTargets,
      rdepOffsets: this.rdepOffsets,
      rdepSources: this.rdepSources,
      stages,
      specs: this.specs as PackageSpec[],
      core: this.core,
    });
  }

  // ---- the layered graph, SCCs

  /** The layered graph: build P = node P, install Q = node n + Q (see the file comment). */
  layered(): Csr {
    const core = this.core;
    if (!core.layered) {
      const n = this.size;
      const offsets = new Int32Array(2 * n + 1);
      const bdCount = this.bdTargets.length;
      const targets = new Int32Array(bdCount + n + this.dependsTargets.length);
      let e = 0;
      for (let p = 0; p < n; p++) {
        offsets[p] = e;
        for (let k = this.bdOffsets[p]; k < this.bdOffsets[p + 1]; k++) targets[e++] = n + this.bdTargets[k];
      }
      for (let q = 0; q < n; q++) {
        offsets[n + q] = e;
        targets[e++] = q;
        for (let k = this.dependsOffsets[q]; k < this.dependsOffsets[q + 1]; k++) targets[e++] = n + this.dependsTargets[k];
      }
      offsets[2 * n] = e;
      core.layered = { offsets, targets };
    }
    return core.layered;
  }

  /** Reverse of the layered graph. */
  layeredReverse(): Csr {
    const core = this.core;
    if (!core.layeredReverse) {
      const l = this.layered();
      core.layeredReverse = reverseCsr(2 * this.size, l.offsets, l.targets);
    }
    return core.layeredReverse;
  }

  /** SCCs of the layered graph (memoised). */
  layeredScc(): SccResult {
    const core = this.core;
    if (!core.layeredScc) {
      const l = this.layered();
      core.layeredScc = tarjanScc(2 * this.size, l.offsets, l.targets);
    }
    return core.layeredScc;
  }

  /** The SCCs of the build graph (memoised; shared with `withStages` copies). */
  scc(): SccResult {
    const core = this.core;
    if (!core.buildScc) core.buildScc = this.buildComponents(this.layeredScc());
    return core.buildScc;
  }

  /** The SCCs of the subgraph of the build graph induced by `mask` (node indices). */
  sccOf(mask: ArrayLike<number>): SccResult {
    const n = this.size;
    const l = this.layered();
    const res = this.buildComponents(tarjanScc(2 * n, l.offsets, l.targets, this.liveLayeredMask(mask)));
    for (let i = 0; i < n; i++) if (!mask[i]) res.compOf[i] = -1;
    return res;
  }

  /**
   * The layered nodes of `layeredSccOf(mask)`'s graph that reach a build node in
   * `mask`: the masked build nodes and the install nodes leading to one. Tarjan on
   * these alone gives the same components with build nodes, in the same order, as
   * on all install nodes: an install node that reaches no masked build node reaches
   * nothing on the Tarjan stack while a build node is being explored, so exploring
   * it only emits install-only components. On a large graph with few masked
   * packages this is a small fraction of it.
   */
  private liveLayeredMask(mask: ArrayLike<number>): Uint8Array {
    const n = this.size;
    const live = new Uint8Array(2 * n);
    // Reverse search over the masked layered graph, by the reverse adjacency the
    // graph already has: build(P) ← install(P); install(Y) ← build(P) for P listing
    // Y in its build-depends (P masked); install(Y) ← install(X) for X depending on Y.
    const stack: number[] = [];
    for (let q = 0; q < n; q++) {
      if (!mask[q]) continue;
      live[q] = 1;
      if (!live[n + q]) {
        live[n + q] = 1;
        stack.push(q);
      }
    }
    while (stack.length > 0) {
      const y = stack.pop() as number;
      for (let e = this.rbdOffsets[y], end = this.rbdOffsets[y + 1]; e < end; e++) {
        const p = this.rbdSources[e];
        if (!mask[p]) continue;
        // build(p) is masked, so live already; install(p) leads to it.
        if (!live[n + p]) {
          live[n + p] = 1;
          stack.push(p);
        }
      }
      for (let e = this.rdepOffsets[y], end = this.rdepOffsets[y + 1]; e < end; e++) {
        const x = this.rdepSources[e];
        if (!live[n + x]) {
          live[n + x] = 1;
          stack.push(x);
        }
      }
    }
    return live;
  }

  /**
   * SCCs of the layered graph with only the build nodes in `mask` (all install
   * nodes kept as connectors). Its components with build nodes are the SCCs of the
   * build graph induced by `mask` (see `buildComponents`).
   */
  layeredSccOf(mask: ArrayLike<number>): SccResult {
    const n = this.size;
    const m = new Uint8Array(2 * n);
    for (let i = 0; i < n; i++) {
      if (mask[i]) m[i] = 1;
      m[n + i] = 1;
    }
    const l = this.layered();
    return tarjanScc(2 * n, l.offsets, l.targets, m);
  }

  /** Build-node components of a layered SCC result, in the same (dependencies-first) order. */
  buildComponents(ls: SccResult): SccResult {
    const n = this.size;
    const compOf = new Int32Array(n).fill(-1);
    const members = new Int32Array(n);
    // At most one component per layered component: typed, cut to size at the end.
    const offsets = new Int32Array(ls.count + 1);
    const flags = new Uint8Array(ls.count);
    let count = 0;
    let at = 0;
    for (let c = 0; c < ls.count; c++) {
      const from = ls.offsets[c];
      const to = ls.offsets[c + 1];
      if (ls.members[from] >= n) continue; // install nodes only (members are ascending)
      offsets[count] = at;
      for (let k = from; k < to; k++) {
        const v = ls.members[k];
        if (v >= n) break;
        compOf[v] = count;
        members[at++] = v;
      }
      flags[count] = to - from >= 2 ? 1 : 0;
      count++;
    }
    offsets[count] = at;
    return { count, compOf, offsets: offsets.slice(0, count + 1), members: members.subarray(0, at), nonTrivial: flags.slice(0, count) };
  }

  /** 1 for the nodes that lie on some build cycle (a non-trivial SCC of the build graph). Memoised. */
  cycleMask(): Uint8Array {
    const core = this.core;
    if (!core.inCycle) {
      const scc = this.scc();
      const mask = new Uint8Array(this.size);
      for (let c = 0; c < scc.count; c++) {
        if (!scc.nonTrivial[c]) continue;
        for (let k = scc.offsets[c]; k < scc.offsets[c + 1]; k++) mask[scc.members[k]] = 1;
      }
      core.inCycle = mask;
    }
    return core.inCycle;
  }

  /**
   * The build edges among `members` (ascending global indices), with their via, in
   * a local CSR. For every install component reached from the members' entries,
   * the set of members in its runtime closure is a bitset over the members (a DP
   * over the condensation of the depends graph); a member's edges are the union of
   * its entries' sets, taken entry by entry in name order (direct entries first)
   * so that each edge gets its via. (For a huge member set, or with `bySearch`,
   * each member's inputs are collected by a search instead.)
   */
  localGraph(members: ArrayLike<number>, options: { bySearch?: boolean } = {}): LocalGraph {
    const n = this.size;
    const k = members.length;
    const mem = Int32Array.from(members);
    const words = (k + 31) >>> 5;
    const dscc = this.core.dependsScc;
    const succ = this.core.icSucc;
    const compOf = dscc.compOf;
    // Members of each install component, as bits.
    const core = this.core;
    if (!core.localIndex) core.localIndex = new Int32Array(n).fill(-1);
    const localIndex = core.localIndex;
    for (let i = 0; i < k; i++) localIndex[mem[i]] = i;
    // Install components are numbered dependencies first, so a component below the
    // lowest member component reaches no member: the DP never enters one.
    let minComp = dscc.count;
    for (let i = 0; i < k; i++) if (compOf[mem[i]] < minComp) minComp = compOf[mem[i]];
    // Per install component, reused across calls (a graph can have hundreds of
    // small SCCs): done[c] === stamp once sets[c] holds c's bits for this call.
    if (!core.localSets || core.localSets.length < dscc.count) {
      core.localSets = new Array(dscc.count).fill(undefined);
      core.localDone = new Int32Array(dscc.count);
      core.localStamp = 0;
    }
    const sets = core.localSets;
    const done = core.localDone as Int32Array;
    const stamp = (core.localStamp = (core.localStamp ?? 0) + 1);
    const touched: number[] = [];
    const stackC: number[] = [];
    const setOf = (c0: number): Int32Array | undefined => {
      if (c0 < minComp) return undefined;
      if (done[c0] !== stamp) {
        // Post-order over the condensation (a DAG): a component is finished once all
        // its successors are; a successor pushed earlier lower on the stack is pushed
        // again, so it is finished first.
        stackC.push(c0);
        while (stackC.length > 0) {
          const c = stackC[stackC.length - 1];
          if (done[c] === stamp) {
            stackC.pop();
            continue;
          }
          let pending = false;
          for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) {
            const d = succ.targets[e];
            if (d >= minComp && done[d] !== stamp) {
              stackC.push(d);
              pending = true;
            }
          }
          if (pending) continue;
          stackC.pop();
          let bits: Int32Array | undefined;
          for (let j = dscc.offsets[c]; j < dscc.offsets[c + 1]; j++) {
            const li = localIndex[dscc.members[j]];
            if (li < 0) continue;
            bits ??= new Int32Array(words);
            bits[li >>> 5] |= 1 << (li & 31);
          }
          for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) {
            const d = succ.targets[e];
            if (d < minComp) continue; // never entered: no member in its closure
            const db = sets[d];
            if (!db) continue;
            if (!bits) bits = db.slice();
            else for (let w = 0; w < words; w++) bits[w] |= db[w];
          }
          sets[c] = bits; // undefined: no member in this closure
          if (bits) touched.push(c);
          done[c] = stamp;
        }
      }
      return sets[c0];
    };
    const offsets = new Int32Array(k + 1);
    let targets: Int32Array;
    let via: Int32Array;
    // The bitsets cost `words` integers per install component: for a huge member
    // set, collect each member's inputs by a search instead.
    const bySearch = options.bySearch ?? words * dscc.count > LOCAL_BITSET_LIMIT;
    try {
      if (bySearch) {
        const edges = new EdgeBuffer(Math.max(16, 4 * k));
        const buf = this.inputBuffer();
        for (let i = 0; i < k; i++) {
          offsets[i] = edges.length;
          const count = this.collectInputs(mem[i]);
          const picked: number[] = [];
          for (let j = 0; j < count; j++) {
            const lr = localIndex[buf[j]];
            if (lr >= 0) picked.push(lr);
          }
          picked.sort((a, b) => a - b);
          for (const lr of picked) edges.push(lr, this.inputVia(mem[lr]));
        }
        offsets[k] = edges.length;
        targets = edges.targets();
        via = edges.vias();
      } else {
        // Member i's targets, as bits in `acc`; with `viaOfLocal`, each target's via.
        const acc = new Int32Array(words);
        const viaOfLocal = new Int32Array(Math.max(1, k));
        const collect = (i: number, withVia: boolean): void => {
          acc.fill(0);
          const p = mem[i];
          const from = this.bdOffsets[p];
          const to = this.bdOffsets[p + 1];
          for (let e = from; e < to; e++) {
            const q = this.bdTargets[e];
            const lq = localIndex[q];
            if (lq >= 0 && !(acc[lq >>> 5] & (1 << (lq & 31)))) {
              acc[lq >>> 5] |= 1 << (lq & 31);
              viaOfLocal[lq] = q;
            }
          }
          for (let e = from; e < to; e++) {
            const q = this.bdTargets[e];
            const bits = setOf(compOf[q]);
            if (!bits) continue;
            for (let w = 0; w < words; w++) {
              let nb = bits[w] & ~acc[w];
              if (nb === 0) continue;
              acc[w] |= nb;
              while (withVia && nb !== 0) {
                const low = nb & -nb;
                viaOfLocal[(w << 5) + (31 - Math.clz32(low))] = q;
                nb ^= low;
              }
            }
          }
        };
        // Count first, so that the edge arrays (millions of entries for a huge SCC)
        // are allocated once, at their size: growing them churns external memory,
        // which makes V8 start a full collection of the (large) heap.
        for (let i = 0; i < k; i++) {
          collect(i, false);
          let count = 0;
          for (let w = 0; w < words; w++) count += popcount(acc[w]);
          offsets[i + 1] = offsets[i] + count;
        }
        targets = new Int32Array(offsets[k]);
        via = new Int32Array(offsets[k]);
        for (let i = 0; i < k; i++) {
          collect(i, true);
          let at = offsets[i];
          for (let w = 0; w < words; w++) {
            let x = acc[w];
            while (x !== 0) {
              const low = x & -x;
              const lr = (w << 5) + (31 - Math.clz32(low));
              targets[at] = lr;
              via[at] = viaOfLocal[lr];
              at++;
              x ^= low;
            }
          }
        }
      }
    } finally {
      for (let i = 0; i < k; i++) localIndex[mem[i]] = -1;
      for (const c of touched) sets[c] = undefined; // let the bitsets go
    }
    const rev = reverseCsr(k, offsets, targets);
    let local: Map<number, number> | undefined;
    return {
      size: k,
      members: mem,
      offsets,
      targets,
      via,
      rOffsets: rev.offsets,
      rSources: rev.targets,
      localOf: (v) => {
        if (!local) {
          local = new Map<number, number>();
          for (let i = 0; i < k; i++) local.set(mem[i], i);
        }
        return local.get(v) ?? -1;
      },
    };
  }

  // ---- the expanded graph, on demand

  /**
   * The expanded build graph (CSR with via, and the reverse), built on first use.
   * On a real distribution this is tens of millions of edges: prefer `successors`,
   * `predecessors`, `viaOf`, `localGraph` and the layered graph.
   */
  expanded(): ExpandedEdges {
    const core = this.core;
    if (!core.expanded) core.expanded = this.expand();
    return core.expanded;
  }

  /** Expanded adjacency (built on first access; see `expanded`). */
  get offsets(): Int32Array {
    return this.expanded().offsets;
  }
  get targets(): Int32Array {
    return this.expanded().targets;
  }
  get via(): Int32Array {
    return this.expanded().via;
  }
  get rOffsets(): Int32Array {
    return this.expanded().rOffsets;
  }
  get rSources(): Int32Array {
    return this.expanded().rSources;
  }

  /** Number of build edges (counted without building the expanded graph; memoised). */
  get edgeCount(): number {
    const core = this.core;
    if (core.expanded) return core.expanded.targets.length;
    if (core.edgeCount === undefined) {
      let total = 0;
      for (let p = 0; p < this.size; p++) if (this.bdOffsets[p + 1] > this.bdOffsets[p]) total += this.collectInputs(p);
      core.edgeCount = total;
    }
    return core.edgeCount;
  }

  /** Edge id of from → to in the expanded graph, or -1 (builds the expanded graph). */
  edgeId(from: number, to: number): number {
    const x = this.expanded();
    let lo = x.offsets[from];
    let hi = x.offsets[from + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = x.targets[mid];
      if (t === to) return mid;
      if (t < to) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private expand(): ExpandedEdges {
    const n = this.size;
    const offsets = new Int32Array(n + 1);
    const CHUNK = 1 << 20;
    const tChunks: Int32Array[] = [];
    const vChunks: Int32Array[] = [];
    const lens: number[] = [];
    let tChunk = new Int32Array(0);
    let vChunk = new Int32Array(0);
    let used = 0;
    let edgeCount = 0;
    const buf = this.inputBuffer();
    for (let p = 0; p < n; p++) {
      offsets[p] = edgeCount;
      if (this.bdOffsets[p + 1] === this.bdOffsets[p]) continue;
      const count = this.collectInputs(p);
      const sorted = buf.subarray(0, count).sort();
      if (used + count > tChunk.length) {
        if (used > 0) {
          tChunks.push(tChunk);
          vChunks.push(vChunk);
          lens.push(used);
        }
        const size = Math.max(CHUNK, count);
        tChunk = new Int32Array(size);
        vChunk = new Int32Array(size);
        used = 0;
      }
      for (let m = 0; m < count; m++) {
        const r = sorted[m];
        tChunk[used] = r;
        vChunk[used] = this.inputVia(r);
        used++;
      }
      edgeCount += count;
    }
    offsets[n] = edgeCount;
    if (used > 0) {
      tChunks.push(tChunk);
      vChunks.push(vChunk);
      lens.push(used);
    }
    const targets = new Int32Array(edgeCount);
    const via = new Int32Array(edgeCount);
    for (let c = 0, at = 0; c < tChunks.length; c++) {
      targets.set(tChunks[c].subarray(0, lens[c]), at);
      via.set(vChunks[c].subarray(0, lens[c]), at);
      at += lens[c];
    }
    const rev = reverseCsr(n, offsets, targets);
    return { offsets, targets, via, rOffsets: rev.offsets, rSources: rev.targets };
  }
}

function normaliseStages(
  sets: ReadonlyArray<{ stage: number; buildDepends: readonly string[] }> | undefined,
  resolve: (set: { buildDepends: readonly string[] }, at: number) => { buildDepends: string[]; entries: Int32Array },
): StageSet[] {
  const out: StageSet[] = [];
  if (!Array.isArray(sets)) return out;
  const seen = new Set<number>();
  for (let at = 0; at < sets.length; at++) {
    const s = sets[at];
    if (!s || !Array.isArray(s.buildDepends) || !Number.isInteger(s.stage) || s.stage < 1 || seen.has(s.stage)) continue;
    seen.add(s.stage);
    const { buildDepends, entries } = resolve(s, at);
    out.push({ stage: s.stage, buildDepends, entries });
  }
  out.sort((a, b) => a.stage - b.stage);
  return out;
}

/** A stage set's entries as declared (de-duplicated, declaration order) and as node indices (ascending), by name. */
function resolveByName(indexOf: (name: string) => number) {
  return (set: { buildDepends: readonly string[] }): { buildDepends: string[]; entries: Int32Array } => {
    const buildDepends = dedupeStrings(set.buildDepends);
    return { buildDepends, entries: Int32Array.from(buildDepends.map(indexOf)).sort() };
  };
}

/** Build the graph of a set of packages. The first declaration of a name wins. */
export function buildGraph(input: readonly PackageSpec[]): BuildGraph {
  // This runs once per dependency edit, so mostly in V8's lower tiers, where
  // push-grown arrays and `for…of` iterators allocate several times what they
  // keep (at 30 000 packages, ~30 MB of garbage per edit). So: list lengths are
  // counted first, the flat lists are typed arrays of their final size, and
  // every loop is indexed.
  const count = input.length;
  let bdTotal = 0;
  let depTotal = 0;
  let stageTotal = 0;
  for (let k = 0; k < count; k++) {
    const s = input[k];
    if (!s) continue;
    if (Array.isArray(s.buildDepends)) bdTotal += s.buildDepends.length;
    if (Array.isArray(s.depends)) depTotal += s.depends.length;
    if (Array.isArray(s.bootstrap)) {
      for (let at = 0; at < s.bootstrap.length; at++) {
        const list = s.bootstrap[at]?.buildDepends;
        if (Array.isArray(list)) stageTotal += list.length;
      }
    }
  }

  // 1. Names. One pass over the specs: a parser leaves them scattered in memory,
  // so each is read once, while it is in cache. Every string is looked up once, in
  // a map of provisional ids (first-seen order); the lists are kept as flat arrays
  // of those ids, plus a copy of each list of strings.
  const specs: PackageSpec[] = [];
  const provIndex = new Map<string, number>();
  const provNames: string[] = [];
  const provDeclared = new Uint8Array(count + bdTotal + depTotal + stageTotal);
  const idOf = (x: string): number => {
    let id = provIndex.get(x);
    if (id === undefined) {
      id = provNames.length;
      provIndex.set(x, id);
      provNames.push(x);
    }
    return id;
  };
  const specProv = new Int32Array(count);
  const specPrebuilt = new Uint8Array(count);
  const specHasStages = new Uint8Array(count);
  const bdFlat = new Int32Array(bdTotal);
  const bdStart = new Int32Array(count + 1);
  const bdCopy: Array<string[] | undefined> = new Array(count);
  const depFlat = new Int32Array(depTotal);
  const depStart = new Int32Array(count + 1);
  const depCopy: Array<string[] | undefined> = new Array(count);
  let bdLength = 0;
  let depLength = 0;
  /** Ids of the strings of `list`, written into `flat` from `at`; how many. */
  const writeIds = (list: readonly unknown[], flat: Int32Array | number[], at: number): number => {
    let strings = 0;
    for (let j = 0; j < list.length; j++) {
      const x = list[j];
      if (typeof x === 'string') flat[at + strings++] = idOf(x);
    }
    return strings;
  };
  /** The list itself (a copy, unless frozen) when it holds strings only and some. */
  const copyOf = (list: readonly unknown[], strings: number): string[] | undefined =>
    // A frozen list (the analysis freezes its specs' lists) is shared, not copied.
    strings > 0 && strings === list.length ? (Object.isFrozen(list) ? list as string[] : list.slice() as string[]) : undefined;
  // Provisional ids of the stage sets' names, per set of the specs that have some.
  const stageIds: Array<Array<number[] | undefined>> = [];
  // Whether the declared names come in name order, checked while each is in cache.
  let declaredSorted = true;
  let lastDeclared: string | undefined;
  let m = 0; // specs kept
  for (let k = 0; k < count; k++) {
    const s = input[k];
    if (!s || typeof s.name !== 'string') continue;
    const id = idOf(s.name);
    if (provDeclared[id]) continue; // the first declaration wins
    provDeclared[id] = 1;
    if (lastDeclared !== undefined && !(lastDeclared < s.name)) declaredSorted = false;
    lastDeclared = s.name;
    specs.push(s);
    specProv[m] = id;
    specPrebuilt[m] = s.prebuilt === true ? 1 : 0;
    bdStart[m] = bdLength;
    if (Array.isArray(s.buildDepends)) {
      const written = writeIds(s.buildDepends, bdFlat, bdLength);
      bdLength += written;
      bdCopy[m] = copyOf(s.buildDepends, written);
    }
    depStart[m] = depLength;
    if (Array.isArray(s.depends)) {
      const written = writeIds(s.depends, depFlat, depLength);
      depLength += written;
      depCopy[m] = copyOf(s.depends, written);
    }
    const hasStages = Array.isArray(s.bootstrap) && s.bootstrap.length > 0;
    specHasStages[m] = hasStages ? 1 : 0;
    if (hasStages) {
      const lists: Array<number[] | undefined> = [];
      for (let at = 0; at < s.bootstrap.length; at++) {
        const st = s.bootstrap[at];
        const ids: number[] = [];
        if (st && Array.isArray(st.buildDepends)) writeIds(st.buildDepends, ids, 0);
        lists.push(ids);
      }
      stageIds[m] = lists;
    }
    m++;
  }
  bdStart[m] = bdLength;
  depStart[m] = depLength;
  // Node index = rank of the name (names are distinct). The declared names, in
  // declaration order, and the others are sorted apart, then merged: a document
  // usually declares its packages in name order, and then they need no sort.
  const n = provNames.length;
  const byName = (x: number, y: number): number => (x === y ? 0 : provNames[x] < provNames[y] ? -1 : 1);
  const declaredOrder = declaredSorted ? specProv.subarray(0, m) : specProv.slice(0, m).sort(byName);
  const otherOrder = new Int32Array(n - m);
  for (let id = 0, o = 0; id < n; id++) if (!provDeclared[id]) otherOrder[o++] = id;
  otherOrder.sort(byName);
  const names: string[] = new Array(n);
  const perm = new Int32Array(n);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const id =
      b >= otherOrder.length || (a < declaredOrder.length && provNames[declaredOrder[a]] < provNames[otherOrder[b]])
        ? declaredOrder[a++]
        : otherOrder[b++];
    names[i] = provNames[id];
    perm[id] = i;
  }

  const declared = new Uint8Array(n);
  const prebuilt = new Uint8Array(n);
  const buildDepends: string[][] = new Array(n);
  const depends: string[][] = new Array(n);
  const stages: StageSet[][] = new Array(n);
  const noStrings: string[] = [];
  const noStages: StageSet[] = [];
  for (let i = 0; i < n; i++) {
    buildDepends[i] = noStrings;
    depends[i] = noStrings;
    stages[i] = noStages;
  }
  // De-duplicate a flat range (first occurrence wins), giving the strings in
  // declaration order and the indices ascending.
  const seenStamp = new Int32Array(n);
  let stampCounter = 0;
  // A typed scratch list: \`array.length = 0\` drops an array's storage, and
  // re-growing it for each of 60 000 lists was most of this loop's garbage.
  const uniqBuffer = new Int32Array(n);
  let uniqLength = 0;
  const dedupeRange = (flat: ArrayLike<number>, from: number, to: number): void => {
    stampCounter++;
    uniqLength = 0;
    for (let j = from; j < to; j++) {
      const x = perm[flat[j]];
      if (seenStamp[x] !== stampCounter) {
        seenStamp[x] = stampCounter;
        uniqBuffer[uniqLength++] = x;
      }
    }
  };
  const uniqNames = (): string[] => {
    const out: string[] = new Array(uniqLength);
    for (let j = 0; j < uniqLength; j++) out[j] = names[uniqBuffer[j]];
    return out;
  };
  const dependsOffsets = new Int32Array(n + 1);
  const bdOffsets = new Int32Array(n + 1);
  const specNode = new Int32Array(m);
  const bdUniq = new Int32Array(bdLength);
  const bdUniqStart = new Int32Array(m + 1);
  const depUniq = new Int32Array(depLength);
  const depUniqStart = new Int32Array(m + 1);
  let bdUniqLength = 0;
  let depUniqLength = 0;
  for (let k = 0; k < m; k++) {
    const i = perm[specProv[k]];
    declared[i] = 1;
    prebuilt[i] = specPrebuilt[k];
    dedupeRange(bdFlat, bdStart[k], bdStart[k + 1]);
    specNode[k] = i;
    bdUniqStart[k] = bdUniqLength;
    if (uniqLength > 0) {
      // A list of distinct strings is its own de-duplicated copy.
      const copy = bdCopy[k];
      buildDepends[i] = copy && copy.length === uniqLength ? copy : uniqNames();
      for (let j = 0; j < uniqLength; j++) bdUniq[bdUniqLength++] = uniqBuffer[j];
      bdOffsets[i + 1] = uniqLength;
    }
    dedupeRange(depFlat, depStart[k], depStart[k + 1]);
    depUniqStart[k] = depUniqLength;
    if (uniqLength > 0) {
      const copy = depCopy[k];
      depends[i] = copy && copy.length === uniqLength ? copy : uniqNames();
      for (let j = 0; j < uniqLength; j++) depUniq[depUniqLength++] = uniqBuffer[j];
      dependsOffsets[i + 1] = uniqLength;
    }
    if (specHasStages[k]) {
      // The names were looked up in the pass above: de-duplicate by id.
      const lists = stageIds[k];
      stages[i] = normaliseStages(specs[k].bootstrap, (_set, at) => {
        dedupeRange(lists[at] as number[], 0, (lists[at] as number[]).length);
        return { buildDepends: uniqNames(), entries: uniqBuffer.slice(0, uniqLength).sort() };
      });
    }
  }

  bdUniqStart[m] = bdUniqLength;
  depUniqStart[m] = depUniqLength;

  // 2. build-depends and depends adjacency (CSR, ascending), their reverses, the
  // install components and their condensation.
  const toCsr = (offs: Int32Array, flat: Int32Array, starts: Int32Array): Int32Array => {
    for (let i = 0; i < n; i++) offs[i + 1] += offs[i];
    const out = new Int32Array(offs[n]);
    for (let k = 0; k < m; k++) {
      const at = offs[specNode[k]];
      const len = starts[k + 1] - starts[k];
      for (let j = 0; j < len; j++) {
        // insertion sort while copying: lists are short
        const x = flat[starts[k] + j];
        let m = at + j;
        while (m > at && out[m - 1] > x) {
          out[m] = out[m - 1];
          m--;
        }
        out[m] = x;
      }
    }
    return out;
  };
  const bdTargets = toCsr(bdOffsets, bdUniq, bdUniqStart);
  const dependsTargets = toCsr(dependsOffsets, depUniq, depUniqStart);
  const rbd = reverseCsr(n, bdOffsets, bdTargets);
  const rdep = reverseCsr(n, dependsOffsets, dependsTargets);
  const dependsScc = tarjanScc(n, dependsOffsets, dependsTargets);
  const icSucc = condensation(dependsScc, dependsOffsets, dependsTargets);
  const icPred = reverseCsr(dependsScc.count, icSucc.offsets, icSucc.targets);

  return new BuildGraph({
    names,
    provIndex,
    nodeOfProv: perm,
    declared,
    prebuilt,
    buildDepends,
    depends,
    bdOffsets,
    bdTargets,
    rbdOffsets: rbd.offsets,
    rbdSources: rbd.targets,
    dependsOffsets,
    dependsTargets,
    rdepOffsets: rdep.offsets,
    rdepSources: rdep.targets,
    stages,
    specs,
    core: {
      dependsScc,
      icSucc,
      icPred,
      closureMemo: [],
      mark: new Int32Array(Math.max(1, n)),
      markStamp: 0,
      scratch: new Int32Array(Math.max(1, n)),
    },
  });
}

/** The condensation of a graph by its SCCs: distinct successor components per component (CSR, ascending). */
function condensation(scc: SccResult, offsets: Int32Array, targets: Int32Array): Csr {
  const cOffsets = new Int32Array(scc.count + 1);
  // At most one entry per edge; typed and sorted in place (see buildGraph).
  const out = new Int32Array(targets.length);
  let length = 0;
  const stamp = new Int32Array(scc.count).fill(-1);
  for (let c = 0; c < scc.count; c++) {
    cOffsets[c] = length;
    const start = length;
    for (let k = scc.offsets[c]; k < scc.offsets[c + 1]; k++) {
      const v = scc.members[k];
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        const d = scc.compOf[targets[e]];
        if (d !== c && stamp[d] !== c) {
          stamp[d] = c;
          out[length++] = d;
        }
      }
    }
    if (length - start > 1) out.subarray(start, length).sort();
  }
  cOffsets[scc.count] = length;
  return { offsets: cOffsets, targets: out.slice(0, length) };
}

/**
 * Nodes that reach `target` in the build graph (target included), as a mask, by a
 * reverse search of the layered graph. Use with `wouldCloseCycle` when checking
 * many candidate dependencies of one package.
 */
export function ancestorsMask(graph: BuildGraph, target: number): Uint8Array {
  const n = graph.size;
  const mask = new Uint8Array(n);
  const seenInstall = new Uint8Array(n);
  mask[target] = 1;
  // build(target) is entered from install(target) only.
  const stack: number[] = [target];
  seenInstall[target] = 1;
  while (stack.length > 0) {
    const y = stack.pop() as number;
    for (let e = graph.rbdOffsets[y]; e < graph.rbdOffsets[y + 1]; e++) {
      const p = graph.rbdSources[e];
      if (mask[p]) continue;
      mask[p] = 1;
      if (!seenInstall[p]) {
        seenInstall[p] = 1;
        stack.push(p);
      }
    }
    for (let e = graph.rdepOffsets[y]; e < graph.rdepOffsets[y + 1]; e++) {
      const w = graph.rdepSources[e];
      if (!seenInstall[w]) {
        seenInstall[w] = 1;
        stack.push(w);
      }
    }
  }
  return mask;
}

/**
 * Whether adding `dependency` to build-depends(`pkg`) would close a build cycle:
 * some package in the runtime closure of `dependency` already reaches `pkg` (or is it).
 * Pass `ancestors = ancestorsMask(graph, index(pkg))` when testing many dependencies.
 */
export function wouldCloseCycle(graph: BuildGraph, pkg: string, dependency: string, ancestors?: Uint8Array): boolean {
  const p = graph.index(pkg);
  if (p < 0) return false;
  if (dependency === pkg) return true;
  const q = graph.index(dependency);
  if (q < 0) return false;
  const anc = ancestors ?? ancestorsMask(graph, p);
  const cl = graph.closureOf(q);
  for (let k = 0; k < cl.length; k++) if (anc[cl[k]]) return true;
  return false;
}
