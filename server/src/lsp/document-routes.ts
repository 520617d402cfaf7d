// Requests about a document of another language than bootstrap files (a
// debian/control file) go to that language's handlers: each language says
// which documents it owns and which methods it answers; guard.onRequest asks
// here first, so the bootstrap-file features stay as they are.

import type { CancellationToken } from 'vscode-languageserver/node';
import { normalizeUri } from './documents';

export type RoutedHandler = (params: any, token: CancellationToken) => unknown;

interface Route {
  owns(uri: string): boolean;
  handlers: Record<string, RoutedHandler>;
}

export class DocumentRoutes {
  private readonly routes: Route[] = [];

  add(owns: (uri: string) => boolean, handlers: Record<string, RoutedHandler>): void {
    this.routes.push({ owns, handlers });
  }

  /** The handler for `method` when the request's document belongs to a routed language. */
  handlerFor(method: string, params: unknown): RoutedHandler | undefined {
    if (this.routes.length === 0) return undefined;
    const td = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument;
    const uri = normalizeUri(td?.uri);
    if (!uri) return undefined;
    for (const r of this.routes) {
      const handler = r.handlers[method];
      if (handler && r.owns(uri)) return handler;
    }
    return undefined;
  }
}
