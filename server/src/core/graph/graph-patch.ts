// The last build's graph, patched where an edit changed a few entries. Typing
// in a dependency list changes one package's lists; every other entry, list and
// name is the last build's. A build from the specs walks every entry (Debian's
// binary-level archive: 250 000, ~0.2 s per edit); a patch copies the arrays,
// replacing the changed rows, and renumbers the nodes when the edit brought a
// name no list held or left one no list holds. Such a name is an unknown one
// (the entries keep their names), and unknown names are numbered after the
// declared ones: only the nodes from the first one that moves are mapped, the
// tables below it copied whole. It gives exactly the graph a build from the
// specs gives (test/graph/graph-patch.test.js), and records what it kept
// (`GraphPatch`) for state derived from the graph that can be patched too.

import type { PackageSpec } from './types';
import type { BuildGraphInit } from './graph-construction';
import type { BuildGraph } from './build-graph';
import { binaryHas, sameSequence, sortedIndexOf, type Csr } from './csr';
import { scratchInt32 } from './scratch';
import { dependsSide, dependsSideKept, dependsSideRenumbered, type DependsSide } from './depends-side';
import { dedupeStrings, normaliseStages, type StageSet } from './stage-sets';
import { dependsAsDeclared, KIND_PACKAGE, KIND_UNKNOWN, type BinaryLayer, type ExpandedInput } from './binary-nodes';
import type { NameInterner } from './name-interner';
import { graphStateOf } from './graph-state';

/** A build, with what a patch of it needs besides the graph. */
export interface BuiltEntries {
  /** The plain entries the graph was built from (the expanded input with binaries). */
  entries: readonly PackageSpec[];
  expanded: ExpandedInput | undefined;
  /** The graph's tables; not its state memoised on demand (the layered graph, the expanded one…), which lives with the graph. */
  init: Omit<BuildGraphInit, 'core'>;
  side: DependsSide;
  interner: NameInterner;
  /** Interned id of each node. */
  provOfNode: Int32Array;
  /** Per node: the position of the entry that declares it (the first), -1 for an unknown name. */
  firstAt: Int32Array;
  /** Per entry: its package's index in `init.specs`, -1 for none. */
  specAt: Int32Array;
  /** Per node: how many bootstrap lists of declaring entries name it (every set, kept or not). */
  stageRefs: Int32Array;
  /** Nodes that are entries' names: the first ones; unknown names follow (graph-construction.ts). */
  namedNodes: number;
  /** The graph made of this build (held weakly: its memoised state is not the patch's to keep). */
  graph?: WeakRef<BuildGraph>;
}

/** What a patched graph kept of the graph it was patched from. */
export interface GraphPatch {
  from: WeakRef<BuildGraph>;
  /** Nodes below this keep their numbers (all the entries' names). */
  keptNodes: number;
  /** Install components below this keep their numbers and members; the others are single unknown names without edges. */
  keptComponents: number;
  /** The packages whose lists changed (build-depends, bootstrap sets; not depends, not `prebuilt`). */
  changed: Int32Array;
}

/**
 * What `cache` holds for the graph `graph` was patched from: undefined when
 * `graph` is no patch, or that graph is gone. (State derived per graph — the
 * bootstrap phase's counts and runs — starts from the last graph's.)
 */
export function ofPatchedFrom<T>(graph: BuildGraph, cache: WeakMap<BuildGraph, T>): T | undefined {
  const from = graph.patch?.from.deref();
  return from && cache.get(from);
}

/** Records the graph made of the last build (buildGraph). */
export function rememberGraph(graph: BuildGraph): void {
  if (last && !last.graph) last.graph = new WeakRef(graph);
}

let last: BuiltEntries | undefined;

/** How each graph was made (for tests and benchmarks). */
export const graphPatchCounts = { patched: 0, built: 0 };

/** Past this many changed entries a build from the specs is as cheap. */
const MAX_CHANGED = 64;
/** Past this many names added or dropped, renumbering costs what a build does. */
const MAX_RENAMED = 64;

