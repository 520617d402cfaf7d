// Incremental re-parsing for the common edit: a change inside one member of
// a top-level block section (one package, stage or env). Only that member's
// lines are parsed again; the rest of the tree is copied with its offsets
// shifted. Anything unusual — syntax problems, aliases, a change that spans
// members or alters the section's layout — falls back to a full parse, so
// the result always equals what parseDocument would give.

import * as YAML from 'yaml';
import type { OffsetRange } from '../types';
import {
  assembleDocument, buildFromYaml, parseDocument, parseYaml,
  type DocNode, type ParsedDocument, type SyntaxProblem,
} from './parsed-document';

/** The document for `text`, re-using `previous` (the same URI's last parse) where it safely can. */
export function reparseDocument(previous: ParsedDocument | undefined, text: string): ParsedDocument | undefined {
  if (!previous) return undefined;
  if (previous.text === text) return previous;
  return tryIncremental(previous, text) ?? parseDocument(previous.uri, text, previous.language);
}

interface Change {
  /** Start of the changed region, the same in both texts. */
  start: number;
  /** End of the changed region in the previous text. */
  oldEnd: number;
  /** End of the changed region in the new text. */
  newEnd: number;
}

function findChange(before: string, after: string): Change {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

function tryIncremental(previous: ParsedDocument, text: string): ParsedDocument | undefined {
  const root = previous.root;
  if (previous.language !== 'yaml' || previous.problems.length || previous.hasAliases) return undefined;
  if (!root || root.kind !== 'object' || root.flow) return undefined;
  const change = findChange(previous.text, text);
  const index = previous.lineIndex;

  // The section and the member whose lines hold the whole change.
  const section = root.children.find((c) => c.keyRange && c.keyRange.start < change.start && change.oldEnd <= c.range.end);
  if (!section || section.kind !== 'object' || section.flow || section.children.length === 0) return undefined;
  const members = section.children;
  const sectionEnd = nextLineStart(previous, root, section);
  let i = members.length - 1;
  while (i >= 0 && index.lineStart(index.positionAt(members[i].keyRange!.start).line) > change.start) i--;
  if (i < 0) return undefined;
  const member = members[i];
  const spanStart = index.lineStart(index.positionAt(member.keyRange!.start).line);
  const spanEnd = i + 1 < members.length ? index.lineStart(index.positionAt(members[i + 1].keyRange!.start).line) : sectionEnd;
  // An edit at the very start of the member's line may change its indentation: parse it all.
  if (change.start <= spanStart || change.oldEnd > spanEnd) return undefined;
  // The line break that ends the member must survive, or the next line would join it.
  if (spanEnd < previous.text.length) {
    const old = previous.text;
    const eol = old.charCodeAt(spanEnd - 1) === 10 && old.charCodeAt(spanEnd - 2) === 13 ? 2 : 1;
    if (change.oldEnd > spanEnd - eol) return undefined;
  }

  const delta = change.newEnd - change.oldEnd;
  const segment = text.slice(spanStart, spanEnd + delta);
  const problems: SyntaxProblem[] = [];
  const parsed = parseYaml(segment, problems);
  const contents = parsed.contents;
  if (problems.length || !YAML.isMap(contents) || contents.flow || contents.items.length !== 1) return undefined;
  const pointers = new Map<string, DocNode>();
  const built = buildFromYaml(parsed, pointers, problems, section.pointer);
  if (problems.length || built.hasAliases || !built.root) return undefined;
  const replacement = built.root.children[0];
  // The key must sit on the member's first line behind the same indentation.
  const indentation = previous.text.slice(spanStart, member.keyRange!.start);
  if (!replacement?.keyRange || replacement.keyRange.end === replacement.keyRange.start) return undefined;
  if (segment.slice(0, replacement.keyRange.start) !== indentation) return undefined;
  if (members.some((m, j) => j !== i && m.key === replacement.key)) return undefined;

  // Copy the tree: nodes after the change move by delta; the member is swapped.
  shiftSubtree(replacement, spanStart, 0);
  const allPointers = new Map<string, DocNode>();
  const newRoot = copyTree(root, undefined, change.oldEnd, delta, allPointers, member, replacement);
  return assembleDocument(previous.uri, previous.language, text, newRoot, allPointers, [], false);
}

/** Where the line after a section ends: the next top-level key's line, or the end of the text. */
function nextLineStart(doc: ParsedDocument, root: DocNode, section: DocNode): number {
  const k = root.children.indexOf(section);
  const next = root.children[k + 1];
  return next?.keyRange ? doc.lineIndex.lineStart(doc.lineIndex.positionAt(next.keyRange.start).line) : doc.text.length;
}

function shifted(range: OffsetRange, from: number, delta: number): OffsetRange {
  return {
    start: range.start >= from ? range.start + delta : range.start,
    end: range.end >= from ? range.end + delta : range.end,
  };
}

function shiftSubtree(node: DocNode, delta: number, from: number): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    n.range = shifted(n.range, from, delta);
    if (n.keyRange) n.keyRange = shifted(n.keyRange, from, delta);
    for (const c of n.children) stack.push(c);
  }
}

/** A copy of the tree with offsets at or after `from` moved by `delta`, `old` replaced by `replacement`. */
function copyTree(root: DocNode, parent: DocNode | undefined, from: number, delta: number, pointers: Map<string, DocNode>, old: DocNode, replacement: DocNode): DocNode {
  const copyOf = (n: DocNode, p: DocNode | undefined): DocNode => ({
    pointer: n.pointer, kind: n.kind, range: shifted(n.range, from, delta),
    keyRange: n.keyRange && shifted(n.keyRange, from, delta), key: n.key, index: n.index,
    parent: p, children: [], flow: n.flow, value: n.value,
  });
  const newRoot = copyOf(root, parent);
  const onPath = new Set<DocNode>();
  for (let p = old.parent; p; p = p.parent) onPath.add(p);
  const containers: DocNode[] = [];
  const stack: Array<[DocNode, DocNode]> = [[root, newRoot]];
  while (stack.length) {
    const [source, target] = stack.pop()!;
    pointers.set(target.pointer, target);
    if (onPath.has(source)) containers.push(target);
    for (const child of source.children) {
      if (child === old) {
        replacement.parent = target;
        target.children.push(replacement);
        registerSubtree(replacement, pointers);
        continue;
      }
      const copy = copyOf(child, target);
      target.children.push(copy);
      stack.push([child, copy]);
    }
  }
  // Containers on the path to the member get fresh values, deepest first; all other values are shared.
  containers.sort((a, b) => depth(b) - depth(a));
  for (const target of containers) {
    if (!target.flow && target.children.length) {
      // As in a full parse: a block collection ends with its last entry.
      const first = target.children[0];
      const last = target.children[target.children.length - 1];
      const start = target.kind === 'object' && first.keyRange ? first.keyRange.start : target.range.start;
      target.range = { start, end: Math.max(last.range.end, last.keyRange?.end ?? 0) };
    }
    if (target.kind === 'object') {
      const obj: Record<string, unknown> = {};
      for (const c of target.children) obj[c.key!] = c.value;
      target.value = obj;
    }
  }
  return newRoot;
}

function registerSubtree(node: DocNode, pointers: Map<string, DocNode>): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    pointers.set(n.pointer, n);
    for (const c of n.children) stack.push(c);
  }
}

function depth(node: DocNode): number {
  let d = 0;
  for (let p = node.parent; p; p = p.parent) d++;
  return d;
}
