// Public API of the build-graph engine: a pure, position-free engine on plain data.
export type {
  PackageSpec,
  CycleEdge,
  CyclePath,
  WaveBuild,
  Wave,
  RebuildEntry,
  StuckReason,
  StuckEntry,
  UnusedStage,
  Coverage,
  PlanOptions,
  PackagePlanInfo,
  StageCandidate,
  UnbrokenCycle,
  UnbrokenComponent,
  BootstrapBuildRef,
  BrokenComponent,
  FixAnnotation,
  FixAllResult,
} from './types';
export {
  BuildGraph,
  buildGraph,
  ancestorsMask,
  wouldCloseCycle,
  reverseCsr,
  type StageSet,
  type LocalGraph,
  type ExpandedEdges,
  type Csr,
} from './build-graph';
export { InstallKahn, AvailabilityFixpoint } from './availability';
export {
  tarjanScc,
  componentMembers,
  isNonTrivial,
  buildGraphScc,
  nonTrivialComponents,
  nonTrivialComponentNames,
  type SccResult,
} from './scc';
export {
  shortestCycleThrough,
  componentCycles,
  localComponentCycles,
  searchEdgeId,
  CycleSearch,
  RootTrees,
  OUT_OF_BUDGET,
  cyclePathOf,
  cycleKey,
  rotateToLowest,
  type AllowedNodes,
  type ComponentCycle,
  type SearchBudget,
  type SearchGraph,
} from './cycles';
export { computePlan, runBootstrapPhase, availabilityWith, BootstrapPlan, bootstrapBuildId, type BootstrapState } from './plan';
export { analyzeCycles, DEFAULT_SEARCH_BUDGET, type CycleAnalysis, type CycleAnalysisOptions } from './cycle-analysis';
export { planFixAll, applyAnnotations, edgeCandidate, candidateBase, type CandidateBase } from './breaking';

import { buildGraph } from './build-graph';
import { computePlan, type BootstrapPlan } from './plan';
import type { PackageSpec, PlanOptions } from './types';

/** Convenience: build the graph of `specs` and compute its plan. */
export function planPackages(specs: readonly PackageSpec[], options?: PlanOptions): BootstrapPlan {
  return computePlan(buildGraph(specs), options);
}
