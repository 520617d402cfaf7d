// Document symbols (stages, envs and packages as a tree; a flat list for
// clients without hierarchical support) and workspace symbols.

import {
  DocumentSymbolRequest, SymbolKind, WorkspaceSymbolRequest,
  type Connection, type DocumentSymbol, type DocumentSymbolParams, type ServerCapabilities, type SymbolInformation,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { documentSymbols, workspaceSymbols, type DocumentSymbol as CoreSymbol, type DocumentSymbolKind } from '../core/services';
import type { ParsedDocument } from '../core/document/parsed-document';
import type { ServerContext } from './context';
import type { Feature } from './features';
import { documentAt, toLocation, toRange } from './convert';
import { checkCancelled, onRequest } from './guard';

const KIND: Record<DocumentSymbolKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  package: SymbolKind.Package,
  stage: SymbolKind.Function,
  env: SymbolKind.Object,
  key: SymbolKind.Property,
};

function toSymbol(doc: ParsedDocument, s: CoreSymbol): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name || ' ',
    kind: KIND[s.kind] ?? SymbolKind.Key,
    range: toRange(doc, s.range),
    selectionRange: toRange(doc, s.selectionRange),
    children: s.children.map((c) => toSymbol(doc, c)),
  };
  if (s.detail) out.detail = s.detail;
  return out;
}

function flatten(uri: string, doc: ParsedDocument, list: CoreSymbol[], container: string | undefined, out: SymbolInformation[]): SymbolInformation[] {
  for (const s of list) {
    const info: SymbolInformation = { name: s.name || ' ', kind: KIND[s.kind] ?? SymbolKind.Key, location: { uri, range: toRange(doc, s.range) } };
    if (container) info.containerName = container;
    out.push(info);
    flatten(uri, doc, s.children, s.name, out);
  }
  return out;
}

export const symbolsFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({ documentSymbolProvider: true, workspaceSymbolProvider: true }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, DocumentSymbolRequest.type, (): DocumentSymbol[] => [], (params: DocumentSymbolParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      if (!at) return [];
      checkCancelled(token);
      const symbols = documentSymbols(at.snapshot.analysis, at.uri);
      if (ctx.client.hierarchicalSymbols) return symbols.map((s) => toSymbol(at.doc, s));
      return flatten(ctx.documents.clientUri(at.uri), at.doc, symbols, undefined, []) as unknown as DocumentSymbol[];
    });

    onRequest(ctx, connection, WorkspaceSymbolRequest.type, (): SymbolInformation[] => [], (params: WorkspaceSymbolParams, token) => {
      const snapshot = ctx.analysis.fresh();
      if (!snapshot) return [];
      checkCancelled(token);
      const out: SymbolInformation[] = [];
      for (const s of workspaceSymbols(snapshot.analysis, typeof params.query === 'string' ? params.query : '')) {
        const location = toLocation(ctx, snapshot, s.uri, s.range);
        if (location) out.push({ name: s.name, kind: KIND[s.kind], location, containerName: s.containerName });
      }
      return out;
    });
  },
};
