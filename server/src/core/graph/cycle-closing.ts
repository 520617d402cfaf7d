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
