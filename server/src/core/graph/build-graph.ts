// The build graph (SPEC §1 "Packages"): an edge P → Q for every Q in
// build-depends(P), and P → R for every R in the runtime closure depends*(Q) of
// each such Q. Every node is a name; nodes are numbered in name order (plain
// JavaScript string order), so "lowest index" always means "lowest name".
// Names that are referenced but not declared are nodes too ("unknown"): they
// have no edges of their own and are never available.
//
// Representation: CSR adjacency (offsets/targets, out-edges of a node sorted by
// target index) with a parallel `via` array, and the reverse adjacency.
// Runtime closures are memoised per strongly connected component of the
// `depends` graph (every member of a depends-cycle has the same closure), so
// each closure is computed once, however many packages build-depend on it.

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

/** State shared by a graph and the copies made by `withStages` (same nodes, same edges). */
interface SharedCore {
  dependsScc: SccResult;
  /** SCCs of the build graph (computed on first use; stage sets do not change them). */
  buildScc?: SccResult;
  /** 1 for nodes in a non-trivial SCC of the build graph. */
  inCycle?: Uint8Array;
  closureMemo: Array<Int32Array | undefined>;
  /** Scratch arrays for traversals (the engine is single-threaded and non-reentrant). */
  mark: Int32Array;
  markStamp: number;
  scratch: Int32Array;
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
  /** depends adjacency (CSR). */
  readonly dependsOffsets: Int32Array;
  readonly dependsTargets: Int32Array;
  /** Bootstrap sets per node, ascending by stage. */
  readonly stages: ReadonlyArray<readonly StageSet[]>;
  /** Build edges (CSR): out-edges of v are targets[offsets[v] .. offsets[v+1]), ascending. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** via[e]: the build-depends entry (node index) of the edge's source that induced edge e. */
  readonly via: Int32Array;
  /** Reverse build edges (CSR): in-edges of v come from rSources[rOffsets[v] .. rOffsets[v+1]), ascending. */
  readonly rOffsets: Int32Array;
  readonly rSources: Int32Array;
  /** The declared packages, in input order (first declaration of a name wins). */
  readonly specs: readonly PackageSpec[];

  private readonly nameIndex: Map<string, number>;
  private readonly core: SharedCore;

  /** Use `buildGraph(specs)`. */
  constructor(init: {
    names: string[];
    nameIndex: Map<string, number>;
    declared: Uint8Array;
    prebuilt: Uint8Array;
    buildDepends: string[][];
    depends: string[][];
    bdOffsets: Int32Array;
    bdTargets: Int32Array;
    dependsOffsets: Int32Array;
    dependsTargets: Int32Array;
    stages: StageSet[][];
    offsets: Int32Array;
    targets: Int32Array;
    via: Int32Array;
    rOffsets: Int32Array;
    rSources: Int32Array;
    specs: PackageSpec[];
    core: SharedCore;
  }) {
    this.size = init.names.length;
    this.names = init.names;
    this.nameIndex = init.nameIndex;
    this.declared = init.declared;
    this.prebuilt = init.prebuilt;
    this.buildDepends = init.buildDepends;
    this.depends = init.depends;
    this.bdOffsets = init.bdOffsets;
    this.bdTargets = init.bdTargets;
    this.dependsOffsets = init.dependsOffsets;
    this.dependsTargets = init.dependsTargets;
    this.stages = init.stages;
    this.offsets = init.offsets;
    this.targets = init.targets;
    this.via = init.via;
    this.rOffsets = init.rOffsets;
    this.rSources = init.rSources;
    this.specs = init.specs;
    this.core = init.core;
  }

  /** Number of build edges. */
  get edgeCount(): number {
    return this.targets.length;
  }

  /** Node index of a name, or -1. */
  index(name: string): number {
    const i = this.nameIndex.get(name);
    return i === undefined ? -1 : i;
  }

  has(name: string): boolean {
    return this.nameIndex.has(name);
  }

