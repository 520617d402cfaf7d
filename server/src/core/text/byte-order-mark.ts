// A byte-order mark is an encoding signature, not content. The server gets
// texts with one (from clients that keep it) and the CLI reads files with one:
// both parse as if it were not there, through these functions, so they report
// the same problems (only the offsets on the first line move by its length).

const BOM = 0xfeff;

/** How many byte-order marks the text starts with. */
export function byteOrderMarkLength(text: string): number {
  let n = 0;
  while (text.charCodeAt(n) === BOM) n++;
  return n;
}

/** The text without the byte-order mark a file starts with (as an editor shows it). */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}
