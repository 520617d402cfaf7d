// A chunked YAML parse for big documents. The `yaml` package's AST of a whole
// multi-megabyte text is far bigger than our own tree, so a cheap line scan
// cuts the text where the root block mapping (and, inside a big top-level
// section, that section's block mapping) starts a new entry; every chunk of
// lines is parsed on its own, built into our nodes at its place in the text
// and attached. Each chunk's AST becomes garbage at once: the peak is
// our tree plus one chunk (and the garbage the collector has not reclaimed yet).
//
// The result must equal the whole-text parse node for node, or there is none:
// anything unusual declines (returns undefined) and the caller parses the
// whole text. Why a cut is safe: a cut is made only at a line that starts,
// at the mapping's indentation, a key the chunk after it parses as an entry
// of that mapping. The chunk before it parsed without any error or warning,
// so no quoted scalar and no flow collection is open at the cut; plain and
// block scalars of a deeper entry end at a line of the mapping's indentation
// in the whole text as they end at the chunk's end; so the whole parse also
// starts an entry there. A wrong guess about where entries start shows as a
// chunk with another number of entries or keys at other offsets, and declines.

import { visit, type Document } from 'yaml';
import { buildFromYaml, membersObject, parseYaml, type DocNode, type SyntaxProblem } from './parsed-document';
import { withPlainEnvironment } from './plain-environment';
import { buildPieces, defaultHelpers } from './parallel-pieces';
import { emptyNameLists, namesAreStrings, type EmptiedLists } from './name-lists';

/**
 * Texts shorter than this are parsed whole by parseDocument. Measured on
 * generated documents: chunked is 10-40 % slower below about 250 KB (the scan
 * and per-chunk set-up), about 10 % faster above (less garbage to collect),
 * and a whole parse of 256 KB peaks at a few tens of MB anyway.
 */
export const CHUNKED_PARSE_THRESHOLD = 256 * 1024;
/**
 * The text one chunk aims at (a chunk holds at least one entry, so it may be
 * longer). Measured on the Debian import (7.4 MB): 4-16 KB chunks peak at about
 * 300 MB RSS, 32-256 KB ones at about 480-510 MB (their ASTs live long enough
 * to be promoted, and old-space garbage waits for a full collection).
 */
export const DEFAULT_CHUNK_SIZE = 16 * 1024;

export interface ChunkedParse {
  root: DocNode;
}

/** A top-level entry: its key line and, for a block-mapping section, its members' line starts. */
interface Entry {
  start: number;
  end: number;
  /** Whether the key line is a plain `key:` with nothing but a comment after the colon. */
  bareKey: boolean;
  /** The indentation of the section's first content line, 0 before one is seen. */
  indent: number;
  /** Line starts of the lines at `indent` that start members; undefined once the section cannot be split. */
  members: number[] | undefined;
}

/** What a piece's parse needs: its range and the offsets of the keys its root mapping must hold. */
export interface PieceRange {
  start: number;
  end: number;
  keys: number[];
}

