// Whether a new build dependency would close a build cycle, by the ancestors of a
// package in the build graph.

import type { BuildGraph } from './build-graph';

/**
 * Nodes that reach `target` in the build graph (target included), as a mask, by a
 * reverse search of the layered graph. Use with `wouldCloseCycle` when checking
 * many candidate dependencies of one package.
 */
export function ancestorsMask(graph: BuildGraph, target: number): Uint8Array {
  const n = graph.size;
  const mask = new Uint8Array(n);
  const seenInstall = new Uint8Array(n);
  const stack: number[] = [];
  const enterInstall = (x: number): void => {
    if (!seenInstall[x]) {
      seenInstall[x] = 1;
      stack.push(x);
    }
  };
  // build(p) is entered from install(p) and from the installs of p's binaries.
  const enterBuild = (p: number): void => {
    mask[p] = 1;
    if (graph.buildTarget[p] === p) enterInstall(p);
    const owned = graph.binariesOf(p);
    for (let k = 0; k < owned.length; k++) enterInstall(owned[k]);
  };
  enterBuild(target);
  while (stack.length > 0) {
    const y = stack.pop() as number;
    for (let e = graph.rbdOffsets[y]; e < graph.rbdOffsets[y + 1]; e++) {
      const p = graph.rbdSources[e];
      if (!mask[p]) enterBuild(p);
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
  for (let k = 0; k < cl.length; k++) {
    const t = graph.buildTarget[cl[k]];
    if (t >= 0 && anc[t]) return true;
  }
  return false;
}
