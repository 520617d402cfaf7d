// One parsed-document abstraction for YAML, JSON and JSONC: a tree of nodes
// with the source ranges of every key and value, addressed by JSON Pointer,
// plus the plain value that the schema validator sees. Built iteratively so
// deep nesting cannot overflow our stack (the underlying parsers' own
// recursion is caught and reported).

import { isAlias, isMap, isScalar, isSeq, parseDocument as parseYamlDocument } from 'yaml';
import type { Alias, Document, Node as YamlNode, Range as YamlRange, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { withPlainEnvironment } from './plain-environment';
import * as jsonc from 'jsonc-parser';
import type { OffsetRange } from '../types';
import { LineIndex } from './line-index';
import { escapeSegment, splitPointer } from './json-pointer';
import { CHUNKED_PARSE_THRESHOLD, parseYamlChunked } from './chunked-parse';
import { moveOffsets } from './move-offsets';
import { byteOrderMarkLength } from '../text/byte-order-mark';
import { MAX_NESTING, nestsDeeperThan } from './nesting-depth';
import { onCharacterBoundaries } from '../text/character-boundaries';
import type { NameList } from './name-lists';
import { textOf, type SourceText } from '../text/piece-text';

export type DocumentLanguage = 'yaml' | 'json';
export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/**
 * A node of the tree. Its JSON Pointer is computed from the parent chain, not
 * stored: a 30 000-package file has ~180 000 nodes, and a pointer string (plus
 * a map from pointers to nodes) per node was a fifth of the server's memory.
 */
export class DocNode {
  constructor(
    public kind: NodeKind,
    /** The value's range (for an alias: the alias token). */
    public range: OffsetRange,
    /** For an object member: the key's range and text. */
    public keyRange: OffsetRange | undefined,
    public key: string | undefined,
    /** For an array item: its index. */
    public index: number | undefined,
    public parent: DocNode | undefined,
    /** Members or items in document order; duplicates of a key are not here (the first wins). Leaves share one frozen empty array. */
    public children: DocNode[],
    /** A flow collection (`[a]`, `{a: 1}`, and every JSON container) rather than a YAML block one. */
    public flow: boolean,
    /** The plain value; for containers, the assembled object or array. */
    public value: unknown,
  ) {}

  get pointer(): string {
    let pointer = '';
    for (let n: DocNode = this; n.parent; n = n.parent) {
      pointer = '/' + (n.index !== undefined ? String(n.index) : escapeSegment(n.key ?? '')) + pointer;
    }
    return pointer;
  }
}

/**
 * The plain object of a mapping's members. A member named `__proto__` is an
 * own property like any other (assigned, it would set the prototype instead,
 * and the schema would see the package's fields as the packages).
 */
export function membersObject(children: readonly DocNode[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const child of children) setMember(obj, child.key!, child.value);
  return obj;
}

export function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The children of every leaf: frozen, so a stray push fails loudly. */
export const NO_CHILDREN: DocNode[] = Object.freeze([] as DocNode[]) as DocNode[];

/**
 * An exactly sized copy of a push-grown array: push leaves room for 17 items,
 * and most mappings (a package) have two or three members.
 */
function trimmed(children: DocNode[]): DocNode[] {
  return children.length === 0 ? children : children.slice();
}

function childrenFor(kind: NodeKind): DocNode[] {
  return kind === 'object' || kind === 'array' ? [] : NO_CHILDREN;
}

export interface SyntaxProblem {
  range: OffsetRange;
  message: string;
  code: 'syntax' | 'duplicate-key' | 'alias-limit' | 'nesting-limit';
}

export interface ParsedDocument {
  uri: string;
  language: DocumentLanguage;
  /** The text as read: a string, or an open buffer's pieces. */
  source: SourceText;
  /** The whole text as one string (an open buffer's pieces are joined on the first read). */
  readonly text: string;
  lineIndex: LineIndex;
  root: DocNode | undefined;
  /** The plain value, `undefined` for an empty document. */
  value: unknown;
  problems: SyntaxProblem[];
  /** The node at a JSON Pointer, if present. */
  node(pointer: string): DocNode | undefined;
  /** The innermost node whose key or value contains the offset. */
  nodeAt(offset: number): DocNode | undefined;
  /** Whether the YAML text uses aliases (incremental re-parsing then falls back to a full parse). */
  hasAliases: boolean;
  /** Unique per parse: later phases remember results by it. */
  readonly id: number;
  /** Set by an incremental re-parse: what it changed, so later phases can patch their results. */
  readonly change?: DocumentChange;
}

/** What an incremental re-parse changed: one member, or only comment text (no node at all). */
export type DocumentChange = MemberChange | { kind: 'trivia'; baseId: number };

/** One member of a top-level section replaced, everything else the same nodes. */
export interface MemberChange {
  kind: 'member';
  /** The `id` of the document this one was derived from. */
  baseId: number;
  /** The top-level section's key (`packages`, `stages`, …) and the member's index in it. */
  section: string;
  index: number;
  before: DocNode;
  after: DocNode;
}

let nextDocumentId = 1;

export function languageOf(uriOrPath: string): DocumentLanguage {
  return /\.jsonc?$/i.test(uriOrPath) ? 'json' : 'yaml';
}

// Alias expansion beyond this many nodes is treated as an alias bomb.
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * `chunked`: for YAML, whether to try the chunked parse (chunked-parse.ts) before
 * the whole-text one; by default, for texts of CHUNKED_PARSE_THRESHOLD and more.
 * Both give the same document.
 */
export function parseDocument(uri: string, text: string, language: DocumentLanguage = languageOf(uri), chunked = text.length >= CHUNKED_PARSE_THRESHOLD): ParsedDocument {
  const bom = byteOrderMarkLength(text);
  if (bom > 0) {
    // Parsed as the text after the marks (the CLI reads a file so), then moved behind them.
    const inner = parseDocument(uri, text.slice(bom), language, chunked);
    // New range objects, made first: a problem may share its range with a node's key.
    for (const p of inner.problems) p.range = { start: p.range.start + bom, end: p.range.end + bom };
    if (inner.root) moveOffsets(inner.root, 0, bom);
    return assembleDocument(uri, language, text, inner.root, inner.problems, inner.hasAliases);
  }
  const problems: SyntaxProblem[] = [];
  let root: DocNode | undefined;
  let hasAliases = false;
  if (nestsDeeperThan(text, language)) {
    problems.push({ range: { start: 0, end: 0 }, message: `the document is nested too deeply to analyse (more than ${MAX_NESTING} levels)`, code: 'nesting-limit' });
    return assembleDocument(uri, language, text, undefined, problems, false);
  }
  try {
    if (language === 'yaml') {
      // The chunked parse gives a tree only when it equals the whole parse's, which has no problems then.
      const pieces = chunked ? parseYamlChunked(text) : undefined;
      if (pieces) return assembleDocument(uri, language, text, pieces.root, problems, false);
      const yamlDoc = parseYaml(text, problems);
      const built = buildFromYaml(yamlDoc, problems, text);
      root = built.root;
      hasAliases = built.hasAliases;
    } else {
      root = buildFromJson(text, problems);
      if (/\.json$/i.test(uri)) problems.push(...trailingCommas(text));
    }
  } catch (error) {
    if (error instanceof RangeError) {
      problems.push({ range: { start: 0, end: 0 }, message: 'the document is nested too deeply to analyse', code: 'nesting-limit' });
      root = undefined;
    } else {
      throw error;
    }
  }
  // Parsers may point one past the end (at a missing token), or into a character; keep ranges inside the text, on whole characters.
  for (const p of problems) {
    const start = Math.min(p.range.start, text.length);
    p.range = onCharacterBoundaries(text, { start, end: Math.min(Math.max(p.range.end, start), text.length) });
  }
  return assembleDocument(uri, language, text, root, problems, hasAliases);
}

/** The document of `source`, parsed whole; it keeps `source` (a buffer's pieces stay its identity). */
export function parseSource(uri: string, source: SourceText, language: DocumentLanguage = languageOf(uri)): ParsedDocument {
  const doc = parseDocument(uri, textOf(source), language);
  doc.source = source;
  return doc;
}

export function assembleDocument(uri: string, language: DocumentLanguage, text: SourceText, root: DocNode | undefined, problems: SyntaxProblem[], hasAliases: boolean, lineIndex = new LineIndex(text), change?: DocumentChange): ParsedDocument {
  return {
    id: nextDocumentId++,
    change,
    uri,
    language,
    source: text,
    get text() {
      return textOf(this.source);
    },
    lineIndex,
    root,
    value: root?.value,
    problems,
    hasAliases,
    node: (pointer) => nodeAtPointer(root, pointer),
    nodeAt: (offset) => innermostAt(root, offset),
  };
}

/** The node at a JSON Pointer: one step per segment, a key index for big mappings. */
export function nodeAtPointer(root: DocNode | undefined, pointer: string): DocNode | undefined {
  if (!root || (pointer !== '' && pointer[0] !== '/')) return undefined;
  let node: DocNode | undefined = root;
  for (const segment of splitPointer(pointer)) {
    node = childAt(node, segment);
    if (!node) return undefined;
  }
  return node;
}

function childAt(node: DocNode, segment: string): DocNode | undefined {
  const children = node.children;
  if (node.kind === 'array') return /^(0|[1-9]\d*)$/.test(segment) ? children[Number(segment)] : undefined;
  if (children.length <= 16) return children.find((c) => c.key === segment);
  let index = keyIndexes.get(node);
  if (!index || index.size !== children.length) {
    index = new Map(children.map((c) => [c.key!, c]));
    keyIndexes.set(node, index);
  }
  return index.get(segment);
}

/** Member by key for mappings with many members (a `packages` section), built on the first lookup. */
const keyIndexes = new WeakMap<DocNode, Map<string, DocNode>>();

/** Puts `replacement` in place of the mapping's i-th member, keeping a key index right. */
export function replaceMember(mapping: DocNode, i: number, replacement: DocNode): void {
  const before = mapping.children[i];
  mapping.children[i] = replacement;
  replacement.parent = mapping;
  const index = keyIndexes.get(mapping);
  if (index) {
    if (index.get(before.key!) === before) index.delete(before.key!);
    index.set(replacement.key!, replacement);
  }
}

const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

/** The `yaml` package's parse with our options; its errors become problems. */
export function parseYaml(text: string, problems: SyntaxProblem[]): Document.Parsed {
  // A lone \r ends a line for YAML 1.2 and LSP alike, but not for the yaml
  // package; as \n it keeps every offset.
  if (LONE_CR.test(text)) text = text.replace(LONE_CR_ALL, '\n');
  const yamlDoc = withPlainEnvironment(() => parseYamlDocument(text, { uniqueKeys: false, keepSourceTokens: false, strict: true, prettyErrors: false }));
  for (const error of [...yamlDoc.errors, ...yamlDoc.warnings]) {
    const [start, end] = error.pos;
    problems.push({ range: { start, end: Math.max(end, start) }, message: cleanYamlMessage(error.message), code: 'syntax' });
  }
  return yamlDoc;
}

function cleanYamlMessage(message: string): string {
  if (message.includes('Maximum call stack')) return 'the document is nested too deeply to analyse';
  // yaml appends a code excerpt after a colon and newline; editors show their own.
  const firstLine = message.split('\n')[0];
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

function innermostAt(root: DocNode | undefined, offset: number): DocNode | undefined {
  if (!root) return undefined;
  let current: DocNode = root;
  const startOf = (n: DocNode) => (n.keyRange ? n.keyRange.start : n.range.start);
  for (;;) {
    // Children are in document order: the last one starting at or before the offset.
    const children: DocNode[] = current.children;
    let low = 0;
    let high = children.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (startOf(children[mid]) <= offset) { found = mid; low = mid + 1; } else high = mid - 1;
    }
    const next: DocNode | undefined = found >= 0 && offset <= children[found].range.end ? children[found] : undefined;
    if (!next) return current;
    current = next;
  }
}

function kindOf(value: unknown): NodeKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string': return 'string';
    case 'number': case 'bigint': return 'number';
    case 'boolean': return 'boolean';
    default: return 'object';
  }
}

