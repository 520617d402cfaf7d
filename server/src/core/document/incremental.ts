// Incremental re-parsing for the common edit: a change inside one member of
// a top-level block section (one package, stage or env). Only that member's
// lines are parsed again; the rest of the tree moves to the new document, its
// offsets shifted in place, so every unchanged node keeps its identity and
// caches keyed by node (the file model's declarations) stay valid. The
// previous document is consumed: it must not be read after the call. Anything unusual — syntax problems, aliases, a change that spans
// members or alters the section's layout — falls back to a full parse, so
// the result always equals what parseDocument would give.

import * as YAML from 'yaml';
import { LineIndex } from './line-index';
import { moveOffsets } from './move-offsets';
import { detachedCopy } from '../text/detached-copy';
import { nestsDeeperThan } from './nesting-depth';
import { textOf, type SourceText, type TextChange } from '../text/piece-text';
import {
  assembleDocument, buildFromYaml, membersObject, parseSource, parseYaml, replaceMember, setMember,
  type DocNode, type ParsedDocument, type SyntaxProblem,
} from './parsed-document';

/**
 * The document for `text`, re-using `previous` (the same URI's last parse)
 * where it safely can. When it does, `previous` gives its nodes away.
 */
export function reparseDocument(previous: ParsedDocument | undefined, text: SourceText): ParsedDocument | undefined {
  if (!previous) return undefined;
  if (previous.source === text) return previous;
  return tryIncremental(previous, text) ?? parseSource(previous.uri, text, previous.language);
}

/**
 * Where `text` differs from the previous document's. An open buffer's pieces
 * know the edits that made them, so neither text is read whole; otherwise the
 * two strings are compared.
 */
function changeFrom(previous: ParsedDocument, text: SourceText): TextChange {
  const before = previous.source;
  const known = typeof before !== 'string' && typeof text !== 'string' ? text.changeSince(before) : undefined;
  return known ?? findChange(previous.text, textOf(text));
}

