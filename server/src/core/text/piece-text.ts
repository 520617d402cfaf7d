// A document's text as a list of pieces, each a flat string, for the editor's
// open buffers. V8 applies an edit to a string by concatenation, and the first
// read of the result copies all of it into fresh memory: on Debian's imported
// archive (19 MB, two-byte) that is ~38 MB and ~0.1 s of page faults per
// keystroke, before any analysis. A PieceText edit splits one piece; the whole
// text is joined only when a reader asks for all of it (toString), once per
// version. The incremental parse reads the edited member and the change
// (changeSince), never the rest.
//
// Immutable: an analysis reads a snapshot while the editor makes the next one.

/** Where `after` differs from `before`: [start, oldEnd) of before is [start, newEnd) of after; the rest is the same. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** A text as the core reads it: a string, or an open buffer's pieces (both answer length, charCodeAt, charAt, slice, indexOf, includes). */
export type SourceText = string | PieceText;

/** The whole text (an open buffer's joined, once per version). */
export function textOf(source: SourceText): string {
  return typeof source === 'string' ? source : source.toString();
}

/** Past this many pieces an edit joins them (a copy of the text every ~60 scattered edits; typing at one place adds none). */
const MAX_PIECES = 128;
/** Neighbouring pieces this short are merged at each edit: typing grows one piece. */
const MERGE_BELOW = 512;
/** How many edits back changeSince can look: an older text is kept alive no longer. */
const MAX_HISTORY = 32;

export class PieceText {
  readonly length: number;
  /** The whole text once someone asked for it (then pieces are [flat]). */
  private flat: string | undefined;
  /** Offsets where the pieces start (ascending; starts[0] = 0). No piece is empty but the one of an empty text. */
  private readonly starts: Int32Array;
  /** The piece charCodeAt read last: scans read one piece at a time. */
  private last = 0;

  private constructor(
    private pieces: readonly string[],
    /** The text this one was made from by one edit, and where it differs. */
    private from: PieceText | undefined,
    private readonly change: TextChange | undefined,
  ) {
    this.starts = new Int32Array(pieces.length);
    let at = 0;
    for (let k = 0; k < pieces.length; k++) {
      this.starts[k] = at;
      at += pieces[k].length;
    }
    this.length = at;
    if (pieces.length === 1) this.flat = pieces[0];
  }

  static of(text: string): PieceText {
    return new PieceText([text], undefined, undefined);
  }

  /** This text with [start, end) replaced by `inserted` (offsets clamped into the text). */
  edit(start: number, end: number, inserted: string): PieceText {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(start, Math.min(end, this.length));
    const pieces = this.flat !== undefined ? [this.flat] : this.pieces;
    const starts = this.flat !== undefined ? [0] : this.starts;
    const out: string[] = [];
    let k = 0;
    // Pieces wholly before the edit.
    for (; k < pieces.length && starts[k] + pieces[k].length <= start; k++) out.push(pieces[k]);
    const first = out.length;
    if (k < pieces.length && starts[k] < start) out.push(pieces[k].slice(0, start - starts[k]));
    if (inserted.length) out.push(inserted);
    // Skip the pieces the edit covers; keep what follows `end` in the last of them.
    while (k < pieces.length && starts[k] + pieces[k].length <= end) k++;
    if (k < pieces.length && starts[k] < end) {
      out.push(pieces[k].slice(end - starts[k]));
      k++;
    }
    // Short neighbours around the edit are joined (the piece before it included).
    const merged = mergeShort(out, Math.max(0, first - 1));
    for (; k < pieces.length; k++) merged.push(pieces[k]);
    if (merged.length === 0) merged.push('');
    const text = new PieceText(merged.length > MAX_PIECES ? [merged.join('')] : merged, this, { start, oldEnd: end, newEnd: start + inserted.length });
    text.forgetBeyond(MAX_HISTORY);
    return text;
  }

  charCodeAt(i: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(i);
    if (i < 0 || i >= this.length) return NaN;
    let k = this.last;
    const starts = this.starts;
    if (!(starts[k] <= i && i < starts[k] + this.pieces[k].length)) this.last = k = this.pieceAt(i);
    return this.pieces[k].charCodeAt(i - starts[k]);
  }

  /** Like String.prototype.charAt: '' outside the text. */
  charAt(i: number): string {
    return i >= 0 && i < this.length ? String.fromCharCode(this.charCodeAt(i)) : '';
  }