function keyText(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  if (key === null || key === undefined) return '';
  return String(key);
}

/** A node's range, moved by `offset`; yaml may end one at a missing token past the text's end, which is kept inside, on whole characters. */
function yamlRange(node: { range?: YamlRange | null } | null | undefined, fallback: number, text: string, offset: number): OffsetRange {
  const r = node?.range;
  if (!r) return { start: fallback, end: fallback };
  const range = onCharacterBoundaries(text, { start: Math.min(r[0], text.length), end: Math.min(r[1], text.length) });
  range.start += offset;
  range.end += offset;
  return range;
}

// What a yaml node is, decided once per node.
const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
const ALIAS = 3;
const OTHER = 4;

function yamlKind(y: unknown): number {
  if (isScalar(y)) return SCALAR;
  if (isMap(y)) return MAP;
  if (isSeq(y)) return SEQ;
  if (isAlias(y)) return ALIAS;
  return OTHER;
}

/**
 * The yaml package builds quoted and folded scalars a character at a time,
 * which in V8 makes a string of 13 characters or more a rope: a chain of one
 * node per character (some 1.7 KB for a 60-character maintainer), kept as
 * long as the string is, and copied by every young-generation collection
 * until something reads the string whole. On the Debian import that was a
 * third of what the parse kept alive. Reading a character flattens a rope
 * (the chain is then garbage at once); the sink keeps the read from being
 * optimised away.
 */
