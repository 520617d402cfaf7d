// textDocument/foldingRange: collections, multi-line scalars, comment runs;
// no more than the client's `rangeLimit` (the outermost ones).

import { FoldingRangeKind, FoldingRangeRequest, type Connection, type FoldingRange, type FoldingRangeParams, type ServerCapabilities } from 'vscode-languageserver/node';
import { foldingRanges } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import { documentAt } from './convert';
import { onRequest } from './guard';

export const foldingFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({ foldingRangeProvider: true }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, FoldingRangeRequest.type, (): FoldingRange[] => [], (params: FoldingRangeParams) => {
      const at = documentAt(ctx, params.textDocument);
      if (!at) return [];
      return foldingRanges(at.snapshot.analysis, at.uri, ctx.client.foldingRangeLimit).map((r) => {
        const out: FoldingRange = { startLine: r.startLine, endLine: r.endLine };
        if (r.kind === 'comment') out.kind = FoldingRangeKind.Comment;
        else if (r.kind === 'region') out.kind = FoldingRangeKind.Region;
        return out;
      });
    });
  },
};
