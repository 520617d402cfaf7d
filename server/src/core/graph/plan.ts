// The bootstrap plan (SPEC §3).
//
// 1. Bootstrap phase. Prebuilt packages start available (as bootstrap builds).
//    Repeat: every package without a full build whose full build inputs (with
//    runtime closure) are all available in some form is built fully, all
//    together, as one wave. When none can: build ONE package that has no full
//    build, at a stage N it has not been built at yet, whose stage-N set (with
//    runtime closure) is available — lowest N first, then lowest name — as a
//    wave of its own; then try full builds again. Stop when nothing can be built.
//    Counters of missing inputs per package and per stage set (Kahn style) make
//    this linear in the number of edges (plus a heap for the stage choice).
// 2. Taint. A build is tainted when it used a bootstrap build (stage-N or
//    prebuilt), directly or through tainted builds; a build in wave w uses, for
//    each input, the latest build of it before w (full if one exists, else the
//    latest bootstrap build). Rebuild phase: every package whose full build is
//    tainted, and every prebuilt package that got a full build, is rebuilt once,
//    in dependency order: the condensation of the build graph in topological
//    order, dependencies first, ready components by lowest member name, members
//    of a component alphabetically.
// 3. Report: waves, rebuilds (with the bootstrap builds each washes out),
//    stuck packages with a reason, unused stages, coverage, and a per-package
//    lookup.

import type { BuildGraph } from './build-graph';
import { IntHeap } from './heap';
import { buildGraphScc, componentMembers, isNonTrivial } from './scc';
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
  buildPkg: number[];
  buildKind: number[];
  buildStage: number[];
  buildWave: number[];
  buildTainted: Uint8Array;
  /** Inputs of stage builds (the stage closure used); undefined for other kinds. */
  buildInputs: Array<Int32Array | undefined>;
  /** Latest build of each node (-1 none) and, per build, the previous build of the same package. */
  latestBuild: Int32Array;
  prevBuild: number[];
  /** Full-build id of each node, -1 none. */
  fullBuild: Int32Array;
  /** The waves as node lists: full waves ascending; a stage wave is [pkg] with waveStage set. */
  waveNodes: number[][];
  /** 0 for a full wave, N for a stage-N wave. */
  waveStage: number[];
  /** @internal final counters: unavailable full-build inputs per node, unavailable members per stage entry. */
  missing: Int32Array;
  seOwner: number[];
  seMissing: Int32Array;
  /** @internal stage entries by member that was unavailable at the start (CSR). */
  seByNodeOff: Int32Array;
  seByNode: Int32Array;
}

/**
 * Run the bootstrap phase only (no report). Used by the plan and by planFixAll,
 * which only needs availability and full builds.
 */
