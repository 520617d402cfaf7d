// debian/control in the language server: its documents are analysed by
// core/debian-control, and requests about them are routed here (one file
// per feature) instead of to the bootstrap-file features.

import type { Connection } from 'vscode-languageserver/node';
import type { ServerContext } from '../context';
import { ControlDocuments } from './control-documents';
import { controlDiagnostic } from './diagnostics';
import { controlHover } from './hover';
import { controlCompletion } from './completion';
import { controlFolding } from './folding';
import { controlSymbols } from './symbols';
import { controlCodeActions } from './code-actions';

export function registerDebianControl(ctx: ServerContext, connection: Connection): ControlDocuments {
  const docs = new ControlDocuments(ctx);
  docs.register(connection);
  ctx.routes.add((uri) => docs.owns(uri), {
    'textDocument/diagnostic': controlDiagnostic(ctx, docs),
    'textDocument/hover': controlHover(ctx, docs),
    'textDocument/completion': controlCompletion(ctx, docs),
    'textDocument/foldingRange': controlFolding(docs),
    'textDocument/documentSymbol': controlSymbols(ctx, docs),
    'textDocument/codeAction': controlCodeActions(ctx, docs),
    // Bootstrap-file features with nothing to say about a control file.
    'textDocument/inlayHint': () => [],
    'textDocument/definition': () => null,
    'textDocument/references': () => [],
    'textDocument/documentLink': () => [],
  });
  return docs;
}
