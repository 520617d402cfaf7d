// Fixes are computed eagerly (some clients cannot resolve code actions), so
// an edit builder that refuses an odd layout must cost the fix, not the analysis.

import type { FileEdits, Fix } from '../types';
import { EditError } from '../edits';

export function makeFix(title: string, build: () => FileEdits[], options: { kind?: Fix['kind']; isPreferred?: boolean } = {}): Fix | undefined {
  try {
    const changes = build();
    if (changes.every((c) => c.edits.length === 0)) return undefined;
    return { title, kind: options.kind ?? 'quickfix', ...(options.isPreferred ? { isPreferred: true } : {}), changes };
  } catch (error) {
    if (error instanceof EditError) return undefined;
    throw error;
  }
}

export function definedFixes(fixes: Array<Fix | undefined>): Fix[] {
  return fixes.filter((f): f is Fix => f !== undefined);
}
