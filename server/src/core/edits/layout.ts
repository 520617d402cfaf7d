// Reading the layout of a parsed document: lines, columns, comments, where an
// entry (member or item) starts and ends, and the indentation and quoting
// habits of the file. Everything the edit builders need to write text that
// looks like its neighbours.

import type { OffsetEdit } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { EditError } from './edit-error';
import type { SourceText } from '../text/piece-text';

export const isHSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
export const isBreak = (ch: string | undefined): boolean => ch === '\n' || ch === '\r';
export const isWs = (ch: string | undefined): boolean => isHSpace(ch) || isBreak(ch);

export function insert(offset: number, newText: string): OffsetEdit {
  return { range: { start: offset, end: offset }, newText };
}

export function replace(start: number, end: number, newText: string): OffsetEdit {
  return { range: { start, end }, newText };
}

export function bomLength(text: SourceText): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

export function lineOf(doc: ParsedDocument, offset: number): number {
  return doc.lineIndex.positionAt(offset).line;
}

/** Start of a line's content: after the byte-order mark on the first line. */
export function lineStartOfLine(doc: ParsedDocument, line: number): number {
  return line === 0 ? bomLength(doc.source) : doc.lineIndex.lineStart(line);
}

export function lineStartAt(doc: ParsedDocument, offset: number): number {
  return lineStartOfLine(doc, lineOf(doc, offset));
}

/** End of the line's content (before its line break). */
export function lineEndAt(doc: ParsedDocument, offset: number): number {
  return doc.lineIndex.lineEnd(lineOf(doc, offset));
}

/** Column in UTF-16 units, not counting a byte-order mark. */
export function columnOf(doc: ParsedDocument, offset: number): number {
  return offset - lineStartAt(doc, offset);
}

export function isFirstOnLine(doc: ParsedDocument, offset: number): boolean {
  const text = doc.source;
  for (let i = lineStartAt(doc, offset); i < offset; i++) if (!isHSpace(text.charAt(i))) return false;
  return true;
}

/** The whitespace that starts the line holding `offset`. */
export function leadingWhitespace(doc: ParsedDocument, offset: number): string {
  const text = doc.source;
  const start = lineStartAt(doc, offset);
  let end = start;
  while (end < text.length && isHSpace(text.charAt(end))) end++;
  return text.slice(start, end);
}

export function atLineBreakOrEnd(doc: ParsedDocument, offset: number): boolean {
  return offset >= doc.source.length || isBreak(doc.source.charAt(offset));
}

/**
 * Where the node's text ends: its range end backed off over trailing
 * whitespace and line breaks (YAML block nodes include them). A block
 * collection ends where its last entry does — its range may also cover
 * comment lines after that entry.
 */
export function contentEnd(doc: ParsedDocument, node: DocNode): number {
  let last = node;
  let floor = node.range.start;
  while ((last.kind === 'object' || last.kind === 'array') && !last.flow && last.children.length && !isAlias(doc, last)) {
    last = last.children[last.children.length - 1];
    if (last.keyRange) floor = Math.max(floor, last.keyRange.end);
  }
  let end = last.range.end;
  while (end > last.range.start && isWs(doc.source.charAt(end - 1))) end--;
  return Math.max(end, floor);
}

/**
 * Moves back from a YAML key or value over node properties on the same line
 * (`&anchor`, `!tag`) and an explicit-key indicator `?`.
 */
export function propsStart(doc: ParsedDocument, offset: number): number {
  if (doc.language !== 'yaml') return offset;
  const text = doc.source;
  const lineStart = lineStartAt(doc, offset);
  let start = offset;
  for (;;) {
    let q = start;
    while (q > lineStart && isHSpace(text.charAt(q - 1))) q--;
    if (q === start && q !== offset) break;
    let r = q;
    while (r > lineStart && !isWs(text.charAt(r - 1))) r--;
    if (r === q) break;
    const token = text.slice(r, q);
    if (token[0] === '&' || token[0] === '!' || token === '?') start = r;
    else break;
  }
  return start;
}

