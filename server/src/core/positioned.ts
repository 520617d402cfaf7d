// Core diagnostics turned into line/character form: the plain-data shape of
// an LSP Diagnostic (0-based lines, UTF-16 characters, numeric severity),
// shared by the language server and `strap check --format json`.

import type { CoreDiagnostic, Fix, OffsetRange, Severity } from './types';
import type { LineIndex, Position } from './document/line-index';

export interface PositionedRange {
  start: Position;
  end: Position;
}

export interface PositionedDiagnostic {
  range: PositionedRange;
  severity: 1 | 2 | 3 | 4;
  code: string;
  source: 'strap';
  message: string;
  tags?: number[];
  relatedInformation?: Array<{ location: { uri: string; range: PositionedRange }; message: string }>;
  data?: Record<string, unknown>;
  /** The fixes the editor would offer, as data (only when asked for: `strap check --format json|sarif`). */
  fixes?: PositionedFix[];
}

/** A fix in the shape of an LSP code action's WorkspaceEdit `changes`: text edits per document URI. */
export interface PositionedFix {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  isPreferred: boolean;
  changes: Record<string, Array<{ range: PositionedRange; newText: string }>>;
}

export const SEVERITY_NUMBER: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

export function toPositionedRange(index: LineIndex, range: OffsetRange): PositionedRange {
  return { start: index.positionAt(range.start), end: index.positionAt(range.end) };
}

export function toPositionedDiagnostic(
  d: CoreDiagnostic,
  indexOf: (uri: string) => LineIndex | undefined,
  options: { withFixes?: boolean } = {},
): PositionedDiagnostic {
  const index = indexOf(d.uri);
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const out: PositionedDiagnostic = {
    range: index ? toPositionedRange(index, d.range) : zero,
    severity: SEVERITY_NUMBER[d.severity],
    code: d.code,
    source: 'strap',
    message: d.message,
  };
  if (d.tags?.length) out.tags = d.tags.map((t) => (t === 'unnecessary' ? 1 : 2));
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => {
      const ri = indexOf(r.uri);
      return { location: { uri: r.uri, range: ri ? toPositionedRange(ri, r.range) : zero }, message: r.message };
    });
  }
  if (d.data) out.data = d.data;
  if (options.withFixes) {
    const fixes = (d.fixes ?? []).map((f) => toPositionedFix(f, indexOf)).filter((f): f is PositionedFix => f !== undefined);
    if (fixes.length) out.fixes = fixes;
  }
  return out;
}

/** A fix with its edits in line/character form; undefined when a document it edits is unknown. */
export function toPositionedFix(fix: Fix, indexOf: (uri: string) => LineIndex | undefined): PositionedFix | undefined {
  const changes: PositionedFix['changes'] = {};
  for (const change of fix.changes) {
    const index = indexOf(change.uri);
    if (!index) return undefined;
    (changes[change.uri] ??= []).push(...change.edits.map((e) => ({ range: toPositionedRange(index, e.range), newText: e.newText })));
  }
  return { title: fix.title, kind: fix.kind, isPreferred: fix.isPreferred === true, changes };
}