/** One text range parsed on its own. */
interface Piece extends PieceRange {
  /** `top`: top-level entries; `open`: one big section's key line and its first members; `members`: more of its members. */
  kind: 'top' | 'open' | 'members';
  start: number;
  end: number;
  /** Offsets (in the whole text) of the keys the chunk's root mapping must hold, in order. */
  keys: number[];
  /** For `open`: the offsets of the member keys the section must hold. */
  memberKeys?: number[];
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const DOT = 46;
const PERCENT = 37;
const CR = 13;
const LF = 10;

/**
 * The tree parseDocument would build for `text` (no problems, no aliases), parsed
 * chunk by chunk; undefined whenever it cannot be sure to be equal.
 */
export function parseYamlChunked(text: string, chunkSize = DEFAULT_CHUNK_SIZE, helpers = defaultHelpers(text.length)): ChunkedParse | undefined {
  const entries = scanEntries(text);
  if (!entries) return undefined;
  const pieces = planPieces(entries, chunkSize);
  if (pieces.length === 0) return undefined;
  try {
    return withPlainEnvironment(() => parsePieces(text, pieces, helpers));
  } catch (error) {
    // Deep nesting in a chunk: the whole parse reports it.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The top-level entries and the members of their sections, by a line scan; undefined for anything unusual. */
function scanEntries(text: string): Entry[] | undefined {
  const length = text.length;
  // A lone carriage return is a line break for our line index and not for yaml.
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== LF) return undefined;
  }
  const entries: Entry[] = [];
  let entry: Entry | undefined;
  // A comment less indented than the current section's members, since its last content line.
  let lowComment = false;
  // The byte-order mark stays in the first chunk; the first line is scanned after it.
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart < length) {
    let next = text.indexOf('\n', lineStart);
    next = next < 0 ? length : next + 1;
    let contentEnd = next;
    if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === LF) contentEnd--;
    if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
    let at = lineStart;
    while (at < contentEnd && text.charCodeAt(at) === SPACE) at++;
    const indent = at - lineStart;
    const c = at < contentEnd ? text.charCodeAt(at) : -1;
    if (c === TAB) return undefined;
    if (c === -1 || c === HASH) {
      // Blank and comment lines belong to whatever precedes them.
      if (c === HASH && entry?.members && entry.indent > 0 && indent < entry.indent) lowComment = true;
      lineStart = next;
      continue;
    }
    const afterLowComment = lowComment;
    lowComment = false;
    if (indent === 0) {
      if (c === PERCENT) return undefined;
      if ((c === DASH || c === DOT) && isDocumentMarker(text, at, contentEnd)) return undefined;
      if (c === DASH && isSequenceIndicator(text, at, contentEnd)) {
        // An item of a block sequence that is a top-level value (`key:\n- a`).
        if (!entry) return undefined;
        entry.members = undefined;
      } else {
        if (entry) entry.end = lineStart;
        entry = { start: lineStart, end: length, bareKey: isBareKeyLine(text, at, contentEnd), indent: 0, members: [] };
        entries.push(entry);
      }
    } else {
      // Content of the current entry; indented content before any key is a root we do not split.
      if (!entry) return undefined;
      if (entry.members) {
        if (entry.indent === 0) {
          entry.indent = indent;
          // Only a block mapping on the lines after a bare `key:` is split.
          if (!entry.bareKey || (c === DASH && isSequenceIndicator(text, at, contentEnd))) entry.members = undefined;
          else entry.members.push(lineStart);
        } else if (indent < entry.indent) {
          entry.members = undefined;
        } else if (indent > entry.indent && afterLowComment) {
          // A member's content goes on after a comment less indented than the
          // members: yaml reads that differently in the whole text than in a
          // chunk that starts at the members' indentation, so the section is not split.
          entry.members = undefined;
        } else if (indent === entry.indent && !(c === DASH && isSequenceIndicator(text, at, contentEnd))) {
          entry.members.push(lineStart);
        }
      }
    }
    lineStart = next;
  }
  if (entries.length === 0) return undefined;
  return entries;
}

