// Replacing a list's items with a minimal set of edits: items kept in order
// (a longest common subsequence) are not touched, changed items are
// rewritten in place (keeping their quotes and comments), extra items are
// inserted next to their neighbours and missing ones removed.

import type { OffsetEdit } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import {
  blockInsertAfter, emptyValueInsert, flowInsert, removeEntries,
} from './containers';
import {
  blockSeqColumn, dashOf, entryEnd, entryStart, insert, isAlias, replace,
} from './layout';
import { replaceScalarNode, scalarText } from './scalars';
import { type Scalar, isScalarValue } from './serialize';

const isScalarNode = (doc: ParsedDocument, node: DocNode): boolean =>
  node.kind !== 'object' && node.kind !== 'array' && !isAlias(doc, node);

/** Pairs of (old index, new index) of a longest common subsequence. */
function commonSubsequence(doc: ParsedDocument, old: readonly DocNode[], items: readonly Scalar[]): Array<[number, number]> {
  const same = (a: DocNode, b: Scalar): boolean => isScalarNode(doc, a) && a.value === b;
  const pairs: Array<[number, number]> = [];
  // Common prefix and suffix first: the usual edit changes little.
  let head = 0;
  while (head < old.length && head < items.length && same(old[head], items[head])) { pairs.push([head, head]); head++; }
  let tail = 0;
  while (tail < old.length - head && tail < items.length - head
    && same(old[old.length - 1 - tail], items[items.length - 1 - tail])) tail++;
  const n = old.length - head - tail;
  const m = items.length - head - tail;
  if (n > 0 && m > 0 && n * m <= 4_000_000) {
    const table: Uint32Array[] = [];
    for (let i = 0; i <= n; i++) table.push(new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i][j] = same(old[head + i], items[head + j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (same(old[head + i], items[head + j])) { pairs.push([head + i, head + j]); i++; j++; }
      else if (table[i + 1][j] >= table[i][j + 1]) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([old.length - k, items.length - k]);
  return pairs;
}

/** The text of a new item in this list. */
function itemText(doc: ParsedDocument, list: DocNode, value: unknown): string {
  if (isScalarValue(value)) return scalarText(doc, list, value);
  if (doc.language === 'json') return JSON.stringify(value);
  // Only scalars reach here from replaceList; other values are written in flow style.
  return scalarText(doc, list, String(value));
}

/** Inserts items after old item `after` (-1: before the first). */
function insertItems(doc: ParsedDocument, list: DocNode, after: number, texts: string[]): OffsetEdit[] {
  const old = list.children;
  if (list.flow) {
    const before = after + 1 < old.length ? old[after + 1] : undefined;
    return flowInsert(doc, list, () => texts, before);
  }
  const column = blockSeqColumn(doc, list);
  const indent = ' '.repeat(column);
  if (after >= 0) return [blockInsertAfter(doc, old[after], indent, texts.map((t) => `- ${t}`))];
  const eol = doc.lineIndex.eol;
  return [insert(dashOf(doc, list, 0), texts.map((t) => `- ${t}${eol}${indent}`).join(''))];
}

function replaceItem(doc: ParsedDocument, list: DocNode, node: DocNode, value: Scalar): OffsetEdit[] {
  if (isScalarNode(doc, node)) return replaceScalarNode(doc, node, value);
  const text = itemText(doc, list, value);
  if (node.range.start === node.range.end) return emptyValueInsert(doc, node, text);
  return [replace(entryStart(doc, node), entryEnd(doc, node), text)];
}

/** Edits turning the list `list` (an array node, not an alias) into `items`. */
export function replaceListNode(doc: ParsedDocument, list: DocNode, items: readonly Scalar[]): OffsetEdit[] {
  const old = list.children;
  if (!old.length) {
    if (!items.length) return [];
    return flowInsert(doc, list, () => items.map((x) => itemText(doc, list, x)));
  }
  if (!items.length) return removeEntries(doc, list, 0, old.length - 1);

  const pairs = commonSubsequence(doc, old, items);
  pairs.push([old.length, items.length]);
  const edits: OffsetEdit[] = [];
  let previousOld = -1;
  let previousNew = -1;
  for (const [nextOld, nextNew] of pairs) {
    const removed = nextOld - previousOld - 1;
    const added = nextNew - previousNew - 1;
    const paired = Math.min(removed, added);
    for (let k = 0; k < paired; k++) {
      edits.push(...replaceItem(doc, list, old[previousOld + 1 + k], items[previousNew + 1 + k]));
    }
    if (added > paired) {
      const texts = items.slice(previousNew + 1 + paired, nextNew).map((x) => itemText(doc, list, x));
      edits.push(...insertItems(doc, list, previousOld + paired, texts));
    } else if (removed > paired) {
      edits.push(...removeEntries(doc, list, previousOld + 1 + paired, nextOld - 1));
    }
    previousOld = nextOld;
    previousNew = nextNew;
  }
  return edits;
}
