// Names as symbols: packages, stages and envs, their declarations (the keys
// under `packages`, `stages`, `envs`; binaries' keys and provided names share
// the packages' namespace) and references (dependency lists,
// `installs`, `imports`, `creates-env`, `interpreter: env:NAME`,
// `on-change.restart-from`), across every file of the workspace graph.
// Go to definition, find references, prepare rename and rename.

import type { Analysis, WorkspaceAnalysis } from '../analysis';
import type { FileEdits, OffsetEdit, OffsetRange } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { splitPointer } from '../document/json-pointer';
import { bootstrapStageOfKey, type NameRef } from '../model/file-model';
import type { Workspace } from '../workspace/workspace';
import { renameKey, replaceScalar } from '../edits';
import { namePattern } from './schema-nav';

export type SymbolKind = 'package' | 'stage' | 'env';

export interface SymbolAt {
  kind: SymbolKind;
  name: string;
  uri: string;
  /** The name's text (inside quotes; for `env:NAME` the NAME part). */
  range: OffsetRange;
  /** The whole key or scalar the name is written in (quotes, `env:` included). */
  fullRange: OffsetRange;
  /** The declaration key rather than a reference. */
  declaration: boolean;
  /** The member (declaration) or the scalar (reference) node. */
  node: DocNode;
}

export interface Location {
  uri: string;
  range: OffsetRange;
}

export interface Occurrence extends Location {
  declaration: boolean;
  node: DocNode;
  /** `interpreter: env:NAME`: only the NAME part is the name. */
  envPrefix?: boolean;
  /** A declaration written as a scalar (a provided name). */
  scalar?: boolean;
}

/** The package, stage or env name at `offset`, if any. */
export function symbolAt(analysis: Analysis, uri: string, offset: number): SymbolAt | undefined {
  const doc = analysis.documents.get(uri);
  if (!doc) return undefined;
  const node = doc.nodeAt(offset);
  if (!node) return undefined;
  const path = splitPointer(node.pointer);
  const onKey = !!node.keyRange && offset >= node.keyRange.start && offset <= node.keyRange.end;
  if (onKey && path.length === 2) {
    const kind = sectionKind(path[0]);
    if (kind) return { kind, name: path[1], uri, range: nameRange(doc, node.keyRange!), fullRange: node.keyRange!, declaration: true, node };
    return undefined;
  }
  // A binary's key: binaries share the package names' namespace (lists name either).
  if (onKey && path.length === 4 && path[0] === 'packages' && path[2] === 'binaries') {
    return { kind: 'package', name: path[3], uri, range: nameRange(doc, node.keyRange!), fullRange: node.keyRange!, declaration: true, node };
  }
  if (onKey || typeof node.value !== 'string' || node.value === '') return undefined;
  if (offset < node.range.start || offset > node.range.end) return undefined;
  const ref = referenceKind(path);
  if (!ref) return undefined;
  if (ref === 'interpreter') {
    const value = node.value;
    if (!value.startsWith('env:') || value.length <= 4) return undefined;
    const range = envNameRange(doc, node);
    if (!range) return undefined;
    return { kind: 'env', name: value.slice(4), uri, range, fullRange: node.range, declaration: false, node };
  }
  return { kind: ref, name: node.value, uri, range: nameRange(doc, node.range), fullRange: node.range, declaration: false, node };
}

function sectionKind(section: string): SymbolKind | undefined {
  return section === 'packages' ? 'package' : section === 'stages' ? 'stage' : section === 'envs' ? 'env' : undefined;
}

/** What a scalar at `path` refers to. */
function referenceKind(path: string[]): SymbolKind | 'interpreter' | undefined {
  const [section, , key, fourth] = path;
  if (section === 'packages' && path.length === 4) {
    if (key === 'build-depends' || key === 'depends' || bootstrapStageOfKey(key) !== undefined) return 'package';
  }
  // A binary's depends and provides (a provided name is a name lists may use).
  if (section === 'packages' && path.length === 6 && key === 'binaries' && (path[4] === 'depends' || path[4] === 'provides')) return 'package';
  if (section === 'stages') {
    if (path.length === 4 && (key === 'installs' || key === 'imports')) return 'package';
    if (path.length === 3 && key === 'creates-env') return 'env';
    if (path.length === 3 && key === 'interpreter') return 'interpreter';
    if (path.length === 4 && key === 'on-change' && fourth === 'restart-from') return 'stage';
  }
  return undefined;
}

