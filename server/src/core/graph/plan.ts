// The bootstrap plan (SPEC §3).
//
// 1. Bootstrap phase. Prebuilt packages start available (as bootstrap builds).
//    Repeat: every package without a full build whose full build inputs (with
//    runtime closure) are all available in some form is built fully, all
//    together, as one wave. When none can: build ONE package that has no full
//    build, at a stage N it has not been built at yet, whose stage-N set (with
//    runtime closure) is available — lowest N first, then lowest name — as a
//    wave of its own; then try full builds again. Stop when nothing can be built.
//    The counters live on install components (availability.ts), so the phase is
//    linear in the size of the compact graph, never in the expanded closure edges.
// 2. Taint. A build is tainted when it used a bootstrap build (stage-N or
//    prebuilt), directly or through tainted builds; a build in wave w uses, for
//    each input, the latest build of it before w (full if one exists, else the
//    latest bootstrap build). Whether the runtime closure of an entry holds a
//    "tainting" package (no untainted full build yet) is kept as a counter per
//    install component, updated when a package gets an untainted full build.
//    Rebuild phase: every package whose full build is tainted, and every prebuilt
//    package that got a full build, is rebuilt once, in dependency order: the
//    condensation of the build graph in topological order, dependencies first,
//    ready components by lowest member name, members of a component
//    alphabetically.
// 3. Report: waves, rebuilds (with the bootstrap builds each washes out),
//    stuck packages with a reason, unused stages, coverage, and a per-package
//    lookup.

import { scratchInt32, scratchUint8 } from './scratch';
import type { BuildGraph } from './build-graph';
import { AvailabilityFixpoint, startingKahn, type InstallKahn } from './availability';
import { IntHeap, MinIntHeap } from './heap';
import { KIND_BINARY } from './binary-nodes';
import { carriedBootstrapPhase } from './carried-phase';
import { ofPatchedFrom } from './graph-patch';
import { buildGraphScc, componentMembers, isNonTrivial, type SccResult } from './scc';
import type {
  Coverage,
  PackagePlanInfo,
  PlanOptions,
  RebuildEntry,
  StuckEntry,
  UnusedStage,
  Wave,
  WaveBuild,
} from './types';

export const KIND_PREBUILT = 0;
export const KIND_STAGE = 1;
export const KIND_FULL = 2;

/** The raw outcome of the bootstrap phase, on node indices. */
export interface BootstrapState {
  graph: BuildGraph;
  assumeUnknownAvailable: boolean;
  /** 1 when available at the end (in any form; unknown names too when assumed available). */
  avail: Uint8Array;
  /** Wave of the full build, -1 when never built fully. */
  fullWave: Int32Array;
  /** Number of waves. */
  waveCount: number;
  /** Builds, chronological: package, kind, stage (0 unless a stage build), wave (0 for prebuilt), tainted. */
  buildPkg: Int32Array;
  buildKind: Int32Array;
  buildStage: Int32Array;
  buildWave: Int32Array;
  buildTainted: Uint8Array;
  /** Entries of stage builds (the stage set used, node indices); undefined for other kinds. */
  buildInputs: Array<Int32Array | undefined>;
  /** Latest build of each node (-1 none) and, per build, the previous build of the same package. */
  latestBuild: Int32Array;
  prevBuild: Int32Array;
  /** Full-build id of each node, -1 none. */
  fullBuild: Int32Array;
  /** The waves as node lists: full waves ascending; a stage wave is [pkg] with waveStage set. */
  waveNodes: number[][];
  /** 0 for a full wave, N for a stage-N wave. */
  waveStage: number[];
  /** @internal the final counters, to continue from (see `availabilityWith`); a carried state makes them when first read. */
  kahn: InstallKahn;
  /**
   * @internal per install component, the wave in which it became installable
   * (0: before any build, -1: never), and the wave in which the last tainting
   * package of its runtime closure got an untainted full build (0: none at the
   * start, -1: never): what carries the run over an edit (carried-phase.ts).
   */
  installWave: Int32Array;
  untaintWave: Int32Array;
  /** @internal results derived from this state, computed once (shared by copies that differ only in the flag). */
  derived?: { unavailableScc?: SccResult; rebuilds?: { order: number[]; pos: Int32Array } };
}

/** Per graph, the taint counters before any build (see runBootstrapPhase); never handed out. */
const taintByGraph = new WeakMap<BuildGraph, Int32Array>();

/**
 * The taint counters before any build, per install component: a copy of the
 * graph's (both runs of the bootstrap phase start from them on every edit). A
 * graph patched with the same depends side (graph.patch) takes the counters
 * of the components it kept from the graph it was patched from: they depend on
 * the depends side, the kinds and `prebuilt` alone, which the patch kept.
 */
