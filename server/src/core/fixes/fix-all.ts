// `source.fixAll` / `strap fix`: the annotations that make every unbroken
// cycle resolvable (planFixAll's feedback-vertex-set solver), as one Fix whose
// edits may span the workspace's files.

import type { FileEdits, Fix } from '../types';
import type { Analysis, WorkspaceAnalysis } from '../analysis';
import { planFixAll } from '../graph/breaking';
import type { FixAllResult } from '../graph/types';
import { bootstrapAnnotationEdits } from './bootstrap-annotation';
import { makeFix } from './make-fix';

export function fixAll(analysis: Analysis, uri: string): Fix | undefined {
  return fixAllWithResult(analysis, uri)?.fix;
}

// The fix-all of each analysed include group, kept while the group's analysis
// is (an analysis that takes a group over keeps it): editors ask for code
// actions on every cursor move, and the solver takes seconds on a big cluster.
const computed = new WeakMap<WorkspaceAnalysis, { fix: Fix; result: FixAllResult } | null>();

/**
 * Whether the fix-all of `uri`'s group is at hand or cheap: already computed
 * for this analysis, or its unbroken clusters hold at most `limit` packages
 * (the solver's time grows with them: seconds at a thousand, minutes at ten
 * thousand; see docs/cycles.md).
 */
export function fixAllIsCheap(analysis: Analysis, uri: string, limit: number): boolean {
  const wa = analysis.workspaceOf(uri);
  if (!wa || computed.has(wa)) return true;
  let members = 0;
  for (const c of wa.cycles.unbroken) members += c.members.length;
  return members <= limit;
}

/** The fix-all as a Fix, with the solver's result it was made from (its count and lower bound). */
export function fixAllWithResult(analysis: Analysis, uri: string): { fix: Fix; result: FixAllResult } | undefined {
  const wa = analysis.workspaceOf(uri);
  if (!wa || wa.cycles.unbroken.length === 0) return undefined;
  const known = computed.get(wa);
  if (known !== undefined) return known ?? undefined;
  const made = makeFixAll(wa);
  computed.set(wa, made ?? null);
  return made;
}

function makeFixAll(wa: WorkspaceAnalysis): { fix: Fix; result: FixAllResult } | undefined {
  const result = planFixAll(wa.specs, wa.graph);
  if (result.annotations.length === 0) return undefined;
  const byUri = new Map<string, FileEdits>();
  for (const a of result.annotations) {
    // An annotation whose place the edit builders refuse is left out, not fatal.
    const one = makeFix('', () => bootstrapAnnotationEdits(wa.workspace, a.package, a.stage, a.newSet, a.update));
    for (const change of one?.changes ?? []) {
      const entry = byUri.get(change.uri);
      if (entry) entry.edits.push(...change.edits);
      else byUri.set(change.uri, { uri: change.uri, edits: [...change.edits] });
    }
  }
  if (byUri.size === 0) return undefined;
  return {
    fix: { title: `Break every build-dependency cycle (${fixAllCount(result)})`, kind: 'source.fixAll', changes: [...byUri.values()] },
    result,
  };
}

/** "8 bootstrap annotations; at least 6 are needed", or "…, the fewest possible" when proven. */
export function fixAllCount(result: FixAllResult): string {
  const count = result.annotations.length;
  const noun = `${count} bootstrap annotation${count === 1 ? '' : 's'}`;
  return result.exact ? `${noun}, the fewest possible` : `${noun}; at least ${result.lowerBound} ${result.lowerBound === 1 ? 'is' : 'are'} needed`;
}

/** "leaving out 264 build dependencies; at least 222 must go", or "…, the fewest possible" when the bound reaches it. */
export function fixAllDropped(result: FixAllResult): string {
  const d = result.dropped;
  const noun = `leaving out ${d} build dependenc${d === 1 ? 'y' : 'ies'}`;
  const bound = Math.min(result.droppedLowerBound, d);
  return bound >= d ? `${noun}, the fewest possible` : `${noun}; at least ${bound} must go`;
}