  /** Whether the name is a declared package. */
  isDeclared(name: string): boolean {
    const i = this.index(name);
    return i >= 0 && this.declared[i] === 1;
  }

  /** Out-neighbours (build inputs, runtime closure included), ascending. */
  successors(v: number): Int32Array {
    return this.targets.subarray(this.offsets[v], this.offsets[v + 1]);
  }

  /** The SCCs of the build graph (memoised; shared with `withStages` copies). */
  scc(): SccResult {
    const core = this.core;
    if (!core.buildScc) core.buildScc = tarjanScc(this.size, this.offsets, this.targets);
    return core.buildScc;
  }

  /** 1 for the nodes that lie on some build cycle (a non-trivial SCC of the build graph). Memoised. */
  cycleMask(): Uint8Array {
    const core = this.core;
    if (!core.inCycle) {
      const scc = this.scc();
      const mask = new Uint8Array(this.size);
      for (let c = 0; c < scc.count; c++) {
        const from = scc.offsets[c];
        const to = scc.offsets[c + 1];
        if (to - from === 1 && this.edgeId(scc.members[from], scc.members[from]) < 0) continue;
        for (let k = from; k < to; k++) mask[scc.members[k]] = 1;
      }
      core.inCycle = mask;
    }
    return core.inCycle;
  }

  /** build-depends of v as node indices, ascending. */
  directDepsOf(v: number): Int32Array {
    return this.bdTargets.subarray(this.bdOffsets[v], this.bdOffsets[v + 1]);
  }

  /** In-neighbours (packages whose build needs v), ascending. */
  predecessors(v: number): Int32Array {
    return this.rSources.subarray(this.rOffsets[v], this.rOffsets[v + 1]);
  }