let flattenSink = 0;

function flat(s: string): string {
  if (s.length > 12) flattenSink ^= s.charCodeAt(0);
  return s;
}

/** Mappings up to this size find a duplicate key by a look at the members so far, bigger ones by a map. */
const SMALL_MAPPING = 8;

export interface BuildOptions {
  /**
   * Added to every offset: where `text` starts in the whole document (the
   * chunked parse builds each chunk at its place).
   */
  offset?: number;
  /** Whether to assemble the root's plain value (the chunked parse assembles its own from the chunks' members). */
  rootValue?: boolean;
  /**
   * Whether to assemble the plain values of containers at all (a document
   * with aliases always does): the chunked parse's helper thread sends only
   * the nodes, and the receiving thread assembles the values itself.
   */
  containerValues?: boolean;
  /**
   * Name lists and quoted strings emptied in the parsed text, by the offset
   * of their `[` or `"` in it (name-lists.ts): an empty flow sequence or
   * double-quoted string starting there gets the list's items or the string.
   */
  nameLists?: Map<number, NameList>;
}

/** `text`: the parsed text, for the positions messages name. */
export function buildFromYaml(doc: Document.Parsed, problems: SyntaxProblem[], text: string, options: BuildOptions = {}): { root: DocNode | undefined; hasAliases: boolean; listsTaken: number } {
  const contents = doc.contents;
  if (contents === null) return { root: undefined, hasAliases: false, listsTaken: 0 };
  const offset = options.offset ?? 0;
  const nameLists = options.nameLists;
  let listsTaken = 0;
  const where = positionNamer(text);
  const rootKind = yamlKind(contents);
  const rootNode = makeNode(contents, rootKind, undefined, offset + Math.min(contents.range?.[0] ?? 0, text.length), text, offset);
  // Containers are filled after their children: a post-order pass over a
  // pre-order list keeps it iterative. Parallel arrays, not a tuple per node.
  const yamlNodes: unknown[] = [];
  const kinds: number[] = [];
  const nodes: DocNode[] = [];
  const stackY: unknown[] = [contents];
  const stackKinds: number[] = [rootKind];
  const stackNodes: DocNode[] = [rootNode];
  let hasAliases = false;
  while (stackNodes.length) {
    const y = stackY.pop();
    const kind = stackKinds.pop()!;
    const node = stackNodes.pop()!;
    yamlNodes.push(y);
    kinds.push(kind);
    nodes.push(node);
    if (kind === MAP) {
      const items = (y as YAMLMap).items;
      const seen = items.length > SMALL_MAPPING ? new Map<string, DocNode>() : undefined;
      const children = node.children;
      for (let i = 0; i < items.length; i++) {
        const pair = items[i];
        const key = flat(keyText(pair.key));
        const keyRange = yamlRange(pair.key as YamlNode, node.range.start, text, offset);
        const valueNode = pair.value as YamlNode | null;
        const previous = seen ? seen.get(key) : children.find((c) => c.key === key);
        if (previous) {
          problems.push({ range: keyRange, message: duplicateKeyMessage(key, where(previous.keyRange!.start - offset)), code: 'duplicate-key' });
          continue;
        }
        if (!isScalar(pair.key) && pair.key !== null) {
          problems.push({ range: keyRange, message: 'keys must be plain strings', code: 'syntax' });
        }
        const valueKind = yamlKind(valueNode);
        const child = makeNode(valueNode, valueKind, node, keyRange.end, text, offset, key, keyRange);
        if (!valueNode) child.range = { start: keyRange.end, end: keyRange.end };
        seen?.set(key, child);
        children.push(child);
        // Pushed in order, so popped right to left: the reversed list is then a
        // left-to-right post-order, and an anchor is assembled before any alias to it.
        stackY.push(valueNode);
        stackKinds.push(valueKind);
        stackNodes.push(child);
      }
      node.children = trimmed(children);
    } else if (kind === SEQ) {
      const items = (y as YAMLSeq).items;
      // An emptied name list: yaml read `[]` there.
      const list = nameLists && items.length === 0 && node.flow && node.range.end === node.range.start + 2 ? nameLists.get(node.range.start - offset) : undefined;
      if (list && !list.quoted) {
        node.children = namesAsNodes(list, node, offset);
        node.range.end = offset + list.end;
        listsTaken++;
      } else {
        node.children = items.map((item, index) => {
          const itemKind = yamlKind(item);
          const child = makeNode(item, itemKind, node, node.range.end, text, offset, undefined, undefined, index);
          stackY.push(item);
          stackKinds.push(itemKind);
          stackNodes.push(child);
          return child;
        });
      }
    } else if (kind === SCALAR) {
      const value = (y as Scalar).value;
      // An emptied double-quoted string: yaml read `""` there.
      const quoted = nameLists && value === '' && node.range.end === node.range.start + 2 && (y as Scalar).type === 'QUOTE_DOUBLE' ? nameLists.get(node.range.start - offset) : undefined;
      if (quoted?.quoted) {
        node.value = quoted.names[0];
        node.range.end = offset + quoted.end;
        listsTaken++;
      } else {
        node.value = typeof value === 'string' ? flat(value) : value;
      }
    } else if (kind === ALIAS) {
      hasAliases = true;
    }
    if ((y as { anchor?: string } | null)?.anchor) hasAliases = true;
  }
  // Alias expansion is accounted only when there are aliases: sizes per node, in nodes.
  const sizes = hasAliases ? new Map<DocNode, number>() : undefined;
  const nodeOfYaml = hasAliases ? new Map<unknown, DocNode>(yamlNodes.map((y, i) => [y, nodes[i]])) : undefined;
  const sizeOf = (children: DocNode[]) => children.reduce((n, c) => n + (sizes!.get(c) ?? 1), 1);
  let aliasBudget = MAX_EXPANDED_NODES;
  let aliasLimitReported = false;
  const rootValue = options.rootValue ?? true;
  const containerValues = hasAliases || (options.containerValues ?? true);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const kind = kinds[i];
    if (kind === SCALAR || kind === OTHER) continue;
    const node = nodes[i];
    if (kind === MAP || kind === SEQ) {
      const children = node.children;
      if (!node.flow && children.length) {
        // A block collection ends with its last entry, not with the trivia the
        // parser attaches after it, so a range does not depend on what follows.
        const last = children[children.length - 1];
        node.range = { start: node.range.start, end: Math.max(last.range.end, last.keyRange?.end ?? 0) };
      }
      if ((i === 0 && !rootValue) || !containerValues) continue;
      node.value = kind === MAP ? membersObject(children) : children.map((c) => c.value);
      sizes?.set(node, sizeOf(children));
      continue;
    }
    const y = yamlNodes[i] as Alias;
    const target = y.resolve(doc);
    const targetNode = target ? nodeOfYaml!.get(target) : undefined;
    if (!target) {
      problems.push({ range: node.range, message: `unknown alias '*${y.source}'`, code: 'syntax' });
      node.value = null;
      continue;
    }
    const size = (targetNode && sizes!.get(targetNode)) ?? 1;
    aliasBudget -= size;
    if (aliasBudget < 0) {
      if (!aliasLimitReported) problems.push({ range: node.range, message: `alias '*${y.source}' expands the document beyond ${MAX_EXPANDED_NODES} nodes; it is ignored`, code: 'alias-limit' });
      aliasLimitReported = true;
      node.value = null;
    } else {
      node.value = targetNode ? targetNode.value : isScalar(target) ? target.value : null;
    }
    node.kind = kindOf(node.value);
    sizes!.set(node, size);
  }
  return { root: rootNode, hasAliases, listsTaken };
}

