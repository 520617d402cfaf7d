// Graph questions the editor features ask: would adding a dependency close an
// unbroken build cycle (and along which path), which cycle a package sits in,
// and a package's place in the plan as short text. Built on the workspace's
// BuildGraph and plan; nothing here is recomputed per package of a list.

import { namesWithMore } from '../text/names-with-more';
import type { WorkspaceAnalysis } from '../analysis';
import type { BuildGraph } from '../graph/build-graph';
import type { BrokenComponent, PackagePlanInfo, UnbrokenComponent, UnbrokenCycle } from '../graph/types';

export type DependencyList =
  | { kind: 'build-depends' }
  | { kind: 'depends' }
  | { kind: 'bootstrap'; stage: number };

/** The list a path inside a package names, if any. */
export function dependencyListOf(key: string | undefined): DependencyList | undefined {
  if (key === 'build-depends') return { kind: 'build-depends' };
  if (key === 'depends') return { kind: 'depends' };
  const m = key ? /^build-depends-bootstrap([1-9][0-9]*)$/.exec(key) : null;
  return m ? { kind: 'bootstrap', stage: Number(m[1]) } : undefined;
}

function contains(sorted: ArrayLike<number>, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid];
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Whether some bootstrap set of `a` leaves `b` out of its build inputs (so a stage build breaks the edge a → b). */
export function breakable(graph: BuildGraph, a: number, b: number, exceptStage?: number): boolean {
  const sets = graph.stages[a];
  if (!sets || !sets.length) return false;
  for (const set of sets) {
    if (set.stage === exceptStage) continue;
    if (graph.hasBinaries) {
      // b is needed when the set's closures hold b or one of its binaries.
      if (!graph.closuresHold(set.entries, b)) return true;
      continue;
    }
    const closure = stageClosure(graph, a, set.stage);
    if (closure && !contains(closure, b)) return true;
  }
  return false;
}

const stageClosures = new WeakMap<BuildGraph, Map<string, Int32Array | undefined>>();

function stageClosure(graph: BuildGraph, a: number, stage: number): Int32Array | undefined {
  let memo = stageClosures.get(graph);
  if (!memo) {
    memo = new Map();
    stageClosures.set(graph, memo);
  }
  const key = `${a}:${stage}`;
  if (!memo.has(key)) memo.set(key, graph.stageClosure(a, stage));
  return memo.get(key);
}

/**
 * Nodes that reach one of `sources` (0 steps included) over build edges no
 * bootstrap set breaks; `next[v]` is v's successor on such a path (-1 at a source).
 *
 * One reverse walk over the layered graph (see build-graph.ts): from a package
 * to the installs that need it built, up the reverse depends, and to the
 * packages whose build-depends list one of them. Each install is walked once,
 * for the first package that reached it (its origin): asking for each reached
 * package's predecessors walked its reverse runtime closure again, and where
 * closures hold most of a 5 000-package cluster that took completion 8-11 s.
 * A package with bootstrap sets may break the edge to that origin but not to
 * another reached package: such packages are checked against all their
 * targets once the walk ends, and the walk goes on from those that reach one.
 * Packages are taken in the order reached, each one's installs all before the
 * next package: breadth first over build edges, so `next` leads to a source
 * along a shortest path.
 */
export function unbrokenAncestors(graph: BuildGraph, sources: number[]): { reach: Uint8Array; next: Int32Array } {
  const n = graph.size;
  const reach = new Uint8Array(n);
  const next = new Int32Array(n).fill(-1);
  const originOf = new Int32Array(n).fill(-1); // per install node: the reached package it leads to
  const installs: number[] = [];
  const queue: number[] = [];
  let nextInstall = 0;
  let nextPackage = 0;
  const pending = new Set<number>();
  const enterInstall = (y: number, origin: number): void => {
    if (originOf[y] >= 0) return;
    originOf[y] = origin;
    installs.push(y);
  };
  const enterPackage = (u: number, via: number): void => {
    reach[u] = 1;
    next[u] = via;
    pending.delete(u);
    queue.push(u);
  };
  for (const s of sources) if (!reach[s]) enterPackage(s, -1);
  for (;;) {
    while (nextPackage < queue.length || nextInstall < installs.length) {
      if (nextInstall < installs.length) {
        const y = installs[nextInstall++];
        const u = originOf[y];
        // The packages listing y in their build-depends: an edge P → u.
        for (let e = graph.rbdOffsets[y]; e < graph.rbdOffsets[y + 1]; e++) {
          const w = graph.rbdSources[e];
          if (reach[w]) continue;
          if (breakable(graph, w, u)) pending.add(w);
          else enterPackage(w, u);
        }
        for (let e = graph.rdepOffsets[y]; e < graph.rdepOffsets[y + 1]; e++) enterInstall(graph.rdepSources[e], u);
        continue;
      }
      // Installing u needs u built, and so does installing one of its binaries.
      const u = queue[nextPackage++];
      if (graph.buildTarget[u] === u) enterInstall(u, u);
      const owned = graph.binariesOf(u);
      for (let k = 0; k < owned.length; k++) enterInstall(owned[k], u);
    }
    let more = false;
    for (const w of pending) {
      for (const t of graph.successors(w)) {
        if (!reach[t] || breakable(graph, w, t)) continue;
        enterPackage(w, t);
        more = true;
        break;
      }
    }
    if (!more) return { reach, next };
  }
}

