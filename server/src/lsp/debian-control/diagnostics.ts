// textDocument/diagnostic for a debian/control document (clients that pull).

import { DocumentDiagnosticReportKind, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import type { ServerContext } from '../context';
import { normalizeUri } from '../documents';
import type { ControlDocuments } from './control-documents';

export function controlDiagnostic(ctx: ServerContext, docs: ControlDocuments) {
  return (params: DocumentDiagnosticParams): DocumentDiagnosticReport => {
    const snapshot = docs.current(normalizeUri(params.textDocument?.uri));
    if (!snapshot) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return { kind: DocumentDiagnosticReportKind.Full, items: docs.diagnosticsOf(snapshot) };
  };
}
