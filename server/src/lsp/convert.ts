// Offsets of the core <-> LSP positions (UTF-16, through each document's
// LineIndex), and the core's plain-data edits as WorkspaceEdits.

import type { Diagnostic, Position, Range, TextDocumentEdit, TextEdit, WorkspaceEdit, Location } from 'vscode-languageserver/node';
import type { CoreDiagnostic, FileEdits, OffsetRange } from '../core/types';
import type { ParsedDocument } from '../core/document/parsed-document';
import { toPositionedDiagnostic, toPositionedRange } from '../core/positioned';
import type { ServerContext } from './context';
import type { Snapshot } from './analysis-scheduler';
import { normalizeUri } from './documents';

export interface DocumentAt {
  snapshot: Snapshot;
  uri: string;
  doc: ParsedDocument;
}

/** The fresh analysis of a requested document, or undefined when it is not a bootstrap file the server analyses. */
export function documentAt(ctx: ServerContext, textDocument: { uri?: unknown } | undefined): DocumentAt | undefined {
  const uri = normalizeUri(textDocument?.uri);
  if (!uri) return undefined;
  const snapshot = ctx.analysis.fresh();
  const doc = snapshot?.analysis.documents.get(uri);
  if (!snapshot || !doc) return undefined;
  return { snapshot, uri, doc };
}

export function isPosition(p: unknown): p is Position {
  return typeof p === 'object' && p !== null && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character);
}

export function offsetAt(doc: ParsedDocument, position: unknown): number | undefined {
  if (!isPosition(position)) return undefined;
  return doc.lineIndex.offsetAt(position);
}

export function offsetRange(doc: ParsedDocument, range: unknown): OffsetRange | undefined {
  if (typeof range !== 'object' || range === null) return undefined;
  const start = offsetAt(doc, (range as Range).start);
  const end = offsetAt(doc, (range as Range).end);
  if (start === undefined || end === undefined) return undefined;
  return start <= end ? { start, end } : { start: end, end: start };
}

export function toRange(doc: ParsedDocument, range: OffsetRange): Range {
  return toPositionedRange(doc.lineIndex, range);
}

export function toLocation(ctx: ServerContext, snapshot: Snapshot, uri: string, range: OffsetRange): Location | undefined {
  const doc = snapshot.analysis.documents.get(uri);
  if (!doc) return undefined;
  return { uri: ctx.documents.clientUri(uri), range: toRange(doc, range) };
}

export function toDiagnostic(ctx: ServerContext, snapshot: Snapshot, d: CoreDiagnostic): Diagnostic {
  const out = toPositionedDiagnostic(d, (u) => snapshot.analysis.documents.get(u)?.lineIndex) as Diagnostic;
  if (out.relatedInformation) {
    out.relatedInformation = out.relatedInformation.map((r) => ({ ...r, location: { ...r.location, uri: ctx.documents.clientUri(r.location.uri) } }));
  }
  return out;
}

/**
 * A WorkspaceEdit for the core's edits: `documentChanges` with the versions
 * the analysis saw when the client supports them (so a stale edit is
 * refused), `changes` otherwise. Undefined when an edit targets a document
 * the analysis did not read.
 */
export function toWorkspaceEdit(ctx: ServerContext, snapshot: Snapshot, changes: FileEdits[]): WorkspaceEdit | undefined {
  const perFile = new Map<string, TextEdit[]>();
  for (const change of changes) {
    const doc = snapshot.analysis.documents.get(change.uri);
    if (!doc) return undefined;
    const edits = perFile.get(change.uri) ?? [];
    for (const e of change.edits) edits.push({ range: toRange(doc, e.range), newText: e.newText });
    perFile.set(change.uri, edits);
  }
  if (ctx.client.documentChanges) {
    const documentChanges: TextDocumentEdit[] = [];
    for (const [uri, edits] of perFile) {
      documentChanges.push({ textDocument: { uri: ctx.documents.clientUri(uri), version: snapshot.versions.get(uri) ?? null }, edits });
    }
    return { documentChanges };
  }
  const out: { [uri: string]: TextEdit[] } = {};
  for (const [uri, edits] of perFile) out[ctx.documents.clientUri(uri)] = edits;
  return { changes: out };
}
