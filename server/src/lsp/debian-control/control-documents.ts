// The open debian/control documents: each is analysed on its own (it is not
// part of a bootstrap workspace), shortly after every change, with the
// archive of `strap.debian.archive` when one is configured. Diagnostics are
// pushed, or served on pull (routed textDocument/diagnostic) to clients that
// pull.

import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { analyzeControl, CONTROL_LANGUAGE_IDS, isControlPath, type ControlAnalysis, type ControlArchiveView } from '../../core/debian-control';
import { toPositionedDiagnostic } from '../../core/positioned';
import type { ServerContext } from '../context';
import { normalizeUri } from '../documents';
import { ArchiveLoader } from './archive-loader';

/** Edits are analysed this long after the last keystroke (at most; the strap.debounceMs setting may be shorter). */
const DEBOUNCE_MS = 50;

export interface ControlSnapshot {
  uri: string;
  version: number | undefined;
  analysis: ControlAnalysis;
  /** The archive it was analysed with. */
  archive: ControlArchiveView | undefined;
}

export class ControlDocuments {
  /** Open documents that are debian/control files (by name or language id). */
  private readonly open = new Set<string>();
  private readonly snapshots = new Map<string, ControlSnapshot>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, string>();
  readonly archive: ArchiveLoader;

  constructor(private readonly ctx: ServerContext) {
    this.archive = new ArchiveLoader(ctx, () => this.reanalyseAll());
  }

  /** Is this (normalised) URI a debian/control document this server serves? */
  owns(uri: string): boolean {
    return this.open.has(uri) || (isControlPath(uri) && !this.ctx.files.isBootstrapFile(uri));
  }

  register(connection: Connection): void {
    const store = this.ctx.documents.store;
    store.onDidOpen((e) => {
      const uri = normalizeUri(e.document.uri);
      const byLanguage = CONTROL_LANGUAGE_IDS.has(e.document.languageId);
      if (!byLanguage && !(isControlPath(uri) && !this.ctx.files.isBootstrapFile(uri))) return;
      this.open.add(uri);
      this.archive.want();
      this.schedule(uri, 0);
    });
    store.onDidChangeContent((e) => {
      const uri = normalizeUri(e.document.uri);
      if (this.open.has(uri)) this.schedule(uri, Math.min(DEBOUNCE_MS, this.ctx.settings.debounceMs));
    });
    store.onDidClose((e) => {
      const uri = normalizeUri(e.document.uri);
      if (!this.open.delete(uri)) return;
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
      this.snapshots.delete(uri);
      if (this.published.delete(uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    });
    this.ctx.onSettingsChanged(() => {
      this.archive.settingsChanged();
      this.reanalyseAll();
    });
  }

  private schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      try {
        this.publish(this.current(uri));
      } catch (error) {
        this.ctx.logError(`analysing ${uri} failed`, error);
      }
    }, delay));
  }

  private reanalyseAll(): void {
    for (const uri of this.open) this.schedule(uri, 0);
  }

  /** The analysis of the document as it is now (analysed on demand when it changed since). */
  current(uri: string): ControlSnapshot | undefined {
    const doc = this.ctx.documents.get(uri);
    if (!doc || !this.open.has(uri)) return undefined;
    const known = this.snapshots.get(uri);
    const archive = this.archive.view();
    if (known && known.version === doc.version && known.archive === archive) return known;
    const analysis = analyzeControl(uri, this.ctx.documents.text(uri) ?? '', { archive, severity: this.ctx.settings.severity });
    const snapshot: ControlSnapshot = { uri, version: doc.version, analysis, archive };
    this.snapshots.set(uri, snapshot);
    return snapshot;
  }

  diagnosticsOf(snapshot: ControlSnapshot): Diagnostic[] {
    return snapshot.analysis.diagnostics.map((d) => toPositionedDiagnostic(d, () => snapshot.analysis.lineIndex) as Diagnostic);
  }

  private publish(snapshot: ControlSnapshot | undefined): void {
    if (!snapshot) return;
    const ctx = this.ctx;
    if (ctx.client.pullDiagnostics) {
      if (ctx.client.diagnosticRefresh) ctx.connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    const diagnostics = this.diagnosticsOf(snapshot);
    const json = JSON.stringify([snapshot.version, diagnostics]);
    if (this.published.get(snapshot.uri) === json) return;
    this.published.set(snapshot.uri, json);
    void ctx.connection.sendDiagnostics({ uri: ctx.documents.clientUri(snapshot.uri), version: snapshot.version, diagnostics }).catch(() => undefined);
  }
}
