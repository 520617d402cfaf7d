// The build graph (SPEC §1 "Packages"): an edge P → Q for every Q in
// build-depends(P), and P → R for every R in the runtime closure depends*(Q) of
// each such Q. Every node is a name. Names that are referenced but not declared
// are nodes too ("unknown"): they have no edges of their own and are never
// available. Nodes are numbered in name order (plain JavaScript string order),
// the declared names first, then the unknown ones: among declared names (every
// package, binary and member of a cycle) "lowest index" means "lowest name".
// (Unknown names last: typing one renumbers only them; graph-patch.ts.) Name
// lists that may hold both kinds are sorted by name where they are made.
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
import { binaryHas, reverseCsr, type Csr } from './csr';
import type { GraphState, InputScratch } from './graph-state';
import { normaliseStages, resolveByName, type StageSet } from './stage-sets';
import { indexPackages, type BuildGraphInit } from './graph-construction';
import { rememberGraph, type GraphPatch } from './graph-patch';
import { closureOf, closureOfSet, closuresHold, collectInputs, inputScratch } from './runtime-closures';
import { buildComponents, buildLayered, liveLayeredMask } from './layered-graph';
import { localGraphOf, type LocalGraph } from './local-graph';
import { expandGraph, type ExpandedEdges } from './expanded-graph';
import { KIND_BINARY, KIND_UNKNOWN, type BinaryLayer } from './binary-nodes';

// The names other modules import from here (the engine grew out of this one file).
export { reverseCsr, type Csr } from './csr';
export type { StageSet } from './stage-sets';
export type { LocalGraph } from './local-graph';
export type { ExpandedEdges } from './expanded-graph';
export { ancestorsMask, wouldCloseCycle } from './cycle-closing';

