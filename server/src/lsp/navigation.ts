// Go to definition, find references, prepareRename and rename for packages,
// stages and envs, across the files of the workspace graph (include).

import {
  DefinitionRequest, ErrorCodes, PrepareRenameRequest, ReferencesRequest, RenameRequest, ResponseError,
  type Connection, type DefinitionParams, type Location, type PrepareRenameParams, type Range, type ReferenceParams,
  type RenameParams, type ServerCapabilities, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { definition, prepareRename, references, rename, type Location as CoreLocation } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import type { Snapshot } from './analysis-scheduler';
import { documentAt, offsetAt, toLocation, toRange, toWorkspaceEdit } from './convert';
import { checkCancelled, onRequest } from './guard';

function locations(ctx: ServerContext, snapshot: Snapshot, list: CoreLocation[]): Location[] {
  const out: Location[] = [];
  for (const l of list) {
    const loc = toLocation(ctx, snapshot, l.uri, l.range);
    if (loc) out.push(loc);
  }
  return out;
}

export const navigationFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
  }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, DefinitionRequest.type, (): Location[] => [], (params: DefinitionParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      const offset = at && offsetAt(at.doc, params.position);
      if (!at || offset === undefined) return [];
      checkCancelled(token);
      return locations(ctx, at.snapshot, definition(at.snapshot.analysis, at.uri, offset));
    });

    onRequest(ctx, connection, ReferencesRequest.type, (): Location[] => [], (params: ReferenceParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      const offset = at && offsetAt(at.doc, params.position);
      if (!at || offset === undefined) return [];
      checkCancelled(token);
      return locations(ctx, at.snapshot, references(at.snapshot.analysis, at.uri, offset, params.context?.includeDeclaration === true));
    });

    onRequest(ctx, connection, PrepareRenameRequest.type, (): { range: Range; placeholder: string } | null => null, (params: PrepareRenameParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      const offset = at && offsetAt(at.doc, params.position);
      if (!at || offset === undefined) return null;
      checkCancelled(token);
      const result = prepareRename(at.snapshot.analysis, at.uri, offset);
      if ('error' in result) return new ResponseError<never>(ErrorCodes.InvalidRequest, result.error) as never;
      return { range: toRange(at.doc, result.range), placeholder: result.placeholder };
    });

    onRequest(ctx, connection, RenameRequest.type, (): WorkspaceEdit | null => null, (params: RenameParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      const offset = at && offsetAt(at.doc, params.position);
      if (!at || offset === undefined || typeof params.newName !== 'string') return null;
      checkCancelled(token);
      const result = rename(at.snapshot.analysis, at.uri, offset, params.newName);
      if ('error' in result) return new ResponseError<never>(ErrorCodes.InvalidRequest, result.error) as never;
      return toWorkspaceEdit(ctx, at.snapshot, result.changes) ?? null;
    });
  },
};
