// Where the cursor is, in JSON-path terms, while the user types: on a key of
// an object (which one, which keys it already has) or on a value (of which
// member or list item). Works on documents with syntax errors: YAML block
// structure is read from the lines' indentation (the tree is only a shortcut
// for the lines above the cursor), flow collections and JSON are read by a
// small tolerant scanner from the collection's opening bracket.

import type { OffsetRange } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { splitPointer } from '../document/json-pointer';
import { schemasAt, typesOf } from './schema-nav';
import type { SourceText } from '../text/piece-text';

export type Style = 'block' | 'flow' | 'json';

interface BaseContext {
  /** The text the completion replaces. */
  range: OffsetRange;
  /** What was typed of it before the cursor (unquoted). */
  partial: string;
  style: Style;
  /** Flow/JSON: another entry follows the replaced text, so a `,` must follow the insertion. */
  commaAfter: boolean;
  /** Flow/JSON: the entry before has no comma after it yet, so the insertion starts with one. */
  commaBefore?: boolean;
  /** The quote the replaced text starts with (YAML), or '"' for JSON. */
  quote?: '"' | "'";
}

export interface KeyContext extends BaseContext {
  kind: 'key';
  /** Path of the object whose key is being typed. */
  path: string[];
  /** Keys the object already has (the one under the cursor excluded). */
  existingKeys: Set<string>;
  /** The key is already followed by `:`: insert the name only. */
  hasColon: boolean;
  /** YAML block: the column the key starts at. */
  column: number;
  /** YAML block `-|` with no space yet: the insertion needs one. */
  spaceBefore?: boolean;
}

export interface ValueContext extends BaseContext {
  kind: 'value';
  /** Path of the value; for a list item it ends with the item's index. */
  path: string[];
  /** The value is an item of a list. */
  inList: boolean;
  /** The other items of that list. */
  listItems: string[];
  /** Nothing but the key before it (`key: |`): a list may be offered whole (`[x]`). */
  bare: boolean;
  /** YAML `key:|` or `-|` with no space yet: the insertion needs one. */
  spaceBefore: boolean;
  /** YAML block: an indented line under a list key without `- ` yet. */
  itemPrefix?: string;
  /** YAML block: the column the value's line starts at (for `- item` continuations). */
  column: number;
}

export type CursorContext = KeyContext | ValueContext;

/** The context at `offset`, or undefined where nothing can be completed (inside a comment, a block scalar, ...). */
export function cursorContext(doc: ParsedDocument, offset: number): CursorContext | undefined {
  offset = Math.max(0, Math.min(offset, doc.source.length));
  if (doc.language === 'json') return jsonContext(doc, offset);
  return yamlContext(doc, offset);
}

// ---------------------------------------------------------------------------
// YAML block lines

interface Frame {
  col: number;
  type: 'seq' | 'key';
  key?: string;
  /** Column of the key's first character (its quote, when quoted) and after its last. */
  keyStart?: number;
  keyEnd?: number;
  /** Column after the `:`. */
  colonEnd?: number;
}