/** Where a member (from its key, with properties) or an item starts. */
export function entryStart(doc: ParsedDocument, node: DocNode): number {
  return propsStart(doc, node.keyRange ? node.keyRange.start : node.range.start);
}

/** Where a member or item ends: the end of its value, or of its key when the value is empty. */
export function entryEnd(doc: ParsedDocument, node: DocNode): number {
  const end = contentEnd(doc, node);
  return node.keyRange ? Math.max(end, node.keyRange.end) : end;
}

export function isAlias(doc: ParsedDocument, node: DocNode): boolean {
  return doc.language === 'yaml' && node.range.end > node.range.start && doc.source.charCodeAt(node.range.start) === 42 /* * */;
}

/** Does a comment start at `i`? */
function commentAt(doc: ParsedDocument, i: number): 'line' | 'block' | undefined {
  const text = doc.source;
  if (doc.language === 'yaml') {
    return text.charAt(i) === '#' && (i === 0 || isWs(text.charAt(i - 1)) || i === bomLength(text)) ? 'line' : undefined;
  }
  if (text.charAt(i) === '/' && text.charAt(i + 1) === '/') return 'line';
  if (text.charAt(i) === '/' && text.charAt(i + 1) === '*') return 'block';
  return undefined;
}

function lineCommentEnd(text: SourceText, i: number): number {
  while (i < text.length && !isBreak(text.charAt(i))) i++;
  return i;
}

/** Skips whitespace, line breaks and comments forward from `from`, not beyond `limit`. */
export function skipTrivia(doc: ParsedDocument, from: number, limit = doc.source.length): number {
  const text = doc.source;
  let i = from;
  while (i < limit) {
    if (isWs(text.charAt(i))) { i++; continue; }
    const comment = commentAt(doc, i);
    if (comment === 'line') { i = lineCommentEnd(text, i); continue; }
    if (comment === 'block') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? limit : close + 2;
      continue;
    }
    break;
  }
  return Math.min(i, limit);
}

/**
 * Skips horizontal space and comments on the current line. Returns the offset
 * of the line break (or end of text) when the rest of the line is trivia;
 * otherwise the first significant character (or a comment that spans lines).
 */
export function skipLineTrivia(doc: ParsedDocument, from: number, limit = doc.source.length): number {
  const text = doc.source;
  let i = from;
  while (i < limit) {
    if (isHSpace(text.charAt(i))) { i++; continue; }
    const comment = commentAt(doc, i);
    if (comment === 'line') return lineCommentEnd(text, i);
    if (comment === 'block') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || /[\r\n]/.test(text.slice(i, close))) return i;
      i = close + 2;
      continue;
    }
    break;
  }
  return Math.min(i, limit);
}

/** Skips spaces and tabs only. */
export function skipHSpace(doc: ParsedDocument, from: number): number {
  let i = from;
  while (i < doc.source.length && isHSpace(doc.source.charAt(i))) i++;
  return i;
}

/** Is there a comment anywhere in [from, to)? Only call on trivia (no strings in between). */
export function hasComment(doc: ParsedDocument, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (commentAt(doc, i)) return true;
  return false;
}

/** The offset of the `:` after a member's key, or -1. */
export function colonAfterKey(doc: ParsedDocument, member: DocNode): number {
  if (!member.keyRange) return -1;
  const i = skipTrivia(doc, member.keyRange.end);
  return doc.source.charAt(i) === ':' ? i : -1;
}

/** After a YAML `key:` — past any node properties on that line, before a comment. */
export function afterColonPoint(doc: ParsedDocument, colon: number): number {
  const text = doc.source;
  let last = colon + 1;
  let i = last;
  for (;;) {
    const q = skipHSpace(doc, i);
    if (q >= text.length || isBreak(text.charAt(q)) || commentAt(doc, q)) return last;
    let r = q;
    while (r < text.length && !isWs(text.charAt(r))) r++;
    last = r;
    i = r;
  }
}

