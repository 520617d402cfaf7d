// The shared primitives: inserting entries into and removing entries from
// flow collections (`[a, b]`, `{a: 1}`, every JSON container) and block
// collections (YAML `- a` lists and `key: value` maps), touching only the
// text that must change.

import type { OffsetEdit } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { EditError } from './edit-error';
import {
  afterColonPoint, blockEntryStart, bracePadding, blockStart, colonAfterKey, contentEnd, deleteLines,
  entryEnd, entryStart, flowSeparator, hasComment, indentUnit, insert, insertionAfter, isBreak, isFirstOnLine,
  isHSpace, leadingWhitespace, lineOf, replace, skipHSpace, skipLineTrivia, skipTrivia,
} from './layout';

/** Builds the texts of new entries, knowing whether they go one per line and at which indentation. */
export type EntryBuilder = (context: { multiline: boolean; indent: string }) => string[];

function brackets(doc: ParsedDocument, container: DocNode): { open: number; close: number } {
  const open = container.range.start;
  const close = container.range.end - 1;
  const text = doc.source;
  if (!(text.charAt(open) === '{' || text.charAt(open) === '[') || !(text.charAt(close) === '}' || text.charAt(close) === ']') || close <= open) {
    throw new EditError('unsupported', `${container.pointer || 'the root'} is not a complete flow collection`);
  }
  return { open, close };
}

/**
 * Inserts entries into a flow collection, before `before` or at the end.
 * Collections with one entry per line get new lines at the siblings'
 * indentation; single-line ones stay on one line.
 */
export function flowInsert(doc: ParsedDocument, container: DocNode, build: EntryBuilder, before?: DocNode): OffsetEdit[] {
  const text = doc.source;
  const eol = doc.lineIndex.eol;
  const { open, close } = brackets(doc, container);
  const kids = container.children;
  if (!kids.length) return flowInsertEmpty(doc, container, build, open, close);

  if (before) {
    const start = entryStart(doc, before);
    if (isFirstOnLine(doc, start)) {
      const indent = leadingWhitespace(doc, start);
      return [insert(start, build({ multiline: true, indent }).map((e) => e + ',' + eol + indent).join(''))];
    }
    const sep = flowSeparator(doc, container);
    return [insert(start, build({ multiline: false, indent: '' }).map((e) => e + sep).join(''))];
  }

  const last = kids[kids.length - 1];
  const lastStart = entryStart(doc, last);
  const lastEnd = entryEnd(doc, last);
  const afterLast = skipTrivia(doc, lastEnd, close);
  const trailingComma = text.charAt(afterLast) === ',' ? afterLast : -1;

  if (isFirstOnLine(doc, lastStart)) {
    const indent = leadingWhitespace(doc, lastStart);
    const joined = build({ multiline: true, indent }).map((e) => eol + indent + e).join(',');
    if (trailingComma >= 0) {
      const q = skipLineTrivia(doc, trailingComma + 1, close);
      return [insert(isBreak(text.charAt(q)) ? q : trailingComma + 1, joined + ',')];
    }
    // A comment after the last entry stays with it: the comma goes before
    // the comment, the new entry on the next line.
    const q = skipLineTrivia(doc, lastEnd, close);
    if (isBreak(text.charAt(q)) && q > lastEnd) return [insert(lastEnd, ','), insert(q, joined)];
    return [insert(lastEnd, ',' + joined)];
  }

  const sep = flowSeparator(doc, container);
  const entries = build({ multiline: false, indent: '' });
  if (trailingComma >= 0) {
    const space = sep.slice(1);
    return [insert(trailingComma + 1, entries.map((e) => space + e + ',').join(''))];
  }
  return [insert(lastEnd, entries.map((e) => sep + e).join(''))];
}

function flowInsertEmpty(doc: ParsedDocument, container: DocNode, build: EntryBuilder, open: number, close: number): OffsetEdit[] {
  const text = doc.source;
  const eol = doc.lineIndex.eol;
  const interior = text.slice(open + 1, close);
  const isObject = text.charAt(open) === '{';
  const blank = interior.trim() === '';
  // A JSON object member of a multi-line object opens up the way a formatter
  // would write it; lists and YAML flow maps stay on one line.
  const parentMultiline = !container.parent || (container.parent.flow && isFirstOnLine(doc, entryStart(doc, container)));
  const multiline = /[\r\n]/.test(interior) || (blank && doc.language === 'json' && isObject && parentMultiline);
  if (multiline) {
    const base = leadingWhitespace(doc, open);
    const indent = base + indentUnit(doc);
    const body = build({ multiline: true, indent }).map((e) => eol + indent + e).join(',');
    if (blank) return [replace(open + 1, close, body + eol + base)];
    return [insert(open + 1, body)];
  }
  const inner = build({ multiline: false, indent: '' }).join(', ');
  const pad = isObject && bracePadding(doc) ? ' ' : '';
  if (blank) return [replace(open + 1, close, pad + inner + pad)];
  return [insert(open + 1, pad + inner)];
}

/** Inserts whole lines after a block entry (`lines` are complete, without indentation). */
export function blockInsertAfter(doc: ParsedDocument, entry: DocNode, indent: string, lines: string[]): OffsetEdit {
  const eol = doc.lineIndex.eol;
  const { offset, atLineStart } = insertionAfter(doc, entry, indent.length);
  return insert(offset, atLineStart
    ? lines.map((l) => indent + l + eol).join('')
    : lines.map((l) => eol + indent + l).join(''));
}

/** Removes the entries i..j (inclusive) of a collection. */
export function removeEntries(doc: ParsedDocument, container: DocNode, i: number, j: number): OffsetEdit[] {
  return container.flow ? removeFlowEntries(doc, container, i, j) : removeBlockEntries(doc, container, i, j);
}