export function runBootstrapPhase(graph: BuildGraph, options: PlanOptions = {}): BootstrapState {
  const n = graph.size;
  const assume = options.assumeUnknownAvailable === true;
  const { declared, prebuilt, offsets, targets, rOffsets, rSources } = graph;
  const avail = new Uint8Array(n);
  const fullWave = new Int32Array(n).fill(-1);
  const fullBuild = new Int32Array(n).fill(-1);
  const latestBuild = new Int32Array(n).fill(-1);
  const buildPkg: number[] = [];
  const buildKind: number[] = [];
  const buildStage: number[] = [];
  const buildWave: number[] = [];
  const taintList: number[] = [];
  const buildInputs: Array<Int32Array | undefined> = [];
  const prevBuild: number[] = [];
  const waveNodes: number[][] = [];
  const waveStage: number[] = [];

  const addBuild = (p: number, kind: number, stage: number, wave: number, tainted: boolean, inputs?: Int32Array): number => {
    const id = buildPkg.length;
    buildPkg.push(p);
    buildKind.push(kind);
    buildStage.push(stage);
    buildWave.push(wave);
    taintList.push(tainted ? 1 : 0);
    buildInputs.push(inputs);
    prevBuild.push(latestBuild[p]);
    latestBuild[p] = id;
    if (kind === KIND_FULL) fullBuild[p] = id;
    return id;
  };
  /** Whether a build using these inputs (latest builds, as they are now) is tainted. */
  const taintedBy = (inputs: ArrayLike<number>, from: number, to: number): boolean => {
    for (let e = from; e < to; e++) {
      const b = latestBuild[inputs[e]];
      if (b < 0) continue; // an unknown name assumed available
      if (buildKind[b] !== KIND_FULL || taintList[b] === 1) return true;
    }
    return false;
  };

  for (let i = 0; i < n; i++) {
    if (!declared[i]) {
      if (assume) avail[i] = 1;
    } else if (prebuilt[i]) {
      avail[i] = 1;
      addBuild(i, KIND_PREBUILT, 0, 0, false);
    }
  }

  // Missing-input counters for full builds.
  const missing = new Int32Array(n);
  let ready: number[] = [];
  for (let p = 0; p < n; p++) {
    if (!declared[p]) continue;
    let c = 0;
    for (let e = offsets[p]; e < offsets[p + 1]; e++) if (!avail[targets[e]]) c++;
    missing[p] = c;
    if (c === 0) ready.push(p);
  }

  // Stage entries: one per declared (package, stage), with counters and a reverse index.
  const sePkg: number[] = [];
  const seStage: number[] = [];
  const seClosure: Int32Array[] = [];
  for (let p = 0; p < n; p++) {
    if (!declared[p]) continue;
    for (const s of graph.stages[p]) {
      sePkg.push(p);
      seStage.push(s.stage);
      seClosure.push(graph.closureOfSet(s.entries));
    }
  }
  const seCount = sePkg.length;
  const seMissing = new Int32Array(seCount);
  const seDone = new Uint8Array(seCount);
  const seByNodeOff = new Int32Array(n + 1);
  for (let s = 0; s < seCount; s++) {
    const cl = seClosure[s];
    let c = 0;
    for (let k = 0; k < cl.length; k++) {
      if (!avail[cl[k]]) {
        c++;
        seByNodeOff[cl[k] + 1]++;
      }
    }
    seMissing[s] = c;
  }
  for (let i = 0; i < n; i++) seByNodeOff[i + 1] += seByNodeOff[i];
  const seByNode = new Int32Array(seByNodeOff[n]);
  {
    const fill = seByNodeOff.slice(0, n);
    for (let s = 0; s < seCount; s++) {
      const cl = seClosure[s];
      for (let k = 0; k < cl.length; k++) if (!avail[cl[k]]) seByNode[fill[cl[k]]++] = s;
    }
  }
  const heap = new IntHeap((a, b) => seStage[a] < seStage[b] || (seStage[a] === seStage[b] && sePkg[a] < sePkg[b]));
  for (let s = 0; s < seCount; s++) if (seMissing[s] === 0) heap.push(s);

  const becameAvailable = (r: number): void => {
    avail[r] = 1;
    for (let e = rOffsets[r]; e < rOffsets[r + 1]; e++) {
      const x = rSources[e];
      if (--missing[x] === 0 && fullWave[x] < 0) ready.push(x);
    }
    for (let e = seByNodeOff[r]; e < seByNodeOff[r + 1]; e++) {
      const s = seByNode[e];
      if (--seMissing[s] === 0) heap.push(s);
    }
  };

  let wave = 0;
  for (;;) {
    if (ready.length > 0) {
      wave++;
      const batch = ready.sort((a, b) => a - b);
      ready = [];
      // Everything in a wave uses the builds that existed before it.
      const taints = batch.map((p) => taintedBy(targets, offsets[p], offsets[p + 1]));
      for (let k = 0; k < batch.length; k++) {
        fullWave[batch[k]] = wave;
        addBuild(batch[k], KIND_FULL, 0, wave, taints[k]);
      }
      for (const p of batch) if (!avail[p]) becameAvailable(p);
      waveNodes.push(batch);
      waveStage.push(0);
      continue;
    }
    let chosen = -1;
    while (heap.size > 0) {
      const s = heap.pop() as number;
      if (seDone[s] || fullWave[sePkg[s]] >= 0) continue;
      chosen = s;
      break;
    }
    if (chosen < 0) break;
    wave++;
    seDone[chosen] = 1;
    const p = sePkg[chosen];
    const cl = seClosure[chosen];
    const tainted = taintedBy(cl, 0, cl.length);
    addBuild(p, KIND_STAGE, seStage[chosen], wave, tainted, cl);
    if (!avail[p]) becameAvailable(p);
    waveNodes.push([p]);
    waveStage.push(seStage[chosen]);
  }

  return {
    graph,
    assumeUnknownAvailable: assume,
    avail,
    fullWave,
    waveCount: wave,
    buildPkg,
    buildKind,
    buildStage,
    buildWave,
    buildTainted: Uint8Array.from(taintList),
    buildInputs,
    latestBuild,
    prevBuild,
    fullBuild,
    waveNodes,
    waveStage,
    missing,
    seOwner: sePkg,
    seMissing,
    seByNodeOff,
    seByNode,
  };
}