/**
 * The edit deleting whole lines `fromLine`..`toLine` with their line break.
 * When the last of them ends the text without a break, the break before
 * them goes instead, so a file without a final newline keeps that shape.
 */
export function deleteLines(doc: ParsedDocument, fromLine: number, toLine: number): OffsetEdit {
  const index = doc.lineIndex;
  const start = lineStartOfLine(doc, fromLine);
  if (toLine + 1 < index.lineCount) return replace(start, index.lineStart(toLine + 1), '');
  if (fromLine > 0) return replace(index.lineEnd(fromLine - 1), doc.source.length, '');
  return replace(start, doc.source.length, '');
}

// ---------------------------------------------------------------------------
// Block collections.

/** The column of a block map's keys. */
export function blockMapColumn(doc: ParsedDocument, map: DocNode): number {
  const first = map.children[0];
  return columnOf(doc, first ? entryStart(doc, first) : map.range.start);
}

/** The column of a block sequence's `-` indicators. */
export function blockSeqColumn(doc: ParsedDocument, seq: DocNode): number {
  return columnOf(doc, seq.range.start);
}

/** The offset of the `-` of a block sequence item. */
export function dashOf(doc: ParsedDocument, seq: DocNode, index: number): number {
  if (index === 0) return seq.range.start;
  const text = doc.source;
  const column = blockSeqColumn(doc, seq);
  const lowest = entryEnd(doc, seq.children[index - 1]);
  for (let i = seq.children[index].range.start - 1; i >= lowest; i--) {
    if (text.charAt(i) === '-' && (i + 1 >= text.length || isWs(text.charAt(i + 1))) && columnOf(doc, i) === column) return i;
  }
  throw new EditError('unsupported', `cannot find the '-' of item ${index} of '${seq.pointer}'`);
}

/** Where a block entry starts: its `-` for an item, its key (with properties) for a member. */
export function blockEntryStart(doc: ParsedDocument, container: DocNode, index: number): number {
  return container.kind === 'array' ? dashOf(doc, container, index) : entryStart(doc, container.children[index]);
}

/** The start of a block collection's text (first key or first `-`). */
export function blockStart(doc: ParsedDocument, node: DocNode): number {
  return node.kind === 'object' && node.children.length ? entryStart(doc, node.children[0]) : node.range.start;
}

/**
 * Where a new line goes after a block entry: the end of the line where the
 * entry's content ends (after a comment on that line), or — when the entry
 * ends with a keep-chomped block scalar (`|+`), whose trailing blank lines
 * are part of its value — after those lines. Comment lines below the entry
 * that are indented deeper than `column` (the new entry's) go with it.
 */
export function insertionAfter(doc: ParsedDocument, entry: DocNode, column: number): { offset: number; atLineStart: boolean } {
  const text = doc.source;
  let last = entry;
  while (last.children.length && !last.flow) last = last.children[last.children.length - 1];
  const start = last.range.start;
  if (last.range.end > start && (text.charAt(start) === '|' || text.charAt(start) === '>')) {
    const header = /^[|>][0-9+-]*/.exec(text.slice(start, start + 4))?.[0] ?? '';
    const end = last.range.end;
    if (header.includes('+') && end > 0 && isBreak(text.charAt(end - 1))) return { offset: end, atLineStart: true };
  }
  // Comment lines indented deeper than the new entry still belong to this
  // one (blank lines between them do not end it; blank lines after do).
  const index = doc.lineIndex;
  let line = lineOf(doc, entryEnd(doc, entry));
  let offset = index.lineEnd(line);
  for (let next = line + 1; next < index.lineCount; next++) {
    const content = index.lineText(next);
    const trimmed = content.trimStart();
    if (trimmed === '') continue;
    if (trimmed[0] !== '#' || content.length - trimmed.length <= column || /^[ ]*\t/.test(content)) break;
    line = next;
    offset = index.lineEnd(line);
  }
  return { offset, atLineStart: false };
}

