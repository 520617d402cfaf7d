// Offset <-> line/character mapping in UTF-16 code units, the unit LSP uses
// by default and the unit JavaScript strings index in. Line breaks are \n,
// \r\n and a lone \r, as the LSP specification defines them.

import type { SourceText } from '../text/piece-text';

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly lineStarts: ArrayLike<number>;

  constructor(private readonly text: SourceText, lineStarts?: ArrayLike<number>) {
    this.lineStarts = lineStarts ?? (text.includes('\r') ? scanLineStarts(text, 0, text.length, [0]) : newlineStarts(text));
  }

  /**
   * The index of `text`, which is `previous`'s text with [start, oldEnd)
   * replaced by what now sits at [start, newEnd): lines before the change are
   * kept, lines after it move, only the changed lines are scanned.
   */
  static afterEdit(previous: LineIndex, text: SourceText, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = previous.lineStarts;
    const delta = newEnd - oldEnd;
    // A line start s depends on the characters at s-2 .. s (a \r\n pair, a lone \r).
    // Kept: the starts before the change; rescanned: the changed lines; moved: the rest.
    const keep = firstAtOrAfter(old, start);
    const scanned = scanLineStarts(text, Math.max(0, start - 1), Math.min(text.length, newEnd + 1), [], newEnd + 2);
    const tail = firstAtOrAfter(old, oldEnd + 2);
    const head = keep === 0 || old[0] !== 0 ? 1 : 0;
    // A change of as many characters that makes and breaks no line (a name
    // retyped): the same starts, shared (the index is never written).
    if (delta === 0 && !head && tail - keep === scanned.length && scanned.every((s, j) => s === old[keep + j])) return new LineIndex(text, old);
    const starts = new Int32Array(head + keep + scanned.length + old.length - tail);
    let k = 0;
    if (head) starts[k++] = 0;
    if (old instanceof Int32Array) starts.set(old.subarray(0, keep), k);
    else for (let i = 0; i < keep; i++) starts[k + i] = old[i];
    k += keep;
    for (const s of scanned) starts[k++] = s;
    for (let i = tail; i < old.length; i++) starts[k++] = old[i] + delta;
    return new LineIndex(text, k === starts.length ? starts : starts.subarray(0, k));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** The line break the document mostly uses, for edits that insert lines. */
  get eol(): string {
    const i = this.text.indexOf('\n');
    if (i > 0 && this.text.charCodeAt(i - 1) === 13) return '\r\n';
    if (i < 0 && this.text.includes('\r')) return '\r';
    return '\n';
  }
}

/** The first index of ascending `starts` whose value is at least `offset`. */
function firstAtOrAfter(starts: ArrayLike<number>, offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Appends the starts of the lines that begin after a break at [from, to), below `limit`. */
function scanLineStarts(text: SourceText, from: number, to: number, starts: number[], limit = Infinity): number[] {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    let next = -1;
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      next = i + 1;
    } else if (c === 10 /* \n */) {
      next = i + 1;
    }
    if (next >= 0 && next < limit) starts.push(next);
  }
  return starts;
}

/** The line starts of a text without carriage returns: the native search finds each \n (twice as fast as a loop over every character). */
function newlineStarts(text: SourceText): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