function startingTaint(graph: BuildGraph): Int32Array {
  let start = taintByGraph.get(graph);
  if (!start) {
    const dscc = graph.installScc;
    const succ = graph.installSucc;
    const { declared, kind, buildTarget } = graph;
    start = new Int32Array(dscc.count);
    const before = ofPatchedFrom(graph, taintByGraph);
    const kept = before && graph.patch ? graph.patch.keptComponents : 0;
    if (before) start.set(before.subarray(0, kept));
    for (let c = kept; c < dscc.count; c++) {
      let t = 0;
      // (A binary taints with its package, unless prebuilt: taken as it is.)
      for (let k = dscc.offsets[c]; k < dscc.offsets[c + 1]; k++) {
        const v = dscc.members[k];
        if ((declared[v] || kind[v] === KIND_BINARY) && buildTarget[v] >= 0) t++;
      }
      for (let e = succ.offsets[c]; e < succ.offsets[c + 1]; e++) if (start[succ.targets[e]] > 0) t++;
      start[c] = t;
    }
    taintByGraph.set(graph, start);
  }
  return start.slice();
}

/**
 * Run the bootstrap phase only (no report). Used by the plan and by the cycle
 * analysis.
 */
export function runBootstrapPhase(graph: BuildGraph, options: PlanOptions = {}): BootstrapState {
  const n = graph.size;
  const assume = options.assumeUnknownAvailable === true;
  const { declared, prebuilt, bdOffsets, bdTargets } = graph;
  const comp = graph.installComp;
  const pred = graph.installPred;
  const kahn = startingKahn(graph, assume);
  const avail = kahn.avail;
  const fullWave = new Int32Array(n).fill(-1);
  const fullBuild = new Int32Array(n).fill(-1);
  const latestBuild = new Int32Array(n).fill(-1);
  // The builds, in scratch arrays of their greatest possible length (a
  // prebuilt and a full build per package, one build per stage set), copied
  // out at their size at the end: this runs once per dependency edit, and
  // push-grown arrays left several times their size in garbage.
  const capacity = 2 * n + kahn.seOwner.length;
  const buildPkg = scratchInt32('plan.buildPkg', capacity);
  const buildKind = scratchInt32('plan.buildKind', capacity);
  const buildStage = scratchInt32('plan.buildStage', capacity);
  const buildWave = scratchInt32('plan.buildWave', capacity);
  const buildTainted = scratchUint8('plan.buildTainted', capacity);
  const prevBuild = scratchInt32('plan.prevBuild', capacity);
  // Only stage builds have inputs: a sparse array.
  const buildInputs: Array<Int32Array | undefined> = [];
  let builds = 0;
  const waveNodes: number[][] = [];
  const waveStage: number[] = [];

  const addBuild = (p: number, kind: number, stage: number, wave: number, tainted: boolean, inputs?: Int32Array): number => {
    const id = builds++;
    buildPkg[id] = p;
    buildKind[id] = kind;
    buildStage[id] = stage;
    buildWave[id] = wave;
    buildTainted[id] = tainted ? 1 : 0;
    if (inputs) buildInputs[id] = inputs;
    prevBuild[id] = latestBuild[p];
    latestBuild[p] = id;
    if (kind === KIND_FULL) fullBuild[p] = id;
    return id;
  };

  // Taint counters. A declared package is "tainting" until it has an untainted full
  // build (before that its latest build, if any, is a bootstrap or tainted one);
  // unknown names never are (they have no build). tcount[c] counts the tainting
  // members of install component c plus its successor components with tcount > 0,
  // so tcount[c] > 0 exactly when the runtime closure of c holds a tainting package.
  const tcount = startingTaint(graph);
  const components = tcount.length;
  const installWave = new Int32Array(components);
  const untaintWave = new Int32Array(components);
  for (let c = 0; c < components; c++) {
    installWave[c] = kahn.installable[c] ? 0 : -1;
    untaintWave[c] = tcount[c] === 0 ? 0 : -1;
  }
  kahn.installedAt = installWave;
  let wave = 0;
  const stack: number[] = []; // re-used: untaint runs once per package
  // (Its binaries read from the adjacency itself: a view per build was most of the run's garbage.)
  const { ownedOffsets, ownedTargets } = graph;
  const untaint = (p: number): void => {
    for (let k = ownedOffsets[p]; k < ownedOffsets[p + 1]; k++) untaintNode(ownedTargets[k]);
    if (graph.buildTarget[p] >= 0) untaintNode(p);
  };
  const untaintNode = (p: number): void => {
    const c0 = comp[p];
    if (--tcount[c0] !== 0) return;
    untaintWave[c0] = wave;
    stack.push(c0);
    while (stack.length > 0) {
      const c = stack.pop() as number;
      for (let e = pred.offsets[c]; e < pred.offsets[c + 1]; e++) {
        const d = pred.targets[e];
        if (--tcount[d] === 0) {
          untaintWave[d] = wave;
          stack.push(d);
        }
      }
    }
  };
  const taintedEntries = (entries: ArrayLike<number>, from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (tcount[comp[entries[k]]] > 0) return true;
    return false;
  };

  for (let i = 0; i < n; i++) if (declared[i] && prebuilt[i]) addBuild(i, KIND_PREBUILT, 0, 0, false);

  let ready: number[] = [];
  for (let p = 0; p < n; p++) if (declared[p] && kahn.fullMissing[p] === 0) ready.push(p);
  const { seOwner, seStage, seEntries } = kahn;
  const heap = new IntHeap((a, b) => seStage[a] < seStage[b] || (seStage[a] === seStage[b] && seOwner[a] < seOwner[b]));
  for (let se = 0; se < seOwner.length; se++) if (kahn.seMissing[se] === 0) heap.push(se);
  kahn.onFullReady = (p) => {
    if (declared[p] && fullWave[p] < 0) ready.push(p);
  };
  kahn.onStageReady = (se) => heap.push(se);
  const seDone = new Uint8Array(seOwner.length);

  for (;;) {
    if (ready.length > 0) {
      kahn.wave = ++wave;
      const batch = sortAscending(ready);
      ready = [];
      // Everything in a wave uses the builds that existed before it.
      const taints = new Uint8Array(batch.length);
      for (let k = 0; k < batch.length; k++) taints[k] = taintedEntries(bdTargets, bdOffsets[batch[k]], bdOffsets[batch[k] + 1]) ? 1 : 0;
      for (let k = 0; k < batch.length; k++) {
        fullWave[batch[k]] = wave;
        addBuild(batch[k], KIND_FULL, 0, wave, taints[k] === 1);
      }
      for (let k = 0; k < batch.length; k++) if (!taints[k]) untaint(batch[k]);
      for (let k = 0; k < batch.length; k++) kahn.makeAvailable(batch[k]);
      waveNodes.push(batch);
      waveStage.push(0);
      continue;
    }
    let chosen = -1;
    while (heap.size > 0) {
      const se = heap.pop() as number;
      if (seDone[se] || fullWave[seOwner[se]] >= 0) continue;
      chosen = se;
      break;
    }
    if (chosen < 0) break;
    kahn.wave = ++wave;
    seDone[chosen] = 1;
    const p = seOwner[chosen];
    const entries = seEntries[chosen];
    const tainted = taintedEntries(entries, 0, entries.length);
    addBuild(p, KIND_STAGE, seStage[chosen], wave, tainted, entries);
    kahn.makeAvailable(p);
    waveNodes.push([p]);
    waveStage.push(seStage[chosen]);
  }
  kahn.onFullReady = () => {};
  kahn.onStageReady = () => {};
  kahn.installedAt = undefined;

  return {
    graph,
    assumeUnknownAvailable: assume,
    avail,
    fullWave,
    waveCount: wave,
    buildPkg: buildPkg.slice(0, builds),
    buildKind: buildKind.slice(0, builds),
    buildStage: buildStage.slice(0, builds),
    buildWave: buildWave.slice(0, builds),
    buildTainted: buildTainted.slice(0, builds),
    buildInputs,
    latestBuild,
    prevBuild: prevBuild.slice(0, builds),
    fullBuild,
    waveNodes,
    waveStage,
    kahn,
    installWave,
    untaintWave,
  };
}