/** The binaries of a package that owns none (never written). */
const NO_BINARIES = new Int32Array(0);

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
  /** Node kinds (KIND_PACKAGE, KIND_BINARY, KIND_VIRTUAL, KIND_UNKNOWN; see binary-nodes.ts). */
  readonly kind: Uint8Array;
  /**
   * The node whose build installing v needs: v itself for a package or an unknown
   * name, the declaring package for a binary, -1 for a prebuilt binary or a
   * virtual name (available without a build; its dependencies still count).
   */
  readonly buildTarget: Int32Array;
  /** The package that declares a binary (a package's own index for a package), else -1. */
  readonly ownerOf: Int32Array;
  /** Per package, its binaries (`binariesOf`) as an adjacency, for loops that must not make a view per package. */
  readonly ownedOffsets: Int32Array;
  readonly ownedTargets: Int32Array;
  private readonly layer: BinaryLayer;
  /** Set when the graph was patched from the last build's (what it kept: graph-patch.ts). */
  readonly patch: GraphPatch | undefined;

  /** Name → provisional id (see buildGraph), and provisional id → node index. */
  private readonly provIndex: Map<string, number>;
  private readonly nodeOfProv: Int32Array;
  private readonly core: GraphState;

  /** Use `buildGraph(specs)`. */
  constructor(init: BuildGraphInit) {
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
    this.layer = init.layer;
    this.kind = init.layer.kind;
    this.buildTarget = init.layer.buildTarget;
    this.ownedOffsets = init.layer.ownedOffsets;
    this.ownedTargets = init.layer.ownedTargets;
    this.ownerOf = init.layer.ownerOf;
    this.patch = init.patch;
  }

  // ---- names

  /** The node of each node of this graph in `other` (-1: a name `other` does not use). */
  nodesIn(other: BuildGraph): Int32Array {
    const out = new Int32Array(this.size);
    if (other.provIndex === this.provIndex) {
      // Builds that share the name interner give a name the same provisional id.
      const mine = this.nodeOfProv;
      const theirs = other.nodeOfProv;
      out.fill(-1);
      for (let p = 0; p < mine.length; p++) if (mine[p] >= 0) out[mine[p]] = p < theirs.length ? theirs[p] : -1;
    } else for (let i = 0; i < this.size; i++) out[i] = other.index(this.names[i]);
    return out;
  }

  /** Node index of a name, or -1. */
  index(name: string): number {
    const id = this.provIndex.get(name);
    // The map is shared with later builds (see name-interner.ts): a name this graph
    // does not use has no node here.
    return id === undefined || id >= this.nodeOfProv.length ? -1 : this.nodeOfProv[id];
  }

  has(name: string): boolean {
    return this.index(name) >= 0;
  }

  /** Whether node i is a name nothing declares (not a package, binary or provided name). */
  isUnknown(i: number): boolean {
    return this.kind[i] === KIND_UNKNOWN;
  }

  /** The index of the first unknown name, `size` when there is none: unknown names are numbered after every declared one. */
  get firstUnknown(): number {
    let i = this.size;
    while (i > 0 && this.kind[i - 1] === KIND_UNKNOWN) i--;
    return i;
  }

  /** Whether node i is a binary that a package declares (not the package's namesake). */
  isBinary(i: number): boolean {
    return this.kind[i] === KIND_BINARY;
  }

  /** Whether the graph has binary or virtual nodes (some package declares binaries). */
  get hasBinaries(): boolean {
    return this.layer.hasBinaries;
  }

  /** The binary nodes of package p (other than p itself) that installing needs p built for, ascending. */
  binariesOf(p: number): Int32Array {
    const from = this.ownedOffsets[p];
    const to = this.ownedOffsets[p + 1];
    // Most packages own none: one shared empty list, no view made.
    return from === to ? NO_BINARIES : this.ownedTargets.subarray(from, to);
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
    return closureOf(this, this.core, v);
  }

  /** The union of the runtime closures of `entries` (node indices), ascending (a new array). */
  closureOfSet(entries: ArrayLike<number>): Int32Array {
    return closureOfSet(this, this.core, entries);
  }

  /**
   * Whether installing the runtime closures of `entries` needs r built: some
   * closure holds r or one of its binaries that is not prebuilt. A search of the
   * install components that builds no closure. Components are numbered
   * dependencies first, so one numbered below the targets' cannot lead to them.
   */
  closuresHold(entries: ArrayLike<number>, r: number): boolean {
    return closuresHold(this, this.core, entries, r);
  }

  /** Name-level runtime closure of a name (itself included), ascending; [] for a name not in the graph. */
  runtimeClosure(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : this.namesOf(this.closureOf(i));
  }

  /**
   * The names of nodes given ascending, in name order: the same but where
   * unknown names (numbered after the declared ones) are among them.
   */
  private namesOf(nodes: ArrayLike<number>): string[] {
    const out = Array.from(nodes, (j) => this.names[j]);
    for (let k = 1; k < out.length; k++) if (out[k - 1] > out[k]) return out.sort();
    return out;
  }

  /**
   * The build inputs of p (the union of the runtime closures of its build-depends),
   * unsorted, into an internal buffer: returns their count; `inputBuffer()` holds
   * them and `inputVia(r)` the entry that induced r (the entry itself for a direct
   * entry, else the lowest-named entry whose closure holds r). Valid until the next
   * call. `follow(c)`, when given, prunes install components (false: not entered).
   */
  collectInputs(p: number, follow?: (installComponent: number) => boolean, entries?: ArrayLike<number>): number {
    return collectInputs(this, this.core, p, follow, entries);
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
    return inputScratch(this, this.core);
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
    // Every Y whose runtime closure holds v or one of its binaries (reverse depends
    // from them), then every P listing such a Y in its build-depends.
    const core = this.core;
    const stamp = ++core.markStamp;
    const mark = core.mark;
    const stack = core.scratch;
    const seenP = new Set<number>();
    let sp = 0;
    if (this.buildTarget[v] === v) {
      stack[sp++] = v;
      mark[v] = stamp;
    }
    const owned = this.binariesOf(v);
    for (let k = 0; k < owned.length; k++) {
      stack[sp++] = owned[k];
      mark[owned[k]] = stamp;
    }
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
    const target = this.buildTarget;
    if (!this.hasBinaries) {
      if (binaryHas(this.bdTargets, to, a, b)) return to;
    } else {
      for (let k = a; k < b; k++) if (target[this.bdTargets[k]] === to) return this.bdTargets[k];
    }
    for (let k = a; k < b; k++) {
      const q = this.bdTargets[k];
      const cl = this.closureOf(q);
      if (!this.hasBinaries) {
        if (binaryHas(cl, to)) return q;
      } else {
        for (let j = 0; j < cl.length; j++) if (target[cl[j]] === to) return q;
      }
    }
    return -1;
  }

  /** Name-level: the build inputs of a package (runtime closure included), ascending. */
  buildInputs(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : this.namesOf(this.successors(i));
  }

  /** Name-level: the packages whose build needs this one, ascending. */
  dependents(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : this.namesOf(this.predecessors(i));
  }

  /** Name-level edges out of a package, with `via`, ascending by target. */
  edgesFrom(name: string): Array<{ from: string; to: string; via: string }> {
    const i = this.index(name);
    if (i < 0) return [];
    const count = this.collectInputs(i);
    const buf = this.inputBuffer();
    const targets = buf.slice(0, count).sort();
    const edges = Array.from(targets, (r) => ({ from: name, to: this.names[r], via: this.names[this.inputVia(r)] }));
    // Ascending by name: unknown names are numbered after the declared ones.
    return edges.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
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
    return cl ? this.namesOf(cl) : undefined;
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
      layer: this.layer,
    });
  }

  // ---- the layered graph, SCCs

  /** The layered graph: build P = node P, install Q = node n + Q (see the file comment). */
  layered(): Csr {
    const core = this.core;
    if (!core.layered) core.layered = buildLayered(this);
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
    const res = buildComponents(n, tarjanScc(2 * n, l.offsets, l.targets, liveLayeredMask(this, mask)));
    for (let i = 0; i < n; i++) if (!mask[i]) res.compOf[i] = -1;
    return res;
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
    return buildComponents(this.size, ls);
  }

  /**
   * Takes `mask` as this graph's cycle mask, unless it was computed: for a
   * caller that knows the cycles are another graph's (cycles-after-edit.ts).
   */
  adoptCycleMask(mask: Uint8Array): void {
    if (mask.length !== this.size) throw new Error('adoptCycleMask: one entry per node');
    this.core.inCycle ??= mask;
  }

  /** Whether the cycle mask is computed (or adopted) already. */
  get hasCycleMask(): boolean {
    return this.core.inCycle !== undefined;
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
    return localGraphOf(this, this.core, members, options);
  }

  // ---- the expanded graph, on demand

  /**
   * The expanded build graph (CSR with via, and the reverse), built on first use.
   * On a real distribution this is tens of millions of edges: prefer `successors`,
   * `predecessors`, `viaOf`, `localGraph` and the layered graph.
   */
  expanded(): ExpandedEdges {
    const core = this.core;
    if (!core.expanded) core.expanded = expandGraph(this);
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
}

/** Build the graph of a set of packages. The first declaration of a name wins. */
export function buildGraph(input: readonly PackageSpec[]): BuildGraph {
  const graph = new BuildGraph(indexPackages(input));
  rememberGraph(graph);
  return graph;
}
