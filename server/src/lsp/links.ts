// textDocument/documentLink: `include`, `run` and `requirements` paths,
// only to targets inside the workspace roots.

import { DocumentLinkRequest, type Connection, type DocumentLink, type DocumentLinkParams, type ServerCapabilities } from 'vscode-languageserver/node';
import { documentLinks } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import { documentAt, toRange } from './convert';
import { onRequest } from './guard';

export const linksFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({ documentLinkProvider: { resolveProvider: false } }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, DocumentLinkRequest.type, (): DocumentLink[] => [], (params: DocumentLinkParams) => {
      const at = documentAt(ctx, params.textDocument);
      if (!at) return [];
      return documentLinks(at.snapshot.analysis, at.uri, { roots: ctx.roots() }).map((l) => ({
        range: toRange(at.doc, l.range),
        target: ctx.documents.clientUri(l.target),
        tooltip: l.tooltip,
      }));
    });
  },
};