/** The range of a name inside a key or scalar (without its quotes). */
export function nameRange(doc: ParsedDocument, range: OffsetRange): OffsetRange {
  const first = doc.source.charAt(range.start);
  const last = doc.source.charAt(range.end - 1);
  if (range.end - range.start >= 2 && (first === '"' || first === "'") && last === first) return { start: range.start + 1, end: range.end - 1 };
  return range;
}

/** The NAME part of an `env:NAME` scalar, when it is written without escapes. */
function envNameRange(doc: ParsedDocument, node: DocNode): OffsetRange | undefined {
  const inner = nameRange(doc, node.range);
  const text = doc.source.slice(inner.start, inner.end);
  const value = node.value as string;
  if (text === value) return { start: inner.start + 4, end: inner.end };
  const i = text.indexOf(value.slice(4));
  if (text.startsWith('env:') && i >= 4) return { start: inner.start + i, end: inner.start + i + value.length - 4 };
  return undefined;
}

/** Workspaces whose graph contains the file (a file included by several entries is in several). */
function workspacesWith(analysis: Analysis, uri: string): WorkspaceAnalysis[] {
  const out = analysis.workspaces.filter((w) => w.workspace.files.some((f) => f.uri === uri));
  if (!out.length) {
    const w = analysis.workspaceOf(uri);
    if (w) out.push(w);
  }
  return out;
}

interface Use {
  uri: string;
  doc: ParsedDocument;
  node: DocNode;
  declaration: boolean;
  env: boolean;
  /** A declaration written as a scalar: a name in a binary's `provides`. */
  scalar?: boolean;
}

/**
 * The declarations of a name in a workspace, and its references unless
 * `declarationsOnly`: one pass over the file models comparing names. (An
 * index of every use, built on the first request, took 1.6 s and held
 * 600 000 entries on Debian's binary-level archive; a pass takes
 * milliseconds, and go to definition skips the dependency lists.)
 */
function usesOf(ws: Workspace, kind: SymbolKind, name: string, declarationsOnly: boolean): Use[] {
  const out: Use[] = [];
  for (const f of ws.files) {
    const doc = f.doc;
    const ref = (r: NameRef | undefined) => {
      if (r && r.name === name) out.push({ uri: f.uri, doc, node: r.node, declaration: false, env: false });
    };
    const refs = (list: readonly NameRef[]) => {
      for (let i = 0; i < list.length; i++) ref(list[i]);
    };
    const decl = (declared: string, node: DocNode) => {
      if (declared === name && node.keyRange) out.push({ uri: f.uri, doc, node, declaration: true, env: false });
    };
    if (kind === 'package') {
      for (const p of f.packages) {
        decl(p.name, p.node);
        if (!declarationsOnly) {
          refs(p.buildDepends);
          refs(p.depends);
          for (const b of p.bootstrap) refs(b.items);
        }
        for (const b of p.binaries) {
          decl(b.name, b.node);
          if (!declarationsOnly) refs(b.depends);
          for (const r of b.provides) if (r.name === name) out.push({ uri: f.uri, doc, node: r.node, declaration: true, env: false, scalar: true });
        }
      }
      if (!declarationsOnly) {
        for (const s of f.stages) {
          refs(s.installs);
          refs(s.imports?.packages ?? []);
        }
      }
    } else if (kind === 'env') {
      for (const e of f.envs) decl(e.name, e.node);
      if (!declarationsOnly) {
        for (const s of f.stages) {
          ref(s.createsEnv);
          if (s.interpreter?.kind === 'env' && s.interpreter.env === name) out.push({ uri: f.uri, doc, node: s.interpreter.node, declaration: false, env: true });
        }
      }
    } else {
      for (const s of f.stages) {
        decl(s.name, s.node);
        if (!declarationsOnly) ref(s.restartFrom);
      }
    }
  }
  return out;
}

