// deb822 control-file parsing (Debian Policy §5.1): the format of Sources,
// Packages and debian/control files.
//
// A file is a sequence of paragraphs separated by blank lines (lines that are
// empty or contain only whitespace). A paragraph is a sequence of fields
// `Name: value`; a line starting with a space or tab continues the previous
// field. Lines starting with `#` are comments (allowed in debian/control) and
// are skipped without ending the paragraph.
//
// Field values are either *folded* (continuation lines are joined with single
// spaces: Build-Depends, Depends, Binary, ...) or *multiline* (line structure
// is kept: Description, Files, Checksums-*, Package-List, ...). Multiline values
// keep the first line, then one line per continuation line with its leading
// whitespace removed; a continuation line consisting of `.` stands for an
// empty line.

/** A paragraph: field name (as written in the file) -> value. */
export type Deb822Paragraph = Record<string, string>;

/** Field names (lower case) whose values keep their line structure. */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set([
  'description',
  'files',
  'checksums-sha1',
  'checksums-sha256',
  'checksums-sha512',
  'checksums-md5',
  'package-list',
  'changes',
  'conffiles',
  'dgit',
  'license',
  'copyright',
  'comment',
]);

export interface Deb822Options {
  /**
   * When given, only these fields (lower-case names) are stored; the others
   * are skipped while scanning. Keeps memory low on 60 MB indexes.
   */
  fields?: ReadonlySet<string>;
}

/** Collapse the internal whitespace of a folded value. */
function fold(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

function finishValue(lowerName: string, firstLine: string, continuation: string[] | null): string {
  if (continuation === null) return firstLine.trim();
  if (MULTILINE_FIELDS.has(lowerName)) {
    const lines = [firstLine.trim()];
    for (const c of continuation) {
      const t = c.trim();
      lines.push(t === '.' ? '' : t);
    }
    // A multiline field may start on the next line (`Files:` then entries).
    if (lines[0] === '') lines.shift();
    return lines.join('\n');
  }
  return fold(firstLine + ' ' + continuation.join(' '));
}

/**
 * Iterate over the paragraphs of a deb822 text. Lazy, so a caller can index a
 * large file without materialising every paragraph.
 */
export function* iterateDeb822(text: string, options: Deb822Options = {}): Generator<Deb822Paragraph> {
  const wanted = options.fields;
  const n = text.length;
  let pos = 0;
  // Skip a byte-order mark.
  if (n > 0 && text.charCodeAt(0) === 0xfeff) pos = 1;

  let para: Deb822Paragraph | null = null;
  let curName: string | null = null; // name as written
  let curLower = '';
  let curFirst = '';
  let curCont: string[] | null = null;
  let curKeep = false;

  const flushField = (): void => {
    if (curName !== null && curKeep && para !== null) {
      para[curName] = finishValue(curLower, curFirst, curCont);
    }
    curName = null;
    curCont = null;
    curKeep = false;
  };

  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13 /* \r */) end--;
    const line = text.slice(pos, end);
    pos = eol + 1;

    const c0 = line.charCodeAt(0);
    const indented = c0 === 32 /* space */ || c0 === 9; /* tab */
    if (line.length === 0 || (indented && line.trim() === '')) {
      // Paragraph separator.
      flushField();
      if (para !== null) {
        const done = para;
        para = null;
        yield done;
      }
      continue;
    }
    if (c0 === 35 /* # */) continue; // comment line
    if (indented) {
      // Continuation of the current field (ignored if there is none).
      if (curName !== null && curKeep) {
        if (curCont === null) curCont = [];
        curCont.push(line);
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // malformed line: skip it
    flushField();
    if (para === null) para = {};
    const name = line.slice(0, colon).trim();
    curName = name;
    curLower = name.toLowerCase();
    curKeep = wanted === undefined || wanted.has(curLower);
    curFirst = curKeep ? line.slice(colon + 1) : '';
    curCont = null;
  }
  flushField();
  if (para !== null) yield para;
}

/** Parse a whole deb822 text into its paragraphs. */
export function parseDeb822(text: string, options: Deb822Options = {}): Deb822Paragraph[] {
  return Array.from(iterateDeb822(text, options));
}

/** Case-insensitive field lookup (Debian field names are case-insensitive). */
export function getField(p: Deb822Paragraph, name: string): string | undefined {
  const v = p[name];
  if (v !== undefined) return v;
  const lower = name.toLowerCase();
  for (const k of Object.keys(p)) {
    if (k.toLowerCase() === lower) return p[k];
  }
  return undefined;
}