/**
 * Availability at the end of the bootstrap phase had `extra` names (e.g. the unknown
 * ones) been available too: the Kahn propagation continued from the final counters,
 * which gives the same fixpoint as a new run (the fixpoint does not depend on the
 * build order), in time proportional to what changes.
 */
export function availabilityWith(s: BootstrapState, extra: ArrayLike<number>): Uint8Array {
  const g = s.graph;
  const avail = s.avail.slice();
  const missing = s.missing.slice();
  const seMissing = s.seMissing.slice();
  const queue: number[] = [];
  const mark = (v: number): void => {
    if (avail[v]) return;
    avail[v] = 1;
    queue.push(v);
  };
  for (let k = 0; k < extra.length; k++) mark(extra[k]);
  while (queue.length > 0) {
    const r = queue.pop() as number;
    for (let e = g.rOffsets[r]; e < g.rOffsets[r + 1]; e++) {
      const x = g.rSources[e];
      if (--missing[x] === 0 && g.declared[x]) mark(x);
    }
    for (let e = s.seByNodeOff[r]; e < s.seByNodeOff[r + 1]; e++) {
      const se = s.seByNode[e];
      if (--seMissing[se] === 0) mark(s.seOwner[se]);
    }
  }
  return avail;
}

/** Identifier of a bootstrap build: `gcc@prebuilt`, `gcc@stage1`. */
export function bootstrapBuildId(name: string, kind: 'prebuilt' | number): string {
  return kind === 'prebuilt' ? `${name}@prebuilt` : `${name}@stage${kind}`;
}

/** The result of `computePlan`. Data fields serialise with JSON.stringify; the graph and lookups are methods. */
export class BootstrapPlan {
  readonly waves: Wave[];
  readonly rebuilds: RebuildEntry[];
  /** Declared packages never built fully, by name. */
  readonly stuck: StuckEntry[];
  /** Declared bootstrap stages the plan never builds, by package then stage. */
  readonly unusedStages: UnusedStage[];
  readonly coverage: Coverage;
  /** Declared prebuilt packages, by name. */
  readonly prebuilt: string[];

  readonly #state: BootstrapState;
  readonly #rebuildPos: Int32Array;
  readonly #stuckOf: Map<number, StuckEntry>;
  readonly #washMemo = new Map<number, string[]>();

  constructor(state: BootstrapState) {
    this.#state = state;
    const g = state.graph;
    const n = g.size;
    const names = g.names;

    this.waves = state.waveNodes.map((nodes, k): Wave => {
      const stage = state.waveStage[k];
      const builds: WaveBuild[] =
        stage === 0
          ? nodes.map((p) => ({ package: names[p], kind: 'full' as const }))
          : [{ package: names[nodes[0]], kind: 'stage', stage }];
      return { index: k + 1, builds };
    });

    this.prebuilt = [];
    let total = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (!g.declared[i]) continue;
      total++;
      if (state.fullWave[i] >= 0) count++;
      if (g.prebuilt[i]) this.prebuilt.push(names[i]);
    }
    this.coverage = { count, total, percent: total === 0 ? 100 : (100 * count) / total };

