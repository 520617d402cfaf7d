// Core diagnostics turned into line/character form: the plain-data shape of
// an LSP Diagnostic (0-based lines, UTF-16 characters, numeric severity),
// shared by the language server and `strap check --format json`.

import type { CoreDiagnostic, OffsetRange, Severity } from './types';
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
}

export const SEVERITY_NUMBER: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

export function toPositionedRange(index: LineIndex, range: OffsetRange): PositionedRange {
  return { start: index.positionAt(range.start), end: index.positionAt(range.end) };
}

export function toPositionedDiagnostic(d: CoreDiagnostic, indexOf: (uri: string) => LineIndex | undefined): PositionedDiagnostic {
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
  return out;
}
