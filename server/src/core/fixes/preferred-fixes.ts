// `strap fix --preferred`: every error's preferred quick fix, applied once, in
// document order, re-analysing after each — what a person clicking through
// the errors in an editor would get.

import { analyze, type Analysis, type AnalysisOptions } from '../analysis';
import type { SourceProvider } from '../workspace/source-provider';
import type { CoreDiagnostic } from '../types';
import { applyEdits } from '../edits';

export interface PreferredFixesResult {
  /** The changed documents' new texts. */
  texts: Map<string, string>;
  /** The titles of the fixes applied, in order. */
  applied: string[];
  /** The analysis of the final texts. */
  analysis: Analysis;
}

/** Which error a diagnostic is, across re-analyses: file, code, and what its data names. */
function identity(d: CoreDiagnostic): string {
  const data = d.data ?? {};
  return `${d.uri}\u0000${d.code}\u0000${String(data.package ?? '')}\u0000${String(data.name ?? d.message)}`;
}

function errorsInOrder(analysis: Analysis): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  for (const [uri] of [...analysis.documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const d of analysis.diagnostics.get(uri) ?? []) if (d.severity === 'error') out.push(d);
  }
  return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start - b.range.start));
}

export function applyPreferredFixes(uris: string[], provider: SourceProvider, options: AnalysisOptions): PreferredFixesResult {
  const texts = new Map<string, string>();
  const overlay: SourceProvider = { ...provider, read: (uri) => texts.get(uri) ?? provider.read(uri) };
  let analysis = analyze(uris, overlay, options);
  const applied: string[] = [];
  const todo = errorsInOrder(analysis).map(identity);
  const done = new Set<string>();
  for (const id of todo) {
    if (done.has(id)) continue;
    done.add(id);
    const d = errorsInOrder(analysis).find((x) => identity(x) === id);
    const fix = d?.fixes?.find((f) => f.isPreferred);
    if (!fix) continue;
    for (const change of fix.changes) {
      const doc = analysis.documents.get(change.uri);
      if (!doc) continue;
      texts.set(change.uri, applyEdits(doc.text, change.edits));
    }
    applied.push(fix.title);
    analysis = analyze(uris, overlay, options);
  }
  return { texts, applied, analysis };
}