    // Unused stages.
    const usedStages = new Set<string>();
    for (let b = 0; b < state.buildPkg.length; b++) {
      if (state.buildKind[b] === KIND_STAGE) usedStages.add(`${state.buildPkg[b]}:${state.buildStage[b]}`);
    }
    this.unusedStages = [];
    for (let i = 0; i < n; i++) {
      if (!g.declared[i]) continue;
      for (const s of g.stages[i]) {
        if (!usedStages.has(`${i}:${s.stage}`)) this.unusedStages.push({ package: names[i], stage: s.stage });
      }
    }

    this.#stuckOf = computeStuck(state);
    this.stuck = Array.from(this.#stuckOf.keys())
      .sort((a, b) => a - b)
      .map((i) => this.#stuckOf.get(i) as StuckEntry);

    this.#rebuildPos = new Int32Array(n);
    this.rebuilds = computeRebuilds(state, this.#rebuildPos).map((p, k) => {
      const entry = { package: names[p], position: k + 1 } as RebuildEntry;
      Object.defineProperty(entry, 'washesOut', {
        enumerable: true,
        get: () => this.#washesOutOf(p),
      });
      return entry;
    });
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
    return i >= 0 && this.#stuckOf.has(i);
  }

  stuckEntry(name: string): StuckEntry | null {
    const i = this.#state.graph.index(name);
    return (i >= 0 && this.#stuckOf.get(i)) || null;
  }

  /**
   * The bootstrap builds washed out by the rebuild of `name` (see RebuildEntry);
   * [] when the package is not rebuilt.
   */
  washesOut(name: string): string[] {
    const i = this.#state.graph.index(name);
    if (i < 0 || this.#rebuildPos[i] === 0) return [];
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
    return {
      name,
      declared: g.declared[i] === 1,
      prebuilt: g.prebuilt[i] === 1,
      fullBuildWave: s.fullWave[i] >= 0 ? s.fullWave[i] : null,
      stageBuilds,
      tainted: fb >= 0 && s.buildTainted[fb] === 1,
      rebuildPosition: this.#rebuildPos[i] > 0 ? this.#rebuildPos[i] : null,
      stuck: this.#stuckOf.get(i) ?? null,
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
    let inputs: ArrayLike<number>;
    let from: number;
    let to: number;
    if (kind === KIND_FULL) {
      const q = s.buildPkg[b];
      inputs = g.targets;
      from = g.offsets[q];
      to = g.offsets[q + 1];
    } else {
      inputs = s.buildInputs[b] as Int32Array;
      from = 0;
      to = inputs.length;
    }
    for (let e = from; e < to; e++) {
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

/** Rebuilt packages in rebuild order; fills `pos` (1-based, 0 = not rebuilt). */
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
  const scc = g.scc();
  const { compOf } = scc;
  // Kahn on the condensation, dependencies first; ready components by lowest member.
  const pendingDeps = new Int32Array(scc.count);
  for (let v = 0; v < n; v++) {
    const cv = compOf[v];
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) if (compOf[g.targets[e]] !== cv) pendingDeps[cv]++;
  }
  const lowest = (c: number): number => scc.members[scc.offsets[c]];
  const heap = new IntHeap((a, b) => lowest(a) < lowest(b));
  for (let c = 0; c < scc.count; c++) if (pendingDeps[c] === 0) heap.push(c);
  const order: number[] = [];
  while (heap.size > 0) {
    const c = heap.pop() as number;
    const mem = componentMembers(scc, c);
    for (let k = 0; k < mem.length; k++) {
      const v = mem[k];
      if (wanted[v]) {
        order.push(v);
        pos[v] = order.length;
      }
    }
    for (let k = 0; k < mem.length; k++) {
      const v = mem[k];
      for (let e = g.rOffsets[v]; e < g.rOffsets[v + 1]; e++) {
        const cx = compOf[g.rSources[e]];
        if (cx !== c && --pendingDeps[cx] === 0) heap.push(cx);
      }
    }
  }
  return order;
}

/**
 * Stuck packages (declared, never built fully) with their reasons:
 * - `unknown-dependency`: its full build needs unknown names; or it is caught in a
 *   loop that only stays closed because its own bootstrap sets need unknown names;
 * - `cycle`: a member of an unbroken cycle: a non-trivial SCC of the packages that
 *   never become available in any form, even when unknown names are assumed
 *   available (exactly the unbroken SCCs `analyzeCycles` reports). A loop with a
 *   member that got a bootstrap build is broken, even if a stuck dependency keeps
 *   its members from full builds;
 * - `depends-on-stuck`: otherwise; blockedBy lists its inputs that never became available.
 */
function computeStuck(s: BootstrapState): Map<number, StuckEntry> {
  const g = s.graph;
  const n = g.size;
  const names = g.names;
  const out = new Map<number, StuckEntry>();
  const mask = new Uint8Array(n);
  const unavailable = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (g.declared[i] && s.fullWave[i] < 0) {
      mask[i] = 1;
      any = true;
      if (!s.avail[i]) unavailable[i] = 1;
    }
  }
  if (!any) return out;
  const cycleOf = stuckCycles(g, unavailable);
  // Loops that unknown names keep closed are not unbroken cycles: classify with the
  // plan that assumes unknown names available.
  let trueCycleOf = cycleOf;
  if (!s.assumeUnknownAvailable && cycleOf.size > 0) {
    const unknown: number[] = [];
    for (let i = 0; i < n; i++) if (!g.declared[i]) unknown.push(i);
    if (unknown.length > 0) {
      const altAvail = availabilityWith(s, unknown);
      const altMask = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (g.declared[i] && !altAvail[i]) altMask[i] = 1;
      trueCycleOf = stuckCycles(g, altMask);
    }
  }
  for (let p = 0; p < n; p++) {
    if (!mask[p]) continue;
    const unknown: string[] = [];
    const blockedBy: string[] = [];
    for (let e = g.offsets[p]; e < g.offsets[p + 1]; e++) {
      const t = g.targets[e];
      if (s.avail[t]) continue;
      if (!g.declared[t]) unknown.push(names[t]);
      else blockedBy.push(names[t]);
    }
    const name = names[p];
    const cyc = trueCycleOf.get(p);
    if (unknown.length > 0) {
      out.set(p, { package: name, reason: 'unknown-dependency', unknown });
      continue;
    }
    if (cyc) {
      out.set(p, { package: name, reason: 'cycle', cycle: cyc });
      continue;
    }
    if (cycleOf.has(p)) {
      const stageUnknown = new Set<number>();
      for (const st of g.stages[p]) {
        const cl = g.closureOfSet(st.entries);
        for (let k = 0; k < cl.length; k++) if (!g.declared[cl[k]] && !s.avail[cl[k]]) stageUnknown.add(cl[k]);
      }
      if (stageUnknown.size > 0) {
        const unk = Array.from(stageUnknown).sort((a, b) => a - b).map((i) => names[i]);
        out.set(p, { package: name, reason: 'unknown-dependency', unknown: unk });
        continue;
      }
    }
    out.set(p, { package: name, reason: 'depends-on-stuck', blockedBy });
  }
  return out;
}

/** Members of the non-trivial SCCs of the subgraph induced by `mask`, each mapped to its SCC (sorted names). */
function stuckCycles(g: BuildGraph, mask: Uint8Array): Map<number, string[]> {
  const scc = buildGraphScc(g, mask);
  const cycleOf = new Map<number, string[]>();
  for (let c = 0; c < scc.count; c++) {
    if (!isNonTrivial(scc, c, g.offsets, g.targets)) continue;
    const mem = componentMembers(scc, c);
    const memNames = Array.from(mem, (i) => g.names[i]);
    for (let k = 0; k < mem.length; k++) cycleOf.set(mem[k], memNames);
  }
  return cycleOf;
}

/** The bootstrap plan of a build graph (SPEC §3). */
export function computePlan(graph: BuildGraph, options: PlanOptions = {}): BootstrapPlan {
  return new BootstrapPlan(runBootstrapPhase(graph, options));
}
