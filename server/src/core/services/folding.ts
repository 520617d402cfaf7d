// Folding ranges: every collection (block or flow, YAML or JSON) and every
// multi-line scalar that spans lines, and runs of comment lines.

import type { Analysis } from '../analysis';
import type { DocNode, ParsedDocument } from '../document/parsed-document';

export interface FoldingRange {
  /** 0-based lines. */
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Takes the analysis (and the file's URI) or a parsed document; `limit`: the client's `rangeLimit`. */
export function foldingRanges(source: Analysis | ParsedDocument, uri?: string, limit?: number): FoldingRange[] {
  const doc = 'documents' in source ? source.documents.get(uri ?? '') : source;
  if (!doc) return [];
  const byStart = new Map<number, FoldingRange>();
  const add = (r: FoldingRange) => {
    if (r.endLine <= r.startLine) return;
    const known = byStart.get(r.startLine);
    if (!known || known.endLine < r.endLine) byStart.set(r.startLine, r);
  };
  const index = doc.lineIndex;
  // The source, not the whole text: an edited buffer is not joined for this (VS Code asks after every change).
  const text = doc.source;
  const stack: DocNode[] = doc.root ? [doc.root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    if (node.range.end <= node.range.start) continue;
    if (node === doc.root && !node.flow) continue; // a YAML document's top level
    const start = node.keyRange ? node.keyRange.start : node.range.start;
    const startLine = index.positionAt(start).line;
    let end = node.range.end;
    while (end > node.range.start && isWhite(text.charCodeAt(end - 1))) end--;
    if (end <= node.range.start) continue;
    const lastLine = index.positionAt(end - 1).line;
    if (lastLine <= startLine) continue;
    const close = text.slice(end - 1, end);
    const isFlow = (node.kind === 'object' || node.kind === 'array') && node.flow && (close === '}' || close === ']');
    if (isFlow) {
      // Keep the closing bracket visible when it starts its line (as JSON editors do).
      const lineStart = index.lineStart(lastLine);
      const closeFirstOnLine = text.slice(lineStart, end - 1).trim() === '';
      add({ startLine, endLine: closeFirstOnLine ? lastLine - 1 : lastLine });
    } else {
      add({ startLine, endLine: lastLine });
    }
  }
  // Comment runs.
  const lineComment = doc.language === 'json' ? /^\s*\/\// : /^\s*#/;
  let runStart = -1;
  const count = index.lineCount;
  for (let l = 0; l <= count; l++) {
    const isComment = l < count && lineComment.test(index.lineText(l));
    if (isComment && runStart < 0) runStart = l;
    if (!isComment && runStart >= 0) {
      if (l - 1 > runStart) add({ startLine: runStart, endLine: l - 1, kind: 'comment' });
      runStart = -1;
    }
  }
  if (doc.language === 'json') {
    const re = /\/\*[\s\S]*?(\*\/|$)/g;
    const whole = doc.text;
    for (let m = re.exec(whole); m; m = re.exec(whole)) {
      if (insideString(whole, m.index)) continue;
      const a = index.positionAt(m.index).line;
      const b = index.positionAt(m.index + m[0].length).line;
      add({ startLine: a, endLine: b, kind: 'comment' });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  const all = [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
  return limit !== undefined && all.length > limit ? outermost(all, Math.max(0, Math.floor(limit))) : all;
}

/**
 * At most `limit` of the ranges (sorted by start line): the outermost ones,
 * level by level, the last level taken in document order, as an editor does
 * with more ranges than it keeps (a 34 000-package archive has 68 000).
 */
function outermost(ranges: FoldingRange[], limit: number): FoldingRange[] {
  const depth = new Int32Array(ranges.length);
  const open: FoldingRange[] = [];
  const perDepth: number[] = [];
  ranges.forEach((r, i) => {
    while (open.length && open[open.length - 1].endLine < r.startLine) open.pop();
    depth[i] = open.length;
    perDepth[open.length] = (perDepth[open.length] ?? 0) + 1;
    open.push(r);
  });
  let level = 0;
  let taken = 0;
  while (level < perDepth.length && taken + perDepth[level] <= limit) taken += perDepth[level++];
  let room = limit - taken;
  return ranges.filter((_, i) => depth[i] < level || (depth[i] === level && room-- > 0));
}

function isWhite(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Whether an offset of a JSON text lies inside a string literal (counted on its line). */
function insideString(text: string, offset: number): boolean {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n') s--;
  let inString = false;
  for (let i = s; i < offset; i++) {
    if (text[i] === '\\' && inString) i++;
    else if (text[i] === '"') inString = !inString;
  }
  return inString;
}