/** The items of an emptied list: string nodes at the items' places (a quoted one's with its quotes). */
function namesAsNodes(list: NameList, parent: DocNode, offset: number): DocNode[] {
  const { starts, names } = list;
  const children: DocNode[] = new Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const start = offset + starts[i];
    children[i] = new DocNode('string', { start, end: offset + list.ends[i] }, undefined, undefined, i, parent, NO_CHILDREN, false, names[i]);
  }
  return children;
}

function makeNode(y: unknown, yKind: number, parent: DocNode | undefined, fallback: number, text: string, offset: number, key?: string, keyRange?: OffsetRange, index?: number): DocNode {
  let kind: NodeKind = 'null';
  let flow = false;
  if (yKind === MAP) { kind = 'object'; flow = !!(y as YAMLMap).flow; }
  else if (yKind === SEQ) { kind = 'array'; flow = !!(y as YAMLSeq).flow; }
  else if (yKind === SCALAR) kind = kindOf((y as Scalar).value);
  return new DocNode(kind, yamlRange(y as YamlNode, fallback, text, offset), keyRange, key, index, parent, childrenFor(kind), flow, undefined);
}

/**
 * Names an offset as `line:column`, both 1-based (columns in UTF-16 units), as
 * `strap check` prints positions. Messages name places so, not by offset: an
 * offset differs between a text and the same text behind a byte-order mark.
 */