interface Line {
  indent: number;
  blank: boolean;
  frames: Frame[];
  /** Column where the text after the frames starts. */
  restCol: number;
  /** That text, without a trailing comment, right-trimmed. */
  rest: string;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

export function parseLine(line: string): Line {
  let i = 0;
  while (isSpace(line[i])) i++;
  const indent = i;
  if (i >= line.length || line[i] === '#') return { indent, blank: true, frames: [], restCol: line.length, rest: '' };
  const frames: Frame[] = [];
  for (;;) {
    if (line[i] === '-' && (i + 1 >= line.length || isSpace(line[i + 1]))) {
      frames.push({ col: i, type: 'seq' });
      i++;
      while (isSpace(line[i])) i++;
      if (i >= line.length) break;
      continue;
    }
    const key = matchKey(line, i);
    if (key) {
      frames.push({ col: i, type: 'key', key: key.key, keyStart: i, keyEnd: key.keyEnd, colonEnd: key.end });
      i = key.end;
      while (isSpace(line[i])) i++;
    }
    break;
  }
  const rest = stripComment(line.slice(i)).trimEnd();
  return { indent, blank: false, frames, restCol: i, rest };
}

function matchKey(line: string, i: number): { key: string; keyEnd: number; end: number } | undefined {
  const c = line[i];
  if (c === undefined) return undefined;
  if (c === '"' || c === "'") {
    const close = closingQuote(line, i);
    if (close < 0) return undefined;
    let j = close + 1;
    while (isSpace(line[j])) j++;
    if (line[j] !== ':' || !(j + 1 >= line.length || isSpace(line[j + 1]))) return undefined;
    return { key: unquote(line.slice(i, close + 1)), keyEnd: close + 1, end: j + 1 };
  }
  if ('[{&*!|>%@`#,?'.includes(c)) return undefined;
  for (let j = i; j < line.length; j++) {
    const ch = line[j];
    if (ch === '#' && j > i && isSpace(line[j - 1])) return undefined;
    if (ch === ':' && (j + 1 >= line.length || isSpace(line[j + 1]))) {
      const key = line.slice(i, j).trimEnd();
      if (!key) return undefined;
      return { key, keyEnd: i + key.length, end: j + 1 };
    }
  }
  return undefined;
}

function closingQuote(text: SourceText, open: number): number {
  const q = text.charAt(open);
  for (let j = open + 1; j < text.length; j++) {
    const ch = text.charAt(j);
    if (q === '"' && ch === '\\') {
      j++;
      continue;
    }
    if (ch === q) {
      if (q === "'" && text.charAt(j + 1) === "'") {
        j++;
        continue;
      }
      return j;
    }
    if (ch === '\n' || ch === '\r') return -1;
  }
  return -1;
}

function unquote(s: string): string {
  if (s.length >= 2 && s[0] === "'" && s[s.length - 1] === "'") return s.slice(1, -1).replace(/''/g, "'");
  if (s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"') {
    if (s.indexOf('\\') < 0) return s.slice(1, -1);
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}

function stripComment(s: string): string {
  let quote: string | undefined;
  for (let j = 0; j < s.length; j++) {
    const ch = s[j];
    if (quote) {
      if (quote === '"' && ch === '\\') j++;
      else if (ch === quote) quote = undefined;
    } else if ((ch === '"' || ch === "'") && (j === 0 || /[\s[{,:]/.test(s[j - 1]))) quote = ch;
    else if (ch === '#' && (j === 0 || isSpace(s[j - 1]))) return s.slice(0, j);
  }
  return s;
}

/** A value text that leaves the member's value to the following lines. */
function opensBlock(rest: string): boolean {
  return rest === '' || /^([|>][-+0-9]*|[&!][^\s]*)$/.test(rest);
}

class YamlLines {
  private readonly cache = new Map<number, Line>();
  constructor(readonly doc: ParsedDocument) {}

  line(l: number): Line {
    let p = this.cache.get(l);
    if (!p) {
      p = parseLine(this.doc.lineIndex.lineText(l));
      this.cache.set(l, p);
    }
    return p;
  }

  start(l: number): number {
    return this.doc.lineIndex.lineStart(l);
  }

  /** Indentation of a line, or -1 when blank or a comment (cheap: no full parse). */
  indentOf(l: number): number {
    const text = this.doc.source;
    let i = this.start(l);
    const end = this.doc.lineIndex.lineEnd(l);
    const s = i;
    while (i < end && (text.charAt(i) === ' ' || text.charAt(i) === '\t')) i++;
    if (i >= end || text.charAt(i) === '#') return -1;
    return i - s;
  }

  /** Path of the container (object, or array for a list entry) an entry at column `col` of line `l` goes into. */
  containerAt(l: number, col: number, seqEntry: boolean): string[] {
    if (col === 0 && !seqEntry) return [];
    for (let k = l - 1; k >= 0; k--) {
      const indent = this.indentOf(k);
      if (indent < 0) continue;
      if (indent > col || (indent === col && !seqEntry)) continue;
      const p = this.line(k);
      if (seqEntry) {
        const idx = p.frames.findIndex((f) => f.col === col && f.type === 'key');
        if (idx >= 0 && idx === p.frames.length - 1 && opensBlock(p.rest)) return this.pathOfFrame(k, p, idx);
      }
      let idx = -1;
      for (let i = 0; i < p.frames.length; i++) if (p.frames[i].col < col) idx = i;
      if (idx < 0) {
        if (p.frames.length === 0 && indent < col) continue; // a continuation line
        continue;
      }
      const f = p.frames[idx];
      if (f.type === 'key' && idx === p.frames.length - 1 && !opensBlock(p.rest)) {
        // `key: value` cannot hold an entry: the entry is its sibling.
        return idx > 0 ? this.pathOfFrame(k, p, idx - 1) : this.containerAt(k, f.col, false);
      }
      return this.pathOfFrame(k, p, idx);
    }
    return [];
  }

  /** Path of the node a frame stands for: a member's value or a list item. */
  pathOfFrame(l: number, p: Line, idx: number): string[] {
    const f = p.frames[idx];
    if (f.type === 'key') {
      const node = memberWithKeyAt(this.doc, this.start(l) + f.keyStart!);
      if (node && node.key === f.key) return splitPointer(node.pointer);
      const container = idx > 0 ? this.pathOfFrame(l, p, idx - 1) : this.containerAt(l, f.col, false);
      return [...container, f.key!];
    }
    const container = idx > 0 ? this.pathOfFrame(l, p, idx - 1) : this.containerAt(l, f.col, true);
    return [...container, String(this.seqIndex(l, f.col))];
  }

  /** How many items of the same list come before the one whose dash is at column `col` of line `l`. */
  seqIndex(l: number, col: number): number {
    let count = 0;
    for (let k = l - 1; k >= 0; k--) {
      const indent = this.indentOf(k);
      if (indent < 0 || indent > col) continue;
      const p = this.line(k);
      if (p.frames.length === 0) continue;
      if (p.frames.some((f) => f.col === col && f.type === 'seq')) count++;
      if (p.frames.some((f) => f.col === col && f.type === 'key')) break;
      if (p.frames.some((f) => f.col < col)) break;
    }
    return count;
  }

  /** Keys at column `col` around line `l`, within the same object (for documents the tree gets wrong). */
  siblingKeys(l: number, col: number): string[] {
    const out: string[] = [];
    const visit = (k: number): boolean => {
      const indent = this.indentOf(k);
      if (indent < 0 || indent > col) return true;
      const p = this.line(k);
      for (const f of p.frames) if (f.col === col && f.type === 'key') out.push(f.key!);
      return !p.frames.some((f) => f.col < col) && !(p.frames.length === 0 && indent < col);
    };
    for (let k = l - 1; k >= 0 && visit(k); k--);
    const count = this.doc.lineIndex.lineCount;
    for (let k = l + 1; k < count && visit(k); k++);
    return out;
  }
}

function memberWithKeyAt(doc: ParsedDocument, keyStart: number): DocNode | undefined {
  let n = doc.nodeAt(keyStart);
  while (n && !(n.keyRange && n.keyRange.start === keyStart)) n = n.parent;
  return n;
}

function yamlContext(doc: ParsedDocument, offset: number): CursorContext | undefined {
  const flow = flowStartFromTree(doc, offset);
  if (flow) return flowContext(doc, offset, flow.start, splitPointer(flow.pointer), 'flow', flow.node);

  const lines = new YamlLines(doc);
  const index = doc.lineIndex;
  const lineNo = index.positionAt(offset).line;
  const lineStart = index.lineStart(lineNo);
  const lineText = index.lineText(lineNo);
  const col = offset - lineStart;
  const p = lines.line(lineNo);

  if (p.blank) {
    // A blank line (or the start of a comment): a new entry at the cursor's column.
    if (lineText.slice(0, col).trim() !== '') return undefined;
    const c = col;
    return blockEntryContext(doc, lines, lineNo, c, p, { start: offset, end: offset }, '');
  }
  // Inside a comment?
  const commentAt = lineText.length - stripComment(lineText).length;
  if (commentAt > 0 && col > lineText.length - commentAt) return undefined;

  for (let i = 0; i < p.frames.length; i++) {
    const f = p.frames[i];
    if (f.type === 'key' && col >= f.keyStart! && col <= f.keyEnd!) {
      const path = i > 0 ? lines.pathOfFrame(lineNo, p, i - 1) : lines.containerAt(lineNo, f.col, false);
      const range = { start: lineStart + f.keyStart!, end: lineStart + f.keyEnd! };
      const raw = lineText.slice(f.keyStart!, col);
      const quote = raw[0] === '"' || raw[0] === "'" ? (raw[0] as '"' | "'") : undefined;
      return {
        kind: 'key', path, range, partial: quote ? raw.slice(1) : raw, style: 'block', commaAfter: false, quote,
        existingKeys: existingKeys(doc, lines, lineNo, f.col, path, range), hasColon: true, column: f.col,
      };
    }
  }
  if (col < p.restCol) {
    // In the indentation or among the dashes: only a fresh entry at the end of a dash list makes sense.
    if (lineText.slice(col).trim() !== '') return undefined;
  }
  const last = p.frames[p.frames.length - 1];
  // In the spaces before the value (only blanks follow): the value starts at the cursor.
  const restStart = Math.min(offset, lineStart + p.restCol);
  const valueEnd = Math.max(offset, lineStart + p.restCol + p.rest.length);
  if (p.rest[0] === '[' || p.rest[0] === '{') {
    const base = last ? lines.pathOfFrame(lineNo, p, p.frames.length - 1) : lines.containerAt(lineNo, p.restCol, false);
    return flowContext(doc, offset, restStart, base, 'flow');
  }
  if (last?.type === 'key') {
    const path = lines.pathOfFrame(lineNo, p, p.frames.length - 1);
    const raw = doc.source.slice(restStart, offset);
    const quote = raw[0] === '"' || raw[0] === "'" ? (raw[0] as '"' | "'") : undefined;
    const spaceBefore = restStart === lineStart + last.colonEnd!;
    return {
      kind: 'value', path, range: { start: restStart, end: valueEnd }, partial: quote ? raw.slice(1) : raw, style: 'block',
      commaAfter: false, quote, inList: false, listItems: [], bare: true, spaceBefore, column: p.indent,
    };
  }
  const raw = doc.source.slice(restStart, offset);
  // Right after a list item's dash (`-|`): the insertion starts with the space YAML needs there.
  const dashBefore = last?.type === 'seq' && restStart === lineStart + last.col + 1;
  return blockEntryContext(doc, lines, lineNo, p.restCol, p, { start: restStart, end: valueEnd }, raw, dashBefore);
}

/** An entry being typed at column `c` (after any dashes): a key, or a list item. */
function blockEntryContext(doc: ParsedDocument, lines: YamlLines, lineNo: number, c: number, p: Line, range: OffsetRange, raw: string, dashBefore = false): CursorContext {
  const quote = raw[0] === '"' || raw[0] === "'" ? (raw[0] as '"' | "'") : undefined;
  const partial = quote ? raw.slice(1) : raw;
  const last = p.frames[p.frames.length - 1];
  if (last?.type === 'seq') {
    const itemPath = lines.pathOfFrame(lineNo, p, p.frames.length - 1);
    if (!isObjectPath(doc, itemPath)) {
      const listPath = itemPath.slice(0, -1);
      return {
        kind: 'value', path: itemPath, range, partial, style: 'block', commaAfter: false, quote, inList: true,
        listItems: listItemsAt(doc, listPath, itemPath[itemPath.length - 1]), bare: false, spaceBefore: dashBefore, column: last.col,
      };
    }
    // After `-|` the key goes one column past the space to be inserted.
    const keyCol = dashBefore ? last.col + 2 : c;
    return {
      kind: 'key', path: itemPath, range, partial, style: 'block', commaAfter: false, quote,
      existingKeys: existingKeys(doc, lines, lineNo, keyCol, itemPath, range), hasColon: false, column: keyCol, spaceBefore: dashBefore,
    };
  }
  const path = lines.containerAt(lineNo, c, false);
  if (path.length && isArrayPath(doc, path)) {
    // Under a list key, without the dash yet.
    const list = doc.node(pathToPointer(path));
    const index = list?.kind === 'array' ? list.children.length : 0;
    return {
      kind: 'value', path: [...path, String(index)], range, partial, style: 'block', commaAfter: false, quote,
      inList: true, listItems: listItemsAt(doc, path), bare: false, spaceBefore: false, itemPrefix: '- ', column: c,
    };
  }
  return {
    kind: 'key', path, range, partial, style: 'block', commaAfter: false, quote,
    existingKeys: existingKeys(doc, lines, lineNo, c, path, range), hasColon: false, column: c,
  };
}

function isArrayPath(doc: ParsedDocument, path: string[]): boolean {
  const node = doc.node(pathToPointer(path));
  if (node?.kind === 'array') return true;
  if (node?.kind === 'object') return false;
  // a scalar here may be the half-typed entry itself: the schema decides
  const types = typesOf(schemasAt(path, doc.value));
  return types.has('array') && !types.has('object');
}

function isObjectPath(doc: ParsedDocument, path: string[]): boolean {
  const node = doc.node(pathToPointer(path));
  if (node?.kind === 'object') return true;
  const types = typesOf(schemasAt(path, doc.value));
  return types.has('object') && !types.has('array') && !types.has('string');
}

function existingKeys(doc: ParsedDocument, lines: YamlLines, lineNo: number, col: number, path: string[], range: OffsetRange, node = doc.node(pathToPointer(path))): Set<string> {
  const out = new Set<string>();
  if (node?.kind === 'object') {
    for (const child of node.children) {
      if (child.keyRange && child.keyRange.start <= range.end && child.keyRange.end >= range.start) continue;
      out.add(child.key!);
    }
  } else {
    for (const k of lines.siblingKeys(lineNo, col)) out.add(k);
  }
  return out;
}

function listItemsAt(doc: ParsedDocument, listPath: string[], exceptIndex?: string): string[] {
  const node = doc.node(pathToPointer(listPath));
  if (node?.kind !== 'array') return [];
  return node.children.filter((c) => String(c.index) !== exceptIndex && typeof c.value === 'string').map((c) => c.value as string);
}

export function pathToPointer(path: readonly string[]): string {
  return path.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The outermost flow collection around the cursor, per the tree. */
function flowStartFromTree(doc: ParsedDocument, offset: number): { start: number; pointer: string; node: DocNode } | undefined {
  let found: DocNode | undefined;
  for (let n = doc.nodeAt(offset); n; n = n.parent) {
    if (!n.flow || (n.kind !== 'object' && n.kind !== 'array')) continue;
    const open = doc.source.charAt(n.range.start);
    if (open !== '[' && open !== '{') continue;
    if (offset <= n.range.start) continue;
    const closeChar = open === '[' ? ']' : '}';
    const closed = doc.source.charAt(n.range.end - 1) === closeChar && n.range.end - 1 > n.range.start;
    if (offset < n.range.end || (!closed && offset === n.range.end)) found = n;
  }
  return found ? { start: found.range.start, pointer: found.pointer, node: found } : undefined;
}

// ---------------------------------------------------------------------------
// Flow collections and JSON

type TokKind = '{' | '}' | '[' | ']' | ',' | ':' | 's';

interface Tok {
  t: TokKind;
  start: number;
  end: number;
  /** Scalars: the value (unquoted) and the quote they open with. */
  value?: string;
  quote?: '"' | "'";
}

const SCAN_LIMIT = 400_000;

/** Tokens of the flow collection opening at `start`, up to its closing bracket (or the limit). */
function tokenize(text: SourceText, start: number, json: boolean, skips?: Map<number, number>): Tok[] {
  const out: Tok[] = [];
  const limit = Math.min(text.length, start + SCAN_LIMIT);
  // YAML: an unterminated flow collection ends where a line is not indented
  // more than the line it opened on (the block structure resumes there).
  const blockIndent = json ? -1 : indentAt(text, start);
  let depth = 0;
  let i = start;
  while (i < limit) {
    const c = text.charAt(i);
    if (c === '\n' || c === '\r') {
      i++;
      if (!json) {
        let j = i;
        while (text.charAt(j) === ' ' || text.charAt(j) === '\t') j++;
        const blank = j >= text.length || text.charAt(j) === '\n' || text.charAt(j) === '\r' || text.charAt(j) === '#';
        if (!blank && j - i <= blockIndent && !(text.charAt(j) === ']' || text.charAt(j) === '}')) break;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\ufeff') {
      i++;
      continue;
    }
    if (!json && c === '#' && (i === start || /\s/.test(text.charAt(i - 1)))) {
      i = lineEndFrom(text, i);
      continue;
    }
    if (json && c === '/' && (text.charAt(i + 1) === '/' || text.charAt(i + 1) === '*')) {
      i = skipJsonTrivia(text, i, limit);
      continue;
    }
    if ((c === '{' || c === '[') && depth > 0 && skips?.has(i)) {
      // A complete collection before the cursor: one value token.
      const end = skips.get(i)!;
      out.push({ t: 's', start: i, end, value: '' });
      i = end;
      continue;
    }
    if (c === '{' || c === '[' || c === '}' || c === ']' || c === ',' || c === ':') {
      out.push({ t: c, start: i, end: i + 1 });
      i++;
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth <= 0) break;
      }
      continue;
    }
    if (c === '"' || (c === "'" && !json)) {
      const close = json ? closingJsonQuote(text, i, limit) : closingQuote(text, i);
      const end = close < 0 ? lineEndFrom(text, i) : close + 1;
      const body = text.slice(i, end);
      out.push({ t: 's', start: i, end, value: close < 0 ? unquoteOpen(body) : unquote(body), quote: c });
      i = end;
      continue;
    }
    // A plain scalar (YAML) or a literal (JSON).
    let j = i;
    while (j < limit) {
      const d = text.charAt(j);
      if (d === '\n' || d === '\r' || d === ',' || d === '[' || d === ']' || d === '{' || d === '}') break;
      if (json && (d === ' ' || d === '\t' || d === ':' || d === '"' || d === '/')) break;
      if (!json && d === ':' && /[\s,[\]{}]/.test(j + 1 < text.length ? text.charAt(j + 1) : ' ')) break;
      if (!json && d === '#' && /\s/.test(text.charAt(j - 1))) break;
      j++;
    }
    let end = j;
    while (end > i && /\s/.test(text.charAt(end - 1))) end--;
    if (end === i) {
      i = j + 1;
      continue;
    }
    out.push({ t: 's', start: i, end, value: text.slice(i, end) });
    i = j;
  }
  return out;
}

/**
 * A path shared by the frames it leads to: each nesting level adds one link,
 * so a frame costs the same at any depth (a copied array per level made deep
 * nesting quadratic). Undefined stands for the collection's own path.
 */
interface PathLink {
  up: PathLink | undefined;
  segment: string;
}

function pathOf(base: readonly string[], link: PathLink | undefined, ...more: string[]): string[] {
  const segments: string[] = [];
  for (let l = link; l; l = l.up) segments.push(l.segment);
  return [...base, ...segments.reverse(), ...more];
}

interface FlowFrame {
  type: 'seq' | 'map';
  path: PathLink | undefined;
  index: number;
  phase: 'key' | 'value';
  /** The current entry already has its value (or item): a new one needs a comma first. */
  filled: boolean;
  key?: string;
  keys: string[];
  items: string[];
}

function flowContext(doc: ParsedDocument, offset: number, start: number, basePath: string[], style: Style, container?: DocNode): CursorContext | undefined {
  // The source, not the whole text: completion comes while typing, and an edited buffer is not joined for it.
  const text = doc.source;
  const json = style === 'json';
  // The tree's complete child collections before the cursor need no scanning.
  const skips = new Map<number, number>();
  if (container && container.range.start === start) {
    for (const child of container.children) {
      const r = child.range;
      if (r.end >= offset || (child.kind !== 'object' && child.kind !== 'array') || !child.flow) continue;
      const open = text.charAt(r.start);
      const close = text.charAt(r.end - 1);
      if ((open === '{' && close === '}') || (open === '[' && close === ']')) skips.set(r.start, r.end);
    }
  }
  const toks = tokenize(text, start, json, skips);
  const stack: FlowFrame[] = [];
  let at: { frame: FlowFrame; depth: number; phase: 'key' | 'value'; filled: boolean; index: number; key?: string; tok?: Tok; next?: Tok } | undefined;
  let lastScalar: Tok | undefined;

  const childPath = (f: FlowFrame | undefined): PathLink | undefined => {
    if (!f) return undefined;
    if (f.type === 'seq') return { up: f.path, segment: String(f.index) };
    return { up: f.path, segment: f.phase === 'value' && f.key !== undefined ? f.key : '?' };
  };
  const capture = (tok: Tok | undefined, k: number) => {
    const frame = stack[stack.length - 1];
    if (!frame) return;
    at = { frame, depth: stack.length - 1, phase: frame.phase, filled: frame.filled, index: frame.index, key: frame.key, tok, next: toks[tok ? k + 1 : k] };
  };

  for (let k = 0; k < toks.length; k++) {
    const tok = toks[k];
    if (!at) {
      if (tok.t === 's' && tok.start < offset && offset <= tok.end) capture(tok, k);
      else if (tok.start >= offset) capture(undefined, k);
    }
    // The cursor's collection has closed (a frame only ever sits at the depth it was pushed at).
    if (at && stack[at.depth] !== at.frame) break;
    switch (tok.t) {
      case '{':
      case '[':
        stack.push({ type: tok.t === '[' ? 'seq' : 'map', path: childPath(stack[stack.length - 1]), index: 0, phase: 'key', filled: false, keys: [], items: [] });
        lastScalar = undefined;
        break;
      case '}':
      case ']': {
        stack.pop();
        if (!stack.length && !at) return undefined; // the cursor is after the collection
        const parent = stack[stack.length - 1];
        if (parent && (parent.type === 'seq' || parent.phase === 'value')) parent.filled = true;
        break;
      }
      case ',': {
        const f = stack[stack.length - 1];
        if (f?.type === 'seq') f.index++;
        else if (f) {
          f.phase = 'key';
          f.key = undefined;
        }
        if (f) f.filled = false;
        lastScalar = undefined;
        break;
      }
      case ':': {
        const f = stack[stack.length - 1];
        if (f?.type === 'map' && f.phase === 'key') {
          f.key = lastScalar?.value ?? '';
          f.phase = 'value';
        }
        lastScalar = undefined;
        break;
      }
      case 's': {
        const f = stack[stack.length - 1];
        if (f?.type === 'seq') f.items[f.index] = tok.value!;
        else if (f?.phase === 'key') f.keys.push(tok.value!);
        if (f && (f.type === 'seq' || f.phase === 'value')) f.filled = true;
        lastScalar = tok;
        break;
      }
    }
  }
  if (!at) {
    if (!stack.length) return undefined;
    capture(undefined, toks.length);
  }
  if (!at) return undefined;
  const { frame, tok } = at;
  const range = tok ? { start: tok.start, end: tok.end } : { start: offset, end: offset };
  const rawBefore = tok ? text.slice(tok.start, offset) : '';
  const quote = tok?.quote ?? (json ? '"' : undefined);
  const partial = tok?.quote ? unquoteOpen(rawBefore) : rawBefore;
  const next = at.next;
  const commaAfter = !!next && next.t !== ',' && next.t !== ']' && next.t !== '}' && next.t !== ':';
  // After a complete entry with no comma yet (`[a ‸]`, `{"a": 1 ‸}`): a new entry, written after a comma.
  const commaBefore = !tok && at.filled;
  if (commaBefore) {
    if (frame.type === 'seq') at.index++;
    else at.phase = 'key';
  }

  if (frame.type === 'seq') {
    // The item under the cursor is being replaced; in a gap, a new item goes in before the others.
    const listItems = frame.items.filter((x, k) => (tok ? k !== at!.index : true) && x !== undefined);
    return {
      kind: 'value', path: pathOf(basePath, frame.path, String(at.index)), range, partial, style, commaAfter, commaBefore, quote,
      inList: true, listItems, bare: false, spaceBefore: false, column: 0,
    };
  }
  if (at.phase === 'value') {
    return {
      kind: 'value', path: pathOf(basePath, frame.path, at.key ?? ''), range, partial, style, commaAfter, commaBefore, quote,
      // YAML reads `{a:b}` as one scalar: a value right after the colon needs a space.
      inList: false, listItems: [], bare: true, spaceBefore: !json && text.charAt(range.start - 1) === ':', column: 0,
    };
  }
  const hasColon = !!tok && next?.t === ':';
  const existingKeys = new Set(frame.keys);
  if (tok) {
    // the key under the cursor is not "already there"
    const typed = tok.value!;
    const others = frame.keys.filter((k) => k === typed).length;
    if (others <= 1) existingKeys.delete(typed);
  }
  return {
    kind: 'key', path: pathOf(basePath, frame.path), range, partial, style, commaAfter: hasColon ? false : commaAfter, commaBefore, quote,
    existingKeys, hasColon, column: 0,
  };
}

function jsonContext(doc: ParsedDocument, offset: number): CursorContext | undefined {
  // Start at a shallow container around the cursor the tree agrees on, else at the document's first bracket.
  for (let n = doc.nodeAt(offset); n; n = n.parent) {
    if (depthAbove(n, 2) > 2 || (n.kind !== 'object' && n.kind !== 'array')) continue;
    const open = doc.source.charAt(n.range.start);
    if ((open === '{' || open === '[') && n.range.start < offset && offset < n.range.end) {
      return flowContext(doc, offset, n.range.start, splitPointer(n.pointer), 'json', n);
    }
  }
  const start = skipJsonTrivia(doc.source, 0, doc.source.length);
  if (start >= offset || (doc.source.charAt(start) !== '{' && doc.source.charAt(start) !== '[')) return undefined;
  return flowContext(doc, offset, start, [], 'json', doc.root && doc.root.range.start === start ? doc.root : undefined);
}

/** The node's depth, counted up to `max + 1` (a deep node's pointer would cost its depth each time). */
function depthAbove(node: DocNode, max: number): number {
  let depth = 0;
  for (let n = node.parent; n && depth <= max; n = n.parent) depth++;
  return depth;
}

function skipJsonTrivia(text: SourceText, i: number, end: number): number {
  while (i < end) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') i++;
    else if (c === '/' && text.charAt(i + 1) === '/') {
      while (i < end && text.charAt(i) !== '\n') i++;
    } else if (c === '/' && text.charAt(i + 1) === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else break;
  }
  return i;
}

function closingJsonQuote(text: SourceText, open: number, limit: number): number {
  for (let j = open + 1; j < limit; j++) {
    const ch = text.charAt(j);
    if (ch === '\\') {
      j++;
      continue;
    }
    if (ch === '"') return j;
    if (ch === '\n' || ch === '\r') return -1;
  }
  return -1;
}

function indentAt(text: SourceText, offset: number): number {
  let s = offset;
  while (s > 0 && text.charAt(s - 1) !== '\n' && text.charAt(s - 1) !== '\r') s--;
  let i = s;
  while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
  return i - s;
}

function lineEndFrom(text: SourceText, i: number): number {
  while (i < text.length && text.charAt(i) !== '\n' && text.charAt(i) !== '\r') i++;
  return i;
}

function unquoteOpen(raw: string): string {
  const q = raw[0];
  const body = raw.length > 1 && raw.endsWith(q) ? raw.slice(1, -1) : raw.slice(1);
  return q === "'" ? body.replace(/''/g, "'") : body.replace(/\\(.)/g, '$1');
}