function isDocumentMarker(text: string, at: number, end: number): boolean {
  const c = text.charCodeAt(at);
  if (end - at < 3 || text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
  return at + 3 === end || text.charCodeAt(at + 3) === SPACE || text.charCodeAt(at + 3) === TAB;
}

function isSequenceIndicator(text: string, at: number, end: number): boolean {
  return at + 1 === end || text.charCodeAt(at + 1) === SPACE || text.charCodeAt(at + 1) === TAB;
}

/** `key:` with at most spaces and a comment after the colon, the key a plain scalar without `:` or `#`. */
function isBareKeyLine(text: string, at: number, end: number): boolean {
  const line = text.slice(at, end);
  return /^[A-Za-z0-9_][^:#'"]*:(?:[ ]+(?:#.*)?)?$/.test(line);
}

/** The chunks: small entries grouped, big block-mapping sections split between members. */
function planPieces(entries: Entry[], chunkSize: number): Piece[] {
  const pieces: Piece[] = [];
  let group: Piece | undefined;
  for (const entry of entries) {
    const members = entry.members;
    if (entry.end - entry.start > chunkSize && members && members.length > 1) {
      group = undefined;
      let first = 0;
      let opened = false;
      while (first < members.length) {
        // At least one member per piece; more while they fit.
        const from = members[first];
        let last = first + 1;
        while (last < members.length && members[last] - from <= chunkSize) last++;
        const end = last < members.length ? members[last] : entry.end;
        const keys = members.slice(first, last).map((m) => m + entry.indent);
        if (!opened) {
          pieces.push({ kind: 'open', start: entry.start, end, keys: [entry.start], memberKeys: keys });
          opened = true;
        } else {
          pieces.push({ kind: 'members', start: from, end, keys });
        }
        first = last;
      }
    } else if (group && entry.end - group.start <= chunkSize) {
      group.end = entry.end;
      group.keys.push(entry.start);
    } else {
      group = { kind: 'top', start: entry.start, end: entry.end, keys: [entry.start] };
      pieces.push(group);
    }
  }
  // Whatever precedes the first key (comments, a byte-order mark) is parsed with it.
  if (pieces.length) pieces[0].start = 0;
  return pieces;
}

/**
 * A piece parsed and built at its place in the whole text, or undefined when
 * it is anything but a clean block mapping with entries exactly at its keys.
 * Its root is a container whose value is not wanted; `containerValues`
 * false: no container has its value (the helper thread's pieces, see BuildOptions).
 */
export function buildPiece(text: string, piece: PieceRange, containerValues = true): DocNode | undefined {
  return buildChunk(text.slice(piece.start, piece.end), piece, containerValues);
}

/**
 * buildPiece of the piece's own text, `chunk` (the helper thread has no
 * other). `nameLists`: whether yaml may parse the chunk with its name lists
 * emptied (name-lists.ts); when that is not the same, the chunk as it is.
 */
export function buildChunk(chunk: string, piece: PieceRange, containerValues = true, nameLists = true): DocNode | undefined {
  const emptied = nameLists ? emptyNameLists(chunk) : undefined;
  if (emptied) {
    const root = buildText(chunk, emptied, piece, containerValues);
    if (root) return root;
  }
  return buildText(chunk, undefined, piece, containerValues);
}

/** The chunk built from yaml's parse of `emptied.text` when that is sure to be the same, else undefined (exported for its test). */
export function buildEmptiedChunk(chunk: string, emptied: EmptiedLists, piece: PieceRange, containerValues = true): DocNode | undefined {
  return buildText(chunk, emptied, piece, containerValues);
}

function buildText(chunk: string, emptied: EmptiedLists | undefined, piece: PieceRange, containerValues: boolean): DocNode | undefined {
  const problems: SyntaxProblem[] = [];
  const parsed = parseYaml(emptied ? emptied.text : chunk, problems);
  if (problems.length) return undefined;
  if (chunk.includes('!') && hasTags(parsed)) return undefined;
  if (emptied && !namesAreStrings(emptied.lists, parsed)) return undefined;
  const built = buildFromYaml(parsed, problems, chunk, { offset: piece.start, rootValue: false, containerValues, nameLists: emptied?.lists });
  const chunkRoot = built.root;
  if (problems.length || built.hasAliases || !chunkRoot) return undefined;
  // Every emptied list must have been read as an empty flow sequence value.
  if (emptied && built.listsTaken !== emptied.lists.size) return undefined;
  if (!entriesAt(chunkRoot, piece.keys)) return undefined;
  return chunkRoot;
}

function parsePieces(text: string, pieces: Piece[], helpers: number): ChunkedParse | undefined {
  const built = buildPieces(text, pieces, helpers);
  if (!built) return undefined;
  let root: DocNode | undefined;
  const rootKeys = new Set<string>();
  // The open section: its node and its members' keys.
  let section: DocNode | undefined;
  let sectionKeys = new Set<string>();
  const splitSections: DocNode[] = [];

  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    const chunkRoot = built[p];
    const isMembers = piece.kind === 'members';

    if (isMembers) {
      // Members of the open section: moved under the section node.
      const target = section!;
      for (const child of chunkRoot.children) {
        if (sectionKeys.has(child.key!)) return undefined;
        sectionKeys.add(child.key!);
        child.parent = target;
        target.children.push(child);
      }
      continue;
    }

    for (const child of chunkRoot.children) {
      if (rootKeys.has(child.key!)) return undefined;
      rootKeys.add(child.key!);
    }
    if (piece.kind === 'open') {
      const opened = chunkRoot.children[0];
      if (opened.kind !== 'object' || opened.flow || !entriesAt(opened, piece.memberKeys!)) return undefined;
      section = opened;
      sectionKeys = new Set(opened.children.map((c) => c.key!));
      splitSections.push(opened);
    }
    if (!root) {
      // The first piece starts at offset 0: its root is the document's root.
      root = chunkRoot;
    } else {
      for (const child of chunkRoot.children) {
        child.parent = root;
        root.children.push(child);
      }
    }
  }
  if (!root) return undefined;
  // As buildFromYaml's post-order pass: split sections, then the root, end
  // with their last entry and assemble their values from their children.
  for (const node of splitSections) finishBlockMap(node);
  finishBlockMap(root);
  return { root };
}

/** Whether a node is a block mapping whose keys start exactly at `keys` (whole-text offsets). */
function entriesAt(node: DocNode, keys: number[]): boolean {
  if (node.kind !== 'object' || node.flow || node.children.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const keyRange = node.children[i].keyRange;
    if (!keyRange || keyRange.end === keyRange.start || keyRange.start !== keys[i]) return false;
  }
  return true;
}

function finishBlockMap(node: DocNode): void {
  const last = node.children[node.children.length - 1];
  node.range = { start: node.range.start, end: Math.max(last.range.end, last.keyRange?.end ?? 0) };
  node.value = membersObject(node.children);
}

function hasTags(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, {
    Node(_key, node) {
      if ((node as { tag?: string }).tag) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