// ---------------------------------------------------------------------------
// The habits of the file.

export interface YamlHabits {
  /** Indentation step of nested block maps. */
  unit: number;
  /** Column of a block sequence's `-` relative to its key. */
  seqOffset: number;
  /** The quote that quoted strings in the file mostly use. */
  quote: '"' | "'";
}

const jsonUnitCache = new WeakMap<ParsedDocument, string>();

function mostCommon<T>(votes: Map<T, number>, fallback: T): T {
  let best = fallback;
  let count = 0;
  for (const [value, n] of votes) if (n > count) { best = value; count = n; }
  return best;
}

function vote<T>(votes: Map<T, number>, value: T): void {
  votes.set(value, (votes.get(value) ?? 0) + 1);
}

/** Every node in document order. A callback, not a generator: a big file has millions of nodes, and resuming a generator per node cost more than the visit. */
/**
 * Every node in document order, parents first. Only the containers go on the
 * stack (a big file has a million nodes, most of them leaves).
 */
function forEachNode(root: DocNode | undefined, visit: (node: DocNode) => void): void {
  if (!root) return;
  visit(root);
  const open: DocNode[] = [root];
  const nextChild: number[] = [0];
  while (open.length) {
    const top = open.length - 1;
    const children = open[top].children;
    const i = nextChild[top];
    if (i >= children.length) {
      open.pop();
      nextChild.pop();
      continue;
    }
    nextChild[top] = i + 1;
    const child = children[i];
    visit(child);
    if (child.children.length) {
      open.push(child);
      nextChild.push(0);
    }
  }
}

export function yamlHabits(doc: ParsedDocument): YamlHabits {
  return layoutHabits(doc).yaml;
}

/** What one walk over the tree finds: the YAML habits and the brace padding. */
interface LayoutHabits {
  yaml: YamlHabits;
  padded: boolean;
}

const layoutHabitCache = new WeakMap<ParsedDocument, LayoutHabits>();

const QUOTE = 34;
const APOSTROPHE = 39;
const OPEN_BRACE = 123;

/**
 * The file's habits, voted over every node in one walk: a big file has a
 * million nodes, and the quote, indentation and brace-padding votes each
 * walking them cost as much as all the rest of a fix.
 */
function layoutHabits(doc: ParsedDocument): LayoutHabits {
  const cached = layoutHabitCache.get(doc);
  if (cached) return cached;
  const units = new Map<number, number>();
  const seqOffsets = new Map<number, number>();
  const quotes = new Map<'"' | "'", number>();
  const padding = new Map<boolean, number>();
  const text = doc.source;
  // In document order: ties between votes go to the value seen first.
  forEachNode(doc.root, (node) => {
    const { start, end } = node.range;
    if (isAlias(doc, node)) return;
    const kind = node.kind;
    if (kind === 'string') {
      const first = text.charCodeAt(start);
      if (first === QUOTE) vote(quotes, '"');
      else if (first === APOSTROPHE) vote(quotes, "'");
      return;
    }
    if (!node.children.length) return;
    if (node.flow) {
      if (kind === 'object' && text.charCodeAt(start) === OPEN_BRACE && lineOf(doc, start) === lineOf(doc, end)) vote(padding, isHSpace(text.charAt(start + 1)));
      return;
    }
    if (!node.keyRange) return;
    const keyStart = entryStart(doc, node);
    const blockAt = blockStart(doc, node);
    if (lineOf(doc, blockAt) === lineOf(doc, keyStart)) return;
    const diff = columnOf(doc, blockAt) - columnOf(doc, keyStart);
    if (kind === 'object' && diff > 0) vote(units, diff);
    if (kind === 'array' && diff >= 0) vote(seqOffsets, diff);
  });
  const unit = mostCommon(units, 2);
  const habits: LayoutHabits = {
    yaml: { unit, seqOffset: mostCommon(seqOffsets, unit), quote: mostCommon(quotes, '"') },
    padded: mostCommon(padding, true),
  };
  layoutHabitCache.set(doc, habits);
  return habits;
}