function positionNamer(text: string): (offset: number) => string {
  let index: LineIndex | undefined;
  return (offset) => {
    index ??= new LineIndex(text);
    const { line, character } = index.positionAt(offset);
    return `${line + 1}:${character + 1}`;
  };
}

function duplicateKeyMessage(key: string, firstDefinedAt: string): string {
  return `duplicate key '${key}' (first defined at ${firstDefinedAt})`;
}

function buildFromJson(text: string, problems: SyntaxProblem[]): DocNode | undefined {
  const where = positionNamer(text);
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  for (const e of errors) {
    problems.push({ range: { start: e.offset, end: e.offset + e.length }, message: jsonMessage(e.error), code: 'syntax' });
  }
  if (!tree) return undefined;
  const root: DocNode = jsonNode(tree, undefined, text.length);
  const order: Array<{ j: jsonc.Node; node: DocNode }> = [];
  const stack = [{ j: tree, node: root }];
  while (stack.length) {
    const job = stack.pop()!;
    order.push(job);
    const { j, node } = job;
    if (j.type === 'object') {
      const seen = new Map<string, number>();
      const pending: Array<{ j: jsonc.Node; node: DocNode }> = [];
      for (const prop of j.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const keyRange = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
        const first = seen.get(key);
        if (first !== undefined) {
          problems.push({ range: keyRange, message: duplicateKeyMessage(key, where(first)), code: 'duplicate-key' });
          continue;
        }
        seen.set(key, keyRange.start);
        const child = valueNode
          ? jsonNode(valueNode, node, text.length)
          : new DocNode('null', { start: keyRange.end, end: keyRange.end }, undefined, undefined, undefined, node, NO_CHILDREN, true, null);
        child.key = key;
        child.keyRange = keyRange;
        node.children.push(child);
        if (valueNode) pending.push({ j: valueNode, node: child });
      }
      node.children = trimmed(node.children);
      for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
    } else if (j.type === 'array') {
      node.children = (j.children ?? []).map((item, index) => {
        const child = jsonNode(item, node, text.length);
        child.index = index;
        return child;
      });
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ j: j.children![i], node: node.children[i] });
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const { j, node } = order[i];
    if (j.type === 'object') {
      const obj = membersObject(node.children);
      node.value = obj;
    } else if (j.type === 'array') {
      node.value = node.children.map((c) => c.value);
    } else {
      node.value = j.value ?? null;
    }
  }
  return root;
}