/** Sorts a list of node indices ascending, in place (faster than a comparator sort). */
function sortAscending(list: number[]): number[] {
  const len = list.length;
  if (len <= 16) {
    for (let i = 1; i < len; i++) {
      const x = list[i];
      let j = i - 1;
      while (j >= 0 && list[j] > x) {
        list[j + 1] = list[j];
        j--;
      }
      list[j + 1] = x;
    }
    return list;
  }
  let ascending = true;
  for (let i = 1; i < len && ascending; i++) if (list[i - 1] > list[i]) ascending = false;
  if (ascending) return list; // e.g. the first wave, collected in index order
  const sorted = Int32Array.from(list).sort();
  for (let i = 0; i < len; i++) list[i] = sorted[i];
  return list;
}

/**
 * Availability at the end of the bootstrap phase had `extra` names (e.g. the unknown
 * ones) been available too: the propagation continued from the final counters,
 * which gives the same fixpoint as a new run (the fixpoint does not depend on the
 * build order), in time proportional to what changes.
 */
export function availabilityWith(s: BootstrapState, extra: ArrayLike<number>): Uint8Array {
  const fp = new AvailabilityFixpoint(s.graph, s.assumeUnknownAvailable, s.kahn);
  fp.makeAvailable(extra);
  return fp.avail;
}

