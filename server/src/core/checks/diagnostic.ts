// A small factory so every check builds diagnostics the same way.

import type { CoreDiagnostic, Fix, OffsetRange, RelatedLocation, Severity } from '../types';
import type { DocNode } from '../document/parsed-document';

export interface Located {
  uri: string;
  node: DocNode;
}

export function at(
  where: Located,
  severity: Severity,
  code: string,
  message: string,
  options: { on?: 'key' | 'value'; fixes?: Fix[] | (() => Fix[]); related?: RelatedLocation[]; tags?: CoreDiagnostic['tags']; data?: Record<string, unknown> } = {},
): CoreDiagnostic {
  const { node } = where;
  const range = options.on === 'key' && node.keyRange ? copyRange(node.keyRange) : rangeOfValue(node);
  const d: CoreDiagnostic = {
    uri: where.uri, range, severity, code, message,
    ...(options.related?.length ? { related: options.related } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    data: { pointer: node.pointer, ...(options.data ?? {}) },
  };
  const fixes = options.fixes;
  if (typeof fixes === 'function') withLazyFixes(d, fixes);
  else if (fixes?.length) d.fixes = fixes;
  return d;
}

/**
 * Fixes computed on first read: most diagnostics are never asked for their
 * fixes, and a fix's edits cost a look at the document's layout.
 */
export function withLazyFixes(d: CoreDiagnostic, compute: () => Fix[]): CoreDiagnostic {
  let cached: Fix[] | undefined;
  Object.defineProperty(d, 'fixes', {
    get: () => (cached ??= compute()),
    set: (value: Fix[]) => { cached = value; },
    enumerable: false,
    configurable: true,
  });
  return d;
}

/**
 * A copy of a node's range for a result that outlives the analysis: an
 * incremental re-parse moves the next version's offsets in place.
 */
export function copyRange(range: OffsetRange): OffsetRange {
  return { start: range.start, end: range.end };
}

/** A block collection is shown on its key; a scalar or flow collection on itself. (A copy.) */
export function rangeOfValue(node: DocNode): OffsetRange {
  if ((node.kind === 'object' || node.kind === 'array') && !node.flow && node.keyRange) return copyRange(node.keyRange);
  if (node.range.start === node.range.end && node.keyRange) return copyRange(node.keyRange);
  return copyRange(node.range);
}

export function keyLocation(uri: string, node: DocNode, message: string): RelatedLocation {
  return { uri, range: copyRange(node.keyRange ?? node.range), message };
}