/** Every declaration and reference of a name, across the workspaces of `uri`, in file (include) order, then document order. */
export function occurrences(analysis: Analysis, uri: string, kind: SymbolKind, name: string, declarationsOnly = false): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  const fileOrder = new Map<string, number>();
  for (const w of workspacesWith(analysis, uri)) {
    for (const f of w.workspace.files) if (!fileOrder.has(f.uri)) fileOrder.set(f.uri, fileOrder.size);
    for (const use of usesOf(w.workspace, kind, name, declarationsOnly)) {
      const range = use.declaration && !use.scalar ? nameRange(use.doc, use.node.keyRange!) : use.env ? envNameRange(use.doc, use.node) : nameRange(use.doc, use.node.range);
      if (!range) continue;
      const key = `${use.uri}#${range.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ uri: use.uri, range, declaration: use.declaration, node: use.node, ...(use.env ? { envPrefix: true } : {}), ...(use.scalar ? { scalar: true } : {}) });
    }
  }
  return out.sort((a, b) => fileOrder.get(a.uri)! - fileOrder.get(b.uri)! || a.range.start - b.range.start);
}

/** Where the name at `offset` is declared (several places for a duplicate declaration). */
export function definition(analysis: Analysis, uri: string, offset: number): Location[] {
  const sym = symbolAt(analysis, uri, offset);
  if (!sym) return [];
  return occurrences(analysis, uri, sym.kind, sym.name, true).map(({ uri: u, range }) => ({ uri: u, range }));
}

/** Every use of the name at `offset`, across the files of its workspace; the declarations too when asked. */
export function references(analysis: Analysis, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const sym = symbolAt(analysis, uri, offset);
  if (!sym) return [];
  return occurrences(analysis, uri, sym.kind, sym.name)
    .filter((o) => includeDeclaration || !o.declaration)
    .map(({ uri: u, range }) => ({ uri: u, range }));
}

export type PrepareRenameResult = { range: OffsetRange; placeholder: string } | { error: string };

export function prepareRename(analysis: Analysis, uri: string, offset: number): PrepareRenameResult {
  const sym = symbolAt(analysis, uri, offset);
  if (!sym) return { error: 'Only package, stage and env names can be renamed.' };
  const doc = analysis.documents.get(uri)!;
  if (doc.source.slice(sym.range.start, sym.range.end) !== sym.name) {
    return { error: `'${sym.name}' is written with escapes or through an alias here; rename it by hand.` };
  }
  return { range: sym.range, placeholder: sym.name };
}

export type RenameResult = { changes: FileEdits[] } | { error: string };

/** Rename a package, stage or env: its declarations and every reference, in every file of the workspace. */
export function rename(analysis: Analysis, uri: string, offset: number, newName: string): RenameResult {
  const sym = symbolAt(analysis, uri, offset);
  if (!sym) return { error: 'Only package, stage and env names can be renamed.' };
  const pattern = namePattern(sym.kind);
  if (pattern && !pattern.test(newName)) {
    return { error: `'${newName}' is not a valid ${sym.kind} name (it must match ${pattern.source}).` };
  }
  if (newName === sym.name) return { changes: [] };
  const all = occurrences(analysis, uri, sym.kind, sym.name);
  const clash = occurrences(analysis, uri, sym.kind, newName, true)[0];
  if (clash) return { error: `A ${sym.kind} named '${newName}' is already declared.` };

  const byUri = new Map<string, OffsetEdit[]>();
  try {
    for (const o of all) {
      const doc = analysis.documents.get(o.uri);
      if (!doc) continue;
      let edits: OffsetEdit[];
      if (o.declaration && !o.scalar) edits = renameKey(doc, o.node.pointer, newName);
      else if (o.envPrefix) edits = [{ range: o.range, newText: newName }];
      else edits = replaceScalar(doc, o.node.pointer, newName);
      const list = byUri.get(o.uri);
      if (list) list.push(...edits);
      else byUri.set(o.uri, [...edits]);
    }
  } catch (error) {
    return { error: `Cannot rename '${sym.name}': ${error instanceof Error ? error.message : String(error)}` };
  }
  const changes: FileEdits[] = [];
  for (const [u, edits] of byUri) {
    edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    changes.push({ uri: u, edits });
  }
  return { changes };
}
