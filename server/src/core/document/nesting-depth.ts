// How deeply a text nests, measured by a line scan before any parser sees it.
// The yaml and jsonc parsers recurse once per level: deep enough, they run
// out of stack, and where that happens depends on how deep the caller's stack
// already is (so a re-parse and a cold parse of one text disagreed), and near
// the limit V8 can die outright instead of throwing (yaml's parse of 900
// nested brackets after one of 1000 nested dashes: "RegExpCompiler
// Allocation failed"). Texts nested deeper than MAX_NESTING are not handed to
// a parser at all.

/** Far beyond any real bootstrap file (they nest a handful of levels), far below where the parsers' recursion gets near the stack's end. */
export const MAX_NESTING = 256;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/**
 * Whether the text may nest deeper than `limit`. An over-estimate: flow
 * brackets count even inside quotes and comments, block levels are counted
 * from indentation (every deeper indentation opens one), and each `- ` / `? `
 * / `key: ` opening a line's compact nesting counts one more.
 */
export function nestsDeeperThan(text: string, language: 'yaml' | 'json', limit = MAX_NESTING): boolean {
  return language === 'json' ? jsonDepthExceeds(text, limit) : yamlDepthExceeds(text, limit);
}

// After a line's leading indicators only brackets and line breaks change the
// count: the rest of the line is skipped by a table look-up per character
// (a big file is tens of millions of characters, most of them letters).
const AFTER_LINE_START = new Uint8Array(128);
for (const c of [LF, CR, 91, 93, 123, 125]) AFTER_LINE_START[c] = 1;

function yamlDepthExceeds(text: string, limit: number): boolean {
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // A line: its indentation, then its content.
    let col = 0;
    while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) { i++; col++; }
    const c = text.charCodeAt(i);
    const blank = i >= n || c === LF || c === CR || c === 35 /* # */;
    if (!blank && flow === 0) {
      while (indents.length && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
    }
    let compact = 0;
    let lineStart = true;
    let lineEnded = false;
    // The line's start: brackets, spaces and the `- ` / `? ` / `: ` indicators opening its compact nesting.
    for (; i < n && lineStart; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF || ch === CR) { i++; lineEnded = true; break; }
      if (ch === 91 /* [ */ || ch === 123 /* { */) flow++;
      else if (ch === 93 /* ] */ || ch === 125 /* } */) { if (flow > 0) flow--; }
      else if (ch === 45 /* - */ || ch === 63 /* ? */ || ch === 58 /* : */) {
        const next = text.charCodeAt(i + 1);
        if (next === SPACE || next === TAB) compact++;
        else lineStart = false;
      } else if (ch !== SPACE && ch !== TAB) lineStart = false;
      if (indents.length + compact + flow > limit) return true;
    }
    if (lineEnded) continue;
    // The rest of the line: only brackets count (closing ones cannot take the count over the limit).
    const base = indents.length + compact;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch >= 128 || AFTER_LINE_START[ch] === 0) continue;
      if (ch === LF || ch === CR) { i++; break; }
      if (ch === 91 || ch === 123) {
        if (base + ++flow > limit) return true;
      } else if (flow > 0) flow--;
    }
  }
  return false;
}

function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34 || s === LF || s === CR) break;
      }
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (ch === 91 || ch === 123) {
      if (++depth > limit) return true;
    } else if ((ch === 93 || ch === 125) && depth > 0) depth--;
  }
  return false;
}