/** Keeps a build from the specs for the next edit to patch. */
export function rememberBuild(init: BuildGraphInit, rest: Omit<BuiltEntries, 'init' | 'side'>): void {
  last = remembered(init, rest);
  graphPatchCounts.built++;
}

function remembered(init: BuildGraphInit, rest: Omit<BuiltEntries, 'init' | 'side'>): BuiltEntries {
  const { core, ...tables } = init;
  const side = { rdep: { offsets: init.rdepOffsets, targets: init.rdepSources }, dependsScc: core.dependsScc, icSucc: core.icSucc, icPred: core.icPred, closureMemo: core.closureMemo };
  return { ...rest, init: tables, side };
}

/** A list of declared names as the graph keeps it (see indexEntries): the list itself when it holds distinct strings only. */
function keptList(list: unknown, distinct: string[]): string[] {
  if (distinct.length === 0 || !Array.isArray(list) || list.length !== distinct.length) return distinct;
  return Object.isFrozen(list) ? (list as string[]) : distinct;
}

/** Each bootstrap set's strings, de-duplicated (every set, whether the graph keeps it or not). */
function stageLists(s: PackageSpec): string[][] {
  const sets = s.bootstrap;
  if (!Array.isArray(sets)) return [];
  return sets.map((st) => (st && Array.isArray(st.buildDepends) ? dedupeStrings(st.buildDepends) : []));
}

/** Two lists as a spec may hold them (or not hold: not arrays), element for element. */
function sameStrings(a: unknown, b: unknown): boolean {
  return a === b || (Array.isArray(a) && Array.isArray(b) && sameSequence(a, b));
}

/** Whether two entries of one name give the graph the same lists. */
function sameLists(a: PackageSpec, b: PackageSpec): boolean {
  if (a.prebuilt !== b.prebuilt && (a.prebuilt === true || b.prebuilt === true)) return false;
  if (!sameStrings(a.buildDepends, b.buildDepends) || !sameStrings(a.depends, b.depends)) return false;
  if (a.bootstrap === b.bootstrap) return true;
  const x = Array.isArray(a.bootstrap) ? a.bootstrap : [];
  const y = Array.isArray(b.bootstrap) ? b.bootstrap : [];
  if (x.length !== y.length) return false;
  for (let j = 0; j < x.length; j++) {
    if (x[j] === y[j]) continue;
    if (!x[j] || !y[j] || x[j].stage !== y[j].stage || !sameStrings(x[j].buildDepends, y[j].buildDepends)) return false;
  }
  return true;
}

interface ChangedEntry {
  at: number;
  /** The node (old numbering). */
  node: number;
  entry: PackageSpec;
  buildDepends: string[];
  depends: string[];
  stages: string[][];
}

/**
 * The graph of `entries` as a patch of the last build, when it differs from
 * that build's entries in a few entries that keep their names (and, with
 * binaries, in an expansion of the same shape); else undefined.
 */