function findChange(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  // Whole blocks compare natively, far faster than a character loop over megabytes.
  let start = 0;
  for (let block = 4096; start + block <= max && before.slice(start, start + block) === after.slice(start, start + block);) start += block;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  const room = max - start;
  for (let block = 4096; suffix + block <= room && before.slice(before.length - suffix - block, before.length - suffix) === after.slice(after.length - suffix - block, after.length - suffix);) suffix += block;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

function tryIncremental(previous: ParsedDocument, text: SourceText): ParsedDocument | undefined {
  const root = previous.root;
  if (previous.language !== 'yaml' || previous.problems.length || previous.hasAliases) return undefined;
  if (!root || root.kind !== 'object' || root.flow) return undefined;
  const change = changeFrom(previous, text);
  const index = previous.lineIndex;
  if (insideComment(previous, text, change)) return commentEdit(previous, text, change);

  // The section and the member whose lines hold the whole change.
  const section = root.children.find((c) => c.keyRange && c.keyRange.start < change.start && change.oldEnd <= c.range.end);
  if (!section || section.kind !== 'object' || section.flow || section.children.length === 0) return undefined;
  const members = section.children;
  const sectionEnd = nextLineStart(previous, root, section);
  // The last member whose first line starts at or before the change (members
  // are in document order: a binary search, the section may hold 100 000).
  const lineOf = (m: DocNode): number => index.lineStart(index.positionAt(m.keyRange!.start).line);
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lineOf(members[mid]) > change.start) hi = mid;
    else lo = mid + 1;
  }
  const i = lo - 1;
  if (i < 0) return undefined;
  const member = members[i];
  const spanStart = index.lineStart(index.positionAt(member.keyRange!.start).line);
  const spanEnd = i + 1 < members.length ? index.lineStart(index.positionAt(members[i + 1].keyRange!.start).line) : sectionEnd;
  // An edit at the very start of the member's line may change its indentation: parse it all.
  if (change.start <= spanStart || change.oldEnd > spanEnd) return undefined;
  // The line break that ends the member must survive, or the next line would join it.
  if (spanEnd < previous.source.length) {
    const old = previous.source;
    const eol = old.charCodeAt(spanEnd - 1) === 10 && old.charCodeAt(spanEnd - 2) === 13 ? 2 : 1;
    if (change.oldEnd > spanEnd - eol) return undefined;
  }

  const delta = change.newEnd - change.oldEnd;
  // A copy: the new nodes' strings must not keep this version of the whole text alive.
  const segment = detachedCopy(text.slice(spanStart, spanEnd + delta));
  // A comment line not indented past the member's key reads differently inside
  // the section than in the member's lines alone (see insideComment): parse it all.
  // (Searched in the member's lines alone: in the whole text, a search for a `#`
  // the rest of the file lacks read megabytes per keystroke.)
  if (hasLowComment(segment, 0, segment.length, member.keyRange!.start - spanStart + 1)) return undefined;
  // A member nested too deeply: the full parse reports it.
  if (nestsDeeperThan(segment, 'yaml')) return undefined;
  const problems: SyntaxProblem[] = [];
  const parsed = parseYaml(segment, problems);
  const contents = parsed.contents;
  if (problems.length || !YAML.isMap(contents) || contents.flow || contents.items.length !== 1) return undefined;
  const built = buildFromYaml(parsed, problems, segment);
  if (problems.length || built.hasAliases || !built.root) return undefined;
  const replacement = built.root.children[0];
  // The key must sit on the member's first line behind the same indentation.
  const indentation = previous.source.slice(spanStart, member.keyRange!.start);
  if (!replacement?.keyRange || replacement.keyRange.end === replacement.keyRange.start) return undefined;
  if (segment.slice(0, replacement.keyRange.start) !== indentation) return undefined;
  if (replacement.key !== member.key && members.some((m, j) => j !== i && m.key === replacement.key)) return undefined;

  // Nothing can fail from here on: move the previous tree into the new document.
  moveOffsets(replacement, 0, spanStart);
  moveOffsets(root, change.oldEnd, delta);
  replaceMember(section, i, replacement);
  refreshContainers(member, replacement);
  const lineIndex = LineIndex.afterEdit(previous.lineIndex, text, change.start, change.oldEnd, change.newEnd);
  return assembleDocument(previous.uri, previous.language, text, root, [], false, lineIndex, {
    kind: 'member', baseId: previous.id, section: section.key!, index: i, before: member, after: replacement,
  });
}

/**
 * Whether the change only rewrites the text of one comment: on one line, after
 * a `#` that lies between nodes (not inside a scalar or a flow collection),
 * with no line break removed or inserted. Such an edit changes no node.
 */
function insideComment(previous: ParsedDocument, text: SourceText, change: TextChange): boolean {
  const old = previous.source;
  const lineStart = previous.lineIndex.lineStart(previous.lineIndex.positionAt(change.start).line);
  for (let i = change.start; i < change.oldEnd; i++) if (old.charCodeAt(i) === 10 || old.charCodeAt(i) === 13) return false;
  for (let i = change.start; i < change.newEnd; i++) if (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) return false;
  // The change must not end the line's break pair (a \r before it) either.
  if (old.charCodeAt(change.oldEnd - 1) === 13 || text.charCodeAt(change.newEnd - 1) === 13) return false;
  let hash = -1;
  for (let i = lineStart; i < change.start; i++) {
    if (old.charCodeAt(i) === 35 /* # */ && (i === lineStart || old.charCodeAt(i - 1) === 32 || old.charCodeAt(i - 1) === 9)) { hash = i; break; }
  }
  if (hash < 0) return false;
  // A whole-line comment indented less than the content after it is not inert:
  // yaml reads `gcc:\n#\n    text` as `gcc: text` and `gcc:\n#x\n    text` as a
  // broken key. Such an edit takes the full parse.
  if (isBlank(old, lineStart, hash) && hash - lineStart < nextContentIndent(previous, lineStart)) return false;
  // Between nodes: the innermost node around the `#` is a block collection (the `#` lies between its entries) or none.
  const around = previous.nodeAt(hash);
  if (around && (around.flow || (around.kind !== 'object' && around.kind !== 'array'))) return false;
  if (around?.keyRange && hash <= around.keyRange.end) return false;
  return !around || around.children.every((c) => !(c.range.start <= hash && hash <= c.range.end) && !(c.keyRange && c.keyRange.start <= hash && hash <= c.keyRange.end));
}