  /** Edge id of from → to, or -1 (binary search). */
  edgeId(from: number, to: number): number {
    let lo = this.offsets[from];
    let hi = this.offsets[from + 1] - 1;
    const t = this.targets;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = t[mid];
      if (x === to) return mid;
      if (x < to) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The build-depends entry that induced from → to, or -1 when there is no such edge. */
  viaOf(from: number, to: number): number {
    const e = this.edgeId(from, to);
    return e < 0 ? -1 : this.via[e];
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

  /** Name-level edges out of a package, with `via`. */
  edgesFrom(name: string): Array<{ from: string; to: string; via: string }> {
    const i = this.index(name);
    if (i < 0) return [];
    const out: Array<{ from: string; to: string; via: string }> = [];
    for (let e = this.offsets[i]; e < this.offsets[i + 1]; e++) {
      out.push({ from: name, to: this.names[this.targets[e]], via: this.names[this.via[e]] });
    }
    return out;
  }

  /** The runtime closure depends*(v), v included, ascending. Memoised. */
  closureOf(v: number): Int32Array {
    const core = this.core;
    const c = core.dependsScc.compOf[v];
    const memo = core.closureMemo[c];
    if (memo) return memo;
    // Iterative DFS over the depends graph from v.
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

  /** The union of the runtime closures of `entries` (node indices), ascending. */
  closureOfSet(entries: ArrayLike<number>): Int32Array {
    if (entries.length === 1) return this.closureOf(entries[0]);
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

  /** Name-level runtime closure of a name (itself included), ascending; [] for a name not in the graph. */
  runtimeClosure(name: string): string[] {
    const i = this.index(name);
    return i < 0 ? [] : Array.from(this.closureOf(i), (j) => this.names[j]);
  }

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
      stages[v] = normaliseStages(sets, (name) => {
        const j = this.nameIndex.get(name);
        if (j === undefined) throw new Error(`withStages: ${name} is not a node of the graph`);
        return j;
      });
    }
    return new BuildGraph({
      names: this.names as string[],
      nameIndex: this.nameIndex,
      declared: this.declared,
      prebuilt: this.prebuilt,
      buildDepends: this.buildDepends as string[][],
      depends: this.depends as string[][],
      bdOffsets: this.bdOffsets,
      bdTargets: this.bdTargets,
      dependsOffsets: this.dependsOffsets,
      dependsTargets: this.dependsTargets,
      stages,
      offsets: this.offsets,
      targets: this.targets,
      via: this.via,
      rOffsets: this.rOffsets,
      rSources: this.rSources,
      specs: this.specs as PackageSpec[],
      core: this.core,
    });
  }

  /** @internal scratch arrays for traversals. */
  scratchMark(): { mark: Int32Array; next: () => number } {
    const core = this.core;
    return { mark: core.mark, next: () => ++core.markStamp };
  }
}

function normaliseStages(
  sets: ReadonlyArray<{ stage: number; buildDepends: readonly string[] }> | undefined,
  indexOf: (name: string) => number,
): StageSet[] {
  const out: StageSet[] = [];
  if (!Array.isArray(sets)) return out;
  const seen = new Set<number>();
  for (const s of sets) {
    if (!s || !Number.isInteger(s.stage) || s.stage < 1 || seen.has(s.stage)) continue;
    seen.add(s.stage);
    const buildDepends = dedupeStrings(s.buildDepends);
    const entries = Int32Array.from(buildDepends.map(indexOf)).sort();
    out.push({ stage: s.stage, buildDepends, entries });
  }
  out.sort((a, b) => a.stage - b.stage);
  return out;
}

/** Build the graph of a set of packages. The first declaration of a name wins. */
export function buildGraph(input: readonly PackageSpec[]): BuildGraph {
  // 1. Names. Every string is looked up once, in a map of provisional ids (first
  // seen order); the lists are kept as flat arrays of those ids.
  const specs: PackageSpec[] = [];
  const nameIndex = new Map<string, number>();
  const provNames: string[] = [];
  const provDeclared: number[] = [];
  const idOf = (x: string): number => {
    let id = nameIndex.get(x);
    if (id === undefined) {
      id = provNames.length;
      nameIndex.set(x, id);
      provNames.push(x);
      provDeclared.push(0);
    }
    return id;
  };
  const specProv: number[] = [];
  const bdFlat: number[] = [];
  const bdStart: number[] = [];
  const depFlat: number[] = [];
  const depStart: number[] = [];
  const pushList = (list: unknown, flat: number[]): void => {
    if (!Array.isArray(list)) return;
    for (const x of list) if (typeof x === 'string') flat.push(idOf(x));
  };
  for (const s of input) {
    if (!s || typeof s.name !== 'string') continue;
    const id = idOf(s.name);
    if (provDeclared[id]) continue;
    provDeclared[id] = 1;
    specs.push(s);
    specProv.push(id);
    bdStart.push(bdFlat.length);
    pushList(s.buildDepends, bdFlat);
    depStart.push(depFlat.length);
    pushList(s.depends, depFlat);
    if (Array.isArray(s.bootstrap)) for (const st of s.bootstrap) if (st) pushList(st.buildDepends, []);
  }
  bdStart.push(bdFlat.length);
  depStart.push(depFlat.length);
  const names = provNames.slice().sort();
  const n = names.length;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[nameIndex.get(names[i]) as number] = i;
  for (let i = 0; i < n; i++) nameIndex.set(names[i], i);
  const indexOf = (x: string): number => nameIndex.get(x) as number;

  const declared = new Uint8Array(n);
  const prebuilt = new Uint8Array(n);
  const buildDepends: string[][] = new Array(n);
  const depends: string[][] = new Array(n);
  const stages: StageSet[][] = new Array(n);
  const empty = new Int32Array(0);
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
  const uniq: number[] = [];
  const dedupeRange = (flat: number[], from: number, to: number): void => {
    stampCounter++;
    uniq.length = 0;
    for (let j = from; j < to; j++) {
      const x = perm[flat[j]];
      if (seenStamp[x] !== stampCounter) {
        seenStamp[x] = stampCounter;
        uniq.push(x);
      }
    }
  };
  const dependsOffsets = new Int32Array(n + 1);
  const bdOffsets = new Int32Array(n + 1);
  const specNode = new Int32Array(specs.length);
  const bdUniq: number[] = [];
  const bdUniqStart: number[] = [];
  const depUniq: number[] = [];
  const depUniqStart: number[] = [];
  for (let k = 0; k < specs.length; k++) {
    const s = specs[k];
    const i = perm[specProv[k]];
    declared[i] = 1;
    prebuilt[i] = s.prebuilt === true ? 1 : 0;
    dedupeRange(bdFlat, bdStart[k], bdStart[k + 1]);
    specNode[k] = i;
    bdUniqStart.push(bdUniq.length);
    if (uniq.length > 0) {
      buildDepends[i] = uniq.map((x) => names[x]);
      for (const x of uniq) bdUniq.push(x);
      bdOffsets[i + 1] = uniq.length;
    }
    dedupeRange(depFlat, depStart[k], depStart[k + 1]);
    depUniqStart.push(depUniq.length);
    if (uniq.length > 0) {
      depends[i] = uniq.map((x) => names[x]);
      for (const x of uniq) depUniq.push(x);
      dependsOffsets[i + 1] = uniq.length;
    }
    if (Array.isArray(s.bootstrap) && s.bootstrap.length > 0) stages[i] = normaliseStages(s.bootstrap, indexOf);
  }

  bdUniqStart.push(bdUniq.length);
  depUniqStart.push(depUniq.length);

  // 2. build-depends and depends adjacency (CSR, ascending), the SCCs of depends.
  const toCsr = (offs: Int32Array, flat: number[], starts: number[]): Int32Array => {
    for (let i = 0; i < n; i++) offs[i + 1] += offs[i];
    const out = new Int32Array(offs[n]);
    for (let k = 0; k < specs.length; k++) {
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
  const core: SharedCore = {
    dependsScc: tarjanScc(n, dependsOffsets, dependsTargets),
    closureMemo: [],
    mark: new Int32Array(n),
    markStamp: 0,
    scratch: new Int32Array(Math.max(1, n)),
  };

  // 3. Build edges. For each package, one iterative DFS over the depends graph from
  // its entries in name order, with a per-package stamp: every node of the union of
  // the closures is reached once, from the lowest-named entry whose closure holds it.
  // The union is collected in a bitset when it is large (scanning the words yields
  // it ascending) and sorted directly when it is small.
  const offsets = new Int32Array(n + 1);
  const CHUNK = 1 << 20;
  const tChunks: Int32Array[] = [];
  const vChunks: Int32Array[] = [];
  const chunkLens: number[] = [];
  let tChunk = new Int32Array(0);
  let vChunk = new Int32Array(0);
  let chunkUsed = 0;
  let edgeCount = 0;
  const seen = new Int32Array(n);
  const assigned = new Int32Array(n);
  const viaTmp = new Int32Array(n);
  const stack = new Int32Array(Math.max(1, n));
  const tmp = new Int32Array(Math.max(1, n));
  const words = (n + 31) >>> 5;
  const bits = new Int32Array(words + 1);
  const rCount = new Int32Array(n + 1);
  let stamp = 0;
  for (let p = 0; p < n; p++) {
    offsets[p] = edgeCount;
    const dFrom = bdOffsets[p];
    const dTo = bdOffsets[p + 1];
    if (dFrom === dTo) continue;
    stamp++;
    let count = 0;
    // Direct entries are their own via.
    for (let k = dFrom; k < dTo; k++) {
      const q = bdTargets[k];
      assigned[q] = stamp;
      viaTmp[q] = q;
      tmp[count++] = q;
    }
    // Closure edges: via the lowest-named entry whose closure contains R.
    for (let k = dFrom; k < dTo; k++) {
      const q = bdTargets[k];
      if (seen[q] === stamp) continue; // its closure was covered by a lower entry
      seen[q] = stamp;
      let sp = 0;
      stack[sp++] = q;
      while (sp > 0) {
        const u = stack[--sp];
        if (assigned[u] !== stamp) {
          assigned[u] = stamp;
          viaTmp[u] = q;
          tmp[count++] = u;
        }
        for (let e = dependsOffsets[u], end = dependsOffsets[u + 1]; e < end; e++) {
          const w = dependsTargets[e];
          if (seen[w] !== stamp) {
            seen[w] = stamp;
            stack[sp++] = w;
          }
        }
      }
    }
    if (chunkUsed + count > tChunk.length) {
      if (chunkUsed > 0) {
        tChunks.push(tChunk);
        vChunks.push(vChunk);
        chunkLens.push(chunkUsed);
      }
      const size = Math.max(CHUNK, count);
      tChunk = new Int32Array(size);
      vChunk = new Int32Array(size);
      chunkUsed = 0;
    }
    if (count >= 48 && words <= count * 8) {
      for (let m = 0; m < count; m++) {
        const r = tmp[m];
        bits[r >>> 5] |= 1 << (r & 31);
      }
      for (let w = 0; w < words; w++) {
        let x = bits[w];
        if (x === 0) continue;
        bits[w] = 0;
        const base = w << 5;
        while (x !== 0) {
          const low = x & -x;
          const r = base + (31 - Math.clz32(low));
          x ^= low;
          tChunk[chunkUsed] = r;
          vChunk[chunkUsed] = viaTmp[r];
          chunkUsed++;
          rCount[r + 1]++;
        }
      }
    } else {
      const sorted = count > 1 ? tmp.subarray(0, count).sort() : tmp;
      for (let m = 0; m < count; m++) {
        const r = sorted[m];
        tChunk[chunkUsed] = r;
        vChunk[chunkUsed] = viaTmp[r];
        chunkUsed++;
        rCount[r + 1]++;
      }
    }
    edgeCount += count;
  }
  offsets[n] = edgeCount;
  if (chunkUsed > 0) {
    tChunks.push(tChunk);
    vChunks.push(vChunk);
    chunkLens.push(chunkUsed);
  }
  const targets = new Int32Array(edgeCount);
  const via = new Int32Array(edgeCount);
  for (let c = 0, at = 0; c < tChunks.length; c++) {
    targets.set(tChunks[c].subarray(0, chunkLens[c]), at);
    via.set(vChunks[c].subarray(0, chunkLens[c]), at);
    at += chunkLens[c];
    tChunks[c] = vChunks[c] = new Int32Array(0); // release
  }
  tChunk = vChunk = new Int32Array(0);

  // 4. Reverse adjacency by counting sort (sources come out ascending).
  const rOffsets = rCount;
  for (let i = 0; i < n; i++) rOffsets[i + 1] += rOffsets[i];
  const rSources = new Int32Array(edgeCount);
  {
    const fill = rOffsets.slice(0, n);
    for (let p = 0; p < n; p++) {
      for (let e = offsets[p], end = offsets[p + 1]; e < end; e++) rSources[fill[targets[e]]++] = p;
    }
  }

  return new BuildGraph({
    names,
    nameIndex,
    declared,
    prebuilt,
    buildDepends,
    depends,
    bdOffsets,
    bdTargets,
    dependsOffsets,
    dependsTargets,
    stages,
    offsets,
    targets,
    via,
    rOffsets,
    rSources,
    specs,
    core,
  });
}

/**
 * Nodes that reach `target` in the build graph (target included), as a mask.
 * Use with `wouldCloseCycle` when checking many candidate dependencies of one package.
 */
export function ancestorsMask(graph: BuildGraph, target: number): Uint8Array {
  const mask = new Uint8Array(graph.size);
  const stack: number[] = [target];
  mask[target] = 1;
  while (stack.length > 0) {
    const u = stack.pop() as number;
    for (let e = graph.rOffsets[u]; e < graph.rOffsets[u + 1]; e++) {
      const w = graph.rSources[e];
      if (!mask[w]) {
        mask[w] = 1;
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