/** Identifier of a bootstrap build: `gcc@prebuilt`, `gcc@stage1`. */
export function bootstrapBuildId(name: string, kind: 'prebuilt' | number): string {
  return kind === 'prebuilt' ? `${name}@prebuilt` : `${name}@stage${kind}`;
}

/**
 * Defines `key` on `target` as an own enumerable property computed on first read
 * (and then replaced by a plain data property), so that JSON.stringify,
 * Object.keys and deepEqual see it exactly as they would see a field.
 */
function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

/**
 * The result of `computePlan`. Data fields serialise with JSON.stringify; the graph and lookups are methods.
 * The report fields are computed on first read: a check per keystroke reads only
 * `unusedStages`, and hover or inlay hints one package's `info` at a time.
 */
export class BootstrapPlan {
  declare readonly waves: Wave[];
  declare readonly rebuilds: RebuildEntry[];
  /** Declared packages never built fully, by name. */
  declare readonly stuck: StuckEntry[];
  /** Declared bootstrap stages the plan never builds, by package then stage. */
  declare readonly unusedStages: UnusedStage[];
  declare readonly coverage: Coverage;
  /** Declared prebuilt packages, by name. */
  declare readonly prebuilt: string[];

  readonly #state: BootstrapState;
  /** Stuck entry of each node (undefined: not stuck) and the entries by name; on first use. */
  #stuckMemo: { of: Array<StuckEntry | undefined>; list: StuckEntry[] } | undefined;
  readonly #washMemo = new Map<number, string[]>();