export function patchedBuild(entries: readonly PackageSpec[], expanded: ExpandedInput | undefined, interner: NameInterner): BuildGraphInit | undefined {
  const before = last;
  if (!before || before.interner !== interner || before.entries.length !== entries.length) return undefined;
  if (expanded ? !before.expanded || expanded.role !== before.expanded.role || expanded.ownerAt !== before.expanded.ownerAt : before.expanded) return undefined;
  const old = before.init;
  const oldIndex = (name: string): number => {
    const id = old.provIndex.get(name);
    return id === undefined || id >= old.nodeOfProv.length ? -1 : old.nodeOfProv[id];
  };
  const changed: ChangedEntry[] = [];
  // Declaring entries replaced, the same lists or not: the graph keeps their packages' specs.
  const replaced: ChangedEntry[] = [];
  // The positions that may differ: those a patched expansion names, else all.
  const hint = expanded?.patchOf?.input === before.entries ? expanded.patchOf.at : undefined;
  for (let k = 0, end = hint ? hint.length : entries.length; k < end; k++) {
    const at = hint ? hint[k] : k;
    const was = before.entries[at];
    const now = entries[at];
    if (was === now) continue;
    if (!was || !now || typeof now.name !== 'string' || now.name !== was.name) return undefined;
    const node = oldIndex(now.name);
    // A later declaration of a name: its lists are no part of the graph.
    if (before.firstAt[node] !== at) continue;
    if (replaced.length === 4 * MAX_CHANGED) return undefined;
    const c: ChangedEntry = { at, node, entry: now, buildDepends: [], depends: [], stages: [] };
    replaced.push(c);
    if (sameLists(was, now)) continue;
    if (changed.length === MAX_CHANGED) return undefined;
    c.buildDepends = dedupeStrings(now.buildDepends);
    c.depends = dedupeStrings(now.depends);
    c.stages = stageLists(now);
    changed.push(c);
  }

  // Names: how many lists hold each name the changed lists held or hold now.
  const delta = new Map<number, number>();
  const newNames = new Set<string>();
  const count = (name: string, by: number): void => {
    const v = oldIndex(name);
    if (v >= 0) delta.set(v, (delta.get(v) ?? 0) + by);
    else if (by > 0) newNames.add(name);
  };
  // The same for bootstrap lists alone, by name (a name may be new).
  const stageDelta = new Map<string, number>();
  const countStage = (name: string, by: number): void => {
    stageDelta.set(name, (stageDelta.get(name) ?? 0) + by);
  };
  for (const c of changed) {
    const was = before.entries[c.at];
    for (const x of c.buildDepends) count(x, 1);
    for (const x of c.depends) count(x, 1);
    for (const list of c.stages) for (const x of list) (count(x, 1), countStage(x, 1));
    for (let e = old.bdOffsets[c.node]; e < old.bdOffsets[c.node + 1]; e++) delta.set(old.bdTargets[e], (delta.get(old.bdTargets[e]) ?? 0) - 1);
    for (let e = old.dependsOffsets[c.node]; e < old.dependsOffsets[c.node + 1]; e++) delta.set(old.dependsTargets[e], (delta.get(old.dependsTargets[e]) ?? 0) - 1);
    for (const list of stageLists(was)) for (const x of list) (count(x, -1), countStage(x, -1));
  }
  const dropped: number[] = [];
  for (const [v, by] of delta) {
    if (by >= 0 || old.layer.kind[v] !== KIND_UNKNOWN) continue;
    const refs = old.rbdOffsets[v + 1] - old.rbdOffsets[v] + old.rdepOffsets[v + 1] - old.rdepOffsets[v] + before.stageRefs[v] + by;
    if (refs === 0) dropped.push(v);
  }
  if (dropped.length + newNames.size > MAX_RENAMED) return undefined;
  graphPatchCounts.patched++;
  for (const name of newNames) interner.id(name);
  const r = renumbering(old.names, before.namedNodes, dropped.sort((a, b) => a - b), [...newNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const { n, oldToNew } = r;
  const map = (v: number): number => (oldToNew ? oldToNew[v] : v);
  const nodeOf = (name: string): number => {
    const v = oldIndex(name);
    return v >= 0 ? map(v) : (r.addedAt.get(name) as number);
  };
  const ascending = (names: readonly string[]): Int32Array => Int32Array.from(names, nodeOf).sort();

  // Node tables.
  let { names, nodeOfProv, declared, prebuilt, layer } = old;
  let provOfNode = before.provOfNode;
  let firstAt = before.firstAt;
  let stageRefs = before.stageRefs;
  if (oldToNew) {
    names = r.names;
    nodeOfProv = new Int32Array(interner.size);
    // The nodes below `kept` keep their numbers: only the others' ids are mapped.
    nodeOfProv.set(old.nodeOfProv);
    nodeOfProv.fill(-1, old.nodeOfProv.length);
    for (let o = r.kept; o < oldToNew.length; o++) nodeOfProv[before.provOfNode[o]] = oldToNew[o];
    provOfNode = moveRuns(before.provOfNode, r, 0);
    for (const [name, i] of r.addedAt) {
      const id = interner.index.get(name) as number;
      provOfNode[i] = id;
      nodeOfProv[id] = i;
    }
    declared = moveRuns(old.declared, r, 0);
    prebuilt = moveRuns(old.prebuilt, r, 0);
    layer = movedLayer(old.layer, r, oldToNew);
    firstAt = moveRuns(before.firstAt, r, -1);
    stageRefs = moveRuns(before.stageRefs, r, 0);
  }
  const prebuiltChanged = changed.some((c) => (c.entry.prebuilt === true ? 1 : 0) !== prebuilt[map(c.node)]);
  if (prebuiltChanged) {
    if (prebuilt === old.prebuilt) prebuilt = prebuilt.slice();
    for (const c of changed) prebuilt[map(c.node)] = c.entry.prebuilt === true ? 1 : 0;
  }
  if (stageDelta.size > 0) {
    if (stageRefs === before.stageRefs) stageRefs = stageRefs.slice();
    for (const [name, by] of stageDelta) {
      const v = by === 0 ? -1 : nodeOf(name); // -1 too for a name dropped
      if (v >= 0) stageRefs[v] += by;
    }
  }

  // Lists, as names and as node indices.
  const buildDepends = moveArray(old.buildDepends as string[][], r, () => NO_STRINGS);
  const depends = moveArray(old.depends as string[][], r, () => NO_STRINGS);
  const stages = moveArray(old.stages as StageSet[][], r, () => NO_STAGES);
  if (oldToNew) {
    // (Entries are ascending: a set names a node past `kept` when its last entry is.)
    for (let i = 0; i < n; i++) {
      const sets = stages[i];
      if (sets.length > 0 && sets.some((s) => s.entries.length > 0 && s.entries[s.entries.length - 1] >= r.kept)) {
        stages[i] = sets.map((s) => ({ stage: s.stage, buildDepends: s.buildDepends, entries: s.entries.map((v) => oldToNew[v]) }));
      }
    }
  }
  const bdRows = new Map<number, Int32Array>();
  const depRows = new Map<number, Int32Array>();
  for (const c of changed) {
    const i = map(c.node);
    buildDepends[i] = keptList(c.entry.buildDepends, c.buildDepends);
    bdRows.set(i, ascending(c.buildDepends));
    depends[i] = keptList(c.entry.depends, c.depends);
    const row = ascending(c.depends);
    if (!sameRow(row, old.dependsTargets, old.dependsOffsets[c.node], old.dependsOffsets[c.node + 1], oldToNew)) depRows.set(i, row);
    const sets = Array.isArray(c.entry.bootstrap) && c.entry.bootstrap.length > 0 ? c.entry.bootstrap : undefined;
    stages[i] = sets ? normaliseStages(sets, (_set, at) => ({ buildDepends: c.stages[at], entries: ascending(c.stages[at]) })) : NO_STAGES;
  }
  // A package with binaries keeps its depends as declared (its entry depends on its binaries too).
  if (expanded) {
    for (const c of replaced) {
      const declaredAs = expanded.declaredAt[c.at];
      const i = map(c.node);
      if (declaredAs && declaredAs !== c.entry && layer.kind[i] === KIND_PACKAGE) depends[i] = dependsAsDeclared(declaredAs);
    }
  }
  const bd = mapCsr(old.bdOffsets, old.bdTargets, r, bdRows, { offsets: old.rbdOffsets, targets: old.rbdSources });
  const rbd = mapCsr(old.rbdOffsets, old.rbdSources, r, reversedRows(old, r, changed, bdRows));
  const dep = depRows.size === 0 && !oldToNew
    ? { offsets: old.dependsOffsets, targets: old.dependsTargets }
    : mapCsr(old.dependsOffsets, old.dependsTargets, r, depRows, { offsets: old.rdepOffsets, targets: old.rdepSources });
  const nodes = { names, interner, perm: nodeOfProv, provOfNode };
  const previousSide = before.side;
  const previous = { nodes: { names: old.names, interner, perm: old.nodeOfProv, provOfNode: before.provOfNode }, dependsOffsets: old.dependsOffsets, dependsTargets: old.dependsTargets, side: previousSide };
  let side: DependsSide;
  // The install components below this keep their numbers and members (-1: not known).
  let keptComponents = -1;
  if (depRows.size > 0) side = dependsSide(nodes, dep.offsets, dep.targets);
  else if (oldToNew) {
    const renumbered = dependsSideRenumbered(nodes, dep.offsets, dep.targets, previous, r.newToOld, oldToNew, r.addedAt.size, r.kept);
    side = renumbered.side;
    if (r.kept > 0) keptComponents = renumbered.keptComponents;
  } else {
    side = dependsSideKept(nodes, dep.offsets, dep.targets, previousSide);
    keptComponents = side.dependsScc.count;
  }

  let specs = old.specs;
  for (const c of replaced) {
    const j = before.specAt[c.at];
    if (j < 0) continue;
    if (specs === old.specs) specs = specs.slice();
    specs[j] = expanded?.declaredAt[c.at] ?? c.entry;
  }

  const init: BuildGraphInit = {
    names: names as string[],
    provIndex: old.provIndex,
    nodeOfProv,
    declared,
    prebuilt,
    buildDepends,
    depends,
    bdOffsets: bd.offsets,
    bdTargets: bd.targets,
    rbdOffsets: rbd.offsets,
    rbdSources: rbd.targets,
    dependsOffsets: dep.offsets,
    dependsTargets: dep.targets,
    rdepOffsets: side.rdep.offsets,
    rdepSources: side.rdep.targets,
    stages,
    specs,
    core: graphStateOf(side, n),
    layer,
  };
  // What the patch kept, for derived state that can be patched too (the bootstrap
  // phase's starting count, availability.ts): the same depends side but for
  // unknown names past `kept`, the same availability before any build.
  if (keptComponents >= 0 && !prebuiltChanged && before.graph) {
    init.patch = { from: before.graph, keptNodes: r.kept, keptComponents, changed: Int32Array.from(changed, (c) => map(c.node)) };
  }
  last = remembered(init, { entries, expanded, interner, provOfNode, firstAt, specAt: before.specAt, stageRefs, namedNodes: before.namedNodes });
  return init;
}

const NO_STRINGS: string[] = [];
const NO_STAGES: StageSet[] = [];

/**
 * Old nodes to new: the old names without the dropped, with the added merged in
 * by name. The kept nodes lie in runs that keep their order, each shifted by as
 * many nodes as were added before it less those dropped: moved with native copies.
 */
interface Renumbering {
  n: number;
  /** Undefined when nothing was added or dropped (the numbering stays). */
  oldToNew?: Int32Array;
  newToOld: Int32Array;
  /** Runs of kept old nodes: [old start, old end, new start] triples. */
  runs: number[];
  names: string[];
  /** The old nodes dropped, ascending. */
  dropped: readonly number[];
  /** The new node of each added name (ascending). */
  addedAt: Map<string, number>;
  /**
   * Nodes below this keep their numbers: all the entries' names at least, as
   * only unknown names come and go. Values below it need no mapping, and a
   * table's part below it is copied whole.
   */
  kept: number;
}

function renumbering(oldNames: readonly string[], namedNodes: number, dropped: readonly number[], added: readonly string[]): Renumbering {
  const oldN = oldNames.length;
  const n = oldN - dropped.length + added.length;
  const addedAt = new Map<string, number>();
  if (dropped.length === 0 && added.length === 0) return { n, newToOld: new Int32Array(0), runs: [0, n, 0], names: oldNames as string[], dropped, addedAt, kept: n };
  // Where each added name goes among the old unknown names (an added name is
  // one: the entries keep their names).
  const insertAt = added.map((name) => {
    let lo = namedNodes;
    let hi = oldN;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (oldNames[mid] < name) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
  const runs: number[] = [];
  let size = 0;
  let from = 0; // old start of the current run
  let shift = 0;
  let d = 0;
  let a = 0;
  const flush = (to: number): void => {
    if (to > from) {
      runs.push(from, to, from + shift);
      size += to - from;
    }
  };
  while (d < dropped.length || a < added.length) {
    // The next event by old position; at the same position an added name comes before the old node.
    if (a < added.length && (d >= dropped.length || insertAt[a] <= dropped[d])) {
      flush(insertAt[a]);
      from = Math.max(from, insertAt[a]);
      addedAt.set(added[a++], size++);
      shift++;
    } else {
      flush(dropped[d]);
      from = dropped[d++] + 1;
      shift--;
    }
  }
  flush(oldN);
  // Temporary: the patch is done with them when it returns.
  const oldToNew = scratchInt32('patch.oldToNew', oldN).fill(-1);
  const newToOld = scratchInt32('patch.newToOld', n).fill(-1);
  for (let k = 0; k < runs.length; k += 3) {
    const [start, end, to] = [runs[k], runs[k + 1], runs[k + 2]];
    for (let o = start; o < end; o++) {
      oldToNew[o] = o - start + to;
      newToOld[o - start + to] = o;
    }
  }
  const kept = runs.length > 0 && runs[0] === 0 && runs[2] === 0 ? runs[1] : 0;
  const moved: Renumbering = { n, oldToNew, newToOld, runs, names: [], dropped, addedAt, kept };
  moved.names = moveArray(oldNames, moved, (name) => name);
  return moved;
}

/** Per-node values in the new numbering (`none` for an added node). */
function moveRuns<T extends Uint8Array | Int32Array>(values: T, r: Renumbering, none: number): T {
  const out = new (values.constructor as new (n: number) => T)(r.n);
  if (none !== 0) out.fill(none);
  for (let k = 0; k < r.runs.length; k += 3) out.set(values.subarray(r.runs[k], r.runs[k + 1]), r.runs[k + 2]);
  return out;
}

/** A per-node list in the new numbering, `added(name)` at each added node. */
function moveArray<T>(values: readonly T[], r: Renumbering, added: (name: string) => T): T[] {
  if (!r.oldToNew) return values.slice();
  // One exact copy where that is enough (a copy grown by a splice is copied
  // twice, in a heap of this size ~3 ms for 111 000 nodes): the lists of the
  // unknown names past `kept` (all one empty list), or names added at the end.
  const none = uniformFrom(values, r.kept);
  if (none !== undefined && [...r.addedAt.keys()].every((name) => added(name) === none.value)) {
    return r.n <= values.length ? values.slice(0, r.n) : values.concat(new Array<T>(r.n - values.length).fill(none.value));
  }
  if (r.dropped.length === 0 && r.runs.length === 3 && r.runs[0] === 0 && r.runs[1] === values.length) {
    return values.concat(Array.from(r.addedAt.keys(), added));
  }
  if (r.dropped.length + r.addedAt.size <= FEW_MOVES) {
    // Copied whole and spliced (native moves): the dropped from the last (the
    // places before stay), then the added from the first, at their final places.
    const out = values.slice();
    for (let k = r.dropped.length - 1; k >= 0; k--) out.splice(r.dropped[k], 1);
    for (const [name, i] of r.addedAt) out.splice(i, 0, added(name));
    return out;
  }
  // Slices of the runs joined (native copies), the added between them in order.
  const parts: T[][] = [];
  const names = r.addedAt.keys();
  let next = 0;
  for (let k = 0; k < r.runs.length; k += 3) {
    for (; next < r.runs[k + 2]; next++) parts.push([added(names.next().value as string)]);
    parts.push(values.slice(r.runs[k], r.runs[k + 1]));
    next += r.runs[k + 1] - r.runs[k];
  }
  for (; next < r.n; next++) parts.push([added(names.next().value as string)]);
  return ([] as T[]).concat(...parts);
}

/** The one value `values` holds from `from` on, if it holds one (and any). */
function uniformFrom<T>(values: readonly T[], from: number): { value: T } | undefined {
  if (from >= values.length) return undefined;
  const value = values[from];
  for (let i = from + 1; i < values.length; i++) if (values[i] !== value) return undefined;
  return { value };
}

/** Up to this many nodes added and dropped, a per-node list is copied whole and spliced. */
const FEW_MOVES = 8;

/**
 * The adjacency renumbered, with the rows in `rows` (new numbering, ascending)
 * replacing the old ones. `reverse` (the old reverse adjacency) tells where the
 * rows below `r.kept` name a node at or past it; without it, such rows name none
 * (their values are entries' names, as in the reverse build-depends).
 */
function mapCsr(offsets: Int32Array, targets: Int32Array, r: Renumbering, rows: ReadonlyMap<number, Int32Array>, reverse?: Csr): Csr {
  const { n, oldToNew, newToOld, kept } = r;
  const replaced = [...rows.keys()].sort((a, b) => a - b);
  replaced.push(n); // a sentinel
  const out = new Int32Array(n + 1);
  // Below the first replaced row (and `kept`) the offsets are the old ones.
  const same = Math.min(kept, replaced[0]);
  out.set(offsets.subarray(0, same + 1));
  for (let i = same, next = 0; i < n; i++) {
    while (replaced[next] < i) next++;
    let length: number;
    if (replaced[next] === i) length = (rows.get(i) as Int32Array).length;
    else {
      const o = oldToNew && i >= kept ? newToOld[i] : i;
      length = o >= 0 ? offsets[o + 1] - offsets[o] : 0;
    }
    out[i + 1] = out[i] + length;
  }
  // The rows below `kept` between replaced rows: copied whole.
  const copyRows = (to: number, into: Int32Array): void => {
    let i = 0;
    for (const stop of replaced) {
      const end = Math.min(stop, to);
      if (end > i) into.set(targets.subarray(offsets[i], offsets[end]), out[i]);
      if (stop >= to) break;
      i = stop + 1;
    }
  };
  if (!oldToNew) {
    const outTargets = new Int32Array(out[n]);
    for (const [i, row] of rows) outTargets.set(row, out[i]);
    copyRows(n, outTargets);
    return { offsets: out, targets: outTargets };
  }
  // A renumbering that leaves every value as it was and replaces no row (the
  // nodes past `kept` name none, none names them, or they keep their numbers):
  // the same targets, in the same order.
  if (rows.size === 0 && unmovedValues(r, offsets, reverse)) return { offsets: out, targets };
  const outTargets = new Int32Array(out[n]);
  for (const [i, row] of rows) outTargets.set(row, out[i]);
  copyRows(kept, outTargets);
  for (let i = kept, next = 0; i < n; i++) {
    while (replaced[next] < i) next++;
    if (replaced[next] === i) continue;
    const o = newToOld[i];
    if (o >= 0) for (let e = offsets[o], at = out[i]; e < offsets[o + 1]; e++) outTargets[at++] = oldToNew[targets[e]];
  }
  if (reverse) {
    // The values past `kept` in the rows below it, found through the reverse (old
    // numbering; a row keeps its order: kept nodes keep their relative order).
    const oldN = oldToNew.length;
    let next = 0;
    for (let o = kept; o < oldN; o++) {
      const v = oldToNew[o];
      if (v === o || v < 0) continue; // a dropped node: only replaced rows named it
      for (let e = reverse.offsets[o]; e < reverse.offsets[o + 1]; e++) {
        const s = reverse.targets[e];
        if (s >= kept) continue; // mapped above
        next = 0;
        while (replaced[next] < s) next++;
        if (replaced[next] === s) continue;
        const at = sortedIndexOf(targets, o, offsets[s], offsets[s + 1]);
        outTargets[out[s] + at - offsets[s]] = v;
      }
    }
  }
  return { offsets: out, targets: outTargets };
}

/**
 * Whether renumbering by `r` changes no value of the adjacency (old numbering)
 * and the rows past `r.kept` keep their order: no node past `kept` that moves
 * is named (as `reverse`, or none when absent, tells), and the rows past it
 * name no node past it that moves.
 */
function unmovedValues(r: Renumbering, offsets: Int32Array, reverse: Csr | undefined): boolean {
  const oldToNew = r.oldToNew as Int32Array;
  for (let o = r.kept; o < oldToNew.length; o++) {
    const v = oldToNew[o];
    if (v === o) continue;
    if (reverse && reverse.offsets[o + 1] !== reverse.offsets[o]) return false;
    if (v < 0 && offsets[o + 1] !== offsets[o]) return false;
  }
  return true;
}

/**
 * The reverse build-depends rows the edit changed, in the new numbering: those
 * of the targets a changed package listed before and not now, or now and not
 * before (the others are the old rows, renumbered by mapCsr).
 */
function reversedRows(old: BuiltEntries['init'], r: Renumbering, changed: readonly ChangedEntry[], bdRows: ReadonlyMap<number, Int32Array>): Map<number, Int32Array> {
  const map = (v: number): number => (r.oldToNew ? r.oldToNew[v] : v);
  // Per target (new numbering): the changed packages that stopped listing it, and those that started.
  const gone = new Map<number, number[]>();
  const come = new Map<number, number[]>();
  const add = (into: Map<number, number[]>, t: number, p: number): void => {
    const list = into.get(t);
    if (list) list.push(p);
    else into.set(t, [p]);
  };
  for (const c of changed) {
    const p = map(c.node);
    const now = bdRows.get(p) as Int32Array;
    const was = old.bdTargets.subarray(old.bdOffsets[c.node], old.bdOffsets[c.node + 1]);
    for (let k = 0; k < was.length; k++) {
      const t = map(was[k]);
      if (t >= 0 && !binaryHas(now, t)) add(gone, t, p);
    }
    for (let k = 0; k < now.length; k++) {
      const o = r.oldToNew ? r.newToOld[now[k]] : now[k];
      if (o < 0 || !binaryHas(was, o)) add(come, now[k], p);
    }
  }
  const rows = new Map<number, Int32Array>();
  for (const t of new Set([...gone.keys(), ...come.keys()])) {
    const o = r.oldToNew ? r.newToOld[t] : t;
    const dropped = new Set(gone.get(t) ?? []);
    const list: number[] = [];
    if (o >= 0) {
      for (let e = old.rbdOffsets[o]; e < old.rbdOffsets[o + 1]; e++) {
        const p = map(old.rbdSources[e]);
        if (!dropped.has(p)) list.push(p);
      }
    }
    // The row stays ascending: the few new sources merged in.
    for (const p of (come.get(t) ?? []).sort((a, b) => a - b)) {
      let at = list.length;
      while (at > 0 && list[at - 1] > p) at--;
      list.splice(at, 0, p);
    }
    rows.set(t, Int32Array.from(list));
  }
  return rows;
}

/** Whether `row` (new numbering) is the old row targets[from, to). */
function sameRow(row: Int32Array, targets: Int32Array, from: number, to: number, oldToNew: Int32Array | undefined): boolean {
  if (row.length !== to - from) return false;
  for (let k = 0; k < row.length; k++) if (row[k] !== (oldToNew ? oldToNew[targets[from + k]] : targets[from + k])) return false;
  return true;
}

function movedLayer(layer: BinaryLayer, r: Renumbering, oldToNew: Int32Array): BinaryLayer {
  const kind = moveRuns(layer.kind, r, KIND_UNKNOWN);
  const buildTarget = new Int32Array(r.n);
  const ownerOf = new Int32Array(r.n);
  // The values are nodes too: below `kept`, entries' names (a binary's package,
  // a package itself), which keep their numbers.
  const { newToOld, kept } = r;
  buildTarget.set(layer.buildTarget.subarray(0, kept));
  ownerOf.set(layer.ownerOf.subarray(0, kept));
  for (let i = kept; i < r.n; i++) {
    const o = newToOld[i];
    if (o < 0) continue;
    const t = layer.buildTarget[o];
    buildTarget[i] = t >= 0 ? oldToNew[t] : -1;
    const w = layer.ownerOf[o];
    ownerOf[i] = w >= 0 ? oldToNew[w] : -1;
  }
  // An added node is an unknown name: its own build target, no owner.
  for (const i of r.addedAt.values()) {
    buildTarget[i] = i;
    ownerOf[i] = -1;
  }
  const owned = mapCsr(layer.ownedOffsets, layer.ownedTargets, r, new Map());
  return { kind, buildTarget, ownerOf, ownedOffsets: owned.offsets, ownedTargets: owned.targets, hasBinaries: layer.hasBinaries };
}
