// deb822 (Debian Policy §5.1) with exact positions, for the editor: the
// importer's parser (import/debian/deb822.ts) streams values of 60 MB
// indexes and forgets where they were; this one keeps every stanza, field,
// continuation line and comment as offsets into the text (UTF-16 code units,
// so the LSP layer maps them with a LineIndex), and reports malformed lines
// instead of skipping them. It never throws.
//
// Lines end with \n, \r\n or a lone \r (as LSP counts lines). A line that is
// empty or only whitespace ends a stanza. A line starting with `#` is a
// comment: dpkg strips comment lines before parsing debian/control, so a
// comment between two continuation lines does not end the field.

import type { OffsetRange } from '../types';

export interface Deb822Field {
  /** The name as written. */
  name: string;
  /** Lower-cased: field names are case-insensitive. */
  lower: string;
  nameRange: OffsetRange;
  /** From the name to the end of its last continuation line (line break excluded). */
  range: OffsetRange;
  /** Just after the colon. */
  valueStart: number;
  /** The end of the last continuation line (line break excluded). */
  valueEnd: number;
  /**
   * text[valueStart, valueEnd) with comment lines blanked out (each character
   * replaced by a space, line breaks kept): offset i of it is valueStart + i
   * of the document, so parsers of the value report document ranges.
   */
  rawValue: string;
  /** Number of continuation lines. */
  continuationLines: number;
}

export interface Deb822Stanza {
  range: OffsetRange;
  fields: Deb822Field[];
}

export interface Deb822Problem {
  range: OffsetRange;
  code: 'deb822-syntax' | 'deb822-duplicate-field';
  message: string;
}

export interface Deb822Document {
  text: string;
  stanzas: Deb822Stanza[];
  /** Comment lines (the `#` to the end of the line). */
  comments: OffsetRange[];
  problems: Deb822Problem[];
}

interface Line {
  start: number;
  /** End of the content (before the line break). */
  end: number;
}

function* lines(text: string, from: number): Generator<Line> {
  const n = text.length;
  let pos = from;
  while (pos < n) {
    let end = pos;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    yield { start: pos, end };
    if (end >= n) return;
    pos = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}

function isBlank(text: string, line: Line): boolean {
  for (let i = line.start; i < line.end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Field names: printable US-ASCII except colon, not starting with `#` or `-` (Policy §5.1). */
const FIELD_NAME = /^[!-9;-~][!-9;-~]*$/;

export function parseDeb822Document(input: unknown): Deb822Document {
  const text = typeof input === 'string' ? input : '';
  const doc: Deb822Document = { text, stanzas: [], comments: [], problems: [] };
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let stanza: Deb822Stanza | null = null;
  let field: Deb822Field | null = null;
  // Comment lines inside the current field, to blank out of its raw value.
  let fieldComments: OffsetRange[] = [];
  let seen = new Map<string, Deb822Field>();

  const closeField = (): void => {
    if (field === null) return;
    let raw = text.slice(field.valueStart, field.valueEnd);
    if (fieldComments.length > 0) {
      const chars = raw.split('');
      for (const c of fieldComments) {
        for (let i = c.start; i < c.end && i < field.valueEnd; i++) chars[i - field.valueStart] = ' ';
      }
      raw = chars.join('');
    }
    field.rawValue = raw;
    field = null;
    fieldComments = [];
  };
  const closeStanza = (): void => {
    closeField();
    if (stanza !== null) doc.stanzas.push(stanza);
    stanza = null;
    seen = new Map();
  };

  for (const line of lines(text, from)) {
    if (isBlank(text, line)) {
      closeStanza();
      continue;
    }
    const c0 = text.charCodeAt(line.start);
    if (c0 === 35 /* # */) {
      const range = { start: line.start, end: line.end };
      doc.comments.push(range);
      if (field !== null) fieldComments.push(range);
      continue;
    }
    if (c0 === 32 || c0 === 9) {
      if (field === null) {
        doc.problems.push({
          range: { start: line.start, end: line.end },
          code: 'deb822-syntax',
          message: 'A continuation line (starting with a space) must follow a field',
        });
        continue;
      }
      // Comments since the last value line belong inside the field.
      field.valueEnd = line.end;
      field.range = { start: field.range.start, end: line.end };
      field.continuationLines++;
      if (stanza !== null) stanza.range = { start: stanza.range.start, end: line.end };
      continue;
    }
    closeField();
    const lineText = text.slice(line.start, line.end);
    const colon = lineText.indexOf(':');
    if (stanza === null) stanza = { range: { start: line.start, end: line.end }, fields: [] };
    stanza.range = { start: stanza.range.start, end: line.end };
    if (colon <= 0) {
      doc.problems.push({
        range: { start: line.start, end: line.end },
        code: 'deb822-syntax',
        message: colon === 0 ? 'A field name is missing before the colon' : "Expected 'Field: value' (no colon on this line)",
      });
      continue;
    }
    const name = lineText.slice(0, colon).replace(/[ \t]+$/, '');
    const nameRange = { start: line.start, end: line.start + name.length };
    if (!FIELD_NAME.test(name) || name.startsWith('-')) {
      doc.problems.push({
        range: nameRange,
        code: 'deb822-syntax',
        message: `'${name}' is not a valid field name (printable ASCII without spaces or colons, not starting with '-' or '#')`,
      });
    }
    const lower = name.toLowerCase();
    const f: Deb822Field = {
      name,
      lower,
      nameRange,
      range: { start: line.start, end: line.end },
      valueStart: line.start + colon + 1,
      valueEnd: line.end,
      rawValue: '',
      continuationLines: 0,
    };
    const before = seen.get(lower);
    if (before !== undefined) {
      doc.problems.push({
        range: nameRange,
        code: 'deb822-duplicate-field',
        message: `'${name}' appears twice in this stanza (first on the field '${before.name}')`,
      });
    } else {
      seen.set(lower, f);
    }
    stanza.fields.push(f);
    field = f;
  }
  closeStanza();
  return doc;
}

/** The field of a stanza by (case-insensitive) name. */
export function fieldOf(stanza: Deb822Stanza, name: string): Deb822Field | undefined {
  const lower = name.toLowerCase();
  return stanza.fields.find((f) => f.lower === lower);
}

/** A folded field value (whitespace runs collapsed), as dpkg reads it. */
export function foldedValue(field: Deb822Field): string {
  return field.rawValue.replace(/\s+/g, ' ').trim();
}

/** The stanza containing offset, if any (between the first and last character of its lines). */
export function stanzaAt(doc: Deb822Document, offset: number): Deb822Stanza | undefined {
  return doc.stanzas.find((s) => s.range.start <= offset && offset <= s.range.end);
}

/** The field whose lines contain offset, if any. */
export function fieldAt(stanza: Deb822Stanza, offset: number): Deb822Field | undefined {
  return stanza.fields.find((f) => f.range.start <= offset && offset <= f.range.end);
}