/** Names along `next` from `from` to its source; a long path keeps its first nodes, then `…`, then the source. */
function pathToSource(graph: BuildGraph, from: number, next: Int32Array): string[] {
  const out: string[] = [];
  let v = from;
  for (let guard = 0; v >= 0 && guard <= graph.size; guard++) {
    if (out.length === MAX_PATH_NODES) {
      let last = v;
      while (next[last] >= 0 && guard++ <= graph.size) last = next[last];
      if (last !== v) out.push(ELLIPSIS);
      out.push(graph.names[last]);
      break;
    }
    out.push(graph.names[v]);
    v = next[v];
  }
  return out;
}

const MAX_PATH_NODES = 6;
export const ELLIPSIS = '…';

/**
 * A checker for candidate entries of one dependency list of `pkg`: for a
 * candidate that would close a build cycle no bootstrap set breaks, the cycle
 * as names (first = last; a long one has `…` in the middle), else undefined.
 */
export function cycleChecker(wa: WorkspaceAnalysis | undefined, pkg: string, list: DependencyList): (candidate: string) => string[] | undefined {
  const graph = wa?.graph;
  const none = () => undefined;
  if (!graph) return none;
  const p = graph.index(pkg);
  if (p < 0) return none;

  if (list.kind === 'depends') {
    // P depends R: every A whose build needs P now also needs closure(R).
    const sources: number[] = [];
    for (const a of graph.predecessors(p)) if (!breakable(graph, a, p)) sources.push(a);
    if (!sources.length) return none;
    const { reach, next } = unbrokenAncestors(graph, sources);
    return (candidate) => {
      const r = graph.index(candidate);
      if (r < 0) return undefined;
      for (const z of graph.closureOf(r)) {
        const y = graph.buildTarget[z]; // installing z needs y built (none: -1)
        if (y < 0 || !reach[y]) continue;
        const tail = pathToSource(graph, y, next); // y → … → A
        const a = tail[tail.length - 1];
        const head = y === r ? [a] : [a, candidate];
        return [...head, ...tail];
      }
      return undefined;
    };
  }

  const { reach, next } = unbrokenAncestors(graph, [p]);
  const exceptStage = list.kind === 'bootstrap' ? list.stage : undefined;
  return (candidate) => {
    if (candidate === pkg) return [pkg, pkg];
    const x = graph.index(candidate);
    if (x < 0) return undefined;
    for (const z of graph.closureOf(x)) {
      const y = graph.buildTarget[z]; // installing z needs y built (none: -1)
      if (y < 0 || !reach[y]) continue;
      // A bootstrap set of P that leaves y out breaks the new edge (for a
      // bootstrap list: another stage of P).
      if (list.kind === 'build-depends' ? breakable(graph, p, y) : breakableExcept(graph, p, y, exceptStage)) continue;
      const tail = pathToSource(graph, y, next); // y → … → P
      const head = y === x ? [pkg] : [pkg, candidate];
      return [...head, ...tail];
    }
    return undefined;
  };
}

function breakableExcept(graph: BuildGraph, p: number, y: number, stage: number | undefined): boolean {
  return breakable(graph, p, y, stage);
}

export function cycleText(nodes: string[]): string {
  return nodes.join(' → ');
}

