// Diagnostics: pushed (`textDocument/publishDiagnostics`, with the document
// version) after every analysis to clients that only read push — Neovim 0.7,
// eglot 1.9 — and served on pull (`textDocument/diagnostic`,
// `workspace/diagnostic`) to clients that advertise it. Every file of the
// analysed workspaces is covered, open or not; a file that drops out gets
// its diagnostics cleared.

import {
  DocumentDiagnosticReportKind, DocumentDiagnosticRequest, WorkspaceDiagnosticRequest,
  type Connection, type Diagnostic, type DocumentDiagnosticReport, type ServerCapabilities,
  type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import type { Snapshot } from './analysis-scheduler';
import { toDiagnostic } from './convert';
import { normalizeUri } from './documents';
import { checkCancelled, onRequest } from './guard';

export function diagnosticCapabilities(ctx: ServerContext): Partial<ServerCapabilities> {
  if (!ctx.client.pullDiagnostics) return {};
  return { diagnosticProvider: { identifier: 'strap', interFileDependencies: true, workspaceDiagnostics: true } };
}

interface Published {
  json: string;
  version: number | undefined;
}

interface PullResult {
  json: string;
  resultId: string;
}

export class DiagnosticsFeature {
  private readonly published = new Map<string, Published>();
  private readonly pulled = new Map<string, PullResult>();
  private nextResultId = 1;

  constructor(private readonly ctx: ServerContext) {}

  register(connection: Connection): void {
    const ctx = this.ctx;
    ctx.analysis.onAnalysed((snapshot) => (ctx.client.pullDiagnostics ? this.afterAnalysisPull(snapshot) : this.push(snapshot)));
    // Registered always (the client's capabilities are not known yet); announced only to clients that pull.
    onRequest(ctx, connection, DocumentDiagnosticRequest.type, (): DocumentDiagnosticReport => ({ kind: DocumentDiagnosticReportKind.Full, items: [] }), async (params, token): Promise<DocumentDiagnosticReport> => {
      const uri = normalizeUri(params.textDocument?.uri);
      // A client pulls right after each change: wait for the debounced
      // analysis rather than analysing on every keystroke.
      if (!ctx.analysis.isCurrent) {
        await Promise.race([
          ctx.analysis.nextAnalysis(),
          new Promise<void>((resolve) => token.onCancellationRequested(() => resolve())),
          new Promise<void>((resolve) => setTimeout(resolve, ctx.settings.debounceMs + 2000).unref()),
        ]);
        checkCancelled(token);
      }
      const snapshot = ctx.analysis.fresh();
      if (!snapshot || !snapshot.analysis.documents.has(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const { items, result } = this.report(snapshot, uri);
      if (params.previousResultId === result.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items };
    });
    onRequest(ctx, connection, WorkspaceDiagnosticRequest.type, (): WorkspaceDiagnosticReport => ({ items: [] }), async (params, token) => {
      const previous = new Map<string, string>();
      for (const p of Array.isArray(params.previousResultIds) ? params.previousResultIds : []) previous.set(normalizeUri(p?.uri), p?.value);
      // A client re-asks as soon as it has an answer: when nothing changed,
      // hold the request until the next analysis (or a cancellation).
      for (let rounds = 0; ; rounds++) {
        const snapshot = ctx.analysis.fresh();
        if (!snapshot) return { items: [] };
        const items: WorkspaceDocumentDiagnosticReport[] = [];
        let changed = false;
        const uris = new Set([...snapshot.analysis.documents.keys(), ...previous.keys()]);
        for (const uri of uris) {
          const version = snapshot.versions.get(uri) ?? null;
          const clientUri = ctx.documents.clientUri(uri);
          if (!snapshot.analysis.documents.has(uri)) {
            if (previous.get(uri)) { items.push({ uri: clientUri, version, kind: DocumentDiagnosticReportKind.Full, items: [] }); changed = true; }
            continue;
          }
          const { items: diagnostics, result } = this.report(snapshot, uri);
          if (previous.get(uri) === result.resultId) {
            items.push({ uri: clientUri, version, kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId });
          } else {
            items.push({ uri: clientUri, version, kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: diagnostics });
            changed = true;
          }
        }
        if (changed || rounds > 0 || token.isCancellationRequested || ctx.shutdownRequested) return { items };
        await Promise.race([
          ctx.analysis.nextAnalysis(),
          new Promise<void>((resolve) => token.onCancellationRequested(() => resolve())),
          new Promise<void>((resolve) => setTimeout(resolve, 5 * 60_000).unref()),
        ]);
      }
    });
  }

  /** The diagnostics of one file, with a result id that changes only when they do. */
  private report(snapshot: Snapshot, uri: string): { items: Diagnostic[]; result: PullResult } {
    const items = (snapshot.analysis.diagnostics.get(uri) ?? []).map((d) => toDiagnostic(this.ctx, snapshot, d));
    const json = JSON.stringify(items);
    let result = this.pulled.get(uri);
    if (!result || result.json !== json) {
      result = { json, resultId: `strap-${this.nextResultId++}` };
      this.pulled.set(uri, result);
    }
    return { items, result };
  }

  private afterAnalysisPull(snapshot: Snapshot): void {
    // Tell the client to pull again when anything it may show has changed.
    let changed = false;
    for (const uri of snapshot.analysis.documents.keys()) {
      const before = this.pulled.get(uri)?.resultId;
      if (this.report(snapshot, uri).result.resultId !== before) changed = true;
    }
    for (const uri of [...this.pulled.keys()]) {
      if (!snapshot.analysis.documents.has(uri)) { this.pulled.delete(uri); changed = true; }
    }
    if (changed && this.ctx.client.diagnosticRefresh) {
      this.ctx.connection.languages.diagnostics.refresh().catch(() => undefined);
    }
  }

  private push(snapshot: Snapshot): void {
    const ctx = this.ctx;
    for (const uri of snapshot.analysis.documents.keys()) {
      const diagnostics = (snapshot.analysis.diagnostics.get(uri) ?? []).map((d) => toDiagnostic(ctx, snapshot, d));
      const json = JSON.stringify(diagnostics);
      const version = snapshot.versions.get(uri);
      const before = this.published.get(uri);
      if (before && before.json === json && before.version === version) continue;
      this.published.set(uri, { json, version });
      void ctx.connection.sendDiagnostics({ uri: ctx.documents.clientUri(uri), version, diagnostics }).catch(() => undefined);
    }
    for (const uri of [...this.published.keys()]) {
      if (snapshot.analysis.documents.has(uri)) continue;
      this.published.delete(uri);
      void ctx.connection.sendDiagnostics({ uri: ctx.documents.clientUri(uri), diagnostics: [] }).catch(() => undefined);
    }
  }
}