/** The indentation step of a JSON file (spaces or a tab). */
export function jsonUnit(doc: ParsedDocument): string {
  const cached = jsonUnitCache.get(doc);
  if (cached !== undefined) return cached;
  const units = new Map<string, number>();
  forEachNode(doc.root, (node) => {
    if (node.kind !== 'object' && node.kind !== 'array') return;
    const first = node.children[0];
    if (!first) return;
    const start = entryStart(doc, first);
    if (!isFirstOnLine(doc, start) || lineOf(doc, start) === lineOf(doc, node.range.start)) return;
    const outer = leadingWhitespace(doc, node.range.start);
    const inner = leadingWhitespace(doc, start);
    if (inner.length > outer.length && inner.startsWith(outer)) vote(units, inner.slice(outer.length));
  });
  const unit = mostCommon(units, '  ');
  jsonUnitCache.set(doc, unit);
  return unit;
}

/** Do single-line flow maps / JSON objects in the file have spaces inside their braces (`{ a: 1 }`)? */
export function bracePadding(doc: ParsedDocument): boolean {
  return layoutHabits(doc).padded;
}

/** The indentation step of the document, as text. */
export function indentUnit(doc: ParsedDocument): string {
  return doc.language === 'json' ? jsonUnit(doc) : ' '.repeat(yamlHabits(doc).unit);
}

/** The separator between entries of a flow collection on one line: `, ` or `,`. */
export function flowSeparator(doc: ParsedDocument, container: DocNode): string {
  const kids = container.children;
  for (let i = 0; i + 1 < kids.length; i++) {
    const comma = skipTrivia(doc, entryEnd(doc, kids[i]));
    if (doc.source.charAt(comma) !== ',') continue;
    const next = entryStart(doc, kids[i + 1]);
    const between = doc.source.slice(comma + 1, next);
    if (/^[ \t]*$/.test(between)) return ',' + between;
  }
  return ', ';
}

export interface ListStyle {
  block: boolean;
  seqOffset: number;
}

/**
 * How lists are written in a YAML block map: as block sequences when most of
 * the non-empty lists among its members (or, when it has none, among the
 * members of its sibling maps) are block sequences; otherwise flow.
 */
export function listStyleIn(doc: ParsedDocument, map: DocNode | undefined, override?: 'auto' | 'flow' | 'block'): ListStyle {
  const habits = yamlHabits(doc);
  let block = 0;
  let flow = 0;
  const offsets = new Map<number, number>();
  const count = (members: readonly DocNode[]): void => {
    for (const member of members) {
      if (member.kind !== 'array' || !member.children.length || !member.keyRange || isAlias(doc, member)) continue;
      if (member.flow) { flow++; continue; }
      block++;
      const diff = columnOf(doc, member.range.start) - columnOf(doc, entryStart(doc, member));
      if (diff >= 0) vote(offsets, diff);
    }
  };
  if (map) {
    count(map.children);
    if (block + flow === 0 && map.parent) {
      for (const sibling of map.parent.children) if (sibling !== map && sibling.kind === 'object') count(sibling.children);
    }
  }
  const seqOffset = mostCommon(offsets, habits.seqOffset);
  if (override === 'flow') return { block: false, seqOffset };
  if (override === 'block') return { block: true, seqOffset };
  return { block: block > flow, seqOffset };
}

/** Drops edits that change nothing, sorts the rest and checks they do not overlap. */
export function finish(doc: ParsedDocument, edits: OffsetEdit[]): OffsetEdit[] {
  const kept = edits.filter((e) => doc.source.slice(e.range.start, e.range.end) !== e.newText);
  kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < kept.length; i++) {
    if (kept[i - 1].range.end > kept[i].range.start) {
      throw new EditError('overlap', `internal error: overlapping edits at offset ${kept[i].range.start}`);
    }
  }
  return kept;
}