/**
 * Trailing commas in a `.json` file: JSON does not allow them, though the
 * tree is still built (JSON with comments, `.jsonc`, does allow them).
 */
function trailingCommas(text: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const scanner = jsonc.createScanner(text, true);
  let comma = -1;
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    if (token === jsonc.SyntaxKind.LineCommentTrivia || token === jsonc.SyntaxKind.BlockCommentTrivia) continue;
    if ((token === jsonc.SyntaxKind.CloseBraceToken || token === jsonc.SyntaxKind.CloseBracketToken) && comma >= 0) {
      problems.push({ range: { start: comma, end: comma + 1 }, message: 'trailing comma: JSON does not allow one (a .jsonc file does)', code: 'syntax' });
    }
    comma = token === jsonc.SyntaxKind.CommaToken ? scanner.getTokenOffset() : -1;
  }
  return problems;
}

function jsonNode(j: jsonc.Node, parent: DocNode | undefined, textLength: number): DocNode {
  const kind: NodeKind = j.type === 'property' ? 'null' : (j.type as NodeKind);
  // jsonc-parser counts an unterminated block comment one past the end into the collection around it.
  const end = Math.min(j.offset + j.length, textLength);
  return new DocNode(kind, { start: j.offset, end }, undefined, undefined, undefined, parent, childrenFor(kind), true, undefined);
}

