// Ranges start and end between characters: never between the \r and \n of a
// line break, never between the two halves of a surrogate pair (an emoji).
// Parsers report some positions inside such pairs (yaml's "Block scalar
// header includes extra characters" after `|😀` ends inside the emoji); an
// editor would draw them on the wrong column or reject them.

import type { OffsetRange } from '../types';

/** Whether an offset splits a \r\n pair or a surrogate pair of `text`. */
export function splitsCharacter(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

/** The range widened to whole characters (in place, and returned). */
export function onCharacterBoundaries(text: string, range: OffsetRange): OffsetRange {
  if (splitsCharacter(text, range.start)) range.start--;
  if (splitsCharacter(text, range.end)) range.end++;
  return range;
}
