// Document symbols (the outline: envs, stages and packages as sections with
// their members) and workspace symbols (every package, stage and env of every
// analysed file, matched loosely against a query).

import type { Analysis } from '../analysis';
import type { OffsetRange } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { nameRange } from './navigation';

export type DocumentSymbolKind = 'section' | 'package' | 'stage' | 'env' | 'key';

export interface DocumentSymbol {
  name: string;
  kind: DocumentSymbolKind;
  detail?: string;
  /** The whole member: key and value. */
  range: OffsetRange;
  /** The key. */
  selectionRange: OffsetRange;
  children: DocumentSymbol[];
}

const SECTION_KIND: Record<string, DocumentSymbolKind | undefined> = { packages: 'package', stages: 'stage', envs: 'env' };

/**
 * Symbols above which the outline leaves out the keys inside each package,
 * stage and env (every entry itself stays, so go-to-symbol still finds it):
 * an archive of 34 000 packages made an outline of 42 MB, 3.5 times its text,
 * that took the server seconds to send and the editor to read. The figure is
 * yaml-language-server's default `maxItemsComputed`.
 */
export const OUTLINE_FIELDS_LIMIT = 5000;

/** The outline of one document. Takes the analysis (and the file's URI) or a parsed document. */
export function documentSymbols(source: Analysis | ParsedDocument, uri?: string, fieldsLimit = OUTLINE_FIELDS_LIMIT): DocumentSymbol[] {
  const doc = 'documents' in source ? source.documents.get(uri ?? '') : source;
  const root = doc?.root;
  if (!doc || !root || root.kind !== 'object') return [];
  const withFields = outlineSize(root) <= fieldsLimit;
  const out: DocumentSymbol[] = [];
  for (const member of root.children) {
    if (!member.keyRange) continue;
    const memberKind = SECTION_KIND[member.key!];
    const symbol = symbolOf(doc, member, memberKind ? 'section' : 'key');
    if (memberKind && member.kind === 'object') {
      for (const child of member.children) {
        if (!child.keyRange) continue;
        const s = symbolOf(doc, child, memberKind);
        s.detail = detailOf(memberKind, child);
        if (withFields && child.kind === 'object') for (const field of child.children) if (field.keyRange) s.children.push(symbolOf(doc, field, 'key'));
        symbol.children.push(s);
      }
      symbol.detail = `${member.children.length} ${memberKind}${member.children.length === 1 ? '' : 's'}`;
    }
    out.push(symbol);
  }
  return out;
}

/** How many symbols the whole outline has, keys of the entries included. */
function outlineSize(root: DocNode): number {
  let n = 0;
  for (const member of root.children) {
    n++;
    if (!SECTION_KIND[member.key!] || member.kind !== 'object') continue;
    for (const child of member.children) n += 1 + (child.kind === 'object' ? child.children.length : 0);
  }
  return n;
}

function symbolOf(doc: ParsedDocument, node: DocNode, kind: DocumentSymbolKind): DocumentSymbol {
  return { name: node.key!, kind, range: memberRange(doc, node), selectionRange: node.keyRange!, children: [] };
}

/** From the key to the end of the value's text (block values' trailing line breaks excluded). */
export function memberRange(doc: ParsedDocument, node: DocNode): OffsetRange {
  const start = node.keyRange ? Math.min(node.keyRange.start, node.range.start) : node.range.start;
  let end = Math.max(node.range.end, node.keyRange?.end ?? 0);
  // The source, not the whole text: an edited buffer is not joined for this.
  const text = doc.source;
  while (end > start && isWhite(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

function isWhite(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function member(node: DocNode, key: string): DocNode | undefined {
  return node.kind === 'object' ? node.children.find((c) => c.key === key) : undefined;
}

function detailOf(kind: DocumentSymbolKind, node: DocNode): string | undefined {
  if (kind === 'package') {
    const description = member(node, 'description')?.value;
    if (typeof description === 'string') return description.length > 60 ? description.slice(0, 59) + '…' : description;
    const bd = member(node, 'build-depends')?.value;
    if (Array.isArray(bd) && bd.length) {
      const shown = bd.slice(0, 5).filter((x) => typeof x === 'string').join(', ');
      return `build-depends: ${shown}${bd.length > 5 ? `, … (${bd.length})` : ''}`;
    }
    return member(node, 'prebuilt')?.value === true ? 'prebuilt' : undefined;
  }
  if (kind === 'stage') {
    const interpreter = member(node, 'interpreter')?.value;
    return typeof interpreter === 'string' ? interpreter : undefined;
  }
  if (kind === 'env') {
    const manager = member(node, 'manager')?.value;
    return typeof manager === 'string' ? manager : undefined;
  }
  return undefined;
}

export interface WorkspaceSymbol {
  name: string;
  kind: 'package' | 'stage' | 'env';
  uri: string;
  /** The whole declaration. */
  range: OffsetRange;
  /** The name in its key. */
  selectionRange: OffsetRange;
  /** `packages`, `stages` or `envs`. */
  containerName: string;
}

/**
 * Packages, stages and envs of every analysed file whose name matches the
 * query: exact, then prefix, then substring, then in-order letters
 * (case-insensitive); an empty query matches everything.
 */
export function workspaceSymbols(analysis: Analysis, query: string, limit = 1000): WorkspaceSymbol[] {
  const q = query.trim().toLowerCase();
  const scored: Array<{ score: number; s: WorkspaceSymbol }> = [];
  const seen = new Set<string>();
  for (const w of analysis.workspaces) {
    for (const f of w.workspace.files) {
      if (seen.has(f.uri)) continue;
      seen.add(f.uri);
      const add = (name: string, kind: WorkspaceSymbol['kind'], node: DocNode, containerName: string) => {
        const score = matchScore(name.toLowerCase(), q);
        if (score < 0 || !node.keyRange) return;
        scored.push({ score, s: { name, kind, uri: f.uri, range: memberRange(f.doc, node), selectionRange: nameRange(f.doc, node.keyRange), containerName } });
      };
      for (const p of f.packages) add(p.name, 'package', p.node, 'packages');
      for (const s of f.stages) add(s.name, 'stage', s.node, 'stages');
      for (const e of f.envs) add(e.name, 'env', e.node, 'envs');
    }
  }
  scored.sort((a, b) => a.score - b.score || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0) || (a.s.uri < b.s.uri ? -1 : a.s.uri > b.s.uri ? 1 : 0));
  return scored.slice(0, limit).map((x) => x.s);
}

/** 0 exact, 1 prefix, 2 substring, 3 subsequence, -1 no match. */
export function matchScore(name: string, q: string): number {
  if (!q) return 0;
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  if (name.includes(q)) return 2;
  let i = 0;
  for (let j = 0; j < name.length && i < q.length; j++) if (name[j] === q[i]) i++;
  return i === q.length ? 3 : -1;
}
