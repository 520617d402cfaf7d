// Applying offset edits to a text. Edits must not overlap; insertions at the
// same offset are applied in the order given, and an insertion at the start
// of a replaced range goes before the replacement.

import type { OffsetEdit } from '../types';
import { EditError } from './edit-error';

/** The edits sorted by position (stable), after checking that they are in range and do not overlap. */
export function sortEdits(textLength: number, edits: readonly OffsetEdit[]): OffsetEdit[] {
  const indexed = edits.map((edit, index) => ({ edit, index }));
  for (const { edit } of indexed) {
    const { start, end } = edit.range;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > textLength) {
      throw new RangeError(`edit range [${start}, ${end}) is outside the text (length ${textLength})`);
    }
  }
  indexed.sort((a, b) =>
    a.edit.range.start - b.edit.range.start || a.edit.range.end - b.edit.range.end || a.index - b.index);
  const sorted = indexed.map((x) => x.edit);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1].range;
    const current = sorted[i].range;
    if (previous.end > current.start) {
      throw new EditError('overlap', `overlapping edits: [${previous.start}, ${previous.end}) and [${current.start}, ${current.end})`);
    }
  }
  return sorted;
}

/** Applies non-overlapping edits; throws an EditError (code `overlap`) when two edits overlap. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = sortEdits(text.length, edits);
  // Equivalent to applying them back to front, in one pass.
  const parts: string[] = [];
  let position = 0;
  for (const { range, newText } of sorted) {
    parts.push(text.slice(position, range.start), newText);
    position = range.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}
