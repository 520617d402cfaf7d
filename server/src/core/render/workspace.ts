// The graph picture of a whole analysed workspace.

import type { WorkspaceAnalysis } from '../analysis';
import { renderGraph, type GraphRenderOptions } from './graph';
import { stageChainOf } from './stage-chain';

export function renderWorkspaceGraph(wa: WorkspaceAnalysis, options: GraphRenderOptions): string {
  return renderGraph({
    specs: wa.specs,
    unbroken: wa.cycles.unbroken.map((c) => c.members),
    broken: wa.cycles.broken.map((c) => c.members),
    // The stage chain is no cycle: --cycles leaves it out.
    chain: options.cyclesOnly ? undefined : stageChainOf(wa.workspace),
  }, options);
}
