// What every output format receives: each checked file with its text and
// its diagnostics already in line/character form.

import type { PositionedDiagnostic } from '../../core/positioned';
import type { LineIndex } from '../../core/document/line-index';

export interface FileReport {
  /** Path as the user should see it (relative to the current folder when inside it). */
  path: string;
  uri: string;
  lineIndex: LineIndex;
  diagnostics: PositionedDiagnostic[];
}

export const SEVERITY_NAME = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;

export function countBySeverity(files: FileReport[]): Record<1 | 2 | 3 | 4, number> {
  const counts = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const f of files) for (const d of f.diagnostics) counts[d.severity]++;
  return counts;
}