  constructor(state: BootstrapState) {
    this.#state = state;
    const g = state.graph;
    const n = g.size;
    const names = g.names;

    defineLazy(this, 'waves', () =>
      state.waveNodes.map((nodes, k): Wave => {
        const stage = state.waveStage[k];
        const builds: WaveBuild[] =
          stage === 0
            ? nodes.map((p) => ({ package: names[p], kind: 'full' as const }))
            : [{ package: names[nodes[0]], kind: 'stage', stage }];
        return { index: k + 1, builds };
      }),
    );
    defineLazy(this, 'rebuilds', () => {
      // `washesOut` is an own enumerable getter (JSON.stringify includes it). One
      // getter shared by all entries keeps them fast objects of one shape (a
      // closure per entry made defining them about 7× slower): it finds the package by name.
      const plan = this;
      const washesOut: PropertyDescriptor = {
        enumerable: true,
        get(this: RebuildEntry): string[] {
          return plan.#washesOutOf(g.index(this.package));
        },
      };
      return this.#rebuilds().order.map((p, k) => {
        const entry = { package: names[p], position: k + 1 };
        Object.defineProperty(entry, 'washesOut', washesOut);
        return entry as RebuildEntry;
      });
    });
    defineLazy(this, 'stuck', () => this.#stuck().list);
    defineLazy(this, 'unusedStages', () => {
      const unused: UnusedStage[] = [];
      for (let i = 0; i < n; i++) {
        if (!g.declared[i]) continue;
        for (const s of g.stages[i]) if (!stageBuilt(state, i, s.stage)) unused.push({ package: names[i], stage: s.stage });
      }
      return unused;
    });
    defineLazy(this, 'coverage', () => {
      let total = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (!g.declared[i]) continue;
        total++;
        if (state.fullWave[i] >= 0) count++;
      }
      return { count, total, percent: total === 0 ? 100 : (100 * count) / total };
    });
    defineLazy(this, 'prebuilt', () => {
      const prebuilt: string[] = [];
      for (let i = 0; i < n; i++) if (g.declared[i] && g.prebuilt[i]) prebuilt.push(names[i]);
      return prebuilt;
    });
  }

  /** The rebuild order and positions: derived from the state alone, so shared by the plans of one run. */
  #rebuilds(): { order: number[]; pos: Int32Array } {
    const derived = (this.#state.derived ??= {});
    if (!derived.rebuilds) {
      const pos = new Int32Array(this.#state.graph.size);
      derived.rebuilds = { order: computeRebuilds(this.#state, pos), pos };
    }
    return derived.rebuilds;
  }

  #stuck(): { of: Array<StuckEntry | undefined>; list: StuckEntry[] } {
    if (!this.#stuckMemo) {
      const of: Array<StuckEntry | undefined> = new Array(this.#state.graph.size);
      this.#stuckMemo = { of, list: computeStuck(this.#state, of) };
    }
    return this.#stuckMemo;
  }

  /** The build graph the plan ran on. */
  get graph(): BuildGraph {
    return this.#state.graph;
  }

  /** The raw bootstrap-phase state (node-indexed arrays). */
  get state(): BootstrapState {
    return this.#state;
  }

  get assumeUnknownAvailable(): boolean {
    return this.#state.assumeUnknownAvailable;
  }

  /** Whether node i is available at the end of the bootstrap phase (in any form). */
  isAvailable(i: number): boolean {
    return this.#state.avail[i] === 1;
  }

  /** Wave of the full build of node i, or -1. */
  fullBuildWaveOf(i: number): number {
    return this.#state.fullWave[i];
  }

  /** Whether the declared package is stuck (never built fully). */
  isStuck(name: string): boolean {
    const i = this.#state.graph.index(name);
    return i >= 0 && this.#stuck().of[i] !== undefined;
  }

  stuckEntry(name: string): StuckEntry | null {
    const i = this.#state.graph.index(name);
    return (i >= 0 && this.#stuck().of[i]) || null;
  }

  /**
   * The bootstrap builds washed out by the rebuild of `name` (see RebuildEntry);
   * [] when the package is not rebuilt.
   */
  washesOut(name: string): string[] {
    const i = this.#state.graph.index(name);
    if (i < 0 || this.#rebuilds().pos[i] === 0) return [];
    return this.#washesOutOf(i);
  }

  /** Per-package lookup for hover and inlay hints; undefined for a name not in the graph. */
  info(name: string): PackagePlanInfo | undefined {
    const s = this.#state;
    const g = s.graph;
    const i = g.index(name);
    if (i < 0) return undefined;
    const stageBuilds: PackagePlanInfo['stageBuilds'] = [];
    const used = new Set<number>();
    for (let b = s.latestBuild[i]; b >= 0; b = s.prevBuild[b]) {
      if (s.buildKind[b] === KIND_STAGE) {
        stageBuilds.push({ stage: s.buildStage[b], wave: s.buildWave[b], tainted: s.buildTainted[b] === 1 });
        used.add(s.buildStage[b]);
      }
    }
    stageBuilds.reverse();
    const fb = s.fullBuild[i];
    const rebuildPos = this.#rebuilds().pos;
    return {
      name,
      declared: g.declared[i] === 1,
      prebuilt: g.prebuilt[i] === 1,
      fullBuildWave: s.fullWave[i] >= 0 ? s.fullWave[i] : null,
      stageBuilds,
      tainted: fb >= 0 && s.buildTainted[fb] === 1,
      rebuildPosition: rebuildPos[i] > 0 ? rebuildPos[i] : null,
      stuck: this.#stuck().of[i] ?? null,
      unusedStages: g.declared[i] ? g.stages[i].filter((st) => !used.has(st.stage)).map((st) => st.stage) : [],
    };
  }

  #washesOutOf(p: number): string[] {
    const memo = this.#washMemo.get(p);
    if (memo) return memo;
    const result = washesOut(this.#state, p);
    this.#washMemo.set(p, result);
    return result;
  }
}

/** Whether package p had a stage-`stage` build. */
function stageBuilt(s: BootstrapState, p: number, stage: number): boolean {
  for (let b = s.latestBuild[p]; b >= 0; b = s.prevBuild[b]) if (s.buildKind[b] === KIND_STAGE && s.buildStage[b] === stage) return true;
  return false;
}

/** The latest build of node r made before wave w, or -1. */
function latestBefore(s: BootstrapState, r: number, w: number): number {
  let b = s.latestBuild[r];
  while (b >= 0 && s.buildWave[b] >= w) b = s.prevBuild[b];
  return b;
}

/** Bootstrap builds (ids) the full build of p was tainted by, transitively, plus p@prebuilt for a prebuilt p. */
function washesOut(s: BootstrapState, p: number): string[] {
  const g = s.graph;
  const found = new Set<number>();
  const visited = new Set<number>();
  const start = s.fullBuild[p];
  const stack: number[] = [];
  if (start >= 0) {
    stack.push(start);
    visited.add(start);
  }
  if (g.prebuilt[p]) {
    let b = s.latestBuild[p];
    while (b >= 0 && s.buildKind[b] !== KIND_PREBUILT) b = s.prevBuild[b];
    if (b >= 0) found.add(b);
  }
  while (stack.length > 0) {
    const b = stack.pop() as number;
    const w = s.buildWave[b];
    const kind = s.buildKind[b];
    if (kind === KIND_PREBUILT) continue;
    // The inputs: the runtime closure of the entries (build-depends, or the stage set).
    const count =
      kind === KIND_FULL ? g.collectInputs(s.buildPkg[b]) : g.collectInputs(-1, undefined, s.buildInputs[b] as Int32Array);
    const inputs = g.inputBuffer().slice(0, count);
    for (let e = 0; e < count; e++) {
      const ib = latestBefore(s, inputs[e], w);
      if (ib < 0) continue;
      const ik = s.buildKind[ib];
      if (ik === KIND_FULL && s.buildTainted[ib] === 0) continue;
      if (ik !== KIND_FULL) found.add(ib);
      if (!visited.has(ib)) {
        visited.add(ib);
        stack.push(ib);
      }
    }
  }
  const ids = Array.from(found).sort((a, b) => {
    const pa = s.buildPkg[a];
    const pb = s.buildPkg[b];
    if (pa !== pb) return pa - pb;
    const ka = s.buildKind[a] === KIND_PREBUILT ? 0 : s.buildStage[a];
    const kb = s.buildKind[b] === KIND_PREBUILT ? 0 : s.buildStage[b];
    return ka - kb;
  });
  return ids.map((b) =>
    bootstrapBuildId(g.names[s.buildPkg[b]], s.buildKind[b] === KIND_PREBUILT ? 'prebuilt' : s.buildStage[b]),
  );
}

/**
 * Rebuilt packages in rebuild order; fills `pos` (1-based, 0 = not rebuilt).
 * Kahn on the condensation of the layered graph, which orders the build graph's
 * SCCs exactly like its own condensation when components without build nodes are
 * passed through at once: a component with build nodes becomes ready when every
 * build SCC it reaches through install nodes only — its successors in the build
 * graph's condensation — is done. Ready ones go by lowest member.
 */
function computeRebuilds(s: BootstrapState, pos: Int32Array): number[] {
  const g = s.graph;
  const n = g.size;
  const wanted = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const fb = s.fullBuild[i];
    if (fb >= 0 && (s.buildTainted[fb] === 1 || g.prebuilt[i])) {
      wanted[i] = 1;
      any = true;
    }
  }
  if (!any) return [];
  const ls = g.layeredScc();
  const l = g.layered();
  const lr = g.layeredReverse();
  const { compOf, offsets: memberOffsets, members } = ls;
  const pending = new Int32Array(ls.count);
  const N = 2 * n;
  for (let v = 0; v < N; v++) {
    const cv = compOf[v];
    for (let e = l.offsets[v], end = l.offsets[v + 1]; e < end; e++) if (compOf[l.targets[e]] !== cv) pending[cv]++;
  }
  // Ready components with build nodes wait in a heap keyed by their lowest member
  // (a build node, unique to the component: compOf gives the component back).
  const heap = new MinIntHeap(1024);
  const passThrough: number[] = [];
  const enqueue = (c: number): void => {
    const lowest = members[memberOffsets[c]];
    if (lowest < n) heap.push(lowest);
    else passThrough.push(c);
  };
  for (let c = 0; c < ls.count; c++) if (pending[c] === 0) enqueue(c);
  const order: number[] = [];
  while (passThrough.length > 0 || heap.size > 0) {
    const c = passThrough.length > 0 ? (passThrough.pop() as number) : compOf[heap.pop()];
    const from = memberOffsets[c];
    const to = memberOffsets[c + 1];
    for (let k = from; k < to; k++) {
      const v = members[k];
      if (v < n && wanted[v]) {
        order.push(v);
        pos[v] = order.length;
      }
    }
    for (let k = from; k < to; k++) {
      const v = members[k];
      for (let e = lr.offsets[v], end = lr.offsets[v + 1]; e < end; e++) {
        const cx = compOf[lr.targets[e]];
        if (cx !== c && --pending[cx] === 0) enqueue(cx);
      }
    }
  }
  return order;
}

/**
 * Stuck packages (declared, never built fully) with their reasons:
 * - `unknown-dependency`: its full build needs unknown names (in its build-depends
 *   or their runtime closures); or it is caught in a loop that only stays closed
 *   because its own bootstrap sets need unknown names;
 * - `cycle`: a member of an unbroken cycle: a non-trivial SCC of the packages that
 *   never become available in any form, even when unknown names are assumed
 *   available (exactly the unbroken SCCs `analyzeCycles` reports). A loop with a
 *   member that got a bootstrap build is broken, even if a stuck dependency keeps
 *   its members from full builds;
 * - `depends-on-stuck`: otherwise; blockedBy lists the nearest unavailable packages
 *   among its inputs: its unavailable build-depends entries, and the unavailable
 *   packages reached through the runtime closures of its available entries (not
 *   looking past an unavailable package).
 */
function computeStuck(s: BootstrapState, out: Array<StuckEntry | undefined>): StuckEntry[] {
  const g = s.graph;
  const n = g.size;
  const names = g.names;
  const list: StuckEntry[] = [];
  const set = (p: number, entry: StuckEntry): void => {
    out[p] = entry;
    list.push(entry);
  };
  const mask = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (g.declared[i] && s.fullWave[i] < 0) {
      mask[i] = 1;
      any = true;
    }
  }
  if (!any) return list;
  // The unavailable packages (a subset of the stuck ones: a full build makes a package available).
  const cycleOf = stuckCycles(g, unavailableScc(s));
  const unknownNodes: number[] = [];
  for (let i = g.firstUnknown; i < n; i++) if (!s.avail[i]) unknownNodes.push(i);
  // Loops that unknown names keep closed are not unbroken cycles: classify with the
  // availability that assumes unknown names available.
  let trueCycleOf = cycleOf;
  if (cycleOf.size > 0 && unknownNodes.length > 0) {
    const altAvail = availabilityWith(s, unknownNodes);
    const altMask = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (g.declared[i] && !altAvail[i]) altMask[i] = 1;
    trueCycleOf = stuckCycles(g, altMask);
  }
  // Install components whose runtime closure holds an unavailable unknown name.
  const dscc = g.installScc;
  const succ = g.installSucc;
  const comp = g.installComp;
  const unk = new Uint8Array(dscc.count);
  if (unknownNodes.length > 0) {
    for (let c = 0; c < dscc.count; c++) {
      let u = 0;
      for (let k = dscc.offsets[c]; k < dscc.offsets[c + 1] && !u; k++) {
        const v = dscc.members[k];
        if (g.isUnknown(v) && !s.avail[v]) u = 1;
      }
      for (let e = succ.offsets[c]; e < succ.offsets[c + 1] && !u; e++) if (unk[succ.targets[e]]) u = 1;
      unk[c] = u;
    }
  }
  const followUnknown = (c: number): boolean => unk[c] === 1;
  const unknownInputs = (p: number, entries?: Int32Array): string[] => {
    const count = g.collectInputs(p, followUnknown, entries);
    const buf = g.inputBuffer();
    const found: number[] = [];
    for (let k = 0; k < count; k++) if (g.isUnknown(buf[k]) && !s.avail[buf[k]]) found.push(buf[k]);
    return found.sort((a, b) => a - b).map((i) => names[i]);
  };
  const hasUnknown = (entries: ArrayLike<number>, from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (unk[comp[entries[k]]]) return true;
    return false;
  };
  // Frontier search for blockedBy (on demand).
  let mark: Int32Array | undefined;
  let stamp = 0;
  const installable = s.kahn.installable;
  const blockers = (p: number): string[] => {
    if (!mark) mark = new Int32Array(n);
    stamp++;
    const found: number[] = [];
    const stack: number[] = [];
    for (let k = g.bdOffsets[p]; k < g.bdOffsets[p + 1]; k++) {
      const q = g.bdTargets[k];
      if (installable[comp[q]] || mark[q] === stamp) continue;
      mark[q] = stamp;
      stack.push(q);
    }
    while (stack.length > 0) {
      const u = stack.pop() as number;
      if (!s.avail[u] && g.buildTarget[u] >= 0) {
        found.push(u);
        continue;
      }
      for (let e = g.dependsOffsets[u]; e < g.dependsOffsets[u + 1]; e++) {
        const w = g.dependsTargets[e];
        if (mark[w] === stamp || installable[comp[w]]) continue;
        mark[w] = stamp;
        stack.push(w);
      }
    }
    // By name (unknown names are numbered after the declared ones).
    return found.map((i) => names[i]).sort();
  };

  // blockedBy is computed on first read (an enumerable getter, memoised): on a
  // large archive most packages can be stuck, and few of these lists are read.
  // One getter shared by all entries keeps them fast objects of one shape (a
  // closure per entry made defining them about 7× slower): it finds the package by name.
  const blockedByMemo = new Map<number, string[]>();
  const blockedBy: PropertyDescriptor = {
    enumerable: true,
    get(this: StuckEntry): string[] {
      const p = g.index(this.package);
      let list = blockedByMemo.get(p);
      if (!list) blockedByMemo.set(p, (list = blockers(p)));
      return list;
    },
  };
  for (let p = 0; p < n; p++) {
    if (!mask[p]) continue;
    const name = names[p];
    if (hasUnknown(g.bdTargets, g.bdOffsets[p], g.bdOffsets[p + 1])) {
      set(p, { package: name, reason: 'unknown-dependency', unknown: unknownInputs(p) });
      continue;
    }
    const cyc = trueCycleOf.get(p);
    if (cyc) {
      set(p, { package: name, reason: 'cycle', cycle: cyc });
      continue;
    }
    if (cycleOf.has(p)) {
      const stageUnknown = new Set<string>();
      for (const st of g.stages[p]) {
        if (hasUnknown(st.entries, 0, st.entries.length)) for (const x of unknownInputs(-1, st.entries)) stageUnknown.add(x);
      }
      if (stageUnknown.size > 0) {
        const unk2 = Array.from(stageUnknown).sort();
        set(p, { package: name, reason: 'unknown-dependency', unknown: unk2 });
        continue;
      }
    }
    const entry = { package: name, reason: 'depends-on-stuck' } as StuckEntry & { blockedBy: string[] };
    Object.defineProperty(entry, 'blockedBy', blockedBy);
    set(p, entry);
  }
  return list;
}

/** Members of the non-trivial SCCs of the subgraph induced by `mask`, each mapped to its SCC (sorted names). */
function stuckCycles(g: BuildGraph, maskOrScc: Uint8Array | SccResult): Map<number, string[]> {
  const scc = maskOrScc instanceof Uint8Array ? buildGraphScc(g, maskOrScc) : maskOrScc;
  const cycleOf = new Map<number, string[]>();
  for (let c = 0; c < scc.count; c++) {
    if (!isNonTrivial(scc, c)) continue;
    const mem = componentMembers(scc, c);
    const memNames = Array.from(mem, (i) => g.names[i]);
    for (let k = 0; k < mem.length; k++) cycleOf.set(mem[k], memNames);
  }
  return cycleOf;
}

/**
 * SCCs of the subgraph induced by the declared packages never available in any
 * form (see `buildGraphScc` for what a masked result holds): the unbroken cycles.
 * Computed once per state; the plan's stuck report and the cycle analysis share it.
 */
export function unavailableScc(s: BootstrapState): SccResult {
  const derived = (s.derived ??= {});
  if (!derived.unavailableScc) {
    const g = s.graph;
    const mask = new Uint8Array(g.size);
    for (let i = 0; i < g.size; i++) if (g.declared[i] && !s.avail[i]) mask[i] = 1;
    derived.unavailableScc = buildGraphScc(g, mask);
  }
  return derived.unavailableScc;
}

/**
 * Bootstrap phases already run, per graph: the language server asks for the plan
 * and for the cycle analysis (which runs the phase with unknown names assumed
 * available) of the same graph on every edit. A graph without unknown names gives
 * the same run either way, so then both share one (as copies differing only in
 * `assumeUnknownAvailable`). States are read-only once built.
 */
const phaseCache = new WeakMap<BuildGraph, { plain?: BootstrapState; assumed?: BootstrapState }>();

/** `runBootstrapPhase`, run at most once per graph and assumption (see `phaseCache`), or carried over from the graph it was patched from (carried-phase.ts). */
export function sharedBootstrapPhase(graph: BuildGraph, options: PlanOptions = {}): BootstrapState {
  const assume = options.assumeUnknownAvailable === true;
  let cached = phaseCache.get(graph);
  if (!cached) phaseCache.set(graph, (cached = {}));
  const hit = assume ? cached.assumed : cached.plain;
  if (hit) return hit;
  const other = assume ? cached.plain : cached.assumed;
  let state: BootstrapState;
  if (other && graph.firstUnknown === graph.size) {
    if (!other.derived) other.derived = {};
    // (A copy of its properties as they are: a carried state's final count stays on demand.)
    state = Object.defineProperties({}, Object.getOwnPropertyDescriptors(other)) as BootstrapState;
    state.assumeUnknownAvailable = assume;
  } else {
    // A patched graph: the run on the graph it came from, when the edit left it as it was.
    const before = ofPatchedFrom(graph, phaseCache);
    const run = before && (assume ? before.assumed : before.plain);
    state = (run && carriedBootstrapPhase(graph, run)) ?? runBootstrapPhase(graph, { assumeUnknownAvailable: assume });
  }
  if (assume) cached.assumed = state;
  else cached.plain = state;
  return state;
}

/** The bootstrap plan of a build graph (SPEC §3). */
export function computePlan(graph: BuildGraph, options: PlanOptions = {}): BootstrapPlan {
  return new BootstrapPlan(sharedBootstrapPhase(graph, options));
}