function removeFlowEntries(doc: ParsedDocument, container: DocNode, i: number, j: number): OffsetEdit[] {
  const text = doc.source;
  const { open, close } = brackets(doc, container);
  const kids = container.children;
  const n = kids.length;
  const commaAfter = (k: number): number => {
    const p = skipTrivia(doc, entryEnd(doc, kids[k]), close);
    return text.charAt(p) === ',' ? p : -1;
  };
  const start = entryStart(doc, kids[i]);

  if (i === 0 && j === n - 1) {
    // Everything goes: keep comments if there are any, else leave `[]` / `{}`.
    const tail = commaAfter(j);
    const end = tail >= 0 ? tail + 1 : entryEnd(doc, kids[j]);
    const gaps: Array<[number, number]> = [[open + 1, start], [end, close]];
    for (let k = 0; k + 1 < n; k++) gaps.push([entryEnd(doc, kids[k]), entryStart(doc, kids[k + 1])]);
    if (!gaps.some(([a, b]) => hasComment(doc, a, b))) return [replace(open + 1, close, '')];
    return [replace(start, end, '')];
  }

  if (j < n - 1) {
    const comma = commaAfter(j);
    if (comma < 0) throw new EditError('unsupported', `no ',' after item ${j} of ${container.pointer}`);
    const next = entryStart(doc, kids[j + 1]);
    if (isFirstOnLine(doc, start) && isFirstOnLine(doc, next)) {
      // One entry per line: delete the lines through the comma (and a
      // comment after it); comments on lines of their own stay.
      const q = skipLineTrivia(doc, comma + 1, close);
      if (isBreak(text.charAt(q))) {
        const lineStart = doc.lineIndex.lineStart(lineOf(doc, start));
        const nextLine = doc.lineIndex.lineStart(lineOf(doc, q) + 1);
        return [replace(Math.max(lineStart, open + 1), Math.min(nextLine, next), '')];
      }
    }
    return [replace(start, Math.min(skipHSpace(doc, comma + 1), next), '')];
  }

  // The run ends the collection and something precedes it.
  const tail = commaAfter(j);
  const lastEnd = entryEnd(doc, kids[j]);
  const previousComma = commaAfter(i - 1);
  if (previousComma < 0) throw new EditError('unsupported', `no ',' after item ${i - 1} of ${container.pointer}`);
  const endOfRun = tail >= 0 ? tail + 1 : lastEnd;
  const q = skipLineTrivia(doc, endOfRun, close);
  if (isFirstOnLine(doc, start) && isBreak(text.charAt(q))) {
    const from = doc.lineIndex.lineStart(lineOf(doc, start));
    const to = doc.lineIndex.lineStart(lineOf(doc, q) + 1);
    // With a trailing comma the previous entry keeps its comma (the file's style).
    if (tail >= 0) return [replace(from, to, '')];
    return [replace(previousComma, previousComma + 1, ''), replace(from, to, '')];
  }
  if (tail >= 0) return [replace(start, endOfRun, '')];
  // `[a, b]` → `[a]`: the comma and the space before the entry go, comments stay.
  let from = start;
  while (from > previousComma + 1 && isHSpace(text.charAt(from - 1))) from--;
  if (from === previousComma + 1) return [replace(previousComma, lastEnd, '')];
  return [replace(previousComma, previousComma + 1, ''), replace(from, lastEnd, '')];
}

function removeBlockEntries(doc: ParsedDocument, container: DocNode, i: number, j: number): OffsetEdit[] {
  const n = container.children.length;
  if (i === 0 && j === n - 1) return emptyBlock(doc, container);
  const start = blockEntryStart(doc, container, i);
  if (!isFirstOnLine(doc, start) && j + 1 < n) {
    // A compact first entry (`- - a` or `- key: v`): up to the next entry.
    return [replace(start, blockEntryStart(doc, container, j + 1), '')];
  }
  const last = container.children[j];
  const end = Math.max(entryEnd(doc, last), blockEntryStart(doc, container, j) + 1);
  return [deleteLines(doc, lineOf(doc, start), lineOf(doc, end))];
}

/**
 * Replaces a block collection by an empty flow one (`[]` / `{}`): a member's
 * block value moves to `key: []`, other places get the text in place.
 */
export function emptyBlock(doc: ParsedDocument, node: DocNode): OffsetEdit[] {
  const empty = node.kind === 'object' ? '{}' : '[]';
  const start = blockStart(doc, node);
  const end = contentEnd(doc, node);
  if (node.keyRange) {
    const colon = colonAfterKey(doc, node);
    if (colon >= 0 && lineOf(doc, colon) < lineOf(doc, start)) {
      return [insert(afterColonPoint(doc, colon), ' ' + empty), deleteLines(doc, lineOf(doc, start), lineOf(doc, end))];
    }
  }
  return [replace(start, end, empty)];
}

/**
 * Writes a value where there is none yet: after `key:` (past any anchor or
 * tag, before a comment), into `{a}` as `{a: v}`, or after a bare `-`.
 */
export function emptyValueInsert(doc: ParsedDocument, node: DocNode, valueText: string): OffsetEdit[] {
  if (node.keyRange) {
    const colon = colonAfterKey(doc, node);
    if (colon < 0) {
      if (doc.language === 'json') throw new EditError('unsupported', `the member '${node.pointer}' has no ':'`);
      return [insert(node.keyRange.end, ': ' + valueText)];
    }
    if (doc.language === 'json') return [insert(colon + 1, ' ' + valueText)];
    return [insert(afterColonPoint(doc, colon), ' ' + valueText)];
  }
  const at = node.range.start;
  return [insert(at, isHSpace(doc.source.charAt(at - 1)) ? valueText : ' ' + valueText)];
}