  /** Like String.prototype.slice (an offset below 0 counts from the end). */
  slice(start = 0, end = this.length): string {
    if (this.flat !== undefined) return this.flat.slice(start, end);
    const length = this.length;
    const offset = (x: number): number => {
      const at = Math.trunc(x) || 0;
      return at < 0 ? Math.max(0, length + at) : Math.min(at, length);
    };
    start = offset(start);
    end = Math.max(start, offset(end));
    if (start === end) return '';
    const k = this.pieceAt(start);
    const starts = this.starts;
    if (end <= starts[k] + this.pieces[k].length) return this.pieces[k].slice(start - starts[k], end - starts[k]);
    const parts = [this.pieces[k].slice(start - starts[k])];
    let j = k + 1;
    for (; j < this.pieces.length && starts[j] + this.pieces[j].length < end; j++) parts.push(this.pieces[j]);
    if (j < this.pieces.length) parts.push(this.pieces[j].slice(0, end - starts[j]));
    return parts.join('');
  }

  /** Like String.prototype.indexOf: the first offset at or after `from` where `search` starts, or -1. */
  indexOf(search: string, from = 0): number {
    if (this.flat !== undefined) return this.flat.indexOf(search, from);
    from = Math.max(0, from);
    if (search.length === 0) return Math.min(from, this.length);
    if (from >= this.length) return -1;
    for (let k = this.pieceAt(from); k < this.pieces.length; k++) {
      const piece = this.pieces[k];
      const local = Math.max(0, from - this.starts[k]);
      const at = piece.indexOf(search, local);
      if (at >= 0) return this.starts[k] + at;
      if (search.length > 1) {
        // A match that starts in this piece and ends in the next ones.
        const tailStart = Math.max(local, piece.length - (search.length - 1));
        const end = this.starts[k] + piece.length;
        const across = (piece.slice(tailStart) + this.slice(end, end + search.length - 1)).indexOf(search);
        if (across >= 0) return this.starts[k] + tailStart + across;
      }
    }
    return -1;
  }

  /** Like String.prototype.includes. */
  includes(search: string): boolean {
    return this.indexOf(search) >= 0;
  }

  /** Whether a reader has asked for the whole text (for tests and benchmarks: the edit path should not). */
  get joined(): boolean {
    return this.joinedForReader;
  }

  private joinedForReader = false;

  /** The whole text, joined on the first call and kept. */
  toString(): string {
    if (this.flat === undefined) {
      this.joinedForReader = true;
      this.flat = this.pieces.join('');
      this.pieces = [this.flat];
      this.last = 0;
    }
    return this.flat;
  }

  /**
   * How this text differs from `earlier`, when this text was made from it by
   * at most MAX_HISTORY edits: one change covering them all. Undefined otherwise.
   */
  changeSince(earlier: PieceText): TextChange | undefined {
    if (earlier === this) return { start: 0, oldEnd: 0, newEnd: 0 };
    const chain: TextChange[] = [];
    let t: PieceText | undefined = this;
    while (t && t !== earlier && chain.length <= MAX_HISTORY) {
      if (!t.change) return undefined;
      chain.push(t.change);
      t = t.from;
    }
    if (t !== earlier) return undefined;
    let covering = chain[chain.length - 1];
    for (let i = chain.length - 2; i >= 0; i--) covering = compose(covering, chain[i]);
    return covering;
  }

  /** Drops the link to texts more than `edits` edits back, so they can be collected. */
  private forgetBeyond(edits: number): void {
    let t: PieceText | undefined = this;
    for (let i = 0; t && i < edits; i++) t = t.from;
    if (t) t.from = undefined;
  }

  /** The piece holding offset i (0 <= i < length). */
  private pieceAt(i: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= i) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** `first` (text 0 -> 1) followed by `second` (text 1 -> 2) as one change from text 0 to text 2. */
export function compose(first: TextChange, second: TextChange): TextChange {
  const start = Math.min(first.start, second.start);
  const endInMiddle = Math.max(first.newEnd, second.oldEnd);
  return {
    start,
    oldEnd: first.oldEnd + (endInMiddle - first.newEnd),
    newEnd: endInMiddle + (second.newEnd - second.oldEnd),
  };
}

/** `pieces` with neighbours from `from` on joined while short; empty pieces dropped. */
function mergeShort(pieces: string[], from: number): string[] {
  const out = pieces.slice(0, from);
  const firstMergeable = out.length;
  for (let k = from; k < pieces.length; k++) {
    const piece = pieces[k];
    if (piece.length === 0) continue;
    const prev = out.length - 1;
    if (prev >= firstMergeable && out[prev].length + piece.length < MERGE_BELOW) out[prev] = out[prev] + piece;
    else out.push(piece);
  }
  return out;
}