/** Whether a line of text[from, to) is a comment indented less than `indent`. */
function hasLowComment(text: SourceText, from: number, to: number, indent: number): boolean {
  for (let i = text.indexOf('#', from); i >= 0 && i < to; i = text.indexOf('#', i + 1)) {
    let s = i;
    while (s > from && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
    const atLineStart = s === 0 || text.charCodeAt(s - 1) === 10 || text.charCodeAt(s - 1) === 13;
    if (atLineStart && i - s < indent) return true;
  }
  return false;
}

function isBlank(text: SourceText, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) return false;
  return true;
}

/** The indentation of the first line after the one at `lineStart` that is neither blank nor a comment (-1 at the end). */
function nextContentIndent(doc: ParsedDocument, lineStart: number): number {
  const index = doc.lineIndex;
  const text = doc.source;
  for (let line = index.positionAt(lineStart).line + 1; line < index.lineCount; line++) {
    const start = index.lineStart(line);
    const end = index.lineEnd(line);
    let i = start;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i < end && text.charCodeAt(i) !== 35 /* # */) return i - start;
  }
  return -1;
}

/** The document after a comment edit: the same nodes, offsets after the change moved. */
function commentEdit(previous: ParsedDocument, text: SourceText, change: TextChange): ParsedDocument {
  const delta = change.newEnd - change.oldEnd;
  if (previous.root) moveOffsets(previous.root, change.oldEnd, delta);
  const lineIndex = LineIndex.afterEdit(previous.lineIndex, text, change.start, change.oldEnd, change.newEnd);
  return assembleDocument(previous.uri, previous.language, text, previous.root, [], false, lineIndex, { kind: 'trivia', baseId: previous.id });
}

/** Where the line after a section ends: the next top-level key's line, or the end of the text. */
function nextLineStart(doc: ParsedDocument, root: DocNode, section: DocNode): number {
  const k = root.children.indexOf(section);
  const next = root.children[k + 1];
  return next?.keyRange ? doc.lineIndex.lineStart(doc.lineIndex.positionAt(next.keyRange.start).line) : doc.source.length;
}

/** The containers above a swapped member: a block collection's range and every plain value on the path. */
function refreshContainers(member: DocNode, replacement: DocNode): void {
  const section = member.parent!;
  // When the key stays, the section's value (which may hold tens of thousands
  // of members) is updated in place, keeping its key order; the previous
  // document is consumed, and later phases learn of the change from
  // `ParsedDocument.change`, not from the object's identity.
  const keyKept = member.key === replacement.key;
  if (keyKept) setMember(section.value as Record<string, unknown>, member.key!, replacement.value);
  for (let target: DocNode | undefined = section; target; target = target.parent) {
    if (!target.flow && target.children.length) {
      // As in a full parse: a block collection ends with its last entry.
      const first = target.children[0];
      const last = target.children[target.children.length - 1];
      const start = target.kind === 'object' && first.keyRange ? first.keyRange.start : target.range.start;
      target.range = { start, end: Math.max(last.range.end, last.keyRange?.end ?? 0) };
    }
    if (target.kind === 'object' && !(target === section && keyKept)) {
      // A fresh object: values are shared between versions, so caches keyed by a value stay right.
      target.value = membersObject(target.children);
    }
  }
}
