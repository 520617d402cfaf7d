// Diagnostics: pushed (`textDocument/publishDiagnostics`, with the document
// version) after every analysis to clients that only read push — Neovim 0.7,
// eglot 1.9 — and served on pull (`textDocument/diagnostic`,
// `workspace/diagnostic`) to clients that advertise it. Every file of the
// analysed workspaces is covered, open or not; a file that drops out gets
// its diagnostics cleared.
//
// Files joined by `include` form one graph, so an edit in one changes the
// diagnostics of the others (a cycle spanning two files). A document pull
// therefore answers with `relatedDocuments` too (to clients that advertise
// `relatedDocumentSupport`): a report for every other file of the
// workspace(s) the asked file belongs to. The client sends a
// previous result id only for the asked file; for the related ones the
// server remembers the last result id it sent per URI (by any of the three
// routes) and answers `unchanged` when that is still the current one.
//
// An analysis takes over the results of include groups an edit did not
// touch, with the very same diagnostic lists: a file whose list is the one
// last published (or pulled) is neither converted nor compared again, so the
// files beside an edited one cost nothing per keystroke.

import {
  DocumentDiagnosticReportKind, DocumentDiagnosticRequest, WorkspaceDiagnosticRequest,
  type Connection, type Diagnostic, type DocumentDiagnosticReport, type FullDocumentDiagnosticReport, type ServerCapabilities,
  type UnchangedDocumentDiagnosticReport, type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { CoreDiagnostic } from '../core/types';
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
  /** The core's list it was made from (compared by identity). */
  list: readonly CoreDiagnostic[];
  diagnostics: Diagnostic[];
  version: number | undefined;
  /** Their JSON, once compared. */
  json?: string;
}

interface PullResult {
  /** The core's list it was made from (compared by identity). */
  list: readonly CoreDiagnostic[];
  json: string;
  resultId: string;
}

const NONE: readonly CoreDiagnostic[] = Object.freeze([]);

type RelatedReports = { [uri: string]: FullDocumentDiagnosticReport | UnchangedDocumentDiagnosticReport };

export class DiagnosticsFeature {
  private readonly published = new Map<string, Published>();
  /** The current diagnostics of each file and their result id (a new one whenever they change). */
  private readonly pulled = new Map<string, PullResult>();
  /** The last result id sent to the client for each file, on any of the pull routes. */
  private readonly sent = new Map<string, string>();
  /** The files last sent as related documents of each asked file. */
  private readonly relatedOf = new Map<string, string[]>();
  /** The files whose `pulled` entry is up to date with `checked.snapshot`. */
  private checked: { snapshot: Snapshot | undefined; uris: Set<string> } = { snapshot: undefined, uris: new Set() };
  private nextResultId = 1;

  constructor(private readonly ctx: ServerContext) {}

