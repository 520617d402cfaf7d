// The broken components of a cycle analysis: the SCCs of the whole build graph
// without a member in an unbroken SCC. Every cycle in them has a member built
// in some form (normally all get full builds; a stuck dependency elsewhere may
// still keep some of them from full builds): each is reported with the builds
// that break it and one cycle through the first of those.

import { ANY_NODE, CycleSearch, OUT_OF_BUDGET, RootTrees, cyclePathOf, type SearchBudget } from './cycles';
import { KIND_STAGE, type BootstrapState } from './plan';
import { componentMembers, isNonTrivial, type SccResult } from './scc';
import type { BootstrapBuildRef, BrokenComponent } from './types';

/** The non-trivial SCCs of `sccAll` with no node marked in `inUnbroken`, ordered by lowest member, and each member's index among them. */
export function brokenComponents(
  state: BootstrapState,
  sccAll: SccResult,
  inUnbroken: Uint8Array,
  budget: SearchBudget,
): { broken: BrokenComponent[]; brokenByMember: Map<string, number> } {
  const graph = state.graph;
  const names = graph.names;
  const broken: BrokenComponent[] = [];
  for (let c = 0; c < sccAll.count; c++) {
    if (!isNonTrivial(sccAll, c)) continue;
    const mem = componentMembers(sccAll, c);
    let clean = true;
    for (let k = 0; k < mem.length; k++) if (inUnbroken[mem[k]]) clean = false;
    if (!clean) continue;
    const brokenBy: BootstrapBuildRef[] = [];
    let firstBreaker = -1;
    for (let k = 0; k < mem.length; k++) {
      const v = mem[k];
      const stages: number[] = [];
      for (let b = state.latestBuild[v]; b >= 0; b = state.prevBuild[b]) {
        if (state.buildKind[b] === KIND_STAGE) stages.push(state.buildStage[b]);
      }
      stages.sort((a, b) => a - b);
      if (graph.prebuilt[v]) brokenBy.push({ package: names[v], stage: 'prebuilt' });
      for (const s of stages) brokenBy.push({ package: names[v], stage: s });
      if (firstBreaker < 0 && (graph.prebuilt[v] || stages.length > 0)) firstBreaker = v;
    }
    const local = graph.localGraph(mem);
    const search = new CycleSearch(local);
    const start = local.localOf(firstBreaker >= 0 ? firstBreaker : mem[0]);
    let found = search.shortestThrough(start, ANY_NODE, budget);
    if (found === OUT_OF_BUDGET) found = search.cycleViaTrees(start, new RootTrees(start, ANY_NODE));
    const nodes = found ?? [start];
    broken.push({ members: Array.from(mem, (i) => names[i]), cycle: cyclePathOf(graph, nodes, local), brokenBy });
  }
  broken.sort((a, b) => (a.members[0] < b.members[0] ? -1 : a.members[0] > b.members[0] ? 1 : 0));
  const brokenByMember = new Map<string, number>();
  broken.forEach((b, k) => {
    for (const m of b.members) brokenByMember.set(m, k);
  });
  return { broken, brokenByMember };
}