function jsonMessage(code: jsonc.ParseErrorCode): string {
  switch (code) {
    case jsonc.ParseErrorCode.InvalidSymbol: return 'invalid symbol';
    case jsonc.ParseErrorCode.InvalidNumberFormat: return 'invalid number';
    case jsonc.ParseErrorCode.PropertyNameExpected: return 'property name expected';
    case jsonc.ParseErrorCode.ValueExpected: return 'value expected';
    case jsonc.ParseErrorCode.ColonExpected: return "':' expected";
    case jsonc.ParseErrorCode.CommaExpected: return "',' expected";
    case jsonc.ParseErrorCode.CloseBraceExpected: return "'}' expected";
    case jsonc.ParseErrorCode.CloseBracketExpected: return "']' expected";
    case jsonc.ParseErrorCode.EndOfFileExpected: return 'end of file expected';
    case jsonc.ParseErrorCode.InvalidCommentToken: return 'invalid comment';
    case jsonc.ParseErrorCode.UnexpectedEndOfComment: return 'unterminated comment';
    case jsonc.ParseErrorCode.UnexpectedEndOfString: return 'unterminated string';
    case jsonc.ParseErrorCode.UnexpectedEndOfNumber: return 'unterminated number';
    case jsonc.ParseErrorCode.InvalidUnicode: return 'invalid unicode escape';
    case jsonc.ParseErrorCode.InvalidEscapeCharacter: return 'invalid escape character';
    case jsonc.ParseErrorCode.InvalidCharacter: return 'invalid character';
    default: return 'syntax error';
  }
}
