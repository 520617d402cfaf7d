// textDocument/hover: the schema's documentation on keys; for a package its
// dependencies, dependents, cycle membership and place in the plan.

import { HoverRequest, MarkupKind, type Connection, type Hover, type HoverParams, type ServerCapabilities } from 'vscode-languageserver/node';
import { hover } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import { documentAt, offsetAt, toRange } from './convert';
import { checkCancelled, onRequest } from './guard';

export const hoverFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({ hoverProvider: true }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, HoverRequest.type, (): Hover | null => null, (params: HoverParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      if (!at) return null;
      const offset = offsetAt(at.doc, params.position);
      if (offset === undefined) return null;
      checkCancelled(token);
      const result = hover(at.snapshot.analysis, at.uri, offset);
      if (!result) return null;
      return {
        contents: { kind: ctx.client.markdown.hover ? MarkupKind.Markdown : MarkupKind.PlainText, value: result.contents },
        range: toRange(at.doc, result.range),
      };
    });
  },
};