  register(connection: Connection): void {
    const ctx = this.ctx;
    ctx.analysis.onAnalysed((snapshot) => (ctx.client.pullDiagnostics ? this.afterAnalysisPull(snapshot) : this.push(snapshot)));
    // A client drops what it pulled for a document it closes: what was sent is no longer what it shows.
    ctx.documents.store.onDidClose((e) => this.sent.delete(normalizeUri(e.document.uri)));
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
      const relatedDocuments = ctx.client.relatedDocuments ? this.relatedReports(snapshot, uri) : undefined;
      const related = relatedDocuments ? { relatedDocuments } : {};
      const known = this.resultFor(snapshot, uri);
      if (params.previousResultId === known.resultId) {
        this.sent.set(uri, known.resultId);
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: known.resultId, ...related };
      }
      const { items, result } = this.report(snapshot, uri);
      this.sent.set(uri, result.resultId);
      return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: items(), ...related };
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
        const resultIds = new Map<string, string>();
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
          resultIds.set(uri, result.resultId);
          if (previous.get(uri) === result.resultId) {
            items.push({ uri: clientUri, version, kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId });
          } else {
            items.push({ uri: clientUri, version, kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: diagnostics() });
            changed = true;
          }
        }
        if (changed || rounds > 0 || token.isCancellationRequested || ctx.shutdownRequested) {
          // What the client will hold (a cancelled request's answer never reaches it).
          if (!token.isCancellationRequested) for (const [uri, resultId] of resultIds) this.sent.set(uri, resultId);
          return { items };
        }
        await Promise.race([
          ctx.analysis.nextAnalysis(),
          new Promise<void>((resolve) => token.onCancellationRequested(() => resolve())),
          new Promise<void>((resolve) => setTimeout(resolve, 5 * 60_000).unref()),
        ]);
      }
    });
  }

  /**
   * The diagnostics of one file (converted when asked for), with a result id
   * that changes only when they do. The same list as last time keeps its
   * result id without being converted again.
   */
  private report(snapshot: Snapshot, uri: string): { items: () => Diagnostic[]; result: PullResult } {
    const list = snapshot.analysis.diagnostics.get(uri) ?? NONE;
    let converted: Diagnostic[] | undefined;
    const items = () => (converted ??= list.map((d) => toDiagnostic(this.ctx, snapshot, d)));
    let result = this.pulled.get(uri);
    if (!result || result.list !== list) {
      const json = JSON.stringify(items());
      if (!result || result.json !== json) result = { list, json, resultId: `strap-${this.nextResultId++}` };
      else result = { ...result, list };
      this.pulled.set(uri, result);
    }
    if (this.checked.snapshot !== snapshot) this.checked = { snapshot, uris: new Set() };
    this.checked.uris.add(uri);
    return { items, result };
  }

  /** The result id of one file, without converting its diagnostics again when this snapshot's are known. */
  private resultFor(snapshot: Snapshot, uri: string): PullResult {
    const known = this.checked.snapshot === snapshot && this.checked.uris.has(uri) ? this.pulled.get(uri) : undefined;
    return known ?? this.report(snapshot, uri).result;
  }

  /**
   * Reports for the other files of the workspaces `uri` belongs to (in
   * include order), keyed by the client's URIs: `unchanged` when the client
   * was last sent the current result id, full otherwise. A file that was
   * related at the last pull and has since left the analysis is cleared.
   */
  private relatedReports(snapshot: Snapshot, uri: string): RelatedReports | undefined {
    const { analysis } = snapshot;
    const mates: string[] = [];
    const seen = new Set<string>([uri]);
    for (const w of analysis.workspaces) {
      const files = w.workspace.files;
      if (!files.some((f) => f.uri === uri)) continue;
      for (const f of files) {
        if (seen.has(f.uri) || !analysis.documents.has(f.uri)) continue;
        seen.add(f.uri);
        mates.push(f.uri);
      }
    }
    const before = this.relatedOf.get(uri) ?? [];
    if (mates.length) this.relatedOf.set(uri, mates);
    else this.relatedOf.delete(uri);
    const out: RelatedReports = {};
    let any = false;
    // Files related at the last pull and no longer (what the client holds for them came from here) get one more report.
    for (const other of [...mates, ...before.filter((b) => !seen.has(b))]) {
      const clientUri = this.ctx.documents.clientUri(other);
      any = true;
      if (!analysis.documents.has(other)) {
        out[clientUri] = { kind: DocumentDiagnosticReportKind.Full, items: [] };
        this.sent.delete(other);
        continue;
      }
      const known = this.resultFor(snapshot, other);
      if (this.sent.get(other) === known.resultId) {
        out[clientUri] = { kind: DocumentDiagnosticReportKind.Unchanged, resultId: known.resultId };
        continue;
      }
      const { items, result } = this.report(snapshot, other);
      out[clientUri] = { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: items() };
      this.sent.set(other, result.resultId);
    }
    return any ? out : undefined;
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
    for (const uri of [...this.sent.keys()]) if (!snapshot.analysis.documents.has(uri)) this.sent.delete(uri);
    for (const uri of [...this.relatedOf.keys()]) if (!snapshot.analysis.documents.has(uri)) this.relatedOf.delete(uri);
    if (changed && this.ctx.client.diagnosticRefresh) {
      this.ctx.connection.languages.diagnostics.refresh().catch(() => undefined);
    }
  }

  private push(snapshot: Snapshot): void {
    const ctx = this.ctx;
    // The open documents first (the one being typed in among them): the files
    // of their include groups, which an edit re-checks too, after them.
    const uris = [...snapshot.analysis.documents.keys()];
    const open = uris.filter((uri) => snapshot.versions.has(uri));
    for (const uri of [...open, ...uris.filter((uri) => !snapshot.versions.has(uri))]) {
      const list = snapshot.analysis.diagnostics.get(uri) ?? NONE;
      const version = snapshot.versions.get(uri);
      const before = this.published.get(uri);
      // The same list (an include group the edit did not touch): nothing to convert or send.
      if (before && before.list === list && before.version === version) continue;
      const diagnostics = list.map((d) => toDiagnostic(ctx, snapshot, d));
      // A new version is always published (clients match diagnostics to versions); the same version only when they differ.
      // (The JSON of what was sent is kept: an edit re-checks every file of its include group.)
      const json = before && before.version === version ? JSON.stringify(diagnostics) : undefined;
      if (before && json !== undefined && json === (before.json ??= JSON.stringify(before.diagnostics))) {
        this.published.set(uri, { ...before, list });
        continue;
      }
      this.published.set(uri, { list, diagnostics, version, json });
      void ctx.connection.sendDiagnostics({ uri: ctx.documents.clientUri(uri), version, diagnostics }).catch(() => undefined);
    }
    for (const uri of [...this.published.keys()]) {
      if (snapshot.analysis.documents.has(uri)) continue;
      this.published.delete(uri);
      void ctx.connection.sendDiagnostics({ uri: ctx.documents.clientUri(uri), diagnostics: [] }).catch(() => undefined);
    }
  }
}
