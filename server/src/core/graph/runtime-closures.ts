// Runtime closures depends*(v) over the install components (SCCs of the depends
// graph), and the build inputs of one package: the union of the closures of its
// build-depends, with the entry that induced each.

import type { BuildGraph } from './build-graph';
import type { GraphState, InputScratch } from './graph-state';

/** The runtime closure depends*(v), v included, ascending. Memoised: treat as read-only. */
export function closureOf(graph: BuildGraph, core: GraphState, v: number): Int32Array {
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
    for (let e = graph.dependsOffsets[u]; e < graph.dependsOffsets[u + 1]; e++) {
      const w = graph.dependsTargets[e];
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
export function closureOfSet(graph: BuildGraph, core: GraphState, entries: ArrayLike<number>): Int32Array {
  if (entries.length === 1) return graph.closureOf(entries[0]).slice();
  // closureOf uses mark/scratch too: compute the member closures first.
  const closures: Int32Array[] = [];
  for (let k = 0; k < entries.length; k++) closures.push(graph.closureOf(entries[k]));
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

 * dependencies first, so one numbered below r's component cannot lead to it.
 */
export function closuresHold(graph: BuildGraph, core: GraphState, entries: ArrayLike<number>, r: number): boolean {
  const compOf = core.dependsScc.compOf;
  // The install nodes whose installation needs r built: r itself and its binaries.
  const owned = graph.binariesOf(r);
  const selfTarget = graph.buildTarget[r] === r;
  if (owned.length === 0 && !selfTarget) return false;
  const C = core.dependsScc.count;
  if (!core.compMark || core.compMark.length < C) {
    core.compMark = new Int32Array(Math.max(1, C));
    core.compStack = new Int32Array(Math.max(1, C));
    core.compStamp = 0;
  }
  const mark = core.compMark;
  const stack = core.compStack as Int32Array;
  if (owned.length > 0) {
    // Mark the target components with a stamp of their own, one below the search's.
    const targetStamp = (core.compStamp = (core.compStamp ?? 0) + 1);
    let lowest = C;
    const note = (c: number): void => {
      mark[c] = targetStamp;
      if (c < lowest) lowest = c;
    };
    if (selfTarget) note(compOf[r]);
    for (let k = 0; k < owned.length; k++) note(compOf[owned[k]]);
    return searchComponents(core, entries, (c) => mark[c] === targetStamp, lowest, mark, stack);
  }
  const target = compOf[r];
  return searchComponents(core, entries, (c) => c === target, target, mark, stack);
}

/** Whether a component `isTarget` accepts is reachable from the entries' components; none below `lowest` is. */
function searchComponents(
  core: GraphState,
  entries: ArrayLike<number>,
  isTarget: (c: number) => boolean,
  lowest: number,
  mark: Int32Array,
  stack: Int32Array,
): boolean {
  const compOf = core.dependsScc.compOf;
  const stamp = (core.compStamp = (core.compStamp ?? 0) + 1);
  const { offsets, targets } = core.icSucc;
  let sp = 0;
  for (let k = 0; k < entries.length; k++) {
    const c = compOf[entries[k]];
    if (isTarget(c)) return true;
    if (c < lowest || mark[c] === stamp) continue;
    mark[c] = stamp;
    stack[sp++] = c;
  }
  while (sp > 0) {
    const c = stack[--sp];
    for (let e = offsets[c], end = offsets[c + 1]; e < end; e++) {
      const d = targets[e];
      if (isTarget(d)) return true;
      if (d < lowest || mark[d] === stamp) continue;
      mark[d] = stamp;
      stack[sp++] = d;
    }
  }
  return false;
}

/**
 * The build inputs of p (the union of the runtime closures of its build-depends),
 * unsorted, into an internal buffer: returns their count; `inputBuffer()` holds
 * them and `inputVia(r)` the entry that induced r (the entry itself for a direct
 * entry, else the lowest-named entry whose closure holds r). Valid until the next
 * call. `follow(c)`, when given, prunes install components (false: not entered).
 */
export function collectInputs(
  graph: BuildGraph,
  core: GraphState,
  p: number,
  follow?: (installComponent: number) => boolean,
  entries?: ArrayLike<number>,
): number {
  const s = inputScratch(graph, core);
  const stamp = ++s.stamp;
  const { seen, assigned, via, list, stack } = s;
  const compOf = core.dependsScc.compOf;
  const from = entries ? 0 : graph.bdOffsets[p];
  const to = entries ? entries.length : graph.bdOffsets[p + 1];
  const ent = entries ?? graph.bdTargets;
  const buildTarget = graph.buildTarget;
  let count = 0;
  // An install node u counts as its build target t (itself for a package, the
  // package for a binary; none for a prebuilt binary or a virtual name).
  for (let k = from; k < to; k++) {
    const q = ent[k];
    const t = buildTarget[q];
    if (t < 0 || assigned[t] === stamp) continue;
    assigned[t] = stamp;
    via[t] = q;
    list[count++] = t;
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
      const t = buildTarget[u];
      if (t >= 0 && assigned[t] !== stamp) {
        assigned[t] = stamp;
        via[t] = q;
        list[count++] = t;
      }
      for (let e = graph.dependsOffsets[u], end = graph.dependsOffsets[u + 1]; e < end; e++) {
        const w = graph.dependsTargets[e];
        if (seen[w] === stamp) continue;
        seen[w] = stamp;
        if (follow && !follow(compOf[w])) continue;
        stack[sp++] = w;
      }
    }
  }
  return count;
}

export function inputScratch(graph: BuildGraph, core: GraphState): InputScratch {
  if (!core.inputs) {
    const n = Math.max(1, graph.size);
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
