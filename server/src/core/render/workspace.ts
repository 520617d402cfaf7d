// The graph picture of a whole analysed workspace.

import type { WorkspaceAnalysis } from '../analysis';
import { renderGraph, type GraphRenderOptions } from './graph';

export function renderWorkspaceGraph(wa: WorkspaceAnalysis, options: GraphRenderOptions): string {
  return renderGraph({
    specs: wa.specs,
    unbroken: wa.cycles.unbroken.map((c) => c.members),
    broken: wa.cycles.broken.map((c) => c.members),
  }, options);
}