export interface CycleMembership {
  kind: 'unbroken' | 'broken';
  members: string[];
  /** A shortest cycle through the package, first = last. */
  path: string[];
  /** For a broken cycle: what breaks it (`gcc@stage1`, `seed (prebuilt)`). */
  brokenBy?: string[];
}

/** The cycle (strongly connected component) a package belongs to, per the graph analysis. */
export function cycleOf(wa: WorkspaceAnalysis | undefined, pkg: string): CycleMembership | undefined {
  const cycles = wa?.cycles;
  if (!cycles) return undefined;
  for (const c of cycles.unbroken as UnbrokenComponent[]) {
    if (!c.members.includes(pkg)) continue;
    const through = c.cycles.find((cy: UnbrokenCycle) => cy.through.includes(pkg)) ?? c.cycles.find((cy) => cy.nodes.includes(pkg)) ?? c.cycles[0];
    return { kind: 'unbroken', members: c.members, path: through ? rotate(through.nodes, pkg) : [pkg, pkg] };
  }
  for (const c of cycles.broken as BrokenComponent[]) {
    if (!c.members.includes(pkg)) continue;
    return {
      kind: 'broken', members: c.members, path: rotate(c.cycle.nodes, c.cycle.nodes.includes(pkg) ? pkg : c.cycle.nodes[0]),
      brokenBy: c.brokenBy.map((b) => (b.stage === 'prebuilt' ? `${b.package} (prebuilt)` : `${b.package}@stage${b.stage}`)),
    };
  }
  return undefined;
}

function rotate(nodes: string[], start: string): string[] {
  const i = Math.max(0, nodes.indexOf(start));
  const out = [...nodes.slice(i), ...nodes.slice(0, i)];
  return [...out, out[0]];
}

export function planInfo(wa: WorkspaceAnalysis | undefined, pkg: string): PackagePlanInfo | undefined {
  try {
    return wa?.packageInfo?.(pkg);
  } catch {
    return undefined;
  }
}

/** The short plan label of a package: `wave 3`, `stage1 @ wave 2 · wave 5 · rebuild #2`, `stuck: cycle`. */
export function planLabel(info: PackagePlanInfo): string {
  const parts: string[] = [];
  if (info.prebuilt) parts.push('prebuilt');
  for (const s of info.stageBuilds) parts.push(`stage${s.stage} @ wave ${s.wave}`);
  if (info.fullBuildWave !== null) parts.push(`wave ${info.fullBuildWave}`);
  if (info.rebuildPosition !== null) parts.push(`rebuild #${info.rebuildPosition}`);
  if (info.stuck) parts.push(`stuck: ${stuckShort(info)}`);
  return parts.join(' · ');
}

function stuckShort(info: PackagePlanInfo): string {
  const s = info.stuck!;
  switch (s.reason) {
    case 'cycle': return 'cycle';
    case 'depends-on-stuck': return `needs ${list(s.blockedBy)}`;
    case 'unknown-dependency': return `unknown ${list(s.unknown)}`;
  }
}

function list(names: string[], max = 3): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} +${names.length - max}`;
}

/** A sentence on why a package is stuck. */
export function stuckText(info: PackagePlanInfo): string | undefined {
  const s = info.stuck;
  if (!s) return undefined;
  switch (s.reason) {
    case 'cycle': {
      // The cycle is the package's whole cluster (it among them): name the first others
      // without copying thousands of names per package (inlay hints ask for every one).
      const shown: string[] = [];
      let i = 0;
      for (; i < s.cycle.length && shown.length < CODES_SHOWN; i++) {
        const name = s.cycle[i];
        if (name !== info.name) shown.push(name);
      }
      const others = i === s.cycle.length ? shown.length : s.cycle.length - 1;
      return `stuck in an unbroken build-dependency cycle with ${others ? codes(shown, CODES_SHOWN, others) : 'itself'}`;
    }
    case 'depends-on-stuck': return `stuck: depends on stuck package${s.blockedBy.length === 1 ? '' : 's'} ${codes(s.blockedBy)}`;
    case 'unknown-dependency': return `stuck: needs undeclared package${s.unknown.length === 1 ? '' : 's'} ${codes(s.unknown)}`;
  }
}

const CODES_SHOWN = 10;

/** Names as code, the first `max` of them, then how many more (of `total`, when `names` holds only the first ones). */
export function codes(names: readonly string[], max = CODES_SHOWN, total = names.length): string {
  return namesWithMore(names.slice(0, max).map(code), max, total);
}

export function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}
